//! The site's Git repository through git2: status, diffs, history and commits of just the
//! files a writer chose. git2 is used only here, so the rest of the core speaks in site terms
//! (paths relative to the repository root, with `/`), never in libgit2 types.

use std::path::{Path, PathBuf};

pub mod branches;
pub mod bundle;
pub mod diff;
pub mod parts;
pub mod remote;
pub mod review;
pub mod roles;
pub mod submission;

use git2::{DiffOptions, IndexAddOption, RepositoryInitOptions, StatusOptions};
use serde::Serialize;

/// A Git operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// libgit2 reported an error.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// The repository has no work tree (a bare repository), so there are no files to edit.
    #[error("{path}: a bare repository has no files to edit")]
    Bare {
        /// The repository.
        path: PathBuf,
    },
    /// A path given to a Git operation is absolute, climbs out of the repository, leads into
    /// `.git` or through a symbolic link out of the work tree.
    #[error("{path}: not a path inside the repository ({reason})")]
    OutsideRepository {
        /// The path as given.
        path: PathBuf,
        /// Why (see [`crate::confine`]).
        reason: String,
    },
    /// A co-author or identity is not written `Name <email>`.
    #[error(transparent)]
    BadIdentity(#[from] IdentityParseError),
    /// "Submit for review" would send nothing (or is asked off a draft); nothing was recorded.
    #[error("cannot submit {branch} for review: {reason}")]
    CannotSubmit {
        /// The current branch.
        branch: String,
        /// Why, and what to do.
        reason: String,
    },
    /// A commit cannot land on this branch as asked.
    #[error("cannot commit on {branch}: {reason}")]
    CannotCommitHere {
        /// The current branch.
        branch: String,
        /// Why, and what to do.
        reason: String,
    },
    /// Committing would record no change.
    #[error("nothing to commit: {paths} unchanged since the last commit")]
    NothingToCommit {
        /// The paths asked for, comma-separated ("all files" when none were named).
        paths: String,
    },
    /// Working on one file failed.
    #[error("{path}: {source}")]
    File {
        /// The file, relative to the repository root.
        path: PathBuf,
        /// What libgit2 said.
        source: git2::Error,
    },
    /// Reading or writing a file outside Git's object store failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A page cannot be split into parts (its front matter does not parse, or it is not text).
    #[error("{path}:{message}")]
    Unsplittable {
        /// The file, relative to the repository root.
        path: PathBuf,
        /// Why, with line and column where there is one.
        message: String,
    },
    /// Uncommitted work would be overwritten; nothing was changed.
    #[error("{action} would overwrite uncommitted changes to {paths}; commit or discard them first (nothing was changed)")]
    WouldOverwrite {
        /// What was asked (`switching to draft/x`, `pulling`).
        action: String,
        /// The files, comma-separated.
        paths: String,
    },
    /// A branch that should be created already exists.
    #[error("branch `{branch}` already exists")]
    BranchExists {
        /// The branch.
        branch: String,
    },
    /// A branch that should exist does not.
    #[error("no branch `{branch}` (locally or on a remote)")]
    NoSuchBranch {
        /// The branch.
        branch: String,
    },
    /// A name from the user cannot be part of a branch name.
    #[error("`{name}` cannot be used in a branch name: {reason}")]
    InvalidName {
        /// The name as given.
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// The repository has neither `main` nor `master`.
    #[error("the repository has no main branch (`main` or `master`)")]
    NoMainBranch,
    /// The branch cannot be merged the way asked.
    #[error("cannot merge `{branch}`: {reason}")]
    CannotMerge {
        /// The branch.
        branch: String,
        /// Why, and what to do.
        reason: String,
    },
    /// A merge is half done (conflicts being resolved); finish it first.
    #[error("a merge is in progress: resolve {paths} and commit, then try again")]
    MergeInProgress {
        /// The files still conflicting.
        paths: String,
    },
    /// Finishing or aborting a merge was asked with no merge in progress.
    #[error("no merge is in progress: there is nothing to finish or abort")]
    NoMergeInProgress,
    /// A text offered to finish a merge still holds conflict markers.
    #[error(
        "{path}:{line}: a conflict marker is still in the text; choose a side for every clash"
    )]
    ConflictMarkers {
        /// The file, relative to the repository root.
        path: PathBuf,
        /// 1-based line of the first marker.
        line: usize,
    },
    /// A text offered to finish a merge is for a file that is not conflicting.
    #[error("{path}: not one of the merge's conflicting files")]
    NotConflicting {
        /// The file, relative to the repository root.
        path: PathBuf,
    },
    /// Aborting the merge would throw away changes that are not the pull's own.
    #[error("cannot abort the merge: {paths} changed outside the pull (edited since, or uncommitted before it) and would be lost; finish the merge instead, or commit or discard those changes first (nothing was changed)")]
    CannotAbortMerge {
        /// The files, comma-separated.
        paths: String,
    },
    /// The repository has no remote to talk to.
    #[error("the repository has no remote `{remote}`: add its address under Settings → Site remote, or send a bundle instead")]
    NoRemote {
        /// The remote's name.
        remote: String,
    },
    /// The remote could not be reached.
    #[error("cannot reach {remote} ({url}): {message}. You seem to be offline; your work is saved locally and will sync later")]
    Offline {
        /// The remote's name.
        remote: String,
        /// Its URL.
        url: String,
        /// What libgit2 said.
        message: String,
    },
    /// The remote refused the credentials (or none were found).
    #[error("{remote} ({url}) refused access: {message}. Check your git credential helper or SSH agent; without write access, submit a bundle instead")]
    AccessDenied {
        /// The remote's name.
        remote: String,
        /// Its URL.
        url: String,
        /// What libgit2 said.
        message: String,
    },
    /// The remote refused to update a ref.
    #[error("{remote} refused {refname}: {message}")]
    PushRejected {
        /// The remote's name.
        remote: String,
        /// The ref.
        refname: String,
        /// Why.
        message: String,
    },
    /// A bundle file is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    BadBundle {
        /// The bundle file.
        path: PathBuf,
        /// 1-based line of the header (the pack counts as the line after it).
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A bundle holds something that must not enter the site; nothing was imported.
    #[error("{bundle}: refused: {what} ({reason}); nothing was imported")]
    UnsafeBundle {
        /// The bundle file.
        bundle: PathBuf,
        /// The ref or path refused.
        what: String,
        /// Why.
        reason: String,
    },
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

/// Why text is not an identity written `Name <email>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not an identity: write it as Name <email@example.gov>")]
pub struct IdentityParseError {
    /// The text as given.
    pub text: String,
}

impl std::str::FromStr for Identity {
    type Err = IdentityParseError;

    /// Reads `Name <email>`, the way Git writes authors and `Co-authored-by` trailers.
    fn from_str(text: &str) -> Result<Identity, IdentityParseError> {
        let bad = || IdentityParseError {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        let (name, rest) = trimmed.split_once('<').ok_or_else(bad)?;
        let email = rest.strip_suffix('>').ok_or_else(bad)?.trim();
        let name = name.trim();
        if name.is_empty() || email.is_empty() || !email.contains('@') || email.contains(['<', '>'])
        {
            return Err(bad());
        }
        Ok(Identity {
            name: name.to_string(),
            email: email.to_string(),
        })
    }
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
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileChange {
    /// Path relative to the repository root, with `/`.
    pub path: String,
    /// What changed.
    pub kind: ChangeKind,
    /// For a rename staged in the index, the path it had in HEAD.
    pub old_path: Option<String>,
}

/// What one line of a diff hunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DiffLineKind {
    /// Unchanged, shown for context.
    Context,
    /// Only in the work tree.
    Added,
    /// Only in HEAD.
    Removed,
}

/// One line of a hunk, without its line ending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiffLine {
    /// Context, added or removed.
    pub kind: DiffLineKind,
    /// The line's text.
    pub text: String,
}

/// One hunk of a unified diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Hunk {
    /// The `@@ -a,b +c,d @@` line.
    pub header: String,
    /// The hunk's lines, in order.
    pub lines: Vec<DiffLine>,
}

/// How one file in the work tree differs from HEAD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileDiff {
    /// Path relative to the repository root, with `/`.
    pub path: String,
    /// Whether Git considers the file binary (then there are no hunks).
    pub binary: bool,
    /// The changed regions; empty when the file is unchanged.
    pub hunks: Vec<Hunk>,
}

/// One commit of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommitInfo {
    /// Full hex id.
    pub id: String,
    /// First line of the message.
    pub summary: String,
    /// Author's name.
    pub author_name: String,
    /// Author's e-mail.
    pub author_email: String,
    /// Author time, seconds since the Unix epoch (UTC).
    pub time: i64,
}

/// The repository holding a site.
pub struct SiteRepo {
    repo: git2::Repository,
}

impl SiteRepo {
    /// Opens the repository containing `path` (searching upwards).
    pub fn discover(path: &Path) -> Result<SiteRepo, GitError> {
        Ok(SiteRepo {
            repo: git2::Repository::discover(path)?,
        })
    }

    /// Creates a repository at `path` on branch `main` and commits everything in it (minus what
    /// `.gitignore` excludes) as the initial commit. Used for the scratch copy of the sample site.
    pub fn init_with_initial_commit(
        path: &Path,
        message: &str,
        who: &Identity,
    ) -> Result<SiteRepo, GitError> {
        let mut options = RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = SiteRepo {
            repo: git2::Repository::init_opts(path, &options)?,
        };
        repo.commit(message, &[], who)?;
        Ok(repo)
    }

    /// The work tree root.
    pub fn workdir(&self) -> Option<PathBuf> {
        self.repo.workdir().map(Path::to_path_buf)
    }

    fn require_workdir(&self) -> Result<&Path, GitError> {
        self.repo.workdir().ok_or_else(|| GitError::Bare {
            path: self.repo.path().to_path_buf(),
        })
    }

    /// Changed files (staged or not, untracked included, ignored excluded), sorted by path.
    ///
    /// Rename detection is limited to renames already staged: detecting them between index and
    /// work tree means reading every untracked file, which `status` must not do on a big site.
    pub fn status(&self) -> Result<Vec<FileChange>, GitError> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .renames_head_to_index(true)
            // As `git status` does: stat data refreshed for files whose content turned out
            // unchanged is written back, so the next status does not hash them again.
            .update_index(true);
        let statuses = self.repo.statuses(Some(&mut options))?;
        let mut changes = Vec::with_capacity(statuses.len());
        for entry in statuses.iter() {
            let status = entry.status();
            if status.is_ignored() || status.is_empty() {
                continue;
            }
            let staged_rename = entry.head_to_index().filter(|_| status.is_index_renamed());
            let path = match &staged_rename {
                Some(delta) => delta.new_file().path().map(path_text),
                None => None,
            }
            .unwrap_or_else(|| String::from_utf8_lossy(entry.path_bytes()).into_owned());
            let kind =
                if status.is_wt_deleted() || (status.is_index_deleted() && !status.is_wt_new()) {
                    ChangeKind::Deleted
                } else if staged_rename.is_some() {
                    ChangeKind::Renamed
                } else if status.is_index_new() || status.is_wt_new() {
                    ChangeKind::New
                } else {
                    ChangeKind::Modified
                };
            let old_path = staged_rename
                .as_ref()
                .and_then(|delta| delta.old_file().path())
                .map(path_text);
            changes.push(FileChange {
                path,
                kind,
                old_path,
            });
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(changes)
    }

    /// The identity from the repository's config chain (repository, global, system), if both
    /// `user.name` and `user.email` are set.
    pub fn configured_identity(&self) -> Option<Identity> {
        let config = self.repo.config().ok()?;
        let name = config
            .get_string("user.name")
            .ok()
            .filter(|s| !s.trim().is_empty())?;
        let email = config
            .get_string("user.email")
            .ok()
            .filter(|s| !s.trim().is_empty())?;
        Some(Identity { name, email })
    }

    /// The branch HEAD is on (also when it has no commit yet); `None` when HEAD is detached.
    pub fn current_branch(&self) -> Result<Option<String>, GitError> {
        let head = self.repo.find_reference("HEAD")?;
        Ok(head.symbolic_target().map(|target| {
            target
                .strip_prefix("refs/heads/")
                .unwrap_or(target)
                .to_string()
        }))
    }

    /// Stages `paths` (files or folders, relative to the repository root) and commits them on
    /// HEAD; returns the commit id. With no paths, every change is staged and committed,
    /// deletions included.
    ///
    /// Like `git commit --only <paths>`: the commit holds HEAD plus exactly the named paths as
    /// they are in the work tree. Other changes stay as they were, even ones staged elsewhere
    /// (a writer's "commit this post" must not sweep in whatever a terminal staged).
    pub fn commit(
        &self,
        message: &str,
        paths: &[String],
        who: &Identity,
    ) -> Result<String, GitError> {
        // A pull left conflicts: this commit finishes that merge (both parents).
        if self.repo.state() == git2::RepositoryState::Merge {
            return self.commit_merge(message, paths, who);
        }
        let workdir = self.require_workdir()?.to_path_buf();
        let parent = self.head_commit()?;
        let parent_tree = parent.as_ref().map(|c| c.tree()).transpose()?;
        let mut index = self.repo.index()?;
        // libgit2 caches the index; someone (a terminal, another tool) may have staged since.
        // Writing a stale copy back would silently unstage their work.
        index.read(false)?;

        let tree_id = if paths.is_empty() {
            index.add_all(["*"], IndexAddOption::DEFAULT, None)?;
            index.update_all(["*"], None)?;
            index.write()?;
            index.write_tree()?
        } else {
            let rel_paths = paths
                .iter()
                .map(|p| repo_relative(p))
                .collect::<Result<Vec<_>, _>>()?;
            for rel in &rel_paths {
                stage_path(&self.repo, &mut index, &workdir, rel)?;
            }
            index.write()?;
            self.tree_with_paths(parent_tree.as_ref(), &index, &rel_paths)?
        };

        if parent_tree.as_ref().map(|t| t.id()) == Some(tree_id) {
            let paths = if paths.is_empty() {
                "all files".to_string()
            } else {
                paths.join(", ")
            };
            return Err(GitError::NothingToCommit { paths });
        }
        let tree = self.repo.find_tree(tree_id)?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let id = self.write_commit(Some("HEAD"), (who, who), message, &tree, &parents)?;
        Ok(id.to_string())
    }

    /// Writes a commit of `tree` over `parents`, authored by `author` and committed by
    /// `committer` now, moving `update_ref` (`HEAD`, `refs/heads/x`) to it when given: the one
    /// place commits are made.
    pub(crate) fn write_commit(
        &self,
        update_ref: Option<&str>,
        (author, committer): (&Identity, &Identity),
        message: &str,
        tree: &git2::Tree<'_>,
        parents: &[&git2::Commit<'_>],
    ) -> Result<git2::Oid, GitError> {
        let author = git2::Signature::now(&author.name, &author.email)?;
        let committer = git2::Signature::now(&committer.name, &committer.email)?;
        Ok(self
            .repo
            .commit(update_ref, &author, &committer, message, tree, parents)?)
    }

    /// The underlying libgit2 repository, for the benchmark and for tests that need an oracle.
    pub fn raw(&self) -> &git2::Repository {
        &self.repo
    }

    /// The commit HEAD points at; `None` on a branch with no commit yet.
    fn head_commit(&self) -> Result<Option<git2::Commit<'_>>, GitError> {
        match self.repo.head() {
            Ok(head) => Ok(Some(head.peel_to_commit()?)),
            Err(e)
                if e.code() == git2::ErrorCode::UnbornBranch
                    || e.code() == git2::ErrorCode::NotFound =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The tree of HEAD with the entries under `paths` replaced by those of `index`.
    fn tree_with_paths(
        &self,
        base: Option<&git2::Tree<'_>>,
        index: &git2::Index,
        paths: &[String],
    ) -> Result<git2::Oid, GitError> {
        // An in-memory index (no work tree) is the simplest correct tree editor: it handles
        // nested folders and a file turning into a folder, which TreeUpdateBuilder does not.
        let mut scratch = git2::Index::new()?;
        if let Some(tree) = base {
            scratch.read_tree(tree)?;
        }
        let under = |entry_path: &[u8], rel: &str| {
            entry_path == rel.as_bytes()
                || (entry_path.starts_with(rel.as_bytes())
                    && entry_path.get(rel.len()) == Some(&b'/'))
        };
        let stale: Vec<Vec<u8>> = scratch
            .iter()
            .filter(|entry| paths.iter().any(|rel| under(&entry.path, rel)))
            .map(|entry| entry.path)
            .collect();
        for path in stale {
            scratch.remove(&bytes_path(&path), 0)?;
        }
        for entry in index.iter() {
            let stage = (entry.flags >> 12) & 0x3;
            if stage == 0 && paths.iter().any(|rel| under(&entry.path, rel)) {
                scratch.add(&entry)?;
            }
        }
        Ok(scratch.write_tree_to(&self.repo)?)
    }

    /// How `path` (relative to the repository root) in the work tree differs from HEAD, as
    /// unified hunks with three lines of context. An untracked file is all additions.
    pub fn file_diff(&self, path: &str) -> Result<FileDiff, GitError> {
        let rel = repo_relative(path)?;
        let head_tree = self.head_commit()?.map(|c| c.tree()).transpose()?;
        self.repo.index()?.read(false)?;
        let mut options = DiffOptions::new();
        options
            .pathspec(&rel)
            .disable_pathspec_match(true)
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .show_untracked_content(true)
            .context_lines(3);
        let diff = self
            .repo
            .diff_tree_to_workdir_with_index(head_tree.as_ref(), Some(&mut options))?;
        let mut result = FileDiff {
            path: rel.clone(),
            binary: false,
            hunks: Vec::new(),
        };
        for delta_index in 0..diff.deltas().len() {
            let file_error = |source| GitError::File {
                path: PathBuf::from(&rel),
                source,
            };
            let Some(patch) = git2::Patch::from_diff(&diff, delta_index).map_err(file_error)?
            else {
                result.binary = true;
                continue;
            };
            if patch.delta().flags().is_binary() {
                result.binary = true;
                continue;
            }
            for hunk_index in 0..patch.num_hunks() {
                let (hunk, line_count) = patch.hunk(hunk_index).map_err(file_error)?;
                let mut lines = Vec::with_capacity(line_count);
                for line_index in 0..line_count {
                    let line = patch
                        .line_in_hunk(hunk_index, line_index)
                        .map_err(file_error)?;
                    // '=', '>' and '<' mark "no newline at end of file"; the UI does not show them.
                    let kind = match line.origin() {
                        ' ' => DiffLineKind::Context,
                        '+' => DiffLineKind::Added,
                        '-' => DiffLineKind::Removed,
                        _ => continue,
                    };
                    let text = String::from_utf8_lossy(line.content());
                    let text = text.strip_suffix('\n').unwrap_or(&text);
                    let text = text.strip_suffix('\r').unwrap_or(text);
                    lines.push(DiffLine {
                        kind,
                        text: text.to_string(),
                    });
                }
                let header = String::from_utf8_lossy(hunk.header())
                    .trim_end()
                    .to_string();
                result.hunks.push(Hunk { header, lines });
            }
        }
        Ok(result)
    }

    /// Up to `limit` commits reachable from HEAD, newest first; with `path`, only the commits
    /// that changed that file or folder. Empty on a branch with no commit yet.
    pub fn log(&self, path: Option<&str>, limit: usize) -> Result<Vec<CommitInfo>, GitError> {
        let rel = path.map(repo_relative).transpose()?;
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        let Some(head) = self.head_commit()? else {
            return Ok(Vec::new());
        };
        walk.push(head.id())?;
        let mut commits = Vec::new();
        for id in walk {
            if commits.len() >= limit {
                break;
            }
            let commit = self.repo.find_commit(id?)?;
            if let Some(rel) = &rel {
                if !self.commit_touches(&commit, rel)? {
                    continue;
                }
            }
            let author = commit.author();
            commits.push(CommitInfo {
                id: commit.id().to_string(),
                summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default())
                    .into_owned(),
                author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                time: author.when().seconds(),
            });
        }
        Ok(commits)
    }

    /// Whether `commit` changed `rel`: its entry differs from that of every parent (for a
    /// merge, like `git log`'s default simplification: a merge that took one side unchanged
    /// did not change the path).
    fn commit_touches(&self, commit: &git2::Commit<'_>, rel: &str) -> Result<bool, GitError> {
        let entry_id = |tree: &git2::Tree<'_>| tree.get_path(Path::new(rel)).ok().map(|e| e.id());
        let own = entry_id(&commit.tree()?);
        if commit.parent_count() == 0 {
            return Ok(own.is_some());
        }
        for parent in commit.parents() {
            if entry_id(&parent.tree()?) == own {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Stages one path in `index` the way `git add -A <path>` does: a file is added, a folder's
/// files are added and its deleted files removed, a path gone from the work tree is removed.
/// An ignored file that is not tracked yet is left out, as `git add` does: build output named
/// by mistake must not end up in history.
fn stage_path(
    repo: &git2::Repository,
    index: &mut git2::Index,
    workdir: &Path,
    rel: &str,
) -> Result<(), GitError> {
    let file_error = |source| GitError::File {
        path: PathBuf::from(rel),
        source,
    };
    let full = workdir.join(rel);
    match std::fs::symlink_metadata(&full) {
        Ok(meta) if meta.is_dir() => {
            index
                .add_all([rel], IndexAddOption::DEFAULT, None)
                .map_err(file_error)?;
            index.update_all([rel], None).map_err(file_error)?;
        }
        Ok(_) => {
            let untracked = index.get_path(Path::new(rel), 0).is_none();
            if !(untracked && repo.is_path_ignored(Path::new(rel)).map_err(file_error)?) {
                index.add_path(Path::new(rel)).map_err(file_error)?;
            }
        }
        Err(_) => {
            let was_folder = index.iter().any(|e| {
                e.path.starts_with(rel.as_bytes()) && e.path.get(rel.len()) == Some(&b'/')
            });
            if was_folder {
                index.remove_dir(Path::new(rel), 0).map_err(file_error)?;
            } else if index.get_path(Path::new(rel), 0).is_some() {
                index.remove_path(Path::new(rel)).map_err(file_error)?;
            }
        }
    }
    Ok(())
}

impl From<crate::confine::PathEscape> for GitError {
    fn from(escape: crate::confine::PathEscape) -> GitError {
        GitError::OutsideRepository {
            path: escape.path,
            reason: escape.reason,
        }
    }
}

/// Checks a path from the caller is relative and stays inside the repository (the lexical
/// rules of [`crate::confine::relative_parts`]); returns it with `/` separators and without
/// `./` or a trailing `/`.
fn repo_relative(path: &str) -> Result<String, GitError> {
    Ok(crate::confine::relative_parts(path)?.join("/"))
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// An index path as a `Path`, byte for byte on Unix (where paths need not be UTF-8).
fn bytes_path(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_relative_accepts_plain_paths_and_refuses_escapes() {
        assert_eq!(
            repo_relative("content/news/a.md").unwrap(),
            "content/news/a.md"
        );
        assert_eq!(repo_relative("./content/news/").unwrap(), "content/news");
        assert!(matches!(
            repo_relative("../x"),
            Err(GitError::OutsideRepository { .. })
        ));
        assert!(matches!(
            repo_relative("/etc/passwd"),
            Err(GitError::OutsideRepository { .. })
        ));
        assert!(matches!(
            repo_relative(""),
            Err(GitError::OutsideRepository { .. })
        ));
        assert!(matches!(
            repo_relative(".git/config"),
            Err(GitError::OutsideRepository { .. })
        ));
    }

    #[test]
    fn identities_read_as_git_writes_them() {
        let who: Identity = " Bo Guest <bo@agency.gov> ".parse().unwrap();
        assert_eq!(
            who,
            Identity {
                name: "Bo Guest".into(),
                email: "bo@agency.gov".into()
            }
        );
        for bad in [
            "Bo Guest",
            "<bo@agency.gov>",
            "Bo <>",
            "Bo <not-an-address>",
            "Bo <a@b",
            "Bo <a<b@c>",
        ] {
            let err = bad.parse::<Identity>().unwrap_err();
            assert!(err.to_string().contains("Name <email"), "{bad}: {err}");
        }
    }
}
