//! Postwright's desktop shell: Tauri commands that each delegate to one call of the core's
//! [`postwright::Workspace`], one error type serialized at the edge, and typed events carrying
//! domain facts (what changed), never UI instructions.

mod error;
mod settings;
mod state;

use std::path::PathBuf;

use postwright::front_matter::FieldEdit;
use postwright::git::{FileChange, Identity};
use postwright::line_diff::LineChange;
use postwright::render::RenderDiagnostic;
use postwright::site::{PageEntry, Term};
use postwright::workspace::{DiskMerge, OpenedDocument};
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

/// The commit identity and where it comes from.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The identity set in the app (overrides git config), if any.
    pub identity: Option<Identity>,
}

/// Files of the site changed on disk (outside the app or by a save); paths are relative to
/// the content folder. An empty list means only non-content files changed.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
pub struct SiteChanged {
    /// The content files that changed.
    pub paths: Vec<String>,
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

/// The source saving these edits would write (for the "lines that will change" preview).
#[tauri::command]
#[specta::specta]
async fn edited_source(
    source: String,
    edits: Vec<FieldEdit>,
    body: Option<String>,
) -> Result<String, IpcError> {
    Ok(postwright::Workspace::edited_source(
        &source,
        &edits,
        body.as_deref(),
    )?)
}

/// The lines saving these edits would change (the form's live diff).
#[tauri::command]
#[specta::specta]
async fn save_preview(
    source: String,
    edits: Vec<FieldEdit>,
    body: Option<String>,
) -> Result<Vec<LineChange>, IpcError> {
    Ok(postwright::Workspace::save_preview(
        &source,
        &edits,
        body.as_deref(),
    )?)
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

/// Commits every changed file with `message`; returns the commit id.
#[tauri::command]
#[specta::specta]
async fn commit(message: String, state: State<'_, AppState>) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.commit(&message, &[]))
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
            edited_source,
            save_document,
            save_preview,
            save_source,
            merge_with_disk,
            document_from_text,
            status,
            commit,
            commit_identity,
            get_settings,
            set_settings,
            open_external,
            canary,
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

/// Starts the app; `site_arg` is the folder given on the command line, if any.
pub fn run(site_arg: Option<PathBuf>) {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
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
}
