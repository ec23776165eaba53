//! New pages, term pages and redirects: the sample site and throw-away sites through the facade
//! and the CLI (same bytes), and the real digital.gov corpus (same shape as its own pages).

use std::collections::HashMap;
use std::path::Path;

use postwright::front_matter::FieldEdit;
use postwright::site::schema::new_page;
use postwright::site::Site;
use postwright::workspace::Workspace;

use crate::support::{cli, git, TempSite};

fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(text).unwrap()
}

/// The sample site, extracted into a temp dir, in a Git repository with one commit on `main`.
fn sample_repo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = postwright::site::sample::extract_sample_site(&dir.path().join("site")).unwrap();
    git(&root, &["init", "-q", "-b", "main"]);
    git(
        &root,
        &["-c", "user.name=T", "-c", "user.email=t@x", "add", "-A"],
    );
    git(
        &root,
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@x",
            "commit",
            "-qm",
            "init",
        ],
    );
    (dir, root)
}

#[test]
fn the_cli_and_the_facade_write_the_same_bytes_for_every_content_type() {
    let (_a, one) = sample_repo();
    let (_b, two) = sample_repo();
    let mut ws = Workspace::open(&one).unwrap();
    let names: Vec<String> = ws.new_page_types().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["authors", "news", "topics"]);
    for name in names {
        let now = at("2026-12-07T09:30:15-05:00");
        let rel = ws.create_page(&name, "Ünïcode post", now, &[]).unwrap();
        let out = cli()
            .args(["new", "--site"])
            .arg(&two)
            .args([
                "--type",
                &name,
                "--date",
                "2026-12-07T14:30:15Z",
                "Ünïcode post",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).unwrap();
        assert_eq!(printed.trim(), format!("content/{rel}"));
        let app = std::fs::read(one.join("content").join(&rel)).unwrap();
        let cli_bytes = std::fs::read(two.join("content").join(&rel)).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&app),
            String::from_utf8_lossy(&cli_bytes),
            "{name}"
        );
    }
    // The sample's Decap config folds accents; its news dates carry -0400/-0500, its format
    // writes the offset (`ZZ`): the page is dated in the offset its neighbours use most.
    let news = std::fs::read_to_string(one.join("content/news/2026/12/2026-12-07-unicode-post.md"))
        .unwrap();
    assert!(news.contains("title: \"Ünïcode post\"\n"), "{news}");
    assert!(news.contains("\nslug: unicode-post\n"), "{news}");
    let author = std::fs::read_to_string(one.join("content/authors/unicode-post/_index.md"));
    assert!(author.unwrap().contains("display_name: \"Ünïcode post\"\n"));
}

#[test]
fn a_new_page_is_dated_in_the_sites_offset_never_silently_utc() {
    let site = TempSite::new();
    // Run as Hugo runs it (`.Date` is now in the site's offset), the typed title set on it.
    site.write(
        "archetypes/default.md",
        "---\ntitle: x\ndate: {{ .Date | time.Format \"2006-01-02 15:04:05 -0700\" }}\n---\n\nWrite here.\n",
    );
    site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2026-01-02T10:00:00+02:00\n---\n",
    );
    site.write(
        "content/news/b.md",
        "---\ntitle: B\ndate: 2026-01-03T10:00:00+02:00\n---\n",
    );
    let mut ws = Workspace::open(site.root()).unwrap();
    // The folder's dates carry +02:00: the new one does too, whatever the caller's offset.
    let rel = ws
        .new_page("news", "Hello", at("2026-12-07T09:30:00Z"))
        .unwrap();
    let text = site.read(&format!("content/{rel}"));
    assert_eq!(
        text,
        "---\ntitle: Hello\ndate: 2026-12-07 11:30:00 +0200\n---\n\nWrite here.\n"
    );

    // Hugo's `timeZone` wins over the pages, with its daylight-saving offset of the day.
    if !Path::new("/usr/share/zoneinfo/America/New_York").exists() {
        println!("notice: no tz database; the timeZone half is skipped");
        return;
    }
    site.write(
        "hugo.yaml",
        "title: T\ntimeZone: America/New_York\ntaxonomies:\n  author: authors\n",
    );
    let mut ws = Workspace::open(site.root()).unwrap();
    let plan = ws
        .new_page_plan("news", "Summer", at("2026-07-01T12:00:00Z"))
        .unwrap();
    assert_eq!(plan.date, "2026-07-01T08:00:00-04:00");
    let plan = ws
        .new_page_plan("news", "Winter", at("2026-01-01T12:00:00Z"))
        .unwrap();
    assert_eq!(plan.date, "2026-01-01T07:00:00-05:00");
    assert_eq!(plan.path, "news/winter.md");
    assert!(!plan.exists);
    ws.create_page("news", "Winter", at("2026-01-01T12:00:00Z"), &[])
        .unwrap();
    let err = ws
        .create_page("news", "Winter", at("2026-01-01T12:00:00Z"), &[])
        .unwrap_err();
    assert_eq!(err.code().as_str(), "new-page-exists");
    let err = ws.create_page("news", "!!!", at("2026-01-01T12:00:00Z"), &[]);
    assert_eq!(err.unwrap_err().code().as_str(), "new-page-empty-slug");
}

#[test]
fn a_guest_author_credits_themselves_with_a_term_page_in_the_sites_shape() {
    let (_dir, root) = sample_repo();
    let mut ws = Workspace::open(&root).unwrap();
    let term = ws
        .create_term(
            "authors",
            "Zoë Ångström Example",
            Some("gsa"),
            at("2026-12-07T09:30:00Z"),
        )
        .unwrap();
    assert_eq!(term.slug, "zoe-angstrom-example");
    assert_eq!(term.path, "authors/zoe-angstrom-example/_index.md");
    let text = std::fs::read_to_string(root.join("content").join(&term.path)).unwrap();
    assert_eq!(
        text,
        // The sample's author pages start with `slug`.
        "---\nslug: zoe-angstrom-example\ndisplay_name: \"Zoë Ångström Example\"\nfirst_name: \"Zoë Ångström\"\nlast_name: \"Example\"\nbio: \"\"\n---\n\n"
    );
    // The picker knows the term at once.
    let terms = &ws.site().index.terms["authors"];
    assert!(terms.iter().any(|t| t.slug == "zoe-angstrom-example"));
    // Twice is refused; a taxonomy the site lacks is refused.
    let again = ws.create_term(
        "authors",
        "Zoe Angstrom Example",
        None,
        at("2026-12-07T09:30:00Z"),
    );
    assert_eq!(again.unwrap_err().code().as_str(), "new-page-exists");
    let none = ws.create_term("tags", "x", None, at("2026-12-07T09:30:00Z"));
    assert_eq!(none.unwrap_err().code().as_str(), "new-page-unknown-type");
    // A topic: title and slug.
    let topic = ws
        .create_term("topics", "Plain language", None, at("2026-12-07T09:30:00Z"))
        .unwrap();
    let text = std::fs::read_to_string(root.join("content").join(&topic.path)).unwrap();
    assert!(
        text.contains("title: \"Plain language\"\n") || text.contains("title: Plain language\n"),
        "{text}"
    );
    assert!(
        text.contains("slug: plain-language\n") || text.contains("slug: \"plain-language\"\n"),
        "{text}"
    );
}

#[test]
fn moving_a_published_page_keeps_its_old_url_as_an_alias_until_the_move_is_undone() {
    let (_dir, root) = sample_repo();
    let mut ws = Workspace::open(&root).unwrap();
    let rel = "news/2016/05/2016-05-10-help-customer-experience-drive-change-at-your-agency.md";
    let doc = ws.open_document(rel).unwrap();
    let old_url = ws
        .site()
        .index
        .pages
        .iter()
        .find(|p| p.path == rel)
        .unwrap()
        .permalink
        .clone();
    assert_eq!(
        old_url,
        "/2016/05/10/help-customer-experience-drive-change-at-your-agency/"
    );
    let slug = |s: &str| FieldEdit::Set {
        key: "slug".into(),
        value: s.into(),
    };

    // Shown before saving.
    let lines = ws
        .save_preview(rel, &doc.source, &[slug("cx-drives-change")], None)
        .unwrap();
    let shown: Vec<String> = lines.iter().map(|l| format!("{l:?}")).collect();
    assert!(shown.iter().any(|l| l.contains(&old_url)), "{shown:#?}");
    // Undone (the slug back as published): nothing but the slug line itself.
    let edits = ws
        .with_redirects(
            rel,
            &doc.source,
            &[slug("help-customer-experience-drive-change-at-your-agency")],
        )
        .unwrap();
    assert_eq!(edits.len(), 1, "{edits:?}");
    // A date change moves it too.
    let edits = ws
        .with_redirects(
            rel,
            &doc.source,
            &[FieldEdit::Set {
                key: "date".into(),
                value: "2016-05-11 4:28:03 -0400".into(),
            }],
        )
        .unwrap();
    assert!(format!("{edits:?}").contains(&old_url), "{edits:?}");

    // Written on save.
    let saved = ws
        .save_document(
            rel,
            &doc.source,
            &doc.disk_hash,
            &[slug("cx-drives-change")],
            None,
        )
        .unwrap();
    assert_eq!(saved.front_matter["aliases"], serde_json::json!([old_url]));
    assert!(
        saved.source.contains(&format!("aliases:\n  - {old_url}\n"))
            || saved.source.contains(&old_url)
    );
    // Moving it back after the save drops the alias that now names the page itself.
    let back = ws
        .save_document(
            rel,
            &saved.source,
            &saved.disk_hash,
            &[slug("help-customer-experience-drive-change-at-your-agency")],
            None,
        )
        .unwrap();
    assert_eq!(back.front_matter["aliases"], serde_json::json!([]));

    // A page that is not on the main branch yet has no published URL to keep.
    let new_rel = ws
        .create_page("news", "Fresh", at("2026-12-07T09:30:00Z"), &[])
        .unwrap();
    let fresh = ws.open_document(&new_rel).unwrap();
    let edits = ws
        .with_redirects(&new_rel, &fresh.source, &[slug("other")])
        .unwrap();
    assert_eq!(edits.len(), 1);
}

/// Keys of a YAML front matter in order, each with `Q` (double-quoted), `S` (single-quoted),
/// `P` (plain) or `E` (nothing after the colon) — read independently of the code under test.
fn keys_of(text: &str) -> Vec<(String, char)> {
    let mut lines = text.lines();
    if lines.next() != Some("---") {
        return Vec::new();
    }
    let mut out: Vec<(String, char)> = Vec::new();
    for line in lines.take_while(|l| *l != "---") {
        if line.starts_with([' ', '\t', '#', '-']) || !line.contains(':') {
            continue;
        }
        let (key, value) = line.split_once(':').unwrap();
        let value = value.trim();
        let style = match value.chars().next() {
            None => 'E',
            Some('"') => 'Q',
            Some('\'') => 'S',
            _ => 'P',
        };
        if !out.iter().any(|(k, _)| k == key) {
            out.push((key.to_string(), style));
        }
    }
    out
}

#[test]
fn new_pages_match_the_shape_of_the_corpus_pages_of_their_collection() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("notice: POSTWRIGHT_CORPUS not set; skipping the corpus shape test");
        return;
    };
    let site = Site::open(Path::new(&corpus)).unwrap();
    let now = at("2026-12-07T14:30:00Z");
    for name in ["news", "events", "authors", "resources"] {
        let ty = site.schema.types.iter().find(|t| t.name == name).unwrap();
        assert!(ty.creatable, "{name}");
        let page = new_page::plan(&site, ty, "Ünïcode shape test", now, &[]).unwrap();
        // The real pages of the collection, newest first.
        let mut real: Vec<_> = site
            .index
            .pages
            .iter()
            .filter(|p| p.path.starts_with(&format!("{}/", ty.folder)))
            .filter(|p| !p.path.ends_with(&format!("{}/_index.md", ty.folder)))
            .collect();
        real.sort_by(|a, b| b.date.cmp(&a.date));
        let real: Vec<Vec<(String, char)>> = real
            .iter()
            .take(40)
            .map(|p| keys_of(&std::fs::read_to_string(site.content_root().join(&p.path)).unwrap()))
            .filter(|k| !k.is_empty())
            .collect();
        assert!(real.len() >= 20, "{name}: {} pages", real.len());
        let ours = keys_of(&page.source);
        let carried = |key: &str| {
            real.iter()
                .filter(|p| p.iter().any(|(k, _)| k == key))
                .count()
        };
        for (key, style) in &ours {
            // Keys: each one the collection's pages carry.
            assert!(
                carried(key) * 4 >= real.len(),
                "{name}: `{key}` is carried by only {} of {}",
                carried(key),
                real.len()
            );
            // Quoting: a value is written as most pages write a value of that key.
            if *style == 'Q' || *style == 'P' || *style == 'S' {
                let mut styles: HashMap<char, usize> = HashMap::new();
                for p in &real {
                    if let Some((_, s)) = p.iter().find(|(k, _)| k == key) {
                        *styles.entry(*s).or_default() += 1;
                    }
                }
                let empty_ours = page.source.contains(&format!("\n{key}: \"\"\n"));
                if !empty_ours {
                    let best = styles
                        .iter()
                        .filter(|(s, _)| **s != 'E')
                        .max_by_key(|(_, n)| **n)
                        .map(|(s, _)| *s);
                    assert_eq!(
                        Some(*style),
                        best,
                        "{name}: `{key}` quoted as {style}, pages: {styles:?}"
                    );
                }
            }
        }
        // Order: no pair of keys in an order most pages that carry both reverse.
        for (i, (a, _)) in ours.iter().enumerate() {
            for (b, _) in &ours[i + 1..] {
                let pos = |p: &Vec<(String, char)>, k: &str| p.iter().position(|(x, _)| x == k);
                let (mut same, mut reversed) = (0, 0);
                for p in &real {
                    if let (Some(pa), Some(pb)) = (pos(p, a), pos(p, b)) {
                        if pa < pb {
                            same += 1
                        } else {
                            reversed += 1
                        }
                    }
                }
                assert!(
                    same >= reversed,
                    "{name}: `{a}` before `{b}`, but {reversed} pages say after and {same} before"
                );
            }
        }
        // Path: where the collection's pages are, the slug with its accents folded.
        let expected = match name {
            "news" | "events" => format!("{name}/2026/12/2026-12-07-unicode-shape-test.md"),
            "authors" => "authors/unicode-shape-test/_index.md".to_string(),
            _ => "resources/unicode-shape-test.md".to_string(),
        };
        assert_eq!(page.path, expected);
        // The date: digital.gov's literal -0500, minutes only.
        if ours.iter().any(|(k, _)| k == "date") {
            assert!(
                page.source.contains("\ndate: 2026-12-07 09:30:00 -0500\n"),
                "{}",
                page.source
            );
        }
        println!("{name}: {}", page.source.replace('\n', "⏎"));
    }
}
