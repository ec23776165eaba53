// The page form: what it shows for a page's front matter, and the FieldEdits that saving it
// sends — only for the fields the user actually changed, so untouched keys keep their bytes.

import type { FieldEdit, JsonValue } from "../ipc/types";

/** The fields the form edits, in the order it shows them. */
export const TEXT_FIELDS = ["title", "summary", "date", "slug"] as const;
export const LIST_FIELDS = ["authors", "topics"] as const;

export type TextField = (typeof TEXT_FIELDS)[number];
export type ListField = (typeof LIST_FIELDS)[number];

export type FormState = Record<TextField, string> & Record<ListField, string[]>;

/** What the form starts from: the values as loaded, plus which keys the file has. */
export interface FormBaseline {
  form: FormState;
  present: ReadonlySet<string>;
}

function asText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function asList(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item) => asText(item)).filter((item) => item !== "");
  const single = asText(value);
  // Hugo accepts a single string where a list is expected.
  return single === "" ? [] : [single];
}

/** The form's starting state for a page's front matter. */
export function baselineFromFrontMatter(frontMatter: Partial<Record<string, JsonValue>>): FormBaseline {
  const form = {} as FormState;
  for (const key of TEXT_FIELDS) form[key] = asText(frontMatter[key]);
  for (const key of LIST_FIELDS) form[key] = asList(frontMatter[key]);
  return { form, present: new Set(Object.keys(frontMatter)) };
}

export function cloneForm(form: FormState): FormState {
  return { ...form, authors: [...form.authors], topics: [...form.topics] };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * The edits turning `baseline` into `current`: `set` for a changed field, `unset` for a field
 * the file has that the user emptied, nothing for an untouched one (even when its value would
 * be written differently), so saving never rewrites what the user did not change.
 */
export function fieldEdits(baseline: FormBaseline, current: FormState): FieldEdit[] {
  const edits: FieldEdit[] = [];
  for (const key of TEXT_FIELDS) {
    const before = baseline.form[key];
    const after = current[key];
    if (after === before) continue;
    if (after.trim() === "") {
      if (baseline.present.has(key)) edits.push({ op: "unset", key });
      continue;
    }
    edits.push({ op: "set", key, value: after });
  }
  for (const key of LIST_FIELDS) {
    const before = baseline.form[key];
    const after = current[key];
    if (sameList(before, after)) continue;
    if (after.length === 0) {
      if (baseline.present.has(key)) edits.push({ op: "unset", key });
      continue;
    }
    edits.push({ op: "set", key, value: [...after] });
  }
  return edits;
}
