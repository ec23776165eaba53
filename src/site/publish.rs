//! Whether Hugo publishes a page: the one answer the checks fold findings by. Hugo leaves a page
//! out of the site when it is a draft, expired or dated in the future (unless the site's
//! `buildDrafts`/`buildExpired`/`buildFuture`, read through [`SiteConfig::flag`], says
//! otherwise), or when its front matter says `build: { render: never }`.

use serde::Serialize;

use super::dates::{now_seconds, parse_hugo_date};
use super::{PageEntry, SiteConfig};

/// Why Hugo leaves a page out of the published site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Unpublished {
    /// `draft: true` (and no `buildDrafts`).
    Draft,
    /// `expiryDate` has passed (and no `buildExpired`).
    Expired,
    /// `publishDate` (else `date`) is still to come (and no `buildFuture`).
    Future,
    /// `build: { render: never }`: Hugo never renders the page.
    RenderNever,
}

impl std::fmt::Display for Unpublished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unpublished::Draft => "draft",
            Unpublished::Expired => "expired",
            Unpublished::Future => "future",
            Unpublished::RenderNever => "never rendered",
        })
    }
}

/// Why Hugo does not publish `page` under the site's settings; `None` when it does.
pub fn unpublished(page: &PageEntry, config: &SiteConfig) -> Option<Unpublished> {
    if render_never(page) {
        return Some(Unpublished::RenderNever);
    }
    if page.draft && !config.flag("buildDrafts") {
        return Some(Unpublished::Draft);
    }
    if page.expired && !config.flag("buildExpired") {
        return Some(Unpublished::Expired);
    }
    // Hugo's publishDate falls back to `date`.
    let publish = page.publish_date.as_deref().or(page.date.as_deref());
    let future = publish
        .and_then(parse_hugo_date)
        .is_some_and(|(secs, _)| secs > now_seconds());
    if future && !config.flag("buildFuture") {
        return Some(Unpublished::Future);
    }
    None
}

/// `build.render: never` (or `_build`, or the old `render: false`), keys in any case.
fn render_never(page: &PageEntry) -> bool {
    page.params.iter().any(|(key, value)| {
        (key.eq_ignore_ascii_case("build") || key.eq_ignore_ascii_case("_build"))
            && value.as_object().is_some_and(|options| {
                options.iter().any(|(k, v)| {
                    k.eq_ignore_ascii_case("render")
                        && (v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("never"))
                            || v.as_bool() == Some(false))
                })
            })
    })
}
