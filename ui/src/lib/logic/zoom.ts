// The window's zoom steps, as a browser's Ctrl+Plus / Ctrl+Minus / Ctrl+0 walk them: from 80 %
// to 200 % (WCAG 1.4.4 asks text to scale to 200 % without loss).

export const ZOOM_STEPS: readonly number[] = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
const SMALLEST = 0.8;
const LARGEST = 2;

/** The zoom a key press asks for: "+"/"=" one step up, "-" one down, "0" back to 100 %; null for other keys. */
export function zoomFor(current: number, key: string): number | null {
  if (key === "0") return 1;
  const up = key === "+" || key === "=";
  if (!up && key !== "-") return null;
  if (up) return ZOOM_STEPS.find((s) => s > current + 1e-6) ?? LARGEST;
  return [...ZOOM_STEPS].reverse().find((s) => s < current - 1e-6) ?? SMALLEST;
}
