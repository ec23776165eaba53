import { describe, expect, it } from "vitest";
import type { ShortcodeForm } from "../ipc/types";
import { formEdit, formEntries, initialValues } from "./shortcodeForm";

const form: ShortcodeForm = {
  name: "img",
  source: "layouts/shortcodes/img.html",
  help: "An image.",
  delimiter: "angle",
  params: [
    { param: { name: "alt" }, label: "alt", value: "Old" },
    { param: { name: "caption" }, label: "caption", value: null },
    { param: { name: "src" }, label: "src", value: "a.png" },
  ],
  extra: [{ param: { name: "width" }, label: "width", value: "3" }],
  anyParams: false,
  takesInner: false,
  inner: null,
  style: "named",
  error: null,
};

describe("the shortcode form", () => {
  it("lists the template's params, then the call's others, with the call's values", () => {
    const entries = formEntries(form);
    expect(entries.map((e) => [e.param.label, e.extra, e.locked])).toEqual([
      ["alt", false, false],
      ["caption", false, false],
      ["src", false, false],
      ["width", true, false],
    ]);
    expect(initialValues(entries)).toEqual(["Old", "", "a.png", "3"]);
  });

  it("asks to change only the fields edited; an emptied field removes its param", () => {
    const entries = formEntries(form);
    expect(formEdit(form, entries, ["New", "", "a.png", "3"], null)).toEqual({
      params: [{ param: { name: "alt" }, value: "New" }],
      inner: null,
    });
    expect(formEdit(form, entries, ["Old", "Cap", "a.png", ""], null).params).toEqual([
      { param: { name: "caption" }, value: "Cap" },
      { param: { name: "width" }, value: null },
    ]);
  });

  it("locks positional params on a call written with named ones, and sends inner only when changed", () => {
    const mixed: ShortcodeForm = { ...form, params: [{ param: { index: 0 }, label: "#1", value: null }], extra: [], takesInner: true, inner: "x" };
    expect(formEntries(mixed)[0]?.locked).toBe(true);
    expect(formEdit(mixed, formEntries(mixed), [""], "x").inner).toBeNull();
    expect(formEdit(mixed, formEntries(mixed), [""], "y").inner).toBe("y");
  });
});
