//! "Submit for review" as an author means it: the draft's saved but uncommitted work goes with
//! the submission (committed first, with the message the change suggests), and a submission
//! that would carry nothing — a draft with no change from the main branch, or one already
//! submitted with nothing new since — is refused with the reason, recording nothing. One
//! submission, one `ready` marker: the review history never says "submitted" twice for the
//! same work.
//!
//! [`SiteRepo::submission_plan`] says beforehand what would go in (the UI shows it before the
//! writer confirms); [`SiteRepo::submit_draft`] does it.

use serde::Serialize;

use super::branches::DRAFT_PREFIX;
use super::diff::{suggest_message, with_co_authors, PageDiff};
use super::review::{marker_state, ReviewState};
use super::{FileChange, GitError, Identity, SiteRepo};

/// What "Submit for review" would send from the current branch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SubmissionPlan {
    /// The draft branch (the current branch).
    pub branch: String,
    /// The saved, uncommitted changes the submission commits first (field by field).
    pub uncommitted: Vec<PageDiff>,
    /// The message that commit gets unless the writer gives another.
    pub message: String,
    /// The files the branch already changes relative to the main branch (its commits).
    pub committed: Vec<FileChange>,
    /// Why it cannot be submitted, when it cannot (then nothing is recorded).
    pub refusal: Option<String>,
}

/// What "Submit for review" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Submitted {
    /// The draft branch.
    pub branch: String,
    /// The commit that took the uncommitted work with it, when there was any.
    pub work_commit: Option<String>,
    /// The `ready` marker.
    pub marker: String,
}

impl SiteRepo {
    /// What submitting the current branch for review would send, or why it cannot be.
    pub fn submission_plan(&self) -> Result<SubmissionPlan, GitError> {
        let branch = self
            .current_branch()?
            .unwrap_or_else(|| "a detached HEAD".to_string());
        let mut plan = SubmissionPlan {
            branch: branch.clone(),
            uncommitted: Vec::new(),
            message: String::new(),
            committed: Vec::new(),
            refusal: None,
        };
        if !branch.starts_with(DRAFT_PREFIX) {
            plan.refusal =
                Some("only a draft is submitted for review: start a draft first".to_string());
            return Ok(plan);
        }
        if let Err(e) = self.refuse_during_merge() {
            plan.refusal = Some(e.to_string());
            return Ok(plan);
        }
        plan.uncommitted = self.page_diffs(&[])?;
        plan.message = suggest_message(&plan.uncommitted);
        let tip = self.branch_tip(&branch)?;
        let main = self.branch_tip(&self.main_branch()?)?;
        let base = self.repo.merge_base(main.id(), tip.id()).ok();
        plan.committed = self.changed_files(base, tip.id())?.0;
        if plan.uncommitted.is_empty() {
            if plan.committed.is_empty() {
                plan.refusal = Some(
                    "there is nothing to submit: the draft has no change from the main branch yet; write and save the post first"
                        .to_string(),
                );
            } else if self.last_marker_is_ready_with_nothing_since(&tip, base)? {
                plan.refusal = Some(
                    "it is already submitted, with nothing new since; the editors have it"
                        .to_string(),
                );
            }
        }
        Ok(plan)
    }

    /// "Submit for review": commits the current draft's uncommitted work (with `message`, else
    /// the suggested one, crediting `co_authors`), then records the `ready` marker. Refused,
    /// with nothing recorded, when [`SiteRepo::submission_plan`] gives a reason.
    pub fn submit_draft(
        &self,
        message: Option<&str>,
        co_authors: &[Identity],
        who: &Identity,
    ) -> Result<Submitted, GitError> {
        let plan = self.submission_plan()?;
        if let Some(reason) = plan.refusal {
            return Err(GitError::CannotSubmit {
                branch: plan.branch,
                reason,
            });
        }
        let work_commit = if plan.uncommitted.is_empty() {
            None
        } else {
            let message = message
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .unwrap_or(plan.message.as_str());
            let paths: Vec<String> = plan.uncommitted.iter().map(|d| d.path.clone()).collect();
            Some(self.commit(&with_co_authors(message, co_authors), &paths, who)?)
        };
        let marker = self.mark_ready(&plan.branch, who)?;
        Ok(Submitted {
            branch: plan.branch,
            work_commit,
            marker,
        })
    }

    /// Whether the branch's newest commit (since `base`) is a `ready` marker: submitted, and
    /// nothing committed or noted after it.
    fn last_marker_is_ready_with_nothing_since(
        &self,
        tip: &git2::Commit<'_>,
        base: Option<git2::Oid>,
    ) -> Result<bool, GitError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL)?;
        walk.push(tip.id())?;
        if let Some(base) = base {
            walk.hide(base)?;
        }
        let Some(newest) = walk.next() else {
            return Ok(false);
        };
        let commit = self.repo.find_commit(newest?)?;
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        Ok(marker_state(&message) == Some(ReviewState::Ready))
    }
}
