//! One page open for editing: loading, the form's edits and their live diff, saving (refused
//! when the file changed on disk), merging with an outside change.

use postwright::front_matter::FieldEdit;
use postwright::line_diff::LineChange;
use postwright::merge::Choice;
use postwright::site::schema::form::FormField;
use postwright::workspace::{DiskMerge, OpenedDocument};
use tauri::State;

use crate::{AppState, IpcError};

/// Loads a page for editing.
#[tauri::command]
#[specta::specta]
pub async fn open_document(
    path: String,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.open_document(&path))
}

/// Rewrites a page that is not UTF-8 as UTF-8 (stray bytes read as Windows-1252).
#[tauri::command]
#[specta::specta]
pub async fn convert_to_utf8(
    path: String,
    disk_hash: String,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.convert_to_utf8(&path, &disk_hash))
}

/// The form of the page at `path`: its content type's fields (else the default ones), each
/// with the control that edits it.
#[tauri::command]
#[specta::specta]
pub async fn form_fields(
    path: String,
    state: State<'_, AppState>,
) -> Result<Vec<FormField>, IpcError> {
    state.with_workspace(|ws| Ok(ws.form_fields(&path)))
}

/// The source saving these edits to the page at `path` would write (for the "lines that will
/// change" preview).
#[tauri::command]
#[specta::specta]
pub async fn edited_source(
    path: String,
    source: String,
    edits: Vec<FieldEdit>,
    body: Option<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.edited_source(&path, &source, &edits, body.as_deref()))
}

/// The lines saving these edits to the page at `path` would change (the form's live diff).
#[tauri::command]
#[specta::specta]
pub async fn save_preview(
    path: String,
    source: String,
    edits: Vec<FieldEdit>,
    body: Option<String>,
    state: State<'_, AppState>,
) -> Result<Vec<LineChange>, IpcError> {
    state.with_workspace(|ws| ws.save_preview(&path, &source, &edits, body.as_deref()))
}

/// Saves the raw editor's text as the whole file (a page whose front matter cannot be read).
#[tauri::command]
#[specta::specta]
pub async fn save_source(
    path: String,
    text: String,
    disk_hash: String,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.save_source(&path, &text, &disk_hash))
}

/// Saves the changed fields and the body, unless the file changed on disk since `disk_hash`.
#[tauri::command]
#[specta::specta]
pub async fn save_document(
    path: String,
    source: String,
    disk_hash: String,
    edits: Vec<FieldEdit>,
    body: Option<String>,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.save_document(&path, &source, &disk_hash, &edits, body.as_deref()))
}

/// Merges the editor's unsaved text with the page as it is on disk now (after an outside change).
#[tauri::command]
#[specta::specta]
pub async fn merge_with_disk(
    path: String,
    base: String,
    ours: String,
    state: State<'_, AppState>,
) -> Result<DiskMerge, IpcError> {
    state.with_workspace(|ws| ws.merge_with_disk(&path, &base, &ours))
}

/// The page the writer's choices make of a clashing merge (`theirs`: the disk's text it was made with).
#[tauri::command]
#[specta::specta]
pub async fn resolve_disk_merge(
    path: String,
    base: String,
    ours: String,
    theirs: String,
    disk_hash: String,
    fields: Vec<(String, Choice)>,
    hunks: Vec<Choice>,
) -> Result<OpenedDocument, IpcError> {
    Ok(postwright::Workspace::resolve_disk_merge(
        &path, &base, &ours, &theirs, disk_hash, &fields, &hunks,
    )?)
}

/// A resolved merge's text as the editor shows it, to be saved over the file with `disk_hash`.
#[tauri::command]
#[specta::specta]
pub async fn document_from_text(
    path: String,
    text: String,
    disk_hash: String,
) -> Result<OpenedDocument, IpcError> {
    Ok(postwright::Workspace::document_from_text(
        &path, text, disk_hash,
    ))
}
