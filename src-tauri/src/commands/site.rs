//! The site as a whole: opening it, and its pages, terms and taxonomies for the page list and
//! the pickers.

use std::path::PathBuf;

use postwright::render::catalog::ShortcodeInfo;
use postwright::site::Term;
use postwright::workspace::PageRow;
use serde::Serialize;
use tauri::State;

use crate::state::SiteSource;
use crate::{AppState, IpcError};

/// The opened site, as the title bar and the status bar show it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteInfo {
    /// Absolute path of the site root.
    pub root: String,
    /// The site's title from its config, else the folder name.
    pub title: String,
    /// Whether this is the scratch copy of the embedded sample site.
    pub is_sample: bool,
    /// Whether the watcher polls (the OS file-watch limit was reached, or polling was asked for).
    pub polling: bool,
    /// The content folder relative to the site root, `/`-separated (`content`, or
    /// `content/en` on a site that mounts it): page paths are relative to it, Git's to the root.
    pub content_dir: String,
}

/// Opens the site named on the command line, or the sample site, unless one is open already.
#[tauri::command]
#[specta::specta]
pub async fn startup_site(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<SiteInfo, IpcError> {
    state.open_startup_site(&app)
}

/// Opens the Hugo site at `path` (from the folder picker), replacing the current one.
#[tauri::command]
#[specta::specta]
pub async fn open_site(
    path: String,
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<SiteInfo, IpcError> {
    state.open_site(&app, SiteSource::Folder(PathBuf::from(path)))
}

/// Every page, newest first, as the page list shows it.
#[tauri::command]
#[specta::specta]
pub async fn list_pages(state: State<'_, AppState>) -> Result<Vec<PageRow>, IpcError> {
    state.with_workspace(|ws| Ok(ws.page_rows()))
}

/// The terms of one taxonomy (`authors`, `topics`), for the pickers.
#[tauri::command]
#[specta::specta]
pub async fn list_terms(
    taxonomy: String,
    state: State<'_, AppState>,
) -> Result<Vec<Term>, IpcError> {
    state.with_workspace(|ws| Ok(ws.terms(&taxonomy)))
}

/// The site's languages (`en`, `fr`), default first by weight: more than one makes the page
/// list's language filter and the editor's translations section appear.
#[tauri::command]
#[specta::specta]
pub async fn list_languages(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.with_workspace(|ws| Ok(ws.languages()))
}

/// Each language of the site for the page at `path`: its translation, missing or older.
#[tauri::command]
#[specta::specta]
pub async fn page_translations(
    path: String,
    state: State<'_, AppState>,
) -> Result<Vec<postwright::site::translations::Translation>, IpcError> {
    state.with_workspace(|ws| Ok(ws.translations(&path)))
}

/// The plural names of the site's taxonomies (`authors`, `topics`): relations to them pick terms.
#[tauri::command]
#[specta::specta]
pub async fn list_taxonomies(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.with_workspace(|ws| Ok(ws.taxonomies()))
}

/// The pages a dashboard query selects (text search, filters, sort).
#[tauri::command]
#[specta::specta]
pub async fn query_pages(
    query: postwright::site::PageQuery,
    state: State<'_, AppState>,
) -> Result<Vec<PageRow>, IpcError> {
    state.with_workspace(|ws| Ok(ws.query_page_rows(&query)))
}

/// Every shortcode the site can call, with its params, inner flag and help.
#[tauri::command]
#[specta::specta]
pub async fn shortcodes(state: State<'_, AppState>) -> Result<Vec<ShortcodeInfo>, IpcError> {
    state.with_workspace(|ws| Ok(ws.shortcodes()))
}

/// The terms of `taxonomy` matching `text`, best first.
#[tauri::command]
#[specta::specta]
pub async fn search_terms(
    taxonomy: String,
    text: String,
    limit: u32,
    state: State<'_, AppState>,
) -> Result<Vec<Term>, IpcError> {
    state.with_workspace(|ws| Ok(ws.search_terms(&taxonomy, &text, limit as usize)))
}
