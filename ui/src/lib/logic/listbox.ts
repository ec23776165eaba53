// Keyboard moves in a search box's list of options (the command and shortcode palettes): one
// answer for where the active option goes, so both lists move the same way.

/** The active option after `key` (Arrow keys step, Ctrl+Home/End jump) in a list of `length`,
 *  or null when the key does not move it. */
export function movedOption(key: string, ctrlKey: boolean, active: number, length: number): number | null {
  if (key === "ArrowDown") return Math.max(Math.min(active + 1, length - 1), 0);
  if (key === "ArrowUp") return Math.max(active - 1, 0);
  if (key === "Home" && ctrlKey) return 0;
  if (key === "End" && ctrlKey) return Math.max(length - 1, 0);
  return null;
}
