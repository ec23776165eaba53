//! The body editor's aids: the shortcode call under the cursor as a form, its in-place edit, a
//! new call from the form, the call spans to highlight and the pages a `ref` may point at.
//! Offsets are UTF-16 (the editor's), converted by the core.

use postwright::render::shortcode_form::ShortcodeForm;
use postwright::shortcode::{Delimiter, ShortcodeEdit};
use postwright::workspace::{BodyChange, RefTarget, ShortcodeAt, ShortcodeSpan};
use postwright::Workspace;
use tauri::State;

use crate::{AppState, IpcError};

/// The shortcode call under UTF-16 offset `cursor` of `body`, with its form.
#[tauri::command]
#[specta::specta]
pub async fn shortcode_at(
    body: String,
    cursor: u32,
    state: State<'_, AppState>,
) -> Result<Option<ShortcodeAt>, IpcError> {
    state.with_workspace(|ws| Ok(ws.shortcode_at(&body, cursor as usize)))
}

/// The form for a new call to shortcode `name`.
#[tauri::command]
#[specta::specta]
pub async fn shortcode_form(
    name: String,
    state: State<'_, AppState>,
) -> Result<Option<ShortcodeForm>, IpcError> {
    state.with_workspace(|ws| Ok(ws.shortcode_form(&name)))
}

/// The change applying `edit` to the call starting at UTF-16 offset `from` of `body`.
#[tauri::command]
#[specta::specta]
pub async fn edit_shortcode(
    body: String,
    from: u32,
    edit: ShortcodeEdit,
    state: State<'_, AppState>,
) -> Result<BodyChange, IpcError> {
    state.with_workspace(|ws| ws.edit_shortcode(&body, from as usize, &edit))
}

/// The text of a new call to shortcode `name` with `edit` applied.
#[tauri::command]
#[specta::specta]
pub async fn new_shortcode(
    name: String,
    delimiter: Delimiter,
    edit: ShortcodeEdit,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.new_shortcode(&name, delimiter, &edit))
}

/// The shortcode tags and commented-out calls of `body`, for highlighting.
#[tauri::command]
#[specta::specta]
pub async fn shortcode_spans(body: String) -> Result<Vec<ShortcodeSpan>, IpcError> {
    Ok(Workspace::shortcode_spans(&body))
}

/// Pages a `ref` in the page at `from` may point at, matching `text` by title or path.
#[tauri::command]
#[specta::specta]
pub async fn ref_targets(
    from: String,
    text: String,
    limit: u32,
    state: State<'_, AppState>,
) -> Result<Vec<RefTarget>, IpcError> {
    state.with_workspace(|ws| Ok(ws.ref_targets(&from, &text, limit as usize)))
}
