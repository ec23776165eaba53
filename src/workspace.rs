//! The one facade both shells call: a site opened for editing, grouped by use case
//! (open, list, edit, preview, save, watch, commit). The desktop app and the CLI add nothing
//! but argument parsing and presentation.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::check::Diagnostic;
use crate::document::{Document, DocumentError};
use crate::error::Error;
use crate::front_matter::{self, FieldEdit, FrontMatter};
use crate::git::{FileChange, Identity, SiteRepo};
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
    pub front_matter_error: Option<String>,
    /// The Markdown body.
    pub body: String,
}

/// A site opened for editing.
pub struct Workspace {
    site: Site,
    repo: Option<SiteRepo>,
    identity: Option<Identity>,
}

impl Workspace {
    /// Opens the Hugo site at `root` and the Git repository around it, if any.
    pub fn open(root: &Path) -> Result<Workspace, Error> {
        let site = Site::open(root)?;
        let repo = SiteRepo::discover(&site.root).ok();
        Ok(Workspace { site, repo, identity: None })
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
        let (front_matter, front_matter_error, body_start) = match FrontMatter::parse(&doc.source) {
            Ok(fm) => {
                let map = fm.fields().iter().map(|(k, v)| (k.clone(), v.to_json())).collect();
                (map, None, fm.body_start())
            }
            Err(e) => (Default::default(), Some(e.to_string()), 0),
        };
        Ok(OpenedDocument {
            path: rel.to_string(),
            body: doc.source[body_start..].to_string(),
            source: doc.source,
            disk_hash: doc.disk_hash,
            front_matter,
            front_matter_error,
        })
    }

    /// The source that saving `edits` and `body` over `source` would write.
    pub fn edited_source(source: &str, edits: &[FieldEdit], body: Option<&str>) -> Result<String, Error> {
        let edited = front_matter::apply_edits(source, edits)?;
        Ok(match body {
            Some(body) => front_matter::replace_body(&edited, body)?,
            None => edited,
        })
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
                WatchEventKind::Removed => self.site.index.remove(&rel),
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

    /// Starts watching the site folder; `on_events` gets each debounced batch.
    pub fn watch(&self, on_events: impl Fn(Vec<WatchEvent>) + Send + 'static) -> Result<SiteWatcher, Error> {
        Ok(SiteWatcher::start(&self.site.root, on_events)?)
    }

    /// Files changed since the last commit (empty when the site is not in a repository).
    pub fn status(&self) -> Result<Vec<FileChange>, Error> {
        match &self.repo {
            Some(repo) => Ok(repo.status()?),
            None => Ok(Vec::new()),
        }
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
        let repo = self.repo.as_ref().ok_or_else(|| {
            Error::Git(crate::git::GitError::Git(git2::Error::from_str("the site is not in a Git repository")))
        })?;
        let who = self.identity().ok_or_else(|| {
            Error::Git(crate::git::GitError::Git(git2::Error::from_str(
                "no commit identity: set user.name and user.email in git config or in the app's settings",
            )))
        })?;
        Ok(repo.commit(message, paths, &who)?)
    }
}
