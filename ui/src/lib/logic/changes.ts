// What the changes panel commits: whole files, or the chosen fields and hunks of one file
// (the core's partial commit takes one file at a time), and how changes and commits read.

import type { PageDiff } from "../ipc/types";

/** The parts of one file's change the writer unticked (left out of the commit). */
export interface Excluded {
  fields: string[];
  hunks: number[];
}

export type CommitPlan =
  | { kind: "files"; paths: string[] }
  | { kind: "parts"; path: string; fields: string[]; hunks: number[] }
  | { kind: "invalid"; reason: string };

/** Whether `excluded` leaves out any part of `diff` (exclusions of vanished parts don't count). */
export function isPartial(diff: PageDiff | undefined, excluded: Excluded | undefined): boolean {
  if (!diff || !excluded) return false;
  return (
    diff.fields.some((f) => excluded.fields.includes(f.key)) ||
    diff.bodyHunks.some((_, i) => excluded.hunks.includes(i))
  );
}

/**
 * The commit the selection asks for: the ticked files whole, or — when one file has parts
 * unticked — only its ticked fields and hunks, which the core commits one file at a time.
 */
export function commitPlan(
  selected: string[],
  diffs: Record<string, PageDiff>,
  excluded: Record<string, Excluded>,
): CommitPlan {
  if (selected.length === 0) return { kind: "invalid", reason: "Tick at least one file to commit." };
  const partial = selected.filter((path) => isPartial(diffs[path], excluded[path]));
  if (partial.length === 0) return { kind: "files", paths: selected };
  if (selected.length > 1) {
    return {
      kind: "invalid",
      reason: `Parts of ${partial[0]} are unticked: commit parts of one file at a time (tick only that file).`,
    };
  }
  const path = partial[0] ?? "";
  const diff = diffs[path];
  const left = excluded[path] ?? { fields: [], hunks: [] };
  if (!diff) return { kind: "invalid", reason: `${path} has no diff.` };
  const fields = diff.fields.map((f) => f.key).filter((key) => !left.fields.includes(key));
  const hunks = diff.bodyHunks.map((_, i) => i).filter((i) => !left.hunks.includes(i));
  if (fields.length === 0 && hunks.length === 0) {
    return { kind: "invalid", reason: `Nothing of ${path} is ticked.` };
  }
  return { kind: "parts", path, fields, hunks };
}

/** A one-line summary of a page's change for the file list: "title, topics + body". */
export function changeSummary(diff: PageDiff | undefined): string {
  if (!diff) return "";
  if (diff.binary) return "binary file";
  const parts = diff.fields.map((f) => f.key);
  if (diff.bodyHunks.length > 0) {
    parts.push(diff.bodyHunks.length === 1 ? "body (1 hunk)" : `body (${diff.bodyHunks.length} hunks)`);
  }
  return parts.join(", ");
}

/** A commit time (seconds since the epoch) as a writer reads it, relative to `now` (ms). */
export function whenText(seconds: number, now: number = Date.now()): string {
  const ago = Math.round(now / 1000 - seconds);
  if (ago < 45) return "just now";
  if (ago < 90) return "a minute ago";
  if (ago < 45 * 60) return `${Math.round(ago / 60)} minutes ago`;
  if (ago < 90 * 60) return "an hour ago";
  if (ago < 22 * 3600) return `${Math.round(ago / 3600)} hours ago`;
  if (ago < 36 * 3600) return "yesterday";
  if (ago < 26 * 86400) return `${Math.round(ago / 86400)} days ago`;
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/**
 * The co-authors typed in the changes panel, one `Name <email>` each: entries are split at
 * line breaks and at commas or semicolons that follow a closing `>` (names may hold commas).
 * The core checks each one and refuses the commit with a message when one is malformed.
 */
export function coAuthorList(text: string): string[] {
  return text
    .split(/\n|(?<=>)\s*[,;]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}
