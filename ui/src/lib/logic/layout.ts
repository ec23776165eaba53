// What the editor's layout remembers for the session: whether the front-matter form is folded
// to its summary line (kept across pages and reloads of the window, forgotten on quit).

const FORM_COLLAPSED = "postwright.formCollapsed";

/** Whether the form was folded earlier in this session. */
export function formCollapsed(storage: Pick<Storage, "getItem"> | undefined = globalThis.sessionStorage): boolean {
  try {
    return storage?.getItem(FORM_COLLAPSED) === "true";
  } catch {
    return false;
  }
}

/** Remembers the form's state for the rest of the session. */
export function rememberFormCollapsed(collapsed: boolean, storage: Pick<Storage, "setItem"> | undefined = globalThis.sessionStorage): void {
  try {
    storage?.setItem(FORM_COLLAPSED, String(collapsed));
  } catch {
    // Storage refused (private mode, quota): the state lasts until the page changes.
  }
}
