//! A Go `text/template` / `html/template` interpreter for the site's own shortcode templates.
//!
//! The preview runs a site's `layouts/shortcodes/*.html` (and the partials they call) the way
//! Hugo would: Go's template language, Hugo's functions and objects, html/template's contextual
//! escaping. [`ShortcodeTemplates`] loads and parses every template once; a template that fails
//! to parse keeps its error, returned when that shortcode is rendered.
//!
//! Known approximations (see also `escape`): CSS and JS contexts are simplified; shortcode
//! params are strings (Hugo types bare `true`/`5`); `.InnerDeindent` removes the indentation
//! the inner lines share; `shuffle` keeps the order; images are not processed (see
//! `resources`); `.Site.Pages` is reported as unsupported. `GetPage` (of the site, the page, or `site`)
//! asks the host, which finds pages as `ref` does; so do a page's `.Pages`,
//! `.RegularPages`, `.Sections`, `.Content` and `.RawContent` (see `pages` for their order
//! and methods).
//!
//! The same engine runs the site's Markdown render hooks (`_markup/render-*.html`, loaded
//! with the shortcodes; see `crate::render` for when each runs).
//!
//! And, as Go's text/template (nothing escaped), the site's archetypes for new pages
//! ([`run_archetype`], called by `crate::archetype`).

mod digest;
mod escape;
mod exec;
mod funcs;
mod lexer;
mod objects;
mod pages;
mod parser;
mod reads;
mod remarshal;
mod resources;
mod value;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use exec::{MAX_DEPTH, MAX_OUTPUT, MAX_STEPS};
pub use reads::TemplateReads;
pub use resources::ResourceFile;
pub use value::{Object, SafeKind, Value};

use exec::{Exec, PartialSource, TemplateFile};
use funcs::FuncEnv;
use objects::{ArchetypeObject, FileObject, PageObject, ShortcodeObject, SiteObject};

/// A template could not be parsed or executed; the position is in the template file (or, for
/// a missing template, in the page that calls it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{template}:{line}:{column}: {message}")]
pub struct TemplateError {
    /// The template file (relative to the site root when loaded from disk), or the page.
    pub template: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What went wrong.
    pub message: String,
}

/// One shortcode call, as parsed from the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShortcodeInput {
    /// The shortcode's name (may contain `/`).
    pub name: String,
    /// Positional params, when called with positional params.
    pub positional: Vec<String>,
    /// Named params, in call order, when called with named params.
    pub named: Vec<(String, String)>,
    /// The inner content (nested shortcodes already rendered); `None` without a closing tag.
    pub inner: Option<String>,
    /// 0-based index among siblings.
    pub ordinal: usize,
    /// The enclosing shortcode call.
    pub parent: Option<Box<ShortcodeInput>>,
    /// 1-based line and column of the call in the page.
    pub position: (usize, usize),
    /// Positional params typed as Hugo types them (bare `5` is an int); when not empty, used
    /// instead of `positional`.
    pub typed_positional: Vec<ParamValue>,
    /// Named params typed as Hugo types them; when not empty, used instead of `named`.
    pub typed_named: Vec<(String, ParamValue)>,
}

/// A shortcode param value as the template sees it (Hugo's `ValTyped`): the parser's type.
pub use crate::shortcode::ParamValue;

/// A typed param as a template value.
fn param_to_value(param: &ParamValue) -> Value {
    match param {
        ParamValue::String(s) => Value::str(s),
        ParamValue::Int(i) => Value::Int(*i),
        ParamValue::Float(f) => Value::Float(*f),
        ParamValue::Bool(b) => Value::Bool(*b),
    }
}

impl ShortcodeInput {
    /// The positional params as template values (typed ones when given).
    pub(crate) fn positional_values(&self) -> Vec<Value> {
        if self.typed_positional.is_empty() {
            self.positional.iter().map(Value::str).collect()
        } else {
            self.typed_positional.iter().map(param_to_value).collect()
        }
    }

    /// The named params as template values, in call order (typed ones when given).
    pub(crate) fn named_values(&self) -> Vec<(String, Value)> {
        if self.typed_named.is_empty() {
            self.named
                .iter()
                .map(|(k, v)| (k.clone(), Value::str(v)))
                .collect()
        } else {
            self.typed_named
                .iter()
                .map(|(k, v)| (k.clone(), param_to_value(v)))
                .collect()
        }
    }
}

/// The page a shortcode is called from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContext {
    /// Path relative to the content folder (`news/2020/x.md`).
    pub path: String,
    /// `.Title`.
    pub title: String,
    /// Front matter, as JSON (`.Params`; keys are lower-cased like Hugo does).
    pub params: serde_json::Value,
    /// `.Date` as written in the front matter.
    pub date: Option<String>,
    /// `.RelPermalink`.
    pub rel_permalink: String,
    /// `.Section`.
    pub section: String,
    /// `.Kind` (`page`, `section`, `home`…); empty is `page`.
    pub kind: String,
    /// `.Weight` (0 when unset).
    pub weight: i64,
    /// When set, `params` and `weight` are read from it at the first ask instead (see
    /// [`PageContext::params`]).
    pub front_matter: Option<LazyFrontMatter>,
}

impl PageContext {
    /// `.Params`: from [`PageContext::front_matter`] when set, else `params`.
    pub fn params(&self) -> &serde_json::Value {
        match &self.front_matter {
            Some(lazy) => &lazy.get().0,
            None => &self.params,
        }
    }

    /// `.Weight`: from [`PageContext::front_matter`] when set, else `weight`.
    pub fn weight(&self) -> i64 {
        match &self.front_matter {
            Some(lazy) => lazy.get().1,
            None => self.weight,
        }
    }
}

/// A page's `.Params` and `.Weight`, read at the first ask: getting them means reading and
/// parsing the page's file, which most renders (and most pages a list shortcode lists) never
/// need. Clones share what was read.
#[derive(Clone)]
pub struct LazyFrontMatter {
    read: Arc<dyn Fn() -> (serde_json::Value, i64) + Send + Sync>,
    value: Arc<std::sync::OnceLock<(serde_json::Value, i64)>>,
}

impl LazyFrontMatter {
    /// Params and weight as `read` gives them, at the first ask.
    pub fn new(read: impl Fn() -> (serde_json::Value, i64) + Send + Sync + 'static) -> Self {
        LazyFrontMatter {
            read: Arc::new(read),
            value: Arc::default(),
        }
    }

    fn get(&self) -> &(serde_json::Value, i64) {
        self.value.get_or_init(|| (self.read)())
    }
}

impl std::fmt::Debug for LazyFrontMatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyFrontMatter")
            .field(&self.value.get())
            .finish()
    }
}

impl PartialEq for LazyFrontMatter {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

/// The site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteContext {
    /// `baseURL` from the config.
    pub base_url: String,
    /// `.Site.Title`.
    pub title: String,
    /// `.Site.Params`.
    pub params: serde_json::Value,
    /// `.Site.Data` (one key per data file, nested by folder).
    pub data: serde_json::Value,
}

impl SiteContext {
    /// The site as templates see it: `baseURL`, `title`, `params` from the config and every
    /// file under `data/` (the project's, then the themes' for keys the project lacks), keyed
    /// by folder and file name as `.Site.Data` is. A data file that cannot be read or parsed is
    /// left out and reported, so one odd file does not stop every preview.
    pub fn from_site(site: &crate::site::Site) -> (SiteContext, Vec<crate::site::SiteError>) {
        let mut data = serde_json::Map::new();
        let (_, mut errors) = site.theme_dirs();
        let folders = site
            .mounts
            .root_dirs(&site.root, crate::site::Component::Data);
        for folder in folders {
            let folder = site.root.join(folder);
            if !folder.is_dir() {
                continue;
            }
            'files: for (rel, path) in files_under(&folder) {
                let Some(format) = crate::site::data::DataFormat::from_path(&path) else {
                    continue;
                };
                let parsed = std::fs::read_to_string(&path)
                    .map_err(|source| crate::site::SiteError::Io {
                        path: path.clone(),
                        source,
                    })
                    .and_then(|text| crate::site::data::parse_data(&path, &text, format));
                let value = match parsed {
                    Ok(value) => value,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                let mut parts: Vec<&str> = rel.split('/').collect();
                let Some(file) = parts.pop() else { continue };
                let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
                let mut slot = &mut data;
                for part in parts {
                    let entry = slot
                        .entry(part.to_string())
                        .or_insert_with(|| serde_json::Value::Object(Default::default()));
                    if !entry.is_object() {
                        *entry = serde_json::Value::Object(Default::default());
                    }
                    let serde_json::Value::Object(next) = entry else {
                        continue 'files;
                    };
                    slot = next;
                }
                slot.entry(stem.to_string()).or_insert(value);
            }
        }
        let context = SiteContext {
            base_url: site.config.base_url.clone(),
            title: site.config.title.clone(),
            params: site.config.params.clone(),
            data: serde_json::Value::Object(data),
        };
        (context, errors)
    }
}

/// What only the renderer knows.
pub trait TemplateHost {
    /// Renders Markdown the way Hugo's `markdownify` does (short `<p>` wrapper trimmed).
    fn markdownify(&self, markdown: &str) -> String;
    /// Resolves a `ref` / `relref` target to a URL, or says why it cannot.
    fn resolve_ref(&self, target: &str, relative: bool) -> Result<String, String>;
    /// `highlight CODE LANG OPTIONS`: Chroma's HTML for the code. By default what Hugo prints
    /// for a language it cannot highlight: the escaped code in a plain `<pre>`.
    fn highlight(&self, code: &str, _lang: &str, _options: &str) -> String {
        format!(
            "<pre tabindex=\"0\"><code>{}</code></pre>",
            crate::text::go_escape_string(code)
        )
    }
    /// `.Page.RenderString (dict "display" "block") MARKDOWN`: the pipeline's HTML, wrapper
    /// kept. By default as `markdownify`.
    fn render_block(&self, markdown: &str) -> String {
        self.markdownify(markdown)
    }
    /// `.RenderShortcodes` of the page at `page_path` (content-relative): its body with the
    /// shortcodes run and the Markdown as written. Empty by default.
    fn render_shortcodes(&self, _page_path: &str) -> String {
        String::new()
    }
    /// `.Page.GetPage PATH` (`from` is that page's content-relative path) or `.Site.GetPage
    /// PATH` (`from` is `None`: a relative path is read from the root): the page Hugo's
    /// lookup finds (the one `ref` uses), or `None` (templates see nil).
    fn get_page(&self, _from: Option<&str>, _target: &str) -> Option<PageContext> {
        None
    }
    /// `.Pages`, `.RegularPages`, `.Sections` or `.RegularPagesRecursive` of the page at
    /// `page_path` (content-relative), in any order (the engine sorts them as Hugo does).
    /// None by default.
    fn page_list(&self, _page_path: &str, _list: PageList) -> Vec<PageContext> {
        Vec::new()
    }
    /// `.Content` of the page at `page_path`: its body rendered. Empty by default.
    fn page_content(&self, _page_path: &str) -> String {
        String::new()
    }
    /// `.RawContent` of the page at `page_path`: its body as written. Empty by default.
    fn raw_content(&self, _page_path: &str) -> String {
        String::new()
    }
    /// `resources.Get PATH`: the file of the assets mounts at `path`. None by default.
    fn global_resource(&self, _path: &str) -> Option<ResourceFile> {
        None
    }
    /// `.Resources` of the page at `page_path`: the files of its bundle. None by default.
    fn page_resources(&self, _page_path: &str) -> Vec<ResourceFile> {
        Vec::new()
    }
    /// What `now` returns, as `2006-01-02T15:04:05Z07:00`; by default the current UTC time.
    /// Hosts fix it to make renders reproducible.
    fn now(&self) -> String {
        current_utc_time()
    }
}

/// Which of a page's collections a template asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageList {
    /// `.Pages`: the regular pages and sections directly below a section (or the home page).
    Pages,
    /// `.RegularPages`: the regular pages directly below.
    RegularPages,
    /// `.Sections`: the sections directly below.
    Sections,
    /// `.RegularPagesRecursive`: every regular page below, at any depth.
    RegularPagesRecursive,
}

/// Every shortcode template and partial of a site, parsed once.
#[derive(Debug, Default)]
pub struct ShortcodeTemplates {
    shortcodes: BTreeMap<String, Result<TemplateFile, TemplateError>>,
    /// Each shortcode template's file name and text, also when it failed to parse (its
    /// params can still be read: see [`ShortcodeTemplates::reads`]).
    shortcode_texts: BTreeMap<String, (String, String)>,
    partials: BTreeMap<String, Result<TemplateFile, TemplateError>>,
    /// Markdown render hooks by name (`render-link`, `render-codeblock-go`).
    hooks: BTreeMap<String, Result<TemplateFile, TemplateError>>,
    regexes: funcs::RegexCache,
    /// What each shortcode template reads, worked out at the first ask: every body parsed
    /// asks whether each call's template reads `.Inner`, and reading it parses the template.
    reads: std::sync::Mutex<HashMap<String, Option<Result<TemplateReads, TemplateError>>>>,
}

impl PartialSource for ShortcodeTemplates {
    fn partial(&self, name: &str) -> Option<Result<&TemplateFile, TemplateError>> {
        let found = self
            .partials
            .get(name)
            .or_else(|| self.partials.get(&format!("{name}.html")))?;
        Some(found.as_ref().map_err(Clone::clone))
    }
}

fn parse_file(display_name: String, source: String) -> Result<TemplateFile, TemplateError> {
    match parser::parse(&source) {
        Ok(tree) => Ok(TemplateFile {
            display_name,
            source,
            tree,
        }),
        Err(e) => {
            let (line, column) = crate::text::line_column(&source, e.pos);
            Err(TemplateError {
                template: display_name,
                line,
                column,
                message: e.message,
            })
        }
    }
}

/// Files under `dir` (recursively) as (path relative to `dir` with `/`, full path), sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, entry.path().to_path_buf()));
        }
    }
    files
}

impl ShortcodeTemplates {
    /// Reads `layouts/_shortcodes`, `layouts/shortcodes`, `layouts/_partials` and
    /// `layouts/partials` of each layout folder, earlier folders winning (project, then
    /// themes). `layout_dirs` may be relative to `site_root`; empty means `layouts`.
    pub fn load(
        site_root: &Path,
        layout_dirs: &[PathBuf],
    ) -> Result<ShortcodeTemplates, TemplateError> {
        let default_dirs = [PathBuf::from("layouts")];
        let dirs = if layout_dirs.is_empty() {
            &default_dirs[..]
        } else {
            layout_dirs
        };
        let mut templates = ShortcodeTemplates::default();
        for dir in dirs {
            let dir = site_root.join(dir);
            templates.load_hooks(site_root, &dir);
            for (sub, is_shortcode) in [
                ("_shortcodes", true),
                ("shortcodes", true),
                ("_partials", false),
                ("partials", false),
            ] {
                let folder = dir.join(sub);
                if !folder.is_dir() {
                    continue;
                }
                for (rel, path) in files_under(&folder) {
                    let display = path
                        .strip_prefix(site_root)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let key = if is_shortcode {
                        match rel.strip_suffix(".html") {
                            Some(name) => name.to_string(),
                            None => continue,
                        }
                    } else {
                        rel
                    };
                    let target = if is_shortcode {
                        &mut templates.shortcodes
                    } else {
                        &mut templates.partials
                    };
                    if target.contains_key(&key) {
                        continue;
                    }
                    let parsed = match std::fs::read_to_string(&path) {
                        Ok(source) => {
                            if is_shortcode {
                                templates
                                    .shortcode_texts
                                    .insert(key.clone(), (display.clone(), source.clone()));
                            }
                            parse_file(display, source)
                        }
                        Err(e) => Err(TemplateError {
                            template: display,
                            line: 1,
                            column: 1,
                            message: format!("cannot read the template: {e}"),
                        }),
                    };
                    target.insert(key, parsed);
                }
            }
        }
        Ok(templates)
    }

    /// Reads the render hooks of one layout folder: `_markup/render-*.html` (Hugo's new
    /// layout) before `_default/_markup/` (the old one); a hook already found wins.
    fn load_hooks(&mut self, site_root: &Path, dir: &Path) {
        for sub in ["_markup", "_default/_markup"] {
            let folder = dir.join(sub);
            if !folder.is_dir() {
                continue;
            }
            for (rel, path) in files_under(&folder) {
                let Some(name) = rel.strip_suffix(".html") else {
                    continue;
                };
                if !name.starts_with("render-")
                    || name.contains('/')
                    || self.hooks.contains_key(name)
                {
                    continue;
                }
                let display = path
                    .strip_prefix(site_root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let parsed = match std::fs::read_to_string(&path) {
                    Ok(source) => parse_file(display, source),
                    Err(e) => Err(TemplateError {
                        template: display,
                        line: 1,
                        column: 1,
                        message: format!("cannot read the template: {e}"),
                    }),
                };
                self.hooks.insert(name.to_string(), parsed);
            }
        }
    }

    /// Whether the site has render hook `name` (`render-link`, `render-codeblock-go`).
    pub fn has_hook(&self, name: &str) -> bool {
        self.hooks.contains_key(name)
    }

    /// Loads the templates of an opened site: its `layouts/`, then each theme's (a theme
    /// folder outside the site is skipped; [`SiteContext::from_site`] reports it).
    pub fn for_site(site: &crate::site::Site) -> Result<ShortcodeTemplates, TemplateError> {
        let dirs = site
            .mounts
            .root_dirs(&site.root, crate::site::Component::Layouts);
        ShortcodeTemplates::load(&site.root, &dirs)
    }

    /// Builds the set from sources: shortcodes by name (`img`), partials by file name
    /// (`core/x.html`; `partial "core/x"` finds it too). Never fails as a whole: parse errors
    /// are kept per template (the `Result` keeps the shape of [`ShortcodeTemplates::load`]).
    pub fn from_sources(
        shortcodes: Vec<(String, String)>,
        partials: Vec<(String, String)>,
    ) -> Result<ShortcodeTemplates, TemplateError> {
        let mut templates = ShortcodeTemplates::default();
        for (name, source) in shortcodes {
            let display = format!("_shortcodes/{name}.html");
            templates
                .shortcode_texts
                .insert(name.clone(), (display.clone(), source.clone()));
            let parsed = parse_file(display, source);
            templates.shortcodes.insert(name, parsed);
        }
        for (name, source) in partials {
            let parsed = parse_file(format!("_partials/{name}"), source);
            templates.partials.insert(name, parsed);
        }
        Ok(templates)
    }

    /// Adds render hooks from sources (`render-link` → its template text).
    pub fn with_hooks(mut self, hooks: Vec<(String, String)>) -> ShortcodeTemplates {
        for (name, source) in hooks {
            let parsed = parse_file(format!("_markup/{name}.html"), source);
            self.hooks.insert(name, parsed);
        }
        self
    }

    /// Whether the site has a template for shortcode `name` (even one that failed to parse).
    pub fn has(&self, name: &str) -> bool {
        self.shortcodes.contains_key(name)
    }

    /// The names of all shortcode templates.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.shortcodes.keys().map(String::as_str)
    }

    /// Whether the template reads `.Inner` / `.InnerDeindent`: Hugo then requires every
    /// call to be closed or self-closed, and refuses closing tags otherwise.
    pub fn uses_inner(&self, name: &str) -> bool {
        self.with_reads(
            name,
            |reads| matches!(reads, Some(Ok(reads)) if reads.inner),
        )
    }

    /// `f` of [`Self::reads`]`(name)`, worked out once per name.
    fn with_reads<T>(
        &self,
        name: &str,
        f: impl FnOnce(&Option<Result<TemplateReads, TemplateError>>) -> T,
    ) -> T {
        let cache = || {
            self.reads
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(reads) = cache().get(name) {
            return f(reads);
        }
        // Worked out without the lock: other threads' asks about other names do not wait, and
        // reading a template may one day ask about another.
        let reads = self.read_template(name);
        let out = f(&reads);
        cache().insert(name.to_string(), reads);
        out
    }

    /// What shortcode `name`'s template reads from its call (params, inner content), from
    /// its syntax tree. A template that calls functions the preview lacks is still read
    /// (parsed leniently); `None` without such a template, an error when it cannot be read
    /// or its syntax is broken.
    pub fn reads(&self, name: &str) -> Option<Result<TemplateReads, TemplateError>> {
        self.with_reads(name, Clone::clone)
    }

    fn read_template(&self, name: &str) -> Option<Result<TemplateReads, TemplateError>> {
        let Some((display, text)) = self.shortcode_texts.get(name) else {
            return match self.shortcodes.get(name)? {
                Ok(file) => Some(Ok(reads::template_reads(&file.tree, self))),
                Err(e) => Some(Err(e.clone())),
            };
        };
        Some(match parser::parse_lenient(text) {
            Ok(tree) => Ok(reads::template_reads(&tree, self)),
            Err(e) => {
                let (line, column) = crate::text::line_column(text, e.pos);
                Err(TemplateError {
                    template: display.clone(),
                    line,
                    column,
                    message: e.message,
                })
            }
        })
    }

    /// Shortcode `name`'s template file, as loaded (relative to the site root when read
    /// from disk), and the help its leading comment gives (empty without one).
    pub fn describe(&self, name: &str) -> Option<(String, String)> {
        if let Some((display, text)) = self.shortcode_texts.get(name) {
            return Some((display.clone(), reads::leading_comment(text)));
        }
        Some(match self.shortcodes.get(name)? {
            Ok(file) => (
                file.display_name.clone(),
                reads::leading_comment(&file.source),
            ),
            Err(e) => (e.template.clone(), String::new()),
        })
    }

    /// Whether shortcode `name`'s template may print something that depends on the page it is
    /// called from (its `.Page`, `.Ordinal`, `.Position`, `.Parent`, scratch, refs, `page`, or a
    /// partial given the shortcode itself), judged on its text and the partials it names,
    /// erring towards yes. A template that does not is rendered the same for the same call on
    /// any page. `None` without such a template.
    pub fn may_read_page(&self, name: &str) -> Option<bool> {
        let text = match self.shortcode_texts.get(name) {
            Some((_, text)) => text.as_str(),
            None => match self.shortcodes.get(name)? {
                Ok(file) => file.source.as_str(),
                Err(_) => return Some(true),
            },
        };
        Some(self.text_may_read_page(text, 0))
    }

    fn text_may_read_page(&self, text: &str, depth: usize) -> bool {
        static PATTERNS: std::sync::OnceLock<[regex::Regex; 3]> = std::sync::OnceLock::new();
        let [action, page_words, partial] = PATTERNS.get_or_init(|| {
            [
                // An action, comments left out (their words are not code).
                r"(?s)\{\{-?\s*([^/].*?)\}\}",
                r"\.(Page|Ordinal|Position|Parent|Scratch|Store)\b|\b(ref|relref|page|RenderString|GetPage)\b",
                r#"partial(?:Cached)?\s+"([^"]+)"\s*(\S?)"#,
            ]
            .map(|pattern| {
                regex::Regex::new(pattern).unwrap_or_else(|_| unreachable!("constant regex"))
            })
        });
        if depth > 4 {
            return true;
        }
        action.captures_iter(text).any(|found| {
            let code = &found[1];
            page_words.is_match(code)
                || partial.captures_iter(code).any(|call| {
                    // The shortcode itself passed on (`.` or `$`): the partial can reach the page.
                    let name = &call[1];
                    let found = self
                        .partials
                        .get(name)
                        .or_else(|| self.partials.get(&format!("{name}.html")));
                    match found {
                        Some(Ok(file)) => {
                            matches!(&call[2], "." | "$")
                                || self.text_may_read_page(&file.source, depth + 1)
                        }
                        _ => true,
                    }
                })
        })
    }

    /// Parse errors of all templates and partials, for the checks.
    pub fn errors(&self) -> Vec<&TemplateError> {
        self.shortcodes
            .values()
            .chain(self.partials.values())
            .filter_map(|r| r.as_ref().err())
            .collect()
    }

    /// Runs shortcode `input.name` for one call. Convenience for a single call: a page with
    /// several calls should use [`ShortcodeTemplates::page`], which shares the page's
    /// `.Scratch` between calls and converts the site once.
    pub fn render_shortcode(
        &self,
        input: &ShortcodeInput,
        page: &PageContext,
        site: &SiteContext,
        host: &dyn TemplateHost,
    ) -> Result<String, TemplateError> {
        let site = PreparedSite::new(site);
        let render = self.page(page, &site);
        render.render_shortcode(input, host)
    }

    /// Starts rendering the shortcode calls of one page.
    pub fn page<'a>(&'a self, page: &PageContext, site: &'a PreparedSite) -> PageRender<'a> {
        let page_object = PageObject::new(page, &site.base_url, site.value.clone());
        let page_scratch = page_object.scratch.clone();
        PageRender {
            templates: self,
            site,
            page: Value::Object(Arc::new(page_object)),
            page_scratch,
            page_path: page.path.clone(),
        }
    }
}

/// The site converted once into template values (params with Hugo's lower-cased keys, the
/// data tree): build it when the site's config or data change and share it between renders
/// and threads.
#[derive(Debug, Clone)]
pub struct PreparedSite {
    base_url: String,
    value: Value,
}

impl PreparedSite {
    /// Converts `site` for templates.
    pub fn new(site: &SiteContext) -> PreparedSite {
        PreparedSite {
            base_url: site.base_url.clone(),
            value: Value::Object(Arc::new(SiteObject::new(site))),
        }
    }
}

/// The shortcode calls of one page render. They share the page object, so `.Page.Scratch`
/// (`.Page.Store`) carries values from one call to the next as in Hugo (counters in accordion
/// shortcodes); each call still gets its own `.Scratch`.
pub struct PageRender<'a> {
    templates: &'a ShortcodeTemplates,
    site: &'a PreparedSite,
    page: Value,
    page_scratch: Arc<objects::Scratch>,
    page_path: String,
}

impl PageRender<'_> {
    /// Runs shortcode `input.name` for one call of this page; `host` renders Markdown and
    /// resolves refs for it (it may know the call's position, so it comes with each call).
    pub fn render_shortcode(
        &self,
        input: &ShortcodeInput,
        host: &dyn TemplateHost,
    ) -> Result<String, TemplateError> {
        let file = match self.templates.shortcodes.get(&input.name) {
            Some(Ok(file)) => file,
            Some(Err(e)) => return Err(e.clone()),
            None => {
                return Err(TemplateError {
                    template: self.page_path.clone(),
                    line: input.position.0,
                    column: input.position.1,
                    message: format!("template for shortcode {:?} not found", input.name),
                })
            }
        };
        let pads = Arc::new(objects::ScratchPads::default());
        let dot = Value::Object(Arc::new(ShortcodeObject::new(
            input,
            self.page.clone(),
            self.site.value.clone(),
            &self.page_path,
            pads.clone(),
        )));
        let funcs = FuncEnv {
            host,
            site: self.site.value.clone(),
            base_url: &self.site.base_url,
            now: objects::parse_time(&host.now()),
            regexes: &self.templates.regexes,
        };
        let mut exec = Exec::new(funcs, self.templates);
        let result = exec.run(file, &dot);
        pads.clear();
        match result? {
            Ok(html) => Ok(html),
            Err(returned) => Ok(returned.to_output_string()),
        }
    }
}

impl PageRender<'_> {
    /// Runs render hook `name` with `fields` as its dot's fields (`position` is `.Position`).
    pub fn render_hook(
        &self,
        name: &str,
        fields: BTreeMap<String, Value>,
        position: String,
        host: &dyn TemplateHost,
    ) -> Result<String, TemplateError> {
        let file = match self.templates.hooks.get(name) {
            Some(Ok(file)) => file,
            Some(Err(e)) => return Err(e.clone()),
            None => {
                return Err(TemplateError {
                    template: self.page_path.clone(),
                    line: 1,
                    column: 1,
                    message: format!("no render hook {name:?}"),
                })
            }
        };
        let dot = Value::Object(Arc::new(objects::HookObject {
            fields,
            page: self.page.clone(),
            position,
        }));
        let funcs = FuncEnv {
            host,
            site: self.site.value.clone(),
            base_url: &self.site.base_url,
            now: objects::parse_time(&host.now()),
            regexes: &self.templates.regexes,
        };
        let mut exec = Exec::new(funcs, self.templates);
        match exec.run(file, &dot)? {
            Ok(html) => Ok(html),
            Err(returned) => Ok(returned.to_output_string()),
        }
    }
}

impl Drop for PageRender<'_> {
    /// `.Page.Scratch` may hold the page itself (or a shortcode holding it): clear it so the
    /// reference cycle goes with the render.
    fn drop(&mut self) {
        self.page_scratch.clear();
    }
}

/// A new page's archetype to run (what `hugo new content` gives the template).
#[derive(Debug, Clone, PartialEq)]
pub struct ArchetypeInput<'a> {
    /// The archetype's text.
    pub source: &'a str,
    /// Its file, for errors (relative to the site root).
    pub display: &'a str,
    /// `.Type`: the content type (the section, or `--kind`).
    pub kind: &'a str,
    /// The new page's path, relative to the content folder (`.File.Path`).
    pub path: &'a str,
    /// Now as RFC 3339 (`.Date`, and what `now` returns).
    pub now: &'a str,
}

/// The archetype host: no Markdown, no refs (Hugo has not built the page yet), a fixed `now`.
struct ArchetypeHost<'a> {
    now: &'a str,
}

impl TemplateHost for ArchetypeHost<'_> {
    fn markdownify(&self, markdown: &str) -> String {
        markdown.to_string()
    }

    fn resolve_ref(&self, target: &str, _relative: bool) -> Result<String, String> {
        Err(format!(
            "ref {target:?}: refs are not resolved in archetypes"
        ))
    }

    fn now(&self) -> String {
        self.now.to_string()
    }
}

/// Runs an archetype as `hugo new content` does: shortcode delimiters in it are kept out of the
/// template's way (`{{<` … `>}}` pass through as written), the text is a Go text/template (no
/// escaping) run with Hugo's functions and `archetypeFileData` as the dot (`.Type`, `.Date`,
/// `.Name`, `.File`, `.Page`, `.Site`), and partials come from `templates`.
pub fn run_archetype(
    input: &ArchetypeInput,
    site: &PreparedSite,
    templates: &ShortcodeTemplates,
) -> Result<String, TemplateError> {
    const GUARDS: [(&str, &str); 4] = [
        ("{{<", "{x{<"),
        ("{{%", "{x{%"),
        (">}}", ">}x}"),
        ("%}}", "%}x}"),
    ];
    let mut source = input.source.to_string();
    for (from, to) in GUARDS {
        source = source.replace(from, to);
    }
    let file = parse_file(input.display.to_string(), source)?;
    let section = input
        .path
        .split_once('/')
        .map_or("", |(first, _)| first)
        .to_string();
    let page = PageObject::new(
        &PageContext {
            path: input.path.to_string(),
            // Hugo's placeholder page, the one the archetype runs against.
            title: "Content Placeholder".to_string(),
            section,
            ..PageContext::default()
        },
        &site.base_url,
        site.value.clone(),
    );
    let dot = Value::Object(Arc::new(ArchetypeObject {
        kind: input.kind.to_string(),
        date: input.now.to_string(),
        file: FileObject {
            path: input.path.to_string(),
        },
        page: Value::Object(Arc::new(page)),
        site: site.value.clone(),
    }));
    let host = ArchetypeHost { now: input.now };
    let funcs = FuncEnv {
        host: &host,
        site: site.value.clone(),
        base_url: &site.base_url,
        now: objects::parse_time(input.now),
        regexes: &templates.regexes,
    };
    let mut exec = Exec::new(funcs, templates);
    let mut out = match exec.run_text(&file, &dot)? {
        Ok(text) => text,
        Err(returned) => returned.to_output_string(),
    };
    for (to, from) in GUARDS {
        out = out.replace(from, to);
    }
    Ok(out)
}

/// The current time in UTC as RFC 3339.
fn current_utc_time() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = crate::site::dates::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests;
