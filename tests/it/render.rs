//! The preview against the real Hugo: `fidelity` builds our sample site and the fidelity
//! fixture site with Hugo (layouts printing only `{{ .Content }}`), renders every page with
//! Postwright and compares them; the other tests pin pipeline behaviour Hugo showed us.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use postwright::front_matter::FrontMatter;
use postwright::render::render_page;
use postwright::site::Site;

use crate::support::{cli, TempSite};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real Hugo: `$HUGO`, else what `scripts/hugo.sh` installs and prints.
fn hugo() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HUGO").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/hugo.sh"))
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "scripts/hugo.sh failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    path.is_file().then_some(path)
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") || rel.starts_with("resources") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replaces a site's page layouts with ones printing only `{{ .Content }}` (its shortcodes and
/// partials stay).
fn content_only_layouts(root: &Path) {
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

/// One CSV record (Hugo's `list all` quotes fields holding commas or quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 0 {
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

/// Chroma's highlighted markup is out of reach: a highlight block is compared by its text.
fn highlight_blocks_as_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<div class=\"highlight\">") {
        out.push_str(&rest[..start]);
        let block = &rest[start..];
        let end = block
            .find("</pre></div>")
            .map_or(block.len(), |e| e + "</pre></div>".len());
        let mut text = String::new();
        let mut in_tag = false;
        for c in block[..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&#34;", "\"")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        out.push_str(&format!("<code-text>{}</code-text>", text.trim_end()));
        rest = &block[end..];
    }
    out.push_str(rest);
    out
}

/// Insignificant whitespace goes: runs become one space, none between tags; one tag-to-tag
/// boundary per line so differences read well.
fn normalise(html: &str) -> String {
    let html = highlight_blocks_as_text(html);
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
    let public = root.join("public");
    let build = Command::new(hugo)
        .arg("--source")
        .arg(root)
        .arg("--destination")
        .arg(&public)
        .arg("--quiet")
        .output()
        .unwrap();
    // Hugo logs REF_NOT_FOUND and the like as errors yet writes every page; we compare pages.
    let log = String::from_utf8_lossy(&build.stderr);
    if !build.status.success() {
        eprintln!("hugo reported for {}:\n{log}", source.display());
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
        let Ok(expected) = std::fs::read_to_string(&file) else {
            report
                .failures
                .push(format!("{rel}: hugo wrote no {}", file.display()));
            continue;
        };
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
