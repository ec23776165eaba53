import { describe, expect, it } from "vitest";
import type { FieldConflict, MergeHunk } from "../ipc/types";
import { conflictChoices, fieldChoices, fieldValueText, undecided } from "./merge";

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
