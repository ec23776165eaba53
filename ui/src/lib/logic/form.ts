// The page form's state: what its fields (the core's answer for the page: its content type's
// fields with the control that edits each, or the default set) hold for a page's front matter,
// and the FieldEdits that saving sends: only for the fields the user actually changed, so
// untouched keys keep their bytes. Whether a value is required or well-formed is the core's
// check (the form shows the findings for its fields).

import type { Diagnostic, FieldEdit, FormField, JsonValue } from "../ipc/types";

export type { FieldKind, FormField } from "../ipc/types";

export type FormValue = string | string[] | boolean;
export type FormState = Record<string, FormValue>;

/** What the form starts from: its fields, the values as loaded, which keys the file has, and
 * which fields hold a value the form cannot edit without changing its shape (shown, locked). */
export interface FormBaseline {
  fields: FormField[];
  form: FormState;
  /** The front matter as loaded. */
  raw: Partial<Record<string, JsonValue>>;
  present: ReadonlySet<string>;
  locked: ReadonlySet<string>;
}

/** Terms and lists are edited as chips, whether they hold one value or several. */
export function isChips(f: FormField): boolean {
  return f.kind === "terms" || f.kind === "list";
}

function isScalar(value: JsonValue | undefined): value is string | number | boolean | null | undefined {
  return value === undefined || value === null || typeof value !== "object";
}

function asText(value: string | number | boolean | null | undefined): string {
  return value === undefined || value === null ? "" : String(value);
}

/** The form's starting state for a page's front matter. */
export function baselineFromFrontMatter(frontMatter: Partial<Record<string, JsonValue>>, fields: FormField[]): FormBaseline {
  const form: FormState = {};
  const locked = new Set<string>();
  for (const f of fields) {
    const value = frontMatter[f.key];
    if (isChips(f)) {
      if (Array.isArray(value) && value.every(isScalar)) {
        form[f.key] = value.map((item) => asText(item as string | number | boolean | null)).filter((item) => item !== "");
      } else if (isScalar(value)) {
        // Hugo accepts a single string where a list is expected.
        const single = asText(value);
        form[f.key] = single === "" ? [] : [single];
      } else {
        form[f.key] = [];
        locked.add(f.key);
      }
    } else if (f.kind === "boolean") {
      if (typeof value === "boolean" || value === undefined || value === null) form[f.key] = value === true;
      else {
        form[f.key] = false;
        locked.add(f.key);
      }
    } else if (isScalar(value)) {
      form[f.key] = asText(value);
    } else {
      // A list or a map where the schema says text: saving the form must not flatten it.
      form[f.key] = JSON.stringify(value);
      locked.add(f.key);
    }
  }
  return { fields, form, raw: frontMatter, present: new Set(Object.keys(frontMatter)), locked };
}

export function cloneForm(form: FormState): FormState {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
}

/** A field's value as text (the preview's title and summary, the form's inputs). */
export function textValue(form: FormState, key: string): string {
  const value = form[key];
  return typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : value === undefined ? "" : String(value);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** A number field keeps numbers as numbers (weight: 3), other text as written. */
function typed(field: FormField, text: string): JsonValue {
  if (field.kind === "number" && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text.trim());
  return text;
}

/**
 * The edits turning `baseline` into `current`: `set` for a changed field, `unset` for a field
 * the file has that the user emptied, nothing for an untouched one (even when its value would
 * be written differently), so saving never rewrites what the user did not change.
 */
export function fieldEdits(baseline: FormBaseline, current: FormState): FieldEdit[] {
  const edits: FieldEdit[] = [];
  for (const f of baseline.fields) {
    if (baseline.locked.has(f.key)) continue;
    const before = baseline.form[f.key];
    const after = current[f.key];
    if (Array.isArray(before) && Array.isArray(after)) {
      if (sameList(before, after)) continue;
      if (after.length === 0) {
        if (baseline.present.has(f.key)) edits.push({ op: "unset", key: f.key });
        continue;
      }
      // A single relation is written as a string, unless the file already holds a list.
      const asList = f.multiple || after.length > 1 || Array.isArray(baseline.raw[f.key]);
      edits.push({ op: "set", key: f.key, value: asList ? [...after] : (after[0] ?? "") });
    } else if (typeof before === "boolean" && typeof after === "boolean") {
      if (before !== after) edits.push({ op: "set", key: f.key, value: after });
    } else if (typeof before === "string" && typeof after === "string") {
      if (after === before) continue;
      if (after.trim() === "") {
        if (baseline.present.has(f.key)) edits.push({ op: "unset", key: f.key });
        continue;
      }
      edits.push({ op: "set", key: f.key, value: typed(f, after) });
    }
  }
  return edits;
}

/** The codes of the core's findings about a form field's value (required, pattern). */
const FIELD_VALUE_CODES: ReadonlySet<string> = new Set(["required-field", "pattern-mismatch"]);

/** What the core's check of the text saving would write says is wrong with field `key`'s value. */
export function fieldProblem(findings: readonly Diagnostic[], key: string): string | null {
  return findings.find((d) => d.field === key && FIELD_VALUE_CODES.has(d.code))?.message ?? null;
}

/** How a field holds its value: chips (a list), a checkbox, or text. */
function shapeOf(f: FormField): "chips" | "boolean" | "text" {
  return isChips(f) ? "chips" : f.kind === "boolean" ? "boolean" : "text";
}

/** A value typed into a field of one shape, as a field of another shape holds it. */
function reshapeValue(value: FormValue | undefined, to: FormField): FormValue {
  const shape = shapeOf(to);
  if (shape === "chips") {
    if (Array.isArray(value)) return [...value];
    const text = value === undefined ? "" : String(value).trim();
    return text === "" ? [] : [text];
  }
  if (shape === "boolean") return Array.isArray(value) ? value.length > 0 : value === true || value === "true";
  return Array.isArray(value) ? value.join(", ") : value === undefined ? "" : String(value);
}

/**
 * The form for new fields (the site's content types changed while the page was open): the
 * baseline is the page's front matter as loaded, read for the new fields, and nothing the
 * writer changed is lost. An edited field keeps its value (reshaped if its kind changed), and
 * an edited field the new schema no longer has stays in the form, after the new ones, so
 * saving still writes it.
 */
export function reshapeForm(old: FormBaseline, current: FormState, fields: FormField[]): { baseline: FormBaseline; form: FormState } {
  const edited = new Set(fieldEdits(old, current).map((e) => (e.op === "rename" ? e.to : e.key)));
  const kept = old.fields.filter((f) => edited.has(f.key) && !fields.some((n) => n.key === f.key));
  const baseline = baselineFromFrontMatter(old.raw, [...fields, ...kept]);
  const form = cloneForm(baseline.form);
  for (const f of baseline.fields) {
    if (edited.has(f.key) && !baseline.locked.has(f.key)) form[f.key] = reshapeValue(current[f.key], f);
  }
  return { baseline, form };
}

/** Whether two field lists show the same form. */
export function sameFields(a: readonly FormField[], b: readonly FormField[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
