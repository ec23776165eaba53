import { describe, expect, it } from "vitest";
import type { FieldConflict, MergeHunk } from "../ipc/types";
import { assembleMerge, conflictChoices, fieldChoices, fieldValueText, settledFiles, undecided, undecidedInFiles } from "./merge";

const hunks: MergeHunk[] = [
  { clean: "Intro\n" },
  { conflict: { base: "old\n", ours: "mine\n", theirs: "theirs\n" } },
  { clean: "Middle\n" },
  { conflict: { base: "b\n", ours: "o\n", theirs: "t\n" } },
];
const fields: FieldConflict[] = [{ key: "summary", base: "Old", ours: "Mine", theirs: "Theirs" }];

describe("conflictChoices", () => {
  it("waits until every conflicting hunk has a side", () => {
    expect(conflictChoices(hunks, [null, "ours", null, null])).toBeNull();
    expect(undecided(hunks, [null, "ours", null, null])).toBe(1);
  });

  it("lists the sides of the conflicting hunks only, in order", () => {
    expect(conflictChoices(hunks, [null, "ours", null, "theirs"])).toEqual(["ours", "theirs"]);
    expect(conflictChoices([{ clean: "x" }], [])).toEqual([]);
  });
});

describe("fieldChoices", () => {
  it("waits for every conflicting field, then pairs keys with sides", () => {
    expect(fieldChoices(fields, {})).toBeNull();
    expect(undecided(hunks, [null, "ours", null, "ours"], fields, {})).toBe(1);
    expect(fieldChoices(fields, { summary: "theirs" })).toEqual([["summary", "theirs"]]);
    expect(undecided(hunks, [null, "ours", null, "ours"], fields, { summary: "theirs" })).toBe(0);
  });

  it("shows values as the writer typed them, and a missing key as not set", () => {
    expect(fieldValueText("Mine")).toBe("Mine");
    expect(fieldValueText(null)).toBe("(not set)");
    expect(fieldValueText(["a", "b"])).toBe('["a","b"]');
  });
});

const pullHunks: MergeHunk[] = [
  { clean: "---\ntitle: A\n" },
  { conflict: { base: "summary: old\n", ours: "summary: mine\n", theirs: "summary: theirs\n" } },
  { clean: "---\nBody\n" },
];

describe("assembleMerge", () => {
  it("waits until every conflict has a side", () => {
    expect(assembleMerge(pullHunks, [null, null, null])).toBeNull();
    expect(undecided(pullHunks, [null, null, null])).toBe(1);
  });

  it("joins clean hunks with the chosen side of each conflict", () => {
    expect(assembleMerge(pullHunks, [null, "ours", null])).toBe("---\ntitle: A\nsummary: mine\n---\nBody\n");
    expect(assembleMerge(pullHunks, [null, "theirs", null])).toBe("---\ntitle: A\nsummary: theirs\n---\nBody\n");
    expect(undecided(pullHunks, [null, "theirs", null])).toBe(0);
  });
});

describe("settledFiles", () => {
  const files = [
    { path: "content/news/a.md", hunks: pullHunks },
    { path: "static/logo.png", hunks: [] },
    { path: "content/news/b.md", hunks: [{ clean: "settled by hand\n" }] },
  ];

  it("waits for a side in every file", () => {
    expect(undecidedInFiles(files, [[null, null, null], [], [null]])).toBe(1);
    expect(settledFiles(files, [[null, null, null], [], [null]])).toBeNull();
    expect(settledFiles(files, [])).toBeNull();
  });

  it("gives each text file's chosen text and leaves files without pullHunks to the core", () => {
    expect(undecidedInFiles(files, [[null, "ours", null], [], [null]])).toBe(0);
    expect(settledFiles(files, [[null, "ours", null], [], [null]])).toEqual([
      ["content/news/a.md", "---\ntitle: A\nsummary: mine\n---\nBody\n"],
      ["content/news/b.md", "settled by hand\n"],
    ]);
  });
});
