//! Questions asked of the index: the dashboard's search, filters and sort, and the pickers'
//! term search. Ref lookup is [`super::refs`].
//!
//! Text search finds a page by what it says and by what it carries: each word must occur in
//! the page's title, summary, body, path or term names as written, or in the display name of
//! a term the page lists (the term page's `title`, else its `display_name`) — so searching
//! "Jacob Parcell" finds the posts listing the author `jparcell`, not only the pages that
//! mention him. Results rank by relevance first (every word in the title, then every word in
//! the title or the display names of the page's terms, then the rest), the chosen sort
//! within each rank.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::dates::parse_hugo_date;
use super::index::{PageEntry, PageKind, SiteIndex, Term};
use super::urlize;

/// What to sort pages by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SortKey {
    /// By `date` (undated pages last), then path.
    #[default]
    Date,
    /// By title, case-insensitively.
    Title,
    /// By path.
    Path,
    /// By word count.
    WordCount,
}

/// A dashboard query: every filter set must hold. Dates are front-matter dates
/// (`2020-01-02` or any shape Hugo accepts); `date_from` and `date_to` are inclusive days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageQuery {
    /// Words that must all occur (as words or parts of words) in the title, summary, body,
    /// path or term names, or in the display name of a term the page lists; given, results
    /// rank by relevance before `sort` (see the module doc).
    pub text: Option<String>,
    /// Only pages of this section (`news`).
    pub section: Option<String>,
    /// Only pages in this language (`fr`) on a multilingual site.
    pub lang: Option<String>,
    /// Only pages listing this author.
    pub author: Option<String>,
    /// Only pages listing this topic (compared urlized, as Hugo groups terms).
    pub topic: Option<String>,
    /// Only pages listing, for each taxonomy named (its plural, one the site declares), the
    /// term given (compared urlized).
    pub terms: BTreeMap<String, String>,
    /// Only drafts (`true`) or only non-drafts (`false`).
    pub draft: Option<bool>,
    /// Only pages of this kind.
    pub kind: Option<PageKind>,
    /// Only pages dated on or after this day.
    pub date_from: Option<String>,
    /// Only pages dated on or before this day.
    pub date_to: Option<String>,
    /// Only pages with (`true`) or without (`false`) findings; needs the set of pages with
    /// findings (see [`SiteIndex::query`]).
    pub has_problems: Option<bool>,
    /// Sort key.
    pub sort: SortKey,
    /// Reverse the order (newest first for [`SortKey::Date`]).
    pub descending: bool,
    /// At most this many results.
    pub limit: Option<usize>,
}

/// Whether `page` lists one of the `terms` (taxonomy plural, slug), compared urlized as Hugo
/// groups terms.
fn carries_any(page: &PageEntry, terms: &HashSet<(&str, &str)>) -> bool {
    !terms.is_empty()
        && page.taxonomies.iter().any(|(taxonomy, names)| {
            names
                .iter()
                .any(|n| terms.contains(&(taxonomy.as_str(), urlize(n).as_str())))
        })
}

impl SiteIndex {
    /// The pages `query` selects, sorted. `problem_paths` lists the pages with findings; the
    /// `has_problems` filter is ignored without it.
    pub fn query(
        &self,
        query: &PageQuery,
        problem_paths: Option<&HashSet<String>>,
    ) -> Vec<&PageEntry> {
        let words: Vec<String> = query
            .text
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let day = |text: &Option<String>, end_of_day: bool| {
            text.as_deref().and_then(parse_hugo_date).map(|(secs, _)| {
                if end_of_day {
                    secs + 86_399
                } else {
                    secs
                }
            })
        };
        let (from, to) = (day(&query.date_from, false), day(&query.date_to, true));
        let topic = query.topic.as_deref().map(urlize);
        let terms: Vec<(&str, String)> = query
            .terms
            .iter()
            .map(|(taxonomy, term)| (taxonomy.as_str(), urlize(term)))
            .collect();
        // The bodies' text and word counts, on all cores rather than page by page below.
        if !words.is_empty() || query.sort == SortKey::WordCount {
            self.read_bodies();
        }
        // For each word, the terms whose display name holds it.
        let named: Vec<HashSet<(&str, &str)>> = words.iter().map(|w| self.terms_named(w)).collect();
        let mut found: Vec<&PageEntry> = self
            .pages
            .iter()
            .filter(|p| query.section.as_ref().is_none_or(|s| p.section == *s))
            .filter(|p| query.lang.as_ref().is_none_or(|l| p.lang == *l))
            .filter(|p| query.author.as_ref().is_none_or(|a| p.authors.contains(a)))
            .filter(|p| {
                topic
                    .as_ref()
                    .is_none_or(|t| p.topics.iter().any(|pt| urlize(pt) == *t))
            })
            .filter(|p| {
                terms.iter().all(|(taxonomy, term)| {
                    p.taxonomies
                        .get(*taxonomy)
                        .is_some_and(|names| names.iter().any(|n| urlize(n) == *term))
                })
            })
            .filter(|p| query.draft.is_none_or(|d| p.draft == d))
            .filter(|p| query.kind.is_none_or(|k| p.kind == k))
            .filter(|p| {
                if from.is_none() && to.is_none() {
                    return true;
                }
                let Some((secs, _)) = p.date.as_deref().and_then(parse_hugo_date) else {
                    return false;
                };
                from.is_none_or(|f| secs >= f) && to.is_none_or(|t| secs <= t)
            })
            .filter(|p| match (query.has_problems, problem_paths) {
                (Some(wanted), Some(paths)) => paths.contains(&p.path) == wanted,
                _ => true,
            })
            .filter(|p| {
                words.iter().zip(&named).all(|(w, named)| {
                    p.search_text_contains(w.as_str())
                        || p.path.to_lowercase().contains(w.as_str())
                        || carries_any(p, named)
                })
            })
            .collect();
        let date_secs = |p: &PageEntry| p.date.as_deref().and_then(parse_hugo_date).map(|(s, _)| s);
        match query.sort {
            SortKey::Date => found.sort_by(|a, b| {
                // Undated pages last in either direction.
                let (da, db) = (date_secs(a), date_secs(b));
                match (da, db) {
                    (Some(x), Some(y)) => {
                        if query.descending {
                            y.cmp(&x)
                        } else {
                            x.cmp(&y)
                        }
                    }
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then_with(|| a.path.cmp(&b.path))
            }),
            key => {
                found.sort_by(|a, b| match key {
                    SortKey::Title => a
                        .title
                        .to_lowercase()
                        .cmp(&b.title.to_lowercase())
                        .then_with(|| a.path.cmp(&b.path)),
                    SortKey::WordCount => a
                        .word_count()
                        .cmp(&b.word_count())
                        .then_with(|| a.path.cmp(&b.path)),
                    _ => a.path.cmp(&b.path),
                });
                if query.descending {
                    found.reverse();
                }
            }
        }
        if !words.is_empty() {
            // Relevance first; the sort above orders each rank (a stable sort keeps it).
            let rank = |p: &PageEntry| {
                let title = p.title.to_lowercase();
                if words.iter().all(|w| title.contains(w.as_str())) {
                    0
                } else if words
                    .iter()
                    .zip(&named)
                    .all(|(w, named)| title.contains(w.as_str()) || carries_any(p, named))
                {
                    1
                } else {
                    2
                }
            };
            found.sort_by_cached_key(|p| rank(p));
        }
        if let Some(limit) = query.limit {
            found.truncate(limit);
        }
        found
    }

    /// The terms (taxonomy plural, slug) whose display name — the term page's `title`, else
    /// its `display_name` — holds `word` (lower-case).
    fn terms_named(&self, word: &str) -> HashSet<(&str, &str)> {
        self.terms
            .iter()
            .flat_map(|(taxonomy, terms)| terms.iter().map(move |t| (taxonomy, t)))
            .filter(|(_, t)| t.title.to_lowercase().contains(word))
            .map(|(taxonomy, t)| (taxonomy.as_str(), t.slug.as_str()))
            .collect()
    }

    /// Terms of `taxonomy` matching `text`, best first, for the pickers: exact slug or title,
    /// then prefix of the slug, the title or a word of the title, then anywhere; ties go to the
    /// most used. An empty `text` lists the most used terms.
    pub fn search_terms(&self, taxonomy: &str, text: &str, limit: usize) -> Vec<&Term> {
        let Some(terms) = self.terms.get(taxonomy) else {
            return Vec::new();
        };
        let needle = text.trim().to_lowercase();
        let mut scored: Vec<(u8, &Term)> = terms
            .iter()
            .filter_map(|term| {
                if needle.is_empty() {
                    return Some((0, term));
                }
                let title = term.title.to_lowercase();
                let score = if term.slug == needle || title == needle {
                    0
                } else if term.slug.starts_with(&needle)
                    || title.starts_with(&needle)
                    || title.split_whitespace().any(|w| w.starts_with(&needle))
                {
                    1
                } else if term.slug.contains(&needle) || title.contains(&needle) {
                    2
                } else {
                    return None;
                };
                Some((score, term))
            })
            .collect();
        scored.sort_by(|(sa, a), (sb, b)| {
            sa.cmp(sb)
                .then(b.count.cmp(&a.count))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        scored.into_iter().take(limit).map(|(_, t)| t).collect()
    }

    /// Whether Hugo builds `page` under the site's settings (drafts and expired pages are out
    /// unless `buildDrafts`/`buildExpired`).
    pub fn is_built(page: &PageEntry, build_drafts: bool, build_expired: bool) -> bool {
        (build_drafts || !page.draft) && (build_expired || !page.expired)
    }
}
