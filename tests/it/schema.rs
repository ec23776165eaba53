//! Content types from a Decap CMS config (the real digital.gov one when the corpus is present)
//! and inferred from archetypes and pages when a site has none.

use postwright::site::schema::{SiteSchema, Widget};
use postwright::site::Site;

use crate::support::TempSite;

#[test]
fn digitalgov_decap_config_gives_the_news_form() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let config = std::path::Path::new(&corpus).join("cms/config.yml");
    let schema = SiteSchema::from_decap_file(&config, std::path::Path::new("content")).unwrap();
    let news = schema
        .for_page("news/2015/07/2015-07-31-new-kid.md")
        .unwrap();
    assert_eq!(news.label, "News");
    assert_eq!(
        news.slug_template.as_deref(),
        Some("{{year}}-{{month}}-{{day}}-{{slug}}")
    );
    let names: Vec<_> = news.fields.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.starts_with(&[
            "source_url",
            "source",
            "date",
            "kicker",
            "title",
            "deck",
            "summary",
            "topics",
            "authors"
        ]),
        "{names:?}"
    );
    let topics = news.fields.iter().find(|f| f.name == "topics").unwrap();
    assert_eq!(
        (
            topics.widget.clone(),
            topics.relation.as_deref(),
            topics.multiple,
            topics.required
        ),
        (Widget::Relation, Some("topics"), true, false)
    );
    let date = news.fields.iter().find(|f| f.name == "date").unwrap();
    assert_eq!(date.format.as_deref(), Some("YYYY-MM-DD HH:mm:00 -0500"));
    // Collections inherit `<<: *defaults`, and the body is not a front-matter field.
    assert!(!names.contains(&"body"));
    assert!(schema.for_page("authors/rflagg/_index.md").is_some());
}

#[test]
fn without_decap_config_fields_are_inferred_from_archetype_and_pages() {
    let site = TempSite::new();
    site.write("archetypes/news.md", "---\ntitle: \"{{ replace .Name \"-\" \" \" | title }}\"\ndate: '{{ .Date }}'\nsummary: \"\"\n---\n");
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ntopics: [x]\nweight: 2\n---\n",
    );
    site.write("content/news/b.md", "---\ntitle: B\ntopics: [y]\n---\n");
    let site = Site::open(site.root()).unwrap();
    let news = site.schema.for_page("news/c.md").unwrap();
    let fields: Vec<_> = news
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.widget.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("title", Widget::String),
            ("date", Widget::Datetime),
            ("summary", Widget::Text),
            ("topics", Widget::Relation),
            ("weight", Widget::Number)
        ]
    );
}

/// A Decap config with one `news` collection labelled `label`.
fn decap_config(label: &str) -> String {
    format!("collections:\n  - name: news\n    label: {label}\n    folder: content/news\n    fields:\n      - {{name: title, label: Title, widget: string}}\n")
}

#[test]
fn the_themes_decap_config_is_read_when_the_site_has_none_and_the_sites_own_wins() {
    let temp = TempSite::new();
    std::fs::write(
        temp.root().join("hugo.yaml"),
        "title: T\ntheme: [first, second]\n",
    )
    .unwrap();
    temp.write(
        "themes/second/static/admin/config.yml",
        &decap_config("From the second theme"),
    );
    temp.write("content/news/a.md", "---\ntitle: A\n---\n");
    let site = Site::open(temp.root()).unwrap();
    assert_eq!(
        site.schema.for_page("news/a.md").unwrap().label,
        "From the second theme"
    );
    assert!(site
        .schema
        .decap_config
        .as_ref()
        .unwrap()
        .ends_with("themes/second/static/admin/config.yml"));
    // The first theme comes first, and the site's own config before any theme's.
    temp.write(
        "themes/first/static/admin/config.yaml",
        &decap_config("From the first theme"),
    );
    assert_eq!(
        Site::open(temp.root())
            .unwrap()
            .schema
            .for_page("news/a.md")
            .unwrap()
            .label,
        "From the first theme"
    );
    temp.write("static/admin/config.yml", &decap_config("The site's own"));
    assert_eq!(
        Site::open(temp.root())
            .unwrap()
            .schema
            .for_page("news/a.md")
            .unwrap()
            .label,
        "The site's own"
    );
}

#[test]
fn a_decap_config_path_from_the_settings_is_read_inside_the_site_only() {
    use postwright::site::{SiteError, SiteOptions};
    use postwright::{Error, Workspace};
    let temp = TempSite::new();
    temp.write("static/admin/config.yml", &decap_config("Found by itself"));
    temp.write("cms/digitalgov.yml", &decap_config("Named in the settings"));
    temp.write("content/news/a.md", "---\ntitle: A\n---\n");
    let options = SiteOptions {
        decap_config: Some("cms/digitalgov.yml".into()),
    };
    let site = Site::open_with(temp.root(), &options).unwrap();
    assert_eq!(
        site.schema.for_page("news/a.md").unwrap().label,
        "Named in the settings"
    );

    let mut ws = Workspace::open(temp.root()).unwrap();
    assert_eq!(
        ws.content_type("news/a.md").unwrap().label,
        "Found by itself"
    );
    ws.set_decap_config(Some("cms/digitalgov.yml")).unwrap();
    assert_eq!(
        ws.content_type("news/a.md").unwrap().label,
        "Named in the settings"
    );
    // Paths leading out of the site are refused and change nothing.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("config.yml"), decap_config("Outside")).unwrap();
    std::os::unix::fs::symlink(outside.path(), temp.root().join("linked")).unwrap();
    for escape in ["../config.yml", "/etc/passwd", "linked/config.yml"] {
        let err = ws.set_decap_config(Some(escape)).unwrap_err();
        assert!(
            matches!(err, Error::Site(SiteError::DecapConfigOutside { .. })),
            "{escape}: {err}"
        );
        assert!(
            err.to_string().contains("must be inside the site folder"),
            "{err}"
        );
    }
    assert_eq!(
        ws.content_type("news/a.md").unwrap().label,
        "Named in the settings"
    );
    // A missing file is an error too, not a silent fallback.
    assert!(ws.set_decap_config(Some("cms/missing.yml")).is_err());
    ws.set_decap_config(None).unwrap();
    assert_eq!(
        ws.content_type("news/a.md").unwrap().label,
        "Found by itself"
    );
}
