//! The preview pipeline: a page body in, the HTML Hugo's `{{ .Content }}` would print out.
//!
//! `pipeline` runs Hugo's order of operations (shortcodes, Markdown, placeholders, summary
//! divider); `markdown` prints goldmark's HTML; `ref`/`relref` ask [`crate::site::refs`]; `builtins`
//! holds Hugo's embedded shortcodes, `catalog` lists every shortcode a site can call (with
//! params, inner flag, help) and `shortcode_form` the editor's form for one call from it;
//! `highlight` prints code as Chroma does; `hooks` hands links, images, headings, code blocks,
//! tables and blockquotes to the site's render hooks; the site's own templates run in
//! `crate::template`.

mod block_attributes;
mod builtins;
pub mod catalog;
mod cjk;
mod delimiters;
mod document_id;
mod heading_id;
mod highlight;
mod hooks;
mod hugo_context;
mod inline;
mod markdown;
mod options;
mod passthrough;
mod pipeline;
pub mod shortcode_form;

use std::sync::Arc;

use serde::Serialize;

use crate::site::Site;

pub use heading_id::anchor_name;
pub use highlight::HighlightOptions;
pub use markdown::render_markdown;
pub use options::{
    EastAsianLineBreaks, EmbeddedHook, Extras, HeadingIdType, MarkdownOptions, Passthrough,
    TypographerStrings,
};
pub use pipeline::{forget_rendered_calls, load_data, prepared_for, reload_prepared, Prepared};

/// A problem met while rendering, shown inline in the preview and in the checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RenderDiagnostic {
    /// 1-based line in the body.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What went wrong.
    pub message: String,
}

/// The result of rendering one page body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// The body HTML.
    pub html: String,
    /// Problems met on the way (the HTML is still as complete as possible).
    pub diagnostics: Vec<RenderDiagnostic>,
}

/// Renders `body` as the page at `page_path` (relative to the content dir) of `site`.
///
/// The site's templates, data and Markdown settings are loaded on first use and kept (per
/// thread) until their files change. The page's front matter (for `.Params`, `param`) is
/// read from its file on disk.
pub fn render_page(site: &Site, page_path: &str, body: &str) -> Rendered {
    let prepared = pipeline::prepared_for(site);
    let page = pipeline::PageRender::new(site, &prepared, page_path);
    let html = page.render_body(body);
    let mut diagnostics: Vec<RenderDiagnostic> = prepared
        .load_errors
        .iter()
        .map(|message| RenderDiagnostic {
            line: 1,
            column: 1,
            message: message.clone(),
        })
        .collect();
    diagnostics.extend(page.into_diagnostics());
    Rendered { html, diagnostics }
}

/// The refs that the site's own shortcode templates (those that call `ref`/`relref`, like
/// digital.gov's `link`) fail to resolve when `call` (one call's source, as written in the
/// page at `page_path`) runs: each target with why, as Hugo's REF_NOT_FOUND. Empty for a call
/// of any other shortcode (direct `ref`/`relref` calls are read without rendering).
pub fn template_ref_misses(
    site: &Site,
    page_path: &str,
    name: &str,
    call: &str,
) -> Vec<(String, crate::site::RefError)> {
    let prepared = pipeline::prepared_for(site);
    if !prepared.ref_shortcodes.contains(name) {
        return Vec::new();
    }
    let page = pipeline::PageRender::new(site, &prepared, page_path);
    page.render_body(call);
    page.ref_misses()
}

/// Renders one shortcode call (`call_text`, a whole call from its opening to its closing tag)
/// alone, as [`render_page`] renders a body of just that call. A call whose template cannot
/// read the page ([`crate::template::ShortcodeTemplates::may_read_page`]) and that holds no
/// other call is rendered once and shared after, by every thread, until the site's templates
/// or data change or a site-wide check is over ([`forget_rendered_calls`]): the site-wide check
/// meets the same call on many pages, and the open page's check renders its calls again each
/// time the writer pauses.
pub fn render_call(site: &Site, page_path: &str, name: &str, call_text: &str) -> Arc<Rendered> {
    let prepared = pipeline::prepared_for(site);
    let shareable = call_text.matches("{{").count() <= 2
        && match prepared.templates.may_read_page(name) {
            Some(reads_page) => !reads_page,
            // Hugo's own: only the ref family reads the page.
            None => !matches!(name, "ref" | "relref" | "param"),
        };
    if !shareable {
        return Arc::new(render_page(site, page_path, call_text));
    }
    if let Some(done) = prepared.lock_calls().get(call_text) {
        return Arc::clone(done);
    }
    /// Enough for every distinct call of a large site; past it (hours of typing inside calls)
    /// the cache starts over rather than grow.
    const MAX_SHARED: usize = 20_000;
    let rendered = Arc::new(render_page(site, page_path, call_text));
    let mut shared = prepared.lock_calls();
    if shared.len() >= MAX_SHARED {
        shared.clear();
    }
    shared.insert(call_text.to_string(), Arc::clone(&rendered));
    rendered
}

/// The stylesheet the preview needs for the site's highlighted code: Chroma's rules for its
/// `markup.highlight.style` when it prints classes (`noClasses = false`), else `None`.
///
/// Read from the config alone: the app asks for it at startup, on a thread that may never
/// render, where loading the whole [`Prepared`] (templates, and the data folder as template
/// values: a few MB on digital.gov) only to read one option would keep a copy of it there.
pub fn highlight_stylesheet(site: &Site) -> Option<String> {
    highlight::stylesheet(&options::MarkdownOptions::from_config(&site.config.raw).highlight)
}
