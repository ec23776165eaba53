//! The accessibility checks (ATAG 2.0 part B) on a fixture site with every rule's cases in
//! every form (tests/fixtures/accessibility), on the sample site, and on the digital.gov
//! corpus; the headings they judge are those the real Hugo prints, shortcodes included.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use postwright::check::{apply_fixes, check_page, check_site, heading_outline, Diagnostic};
use postwright::site::Site;

use crate::support::hugo;

const CODES: [&str; 11] = [
    "missing-alt",
    "alt-file-name",
    "alt-image-of",
    "heading-skip",
    "multiple-h1",
    "link-text-vague",
    "link-text-url",
    "empty-link",
    "empty-button",
    "table-no-header",
    "video-no-title",
];

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/accessibility")
}

fn accessibility(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter(|d| CODES.contains(&d.code))
        .collect()
}

fn rows(found: &[Diagnostic]) -> Vec<String> {
    found
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d.path, d.line, d.column, d.severity, d.code
            )
        })
        .collect()
}

#[test]
fn fixture_findings_are_exactly_these() {
    let site = Site::open(&fixture()).unwrap();
    let found = accessibility(check_site(&site));
    let p = "posts/cases.md";
    let expected = [
        "5:12 warning link-text-vague",   // [click here](/x)
        "5:30 warning link-text-vague",   // [Read more.](/y)
        "5:48 info link-text-url",        // [https://example.gov](…)
        "5:95 info link-text-url",        // <https://example.gov/auto>
        "7:1 warning missing-alt",        // ![](/images/a.png)
        "9:1 warning alt-file-name",      // ![chart.png](…)
        "11:1 info alt-image-of",         // ![Image of a bar chart…](…)
        "17:1 warning heading-skip",      // ### after the body's #
        "21:1 warning heading-skip",      // h4 printed by section-heading after its h2
        "27:1 warning multiple-h1",       // the second #
        "31:1 warning missing-alt",       // img whose data/images file has no alt
        "33:1 warning missing-alt",       // legacy-img with neither alt nor caption
        "37:1 info alt-image-of",         // legacy-img alt="Picture of …"
        "39:1 warning missing-alt",       // Hugo's figure without alt
        "41:1 warning missing-alt",       // <img> without alt (alt="" is decoration)
        "45:4 warning empty-link",        // <a href="/empty"></a>
        "45:133 warning link-text-vague", // <a>here</a>
        "47:1 warning empty-button",      // <button></button>
        "49:1 warning table-no-header",   // <table> without <th>
        "53:1 warning table-no-header",   // Markdown table with an empty header row
        "61:1 warning video-no-title",    // the site's gov-video without title
        "65:1 warning video-no-title",    // Hugo's youtube without title ("YouTube video")
        "69:1 warning video-no-title",    // <iframe> without title
    ]
    .map(|row| format!("{p}:{row}"));
    assert_eq!(rows(&found), expected);
    // Positions and messages say which shortcode printed what.
    let skip = &found[8];
    assert_eq!(
        skip.message,
        "heading level skipped: `h4` (“Skipped in a shortcode”) after `h2` (printed by shortcode `section-heading`); use `h3` so readers can follow the outline"
    );
    // Only the "image of…" findings whose alt text is written in the page have a fix.
    let fixable: Vec<_> = found.iter().filter(|d| d.fix.is_some()).collect();
    assert_eq!(
        fixable.iter().map(|d| (d.line, d.code)).collect::<Vec<_>>(),
        [(11, "alt-image-of"), (37, "alt-image-of")]
    );
}

#[test]
fn image_of_fixes_drop_the_prefix_and_touch_nothing_else() {
    let site = Site::open(&fixture()).unwrap();
    let path = fixture().join("content/posts/cases.md");
    let source = std::fs::read_to_string(&path).unwrap();
    let found: Vec<_> = check_page(&site, "posts/cases.md", &source)
        .into_iter()
        .filter(|d| d.code == "alt-image-of")
        .collect();
    let fixed = apply_fixes(&source, &found).unwrap();
    let changed: Vec<_> = similar::TextDiff::from_lines(source.as_str(), fixed.as_str())
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value()))
        .collect();
    assert_eq!(
        changed,
        [
            "-![Image of a bar chart of visits](/images/visits.png)\n",
            "+![A bar chart of visits](/images/visits.png)\n",
            "-{{< legacy-img src=\"z.png\" alt=\"Picture of a lighthouse\" >}}\n",
            "+{{< legacy-img src=\"z.png\" alt=\"A lighthouse\" >}}\n",
        ]
    );
    let again: Vec<_> = check_page(&site, "posts/cases.md", &fixed)
        .into_iter()
        .filter(|d| d.code == "alt-image-of")
        .collect();
    assert!(again.is_empty(), "{again:?}");
}

/// The headings of Hugo's HTML: (level, text without tags, white space collapsed).
fn hugo_headings(html: &str) -> Vec<(u8, String)> {
    let heading = regex::Regex::new(r"(?s)<h([1-6])[^>]*>(.*?)</h[1-6]>").unwrap();
    let tag = regex::Regex::new(r"<[^>]*>").unwrap();
    heading
        .captures_iter(html)
        .map(|c| {
            let text = tag.replace_all(&c[2], "");
            (
                c[1].parse().unwrap(),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

#[test]
fn the_headings_judged_are_those_hugo_prints_shortcodes_included() {
    let site = Site::open(&fixture()).unwrap();
    let source = std::fs::read_to_string(fixture().join("content/posts/cases.md")).unwrap();
    let ours = heading_outline(&site, "posts/cases.md", &source);
    let described: Vec<_> = ours
        .iter()
        .map(|h| {
            format!(
                "{}:{} h{} {} {}",
                h.line,
                h.column,
                h.level,
                h.text,
                h.shortcode.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "15:1 h1 A title in the body -",
            "17:1 h3 Skipped a level -",
            "19:1 h2 From a shortcode section-heading",
            "21:1 h4 Skipped in a shortcode section-heading",
            "23:1 h2 Inside a callout callout",
            "27:1 h1 A second title -",
        ]
    );
    let Some(hugo) = hugo() else {
        println!("skipping the Hugo half: no Hugo binary");
        return;
    };
    // Hugo writes a lock file into its source: it builds a copy, not the fixture.
    let copy = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture()) {
        let entry = entry.unwrap();
        let to = copy
            .path()
            .join(entry.path().strip_prefix(fixture()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let public = copy.path().join("public");
    let out = std::process::Command::new(&hugo)
        .arg("--source")
        .arg(copy.path())
        .arg("--destination")
        .arg(&public)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hugo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(public.join("posts/cases/index.html")).unwrap();
    let theirs = hugo_headings(&html);
    let ours: Vec<(u8, String)> = ours.into_iter().map(|h| (h.level, h.text)).collect();
    assert_eq!(ours, theirs);
}

#[test]
fn sample_site_accessibility_findings_are_exactly_these() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let site = Site::open(&root).unwrap();
    let found = accessibility(check_site(&site));
    // The sample site's own `legacy-img` prints `alt` only from its alt param (digital.gov's
    // falls back to the caption): Hugo prints `alt=""` for this one.
    assert_eq!(
        rows(&found),
        ["news/2014/06/2014-06-05-the-importance-of-cross-channel-customer-service-digitalgov-summit-recap.md:13:1 warning missing-alt"]
    );
}

#[test]
fn corpus_counts_per_accessibility_rule() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let site = Site::open(Path::new(&corpus)).unwrap();
    let started = std::time::Instant::now();
    let found = accessibility(check_site(&site));
    let mut counts: BTreeMap<&str, (usize, std::collections::BTreeSet<&str>)> = CODES
        .iter()
        .map(|c| (*c, (0, Default::default())))
        .collect();
    for d in &found {
        if let Some((n, pages)) = counts.get_mut(d.code) {
            *n += 1;
            pages.insert(d.path.as_str());
        }
    }
    println!(
        "corpus accessibility findings ({} pages, whole-site check {:?}):",
        site.index.pages.len(),
        started.elapsed()
    );
    for (code, (n, pages)) in &counts {
        println!("  {code:16} {n:6} findings on {:5} pages", pages.len());
    }
    // digital.gov's `img` reads alt text from data/images: most of its images have it.
    let images = counts["missing-alt"].0;
    assert!(images < found.len(), "{images}");
    assert!(found.iter().all(|d| d.line >= 1 && d.column >= 1));
}

#[test]
fn comments_of_front_matter_that_does_not_parse_are_no_headings() {
    let site = crate::support::TempSite::new();
    let site = Site::open(site.root()).unwrap();
    let text =
        "---\n# View this page at https://digital.gov/x\ntitle: x\ntitle: y\n---\n\n#### Late\n";
    let found = accessibility(check_page(&site, "news/a.md", text));
    assert_eq!(rows(&found), ["news/a.md:7:1 warning heading-skip"]);
}
