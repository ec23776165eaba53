//! Postwright's desktop shell: Tauri commands that each delegate to one call of the core's
//! [`postwright::Workspace`], one error type serialized at the edge, and typed events carrying
//! domain facts (what changed), never UI instructions.

#[cfg(test)]
mod command_names;
mod error;
mod settings;
mod state;

use std::path::PathBuf;

use postwright::front_matter::FieldEdit;
use postwright::git::bundle::ImportedBranch;
use postwright::git::diff::PageDiff;
use postwright::git::remote::SyncOutcome;
use postwright::git::review::{MergeOutcome, MergeStrategy, ReviewItem};
use postwright::git::{CommitInfo, FileChange, GitError, Identity};
use postwright::line_diff::LineChange;
use postwright::merge::Choice;
use postwright::render::catalog::ShortcodeInfo;
use postwright::render::RenderDiagnostic;
use postwright::site::schema::ContentType;
use postwright::site::{PageEntry, Term};
use postwright::workspace::{DiskMerge, OpenedDocument, RecoveredBuffer};
use serde::{Deserialize, Serialize};
use tauri::{Manager, State};
use tauri_specta::{collect_commands, collect_events, Event};

pub use error::IpcError;
pub use state::AppState;

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
}

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

/// The commit identity and where it comes from; the writer's role in the editorial workflow.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The identity set in the app (overrides git config), if any.
    pub identity: Option<Identity>,
    /// Which workflow the UI offers (git permissions remain the real boundary).
    #[serde(default)]
    pub role: Role,
    /// A guest's agency, the `<agency>` of `submissions/<agency>/<slug>`.
    #[serde(default)]
    pub agency: Option<String>,
    /// Settings of each site, by the absolute path of its root (as [`SiteInfo::root`]).
    #[serde(default)]
    pub sites: std::collections::BTreeMap<String, SiteSettings>,
}

/// What the app is told about one site that the site's own files do not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteSettings {
    /// The Decap CMS config to read the content types from, relative to the site root (it must
    /// stay inside it), when it is not in `static/admin/` of the site or its theme.
    #[serde(default)]
    pub decap_config: Option<String>,
}

/// A writer's role: it shapes the workflow buttons, nothing more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Writes on `draft/<slug>` branches and submits them for review.
    #[default]
    Author,
    /// Reviews drafts and submissions, requests changes, approves (merges).
    Editor,
    /// A guest agency: submits stories by push or as a bundle file.
    Guest,
}

/// Files of the site changed on disk (outside the app or by a save); paths are relative to
/// the content folder. An empty list means only non-content files changed.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct SiteChanged {
    /// The content files that changed.
    pub paths: Vec<String>,
    /// The content types were read again (the site's Decap CMS config changed): an open
    /// form's fields may have changed.
    pub schema_changed: bool,
    /// Whether the watcher polls now (it switches when the OS file-watch limit is reached).
    pub polling: bool,
}

/// A link in the preview was clicked: the UI asks the writer before opening it in the system
/// browser. The app window itself never navigates away.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
pub struct LinkRequested {
    /// The link's absolute URL (http, https or mailto).
    pub url: String,
}

/// Opens the site named on the command line, or the sample site, unless one is open already.
#[tauri::command]
#[specta::specta]
async fn startup_site(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<SiteInfo, IpcError> {
    state.open_startup_site(&app)
}

/// Opens the Hugo site at `path` (from the folder picker), replacing the current one.
#[tauri::command]
#[specta::specta]
async fn open_site(
    path: String,
    state: State<'_, AppState>,
    app: tauri::AppHandle,
) -> Result<SiteInfo, IpcError> {
    state.open_site(&app, state::SiteSource::Folder(PathBuf::from(path)))
}

/// Every page, newest first.
#[tauri::command]
#[specta::specta]
async fn list_pages(state: State<'_, AppState>) -> Result<Vec<PageEntry>, IpcError> {
    state.with_workspace(|ws| Ok(ws.pages()))
}

/// The terms of one taxonomy (`authors`, `topics`), for the pickers.
#[tauri::command]
#[specta::specta]
async fn list_terms(taxonomy: String, state: State<'_, AppState>) -> Result<Vec<Term>, IpcError> {
    state.with_workspace(|ws| Ok(ws.terms(&taxonomy)))
}

/// Loads a page for editing.
#[tauri::command]
#[specta::specta]
async fn open_document(
    path: String,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.open_document(&path))
}

/// Renders a body for the preview (off the UI thread: async commands run on the runtime).
#[tauri::command]
#[specta::specta]
async fn render_preview(
    path: String,
    body: String,
    revision: u32,
    state: State<'_, AppState>,
) -> Result<Preview, IpcError> {
    let rendered = state.with_workspace(|ws| Ok(ws.render_preview(&path, &body)))?;
    Ok(Preview {
        revision,
        html: rendered.html,
        diagnostics: rendered.diagnostics,
    })
}

/// Rewrites a page that is not UTF-8 as UTF-8 (stray bytes read as Windows-1252).
#[tauri::command]
#[specta::specta]
async fn convert_to_utf8(
    path: String,
    disk_hash: String,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.convert_to_utf8(&path, &disk_hash))
}

/// The content type of the page at `path`: the fields its form shows, in order.
#[tauri::command]
#[specta::specta]
async fn content_type(
    path: String,
    state: State<'_, AppState>,
) -> Result<Option<ContentType>, IpcError> {
    state.with_workspace(|ws| Ok(ws.content_type(&path)))
}

/// The plural names of the site's taxonomies (`authors`, `topics`): relations to them pick terms.
#[tauri::command]
#[specta::specta]
async fn list_taxonomies(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.with_workspace(|ws| {
        Ok(ws
            .site()
            .config
            .taxonomy_plurals()
            .map(str::to_string)
            .collect())
    })
}

/// The site's own stylesheet for the preview, when its config names one.
#[tauri::command]
#[specta::specta]
async fn preview_stylesheet(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    state.with_workspace(|ws| ws.preview_stylesheet())
}

/// The source saving these edits to the page at `path` would write (for the "lines that will
/// change" preview).
#[tauri::command]
#[specta::specta]
async fn edited_source(
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
async fn save_preview(
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
async fn save_source(
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
async fn save_document(
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
async fn merge_with_disk(
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
async fn resolve_disk_merge(
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

// Crash recovery (issue 6): unsaved buffers journaled in the data folder, offered back on start.

/// Journals the open page's unsaved buffer (`base`: the text it was loaded from).
#[tauri::command]
#[specta::specta]
async fn journal_buffer(
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
async fn recoverable_buffers(state: State<'_, AppState>) -> Result<Vec<RecoveredBuffer>, IpcError> {
    state.with_workspace(|ws| ws.recoverable_buffers())
}

/// One page's journaled buffer, to put back in the editor.
#[tauri::command]
#[specta::specta]
async fn restore_buffer(
    path: String,
    state: State<'_, AppState>,
) -> Result<Option<RecoveredBuffer>, IpcError> {
    state.with_workspace(|ws| ws.restore_buffer(&path))
}

/// Drops one page's journaled buffer (the writer discarded it).
#[tauri::command]
#[specta::specta]
async fn discard_buffer(path: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.discard_buffer(&path))
}

/// A resolved merge's text as the editor shows it, to be saved over the file with `disk_hash`.
#[tauri::command]
#[specta::specta]
async fn document_from_text(
    path: String,
    text: String,
    disk_hash: String,
) -> Result<OpenedDocument, IpcError> {
    Ok(postwright::Workspace::document_from_text(
        &path, text, disk_hash,
    ))
}

/// Files changed since the last commit.
#[tauri::command]
#[specta::specta]
async fn status(state: State<'_, AppState>) -> Result<Vec<FileChange>, IpcError> {
    state.with_workspace(|ws| ws.status())
}

/// Commits the changed files `paths` (repository-relative; every changed file when empty)
/// with `message`; returns the commit id.
#[tauri::command]
#[specta::specta]
async fn commit(
    message: String,
    paths: Vec<String>,
    co_authors: Vec<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| {
        ws.commit_with_co_authors(&message, &paths, &parse_identities(&co_authors)?)
    })
}

/// Reads `Name <email>` texts typed in the UI as identities.
fn parse_identities(texts: &[String]) -> Result<Vec<Identity>, postwright::Error> {
    texts
        .iter()
        .map(|t| t.parse::<Identity>().map_err(|e| GitError::from(e).into()))
        .collect()
}

/// The identity commits will use (the app's setting, else git config).
#[tauri::command]
#[specta::specta]
async fn commit_identity(state: State<'_, AppState>) -> Result<Option<Identity>, IpcError> {
    state.with_workspace(|ws| Ok(ws.identity()))
}

/// The app's settings as stored in the data folder.
#[tauri::command]
#[specta::specta]
async fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    state.settings()
}

/// Stores the settings and applies the identity to the open site.
#[tauri::command]
#[specta::specta]
async fn set_settings(settings: Settings, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.set_settings(settings)
}

// Editorial Git workflow (issue 7): diffs, partial commits, history, drafts, review, sync.
// Git paths are repository-relative; `page_history`/`restore_page` take the editor's
// content-relative path.

/// How the uncommitted changes to `paths` (all when empty) differ, front matter field by field.
#[tauri::command]
#[specta::specta]
async fn page_diffs(
    paths: Vec<String>,
    state: State<'_, AppState>,
) -> Result<Vec<PageDiff>, IpcError> {
    state.with_workspace(|ws| ws.page_diffs(&paths))
}

/// The commit message the changes to `paths` suggest ("Update <title>: summary, topics").
#[tauri::command]
#[specta::specta]
async fn suggest_commit_message(
    paths: Vec<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.suggest_commit_message(&paths))
}

/// Commits only the chosen front-matter `fields` and body `hunks` of the change to `path`.
#[tauri::command]
#[specta::specta]
async fn commit_parts(
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
async fn discard(paths: Vec<String>, state: State<'_, AppState>) -> Result<String, IpcError> {
    state.with_workspace(|ws| {
        ws.discard(&paths)
            .map(|backup| backup.display().to_string())
    })
}

/// Commits that changed the page at `path` (content-relative), newest first.
#[tauri::command]
#[specta::specta]
async fn page_history(
    path: String,
    limit: u32,
    state: State<'_, AppState>,
) -> Result<Vec<CommitInfo>, IpcError> {
    state.with_workspace(|ws| ws.page_history(&path, limit as usize))
}

/// The site's history: the latest `limit` commits on the current branch, newest first.
#[tauri::command]
#[specta::specta]
async fn site_history(limit: u32, state: State<'_, AppState>) -> Result<Vec<CommitInfo>, IpcError> {
    state.with_workspace(|ws| ws.history(None, limit as usize))
}

/// Writes the page at `path` (content-relative) as it was in `commit`, uncommitted.
#[tauri::command]
#[specta::specta]
async fn restore_page(
    path: String,
    commit: String,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.restore_page(&path, &commit))
}

/// The content-relative path of a repository path, when it is a file of the content folder.
#[tauri::command]
#[specta::specta]
async fn content_path_of(
    repo_path: String,
    state: State<'_, AppState>,
) -> Result<Option<String>, IpcError> {
    state.with_workspace(|ws| Ok(ws.content_rel_path(&repo_path)))
}

/// The current branch (`None` when detached or not in a repository).
#[tauri::command]
#[specta::specta]
async fn current_branch(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    state.with_workspace(|ws| ws.current_branch())
}

/// Local branches.
#[tauri::command]
#[specta::specta]
async fn branches(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    state.with_workspace(|ws| ws.branches())
}

/// Switches branch, carrying uncommitted work (refused, changing nothing, on a clash).
#[tauri::command]
#[specta::specta]
async fn switch_branch(name: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.switch_branch(&name))
}

/// "Start draft": `draft/<slug>` from the main branch, switched to; returns the branch.
#[tauri::command]
#[specta::specta]
async fn start_draft(slug: String, state: State<'_, AppState>) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.start_draft(&slug))
}

/// "Submit for review": marks the current draft branch ready.
#[tauri::command]
#[specta::specta]
async fn submit_for_review(state: State<'_, AppState>) -> Result<ReviewItem, IpcError> {
    state.with_workspace(|ws| ws.submit_for_review())
}

/// "Submit story": commits on `submissions/<agency>/<slug>`, then writes `bundle` (a file the
/// guest chose) or, without one, pushes. Returns the branch.
#[tauri::command]
#[specta::specta]
async fn submit_story(
    agency: String,
    bundle: Option<String>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.submit_story(&agency, bundle.as_deref().map(std::path::Path::new)))
}

/// Draft and submission branches (local, on the remote, imported) with their pages and state.
#[tauri::command]
#[specta::specta]
async fn review_queue(state: State<'_, AppState>) -> Result<Vec<ReviewItem>, IpcError> {
    state.with_workspace(|ws| ws.review_queue())
}

/// The field-level diff of a branch against the main branch it left.
#[tauri::command]
#[specta::specta]
async fn review_diff(
    branch: String,
    state: State<'_, AppState>,
) -> Result<Vec<PageDiff>, IpcError> {
    state.with_workspace(|ws| ws.review_diff(&branch))
}

/// The preview of `path` (repository-relative) as it is on `branch`.
#[tauri::command]
#[specta::specta]
async fn render_branch_page(
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
async fn request_changes(
    branch: String,
    note: String,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.request_changes(&branch, &note))
}

/// How "Approve" merges on this site (git config, else the Decap config's squash setting).
#[tauri::command]
#[specta::specta]
async fn merge_strategy(state: State<'_, AppState>) -> Result<MergeStrategy, IpcError> {
    state.with_workspace(|ws| Ok(ws.merge_strategy()))
}

/// "Approve": merges the branch into the main branch per the site's setting and deletes it.
#[tauri::command]
#[specta::specta]
async fn approve(branch: String, state: State<'_, AppState>) -> Result<MergeOutcome, IpcError> {
    state.with_workspace(|ws| ws.approve(&branch, None))
}

/// Imports the branches of a bundle file a guest sent.
#[tauri::command]
#[specta::specta]
async fn import_bundle(
    path: String,
    state: State<'_, AppState>,
) -> Result<Vec<ImportedBranch>, IpcError> {
    state.with_workspace(|ws| ws.import_bundle(std::path::Path::new(&path)))
}

/// Pull, then push what is ahead.
#[tauri::command]
#[specta::specta]
async fn sync(state: State<'_, AppState>) -> Result<SyncOutcome, IpcError> {
    state.with_workspace(|ws| ws.sync())
}

// Pull conflicts: the conflicts view lists them (also after a restart), then finishes or
// aborts the merge.

/// The conflicting files of a merge a pull left unfinished (empty when there is none).
#[tauri::command]
#[specta::specta]
async fn pending_conflicts(
    state: State<'_, AppState>,
) -> Result<Vec<postwright::git::review::ConflictFile>, IpcError> {
    state.with_workspace(|ws| ws.pending_conflicts())
}

/// "Finish merge": writes each `(path, text)` the writer settled and commits the merge.
#[tauri::command]
#[specta::specta]
async fn resolve_pull_conflicts(
    files: Vec<(String, String)>,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.resolve_pull_conflicts(&files))
}

/// "Abort merge": back to before the pull, refused when that would lose other changes.
#[tauri::command]
#[specta::specta]
async fn abort_merge(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.with_workspace(|ws| ws.abort_merge())
}

// Site awareness (issue 5): checks, fixes, the dashboard's query and the pickers' term search.

/// Checks a page's current text (the editor's unsaved buffer) against the site.
#[tauri::command]
#[specta::specta]
async fn check_document(
    path: String,
    source: String,
    state: State<'_, AppState>,
) -> Result<Vec<postwright::check::Diagnostic>, IpcError> {
    state.with_workspace(|ws| Ok(ws.check_document(&path, &source)))
}

/// The findings of every page as it is on disk (only the pages changed since the last check,
/// and their referrers, are checked again).
#[tauri::command]
#[specta::specta]
async fn check_site(state: State<'_, AppState>) -> Result<postwright::check::SiteCheck, IpcError> {
    state.with_workspace(|ws| Ok(ws.check_site()))
}

/// The lines the chosen fixes would change in `source` (the page at `path`).
#[tauri::command]
#[specta::specta]
async fn fix_preview(
    path: String,
    source: String,
    selection: postwright::workspace::FixSelection,
    state: State<'_, AppState>,
) -> Result<postwright::workspace::FixPreview, IpcError> {
    state.with_workspace(|ws| ws.fix_preview(&path, &source, &selection))
}

/// Applies the chosen fixes to the page as loaded (`source`, hash `disk_hash`) and saves it.
#[tauri::command]
#[specta::specta]
async fn apply_fix(
    path: String,
    source: String,
    disk_hash: String,
    selection: postwright::workspace::FixSelection,
    state: State<'_, AppState>,
) -> Result<OpenedDocument, IpcError> {
    state.with_workspace(|ws| ws.apply_fix(&path, &source, &disk_hash, &selection))
}

/// The pages a dashboard query selects (text search, filters, sort).
#[tauri::command]
#[specta::specta]
async fn query_pages(
    query: postwright::site::PageQuery,
    state: State<'_, AppState>,
) -> Result<Vec<PageEntry>, IpcError> {
    state.with_workspace(|ws| Ok(ws.query_pages(&query)))
}

/// Every shortcode the site can call, with its params, inner flag and help.
#[tauri::command]
#[specta::specta]
async fn shortcodes(state: State<'_, AppState>) -> Result<Vec<ShortcodeInfo>, IpcError> {
    state.with_workspace(|ws| Ok(ws.shortcodes()))
}

/// The terms of `taxonomy` matching `text`, best first.
#[tauri::command]
#[specta::specta]
async fn search_terms(
    taxonomy: String,
    text: String,
    limit: u32,
    state: State<'_, AppState>,
) -> Result<Vec<Term>, IpcError> {
    state.with_workspace(|ws| Ok(ws.search_terms(&taxonomy, &text, limit as usize)))
}

/// Opens an http(s) or mailto link in the system browser, after the writer confirmed it.
#[tauri::command]
#[specta::specta]
async fn open_external(url: String, app: tauri::AppHandle) -> Result<(), IpcError> {
    use tauri_plugin_opener::OpenerExt;
    let link = external_link(&url)
        .ok_or_else(|| IpcError::new("badLink", format!("not a web or mail link: {url}")))?;
    app.opener()
        .open_url(link.as_str(), None::<&str>)
        .map_err(|e| IpcError::new("opener", e.to_string()))
}

/// Records that it was called, in `canary.log` in the data folder. Nothing in the app calls it:
/// the preview-isolation test renders a hostile page and checks that no call arrived.
#[tauri::command]
#[specta::specta]
async fn canary(note: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.record_canary(&note)
}

/// `url` when it is a link the system browser may open (http, https, mailto).
fn external_link(url: &str) -> Option<tauri::Url> {
    let parsed = tauri::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https" | "mailto").then_some(parsed)
}

/// Whether the main window may show `url`: the app's own pages (and the preview frame's
/// `about:srcdoc`), never a page from a post.
fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" | "about" => true,
        "http" | "https" => match url.host_str() {
            Some("tauri.localhost") => true,
            // The dev server (`npm run dev`), only in builds that load it.
            Some("localhost") => cfg!(dev) && url.port() == Some(1420),
            _ => false,
        },
        _ => false,
    }
}

/// The main window from its configuration, with the two guards the preview relies on: the
/// window never navigates away from the app, and a link opened from the preview (a new-window
/// request) becomes a [`LinkRequested`] event for the UI to confirm.
fn create_main_window(app: &tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or("tauri.conf.json has no \"main\" window")?;
    let handle = app.handle().clone();
    tauri::WebviewWindowBuilder::from_config(app, &config)?
        .on_navigation(is_app_url)
        .on_new_window(move |url, _features| {
            if external_link(url.as_str()).is_some() {
                if let Err(e) = (LinkRequested {
                    url: url.to_string(),
                })
                .emit(&handle)
                {
                    eprintln!("postwright-desktop: cannot emit link-requested: {e}");
                }
            }
            tauri::webview::NewWindowResponse::Deny
        })
        .build()?;
    Ok(())
}

/// The command and event registry; also what `export_bindings` turns into TypeScript.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            startup_site,
            open_site,
            list_pages,
            list_terms,
            open_document,
            render_preview,
            preview_stylesheet,
            content_type,
            list_taxonomies,
            convert_to_utf8,
            edited_source,
            save_document,
            save_preview,
            save_source,
            merge_with_disk,
            resolve_disk_merge,
            document_from_text,
            journal_buffer,
            recoverable_buffers,
            restore_buffer,
            discard_buffer,
            status,
            commit,
            commit_identity,
            get_settings,
            set_settings,
            open_external,
            canary,
            // Editorial Git workflow (issue 7).
            page_diffs,
            suggest_commit_message,
            commit_parts,
            discard,
            page_history,
            site_history,
            restore_page,
            content_path_of,
            current_branch,
            branches,
            switch_branch,
            start_draft,
            submit_for_review,
            submit_story,
            review_queue,
            review_diff,
            render_branch_page,
            request_changes,
            merge_strategy,
            approve,
            import_bundle,
            sync,
            // Pull conflicts.
            pending_conflicts,
            resolve_pull_conflicts,
            abort_merge,
            // Site awareness (issue 5).
            check_document,
            check_site,
            fix_preview,
            apply_fix,
            query_pages,
            search_terms,
            shortcodes,
        ])
        .events(collect_events![SiteChanged, LinkRequested])
        // Line and column numbers are `usize` in the core; they never come near 2^53.
        .dangerously_cast_bigints_to_number()
}

/// Where the app keeps its settings and the sample site: `POSTWRIGHT_DATA_DIR` when set
/// (tests), else the OS data folder for the app.
fn data_dir(app: &tauri::App) -> Result<PathBuf, IpcError> {
    if let Some(dir) = std::env::var_os("POSTWRIGHT_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    app.path()
        .app_data_dir()
        .map_err(|e| IpcError::internal(format!("no data folder: {e}")))
}

/// Grants the main window the `canary` command when `POSTWRIGHT_TEST_CANARY=1` (the
/// preview-isolation test, which must see a call get through if isolation broke). Otherwise
/// no capability names it and Tauri refuses every call to it.
fn grant_test_canary(app: &tauri::App) -> tauri::Result<()> {
    if std::env::var_os("POSTWRIGHT_TEST_CANARY").is_some_and(|v| v == "1") {
        app.add_capability(
            tauri::ipc::CapabilityBuilder::new("test-canary")
                .window("main")
                .permission("allow-canary"),
        )?;
    }
    Ok(())
}

/// Starts the app; `site_arg` is the folder given on the command line, if any.
pub fn run(site_arg: Option<PathBuf>) {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            grant_test_canary(app)?;
            let data_dir = data_dir(app)?;
            app.manage(AppState::new(data_dir, site_arg));
            create_main_window(app)?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("postwright-desktop: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_leave_the_app_and_the_window_stays_on_the_app() {
        assert!(external_link("https://digital.gov/").is_some());
        assert!(external_link("mailto:team@example.gov").is_some());
        for hostile in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "tauri://localhost/",
            "data:text/html,x",
            "nonsense",
        ] {
            assert!(external_link(hostile).is_none(), "{hostile}");
        }
        let url = |s: &str| tauri::Url::parse(s).unwrap();
        assert!(is_app_url(&url("tauri://localhost/")));
        assert!(is_app_url(&url("http://tauri.localhost/index.html")));
        assert!(is_app_url(&url("about:srcdoc")));
        for away in [
            "https://example.com/",
            "file:///etc/passwd",
            "http://127.0.0.1:9/steal",
            "javascript:top.x=1",
        ] {
            assert!(!is_app_url(&url(away)), "{away}");
        }
    }

    /// Writes `ui/src/lib/ipc/bindings.ts`; `scripts/check-bindings.sh` runs this and fails
    /// when the committed file differs.
    #[test]
    fn export_bindings() {
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
        specta_builder()
            .export(
                specta_typescript::Typescript::default().header("// Generated by `cargo test -p postwright-desktop export_bindings`. Do not edit.\n"),
                &out,
            )
            .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("renderPreview"), "bindings lack the commands");
        assert!(text.contains("siteChanged"), "bindings lack the events");
    }

    #[test]
    fn each_command_has_a_permission_and_the_window_is_granted_all_but_the_canary() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bindings.ts");
        specta_builder()
            .export(specta_typescript::Typescript::default(), &out)
            .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let mut registered: Vec<&str> = text
            .split("__TAURI_INVOKE(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        registered.sort_unstable();
        let mut named = command_names::COMMAND_NAMES.to_vec();
        named.sort_unstable();
        assert_eq!(
            registered, named,
            "command_names.rs and specta_builder disagree"
        );

        let capability: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.contains(':'))
            .map(str::to_string)
            .collect();
        granted.sort_unstable();
        let mut expected: Vec<String> = named
            .iter()
            .filter(|n| **n != "canary")
            .map(|n| format!("allow-{}", n.replace('_', "-")))
            .collect();
        expected.sort_unstable();
        assert_eq!(granted, expected);
        // Plugins: events, and the two file dialogs; nothing that reaches the shell, the
        // network or the file system.
        let plugins: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| p.contains(':'))
            .collect();
        assert_eq!(
            plugins,
            [
                "core:event:allow-listen",
                "core:event:allow-unlisten",
                "dialog:allow-open",
                "dialog:allow-save"
            ]
        );
    }
}
