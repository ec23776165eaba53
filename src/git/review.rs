//! The editorial review: a queue of draft and submission branches with their changed pages and
//! state, "Request changes" notes, and "Approve", which merges into the main branch by
//! fast-forward, merge commit or squash and removes the branch.
//!
//! Where review state lives — a decision: review events are *marker commits on the branch
//! itself*: commits with the branch tip's tree (no file changes) whose message ends in a
//! `Postwright-Review: ready` or `Postwright-Review: changes-requested` trailer, the note being
//! the message body. We chose these over git notes (`refs/notes/...`) because they travel with
//! the branch through every channel the branch travels — push, pull, fetch and bundles —
//! without extra refspecs, and need no notes-merge when two people annotate concurrently
//! (branches already merge). They survive restarts because they are ordinary commits. The cost:
//! with fast-forward or merge-commit strategies the markers remain in the main branch's history
//! (harmless, empty commits); with squash (digital.gov's setting) they vanish from it.
//!
//! "Accepted" is read from the repository too, never remembered: Approve records an
//! `accepted` marker on the branch (so a reply bundle written then carries it to a guest) and
//! the commit that brings the work into the main branch — that marker for a fast-forward, the
//! merge or squash commit otherwise — names it in a `Postwright-Accepted: <branch> <tree>`
//! trailer. A branch whose last marker is `accepted`, or whose tip's tree the main branch (or
//! its remote twin, after a fetch) names so, is accepted; one revised since (another tree) is
//! not.

use serde::Serialize;

use super::branches::{DRAFT_PREFIX, SUBMISSION_PREFIX};
use super::diff::{suggest_message, with_co_authors, PageDiff};
use super::{FileChange, GitError, Identity, SiteRepo};
use crate::merge::{merge_text, MergeHunk};

/// The trailer key of review markers.
pub const REVIEW_TRAILER: &str = "Postwright-Review";

/// The trailer naming the branch (and the tree) a commit brought into the main branch.
pub const ACCEPTED_TRAILER: &str = "Postwright-Accepted";

/// The `Postwright-Accepted` trailer line for `branch` at `tree`.
fn accepted_trailer(branch: &str, tree: git2::Oid) -> String {
    format!("{ACCEPTED_TRAILER}: {branch} {tree}")
}

/// Whether `message` names `branch` at `tree` as accepted.
fn names_accepted(message: &str, branch: &str, tree: &str) -> bool {
    message.lines().any(|line| {
        line.strip_prefix(ACCEPTED_TRAILER)
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|value| value.trim().split_once(' '))
            .is_some_and(|(b, t)| b == branch && t.trim() == tree)
    })
}

/// What kind of branch a review item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ReviewKind {
    /// An author's `draft/<slug>`.
    Draft,
    /// A guest agency's `submissions/<agency>/<slug>`.
    Submission,
}

/// Where a review item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ReviewState {
    /// Still being written.
    Draft,
    /// Submitted for review.
    Ready,
    /// An editor asked for changes (see the notes).
    ChangesRequested,
    /// The editors approved it: its work is in the main branch.
    Accepted,
}

/// How "Approve" brings a branch into the main branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum MergeStrategy {
    /// Move the main branch to the branch's tip; refused when the main branch moved on.
    FastForward,
    /// A merge commit with both parents.
    Merge,
    /// One new commit on the main branch with the branch's changes, authored by the branch's
    /// author (digital.gov's setting).
    Squash,
}

impl std::str::FromStr for MergeStrategy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ff" | "fast-forward" | "fastForward" => Ok(MergeStrategy::FastForward),
            "merge" => Ok(MergeStrategy::Merge),
            "squash" => Ok(MergeStrategy::Squash),
            other => Err(format!(
                "unknown merge strategy `{other}` (use ff, merge or squash)"
            )),
        }
    }
}

/// One review event recorded on a branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewNote {
    /// What the event set the state to.
    pub state: ReviewState,
    /// The note (empty for "ready").
    pub message: String,
    /// Who recorded it.
    pub author_name: String,
    /// Their e-mail.
    pub author_email: String,
    /// When, seconds since the Unix epoch.
    pub time: i64,
    /// The marker commit.
    pub commit: String,
}

/// One branch in the review queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewItem {
    /// The branch name (`draft/x`, `submissions/gsa/x`).
    pub branch: String,
    /// Draft or submission.
    pub kind: ReviewKind,
    /// Where it stands.
    pub state: ReviewState,
    /// Commits were added after the last "changes requested".
    pub revised_since_request: bool,
    /// Only a remote-tracking branch exists (`origin/...`), not yet a local one.
    pub remote: Option<String>,
    /// The bundle file it was imported from, if any.
    pub imported_from: Option<String>,
    /// The tip commit.
    pub tip: String,
    /// The author of the branch's first change.
    pub author_name: String,
    /// Their e-mail.
    pub author_email: String,
    /// Time of the tip commit.
    pub updated: i64,
    /// Title of the first changed page.
    pub title: Option<String>,
    /// Files changed relative to where the branch left the main branch.
    pub pages: Vec<FileChange>,
    /// Review events, oldest first.
    pub notes: Vec<ReviewNote>,
}

/// The result of "Approve".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeOutcome {
    /// The main branch's new tip.
    pub commit: String,
    /// How it was merged.
    pub strategy: MergeStrategy,
    /// Files whose clashing edits the three-way merge settled.
    pub auto_resolved: Vec<String>,
    /// What went wrong after the merge itself succeeded (e.g. the remote branch could not be
    /// deleted while offline).
    pub warnings: Vec<String>,
}

/// A file both sides changed in ways the three-way merge could not settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictFile {
    /// Path relative to the repository root.
    pub path: String,
    /// Clean stretches and conflicts (empty when a side deleted the file or it is binary).
    pub hunks: Vec<MergeHunk>,
}

/// The published preview of `branch` from the site's URL `template`: `{branch}` stands for
/// the branch name, each `/` kept (digital.gov's preview builds live at
/// `…/preview/<owner>/<repo>/<branch>/`). `None` for an empty template or one without
/// `{branch}`.
pub fn published_preview_url(template: &str, branch: &str) -> Option<String> {
    let template = template.trim();
    if !template.contains("{branch}") {
        return None;
    }
    // Only the characters a branch name may hold that a URL path cannot take as they are.
    let escaped: String = branch
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            '%' => "%25".to_string(),
            other => other.to_string(),
        })
        .collect();
    Some(template.replace("{branch}", &escaped))
}

/// Parses the review marker trailer out of a commit message.
pub(crate) fn marker_state(message: &str) -> Option<ReviewState> {
    message.lines().rev().find_map(|line| {
        let value = line.strip_prefix(REVIEW_TRAILER)?.strip_prefix(':')?.trim();
        match value {
            "ready" => Some(ReviewState::Ready),
            "changes-requested" => Some(ReviewState::ChangesRequested),
            "accepted" => Some(ReviewState::Accepted),
            _ => None,
        }
    })
}

/// The note of a marker: the message without its trailer and its "Changes requested:" line.
fn marker_note(message: &str) -> String {
    let mut paragraphs: Vec<&str> = message.trim_end().split("\n\n").collect();
    if paragraphs.len() > 1 {
        paragraphs.pop();
        paragraphs.remove(0);
    } else {
        return String::new();
    }
    paragraphs.join("\n\n")
}

impl SiteRepo {
    /// Every draft and submission branch, local ones and those only on a remote, newest first.
    pub fn review_queue(&self) -> Result<Vec<ReviewItem>, GitError> {
        let mut items = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for branch in self.repo.branches(None)? {
            let (branch, branch_type) = branch?;
            let Some(full) = branch.name()? else { continue };
            let (remote, name) = match branch_type {
                git2::BranchType::Local => (None, full.to_string()),
                git2::BranchType::Remote => match full.split_once('/') {
                    Some((remote, name)) => (Some(remote.to_string()), name.to_string()),
                    None => continue,
                },
            };
            if !(name.starts_with(DRAFT_PREFIX) || name.starts_with(SUBMISSION_PREFIX)) {
                continue;
            }
            // A local branch stands for its remote-tracking twin.
            if remote.is_some()
                && self
                    .repo
                    .find_branch(&name, git2::BranchType::Local)
                    .is_ok()
            {
                continue;
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            let tip = branch.get().peel_to_commit()?;
            items.push(self.review_item_at(&name, remote, &tip)?);
        }
        items.sort_by(|a, b| {
            b.updated
                .cmp(&a.updated)
                .then_with(|| a.branch.cmp(&b.branch))
        });
        Ok(items)
    }

    /// The review item of one branch (local, else remote-tracking).
    pub fn review_item(&self, branch: &str) -> Result<ReviewItem, GitError> {
        let (remote, tip) = self.resolve_branch(branch)?;
        self.review_item_at(branch, remote, &tip)
    }

    /// The field-level diff of a branch against where it left the main branch.
    pub fn review_diff(&self, branch: &str) -> Result<Vec<PageDiff>, GitError> {
        let (_, tip) = self.resolve_branch(branch)?;
        let base = self.fork_point(&tip)?;
        self.diff_commits(base, tip.id())
    }

    /// The text of `path` on `branch` (for the preview of the branch's version).
    pub fn branch_file(&self, branch: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let rel = super::repo_relative(path)?;
        let (_, tip) = self.resolve_branch(branch)?;
        self.blob_at(&tip, &rel)
    }

    /// The local branch `name`, else the first remote-tracking branch of that name.
    fn resolve_branch(&self, name: &str) -> Result<(Option<String>, git2::Commit<'_>), GitError> {
        if let Ok(tip) = self.branch_tip(name) {
            return Ok((None, tip));
        }
        for remote in self.repo.remotes()?.iter().flatten() {
            if let Ok(branch) = self
                .repo
                .find_branch(&format!("{remote}/{name}"), git2::BranchType::Remote)
            {
                return Ok((Some(remote.to_string()), branch.get().peel_to_commit()?));
            }
        }
        Err(GitError::NoSuchBranch {
            branch: name.to_string(),
        })
    }

    /// Makes sure a local branch `name` exists, creating it from its remote-tracking twin.
    pub(crate) fn ensure_local_branch(&self, name: &str) -> Result<(), GitError> {
        let (remote, tip) = self.resolve_branch(name)?;
        if let Some(remote) = remote {
            let mut branch = self.repo.branch(name, &tip, false)?;
            branch.set_upstream(Some(&format!("{remote}/{name}")))?;
        }
        Ok(())
    }

    /// Where `tip` left the main branch (`None` for unrelated history).
    fn fork_point(&self, tip: &git2::Commit<'_>) -> Result<Option<git2::Oid>, GitError> {
        let main = self.branch_tip(&self.main_branch()?)?;
        Ok(self.repo.merge_base(main.id(), tip.id()).ok())
    }

    fn review_item_at(
        &self,
        name: &str,
        remote: Option<String>,
        tip: &git2::Commit<'_>,
    ) -> Result<ReviewItem, GitError> {
        let kind = if name.starts_with(SUBMISSION_PREFIX) {
            ReviewKind::Submission
        } else {
            ReviewKind::Draft
        };
        let accepting = self.accepted_in_main(name, tip)?;
        let mut base = self.fork_point(tip)?;
        if base == Some(tip.id()) {
            // Merged with a merge commit: the branch left the main branch where it stood
            // before that merge (its pages and notes stay readable).
            if let Some(merge) = accepting.as_ref().filter(|c| c.parent_count() == 2) {
                base = self.repo.merge_base(merge.parent_id(0)?, tip.id()).ok();
            }
        }
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        walk.push(tip.id())?;
        if let Some(base) = base {
            walk.hide(base)?;
        }
        let mut notes = Vec::new();
        let mut state = match kind {
            ReviewKind::Draft => ReviewState::Draft,
            ReviewKind::Submission => ReviewState::Ready,
        };
        let mut revised = false;
        let mut first_author = None;
        for id in walk {
            let commit = self.repo.find_commit(id?)?;
            let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
            let author = commit.author();
            match marker_state(&message) {
                Some(marker) => {
                    state = marker;
                    revised = false;
                    notes.push(ReviewNote {
                        state: marker,
                        message: marker_note(&message),
                        author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                        author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                        time: author.when().seconds(),
                        commit: commit.id().to_string(),
                    });
                }
                None => {
                    revised = true;
                    if first_author.is_none() {
                        first_author = Some(identity_of(&author));
                    }
                }
            }
        }
        if accepting.is_some() {
            state = ReviewState::Accepted;
        }
        let author = first_author.unwrap_or_else(|| identity_of(&tip.author()));
        let (pages, _, _) = self.changed_files(base, tip.id())?;
        let title = pages
            .iter()
            .filter(|p| p.path.ends_with(".md"))
            .find_map(|p| {
                let bytes = self.blob_at(tip, &p.path).ok()??;
                let text = String::from_utf8(bytes).ok()?;
                let fm = crate::front_matter::FrontMatter::parse(&text).ok()?;
                fm.get("title")?
                    .as_str()
                    .map(crate::entities::decode_entities)
            });
        let imported_from = self
            .repo
            .config()
            .and_then(|c| c.get_string(&format!("branch.{name}.postwrightbundle")))
            .ok();
        Ok(ReviewItem {
            branch: name.to_string(),
            kind,
            state,
            revised_since_request: state == ReviewState::ChangesRequested && revised,
            remote,
            imported_from,
            tip: tip.id().to_string(),
            author_name: author.name,
            author_email: author.email,
            updated: tip.time().seconds(),
            title,
            pages,
            notes,
        })
    }

    /// The commit of the main branch (local, or a remote's after a fetch) that brought
    /// `branch` in at `tip`'s tree, if one did (see the module doc).
    pub(crate) fn accepted_in_main(
        &self,
        branch: &str,
        tip: &git2::Commit<'_>,
    ) -> Result<Option<git2::Commit<'_>>, GitError> {
        let Ok(main) = self.main_branch() else {
            return Ok(None);
        };
        let mut walk = self.repo.revwalk()?;
        let mut any = false;
        if let Ok(local) = self.branch_tip(&main) {
            walk.push(local.id())?;
            any = true;
        }
        for remote in self.repo.remotes()?.iter().flatten() {
            if let Ok(twin) = self
                .repo
                .find_branch(&format!("{remote}/{main}"), git2::BranchType::Remote)
            {
                walk.push(twin.get().peel_to_commit()?.id())?;
                any = true;
            }
        }
        if !any {
            return Ok(None);
        }
        // Only the main branch's commits the branch lacks can have brought it in.
        walk.hide(tip.id())?;
        let tree = tip.tree_id().to_string();
        for id in walk {
            let commit = self.repo.find_commit(id?)?;
            if names_accepted(
                &String::from_utf8_lossy(commit.message_bytes()),
                branch,
                &tree,
            ) {
                return Ok(Some(commit));
            }
        }
        Ok(None)
    }

    /// Whether `branch` (local, else remote-tracking) is accepted (see the module doc).
    pub fn is_accepted(&self, branch: &str) -> Result<bool, GitError> {
        Ok(self.review_item(branch)?.state == ReviewState::Accepted)
    }

    /// Whether `name` is a draft or submission branch the editors accepted (Sync does not
    /// push such a branch back into their queue).
    pub(crate) fn accepted_work_branch(&self, name: &str) -> Result<bool, GitError> {
        if !(name.starts_with(DRAFT_PREFIX) || name.starts_with(SUBMISSION_PREFIX)) {
            return Ok(false);
        }
        self.is_accepted(name)
    }

    /// "Submit for review": records a `ready` marker on `branch`.
    pub fn mark_ready(&self, branch: &str, who: &Identity) -> Result<String, GitError> {
        self.ensure_local_branch(branch)?;
        let message = format!("Ready for review\n\n{REVIEW_TRAILER}: ready\n");
        self.commit_marker(branch, &message, who)
    }

    /// "Request changes": records `note` on `branch` for its author.
    pub fn request_changes(
        &self,
        branch: &str,
        note: &str,
        who: &Identity,
    ) -> Result<String, GitError> {
        self.ensure_local_branch(branch)?;
        let first_line = note.lines().next().unwrap_or("").trim();
        let message = format!(
            "Changes requested: {first_line}\n\n{}\n\n{REVIEW_TRAILER}: changes-requested\n",
            note.trim()
        );
        self.commit_marker(branch, &message, who)
    }

    /// "Approve": merges `branch` into the main branch with `strategy`, then deletes the local
    /// branch (and its remote-tracking ref). Uncommitted work is carried along or the merge is
    /// refused before anything changes.
    pub fn approve(
        &self,
        branch: &str,
        strategy: MergeStrategy,
        who: &Identity,
    ) -> Result<MergeOutcome, GitError> {
        self.approve_replying(branch, strategy, who, None)
    }

    /// "Approve", writing the branch with its `accepted` marker as a bundle at `reply` first
    /// when given: the editors' answer to a guest who sent the story as a bundle.
    pub fn approve_replying(
        &self,
        branch: &str,
        strategy: MergeStrategy,
        who: &Identity,
        reply: Option<&std::path::Path>,
    ) -> Result<MergeOutcome, GitError> {
        self.refuse_during_merge()?;
        self.ensure_local_branch(branch)?;
        let main_name = self.main_branch()?;
        if branch == main_name {
            return Err(GitError::CannotMerge {
                branch: branch.into(),
                reason: "it is the main branch".into(),
            });
        }
        let main = self.branch_tip(&main_name)?;
        let tip = self.branch_tip(branch)?;
        let cannot = |reason: &str| GitError::CannotMerge {
            branch: branch.to_string(),
            reason: reason.to_string(),
        };
        let base = self.repo.merge_base(main.id(), tip.id()).ok();
        if base == Some(tip.id()) {
            return Err(cannot(
                "it has nothing the main branch lacks (already merged?)",
            ));
        }
        let mut auto_resolved = Vec::new();
        // What goes into the main branch is worked out before anything is recorded.
        let merged_tree = match strategy {
            MergeStrategy::FastForward => {
                if base != Some(main.id()) {
                    return Err(cannot(
                        "the main branch moved on since the branch started; use merge or squash",
                    ));
                }
                None
            }
            MergeStrategy::Merge | MergeStrategy::Squash => match self.merge_trees(&main, &tip)? {
                Ok((tree, resolved)) => {
                    auto_resolved = resolved;
                    Some(tree)
                }
                Err(conflicts) => {
                    let paths: Vec<&str> = conflicts.iter().map(|c| c.path.as_str()).collect();
                    return Err(cannot(&format!(
                            "it conflicts with the main branch in {}; ask the author to pull the main branch into it",
                            paths.join(", ")
                        )));
                }
            },
        };
        if strategy == MergeStrategy::Squash && self.content_authors(&tip, base)?.is_empty() {
            return Err(cannot("it has no changes to merge"));
        }
        // The accepted marker travels with the branch (a reply bundle carries it); should
        // anything after it fail, the branch goes back to where it was: nothing recorded.
        let accepted = accepted_trailer(branch, tip.tree_id());
        self.commit_marker(
            branch,
            &format!("Accepted\n\n{REVIEW_TRAILER}: accepted\n{accepted}\n"),
            who,
        )?;
        let merged = self.finish_approval(
            (branch, &main_name),
            (&main, base),
            (strategy, merged_tree),
            (&accepted, reply),
            who,
        );
        let (new_main, on_branch) = match merged {
            Ok(done) => done,
            Err(e) => {
                self.repo.reference(
                    &format!("refs/heads/{branch}"),
                    tip.id(),
                    true,
                    &format!("postwright: approving {branch} failed"),
                )?;
                return Err(e);
            }
        };
        if on_branch {
            self.repo.set_head(&format!("refs/heads/{main_name}"))?;
        }
        let mut local = self.repo.find_branch(branch, git2::BranchType::Local)?;
        local.delete()?;
        for remote in self.repo.remotes()?.iter().flatten() {
            if let Ok(mut tracking) = self
                .repo
                .find_branch(&format!("{remote}/{branch}"), git2::BranchType::Remote)
            {
                tracking.delete()?;
            }
        }
        Ok(MergeOutcome {
            commit: new_main.to_string(),
            strategy,
            auto_resolved,
            warnings: Vec::new(),
        })
    }

    /// Approve's second half, after the accepted marker: writes the reply bundle when asked,
    /// the commit that brings the branch in (none for a fast-forward), moves the work tree
    /// when it shows either branch, and the main branch. Returns the main branch's new tip
    /// and whether the approved branch was the current one.
    #[allow(clippy::type_complexity)]
    fn finish_approval(
        &self,
        (branch, main_name): (&str, &str),
        (main, base): (&git2::Commit<'_>, Option<git2::Oid>),
        (strategy, merged_tree): (MergeStrategy, Option<git2::Oid>),
        (accepted, reply): (&str, Option<&std::path::Path>),
        who: &Identity,
    ) -> Result<(git2::Oid, bool), GitError> {
        let tip = self.branch_tip(branch)?;
        if let Some(file) = reply {
            self.write_bundle(branch, file)?;
        }
        let new_main = match merged_tree {
            None => tip.id(),
            Some(tree_id) => {
                let tree = self.repo.find_tree(tree_id)?;
                let diffs = self.diff_trees(&main.tree()?, &tree)?;
                let summary = suggest_message(&diffs);
                if strategy == MergeStrategy::Merge {
                    let message = format!("Merge {branch}: {summary}\n\n{accepted}\n");
                    self.write_commit(None, (who, who), &message, &tree, &[main, &tip])?
                } else {
                    let authors = self.content_authors(&tip, base)?;
                    let Some((author, co_authors)) = authors.split_first() else {
                        return Err(GitError::CannotMerge {
                            branch: branch.to_string(),
                            reason: "it has no changes to merge".to_string(),
                        });
                    };
                    let message = with_co_authors(
                        &format!(
                            "{summary}\n\nReviewed-by: {} <{}>\n{accepted}\n",
                            who.name, who.email
                        ),
                        co_authors,
                    );
                    self.write_commit(None, (author, who), &message, &tree, &[main])?
                }
            }
        };
        let new_main_commit = self.repo.find_commit(new_main)?;
        let head_branch = self.current_branch()?;
        let on_main = head_branch.as_deref() == Some(main_name);
        let on_branch = head_branch.as_deref() == Some(branch);
        if on_main || on_branch {
            self.move_work_tree_to(&new_main_commit, &format!("merging {branch}"))?;
        }
        self.repo.reference(
            &format!("refs/heads/{main_name}"),
            new_main,
            true,
            &format!("postwright: approve {branch}"),
        )?;
        Ok((new_main, on_branch))
    }

    /// Distinct authors of the branch's non-marker commits since `base`, oldest first.
    fn content_authors(
        &self,
        tip: &git2::Commit<'_>,
        base: Option<git2::Oid>,
    ) -> Result<Vec<Identity>, GitError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        walk.push(tip.id())?;
        if let Some(base) = base {
            walk.hide(base)?;
        }
        let mut authors: Vec<Identity> = Vec::new();
        for id in walk {
            let commit = self.repo.find_commit(id?)?;
            if marker_state(&String::from_utf8_lossy(commit.message_bytes())).is_some() {
                continue;
            }
            let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
            // Co-authors credited on the branch's commits stay credited after a squash.
            let credited = message.lines().filter_map(|line| {
                let value = line.strip_prefix("Co-authored-by:")?.trim();
                let (name, email) = value.strip_suffix('>')?.rsplit_once('<')?;
                Some(Identity {
                    name: name.trim().to_string(),
                    email: email.trim().to_string(),
                })
            });
            for who in std::iter::once(identity_of(&commit.author())).chain(credited) {
                if !authors
                    .iter()
                    .any(|a| a.email.eq_ignore_ascii_case(&who.email))
                {
                    authors.push(who);
                }
            }
        }
        Ok(authors)
    }

    fn diff_trees(
        &self,
        old: &git2::Tree<'_>,
        new: &git2::Tree<'_>,
    ) -> Result<Vec<PageDiff>, GitError> {
        let diff = self.repo.diff_tree_to_tree(Some(old), Some(new), None)?;
        let read = |tree: &git2::Tree<'_>, path: &std::path::Path| -> Option<Vec<u8>> {
            let entry = tree.get_path(path).ok()?;
            Some(
                entry
                    .to_object(&self.repo)
                    .ok()?
                    .as_blob()?
                    .content()
                    .to_vec(),
            )
        };
        let mut diffs = Vec::new();
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path().or(delta.old_file().path()) else {
                continue;
            };
            let kind = match delta.status() {
                git2::Delta::Added => super::ChangeKind::New,
                git2::Delta::Deleted => super::ChangeKind::Deleted,
                _ => super::ChangeKind::Modified,
            };
            diffs.push(super::diff::page_diff(
                &super::path_text(path),
                kind,
                None,
                read(old, path).as_deref(),
                read(new, path).as_deref(),
            ));
        }
        Ok(diffs)
    }

    /// Merges two commits' trees in memory. Files git cannot merge go through
    /// [`merge_text`] (which also merges edits on adjacent lines); returns the tree and the
    /// files it settled, or the files still conflicting.
    #[allow(clippy::type_complexity)]
    pub(crate) fn merge_trees(
        &self,
        ours: &git2::Commit<'_>,
        theirs: &git2::Commit<'_>,
    ) -> Result<Result<(git2::Oid, Vec<String>), Vec<ConflictFile>>, GitError> {
        let (mut index, resolved, conflicts) = self.merge_index(ours, theirs)?;
        if !conflicts.is_empty() {
            return Ok(Err(conflicts.into_iter().map(|(c, _)| c).collect()));
        }
        Ok(Ok((index.write_tree_to(&self.repo)?, resolved)))
    }

    /// The merged index of two commits with what [`merge_text`] settled applied; for each
    /// file still conflicting, its conflict and the text to put in the work tree (with
    /// conflict markers).
    #[allow(clippy::type_complexity)]
    pub(crate) fn merge_index(
        &self,
        ours: &git2::Commit<'_>,
        theirs: &git2::Commit<'_>,
    ) -> Result<(git2::Index, Vec<String>, Vec<(ConflictFile, Vec<u8>)>), GitError> {
        let mut index = self.repo.merge_commits(ours, theirs, None)?;
        let mut resolved = Vec::new();
        let mut unresolved = Vec::new();
        if !index.has_conflicts() {
            return Ok((index, resolved, unresolved));
        }
        let conflicts: Vec<git2::IndexConflict> = index.conflicts()?.collect::<Result<_, _>>()?;
        for conflict in conflicts {
            match self.settle_conflict(&conflict)? {
                None => {}
                Some(Settled::Merged { path, mode, text }) => {
                    let blob = self.repo.blob(text.as_bytes())?;
                    let entry = index_entry(mode, path.as_bytes().to_vec(), blob, text.len(), 0);
                    index.conflict_remove(std::path::Path::new(&path))?;
                    index.add(&entry)?;
                    resolved.push(path);
                }
                Some(Settled::Clashing { file, work_tree }) => unresolved.push((file, work_tree)),
            }
        }
        Ok((index, resolved, unresolved))
    }

    /// Runs one index conflict (stages 1, 2, 3) through [`merge_text`]: the merged text when
    /// it settles, else the conflict with its hunks and the text a pull leaves in the work tree
    /// (conflict markers; ours for a binary file; the surviving side when one side deleted it).
    pub(crate) fn settle_conflict(
        &self,
        conflict: &git2::IndexConflict,
    ) -> Result<Option<Settled>, GitError> {
        let Some(sample) = conflict
            .our
            .as_ref()
            .or(conflict.their.as_ref())
            .or(conflict.ancestor.as_ref())
        else {
            return Ok(None);
        };
        let blob_text = |entry: &Option<git2::IndexEntry>| -> Result<Option<String>, GitError> {
            match entry {
                None => Ok(Some(String::new())),
                Some(entry) => {
                    let blob = self.repo.find_blob(entry.id)?;
                    Ok(String::from_utf8(blob.content().to_vec()).ok())
                }
            }
        };
        let path = String::from_utf8_lossy(&sample.path).into_owned();
        let both_present = conflict.our.is_some() && conflict.their.is_some();
        let texts = (
            blob_text(&conflict.ancestor)?,
            blob_text(&conflict.our)?,
            blob_text(&conflict.their)?,
        );
        let clashing = |work_tree: Vec<u8>| Settled::Clashing {
            file: ConflictFile {
                path: path.clone(),
                hunks: Vec::new(),
            },
            work_tree,
        };
        let (Some(base), Some(our_text), Some(their_text)) = texts else {
            // Binary: keep ours in the work tree, the conflict in the index.
            let ours_bytes = match &conflict.our {
                Some(e) => self.repo.find_blob(e.id)?.content().to_vec(),
                None => Vec::new(),
            };
            return Ok(Some(clashing(ours_bytes)));
        };
        if !both_present {
            // Deleted on one side, changed on the other: the writer decides.
            let kept = if conflict.our.is_some() {
                our_text
            } else {
                their_text
            };
            return Ok(Some(clashing(kept.into_bytes())));
        }
        let merged = merge_text(&base, &our_text, &their_text);
        Ok(Some(match merged.merged {
            Some(text) => Settled::Merged {
                mode: sample.mode,
                path,
                text,
            },
            None => Settled::Clashing {
                work_tree: with_markers(&merged.hunks).into_bytes(),
                file: ConflictFile {
                    path,
                    hunks: merged.hunks,
                },
            },
        }))
    }
}

/// What [`SiteRepo::settle_conflict`] made of one conflicting file.
pub(crate) enum Settled {
    /// The three-way merge settled it.
    Merged {
        /// Repository-relative path.
        path: String,
        /// The index entry's mode.
        mode: u32,
        /// The merged text.
        text: String,
    },
    /// Clashes remain.
    Clashing {
        /// The file and its hunks.
        file: ConflictFile,
        /// What goes in the work tree meanwhile.
        work_tree: Vec<u8>,
    },
}

/// The merged text with git-style conflict markers around each clash, so both sides' words
/// are in the file for the writer to choose from.
pub fn with_markers(hunks: &[MergeHunk]) -> String {
    let mut out = String::new();
    let ensure_newline = |s: &mut String| {
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
    };
    for hunk in hunks {
        match hunk {
            MergeHunk::Clean(text) => out.push_str(text),
            MergeHunk::Conflict { ours, theirs, .. } => {
                ensure_newline(&mut out);
                out.push_str("<<<<<<< yours\n");
                out.push_str(ours);
                ensure_newline(&mut out);
                out.push_str("=======\n");
                out.push_str(theirs);
                ensure_newline(&mut out);
                out.push_str(">>>>>>> theirs\n");
            }
        }
    }
    out
}

/// An index entry for `path` at merge `stage` (0: resolved; 1, 2, 3: base, ours, theirs).
pub(crate) fn index_entry(
    mode: u32,
    path: Vec<u8>,
    id: git2::Oid,
    size: usize,
    stage: u16,
) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: (stage << 12) | (path.len().min(0xfff) as u16),
        flags_extended: 0,
        path,
    }
}

fn identity_of(signature: &git2::Signature<'_>) -> Identity {
    Identity {
        name: String::from_utf8_lossy(signature.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(signature.email_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_previews_fill_the_branch_into_the_template() {
        let template =
            "https://federalist-proxy.app.cloud.gov/preview/gsa/digitalgov.gov/{branch}/";
        assert_eq!(
            published_preview_url(template, "draft/new-kid").as_deref(),
            Some(
                "https://federalist-proxy.app.cloud.gov/preview/gsa/digitalgov.gov/draft/new-kid/"
            )
        );
        assert_eq!(
            published_preview_url("https://x/{branch}", "a#b").as_deref(),
            Some("https://x/a%23b")
        );
        assert_eq!(published_preview_url("https://x/preview/", "draft/a"), None);
        assert_eq!(published_preview_url("  ", "draft/a"), None);
    }

    #[test]
    fn markers_parse_back() {
        let message = "Changes requested: tighten the summary\n\nTighten the summary.\nAdd alt text.\n\nPostwright-Review: changes-requested\n";
        assert_eq!(marker_state(message), Some(ReviewState::ChangesRequested));
        assert_eq!(marker_note(message), "Tighten the summary.\nAdd alt text.");
        assert_eq!(
            marker_state("Ready for review\n\nPostwright-Review: ready\n"),
            Some(ReviewState::Ready)
        );
        assert_eq!(marker_state("Add post: x\n"), None);
    }
}
