//! Front-matter throughput over the digital.gov corpus: parse, and parse + edit + verify, in
//! files per second. A figure to watch, not a test: nothing here can fail on speed.
//!
//! Run: `POSTWRIGHT_CORPUS=/path/to/digitalgov cargo bench --bench front_matter`

use std::path::Path;
use std::time::Instant;

use postwright::front_matter::{apply_edits, FieldEdit, FrontMatter};

fn main() {
    let Ok(root) = std::env::var("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let sources: Vec<String> = walkdir::WalkDir::new(Path::new(&root).join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let bytes: usize = sources.iter().map(|s| s.len()).sum();
    println!("{} files, {:.1} MB", sources.len(), bytes as f64 / 1e6);

    let rounds = 5;
    let started = Instant::now();
    let mut parsed = 0;
    for _ in 0..rounds {
        parsed += sources
            .iter()
            .filter(|s| FrontMatter::parse(s).is_ok())
            .count();
    }
    report("parse", rounds * sources.len(), started);
    assert!(parsed > 0);

    let edit = [FieldEdit::Set {
        key: "summary".into(),
        value: serde_json::json!("A new summary: with \"quotes\""),
    }];
    let started = Instant::now();
    let mut edited = 0;
    for _ in 0..rounds {
        edited += sources
            .iter()
            .filter(|s| apply_edits(s, &edit).is_ok())
            .count();
    }
    report(
        "set summary (parse, edit, re-parse, verify)",
        rounds * sources.len(),
        started,
    );
    assert!(edited > 0);
}

fn report(what: &str, files: usize, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{what:<45} {:>10.0} files/s  ({files} files in {seconds:.2} s)",
        files as f64 / seconds
    );
}
