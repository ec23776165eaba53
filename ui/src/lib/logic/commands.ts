import type { AppCommand } from "../commands.svelte";

/**
 * The commands whose label holds every word of `query` (any case), those whose label starts
 * with the query first, then those with a word starting with it, then the rest; registration
 * order within each group.
 */
export function filterCommands(list: readonly AppCommand[], query: string): AppCommand[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [...list];
  const words = q.split(/\s+/);
  const rank = (label: string): number => {
    const l = label.toLowerCase();
    if (l.startsWith(q)) return 0;
    if (l.split(/[\s…]+/).some((w) => w.startsWith(words[0] ?? ""))) return 1;
    return 2;
  };
  return list
    .map((command, i) => ({ command, i, label: command.label.toLowerCase() }))
    .filter(({ label }) => words.every((w) => label.includes(w)))
    .sort((a, b) => rank(a.command.label) - rank(b.command.label) || a.i - b.i)
    .map(({ command }) => command);
}
