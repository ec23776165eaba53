// Resolving a three-way merge (with the disk, or a pull's conflicts): each conflicting hunk
// takes the writer's side or the other one; clean hunks are kept as merged. Pure, so it is
// unit-tested without the app.

import type { MergeHunk } from "../ipc/types";

/** For each hunk: which side a conflict takes (`null` while undecided; ignored for clean hunks). */
export type HunkChoice = "ours" | "theirs" | null;

/** The merged text, or `null` while a conflicting hunk has no choice yet. */
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

/** How many conflicting hunks still need a choice. */
export function undecided(hunks: readonly MergeHunk[], choices: readonly HunkChoice[]): number {
  return hunks.filter((hunk, i) => "conflict" in hunk && (choices[i] ?? null) === null).length;
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
