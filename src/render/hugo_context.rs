//! Hugo's page-context markers. `.RenderShortcodes` called from a `{{% %}}` shortcode (the
//! `include` of Hugo's documentation) wraps the included page's source in
//! `{{__hugo_ctx pid=N}}` … `{{__hugo_ctx/}}`, each followed by a newline, and Hugo's goldmark
//! extension (`hugocontext`) reads them as inline nodes that print nothing but leave marks a
//! preview must copy (checked against Hugo 0.168 in `render::markdown`'s tests):
//!
//! - a marker line is a Markdown line like any other: after a table it is one more (empty)
//!   row, after a paragraph (or a list item's) it joins it lazily;
//! - a paragraph of one marker and nothing else is dropped (no `<p></p>`);
//! - a marker eats the character after it (the newline), so the lines around it join without
//!   a break; in a paragraph the line break before a marker goes too, but not in a tight
//!   list item's or definition's text (goldmark's text blocks): there it stays;
//! - before Markdown, a marker line's indentation is removed (`DedentMarkers`), so a marker
//!   never starts an indented code block;
//! - raw HTML loses its markers (with their newline); code keeps them as text.
//!
//! Pids are Hugo's page ids and only pick the page for the render hooks: the markers printed
//! here carry none.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// What every marker starts with.
const PREFIX: &str = "{{__hugo_ctx";

/// `body` wrapped in the markers, as `.RenderShortcodes` returns it inside a `{{% %}}` call.
pub fn wrap(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 32);
    out.push_str(PREFIX);
    out.push_str(" pid=0}}\n");
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(PREFIX);
    out.push_str("/}}\n");
    out
}

/// The length of the marker that starts `text`, as goldmark's inline parser reads it: the
/// prefix, then anything up to the first `}}` on the line.
fn marker_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(PREFIX)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    line.find("}}").map(|end| PREFIX.len() + end + 2)
}

/// Whether `text` is exactly one marker.
fn is_lone_marker(text: &str) -> bool {
    marker_len(text) == Some(text.len())
}

/// Hugo's `DedentMarkers`: the indentation before a marker at a line's start goes.
pub fn dedent(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains(PREFIX) {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.len() < line.len() && marker_len(trimmed).is_some() {
            out.push_str(trimmed);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// Hugo's `Strip`: every marker (with the newline after it) removed, for output that no
/// Markdown reads (a `{{< >}}` call's `.RenderShortcodes`, raw HTML).
pub fn strip(text: &str) -> Cow<'_, str> {
    if !text.contains(PREFIX) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(PREFIX) {
        out.push_str(&rest[..at]);
        match strict_marker_len(&rest[at..]) {
            Some(len) => {
                let after = &rest[at + len..];
                rest = after.strip_prefix('\n').unwrap_or(after);
            }
            None => {
                out.push_str(PREFIX);
                rest = &rest[at + PREFIX.len()..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of a marker as Hugo's stripping pattern matches it
/// (`{{__hugo_ctx( pid=\d+)?/?}}`).
fn strict_marker_len(text: &str) -> Option<usize> {
    let mut rest = text.strip_prefix(PREFIX)?;
    if let Some(after) = rest.strip_prefix(" pid=") {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &after[digits..];
    }
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    rest.starts_with("}}").then(|| text.len() - rest.len() + 2)
}

/// The source with each marker's `__` hidden from the Markdown parser (they would open
/// emphasis), byte for byte the same length.
pub fn hide_from_parser(parse_src: Cow<'_, str>) -> Cow<'_, str> {
    if !parse_src.contains(PREFIX) {
        return parse_src;
    }
    let hidden = parse_src.replace(PREFIX, "{{\u{1}\u{1}hugo_ctx");
    Cow::Owned(hidden)
}

/// The open block a text event sits in.
#[derive(Clone, Copy, PartialEq)]
enum Container {
    /// A paragraph printed with `<p>`: a line break before a marker goes.
    Paragraph,
    /// Text printed bare (a tight definition's first paragraph): its line breaks stay.
    TextBlock,
    /// A definition not yet given its first paragraph, and whether it is tight.
    Definition {
        tight: bool,
    },
    Code,
    Other,
}

/// Applies the markers' effects to the parsed events: the markers go, with the line breaks
/// and paragraphs they take along (see the module docs). `tight_definition` says whether the
/// definition starting at a range is tight (the writer's rule).
pub fn apply<'a>(
    src: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
    tight_definition: impl Fn(&Range<usize>) -> bool,
) -> Vec<(Event<'a>, Range<usize>)> {
    if !src.contains(PREFIX) {
        return events;
    }
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(events.len());
    let mut blocks: Vec<Container> = Vec::new();
    let mut eat_break = false;
    // A paragraph of one marker: its three events are skipped.
    let lone: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(
                (events.get(i), events.get(i + 1), events.get(i + 2)),
                (
                    Some((Event::Start(Tag::Paragraph), _)),
                    Some((Event::Text(text), _)),
                    Some((Event::End(TagEnd::Paragraph), _)),
                ) if is_lone_marker(text)
            )
        })
        .collect();
    let mut events = events.into_iter().zip(lone);
    while let Some(((event, range), lone)) = events.next() {
        let was_eating = std::mem::take(&mut eat_break);
        match event {
            Event::Start(Tag::Paragraph) if lone => {
                events.next();
                events.next();
            }
            Event::Start(Tag::Paragraph) => {
                // A definition's first paragraph is bare when it is tight; later ones not.
                let block = match blocks.last_mut() {
                    Some(open @ Container::Definition { tight: true }) => {
                        *open = Container::Other;
                        Container::TextBlock
                    }
                    Some(open @ Container::Definition { .. }) => {
                        *open = Container::Other;
                        Container::Paragraph
                    }
                    _ => Container::Paragraph,
                };
                blocks.push(block);
                out.push((Event::Start(Tag::Paragraph), range));
            }
            Event::Start(tag) => {
                blocks.push(match &tag {
                    Tag::DefinitionListDefinition => Container::Definition {
                        tight: tight_definition(&range),
                    },
                    Tag::CodeBlock(_) => Container::Code,
                    _ => Container::Other,
                });
                out.push((Event::Start(tag), range));
            }
            Event::End(tag) => {
                blocks.pop();
                out.push((Event::End(tag), range));
            }
            Event::SoftBreak if was_eating => {}
            Event::Text(text)
                if blocks.last() != Some(&Container::Code) && text.contains(PREFIX) =>
            {
                let in_paragraph = blocks.last() == Some(&Container::Paragraph);
                let mut start = 0;
                let mut at = 0;
                while let Some(found) = text[at..].find(PREFIX) {
                    let marker = at + found;
                    let Some(len) = marker_len(&text[marker..]) else {
                        at = marker + PREFIX.len();
                        continue;
                    };
                    if marker > start {
                        let piece = piece(&text, start..marker);
                        out.push((
                            Event::Text(piece),
                            range.start + start..range.start + marker,
                        ));
                    } else if in_paragraph
                        && out.last().is_some_and(|(e, _)| *e == Event::SoftBreak)
                    {
                        out.pop();
                    }
                    let end = marker + len;
                    if end >= text.len() {
                        // The newline after it ends the event: the break that follows goes.
                        eat_break = true;
                        start = text.len();
                    } else {
                        let next = text[end..].chars().next().map_or(0, char::len_utf8);
                        start = end + next;
                    }
                    at = start;
                }
                if start < text.len() {
                    let piece = piece(&text, start..text.len());
                    out.push((Event::Text(piece), range.start + start..range.end));
                }
            }
            Event::Html(html) if html.contains(PREFIX) => {
                let stripped = strip(&html).into_owned();
                out.push((Event::Html(stripped.into()), range));
            }
            Event::InlineHtml(html) if html.contains(PREFIX) => {
                let stripped = strip(&html).into_owned();
                out.push((Event::InlineHtml(stripped.into()), range));
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// A part of a text event, borrowed when the event is.
fn piece<'a>(text: &pulldown_cmark::CowStr<'a>, range: Range<usize>) -> pulldown_cmark::CowStr<'a> {
    match text {
        pulldown_cmark::CowStr::Borrowed(s) => pulldown_cmark::CowStr::Borrowed(&s[range]),
        other => other[range].to_string().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_ends_the_body_with_a_newline_before_the_closing_marker() {
        assert_eq!(wrap("a"), "{{__hugo_ctx pid=0}}\na\n{{__hugo_ctx/}}\n");
        assert_eq!(wrap("a\n"), "{{__hugo_ctx pid=0}}\na\n{{__hugo_ctx/}}\n");
    }

    #[test]
    fn dedent_unindents_marker_lines_only() {
        assert_eq!(
            dedent("- a\n\n  {{__hugo_ctx pid=3}}\n  b\n\t{{__hugo_ctx/}}\n"),
            "- a\n\n{{__hugo_ctx pid=3}}\n  b\n{{__hugo_ctx/}}\n"
        );
    }

    #[test]
    fn strip_removes_markers_and_their_newline() {
        assert_eq!(
            strip("<div>\n{{__hugo_ctx pid=12}}\nx{{__hugo_ctx/}}\n</div>"),
            "<div>\nx</div>"
        );
        // Not a marker by Hugo's pattern: kept.
        assert_eq!(strip("{{__hugo_ctx pid=x}}"), "{{__hugo_ctx pid=x}}");
    }
}
