// Resolving a three-way merge with the disk: each conflicting hunk takes the writer's side or
// the disk's; clean hunks are kept as merged. Pure, so it is unit-tested without the app.

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
