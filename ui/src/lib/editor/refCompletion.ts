// Completion of `ref`/`relref` targets: inside the quotes of `{{< ref "… ` (or `path="…`), the
// pages the core's query finds for what is typed, by title and path, and choosing one writes
// the shortest target that leads to it. Which pages match, in which order, and what target is
// written all come from the core (`commands.refTargets`).

import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import type { RefTarget } from "../ipc/types";

/** Where a ref target being typed starts in `before` (the line up to the cursor), if it is one. */
export function refTargetContext(before: string): { from: number; typed: string } | null {
  const found = /\{\{[<%]\s*(?:rel)?ref\s+(?:path\s*=\s*)?"([^"]*)$/.exec(before);
  if (!found) return null;
  const typed = found[1] ?? "";
  return { from: before.length - typed.length, typed };
}

/** The completion options for `targets`: the title shown, the path beside it, the target written. */
export function refOptions(targets: readonly RefTarget[]): Completion[] {
  return targets.map((t) => ({ label: t.title, detail: t.path, apply: t.target, type: "text" }));
}

/** A completion source over `fetch` (the core's ref targets for the typed text). Make it once
 * per editor: CodeMirror tells sources apart by identity. */
export function refCompletions(fetch: (typed: string) => Promise<RefTarget[]>) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const line = context.state.doc.lineAt(context.pos);
    const found = refTargetContext(line.text.slice(0, context.pos - line.from));
    if (!found) return null;
    if (found.typed === "" && !context.explicit) {
      // Right after the quote: offer the newest pages only when asked (Ctrl+Space).
      return null;
    }
    let targets: RefTarget[];
    try {
      targets = await fetch(found.typed);
    } catch {
      return null;
    }
    if (context.aborted) return null;
    // The core ranks and filters; CodeMirror must not filter again by the label (the title).
    return { from: line.from + found.from, options: refOptions(targets), filter: false };
  };
}
