//! A Go `text/template` / `html/template` interpreter for the site's own shortcode templates.
//!
//! The preview runs a site's `layouts/shortcodes/*.html` (and the partials they call) the way
//! Hugo would: Go's template language, Hugo's functions and objects, html/template's contextual
//! escaping. [`ShortcodeTemplates`] loads and parses every template once; a template that fails
//! to parse keeps its error, returned when that shortcode is rendered.
//!
//! Known approximations (see also `escape`): CSS and JS contexts are simplified; shortcode
//! params are strings (Hugo types bare `true`/`5`); `.InnerDeindent` removes the indentation
//! the inner lines share; `shuffle` keeps the order; `resources.Get` finds nothing;
//! `.Site.Pages`/`GetPage` and other page-collection members are reported as unsupported.

mod escape;
mod exec;
mod funcs;
mod lexer;
mod objects;
mod parser;
mod value;

use std::collections::{BTreeMap, HashMap};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use value::{Object, SafeKind, Value};

use exec::{Exec, PartialSource, TemplateFile};
use funcs::FuncEnv;
use objects::{PageObject, ShortcodeObject, SiteObject};

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

/// What only the renderer knows.
pub trait TemplateHost {
    /// Renders Markdown the way Hugo's `markdownify` does (short `<p>` wrapper trimmed).
    fn markdownify(&self, markdown: &str) -> String;
    /// Resolves a `ref` / `relref` target to a URL, or says why it cannot.
    fn resolve_ref(&self, target: &str, relative: bool) -> Result<String, String>;
    /// What `now` returns, as `2006-01-02T15:04:05Z07:00`; by default the current UTC time.
    /// Hosts fix it to make renders reproducible.
    fn now(&self) -> String {
        current_utc_time()
    }
}

/// Every shortcode template and partial of a site, parsed once.
#[derive(Debug, Default)]
pub struct ShortcodeTemplates {
    shortcodes: BTreeMap<String, Result<TemplateFile, TemplateError>>,
    partials: BTreeMap<String, Result<TemplateFile, TemplateError>>,
}

impl PartialSource for ShortcodeTemplates {
    fn partial(&self, name: &str) -> Option<Result<&TemplateFile, TemplateError>> {
        let found = self.partials.get(name).or_else(|| self.partials.get(&format!("{name}.html")))?;
        Some(found.as_ref().map_err(Clone::clone))
    }
}

fn parse_file(display_name: String, source: String) -> Result<TemplateFile, TemplateError> {
    match parser::parse(&source) {
        Ok(tree) => Ok(TemplateFile { display_name, source, tree }),
        Err(e) => {
            let (line, column) = crate::error::line_column(&source, e.pos);
            Err(TemplateError { template: display_name, line, column, message: e.message })
        }
    }
}

/// Files under `dir` (recursively) as (path relative to `dir` with `/`, full path), sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push((rel, entry.path().to_path_buf()));
        }
    }
    files
}

impl ShortcodeTemplates {
    /// Reads `layouts/_shortcodes`, `layouts/shortcodes`, `layouts/_partials` and
    /// `layouts/partials` of each layout folder, earlier folders winning (project, then
    /// themes). `layout_dirs` may be relative to `site_root`; empty means `layouts`.
    pub fn load(site_root: &Path, layout_dirs: &[PathBuf]) -> Result<ShortcodeTemplates, TemplateError> {
        let default_dirs = [PathBuf::from("layouts")];
        let dirs = if layout_dirs.is_empty() { &default_dirs[..] } else { layout_dirs };
        let mut templates = ShortcodeTemplates::default();
        for dir in dirs {
            let dir = site_root.join(dir);
            for (sub, is_shortcode) in [("_shortcodes", true), ("shortcodes", true), ("_partials", false), ("partials", false)] {
                let folder = dir.join(sub);
                if !folder.is_dir() {
                    continue;
                }
                for (rel, path) in files_under(&folder) {
                    let display = path.strip_prefix(site_root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                    let key = if is_shortcode {
                        match rel.strip_suffix(".html") {
                            Some(name) => name.to_string(),
                            None => continue,
                        }
                    } else {
                        rel
                    };
                    let target = if is_shortcode { &mut templates.shortcodes } else { &mut templates.partials };
                    if target.contains_key(&key) {
                        continue;
                    }
                    let parsed = match std::fs::read_to_string(&path) {
                        Ok(source) => parse_file(display, source),
                        Err(e) => Err(TemplateError { template: display, line: 1, column: 1, message: format!("cannot read the template: {e}") }),
                    };
                    target.insert(key, parsed);
                }
            }
        }
        Ok(templates)
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
            let parsed = parse_file(format!("_shortcodes/{name}.html"), source);
            templates.shortcodes.insert(name, parsed);
        }
        for (name, source) in partials {
            let parsed = parse_file(format!("_partials/{name}"), source);
            templates.partials.insert(name, parsed);
        }
        Ok(templates)
    }

    /// Whether the site has a template for shortcode `name` (even one that failed to parse).
    pub fn has(&self, name: &str) -> bool {
        self.shortcodes.contains_key(name)
    }

    /// The names of all shortcode templates.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.shortcodes.keys().map(String::as_str)
    }

    /// Whether the template mentions `.Inner` / `.InnerDeindent`: Hugo then requires every
    /// call to be closed or self-closed, and refuses closing tags otherwise.
    pub fn uses_inner(&self, name: &str) -> bool {
        match self.shortcodes.get(name) {
            Some(Ok(file)) => file.source.contains(".Inner"),
            _ => false,
        }
    }

    /// Parse errors of all templates and partials, for the checks.
    pub fn errors(&self) -> Vec<&TemplateError> {
        self.shortcodes.values().chain(self.partials.values()).filter_map(|r| r.as_ref().err()).collect()
    }

    /// Runs shortcode `input.name` for one call.
    pub fn render_shortcode(
        &self,
        input: &ShortcodeInput,
        page: &PageContext,
        site: &SiteContext,
        host: &dyn TemplateHost,
    ) -> Result<String, TemplateError> {
        let file = match self.shortcodes.get(&input.name) {
            Some(Ok(file)) => file,
            Some(Err(e)) => return Err(e.clone()),
            None => {
                return Err(TemplateError {
                    template: page.path.clone(),
                    line: input.position.0,
                    column: input.position.1,
                    message: format!("template for shortcode {:?} not found", input.name),
                })
            }
        };
        let site_value = Value::Object(Rc::new(SiteObject::new(site)));
        let page_value = Value::Object(Rc::new(PageObject::new(page, site, site_value.clone())));
        let dot = Value::Object(Rc::new(ShortcodeObject::new(input, page_value, site_value, &page.path)));
        let funcs = FuncEnv {
            host,
            base_url: &site.base_url,
            now: objects::parse_time(&host.now()),
            regexes: RefCell::new(HashMap::new()),
        };
        let mut exec = Exec::new(funcs, self);
        match exec.run(file, &dot)? {
            Ok(html) => Ok(html),
            Err(returned) => Ok(returned.to_output_string()),
        }
    }
}

/// The current time in UTC as RFC 3339.
fn current_utc_time() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests;
