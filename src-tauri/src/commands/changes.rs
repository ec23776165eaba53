//! Uncommitted changes and history: status, field-level diffs, commits (whole or in parts),
//! discarding and restoring. Git paths are repository-relative; `page_history`/`restore_page`
//! take the editor's content-relative path.

use postwright::git::diff::PageDiff;
use postwright::git::{CommitInfo, FileChange, GitError, Identity};
use tauri::State;

use crate::{AppState, IpcError};

/// Files changed since the last commit.
#[tauri::command]
#[specta::specta]
pub async fn status(state: State<'_, AppState>) -> Result<Vec<FileChange>, IpcError> {
    state.with_workspace(|ws| ws.status())
}

/// Commits the changed files `paths` (repository-relative; every changed file when empty)
/// with `message`; returns the commit id.
#[tauri::command]
#[specta::specta]
pub async fn commit(
    message: String,
    paths: Vec<String>,
    co_authors: Vec<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| {
        ws.commit_with_co_authors(&message, &paths, &parse_identities(&co_authors)?)
    })
}

/// The identity commits will use (the app's setting, else git config).
#[tauri::command]
#[specta::specta]
pub async fn commit_identity(state: State<'_, AppState>) -> Result<Option<Identity>, IpcError> {
    state.with_workspace(|ws| Ok(ws.identity()))
}

/// How the uncommitted changes to `paths` (all when empty) differ, front matter field by field.
#[tauri::command]
#[specta::specta]
pub async fn page_diffs(
    paths: Vec<String>,
    state: State<'_, AppState>,
) -> Result<Vec<PageDiff>, IpcError> {
    state.with_workspace(|ws| ws.page_diffs(&paths))
}

/// The commit message the changes to `paths` suggest ("Update <title>: summary, topics").
#[tauri::command]
#[specta::specta]
pub async fn suggest_commit_message(
    paths: Vec<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.suggest_commit_message(&paths))
}

/// The message committing only `fields` and body `hunks` of the change to `path` suggests.
#[tauri::command]
#[specta::specta]
pub async fn suggest_parts_message(
    path: String,
    fields: Vec<String>,
    hunks: Vec<u32>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    let hunks: Vec<usize> = hunks.into_iter().map(|h| h as usize).collect();
    state.with_workspace(|ws| ws.suggest_parts_message(&path, &fields, &hunks))
}

/// Commits only the chosen front-matter `fields` and body `hunks` of the change to `path`.
#[tauri::command]
#[specta::specta]
pub async fn commit_parts(
    message: String,
    path: String,
    fields: Vec<String>,
    hunks: Vec<u32>,
    co_authors: Vec<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    let hunks: Vec<usize> = hunks.into_iter().map(|h| h as usize).collect();
    state.with_workspace(|ws| {
        ws.commit_parts(
            &message,
            &path,
            &fields,
            &hunks,
            &parse_identities(&co_authors)?,
        )
    })
}

/// Discards the uncommitted changes to `paths`; returns the folder keeping a copy of them.
#[tauri::command]
#[specta::specta]
pub async fn discard(paths: Vec<String>, state: State<'_, AppState>) -> Result<String, IpcError> {
    state.with_workspace(|ws| {
        ws.discard(&paths)
            .map(|backup| backup.display().to_string())
    })
}

/// Commits that changed the page at `path` (content-relative), newest first.
#[tauri::command]
#[specta::specta]
pub async fn page_history(
    path: String,
    limit: u32,
    state: State<'_, AppState>,
) -> Result<Vec<CommitInfo>, IpcError> {
    state.with_workspace(|ws| ws.page_history(&path, limit as usize))
}

/// The site's history: the latest `limit` commits on the current branch, newest first.
#[tauri::command]
#[specta::specta]
pub async fn site_history(
    limit: u32,
    state: State<'_, AppState>,
) -> Result<Vec<CommitInfo>, IpcError> {
    state.with_workspace(|ws| ws.history(None, limit as usize))
}

/// Writes the page at `path` (content-relative) as it was in `commit`, uncommitted.
#[tauri::command]
#[specta::specta]
pub async fn restore_page(
    path: String,
    commit: String,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.restore_page(&path, &commit))
}

/// The content-relative path of a repository path, when it is a file of the content folder.
#[tauri::command]
#[specta::specta]
pub async fn content_path_of(
    repo_path: String,
    state: State<'_, AppState>,
) -> Result<Option<String>, IpcError> {
    state.with_workspace(|ws| Ok(ws.content_rel_path(&repo_path)))
}

/// Reads `Name <email>` texts typed in the UI as identities.
fn parse_identities(texts: &[String]) -> Result<Vec<Identity>, postwright::Error> {
    texts
        .iter()
        .map(|t| t.parse::<Identity>().map_err(|e| GitError::from(e).into()))
        .collect()
}
