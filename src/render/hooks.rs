//! The site's Markdown render hooks (`layouts/_markup/render-*.html`, or the old
//! `layouts/_default/_markup/`): the Markdown writer hands each link, image, heading, fenced
//! code block, table and blockquote to the site's template when there is one, with the context
//! Hugo 0.168 gives it (docs/hugo-behaviour.md §6), and prints what the template prints.
//!
//! The writer knows only [`MarkupHooks`]; the page pipeline implements it with the template
//! engine (the hook's dot is a [`crate::template::HookContext`]).

use std::collections::BTreeMap;

use crate::template::{SafeKind, Value};

/// Which hooks a render can call, and calls them.
pub trait MarkupHooks {
    /// Whether the site has hook template `name` (`render-link`, `render-codeblock-go`…).
    fn has_hook(&self, name: &str) -> bool;
    /// Runs hook `name` with `context` (the dot's fields); a failure comes back as the error
    /// box to print in the element's place.
    fn render_hook(&self, name: &str, context: BTreeMap<String, Value>) -> String;
    /// What Hugo's embedded `kind` hook (`link`, `image`) makes of `destination`: the
    /// `RelPermalink` of the page (links only), page resource or global resource it names,
    /// with its query and fragment; else the destination as written.
    fn resolve_embedded(&self, _kind: &str, destination: &str) -> String {
        destination.to_string()
    }
}

/// Hugo's embedded link and image hooks, as the template engine runs them: the destination
/// they are given is already resolved ([`MarkupHooks::resolve_embedded`]), the rest is
/// Hugo's template (`_markup/render-link.html`, `render-image.html` of Hugo 0.168).
pub(crate) const EMBEDDED_HOOKS: [(&str, &str); 2] = [
    (
        "embedded/render-link",
        "<a href=\"{{ .Destination }}\" {{- with .Title }} title=\"{{ . }}\" {{- end }}>{{ .Text }}</a>\n{{- /**/ -}}",
    ),
    (
        "embedded/render-image",
        "<img src=\"{{ .Destination }}\" alt=\"{{ .PlainText }}\"\n\t{{- with .Title }} title=\"{{ . }}\" {{- end -}}\n\t{{- range $k, $v := .Attributes -}}\n\t\t{{- if $v -}}\n\t\t{{- printf \" %s=%q\" $k ($v | transform.HTMLEscape) | safeHTMLAttr -}}\n\t\t{{- end -}}\n\t{{- end -}}>\n{{- /**/ -}}",
    ),
];

/// The hook that prints a link or an image (`kind`): the site's or Hugo's embedded one as
/// `embedded` says; `true` with it when it is the embedded one.
pub(crate) fn link_or_image_hook(
    hooks: &dyn MarkupHooks,
    kind: &str,
    embedded: super::EmbeddedHook,
) -> Option<(String, bool)> {
    let site = find_hook(hooks, kind, None);
    let builtin = || {
        let name = format!("embedded/render-{kind}");
        hooks.has_hook(&name).then_some((name, true))
    };
    match embedded {
        super::EmbeddedHook::Never => site.map(|name| (name, false)),
        super::EmbeddedHook::Fallback => site.map(|name| (name, false)).or_else(builtin),
        super::EmbeddedHook::Always => builtin().or(site.map(|name| (name, false))),
    }
}

/// The hook names tried for `kind` with its variant (`render-codeblock-go`, then
/// `render-codeblock`), the first that exists.
pub(crate) fn find_hook(
    hooks: &dyn MarkupHooks,
    kind: &str,
    variant: Option<&str>,
) -> Option<String> {
    if let Some(variant) = variant.filter(|v| !v.is_empty()) {
        let name = format!("render-{kind}-{variant}");
        if hooks.has_hook(&name) {
            return Some(name);
        }
    }
    let name = format!("render-{kind}");
    hooks.has_hook(&name).then_some(name)
}

/// Builds a context from `(field, value)` pairs.
pub(crate) fn context(fields: Vec<(&str, Value)>) -> BTreeMap<String, Value> {
    fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// A string field (`.Destination`, `.PlainText`…).
pub(crate) fn text(value: &str) -> Value {
    Value::str(value)
}

/// An HTML field (`.Text`): printed raw.
pub(crate) fn html(value: &str) -> Value {
    Value::safe(SafeKind::Html, value)
}

/// An attribute value as goldmark's attribute parser types it: `true`/`false` are booleans,
/// numbers are float64, anything else a string.
pub(crate) fn attribute_value(value: &str) -> Value {
    match value {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match value.parse::<f64>() {
            Ok(f)
                if value
                    .chars()
                    .all(|c| c.is_ascii_digit() || ".-+".contains(c)) =>
            {
                Value::Float(f)
            }
            _ => Value::str(value),
        },
    }
}

/// The attributes map (`.Attributes`): names lower-cased, `on…` handlers left out.
pub(crate) fn attributes_map(attributes: &[(String, String)]) -> Value {
    Value::map(
        attributes
            .iter()
            .filter(|(k, _)| !k.to_lowercase().starts_with("on"))
            .map(|(k, v)| (k.to_lowercase(), attribute_value(v)))
            .collect(),
    )
}

/// Chroma's options among a code block's attributes (Hugo's
/// `chromaHighlightProcessingAttributes`, matched in any case): they go to `.Options` under the
/// name as written; the rest to `.Attributes`.
pub(crate) fn is_highlight_option(name: &str) -> bool {
    matches!(
        name.to_lowercase().as_str(),
        "anchorlinenos"
            | "guesssyntax"
            | "hl_lines"
            | "hl_inline"
            | "lineanchors"
            | "linenos"
            | "linenostart"
            | "linenumbersintable"
            | "noclasses"
            | "style"
            | "tabwidth"
    )
}

/// A blockquote's GitHub/Obsidian alert (`> [!NOTE]`), read from its rendered text as Hugo
/// does (`^<p>\[!([a-zA-Z]+)\](-|\+)?[^\S\r\n]?([^\n]*)\n?`): type (lower-cased), sign, title.
pub(crate) fn blockquote_alert(text: &str) -> Option<(String, String, String)> {
    let rest = text.trim().strip_prefix("<p>[!")?;
    let kind_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    if kind_len == 0 {
        return None;
    }
    let kind = rest[..kind_len].to_lowercase();
    let rest = rest[kind_len..].strip_prefix(']')?;
    let (sign, rest) = match rest.as_bytes().first() {
        Some(b'-') => ("-", &rest[1..]),
        Some(b'+') => ("+", &rest[1..]),
        _ => ("", rest),
    };
    let rest = match rest.chars().next() {
        Some(c) if c.is_whitespace() && c != '\n' && c != '\r' => &rest[c.len_utf8()..],
        _ => rest,
    };
    let title = rest.split('\n').next().unwrap_or("").trim();
    let title = title.strip_suffix("</p>").unwrap_or(title);
    Some((kind, sign.to_string(), title.to_string()))
}

/// The text an alert hook gets: the blockquote's text after its first line (a `<p>` put back
/// when that line did not close its paragraph).
pub(crate) fn alert_text(text: &str) -> String {
    match text.trim().split_once('\n') {
        Some((first, after)) if first.ends_with("</p>") => after.to_string(),
        Some((_, after)) => format!("<p>{after}"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_are_read_as_hugo_reads_them() {
        assert_eq!(
            blockquote_alert("<p>[!NOTE]\nUseful.</p>\n"),
            Some(("note".into(), String::new(), String::new()))
        );
        assert_eq!(
            blockquote_alert("<p>[!Tip]- Folded *title*</p>\n<p>x</p>"),
            Some(("tip".into(), "-".into(), "Folded *title*".into()))
        );
        assert_eq!(blockquote_alert("<p>[!] x</p>"), None);
        assert_eq!(blockquote_alert("<p>Plain</p>"), None);
        assert_eq!(alert_text("<p>[!NOTE]\nUseful.</p>\n"), "<p>Useful.</p>");
        assert_eq!(alert_text("<p>[!NOTE]</p>\n<p>Next.</p>\n"), "<p>Next.</p>");
        assert_eq!(alert_text("<p>[!NOTE]</p>"), "");
    }

    #[test]
    fn attribute_values_are_typed() {
        assert!(matches!(attribute_value("true"), Value::Bool(true)));
        assert!(matches!(attribute_value("3"), Value::Float(f) if f == 3.0));
        assert!(matches!(attribute_value("layouts/x.html"), Value::Str(_)));
        assert!(is_highlight_option("lineNos") && !is_highlight_option("file"));
    }
}
