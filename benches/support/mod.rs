//! What the benchmarks share: timing, and the copy of the corpus that Hugo can load.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use postwright::front_matter::{body_start, FrontMatter};
use postwright::shortcode::{parse_body, parse_body_with, InnerUse};

/// The fastest of `runs` runs of `f`, and the last run's result.
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.unwrap_or_else(|| unreachable!()))
}

/// A writable copy of the corpus that Hugo can build: no theme or Git info (the corpus has
/// neither), a stub template that prints nothing for each shortcode it uses (mentioning
/// `.Inner` for those the corpus closes, as Hugo requires), and without the pages Hugo refuses:
/// duplicate front-matter keys, or a shortcode called both closed and unclosed.
pub fn hugo_ready_copy(corpus: &Path) -> tempfile::TempDir {
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
    let config = dir.path().join("config.yml");
    let text = std::fs::read_to_string(&config)
        .unwrap_or_default()
        .replace("enableGitInfo: true", "enableGitInfo: false");
    std::fs::write(&config, text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.path().join("themes/digital.gov"))
        .unwrap_or_else(|e| panic!("{e}"));

    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(dir.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if FrontMatter::parse(&source).is_err() {
                let _ = std::fs::remove_file(entry.path());
            } else {
                pages.push((entry.path().to_path_buf(), source));
            }
        }
    }
    let closed: HashSet<String> = pages
        .iter()
        .flat_map(|(_, source)| {
            let parsed = parse_body(&source[body_start(source)..]);
            parsed
                .calls()
                .iter()
                .filter(|c| c.close_tag.is_some())
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    let shortcodes = dir.path().join("layouts/shortcodes");
    std::fs::create_dir_all(&shortcodes).unwrap_or_else(|e| panic!("{e}"));
    let names = std::fs::read_to_string(corpus.join("../shortcodes.txt")).unwrap_or_default();
    for name in names.lines().filter_map(|l| l.split_whitespace().nth(1)) {
        let stub = if closed.contains(name) {
            "{{ if false }}{{ .Inner }}{{ end }}"
        } else {
            ""
        };
        std::fs::write(shortcodes.join(format!("{name}.html")), stub)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let rule = |name: &str| {
        if closed.contains(name) {
            InnerUse::Required
        } else {
            InnerUse::Forbidden
        }
    };
    for (path, source) in &pages {
        if !parse_body_with(&source[body_start(source)..], &rule)
            .errors
            .is_empty()
        {
            let _ = std::fs::remove_file(path);
        }
    }
    dir
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
