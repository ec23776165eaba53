//! The app's settings: the commit identity, the writer's role and each site's settings.

use tauri::State;

use crate::{AppState, IpcError, Settings};

/// The app's settings as stored in the data folder.
#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    state.settings()
}

/// Stores the settings and applies the identity to the open site.
#[tauri::command]
#[specta::specta]
pub async fn set_settings(settings: Settings, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.set_settings(settings)
}
