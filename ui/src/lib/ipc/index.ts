// The only door to the Rust side: typed commands and events from the generated bindings,
// with results unwrapped into exceptions carrying the IpcError, and the folder picker.
// Nothing else in the UI imports `@tauri-apps/*`.

import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import { commands, events } from "./bindings";
import type { Choice, Delimiter, ErrorCode, FieldEdit, FixSelection, ImportWrite, IpcError, PageQuery, ReviewedFile, SettingsUpdate, ShortcodeEdit } from "./types";

/** A failed command, with the fields of the IpcError (the core's stable code, file position). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly path: string | null;
  readonly line: number | null;
  readonly column: number | null;

  constructor(error: IpcError) {
    super(error.message);
    this.name = "AppError";
    this.code = error.code;
    this.path = error.path ?? null;
    this.line = error.line ?? null;
    this.column = error.column ?? null;
  }

  /** `message` with the line and column in front when known. */
  get located(): string {
    return this.line != null ? `line ${this.line}, column ${this.column ?? 1}: ${this.message}` : this.message;
  }
}

/** Any thrown value as an AppError (framework failures arrive as plain strings). */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) return new AppError({ code: "internal", message: error.message });
  return new AppError({ code: "internal", message: String(error) });
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

async function unwrap<T>(result: Promise<CommandResult<T>>): Promise<T> {
  const settled = await result;
  if (settled.status === "error") throw new AppError(settled.error);
  return settled.data;
}

export const api = {
  startupSite: () => unwrap(commands.startupSite()),
  openSite: (path: string) => unwrap(commands.openSite(path)),
  listPages: () => unwrap(commands.listPages()),
  listTerms: (taxonomy: string) => unwrap(commands.listTerms(taxonomy)),
  openDocument: (path: string) => unwrap(commands.openDocument(path)),
  renderPreview: (path: string, body: string, revision: number) => unwrap(commands.renderPreview(path, body, revision)),
  editedSource: (path: string, source: string, edits: FieldEdit[], body: string | null) =>
    unwrap(commands.editedSource(path, source, edits, body)),
  saveDocument: (path: string, source: string, diskHash: string, edits: FieldEdit[], body: string | null) =>
    unwrap(commands.saveDocument(path, source, diskHash, edits, body)),
  savePreview: (path: string, source: string, edits: FieldEdit[], body: string | null) =>
    unwrap(commands.savePreview(path, source, edits, body)),
  saveSource: (path: string, text: string, diskHash: string) => unwrap(commands.saveSource(path, text, diskHash)),
  newPageTypes: () => unwrap(commands.newPageTypes()),
  newPagePlan: (typeName: string, title: string) => unwrap(commands.newPagePlan(typeName, title)),
  createPage: (typeName: string, title: string) => unwrap(commands.createPage(typeName, title)),
  createTerm: (taxonomy: string, name: string) => unwrap(commands.createTerm(taxonomy, name)),
  dateField: (path: string, key: string, text: string, picked: string | null) => unwrap(commands.dateField(path, key, text, picked)),
  mergeWithDisk: (path: string, base: string, ours: string) => unwrap(commands.mergeWithDisk(path, base, ours)),
  documentFromText: (path: string, text: string, diskHash: string) =>
    unwrap(commands.documentFromText(path, text, diskHash)),
  resolveDiskMerge: (
    path: string,
    base: string,
    ours: string,
    theirs: string,
    diskHash: string,
    fields: [string, Choice][],
    hunks: Choice[],
  ) => unwrap(commands.resolveDiskMerge(path, base, ours, theirs, diskHash, fields, hunks)),
  // Crash recovery.
  journalBuffer: (path: string, base: string, buffer: string) => unwrap(commands.journalBuffer(path, base, buffer)),
  recoverableBuffers: () => unwrap(commands.recoverableBuffers()),
  restoreBuffer: (path: string) => unwrap(commands.restoreBuffer(path)),
  discardBuffer: (path: string) => unwrap(commands.discardBuffer(path)),
  openExternal: (url: string) => unwrap(commands.openExternal(url)),
  previewStylesheet: () => unwrap(commands.previewStylesheet()),
  formFields: (path: string) => unwrap(commands.formFields(path)),
  listTaxonomies: () => unwrap(commands.listTaxonomies()),
  listLanguages: () => unwrap(commands.listLanguages()),
  pageTranslations: (path: string) => unwrap(commands.pageTranslations(path)),
  convertToUtf8: (path: string, diskHash: string) => unwrap(commands.convertToUtf8(path, diskHash)),
  displayText: (text: string) => unwrap(commands.displayText(text)),
  status: () => unwrap(commands.status()),
  commitDestination: (paths: string[]) => unwrap(commands.commitDestination(paths)),
  /** `confirmed`: the editor confirmed a commit to the main branch. */
  commit: (message: string, paths: string[] = [], coAuthors: string[] = [], confirmed = false) =>
    unwrap(commands.commit(message, paths, coAuthors, confirmed)),
  commitIdentity: () => unwrap(commands.commitIdentity()),
  getSettings: () => unwrap(commands.getSettings()),
  setSettings: (settings: SettingsUpdate) => unwrap(commands.setSettings(settings)),
  // Editorial Git workflow.
  pageDiffs: (paths: string[]) => unwrap(commands.pageDiffs(paths)),
  suggestCommitMessage: (paths: string[]) => unwrap(commands.suggestCommitMessage(paths)),
  suggestPartsMessage: (path: string, fields: string[], hunks: number[]) => unwrap(commands.suggestPartsMessage(path, fields, hunks)),
  commitParts: (message: string, path: string, fields: string[], hunks: number[], coAuthors: string[] = [], confirmed = false) =>
    unwrap(commands.commitParts(message, path, fields, hunks, coAuthors, confirmed)),
  discard: (paths: string[]) => unwrap(commands.discard(paths)),
  pageHistory: (path: string, limit: number) => unwrap(commands.pageHistory(path, limit)),
  siteHistory: (limit: number) => unwrap(commands.siteHistory(limit)),
  restorePage: (path: string, commit: string) => unwrap(commands.restorePage(path, commit)),
  contentPathOf: (repoPath: string) => unwrap(commands.contentPathOf(repoPath)),
  currentBranch: () => unwrap(commands.currentBranch()),
  branches: () => unwrap(commands.branches()),
  switchBranch: (name: string) => unwrap(commands.switchBranch(name)),
  branchSlug: (text: string) => unwrap(commands.branchSlug(text)),
  startDraft: (name: string) => unwrap(commands.startDraft(name)),
  submissionPlan: () => unwrap(commands.submissionPlan()),
  submitForReview: (message: string | null, coAuthors: string[] = []) => unwrap(commands.submitForReview(message, coAuthors)),
  submitStory: (agency: string, story: string | null, bundle: string | null) => unwrap(commands.submitStory(agency, story, bundle)),
  reviewQueue: () => unwrap(commands.reviewQueue()),
  reviewDiff: (branch: string) => unwrap(commands.reviewDiff(branch)),
  renderBranchPage: (branch: string, path: string) => unwrap(commands.renderBranchPage(branch, path)),
  requestChanges: (branch: string, note: string) => unwrap(commands.requestChanges(branch, note)),
  mergeStrategy: () => unwrap(commands.mergeStrategy()),
  approve: (branch: string, reply: string | null = null) => unwrap(commands.approve(branch, reply)),
  importBundle: (path: string) => unwrap(commands.importBundle(path)),
  // Importing old posts.
  importPreview: (path: string) => unwrap(commands.importPreview(path)),
  importWrite: (pages: ImportWrite[]) => unwrap(commands.importWrite(pages)),
  exportBundle: (branch: string, path: string) => unwrap(commands.exportBundle(branch, path)),
  publishedPreview: (branch: string) => unwrap(commands.publishedPreview(branch)),
  remotes: () => unwrap(commands.remotes()),
  setRemote: (name: string, url: string) => unwrap(commands.setRemote(name, url)),
  testRemote: (name: string) => unwrap(commands.testRemote(name)),
  sync: () => unwrap(commands.sync()),
  // Pull conflicts.
  pendingConflicts: () => unwrap(commands.pendingConflicts()),
  resolvePullConflicts: (files: [string, string][]) => unwrap(commands.resolvePullConflicts(files)),
  abortMerge: () => unwrap(commands.abortMerge()),
  // Site awareness.
  checkDocument: (path: string, source: string) => unwrap(commands.checkDocument(path, source)),
  checkSite: () => unwrap(commands.checkSite()),
  unpublishedFindings: () => unwrap(commands.unpublishedFindings()),
  fixPreview: (path: string, source: string, selection: FixSelection) => unwrap(commands.fixPreview(path, source, selection)),
  applyFix: (path: string, source: string, diskHash: string, selection: FixSelection) =>
    unwrap(commands.applyFix(path, source, diskHash, selection)),
  checkChangedSinceMain: () => unwrap(commands.checkChangedSinceMain()),
  fixAllPreview: (codes: string[], includeUnpublished: boolean) => unwrap(commands.fixAllPreview(codes, includeUnpublished)),
  applyFixAll: (files: ReviewedFile[], codes: string[], commitMessage: string | null) =>
    unwrap(commands.applyFixAll(files, codes, commitMessage)),
  queryPages: (query: PageQuery) => unwrap(commands.queryPages(query)),
  searchTerms: (taxonomy: string, text: string, limit: number) => unwrap(commands.searchTerms(taxonomy, text, limit)),
  shortcodes: () => unwrap(commands.shortcodes()),
  inspectImage: (path: string) => unwrap(commands.inspectImage(path)),
  addImage: (path: string, page: string | null, alt: string, caption: string, credit: string) =>
    unwrap(commands.addImage(path, page, alt, caption, credit)),
  shortcodeAt: (body: string, cursor: number) => unwrap(commands.shortcodeAt(body, cursor)),
  shortcodeForm: (name: string) => unwrap(commands.shortcodeForm(name)),
  editShortcode: (body: string, from: number, edit: ShortcodeEdit) => unwrap(commands.editShortcode(body, from, edit)),
  newShortcode: (name: string, delimiter: Delimiter, edit: ShortcodeEdit) => unwrap(commands.newShortcode(name, delimiter, edit)),
  shortcodeSpans: (body: string) => unwrap(commands.shortcodeSpans(body)),
  refTargets: (from: string, text: string, limit: number) => unwrap(commands.refTargets(from, text, limit)),
};

/** Asks the writer for an image file to put in the page; `null` when they cancel. */
export async function pickImage(): Promise<string | null> {
  const chosen = await openDialog({
    multiple: false,
    title: "Insert an image",
    filters: [{ name: "Images", extensions: ["png", "jpg", "jpeg", "gif", "webp", "PNG", "JPG", "JPEG", "GIF", "WEBP"] }],
  });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks the guest where to write a submission bundle; `null` when they cancel. */
export async function pickBundleTarget(defaultName: string, title = "Save the story as a bundle file"): Promise<string | null> {
  return saveDialog({ title, defaultPath: defaultName, filters: [{ name: "Git bundle", extensions: ["bundle"] }] });
}

/** Asks the editor for a bundle file to import; `null` when they cancel. */
export async function pickBundleToImport(): Promise<string | null> {
  const chosen = await openDialog({ multiple: false, title: "Import a submission bundle", filters: [{ name: "Git bundle", extensions: ["bundle"] }] });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks the writer for old posts to import (Jekyll, JSON Feed, WordPress export, Markdown, HTML). */
export async function pickPostsToImport(): Promise<string | null> {
  const chosen = await openDialog({
    multiple: false,
    title: "Import old posts",
    filters: [{ name: "Posts", extensions: ["md", "markdown", "json", "xml", "html", "htm", "txt"] }],
  });
  return typeof chosen === "string" ? chosen : null;
}

/**
 * Calls `handler` with the paths of files dropped onto the window (the core decides whether
 * a file is a post it can import) and where they were dropped, in CSS pixels from the
 * window's top-left corner; returns the function that stops listening.
 */
export function onFilesDropped(handler: (paths: string[], at: { x: number; y: number }) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    if (event.payload.type === "drop" && event.payload.paths.length > 0) {
      // Tauri gives physical pixels; the page lays out in CSS pixels.
      const scale = window.devicePixelRatio || 1;
      handler(event.payload.paths, { x: event.payload.position.x / scale, y: event.payload.position.y / scale });
    }
  });
}

/** Asks the user for a site folder; `null` when they cancel. */
export async function pickFolder(): Promise<string | null> {
  const chosen = await openDialog({ directory: true, multiple: false, title: "Open a Hugo site folder" });
  return typeof chosen === "string" ? chosen : null;
}

/** Calls `handler` with the URL of each link clicked in the preview; returns the unlistener. */
export function onLinkRequested(handler: (url: string) => void): Promise<() => void> {
  return events.linkRequested.listen((event) => handler(event.payload.url));
}

/** Calls `handler` with the content paths of every `site-changed` event, whether the watcher
 * polls now, and whether the content types were read again; returns the unlistener. */
export function onSiteChanged(handler: (paths: string[], polling: boolean, schemaChanged: boolean) => void): Promise<() => void> {
  return events.siteChanged.listen((event) => handler(event.payload.paths, event.payload.polling, event.payload.schemaChanged));
}

/** Calls `handler` with each `site-check-progress` event (pages checked, pages to check). */
export function onSiteCheckProgress(handler: (done: number, total: number) => void): Promise<() => void> {
  return events.siteCheckProgress.listen((event) => handler(event.payload.done, event.payload.total));
}

/**
 * Zooms the whole window (text, layout, preview) by `factor` (1 = 100 %), as a browser's
 * zoom does: the layout reflows for the narrower window it then has (WCAG 1.4.4, 1.4.10).
 */
export function setZoom(factor: number): Promise<void> {
  return getCurrentWebview().setZoom(factor);
}
