//! One scanner for shortcode and Liquid text: `{{% name %}}` calls (and their comment form
//! `{{%/* … */%}}`) are Hugo's, never Jekyll/Liquid tags, so a site that uses them gets no
//! `liquid-tag` finding and no fix that rewrites a valid shortcode — on a site built for it, and
//! on Hugo's own documentation when `POSTWRIGHT_HUGODOCS` is set.

use std::path::Path;

use postwright::check::{check_page, check_site, Diagnostic};
use postwright::shortcode::parse_body;
use postwright::site::Site;

use crate::support::TempSite;

/// The byte spans of the shortcode tags of `source` (calls, closing tags and comments), as the
/// full parser sees them.
fn shortcode_spans(source: &str) -> Vec<std::ops::Range<usize>> {
    let start =
        postwright::front_matter::FrontMatter::parse(source).map_or(0, |fm| fm.body_start());
    let parsed = parse_body(&source[start..]);
    let mut spans = Vec::new();
    fn walk(
        nodes: &[postwright::shortcode::BodyNode],
        base: usize,
        out: &mut Vec<std::ops::Range<usize>>,
    ) {
        for node in nodes {
            match node {
                postwright::shortcode::BodyNode::Call(call) => {
                    out.push(base + call.open_tag.start..base + call.open_tag.end);
                    if let Some(close) = &call.close_tag {
                        out.push(base + close.start..base + close.end);
                    }
                    walk(call.inner.as_deref().unwrap_or_default(), base, out);
                }
                postwright::shortcode::BodyNode::Escaped { span, .. } => {
                    out.push(base + span.start..base + span.end)
                }
                postwright::shortcode::BodyNode::Text { .. } => {}
            }
        }
    }
    walk(&parsed.nodes, start, &mut spans);
    spans
}

/// Asserts that no `liquid-tag` finding, nor any edit of its fix, touches a shortcode tag.
fn assert_no_liquid_on_shortcodes(rel: &str, source: &str, findings: &[Diagnostic]) {
    let spans = shortcode_spans(source);
    let lines = postwright::text::LineIndex::new(source);
    for d in findings.iter().filter(|d| d.code == "liquid-tag") {
        for span in &spans {
            let (line, column) = lines.line_column(source, span.start);
            assert!(
                (line, column) != (d.line, d.column),
                "{rel}:{}:{}: a shortcode reported as Liquid: {}",
                d.line,
                d.column,
                d.message
            );
            for edit in d.fix.iter().flat_map(|f| &f.text_edits) {
                assert!(
                    edit.end <= span.start || edit.start >= span.end,
                    "{rel}: the Liquid fix {edit:?} rewrites the shortcode at {span:?}"
                );
            }
        }
    }
}

#[test]
fn percent_shortcodes_and_their_comments_are_never_liquid() {
    let site = TempSite::new();
    site.write(
        "layouts/shortcodes/note.html",
        "<aside>{{ .Inner | markdownify }}</aside>",
    );
    site.write("layouts/shortcodes/version.html", "0.168");
    let source = "---\ntitle: Percent calls\n---\n\
        Hugo {{% version %}} is out.\n\n\
        {{% note %}}\nA **note** with {{% version %}} inside.\n{{% /note %}}\n\n\
        {{%/* note */%}} is how you write the call; {{%/* version */%}} too.\n\n\
        {{% note %}}one line{{% /note %}} and {{% note\n  %}}split{{% /note %}}\n\n\
        {{< note >}}angle {{% version %}}{{< /note >}}\n\n\
        And a real leftover: {% include image/a.html img=\"x.png\" alt=\"A\" %}\n";
    site.write("content/posts/percent.md", source);
    let opened = Site::open(site.root()).unwrap();
    let findings = check_page(&opened, "posts/percent.md", source);
    let liquid: Vec<_> = findings.iter().filter(|d| d.code == "liquid-tag").collect();
    assert_eq!(
        liquid.len(),
        1,
        "only the Jekyll include is Liquid: {liquid:#?}"
    );
    assert_eq!(liquid[0].line, 17);
    let fix = liquid[0].fix.as_ref().expect("the include has a fix");
    assert_eq!(
        &source[fix.text_edits[0].start..fix.text_edits[0].end],
        "{% include image/a.html img=\"x.png\" alt=\"A\" %}"
    );
    assert_no_liquid_on_shortcodes("posts/percent.md", source, &findings);
}

#[test]
fn hugos_own_documentation_gets_no_liquid_finding_on_its_shortcodes() {
    let Some(docs) = std::env::var_os("POSTWRIGHT_HUGODOCS") else {
        eprintln!("SKIPPED hugos_own_documentation_gets_no_liquid_finding_on_its_shortcodes: set POSTWRIGHT_HUGODOCS to the Hugo documentation corpus");
        return;
    };
    let site = Site::open(Path::new(&docs)).unwrap();
    let findings = check_site(&site);
    let mut percent_calls = 0;
    let mut liquid = 0;
    for page in &site.index.pages {
        let Ok(source) = std::fs::read_to_string(site.content_root().join(&page.path)) else {
            continue;
        };
        percent_calls += source.matches("{{%").count();
        let mine: Vec<Diagnostic> = findings
            .iter()
            .filter(|d| d.path == page.path)
            .cloned()
            .collect();
        liquid += mine.iter().filter(|d| d.code == "liquid-tag").count();
        assert_no_liquid_on_shortcodes(&page.path, &source, &mine);
    }
    println!(
        "hugodocs: {} pages, {percent_calls} `{{{{%` openings, {liquid} liquid-tag findings",
        site.index.pages.len()
    );
    assert!(percent_calls > 100, "the Hugo docs use `{{{{% %}}}}` calls");
}

/// The calls the fast path finds in `body` and those the parser finds, as start offsets of
/// their opening tags; `None` when the parser refuses something in the body (then Hugo fails
/// the page, and the two need not agree).
fn fast_and_parsed_calls(body: &str) -> Option<(Vec<usize>, Vec<usize>)> {
    let parsed = parse_body(body);
    if !parsed.errors.is_empty() {
        return None;
    }
    let fast = postwright::shortcode::scan::tags(body)
        .filter(|t| !t.comment && !t.closing)
        .map(|t| t.start)
        .collect();
    let mut full: Vec<usize> = parsed.calls().iter().map(|c| c.open_tag.start).collect();
    full.sort_unstable();
    Some((fast, full))
}

#[test]
fn the_fast_path_finds_the_calls_the_parser_finds() {
    let mut roots = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("content/content")];
    for var in ["POSTWRIGHT_CORPUS", "POSTWRIGHT_HUGODOCS"] {
        match std::env::var_os(var) {
            Some(dir) => roots.push(Path::new(&dir).join("content")),
            None => eprintln!("SKIPPED the corpus half of the_fast_path_finds_the_calls_the_parser_finds: {var} is not set"),
        }
    }
    let (mut compared, mut calls) = (0, 0);
    let mut disagreements = Vec::new();
    for root in &roots {
        for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(source) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let start = postwright::front_matter::FrontMatter::parse(&source)
                .map_or(0, |fm| fm.body_start());
            let Some((fast, full)) = fast_and_parsed_calls(&source[start..]) else {
                continue;
            };
            compared += 1;
            calls += full.len();
            if fast != full {
                disagreements.push(format!(
                    "{}: fast {fast:?}, parser {full:?}",
                    entry.path().display()
                ));
            }
        }
    }
    println!(
        "fast path vs parser: {compared} bodies, {calls} calls, {} disagree",
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
