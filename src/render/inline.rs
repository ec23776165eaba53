//! Goldmark's inline extensions that pulldown-cmark lacks, applied to plain text runs: the
//! typographer (entity strings, goldmark's exact quote rules), linkify (GFM autolink literals,
//! goldmark's regexes and trimming) and `:emoji:` shortcodes.

use std::sync::OnceLock;

use regex::Regex;

use super::options::TypographerStrings;

/// Goldmark's `util.IsPunct` on a byte: ASCII punctuation.
fn is_punct_byte(b: u8) -> bool {
    b.is_ascii_punctuation()
}

/// Goldmark's `util.IsSpace` on a byte.
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Go's `unicode.IsPunct` (category P), close enough: ASCII punctuation that is not a symbol,
/// plus the common Unicode punctuation.
fn is_unicode_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{00a1}' | '\u{00a7}' | '\u{00ab}' | '\u{00b6}' | '\u{00b7}' | '\u{00bb}' | '\u{00bf}')
}

/// Goldmark's `util.IsPunctRune`: punctuation or symbol.
fn is_punct_rune(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    is_unicode_punct(c)
        || matches!(c, '\u{00a2}'..='\u{00a9}' | '\u{00ac}'..='\u{00b1}' | '\u{2100}'..='\u{2bff}')
}

pub(super) fn is_space_rune(c: char) -> bool {
    c.is_whitespace()
}

pub(super) fn left_flanking(before: char, after: char) -> bool {
    !is_space_rune(after)
        && (!is_punct_rune(after) || is_space_rune(before) || is_punct_rune(before))
}

pub(super) fn right_flanking(before: char, after: char) -> bool {
    !is_space_rune(before)
        && (!is_punct_rune(before) || is_space_rune(after) || is_punct_rune(after))
}

/// Quotes opened and not yet closed in the current block (goldmark resets them per block).
#[derive(Debug, Default, Clone, Copy)]
pub struct QuoteCounter {
    single: i32,
    double: i32,
}

/// How much of a line [`typographer_at`] reads: bytes up to index 7 (a character at index 4),
/// and the line's length compared with numbers up to 4.
pub const TYPOGRAPHER_LOOKAHEAD: usize = 16;

/// What the typographer makes of the text at the start of `line` (the rest of the source line
/// from the current position, newline included), given the character `before` it: the
/// substitution and how many bytes it replaces. Only the line's first
/// [`TYPOGRAPHER_LOOKAHEAD`] bytes matter: a caller may cut it there.
pub fn typographer_at<'a>(
    line: &[u8],
    before: char,
    strings: &'a TypographerStrings,
    counter: &mut QuoteCounter,
) -> Option<(&'a str, usize)> {
    let c = *line.first()?;
    if line.len() > 2 {
        match c {
            b'-' if line[1] == b'-' && line[2] == b'-' => return Some((&strings.em_dash, 3)),
            b'.' => {
                if line[1] == b'.' && line[2] == b'.' {
                    return Some((&strings.ellipsis, 3));
                }
                return None;
            }
            _ => {}
        }
    }
    if line.len() > 1 {
        match c {
            b'<' => return (line[1] == b'<').then_some((strings.left_angle_quote.as_str(), 2)),
            b'>' => return (line[1] == b'>').then_some((strings.right_angle_quote.as_str(), 2)),
            b'-' if line[1] == b'-' => return Some((&strings.en_dash, 2)),
            _ => {}
        }
    }
    if c != b'\'' && c != b'"' {
        return None;
    }
    // The character at byte `i` (decoded alone: the line may be cut short, see below).
    let rune_at = |i: usize| -> char {
        let rest = line.get(i..).unwrap_or_default();
        let width = match rest.first() {
            Some(&b) if b >= 0xF0 => 4,
            Some(&b) if b >= 0xE0 => 3,
            Some(&b) if b >= 0xC0 => 2,
            _ => 1,
        };
        std::str::from_utf8(&rest[..width.min(rest.len())])
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or(' ')
    };
    let after = if line.len() > 1 { rune_at(1) } else { ' ' };
    let can_open = left_flanking(before, after);
    let can_close = right_flanking(before, after);
    if !can_open && !can_close {
        return None;
    }
    // A quote that closes an open one: right-flanking only, or both when punctuation and then
    // the end, punctuation or a space follow.
    let closes = || {
        (can_close && !can_open)
            || (can_close
                && can_open
                && line.len() > 1
                && is_unicode_punct(rune_at(1))
                && (line.len() == 2
                    || (line.len() > 2 && is_punct_byte(line[2]))
                    || line.get(2).is_some_and(|&b| is_space_byte(b))))
    };
    let punct_or_space_at = |i: usize| {
        line.get(i)
            .is_some_and(|&b| is_punct_byte(b) || is_space_byte(b))
    };
    if c == b'\'' {
        // Decade abbreviations such as '90s.
        if can_open
            && !can_close
            && line.len() > 3
            && line[1].is_ascii_digit()
            && line[2].is_ascii_digit()
            && line[3] == b's'
        {
            let after = if line.len() > 4 { rune_at(4) } else { ' ' };
            if line.len() == 3 || is_space_rune(after) || is_punct_rune(after) {
                return Some((&strings.apostrophe, 1));
            }
        }
        // 'twas, 'em, 'net.
        if line.len() > 1
            && (is_unicode_punct(before) || before.is_whitespace())
            && matches!(line[1], b't' | b'e' | b'n' | b'l')
        {
            return Some((&strings.apostrophe, 1));
        }
        // An apostrophe between a letter or digit and a letter.
        if line.len() > 1
            && (before.is_numeric() || before.is_alphabetic())
            && rune_at(1).is_alphabetic()
        {
            return Some((&strings.apostrophe, 1));
        }
        if can_open && !can_close {
            let mut right = false;
            // Alice's, I'm, Don't, You'd.
            if line.len() > 1
                && matches!(line[1], b's' | b'm' | b't' | b'd')
                && (line.len() < 3 || punct_or_space_at(2))
            {
                right = true;
            }
            // I've, I'll, You're.
            if line.len() > 2
                && matches!(
                    (line[1], line[2]),
                    (b'v', b'e') | (b'l', b'l') | (b'r', b'e')
                )
                && (line.len() < 4 || punct_or_space_at(3))
            {
                right = true;
            }
            if right {
                return Some((&strings.right_single_quote, 1));
            }
            counter.single += 1;
            return Some((&strings.left_single_quote, 1));
        }
        // Plural possessives and abbreviations: Smiths', doin'. (Go's operator precedence
        // makes this condition what it is.)
        let first = rune_at(0);
        if (line.len() > 1 && first.is_whitespace())
            || (is_unicode_punct(first) && line.len() > 2 && !rune_at(1).is_numeric())
        {
            return Some((&strings.right_single_quote, 1));
        }
        if counter.single > 0 && closes() {
            counter.single -= 1;
            return Some((&strings.right_single_quote, 1));
        }
        return None;
    }
    if can_open && !can_close {
        counter.double += 1;
        return Some((&strings.left_double_quote, 1));
    }
    if counter.double > 0 && closes() {
        // "Monitor 21"".
        if line.len() > 1 && line[1] == b'"' && before.is_numeric() {
            return None;
        }
        counter.double -= 1;
        return Some((&strings.right_double_quote, 1));
    }
    None
}

/// Goldmark's `util.ResolveEntityNames`: each named character reference (`&eacute;`)
/// becomes its characters; numeric references and unknown names stay as written.
/// pulldown-cmark knows the same HTML5 names, so it resolves each candidate.
pub fn resolve_entity_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let name_len = rest[1..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if name_len > 0 && rest.as_bytes().get(name_len + 1) == Some(&b';') {
            let reference = &rest[..name_len + 2];
            let resolved: String = pulldown_cmark::Parser::new(reference)
                .filter_map(|event| match event {
                    pulldown_cmark::Event::Text(t) => Some(t.into_string()),
                    _ => None,
                })
                .collect();
            out.push_str(&resolved);
            rest = &rest[reference.len()..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// A URL, `www.` address or e-mail address found by linkify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkifyMatch {
    /// Bytes of the text the link covers.
    pub len: usize,
    /// The link's destination.
    pub href: String,
}

fn url_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^(?:http|https|ftp)://[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'">\^{}\[\]`]*)?"#)
            .unwrap_or_else(|_| unreachable!("constant regex"))
    })
}

fn www_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^www\.[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'">\^{}\[\]`]*)?"#)
            .unwrap_or_else(|_| unreachable!("constant regex"))
    })
}

fn email_domain_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*")
            .unwrap_or_else(|_| unreachable!("constant regex"))
    })
}

fn is_email_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b)
}

/// Goldmark's linkify at the start of `line` (the text from a trigger position: a line head,
/// or just after a space, `*`, `_`, `~` or `(`).
pub fn linkify_at(line: &str, protocol: &str) -> Option<LinkifyMatch> {
    let bytes = line.as_bytes();
    let mut end = None;
    let mut is_www = false;
    if line.starts_with("http:") || line.starts_with("https:") || line.starts_with("ftp:") {
        end = url_regex().find(line).map(|m| m.end());
    }
    if end.is_none() && line.starts_with("www.") {
        end = www_regex().find(line).map(|m| m.end());
        is_www = true;
    }
    let mut is_email = false;
    let mut stop = match end {
        Some(mut stop) => {
            // Trailing punctuation is not part of the address (then an unbalanced `)` or a
            // trailing entity, once), as Hugo 0.168 prints `https://a.b/c),` and `c?,`.
            while stop > 1
                && matches!(
                    bytes[stop - 1],
                    b'.' | b',' | b'?' | b'!' | b':' | b'*' | b'_' | b'~'
                )
            {
                stop -= 1;
            }
            match bytes[stop - 1] {
                b')' => {
                    let mut closing = 0i32;
                    for &b in &bytes[..stop] {
                        match b {
                            b')' => closing += 1,
                            b'(' => closing -= 1,
                            _ => {}
                        }
                    }
                    if closing > 0 {
                        stop -= closing as usize;
                    }
                }
                b';' => {
                    let mut i = stop as isize - 2;
                    while i >= 0 && bytes[i as usize].is_ascii_alphanumeric() {
                        i -= 1;
                    }
                    if i != stop as isize - 2 && i >= 0 && bytes[i as usize] == b'&' {
                        stop = i as usize;
                    }
                }
                _ => {}
            }
            stop
        }
        None => {
            if bytes.first().is_some_and(|&b| is_punct_byte(b)) {
                return None;
            }
            is_email = true;
            let local = bytes
                .iter()
                .take_while(|&&b| is_email_local_byte(b))
                .count();
            if local == 0 || bytes.get(local) != Some(&b'@') {
                return None;
            }
            let domain = email_domain_regex().find(&line[local + 1..])?;
            let mut stop = local + 1 + domain.end();
            if !line[local..stop.saturating_sub(1)].contains('.') {
                return None;
            }
            if bytes[stop - 1] == b'.' {
                stop -= 1;
            }
            if matches!(bytes.get(stop), Some(b'-' | b'_')) {
                return None;
            }
            stop
        }
    };
    // Trailing punctuation is not part of an address either (a URL's was trimmed above).
    while is_email
        && stop > 1
        && matches!(
            bytes[stop - 1],
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~'
        )
    {
        stop -= 1;
    }
    if stop == 0 {
        return None;
    }
    let text = &line[..stop];
    let href = if is_email {
        format!("mailto:{text}")
    } else if is_www {
        format!("{protocol}://{text}")
    } else {
        text.to_string()
    };
    Some(LinkifyMatch { len: stop, href })
}

/// An `:emoji:` shortcode at the start of `text`: the HTML entities and the bytes it covers.
pub fn emoji_at(text: &str) -> Option<(String, usize)> {
    let rest = text.strip_prefix(':')?;
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+'))
        .count();
    if name_len == 0 || rest.as_bytes().get(name_len) != Some(&b':') {
        return None;
    }
    let emoji = emojis::get_by_shortcode(&rest[..name_len])?;
    let entities = emoji
        .as_str()
        .chars()
        // goldmark-emoji writes the zero-width joiner by its name.
        .map(|c| match c {
            '\u{200d}' => "&zwj;".to_string(),
            c => format!("&#x{:x};", c as u32),
        })
        .collect();
    Some((entities, name_len + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typo(text: &str) -> String {
        let strings = TypographerStrings::default();
        let mut counter = QuoteCounter::default();
        let mut out = String::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let before = text[..i].chars().last().unwrap_or('\n');
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
            if let Some((s, n)) =
                typographer_at(&bytes[i..line_end], before, &strings, &mut counter)
            {
                out.push_str(s);
                i += n;
            } else {
                let c = text[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
        out
    }

    #[test]
    fn typographer_matches_goldmark() {
        assert_eq!(
            typo("\"Quoted\" it's '90s rock 'n' roll -- a --- b... <<a>> 5'10\""),
            "&ldquo;Quoted&rdquo; it&rsquo;s &rsquo;90s rock &rsquo;n&rsquo; roll &ndash; a &mdash; b&hellip; &laquo;a&raquo; 5'10\""
        );
        assert_eq!(typo("Don't stop"), "Don&rsquo;t stop");
    }

    #[test]
    fn linkify_trims_like_goldmark() {
        assert_eq!(
            linkify_at("https://example.com/path?q=1. and", "https")
                .unwrap()
                .len,
            28
        );
        assert_eq!(
            linkify_at("www.example.org and", "https").unwrap().href,
            "https://www.example.org"
        );
        assert_eq!(
            linkify_at("someone@example.com x", "https").unwrap().href,
            "mailto:someone@example.com"
        );
        assert_eq!(linkify_at("https://x.com/a)", "https").unwrap().len, 15);
        assert!(linkify_at("foo.bar/baz)", "https").is_none());
        // What Hugo 0.168 links in each (the real binary's output): trailing punctuation goes,
        // then an unbalanced `)` or an entity, once.
        for (text, linked) in [
            ("https://a.b/c), y", "https://a.b/c"),
            ("https://a.b/c?, y", "https://a.b/c"),
            ("https://a.b/c),. y", "https://a.b/c"),
            ("https://a.b/c.) y", "https://a.b/c."),
            ("https://a.b/(c), y", "https://a.b/(c)"),
            ("https://a.b/c&amp;, y", "https://a.b/c"),
            ("https://a.b/c; y", "https://a.b/c;"),
            ("https://a.b/c,d y", "https://a.b/c,d"),
            ("www.a.b/c), y", "www.a.b/c"),
        ] {
            assert_eq!(
                &text[..linkify_at(text, "https").unwrap().len],
                linked,
                "{text}"
            );
        }
    }

    #[test]
    fn named_entities_resolve_and_numeric_ones_stay() {
        assert_eq!(
            resolve_entity_names("&eacute;a&#233; &amp;x &bogus;z &"),
            "éa&#233; &x &bogus;z &"
        );
    }

    #[test]
    fn emoji_become_entities() {
        assert_eq!(emoji_at(":smile: x"), Some(("&#x1f604;".into(), 7)));
        assert_eq!(emoji_at(":+1:"), Some(("&#x1f44d;".into(), 4)));
        // Hugo 0.168 (quick-reference/emojis of its documentation).
        assert_eq!(
            emoji_at(":face_in_clouds:"),
            Some(("&#x1f636;&zwj;&#x1f32b;&#xfe0f;".into(), 16))
        );
        assert!(emoji_at(":not_an_emoji:").is_none());
    }
}
