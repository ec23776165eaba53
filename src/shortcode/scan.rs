//! The fast path of the one shortcode scanner: the tags of a body (`{{< >}}`, `{{% %}}`,
//! comments and closing tags) with their names and raw arguments, the target of a
//! `ref`/`relref`, and the Jekyll/Liquid `{% … %}` tags left between them.
//!
//! `super::parse` is the full grammar (nesting, typed parameters, Hugo's errors) the preview
//! needs; this scan is what the index (every page of the site, on every change) and the checks
//! need, and it must stay fast. A `{{% … %}}` call is a tag here, so it is never Liquid.

use std::ops::Range;

use serde::Serialize;

/// The target a `ref`/`relref` call's arguments name, as written (escapes kept): a hand-written
/// matcher (it runs for every ref of the site) for
/// ``^\s*(?:path\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`=]+)(?:\s|$))``.
pub fn ref_argument(args: &str) -> Option<&str> {
    let args = args.trim_start();
    let named = args
        .strip_prefix("path")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix('='))
        .map(str::trim_start);
    // As the regex backtracks: `path` not followed by a usable value may be the target itself.
    named.and_then(ref_value).or_else(|| ref_value(args))
}

/// The `lang` a `ref`/`relref` call names (`{{< ref path="x.md" lang="en" >}}`), if any.
pub fn ref_lang(args: &str) -> Option<&str> {
    let mut rest = args;
    while let Some(at) = rest.find("lang") {
        let before = rest[..at].chars().next_back();
        let after = rest[at + 4..].trim_start();
        if before.is_none_or(char::is_whitespace) {
            if let Some(value) = after.strip_prefix('=') {
                return ref_value(value.trim_start());
            }
        }
        rest = &rest[at + 4..];
    }
    None
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
pub(crate) fn call_end(bytes: &[u8], from: usize) -> Option<usize> {
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

/// A shortcode tag found by [`tags`]: what the hand-written scanner matches for
/// `{{[<%](/*)?\s*(/)?\s*([A-Za-z0-9_./-]+)(.*?)(*/)?\s*[>%]}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagMatch<'a> {
    /// Where the tag's `{{` is.
    pub start: usize,
    /// Just past its `}}`.
    pub end: usize,
    /// Where its name starts.
    pub name_start: usize,
    /// The shortcode's name.
    pub name: &'a str,
    /// What follows the name, up to the closing delimiter (and a comment's `*/`), trimmed at
    /// the end.
    pub args: &'a str,
    /// A commented-out call, `{{</* x */>}}`: Hugo prints it as text.
    pub comment: bool,
    /// A closing tag, `{{< /x >}}`.
    pub closing: bool,
}

/// The tag opening at `at` (`{{<` or `{{%`), if one does.
fn match_call(body: &str, at: usize) -> Option<TagMatch<'_>> {
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
    Some(TagMatch {
        start: at,
        end: close + 3,
        name_start,
        name: &body[name_start..i],
        args,
        comment,
        closing,
    })
}

/// The starts of `{{<` and `{{%` in `body`, in order.
fn call_openings(body: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = body.as_bytes();
    memchr::memchr_iter(b'{', bytes).filter(move |&i| {
        bytes.get(i + 1) == Some(&b'{') && matches!(bytes.get(i + 2), Some(b'<' | b'%'))
    })
}

/// The tags in `body`, in order, each starting after the previous one ends (a tag's
/// arguments never hold another tag).
pub fn tags(body: &str) -> impl Iterator<Item = TagMatch<'_>> + '_ {
    let mut resume = 0;
    call_openings(body).filter_map(move |at| {
        if at < resume {
            return None;
        }
        let tag = match_call(body, at)?;
        resume = tag.end;
        Some(tag)
    })
}

/// One Jekyll/Liquid `{% tag args %}` (or `{%- … -%}`) in a text: not Hugo syntax (Hugo
/// prints it as text); old posts imported from Jekyll carry them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiquidTag {
    /// From `{%` to `%}` inclusive.
    pub span: Range<usize>,
    /// The tag name (`include`, `raw`, `if`).
    pub name: String,
    /// What follows the name, trimmed, without a `-` before `%}` (`image/full-width.html img="…"`).
    pub args: String,
}

/// The Liquid tags of `body`, each on one line, outside shortcode tags: `{{% name %}}` (and
/// its comment form `{{%/* … */%}}`) is a shortcode call, never Liquid, and a `{%` inside a
/// shortcode's arguments is text.
pub fn liquid_tags(body: &str) -> Vec<LiquidTag> {
    let bytes = body.as_bytes();
    let mut shortcodes = tags(body).map(|t| t.start..t.end).peekable();
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(i) = memchr::memmem::find(&bytes[pos..], b"{%") {
        let start = pos + i;
        pos = start + 2;
        while shortcodes.next_if(|t| t.end <= start).is_some() {}
        if shortcodes.peek().is_some_and(|t| t.contains(&start)) {
            continue;
        }
        // `{{%` that is not a well-formed call (`{{% %}}`) is still Hugo's, not Liquid.
        if start > 0 && bytes[start - 1] == b'{' {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |n| pos + n);
        let Some(close) = memchr::memmem::find(&bytes[pos..line_end], b"%}") else {
            continue;
        };
        let inside = &body[pos..pos + close];
        if inside.contains("{%") {
            continue;
        }
        let inside = inside.strip_prefix('-').unwrap_or(inside).trim_start();
        let name_len = inside
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(inside.len());
        if name_len == 0 {
            continue;
        }
        let args = inside[name_len..].trim_end();
        let args = args.strip_suffix('-').unwrap_or(args).trim();
        let end = pos + close + 2;
        found.push(LiquidTag {
            span: start..end,
            name: inside[..name_len].to_string(),
            args: args.to_string(),
        });
        pos = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

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

    #[test]
    fn a_ref_calls_language_is_read_where_it_is_named() {
        assert_eq!(ref_lang(r#"path="news/post.md" lang="en""#), Some("en"));
        assert_eq!(ref_lang(r#"path="x.md" lang = fr"#), Some("fr"));
        assert_eq!(ref_lang(r#""lang.md""#), None);
        assert_eq!(ref_lang(r#"path="golang=x.md""#), None);
        assert_eq!(ref_lang(r#"path="x.md""#), None);
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
    fn liquid_tags_have_spans_and_shortcodes_are_never_liquid() {
        let text = "A {% include image/full-width.html img=\"x.jpg\" %} and {{% note %}}x{{% /note %}}\n{%- raw -%} {{%/* note */%}} {{< x \"{% if %}\" >}} {{% %}}";
        let found = liquid_tags(text);
        let names: Vec<_> = found
            .iter()
            .map(|t| (t.name.as_str(), t.args.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("include", "image/full-width.html img=\"x.jpg\""),
                ("raw", "")
            ]
        );
        assert_eq!(
            &text[found[0].span.clone()],
            "{% include image/full-width.html img=\"x.jpg\" %}"
        );
    }

    #[test]
    fn a_liquid_tag_stays_on_its_line() {
        let found = liquid_tags("{% include\n  a.html %} {% if x %}");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "if");
    }
}
