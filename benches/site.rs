//! Site-awareness benchmark: index and check the real corpus, and compare the index with
//! `hugo list all` on the same content. Prints figures and ratios; asserts nothing.
//!
//! Run with `cargo bench --bench site` (POSTWRIGHT_CORPUS must point at the corpus, HUGO at
//! a Hugo binary; `make bench` sets both).

mod support;

use std::path::PathBuf;
use std::process::Command;

use postwright::check::check_site;
use postwright::site::Site;

use support::{best_of, hugo_ready_copy, ms};

fn main() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS").map(PathBuf::from) else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let (index_time, site) = best_of(5, || Site::open(&corpus).unwrap_or_else(|e| panic!("{e}")));
    let pages = site.index.pages.len();
    println!("index   {pages} pages in {:>8.1} ms  ({:.0} pages/s)", ms(index_time), pages as f64 / index_time.as_secs_f64());
    let (check_time, findings) = best_of(3, || check_site(&site));
    println!("check   {pages} pages in {:>8.1} ms  ({} findings; target < 1000 ms)", ms(check_time), findings.len());

    let Some(hugo) = std::env::var_os("HUGO") else {
        println!("hugo comparison skipped: HUGO not set (make bench sets it)");
        return;
    };
    let copy = hugo_ready_copy(&corpus);
    let (hugo_time, output) = best_of(3, || Command::new(&hugo).args(["list", "all"]).current_dir(copy.path()).output());
    match output {
        Ok(out) if out.status.success() => {
            let listed = out.stdout.iter().filter(|b| **b == b'\n').count().saturating_sub(1);
            println!("hugo list all: {listed} pages in {:>8.1} ms", ms(hugo_time));
            println!("ratio   index / hugo list all = {:.3} (target <= 0.1)", index_time.as_secs_f64() / hugo_time.as_secs_f64());
        }
        Ok(out) => println!("hugo list all failed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or_default()),
        Err(e) => println!("hugo could not run: {e}"),
    }
}
