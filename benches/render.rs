//! Render benchmark: every page body of the real corpus through the preview pipeline with the
//! site's real shortcode templates (digital.gov's theme), against the real Hugo building the
//! same copy (target: at most 0.2 of Hugo's time). Also prints the median and the largest
//! body's render time. A row of `make bench`; asserts nothing.
//!
//! Run with `cargo bench --bench render` (POSTWRIGHT_CORPUS must point at the corpus, HUGO at
//! a Hugo binary; `make bench` sets both). Without the theme beside the corpus
//! (`POSTWRIGHT_DIGITALGOV_THEME`), the site's own layouts are used.

#[allow(dead_code)]
mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use postwright::front_matter::body_start;
use postwright::render::render_page;
use postwright::site::Site;

use support::{digitalgov_theme, ms, ms_all, real_theme_copy, row, runs, samples, Target};

fn main() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS").map(PathBuf::from) else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let theme = digitalgov_theme(&corpus);
    let copy = real_theme_copy(&corpus, theme.as_deref());
    let site = Site::open(copy.path()).unwrap_or_else(|e| panic!("{e}"));
    let content = site.content_root();
    let pages: Vec<(String, String)> = site
        .index
        .pages
        .iter()
        .filter_map(|page| {
            let source = std::fs::read_to_string(content.join(&page.path)).ok()?;
            Some((page.path.clone(), source[body_start(&source)..].to_string()))
        })
        .collect();
    let Some((first_path, first_body)) = pages.first() else {
        println!("no pages in {}", corpus.display());
        return;
    };
    // The first render loads the site's templates and data; the figures are for renders after.
    let load = Instant::now();
    render_page(&site, first_path, first_body);
    println!(
        "load    templates, data and settings in {:>8.1} ms ({})",
        ms(load.elapsed()),
        theme
            .as_ref()
            .map_or("the site's own layouts".into(), |t| format!(
                "shortcodes of {}",
                t.display()
            ))
    );

    // Per page, from the last run: time and body size.
    let mut times: Vec<(Duration, usize)> = Vec::with_capacity(pages.len());
    let (totals, html_bytes) = samples(runs(), || {
        times.clear();
        let mut bytes = 0;
        for (path, body) in &pages {
            let start = Instant::now();
            bytes += render_page(&site, path, body).html.len();
            times.push((start.elapsed(), body.len()));
        }
        bytes
    });
    let count = pages.len();
    let mut sorted: Vec<Duration> = times.iter().map(|(t, _)| *t).collect();
    sorted.sort();
    println!(
        "render  {count} page bodies, {:.1} MB of HTML, one thread; median page {:.3} ms",
        html_bytes as f64 / 1e6,
        ms(sorted[sorted.len() / 2])
    );
    if let Some((time, len)) = times.iter().max_by_key(|(_, len)| *len) {
        println!(
            "largest body ({:.0} kB) in {:.3} ms",
            *len as f64 / 1000.0,
            ms(*time)
        );
    }
    let name = format!("render {count} page bodies, real shortcodes (vs hugo build)");
    let Some(hugo) = std::env::var_os("HUGO") else {
        println!("hugo comparison skipped: HUGO not set (make bench sets it)");
        row(&name, "ms", &ms_all(&totals), None, Target::None);
        return;
    };
    let public = copy.path().join("public");
    let mut failed = None;
    let (hugo_times, _) = samples(runs(), || {
        let _ = std::fs::remove_dir_all(&public);
        let out = Command::new(&hugo)
            .args(["--renderToMemory", "--quiet", "--source"])
            .arg(copy.path())
            .output();
        match out {
            Ok(out) if out.status.success() => {}
            Ok(out) => {
                failed = Some(
                    (String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr))
                        .lines()
                        .filter(|l| l.starts_with("ERROR"))
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" / "),
                )
            }
            Err(e) => failed = Some(format!("hugo could not run: {e}")),
        }
    });
    match failed {
        Some(why) => {
            println!("hugo build failed: {why}");
            row(&name, "ms", &ms_all(&totals), None, Target::None);
        }
        None => row(
            &name,
            "ms",
            &ms_all(&totals),
            Some(&ms_all(&hugo_times)),
            Target::RatioAtMost(0.2),
        ),
    }
}
