//! The site's Git repository through git2: status, commit, and (later) branches and review.
//!
//! CONTRACT STUB — the git work replaces the bodies; the signatures are what the facade calls.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// A Git operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// libgit2 reported an error.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

/// Who a commit is by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Identity {
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// How a file differs from HEAD (index and work tree together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ChangeKind {
    /// Not tracked yet.
    New,
    /// Changed.
    Modified,
    /// Removed.
    Deleted,
    /// Renamed.
    Renamed,
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileChange {
    /// Path relative to the repository root, with `/`.
    pub path: String,
    /// What changed.
    pub kind: ChangeKind,
}

/// The repository holding a site.
pub struct SiteRepo {
    repo: git2::Repository,
}

impl SiteRepo {
    /// Opens the repository containing `path` (searching upwards).
    pub fn discover(path: &Path) -> Result<SiteRepo, GitError> {
        Ok(SiteRepo { repo: git2::Repository::discover(path)? })
    }
    /// Creates a repository at `path` and commits everything in it as the initial commit.
    pub fn init_with_initial_commit(path: &Path, message: &str, who: &Identity) -> Result<SiteRepo, GitError> {
        let _ = (message, who);
        Ok(SiteRepo { repo: git2::Repository::init(path)? })
    }
    /// The work tree root.
    pub fn workdir(&self) -> Option<PathBuf> {
        self.repo.workdir().map(Path::to_path_buf)
    }
    /// Changed files, sorted by path.
    pub fn status(&self) -> Result<Vec<FileChange>, GitError> {
        Ok(Vec::new())
    }
    /// The identity from git config, if set.
    pub fn configured_identity(&self) -> Option<Identity> {
        None
    }
    /// Stages `paths` (all changes when empty) and commits them; returns the commit id.
    pub fn commit(&self, message: &str, paths: &[String], who: &Identity) -> Result<String, GitError> {
        let _ = (message, paths, who);
        Ok(String::new())
    }
}
