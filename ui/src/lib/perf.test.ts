import { describe, expect, it } from "vitest";
import { MarkRing } from "./perf";

describe("MarkRing", () => {
  it("keeps every mark in order until it is full", () => {
    const ring = new MarkRing(3);
    ring.push({ name: "a", t: 1, detail: null });
    ring.push({ name: "b", t: 2, detail: 5 });
    expect(ring.list().map((m) => m.name)).toEqual(["a", "b"]);
  });

  it("overwrites the oldest marks once full, still reading oldest first", () => {
    const ring = new MarkRing(3);
    for (const [i, name] of ["a", "b", "c", "d", "e"].entries()) ring.push({ name, t: i, detail: null });
    expect(ring.list().map((m) => m.name)).toEqual(["c", "d", "e"]);
    ring.push({ name: "f", t: 6, detail: null });
    expect(ring.list().map((m) => m.name)).toEqual(["d", "e", "f"]);
  });
});
