//! The one facade both shells call: a site opened for editing, grouped by use case
//! (open, list, edit, preview, save, watch, commit). The desktop app and the CLI add nothing
//! but argument parsing and presentation.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::check::Diagnostic;
use crate::document::{Document, DocumentError};
use crate::error::Error;
use crate::front_matter::{self, FieldEdit, FrontMatter};
use crate::git::{CommitInfo, FileChange, FileDiff, Identity, SiteRepo};
use crate::line_diff::{line_changes, LineChange};
use crate::merge::MergeResult;
use crate::render::{render_page, Rendered};
use crate::schema::ContentType;
use crate::site::{index_page, PageEntry, Site, Term};
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
        let who = Identity { name: "Postwright".into(), email: "postwright@localhost".into() };
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
    /// base = what the editor loaded, ours = what it would save, theirs = the disk.
    pub merge: MergeResult,
    /// The merged page as the editor shows it, when nothing conflicted.
    pub merged: Option<OpenedDocument>,
}

/// A site opened for editing.
pub struct Workspace {
    site: Site,
    repo: Option<SiteRepo>,
    identity: Option<Identity>,
    /// The running watcher, told about our own saves so they are not reported as outside edits.
    watcher: Option<SiteWatcher>,
}

impl Workspace {
    /// Opens the Hugo site at `root` and the Git repository around it, if any.
    pub fn open(root: &Path) -> Result<Workspace, Error> {
        let site = Site::open(root)?;
        let repo = SiteRepo::discover(&site.root).ok();
        Ok(Workspace { site, repo, identity: None, watcher: None })
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
        self.site.index.terms.get(taxonomy).cloned().unwrap_or_default()
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
        let slug = crate::site::urlize(title);
        if slug.is_empty() || section.is_empty() || section.contains(['/', '\\']) || section.starts_with('.') {
            return Err(Error::Document(DocumentError::OutsideSite { path: PathBuf::from(format!("{section}/{slug}")) }));
        }
        let content_type = self.site.schema.for_page(&format!("{section}/x.md")).cloned();
        let fill = |template: &str| {
            template
                .replace("{{year}}", &now.format("%Y").to_string())
                .replace("{{month}}", &now.format("%m").to_string())
                .replace("{{day}}", &now.format("%d").to_string())
                .replace("{{slug}}", &slug)
        };
        let file_slug = content_type.as_ref().and_then(|t| t.slug_template.as_deref()).map_or_else(|| slug.clone(), fill);
        let rel = match content_type.as_ref().and_then(|t| t.path_template.as_deref()) {
            Some(path) => format!("{section}/{}.md", fill(&path.replace("{{slug}}", &file_slug))),
            None => format!("{section}/{file_slug}.md"),
        };
        let path = self.content_path(&rel)?;
        if path.exists() {
            return Err(Error::io(&path, std::io::Error::new(std::io::ErrorKind::AlreadyExists, "a page already exists here")));
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
            .filter(|f| f.required || matches!(f.name.as_str(), "title" | "summary" | "date" | "authors" | "topics" | "slug"))
            .map(|f| {
                let value = match f.name.as_str() {
                    "title" => title.into(),
                    "slug" => slug.clone().into(),
                    "date" => moment_format(&now, &date_format).into(),
                    _ => f.default.clone().unwrap_or(if f.multiple { serde_json::json!([]) } else { "".into() }),
                };
                (f.name.clone(), value)
            })
            .collect();
        for (key, value) in [("title", serde_json::Value::from(title)), ("date", moment_format(&now, &date_format).into())] {
            if !keys.iter().any(|(k, _)| k == key) {
                keys.insert(0, (key.to_string(), value));
            }
        }
        for (key, value) in keys {
            edits.push(FieldEdit::Set { key, value });
        }
        let source = Self::edited_source("---\n---\n", &edits, Some("\n"))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        crate::document::write_atomic(&path, source.as_bytes())?;
        self.reindex_file(&path);
        Ok(rel)
    }

    /// Resolves a content-relative path from the UI or the CLI, refusing anything outside the
    /// content folder (`..`, absolute paths, symlinks leading out).
    pub fn content_path(&self, rel: &str) -> Result<PathBuf, Error> {
        let outside = || Error::Document(DocumentError::OutsideSite { path: PathBuf::from(rel) });
        let rel_path = Path::new(rel);
        if rel_path.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(outside());
        }
        let content_root = self.site.content_root();
        let full = content_root.join(rel_path);
        // The file may not exist yet (a new post): check its nearest existing ancestor.
        let mut existing = full.as_path();
        while !existing.exists() {
            existing = existing.parent().ok_or_else(outside)?;
        }
        let real = existing.canonicalize().map_err(|e| Error::io(existing, e))?;
        let real_root = content_root.canonicalize().map_err(|e| Error::io(&content_root, e))?;
        if !real.starts_with(&real_root) {
            return Err(outside());
        }
        Ok(full)
    }

    /// Loads a page for editing. A page whose front matter cannot be parsed still opens, with
    /// the error, so its body stays editable.
    pub fn open_document(&self, rel: &str) -> Result<OpenedDocument, Error> {
        let doc = Document::open(&self.content_path(rel)?)?;
        Ok(Self::document_from_text(rel, doc.source, doc.disk_hash))
    }

    /// Merges the editor's unsaved text (`ours`, what saving would write; `base`, the text it
    /// loaded) with the page as it is on disk now. A clean merge comes back ready to load.
    pub fn merge_with_disk(&self, rel: &str, base: &str, ours: &str) -> Result<DiskMerge, Error> {
        let theirs = self.open_document(rel)?;
        let merge = crate::merge::merge_text(base, ours, &theirs.source);
        let merged = merge.merged.clone().map(|text| Self::document_from_text(rel, text, theirs.disk_hash.clone()));
        Ok(DiskMerge { theirs, merge, merged })
    }

    /// A page's text as the editor shows it (fields, body), to be saved over the file whose
    /// hash is `disk_hash`: a file just read, or a merge the writer resolved.
    pub fn document_from_text(rel: &str, source: String, disk_hash: String) -> OpenedDocument {
        let (front_matter, front_matter_error, body_start) = match FrontMatter::parse(&source) {
            Ok(fm) => {
                let map = fm.fields().iter().map(|(k, v)| (k.clone(), v.to_json())).collect();
                (map, None, fm.body_start())
            }
            // The body stays editable when the block's delimiters are found.
            Err(e) => (
                Default::default(),
                Some(FrontMatterProblem { line: e.line, column: e.column, message: e.message }),
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
        }
    }

    /// The source that saving `edits` and `body` over `source` would write.
    pub fn edited_source(source: &str, edits: &[FieldEdit], body: Option<&str>) -> Result<String, Error> {
        let edited = front_matter::apply_edits(source, edits)?;
        Ok(match body {
            Some(body) => front_matter::replace_body(&edited, body)?,
            None => edited,
        })
    }

    /// The lines saving `edits` and `body` over `source` would change, for the form's live diff.
    pub fn save_preview(source: &str, edits: &[FieldEdit], body: Option<&str>) -> Result<Vec<LineChange>, Error> {
        Ok(line_changes(source, &Self::edited_source(source, edits, body)?))
    }

    /// Saves `text` as the whole file, atomically, unless the file changed on disk since
    /// `disk_hash`: the raw editor's save for a page whose front matter cannot be read (it is
    /// written as the writer typed it, never re-serialized).
    pub fn save_source(&mut self, rel: &str, text: &str, disk_hash: &str) -> Result<OpenedDocument, Error> {
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
        let path = self.content_path(rel)?;
        let new_source = Self::edited_source(source, edits, body)?;
        if let Some(watcher) = &self.watcher {
            watcher.expect_own_write(&path, new_source.as_bytes());
        }
        Document::save_checked(&path, &new_source, disk_hash)?;
        self.reindex_file(&path);
        self.open_document(rel)
    }

    /// Renders a page body for the preview.
    pub fn render_preview(&self, rel: &str, body: &str) -> Rendered {
        render_page(&self.site, rel, body)
    }

    /// Checks a page's current text (the editor's buffer) against the site.
    pub fn check_document(&self, rel: &str, source: &str) -> Vec<Diagnostic> {
        crate::check::check_page(&self.site, rel, source)
    }

    /// Brings the index up to date with a batch of watcher events; returns the content paths
    /// (relative) that changed.
    pub fn apply_watch_events(&mut self, events: &[WatchEvent]) -> Vec<String> {
        let mut changed = Vec::new();
        for event in events {
            let Some(rel) = self.relative_content_path(&event.path) else { continue };
            match event.kind {
                // A removed folder takes every page below it.
                WatchEventKind::Removed => {
                    let prefix = format!("{rel}/");
                    self.site.index.pages.retain(|p| p.path != rel && !p.path.starts_with(&prefix));
                }
                WatchEventKind::Created | WatchEventKind::Modified => self.reindex_file(&event.path),
            }
            changed.push(rel);
        }
        if !changed.is_empty() {
            self.site.index.refresh_terms(&self.site.config);
        }
        changed
    }

    fn relative_content_path(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(self.site.content_root()).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    fn reindex_file(&mut self, path: &Path) {
        let Some(rel) = self.relative_content_path(path) else { return };
        match crate::document::read_text(path) {
            Ok(source) => self.site.index.upsert(index_page(&rel, &source, &self.site.config)),
            Err(_) if !path.exists() => self.site.index.remove(&rel),
            Err(e) => {
                let mut entry = index_page(&rel, "", &self.site.config);
                entry.front_matter_error = Some(e.to_string());
                self.site.index.upsert(entry);
            }
        }
    }

    /// Starts watching the site folder (replacing any earlier watcher); `on_events` gets each
    /// debounced batch of outside changes — our own saves are not reported. Pass the batch to
    /// [`Workspace::apply_watch_events`] to keep the index current.
    pub fn watch(&mut self, on_events: impl Fn(Vec<WatchEvent>) + Send + 'static) -> Result<(), Error> {
        self.watcher = None;
        self.watcher = Some(SiteWatcher::start(&self.site.root, on_events)?);
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
            Error::Git(crate::git::GitError::Git(git2::Error::from_str("the site is not in a Git repository")))
        })
    }

    /// The identity commits are made with: the app's setting, else git config.
    pub fn identity(&self) -> Option<Identity> {
        self.identity.clone().or_else(|| self.repo.as_ref()?.configured_identity())
    }

    /// Sets the identity the app commits with (overrides git config).
    pub fn set_identity(&mut self, identity: Identity) {
        self.identity = Some(identity);
    }

    /// Commits `paths` (repository-relative; everything changed when empty) with `message`.
    pub fn commit(&self, message: &str, paths: &[String]) -> Result<String, Error> {
        let repo = self.repo()?;
        let who = self.identity().ok_or_else(|| {
            Error::Git(crate::git::GitError::Git(git2::Error::from_str(
                "no commit identity: set user.name and user.email in git config or in the app's settings",
            )))
        })?;
        Ok(repo.commit(message, paths, &who)?)
    }
}

/// Formats `time` with Decap's moment.js tokens (`YYYY-MM-DD HH:mm:ss ZZ`); other characters
/// are kept as written (digital.gov writes a literal `00` for seconds).
fn moment_format(time: &chrono::DateTime<chrono::FixedOffset>, format: &str) -> String {
    const TOKENS: [(&str, &str); 8] =
        [("YYYY", "%Y"), ("MM", "%m"), ("DD", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"), ("ZZ", "%z"), ("Z", "%:z")];
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
    fn moment_formats_become_the_sites_date_shape() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T09:05:07-05:00").unwrap();
        assert_eq!(moment_format(&t, "YYYY-MM-DD HH:mm:ss ZZ"), "2026-11-25 09:05:07 -0500");
        assert_eq!(moment_format(&t, "YYYY-MM-DD HH:mm:00 -0500"), "2026-11-25 09:05:00 -0500");
    }
}
