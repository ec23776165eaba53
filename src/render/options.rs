//! The site's `markup.goldmark` / `markup.highlight` settings, read once per site, with Hugo
//! 0.168's defaults for every key the site leaves out (docs/hugo-behaviour.md §4).

use serde_json::Value;

use super::highlight::HighlightOptions;

/// How auto heading ids are formed (`markup.goldmark.parser.autoHeadingIDType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingIdType {
    /// GitHub's rules, Unicode letters kept (Hugo's default).
    Github,
    /// GitHub's rules, accents stripped and other non-ASCII dropped.
    GithubAscii,
    /// The legacy Blackfriday rules: runs of letters and numbers joined by single dashes.
    Blackfriday,
}

/// The entity strings goldmark's typographer substitutes (overridable in the config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypographerStrings {
    /// `'` opening.
    pub left_single_quote: String,
    /// `'` closing.
    pub right_single_quote: String,
    /// `"` opening.
    pub left_double_quote: String,
    /// `"` closing.
    pub right_double_quote: String,
    /// `--`.
    pub en_dash: String,
    /// `---`.
    pub em_dash: String,
    /// `...`.
    pub ellipsis: String,
    /// `<<`.
    pub left_angle_quote: String,
    /// `>>`.
    pub right_angle_quote: String,
    /// `'` inside a word.
    pub apostrophe: String,
}

impl Default for TypographerStrings {
    fn default() -> Self {
        TypographerStrings {
            left_single_quote: "&lsquo;".into(),
            right_single_quote: "&rsquo;".into(),
            left_double_quote: "&ldquo;".into(),
            right_double_quote: "&rdquo;".into(),
            en_dash: "&ndash;".into(),
            em_dash: "&mdash;".into(),
            ellipsis: "&hellip;".into(),
            left_angle_quote: "&laquo;".into(),
            right_angle_quote: "&raquo;".into(),
            apostrophe: "&rsquo;".into(),
        }
    }
}

/// Everything that changes how a Markdown body becomes HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// `renderer.unsafe`: raw HTML passes through; otherwise `<!-- raw HTML omitted -->`.
    pub unsafe_html: bool,
    /// `renderer.hardWraps`: every soft line break becomes `<br>`.
    pub hard_wraps: bool,
    /// `renderer.xhtml`: void elements close XHTML's way (`<br />`, `<img … />`).
    pub xhtml: bool,
    /// The typographer's substitutions, `None` when it is disabled.
    pub typographer: Option<TypographerStrings>,
    /// `extensions.linkify`.
    pub linkify: bool,
    /// `extensions.linkifyProtocol` (the scheme given to `www.` links).
    pub linkify_protocol: String,
    /// `extensions.table`.
    pub tables: bool,
    /// `extensions.strikethrough`.
    pub strikethrough: bool,
    /// `extensions.taskList`.
    pub task_lists: bool,
    /// `extensions.definitionList`.
    pub definition_lists: bool,
    /// `extensions.footnote`.
    pub footnotes: bool,
    /// `extensions.footnote.backlinkHTML`.
    pub footnote_backlink_html: String,
    /// `extensions.footnote.enableAutoIDPrefix`: footnote ids start with `h` and the page's
    /// document id.
    pub footnote_auto_id_prefix: bool,
    /// `enableEmoji` (a top-level Hugo setting).
    pub emoji: bool,
    /// `parser.autoHeadingID`.
    pub auto_heading_id: bool,
    /// `parser.autoIDType` (`parser.autoHeadingIDType` before Hugo 0.144), for headings and
    /// definition terms.
    pub heading_id_type: HeadingIdType,
    /// `parser.autoDefinitionTermID`: `<dt>` get ids too (only with definition lists on).
    pub definition_term_ids: bool,
    /// `parser.attribute.block`: a `{…}` line after a block sets that block's attributes.
    pub block_attributes: bool,
    /// `parser.attribute.title`: `{#id .class}` after a heading.
    pub heading_attributes: bool,
    /// `parser.wrapStandAloneImageWithinParagraph`.
    pub wrap_standalone_image: bool,
    /// `markup.highlight.codeFences`: fenced code goes through the highlighter's wrapper.
    pub code_fences: bool,
    /// The rest of `markup.highlight`: how fenced code and the `highlight` shortcode print.
    pub highlight: HighlightOptions,
    /// `extensions.extras`: Hugo's extra inline tags.
    pub extras: Extras,
    /// `extensions.cjk.eastAsianLineBreaks` (with `cjk.enable`), in its
    /// `eastAsianLineBreaksStyle`: soft breaks between East Asian characters print nothing.
    pub east_asian_line_breaks: Option<EastAsianLineBreaks>,
    /// `extensions.cjk.escapedSpace` (with `cjk.enable`): `\ ` prints nothing.
    pub escaped_space: bool,
    /// `extensions.passthrough`: the delimiter pairs whose content passes through verbatim,
    /// `None` when the extension is off.
    pub passthrough: Option<Passthrough>,
    /// `renderHooks.link.useEmbedded`: when Hugo's embedded link hook prints links.
    pub embedded_link_hook: EmbeddedHook,
    /// `renderHooks.image.useEmbedded`: when Hugo's embedded image hook prints images.
    pub embedded_image_hook: EmbeddedHook,
}

/// When one of Hugo's embedded render hooks (link, image: they resolve a destination to the
/// page, page resource or global resource it names) is used, `auto` resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EmbeddedHook {
    /// Never (`never`, and `auto` on a site without `languages`).
    #[default]
    Never,
    /// When the site has no hook of its own (`fallback`, and `auto` on a site that configures
    /// `languages` on one host without `duplicateResourceFiles`).
    Fallback,
    /// Even over the site's own hook (`always`).
    Always,
}

/// `extensions.cjk.eastAsianLineBreaksStyle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EastAsianLineBreaks {
    /// A break between two wide characters goes (`simple`, the default).
    Simple,
    /// CSS Text 3's segment break transformation rules (`css3draft`).
    Css3Draft,
}

/// Hugo's `extensions.extras` (each `….enable`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// `~~text~~` becomes `<del>` (what `strikethrough` already does, without single `~`).
    pub delete: bool,
    /// `++text++` becomes `<ins>`.
    pub insert: bool,
    /// `==text==` becomes `<mark>`.
    pub mark: bool,
    /// `~text~` becomes `<sub>` (when `strikethrough` is off; it takes `~` first).
    pub subscript: bool,
    /// `^text^` becomes `<sup>`.
    pub superscript: bool,
}

/// `extensions.passthrough.delimiters`: opening and closing strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Passthrough {
    /// Pairs that delimit inline snippets, e.g. `\(` … `\)`.
    pub inline: Vec<(String, String)>,
    /// Pairs that delimit whole blocks, e.g. `$$` … `$$`.
    pub block: Vec<(String, String)>,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            unsafe_html: false,
            hard_wraps: false,
            xhtml: false,
            typographer: Some(TypographerStrings::default()),
            linkify: true,
            linkify_protocol: "https".into(),
            tables: true,
            strikethrough: true,
            task_lists: true,
            definition_lists: true,
            footnotes: true,
            footnote_backlink_html: "&#x21a9;&#xfe0e;".into(),
            footnote_auto_id_prefix: false,
            emoji: false,
            auto_heading_id: true,
            heading_id_type: HeadingIdType::Github,
            definition_term_ids: false,
            block_attributes: false,
            heading_attributes: true,
            wrap_standalone_image: true,
            code_fences: true,
            highlight: HighlightOptions::default(),
            extras: Extras::default(),
            east_asian_line_breaks: None,
            escaped_space: false,
            passthrough: None,
            embedded_link_hook: EmbeddedHook::Never,
            embedded_image_hook: EmbeddedHook::Never,
        }
    }
}

/// A case-insensitive walk down nested config maps (Hugo config keys ignore case).
pub(super) fn lookup<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut current = value;
    for key in path {
        current = current
            .as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)?;
    }
    Some(current)
}

/// Hugo accepts `true`, `"true"` and friends for booleans.
fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

impl MarkdownOptions {
    /// Reads the options from a site's whole config (`raw`, keys as written).
    pub fn from_config(raw: &Value) -> MarkdownOptions {
        let mut options = MarkdownOptions::default();
        let goldmark = lookup(raw, &["markup", "goldmark"])
            .cloned()
            .unwrap_or(Value::Null);
        let flag = |path: &[&str]| lookup(&goldmark, path).and_then(as_bool);
        let text = |path: &[&str]| {
            lookup(&goldmark, path)
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if let Some(b) = flag(&["renderer", "unsafe"]) {
            options.unsafe_html = b;
        }
        if let Some(b) = flag(&["renderer", "hardWraps"]) {
            options.hard_wraps = b;
        }
        if let Some(b) = flag(&["renderer", "xhtml"]) {
            options.xhtml = b;
        }
        if flag(&["extensions", "typographer", "disable"]) == Some(true) {
            options.typographer = None;
        } else if let Some(strings) = options.typographer.as_mut() {
            let fields: [(&str, &mut String); 10] = [
                ("leftSingleQuote", &mut strings.left_single_quote),
                ("rightSingleQuote", &mut strings.right_single_quote),
                ("leftDoubleQuote", &mut strings.left_double_quote),
                ("rightDoubleQuote", &mut strings.right_double_quote),
                ("enDash", &mut strings.en_dash),
                ("emDash", &mut strings.em_dash),
                ("ellipsis", &mut strings.ellipsis),
                ("leftAngleQuote", &mut strings.left_angle_quote),
                ("rightAngleQuote", &mut strings.right_angle_quote),
                ("apostrophe", &mut strings.apostrophe),
            ];
            for (key, slot) in fields {
                if let Some(v) = text(&["extensions", "typographer", key]) {
                    *slot = v;
                }
            }
        }
        let bools: [(&[&str], &mut bool); 17] = [
            (&["extensions", "linkify"], &mut options.linkify),
            (&["extensions", "table"], &mut options.tables),
            (&["extensions", "strikethrough"], &mut options.strikethrough),
            (&["extensions", "taskList"], &mut options.task_lists),
            (
                &["extensions", "definitionList"],
                &mut options.definition_lists,
            ),
            (
                &["extensions", "footnote", "enable"],
                &mut options.footnotes,
            ),
            (
                &["extensions", "footnote", "enableAutoIDPrefix"],
                &mut options.footnote_auto_id_prefix,
            ),
            (&["parser", "autoHeadingID"], &mut options.auto_heading_id),
            (
                &["parser", "attribute", "title"],
                &mut options.heading_attributes,
            ),
            (
                &["parser", "wrapStandAloneImageWithinParagraph"],
                &mut options.wrap_standalone_image,
            ),
            (
                &["parser", "autoDefinitionTermID"],
                &mut options.definition_term_ids,
            ),
            (
                &["parser", "attribute", "block"],
                &mut options.block_attributes,
            ),
            (
                &["extensions", "extras", "delete", "enable"],
                &mut options.extras.delete,
            ),
            (
                &["extensions", "extras", "insert", "enable"],
                &mut options.extras.insert,
            ),
            (
                &["extensions", "extras", "mark", "enable"],
                &mut options.extras.mark,
            ),
            (
                &["extensions", "extras", "subscript", "enable"],
                &mut options.extras.subscript,
            ),
            (
                &["extensions", "extras", "superscript", "enable"],
                &mut options.extras.superscript,
            ),
        ];
        for (path, slot) in bools {
            if let Some(b) = lookup(&goldmark, path).and_then(as_bool) {
                *slot = b;
            }
        }
        // Older configs write `footnote: false` directly.
        if let Some(b) = flag(&["extensions", "footnote"]) {
            options.footnotes = b;
        }
        if let Some(p) = text(&["extensions", "linkifyProtocol"]) {
            options.linkify_protocol = p;
        }
        if let Some(html) = text(&["extensions", "footnote", "backlinkHTML"]) {
            options.footnote_backlink_html = html;
        }
        // The old name wins when both are set (Hugo's `Parser.Init`).
        let id_type =
            text(&["parser", "autoHeadingIDType"]).or_else(|| text(&["parser", "autoIDType"]));
        if let Some(kind) = id_type {
            options.heading_id_type = match kind.to_ascii_lowercase().as_str() {
                "github-ascii" => HeadingIdType::GithubAscii,
                "blackfriday" => HeadingIdType::Blackfriday,
                _ => HeadingIdType::Github,
            };
        }
        options.definition_term_ids &= options.definition_lists;
        if flag(&["extensions", "passthrough", "enable"]) == Some(true) {
            let pairs = |kind: &str| -> Vec<(String, String)> {
                lookup(
                    &goldmark,
                    &["extensions", "passthrough", "delimiters", kind],
                )
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|pair| match pair.as_array()?.as_slice() {
                    [open, close] => {
                        Some((open.as_str()?.to_string(), close.as_str()?.to_string()))
                    }
                    _ => None,
                })
                .collect()
            };
            options.passthrough = Some(Passthrough {
                inline: pairs("inline"),
                block: pairs("block"),
            });
        }
        if flag(&["extensions", "cjk", "enable"]) == Some(true) {
            if flag(&["extensions", "cjk", "eastAsianLineBreaks"]) == Some(true) {
                let style = text(&["extensions", "cjk", "eastAsianLineBreaksStyle"]);
                options.east_asian_line_breaks = Some(match style.as_deref() {
                    Some(s) if s.eq_ignore_ascii_case("css3draft") => {
                        EastAsianLineBreaks::Css3Draft
                    }
                    _ => EastAsianLineBreaks::Simple,
                });
            }
            options.escaped_space = flag(&["extensions", "cjk", "escapedSpace"]) == Some(true);
        }
        if let Some(b) = lookup(raw, &["enableEmoji"]).and_then(as_bool) {
            options.emoji = b;
        }
        if let Some(b) = lookup(raw, &["markup", "highlight", "codeFences"]).and_then(as_bool) {
            options.code_fences = b;
        }
        options.highlight = HighlightOptions::from_config(raw);
        // `auto` is `fallback` where Hugo 0.168 resolves shared resources per language: a site
        // configuring `languages` (even one) on a single host, without duplicated resources.
        let languages = lookup(raw, &["languages"]).and_then(Value::as_object);
        let multihost = languages.is_some_and(|langs| {
            langs
                .values()
                .any(|lang| lookup(lang, &["baseURL"]).is_some())
        });
        let auto = if languages.is_some_and(|l| !l.is_empty())
            && !multihost
            && flag(&["duplicateResourceFiles"]) != Some(true)
        {
            EmbeddedHook::Fallback
        } else {
            EmbeddedHook::Never
        };
        let embedded = |kind: &str| {
            match text(&["renderHooks", kind, "useEmbedded"])
                .map(|s| s.to_ascii_lowercase())
                .as_deref()
            {
                Some("always") => EmbeddedHook::Always,
                Some("fallback") => EmbeddedHook::Fallback,
                Some("never") => EmbeddedHook::Never,
                // The setting it replaced (deprecated in 0.148).
                _ => match flag(&["renderHooks", kind, "enableDefault"]) {
                    Some(true) => EmbeddedHook::Fallback,
                    Some(false) => EmbeddedHook::Never,
                    None => auto,
                },
            }
        };
        options.embedded_link_hook = embedded("link");
        options.embedded_image_hook = embedded("image");
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml: &str) -> MarkdownOptions {
        let path = std::path::Path::new("hugo.toml");
        let raw = crate::site::data::parse_data(path, toml, crate::site::data::DataFormat::Toml)
            .unwrap_or_else(|e| panic!("{e}"));
        MarkdownOptions::from_config(&raw)
    }

    #[test]
    fn hugo_defaults_when_nothing_is_set() {
        assert_eq!(parse(""), MarkdownOptions::default());
        assert_eq!(MarkdownOptions::default().linkify_protocol, "https");
        assert!(MarkdownOptions::default().typographer.is_some());
    }

    #[test]
    fn keys_are_read_in_any_case_with_strings_for_booleans() {
        let options = parse(
            "[markup.goldmark.renderer]\nUNSAFE = true\nhardwraps = 'true'\n\
             [markup.goldmark.extensions]\nTaskList = false\nlinkifyprotocol = 'http'\n\
             [markup.goldmark.extensions.typographer]\nenDash = '-'\n",
        );
        assert!(options.unsafe_html && options.hard_wraps && !options.task_lists);
        assert_eq!(options.linkify_protocol, "http");
        assert_eq!(
            options.typographer.map(|t| t.en_dash),
            Some("-".to_string())
        );
        assert!(
            parse("[markup.goldmark.extensions.typographer]\ndisable = true")
                .typographer
                .is_none()
        );
    }

    #[test]
    fn id_type_old_name_wins_and_term_ids_need_definition_lists() {
        let both = "[markup.goldmark.parser]\nautoIDType = 'github-ascii'\n";
        assert_eq!(parse(both).heading_id_type, HeadingIdType::GithubAscii);
        let legacy = format!("{both}autoHeadingIDType = 'blackfriday'\n");
        assert_eq!(parse(&legacy).heading_id_type, HeadingIdType::Blackfriday);
        let terms = "[markup.goldmark.parser]\nautoDefinitionTermID = true\n";
        assert!(parse(terms).definition_term_ids);
        let off = format!("{terms}[markup.goldmark.extensions]\ndefinitionList = false\n");
        assert!(!parse(&off).definition_term_ids);
    }

    #[test]
    fn footnotes_extras_attributes_passthrough_and_top_level_keys() {
        let options = parse(
            "enableEmoji = true\n[markup.highlight]\ncodeFences = false\n\
             [markup.goldmark.parser.attribute]\nblock = true\ntitle = false\n\
             [markup.goldmark.extensions.footnote]\nbacklinkHTML = '^'\n\
             [markup.goldmark.extensions.extras]\nmark.enable = true\nsuperscript.enable = true\n\
             [markup.goldmark.extensions.passthrough]\nenable = true\n\
             delimiters.block = [['$$', '$$']]\ndelimiters.inline = [['\\(', '\\)']]\n",
        );
        assert!(options.emoji && !options.code_fences);
        assert!(options.block_attributes && !options.heading_attributes);
        assert_eq!(options.footnote_backlink_html, "^");
        assert_eq!(
            options.extras,
            Extras {
                mark: true,
                superscript: true,
                ..Extras::default()
            }
        );
        let passthrough = options.passthrough.unwrap_or_default();
        assert_eq!(passthrough.block, [("$$".to_string(), "$$".to_string())]);
        assert_eq!(passthrough.inline, [("\\(".to_string(), "\\)".to_string())]);
        assert!(!parse("[markup.goldmark.extensions]\nfootnote = false").footnotes);
        let cjk =
            "[markup.goldmark.extensions.cjk]\neastAsianLineBreaks = true\nescapedSpace = true\n";
        let off = parse(cjk);
        assert!(off.east_asian_line_breaks.is_none() && !off.escaped_space);
        let on = parse(&format!(
            "{cjk}enable = true\neastAsianLineBreaksStyle = 'css3draft'\n"
        ));
        assert_eq!(
            on.east_asian_line_breaks,
            Some(EastAsianLineBreaks::Css3Draft)
        );
        assert!(on.escaped_space);
    }
}
