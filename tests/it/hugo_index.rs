//! The index reads a site's pages as Hugo 0.168 does: module mounts, languages, build options
//! and cascades. The oracle is the real Hugo's `hugo list all` (path, permalink, kind and
//! section of every page it lists), on scratch sites and on the real corpora.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use postwright::site::{Component, MountWarning, Site};

use crate::support::{copy_tree, csv_fields, hugo, TempSite};

/// One page as `hugo list all` prints it.
#[derive(Debug, Clone, PartialEq)]
struct Listed {
    permalink: String,
    kind: String,
    section: String,
}

/// `hugo list all` of the site at `root`, by site-relative file path, permalinks without
/// `base`. A page whose front matter Hugo refuses stops its listing: such files are moved out
/// of the (throw-away) site and returned, and the listing is run again.
fn hugo_list_all(hugo: &Path, root: &Path, base: &str) -> (BTreeMap<String, Listed>, Vec<String>) {
    let mut refused = Vec::new();
    for _ in 0..64 {
        let out = Command::new(hugo)
            .args(["list", "all", "--source"])
            .arg(root)
            // digital.gov sets enableGitInfo; the throw-away copies are not repositories.
            .env("HUGO_ENABLEGITINFO", "false")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            // `"/tmp/x/content/a.md:25:1": [24:1] mapping key … already defined`
            let prefix = format!("\"{}/", root.display());
            let file = stderr.find(&prefix).and_then(|at| {
                let rest = &stderr[at + prefix.len()..];
                let end = rest.find('"')?;
                let spot = &rest[..end];
                Some(spot.split(':').next().unwrap_or(spot).to_string())
            });
            let Some(file) = file else {
                panic!("hugo list all failed on {}:\n{stderr}", root.display());
            };
            std::fs::remove_file(root.join(&file)).unwrap();
            refused.push(file);
            continue;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut rows = BTreeMap::new();
        for line in text.lines().skip(1) {
            let f = csv_fields(line);
            if f.len() < 10 {
                continue;
            }
            let permalink = f[7].strip_prefix(base).unwrap_or(&f[7]).to_string();
            rows.insert(
                f[0].clone(),
                Listed {
                    permalink,
                    kind: f[8].clone(),
                    section: f[9].clone(),
                },
            );
        }
        return (rows, refused);
    }
    panic!("hugo list all kept failing on {}", root.display());
}

/// How the index compares with Hugo's listing: pages matched, and each difference by cause.
#[derive(Debug, Default)]
struct Comparison {
    listed: usize,
    matched: usize,
    differences: BTreeMap<&'static str, Vec<String>>,
}

impl Comparison {
    fn report(&self, name: &str) {
        println!(
            "{name}: index matches hugo list all on {}/{} pages",
            self.matched, self.listed
        );
        for (cause, items) in &self.differences {
            println!("  {cause}: {}", items.len());
            for item in items.iter().take(8) {
                println!("    {item}");
            }
        }
    }
}

/// Compares the index of the site at `root` with `hugo list all`.
fn compare(hugo: &Path, root: &Path) -> Comparison {
    let site = Site::open(root).unwrap();
    let base = site.config.base_url.trim_end_matches('/').to_string();
    let (listed, refused) = hugo_list_all(hugo, root, &base);
    let prefix = &site.config.content_dir;
    let ours: BTreeMap<String, &postwright::site::PageEntry> = site
        .index
        .pages
        .iter()
        .map(|p| (prefix.join(&p.path).to_string_lossy().into_owned(), p))
        .collect();
    let mut out = Comparison {
        listed: listed.len(),
        ..Comparison::default()
    };
    let mut differ = |cause: &'static str, item: String| {
        out.differences.entry(cause).or_default().push(item);
    };
    for (path, hugo_page) in &listed {
        let Some(page) = ours.get(path) else {
            differ("listed by Hugo, not indexed", path.clone());
            continue;
        };
        let kind = serde_json::to_value(page.kind).unwrap();
        let mut same = true;
        if page.permalink != hugo_page.permalink {
            differ(
                "permalink",
                format!(
                    "{path}: hugo {}, ours {}",
                    hugo_page.permalink, page.permalink
                ),
            );
            same = false;
        }
        if kind.as_str() != Some(hugo_page.kind.as_str()) {
            differ(
                "kind",
                format!("{path}: hugo {}, ours {kind}", hugo_page.kind),
            );
            same = false;
        }
        if page.section != hugo_page.section {
            differ(
                "section",
                format!(
                    "{path}: hugo {:?}, ours {:?}",
                    hugo_page.section, page.section
                ),
            );
            same = false;
        }
        if same {
            out.matched += 1;
        }
    }
    for (path, page) in &ours {
        if listed.contains_key(path) {
            continue;
        }
        // A page whose front matter Hugo refuses fails Hugo's build: we list it, with the
        // error, so that it can be fixed.
        if refused.contains(path) {
            assert!(
                page.front_matter_error.is_some(),
                "{path}: Hugo refuses it, we read it without an error"
            );
            continue;
        }
        differ("indexed, not listed by Hugo", path.clone());
    }
    out
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn content_mounted_from_a_subfolder_is_indexed_at_its_target() {
    let site = TempSite::new();
    let root = site.root();
    write(
        root,
        "hugo.toml",
        "baseURL = 'https://example.org/'\ntitle = 'T'\n[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n[module.mounts.sites.matrix]\nlanguages = ['en']\n[[module.mounts]]\nsource = 'docs'\ntarget = 'content/manual'\n",
    );
    std::fs::remove_file(root.join("hugo.yaml")).unwrap();
    write(root, "content/en/_index.md", "---\ntitle: Home\n---\n");
    write(
        root,
        "content/en/about/_index.md",
        "---\ntitle: About\n---\n",
    );
    write(root, "content/en/about/team.md", "---\ntitle: Team\n---\n");
    write(root, "docs/install.md", "---\ntitle: Install\n---\n");
    write(root, "layouts/_shortcodes/x.html", "x");
    let opened = Site::open(root).unwrap();
    // The index's paths are relative to the folder holding the project's content mounts.
    assert_eq!(opened.config.content_dir, PathBuf::from(""));
    let page = |path: &str| opened.index.page(path).unwrap();
    assert_eq!(page("content/en/about/team.md").permalink, "/about/team/");
    assert_eq!(page("content/en/about/team.md").section, "about");
    assert_eq!(page("docs/install.md").permalink, "/manual/install/");
    assert_eq!(page("docs/install.md").section, "manual");
    // Components the project does not mount keep their default folder.
    let layouts: Vec<_> = opened.mounts.root_dirs(root, Component::Layouts);
    assert_eq!(layouts, [PathBuf::from("layouts")]);
    let content: Vec<_> = opened
        .mounts
        .of(Component::Content)
        .map(|m| (m.source.clone(), m.target.clone(), m.languages.clone()))
        .collect();
    assert_eq!(
        content,
        [
            (
                PathBuf::from("content/en"),
                String::new(),
                vec!["en".to_string()]
            ),
            (PathBuf::from("docs"), "manual".to_string(), vec![]),
        ]
    );
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED the Hugo half: the real Hugo is not installed");
        return;
    };
    let comparison = compare(&hugo, root);
    comparison.report("mounted content");
    assert!(comparison.differences.is_empty());
    assert_eq!(comparison.matched, 4);
}

#[test]
fn a_module_not_on_disk_is_reported_once_and_the_rest_of_the_site_works() {
    let site = TempSite::new();
    let root = site.root();
    write(
        root,
        "hugo.yaml",
        "title: T\ntheme: [gone, here]\nmodule:\n  imports:\n    - path: github.com/someone/gone-too\n",
    );
    write(
        root,
        "themes/here/layouts/_shortcodes/note.html",
        "{{ .Inner }}",
    );
    write(root, "themes/here/data/facts.yaml", "a: 1\n");
    write(
        root,
        "content/post.md",
        "---\ntitle: Post\n---\n{{< note >}}x{{< /note >}}\n",
    );
    let opened = Site::open(root).unwrap();
    let missing: Vec<_> = opened
        .mounts
        .warnings
        .iter()
        .map(|w| match w {
            MountWarning::ModuleMissing { module, .. } => module.clone(),
            other => panic!("unexpected {other}"),
        })
        .collect();
    assert_eq!(missing, ["github.com/someone/gone-too", "gone"]);
    assert_eq!(opened.index.pages.len(), 1);
    assert_eq!(
        opened.mounts.root_dirs(root, Component::Layouts),
        [
            PathBuf::from("layouts"),
            PathBuf::from("themes/here/layouts")
        ]
        .into_iter()
        .filter(|d| root.join(d).is_dir())
        .collect::<Vec<_>>()
    );
    assert_eq!(
        opened.mounts.root_dirs(root, Component::Data),
        [PathBuf::from("themes/here/data")]
    );
    // The CLI says so once, on stderr, and still prints the page.
    let out = crate::support::cli()
        .args(["index", "--site"])
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr
            .matches("module \"gone\" is not in the site folder")
            .count(),
        1,
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("post.md"));
}

/// The real sites of the acceptance test, each copied to a temp dir made ready for an
/// offline `hugo list all` (see `../shared/corpus/README.md`); those absent are skipped with
/// a notice.
fn real_sites() -> Vec<(&'static str, tempfile::TempDir)> {
    let mut sites = Vec::new();
    let sample = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        sample.path(),
    );
    sites.push(("sample site", sample));
    match std::env::var_os("POSTWRIGHT_HUGODOCS").filter(|p| Path::new(p).is_dir()) {
        Some(docs) => {
            let dir = tempfile::tempdir().unwrap();
            copy_tree(Path::new(&docs), dir.path());
            // A content adapter fetching remote data, and a page whose example downloads a
            // font: both need the network when Hugo reads them.
            for rel in [
                "content/en/news/_content.gotmpl",
                "content/en/functions/images/Text.md",
            ] {
                let _ = std::fs::remove_file(dir.path().join(rel));
            }
            sites.push(("hugodocs", dir));
        }
        None => println!("SKIPPED hugodocs: set POSTWRIGHT_HUGODOCS to ../shared/corpus/hugodocs"),
    }
    match std::env::var_os("POSTWRIGHT_CORPUS").filter(|p| Path::new(p).is_dir()) {
        Some(corpus) => {
            // Hugo reads the shortcode calls while listing: it needs the site's real theme,
            // kept beside the corpus.
            let theme = Path::new(&corpus).with_file_name("digitalgov-theme");
            if theme.is_dir() {
                let dir = tempfile::tempdir().unwrap();
                copy_tree(Path::new(&corpus), dir.path());
                copy_tree(&theme, &dir.path().join("themes/digital.gov"));
                sites.push(("digital.gov", dir));
            } else {
                println!(
                    "SKIPPED digital.gov: its theme is not at {}",
                    theme.display()
                );
            }
        }
        None => {
            println!("SKIPPED digital.gov: set POSTWRIGHT_CORPUS to ../shared/corpus/digitalgov")
        }
    }
    sites
}

/// Acceptance: on every real site, the index lists exactly the pages `hugo list
/// all` lists, with the same permalinks, kinds and sections.
#[test]
fn the_index_lists_the_pages_hugo_lists_on_real_sites() {
    let Some(hugo) = hugo() else {
        eprintln!(
            "SKIPPED: the real Hugo could not be installed (set HUGO or run scripts/hugo.sh)"
        );
        return;
    };
    let mut failed = Vec::new();
    for (name, dir) in real_sites() {
        let comparison = compare(&hugo, dir.path());
        comparison.report(name);
        if !comparison.differences.is_empty() || comparison.matched != comparison.listed {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "the index differs from hugo list all on {failed:?}"
    );
}

/// Acceptance: `check` finds no error on a page Hugo builds, and no Liquid tag in
/// a `{{% %}}` shortcode call.
#[test]
fn check_finds_no_error_on_pages_hugo_builds_in_hugodocs() {
    let Some(docs) = std::env::var_os("POSTWRIGHT_HUGODOCS").filter(|p| Path::new(p).is_dir())
    else {
        println!("SKIPPED: set POSTWRIGHT_HUGODOCS to ../shared/corpus/hugodocs");
        return;
    };
    let site = Site::open(Path::new(&docs)).unwrap();
    let findings = postwright::check::check_site(&site);
    let errors: Vec<String> = findings
        .iter()
        .filter(|d| d.severity == postwright::check::Severity::Error)
        .map(|d| {
            format!(
                "{}:{}:{}: {} {}",
                d.path, d.line, d.column, d.code, d.message
            )
        })
        .collect();
    let liquid = findings.iter().filter(|d| d.code == "liquid-tag").count();
    println!(
        "hugodocs: {} pages checked, {} errors, {liquid} liquid-tag findings",
        site.index.pages.len(),
        errors.len()
    );
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(liquid, 0);
}

/// Hugo reads front-matter keys in any case: `Title:` is the title, `Draft:` the draft flag,
/// `Slug:` the slug.
#[test]
fn front_matter_keys_are_read_in_any_case() {
    let site = TempSite::new();
    site.write(
        "content/news/post.md",
        "---\nTitle: Big News\nDraft: true\nSlug: the-news\nDate: 2020-01-02\n---\nBody\n",
    );
    let opened = Site::open(site.root()).unwrap();
    let page = opened.index.page("news/post.md").unwrap();
    assert_eq!(page.title, "Big News");
    assert!(page.draft);
    assert_eq!(page.permalink, "/2020/01/02/the-news/");
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED the Hugo half: the real Hugo is not installed");
        return;
    };
    let out = Command::new(hugo)
        .args(["list", "all", "--source"])
        .arg(site.root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let row = text
        .lines()
        .map(csv_fields)
        .find(|f| f[0] == "content/news/post.md")
        .unwrap();
    assert_eq!((row[2].as_str(), row[6].as_str()), ("Big News", "true"));
    assert!(row[7].ends_with("/2020/01/02/the-news/"), "{row:?}");
}

/// A multilingual site: languages from content folders (`contentDir` per language) and file
/// names (`post.de.md`), URLs under `/<lang>/` (the default's too, with
/// `defaultContentLanguageInSubdir`), the page list filtered by language, and each page's
/// translations, missing or older.
#[test]
fn languages_come_from_content_folders_and_file_names_as_hugo_reads_them() {
    let site = TempSite::new();
    let root = site.root();
    std::fs::remove_file(root.join("hugo.yaml")).unwrap();
    write(
        root,
        "hugo.toml",
        "baseURL = 'https://example.org/'\ndefaultContentLanguage = 'en'\ndefaultContentLanguageInSubdir = true\ncontentDir = 'content/en'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\ncontentDir = 'content/fr'\n[languages.de]\nweight = 3\n",
    );
    write(root, "content/en/_index.md", "---\ntitle: Home\n---\n");
    write(root, "content/en/news/_index.md", "---\ntitle: News\n---\n");
    write(
        root,
        "content/en/news/post.md",
        "---\ntitle: Post\ntranslationKey: p1\nlastmod: 2024-05-01\n---\n",
    );
    write(
        root,
        "content/en/news/post.de.md",
        "---\ntitle: Beitrag\nlastmod: 2024-06-01\n---\n",
    );
    write(
        root,
        "content/fr/news/article.md",
        "---\ntitle: Article\ntranslationKey: p1\nlastmod: 2024-01-01\n---\n",
    );
    write(root, "content/fr/_index.md", "---\ntitle: Accueil\n---\n");
    write(
        root,
        "content/en/news/_index.de.md",
        "---\ntitle: Nachrichten\n---\n",
    );
    let opened = Site::open(root).unwrap();
    assert_eq!(opened.config.content_dir, PathBuf::from("content"));
    let langs: Vec<(&str, &str, &str)> = opened
        .index
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.lang.as_str(), p.permalink.as_str()))
        .collect();
    assert_eq!(
        langs,
        [
            ("en/_index.md", "en", "/en/"),
            ("en/news/_index.de.md", "de", "/de/news/"),
            ("en/news/_index.md", "en", "/en/news/"),
            ("en/news/post.de.md", "de", "/de/news/post/"),
            ("en/news/post.md", "en", "/en/news/post/"),
            ("fr/_index.md", "fr", "/fr/"),
            ("fr/news/article.md", "fr", "/fr/news/article/"),
        ]
    );
    // The page list's language filter.
    let query = postwright::site::PageQuery {
        lang: Some("fr".into()),
        ..Default::default()
    };
    let french: Vec<&str> = opened
        .index
        .query(&query, None)
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(french, ["fr/_index.md", "fr/news/article.md"]);
    // Translations: by translationKey (fr, older by lastmod); `post.de.md` sets no key, so
    // it is not the keyed page's translation (Hugo links by key, else by path).
    use postwright::site::translations::TranslationState::*;
    let states: Vec<(String, Option<String>, _)> = opened
        .translations("en/news/post.md")
        .into_iter()
        .map(|t| (t.lang, t.path, t.state))
        .collect();
    assert_eq!(
        states,
        [
            ("en".to_string(), Some("en/news/post.md".to_string()), This),
            (
                "fr".to_string(),
                Some("fr/news/article.md".to_string()),
                Older
            ),
            ("de".to_string(), None, Missing),
        ]
    );
    // By path: the section's German page, written after the English one.
    let states: Vec<_> = opened
        .translations("en/news/_index.md")
        .into_iter()
        .map(|t| (t.lang, t.path, t.state))
        .collect();
    assert_eq!(
        states,
        [
            (
                "en".to_string(),
                Some("en/news/_index.md".to_string()),
                This
            ),
            ("fr".to_string(), None, Missing),
            (
                "de".to_string(),
                Some("en/news/_index.de.md".to_string()),
                Current
            ),
        ]
    );
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED the Hugo half: the real Hugo is not installed");
        return;
    };
    let comparison = compare(&hugo, root);
    comparison.report("multilingual");
    assert!(comparison.differences.is_empty());
    assert_eq!(comparison.matched, 7);
}

/// Build options and cascades decide which pages Hugo lists: `build.list` in front matter,
/// a section's `cascade` (which applies to the section page too) with a path `_target`, the
/// config's `cascade` by kind, the legacy `headless`; unlisted pages stay findable by refs.
#[test]
fn build_options_and_cascades_decide_what_hugo_lists() {
    let site = TempSite::new();
    let root = site.root();
    std::fs::remove_file(root.join("hugo.yaml")).unwrap();
    write(
        root,
        "hugo.toml",
        "baseURL = 'https://example.org/'\n[[cascade]]\n[cascade.build]\nlist = 'never'\n[cascade.target]\npath = '{/hidden/**}'\nkind = 'page'\n",
    );
    write(root, "content/_index.md", "---\ntitle: Home\n---\n");
    write(
        root,
        "content/snippets/_index.md",
        "---\ncascade:\n  build:\n    list: never\n    render: never\n---\n",
    );
    write(root, "content/snippets/one.md", "---\ntitle: One\n---\n");
    write(
        root,
        "content/glossary/_index.md",
        "---\ntitle: Glossary\nbuild:\n  list: always\n  render: always\ncascade:\n  _target:\n    path: /glossary/**\n  build:\n    list: local\n    render: never\n---\n",
    );
    write(root, "content/glossary/term.md", "---\ntitle: Term\n---\n");
    write(
        root,
        "content/hidden/_index.md",
        "---\ntitle: Hidden\n---\n",
    );
    write(
        root,
        "content/hidden/page.md",
        "---\ntitle: Hidden page\n---\n",
    );
    write(
        root,
        "content/headless/index.md",
        "---\ntitle: H\nheadless: true\n---\n",
    );
    write(
        root,
        "content/linked.md",
        "---\ntitle: L\nbuild:\n  render: link\n---\n",
    );
    write(
        root,
        "content/post.md",
        "---\ntitle: Post\n---\nSee {{< ref \"snippets/one.md\" >}}.\n",
    );
    write(
        root,
        "content/news/_content.gotmpl",
        "{{ .AddPage (dict \"path\" \"x\") }}\n",
    );
    let opened = Site::open(root).unwrap();
    let listed: Vec<&str> = opened.index.pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        listed,
        [
            "_index.md",
            "glossary/_index.md",
            "hidden/_index.md",
            "linked.md",
            "post.md"
        ]
    );
    let unlisted: Vec<&str> = opened
        .index
        .unlisted
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        unlisted,
        [
            "glossary/term.md",
            "headless/index.md",
            "hidden/page.md",
            "snippets/_index.md",
            "snippets/one.md"
        ]
    );
    assert_eq!(opened.index.content_adapters, ["news/_content.gotmpl"]);
    assert!(matches!(
        opened.resolve_ref("post.md", "snippets/one.md", None),
        postwright::site::RefResolution::Found { .. }
    ));
    // `render: link` is listed but not rendered: its findings are folded.
    let linked = opened.index.page("linked.md").unwrap();
    assert_eq!(
        postwright::site::publish::unpublished(linked, &opened.config),
        Some(postwright::site::publish::Unpublished::RenderNever)
    );
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED the Hugo half: the real Hugo is not installed");
        return;
    };
    // Hugo runs the adapter; it makes a page we do not read, so it goes before comparing.
    std::fs::remove_file(root.join("content/news/_content.gotmpl")).unwrap();
    let comparison = compare(&hugo, root);
    comparison.report("build options");
    assert!(comparison.differences.is_empty());
    assert_eq!(comparison.matched, 5);
}

#[test]
fn the_editor_names_a_mounted_page_by_its_folder_from_the_site_root() {
    let site = TempSite::new();
    let root = site.root();
    assert_eq!(
        postwright::Workspace::open(root).unwrap().content_dir(),
        "content"
    );
    write(
        root,
        "hugo.toml",
        "baseURL = 'https://example.org/'\ntitle = 'T'\n[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n",
    );
    std::fs::remove_file(root.join("hugo.yaml")).unwrap();
    write(root, "content/en/about/team.md", "---\ntitle: Team\n---\n");
    let ws = postwright::Workspace::open(root).unwrap();
    // Hugo's documentation mounts `content/en` alone: its pages are shown as Git has them.
    assert_eq!(ws.content_dir(), "content/en");
    assert!(ws.content_path("about/team.md").unwrap().is_file());
}
