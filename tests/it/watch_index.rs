//! The index kept right by watcher batches: a 4,000-file burst (a branch switch) arrives as a
//! few batches, each applied as one re-index, and renames, moves and deletes leave the index
//! exactly as a fresh walk of the site would. Waits use deadlines, never sleeps.

use std::io::{BufRead, BufReader};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use postwright::site::Site;
use postwright::watch::WatchEvent;
use postwright::Workspace;

use crate::support::{cli, TempSite};

const DEADLINE: Duration = Duration::from_secs(60);

fn watched(site: &TempSite, polling: bool) -> (Workspace, Receiver<Vec<WatchEvent>>) {
    let mut ws = Workspace::open(site.root()).unwrap();
    let (sender, receiver) = mpsc::channel();
    let send = move |batch| {
        let _ = sender.send(batch);
    };
    if polling {
        ws.watch_polling(send).unwrap();
    } else {
        ws.watch(send).unwrap();
    }
    (ws, receiver)
}

fn paths(index: &postwright::site::SiteIndex) -> Vec<(String, String)> {
    index
        .pages
        .iter()
        .map(|p| (p.path.clone(), p.title.clone()))
        .collect()
}

/// Applies batches until the workspace's index matches a fresh walk of the site; returns how
/// many batches that took.
fn apply_until_fresh(ws: &mut Workspace, receiver: &Receiver<Vec<WatchEvent>>) -> usize {
    let deadline = Instant::now() + DEADLINE;
    let mut batches = 0;
    loop {
        let fresh = Site::open(&ws.site().root).unwrap();
        if paths(&ws.site().index) == paths(&fresh.index) {
            // Terms too: the counts and aliases follow the pages.
            assert_eq!(ws.site().index.terms, fresh.index.terms);
            return batches;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(left) {
            Ok(batch) => {
                ws.apply_watch_events(&batch);
                batches += 1;
            }
            Err(_) => panic!(
                "deadline passed after {batches} batches; index has {} pages, disk {}",
                ws.site().index.pages.len(),
                fresh.index.pages.len()
            ),
        }
    }
}

#[test]
fn a_four_thousand_file_burst_is_a_few_batches_and_the_index_is_right_afterwards() {
    let site = TempSite::new();
    site.write("content/topics/cx/_index.md", "---\ntitle: CX\n---\n");
    for i in 0..200 {
        site.write(
            &format!("content/news/old/{i:04}.md"),
            &format!("---\ntitle: Old {i}\ntopics: [cx]\n---\n"),
        );
    }
    let (mut ws, receiver) = watched(&site, false);
    // The "branch switch": 4,000 new pages, 200 rewritten, one folder removed.
    let started = Instant::now();
    for i in 0..4000 {
        site.write(
            &format!("content/news/b{}/{i:04}.md", i / 500),
            &format!("---\ntitle: New {i}\ntopics: [cx]\n---\nBody {i}.\n"),
        );
    }
    for i in 0..200 {
        site.write(
            &format!("content/news/old/{i:04}.md"),
            &format!("---\ntitle: Rewritten {i}\n---\n"),
        );
    }
    std::fs::remove_dir_all(site.root().join("content/topics/cx")).unwrap();
    let written = started.elapsed();
    let batches = apply_until_fresh(&mut ws, &receiver);
    println!("burst of 4,200 files written in {written:?}: {batches} batches");
    assert_eq!(ws.site().index.pages.len(), 4200);
    // Coalesced: a batch closes after 50 ms of quiet or 2 s at most, so a burst written in
    // `written` gives about written / 2 s + 1 batches, not thousands.
    assert!(
        batches as u128 <= written.as_millis() / 2000 + 3,
        "{batches} batches for a burst of {written:?}"
    );
}

#[test]
fn renames_moves_and_deletes_keep_the_index_right() {
    let site = TempSite::new();
    site.write("content/news/a.md", "---\ntitle: A\n---\n");
    site.write("content/news/b.md", "---\ntitle: B\n---\n");
    site.write("content/guides/g/one.md", "---\ntitle: One\n---\n");
    site.write("content/guides/g/two.md", "---\ntitle: Two\n---\n");
    site.write("content/news/photo.jpg", "not a page");
    let (mut ws, receiver) = watched(&site, false);
    let root = site.root().join("content");
    std::fs::rename(root.join("news/a.md"), root.join("news/a-renamed.md")).unwrap();
    apply_until_fresh(&mut ws, &receiver);
    assert!(ws.site().index.page("news/a-renamed.md").is_some());
    std::fs::rename(root.join("guides/g"), root.join("news/g-moved")).unwrap();
    apply_until_fresh(&mut ws, &receiver);
    assert!(ws.site().index.page("news/g-moved/two.md").is_some());
    assert!(ws.site().index.page("guides/g/two.md").is_none());
    std::fs::remove_file(root.join("news/b.md")).unwrap();
    std::fs::write(root.join("news/photo2.jpg"), "still not a page").unwrap();
    apply_until_fresh(&mut ws, &receiver);
    assert!(ws.site().index.page("news/b.md").is_none());
    std::fs::remove_dir_all(root.join("news")).unwrap();
    apply_until_fresh(&mut ws, &receiver);
    assert!(ws.site().index.pages.is_empty());
}

#[test]
fn polling_keeps_the_index_right_too() {
    let site = TempSite::new();
    site.write("content/news/a.md", "---\ntitle: A\n---\n");
    let (mut ws, receiver) = watched(&site, true);
    assert!(ws.is_polling());
    site.write("content/news/c.md", "---\ntitle: C\n---\n");
    std::fs::remove_file(site.root().join("content/news/a.md")).unwrap();
    apply_until_fresh(&mut ws, &receiver);
    assert_eq!(
        paths(&ws.site().index),
        [("news/c.md".to_string(), "C".to_string())]
    );
}

/// Reads the CLI's JSON lines until one satisfies `done`, with a deadline.
fn read_until(
    lines: &Receiver<serde_json::Value>,
    done: impl Fn(&serde_json::Value) -> bool,
) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + DEADLINE;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("deadline passed; saw {seen:#?}"));
        let stop = done(&line);
        seen.push(line);
        if stop {
            return seen;
        }
    }
}

#[test]
fn watch_cli_prints_changes_a_reindex_per_batch_and_the_polling_notice() {
    let site = TempSite::new();
    site.write("content/news/a.md", "---\ntitle: A\n---\n");
    let mut child = cli()
        .args(["watch", "--poll", "--site"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(
                serde_json::from_str::<serde_json::Value>(&line)
                    .unwrap_or(serde_json::Value::String(line)),
            );
        }
    });
    let start = read_until(&lines, |l| l["kind"] == "ready");
    assert!(
        start
            .iter()
            .any(|l| l["kind"] == "notice" && l["polling"] == true),
        "{start:#?}"
    );
    for i in 0..50 {
        site.write(
            &format!("content/news/burst/{i}.md"),
            "---\ntitle: Burst\n---\n",
        );
    }
    let seen = read_until(&lines, |l| l["kind"] == "reindexed" && l["pages"] == 51);
    assert!(
        seen.iter().any(|l| l["kind"] == "created"
            && l["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("burst/7.md"))),
        "{seen:#?}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// A Decap config with one `news` collection whose fields are `title` and then `extra`.
fn decap_config(extra: &[&str]) -> String {
    let mut text = "collections:\n  - name: news\n    label: News\n    folder: content/news\n    fields:\n      - {name: title, label: Title, widget: string}\n".to_string();
    for name in extra {
        text.push_str(&format!(
            "      - {{name: {name}, label: {name}, widget: string}}\n"
        ));
    }
    text
}

fn field_names(ws: &Workspace, rel: &str) -> Vec<String> {
    ws.content_type(rel)
        .map(|t| t.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default()
}

/// Applies batches until one says the schema changed; returns the batches' changes.
fn until_schema_changes(
    ws: &mut Workspace,
    receiver: &Receiver<Vec<WatchEvent>>,
) -> Vec<postwright::workspace::SiteChanges> {
    let deadline = Instant::now() + DEADLINE;
    let mut seen = Vec::new();
    while !seen
        .iter()
        .any(|c: &postwright::workspace::SiteChanges| c.schema_changed)
    {
        let left = deadline.saturating_duration_since(Instant::now());
        let batch = receiver
            .recv_timeout(left)
            .expect("the schema change never arrived");
        seen.push(ws.apply_watch_events(&batch));
    }
    seen
}

#[test]
fn a_changed_decap_config_is_read_again_from_the_watcher() {
    let site = TempSite::new();
    site.write("static/admin/config.yml", &decap_config(&[]));
    site.write("content/news/a.md", "---\ntitle: A\n---\n");
    let (mut ws, receiver) = watched(&site, false);
    assert_eq!(field_names(&ws, "news/a.md"), ["title"]);

    site.write("static/admin/config.yml", &decap_config(&["kicker"]));
    let changes = until_schema_changes(&mut ws, &receiver);
    assert_eq!(field_names(&ws, "news/a.md"), ["title", "kicker"]);
    assert!(
        changes.iter().all(|c| c.paths.is_empty()),
        "no page changed: {changes:?}"
    );

    // Saved half-edited (it does not parse): the fields stay as they were, no change reported.
    site.write("static/admin/config.yml", "collections: [\n");
    site.write("content/news/b.md", "---\ntitle: B\n---\n");
    let deadline = Instant::now() + DEADLINE;
    loop {
        let batch = receiver
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("no batch");
        let changes = ws.apply_watch_events(&batch);
        assert!(
            !changes.schema_changed,
            "a broken config was taken: {changes:?}"
        );
        if changes.paths.contains(&"news/b.md".to_string()) {
            break;
        }
    }
    assert_eq!(field_names(&ws, "news/a.md"), ["title", "kicker"]);

    // The config from the app's settings, outside static/ and content/, is watched instead.
    site.write("cms/alt.yml", &decap_config(&["deck"]));
    ws.set_decap_config(Some("cms/alt.yml")).unwrap();
    assert_eq!(field_names(&ws, "news/a.md"), ["title", "deck"]);
    site.write("cms/alt.yml", &decap_config(&["deck", "source"]));
    until_schema_changes(&mut ws, &receiver);
    assert_eq!(field_names(&ws, "news/a.md"), ["title", "deck", "source"]);
}

#[test]
fn a_decap_config_created_in_a_place_looked_in_takes_over() {
    let site = TempSite::new();
    site.write("content/news/a.md", "---\ntitle: A\nweight: 1\n---\n");
    let (mut ws, receiver) = watched(&site, false);
    assert!(
        ws.site().schema.decap_config.is_none(),
        "inferred without a config"
    );
    site.write("static/admin/config.yml", &decap_config(&["kicker"]));
    until_schema_changes(&mut ws, &receiver);
    assert_eq!(field_names(&ws, "news/a.md"), ["title", "kicker"]);
    assert!(ws
        .site()
        .schema
        .decap_config
        .as_ref()
        .unwrap()
        .ends_with("static/admin/config.yml"));
}
