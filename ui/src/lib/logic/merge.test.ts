import { describe, expect, it } from "vitest";
import type { MergeHunk } from "../ipc/types";
import { assembleMerge, undecided } from "./merge";

const hunks: MergeHunk[] = [
  { clean: "---\ntitle: A\n" },
  { conflict: { base: "summary: old\n", ours: "summary: mine\n", theirs: "summary: theirs\n" } },
  { clean: "---\nBody\n" },
];

describe("assembleMerge", () => {
  it("waits until every conflict has a side", () => {
    expect(assembleMerge(hunks, [null, null, null])).toBeNull();
    expect(undecided(hunks, [null, null, null])).toBe(1);
  });

  it("joins clean hunks with the chosen side of each conflict", () => {
    expect(assembleMerge(hunks, [null, "ours", null])).toBe("---\ntitle: A\nsummary: mine\n---\nBody\n");
    expect(assembleMerge(hunks, [null, "theirs", null])).toBe("---\ntitle: A\nsummary: theirs\n---\nBody\n");
    expect(undecided(hunks, [null, "theirs", null])).toBe(0);
  });
});
