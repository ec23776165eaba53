//! Content types from a Decap CMS config (the real digital.gov one when the corpus is present)
//! and inferred from archetypes and pages when a site has none.

use postwright::schema::{SiteSchema, Widget};
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
    let news = schema.for_page("news/2015/07/2015-07-31-new-kid.md").unwrap();
    assert_eq!(news.label, "News");
    assert_eq!(news.slug_template.as_deref(), Some("{{year}}-{{month}}-{{day}}-{{slug}}"));
    let names: Vec<_> = news.fields.iter().map(|f| f.name.as_str()).collect();
    assert!(names.starts_with(&["source_url", "source", "date", "kicker", "title", "deck", "summary", "topics", "authors"]), "{names:?}");
    let topics = news.fields.iter().find(|f| f.name == "topics").unwrap();
    assert_eq!((topics.widget.clone(), topics.relation.as_deref(), topics.multiple, topics.required), (Widget::Relation, Some("topics"), true, false));
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
    site.write("content/news/a.md", "---\ntitle: A\ntopics: [x]\nweight: 2\n---\n");
    site.write("content/news/b.md", "---\ntitle: B\ntopics: [y]\n---\n");
    let site = Site::open(site.root()).unwrap();
    let news = site.schema.for_page("news/c.md").unwrap();
    let fields: Vec<_> = news.fields.iter().map(|f| (f.name.as_str(), f.widget.clone())).collect();
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
