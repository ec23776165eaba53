//! The site's Markdown render hooks and template lookup against the real Hugo: a site whose
//! hooks print every field of their context (links, autolinks, images, headings, code blocks
//! with a per-language hook, tables, blockquotes and alerts), with templates split between the
//! project and a theme, in Hugo's new layout (`_markup`, `_shortcodes`, `_partials`) and the
//! old one (`_default/_markup`, `shortcodes`, `partials`). Hugo builds it; every page must
//! print what Hugo prints.

use std::path::Path;

use crate::content_fidelity::{build_dropping_refused, compare, marker_layouts};
use crate::support::{hugo, TempSite};

const LINK: &str = "<a href=\"{{ .Destination | safeURL }}\" data-title=\"{{ .Title }}\" data-plain=\"{{ .PlainText }}\" data-ord=\"{{ .Ordinal }}\">{{ .Text }}</a>";
const IMAGE: &str = "<img src=\"{{ .Destination | safeURL }}\" alt=\"{{ .PlainText }}\" data-title=\"{{ .Title }}\" data-ord=\"{{ .Ordinal }}\" data-block=\"{{ .IsBlock }}\">";
const HEADING: &str = "<h{{ .Level }} id=\"{{ .Anchor }}\" data-plain=\"{{ .PlainText }}\" data-attrs=\"{{ .Attributes }}\">{{ .Text }}</h{{ .Level }}>\n";
const CODEBLOCK: &str = "<pre data-type=\"{{ .Type }}\" data-ord=\"{{ .Ordinal }}\" data-attrs=\"{{ .Attributes }}\" data-opts=\"{{ .Options }}\">{{ .Inner }}</pre>\n";
const MERMAID: &str = "<div class=\"mermaid\" data-ord=\"{{ .Ordinal }}\">{{ .Inner }}</div>\n";
const TABLE: &str = "<table data-ord=\"{{ .Ordinal }}\">{{ range .THead }}<tr>{{ range . }}<th data-align=\"{{ .Alignment }}\">{{ .Text }}</th>{{ end }}</tr>{{ end }}{{ range .TBody }}<tr>{{ range . }}<td data-align=\"{{ .Alignment }}\">{{ .Text }}</td>{{ end }}</tr>{{ end }}</table>\n";
const BLOCKQUOTE: &str = "<blockquote data-type=\"{{ .Type }}\" data-alert=\"{{ .AlertType }}\" data-title=\"{{ .AlertTitle }}\" data-sign=\"{{ .AlertSign }}\" data-ord=\"{{ .Ordinal }}\">{{ .Text }}</blockquote>\n";

const PAGE: &str = r#"---
title: Hooks
---
A [link *em*](/dest/ "The title") and [bare](https://x.y/z?a=1&b=2) and <https://auto.example/a>
and www.linkify.example and mail <me@example.org> and [second](/two/).

![Alt *text*](/img/a.png "Img title") and ![second](b.png)

## Heading *one* {#custom .c1 data-x="y"}

## Plain [linked](/in/heading/) heading

```go {linenos=true file="main.go" .myclass}
package main
```

```mermaid
graph TD;
```

```
no lang
```

| Left | Center | Right |
|:-----|:------:|------:|
| a *b* | c | d |
| e |

> Regular quote
> with two lines

> [!WARNING]
> Careful *now*.

> [!tip]+ Custom title
> Folded.

{{< greet "you" >}}

{{% greet "there" %}}
"#;

/// Writes the hooks site: hooks in the project's `_markup` and the theme's old
/// `_default/_markup`, shortcodes and partials split between them.
fn hooks_site(site: &TempSite) {
    site.write("hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'Hooks'\ntheme = 't'\ndisableKinds = ['rss', 'sitemap', 'taxonomy', 'term']\n");
    site.write("content/posts/hooks.md", PAGE);
    site.write(
        "content/posts/plain.md",
        "---\ntitle: Plain\n---\nNo hooks here but [a link](/x/) and a\n\n| t |\n|---|\n| c |\n",
    );
    for (name, text) in [
        ("render-link.html", LINK),
        ("render-heading.html", HEADING),
        ("render-codeblock.html", CODEBLOCK),
        ("render-codeblock-mermaid.html", MERMAID),
        ("render-table.html", TABLE),
        ("render-blockquote.html", BLOCKQUOTE),
    ] {
        site.write(&format!("layouts/_markup/{name}"), text);
    }
    // The theme's image hook is used; its link hook loses to the project's.
    site.write("themes/t/layouts/_default/_markup/render-image.html", IMAGE);
    site.write(
        "themes/t/layouts/_markup/render-link.html",
        "<a class=\"theme-link\">{{ .Text }}</a>",
    );
    // The project's shortcode (old layout) wins over the theme's (new layout); the partial
    // it calls lives in the theme only.
    site.write(
        "layouts/shortcodes/greet.html",
        "<span class=\"project\">{{ partial \"hello.html\" (.Get 0) }}</span>",
    );
    site.write(
        "themes/t/layouts/_shortcodes/greet.html",
        "<span class=\"theme\"></span>",
    );
    site.write("themes/t/layouts/_partials/hello.html", "Hello {{ . }}");
}

#[test]
fn render_hooks_and_template_lookup_match_hugo() {
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED render_hooks_and_template_lookup_match_hugo: the real Hugo could not be installed");
        return;
    };
    let site = TempSite::new();
    std::fs::remove_file(site.root().join("hugo.yaml")).unwrap();
    hooks_site(&site);
    let root: &Path = site.root();
    marker_layouts(root);
    build_dropping_refused(&hugo, root);
    let report = compare(root, 1);
    report.print("render hooks");
    assert!(report.total >= 2, "Hugo rendered {} pages", report.total);
    assert!(
        report.causes.is_empty(),
        "{} of {} pages differ from Hugo",
        report.total - report.identical,
        report.total
    );
}
