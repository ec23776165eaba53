import { describe, expect, it } from "vitest";
import { blockInsertion } from "./images";

const call = '{{< img src="chart" >}}';

describe("blockInsertion", () => {
  it("puts the image in a paragraph of its own, the cursor after it", () => {
    expect(blockInsertion("Intro text.", " More text.", call)).toEqual({ insert: `\n\n${call}\n\n`, cursor: 2 + call.length });
  });
  it("adds no blank line where one is already", () => {
    expect(blockInsertion("Intro.\n\n", "\n\nNext.", call)).toEqual({ insert: call, cursor: call.length });
    expect(blockInsertion("Intro.\n", "\nNext.", call)).toEqual({ insert: `\n${call}\n`, cursor: 1 + call.length });
  });
  it("needs nothing around it in an empty body", () => {
    expect(blockInsertion("", "", call)).toEqual({ insert: call, cursor: call.length });
  });
});
