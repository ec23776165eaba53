// Shortcode highlighting in the body editor: the tags and commented-out calls the core's one
// parser reports (`commands.shortcodeSpans`), as mark decorations. The spans are asked for a
// moment after typing stops; meanwhile the marks move with the edits, so typing never waits for
// the core and the UI never parses shortcodes itself.

import { StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import type { ShortcodeSpan } from "../ipc/types";

/** How long after the last edit the spans are asked for. */
export const SPANS_DELAY_MS = 150;

const setSpans = StateEffect.define<DecorationSet>();

const marks = {
  open: Decoration.mark({ class: "cm-shortcode cm-shortcode-open" }),
  close: Decoration.mark({ class: "cm-shortcode cm-shortcode-close" }),
  comment: Decoration.mark({ class: "cm-shortcode-comment" }),
} as const;

/** The decorations for `spans` in a document of `length` (spans past the end are dropped). */
export function spanDecorations(spans: readonly ShortcodeSpan[], length: number): DecorationSet {
  const ranges = spans
    .filter((s) => s.from < s.to && s.to <= length)
    .map((s) => marks[s.kind].range(s.from, s.to));
  return Decoration.set(ranges, true);
}

const field = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) if (effect.is(setSpans)) next = effect.value;
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The highlighting extension; `fetchSpans` asks the core for a text's spans. */
export function shortcodeHighlight(fetchSpans: (text: string) => Promise<ShortcodeSpan[]>): Extension {
  const plugin = ViewPlugin.fromClass(
    class {
      timer: ReturnType<typeof setTimeout> | undefined;
      constructor(readonly view: EditorView) {
        this.schedule(0);
      }
      update(update: ViewUpdate): void {
        if (update.docChanged) this.schedule(SPANS_DELAY_MS);
      }
      schedule(delay: number): void {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), delay);
      }
      async refresh(): Promise<void> {
        const doc = this.view.state.doc;
        try {
          const spans = await fetchSpans(doc.toString());
          // Typed on meanwhile: the next refresh brings the spans of the newer text.
          if (this.view.state.doc !== doc) return;
          this.view.dispatch({ effects: setSpans.of(spanDecorations(spans, doc.length)) });
        } catch {
          // Highlighting is an aid: without the core's answer the text stays plain.
        }
      }
      destroy(): void {
        clearTimeout(this.timer);
      }
    },
  );
  return [field, plugin];
}
