//! Exchanges with the remote: fetch, pull (and the conflicts it can leave), push and sync.

use super::Workspace;
use crate::error::Error;
use crate::git::remote::{PullOutcome, RemoteInfo, SyncOutcome, DEFAULT_REMOTE};
use crate::git::review::ConflictFile;

impl Workspace {
    /// The site repository's remotes.
    pub fn remotes(&self) -> Result<Vec<RemoteInfo>, Error> {
        Ok(self.repo()?.remotes()?)
    }

    /// Adds the remote `name` at `url`, or moves it there.
    pub fn set_remote(&self, name: &str, url: &str) -> Result<(), Error> {
        Ok(self.repo()?.set_remote(name, url)?)
    }

    /// Connects to the remote `name` (credentials from git's helpers or the SSH agent);
    /// returns how many branches it has.
    pub fn test_remote(&self, name: &str) -> Result<usize, Error> {
        Ok(self.repo()?.test_remote(name)?)
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
        match self.git() {
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
