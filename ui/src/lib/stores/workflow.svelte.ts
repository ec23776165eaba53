// The editorial workflow: the current branch, the writer's role, the review queue, which
// workflow view covers the editor (a file's diff, the page's history, the queue, a review),
// and the actions: start draft, submit, request changes, approve, import a bundle, sync.

import { api, asAppError, pickBundleTarget, pickBundleToImport } from "../ipc";
import type { MergeStrategy, ReviewItem, Role } from "../ipc/types";
import { slugify } from "../logic/changes";

export type WorkflowView =
  | { kind: "diff"; path: string }
  | { kind: "history"; path: string }
  | { kind: "siteHistory" }
  | { kind: "queue" }
  | { kind: "review"; branch: string };

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
      return;
    }
    try {
      const [queue, strategy] = await Promise.all([api.reviewQueue(), api.mergeStrategy()]);
      this.queue = queue;
      this.strategy = strategy;
    } catch (e) {
      this.notice = { kind: "error", text: asAppError(e).located };
    }
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
      const slug = slugify(title);
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
        bundle = await pickBundleTarget(`${slugify(agency)}-story.bundle`);
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

  sync(): Promise<boolean> {
    return this.#run(async () => {
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
                : `conflicts in ${pull.files.map((f) => f.path).join(", ")}: settle them in the files and commit`;
      if (pull.outcome === "conflicts") throw new Error(`Sync stopped: ${pulled}.`);
      const pushed = outcome.pushed.length > 0 ? `; pushed ${outcome.pushed.join(", ")}` : "; nothing to push";
      return `Synced: ${pulled}${pushed}.`;
    });
  }
}
