//! The preview: a page body rendered as Hugo would, the site's stylesheet, and the links it
//! asks to open (after the writer confirmed).

use postwright::error::ErrorCode;
use postwright::render::RenderDiagnostic;
use serde::Serialize;
use tauri::State;

use crate::window::external_link;
use crate::{AppState, IpcError};

/// A rendered preview, tagged with the revision of the body it was made from so the UI can
/// drop results that arrive after a newer one was requested.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The revision the UI sent with the body.
    pub revision: u32,
    /// The body HTML (shown in a sandboxed frame).
    pub html: String,
    /// Problems met while rendering.
    pub diagnostics: Vec<RenderDiagnostic>,
}

/// Renders a body for the preview (off the UI thread: async commands run on the runtime; on a
/// snapshot of the site, so a render never waits for a check or a save, nor they for it).
#[tauri::command]
#[specta::specta]
pub async fn render_preview(
    path: String,
    body: String,
    revision: u32,
    state: State<'_, AppState>,
) -> Result<Preview, IpcError> {
    let rendered = state.snapshot()?.render_preview(&path, &body);
    Ok(Preview {
        revision,
        html: rendered.html,
        diagnostics: rendered.diagnostics,
    })
}

/// The site's own stylesheet for the preview, when its config names one.
#[tauri::command]
#[specta::specta]
pub async fn preview_stylesheet(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    state.with_workspace(|ws| ws.preview_stylesheet())
}

/// Opens an http(s) or mailto link in the system browser, after the writer confirmed it.
#[tauri::command]
#[specta::specta]
pub async fn open_external(url: String, app: tauri::AppHandle) -> Result<(), IpcError> {
    use tauri_plugin_opener::OpenerExt;
    let link = external_link(&url).ok_or_else(|| {
        IpcError::new(ErrorCode::BadLink, format!("not a web or mail link: {url}"))
    })?;
    app.opener()
        .open_url(link.as_str(), None::<&str>)
        .map_err(|e| IpcError::new(ErrorCode::Opener, e.to_string()))
}

/// Records that it was called, in `canary.log` in the data folder. Nothing in the app calls it:
/// the preview-isolation test renders a hostile page and checks that no call arrived.
#[tauri::command]
#[specta::specta]
pub async fn canary(note: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.record_canary(&note)
}
