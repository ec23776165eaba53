//! The editorial workflow: drafts, submissions, the review queue, approvals and bundles.

use std::path::Path;

use super::Workspace;
use crate::error::Error;
use crate::git::bundle::{BundleHeader, ImportedBranch};
use crate::git::diff::PageDiff;
use crate::git::remote::DEFAULT_REMOTE;
use crate::git::review::{MergeOutcome, MergeStrategy, ReviewItem};
use crate::git::submission::{SubmissionPlan, Submitted};
use crate::git::Identity;

impl Workspace {
    /// The branch segment a draft or submission named `text` gets (see
    /// [`crate::git::branches::branch_slug`]); empty when nothing of it can be used.
    pub fn branch_slug(text: &str) -> String {
        crate::git::branches::branch_slug(text)
    }

    /// "Start draft": `draft/<slug>` from the main branch, switched to. Returns the branch.
    pub fn start_draft(&mut self, slug: &str) -> Result<String, Error> {
        let branch = self.repo()?.start_draft(slug)?;
        self.reload_site()?;
        Ok(branch)
    }

    /// "Start draft" from the name a writer typed ("CX community&mdash;update"): the slug is
    /// made by the one branch-name rule ([`crate::git::branches::branch_slug`]).
    pub fn start_named_draft(&mut self, name: &str) -> Result<String, Error> {
        let slug = crate::git::branches::branch_slug(name);
        if slug.is_empty() {
            return Err(crate::git::GitError::InvalidName {
                name: name.to_string(),
                reason: "give the draft a name with at least one letter or digit",
            }
            .into());
        }
        self.start_draft(&slug)
    }

    /// What "Submit for review" would send from the current draft (its saved, uncommitted
    /// work and the pages it already changes), or why it cannot be submitted.
    pub fn submission_plan(&self) -> Result<SubmissionPlan, Error> {
        Ok(self.repo()?.submission_plan()?)
    }

    /// "Submit for review": commits the current draft's saved work (with `message`, else the
    /// suggested one, crediting `co_authors`), then marks the draft ready. Refused, recording
    /// nothing, when there is nothing to submit.
    pub fn submit_for_review(
        &self,
        message: Option<&str>,
        co_authors: &[Identity],
    ) -> Result<Submitted, Error> {
        Ok(self
            .repo()?
            .submit_draft(message, co_authors, &self.committer()?)?)
    }

    /// "Submit story" for a guest agency: commits the story on `submissions/<agency>/<slug>`
    /// (the slug from the guest's `story` name, else from the page), then writes it to
    /// `bundle` when given, else pushes it to the remote. Returns the branch.
    pub fn submit_story(
        &mut self,
        agency: &str,
        story: Option<&str>,
        bundle: Option<&Path>,
    ) -> Result<String, Error> {
        let who = self.committer()?;
        let repo = self.repo()?;
        let branch = repo.submit_story(agency, story, &[], &who)?;
        match bundle {
            Some(file) => {
                repo.write_bundle(&branch, file)?;
            }
            None => repo.push(DEFAULT_REMOTE, std::slice::from_ref(&branch))?,
        }
        self.reload_site()?;
        Ok(branch)
    }

    /// Draft and submission branches (local and on the remote) with their pages and state.
    pub fn review_queue(&self) -> Result<Vec<ReviewItem>, Error> {
        Ok(self.repo()?.review_queue()?)
    }

    /// The link to the published preview of `branch` from the site's URL `template`, when
    /// the branch is on the remote (a preview is only built for pushed branches).
    pub fn published_preview(&self, branch: &str, template: &str) -> Result<Option<String>, Error> {
        let item = self.repo()?.review_item(branch)?;
        let repo = self.repo()?;
        let pushed = item.remote.is_some()
            || repo
                .raw()
                .find_branch(
                    &format!("{DEFAULT_REMOTE}/{branch}"),
                    git2::BranchType::Remote,
                )
                .is_ok();
        Ok(pushed
            .then(|| crate::git::review::published_preview_url(template, branch))
            .flatten())
    }

    /// One branch's review item.
    pub fn review_item(&self, branch: &str) -> Result<ReviewItem, Error> {
        Ok(self.repo()?.review_item(branch)?)
    }

    /// The field-level diff of a branch against the main branch it left.
    pub fn review_diff(&self, branch: &str) -> Result<Vec<PageDiff>, Error> {
        Ok(self.repo()?.review_diff(branch)?)
    }

    /// A file's text on a branch (for previewing the branch's version); `None` when absent.
    pub fn branch_file(&self, branch: &str, path: &str) -> Result<Option<String>, Error> {
        Ok(self
            .repo()?
            .branch_file(branch, path)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// "Request changes": records `note` on the branch for its author.
    pub fn request_changes(&self, branch: &str, note: &str) -> Result<String, Error> {
        Ok(self
            .repo()?
            .request_changes(branch, note, &self.committer()?)?)
    }

    /// The site's merge setting: git config `postwright.mergeStrategy` (ff, merge, squash),
    /// else squash when the Decap config says `squash_merges: true` (digital.gov), else merge.
    pub fn merge_strategy(&self) -> MergeStrategy {
        let configured = self.git().and_then(|r| {
            r.raw()
                .config()
                .ok()?
                .get_string("postwright.mergeStrategy")
                .ok()
        });
        if let Some(strategy) = configured.and_then(|s| s.parse().ok()) {
            return strategy;
        }
        let decap = self
            .site
            .schema
            .decap_config
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok());
        if decap.is_some_and(|text| crate::site::schema::decap::squash_merges(&text)) {
            MergeStrategy::Squash
        } else {
            MergeStrategy::Merge
        }
    }

    /// "Approve": merges the branch into the main branch (with `strategy`, else the site's
    /// setting) and deletes it, here and — when reachable — on the remote.
    pub fn approve(
        &mut self,
        branch: &str,
        strategy: Option<MergeStrategy>,
    ) -> Result<MergeOutcome, Error> {
        self.approve_replying(branch, strategy, None)
    }

    /// "Approve", first writing the branch marked accepted as a bundle at `reply` when given:
    /// the editors' answer to a guest who sent the story as a bundle, which the guest imports
    /// and My stories then shows as accepted.
    pub fn approve_replying(
        &mut self,
        branch: &str,
        strategy: Option<MergeStrategy>,
        reply: Option<&Path>,
    ) -> Result<MergeOutcome, Error> {
        let strategy = strategy.unwrap_or_else(|| self.merge_strategy());
        let repo = self.repo()?;
        let on_remote = repo
            .raw()
            .find_branch(
                &format!("{DEFAULT_REMOTE}/{branch}"),
                git2::BranchType::Remote,
            )
            .is_ok();
        let mut outcome = repo.approve_replying(branch, strategy, &self.committer()?, reply)?;
        if on_remote {
            if let Err(e) = repo.push(DEFAULT_REMOTE, &[format!(":{branch}")]) {
                outcome
                    .warnings
                    .push(format!("{branch} is still on {DEFAULT_REMOTE}: {e}"));
            }
        }
        self.reload_site()?;
        Ok(outcome)
    }

    /// Imports the branches of a bundle file (refusing unsafe content): a guest's submission
    /// for the editors, or the editors' reply (their notes on the story) for the guest, which
    /// moves the guest's story branch forward — and the files, when it is the current one.
    pub fn import_bundle(&mut self, file: &Path) -> Result<Vec<ImportedBranch>, Error> {
        let imported = self.repo()?.import_bundle(file)?;
        self.reload_site()?;
        Ok(imported)
    }

    /// Writes a branch as a bundle file: a submission, or the editors' reply to a guest who
    /// sent one (the story with the review notes recorded on it since).
    pub fn export_bundle(&self, branch: &str, file: &Path) -> Result<BundleHeader, Error> {
        Ok(self.repo()?.write_bundle(branch, file)?)
    }
}
