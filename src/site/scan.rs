//! A light scan of a page body for the index: the `ref`/`relref` calls and the shortcodes used
//! ([`scan_calls`]), and the word count and the text search looks in ([`SearchText`]).
//!
//! The tags come from the shortcode scanner's fast path ([`crate::shortcode::scan`]). Hugo
//! expands shortcodes before Markdown, so calls inside code fences count too; `{{</* … */>}}`
//! is a comment, not a call.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::index::OutgoingRef;
use crate::shortcode::scan::{call_end, ref_argument, tags};
use crate::text::LineIndex;

/// What [`scan_calls`] found.
pub(crate) struct BodyCalls {
    pub refs: Vec<OutgoingRef>,
    pub shortcodes: Vec<String>,
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
    for call in tags(body) {
        if call.comment || call.closing {
            continue;
        }
        names.insert(call.name);
        if call.name == "ref" || call.name == "relref" {
            let Some(target) = ref_argument(call.args) else {
                continue;
            };
            let offset = body_start + call.start;
            let (line, column) = lines
                .get_or_insert_with(|| LineIndex::new(source))
                .line_column(source, offset);
            refs.push(OutgoingRef {
                target: target.replace("\\\"", "\""),
                shortcode: call.name.to_string(),
                lang: crate::shortcode::scan::ref_lang(call.args).map(str::to_string),
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

/// A page body as search and the word count read it (see [`SearchText::add_body`]), made
/// when first asked for: a search, a sort by length, the JSON of the index. Opening a site
/// needs neither, and making them for every page was a fifth of indexing's time and 11 MB.
///
/// An entry indexed from its file reads the body again from that file then: what is on disk
/// at that moment (a file changed since is indexed again by the watcher anyway; one that can
/// no longer be read has no body text). Copies of an entry share what was made.
#[derive(Debug, Clone)]
pub(crate) struct BodyText {
    /// Where to read the body from; `None` when the entry was made from a source given, whose
    /// body text was then made at once.
    file: Option<Arc<Path>>,
    made: Arc<OnceLock<Body>>,
}

/// The lower-cased text of a body without its noise, and its word count.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Body {
    pub(crate) text: Box<str>,
    pub(crate) words: usize,
}

impl Body {
    fn of(body: &str) -> Body {
        let mut search = SearchText::with_capacity(body.len() + 1);
        let words = search.add_body(body);
        Body {
            text: search.into_string().into_boxed_str(),
            words,
        }
    }
}

impl BodyText {
    /// The body text of `body`, made now.
    pub(crate) fn of(body: &str) -> BodyText {
        BodyText {
            file: None,
            made: Arc::new(OnceLock::from(Body::of(body))),
        }
    }

    /// The body text of the page file at `file`, made when first asked for.
    pub(crate) fn from_file(file: &Path) -> BodyText {
        BodyText {
            file: Some(Arc::from(file)),
            made: Arc::new(OnceLock::new()),
        }
    }

    /// The body's text and word count, made (from the file) on first call.
    pub(crate) fn get(&self) -> &Body {
        self.made.get_or_init(|| {
            let source = self
                .file
                .as_deref()
                .and_then(|file| {
                    crate::document::read_text_limited(file, super::index::MAX_PAGE_BYTES).ok()
                })
                .unwrap_or_default();
            let body = source
                .get(crate::front_matter::body_start(&source)..)
                .unwrap_or_default();
            Body::of(body)
        })
    }

    /// Whether the text is made already.
    pub(crate) fn is_made(&self) -> bool {
        self.made.get().is_some()
    }
}

impl PartialEq for BodyText {
    fn eq(&self, other: &BodyText) -> bool {
        self.get() == other.get()
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

    /// Calls (offset, name, closing, params), the search text and the word count of a body.
    type Scan = (Vec<(usize, String, bool, String)>, String, usize);

    /// The regular expressions the scanner replaced, kept as its specification: the calls,
    /// the body's search text and its word count.
    fn reference_scan(body: &str) -> Scan {
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

    fn scanned(body: &str) -> Scan {
        let calls = tags(body)
            .map(|m| {
                (
                    m.start,
                    m.name.to_string(),
                    m.comment || m.closing,
                    m.args.trim_end().to_string(),
                )
            })
            .collect();
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
        }
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        // SearchText::push counts these as neither without asking the Unicode tables.
        assert!(('\u{2000}'..='\u{206f}').all(|c| !c.is_alphanumeric()));
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
