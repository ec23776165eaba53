// The page being edited: the form (diffed against what was loaded into FieldEdits), the body,
// the live preview (stale results dropped by revision), saving, outside changes, and the
// crash-recovery journal (the unsaved buffer written every few seconds, offered back on start).

import { api, asAppError } from "../ipc";
import type { Diagnostic, DiskMerge, FixPreview, LineChange, OpenedDocument, RecoveredBuffer, RenderDiagnostic } from "../ipc/types";
import { conflictChoices, fieldChoices, type HunkChoice } from "../logic/merge";
import { decideExternalChange } from "../logic/conflict";
import { escapeHtml } from "../logic/preview";
import {
  baselineFromFrontMatter,
  cloneForm,
  fieldEdits,
  reshapeForm,
  sameFields,
  textValue,
  type FormBaseline,
  type FormField,
  type FormState,
} from "../logic/form";
import { bodyLineOffset, fixSelectionOf } from "../logic/problems";
import { RevisionGate } from "../logic/revision";
import { visibleNotice } from "../logic/status";
import { mark, markPainted } from "../perf";

const SAVE_DIFF_DELAY_MS = 80;
/** The save diff after typing in the body: later than after a form change (it diffs the file). */
const BODY_DIFF_DELAY_MS = 300;
const CHECK_DELAY_MS = 250;

/** A place in an editor to move the cursor to; a new `seq` moves it again. */
export interface JumpRequest {
  line: number;
  column: number;
  seq: number;
}

/** How often an unsaved buffer is journaled: at most this much typing is lost to a crash. */
export const JOURNAL_INTERVAL_MS = 2000;

export interface Notice {
  /** "saved": says the page is saved, which stops being true at the next edit. */
  kind: "ok" | "error" | "saved";
  text: string;
}

export class EditorStore {
  doc = $state.raw<OpenedDocument | null>(null);
  /** The form's fields, as the core gives them for the page (its content type's, else the default set). */
  fields = $state.raw<FormField[]>([]);
  baseline = $state.raw<FormBaseline>(baselineFromFrontMatter({}, []));
  form = $state<FormState>({});
  body = $state("");
  loadedBody = $state("");
  /** The front-matter block as text, edited raw when it cannot be read. */
  frontMatterText = $state("");
  loadedFrontMatterText = $state("");
  /** The lines saving would change, front matter and body (the pending-changes view). */
  saveDiff = $state.raw<LineChange[]>([]);
  saveDiffError = $state<string | null>(null);
  /** A three-way merge with the disk waiting for the writer's choices (conflicting fields and hunks). */
  merge = $state.raw<DiskMerge | null>(null);
  /** Per body hunk of `merge` (ignored for clean ones). */
  mergeChoices = $state<HunkChoice[]>([]);
  /** Per conflicting front-matter key of `merge`. */
  mergeFieldChoices = $state<Record<string, HunkChoice>>({});
  /** Unsaved buffers an earlier run left behind (a crash), offered back on start. */
  recoverable = $state.raw<RecoveredBuffer[]>([]);
  /** The loaded text is a merge result not yet saved (dirty even with no further edits). */
  mergedPending = $state(false);
  /** Bumped whenever the body is replaced from outside the editor (open, reload). */
  bodyVersion = $state(0);
  conflict = $state<string | null>(null);
  notice = $state<Notice | null>(null);
  saving = $state(false);
  loading = $state(false);
  previewHtml = $state("");
  /** The length of the body `previewHtml` was rendered from (set before it; `make bench` reads it). */
  previewSourceLength = $state(0);
  /** The page `previewHtml` was rendered for: until the opened page's first render arrives,
   * the preview keeps showing the last one instead of the last page's body under the new
   * page's title (patching that into the frame would delay the new page's own paint). */
  previewPath = $state<string | null>(null);
  previewDiagnostics = $state.raw<RenderDiagnostic[]>([]);
  /** Where the body editor is scrolled (a fraction): the preview follows it. */
  editorScroll = $state(0);
  /** Where the preview was last scrolled, by either side: a re-render starts there. */
  previewScroll = 0;
  /** The open page's findings for its unsaved text, re-checked as the writer types. */
  problems = $state.raw<Diagnostic[]>([]);
  /** The lines before the body in the text last checked (finding line − this = body line). */
  problemsBodyOffset = $state(0);
  bodyJump = $state.raw<JumpRequest | null>(null);
  frontMatterJump = $state.raw<JumpRequest | null>(null);

  #gate = new RevisionGate();
  /** A preview render is in flight; `#previewAgain`: the body changed meanwhile. */
  #previewBusy = false;
  #previewAgain = false;
  #diffTimer: ReturnType<typeof setTimeout> | undefined;
  #diffGate = new RevisionGate();
  #checkTimer: ReturnType<typeof setTimeout> | undefined;
  #checkGate = new RevisionGate();
  #jumps = 0;

  /** The title and summary as the form holds them (the preview heads the page with them). */
  title = $derived(textValue(this.form, "title"));
  /** The title as the header and the preview show it (entities decoded by the core); the
   * form and the file keep what was typed. */
  displayTitle = $state("");
  #titleGate = new RevisionGate();
  summary = $derived(textValue(this.form, "summary"));

  /** The text on disk `doc.diskHash` names (after a merge, the disk's, not the merged text):
   * the base of the next merge and of the journal entry. */
  #diskSource = "";
  /** The base and ours `merge` was made from, which resolving it needs again. */
  #mergeInput: { base: string; ours: string } | null = null;
  /** The page this run journaled last (its entry is dropped once it is clean again). */
  #journaled: string | null = null;

  /** The page's front matter could not be read: the whole source is edited raw. */
  rawMode = $derived(this.doc?.frontMatterError != null);
  edits = $derived(this.rawMode ? [] : fieldEdits(this.baseline, this.form));
  bodyChanged = $derived(this.body !== this.loadedBody);
  frontMatterTextChanged = $derived(this.frontMatterText !== this.loadedFrontMatterText);
  dirty = $derived(
    this.edits.length > 0 || this.bodyChanged || (this.rawMode && this.frontMatterTextChanged) || this.mergedPending,
  );
  /** The notice the header shows now: a "saved" one goes once the page has unsaved edits. */
  shownNotice = $derived(visibleNotice(this.notice, this.dirty));

  /** Asks the core how `title` reads (the header and preview call it as the title changes). */
  async showTitle(title: string): Promise<void> {
    const revision = this.#titleGate.issue();
    try {
      const shown = title.includes("&") ? await api.displayText(title) : title;
      if (this.#titleGate.accept(revision)) this.displayTitle = shown;
    } catch {
      if (this.#titleGate.accept(revision)) this.displayTitle = title;
    }
  }

  async open(path: string): Promise<void> {
    mark("open");
    this.loading = true;
    try {
      const [doc, fields] = await Promise.all([api.openDocument(path), api.formFields(path)]);
      this.fields = fields;
      this.#load(doc, null);
      this.notice = null;
      this.conflict = null;
      markPainted("form-painted", doc.body.length);
    } catch (e) {
      this.notice = { kind: "error", text: asAppError(e).located };
    } finally {
      this.loading = false;
    }
  }

  /** The site's content types may have changed (its Decap config was edited, or the settings
   * name another): the open page's form gets the new fields, keeping everything typed. */
  async refreshFields(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    try {
      const fields = await api.formFields(doc.path);
      // Another page opened meanwhile, or the schema gave the same form: nothing to do.
      if (this.doc !== doc) return;
      if (sameFields(fields, this.fields)) return;
      const { baseline, form } = reshapeForm(this.baseline, this.form, fields);
      this.fields = baseline.fields;
      this.baseline = baseline;
      this.form = form;
      this.scheduleSaveDiff();
    } catch (e) {
      this.notice = { kind: "error", text: `Cannot read the new form fields: ${asAppError(e).located}` };
    }
  }

  #load(doc: OpenedDocument, keepForm: FormState | null): void {
    this.doc = doc;
    this.baseline = baselineFromFrontMatter(doc.frontMatter, this.fields);
    this.form = keepForm ?? cloneForm(this.baseline.form);
    this.body = doc.body;
    this.loadedBody = doc.body;
    this.frontMatterText = doc.frontMatterText;
    this.loadedFrontMatterText = doc.frontMatterText;
    this.saveDiff = [];
    this.saveDiffError = null;
    this.merge = null;
    this.mergeChoices = [];
    this.mergeFieldChoices = {};
    this.#mergeInput = null;
    this.#diskSource = doc.source;
    this.mergedPending = false;
    this.bodyVersion += 1;
    this.#gate.reset();
    this.#checkGate.reset();
    this.problems = [];
    this.schedulePreview();
    this.scheduleCheck(0);
  }

  /** The body editor reports a change. */
  setBody(text: string): void {
    if (text === this.body) return;
    this.body = text;
    this.schedulePreview();
    this.scheduleCheck(CHECK_DELAY_MS);
    this.#scheduleDiff(BODY_DIFF_DELAY_MS);
  }

  /** The raw front-matter editor reports a change. */
  setFrontMatterText(text: string): void {
    if (text === this.frontMatterText) return;
    this.frontMatterText = text;
    this.scheduleCheck(CHECK_DELAY_MS);
  }

  /** The form changed: recompute (soon) which lines saving it would change, and re-check. */
  scheduleSaveDiff(): void {
    this.#scheduleDiff(SAVE_DIFF_DELAY_MS);
    this.scheduleCheck(CHECK_DELAY_MS);
  }

  #scheduleDiff(delay: number): void {
    clearTimeout(this.#diffTimer);
    this.#diffTimer = setTimeout(() => void this.#computeSaveDiff(), delay);
  }

  /** Re-checks (after `delay` ms without further edits) the text saving would write. */
  scheduleCheck(delay: number): void {
    clearTimeout(this.#checkTimer);
    this.#checkTimer = setTimeout(() => void this.#check(), delay);
  }

  async #check(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    const revision = this.#checkGate.issue();
    const body = this.body;
    try {
      const text = await this.#pendingText(doc);
      const problems = await api.checkDocument(doc.path, text);
      if (!this.#checkGate.accept(revision) || this.doc !== doc) return;
      this.problems = problems;
      this.problemsBodyOffset = bodyLineOffset(text, body);
    } catch {
      // A form value the front-matter editor refuses: the save diff already says why.
    }
  }

  /** Moves the body editor's cursor to a line of the body (1-based). */
  jumpToBody(line: number, column: number): void {
    this.#jumps += 1;
    this.bodyJump = { line, column, seq: this.#jumps };
  }

  /** Moves the raw front-matter editor's cursor to a line of the file (1-based). */
  jumpToFrontMatter(line: number, column: number): void {
    this.#jumps += 1;
    this.frontMatterJump = { line, column, seq: this.#jumps };
  }

  /** What fixing `finding` would change in the text saving would write now. */
  async previewFix(finding: Diagnostic): Promise<{ source: string; preview: FixPreview }> {
    const doc = this.doc;
    if (!doc) throw new Error("no page is open");
    const source = await this.#pendingText(doc);
    return { source, preview: await api.fixPreview(doc.path, source, fixSelectionOf(finding)) };
  }

  /**
   * Applies a previewed fix. A clean page is fixed and saved by the core (only the fix's
   * lines change on disk); a page with unsaved edits gets the fixed text in the editor,
   * unsaved, so a fix never saves edits the writer did not choose to save.
   */
  async applyFix(finding: Diagnostic, previewed: { source: string; preview: FixPreview }): Promise<boolean> {
    const doc = this.doc;
    if (!doc) return false;
    try {
      if ((await this.#pendingText(doc)) !== previewed.source) {
        this.notice = { kind: "error", text: "The page changed since the preview: press Fix again" };
        return false;
      }
      if (!this.dirty) {
        const saved = await api.applyFix(doc.path, doc.source, doc.diskHash, fixSelectionOf(finding));
        this.#load(saved, null);
        this.notice = { kind: "saved", text: `Fixed and saved: ${finding.code}` };
      } else {
        const disk = this.#diskSource;
        this.#loadMerged(await api.documentFromText(doc.path, previewed.preview.fixed, doc.diskHash), disk);
        this.notice = { kind: "ok", text: `Fixed ${finding.code} — review and save` };
      }
      return true;
    } catch (e) {
      const error = asAppError(e);
      this.notice = { kind: "error", text: error.code === "changed-on-disk" ? "Fix refused: the file changed on disk" : `Fix failed: ${error.located}` };
      return false;
    }
  }

  async #computeSaveDiff(): Promise<void> {
    const doc = this.doc;
    if (!doc || this.rawMode) return;
    const edits = this.edits;
    // The body's hunks too: the view lists every line saving would change.
    const body = this.bodyChanged ? this.body : null;
    const revision = this.#diffGate.issue();
    try {
      const lines = edits.length === 0 && body === null ? [] : await api.savePreview(doc.path, doc.source, edits, body);
      if (!this.#diffGate.accept(revision) || this.doc !== doc) return;
      this.saveDiff = lines;
      this.saveDiffError = null;
    } catch (e) {
      if (this.#diffGate.accept(revision)) this.saveDiffError = asAppError(e).located;
    }
  }

  /**
   * Renders the preview now (from the first key, no waiting for a pause), at most one render
   * at a time: a change while one is in flight makes one more render, of the latest text, when
   * it ends, however many keys came meanwhile.
   */
  schedulePreview(): void {
    if (this.#previewBusy) {
      this.#previewAgain = true;
      return;
    }
    this.#previewBusy = true;
    void (async () => {
      try {
        do {
          this.#previewAgain = false;
          await this.#renderPreview();
        } while (this.#previewAgain);
      } finally {
        this.#previewBusy = false;
      }
    })();
  }

  async #renderPreview(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    const revision = this.#gate.issue();
    try {
      const body = this.rawMode ? "" : this.body;
      const preview = await api.renderPreview(doc.path, body, revision);
      if (!this.#gate.accept(preview.revision)) return;
      this.previewSourceLength = body.length;
      this.previewPath = doc.path;
      this.previewHtml = preview.html;
      this.previewDiagnostics = preview.diagnostics;
    } catch (e) {
      if (this.#gate.accept(revision)) {
        this.previewPath = doc.path;
        this.previewHtml = `<p>${escapeHtml(asAppError(e).message)}</p>`;
      }
    }
  }

  async save(): Promise<void> {
    const doc = this.doc;
    if (!doc || this.saving || !this.dirty) return;
    this.saving = true;
    try {
      // A page whose front matter cannot be read is saved as typed: the raw block + the body.
      const saved = this.rawMode
        ? await api.saveSource(doc.path, this.frontMatterText + this.body, doc.diskHash)
        : await api.saveDocument(doc.path, doc.source, doc.diskHash, this.edits, this.bodyChanged ? this.body : null);
      this.#load(saved, null);
      this.conflict = null;
      this.notice = { kind: "saved", text: "Saved" };
    } catch (e) {
      const error = asAppError(e);
      if (error.code === "changed-on-disk") {
        this.conflict = "This page changed on disk after you opened it. Your edits were not saved and nothing was overwritten.";
        this.notice = { kind: "error", text: "Save refused: the file changed on disk" };
      } else {
        this.notice = { kind: "error", text: `Save failed: ${error.located}` };
      }
    } finally {
      this.saving = false;
    }
  }

  /** Rewrites the open page, which is not UTF-8, as UTF-8 (the writer asked for it). */
  async convertToUtf8(): Promise<void> {
    const doc = this.doc;
    if (!doc?.encodingProblem) return;
    try {
      this.#load(await api.convertToUtf8(doc.path, doc.diskHash), null);
      this.notice = { kind: "ok", text: "Converted to UTF-8: review the change under Changes" };
    } catch (e) {
      this.notice = { kind: "error", text: `Conversion failed: ${asAppError(e).located}` };
    }
  }

  /** What saving now would write: the loaded text with the form's edits and the body. */
  async #pendingText(doc: OpenedDocument): Promise<string> {
    if (this.rawMode) return this.frontMatterText + this.body;
    return api.editedSource(doc.path, doc.source, this.edits, this.bodyChanged ? this.body : null);
  }

  /**
   * The page changed on disk under unsaved edits: merge three ways (base = what we loaded,
   * ours = what we would save, theirs = the disk). A clean merge is loaded at once, unsaved;
   * conflicting hunks wait in `merge` for the writer to choose.
   */
  async mergeWithDisk(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    try {
      const ours = await this.#pendingText(doc);
      const base = this.#diskSource;
      const result = await api.mergeWithDisk(doc.path, base, ours);
      if (this.doc !== doc) return;
      if (result.merged) {
        this.#loadMerged(result.merged, result.theirs.source);
        this.notice = { kind: "ok", text: "Merged the change on disk with your edits — review and save" };
      } else {
        this.#startMerge(result, base, ours);
      }
    } catch (e) {
      this.notice = { kind: "error", text: `Merge failed: ${asAppError(e).located}` };
    }
  }

  #startMerge(result: DiskMerge, base: string, ours: string): void {
    this.merge = result;
    this.#mergeInput = { base, ours };
    this.mergeChoices = result.merge.body.hunks.map(() => null);
    this.mergeFieldChoices = Object.fromEntries(result.merge.fieldConflicts.map((c) => [c.key, null]));
  }

  /** Loads the writer's resolution of the conflicting fields and hunks, unsaved. */
  async applyMergeChoices(): Promise<void> {
    const doc = this.doc;
    const merge = this.merge;
    const input = this.#mergeInput;
    if (!doc || !merge || !input) return;
    const hunks = conflictChoices(merge.merge.body.hunks, this.mergeChoices);
    const fields = fieldChoices(merge.merge.fieldConflicts, this.mergeFieldChoices);
    if (hunks === null || fields === null) return;
    try {
      const { theirs } = merge;
      const merged = await api.resolveDiskMerge(doc.path, input.base, input.ours, theirs.source, theirs.diskHash, fields, hunks);
      this.#loadMerged(merged, theirs.source);
      this.notice = { kind: "ok", text: "Merge resolved — review and save" };
    } catch (e) {
      this.notice = { kind: "error", text: `Merge failed: ${asAppError(e).located}` };
    }
  }

  #loadMerged(merged: OpenedDocument, diskSource: string): void {
    // The merged text is the new baseline (form edits apply to it), checked on save against
    // the disk's current hash, and dirty until saved.
    this.#load(merged, null);
    this.#diskSource = diskSource;
    this.mergedPending = true;
    this.conflict = null;
  }

  /** Discards the unsaved edits (and their journal entry) and loads the file as it is on disk now. */
  async reloadFromDisk(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    await this.open(doc.path);
    await this.#dropJournal(doc.path);
  }

  /** Journals the unsaved buffer every JOURNAL_INTERVAL_MS while dirty; returns the stopper. */
  startJournal(): () => void {
    const timer = setInterval(() => void this.#journalTick(), JOURNAL_INTERVAL_MS);
    return () => clearInterval(timer);
  }

  async #journalTick(): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    try {
      if (this.dirty) {
        const buffer = await this.#pendingText(doc);
        if (this.doc !== doc) return;
        await api.journalBuffer(doc.path, this.#diskSource, buffer);
        this.#journaled = doc.path;
      } else if (this.#journaled === doc.path) {
        // Saved (the core dropped the entry), reverted or reloaded: nothing left to recover.
        await this.#dropJournal(doc.path);
      }
    } catch (e) {
      this.notice = { kind: "error", text: `Cannot keep a recovery copy: ${asAppError(e).located}` };
    }
  }

  async #dropJournal(path: string): Promise<void> {
    await api.discardBuffer(path);
    if (this.#journaled === path) this.#journaled = null;
  }

  /** Asks the core for buffers an earlier run left unsaved (called once the site is open). */
  async loadRecoverable(): Promise<void> {
    try {
      this.recoverable = await api.recoverableBuffers();
    } catch (e) {
      this.notice = { kind: "error", text: `Cannot read the recovery journal: ${asAppError(e).located}` };
    }
  }

  /**
   * Puts a recovered buffer back in the editor as unsaved edits. When the file changed on disk
   * since, the buffer is merged with it like any outside change: a clean merge loads at once,
   * clashes wait in the merge view. A deleted file comes back from the buffer; Save writes it.
   */
  async restoreRecovered(path: string): Promise<void> {
    try {
      const recovered = await api.restoreBuffer(path);
      this.recoverable = this.recoverable.filter((r) => r.entry.path !== path);
      if (!recovered) return;
      const { base, buffer } = recovered.entry;
      this.notice = null;
      this.conflict = null;
      if (recovered.change.kind === "deleted" || recovered.change.kind === "deletedWhileDirty") {
        this.#loadMerged(await api.documentFromText(path, buffer, ""), base);
        this.conflict = "This page was deleted on disk after these changes were made. Save writes it back.";
      } else {
        const result = await api.mergeWithDisk(path, base, buffer);
        if (result.merged) {
          this.#loadMerged(result.merged, result.theirs.source);
        } else {
          // The clash is shown over the page as it was when the changes were made.
          this.#load(await api.documentFromText(path, base, result.theirs.diskHash), null);
          this.#startMerge(result, base, buffer);
          this.conflict = "This page changed on disk after these changes were made. Choose a side for each clash; nothing is written before Save.";
        }
      }
      // A clash waiting in the merge view is not dirty yet: its entry must stay until saved.
      if (!this.merge) this.#journaled = path;
      if (!this.conflict) this.notice = { kind: "ok", text: "Recovered unsaved changes — review and save" };
    } catch (e) {
      this.notice = { kind: "error", text: `Cannot restore: ${asAppError(e).located}` };
    }
  }

  /** Throws a recovered buffer away. */
  async discardRecovered(path: string): Promise<void> {
    try {
      await api.discardBuffer(path);
      this.recoverable = this.recoverable.filter((r) => r.entry.path !== path);
    } catch (e) {
      this.notice = { kind: "error", text: `Cannot discard: ${asAppError(e).located}` };
    }
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
      if (!fresh) {
        this.conflict = "This page was removed or became unreadable on disk. Your edits are kept; Save writes them back.";
        return;
      }
      this.conflict = "This page changed on disk while you were editing. Your edits are kept and nothing was overwritten.";
      await this.mergeWithDisk();
    }
  }
}
