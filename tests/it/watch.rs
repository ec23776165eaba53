//! The watcher on real file-system events in temp dirs. Every test waits for the batch it
//! needs with a deadline; none sleeps and then asserts.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use postwright::watch::{SiteWatcher, WatchEvent, WatchEventKind};

const DEADLINE: Duration = Duration::from_secs(20);

/// A site folder with two pages, watched; batches arrive on the receiver.
fn watched_site(polling: bool) -> (tempfile::TempDir, SiteWatcher, Receiver<Vec<WatchEvent>>) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content/news")).unwrap();
    fs::write(dir.path().join("content/news/a.md"), "a\n").unwrap();
    fs::write(dir.path().join("content/news/b.md"), "b\n").unwrap();
    let (sender, receiver) = mpsc::channel();
    let on_events = move |batch| {
        let _ = sender.send(batch);
    };
    let watcher = if polling {
        SiteWatcher::start_polling(dir.path(), on_events).unwrap()
    } else {
        SiteWatcher::start(dir.path(), on_events).unwrap()
    };
    (dir, watcher, receiver)
}

/// Collects batches until `done` holds for everything received so far; panics with what did
/// arrive when the deadline passes first. Returns the batches.
fn wait_until(
    receiver: &Receiver<Vec<WatchEvent>>,
    done: impl Fn(&[WatchEvent]) -> bool,
) -> Vec<Vec<WatchEvent>> {
    let deadline = Instant::now() + DEADLINE;
    let mut batches: Vec<Vec<WatchEvent>> = Vec::new();
    loop {
        let all: Vec<WatchEvent> = batches.iter().flatten().cloned().collect();
        if done(&all) {
            return batches;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(left) {
            Ok(batch) => batches.push(batch),
            Err(_) => panic!("deadline passed; received {all:#?}"),
        }
    }
}

fn has(events: &[WatchEvent], kind: WatchEventKind, path: &Path) -> bool {
    events.iter().any(|e| e.kind == kind && e.path == path)
}

fn mentions(events: &[WatchEvent], path: &Path) -> bool {
    events.iter().any(|e| e.path == path)
}

#[test]
fn an_outside_edit_is_reported() {
    let (dir, watcher, receiver) = watched_site(false);
    assert!(!watcher.is_polling());
    let page = dir.path().join("content/news/a.md");
    fs::write(&page, "edited outside\n").unwrap();
    wait_until(&receiver, |events| {
        has(events, WatchEventKind::Modified, &page)
    });
}

#[test]
fn our_own_write_is_not_reported_but_a_later_outside_write_is() {
    let (dir, watcher, receiver) = watched_site(false);
    let page = dir.path().join("content/news/a.md");
    let marker = dir.path().join("content/news/marker.md");

    let ours = b"saved by postwright\n";
    watcher.expect_own_write(&page, ours);
    postwright::document::write_atomic(&page, ours).unwrap();
    // Anything our save caused is delivered no later than the marker's event.
    fs::write(&marker, "marker\n").unwrap();
    let batches = wait_until(&receiver, |events| mentions(events, &marker));
    let all: Vec<WatchEvent> = batches.into_iter().flatten().collect();
    assert!(
        !mentions(&all, &page),
        "our own save was reported: {all:#?}"
    );
    assert!(
        !all.iter()
            .any(|e| e.path.to_string_lossy().contains(".postwright-")),
        "{all:#?}"
    );

    fs::write(&page, "edited outside afterwards\n").unwrap();
    wait_until(&receiver, |events| {
        has(events, WatchEventKind::Modified, &page)
    });
}

#[test]
fn deletes_and_renames_are_reported() {
    let (dir, _watcher, receiver) = watched_site(false);
    let a = dir.path().join("content/news/a.md");
    let b = dir.path().join("content/news/b.md");
    let moved = dir.path().join("content/moved.md");
    fs::remove_file(&a).unwrap();
    fs::rename(&b, &moved).unwrap();
    wait_until(&receiver, |events| {
        has(events, WatchEventKind::Removed, &a)
            && has(events, WatchEventKind::Removed, &b)
            && has(events, WatchEventKind::Created, &moved)
    });
}

#[test]
fn a_burst_of_two_thousand_files_arrives_in_few_batches() {
    let (dir, _watcher, receiver) = watched_site(false);
    // A new folder, so files written before its watch exists must be found too.
    let folder = dir.path().join("content/burst");
    fs::create_dir(&folder).unwrap();
    let paths: Vec<PathBuf> = (0..2000)
        .map(|i| folder.join(format!("post-{i}.md")))
        .collect();
    for path in &paths {
        fs::write(path, "---\ntitle: Burst\n---\n").unwrap();
    }
    let batches = wait_until(&receiver, |events| {
        let created: std::collections::HashSet<&Path> = events
            .iter()
            .filter(|e| e.kind == WatchEventKind::Created)
            .map(|e| e.path.as_path())
            .collect();
        paths.iter().all(|p| created.contains(p.as_path()))
    });
    let events: Vec<&WatchEvent> = batches.iter().flatten().collect();
    println!(
        "2,000 files arrived in {} batch(es), {} events",
        batches.len(),
        events.len()
    );
    assert!(batches.len() <= 5, "{} batches", batches.len());
    // Coalesced: within a batch, one event per file. (A file found by walking the new folder
    // may be reported again by its own late event in the next batch, on a loaded machine.)
    for batch in &batches {
        let distinct: std::collections::HashSet<&Path> =
            batch.iter().map(|e| e.path.as_path()).collect();
        assert_eq!(distinct.len(), batch.len());
    }
    // Every file is first reported as created; on a loaded machine its write may finish after
    // that batch was sent, and then comes once more as modified — never before its creation.
    let mut created_so_far = std::collections::HashSet::new();
    for batch in &batches {
        for event in batch {
            match event.kind {
                WatchEventKind::Created => {
                    created_so_far.insert(event.path.as_path());
                }
                WatchEventKind::Modified => assert!(
                    created_so_far.contains(event.path.as_path()),
                    "{} modified before it was reported created",
                    event.path.display()
                ),
                WatchEventKind::Removed => panic!("{} reported removed", event.path.display()),
            }
        }
    }
    assert!(
        !events.iter().any(|e| e.path == folder),
        "the folder itself is not an event"
    );
}

#[test]
fn the_polling_backend_reports_changes_too() {
    let (dir, watcher, receiver) = watched_site(true);
    assert!(watcher.is_polling());
    let page = dir.path().join("content/news/new.md");
    let removed = dir.path().join("content/news/b.md");
    fs::write(&page, "new\n").unwrap();
    fs::remove_file(&removed).unwrap();
    wait_until(&receiver, |events| {
        has(events, WatchEventKind::Created, &page)
            && has(events, WatchEventKind::Removed, &removed)
    });
}

#[test]
fn a_folder_moved_into_the_site_reports_its_files() {
    let (dir, _watcher, receiver) = watched_site(false);
    // Prepared outside the watched folder (same file system), then moved in whole.
    let outside = tempfile::tempdir_in(dir.path().parent().unwrap()).unwrap();
    fs::create_dir_all(outside.path().join("bundle/images")).unwrap();
    fs::write(outside.path().join("bundle/index.md"), "page\n").unwrap();
    fs::write(outside.path().join("bundle/images/x.png"), "png").unwrap();
    let target = dir.path().join("content/news/bundle");
    fs::rename(outside.path().join("bundle"), &target).unwrap();
    let batches = wait_until(&receiver, |events| {
        has(events, WatchEventKind::Created, &target.join("index.md"))
            && has(
                events,
                WatchEventKind::Created,
                &target.join("images/x.png"),
            )
    });
    // The folder itself is not an event: consumers deal in files.
    assert!(
        !batches.iter().flatten().any(|e| e.path == target),
        "{batches:#?}"
    );
}

#[test]
fn watching_a_copy_of_the_real_site() {
    let Ok(corpus) = std::env::var("POSTWRIGHT_CORPUS") else {
        println!("skipped: set POSTWRIGHT_CORPUS to the digital.gov corpus to run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut folders = 0;
    for entry in walkdir::WalkDir::new(&corpus) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&corpus).unwrap());
        if entry.file_type().is_dir() {
            folders += 1;
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    let (sender, receiver) = mpsc::channel();
    let started = Instant::now();
    let watcher = SiteWatcher::start(dir.path(), move |batch| {
        let _ = sender.send(batch);
    })
    .unwrap();
    println!(
        "corpus: watching {folders} folders took {:?} (polling: {})",
        started.elapsed(),
        watcher.is_polling()
    );
    let page = walkdir::WalkDir::new(dir.path().join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    fs::write(&page, "edited\n").unwrap();
    wait_until(&receiver, |events| {
        has(events, WatchEventKind::Modified, &page)
    });
}

#[test]
fn the_watcher_can_live_in_shared_app_state() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<SiteWatcher>();
}

#[test]
fn dropping_the_watcher_ends_its_thread() {
    for polling in [false, true] {
        let (_dir, watcher, receiver) = watched_site(polling);
        drop(watcher);
        // The thread owns the callback, and with it the only sender: it is gone once the
        // channel reports disconnection rather than a timeout.
        match receiver.recv_timeout(DEADLINE) {
            Err(mpsc::RecvTimeoutError::Disconnected) => {}
            other => panic!("polling {polling}: expected the thread to end, got {other:?}"),
        }
    }
}
