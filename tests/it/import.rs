//! Importing old posts: the seeds against the real conversions in the digital.gov corpus (when
//! `POSTWRIGHT_CORPUS` is set), and the fixtures (a many-item JSON Feed, a WordPress export)
//! against the embedded sample site, through the facade and the CLI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use postwright::import::{ImportOptions, ImportedPage};
use postwright::site::{RefResolution, Site};
use postwright::workspace::ImportWrite;
use postwright::Workspace;

use crate::support::cli;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        dir.path(),
    );
    dir
}

fn fixture(name: &str) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    (name.to_string(), std::fs::read_to_string(path).unwrap())
}

fn writes(pages: &[ImportedPage]) -> Vec<ImportWrite> {
    pages
        .iter()
        .map(|p| ImportWrite {
            path: p.path.clone(),
            source: p.source.clone(),
            new_authors: p.new_authors.clone(),
        })
        .collect()
}

fn codes(page: &ImportedPage) -> Vec<&str> {
    page.problems.iter().map(|p| p.code.as_str()).collect()
}

#[test]
fn a_many_item_feed_becomes_one_page_per_item_mapped_to_the_site() {
    let site = sample_copy();
    let mut ws = Workspace::open(site.path()).unwrap();
    let (name, text) = fixture("feed-many.json");
    let options = ImportOptions {
        section: Some("news".into()),
        ..Default::default()
    };
    let pages = ws.import_preview(&name, &text, &options).unwrap();
    assert_eq!(pages.len(), 3);

    let first = &pages[0];
    assert_eq!(
        first.path,
        "news/2016/03/2016-03-01-listening-to-callers.md"
    );
    assert_eq!(
        first.front_matter["title"],
        "Listening to Callers — What Our Contact Center Taught Us"
    );
    assert_eq!(first.front_matter["date"], "2016-03-01 09:30:00 -0500");
    assert_eq!(
        first.front_matter["authors"],
        serde_json::json!(["alison-sturgeon"])
    );
    // `Customer Service` is retired into customer-experience (an alias), listed once.
    assert_eq!(
        first.front_matter["topics"],
        serde_json::json!(["customer-experience", "contact-centers"])
    );
    // The feed's own host is the old site: its link to a page becomes a ref.
    assert!(
        first.body.contains(
            "[Customer Experience Community]({{< ref \"2015-07-31-new-kid-in-town-the-customer-experience-community.md\" >}})"
        ),
        "{}",
        first.body
    );
    assert!(
        first.body.contains(
            "## What we changed\n\n- Shorter hold times\n- Plain answers &amp; follow-ups"
        ),
        "{}",
        first.body
    );
    // The sample site's own image shortcode, with the path under the uploads folder.
    assert!(
        first.body.contains(
            "{{< legacy-img src=\"2016/03/call-center.jpg\" alt=\"Staff answering calls\" >}}"
        ),
        "{}",
        first.body
    );
    // Code keeps its text: `&amp;mdash;` in HTML code is the text `&mdash;`, left as is.
    assert!(
        first.body.contains("```\n<keep> &mdash; as code\n```"),
        "{}",
        first.body
    );

    let second = &pages[1];
    assert_eq!(second.unknown_terms, ["Surveys"]);
    assert_eq!(
        second.front_matter["topics"],
        serde_json::json!(["customer-experience"])
    );
    assert_eq!(second.new_authors.len(), 1);
    assert_eq!(
        second.new_authors[0].path,
        "authors/pat-q-newcomer/_index.md"
    );
    assert!(second.body.contains(
        "{{< ref \"2015-07-22-how-the-nationals-customer-experience-principles-can-be-a-home-run-for-agencies.md\" >}}"
    ), "{}", second.body);
    let unmapped = second
        .problems
        .iter()
        .find(|p| p.code == "unmapped-link")
        .expect("the link to a missing page is listed");
    assert!(unmapped.message.contains("/no/such/page/"));
    assert!(unmapped.line.is_some());
    assert!(codes(second).contains(&"unknown-term"));

    let third = &pages[2];
    assert_eq!(third.body.trim(), "Plain text, kept as it is.");

    // Nothing was written by the preview; writing creates the pages and the new author page.
    assert!(!site.path().join("content").join(&first.path).exists());
    let written = ws.import_write(&writes(&pages)).unwrap();
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(written.contains(&"authors/pat-q-newcomer/_index.md".to_string()));
    for rel in &written {
        assert!(site.path().join("content").join(rel).is_file(), "{rel}");
    }
    // The new pages are in the index, and their refs resolve.
    let index = &ws.site().index;
    let page = index.page(&first.path).expect("indexed");
    for r in &page.refs {
        assert!(
            matches!(
                index.resolve_ref(&page.path, &r.target, None, true),
                RefResolution::Found { .. }
            ),
            "{}",
            r.target
        );
    }
    // A second import refuses to overwrite.
    let again = ws.import_preview(&name, &text, &options).unwrap();
    assert!(codes(&again[0]).contains(&"exists"));
    assert!(ws.import_write(&writes(&again[..1])).is_err());
}

#[test]
fn a_wordpress_export_imports_its_posts_not_its_attachments() {
    let site = sample_copy();
    let ws = Workspace::open(site.path()).unwrap();
    let (name, text) = fixture("wordpress.xml");
    let options = ImportOptions {
        term_choices: vec![(
            "Managing Digital".into(),
            "product-and-project-management".into(),
        )],
        ..Default::default()
    };
    let pages = ws.import_preview(&name, &text, &options).unwrap();
    assert_eq!(pages.len(), 2, "the attachment is not a post");
    let post = &pages[0];
    assert_eq!(
        post.path,
        "news/2014/10/2014-10-01-customer-service-week-ideas.md"
    );
    assert_eq!(
        post.front_matter["title"],
        "Customer Service Week — Ideas for Agencies"
    );
    assert_eq!(post.front_matter["date"], "2014-10-01 14:00:00 +0000");
    assert_eq!(
        post.front_matter["summary"],
        "Ideas for _Customer Service Week_."
    );
    assert_eq!(
        post.front_matter["authors"],
        serde_json::json!(["jacqueline-snee"])
    );
    assert_eq!(
        post.front_matter["topics"],
        serde_json::json!(["product-and-project-management", "customer-experience"])
    );
    // The export's own host counts as the site's: links become refs, tag archives lead to
    // the term page.
    assert!(
        post.body.contains(
            "[last year's recap]({{< ref \"2014-10-09-customer-service-week-2014.md\" >}})"
        ),
        "{}",
        post.body
    );
    assert!(
        post.body
            .contains("[CX stories]({{< ref \"/topics/customer-experience\" >}})"),
        "{}",
        post.body
    );
    assert!(
        post.body
            .contains("{{< legacy-img src=\"2014/09/thank-you.png\" alt=\"Thank you card\" >}}"),
        "{}",
        post.body
    );
    assert!(post.body.contains("Don’t forget"), "{}", post.body);
    assert!(codes(post).contains(&"liquid-tag"), "{:?}", post.problems);

    let draft = &pages[1];
    assert_eq!(draft.front_matter["draft"], true);
    assert_eq!(draft.new_authors[0].name, "Robin Example");
    assert_eq!(draft.body.trim(), "Plans for next year &amp; beyond.");
}

#[test]
fn the_cli_imports_with_dry_run_first() {
    let site = sample_copy();
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/feed-many.json");
    let out = cli()
        .args(["import", "--dry-run", "--section", "news", "--site"])
        .arg(site.path())
        .arg(&feed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("news/2016/03/2016-03-01-listening-to-callers.md"),
        "{text}"
    );
    assert!(text.contains("unknown-term: `Surveys`"), "{text}");
    assert!(!site
        .path()
        .join("content/news/2016/03/2016-03-01-listening-to-callers.md")
        .exists());
    let out = cli()
        .args(["import", "--site"])
        .arg(site.path())
        .arg(&feed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site
        .path()
        .join("content/news/2016/03/2016-03-01-listening-to-callers.md")
        .is_file());
    let bad = site.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"items\": [\n  }").unwrap();
    let out = cli()
        .args(["import", "--site"])
        .arg(site.path())
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json:3:"), "{err}");
}

// ---- The seeds against the corpus's real conversions ----

/// `[text]({{< ref "target" >}})` links of a body: text → target.
fn ref_links(body: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"\[([^\]]*)\]\(\{\{<\s*ref\s+"([^"]+)"\s*>\}\}\)"#).unwrap();
    re.captures_iter(body)
        .map(|c| (postwright::entities::decode_all(&c[1]), c[2].to_string()))
        .collect()
}

fn resolve(site: &Site, from: &str, target: &str) -> Option<String> {
    match site.index.resolve_ref(from, target, None, true) {
        RefResolution::Found { path, .. } => Some(path),
        _ => None,
    }
}

fn string_list(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn seed(dir: &Path, number: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{number}_")))
        })
}

#[test]
fn the_seeds_import_as_the_site_converted_them() {
    let Ok(corpus) = std::env::var("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set (the digital.gov corpus)");
        return;
    };
    let corpus = PathBuf::from(corpus);
    let seeds = std::env::var("POSTWRIGHT_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| corpus.join("../../seeds"));
    let cases = [
        (
            "004",
            "news/2016/05/2016-05-10-help-customer-experience-drive-change-at-your-agency.md",
        ),
        ("001", "news/2015/12/2015-12-30-cx-community-year-one.md"),
        (
            "002",
            "news/2016/07/2016-07-29-whats-all-the-fuss-around-customer-experience.md",
        ),
    ];
    if cases.iter().any(|(n, _)| seed(&seeds, n).is_none()) {
        println!(
            "skipping: seeds 001, 002, 004 not found in {} (set POSTWRIGHT_SEEDS)",
            seeds.display()
        );
        return;
    }
    let original = Site::open(&corpus).unwrap();
    // A copy of the corpus without the three converted pages, with the theme where the
    // corpus's config expects it (its shortcodes tell which image shortcode the site uses).
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&corpus, copy.path());
    let theme = corpus.join("../digitalgov-theme");
    if theme.is_dir() {
        copy_dir(&theme, &copy.path().join("themes/digital.gov"));
    } else {
        println!("note: no digitalgov-theme beside the corpus; images fall back to `figure`");
    }
    for (_, real) in &cases {
        std::fs::remove_file(copy.path().join("content").join(real)).unwrap();
    }
    let mut ws = Workspace::open(copy.path()).unwrap();
    // The old host the seeds' links name, and the one category the site keeps no trace of
    // (the writer's choice when the import lists it as unknown).
    let options = ImportOptions {
        section: Some("news".into()),
        old_hosts: vec!["www.WHATEVER".into()],
        term_choices: vec![(
            "Managing Digital".into(),
            "product-and-project-management".into(),
        )],
    };
    let entity = regex::Regex::new(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z]+);").unwrap();
    // 002 links to 004: importing in this order lets the later one find the earlier one.
    for (number, real_path) in cases {
        let seed_path = seed(&seeds, number).unwrap();
        let text = std::fs::read_to_string(&seed_path).unwrap();
        let pages = ws
            .import_preview(&seed_path.display().to_string(), &text, &options)
            .unwrap();
        assert_eq!(pages.len(), 1);
        let page = &pages[0];
        let real_source = std::fs::read_to_string(corpus.join("content").join(real_path)).unwrap();
        let real = Workspace::document_from_text(real_path, real_source, String::new());
        println!("== seed {number} -> {}", page.path);
        assert_eq!(page.path, real_path);
        for key in ["slug", "title"] {
            let real_value = real.front_matter[key]
                .as_str()
                .map(postwright::entities::decode_all);
            assert_eq!(
                page.front_matter[key].as_str(),
                real_value.as_deref(),
                "{key}"
            );
        }
        let date = |v: &serde_json::Value| {
            v.as_str()
                .and_then(postwright::site::dates::parse_hugo_date)
        };
        assert_eq!(
            date(&page.front_matter["date"]),
            date(&real.front_matter["date"]),
            "date"
        );
        assert_eq!(
            string_list(&page.front_matter["authors"]),
            string_list(&real.front_matter["authors"])
        );
        let set = |v: &serde_json::Value| string_list(v).into_iter().collect::<BTreeSet<_>>();
        assert_eq!(
            set(&page.front_matter["topics"]),
            set(&real.front_matter["topics"]),
            "topics"
        );
        // Every link the real page turned into a ref is a ref to the same page here.
        let ours: BTreeMap<String, String> = ref_links(&page.body).into_iter().collect();
        for (text, target) in ref_links(&real.body) {
            let want = resolve(&original, real_path, &target)
                .unwrap_or_else(|| panic!("the real page's ref {target} resolves"));
            let got = ours.get(&text).unwrap_or_else(|| {
                panic!("seed {number}: [{text}] is not a ref here:\n{}", page.body)
            });
            let got_path = resolve(ws.site(), &page.path, got.split('#').next().unwrap_or(got));
            assert_eq!(
                got_path.as_deref(),
                Some(want.as_str()),
                "[{text}] -> {got}"
            );
        }
        assert!(
            postwright::shortcode::scan::liquid_tags(&page.body).is_empty(),
            "a Liquid tag is left:\n{}",
            page.body
        );
        assert!(
            !entity.is_match(&page.source),
            "an entity is left:\n{}",
            page.source
        );
        // What still differs from the hand conversion, for the record.
        for (key, value) in &real.front_matter {
            if page.front_matter.get(key) != Some(value) {
                println!(
                    "  front matter `{key}`: real {value}, imported {:?}",
                    page.front_matter.get(key)
                );
            }
        }
        let real_lines: Vec<&str> = real.body.lines().map(str::trim_end).collect();
        let our_lines: Vec<&str> = page.body.lines().map(str::trim_end).collect();
        let differing = our_lines.iter().filter(|l| !real_lines.contains(l)).count();
        println!(
            "  body: {differing} of {} lines differ from the real page",
            our_lines.len()
        );
        for line in our_lines.iter().filter(|l| !real_lines.contains(l)).take(4) {
            println!(
                "    imported: {}",
                line.chars().take(160).collect::<String>()
            );
        }
        for problem in &page.problems {
            println!("  remains: {}: {}", problem.code, problem.message);
        }
        ws.import_write(&writes(&pages)).unwrap();
    }
}
