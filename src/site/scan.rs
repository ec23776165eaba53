//! A light scan of a page body for the index: the `ref`/`relref` calls and the shortcodes used
//! ([`scan_calls`]), and the word count and the text search looks in ([`SearchText`]).
//!
//! Deliberately minimal: the full shortcode grammar (nesting, raw strings, errors) is
//! `crate::shortcode`'s; the index only needs names and the first argument of refs, and it
//! must stay fast on 4,000 pages. Hugo expands shortcodes before Markdown, so calls inside
//! code fences count too; `{{</* … */>}}` is a comment, not a call.

use std::collections::BTreeSet;

use super::index::OutgoingRef;
use crate::shortcode::LineIndex;

/// What [`scan_calls`] found.
pub(crate) struct BodyCalls {
    pub refs: Vec<OutgoingRef>,
    pub shortcodes: Vec<String>,
}

/// The target a `ref`/`relref` call's arguments name, as written (escapes kept): a hand-written
/// matcher (it runs for every ref of the site) for
/// ``^\s*(?:path\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`=]+)(?:\s|$))``.
fn ref_argument(args: &str) -> Option<&str> {
    let args = args.trim_start();
    let named = args
        .strip_prefix("path")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix('='))
        .map(str::trim_start);
    // As the regex backtracks: `path` not followed by a usable value may be the target itself.
    named.and_then(ref_value).or_else(|| ref_value(args))
}

/// A quoted, back-quoted or bare value at the start of `text`.
fn ref_value(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'"' => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => return Some(&text[1..i]),
                    // `\\.`: any character but a newline may be escaped.
                    b'\\' if bytes.get(i + 1).is_some_and(|b| *b != b'\n') => {
                        i += 1 + text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    }
                    b'\\' => return None,
                    _ => i += 1,
                }
            }
            None
        }
        b'`' => {
            let close = memchr::memchr(b'`', &bytes[1..])?;
            Some(&text[1..1 + close])
        }
        _ => {
            let end = text
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '`' | '='))
                .unwrap_or(text.len());
            let followed_by_space = text[end..].chars().next().is_none_or(char::is_whitespace);
            (end > 0 && followed_by_space).then(|| &text[..end])
        }
    }
}

/// Where the first `>}}` or `%}}` at or after `from` starts.
fn call_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b'}', bytes.get(at..)?) {
        let brace = at + i;
        if brace > from
            && matches!(bytes[brace - 1], b'>' | b'%')
            && bytes.get(brace + 1) == Some(&b'}')
        {
            return Some(brace - 1);
        }
        at = brace + 1;
    }
    None
}

/// The shortcode call opening at `at` (`{{<` or `{{%`): whether it is a comment or a closing
/// tag, its name, its arguments and where it ends. A hand-written scanner (the index runs it
/// on every page) for `{{[<%](/*)?\s*(/)?\s*([A-Za-z0-9_./-]+)(.*?)(*/)?\s*[>%]}}`.
struct CallMatch<'a> {
    skip: bool,
    name: &'a str,
    args: &'a str,
    end: usize,
}

fn match_call(body: &str, at: usize) -> Option<CallMatch<'_>> {
    let bytes = body.as_bytes();
    let mut i = at + 3;
    let comment = bytes.get(i..i + 2) == Some(b"/*");
    if comment {
        i += 2;
    }
    let skip_space = |mut i: usize| {
        while let Some(c) = body.get(i..).and_then(|rest| rest.chars().next()) {
            if !c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
        i
    };
    i = skip_space(i);
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i = skip_space(i + 1);
    }
    let name_start = i;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-'))
    {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let close = call_end(bytes, i)?;
    let args = body[i..close].trim_end();
    let args = args.strip_suffix("*/").map_or(args, str::trim_end);
    Some(CallMatch {
        skip: comment || closing,
        name: &body[name_start..i],
        args,
        end: close + 3,
    })
}

/// The starts of `{{<` and `{{%` in `body`, in order.
fn call_openings(body: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = body.as_bytes();
    memchr::memchr_iter(b'{', bytes).filter(move |&i| {
        bytes.get(i + 1) == Some(&b'{') && matches!(bytes.get(i + 2), Some(b'<' | b'%'))
    })
}

/// The end of the noise (a call, an HTML tag, a link destination) that starts at `at`, if any:
/// the first of `(?s){{[<%].*?[>%]}}`, `<[^>\n]*>`, `\]\([^)\s]*(?:\s+[^)]*)?\)` to match.
fn noise_end(body: &str, at: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    match bytes[at] {
        b'{' if bytes.get(at + 1) == Some(&b'{')
            && matches!(bytes.get(at + 2), Some(b'<' | b'%')) =>
        {
            call_end(bytes, at + 3).map(|close| close + 3)
        }
        b'<' => {
            let rest = &bytes[at + 1..];
            let stop = memchr::memchr2(b'>', b'\n', rest)?;
            (rest[stop] == b'>').then_some(at + 1 + stop + 1)
        }
        b']' if bytes.get(at + 1) == Some(&b'(') => {
            let start = at + 2;
            let mut chars = body[start..].char_indices();
            loop {
                let (i, c) = chars.next()?;
                if c == ')' {
                    return Some(start + i + 1);
                }
                if c.is_whitespace() {
                    let close = memchr::memchr(b')', &bytes[start + i..])?;
                    return Some(start + i + close + 1);
                }
            }
        }
        _ => None,
    }
}

/// Finds the shortcode calls in the body of `source`, which starts at byte `body_start`.
pub(crate) fn scan_calls(source: &str, body_start: usize) -> BodyCalls {
    let body = source.get(body_start..).unwrap_or_default();
    let mut refs = Vec::new();
    let mut names = BTreeSet::new();
    let mut lines: Option<LineIndex> = None;
    let mut resume = 0;
    for at in call_openings(body) {
        if at < resume {
            continue;
        }
        let Some(call) = match_call(body, at) else {
            continue;
        };
        resume = call.end;
        if call.skip {
            continue;
        }
        names.insert(call.name);
        if call.name == "ref" || call.name == "relref" {
            let Some(target) = ref_argument(call.args) else {
                continue;
            };
            let offset = body_start + at;
            let (line, column) = lines
                .get_or_insert_with(|| LineIndex::new(source))
                .line_column(source, offset);
            refs.push(OutgoingRef {
                target: target.replace("\\\"", "\""),
                shortcode: call.name.to_string(),
                offset,
                line,
                column,
            });
        }
    }
    BodyCalls {
        refs,
        shortcodes: names.into_iter().map(str::to_string).collect(),
    }
}

/// What text search looks in, built text by text: each lower-cased, on a line of its own; a
/// body without its shortcode calls, HTML tags and link destinations (each read as a space),
/// its words counted (runs of non-whitespace with a letter or digit).
///
/// Whitespace is kept as written: query words never hold any, so collapsing it changed no
/// result. This runs over every byte of the site (about 12 MB of text for digital.gov), so
/// ASCII runs are copied whole and lower-cased in place, and words are counted with one
/// table look-up per byte; written a character at a time it was a fifth of indexing's time.
pub(crate) struct SearchText {
    text: String,
    /// Where the word count stands: [`OUTSIDE`], [`IN_WORD`] or [`IN_COUNTED`].
    state: u8,
    words: usize,
}

/// Word-count states: between words, in a word without a letter or digit yet, in a word
/// with one.
const OUTSIDE: u8 = 0;
const IN_WORD: u8 = 1;
const IN_COUNTED: u8 = 2;

/// Byte classes ([`BYTE_CLASS`]); [`SearchText::push`] relies on SPACE and NON_ASCII being
/// the odd ones.
const OTHER: u8 = 0;
const SPACE: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const NON_ASCII: u8 = 3;

/// Each byte's class: ASCII whitespace as `char::is_whitespace` has it (vertical tab
/// included), ASCII letters and digits, other ASCII, and the bytes of other characters.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if !byte.is_ascii() {
            table[b] = NON_ASCII;
        } else if matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            table[b] = SPACE;
        } else if byte.is_ascii_alphanumeric() {
            table[b] = ALPHANUMERIC;
        }
        b += 1;
    }
    table
};

/// `TRANSITION[state * 4 + class]`: the next state, plus 4 when a counted word ends (16
/// entries, so an index masked with 15 needs no bounds check).
#[rustfmt::skip]
static TRANSITION: [u8; 16] = [
    // OUTSIDE: other, space, alphanumeric
    IN_WORD, OUTSIDE, IN_COUNTED, 0,
    // IN_WORD
    IN_WORD, OUTSIDE, IN_COUNTED, 0,
    // IN_COUNTED: a space ends a word that counts
    IN_COUNTED, OUTSIDE | 4, IN_COUNTED, 0,
    0, 0, 0, 0,
];

/// The transition from `state` on a byte or character of `class`.
fn transition(state: u8, class: u8) -> u8 {
    TRANSITION[usize::from((state << 2 | class) & 15)]
}

impl SearchText {
    /// An empty one with room for `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> SearchText {
        SearchText {
            text: String::with_capacity(capacity),
            state: OUTSIDE,
            words: 0,
        }
    }

    /// Adds `text` on a line of its own.
    pub(crate) fn add(&mut self, text: &str) {
        self.push(text);
        self.end_line();
    }

    /// Adds a page body on a line of its own, each piece of noise (a shortcode call, an HTML
    /// tag, a link destination: the first of `(?s){{[<%].*?[>%]}}`, `<[^>\n]*>`,
    /// `\]\([^)\s]*(?:\s+[^)]*)?\)` to match) read as a space; returns its word count.
    pub(crate) fn add_body(&mut self, body: &str) -> usize {
        let words_before = self.words;
        let bytes = body.as_bytes();
        let mut copied = 0;
        let mut at = 0;
        while let Some(i) = memchr::memchr3(b'{', b'<', b']', &bytes[at..]) {
            let start = at + i;
            match noise_end(body, start) {
                Some(end) => {
                    self.push(&body[copied..start]);
                    self.push_char_of(SPACE, ' ');
                    copied = end;
                    at = end;
                }
                None => at = start + 1,
            }
        }
        self.push(&body[copied..]);
        self.end_line();
        self.words - words_before
    }

    /// The text built.
    pub(crate) fn into_string(mut self) -> String {
        // Room was made for the texts as given; leaving out the noise shrinks a body.
        self.text.shrink_to_fit();
        self.text
    }

    fn push(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // In locals while the bytes are walked, so the loop keeps them in registers.
        let mut state = self.state;
        let mut words = self.words;
        let mut run_start = 0;
        let mut i = 0;
        let class_at = |i: usize| bytes.get(i).map(|b| BYTE_CLASS[usize::from(*b)]);
        while i < bytes.len() {
            // Most bytes change nothing: inside a word that counts only a space or another
            // character does (both have bit 1 set), between words only a non-space.
            match state {
                IN_COUNTED => {
                    while class_at(i).is_some_and(|class| class & 1 == 0) {
                        i += 1;
                    }
                }
                OUTSIDE => {
                    while class_at(i) == Some(SPACE) {
                        i += 1;
                    }
                }
                _ => {}
            }
            let Some(class) = class_at(i) else {
                break;
            };
            if class != NON_ASCII {
                let next = transition(state, class);
                words += usize::from(next >> 2);
                state = next & 3;
                i += 1;
                continue;
            }
            self.push_lowered_ascii(&text[run_start..i]);
            // `i` starts a character: only ASCII bytes were passed over.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            // Curly quotes and dashes (General Punctuation, which holds no letter or digit)
            // are most of the other characters; they skip the Unicode tables.
            let class = if c.is_whitespace() {
                SPACE
            } else if ('\u{2000}'..='\u{206f}').contains(&c) {
                OTHER
            } else if c.is_alphanumeric() {
                ALPHANUMERIC
            } else {
                OTHER
            };
            (self.state, self.words) = (state, words);
            self.push_char_of(class, c);
            (state, words) = (self.state, self.words);
            i += c.len_utf8();
            run_start = i;
        }
        self.push_lowered_ascii(&text[run_start..]);
        (self.state, self.words) = (state, words);
    }

    /// Appends ASCII `run`, lower-cased.
    fn push_lowered_ascii(&mut self, run: &str) {
        let at = self.text.len();
        self.text.push_str(run);
        self.text[at..].make_ascii_lowercase();
    }

    /// Appends `c`, lower-cased, of word-count class `class`.
    fn push_char_of(&mut self, class: u8, c: char) {
        let next = transition(self.state, class);
        self.words += usize::from(next >> 2);
        self.state = next & 3;
        self.text.extend(c.to_lowercase());
    }

    fn end_line(&mut self) {
        self.push_char_of(SPACE, '\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// What [`SearchText`] writes, a character at a time: each text lower-cased, a line each.
    fn reference_search_text(texts: &[&str]) -> String {
        let mut out = String::new();
        for text in texts {
            out.extend(text.chars().flat_map(char::to_lowercase));
            out.push('\n');
        }
        out
    }

    /// The regular expressions the scanner replaced, kept as its specification: the calls,
    /// the body's search text and its word count.
    fn reference_scan(body: &str) -> (Vec<(usize, String, bool, String)>, String, usize) {
        let call = Regex::new(
            r"\{\{([<%])(/\*)?\s*(/)?\s*([A-Za-z0-9_./-]+)((?s:.*?))(?:\*/)?\s*[>%]\}\}",
        )
        .unwrap();
        let noise =
            Regex::new(r"(?s)\{\{[<%].*?[>%]\}\}|<[^>\n]*>|\]\([^)\s]*(?:\s+[^)]*)?\)").unwrap();
        let calls = call
            .captures_iter(body)
            .map(|c| {
                (
                    c.get(0).unwrap().start(),
                    c[4].to_string(),
                    c.get(2).is_some() || c.get(3).is_some(),
                    c[5].trim_end().to_string(),
                )
            })
            .collect();
        let plain = noise.replace_all(body, " ");
        let words = plain
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        (calls, reference_search_text(&[&plain]), words)
    }

    /// The regular expression [`ref_argument`] replaced.
    fn reference_ref_argument(args: &str) -> Option<String> {
        let re = Regex::new(
            r#"^\s*(?:path\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`=]+)(?:\s|$))"#,
        )
        .unwrap();
        let arg = re.captures(args)?;
        let target = arg.get(1).or_else(|| arg.get(2)).or_else(|| arg.get(3));
        Some(target.map_or("", |m| m.as_str()).to_string())
    }

    fn scanned(body: &str) -> (Vec<(usize, String, bool, String)>, String, usize) {
        let mut calls = Vec::new();
        let mut resume = 0;
        for at in call_openings(body) {
            if at < resume {
                continue;
            }
            if let Some(m) = match_call(body, at) {
                resume = m.end;
                calls.push((
                    at,
                    m.name.to_string(),
                    m.skip,
                    m.args.trim_end().to_string(),
                ));
            }
        }
        let mut search = SearchText::with_capacity(body.len());
        let words = search.add_body(body);
        (calls, search.into_string(), words)
    }

    #[test]
    fn the_scanner_matches_the_regular_expressions_it_replaced() {
        let tricky = [
            "{{< ref \"a.md\" >}} {{% relref `b` %}} {{</* note */>}} {{< /note >}}",
            "{{<>}} {{< >}} {{<x %}} {{% y >}} {{< z }} {{< w >}",
            "<a href=\"{{< ref x >}}\">t</a> <b\nc> [t](u) [t](u \"title\") [t](u\nv) [t](",
            "]( nospace ] (x) ](a b ](a)\u{a0}b) {{{< q >}}} {{< é >}} ]()",
            "{{< a\u{2003}/b >}} {{<\u{a0}/ c >}} {{< d */ >}} {{</*e*/>}}",
            "  The CX\t\x0b\x0ccommunity\r\n— ÜNÏCODE İstanbul ΣΑΣ , . -- 42 a{{< x >}}b ",
            "text only",
            "",
        ];
        let mut bodies: Vec<String> = tricky.iter().map(|s| s.to_string()).collect();
        if let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") {
            for entry in walkdir::WalkDir::new(std::path::Path::new(&corpus).join("content"))
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
            {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    bodies.push(text);
                }
            }
        }
        for body in &bodies {
            assert_eq!(scanned(body), reference_scan(body), "{body}");
            for (_, name, _, args) in scanned(body).0 {
                if name == "ref" || name == "relref" {
                    assert_eq!(
                        ref_argument(&args).map(str::to_string),
                        reference_ref_argument(&args),
                        "{args}"
                    );
                }
            }
        }
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        // SearchText::push counts these as neither without asking the Unicode tables.
        assert!(('\u{2000}'..='\u{206f}').all(|c| !c.is_alphanumeric()));
    }

    #[test]
    fn ref_arguments_are_read_as_the_regular_expression_did() {
        let cases = [
            "\"a.md\"",
            "  path=\"b.md#x\" lang=en",
            "path = `c.md`",
            "path",
            "path.md",
            "path = \"unclosed",
            "\"esc\\\"aped\" more",
            "\"bad\\\nescape\"",
            "\"é\\é\"",
            "bare.md",
            "bare.md\u{a0}",
            "bare\"x",
            "=x",
            "`unclosed",
            "",
            "   ",
        ];
        for args in cases {
            assert_eq!(
                ref_argument(args).map(str::to_string),
                reference_ref_argument(args),
                "{args:?}"
            );
        }
    }

    #[test]
    fn finds_refs_with_positions_and_shortcode_names_but_not_comments_or_closers() {
        let source = "---\ntitle: x\n---\nSee [a]({{< ref \"a.md#part\" >}}) and {{< relref path=\"/news/b\" >}}.\n{{< note >}}Hi{{< /note >}} {{</* tweet 1 */>}} {{% ref `c.md` %}}\n";
        let start = source.find("See").unwrap();
        let calls = scan_calls(source, start);
        let targets: Vec<_> = calls
            .refs
            .iter()
            .map(|r| (r.target.as_str(), r.shortcode.as_str(), r.line, r.column))
            .collect();
        assert_eq!(
            targets,
            [
                ("a.md#part", "ref", 4, 9),
                ("/news/b", "relref", 4, 38),
                ("c.md", "ref", 5, 49)
            ]
        );
        assert_eq!(calls.shortcodes, ["note", "ref", "relref"]);
        // See, and, Hi: the link text `a` counts too; calls and destinations do not.
        let mut search = SearchText::with_capacity(0);
        assert_eq!(search.add_body(&source[start..]), 4);
    }

    #[test]
    fn search_text_is_lower_cased_one_text_per_line_without_noise() {
        let mut search = SearchText::with_capacity(0);
        search.add("The CX");
        search.add(" the\tcx community Ünïcode ");
        let words = search.add_body("A {{< note >}}B{{< /note >}} [link](https://x.gov) <br>— 3");
        assert_eq!(
            search.into_string(),
            "the cx\n the\tcx community ünïcode \na  b  [link   — 3\n"
        );
        // `—` is not a word: a, b, link, 3.
        assert_eq!(words, 4);
    }
}
