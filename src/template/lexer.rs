//! Splits a template into text and action tokens, following Go's `text/template/parse` lexer:
//! `{{- -}}` trim markers, `{{/* */}}` comments, Go string/number literals, `:=` and `=`.
//! Tokens carry byte offsets so every later error can name a line and column.

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokKind {
    /// Template text, trim markers already applied.
    Text(String),
    /// `{{`
    Open,
    /// `}}`
    Close,
    /// A bare word: a keyword, `true`/`false`/`nil` or a function name.
    Ident(String),
    /// `.Name` (the name without the dot).
    Field(String),
    /// `$name`, or `$` alone (the name includes the `$`).
    Var(String),
    /// A string literal, unquoted.
    Str(String),
    /// A number literal as written (a char literal arrives as its code point).
    Number(String),
    /// `.` alone.
    Dot,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `|`
    Pipe,
    /// `:=`
    Declare,
    /// `=`
    Assign,
    /// `,`
    Comma,
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokKind,
    /// Byte offset in the template source.
    pub pos: usize,
    /// Whether whitespace separates it from the previous token (Go needs this to tell
    /// `(x).Field` chains from separate arguments).
    pub space_before: bool,
}

/// A lexing error at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexError {
    pub pos: usize,
    pub message: String,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Tokenizes `src`.
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, LexError> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0usize;
    // Set by a `-}}`: the next text loses its leading whitespace.
    let mut trim_next_text = false;
    loop {
        let open = src[pos..].find("{{").map(|i| pos + i);
        let text_end = open.unwrap_or(src.len());
        let mut text = &src[pos..text_end];
        if trim_next_text {
            text = text.trim_start_matches([' ', '\t', '\r', '\n']);
        }
        let Some(open) = open else {
            if !text.is_empty() {
                tokens.push(Token { kind: TokKind::Text(text.to_string()), pos, space_before: false });
            }
            return Ok(tokens);
        };
        let mut i = open + 2;
        let trim_left = bytes.get(i) == Some(&b'-') && bytes.get(i + 1).is_some_and(|c| is_space(*c));
        if trim_left {
            text = text.trim_end_matches([' ', '\t', '\r', '\n']);
            i += 1;
        }
        if !text.is_empty() {
            let text_pos = text.as_ptr() as usize - src.as_ptr() as usize;
            tokens.push(Token { kind: TokKind::Text(text.to_string()), pos: text_pos, space_before: false });
        }
        // A comment is the whole action: `{{/* … */}}`, optionally with trim markers.
        let mut j = i;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        if src[j..].starts_with("/*") {
            let Some(end) = src[j + 2..].find("*/").map(|e| j + 2 + e + 2) else {
                return Err(LexError { pos: open, message: "unclosed comment".into() });
            };
            let rest = &src[end..];
            if rest.starts_with("}}") {
                pos = end + 2;
                trim_next_text = false;
            } else if rest.len() > 3 && is_space(rest.as_bytes()[0]) && rest[1..].starts_with("-}}") {
                pos = end + 4;
                trim_next_text = true;
            } else {
                return Err(LexError { pos: end, message: "comment ends before closing delimiter".into() });
            }
            continue;
        }
        tokens.push(Token { kind: TokKind::Open, pos: open, space_before: false });
        let (after, trim_right) = lex_action(src, i, &mut tokens, open)?;
        pos = after;
        trim_next_text = trim_right;
    }
}

/// Lexes the inside of an action starting at `i`; returns the offset after `}}` and whether
/// it was `-}}`.
fn lex_action(src: &str, mut i: usize, tokens: &mut Vec<Token>, open: usize) -> Result<(usize, bool), LexError> {
    let bytes = src.as_bytes();
    let mut space_before = true;
    let mut paren_depth = 0i32;
    loop {
        let Some(&c) = bytes.get(i) else {
            return Err(LexError { pos: open, message: "unclosed action".into() });
        };
        if is_space(c) {
            // ` -}}` closes with a trim marker.
            if src[i + 1..].starts_with("-}}") {
                tokens.push(Token { kind: TokKind::Close, pos: i + 1, space_before: true });
                return Ok((i + 4, true));
            }
            space_before = true;
            i += 1;
            continue;
        }
        if src[i..].starts_with("}}") {
            tokens.push(Token { kind: TokKind::Close, pos: i, space_before });
            return Ok((i + 2, false));
        }
        let start = i;
        let kind = match c {
            b'"' => {
                let (text, end) = lex_quoted(src, i)?;
                i = end;
                TokKind::Str(text)
            }
            b'`' => {
                let Some(end) = src[i + 1..].find('`') else {
                    return Err(LexError { pos: i, message: "unterminated raw quoted string".into() });
                };
                let text = src[i + 1..i + 1 + end].to_string();
                i = i + 1 + end + 1;
                TokKind::Str(text)
            }
            b'\'' => {
                let (code, end) = lex_char(src, i)?;
                i = end;
                TokKind::Number(code.to_string())
            }
            b'0'..=b'9' => {
                i = lex_number(src, i);
                TokKind::Number(src[start..i].to_string())
            }
            b'-' | b'+'
                if bytes.get(i + 1).is_some_and(|d| d.is_ascii_digit() || *d == b'.') =>
            {
                i = lex_number(src, i + 1);
                TokKind::Number(src[start..i].to_string())
            }
            b'.' if bytes.get(i + 1).is_some_and(|d| d.is_ascii_digit()) => {
                i = lex_number(src, i);
                TokKind::Number(src[start..i].to_string())
            }
            b'.' => {
                let mut end = i + 1;
                while end < bytes.len() && is_ident_byte(bytes[end]) {
                    end += 1;
                }
                if end == i + 1 {
                    i += 1;
                    TokKind::Dot
                } else {
                    let name = src[i + 1..end].to_string();
                    i = end;
                    TokKind::Field(name)
                }
            }
            b'$' => {
                let mut end = i + 1;
                while end < bytes.len() && is_ident_byte(bytes[end]) {
                    end += 1;
                }
                let name = src[i..end].to_string();
                i = end;
                TokKind::Var(name)
            }
            b'(' => {
                paren_depth += 1;
                i += 1;
                TokKind::LParen
            }
            b')' => {
                paren_depth -= 1;
                if paren_depth < 0 {
                    return Err(LexError { pos: i, message: "unexpected right paren".into() });
                }
                i += 1;
                TokKind::RParen
            }
            b'|' => {
                i += 1;
                TokKind::Pipe
            }
            b',' => {
                i += 1;
                TokKind::Comma
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                i += 2;
                TokKind::Declare
            }
            b'=' => {
                i += 1;
                TokKind::Assign
            }
            c if is_ident_byte(c) => {
                let mut end = i;
                while end < bytes.len() && is_ident_byte(bytes[end]) {
                    end += 1;
                }
                let name = src[i..end].to_string();
                i = end;
                TokKind::Ident(name)
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(LexError {
                    pos: i,
                    message: format!("unrecognized character in action: {ch:?}"),
                });
            }
        };
        tokens.push(Token { kind, pos: start, space_before });
        space_before = false;
    }
}

/// A Go number: digits, `_`, hex/octal/binary prefixes, a fraction and an exponent.
fn lex_number(src: &str, mut i: usize) -> usize {
    let bytes = src.as_bytes();
    let hex = src[i..].starts_with("0x") || src[i..].starts_with("0X");
    if hex || src[i..].starts_with("0o") || src[i..].starts_with("0b") {
        i += 2;
    }
    while i < bytes.len() {
        let c = bytes[i];
        let exponent = if hex { b"pP" } else { b"eE" };
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
            i += 1;
            if exponent.contains(&c) && matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

/// A `"…"` string with Go escapes; returns the text and the offset after the closing quote.
fn lex_quoted(src: &str, start: usize) -> Result<(String, usize), LexError> {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices();
    let err = |message: &str| LexError { pos: start, message: message.into() };
    while let Some((off, c)) = chars.next() {
        match c {
            '"' => return Ok((out, start + 1 + off + 1)),
            '\n' => return Err(err("unterminated quoted string")),
            '\\' => {
                let Some((_, e)) = chars.next() else {
                    return Err(err("unterminated quoted string"));
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..n).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                        let code = u32::from_str_radix(&hex, 16).map_err(|_| err("invalid escape in string"))?;
                        if e == 'x' {
                            // \xHH is a byte; only ASCII bytes make sense in a Rust string.
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        } else {
                            out.push(char::from_u32(code).ok_or_else(|| err("invalid escape in string"))?);
                        }
                    }
                    '0'..='7' => {
                        let mut octal = String::from(e);
                        for _ in 0..2 {
                            if let Some((_, d)) = chars.next() {
                                octal.push(d);
                            }
                        }
                        let code = u32::from_str_radix(&octal, 8).map_err(|_| err("invalid escape in string"))?;
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    _ => return Err(err("invalid escape in string")),
                }
            }
            c => out.push(c),
        }
    }
    Err(err("unterminated quoted string"))
}

/// A `'c'` character constant; returns its code point and the offset after it.
fn lex_char(src: &str, start: usize) -> Result<(u32, usize), LexError> {
    let rest = &src[start + 1..];
    let err = || LexError { pos: start, message: "invalid character constant".into() };
    if let Some(stripped) = rest.strip_prefix('\\') {
        let (text, _) = lex_quoted(&format!("\"\\{}\"", stripped.split('\'').next().unwrap_or("")), 0)
            .map_err(|_| err())?;
        let c = text.chars().next().ok_or_else(err)?;
        let close = rest.find('\'').ok_or_else(err)?;
        return Ok((c as u32, start + 1 + close + 1));
    }
    let c = rest.chars().next().ok_or_else(err)?;
    if !rest[c.len_utf8()..].starts_with('\'') {
        return Err(err());
    }
    Ok((c as u32, start + 1 + c.len_utf8() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokKind> {
        lex(src).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn text_and_actions_alternate() {
        use TokKind::*;
        assert_eq!(
            kinds("a {{ .Get \"src\" }} b"),
            vec![Text("a ".into()), Open, Field("Get".into()), Str("src".into()), Close, Text(" b".into())]
        );
    }

    #[test]
    fn trim_markers_eat_all_surrounding_whitespace() {
        use TokKind::*;
        assert_eq!(
            kinds("x \n\t{{- 1 -}}\n  y"),
            vec![Text("x".into()), Open, Number("1".into()), Close, Text("y".into())]
        );
        // `{{-3}}` is the number -3, not a trim marker.
        assert_eq!(kinds("a {{-3}}"), vec![Text("a ".into()), Open, Number("-3".into()), Close]);
    }

    #[test]
    fn comments_vanish_and_may_trim() {
        use TokKind::*;
        assert_eq!(kinds("a {{/* c\n c */}} b"), vec![Text("a ".into()), Text(" b".into())]);
        assert_eq!(kinds("a {{- /* c */ -}} b"), vec![Text("a".into()), Text("b".into())]);
        assert!(lex("{{/* c */ x }}").is_err());
        assert!(lex("{{/* c ").is_err());
    }

    #[test]
    fn literals_follow_go() {
        use TokKind::*;
        assert_eq!(
            kinds(r#"{{ "a\n\"b\"\u00e9" `raw\n` 'x' 0x1F 1.5e3 -2 }}"#),
            vec![
                Open,
                Str("a\n\"b\"é".into()),
                Str("raw\\n".into()),
                Number("120".into()),
                Number("0x1F".into()),
                Number("1.5e3".into()),
                Number("-2".into()),
                Close
            ]
        );
    }

    #[test]
    fn variables_fields_and_operators() {
        use TokKind::*;
        assert_eq!(
            kinds("{{ $x := $.Site.Params | default .Dot }}{{ $y = . }}"),
            vec![
                Open,
                Var("$x".into()),
                Declare,
                Var("$".into()),
                Field("Site".into()),
                Field("Params".into()),
                Pipe,
                Ident("default".into()),
                Field("Dot".into()),
                Close,
                Open,
                Var("$y".into()),
                Assign,
                Dot,
                Close
            ]
        );
    }

    #[test]
    fn chained_fields_have_no_space_before() {
        let toks = lex("{{ (.Get 1).Foo }}").unwrap();
        let foo = toks.iter().find(|t| t.kind == TokKind::Field("Foo".into())).unwrap();
        assert!(!foo.space_before);
        let get = toks.iter().find(|t| t.kind == TokKind::Field("Get".into())).unwrap();
        assert!(!get.space_before);
        let one = toks.iter().find(|t| t.kind == TokKind::Number("1".into())).unwrap();
        assert!(one.space_before);
    }

    #[test]
    fn errors_carry_offsets() {
        let err = lex("ab {{ \"open ").unwrap_err();
        assert_eq!(err.pos, 6);
        let err = lex("ab {{ .x ").unwrap_err();
        assert_eq!((err.pos, err.message.as_str()), (3, "unclosed action"));
        let err = lex("{{ # }}").unwrap_err();
        assert!(err.message.contains("unrecognized character"));
    }
}
