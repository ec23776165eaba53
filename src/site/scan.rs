//! A light scan of a page body for the index: the `ref`/`relref` calls, the shortcodes used,
//! the word count and the words text search looks in.
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

fn call_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The opening delimiter, an optional comment marker, an optional closing slash, the name,
    // then the arguments up to the matching end delimiter.
    RE.get_or_init(|| {
        Regex::new(r"\{\{([<%])(/\*)?\s*(/)?\s*([A-Za-z0-9_./-]+)((?s:.*?))(?:\*/)?\s*[>%]\}\}")
            .unwrap_or_else(|_| unreachable!())
    })
}

fn ref_argument_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^\s*(?:path\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`=]+)(?:\s|$))"#)
            .unwrap_or_else(|_| unreachable!())
    })
}

fn noise_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?s)\{\{[<%].*?[>%]\}\}|<[^>\n]*>|\]\([^)\s]*(?:\s+[^)]*)?\)")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// Scans the body of `source`, which starts at byte `body_start`.
pub(crate) fn scan_body(source: &str, body_start: usize) -> BodyScan {
    let body = source.get(body_start..).unwrap_or_default();
    let mut refs = Vec::new();
    let mut names = BTreeSet::new();
    let mut lines: Option<LineIndex> = None;
    for caps in call_regex().captures_iter(body) {
        let (Some(whole), Some(name)) = (caps.get(0), caps.get(4)) else {
            continue;
        };
        if caps.get(2).is_some() || caps.get(3).is_some() {
            continue;
        }
        let name = name.as_str();
        names.insert(name.to_string());
        if name == "ref" || name == "relref" {
            let args = caps.get(5).map_or("", |m| m.as_str());
            let Some(arg) = ref_argument_regex().captures(args) else {
                continue;
            };
            let target = arg
                .get(1)
                .or_else(|| arg.get(2))
                .or_else(|| arg.get(3))
                .map_or("", |m| m.as_str());
            let offset = body_start + whole.start();
            let (line, column) = lines
                .get_or_insert_with(|| LineIndex::new(source))
                .line_column(source, offset);
            refs.push(OutgoingRef {
                target: target.replace("\\\"", "\""),
                shortcode: name.to_string(),
                offset,
                line,
                column,
            });
        }
    }
    let plain_text = noise_regex().replace_all(body, " ").into_owned();
    let word_count = plain_text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    BodyScan {
        refs,
        shortcodes: names.into_iter().collect(),
        word_count,
        plain_text,
    }
}

/// The distinct lower-cased words of `texts`, sorted and joined by spaces.
pub(crate) fn distinct_words(texts: &[&str]) -> String {
    let mut words = BTreeSet::new();
    for text in texts {
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words.insert(word.to_lowercase());
        }
    }
    words.into_iter().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn distinct_words_are_lower_cased_and_sorted() {
        assert_eq!(
            distinct_words(&["The CX", "the cx community"]),
            "community cx the"
        );
    }
}
