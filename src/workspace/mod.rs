//! The one facade both shells call: a site opened for editing. The desktop app and the CLI add
//! nothing but argument parsing and presentation; each use case has its own file of thin
//! methods over the modules that own the rules:
//!
//! - [`documents`]: open, edit, save, merge with the disk;
//! - [`new_pages`]: new pages and term pages, and the redirects a moved page keeps;
//! - [`listing`]: pages, terms, queries and refs for lists and pickers;
//! - [`editing`]: the body editor's aids (shortcode form and edit, call spans, ref targets);
//! - [`preview`]: rendering for the preview and the review screen;
//! - [`media`]: adding images the site's way, and the local images the preview shows;
//! - [`checks`]: findings and fixes;
//! - [`watching`]: outside changes;
//! - [`changes`]: local Git (status, diffs, commits, branches);
//! - [`review`]: drafts, submissions and the review queue;
//! - [`remote`]: fetch, pull, push, sync;
//! - [`recovery`]: journaled buffers and outside edits to an open page.
//!
//! The site is shared ([`Arc`]) with [`SiteSnapshot`]s, so that a preview render, a page check
//! or a site-wide check runs without holding the workspace: the app keeps saving and
//! previewing meanwhile, and a change made while one runs copies the site (copy on write).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::SiteFindings;
use crate::document::DocumentError;
use crate::error::Error;
use crate::git::roles::Role;
use crate::git::{Identity, SiteRepo};
use crate::journal::Journal;
use crate::site::{Site, SiteOptions};
use crate::watch::SiteWatcher;

pub mod changes;
pub mod checks;
pub mod documents;
pub mod editing;
pub mod import;
pub mod listing;
pub mod media;
pub mod new_pages;
pub mod preview;
pub mod recovery;
pub mod remote;
pub mod review;
pub mod snapshot;
pub mod watching;

pub use changes::CommitOutcome;
pub use checks::{
    BulkFixFile, BulkFixOutcome, BulkFixPreview, ChangedCheck, FixPreview, FixSelection,
    ReviewedFile,
};
pub use documents::{DiskMerge, FrontMatterProblem, OpenedDocument};
pub use editing::{BodyChange, RefTarget, ShortcodeAt, ShortcodeSpan, SpanKind};
pub use import::ImportWrite;
pub use listing::PageRow;
pub use media::{read_image_file, AddedImage, NewImage};
pub use recovery::RecoveredBuffer;
pub use snapshot::{SiteCheckJob, SiteSnapshot};
pub use watching::SiteChanges;

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

/// A site opened for editing.
pub struct Workspace {
    site: Arc<Site>,
    /// The Git repository around the site, if any: looked up on first use, as libgit2's
    /// start (it reads the system's TLS certificates) costs more than indexing's slowest
    /// step, and `postwright index` or a listing never needs it.
    repo: std::cell::OnceCell<Option<SiteRepo>>,
    identity: Option<Identity>,
    /// The writer's role: where the app's commits may land (see [`crate::git::roles`]).
    role: Role,
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
        Ok(Workspace {
            site: Arc::new(site),
            repo: std::cell::OnceCell::new(),
            identity: None,
            role: Role::default(),
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
        Arc::make_mut(&mut self.site).schema =
            crate::site::schema::SiteSchema::load(&self.site, rel)?;
        self.options = options;
        // Required fields and patterns come from the schema: every page's findings may change.
        self.findings.invalidate();
        Ok(())
    }

    /// The opened site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The content folder relative to the site root, `/`-separated: `content`, or `content/en`
    /// on a site that mounts it (the editor shows a page's path as Git and the author see it).
    pub fn content_dir(&self) -> String {
        let root = self.site.content_root();
        root.strip_prefix(&self.site.root)
            .unwrap_or(&root)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Resolves a content-relative path from the UI or the CLI, refusing anything outside the
    /// content folder (`..`, absolute paths, `.git`, symlinks leading out): see [`crate::confine`].
    pub fn content_path(&self, rel: &str) -> Result<PathBuf, Error> {
        Ok(crate::confine::confine(&self.site.content_root(), rel).map_err(DocumentError::from)?)
    }

    /// The Git repository around the site, if any (discovered on first call).
    fn git(&self) -> Option<&SiteRepo> {
        self.repo
            .get_or_init(|| SiteRepo::discover(&self.site.root).ok())
            .as_ref()
    }

    fn repo(&self) -> Result<&SiteRepo, Error> {
        self.git().ok_or_else(|| {
            Error::Git(crate::git::GitError::Git(git2::Error::from_str(
                "the site is not in a Git repository",
            )))
        })
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
        self.site = Arc::new(Site::open_with(&self.site.root, &self.options)?);
        self.findings.invalidate();
        Ok(())
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
        // A file no content mount holds (a README beside mounted folders) is not a page.
        let Some(location) = self.site.locate(&rel) else {
            return;
        };
        if path.is_file() {
            let entry = crate::site::index_file_at(&location, path, &self.site.config);
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
            change(&mut Arc::make_mut(&mut self.site).index);
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
        change(&mut Arc::make_mut(&mut self.site).index);
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
}
