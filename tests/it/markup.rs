//! Markdown details against the real Hugo, one small site per behaviour: Hugo builds it with
//! layouts printing only `.Content`, and every page Postwright renders must print the same
//! (whitespace-normalised, highlighted code compared by text; `content_fidelity::compare`).

use std::path::Path;

use crate::content_fidelity::{build_dropping_refused, compare, marker_layouts};
use crate::support::{hugo, TempSite};

/// Builds a site of `files` (config `hugo.toml` first) with Hugo and asserts that every page
/// it renders is rendered the same here.
fn matches_hugo(test: &str, files: &[(&str, &str)]) {
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED {test}: the real Hugo could not be installed");
        return;
    };
    let site = TempSite::new();
    std::fs::remove_file(site.root().join("hugo.yaml")).unwrap();
    for (path, text) in files {
        site.write(path, text);
    }
    let root: &Path = site.root();
    marker_layouts(root);
    build_dropping_refused(&hugo, root);
    let report = compare(root, 1);
    report.print(test);
    assert!(report.total >= 1, "Hugo rendered no page");
    assert!(
        report.causes.is_empty(),
        "{} of {} pages differ from Hugo",
        report.total - report.identical,
        report.total
    );
}

const CONFIG: &str = "baseURL = 'https://example.org/'\ndisableKinds = ['rss', 'sitemap', 'taxonomy', 'term']\n[[cascade]]\n[cascade.build]\nlist = 'never'\nrender = 'never'\n[cascade.target]\npath = '/_common/**'\n";

/// Hugo's documentation's `include`: `.RenderShortcodes` of another page.
const INCLUDE: &str = "{{ with site.GetPage (.Get 0) }}{{ .RenderShortcodes }}{{ end }}";

/// `{{% include %}}` pastes the included page's source wrapped in Hugo's context markers:
/// a definition's text keeps the line break before the closing marker, a paragraph's loses
/// it, a table gains an empty row, a marker line alone prints nothing, an indented one is
/// unindented, and the included page's `{{< >}}` output is not read as Markdown.
#[test]
fn included_pages_carry_hugos_context_markers() {
    matches_hugo(
        "included_pages_carry_hugos_context_markers",
        &[
            ("hugo.toml", CONFIG),
            ("layouts/_shortcodes/include.html", INCLUDE),
            (
                "layouts/_shortcodes/badge.html",
                "<span class=\"badge\">\n<a href=\"/x/\">{{ .Get 0 }}</a>\n</span>",
            ),
            (
                "content/_common/definitions.md",
                "---\ntitle: d\n---\n\n`weight`\n: (`int`) Lighter entries float to the top.\n",
            ),
            (
                "content/_common/heading.md",
                "---\ntitle: h\n---\n\n## Head\n\nPara one\nline two\n",
            ),
            (
                "content/_common/table.md",
                "---\ntitle: t\n---\n\nPath|Matches\n:--|:--\n`a`|yes\n",
            ),
            ("content/_common/para.md", "---\ntitle: p\n---\n\nA para\n"),
            (
                "content/_common/badge.md",
                "---\ntitle: b\n---\n\n(1) {{< badge \"New in v1\" >}}\n\n{{< badge \"Alone\" >}}\n",
            ),
            (
                "content/_common/list.md",
                "---\ntitle: l\n---\n\n- one\n- two\n",
            ),
            (
                "content/page.md",
                "---\ntitle: page\n---\n\nBefore:\n\n{{% include \"/_common/definitions.md\" %}}\n\n`pageRef`\n: other\n\n\
{{% include \"/_common/heading.md\" %}}\n\nAfter\n\n{{% include \"/_common/table.md\" %}}\n\n\
- outer\n\n  {{% include \"/_common/para.md\" %}}\n\n  more\n\n\
Inline {{% include \"/_common/para.md\" %}} text.\n\n{{% include \"/_common/para.md\" %}}\nlazy\n\n\
{{% include \"/_common/badge.md\" %}}\n\n{{% include \"/_common/list.md\" %}}\n\nEnd.\n",
            ),
            (
                "content/angle.md",
                "---\ntitle: angle\n---\n\nA {{< include \"/_common/para.md\" >}} b.\n",
            ),
        ],
    );
}

/// Goldmark makes each line of the paragraph before a `:` line a term of its own (with its
/// own id under `autoDefinitionTermID`).
#[test]
fn each_line_before_a_definition_is_a_term() {
    matches_hugo(
        "each_line_before_a_definition_is_a_term",
        &[
            (
                "hugo.toml",
                &format!("{CONFIG}[markup.goldmark.parser]\nautoDefinitionTermID = true\n"),
            ),
            (
                "content/terms.md",
                "---\ntitle: terms\n---\n\n`Direction`\n: The direction.\n\nUse [`Direction`](#direction) instead.\n`LanguageName`\n: Deprecated.\n: Use `Label`.\n\nOne  \nTwo *em*\nThree\n: All three.\n",
            ),
        ],
    );
}

/// A `{…}` line after a blockquote or a table gives its attributes to the site's hook
/// (`.Attributes`), as it gives them to the element Hugo prints without a hook.
#[test]
fn attribute_lines_reach_blockquote_and_table_hooks() {
    matches_hugo(
        "attribute_lines_reach_blockquote_and_table_hooks",
        &[
            (
                "hugo.toml",
                &format!("{CONFIG}[markup.goldmark.parser.attribute]\nblock = true\n"),
            ),
            (
                "layouts/_markup/render-blockquote.html",
                "<blockquote data-type=\"{{ .Type }}\" data-attrs=\"{{ .Attributes }}\" class=\"{{ .Attributes.class }}\">{{ .Text }}</blockquote>\n",
            ),
            (
                "layouts/_markup/render-table.html",
                "<table data-attrs=\"{{ .Attributes }}\">{{ range .TBody }}<tr>{{ range . }}<td>{{ .Text }}</td>{{ end }}</tr>{{ end }}</table>\n",
            ),
            (
                "content/attrs.md",
                "---\ntitle: attrs\n---\n\n> [!CAUTION]\n> Legacy.\n{class=\"!mt-6\"}\n\n> Plain quote\n{.q #quote data-x=\"y\"}\n\n> No attributes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{.t}\n",
            ),
        ],
    );
}

/// Pages of the embedded-hook sites: a bundle with resources (one in a folder, one named in
/// another case), a global resource in `assets`, and links to pages, resources and anchors.
fn embedded_hook_pages(config: &str) -> Vec<(&'static str, String)> {
    vec![
        ("hugo.toml", config.to_string()),
        ("assets/images/global.png", "png".into()),
        ("content/other.md", "---\ntitle: other\n---\n\nOther.\n".into()),
        ("content/Bundle/Shot.PNG", "png".into()),
        ("content/Bundle/sub/a b.png", "png".into()),
        (
            "content/Bundle/index.md",
            "---\ntitle: bundle\n---\n\n![shot](Shot.PNG)\n\n![again](./shot.png?v=1#top \"Title\")\n\n\
![spaced](sub/a%20b.png) and ![global](/images/global.png) and ![remote](https://example.com/x.png) and ![missing](nope.png)\n\n\
[self](#part) [page](/other) [file](other.md) [resource](Shot.PNG) [remote](https://example.com/) [missing](nope/)\n"
                .into(),
        ),
    ]
}

fn embedded_hooks_match_hugo(test: &str, config: &str, extra: &[(&str, &str)]) {
    let pages = embedded_hook_pages(config);
    let mut files: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (*p, t.as_str())).collect();
    files.extend_from_slice(extra);
    matches_hugo(test, &files);
}

/// Hugo's embedded link and image hooks resolve destinations to pages and resources: used
/// by default (`auto`) on a site that configures `languages`, even one.
#[test]
fn embedded_link_and_image_hooks_resolve_resources_on_a_site_with_languages() {
    embedded_hooks_match_hugo(
        "embedded_link_and_image_hooks_resolve_resources_on_a_site_with_languages",
        &format!("{CONFIG}[languages]\n[languages.en]\nweight = 1\n"),
        &[],
    );
}

/// `useEmbedded`: `always` wins over the site's hook, `never` keeps goldmark's links, and
/// `auto` without `languages` uses no embedded hook.
#[test]
fn use_embedded_chooses_between_the_sites_hooks_and_hugos() {
    embedded_hooks_match_hugo(
        "use_embedded_always_and_never",
        &format!("{CONFIG}[markup.goldmark.renderHooks.image]\nuseEmbedded = 'always'\n[markup.goldmark.renderHooks.link]\nuseEmbedded = 'never'\n"),
        &[(
            "layouts/_markup/render-image.html",
            "<img class=\"site-hook\" src=\"{{ .Destination }}\">",
        )],
    );
    embedded_hooks_match_hugo("use_embedded_auto_without_languages", CONFIG, &[]);
}

/// Heading and term ids read a code span's named entities as their characters and numeric
/// ones as written, as they read text.
#[test]
fn ids_read_entities_in_code_spans_as_in_text() {
    matches_hugo(
        "ids_read_entities_in_code_spans_as_in_text",
        &[
            (
                "hugo.toml",
                &format!("{CONFIG}[markup.goldmark.parser]\nautoDefinitionTermID = true\n"),
            ),
            (
                "content/ids.md",
                "---\ntitle: ids\n---\n\n## `(&lt;nil&gt;)` code\n\n## Plain &lt;b&gt; &amp; &#8217; &copy;\n\n## `a &amp; b` and `&#8217;`\n\n`(<nil>)`\n: a\n\n`(&lt;nil&gt;)`\n: b\n",
            ),
        ],
    );
}

/// `hl_inline`: the `highlight` shortcode prints inline code (`<code class="code-inline …">`,
/// compared by its text like a highlighted block), no block around it.
#[test]
fn highlight_inline_prints_inline_code() {
    matches_hugo(
        "highlight_inline_prints_inline_code",
        &[
            ("hugo.toml", CONFIG),
            (
                "content/inline.md",
                "---\ntitle: inline\n---\n\nThis is some {{< highlight go \"hl_inline=true, noClasses=true\" >}}fmt.Println(\"inline\"){{< /highlight >}} code.\n\nAnd {{< highlight go \"hl_inline=true\" >}}x := 1{{< /highlight >}} with classes.\n",
            ),
        ],
    );
}

/// A delimiter row with more cells than the header row still makes a table (goldmark): the
/// header and short rows are padded with empty cells, a row's cells past the header's are kept.
#[test]
fn a_delimiter_row_wider_than_the_header_makes_a_wider_table() {
    let page = "---\ntitle: wide\n---\n\nCondition|Return value\n:--|:--|--:\n`a`|b\nc|d|e|f\n\n| h |\n|:-:|---|\n| 1 |\n\n  x|y\n  -|-|-\n  1|2\n\nNarrow|header|three\n-|-\n1|2|3\n";
    matches_hugo(
        "a_delimiter_row_wider_than_the_header_makes_a_wider_table",
        &[("hugo.toml", CONFIG), ("content/wide.md", page)],
    );
    matches_hugo(
        "a_delimiter_row_wider_than_the_header_makes_a_wider_table_hooked",
        &[
            ("hugo.toml", CONFIG),
            ("content/wide.md", page),
            (
                "layouts/_markup/render-table.html",
                "<table>{{ range .THead }}<tr>{{ range . }}<th data-align=\"{{ .Alignment }}\">{{ .Text }}</th>{{ end }}</tr>{{ end }}{{ range .TBody }}<tr>{{ range . }}<td data-align=\"{{ .Alignment }}\">{{ .Text }}</td>{{ end }}</tr>{{ end }}</table>\n",
            ),
        ],
    );
}
