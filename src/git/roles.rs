//! Who may commit where: the main branch is protected for authors and guests — their commit
//! from the main branch goes to a new draft, made there and then, with the explanation shown
//! before they commit — and an editor's commit to the main branch needs their confirmation.
//! The app asks [`SiteRepo::commit_destination`] before a commit (to say where it goes) and
//! the facade applies the same answer when committing, so what was shown is what happens.
//! Git permissions on the remote stay the real boundary; this keeps honest people from
//! slipping.

use serde::{Deserialize, Serialize};

use super::branches::{branch_slug, check_segment, DRAFT_PREFIX};
use super::{GitError, SiteRepo};

/// A writer's role in the editorial workflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Role {
    /// Writes on `draft/<slug>` branches and submits them for review.
    #[default]
    Author,
    /// Reviews drafts and submissions, requests changes, approves (merges).
    Editor,
    /// A guest agency: submits stories by push or as a bundle file.
    Guest,
}

/// Where a commit from the current branch goes, for a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommitDestination {
    /// The branch the commit lands on.
    pub branch: String,
    /// The protected branch the commit was turned away from (then `branch` is a new draft,
    /// made when committing, carrying the uncommitted work).
    pub diverted_from: Option<String>,
    /// The commit lands on the main branch: an editor confirms it first.
    pub needs_confirmation: bool,
    /// What to tell the writer before they commit, when anything.
    pub explanation: Option<String>,
}

impl SiteRepo {
    /// Where a commit by `role` goes; `title` names the draft an author's or guest's commit
    /// on the main branch is diverted to (the first changed page's title, say).
    pub fn commit_destination(
        &self,
        role: Role,
        title: &str,
    ) -> Result<CommitDestination, GitError> {
        let current = self.current_branch()?.unwrap_or_default();
        let main = self.main_branch().ok();
        let on_main = main.as_deref() == Some(current.as_str());
        // A merge being finished commits where it is: the pull's merge belongs to this branch.
        let merging = self.refuse_during_merge().is_err();
        if !on_main || merging {
            return Ok(CommitDestination {
                branch: current,
                diverted_from: None,
                needs_confirmation: false,
                explanation: None,
            });
        }
        match role {
            Role::Editor => Ok(CommitDestination {
                explanation: Some(format!(
                    "This commit goes straight to {current}, the published branch."
                )),
                branch: current,
                diverted_from: None,
                needs_confirmation: true,
            }),
            Role::Author | Role::Guest => {
                let branch = self.free_draft_name(title)?;
                Ok(CommitDestination {
                    explanation: Some(format!(
                        "{current} is protected: only editors commit to it. Your commit starts the draft {branch} (your uncommitted work comes along), which you submit for review when it is ready."
                    )),
                    branch,
                    diverted_from: Some(current),
                    needs_confirmation: false,
                })
            }
        }
    }

    /// `draft/<slug of title>` (`draft/update` when the title gives no slug), with `-2`, `-3`…
    /// added when that branch exists.
    fn free_draft_name(&self, title: &str) -> Result<String, GitError> {
        let slug = Some(branch_slug(title))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "update".to_string());
        check_segment(&slug)?;
        let taken = |name: &str| self.repo.find_branch(name, git2::BranchType::Local).is_ok();
        let first = format!("{DRAFT_PREFIX}{slug}");
        if !taken(&first) {
            return Ok(first);
        }
        let mut n = 2;
        loop {
            let candidate = format!("{first}-{n}");
            if !taken(&candidate) {
                return Ok(candidate);
            }
            n += 1;
        }
    }

    /// Makes the commit land where `destination` says: on a diverted commit, starts its draft
    /// (from the main branch, carrying the uncommitted work). Refuses when the current branch
    /// is no longer the one the destination was worked out on.
    pub fn prepare_destination(&self, destination: &CommitDestination) -> Result<(), GitError> {
        let current = self.current_branch()?.unwrap_or_default();
        match &destination.diverted_from {
            Some(from) if *from == current => {
                let slug = destination
                    .branch
                    .strip_prefix(DRAFT_PREFIX)
                    .unwrap_or(&destination.branch);
                self.start_draft(slug)?;
                Ok(())
            }
            None if destination.branch == current => Ok(()),
            _ => Err(GitError::CannotCommitHere {
                branch: current,
                reason: format!(
                    "the commit was meant for {}; look at the changes panel again",
                    destination.branch
                ),
            }),
        }
    }
}
