//! Accessibility of what authors publish (ATAG 2.0 part B): images without alt text or with
//! a file name or "image of…" for one, skipped heading levels and a second `h1`, links whose
//! text says nothing ("click here", a bare URL), tables without a header row, empty links and
//! buttons, and videos without a title.
//!
//! The rules judge the page as Hugo prints it, because a heading or an image a shortcode
//! prints counts as much as one written in Markdown, and which parameter carries an image's
//! alt text is the site template's business (digital.gov's `img` reads it from
//! `data/images/<uid>.yml`, `legacy-img` falls back to the caption). So the body is read in
//! pieces, each with a position in the source: the Markdown (and its raw HTML) with every
//! top-level shortcode call blanked out, read with exact positions; and each top-level call
//! rendered alone by the site's own templates (the render pipeline), its elements placed at
//! the call's opening tag.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::Serialize;

use super::html_scan::{self, Element};
use super::rules::Page;
use super::{Diagnostic, Fix, Severity, TextEdit};
use crate::shortcode::{parse_body, BodyNode, ShortcodeCall};
use crate::site::Site;
use crate::text::LineIndex;

/// Image shortcodes judged by their `alt` parameter when the site has no template for them
/// (a site under construction, or a theme not checked out): with a template, the rendered
/// `<img>` says what the alt text is.
const IMAGE_SHORTCODES: [&str; 6] = [
    "legacy-img",
    "legacy-img-right",
    "img",
    "img-right",
    "figure",
    "asset-img",
];

/// Shortcodes that print a URL or a value, never an element: not worth rendering.
const VALUE_SHORTCODES: [&str; 3] = ["ref", "relref", "param"];

/// Where an element of the page comes from.
#[derive(Debug, Clone)]
enum Origin<'a> {
    /// Written in the body (Markdown or raw HTML), at its own position.
    Source,
    /// Printed by this top-level shortcode call.
    Call(&'a ShortcodeCall),
}

/// One element of the page and where it is.
struct Placed<'a> {
    /// Byte offset in the whole source (for a call's elements: its opening tag).
    offset: usize,
    element: Element,
    origin: Origin<'a>,
    /// Markdown wrote it (`![…]`, `[…](…)`, `#`), not HTML.
    markdown: bool,
}

/// A heading of the page's body as a reader meets it, for tools and tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineHeading {
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// 1-based line in the file (of the call's opening tag when a shortcode printed it).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The shortcode that printed it, if one did.
    pub shortcode: Option<String>,
}

/// The headings of the page `rel` whose whole source is `source`, in reading order.
pub fn heading_outline(site: &Site, rel: &str, source: &str) -> Vec<OutlineHeading> {
    let body_start = crate::front_matter::body_start(source);
    let lines = LineIndex::new(source);
    let parsed = parse_body(&source[body_start..]);
    read_page(site, rel, source, body_start, &parsed.nodes)
        .into_iter()
        .filter_map(|placed| match placed.element {
            Element::Heading { level, text } => {
                let (line, column) = lines.line_column(source, placed.offset);
                Some(OutlineHeading {
                    level,
                    text,
                    line,
                    column,
                    shortcode: match placed.origin {
                        Origin::Call(call) => Some(call.name.clone()),
                        Origin::Source => None,
                    },
                })
            }
            _ => None,
        })
        .collect()
}

/// Runs the accessibility rules on one page.
pub(super) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    // Where the delimiters say, even when the front matter does not parse (its `#` comments
    // are no headings).
    let body_start = crate::front_matter::body_start(page.source);
    let parsed = parse_body(&page.source[body_start..]);
    let elements = read_page(page.site, page.rel, page.source, body_start, &parsed.nodes);
    let at = |offset: usize, code: &'static str, severity: Severity, message: String| {
        let position = page.lines.line_column(page.source, offset);
        Diagnostic::new(code, severity, page.rel, position, message)
    };
    let mut previous_level = 1;
    let mut h1_seen = false;
    for placed in &elements {
        let by = match &placed.origin {
            Origin::Call(call) => format!(" (printed by shortcode `{}`)", call.name),
            Origin::Source => String::new(),
        };
        match &placed.element {
            Element::Image { alt, alt_span, src } => {
                check_image(page, placed, alt.as_deref(), alt_span, src, &at, out);
            }
            Element::Heading { level, text } => {
                if *level == 1 {
                    if h1_seen {
                        out.push(at(
                            placed.offset,
                            "multiple-h1",
                            Severity::Warning,
                            format!("a second `h1` (“{text}”){by}: a page has one main heading; use `h2` for its sections"),
                        ));
                    }
                    h1_seen = true;
                } else if *level > previous_level + 1 {
                    out.push(at(
                        placed.offset,
                        "heading-skip",
                        Severity::Warning,
                        format!(
                            "heading level skipped: `h{level}` (“{text}”) after `h{previous_level}`{by}; use `h{}` so readers can follow the outline",
                            previous_level + 1
                        ),
                    ));
                }
                previous_level = *level;
            }
            Element::Link {
                text,
                href,
                labelled,
            } => {
                if text.is_empty() && !labelled {
                    out.push(at(
                        placed.offset,
                        "empty-link",
                        Severity::Warning,
                        format!("link to `{href}` has no text{by}: screen readers announce only “link”; say where it goes"),
                    ));
                } else if !labelled && is_vague_link_text(text) {
                    out.push(at(
                        placed.offset,
                        "link-text-vague",
                        Severity::Warning,
                        format!("link text “{text}”{by} says nothing out of context: name where the link goes"),
                    ));
                } else if !labelled && is_url(text) {
                    out.push(at(
                        placed.offset,
                        "link-text-url",
                        Severity::Info,
                        format!("link text is a bare URL{by}: screen readers spell it out; name where it goes"),
                    ));
                }
            }
            Element::Button { text, labelled } => {
                if text.is_empty() && !labelled {
                    out.push(at(
                        placed.offset,
                        "empty-button",
                        Severity::Warning,
                        format!("button has no text{by}: give it a label (text or `aria-label`)"),
                    ));
                }
            }
            Element::Table { has_header } => {
                if !has_header {
                    out.push(at(
                        placed.offset,
                        "table-no-header",
                        Severity::Warning,
                        format!(
                            "table has no header row{by}: screen readers use it to name each cell"
                        ),
                    ));
                }
            }
            Element::Frame { title, src } => {
                let generic = title.as_deref().map(str::trim).is_none_or(|t| {
                    t.is_empty()
                        || ["youtube video", "vimeo video", "video", "iframe"]
                            .contains(&t.to_lowercase().as_str())
                });
                if generic {
                    let what = match &placed.origin {
                        Origin::Call(call) => {
                            format!("video `{}` has no title: add `title=\"…\"` saying what it shows", call.name)
                        }
                        Origin::Source => format!(
                            "embedded frame `{src}` has no title: add `title=\"…\"` saying what it shows"
                        ),
                    };
                    out.push(at(placed.offset, "video-no-title", Severity::Warning, what));
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_image(
    page: &Page<'_>,
    placed: &Placed<'_>,
    alt: Option<&str>,
    alt_span: &Option<Range<usize>>,
    src: &str,
    at: &dyn Fn(usize, &'static str, Severity, String) -> Diagnostic,
    out: &mut Vec<Diagnostic>,
) {
    let alt_text = alt.map(str::trim).unwrap_or_default();
    // Raw HTML may mark an image decorative with `alt=""`; Markdown and shortcodes cannot.
    let decorative = matches!((&placed.origin, placed.markdown, alt), (Origin::Source, false, Some(a)) if a.is_empty());
    if alt_text.is_empty() {
        if decorative {
            return;
        }
        let message = match (&placed.origin, placed.markdown) {
            (Origin::Call(call), _) => format!(
                "image `{}` has no alt text: describe it for readers who cannot see it",
                call.name
            ),
            (Origin::Source, true) => "image has no alt text: describe it in `![…]`".to_string(),
            (Origin::Source, false) => {
                "image has no alt text: describe it in `alt=\"…\"` (or write `alt=\"\"` if it is decoration)".to_string()
            }
        };
        out.push(at(placed.offset, "missing-alt", Severity::Warning, message));
        return;
    }
    if is_file_name(alt_text, src) {
        out.push(at(
            placed.offset,
            "alt-file-name",
            Severity::Warning,
            format!("alt text “{alt_text}” is a file name: describe what the image shows"),
        ));
        return;
    }
    let Some(prefix) = image_of_regex().find(alt_text) else {
        return;
    };
    let mut d = at(
        placed.offset,
        "alt-image-of",
        Severity::Info,
        format!(
            "alt text starts “{}”: screen readers already say it is an image; describe what it shows",
            prefix.as_str().trim()
        ),
    );
    d.fix = alt_source_span(page, placed, alt_span, alt_text)
        .and_then(|span| drop_prefix_fix(page.source, span, prefix.len()));
    out.push(d);
}

/// Where the alt text is in the source, when it is written there literally.
fn alt_source_span(
    page: &Page<'_>,
    placed: &Placed<'_>,
    alt_span: &Option<Range<usize>>,
    alt_text: &str,
) -> Option<Range<usize>> {
    match &placed.origin {
        Origin::Source => alt_span.clone(),
        Origin::Call(call) => {
            // The rendered alt came from the call's own parameter only if it is written there,
            // once (not from a data file).
            // Where the delimiters say, even when the front matter does not parse (its `#` comments
            // are no headings).
            let body_start = crate::front_matter::body_start(page.source);
            let tag = body_start + call.open_tag.start..body_start + call.open_tag.end;
            let text = page.source.get(tag.clone())?;
            let mut found = text.match_indices(alt_text);
            let (first, _) = found.next()?;
            found
                .next()
                .is_none()
                .then(|| tag.start + first..tag.start + first + alt_text.len())
        }
    }
}

/// Drops the first `len` bytes of the alt text at `span` (after its leading spaces) and
/// capitalises what follows.
fn drop_prefix_fix(source: &str, span: Range<usize>, len: usize) -> Option<Fix> {
    let text = source.get(span.clone())?;
    let lead = text.len() - text.trim_start().len();
    let start = span.start + lead;
    let rest = source.get(start + len..span.end)?;
    let first = rest.chars().next()?;
    let upper: String = first.to_uppercase().collect();
    Some(Fix {
        description: format!(
            "Drop “{}” from the alt text",
            source.get(start..start + len)?.trim()
        ),
        field_edits: Vec::new(),
        text_edits: vec![TextEdit {
            start,
            end: start + len + first.len_utf8(),
            replacement: upper,
        }],
    })
}

fn image_of_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:an?\s+|the\s+)?(?:image|picture|photo|photograph|graphic|screenshot|screen shot|icon)\s+of\s+",
        )
        .unwrap_or_else(|_| unreachable!())
    })
}

fn file_name_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:[\w.%/-]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?|avif)|(?:img|image|dsc|dscn|screenshot|photo)[_ -]?\d+)$",
        )
        .unwrap_or_else(|_| unreachable!())
    })
}

/// Alt text that is the image's file name (`chart.png`, `IMG_2041`, the `src`'s own stem).
fn is_file_name(alt: &str, src: &str) -> bool {
    if file_name_regex().is_match(alt) {
        return true;
    }
    let file = src.rsplit('/').next().unwrap_or(src);
    let stem = file.split('.').next().unwrap_or(file);
    !stem.is_empty() && stem.contains(['-', '_']) && alt.eq_ignore_ascii_case(stem)
}

fn is_vague_link_text(text: &str) -> bool {
    let words = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    matches!(
        words.as_str(),
        "click here"
            | "here"
            | "click"
            | "read more"
            | "more"
            | "learn more"
            | "this link"
            | "link"
            | "click this link"
            | "go here"
            | "more info"
            | "more information"
            | "this"
    )
}

fn is_url(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(' ')
}

/// The page's elements in reading order: the Markdown with calls blanked, and each top-level
/// call rendered alone.
fn read_page<'a>(
    site: &Site,
    rel: &str,
    source: &str,
    body_start: usize,
    nodes: &'a [BodyNode],
) -> Vec<Placed<'a>> {
    let body = &source[body_start..];
    let mut masked = String::with_capacity(body.len());
    let mut placed: Vec<Placed<'a>> = Vec::new();
    for node in nodes {
        match node {
            BodyNode::Text { span } => masked.push_str(&body[span.clone()]),
            BodyNode::Escaped { span, .. } => masked.push_str(&blank(&body[span.clone()])),
            BodyNode::Call(call) => {
                masked.push_str(&blank(&body[call.span.clone()]));
                placed.extend(read_call(site, rel, body, body_start, call));
            }
        }
    }
    placed.extend(read_markdown(&masked, body_start));
    // Stable: a call's elements keep their order.
    placed.sort_by_key(|p| p.offset);
    placed
}

/// The same number of bytes, with every character but line ends made an `x`: Markdown around
/// a call keeps its shape (a call in a link's destination leaves a link, one alone on a line a
/// paragraph) and offsets stay those of the source.
fn blank(text: &str) -> String {
    text.bytes()
        .map(|b| if b == b'\n' { '\n' } else { 'x' })
        .collect()
}

fn read_call<'a>(
    site: &Site,
    rel: &str,
    body: &str,
    body_start: usize,
    call: &'a ShortcodeCall,
) -> Vec<Placed<'a>> {
    if VALUE_SHORTCODES.contains(&call.name.as_str()) {
        return Vec::new();
    }
    let offset = body_start + call.span.start;
    let rendered = crate::render::render_call(site, rel, &call.name, &body[call.span.clone()]);
    let template_missing = rendered
        .diagnostics
        .iter()
        .any(|d| d.message.contains("template") && d.message.contains(&call.name));
    if template_missing || (rendered.html.trim().is_empty() && !rendered.diagnostics.is_empty()) {
        // No template: an image shortcode is judged by its `alt` parameter (`img` looks its
        // alt text up in data/images, which only its template knows how).
        if IMAGE_SHORTCODES.contains(&call.name.as_str()) && !call.name.starts_with("img") {
            let alt = call
                .params
                .named("alt")
                .map(|v| v.to_string())
                .unwrap_or_default();
            return vec![Placed {
                offset,
                element: Element::Image {
                    alt: Some(alt),
                    alt_span: None,
                    src: call
                        .params
                        .named("src")
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                },
                origin: Origin::Call(call),
                markdown: false,
            }];
        }
        return Vec::new();
    }
    html_scan::scan(&rendered.html)
        .into_iter()
        .map(|(_, element)| Placed {
            offset,
            element,
            origin: Origin::Call(call),
            markdown: false,
        })
        .collect()
}

/// The Markdown's own elements and those of its raw HTML, outside code.
fn read_markdown(masked: &str, base: usize) -> Vec<Placed<'static>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
    // What is being read: (start offset, kind, text so far, first and last text offsets).
    struct Reading {
        start: usize,
        tag: Tag<'static>,
        text: String,
        text_span: Option<Range<usize>>,
    }
    let mut reading: Vec<Reading> = Vec::new();
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut header_text: Option<String> = None;
    for (event, range) in Parser::new_ext(masked, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code.push(range),
            Event::Start(Tag::TableHead) => header_text = Some(String::new()),
            Event::End(TagEnd::TableHead) => {
                let has_header = header_text.take().is_some_and(|t| !t.trim().is_empty());
                if let Some(table) = reading
                    .iter()
                    .rev()
                    .find(|r| matches!(r.tag, Tag::Table(_)))
                {
                    if !has_header {
                        out.push(Placed {
                            offset: base + table.start,
                            element: Element::Table { has_header },
                            origin: Origin::Source,
                            markdown: true,
                        });
                    }
                }
            }
            Event::Start(
                tag @ (Tag::Heading { .. } | Tag::Image { .. } | Tag::Link { .. } | Tag::Table(_)),
            ) => {
                reading.push(Reading {
                    start: range.start,
                    tag: tag.into_static(),
                    text: String::new(),
                    text_span: None,
                });
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Image | TagEnd::Link | TagEnd::Table) => {
                let Some(done) = reading.pop() else { continue };
                let text = html_scan::clean_text(&done.text);
                let element = match done.tag {
                    Tag::Heading { level, .. } => Element::Heading {
                        level: heading_level(level),
                        text: text.clone(),
                    },
                    Tag::Image { dest_url, .. } => Element::Image {
                        alt: Some(text.clone()),
                        alt_span: done.text_span.map(|r| base + r.start..base + r.end),
                        src: dest_url.to_string(),
                    },
                    Tag::Link { dest_url, .. } => Element::Link {
                        text: text.clone(),
                        href: dest_url.to_string(),
                        labelled: false,
                    },
                    _ => continue,
                };
                // An image's alt text is its link's or heading's text too.
                if let (Element::Image { .. }, Some(parent)) = (&element, reading.last_mut()) {
                    parent.text.push_str(&format!(" {text} "));
                }
                out.push(Placed {
                    offset: base + done.start,
                    element,
                    origin: Origin::Source,
                    markdown: true,
                });
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(header) = header_text.as_mut() {
                    header.push_str(&text);
                }
                if let Some(current) = reading.last_mut() {
                    current.text.push_str(&text);
                    let span = current.text_span.get_or_insert(range.clone());
                    span.start = span.start.min(range.start);
                    span.end = span.end.max(range.end);
                }
            }
            // `[<img alt="Logo" src="…">](…)`: the image's alt text names the link.
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some(current) = reading.last_mut() {
                    for (_, element) in html_scan::scan(&html) {
                        if let Element::Image { alt: Some(alt), .. } = element {
                            current.text.push_str(&format!(" {alt} "));
                        }
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(current) = reading.last_mut() {
                    current.text.push(' ');
                }
            }
            _ => {}
        }
    }
    // Raw HTML, wherever Markdown lets it through; code is text.
    for (offset, element) in html_scan::scan(masked) {
        if code.iter().any(|r| r.contains(&offset)) || in_code_span(masked, offset) {
            continue;
        }
        out.push(Placed {
            offset: base + offset,
            element,
            origin: Origin::Source,
            markdown: false,
        });
    }
    out
}

/// Whether `offset` is inside an inline code span on its line (`` `<img>` ``).
fn in_code_span(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].matches('`').count() % 2 == 1
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
