//! The one facade both shells call: a site opened for editing, grouped by use case
//! (open, list, edit, preview, save, watch, commit). The desktop app and the CLI add nothing
//! but argument parsing and presentation.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::check::{Diagnostic, SiteCheck, SiteFindings};
use crate::document::{Document, DocumentError};
use crate::error::Error;
use crate::front_matter::{self, FieldEdit, FrontMatter};
use crate::git::bundle::{BundleHeader, ImportedBranch};
use crate::git::diff::PageDiff;
use crate::git::remote::{PullOutcome, SyncOutcome, DEFAULT_REMOTE};
use crate::git::review::{ConflictFile, MergeOutcome, MergeStrategy, ReviewItem};
use crate::git::{CommitInfo, FileChange, FileDiff, Identity, SiteRepo};
use crate::journal::{Journal, JournalEntry};
use crate::line_diff::{line_changes, LineChange};
use crate::merge::{merge_document, reconcile, Choice, DocumentMerge, OutsideChange};
use crate::render::{render_page, Rendered};
use crate::schema::ContentType;
use crate::site::{PageEntry, Site, SiteOptions, Term};
use crate::site::{PageQuery, RefResolution};
use crate::watch::{SiteWatcher, WatchEvent, WatchEventKind};

/// Opens the scratch copy of the embedded sample site in `data_dir`, creating it (with its own
/// Git repository and an initial commit) on first use.
pub fn open_sample_workspace(data_dir: &Path) -> Result<Workspace, Error> {
    let folder = data_dir.join(crate::site::sample::SAMPLE_FOLDER);
    if !folder.join(".git").exists() {
        // A half-made copy (crash during the first run) is made again from scratch.
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        }
        crate::site::sample::extract_sample_site(&folder)?;
        let who = Identity {
            name: "Postwright".into(),
            email: "postwright@localhost".into(),
        };
        SiteRepo::init_with_initial_commit(&folder, "Sample site", &who)?;
    }
    Workspace::open(&folder)
}

/// A page opened in the editor: what the form, the body editor and the save need.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenedDocument {
    /// Path relative to the content folder.
    pub path: String,
    /// The whole file as loaded.
    pub source: String,
    /// Hash of the file on disk when loaded; saving checks it.
    pub disk_hash: String,
    /// Top-level front-matter keys and values, in file order (empty on error).
    pub front_matter: serde_json::Map<String, serde_json::Value>,
    /// Why the front matter could not be read, with line and column.
    pub front_matter_error: Option<FrontMatterProblem>,
    /// The front-matter block as written (delimiters included), for the raw editor shown
    /// when it cannot be read; the body follows it.
    pub front_matter_text: String,
    /// The Markdown body.
    pub body: String,
    /// Where the file stops being UTF-8 text, when it does: the page is then shown decoded with
    /// replacement characters, read-only (saving is refused so no byte is lost) until it is
    /// converted with [`Workspace::convert_to_utf8`].
    pub encoding_problem: Option<FrontMatterProblem>,
}

/// Why a page's front matter cannot be read, at a 1-based line and column of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FrontMatterProblem {
    /// 1-based line in the whole file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The file on disk merged with the editor's unsaved text, after an outside change.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiskMerge {
    /// The page as it is on disk now ("theirs"); saving the merge is checked against its hash.
    pub theirs: OpenedDocument,
    /// base = what the editor loaded, ours = what it would save, theirs = the disk: front
    /// matter field by field, the body hunk by hunk.
    pub merge: DocumentMerge,
    /// The merged page as the editor shows it, when nothing conflicted.
    pub merged: Option<OpenedDocument>,
}

/// What a batch of watcher events changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteChanges {
    /// The content files (relative to the content folder) that changed.
    pub paths: Vec<String>,
    /// The content types were read again: the Decap CMS config changed, so an open form's
    /// fields may have.
    pub schema_changed: bool,
}

/// A site opened for editing.
pub struct Workspace {
    site: Site,
    repo: Option<SiteRepo>,
    identity: Option<Identity>,
    /// The running watcher, told about our own saves so they are not reported as outside edits.
    watcher: Option<SiteWatcher>,
    /// Where unsaved buffers are journaled, once [`Workspace::enable_recovery`] was called.
    journal: Option<Journal>,
    /// The site-wide findings, re-checked page by page as pages change.
    findings: SiteFindings,
    /// The app's settings for this site, applied again whenever the site is read again.
    options: SiteOptions,
}

impl Workspace {
    /// Opens the Hugo site at `root` and the Git repository around it, if any.
    pub fn open(root: &Path) -> Result<Workspace, Error> {
        let site = Site::open(root)?;
        let repo = SiteRepo::discover(&site.root).ok();
        Ok(Workspace {
            site,
            repo,
            identity: None,
            watcher: None,
            journal: None,
            findings: SiteFindings::default(),
            options: SiteOptions::default(),
        })
    }

    /// Reads the content types from the Decap CMS config at `rel` (relative to the site root;
    /// a path leading outside it is refused), or, with `None`, from the one found in the
    /// site's or its themes' `static/admin/`. Kept when the site is read again (after a pull,
    /// a branch switch…). On error nothing changes.
    pub fn set_decap_config(&mut self, rel: Option<&str>) -> Result<(), Error> {
        let options = SiteOptions {
            decap_config: rel.map(str::to_string),
        };
        self.site.schema = crate::schema::SiteSchema::load(&self.site, rel)?;
        self.options = options;
        // Required fields and patterns come from the schema: every page's findings may change.
        self.findings.invalidate();
        Ok(())
    }

    /// The opened site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Every page, newest first (undated pages last, by path).
    pub fn pages(&self) -> Vec<PageEntry> {
        let mut pages = self.site.index.pages.clone();
        pages.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
        pages
    }

    /// The terms of one taxonomy (`authors`, `topics`), for the pickers.
    pub fn terms(&self, taxonomy: &str) -> Vec<Term> {
        self.site
            .index
            .terms
            .get(taxonomy)
            .cloned()
            .unwrap_or_default()
    }

    /// The content type (and so the form's fields) of the page at `rel`.
    pub fn content_type(&self, rel: &str) -> Option<ContentType> {
        self.site.schema.for_page(rel).cloned()
    }

    /// Creates a new page in `section` (e.g. `news`) titled `title`, dated `now`, at the path the
    /// content type's Decap `path`/`slug` templates give (digital.gov:
    /// `news/YYYY/MM/YYYY-MM-DD-slug.md`), else `section/slug.md`, with the type's fields in
    /// form order. Returns the new page's content-relative path; refuses to overwrite.
    pub fn new_page(
        &mut self,
        section: &str,
        title: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<String, Error> {
        let slug = crate::site::file_slug(title);
        // A section is one folder of the content root; the slug is letters, digits and `-`.
        let refuse = |reason: &str| {
            Error::Document(DocumentError::OutsideSite {
                path: PathBuf::from(format!("{section}/{slug}")),
                reason: reason.into(),
            })
        };
        if slug.is_empty() {
            return Err(refuse("the title gives an empty file name"));
        }
        if section.is_empty() || section.contains(['/', '\\']) || section.starts_with('.') {
            return Err(refuse(
                "a section is one folder name inside the content folder",
            ));
        }
        let content_type = self
            .site
            .schema
            .for_page(&format!("{section}/x.md"))
            .cloned();
        let fill = |template: &str| {
            template
                .replace("{{year}}", &now.format("%Y").to_string())
                .replace("{{month}}", &now.format("%m").to_string())
                .replace("{{day}}", &now.format("%d").to_string())
                .replace("{{slug}}", &slug)
        };
        let file_slug = content_type
            .as_ref()
            .and_then(|t| t.slug_template.as_deref())
            .map_or_else(|| slug.clone(), fill);
        let rel = match content_type
            .as_ref()
            .and_then(|t| t.path_template.as_deref())
        {
            Some(path) => format!(
                "{section}/{}.md",
                fill(&path.replace("{{slug}}", &file_slug))
            ),
            None => format!("{section}/{file_slug}.md"),
        };
        let path = self.content_path(&rel)?;
        if path.exists() {
            return Err(Error::io(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a page already exists here",
                ),
            ));
        }
        let date_format = content_type
            .as_ref()
            .and_then(|t| t.fields.iter().find(|f| f.name == "date"))
            .and_then(|f| f.format.clone())
            .unwrap_or_else(|| "YYYY-MM-DD HH:mm:ss ZZ".to_string());
        let mut edits = Vec::new();
        let fields = content_type.map(|t| t.fields).unwrap_or_default();
        let mut keys: Vec<(String, serde_json::Value)> = fields
            .iter()
            .filter(|f| {
                f.required
                    || matches!(
                        f.name.as_str(),
                        "title" | "summary" | "date" | "authors" | "topics" | "slug"
                    )
            })
            .map(|f| {
                let value = match f.name.as_str() {
                    "title" => title.into(),
                    "slug" => slug.clone().into(),
                    "date" => moment_format(&now, &date_format).into(),
                    _ => f.default.clone().unwrap_or(if f.multiple {
                        serde_json::json!([])
                    } else {
                        "".into()
                    }),
                };
                (f.name.clone(), value)
            })
            .collect();
        for (key, value) in [
            ("title", serde_json::Value::from(title)),
            ("date", moment_format(&now, &date_format).into()),
        ] {
            if !keys.iter().any(|(k, _)| k == key) {
                keys.insert(0, (key.to_string(), value));
            }
        }
        for (key, value) in keys {
            edits.push(FieldEdit::Set { key, value });
        }
        let source = self.edited_source(&rel, "---\n---\n", &edits, Some("\n"))?;
        let source = with_coaching_comments(&source, &fields);
        FrontMatter::parse(&source)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        crate::document::write_atomic(&path, source.as_bytes())?;
        self.reindex_file(&path);
        Ok(rel)
    }

    /// Resolves a content-relative path from the UI or the CLI, refusing anything outside the
    /// content folder (`..`, absolute paths, `.git`, symlinks leading out): see [`crate::confine`].
    pub fn content_path(&self, rel: &str) -> Result<PathBuf, Error> {
        Ok(crate::confine::confine(&self.site.content_root(), rel).map_err(DocumentError::from)?)
    }

    /// Loads a page for editing. A page whose front matter cannot be parsed still opens, with
    /// the error, so its body stays editable.
    pub fn open_document(&self, rel: &str) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        match Document::open(&path) {
            Ok(doc) => Ok(Self::document_from_text(rel, doc.source, doc.disk_hash)),
            // Shown, not edited: the bytes that are not text stay on disk untouched.
            Err(DocumentError::NotUtf8 {
                line,
                column,
                message,
                ..
            }) => {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let shown = String::from_utf8_lossy(&bytes).into_owned();
                let mut doc =
                    Self::document_from_text(rel, shown, crate::document::content_hash(&bytes));
                doc.encoding_problem = Some(FrontMatterProblem {
                    line,
                    column,
                    message: format!(
                        "not UTF-8 text ({message}); shown read-only so no byte is lost"
                    ),
                });
                Ok(doc)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Rewrites the page at `rel` as UTF-8, reading every byte that is not UTF-8 as
    /// Windows-1252 (where stray bytes in old posts come from), unless the file changed since
    /// `disk_hash`. Returns the page as it now opens, editable.
    pub fn convert_to_utf8(&mut self, rel: &str, disk_hash: &str) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if crate::document::content_hash(&bytes) != disk_hash {
            return Err(DocumentError::ChangedOnDisk { path }.into());
        }
        let text = crate::document::repair_windows_1252(&bytes);
        if let Some(watcher) = &self.watcher {
            watcher.expect_own_write(&path, text.as_bytes());
        }
        crate::document::write_atomic(&path, text.as_bytes())?;
        self.reindex_file(&path);
        self.open_document(rel)
    }

    /// Merges the editor's unsaved text (`ours`, what saving would write; `base`, the text it
    /// loaded) with the page as it is on disk now. A clean merge comes back ready to load.
    pub fn merge_with_disk(&self, rel: &str, base: &str, ours: &str) -> Result<DiskMerge, Error> {
        let theirs = self.open_document(rel)?;
        let merge = merge_document(base, ours, &theirs.source);
        let merged = merge
            .merged
            .clone()
            .map(|text| Self::document_from_text(rel, text, theirs.disk_hash.clone()));
        Ok(DiskMerge {
            theirs,
            merge,
            merged,
        })
    }

    /// The page the writer's choices make of a [`Workspace::merge_with_disk`] that clashed:
    /// `fields` per conflicting key, `hunks` per body conflict in order (missing ones keep
    /// ours). `theirs` is the disk's text the merge was made with; the result is to be saved
    /// over the file whose hash is `disk_hash`.
    pub fn resolve_disk_merge(
        rel: &str,
        base: &str,
        ours: &str,
        theirs: &str,
        disk_hash: String,
        fields: &[(String, Choice)],
        hunks: &[Choice],
    ) -> Result<OpenedDocument, Error> {
        let text = merge_document(base, ours, theirs).resolve(fields, hunks)?;
        Ok(Self::document_from_text(rel, text, disk_hash))
    }

    /// A page's text as the editor shows it (fields, body), to be saved over the file whose
    /// hash is `disk_hash`: a file just read, or a merge the writer resolved.
    pub fn document_from_text(rel: &str, source: String, disk_hash: String) -> OpenedDocument {
        let (front_matter, front_matter_error, body_start) = match FrontMatter::parse(&source) {
            Ok(fm) => {
                let map = fm
                    .fields()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect();
                (map, None, fm.body_start())
            }
            // The body stays editable when the block's delimiters are found.
            Err(e) => (
                Default::default(),
                Some(FrontMatterProblem {
                    line: e.line,
                    column: e.column,
                    message: e.message,
                }),
                front_matter::body_start(&source),
            ),
        };
        OpenedDocument {
            path: rel.to_string(),
            body: source[body_start..].to_string(),
            front_matter_text: source[..body_start].to_string(),
            source,
            disk_hash,
            front_matter,
            front_matter_error,
            encoding_problem: None,
        }
    }

    /// The front-matter keys of the page at `rel` in its content type's form order: where a
    /// key the file lacks is added (after the nearest key before it that the file has).
    pub fn key_order(&self, rel: &str) -> Vec<String> {
        self.site
            .schema
            .for_page(rel)
            .map(|t| t.fields.iter().map(|f| f.name.clone()).collect())
            .unwrap_or_default()
    }

    /// The source that saving `edits` and `body` over `source`, the page at `rel`, would write;
    /// keys it adds go where the page's content type orders them.
    pub fn edited_source(
        &self,
        rel: &str,
        source: &str,
        edits: &[FieldEdit],
        body: Option<&str>,
    ) -> Result<String, Error> {
        let order = self.key_order(rel);
        let order: Vec<&str> = order.iter().map(String::as_str).collect();
        let edited = front_matter::apply_edits_with_order(source, edits, &order)?;
        Ok(match body {
            Some(body) => front_matter::replace_body(&edited, body)?,
            None => edited,
        })
    }

    /// The lines saving `edits` and `body` over `source` would change, for the form's live diff.
    pub fn save_preview(
        &self,
        rel: &str,
        source: &str,
        edits: &[FieldEdit],
        body: Option<&str>,
    ) -> Result<Vec<LineChange>, Error> {
        Ok(line_changes(
            source,
            &self.edited_source(rel, source, edits, body)?,
        ))
    }

    /// Saves `text` as the whole file, atomically, unless the file changed on disk since
    /// `disk_hash`: the raw editor's save for a page whose front matter cannot be read (it is
    /// written as the writer typed it, never re-serialized).
    pub fn save_source(
        &mut self,
        rel: &str,
        text: &str,
        disk_hash: &str,
    ) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        if let Some(watcher) = &self.watcher {
            watcher.expect_own_write(&path, text.as_bytes());
        }
        Document::save_checked(&path, text, disk_hash)?;
        self.reindex_file(&path);
        self.open_document(rel)
    }

    /// Applies `edits` and the new `body` to `source` and saves atomically, unless the file
    /// changed on disk since `disk_hash`. Returns the saved document.
    pub fn save_document(
        &mut self,
        rel: &str,
        source: &str,
        disk_hash: &str,
        edits: &[FieldEdit],
        body: Option<&str>,
    ) -> Result<OpenedDocument, Error> {
        let new_source = self.edited_source(rel, source, edits, body)?;
        self.write_checked(rel, &new_source, disk_hash)
    }

    /// Writes `text` over the page at `rel` atomically, unless the file changed on disk since
    /// `disk_hash`; the watcher is told it is our own write, and the journaled buffer dropped.
    fn write_checked(
        &mut self,
        rel: &str,
        text: &str,
        disk_hash: &str,
    ) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        if let Some(watcher) = &self.watcher {
            watcher.expect_own_write(&path, text.as_bytes());
        }
        Document::save_checked(&path, text, disk_hash)?;
        // Saved: the journaled copy of the buffer is no longer needed.
        if let Some(journal) = &self.journal {
            journal.discard(rel)?;
        }
        self.reindex_file(&path);
        self.open_document(rel)
    }

    /// Renders a page body for the preview.
    pub fn render_preview(&self, rel: &str, body: &str) -> Rendered {
        render_page(&self.site, rel, body)
    }

    /// The site's own stylesheets for the preview, joined: the files named (relative to the site
    /// root) by the config's `params.postwright.previewCSS`, a path or a list of paths. A Hugo
    /// site's real CSS is usually built by Hugo Pipes (Sass), so the site says which built or
    /// hand-written file reads best; without the setting, the preview keeps its own style. A site
    /// that prints Chroma classes for code gets their stylesheet first.
    pub fn preview_stylesheet(&self) -> Result<Option<String>, Error> {
        /// A stylesheet is text; anything bigger is not one a preview should inline.
        const MAX_CSS_BYTES: u64 = 2 * 1024 * 1024;
        let setting = &self.site.config.params["postwright"]["previewCSS"];
        let files: Vec<&str> = match setting {
            serde_json::Value::String(one) => vec![one.as_str()],
            serde_json::Value::Array(list) => {
                list.iter().filter_map(serde_json::Value::as_str).collect()
            }
            _ => Vec::new(),
        };
        // Chroma's classes first, so that the site's own rules win, as on the published site.
        let highlight = crate::render::highlight_stylesheet(&self.site);
        if files.is_empty() && highlight.is_none() {
            return Ok(None);
        }
        let mut css = highlight.unwrap_or_default();
        for rel in files {
            let path =
                crate::confine::confine(&self.site.root, rel).map_err(DocumentError::from)?;
            let size = std::fs::metadata(&path)
                .map_err(|e| Error::io(&path, e))?
                .len();
            if size > MAX_CSS_BYTES {
                let too_big = std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "larger than 2 MB: not a stylesheet to preview with",
                );
                return Err(Error::io(&path, too_big));
            }
            css.push_str(&crate::document::read_text(&path)?);
            css.push('\n');
        }
        Ok(Some(css))
    }

    /// Checks a page's current text (the editor's buffer) against the site.
    pub fn check_document(&self, rel: &str, source: &str) -> Vec<Diagnostic> {
        crate::check::check_page(&self.site, rel, source)
    }

    /// Brings the index up to date with a batch of watcher events, and the content types
    /// when the batch touches the Decap CMS config (the one in use, or one in a place looked
    /// in, which may take over); returns what changed. When the watcher may have lost events
    /// (the OS queue overflowed, or it switched to polling), the site is read again and every
    /// page is reported, so an open editor compares its file with the disk.
    pub fn apply_watch_events(&mut self, events: &[WatchEvent]) -> SiteChanges {
        if self
            .watcher
            .as_ref()
            .is_some_and(SiteWatcher::take_rescan_needed)
        {
            // When the site cannot be read now (mid-checkout), the index is kept and the batch
            // applied as usual; the events that follow bring it up to date.
            if let Ok(site) = Site::open_with(&self.site.root, &self.options) {
                self.site = site;
                self.findings.invalidate();
                let paths = self
                    .site
                    .index
                    .pages
                    .iter()
                    .map(|p| p.path.clone())
                    .collect();
                return SiteChanges {
                    paths,
                    schema_changed: true,
                };
            }
        }
        let schema_changed = self.reload_schema_if_touched(events);
        // Tracking each page's referrers costs a pass over the site's refs: past a batch this
        // size (a checkout done outside), checking everything again is cheaper.
        const TRACKED_BATCH: usize = 64;
        if events.len() > TRACKED_BATCH {
            self.findings.invalidate();
        }
        let mut changed = Vec::new();
        for event in events {
            let Some(rel) = self.relative_content_path(&event.path) else {
                continue;
            };
            match event.kind {
                // A removed folder takes every page below it.
                WatchEventKind::Removed => {
                    let prefix = format!("{rel}/");
                    let removed: Vec<String> = self
                        .site
                        .index
                        .pages
                        .iter()
                        .filter(|p| p.path == rel || p.path.starts_with(&prefix))
                        .map(|p| p.path.clone())
                        .collect();
                    for path in removed {
                        self.change_page(&path, |index| index.remove(&path));
                    }
                }
                WatchEventKind::Created | WatchEventKind::Modified => {
                    self.reindex_file(&event.path)
                }
            }
            changed.push(rel);
        }
        if !changed.is_empty() {
            self.site.index.refresh_terms(&self.site.config);
        }
        SiteChanges {
            paths: changed,
            schema_changed,
        }
    }

    /// Reads the content types again when `events` touch a Decap config that counts; returns
    /// whether they were. A config that does not parse now (saved half-edited) leaves the
    /// schema as it was: the form keeps working, and the next save is read again.
    fn reload_schema_if_touched(&mut self, events: &[WatchEvent]) -> bool {
        let watched =
            crate::schema::decap_config_paths(&self.site, self.options.decap_config.as_deref());
        if !events.iter().any(|e| watched.contains(&e.path)) {
            return false;
        }
        match crate::schema::SiteSchema::load(&self.site, self.options.decap_config.as_deref()) {
            Ok(schema) => {
                self.site.schema = schema;
                // Required fields and patterns come from the schema.
                self.findings.invalidate();
                true
            }
            Err(_) => false,
        }
    }

    fn relative_content_path(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(self.site.content_root()).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    fn reindex_file(&mut self, path: &Path) {
        let Some(rel) = self.relative_content_path(path) else {
            return;
        };
        // Images, data and editor leftovers in the content folder are not pages.
        if !crate::site::is_content_file(path) {
            return;
        }
        if path.is_file() {
            let entry = crate::site::index_file(&rel, path, &self.site.config);
            self.change_page(&rel, |index| index.upsert(entry));
        } else {
            self.change_page(&rel, |index| index.remove(&rel));
        }
    }

    /// Applies `change` to the index entry of the page at `rel` and marks stale the findings
    /// it can affect: the page's own and those of the pages whose refs lead to it, before the
    /// change (a ref it breaks) or after (one it mends). A term page's change (its aliases
    /// retire terms) can affect any page, so the whole site is checked again.
    fn change_page(&mut self, rel: &str, change: impl FnOnce(&mut crate::site::SiteIndex)) {
        if !self.findings.is_cached() {
            change(&mut self.site.index);
            return;
        }
        let is_term = |index: &crate::site::SiteIndex| {
            index.page(rel).is_some_and(|p| {
                matches!(
                    p.kind,
                    crate::site::PageKind::Term | crate::site::PageKind::Taxonomy
                )
            })
        };
        let was_term = is_term(&self.site.index);
        let mut affected = self.site.index.referrers(rel);
        change(&mut self.site.index);
        if was_term || is_term(&self.site.index) {
            self.findings.invalidate();
            return;
        }
        affected.extend(self.site.index.referrers(rel));
        affected.push(rel.to_string());
        for path in affected {
            self.findings.mark_stale(&path);
        }
    }

    /// Starts watching the site folder (replacing any earlier watcher); `on_events` gets each
    /// debounced batch of outside changes — our own saves are not reported. Pass the batch to
    /// [`Workspace::apply_watch_events`] to keep the index current.
    pub fn watch(
        &mut self,
        on_events: impl Fn(Vec<WatchEvent>) + Send + 'static,
    ) -> Result<(), Error> {
        self.watcher = None;
        self.watcher = Some(SiteWatcher::start(&self.site.root, on_events)?);
        Ok(())
    }

    /// Like [`Workspace::watch`] but polls from the start: for network drives and other file
    /// systems that do not report changes (and what watching falls back to when the OS runs
    /// out of watches).
    pub fn watch_polling(
        &mut self,
        on_events: impl Fn(Vec<WatchEvent>) + Send + 'static,
    ) -> Result<(), Error> {
        self.watcher = None;
        self.watcher = Some(SiteWatcher::start_polling(&self.site.root, on_events)?);
        Ok(())
    }

    /// Whether the watcher fell back to polling (inotify's watch limit was reached).
    pub fn is_polling(&self) -> bool {
        self.watcher.as_ref().is_some_and(SiteWatcher::is_polling)
    }

    /// Files changed since the last commit (empty when the site is not in a repository).
    pub fn status(&self) -> Result<Vec<FileChange>, Error> {
        match &self.repo {
            Some(repo) => Ok(repo.status()?),
            None => Ok(Vec::new()),
        }
    }

    /// The current branch (`None` when detached or not in a repository).
    pub fn current_branch(&self) -> Result<Option<String>, Error> {
        match &self.repo {
            Some(repo) => Ok(repo.current_branch()?),
            None => Ok(None),
        }
    }

    /// How a file differs from the last commit (repository-relative path).
    pub fn file_diff(&self, path: &str) -> Result<FileDiff, Error> {
        Ok(self.repo()?.file_diff(path)?)
    }

    /// Commits that touched `path` (or the whole site), newest first.
    pub fn history(&self, path: Option<&str>, limit: usize) -> Result<Vec<CommitInfo>, Error> {
        Ok(self.repo()?.log(path, limit)?)
    }

    fn repo(&self) -> Result<&SiteRepo, Error> {
        self.repo.as_ref().ok_or_else(|| {
            Error::Git(crate::git::GitError::Git(git2::Error::from_str(
                "the site is not in a Git repository",
            )))
        })
    }

    /// The identity commits are made with: the app's setting, else git config.
    pub fn identity(&self) -> Option<Identity> {
        self.identity
            .clone()
            .or_else(|| self.repo.as_ref()?.configured_identity())
    }

    /// Sets the identity the app commits with (overrides git config).
    pub fn set_identity(&mut self, identity: Identity) {
        self.identity = Some(identity);
    }

    /// Commits `paths` (repository-relative; everything changed when empty) with `message`.
    pub fn commit(&self, message: &str, paths: &[String]) -> Result<String, Error> {
        let repo = self.repo()?;
        let who = self.committer()?;
        Ok(repo.commit(message, paths, &who)?)
    }

    fn committer(&self) -> Result<Identity, Error> {
        self.identity().ok_or_else(|| {
            Error::Git(crate::git::GitError::Git(git2::Error::from_str(
                "no commit identity: set user.name and user.email in git config or in the app's settings",
            )))
        })
    }

    /// Re-reads the site after Git changed files under it (switch, pull, merge, restore).
    fn reload_site(&mut self) -> Result<(), Error> {
        self.site = Site::open_with(&self.site.root, &self.options)?;
        self.findings.invalidate();
        Ok(())
    }

    // Editorial workflow: diffs and commit messages, drafts, review, bundles, remotes.

    /// How a file (repository-relative) differs from the last commit, front matter field by field.
    pub fn page_diff(&self, path: &str) -> Result<PageDiff, Error> {
        Ok(self.repo()?.page_diff(path)?)
    }

    /// Field-level diffs of the uncommitted changes to `paths` (all when empty).
    pub fn page_diffs(&self, paths: &[String]) -> Result<Vec<PageDiff>, Error> {
        Ok(self.repo()?.page_diffs(paths)?)
    }

    /// The commit message the changes to `paths` suggest ("Update <title>: summary, topics").
    pub fn suggest_commit_message(&self, paths: &[String]) -> Result<String, Error> {
        Ok(self.repo()?.suggest_commit_message(paths)?)
    }

    /// Like [`Workspace::commit`], crediting `co_authors` with `Co-authored-by` trailers.
    pub fn commit_with_co_authors(
        &self,
        message: &str,
        paths: &[String],
        co_authors: &[Identity],
    ) -> Result<String, Error> {
        self.commit(
            &crate::git::diff::with_co_authors(message, co_authors),
            paths,
        )
    }

    /// Commits only the chosen front-matter `fields` and body `hunks` (indices into
    /// [`PageDiff::body_hunks`]) of the change to `path`; the rest stays uncommitted.
    /// `co_authors` are credited with `Co-authored-by` trailers, as in
    /// [`Workspace::commit_with_co_authors`].
    pub fn commit_parts(
        &self,
        message: &str,
        path: &str,
        fields: &[String],
        hunks: &[usize],
        co_authors: &[Identity],
    ) -> Result<String, Error> {
        let message = crate::git::diff::with_co_authors(message, co_authors);
        Ok(self
            .repo()?
            .commit_parts(&message, path, fields, hunks, &self.committer()?)?)
    }

    /// Writes `path` (repository-relative) as it was in `commit` into the work tree, uncommitted.
    pub fn restore_file(&mut self, path: &str, commit: &str) -> Result<(), Error> {
        self.repo()?.restore_file(path, commit)?;
        self.reload_site()
    }

    /// Discards uncommitted changes to `paths`; returns the folder keeping a copy of them.
    pub fn discard(&mut self, paths: &[String]) -> Result<PathBuf, Error> {
        let backup = self.repo()?.discard(paths)?;
        self.reload_site()?;
        Ok(backup)
    }

    /// Local branches.
    pub fn branches(&self) -> Result<Vec<String>, Error> {
        Ok(self.repo()?.branches()?)
    }

    /// Switches branch, carrying uncommitted work (refused, changing nothing, on a clash).
    pub fn switch_branch(&mut self, name: &str) -> Result<(), Error> {
        self.repo()?.switch_branch(name)?;
        self.reload_site()
    }

    /// "Start draft": `draft/<slug>` from the main branch, switched to. Returns the branch.
    pub fn start_draft(&mut self, slug: &str) -> Result<String, Error> {
        let branch = self.repo()?.start_draft(slug)?;
        self.reload_site()?;
        Ok(branch)
    }

    /// "Submit for review": marks the current draft branch ready; returns its review item.
    pub fn submit_for_review(&self) -> Result<ReviewItem, Error> {
        let repo = self.repo()?;
        let branch = repo.current_branch()?.unwrap_or_default();
        repo.mark_ready(&branch, &self.committer()?)?;
        Ok(repo.review_item(&branch)?)
    }

    /// "Submit story" for a guest agency: commits the story on `submissions/<agency>/<slug>`,
    /// then writes it to `bundle` when given, else pushes it to the remote. Returns the branch.
    pub fn submit_story(&mut self, agency: &str, bundle: Option<&Path>) -> Result<String, Error> {
        let who = self.committer()?;
        let repo = self.repo()?;
        let branch = repo.submit_story(agency, &[], &who)?;
        match bundle {
            Some(file) => {
                repo.write_bundle(&branch, file)?;
            }
            None => repo.push(DEFAULT_REMOTE, std::slice::from_ref(&branch))?,
        }
        self.reload_site()?;
        Ok(branch)
    }

    /// Draft and submission branches (local and on the remote) with their pages and state.
    pub fn review_queue(&self) -> Result<Vec<ReviewItem>, Error> {
        Ok(self.repo()?.review_queue()?)
    }

    /// One branch's review item.
    pub fn review_item(&self, branch: &str) -> Result<ReviewItem, Error> {
        Ok(self.repo()?.review_item(branch)?)
    }

    /// The field-level diff of a branch against the main branch it left.
    pub fn review_diff(&self, branch: &str) -> Result<Vec<PageDiff>, Error> {
        Ok(self.repo()?.review_diff(branch)?)
    }

    /// A file's text on a branch (for previewing the branch's version); `None` when absent.
    pub fn branch_file(&self, branch: &str, path: &str) -> Result<Option<String>, Error> {
        Ok(self
            .repo()?
            .branch_file(branch, path)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// "Request changes": records `note` on the branch for its author.
    pub fn request_changes(&self, branch: &str, note: &str) -> Result<String, Error> {
        Ok(self
            .repo()?
            .request_changes(branch, note, &self.committer()?)?)
    }

    /// The site's merge setting: git config `postwright.mergeStrategy` (ff, merge, squash),
    /// else squash when the Decap config says `squash_merges: true` (digital.gov), else merge.
    pub fn merge_strategy(&self) -> MergeStrategy {
        let configured = self.repo.as_ref().and_then(|r| {
            r.raw()
                .config()
                .ok()?
                .get_string("postwright.mergeStrategy")
                .ok()
        });
        if let Some(strategy) = configured.and_then(|s| s.parse().ok()) {
            return strategy;
        }
        let decap = self
            .site
            .schema
            .decap_config
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok());
        if decap.is_some_and(|text| squash_merges(&text)) {
            MergeStrategy::Squash
        } else {
            MergeStrategy::Merge
        }
    }

    /// "Approve": merges the branch into the main branch (with `strategy`, else the site's
    /// setting) and deletes it, here and — when reachable — on the remote.
    pub fn approve(
        &mut self,
        branch: &str,
        strategy: Option<MergeStrategy>,
    ) -> Result<MergeOutcome, Error> {
        let strategy = strategy.unwrap_or_else(|| self.merge_strategy());
        let repo = self.repo()?;
        let on_remote = repo
            .raw()
            .find_branch(
                &format!("{DEFAULT_REMOTE}/{branch}"),
                git2::BranchType::Remote,
            )
            .is_ok();
        let mut outcome = repo.approve(branch, strategy, &self.committer()?)?;
        if on_remote {
            if let Err(e) = repo.push(DEFAULT_REMOTE, &[format!(":{branch}")]) {
                outcome
                    .warnings
                    .push(format!("{branch} is still on {DEFAULT_REMOTE}: {e}"));
            }
        }
        self.reload_site()?;
        Ok(outcome)
    }

    /// Imports the branches of a bundle file (refusing unsafe content).
    pub fn import_bundle(&self, file: &Path) -> Result<Vec<ImportedBranch>, Error> {
        Ok(self.repo()?.import_bundle(file)?)
    }

    /// Writes a branch as a bundle file.
    pub fn export_bundle(&self, branch: &str, file: &Path) -> Result<BundleHeader, Error> {
        Ok(self.repo()?.write_bundle(branch, file)?)
    }

    /// Fetches from the remote.
    pub fn fetch(&self) -> Result<(), Error> {
        Ok(self.repo()?.fetch(DEFAULT_REMOTE)?)
    }

    /// Pulls the current branch (conflicts left in the files for the writer to settle).
    pub fn pull(&mut self) -> Result<PullOutcome, Error> {
        let outcome = self.repo()?.pull(DEFAULT_REMOTE, &self.committer()?)?;
        self.reload_site()?;
        Ok(outcome)
    }

    /// The conflicting files of a merge a pull left unfinished (empty when none is, or the
    /// site is not in a repository): what the conflicts view offers, also after a restart.
    pub fn pending_conflicts(&self) -> Result<Vec<ConflictFile>, Error> {
        match &self.repo {
            Some(repo) => Ok(repo.pending_conflicts()?),
            None => Ok(Vec::new()),
        }
    }

    /// "Finish merge": writes each settled `(path, text)` (repository-relative, the whole
    /// file) inside the repository and commits the pull's merge with both parents.
    pub fn resolve_pull_conflicts(
        &mut self,
        resolved: &[(String, String)],
    ) -> Result<String, Error> {
        let commit = self
            .repo()?
            .resolve_conflicts(resolved, &self.committer()?)?;
        self.reload_site()?;
        Ok(commit)
    }

    /// "Abort merge": back to before the pull, refused when that would lose other changes.
    pub fn abort_merge(&mut self) -> Result<(), Error> {
        self.repo()?.abort_merge()?;
        self.reload_site()
    }

    /// Pushes the current branch.
    pub fn push(&self) -> Result<(), Error> {
        let repo = self.repo()?;
        let branch = repo.current_branch()?.unwrap_or_default();
        Ok(repo.push(DEFAULT_REMOTE, &[branch])?)
    }

    /// Pull, then push what is ahead.
    pub fn sync(&mut self) -> Result<SyncOutcome, Error> {
        let outcome = self.repo()?.sync(DEFAULT_REMOTE, &self.committer()?)?;
        self.reload_site()?;
        Ok(outcome)
    }
}

/// The editorial workflow in the editor's terms: pages named content-relative (as the page
/// list and the editor name them), translated here to the repository paths Git works with.
impl Workspace {
    /// The repository-relative path (with `/`) of the page at `rel` (content-relative).
    pub fn repo_path(&self, rel: &str) -> Result<String, Error> {
        let full = self.content_path(rel)?;
        let workdir = self.repo()?.workdir().ok_or_else(|| {
            Error::Git(crate::git::GitError::Bare {
                path: self.site.root.clone(),
            })
        })?;
        let real_workdir = workdir.canonicalize().map_err(|e| Error::io(&workdir, e))?;
        let content_root = self.site.content_root();
        let real_content = content_root
            .canonicalize()
            .map_err(|e| Error::io(&content_root, e))?;
        let inside = full.strip_prefix(&content_root).unwrap_or(Path::new(rel));
        let under_repo = real_content.join(inside);
        let relative = under_repo.strip_prefix(&real_workdir).map_err(|_| {
            Error::Document(DocumentError::OutsideSite {
                path: PathBuf::from(rel),
                reason: "not inside the Git repository's working folder".to_string(),
            })
        })?;
        Ok(relative.to_string_lossy().replace('\\', "/"))
    }

    /// The content-relative path of a repository path, when it names a file in the content
    /// folder (the changes panel opens such files in the editor).
    pub fn content_rel_path(&self, repo_path: &str) -> Option<String> {
        let workdir = self.repo.as_ref()?.workdir()?.canonicalize().ok()?;
        let real_content = self.site.content_root().canonicalize().ok()?;
        let rel = workdir.join(repo_path);
        let inside = rel.strip_prefix(&real_content).ok()?;
        Some(inside.to_string_lossy().replace('\\', "/")).filter(|p| !p.is_empty())
    }

    /// Commits that changed the page at `rel` (content-relative), newest first.
    pub fn page_history(&self, rel: &str, limit: usize) -> Result<Vec<CommitInfo>, Error> {
        self.history(Some(&self.repo_path(rel)?), limit)
    }

    /// Writes the page at `rel` (content-relative) as it was in `commit`, uncommitted: the
    /// writer sees the change in the changes panel and commits it (or discards it).
    pub fn restore_page(&mut self, rel: &str, commit: &str) -> Result<(), Error> {
        let path = self.repo_path(rel)?;
        self.restore_file(&path, commit)
    }

    /// Renders the version of `path` (repository-relative) on `branch`, for the review
    /// screen's preview. The site's templates and references are those of the work tree.
    pub fn render_branch_page(&self, branch: &str, path: &str) -> Result<Rendered, Error> {
        let Some(text) = self.branch_file(branch, path)? else {
            return Ok(Rendered {
                html: String::new(),
                diagnostics: Vec::new(),
            });
        };
        let body_start = FrontMatter::parse(&text)
            .map_or_else(|_| front_matter::body_start(&text), |fm| fm.body_start());
        let rel = self
            .content_rel_path(path)
            .unwrap_or_else(|| path.to_string());
        Ok(render_page(&self.site, &rel, &text[body_start..]))
    }
}

/// Whether a Decap config's `backend:` block sets `squash_merges: true`.
fn squash_merges(decap_config: &str) -> bool {
    let mut in_backend = false;
    for line in decap_config.lines() {
        if !line.starts_with([' ', '\t', '#']) && !line.is_empty() {
            in_backend = line.trim_end() == "backend:";
            continue;
        }
        if in_backend
            && line
                .trim()
                .strip_prefix("squash_merges:")
                .is_some_and(|v| v.trim() == "true")
        {
            return true;
        }
    }
    false
}

/// Which findings of a page a fix request means: those with one of `codes` (every finding
/// that has a fix when empty) and, when `line` is given, only those at that line (and column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FixSelection {
    /// Rule codes (`retired-topic`); empty means every rule.
    pub codes: Vec<String>,
    /// Only the finding at this 1-based line.
    pub line: Option<usize>,
    /// With `line`: only the finding at this 1-based column.
    pub column: Option<usize>,
}

impl FixSelection {
    fn selects(&self, finding: &Diagnostic) -> bool {
        finding.fix.is_some()
            && (self.codes.is_empty() || self.codes.iter().any(|c| c == finding.code))
            && self.line.is_none_or(|line| line == finding.line)
            && self.column.is_none_or(|column| column == finding.column)
    }
}

/// What a fix would do to a page, shown before the writer confirms it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FixPreview {
    /// What each chosen fix does, in the order of the findings.
    pub descriptions: Vec<String>,
    /// Exactly the lines the fixes change (empty when nothing is left to fix).
    pub changes: Vec<LineChange>,
    /// The page's text with the fixes applied.
    pub fixed: String,
}

/// Site awareness (issue 5): the checks over one page or the whole site, and their fixes,
/// applied by the lossless editor so only the lines a fix is about change.
impl Workspace {
    /// The findings of every page of the site as it is on disk. The first call checks every
    /// page (about a second on the 4,000-page corpus); later calls check again only the pages
    /// changed since — saved, fixed, created or edited outside (as the watcher reports) — and
    /// the pages whose refs lead to them, and keep the other pages' findings.
    pub fn check_site(&mut self) -> SiteCheck {
        self.findings.refresh(&self.site)
    }

    /// What applying the fixes `selection` picks from the findings of `source` (the page at
    /// `rel`, the editor's buffer or the file as loaded) would change.
    pub fn fix_preview(
        &self,
        rel: &str,
        source: &str,
        selection: &FixSelection,
    ) -> Result<FixPreview, Error> {
        let chosen: Vec<Diagnostic> = self
            .check_document(rel, source)
            .into_iter()
            .filter(|d| selection.selects(d))
            .collect();
        let fixed = crate::check::apply_fixes(source, &chosen)?;
        let descriptions = chosen
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| f.description.clone()))
            .collect();
        Ok(FixPreview {
            descriptions,
            changes: line_changes(source, &fixed),
            fixed,
        })
    }

    /// Applies the fixes `selection` picks to the page at `rel` and saves it like
    /// [`Workspace::save_document`] does. `source` must be the file as loaded (its hash is
    /// `disk_hash`): a fix never saves unsaved edits along with it. Returns the saved page.
    pub fn apply_fix(
        &mut self,
        rel: &str,
        source: &str,
        disk_hash: &str,
        selection: &FixSelection,
    ) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        // A buffer with unsaved edits is not what is on disk: saving its fix would save them too.
        if crate::document::content_hash(source.as_bytes()) != disk_hash {
            return Err(DocumentError::ChangedOnDisk { path }.into());
        }
        let preview = self.fix_preview(rel, source, selection)?;
        if preview.changes.is_empty() {
            return self.open_document(rel);
        }
        self.write_checked(rel, &preview.fixed, disk_hash)
    }
}

/// A buffer the journal kept from an earlier run, and how it relates to the file now.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecoveredBuffer {
    /// The journal entry: page, base text, unsaved buffer, when.
    pub entry: JournalEntry,
    /// What restoring it means given the file on disk now: `unchanged` (the file is still
    /// the base, or already holds the buffer), `merged`, `conflicts`, `deletedWhileDirty`…
    pub change: OutsideChange,
}

/// Queries, ref lookups, outside changes and crash recovery.
impl Workspace {
    /// The pages `query` selects (text search, filters, sort). The `has_problems` filter runs
    /// the checks over the site (about a second on the 4,000-page corpus).
    pub fn query_pages(&self, query: &PageQuery) -> Vec<PageEntry> {
        let problems: Option<std::collections::HashSet<String>> = query.has_problems.map(|_| {
            crate::check::check_site(&self.site)
                .into_iter()
                .map(|d| d.path)
                .collect()
        });
        self.site
            .index
            .query(query, problems.as_ref())
            .into_iter()
            .cloned()
            .collect()
    }

    /// The terms of `taxonomy` matching `text`, best first, for the pickers.
    pub fn search_terms(&self, taxonomy: &str, text: &str, limit: usize) -> Vec<Term> {
        self.site
            .index
            .search_terms(taxonomy, text, limit)
            .into_iter()
            .cloned()
            .collect()
    }

    /// Where a `ref`/`relref` target written in the page at `from` leads, as Hugo resolves it.
    pub fn resolve_ref(&self, from: &str, target: &str) -> RefResolution {
        self.site.index.resolve_ref(from, target, false)
    }

    /// What an open document becomes after its file changed or vanished on disk: `base` is the
    /// text it was loaded from, `buffer` the editor's text. Clean buffers reload, edits that
    /// do not overlap merge (front matter by field, body by hunk), clashes come back for the
    /// writer, and a deleted file keeps a dirty buffer.
    pub fn reconcile_document(
        &self,
        rel: &str,
        base: &str,
        buffer: &str,
    ) -> Result<OutsideChange, Error> {
        let path = self.content_path(rel)?;
        let disk = match crate::document::read_text(&path) {
            Ok(text) => Some(text),
            Err(DocumentError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                None
            }
            Err(e) => return Err(e.into()),
        };
        Ok(reconcile(base, buffer, disk.as_deref()))
    }

    /// Turns on crash recovery: unsaved buffers are journaled under `data_dir` (the app's data
    /// folder), never inside the site.
    pub fn enable_recovery(&mut self, data_dir: &Path) {
        self.journal = Some(Journal::new(data_dir, &self.site.root));
    }

    /// Journals an unsaved buffer (call every few seconds while a page is dirty); saving the
    /// page removes the entry. Does nothing until [`Workspace::enable_recovery`].
    pub fn journal_buffer(&self, rel: &str, base: &str, buffer: &str) -> Result<(), Error> {
        self.content_path(rel)?;
        if let Some(journal) = &self.journal {
            journal.write(rel, base, buffer)?;
        }
        Ok(())
    }

    /// The buffers an earlier run left unsaved (after a crash), each with what restoring it
    /// would do to the file as it is now.
    pub fn recoverable_buffers(&self) -> Result<Vec<RecoveredBuffer>, Error> {
        let Some(journal) = &self.journal else {
            return Ok(Vec::new());
        };
        let (entries, errors) = journal.entries();
        if let Some(error) = errors.into_iter().next() {
            return Err(error.into());
        }
        entries
            .into_iter()
            .map(|entry| {
                let change = self.reconcile_document(&entry.path, &entry.base, &entry.buffer)?;
                Ok(RecoveredBuffer { entry, change })
            })
            .collect()
    }

    /// The journaled buffer of one page, to put back in its editor (it stays journaled until
    /// saved or discarded).
    pub fn restore_buffer(&self, rel: &str) -> Result<Option<RecoveredBuffer>, Error> {
        let Some(entry) = self.journal.as_ref().and_then(|j| j.entry(rel)) else {
            return Ok(None);
        };
        let change = self.reconcile_document(rel, &entry.base, &entry.buffer)?;
        Ok(Some(RecoveredBuffer { entry, change }))
    }

    /// Drops the journaled buffer of one page.
    pub fn discard_buffer(&self, rel: &str) -> Result<(), Error> {
        if let Some(journal) = &self.journal {
            journal.discard(rel)?;
        }
        Ok(())
    }
}

/// Formats `time` with Decap's moment.js tokens (`YYYY-MM-DD HH:mm:ss ZZ`); other characters
/// are kept as written (digital.gov writes a literal `00` for seconds).
/// A new page's YAML front matter with each field's Decap `comment` written as `#` lines above
/// its key: the coaching digital.gov's editors rely on, there for whoever edits the file next.
fn with_coaching_comments(source: &str, fields: &[crate::schema::FieldSchema]) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let key = line
            .split_once(':')
            .map(|(k, _)| k)
            .filter(|k| !k.starts_with([' ', '#', '-']));
        if let Some(comment) = key
            .and_then(|k| fields.iter().find(|f| f.name == k))
            .and_then(|f| f.comment.as_deref())
        {
            for comment_line in comment.lines() {
                out.push_str(format!("# {}", comment_line.trim()).trim_end());
                out.push('\n');
            }
        }
        out.push_str(line);
    }
    out
}

fn moment_format(time: &chrono::DateTime<chrono::FixedOffset>, format: &str) -> String {
    const TOKENS: [(&str, &str); 8] = [
        ("YYYY", "%Y"),
        ("MM", "%m"),
        ("DD", "%d"),
        ("HH", "%H"),
        ("mm", "%M"),
        ("ss", "%S"),
        ("ZZ", "%z"),
        ("Z", "%:z"),
    ];
    let mut out = String::new();
    let mut rest = format;
    'outer: while !rest.is_empty() {
        for (token, strftime) in TOKENS {
            if let Some(after) = rest.strip_prefix(token) {
                out.push_str(&time.format(strftime).to_string());
                rest = after;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_merges_is_read_from_the_backend_block() {
        assert!(squash_merges(
            "backend:\n  name: github\n  squash_merges: true\npublish_mode: x\n"
        ));
        assert!(!squash_merges(
            "backend:\n  name: github\nother:\n  squash_merges: true\n"
        ));
    }

    #[test]
    fn moment_formats_become_the_sites_date_shape() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T09:05:07-05:00").unwrap();
        assert_eq!(
            moment_format(&t, "YYYY-MM-DD HH:mm:ss ZZ"),
            "2026-11-25 09:05:07 -0500"
        );
        assert_eq!(
            moment_format(&t, "YYYY-MM-DD HH:mm:00 -0500"),
            "2026-11-25 09:05:00 -0500"
        );
    }
}
