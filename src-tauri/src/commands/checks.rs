//! Site awareness: the checks of a page (its unsaved text) and of the whole site, and their
//! fixes, previewed then applied through the disk-hash guard.

use postwright::workspace::OpenedDocument;
use tauri::State;

use tauri_specta::Event;

use crate::{AppState, IpcError, SiteCheckProgress};

/// Checks a page's current text (the editor's unsaved buffer) against the site.
#[tauri::command]
#[specta::specta]
pub async fn check_document(
    path: String,
    source: String,
    state: State<'_, AppState>,
) -> Result<Vec<postwright::check::Diagnostic>, IpcError> {
    Ok(state.snapshot()?.check_document(&path, &source))
}

/// The findings of every page as it is on disk (only the pages changed since the last check,
/// and their referrers, are checked again), with [`SiteCheckProgress`] events as it goes; the
/// folded ones (pages Hugo leaves out) only counted.
#[tauri::command]
#[specta::specta]
pub async fn check_site(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<postwright::check::SiteCheckSummary, IpcError> {
    state
        .check_site(move |done, total| {
            let progress = SiteCheckProgress {
                done: u32::try_from(done).unwrap_or(u32::MAX),
                total: u32::try_from(total).unwrap_or(u32::MAX),
            };
            if let Err(e) = progress.emit(&app) {
                eprintln!("postwright-desktop: cannot emit site-check-progress: {e}");
            }
        })
        .await
        .map(postwright::check::SiteCheck::into_summary)
}

/// The last site-wide check's findings on the pages Hugo leaves out (the folded group).
#[tauri::command]
#[specta::specta]
pub async fn unpublished_findings(
    state: State<'_, AppState>,
) -> Result<Vec<postwright::check::Diagnostic>, IpcError> {
    state.with_workspace(|ws| Ok(ws.unpublished_findings()))
}

/// The lines the chosen fixes would change in `source` (the page at `path`).
#[tauri::command]
#[specta::specta]
pub async fn fix_preview(
    path: String,
    source: String,
    selection: postwright::workspace::FixSelection,
    state: State<'_, AppState>,
) -> Result<postwright::workspace::FixPreview, IpcError> {
    state.with_workspace(|ws| ws.fix_preview(&path, &source, &selection))
}

/// Applies the chosen fixes to the page as loaded (`source`, hash `disk_hash`) and saves it.
#[tauri::command]
#[specta::specta]
pub async fn apply_fix(
    path: String,
    source: String,
    disk_hash: String,
    selection: postwright::workspace::FixSelection,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.apply_fix(&path, &source, &disk_hash, &selection))
}

/// The findings of the pages changed since the main branch and of the pages whose refs lead
/// to them (the whole-site tab's "New since main").
#[tauri::command]
#[specta::specta]
pub async fn check_changed_since_main(
    state: State<'_, AppState>,
) -> Result<postwright::workspace::ChangedCheck, IpcError> {
    state.with_workspace(|ws| ws.check_changed_since_main())
}

/// What fixing every finding of the rules `codes` would change, file by file.
#[tauri::command]
#[specta::specta]
pub async fn fix_all_preview(
    codes: Vec<String>,
    include_unpublished: bool,
    state: State<'_, AppState>,
) -> Result<postwright::workspace::BulkFixPreview, IpcError> {
    state.with_workspace(|ws| ws.fix_all_preview(&codes, include_unpublished))
}

/// Applies a reviewed "Fix all" (each file refused if it changed since its preview),
/// committing the fixed files together when `commit_message` is given.
#[tauri::command]
#[specta::specta]
pub async fn apply_fix_all(
    files: Vec<postwright::workspace::ReviewedFile>,
    codes: Vec<String>,
    commit_message: Option<String>,
    state: State<'_, AppState>,
) -> Result<postwright::workspace::BulkFixOutcome, IpcError> {
    state.with_workspace(|ws| ws.apply_fix_all(&files, &codes, commit_message.as_deref()))
}
