//! `parser.attribute.block`: a `{.class #id key=value}` line right after a block sets that
//! block's attributes (Hugo's attributes extension). pulldown-cmark reads such a line as
//! paragraph text; this pass takes it out and marks the block it belongs to instead.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::delimiters::Piece;
use super::markdown::parse_attributes;

/// The attributes of a whole `{…}` line, or `None` when `text` is not one.
fn attribute_line(text: &str) -> Option<Vec<(String, String)>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    match parse_attributes(inner) {
        (attributes, true) => Some(attributes),
        _ => None,
    }
}

fn verbatim_text<'p>(src: &str, piece: Option<&'p Piece>) -> Option<(&'p str, &'p Range<usize>)> {
    match piece {
        Some(Piece::Event(Event::Text(text), range)) if src.get(range.clone()) == Some(text) => {
            Some((text.as_ref(), range))
        }
        _ => None,
    }
}

/// An open block: where its start is in `pieces`, and what it is.
struct Open {
    index: usize,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Quote,
    /// A list item or definition whose own lines are indented: a line that is not belongs
    /// to the list around it.
    Item,
    Other,
}

/// Moves each attribute line's attributes to just after the start of the block they belong
/// to (as `Piece::Attributes`) and removes the line.
pub fn apply<'a>(src: &'a str, pieces: Vec<Piece<'a>>) -> Vec<Piece<'a>> {
    let mut open: Vec<Open> = Vec::new();
    // Per depth, the last block closed there: its start in `pieces` and its source end.
    let mut last_closed: Vec<Option<usize>> = vec![None];
    let mut removed = vec![false; pieces.len()];
    let mut inserts: Vec<(usize, Piece<'a>)> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let Piece::Event(event, range) = piece else {
            continue;
        };
        if removed[i] {
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                // A paragraph of only an attribute line: it belongs to the block just before
                // it, or to nothing after a blank line.
                if let (Some((text, _)), Some(Piece::Event(Event::End(TagEnd::Paragraph), _))) =
                    (verbatim_text(src, pieces.get(i + 1)), pieces.get(i + 2))
                {
                    if let Some(attributes) = attribute_line(text) {
                        removed[i..i + 3].iter_mut().for_each(|r| *r = true);
                        // Goldmark drops an attribute line after a blank line.
                        let previous = last_closed.last().copied().flatten();
                        if let (Some(start), false) = (previous, after_blank_line(src, range.start))
                        {
                            inserts.push((start, Piece::Attributes(attributes)));
                        }
                        continue;
                    }
                }
                open.push(Open {
                    index: i,
                    kind: Kind::Other,
                });
                last_closed.push(None);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::DefinitionListDefinition) => {
                // Text ending in attribute lines (a tight item's text has no paragraph): the
                // first line interrupts the text and takes the attributes; later ones are lost.
                let mut first = None;
                let mut at = i;
                while let (Some(Piece::Event(Event::SoftBreak, _)), Some((text, text_range))) = (
                    at.checked_sub(2).and_then(|n| pieces.get(n)),
                    verbatim_text(src, at.checked_sub(1).and_then(|n| pieces.get(n))),
                ) {
                    let Some(attributes) = attribute_line(text) else {
                        break;
                    };
                    removed[at - 2] = true;
                    removed[at - 1] = true;
                    first = Some((attributes, text_range.start));
                    at -= 2;
                }
                let emptied = matches!(
                    at.checked_sub(1).and_then(|n| pieces.get(n)),
                    Some(Piece::Event(Event::Start(Tag::Paragraph), _))
                );
                match first {
                    // Nothing but attribute lines after a passthrough block split the
                    // paragraph: goldmark drops that paragraph, attributes and all.
                    Some(_) if emptied => {
                        removed[at - 1] = true;
                        removed[i] = true;
                    }
                    Some((attributes, line)) => {
                        inserts.push((target_of(src, line, &open), Piece::Attributes(attributes)))
                    }
                    None => {}
                }
                close(&mut open, &mut last_closed);
            }
            Event::Start(Tag::TableRow) if table_row_attributes(src, range).is_some() => {
                // goldmark reads the line as the table's attribute line, which ends the
                // table: later attribute lines are lost, later rows are paragraph text.
                let table = open.last().map_or(0, |block| block.index);
                let table_end = (i..pieces.len())
                    .find(|&n| matches!(pieces[n], Piece::Event(Event::End(TagEnd::Table), _)))
                    .unwrap_or(pieces.len());
                let mut rest = Vec::new();
                let mut first = true;
                let mut row_start = i;
                for n in i..table_end {
                    match &pieces[n] {
                        Piece::Event(Event::Start(Tag::TableRow), _) => row_start = n,
                        Piece::Event(Event::End(TagEnd::TableRow), _) => {
                            let Piece::Event(_, range) = &pieces[row_start] else {
                                continue;
                            };
                            match table_row_attributes(src, range) {
                                Some(attributes) if first => {
                                    inserts.push((table, Piece::Attributes(attributes)))
                                }
                                Some(_) => {}
                                None => rest.push(range.clone()),
                            }
                            first = false;
                        }
                        _ => {}
                    }
                    removed[n] = true;
                }
                if table_end < pieces.len() {
                    for piece in rows_as_paragraph(src, &rest) {
                        inserts.push((table_end, piece));
                    }
                }
            }
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::BlockQuote(_) => Kind::Quote,
                    Tag::Item | Tag::DefinitionListDefinition => Kind::Item,
                    _ => Kind::Other,
                };
                open.push(Open { index: i, kind });
                last_closed.push(None);
            }
            Event::End(_) => close(&mut open, &mut last_closed),
            Event::Rule => {
                if let Some(slot) = last_closed.last_mut() {
                    *slot = Some(i);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(pieces.len());
    inserts.sort_by_key(|(at, _)| *at);
    let mut inserts = inserts.into_iter().peekable();
    for (i, piece) in pieces.into_iter().enumerate() {
        if !removed[i] {
            out.push(piece);
        }
        while let Some((_, piece)) = inserts.next_if(|(at, _)| *at == i) {
            out.push(piece);
        }
    }
    out
}

/// The attributes of a table row that is only an attribute line (no `|`).
fn table_row_attributes(src: &str, row: &Range<usize>) -> Option<Vec<(String, String)>> {
    let line = src.get(row.clone())?;
    if line.contains('|') {
        return None;
    }
    attribute_line(line)
}

/// Table rows after the table ended, as the paragraph goldmark makes of them: the lines'
/// text as written.
fn rows_as_paragraph<'a>(src: &'a str, rows: &[Range<usize>]) -> Vec<Piece<'a>> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Vec::new();
    };
    let mut pieces = vec![Piece::Event(
        Event::Start(Tag::Paragraph),
        first.start..last.end,
    )];
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            pieces.push(Piece::Event(Event::SoftBreak, row.start..row.start));
        }
        let line = src[row.clone()].trim_end();
        let range = row.start..row.start + line.len();
        pieces.push(Piece::Event(Event::Text(CowStr::Borrowed(line)), range));
    }
    let paragraph = first.start..last.end;
    pieces.push(Piece::Event(Event::End(TagEnd::Paragraph), paragraph));
    pieces
}

fn close(open: &mut Vec<Open>, last_closed: &mut Vec<Option<usize>>) {
    last_closed.pop();
    if let Some(block) = open.pop() {
        if let Some(slot) = last_closed.last_mut() {
            *slot = Some(block.index);
        }
    }
}

/// Whether the line before the one holding `at` is blank (quote markers aside).
fn after_blank_line(src: &str, at: usize) -> bool {
    let line_start = src[..at].rfind('\n').map_or(0, |n| n + 1);
    if line_start == 0 {
        return true;
    }
    let before = &src[..line_start - 1];
    let previous = &before[before.rfind('\n').map_or(0, |n| n + 1)..];
    previous
        .trim_matches(|c: char| c == '>' || c.is_whitespace())
        .is_empty()
}

/// The block an attribute line at `at` belongs to: its own paragraph (the innermost open
/// block), unless the line does not continue an enclosing quote (no `>`) or item (not
/// indented), which it then closes: the outermost such quote, or the list around the item.
fn target_of(src: &str, at: usize, open: &[Open]) -> usize {
    let line_start = src[..at].rfind('\n').map_or(0, |n| n + 1);
    let mut prefix = &src[line_start..at];
    for (depth, block) in open.iter().enumerate() {
        match block.kind {
            Kind::Quote => match prefix.trim_start().strip_prefix('>') {
                Some(rest) => prefix = rest.strip_prefix(' ').unwrap_or(rest),
                None => return block.index,
            },
            Kind::Item => {
                if !prefix.starts_with([' ', '\t']) {
                    return open[depth.saturating_sub(1)].index;
                }
            }
            Kind::Other => {}
        }
    }
    open.last().map_or(0, |block| block.index)
}

#[cfg(test)]
mod tests {
    use crate::render::{render_markdown, MarkdownOptions};

    fn md(src: &str) -> String {
        let options = MarkdownOptions {
            block_attributes: true,
            ..MarkdownOptions::default()
        };
        render_markdown(src, &options)
    }

    #[test]
    fn attribute_lines_go_to_the_block_before() {
        assert_eq!(
            md("{.lost}\n\n## Head\n{.h}\n"),
            "<h2 id=\"head\" class=\"h\">Head</h2>\n"
        );
        assert_eq!(md("***\n{.r}\n"), "<hr class=\"r\">\n");
        assert_eq!(
            md("Para\n{.a #b}\n{.c}\n"),
            "<p class=\"a\" id=\"b\">Para</p>\n"
        );
        assert_eq!(
            md("> q\n{.quote}\n"),
            "<blockquote class=\"quote\">\n<p>q</p>\n</blockquote>\n"
        );
        assert_eq!(
            md("1. one\n{.list}\n"),
            "<ol class=\"list\">\n<li>one</li>\n</ol>\n"
        );
        assert_eq!(md("Para\n\n{.lost}\n"), "<p>Para</p>\n");
        // After a table (which pulldown-cmark reads as a row): the table's, ending it.
        let table = md("| a |\n|---|\n| 1 |\n{.t #u}\n{.lost}\n| 2 |\n");
        assert!(
            table.starts_with("<table class=\"t\" id=\"u\">\n"),
            "{table}"
        );
        assert!(
            table.ends_with("<td>1</td>\n\t\t\t</tr>\n\t</tbody>\n</table>\n<p>| 2 |</p>\n"),
            "{table}"
        );
        assert_eq!(
            md("Para\n{not attributes}\n"),
            "<p>Para\n{not attributes}</p>\n"
        );
    }
}
