//! Render benchmark: every page of the real corpus through the preview pipeline,
//! against the real Hugo building the same copy. Prints pages/s for both, the ratio (target
//! <= 0.3 of Hugo's time), and the median and the largest body's render time; asserts nothing.
//!
//! Run with `cargo bench --bench render` (POSTWRIGHT_CORPUS must point at the corpus, HUGO at
//! a Hugo binary; `make bench` sets both).

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use postwright::front_matter::body_start;
use postwright::render::render_page;
use postwright::site::Site;

use support::{best_of, hugo_ready_copy, ms};

fn main() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS").map(PathBuf::from) else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let copy = hugo_ready_copy(&corpus);
    let site = Site::open(copy.path()).unwrap_or_else(|e| panic!("{e}"));
    let content = site.content_root();
    let pages: Vec<(String, String, usize)> = site
        .index
        .pages
        .iter()
        .filter_map(|page| {
            let source = std::fs::read_to_string(content.join(&page.path)).ok()?;
            let body = source[body_start(&source)..].to_string();
            // Sized by body: a page that is all front matter (digital.gov's 114 kB redirect
            // list) renders nothing and reads no file.
            let len = body.len();
            Some((page.path.clone(), body, len))
        })
        .collect();
    let Some((first_path, first_body, _)) = pages.first() else {
        println!("no pages in {}", corpus.display());
        return;
    };
    // The first render loads the site's templates and data; the figures are for renders after.
    let load = Instant::now();
    render_page(&site, first_path, first_body);
    println!(
        "load    templates, data and settings in {:>8.1} ms",
        ms(load.elapsed())
    );

    // Per page, from the last run: time, page size in bytes, index.
    let mut times: Vec<(Duration, usize, usize)> = Vec::with_capacity(pages.len());
    let (total, html_bytes) = best_of(3, || {
        times.clear();
        let mut bytes = 0;
        for (i, (path, body, page_len)) in pages.iter().enumerate() {
            let start = Instant::now();
            bytes += render_page(&site, path, body).html.len();
            times.push((start.elapsed(), *page_len, i));
        }
        bytes
    });
    let count = pages.len();
    println!(
        "render  {count} pages in {:>8.1} ms  ({:.0} pages/s, {:.1} MB of HTML, one thread)",
        ms(total),
        count as f64 / total.as_secs_f64(),
        html_bytes as f64 / 1e6
    );
    let mut sorted: Vec<Duration> = times.iter().map(|(t, _, _)| *t).collect();
    sorted.sort();
    println!("median  page in {:>8.3} ms", ms(sorted[sorted.len() / 2]));
    if let Some((time, len, _)) = times.iter().max_by_key(|(_, len, _)| *len) {
        println!(
            "largest body ({:.0} kB) in {:>8.3} ms",
            *len as f64 / 1000.0,
            ms(*time)
        );
    }
    if let Some((time, len, i)) = times.iter().max_by_key(|(time, _, _)| *time) {
        println!(
            "slowest page {} ({:.0} kB) in {:>8.3} ms",
            pages[*i].0,
            *len as f64 / 1000.0,
            ms(*time)
        );
    }
    let Some(hugo) = std::env::var_os("HUGO") else {
        println!("hugo comparison skipped: HUGO not set (make bench sets it)");
        return;
    };
    // Hugo renders a page's content only when a layout asks for it: a content-only layout.
    let layouts = copy.path().join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap_or_else(|e| panic!("{e}"));
    for name in ["single.html", "list.html"] {
        std::fs::write(layouts.join(name), "{{ .Content }}\n").unwrap_or_else(|e| panic!("{e}"));
    }
    let public = copy.path().join("public");
    let (hugo_time, output) = best_of(3, || {
        let _ = std::fs::remove_dir_all(&public);
        Command::new(&hugo)
            .args(["--renderToMemory", "--source"])
            .arg(copy.path())
            .output()
    });
    match output {
        Ok(out) if out.status.success() => {
            println!(
                "hugo    build in {:>8.1} ms  ({:.0} pages/s, all cores)",
                ms(hugo_time),
                count as f64 / hugo_time.as_secs_f64()
            );
            println!(
                "ratio   postwright / hugo = {:.3} (target <= 0.3)",
                total.as_secs_f64() / hugo_time.as_secs_f64()
            );
        }
        Ok(out) => println!(
            "hugo build failed: {}",
            (String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr))
                .lines()
                .filter(|l| l.starts_with("ERROR"))
                .take(3)
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        Err(e) => println!("hugo could not run: {e}"),
    }
}
