// The shortcode form's state and what applying it asks the core to change: only the fields the
// writer changed, an emptied field taking its param out of the call. Which params there are,
// their labels and values come from the core's form (`commands.shortcodeAt` / `shortcodeForm`).

import type { FormParam, ParamChange, ShortcodeEdit, ShortcodeForm } from "../ipc/types";

/** One input of the form. */
export interface FormEntry {
  param: FormParam;
  /** Not offered by the template but written in the call. */
  extra: boolean;
  /** Disabled: the call writes the other kind of params (Hugo never mixes them). */
  locked: boolean;
}

/** The form's inputs: the template's params, then the ones only the call writes. */
export function formEntries(form: ShortcodeForm): FormEntry[] {
  const locked = (p: FormParam) =>
    form.style !== null && ("index" in p.param && p.param.index !== undefined ? form.style === "named" : form.style === "positional");
  return [
    ...form.params.map((param) => ({ param, extra: false, locked: locked(param) })),
    ...form.extra.map((param) => ({ param, extra: true, locked: false })),
  ];
}

/** The initial values of `entries`, by position (empty for a param the call does not write). */
export function initialValues(entries: readonly FormEntry[]): string[] {
  return entries.map((e) => e.param.value ?? "");
}

/**
 * The edit the form's `values` (and `inner`, when the shortcode takes it) ask for: a change for
 * each field that differs from what the call writes; an emptied field removes the param.
 */
export function formEdit(form: ShortcodeForm, entries: readonly FormEntry[], values: readonly string[], inner: string | null): ShortcodeEdit {
  const params: ParamChange[] = [];
  entries.forEach((entry, i) => {
    const before = entry.param.value;
    const now = values[i] ?? "";
    if (before === null && now === "") return;
    if (before !== null && now === before) return;
    params.push({ param: entry.param.param, value: now === "" ? null : now });
  });
  const innerChanged = inner !== null && inner !== (form.inner ?? "");
  return { params, inner: innerChanged ? inner : null };
}
