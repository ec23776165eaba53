//! The facade as the desktop app uses it: open, list, edit, save, commit.

use postwright::document::DocumentError;
use postwright::front_matter::FieldEdit;
use postwright::workspace::open_sample_workspace;
use postwright::{Error, Workspace};

use crate::support::{git, TempSite};

const POST: &str = "---\ntitle: 'First post'\n# the coaching comment editors rely on\nsummary: Old summary\ndate: 2020-01-02 10:00:00 -0400\nauthors:\n  - jdoe\n---\n\nHello body.\n";

#[test]
fn sample_workspace_is_a_fresh_repository_with_one_commit() {
    let data = tempfile::tempdir().unwrap();
    let ws = open_sample_workspace(data.path()).unwrap();
    let root = ws.site().root.clone();
    assert!(root.starts_with(data.path().canonicalize().unwrap()));
    assert_eq!(git(&root, &["rev-list", "--count", "HEAD"]).trim(), "1");
    assert!(ws.status().unwrap().is_empty(), "fresh copy has no changes");
    let pages = ws.pages();
    assert!(pages
        .iter()
        .any(|p| p.title == "New Kid in Town: The Customer Experience Community"));
    // Newest first.
    let dated: Vec<_> = pages.iter().filter_map(|p| p.date.clone()).collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{dated:?}");
    // Opening it again reuses the copy rather than making a new one.
    drop(ws);
    let again = open_sample_workspace(data.path()).unwrap();
    assert_eq!(
        git(&again.site().root, &["rev-list", "--count", "HEAD"]).trim(),
        "1"
    );
}

#[test]
fn saving_a_summary_edit_changes_only_the_summary_and_body() {
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    let mut ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/first.md").unwrap();
    assert_eq!(doc.front_matter["title"], "First post");
    assert_eq!(doc.body, "\nHello body.\n");
    let edits = [FieldEdit::Set {
        key: "summary".into(),
        value: "New: summary".into(),
    }];
    ws.save_document(
        "news/first.md",
        &doc.source,
        &doc.disk_hash,
        &edits,
        Some("\nHello body.\n\nMore.\n"),
    )
    .unwrap();
    let saved = site.read("content/news/first.md");
    assert_eq!(
        saved,
        "---\ntitle: 'First post'\n# the coaching comment editors rely on\nsummary: \"New: summary\"\ndate: 2020-01-02 10:00:00 -0400\nauthors:\n  - jdoe\n---\n\nHello body.\n\nMore.\n"
    );
    assert_eq!(
        ws.site()
            .index
            .page("news/first.md")
            .unwrap()
            .summary
            .as_deref(),
        Some("New: summary")
    );
}

#[test]
fn saving_refuses_a_file_changed_on_disk_since_it_was_opened() {
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    let mut ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/first.md").unwrap();
    site.write(
        "content/news/first.md",
        "---\ntitle: changed outside\n---\n",
    );
    let err = ws
        .save_document(
            "news/first.md",
            &doc.source,
            &doc.disk_hash,
            &[],
            Some("mine"),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Document(DocumentError::ChangedOnDisk { .. })),
        "{err}"
    );
    assert_eq!(
        site.read("content/news/first.md"),
        "---\ntitle: changed outside\n---\n"
    );
}

#[test]
fn paths_leading_outside_the_content_folder_are_refused() {
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    site.write("secret.md", "---\ntitle: secret\n---\n");
    let ws = Workspace::open(site.root()).unwrap();
    for bad in ["../secret.md", "/etc/passwd", "news/../../secret.md"] {
        let err = ws.open_document(bad).unwrap_err();
        assert!(err.to_string().contains("outside the site"), "{bad}: {err}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            site.root().join("secret.md"),
            site.root().join("content/link.md"),
        )
        .unwrap();
        assert!(ws.open_document("link.md").is_err());
    }
}

#[test]
fn commit_records_the_identity_and_only_the_named_files() {
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    site.write("content/news/second.md", POST);
    git(site.root(), &["init", "-q", "-b", "main"]);
    git(
        site.root(),
        &[
            "-c",
            "user.name=Seed",
            "-c",
            "user.email=seed@example.gov",
            "add",
            "-A",
        ],
    );
    git(
        site.root(),
        &[
            "-c",
            "user.name=Seed",
            "-c",
            "user.email=seed@example.gov",
            "commit",
            "-qm",
            "seed",
        ],
    );
    site.write("content/news/first.md", "---\ntitle: First, edited\n---\n");
    site.write(
        "content/news/second.md",
        "---\ntitle: Second, edited\n---\n",
    );
    let mut ws = Workspace::open(site.root()).unwrap();
    let changed: Vec<_> = ws.status().unwrap().into_iter().map(|c| c.path).collect();
    assert_eq!(changed, ["content/news/first.md", "content/news/second.md"]);
    ws.set_identity(postwright::git::Identity {
        name: "Ada Editor".into(),
        email: "ada@example.gov".into(),
    });
    ws.commit("Update First post", &["content/news/first.md".into()])
        .unwrap();
    assert_eq!(
        git(site.root(), &["log", "-1", "--format=%an <%ae>|%s"]).trim(),
        "Ada Editor <ada@example.gov>|Update First post"
    );
    let changed: Vec<_> = ws.status().unwrap().into_iter().map(|c| c.path).collect();
    assert_eq!(changed, ["content/news/second.md"]);
}

#[test]
fn watching_reports_outside_edits_but_not_our_own_saves() {
    use std::sync::mpsc;
    use std::time::Duration;
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    site.write("content/news/second.md", POST);
    let mut ws = Workspace::open(site.root()).unwrap();
    let (tx, rx) = mpsc::channel();
    ws.watch(move |events| {
        let _ = tx.send(events);
    })
    .unwrap();
    let doc = ws.open_document("news/first.md").unwrap();
    ws.save_document(
        "news/first.md",
        &doc.source,
        &doc.disk_hash,
        &[],
        Some("\nSaved by us.\n"),
    )
    .unwrap();
    site.write(
        "content/news/second.md",
        "---\ntitle: Edited outside\n---\n",
    );
    // Wait (with a deadline) for the batch naming second.md; first.md must never show up.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    while !seen.iter().any(|p: &String| p == "news/second.md") {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let events = rx
            .recv_timeout(left)
            .expect("no watch event before the deadline");
        seen.extend(ws.apply_watch_events(&events).paths);
    }
    assert!(
        !seen.contains(&"news/first.md".to_string()),
        "our own save was reported: {seen:?}"
    );
    assert_eq!(
        ws.site().index.page("news/second.md").unwrap().title,
        "Edited outside"
    );
}

#[test]
fn save_preview_lists_exactly_the_lines_a_form_edit_rewrites() {
    use postwright::line_diff::LineChangeKind;
    let edits = [FieldEdit::Set {
        key: "summary".into(),
        value: "New: summary".into(),
    }];
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    let ws = Workspace::open(site.root()).unwrap();
    let changes = ws
        .save_preview("news/first.md", POST, &edits, None)
        .unwrap();
    let shown: Vec<_> = changes
        .iter()
        .map(|c| (c.kind, c.line, c.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (LineChangeKind::Removed, 4, "summary: Old summary"),
            (LineChangeKind::Added, 4, "summary: \"New: summary\"")
        ]
    );
    assert!(ws
        .save_preview("news/first.md", POST, &[], None)
        .unwrap()
        .is_empty());
}

#[test]
fn broken_front_matter_opens_with_its_position_and_saves_raw_text_as_typed() {
    let site = TempSite::new();
    let broken = "---\ntitle: A\nsummary: One\nsummary: Two\n---\n\nBody.\n";
    site.write("content/news/broken.md", broken);
    let mut ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/broken.md").unwrap();
    let problem = doc.front_matter_error.clone().unwrap();
    assert_eq!(
        (problem.line, problem.column),
        (4, 1),
        "{}",
        problem.message
    );
    assert_eq!(
        doc.front_matter_text,
        "---\ntitle: A\nsummary: One\nsummary: Two\n---\n"
    );
    assert_eq!(doc.body, "\nBody.\n");
    let fixed = "---\ntitle: A\nsummary: One\ntagline: Two\n---\n\nBody.\n";
    let saved = ws
        .save_source("news/broken.md", fixed, &doc.disk_hash)
        .unwrap();
    assert!(saved.front_matter_error.is_none());
    assert_eq!(site.read("content/news/broken.md"), fixed);
    // The raw save checks the disk like every save.
    let err = ws
        .save_source("news/broken.md", broken, &doc.disk_hash)
        .unwrap_err();
    assert!(
        matches!(err, Error::Document(DocumentError::ChangedOnDisk { .. })),
        "{err}"
    );
}

#[test]
fn merging_with_the_disk_keeps_both_sides_or_returns_the_clash() {
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    let ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/first.md").unwrap();
    let ours = ws
        .edited_source(
            "news/first.md",
            &doc.source,
            &[],
            Some("\nHello body.\n\nOurs.\n"),
        )
        .unwrap();
    site.write(
        "content/news/first.md",
        &POST.replace("'First post'", "'Their title'"),
    );
    let clean = ws
        .merge_with_disk("news/first.md", &doc.source, &ours)
        .unwrap();
    let merged = clean.merged.unwrap();
    assert_eq!(merged.front_matter["title"], "Their title");
    assert_eq!(merged.body, "\nHello body.\n\nOurs.\n");
    assert_eq!(
        merged.disk_hash, clean.theirs.disk_hash,
        "saving the merge is checked against the disk now"
    );

    site.write(
        "content/news/first.md",
        &POST.replace("Hello body.", "Their body."),
    );
    let clash = ws
        .merge_with_disk("news/first.md", &doc.source, &ours)
        .unwrap();
    assert!(clash.merged.is_none() && clash.merge.has_conflicts());
}

/// The schema digital.gov's form follows: title, summary, date, authors, topics.
const DECAP_NEWS: &str = "collections:\n  - name: news\n    label: News\n    folder: content/news\n    fields:\n      - {name: title, label: Title, widget: string}\n      - {name: summary, label: Summary, widget: text}\n      - {name: date, label: Date, widget: datetime}\n      - {name: authors, label: Authors, widget: relation, collection: authors, multiple: true}\n      - {name: topics, label: Topics, widget: relation, collection: topics, multiple: true}\n";

#[test]
fn a_key_the_page_lacks_is_added_where_the_schema_orders_it() {
    let site = TempSite::new();
    site.write("static/admin/config.yml", DECAP_NEWS);
    let page = "---\ntitle: A post\n# when it went out\ndate: 2020-01-02 10:00:00 -0400\ntopics:\n  - cx\n---\n\nBody.\n";
    site.write("content/news/a.md", page);
    let mut ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/a.md").unwrap();
    let edits = [
        FieldEdit::Set {
            key: "summary".into(),
            value: "Short.".into(),
        },
        FieldEdit::Set {
            key: "authors".into(),
            value: serde_json::json!(["jdoe"]),
        },
        FieldEdit::Set {
            key: "weight".into(),
            value: 3.into(),
        },
    ];
    ws.save_document("news/a.md", &doc.source, &doc.disk_hash, &edits, None)
        .unwrap();
    assert_eq!(
        site.read("content/news/a.md"),
        "---\ntitle: A post\nsummary: Short.\n# when it went out\ndate: 2020-01-02 10:00:00 -0400\nauthors:\n  - jdoe\ntopics:\n  - cx\nweight: 3\n---\n\nBody.\n"
    );
}

#[test]
fn the_preview_reads_the_sites_own_stylesheets_and_nothing_outside_the_site() {
    let site = TempSite::new();
    let config = std::fs::read_to_string(site.root().join("hugo.yaml")).unwrap();
    let with_css =
        |setting: &str| format!("{config}\nparams:\n  postwright:\n    previewCSS: {setting}\n");
    let ws = Workspace::open(site.root()).unwrap();
    assert_eq!(
        ws.preview_stylesheet().unwrap(),
        None,
        "no setting, no stylesheet"
    );

    site.write("static/css/a.css", "body { color: navy }");
    site.write("assets/b.css", "h1 { color: red }");
    site.write("hugo.yaml", &with_css("[static/css/a.css, assets/b.css]"));
    let ws = Workspace::open(site.root()).unwrap();
    assert_eq!(
        ws.preview_stylesheet().unwrap().unwrap(),
        "body { color: navy }\nh1 { color: red }\n"
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.css"), "secret").unwrap();
    for escape in [
        "../x.css".to_string(),
        outside.path().join("x.css").display().to_string(),
    ] {
        site.write("hugo.yaml", &with_css(&format!("\"{escape}\"")));
        let ws = Workspace::open(site.root()).unwrap();
        let err = ws.preview_stylesheet().unwrap_err();
        assert!(
            matches!(err, Error::Document(DocumentError::OutsideSite { .. })),
            "{escape}: {err}"
        );
    }
    site.write("hugo.yaml", &with_css("static/missing.css"));
    let err = Workspace::open(site.root())
        .unwrap()
        .preview_stylesheet()
        .unwrap_err();
    assert!(err.to_string().contains("missing.css"), "{err}");
}

#[test]
fn a_site_printing_chroma_classes_previews_with_their_stylesheet_before_its_own() {
    let site = TempSite::new();
    let config = std::fs::read_to_string(site.root().join("hugo.yaml")).unwrap();
    site.write("static/a.css", "pre { border: 1px solid }");
    site.write(
        "hugo.yaml",
        &format!("{config}\nmarkup:\n  highlight:\n    noClasses: false\n    style: lovelace\nparams:\n  postwright:\n    previewCSS: static/a.css\n"),
    );
    let ws = Workspace::open(site.root()).unwrap();
    let css = ws.preview_stylesheet().unwrap().unwrap();
    assert!(css.contains(".chroma .k { color:#2838b0 }\n"), "{css}");
    assert!(
        css.ends_with("pre { border: 1px solid }\n"),
        "the site's rules come last: {css}"
    );
    let preview = ws.render_preview("news/a.md", "```go\nfunc f() {}\n```\n");
    assert!(
        preview
            .html
            .contains("<pre tabindex=\"0\" class=\"chroma\">"),
        "{}",
        preview.html
    );
    assert!(
        preview.html.contains("<span class=\"kd\">func</span>"),
        "{}",
        preview.html
    );
}

#[test]
fn a_new_page_carries_the_schemas_coaching_comments_above_their_keys() {
    let site = TempSite::new();
    site.write(
        "static/admin/config.yml",
        "collections:\n  - name: news\n    label: News\n    folder: content/news\n    fields:\n      - {name: title, label: Title, widget: string, comment: \"Short, topical, no acronyms\"}\n      - label: Summary\n        name: summary\n        widget: text\n        comment: |-\n          One sentence.\n           Do not repeat the title.\n      - {name: date, label: Date, widget: datetime}\n",
    );
    let mut ws = Workspace::open(site.root()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-02T09:30:00-05:00").unwrap();
    let rel = ws.new_page("news", "Hello", now).unwrap();
    let text = site.read(&format!("content/{rel}"));
    assert_eq!(
        text,
        "---\n# Short, topical, no acronyms\ntitle: Hello\n# One sentence.\n# Do not repeat the title.\nsummary: \"\"\ndate: 2026-12-02 09:30:00 -0500\n---\n\n"
    );
    let doc = ws.open_document(&rel).unwrap();
    assert_eq!(doc.front_matter["title"], "Hello");
}

#[test]
fn a_front_matter_clash_with_the_disk_comes_back_as_one_field_and_resolves_by_choice() {
    let site = TempSite::new();
    site.write("content/news/first.md", POST);
    let ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/first.md").unwrap();
    // Ours: a new summary and a closing line. Theirs: another summary and a new title, the
    // neighbouring key a line merge would clash on too.
    let edit = FieldEdit::Set {
        key: "summary".into(),
        value: "Our summary".into(),
    };
    let ours = ws
        .edited_source(
            "news/first.md",
            &doc.source,
            &[edit],
            Some("\nHello body.\n\nOurs.\n"),
        )
        .unwrap();
    let theirs = POST
        .replace("Old summary", "Their summary")
        .replace("'First post'", "'Their title'");
    site.write("content/news/first.md", &theirs);

    let clash = ws
        .merge_with_disk("news/first.md", &doc.source, &ours)
        .unwrap();
    assert!(clash.merged.is_none());
    let keys: Vec<_> = clash
        .merge
        .field_conflicts
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["summary"],
        "the title changed on one side only and merges"
    );
    let field = &clash.merge.field_conflicts[0];
    assert_eq!(field.ours, Some("Our summary".into()));
    assert_eq!(field.theirs, Some("Their summary".into()));
    assert!(
        clash.merge.body.merged.is_some(),
        "the body merges on its own"
    );

    let choose = |choice| {
        Workspace::resolve_disk_merge(
            "news/first.md",
            &doc.source,
            &ours,
            &clash.theirs.source,
            clash.theirs.disk_hash.clone(),
            &[("summary".to_string(), choice)],
            &[],
        )
        .unwrap()
    };
    let kept_ours = choose(postwright::merge::Choice::Ours);
    assert_eq!(
        kept_ours.source,
        theirs
            .replace("Their summary", "Our summary")
            .replace("Hello body.\n", "Hello body.\n\nOurs.\n")
    );
    assert_eq!(kept_ours.disk_hash, clash.theirs.disk_hash);
    let took_theirs = choose(postwright::merge::Choice::Theirs);
    assert_eq!(took_theirs.front_matter["summary"], "Their summary");
    assert_eq!(took_theirs.front_matter["title"], "Their title");
    assert!(took_theirs.body.ends_with("Ours.\n"));
}

/// A site where `referrer` links to `target`, `later` links to a page not written yet, and
/// `unrelated` has nothing to do with either.
fn site_with_refs() -> TempSite {
    let site = TempSite::new();
    site.write(
        "content/news/target.md",
        "---\ntitle: Target\nsummary: The page linked to.\n---\nBody.\n",
    );
    site.write("content/news/referrer.md", "---\ntitle: Referrer\nsummary: Links to the target.\n---\nSee {{< ref \"target.md\" >}}.\n");
    site.write("content/news/later.md", "---\ntitle: Later\nsummary: Links to a page to come.\n---\nSoon {{< relref \"/news/coming.md\" >}}.\n");
    site.write(
        "content/news/unrelated.md",
        "---\ntitle: Unrelated\n---\nNo links.\n",
    );
    site
}

#[test]
fn after_a_save_only_the_page_and_its_referrers_are_checked_again() {
    let site = site_with_refs();
    let mut ws = Workspace::open(site.root()).unwrap();
    let first = ws.check_site();
    assert!(first.full);
    let of = |check: &postwright::check::SiteCheck, path: &str| {
        check
            .findings
            .iter()
            .filter(|d| d.path == path)
            .map(|d| (d.code, d.line))
            .collect::<Vec<_>>()
    };
    assert_eq!(of(&first, "news/referrer.md"), []);
    assert_eq!(of(&first, "news/later.md"), [("broken-ref", 5)]);
    assert_eq!(of(&first, "news/unrelated.md"), [("summary-missing", 2)]);

    // The target becomes a draft: Hugo cannot link to it any more.
    let doc = ws.open_document("news/target.md").unwrap();
    let draft = [FieldEdit::Set {
        key: "draft".into(),
        value: true.into(),
    }];
    ws.save_document("news/target.md", &doc.source, &doc.disk_hash, &draft, None)
        .unwrap();
    // Changed behind the workspace's back (no watcher): a page that is checked again would show it.
    site.write(
        "content/news/unrelated.md",
        "---\ntitle: Unrelated\nsummary: Unrelated\n---\n",
    );

    let second = ws.check_site();
    assert!(!second.full);
    assert_eq!(second.rechecked, ["news/referrer.md", "news/target.md"]);
    assert_eq!(of(&second, "news/referrer.md"), [("broken-ref", 5)]);
    let broken = second
        .findings
        .iter()
        .find(|d| d.path == "news/referrer.md")
        .unwrap();
    assert!(
        broken
            .message
            .contains("news/target.md is a draft or expired"),
        "{}",
        broken.message
    );
    assert_eq!(
        of(&second, "news/unrelated.md"),
        of(&first, "news/unrelated.md"),
        "an unrelated page was checked again"
    );
    assert_eq!(of(&second, "news/later.md"), [("broken-ref", 5)]);

    // Nothing changed since: nothing is read again.
    let third = ws.check_site();
    assert!(third.rechecked.is_empty() && !third.full);
    assert_eq!(third.findings, second.findings);
}

#[test]
fn a_site_check_run_aside_keeps_what_changed_meanwhile_for_the_next_one() {
    let site = site_with_refs();
    let mut ws = Workspace::open(site.root()).unwrap();
    // The app begins the first check, runs it without holding the workspace (progress
    // reported), and a save lands while it runs.
    let job = ws.start_site_check();
    let pages = job.len();
    assert!(pages > 0);
    let reports = std::sync::Mutex::new(Vec::new());
    let done = job.run(&|done, total| reports.lock().unwrap().push((done, total)));
    assert_eq!(reports.into_inner().unwrap().last(), Some(&(pages, pages)));
    let doc = ws.open_document("news/target.md").unwrap();
    let draft = [FieldEdit::Set {
        key: "draft".into(),
        value: true.into(),
    }];
    ws.save_document("news/target.md", &doc.source, &doc.disk_hash, &draft, None)
        .unwrap();
    let first = ws
        .finish_site_check(done)
        .expect("nothing re-read the site");
    assert!(first.full);
    assert!(!first
        .findings
        .iter()
        .any(|d| d.path == "news/referrer.md" && d.code == "broken-ref"));
    // The page saved during the check (and its referrer) is read by the next one.
    let second = ws.check_site();
    assert_eq!(second.rechecked, ["news/referrer.md", "news/target.md"]);
    assert!(second
        .findings
        .iter()
        .any(|d| d.path == "news/referrer.md" && d.code == "broken-ref"));

    // A check begun before the site was read again (its content types changed) is refused.
    let job = ws.start_site_check();
    ws.set_decap_config(None).unwrap();
    assert!(ws.finish_site_check(job.run(&|_, _| {})).is_none());
    assert!(ws.check_site().full);
}

#[test]
fn a_new_page_mends_the_refs_that_pointed_at_it() {
    let site = site_with_refs();
    let mut ws = Workspace::open(site.root()).unwrap();
    ws.check_site();
    let now = chrono::DateTime::parse_from_rfc3339("2024-05-06T10:00:00-04:00").unwrap();
    let rel = ws.new_page("news", "Coming", now).unwrap();
    assert_eq!(rel, "news/coming.md");
    let check = ws.check_site();
    assert_eq!(check.rechecked, ["news/coming.md", "news/later.md"]);
    assert!(
        check
            .findings
            .iter()
            .all(|d| !(d.path == "news/later.md" && d.code == "broken-ref")),
        "{:?}",
        check.findings
    );
}
