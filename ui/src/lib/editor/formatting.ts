// Markdown formatting for the body editor's toolbar and shortcuts: bold and italic wrap (or
// unwrap) the selection, heading and list toggle a prefix on the selected lines, a link or an
// image replaces the selection. Plain CommonMark text edits as CodeMirror commands, one
// transaction each (one undo step); nothing here knows Hugo.

import { EditorSelection, type ChangeSpec, type EditorState, type TransactionSpec } from "@codemirror/state";

/** Wraps each selection range in `marker` (`**`), or unwraps it when it is wrapped already
 * (the markers inside or just outside the selection). An empty range gets the markers with the
 * cursor between them. */
export function toggleWrap(state: EditorState, marker: string): TransactionSpec {
  const n = marker.length;
  return state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to);
    if (text.length >= 2 * n && text.startsWith(marker) && text.endsWith(marker)) {
      const inner = text.slice(n, text.length - n);
      return {
        changes: { from: range.from, to: range.to, insert: inner },
        range: EditorSelection.range(range.from, range.from + inner.length),
      };
    }
    const before = state.sliceDoc(range.from - n, range.from);
    const after = state.sliceDoc(range.to, range.to + n);
    if (range.from >= n && before === marker && after === marker) {
      const changes: ChangeSpec[] = [
        { from: range.from - n, to: range.from },
        { from: range.to, to: range.to + n },
      ];
      return { changes, range: EditorSelection.range(range.from - n, range.to - n) };
    }
    return {
      changes: [
        { from: range.from, insert: marker },
        { from: range.to, insert: marker },
      ],
      range: EditorSelection.range(range.from + n, range.to + n),
    };
  });
}

/** Toggles `prefix` at the start of every line the selection touches: removed from all when
 * every line has it (or, for headings, any `#` level), else added where missing. */
export function toggleLinePrefix(state: EditorState, prefix: string, existing: RegExp): TransactionSpec {
  const lines = new Set<number>();
  for (const range of state.selection.ranges) {
    for (let l = state.doc.lineAt(range.from).number; l <= state.doc.lineAt(range.to).number; l++) lines.add(l);
  }
  const numbers = [...lines].sort((a, b) => a - b);
  const all = numbers.every((l) => existing.test(state.doc.line(l).text));
  const changes: ChangeSpec[] = numbers.flatMap((l): ChangeSpec[] => {
    const line = state.doc.line(l);
    const found = existing.exec(line.text);
    if (all && found) return [{ from: line.from, to: line.from + found[0].length }];
    if (!all && !found) return [{ from: line.from, insert: prefix }];
    return [];
  });
  return { changes, selection: state.selection.map(state.changes(changes)) };
}

export const bold = (state: EditorState): TransactionSpec => toggleWrap(state, "**");
export const italic = (state: EditorState): TransactionSpec => toggleWrap(state, "_");
export const heading = (state: EditorState): TransactionSpec => toggleLinePrefix(state, "## ", /^#{1,6} /);
export const bulletList = (state: EditorState): TransactionSpec => toggleLinePrefix(state, "- ", /^\s*[-*+] /);

/** Replaces the main selection with `text`, the cursor at `cursor` within it (else its end). */
export function replaceSelection(state: EditorState, text: string, cursor?: number): TransactionSpec {
  const { from, to } = state.selection.main;
  return {
    changes: { from, to, insert: text },
    selection: EditorSelection.cursor(from + (cursor ?? text.length)),
    scrollIntoView: true,
  };
}

/** A Markdown link to `url` with `text` (the selection when no text is given). */
export function linkMarkdown(text: string, url: string): string {
  const label = text.replace(/([[\]])/g, "\\$1");
  const target = /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
  return `[${label}](${target})`;
}
