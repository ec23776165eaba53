//! `extensions.cjk.eastAsianLineBreaks`: goldmark prints a soft line break between East Asian
//! characters as nothing (`simple`, or CSS Text 3's segment break rules with `css3draft`).
//! pulldown-cmark gives every soft break an event; this pass drops the ones goldmark leaves out.

use std::sync::OnceLock;

use pulldown_cmark::Event;
use regex::Regex;

use super::delimiters::Piece;
use super::inline::{emoji_at, linkify_at};
use super::options::{EastAsianLineBreaks, MarkdownOptions};

/// Goldmark's `util.IsEastAsianWideRune`: Hiragana, Katakana, Han, Hangul, modifier letters
/// and CJK symbols and punctuation.
fn is_east_asian_wide(c: char) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^[\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}\p{Lm}\p{sc=Hangul}\x{3000}-\x{303F}]$",
        )
        .unwrap_or_else(|_| unreachable!("constant regex"))
    });
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

fn is_hangul(c: char) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\p{sc=Hangul}$").unwrap_or_else(|_| unreachable!("constant regex"))
    });
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// Go's `unicode.IsPunct`: general category P.
fn is_unicode_punct(c: char) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"^\p{P}$").unwrap_or_else(|_| unreachable!("constant regex")));
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// Goldmark's `util.EastAsianWidth` is F, W or H (its own table, UAX #11).
fn is_full_wide_or_half(c: char) -> bool {
    let r = c as u32;
    let ranges: &[(u32, u32)] = &[
        // F
        (0x3000, 0x3000),
        (0xFF01, 0xFF60),
        (0xFFE0, 0xFFE6),
        // H
        (0x20A9, 0x20A9),
        (0xFF61, 0xFFBE),
        (0xFFC2, 0xFFC7),
        (0xFFCA, 0xFFCF),
        (0xFFD2, 0xFFD7),
        (0xFFDA, 0xFFDC),
        (0xFFE8, 0xFFEE),
        // W
        (0x1100, 0x115F),
        (0x11A3, 0x11A7),
        (0x11FA, 0x11FF),
        (0x2329, 0x232A),
        (0x2E80, 0x2E99),
        (0x2E9B, 0x2EF3),
        (0x2F00, 0x2FD5),
        (0x2FF0, 0x2FFB),
        (0x3001, 0x303E),
        (0x3041, 0x3096),
        (0x3099, 0x30FF),
        (0x3105, 0x312D),
        (0x3131, 0x318E),
        (0x3190, 0x31BA),
        (0x31C0, 0x31E3),
        (0x31F0, 0x321E),
        (0x3220, 0x3247),
        (0x3250, 0x32FE),
        (0x3300, 0x4DBF),
        (0x4E00, 0xA48C),
        (0xA490, 0xA4C6),
        (0xA960, 0xA97C),
        (0xAC00, 0xD7A3),
        (0xD7B0, 0xD7C6),
        (0xD7CB, 0xD7FB),
        (0xF900, 0xFAFF),
        (0xFE10, 0xFE19),
        (0xFE30, 0xFE52),
        (0xFE54, 0xFE66),
        (0xFE68, 0xFE6B),
        (0x1B000, 0x1B001),
        (0x1F200, 0x1F202),
        (0x1F210, 0x1F23A),
        (0x1F240, 0x1F248),
        (0x1F250, 0x1F251),
        (0x20000, 0x2FFFD),
        (0x30000, 0x3FFFD),
    ];
    ranges.iter().any(|&(lo, hi)| lo <= r && r <= hi)
}

/// Goldmark's `util.IsSpaceDiscardingUnicodeRune` (CSS Text 3's space-discarding set): the
/// CJK, kana, Yi and full-width blocks.
fn is_space_discarding(c: char) -> bool {
    let r = c as u32;
    let ranges: &[(u32, u32)] = &[
        (0x2E80, 0x2EFF),
        (0x2F00, 0x2FDF),
        (0x2FF0, 0x2FFF),
        (0x3000, 0x303F),
        (0x3040, 0x309F),
        (0x30A0, 0x30FF),
        (0x3130, 0x319F),
        (0x31C0, 0x31EF),
        (0x31F0, 0x31FF),
        (0x3300, 0x33FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xA000, 0xA48F),
        (0xA490, 0xA4CF),
        (0xF900, 0xFAFF),
        (0xFE10, 0xFE1F),
        (0xFE30, 0xFE4F),
        (0xFE50, 0xFE6F),
        (0xFF00, 0xFFEF),
        (0x1B000, 0x1B16F),
        (0x20000, 0x2A6DF),
        (0x2A700, 0x2EBEF),
        (0x2F800, 0x2FA1F),
        (0x30000, 0x3134F),
    ];
    ranges.iter().any(|&(lo, hi)| lo <= r && r <= hi)
}

/// Whether goldmark writes the soft break between `before` and `after`.
fn keeps_break(style: EastAsianLineBreaks, before: char, after: char) -> bool {
    match style {
        EastAsianLineBreaks::Simple => !(is_east_asian_wide(before) && is_east_asian_wide(after)),
        EastAsianLineBreaks::Css3Draft => {
            if before == '\u{200B}' || after == '\u{200B}' {
                return false;
            }
            if is_full_wide_or_half(before) && is_full_wide_or_half(after) {
                return is_hangul(before) || is_hangul(after);
            }
            let discards =
                |c: char| is_space_discarding(c) || is_unicode_punct(c) || c == '\u{3000}';
            !(discards(before) || discards(after))
        }
    }
}

/// Whether goldmark reads the start of a line's `text` as a plain text node (not a
/// typographer, emoji or linkify node).
fn starts_plain(text: &str, options: &MarkdownOptions) -> bool {
    let typographer = options.typographer.is_some()
        && (text.starts_with(['\'', '"'])
            || ["--", "...", "<<", ">>"]
                .iter()
                .any(|s| text.starts_with(s)));
    let emoji = options.emoji && text.starts_with(':') && emoji_at(text).is_some();
    let linkify = options.linkify && linkify_at(text, &options.linkify_protocol).is_some();
    !(typographer || emoji || linkify)
}

/// Whether a line's last text node in goldmark, which holds the soft break, is empty: the
/// line ends in a typographer substitution.
fn ends_in_substitution(text: &str, options: &MarkdownOptions) -> bool {
    options.typographer.is_some()
        && (text.ends_with(['\'', '"']) || ["--", "...", ">>"].iter().any(|s| text.ends_with(s)))
}

/// Drops the soft breaks goldmark prints as nothing. Goldmark decides from the text node that
/// ends the line and the node that starts the next: the break is written when the line's
/// text is empty, and otherwise only when the next node is plain text and the style keeps it.
pub fn apply<'a>(pieces: Vec<Piece<'a>>, options: &MarkdownOptions) -> Vec<Piece<'a>> {
    let Some(style) = options.east_asian_line_breaks else {
        return pieces;
    };
    // `hardWraps` turns every soft break into `<br>` before this rule is asked.
    if options.hard_wraps {
        return pieces;
    }
    let text_of = |piece: Option<&Piece<'a>>| match piece {
        Some(Piece::Event(Event::Text(text), _)) => Some(text.to_string()),
        _ => None,
    };
    let mut drop = vec![false; pieces.len()];
    for i in 1..pieces.len() {
        if !matches!(pieces[i], Piece::Event(Event::SoftBreak, _)) {
            continue;
        }
        let before = text_of(pieces.get(i - 1))
            .filter(|t| !t.is_empty() && !ends_in_substitution(t, options));
        let Some(before) = before.and_then(|t| t.chars().next_back()) else {
            continue;
        };
        drop[i] = match text_of(pieces.get(i + 1)) {
            Some(next) if starts_plain(&next, options) => match next.chars().next() {
                Some(after) => !keeps_break(style, before, after),
                None => true,
            },
            _ => true,
        };
    }
    pieces
        .into_iter()
        .zip(drop)
        .filter_map(|(piece, dropped)| (!dropped).then_some(piece))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::render::{render_markdown, EastAsianLineBreaks, MarkdownOptions};

    fn md(src: &str, style: EastAsianLineBreaks) -> String {
        let options = MarkdownOptions {
            east_asian_line_breaks: Some(style),
            ..MarkdownOptions::default()
        };
        render_markdown(src, &options)
    }

    // What Hugo 0.168 printed for the same sources.
    #[test]
    fn breaks_between_wide_characters_vanish() {
        let simple = EastAsianLineBreaks::Simple;
        assert_eq!(
            md("日本語の\nつながり\n한국어\n문장", simple),
            "<p>日本語のつながり한국어문장</p>\n"
        );
        assert_eq!(
            md("中文，\n在\nEnglish\n\"q\"", simple),
            "<p>中文，\n在\nEnglish&ldquo;q&rdquo;</p>\n"
        );
        let css = EastAsianLineBreaks::Css3Draft;
        assert_eq!(
            md("中文，\n在\nand\n한국어\n문장", css),
            "<p>中文，在and\n한국어\n문장</p>\n"
        );
        assert_eq!(md("dash,\nan", css), "<p>dash,an</p>\n");
    }
}
