// Shortcode palette and completion helpers over the core's catalog (`commands.shortcodes`):
// which shortcodes match a search, what call text inserting one writes, and what the text
// before the cursor asks to complete (a name after `{{<` / `{{%`, or a param name inside a
// call). What a shortcode takes comes only from the catalog; nothing here reads templates.

import type { ShortcodeInfo, ShortcodeParam } from "../ipc/types";

/** Shortcodes matching every word of `query` (in name, help or source), names first. */
export function filterShortcodes(list: readonly ShortcodeInfo[], query: string): ShortcodeInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return [...list];
  const scored = list
    .map((info) => {
      const name = info.name.toLowerCase();
      const text = [name, info.help, info.source].join("\n").toLowerCase();
      if (!words.every((w) => text.includes(w))) return null;
      const rank = name.startsWith(words[0] ?? "") ? 0 : words.every((w) => name.includes(w)) ? 1 : 2;
      return { info, rank };
    })
    .filter((x): x is { info: ShortcodeInfo; rank: number } => x !== null);
  scored.sort((a, b) => a.rank - b.rank || a.info.name.localeCompare(b.info.name));
  return scored.map((x) => x.info);
}

/** The label of a param as the palette shows it: its name, or `#1` for the first positional. */
export function paramLabel(param: ShortcodeParam): string {
  return "name" in param && param.name !== undefined ? param.name : `#${(param.index ?? 0) + 1}`;
}

/**
 * The call inserting `info` writes, with every param as an empty value to fill in: named ones
 * (`{{< img src="" alt="" >}}`) when it has any, else its positional ones (`{{< link "" >}}`),
 * and a closing tag when it takes inner content. `cursor` is the offset of the first value (or
 * of the inner content, or the end).
 */
export function shortcodeCall(info: ShortcodeInfo, delimiter: "<" | "%" = "<"): { text: string; cursor: number } {
  const [open, close] = delimiter === "<" ? ["{{<", ">}}"] : ["{{%", "%}}"];
  const named = info.params.flatMap((p) => ("name" in p && p.name !== undefined ? [p.name] : []));
  const positional = info.params.filter((p) => !("name" in p && p.name !== undefined));
  const args = named.length > 0 ? named.map((n) => ` ${n}=""`) : positional.map(() => ` ""`);
  const head = `${open} ${info.name}${args.join("")} ${close}`;
  const firstValue = args.length > 0 ? `${open} ${info.name}`.length + (args[0] ?? "").length - 1 : -1;
  if (info.inner) {
    const text = `${head}\n\n${open} /${info.name} ${close}`;
    return { text, cursor: firstValue >= 0 ? firstValue : head.length + 1 };
  }
  return { text: head, cursor: firstValue >= 0 ? firstValue : head.length };
}

/** What the text before the cursor (on its line) asks to complete, if it is inside a call. */
export type ShortcodeContext =
  | { kind: "name"; from: number; prefix: string }
  | { kind: "param"; name: string; from: number; prefix: string; written: string[] };

/** Finds the completion context in `before` (the line up to the cursor). */
export function shortcodeContext(before: string): ShortcodeContext | null {
  const open = Math.max(before.lastIndexOf("{{<"), before.lastIndexOf("{{%"));
  if (open < 0) return null;
  const inside = before.slice(open + 3);
  if (/[>%]\}\}/.test(inside)) return null;
  const nameMatch = /^\s*\/?([\w/.-]*)$/.exec(inside);
  if (nameMatch) {
    const prefix = nameMatch[1] ?? "";
    return { kind: "name", from: before.length - prefix.length, prefix };
  }
  const call = /^\s*([\w/.-]+)\s/.exec(inside);
  if (!call?.[1]) return null;
  // Outside a quoted value: an even number of quotes after the name.
  const rest = inside.slice(call[0].length);
  if (((rest.match(/"/g) ?? []).length % 2) !== 0) return null;
  const last = /(?:^|\s)([\w-]*)$/.exec(rest);
  if (!last) return null;
  const prefix = last[1] ?? "";
  const written = [...rest.matchAll(/([\w-]+)\s*=/g)].map((m) => m[1] ?? "");
  return { kind: "param", name: call[1], from: before.length - prefix.length, prefix, written };
}

/** The param names to offer in a `param` context: the shortcode's named ones not yet written. */
export function paramCompletions(list: readonly ShortcodeInfo[], context: ShortcodeContext & { kind: "param" }): string[] {
  const info = list.find((s) => s.name === context.name);
  if (!info) return [];
  return info.params
    .flatMap((p) => ("name" in p && p.name !== undefined ? [p.name] : []))
    .filter((n) => n.startsWith(context.prefix) && !context.written.includes(n));
}
