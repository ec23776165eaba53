//! A page's translations on a multilingual site: which of the site's languages have it, which
//! lack it, and which were last changed before the page (`docs/hugo-behaviour.md` §11).
//!
//! Hugo links translations by `translationKey` when a page sets one, else by the page's path
//! in its language's tree (`news/post.md` in `content/en` and in `content/fr`, or `post.md`
//! and `post.fr.md`). "Older" compares each file's `lastmod` (any of Hugo's `.Lastmod` keys)
//! when both set one, else the files' modification times.

use std::time::SystemTime;

use serde::Serialize;

use super::dates::parse_hugo_date;
use super::{PageEntry, Site};

/// How one language stands for a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TranslationState {
    /// The page asked about.
    This,
    /// A translation changed at the same time as the page or later.
    Current,
    /// A translation last changed before the page: it may lag behind.
    Older,
    /// No page in that language.
    Missing,
}

/// One of the site's languages, for a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Translation {
    /// The language (`fr`).
    pub lang: String,
    /// The translation's path (content-relative), when there is one.
    pub path: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// How it stands.
    pub state: TranslationState,
}

/// What links a page to its translations: its `translationKey`, else its Hugo path.
fn translation_key(page: &PageEntry) -> String {
    page.params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("translationKey"))
        .and_then(|(_, v)| v.as_str().map(|key| format!("key:{key}")))
        .unwrap_or_else(|| format!("path:{}", super::refs::identity(&page.hugo_path)))
}

/// When the page was last changed: its `lastmod` (or `modified`) when set, else `None`.
fn lastmod_seconds(page: &PageEntry) -> Option<i64> {
    ["lastmod", "modified"].iter().find_map(|key| {
        page.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_str())
            .and_then(parse_hugo_date)
            .map(|(secs, _)| secs)
    })
}

impl Site {
    /// Every language of the site for the page at `path`, in the site's language order:
    /// the page itself, its translations (current or older) and the languages lacking it.
    /// Empty when the site has one language or there is no such page.
    pub fn translations(&self, path: &str) -> Vec<Translation> {
        if !self.config.is_multilingual() {
            return Vec::new();
        }
        let Some(page) = self.index.entry(path) else {
            return Vec::new();
        };
        let key = translation_key(page);
        let modified = |p: &PageEntry| -> Option<SystemTime> {
            std::fs::metadata(self.content_root().join(&p.path))
                .and_then(|m| m.modified())
                .ok()
        };
        let older = |other: &PageEntry| match (lastmod_seconds(other), lastmod_seconds(page)) {
            (Some(theirs), Some(ours)) => theirs < ours,
            _ => match (modified(other), modified(page)) {
                (Some(theirs), Some(ours)) => theirs < ours,
                _ => false,
            },
        };
        self.config
            .languages
            .iter()
            .map(|language| {
                if language.code == page.lang {
                    return Translation {
                        lang: language.code.clone(),
                        path: Some(page.path.clone()),
                        title: Some(page.title.clone()),
                        state: TranslationState::This,
                    };
                }
                let found = self
                    .index
                    .pages
                    .iter()
                    .chain(&self.index.unlisted)
                    .find(|p| p.lang == language.code && translation_key(p) == key);
                match found {
                    Some(other) => Translation {
                        lang: language.code.clone(),
                        path: Some(other.path.clone()),
                        title: Some(other.title.clone()),
                        state: if older(other) {
                            TranslationState::Older
                        } else {
                            TranslationState::Current
                        },
                    },
                    None => Translation {
                        lang: language.code.clone(),
                        path: None,
                        title: None,
                        state: TranslationState::Missing,
                    },
                }
            })
            .collect()
    }
}
