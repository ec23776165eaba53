//! Findings benchmark: `check --changed-since` after a one-page change on a Git copy of the
//! corpus (the page most refs lead to, so its referrers are checked too), against the whole
//! site's check. Prints figures; asserts nothing.
//!
//! Run with `cargo bench --bench findings` (POSTWRIGHT_CORPUS must point at the corpus;
//! `make bench` sets it).

// Only the timing helpers are used here.
#[allow(dead_code)]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use postwright::site::RefResolution;
use postwright::Workspace;

use support::{best_of, ms};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.gov",
        ])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn main() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS").map(PathBuf::from) else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let status = Command::new("cp")
        .arg("-r")
        .arg(corpus.join("."))
        .arg(dir.path())
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "copying the corpus failed"
    );
    let _ = Command::new("chmod")
        .args(["-R", "u+w"])
        .arg(dir.path())
        .status();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "corpus"]);

    let ws = Workspace::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    // The page most refs lead to.
    let index = &ws.site().index;
    let mut targets: BTreeMap<String, usize> = BTreeMap::new();
    for page in &index.pages {
        for r in &page.refs {
            if let RefResolution::Found { path, .. } =
                index.resolve_ref(&page.path, &r.target, r.lang.as_deref(), true)
            {
                *targets.entry(path).or_default() += 1;
            }
        }
    }
    let Some((target, refs)) = targets.into_iter().max_by_key(|(_, n)| *n) else {
        println!("skipping: no page of the corpus is a ref target");
        return;
    };
    let file = ws.site().content_root().join(&target);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, format!("{text}\nOne more line.\n")).unwrap_or_else(|e| panic!("{e}"));

    let pages = ws.site().index.pages.len();
    let (changed_time, changed) = best_of(5, || {
        ws.check_changed_since("main")
            .unwrap_or_else(|e| panic!("{e}"))
    });
    println!(
        "changed-since  1 page changed ({target}, {refs} refs lead to it): {} pages checked in {:>8.1} ms ({} findings)",
        changed.checked.len(),
        ms(changed_time),
        changed.check.findings.len() + changed.check.unpublished.len()
    );
    let (site_time, all) = best_of(3, || postwright::check::check_site(ws.site()));
    println!(
        "whole site     {pages} pages checked in {:>8.1} ms ({} findings)",
        ms(site_time),
        all.len()
    );
}
