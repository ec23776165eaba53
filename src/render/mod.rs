//! The preview pipeline: a page body in, the HTML Hugo's `{{ .Content }}` would print out.
//!
//! CONTRACT STUB — the render work replaces the body; `render_page` is what the facade calls.

use serde::Serialize;

use crate::site::Site;

/// A problem met while rendering, shown inline in the preview and in the checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let _ = (site, page_path);
    let events: Vec<Event> = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).collect();
    // goldmark gives every heading an id from its text (`autoHeadingID`), unique per page.
    let mut used = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { level, id: None, classes, attrs }) => {
                let text: String = events[i + 1..]
                    .iter()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = unique_heading_id(&text, &mut used);
                out.push(Event::Start(Tag::Heading { level: *level, id: Some(id.into()), classes: classes.clone(), attrs: attrs.clone() }));
            }
            other => out.push(other.clone()),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Rendered { html, diagnostics: Vec::new() }
}

/// goldmark's default heading id: lowercase letters and digits kept, spaces and dashes become
/// dashes, everything else dropped; a repeat gets `-1`, `-2`, …
fn unique_heading_id(text: &str, used: &mut std::collections::HashMap<String, usize>) -> String {
    let mut id = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' {
            id.push('-');
        } else if c == '_' {
            id.push('_');
        }
    }
    if id.is_empty() {
        id.push_str("heading");
    }
    if !used.contains_key(&id) {
        used.insert(id.clone(), 0);
        return id;
    }
    let mut n = used[&id];
    let candidate = loop {
        n += 1;
        let candidate = format!("{id}-{n}");
        if !used.contains_key(&candidate) {
            break candidate;
        }
    };
    used.insert(id, n);
    used.insert(candidate.clone(), 0);
    candidate
}
