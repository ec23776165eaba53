// The open site: its identity, its pages (newest first) and the terms the pickers offer.

import { api, asAppError } from "../ipc";
import { filePath } from "../logic/pages";
import type { PageRow, PageQuery, SiteInfo, Term } from "../ipc/types";

export class SiteStore {
  info = $state<SiteInfo | null>(null);
  pages = $state.raw<PageRow[]>([]);
  /** The terms of every taxonomy (`authors`, `topics`, …), for the pickers. */
  terms = $state.raw<Record<string, Term[]>>({});
  /** The site's languages, Hugo's order; more than one shows the language filter. */
  languages = $state.raw<string[]>([]);
  authors = $derived(this.terms["authors"] ?? []);
  topics = $derived(this.terms["topics"] ?? []);
  /** The site's stylesheet for the preview (`params.postwright.previewCSS`), if it names one. */
  previewCss = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The watcher polls (the OS file-watch limit was reached): the status bar says so. */
  polling = $state(false);
  loading = $state(true);

  /** A content-relative page path as Git and the author see it, from the site root
   *  (`content/en/…` on a site that mounts `content/en`). */
  filePath(rel: string): string {
    return filePath(this.info?.contentDir ?? "content", rel);
  }

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
      // A missing or unreadable stylesheet is the site's mistake to show, not a reason the
      // site cannot be edited: the preview keeps its own style.
      this.previewCss = await api.previewStylesheet().catch((e: unknown) => {
        this.error = `Preview stylesheet: ${asAppError(e).located}`;
        return null;
      });
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
    const [pages, taxonomies, languages] = await Promise.all([api.listPages(), api.listTaxonomies(), api.listLanguages()]);
    const lists = await Promise.all(taxonomies.map((t) => api.listTerms(t)));
    this.pages = pages;
    this.languages = languages;
    this.terms = Object.fromEntries(taxonomies.map((t, i) => [t, lists[i] ?? []]));
  }

  /** Makes the term page of a new author or topic `name` (the core's shape for the site, the
   * guest's agency from the settings) and lists it; resolves to its slug. */
  async createTerm(taxonomy: string, name: string): Promise<string> {
    try {
      const created = await api.createTerm(taxonomy, name);
      await this.refresh();
      return created.slug;
    } catch (e) {
      throw new Error(asAppError(e).message);
    }
  }

  /** The pages a dashboard query selects (the core's search, filters and sort). */
  queryPages(query: PageQuery): Promise<PageRow[]> {
    return api.queryPages(query);
  }
}
