import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../ipc/types";
import { baselineFromFrontMatter, cloneForm, fieldEdits, fieldProblem, reshapeForm, sameFields, textValue, type FieldKind, type FormField } from "./form";

/** A form field as the core's `form_fields` gives it. */
function field(key: string, kind: FieldKind, extra: Partial<FormField> = {}): FormField {
  return {
    key,
    label: key.charAt(0).toUpperCase() + key.slice(1),
    kind,
    hint: null,
    required: false,
    multiple: kind === "list" || kind === "terms",
    relation: kind === "terms" ? key : null,
    options: [],
    pattern: null,
    ...extra,
  };
}

/** The core's default form (a page with no content type). */
const EVERYDAY: FormField[] = [
  field("title", "text", { required: true }),
  field("summary", "textarea"),
  field("date", "datetime"),
  field("slug", "text"),
  field("authors", "terms"),
  field("topics", "terms"),
];

const frontMatter = {
  slug: "new-kid-in-town",
  date: "2015-07-31 10:00:20 -0400",
  title: "New Kid in Town",
  summary: "Old summary",
  authors: ["jacqueline-snee", "rflagg"],
  topics: "cx",
  weight: 3,
};

const list = (form: Record<string, unknown>, key: string) => form[key] as string[];

describe("fieldEdits", () => {
  it("sends nothing for an untouched form, even for values it normalizes", () => {
    const baseline = baselineFromFrontMatter(frontMatter, EVERYDAY);
    expect(baseline.form.topics).toEqual(["cx"]);
    expect(fieldEdits(baseline, cloneForm(baseline.form))).toEqual([]);
  });

  it("sends only the changed fields", () => {
    const baseline = baselineFromFrontMatter(frontMatter, EVERYDAY);
    const form = cloneForm(baseline.form);
    form.summary = "New summary";
    list(form, "authors").push("ada");
    expect(fieldEdits(baseline, form)).toEqual([
      { op: "set", key: "summary", value: "New summary" },
      { op: "set", key: "authors", value: ["jacqueline-snee", "rflagg", "ada"] },
    ]);
    expect(baseline.form.authors, "the clone is deep").toEqual(["jacqueline-snee", "rflagg"]);
  });

  it("unsets an emptied field the file has, and ignores one it never had", () => {
    const baseline = baselineFromFrontMatter({ title: "T", topics: ["a"] }, EVERYDAY);
    const form = cloneForm(baseline.form);
    form.title = "  ";
    form.topics = [];
    form.summary = "";
    expect(fieldEdits(baseline, form)).toEqual([
      { op: "unset", key: "title" },
      { op: "unset", key: "topics" },
    ]);
  });

  it("adds a field the file lacks", () => {
    const baseline = baselineFromFrontMatter({ title: "T" }, EVERYDAY);
    const form = cloneForm(baseline.form);
    form.slug = "t";
    expect(fieldEdits(baseline, form)).toEqual([{ op: "set", key: "slug", value: "t" }]);
  });

  it("treats reordering a list as a change", () => {
    const baseline = baselineFromFrontMatter(frontMatter, EVERYDAY);
    const form = cloneForm(baseline.form);
    list(form, "authors").reverse();
    expect(fieldEdits(baseline, form)).toEqual([{ op: "set", key: "authors", value: ["rflagg", "jacqueline-snee"] }]);
  });
});

describe("a content type's form", () => {
  const fields: FormField[] = [
    field("title", "text", { required: true }),
    field("deck", "textarea", { hint: "Do not repeat the headline" }),
    field("topics", "terms"),
    field("source", "text"),
    field("primary_image", "terms", { multiple: false, relation: "authors" }),
    field("aliases", "list"),
    field("weight", "number"),
    field("featured", "boolean"),
    field("kind", "select", { options: ["news", "event"] }),
    field("slug", "text", { pattern: ["^[a-z0-9-]+$", "lower-case letters, digits and dashes"] }),
  ];

  it("writes numbers as numbers, booleans as booleans, a single relation as a string", () => {
    const baseline = baselineFromFrontMatter({ title: "T", weight: 3, featured: false }, fields);
    expect(baseline.form.weight).toBe("3");
    const form = cloneForm(baseline.form);
    form.weight = "12";
    form.featured = true;
    form.primary_image = ["rflagg"];
    form.kind = "event";
    expect(fieldEdits(baseline, form)).toEqual([
      { op: "set", key: "primary_image", value: "rflagg" },
      { op: "set", key: "weight", value: 12 },
      { op: "set", key: "featured", value: true },
      { op: "set", key: "kind", value: "event" },
    ]);
  });

  it("locks a field whose value the form cannot hold in its shape, and never edits it", () => {
    const baseline = baselineFromFrontMatter({ title: "T", deck: { nested: true }, aliases: [{ from: "/a/" }] }, fields);
    expect([...baseline.locked].sort()).toEqual(["aliases", "deck"]);
    expect(textValue(baseline.form, "deck")).toBe('{"nested":true}');
    const form = cloneForm(baseline.form);
    form.deck = "flattened";
    form.aliases = ["/b/"];
    expect(fieldEdits(baseline, form)).toEqual([]);
  });

  it("shows the core's findings about a field's value, not a rule of its own", () => {
    const finding = (code: string, field: string | null, message: string): Diagnostic =>
      ({ path: "news/a.md", line: 2, column: 1, severity: "warning", code, message, field, fix: null });
    const findings = [
      finding("required-field", "title", "`title` (Title) is required for News"),
      finding("pattern-mismatch", "slug", "`slug`: lower-case letters, digits and dashes"),
      finding("retired-topic", "topics", "cx is retired"),
    ];
    expect(fieldProblem(findings, "title")).toBe("`title` (Title) is required for News");
    expect(fieldProblem(findings, "slug")).toBe("`slug`: lower-case letters, digits and dashes");
    expect(fieldProblem(findings, "topics"), "other findings are the problems panel's").toBeNull();
    expect(fieldProblem(findings, "deck")).toBeNull();
  });
});

describe("reshapeForm", () => {
  it("reads the page for the new fields and keeps what was typed", () => {
    const before = [field("title", "text"), field("summary", "textarea"), field("weight", "text")];
    const baseline = baselineFromFrontMatter(frontMatter, before);
    const form = cloneForm(baseline.form);
    form.title = "Typed title";
    form.weight = "7";
    const after = [field("title", "text"), field("kicker", "text"), field("summary", "textarea"), field("slug", "text")];
    const next = reshapeForm(baseline, form, after);
    // The new fields, then `weight`: gone from the schema but edited, so kept.
    expect(next.baseline.fields.map((f) => f.key)).toEqual(["title", "kicker", "summary", "slug", "weight"]);
    expect(next.form.title).toBe("Typed title");
    expect(next.form.slug, "a new field shows the file's value").toBe("new-kid-in-town");
    expect(next.form.summary, "untouched fields stay as loaded").toBe("Old summary");
    expect(fieldEdits(next.baseline, next.form)).toEqual([
      { op: "set", key: "title", value: "Typed title" },
      { op: "set", key: "weight", value: "7" },
    ]);
  });

  it("drops untouched fields the schema no longer has and reshapes a value whose kind changed", () => {
    const before = [field("title", "text"), field("topics", "text"), field("summary", "text")];
    const baseline = baselineFromFrontMatter(frontMatter, before);
    const form = cloneForm(baseline.form);
    form.topics = "cx, mobile";
    const after = [field("title", "text"), field("topics", "list")];
    const next = reshapeForm(baseline, form, after);
    expect(next.baseline.fields.map((f) => f.key)).toEqual(["title", "topics"]);
    expect(next.form.topics).toEqual(["cx, mobile"]);
    expect(sameFields(after, next.baseline.fields)).toBe(true);
    expect(sameFields(before, after)).toBe(false);
  });
});
