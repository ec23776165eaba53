// Resolving a three-way merge. With the disk: each conflicting front-matter field and each
// conflicting body hunk takes the writer's side or the disk's, and the core builds the page from
// those choices. A pull's conflicting files are text: their hunks are assembled here. Pure, so
// it is unit-tested without the app.

import type { FieldConflict, MergeHunk } from "../ipc/types";

/** Which side a conflict takes (`null` while undecided). */
export type HunkChoice = "ours" | "theirs" | null;

/** The side of each conflicting hunk, in order (clean hunks skipped), or `null` while one is undecided. */
export function conflictChoices(hunks: readonly MergeHunk[], choices: readonly HunkChoice[]): ("ours" | "theirs")[] | null {
  const sides: ("ours" | "theirs")[] = [];
  for (const [i, hunk] of hunks.entries()) {
    if ("clean" in hunk) continue;
    const choice = choices[i] ?? null;
    if (choice === null) return null;
    sides.push(choice);
  }
  return sides;
}

/** The side of each conflicting field, by key, or `null` while one is undecided. */
export function fieldChoices(
  conflicts: readonly FieldConflict[],
  choices: Readonly<Record<string, HunkChoice>>,
): [string, "ours" | "theirs"][] | null {
  const sides: [string, "ours" | "theirs"][] = [];
  for (const { key } of conflicts) {
    const choice = choices[key] ?? null;
    if (choice === null) return null;
    sides.push([key, choice]);
  }
  return sides;
}

/** How many conflicting hunks and fields still need a choice. */
export function undecided(
  hunks: readonly MergeHunk[],
  choices: readonly HunkChoice[],
  fields: readonly FieldConflict[] = [],
  fieldSides: Readonly<Record<string, HunkChoice>> = {},
): number {
  const hunksLeft = hunks.filter((hunk, i) => "conflict" in hunk && (choices[i] ?? null) === null).length;
  return hunksLeft + fields.filter((f) => (fieldSides[f.key] ?? null) === null).length;
}

/** A front-matter value as the merge view shows it; a missing key reads "(not set)". */
export function fieldValueText(value: unknown): string {
  if (value === null || value === undefined) return "(not set)";
  if (typeof value === "string") return value === "" ? '""' : value;
  return JSON.stringify(value);
}

/** A pull's file as merged, or `null` while a conflicting hunk has no side yet. */
export function assembleMerge(hunks: readonly MergeHunk[], choices: readonly HunkChoice[]): string | null {
  let text = "";
  for (const [i, hunk] of hunks.entries()) {
    if ("clean" in hunk) {
      text += hunk.clean;
      continue;
    }
    const choice = choices[i] ?? null;
    if (choice === null) return null;
    text += choice === "ours" ? hunk.conflict.ours : hunk.conflict.theirs;
  }
  return text;
}

/** A pull's conflicting file as the conflicts view resolves it. */
export interface ConflictingFile {
  path: string;
  hunks: readonly MergeHunk[];
}

/** Clashes still without a side, over every file of a pull's merge. */
export function undecidedInFiles(files: readonly ConflictingFile[], choices: readonly (readonly HunkChoice[])[]): number {
  return files.reduce((left, file, i) => left + undecided(file.hunks, choices[i] ?? []), 0);
}

/**
 * The `[path, text]` of each file the writer settled, to finish the merge with; `null` while a
 * clash has no side. Files without hunks (binary, or deleted on one side) are left out: the
 * core commits them as they stand in the working folder.
 */
export function settledFiles(files: readonly ConflictingFile[], choices: readonly (readonly HunkChoice[])[]): [string, string][] | null {
  const settled: [string, string][] = [];
  for (const [i, file] of files.entries()) {
    if (file.hunks.length === 0) continue;
    const text = assembleMerge(file.hunks, choices[i] ?? []);
    if (text === null) return null;
    settled.push([file.path, text]);
  }
  return settled;
}
