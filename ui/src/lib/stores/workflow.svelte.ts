// The editorial workflow: the current branch, the writer's role, the review queue, which
// workflow view covers the editor (a file's diff, the page's history, the queue, a review,
// a pull's conflicts), and the actions: start draft, submit, request changes, approve,
// import a bundle, sync, and finish or abort a merge a pull left with conflicts.

import { api, asAppError, pickBundleTarget, pickBundleToImport } from "../ipc";
import type { ConflictFile, MergeStrategy, ReviewItem, Role, SubmissionPlan } from "../ipc/types";
import { settledFiles, type HunkChoice } from "../logic/merge";

export type WorkflowView =
  | { kind: "diff"; path: string }
  | { kind: "history"; path: string }
  | { kind: "siteHistory" }
  | { kind: "queue" }
  | { kind: "review"; branch: string }
  | { kind: "conflicts" };

export interface WorkflowNotice {
  kind: "ok" | "error";
  text: string;
}

export const strategyLabel: Record<MergeStrategy, string> = {
  fastForward: "Approve (fast-forward)",
  merge: "Approve and merge",
  squash: "Approve and squash",
};

export class WorkflowStore {
  branch = $state<string | null>(null);
  role = $state<Role>("author");
  agency = $state<string | null>(null);
  queue = $state.raw<ReviewItem[]>([]);
  strategy = $state<MergeStrategy>("merge");
  view = $state.raw<WorkflowView | null>(null);
  busy = $state(false);
  notice = $state<WorkflowNotice | null>(null);
  /** The conflicting files of a merge a pull left unfinished (from the index: survives restarts). */
  conflicts = $state.raw<ConflictFile[]>([]);
  /** The writer's side for each hunk of each conflicting file. */
  conflictChoices = $state<HunkChoice[][]>([]);

  /** What "Submit for review" would send (shown before the writer confirms); null when closed. */
  submission = $state.raw<SubmissionPlan | null>(null);
  /** Called after every action: Git may have changed files, commits or the branch. */
  #afterAction: (() => Promise<void>) | undefined;

  isDraftBranch = $derived(this.branch?.startsWith("draft/") ?? false);
  isWorkBranch = $derived(this.isDraftBranch || (this.branch?.startsWith("submissions/") ?? false));

  async refresh(): Promise<void> {
    try {
      const settings = await api.getSettings();
      this.role = settings.role ?? "author";
      this.agency = settings.agency ?? null;
      this.branch = await api.currentBranch();
    } catch (e) {
      this.notice = { kind: "error", text: asAppError(e).located };
      return;
    }
    if (this.branch === null) {
      // Not a Git repository (or a detached HEAD): the editor works, the workflow waits.
      this.queue = [];
      this.#setConflicts([]);
      return;
    }
    try {
      const [queue, strategy, conflicts] = await Promise.all([api.reviewQueue(), api.mergeStrategy(), api.pendingConflicts()]);
      this.queue = queue;
      this.strategy = strategy;
      this.#setConflicts(conflicts);
    } catch (e) {
      this.notice = { kind: "error", text: asAppError(e).located };
    }
  }

  /** Keeps the choices made so far unless the conflicts themselves changed. */
  #setConflicts(conflicts: ConflictFile[]): void {
    if (JSON.stringify(conflicts) === JSON.stringify(this.conflicts)) return;
    this.conflicts = conflicts;
    this.conflictChoices = conflicts.map((file) => file.hunks.map(() => null));
  }

  /** Registers what to refresh after each action (the changes panel, the page list…). */
  onAction(callback: () => Promise<void>): void {
    this.#afterAction = callback;
  }

  open(view: WorkflowView): void {
    this.view = view;
  }

  close(): void {
    this.view = null;
  }

  /** Runs a workflow action, reports its outcome, and refreshes the branch and the queue. */
  async #run(action: () => Promise<string | null>): Promise<boolean> {
    this.busy = true;
    this.notice = null;
    try {
      const done = await action();
      if (done) this.notice = { kind: "ok", text: done };
      return true;
    } catch (e) {
      this.notice = { kind: "error", text: asAppError(e).located };
      return false;
    } finally {
      this.busy = false;
      await Promise.all([this.refresh(), this.#afterAction?.()]);
    }
  }

  startDraft(title: string): Promise<boolean> {
    return this.#run(async () => {
      // The core makes the branch name from the title (its one slug rule).
      const branch = await api.startDraft(title);
      return `Started ${branch}: your commits land there until you submit it for review.`;
    });
  }

  /** Opens the submission dialog with what would go in (or why nothing can). */
  async prepareSubmission(): Promise<void> {
    try {
      this.submission = await api.submissionPlan();
    } catch (e) {
      this.notice = { kind: "error", text: asAppError(e).located };
    }
  }

  /** "Submit for review": the draft's saved work is committed with it, then marked ready. */
  submitForReview(message: string): Promise<boolean> {
    this.submission = null;
    return this.#run(async () => {
      const done = await api.submitForReview(message.trim() === "" ? null : message, []);
      const work = done.workCommit ? ` with your saved work (commit ${done.workCommit.slice(0, 7)})` : "";
      return `Submitted ${done.branch} for review${work}. It is recorded on this machine: Sync to deliver it to the editors.`;
    });
  }

  /** Guest: commits on `submissions/<agency>/<story>` (the core makes the name a branch
   * name; empty: from the story's title), then pushes or writes a bundle. */
  submitStory(story: string, asBundle: boolean): Promise<boolean> {
    return this.#run(async () => {
      const agency = this.agency;
      if (!agency) throw new Error("Set your agency in Settings first: it names your stories for the editors.");
      let bundle: string | null = null;
      if (asBundle) {
        bundle = await pickBundleTarget(`${await api.branchSlug(agency)}-story.bundle`);
        if (bundle === null) return null;
      }
      const name = story.trim() === "" ? null : story.trim();
      const branch = await api.submitStory(agency, name, bundle);
      return bundle
        ? `Saved your story as ${bundle} (${branch}): send this file to the editors.`
        : `Sent your story to the editors (${branch}).`;
    });
  }

  switchTo(branch: string): Promise<boolean> {
    return this.#run(async () => {
      await api.switchBranch(branch);
      return `Switched to ${branch}.`;
    });
  }

  requestChanges(branch: string, note: string): Promise<boolean> {
    return this.#run(async () => {
      await api.requestChanges(branch, note);
      return `Your note on ${branch} is recorded on this machine; Sync to deliver it: the author sees it after their next Sync.`;
    });
  }

  /** "Approve"; `withReply`: first saves the story marked accepted as a file for the guest
   * who sent it as one (the editors' reply, which My stories then shows as accepted). */
  approve(branch: string, withReply = false): Promise<boolean> {
    return this.#run(async () => {
      let reply: string | null = null;
      if (withReply) {
        reply = await pickBundleTarget(`${branch.split("/").pop() ?? "story"}-reply.bundle`, "Save the reply as a bundle file");
        if (reply === null) return null;
      }
      const outcome = await api.approve(branch, reply);
      const warnings = outcome.warnings.length > 0 ? ` (${outcome.warnings.join("; ")})` : "";
      const replied = reply ? ` The reply is saved as ${reply}: send it to the guest.` : "";
      return `Approved ${branch}: merged into the main branch on this machine as ${outcome.commit.slice(0, 7)}; Sync to publish it${warnings}.${replied}`;
    });
  }

  /** The editors' reply to a guest who sent a bundle: the story with the notes recorded on it. */
  saveReply(branch: string): Promise<boolean> {
    return this.#run(async () => {
      const file = await pickBundleTarget(`${branch.split("/").pop() ?? "story"}-reply.bundle`, "Save the reply as a bundle file");
      if (file === null) return null;
      await api.exportBundle(branch, file);
      return `Saved the reply to ${branch} as ${file}: send it to the guest, who imports it under My stories.`;
    });
  }

  importBundle(): Promise<boolean> {
    return this.#run(async () => {
      const file = await pickBundleToImport();
      if (file === null) return null;
      const branches = await api.importBundle(file);
      if (branches.length === 0) return "The bundle held no branches.";
      const names = branches.map((b) => b.branch).join(", ");
      return this.role === "guest" ? `Imported the editors' reply to ${names}: see their notes under My stories.` : `Imported ${names}.`;
    });
  }

  async sync(): Promise<boolean> {
    const done = await this.#run(async () => {
      const outcome = await api.sync();
      const pull = outcome.pull;
      const pulled =
        pull.outcome === "noUpstream"
          ? "nothing to pull (the branch is not on the remote)"
          : pull.outcome === "upToDate"
            ? "already up to date"
            : pull.outcome === "fastForward"
              ? "pulled new commits"
              : pull.outcome === "merged"
                ? `merged the remote's commits${pull.auto_resolved.length > 0 ? ` (settled ${pull.auto_resolved.join(", ")})` : ""}`
                : `conflicts in ${pull.files.map((f) => f.path).join(", ")}: choose a side for each clash, then finish the merge`;
      if (pull.outcome === "conflicts") throw new Error(`Sync stopped: ${pulled}.`);
      const pushed = outcome.pushed.length > 0 ? `; pushed ${outcome.pushed.join(", ")}` : "; nothing to push";
      return `Synced: ${pulled}${pushed}.`;
    });
    if (this.conflicts.length > 0) {
      // The view says what stopped the sync; a toast would cover its buttons.
      this.notice = null;
      this.open({ kind: "conflicts" });
    }
    return done;
  }

  /** "Finish merge": writes the chosen sides and commits the pull's merge. */
  finishMerge(): Promise<boolean> {
    return this.#run(async () => {
      const settled = settledFiles(this.conflicts, this.conflictChoices);
      if (settled === null) throw new Error("Choose a side for every clash first.");
      const commit = await api.resolvePullConflicts(settled);
      this.close();
      return `Merge finished as ${commit.slice(0, 7)}; Sync to share it.`;
    });
  }

  /** "Abort merge": back to before the pull (refused when that would lose other changes). */
  abortMerge(): Promise<boolean> {
    return this.#run(async () => {
      await api.abortMerge();
      this.close();
      return "Merge aborted: your files are as they were before the pull.";
    });
  }
}
