//! Hugo's content pipeline for one page (docs/hugo-behaviour.md §0): shortcodes are parsed with
//! positions; `{{% %}}` output joins the Markdown source, `{{< >}}` calls become placeholders
//! replaced after Markdown (dropping a `<p>` that wraps only the placeholder); the first
//! `<!--more-->` is removed as Hugo's summary divider. Errors become inline boxes and
//! diagnostics, never panics.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value as Json;

use crate::shortcode::{
    parse_body_with, BodyNode, Delimiter, InnerUse, ShortcodeCall, ShortcodeParams,
};
use crate::site::{Component, Site};
use crate::template::{
    LazyFrontMatter, PageContext, PageList, PreparedSite, ResourceFile, ShortcodeInput,
    ShortcodeTemplates, SiteContext, TemplateHost,
};

use super::builtins::{builtin_uses_inner, is_builtin, render_builtin};
use super::document_id::document_id;
use super::heading_id::HeadingIds;
use super::highlight::{highlight_html, parse_option_string, CodeBlock};
use super::hooks::MarkupHooks;
use super::markdown::{escape_html, render_markdown_with_ids};
use super::options::MarkdownOptions;
use super::RenderDiagnostic;
use crate::template::Value;
use crate::text::go_escape_string;

/// What a site needs loaded once to render any of its pages: Markdown settings, shortcode
/// templates, data files, and how bad refs are reported.
#[derive(Debug)]
pub struct Prepared {
    /// `markup.goldmark` and friends.
    pub options: MarkdownOptions,
    /// The site's (and its themes') shortcode templates and partials.
    pub templates: ShortcodeTemplates,
    /// `.Site` for templates, converted once into template values (data files are large:
    /// converting them for each call was most of a page's render time).
    pub template_site: PreparedSite,
    /// `refLinksErrorLevel` is ERROR (Hugo's default) rather than WARNING.
    pub ref_errors_are_errors: bool,
    /// `refLinksNotFoundURL`: what a ref that resolves to nothing prints.
    pub not_found_url: String,
    /// Problems met while loading (a template folder that could not be read).
    pub load_errors: Vec<String>,
    /// The site's shortcode templates that resolve refs themselves (digital.gov's `link`).
    pub ref_shortcodes: std::collections::BTreeSet<String>,
    /// Lone shortcode calls already rendered, by call text (see [`super::render_call`]).
    pub call_renders: std::sync::Mutex<HashMap<String, Arc<super::Rendered>>>,
}

fn config_lookup<'a>(raw: &'a Json, key: &str) -> Option<&'a Json> {
    raw.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// The layout folders Hugo reads, in precedence order: the site's layouts mounts
/// ([`crate::site::mounts`]; the project's, then each theme's).
fn layout_dirs(site: &Site) -> Vec<PathBuf> {
    site.mounts.root_dirs(&site.root, Component::Layouts)
}

/// Reads the data folders the site mounts into one value: a key per file (its stem), nested
/// by folder; the first mount holding a file wins.
pub fn load_data(site: &Site) -> Json {
    let mut data = serde_json::Map::new();
    for dir in site.mounts.root_dirs(&site.root, Component::Data) {
        load_data_dir(&site.root.join(dir), &mut data);
    }
    Json::Object(data)
}

fn load_data_dir(dir: &Path, data: &mut serde_json::Map<String, Json>) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Some(format) = crate::site::data::DataFormat::from_path(path) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(value) = crate::site::data::parse_data(path, &text, format) else {
            continue;
        };
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let mut target = &mut *data;
        for folder in &parts[..parts.len().saturating_sub(1)] {
            let slot = target
                .entry(folder.clone())
                .or_insert_with(|| Json::Object(Default::default()));
            if !slot.is_object() {
                *slot = Json::Object(Default::default());
            }
            let Json::Object(map) = slot else {
                unreachable!("made an object above")
            };
            target = map;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        target.entry(stem).or_insert(value);
    }
}

impl Prepared {
    /// Loads everything a render of `site` needs.
    pub fn load(site: &Site) -> Prepared {
        let raw = &site.config.raw;
        let mut load_errors: Vec<String> = site
            .theme_dirs()
            .1
            .iter()
            .map(ToString::to_string)
            .collect();
        let embedded_hooks = super::hooks::EMBEDDED_HOOKS
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let templates = match ShortcodeTemplates::load(&site.root, &layout_dirs(site)) {
            Ok(t) => t.with_hooks(embedded_hooks),
            Err(e) => {
                load_errors.push(e.to_string());
                ShortcodeTemplates::default()
            }
        };
        let ref_errors_are_errors = config_lookup(raw, "refLinksErrorLevel")
            .and_then(Json::as_str)
            .is_none_or(|level| !level.eq_ignore_ascii_case("warning"));
        let not_found_url = config_lookup(raw, "refLinksNotFoundURL")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string();
        let site_context = SiteContext {
            base_url: site.config.base_url.clone(),
            title: site.config.title.clone(),
            params: site.config.params.clone(),
            data: load_data(site),
        };
        let ref_shortcodes = templates
            .names()
            .filter(|name| matches!(templates.reads(name), Some(Ok(reads)) if reads.refs))
            .map(str::to_string)
            .collect();
        Prepared {
            ref_shortcodes,
            options: MarkdownOptions::from_config(raw),
            templates,
            template_site: PreparedSite::new(&site_context),
            ref_errors_are_errors,
            not_found_url,
            load_errors,
            call_renders: std::sync::Mutex::default(),
        }
    }
}

/// Modification times of what `Prepared` is built from, to know when to load it again.
fn fingerprint(site: &Site) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut stamps = vec![(site.config.file.clone(), mtime(&site.config.file))];
    for dir in layout_dirs(site) {
        for sub in [
            "_shortcodes",
            "shortcodes",
            "_partials",
            "partials",
            "_markup",
            "_default/_markup",
        ] {
            let folder = site.root.join(&dir).join(sub);
            for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
                stamps.push((entry.path().to_path_buf(), mtime(entry.path())));
            }
        }
    }
    // Data folders change when files come and go; a data file edited in place is picked up
    // when the site is opened again.
    for dir in site.mounts.root_dirs(&site.root, Component::Data) {
        for entry in walkdir::WalkDir::new(site.root.join(dir))
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_dir() {
                stamps.push((entry.path().to_path_buf(), mtime(entry.path())));
            }
        }
    }
    stamps
}

/// A site's loaded [`Prepared`]: when its files were last looked at (and at which
/// [`GENERATION`]), and their stamps.
struct Loaded {
    root: PathBuf,
    checked: Instant,
    generation: u64,
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
    prepared: Arc<Prepared>,
}

/// Bumped by [`reload_prepared`]: a `Prepared` loaded before the last bump is looked at again
/// at once rather than after [`RECHECK_AFTER`].
static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Says that the app itself just changed what `Prepared` is built from (wrote a data file), so
/// the next render on any thread looks at the files again.
pub fn reload_prepared() {
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// Forgets the calls rendered so far (see [`super::render_call`]), for when a burst of renders
/// is over: the site-wide check renders the calls of every page it reads, which the pages
/// checked afterwards (the open one, the ones saved) mostly do not meet again.
pub fn forget_rendered_calls() {
    for loaded in lock_loaded().iter() {
        loaded.prepared.lock_calls().clear();
    }
}

/// How long a loaded site is trusted before its files are looked at again: a render per
/// keystroke should not walk the data folder each time.
const RECHECK_AFTER: Duration = Duration::from_secs(2);

/// Sites kept loaded at once: the open one, and a few the tests or a site switch left, the
/// least recently looked at dropped first.
const MAX_LOADED: usize = 4;

/// The loaded sites, shared by every thread: one copy of a site's templates and data (a few
/// MB on digital.gov) serves the preview, the page's check and the site-wide check's workers,
/// where a copy per thread kept one on each of the app's runtime threads and loaded one on
/// each worker of every site-wide check.
static LOADED: std::sync::Mutex<Vec<Loaded>> = std::sync::Mutex::new(Vec::new());

fn lock_loaded() -> std::sync::MutexGuard<'static, Vec<Loaded>> {
    // A panic while loading left the list as it was before: still usable.
    LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Prepared {
    /// The calls rendered so far, by call text.
    pub(super) fn lock_calls(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, Arc<super::Rendered>>> {
        self.call_renders
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The site's `Prepared`, loaded once and again when its files change. A thread that finds it
/// being loaded waits for that load rather than making its own.
pub fn prepared_for(site: &Site) -> Arc<Prepared> {
    let mut loaded = lock_loaded();
    let generation = GENERATION.load(std::sync::atomic::Ordering::Relaxed);
    if let Some(entry) = loaded.iter_mut().find(|l| l.root == site.root) {
        if entry.checked.elapsed() < RECHECK_AFTER && entry.generation == generation {
            return Arc::clone(&entry.prepared);
        }
        let stamps = fingerprint(site);
        if entry.stamps == stamps {
            entry.checked = Instant::now();
            entry.generation = generation;
            return Arc::clone(&entry.prepared);
        }
    }
    let stamps = fingerprint(site);
    let prepared = Arc::new(Prepared::load(site));
    loaded.retain(|l| l.root != site.root);
    if loaded.len() >= MAX_LOADED {
        if let Some(oldest) = (0..loaded.len()).min_by_key(|&i| loaded[i].checked) {
            loaded.remove(oldest);
        }
    }
    loaded.push(Loaded {
        root: site.root.clone(),
        checked: Instant::now(),
        generation,
        stamps,
        prepared: Arc::clone(&prepared),
    });
    prepared
}

/// One page being rendered: its context, and the diagnostics met so far.
pub struct PageRender<'a> {
    site: &'a Site,
    prepared: &'a Prepared,
    page_path: &'a str,
    /// The page as templates see it, made when a template or `param` first needs it: its
    /// `.Params` come from the file on disk, which most renders never need to read.
    page: std::cell::OnceCell<PageContext>,
    diagnostics: RefCell<Vec<RenderDiagnostic>>,
    /// Refs that resolved to nothing, with why (for the checks).
    ref_misses: RefCell<Vec<(String, crate::site::RefError)>>,
    next_placeholder: Cell<usize>,
    /// Where the top-level call being rendered is: nested renders (markdownify, inner
    /// content) report their problems there.
    call_position: Cell<Option<(usize, usize)>>,
    depth: Cell<usize>,
    /// A `{{% %}}` call is being rendered: its output joins the Markdown, so an included
    /// page's `.RenderShortcodes` comes wrapped in Hugo's context markers.
    in_goldmark: Cell<bool>,
    /// The `{{< >}}` calls of pages included by `.RenderShortcodes` inside a `{{% %}}` call:
    /// placeholders in the Markdown, replaced after it with the page's own.
    included_placeholders: RefCell<Placeholders>,
    /// The page as shortcode templates see it, made at the first call and shared by the
    /// page's calls (`.Page.Scratch` carries over from one call to the next, as in Hugo).
    shortcode_page: std::cell::OnceCell<crate::template::PageRender<'a>>,
}

/// Front matter keys lower-cased, as Hugo's `.Params`.
fn lower_keys(value: Json) -> Json {
    match value {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect(),
        ),
        other => other,
    }
}

/// The page's front matter as JSON, read from its file (the preview's body has none), as
/// Hugo's `.Params`: keys lower-cased, the entries of a `params` map lifted to the top (over
/// the keys there), the map itself gone, and what the cascades give it (`cascaded`, see
/// [`crate::site::PageEntry::cascaded`]).
fn front_matter_json(file: &Path, cascaded: &serde_json::Map<String, Json>) -> Json {
    let Ok(source) = std::fs::read_to_string(file) else {
        return Json::Object(Default::default());
    };
    let Ok(fm) = crate::front_matter::FrontMatter::parse(&source) else {
        return Json::Object(Default::default());
    };
    let map: serde_json::Map<String, Json> = fm
        .fields()
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    let mut params = lower_keys(Json::Object(map));
    if let Json::Object(top) = &mut params {
        if let Some(Json::Object(user)) = top.remove("params") {
            for (k, v) in user {
                top.insert(k.to_lowercase(), v);
            }
        }
        // What the cascades give the page.
        for (k, v) in cascaded {
            top.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    params
}

/// The page at `page_path` as templates see it (`.Title`, `.Params`, `.Date`…); its
/// `.Params` and `.Weight` are read from its file when a template first asks for them.
fn page_context(site: &Site, page_path: &str) -> PageContext {
    let entry = site.index.entry(page_path);
    let file = site.content_root().join(page_path);
    let cascaded = entry.map(|e| e.cascaded.clone()).unwrap_or_default();
    let front_matter = LazyFrontMatter::new(move || {
        let params = front_matter_json(&file, &cascaded);
        let weight = match params.get("weight") {
            Some(Json::Number(n)) => n.as_i64().unwrap_or(0),
            Some(Json::String(s)) => s.trim().parse().unwrap_or(0),
            _ => 0,
        };
        (params, weight)
    });
    PageContext {
        path: page_path.to_string(),
        title: entry.map(|e| e.title.clone()).unwrap_or_default(),
        date: entry.and_then(|e| e.date.clone()),
        rel_permalink: entry.map(|e| site.page_url(e, true)).unwrap_or_default(),
        section: entry.map(|e| e.section.clone()).unwrap_or_default(),
        kind: entry
            .map(|e| e.kind.as_str().to_string())
            .unwrap_or_default(),
        front_matter: Some(front_matter),
        ..PageContext::default()
    }
}

/// The folder a page stands for in the tree Hugo builds (its Hugo path's): a branch bundle's
/// folder, else the file's path without its `index` or extension.
fn tree_dir(hugo_path: &str) -> &str {
    let (dir, file) = hugo_path.rsplit_once('/').unwrap_or(("", hugo_path));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    match stem {
        "_index" | "index" => dir,
        _ => hugo_path,
    }
}

/// The section a page belongs to (its folder), as Hugo places it: the nearest folder above
/// that has an `_index` page or sits at the top, the home page's (`""`) at the root.
fn parent_section<'s>(page: &'s crate::site::PageEntry, sections: &HashSet<&str>) -> &'s str {
    let mut dir = tree_dir(&page.hugo_path);
    loop {
        dir = match dir.rsplit_once('/') {
            Some((up, _)) => up,
            None => return "",
        };
        if !dir.contains('/') || sections.contains(dir) {
            return dir;
        }
    }
}

/// Hugo's `TrimShortHTML`: a lone paragraph loses its `<p>` wrapper.
pub fn trim_short_html(html: &str) -> String {
    if html.matches("<p>").count() == 1 {
        let trimmed = html.trim();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            return inner.trim().to_string();
        }
    }
    html.to_string()
}

fn params_for_template(params: &ShortcodeParams) -> (Vec<String>, Vec<(String, String)>) {
    match params {
        ShortcodeParams::None => (Vec::new(), Vec::new()),
        ShortcodeParams::Positional(values) => {
            (values.iter().map(ToString::to_string).collect(), Vec::new())
        }
        ShortcodeParams::Named(pairs) => (
            Vec::new(),
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect(),
        ),
    }
}

/// The labelled box a failed shortcode call leaves in the preview.
pub fn error_box(what: &str, line: usize, column: usize, message: &str) -> String {
    let mut text = String::new();
    escape_html(message, &mut text);
    let mut label = String::new();
    escape_html(what, &mut label);
    format!(
        "<div class=\"postwright-error\" role=\"alert\" data-line=\"{line}\" data-column=\"{column}\"><strong>{label}</strong> (line {line}, column {column}): {text}</div>"
    )
}

struct Host<'p, 'a> {
    page: &'p PageRender<'a>,
}

impl TemplateHost for Host<'_, '_> {
    fn markdownify(&self, markdown: &str) -> String {
        self.page.markdownify(markdown)
    }

    fn resolve_ref(&self, target: &str, relative: bool) -> Result<String, String> {
        let (line, column) = self.page.call_position.get().unwrap_or((1, 1));
        Ok(self.page.resolve_ref(target, None, relative, line, column))
    }

    fn highlight(&self, code: &str, lang: &str, options: &str) -> String {
        self.page.highlight(code, lang, options)
    }

    fn render_block(&self, markdown: &str) -> String {
        self.page.render_block(markdown)
    }

    fn render_shortcodes(&self, page_path: &str) -> String {
        let Some(body) = self.body_of(page_path) else {
            return String::new();
        };
        if self.page.in_goldmark.get() {
            super::hugo_context::wrap(&self.page.render_shortcodes_for_markdown(&body))
        } else {
            super::hugo_context::strip(&self.page.render_shortcodes_only(&body)).into_owned()
        }
    }

    fn get_page(&self, from: Option<&str>, target: &str) -> Option<PageContext> {
        let site = self.page.site;
        // `site` is the calling page's language's site.
        let lang = site
            .index
            .entry(self.page.page_path)
            .map(|p| p.lang.as_str());
        match site.resolve_ref(from.unwrap_or(""), target, lang) {
            crate::site::RefResolution::Found { path, .. } => Some(page_context(site, &path)),
            _ => None,
        }
    }

    /// The built pages of the page's language below it in the tree Hugo builds (see
    /// [`parent_section`]), those listed `always` or `local`; a regular page has none.
    fn page_list(&self, page_path: &str, list: PageList) -> Vec<PageContext> {
        let index = &self.page.site.index;
        let Some(owner) = index.entry(page_path) else {
            return Vec::new();
        };
        if owner.kind == crate::site::PageKind::Page {
            return Vec::new();
        }
        let dir = tree_dir(&owner.hugo_path);
        let built = |p: &&crate::site::PageEntry| {
            crate::site::SiteIndex::is_built(p, false, false)
                && p.lang == owner.lang
                && p.path != owner.path
        };
        let sections: HashSet<&str> = index
            .pages
            .iter()
            .chain(&index.unlisted)
            .filter(|p| p.kind != crate::site::PageKind::Page)
            .map(|p| tree_dir(&p.hugo_path))
            .collect();
        let is_regular = |p: &crate::site::PageEntry| p.kind == crate::site::PageKind::Page;
        // Pages listed `local` are in their section's collections, not the site's.
        let local = index
            .unlisted
            .iter()
            .filter(|p| p.build.list == crate::site::publish::ListMode::Local);
        index
            .pages
            .iter()
            .chain(local)
            .filter(built)
            .filter(|p| match list {
                PageList::Pages => parent_section(p, &sections) == dir,
                PageList::RegularPages => is_regular(p) && parent_section(p, &sections) == dir,
                PageList::Sections => {
                    p.kind == crate::site::PageKind::Section && parent_section(p, &sections) == dir
                }
                PageList::RegularPagesRecursive => {
                    is_regular(p)
                        && (dir.is_empty()
                            || p.hugo_path
                                .strip_prefix(dir)
                                .is_some_and(|rest| rest.starts_with('/')))
                }
            })
            .map(|p| page_context(self.page.site, &p.path))
            .collect()
    }

    fn page_content(&self, page_path: &str) -> String {
        let Some(body) = self.body_of(page_path) else {
            return String::new();
        };
        if page_path == self.page.page_path || self.page.depth.get() > MAX_DEPTH {
            return error_box(
                "Render",
                1,
                1,
                &format!("the content of {page_path:?} is asked for while it renders"),
            );
        }
        let other = PageRender::new(self.page.site, self.page.prepared, page_path);
        other.depth.set(self.page.depth.get() + 1);
        other.render_body(&body)
    }

    fn raw_content(&self, page_path: &str) -> String {
        self.body_of(page_path).unwrap_or_default()
    }

    /// The file at `path` in the first assets mount holding it, published at its path.
    fn global_resource(&self, path: &str) -> Option<ResourceFile> {
        let site = self.page.site;
        let name = path.trim_start_matches('/');
        site.mounts
            .root_dirs(&site.root, Component::Assets)
            .into_iter()
            .find_map(|dir| {
                let file = crate::confine::confine(&site.root.join(dir), name).ok()?;
                file.is_file().then(|| ResourceFile {
                    name: name.to_string(),
                    path: file,
                    rel_permalink: format!("{}/{name}", base_path(&site.config.base_url)),
                })
            })
    }

    /// A leaf bundle's files at any depth (its `index` page left out), a branch bundle's
    /// files beside its `_index` that are not pages; a page that is no bundle has none.
    fn page_resources(&self, page_path: &str) -> Vec<ResourceFile> {
        let site = self.page.site;
        let (dir, file) = page_path.rsplit_once('/').unwrap_or(("", page_path));
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        let leaf = match stem {
            "index" => true,
            "_index" => false,
            _ => return Vec::new(),
        };
        let Some(owner) = site.index.entry(page_path) else {
            return Vec::new();
        };
        let url = site.page_url(owner, true);
        let Ok(folder) = crate::confine::confine(&site.content_root(), dir) else {
            return Vec::new();
        };
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(&folder)
            .max_depth(if leaf { usize::MAX } else { 1 })
            .sort_by_file_name();
        for entry in walk.into_iter().flatten() {
            let Ok(rel) = entry.path().strip_prefix(&folder) else {
                continue;
            };
            let name = rel.to_string_lossy().replace('\\', "/");
            let is_page = crate::site::is_content_file(entry.path());
            if !entry.file_type().is_file() || name == file || (!leaf && is_page) {
                continue;
            }
            files.push(ResourceFile {
                rel_permalink: format!("{url}{name}"),
                name,
                path: entry.into_path(),
            });
        }
        files
    }
}

/// The path part of `base_url` without its trailing `/` (`""` for a site at the root).
fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    base_url[after_scheme..]
        .find('/')
        .map_or("", |i| &base_url[after_scheme + i..])
        .trim_end_matches('/')
}

impl Host<'_, '_> {
    /// The body (front matter left out) of the page at `page_path`, read from its file.
    fn body_of(&self, page_path: &str) -> Option<String> {
        let path = crate::confine::confine(&self.page.site.content_root(), page_path).ok()?;
        let source = std::fs::read_to_string(path).ok()?;
        let body_start = crate::front_matter::FrontMatter::parse(&source).map_or_else(
            |_| crate::front_matter::body_start(&source),
            |fm| fm.body_start(),
        );
        Some(source[body_start..].to_string())
    }
}

impl MarkupHooks for PageRender<'_> {
    fn has_hook(&self, name: &str) -> bool {
        self.prepared.templates.has_hook(name)
    }

    fn resolve_embedded(&self, kind: &str, destination: &str) -> String {
        let (rest, fragment) = match destination.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (destination, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        let with_suffix = |url: String| {
            let mut url = url;
            if let Some(query) = query.filter(|q| !q.is_empty()) {
                url.push('?');
                url.push_str(query);
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                url.push('#');
                url.push_str(fragment);
            }
            url
        };
        if kind == "link" && destination.starts_with('#') {
            return format!("{}{destination}", self.page().rel_permalink);
        }
        let scheme = path.find(':').is_some_and(|i| {
            i > 0
                && path.as_bytes()[0].is_ascii_alphabetic()
                && path[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if destination.is_empty() || scheme || path.starts_with("//") {
            return destination.to_string();
        }
        let decoded = crate::text::percent_decode(path);
        let path = decoded.strip_prefix("./").unwrap_or(&decoded);
        if kind == "link" && !path.is_empty() {
            if let Some(page) = crate::template::TemplateHost::get_page(
                &Host { page: self },
                Some(self.page_path),
                path,
            ) {
                return with_suffix(page.rel_permalink);
            }
        }
        if let Some(url) = self.page_resource_url(path) {
            return with_suffix(url);
        }
        let global = path.trim_start_matches('/');
        let in_assets = !global.is_empty()
            && self
                .site
                .mounts
                .root_dirs(&self.site.root, Component::Assets)
                .iter()
                .any(|dir| {
                    crate::confine::confine(&self.site.root.join(dir), global)
                        .is_ok_and(|file| file.is_file())
                });
        if in_assets {
            return with_suffix(self.site.file_rel_url(global));
        }
        destination.to_string()
    }

    fn render_hook(
        &self,
        name: &str,
        context: std::collections::BTreeMap<String, Value>,
    ) -> String {
        let templates = &self.prepared.templates;
        let host = Host { page: self };
        let position = format!("\"{}:1:1\"", self.page_path);
        let result = self
            .shortcode_page
            .get_or_init(|| templates.page(self.page(), &self.prepared.template_site))
            .render_hook(name, context, position, &host);
        match result {
            Ok(html) => html,
            Err(e) => {
                let (line, column) = self.call_position.get().unwrap_or((1, 1));
                let message = e.to_string();
                self.diagnose(line, column, message.clone());
                error_box(&format!("Render hook {name}"), line, column, &message)
            }
        }
    }
}

/// A placeholder and what replaces it.
type Placeholders = HashMap<String, String>;

const MAX_DEPTH: usize = 20;

impl<'a> PageRender<'a> {
    /// Sets up the render of the page at `page_path` (relative to the content folder).
    pub fn new(site: &'a Site, prepared: &'a Prepared, page_path: &'a str) -> PageRender<'a> {
        PageRender {
            site,
            prepared,
            page_path,
            page: std::cell::OnceCell::new(),
            diagnostics: RefCell::new(Vec::new()),
            ref_misses: RefCell::new(Vec::new()),
            next_placeholder: Cell::new(0),
            call_position: Cell::new(None),
            depth: Cell::new(0),
            in_goldmark: Cell::new(false),
            included_placeholders: RefCell::new(Placeholders::new()),
            shortcode_page: std::cell::OnceCell::new(),
        }
    }

    /// The `RelPermalink` of the page's resource `name` (`.Resources.Get`: a file of its
    /// bundle, the name matched ignoring case), if it has one.
    fn page_resource_url(&self, name: &str) -> Option<String> {
        let (dir, file) = self
            .page_path
            .rsplit_once('/')
            .unwrap_or(("", self.page_path));
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let leaf = stem == "index" || stem.starts_with("index.");
        let branch = stem == "_index" || stem.starts_with("_index.");
        if name.is_empty() || !(leaf || branch) {
            return None;
        }
        let bundle = crate::confine::confine(&self.site.content_root(), dir).ok()?;
        let wanted = name.trim_start_matches('/').to_lowercase();
        let is_content = |p: &Path| {
            p.extension().is_some_and(|e| {
                matches!(
                    e.to_string_lossy().to_lowercase().as_str(),
                    "md" | "markdown" | "mdown" | "html" | "htm" | "adoc" | "org" | "rst" | "pdc"
                )
            })
        };
        for entry in walkdir::WalkDir::new(&bundle)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                // A branch bundle's resources stop at its sections (folders of their own).
                leaf || !e.file_type().is_dir()
                    || !(e.path().join("_index.md").is_file()
                        || e.path().join("index.md").is_file())
            })
            .flatten()
        {
            if !entry.file_type().is_file() || is_content(entry.path()) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&bundle) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.to_lowercase() == wanted {
                let page_url = &self.page().rel_permalink;
                let page_url = if page_url.ends_with('/') {
                    page_url.clone()
                } else {
                    // A page published as a file (`url: /a/b.html`): its folder.
                    page_url
                        .rsplit_once('/')
                        .map_or(String::from("/"), |(d, _)| format!("{d}/"))
                };
                let escaped = crate::site::escape_path(&rel);
                return Some(format!("{page_url}{escaped}"));
            }
        }
        None
    }

    /// The page as templates see it (`.Title`, `.Params`, `.Date`…).
    fn page(&self) -> &PageContext {
        self.page
            .get_or_init(|| page_context(self.site, self.page_path))
    }

    /// The diagnostics gathered, in order.
    pub fn into_diagnostics(self) -> Vec<RenderDiagnostic> {
        self.diagnostics.into_inner()
    }

    /// The refs that resolved to nothing, in order: target and why.
    pub fn ref_misses(&self) -> Vec<(String, crate::site::RefError)> {
        self.ref_misses.borrow().clone()
    }

    fn diagnose(&self, line: usize, column: usize, message: String) {
        let (line, column) = self.call_position.get().unwrap_or((line, column));
        self.diagnostics.borrow_mut().push(RenderDiagnostic {
            line,
            column,
            message,
        });
    }

    /// Renders a page body (or any Markdown holding shortcodes) through the whole pipeline.
    pub fn render_body(&self, body: &str) -> String {
        if self.depth.get() > MAX_DEPTH {
            return error_box(
                "Render",
                1,
                1,
                "shortcodes nest too deep (a template renders itself?)",
            );
        }
        self.depth.set(self.depth.get() + 1);
        let html = self.render_body_inner(body);
        self.depth.set(self.depth.get() - 1);
        html
    }

    fn inner_use(&self, name: &str) -> InnerUse {
        let templates = &self.prepared.templates;
        if templates.has(name) {
            if templates.uses_inner(name) {
                InnerUse::Required
            } else {
                InnerUse::Forbidden
            }
        } else if is_builtin(name) {
            if builtin_uses_inner(name) {
                InnerUse::Required
            } else {
                InnerUse::Forbidden
            }
        } else {
            InnerUse::Unknown
        }
    }

    fn render_body_inner(&self, body: &str) -> String {
        let parsed = parse_body_with(body, &|name| self.inner_use(name));
        let mut error_boxes = String::new();
        for error in &parsed.errors {
            self.diagnose(error.line, error.column, error.kind.to_string());
            error_boxes.push_str(&error_box(
                "Shortcode",
                error.line,
                error.column,
                &error.kind.to_string(),
            ));
            error_boxes.push('\n');
        }
        let mut markdown = String::with_capacity(body.len() + 64);
        let mut placeholders = Placeholders::new();
        // Placeholders of pages this body includes are this body's; a nested render (an
        // include's own body) keeps its own.
        let outer_included = self.included_placeholders.take();
        let mut deferred: Vec<(String, &ShortcodeCall)> = Vec::new();
        let mut more_seen = false;
        for node in &parsed.nodes {
            match node {
                BodyNode::Text { span } => {
                    let text = &body[span.clone()];
                    let more = memchr::memmem::find(text.as_bytes(), b"<!--more-->");
                    match more.filter(|_| !more_seen) {
                        Some(at) => {
                            more_seen = true;
                            markdown.push_str(&text[..at]);
                            markdown.push_str("\n\nHUGOMORE42\n\n");
                            markdown.push_str(&text[at + "<!--more-->".len()..]);
                        }
                        None => markdown.push_str(text),
                    }
                }
                BodyNode::Escaped { text, .. } => markdown.push_str(text),
                BodyNode::Call(call) => {
                    if call.delimiter == Delimiter::Angle {
                        // Run after every `{{% %}}` call, as Hugo does (a counter in
                        // `.Page.Scratch` sees the `%` calls first); its place is kept now.
                        let key = self.placeholder(&mut placeholders, String::new());
                        markdown.push_str(&key);
                        deferred.push((key, call));
                    } else {
                        let result = self.render_top_level_call(call, body);
                        match result {
                            Ok(output) => markdown.push_str(&output),
                            Err(boxed) => {
                                markdown.push_str(&self.placeholder(&mut placeholders, boxed))
                            }
                        }
                    }
                }
            }
        }
        for (key, call) in deferred {
            let (Ok(output) | Err(output)) = self.render_top_level_call(call, body);
            placeholders.insert(key, output);
        }
        placeholders.extend(self.included_placeholders.replace(outer_included));
        let markdown = super::hugo_context::dedent(&markdown);
        let mut ids = HeadingIds::default();
        // Only footnote ids with `enableAutoIDPrefix` use the page's document id.
        let document_id = if self.prepared.options.footnote_auto_id_prefix {
            document_id(self.page_path)
        } else {
            String::new()
        };
        let html = render_markdown_with_ids(
            &markdown,
            &self.prepared.options,
            &mut ids,
            &document_id,
            Some(self),
        );
        let html = expand_placeholders(html, &placeholders);
        let html = if more_seen {
            remove_summary_divider(&html)
        } else {
            html
        };
        if error_boxes.is_empty() {
            html
        } else {
            error_boxes + &html
        }
    }

    /// Renders a call of the body itself; nested renders report their problems at it.
    fn render_top_level_call(&self, call: &ShortcodeCall, body: &str) -> Result<String, String> {
        let outer = self.call_position.get();
        if outer.is_none() {
            self.call_position.set(Some((call.line, call.column)));
        }
        let in_goldmark = self
            .in_goldmark
            .replace(call.delimiter == Delimiter::Percent);
        let result = self.render_call(call, body, None, 0);
        self.in_goldmark.set(in_goldmark);
        self.call_position.set(outer);
        result
    }

    fn placeholder(&self, placeholders: &mut Placeholders, output: String) -> String {
        let n = self.next_placeholder.get();
        self.next_placeholder.set(n + 1);
        let key = format!("HAHAHUGOSHORTCODE1s{n}HBHB");
        placeholders.insert(key.clone(), output);
        key
    }

    /// Renders one call; a failure comes back as the error box to show in its place.
    fn render_call(
        &self,
        call: &ShortcodeCall,
        body: &str,
        parent: Option<&ShortcodeInput>,
        level: usize,
    ) -> Result<String, String> {
        let (positional, named) = params_for_template(&call.params);
        let mut input = ShortcodeInput {
            name: call.name.clone(),
            positional,
            named,
            inner: None,
            ordinal: call.ordinal,
            parent: parent.map(|p| Box::new(p.clone())),
            position: (call.line, call.column),
            ..ShortcodeInput::default()
        };
        if let Some(nodes) = &call.inner {
            let mut inner = String::new();
            for node in nodes {
                match node {
                    BodyNode::Text { span } => inner.push_str(&body[span.clone()]),
                    BodyNode::Escaped { text, .. } => inner.push_str(text),
                    BodyNode::Call(child) => {
                        match self.render_call(child, body, Some(&input), level + 1) {
                            Ok(output) | Err(output) => inner.push_str(&output),
                        }
                    }
                }
            }
            // A `{{% %}}` nested in another call has its inner rendered as Markdown on its own.
            if call.delimiter == Delimiter::Percent && level > 0 {
                let rendered = self.render_body(&inner);
                inner = if inner.contains('\n') {
                    rendered
                } else {
                    rendered
                        .strip_prefix("<p>")
                        .and_then(|s| s.strip_suffix("</p>\n"))
                        .map_or(rendered.clone(), str::to_string)
                };
            }
            input.inner = Some(inner);
        }
        let templates = &self.prepared.templates;
        let output = if templates.has(&call.name) {
            let host = Host { page: self };
            self.shortcode_page
                .get_or_init(|| templates.page(self.page(), &self.prepared.template_site))
                .render_shortcode(&input, &host)
                .map_err(|e| e.to_string())
        } else if is_builtin(&call.name) {
            render_builtin(self, call, input.inner.as_deref())
        } else {
            Err(format!(
                "failed to extract shortcode: template for shortcode {:?} not found",
                call.name
            ))
        };
        match output {
            Ok(output) => Ok(indent_output(output, body, call)),
            Err(message) => {
                self.diagnose(call.line, call.column, message.clone());
                Err(error_box(
                    &format!("Shortcode {}", call.name),
                    call.line,
                    call.column,
                    &message,
                ))
            }
        }
    }

    /// The `highlight` shortcode and template function: `code` as Chroma prints it under the
    /// site's `markup.highlight` with `options` (`"linenos=table,hl_lines=2"`) laid over it.
    pub fn highlight(&self, code: &str, lang: &str, options: &str) -> String {
        let options = self
            .prepared
            .options
            .highlight
            .with(&parse_option_string(options));
        let block = CodeBlock {
            code,
            lang,
            ordinal: None,
            id: None,
            classes: &[],
        };
        highlight_html(&block, &options).unwrap_or_else(|| {
            format!(
                "<pre tabindex=\"0\"><code>{}</code></pre>",
                go_escape_string(code)
            )
        })
    }

    /// A body with its shortcode calls run and spliced in, the rest left as written (the
    /// included page's `.RenderShortcodes`).
    pub fn render_shortcodes_only(&self, body: &str) -> String {
        self.render_included_shortcodes(body, false)
    }

    /// An included page's `.RenderShortcodes` inside a `{{% %}}` call: its `{{% %}}` calls
    /// run and spliced in, its `{{< >}}` calls left as placeholders that the including body
    /// replaces after its Markdown (so their HTML is not read as Markdown, as in Hugo).
    fn render_shortcodes_for_markdown(&self, body: &str) -> String {
        self.render_included_shortcodes(body, true)
    }

    /// An included page's body with its calls run; with `angle_as_placeholders`, a `{{< >}}`
    /// call's output goes in as a placeholder (see [`Self::render_shortcodes_for_markdown`]).
    fn render_included_shortcodes(&self, body: &str, angle_as_placeholders: bool) -> String {
        if self.depth.get() > MAX_DEPTH {
            return error_box("Render", 1, 1, "pages include each other too deep");
        }
        self.depth.set(self.depth.get() + 1);
        let parsed = parse_body_with(body, &|name| self.inner_use(name));
        let mut out = String::with_capacity(body.len());
        for node in &parsed.nodes {
            match node {
                BodyNode::Text { span } => out.push_str(&body[span.clone()]),
                BodyNode::Escaped { text, .. } => out.push_str(text),
                BodyNode::Call(call)
                    if angle_as_placeholders && call.delimiter == Delimiter::Angle =>
                {
                    let in_goldmark = self.in_goldmark.replace(false);
                    let (Ok(output) | Err(output)) = self.render_call(call, body, None, 0);
                    self.in_goldmark.set(in_goldmark);
                    let mut included = self.included_placeholders.take();
                    out.push_str(&self.placeholder(&mut included, output));
                    self.included_placeholders.replace(included);
                }
                BodyNode::Call(call) => {
                    let (Ok(output) | Err(output)) = self.render_call(call, body, None, 0);
                    out.push_str(&output);
                }
            }
        }
        self.depth.set(self.depth.get() - 1);
        out
    }

    /// `markdownify` / `.Page.RenderString`: the pipeline, then the short-HTML trim.
    pub fn markdownify(&self, markdown: &str) -> String {
        trim_short_html(&self.render_body(markdown))
    }

    /// `.Page.RenderString (dict "display" "block")`.
    pub fn render_block(&self, markdown: &str) -> String {
        self.render_body(markdown)
    }

    /// A `ref`/`relref` target as Hugo prints it; a miss reports REF_NOT_FOUND and prints
    /// `refLinksNotFoundURL`.
    /// `lang`: the language the call names (`lang="en"`), else the page's.
    pub fn resolve_ref(
        &self,
        target: &str,
        lang: Option<&str>,
        relative: bool,
        line: usize,
        column: usize,
    ) -> String {
        match self.site.ref_url(self.page_path, target, lang, relative) {
            Ok(url) => url,
            Err(e) => {
                self.ref_misses
                    .borrow_mut()
                    .push((target.to_string(), e.clone()));
                let level = if self.prepared.ref_errors_are_errors {
                    "ERROR"
                } else {
                    "WARNING"
                };
                self.diagnose(
                    line,
                    column,
                    format!("REF_NOT_FOUND ({level}): Ref {target:?}: {e}"),
                );
                self.prepared.not_found_url.clone()
            }
        }
    }

    /// `.Page.Param name`: the page's param, else the site's, printed as Go prints it.
    pub fn param(&self, name: &str) -> Option<String> {
        let key = name.to_lowercase();
        let page = self.page().params().get(&key);
        let site = self.site.config.params.as_object().and_then(|m| {
            m.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        });
        let value = page.or(site)?;
        Some(match value {
            Json::String(s) => s.clone(),
            Json::Null => return None,
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => n.to_string(),
            other => crate::template::Value::from_json(other).to_go_string(),
        })
    }
}

/// A call without inner content that stands after only whitespace on its line gets that
/// whitespace before each further line of its output (Hugo keeps Markdown lists intact so).
fn indent_output(output: String, body: &str, call: &ShortcodeCall) -> String {
    if call.inner.is_some() || !output.contains('\n') {
        return output;
    }
    let line_start = body[..call.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &body[line_start..call.span.start];
    if indent.is_empty() || !indent.chars().all(|c| c == ' ' || c == '\t') {
        return output;
    }
    output.replace('\n', &format!("\n{indent}"))
}

/// Hugo's `expandShortcodeTokens`: each placeholder is replaced by its output; a `<p>` right
/// before and `</p>` right after go too.
fn expand_placeholders(mut html: String, placeholders: &Placeholders) -> String {
    if placeholders.is_empty() {
        return html;
    }
    let mut start = 0;
    while let Some(found) = html[start..].find("HAHAHUGOSHORTCODE") {
        let mut j = start + found;
        let Some(post) = html[j..].find("HBHB") else {
            break;
        };
        let mut end = j + post + 4;
        let Some(value) = placeholders.get(&html[j..end]) else {
            start = end;
            continue;
        };
        let value = value.clone();
        if html[..j].ends_with("<p>") && html[end..].starts_with("</p>") {
            j -= 3;
            end += 4;
        }
        html.replace_range(j..end, &value);
        start = j + value.len();
    }
    html
}

/// Hugo's summary split for `.Content`: the paragraph holding the divider goes, and the
/// newlines after it.
fn remove_summary_divider(html: &str) -> String {
    let Some(at) = html.find("HUGOMORE42") else {
        return html.to_string();
    };
    let start = html[..at].rfind("<p").unwrap_or(at);
    let end = match html[at..].find("</p") {
        Some(n) => at + n + "</p>".len(),
        None => at + "HUGOMORE42".len(),
    };
    let mut out = html[..start].to_string();
    out.push_str(html[end..].trim_matches('\n'));
    out
}
