//! The preview against the real Hugo: `fidelity` builds our sample site and the fidelity
//! fixture site with Hugo (layouts printing only `{{ .Content }}`), renders every page with
//! Postwright and compares them; the other tests pin pipeline behaviour Hugo showed us.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use postwright::front_matter::FrontMatter;
use postwright::render::render_page;
use postwright::site::Site;

use crate::support::{cli, copy_tree, csv_fields, hugo, TempSite};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Replaces a site's page layouts with ones printing only `{{ .Content }}` (its shortcodes and
/// partials stay).
pub(crate) fn content_only_layouts(root: &Path) {
    let layouts = root.join("layouts");
    if layouts.is_dir() {
        for entry in std::fs::read_dir(&layouts).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if ["shortcodes", "_shortcodes", "partials", "_partials"].contains(&name.as_str()) {
                continue;
            }
            if path.is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    std::fs::create_dir_all(layouts.join("_default")).unwrap();
    for name in ["single.html", "list.html"] {
        // A trailing newline: Hugo writes no file at all for an empty output.
        std::fs::write(layouts.join("_default").join(name), "{{ .Content }}\n").unwrap();
    }
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Insignificant whitespace goes: runs become one space, none between tags; one tag-to-tag
/// boundary per line so differences read well.
fn normalise(html: &str) -> String {
    let html = crate::content_fidelity::highlight_blocks_as_text(html);
    let html = crate::content_fidelity::processed_image_names_without_hash(&html);
    let collapsed = html.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .replace("> <", "><")
        .replace("><", ">\n<")
        .trim()
        .to_string()
}

struct SiteReport {
    pages: usize,
    identical: usize,
    failures: Vec<String>,
    /// What Hugo printed while building.
    log: String,
}

/// Builds `source` with Hugo in a temp copy and compares every page with our render.
fn compare_site(hugo: &Path, source: &Path) -> SiteReport {
    let temp = tempfile::tempdir().unwrap();
    // POSTWRIGHT_FIDELITY_KEEP=1 leaves the built copies behind for a look.
    let root = &if std::env::var_os("POSTWRIGHT_FIDELITY_KEEP").is_some() {
        temp.keep()
    } else {
        temp.path().to_path_buf()
    };
    copy_tree(source, root);
    content_only_layouts(root);
    compare_built(hugo, root, source)
}

/// Builds the site at `root` (a throw-away copy) with Hugo and compares every page.
fn compare_built(hugo: &Path, root: &Path, source: &Path) -> SiteReport {
    let public = root.join("public");
    let build = Command::new(hugo)
        .arg("--source")
        .arg(root)
        .arg("--destination")
        .arg(&public)
        .output()
        .unwrap();
    // Hugo logs REF_NOT_FOUND and the like as errors yet writes every page; a page it refuses
    // outright stops the whole build, and the test fails on the missing pages.
    let log = String::from_utf8_lossy(&build.stdout).into_owned()
        + &String::from_utf8_lossy(&build.stderr);
    if let Some(error) = log
        .lines()
        .find(|l| l.starts_with("ERROR error building site"))
    {
        eprintln!("hugo refused {}: {error}", source.display());
    }
    let list = Command::new(hugo)
        .arg("list")
        .arg("all")
        .arg("--source")
        .arg(root)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&list.stdout).into_owned();
    let site = Site::open(root).unwrap();
    let base = site.config.base_url.trim_end_matches('/').to_string();
    let mut report = SiteReport {
        pages: 0,
        identical: 0,
        failures: Vec::new(),
        log: log.clone(),
    };
    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    for line in listing.lines().skip(1) {
        let fields = csv_fields(line);
        if fields.len() < 9 {
            continue;
        }
        // Drafts are listed but never built.
        if fields[6] == "true" {
            continue;
        }
        rows.insert(fields[0].clone(), fields[7].clone());
    }
    // Expired and future pages are listed too; those Hugo did not build have nothing to compare.
    let unbuilt: std::collections::HashSet<String> = ["expired", "future"]
        .iter()
        .flat_map(|kind| {
            let out = Command::new(hugo)
                .args(["list", kind, "--source"])
                .arg(root)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .skip(1)
                .filter_map(|line| csv_fields(line).into_iter().next())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        !rows.is_empty(),
        "hugo list all printed no pages for {}:\n{listing}",
        source.display()
    );
    for (path, permalink) in rows {
        let rel = path.strip_prefix("content/").unwrap_or(&path).to_string();
        report.pages += 1;
        let url_path = permalink
            .strip_prefix(&base)
            .unwrap_or(&permalink)
            .to_string();
        let ours = site.index.page(&rel).map(|p| p.permalink.clone());
        if ours.as_deref() != Some(url_path.as_str()) {
            report.failures.push(format!(
                "{rel}: permalink: hugo {url_path:?}, ours {ours:?}"
            ));
            continue;
        }
        let mut file = public.join(percent_decode(url_path.trim_start_matches('/')));
        if url_path.ends_with('/') {
            file = file.join("index.html");
        }
        if unbuilt.contains(&path) && !file.exists() {
            report.pages -= 1;
            continue;
        }
        let Ok(expected) = std::fs::read_to_string(&file) else {
            report
                .failures
                .push(format!("{rel}: hugo wrote no {}", file.display()));
            continue;
        };
        // Another page's alias redirect written over this page's URL: no content to compare.
        if expected.starts_with("<!DOCTYPE html>") {
            report.pages -= 1;
            continue;
        }
        let source_text = std::fs::read_to_string(site.content_root().join(&rel)).unwrap();
        let body = match FrontMatter::parse(&source_text) {
            Ok(fm) => source_text[fm.body_start()..].to_string(),
            Err(e) => panic!("{rel}: {e}"),
        };
        let rendered = render_page(&site, &rel, &body);
        let (want, got) = (normalise(&expected), normalise(&rendered.html));
        if want == got {
            report.identical += 1;
            continue;
        }
        let diff: Vec<String> = want
            .lines()
            .zip(got.lines().chain(std::iter::repeat("<missing>")))
            .filter(|(w, g)| w != g)
            .take(3)
            .map(|(w, g)| format!("    hugo: {w}\n    ours: {g}"))
            .collect();
        let diff = if diff.is_empty() {
            format!(
                "    ours has more: {:?}",
                got.lines().nth(want.lines().count())
            )
        } else {
            diff.join("\n")
        };
        report
            .failures
            .push(format!("{rel}: first differing lines:\n{diff}"));
    }
    report
}

#[test]
fn fidelity() {
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED fidelity: the real Hugo could not be installed (set HUGO or run scripts/hugo.sh)");
        return;
    };
    let sites = [
        repo_root().join("content"),
        repo_root().join("tests/fixtures/fidelity"),
    ];
    let mut total = 0;
    let mut identical = 0;
    let mut failures = Vec::new();
    for site in &sites {
        let report = compare_site(&hugo, site);
        println!(
            "fidelity {}: {}/{} pages identical",
            site.strip_prefix(repo_root()).unwrap_or(site).display(),
            report.identical,
            report.pages
        );
        total += report.pages;
        identical += report.identical;
        failures.extend(report.failures);
    }
    let share = 100.0 * identical as f64 / total.max(1) as f64;
    println!("fidelity: {identical}/{total} pages identical to Hugo ({share:.1}%)");
    for failure in &failures {
        println!("  {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} page(s) differ from Hugo",
        failures.len()
    );
}

/// The fidelity fixture built again under other Markdown settings: each TOML overlay is merged
/// into the fixture's hugo.toml (keys spelled as in Hugo's docs; Hugo reads them in any case).
/// The fixture itself sets `enableEmoji = true`; everything else starts from Hugo's defaults.
const VARIANTS: &[(&str, &str)] = &[
    (
        "typographer-off",
        "[markup.goldmark.extensions.typographer]\ndisable = true",
    ),
    (
        "typographer-strings",
        "[markup.goldmark.extensions.typographer]\n\
         leftSingleQuote = '&sbquo;'\nrightSingleQuote = '&lsquo;'\n\
         leftDoubleQuote = '&bdquo;'\nrightDoubleQuote = '“'\n\
         enDash = '-'\nemDash = '&#8212;'\nellipsis = '...'\n\
         leftAngleQuote = '&lsaquo;'\nrightAngleQuote = '&rsaquo;'\napostrophe = \"'\"",
    ),
    (
        "linkify-off",
        "[markup.goldmark.extensions]\nlinkify = false",
    ),
    (
        "linkify-http",
        "[markup.goldmark.extensions]\nlinkifyProtocol = 'http'",
    ),
    ("table-off", "[markup.goldmark.extensions]\ntable = false"),
    (
        "strikethrough-off",
        "[markup.goldmark.extensions]\nstrikethrough = false",
    ),
    (
        "tasklist-off",
        "[markup.goldmark.extensions]\ntaskList = false",
    ),
    (
        "definitionlist-off",
        "[markup.goldmark.extensions]\ndefinitionList = false",
    ),
    (
        "footnote-off",
        "[markup.goldmark.extensions.footnote]\nenable = false",
    ),
    (
        "footnote-backlink",
        "[markup.goldmark.extensions.footnote]\nbacklinkHTML = '<b>back</b>'",
    ),
    (
        "footnote-autoidprefix",
        "[markup.goldmark.extensions.footnote]\nenableAutoIDPrefix = true",
    ),
    (
        "autoheadingid-off",
        "[markup.goldmark.parser]\nautoHeadingID = false",
    ),
    (
        "autoidtype-github-ascii",
        "[markup.goldmark.parser]\nautoIDType = 'github-ascii'",
    ),
    (
        "autoidtype-blackfriday",
        "[markup.goldmark.parser]\nautoIDType = 'blackfriday'",
    ),
    // The key's name before Hugo 0.144, still honoured.
    (
        "autoheadingidtype-legacy",
        "[markup.goldmark.parser]\nautoHeadingIDType = 'blackfriday'",
    ),
    (
        "autodefinitiontermid",
        "[markup.goldmark.parser]\nautoDefinitionTermID = true",
    ),
    (
        "attribute-title-off",
        "[markup.goldmark.parser.attribute]\ntitle = false",
    ),
    (
        "attribute-block",
        "[markup.goldmark.parser.attribute]\nblock = true",
    ),
    (
        "standalone-image-unwrapped",
        "[markup.goldmark.parser]\nwrapStandAloneImageWithinParagraph = false",
    ),
    ("unsafe", "[markup.goldmark.renderer]\nunsafe = true"),
    ("unsafe-off", "[markup.goldmark.renderer]\nunsafe = false"),
    ("hardwraps", "[markup.goldmark.renderer]\nhardWraps = true"),
    ("cjk", "[markup.goldmark.extensions.cjk]\nenable = true"),
    (
        "cjk-eastasianlinebreaks",
        "[markup.goldmark.extensions.cjk]\nenable = true\neastAsianLineBreaks = true",
    ),
    (
        "cjk-eastasianlinebreaks-css3draft",
        "[markup.goldmark.extensions.cjk]\nenable = true\neastAsianLineBreaks = true\n\
         eastAsianLineBreaksStyle = 'css3draft'",
    ),
    (
        "cjk-escapedspace",
        "[markup.goldmark.extensions.cjk]\nenable = true\nescapedSpace = true",
    ),
    ("xhtml", "[markup.goldmark.renderer]\nxhtml = true"),
    (
        "xhtml-hardwraps-unwrapped",
        "[markup.goldmark.renderer]\nxhtml = true\nhardWraps = true\n\
     [markup.goldmark.parser]\nwrapStandAloneImageWithinParagraph = false",
    ),
    ("emoji-on", "enableEmoji = true"),
    ("emoji-off", "enableEmoji = false"),
    ("codefences-off", "[markup.highlight]\ncodeFences = false"),
    (
        "extras",
        "[markup.goldmark.extensions.extras]\n\
         delete.enable = true\ninsert.enable = true\nmark.enable = true\n\
         subscript.enable = true\nsuperscript.enable = true",
    ),
    (
        "passthrough",
        "[markup.goldmark.extensions.passthrough]\nenable = true\n\
         [markup.goldmark.extensions.passthrough.delimiters]\n\
         block = [['\\[', '\\]'], ['$$', '$$']]\ninline = [['\\(', '\\)'], ['$', '$']]",
    ),
    (
        "passthrough-custom",
        "[markup.goldmark.extensions.passthrough]\nenable = true\n\
         [markup.goldmark.extensions.passthrough.delimiters]\n\
         block = [['@@start', 'end@@']]\ninline = [['%%', '%%']]",
    ),
];

/// Deep-merges `overlay` into `base` (tables merge, anything else is replaced).
fn merge_toml(base: &mut toml_edit::Table, overlay: &toml_edit::Table) {
    for (key, item) in overlay.iter() {
        match (base.get_mut(key), item) {
            (Some(toml_edit::Item::Table(into)), toml_edit::Item::Table(from)) => {
                merge_toml(into, from)
            }
            _ => {
                base.insert(key, item.clone());
            }
        }
    }
}

#[test]
fn fidelity_variants() {
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED fidelity_variants: the real Hugo could not be installed (set HUGO or run scripts/hugo.sh)");
        return;
    };
    let fixture = repo_root().join("tests/fixtures/fidelity");
    let base_config = std::fs::read_to_string(fixture.join("hugo.toml")).unwrap();
    let mut failures = Vec::new();
    for (name, overlay) in VARIANTS {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        copy_tree(&fixture, root);
        let mut config: toml_edit::DocumentMut = base_config.parse().unwrap();
        let overlay: toml_edit::DocumentMut = overlay
            .parse()
            .unwrap_or_else(|e| panic!("variant {name}: {e}"));
        merge_toml(config.as_table_mut(), overlay.as_table());
        std::fs::write(root.join("hugo.toml"), config.to_string()).unwrap();
        content_only_layouts(root);
        let report = compare_built(&hugo, root, &fixture);
        println!(
            "fidelity variant {name}: {}/{} identical",
            report.identical, report.pages
        );
        failures.extend(report.failures.into_iter().map(|f| format!("[{name}] {f}")));
    }
    for failure in &failures {
        println!("  {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} page(s) differ from Hugo across the variants",
        failures.len()
    );
}

#[test]
fn cli_render_prints_the_content_html() {
    let site = TempSite::new();
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\n---\n## Hello \"World\"\n\n{{< ref \"b.md\" >}}\n",
    );
    site.write("content/posts/b.md", "---\ntitle: B\n---\nB\n");
    let out = cli()
        .arg("render")
        .arg("--site")
        .arg(site.root())
        .arg(site.root().join("content/posts/a.md"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "<h2 id=\"hello-world\">Hello &ldquo;World&rdquo;</h2>\n/posts/b/\n"
    );
}

#[test]
fn shortcode_errors_are_inline_boxes_with_positions() {
    let site = TempSite::new();
    site.write("content/posts/a.md", "---\ntitle: A\n---\n");
    let site = Site::open(site.root()).unwrap();
    let rendered = render_page(
        &site,
        "posts/a.md",
        "Intro\n\n{{< nosuch >}}\n\n{{< d a=\"x\" \"pos\" >}}\n\n{{< tweet 1 >}}\n",
    );
    let messages: Vec<_> = rendered
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert!(
        messages.contains(&(
            3,
            1,
            "failed to extract shortcode: template for shortcode \"nosuch\" not found"
        )),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(l, _, m)| *l == 5 && m.contains("Cannot mix named and positional")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(l, _, m)| *l == 7 && m.contains("removed in v0.156.0")),
        "{messages:?}"
    );
    assert!(
        rendered.html.contains(
            "<div class=\"postwright-error\" role=\"alert\" data-line=\"3\" data-column=\"1\">"
        ),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains("<p>Intro</p>"));
}

/// Shortcodes whose stub must take inner content (digital.gov's templates read `.Inner`).
const CORPUS_INNER_SHORTCODES: &[&str] = &[
    "accordion",
    "box",
    "card-policy",
    "card-prompt",
    "checkbox",
    "checkbox-sublist-item",
    "checklist",
    "checklist-sublist",
    "do-dont-table",
    "do-row",
    "dont-row",
    "footnote",
    "highlight",
    "note",
    "ring",
    "row",
];

/// A temp copy of the real-content corpus Hugo can build: the config without theme, modules,
/// git info and extra outputs; a stub template for each shortcode it uses; content-only layouts.
pub fn corpus_site(corpus: &Path) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    copy_tree(&corpus.join("content"), &root.join("content"));
    copy_tree(&corpus.join("data"), &root.join("data"));
    std::fs::write(root.join("config.yml"), buildable_config(corpus)).unwrap();
    let list = std::fs::read_to_string(corpus.join("../shortcodes.txt")).unwrap_or_default();
    let shortcodes = root.join("layouts/shortcodes");
    std::fs::create_dir_all(&shortcodes).unwrap();
    for name in list.lines().filter_map(|l| l.split_whitespace().nth(1)) {
        if matches!(name, "ref" | "relref" | "tweet") {
            continue;
        }
        let stub = if CORPUS_INNER_SHORTCODES.contains(&name) {
            format!(
                "<div class=\"sc-{name}\" data-ord=\"{{{{ .Ordinal }}}}\">{{{{ .Inner }}}}</div>\n"
            )
        } else {
            format!("<span class=\"sc-{name}\" data-ord=\"{{{{ .Ordinal }}}}\"></span>\n")
        };
        std::fs::write(shortcodes.join(format!("{name}.html")), stub).unwrap();
    }
    content_only_layouts(root);
    if let Some(hugo) = hugo() {
        // A refusal not tied to a page is left for the tests to meet.
        let _ = crate::content_fidelity::try_build_dropping_refused(&hugo, root);
    }
    temp
}

/// digital.gov's config as Hugo can build a copy of the content alone: without the theme,
/// modules, Git info and the outputs its page layouts would need.
pub(crate) fn buildable_config(corpus: &Path) -> String {
    let config = std::fs::read_to_string(corpus.join("config.yml")).unwrap();
    let dropped = [
        "theme",
        "themesDir",
        "module",
        "outputs",
        "outputFormats",
        "enableGitInfo",
        "sitemap",
        "menu",
        "security",
    ];
    let mut kept = String::new();
    let mut skipping = false;
    for line in config.lines() {
        let top_key = (!line.starts_with([' ', '\t', '-', '#']) && line.contains(':'))
            .then(|| line.split(':').next().unwrap_or(""));
        if let Some(key) = top_key {
            skipping = dropped.contains(&key);
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept.push_str("disableKinds: [\"rss\", \"sitemap\", \"robotsTXT\", \"404\"]\n");
    kept
}

/// The real digital.gov content (with stub shortcodes) against Hugo: prints the share of
/// identical pages (informative), and asserts that our broken-ref findings are exactly the
/// REF_NOT_FOUND Hugo logs. It needs POSTWRIGHT_CORPUS.
#[test]
fn corpus_fidelity() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS").map(PathBuf::from) else {
        eprintln!("SKIPPED corpus_fidelity: set POSTWRIGHT_CORPUS to the digital.gov corpus");
        return;
    };
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED corpus_fidelity: the real Hugo could not be installed");
        return;
    };
    let site = corpus_site(&corpus);
    let report = compare_built(&hugo, site.path(), &corpus);
    let share = 100.0 * report.identical as f64 / report.pages.max(1) as f64;
    println!(
        "corpus fidelity: {}/{} pages identical to Hugo ({share:.1}%)",
        report.identical, report.pages
    );
    for failure in report.failures.iter().take(40) {
        println!("  {failure}");
    }

    // Every REF_NOT_FOUND the real Hugo logs is a finding of ours, at the
    // same page and line, and we report no broken or ambiguous ref Hugo does not.
    let content = site.path().join("content");
    let hugo_refs: std::collections::BTreeSet<(String, usize)> = report
        .log
        .lines()
        .filter(|l| l.contains("REF_NOT_FOUND"))
        .filter_map(|l| {
            let at = l.find(&format!("\"{}/", content.display()))?
                + content.display().to_string().len()
                + 2;
            let mut parts = l[at..].split(['"', ':']);
            Some((parts.next()?.to_string(), parts.next()?.parse().ok()?))
        })
        .collect();
    let opened = Site::open(site.path()).unwrap();
    // The refs Hugo reports are those of the pages it publishes (digital.gov logs them as
    // warnings, so severity does not tell them apart; the fold does).
    let all = postwright::check::check_site(&opened);
    let published = postwright::check::SiteCheck::fold(&opened, all, true, Vec::new());
    let ours: std::collections::BTreeSet<(String, usize)> = published
        .findings
        .into_iter()
        .filter(|d| matches!(d.code, "broken-ref" | "ambiguous-ref"))
        .map(|d| (d.path, d.line))
        .collect();
    println!(
        "corpus refs: Hugo logs {} REF_NOT_FOUND, Postwright finds {}",
        hugo_refs.len(),
        ours.len()
    );
    // The copy builds without the pages Hugo refuses, so fewer refs break than on the full site.
    assert!(
        hugo_refs.len() >= 10,
        "Hugo's log had too few REF_NOT_FOUND lines to compare: {}",
        hugo_refs.len()
    );
    let missed: Vec<_> = hugo_refs.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&hugo_refs).collect();
    assert!(missed.is_empty() && extra.is_empty(), "refs Hugo reports that we miss: {missed:#?}\nrefs we report that Hugo does not: {extra:#?}");
}

#[test]
fn cli_render_places_template_errors_at_the_file_line() {
    let site = TempSite::new();
    site.write(
        "layouts/shortcodes/boom.html",
        "<div>\n{{ .Page.NoSuchThing }}\n</div>",
    );
    // Front matter of 4 lines, then the call on the body's 2nd line: the file's 6th.
    let page = site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2020-01-01\n---\nIntro.\n{{< boom >}}\n",
    );
    let out = cli()
        .arg("render")
        .arg("--site")
        .arg(site.root())
        .arg(&page)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:6:1: layouts/shortcodes/boom.html:2:",
            page.display()
        )),
        "{stderr}"
    );
}

/// One loaded copy of a site's templates and data serves every thread (the preview, the
/// page's check and the site-wide check's workers run on different threads), and a change the
/// app makes to what it is built from is seen by every thread at once.
#[test]
fn every_thread_renders_with_one_loaded_site_until_its_files_change() {
    let site = TempSite::new();
    site.write("layouts/shortcodes/hi.html", "<b>hello</b>");
    site.write("content/post.md", "---\ntitle: Post\n---\n{{< hi >}}\n");
    let opened = Site::open(site.root()).unwrap();
    let here = postwright::render::prepared_for(&opened);
    let there = std::thread::scope(|s| {
        s.spawn(|| postwright::render::prepared_for(&opened))
            .join()
            .unwrap()
    });
    assert!(
        std::sync::Arc::ptr_eq(&here, &there),
        "each thread loaded its own copy of the site"
    );
    assert!(render_page(&opened, "post.md", "{{< hi >}}")
        .html
        .contains("<b>hello</b>"));

    site.write("layouts/shortcodes/hi.html", "<i>bye</i>");
    postwright::render::reload_prepared();
    let html = std::thread::scope(|s| {
        s.spawn(|| render_page(&opened, "post.md", "{{< hi >}}").html)
            .join()
            .unwrap()
    });
    assert!(html.contains("<i>bye</i>"), "{html}");
    assert!(!std::sync::Arc::ptr_eq(
        &here,
        &postwright::render::prepared_for(&opened)
    ));
}
