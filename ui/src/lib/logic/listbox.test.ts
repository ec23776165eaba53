import { describe, expect, it } from "vitest";
import { movedOption } from "./listbox";

describe("movedOption", () => {
  it("steps with the arrows and stops at the ends", () => {
    expect(movedOption("ArrowDown", false, 0, 3)).toBe(1);
    expect(movedOption("ArrowDown", false, 2, 3)).toBe(2);
    expect(movedOption("ArrowUp", false, 0, 3)).toBe(0);
    expect(movedOption("ArrowDown", false, 0, 0)).toBe(0);
  });
  it("jumps with Ctrl+Home and Ctrl+End, and leaves other keys alone", () => {
    expect(movedOption("End", true, 0, 5)).toBe(4);
    expect(movedOption("Home", true, 4, 5)).toBe(0);
    expect(movedOption("Home", false, 4, 5)).toBeNull();
    expect(movedOption("a", false, 1, 5)).toBeNull();
  });
});
