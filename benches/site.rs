//! Site-awareness benchmark: index the real corpus as a `postwright index` process against
//! `hugo list all` on the same copy (target: at most 0.1 of Hugo's time), that process's peak
//! memory (target: at most 60 MB), checking the whole corpus (target: at most 0.5 s), and the
//! pickers' term search. Rows of `make bench`; asserts nothing.
//!
//! Run with `cargo bench --bench site` (POSTWRIGHT_CORPUS must point at the corpus, HUGO at
//! a Hugo binary; `make bench` sets both). The peak memory comes from `/usr/bin/time`
//! (Debian package `time`).

#[allow(dead_code)]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use postwright::check::check_site;
use postwright::site::Site;

use support::{best_of, hugo_ready_copy, ms, ms_all, row, runs, samples, Target};

const TIME: &str = "/usr/bin/time";

/// One `postwright index` process over `site`: its wall time and, when `/usr/bin/time` is
/// there, its peak resident memory in MB.
fn index_process(site: &Path, rss_file: &Path) -> (Duration, Option<f64>) {
    let exe = env!("CARGO_BIN_EXE_postwright");
    let with_time = Path::new(TIME).exists();
    let mut command = if with_time {
        let mut c = Command::new(TIME);
        c.args(["-f", "%M", "-o"]).arg(rss_file).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    command
        .args(["index", "--site"])
        .arg(site)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let status = command.status();
    let elapsed = start.elapsed();
    assert!(
        status.as_ref().is_ok_and(|s| s.success()),
        "postwright index failed: {status:?}"
    );
    let rss = with_time
        .then(|| std::fs::read_to_string(rss_file).ok())
        .flatten()
        .and_then(|text| text.trim().lines().last()?.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    (elapsed, rss)
}

fn main() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS").map(PathBuf::from) else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    // The copy Hugo can load, which both index.
    let copy = hugo_ready_copy(&corpus);
    let site_dir = copy.path();
    let rss_file = site_dir.join(".bench-rss");
    // A first run warms the page cache for both.
    index_process(site_dir, &rss_file);
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs() {
        let (time, rss) = index_process(site_dir, &rss_file);
        times.push(ms(time));
        peaks.extend(rss);
    }
    let _ = std::fs::remove_file(&rss_file);

    let site = Site::open(site_dir).unwrap_or_else(|e| panic!("{e}"));
    let pages = site.index.pages.len();
    let index_name = format!("index {pages} pages: postwright index process (vs hugo list all)");
    let hugo_times = std::env::var_os("HUGO").and_then(|hugo| {
        let run = || {
            Command::new(&hugo)
                .args(["list", "all"])
                .current_dir(site_dir)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
        };
        match run() {
            Ok(out) if out.status.success() => {}
            Ok(out) => {
                println!(
                    "hugo list all failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                        .lines()
                        .last()
                        .unwrap_or_default()
                );
                return None;
            }
            Err(e) => {
                println!("hugo could not run: {e}");
                return None;
            }
        }
        Some(samples(runs(), run).0)
    });
    if hugo_times.is_none() {
        println!("hugo comparison skipped (make bench sets HUGO)");
    }
    row(
        &index_name,
        "ms",
        &times,
        hugo_times.as_ref().map(|t| ms_all(t)).as_deref(),
        if hugo_times.is_some() {
            Target::RatioAtMost(0.1)
        } else {
            Target::None
        },
    );
    // A modern site (module mounts, cascades, build options) indexes no slower per page than
    // digital.gov: both opened in this process, per listed-or-unlisted content file.
    match std::env::var_os("POSTWRIGHT_HUGODOCS").map(PathBuf::from) {
        Some(docs) => {
            let per_page = |times: &[std::time::Duration], n: usize| -> Vec<f64> {
                times
                    .iter()
                    .map(|t| t.as_secs_f64() * 1e6 / n.max(1) as f64)
                    .collect()
            };
            let (docs_times, docs_site) = samples(runs(), || {
                Site::open(&docs).unwrap_or_else(|e| panic!("{e}"))
            });
            let docs_pages = docs_site.index.pages.len() + docs_site.index.unlisted.len();
            let (dg_times, _) = samples(runs(), || {
                Site::open(site_dir).unwrap_or_else(|e| panic!("{e}"))
            });
            let dg_pages = site.index.pages.len() + site.index.unlisted.len();
            row(
                &format!("index hugodocs ({docs_pages} files): time per page (vs digital.gov)"),
                "µs",
                &per_page(&docs_times, docs_pages),
                Some(&per_page(&dg_times, dg_pages)),
                Target::RatioAtMost(1.0),
            );
        }
        None => println!("hugodocs index skipped: POSTWRIGHT_HUGODOCS not set"),
    }
    if peaks.is_empty() {
        println!("peak memory not measured: {TIME} missing (apt-get install time)");
    } else {
        row(
            &format!("index {pages} pages: peak RSS of the process"),
            "MB",
            &peaks,
            None,
            Target::AtMost(60.0),
        );
    }

    let (check_times, findings) = samples(runs(), || check_site(&site));
    println!("check   {} findings", findings.len());
    row(
        &format!("check {pages} pages"),
        "ms",
        &ms_all(&check_times),
        None,
        Target::AtMost(500.0),
    );

    let authors = site.index.terms.get("authors").map_or(0, Vec::len);
    for text in ["jo", "rachel flagg", "zz-no-such-author"] {
        let (search_time, hits) =
            best_of(50, || site.index.search_terms("authors", text, 10).len());
        println!(
            "terms   search {authors} authors for {text:?} in {:>8.3} ms  ({hits} shown)",
            ms(search_time)
        );
    }
}
