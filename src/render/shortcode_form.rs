//! The editor's shortcode form for one call (or a new one): the params the catalog says the
//! shortcode's template reads, each with the value the call writes, the params the call
//! writes that the template does not read (kept, and editable), the inner content when the
//! template takes it, and the template's help. The form offers exactly the catalog's params:
//! one list, read from the template, for the palette, the completion and this form.
//!
//! It lives beside the catalog (which the shortcode parser may not import); applying the form
//! is [`crate::shortcode::edit`]'s job.

use serde::Serialize;

use super::catalog::ShortcodeInfo;
use crate::shortcode::edit::param_label;
use crate::shortcode::{Delimiter, ShortcodeCall, ShortcodeParam, ShortcodeParams};

/// One param as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FormParam {
    /// The param, by name or position.
    pub param: ShortcodeParam,
    /// Its label: the name, or `#1` for the first positional one.
    pub label: String,
    /// The value the call writes (as Hugo reads it), `None` when the call does not write it.
    pub value: Option<String>,
}

/// How a call's params are written: Hugo takes named or positional ones, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ParamStyle {
    /// `name="value"`.
    Named,
    /// Bare values in order.
    Positional,
}

/// The form for one shortcode call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShortcodeForm {
    /// The shortcode's name.
    pub name: String,
    /// Its template (relative to the site root), `builtin`, or empty when the site has none.
    pub source: String,
    /// The template's help comment (may be empty).
    pub help: String,
    /// The delimiters the call is (or will be) written with.
    pub delimiter: Delimiter,
    /// The params the template reads, in the catalog's order, with the call's values.
    pub params: Vec<FormParam>,
    /// Params the call writes that the template does not read, in the call's order.
    pub extra: Vec<FormParam>,
    /// The template reads `.Params` as a whole: it may take params beyond those listed.
    pub any_params: bool,
    /// The template takes inner content (calls need a closing tag).
    pub takes_inner: bool,
    /// The call's inner content as written, when it has a closing tag.
    pub inner: Option<String>,
    /// How the call writes its params, when it writes any.
    pub style: Option<ParamStyle>,
    /// Why the template could not be read, when it could not.
    pub error: Option<String>,
}

/// The form for `call` (parsed from `body`), or for a new call when `call` is `None`, of the
/// shortcode `info` describes (`None`: a shortcode the site has no template for).
pub fn shortcode_form(
    name: &str,
    info: Option<&ShortcodeInfo>,
    call: Option<(&ShortcodeCall, &str)>,
) -> ShortcodeForm {
    let written = call.map(|(c, _)| &c.params);
    let value_of = |param: &ShortcodeParam| -> Option<String> {
        let params = written?;
        match param {
            ShortcodeParam::Named { name } => params.named(name),
            ShortcodeParam::Positional { index } => params.positional(*index),
        }
        .map(ToString::to_string)
    };
    let offered: Vec<ShortcodeParam> = info.map(|i| i.params.clone()).unwrap_or_default();
    let params = offered
        .iter()
        .map(|param| FormParam {
            param: param.clone(),
            label: param_label(param),
            value: value_of(param),
        })
        .collect();
    let mut extra: Vec<FormParam> = Vec::new();
    let mut push_extra = |param: ShortcodeParam, value: String| {
        if !offered.contains(&param) && !extra.iter().any(|e| e.param == param) {
            extra.push(FormParam {
                label: param_label(&param),
                param,
                value: Some(value),
            });
        }
    };
    match written {
        Some(ShortcodeParams::Named(pairs)) => {
            for (key, _) in pairs {
                let param = ShortcodeParam::Named { name: key.clone() };
                let value = value_of(&param).unwrap_or_default();
                push_extra(param, value);
            }
        }
        Some(ShortcodeParams::Positional(values)) => {
            for (index, value) in values.iter().enumerate() {
                push_extra(ShortcodeParam::Positional { index }, value.to_string());
            }
        }
        Some(ShortcodeParams::None) | None => {}
    }
    ShortcodeForm {
        name: name.to_string(),
        source: info.map(|i| i.source.clone()).unwrap_or_default(),
        help: info.map(|i| i.help.clone()).unwrap_or_default(),
        delimiter: call.map_or(Delimiter::Angle, |(c, _)| c.delimiter),
        params,
        extra,
        any_params: info.is_some_and(|i| i.any_params),
        takes_inner: info.map_or_else(
            || call.is_some_and(|(c, _)| c.close_tag.is_some()),
            |i| i.inner,
        ),
        inner: call.and_then(|(c, body)| c.inner_span.clone().map(|s| body[s].to_string())),
        style: match written {
            Some(ShortcodeParams::Named(_)) => Some(ParamStyle::Named),
            Some(ShortcodeParams::Positional(_)) => Some(ParamStyle::Positional),
            _ => None,
        },
        error: info.and_then(|i| i.error.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::catalog::catalog;
    use crate::shortcode::parse_body;
    use crate::template::ShortcodeTemplates;

    #[test]
    fn a_call_fills_the_catalogs_params_and_keeps_the_rest_as_extra() {
        let templates = ShortcodeTemplates::from_sources(
            vec![(
                "img".into(),
                "{{/* An image. */}}{{ .Get \"src\" }}{{ .Get \"alt\" }}".into(),
            )],
            vec![],
        )
        .unwrap();
        let list = catalog(&templates);
        let info = list.iter().find(|i| i.name == "img");
        let body = "{{% img alt=\"A\" width=3 %}}";
        let parsed = parse_body(body);
        let call = parsed.calls()[0];
        let form = shortcode_form("img", info, Some((call, body)));
        let shown: Vec<_> = form
            .params
            .iter()
            .map(|p| (p.label.as_str(), p.value.as_deref()))
            .collect();
        assert_eq!(shown, [("alt", Some("A")), ("src", None)]);
        assert_eq!(form.extra.len(), 1);
        assert_eq!(
            (form.extra[0].label.as_str(), form.extra[0].value.as_deref()),
            ("width", Some("3"))
        );
        assert_eq!(form.delimiter, Delimiter::Percent);
        assert_eq!(form.style, Some(ParamStyle::Named));
        assert_eq!(form.help, "An image.");
        assert!(!form.takes_inner && form.inner.is_none());
    }

    #[test]
    fn an_unknown_shortcode_offers_what_its_call_writes() {
        let body = "{{< mystery \"a\" >}}in{{< /mystery >}}";
        let parsed = parse_body(body);
        let form = shortcode_form("mystery", None, Some((parsed.calls()[0], body)));
        assert!(form.params.is_empty());
        assert_eq!(form.extra[0].label, "#1");
        assert_eq!(form.inner.as_deref(), Some("in"));
        assert!(form.takes_inner);
        assert_eq!(form.source, "");
    }
}
