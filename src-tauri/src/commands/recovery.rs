//! Crash recovery: unsaved buffers journaled in the data folder, offered back on start.

use postwright::workspace::RecoveredBuffer;
use tauri::State;

use crate::{AppState, IpcError};

/// Journals the open page's unsaved buffer (`base`: the text it was loaded from).
#[tauri::command]
#[specta::specta]
pub async fn journal_buffer(
    path: String,
    base: String,
    buffer: String,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.journal_buffer(&path, &base, &buffer))
}

/// The buffers an earlier run left unsaved, with what restoring each would do now.
#[tauri::command]
#[specta::specta]
pub async fn recoverable_buffers(
    state: State<'_, AppState>,
) -> Result<Vec<RecoveredBuffer>, IpcError> {
    state.with_workspace(|ws| ws.recoverable_buffers())
}

/// One page's journaled buffer, to put back in the editor.
#[tauri::command]
#[specta::specta]
pub async fn restore_buffer(
    path: String,
    state: State<'_, AppState>,
) -> Result<Option<RecoveredBuffer>, IpcError> {
    state.with_workspace(|ws| ws.restore_buffer(&path))
}

/// Drops one page's journaled buffer (the writer discarded it).
#[tauri::command]
#[specta::specta]
pub async fn discard_buffer(path: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.discard_buffer(&path))
}
