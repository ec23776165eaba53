//! Hugo shortcode calls in a page body: the one scanner of shortcode and Liquid text.
//!
//! [`parse_body`] is the full parser, with byte spans and line/column for `{{< >}}` and
//! `{{% %}}`, following Hugo 0.168's lexer (docs/hugo-behaviour.md §2): the preview uses it.
//! [`scan`] is its fast path for the index and the checks: tags, `ref` targets, and the
//! Jekyll/Liquid `{% … %}` tags that old posts carry and Hugo prints as text. [`edit`] changes
//! one call in place (the editor's shortcode form), from the spans the parser records.

pub mod edit;
mod parse;
pub mod scan;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use edit::{call_at, edit_call, new_call, EditError, ParamChange, ShortcodeEdit};
pub use parse::{parse_body, parse_body_with};
pub use scan::LiquidTag;

/// How deeply shortcode calls may nest. Real pages nest a handful; every consumer of the tree
/// (this parser, the renderer, serialisers) recurses once per level.
pub const MAX_NESTING: usize = 100;

/// One param a shortcode takes or a call writes: named (`src="…"`) or positional (the
/// first, second …). The catalog lists them per template; the in-place editor edits them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum ShortcodeParam {
    /// Called as `name="value"`.
    Named {
        /// The param's name.
        name: String,
    },
    /// Called as the `index`-th bare value (0-based).
    Positional {
        /// 0-based position.
        index: usize,
    },
}

/// Which pair of delimiters a shortcode tag was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// Types a bare (unquoted) word the way Hugo's `ValTyped` does: `true`/`false` (exact
    /// case), `^[-+]?\d+$`, `^[-+]?\d*\.\d+$`, anything else stays a string.
    pub fn from_bare(word: &str) -> ParamValue {
        match word {
            "true" => return ParamValue::Bool(true),
            "false" => return ParamValue::Bool(false),
            _ => {}
        }
        let digits = word.strip_prefix(['+', '-']).unwrap_or(word);
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if all_digits(digits) {
            if let Ok(i) = word.trim_start_matches('+').parse() {
                return ParamValue::Int(i);
            }
        }
        if let Some((whole, frac)) = digits.split_once('.') {
            if (whole.is_empty() || all_digits(whole)) && all_digits(frac) {
                if let Ok(x) = word.trim_start_matches('+').parse() {
                    return ParamValue::Float(x);
                }
            }
        }
        ParamValue::String(word.to_string())
    }

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
    /// Where the name is written in the opening tag.
    pub name_span: Range<usize>,
    /// Where each parameter is written, in source order (as `params` lists them).
    pub written: Vec<WrittenParam>,
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

/// Where one parameter of a call is written: the in-place editor ([`edit`]) changes exactly
/// these bytes and keeps the rest of the tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WrittenParam {
    /// The key of a named parameter (`src` in `src="a.png"`); `None` for a positional one.
    pub key: Option<Range<usize>>,
    /// The value as written, quotes or backticks included.
    pub value: Range<usize>,
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
