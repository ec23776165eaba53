//! The editorial workflow: branches, drafts, submissions, the editors' review queue and its
//! approvals, and guests' bundles.

use postwright::git::bundle::ImportedBranch;
use postwright::git::diff::PageDiff;
use postwright::git::review::{MergeOutcome, MergeStrategy, ReviewItem};
use tauri::State;

use crate::{AppState, IpcError, Preview};

/// The current branch (`None` when detached or not in a repository).
#[tauri::command]
#[specta::specta]
pub async fn current_branch(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    state.with_workspace(|ws| ws.current_branch())
}

/// Local branches.
#[tauri::command]
#[specta::specta]
pub async fn branches(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.with_workspace(|ws| ws.branches())
}

/// Switches branch, carrying uncommitted work (refused, changing nothing, on a clash).
#[tauri::command]
#[specta::specta]
pub async fn switch_branch(name: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.switch_branch(&name))
}

/// The branch segment a draft or submission named `text` gets (empty: no usable character).
#[tauri::command]
#[specta::specta]
pub async fn branch_slug(text: String) -> Result<String, IpcError> {
    Ok(postwright::Workspace::branch_slug(&text))
}

/// "Start draft": `draft/<slug>` from the main branch, switched to; returns the branch.
#[tauri::command]
#[specta::specta]
pub async fn start_draft(slug: String, state: State<'_, AppState>) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.start_draft(&slug))
}

/// "Submit for review": marks the current draft branch ready.
#[tauri::command]
#[specta::specta]
pub async fn submit_for_review(state: State<'_, AppState>) -> Result<ReviewItem, IpcError> {
    state.with_workspace(|ws| ws.submit_for_review())
}

/// "Submit story": commits on `submissions/<agency>/<slug>`, then writes `bundle` (a file the
/// guest chose) or, without one, pushes. Returns the branch.
#[tauri::command]
#[specta::specta]
pub async fn submit_story(
    agency: String,
    bundle: Option<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.submit_story(&agency, bundle.as_deref().map(std::path::Path::new)))
}

/// Draft and submission branches (local, on the remote, imported) with their pages and state.
#[tauri::command]
#[specta::specta]
pub async fn review_queue(state: State<'_, AppState>) -> Result<Vec<ReviewItem>, IpcError> {
    state.with_workspace(|ws| ws.review_queue())
}

/// The field-level diff of a branch against the main branch it left.
#[tauri::command]
#[specta::specta]
pub async fn review_diff(
    branch: String,
    state: State<'_, AppState>,
) -> Result<Vec<PageDiff>, IpcError> {
    state.with_workspace(|ws| ws.review_diff(&branch))
}

/// The preview of `path` (repository-relative) as it is on `branch`.
#[tauri::command]
#[specta::specta]
pub async fn render_branch_page(
    branch: String,
    path: String,
    state: State<'_, AppState>,
) -> Result<Preview, IpcError> {
    let rendered = state.with_workspace(|ws| ws.render_branch_page(&branch, &path))?;
    Ok(Preview {
        revision: 0,
        html: rendered.html,
        diagnostics: rendered.diagnostics,
    })
}

/// "Request changes": records `note` on the branch for its author.
#[tauri::command]
#[specta::specta]
pub async fn request_changes(
    branch: String,
    note: String,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.request_changes(&branch, &note))
}

/// How "Approve" merges on this site (git config, else the Decap config's squash setting).
#[tauri::command]
#[specta::specta]
pub async fn merge_strategy(state: State<'_, AppState>) -> Result<MergeStrategy, IpcError> {
    state.with_workspace(|ws| Ok(ws.merge_strategy()))
}

/// "Approve": merges the branch into the main branch per the site's setting and deletes it.
#[tauri::command]
#[specta::specta]
pub async fn approve(branch: String, state: State<'_, AppState>) -> Result<MergeOutcome, IpcError> {
    state.with_workspace(|ws| ws.approve(&branch, None))
}

/// Imports the branches of a bundle file a guest sent.
#[tauri::command]
#[specta::specta]
pub async fn import_bundle(
    path: String,
    state: State<'_, AppState>,
) -> Result<Vec<ImportedBranch>, IpcError> {
    state.with_workspace(|ws| ws.import_bundle(std::path::Path::new(&path)))
}
