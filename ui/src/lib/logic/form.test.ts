import { describe, expect, it } from "vitest";
import type { ContentType, FieldSchema } from "../ipc/types";
import { baselineFromFrontMatter, cloneForm, DEFAULT_FIELDS, fieldEdits, fieldProblem, formFields, reshapeForm, sameFields, textValue } from "./form";

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
    const baseline = baselineFromFrontMatter(frontMatter);
    expect(baseline.form.topics).toEqual(["cx"]);
    expect(fieldEdits(baseline, cloneForm(baseline.form))).toEqual([]);
  });

  it("sends only the changed fields", () => {
    const baseline = baselineFromFrontMatter(frontMatter);
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
    const baseline = baselineFromFrontMatter({ title: "T", topics: ["a"] });
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
    const baseline = baselineFromFrontMatter({ title: "T" });
    const form = cloneForm(baseline.form);
    form.slug = "t";
    expect(fieldEdits(baseline, form)).toEqual([{ op: "set", key: "slug", value: "t" }]);
  });

  it("treats reordering a list as a change", () => {
    const baseline = baselineFromFrontMatter(frontMatter);
    const form = cloneForm(baseline.form);
    list(form, "authors").reverse();
    expect(fieldEdits(baseline, form)).toEqual([{ op: "set", key: "authors", value: ["rflagg", "jacqueline-snee"] }]);
  });
});

function schema(name: string, widget: FieldSchema["widget"], extra: Partial<FieldSchema> = {}): FieldSchema {
  return {
    name,
    label: name.charAt(0).toUpperCase() + name.slice(1),
    widget,
    hint: null,
    required: false,
    pattern: null,
    default: null,
    multiple: false,
    relation: null,
    options: [],
    format: null,
    comment: null,
    ...extra,
  };
}

const NEWS: ContentType = {
  name: "news",
  label: "News",
  folder: "news",
  pathTemplate: null,
  slugTemplate: null,
  source: "decap",
  fields: [
    schema("title", "string", { required: true }),
    schema("deck", "text", { comment: "Do not repeat the headline" }),
    schema("topics", "relation", { relation: "topics", multiple: true }),
    schema("source", "relation", { relation: "sources" }),
    schema("primary_image", "relation", { relation: "authors" }),
    schema("aliases", "list"),
    schema("weight", "number"),
    schema("featured", "boolean"),
    schema("kind", "select", { options: ["news", "event"] }),
    schema("slug", "string", { pattern: ["^[a-z0-9-]+$", "lower-case letters, digits and dashes"] }),
    schema("body", "markdown"),
    schema("layout", { other: "hidden" }),
  ],
};

describe("formFields", () => {
  const fields = formFields(NEWS, new Set(["topics", "authors"]));
  const kinds = Object.fromEntries(fields.map((f) => [f.key, f.kind]));

  it("follows the schema's order and widgets, without the body", () => {
    expect(fields.map((f) => f.key)).toEqual(["title", "deck", "topics", "source", "primary_image", "aliases", "weight", "featured", "kind", "slug", "layout"]);
    expect(kinds).toMatchObject({ title: "text", deck: "textarea", topics: "terms", aliases: "list", weight: "number", featured: "boolean", kind: "select", layout: "text" });
    // A relation to a collection that is no taxonomy takes typed text.
    expect(kinds.source).toBe("text");
    expect(fields.find((f) => f.key === "primary_image")).toMatchObject({ kind: "terms", multiple: false, relation: "authors" });
    expect(fields.find((f) => f.key === "deck")?.hint).toBe("Do not repeat the headline");
  });

  it("falls back to the default fields without a content type", () => {
    expect(formFields(null, new Set())).toBe(DEFAULT_FIELDS);
  });

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

  it("reports what the schema asks: required values and patterns", () => {
    const title = fields.find((f) => f.key === "title")!;
    const slug = fields.find((f) => f.key === "slug")!;
    expect(fieldProblem(title, "")).toBe("Title is required");
    expect(fieldProblem(title, "A post")).toBeNull();
    expect(fieldProblem(slug, "Bad Slug")).toBe("lower-case letters, digits and dashes");
    expect(fieldProblem(slug, "good-slug")).toBeNull();
    expect(fieldProblem(slug, "")).toBeNull();
  });
});

describe("reshapeForm", () => {
  const type = (fields: (Partial<FieldSchema> & { name: string })[]): ContentType => ({
    name: "news",
    label: "News",
    folder: "news",
    pathTemplate: null,
    slugTemplate: null,
    source: "decap",
    fields: fields.map((f) => ({
      label: f.name,
      widget: "string",
      hint: null,
      required: false,
      pattern: null,
      default: null,
      comment: null,
      relation: null,
      multiple: false,
      options: [],
      format: null,
      ...f,
    })),
  });

  it("reads the page for the new fields and keeps what was typed", () => {
    const before = formFields(type([{ name: "title" }, { name: "summary", widget: "text" }, { name: "weight" }]), new Set());
    const baseline = baselineFromFrontMatter(frontMatter, before);
    const form = cloneForm(baseline.form);
    form.title = "Typed title";
    form.weight = "7";
    const after = formFields(type([{ name: "title" }, { name: "kicker" }, { name: "summary", widget: "text" }, { name: "slug" }]), new Set());
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
    const before = formFields(type([{ name: "title" }, { name: "topics" }, { name: "summary" }]), new Set());
    const baseline = baselineFromFrontMatter(frontMatter, before);
    const form = cloneForm(baseline.form);
    form.topics = "cx, mobile";
    const after = formFields(type([{ name: "title" }, { name: "topics", widget: "list" }]), new Set());
    const next = reshapeForm(baseline, form, after);
    expect(next.baseline.fields.map((f) => f.key)).toEqual(["title", "topics"]);
    expect(next.form.topics).toEqual(["cx, mobile"]);
    expect(sameFields(after, next.baseline.fields)).toBe(true);
    expect(sameFields(before, after)).toBe(false);
  });
});
