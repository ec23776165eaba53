// The editorial workflow: the current branch, the writer's role, the review queue, which
// workflow view covers the editor (a file's diff, the page's history, the queue, a review,
// a pull's conflicts), and the actions: start draft, submit, request changes, approve,
// import a bundle, sync, and finish or abort a merge a pull left with conflicts.

import { api, asAppError, pickBundleTarget, pickBundleToImport } from "../ipc";
import type { ConflictFile, MergeStrategy, ReviewItem, Role } from "../ipc/types";
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
      await this.refresh();
    }
  }

  startDraft(title: string): Promise<boolean> {
    return this.#run(async () => {
      const slug = await api.branchSlug(title);
      if (slug === "") throw new Error("Give the draft a name with at least one letter or digit.");
      const branch = await api.startDraft(slug);
      return `Started ${branch}: your commits land there until you submit it for review.`;
    });
  }

  submitForReview(): Promise<boolean> {
    return this.#run(async () => {
      const item = await api.submitForReview();
      return `${item.branch} is ready for review.`;
    });
  }

  /** Guest: commits on `submissions/<agency>/<slug>`, then pushes or writes a bundle. */
  submitStory(agency: string, asBundle: boolean): Promise<boolean> {
    return this.#run(async () => {
      let bundle: string | null = null;
      if (asBundle) {
        bundle = await pickBundleTarget(`${await api.branchSlug(agency)}-story.bundle`);
        if (bundle === null) return null;
      }
      const branch = await api.submitStory(agency, bundle);
      return bundle ? `Submitted ${branch} as ${bundle}: send this file to the editors.` : `Submitted ${branch} to the editors.`;
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
      return `Asked for changes on ${branch}; the author sees your note in their queue.`;
    });
  }

  approve(branch: string): Promise<boolean> {
    return this.#run(async () => {
      const outcome = await api.approve(branch);
      const warnings = outcome.warnings.length > 0 ? ` (${outcome.warnings.join("; ")})` : "";
      return `Approved ${branch}: merged into the main branch as ${outcome.commit.slice(0, 7)}${warnings}.`;
    });
  }

  importBundle(): Promise<boolean> {
    return this.#run(async () => {
      const file = await pickBundleToImport();
      if (file === null) return null;
      const branches = await api.importBundle(file);
      return branches.length === 0 ? "The bundle held no branches." : `Imported ${branches.map((b) => b.branch).join(", ")}.`;
    });
  }

  async sync(): Promise<boolean> {
    const done = await this.#run(async () => {
      const outcome = await api.sync();
      const pull = outcome.pull;
      const pulled =
        pull.outcome === "noUpstream"
          ? "nothing to pull (the branch is not on the remote yet)"
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
