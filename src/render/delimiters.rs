//! The `~`, `^`, `++` and `==` spans goldmark's strikethrough and Hugo's `extensions.extras`
//! parse: pulldown-cmark has no `<ins>`/`<mark>` and refuses a single `~` or `^` inside a
//! word (`H~2~O`), so these delimiters are matched here, on the text pulldown-cmark leaves.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::inline::{left_flanking, right_flanking};
use super::options::MarkdownOptions;

/// An inline element made from these delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraTag {
    Delete,
    Subscript,
    Superscript,
    Insert,
    Mark,
}

impl ExtraTag {
    /// The HTML element goldmark and Hugo print.
    pub fn element(self) -> &'static str {
        match self {
            ExtraTag::Delete => "del",
            ExtraTag::Subscript => "sub",
            ExtraTag::Superscript => "sup",
            ExtraTag::Insert => "ins",
            ExtraTag::Mark => "mark",
        }
    }
}

/// What the writer is given: pulldown-cmark's events with these elements' tags among them.
pub enum Piece<'a> {
    Event(Event<'a>, Range<usize>),
    Open(ExtraTag),
    Close(ExtraTag),
    /// Attributes for the block that just started (`block_attributes`).
    Attributes(Vec<(String, String)>),
}

/// Which delimiters the site's settings turn on.
struct Rules {
    /// GFM strikethrough: `~` and `~~` both delete.
    strikethrough: bool,
    delete: bool,
    subscript: bool,
    superscript: bool,
    insert: bool,
    mark: bool,
}

impl Rules {
    fn new(options: &MarkdownOptions) -> Rules {
        let extras = options.extras;
        Rules {
            strikethrough: options.strikethrough,
            delete: extras.delete,
            subscript: extras.subscript,
            superscript: extras.superscript,
            insert: extras.insert,
            mark: extras.mark,
        }
    }

    /// Whether a run of `len` `c` is a delimiter at all.
    fn is_delimiter(&self, c: u8, len: usize, before: char) -> bool {
        match c {
            // Goldmark's strikethrough takes runs of one or two not preceded by a `~`.
            b'~' if self.strikethrough => len <= 2 && before != '~',
            b'~' => (self.subscript && len >= 1) || (self.delete && len >= 2),
            b'^' => self.superscript,
            b'+' => self.insert && len >= 2,
            b'=' => self.mark && len >= 2,
            _ => false,
        }
    }

    /// The element a match consuming `consumed` delimiters makes.
    fn tag(&self, c: u8, consumed: usize) -> Option<ExtraTag> {
        match c {
            b'~' if self.strikethrough || (consumed == 2 && self.delete) => Some(ExtraTag::Delete),
            b'~' if self.subscript => Some(ExtraTag::Subscript),
            b'^' => Some(ExtraTag::Superscript),
            b'+' => Some(ExtraTag::Insert),
            b'=' => Some(ExtraTag::Mark),
            _ => None,
        }
    }
}

struct Run {
    /// Source offset of the run's first delimiter still unused.
    start: usize,
    /// Delimiters still unused.
    len: usize,
    c: u8,
    can_open: bool,
    can_close: bool,
    /// The inline element the run sits in directly: only siblings pair up.
    scope: usize,
}

/// Matches the delimiters in `events` (verbatim text from `src`) as goldmark's delimiter
/// processing does, and splits the text around the tags they make.
pub fn apply<'a>(
    src: &'a str,
    options: &MarkdownOptions,
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<Piece<'a>> {
    let rules = Rules::new(options);
    // The delimiter characters the settings turn on (a run of any other is never one).
    let active: Vec<u8> = [
        (b'~', rules.strikethrough || rules.subscript || rules.delete),
        (b'^', rules.superscript),
        (b'+', rules.insert),
        (b'=', rules.mark),
    ]
    .into_iter()
    .filter_map(|(c, on)| on.then_some(c))
    .collect();
    let next_active = |bytes: &[u8]| match active[..] {
        [] => None,
        [a] => memchr::memchr(a, bytes),
        [a, b] => memchr::memchr2(a, b, bytes),
        [a, b, c] => memchr::memchr3(a, b, c, bytes),
        _ => bytes.iter().position(|b| active.contains(b)),
    };
    let mut runs: Vec<Run> = Vec::new();
    let mut scopes = vec![0usize];
    let mut next_scope = 1;
    let mut in_code = false;
    for (event, range) in &events {
        match event {
            Event::Start(tag) => {
                in_code |= matches!(tag, Tag::CodeBlock(_) | Tag::HtmlBlock);
                scopes.push(next_scope);
                next_scope += 1;
            }
            Event::End(tag) => {
                in_code &= !matches!(tag, TagEnd::CodeBlock | TagEnd::HtmlBlock);
                scopes.pop();
            }
            Event::Text(text) if !in_code && src.get(range.clone()) == Some(text.as_ref()) => {
                let bytes = text.as_bytes();
                let mut i = 0;
                while let Some(found) = next_active(&bytes[i..]) {
                    i += found;
                    let c = bytes[i];
                    let len = bytes[i..].iter().take_while(|&&b| b == c).count();
                    let start = range.start + i;
                    let before = src[..start].chars().next_back().unwrap_or('\n');
                    let after = src[start + len..].chars().next().unwrap_or('\n');
                    if rules.is_delimiter(c, len, before) {
                        runs.push(Run {
                            start,
                            len,
                            c,
                            can_open: left_flanking(before, after),
                            can_close: right_flanking(before, after),
                            scope: scopes.last().copied().unwrap_or(0),
                        });
                    }
                    i += len;
                }
            }
            _ => {}
        }
    }
    let mut markers: Vec<(Range<usize>, Piece<'a>)> = Vec::new();
    let mut openers: Vec<Run> = Vec::new();
    for mut run in runs {
        while run.can_close && run.len > 0 {
            let Some(j) = openers
                .iter()
                .rposition(|o| o.c == run.c && o.scope == run.scope)
            else {
                break;
            };
            let consumed = if openers[j].len >= 2 && run.len >= 2 {
                2
            } else {
                1
            };
            let Some(tag) = rules.tag(run.c, consumed) else {
                break;
            };
            openers.truncate(j + 1);
            let opener = &mut openers[j];
            opener.len -= consumed;
            let open_at = opener.start + opener.len;
            markers.push((open_at..open_at + consumed, Piece::Open(tag)));
            markers.push((run.start..run.start + consumed, Piece::Close(tag)));
            if opener.len == 0 {
                openers.pop();
            }
            run.start += consumed;
            run.len -= consumed;
        }
        if run.can_open && run.len > 0 {
            openers.push(run);
        }
    }
    markers.sort_by_key(|(range, _)| range.start);
    let mut markers = markers.into_iter().peekable();
    let mut out = Vec::with_capacity(events.len() + 8);
    for (event, range) in events {
        let inside = |m: &(Range<usize>, Piece)| m.0.start >= range.start && m.0.end <= range.end;
        if !matches!(event, Event::Text(_)) || !markers.peek().is_some_and(inside) {
            out.push(Piece::Event(event, range));
            continue;
        }
        let mut at = range.start;
        while let Some((marker, piece)) = markers.next_if(inside) {
            if marker.start > at {
                let text = CowStr::Borrowed(&src[at..marker.start]);
                out.push(Piece::Event(Event::Text(text), at..marker.start));
            }
            out.push(piece);
            at = marker.end;
        }
        if at < range.end {
            let text = CowStr::Borrowed(&src[at..range.end]);
            out.push(Piece::Event(Event::Text(text), at..range.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::render::{render_markdown, Extras, MarkdownOptions};

    #[test]
    fn tildes_and_extras_match_as_in_goldmark() {
        let gfm = MarkdownOptions::default();
        assert_eq!(
            render_markdown("sub~script~ ~~two~~ ~~~three~~~ x^2^", &gfm),
            "<p>sub<del>script</del> <del>two</del> ~~~three~~~ x^2^</p>\n"
        );
        let extras = MarkdownOptions {
            strikethrough: false,
            extras: Extras {
                delete: true,
                subscript: true,
                superscript: true,
                insert: true,
                mark: true,
            },
            ..MarkdownOptions::default()
        };
        assert_eq!(
            render_markdown("H~2~O ~~del~~ x^2^ ++ins++ ==mark== `~a~`", &extras),
            "<p>H<sub>2</sub>O <del>del</del> x<sup>2</sup> <ins>ins</ins> <mark>mark</mark> <code>~a~</code></p>\n"
        );
    }
}
