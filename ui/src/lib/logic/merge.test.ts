import { describe, expect, it } from "vitest";
import type { MergeHunk } from "../ipc/types";
import { assembleMerge, settledFiles, undecided, undecidedInFiles } from "./merge";

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

describe("settledFiles", () => {
  const files = [
    { path: "content/news/a.md", hunks },
    { path: "static/logo.png", hunks: [] },
    { path: "content/news/b.md", hunks: [{ clean: "settled by hand\n" }] },
  ];

  it("waits for a side in every file", () => {
    expect(undecidedInFiles(files, [[null, null, null], [], [null]])).toBe(1);
    expect(settledFiles(files, [[null, null, null], [], [null]])).toBeNull();
    expect(settledFiles(files, [])).toBeNull();
  });

  it("gives each text file's chosen text and leaves files without hunks to the core", () => {
    expect(undecidedInFiles(files, [[null, "ours", null], [], [null]])).toBe(0);
    expect(settledFiles(files, [[null, "ours", null], [], [null]])).toEqual([
      ["content/news/a.md", "---\ntitle: A\nsummary: mine\n---\nBody\n"],
      ["content/news/b.md", "settled by hand\n"],
    ]);
  });
});
