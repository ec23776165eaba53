//! The site model and index on the sample site and, when present, the real corpus.

use postwright::site::{PageKind, Site};

use crate::support::TempSite;

#[test]
fn sample_site_indexes_posts_authors_and_topics_with_their_aliases() {
    let site =
        Site::open(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
    let post = site
        .index
        .page("news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md")
        .unwrap();
    assert_eq!(post.kind, PageKind::Page);
    assert_eq!(
        post.permalink,
        "/2015/07/31/new-kid-in-town-the-customer-experience-community/"
    );
    assert_eq!(post.authors, ["jacqueline-snee", "rflagg"]);
    let topics = &site.index.terms["topics"];
    let cx = topics
        .iter()
        .find(|t| t.slug == "customer-experience")
        .unwrap();
    assert!(
        cx.aliases.iter().any(|a| a == "/topics/cx/"),
        "{:?}",
        cx.aliases
    );
    assert!(site.index.terms["authors"]
        .iter()
        .any(|a| a.slug == "rflagg"));
    assert_eq!(
        site.schema.for_page(&post.path).map(|t| t.name.as_str()),
        Some("news")
    );
}

#[test]
fn corpus_indexes_every_page_and_term() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let site = Site::open(std::path::Path::new(&corpus)).unwrap();
    // 4,041 files, of which Hugo never lists two (`build: { list: never }`: the 404 page and
    // a guide step).
    assert_eq!(site.index.pages.len(), 4039);
    assert_eq!(site.index.unlisted.len(), 2);
    assert_eq!(site.index.terms["topics"].len(), 51);
    assert!(
        site.index.terms["authors"].len() >= 1040,
        "{}",
        site.index.terms["authors"].len()
    );
    let cx = site.index.terms["topics"]
        .iter()
        .find(|t| t.slug == "customer-experience")
        .unwrap();
    assert!(cx.aliases.contains(&"/topics/cx/".to_string()));
    let news = site
        .index
        .pages
        .iter()
        .filter(|p| p.section == "news" && p.kind == PageKind::Page)
        .count();
    assert!(news > 2000, "{news}");
}

/// Writes `files` (path, text) into a fresh folder and reads its Hugo config.
fn config_of(files: &[(&str, &str)]) -> postwright::site::SiteConfig {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    postwright::site::SiteConfig::load(dir.path()).unwrap()
}

#[test]
fn hugo_config_is_read_in_every_form_hugo_accepts() {
    let toml = config_of(&[("hugo.toml", "title = 'T'\ncontentDir = 'pages'\n[taxonomies]\ntopic = 'topics'\n[permalinks]\nnews = '/:year/:slug/'\n[params]\ncdn = 'x'\n")]);
    assert_eq!(toml.title, "T");
    assert_eq!(toml.content_dir, std::path::PathBuf::from("pages"));
    assert_eq!(
        toml.taxonomies.get("topic").map(String::as_str),
        Some("topics")
    );
    assert_eq!(toml.permalinks["news"], "/:year/:slug/");
    assert_eq!(toml.params["cdn"], "x");

    let json = config_of(&[(
        "hugo.json",
        r#"{"Title": "J", "BaseURL": "https://x.gov/", "markup": {"goldmark": {"renderer": {"unsafe": true}}}}"#,
    )]);
    assert_eq!(
        (json.title.as_str(), json.base_url.as_str()),
        ("J", "https://x.gov/"),
        "keys are case-insensitive"
    );
    assert_eq!(json.markup["goldmark"]["renderer"]["unsafe"], true);
    // No `taxonomies` key: Hugo's defaults.
    assert_eq!(
        json.taxonomy_plurals().collect::<Vec<_>>(),
        ["categories", "tags"]
    );

    // config.* is read when there is no hugo.*, and hugo.* wins when both exist.
    assert_eq!(config_of(&[("config.yml", "title: Old\n")]).title, "Old");
    assert_eq!(
        config_of(&[
            ("config.yml", "title: Old\n"),
            ("hugo.yaml", "title: New\n")
        ])
        .title,
        "New"
    );
}

#[test]
fn a_config_folder_merges_its_files_into_the_root_config() {
    let config = config_of(&[
        (
            "hugo.yaml",
            "title: Root\nparams:\n  cdn: root\n  keep: yes-kept\n",
        ),
        (
            "config/_default/hugo.toml",
            "baseURL = 'https://example.gov/'\n",
        ),
        ("config/_default/params.yaml", "cdn: folder\nlogo: l.svg\n"),
        (
            "config/_default/menus.en.toml",
            "[[main]]\nname = 'Home'\nurl = '/'\n",
        ),
        (
            "config/_default/taxonomies.json",
            r#"{"author": "authors"}"#,
        ),
        ("config/_default/README.md", "not config"),
    ]);
    assert_eq!(config.title, "Root");
    assert_eq!(config.base_url, "https://example.gov/");
    assert_eq!(config.params["cdn"], "folder", "the folder's value wins");
    assert_eq!(
        config.params["keep"], "yes-kept",
        "keys only the root sets stay"
    );
    assert_eq!(config.params["logo"], "l.svg");
    assert_eq!(config.raw["menus"]["main"][0]["name"], "Home");
    assert_eq!(config.taxonomy_plurals().collect::<Vec<_>>(), ["authors"]);

    // A site made only of a config folder is a site.
    let only = config_of(&[("config/_default/hugo.yaml", "title: Folder only\n")]);
    assert_eq!(only.title, "Folder only");
}

#[test]
fn theme_config_is_merged_under_the_sites_as_hugo_does() {
    let temp = TempSite::new();
    std::fs::write(
        temp.root().join("hugo.toml"),
        "title = 'Site'\ntheme = ['first', 'second']\n[params]\nauthor = 'Site author'\n[params.colours]\nred = '#fc0f03'\n[menus]\n[[menus.main]]\nname = 'Site menu'\n",
    )
    .unwrap();
    temp.write(
        "themes/first/hugo.toml",
        "title = 'Theme title'\n[taxonomies]\ntag = 'tags'\n[params]\nauthor = 'First theme'\nlogo = 'first.svg'\n[params.colours]\nred = '#ff3358'\nblue = '#337dff'\n[menus]\n[[menus.main]]\nname = 'Theme main'\n[[menus.footer]]\nname = 'Theme footer'\n",
    );
    temp.write(
        "themes/second/config.yaml",
        "params:\n  logo: second.svg\n  colours:\n    green: '#68ff33'\n  Sidebar: true\n",
    );
    let config = Site::open(temp.root()).unwrap().config;
    // Params merge deeply: the site's values win, then the first theme's, then the second's.
    assert_eq!(
        config.params,
        serde_json::json!({
            "author": "Site author",
            "colours": {"red": "#fc0f03", "blue": "#337dff", "green": "#68ff33"},
            "logo": "first.svg",
            "Sidebar": true,
        })
    );
    // Menus: only the menus the site lacks come from the theme.
    assert_eq!(config.raw["menus"]["main"][0]["name"], "Site menu");
    assert_eq!(config.raw["menus"]["main"].as_array().unwrap().len(), 1);
    assert_eq!(config.raw["menus"]["footer"][0]["name"], "Theme footer");
    // A theme cannot set the site's title or taxonomies.
    assert_eq!(config.title, "Site");
    assert_eq!(config.raw.get("taxonomies"), None);
    assert_eq!(
        config.taxonomies.values().collect::<Vec<_>>(),
        ["categories", "tags"],
        "Hugo's defaults, not the theme's"
    );
}

#[test]
fn a_theme_outside_the_site_adds_no_config() {
    let temp = TempSite::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("evil")).unwrap();
    std::fs::write(
        outside.path().join("evil/hugo.toml"),
        "[params]\nleaked = true\n",
    )
    .unwrap();
    std::fs::write(
        temp.root().join("hugo.yaml"),
        format!(
            "title: Site\nthemesDir: {}\ntheme: evil\n",
            outside.path().display()
        ),
    )
    .unwrap();
    let config = Site::open(temp.root()).unwrap().config;
    assert!(config.params.get("leaked").is_none(), "{:?}", config.params);
}

/// A site with theme components: `theme = [a, b]`, `a` naming `c` in its own config, `c`
/// configured only through `config/_default/` and naming `d`.
fn theme_components_site() -> TempSite {
    let temp = TempSite::new();
    std::fs::remove_file(temp.root().join("hugo.yaml")).unwrap();
    temp.write(
        "hugo.toml",
        "title = 'Site'\ntheme = ['a', 'b']\n[params]\nsite = 'site'\nshared = 'site'\n",
    );
    temp.write(
        "themes/a/hugo.toml",
        "theme = ['c']\n[params]\na = 'a'\nshared = 'a'\n[params.nested]\nx = 'a'\n",
    );
    temp.write(
        "themes/b/hugo.toml",
        "[params]\nb = 'b'\norder = 'b'\n[menus]\n[[menus.main]]\nname = 'from b'\n",
    );
    temp.write(
        "themes/c/config/_default/params.toml",
        "c = 'c'\norder = 'c'\n[nested]\nx = 'c'\ny = 'c'\n",
    );
    temp.write(
        "themes/c/config/_default/hugo.toml",
        "theme = 'd'\ntitle = 'C title'\n[taxonomies]\nseries = 'series'\n",
    );
    temp.write("themes/d/hugo.yaml", "params:\n  d: d\n  order: d\n");
    temp.write("content/_index.md", "---\ntitle: Home\n---\n");
    temp
}

#[test]
fn theme_components_and_their_config_folders_merge_in_hugos_order() {
    let temp = theme_components_site();
    let config = Site::open(temp.root()).unwrap().config;
    // Depth first: a, the c it names, the d c names, then b.
    assert_eq!(config.themes, ["a", "c", "d", "b"]);
    let expected = serde_json::json!({
        "site": "site", "shared": "site", "a": "a", "b": "b", "c": "c", "d": "d",
        "nested": {"x": "a", "y": "c"}, "order": "c",
    });
    assert_eq!(config.params, expected);
    assert_eq!(config.raw["menus"]["main"][0]["name"], "from b");
    assert_eq!(config.title, "Site", "a component cannot set the title");
    assert_eq!(
        config.taxonomies.values().collect::<Vec<_>>(),
        ["categories", "tags"]
    );

    let Some(hugo) = crate::support::hugo() else {
        eprintln!("skipping the Hugo half: no Hugo");
        return;
    };
    let out = std::process::Command::new(&hugo)
        .args(["config", "--format", "json"])
        .current_dir(temp.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hugo_config: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        hugo_config["params"], expected,
        "Hugo merges the same params"
    );
    assert_eq!(hugo_config["menus"]["main"][0]["name"], "from b");
    assert_eq!(hugo_config["title"], "Site");
    let mounts = std::process::Command::new(&hugo)
        .args(["config", "mounts"])
        .current_dir(temp.root())
        .output()
        .unwrap();
    let order: Vec<String> = String::from_utf8_lossy(&mounts.stdout)
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("\"path\": \"")?
                .strip_suffix("\",")
                .map(str::to_string)
        })
        .filter(|p| p != "project")
        .collect();
    assert_eq!(order, config.themes, "Hugo's module order");
}

#[test]
fn a_theme_naming_itself_or_an_earlier_one_is_visited_once() {
    let temp = TempSite::new();
    std::fs::write(
        temp.root().join("hugo.yaml"),
        "title: Site\ntheme: [a, b]\n",
    )
    .unwrap();
    temp.write("themes/a/hugo.yaml", "theme: [a, b]\nparams:\n  from: a\n");
    temp.write(
        "themes/b/hugo.yaml",
        "theme: a\nparams:\n  from: b\n  only: b\n",
    );
    let config = Site::open(temp.root()).unwrap().config;
    assert_eq!(config.themes, ["a", "b"]);
    assert_eq!(config.params, serde_json::json!({"from": "a", "only": "b"}));
}
