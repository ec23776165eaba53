import { describe, expect, it } from "vitest";
import type { PageRow } from "../ipc/types";
import { displayDate, filePath, filtersActive, listPages, NO_FILTERS, pageQuery } from "./pages";

function page(path: string, title: string, extra: Partial<PageRow> = {}): PageRow {
  return {
    path, title, section: path.split("/")[0] ?? "", kind: "page", date: null, draft: false, authors: [], frontMatterError: null, ...extra,
  };
}

const pages = [
  page("news/2015/a.md", "New Kid in Town", { authors: ["rflagg"] }),
  page("resources/b.md", "Plain Language Guide"),
  page("topics/cx/_index.md", "Customer Experience", { kind: "term" }),
];

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
      text: "budget", section: null, lang: null, author: null, topic: "cx", draft: false, dateFrom: null, dateTo: null, sort: "date", descending: false,
    });
    expect(pageQuery(NO_FILTERS, null)).toMatchObject({ text: null, draft: null, sort: "date", descending: true });
    expect(pageQuery({ ...NO_FILTERS, draft: "drafts", sort: "title" }, "  ")).toMatchObject({ text: null, draft: true, sort: "title" });
    expect(pageQuery({ ...NO_FILTERS, lang: "fr" }, null)).toMatchObject({ lang: "fr" });
    expect(filtersActive({ ...NO_FILTERS, lang: "fr" })).toBe(true);
  });

  it("knows when the list is narrowed", () => {
    expect(filtersActive(NO_FILTERS)).toBe(false);
    expect(filtersActive({ ...NO_FILTERS, sort: "title" })).toBe(false);
    expect(filtersActive({ ...NO_FILTERS, dateFrom: "2015-01-01" })).toBe(true);
  });
});

describe("listPages", () => {
  const none = { filter: "" as const, pagesWithProblems: new Set<string>() };

  it("keeps the core's order, narrowed to regular pages unless all are asked for", () => {
    const base = [pages[1]!, pages[2]!, pages[0]!];
    expect(listPages(base, false, null, none).map((p) => p.path)).toEqual(["resources/b.md", "news/2015/a.md"]);
    expect(listPages(base, true, null, none).map((p) => p.path)).toEqual(["resources/b.md", "topics/cx/_index.md", "news/2015/a.md"]);
  });

  it("while searching, lists the core's text hits in its relevance order, those the filters keep", () => {
    const base = [pages[1]!, pages[2]!, pages[0]!];
    const hits = ["topics/cx/_index.md", "news/2015/a.md", "resources/b.md"];
    expect(listPages(base, false, hits, none).map((p) => p.path)).toEqual(["news/2015/a.md", "resources/b.md"]);
    expect(listPages(base, true, hits, none).map((p) => p.path)).toEqual(hits);
    // A hit the filters' answer lacks stays out.
    expect(listPages([pages[1]!], true, hits, none).map((p) => p.path)).toEqual(["resources/b.md"]);
    expect(listPages(base, false, [], none)).toEqual([]);
  });

  it("filters by problems from the site-wide check", () => {
    const pagesWithProblems = new Set(["news/2015/a.md"]);
    expect(listPages(pages, true, null, { filter: "with", pagesWithProblems }).map((p) => p.path)).toEqual(["news/2015/a.md"]);
    expect(listPages(pages, true, null, { filter: "without", pagesWithProblems })).toHaveLength(2);
  });
});

describe("filePath", () => {
  it("puts the page under the content folder the core names, as Git shows it", () => {
    expect(filePath("content", "news/a.md")).toBe("content/news/a.md");
    expect(filePath("content/en", "about/team.md")).toBe("content/en/about/team.md");
    expect(filePath("", "docs/install.md")).toBe("docs/install.md");
  });
});
