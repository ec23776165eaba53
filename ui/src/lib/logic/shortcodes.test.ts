import { describe, expect, it } from "vitest";
import type { ShortcodeInfo } from "../ipc/types";
import { filterShortcodes, paramCompletions, paramLabel, shortcodeCall, shortcodeContext } from "./shortcodes";

function sc(name: string, params: ShortcodeInfo["params"], inner = false, help = ""): ShortcodeInfo {
  return { name, source: `layouts/shortcodes/${name}.html`, params, any_params: false, inner, help };
}

const list = [
  sc("img", [{ name: "alt" }, { name: "caption" }, { name: "src" }], false, "An image from data/images"),
  sc("note", [{ name: "variant" }], true, "A boxed aside"),
  sc("link", [{ index: 0 }]),
  sc("legacy-img", [{ name: "src" }]),
  sc("row", [], true),
];

describe("filterShortcodes", () => {
  it("matches name, help and source, names starting with the query first", () => {
    expect(filterShortcodes(list, "img").map((s) => s.name)).toEqual(["img", "legacy-img"]);
    expect(filterShortcodes(list, "aside").map((s) => s.name)).toEqual(["note"]);
    expect(filterShortcodes(list, "").length).toBe(5);
    expect(filterShortcodes(list, "nothing-like-it")).toEqual([]);
  });
});

describe("shortcodeCall", () => {
  it("writes named params empty, positional ones as quoted values, and a closing tag for inner content", () => {
    const img = shortcodeCall(list[0]!);
    expect(img.text).toBe('{{< img alt="" caption="" src="" >}}');
    expect(img.text.slice(0, img.cursor)).toBe('{{< img alt="');
    expect(shortcodeCall(list[2]!).text).toBe('{{< link "" >}}');
    const note = shortcodeCall(list[1]!, "%");
    expect(note.text).toBe('{{% note variant="" %}}\n\n{{% /note %}}');
    const row = shortcodeCall(list[4]!);
    expect(row.text).toBe("{{< row >}}\n\n{{< /row >}}");
    expect(row.text.slice(row.cursor)).toBe("\n{{< /row >}}");
    expect(paramLabel({ index: 0 })).toBe("#1");
    expect(paramLabel({ name: "src" })).toBe("src");
  });
});

describe("shortcodeContext", () => {
  it("finds names after the opening delimiter and params inside a call", () => {
    expect(shortcodeContext("Text {{< im")).toEqual({ kind: "name", from: 9, prefix: "im" });
    expect(shortcodeContext("{{% ")).toEqual({ kind: "name", from: 4, prefix: "" });
    const ctx = shortcodeContext('{{< img src="a b" al');
    expect(ctx).toEqual({ kind: "param", name: "img", from: 18, prefix: "al", written: ["src"] });
    if (ctx?.kind !== "param") throw new Error("expected a param context");
    expect(paramCompletions(list, ctx)).toEqual(["alt"]);
    expect(paramCompletions(list, { ...ctx, prefix: "" })).toEqual(["alt", "caption"]);
  });

  it("offers nothing inside a value, after a closed call, or outside calls", () => {
    expect(shortcodeContext('{{< img src="ab')).toBeNull();
    expect(shortcodeContext("{{< img >}} te")).toBeNull();
    expect(shortcodeContext("plain text")).toBeNull();
  });
});
