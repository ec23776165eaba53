//! Git benchmark: status and commit through git2 against the `git` CLI on a generated
//! repository of 4,000 pages and 20,000 commits (target: a ratio of at most 1.0×). Rows of
//! `make bench`; asserts nothing.
//!
//! The repository is generated once (git fast-import) and kept in `target/bench/` beside the
//! workspace; each run starts from its generated state. Run with `cargo bench --bench git`
//! (`PAGES` and `COMMITS` override the sizes; the smoke run uses a tiny one).

#[allow(dead_code)]
mod support;

use std::io::Write;
use std::path::Path;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use postwright::git::{Identity, SiteRepo};

use support::{row, runs, smoke, Target};

/// The tag naming the generated state each run starts from.
const BASE: &str = "bench-base";

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

fn times(runs: usize, mut f: impl FnMut()) -> Vec<f64> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect()
}

/// The generated repository for these sizes, made on first use (into a temporary folder
/// renamed into place, so an interrupted generation is never taken for a finished one).
fn cached_repo(pages: usize, commits: usize) -> PathBuf {
    let bench = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let dir = bench.join(format!("git-{pages}-pages-{commits}-commits"));
    if dir.join(".git").is_dir() {
        println!("reusing {}", dir.display());
        return dir;
    }
    std::fs::create_dir_all(&bench).unwrap_or_else(|e| panic!("{e}"));
    let partial = bench.join(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    generate(&partial, pages, commits);
    git(&partial, &["tag", BASE]);
    std::fs::rename(&partial, &dir).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "generated {pages} pages, {commits} commits in {:.1} s into {}",
        start.elapsed().as_secs_f64(),
        dir.display()
    );
    dir
}

fn main() {
    let (default_pages, default_commits) = if smoke() { (40, 100) } else { (4_000, 20_000) };
    let pages = env_number("PAGES", default_pages);
    let commits = env_number("COMMITS", default_commits);
    let root_buf = cached_repo(pages, commits);
    let root = root_buf.as_path();
    // Back to the generated state (earlier runs committed on top and left edits).
    git(root, &["reset", "-q", "--hard", BASE]);
    git(root, &["clean", "-qfd"]);

    let who = Identity {
        name: "Bench".into(),
        email: "bench@example.gov".into(),
    };
    // Warm both (the first status refreshes the index's stat data).
    git(root, &["status", "--porcelain"]);
    let repo = SiteRepo::discover(root).unwrap_or_else(|e| panic!("{e}"));
    let _ = repo.status();

    let runs = if smoke() { 1 } else { 3 * runs() };
    let size = format!("{pages} pages, {commits} commits");
    let ours = times(runs, || {
        let _ = repo.status().unwrap_or_else(|e| panic!("{e}"));
    });
    let theirs = times(runs, || {
        git(root, &["status", "--porcelain"]);
    });
    report(
        &format!("git status, clean tree ({size}; vs git CLI)"),
        &ours,
        &theirs,
    );

    for i in 0..5.min(pages) {
        std::fs::write(root.join(page_path(i)), page(i, 999_999)).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(root.join("content/news/new-page.md"), page(pages, 0))
        .unwrap_or_else(|e| panic!("{e}"));
    let ours = times(runs, || {
        let changes = repo.status().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(changes.len(), 6.min(pages + 1));
    });
    let theirs = times(runs, || {
        git(root, &["status", "--porcelain"]);
    });
    report(
        &format!("git status, 5 edits and a new page ({size}; vs git CLI)"),
        &ours,
        &theirs,
    );

    // Commit one page, as "commit this post" does (`git commit --only`).
    let mut revision = 1_000_000;
    let path = page_path(pages / 2);
    let mut edit = || {
        revision += 1;
        std::fs::write(root.join(&path), page(pages / 2, revision))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    let ours = times(runs, || {
        edit();
        repo.commit("Update one page", std::slice::from_ref(&path), &who)
            .unwrap_or_else(|e| panic!("{e}"));
    });
    let theirs = times(runs, || {
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
    report(
        &format!("git commit one page, others uncommitted ({size}; vs git CLI)"),
        &ours,
        &theirs,
    );
    println!("(editing the file is inside both timings)");
    git(root, &["reset", "-q", "--hard", BASE]);
    git(root, &["clean", "-qfd"]);
}

fn report(what: &str, ours: &[f64], theirs: &[f64]) {
    row(what, "ms", ours, Some(theirs), Target::RatioAtMost(1.0));
}
