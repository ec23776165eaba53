//! The editorial workflow: branches, drafts, submissions, the editors' review queue and its
//! approvals, and guests' bundles.

use postwright::git::bundle::ImportedBranch;
use postwright::git::diff::PageDiff;
use postwright::git::review::{MergeOutcome, MergeStrategy, ReviewItem};
use postwright::git::submission::{SubmissionPlan, Submitted};
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

/// "Start draft": `draft/<slug of name>` from the main branch, switched to; returns the branch.
#[tauri::command]
#[specta::specta]
pub async fn start_draft(name: String, state: State<'_, AppState>) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.start_named_draft(&name))
}

/// What "Submit for review" would send from the current draft, or why it cannot be submitted.
#[tauri::command]
#[specta::specta]
pub async fn submission_plan(state: State<'_, AppState>) -> Result<SubmissionPlan, IpcError> {
    state.with_workspace(|ws| ws.submission_plan())
}

/// "Submit for review": commits the draft's saved work (with `message`, else the suggested
/// one), then marks the draft ready; refused when there is nothing to submit.
#[tauri::command]
#[specta::specta]
pub async fn submit_for_review(
    message: Option<String>,
    co_authors: Vec<String>,
    state: State<'_, AppState>,
) -> Result<Submitted, IpcError> {
    state.with_workspace(|ws| {
        let co_authors = crate::commands::changes::parse_identities(&co_authors)?;
        ws.submit_for_review(message.as_deref(), &co_authors)
    })
}

/// "Submit story": commits on `submissions/<agency>/<slug of story>`, then writes `bundle` (a
/// file the guest chose) or, without one, pushes. Returns the branch.
#[tauri::command]
#[specta::specta]
pub async fn submit_story(
    agency: String,
    story: Option<String>,
    bundle: Option<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| {
        let bundle = bundle.as_deref().map(std::path::Path::new);
        ws.submit_story(&agency, story.as_deref(), bundle)
    })
}

/// Writes `branch` to the bundle file `path`: the editors' reply to a guest who sent a bundle
/// (the story with the notes recorded on it). Returns the refs it holds.
#[tauri::command]
#[specta::specta]
pub async fn export_bundle(
    branch: String,
    path: String,
    state: State<'_, AppState>,
) -> Result<Vec<String>, IpcError> {
    state.with_workspace(|ws| {
        let header = ws.export_bundle(&branch, std::path::Path::new(&path))?;
        Ok(header.refs.into_iter().map(|(_, name)| name).collect())
    })
}

/// The link to the published preview of `branch` (from the site's URL template in the
/// settings), when the branch is pushed and a template is set.
#[tauri::command]
#[specta::specta]
pub async fn published_preview(
    branch: String,
    state: State<'_, AppState>,
) -> Result<Option<String>, IpcError> {
    let settings = state.settings()?;
    state.with_workspace(|ws| {
        let root = ws.site().root.display().to_string();
        let template = settings
            .sites
            .get(&root)
            .and_then(|s| s.preview_url.clone())
            .unwrap_or_default();
        ws.published_preview(&branch, &template)
    })
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

/// "Approve": merges the branch into the main branch per the site's setting and deletes it;
/// with `reply`, first writes the branch marked accepted there as a bundle for the guest.
#[tauri::command]
#[specta::specta]
pub async fn approve(
    branch: String,
    reply: Option<String>,
    state: State<'_, AppState>,
) -> Result<MergeOutcome, IpcError> {
    state.with_workspace(|ws| {
        ws.approve_replying(&branch, None, reply.as_deref().map(std::path::Path::new))
    })
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
