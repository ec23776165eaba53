//! Site-awareness benchmark: index and check the real corpus, the peak memory of indexing it
//! (in a fresh child process), the pickers' term search, and compare the index with
//! `hugo list all` on the same content. Prints figures and ratios; asserts nothing.
//!
//! Run with `cargo bench --bench site` (POSTWRIGHT_CORPUS must point at the corpus, HUGO at
//! a Hugo binary; `make bench` sets both).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use postwright::check::check_site;
use postwright::site::Site;

use support::{best_of, hugo_ready_copy, ms};

/// Set in the child this benchmark starts to measure the peak memory of one indexing.
const CHILD_ENV: &str = "POSTWRIGHT_BENCH_INDEX_CHILD";

/// A `Vm*:` figure of this process in kB, from `/proc/self/status` (Linux).
fn vm_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// In the child: the peak resident memory before and after indexing, printed for the parent.
fn index_child(corpus: &Path) {
    let before = vm_kb("VmHWM:").unwrap_or(0);
    let site = Site::open(corpus).unwrap_or_else(|e| panic!("{e}"));
    let after = vm_kb("VmHWM:").unwrap_or(0);
    println!("{before} {after} {}", site.index.pages.len());
}

/// Runs this benchmark again as a fresh process that only indexes, so the peak is indexing's.
fn index_peak_memory(corpus: &Path) {
    let Ok(exe) = std::env::current_exe() else {
        println!("memory  skipped: no path to this binary");
        return;
    };
    let out = Command::new(exe)
        .env(CHILD_ENV, "1")
        .env("POSTWRIGHT_CORPUS", corpus)
        .output();
    let text = out
        .as_ref()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let figures: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    match figures.as_slice() {
        [before, after, pages] => println!(
            "memory  indexing {pages} pages: peak RSS {:.1} MiB (process before indexing {:.1} MiB, so +{:.1} MiB)",
            *after as f64 / 1024.0,
            *before as f64 / 1024.0,
            after.saturating_sub(*before) as f64 / 1024.0
        ),
        _ => println!("memory  not measured (no /proc/self/status?): {text}"),
    }
}

fn main() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS").map(PathBuf::from) else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    if std::env::var_os(CHILD_ENV).is_some() {
        index_child(&corpus);
        return;
    }
    let (index_time, site) = best_of(5, || Site::open(&corpus).unwrap_or_else(|e| panic!("{e}")));
    let pages = site.index.pages.len();
    println!(
        "index   {pages} pages in {:>8.1} ms  ({:.0} pages/s)",
        ms(index_time),
        pages as f64 / index_time.as_secs_f64()
    );
    // Issue 17: a modern site (module mounts, cascades, build options) indexes no slower per
    // page than digital.gov.
    match std::env::var_os("POSTWRIGHT_HUGODOCS").map(PathBuf::from) {
        Some(docs) => {
            let (docs_time, docs_site) =
                best_of(5, || Site::open(&docs).unwrap_or_else(|e| panic!("{e}")));
            let docs_pages = docs_site.index.pages.len() + docs_site.index.unlisted.len();
            let per_page =
                |time: std::time::Duration, n: usize| time.as_secs_f64() * 1e6 / n.max(1) as f64;
            let (docs_us, dg_us) = (per_page(docs_time, docs_pages), per_page(index_time, pages));
            println!(
                "index   hugodocs {docs_pages} files in {:>8.1} ms  ({docs_us:.0} µs/page; digital.gov {dg_us:.0} µs/page; ratio {:.2}, target <= 1)",
                ms(docs_time),
                docs_us / dg_us
            );
        }
        None => println!("hugodocs index skipped: POSTWRIGHT_HUGODOCS not set"),
    }
    let (check_time, findings) = best_of(3, || check_site(&site));
    println!(
        "check   {pages} pages in {:>8.1} ms  ({} findings; target < 1000 ms)",
        ms(check_time),
        findings.len()
    );
    index_peak_memory(&corpus);
    let authors = site.index.terms.get("authors").map_or(0, Vec::len);
    for text in ["jo", "rachel flagg", "zz-no-such-author"] {
        let (search_time, hits) =
            best_of(50, || site.index.search_terms("authors", text, 10).len());
        println!(
            "terms   search {authors} authors for {text:?} in {:>8.3} ms  ({hits} shown)",
            ms(search_time)
        );
    }

    let Some(hugo) = std::env::var_os("HUGO") else {
        println!("hugo comparison skipped: HUGO not set (make bench sets it)");
        return;
    };
    let copy = hugo_ready_copy(&corpus);
    let (hugo_time, output) = best_of(3, || {
        Command::new(&hugo)
            .args(["list", "all"])
            .current_dir(copy.path())
            .output()
    });
    match output {
        Ok(out) if out.status.success() => {
            let listed = out
                .stdout
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                .saturating_sub(1);
            println!("hugo list all: {listed} pages in {:>8.1} ms", ms(hugo_time));
            println!(
                "ratio   index / hugo list all = {:.3} (target <= 0.1)",
                index_time.as_secs_f64() / hugo_time.as_secs_f64()
            );
        }
        Ok(out) => println!(
            "hugo list all failed: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or_default()
        ),
        Err(e) => println!("hugo could not run: {e}"),
    }
}
