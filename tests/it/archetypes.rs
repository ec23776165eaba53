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

/// The instant both sides are dated with.
const NOW: &str = "2026-12-07T10:20:30-05:00";

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap()
}

/// `hugo new content <target>` in `site`, its clock set to `date` (RFC 3339) and read in a
/// zone of that offset (`.Date` is in the machine's zone; ours is the site's offset); panics
/// with Hugo's output on failure.
fn hugo_new(hugo: &Path, site: &Path, target: &str, date: &str) {
    let offset = chrono::DateTime::parse_from_rfc3339(date)
        .unwrap()
        .offset()
        .local_minus_utc();
    assert_eq!(offset % 3600, 0, "a whole-hour offset has an Etc zone");
    // Etc/GMT+5 is five hours behind UTC.
    let zone = match -offset / 3600 {
        0 => "UTC".to_string(),
        h => format!("Etc/GMT{h:+}"),
    };
    let out = Command::new(hugo)
        .current_dir(site)
        .env("TZ", zone)
        .args(["new", "content", "--clock", date, target])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hugo new content {target}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Makes the page of `section` titled `title` in `ws` and compares each of `files` (paths
/// relative to `ours` and `theirs`) with what Hugo made. Hugo's `--clock` keeps ticking while
/// it loads the site, so its `.Date` may be a second or more past the clock it was given: the
/// page is made at NOW, NOW + 1 s, … (at most 5 s) until one is Hugo's byte for byte.
fn same_as_hugo(
    ws: &mut Workspace,
    ours: &Path,
    theirs: &Path,
    section: &str,
    title: &str,
    files: &[String],
) {
    let mut last = Vec::new();
    for tick in 0..=5 {
        let rel = ws
            .create_page(
                section,
                title,
                now() + chrono::TimeDelta::seconds(tick),
                &[],
            )
            .unwrap();
        let made: Vec<String> = files
            .iter()
            .map(|f| String::from_utf8_lossy(&read(&ours.join(f))).into_owned())
            .collect();
        let expected: Vec<String> = files
            .iter()
            .map(|f| String::from_utf8_lossy(&read(&theirs.join(f))).into_owned())
            .collect();
        if made == expected {
            return;
        }
        last = made.into_iter().zip(expected).collect();
        for file in files {
            std::fs::remove_file(ours.join(file)).unwrap();
        }
        let _ = rel;
    }
    let (made, expected): (Vec<String>, Vec<String>) = last.into_iter().unzip();
    assert_eq!(made, expected, "{section}: what hugo new content writes");
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
        let plan = ws.new_page_plan(section, title, now()).unwrap();
        let slug = title.to_lowercase().replace(' ', "-");
        assert_eq!(plan.path, format!("{section}/{slug}.md"));
        // The CLI writes what the facade writes.
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
            format!("content/{}", plan.path)
        );
        let Some(hugo) = hugo() else {
            eprintln!("SKIPPED the Hugo half: the real Hugo could not be installed");
            continue;
        };
        hugo_new(&hugo, theirs.path(), &plan.path, &plan.date);
        let file = format!("content/{}", plan.path);
        same_as_hugo(
            &mut ws,
            ours.path(),
            theirs.path(),
            section,
            title,
            std::slice::from_ref(&file),
        );
        // Made at NOW (the CLI's instant), the facade's page is the CLI's.
        std::fs::remove_file(ours.path().join(&file)).unwrap();
        ws.create_page(section, title, now(), &[]).unwrap();
        assert_eq!(
            read(&ours.path().join(&file)),
            read(&via_cli.path().join(&file)),
            "the CLI and the facade"
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
    assert_eq!(
        std::fs::read_to_string(bundle.join("steps.md")).unwrap(),
        "---\ntitle: Steps of steps\n---\n"
    );
    let Some(hugo) = hugo() else {
        eprintln!("SKIPPED the Hugo half: the real Hugo could not be installed");
        return;
    };
    let plan = ws.new_page_plan("tutorials", "First Steps", now()).unwrap();
    hugo_new(&hugo, theirs.path(), "tutorials/first-steps", &plan.date);
    let files: Vec<String> = ["index.md", "steps.md", "images/diagram.svg"]
        .iter()
        .map(|f| format!("content/tutorials/first-steps/{f}"))
        .collect();
    for file in &files {
        std::fs::remove_file(ours.path().join(file)).unwrap();
    }
    same_as_hugo(
        &mut ws,
        ours.path(),
        theirs.path(),
        "tutorials",
        "First Steps",
        &files,
    );
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
        let plan = ws.new_page_plan(section, title, now()).unwrap();
        assert_eq!(plan.path, format!("{section}/my-sample-page.md"));
        hugo_new(&hugo, theirs.path(), &plan.path, &plan.date);
        let file = format!("content/en/{}", plan.path);
        same_as_hugo(&mut ws, ours.path(), theirs.path(), section, title, &[file]);
    }
}
