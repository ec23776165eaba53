//! The site's findings kept between checks. The first check reads every page; after that only
//! the pages marked stale (a saved or outside-edited page, and the pages whose refs lead to
//! it) are read and checked again, and their findings replace the cached ones.
//!
//! Findings on pages Hugo does not publish (drafts, expired, future, `render: never`) are
//! folded: kept apart in [`SiteCheck::unpublished`], never counted with the site's.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{check_file, check_site, Diagnostic};
use crate::site::publish::{unpublished, Unpublished};
use crate::site::Site;

/// The findings of every page, cached, with the pages whose findings may be out of date.
#[derive(Debug, Default)]
pub struct SiteFindings {
    /// Findings by page path (the index's order); `None` until the first check.
    by_page: Option<BTreeMap<String, Vec<Diagnostic>>>,
    /// Pages to check again at the next [`SiteFindings::refresh`].
    stale: BTreeSet<String>,
}

/// The outcome of a site-wide check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SiteCheck {
    /// The findings of the pages Hugo publishes, in the index's page order: the site's numbers.
    pub findings: Vec<Diagnostic>,
    /// The findings of the pages Hugo leaves out (folded: listed on demand, never counted
    /// with the site's), in the index's page order.
    pub unpublished: Vec<Diagnostic>,
    /// The pages of [`SiteCheck::unpublished`] and why Hugo leaves each out, sorted by path.
    pub unpublished_pages: Vec<UnpublishedPage>,
    /// Whether every page was checked (the first check, or after the site was read again).
    pub full: bool,
    /// When not `full`: the pages this check read again, sorted (the others' findings are
    /// the cached ones).
    pub rechecked: Vec<String>,
}

/// A page Hugo leaves out, with findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnpublishedPage {
    /// The page, content-relative.
    pub path: String,
    /// Why Hugo leaves it out.
    pub reason: Unpublished,
}

impl SiteCheck {
    /// Splits `all` (findings of any pages) into the published pages' and the folded ones.
    pub fn fold(
        site: &Site,
        all: Vec<Diagnostic>,
        full: bool,
        rechecked: Vec<String>,
    ) -> SiteCheck {
        let mut findings = Vec::new();
        let mut folded = Vec::new();
        let mut pages: BTreeMap<String, Unpublished> = BTreeMap::new();
        for finding in all {
            let reason = site
                .index
                .page(&finding.path)
                .and_then(|page| unpublished(page, &site.config));
            match reason {
                Some(reason) => {
                    pages.entry(finding.path.clone()).or_insert(reason);
                    folded.push(finding);
                }
                None => findings.push(finding),
            }
        }
        SiteCheck {
            findings,
            unpublished: folded,
            unpublished_pages: pages
                .into_iter()
                .map(|(path, reason)| UnpublishedPage { path, reason })
                .collect(),
            full,
            rechecked,
        }
    }
}

impl SiteFindings {
    /// Whether a check has run, so that changes need to be tracked at all.
    pub fn is_cached(&self) -> bool {
        self.by_page.is_some()
    }

    /// Forgets everything: the next check reads every page.
    pub fn invalidate(&mut self) {
        self.by_page = None;
        self.stale.clear();
    }

    /// The findings of `path` may have changed (it was saved, edited outside, created or
    /// removed, or a page its refs lead to was).
    pub fn mark_stale(&mut self, path: &str) {
        if self.by_page.is_some() {
            self.stale.insert(path.to_string());
        }
    }

    /// The pages the next [`SiteFindings::refresh`] will check again.
    pub fn stale(&self) -> impl Iterator<Item = &str> {
        self.stale.iter().map(String::as_str)
    }

    /// Brings the findings up to date with `site`: every page on the first call, else the
    /// stale pages only (a stale page the index no longer has loses its findings).
    pub fn refresh(&mut self, site: &Site) -> SiteCheck {
        let (full, rechecked) = match &mut self.by_page {
            None => {
                let mut by_page: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
                for finding in check_site(site) {
                    by_page
                        .entry(finding.path.clone())
                        .or_default()
                        .push(finding);
                }
                self.by_page = Some(by_page);
                (true, Vec::new())
            }
            Some(by_page) => {
                let rechecked: Vec<String> = std::mem::take(&mut self.stale).into_iter().collect();
                for path in &rechecked {
                    if site.index.page(path).is_some() {
                        by_page.insert(path.clone(), check_file(site, path));
                    } else {
                        by_page.remove(path);
                    }
                }
                (false, rechecked)
            }
        };
        self.stale.clear();
        let all = self
            .by_page
            .iter()
            .flat_map(BTreeMap::values)
            .flatten()
            .cloned()
            .collect();
        SiteCheck::fold(site, all, full, rechecked)
    }
}
