//! html/template's contextual escaping, tracked while the output is written.
//!
//! Go decides each action's escaper statically; we follow the same HTML state machine over the
//! template text as it is emitted, so an action is escaped for the context the text before it
//! left: text, tag, attribute name, attribute value by kind (plain, URL, srcset, CSS, JS),
//! `<script>`, `<style>`, RCDATA. As in Go, comments in template text (HTML, and JS/CSS comments
//! in scripts and styles) are dropped with the actions inside them, and a `<` in text that
//! starts no tag is written `&lt;`. Known gaps: JS regular-expression literals are not told
//! apart from division, and JS values use JSON escaping without Go's special cases for
//! non-string host objects.

use super::value::{SafeKind, Value};
use crate::text::go_html_escaper;

/// The kind of attribute value being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttrKind {
    Plain,
    Url,
    Srcset,
    Css,
    Js,
}

/// Where in a URL we are (URL attributes, and URLs and strings in CSS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlPart {
    /// Nothing written yet: the scheme filter applies.
    Start,
    /// Before `?` or `#`: values are normalized.
    Path,
    /// After `?` or `#`: values are query-escaped.
    Query,
}

/// Inside JS (a script element or an event-handler attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsState {
    Code,
    /// A string or template literal with this quote.
    Str(u8),
    LineComment,
    BlockComment,
}

/// Inside CSS (a style element or attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CssState {
    Value,
    /// A quoted string.
    Str(u8),
    /// Inside `url(`, with its quote (0 when unquoted).
    Url(u8),
    LineComment,
    BlockComment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Inside `<tag …` between attributes.
    Tag,
    AttrName,
    AfterAttrName,
    BeforeValue,
    /// An attribute value; `quote` is 0 when unquoted.
    Attr {
        quote: u8,
        kind: AttrKind,
    },
    /// Element content that is not HTML: script, style, textarea, title.
    RawText(RawKind),
    /// `<!-- … -->` in template text: dropped.
    Comment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    Script,
    Style,
    Rcdata,
}

/// Output buffer that knows the HTML context it is in.
#[derive(Debug)]
pub(crate) struct HtmlWriter {
    out: String,
    state: State,
    /// The state to return to after an HTML comment.
    before_comment: State,
    tag_name: String,
    closing_tag: bool,
    attr_name: String,
    url: UrlPart,
    js: JsState,
    css: CssState,
    /// The end tag that closes the current raw-text element (`</script`, …).
    raw_end_tag: &'static str,
    /// text/template output (archetypes): text and values written as they are, no escaping.
    plain: bool,
}

/// Whether the JS or CSS sub-state is a comment, whose text Go drops.
fn in_code_comment(js: JsState, css: CssState) -> bool {
    matches!(js, JsState::LineComment | JsState::BlockComment)
        || matches!(css, CssState::LineComment | CssState::BlockComment)
}

impl HtmlWriter {
    pub(crate) fn new() -> HtmlWriter {
        HtmlWriter {
            out: String::new(),
            state: State::Text,
            before_comment: State::Text,
            tag_name: String::new(),
            closing_tag: false,
            attr_name: String::new(),
            url: UrlPart::Start,
            js: JsState::Code,
            css: CssState::Value,
            raw_end_tag: "",
            plain: false,
        }
    }

    /// A writer for text/template output (Hugo runs archetypes as text templates): template
    /// text and printed values go out as they are, and nil prints as Go's `<no value>`.
    pub(crate) fn plain() -> HtmlWriter {
        HtmlWriter {
            plain: true,
            ..HtmlWriter::new()
        }
    }

    pub(crate) fn into_string(self) -> String {
        self.out
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether the output is currently dropped (inside a comment of the template).
    fn dropping(&self) -> bool {
        self.state == State::Comment
            || (self.in_js() || self.in_css()) && in_code_comment(self.js, self.css)
    }

    fn in_js(&self) -> bool {
        matches!(
            self.state,
            State::RawText(RawKind::Script)
                | State::Attr {
                    kind: AttrKind::Js,
                    ..
                }
        )
    }

    fn in_css(&self) -> bool {
        matches!(
            self.state,
            State::RawText(RawKind::Style)
                | State::Attr {
                    kind: AttrKind::Css,
                    ..
                }
        )
    }

    /// Writes template text (trusted), advancing the context; comment text is dropped.
    pub(crate) fn write_text(&mut self, text: &str) {
        if self.plain {
            self.out.push_str(text);
            return;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        // Bytes before `kept_from` are written (or dropped) already.
        let mut kept_from = 0;
        while i < bytes.len() {
            let was_dropping = self.dropping();
            let c = bytes[i];
            let next = match self.state {
                State::Text | State::RawText(RawKind::Rcdata) => self.step_text(text, i),
                State::Comment => {
                    if text.as_bytes()[i..].starts_with(b"-->") {
                        self.state = self.before_comment;
                        i + 3
                    } else {
                        i + 1
                    }
                }
                State::Tag => {
                    match c {
                        b'>' => self.end_tag(),
                        c if c.is_ascii_whitespace() || c == b'/' => {}
                        _ => {
                            self.attr_name.clear();
                            self.attr_name.push(c.to_ascii_lowercase() as char);
                            self.state = State::AttrName;
                        }
                    }
                    i + 1
                }
                State::AttrName => {
                    match c {
                        b'=' => self.state = State::BeforeValue,
                        b'>' => self.end_tag(),
                        b'/' => self.state = State::Tag,
                        c if c.is_ascii_whitespace() => self.state = State::AfterAttrName,
                        c => self.attr_name.push(c.to_ascii_lowercase() as char),
                    }
                    i + 1
                }
                State::AfterAttrName => {
                    match c {
                        b'=' => self.state = State::BeforeValue,
                        b'>' => self.end_tag(),
                        c if c.is_ascii_whitespace() => {}
                        c => {
                            self.attr_name.clear();
                            self.attr_name.push(c.to_ascii_lowercase() as char);
                            self.state = State::AttrName;
                        }
                    }
                    i + 1
                }
                State::BeforeValue => match c {
                    c if c.is_ascii_whitespace() => i + 1,
                    b'>' => {
                        self.end_tag();
                        i + 1
                    }
                    b'"' | b'\'' => {
                        self.start_value(c);
                        i + 1
                    }
                    _ => {
                        self.start_value(0);
                        i
                    }
                },
                State::Attr { quote, kind } => {
                    let ends = if quote == 0 {
                        c.is_ascii_whitespace() || c == b'>'
                    } else {
                        c == quote
                    };
                    if ends {
                        // The attribute's end also ends any JS or CSS comment inside it.
                        self.js = JsState::Code;
                        self.css = CssState::Value;
                        self.state = State::Tag;
                        if quote != 0 {
                            i + 1
                        } else {
                            i
                        }
                    } else {
                        match kind {
                            AttrKind::Url => {
                                self.advance_url(c);
                                i + 1
                            }
                            AttrKind::Js => self.step_js(text, i),
                            AttrKind::Css => self.step_css(text, i),
                            AttrKind::Plain | AttrKind::Srcset => i + 1,
                        }
                    }
                }
                State::RawText(kind) => {
                    let end_tag = self.raw_end_tag;
                    if c == b'<'
                        && text.len() >= i + end_tag.len()
                        && text.as_bytes()[i..i + end_tag.len()]
                            .eq_ignore_ascii_case(end_tag.as_bytes())
                    {
                        self.js = JsState::Code;
                        self.css = CssState::Value;
                        self.state = State::Text;
                        i
                    } else if kind == RawKind::Script {
                        self.step_js(text, i)
                    } else {
                        self.step_css(text, i)
                    }
                }
            };
            // Entering a comment: keep what came before its opening delimiter; leaving one:
            // resume output after its closing delimiter.
            let now_dropping = self.dropping();
            if !was_dropping && now_dropping {
                self.out.push_str(&text[kept_from..i]);
            }
            if was_dropping && !now_dropping {
                // An attribute's end also ends a comment inside it: its quote is not comment.
                kept_from = if self.state == State::Tag { i } else { next };
            }
            if !was_dropping && !now_dropping && self.escape_lt_at(text, i, next) {
                self.out.push_str(&text[kept_from..i]);
                self.out.push_str("&lt;");
                kept_from = i + 1;
            }
            i = next;
        }
        if !self.dropping() {
            self.out.push_str(&text[kept_from..]);
        }
    }

    /// Whether the byte at `i` is a `<` left as text (it started no tag or comment), which Go
    /// writes as `&lt;` in text and RCDATA.
    fn escape_lt_at(&self, text: &str, i: usize, next: usize) -> bool {
        text.as_bytes()[i] == b'<'
            && next == i + 1
            && matches!(self.state, State::Text | State::RawText(RawKind::Rcdata))
            && !text.as_bytes()[i..]
                .get(..9)
                .is_some_and(|d| d.eq_ignore_ascii_case(b"<!doctype"))
    }

    /// Text and RCDATA: finds tags, end tags and comments.
    fn step_text(&mut self, text: &str, i: usize) -> usize {
        let bytes = text.as_bytes();
        if bytes[i] != b'<' {
            return i + 1;
        }
        if let State::RawText(RawKind::Rcdata) = self.state {
            let end_tag = self.raw_end_tag;
            if text.len() >= i + end_tag.len()
                && text.as_bytes()[i..i + end_tag.len()].eq_ignore_ascii_case(end_tag.as_bytes())
            {
                self.state = State::Text;
                return self.step_text(text, i);
            }
            return i + 1;
        }
        if text.as_bytes()[i..].starts_with(b"<!--") {
            self.before_comment = State::Text;
            self.state = State::Comment;
            return i + 4;
        }
        let (closing, name_start) = match bytes.get(i + 1) {
            Some(b'/') => (true, i + 2),
            _ => (false, i + 1),
        };
        let name_len = bytes[name_start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len > 0 && bytes[name_start].is_ascii_alphabetic() {
            self.tag_name = text[name_start..name_start + name_len].to_ascii_lowercase();
            self.closing_tag = closing;
            self.state = State::Tag;
            return name_start + name_len;
        }
        i + 1
    }

    fn advance_url(&mut self, c: u8) {
        if c == b'?' || c == b'#' {
            self.url = UrlPart::Query;
        } else if self.url == UrlPart::Start {
            self.url = UrlPart::Path;
        }
    }

    /// One step of JS: strings, template literals and comments.
    fn step_js(&mut self, text: &str, i: usize) -> usize {
        let c = text.as_bytes()[i];
        match self.js {
            JsState::Code => {
                if text.as_bytes()[i..].starts_with(b"//") {
                    self.js = JsState::LineComment;
                    i + 2
                } else if text.as_bytes()[i..].starts_with(b"/*") {
                    self.js = JsState::BlockComment;
                    i + 2
                } else {
                    if matches!(c, b'"' | b'\'' | b'`') {
                        self.js = JsState::Str(c);
                    }
                    i + 1
                }
            }
            JsState::Str(q) => {
                if c == b'\\' {
                    return (i + 2).min(text.len());
                }
                if c == q {
                    self.js = JsState::Code;
                }
                i + 1
            }
            JsState::LineComment | JsState::BlockComment => {
                // The newline that ends a line comment is kept.
                let end = comment_end(text, i, self.js == JsState::BlockComment, b"\n");
                if end.is_some() {
                    self.js = JsState::Code;
                }
                end.unwrap_or(i + 1)
            }
        }
    }

    /// One step of CSS: strings, `url(…)` and comments.
    fn step_css(&mut self, text: &str, i: usize) -> usize {
        let bytes = text.as_bytes();
        let c = bytes[i];
        match self.css {
            CssState::Value => {
                if text.as_bytes()[i..].starts_with(b"/*") {
                    self.css = CssState::BlockComment;
                    return i + 2;
                }
                if text.as_bytes()[i..].starts_with(b"//") {
                    self.css = CssState::LineComment;
                    return i + 2;
                }
                if c == b'"' || c == b'\'' {
                    self.css = CssState::Str(c);
                    self.url = UrlPart::Start;
                    return i + 1;
                }
                if text.as_bytes()[i..]
                    .get(..4)
                    .is_some_and(|u| u.eq_ignore_ascii_case(b"url("))
                {
                    let mut j = i + 4;
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    self.url = UrlPart::Start;
                    return match bytes.get(j) {
                        Some(q @ (b'"' | b'\'')) => {
                            self.css = CssState::Url(*q);
                            j + 1
                        }
                        _ => {
                            self.css = CssState::Url(0);
                            j
                        }
                    };
                }
                i + 1
            }
            CssState::Str(q) => {
                if c == b'\\' {
                    return (i + 2).min(text.len());
                }
                if c == q {
                    self.css = CssState::Value;
                } else {
                    self.advance_url(c);
                }
                i + 1
            }
            CssState::Url(q) => {
                if c == b'\\' {
                    return (i + 2).min(text.len());
                }
                let ends = if q == 0 { c == b')' } else { c == q };
                if ends {
                    self.css = CssState::Value;
                } else {
                    self.advance_url(c);
                }
                i + 1
            }
            CssState::LineComment | CssState::BlockComment => {
                let end = comment_end(text, i, self.css == CssState::BlockComment, b"\n\x0c");
                if end.is_some() {
                    self.css = CssState::Value;
                }
                end.unwrap_or(i + 1)
            }
        }
    }

    fn start_value(&mut self, quote: u8) {
        let kind = attr_kind(&self.attr_name);
        self.url = UrlPart::Start;
        self.js = JsState::Code;
        self.css = CssState::Value;
        self.state = State::Attr { quote, kind };
    }

    fn end_tag(&mut self) {
        self.state = State::Text;
        if self.closing_tag {
            return;
        }
        let (kind, end) = match self.tag_name.as_str() {
            "script" => (RawKind::Script, "</script"),
            "style" => (RawKind::Style, "</style"),
            "textarea" => (RawKind::Rcdata, "</textarea"),
            "title" => (RawKind::Rcdata, "</title"),
            _ => return,
        };
        self.raw_end_tag = end;
        self.js = JsState::Code;
        self.css = CssState::Value;
        self.state = State::RawText(kind);
    }

    /// Writes the result of an action, escaped for the current context.
    pub(crate) fn write_value(&mut self, value: &Value) {
        if self.plain {
            match value {
                Value::Nil => self.out.push_str("<no value>"),
                other => self.out.push_str(&other.to_output_string()),
            }
            return;
        }
        if self.dropping() {
            return;
        }
        let escaped = match self.state {
            State::Text => match value {
                Value::Safe(SafeKind::Html, s) => s.to_string(),
                other => go_html_escaper(&other.to_output_string()),
            },
            State::Comment => String::new(),
            State::RawText(RawKind::Rcdata) => go_html_escaper(&value.to_output_string()),
            State::RawText(RawKind::Script) => self.js_value(value),
            State::RawText(RawKind::Style) => self.css_value(value),
            State::Tag | State::AttrName | State::AfterAttrName => {
                let name = html_name_filter(value);
                if name != FAILSAFE && !matches!(value, Value::Safe(SafeKind::HtmlAttr, _)) {
                    if self.state != State::AttrName {
                        self.attr_name.clear();
                    }
                    self.attr_name.push_str(&name);
                    self.state = State::AttrName;
                }
                name
            }
            State::BeforeValue => {
                // An action right after `=` is an unquoted value.
                self.start_value(0);
                return self.write_value(value);
            }
            State::Attr { quote, kind } => {
                let inner = match kind {
                    AttrKind::Plain => match value {
                        Value::Safe(SafeKind::Html, s) => {
                            let stripped = strip_tags(s);
                            return self.push_attr(quote, &stripped, true);
                        }
                        other => other.to_output_string(),
                    },
                    AttrKind::Url => {
                        let out = self.url_value(value, false);
                        if !out.is_empty() {
                            if out.contains(['?', '#']) {
                                self.url = UrlPart::Query;
                            } else if self.url == UrlPart::Start {
                                self.url = UrlPart::Path;
                            }
                        }
                        out
                    }
                    AttrKind::Srcset => srcset_value(value),
                    AttrKind::Css => self.css_value(value),
                    AttrKind::Js => self.js_value(value),
                };
                return self.push_attr(quote, &inner, false);
            }
        };
        self.out.push_str(&escaped);
    }

    /// A value in a URL (attribute, or CSS `url(…)`/string): the scheme filter at the start,
    /// then normalizing (or CSS-escaping, in a CSS string) before `?`/`#`, query-escaping after.
    fn url_value(&self, value: &Value, css_string: bool) -> String {
        let s = value.to_output_string();
        match self.url {
            UrlPart::Start
                if !matches!(value, Value::Safe(SafeKind::Url, _)) && !url_scheme_allowed(&s) =>
            {
                "#ZgotmplZ".to_string()
            }
            UrlPart::Start | UrlPart::Path => {
                if css_string {
                    css_escape(&s)
                } else {
                    url_normalize(&s)
                }
            }
            UrlPart::Query => url_query_escape(&s),
        }
    }

    fn css_value(&mut self, value: &Value) -> String {
        match self.css {
            CssState::Value => css_value_filter(value),
            CssState::Str(_) => {
                let out = self.url_value(value, true);
                if !out.is_empty() && self.url == UrlPart::Start {
                    self.url = UrlPart::Path;
                }
                out
            }
            CssState::Url(_) => {
                let out = self.url_value(value, false);
                if !out.is_empty() {
                    if out.contains(['?', '#']) {
                        self.url = UrlPart::Query;
                    } else if self.url == UrlPart::Start {
                        self.url = UrlPart::Path;
                    }
                }
                out
            }
            CssState::LineComment | CssState::BlockComment => String::new(),
        }
    }

    /// Appends an attribute value: entity-escaped for quoted values, with spaces escaped too
    /// for unquoted ones. `normalize` keeps existing entities (`&amp;` stays as is), as Go does
    /// for tag-stripped HTML.
    fn push_attr(&mut self, quote: u8, text: &str, normalize: bool) {
        if quote == 0 {
            if text.is_empty() {
                self.out.push_str(FAILSAFE);
            } else {
                self.out.push_str(&html_nospace_escape(text));
            }
        } else if normalize {
            self.out.push_str(&html_escape_keep_amp(text));
        } else {
            self.out.push_str(&go_html_escaper(text));
        }
    }

    fn js_value(&self, value: &Value) -> String {
        match (self.js, value) {
            (_, Value::Safe(SafeKind::Js, s)) => s.to_string(),
            (JsState::Str(_), other) => js_str_escape(&other.to_output_string()),
            (JsState::Code, other) => js_val_escape(other),
            (JsState::LineComment | JsState::BlockComment, _) => String::new(),
        }
    }
}

/// What html/template writes where a value is refused.
const FAILSAFE: &str = "ZgotmplZ";

/// Go's `htmlNameFilter`: an action that writes an attribute name may only produce a plain
/// (not URL, JS or CSS) lower-case alphanumeric name.
fn html_name_filter(value: &Value) -> String {
    if let Value::Safe(SafeKind::HtmlAttr, s) = value {
        return s.to_string();
    }
    let name = value.to_output_string().to_ascii_lowercase();
    if name.is_empty()
        || attr_kind(&name) != AttrKind::Plain
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return FAILSAFE.to_string();
    }
    name
}

/// Go's `srcsetFilterAndEscaper`: each comma-separated candidate must be a safe URL followed
/// by alphanumeric metadata (`2x`, `100w`), else it becomes `#ZgotmplZ`.
fn srcset_value(value: &Value) -> String {
    let s = value.to_output_string();
    if let Value::Safe(SafeKind::Url, _) = value {
        return url_normalize(&s).replace(',', "%2c");
    }
    let mut out = String::with_capacity(s.len());
    for (n, candidate) in s.split(',').enumerate() {
        if n > 0 {
            out.push(',');
        }
        let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r');
        let bytes = candidate.as_bytes();
        let start = bytes
            .iter()
            .position(|b| !is_space(*b))
            .unwrap_or(bytes.len());
        let end = bytes[start..]
            .iter()
            .position(|b| is_space(*b))
            .map_or(bytes.len(), |p| start + p);
        let url = &candidate[start..end];
        let metadata_ok = bytes[end..]
            .iter()
            .all(|b| is_space(*b) || b.is_ascii_alphanumeric());
        if url_scheme_allowed(url) && metadata_ok {
            out.push_str(&candidate[..start]);
            out.push_str(&url_normalize(url));
            out.push_str(&candidate[end..]);
        } else {
            out.push_str("#ZgotmplZ");
        }
    }
    out
}

/// Go's attribute type rules (`attrType` in html/template).
fn attr_kind(name: &str) -> AttrKind {
    let mut name = name;
    if let Some(rest) = name.strip_prefix("data-") {
        name = rest;
    } else if let Some((prefix, short)) = name.split_once(':') {
        if prefix == "xmlns" {
            return AttrKind::Url;
        }
        name = short;
    }
    match name {
        "action" | "archive" | "background" | "cite" | "classid" | "codebase" | "data"
        | "formaction" | "href" | "icon" | "longdesc" | "manifest" | "poster" | "profile"
        | "src" | "usemap" | "xmlns" => return AttrKind::Url,
        "srcset" => return AttrKind::Srcset,
        "style" => return AttrKind::Css,
        // Plain attributes whose names would otherwise match the rules below.
        "accept" | "alt" | "class" | "id" | "name" | "title" | "type" | "value" | "width"
        | "height" | "srclang" | "srcdoc" => return AttrKind::Plain,
        _ => {}
    }
    if name.starts_with("on") {
        return AttrKind::Js;
    }
    if name.contains("src") || name.contains("uri") || name.contains("url") {
        return AttrKind::Url;
    }
    AttrKind::Plain
}

/// Where scanning resumes when a JS or CSS comment ends at byte `i` of `text`: past the `*/`
/// of a block comment, or at the line end (one of `line_ends`, kept) of a line comment;
/// `None` while the comment goes on.
fn comment_end(text: &str, i: usize, block: bool, line_ends: &[u8]) -> Option<usize> {
    let rest = text.as_bytes().get(i..)?;
    if block {
        rest.starts_with(b"*/").then_some(i + 2)
    } else {
        line_ends.contains(rest.first()?).then_some(i)
    }
}

/// Go's normalizing variant: like [`go_html_escaper`] but `&` is left alone.
fn html_escape_keep_amp(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push('&'),
            c => out.push_str(&go_html_escaper(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

/// Go's `htmlNospaceEscaper` for unquoted attribute values.
fn html_nospace_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\u{b}' => out.push_str("&#11;"),
            '\u{c}' => out.push_str("&#12;"),
            '\r' => out.push_str("&#13;"),
            ' ' => out.push_str("&#32;"),
            '=' => out.push_str("&#61;"),
            '`' => out.push_str("&#96;"),
            c => out.push_str(&go_html_escaper(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

/// Removes tags (and comments) from HTML, keeping the text between them.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt..];
        let is_tag =
            after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !is_tag {
            out.push('<');
            rest = &rest[lt + 1..];
            continue;
        }
        let end = if after.starts_with("<!--") {
            after.find("-->").map(|e| e + 3)
        } else {
            after.find('>').map(|e| e + 1)
        };
        match end {
            Some(end) => rest = &after[end..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Go's `urlFilter`: only http, https and mailto schemes (or none) are allowed.
fn url_scheme_allowed(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return true;
    };
    if url[..colon].contains('/') {
        return true;
    }
    let scheme = url[..colon].to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// Go's `urlNormalizer`: percent-encodes bytes that may not appear in a URL, keeping
/// reserved characters and existing `%` escapes.
fn url_normalize(s: &str) -> String {
    url_process(s, true)
}

/// Go's `urlEscaper`: for values after `?` or `#`.
fn url_query_escape(s: &str) -> String {
    url_process(s, false)
}

fn url_process(s: &str, normalize: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'-' | b'.' | b'_' | b'~' => true,
            b if b.is_ascii_alphanumeric() => true,
            // A valid escape is not escaped again when normalizing.
            b'%' => {
                normalize
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            // Reserved characters survive normalization; quotes and parens never do, so the
            // result is safe in single-quoted attributes and CSS `url(…)`.
            b'!' | b'#' | b'$' | b'&' | b'*' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?'
            | b'@' | b'[' | b']' => normalize,
            _ => false,
        };
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

/// Go's `cssValueFilter`: a value written where CSS expects a property value may not hold
/// quotes, brackets, `;`, `@`, `/`, `\`, `<`, `>`, `--` or the words `expression` /
/// `mozbinding` (CSS escapes decoded first); otherwise it becomes `ZgotmplZ`.
fn css_value_filter(value: &Value) -> String {
    if let Value::Safe(SafeKind::Css, s) = value {
        return s.to_string();
    }
    let decoded = css_decode(&value.to_output_string());
    let bytes = decoded.as_bytes();
    let mut identifier = String::new();
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            0 | b'"' | b'\'' | b'(' | b')' | b'/' | b';' | b'@' | b'[' | b'\\' | b']' | b'`'
            | b'{' | b'}' | b'<' | b'>' => return FAILSAFE.to_string(),
            b'-' if i != 0 && bytes[i - 1] == b'-' => return FAILSAFE.to_string(),
            b'-' => identifier.push('-'),
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                identifier.push(c.to_ascii_lowercase() as char)
            }
            _ => {}
        }
    }
    if identifier.contains("expression") || identifier.contains("mozbinding") {
        return FAILSAFE.to_string();
    }
    decoded
}

/// Decodes CSS escapes (`\41 `, `\"`) the way Go's `decodeCSS` does before filtering.
fn css_decode(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        out.push(
            u32::from_str_radix(&hex, 16)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}'),
        );
    }
    out
}

/// Go's `cssEscaper`, for values inside CSS strings: risky characters become `\XX` hex escapes
/// (with a space after when a hex digit or space follows).
fn css_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let replacement = match c {
            '\0' => "\\0",
            '\t' => "\\9",
            '\n' => "\\a",
            '\x0c' => "\\c",
            '\r' => "\\d",
            '"' => "\\22",
            '&' => "\\26",
            '\'' => "\\27",
            '(' => "\\28",
            ')' => "\\29",
            '+' => "\\2b",
            '/' => "\\2f",
            ':' => "\\3a",
            ';' => "\\3b",
            '<' => "\\3c",
            '>' => "\\3e",
            '\\' => "\\\\",
            '{' => "\\7b",
            '}' => "\\7d",
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(replacement);
        // Go separates a hex escape from what follows, and always at the end of the value.
        if replacement != "\\\\"
            && chars
                .peek()
                .is_none_or(|n| n.is_ascii_hexdigit() || *n == ' ')
        {
            out.push(' ');
        }
    }
    out
}

/// Go's `jsValEscaper`: a JSON literal with `<`, `>`, `&` escaped, padded with spaces when it
/// starts or ends like an identifier so it cannot merge with neighbouring code.
fn js_val_escape(value: &Value) -> String {
    let json = match value {
        Value::Nil => return " null ".to_string(),
        other => serde_json::to_string(&other.to_json()).unwrap_or_else(|_| "null".into()),
    };
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if ident(json.chars().next()) || ident(json.chars().last()) {
        format!(" {json} ")
    } else {
        json
    }
}

/// Go's `jsStrEscaper`: inside a JS string literal.
fn js_str_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\u0027"),
            '"' => out.push_str("\\u0022"),
            '`' => out.push_str("\\u0060"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003d"),
            '+' => out.push_str("\\u002b"),
            '/' => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[Result<&str, Value>]) -> String {
        let mut w = HtmlWriter::new();
        for part in parts {
            match part {
                Ok(text) => w.write_text(text),
                Err(value) => w.write_value(value),
            }
        }
        w.into_string()
    }

    const V: &str = "<b>\"A & B\"</b> 'q' +1";

    #[test]
    fn text_context_escapes_like_go() {
        assert_eq!(
            render(&[Ok("<p>"), Err(Value::str(V)), Ok("</p>")]),
            "<p>&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt; &#39;q&#39; &#43;1</p>"
        );
        assert_eq!(
            render(&[Err(Value::safe(SafeKind::Html, "<i>x</i>"))]),
            "<i>x</i>"
        );
        assert_eq!(render(&[Err(Value::Nil)]), "");
    }

    #[test]
    fn quoted_and_unquoted_attributes() {
        assert_eq!(
            render(&[Ok("<img alt=\""), Err(Value::str(V)), Ok("\">")]),
            "<img alt=\"&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt; &#39;q&#39; &#43;1\">"
        );
        assert_eq!(
            render(&[Ok("<div data-x="), Err(Value::str(V)), Ok(">")]),
            "<div data-x=&lt;b&gt;&#34;A&#32;&amp;&#32;B&#34;&lt;/b&gt;&#32;&#39;q&#39;&#32;&#43;1>"
        );
        // template.HTML in an attribute loses its tags but keeps its entities.
        assert_eq!(
            render(&[
                Ok("<img alt=\""),
                Err(Value::safe(
                    SafeKind::Html,
                    "<strong>bold</strong> &amp; <i>x</i>"
                )),
                Ok("\">")
            ]),
            "<img alt=\"bold &amp; x\">"
        );
    }

    #[test]
    fn url_attributes_filter_normalize_and_query_escape() {
        let u = Value::str("https://x.com/a b?q=1&r=<2>");
        assert_eq!(
            render(&[Ok("<a href=\""), Err(u.clone()), Ok("\">")]),
            "<a href=\"https://x.com/a%20b?q=1&amp;r=%3c2%3e\">"
        );
        assert_eq!(
            render(&[
                Ok("<a href=\""),
                Err(Value::str("javascript:alert(1)")),
                Ok("\">")
            ]),
            "<a href=\"#ZgotmplZ\">"
        );
        assert_eq!(
            render(&[Ok("<a href=\"/p?x="), Err(u), Ok("\">")]),
            "<a href=\"/p?x=https%3a%2f%2fx.com%2fa%20b%3fq%3d1%26r%3d%3c2%3e\">"
        );
        assert_eq!(
            render(&[
                Ok("<a href='"),
                Err(Value::safe(SafeKind::Url, "javascript:x()")),
                Ok("'>")
            ]),
            "<a href='javascript:x%28%29'>"
        );
        // Only the start of the value is filtered.
        assert_eq!(
            render(&[
                Ok("<img src=\"/x/"),
                Err(Value::str("javascript:y")),
                Ok("\">")
            ]),
            "<img src=\"/x/javascript:y\">"
        );
    }

    #[test]
    fn css_and_js_contexts() {
        assert_eq!(
            render(&[Ok("<p style=\"color: "), Err(Value::str(V)), Ok("\">")]),
            "<p style=\"color: ZgotmplZ\">"
        );
        assert_eq!(
            render(&[Ok("<p style=\"color: "), Err(Value::str("#fff")), Ok("\">")]),
            "<p style=\"color: #fff\">"
        );
        assert_eq!(
            render(&[Ok("<script>var x = "), Err(Value::str(V)), Ok(";</script>")]),
            "<script>var x = \"\\u003cb\\u003e\\\"A \\u0026 B\\\"\\u003c/b\\u003e 'q' +1\";</script>"
        );
        assert_eq!(
            render(&[Ok("<script>var n = "), Err(Value::Int(5)), Ok(";</script>")]),
            "<script>var n =  5 ;</script>"
        );
        assert_eq!(
            render(&[
                Ok("<script>var s = 'a"),
                Err(Value::str("'x'")),
                Ok("';</script><p>"),
                Err(Value::str("<"))
            ]),
            "<script>var s = 'a\\u0027x\\u0027';</script><p>&lt;"
        );
    }

    #[test]
    fn template_comments_are_dropped_with_their_actions() {
        assert_eq!(
            render(&[Ok("a<!-- c "), Err(Value::str("x")), Ok(" -->b")]),
            "ab"
        );
        assert_eq!(render(&[Ok("<!-- image -->\n<div>")]), "\n<div>");
    }

    #[test]
    fn tag_state_survives_split_text() {
        assert_eq!(
            render(&[
                Ok("<a "),
                Ok("href"),
                Ok("=\""),
                Err(Value::str("javascript:1")),
                Ok("\">")
            ]),
            "<a href=\"#ZgotmplZ\">"
        );
        assert_eq!(
            render(&[
                Ok("<div "),
                Err(Value::safe(SafeKind::HtmlAttr, "id=\"x\"")),
                Ok(">")
            ]),
            "<div id=\"x\">"
        );
    }
}
