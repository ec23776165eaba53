//! Issue 8: no entry point writes outside the site, and hostile files (huge, binary,
//! non-UTF-8) are reported, not crashed or hung on.

use std::path::Path;

use postwright::check::check_site;
use postwright::site::Site;
use postwright::Workspace;

use crate::support::{cli, TempSite};

/// Every file under `dir`, relative, sorted: to prove nothing appeared outside the site.
fn listing(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

/// A site inside a parent folder that also holds an `outside/` folder with a secret page.
fn site_with_outside() -> (tempfile::TempDir, std::path::PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("site");
    std::fs::create_dir_all(root.join("content/news")).unwrap();
    std::fs::write(root.join("hugo.yaml"), "title: T\n").unwrap();
    std::fs::write(root.join("content/news/a.md"), "---\ntitle: A\n---\n").unwrap();
    std::fs::create_dir_all(parent.path().join("outside")).unwrap();
    std::fs::write(
        parent.path().join("outside/secret.md"),
        "---\ntitle: Secret\n---\n",
    )
    .unwrap();
    (parent, root)
}

#[test]
fn fm_set_with_a_site_refuses_files_outside_it_and_symlinks_leading_out() {
    let (parent, root) = site_with_outside();
    let secret = parent.path().join("outside/secret.md");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, root.join("content/news/link.md")).unwrap();
    let before = listing(parent.path());
    let mut targets = vec![
        secret.clone(),
        root.join("content/news/../../../outside/secret.md"),
        root.join("hugo.yaml"),
    ];
    if cfg!(unix) {
        targets.push(root.join("content/news/link.md"));
    }
    for target in targets {
        let out = cli()
            .args(["fm", "set", "--site"])
            .arg(&root)
            .arg(&target)
            .args(["title", "\"pwned\""])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", target.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("not inside the site's content folder")
                || err.contains("outside the site"),
            "{}: {err}",
            target.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "---\ntitle: Secret\n---\n"
    );
    assert_eq!(listing(parent.path()), before);
    // Inside the site it works.
    let out = cli()
        .args(["fm", "set", "--site"])
        .arg(&root)
        .arg(root.join("content/news/a.md"))
        .args(["title", "\"B\""])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn new_with_crafted_titles_and_sections_stays_inside_or_is_refused() {
    let (parent, root) = site_with_outside();
    let before_outside = listing(&parent.path().join("outside"));
    let cases = [
        ("news", "../../../outside/evil"),
        ("news", "..\\..\\evil"),
        ("news", "/etc/passwd"),
        ("news", ".."),
        ("news", "%2e%2e%2fevil"),
        ("../outside", "evil"),
        ("news/../../outside", "evil"),
        ("/tmp", "evil"),
        (".git", "evil"),
        ("", "evil"),
    ];
    for (section, title) in cases {
        let out = cli()
            .args(["new", "--site"])
            .arg(&root)
            .args(["--section", section, title])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.success() {
            // Created: inside the content folder, one file, no `..` anywhere.
            let created = root.join(stdout.trim());
            assert!(
                created
                    .canonicalize()
                    .unwrap()
                    .starts_with(root.join("content").canonicalize().unwrap()),
                "{section} {title}: {stdout}"
            );
            assert!(!stdout.contains(".."), "{stdout}");
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("outside the site"), "{section} {title}: {err}");
        }
    }
    assert_eq!(listing(&parent.path().join("outside")), before_outside);
    let top: Vec<_> = listing(parent.path())
        .into_iter()
        .filter(|p| !p.contains('/') && !p.is_empty())
        .collect();
    assert_eq!(top, ["outside", "site"], "nothing new beside the site");
    assert!(!Path::new("/tmp/evil.md").exists());
}

#[cfg(unix)]
#[test]
fn a_content_folder_symlinked_outside_the_site_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("hugo.yaml"), "title: T\n").unwrap();
    std::fs::create_dir_all(parent.path().join("elsewhere/news")).unwrap();
    std::fs::write(
        parent.path().join("elsewhere/news/p.md"),
        "---\ntitle: P\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(parent.path().join("elsewhere"), root.join("content")).unwrap();
    let err = Workspace::open(&root)
        .err()
        .expect("must refuse")
        .to_string();
    assert!(err.contains("outside the site folder"), "{err}");
    let out = cli().args(["index", "--site"]).arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the site folder"));
    // So is a `contentDir` that climbs out.
    std::fs::remove_file(root.join("content")).unwrap();
    std::fs::write(
        root.join("hugo.yaml"),
        "title: T\ncontentDir: ../elsewhere\n",
    )
    .unwrap();
    assert!(Workspace::open(&root).is_err());
}

#[cfg(unix)]
#[test]
fn symlinked_folders_inside_content_are_not_followed_and_cannot_be_written_through() {
    let (parent, root) = site_with_outside();
    std::os::unix::fs::symlink(parent.path().join("outside"), root.join("content/linked")).unwrap();
    let mut ws = Workspace::open(&root).unwrap();
    assert!(
        ws.site().index.page("linked/secret.md").is_none(),
        "the index does not follow links out"
    );
    assert!(ws.open_document("linked/secret.md").is_err());
    let err = ws
        .save_document("linked/new.md", "", "", &[], Some("x"))
        .unwrap_err();
    assert!(err.to_string().contains("outside the site"), "{err}");
    assert!(!parent.path().join("outside/new.md").exists());
}

#[test]
fn huge_binary_and_non_utf8_files_are_reported_not_crashed_on() {
    let site = TempSite::new();
    // 10 MB of Markdown with front matter, shortcodes and entities all through it.
    let mut huge = String::from("---\ntitle: Huge\nsummary: s\n---\n");
    let paragraph =
        "Words &mdash; and {{< ref \"missing.md\" >}} and ![](x.png) {% include x %}\n\n";
    while huge.len() < 10_000_000 {
        huge.push_str(paragraph);
    }
    site.write("content/news/huge.md", &huge);
    std::fs::write(
        site.root().join("content/news/binary.md"),
        [0u8, 159, 146, 150, 0, 255, 254, 10, 0].repeat(1000),
    )
    .unwrap();
    std::fs::write(
        site.root().join("content/news/latin1.md"),
        b"---\ntitle: Caf\xe9\n---\nBody\n",
    )
    .unwrap();
    site.write("content/news/ok.md", "---\ntitle: Ok\nsummary: s\n---\n");

    let site_model = Site::open(site.root()).unwrap();
    let latin1 = site_model.index.page("news/latin1.md").unwrap();
    assert!(
        latin1
            .front_matter_error
            .as_deref()
            .is_some_and(|e| e.contains(":2:11: not UTF-8")),
        "{latin1:?}"
    );
    assert!(site_model
        .index
        .page("news/binary.md")
        .unwrap()
        .front_matter_error
        .is_some());
    let huge_entry = site_model.index.page("news/huge.md").unwrap();
    // Indexed in full, not skipped for its size: "Words", "and", "and" in every paragraph.
    assert!(huge_entry.word_count > 3 * 10_000_000 / 80, "{}", huge_entry.word_count);

    let found = check_site(&site_model);
    let unreadable: Vec<_> = found
        .iter()
        .filter(|d| d.code == "unreadable")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(unreadable, ["news/binary.md", "news/latin1.md"]);
    assert!(found
        .iter()
        .any(|d| d.path == "news/huge.md" && d.code == "broken-ref"));

    let ws = Workspace::open(site.root()).unwrap();
    let err = ws.open_document("news/latin1.md").unwrap_err().to_string();
    assert!(err.contains("latin1.md:2:11: not UTF-8"), "{err}");
    assert!(ws.open_document("news/binary.md").is_err());
    assert_eq!(
        ws.open_document("news/huge.md").unwrap().source.len(),
        huge.len()
    );

    let out = cli()
        .args(["check", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors are findings, not a crash"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("latin1.md:2:11: error unreadable"),
        "{}",
        &text[..text.len().min(2000)]
    );
}
