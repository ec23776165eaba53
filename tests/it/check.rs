//! Checks and fixes on a small site with term pages, retired topics and legacy posts.

use postwright::check::{apply_fixes, check_page, Severity};
use postwright::site::Site;

use crate::support::{cli, TempSite};

fn site_with_terms() -> TempSite {
    let site = TempSite::new();
    site.write(
        "content/topics/customer-experience/_index.md",
        "---\ntitle: Customer experience\nslug: customer-experience\naliases:\n  - /topics/cx/\n  - /topics/customer-service/\n  - /topics/ex-im-bank/\n---\n",
    );
    site.write(
        "content/topics/product-management/_index.md",
        "---\ntitle: Product management\n---\n",
    );
    site.write(
        "content/authors/rflagg/_index.md",
        "---\ntitle: Rachel Flagg\n---\n",
    );
    site
}

const LEGACY: &str = "---\ntitle: 'CX Community&mdash;Year One'\nsummary: One year of CX.\ndate: 2015-12-30 10:00:47 -0400\nauthors: [rflagg, nobody]\ntopics:\n  - product-management\n  - cx\n  - customer-service\n  - Ex-Im Bank\n  - made-up\n---\n\nIt&#8217;s here.\n{% include image/full-width.html img=\"https://example.gov/a.jpg\" alt=\"A graph\" %}\n\n`&mdash; stays in code`\n";

#[test]
fn finds_retired_and_unknown_terms_entities_and_liquid_tags_with_positions() {
    let site = site_with_terms();
    site.write("content/news/legacy.md", LEGACY);
    let site = Site::open(site.root()).unwrap();
    let found = check_page(&site, "news/legacy.md", LEGACY);
    let codes: Vec<_> = found.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        codes,
        [
            ("html-entity", 2),
            ("unknown-author", 5),
            ("retired-topic", 8),
            ("retired-topic", 9),
            ("retired-topic", 10),
            ("unknown-topic", 11),
            ("html-entity", 14),
            ("liquid-tag", 15),
        ]
    );
    let retired = &found[2];
    assert_eq!(
        retired.message,
        "`cx` is retired: its page now lives at `customer-experience`"
    );
    assert_eq!(retired.column, 5);
}

#[test]
fn fixes_give_canonical_deduplicated_topics_and_touch_nothing_else() {
    let site = site_with_terms();
    site.write("content/news/legacy.md", LEGACY);
    let site = Site::open(site.root()).unwrap();
    let found: Vec<_> = check_page(&site, "news/legacy.md", LEGACY)
        .into_iter()
        .filter(|d| d.code == "retired-topic")
        .collect();
    let fixed = apply_fixes(LEGACY, &found).unwrap();
    let expected = LEGACY.replace(
        "  - cx\n  - customer-service\n  - Ex-Im Bank\n  - made-up\n",
        "  - customer-experience\n  - made-up\n",
    );
    assert_eq!(fixed, expected);
}

#[test]
fn fix_cli_dry_run_prints_a_diff_and_writes_nothing() {
    let site = site_with_terms();
    site.write("content/news/legacy.md", LEGACY);
    let out = cli()
        .args(["fix", "--dry-run", "--rule", "liquid-tag", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("+{{< figure src=\"https://example.gov/a.jpg\" alt=\"A graph\" >}}"),
        "{diff}"
    );
    assert_eq!(site.read("content/news/legacy.md"), LEGACY);
}

#[test]
fn check_cli_reports_like_a_compiler_and_fails_on_errors() {
    let site = site_with_terms();
    site.write(
        "content/news/bad.md",
        "---\ntitle: A\ndate: Jan 2 2020\n---\n",
    );
    let out = cli()
        .args(["check", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("content/news/bad.md:3:1: error date-format:"),
        "{text}"
    );
}

/// A site whose Decap config makes `summary` required and gives `slug` a pattern.
fn site_with_rules() -> TempSite {
    let site = TempSite::new();
    site.write(
        "static/admin/config.yml",
        "collections:\n  - name: news\n    label: News\n    folder: content/news\n    fields:\n      - {name: title, label: Title, widget: string}\n      - {name: summary, label: Summary, widget: text}\n      - {name: date, label: Date, widget: datetime}\n      - {name: slug, label: Slug, widget: string, required: false, pattern: ['^[a-z0-9-]+$', 'Use lower-case letters, digits and hyphens']}\n",
    );
    site
}

/// The findings of one rule on `text`, as (line, column, message).
fn only(site: &Site, rel: &str, text: &str, code: &str) -> Vec<(usize, usize, String)> {
    check_page(site, rel, text)
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| (d.line, d.column, d.message))
        .collect()
}

#[test]
fn front_matter_syntax_errors_point_at_the_bad_yaml() {
    let site = TempSite::new();
    let site = Site::open(site.root()).unwrap();
    let text = "---\ntitle: A\nsummary: \"unclosed\ndate: 2020-01-02\n---\nBody\n";
    let found = check_page(&site, "news/a.md", text);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(
        (d.code, d.severity),
        ("front-matter-syntax", Severity::Error)
    );
    assert_eq!((d.line, d.column), (3, 10), "{}", d.message);
    // A mapping where a list item was expected, further down.
    let text = "---\ntitle: A\ntopics:\n  - one\n  bad: two\n---\n";
    let found = only(&site, "news/a.md", text, "front-matter-syntax");
    assert_eq!(
        found.iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(),
        [(5, 3)],
        "{found:?}"
    );
}

#[test]
fn a_missing_required_field_points_where_the_key_would_go() {
    let site = site_with_rules();
    let site = Site::open(site.root()).unwrap();
    // `summary` comes after `title` in the form: it would be added on line 3, before `date`.
    let text = "---\ntitle: A\ndate: 2020-01-02 10:00:00 -0500\n---\nBody\n";
    assert_eq!(
        only(&site, "news/a.md", text, "required-field"),
        [(3, 1, "`summary` (Summary) is required for News".to_string())]
    );
    // The TOML editor adds keys after the last one: the place is the closing delimiter.
    let toml = "+++\ntitle = 'A'\ndate = 2020-01-02T10:00:00-05:00\n+++\n";
    assert_eq!(
        only(&site, "news/a.md", toml, "required-field")
            .iter()
            .map(|f| (f.0, f.1))
            .collect::<Vec<_>>(),
        [(4, 1)]
    );
    // Empty counts as missing, and then the key's own line is the place.
    let text = "---\ntitle: A\ndate: 2020-01-02 10:00:00 -0500\nsummary: \"\"\n---\n";
    assert_eq!(
        only(&site, "news/a.md", text, "required-field")
            .iter()
            .map(|f| (f.0, f.1))
            .collect::<Vec<_>>(),
        [(4, 1)]
    );
    let found = check_page(&site, "news/a.md", text);
    assert_eq!(
        found
            .iter()
            .find(|d| d.code == "required-field")
            .unwrap()
            .field
            .as_deref(),
        Some("summary")
    );
}

#[test]
fn a_slug_not_matching_the_collection_pattern_points_at_its_line() {
    let site = site_with_rules();
    let site = Site::open(site.root()).unwrap();
    let text =
        "---\ntitle: A\nsummary: s\ndate: 2020-01-02 10:00:00 -0500\nslug: Not_A_Slug\n---\n";
    assert_eq!(
        only(&site, "news/a.md", text, "pattern-mismatch"),
        [(
            5,
            1,
            "`slug`: Use lower-case letters, digits and hyphens".to_string()
        )]
    );
    assert!(only(
        &site,
        "news/a.md",
        &text.replace("Not_A_Slug", "a-slug"),
        "pattern-mismatch"
    )
    .is_empty());
}

#[test]
fn images_without_alt_text_are_found_in_shortcodes_and_markdown() {
    let site = TempSite::new();
    let site = Site::open(site.root()).unwrap();
    let text = "---\ntitle: A\nsummary: s\n---\n\
{{< figure src=\"/a.png\" >}}\n\
{{< figure src=\"/b.png\" alt=\"A bar chart\" >}}\n\
{{< legacy-img src=\"/c.png\" alt=\" \" >}}\n\
{{< img src=\"uid-in-data\" >}}\n\
Text ![](/d.png) and ![A map](/e.png).\n\
```\n![](/in-code.png)\n```\n";
    let found = only(&site, "news/a.md", text, "missing-alt");
    assert_eq!(
        found,
        [
            (
                5,
                1,
                "image `figure` has no alt text: describe it for readers who cannot see it"
                    .to_string()
            ),
            (
                7,
                1,
                "image `legacy-img` has no alt text: describe it for readers who cannot see it"
                    .to_string()
            ),
            (
                9,
                6,
                "image has no alt text: describe it in `![…]`".to_string()
            ),
        ]
    );
}

#[test]
fn dates_without_offset_in_the_future_or_unparseable_are_reported_on_the_date_line() {
    let site = TempSite::new();
    let site = Site::open(site.root()).unwrap();
    let page = |date: &str| format!("---\ntitle: A\nsummary: s\ndate: {date}\n---\n");
    let codes = |date: &str| {
        check_page(&site, "news/a.md", &page(date))
            .into_iter()
            .filter(|d| d.code.contains("date"))
            .map(|d| (d.code, d.severity, d.line, d.column, d.field))
            .collect::<Vec<_>>()
    };
    let date = Some("date".to_string());
    assert_eq!(codes("2020-01-02 10:00:00 -0500"), []);
    assert_eq!(codes("2020-01-02T10:00:00Z"), []);
    assert_eq!(
        codes("2020-01-02 10:00:00"),
        [("date-no-offset", Severity::Info, 4, 1, date.clone())]
    );
    assert_eq!(
        codes("2999-01-02 10:00:00 -0500"),
        [("future-date", Severity::Info, 4, 1, date.clone())]
    );
    assert_eq!(
        codes("Jan 2 2020"),
        [("date-format", Severity::Error, 4, 1, date.clone())]
    );
    let message = &check_page(&site, "news/a.md", &page("Jan 2 2020"))[0].message;
    assert!(
        message.contains("`date: Jan 2 2020` is not a date Hugo can parse"),
        "{message}"
    );
}

#[test]
fn summaries_missing_too_long_or_repeating_the_title_are_reported() {
    let site = TempSite::new();
    let site = Site::open(site.root()).unwrap();
    let summary_codes = |text: &str| {
        check_page(&site, "news/a.md", text)
            .into_iter()
            .filter(|d| d.code.starts_with("summary-"))
            .map(|d| (d.code, d.severity, d.line, d.field))
            .collect::<Vec<_>>()
    };
    let field = Some("summary".to_string());
    assert_eq!(
        summary_codes("---\ntitle: A post\nsummary: What it is about.\n---\n"),
        []
    );
    assert_eq!(
        summary_codes("---\ndate: 2020-01-02\ntitle: A post\n---\n"),
        [("summary-missing", Severity::Info, 3, field.clone())]
    );
    assert_eq!(
        summary_codes("---\ntitle: A post\nsummary: ''\n---\n"),
        [("summary-missing", Severity::Info, 2, field.clone())]
    );
    assert_eq!(
        summary_codes("---\ntitle: A post\nsummary: a POST \n---\n"),
        [("summary-repeats-title", Severity::Info, 3, field.clone())]
    );
    let long = format!(
        "---\ntitle: A post\nsummary: {}\n---\n",
        "word ".repeat(61).trim()
    );
    assert_eq!(
        summary_codes(&long),
        [("summary-too-long", Severity::Info, 3, field.clone())]
    );
    let message = check_page(&site, "news/a.md", &long)
        .into_iter()
        .find(|d| d.code == "summary-too-long")
        .unwrap()
        .message;
    assert_eq!(
        message,
        "the summary is 304 characters: keep it to one sentence (under 300)"
    );
    // Section and top-level pages carry no summary of their own.
    assert_eq!(
        summary_codes_for(&site, "news/_index.md", "---\ntitle: News\n---\n"),
        Vec::<&str>::new()
    );
    assert_eq!(
        summary_codes_for(&site, "about.md", "---\ntitle: About\n---\n"),
        Vec::<&str>::new()
    );
}

fn summary_codes_for(site: &Site, rel: &str, text: &str) -> Vec<&'static str> {
    check_page(site, rel, text)
        .into_iter()
        .map(|d| d.code)
        .filter(|c| c.starts_with("summary-"))
        .collect()
}
