//! The shortcode catalog: every shortcode a site can call, with exactly the params its template
//! reads. The sample site's, digital.gov's 47 (its theme, when the corpus is here:
//! `POSTWRIGHT_DIGITALGOV_THEME`, else `digitalgov-theme` beside `POSTWRIGHT_CORPUS`) and Hugo's
//! documentation's own `layouts/_shortcodes` (`POSTWRIGHT_HUGODOCS`), each against a table
//! written by reading the templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use postwright::render::catalog::{catalog, ShortcodeInfo, ShortcodeParam};
use postwright::template::ShortcodeTemplates;
use postwright::workspace::open_sample_workspace;

use crate::support::{cli, TempSite};

/// One expected row: params as the CLI prints them (`name`, `#0` for a positional one, `…`
/// when the template reads `.Params` as a whole), and whether it takes inner content.
type Row = (&'static str, &'static [&'static str], bool);

fn offered(info: &ShortcodeInfo) -> Vec<String> {
    let mut params: Vec<String> = info
        .params
        .iter()
        .map(|p| match p {
            ShortcodeParam::Named { name } => name.clone(),
            ShortcodeParam::Positional { index } => format!("#{index}"),
        })
        .collect();
    if info.any_params {
        params.push("…".into());
    }
    params
}

/// Asserts that the templates in `list` (not built-ins) are exactly `expected`, row by row.
fn assert_table(list: &[ShortcodeInfo], expected: &[Row]) {
    let actual: BTreeMap<String, (Vec<String>, bool)> = list
        .iter()
        .filter(|info| info.source != "builtin")
        .map(|info| (info.name.clone(), (offered(info), info.inner)))
        .collect();
    let expected: BTreeMap<String, (Vec<String>, bool)> = expected
        .iter()
        .map(|(name, params, inner)| {
            (
                name.to_string(),
                (params.iter().map(|p| p.to_string()).collect(), *inner),
            )
        })
        .collect();
    for (name, want) in &expected {
        assert_eq!(actual.get(name), Some(want), "shortcode {name}");
    }
    assert_eq!(
        actual.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for info in list {
        assert_eq!(info.error, None, "{}", info.name);
    }
}

#[test]
fn sample_site_offers_exactly_what_its_templates_read() {
    let data = tempfile::tempdir().unwrap();
    let ws = open_sample_workspace(data.path()).unwrap();
    let list = ws.shortcodes();
    assert_table(
        &list,
        &[
            ("img", &["alt", "caption", "src"], false),
            ("legacy-img", &["alt", "caption", "src"], false),
            ("note", &["variant"], true),
        ],
    );
    let note = list.iter().find(|i| i.name == "note").unwrap();
    assert_eq!(note.source, "layouts/shortcodes/note.html");
    assert_eq!(
        note.help,
        "A boxed aside around Markdown inner text; variant=\"alert\" for warnings."
    );
    let img = list.iter().find(|i| i.name == "img").unwrap();
    assert_eq!(
        img.help,
        "An image described by data/images/UID.yml, called with src=\"UID\". The optional alt\n\
         and caption params override the data file's; the file is served from /images/."
    );
    // Hugo 0.168's documented built-ins, none of them shadowed here.
    let builtins: Vec<&str> = list
        .iter()
        .filter(|i| i.source == "builtin")
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        builtins,
        [
            "details",
            "figure",
            "highlight",
            "instagram",
            "param",
            "qr",
            "ref",
            "relref",
            "vimeo",
            "x",
            "youtube"
        ]
    );
}

#[test]
fn site_templates_shadow_theme_and_builtins_and_both_layouts_count() {
    let site = TempSite::new();
    site.write("hugo.yaml", "baseURL: https://example.org/\ntheme: t\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\n");
    site.write(
        "layouts/_shortcodes/youtube.html",
        "{{/* Ours. */}}{{ .Get \"v\" }}",
    );
    site.write("layouts/shortcodes/aside.html", "{{ .Inner }}");
    site.write(
        "themes/t/layouts/shortcodes/aside.html",
        "{{ .Get \"theme\" }}",
    );
    site.write(
        "themes/t/layouts/_shortcodes/card.html",
        "{{- /* A card.\n   Two lines. */ -}}\n{{ with .Get \"title\" }}{{ .Get \"not-a-param\" }}{{ end }}{{ $.Get 1 }}",
    );
    let ws = postwright::Workspace::open(site.root()).unwrap();
    let list = ws.shortcodes();
    let by_name = |name: &str| list.iter().find(|i| i.name == name).unwrap().clone();
    let youtube = by_name("youtube");
    assert_eq!(
        (
            youtube.source.as_str(),
            offered(&youtube),
            youtube.help.as_str()
        ),
        (
            "layouts/_shortcodes/youtube.html",
            vec!["v".to_string()],
            "Ours."
        )
    );
    let aside = by_name("aside");
    assert_eq!(aside.source, "layouts/shortcodes/aside.html");
    assert!(aside.inner && aside.params.is_empty());
    let card = by_name("card");
    assert_eq!(card.source, "themes/t/layouts/_shortcodes/card.html");
    assert_eq!(offered(&card), ["title", "#1"]);
    assert_eq!(card.help, "A card.\nTwo lines.");
    assert!(!card.inner);
}

#[test]
fn cli_lists_shortcodes_as_json() {
    let data = tempfile::tempdir().unwrap();
    let ws = open_sample_workspace(data.path()).unwrap();
    let root = ws.site().root.clone();
    drop(ws);
    let out = cli()
        .args(["shortcodes", "--site"])
        .arg(&root)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json.as_array().unwrap();
    let note = list.iter().find(|s| s["name"] == "note").unwrap();
    assert_eq!(
        note,
        &serde_json::json!({
            "name": "note",
            "source": "layouts/shortcodes/note.html",
            "params": [{"name": "variant"}],
            "any_params": false,
            "inner": true,
            "help": "A boxed aside around Markdown inner text; variant=\"alert\" for warnings."
        })
    );
    let youtube = list.iter().find(|s| s["name"] == "youtube").unwrap();
    assert_eq!(youtube["source"], "builtin");
    assert_eq!(youtube["inner"], false);
    assert_eq!(
        youtube["params"].as_array().unwrap().last(),
        Some(&serde_json::json!({"index": 0}))
    );

    let out = cli()
        .args(["shortcodes", "--site"])
        .arg(&root)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("note\tlayouts/shortcodes/note.html\tinner\tvariant\t")),
        "{text}"
    );
}

/// digital.gov's theme folder, or `None` (with a notice) when the corpus is not here.
fn digitalgov_theme(test: &str) -> Option<PathBuf> {
    let theme = std::env::var_os("POSTWRIGHT_DIGITALGOV_THEME")
        .map(PathBuf::from)
        .or_else(|| {
            let corpus = PathBuf::from(std::env::var_os("POSTWRIGHT_CORPUS")?);
            Some(corpus.parent()?.join("digitalgov-theme"))
        })
        .filter(|p| p.join("layouts/shortcodes").is_dir());
    if theme.is_none() {
        eprintln!("SKIPPED {test}: set POSTWRIGHT_DIGITALGOV_THEME (or POSTWRIGHT_CORPUS with digitalgov-theme beside it)");
    }
    theme
}

fn templates_of(root: &Path) -> Vec<ShortcodeInfo> {
    let templates = ShortcodeTemplates::load(root, &[PathBuf::from("layouts")]).unwrap();
    catalog(&templates)
}

/// digital.gov's 47 shortcodes, each read by hand: `.Get` keys outside `with`/`range` bodies
/// that move dot, `.Params.x`, `range .Params` / `if .Params` as "…", `.Inner`.
const DIGITALGOV: &[Row] = &[
    (
        "accordion",
        &["icon", "kicker", "name", "pdf", "title"],
        true,
    ),
    ("api-authors", &[], false),
    ("api-images", &[], false),
    ("api-topics", &[], false),
    ("asset-img", &["alt", "bg", "path", "width"], false),
    (
        "asset-static",
        &["button", "button-variant", "file", "label"],
        false,
    ),
    ("box", &["color"], true),
    ("button", &["href", "text", "…"], false),
    (
        "card-policy",
        &["kicker", "name", "pdf", "src", "title"],
        true,
    ),
    (
        "card-prompt",
        &["button-text", "button-url", "fallback", "intro"],
        true,
    ),
    ("checkbox", &[], true),
    ("checkbox-sublist-item", &[], true),
    ("checklist", &[], true),
    ("checklist-sublist", &[], true),
    ("community-guidelines", &[], false),
    ("cspan-iframe", &["src", "title"], false),
    ("do-dont-table", &["caption"], true),
    ("do-row", &[], true),
    ("dont-row", &[], true),
    ("fb-video", &["#0"], false),
    (
        "featured-resource",
        &["kicker", "link", "summary", "title"],
        false,
    ),
    ("footnote", &[], true),
    ("highlight", &[], true),
    ("hs-form-contribute", &[], false),
    ("hs-form-subscribe", &[], false),
    ("img", &["align", "alt", "inline", "src"], false),
    ("img-bw", &["#0"], false),
    ("img-flexible", &["small", "src"], false),
    ("img-right", &["alt", "src"], false),
    ("legacy-file", &["#0"], false),
    ("legacy-img", &["alt", "caption", "src"], false),
    ("legacy-img-right", &["alt", "caption", "src"], false),
    ("link", &["#0"], false),
    ("list-resources", &["…"], false),
    ("note", &["variant"], true),
    ("quote-block", &["bg", "cite", "text"], false),
    ("ring", &["title"], true),
    ("row", &[], true),
    ("search-resources", &[], false),
    ("termsofservice-compatible", &[], false),
    ("termsofservice-inactive", &[], false),
    ("termsofservice-poc-cabinet", &[], false),
    ("termsofservice-poc-noncabinet", &[], false),
    ("theme-img", &["alt", "bg", "path", "width"], false),
    ("tmp", &[], false),
    ("tos-file", &["#0"], false),
    ("youtube", &["id", "start_time", "title"], false),
];

#[test]
fn digitalgov_theme_offers_exactly_what_its_47_templates_read() {
    let Some(theme) =
        digitalgov_theme("digitalgov_theme_offers_exactly_what_its_47_templates_read")
    else {
        return;
    };
    assert_eq!(DIGITALGOV.len(), 47);
    let list = templates_of(&theme);
    assert_table(&list, DIGITALGOV);
    let by_name = |name: &str| list.iter().find(|i| i.name == name).unwrap();
    assert_eq!(by_name("img").source, "layouts/shortcodes/img.html");
    assert_eq!(
        by_name("row").help,
        "Generic table row\nUsed in do-dont-table shortcode."
    );
    let youtube = &by_name("youtube").help;
    assert!(
        youtube.starts_with("<!-- prettier-ignore -->\n")
            && youtube.contains("Embeds a youtube player into the page\n"),
        "{youtube}"
    );
    assert_eq!(by_name("accordion").help, "");
}

/// Hugo's documentation's own shortcodes (`layouts/_shortcodes`), read by hand; most call
/// functions the preview lacks (`site.GetPage`, `hugo.Data`), which must not hide their params.
const HUGODOCS: &[Row] = &[
    ("chroma-lexers", &[], false),
    (
        "code-toggle",
        &["config", "copy", "dataKey", "file", "fm", "skipHeader"],
        true,
    ),
    ("current-go-version", &[], false),
    ("datatable", &["#0", "#1", "…"], false),
    ("deprecated-in", &["#0"], true),
    ("eturl", &["filename", "#0"], false),
    ("get-page-desc", &["#0"], false),
    ("glossary", &[], false),
    ("glossary-term", &["#0"], false),
    ("hl", &["#0"], true),
    (
        "img",
        &[
            "alt",
            "example",
            "exampleWidth",
            "filter",
            "filterArgs",
            "src",
        ],
        false,
    ),
    ("imgproc", &["alt", "path", "spec"], true),
    ("include", &["#0"], false),
    ("module-mounts-note", &[], false),
    ("new-in", &["#0"], true),
    ("newtemplatesystem", &[], false),
    ("per-lang-config-keys", &[], false),
    ("quick-reference", &["section"], false),
    (
        "render-list-of-pages-in-section",
        &["filter", "filterType", "path", "titlePrefix"],
        false,
    ),
    (
        "render-table-of-pages-in-section",
        &[
            "filter",
            "filterType",
            "headingColumn1",
            "headingColumn2",
            "path",
            "titlePrefix",
        ],
        false,
    ),
    ("root-configuration-keys", &[], false),
    ("syntax-highlighting-styles", &[], false),
    (
        "syntax-highlighting-styles-light-with-counterpart",
        &[],
        false,
    ),
];

#[test]
fn hugodocs_shortcodes_offer_exactly_what_their_templates_read() {
    let Some(docs) = std::env::var_os("POSTWRIGHT_HUGODOCS") else {
        eprintln!("SKIPPED hugodocs_shortcodes_offer_exactly_what_their_templates_read: set POSTWRIGHT_HUGODOCS to the Hugo documentation corpus");
        return;
    };
    let list = templates_of(Path::new(&docs));
    assert_table(&list, HUGODOCS);
    assert_eq!(
        list.iter().find(|i| i.name == "hl").unwrap().source,
        "layouts/_shortcodes/hl.html"
    );
}
