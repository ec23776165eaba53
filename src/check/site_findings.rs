//! The site's findings kept between checks. The first check reads every page; after that only
//! the pages marked stale (a saved or outside-edited page, and the pages whose refs lead to
//! it) are read and checked again, and their findings replace the cached ones.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{check_file, check_site, Diagnostic};
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
    /// Every page's findings, in the index's page order.
    pub findings: Vec<Diagnostic>,
    /// Whether every page was checked (the first check, or after the site was read again).
    pub full: bool,
    /// When not `full`: the pages this check read again, sorted (the others' findings are
    /// the cached ones).
    pub rechecked: Vec<String>,
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
        let findings = self
            .by_page
            .iter()
            .flat_map(BTreeMap::values)
            .flatten()
            .cloned()
            .collect();
        SiteCheck {
            findings,
            full,
            rechecked,
        }
    }
}
