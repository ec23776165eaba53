// The site-wide findings (every page as it is on disk), for the problems panel's "whole site"
// view and the page list's badges; checked once on open and again after saves and changes (the
// core then checks only the pages that changed and their referrers). A finding in a page that
// is not open is fixed here, on the file as it is on disk.

import { api, asAppError } from "../ipc";
import type { Diagnostic, FixPreview } from "../ipc/types";
import { countByPage, fixSelectionOf } from "../logic/problems";
import { RevisionGate } from "../logic/revision";

/** A fix previewed on a page's file: the text and hash it was made from, which applying it checks. */
export interface FileFix {
  source: string;
  diskHash: string;
  preview: FixPreview;
}

export class ProblemsStore {
  findings = $state.raw<Diagnostic[]>([]);
  checking = $state(false);
  /** Whether a site-wide check has finished since the site opened. */
  checked = $state(false);
  error = $state<string | null>(null);
  counts = $derived(countByPage(this.findings));
  pagesWithProblems = $derived(new Set(this.counts.keys()));

  #gate = new RevisionGate();

  /** Checks the whole site again (a newer request wins over one still running). */
  async refresh(): Promise<void> {
    const revision = this.#gate.issue();
    this.checking = true;
    try {
      const { findings } = await api.checkSite();
      if (!this.#gate.accept(revision)) return;
      this.findings = findings;
      this.error = null;
      this.checked = true;
    } catch (e) {
      if (this.#gate.accept(revision)) this.error = asAppError(e).located;
    } finally {
      this.checking = false;
    }
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
