import { describe, expect, it } from "vitest";
import type { PageEntry } from "../ipc/types";
import { displayDate, filterPages, filtersActive, listPages, NO_FILTERS, pageQuery } from "./pages";

function page(path: string, title: string, extra: Partial<PageEntry> = {}): PageEntry {
  return {
    path, title, section: path.split("/")[0] ?? "", kind: "page", date: null, draft: false, authors: [],
    topics: [], taxonomies: {}, params: {}, summary: null, slug: null, aliases: [], permalink: "/", frontMatterError: null,
    publishDate: null, expiryDate: null, expired: false, refs: [], shortcodes: [], wordCount: 0, ...extra,
  };
}

const pages = [
  page("news/2015/a.md", "New Kid in Town", { authors: ["rflagg"], topics: ["cx"] }),
  page("resources/b.md", "Plain Language Guide"),
  page("topics/cx/_index.md", "Customer Experience", { kind: "term" }),
];

describe("filterPages", () => {
  it("lists regular pages only unless asked for all", () => {
    expect(filterPages(pages, { query: "", includeAll: false }).map((p) => p.path)).toEqual(["news/2015/a.md", "resources/b.md"]);
    expect(filterPages(pages, { query: "", includeAll: true })).toHaveLength(3);
  });

  it("needs every word, in any field, ignoring case", () => {
    expect(filterPages(pages, { query: "kid RFLAGG", includeAll: false }).map((p) => p.title)).toEqual(["New Kid in Town"]);
    expect(filterPages(pages, { query: "resources", includeAll: false }).map((p) => p.title)).toEqual(["Plain Language Guide"]);
    expect(filterPages(pages, { query: "kid plain", includeAll: false })).toEqual([]);
  });
});

describe("displayDate", () => {
  it("keeps the calendar day of dates as written", () => {
    expect(displayDate("2015-07-31 10:00:20 -0400")).toBe("2015-07-31");
    expect(displayDate("2024-01-02T03:04:05Z")).toBe("2024-01-02");
    expect(displayDate(null)).toBe("");
    expect(displayDate("last tuesday")).toBe("last tuesday");
  });
});

describe("pageQuery", () => {
  it("sends only the filters that are set, with the sort's key and direction", () => {
    const query = pageQuery({ ...NO_FILTERS, topic: " cx ", draft: "published", sort: "oldest" }, "budget");
    expect(query).toEqual({
      text: "budget", section: null, author: null, topic: "cx", draft: false, dateFrom: null, dateTo: null, sort: "date", descending: false,
    });
    expect(pageQuery(NO_FILTERS, null)).toMatchObject({ text: null, draft: null, sort: "date", descending: true });
    expect(pageQuery({ ...NO_FILTERS, draft: "drafts", sort: "title" }, "  ")).toMatchObject({ text: null, draft: true, sort: "title" });
  });

  it("knows when the list is narrowed", () => {
    expect(filtersActive(NO_FILTERS)).toBe(false);
    expect(filtersActive({ ...NO_FILTERS, sort: "title" })).toBe(false);
    expect(filtersActive({ ...NO_FILTERS, dateFrom: "2015-01-01" })).toBe(true);
  });
});

describe("listPages", () => {
  const none = { filter: "" as const, pagesWithProblems: new Set<string>() };

  it("keeps the core's order and adds pages the text search found in summaries and bodies", () => {
    const base = [pages[1]!, pages[0]!];
    const filter = { query: "compass", includeAll: false };
    expect(listPages(base, filter, new Set(["resources/b.md"]), none).map((p) => p.path)).toEqual(["resources/b.md"]);
    expect(listPages(base, { query: "", includeAll: false }, null, none).map((p) => p.path)).toEqual(["resources/b.md", "news/2015/a.md"]);
    expect(listPages(base, { query: "rflagg", includeAll: false }, new Set(), none).map((p) => p.path)).toEqual(["news/2015/a.md"]);
  });

  it("filters by problems from the site-wide check", () => {
    const pagesWithProblems = new Set(["news/2015/a.md"]);
    const all = { query: "", includeAll: true };
    expect(listPages(pages, all, null, { filter: "with", pagesWithProblems }).map((p) => p.path)).toEqual(["news/2015/a.md"]);
    expect(listPages(pages, all, null, { filter: "without", pagesWithProblems })).toHaveLength(2);
  });
});
