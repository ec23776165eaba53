//! The facade's site-awareness methods as the problems panel and the dashboard use them:
//! site-wide checks, a fix's preview and its save, and the page query.

use postwright::document::DocumentError;
use postwright::line_diff::LineChangeKind;
use postwright::site::{PageQuery, SortKey};
use postwright::workspace::FixSelection;
use postwright::{Error, Workspace};

use crate::support::TempSite;

const LEGACY: &str = "---\ntitle: 'CX Community&mdash;Year One'\nsummary: One year of CX.\ndate: 2015-12-30 10:00:47 -0400\nauthors: [rflagg]\ntopics:\n  - product-management\n  - cx\n---\n\nIt&#8217;s here.\n";

const CLEAN: &str = "---\ntitle: A clean post\nsummary: Nothing to fix here.\ndate: 2021-03-04 09:00:00 -0500\nauthors: [rflagg]\ntopics:\n  - product-management\n---\n\nPlain words about product work.\n";

fn site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "content/topics/customer-experience/_index.md",
        "---\ntitle: Customer experience\naliases:\n  - /topics/cx/\n---\n",
    );
    site.write(
        "content/topics/product-management/_index.md",
        "---\ntitle: Product management\n---\n",
    );
    site.write(
        "content/authors/rflagg/_index.md",
        "---\ntitle: Rachel Flagg\n---\n",
    );
    site.write("content/news/legacy.md", LEGACY);
    site.write("content/news/clean.md", CLEAN);
    site
}

fn retired_topic() -> FixSelection {
    FixSelection {
        codes: vec!["retired-topic".into()],
        ..FixSelection::default()
    }
}

#[test]
fn check_site_reports_each_pages_findings_from_disk() {
    let site = site();
    let mut ws = Workspace::open(site.root()).unwrap();
    let found = ws.check_site().findings;
    let legacy: Vec<_> = found
        .iter()
        .filter(|d| d.path == "news/legacy.md")
        .map(|d| (d.code, d.line))
        .collect();
    assert!(legacy.contains(&("retired-topic", 8)), "{legacy:?}");
    assert!(legacy.contains(&("html-entity", 2)), "{legacy:?}");
    assert!(
        found.iter().all(|d| d.path != "news/clean.md"),
        "the clean post has findings: {found:?}"
    );
}

#[test]
fn fix_preview_lists_exactly_the_lines_the_fix_changes_and_applying_it_saves_only_them() {
    let site = site();
    let mut ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/legacy.md").unwrap();
    let preview = ws
        .fix_preview("news/legacy.md", &doc.source, &retired_topic())
        .unwrap();
    let shown: Vec<_> = preview
        .changes
        .iter()
        .map(|c| (c.kind, c.line, c.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (LineChangeKind::Removed, 8, "  - cx"),
            (LineChangeKind::Added, 8, "  - customer-experience")
        ]
    );
    assert_eq!(preview.descriptions.len(), 1);

    let saved = ws
        .apply_fix(
            "news/legacy.md",
            &doc.source,
            &doc.disk_hash,
            &retired_topic(),
        )
        .unwrap();
    let on_disk = site.read("content/news/legacy.md");
    assert_eq!(
        on_disk,
        LEGACY.replace("  - cx\n", "  - customer-experience\n")
    );
    assert_eq!(saved.source, on_disk);
    assert!(ws
        .check_document("news/legacy.md", &on_disk)
        .iter()
        .all(|d| d.code != "retired-topic"));
    // The other findings keep their fixes for later; nothing is left for this one.
    let again = ws
        .fix_preview("news/legacy.md", &on_disk, &retired_topic())
        .unwrap();
    assert!(again.changes.is_empty());
    assert_eq!(again.fixed, on_disk);
}

#[test]
fn a_fix_picked_by_line_changes_only_that_finding() {
    let site = site();
    let ws = Workspace::open(site.root()).unwrap();
    let selection = FixSelection {
        codes: vec!["html-entity".into()],
        line: Some(2),
        column: None,
    };
    let preview = ws
        .fix_preview("news/legacy.md", LEGACY, &selection)
        .unwrap();
    let lines: Vec<_> = preview.changes.iter().map(|c| c.line).collect();
    assert_eq!(lines, [2, 2], "{:?}", preview.changes);
    assert!(
        preview.fixed.contains("It&#8217;s here."),
        "the body's entity was fixed too"
    );
}

#[test]
fn apply_fix_refuses_unsaved_edits_and_a_file_changed_on_disk() {
    let site = site();
    let mut ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/legacy.md").unwrap();
    let edited = doc.source.replace("One year of CX.", "Edited in the form.");
    let err = ws
        .apply_fix("news/legacy.md", &edited, &doc.disk_hash, &retired_topic())
        .unwrap_err();
    assert!(
        matches!(err, Error::Document(DocumentError::ChangedOnDisk { .. })),
        "{err}"
    );
    assert_eq!(site.read("content/news/legacy.md"), LEGACY);

    site.write(
        "content/news/legacy.md",
        &LEGACY.replace("One year", "Two years"),
    );
    let err = ws
        .apply_fix(
            "news/legacy.md",
            &doc.source,
            &doc.disk_hash,
            &retired_topic(),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Document(DocumentError::ChangedOnDisk { .. })),
        "{err}"
    );
    assert_eq!(
        site.read("content/news/legacy.md"),
        LEGACY.replace("One year", "Two years")
    );
}

#[test]
fn a_fix_is_our_own_write_the_watcher_does_not_report() {
    use std::sync::mpsc;
    use std::time::Duration;
    let site = site();
    let mut ws = Workspace::open(site.root()).unwrap();
    let (tx, rx) = mpsc::channel();
    ws.watch(move |events| {
        let _ = tx.send(events);
    })
    .unwrap();
    let doc = ws.open_document("news/legacy.md").unwrap();
    ws.apply_fix(
        "news/legacy.md",
        &doc.source,
        &doc.disk_hash,
        &retired_topic(),
    )
    .unwrap();
    site.write(
        "content/news/clean.md",
        &CLEAN.replace("Plain words", "Other words"),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    while !seen.iter().any(|p: &String| p == "news/clean.md") {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let events = rx
            .recv_timeout(left)
            .expect("no watch event before the deadline");
        seen.extend(ws.apply_watch_events(&events).paths);
    }
    assert!(
        !seen.contains(&"news/legacy.md".to_string()),
        "the fix was reported as an outside edit: {seen:?}"
    );
    assert_eq!(
        ws.site().index.page("news/legacy.md").unwrap().topics,
        ["product-management", "customer-experience"]
    );
}

#[test]
fn query_pages_searches_the_body_and_filters_by_problems_and_topic() {
    let site = site();
    let ws = Workspace::open(site.root()).unwrap();
    let paths = |query: PageQuery| {
        ws.query_pages(&query)
            .into_iter()
            .map(|p| p.path)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        paths(PageQuery {
            text: Some("product work".into()),
            ..PageQuery::default()
        }),
        ["news/clean.md"]
    );
    assert_eq!(
        paths(PageQuery {
            has_problems: Some(true),
            section: Some("news".into()),
            ..PageQuery::default()
        }),
        ["news/legacy.md"]
    );
    assert_eq!(
        paths(PageQuery {
            has_problems: Some(false),
            section: Some("news".into()),
            ..PageQuery::default()
        }),
        ["news/clean.md"]
    );
    assert_eq!(
        paths(PageQuery {
            topic: Some("cx".into()),
            ..PageQuery::default()
        }),
        ["news/legacy.md"]
    );
    let newest_first = paths(PageQuery {
        section: Some("news".into()),
        sort: SortKey::Date,
        descending: true,
        ..PageQuery::default()
    });
    assert_eq!(newest_first, ["news/clean.md", "news/legacy.md"]);
}
