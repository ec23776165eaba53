//! The body editor's aids: the shortcode call under the cursor as a form and the in-place edit
//! that applies it, a new call from the form, the spans of the calls (for highlighting) and
//! the pages a `ref`/`relref` may point at (for completion).
//!
//! The editor counts in UTF-16 code units (JavaScript strings); the core in bytes. Every
//! offset in or out of this file is UTF-16, converted here, so the shells never convert.

use std::collections::HashSet;

use serde::Serialize;

use super::Workspace;
use crate::error::Error;
use crate::render::catalog::ShortcodeInfo;
use crate::render::shortcode_form::{shortcode_form, ShortcodeForm};
use crate::shortcode::{
    call_at, edit_call, new_call, parse_body, parse_body_with, BodyNode, Delimiter, EditError,
    InnerUse, ShortcodeEdit,
};
use crate::site::PageQuery;
use crate::template::ShortcodeTemplates;
use crate::text::{byte_offset, utf16_offset};

/// The call under the cursor and its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShortcodeAt {
    /// Where the call starts (UTF-16 offset in the body): the edit names the call by it.
    pub from: usize,
    /// Where the call ends (after its closing tag, or its opening tag).
    pub to: usize,
    /// The form: the catalog's params with the call's values.
    pub form: ShortcodeForm,
}

/// A change to the body: replace `from..to` (UTF-16 offsets) with `insert`. Only the bytes
/// that differ are in it, so the editor's cursor and undo history stay put elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BodyChange {
    /// Start of the replaced text.
    pub from: usize,
    /// End of the replaced text.
    pub to: usize,
    /// The new text.
    pub insert: String,
}

/// What a highlighted span of the body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SpanKind {
    /// An opening or self-closing tag.
    Open,
    /// A closing tag.
    Close,
    /// A commented-out call (`{{</* x */>}}`), which Hugo prints as text.
    Comment,
}

/// One span of the body to highlight (UTF-16 offsets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShortcodeSpan {
    /// Start.
    pub from: usize,
    /// End.
    pub to: usize,
    /// Tag or comment.
    pub kind: SpanKind,
    /// The shortcode's name (empty for a comment).
    pub name: String,
}

/// A page a `ref`/`relref` may point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefTarget {
    /// The page's title, as people read it.
    pub title: String,
    /// The page's path in the content folder.
    pub path: String,
    /// What to write in the `ref`: the shortest target that leads to the page from here.
    pub target: String,
}

impl Workspace {
    fn shortcode_catalog(&self) -> Vec<ShortcodeInfo> {
        let templates = ShortcodeTemplates::for_site(&self.site).unwrap_or_default();
        crate::render::catalog::catalog(&templates)
    }

    /// The call under UTF-16 offset `cursor` of `body` (the innermost one that holds it) and
    /// its form; `None` when the cursor is in no call.
    pub fn shortcode_at(&self, body: &str, cursor: usize) -> Option<ShortcodeAt> {
        let at = byte_offset(body, cursor)?;
        let catalog = self.shortcode_catalog();
        let parsed = parse_body_with(body, &|name| inner_use(&catalog, name));
        let call = call_at(&parsed, at)?;
        let info = catalog.iter().find(|i| i.name == call.name);
        Some(ShortcodeAt {
            from: utf16_offset(body, call.span.start),
            to: utf16_offset(body, call.span.end),
            form: shortcode_form(&call.name, info, Some((call, body))),
        })
    }

    /// The form for a new call to shortcode `name`, from the catalog (`None`: no such
    /// shortcode).
    pub fn shortcode_form(&self, name: &str) -> Option<ShortcodeForm> {
        let catalog = self.shortcode_catalog();
        let info = catalog.iter().find(|i| i.name == name)?;
        Some(shortcode_form(name, Some(info), None))
    }

    /// Applies `edit` to the call that starts at UTF-16 offset `from` of `body`: the change
    /// that rewrites only what the edit touches.
    pub fn edit_shortcode(
        &self,
        body: &str,
        from: usize,
        edit: &ShortcodeEdit,
    ) -> Result<BodyChange, Error> {
        let start = byte_offset(body, from).ok_or(EditError::NoCall)?;
        let catalog = self.shortcode_catalog();
        let parsed = parse_body_with(body, &|name| inner_use(&catalog, name));
        let call = parsed
            .calls()
            .into_iter()
            .find(|c| c.span.start == start)
            .ok_or(EditError::NoCall)?;
        let text = edit_call(body, call, edit)?;
        Ok(minimal_change(body, call.span.clone(), &text))
    }

    /// The text of a new call to shortcode `name` with `edit` applied (a closing tag when the
    /// shortcode takes inner content), written with `delimiter`.
    pub fn new_shortcode(
        &self,
        name: &str,
        delimiter: Delimiter,
        edit: &ShortcodeEdit,
    ) -> Result<String, Error> {
        let catalog = self.shortcode_catalog();
        let takes_inner = catalog
            .iter()
            .find(|i| i.name == name)
            .is_some_and(|i| i.inner);
        Ok(new_call(name, delimiter, takes_inner, edit)?)
    }

    /// The tags and commented-out calls of `body`, in order, for highlighting: the one parser's
    /// spans, without reading the templates (a tag is a tag whatever its template says).
    pub fn shortcode_spans(body: &str) -> Vec<ShortcodeSpan> {
        let parsed = parse_body(body);
        let mut spans: Vec<(std::ops::Range<usize>, SpanKind, String)> = Vec::new();
        fn walk(nodes: &[BodyNode], spans: &mut Vec<(std::ops::Range<usize>, SpanKind, String)>) {
            for node in nodes {
                match node {
                    BodyNode::Escaped { span, .. } => {
                        spans.push((span.clone(), SpanKind::Comment, String::new()))
                    }
                    BodyNode::Call(call) => {
                        spans.push((call.open_tag.clone(), SpanKind::Open, call.name.clone()));
                        if let Some(inner) = &call.inner {
                            walk(inner, spans);
                        }
                        if let Some(close) = &call.close_tag {
                            spans.push((close.clone(), SpanKind::Close, call.name.clone()));
                        }
                    }
                    BodyNode::Text { .. } => {}
                }
            }
        }
        walk(&parsed.nodes, &mut spans);
        // One pass over the text converts every (ascending) offset to UTF-16.
        let mut units = 0;
        let mut chars = body.char_indices().peekable();
        let mut convert = |byte: usize| {
            while let Some(&(at, c)) = chars.peek() {
                if at >= byte {
                    break;
                }
                units += c.len_utf16();
                chars.next();
            }
            units
        };
        spans
            .into_iter()
            .map(|(span, kind, name)| ShortcodeSpan {
                from: convert(span.start),
                to: convert(span.end),
                kind,
                name,
            })
            .collect()
    }

    /// Pages a `ref`/`relref` written in the page at `from` may point at, matching `text` by
    /// title or path (the page query's words, and the path), titles first, at most `limit`;
    /// each with the shortest target that leads to it.
    pub fn ref_targets(&self, from: &str, text: &str, limit: usize) -> Vec<RefTarget> {
        let index = &self.site.index;
        let needle = text.trim().to_lowercase();
        let query = PageQuery {
            text: Some(text.to_string()),
            ..PageQuery::default()
        };
        let mut seen: HashSet<&str> = HashSet::new();
        let mut found: Vec<(u8, &crate::site::PageEntry)> = Vec::new();
        let by_path = index
            .pages
            .iter()
            .filter(|p| needle.is_empty() || p.path.to_lowercase().contains(&needle));
        let by_query = if needle.is_empty() {
            Vec::new()
        } else {
            index.query(&query, None)
        };
        for page in by_query.into_iter().chain(by_path) {
            if page.path == from || !seen.insert(page.path.as_str()) {
                continue;
            }
            let title = Workspace::display_text(&page.title).to_lowercase();
            let rank = if title.contains(&needle) {
                0
            } else if page.path.to_lowercase().contains(&needle) {
                1
            } else {
                2
            };
            found.push((rank, page));
        }
        found.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then_with(|| b.date.cmp(&a.date))
                .then_with(|| a.path.cmp(&b.path))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(_, page)| RefTarget {
                title: Workspace::display_text(&page.title),
                path: page.path.clone(),
                target: index.shortest_ref(from, &page.path),
            })
            .collect()
    }
}

/// Whether calls to `name` need a closing tag, as the catalog (templates, built-ins) says.
fn inner_use(catalog: &[ShortcodeInfo], name: &str) -> InnerUse {
    match catalog.iter().find(|i| i.name == name) {
        Some(info) if info.inner => InnerUse::Required,
        Some(_) => InnerUse::Forbidden,
        None => InnerUse::Unknown,
    }
}

/// Replacing `body[span]` with `text` as the smallest change: the common start and end
/// (whole characters) are left out.
fn minimal_change(body: &str, span: std::ops::Range<usize>, text: &str) -> BodyChange {
    let old = &body[span.clone()];
    let prefix: usize = old
        .chars()
        .zip(text.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(text[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let from = span.start + prefix;
    let to = span.end - suffix;
    BodyChange {
        from: utf16_offset(body, from),
        to: utf16_offset(body, to),
        insert: text[prefix..text.len() - suffix].to_string(),
    }
}
