import { describe, expect, it } from "vitest";
import type { Diagnostic, FoldedCount } from "../ipc/types";
import { bodyLineOffset, changedLineCount, codesOf, countByPage, filterProblems, groupByRule, placeOf, replacePageFindings, tallyFolded } from "./problems";

function finding(code: string, line: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: "warning", path: "news/a.md", line, column: 1, message: code, field: null, fix: null, ...extra };
}

const findings = [
  finding("html-entity", 2, { field: "title" }),
  finding("retired-topic", 8, { field: "topics" }),
  finding("liquid-tag", 14, { severity: "error" }),
  finding("unknown-topic", 3, { path: "news/b.md", severity: "info" }),
];

describe("filterProblems", () => {
  it("keeps the chosen severities and rule", () => {
    const all = new Set(["error", "warning", "info"] as const);
    expect(filterProblems(findings, { severities: new Set(["error"]), code: null }).map((d) => d.code)).toEqual(["liquid-tag"]);
    expect(filterProblems(findings, { severities: all, code: "retired-topic" }).map((d) => d.line)).toEqual([8]);
    expect(filterProblems(findings, { severities: new Set(["info"]), code: "retired-topic" })).toEqual([]);
  });

  it("lists each rule once, sorted", () => {
    expect(codesOf([...findings, finding("html-entity", 9)])).toEqual(["html-entity", "liquid-tag", "retired-topic", "unknown-topic"]);
  });
});

describe("countByPage", () => {
  it("counts errors, warnings and infos per page", () => {
    const counts = countByPage(findings);
    expect(counts.get("news/a.md")).toEqual({ errors: 1, warnings: 2, infos: 0 });
    expect(counts.get("news/b.md")).toEqual({ errors: 0, warnings: 0, infos: 1 });
    expect(counts.has("news/c.md")).toBe(false);
  });

  it("adds the folded findings' counts (pages Hugo does not publish) to the badges", () => {
    const folded: FoldedCount[] = [
      { path: "news/draft.md", code: "broken-ref", severity: "error", count: 2 },
      { path: "news/draft.md", code: "html-entity", severity: "info", count: 5 },
      { path: "news/b.md", code: "html-entity", severity: "warning", count: 1 },
    ];
    const counts = countByPage(findings, folded);
    expect(counts.get("news/draft.md")).toEqual({ errors: 2, warnings: 0, infos: 5 });
    expect(counts.get("news/b.md")).toEqual({ errors: 0, warnings: 1, infos: 1 });
    expect(counts.get("news/a.md")).toEqual({ errors: 1, warnings: 2, infos: 0 });
  });

  it("replaces one page's findings after it was re-checked", () => {
    const next = replacePageFindings(findings, "news/a.md", [finding("html-entity", 2)]);
    expect(countByPage(next).get("news/a.md")).toEqual({ errors: 0, warnings: 1, infos: 0 });
    expect(next.filter((d) => d.path === "news/b.md")).toHaveLength(1);
  });
});

describe("tallyFolded", () => {
  const folded: FoldedCount[] = [
    { path: "news/draft.md", code: "broken-ref", severity: "error", count: 2 },
    { path: "news/draft.md", code: "html-entity", severity: "info", count: 5 },
    { path: "news/old.md", code: "html-entity", severity: "info", count: 3 },
  ];
  const all = new Set(["error", "warning", "info"] as const);

  it("counts the findings and pages the filters let through", () => {
    expect(tallyFolded(folded, { severities: all, code: null })).toEqual({ findings: 10, pages: 2 });
    expect(tallyFolded(folded, { severities: all, code: "html-entity" })).toEqual({ findings: 8, pages: 2 });
    expect(tallyFolded(folded, { severities: new Set(["error"]), code: null })).toEqual({ findings: 2, pages: 1 });
    expect(tallyFolded(folded, { severities: new Set(["warning"]), code: null })).toEqual({ findings: 0, pages: 0 });
  });
});

describe("placeOf", () => {
  const FORM = new Set(["title", "topics", "kicker"]);
  const source = "---\ntitle: A\ntopics:\n  - cx\n---\n\nBody line.\n{% include x %}\n";
  const body = "\nBody line.\n{% include x %}\n";

  it("counts the lines before the body", () => {
    expect(bodyLineOffset(source, body)).toBe(5);
    expect(bodyLineOffset("---\n---\n", "")).toBe(2);
  });

  it("sends body findings to the body editor at the body's line", () => {
    expect(placeOf(finding("liquid-tag", 8, { column: 3 }), 5, FORM, false)).toEqual({ kind: "body", line: 3, column: 3 });
  });

  it("sends front-matter findings to their form field, or to the raw editor", () => {
    expect(placeOf(finding("retired-topic", 4, { field: "topics" }), 5, FORM, false)).toEqual({ kind: "field", field: "topics" });
    expect(placeOf(finding("retired-topic", 4, { field: "topics" }), 5, FORM, true)).toEqual({ kind: "frontMatter", line: 4, column: 1 });
    expect(placeOf(finding("schema", 3, { field: "weight" }), 5, FORM, false)).toEqual({ kind: "frontMatter", line: 3, column: 1 });
    // Any field the form shows, not only the everyday ones.
    expect(placeOf(finding("required-field", 3, { field: "kicker" }), 5, FORM, false)).toEqual({ kind: "field", field: "kicker" });
  });
});

describe("groupByRule", () => {
  it("groups by rule, worst and biggest first, with pages sorted and fixability", () => {
    const fix = { description: "d", fieldEdits: [], textEdits: [] };
    const groups = groupByRule([
      finding("html-entity", 2, { severity: "info", path: "news/b.md", fix }),
      finding("html-entity", 3, { severity: "info", path: "news/a.md" }),
      finding("html-entity", 4, { severity: "warning", path: "news/b.md" }),
      finding("retired-topic", 8),
      finding("broken-ref", 9, { severity: "error" }),
      finding("summary-too-long", 1, { severity: "info" }),
    ]);
    expect(groups.map((g) => [g.code, g.severity, g.count, g.fixable])).toEqual([
      ["broken-ref", "error", 1, false],
      ["html-entity", "warning", 3, true],
      ["retired-topic", "warning", 1, false],
      ["summary-too-long", "info", 1, false],
    ]);
    expect(groups[1]?.pages.map((p) => [p.path, p.findings.map((d) => d.line)])).toEqual([
      ["news/a.md", [3]],
      ["news/b.md", [2, 4]],
    ]);
  });

  it("counts the lines of a combined diff", () => {
    expect(changedLineCount([{ changes: [1, 2] }, { changes: [3] }])).toBe(3);
  });
});
