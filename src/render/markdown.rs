//! Markdown to HTML the way Hugo's goldmark prints it: pulldown-cmark parses, and this writer
//! reproduces goldmark's shapes (Hugo's table hook, footnotes, task lists, void tags, raw HTML
//! omitted, heading ids and attributes) and its inline extensions (see `inline`).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use super::block_attributes;
use super::cjk;
use super::delimiters::{self, Piece};
use super::heading_id::HeadingIds;
use super::highlight::{highlight_html, CodeBlock, FenceInfo};
use super::hooks::{self, MarkupHooks};
use super::hugo_context;
use super::inline::{emoji_at, linkify_at, resolve_entity_names, typographer_at, QuoteCounter};
use super::options::MarkdownOptions;
use super::passthrough;
use crate::template::Value;
use crate::text::go_escape_string;

/// Escapes text for HTML the way goldmark does (`&`, `<`, `>`, `"`).
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// The bytes after which goldmark tries linkify (besides a line head and where another
/// inline construct ended).
const LINKIFY_AFTER: &[u8] = b" *_~(\n";

/// How [`Writer::text`] treats each byte under a page's options.
struct ByteClasses([u8; 256]);

impl ByteClasses {
    /// Looked at on its own: HTML's specials, and what the typographer, escaped spaces and
    /// emoji substitute. The rest prints as it is.
    const STOP: u8 = 1;
    /// Linkify is tried after it.
    const LINKIFY_AFTER: u8 = 2;

    fn new(options: &MarkdownOptions) -> ByteClasses {
        let mut classes = [0u8; 256];
        let mut mark = |bytes: &[u8], class: u8| {
            for &b in bytes {
                classes[usize::from(b)] |= class;
            }
        };
        mark(b"&<>\"", Self::STOP);
        if options.typographer.is_some() {
            mark(b"'\"-.<>", Self::STOP);
        }
        if options.escaped_space {
            mark(b"\\", Self::STOP);
        }
        if options.emoji {
            mark(b":", Self::STOP);
        }
        if options.linkify {
            mark(LINKIFY_AFTER, Self::LINKIFY_AFTER);
        }
        ByteClasses(classes)
    }

    fn of(&self, b: u8) -> u8 {
        self.0[usize::from(b)]
    }
}

/// Whether linkify may match at `at` of `bytes` (as [`linkify_at`] reads it: `http:`,
/// `https:`, `ftp:`, `www.`, or an address whose `@` comes later), `last_at` being where
/// the last `@` of `bytes` is.
fn may_linkify(bytes: &[u8], at: usize, last_at: Option<usize>) -> bool {
    matches!(bytes.get(at), Some(b'h' | b'f' | b'w')) || last_at.is_some_and(|last| last > at)
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(text, &mut out);
    out
}

/// Goldmark's `util.URLEscape` followed by HTML escaping: percent-encodes what URLs may not
/// hold (keeping existing `%XX`), then escapes `&` and friends.
pub fn escape_url(url: &str) -> String {
    let mut encoded = String::with_capacity(url.len());
    let bytes = url.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let keep = b.is_ascii_alphanumeric() || b"-_.~!*'();:@&=+$,/?#[]".contains(&b);
        if keep {
            encoded.push(b as char);
        } else if b == b'%'
            && i + 2 < bytes.len()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            encoded.push('%');
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    escaped(&encoded)
}

/// Renders a Markdown document to HTML as goldmark would.
pub fn render_markdown(src: &str, options: &MarkdownOptions) -> String {
    let mut ids = HeadingIds::default();
    render_markdown_with_ids(src, options, &mut ids, "", None)
}

/// Renders with a caller's heading-id set (so a page and what it renders share ids), for the
/// page whose `document_id` is given (footnote ids may start with it).
pub fn render_markdown_with_ids(
    src: &str,
    options: &MarkdownOptions,
    ids: &mut HeadingIds,
    document_id: &str,
    hooks: Option<&dyn MarkupHooks>,
) -> String {
    let mut parser_options = Options::empty();
    if options.tables {
        parser_options |= Options::ENABLE_TABLES;
    }
    if options.footnotes {
        parser_options |= Options::ENABLE_FOOTNOTES;
    }
    // Strikethrough (`~`) is matched by `delimiters`, with Hugo's extras.
    if options.task_lists {
        parser_options |= Options::ENABLE_TASKLISTS;
    }
    if options.definition_lists {
        parser_options |= Options::ENABLE_DEFINITION_LIST;
    }
    if options.heading_attributes {
        parser_options |= Options::ENABLE_HEADING_ATTRIBUTES;
    }
    let parse_src = hugo_context::hide_from_parser(hide_non_definitions(src, options));
    let (parse_src, widened) = if options.tables {
        hide_extra_delimiter_cells(parse_src)
    } else {
        (parse_src, Vec::new())
    };
    let passthroughs = passthrough::find_spans(src, &parse_src, parser_options, options);
    let parse_src = passthrough::make_inert(parse_src, &passthroughs.spans);
    let parsed = if passthroughs.spans.is_empty() {
        Parser::new_ext(&parse_src, parser_options)
            .into_offset_iter()
            .collect()
    } else {
        let references = |link: BrokenLink| passthroughs.reference(src, &link);
        Parser::new_with_broken_link_callback(&parse_src, parser_options, Some(references))
            .into_offset_iter()
            .collect()
    };
    let events = merge_text(src, &parse_src, parsed);
    let events = hugo_context::apply(src, events, |range| definition_is_tight(src, range));
    let events = split_definition_terms(events);
    let events = widen_tables(src, events, &widened);
    let events = passthrough::fold(src, &passthroughs.spans, events);
    let mut writer = Writer::new(src, options, ids, document_id);
    writer.hooks = hooks;
    let mut pieces = delimiters::apply(src, options, events);
    if options.block_attributes {
        pieces = block_attributes::apply(src, pieces);
    }
    let pieces = cjk::apply(pieces, options);
    for piece in pieces {
        match piece {
            Piece::Event(event, range) => writer.event(event, range),
            Piece::Open(tag) => writer.push(&format!("<{}>", tag.element())),
            Piece::Close(tag) => writer.push(&format!("</{}>", tag.element())),
            Piece::Attributes(attributes) => writer.block_attributes(attributes),
        }
    }
    writer.finish()
}

/// Whether the definition (`: …`) at `range` is tight: its `:` line follows the term (or the
/// previous definition) without a blank line between. Goldmark prints a tight definition's
/// first paragraph without `<p>`.
fn definition_is_tight(src: &str, range: &Range<usize>) -> bool {
    let before = src[..range.start].trim_end_matches([' ', '\t']);
    let previous_line = before
        .strip_suffix('\n')
        .map(|b| b.rsplit('\n').next().unwrap_or(b));
    previous_line.is_some_and(|l| !l.trim().is_empty())
}

/// A table whose delimiter row has more cells than its header row: where its header line
/// starts, and the alignments of the delimiter cells past the header's.
type Widened = Vec<(usize, Vec<Alignment>)>;

/// Goldmark reads a table whose delimiter row has more cells than its header row (the header
/// and short rows padded with empty cells); pulldown-cmark (GFM) reads no table. The extra
/// delimiter cells are hidden from the parser behind spaces of the same length, and
/// [`widen_tables`] gives the table its columns back.
fn hide_extra_delimiter_cells(
    parse_src: std::borrow::Cow<'_, str>,
) -> (std::borrow::Cow<'_, str>, Widened) {
    let mut widened = Vec::new();
    if !parse_src.contains('|') {
        return (parse_src, widened);
    }
    let mut blanks: Vec<std::ops::Range<usize>> = Vec::new();
    let text: &str = &parse_src;
    let mut header: Option<(usize, &str)> = None;
    // pulldown-cmark starts a table only where a paragraph could start: a header line right
    // after paragraph text is left alone (its hidden cells would read as that text).
    let mut after_blank = true;
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |n| line_start + n);
        let line = &text[line_start..line_end];
        let trimmed = line.trim();
        let is_delimiter_row = trimmed.contains('-')
            && trimmed.contains('|')
            && trimmed
                .bytes()
                .all(|b| matches!(b, b':' | b'-' | b'|' | b' ' | b'\t'));
        if let (true, Some((header_start, header_line))) = (is_delimiter_row, header) {
            let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let cells: Vec<&str> = inner.split('|').collect();
            let wanted = count_table_cells(header_line);
            if cells.len() > wanted && cells[..wanted].iter().all(|c| c.contains('-')) {
                // Blank from the `|` before the first extra cell to the line's end.
                let offset = line.len() - line.trim_start().len()
                    + (trimmed.len() - trimmed.trim_start_matches('|').len())
                    + cells[..wanted].iter().map(|c| c.len() + 1).sum::<usize>()
                    - 1;
                blanks.push(line_start + offset..line_end);
                let extra = cells[wanted..]
                    .iter()
                    .map(|cell| {
                        let cell = cell.trim();
                        match (cell.starts_with(':'), cell.ends_with(':')) {
                            (true, true) => Alignment::Center,
                            (true, false) => Alignment::Left,
                            (false, true) => Alignment::Right,
                            _ => Alignment::None,
                        }
                    })
                    .collect();
                widened.push((header_start, extra));
            }
        }
        header =
            (after_blank && line.contains('|') && !is_delimiter_row).then_some((line_start, line));
        after_blank = trimmed.is_empty();
        line_start = line_end + 1;
    }
    if blanks.is_empty() {
        return (parse_src, widened);
    }
    let mut bytes = parse_src.into_owned().into_bytes();
    for range in blanks {
        bytes[range].iter_mut().for_each(|b| *b = b' ');
    }
    // Only ASCII bytes were swapped for spaces: still UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_default();
    (std::borrow::Cow::Owned(text), widened)
}

/// The columns [`hide_extra_delimiter_cells`] hid, given back: the table's alignments grow,
/// and each row ends with empty cells up to their number.
fn widen_tables<'a>(
    src: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
    widened: &Widened,
) -> Vec<(Event<'a>, Range<usize>)> {
    if widened.is_empty() {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut extra = 0;
    let mut base = 0;
    let mut row_start = 0;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Table(mut alignments)) => {
                let line_start = src[..range.start].rfind('\n').map_or(0, |n| n + 1);
                extra = 0;
                base = alignments.len();
                if let Some((_, more)) = widened
                    .iter()
                    .find(|(start, _)| (line_start..=range.start).contains(start))
                {
                    extra = more.len();
                    alignments.extend(more.iter().copied());
                }
                out.push((Event::Start(Tag::Table(alignments)), range));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row_start = range.start;
                out.push((event, range));
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if extra > 0 => {
                // A row may write cells past the header's: their text (inline markup
                // aside), else empty cells.
                let row_end = src[row_start..]
                    .find('\n')
                    .map_or(src.len(), |n| row_start + n);
                let cells = table_cell_ranges(src, row_start..row_end);
                let at = range.end..range.end;
                for n in base..base + extra {
                    out.push((Event::Start(Tag::TableCell), at.clone()));
                    if let Some(cell) = cells.get(n).filter(|c| !c.is_empty()) {
                        let text = CowStr::Borrowed(&src[cell.clone()]);
                        out.push((Event::Text(text), cell.clone()));
                    }
                    out.push((Event::End(TagEnd::TableCell), at.clone()));
                }
                out.push((event, range));
            }
            Event::End(TagEnd::Table) => {
                extra = 0;
                out.push((event, range));
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// Goldmark makes each line of the paragraph before a definition a term of its own;
/// pulldown-cmark one term of them all. A term is split at each line break outside inline
/// markup.
fn split_definition_terms(
    events: Vec<(Event<'_>, Range<usize>)>,
) -> Vec<(Event<'_>, Range<usize>)> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::DefinitionListTitle)))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    // Inside a term: how deep in inline markup.
    let mut term_depth: Option<usize> = None;
    for (event, range) in events {
        match (&event, term_depth) {
            (Event::Start(Tag::DefinitionListTitle), _) => term_depth = Some(0),
            (Event::End(TagEnd::DefinitionListTitle), _) => term_depth = None,
            (Event::Start(_), Some(depth)) => term_depth = Some(depth + 1),
            (Event::End(_), Some(depth)) => term_depth = Some(depth.saturating_sub(1)),
            (Event::SoftBreak | Event::HardBreak, Some(0)) => {
                out.push((Event::End(TagEnd::DefinitionListTitle), range.clone()));
                out.push((Event::Start(Tag::DefinitionListTitle), range));
                continue;
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// Goldmark starts a definition only at a `:` followed by whitespace; pulldown-cmark also at
/// `:word` (an emoji at a line start). Those colons are hidden from the parser behind a byte
/// of the same length, and the text events take their text from the real source again.
fn hide_non_definitions<'s>(src: &'s str, options: &MarkdownOptions) -> std::borrow::Cow<'s, str> {
    if !options.definition_lists {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut hidden: Option<Vec<u8>> = None;
    let bytes = src.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = src[line_start..]
            .find('\n')
            .map_or(bytes.len(), |n| line_start + n);
        let indent = bytes[line_start..line_end]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        let at = line_start + indent;
        // A table's delimiter row (`:--|:--`) starts with a colon too; it stays.
        let delimiter_row = {
            let line = src[at..line_end].trim_end();
            line.contains('-')
                && line.contains('|')
                && line
                    .bytes()
                    .all(|b| matches!(b, b':' | b'-' | b'|' | b' ' | b'\t'))
        };
        if indent <= 3
            && at < line_end
            && bytes[at] == b':'
            && bytes.get(at + 1).is_some_and(|b| !b.is_ascii_whitespace())
            && !delimiter_row
        {
            hidden.get_or_insert_with(|| bytes.to_vec())[at] = 0x01;
        }
        line_start = line_end + 1;
    }
    match hidden {
        // Only an ASCII byte was swapped for another: still UTF-8.
        Some(bytes) => {
            std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| src.to_string()))
        }
        None => std::borrow::Cow::Borrowed(src),
    }
}

/// Joins neighbouring text events that are verbatim source (pulldown-cmark splits text at
/// characters that might have started something), so the inline extensions see whole runs;
/// verbatim text is taken from `src` (the parser read `parsed`, where colons may be hidden).
fn merge_text<'a>(
    src: &'a str,
    parsed: &str,
    events: Vec<(Event<'_>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(events.len());
    for (event, range) in events {
        let verbatim = |text: &str| parsed.get(range.clone()) == Some(text);
        let event: Event<'a> = match event {
            Event::Text(text) if verbatim(&text) => {
                if let Some((Event::Text(prev), prev_range)) = out.last_mut() {
                    if prev_range.end == range.start
                        && src.get(prev_range.clone()) == Some(prev.as_ref())
                    {
                        prev_range.end = range.end;
                        *prev = CowStr::Borrowed(&src[prev_range.clone()]);
                        continue;
                    }
                }
                Event::Text(CowStr::Borrowed(&src[range.clone()]))
            }
            Event::Html(html) if verbatim(&html) => {
                Event::Html(CowStr::Borrowed(&src[range.clone()]))
            }
            Event::InlineHtml(html) if verbatim(&html) => {
                Event::InlineHtml(CowStr::Borrowed(&src[range.clone()]))
            }
            other => other.into_static(),
        };
        out.push((event, range));
    }
    out
}

/// A heading, or a definition term given an id (`autoDefinitionTermID`), being collected.
struct HeadingState {
    /// `1`–`6`, or `0` for a definition term (`<dt>`).
    level: usize,
    /// The heading's plain text (goldmark's `TextPlain`: last line only for setext).
    plain: String,
    /// Attributes written in `{…}`, in source order.
    attributes: Vec<(String, String)>,
    /// Attributes from a `{…}` line after the heading (written after the id).
    block_attributes: Vec<(String, String)>,
}

struct FootnoteDef {
    html: String,
    ends_with_paragraph: bool,
}

/// A link handed to the site's link hook: what it is given when it ends.
struct LinkHook {
    destination: String,
    title: String,
    plain: String,
}

/// A table handed to the site's table hook: its rows of cells (`.Alignment`, `.Text`).
#[derive(Default)]
struct TableHook {
    /// From a `{…}` line after the table (`.Attributes`).
    attributes: Vec<(String, String)>,
    head: Vec<Value>,
    body: Vec<Value>,
    row: Vec<Value>,
}

struct Writer<'a, 'i> {
    src: &'a str,
    /// The site's render hooks, when it has any.
    hooks: Option<&'i dyn MarkupHooks>,
    /// Per open link: the hook state when the site's link hook renders it.
    link_hooks: Vec<Option<LinkHook>>,
    /// Per open image: destination and title when the site's image hook renders it.
    image_hooks: Vec<Option<(String, String)>>,
    /// Per open blockquote: the hook (by name) that renders it, when the site has one.
    blockquote_hooks: Vec<bool>,
    /// Per open blockquote: the attributes a `{…}` line after it gave (its hook's
    /// `.Attributes`).
    blockquote_attributes: Vec<Vec<(String, String)>>,
    /// The table being collected for the site's table hook.
    table_hook: Option<TableHook>,
    /// Hugo's per-kind ordinals (`.Ordinal`) of hooked elements.
    ordinals: HashMap<&'static str, usize>,
    /// In a definition just opened: whether it is tight (its first paragraph loses `<p>`).
    dd_tight: Option<bool>,
    /// Per open paragraph: printed without `<p>` (a tight definition's first).
    unwrapped_paragraphs: Vec<bool>,
    /// Where the last unwrapped paragraph ended in the output.
    unwrapped_end: Option<usize>,
    options: &'a MarkdownOptions,
    ids: &'i mut HeadingIds,
    /// Output targets: the page, and nested ones for headings and footnote definitions.
    buffers: Vec<String>,
    heading: Option<HeadingState>,
    /// Alt text being collected for images (nested images add to the outer alt).
    image_alt: Vec<String>,
    link_depth: usize,
    /// Inside a `<…>` autolink, whose text goldmark leaves out of a heading's plain text.
    in_autolink: bool,
    /// Where the open paragraph's content starts in the output.
    paragraph_start: usize,
    /// The code block being read: its fence (`None` when indented) and text so far.
    code_block: Option<(Option<FenceInfo>, String)>,
    /// Fenced blocks so far: Hugo's default line-anchor prefix counts them.
    code_ordinal: usize,
    table_alignments: Vec<Alignment>,
    table_cell: usize,
    table_cells_written: usize,
    in_table_head: bool,
    in_html_block: bool,
    quotes: QuoteCounter,
    footnote_defs: HashMap<String, FootnoteDef>,
    footnote_order: Vec<String>,
    footnote_refs: HashMap<String, usize>,
    /// Put before every footnote id (`fn:1`, `fnref:1`).
    footnote_prefix: String,
    /// Inside a footnote definition: its label, block depth, and whether its last direct
    /// child so far is a paragraph.
    footnote: Option<(String, usize, bool)>,
    /// Open list items (to start a nested block on its own line).
    item_depth: usize,
    /// Where the last passthrough block ended in the output.
    raw_block_end: Option<usize>,
    /// Source bytes before this were consumed by a substitution that ran past its text event
    /// (`>>` split by pulldown-cmark).
    skip_until: usize,
    /// How [`Writer::text`] treats each byte.
    byte_classes: ByteClasses,
}

impl<'a, 'i> Writer<'a, 'i> {
    fn new(
        src: &'a str,
        options: &'a MarkdownOptions,
        ids: &'i mut HeadingIds,
        document_id: &str,
    ) -> Self {
        // `footnote.enableAutoIDPrefix`: `h` and the page's document id.
        let footnote_prefix = if options.footnote_auto_id_prefix {
            format!("h{document_id}")
        } else {
            String::new()
        };
        Writer {
            hooks: None,
            link_hooks: Vec::new(),
            image_hooks: Vec::new(),
            blockquote_hooks: Vec::new(),
            blockquote_attributes: Vec::new(),
            table_hook: None,
            ordinals: HashMap::new(),
            dd_tight: None,
            unwrapped_paragraphs: Vec::new(),
            unwrapped_end: None,
            footnote_prefix,
            src,
            options,
            ids,
            buffers: vec![String::with_capacity(src.len() + src.len() / 2)],
            heading: None,
            image_alt: Vec::new(),
            link_depth: 0,
            in_autolink: false,
            paragraph_start: 0,
            code_block: None,
            code_ordinal: 0,
            table_alignments: Vec::new(),
            table_cell: 0,
            table_cells_written: 0,
            in_table_head: false,
            in_html_block: false,
            quotes: QuoteCounter::default(),
            footnote_defs: HashMap::new(),
            footnote_order: Vec::new(),
            footnote_refs: HashMap::new(),
            footnote: None,
            item_depth: 0,
            raw_block_end: None,
            skip_until: 0,
            byte_classes: ByteClasses::new(options),
        }
    }

    fn out(&mut self) -> &mut String {
        self.buffers
            .last_mut()
            .unwrap_or_else(|| unreachable!("the page buffer is never popped"))
    }

    fn push(&mut self, s: &str) {
        if self.image_alt.is_empty() {
            self.out().push_str(s);
        }
    }

    fn plain(&mut self, s: &str) {
        if self.image_alt.is_empty() {
            for link in self.link_hooks.iter_mut().flatten() {
                link.plain.push_str(s);
            }
        }
        if self.in_autolink {
            return;
        }
        if let Some(alt) = self.image_alt.last_mut() {
            alt.push_str(s);
        }
        if let Some(h) = self.heading.as_mut() {
            h.plain.push_str(s);
        }
    }

    /// The hook that renders an element of `kind` (with its variant), if the site has one.
    fn hook(&self, kind: &str, variant: Option<&str>) -> Option<String> {
        hooks::find_hook(self.hooks?, kind, variant)
    }

    /// The hook that prints a link or an image (`kind`): the site's, or Hugo's embedded one
    /// (`true`) as `renderHooks.<kind>.useEmbedded` says.
    fn element_hook(&self, kind: &str) -> Option<(String, bool)> {
        let embedded = if kind == "link" {
            self.options.embedded_link_hook
        } else {
            self.options.embedded_image_hook
        };
        hooks::link_or_image_hook(self.hooks?, kind, embedded)
    }

    /// The next `.Ordinal` of `kind`.
    fn next_ordinal(&mut self, kind: &'static str) -> i64 {
        let n = self.ordinals.entry(kind).or_insert(0);
        *n += 1;
        (*n - 1) as i64
    }

    /// Runs hook `name` (found by [`Writer::hook`]).
    fn run_hook(&self, name: &str, fields: Vec<(&str, Value)>) -> String {
        match self.hooks {
            Some(hooks) => hooks.render_hook(name, hooks::context(fields)),
            None => String::new(),
        }
    }

    /// A block starting inside a list item goes on its own line (goldmark's list items).
    fn block_start(&mut self) {
        // Goldmark writes nothing after a passthrough block.
        let end = self.out().len();
        let after_raw_block = self.raw_block_end == Some(end);
        if self.item_depth > 0 && !self.out().ends_with('\n') && !after_raw_block {
            self.out().push('\n');
        }
        self.quotes = QuoteCounter::default();
        if let Some((_, depth, _)) = self.footnote.as_mut() {
            *depth += 1;
        }
    }

    fn block_end(&mut self, is_paragraph: bool) {
        self.quotes = QuoteCounter::default();
        if let Some((_, depth, last_para)) = self.footnote.as_mut() {
            *depth -= 1;
            if *depth == 0 {
                *last_para = is_paragraph;
            }
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            // A paragraph split by a passthrough block (empty ranges, `passthrough::fold`):
            // goldmark split it after parsing, so the typographer's quotes pair across.
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if range.is_empty() => {
                let quotes = self.quotes;
                match event {
                    Event::Start(tag) => self.start(tag, range),
                    _ => self.end(TagEnd::Paragraph),
                }
                self.quotes = quotes;
            }
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => {
                if self.image_alt.is_empty() {
                    let html = format!("<code>{}</code>", escaped(&code));
                    self.push(&html);
                }
                // A heading's id reads a code span's named entities as their characters
                // (`&lt;nil&gt;` → `nil`), numeric ones as written, as in its text.
                let heading = self.heading.as_ref().map(|h| h.plain.len());
                self.plain(&code);
                if let (Some(start), true) = (heading, code.contains('&')) {
                    if self.image_alt.is_empty() && !self.in_autolink {
                        if let Some(h) = self.heading.as_mut() {
                            h.plain.truncate(start);
                            h.plain.push_str(&resolve_entity_names(&code));
                        }
                    }
                }
            }
            Event::Html(html) => {
                if self.options.unsafe_html {
                    self.push(&html);
                }
            }
            Event::InlineHtml(html) => {
                // `<<a>>`: goldmark's typographer takes `<<` before raw HTML can match `<a>`.
                if range.start < self.skip_until {
                    let src = self.src;
                    self.text(&src[range.clone()], range);
                    return;
                }
                let after_angle = range.start > 0 && self.src.as_bytes()[range.start - 1] == b'<';
                if let (true, Some(strings)) = (after_angle, self.options.typographer.as_ref()) {
                    if self.out().ends_with("&lt;") {
                        let laquo = strings.left_angle_quote.clone();
                        let out = self.out();
                        out.truncate(out.len() - "&lt;".len());
                        self.push(&laquo);
                        let rest = range.start + 1..range.end;
                        let src = self.src;
                        self.text(&src[rest.clone()], rest);
                        return;
                    }
                }
                if self.options.unsafe_html {
                    self.push(&html);
                } else if !html.starts_with("<!--") {
                    self.push("<!-- raw HTML omitted -->");
                }
            }
            // Passthrough spans (`passthrough::fold`): raw, and no part of a heading's text.
            Event::InlineMath(raw) => self.push(&raw),
            // The quotes pair across it: goldmark split the paragraph after parsing it.
            Event::DisplayMath(raw) => {
                self.push(&raw);
                let end = self.out().len();
                self.raw_block_end = Some(end);
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::SoftBreak => {
                if let Some(h) = self.heading.as_mut() {
                    h.plain.clear();
                }
                if self.options.hard_wraps {
                    let br = self.void_tag("<br");
                    self.push(&br);
                    self.push("\n");
                } else {
                    self.push("\n");
                }
                self.plain(" ");
            }
            Event::HardBreak => {
                // Goldmark takes at most three of the spaces that make the break: from four on,
                // the rest stay before the `<br>`.
                let source = self.src.get(range).unwrap_or("");
                let spaces = source.len() - source.trim_start_matches(' ').len();
                if spaces >= 4 && source[spaces..].starts_with(['\n', '\r']) {
                    self.push(&" ".repeat(spaces - 3));
                }
                let br = self.void_tag("<br");
                self.push(&br);
                self.push("\n");
            }
            Event::Rule => {
                self.block_start();
                let hr = self.void_tag("<hr");
                self.push(&hr);
                self.push("\n");
                self.block_end(false);
            }
            Event::TaskListMarker(checked) => {
                let input = self.void_tag(if checked {
                    "<input checked=\"\" disabled=\"\" type=\"checkbox\""
                } else {
                    "<input disabled=\"\" type=\"checkbox\""
                });
                self.push(&input);
                self.push(" ");
            }
        }
    }

    /// A void element's start tag ended as `renderer.xhtml` asks: `<br>` or `<br />`.
    fn void_tag(&self, open: &str) -> String {
        let end = if self.options.xhtml { " />" } else { ">" };
        format!("{open}{end}")
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                // Goldmark prints a tight definition's first paragraph without `<p>`.
                let first_in_dd = if self.out().ends_with("<dd>") {
                    self.dd_tight.take()
                } else {
                    None
                };
                let unwrap = first_in_dd == Some(true);
                self.unwrapped_paragraphs.push(unwrap);
                self.block_start();
                // A loose definition's paragraphs start on the line after `<dd>`.
                if first_in_dd == Some(false) {
                    self.push("\n");
                }
                if !unwrap {
                    self.push("<p>");
                }
                self.paragraph_start = self.out().len();
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.block_start();
                let attributes = if id.is_some() || !classes.is_empty() || !attrs.is_empty() {
                    heading_attributes(&self.src[range.clone()])
                } else {
                    Vec::new()
                };
                self.heading = Some(HeadingState {
                    level: level as usize,
                    plain: String::new(),
                    attributes,
                    block_attributes: Vec::new(),
                });
                self.buffers.push(String::new());
            }
            Tag::BlockQuote(_) => {
                self.block_start();
                let hooked = [
                    "render-blockquote",
                    "render-blockquote-alert",
                    "render-blockquote-regular",
                ]
                .iter()
                .any(|name| self.hooks.is_some_and(|h| h.has_hook(name)));
                self.blockquote_hooks.push(hooked);
                self.blockquote_attributes.push(Vec::new());
                if hooked {
                    self.buffers.push(String::new());
                } else {
                    self.push("<blockquote>\n");
                }
            }
            Tag::CodeBlock(kind) => {
                self.block_start();
                let fence = match kind {
                    CodeBlockKind::Fenced(info) => Some(FenceInfo::parse(&info)),
                    CodeBlockKind::Indented => None,
                };
                self.code_block = Some((fence, String::new()));
            }
            Tag::HtmlBlock => {
                self.block_start();
                self.in_html_block = true;
                // Hugo drops an HTML comment block entirely rather than marking it omitted.
                let is_comment = self.src[range].trim_start().starts_with("<!--");
                if !self.options.unsafe_html && !is_comment {
                    self.push("<!-- raw HTML omitted -->\n");
                }
            }
            Tag::List(start) => {
                self.block_start();
                match start {
                    Some(1) => self.push("<ol>\n"),
                    Some(n) => {
                        let html = format!("<ol start=\"{n}\">\n");
                        self.push(&html);
                    }
                    None => self.push("<ul>\n"),
                }
            }
            Tag::Item => {
                self.push("<li>");
                self.item_depth += 1;
                self.quotes = QuoteCounter::default();
            }
            Tag::FootnoteDefinition(label) => {
                self.buffers.push(String::new());
                self.footnote = Some((label.to_string(), 0, false));
            }
            Tag::DefinitionList => {
                self.block_start();
                self.push("<dl>\n");
            }
            Tag::DefinitionListTitle => {
                self.block_start();
                if self.options.definition_term_ids {
                    self.heading = Some(HeadingState {
                        level: 0,
                        plain: String::new(),
                        attributes: Vec::new(),
                        block_attributes: Vec::new(),
                    });
                    self.buffers.push(String::new());
                } else {
                    self.push("<dt>");
                }
            }
            Tag::DefinitionListDefinition => {
                self.block_start();
                self.dd_tight = Some(definition_is_tight(self.src, &range));
                self.push("<dd>");
            }
            Tag::Table(alignments) => {
                self.block_start();
                self.table_alignments = alignments;
                if self.hook("table", None).is_some() {
                    self.table_hook = Some(TableHook::default());
                    self.buffers.push(String::new());
                    return;
                }
                self.push("<table>\n");
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.table_cell = 0;
                self.table_cells_written = count_table_cells(&self.src[range]);
                if self.table_hook.is_none() {
                    self.push("\t<thead>\n\t\t\t<tr>\n");
                }
            }
            Tag::TableRow => {
                self.table_cell = 0;
                self.table_cells_written = count_table_cells(&self.src[range]);
                if self.table_hook.is_none() {
                    self.push("\t\t\t<tr>\n");
                }
            }
            Tag::TableCell => {
                self.quotes = QuoteCounter::default();
                let name = if self.in_table_head { "th" } else { "td" };
                // A cell the row does not write gets no alignment (Hugo's table hook).
                let style = match self.table_alignments.get(self.table_cell) {
                    _ if self.table_cell >= self.table_cells_written => "",
                    Some(Alignment::Left) => " style=\"text-align: left\"",
                    Some(Alignment::Center) => " style=\"text-align: center\"",
                    Some(Alignment::Right) => " style=\"text-align: right\"",
                    _ => "",
                };
                if self.table_hook.is_some() {
                    self.buffers.push(String::new());
                    return;
                }
                let html = format!("\t\t\t\t\t<{name}{style}>");
                self.push(&html);
            }
            Tag::Emphasis => self.push("<em>"),
            Tag::Strong => self.push("<strong>"),
            Tag::Strikethrough => self.push("<del>"),
            Tag::Superscript => self.push("<sup>"),
            Tag::Subscript => self.push("<sub>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.link_depth += 1;
                self.in_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let href = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                if self.image_alt.is_empty() && self.element_hook("link").is_some() {
                    self.link_hooks.push(Some(LinkHook {
                        destination: href,
                        title: title.to_string(),
                        plain: String::new(),
                    }));
                    self.buffers.push(String::new());
                    return;
                }
                self.link_hooks.push(None);
                let mut html = format!("<a href=\"{}\"", escape_url(&href));
                if !title.is_empty() {
                    html.push_str(&format!(" title=\"{}\"", escaped(&title)));
                }
                html.push('>');
                self.push(&html);
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                if self.image_alt.is_empty() && self.element_hook("image").is_some() {
                    self.image_hooks
                        .push(Some((dest_url.to_string(), title.to_string())));
                    self.image_alt.push(String::new());
                    return;
                }
                self.image_hooks.push(None);
                if self.image_alt.is_empty() {
                    let mut html = format!("<img src=\"{}\" alt=\"", escape_url(&dest_url));
                    // The alt text is written at the end; keep the title for then.
                    html.push('\u{0}');
                    if !title.is_empty() {
                        html.push_str(&format!("\" title=\"{}", escaped(&title)));
                    }
                    html.push('"');
                    let html = self.void_tag(&html);
                    self.out().push_str(&html);
                }
                self.image_alt.push(String::new());
            }
            Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.unwrapped_paragraphs.pop() == Some(true) {
                    self.push("\n");
                    self.unwrapped_end = Some(self.out().len());
                    self.block_end(true);
                    return;
                }
                // `wrapStandAloneImageWithinParagraph = false`: a paragraph holding one
                // image and nothing else prints the bare `<img>`.
                let start = self.paragraph_start;
                let content = self.out().get(start..).unwrap_or_default();
                let lone_image = content.starts_with("<img ") && content.matches('<').count() == 1;
                if lone_image && !self.options.wrap_standalone_image {
                    self.out().replace_range(start - "<p>".len()..start, "");
                } else {
                    self.push("</p>\n");
                }
                self.block_end(true);
            }
            TagEnd::Heading(_) => {
                let inner = self.buffers.pop().unwrap_or_default();
                if let Some(heading) = self.heading.take() {
                    self.write_heading(heading, &inner);
                }
                self.block_end(false);
            }
            TagEnd::BlockQuote(_) => {
                let attributes = self.blockquote_attributes.pop().unwrap_or_default();
                if self.blockquote_hooks.pop() == Some(true) {
                    let text = self.buffers.pop().unwrap_or_default();
                    let html = self.blockquote_hook_html(text, &attributes);
                    self.push(&html);
                } else {
                    self.push("</blockquote>\n");
                }
                self.block_end(false);
            }
            TagEnd::CodeBlock => {
                if let Some((fence, code)) = self.code_block.take() {
                    let html = self.code_block_html(fence.as_ref(), &code);
                    self.push(&html);
                }
                self.block_end(false);
            }
            TagEnd::HtmlBlock => {
                self.in_html_block = false;
                self.block_end(false);
            }
            TagEnd::List(ordered) => {
                self.push(if ordered { "</ol>\n" } else { "</ul>\n" });
                self.block_end(false);
            }
            TagEnd::Item => {
                self.push("</li>\n");
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::FootnoteDefinition => {
                let html = self.buffers.pop().unwrap_or_default();
                if let Some((label, _, ends_with_paragraph)) = self.footnote.take() {
                    self.footnote_defs.entry(label).or_insert(FootnoteDef {
                        html,
                        ends_with_paragraph,
                    });
                }
            }
            TagEnd::DefinitionList => {
                self.push("</dl>\n");
                self.block_end(false);
            }
            TagEnd::DefinitionListTitle => {
                match self.heading.take() {
                    Some(term) => {
                        let inner = self.buffers.pop().unwrap_or_default();
                        self.write_heading(term, &inner);
                    }
                    None => self.push("</dt>\n"),
                }
                self.block_end(false);
            }
            TagEnd::DefinitionListDefinition => {
                self.dd_tight = None;
                let end = self.out().len();
                if self.unwrapped_end == Some(end) {
                    self.out().pop();
                }
                self.push("</dd>\n");
                self.block_end(false);
            }
            TagEnd::Table => {
                if let Some(table) = self.table_hook.take() {
                    self.buffers.pop();
                    let name = self.hook("table", None).unwrap_or_default();
                    let ordinal = self.next_ordinal("table");
                    let html = self.run_hook(
                        &name,
                        vec![
                            ("THead", Value::list(table.head)),
                            ("TBody", Value::list(table.body)),
                            ("Attributes", hooks::attributes_map(&table.attributes)),
                            ("Ordinal", Value::Int(ordinal)),
                        ],
                    );
                    self.push(&html);
                    self.block_end(false);
                    return;
                }
                self.push("\t</tbody>\n</table>\n");
                self.block_end(false);
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                if let Some(table) = self.table_hook.as_mut() {
                    let row = std::mem::take(&mut table.row);
                    table.head.push(Value::list(row));
                    return;
                }
                self.push("\t\t\t</tr>\n\t</thead>\n\t<tbody>\n");
            }
            TagEnd::TableRow => {
                if let Some(table) = self.table_hook.as_mut() {
                    let row = std::mem::take(&mut table.row);
                    table.body.push(Value::list(row));
                    return;
                }
                self.push("\t\t\t</tr>\n")
            }
            TagEnd::TableCell => {
                if self.table_hook.is_some() {
                    let text = self.buffers.pop().unwrap_or_default();
                    let alignment = match self.table_alignments.get(self.table_cell) {
                        _ if self.table_cell >= self.table_cells_written => "",
                        Some(Alignment::Left) => "left",
                        Some(Alignment::Center) => "center",
                        Some(Alignment::Right) => "right",
                        _ => "",
                    };
                    let cell = Value::map(
                        [
                            ("Alignment".to_string(), hooks::text(alignment)),
                            ("Text".to_string(), hooks::html(&text)),
                        ]
                        .into_iter()
                        .collect(),
                    );
                    if let Some(table) = self.table_hook.as_mut() {
                        table.row.push(cell);
                    }
                    self.table_cell += 1;
                    return;
                }
                let name = if self.in_table_head { "th" } else { "td" };
                let html = format!("</{name}>\n");
                self.push(&html);
                self.table_cell += 1;
            }
            TagEnd::Emphasis => self.push("</em>"),
            TagEnd::Strong => self.push("</strong>"),
            TagEnd::Strikethrough => self.push("</del>"),
            TagEnd::Superscript => self.push("</sup>"),
            TagEnd::Subscript => self.push("</sub>"),
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                let was_autolink = std::mem::take(&mut self.in_autolink);
                match self.link_hooks.pop().flatten() {
                    Some(link) => {
                        let text = self.buffers.pop().unwrap_or_default();
                        // An autolink's text is its label as written (Hugo's `renderAutoLink`).
                        let text = if was_autolink {
                            link.plain.clone()
                        } else {
                            text
                        };
                        let html = self.link_hook_html(&link, &text, was_autolink);
                        self.push(&html);
                    }
                    None => self.push("</a>"),
                }
            }
            TagEnd::Image => {
                let alt = self.image_alt.pop().unwrap_or_default();
                if let Some((destination, title)) = self.image_hooks.pop().flatten() {
                    let (name, embedded) = self.element_hook("image").unwrap_or_default();
                    let destination = match (embedded, self.hooks) {
                        (true, Some(hooks)) => hooks.resolve_embedded("image", &destination),
                        _ => destination,
                    };
                    let ordinal = self.next_ordinal("image");
                    let html = self.run_hook(
                        &name,
                        vec![
                            ("Destination", hooks::text(&destination)),
                            ("Title", hooks::text(&title)),
                            ("Text", hooks::html(&escaped(&alt))),
                            ("PlainText", hooks::text(&alt)),
                            ("IsBlock", Value::Bool(false)),
                            ("Ordinal", Value::Int(ordinal)),
                            ("Attributes", Value::map(Default::default())),
                        ],
                    );
                    self.push(&html);
                    return;
                }
                match self.image_alt.last_mut() {
                    Some(outer) => outer.push_str(&alt),
                    None => {
                        let alt = escaped(&alt);
                        let out = self.out();
                        if let Some(at) = out.rfind('\u{0}') {
                            out.replace_range(at..at + 1, &alt);
                        }
                    }
                }
            }
            TagEnd::MetadataBlock(_) => {}
        }
    }

    /// What the site's blockquote hook prints for a blockquote whose content rendered as
    /// `text` (Hugo's `renderBlockquote`: an alert's first line goes to its type and title).
    fn blockquote_hook_html(&mut self, text: String, attributes: &[(String, String)]) -> String {
        let alert = hooks::blockquote_alert(&text);
        let kind = if alert.is_some() { "alert" } else { "regular" };
        let ordinal = self.next_ordinal("blockquote");
        let Some(name) = self.hook("blockquote", Some(kind)) else {
            return format!("<blockquote>\n{text}</blockquote>\n");
        };
        let (alert_type, sign, title) = alert.unwrap_or_default();
        let text = if kind == "alert" {
            hooks::alert_text(&text)
        } else {
            text
        };
        self.run_hook(
            &name,
            vec![
                ("Type", hooks::text(kind)),
                ("AlertType", hooks::text(&alert_type)),
                ("AlertSign", hooks::text(&sign)),
                ("AlertTitle", hooks::html(&title)),
                ("Text", hooks::html(&text)),
                ("Attributes", hooks::attributes_map(attributes)),
                ("Ordinal", Value::Int(ordinal)),
            ],
        )
    }

    /// What the site's link hook prints for `link` with its rendered `text`.
    fn link_hook_html(&mut self, link: &LinkHook, text: &str, autolink: bool) -> String {
        let Some((name, embedded)) = self.element_hook("link") else {
            return String::new();
        };
        let destination = match (embedded, self.hooks) {
            (true, Some(hooks)) => hooks.resolve_embedded("link", &link.destination),
            _ => link.destination.clone(),
        };
        // Goldmark counts links and autolinks (linkified addresses too) apart.
        let ordinal = self.next_ordinal(if autolink { "autolink" } else { "link" });
        self.run_hook(
            &name,
            vec![
                ("Destination", hooks::text(&destination)),
                ("Title", hooks::text(&link.title)),
                ("Text", hooks::html(text)),
                ("PlainText", hooks::text(&link.plain)),
                ("Ordinal", Value::Int(ordinal)),
            ],
        )
    }

    /// Adds `attributes` to the block whose start tag was written last (a heading's is
    /// written at its end).
    fn block_attributes(&mut self, attributes: Vec<(String, String)>) {
        if let Some(heading) = self.heading.as_mut() {
            heading.block_attributes.extend(attributes);
            return;
        }
        // A block its hook prints: the attributes go to the hook (they come right after the
        // block's start, before anything is written in its buffer).
        if self.out().is_empty() && self.buffers.len() > 1 {
            if let Some(table) = self.table_hook.as_mut() {
                table.attributes.extend(attributes);
                return;
            }
            if self.blockquote_hooks.last() == Some(&true) {
                if let Some(open) = self.blockquote_attributes.last_mut() {
                    open.extend(attributes);
                }
                return;
            }
        }
        let mut html = String::new();
        for (key, value) in &attributes {
            html.push_str(&format!(" {key}=\"{}\"", escaped(value)));
        }
        let at_paragraph = self.paragraph_start == self.out().len();
        let out = self.out();
        let tag = out.trim_end_matches('\n');
        let Some(tag_end) = tag
            .len()
            .checked_sub(if tag.ends_with(" />") { 3 } else { 1 })
        else {
            return;
        };
        out.insert_str(tag_end, &html);
        if at_paragraph {
            self.paragraph_start = self.out().len();
        }
    }

    fn write_heading(&mut self, heading: HeadingState, inner: &str) {
        let mut attributes = heading.attributes;
        let has_id = attributes.iter().any(|(k, _)| k == "id");
        if let Some((_, id)) = attributes.iter().find(|(k, _)| k == "id") {
            self.ids.reserve(id);
        }
        let (tag, auto_id, fallback) = match heading.level {
            0 => ("dt".to_string(), self.options.definition_term_ids, "id"),
            level => (format!("h{level}"), self.options.auto_heading_id, "heading"),
        };
        if !has_id && auto_id && !heading.plain.trim().is_empty() {
            let id = self
                .ids
                .generate(&heading.plain, self.options.heading_id_type, fallback);
            attributes.push(("id".into(), id));
        }
        attributes.extend(heading.block_attributes);
        if heading.level > 0 {
            if let Some(name) = self.hook("heading", None) {
                let anchor = attributes
                    .iter()
                    .find(|(k, _)| k == "id")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                let ordinal = self.next_ordinal("heading");
                let html = self.run_hook(
                    &name,
                    vec![
                        ("Level", Value::Int(heading.level as i64)),
                        ("Anchor", hooks::text(&anchor)),
                        ("Text", hooks::html(inner)),
                        ("PlainText", hooks::text(heading.plain.trim())),
                        ("Attributes", hooks::attributes_map(&attributes)),
                        ("Ordinal", Value::Int(ordinal)),
                    ],
                );
                self.push(&html);
                return;
            }
        }
        let mut html = format!("<{tag}");
        for (key, value) in &attributes {
            html.push_str(&format!(" {key}=\"{}\"", escaped(value)));
        }
        html.push('>');
        html.push_str(inner);
        html.push_str(&format!("</{tag}>\n"));
        self.push(&html);
    }

    fn code_block_html(&mut self, fence: Option<&FenceInfo>, code: &str) -> String {
        let Some(fence) = fence else {
            return format!("<pre><code>{}</code></pre>\n", escaped(code));
        };
        let ordinal = self.code_ordinal;
        self.code_ordinal += 1;
        if let Some(name) = self.hook("codeblock", fence.lang.as_deref()) {
            let mut options = std::collections::BTreeMap::new();
            let mut attributes: Vec<(String, String)> = Vec::new();
            if !fence.classes.is_empty() {
                attributes.push(("class".into(), fence.classes.join(" ")));
            }
            if let Some(id) = &fence.id {
                attributes.push(("id".into(), id.clone()));
            }
            for (key, value) in &fence.options {
                if hooks::is_highlight_option(key) {
                    options.insert(key.clone(), hooks::attribute_value(value));
                } else {
                    attributes.push((key.clone(), value.clone()));
                }
            }
            // Hugo's `Chomp`: one trailing line break goes.
            let inner = code
                .strip_suffix('\n')
                .map(|c| c.strip_suffix('\r').unwrap_or(c))
                .unwrap_or(code);
            return self.run_hook(
                &name,
                vec![
                    ("Type", hooks::text(fence.lang.as_deref().unwrap_or(""))),
                    ("Inner", hooks::text(inner)),
                    ("Options", Value::map(options)),
                    ("Attributes", hooks::attributes_map(&attributes)),
                    ("Ordinal", Value::Int(ordinal as i64)),
                ],
            );
        }
        if !self.options.code_fences {
            // Without `codeFences` goldmark prints the block itself, escaping as it does text.
            return match fence.lang.as_deref() {
                Some(lang) => format!(
                    "<pre><code class=\"language-{}\">{}</code></pre>\n",
                    escaped(lang),
                    escaped(code)
                ),
                None => format!("<pre><code>{}</code></pre>\n", escaped(code)),
            };
        }
        // Fenced code goes through Hugo's highlighter, which escapes like Go's html package.
        let escaped_code = go_escape_string(code);
        let Some(lang) = fence.lang.as_deref() else {
            return format!("<pre tabindex=\"0\"><code>{escaped_code}</code></pre>");
        };
        let block = CodeBlock {
            code,
            lang,
            ordinal: Some(ordinal),
            id: fence.id.as_deref(),
            classes: &fence.classes,
        };
        match highlight_html(&block, &self.options.highlight.with(&fence.options)) {
            Some(html) => html,
            None => format!(
                "<pre tabindex=\"0\"><code class=\"language-{0}\" data-lang=\"{0}\">{escaped_code}</code></pre>",
                escaped(lang)
            ),
        }
    }

    fn footnote_reference(&mut self, label: &str) {
        let index = match self.footnote_order.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnote_order.push(label.to_string());
                self.footnote_order.len()
            }
        };
        let count = self.footnote_refs.entry(label.to_string()).or_insert(0);
        let ref_index = *count;
        *count += 1;
        let suffix = if ref_index > 0 {
            ref_index.to_string()
        } else {
            String::new()
        };
        let prefix = &self.footnote_prefix;
        let html = format!(
            "<sup id=\"{prefix}fnref{suffix}:{index}\"><a href=\"#{prefix}fn:{index}\" class=\"footnote-ref\" role=\"doc-noteref\">{index}</a></sup>"
        );
        self.push(&html);
        self.plain(&index.to_string());
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some((_, code)) = self.code_block.as_mut() {
            code.push_str(text);
            return;
        }
        if self.in_html_block {
            return;
        }
        if !self.image_alt.is_empty() {
            self.plain(text);
            return;
        }
        let verbatim = self.src.get(range.clone()) == Some(text);
        if !verbatim {
            let html = escaped(text);
            self.push(&html);
            // A numeric character reference counts in a heading's id as written (Hugo:
            // `Here&#8217;s` → `here8217s`); a named one as its character.
            let source = self.src.get(range).unwrap_or("");
            match self.heading.as_mut() {
                Some(heading)
                    if source.starts_with("&#")
                        && self.image_alt.is_empty()
                        && !self.in_autolink =>
                {
                    heading.plain.push_str(source)
                }
                _ => self.plain(text),
            }
            return;
        }
        let src = self.src;
        let base = range.start;
        let bytes = text.as_bytes();
        let mut html = String::with_capacity(text.len() + 8);
        // What a heading's id or a hooked link's `.PlainText` collects; nothing else reads it.
        let keep_plain = (self.heading.is_some() && !self.in_autolink)
            || self.link_hooks.iter().any(Option::is_some);
        let mut plain = String::with_capacity(if keep_plain { text.len() } else { 0 });
        let last_at = memchr::memrchr(b'@', bytes);
        let mut i = 0;
        while base + i < self.skip_until && i < text.len() {
            i += 1;
        }
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        // A backslash-escaped character starts its own text event and is never substituted.
        let escaped_first = i == 0 && base > 0 && src.as_bytes()[base - 1] == b'\\';
        // Goldmark tries linkify at a line head, after a space, `*`, `_`, `~`, `(`, and where
        // another inline construct (a substitution, an emphasis, a code span…) ended.
        let mut after_construct = i == 0;
        while i < text.len() {
            let pos = base + i;
            let b = bytes[i];
            if escaped_first && i == 0 {
                let c = text.chars().next().unwrap_or(' ');
                let mut buf = [0u8; 4];
                escape_html(c.encode_utf8(&mut buf), &mut html);
                plain.push(c);
                i += c.len_utf8();
                after_construct = true;
                continue;
            }
            if self.options.linkify && self.link_depth == 0 {
                let at_trigger =
                    after_construct || pos == 0 || LINKIFY_AFTER.contains(&src.as_bytes()[pos - 1]);
                if at_trigger && may_linkify(bytes, i, last_at) {
                    if let Some(m) = linkify_at(&text[i..], &self.options.linkify_protocol) {
                        let shown = &text[i..i + m.len];
                        if self.element_hook("link").is_some() {
                            let link = LinkHook {
                                destination: m.href.clone(),
                                title: String::new(),
                                plain: shown.to_string(),
                            };
                            html.push_str(&self.link_hook_html(&link, shown, true));
                            i += m.len;
                            after_construct = true;
                            continue;
                        }
                        html.push_str(&format!(
                            "<a href=\"{}\">{}</a>",
                            escape_url(&m.href),
                            escaped(shown)
                        ));
                        // A linkified address is no part of a heading's plain text.
                        i += m.len;
                        after_construct = true;
                        continue;
                    }
                }
            }
            after_construct = false;
            if let Some(strings) = &self.options.typographer {
                if matches!(b, b'\'' | b'"' | b'-' | b'.' | b'<' | b'>') {
                    let line_end = src[pos..].find('\n').map_or(src.len(), |n| pos + n + 1);
                    let before = src[..pos].chars().next_back().unwrap_or('\n');
                    let line = &src.as_bytes()[pos..line_end];
                    if let Some((sub, len)) =
                        typographer_at(line, before, strings, &mut self.quotes)
                    {
                        html.push_str(sub);
                        // A heading's id sees the substitution's string with named
                        // entities resolved (goldmark's `util.ResolveEntityNames`).
                        if self.heading.is_some() {
                            plain.push_str(&resolve_entity_names(sub));
                        }
                        if i + len > text.len() {
                            self.skip_until = pos + len;
                        }
                        i += len;
                        after_construct = true;
                        continue;
                    }
                }
            }
            // `cjk.escapedSpace`: goldmark prints a backslash-escaped space as nothing.
            if self.options.escaped_space && b == b'\\' && bytes.get(i + 1) == Some(&b' ') {
                i += 2;
                continue;
            }
            if self.options.emoji && b == b':' {
                if let Some((entities, len)) = emoji_at(&text[i..]) {
                    html.push_str(&entities);
                    plain.push_str(&text[i..i + len]);
                    i += len;
                    after_construct = true;
                    continue;
                }
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            match c {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '"' => html.push_str("&quot;"),
                _ => html.push(c),
            }
            plain.push(c);
            i += c.len_utf8();
            // The bytes up to the next one that means something here print as they are (as
            // the loop above would print them one by one).
            let linkify = self.link_depth == 0;
            let mut end = i;
            while let Some(&b) = bytes.get(end) {
                let after_trigger =
                    self.byte_classes.of(bytes[end - 1]) & ByteClasses::LINKIFY_AFTER != 0;
                if (linkify && after_trigger && may_linkify(bytes, end, last_at))
                    || self.byte_classes.of(b) & ByteClasses::STOP != 0
                {
                    break;
                }
                end += 1;
            }
            if end > i {
                html.push_str(&text[i..end]);
                if keep_plain {
                    plain.push_str(&text[i..end]);
                }
                i = end;
            }
        }
        self.push(&html);
        if keep_plain {
            self.plain(&plain);
        }
    }

    fn finish(mut self) -> String {
        let mut out = self.buffers.swap_remove(0);
        if self.footnote_order.is_empty() {
            return out;
        }
        let mut items = String::new();
        for (i, label) in self.footnote_order.iter().enumerate() {
            let index = i + 1;
            let Some(def) = self.footnote_defs.get(label) else {
                continue;
            };
            let refs = self.footnote_refs.get(label).copied().unwrap_or(1);
            let mut backlinks = String::new();
            for r in 0..refs {
                let suffix = if r > 0 { r.to_string() } else { String::new() };
                backlinks.push_str(&format!(
                    "&#160;<a href=\"#{}fnref{suffix}:{index}\" class=\"footnote-backref\" role=\"doc-backlink\">{}</a>",
                    self.footnote_prefix, self.options.footnote_backlink_html
                ));
            }
            let mut html = def.html.clone();
            if def.ends_with_paragraph && html.ends_with("</p>\n") {
                html.insert_str(html.len() - "</p>\n".len(), &backlinks);
            } else {
                html.push_str(&backlinks);
            }
            let prefix = &self.footnote_prefix;
            items.push_str(&format!("<li id=\"{prefix}fn:{index}\">\n{html}</li>\n"));
        }
        if !items.is_empty() {
            let hr = self.void_tag("<hr");
            out.push_str(&format!(
                "<div class=\"footnotes\" role=\"doc-endnotes\">\n{hr}\n<ol>\n"
            ));
            out.push_str(&items);
            out.push_str("</ol>\n</div>\n");
        }
        out
    }
}

/// How many cells a table row's source writes (unescaped pipes outside code spans).
/// The cells a table row's source writes, each its trimmed text's range.
fn table_cell_ranges(src: &str, row: Range<usize>) -> Vec<Range<usize>> {
    let line = &src[row.clone()];
    let mut cells = Vec::new();
    let trimmed_start = line.len() - line.trim_start().len();
    let mut start = trimmed_start + usize::from(line[trimmed_start..].starts_with('|'));
    let bytes = line.as_bytes();
    let mut i = start;
    let mut in_code = false;
    let push = |from: usize, to: usize, cells: &mut Vec<Range<usize>>| {
        let cell = &line[from..to];
        let lead = cell.len() - cell.trim_start().len();
        let text = cell.trim();
        cells.push(row.start + from + lead..row.start + from + lead + text.len());
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => in_code = !in_code,
            b'|' if !in_code => {
                push(start, i, &mut cells);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if !line[start.min(line.len())..].trim().is_empty() {
        push(start.min(line.len()), line.len(), &mut cells);
    }
    cells
}

fn count_table_cells(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let bytes = row.as_bytes();
    let mut cells = 1;
    let mut i = 0;
    let mut in_code = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => in_code = !in_code,
            b'|' if !in_code && i + 1 < bytes.len() && !row[i + 1..].trim().is_empty() => {
                cells += 1
            }
            _ => {}
        }
        i += 1;
    }
    cells
}

/// The `{#id .class key=value}` block at the end of a heading's source.
fn heading_attributes(source: &str) -> Vec<(String, String)> {
    let line = source
        .lines()
        .find(|l| l.trim_end().trim_end_matches('#').trim_end().ends_with('}'))
        .unwrap_or("");
    let line = line.trim_end().trim_end_matches('#').trim_end();
    let Some(open) = line.rfind('{') else {
        return Vec::new();
    };
    parse_attributes(&line[open + 1..line.len() - 1]).0
}

/// The attributes inside `{…}` in goldmark's order: source order, with every class joined
/// into one `class` where the first one was; and whether every part was well formed.
pub(super) fn parse_attributes(inner: &str) -> (Vec<(String, String)>, bool) {
    let mut attributes: Vec<(String, String)> = Vec::new();
    let mut chars = inner.char_indices().peekable();
    let word_end = |from: usize| {
        inner[from..]
            .find(|c: char| c.is_whitespace())
            .map_or(inner.len(), |n| from + n)
    };
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '#' | '.' => {
                let end = word_end(i + 1);
                let value = inner[i + 1..end].to_string();
                if c == '#' {
                    attributes.push(("id".into(), value));
                } else if let Some((_, classes)) = attributes.iter_mut().find(|(k, _)| k == "class")
                {
                    classes.push(' ');
                    classes.push_str(&value);
                } else {
                    attributes.push(("class".into(), value));
                }
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            _ => {
                let Some(eq) = inner[i..].find('=').map(|n| i + n) else {
                    return (attributes, false);
                };
                let key = inner[i..eq].trim().to_string();
                if key.contains(char::is_whitespace) {
                    return (attributes, false);
                }
                let rest = &inner[eq + 1..];
                let (value, consumed) = match rest.chars().next() {
                    Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                        Some(n) => (rest[1..1 + n].to_string(), n + 2),
                        None => (rest[1..].to_string(), rest.len()),
                    },
                    _ => {
                        let n = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
                        (rest[..n].to_string(), n)
                    }
                };
                attributes.push((key, value));
                let end = eq + 1 + consumed;
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
        }
    }
    (attributes, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(src: &str) -> String {
        render_markdown(src, &MarkdownOptions::default())
    }

    #[test]
    fn paragraphs_breaks_and_void_tags() {
        assert_eq!(md("a  \nb\\\nc\n\n---\n"), "<p>a<br>\nb<br>\nc</p>\n<hr>\n");
        // Hugo 0.168: up to three spaces make the break, more stay before it.
        assert_eq!(
            md("a3   \nb\n\na4    \nb\n\na6      \nb\n\nt\t  \nb\n"),
            "<p>a3<br>\nb</p>\n<p>a4 <br>\nb</p>\n<p>a6   <br>\nb</p>\n<p>t<br>\nb</p>\n"
        );
        assert_eq!(
            md("![Alt](b.png \"T\")"),
            "<p><img src=\"b.png\" alt=\"Alt\" title=\"T\"></p>\n"
        );
    }

    #[test]
    fn xhtml_closes_void_elements() {
        let options = MarkdownOptions {
            xhtml: true,
            block_attributes: true,
            ..MarkdownOptions::default()
        };
        assert_eq!(
            render_markdown("a  \nb ![i](x.png)\n\n***\n{.r}\n\n- [x] t\n", &options),
            "<p>a<br />\nb <img src=\"x.png\" alt=\"i\" /></p>\n<hr class=\"r\" />\n<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\" /> t</li>\n</ul>\n"
        );
    }

    #[test]
    fn character_references_count_in_heading_ids_as_hugo_counts_them() {
        // The real Hugo 0.168's ids: numeric references as written, named ones as characters.
        assert_eq!(
            md("## Here&#8217;s How\n\n## A &amp; B &eacute; &copy;\n\n## C &#x2019; D\n"),
            "<h2 id=\"here8217s-how\">Here’s How</h2>\n<h2 id=\"a--b-é-\">A &amp; B é ©</h2>\n<h2 id=\"c-x2019-d\">C ’ D</h2>\n"
        );
    }

    #[test]
    fn headings_get_goldmark_ids_and_attributes() {
        assert_eq!(md("## Dup\n## Dup\n## Dup-1\n## Dup"), "<h2 id=\"dup\">Dup</h2>\n<h2 id=\"dup-1\">Dup</h2>\n<h2 id=\"dup-1-1\">Dup-1</h2>\n<h2 id=\"dup-2\">Dup</h2>\n");
        assert_eq!(
            md("## Heading {#my-id .c1 .c2}"),
            "<h2 id=\"my-id\" class=\"c1 c2\">Heading</h2>\n"
        );
        assert_eq!(md("## H {data-x=y}"), "<h2 data-x=\"y\" id=\"h\">H</h2>\n");
        assert_eq!(
            md("## \"Quoted\" text..."),
            "<h2 id=\"quoted-text\">&ldquo;Quoted&rdquo; text&hellip;</h2>\n"
        );
        assert_eq!(md("# Link [here](http://x.com) and `x_y`"), "<h1 id=\"link-here-and-x_y\">Link <a href=\"http://x.com\">here</a> and <code>x_y</code></h1>\n");
    }

    #[test]
    fn task_lists_and_loose_lists() {
        assert_eq!(
            md("- [ ] todo\n- [x] done\n"),
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\"> todo</li>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> done</li>\n</ul>\n"
        );
        assert_eq!(
            md("1. one\n\n2. two\n"),
            "<ol>\n<li>\n<p>one</p>\n</li>\n<li>\n<p>two</p>\n</li>\n</ol>\n"
        );
        assert_eq!(
            md("- a\n  - b\n"),
            "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn raw_html_is_omitted_unless_unsafe() {
        assert_eq!(md("<div>\nx\n</div>\n\nInline <span>h</span> <!-- c --> end."), "<!-- raw HTML omitted -->\n<p>Inline <!-- raw HTML omitted -->h<!-- raw HTML omitted -->  end.</p>\n");
        let unsafe_opts = MarkdownOptions {
            unsafe_html: true,
            ..MarkdownOptions::default()
        };
        assert_eq!(
            render_markdown("<div>\nx\n</div>\n", &unsafe_opts),
            "<div>\nx\n</div>\n"
        );
    }

    #[test]
    fn footnotes_like_goldmark() {
        let html = md("Text[^a] again[^a].\n\n[^a]: Para one.\n");
        assert!(html.starts_with("<p>Text<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> again<sup id=\"fnref1:1\">"), "{html}");
        assert!(html.ends_with("<li id=\"fn:1\">\n<p>Para one.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>&#160;<a href=\"#fnref1:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n</ol>\n</div>\n"), "{html}");
    }

    #[test]
    fn linkify_and_urls() {
        assert_eq!(
            md("https://example.com/path?q=1. and www.example.org"),
            "<p><a href=\"https://example.com/path?q=1\">https://example.com/path?q=1</a>. and <a href=\"https://www.example.org\">www.example.org</a></p>\n"
        );
        assert_eq!(
            md("[u](https://x.y/ä?q=a&b=%20c)"),
            "<p><a href=\"https://x.y/%C3%A4?q=a&amp;b=%20c\">u</a></p>\n"
        );
    }

    #[test]
    fn a_wide_delimiter_row_after_paragraph_text_keeps_the_text_whole() {
        // Goldmark makes a table here; pulldown-cmark cannot start one inside a paragraph,
        // so the lines stay text, every character kept (no cells hidden).
        let html = render_markdown("text\na|b\n-|-|-\n1|2\n", &MarkdownOptions::default());
        assert_eq!(html, "<p>text\na|b\n-|-|-\n1|2</p>\n");
    }

    #[test]
    fn a_tight_definitions_first_paragraph_loses_its_p_in_a_loose_list() {
        // Hugo 0.168: the blank line between items makes the list loose, yet a definition
        // right under its term prints its first paragraph bare.
        assert_eq!(
            md("term\n: (`s`) The dir.\n\nterm2\n: Para one.\n\n  Para two.\n\nterm3\n\n: Loose.\n"),
            "<dl>\n<dt>term</dt>\n<dd>(<code>s</code>) The dir.</dd>\n<dt>term2</dt>\n<dd>Para one.\n<p>Para two.</p>\n</dd>\n<dt>term3</dt>\n<dd>\n<p>Loose.</p>\n</dd>\n</dl>\n"
        );
    }

    #[test]
    fn a_delimiter_row_starting_with_a_colon_makes_a_table_beside_definition_lists() {
        let html = md("A|B\n:--|--:\nx|y\n");
        assert!(html.starts_with("<table>"), "{html}");
        assert!(
            html.contains("<td style=\"text-align: right\">y</td>"),
            "{html}"
        );
    }

    #[test]
    fn tables_like_hugos_hook() {
        let html = md("| L | N |\n|:--|---|\n| a |\n");
        assert_eq!(html, "<table>\n\t<thead>\n\t\t\t<tr>\n\t\t\t\t\t<th style=\"text-align: left\">L</th>\n\t\t\t\t\t<th>N</th>\n\t\t\t</tr>\n\t</thead>\n\t<tbody>\n\t\t\t<tr>\n\t\t\t\t\t<td style=\"text-align: left\">a</td>\n\t\t\t\t\t<td></td>\n\t\t\t</tr>\n\t</tbody>\n</table>\n");
    }
}
