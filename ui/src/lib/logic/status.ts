// What the status lines say, derived each time from the repository's and the editor's state
// (never text remembered from an earlier moment): the changes panel's state and its last
// commit, the editor header's notice beside the unsaved-changes dot, and the status bar.

import type { CommitDestination, CommitOutcome, FileChange, Identity } from "../ipc/types";
import type { CommitPlan } from "./changes";

/** What the changes panel shows and allows, from the repository's state and the selection. */
export interface ChangesPanelState {
  /** No uncommitted change: the panel says so and offers nothing to commit. */
  clean: boolean;
  /** The Commit button works. */
  canCommit: boolean;
  /** Its label: where the commit goes. */
  commitLabel: string;
  /** Why Commit is off, or what happens on commit (a protected branch's draft). */
  hint: string | null;
  /** The commit goes to the main branch: the editor confirms first. */
  confirmFirst: boolean;
}

export interface ChangesInputs {
  files: FileChange[];
  selected: string[];
  plan: CommitPlan;
  message: string;
  identity: Identity | null;
  busy: boolean;
  /** Where a commit goes now (null while unknown or outside a repository). */
  destination: CommitDestination | null;
}

export function changesPanelState(s: ChangesInputs): ChangesPanelState {
  const clean = s.files.length === 0;
  const count = s.selected.length;
  const target = s.destination?.branch;
  const what = s.plan.kind === "parts" ? "parts" : count === s.files.length ? "" : String(count);
  const commitLabel = s.busy
    ? "Committing…"
    : ["Commit", what, target && s.destination?.divertedFrom ? `to ${target}` : ""].filter((x) => x !== "").join(" ");
  let hint: string | null = null;
  if (clean) hint = null;
  else if (s.identity === null) hint = "Set your name and e-mail in Settings to commit.";
  else if (s.plan.kind === "invalid") hint = s.plan.reason;
  else if (s.message.trim() === "") hint = "Write a commit message.";
  else hint = s.destination?.explanation ?? null;
  const canCommit = !clean && !s.busy && s.identity !== null && s.plan.kind !== "invalid" && s.message.trim() !== "";
  return { clean, canCommit, commitLabel, hint, confirmFirst: s.destination?.needsConfirmation ?? false };
}

/** The line under the panel after a commit: the branch it went to, as the core reported it. */
export function commitDoneText(outcome: CommitOutcome): string {
  const short = outcome.commit.slice(0, 7);
  return outcome.divertedFrom
    ? `Committed ${short} on ${outcome.branch} (a new draft: ${outcome.divertedFrom} is protected)`
    : `Committed ${short} on ${outcome.branch}`;
}

export interface HeaderNotice {
  kind: "ok" | "error" | "saved";
  text: string;
}

/**
 * The notice beside the editor's Save button. A notice that says the page is saved stops
 * being shown once the page has unsaved changes again (the dot says so instead).
 */
export function visibleNotice<T extends HeaderNotice>(notice: T | null, dirty: boolean): T | null {
  if (notice === null) return null;
  return notice.kind === "saved" && dirty ? null : notice;
}

/** The status bar's word on the open page. */
export function dirtyStateText(dirty: boolean, saving: boolean, fields: number, bodyChanged: boolean): string {
  if (saving) return "Saving…";
  if (!dirty) return "All changes saved";
  const parts = fields > 0 ? `${fields} field${fields === 1 ? "" : "s"}${bodyChanged ? " + body" : ""}` : bodyChanged ? "body" : "merged text";
  return `Unsaved changes (${parts})`;
}

/** The status bar's word on the repository. */
export function changedFilesText(files: FileChange[]): string {
  return files.length === 0 ? "No uncommitted changes" : `${files.length} changed file${files.length === 1 ? "" : "s"}`;
}
