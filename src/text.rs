//! Plain-text helpers every part of the core shares, with no knowledge of Hugo pages, sites or
//! templates: byte offsets to line and column ([`LineIndex`], [`line_column`]) and to the
//! UTF-16 offsets a browser editor counts in ([`utf16_offset`], [`byte_offset`]), Go's HTML
//! escapers (html/template's and `html.EscapeString`), and `.InnerDeindent`'s de-indentation.
//!
//! A leaf: it imports nothing from the crate, so any module may use it without a cycle.

/// 1-based line and column (in characters) of byte `offset` in `text`, for a single lookup;
/// an offset past the end or inside a character is clamped to the nearest character boundary
/// before it. Many lookups in one text: build a [`LineIndex`] once.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(text, offset)
}

/// The UTF-16 offset (what JavaScript strings and CodeMirror count) of byte `offset` in
/// `text`; an offset past the end counts to the end, one inside a character to its start.
pub fn utf16_offset(text: &str, offset: usize) -> usize {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].chars().map(char::len_utf16).sum()
}

/// The byte offset in `text` of UTF-16 offset `units`; `None` past the end or between the
/// two halves of a surrogate pair.
pub fn byte_offset(text: &str, units: usize) -> Option<usize> {
    let mut counted = 0;
    for (at, c) in text.char_indices() {
        if counted == units {
            return Some(at);
        }
        counted += c.len_utf16();
        if counted > units {
            return None;
        }
    }
    (counted == units).then_some(text.len())
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

/// The entity Go's escapers both print for `c`, if they escape it.
fn go_entity(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&#34;",
        '\'' => "&#39;",
        _ => return None,
    })
}

/// Go html/template's `htmlEscaper`: a value printed in text or in a quoted attribute
/// ([`go_escape_string`] plus `+` and NUL).
pub fn go_html_escaper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match (c, go_entity(c)) {
            (_, Some(entity)) => out.push_str(entity),
            ('+', None) => out.push_str("&#43;"),
            ('\0', None) => out.push('\u{fffd}'),
            (c, None) => out.push(c),
        }
    }
    out
}

/// Go's `html.EscapeString`: `<`, `>`, `&`, `'` and `"` (as `&#39;` and `&#34;`).
pub fn go_escape_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match go_entity(c) {
            Some(entity) => out.push_str(entity),
            None => out.push(c),
        }
    }
    out
}

/// Strips the indentation the non-blank lines share (Hugo's `.InnerDeindent`); blank lines
/// lose what they have of it.
pub fn deindent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let strip = line.len() - line.trim_start_matches([' ', '\t']).len();
        out.push_str(&line[strip.min(indent)..]);
    }
    out
}

/// Decodes `%XX` escapes (Go's `url.PathUnescape`); a `%` not followed by two hex digits, or
/// bytes that do not make UTF-8, are kept as they are.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && text.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass scan [`LineIndex`] must agree with.
    fn scanned_line_column(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\nçé x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'x' is at byte 3 + 2 + 2 + 1 = 8
        assert_eq!(line_column(text, 8), (2, 4));
        assert_eq!(line_column(text, 4), (2, 1), "inside `ç`");
        assert_eq!(line_column(text, 99), (2, 5), "past the end");
    }

    #[test]
    fn go_escapers_differ_only_in_plus_and_nul() {
        assert_eq!(
            go_escape_string("<a href='x'>\"&+"),
            "&lt;a href=&#39;x&#39;&gt;&#34;&amp;+"
        );
        assert_eq!(
            go_html_escaper("<'\"&+\0"),
            "&lt;&#39;&#34;&amp;&#43;\u{fffd}"
        );
    }

    #[test]
    fn deindent_strips_the_shared_indentation() {
        assert_eq!(deindent("    a\n      b\n\n    c"), "a\n  b\n\nc");
        assert_eq!(deindent("a\n  b"), "a\n  b");
        assert_eq!(deindent("  a\n \n  b\n"), "a\n\nb\n");
    }

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
                scanned_line_column(&text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn utf16_offsets_round_trip_past_astral_characters() {
        let text = "a😀é\nb";
        assert_eq!(utf16_offset(text, 0), 0);
        assert_eq!(utf16_offset(text, 1), 1);
        assert_eq!(utf16_offset(text, 5), 3); // after the emoji: two UTF-16 units
        assert_eq!(utf16_offset(text, 3), 1); // inside the emoji: its start
        assert_eq!(utf16_offset(text, 99), 6);
        assert_eq!(byte_offset(text, 3), Some(5));
        assert_eq!(byte_offset(text, 2), None); // between the surrogate halves
        assert_eq!(byte_offset(text, 6), Some(text.len()));
        assert_eq!(byte_offset(text, 7), None);
        for (at, _) in text.char_indices() {
            assert_eq!(byte_offset(text, utf16_offset(text, at)), Some(at));
        }
    }
}
