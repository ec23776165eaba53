import { describe, expect, it } from "vitest";
import { baselineFromFrontMatter, cloneForm, fieldEdits } from "./form";

const frontMatter = {
  slug: "new-kid-in-town",
  date: "2015-07-31 10:00:20 -0400",
  title: "New Kid in Town",
  summary: "Old summary",
  authors: ["jacqueline-snee", "rflagg"],
  topics: "cx",
  weight: 3,
};

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
    form.authors.push("ada");
    expect(fieldEdits(baseline, form)).toEqual([
      { op: "set", key: "summary", value: "New summary" },
      { op: "set", key: "authors", value: ["jacqueline-snee", "rflagg", "ada"] },
    ]);
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
    form.authors.reverse();
    expect(fieldEdits(baseline, form)).toEqual([{ op: "set", key: "authors", value: ["rflagg", "jacqueline-snee"] }]);
  });
});
