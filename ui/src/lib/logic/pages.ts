// The page list's display helpers and the core query its filters make. What matches a search
// is the core's answer (`query_pages`: title, path, summary, body, authors and other terms).

import type { PageRow, PageQuery, SortKey } from "../ipc/types";

/** The calendar day of a front-matter date as written (`2015-07-31 10:00:20 -0400` → `2015-07-31`). */
export function displayDate(date: string | null | undefined): string {
  if (!date) return "";
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(date.trim());
  return match?.[1] ?? date;
}

/** A content-relative page path as Git and the author see it, from the site root: under the
 *  content folder the core names (`content`, `content/en`; `""` when the mounts' common folder is
 *  the root itself). */
export function filePath(contentDir: string, rel: string): string {
  return contentDir === "" || contentDir === "." ? rel : `${contentDir}/${rel}`;
}

/** The dashboard's sort choices, as the core's sort key and direction. */
export const SORTS = {
  newest: { label: "Newest first", sort: "date", descending: true },
  oldest: { label: "Oldest first", sort: "date", descending: false },
  title: { label: "Title A–Z", sort: "title", descending: false },
  path: { label: "Path", sort: "path", descending: false },
  longest: { label: "Longest first", sort: "wordCount", descending: true },
} as const satisfies Record<string, { label: string; sort: SortKey; descending: boolean }>;

export type SortChoice = keyof typeof SORTS;

/** The dashboard's filters as the writer set them (empty strings: not set). */
export interface DashboardFilters {
  section: string;
  /** A language code (`fr`), on a multilingual site. */
  lang: string;
  author: string;
  topic: string;
  /** `""` any, `"drafts"` only drafts, `"published"` only non-drafts. */
  draft: "" | "drafts" | "published";
  dateFrom: string;
  dateTo: string;
  /** `""` any, `"with"` only pages with findings, `"without"` only clean pages. */
  problems: "" | "with" | "without";
  sort: SortChoice;
}

export const NO_FILTERS: DashboardFilters = {
  section: "", lang: "", author: "", topic: "", draft: "", dateFrom: "", dateTo: "", problems: "", sort: "newest",
};

/**
 * The core query for the filters, with `text` searched in titles, summaries and bodies.
 * "Has problems" is left out: the page list applies it from the site-wide check it already
 * has, rather than have the core check the whole site again for every keystroke.
 */
export function pageQuery(filters: DashboardFilters, text: string | null): PageQuery {
  const orNull = (value: string) => (value.trim() === "" ? null : value.trim());
  const { sort, descending } = SORTS[filters.sort];
  return {
    text: text === null ? null : orNull(text),
    section: orNull(filters.section),
    lang: orNull(filters.lang),
    author: orNull(filters.author),
    topic: orNull(filters.topic),
    draft: filters.draft === "" ? null : filters.draft === "drafts",
    dateFrom: orNull(filters.dateFrom),
    dateTo: orNull(filters.dateTo),
    sort,
    descending,
  };
}

/** Whether any filter narrows the list (the sort does not). */
export function filtersActive(filters: DashboardFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof DashboardFilters)[]).some((k) => k !== "sort" && filters[k] !== NO_FILTERS[k]);
}

/**
 * The page list: `base` (the core's filtered, sorted pages), or — while the box searches —
 * the pages the core's text search found (`textHits`, its paths best first: the core ranks
 * by relevance) that `base` also holds, in that order; regular pages only unless
 * `includeAll`, and narrowed by the problems filter (from the site-wide check the app has).
 */
export function listPages(
  base: readonly PageRow[],
  includeAll: boolean,
  textHits: readonly string[] | null,
  problems: { filter: DashboardFilters["problems"]; pagesWithProblems: ReadonlySet<string> },
): PageRow[] {
  let pages: readonly PageRow[] = base;
  if (textHits !== null) {
    const byPath = new Map(base.map((page) => [page.path, page]));
    pages = textHits.flatMap((path) => byPath.get(path) ?? []);
  }
  return pages.filter((page) => {
    if (!includeAll && page.kind !== "page") return false;
    if (problems.filter === "with") return problems.pagesWithProblems.has(page.path);
    if (problems.filter === "without") return !problems.pagesWithProblems.has(page.path);
    return true;
  });
}
