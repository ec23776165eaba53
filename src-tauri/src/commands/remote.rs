//! Talking to the remote: pull then push, and the conflicts a pull can leave (listed also after
//! a restart, then finished or aborted).

use postwright::git::remote::SyncOutcome;
use tauri::State;

use crate::{AppState, IpcError};

/// Pull, then push what is ahead.
#[tauri::command]
#[specta::specta]
pub async fn sync(state: State<'_, AppState>) -> Result<SyncOutcome, IpcError> {
    state.with_workspace(|ws| ws.sync())
}

/// The conflicting files of a merge a pull left unfinished (empty when there is none).
#[tauri::command]
#[specta::specta]
pub async fn pending_conflicts(
    state: State<'_, AppState>,
) -> Result<Vec<postwright::git::review::ConflictFile>, IpcError> {
    state.with_workspace(|ws| ws.pending_conflicts())
}

/// "Finish merge": writes each `(path, text)` the writer settled and commits the merge.
#[tauri::command]
#[specta::specta]
pub async fn resolve_pull_conflicts(
    files: Vec<(String, String)>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.resolve_pull_conflicts(&files))
}

/// "Abort merge": back to before the pull, refused when that would lose other changes.
#[tauri::command]
#[specta::specta]
pub async fn abort_merge(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.abort_merge())
}
