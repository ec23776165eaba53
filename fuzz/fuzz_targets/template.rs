//! Fuzzes the Go-template engine: arbitrary text is parsed as a shortcode template (and as a
//! partial it may call, itself included) and run with a small fixed page and site. Parsing and
//! running never panic, and running always stops: the step budget and the nesting limit turn
//! runaway templates into errors (libFuzzer's `-timeout` and `-rss_limit_mb` catch a bypass).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use postwright::template::{
    PageContext, ParamValue, PreparedSite, ShortcodeInput, ShortcodeTemplates, SiteContext,
    TemplateHost, MAX_DEPTH, MAX_STEPS,
};

/// Markdown by pulldown-cmark (no Hugo specifics needed here), and one page refs resolve to.
struct FuzzHost;

impl TemplateHost for FuzzHost {
    fn markdownify(&self, markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
        html
    }

    fn resolve_ref(&self, target: &str, relative: bool) -> Result<String, String> {
        match target.trim_start_matches('/').trim_end_matches(".md") {
            "news/target" => Ok(if relative {
                "/news/target/"
            } else {
                "https://example.gov/news/target/"
            }
            .into()),
            _ => Err(format!("REF_NOT_FOUND: Ref {target:?}: page not found")),
        }
    }

    fn now(&self) -> String {
        "2026-12-02T10:00:00Z".into()
    }
}

static SITE: LazyLock<PreparedSite> = LazyLock::new(|| {
    PreparedSite::new(&SiteContext {
        base_url: "https://example.gov/".into(),
        title: "Fuzz".into(),
        params: serde_json::json!({"cdnurl": "https://cdn.example.gov", "list": [1, 2, 3]}),
        data: serde_json::json!({
            "people": {"jdoe": {"name": "Jane <Doe>", "weight": 2}, "asmith": {"name": "Al", "weight": 1}},
            "cards": [{"title": "A", "url": "/a/"}, {"title": "B", "url": "/b/"}]
        }),
    })
});

fn page() -> PageContext {
    PageContext {
        path: "news/fuzz.md".into(),
        title: "A fuzzed page".into(),
        params: serde_json::json!({"topics": ["a", "b"], "summary": "S", "weight": 3}),
        date: Some("2020-01-15T09:05:00-05:00".into()),
        rel_permalink: "/news/fuzz/".into(),
        section: "news".into(),
    }
}

fn input(named: bool) -> ShortcodeInput {
    let parent = ShortcodeInput {
        name: "outer".into(),
        position: (1, 1),
        ..Default::default()
    };
    let mut call = ShortcodeInput {
        name: "t".into(),
        inner: Some("Some *inner* text\n\n  indented".into()),
        ordinal: 2,
        parent: Some(Box::new(parent)),
        position: (3, 5),
        ..Default::default()
    };
    if named {
        call.typed_named = vec![
            ("src".into(), ParamValue::String("a b.png".into())),
            ("n".into(), ParamValue::Int(3)),
            ("ok".into(), ParamValue::Bool(true)),
            ("x".into(), ParamValue::Float(1.5)),
        ];
    } else {
        call.positional = vec!["first".into(), "<second>".into(), "10".into()];
    }
    call
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let templates = ShortcodeTemplates::from_sources(
        vec![
            ("t".into(), source.into()),
            ("outer".into(), "{{ .Inner }}".into()),
        ],
        vec![
            ("self.html".into(), source.into()),
            ("greet.html".into(), "<b>Hi {{ . }}</b>".into()),
            ("sum.html".into(), "{{ return add .a .b }}".into()),
        ],
    )
    .expect("from_sources never fails as a whole");
    let host = FuzzHost;
    let page_context = page();
    let render = templates.page(&page_context, &SITE);
    for named in [true, false] {
        match render.render_shortcode(&input(named), &host) {
            Ok(html) => assert!(html.len() < 1 << 30),
            Err(e) => {
                // A limit's error names the limit it hit (unless the template's own text, say a
                // partial's name, is what put those words in the message).
                if e.message.contains("work limit") && !source.contains("work limit") {
                    assert!(e.message.contains(&MAX_STEPS.to_string()), "{e}");
                }
                if e.message.contains("nested more than") && !source.contains("nested more than") {
                    assert!(e.message.contains(&MAX_DEPTH.to_string()), "{e}");
                }
                assert!(e.line >= 1 && e.column >= 1, "{e}");
            }
        }
    }
});
