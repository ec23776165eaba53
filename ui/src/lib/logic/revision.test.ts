import { describe, expect, it } from "vitest";
import { RevisionGate } from "./revision";

describe("RevisionGate", () => {
  it("drops results older than the one shown", () => {
    const gate = new RevisionGate();
    const first = gate.issue();
    const second = gate.issue();
    expect(gate.accept(second)).toBe(true);
    expect(gate.accept(first)).toBe(false);
  });

  it("shows results arriving in order", () => {
    const gate = new RevisionGate();
    const a = gate.issue();
    expect(gate.accept(a)).toBe(true);
    const b = gate.issue();
    expect(gate.accept(b)).toBe(true);
    expect(gate.accept(b)).toBe(false);
  });

  it("knows whether a request is still the newest one", () => {
    const gate = new RevisionGate();
    const a = gate.issue();
    expect(gate.isCurrent(a)).toBe(true);
    const b = gate.issue();
    expect(gate.isCurrent(a)).toBe(false);
    expect(gate.isCurrent(b)).toBe(true);
  });

  it("drops everything in flight after a reset", () => {
    const gate = new RevisionGate();
    const old = gate.issue();
    gate.reset();
    expect(gate.accept(old)).toBe(false);
    expect(gate.accept(gate.issue())).toBe(true);
  });

  it("refuses revisions it never issued", () => {
    expect(new RevisionGate().accept(7)).toBe(false);
  });
});
