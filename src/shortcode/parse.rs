//! The shortcode lexer and tree builder. It mirrors Hugo's `pagelexer_shortcode.go` (tags,
//! parameters, comments) and `extractShortcode` (nesting, closing rules), but never stops at
//! the first error: a refused tag is recorded and its text kept, so the preview goes on.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::text::LineIndex;

use super::{
    BodyNode, Delimiter, InnerUse, ParamValue, ParsedBody, ShortcodeCall, ShortcodeError,
    ShortcodeErrorKind, ShortcodeParams, WrittenParam, MAX_NESTING,
};

/// Parses `body`, treating every shortcode's use of `.Inner` as unknown (a later closing tag
/// with the same name closes a call).
pub fn parse_body(body: &str) -> ParsedBody {
    parse_body_with(body, &|_| InnerUse::Unknown)
}

/// Parses `body`; `inner_use` says, per shortcode name, whether its template reads `.Inner`.
pub fn parse_body_with(body: &str, inner_use: &dyn Fn(&str) -> InnerUse) -> ParsedBody {
    // Built at the first position asked for: most bodies have no call and no error.
    let lines = std::cell::OnceCell::new();
    let mut errors = Vec::new();
    let tokens = Lexer {
        body,
        lines: &lines,
        errors: &mut errors,
        any_opened: false,
        opened: Vec::new(),
    }
    .run();
    let mut builder = TreeBuilder {
        body,
        lines: &lines,
        tokens: &tokens,
        errors: &mut errors,
        pairs: HashMap::new(),
        closers: HashSet::new(),
    };
    builder.pair_tags(inner_use);
    let nodes = builder.build(0, tokens.len(), 0);
    errors.sort_by_key(|e| e.offset);
    ParsedBody { nodes, errors }
}

/// A tag as the lexer saw it.
#[derive(Debug)]
struct Tag {
    span: Range<usize>,
    delimiter: Delimiter,
    name: String,
    name_span: Range<usize>,
    closing: bool,
    self_closing: bool,
    params: ShortcodeParams,
    written: Vec<WrittenParam>,
}

#[derive(Debug)]
enum Token {
    Text(Range<usize>),
    Escaped { span: Range<usize>, text: String },
    Tag(Tag),
}

struct Lexer<'a> {
    body: &'a str,
    lines: &'a std::cell::OnceCell<LineIndex>,
    errors: &'a mut Vec<ShortcodeError>,
    /// Hugo's lexer remembers every name opened so far, for its closing-tag check.
    any_opened: bool,
    opened: Vec<String>,
}

/// Hugo's `isAlphaNumeric`.
fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// Whitespace allowed between a tag's parts (Hugo's `isSpace` and `isEndOfLine`).
fn is_tag_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}')
}

struct LexFailure {
    kind: ShortcodeErrorKind,
    offset: usize,
}

fn fail<T>(kind: ShortcodeErrorKind, offset: usize) -> Result<T, LexFailure> {
    Err(LexFailure { kind, offset })
}

impl Lexer<'_> {
    fn run(mut self) -> Vec<Token> {
        let body = self.body;
        let mut tokens = Vec::new();
        let mut text_start = 0;
        let mut pos = 0;
        while let Some(found) = memchr::memmem::find(&body.as_bytes()[pos..], b"{{") {
            let at = pos + found;
            let delimiter = match body.as_bytes().get(at + 2) {
                Some(b'<') => Delimiter::Angle,
                Some(b'%') => Delimiter::Percent,
                _ => {
                    pos = at + 2;
                    continue;
                }
            };
            match self.lex_tag(at, delimiter) {
                Ok((token, end)) => {
                    if text_start < at {
                        tokens.push(Token::Text(text_start..at));
                    }
                    tokens.push(token);
                    text_start = end;
                    pos = end;
                }
                Err(failure) => {
                    // Hugo stops the page here; the preview keeps the tag's text and goes on
                    // after its opening delimiter.
                    let (line, column) = self
                        .lines
                        .get_or_init(|| LineIndex::new(self.body))
                        .line_column(body, failure.offset);
                    self.errors.push(ShortcodeError {
                        kind: failure.kind,
                        offset: failure.offset,
                        line,
                        column,
                    });
                    pos = at + 3;
                }
            }
        }
        if text_start < body.len() {
            tokens.push(Token::Text(text_start..body.len()));
        }
        tokens
    }

    fn peek(&self, at: usize) -> Option<char> {
        self.body.get(at..).and_then(|s| s.chars().next())
    }

    fn skip_space(&self, mut at: usize) -> usize {
        while let Some(c) = self.peek(at).filter(|c| is_tag_space(*c)) {
            at += c.len_utf8();
        }
        at
    }

    /// Lexes the tag at `start` (which begins with `{{<` or `{{%`); returns it and where it ends.
    fn lex_tag(
        &mut self,
        start: usize,
        delimiter: Delimiter,
    ) -> Result<(Token, usize), LexFailure> {
        let body = self.body;
        let close = delimiter.close();
        let mut at = start + 3;
        if body[at..].starts_with("/*") {
            // A comment: everything up to `*/>}}` is printed without the markers.
            let marker = format!("*/{close}");
            let Some(found) = body[at..].find(&marker) else {
                return fail(ShortcodeErrorKind::UnclosedComment, start);
            };
            let end = at + found + marker.len();
            let text = format!("{}{}{}", delimiter.open(), &body[at + 2..at + found], close);
            return Ok((
                Token::Escaped {
                    span: start..end,
                    text,
                },
                end,
            ));
        }
        at = self.skip_space(at);
        let mut closing = false;
        if body[at..].starts_with('/') {
            if !self.any_opened {
                return fail(ShortcodeErrorKind::CloseWithNoneOpen, at);
            }
            closing = true;
            at = self.skip_space(at + 1);
        }
        if body[at..].starts_with(close) {
            return fail(ShortcodeErrorKind::NoName, start);
        }
        let name_start = at;
        match self.peek(at) {
            None => return fail(ShortcodeErrorKind::UnclosedAction, body.len()),
            Some(c) if is_alphanumeric(c) => {}
            Some(c) => return fail(unrecognized(c), at),
        }
        while let Some(c) = self.peek(at) {
            if is_alphanumeric(c) || c == '-' || c == '/' {
                at += c.len_utf8();
            } else if c == '.' {
                if !body[at + 1..].starts_with("inline") {
                    return fail(ShortcodeErrorKind::PeriodInName, at);
                }
                at += ".inline".len();
                break;
            } else {
                break;
            }
        }
        let name = body[name_start..at].to_string();
        if closing {
            if !self.opened.contains(&name) {
                return fail(ShortcodeErrorKind::MismatchedClose(name), name_start);
            }
            while let Some(c) = self.peek(at).filter(|c| *c == ' ' || *c == '\t') {
                at += c.len_utf8();
            }
            if !body[at..].starts_with(close) {
                return fail(ShortcodeErrorKind::UnclosedTag, at);
            }
            let end = at + close.len();
            let tag = Tag {
                span: start..end,
                delimiter,
                name,
                name_span: name_start..at,
                closing: true,
                self_closing: false,
                params: ShortcodeParams::None,
                written: Vec::new(),
            };
            return Ok((Token::Tag(tag), end));
        }
        self.any_opened = true;
        if !self.opened.contains(&name) {
            self.opened.push(name.clone());
        }
        let name_span = name_start..at;
        let (params, written, self_closing, end) = self.lex_params(at, close)?;
        let tag = Tag {
            span: start..end,
            delimiter,
            name,
            name_span,
            closing: false,
            self_closing,
            params,
            written,
        };
        Ok((Token::Tag(tag), end))
    }

    /// Lexes parameters from `at` up to and including the closing delimiter: the params, where
    /// each is written, whether the tag self-closes, and where it ends.
    fn lex_params(
        &self,
        mut at: usize,
        close: &str,
    ) -> Result<(ShortcodeParams, Vec<WrittenParam>, bool, usize), LexFailure> {
        let body = self.body;
        let mut positional: Vec<ParamValue> = Vec::new();
        let mut named: Vec<(String, ParamValue)> = Vec::new();
        let mut written: Vec<WrittenParam> = Vec::new();
        loop {
            at = self.skip_space(at);
            if body[at..].starts_with(close) {
                break;
            }
            let Some(c) = self.peek(at) else {
                return fail(ShortcodeErrorKind::UnclosedAction, body.len());
            };
            if c == '/' {
                let after = self.skip_space(at + 1);
                if body[after..].starts_with(close) {
                    let params = collect_params(positional, named);
                    return Ok((params, written, true, after + close.len()));
                }
                return fail(ShortcodeErrorKind::UnclosedTag, after);
            }
            let param_start = at;
            if c == '"' || c == '`' || (c == '\\' && body[at + 1..].starts_with('"')) {
                if !named.is_empty() {
                    return fail(ShortcodeErrorKind::QuotedPositionalAfterNamed, param_start);
                }
                let (value, end) = self.lex_string(at)?;
                positional.push(ParamValue::String(value));
                written.push(WrittenParam {
                    key: None,
                    value: at..end,
                });
                at = end;
                continue;
            }
            if !(is_alphanumeric(c) || c == '-') {
                return fail(unrecognized(c), at);
            }
            // A bare word: a positional value, or the key of a named one.
            let mut end = at;
            while let Some(c) = self
                .peek(end)
                .filter(|c| is_alphanumeric(*c) || *c == '-' || *c == '.')
            {
                end += c.len_utf8();
            }
            let word = &body[at..end];
            let after_space = self.skip_space(end);
            if body[after_space..].starts_with('=') {
                if !positional.is_empty() {
                    return fail(
                        ShortcodeErrorKind::NamedAfterPositional(word.to_string()),
                        param_start,
                    );
                }
                let value_start = self.skip_space(after_space + 1);
                let (value, value_end) = match self.peek(value_start) {
                    Some('"' | '`') => {
                        let (s, e) = self.lex_string(value_start)?;
                        (ParamValue::String(s), e)
                    }
                    Some('\\') if body[value_start + 1..].starts_with('"') => {
                        let (s, e) = self.lex_string(value_start)?;
                        (ParamValue::String(s), e)
                    }
                    _ => {
                        // A bare value runs to the next whitespace, `>}}` included (as in Hugo).
                        let rest = &body[value_start..];
                        let len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
                        if len == 0 {
                            return fail(ShortcodeErrorKind::UnclosedAction, body.len());
                        }
                        (ParamValue::from_bare(&rest[..len]), value_start + len)
                    }
                };
                named.push((word.to_string(), value));
                written.push(WrittenParam {
                    key: Some(param_start..end),
                    value: value_start..value_end,
                });
                at = value_end;
            } else {
                if !named.is_empty() {
                    return fail(
                        ShortcodeErrorKind::PositionalAfterNamed(word.to_string()),
                        param_start,
                    );
                }
                positional.push(ParamValue::from_bare(word));
                written.push(WrittenParam {
                    key: None,
                    value: at..end,
                });
                at = end;
            }
        }
        let params = collect_params(positional, named);
        Ok((params, written, false, at + close.len()))
    }

    /// Lexes a `"…"`, `\"…\"` or `` `…` `` string at `at`; returns its value and end.
    fn lex_string(&self, at: usize) -> Result<(String, usize), LexFailure> {
        let body = self.body;
        if body[at..].starts_with('`') {
            let Some(found) = body[at + 1..].find('`') else {
                return fail(
                    ShortcodeErrorKind::UnterminatedRaw(body[at + 1..].to_string()),
                    at,
                );
            };
            return Ok((body[at + 1..at + 1 + found].to_string(), at + 2 + found));
        }
        // `\"…\"`: a whole value in escaped quotes (for examples nested in shortcodes).
        let escaped_form = body[at..].starts_with('\\');
        let content_start = if escaped_form { at + 2 } else { at + 1 };
        let mut escaped_quote_inside = false;
        let mut i = content_start;
        let bytes = body.as_bytes();
        loop {
            match bytes.get(i) {
                None | Some(b'\n') => {
                    return fail(
                        ShortcodeErrorKind::UnterminatedQuoted(body[content_start..i].to_string()),
                        at,
                    );
                }
                Some(b'\\') if bytes.get(i + 1) == Some(&b'"') => {
                    if escaped_form {
                        let value = body[content_start..i].to_string();
                        return Ok((value, i + 2));
                    }
                    escaped_quote_inside = true;
                    i += 2;
                }
                Some(b'"') => break,
                Some(_) => i += 1,
            }
        }
        let raw = &body[content_start..i];
        // Hugo drops every backslash once the string holds an escaped quote, else keeps them all.
        let value = if escaped_quote_inside {
            raw.replace('\\', "")
        } else {
            raw.to_string()
        };
        Ok((value, i + 1))
    }
}

fn unrecognized(c: char) -> ShortcodeErrorKind {
    ShortcodeErrorKind::UnrecognizedCharacter(format!("U+{:04X} '{c}'", c as u32))
}

fn collect_params(
    positional: Vec<ParamValue>,
    named: Vec<(String, ParamValue)>,
) -> ShortcodeParams {
    if !named.is_empty() {
        ShortcodeParams::Named(named)
    } else if !positional.is_empty() {
        ShortcodeParams::Positional(positional)
    } else {
        ShortcodeParams::None
    }
}

struct TreeBuilder<'a> {
    body: &'a str,
    lines: &'a std::cell::OnceCell<LineIndex>,
    tokens: &'a [Token],
    errors: &'a mut Vec<ShortcodeError>,
    /// Opening tag index → its closing tag index.
    pairs: HashMap<usize, usize>,
    /// The closing tag indexes of `pairs`.
    closers: HashSet<usize>,
}

impl TreeBuilder<'_> {
    fn error(&mut self, kind: ShortcodeErrorKind, offset: usize) {
        let (line, column) = self
            .lines
            .get_or_init(|| LineIndex::new(self.body))
            .line_column(self.body, offset);
        self.errors.push(ShortcodeError {
            kind,
            offset,
            line,
            column,
        });
    }

    /// Where token `i` ends in the body.
    fn token_end(&self, i: usize) -> usize {
        match &self.tokens[i] {
            Token::Text(span) | Token::Escaped { span, .. } => span.end,
            Token::Tag(tag) => tag.span.end,
        }
    }

    /// Matches closing tags to opening ones, innermost first, per name.
    fn pair_tags(&mut self, inner_use: &dyn Fn(&str) -> InnerUse) {
        let mut open: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut seen: HashMap<&str, InnerUse> = HashMap::new();
        for (i, token) in self.tokens.iter().enumerate() {
            let Token::Tag(tag) = token else { continue };
            let usage = *seen
                .entry(tag.name.as_str())
                .or_insert_with(|| inner_use(&tag.name));
            if !tag.closing {
                // Hugo counts `/>}}` as a closing tag: refused when the template has no `.Inner`.
                if tag.self_closing && usage == InnerUse::Forbidden {
                    self.error(
                        ShortcodeErrorKind::ClosingTagNotExpected(tag.name.clone()),
                        tag.span.start,
                    );
                }
                if !tag.self_closing && usage != InnerUse::Forbidden {
                    open.entry(tag.name.as_str()).or_default().push(i);
                }
                continue;
            }
            match open.get_mut(tag.name.as_str()).and_then(Vec::pop) {
                Some(opening) => {
                    self.pairs.insert(opening, i);
                    self.closers.insert(i);
                }
                None if usage == InnerUse::Forbidden => self.error(
                    ShortcodeErrorKind::ClosingTagNotExpected(tag.name.clone()),
                    tag.span.start,
                ),
                None => self.error(
                    ShortcodeErrorKind::MismatchedClose(tag.name.clone()),
                    tag.span.start,
                ),
            }
        }
        let mut unclosed: Vec<(String, usize)> = Vec::new();
        for (name, indexes) in open {
            if seen.get(name) == Some(&InnerUse::Required) {
                for i in indexes {
                    if let Token::Tag(tag) = &self.tokens[i] {
                        unclosed.push((name.to_string(), tag.span.start));
                    }
                }
            }
        }
        for (name, offset) in unclosed {
            self.error(ShortcodeErrorKind::MustBeClosed(name), offset);
        }
    }

    /// Builds the nodes of tokens `from..to`, inside `depth` calls; ordinals restart at 0 for
    /// each call of this. Iterative along siblings, recursive only into inner content, which
    /// [`MAX_NESTING`] bounds.
    fn build(&mut self, from: usize, to: usize, depth: usize) -> Vec<BodyNode> {
        let mut nodes: Vec<BodyNode> = Vec::new();
        let mut ordinal = 0;
        let mut i = from;
        while i < to {
            match &self.tokens[i] {
                Token::Text(span) => push_text(&mut nodes, span.clone()),
                Token::Escaped { span, text } => nodes.push(BodyNode::Escaped {
                    span: span.clone(),
                    text: text.clone(),
                }),
                Token::Tag(tag) if tag.closing => {
                    // A closing tag that closes nothing here (reported when pairing, or a
                    // crossed pair): Hugo refuses the page; we keep its text.
                    if self.closers.contains(&i) {
                        let name = tag.name.clone();
                        self.error(ShortcodeErrorKind::MismatchedClose(name), tag.span.start);
                    }
                    push_text(&mut nodes, tag.span.clone());
                }
                Token::Tag(tag) => {
                    let closing = self.pairs.get(&i).copied().filter(|&c| c < to);
                    if depth >= MAX_NESTING {
                        // Too deep: the call and its content stay text, reported where it opens.
                        let end = match closing {
                            Some(c) => self.token_end(c),
                            None => tag.span.end,
                        };
                        let (name, start) = (tag.name.clone(), tag.span.start);
                        self.error(ShortcodeErrorKind::NestedTooDeep(name), start);
                        push_text(&mut nodes, start..end);
                        i = closing.unwrap_or(i) + 1;
                        continue;
                    }
                    let (line, column) = self
                        .lines
                        .get_or_init(|| LineIndex::new(self.body))
                        .line_column(self.body, tag.span.start);
                    let mut call = ShortcodeCall {
                        name: tag.name.clone(),
                        delimiter: tag.delimiter,
                        params: tag.params.clone(),
                        name_span: tag.name_span.clone(),
                        written: tag.written.clone(),
                        span: tag.span.clone(),
                        open_tag: tag.span.clone(),
                        close_tag: None,
                        self_closing: tag.self_closing,
                        inner: None,
                        inner_span: None,
                        ordinal,
                        line,
                        column,
                    };
                    ordinal += 1;
                    if let Some(c) = closing {
                        let Token::Tag(close) = &self.tokens[c] else {
                            unreachable!("pairs hold tags")
                        };
                        let close_span = close.span.clone();
                        call.inner_span = Some(tag.span.end..close_span.start);
                        call.span = tag.span.start..close_span.end;
                        call.close_tag = Some(close_span);
                        call.inner = Some(self.build(i + 1, c, depth + 1));
                        i = c;
                    }
                    nodes.push(BodyNode::Call(call));
                }
            }
            i += 1;
        }
        nodes
    }
}

fn push_text(nodes: &mut Vec<BodyNode>, span: Range<usize>) {
    if let Some(BodyNode::Text { span: last }) = nodes.last_mut() {
        if last.end == span.start {
            last.end = span.end;
            return;
        }
    }
    nodes.push(BodyNode::Text { span });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_call(body: &str) -> ShortcodeCall {
        let parsed = parse_body(body);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let calls = parsed.calls();
        assert_eq!(calls.len(), 1, "{calls:?}");
        calls[0].clone()
    }

    fn first_error(body: &str) -> ShortcodeError {
        let parsed = parse_body(body);
        parsed
            .errors
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("no error for {body:?}: {parsed:?}"))
    }

    fn s(v: &str) -> ParamValue {
        ParamValue::String(v.into())
    }

    #[test]
    fn angle_and_percent_calls_with_spans_and_positions() {
        let body = "Intro\n  {{< figure src=\"a.png\" >}} and {{% note %}}";
        let parsed = parse_body(body);
        let calls = parsed.calls();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "figure");
        assert_eq!(calls[0].delimiter, Delimiter::Angle);
        assert_eq!(&body[calls[0].span.clone()], "{{< figure src=\"a.png\" >}}");
        assert_eq!((calls[0].line, calls[0].column), (2, 3));
        assert_eq!(calls[1].delimiter, Delimiter::Percent);
        assert_eq!((calls[0].ordinal, calls[1].ordinal), (0, 1));
        assert!(matches!(&parsed.nodes[0], BodyNode::Text { span } if span == &(0..8)));
    }

    #[test]
    fn no_space_forms_and_spaces_around_equals() {
        assert_eq!(
            only_call("{{<dumpnl \"x\">}}").params,
            ShortcodeParams::Positional(vec![s("x")])
        );
        assert_eq!(
            only_call("{{< d a=\"y\">}}").params,
            ShortcodeParams::Named(vec![("a".into(), s("y"))])
        );
        assert_eq!(
            only_call("{{< d a = \"sp\" >}}").params,
            ShortcodeParams::Named(vec![("a".into(), s("sp"))])
        );
        assert_eq!(
            only_call("{{< d a=\"x\"b=\"y\" >}}").params,
            ShortcodeParams::Named(vec![("a".into(), s("x")), ("b".into(), s("y"))])
        );
    }

    #[test]
    fn bare_values_are_typed_like_hugo() {
        let call = only_call("{{< d a=1 b=+4 c=true d=1.5 e=\"5\" f=TRUE g=1e3 h=a/b i=-3 >}}");
        let get = |k: &str| call.params.named(k).cloned().unwrap();
        assert_eq!(get("a"), ParamValue::Int(1));
        assert_eq!(get("b"), ParamValue::Int(4));
        assert_eq!(get("c"), ParamValue::Bool(true));
        assert_eq!(get("d"), ParamValue::Float(1.5));
        assert_eq!(get("e"), s("5"));
        assert_eq!(get("f"), s("TRUE"));
        assert_eq!(get("g"), s("1e3"));
        assert_eq!(get("h"), s("a/b"));
        assert_eq!(get("i"), ParamValue::Int(-3));
        assert_eq!(
            only_call("{{< d 7 1.5 unq-uoted >}}").params.positional(1),
            Some(&ParamValue::Float(1.5))
        );
        // A bare positional value cannot start with `.` or `+` (Hugo's lexer refuses it).
        assert_eq!(first_error("{{< d .5 >}}").kind, unrecognized('.'));
    }

    #[test]
    fn quoted_strings_follow_hugos_backslash_rule() {
        assert_eq!(
            only_call(r#"{{< d "esc \"q\" \n" >}}"#)
                .params
                .positional(0),
            Some(&s("esc \"q\" n"))
        );
        assert_eq!(
            only_call(r#"{{< d "serp\_x" >}}"#).params.positional(0),
            Some(&s(r"serp\_x"))
        );
        assert_eq!(
            only_call(r#"{{< d "back\\slash" >}}"#).params.positional(0),
            Some(&s(r"back\\slash"))
        );
        assert_eq!(
            only_call(r#"{{< d \"esc\" >}}"#).params.positional(0),
            Some(&s("esc"))
        );
    }

    #[test]
    fn raw_strings_and_multi_line_parameters() {
        let call = only_call("{{< d\n  a=`multi\nline raw`\n  b=\"x\"\n>}}");
        assert_eq!(call.params.named("a"), Some(&s("multi\nline raw")));
        assert_eq!(call.params.named("b"), Some(&s("x")));
    }

    #[test]
    fn bare_named_value_swallows_the_closing_delimiter_like_hugo() {
        // Verified with Hugo 0.168: `b>}}` is the value, so `more` is a positional parameter
        // after a named one (reported at 1:14).
        let err = first_error("{{< d a=b>}} more");
        assert_eq!(
            err.kind,
            ShortcodeErrorKind::PositionalAfterNamed("more".into())
        );
        assert_eq!((err.line, err.column), (1, 14));
        assert_eq!(
            first_error("{{< d a=b>}}").kind,
            ShortcodeErrorKind::UnclosedAction
        );
    }

    #[test]
    fn closed_self_closed_and_nested_calls() {
        let body = "{{< wrap >}}outer {{< wrap >}}nested{{< /wrap >}} {{% wrap %}}*md*{{% /wrap %}}{{< /wrap >}} {{< x />}}";
        let parsed = parse_body(body);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let BodyNode::Call(outer) = &parsed.nodes[0] else {
            panic!()
        };
        assert_eq!(
            &body[outer.inner_span.clone().unwrap()],
            "outer {{< wrap >}}nested{{< /wrap >}} {{% wrap %}}*md*{{% /wrap %}}"
        );
        let inner = outer.inner.as_ref().unwrap();
        let nested: Vec<_> = inner
            .iter()
            .filter_map(|n| {
                if let BodyNode::Call(c) = n {
                    Some(c)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(nested.len(), 2);
        assert_eq!((nested[0].ordinal, nested[1].ordinal), (0, 1));
        assert_eq!(nested[1].delimiter, Delimiter::Percent);
        let BodyNode::Call(last) = parsed.nodes.last().unwrap() else {
            panic!()
        };
        assert!(last.self_closing);
        assert_eq!(last.ordinal, 1);
    }

    #[test]
    fn comments_print_without_markers_and_take_no_ordinal() {
        let parsed = parse_body("{{</* wrap a=\"b\" */>}} {{%/* x */%}} {{< y >}}");
        assert!(parsed.errors.is_empty());
        let texts: Vec<_> = parsed
            .nodes
            .iter()
            .filter_map(|n| {
                if let BodyNode::Escaped { text, .. } = n {
                    Some(text.as_str())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(texts, ["{{< wrap a=\"b\" >}}", "{{% x %}}"]);
        assert_eq!(parsed.calls()[0].ordinal, 0);
        assert_eq!(
            first_error("a\n{{</* x */ >}}").kind,
            ShortcodeErrorKind::UnclosedComment
        );
    }

    #[test]
    fn mixing_named_and_positional_gives_hugos_messages_with_positions() {
        let err = first_error("x\n{{< d a=\"x\" \"pos\" >}}");
        assert_eq!(err.kind, ShortcodeErrorKind::QuotedPositionalAfterNamed);
        assert_eq!((err.line, err.column), (2, 13)); // as Hugo 0.168 reports it
        assert_eq!(
            err.kind.to_string(),
            "got quoted positional parameter. Cannot mix named and positional parameters"
        );
        assert_eq!(
            first_error("{{< d \"pos\" a=\"x\" >}}").kind,
            ShortcodeErrorKind::NamedAfterPositional("a".into())
        );
        assert_eq!(
            first_error("{{< d a=x pos >}}").kind,
            ShortcodeErrorKind::PositionalAfterNamed("pos".into())
        );
    }

    #[test]
    fn lexer_errors_with_line_and_column() {
        let err = first_error("ab\ncd {{< d \"open\n\" >}}");
        assert!(matches!(
            err.kind,
            ShortcodeErrorKind::UnterminatedQuoted(_)
        ));
        assert_eq!((err.line, err.column), (2, 10));
        assert_eq!(
            first_error("{{< d d=TRUE>}}").kind,
            ShortcodeErrorKind::UnclosedAction
        );
        assert_eq!(first_error("{{< x %}}").kind, unrecognized('%'));
        assert_eq!(
            first_error("{{< x +4 >}}").kind.to_string(),
            "unrecognized character in shortcode action: U+002B '+'. Note: Parameters with non-alphanumeric args must be quoted"
        );
        assert_eq!(first_error("{{< >}}").kind, ShortcodeErrorKind::NoName);
        assert_eq!(
            first_error("{{< /* x */ >}}").kind,
            ShortcodeErrorKind::CloseWithNoneOpen
        );
        assert_eq!(
            first_error("{{< a >}} {{< /b >}}").kind,
            ShortcodeErrorKind::MismatchedClose("b".into())
        );
        assert_eq!(
            first_error("{{< a.b >}}").kind,
            ShortcodeErrorKind::PeriodInName
        );
    }

    #[test]
    fn a_space_after_the_braces_is_not_a_shortcode() {
        let parsed = parse_body("{{ < x >}}");
        assert!(parsed.errors.is_empty());
        assert!(parsed.calls().is_empty());
    }

    #[test]
    fn closing_rules_follow_the_template() {
        let rule = |name: &str| match name {
            "box" => InnerUse::Required,
            "img" => InnerUse::Forbidden,
            _ => InnerUse::Unknown,
        };
        let parsed = parse_body_with("{{< box >}}\n\n{{< img >}}x{{< /img >}}", &rule);
        let kinds: Vec<_> = parsed
            .errors
            .iter()
            .map(|e| (e.kind.clone(), e.line))
            .collect();
        assert_eq!(
            kinds,
            [
                (ShortcodeErrorKind::MustBeClosed("box".into()), 1),
                (ShortcodeErrorKind::ClosingTagNotExpected("img".into()), 3)
            ]
        );
        // With an unknown template, a call without a closing tag is simply a leaf.
        let parsed = parse_body("{{< note >}} text");
        assert!(parsed.errors.is_empty());
        assert!(parsed.calls()[0].inner.is_none());
    }

    #[test]
    fn mixed_delimiters_between_tags_are_accepted() {
        let call = only_call("{{< p >}}x{{% /p %}}");
        assert!(call.close_tag.is_some());
    }

    #[test]
    fn columns_count_characters() {
        let parsed = parse_body("é {{< x >}}");
        assert_eq!(parsed.calls()[0].column, 3);
    }

    #[test]
    fn nesting_past_the_limit_is_a_positioned_error_and_stays_text() {
        // Tens of thousands of nested open tags: no stack overflow, one error at the first
        // call past the limit, and the body still covered from start to end.
        let depth = 50_000;
        let body = format!(
            "{}x{}",
            "{{< n >}}\n".repeat(depth),
            "{{< /n >}}".repeat(depth)
        );
        let parsed = parse_body(&body);
        let too_deep: Vec<_> = parsed
            .errors
            .iter()
            .filter(|e| matches!(e.kind, ShortcodeErrorKind::NestedTooDeep(_)))
            .collect();
        assert_eq!(
            too_deep.len(),
            1,
            "{:?}",
            &parsed.errors[..parsed.errors.len().min(3)]
        );
        assert_eq!((too_deep[0].line, too_deep[0].column), (MAX_NESTING + 1, 1));
        assert_eq!(
            too_deep[0].kind.to_string(),
            format!("shortcode \"n\" is nested more than {MAX_NESTING} deep")
        );
        let mut levels = 0;
        let mut nodes = &parsed.nodes;
        while let Some(call) = nodes.iter().find_map(|n| match n {
            BodyNode::Call(call) => Some(call),
            _ => None,
        }) {
            levels += 1;
            nodes = call.inner.as_ref().unwrap();
        }
        assert_eq!(levels, MAX_NESTING);
        // The innermost level holds the rest as text, closing tags included.
        let [BodyNode::Text { span }] = nodes.as_slice() else {
            panic!("{nodes:?}")
        };
        assert!(body[span.clone()].starts_with("\n{{< n >}}"));
        assert!(body[span.clone()].ends_with("{{< /n >}}"));
        // Within the limit nothing is reported.
        let ok = format!(
            "{}{}",
            "{{< n >}}".repeat(MAX_NESTING),
            "{{< /n >}}".repeat(MAX_NESTING)
        );
        assert!(parse_body(&ok).errors.is_empty());
    }

    #[test]
    fn refused_tags_stay_text_and_parsing_goes_on() {
        let body = "{{< a +1 >}} then {{< ok >}}";
        let parsed = parse_body(body);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.calls().len(), 1);
        assert_eq!(parsed.calls()[0].name, "ok");
        let BodyNode::Text { span } = &parsed.nodes[0] else {
            panic!()
        };
        assert_eq!(&body[span.clone()], "{{< a +1 >}} then ");
    }
}
