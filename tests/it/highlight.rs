//! Code highlighting against the real Hugo: small sites under several `markup.highlight`
//! settings, every page compared exactly with Chroma's token spans taken out — wrappers, line
//! spans, line numbers, highlighted lines, styles' colours on them and the text must be Hugo's;
//! only where a token starts and ends may differ (our grammars are not Chroma's lexers).

use std::path::Path;
use std::process::Command;

use postwright::front_matter::FrontMatter;
use postwright::render::render_page;
use postwright::site::Site;

use crate::render::content_only_layouts;
use crate::support::hugo;

/// Pages every configuration renders: fences with and without languages and options, the
/// `highlight` shortcode, attributes on the fence.
const PAGES: &[(&str, &str)] = &[
    (
        "fences.md",
        "---\ntitle: Fences\n---\n```go\npackage main\n\n// comment\nfunc main() {\n\tfmt.Println(\"hi\", 42)\n}\n```\n\n```python {linenos=table,hl_lines=[2]}\ndef f(x):\n    return x + 1.5  # add\n```\n\n```js {linenos=inline,linenostart=9,hl_lines=\"2-3\"}\nconst a = `t${x}`;\nlet b = 'q';\nb += 1;\n```\n\n```bash\necho \"$HOME\" | grep -v foo\n```\n\n```diff\n+ added\n- removed\n```\n\n```text\nplain <text> & \"quotes\"\n```\n\n```go\n```\n\n```unknownlang\nnot highlighted\n```\n\n```\nno language\n```\n\n```yaml {.wide #config}\ntitle: x\nlist: [1, 2]\n```\n\n```html {linenos=true,anchorlinenos=true,lineanchors=ex}\n<div class=\"a\">hi</div>\n<p>\n```\n",
    ),
    (
        "shortcode.md",
        "---\ntitle: Shortcode\n---\n{{< highlight go \"linenos=inline,hl_lines=1\" >}}\nc := 3\n{{< /highlight >}}\n\n{{< highlight toml >}}\n[params]\nx = 1 # note\n{{< /highlight >}}\n\n{{< highlight css \"linenos=table\" >}}\n.a { color: red; }\n{{< /highlight >}}\n\nText after.\n",
    ),
    (
        "template.md",
        "---\ntitle: From a site template\n---\n{{< code go \"linenos=inline\" >}}\nx := 1\n{{< /code >}}\n\n{{< code-map >}}\nfunc f() {}\nreturn\n{{< /code-map >}}\n",
    ),
    (
        "many.md",
        "---\ntitle: Many lines\n---\n```text {linenos=table,hl_lines=[\"9-10\"]}\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n```\n\n```text {linenos=true,anchorlinenos=true}\nfirst\n```\n",
    ),
];

/// `markup.highlight` settings the site may have, each built and compared on its own.
const CONFIGS: &[(&str, &str)] = &[
    ("hugo defaults", ""),
    ("classes", "[markup.highlight]\nnoClasses = false\n"),
    (
        "digital.gov's (lovelace, tab width 2)",
        "[markup.highlight]\nstyle = \"lovelace\"\ntabWidth = 2\n",
    ),
    (
        "numbers inline everywhere",
        "[markup.highlight]\nlineNos = true\nlineNumbersInTable = false\nstyle = \"github-dark\"\n",
    ),
    (
        "anchors and a wrapper class",
        "[markup.highlight]\nlineNos = true\nanchorLineNos = true\nwrapperClass = \"code\"\nstyle = \"dracula\"\n",
    ),
    ("an unknown style", "[markup.highlight]\nstyle = \"no-such-style\"\n"),
];

/// Drops the spans Chroma puts around single tokens, keeping those that make lines, line
/// numbers and highlighted lines.
fn without_token_spans(html: &str) -> String {
    let structural_class = |attrs: &str| {
        [
            "class=\"line\"",
            "class=\"line hl\"",
            "class=\"cl\"",
            "class=\"ln\"",
            "class=\"lnt\"",
            "class=\"hl\"",
        ]
        .iter()
        .any(|c| attrs.contains(c))
    };
    let mut out = String::new();
    let mut kept: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..tag_end];
        let after = &rest[tag_end..];
        if let Some(attrs) = tag.strip_prefix("<span") {
            let keep = attrs == ">"
                || structural_class(attrs)
                || attrs.contains("display:flex")
                || attrs.contains("user-select:none")
                // A highlighted line number in the table column: a colour span around one.
                || after.starts_with("<span") && after[..after.find('>').unwrap_or(0)].contains("user-select:none");
            kept.push(keep);
            if keep {
                out.push_str(tag);
            }
        } else if tag == "</span>" {
            if kept.pop().unwrap_or(true) {
                out.push_str(tag);
            }
        } else {
            out.push_str(tag);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn build_and_compare(hugo: &Path, name: &str, config: &str) -> Vec<String> {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    std::fs::write(
        root.join("hugo.toml"),
        format!("baseURL = \"https://x.example/\"\ndisableKinds = [\"rss\", \"sitemap\", \"taxonomy\", \"term\", \"robotsTXT\", \"404\", \"home\", \"section\"]\n{config}"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    for (file, text) in PAGES {
        std::fs::write(root.join("content").join(file), text).unwrap();
    }
    content_only_layouts(root);
    let shortcodes = root.join("layouts/shortcodes");
    std::fs::create_dir_all(&shortcodes).unwrap();
    std::fs::write(
        shortcodes.join("code.html"),
        "{{ highlight (trim .Inner \"\\n\") (.Get 0) (.Get 1) }}",
    )
    .unwrap();
    std::fs::write(
        shortcodes.join("code-map.html"),
        "{{ transform.Highlight .Inner \"go\" (dict \"linenos\" \"table\" \"hl_lines\" \"1-2\") }}",
    )
    .unwrap();
    let build = Command::new(hugo)
        .arg("--source")
        .arg(root)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{name}: hugo failed: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let site = Site::open(root).unwrap();
    let mut failures = Vec::new();
    for (file, text) in PAGES {
        let slug = file.trim_end_matches(".md");
        let expected =
            std::fs::read_to_string(root.join("public").join(slug).join("index.html")).unwrap();
        let fm = FrontMatter::parse(text).unwrap();
        let ours = render_page(&site, file, &text[fm.body_start()..]).html;
        let (want, got) = (
            without_token_spans(expected.trim_end()),
            without_token_spans(ours.trim_end()),
        );
        if want != got {
            let at = want
                .bytes()
                .zip(got.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let from = want[..at].rfind('\n').map_or(0, |n| n + 1);
            failures.push(format!(
                "{name} / {file}: differs at byte {at}\n    hugo: {}\n    ours: {}",
                want[from..].lines().next().unwrap_or(""),
                got[from.min(got.len())..].lines().next().unwrap_or("")
            ));
        }
    }
    failures
}

#[test]
fn highlighting_matches_hugo_under_each_setting() {
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED highlighting_matches_hugo_under_each_setting: the real Hugo could not be installed");
        return;
    };
    let failures: Vec<String> = CONFIGS
        .iter()
        .flat_map(|(name, config)| build_and_compare(&hugo, name, config))
        .collect();
    for failure in &failures {
        println!("{failure}");
    }
    assert!(
        failures.is_empty(),
        "{} page(s) differ from Hugo",
        failures.len()
    );
}

#[test]
fn tokens_are_coloured_with_the_styles_colours() {
    // The token spans themselves: Go's keywords and strings in monokai, as Hugo colours them.
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(
        temp.path().join("hugo.toml"),
        "baseURL = \"https://x.example/\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(temp.path().join("content")).unwrap();
    let site = Site::open(temp.path()).unwrap();
    let html = render_page(&site, "a.md", "```go\nfunc main() { s := \"hi\" }\n```\n").html;
    assert!(
        html.contains("<span style=\"color:#66d9ef\">func</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span style=\"color:#e6db74\">&#34;hi&#34;</span>"),
        "{html}"
    );
}
