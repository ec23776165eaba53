//! The editor's shortcode form and its in-place edit, through the facade: the form offers
//! exactly the params each template reads (the sample site's templates and digital.gov's 47,
//! asserted against the template's own reads, not against the catalog the form is built
//! from), an edit changes only what it touches (offsets in UTF-16, as the editor counts),
//! and the ref completion finds pages by title and path.

use std::collections::BTreeSet;
use std::path::PathBuf;

use postwright::render::catalog::catalog;
use postwright::render::shortcode_form::{shortcode_form, ShortcodeForm};
use postwright::shortcode::{Delimiter, ParamChange, ShortcodeEdit, ShortcodeParam};
use postwright::template::ShortcodeTemplates;
use postwright::workspace::{open_sample_workspace, SpanKind};
use postwright::Workspace;

use crate::support::TempSite;

/// The named and positional params a form offers, and whether it asks for inner content.
fn offered(form: &ShortcodeForm) -> (BTreeSet<String>, BTreeSet<usize>, bool) {
    let mut named = BTreeSet::new();
    let mut positional = BTreeSet::new();
    for p in &form.params {
        match &p.param {
            ShortcodeParam::Named { name } => {
                named.insert(name.clone());
            }
            ShortcodeParam::Positional { index } => {
                positional.insert(*index);
            }
        }
    }
    (named, positional, form.takes_inner)
}

/// For every template of `templates`: the new-call form offers exactly what the template
/// reads. Returns how many templates were compared.
fn assert_forms_match_reads(
    templates: &ShortcodeTemplates,
    form_of: &dyn Fn(&str) -> ShortcodeForm,
) -> usize {
    let names: Vec<String> = templates.names().map(str::to_string).collect();
    for name in &names {
        let reads = templates
            .reads(name)
            .expect("a listed template")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let form = form_of(name);
        assert_eq!(
            offered(&form),
            (reads.named.clone(), reads.positional.clone(), reads.inner),
            "shortcode {name}"
        );
        assert_eq!(
            form.any_params,
            reads.all_params || reads.is_named_params,
            "{name}"
        );
        assert!(form.extra.is_empty() && form.inner.is_none(), "{name}");
    }
    names.len()
}

#[test]
fn the_sample_sites_forms_offer_exactly_what_its_templates_read() {
    let data = tempfile::tempdir().unwrap();
    let ws = open_sample_workspace(data.path()).unwrap();
    let templates = ShortcodeTemplates::for_site(ws.site()).unwrap();
    let compared = assert_forms_match_reads(&templates, &|name| {
        ws.shortcode_form(name).expect("in the catalog")
    });
    assert_eq!(compared, 3);
    let note = ws.shortcode_form("note").unwrap();
    assert_eq!(
        note.help,
        "A boxed aside around Markdown inner text; variant=\"alert\" for warnings."
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

#[test]
fn digitalgovs_47_forms_offer_exactly_what_their_templates_read() {
    let Some(theme) =
        digitalgov_theme("digitalgovs_47_forms_offer_exactly_what_their_templates_read")
    else {
        return;
    };
    let templates = ShortcodeTemplates::load(&theme, &[PathBuf::from("layouts")]).unwrap();
    let list = catalog(&templates);
    let compared = assert_forms_match_reads(&templates, &|name| {
        shortcode_form(name, list.iter().find(|i| i.name == name), None)
    });
    assert_eq!(compared, 47);
}

fn site_with_templates() -> TempSite {
    let site = TempSite::new();
    site.write("hugo.yaml", "baseURL: https://example.org/\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\n");
    site.write(
        "content/news/first-post.md",
        "---\ntitle: \"The First Post\"\ndate: 2024-01-02\n---\nBody.\n",
    );
    site.write(
        "content/guides/setup/index.md",
        "---\ntitle: Setting things up\ndate: 2023-05-01\n---\nGuide.\n",
    );
    site.write(
        "layouts/shortcodes/card.html",
        "{{/* A card. */}}{{ .Get \"title\" }}{{ .Get \"link\" }}{{ .Inner }}",
    );
    site.write("layouts/shortcodes/pair.html", "{{ .Get 0 }}{{ .Get 1 }}");
    site
}

#[test]
fn the_call_under_the_cursor_is_edited_in_place_in_utf16_offsets() {
    let site = site_with_templates();
    let ws = Workspace::open(site.root()).unwrap();
    // An astral character before the call: UTF-16 and byte offsets differ.
    let body = "Intro 😀 é\n\n{{%  card  title=`Raw \"T\"`\n  link=\"/a\"   %}}\nInner *md*\n{{% /card %}}\n\nEnd {{< pair a `b c` >}}\n";
    let units: Vec<u16> = body.encode_utf16().collect();
    let in_card = body[..body.find("link").unwrap()].encode_utf16().count();
    let at = ws
        .shortcode_at(body, in_card)
        .expect("a call under the cursor");
    assert_eq!(at.form.name, "card");
    assert_eq!(at.form.delimiter, Delimiter::Percent);
    assert_eq!(at.form.help, "A card.");
    assert_eq!(at.form.inner.as_deref(), Some("\nInner *md*\n"));
    let values: Vec<_> = at
        .form
        .params
        .iter()
        .map(|p| (p.label.as_str(), p.value.as_deref()))
        .collect();
    assert_eq!(values, [("link", Some("/a")), ("title", Some("Raw \"T\""))]);
    assert_eq!(
        at.from,
        body[..body.find("{{%").unwrap()].encode_utf16().count()
    );

    let edit = ShortcodeEdit {
        params: vec![ParamChange {
            param: ShortcodeParam::Named {
                name: "link".into(),
            },
            value: Some("/b c".into()),
        }],
        inner: None,
    };
    let change = ws.edit_shortcode(body, at.from, &edit).unwrap();
    let mut edited: Vec<u16> = units[..change.from].to_vec();
    edited.extend(change.insert.encode_utf16());
    edited.extend(&units[change.to..]);
    let edited = String::from_utf16(&edited).unwrap();
    assert_eq!(edited, body.replace("link=\"/a\"", "link=\"/b c\""));
    assert_eq!(change.insert, "b c"); // the smallest change: `/a` → `/b c`

    // The positional call: the raw string keeps its backticks.
    let in_pair = body[..body.find("pair").unwrap()].encode_utf16().count();
    let pair = ws.shortcode_at(body, in_pair).unwrap();
    assert_eq!(pair.form.params.len(), 2);
    let edit = ShortcodeEdit {
        params: vec![ParamChange {
            param: ShortcodeParam::Positional { index: 1 },
            value: Some("d e".into()),
        }],
        inner: None,
    };
    let change = ws.edit_shortcode(body, pair.from, &edit).unwrap();
    let mut edited: Vec<u16> = units[..change.from].to_vec();
    edited.extend(change.insert.encode_utf16());
    edited.extend(&units[change.to..]);
    assert_eq!(
        String::from_utf16(&edited).unwrap(),
        body.replace("`b c`", "`d e`")
    );

    // Mixing styles is refused with the shortcode-edit code, and the text stays as it was.
    let mixed = ShortcodeEdit {
        params: vec![ParamChange {
            param: ShortcodeParam::Named { name: "x".into() },
            value: Some("1".into()),
        }],
        inner: None,
    };
    let err = ws.edit_shortcode(body, pair.from, &mixed).unwrap_err();
    assert_eq!(err.code().as_str(), "shortcode-edit");
    // A stale offset names no call.
    assert!(ws.edit_shortcode(body, at.from + 1, &edit).is_err());
    assert!(ws.shortcode_at(body, 2).is_none());
}

#[test]
fn a_new_call_follows_the_catalog() {
    let site = site_with_templates();
    let ws = Workspace::open(site.root()).unwrap();
    let edit = ShortcodeEdit {
        params: vec![ParamChange {
            param: ShortcodeParam::Named {
                name: "title".into(),
            },
            value: Some("Hello".into()),
        }],
        inner: Some("\nText\n".into()),
    };
    assert_eq!(
        ws.new_shortcode("card", Delimiter::Angle, &edit).unwrap(),
        "{{< card title=\"Hello\" >}}\nText\n{{< /card >}}"
    );
}

#[test]
fn call_spans_for_highlighting_are_in_utf16() {
    let body = "😀 {{< card >}}x{{< /card >}} {{</* pair */>}}";
    let spans = Workspace::shortcode_spans(body);
    let kinds: Vec<_> = spans.iter().map(|s| (s.kind, s.from, s.to)).collect();
    assert_eq!(
        kinds,
        [
            (SpanKind::Open, 3, 15),
            (SpanKind::Close, 16, 29),
            (SpanKind::Comment, 30, 46)
        ]
    );
}

#[test]
fn ref_targets_match_titles_and_paths_with_the_shortest_target() {
    let site = site_with_templates();
    let ws = Workspace::open(site.root()).unwrap();
    let found = ws.ref_targets("news/other.md", "first", 10);
    assert_eq!(found[0].title, "The First Post");
    assert_eq!(found[0].path, "news/first-post.md");
    assert_eq!(found[0].target, "first-post.md");
    let by_path = ws.ref_targets("news/other.md", "guides/setup", 10);
    assert_eq!(by_path[0].path, "guides/setup/index.md");
    assert_eq!(by_path[0].target, "/guides/setup");
    assert!(ws
        .ref_targets("news/first-post.md", "first post", 10)
        .is_empty());
}

#[test]
fn ref_targets_find_a_sample_page_by_words_of_its_title() {
    let data = tempfile::tempdir().unwrap();
    let ws = open_sample_workspace(data.path()).unwrap();
    let found = ws.ref_targets("news/2016/10/2016-10-02-editor-tools.md", "stephanie thum", 20);
    assert_eq!(
        found.first().map(|t| t.target.as_str()),
        Some("2014-02-21-customer-experience-video-blog-stephanie-thum-export-import-bank.md"),
        "{found:?}"
    );
}
