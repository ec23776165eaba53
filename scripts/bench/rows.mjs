// One row of `make bench`'s table, built the same way as the Rust benches build theirs
// (benches/support/mod.rs `row`): the median of the values with their min and max, the
// reference's median and the ratio when measured beside one, and whether the target is met.
// Rows are appended as JSON lines to POSTWRIGHT_BENCH_ROWS; run.mjs gathers them.

import { appendFileSync } from "node:fs";

/** The value at `p` (0..1) of `values` by nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const median = (values) => percentile(values, 0.5);

/**
 * Builds and records a row. `target`: `{ atMost }` (on the value, in `unit`) or
 * `{ ratioAtMost }` (on value / reference); `value` overrides the median (a percentile row,
 * whose samples are single keys rather than runs).
 */
export function row(name, unit, values, { reference = null, target = null, value = null } = {}) {
  const v = value ?? median(values);
  const ref = reference && reference.length > 0 ? median(reference) : null;
  const ratio = ref === null ? null : v / ref;
  let bound = null;
  let on = null;
  let meets = null;
  if (target?.atMost !== undefined) {
    [bound, on, meets] = [target.atMost, "value", Number.isFinite(v) && v <= target.atMost];
  } else if (target?.ratioAtMost !== undefined) {
    [bound, on, meets] = [target.ratioAtMost, "ratio", ratio !== null && ratio <= target.ratioAtMost];
  }
  const entry = {
    name,
    value: Number.isFinite(v) ? v : null,
    unit,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
    runs: values.length,
    reference: ref,
    ratio,
    target: bound,
    target_on: on,
    meets,
  };
  console.log(`ROW ${JSON.stringify(entry)}`);
  if (process.env.POSTWRIGHT_BENCH_ROWS) appendFileSync(process.env.POSTWRIGHT_BENCH_ROWS, `${JSON.stringify(entry)}\n`);
  return entry;
}
