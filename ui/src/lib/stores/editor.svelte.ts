// The page being edited: the form (diffed against what was loaded into FieldEdits), the body,
// the live preview (stale results dropped by revision), saving, and outside changes.

import { api, asAppError } from "../ipc";
import type { OpenedDocument, RenderDiagnostic } from "../ipc/types";
import { decideExternalChange } from "../logic/conflict";
import { baselineFromFrontMatter, cloneForm, fieldEdits, type FormBaseline, type FormState } from "../logic/form";
import { RevisionGate } from "../logic/revision";

const PREVIEW_DELAY_MS = 60;

export interface Notice {
  kind: "ok" | "error";
  text: string;
}

export class EditorStore {
  doc = $state.raw<OpenedDocument | null>(null);
  baseline = $state.raw<FormBaseline>(baselineFromFrontMatter({}));
  form = $state<FormState>(cloneForm(baselineFromFrontMatter({}).form));
  body = $state("");
  loadedBody = $state("");
  /** Bumped whenever the body is replaced from outside the editor (open, reload). */
  bodyVersion = $state(0);
  conflict = $state<string | null>(null);
  notice = $state<Notice | null>(null);
  saving = $state(false);
  loading = $state(false);
  previewHtml = $state("");
  previewDiagnostics = $state.raw<RenderDiagnostic[]>([]);

  #gate = new RevisionGate();
  #previewTimer: ReturnType<typeof setTimeout> | undefined;

  /** The page's front matter could not be read: the whole source is edited raw. */
  rawMode = $derived(this.doc?.frontMatterError != null);
  edits = $derived(this.rawMode ? [] : fieldEdits(this.baseline, this.form));
  bodyChanged = $derived(this.body !== this.loadedBody);
  dirty = $derived(this.edits.length > 0 || this.bodyChanged);

  async open(path: string): Promise<void> {
    this.loading = true;
    try {
      const doc = await api.openDocument(path);
      this.#load(doc, null);
      this.notice = null;
      this.conflict = null;
    } catch (e) {
      this.notice = { kind: "error", text: asAppError(e).located };
    } finally {
      this.loading = false;
    }
  }

  #load(doc: OpenedDocument, keepForm: FormState | null): void {
    this.doc = doc;
    this.baseline = baselineFromFrontMatter(doc.frontMatter);
    this.form = keepForm ?? cloneForm(this.baseline.form);
    this.body = doc.body;
    this.loadedBody = doc.body;
    this.bodyVersion += 1;
    this.#gate.reset();
    this.schedulePreview(0);
  }

  /** The body editor reports a change. */
  setBody(text: string): void {
    if (text === this.body) return;
    this.body = text;
    this.schedulePreview(PREVIEW_DELAY_MS);
  }

  schedulePreview(delay: number): void {
    clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => void this.#renderPreview(), delay);
  }

  async #renderPreview(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    const revision = this.#gate.issue();
    try {
      const preview = await api.renderPreview(doc.path, this.rawMode ? "" : this.body, revision);
      if (!this.#gate.accept(preview.revision)) return;
      this.previewHtml = preview.html;
      this.previewDiagnostics = preview.diagnostics;
    } catch (e) {
      if (this.#gate.accept(revision)) this.previewHtml = `<p>${asAppError(e).message}</p>`;
    }
  }

  async save(): Promise<void> {
    const doc = this.doc;
    if (!doc || this.saving || !this.dirty) return;
    this.saving = true;
    try {
      const saved = this.rawMode
        ? await api.saveDocument(doc.path, this.body, doc.diskHash, [], null)
        : await api.saveDocument(doc.path, doc.source, doc.diskHash, this.edits, this.bodyChanged ? this.body : null);
      this.#load(saved, null);
      this.conflict = null;
      this.notice = { kind: "ok", text: "Saved" };
    } catch (e) {
      const error = asAppError(e);
      if (error.code === "changedOnDisk") {
        this.conflict = "This page changed on disk after you opened it. Your edits were not saved and nothing was overwritten.";
        this.notice = { kind: "error", text: "Save refused: the file changed on disk" };
      } else {
        this.notice = { kind: "error", text: `Save failed: ${error.located}` };
      }
    } finally {
      this.saving = false;
    }
  }

  /** Discards the unsaved edits and loads the file as it is on disk now. */
  async reloadFromDisk(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    await this.open(doc.path);
  }

  /** Files changed on disk: reload the open page if clean, flag a conflict if not. */
  async onSiteChanged(paths: string[]): Promise<void> {
    const doc = this.doc;
    if (!doc || !paths.includes(doc.path)) return;
    let fresh: OpenedDocument | null;
    try {
      fresh = await api.openDocument(doc.path);
    } catch {
      fresh = null; // removed or unreadable
    }
    const action = decideExternalChange({ dirty: this.dirty, openHash: doc.diskHash, diskHash: fresh?.diskHash ?? null });
    if (action === "reload" && fresh) {
      this.#load(fresh, null);
      this.notice = { kind: "ok", text: "Reloaded: the file changed on disk" };
    } else if (action === "conflict") {
      this.conflict = fresh
        ? "This page changed on disk while you were editing. Your edits are kept; saving is refused until you reload."
        : "This page was removed or became unreadable on disk. Your edits are kept.";
    }
  }
}
