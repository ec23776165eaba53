//! Site awareness: the checks of a page (its unsaved text) and of the whole site, and their
//! fixes, previewed then applied through the disk-hash guard.

use postwright::workspace::OpenedDocument;
use tauri::State;

use crate::{AppState, IpcError};

/// Checks a page's current text (the editor's unsaved buffer) against the site.
#[tauri::command]
#[specta::specta]
pub async fn check_document(
    path: String,
    source: String,
    state: State<'_, AppState>,
) -> Result<Vec<postwright::check::Diagnostic>, IpcError> {
    state.with_workspace(|ws| Ok(ws.check_document(&path, &source)))
}

/// The findings of every page as it is on disk (only the pages changed since the last check,
/// and their referrers, are checked again).
#[tauri::command]
#[specta::specta]
pub async fn check_site(
    state: State<'_, AppState>,
) -> Result<postwright::check::SiteCheck, IpcError> {
    state.with_workspace(|ws| Ok(ws.check_site()))
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
