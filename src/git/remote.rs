//! Talking to the site's remote: fetch, pull (fast-forward, else a merge whose clashes go
//! through the same three-way merge as the watcher), push and "sync", with credentials from
//! git's credential helpers and the SSH agent and plain words when the network is away.
//!
//! A pull never loses work: uncommitted edits to files the pull would change stop it before
//! anything moves, and clashes it cannot settle are left in the files with both sides' text
//! between conflict markers (and in the index as conflicts, as `git merge` leaves them), to be
//! finished by a commit, by the writer's choice of side for each clash
//! ([`SiteRepo::resolve_conflicts`]), or undone ([`SiteRepo::abort_merge`]). The index keeps
//! the unfinished merge across restarts ([`SiteRepo::pending_conflicts`]).

use std::cell::Cell;

use serde::Serialize;

use super::review::{index_entry, ConflictFile, Settled};
use super::{GitError, Identity, SiteRepo};
use crate::merge::MergeHunk;

/// The remote used when none is named.
pub const DEFAULT_REMOTE: &str = "origin";

/// What a pull did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum PullOutcome {
    /// The branch has no counterpart on the remote (nothing to pull).
    NoUpstream,
    /// Nothing new.
    UpToDate,
    /// Moved forward to the remote's tip.
    FastForward {
        /// The new tip.
        commit: String,
    },
    /// Merged with a merge commit.
    Merged {
        /// The merge commit.
        commit: String,
        /// Files whose edits git could not merge but the three-way merge settled.
        auto_resolved: Vec<String>,
    },
    /// Clashes remain: they are in the files with conflict markers; edit and commit.
    Conflicts {
        /// The clashing files and their hunks.
        files: Vec<ConflictFile>,
    },
}

/// What a sync (pull then push) did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncOutcome {
    /// The pull of the current branch.
    pub pull: PullOutcome,
    /// Branches pushed.
    pub pushed: Vec<String>,
}

/// A remote the site's repository talks to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RemoteInfo {
    /// Its name (`origin`).
    pub name: String,
    /// Where it is (an HTTPS or SSH URL, or a path).
    pub url: String,
}

impl SiteRepo {
    /// The configured remotes, by name.
    pub fn remotes(&self) -> Result<Vec<RemoteInfo>, GitError> {
        let mut remotes = Vec::new();
        for name in self.repo.remotes()?.iter().flatten() {
            let remote = self.repo.find_remote(name)?;
            remotes.push(RemoteInfo {
                name: name.to_string(),
                url: remote.url().unwrap_or_default().to_string(),
            });
        }
        Ok(remotes)
    }

    /// Adds remote `name` at `url`, or points the existing one there (with the default fetch
    /// refspec). Credentials are never stored here: git's credential helpers and the SSH agent
    /// answer when the remote asks.
    pub fn set_remote(&self, name: &str, url: &str) -> Result<(), GitError> {
        let url = url.trim();
        if !git2::Remote::is_valid_name(name) || url.is_empty() {
            return Err(GitError::InvalidName {
                name: format!("{name} {url}"),
                reason: "a remote needs a name (letters, digits, `-`) and a URL",
            });
        }
        if self.repo.find_remote(name).is_ok() {
            self.repo.remote_set_url(name, url)?;
        } else {
            self.repo.remote(name, url)?;
        }
        Ok(())
    }

    /// Connects to remote `name` and lists its branches, to say whether it can be reached
    /// (and, over HTTPS or SSH, whether the credentials are accepted for reading). Returns
    /// how many branches it has.
    pub fn test_remote(&self, name: &str) -> Result<usize, GitError> {
        let mut remote = self.find_remote(name)?;
        let attempts = Cell::new(0);
        let connection = remote.connect_auth(
            git2::Direction::Fetch,
            Some(self.callbacks(&attempts)),
            None,
        );
        let connection = match connection {
            Ok(connection) => connection,
            Err(e) => return Err(self.remote_error(&self.find_remote(name)?, e)),
        };
        let branches = connection
            .list()?
            .iter()
            .filter(|head| head.name().starts_with("refs/heads/"))
            .count();
        Ok(branches)
    }

    /// Whether remote `name` is configured.
    pub fn has_remote(&self, name: &str) -> bool {
        self.repo.find_remote(name).is_ok()
    }

    fn find_remote(&self, name: &str) -> Result<git2::Remote<'_>, GitError> {
        self.repo.find_remote(name).map_err(|_| GitError::NoRemote {
            remote: name.to_string(),
        })
    }

    /// Callbacks that answer credential requests from the SSH agent and git's credential
    /// helpers, giving up after a few refusals instead of asking forever.
    fn callbacks<'a>(&'a self, attempts: &'a Cell<u32>) -> git2::RemoteCallbacks<'a> {
        let mut callbacks = git2::RemoteCallbacks::new();
        callbacks.credentials(move |url, username, allowed| {
            attempts.set(attempts.get() + 1);
            if attempts.get() > 4 {
                return Err(git2::Error::new(
                    git2::ErrorCode::Auth,
                    git2::ErrorClass::Net,
                    "no credential was accepted",
                ));
            }
            if allowed.contains(git2::CredentialType::SSH_KEY) {
                return git2::Cred::ssh_key_from_agent(username.unwrap_or("git"));
            }
            if allowed.contains(git2::CredentialType::USER_PASS_PLAINTEXT) {
                let config = self.repo.config()?;
                return git2::Cred::credential_helper(&config, url, username);
            }
            if allowed.contains(git2::CredentialType::USERNAME) {
                return git2::Cred::username(username.unwrap_or("git"));
            }
            git2::Cred::default()
        });
        callbacks
    }

    /// Turns a libgit2 network error into one a writer understands.
    fn remote_error(&self, remote: &git2::Remote<'_>, error: git2::Error) -> GitError {
        let name = remote.name().unwrap_or(DEFAULT_REMOTE).to_string();
        let url = remote.url().unwrap_or("").to_string();
        let message = error.message().to_string();
        if error.code() == git2::ErrorCode::Auth {
            return GitError::AccessDenied {
                remote: name,
                url,
                message,
            };
        }
        let network = matches!(
            error.class(),
            git2::ErrorClass::Net
                | git2::ErrorClass::Ssl
                | git2::ErrorClass::Ssh
                | git2::ErrorClass::Http
        );
        let local_path_missing = error.class() == git2::ErrorClass::Os
            || (error.code() == git2::ErrorCode::NotFound
                && error.class() == git2::ErrorClass::Repository);
        if network || local_path_missing {
            return GitError::Offline {
                remote: name,
                url,
                message,
            };
        }
        GitError::Git(error)
    }

    /// Fetches every branch of `remote`, pruning remote-tracking branches deleted there.
    pub fn fetch(&self, remote: &str) -> Result<(), GitError> {
        let mut remote = self.find_remote(remote)?;
        let attempts = Cell::new(0);
        let mut options = git2::FetchOptions::new();
        options
            .remote_callbacks(self.callbacks(&attempts))
            .prune(git2::FetchPrune::On);
        let result = remote.fetch(&[] as &[&str], Some(&mut options), None);
        result.map_err(|e| self.remote_error(&remote, e))
    }

    /// Pushes local `branches` to `remote` (a leading `:` deletes the remote branch), failing
    /// with the remote's reason when it refuses one.
    pub fn push(&self, remote: &str, branches: &[String]) -> Result<(), GitError> {
        if branches.is_empty() {
            return Ok(());
        }
        let mut remote = self.find_remote(remote)?;
        let remote_name = remote.name().unwrap_or(DEFAULT_REMOTE).to_string();
        let attempts = Cell::new(0);
        let rejected = std::cell::RefCell::new(None);
        let refspecs: Vec<String> = branches
            .iter()
            .map(|b| match b.strip_prefix(':') {
                Some(deleted) => format!(":refs/heads/{deleted}"),
                None => format!("refs/heads/{b}:refs/heads/{b}"),
            })
            .collect();
        {
            let mut callbacks = self.callbacks(&attempts);
            callbacks.push_update_reference(|refname, status| {
                if let Some(message) = status {
                    *rejected.borrow_mut() = Some((refname.to_string(), message.to_string()));
                }
                Ok(())
            });
            let mut options = git2::PushOptions::new();
            options.remote_callbacks(callbacks);
            remote
                .push(&refspecs, Some(&mut options))
                .map_err(|e| self.remote_error(&remote, e))?;
        }
        if let Some((refname, message)) = rejected.into_inner() {
            return Err(GitError::PushRejected {
                remote: remote_name,
                refname,
                message,
            });
        }
        // Keep the remote-tracking refs in step with what we just pushed.
        for branch in branches {
            let tracking = format!(
                "refs/remotes/{remote_name}/{}",
                branch.trim_start_matches(':')
            );
            match branch.strip_prefix(':') {
                Some(_) => {
                    if let Ok(mut r) = self.repo.find_reference(&tracking) {
                        r.delete()?;
                    }
                }
                None => {
                    let tip = self.branch_tip(branch)?;
                    self.repo
                        .reference(&tracking, tip.id(), true, "postwright: push")?;
                }
            }
        }
        Ok(())
    }

    /// Fetches `remote` and brings the current branch up to date with its remote twin.
    pub fn pull(&self, remote: &str, who: &Identity) -> Result<PullOutcome, GitError> {
        self.refuse_during_merge()?;
        self.fetch(remote)?;
        let Some(branch) = self.current_branch()? else {
            return Ok(PullOutcome::NoUpstream);
        };
        let Ok(theirs) = self
            .repo
            .find_branch(&format!("{remote}/{branch}"), git2::BranchType::Remote)
        else {
            return Ok(PullOutcome::NoUpstream);
        };
        let theirs = theirs.get().peel_to_commit()?;
        let Some(ours) = self.head_commit()? else {
            // An empty repository takes the remote's branch as it is.
            self.move_work_tree_to(&theirs, "pulling")?;
            self.repo.reference(
                &format!("refs/heads/{branch}"),
                theirs.id(),
                true,
                "postwright: pull",
            )?;
            return Ok(PullOutcome::FastForward {
                commit: theirs.id().to_string(),
            });
        };
        let base = self.repo.merge_base(ours.id(), theirs.id()).ok();
        if base == Some(theirs.id()) {
            return Ok(PullOutcome::UpToDate);
        }
        let refname = format!("refs/heads/{branch}");
        if base == Some(ours.id()) {
            self.move_work_tree_to(&theirs, "pulling")?;
            self.repo.reference(
                &refname,
                theirs.id(),
                true,
                "postwright: pull (fast-forward)",
            )?;
            return Ok(PullOutcome::FastForward {
                commit: theirs.id().to_string(),
            });
        }
        let (mut index, auto_resolved, conflicts) = self.merge_index(&ours, &theirs)?;
        let message = format!("Merge {remote}/{branch} into {branch}\n");
        if conflicts.is_empty() {
            let tree = self.repo.find_tree(index.write_tree_to(&self.repo)?)?;
            let merge = self.write_commit(None, (who, who), &message, &tree, &[&ours, &theirs])?;
            self.move_work_tree_to(&self.repo.find_commit(merge)?, "pulling")?;
            self.repo
                .reference(&refname, merge, true, "postwright: pull (merge)")?;
            return Ok(PullOutcome::Merged {
                commit: merge.to_string(),
                auto_resolved,
            });
        }
        self.leave_conflicts(&ours, &theirs, &mut index, &conflicts, &message)?;
        Ok(PullOutcome::Conflicts {
            files: conflicts.into_iter().map(|(c, _)| c).collect(),
        })
    }

    /// Puts an unfinished merge in the work tree the way `git merge` does: settled files
    /// merged, clashing ones with conflict markers, conflicts in the index, `MERGE_HEAD` set.
    fn leave_conflicts(
        &self,
        ours: &git2::Commit<'_>,
        theirs: &git2::Commit<'_>,
        index: &mut git2::Index,
        conflicts: &[(ConflictFile, Vec<u8>)],
        message: &str,
    ) -> Result<(), GitError> {
        // First, a tree with the marker texts standing in for the conflicts: checking it out
        // applies every change and goes through the same uncommitted-work guard as a switch.
        let conflict_entries: Vec<git2::IndexConflict> =
            index.conflicts()?.collect::<Result<_, _>>()?;
        for (conflict, text) in conflicts {
            let path = std::path::Path::new(&conflict.path);
            let mode = conflict_entries.iter().find_map(|c| {
                [&c.our, &c.their, &c.ancestor]
                    .into_iter()
                    .flatten()
                    .find(|e| e.path == conflict.path.as_bytes())
                    .map(|e| e.mode)
            });
            let Some(mode) = mode else { continue };
            let id = self.repo.blob(text)?;
            let entry = index_entry(mode, conflict.path.as_bytes().to_vec(), id, text.len(), 0);
            index.conflict_remove(path)?;
            index.add(&entry)?;
        }
        let marked_tree = index.write_tree_to(&self.repo)?;
        let postwright = Identity {
            name: "postwright".into(),
            email: "postwright@localhost".into(),
        };
        let scratch = self.write_commit(
            None,
            (&postwright, &postwright),
            "unfinished merge",
            &self.repo.find_tree(marked_tree)?,
            &[ours],
        )?;
        self.move_work_tree_to(&self.repo.find_commit(scratch)?, "pulling")?;
        // Then the index gets the real conflict entries back, so `git status` agrees.
        let mut repo_index = self.repo.index()?;
        repo_index.read(false)?;
        for conflict in &conflict_entries {
            let path = [&conflict.our, &conflict.their, &conflict.ancestor]
                .into_iter()
                .flatten()
                .next()
                .map(|e| e.path.clone());
            let Some(path) = path else { continue };
            if !conflicts
                .iter()
                .any(|(c, _)| c.path.as_bytes() == path.as_slice())
            {
                continue;
            }
            let _ = repo_index.remove_path(&super::bytes_path(&path));
            // git2 has no `conflict_add`; entries with a stage number in their flags are
            // conflict entries all the same.
            for (stage, side) in [
                (1, &conflict.ancestor),
                (2, &conflict.our),
                (3, &conflict.their),
            ] {
                if let Some(e) = side {
                    let size = e.file_size as usize;
                    repo_index.add(&index_entry(e.mode, e.path.clone(), e.id, size, stage))?;
                }
            }
        }
        repo_index.write()?;
        let git_dir = self.repo.path();
        let write = |name: &str, text: String| {
            let path = git_dir.join(name);
            std::fs::write(&path, text).map_err(|source| GitError::Io { path, source })
        };
        write("MERGE_HEAD", format!("{}\n", theirs.id()))?;
        write("MERGE_MSG", message.to_string())?;
        write("MERGE_MODE", String::new())?;
        Ok(())
    }

    /// Finishes a merge left with conflicts: stages `paths` (all changes when empty), refuses
    /// while conflicts remain, commits with both parents.
    pub(crate) fn commit_merge(
        &self,
        message: &str,
        paths: &[String],
        who: &Identity,
    ) -> Result<String, GitError> {
        let workdir = self.require_workdir()?.to_path_buf();
        let mut index = self.repo.index()?;
        index.read(false)?;
        // A conflicting file about to be staged with its markers still in it would commit
        // both sides' text as the page: refused, before anything is staged.
        let conflicting: Vec<String> = index
            .conflicts()?
            .filter_map(Result::ok)
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .collect();
        for path in conflicting {
            let staged = paths.is_empty()
                || paths.iter().any(|p| {
                    super::repo_relative(p)
                        .is_ok_and(|r| r == path || path.starts_with(&format!("{r}/")))
                });
            let text = std::fs::read_to_string(workdir.join(&path)).unwrap_or_default();
            if let Some(line) = first_marker_line(&text).filter(|_| staged) {
                return Err(GitError::ConflictMarkers {
                    path: path.into(),
                    line,
                });
            }
        }
        if paths.is_empty() {
            index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
            index.update_all(["*"], None)?;
        } else {
            for path in paths {
                let rel = super::repo_relative(path)?;
                super::stage_path(&self.repo, &mut index, &workdir, &rel)?;
            }
        }
        index.write()?;
        if index.has_conflicts() {
            self.refuse_during_merge()?;
        }
        let head = self.head_commit()?.ok_or(GitError::NoMainBranch)?;
        let merge_head_path = self.repo.path().join("MERGE_HEAD");
        let merge_head =
            std::fs::read_to_string(&merge_head_path).map_err(|source| GitError::Io {
                path: merge_head_path.clone(),
                source,
            })?;
        let theirs = self
            .repo
            .find_commit(git2::Oid::from_str(merge_head.trim())?)?;
        let tree = self.repo.find_tree(index.write_tree()?)?;
        let id = self.write_commit(Some("HEAD"), (who, who), message, &tree, &[&head, &theirs])?;
        self.repo.cleanup_state()?;
        Ok(id.to_string())
    }

    /// The conflicting files of a merge a pull left unfinished, read back from the index's
    /// conflict entries (stages 1, 2, 3) through the same three-way merge the pull ran, so the
    /// writer can settle them after a restart. Empty when no merge is in progress.
    ///
    /// A file the writer already settled by hand (its text changed since the pull and holds
    /// no conflict marker) comes back as one clean stretch of their text: finishing keeps it.
    pub fn pending_conflicts(&self) -> Result<Vec<ConflictFile>, GitError> {
        if self.repo.state() != git2::RepositoryState::Merge {
            return Ok(Vec::new());
        }
        let workdir = self.require_workdir()?.to_path_buf();
        let mut files = Vec::new();
        for (file, left) in self.merge_leftovers()? {
            let on_disk = std::fs::read(workdir.join(&file.path)).ok();
            let hand_settled = match on_disk {
                Some(bytes) if !file.hunks.is_empty() && bytes != left => String::from_utf8(bytes)
                    .ok()
                    .filter(|text| first_marker_line(text).is_none()),
                _ => None,
            };
            files.push(match hand_settled {
                Some(text) => ConflictFile {
                    path: file.path,
                    hunks: vec![MergeHunk::Clean(text)],
                },
                None => file,
            });
        }
        Ok(files)
    }

    /// Each conflicting file of the index, with what the pull put in the work tree for it.
    fn merge_leftovers(&self) -> Result<Vec<(ConflictFile, Vec<u8>)>, GitError> {
        let mut index = self.repo.index()?;
        index.read(false)?;
        let conflicts: Vec<git2::IndexConflict> = index.conflicts()?.collect::<Result<_, _>>()?;
        let mut leftovers = Vec::new();
        for conflict in &conflicts {
            match self.settle_conflict(conflict)? {
                None => {}
                Some(Settled::Clashing { file, work_tree }) => leftovers.push((file, work_tree)),
                // Left by another tool (git's own merge is stricter): nothing to choose.
                Some(Settled::Merged { path, text, .. }) => leftovers.push((
                    ConflictFile {
                        path,
                        hunks: vec![MergeHunk::Clean(text.clone())],
                    },
                    text.into_bytes(),
                )),
            }
        }
        Ok(leftovers)
    }

    /// "Finish merge": writes each settled text (`(path, whole text)`, repository-relative)
    /// atomically, then commits the merge with both parents and the pull's merge message.
    /// Every conflicting text file must be given, without conflict markers; binary files and
    /// files deleted on one side are committed as they stand in the work tree. Nothing is
    /// written when a text is refused.
    pub fn resolve_conflicts(
        &self,
        resolved: &[(String, String)],
        who: &Identity,
    ) -> Result<String, GitError> {
        if self.repo.state() != git2::RepositoryState::Merge {
            return Err(GitError::NoMergeInProgress);
        }
        let workdir = self.require_workdir()?.to_path_buf();
        let pending = self.pending_conflicts()?;
        let mut writes = Vec::with_capacity(resolved.len());
        for (path, text) in resolved {
            let rel = super::repo_relative(path)?;
            if !pending.iter().any(|f| f.path == rel) {
                return Err(GitError::NotConflicting { path: rel.into() });
            }
            if let Some(line) = first_marker_line(text) {
                return Err(GitError::ConflictMarkers {
                    path: rel.into(),
                    line,
                });
            }
            writes.push((crate::confine::confine(&workdir, &rel)?, text));
        }
        let unsettled: Vec<&str> = pending
            .iter()
            .filter(|f| !f.hunks.is_empty())
            .map(|f| f.path.as_str())
            .filter(|p| {
                !resolved
                    .iter()
                    .any(|(r, _)| super::repo_relative(r).is_ok_and(|r| r == *p))
            })
            .collect();
        if !unsettled.is_empty() {
            return Err(GitError::MergeInProgress {
                paths: unsettled.join(", "),
            });
        }
        for (full, text) in writes {
            crate::document::write_atomic(&full, text.as_bytes()).map_err(|e| match e {
                crate::document::DocumentError::Io { path, source } => {
                    GitError::Io { path, source }
                }
                other => GitError::Io {
                    path: full.clone(),
                    source: std::io::Error::other(other.to_string()),
                },
            })?;
        }
        let message_path = self.repo.path().join("MERGE_MSG");
        let message = std::fs::read_to_string(&message_path)
            .ok()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| "Merge\n".to_string());
        let paths: Vec<String> = pending.into_iter().map(|f| f.path).collect();
        self.commit_merge(&message, &paths, who)
    }

    /// "Abort merge": puts the work tree and index back as they were before the pull (HEAD)
    /// and forgets the merge, only when every uncommitted change is the pull's own. A file
    /// edited since the pull, or a change that was uncommitted before it, makes it refuse,
    /// naming the files, with nothing changed.
    pub fn abort_merge(&self) -> Result<(), GitError> {
        if self.repo.state() != git2::RepositoryState::Merge {
            return Err(GitError::NoMergeInProgress);
        }
        let workdir = self.require_workdir()?.to_path_buf();
        let head = self.head_commit()?.ok_or(GitError::NoMainBranch)?;
        // What the pull left: each conflicting file's text, each merged file as staged.
        let mut left: std::collections::BTreeMap<String, Option<Vec<u8>>> = self
            .merge_leftovers()?
            .into_iter()
            .map(|(file, text)| (file.path, Some(text)))
            .collect();
        let mut index = self.repo.index()?;
        index.read(false)?;
        let staged = self
            .repo
            .diff_tree_to_index(Some(&head.tree()?), Some(&index), None)?;
        for delta in staged.deltas() {
            let Some(path) = delta.new_file().path().or(delta.old_file().path()) else {
                continue;
            };
            let path = super::path_text(path);
            if left.contains_key(&path) {
                continue;
            }
            let expected = match delta.new_file().exists() {
                true => Some(
                    self.repo
                        .find_blob(delta.new_file().id())?
                        .content()
                        .to_vec(),
                ),
                false => None,
            };
            left.insert(path, expected);
        }
        let mut changed: Vec<String> = left
            .iter()
            .filter(|(path, expected)| std::fs::read(workdir.join(path)).ok() != **expected)
            .map(|(path, _)| path.clone())
            .collect();
        for change in self.status()? {
            for path in std::iter::once(change.path).chain(change.old_path) {
                if !left.contains_key(&path) && !changed.contains(&path) {
                    changed.push(path);
                }
            }
        }
        if !changed.is_empty() {
            changed.sort();
            return Err(GitError::CannotAbortMerge {
                paths: changed.join(", "),
            });
        }
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout.force();
        self.repo
            .reset(head.as_object(), git2::ResetType::Hard, Some(&mut checkout))?;
        self.repo.cleanup_state()?;
        Ok(())
    }

    /// "Sync": pull the current branch, fast-forward other branches that only moved on the
    /// remote, then push the current branch (unless it is a draft or story already accepted)
    /// and every branch ahead of its remote twin.
    pub fn sync(&self, remote: &str, who: &Identity) -> Result<SyncOutcome, GitError> {
        let pull = self.pull(remote, who)?;
        if matches!(pull, PullOutcome::Conflicts { .. }) {
            return Ok(SyncOutcome {
                pull,
                pushed: Vec::new(),
            });
        }
        let current = self.current_branch()?;
        let mut pushed = Vec::new();
        for name in self.branches()? {
            let local = self.branch_tip(&name)?;
            let tracking = self
                .repo
                .find_branch(&format!("{remote}/{name}"), git2::BranchType::Remote)
                .ok()
                .and_then(|b| b.get().peel_to_commit().ok());
            let is_current = current.as_deref() == Some(name.as_str());
            match tracking {
                Some(theirs) if theirs.id() == local.id() => {}
                Some(theirs) => {
                    let base = self.repo.merge_base(local.id(), theirs.id()).ok();
                    if base == Some(local.id()) && !is_current {
                        // Only the remote moved: catch up without touching the work tree.
                        self.repo.reference(
                            &format!("refs/heads/{name}"),
                            theirs.id(),
                            true,
                            "postwright: sync (fast-forward)",
                        )?;
                    } else if base == Some(theirs.id()) {
                        pushed.push(name);
                    }
                }
                // A draft or story the editors accepted is in the main branch: pushing it
                // again would put it back in their queue.
                None if is_current && !self.accepted_work_branch(&name)? => pushed.push(name),
                None => {}
            }
        }
        self.push(remote, &pushed)?;
        Ok(SyncOutcome { pull, pushed })
    }
}

/// The 1-based line of the first clash's opening marker (`<<<<<<< `) in `text`, when git
/// conflict markers (opening and closing) are still there. A lone `=======` is left alone:
/// in Markdown it underlines a heading.
fn first_marker_line(text: &str) -> Option<usize> {
    if !text.lines().any(|l| l.starts_with(">>>>>>> ")) {
        return None;
    }
    text.lines()
        .position(|l| l.starts_with("<<<<<<< "))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_markers_are_found_and_setext_headings_are_not_markers() {
        assert_eq!(first_marker_line("Title\n=======\n\nText.\n"), None);
        let marked = "Title\n=======\n\n<<<<<<< yours\nMine.\n=======\nTheirs.\n>>>>>>> theirs\n";
        assert_eq!(first_marker_line(marked), Some(4));
        assert_eq!(
            first_marker_line("<<<<<<< yours\nonly an opening line\n"),
            None
        );
    }
}
