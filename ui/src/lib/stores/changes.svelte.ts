// The changes panel: files changed since the last commit with their field-level diffs, which
// files (and which fields and hunks of one file) to commit, the message the core suggests for
// them, the identity, Commit and Discard.

import { api, asAppError } from "../ipc";
import type { FileChange, Identity, PageDiff } from "../ipc/types";
import { commitPlan, coAuthorList, type CommitPlan, type Excluded } from "../logic/changes";

export class ChangesStore {
  files = $state.raw<FileChange[]>([]);
  /** Field-level diffs by repository path. */
  diffs = $state.raw<Record<string, PageDiff>>({});
  /** Files left out of the next commit (everything is ticked by default). */
  unticked = $state.raw<string[]>([]);
  /** Fields and hunks left out, per file. */
  excluded = $state.raw<Record<string, Excluded>>({});
  message = $state("");
  /** Who else wrote this change, `Name <email>` a line (or comma-separated): Co-authored-by trailers. */
  coAuthors = $state("");
  /** The message as last suggested: while the writer has not edited it, it follows the selection. */
  suggested = $state("");
  identity = $state<Identity | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  lastCommit = $state<string | null>(null);
  notice = $state<string | null>(null);

  selected = $derived(this.files.map((f) => f.path).filter((p) => !this.unticked.includes(p)));
  plan: CommitPlan = $derived(commitPlan(this.selected, this.diffs, this.excluded));

  async refresh(): Promise<void> {
    try {
      const [files, identity] = await Promise.all([api.status(), api.commitIdentity()]);
      this.files = files;
      this.identity = identity;
      const paths = new Set(files.map((f) => f.path));
      this.unticked = this.unticked.filter((p) => paths.has(p));
      const diffs = files.length > 0 ? await api.pageDiffs(files.map((f) => f.path)) : [];
      this.diffs = Object.fromEntries(diffs.map((d) => [d.path, d]));
      await this.#suggest();
    } catch (e) {
      this.error = asAppError(e).located;
    }
  }

  async #suggest(): Promise<void> {
    const follow = this.message.trim() === "" || this.message === this.suggested;
    const plan = this.plan;
    const suggestion =
      plan.kind === "parts"
        ? await api.suggestPartsMessage(plan.path, plan.fields, plan.hunks)
        : this.selected.length > 0
          ? await api.suggestCommitMessage(this.selected)
          : "";
    if (follow) this.message = suggestion;
    this.suggested = suggestion;
  }

  isTicked(path: string): boolean {
    return !this.unticked.includes(path);
  }

  toggleFile(path: string): void {
    this.unticked = this.isTicked(path) ? [...this.unticked, path] : this.unticked.filter((p) => p !== path);
    void this.#suggest();
  }

  /** Ticks only `path` (to commit parts of it). */
  only(path: string): void {
    this.unticked = this.files.map((f) => f.path).filter((p) => p !== path);
    void this.#suggest();
  }

  isPartIncluded(path: string, part: { field?: string; hunk?: number }): boolean {
    const left = this.excluded[path];
    if (!left) return true;
    return part.field !== undefined ? !left.fields.includes(part.field) : !left.hunks.includes(part.hunk ?? -1);
  }

  togglePart(path: string, part: { field?: string; hunk?: number }): void {
    const left = this.excluded[path] ?? { fields: [], hunks: [] };
    const flip = <T>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
    const next =
      part.field !== undefined
        ? { ...left, fields: flip(left.fields, part.field) }
        : { ...left, hunks: flip(left.hunks, part.hunk ?? -1) };
    this.excluded = { ...this.excluded, [path]: next };
    void this.#suggest();
  }

  get canCommit(): boolean {
    return !this.busy && this.message.trim() !== "" && this.plan.kind !== "invalid" && this.identity !== null;
  }

  async commit(): Promise<void> {
    const plan = this.plan;
    if (this.message.trim() === "" || plan.kind === "invalid") return;
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const message = this.message.trim();
      const coAuthors = coAuthorList(this.coAuthors);
      const id =
        plan.kind === "parts"
          ? await api.commitParts(message, plan.path, plan.fields, plan.hunks, coAuthors)
          : await api.commit(message, plan.paths, coAuthors);
      this.lastCommit = id.slice(0, 7);
      this.message = "";
      this.coAuthors = "";
      this.suggested = "";
      this.excluded = {};
      this.unticked = [];
      await this.refresh();
    } catch (e) {
      this.error = asAppError(e).located;
    } finally {
      this.busy = false;
    }
  }

  /** Discards the ticked files' changes (after the writer confirmed); the core keeps a copy. */
  async discard(): Promise<void> {
    const paths = this.selected;
    if (paths.length === 0) return;
    this.busy = true;
    this.error = null;
    try {
      const backup = await api.discard(paths);
      this.notice = `Discarded ${paths.length} file${paths.length === 1 ? "" : "s"}; a copy is kept in ${backup}`;
      this.lastCommit = null;
      await this.refresh();
    } catch (e) {
      this.error = asAppError(e).located;
    } finally {
      this.busy = false;
    }
  }
}
