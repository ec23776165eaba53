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

/// How many timed runs each row takes: 5, or `POSTWRIGHT_BENCH_RUNS` (the smoke run in
/// `make test` sets 1).
pub fn runs() -> usize {
    std::env::var("POSTWRIGHT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or(5)
}

/// Whether this is the smoke run (`POSTWRIGHT_BENCH_SMOKE=1`): every row once, on a tiny input.
pub fn smoke() -> bool {
    std::env::var_os("POSTWRIGHT_BENCH_SMOKE").is_some_and(|v| v == "1")
}

/// `runs` timings of `f` (each its own sample), and the last run's result.
pub fn samples<T>(runs: usize, mut f: impl FnMut() -> T) -> (Vec<Duration>, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        last = Some(out);
    }
    (times, last.unwrap_or_else(|| unreachable!()))
}

/// The median of `values` (the lower middle of an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
        .get((sorted.len().max(1) - 1) / 2)
        .copied()
        .unwrap_or(f64::NAN)
}

/// What a row is held to: an upper bound on its value (in its unit) or, for a row measured
/// beside a reference, on the ratio value / reference.
#[derive(Clone, Copy)]
pub enum Target {
    None,
    AtMost(f64),
    RatioAtMost(f64),
}

/// One row of `make bench`'s table: the median of `values` with their min and max, beside the
/// median of `reference` (measured in the same run) when there is one. Printed, and appended
/// as a JSON line to `POSTWRIGHT_BENCH_ROWS` when set (scripts/bench/run.mjs collects them).
pub fn row(name: &str, unit: &str, values: &[f64], reference: Option<&[f64]>, target: Target) {
    let value = median(values);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let reference = reference.map(median);
    let ratio = reference.map(|r| value / r);
    let (bound, on, meets) = match target {
        Target::None => (None, None, None),
        Target::AtMost(b) => (Some(b), Some("value"), Some(value <= b)),
        Target::RatioAtMost(b) => (Some(b), Some("ratio"), ratio.map(|r| r <= b)),
    };
    let json = serde_json::json!({
        "name": name,
        "value": value,
        "unit": unit,
        "min": min,
        "max": max,
        "runs": values.len(),
        "reference": reference,
        "ratio": ratio,
        "target": bound,
        "target_on": on,
        "meets": meets,
    });
    println!("ROW {json}");
    if let Some(file) = std::env::var_os("POSTWRIGHT_BENCH_ROWS") {
        use std::io::Write;
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&file)
            .and_then(|mut f| writeln!(f, "{json}"));
        if let Err(e) = written {
            eprintln!("cannot append to {}: {e}", Path::new(&file).display());
        }
    }
}

/// Milliseconds of each duration.
pub fn ms_all(times: &[Duration]) -> Vec<f64> {
    times.iter().map(|d| ms(*d)).collect()
}

/// The digital.gov theme beside the corpus (`POSTWRIGHT_DIGITALGOV_THEME`, else
/// `digitalgov-theme` next to it), when it is there.
pub fn digitalgov_theme(corpus: &Path) -> Option<std::path::PathBuf> {
    std::env::var_os("POSTWRIGHT_DIGITALGOV_THEME")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(corpus.parent()?.join("digitalgov-theme")))
        .filter(|p| p.join("layouts/shortcodes").is_dir())
}

/// A writable copy of a site that the real Hugo 0.168 builds with the site's real shortcode
/// templates: the theme's `layouts/shortcodes` and `layouts/partials` copied into the site's
/// `layouts/` (plus an empty `tweet`, a built-in Hugo 0.156 removed), Git info off, a
/// content-only page layout (Hugo renders a page's content only when a layout asks for it),
/// and without the pages Hugo refuses: duplicate front-matter keys, and digital.gov's
/// `apis/api-*` pages (their layouts call the theme's page templates). With no theme (the
/// sample site) the site's own layouts stay.
pub fn real_theme_copy(site: &Path, theme: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
        let status = Command::new("cp")
            .arg("-r")
            .arg(from.join("."))
            .arg(to)
            .status();
        assert!(status.is_ok_and(|s| s.success()), "copying {from:?} failed");
    };
    copy(site, dir.path());
    if let Some(theme) = theme {
        for part in ["shortcodes", "partials"] {
            copy(
                &theme.join("layouts").join(part),
                &dir.path().join("layouts").join(part),
            );
        }
        std::fs::write(dir.path().join("layouts/shortcodes/tweet.html"), "")
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.path().join("themes/digital.gov"))
            .unwrap_or_else(|e| panic!("{e}"));
        let layouts = dir.path().join("layouts/_default");
        std::fs::create_dir_all(&layouts).unwrap_or_else(|e| panic!("{e}"));
        for name in ["single.html", "list.html"] {
            std::fs::write(layouts.join(name), "{{ .Content }}\n")
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let _ = Command::new("chmod")
        .args(["-R", "u+w"])
        .arg(dir.path())
        .status();
    let config = dir.path().join("config.yml");
    if let Ok(text) = std::fs::read_to_string(&config) {
        std::fs::write(
            &config,
            text.replace("enableGitInfo: true", "enableGitInfo: false"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    for entry in walkdir::WalkDir::new(dir.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let api_page = entry.path().parent().is_some_and(|p| p.ends_with("apis"))
                && entry.file_name().to_string_lossy().starts_with("api-");
            let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if api_page || FrontMatter::parse(&source).is_err() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    dir
}
