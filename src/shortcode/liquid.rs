//! Jekyll/Liquid tags (`{% include … %}`) left in posts imported from the old site. They are not
//! Hugo syntax (Hugo prints them as text); the checks and the legacy converter find them here.

use std::ops::Range;

use serde::Serialize;

/// One `{% tag args %}` (or `{%- … -%}`) in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiquidTag {
    /// From `{%` to `%}` inclusive.
    pub span: Range<usize>,
    /// The tag name (`include`, `raw`, `if`).
    pub name: String,
    /// What follows the name, trimmed (`image/full-width.html img="…"`).
    pub args: String,
}

/// Finds the Liquid tags in `text`, skipping Hugo's `{{% … %}}` shortcode delimiters (which
/// contain `{%` and `%}` too). A tag may span lines.
pub fn find_liquid_tags(text: &str) -> Vec<LiquidTag> {
    let bytes = text.as_bytes();
    let mut tags = Vec::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find("{%") {
        let start = pos + found;
        pos = start + 2;
        // `{{%` is a shortcode, not Liquid.
        if start > 0 && bytes[start - 1] == b'{' {
            continue;
        }
        let Some(close) = text[pos..].find("%}") else {
            break;
        };
        let end = pos + close + 2;
        // `%}}` closes a shortcode: a Liquid tag never ends there when a shortcode opened it,
        // and it cannot contain another `{%`.
        let inside = &text[pos..pos + close];
        if inside.contains("{%") {
            continue;
        }
        let inside = inside.strip_prefix('-').unwrap_or(inside);
        let inside = inside.strip_suffix('-').unwrap_or(inside).trim();
        let name_len = inside
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(inside.len());
        if name_len == 0 {
            continue;
        }
        tags.push(LiquidTag {
            span: start..end,
            name: inside[..name_len].to_string(),
            args: inside[name_len..].trim().to_string(),
        });
        pos = end;
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_include_tags_with_spans_and_skips_shortcodes() {
        let text = "A {% include image/full-width.html img=\"x.jpg\" %} and {{% note %}}x{{% /note %}}\n{%- raw -%}";
        let tags = find_liquid_tags(text);
        assert_eq!(tags.len(), 2, "{tags:?}");
        assert_eq!(tags[0].name, "include");
        assert_eq!(tags[0].args, "image/full-width.html img=\"x.jpg\"");
        assert_eq!(
            &text[tags[0].span.clone()],
            "{% include image/full-width.html img=\"x.jpg\" %}"
        );
        assert_eq!(tags[1].name, "raw");
    }

    #[test]
    fn a_tag_may_span_lines_and_an_unclosed_one_is_not_a_tag() {
        let tags = find_liquid_tags("{% include\n  a.html %} {% open");
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0].args, "a.html");
    }
}
