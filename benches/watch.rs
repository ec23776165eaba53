//! Watching benchmark: how long an edit on disk takes to reach the app as a watcher event
//! (target ≤ 100 ms) and then the index (write → watcher batch → `apply_watch_events` → the
//! page's new title in the index), and how long a burst of 4,000 new files (a branch switch)
//! takes to be re-indexed (target ≤ 1 s). Rows of `make bench`; asserts nothing.
//!
//! Run with `cargo bench --bench watch`. The latency includes the watcher's quiet period
//! (`postwright::watch::QUIET_PERIOD`).

#[allow(dead_code)]
mod support;

use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use postwright::watch::{WatchEvent, QUIET_PERIOD};
use postwright::Workspace;

use support::{ms, row, runs, smoke, Target};

const DEADLINE: Duration = Duration::from_secs(30);

fn page(title: &str) -> String {
    format!("---\ntitle: \"{title}\"\nsummary: A page of the benchmark site.\ndate: 2024-05-01 09:00:00 -0400\n---\n\nSome body text.\n")
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    std::fs::write(dir.path().join("hugo.yaml"), "title: Bench\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.path().join("content/news")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("content/news/edited.md"), page("Start"))
        .unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// A workspace watching `root`, its batches (with their arrival time) on a channel.
fn watched(root: &Path) -> (Workspace, Receiver<(Instant, Vec<WatchEvent>)>) {
    let mut ws = Workspace::open(root).unwrap_or_else(|e| panic!("{e}"));
    let (sender, receiver) = mpsc::channel();
    ws.watch(move |batch| {
        let _ = sender.send((Instant::now(), batch));
    })
    .unwrap_or_else(|e| panic!("{e}"));
    (ws, receiver)
}

fn title_of(ws: &Workspace, rel: &str) -> Option<String> {
    ws.site()
        .index
        .pages
        .iter()
        .find(|p| p.path == rel)
        .map(|p| p.title.clone())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// `edits` timed edits: when each reached the app as a batch, and when it was in the index.
fn edit_latency(edits: usize) -> (Vec<f64>, Vec<f64>) {
    let dir = site();
    let (mut ws, batches) = watched(dir.path());
    // The watch is set up asynchronously on some systems: let it settle before timing.
    std::thread::sleep(Duration::from_millis(300));
    let file = dir.path().join("content/news/edited.md");
    let mut delivered = Vec::new();
    let mut indexed = Vec::new();
    for i in 0..edits {
        let title = format!("Edit {i}");
        let start = Instant::now();
        std::fs::write(&file, page(&title)).unwrap_or_else(|e| panic!("{e}"));
        let mut arrived = None;
        while title_of(&ws, "news/edited.md").as_deref() != Some(title.as_str()) {
            let left = DEADLINE.saturating_sub(start.elapsed());
            let Ok((at, batch)) = batches.recv_timeout(left) else {
                panic!("edit {i} never reached the index");
            };
            arrived.get_or_insert(at);
            ws.apply_watch_events(&batch);
        }
        indexed.push(start.elapsed());
        delivered.push(arrived.map_or(Duration::ZERO, |at| at.duration_since(start)));
        // Edits a writer makes are seconds apart; a short gap keeps them separate batches.
        std::thread::sleep(Duration::from_millis(20));
    }
    delivered.sort();
    indexed.sort();
    println!(
        "edit -> index, {edits} edits (quiet period {} ms): delivered median {:.1} ms p95 {:.1} ms; in the index median {:.1} ms p95 {:.1} ms",
        QUIET_PERIOD.as_millis(),
        ms(percentile(&delivered, 0.5)),
        ms(percentile(&delivered, 0.95)),
        ms(percentile(&indexed, 0.5)),
        ms(percentile(&indexed, 0.95)),
    );
    (
        delivered.iter().map(|d| ms(*d)).collect(),
        indexed.iter().map(|d| ms(*d)).collect(),
    )
}

/// `files` new files moved into the site at once: the time from the move until all are in
/// the index. With `in_place`, the same files are then rewritten in place (printed only).
fn burst_reindex(files: usize, in_place: bool) -> f64 {
    let dir = site();
    let (mut ws, batches) = watched(dir.path());
    std::thread::sleep(Duration::from_millis(300));
    // Written into a folder outside the site and moved in at once, as a checkout's files appear.
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let staging = outside.path().join("burst");
    for month in 1..=12 {
        std::fs::create_dir_all(staging.join(format!("{month:02}")))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for i in 0..files {
        let rel = format!("{:02}/page-{i}.md", i % 12 + 1);
        std::fs::write(staging.join(rel), page(&format!("Burst page {i}")))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let written = Instant::now();
    std::fs::rename(&staging, dir.path().join("content/burst")).unwrap_or_else(|e| panic!("{e}"));
    let expected = files + 1;
    let mut applying = Duration::ZERO;
    let mut batch_count = 0;
    while ws.site().index.pages.len() < expected {
        let left = DEADLINE.saturating_sub(written.elapsed());
        let Ok((_, batch)) = batches.recv_timeout(left) else {
            panic!(
                "only {} of {expected} pages reached the index",
                ws.site().index.pages.len()
            );
        };
        let start = Instant::now();
        ws.apply_watch_events(&batch);
        applying += start.elapsed();
        batch_count += 1;
    }
    let moved_in = written.elapsed();
    println!(
        "burst of {files} files: in the index {:.0} ms after the move ({batch_count} batches; re-indexing {:.0} ms of it)",
        ms(moved_in),
        ms(applying),
    );
    if !in_place {
        return ms(moved_in);
    }

    // The same number of files edited in place (a checkout of another branch over them).
    let burst = dir.path().join("content/burst");
    let started = Instant::now();
    for i in 0..files {
        let rel = format!("{:02}/page-{i}.md", i % 12 + 1);
        std::fs::write(burst.join(rel), page(&format!("Changed page {i}")))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let written_in = started.elapsed();
    let last = format!("burst/{:02}/page-{}.md", (files - 1) % 12 + 1, files - 1);
    let changed = |ws: &Workspace| {
        ws.site()
            .index
            .pages
            .iter()
            .filter(|p| p.title.starts_with("Changed"))
            .count()
    };
    let mut applying = Duration::ZERO;
    let mut batch_count = 0;
    while changed(&ws) < files {
        let left = DEADLINE.saturating_sub(started.elapsed());
        let Ok((_, batch)) = batches.recv_timeout(left) else {
            panic!(
                "only {} of {files} edits reached the index ({last})",
                changed(&ws)
            );
        };
        let start = Instant::now();
        ws.apply_watch_events(&batch);
        applying += start.elapsed();
        batch_count += 1;
    }
    println!(
        "{files} files rewritten in place (writing took {:.0} ms): in the index {:.0} ms after the last write ({batch_count} batches; re-indexing {:.0} ms of it)",
        ms(written_in),
        ms(started.elapsed().saturating_sub(written_in)),
        ms(applying),
    );
    ms(moved_in)
}

fn main() {
    let (edits, files) = if smoke() {
        (1, 40)
    } else {
        (4 * runs().max(5), 4000)
    };
    let (delivered, indexed) = edit_latency(edits);
    row(
        "outside edit -> watcher event",
        "ms",
        &delivered,
        None,
        Target::AtMost(100.0),
    );
    row(
        "outside edit -> in the index",
        "ms",
        &indexed,
        None,
        Target::None,
    );
    let bursts: Vec<f64> = (0..runs())
        .map(|i| burst_reindex(files, i == 0 && !smoke()))
        .collect();
    row(
        &format!("burst of {files} new files -> index ready"),
        "ms",
        &bursts,
        None,
        Target::AtMost(1000.0),
    );
}
