// Timing marks for `make bench` (scripts/bench/): what a user feels, measured in the real
// window. A mark is a name, `performance.now()` and an optional number; the benchmark reads
// them back over WebDriver from `window.__postwrightPerf`, which exists only when the app was
// started with POSTWRIGHT_BENCH=1 (the desktop shell then sets `window.__POSTWRIGHT_BENCH__`
// before the UI loads). Otherwise `mark` returns at once and nothing is kept.
//
// The marks and what their number means (the benchmark relies on these):
// - "keystroke": a key that types a character went down in a body editor; the editor's text
//   length before it.
// - "preview-painted": the preview frame shows a render; the length of the body it rendered
//   (so a key is shown once a paint's length reaches the keystroke's length + 1).
// - "open": a page is being opened (the click or key that asked for it).
// - "form-painted": the opened page's form is painted; the length of its body.
// - "page-rows": the page list first painted rows; how many.
// - "problems-ready": the site-wide check's result is painted; how many findings.

/** One mark: what happened, when (`performance.now()`), and a number that goes with it. */
export interface PerfMark {
  name: string;
  t: number;
  detail: number | null;
}

/** The most marks kept; older ones are overwritten (a bounded ring). */
export const CAPACITY = 4096;

/** A ring of at most `capacity` marks, oldest first when read. */
export class MarkRing {
  #items: PerfMark[] = [];
  #next = 0;
  constructor(readonly capacity: number) {}

  push(item: PerfMark): void {
    if (this.#items.length < this.capacity) this.#items.push(item);
    else this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Every kept mark, oldest first. */
  list(): PerfMark[] {
    return this.#items.length < this.capacity ? [...this.#items] : [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)];
  }
}

declare global {
  interface Window {
    __POSTWRIGHT_BENCH__?: boolean;
    __postwrightPerf?: { marks: () => PerfMark[]; timeOrigin: number };
  }
}

const enabled = typeof window !== "undefined" && window.__POSTWRIGHT_BENCH__ === true;
const ring = new MarkRing(CAPACITY);
if (enabled) window.__postwrightPerf = { marks: () => ring.list(), timeOrigin: performance.timeOrigin };

/** Records `name` now (only in a benchmark run). */
export function mark(name: string, detail: number | null = null): void {
  if (enabled) ring.push({ name, t: performance.now(), detail });
}

/** Records `name` once what the DOM holds now has been painted (the frame after it). */
export function markPainted(name: string, detail: number | null = null): void {
  if (enabled) requestAnimationFrame(() => setTimeout(() => mark(name, detail), 0));
}
