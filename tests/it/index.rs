//! The index's page facts (refs, shortcodes, words, expiry, term counts), its queries, the
//! pickers' term search and Hugo-style `ref` resolution.

use std::collections::HashSet;

use postwright::site::{PageKind, PageQuery, RefResolution, Site, SortKey};

use crate::support::TempSite;

fn site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "content/topics/customer-experience/_index.md",
        "---\ntitle: Customer experience\naliases: [/topics/cx/]\n---\n",
    );
    site.write(
        "content/topics/mobile/_index.md",
        "---\ntitle: Mobile\n---\n",
    );
    site.write(
        "content/authors/jane-doe/_index.md",
        "---\ntitle: Jane Doe\n---\n",
    );
    site.write(
        "content/authors/john-roe/_index.md",
        "---\ntitle: John Roe\n---\n",
    );
    site.write(
        "content/news/2020/01/first.md",
        "---\ntitle: First Light\ndate: 2020-01-02 10:00:00 -0500\nslug: first-light\nauthors: [jane-doe]\ntopics: [customer-experience, Customer Experience]\n---\nThe quick brown fox.\n\nSee [two]({{< ref \"second.md#part\" >}}) and {{< relref \"/topics/mobile\" >}}.\n{{< note >}}Jumps{{< /note >}}\n",
    );
    site.write(
        "content/news/2021/06/second.md",
        "---\ntitle: Second Wind\ndate: 2021-06-01\ndraft: true\nauthors: [jane-doe, john-roe]\ntopics: [mobile]\nsummary: About zebras\n---\nLazy dogs.\n",
    );
    site.write("content/news/old.md", "---\ntitle: Old\ndate: 2010-01-01\nexpirydate: 2011-01-01\n---\n{{< tweet user=\"a\" id=\"1\" >}}\n");
    site.write("content/resources/dup.md", "---\ntitle: Dup one\n---\n");
    site.write("content/guides/dup.md", "---\ntitle: Dup two\n---\n");
    site.write(
        "content/guides/bundle/index.md",
        "---\ntitle: Bundle\n---\n",
    );
    site
}

#[test]
fn pages_carry_refs_shortcodes_word_count_and_expiry() {
    let temp = site();
    let site = Site::open(temp.root()).unwrap();
    let first = site.index.page("news/2020/01/first.md").unwrap();
    let refs: Vec<_> = first
        .refs
        .iter()
        .map(|r| (r.target.as_str(), r.shortcode.as_str(), r.line, r.column))
        .collect();
    assert_eq!(
        refs,
        [
            ("second.md#part", "ref", 10, 11),
            ("/topics/mobile", "relref", 10, 45)
        ]
    );
    assert_eq!(first.shortcodes, ["note", "ref", "relref"]);
    // The, quick, brown, fox., See, [two, and, ., Jumps: `.` has no letters.
    assert_eq!(first.word_count(), 8);
    assert!(!first.expired);
    let old = site.index.page("news/old.md").unwrap();
    assert!(old.expired);
    assert_eq!(old.expiry_date.as_deref(), Some("2011-01-01"));
    assert_eq!(old.shortcodes, ["tweet"]);
    let json = serde_json::to_value(first).unwrap();
    assert_eq!(json["wordCount"], 8);
    assert!(
        json.get("searchWords").is_none(),
        "search words stay out of the JSON"
    );
}

#[test]
fn terms_count_each_page_once_by_urlized_name() {
    let temp = site();
    let site = Site::open(temp.root()).unwrap();
    let count = |tax: &str, slug: &str| {
        site.index.terms[tax]
            .iter()
            .find(|t| t.slug == slug)
            .unwrap()
            .count
    };
    // first.md lists customer-experience twice (once as a title): one use.
    assert_eq!(count("topics", "customer-experience"), 1);
    assert_eq!(count("topics", "mobile"), 1);
    assert_eq!(count("authors", "jane-doe"), 2);
    assert_eq!(count("authors", "john-roe"), 1);
}

#[test]
fn a_body_is_read_for_search_when_first_needed_and_counts_as_indexing_its_source_does() {
    let temp = site();
    let site = Site::open(temp.root()).unwrap();
    let rel = "news/2020/01/first.md";
    let source = std::fs::read_to_string(temp.root().join("content").join(rel)).unwrap();
    let from_source = postwright::site::index_page(rel, &source, &site.config);
    let from_file = site.index.page(rel).unwrap();
    assert_eq!(from_file.word_count(), from_source.word_count());
    assert_eq!(from_file.word_count(), 8);
    // Opening reads no body text: the first search reads what the file holds then.
    temp.write(
        "content/news/2021/06/second.md",
        "---\ntitle: Second Wind\n---\nA platypus parade.\n",
    );
    let q = PageQuery {
        text: Some("platypus".into()),
        ..Default::default()
    };
    let found: Vec<_> = site
        .index
        .query(&q, None)
        .iter()
        .map(|p| p.path.clone())
        .collect();
    assert_eq!(found, ["news/2021/06/second.md"]);
    // Read once: later searches keep that text, until the page is indexed again.
    temp.write(
        "content/news/2021/06/second.md",
        "---\ntitle: Second Wind\n---\nOkapi.\n",
    );
    assert_eq!(site.index.query(&q, None).len(), 1);
}

#[test]
fn queries_filter_search_and_sort() {
    let temp = site();
    let site = Site::open(temp.root()).unwrap();
    let paths = |q: &PageQuery| {
        site.index
            .query(q, None)
            .iter()
            .map(|p| p.path.clone())
            .collect::<Vec<_>>()
    };
    let q = PageQuery {
        text: Some("QUICK fo".into()),
        ..Default::default()
    };
    assert_eq!(paths(&q), ["news/2020/01/first.md"]);
    let q = PageQuery {
        text: Some("zebra".into()),
        ..Default::default()
    };
    assert_eq!(paths(&q), ["news/2021/06/second.md"], "summary is searched");
    // The page list's one search box: authors and terms are searched too, with the title.
    let q = PageQuery {
        text: Some("john-roe".into()),
        ..Default::default()
    };
    let found = paths(&q);
    assert!(
        found.iter().any(|p| p.starts_with("news/")),
        "a page is found by its author: {found:?}"
    );
    let q = PageQuery {
        text: Some("mobile".into()),
        ..Default::default()
    };
    let found = paths(&q);
    assert!(
        found.iter().any(|p| p.starts_with("news/")),
        "a page is found by its topic: {found:?}"
    );
    let q = PageQuery {
        author: Some("jane-doe".into()),
        sort: SortKey::Date,
        descending: true,
        ..Default::default()
    };
    assert_eq!(
        paths(&q),
        ["news/2021/06/second.md", "news/2020/01/first.md"]
    );
    let q = PageQuery {
        topic: Some("Customer Experience".into()),
        ..Default::default()
    };
    assert_eq!(paths(&q), ["news/2020/01/first.md"]);
    let q = PageQuery {
        draft: Some(true),
        ..Default::default()
    };
    assert_eq!(paths(&q), ["news/2021/06/second.md"]);
    let q = PageQuery {
        section: Some("news".into()),
        date_from: Some("2020-01-02".into()),
        date_to: Some("2021-05-31".into()),
        ..Default::default()
    };
    assert_eq!(
        paths(&q),
        ["news/2020/01/first.md"],
        "date range is inclusive of whole days"
    );
    let q = PageQuery {
        section: Some("news".into()),
        kind: Some(PageKind::Page),
        sort: SortKey::Title,
        ..Default::default()
    };
    assert_eq!(
        paths(&q),
        [
            "news/2020/01/first.md",
            "news/old.md",
            "news/2021/06/second.md"
        ]
    );
    let problems: HashSet<String> = ["news/old.md".to_string()].into();
    let q = PageQuery {
        section: Some("news".into()),
        has_problems: Some(true),
        ..Default::default()
    };
    assert_eq!(
        site.index
            .query(&q, Some(&problems))
            .iter()
            .map(|p| p.path.as_str())
            .collect::<Vec<_>>(),
        ["news/old.md"]
    );
    let q = PageQuery {
        sort: SortKey::WordCount,
        descending: true,
        limit: Some(1),
        ..Default::default()
    };
    assert_eq!(paths(&q), ["news/2020/01/first.md"]);
}

#[test]
fn term_search_ranks_exact_then_prefix_then_anywhere() {
    let temp = site();
    let site = Site::open(temp.root()).unwrap();
    let slugs = |text: &str| {
        site.index
            .search_terms("authors", text, 10)
            .iter()
            .map(|t| t.slug.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(slugs("roe"), ["john-roe"]);
    assert_eq!(
        slugs("j"),
        ["jane-doe", "john-roe"],
        "equal rank: most used first"
    );
    assert_eq!(slugs("OE"), ["jane-doe", "john-roe"]);
    assert_eq!(slugs(""), ["jane-doe", "john-roe"]);
    assert!(slugs("zzz").is_empty());
}

#[test]
fn refs_resolve_like_hugo() {
    let temp = site();
    let site = Site::open(temp.root()).unwrap();
    let from = "news/2020/01/first.md";
    let found = |target: &str| match site.index.resolve_ref(from, target, None, false) {
        RefResolution::Found { path, url } => (path, url),
        other => panic!("{target}: {other:?}"),
    };
    assert_eq!(
        found("/topics/mobile"),
        ("topics/mobile/_index.md".into(), "/topics/mobile/".into())
    );
    assert_eq!(
        found("/topics/mobile/"),
        ("topics/mobile/_index.md".into(), "/topics/mobile/".into())
    );
    assert_eq!(
        found("../../../guides/bundle"),
        ("guides/bundle/index.md".into(), "/guides/bundle/".into())
    );
    assert_eq!(
        found("bundle"),
        ("guides/bundle/index.md".into(), "/guides/bundle/".into())
    );
    assert_eq!(found("First.md#top").1, "/2020/01/02/first-light/#top");
    assert_eq!(
        site.index.resolve_ref(from, "/news", None, false),
        RefResolution::NotFound { excluded: None },
        "no news/_index.md here"
    );
    assert_eq!(
        site.index.resolve_ref(from, "#anchor", None, false),
        RefResolution::Anchor
    );
    assert_eq!(
        site.index.resolve_ref(from, "missing.md", None, false),
        RefResolution::NotFound { excluded: None }
    );
    assert_eq!(
        site.index.resolve_ref(from, "./first", None, false),
        RefResolution::Found {
            path: from.into(),
            url: "/2020/01/02/first-light/".into()
        }
    );
    assert_eq!(
        site.index.resolve_ref(from, "./second.md", None, false),
        RefResolution::NotFound { excluded: None },
        "`.` stops at the page's folder"
    );
    // A draft cannot be linked to; with drafts built it can.
    assert_eq!(
        site.index.resolve_ref(from, "second.md", None, false),
        RefResolution::NotFound {
            excluded: Some("news/2021/06/second.md".into())
        }
    );
    assert!(matches!(
        site.index.resolve_ref(from, "second.md", None, true),
        RefResolution::Found { .. }
    ));
    assert_eq!(
        site.index.resolve_ref(from, "dup.md", None, false),
        RefResolution::Ambiguous {
            candidates: vec!["guides/dup.md".into(), "resources/dup.md".into()]
        }
    );
    assert!(matches!(
        site.index.resolve_ref(from, "/guides/dup.md", None, false),
        RefResolution::Found { .. }
    ));
}

/// A site declaring its own taxonomies (`series`, and `tags` with a term page) instead of
/// Hugo's default tags+categories.
fn custom_taxonomy_site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "hugo.toml",
        "title = \"Custom\"\n[taxonomies]\n  series = \"series\"\n  tag = \"tags\"\n",
    );
    std::fs::remove_file(site.root().join("hugo.yaml")).unwrap();
    site.write(
        "content/tags/usability/_index.md",
        "---\ntitle: Usability\n---\n",
    );
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\nSeries: [Plain Language, plain-language]\ntags: usability\ntopics: [ignored-here]\nweight: 3\nhero:\n  src: a.png\n  alt: An image\n---\nBody.\n",
    );
    site.write(
        "content/posts/b.md",
        "---\ntitle: B\nseries: [plain language]\ncategories: [not-declared]\n---\n",
    );
    site
}

#[test]
fn pages_carry_the_terms_of_each_declared_taxonomy_and_their_other_params() {
    let temp = custom_taxonomy_site();
    let site = Site::open(temp.root()).unwrap();
    let a = site.index.page("posts/a.md").unwrap();
    // Keys are read case-insensitively (`Series`), a single string is one term.
    assert_eq!(a.taxonomies["series"], ["Plain Language", "plain-language"]);
    assert_eq!(a.taxonomies["tags"], ["usability"]);
    assert!(
        !a.taxonomies.contains_key("topics"),
        "topics is not declared here"
    );
    // `topics` keeps its own field (compatibility) and is not a param.
    assert_eq!(a.topics, ["ignored-here"]);
    let keys: Vec<&str> = a.params.keys().map(String::as_str).collect();
    assert_eq!(keys, ["weight", "hero"]);
    assert_eq!(a.params["hero"]["alt"], "An image");
    let b = site.index.page("posts/b.md").unwrap();
    // `categories` is Hugo's default, but this site declares its own: a plain param here.
    assert_eq!(b.params["categories"], serde_json::json!(["not-declared"]));
    let json = serde_json::to_value(a).unwrap();
    assert_eq!(json["taxonomies"]["series"][0], "Plain Language");
    assert_eq!(json["params"]["weight"], 3);
}

#[test]
fn term_counts_cover_every_declared_taxonomy_term_page_or_not() {
    let temp = custom_taxonomy_site();
    let site = Site::open(temp.root()).unwrap();
    // a.md lists plain-language twice (once as a title): one use; b.md the third spelling.
    assert_eq!(site.index.term_counts["series"]["plain-language"], 2);
    assert_eq!(site.index.term_counts["tags"]["usability"], 1);
    assert!(!site.index.term_counts.contains_key("categories"));
    assert_eq!(
        site.index.terms["tags"][0].count, 1,
        "the term page's count"
    );
    assert!(
        site.index.terms["series"].is_empty(),
        "no term pages for series"
    );
    // Hugo's defaults when the config declares none.
    let plain = TempSite::new();
    plain.write("hugo.yaml", "title: Plain\n");
    plain.write(
        "content/p.md",
        "---\ntitle: P\ntags: [x]\ncategories: [y]\n---\n",
    );
    let site = Site::open(plain.root()).unwrap();
    let declared: Vec<&String> = site.index.term_counts.keys().collect();
    assert_eq!(declared, ["categories", "tags"]);
    assert_eq!(site.index.term_counts["categories"]["y"], 1);
}

#[test]
fn queries_filter_by_any_declared_taxonomy() {
    let temp = custom_taxonomy_site();
    let site = Site::open(temp.root()).unwrap();
    let paths = |q: &PageQuery| {
        site.index
            .query(q, None)
            .iter()
            .map(|p| p.path.clone())
            .collect::<Vec<_>>()
    };
    let mut q = PageQuery::default();
    q.terms.insert("series".into(), "Plain Language".into());
    q.sort = SortKey::Path;
    assert_eq!(paths(&q), ["posts/a.md", "posts/b.md"], "compared urlized");
    q.terms.insert("tags".into(), "usability".into());
    assert_eq!(paths(&q), ["posts/a.md"], "every taxonomy filter must hold");
    let mut q = PageQuery::default();
    q.terms.insert("tags".into(), "nothing".into());
    assert!(paths(&q).is_empty());
    // The dashboard sends it as JSON, absent when unused.
    let q: PageQuery = serde_json::from_str(r#"{"terms":{"series":"plain-language"}}"#).unwrap();
    assert_eq!(paths(&q).len(), 2);
}

#[test]
fn index_json_shows_taxonomies_params_and_term_counts() {
    let temp = custom_taxonomy_site();
    let out = crate::support::cli()
        .args(["index", "--site"])
        .arg(temp.root())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["termCounts"]["series"]["plain-language"], 2);
    let a = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == "posts/a.md")
        .unwrap();
    assert_eq!(a["taxonomies"]["tags"], serde_json::json!(["usability"]));
    assert_eq!(a["params"]["hero"]["src"], "a.png");
    assert_eq!(
        a["topics"],
        serde_json::json!(["ignored-here"]),
        "kept for compatibility"
    );
}

/// The paths a text search finds on `site`, best first (newest first within a rank, as the
/// page list asks).
fn search(site: &Site, text: &str) -> Vec<String> {
    site.index
        .query(
            &PageQuery {
                text: Some(text.into()),
                sort: SortKey::Date,
                descending: true,
                ..Default::default()
            },
            None,
        )
        .iter()
        .map(|p| p.path.clone())
        .collect()
}

#[test]
fn an_authors_display_name_finds_the_pages_that_list_the_author() {
    // The sample site: Rachel Flagg (author `rflagg`) is named by her term page; none of the
    // posts listing her says "Rachel Flagg".
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let site = Site::open(&root).unwrap();
    let carrying: Vec<String> = site
        .index
        .pages
        .iter()
        .filter(|p| p.authors.iter().any(|a| a == "rflagg"))
        .map(|p| p.path.clone())
        .collect();
    assert_eq!(
        carrying.len(),
        3,
        "the sample site's rflagg posts: {carrying:?}"
    );
    let found = search(&site, "Rachel Flagg");
    // Her own page first (the name is its title), then the posts listing her, then a page
    // that only mentions her (in an e-mail link).
    assert_eq!(found[0], "authors/rflagg/_index.md", "{found:?}");
    let mut hers = found[1..=carrying.len()].to_vec();
    hers.sort();
    let mut want = carrying.clone();
    want.sort();
    assert_eq!(hers, want);
    assert!(
        found[carrying.len() + 1..]
            .iter()
            .all(|p| p.starts_with("news/") && !carrying.contains(p)),
        "{found:?}"
    );
    // Part of the name, in another case, finds them too; a name nobody carries finds nothing.
    assert!(search(&site, "flagg").iter().any(|p| carrying.contains(p)));
    assert!(search(&site, "Rachel Nobody").is_empty());
}

#[test]
fn title_matches_rank_before_term_and_body_matches() {
    let site = TempSite::new();
    site.write(
        "content/authors/jdoe/_index.md",
        "---\ndisplay_name: \"Jane Doe\"\n---\n",
    );
    site.write(
        "content/news/old-title.md",
        "---\ntitle: Accessibility basics\ndate: 2019-01-01\n---\n\nText.\n",
    );
    site.write(
        "content/news/newer-body.md",
        "---\ntitle: Plain language\ndate: 2024-01-01\n---\n\nAccessibility is covered here.\n",
    );
    site.write(
        "content/news/by-jane.md",
        "---\ntitle: Forms\ndate: 2023-01-01\nauthors: [jdoe]\n---\n\nText.\n",
    );
    site.write(
        "content/news/mentions-jane.md",
        "---\ntitle: Notes\ndate: 2025-01-01\n---\n\nJane Doe spoke.\n",
    );
    let site = Site::open(site.root()).unwrap();
    // By date alone the newer body match would come first.
    assert_eq!(
        search(&site, "accessibility"),
        ["news/old-title.md", "news/newer-body.md"]
    );
    // The term's display name before the body mention, though the mention is newer.
    assert_eq!(
        search(&site, "jane doe"),
        [
            "authors/jdoe/_index.md",
            "news/by-jane.md",
            "news/mentions-jane.md"
        ]
    );
}

#[test]
fn corpus_search_for_jacob_parcell_finds_the_posts_he_wrote_first() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let site = Site::open(std::path::Path::new(&corpus)).unwrap();
    let found = search(&site, "Jacob Parcell");
    let his: HashSet<&str> = site
        .index
        .pages
        .iter()
        .filter(|p| p.authors.iter().any(|a| a == "jparcell"))
        .map(|p| p.path.as_str())
        .collect();
    println!(
        "\"Jacob Parcell\": {} pages found, {} list him as author",
        found.len(),
        his.len()
    );
    assert!(found.len() >= 90, "only {} pages found", found.len());
    // Every page he wrote is found; his own page first, then the posts he wrote, before any
    // page that only mentions him.
    assert!(his.iter().all(|p| found.iter().any(|f| f == p)));
    assert_eq!(found[0], "authors/jparcell/_index.md");
    assert!(
        found[1..=his.len()]
            .iter()
            .all(|p| his.contains(p.as_str())),
        "the first results are his posts: {:?}",
        &found[1..=10]
    );
}
