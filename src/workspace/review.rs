//! The editorial workflow: drafts, submissions, the review queue, approvals and bundles.

use std::path::Path;

use super::Workspace;
use crate::error::Error;
use crate::git::bundle::{BundleHeader, ImportedBranch};
use crate::git::diff::PageDiff;
use crate::git::remote::DEFAULT_REMOTE;
use crate::git::review::{MergeOutcome, MergeStrategy, ReviewItem};

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

    /// "Submit for review": marks the current draft branch ready; returns its review item.
    pub fn submit_for_review(&self) -> Result<ReviewItem, Error> {
        let repo = self.repo()?;
        let branch = repo.current_branch()?.unwrap_or_default();
        repo.mark_ready(&branch, &self.committer()?)?;
        Ok(repo.review_item(&branch)?)
    }

    /// "Submit story" for a guest agency: commits the story on `submissions/<agency>/<slug>`,
    /// then writes it to `bundle` when given, else pushes it to the remote. Returns the branch.
    pub fn submit_story(&mut self, agency: &str, bundle: Option<&Path>) -> Result<String, Error> {
        let who = self.committer()?;
        let repo = self.repo()?;
        let branch = repo.submit_story(agency, &[], &who)?;
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
        let configured = self.repo.as_ref().and_then(|r| {
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
        let strategy = strategy.unwrap_or_else(|| self.merge_strategy());
        let repo = self.repo()?;
        let on_remote = repo
            .raw()
            .find_branch(
                &format!("{DEFAULT_REMOTE}/{branch}"),
                git2::BranchType::Remote,
            )
            .is_ok();
        let mut outcome = repo.approve(branch, strategy, &self.committer()?)?;
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

    /// Imports the branches of a bundle file (refusing unsafe content).
    pub fn import_bundle(&self, file: &Path) -> Result<Vec<ImportedBranch>, Error> {
        Ok(self.repo()?.import_bundle(file)?)
    }

    /// Writes a branch as a bundle file.
    pub fn export_bundle(&self, branch: &str, file: &Path) -> Result<BundleHeader, Error> {
        Ok(self.repo()?.write_bundle(branch, file)?)
    }
}
