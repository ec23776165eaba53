//! Watching benchmark: how long an edit on disk takes to reach the index (write → watcher
//! batch → `apply_watch_events` → the page's new title in the index), and how long a burst
//! of 4,000 new files (a branch switch) takes to be re-indexed. Targets: ≤150 ms per edit,
//! ≤1 s for the burst. Prints figures; asserts nothing.
//!
//! Run with `cargo bench --bench watch`. The latency includes the watcher's quiet period
//! (`postwright::watch::QUIET_PERIOD`), which dominates it by design.

use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use postwright::watch::{WatchEvent, QUIET_PERIOD};
use postwright::Workspace;

const EDITS: usize = 50;
const BURST_FILES: usize = 4000;
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn edit_latency() {
    let dir = site();
    let (mut ws, batches) = watched(dir.path());
    // The watch is set up asynchronously on some systems: let it settle before timing.
    std::thread::sleep(Duration::from_millis(300));
    let file = dir.path().join("content/news/edited.md");
    let mut delivered = Vec::new();
    let mut indexed = Vec::new();
    for i in 0..EDITS {
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
        "edit -> index, {EDITS} edits (quiet period {} ms): delivered median {:.1} ms p95 {:.1} ms; in the index median {:.1} ms p95 {:.1} ms (target <= 150 ms)",
        QUIET_PERIOD.as_millis(),
        ms(percentile(&delivered, 0.5)),
        ms(percentile(&delivered, 0.95)),
        ms(percentile(&indexed, 0.5)),
        ms(percentile(&indexed, 0.95)),
    );
}

fn burst_reindex() {
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
    for i in 0..BURST_FILES {
        let rel = format!("{:02}/page-{i}.md", i % 12 + 1);
        std::fs::write(staging.join(rel), page(&format!("Burst page {i}")))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let written = Instant::now();
    std::fs::rename(&staging, dir.path().join("content/burst")).unwrap_or_else(|e| panic!("{e}"));
    let expected = BURST_FILES + 1;
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
    println!(
        "burst of {BURST_FILES} files: in the index {:.0} ms after the move ({batch_count} batches; re-indexing {:.0} ms of it) (target <= 1000 ms)",
        ms(written.elapsed()),
        ms(applying),
    );

    // The same number of files edited in place (a checkout of another branch over them).
    let burst = dir.path().join("content/burst");
    let started = Instant::now();
    for i in 0..BURST_FILES {
        let rel = format!("{:02}/page-{i}.md", i % 12 + 1);
        std::fs::write(burst.join(rel), page(&format!("Changed page {i}")))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let written_in = started.elapsed();
    let last = format!(
        "burst/{:02}/page-{}.md",
        (BURST_FILES - 1) % 12 + 1,
        BURST_FILES - 1
    );
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
    while changed(&ws) < BURST_FILES {
        let left = DEADLINE.saturating_sub(started.elapsed());
        let Ok((_, batch)) = batches.recv_timeout(left) else {
            panic!(
                "only {} of {BURST_FILES} edits reached the index ({last})",
                changed(&ws)
            );
        };
        let start = Instant::now();
        ws.apply_watch_events(&batch);
        applying += start.elapsed();
        batch_count += 1;
    }
    println!(
        "{BURST_FILES} files rewritten in place (writing took {:.0} ms): in the index {:.0} ms after the last write ({batch_count} batches; re-indexing {:.0} ms of it)",
        ms(written_in),
        ms(started.elapsed().saturating_sub(written_in)),
        ms(applying),
    );
}

fn main() {
    edit_latency();
    burst_reindex();
}
