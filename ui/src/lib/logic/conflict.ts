// What to do when the open page changed on disk: our own save (same hash) is ignored, an
// unmodified editor reloads, an editor with unsaved edits keeps them and shows a conflict.

export type ExternalChange = "ignore" | "reload" | "conflict";

export function decideExternalChange(opts: { dirty: boolean; openHash: string; diskHash: string | null }): ExternalChange {
  if (opts.diskHash === opts.openHash) return "ignore";
  return opts.dirty ? "conflict" : "reload";
}
