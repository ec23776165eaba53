import { describe, expect, it } from "vitest";
import { refOptions, refTargetContext } from "./refCompletion";

describe("ref target completion", () => {
  it("finds the target being typed inside a ref or relref call's quotes", () => {
    expect(refTargetContext('See {{< ref "first po')).toEqual({ from: 13, typed: "first po" });
    expect(refTargetContext('{{% relref path = "news/')).toEqual({ from: 19, typed: "news/" });
    expect(refTargetContext('{{< ref "done" >}} and "x')).toBeNull();
    expect(refTargetContext('{{< img src="x')).toBeNull();
  });

  it("shows titles with their paths and writes the core's target", () => {
    expect(refOptions([{ title: "The First Post", path: "news/first-post.md", target: "first-post.md" }])).toEqual([
      { label: "The First Post", detail: "news/first-post.md", apply: "first-post.md", type: "text" },
    ]);
  });
});
