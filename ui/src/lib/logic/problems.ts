// The problems panel's logic: filtering findings, counting them per page for the badges (the
// folded findings of unpublished pages arrive as counts only), and
// turning a finding's file position into a place in the editor (a form field, the body editor
// or the raw front-matter editor). Lines from the core count the whole file; the body editor
// shows only the body, so its lines start after the front-matter block.

import type { Diagnostic, FixSelection, FoldedCount, Severity } from "../ipc/types";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

export interface ProblemFilter {
  /** Severities shown. */
  severities: ReadonlySet<Severity>;
  /** Only this rule code (`null`: every rule). */
  code: string | null;
}

/** The findings the filter lets through, in their order. */
export function filterProblems(findings: readonly Diagnostic[], filter: ProblemFilter): Diagnostic[] {
  return findings.filter((d) => filter.severities.has(d.severity) && (filter.code === null || d.code === filter.code));
}

/** The selection that picks exactly one finding's fix. */
export function fixSelectionOf(finding: Diagnostic): FixSelection {
  return { codes: [finding.code], line: finding.line, column: finding.column };
}

/** The rule codes present, sorted, for the rule filter. */
export function codesOf(findings: readonly Diagnostic[]): string[] {
  return [...new Set(findings.map((d) => d.code))].sort();
}

export interface ProblemCount {
  errors: number;
  warnings: number;
  infos: number;
}

/** Findings per page, for the page list's badges. */
export function countByPage(findings: readonly Diagnostic[], folded: readonly FoldedCount[] = []): Map<string, ProblemCount> {
  const counts = new Map<string, ProblemCount>();
  const add = (path: string, severity: Severity, n: number): void => {
    let count = counts.get(path);
    if (!count) {
      count = { errors: 0, warnings: 0, infos: 0 };
      counts.set(path, count);
    }
    if (severity === "error") count.errors += n;
    else if (severity === "warning") count.warnings += n;
    else count.infos += n;
  };
  for (const d of findings) add(d.path, d.severity, 1);
  for (const c of folded) add(c.path, c.severity, c.count);
  return counts;
}

/** How many folded findings (`counts`, from the core) pass the panel's filters, and on how many pages. */
export function tallyFolded(counts: readonly FoldedCount[], filter: ProblemFilter): { findings: number; pages: number } {
  let findings = 0;
  const pages = new Set<string>();
  for (const c of counts) {
    if (!filter.severities.has(c.severity) || (filter.code !== null && c.code !== filter.code)) continue;
    findings += c.count;
    pages.add(c.path);
  }
  return { findings, pages: pages.size };
}

/** The site-wide findings with those of `path` replaced by `fresh` (the page was re-checked). */
export function replacePageFindings(findings: readonly Diagnostic[], path: string, fresh: readonly Diagnostic[]): Diagnostic[] {
  return [...findings.filter((d) => d.path !== path), ...fresh];
}

/**
 * How many lines of `source` come before its body (`source` ends with `body`, as the text the
 * editor would save does): a finding on line `n` of the file is on line `n - this` of the body.
 */
export function bodyLineOffset(source: string, body: string): number {
  const head = source.endsWith(body) ? source.slice(0, source.length - body.length) : source;
  let lines = 0;
  for (const ch of head) if (ch === "\n") lines += 1;
  return lines;
}

export type EditorPlace =
  | { kind: "field"; field: string }
  | { kind: "body"; line: number; column: number }
  | { kind: "frontMatter"; line: number; column: number };

/**
 * Where clicking a finding takes the writer. `offset` is [`bodyLineOffset`] of the checked
 * text; `formKeys` are the keys of the fields the form shows (any field a finding names that
 * the form has is focused); `rawMode` means the front matter is edited as text (it could not
 * be read).
 */
export function placeOf(finding: Diagnostic, offset: number, formKeys: ReadonlySet<string>, rawMode: boolean): EditorPlace {
  if (finding.line > offset) return { kind: "body", line: finding.line - offset, column: finding.column };
  if (!rawMode && finding.field && formKeys.has(finding.field)) return { kind: "field", field: finding.field };
  return { kind: "frontMatter", line: finding.line, column: finding.column };
}

/** The icon shown before a finding of `severity`. */
export function severityIcon(severity: Severity): string {
  return severity === "error" ? "✖" : severity === "warning" ? "⚠" : "ℹ";
}

/** One rule's findings in the whole-site list: how many, how bad, on which pages. */
export interface RuleGroup {
  code: string;
  /** The worst severity among its findings. */
  severity: Severity;
  count: number;
  /** Its findings by page, pages sorted by path. */
  pages: { path: string; findings: Diagnostic[] }[];
  /** Whether "Fix all" has anything to do: some finding has a fix. */
  fixable: boolean;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The findings grouped by rule: worst severity first, then the most findings, then by code. */
export function groupByRule(findings: readonly Diagnostic[]): RuleGroup[] {
  const groups = new Map<string, { severity: Severity; count: number; pages: Map<string, Diagnostic[]>; fixable: boolean }>();
  for (const d of findings) {
    let group = groups.get(d.code);
    if (!group) {
      group = { severity: d.severity, count: 0, pages: new Map(), fixable: false };
      groups.set(d.code, group);
    }
    if (RANK[d.severity] < RANK[group.severity]) group.severity = d.severity;
    group.count += 1;
    group.fixable ||= d.fix !== null;
    const list = group.pages.get(d.path);
    if (list) list.push(d);
    else group.pages.set(d.path, [d]);
  }
  return [...groups.entries()]
    .map(([code, g]) => ({
      code,
      severity: g.severity,
      count: g.count,
      fixable: g.fixable,
      pages: [...g.pages.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, list]) => ({ path, findings: list })),
    }))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.count - a.count || (a.code < b.code ? -1 : 1));
}

/** The lines a "Fix all" changes, over all its files. */
export function changedLineCount(files: readonly { changes: readonly unknown[] }[]): number {
  return files.reduce((n, f) => n + f.changes.length, 0);
}
