import { EditorSelection, EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { bold, bulletList, heading, italic, linkMarkdown, replaceSelection } from "./formatting";

function apply(doc: string, from: number, to: number, command: (s: EditorState) => import("@codemirror/state").TransactionSpec) {
  const state = EditorState.create({ doc, selection: EditorSelection.single(from, to), extensions: EditorState.allowMultipleSelections.of(true) });
  const next = state.update(command(state)).state;
  return { text: next.doc.toString(), from: next.selection.main.from, to: next.selection.main.to };
}

describe("formatting commands", () => {
  it("bold wraps the selection and unwraps it again", () => {
    const once = apply("say hello now", 4, 9, bold);
    expect(once).toEqual({ text: "say **hello** now", from: 6, to: 11 });
    expect(apply(once.text, once.from, once.to, bold)).toEqual({ text: "say hello now", from: 4, to: 9 });
    // The markers selected with the word unwrap too.
    expect(apply("**hi**", 0, 6, bold).text).toBe("hi");
  });

  it("an empty selection gets the markers with the cursor between them", () => {
    expect(apply("ab", 1, 1, italic)).toEqual({ text: "a__b", from: 2, to: 2 });
  });

  it("heading and list toggle a prefix on every selected line", () => {
    expect(apply("one\ntwo", 0, 5, bulletList).text).toBe("- one\n- two");
    expect(apply("- one\n- two", 0, 9, bulletList).text).toBe("one\ntwo");
    expect(apply("- one\ntwo", 0, 7, bulletList).text).toBe("- one\n- two");
    expect(apply("Title", 2, 2, heading).text).toBe("## Title");
    expect(apply("### Title", 5, 5, heading).text).toBe("Title");
  });

  it("links escape brackets in the text and wrap odd addresses in angle brackets", () => {
    expect(linkMarkdown("a [b]", "https://x.gov/a")).toBe("[a \\[b\\]](https://x.gov/a)");
    expect(linkMarkdown("t", "/a b/")).toBe("[t](</a b/>)");
    expect(apply("x SEL y", 2, 5, (s) => replaceSelection(s, "![]()", 2))).toEqual({ text: "x ![]() y", from: 4, to: 4 });
  });
});
