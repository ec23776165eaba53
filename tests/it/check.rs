//! Checks and fixes on a small site with term pages, retired topics and legacy posts.

use postwright::check::{apply_fixes, check_page};
use postwright::site::Site;

use crate::support::{cli, TempSite};

fn site_with_terms() -> TempSite {
    let site = TempSite::new();
    site.write(
        "content/topics/customer-experience/_index.md",
        "---\ntitle: Customer experience\nslug: customer-experience\naliases:\n  - /topics/cx/\n  - /topics/customer-service/\n  - /topics/ex-im-bank/\n---\n",
    );
    site.write("content/topics/product-management/_index.md", "---\ntitle: Product management\n---\n");
    site.write("content/authors/rflagg/_index.md", "---\ntitle: Rachel Flagg\n---\n");
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
    assert_eq!(retired.message, "`cx` is retired: its page now lives at `customer-experience`");
    assert_eq!(retired.column, 5);
}

#[test]
fn fixes_give_canonical_deduplicated_topics_and_touch_nothing_else() {
    let site = site_with_terms();
    site.write("content/news/legacy.md", LEGACY);
    let site = Site::open(site.root()).unwrap();
    let found: Vec<_> = check_page(&site, "news/legacy.md", LEGACY).into_iter().filter(|d| d.code == "retired-topic").collect();
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
    let out = cli().args(["fix", "--dry-run", "--rule", "liquid-tag", "--site"]).arg(site.root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.contains("+{{< figure src=\"https://example.gov/a.jpg\" alt=\"A graph\" >}}"), "{diff}");
    assert_eq!(site.read("content/news/legacy.md"), LEGACY);
}

#[test]
fn check_cli_reports_like_a_compiler_and_fails_on_errors() {
    let site = site_with_terms();
    site.write("content/news/bad.md", "---\ntitle: A\ndate: Jan 2 2020\n---\n");
    let out = cli().args(["check", "--site"]).arg(site.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("content/news/bad.md:3:1: error date-format:"), "{text}");
}
