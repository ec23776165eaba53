// The site-wide findings (every page as it is on disk), for the problems panel's "whole site"
// view and the page list's badges; checked once on open and again after saves and changes (the
// core then checks only the pages that changed and their referrers). A finding in a page that
// is not open is fixed here, on the file as it is on disk. Findings on pages Hugo does not
// publish come apart (folded in the panel, never in the site's numbers): the check brings only
// their counts, and their list is asked for when the folded group is opened; "New
// since main" is the findings of the pages changed since the main branch and their referrers;
// "Fix all" previews every file a rule's fixes change, then applies exactly what was reviewed.

import { api, asAppError, onSiteCheckProgress } from "../ipc";
import type { BulkFixOutcome, BulkFixPreview, Diagnostic, FixPreview, FoldedCount, UnpublishedPage } from "../ipc/types";
import { countByPage, fixSelectionOf } from "../logic/problems";
import { RevisionGate } from "../logic/revision";
import { markPainted } from "../perf";

/** A fix previewed on a page's file: the text and hash it was made from, which applying it checks. */
export interface FileFix {
  source: string;
  diskHash: string;
  preview: FixPreview;
}

/** Which findings the whole-site tab shows. */
export type SiteView = "all" | "new";

export class ProblemsStore {
  /** The published pages' findings: the site's numbers. */
  findings = $state.raw<Diagnostic[]>([]);
  /** Findings on pages Hugo does not publish (folded), counted by page, rule and severity. */
  unpublishedCounts = $state.raw<FoldedCount[]>([]);
  /** Their list, once asked for (`loadUnpublished`); `null` until then and after each check. */
  unpublished = $state.raw<Diagnostic[] | null>(null);
  unpublishedError = $state<string | null>(null);
  unpublishedPages = $state.raw<UnpublishedPage[]>([]);
  /** "New since main": the findings of the pages changed since the main branch and their referrers. */
  view = $state<SiteView>("all");
  newSinceMain = $state.raw<{ findings: Diagnostic[]; unpublished: Diagnostic[]; unpublishedCounts: FoldedCount[]; checked: string[] } | null>(null);
  newError = $state<string | null>(null);
  checking = $state(false);
  /** Whether a site-wide check has finished since the site opened. */
  checked = $state(false);
  /** How far the running check has got (pages), while one runs. */
  progress = $state.raw<{ done: number; total: number } | null>(null);
  error = $state<string | null>(null);
  /** Per-page badges count every page's findings, published or not (a draft shows its own). */
  counts = $derived(countByPage(this.findings, this.unpublishedCounts));
  pagesWithProblems = $derived(new Set(this.counts.keys()));

  #gate = new RevisionGate();
  /** Bumped by each check whose result is shown (a folded list asked for before it is stale). */
  #results = 0;

  /** Checks the whole site again (a newer request wins over one still running). */
  async refresh(): Promise<void> {
    const revision = this.#gate.issue();
    this.checking = true;
    const unlisten = await onSiteCheckProgress((done, total) => {
      if (this.#gate.isCurrent(revision)) this.progress = { done, total };
    }).catch(() => undefined);
    try {
      const { findings, unpublishedCounts, unpublishedPages } = await api.checkSite();
      if (!this.#gate.accept(revision)) return;
      this.findings = findings;
      this.unpublishedCounts = unpublishedCounts;
      this.unpublished = null;
      this.#results += 1;
      this.unpublishedPages = unpublishedPages;
      this.error = null;
      this.checked = true;
      markPainted("problems-ready", findings.length);
    } catch (e) {
      if (this.#gate.accept(revision)) this.error = asAppError(e).located;
    } finally {
      unlisten?.();
      if (this.#gate.isCurrent(revision)) {
        this.checking = false;
        this.progress = null;
      }
    }
  }

  /** Lists the folded findings of the last check (the folded group was opened). */
  loadUnpublished(): Promise<void> {
    this.#loading ??= this.#listUnpublished().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  #loading: Promise<void> | null = null;

  async #listUnpublished(): Promise<void> {
    for (;;) {
      const results = this.#results;
      try {
        const unpublished = await api.unpublishedFindings();
        // A check finished meanwhile with new counts: list its findings instead.
        if (this.#results !== results) continue;
        this.unpublished = unpublished;
        this.unpublishedError = null;
      } catch (e) {
        this.unpublishedError = asAppError(e).located;
      }
      return;
    }
  }

  /** Checks the pages changed since the main branch (and their referrers) again. */
  async refreshNew(): Promise<void> {
    try {
      const changed = await api.checkChangedSinceMain();
      this.newSinceMain = {
        findings: changed.check.findings,
        unpublished: changed.check.unpublished,
        unpublishedCounts: changed.check.unpublishedCounts,
        checked: changed.checked,
      };
      this.newError = null;
    } catch (e) {
      this.newSinceMain = null;
      this.newError = asAppError(e).located;
    }
  }

  /** Shows all findings or only those of the pages changed since main. */
  async setView(view: SiteView): Promise<void> {
    this.view = view;
    if (view === "new") await this.refreshNew();
  }

  /**
   * The findings the whole-site tab lists under the current view; the folded ones as counts,
   * and as a list once loaded (`null`: not yet).
   */
  get shown(): { findings: Diagnostic[]; unpublished: Diagnostic[] | null; unpublishedCounts: FoldedCount[] } {
    if (this.view === "new") return this.newSinceMain ?? { findings: [], unpublished: [], unpublishedCounts: [] };
    return { findings: this.findings, unpublished: this.unpublished, unpublishedCounts: this.unpublishedCounts };
  }

  /** What fixing every finding of `code` would change, file by file. */
  async previewFixAll(code: string): Promise<BulkFixPreview> {
    return api.fixAllPreview([code], false);
  }

  /** Applies a reviewed "Fix all"; refused (throws) when a file changed since the preview. */
  async applyFixAll(preview: BulkFixPreview, commitMessage: string | null): Promise<BulkFixOutcome> {
    const files = preview.files.map((f) => ({ path: f.path, diskHash: f.diskHash }));
    return api.applyFixAll(files, preview.codes, commitMessage);
  }

  /** What fixing `finding` would change in its page's file (a page not open in the editor). */
  async previewFix(finding: Diagnostic): Promise<FileFix> {
    const doc = await api.openDocument(finding.path);
    const preview = await api.fixPreview(finding.path, doc.source, fixSelectionOf(finding));
    return { source: doc.source, diskHash: doc.diskHash, preview };
  }

  /** Saves a previewed fix to its page's file; refused (throws) when the file changed since. */
  async applyFix(finding: Diagnostic, previewed: FileFix): Promise<void> {
    await api.applyFix(finding.path, previewed.source, previewed.diskHash, fixSelectionOf(finding));
  }
}
