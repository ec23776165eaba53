//! A light scan of a page body for the index: the `ref`/`relref` calls, the shortcodes used,
//! the word count and the text search looks in.
//!
//! Deliberately minimal: the full shortcode grammar (nesting, raw strings, errors) is
//! `crate::shortcode`'s; the index only needs names and the first argument of refs, and it
//! must stay fast on 4,000 pages. Hugo expands shortcodes before Markdown, so calls inside
//! code fences count too; `{{</* … */>}}` is a comment, not a call.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use super::index::OutgoingRef;
use crate::shortcode::LineIndex;

/// What [`scan_body`] found.
pub(crate) struct BodyScan {
    pub refs: Vec<OutgoingRef>,
    pub shortcodes: Vec<String>,
    pub word_count: usize,
    /// The body without shortcode calls, HTML tags and link destinations.
    pub plain_text: String,
}

fn ref_argument_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^\s*(?:path\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`=]+)(?:\s|$))"#)
            .unwrap_or_else(|_| unreachable!())
    })
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

/// `body` with each piece of noise replaced by a space.
fn strip_noise(body: &str) -> String {
    let bytes = body.as_bytes();
    let mut plain = String::with_capacity(body.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr::memchr3(b'{', b'<', b']', &bytes[at..]) {
        let start = at + i;
        match noise_end(body, start) {
            Some(end) => {
                plain.push_str(&body[copied..start]);
                plain.push(' ');
                copied = end;
                at = end;
            }
            None => at = start + 1,
        }
    }
    plain.push_str(&body[copied..]);
    plain
}

/// Scans the body of `source`, which starts at byte `body_start`.
pub(crate) fn scan_body(source: &str, body_start: usize) -> BodyScan {
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
            let Some(arg) = ref_argument_regex().captures(call.args) else {
                continue;
            };
            let target = arg
                .get(1)
                .or_else(|| arg.get(2))
                .or_else(|| arg.get(3))
                .map_or("", |m| m.as_str());
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
    let plain_text = strip_noise(body);
    let word_count = plain_text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    BodyScan {
        refs,
        shortcodes: names.into_iter().map(str::to_string).collect(),
        word_count,
        plain_text,
    }
}

/// What text search looks in: `texts` lower-cased, each run of whitespace one space, the
/// texts on their own lines (so no query word matches across two of them).
pub(crate) fn search_text(texts: &[&str]) -> String {
    let mut out = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
    for text in texts {
        let mut space = true;
        if text.is_ascii() {
            // The common case, byte by byte.
            for &b in text.as_bytes() {
                if b.is_ascii_whitespace() || b == 0x0b {
                    if !space {
                        out.push(' ');
                        space = true;
                    }
                } else {
                    out.push(char::from(b.to_ascii_lowercase()));
                    space = false;
                }
            }
            out.push('\n');
            continue;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                if !space {
                    out.push(' ');
                    space = true;
                }
            } else if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                space = false;
            } else {
                out.extend(c.to_lowercase());
                space = false;
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regular expressions the scanner replaced, kept as its specification.
    fn reference_scan(body: &str) -> (Vec<(usize, String, bool, String)>, String) {
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
        (calls, noise.replace_all(body, " ").into_owned())
    }

    fn scanned(body: &str) -> (Vec<(usize, String, bool, String)>, String) {
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
        (calls, strip_noise(body))
    }

    #[test]
    fn the_scanner_matches_the_regular_expressions_it_replaced() {
        let tricky = [
            "{{< ref \"a.md\" >}} {{% relref `b` %}} {{</* note */>}} {{< /note >}}",
            "{{<>}} {{< >}} {{<x %}} {{% y >}} {{< z }} {{< w >}",
            "<a href=\"{{< ref x >}}\">t</a> <b\nc> [t](u) [t](u \"title\") [t](u\nv) [t](",
            "]( nospace ] (x) ](a b ](a)\u{a0}b) {{{< q >}}} {{< é >}} ]()",
            "{{< a\u{2003}/b >}} {{<\u{a0}/ c >}} {{< d */ >}} {{</*e*/>}}",
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
    fn finds_refs_with_positions_and_shortcode_names_but_not_comments_or_closers() {
        let source = "---\ntitle: x\n---\nSee [a]({{< ref \"a.md#part\" >}}) and {{< relref path=\"/news/b\" >}}.\n{{< note >}}Hi{{< /note >}} {{</* tweet 1 */>}} {{% ref `c.md` %}}\n";
        let start = source.find("See").unwrap();
        let scan = scan_body(source, start);
        let targets: Vec<_> = scan
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
        assert_eq!(scan.shortcodes, ["note", "ref", "relref"]);
        // See, and, Hi: the link text `a` counts too; calls and destinations do not.
        assert_eq!(scan.word_count, 4);
    }

    #[test]
    fn search_text_is_lower_cased_with_single_spaces_one_text_per_line() {
        assert_eq!(
            search_text(&["The CX", "  the\tcx\n\ncommunity Ünïcode "]),
            "the cx\nthe cx community ünïcode \n"
        );
    }
}
