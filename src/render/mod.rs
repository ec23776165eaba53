//! The preview pipeline: a page body in, the HTML Hugo's `{{ .Content }}` would print out.
//!
//! CONTRACT STUB — the render work replaces the body; `render_page` is what the facade calls.

use serde::Serialize;

use crate::site::Site;

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
pub fn render_page(site: &Site, page_path: &str, body: &str) -> Rendered {
    let _ = (site, page_path);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
    Rendered { html, diagnostics: Vec::new() }
}
