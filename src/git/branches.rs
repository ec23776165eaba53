//! Branches as writers meet them: "Start draft" (`draft/<slug>` from the main branch), switching
//! that carries uncommitted work along like `git switch` (and refuses, changing nothing, when it
//! cannot), restoring a file to an earlier version and discarding changes with a safety copy.

use std::collections::BTreeSet;
use std::path::Path;

use super::{repo_relative, GitError, Identity, SiteRepo};

/// Prefix of the branches authors draft on.
pub const DRAFT_PREFIX: &str = "draft/";
/// Prefix of the branches guest agencies submit on (`submissions/<agency>/<slug>`).
pub const SUBMISSION_PREFIX: &str = "submissions/";

/// Checks `name` can be one segment of a branch name (a slug or an agency): lower-case
/// letters, digits and `-`, not starting or ending with `-`.
pub fn check_segment(name: &str) -> Result<(), GitError> {
    let invalid = |reason| GitError::InvalidName {
        name: name.to_string(),
        reason,
    };
    if name.is_empty() {
        return Err(invalid("it is empty"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid("use lower-case letters, digits and `-` only"));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(invalid("it cannot start or end with `-`"));
    }
    Ok(())
}

/// The one rule for a branch name segment made from a writer's text (a draft's name, a
/// story's title): entities decoded (`Year&mdash;One` is "Year—One", never `yearmdashone`),
/// accents dropped from Latin letters (the slugs' one folding,
/// [`crate::site::fold_accents`]), lower case, every other run of characters one `-`, at
/// most 60 characters, cut at a `-`. Empty when the text has no letter or digit. The result
/// always passes [`check_segment`] when not empty.
pub fn branch_slug(text: &str) -> String {
    let decoded = crate::site::fold_accents(&crate::entities::decode_entities(text));
    let mut slug = String::with_capacity(decoded.len());
    for c in decoded.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > 60 {
        let cut = slug[..60].rfind('-').filter(|at| *at > 0).unwrap_or(60);
        slug.truncate(cut);
    }
    slug.trim_end_matches('-').to_string()
}

impl SiteRepo {
    /// The main branch: `main`, else `master`.
    pub fn main_branch(&self) -> Result<String, GitError> {
        for name in ["main", "master"] {
            if self.repo.find_branch(name, git2::BranchType::Local).is_ok() {
                return Ok(name.to_string());
            }
        }
        Err(GitError::NoMainBranch)
    }

    /// The bytes of the file at `repo_path` on the main branch (what is published), `None`
    /// when the main branch has no such file.
    pub fn main_branch_blob(&self, repo_path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let main = self.main_branch()?;
        let commit = self
            .repo
            .find_branch(&main, git2::BranchType::Local)?
            .get()
            .peel_to_commit()?;
        self.blob_at(&commit, repo_path)
    }

    /// Local branch names, sorted.
    pub fn branches(&self) -> Result<Vec<String>, GitError> {
        let mut names = Vec::new();
        for branch in self.repo.branches(Some(git2::BranchType::Local))? {
            let (branch, _) = branch?;
            if let Some(name) = branch.name()? {
                names.push(name.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    /// The tip of local branch `name`.
    pub(crate) fn branch_tip(&self, name: &str) -> Result<git2::Commit<'_>, GitError> {
        let branch = self
            .repo
            .find_branch(name, git2::BranchType::Local)
            .map_err(|_| GitError::NoSuchBranch {
                branch: name.to_string(),
            })?;
        Ok(branch.get().peel_to_commit()?)
    }

    /// "Start draft": creates `draft/<slug>` at the main branch's tip and switches to it,
    /// carrying uncommitted work along. Returns the branch name.
    pub fn start_draft(&self, slug: &str) -> Result<String, GitError> {
        check_segment(slug)?;
        let branch = format!("{DRAFT_PREFIX}{slug}");
        self.create_branch_from_main(&branch)?;
        if let Err(e) = self.switch_branch(&branch) {
            // Leave no half-made draft behind: the branch was just created and is unused.
            if let Ok(mut b) = self.repo.find_branch(&branch, git2::BranchType::Local) {
                let _ = b.delete();
            }
            return Err(e);
        }
        Ok(branch)
    }

    /// Creates `branch` at the main branch's tip; refuses when it exists.
    pub(crate) fn create_branch_from_main(&self, branch: &str) -> Result<(), GitError> {
        if self
            .repo
            .find_branch(branch, git2::BranchType::Local)
            .is_ok()
        {
            return Err(GitError::BranchExists {
                branch: branch.to_string(),
            });
        }
        let main = self.branch_tip(&self.main_branch()?)?;
        self.repo.branch(branch, &main, false)?;
        Ok(())
    }

    /// Switches to local branch `name` the way `git switch` does: files that differ between the
    /// two branches are updated, uncommitted changes to other files come along untouched. When
    /// an uncommitted change sits on a file the branches disagree about, nothing changes and
    /// the error names the files.
    pub fn switch_branch(&self, name: &str) -> Result<(), GitError> {
        self.refuse_during_merge()?;
        let target = self.branch_tip(name)?;
        self.move_work_tree_to(&target, &format!("switching to {name}"))?;
        self.repo.set_head(&format!("refs/heads/{name}"))?;
        Ok(())
    }

    /// Updates the work tree and index from HEAD's tree to `target`'s, refusing (before
    /// touching anything) when uncommitted work on a file that differs would be overwritten.
    pub(crate) fn move_work_tree_to(
        &self,
        target: &git2::Commit<'_>,
        action: &str,
    ) -> Result<(), GitError> {
        let head_tree = self.head_commit()?.map(|c| c.tree()).transpose()?;
        let target_tree = target.tree()?;
        if head_tree.as_ref().map(|t| t.id()) == Some(target_tree.id()) {
            return Ok(());
        }
        let diff = self
            .repo
            .diff_tree_to_tree(head_tree.as_ref(), Some(&target_tree), None)?;
        let mut differing = BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path() {
                    differing.insert(super::path_text(path));
                }
            }
        }
        let clashes: Vec<String> = self
            .status()?
            .into_iter()
            .flat_map(|c| std::iter::once(c.path).chain(c.old_path))
            .filter(|p| {
                differing.contains(p)
                    || differing
                        .iter()
                        .any(|d| d.starts_with(&format!("{p}/")) || p.starts_with(&format!("{d}/")))
            })
            .collect();
        if !clashes.is_empty() {
            return Err(GitError::WouldOverwrite {
                action: action.to_string(),
                paths: clashes.join(", "),
            });
        }
        let mut checkout = git2::build::CheckoutBuilder::new();
        // Safe: libgit2 itself also refuses to overwrite modified files, a second guard.
        checkout.safe();
        self.repo
            .checkout_tree(target_tree.as_object(), Some(&mut checkout))?;
        Ok(())
    }

    pub(crate) fn refuse_during_merge(&self) -> Result<(), GitError> {
        if self.repo.state() == git2::RepositoryState::Merge {
            let mut paths = Vec::new();
            if let Ok(index) = self.repo.index() {
                if let Ok(conflicts) = index.conflicts() {
                    for conflict in conflicts.flatten() {
                        let entry = conflict.our.or(conflict.their).or(conflict.ancestor);
                        if let Some(entry) = entry {
                            paths.push(String::from_utf8_lossy(&entry.path).into_owned());
                        }
                    }
                }
            }
            return Err(GitError::MergeInProgress {
                paths: if paths.is_empty() {
                    "the merged files".into()
                } else {
                    paths.join(", ")
                },
            });
        }
        Ok(())
    }

    /// Adds a commit to `branch` with the tip's tree (no file changes) and `message`; the work
    /// tree and index are not touched. Used for review markers.
    pub(crate) fn commit_marker(
        &self,
        branch: &str,
        message: &str,
        who: &Identity,
    ) -> Result<String, GitError> {
        let tip = self.branch_tip(branch)?;
        let id = self.write_commit(
            Some(&format!("refs/heads/{branch}")),
            (who, who),
            message,
            &tip.tree()?,
            &[&tip],
        )?;
        Ok(id.to_string())
    }

    /// Writes the version of `path` from `commit` (any revision: an id, `HEAD~2`, a branch)
    /// into the work tree, uncommitted; a path absent in that version is removed. Returns the
    /// bytes written (empty when removed).
    pub fn restore_file(&self, path: &str, commit: &str) -> Result<Vec<u8>, GitError> {
        let rel = repo_relative(path)?;
        let workdir = self.require_workdir()?;
        let commit = self.repo.revparse_single(commit)?.peel_to_commit()?;
        let full = workdir.join(&rel);
        refuse_symlinked_parent(workdir, &rel)?;
        let io = |source| GitError::Io {
            path: full.clone(),
            source,
        };
        match self.blob_at(&commit, &rel)? {
            Some(bytes) => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent).map_err(io)?;
                }
                crate::document::write_atomic(&full, &bytes).map_err(|e| GitError::Io {
                    path: full.clone(),
                    source: std::io::Error::other(e.to_string()),
                })?;
                Ok(bytes)
            }
            None => {
                match std::fs::remove_file(&full) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
                    _ => {}
                }
                Ok(Vec::new())
            }
        }
    }

    /// Discards the uncommitted changes to `paths` (files): each goes back to HEAD's version,
    /// a new file is removed. A copy of every discarded file is kept under
    /// `.git/postwright/discarded/<time>/` so a mistaken click can still be undone by hand.
    /// Returns the folder of copies.
    pub fn discard(&self, paths: &[String]) -> Result<std::path::PathBuf, GitError> {
        self.refuse_during_merge()?;
        let workdir = self.require_workdir()?.to_path_buf();
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
        let backup = self.repo.path().join("postwright/discarded").join(stamp);
        for path in paths {
            let rel = repo_relative(path)?;
            refuse_symlinked_parent(&workdir, &rel)?;
            let full = workdir.join(&rel);
            if let Ok(bytes) = std::fs::read(&full) {
                let copy = backup.join(&rel);
                let io = |source| GitError::Io {
                    path: copy.clone(),
                    source,
                };
                if let Some(parent) = copy.parent() {
                    std::fs::create_dir_all(parent).map_err(io)?;
                }
                std::fs::write(&copy, bytes).map_err(io)?;
            }
            self.restore_file(&rel, "HEAD")?;
            // Unstage too, so the index agrees with HEAD for this file (libgit2's reset drops
            // a path HEAD lacks from the index).
            match self.head_commit()? {
                Some(head) => self
                    .repo
                    .reset_default(Some(head.as_object()), [rel.as_str()])?,
                None => {
                    let mut index = self.repo.index()?;
                    index.read(false)?;
                    let _ = index.remove_path(Path::new(&rel));
                    index.write()?;
                }
            }
        }
        Ok(backup)
    }
}

impl SiteRepo {
    /// "Submit story" for a guest agency: puts the work on `submissions/<agency>/<slug>` and
    /// commits the uncommitted changes to `paths` (every change when empty) there as `who`.
    /// From a draft branch, the submission continues it (same slug, its commits kept); from
    /// a submission branch, it goes on there (a revision of that story); otherwise it starts
    /// from the main branch, carrying the uncommitted work along. The slug is the guest's
    /// `story` name when given (by [`branch_slug`]), else the first new page's `slug`, else
    /// its title. Returns the branch.
    pub fn submit_story(
        &self,
        agency: &str,
        story: Option<&str>,
        paths: &[String],
        who: &Identity,
    ) -> Result<String, GitError> {
        check_segment(agency)?;
        self.refuse_during_merge()?;
        let diffs = self.page_diffs(paths)?;
        let current = self.current_branch()?;
        let from_draft = current
            .as_deref()
            .and_then(|b| b.strip_prefix(DRAFT_PREFIX))
            .map(str::to_string);
        let on_own_story = current
            .as_deref()
            .and_then(|b| b.strip_prefix(SUBMISSION_PREFIX))
            .and_then(|rest| rest.strip_prefix(agency)?.strip_prefix('/'))
            .map(str::to_string);
        let named = story.map(branch_slug).filter(|s| !s.is_empty());
        let slug = match (&named, &from_draft, &on_own_story) {
            (Some(name), _, _) => name.clone(),
            (None, Some(slug), _) | (None, None, Some(slug)) => slug.clone(),
            (None, None, None) => self.slug_of_new_page(&diffs)?,
        };
        let branch = format!("{SUBMISSION_PREFIX}{agency}/{slug}");
        if diffs.is_empty() && from_draft.is_none() && on_own_story.as_deref() != Some(&slug) {
            return Err(GitError::CannotSubmit {
                branch,
                reason: "there is nothing to send yet: write and save the story first".into(),
            });
        }
        if current.as_deref() != Some(branch.as_str()) {
            match &from_draft {
                Some(_) => {
                    let head = self.head_commit()?.ok_or(GitError::NoMainBranch)?;
                    if self
                        .repo
                        .find_branch(&branch, git2::BranchType::Local)
                        .is_ok()
                    {
                        return Err(GitError::BranchExists { branch });
                    }
                    self.repo.branch(&branch, &head, false)?;
                    self.repo.set_head(&format!("refs/heads/{branch}"))?;
                }
                None => {
                    self.create_branch_from_main(&branch)?;
                    self.switch_branch(&branch)?;
                }
            }
        }
        if !diffs.is_empty() {
            let message = super::diff::suggest_message(&diffs);
            let paths: Vec<String> = diffs.iter().map(|d| d.path.clone()).collect();
            self.commit(&message, &paths, who)?;
        }
        Ok(branch)
    }

    fn slug_of_new_page(&self, diffs: &[super::diff::PageDiff]) -> Result<String, GitError> {
        let page = diffs
            .iter()
            .find(|d| d.kind == super::ChangeKind::New && d.path.ends_with(".md"))
            .or_else(|| diffs.first())
            .ok_or_else(|| GitError::CannotSubmit {
                branch: "the story".into(),
                reason: "there is nothing to send yet: write and save the story first".into(),
            })?;
        let from_field = page
            .fields
            .iter()
            .find(|f| f.key == "slug")
            .and_then(|f| f.new.as_ref()?.as_str().map(branch_slug));
        let slug = from_field
            .filter(|s| !s.is_empty())
            .or_else(|| page.title.as_deref().map(branch_slug))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                let stem = page.path.rsplit('/').next().unwrap_or("story");
                branch_slug(stem.trim_end_matches(".md"))
            });
        check_segment(&slug)?;
        Ok(slug)
    }
}

/// Refuses a path whose parent folder in the work tree is a symlink (Git does not track
/// paths "beyond a symbolic link"; writing through one could land outside the site), and
/// anything else [`crate::confine::confine`] refuses.
fn refuse_symlinked_parent(workdir: &Path, rel: &str) -> Result<(), GitError> {
    crate::confine::confine(workdir, rel)?;
    let mut current = workdir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        current.push(part);
        if std::fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(GitError::OutsideRepository {
                path: rel.into(),
                reason: format!("{part} is a symbolic link; Git does not track paths beyond one"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_slugs_are_segments() {
        assert_eq!(branch_slug("Hello, Customers!"), "hello-customers");
        assert_eq!(branch_slug("  Café -- au lait "), "cafe-au-lait");
        assert_eq!(branch_slug("!!!"), "");
        assert_eq!(branch_slug(&"word ".repeat(30)).len(), 59);
        for text in ["Hello, Customers!", "a/b\\c..d", "x"] {
            assert!(check_segment(&branch_slug(text)).is_ok(), "{text}");
        }
    }

    #[test]
    fn branch_segments_are_slugs() {
        assert!(check_segment("new-kid-in-town").is_ok());
        assert!(check_segment("gsa").is_ok());
        for bad in ["", "../x", "a/b", "Upper", "-x", "x-", "a b", "a..b"] {
            assert!(check_segment(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn branch_slugs_decode_entities_and_drop_accents() {
        assert_eq!(
            branch_slug("CX Community&mdash;Year One"),
            "cx-community-year-one"
        );
        assert_eq!(
            branch_slug("What&#8217;s new in Café Río?"),
            "what-s-new-in-cafe-rio"
        );
        assert_eq!(branch_slug("  --  "), "");
        let long = branch_slug(&"word ".repeat(20));
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
        for text in ["A/B test", "Ünïcode ☃ title", "x"] {
            check_segment(&branch_slug(text)).unwrap();
        }
    }
}
