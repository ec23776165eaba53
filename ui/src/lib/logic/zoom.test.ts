import { describe, expect, it } from "vitest";
import { zoomFor } from "./zoom";

describe("zoomFor", () => {
  it("walks the steps up to 200 % and down to 80 %, and 0 resets", () => {
    expect(zoomFor(1, "+")).toBe(1.1);
    expect(zoomFor(1, "=")).toBe(1.1);
    expect(zoomFor(1.75, "+")).toBe(2);
    expect(zoomFor(2, "+")).toBe(2);
    expect(zoomFor(1, "-")).toBe(0.9);
    expect(zoomFor(0.8, "-")).toBe(0.8);
    expect(zoomFor(1.75, "0")).toBe(1);
  });

  it("from a zoom between steps, goes to the next step each way", () => {
    expect(zoomFor(1.3, "+")).toBe(1.5);
    expect(zoomFor(1.3, "-")).toBe(1.25);
  });

  it("ignores other keys", () => {
    expect(zoomFor(1, "s")).toBeNull();
  });
});
