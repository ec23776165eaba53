//! Local Git in the editor's terms: status, diffs, commits, history, branches; pages named
//! content-relative (as the page list names them) are translated to repository paths here.

use std::path::{Path, PathBuf};

use super::Workspace;
use crate::document::DocumentError;
use crate::error::Error;
use crate::git::diff::PageDiff;
use crate::git::roles::{CommitDestination, Role};
use crate::git::{CommitInfo, FileChange, FileDiff, GitError, Identity};

/// What a commit from the app did, and where it landed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommitOutcome {
    /// The new commit.
    pub commit: String,
    /// The branch it is on.
    pub branch: String,
    /// The protected branch it was turned away from (a new draft was started), if any.
    pub diverted_from: Option<String>,
}

impl Workspace {
    /// Files changed since the last commit (empty when the site is not in a repository).
    pub fn status(&self) -> Result<Vec<FileChange>, Error> {
        match self.git() {
            Some(repo) => Ok(repo.status()?),
            None => Ok(Vec::new()),
        }
    }

    /// The current branch (`None` when detached or not in a repository).
    pub fn current_branch(&self) -> Result<Option<String>, Error> {
        match self.git() {
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

    /// The identity commits are made with: the app's setting, else git config.
    pub fn identity(&self) -> Option<Identity> {
        self.identity
            .clone()
            .or_else(|| self.git()?.configured_identity())
    }

    /// Sets the writer's role, which decides where the app's commits land.
    pub fn set_role(&mut self, role: Role) {
        self.role = role;
    }

    /// Where a commit of `paths` (all changes when empty) goes for the writer's role: the
    /// current branch, a new draft instead of the protected main branch, or the main branch
    /// after an editor's confirmation.
    pub fn commit_destination(&self, paths: &[String]) -> Result<CommitDestination, Error> {
        let repo = self.repo()?;
        let title = repo
            .page_diffs(paths)?
            .into_iter()
            .find_map(|d| d.title)
            .unwrap_or_default();
        Ok(repo.commit_destination(self.role, &title)?)
    }

    /// Commits as the changes panel does: to [`Workspace::commit_destination`] (starting the
    /// draft a protected branch diverts to), refused on the main branch unless `confirmed`
    /// when the destination asks for confirmation. With `parts`, only those front-matter
    /// fields and body hunks of the one file in `paths` (see [`Workspace::commit_parts`]).
    pub fn commit_from_app(
        &mut self,
        message: &str,
        paths: &[String],
        parts: Option<(&[String], &[usize])>,
        co_authors: &[Identity],
        confirmed: bool,
    ) -> Result<CommitOutcome, Error> {
        let destination = self.commit_destination(paths)?;
        if destination.needs_confirmation && !confirmed {
            return Err(GitError::CannotCommitHere {
                branch: destination.branch,
                reason: "it is the main branch: confirm committing to it".into(),
            }
            .into());
        }
        self.repo()?.prepare_destination(&destination)?;
        let committed = match (parts, paths) {
            (Some((fields, hunks)), [path]) => {
                self.commit_parts(message, path, fields, hunks, co_authors)
            }
            (Some(_), _) => Err(GitError::CannotCommitHere {
                branch: destination.branch.clone(),
                reason: "parts are committed one file at a time".into(),
            }
            .into()),
            (None, _) => self.commit_with_co_authors(message, paths, co_authors),
        };
        if let Some(from) = &destination.diverted_from {
            if committed.is_err() {
                // The draft was made for this commit only: back to where the writer was.
                let repo = self.repo()?;
                if repo.switch_branch(from).is_ok() {
                    if let Ok(mut draft) = repo
                        .raw()
                        .find_branch(&destination.branch, git2::BranchType::Local)
                    {
                        let _ = draft.delete();
                    }
                }
            }
            self.reload_site()?;
        }
        let commit = committed?;
        Ok(CommitOutcome {
            commit,
            branch: destination.branch,
            diverted_from: destination.diverted_from,
        })
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

    /// How a file (repository-relative) differs from the last commit, front matter field by field.
    pub fn page_diff(&self, path: &str) -> Result<PageDiff, Error> {
        Ok(self.repo()?.page_diff(path)?)
    }

    /// Field-level diffs of the uncommitted changes to `paths` (all when empty).
    pub fn page_diffs(&self, paths: &[String]) -> Result<Vec<PageDiff>, Error> {
        Ok(self.repo()?.page_diffs(paths)?)
    }

    /// The commit message the changes to `paths` suggest (`Update <title>: summary, topics`).
    pub fn suggest_commit_message(&self, paths: &[String]) -> Result<String, Error> {
        Ok(self.repo()?.suggest_commit_message(paths)?)
    }

    /// The message for committing only `fields` and body `hunks` of the change to `path`
    /// (`Update <title>: summary, body`; see [`crate::git::diff::suggest_parts_message`]).
    pub fn suggest_parts_message(
        &self,
        path: &str,
        fields: &[String],
        hunks: &[usize],
    ) -> Result<String, Error> {
        let diff = self.repo()?.page_diff(path)?;
        Ok(crate::git::diff::suggest_parts_message(
            &diff, fields, hunks,
        ))
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
        let workdir = self.git()?.workdir()?.canonicalize().ok()?;
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
}
