//! Git benchmark: status and commit through git2 against the `git` CLI on a generated
//! repository of 4,000 pages and 20,000 commits (the target: a ratio of at most 1.0×).
//! Prints figures and ratios; asserts nothing.
//!
//! Run with `cargo bench --bench git` (`PAGES` and `COMMITS` override the sizes).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use postwright::git::{Identity, SiteRepo};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output();
    let out = out.unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page(index: usize, revision: usize) -> String {
    format!(
        "---\ntitle: Page {index}\nsummary: Revision {revision} of a generated page\ndate: 2024-01-01 10:00:00 -0500\ntopics:\n  - topic-{}\n---\n\n{}\n",
        index % 40,
        "Generated body text for the benchmark. ".repeat(8)
    )
}

fn page_path(index: usize) -> String {
    format!(
        "content/news/{}/{:02}/page-{index}.md",
        2000 + index % 25,
        index % 12 + 1
    )
}

/// Builds the repository with `git fast-import` (seconds, not minutes): one commit adding every
/// page, then commits each changing one page.
fn generate(dir: &Path, pages: usize, commits: usize) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Bench"]);
    git(dir, &["config", "user.email", "bench@example.gov"]);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("git fast-import: {e}"));
    let mut stream = std::io::BufWriter::new(child.stdin.take().unwrap_or_else(|| unreachable!()));
    let mut emit = |mark: usize,
                    message: &str,
                    files: &mut dyn Iterator<Item = (String, String)>| {
        let mut text = format!(
            "commit refs/heads/main\nmark :{mark}\ncommitter Bench <bench@example.gov> {} -0500\ndata {}\n{message}\n",
            1_600_000_000 + mark * 60,
            message.len()
        );
        if mark > 1 {
            text.push_str(&format!("from :{}\n", mark - 1));
        }
        for (path, body) in files {
            text.push_str(&format!(
                "M 100644 inline {path}\ndata {}\n{body}\n",
                body.len()
            ));
        }
        stream
            .write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    };
    emit(
        1,
        "Import the site",
        &mut (0..pages).map(|i| (page_path(i), page(i, 0))),
    );
    for mark in 2..=commits {
        let index = (mark * 7919) % pages;
        emit(
            mark,
            &format!("Update Page {index}"),
            &mut std::iter::once((page_path(index), page(index, mark))),
        );
    }
    drop(stream);
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "fast-import failed");
    git(dir, &["reset", "-q", "--hard", "main"]);
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn report(what: &str, ours: Duration, theirs: Duration) {
    println!(
        "{what:<40} postwright {:>9.2} ms   git {:>9.2} ms   ratio {:.2}×",
        ours.as_secs_f64() * 1e3,
        theirs.as_secs_f64() * 1e3,
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}

fn main() {
    let pages = env_number("PAGES", 4_000);
    let commits = env_number("COMMITS", 20_000);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let root = dir.path();
    let start = Instant::now();
    generate(root, pages, commits);
    println!(
        "generated {pages} pages, {commits} commits in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let who = Identity {
        name: "Bench".into(),
        email: "bench@example.gov".into(),
    };
    // Warm both (the first status refreshes the index's stat data).
    git(root, &["status", "--porcelain"]);
    let repo = SiteRepo::discover(root).unwrap_or_else(|e| panic!("{e}"));
    let _ = repo.status();

    let runs = 15;
    let ours = time(runs, || {
        let _ = repo.status().unwrap_or_else(|e| panic!("{e}"));
    });
    let theirs = time(runs, || {
        git(root, &["status", "--porcelain"]);
    });
    report("status, clean tree", ours, theirs);

    for i in 0..5 {
        std::fs::write(root.join(page_path(i)), page(i, 999_999)).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(root.join("content/news/new-page.md"), page(pages, 0))
        .unwrap_or_else(|e| panic!("{e}"));
    let ours = time(runs, || {
        let changes = repo.status().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(changes.len(), 6);
    });
    let theirs = time(runs, || {
        git(root, &["status", "--porcelain"]);
    });
    report("status, 5 edits and a new page", ours, theirs);

    // Commit one page, as "commit this post" does (`git commit --only`).
    let mut revision = 1_000_000;
    let path = page_path(pages / 2);
    let mut edit = || {
        revision += 1;
        std::fs::write(root.join(&path), page(pages / 2, revision))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    let ours = time(runs, || {
        edit();
        repo.commit("Update one page", std::slice::from_ref(&path), &who)
            .unwrap_or_else(|e| panic!("{e}"));
    });
    let theirs = time(runs, || {
        edit();
        git(
            root,
            &[
                "commit",
                "-q",
                "--only",
                "-m",
                "Update one page",
                "--",
                &path,
            ],
        );
    });
    report("commit one page (others left uncommitted)", ours, theirs);
    println!("(editing the file is inside both timings; medians of {runs} runs)");
}
