import { describe, expect, it } from "vitest";
import type { PageEntry } from "../ipc/types";
import { displayDate, filterPages } from "./pages";

function page(path: string, title: string, extra: Partial<PageEntry> = {}): PageEntry {
  return {
    path, title, section: path.split("/")[0] ?? "", kind: "page", date: null, draft: false, authors: [],
    topics: [], summary: null, slug: null, aliases: [], permalink: "/", frontMatterError: null,
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
