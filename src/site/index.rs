//! The index of every page and taxonomy term, built by one walk of the content folder.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::mounts::{Mounts, PageLocation};
use super::publish::{build_options, BuildOptions, CascadeEntry, CascadeSubject, ListMode};
use super::refs::RefLookup;
use super::SiteConfig;
use crate::front_matter::{FrontMatter, Value};

/// What Hugo makes of a content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum PageKind {
    /// A regular page.
    Page,
    /// `_index.md` of a section.
    Section,
    /// `_index.md` of a taxonomy term (`topics/<term>/_index.md`).
    Term,
    /// `_index.md` of a taxonomy (`topics/_index.md`).
    Taxonomy,
    /// The site's `_index.md`.
    Home,
}

impl PageKind {
    /// Hugo's name for the kind (`page`, `section`, `term`, `taxonomy`, `home`).
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Page => "page",
            PageKind::Section => "section",
            PageKind::Term => "term",
            PageKind::Taxonomy => "taxonomy",
            PageKind::Home => "home",
        }
    }
}

/// One page of the site, as the list, pickers and checks see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageEntry {
    /// Path relative to the content folder, with `/`.
    pub path: String,
    /// First component of the page's Hugo path (`news`), empty for top-level pages.
    pub section: String,
    /// The page's language (`en`): from its file name (`post.fr.md`), its content mount or
    /// the default content language.
    pub lang: String,
    /// Its build options, its own or cascaded (see [`super::publish::build_options`]).
    pub build: BuildOptions,
    /// Page, section, term…
    pub kind: PageKind,
    /// `title`, else the file name.
    pub title: String,
    /// `date` as written.
    pub date: Option<String>,
    /// `draft: true`.
    pub draft: bool,
    /// `authors` (also in `taxonomies` when the site declares that taxonomy).
    pub authors: Vec<String>,
    /// `topics` (also in `taxonomies` when the site declares that taxonomy).
    pub topics: Vec<String>,
    /// The terms the page lists for each taxonomy the site's config declares (by plural,
    /// keys read case-insensitively as Hugo does); taxonomies the page lists nothing for are
    /// left out.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// The page's other front-matter keys, as written, with their values: those no field of
    /// this entry holds (neither the fields above nor a declared taxonomy's terms).
    #[cfg_attr(feature = "specta", specta(type = BTreeMap<String, serde_json::Value>))]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// `summary`.
    pub summary: Option<String>,
    /// `slug`.
    pub slug: Option<String>,
    /// `aliases` (on term pages: the retired terms this one replaces).
    pub aliases: Vec<String>,
    /// The site-relative URL Hugo will publish the page at.
    pub permalink: String,
    /// The front matter could not be read (the message, with line and column).
    pub front_matter_error: Option<String>,
    /// `publishDate` as written.
    pub publish_date: Option<String>,
    /// `expiryDate` as written.
    pub expiry_date: Option<String>,
    /// The expiry date has passed: Hugo does not build the page (nor resolve refs to it).
    pub expired: bool,
    /// `ref`/`relref` calls in the body, in order.
    pub refs: Vec<OutgoingRef>,
    /// Names of the shortcodes the body calls, sorted, each once.
    pub shortcodes: Vec<String>,
    /// The body's text and word count (see [`PageEntry::word_count`]), made on first use;
    /// in JSON, `wordCount`.
    #[serde(rename = "wordCount", serialize_with = "serialize_word_count")]
    #[cfg_attr(feature = "specta", specta(type = usize))]
    pub(crate) body: super::scan::BodyText,
    /// Title, summary and terms lower-cased, a line each (see [`super::scan::SearchText`]):
    /// what text search looks in besides the body's text. Shared, not copied, by the copies
    /// of an entry (the lists' and queries' answers, a snapshot changed while another holds it).
    #[serde(skip)]
    pub(crate) search_head: std::sync::Arc<str>,
    /// The path Hugo knows the page by (see [`super::mounts::PageLocation::hugo_path`]):
    /// what refs are looked up by. The same as `path` unless content is mounted elsewhere.
    #[serde(skip)]
    pub hugo_path: String,
    /// The front-matter keys (lower-cased) the cascades that target the page give it and its
    /// own front matter does not set, nearest cascade first; a cascaded `params` map's
    /// entries are given one by one. Templates see them in `.Params`.
    #[serde(skip)]
    pub cascaded: serde_json::Map<String, serde_json::Value>,
}

/// A `{{< ref "…" >}}` or `relref` call in a page body.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingRef {
    /// The target as written, anchor included (`other.md#part`).
    pub target: String,
    /// `ref` or `relref`.
    pub shortcode: String,
    /// The language the call names (`lang="en"`), when it names one: the ref is looked up
    /// among that language's pages instead of the calling page's.
    pub lang: Option<String>,
    /// Byte offset of the call's `{{` in the whole source.
    pub offset: usize,
    /// 1-based line of the call.
    pub line: usize,
    /// 1-based column of the call.
    pub column: usize,
}

/// A taxonomy term, from its term page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Term {
    /// The term's slug (its folder name).
    pub slug: String,
    /// The term page's `title`, else the slug.
    pub title: String,
    /// Retired URLs or names listed in the term page's `aliases`.
    pub aliases: Vec<String>,
    /// How many pages list the term (by its slug, as Hugo urlizes front-matter terms).
    pub count: usize,
}

/// Every page and term of a site.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteIndex {
    /// Pages sorted by path.
    pub pages: Vec<PageEntry>,
    /// Terms by taxonomy plural (`topics`), sorted by slug: those with a term page
    /// (`content/<taxonomy>/<term>/_index.md`), which the checks and pickers know.
    pub terms: BTreeMap<String, Vec<Term>>,
    /// For every taxonomy the config declares, how many pages list each term (by urlized
    /// name, as Hugo groups them), term page or not: what Hugo's taxonomy lists would show.
    pub term_counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// The content files Hugo reads but does not list (`build.list` `never` or `local`, own
    /// or cascaded; headless bundles), sorted by path: not pages of the site's lists, search
    /// or checks, but still found by refs.
    #[serde(skip)]
    pub unlisted: Vec<PageEntry>,
    /// Content adapters (`_content.gotmpl`) under the content mounts, content-relative: the
    /// pages they make are not read (nor listed or previewable) here.
    pub content_adapters: Vec<String>,
    /// The config's `cascade`, applied below every section's.
    #[serde(skip)]
    config_cascade: Vec<CascadeEntry>,
    /// `ref` lookup tables, built on first use and dropped by every change made through
    /// [`SiteIndex::upsert`], [`SiteIndex::remove`] or [`SiteIndex::refresh_terms`] (call the
    /// latter after changing `pages` directly).
    #[serde(skip)]
    ref_lookup: std::sync::OnceLock<RefLookup>,
}

const CONTENT_EXTS: [&str; 3] = ["md", "markdown", "html"];

impl SiteIndex {
    /// Indexes every content file of the site at `root` through its content mounts (page
    /// paths relative to `content_rel`, see [`Mounts::content_root`]).
    pub fn build_mounted(
        root: &Path,
        content_rel: &Path,
        mounts: &Mounts,
        config: &SiteConfig,
    ) -> SiteIndex {
        // Reading and parsing the pages is most of the work, and each page is its own: the
        // pages are read on every core as the walk finds them (the index sorts them by path).
        let mut adapters = Vec::new();
        let pages = crate::parallel::map_as_produced(
            |each| {
                adapters = mounts.walk_content(root, content_rel, config, &mut |location, path| {
                    each((location, path))
                });
            },
            |(location, path)| index_file_at(location, path, config),
        );
        adapters.sort();
        let mut index = SiteIndex {
            pages,
            content_adapters: adapters,
            config_cascade: super::config::lookup_ci(&config.raw, "cascade")
                .map(CascadeEntry::parse)
                .unwrap_or_default(),
            ..SiteIndex::default()
        };
        index.classify();
        index.refresh_terms(config);
        index
    }

    /// Works out every page's build options (own, else cascaded) and keeps apart those Hugo
    /// does not list.
    fn classify(&mut self) {
        let mut all = std::mem::take(&mut self.pages);
        all.append(&mut self.unlisted);
        // By language, then by the folder of the section page that sets them.
        let mut cascades: std::collections::HashMap<
            String,
            std::collections::HashMap<String, Vec<CascadeEntry>>,
        > = Default::default();
        for page in all.iter().filter(|p| p.kind != PageKind::Page) {
            let cascade = page
                .params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("cascade"))
                .map(|(_, v)| CascadeEntry::parse(v));
            if let Some(entries) = cascade {
                let dir = page.hugo_path.rsplit_once('/').map_or("", |(d, _)| d);
                cascades
                    .entry(page.lang.clone())
                    .or_default()
                    .insert(dir.to_string(), entries);
            }
        }
        for page in &mut all {
            // From the folder holding the file (a section's own `cascade` applies to it too)
            // up to the root, then the config's.
            let mut levels: Vec<&[CascadeEntry]> = Vec::new();
            if let Some(by_dir) = cascades.get(page.lang.as_str()) {
                let mut dir = page.hugo_path.as_str();
                while let Some((parent, _)) = dir.rsplit_once('/') {
                    levels.extend(by_dir.get(parent).map(Vec::as_slice));
                    dir = parent;
                }
                levels.extend(by_dir.get("").map(Vec::as_slice));
            }
            levels.push(self.config_cascade.as_slice());
            if levels.iter().all(|level| level.is_empty()) {
                // No cascade reaches the page (most of a site without any): its own options.
                page.cascaded = serde_json::Map::new();
                page.build = BuildOptions::from_front_matter(&page.params).unwrap_or_default();
                continue;
            }
            let identity = super::refs::identity(&page.hugo_path);
            let subject = CascadeSubject {
                path: &identity,
                kind: page.kind.as_str(),
                lang: &page.lang,
            };
            page.cascaded = cascaded_values(&page.params, subject, &levels);
            page.build = build_options(&page.params, subject, levels);
        }
        let (listed, unlisted) = all
            .into_iter()
            .partition(|p| p.build.list == ListMode::Always);
        self.pages = listed;
        self.unlisted = unlisted;
        self.pages.sort_by(|a, b| a.path.cmp(&b.path));
        self.unlisted.sort_by(|a, b| a.path.cmp(&b.path));
        self.ref_lookup = Default::default();
    }

    /// The page or unlisted content file at `path`.
    pub fn entry(&self, path: &str) -> Option<&PageEntry> {
        self.page(path).or_else(|| {
            self.unlisted
                .binary_search_by(|p| p.path.as_str().cmp(path))
                .ok()
                .map(|i| &self.unlisted[i])
        })
    }

    /// The entry at position `i` of the pages followed by the unlisted files (the ref
    /// lookup's numbering).
    pub(crate) fn nth_entry(&self, i: usize) -> &PageEntry {
        match self.pages.get(i) {
            Some(page) => page,
            None => &self.unlisted[i - self.pages.len()],
        }
    }

    /// The page at `path` (relative to the content folder).
    pub fn page(&self, path: &str) -> Option<&PageEntry> {
        self.pages
            .binary_search_by(|p| p.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.pages[i])
    }

    /// Replaces (or adds) the entry for one page, keeping the order; its build options (and,
    /// for a section, its descendants') are worked out again.
    pub fn upsert(&mut self, entry: PageEntry) {
        self.unlisted.retain(|p| p.path != entry.path);
        match self.pages.binary_search_by(|p| p.path.cmp(&entry.path)) {
            Ok(i) => self.pages[i] = entry,
            Err(i) => self.pages.insert(i, entry),
        }
        self.classify();
    }

    /// Replaces (or adds) the entries `upserts` and drops those at `removed`, working out the
    /// build options once for the whole batch: [`SiteIndex::upsert`] does it for every page
    /// after each entry, which for a `git checkout` of 4,000 files outside the app took 4–5 s
    /// (`benches/watch.rs`), against one pass here.
    pub fn apply_batch(&mut self, upserts: Vec<PageEntry>, removed: &[String]) {
        let touched: std::collections::HashSet<&str> = removed
            .iter()
            .map(String::as_str)
            .chain(upserts.iter().map(|e| e.path.as_str()))
            .collect();
        self.pages.retain(|p| !touched.contains(p.path.as_str()));
        self.unlisted.retain(|p| !touched.contains(p.path.as_str()));
        self.pages.extend(upserts);
        self.classify();
    }

    /// Drops the entry for one page.
    pub fn remove(&mut self, path: &str) {
        if let Ok(i) = self.pages.binary_search_by(|p| p.path.as_str().cmp(path)) {
            self.pages.remove(i);
        }
        self.unlisted.retain(|p| p.path != path);
        self.classify();
    }

    /// Recomputes the taxonomy terms from the pages.
    pub fn refresh_terms(&mut self, config: &SiteConfig) {
        (self.terms, self.term_counts) = collect_terms(&self.pages, config);
        self.ref_lookup = Default::default();
    }

    /// Makes the body text and word count of every page not made yet (see
    /// `site::scan::BodyText`), on all cores: before a search or a sort that reads them all.
    pub fn read_bodies(&self) {
        let unmade: Vec<&PageEntry> = self.pages.iter().filter(|p| !p.body.is_made()).collect();
        crate::parallel::map_in_order(&unmade, |page| {
            page.body.get();
        });
    }

    pub(crate) fn ref_lookup(&self) -> &RefLookup {
        self.ref_lookup
            .get_or_init(|| RefLookup::build(self.pages.iter().chain(&self.unlisted)))
    }
}

/// What the cascades (`levels`, nearest first) that target a page give it beyond its own front
/// matter (`own`): see [`PageEntry::cascaded`].
fn cascaded_values(
    own: &serde_json::Map<String, serde_json::Value>,
    subject: CascadeSubject<'_>,
    levels: &[&[CascadeEntry]],
) -> serde_json::Map<String, serde_json::Value> {
    let own_keys: std::collections::HashSet<String> =
        own.keys().map(|k| k.to_lowercase()).collect();
    let own_params: std::collections::HashSet<String> = own
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("params"))
        .and_then(|(_, v)| v.as_object())
        .map(|m| m.keys().map(|k| k.to_lowercase()).collect())
        .unwrap_or_default();
    let mut given = serde_json::Map::new();
    for entry in levels.iter().copied().flatten() {
        if !entry.targets(subject) {
            continue;
        }
        for (key, value) in &entry.values {
            let key = key.to_lowercase();
            match (key.as_str(), value) {
                ("params", serde_json::Value::Object(params)) => {
                    for (param, value) in params {
                        let param = param.to_lowercase();
                        if !own_params.contains(&param) && !own_keys.contains(&param) {
                            given.entry(param).or_insert_with(|| value.clone());
                        }
                    }
                }
                ("cascade" | "build" | "_build", _) => {}
                _ if !own_keys.contains(&key) => {
                    given.entry(key).or_insert_with(|| value.clone());
                }
                _ => {}
            }
        }
    }
    given
}

/// Whether Hugo reads `path` as a page (by its extension).
pub fn is_content_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CONTENT_EXTS.contains(&e))
}

/// Indexes the page file at `path` (`rel` to the content folder). A file that cannot be read,
/// is not UTF-8 (a binary dropped into the folder) or is too large to be a page still shows in
/// the list, with the problem as its front-matter error.
pub fn index_file(rel: &str, path: &Path, config: &SiteConfig) -> PageEntry {
    index_file_at(&PageLocation::plain(rel, config), path, config)
}

/// Like [`index_file`], for a file at `location`. The body's search text and word count are
/// made from the file when first asked for (see `site::scan::BodyText`).
pub fn index_file_at(location: &PageLocation, path: &Path, config: &SiteConfig) -> PageEntry {
    match crate::document::read_text_limited(path, MAX_PAGE_BYTES) {
        Ok(source) => index_source(location, &source, config, Some(path)),
        Err(problem) => {
            let mut entry = index_page_at(location, "", config);
            entry.front_matter_error = Some(match problem {
                crate::document::DocumentError::TooLarge { .. } => {
                    format!("{problem}; not indexed")
                }
                other => other.to_string(),
            });
            entry
        }
    }
}

/// Pages larger than this are listed but not read: the largest digital.gov page is under
/// 200 kB, and reading a stray 100 MB export on every re-index would stall the app.
pub const MAX_PAGE_BYTES: u64 = 20_000_000;

/// Indexes one page from its path (relative to the content folder) and source, as a file of
/// the default content mount.
pub fn index_page(rel: &str, source: &str, config: &SiteConfig) -> PageEntry {
    index_page_at(&PageLocation::plain(rel, config), source, config)
}

/// Indexes one page from its location in the site (see [`super::mounts`]) and source.
pub fn index_page_at(location: &PageLocation, source: &str, config: &SiteConfig) -> PageEntry {
    index_source(location, source, config, None)
}

/// [`index_page_at`]; the body text is made from `file` when first asked for, or else from
/// `source` now.
fn index_source(
    location: &PageLocation,
    source: &str,
    config: &SiteConfig,
    file: Option<&Path>,
) -> PageEntry {
    let rel = location.hugo_path.as_str();
    let (fm, front_matter_error) = match FrontMatter::parse(source) {
        Ok(fm) => (Some(fm), None),
        Err(e) => (None, Some(e.to_string())),
    };
    // Keys in any case, as Hugo reads them (see `FrontMatter::get`).
    let get = |key: &str| fm.as_ref().and_then(|fm| fm.get(key));
    let string = |key: &str| get(key).and_then(scalar_string);
    let list = |key: &str| get(key).map(string_list).unwrap_or_default();
    let components: Vec<&str> = rel.split('/').collect();
    let file_name = components.last().copied().unwrap_or(rel);
    let is_index = file_name.starts_with("_index.");
    let section = if components.len() > 1 {
        components[0].to_string()
    } else {
        String::new()
    };
    let is_taxonomy = config.taxonomy_plurals().any(|t| t == section);
    let kind = match (is_index, components.len()) {
        (true, 1) => PageKind::Home,
        (true, 2) if is_taxonomy => PageKind::Taxonomy,
        (true, 3) if is_taxonomy => PageKind::Term,
        (true, _) => PageKind::Section,
        (false, _) => PageKind::Page,
    };
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    // Without a title: digital.gov's author pages name the person in `display_name`; a
    // section or term page is named by its folder, as Hugo does.
    let folder_name = if is_index && components.len() > 1 {
        components[components.len() - 2]
    } else {
        stem
    };
    let title = string("title")
        .or_else(|| string("display_name"))
        .unwrap_or_else(|| folder_name.to_string());
    let date = string("date");
    let slug = string("slug");
    // Hugo's `.Date`: the first of these that is set.
    let page_date = [
        "date",
        "publishdate",
        "pubdate",
        "published",
        "lastmod",
        "modified",
    ]
    .iter()
    .find_map(|k| string(k).filter(|d| !d.trim().is_empty()));
    let permalink = string("url").map_or_else(
        || {
            let prefix = config.language_prefix(&location.lang);
            let path = permalink_for(
                rel,
                &section,
                kind,
                page_date.as_deref(),
                slug.as_deref().filter(|s| !s.trim().is_empty()),
                &title,
                config,
            );
            escape_path(&if prefix.is_empty() {
                path
            } else {
                format!("/{prefix}{path}")
            })
        },
        |url| normalize_url(&url),
    );
    let publish_date = string("publishDate");
    let expiry_date = string("expiryDate");
    let expired = expiry_date
        .as_deref()
        .and_then(super::dates::parse_hugo_date)
        .is_some_and(|(secs, _)| secs <= super::dates::now_seconds());
    let body_start = fm.as_ref().map_or_else(
        || crate::front_matter::body_start(source),
        FrontMatter::body_start,
    );
    let calls = super::scan::scan_calls(source, body_start);
    let summary = string("summary");
    let (taxonomies, params) = fm
        .as_ref()
        .map(|fm| terms_and_params(fm, config))
        .unwrap_or_default();
    let summary_text = summary.as_deref().unwrap_or_default();
    let mut search = super::scan::SearchText::with_capacity(title.len() + summary_text.len() + 2);
    search.add(&title);
    search.add(summary_text);
    // The page list's one search box finds a page by its authors and other terms as well.
    for name in taxonomies.values().flatten() {
        search.add(name);
    }
    let body = match file {
        Some(file) => super::scan::BodyText::from_file(file),
        None => super::scan::BodyText::of(source.get(body_start..).unwrap_or_default()),
    };
    PageEntry {
        build: BuildOptions::from_front_matter(&params).unwrap_or_default(),
        path: location.path.clone(),
        hugo_path: location.hugo_path.clone(),
        cascaded: serde_json::Map::new(),
        lang: location.lang.clone(),
        section,
        kind,
        title,
        date,
        draft: matches!(get("draft"), Some(Value::Bool(true))),
        authors: list("authors"),
        topics: list("topics"),
        taxonomies,
        params,
        summary,
        slug,
        aliases: list("aliases"),
        permalink,
        front_matter_error,
        publish_date,
        expiry_date,
        expired,
        refs: calls.refs,
        shortcodes: calls.shortcodes,
        body,
        search_head: search.into_string().into(),
    }
}

impl PageEntry {
    /// Words of the body's text (shortcode calls and HTML tags not counted). Read from the
    /// page's file on first call for an entry indexed from one (see
    /// [`SiteIndex::read_bodies`] to do it for every page at once).
    pub fn word_count(&self) -> usize {
        self.body.get().words
    }

    /// Whether the lower-cased search text of the page (title, summary, terms, body) holds
    /// `word`, which holds no whitespace.
    pub(crate) fn search_text_contains(&self, word: &str) -> bool {
        // Each part ends a line, so no word runs across two of them.
        self.search_head.contains(word) || self.body.get().text.contains(word)
    }
}

fn serialize_word_count<S: serde::Serializer>(
    body: &super::scan::BodyText,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&body.get().words, serializer)
}

/// Front-matter keys (lower-cased) that [`PageEntry`] has a field for, so not in its params.
const ENTRY_KEYS: [&str; 11] = [
    "title",
    "date",
    "draft",
    "authors",
    "topics",
    "summary",
    "slug",
    "aliases",
    "url",
    "publishdate",
    "expirydate",
];

/// The terms `fm` lists for each taxonomy `config` declares, and its other keys (see
/// [`PageEntry::params`]).
fn terms_and_params(
    fm: &FrontMatter,
    config: &SiteConfig,
) -> (
    BTreeMap<String, Vec<String>>,
    serde_json::Map<String, serde_json::Value>,
) {
    let mut taxonomies = BTreeMap::new();
    let mut params = serde_json::Map::new();
    for (key, value) in fm.fields() {
        let taxonomy = config
            .taxonomy_plurals()
            .find(|plural| plural.eq_ignore_ascii_case(key));
        if let Some(taxonomy) = taxonomy {
            let terms = string_list(value);
            if !terms.is_empty() {
                taxonomies.insert(taxonomy.to_string(), terms);
            }
        } else if !ENTRY_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            params.insert(key.clone(), value.to_json());
        }
    }
    (taxonomies, params)
}

fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_list(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter_map(scalar_string).collect(),
        other => scalar_string(other).into_iter().collect(),
    }
}

/// Hugo's `urlize` without the final URL escaping (`MakePathSanitized`): letters, digits,
/// marks and `. / \\ _ # + ~ - @` (and `%XX` escapes) are kept, lower-cased; a run of
/// whitespace becomes one `-` unless a `-` is already there; everything else is dropped.
pub fn urlize(text: &str) -> String {
    let bytes = text.as_bytes();
    // Hex digits are ASCII, so the two bytes after a `%` say whether it starts an escape.
    let is_hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
    let mut out = String::with_capacity(text.len());
    let mut prepend_hyphen = false;
    let mut was_hyphen = false;
    for (i, c) in text.char_indices() {
        let allowed = c.is_alphabetic()
            || c.is_numeric()
            || is_mark(c)
            || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || (c == '%' && is_hex(i + 1) && is_hex(i + 2));
        if allowed {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    out.push('-');
                }
                prepend_hyphen = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    out
}

/// Unicode combining marks (the common blocks), which Hugo keeps in URLs.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Percent-encodes what a URL path may not hold as is (Hugo's `RelPermalink` escapes
/// non-ASCII characters, upper-case hex).
pub(crate) fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() && c != ' ' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Front matter `url`: a leading `/` is added, and a trailing `/` when the last segment has no
/// extension.
fn normalize_url(url: &str) -> String {
    let mut out = if url.starts_with('/') {
        url.to_string()
    } else {
        format!("/{url}")
    };
    let last = out.rsplit('/').next().unwrap_or("");
    if !last.is_empty() && !last.contains('.') {
        out.push('/');
    }
    out
}

/// The site-relative URL of a page, from the section's `permalinks` pattern or Hugo's default.
fn permalink_for(
    rel: &str,
    section: &str,
    kind: PageKind,
    date: Option<&str>,
    slug: Option<&str>,
    title: &str,
    config: &SiteConfig,
) -> String {
    let path = raw_permalink(rel, section, kind, date, slug, title, config);
    // Hugo cleans the path: a slug written with slashes (`/resources/x`, `x/`) leaves no
    // empty segment.
    if path.contains("//") {
        let mut out = String::with_capacity(path.len());
        for c in path.chars() {
            if !(c == '/' && out.ends_with('/')) {
                out.push(c);
            }
        }
        out
    } else {
        path
    }
}

/// [`urlize`] of a slug, title or file name in a permalink: Hugo reads `%XX` escapes in it
/// as the characters they stand for (`sin%e2%80%8a-x`, a hair space, gives `sin-x`).
fn urlize_segment(text: &str) -> String {
    if !text.contains('%') {
        return urlize(text);
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| {
            bytes
                .get(at..at + 2)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (bytes[i], hex(i + 1)) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    match String::from_utf8(decoded) {
        Ok(text) => urlize(&text),
        Err(_) => urlize(text),
    }
}

/// [`permalink_for`] before the path is cleaned.
fn raw_permalink(
    rel: &str,
    section: &str,
    kind: PageKind,
    date: Option<&str>,
    slug: Option<&str>,
    title: &str,
    config: &SiteConfig,
) -> String {
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let is_bundle = stem == "index";
    if kind != PageKind::Page {
        // A section's `slug` replaces its folder's name.
        return match (dir.rsplit_once('/'), slug) {
            _ if dir.is_empty() => "/".to_string(),
            (Some((parent, _)), Some(slug)) => {
                format!("/{}/{}/", urlize_path(parent), urlize_segment(slug))
            }
            (None, Some(slug)) => format!("/{}/", urlize_segment(slug)),
            (_, None) => format!("/{}/", urlize_path(dir)),
        };
    }
    let content_base = if is_bundle {
        dir.rsplit('/').next().unwrap_or(dir)
    } else {
        stem
    };
    let Some(pattern) = config.permalinks.get(section) else {
        let parent = if is_bundle {
            dir.rsplit_once('/').map_or("", |(p, _)| p)
        } else {
            dir
        };
        let name = slug.map_or_else(|| urlize(content_base), urlize_segment);
        return if parent.is_empty() {
            format!("/{name}/")
        } else {
            format!("/{}/{name}/", urlize_path(parent))
        };
    };
    // The zero date (no date) gives year 1 (Go's `strconv.Itoa`), month and day 01.
    let (year, month, day) = date.map_or(("1", "01", "01"), |d| {
        let d = d.trim();
        let year = d.get(0..4).unwrap_or("1");
        (
            year.trim_start_matches('0'),
            d.get(5..7).unwrap_or("01"),
            d.get(8..10).unwrap_or("01"),
        )
    });
    // Each token's value is made only when the pattern has it (`urlize` is not free, and
    // this runs for every page). `:slugorfilename` before `:slug`, which is its prefix.
    let mut out = pattern.to_string();
    let mut fill = |token: &str, value: &dyn Fn() -> String| {
        if out.contains(token) {
            out = out.replace(token, &value());
        }
    };
    fill(":year", &|| year.to_string());
    fill(":month", &|| month.to_string());
    fill(":day", &|| day.to_string());
    fill(":slugorfilename", &|| {
        slug.map_or_else(|| urlize(content_base), urlize_segment)
    });
    fill(":slug", &|| {
        slug.map_or_else(|| urlize(title), urlize_segment)
    });
    fill(":title", &|| urlize(title));
    fill(":section", &|| section.to_string());
    fill(":contentbasename", &|| urlize(content_base));
    fill(":filename", &|| urlize(content_base));
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    out
}

fn urlize_path(dir: &str) -> String {
    dir.split('/').map(urlize).collect::<Vec<_>>().join("/")
}

/// Terms by taxonomy (from term pages) and, for every declared taxonomy, each term's count.
type Terms = (
    BTreeMap<String, Vec<Term>>,
    BTreeMap<String, BTreeMap<String, usize>>,
);

fn collect_terms(pages: &[PageEntry], config: &SiteConfig) -> Terms {
    let mut terms: BTreeMap<String, Vec<Term>> = config
        .taxonomy_plurals()
        .map(|t| (t.to_string(), Vec::new()))
        .collect();
    for page in pages.iter().filter(|p| p.kind == PageKind::Term) {
        let mut parts = page.hugo_path.split('/');
        let (Some(taxonomy), Some(slug)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let Some(list) = terms.get_mut(taxonomy) {
            list.push(Term {
                slug: slug.to_string(),
                title: page.title.clone(),
                aliases: page.aliases.clone(),
                count: 0,
            });
        }
    }
    for list in terms.values_mut() {
        list.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = config
        .taxonomy_plurals()
        .map(|t| (t.to_string(), BTreeMap::new()))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for page in pages.iter().filter(|p| p.kind == PageKind::Page) {
        for (taxonomy, names) in &page.taxonomies {
            let Some(taxonomy_counts) = counts.get_mut(taxonomy) else {
                continue;
            };
            // A page listing a term twice is one use (Hugo collapses duplicates).
            seen.clear();
            for name in names {
                let slug = urlize(name);
                if !seen.contains(&slug) {
                    *taxonomy_counts.entry(slug.clone()).or_default() += 1;
                    seen.insert(slug);
                }
            }
        }
    }
    for (taxonomy, list) in terms.iter_mut() {
        let Some(taxonomy_counts) = counts.get(taxonomy) else {
            continue;
        };
        for term in list.iter_mut() {
            term.count = taxonomy_counts.get(&term.slug).copied().unwrap_or(0);
        }
    }
    (terms, counts)
}
