// The page list's filtering and display helpers.

import type { PageEntry } from "../ipc/types";

export interface PageFilter {
  query: string;
  /** Also list section, taxonomy and term pages (not only regular pages). */
  includeAll: boolean;
}

function haystack(page: PageEntry): string {
  return [page.title, page.path, page.section, ...page.authors, ...page.topics].join("\n").toLowerCase();
}

/** Pages matching every word of the query (in title, path, section, authors or topics). */
export function filterPages(pages: readonly PageEntry[], filter: PageFilter): PageEntry[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  return pages.filter((page) => {
    if (!filter.includeAll && page.kind !== "page") return false;
    if (words.length === 0) return true;
    const text = haystack(page);
    return words.every((word) => text.includes(word));
  });
}

/** The calendar day of a front-matter date as written (`2015-07-31 10:00:20 -0400` → `2015-07-31`). */
export function displayDate(date: string | null | undefined): string {
  if (!date) return "";
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(date.trim());
  return match?.[1] ?? date;
}
