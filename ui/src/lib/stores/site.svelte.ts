// The open site: its identity, its pages (newest first) and the terms the pickers offer.

import { api, asAppError } from "../ipc";
import type { PageEntry, SiteInfo, Term } from "../ipc/types";

export class SiteStore {
  info = $state<SiteInfo | null>(null);
  pages = $state.raw<PageEntry[]>([]);
  authors = $state.raw<Term[]>([]);
  topics = $state.raw<Term[]>([]);
  error = $state<string | null>(null);
  /** The watcher polls (the OS file-watch limit was reached): the status bar says so. */
  polling = $state(false);
  loading = $state(true);

  /** Opens what the command line asked for (or the sample site). */
  async startup(): Promise<void> {
    await this.#open(() => api.startupSite());
  }

  /** Opens another site folder. */
  async openFolder(path: string): Promise<boolean> {
    return this.#open(() => api.openSite(path));
  }

  async #open(opener: () => Promise<SiteInfo>): Promise<boolean> {
    this.loading = true;
    try {
      this.info = await opener();
      this.polling = this.info.polling;
      this.error = null;
      await this.refresh();
      return true;
    } catch (e) {
      this.error = asAppError(e).located;
      return false;
    } finally {
      this.loading = false;
    }
  }

  /** Reloads the list and the terms (after a change on disk). */
  async refresh(): Promise<void> {
    const [pages, authors, topics] = await Promise.all([
      api.listPages(),
      api.listTerms("authors"),
      api.listTerms("topics"),
    ]);
    this.pages = pages;
    this.authors = authors;
    this.topics = topics;
  }
}
