//! One answer per ref: for every `ref`/`relref` call of every page, what the preview prints
//! (a URL, or REF_NOT_FOUND and `refLinksNotFoundURL`), what the checks report (`broken-ref`,
//! `ambiguous-ref`) and what the link dialog is told ([`Site::resolve_ref`]) agree — on the
//! sample site, on a site built to hit Hugo's corner cases, and on the digital.gov corpus
//! when `POSTWRIGHT_CORPUS` is set.

use std::collections::BTreeMap;
use std::path::Path;

use postwright::check::check_site;
use postwright::render::render_page;
use postwright::site::{RefError, RefResolution, Site};

use crate::support::{hugo, TempSite};

/// Compares the three answers for every ref of `site`; returns how many refs it compared.
fn assert_preview_and_checks_agree(site: &Site) -> usize {
    let findings: BTreeMap<(String, usize, usize), &'static str> = check_site(site)
        .into_iter()
        .filter(|d| matches!(d.code, "broken-ref" | "ambiguous-ref"))
        .map(|d| ((d.path, d.line, d.column), d.code))
        .collect();
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for page in &site.index.pages {
        for r in &page.refs {
            compared += 1;
            let relative = r.shortcode == "relref";
            let preview = site.ref_url(&page.path, &r.target, r.lang.as_deref(), relative);
            let check = findings
                .get(&(page.path.clone(), r.line, r.column))
                .copied();
            let dialog = site.resolve_ref(&page.path, &r.target, r.lang.as_deref());
            let dialog_url = match &dialog {
                RefResolution::Found { path, .. } => {
                    let target = site.index.page(path).unwrap();
                    let fragment = r.target.split_once('#').map(|(_, f)| format!("#{f}"));
                    Some(format!(
                        "{}{}",
                        site.page_url(target, relative),
                        fragment.unwrap_or_default()
                    ))
                }
                RefResolution::Anchor => Some(format!(
                    "#{}",
                    r.target.split_once('#').map_or("", |(_, f)| f)
                )),
                _ => None,
            };
            let agree = match (&preview, check) {
                (Ok(url), None) => dialog_url.as_deref() == Some(url.as_str()),
                (Err(RefError::NotFound), Some("broken-ref")) => {
                    matches!(dialog, RefResolution::NotFound { .. })
                }
                (Err(RefError::Ambiguous(_)), Some("ambiguous-ref")) => {
                    matches!(dialog, RefResolution::Ambiguous { .. })
                }
                _ => false,
            };
            if !agree {
                disagreements.push(format!(
                    "{}:{}:{} {} {:?}: preview {preview:?}, check {check:?}, dialog {dialog:?}",
                    page.path, r.line, r.column, r.shortcode, r.target
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {compared} refs get different answers:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    compared
}

/// The preview's REF_NOT_FOUND lines for a page, as (file line, column).
fn preview_misses(site: &Site, rel: &str) -> Vec<(usize, usize)> {
    let source = std::fs::read_to_string(site.content_root().join(rel)).unwrap();
    let fm = postwright::front_matter::FrontMatter::parse(&source).unwrap();
    let body_start = fm.body_start();
    let lines_before = source[..body_start].matches('\n').count();
    render_page(site, rel, &source[body_start..])
        .diagnostics
        .into_iter()
        .filter(|d| d.message.contains("REF_NOT_FOUND"))
        .map(|d| (d.line + lines_before, d.column))
        .collect()
}

#[test]
fn the_sample_sites_refs_get_one_answer_from_preview_checks_and_dialog() {
    let temp = tempfile::tempdir().unwrap();
    let root = postwright::site::sample::extract_sample_site(temp.path()).unwrap();
    let site = Site::open(&root).unwrap();
    let compared = assert_preview_and_checks_agree(&site);
    assert!(compared > 0, "the sample site has refs to compare");
    // And the real render: its REF_NOT_FOUND lines are exactly the checks' findings.
    let findings = check_site(&site);
    for page in &site.index.pages {
        let mut checked: Vec<(usize, usize)> = findings
            .iter()
            .filter(|d| d.path == page.path && matches!(d.code, "broken-ref" | "ambiguous-ref"))
            .map(|d| (d.line, d.column))
            .collect();
        checked.sort();
        let mut previewed = preview_misses(&site, &page.path);
        previewed.sort();
        assert_eq!(previewed, checked, "{}", page.path);
    }
}

/// Pages around a leaf bundle, a branch and a draft, with refs in every shape Hugo's lookup
/// treats differently.
fn corner_site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "hugo.yaml",
        "baseURL: https://example.org/sub/\ntitle: Refs\nrefLinksErrorLevel: warning\n",
    );
    site.write("layouts/_default/single.html", "{{ .Content }}");
    site.write("layouts/_default/list.html", "{{ .Content }}");
    let page = |title: &str| format!("---\ntitle: {title}\n---\n");
    site.write(
        "content/news/_index.md",
        &format!(
            "{}{}",
            page("News"),
            "S {{< ref \"./other\" >}} {{< relref \"bundle\" >}}\n"
        ),
    );
    site.write("content/_index.md", &page("Home"));
    site.write("content/news/sib.md", &page("Sib"));
    site.write("content/news/other.md", &page("Other"));
    site.write("content/sib2.md", &page("Sib2"));
    site.write("content/guides/dup.md", &page("Dup one"));
    site.write("content/resources/dup.md", &page("Dup two"));
    site.write(
        "content/news/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\n",
    );
    site.write(
        "content/news/bundle/index.md",
        &format!(
            "{}{}",
            page("Bundle"),
            [
                "A {{< ref \"../sib.md\" >}}",
                "B {{< ref \"../sib\" >}}",
                "C {{< ref \"./other.md\" >}}",
                "D {{< relref \"./other\" >}}",
                "E {{< ref \"../sib2.md\" >}}",
                "F {{< ref \"../../sib2.md\" >}}",
                "G {{< ref \"../sib2\" >}}",
                "H {{< ref \"../../sib2\" >}}",
                "I {{< relref \"/news/other#Part\" >}}",
                "J {{< ref \"dup.md\" >}}",
                "K {{< ref \"draft.md\" >}}",
                "L {{< ref \"#here\" >}}",
                "M {{< ref \"/\" >}}",
                "N {{< ref \"Other.md\" >}}",
                "O {{< ref path=\"sib2\" >}}",
            ]
            .join("\n\n")
        ),
    );
    site
}

#[test]
fn corner_case_refs_get_one_answer_and_hugos() {
    let temp = corner_site();
    let site = Site::open(temp.root()).unwrap();
    assert!(assert_preview_and_checks_agree(&site) >= 17);
    let from = "news/bundle/index.md";
    let url = |target: &str| site.ref_url(from, target, None, false).ok();
    // Hugo 0.168's answers (checked against the real binary below when it is installed).
    assert_eq!(
        url("../sib.md").as_deref(),
        Some("https://example.org/sub/news/sib/")
    );
    assert_eq!(
        url("../sib"),
        None,
        "without an extension, from the bundle's folder"
    );
    assert_eq!(url("../sib2.md"), None);
    assert_eq!(
        url("../../sib2.md").as_deref(),
        Some("https://example.org/sub/sib2/")
    );
    assert_eq!(
        url("../sib2").as_deref(),
        Some("https://example.org/sub/sib2/")
    );
    assert_eq!(
        site.ref_url(from, "/news/other#Part", None, true)
            .as_deref(),
        Ok("/sub/news/other/#Part")
    );
    assert_eq!(
        site.ref_url(from, "dup.md", None, false),
        Err(RefError::Ambiguous("dup.md".into()))
    );
    assert_eq!(
        site.resolve_ref(from, "draft.md", None),
        RefResolution::NotFound {
            excluded: Some("news/draft.md".into())
        }
    );

    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED corner_case_refs_get_one_answer_and_hugos (Hugo part): the real Hugo could not be installed");
        return;
    };
    let out = std::process::Command::new(&hugo)
        .args(["--quiet", "-s"])
        .arg(temp.root())
        .output()
        .unwrap();
    let built =
        std::fs::read_to_string(temp.root().join("public/news/bundle/index.html")).or_else(|_| {
            std::fs::read_to_string(temp.root().join("public/sub/news/bundle/index.html"))
        });
    let Ok(built) = built else {
        panic!(
            "hugo did not build the bundle: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let source = temp.read(&format!("content/{from}"));
    let body_start = postwright::front_matter::FrontMatter::parse(&source)
        .unwrap()
        .body_start();
    let ours = render_page(&site, from, &source[body_start..]);
    for letter in [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "K", "L", "M", "N", "O",
    ] {
        let line = |html: &str| {
            html.lines()
                .find(|l| l.starts_with(&format!("<p>{letter} ")))
                .map(str::to_string)
        };
        assert_eq!(line(&ours.html), line(&built), "{letter}");
    }
}

#[test]
fn the_corpus_refs_get_one_answer_from_preview_checks_and_dialog() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        eprintln!("SKIPPED the_corpus_refs_get_one_answer_from_preview_checks_and_dialog: set POSTWRIGHT_CORPUS to the digital.gov corpus");
        return;
    };
    let site = Site::open(Path::new(&corpus)).unwrap();
    let compared = assert_preview_and_checks_agree(&site);
    println!("corpus refs: {compared} compared, preview and checks agree on each");
    assert!(
        compared > 1000,
        "the corpus has thousands of refs: {compared}"
    );
}

#[test]
fn a_page_hugo_drops_for_its_front_matter_cannot_be_linked_to() {
    let site = TempSite::new();
    site.write(
        "content/posts/broken.md",
        "---\ntitle: [unclosed\n---\nBody\n",
    );
    site.write(
        "content/posts/linking.md",
        "---\ntitle: Linking\n---\nSee {{< ref \"broken.md\" >}}.\n",
    );
    let opened = Site::open(site.root()).unwrap();
    assert_eq!(
        opened.resolve_ref("posts/linking.md", "broken.md", None),
        RefResolution::NotFound {
            excluded: Some("posts/broken.md".into())
        }
    );
    assert_eq!(
        opened.ref_url("posts/linking.md", "broken.md", None, true),
        Err(RefError::NotFound)
    );
    let findings = check_site(&opened);
    let broken = findings
        .iter()
        .find(|d| d.code == "broken-ref")
        .expect("the ref is reported");
    assert_eq!(
        (broken.path.as_str(), broken.line, broken.column),
        ("posts/linking.md", 4, 5)
    );
    assert!(
        broken.message.contains("front matter Hugo cannot read"),
        "{}",
        broken.message
    );
    assert_preview_and_checks_agree(&opened);
}

/// A multilingual site: a ref is looked up among the calling page's language (Hugo looks it up
/// in that language's site), or the language the call names; a page of another language only
/// is not found. The preview, the checks and the real Hugo agree.
#[test]
fn refs_on_a_multilingual_site_stay_in_their_language() {
    let temp = TempSite::new();
    std::fs::remove_file(temp.root().join("hugo.yaml")).unwrap();
    temp.write(
        "hugo.toml",
        "baseURL = 'https://example.org/'\ntitle = 'Multi'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\ncontentDir = 'content/en'\n[languages.fr]\nweight = 2\ncontentDir = 'content/fr'\n",
    );
    temp.write(
        "content/en/news/post.md",
        "---\ntitle: EN post\n---\nA [x]({{< ref \"post.md\" >}})\n",
    );
    temp.write(
        "content/en/news/only.md",
        "---\ntitle: EN only\n---\nB [x]({{< ref \"only.md\" >}})\n",
    );
    temp.write(
        "content/fr/news/post.md",
        "---\ntitle: FR post\n---\nC [x]({{< ref \"post.md\" >}}) [y]({{< ref \"/news/post\" >}}) [z]({{< ref path=\"news/post.md\" lang=\"en\" >}}) [o]({{< ref \"only.md\" >}})\n",
    );
    temp.write("layouts/_default/single.html", "{{ .Content }}");
    temp.write("layouts/_default/list.html", "x");
    let site = Site::open(temp.root()).unwrap();
    let fr = "fr/news/post.md";
    let url = |target: &str, lang: Option<&str>| site.ref_url(fr, target, lang, false).ok();
    assert_eq!(
        url("post.md", None).as_deref(),
        Some("https://example.org/fr/news/post/")
    );
    assert_eq!(
        url("/news/post", None).as_deref(),
        Some("https://example.org/fr/news/post/")
    );
    assert_eq!(
        url("news/post.md", Some("en")).as_deref(),
        Some("https://example.org/news/post/")
    );
    assert_eq!(
        url("only.md", None),
        None,
        "an English-only page is not in the French site"
    );
    assert_eq!(
        site.ref_url("en/news/post.md", "post.md", None, false)
            .as_deref(),
        Ok("https://example.org/news/post/")
    );
    // The index reads the call's language; the checks report exactly the one miss.
    let calls = &site.index.page(fr).unwrap().refs;
    assert_eq!(calls[2].lang.as_deref(), Some("en"));
    let broken: Vec<_> = check_site(&site)
        .into_iter()
        .filter(|d| d.code == "broken-ref")
        .map(|d| (d.path, d.message))
        .collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].0, fr);
    assert!(broken[0].1.contains("only.md"), "{broken:?}");
    assert_eq!(assert_preview_and_checks_agree(&site), 6);

    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED refs_on_a_multilingual_site_stay_in_their_language (Hugo part): the real Hugo could not be installed");
        return;
    };
    let out = std::process::Command::new(&hugo)
        .args(["--quiet", "-s"])
        .arg(temp.root())
        .output()
        .unwrap();
    for (rel, built) in [
        (fr, "public/fr/news/post/index.html"),
        ("en/news/post.md", "public/news/post/index.html"),
    ] {
        let built = std::fs::read_to_string(temp.root().join(built)).unwrap_or_else(|_| {
            panic!(
                "hugo did not build {rel}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let source = temp.read(&format!("content/{rel}"));
        let body_start = postwright::front_matter::FrontMatter::parse(&source)
            .unwrap()
            .body_start();
        let ours = render_page(&site, rel, &source[body_start..]);
        assert_eq!(ours.html.trim(), built.trim(), "{rel}");
    }
}
