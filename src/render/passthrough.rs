//! `extensions.passthrough`: text between configured delimiters (`$$…$$`, `\(…\)`) is printed
//! raw, untouched by Markdown, the typographer or escaping, and a block-delimited span splits
//! its paragraph as Hugo's extension does. pulldown-cmark knows none of this, so the spans are
//! found on the source first, made inert for the parser, and put back as events afterwards.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::inline::linkify_at;
use super::options::{MarkdownOptions, Passthrough};

/// A passthrough span: its source (delimiters included) and whether block delimiters made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub block: bool,
}

/// The spans of a document, and its link reference definitions: a span in a reference
/// link's label is made inert for the parser too, which then no longer finds the definition
/// by that label, so `reference` finds it by the label as written.
#[derive(Debug, Default)]
pub struct Passthroughs {
    pub spans: Vec<Span>,
    references: Vec<Reference>,
}

/// A link reference definition.
#[derive(Debug)]
struct Reference {
    /// The label, lower-cased with whitespace collapsed (`reference_key`).
    key: String,
    dest: String,
    title: String,
}

impl Passthroughs {
    /// pulldown-cmark's broken-link callback: the definition for the label `link` has in
    /// `src`, when a span made it unknown.
    pub fn reference(
        &self,
        src: &str,
        link: &BrokenLink,
    ) -> Option<(CowStr<'static>, CowStr<'static>)> {
        let written = src.get(link.span.clone())?;
        // The span ends with the label's `]`: `[label]`, `[label][]` or `[text][label]`.
        let label = match link.link_type {
            LinkType::Shortcut | LinkType::Collapsed | LinkType::Reference => {
                let open = written.rfind('[')?;
                written[open + 1..].strip_suffix(']')?
            }
            _ => return None,
        };
        if !self
            .spans
            .iter()
            .any(|s| link.span.start < s.range.end && s.range.start < link.span.end)
        {
            return None;
        }
        let key = reference_key(label);
        self.references
            .iter()
            .find(|r| r.key == key)
            .map(|r| (CowStr::from(r.dest.clone()), CowStr::from(r.title.clone())))
    }
}

/// How labels compare: case-insensitively, runs of whitespace as one space.
fn reference_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where constructs that goldmark parses before a passthrough delimiter can start (code spans
/// are found by the scanner itself): a raw HTML tag or an autolink (`<…>`), and a link's
/// destination (from its closing `]`).
struct Skips {
    /// `(start, end)`: a scan reaching `start` continues at `end`.
    regions: Vec<(usize, usize)>,
    /// Link texts, where goldmark's linkify does not run.
    link_texts: Vec<Range<usize>>,
}

/// The inline source of every block (paragraph, heading, table cell, tight item text), in
/// order, and the constructs in them, as pulldown-cmark first reads `parse_src`.
fn inline_runs(
    parse_src: &str,
    parser_options: Options,
) -> (Vec<Range<usize>>, Skips, Vec<Reference>) {
    let mut runs = Vec::new();
    let mut skips = Skips {
        regions: Vec::new(),
        link_texts: Vec::new(),
    };
    let mut run: Option<Range<usize>> = None;
    // Inside code blocks, HTML blocks and front matter nothing is inline.
    let mut literal = 0usize;
    // Open links and images: their range and the end of the last event inside them.
    let mut links: Vec<(Range<usize>, usize, LinkType)> = Vec::new();
    let mut parsed = Parser::new_ext(parse_src, parser_options).into_offset_iter();
    for (event, range) in parsed.by_ref() {
        let inline = match &event {
            Event::Start(tag) => is_inline_tag(tag),
            Event::End(tag) => is_inline_end(tag),
            Event::Html(_) | Event::Rule => false,
            _ => true,
        };
        if !inline {
            if let Some(done) = run.take() {
                runs.push(done);
            }
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                    literal += 1
                }
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                    literal = literal.saturating_sub(1)
                }
                _ => {}
            }
            continue;
        }
        if literal > 0 {
            continue;
        }
        if let Some((_, last, _)) = links.last_mut() {
            *last = (*last).max(range.end);
        }
        match event {
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. }) => {
                links.push((range.clone(), range.start + 1, link_type));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((link, text_end, link_type)) = links.pop() {
                    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                        skips.regions.push((link.start, link.end));
                    } else {
                        // The destination or reference starts at the `]` closing the text.
                        let close = parse_src[text_end.min(link.end)..link.end]
                            .find(']')
                            .map(|n| text_end + n);
                        if let Some(close) = close {
                            skips.regions.push((close, link.end));
                            skips.link_texts.push(link.start..close);
                        }
                    }
                }
            }
            Event::InlineHtml(_) => skips.regions.push((range.start, range.end)),
            _ => {}
        }
        run = Some(match run {
            Some(r) => r.start.min(range.start)..r.end.max(range.end),
            None => range,
        });
    }
    if let Some(done) = run {
        runs.push(done);
    }
    // An escaped first character's event starts after its backslash.
    for run in &mut runs {
        if run.start > 0 && parse_src.as_bytes()[run.start - 1] == b'\\' {
            run.start -= 1;
        }
    }
    skips.regions.sort_unstable();
    let references = parsed
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let title = def.title.as_deref().unwrap_or_default().to_string();
            Reference {
                key: reference_key(label),
                dest: def.dest.to_string(),
                title,
            }
        })
        .collect();
    (runs, skips, references)
}

fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The delimiter pairs in the order goldmark's extension tries them: block pairs first.
/// Goldmark calls inline parsers only at ASCII punctuation and spaces, so an opener starting
/// with anything else (a letter, `€`) never opens.
fn pairs(passthrough: &Passthrough) -> Vec<(&str, &str, bool)> {
    let block = passthrough
        .block
        .iter()
        .map(|(o, c)| (o.as_str(), c.as_str(), true));
    let inline = passthrough
        .inline
        .iter()
        .map(|(o, c)| (o.as_str(), c.as_str(), false));
    block
        .chain(inline)
        .filter(|(o, c, _)| {
            let first = o.as_bytes().first().copied().unwrap_or(b'a');
            (first.is_ascii_punctuation() || first == b' ') && !c.is_empty()
        })
        .collect()
}

/// Finds the spans in `src` (`parse_src` is what the parser reads: the same offsets) the way
/// goldmark's inline parser meets them: left to right, after code spans, raw HTML, autolinks,
/// link destinations, backslash escapes and linkified addresses that start earlier.
pub fn find_spans(
    src: &str,
    parse_src: &str,
    parser_options: Options,
    options: &MarkdownOptions,
) -> Passthroughs {
    let Some(passthrough) = options.passthrough.as_ref() else {
        return Passthroughs::default();
    };
    let pairs = pairs(passthrough);
    if pairs.is_empty() {
        return Passthroughs::default();
    }
    let (runs, skips, references) = inline_runs(parse_src, parser_options);
    let bytes = src.as_bytes();
    let opener_at = |pos: usize, end: usize| {
        pairs
            .iter()
            .find(|(open, _, _)| src[pos..end].starts_with(open))
            .copied()
    };
    let mut spans = Vec::new();
    let mut skip_index = 0;
    for run in runs {
        let mut pos = run.start;
        // Linkify starts at a run's head, after a space, `*`, `_`, `~` or `(`, or after
        // another construct.
        let mut after_construct = true;
        while pos < run.end {
            while skips.regions.get(skip_index).is_some_and(|(s, _)| *s < pos) {
                skip_index += 1;
            }
            if let Some(&(_, end)) = skips.regions.get(skip_index).filter(|(s, _)| *s == pos) {
                pos = end.max(pos + 1);
                after_construct = true;
                continue;
            }
            let b = bytes[pos];
            let prev = pos.checked_sub(1).map(|p| bytes[p]);
            let linkify_trigger =
                after_construct || matches!(prev, Some(b' ' | b'*' | b'_' | b'~' | b'(' | b'\n'));
            after_construct = false;
            if linkify_trigger
                && options.linkify
                && !skips.link_texts.iter().any(|t| t.contains(&pos))
            {
                if let Some(m) = linkify_at(&src[pos..run.end], &options.linkify_protocol) {
                    pos += m.len;
                    after_construct = true;
                    continue;
                }
            }
            if let Some((open, close, block)) = opener_at(pos, run.end) {
                let from = pos + open.len();
                match src[from..run.end].find(close).map(|n| from + n) {
                    // An empty pair is no span: the character is read as usual.
                    Some(at) if at == from => {}
                    Some(at) => {
                        spans.push(Span {
                            range: pos..at + close.len(),
                            block,
                        });
                        pos = at + close.len();
                        after_construct = true;
                        continue;
                    }
                    None => {
                        pos = from;
                        after_construct = true;
                        continue;
                    }
                }
            }
            match b {
                b'`' => {
                    let len = bytes[pos..run.end]
                        .iter()
                        .take_while(|&&c| c == b'`')
                        .count();
                    pos = closing_backticks(bytes, pos + len, run.end, len).unwrap_or(pos + len);
                    after_construct = true;
                }
                b'\\' => {
                    let next = bytes.get(pos + 1).copied();
                    // `\\` before an opener: the opener is text (goldmark's extension).
                    let escaped_opener = (next == Some(b'\\') && pos + 2 < run.end)
                        .then(|| opener_at(pos + 2, run.end))
                        .flatten();
                    pos += match (escaped_opener, next) {
                        (Some((open, _, _)), _) => 2 + open.len(),
                        (None, Some(c)) if c.is_ascii_punctuation() && pos + 1 < run.end => 2,
                        _ => 1,
                    };
                }
                _ => pos += src[pos..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }
    Passthroughs { spans, references }
}

/// Where the code span opened by `len` backticks ends (after the closing run of exactly
/// `len`), searching from `from`.
fn closing_backticks(bytes: &[u8], from: usize, end: usize, len: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..end].iter().take_while(|&&c| c == b'`').count();
        if run == len {
            return Some(i + run);
        }
        i += run;
    }
    None
}

/// `parse_src` with every span made inert for the parser, byte for byte: letters become `a`,
/// anything else `$` (so emphasis flanking next to a span reads the same class of character),
/// while line breaks, `|` and the container prefixes (`>`, indentation) of continued lines stay.
pub fn make_inert<'s>(parse_src: Cow<'s, str>, spans: &[Span]) -> Cow<'s, str> {
    if spans.is_empty() {
        return parse_src;
    }
    let mut out = String::with_capacity(parse_src.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&parse_src[at..span.range.start]);
        let mut line_head = false;
        for c in parse_src[span.range.clone()].chars() {
            if c == '\n' {
                line_head = true;
                out.push(c);
                continue;
            }
            if line_head && matches!(c, ' ' | '\t' | '>') || c == '|' {
                out.push(c);
                continue;
            }
            line_head = false;
            let filler = if c.is_alphanumeric() { 'a' } else { '$' };
            (0..c.len_utf8()).for_each(|_| out.push(filler));
        }
        at = span.range.end;
    }
    out.push_str(&parse_src[at..]);
    Cow::Owned(out)
}

/// An open tag while folding: a block (its kind and where its start is in the output) or an
/// inline element.
enum Open {
    Block(BlockKind, usize),
    Inline,
}

#[derive(Clone, Copy, PartialEq)]
enum BlockKind {
    Paragraph,
    /// A list item or definition: text directly in it is a tight item's (goldmark's text block).
    Item,
    Other,
}

/// Replaces the text the spans cover in `events` by one event each, holding the raw source:
/// `InlineMath` for a span printed in place, `DisplayMath` for a block-delimited span standing
/// as a block (pulldown-cmark's math events, which its parser never makes with math off).
pub fn fold<'a>(
    src: &'a str,
    spans: &[Span],
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    if spans.is_empty() {
        return events;
    }
    let mut folder = Folder {
        src,
        out: Vec::with_capacity(events.len() + spans.len() * 2),
        open: Vec::new(),
        reopen: None,
        tight_blocks: Vec::new(),
    };
    // The first span not yet wholly behind the events read.
    let mut k = 0;
    for (event, range) in events {
        while spans.get(k).is_some_and(|s| s.range.end <= range.start) {
            k += 1;
        }
        let current = spans.get(k).filter(|s| s.range.start < range.end);
        match (event, current) {
            (Event::Text(text), Some(_)) if src.get(range.clone()) == Some(text.as_ref()) => {
                let mut at = range.start;
                while let Some(span) = spans.get(k).filter(|s| s.range.start < range.end) {
                    if span.range.start > at {
                        folder.text(at..span.range.start);
                    }
                    if span.range.start >= range.start {
                        folder.span(span);
                    }
                    at = span.range.end;
                    if span.range.end > range.end {
                        break;
                    }
                    k += 1;
                }
                if at < range.end {
                    folder.text(at..range.end);
                }
            }
            // Line breaks and text inside a span already printed whole.
            (Event::Text(_) | Event::SoftBreak | Event::HardBreak, Some(span))
                if span.range.start <= range.start && range.end <= span.range.end => {}
            (event, _) => folder.event(event, range),
        }
    }
    folder.trim_after_tight_blocks();
    folder.out
}

struct Folder<'a> {
    src: &'a str,
    out: Vec<(Event<'a>, Range<usize>)>,
    open: Vec<Open>,
    /// A paragraph split by a block span goes on (a new `<p>`, its empty range at the span's
    /// end) if anything follows in it.
    reopen: Option<Range<usize>>,
    /// Where block spans in tight items are in `out` (the text after them is trimmed last).
    tight_blocks: Vec<usize>,
}

impl<'a> Folder<'a> {
    fn text(&mut self, range: Range<usize>) {
        let text = CowStr::Borrowed(&self.src[range.clone()]);
        self.event(Event::Text(text), range);
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some(paragraph) = self.reopen.take() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                self.open.pop();
                return;
            }
            if let Some(Open::Block(BlockKind::Paragraph, index)) = self.open.last_mut() {
                *index = self.out.len();
            }
            self.out.push((Event::Start(Tag::Paragraph), paragraph));
        }
        match &event {
            Event::Start(tag) if is_inline_tag(tag) => self.open.push(Open::Inline),
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => BlockKind::Paragraph,
                    Tag::Item | Tag::DefinitionListDefinition => BlockKind::Item,
                    _ => BlockKind::Other,
                };
                self.open.push(Open::Block(kind, self.out.len()));
            }
            Event::End(_) => {
                self.open.pop();
            }
            _ => {}
        }
        self.out.push((event, range));
    }

    /// The text after a block span in a tight item loses its leading spaces, as Hugo 0.168
    /// prints it: all of them, except that the item's last text keeps one of two or more.
    fn trim_after_tight_blocks(&mut self) {
        for &block in self.tight_blocks.iter().rev() {
            let Some((Event::Text(text), range)) = self.out.get(block + 1) else {
                continue;
            };
            if self.src.get(range.clone()) != Some(text.as_ref()) {
                continue;
            }
            let is_last = matches!(
                self.out.get(block + 2),
                Some((
                    Event::End(TagEnd::Item | TagEnd::DefinitionListDefinition),
                    _
                ))
            );
            let rest = text.trim_start_matches([' ', '\t']);
            let spaces = text.len() - rest.len();
            let cut = match spaces {
                _ if rest.is_empty() => text.len(),
                n if is_last && n >= 2 => n - 1,
                n => n,
            };
            let range = range.start + cut..range.end;
            if range.is_empty() {
                self.out.remove(block + 1);
            } else {
                self.out[block + 1] = (
                    Event::Text(CowStr::Borrowed(&self.src[range.clone()])),
                    range,
                );
            }
        }
    }

    fn span(&mut self, span: &Span) {
        let raw = &self.src[span.range.clone()];
        let kind = match self.open.last() {
            Some(Open::Block(kind, _)) if span.block => *kind,
            _ => BlockKind::Other,
        };
        match kind {
            BlockKind::Paragraph => {
                let mut prefix = "";
                if self.reopen.is_none() {
                    let Some(&Open::Block(_, start)) = self.open.last() else {
                        return;
                    };
                    if start + 1 == self.out.len() {
                        // Nothing before the span: no paragraph there.
                        self.out.pop();
                        // First in a list item: `<li>` then a line break (goldmark).
                        let parent = self
                            .open
                            .len()
                            .checked_sub(2)
                            .and_then(|i| self.open.get(i));
                        if let Some(&Open::Block(BlockKind::Item, item)) = parent {
                            if item + 1 == self.out.len() {
                                prefix = "\n";
                            }
                        }
                    } else {
                        self.out.push((
                            Event::End(TagEnd::Paragraph),
                            span.range.start..span.range.start,
                        ));
                    }
                    // Empty ranges mark the split for the writer (the quotes pair across it).
                    self.reopen = Some(span.range.end..span.range.end);
                }
                let html = CowStr::from(format!("{prefix}{raw}"));
                self.out
                    .push((Event::DisplayMath(html), span.range.clone()));
            }
            BlockKind::Item => {
                // The text block before ends (its trailing spaces trimmed) with a line break.
                while let Some((Event::Text(text), range)) = self.out.last() {
                    if self.src.get(range.clone()) != Some(text.as_ref()) {
                        break;
                    }
                    let kept = text.trim_end_matches([' ', '\t']).len();
                    if kept > 0 {
                        let range = range.start..range.start + kept;
                        let text = CowStr::Borrowed(&self.src[range.clone()]);
                        self.out.pop();
                        self.out.push((Event::Text(text), range));
                        break;
                    }
                    self.out.pop();
                }
                // Right after another block span there is no text block to end.
                let after_block = matches!(self.out.last(), Some((Event::DisplayMath(_), _)));
                let html = CowStr::from(if after_block {
                    raw.to_string()
                } else {
                    format!("\n{raw}")
                });
                self.tight_blocks.push(self.out.len());
                self.out
                    .push((Event::DisplayMath(html), span.range.clone()));
            }
            BlockKind::Other => {
                let html = CowStr::Borrowed(raw);
                self.event(Event::InlineMath(html), span.range.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::render::{render_markdown, MarkdownOptions, Passthrough};

    fn pair(open: &str, close: &str) -> (String, String) {
        (open.to_string(), close.to_string())
    }

    fn md(src: &str) -> String {
        let options = MarkdownOptions {
            passthrough: Some(Passthrough {
                block: vec![pair("$$", "$$"), pair("\\[", "\\]")],
                inline: vec![pair("$", "$"), pair("\\(", "\\)")],
            }),
            ..MarkdownOptions::default()
        };
        render_markdown(src, &options)
    }

    // Every expectation below is what Hugo 0.168 printed for the same source.
    #[test]
    fn spans_print_raw_and_blocks_split_paragraphs() {
        assert_eq!(
            md("In $a * b$ and \\(c_1 < \"d\"\\).\n\n$$\nx\n$$\n\\[\ny\n\\]\n"),
            "<p>In $a * b$ and \\(c_1 < \"d\"\\).</p>\n$$\nx\n$$<p>\n</p>\n\\[\ny\n\\]"
        );
        assert_eq!(
            md("Text $$a < b$$ after *em*.\nLine\n$$x$$\n$$y$$ end"),
            "<p>Text </p>\n$$a < b$$<p> after <em>em</em>.\nLine\n</p>\n$$x$$<p>\n</p>\n$$y$$<p> end</p>\n"
        );
        // Inside an emphasis, a heading or a table cell a block span stays inline.
        assert_eq!(
            md("*a $$x$$ b*\n\n## H $$x$$ t\n"),
            "<p><em>a $$x$$ b</em></p>\n<h2 id=\"h--t\">H $$x$$ t</h2>\n"
        );
    }

    #[test]
    fn code_spans_escapes_and_unclosed_delimiters() {
        assert_eq!(
            md("`$x$` $`y`$ $p`$ q` \\$z$ \\\\(e\\) $$$$ un $closed and \\(too"),
            // `$ \\(e\) $` is a span: the `$` after `z` opens it.
            "<p><code>$x$</code> $`y`$ $p`$ q` $z$ \\\\(e\\) $$$$ un $closed and (too</p>\n"
        );
        assert_eq!(
            md("<span title=\"$t$\">$<b>$</span> [l $a]b$](/u)"),
            "<p><!-- raw HTML omitted -->$<b>$<!-- raw HTML omitted --> <a href=\"/u\">l $a]b$</a></p>\n"
        );
    }

    #[test]
    fn reference_labels_holding_a_span_still_match() {
        assert_eq!(
            md("[Ref $x$] and [t][ref $x$] and [no $y$]\n\n[ref $x$]: /url \"T\"\n"),
            "<p><a href=\"/url\" title=\"T\">Ref $x$</a> and <a href=\"/url\" title=\"T\">t</a> and [no $y$]</p>\n"
        );
    }

    #[test]
    fn openers_must_start_with_ascii_punctuation() {
        let options = MarkdownOptions {
            passthrough: Some(Passthrough {
                block: Vec::new(),
                inline: vec![pair("M(", ")M"), pair("€", "€")],
            }),
            ..MarkdownOptions::default()
        };
        assert_eq!(
            render_markdown("A M(a*b*c)M and €x*y*z€.", &options),
            "<p>A M(a<em>b</em>c)M and €x<em>y</em>z€.</p>\n"
        );
    }

    #[test]
    fn tight_items_lose_the_spaces_next_to_a_block_span() {
        assert_eq!(
            md("* a *b*  $$x$$  c\n* $$y$$ b\n"),
            "<ul>\n<li>a <em>b</em>\n$$x$$ c</li>\n<li>\n$$y$$b</li>\n</ul>\n"
        );
        assert_eq!(
            md("- a $$x$$  b  $$y$$  c\n- q $$x$$  b *c*\n- $$x$$$$y$$\n"),
            "<ul>\n<li>a\n$$x$$b\n$$y$$ c</li>\n<li>q\n$$x$$b <em>c</em></li>\n<li>\n$$x$$$$y$$</li>\n</ul>\n"
        );
        assert_eq!(
            md("- $$x$$\n\n- b\n"),
            "<ul>\n<li>\n$$x$$</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n"
        );
    }
}
