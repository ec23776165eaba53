import { describe, expect, it } from "vitest";
import type { PageDiff } from "../ipc/types";
import { changeSummary, coAuthorList, commitPlan, isPartial, whenText } from "./changes";

function diff(path: string, fields: string[], hunks: number): PageDiff {
  return {
    path,
    kind: "modified",
    oldPath: null,
    title: "A post",
    fields: fields.map((key) => ({ key, old: "a", new: "b", description: `${key}: a → b` })),
    frontMatterError: null,
    bodyHunks: Array.from({ length: hunks }, (_, i) => ({ header: `@@ -${i} +${i} @@`, lines: [] })),
    binary: false,
  };
}

describe("commitPlan", () => {
  const diffs = { "a.md": diff("a.md", ["title", "topics"], 2), "b.md": diff("b.md", ["summary"], 0) };

  it("commits the ticked files whole when nothing is unticked inside them", () => {
    expect(commitPlan(["a.md", "b.md"], diffs, {})).toEqual({ kind: "files", paths: ["a.md", "b.md"] });
    expect(commitPlan(["a.md"], diffs, { "a.md": { fields: ["gone"], hunks: [7] } })).toEqual({ kind: "files", paths: ["a.md"] });
  });

  it("commits the ticked parts of a single file", () => {
    expect(commitPlan(["a.md"], diffs, { "a.md": { fields: ["topics"], hunks: [0] } })).toEqual({
      kind: "parts",
      path: "a.md",
      fields: ["title"],
      hunks: [1],
    });
  });

  it("refuses parts of a file together with other files, an empty selection, and nothing ticked", () => {
    expect(commitPlan(["a.md", "b.md"], diffs, { "a.md": { fields: ["title"], hunks: [] } }).kind).toBe("invalid");
    expect(commitPlan([], diffs, {}).kind).toBe("invalid");
    expect(commitPlan(["a.md"], diffs, { "a.md": { fields: ["title", "topics"], hunks: [0, 1] } }).kind).toBe("invalid");
  });

  it("knows a partial selection", () => {
    expect(isPartial(diffs["a.md"], { fields: [], hunks: [1] })).toBe(true);
    expect(isPartial(diffs["b.md"], { fields: [], hunks: [0] })).toBe(false);
    expect(isPartial(undefined, { fields: ["x"], hunks: [] })).toBe(false);
  });
});

describe("reading changes", () => {
  it("summarises fields and body hunks", () => {
    expect(changeSummary(diff("a.md", ["summary", "topics"], 1))).toBe("summary, topics, body (1 hunk)");
    expect(changeSummary(diff("a.md", [], 3))).toBe("body (3 hunks)");
  });

  it("says when, relative to now", () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    expect(whenText(now / 1000 - 10, now)).toBe("just now");
    expect(whenText(now / 1000 - 600, now)).toBe("10 minutes ago");
    expect(whenText(now / 1000 - 3 * 3600, now)).toBe("3 hours ago");
    expect(whenText(now / 1000 - 5 * 86400, now)).toBe("5 days ago");
    expect(whenText(Date.UTC(2024, 0, 2) / 1000, now)).toBe("2024-01-02");
  });
});

describe("coAuthorList", () => {
  it("splits at line breaks and at separators after an address, keeping commas inside names", () => {
    expect(coAuthorList("Bo Guest <bo@agency.gov>, Smith, Jo <jo@gsa.gov>;\n\n  Al <al@x.gov>  \n")).toEqual([
      "Bo Guest <bo@agency.gov>",
      "Smith, Jo <jo@gsa.gov>",
      "Al <al@x.gov>",
    ]);
  });
  it("is empty for blank text and keeps a malformed entry for the core to refuse", () => {
    expect(coAuthorList("  \n ")).toEqual([]);
    expect(coAuthorList("just a name")).toEqual(["just a name"]);
  });
});
