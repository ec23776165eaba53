//! Whether Hugo publishes and lists a page: the one answer the index and the checks go by.
//! Hugo leaves a page out of the site when it is a draft, expired or dated in the future
//! (unless the site's `buildDrafts`/`buildExpired`/`buildFuture`, read through
//! [`SiteConfig::flag`], says otherwise), or when its build options say `render: never` (or
//! `link`). Build options ([`build_options`]) come from the page's front matter (`build`, the
//! legacy `headless`), else from the `cascade` of its sections or of the config, whose
//! `_target` picks pages by path glob, kind, language and environment; a page whose
//! `list` is not `always` is not in the site's collections (nor in `hugo list all`), so the
//! index keeps it apart ([`super::SiteIndex::unlisted`]).

use serde::Serialize;

use super::dates::{now_seconds, parse_hugo_date};
use super::glob::Glob;
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

/// `build.render` is `never` or `link` (the page's own or cascaded; see [`build_options`]).
fn render_never(page: &PageEntry) -> bool {
    page.build.render != RenderMode::Always
}

/// Whether Hugo lists a page in the site's page collections (`build.list`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ListMode {
    /// In every collection (the default).
    #[default]
    Always,
    /// Only in its section's own collections (`.CurrentSection.Pages`), not in the site's:
    /// `hugo list all` leaves it out.
    Local,
    /// In no collection.
    Never,
}

/// Whether Hugo renders a page (`build.render`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum RenderMode {
    /// Rendered (the default).
    #[default]
    Always,
    /// Not rendered, but given a permalink.
    Link,
    /// Never rendered.
    Never,
}

/// A page's build options, its own front matter's or cascaded from a section or the config
/// (`docs/hugo-behaviour.md` §12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BuildOptions {
    /// `build.list`.
    pub list: ListMode,
    /// `build.render`.
    pub render: RenderMode,
    /// `build.publishResources`.
    pub publish_resources: bool,
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions {
            list: ListMode::Always,
            render: RenderMode::Always,
            publish_resources: true,
        }
    }
}

impl BuildOptions {
    /// The build options a front-matter map (a page's, or a cascade entry's values) sets:
    /// `build` (or the older `_build`), keys in any case, values as words or booleans
    /// (`true` is `always`, `false` is `never`); the legacy `headless: true` is
    /// `list: never, render: never`. `None` when it sets none, so that a cascade may.
    pub fn from_front_matter(
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<BuildOptions> {
        let get = |key: &str| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        };
        if let Some(build) = get("build").or_else(|| get("_build")) {
            let options = build.as_object()?;
            let field = |key: &str| {
                options
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            };
            let word = |key: &str| match field(key) {
                Some(serde_json::Value::Bool(true)) => Some("always".to_string()),
                Some(serde_json::Value::Bool(false)) => Some("never".to_string()),
                Some(serde_json::Value::String(s)) => Some(s.to_lowercase()),
                _ => None,
            };
            return Some(BuildOptions {
                list: match word("list").as_deref() {
                    Some("never") => ListMode::Never,
                    Some("local") => ListMode::Local,
                    _ => ListMode::Always,
                },
                render: match word("render").as_deref() {
                    Some("never") => RenderMode::Never,
                    Some("link") => RenderMode::Link,
                    _ => RenderMode::Always,
                },
                publish_resources: field("publishResources")
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(true),
            });
        }
        match get("headless") {
            Some(serde_json::Value::Bool(true)) => Some(BuildOptions {
                list: ListMode::Never,
                render: RenderMode::Never,
                publish_resources: true,
            }),
            _ => None,
        }
    }
}

/// One `cascade` entry: the values it gives and the pages it targets.
#[derive(Debug, Clone)]
pub struct CascadeEntry {
    /// The values (front-matter keys as written), `_target`/`target` left out.
    pub values: serde_json::Map<String, serde_json::Value>,
    path: Option<Glob>,
    kind: Option<Glob>,
    lang: Option<Glob>,
    environment: Option<Glob>,
    /// A target part that does not compile: the entry matches nothing.
    broken: bool,
}

/// The page facts a cascade target is matched against.
#[derive(Debug, Clone, Copy)]
pub struct CascadeSubject<'a> {
    /// Hugo's `.Path` (`/news/2020/post`, `/news` for a section).
    pub path: &'a str,
    /// `page`, `section`, `home`, `taxonomy` or `term`.
    pub kind: &'a str,
    /// The page's language.
    pub lang: &'a str,
}

/// The environment `hugo` and `hugo list` build for (`hugo server` uses `development`).
pub const ENVIRONMENT: &str = "production";

impl CascadeEntry {
    /// The entries of a `cascade` value: one map or a list of maps.
    pub fn parse(value: &serde_json::Value) -> Vec<CascadeEntry> {
        let maps: Vec<&serde_json::Map<String, serde_json::Value>> = match value {
            serde_json::Value::Object(map) => vec![map],
            serde_json::Value::Array(list) => list.iter().filter_map(|v| v.as_object()).collect(),
            _ => Vec::new(),
        };
        maps.into_iter().map(CascadeEntry::from_map).collect()
    }

    fn from_map(map: &serde_json::Map<String, serde_json::Value>) -> CascadeEntry {
        let mut entry = CascadeEntry {
            values: serde_json::Map::new(),
            path: None,
            kind: None,
            lang: None,
            environment: None,
            broken: false,
        };
        for (key, value) in map {
            if key.eq_ignore_ascii_case("_target") || key.eq_ignore_ascii_case("target") {
                let Some(target) = value.as_object() else {
                    continue;
                };
                for (part, pattern) in target {
                    let Some(pattern) = pattern.as_str().filter(|p| !p.is_empty()) else {
                        continue;
                    };
                    let glob = Glob::new(pattern);
                    entry.broken |= glob.is_none();
                    match part.to_lowercase().as_str() {
                        "path" => entry.path = glob,
                        "kind" => entry.kind = glob,
                        "lang" => entry.lang = glob,
                        "environment" => entry.environment = glob,
                        _ => {}
                    }
                }
            } else {
                entry.values.insert(key.clone(), value.clone());
            }
        }
        entry
    }

    /// Whether the entry applies to `page`.
    pub fn targets(&self, page: CascadeSubject<'_>) -> bool {
        let ok = |glob: &Option<Glob>, value: &str| glob.as_ref().is_none_or(|g| g.is_match(value));
        !self.broken
            && ok(&self.path, page.path)
            && ok(&self.kind, page.kind)
            && ok(&self.lang, page.lang)
            && ok(&self.environment, ENVIRONMENT)
    }
}

/// A page's build options: its own front matter's, else those of the first cascade entry
/// that targets it and sets them, `cascades` listed nearest first (the page's own `cascade`
/// for a section, then each ancestor section's, then the config's); the defaults otherwise.
/// As in Hugo, a front-matter key set nearer replaces the whole key set farther.
pub fn build_options<'a>(
    own: &serde_json::Map<String, serde_json::Value>,
    subject: CascadeSubject<'_>,
    cascades: impl IntoIterator<Item = &'a [CascadeEntry]>,
) -> BuildOptions {
    if let Some(options) = BuildOptions::from_front_matter(own) {
        return options;
    }
    cascades
        .into_iter()
        .flatten()
        .filter(|entry| entry.targets(subject))
        .find_map(|entry| BuildOptions::from_front_matter(&entry.values))
        .unwrap_or_default()
}
