//! YAML front matter: typed values and the byte ranges of every top-level key, from the
//! saphyr-parser event stream, so edits can splice new text over exactly one key's lines.
//!
//! Values are built from the events here (not through `saphyr::Yaml`) because the same walk
//! yields the spans, catches duplicate keys at any depth with both positions, and keeps dates
//! as the strings written in the file.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput};

use super::split::Block;
use super::{ErrorKind, FrontMatterError, Value};

/// One top-level key of the block and where its bytes are in the whole source.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key as a string.
    pub key: String,
    /// The key's text (quotes included).
    pub key_span: Range<usize>,
    /// Just after the `:` that follows the key.
    pub colon_end: usize,
    /// The value's text; empty (at `colon_end`) when the value is empty.
    pub value_span: Range<usize>,
    /// Whole lines: from the start of the key's line through the line ending of the value's
    /// last line (comments after the value on that line included).
    pub lines: Range<usize>,
    /// The typed value.
    pub value: Value,
    /// How the value is written.
    pub shape: Shape,
}

/// How a top-level value is written, for edits that keep the style.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A scalar; `one_line` when it sits on the key's line.
    Scalar { style: ScalarStyle, one_line: bool },
    /// `[a, b]`: each item's text.
    FlowList {
        items: Vec<Range<usize>>,
        one_line: bool,
    },
    /// `- a` lines: each item's whole lines, and the indentation before the dash.
    BlockList {
        items: Vec<Range<usize>>,
        dash_indent: String,
    },
    /// Maps, aliases and anything else: replaced whole when edited.
    Other,
}

/// The parsed YAML block.
#[derive(Debug, Clone, Default)]
pub struct YamlDoc {
    /// Top-level keys in file order.
    pub entries: Vec<Entry>,
}

#[derive(Debug)]
enum NodeKind {
    Scalar(ScalarStyle),
    FlowSeq,
    BlockSeq,
    Map,
    Alias,
}

/// A node of the block. Each value is built once and moved into its parent's: only the spans
/// of a sequence's items and the root mapping's pairs are kept beside it, which is all the
/// entries need.
#[derive(Debug)]
struct Node {
    value: Value,
    start: usize,
    end: usize,
    kind: NodeKind,
    /// A sequence's items' text.
    items: Vec<Range<usize>>,
    /// The root mapping's keys and values (its `value` stays `Null`).
    pairs: Vec<(Node, Node)>,
}

struct Walker<'a> {
    parser: Parser<'a, StrInput<'a>>,
    source: &'a str,
    content: Range<usize>,
    /// The text parsed: the content, plus the spaces of [`indent_quoted_continuations`].
    text: &'a str,
    /// Where those spaces sit in `text`, ascending.
    inserted: &'a [usize],
    /// Whether `text` is ASCII: saphyr counts characters, which are then its bytes.
    ascii: bool,
    /// The character index and byte (in `text`) last looked up: the parser's positions mostly
    /// move forward, so the next one is found by walking on from there.
    cursor: Cell<(usize, usize)>,
    anchors: Vec<(usize, Value)>,
    /// What to indent to get past the last error, when it is a layout go-yaml accepts.
    repair: Option<Repair>,
}

/// Parses the YAML block of `source`.
pub fn parse(source: &str, block: &Block) -> Result<YamlDoc, FrontMatterError> {
    let mut text = source[block.content.clone()].to_string();
    let mut inserted: Vec<usize> = Vec::new();
    // go-yaml and libyaml accept a quoted scalar whose next lines start at column 0, and
    // digital.gov has such pages; saphyr does not. Indenting those lines by one space in the
    // text we parse changes no value (leading spaces of continuation lines fold away), and
    // positions are mapped back to the original bytes.
    // Likewise go-yaml accepts the closing `]` or `}` of a flow collection at column 0 under
    // a block key (`aliases: [` … `]`, as hugodocs writes them); that line is indented too.
    for _ in 0..64 {
        let repair = match walk(source, block, &text, &inserted) {
            Err((error, Some(Repair::Quote(quote)))) => {
                unindented_continuations(&text, quote).ok_or(error)
            }
            Err((_, Some(Repair::Line(line)))) => Ok(vec![line]),
            Err((error, None)) => Err(error),
            Ok(doc) => return Ok(doc),
        };
        match repair {
            Ok(lines) => {
                for line in lines.into_iter().rev() {
                    for position in inserted.iter_mut().filter(|p| **p >= line) {
                        *position += 1;
                    }
                    inserted.push(line);
                    text.insert(line, ' ');
                }
                inserted.sort_unstable();
            }
            Err(error) => return Err(error),
        }
    }
    walk(source, block, &text, &inserted).map_err(|(error, _)| error)
}

/// `text` with the continuation lines of its quoted scalars that start at column 0 indented
/// as deep as the opening quote, or `None` when it has none: the layout go-yaml (Hugo's reader, for data
/// files as for front matter) accepts and saphyr refuses (digital.gov's image records write
/// `alt: "…` with the closing `"` on the next line). The values stay the same: a continuation
/// line's leading spaces fold away.
pub(crate) fn indent_quoted_continuations(text: &str) -> Option<String> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |n| line_start + n);
        let line = &text[line_start..line_end];
        // A quoted scalar starts a value: after `key:` or `- `, first thing on its line.
        let body = line.trim_start_matches([' ', '\t']);
        let body = body
            .trim_start_matches("- ")
            .trim_start_matches([' ', '\t']);
        let value_at = if body.starts_with(['"', '\'']) {
            Some(line.len() - body.len())
        } else {
            body.find(": ").and_then(|colon| {
                let after = &body[colon + 2..];
                let value = after.trim_start_matches([' ', '\t']);
                let key = &body[..colon];
                (!key.contains(['"', '\'', '#']) && value.starts_with(['"', '\'']))
                    .then(|| line.len() - value.len())
            })
        };
        let mut next = line_end + 1;
        if let Some(at) = value_at {
            let quote = line_start + at;
            if let Some((found, end)) = quoted_scalar(text, quote) {
                // On from the line after the closing quote.
                next = next.max(text[end..].find('\n').map_or(text.len(), |n| end + n + 1));
                // As deep as the opening quote: deeper than any block holding the value.
                lines.extend(found.into_iter().map(|line| (line, at.max(1))));
            }
        }
        line_start = next;
    }
    if lines.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + lines.len() * 8);
    let mut last = 0;
    for (line, depth) in lines {
        out.push_str(&text[last..line]);
        out.push_str(&" ".repeat(depth));
        last = line;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Lines (their start in `text`) inside the quoted scalar at `quote` that start at column 0.
fn unindented_continuations(text: &str, quote: usize) -> Option<Vec<usize>> {
    let (lines, _) = quoted_scalar(text, quote)?;
    (!lines.is_empty()).then_some(lines)
}

/// The quoted scalar at `quote`: its lines that start at column 0, and where it ends (after
/// its closing quote, or the text's end).
fn quoted_scalar(text: &str, quote: usize) -> Option<(Vec<usize>, usize)> {
    let bytes = text.as_bytes();
    let delimiter = *bytes.get(quote).filter(|b| matches!(b, b'"' | b'\''))?;
    let mut lines = Vec::new();
    let mut i = quote + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if delimiter == b'"' => i += 1,
            b'\'' if delimiter == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == delimiter => break,
            b'\n'
                if bytes
                    .get(i + 1)
                    .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) =>
            {
                lines.push(i + 1)
            }
            _ => {}
        }
        i += 1;
    }
    Some((lines, (i + 1).min(bytes.len())))
}

/// A retry that may get past a parse error: indent the continuation lines of the quoted
/// scalar starting at this byte of the parsed text, or the line starting at this byte.
#[derive(Debug, Clone, Copy)]
enum Repair {
    Quote(usize),
    Line(usize),
}

type WalkError = (FrontMatterError, Option<Repair>);

fn walk(source: &str, block: &Block, text: &str, inserted: &[usize]) -> Result<YamlDoc, WalkError> {
    let mut walker = Walker {
        parser: Parser::new_from_str(text),
        source,
        content: block.content.clone(),
        text,
        inserted,
        ascii: text.is_ascii(),
        cursor: Cell::new((0, 0)),
        anchors: Vec::new(),
        repair: None,
    };
    let root = walker.document().map_err(|e| (e, walker.repair))?;
    let Some(root) = root else {
        return Ok(YamlDoc::default());
    };
    match root.kind {
        NodeKind::Map => {}
        NodeKind::Scalar(_) if root.value == Value::Null => return Ok(YamlDoc::default()),
        _ => {
            let error = FrontMatterError::at(
                source,
                root.start,
                ErrorKind::NotAMapping,
                "front matter must be a mapping of `key: value` lines".to_string(),
            );
            return Err((error, None));
        }
    }
    let entries = root
        .pairs
        .into_iter()
        .map(|(key, value)| entry(source, block.content.start, key, value))
        .collect();
    Ok(YamlDoc { entries })
}

/// `content_start`: where the block's text starts. Hugo lets it follow `---` on the same line
/// (`---title: x`); the key's line starts there, or its indentation would count the dashes.
fn entry(source: &str, content_start: usize, key: Node, value: Node) -> Entry {
    let line_start = line_start(source, key.start).max(content_start);
    let after_key = &source[key.end..];
    let colon_end = match after_key.trim_start_matches([' ', '\t']).strip_prefix(':') {
        Some(rest) => source.len() - rest.len(),
        None => key.end,
    };
    let empty = value.start >= value.end;
    let value_span = if empty {
        colon_end..colon_end
    } else {
        value.start..value.end
    };
    let last = if empty {
        key.end
    } else {
        value.end.max(key.end)
    };
    let lines = line_start..line_end(source, last.saturating_sub(1).max(key.start));
    let key_line_end = line_end(source, key.start);
    let one_line = !empty && value.start < key_line_end && value.end <= key_line_end;
    let shape = match value.kind {
        NodeKind::Scalar(style) => Shape::Scalar {
            style,
            one_line: empty || one_line,
        },
        NodeKind::FlowSeq => Shape::FlowList {
            items: value.items.clone(),
            one_line,
        },
        NodeKind::BlockSeq => block_list(source, &value, key_line_end),
        NodeKind::Map | NodeKind::Alias => Shape::Other,
    };
    Entry {
        key: into_key_string(key.value),
        key_span: key.start..key.end,
        colon_end,
        value_span,
        lines,
        value: value.value,
        shape,
    }
}

fn block_list(source: &str, list: &Node, key_line_end: usize) -> Shape {
    let mut items = Vec::new();
    let mut dash_indent = None;
    for item in list.items.iter().cloned() {
        let start = line_start(source, item.start);
        let dash = source[start..item.start].find('-');
        let (Some(dash), true) = (dash, start >= key_line_end) else {
            return Shape::Other;
        };
        dash_indent.get_or_insert_with(|| source[start..start + dash].to_string());
        let end = line_end(source, item.end.saturating_sub(1).max(item.start));
        if items
            .last()
            .is_some_and(|prev: &Range<usize>| prev.end > start)
        {
            return Shape::Other;
        }
        items.push(start..end);
    }
    match dash_indent {
        Some(dash_indent) => Shape::BlockList { items, dash_indent },
        None => Shape::Other,
    }
}

/// Start of the line holding byte `offset` (bytes, so an offset inside a character is fine).
pub fn line_start(source: &str, offset: usize) -> usize {
    memchr::memrchr(b'\n', &source.as_bytes()[..offset]).map_or(0, |i| i + 1)
}

/// End of the line holding byte `offset`, after its line ending.
pub fn line_end(source: &str, offset: usize) -> usize {
    memchr::memchr(b'\n', &source.as_bytes()[offset..]).map_or(source.len(), |i| offset + i + 1)
}

/// [`key_string`] of a value no longer needed.
fn into_key_string(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => key_string(&other),
    }
}

fn key_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        other => other.to_json().to_string(),
    }
}

impl<'a> Walker<'a> {
    /// The byte in the parsed text of its character `index` (its end past the last one).
    fn text_byte(&self, index: usize) -> usize {
        let bytes = self.text.as_bytes();
        if self.ascii {
            return index.min(bytes.len());
        }
        let (mut at_char, mut at_byte) = self.cursor.get();
        if index < at_char {
            (at_char, at_byte) = (0, 0);
        }
        while at_char < index && at_byte < bytes.len() {
            at_byte += 1;
            while bytes.get(at_byte).is_some_and(|b| b & 0xC0 == 0x80) {
                at_byte += 1;
            }
            at_char += 1;
        }
        self.cursor.set((at_char, at_byte));
        at_byte
    }

    /// The byte in the whole source of character `index` of the parsed text.
    fn byte(&self, index: usize) -> usize {
        let in_text = self.text_byte(index);
        let shift = self.inserted.iter().take_while(|p| **p < in_text).count();
        self.content.start + in_text - shift
    }

    fn scan_error(&mut self, error: &ScanError) -> FrontMatterError {
        let offset = self.byte(error.marker().index());
        if error
            .info()
            .contains("invalid indentation in quoted scalar")
        {
            self.repair = Some(Repair::Quote(self.text_byte(error.marker().index())));
        } else if error.info().contains("invalid indentation") {
            let at = self.text_byte(error.marker().index());
            let line = self.text[..at].rfind('\n').map_or(0, |n| n + 1);
            if matches!(self.text.as_bytes().get(line), Some(b']' | b'}')) && line > 0 {
                self.repair = Some(Repair::Line(line));
            }
        }
        if error.info().contains("tab") {
            // saphyr reports where the scalar before the tab started; point at the tab itself.
            let text = &self.source[offset..self.content.end];
            let tab = text.find("\n\t").map(|i| i + 1).or_else(|| text.find('\t'));
            if let Some(tab) = tab {
                return FrontMatterError::at(
                    self.source,
                    offset + tab,
                    ErrorKind::Syntax,
                    "invalid YAML: a tab cannot be used for indentation; use spaces".to_string(),
                );
            }
        }
        FrontMatterError::at(
            self.source,
            offset,
            ErrorKind::Syntax,
            format!("invalid YAML: {}", error.info()),
        )
    }

    fn next(&mut self) -> Result<(Event<'a>, Span), FrontMatterError> {
        match self.parser.next_event() {
            Some(Ok(event)) => Ok(event),
            Some(Err(error)) => Err(self.scan_error(&error)),
            None => Err(FrontMatterError::at(
                self.source,
                self.content.end,
                ErrorKind::Syntax,
                "invalid YAML: unexpected end".to_string(),
            )),
        }
    }

    fn document(&mut self) -> Result<Option<Node>, FrontMatterError> {
        let mut root = None;
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => return Ok(root),
                Event::DocumentStart(_) if root.is_some() => {
                    return Err(FrontMatterError::at(
                        self.source,
                        self.byte(span.start.index()),
                        ErrorKind::Syntax,
                        "front matter must hold one YAML document".to_string(),
                    ))
                }
                Event::DocumentStart(_) => {
                    let (event, span) = self.next()?;
                    root = Some(self.node(event, span, 0)?);
                }
                _ => {
                    return Err(FrontMatterError::at(
                        self.source,
                        self.byte(span.start.index()),
                        ErrorKind::Syntax,
                        "invalid YAML: unexpected content".to_string(),
                    ))
                }
            }
        }
    }

    /// The end of a node's text, without the blank lines a block scalar's span runs over.
    fn trimmed_end(&self, start: usize, end: usize) -> usize {
        let end = end.max(start);
        start + self.source[start..end].trim_end().len()
    }

    /// The node an event starts (`depth` 0: the root), with all the events it spans.
    fn node(
        &mut self,
        event: Event<'a>,
        span: Span,
        depth: usize,
    ) -> Result<Node, FrontMatterError> {
        let start = self.byte(span.start.index());
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve(text, style, tag.as_deref().map(|t| t.suffix.as_str()));
                if anchor > 0 {
                    self.anchors.push((anchor, value.clone()));
                }
                let end = self.trimmed_end(start, self.byte(span.end.index()));
                Ok(Node {
                    value,
                    start,
                    end,
                    kind: NodeKind::Scalar(style),
                    items: vec![],
                    pairs: vec![],
                })
            }
            Event::Alias(id) => {
                let value = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, v)| v.clone());
                let end = self.byte(span.end.index());
                Ok(Node {
                    value: value.unwrap_or(Value::Null),
                    start,
                    end,
                    kind: NodeKind::Alias,
                    items: vec![],
                    pairs: vec![],
                })
            }
            Event::SequenceStart(anchor, _) => {
                let flow = !span.is_empty();
                let mut items: Vec<Range<usize>> = Vec::new();
                let mut values = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if event == Event::SequenceEnd {
                        break if flow {
                            self.byte(span.end.index())
                        } else {
                            items.last().map_or(start, |item| item.end)
                        };
                    }
                    let item = self.node(event, span, depth + 1)?;
                    items.push(item.start..item.end);
                    values.push(item.value);
                };
                let value = Value::List(values);
                if anchor > 0 {
                    self.anchors.push((anchor, value.clone()));
                }
                let kind = if flow {
                    NodeKind::FlowSeq
                } else {
                    NodeKind::BlockSeq
                };
                Ok(Node {
                    value,
                    start,
                    end,
                    kind,
                    items,
                    pairs: vec![],
                })
            }
            Event::MappingStart(anchor, _) => {
                let flow = !span.is_empty();
                let mut pairs: Vec<(Node, Node)> = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if event == Event::MappingEnd {
                        break if flow {
                            self.byte(span.end.index())
                        } else {
                            pairs.last().map_or(start, |(k, v)| k.end.max(v.end))
                        };
                    }
                    let key = self.node(event, span, depth + 1)?;
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1)?;
                    if let Some((first, _)) = pairs.iter().find(|(k, _)| k.value == key.value) {
                        return Err(self.duplicate(&key, first));
                    }
                    pairs.push((key, value));
                };
                let to_map = |pairs: Vec<(Node, Node)>| {
                    Value::Map(
                        pairs
                            .into_iter()
                            .map(|(k, v)| (into_key_string(k.value), v.value))
                            .collect(),
                    )
                };
                if depth > 0 {
                    let value = to_map(pairs);
                    if anchor > 0 {
                        self.anchors.push((anchor, value.clone()));
                    }
                    return Ok(Node {
                        value,
                        start,
                        end,
                        kind: NodeKind::Map,
                        items: vec![],
                        pairs: vec![],
                    });
                }
                if anchor > 0 {
                    // An anchor on the whole block (rare): its value is built from copies.
                    let copies = pairs
                        .iter()
                        .map(|(k, v)| (key_string(&k.value), v.value.clone()))
                        .collect();
                    self.anchors.push((anchor, Value::Map(copies)));
                }
                Ok(Node {
                    value: Value::Null,
                    start,
                    end,
                    kind: NodeKind::Map,
                    items: vec![],
                    pairs,
                })
            }
            _ => Err(FrontMatterError::at(
                self.source,
                start,
                ErrorKind::Syntax,
                "invalid YAML".to_string(),
            )),
        }
    }

    fn duplicate(&self, second: &Node, first: &Node) -> FrontMatterError {
        let key = key_string(&second.value);
        let (first_line, first_column) = crate::text::line_column(self.source, first.start);
        FrontMatterError::at(
            self.source,
            second.start,
            ErrorKind::DuplicateKey {
                key: key.clone(),
                first_line,
                first_column,
            },
            format!("duplicate key `{key}` (first at line {first_line}); remove one of them"),
        )
    }
}

/// Types a scalar the way a YAML 1.2 core-schema parser does; timestamps stay strings.
fn resolve(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::String(text.into_owned()),
        Some("null") => return Value::Null,
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.into_owned());
    }
    match &*text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(i) = parse_int(&text) {
        return Value::Int(i);
    }
    if is_float(&text) {
        if let Ok(f) = text.replace('_', "").parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::String(text.into_owned())
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(octal) = digits.strip_prefix("0o") {
        (8, octal)
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        // go-yaml (Hugo) reads `0777` as octal.
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if digits.is_empty() || digits.starts_with('_') || digits.starts_with(['+', '-']) {
        return None;
    }
    // Most plain scalars are words: no copy without `_` separators to drop.
    let magnitude = if digits.contains('_') {
        i64::from_str_radix(&digits.replace('_', ""), radix).ok()?
    } else {
        i64::from_str_radix(digits, radix).ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?`
fn is_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let int_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || (i > int_start && bytes[i] == b'_')) {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
            i += 1;
            frac_digits += 1;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::split::find_block;

    fn doc(source: &str) -> YamlDoc {
        let block = find_block(source).unwrap().unwrap();
        parse(source, &block).unwrap()
    }

    #[test]
    fn typing_follows_yaml_1_2_and_keeps_dates_as_strings() {
        let d = doc("---\na: yes\nb: 0777\nc: 1_000\nd: 2015-07-31 10:00:20 -0400\ne: 1.5\nf: ~\ng: \"1\"\nh: TRUE\n---\n");
        let values: Vec<&Value> = d.entries.iter().map(|e| &e.value).collect();
        assert_eq!(
            values,
            vec![
                &Value::String("yes".into()),
                &Value::Int(511),
                &Value::Int(1000),
                &Value::String("2015-07-31 10:00:20 -0400".into()),
                &Value::Float(1.5),
                &Value::Null,
                &Value::String("1".into()),
                &Value::Bool(true),
            ]
        );
    }

    #[test]
    fn entry_lines_cover_continuations_not_trailing_comments() {
        let source = "---\na: x # note\nlist:\n  - one\n  # between\n  - two\n# about b\nb: |\n  text\n\nc: multi\n  line\n---\n";
        let d = doc(source);
        let lines: Vec<&str> = d.entries.iter().map(|e| &source[e.lines.clone()]).collect();
        assert_eq!(
            lines,
            vec![
                "a: x # note\n",
                "list:\n  - one\n  # between\n  - two\n",
                "b: |\n  text\n",
                "c: multi\n  line\n"
            ]
        );
        let Shape::BlockList { items, dash_indent } = &d.entries[1].shape else {
            panic!()
        };
        assert_eq!(dash_indent, "  ");
        assert_eq!(&source[items[1].clone()], "  - two\n");
    }

    #[test]
    fn duplicate_keys_report_both_lines() {
        let source = "---\ntitle: a\ntopics:\n  - x\ntopics:\n  - y\n---\n";
        let block = find_block(source).unwrap().unwrap();
        let err = parse(source, &block).unwrap_err();
        assert_eq!((err.line, err.column), (5, 1));
        assert_eq!(
            err.message,
            "duplicate key `topics` (first at line 3); remove one of them"
        );
        assert!(matches!(
            err.kind,
            ErrorKind::DuplicateKey { first_line: 3, .. }
        ));
    }

    #[test]
    fn syntax_errors_are_placed_in_the_whole_file() {
        let source = "\n---\ntitle: ok\nbad: \"unclosed\nnext: 1\n---\n";
        let block = find_block(source).unwrap().unwrap();
        let err = parse(source, &block).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert!(err.line >= 4, "{err:?}");
    }
}
