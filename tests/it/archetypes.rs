//! New pages from archetypes, byte for byte what the real `hugo new content` writes: the
//! sample site without its Decap config (a section archetype and `default.md`), a bundle
//! archetype, and the Hugo documentation's archetypes (`POSTWRIGHT_HUGODOCS`). The facade and
//! `postwright new` make the same file; a title typed differently from the one Hugo derives
//! from the file name changes only the title's line; the Decap config, where it names the
//! folder, still decides.

use std::path::Path;
use std::process::Command;

use postwright::workspace::Workspace;

use crate::support::{cli, copy_tree, hugo};

/// The instant both sides are dated with, and the zone Hugo's clock is read in (no DST).
const NOW: &str = "2026-12-07T10:20:30-05:00";
const ZONE: &str = "Etc/GMT+5";

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap()
}

/// `hugo new content <target>` in `site` at [`NOW`]; panics with Hugo's output on failure.
fn hugo_new(hugo: &Path, site: &Path, target: &str) {
    let out = Command::new(hugo)
        .current_dir(site)
        .env("TZ", ZONE)
        .args(["new", "content", "--clock", NOW, target])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hugo new content {target}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sample site without its Decap config, in a temp dir.
fn sample_without_decap() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    postwright::site::sample::extract_sample_site(dir.path()).unwrap();
    std::fs::remove_file(dir.path().join("static/admin/config.yml")).unwrap();
    dir
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn section_and_default_archetypes_make_what_hugo_new_content_makes() {
    let ours = sample_without_decap();
    let theirs = sample_without_decap();
    let via_cli = sample_without_decap();
    let mut ws = Workspace::open(ours.path()).unwrap();
    // news.md (Go functions, `.Date | time.Format`, a `replaceRE` on the file name) and
    // default.md (communities has no archetype of its own).
    for (section, title) in [("news", "My First Post"), ("communities", "Hello There")] {
        let rel = ws.create_page(section, title, now(), &[]).unwrap();
        let slug = title.to_lowercase().replace(' ', "-");
        assert_eq!(rel, format!("{section}/{slug}.md"));
        let out = cli()
            .args(["new", "--site"])
            .arg(via_cli.path())
            .args(["--type", section, "--date", NOW, title])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("content/{rel}")
        );
        let made = read(&ours.path().join("content").join(&rel));
        assert_eq!(
            made,
            read(&via_cli.path().join("content").join(&rel)),
            "the CLI and the facade"
        );
        let Some(hugo) = hugo() else {
            eprintln!("SKIPPED the Hugo half: the real Hugo could not be installed");
            continue;
        };
        hugo_new(&hugo, theirs.path(), &format!("{section}/{slug}.md"));
        let expected = read(&theirs.path().join("content").join(&rel));
        assert_eq!(
            String::from_utf8_lossy(&made),
            String::from_utf8_lossy(&expected),
            "{section}: what hugo new content writes"
        );
    }
}

#[test]
fn a_typed_title_changes_only_the_title_line() {
    let derived = sample_without_decap();
    let typed = sample_without_decap();
    let one = Workspace::open(derived.path())
        .unwrap()
        .create_page("communities", "Hello There", now(), &[])
        .unwrap();
    let two = Workspace::open(typed.path())
        .unwrap()
        .create_page("communities", "Hello, there!", now(), &[])
        .unwrap();
    assert_eq!(one, "communities/hello-there.md");
    assert_eq!(two, one);
    let before = std::fs::read_to_string(derived.path().join("content").join(&one)).unwrap();
    let after = std::fs::read_to_string(typed.path().join("content").join(&two)).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    assert_eq!(changed.len(), 1, "{after}");
    assert_eq!(changed[0].0, "title: 'Hello There'");
    assert!(
        changed[0].1.starts_with("title: ") && changed[0].1.contains("Hello, there!"),
        "{after}"
    );
}

#[test]
fn a_bundle_archetype_makes_the_bundle_hugo_makes() {
    let ours = sample_without_decap();
    let theirs = sample_without_decap();
    for site in [ours.path(), theirs.path()] {
        let dir = site.join("archetypes/tutorials");
        std::fs::create_dir_all(dir.join("images")).unwrap();
        std::fs::write(
            dir.join("index.md"),
            "---\ntitle: \"{{ .Name | humanize | title }}\"\ndate: {{ .Date }}\ntype: {{ .Type }}\n\
             site: {{ .Site.Title }}\n---\n\n{{< note >}}Written on {{ now.Format \"Monday\" }}.{{< /note >}}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("steps.md"),
            "---\ntitle: Steps of {{ .File.ContentBaseName }}\n---\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("images/diagram.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        )
        .unwrap();
        std::fs::create_dir_all(site.join("content/tutorials")).unwrap();
    }
    let mut ws = Workspace::open(ours.path()).unwrap();
    let rel = ws
        .create_page("tutorials", "First Steps", now(), &[])
        .unwrap();
    assert_eq!(rel, "tutorials/first-steps/index.md");
    let bundle = ours.path().join("content/tutorials/first-steps");
    let index = std::fs::read_to_string(bundle.join("index.md")).unwrap();
    assert_eq!(
        index,
        "---\ntitle: \"First Steps\"\ndate: 2026-12-07T10:20:30-05:00\ntype: tutorials\n\
         site: Postwright sample site\n---\n\n{{< note >}}Written on Monday.{{< /note >}}\n"
    );
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED the Hugo half: the real Hugo could not be installed");
        return;
    };
    hugo_new(&hugo, theirs.path(), "tutorials/first-steps");
    let expected = theirs.path().join("content/tutorials/first-steps");
    for file in ["index.md", "steps.md", "images/diagram.svg"] {
        assert_eq!(
            String::from_utf8_lossy(&read(&bundle.join(file))),
            String::from_utf8_lossy(&read(&expected.join(file))),
            "{file}: what hugo new content writes"
        );
    }
}

#[test]
fn the_decap_config_still_decides_for_the_folders_it_names() {
    let dir = tempfile::tempdir().unwrap();
    postwright::site::sample::extract_sample_site(dir.path()).unwrap();
    let mut ws = Workspace::open(dir.path()).unwrap();
    let rel = ws.create_page("news", "My First Post", now(), &[]).unwrap();
    assert!(
        rel.starts_with("news/2026/12/2026-12-07-"),
        "Decap's path template: {rel}"
    );
    let text = std::fs::read_to_string(dir.path().join("content").join(&rel)).unwrap();
    assert!(
        text.contains("title: \"My First Post\"\n"),
        "Decap's shape, not the archetype's:\n{text}"
    );
}

#[test]
fn the_hugo_documentation_archetypes_make_what_hugo_new_content_makes() {
    let Some(docs) = std::env::var_os("POSTWRIGHT_HUGODOCS").filter(|p| Path::new(p).is_dir())
    else {
        println!(
            "SKIPPED hugodocs archetypes: set POSTWRIGHT_HUGODOCS to ../shared/corpus/hugodocs"
        );
        return;
    };
    let Some(hugo) = hugo() else {
        println!("SKIPPED hugodocs archetypes: the real Hugo could not be installed");
        return;
    };
    let ours = tempfile::tempdir().unwrap();
    let theirs = tempfile::tempdir().unwrap();
    for site in [ours.path(), theirs.path()] {
        copy_tree(Path::new(&docs), site);
        // Two pages need the network at build time (the corpus README says so).
        for offline in [
            "content/en/news/_content.gotmpl",
            "content/en/functions/images/Text.md",
        ] {
            let _ = std::fs::remove_file(site.join(offline));
        }
    }
    let mut ws = Workspace::open(ours.path()).unwrap();
    // functions.md and methods.md (`title`), news.md and default.md (`strings.FirstUpper`):
    // each titled as Hugo titles it from the file name.
    for (section, title) in [
        ("functions", "My Sample Page"),
        ("methods", "My Sample Page"),
        ("news", "My sample page"),
        ("troubleshooting", "My sample page"),
    ] {
        let rel = ws.create_page(section, title, now(), &[]).unwrap();
        assert_eq!(rel, format!("{section}/my-sample-page.md"));
        hugo_new(&hugo, theirs.path(), &rel);
        let made = read(&ours.path().join("content/en").join(&rel));
        let expected = read(&theirs.path().join("content/en").join(&rel));
        assert_eq!(
            String::from_utf8_lossy(&made),
            String::from_utf8_lossy(&expected),
            "hugodocs {section}: what hugo new content writes"
        );
    }
}
