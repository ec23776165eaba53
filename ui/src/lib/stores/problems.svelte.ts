// The site-wide findings (every page as it is on disk), for the problems panel's "whole site"
// view and the page list's badges; checked once on open and again after saves and changes.

import { api, asAppError } from "../ipc";
import type { Diagnostic } from "../ipc/types";
import { countByPage } from "../logic/problems";
import { RevisionGate } from "../logic/revision";

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
}
