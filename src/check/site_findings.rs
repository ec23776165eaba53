//! The site's findings kept between checks. The first check reads every page; after that only
//! the pages marked stale (a saved or outside-edited page, and the pages whose refs lead to
//! it) are read and checked again, and their findings replace the cached ones.
//!
//! Findings on pages Hugo does not publish (drafts, expired, future, `render: never`) are
//! folded: kept apart in [`SiteCheck::unpublished`], never counted with the site's. On the
//! digital.gov corpus they are three quarters of the findings (11,926 of 15,688), so the app's
//! site-wide check sends only their counts ([`SiteCheckSummary`]: the folded group's header
//! and the page list's badges need no more) and lists them when the group is opened
//! ([`SiteFindings::unpublished`]). Sending them all up front cost the window ~45 MB and
//! ~80 ms before the problem count showed.
//!
//! A check is taken out ([`SiteFindings::begin`]: which pages, as a [`PendingCheck`]), run by
//! [`PendingCheck::run`] on a site the caller holds (the app runs it without holding the
//! workspace, reporting progress), and brought back ([`SiteFindings::complete`]). Pages that
//! change while it runs stay marked stale for the next check; a check begun before the site was
//! read again is refused, to be begun again.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{check_file, Diagnostic, Severity};
use crate::site::publish::{unpublished, Unpublished};
use crate::site::Site;

/// The findings of every page, cached, with the pages whose findings may be out of date.
#[derive(Debug, Default)]
pub struct SiteFindings {
    /// Findings by page path (the index's order); `None` until the first check.
    by_page: Option<BTreeMap<String, Vec<Diagnostic>>>,
    /// Pages to check again at the next [`SiteFindings::begin`].
    stale: BTreeSet<String>,
    /// A check of every page was begun and has not come back: changes meanwhile are tracked.
    full_running: bool,
    /// Bumped by [`SiteFindings::invalidate`]: a check begun before it is refused.
    generation: u64,
}

/// The pages a check begun by [`SiteFindings::begin`] is to read.
#[derive(Debug)]
pub struct PendingCheck {
    generation: u64,
    /// `None`: every page of the site.
    pages: Option<Vec<String>>,
}

/// What [`PendingCheck::run`] found, for [`SiteFindings::complete`].
#[derive(Debug)]
pub struct CheckedPages {
    generation: u64,
    full: bool,
    /// Each page read and its findings; `None` for a page the site no longer has.
    pages: Vec<(String, Option<Vec<Diagnostic>>)>,
}

impl PendingCheck {
    /// How many pages the check reads on `site`.
    pub fn len(&self, site: &Site) -> usize {
        self.pages.as_ref().map_or(site.index.pages.len(), Vec::len)
    }

    /// Whether there is nothing to read (an incremental check with no page changed).
    pub fn is_empty(&self, site: &Site) -> bool {
        self.len(site) == 0
    }

    /// Reads and checks the pages on the cores, calling `progress(done, total)` now and then
    /// (from any of the workers) and once at the end.
    pub fn run(self, site: &Site, progress: &(dyn Fn(usize, usize) + Sync)) -> CheckedPages {
        /// Pages between two progress reports.
        const REPORT_EVERY: usize = 100;
        let full = self.pages.is_none();
        let paths: Vec<String> = match self.pages {
            Some(pages) => pages,
            None => site.index.pages.iter().map(|p| p.path.clone()).collect(),
        };
        let total = paths.len();
        let done = AtomicUsize::new(0);
        let pages = crate::parallel::map_in_order(&paths, |path| {
            let findings = site.index.page(path).map(|_| check_file(site, path));
            let now = done.fetch_add(1, Ordering::Relaxed) + 1;
            if now % REPORT_EVERY == 0 && now < total {
                progress(now, total);
            }
            (path.clone(), findings)
        });
        if full {
            // The calls of every page were rendered and kept to share; the checks that follow
            // (the open page, the pages saved) meet few of them again.
            crate::render::forget_rendered_calls();
        }
        progress(total, total);
        CheckedPages {
            generation: self.generation,
            full,
            pages,
        }
    }
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
    /// [`SiteCheck::unpublished`] counted by page, rule and severity.
    pub unpublished_counts: Vec<FoldedCount>,
    /// The pages of [`SiteCheck::unpublished`] and why Hugo leaves each out, sorted by path.
    pub unpublished_pages: Vec<UnpublishedPage>,
    /// Whether every page was checked (the first check, or after the site was read again).
    pub full: bool,
    /// When not `full`: the pages this check read again, sorted (the others' findings are
    /// the cached ones).
    pub rechecked: Vec<String>,
}

/// A site-wide check as the app's window gets it: the published pages' findings in full, the
/// folded ones only counted (listed on demand by [`SiteFindings::unpublished`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SiteCheckSummary {
    /// The findings of the pages Hugo publishes, in the index's page order.
    pub findings: Vec<Diagnostic>,
    /// The findings of the pages Hugo leaves out, counted by page, rule and severity.
    pub unpublished_counts: Vec<FoldedCount>,
    /// The pages Hugo leaves out that have findings, and why, sorted by path.
    pub unpublished_pages: Vec<UnpublishedPage>,
    /// Whether every page was checked.
    pub full: bool,
    /// When not `full`: the pages this check read again, sorted.
    pub rechecked: Vec<String>,
}

/// How many findings of one rule and severity one page Hugo leaves out has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FoldedCount {
    /// The page, content-relative.
    pub path: String,
    /// The rule.
    pub code: &'static str,
    /// How bad.
    pub severity: Severity,
    /// How many.
    pub count: u32,
}

/// `findings` counted by page, rule and severity, in the order each first appears.
fn count_folded(findings: &[Diagnostic]) -> Vec<FoldedCount> {
    let mut counts: Vec<FoldedCount> = Vec::new();
    let mut at: BTreeMap<(&str, &str, Severity), usize> = BTreeMap::new();
    for finding in findings {
        let key = (finding.path.as_str(), finding.code, finding.severity);
        match at.get(&key) {
            Some(&i) => counts[i].count = counts[i].count.saturating_add(1),
            None => {
                at.insert(key, counts.len());
                counts.push(FoldedCount {
                    path: finding.path.clone(),
                    code: finding.code,
                    severity: finding.severity,
                    count: 1,
                });
            }
        }
    }
    counts
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
            unpublished_counts: count_folded(&folded),
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

impl SiteCheck {
    /// What the app's window gets: the folded findings counted, not listed.
    pub fn into_summary(self) -> SiteCheckSummary {
        SiteCheckSummary {
            findings: self.findings,
            unpublished_counts: self.unpublished_counts,
            unpublished_pages: self.unpublished_pages,
            full: self.full,
            rechecked: self.rechecked,
        }
    }
}

impl SiteFindings {
    /// The findings of the last check on the pages Hugo leaves out (the folded list of
    /// [`SiteCheck::unpublished`], for a summary's counts), as `site` publishes now; empty
    /// before the first check.
    pub fn unpublished(&self, site: &Site) -> Vec<Diagnostic> {
        let Some(by_page) = &self.by_page else {
            return Vec::new();
        };
        by_page
            .iter()
            .filter(|(path, _)| {
                site.index
                    .page(path)
                    .is_some_and(|page| unpublished(page, &site.config).is_some())
            })
            .flat_map(|(_, findings)| findings.iter().cloned())
            .collect()
    }

    /// Whether a check has run (or one of every page is running), so that changes need to be
    /// tracked at all.
    pub fn is_cached(&self) -> bool {
        self.by_page.is_some() || self.full_running
    }

    /// Forgets everything: the next check reads every page.
    pub fn invalidate(&mut self) {
        self.by_page = None;
        self.stale.clear();
        self.full_running = false;
        self.generation += 1;
    }

    /// The findings of `path` may have changed (it was saved, edited outside, created or
    /// removed, or a page its refs lead to was).
    pub fn mark_stale(&mut self, path: &str) {
        if self.is_cached() {
            self.stale.insert(path.to_string());
        }
    }

    /// The pages the next [`SiteFindings::begin`] will check again.
    pub fn stale(&self) -> impl Iterator<Item = &str> {
        self.stale.iter().map(String::as_str)
    }

    /// Begins a check: of every page the first time (or after [`SiteFindings::invalidate`]),
    /// else of the stale pages, which stop being stale (pages changed from now on are marked
    /// again).
    pub fn begin(&mut self) -> PendingCheck {
        let pages = if self.by_page.is_none() {
            self.full_running = true;
            self.stale.clear();
            None
        } else {
            Some(std::mem::take(&mut self.stale).into_iter().collect())
        };
        PendingCheck {
            generation: self.generation,
            pages,
        }
    }

    /// Brings a check back: its findings replace the cached ones of the pages it read.
    /// `None` when the site was read again since it began (begin another).
    pub fn complete(&mut self, site: &Site, checked: CheckedPages) -> Option<SiteCheck> {
        if checked.generation != self.generation {
            return None;
        }
        if checked.full {
            self.full_running = false;
            self.by_page = Some(BTreeMap::new());
        }
        let by_page = self.by_page.as_mut()?;
        let mut rechecked = Vec::new();
        for (path, findings) in checked.pages {
            match findings {
                Some(findings) if !findings.is_empty() => {
                    by_page.insert(path.clone(), findings);
                }
                _ => {
                    by_page.remove(&path);
                }
            }
            if !checked.full {
                rechecked.push(path);
            }
        }
        rechecked.sort();
        let all = by_page.values().flatten().cloned().collect();
        Some(SiteCheck::fold(site, all, checked.full, rechecked))
    }
}
