//! The Hugo site on disk: its configuration and an index of its pages and taxonomy terms.
//!
//! Opening a site reads the config and walks the content folder once; the index is what the
//! page list, the pickers, ref resolution and the checks read.

mod config;
pub mod data;
pub mod dates;
pub mod glob;
mod index;
pub mod mounts;
pub mod publish;
mod query;
pub mod redirects;
pub mod refs;
pub mod sample;
pub(crate) mod scan;
pub mod schema;
pub mod slug;
pub mod translations;

pub use config::SiteConfig;
pub(crate) use index::escape_path;
pub use index::{
    index_file, index_file_at, index_page, index_page_at, is_content_file, urlize, OutgoingRef,
    PageEntry, PageKind, SiteIndex, Term, MAX_PAGE_BYTES,
};
pub use mounts::{Component, Mount, MountWarning, Mounts, PageLocation};
pub use query::{PageQuery, SortKey};
pub use refs::{RefError, RefResolution};
pub use slug::{file_slug, fold_accents, SlugRules};

use std::path::{Path, PathBuf};

/// Why a site could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// No Hugo config file in the folder.
    #[error(
        "{0}: not a Hugo site (no hugo.yaml, hugo.toml, hugo.json, config.* or config/_default/)"
    )]
    NotASite(PathBuf),
    /// The config file could not be parsed.
    #[error("{path}:{line}:{column}: {message}")]
    BadConfig {
        /// The config file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The content folder (`contentDir`, or a symlink) leads outside the site folder: editing
    /// there could write anywhere, so the site is not opened.
    #[error(
        "{path}: the content folder is outside the site folder ({reason}); refusing to open it"
    )]
    ContentOutside {
        /// The content folder as configured.
        path: PathBuf,
        /// Why it is outside (see [`crate::confine`]).
        reason: String,
    },
    /// A theme folder (`themesDir` joined with a `theme`) leads outside the site folder: its
    /// templates and data would be read from anywhere (`themesDir: /etc`), so it is not used.
    #[error("{path}: the theme folder is outside the site folder ({reason}); its templates and data are not used")]
    ThemeOutside {
        /// `themesDir/theme` as configured.
        path: PathBuf,
        /// Why it is outside (see [`crate::confine`]).
        reason: String,
    },
    /// The Decap CMS config named in the app's site settings leads outside the site folder.
    #[error("{path}: the Decap CMS config must be inside the site folder ({reason})")]
    DecapConfigOutside {
        /// The path as set.
        path: PathBuf,
        /// Why it is outside (see [`crate::confine`]).
        reason: String,
    },
    /// Reading a file or folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// An opened Hugo site: where it is, how it is configured, and what it contains.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site root (the folder holding the Hugo config), canonicalized.
    pub root: PathBuf,
    /// The parsed configuration.
    pub config: SiteConfig,
    /// Pages and terms.
    pub index: SiteIndex,
    /// Where Hugo reads content, layouts, data… from (the module mounts).
    pub mounts: Mounts,
    /// Content types and their fields.
    pub schema: crate::site::schema::SiteSchema,
}

/// How to open a site, beyond what its own files say: the app's per-site settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteOptions {
    /// The Decap CMS config to read, relative to the site root, instead of looking for one.
    pub decap_config: Option<String>,
}

impl Site {
    /// The slug of `title` on this site: the one rule ([`SlugRules`], from the Decap config's
    /// `slug` settings, else Hugo's `urlize`).
    pub fn slug(&self, title: &str) -> String {
        self.schema.slug_rules.slug(title)
    }

    /// Opens the site at `root`: reads its config and indexes its content.
    pub fn open(root: &Path) -> Result<Site, SiteError> {
        Site::open_with(root, &SiteOptions::default())
    }

    /// Like [`Site::open`], with the app's settings for this site.
    pub fn open_with(root: &Path, options: &SiteOptions) -> Result<Site, SiteError> {
        let root = root.canonicalize().map_err(|source| SiteError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let mut config = SiteConfig::load(&root)?;
        let content_dir = config.content_dir.to_string_lossy();
        if let Err(escape) = crate::confine::confine(&root, &content_dir) {
            return Err(SiteError::ContentOutside {
                path: root.join(&config.content_dir),
                reason: escape.reason,
            });
        }
        let mounts = Mounts::resolve(&root, &config);
        if let Some(content_root) = mounts.content_root(&root) {
            config.content_dir = content_root;
        }
        let index = SiteIndex::build_mounted(&root, &config.content_dir, &mounts, &config);
        let mut site = Site {
            root,
            config,
            index,
            mounts,
            schema: Default::default(),
        };
        site.schema =
            crate::site::schema::SiteSchema::load(&site, options.decap_config.as_deref())?;
        Ok(site)
    }

    /// The content folder: the one holding the project's content mounts, which the index's
    /// page paths are relative to.
    pub fn content_root(&self) -> PathBuf {
        self.root.join(&self.config.content_dir)
    }

    /// Where the content file at `rel` (relative to [`Site::content_root`]) sits in Hugo's
    /// tree, through the mounts; `None` when no content mount holds it (not a page).
    pub fn locate(&self, rel: &str) -> Option<PageLocation> {
        self.mounts
            .locate(&self.root, &self.config.content_dir, rel, &self.config)
    }

    /// The theme folders (`themesDir/theme` for each theme, Hugo's order), relative to the
    /// root, each confined to the site folder; those that lead outside are left out and
    /// returned as errors.
    pub fn theme_dirs(&self) -> (Vec<PathBuf>, Vec<SiteError>) {
        let mut dirs = Vec::new();
        let mut errors = Vec::new();
        for theme in &self.config.themes {
            let rel = format!("{}/{theme}", self.config.themes_dir.trim_end_matches('/'));
            match crate::confine::confine(&self.root, &rel) {
                Ok(_) => dirs.push(PathBuf::from(rel)),
                Err(escape) => errors.push(SiteError::ThemeOutside {
                    path: PathBuf::from(rel),
                    reason: escape.reason,
                }),
            }
        }
        (dirs, errors)
    }
}
