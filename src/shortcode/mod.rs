//! Hugo shortcode calls in a page body: a parser with byte spans and line/column for
//! `{{< >}}` and `{{% %}}` that follows Hugo 0.168's lexer (hugo-behaviour.md §2), plus a finder
//! for the Jekyll/Liquid `{% … %}` tags that old posts carry and Hugo prints as text.

mod liquid;
mod parse;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

pub use liquid::{find_liquid_tags, LiquidTag};
pub use parse::{parse_body, parse_body_with};

/// How deeply shortcode calls may nest. Real pages nest a handful; every consumer of the tree
/// (this parser, the renderer, serialisers) recurses once per level.
pub const MAX_NESTING: usize = 100;

/// Which pair of delimiters a shortcode tag was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Delimiter {
    /// `{{< … >}}`: the output is inserted after Markdown, as is.
    Angle,
    /// `{{% … %}}`: the output joins the Markdown source before it is parsed.
    Percent,
}

impl Delimiter {
    /// The opening delimiter, `{{<` or `{{%`.
    pub fn open(self) -> &'static str {
        match self {
            Delimiter::Angle => "{{<",
            Delimiter::Percent => "{{%",
        }
    }

    /// The closing delimiter, `>}}` or `%}}`.
    pub fn close(self) -> &'static str {
        match self {
            Delimiter::Angle => ">}}",
            Delimiter::Percent => "%}}",
        }
    }
}

/// One parameter value, typed the way Hugo types it: quoted and raw strings stay strings, bare
/// words become booleans, integers or floats when they look like one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A string (every quoted or raw value, and bare words that are not numbers or booleans).
    String(String),
    /// A bare integer (`4`, `+4`, `-3`).
    Int(i64),
    /// A bare float (`1.5`, `.5`).
    Float(f64),
    /// A bare `true` / `false`.
    Bool(bool),
}

impl ParamValue {
    /// The value as a string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ParamValue::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Prints the value as Go's `fmt` `%v` would (what a template prints).
impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::String(s) => f.write_str(s),
            ParamValue::Int(i) => write!(f, "{i}"),
            ParamValue::Float(x) => write!(f, "{x}"),
            ParamValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A call's parameters: Hugo allows all positional or all named, never both.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "values")]
pub enum ShortcodeParams {
    /// No parameters at all.
    #[default]
    None,
    /// `{{< x "a" b 3 >}}`.
    Positional(Vec<ParamValue>),
    /// `{{< x a="1" b=2 >}}`, in source order.
    Named(Vec<(String, ParamValue)>),
}

impl ShortcodeParams {
    /// The positional parameter at `index`.
    pub fn positional(&self, index: usize) -> Option<&ParamValue> {
        match self {
            ShortcodeParams::Positional(values) => values.get(index),
            _ => None,
        }
    }

    /// The named parameter `key` (the last one wins when a key is repeated, as in Hugo's map).
    pub fn named(&self, key: &str) -> Option<&ParamValue> {
        match self {
            ShortcodeParams::Named(pairs) => {
                pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// The named parameter `key`, else the positional one at `index`: how the built-ins read
    /// parameters that may be written either way (`{{< ref "x" >}}` / `{{< ref path="x" >}}`).
    pub fn named_or_positional(&self, key: &str, index: usize) -> Option<&ParamValue> {
        self.named(key).or_else(|| self.positional(index))
    }

    /// True when there are no parameters.
    pub fn is_empty(&self) -> bool {
        match self {
            ShortcodeParams::None => true,
            ShortcodeParams::Positional(v) => v.is_empty(),
            ShortcodeParams::Named(v) => v.is_empty(),
        }
    }
}

/// One shortcode call in a body, with its inner content when it has a closing tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShortcodeCall {
    /// The shortcode's name (`figure`, `ref`, `partials/box`).
    pub name: String,
    /// The opening tag's delimiters.
    pub delimiter: Delimiter,
    /// The parameters.
    pub params: ShortcodeParams,
    /// From the opening tag's `{{` to the end of the closing tag (or of the opening tag).
    pub span: Range<usize>,
    /// The opening tag.
    pub open_tag: Range<usize>,
    /// The closing tag (`{{< /name >}}`), when there is one.
    pub close_tag: Option<Range<usize>>,
    /// Written `{{< name />}}`.
    pub self_closing: bool,
    /// What lies between the tags, parsed; `None` when there is no closing tag.
    pub inner: Option<Vec<BodyNode>>,
    /// The source between the tags.
    pub inner_span: Option<Range<usize>>,
    /// 0-based among its siblings: top-level calls count across the page, nested ones restart
    /// at 0 under each parent (Hugo's `.Ordinal`).
    pub ordinal: usize,
    /// 1-based line of the opening tag.
    pub line: usize,
    /// 1-based column (in characters) of the opening tag.
    pub column: usize,
}

/// A piece of a parsed body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum BodyNode {
    /// Plain text (Markdown), as a span of the body.
    Text {
        /// The span.
        span: Range<usize>,
    },
    /// A commented-out call `{{</* x */>}}`: Hugo prints it without the comment markers.
    Escaped {
        /// The span of the whole comment form.
        span: Range<usize>,
        /// The text Hugo prints instead (`{{< x >}}`).
        text: String,
    },
    /// A shortcode call.
    Call(ShortcodeCall),
}

/// What Hugo would refuse in a body, with where.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShortcodeError {
    /// What is wrong, in Hugo's words.
    pub kind: ShortcodeErrorKind,
    /// Byte offset in the body.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for ShortcodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.kind)
    }
}

impl std::error::Error for ShortcodeError {}

/// The errors of Hugo's shortcode lexer and extractor, with its messages.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase", tag = "kind", content = "detail")]
pub enum ShortcodeErrorKind {
    /// `a="x" "pos"`.
    #[error("got quoted positional parameter. Cannot mix named and positional parameters")]
    QuotedPositionalAfterNamed,
    /// `"pos" a="x"`.
    #[error("got named parameter '{0}'. Cannot mix named and positional parameters")]
    NamedAfterPositional(String),
    /// `a=x pos`.
    #[error("got positional parameter '{0}'. Cannot mix named and positional parameters")]
    PositionalAfterNamed(String),
    /// A `"` without its closing quote, or a newline inside quotes.
    #[error("unterminated quoted string in shortcode parameter-argument: '{0}'")]
    UnterminatedQuoted(String),
    /// A backtick string without its closing backtick.
    #[error("unterminated raw string in shortcode parameter-argument: '{0}'")]
    UnterminatedRaw(String),
    /// The body ends inside a tag.
    #[error("unclosed shortcode action")]
    UnclosedAction,
    /// Something other than spaces between a closing tag's name and its `>}}`.
    #[error("unclosed shortcode")]
    UnclosedTag,
    /// A closing tag whose name is not open.
    #[error("closing tag for shortcode '{0}' does not match start tag")]
    MismatchedClose(String),
    /// A closing tag before any shortcode was opened.
    #[error("got closing shortcode, but none is open")]
    CloseWithNoneOpen,
    /// `{{</* x */ >}}`.
    #[error("comment must be closed")]
    UnclosedComment,
    /// A character that cannot start a parameter (`+`, `{`, or the other kind of delimiter).
    #[error("unrecognized character in shortcode action: {0}. Note: Parameters with non-alphanumeric args must be quoted")]
    UnrecognizedCharacter(String),
    /// `{{< x.y >}}`.
    #[error("period in shortcode name only allowed for inline identifiers")]
    PeriodInName,
    /// `{{< >}}`.
    #[error("shortcode has no name")]
    NoName,
    /// A call to a shortcode whose template uses `.Inner`, without a closing tag.
    #[error("failed to extract shortcode: shortcode \"{0}\" must be closed or self-closed")]
    MustBeClosed(String),
    /// A closing tag for a shortcode whose template does not use `.Inner`.
    #[error("failed to extract shortcode: shortcode \"{0}\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided")]
    ClosingTagNotExpected(String),
    /// A call nested inside more than [`MAX_NESTING`] others: kept as text, so a hostile page
    /// cannot exhaust the stack of the parser or of the renderer that walks the tree.
    #[error("shortcode \"{0}\" is nested more than {MAX_NESTING} deep")]
    NestedTooDeep(String),
}

/// Whether a shortcode's template reads `.Inner`: it decides whether a call needs a closing
/// tag (Hugo asks the template; we ask whoever knows the templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InnerUse {
    /// The template reads `.Inner`: calls must be closed or self-closed.
    Required,
    /// The template does not: a closing tag is an error.
    Forbidden,
    /// No template known: a later closing tag with the same name makes it a closed call.
    Unknown,
}

/// A parsed body: its nodes in order, and what Hugo would refuse (the nodes still cover
/// the whole body, with refused tags kept as text).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedBody {
    /// The body's pieces, in order.
    pub nodes: Vec<BodyNode>,
    /// The errors, in order.
    pub errors: Vec<ShortcodeError>,
}

impl ParsedBody {
    /// Every call, depth first in source order (parents before their inner calls).
    pub fn calls(&self) -> Vec<&ShortcodeCall> {
        fn walk<'a>(nodes: &'a [BodyNode], out: &mut Vec<&'a ShortcodeCall>) {
            for node in nodes {
                if let BodyNode::Call(call) = node {
                    out.push(call);
                    if let Some(inner) = &call.inner {
                        walk(inner, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.nodes, &mut out);
        out
    }
}

/// Byte offsets to 1-based line and column (in characters), for one text, computed once.
///
/// Each lookup is a binary search plus at most one block's scan, so a page with thousands of
/// positions on one 10 MB line (a hostile post) still costs linear time, not quadratic.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// How many characters start before byte `i * CHAR_BLOCK`.
    chars_before_block: Vec<usize>,
}

const CHAR_BLOCK: usize = 256;

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut chars_before_block = Vec::with_capacity(text.len() / CHAR_BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(CHAR_BLOCK) {
            chars_before_block.push(chars);
            // Most blocks are ASCII, which `is_ascii` sees a word at a time.
            chars += if block.is_ascii() {
                block.len()
            } else {
                block.iter().filter(|b| !is_continuation(**b)).count()
            };
        }
        chars_before_block.push(chars);
        LineIndex {
            line_starts,
            chars_before_block,
        }
    }

    /// The 1-based line and column of `offset` in `text` (the text indexed).
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let end = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= end).max(1);
        let start = self.line_starts[line - 1].min(end);
        let column = self.chars_before(text, end) - self.chars_before(text, start) + 1;
        (line, column)
    }

    /// The number of characters that start before byte `offset`; an offset inside a character
    /// is clamped to that character's start, so the character itself does not count.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let Some(&before) = self.chars_before_block.get(block) else {
            return self.chars_before_block.last().copied().unwrap_or(0);
        };
        let from = block * CHAR_BLOCK;
        let to = offset.min(text.len());
        let partial = text.as_bytes().get(from..to).unwrap_or_default();
        let mut count = before + partial.iter().filter(|b| !is_continuation(**b)).count();
        // Inside a character: that character has not started before the clamped position.
        if offset < text.len() && !text.is_char_boundary(offset) {
            count -= 1;
        }
        count
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

#[cfg(test)]
mod line_index_tests {
    use super::LineIndex;

    #[test]
    fn line_index_agrees_with_a_scan_from_the_start() {
        // Long lines cross block boundaries; multi-byte characters straddle them.
        let text = format!("ab\nçé x\n{}\n\n{}z", "é".repeat(5000), "x".repeat(9000));
        let index = LineIndex::new(&text);
        for offset in (0..text.len() + 3)
            .step_by(7)
            .chain([0, 3, 4, 5, text.len()])
        {
            assert_eq!(
                index.line_column(&text, offset),
                crate::error::line_column(&text, offset),
                "offset {offset}"
            );
        }
    }
}
