//! The site model and index on the sample site and, when present, the real corpus.

use postwright::site::{PageKind, Site};

#[test]
fn sample_site_indexes_posts_authors_and_topics_with_their_aliases() {
    let site = Site::open(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
    let post = site.index.page("news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md").unwrap();
    assert_eq!(post.kind, PageKind::Page);
    assert_eq!(post.permalink, "/2015/07/31/new-kid-in-town-the-customer-experience-community/");
    assert_eq!(post.authors, ["jacqueline-snee", "rflagg"]);
    let topics = &site.index.terms["topics"];
    let cx = topics.iter().find(|t| t.slug == "customer-experience").unwrap();
    assert!(cx.aliases.iter().any(|a| a == "/topics/cx/"), "{:?}", cx.aliases);
    assert!(site.index.terms["authors"].iter().any(|a| a.slug == "rflagg"));
    assert_eq!(site.schema.for_page(&post.path).map(|t| t.name.as_str()), Some("news"));
}

#[test]
fn corpus_indexes_every_page_and_term() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let site = Site::open(std::path::Path::new(&corpus)).unwrap();
    assert_eq!(site.index.pages.len(), 4041);
    assert_eq!(site.index.terms["topics"].len(), 51);
    assert!(site.index.terms["authors"].len() >= 1040, "{}", site.index.terms["authors"].len());
    let cx = site.index.terms["topics"].iter().find(|t| t.slug == "customer-experience").unwrap();
    assert!(cx.aliases.contains(&"/topics/cx/".to_string()));
    let news = site.index.pages.iter().filter(|p| p.section == "news" && p.kind == PageKind::Page).count();
    assert!(news > 2000, "{news}");
}
