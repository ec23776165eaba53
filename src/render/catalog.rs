//! Every shortcode a site can call, with what each takes: the site's and its themes'
//! templates (`layouts/_shortcodes`, `layouts/shortcodes`; the project's win over a theme's)
//! and Hugo 0.168's embedded ones (a site template of the same name replaces those, as in
//! Hugo). The editor's palette and autocompletion, its insert form, and `postwright
//! shortcodes` all read this one list.
//!
//! A template's params are what its syntax tree reads ([`crate::template::TemplateReads`]),
//! its help the comment it starts with. The embedded shortcodes' params and help are those
//! of Hugo 0.168's documentation (`content/en/shortcodes/*.md`: "Arguments"; privacy
//! settings are site configuration, not params). It lives beside the renderer's own
//! embedded shortcodes (`builtins`), above both the template engine and the body scanner.

use serde::Serialize;

pub use crate::shortcode::ShortcodeParam;
use crate::template::ShortcodeTemplates;

/// What the catalog knows of one shortcode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShortcodeInfo {
    /// The name calls use (`img`, `partials/x` for a template in a sub-folder).
    pub name: String,
    /// The template's path relative to the site root, or `builtin`.
    pub source: String,
    /// The params it reads: named ones by name (sorted), then positional ones by index.
    pub params: Vec<ShortcodeParam>,
    /// It also reads `.Params` as a whole or asks `.IsNamedParams`, so it may take params
    /// beyond those listed (digital.gov's `list-resources` ranges over its positional ones).
    pub any_params: bool,
    /// It takes inner content, so calls need a closing tag (or self-close).
    pub inner: bool,
    /// The help its template starts with (or Hugo's documentation gives); may be empty.
    pub help: String,
    /// Why the template could not be read, when it could not (file:line:col: message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One embedded shortcode as Hugo 0.168 documents it.
struct Builtin {
    name: &'static str,
    named: &'static [&'static str],
    positional: &'static [usize],
    inner: bool,
    help: &'static str,
}

/// Hugo 0.168's embedded shortcodes (`content/en/shortcodes/` of its documentation).
const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "details",
        named: &["class", "name", "open", "summary", "title"],
        positional: &[],
        inner: true,
        help: "Insert an HTML details element into your content using the details shortcode.",
    },
    Builtin {
        name: "figure",
        named: &[
            "alt", "attr", "attrlink", "caption", "class", "height", "link", "loading", "rel",
            "src", "target", "title", "width",
        ],
        positional: &[],
        inner: false,
        help: "Insert an HTML figure element into your content using the figure shortcode.",
    },
    Builtin {
        name: "highlight",
        named: &[],
        positional: &[0, 1],
        inner: true,
        help: "Insert syntax-highlighted code into your content using the highlight shortcode. \
               Positional: LANG, OPTIONS; the code is the inner content.",
    },
    Builtin {
        name: "instagram",
        named: &[],
        positional: &[0],
        inner: false,
        help: "Embed an Instagram post in your content using the instagram shortcode.",
    },
    Builtin {
        name: "param",
        named: &[],
        positional: &[0],
        inner: false,
        help: "Insert a parameter from front matter or your project configuration into your \
               content using the param shortcode.",
    },
    Builtin {
        name: "qr",
        named: &[
            "alt",
            "class",
            "id",
            "level",
            "loading",
            "scale",
            "targetDir",
            "text",
            "title",
        ],
        positional: &[],
        inner: true,
        help: "Insert a QR code into your content using the qr shortcode.",
    },
    Builtin {
        name: "ref",
        named: &["lang", "outputFormat", "path"],
        positional: &[0],
        inner: false,
        help: "Insert a permalink to the given page reference using the ref shortcode.",
    },
    Builtin {
        name: "relref",
        named: &["lang", "outputFormat", "path"],
        positional: &[0],
        inner: false,
        help: "Insert a relative permalink to the given page reference using the relref \
               shortcode.",
    },
    Builtin {
        name: "vimeo",
        named: &["allowFullScreen", "class", "id", "loading", "title"],
        positional: &[0],
        inner: false,
        help: "Embed a Vimeo video in your content using the vimeo shortcode.",
    },
    Builtin {
        name: "x",
        named: &["id", "user"],
        positional: &[],
        inner: false,
        help: "Embed an X post in your content using the x shortcode.",
    },
    Builtin {
        name: "youtube",
        named: &[
            "allowFullScreen",
            "autoplay",
            "class",
            "controls",
            "end",
            "id",
            "loading",
            "loop",
            "mute",
            "start",
            "title",
        ],
        positional: &[0],
        inner: false,
        help: "Embed a YouTube video in your content using the youtube shortcode.",
    },
];

/// The names of Hugo 0.168's documented embedded shortcodes.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.name)
}

fn params_of(
    named: impl IntoIterator<Item = String>,
    positional: impl IntoIterator<Item = usize>,
) -> Vec<ShortcodeParam> {
    let mut params: Vec<ShortcodeParam> = named
        .into_iter()
        .map(|name| ShortcodeParam::Named { name })
        .collect();
    params.sort();
    let mut positional: Vec<usize> = positional.into_iter().collect();
    positional.sort_unstable();
    positional.dedup();
    params.extend(
        positional
            .into_iter()
            .map(|index| ShortcodeParam::Positional { index }),
    );
    params
}

/// The catalog of `templates` (a site's, loaded once) and Hugo's embedded shortcodes, by name.
pub fn catalog(templates: &ShortcodeTemplates) -> Vec<ShortcodeInfo> {
    let mut list: Vec<ShortcodeInfo> = templates
        .names()
        .map(|name| template_info(templates, name))
        .collect();
    for builtin in BUILTINS {
        if templates.has(builtin.name) {
            continue;
        }
        list.push(ShortcodeInfo {
            name: builtin.name.to_string(),
            source: "builtin".to_string(),
            params: params_of(
                builtin.named.iter().map(|n| n.to_string()),
                builtin.positional.iter().copied(),
            ),
            any_params: false,
            inner: builtin.inner,
            help: builtin.help.to_string(),
            error: None,
        });
    }
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

fn template_info(templates: &ShortcodeTemplates, name: &str) -> ShortcodeInfo {
    let (source, help) = templates.describe(name).unwrap_or_default();
    let mut info = ShortcodeInfo {
        name: name.to_string(),
        source,
        params: Vec::new(),
        any_params: false,
        inner: false,
        help,
        error: None,
    };
    match templates.reads(name) {
        Some(Ok(reads)) => {
            info.params = params_of(reads.named, reads.positional);
            info.any_params = reads.all_params || reads.is_named_params;
            info.inner = reads.inner;
        }
        Some(Err(e)) => info.error = Some(e.to_string()),
        None => {}
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::builtins::{builtin_uses_inner, is_builtin};

    #[test]
    fn builtins_agree_with_the_renderer() {
        for builtin in BUILTINS {
            assert!(is_builtin(builtin.name), "{}", builtin.name);
            assert_eq!(
                builtin_uses_inner(builtin.name),
                builtin.inner,
                "{}",
                builtin.name
            );
        }
    }

    #[test]
    fn a_broken_template_is_listed_with_its_error() {
        let templates = ShortcodeTemplates::from_sources(
            vec![("bad".into(), "{{/* Help. */}}{{ if .Get \"a\" }}".into())],
            vec![],
        )
        .unwrap();
        let list = catalog(&templates);
        let bad = list.iter().find(|i| i.name == "bad").unwrap();
        assert_eq!(bad.help, "Help.");
        assert!(
            bad.error
                .as_deref()
                .is_some_and(|e| e.starts_with("_shortcodes/bad.html:1:")),
            "{:?}",
            bad.error
        );
        assert!(bad.params.is_empty());
    }
}
