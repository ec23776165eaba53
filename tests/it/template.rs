//! The template engine on real shortcode templates (our own, in tests/fixtures/template-site,
//! shaped like the kinds digital.gov uses), loaded from disk, and — where it runs — the real
//! Hugo rendering the same calls, compared after normalising whitespace.

use std::path::{Path, PathBuf};

use postwright::site::Site;
use postwright::template::{
    PageContext, ParamValue, ShortcodeInput, ShortcodeTemplates, SiteContext, TemplateHost,
};

use crate::support::hugo;

/// One shortcode call on its own page, and what Hugo 0.168 printed for it (normalised).
struct Case {
    call: &'static str,
    expected: &'static str,
}

const CASES: &[Case] = &[
    Case {
        call: r##"{{< img src="capitol-at-dawn" caption="The dome, *early*" align="Right" lazy="true" >}}"##,
        expected: r##"<figure class="image image--right"> <img src="https://cdn.example.gov/media/capitol-at-dawn.jpg" alt="The Capitol dome at dawn" width="100%" loading="lazy"> <figcaption>The dome, <em>early</em></figcaption> <small class="credit">Photo by a staff member</small> </figure>"##,
    },
    Case {
        call: r##"{{< img src="team-workshop" alt="Our \"team\" & friends" width="50%" >}}"##,
        expected: r##"<figure class="image"> <img src="https://cdn.example.gov/media/team-workshop.png" alt="Our &#34;team&#34; &amp; friends" width="50%"> </figure>"##,
    },
    Case {
        call: r##"{{< img src="diagrams/flow chart.svg" >}}"##,
        expected: r##"<figure class="image"> <img src="/img/diagrams/flow%20chart.svg" alt="" width="100%"> </figure>"##,
    },
    Case {
        call: r##"{{< img src="https://other.example/x.png?size=2&v=<3>" alt="remote" >}}"##,
        expected: r##"<figure class="image"> <img src="https://other.example/x.png?size=2&amp;v=%3c3%3e" alt="remote" width="100%"> </figure>"##,
    },
    Case {
        call: "{{< note >}}Plain **bold** text with [a link](https://example.gov/a).{{< /note >}}",
        expected: r##"<div class="note note--info" role="note"> <svg class="icon" aria-hidden="true"><use xlink:href="/uswds/img/sprite.svg#info"></use></svg> <strong class="note__title">Info</strong> <div class="note__body">Plain <strong>bold</strong> text with <a href="https://example.gov/a">a link</a>.</div> </div>"##,
    },
    Case {
        call: "{{< note variant=\"ALERT\" title=\"Heads up <now>\" >}}\nFirst paragraph.\n\nSecond *one*.\n{{< /note >}}",
        expected: r##"<div class="note note--alert" role="alert"> <svg class="icon" aria-hidden="true"><use xlink:href="/uswds/img/sprite.svg#warning"></use></svg> <strong class="note__title">Heads up &lt;now&gt;</strong> <div class="note__body"><p>First paragraph.</p> <p>Second <em>one</em>.</p> </div> </div>"##,
    },
    Case {
        call: r##"{{< note variant="done" >}}All set{{< /note >}}"##,
        expected: r##"<div class="note note--done" role="note"> <svg class="icon" aria-hidden="true"><use xlink:href="/uswds/img/sprite.svg#check"></use></svg> <strong class="note__title">Done</strong> <div class="note__body">All set</div> </div>"##,
    },
    Case {
        call: r##"{{< video "abc123XYZ" >}}"##,
        expected: r##"<div class="video" data-ordinal="0"> <iframe src="https://www.youtube-nocookie.com/embed/abc123XYZ" title="Video" allowfullscreen></iframe> </div>"##,
    },
    Case {
        call: r##"{{< video id="a b\"c" title="A \"quoted\" title" start=90 >}}"##,
        expected: r##"<div class="video" data-ordinal="0"> <iframe src="https://www.youtube-nocookie.com/embed/a%20b%22c?start=90" title="A &#34;quoted&#34; title" allowfullscreen></iframe> </div>"##,
    },
    Case {
        call: "{{< card-list >}}",
        expected: r##"<ul class="cards"> <li class="card card--1"><a href="/resources/accessibility/">Accessibility basics</a></li> <li class="card card--2"><a href="/resources/plain-language/">Plain language guide</a></li> </ul>"##,
    },
    Case {
        call: "{{< card-list limit=1 >}}",
        expected: r##"<ul class="cards"> <li class="card card--1"><a href="/resources/accessibility/">Accessibility basics</a></li> </ul>"##,
    },
    Case {
        call: r##"{{< card-list limit="0" >}}"##,
        expected: r##"<ul class="cards"> <li class="card card--empty">No cards yet.</li> </ul>"##,
    },
    Case {
        call: r##"{{< button "target.md" "See the target" >}}"##,
        expected: r##"<a class="button" href="/posts/target/">See the target</a>"##,
    },
    Case {
        call: r##"{{< button href="javascript:alert(1)" primary=true >}}"##,
        expected: r##"<a class="button button--primary" href="#ZgotmplZ">Read more</a>"##,
    },
    Case {
        call: "{{< people >}}",
        expected: r##"<dl class="people"> <dt id="al-smith">Al Smith</dt> <dd>Designer, Example Agency</dd> <dt id="jane-doe">Jane Doe</dt> <dd>Editor &lt;lead&gt;, Example Agency</dd> </dl> <p class="people__count">2 people</p>"##,
    },
    Case {
        call: r##"{{< people only="jdoe" >}}"##,
        expected: r##"<dl class="people"> <dt id="jane-doe">Jane Doe</dt> <dd>Editor &lt;lead&gt;, Example Agency</dd> </dl> <p class="people__count">1 person</p>"##,
    },
    Case {
        call: r##"{{< quote by="A. Writer" >}}Words *worth* quoting.{{< /quote >}}"##,
        expected: r##"<blockquote class="quote"> Words <em>worth</em> quoting. <cite>A. Writer in <a href="/posts/case-16/">Case 16</a></cite> </blockquote>"##,
    },
    Case {
        call: "{{< accordion title=\"Outer\" open=true >}}\nbefore {{< accordion title=\"Inner\" >}}nested{{< /accordion >}} after\n{{< /accordion >}}",
        expected: r##"<details id="acc-0" open> <summary>Outer</summary> before <details id="acc-0-0"> <summary>Inner</summary> nested </details> after </details>"##,
    },
    Case {
        call: "{{< code-sample go >}}\n    func main() {\n        fmt.Println(\"<hi>\")\n    }\n{{< /code-sample >}}",
        expected: r##"<pre class="code-sample" data-lang="go"><code> func main() { fmt.Println(&#34;&lt;hi&gt;&#34;) } </code></pre>"##,
    },
    Case {
        call: r##"{{< contexts v="<b>\"A & B\"</b> 'q' +1" u="javascript:alert(1)" color="red" >}}"##,
        expected: r##"<p title="&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt; &#39;q&#39; &#43;1" data-raw=&lt;b&gt;&#34;A&#32;&amp;&#32;B&#34;&lt;/b&gt;&#32;&#39;q&#39;&#32;&#43;1>&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt; &#39;q&#39; &#43;1</p> <a href="#ZgotmplZ">link</a> <a href="/search?q=%3cb%3e%22A%20%26%20B%22%3c%2fb%3e%20%27q%27%20%2b1">search</a> <a href='#ZgotmplZ'>single</a> <span style="color: red">c</span> <button onclick="track(&#34;\u003cb\u003e\&#34;A \u0026 B\&#34;\u003c/b\u003e &#39;q&#39; &#43;1&#34;)">b</button> <script>var cfg = {"n":3,"v":"\u003cb\u003e\"A \u0026 B\"\u003c/b\u003e 'q' +1"}; var s = "\u003cb\u003e\u0022A \u0026 B\u0022\u003c\/b\u003e \u0027q\u0027 \u002b1";</script> <b>"A & B"</b> 'q' +1"##,
    },
    Case {
        call: r##"{{< contexts v="plain" u="/docs/a b/?x=1#top" color="expression(alert(1))" >}}"##,
        expected: r##"<p title="plain" data-raw=plain>plain</p> <a href="/docs/a%20b/?x=1#top">link</a> <a href="/search?q=plain">search</a> <a href='/docs/a%20b/?x=1#top'>single</a> <span style="color: ZgotmplZ">c</span> <button onclick="track(&#34;plain&#34;)">b</button> <script>var cfg = {"n":3,"v":"plain"}; var s = "plain";</script> plain"##,
    },
    Case {
        call: r##"{{< media src="/img/a photo.jpg" hi="/img/a-photo@2x.jpg" label="Dawn (it's <early>)" >}}"##,
        expected: r##"<figure class="media" style="background-image: url('/img/a%20photo.jpg'); --label: 'Dawn \28it\27s \3c early\3e\29 '"> <img src="/img/a%20photo.jpg" srcset="#ZgotmplZ 1x, /img/a-photo@2x.jpg 2x" title="Dawn (it&#39;s &lt;early&gt;)"> <figcaption>Size &lt; 2 MB & Dawn (it&#39;s &lt;early&gt;)</figcaption> <textarea readonly>Dawn (it&#39;s &lt;early&gt;)</textarea> </figure> <script> var media = { src: "/img/a photo.jpg", label: 'Dawn (it\u0027s \u003cearly\u003e)' }; </script>"##,
    },
    Case {
        call: r##"{{< media src="javascript:alert(1)" hi="/x.jpg 3x, evil.jpg" label="x" attr="onclick" >}}"##,
        expected: r##"<figure class="media" style="background-image: url('#ZgotmplZ'); --label: 'x'"> <img src="#ZgotmplZ" srcset="#ZgotmplZ 1x, /x.jpg 3x, evil.jpg 2x" ZgotmplZ="x"> <figcaption>Size &lt; 2 MB & x</figcaption> <textarea readonly>x</textarea> </figure> <script> var media = { src: "javascript:alert(1)", label: 'x' }; </script>"##,
    },
    Case {
        call: "{{< summary >}}",
        expected: r##"<ul class="summary"> <li>Case 23 in posts</li> <li>January 15, 2020 (2020-01-15)</li> <li>Design, Content and Accessibility</li> <li>case-23.md /posts/case-23/ https://example.gov/posts/case-23/</li> <li>Template fixture https://example.gov/ https://example.gov/feed.xml</li> </ul>"##,
    },
];

/// Markdown the way the tests need it (simple inline and block text, no typographer cases);
/// refs to the fixture's one target page.
struct FixtureHost;

impl TemplateHost for FixtureHost {
    fn markdownify(&self, markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
        let trimmed = html.trim();
        if trimmed.matches("<p>").count() == 1
            && trimmed.starts_with("<p>")
            && trimmed.ends_with("</p>")
        {
            return trimmed["<p>".len()..trimmed.len() - "</p>".len()].to_string();
        }
        html
    }

    fn resolve_ref(&self, target: &str, relative: bool) -> Result<String, String> {
        match target.trim_start_matches('/').trim_end_matches(".md") {
            "target" | "posts/target" => Ok(if relative {
                "/posts/target/"
            } else {
                "https://example.gov/posts/target/"
            }
            .to_string()),
            _ => Err(format!("REF_NOT_FOUND: Ref {target:?}: page not found")),
        }
    }
}

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/template-site")
}

/// Copies the fixture site and writes one page per case.
fn site_with_cases() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture_root()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(fixture_root()).unwrap();
        let dest = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    for (i, case) in CASES.iter().enumerate() {
        let page = format!(
            "---\ntitle: Case {i}\ndate: 2020-01-15T09:05:00-05:00\ntopics: [Design, Content, Accessibility]\n---\n{}\n",
            case.call
        );
        std::fs::write(dir.path().join(format!("content/posts/case-{i}.md")), page).unwrap();
    }
    dir
}

fn page_context(i: usize) -> PageContext {
    PageContext {
        path: format!("posts/case-{i}.md"),
        title: format!("Case {i}"),
        params: serde_json::json!({"topics": ["Design", "Content", "Accessibility"]}),
        date: Some("2020-01-15T09:05:00-05:00".into()),
        rel_permalink: format!("/posts/case-{i}/"),
        section: "posts".into(),
        ..PageContext::default()
    }
}

/// A small reader of the calls above (one shortcode, possibly with inner content holding
/// nested calls), producing what the page's shortcode parser hands the engine.
fn parse_call(
    text: &str,
    ordinal: usize,
    parent: Option<&ShortcodeInput>,
) -> (ShortcodeInput, usize) {
    let open_end = text.find(">}}").unwrap();
    let tag = text["{{<".len()..open_end].trim();
    let (name, mut rest) = tag.split_once(' ').unwrap_or((tag, ""));
    let mut input = ShortcodeInput {
        name: name.to_string(),
        ordinal,
        position: (5, 1),
        ..Default::default()
    };
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let key = match rest.find(['=', ' ', '"']) {
            Some(i) if rest.as_bytes()[i] == b'=' => {
                let key = rest[..i].to_string();
                rest = &rest[i + 1..];
                Some(key)
            }
            _ => None,
        };
        let value = if let Some(body) = rest.strip_prefix('"') {
            let mut end = 0;
            let bytes = body.as_bytes();
            while bytes[end] != b'"' || (end > 0 && bytes[end - 1] == b'\\') {
                end += 1;
            }
            let raw = &body[..end];
            rest = &body[end + 1..];
            // Hugo drops every backslash of a quoted value that contains `\"`.
            ParamValue::String(if raw.contains("\\\"") {
                raw.replace('\\', "")
            } else {
                raw.to_string()
            })
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            let bare = &rest[..end];
            rest = &rest[end..];
            ParamValue::from_bare(bare)
        };
        match key {
            Some(k) => input.typed_named.push((k, value)),
            None => input.typed_positional.push(value),
        }
    }
    let after_open = &text[open_end + 3..];
    let close = format!("{{{{< /{name} >}}}}");
    let Some(close_at) = after_open.rfind(&close) else {
        return (input, open_end + 3);
    };
    let raw_inner = &after_open[..close_at];
    // Nested calls are rendered first and their output spliced into the inner content.
    let templates = ShortcodeTemplates::load(&fixture_root(), &[]).unwrap();
    let site = SiteContext::from_site(&Site::open(&fixture_root()).unwrap()).0;
    let mut inner = String::new();
    let mut pos = 0;
    let mut child_ordinal = 0;
    input.parent = parent.map(|p| Box::new(p.clone()));
    while let Some(start) = raw_inner[pos..].find("{{<") {
        inner.push_str(&raw_inner[pos..pos + start]);
        let (child, used) = parse_call(&raw_inner[pos + start..], child_ordinal, Some(&input));
        child_ordinal += 1;
        inner.push_str(
            &templates
                .render_shortcode(&child, &page_context(0), &site, &FixtureHost)
                .unwrap(),
        );
        pos += start + used;
    }
    inner.push_str(&raw_inner[pos..]);
    input.inner = Some(inner);
    (input, open_end + 3 + close_at + close.len())
}

fn normalise(html: &str) -> String {
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders every case with Postwright, from templates and data loaded off disk.
fn render_cases(root: &Path) -> Vec<String> {
    let site = Site::open(root).unwrap();
    let templates = ShortcodeTemplates::for_site(&site).unwrap();
    assert!(templates.errors().is_empty(), "{:?}", templates.errors());
    let (site_context, data_errors) = SiteContext::from_site(&site);
    assert!(data_errors.is_empty(), "{data_errors:?}");
    CASES
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let (input, _) = parse_call(case.call, 0, None);
            templates
                .render_shortcode(&input, &page_context(i), &site_context, &FixtureHost)
                .unwrap_or_else(|e| panic!("case {i} ({}): {e}", case.call))
        })
        .collect()
}

#[test]
fn fixture_shortcodes_render_as_recorded() {
    let dir = site_with_cases();
    let ours = render_cases(dir.path());
    let mut failures = Vec::new();
    for (i, (case, out)) in CASES.iter().zip(&ours).enumerate() {
        if normalise(out) != case.expected {
            failures.push(format!(
                "case {i} {}\n  ours:     {}\n  expected: {}",
                case.call,
                normalise(out),
                case.expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixture_shortcodes_match_hugo() {
    let Some(hugo) = hugo() else { return };
    let dir = site_with_cases();
    let public = dir.path().join("public");
    let out = std::process::Command::new(&hugo)
        .arg("--source")
        .arg(dir.path())
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
    let ours = render_cases(dir.path());
    let mut failures = Vec::new();
    for (i, (case, out)) in CASES.iter().zip(&ours).enumerate() {
        let theirs =
            std::fs::read_to_string(public.join(format!("posts/case-{i}/index.html"))).unwrap();
        if normalise(out) != normalise(&theirs) {
            failures.push(format!(
                "case {i} {}\n  ours: {}\n  hugo: {}",
                case.call,
                normalise(out),
                normalise(&theirs)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ from Hugo:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn unsupported_members_and_runaway_templates_fail_with_positions() {
    let templates = ShortcodeTemplates::from_sources(
        vec![
            (
                "pages".into(),
                "<ul>\n  {{ range .Site.Pages }}{{ .Title }}{{ end }}\n</ul>".into(),
            ),
            ("selfish".into(), "{{ partial \"again.html\" . }}".into()),
        ],
        vec![(
            "again.html".into(),
            "x{{ partial \"again.html\" . }}".into(),
        )],
    )
    .unwrap();
    let site = SiteContext::from_site(&Site::open(&fixture_root()).unwrap()).0;
    let call = |name: &str| ShortcodeInput {
        name: name.into(),
        ..Default::default()
    };
    let err = templates
        .render_shortcode(&call("pages"), &page_context(0), &site, &FixtureHost)
        .unwrap_err();
    assert_eq!(
        (err.template.as_str(), err.line, err.column),
        ("_shortcodes/pages.html", 2, 12)
    );
    assert!(err.message.contains("Pages"), "{err}");
    let err = templates
        .render_shortcode(&call("selfish"), &page_context(0), &site, &FixtureHost)
        .unwrap_err();
    assert!(err.message.contains("nested more than"), "{err}");
    assert_eq!(err.template, "_partials/again.html");
}
