//! No entry point reads or writes outside the site. Each test drives one door (the
//! CLI, the workspace facade the UI calls, new pages, Git operations, bundles, the config)
//! with `..`, absolute paths, `.git`, NUL bytes, backslashes and symlinks leading out, and
//! proves by listing the folders that nothing appeared or changed outside.

use std::path::Path;

use postwright::document::DocumentError;
use postwright::git::{GitError, Identity, SiteRepo};
use postwright::{Error, Workspace};

use crate::support::{cli, git};

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
            assert!(
                err.contains("outside the site")
                    || err.contains("new-page-unknown-type")
                    || err.contains("new-page-empty-slug"),
                "{section} {title}: {err}"
            );
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
fn fm_set_without_a_site_finds_the_site_of_the_file_and_stays_in_it() {
    let (parent, root) = site_with_outside();
    let secret = parent.path().join("outside/secret.md");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, root.join("content/news/link.md")).unwrap();
    let mut targets = vec![
        root.join("content/news/../../../outside/secret.md"),
        root.join("hugo.yaml"),
    ];
    if cfg!(unix) {
        targets.push(root.join("content/news/link.md"));
    }
    for target in targets {
        let out = cli()
            .args(["fm", "set"])
            .arg(&target)
            .args(["title", "\"pwned\""])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", target.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("not inside the site's content folder"),
            "{}: {err}",
            target.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "---\ntitle: Secret\n---\n"
    );
    // A page of the site, and a file in no site at all (the user named it), are edited.
    for target in [root.join("content/news/a.md"), secret.clone()] {
        let out = cli()
            .args(["fm", "set"])
            .arg(&target)
            .args(["title", "\"B\""])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(std::fs::read_to_string(root.join("content/news/a.md"))
        .unwrap()
        .contains("title: B"));
}

/// Paths the UI could send that must never resolve: climbing, absolute, `.git`, NUL, `\`.
fn escaping_paths(root: &Path) -> Vec<String> {
    vec![
        "../hugo.yaml".into(),
        "news/../../hugo.yaml".into(),
        "news/../../../outside/secret.md".into(),
        "/etc/passwd".into(),
        root.join("content/news/a.md")
            .to_string_lossy()
            .into_owned(),
        "news\\..\\..\\hugo.yaml".into(),
        "news/a\0.md".into(),
        ".git/config".into(),
        "news/.GIT/config".into(),
        "".into(),
        ".".into(),
    ]
}

#[test]
fn workspace_calls_from_the_ui_refuse_paths_outside_the_content_folder() {
    let (parent, root) = site_with_outside();
    let before = listing(parent.path());
    let data_dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&root).unwrap();
    ws.enable_recovery(data_dir.path());
    let hash = postwright::document::content_hash(b"");
    for rel in escaping_paths(&root) {
        let refused = |result: Result<(), Error>, what: &str| {
            let err = result.expect_err(&format!("{what} {rel:?} must be refused"));
            assert!(
                matches!(&err, Error::Document(DocumentError::OutsideSite { .. })),
                "{what} {rel:?}: {err}"
            );
            assert!(
                err.to_string().contains("outside the site folder ("),
                "{err}"
            );
        };
        refused(ws.content_path(&rel).map(drop), "content_path");
        refused(ws.open_document(&rel).map(drop), "open_document");
        refused(
            ws.save_source(&rel, "pwned", &hash).map(drop),
            "save_source",
        );
        refused(
            ws.save_document(&rel, "", &hash, &[], Some("pwned"))
                .map(drop),
            "save_document",
        );
        refused(
            ws.reconcile_document(&rel, "", "x").map(drop),
            "reconcile_document",
        );
        refused(ws.journal_buffer(&rel, "", "x"), "journal_buffer");
        refused(
            ws.merge_with_disk(&rel, "", "x").map(drop),
            "merge_with_disk",
        );
    }
    assert_eq!(listing(parent.path()), before, "nothing created or removed");
    assert!(
        !data_dir.path().join("recovery").exists(),
        "nothing journaled"
    );
    // The reasons say what was wrong.
    let reason = |rel: &str| ws.content_path(rel).unwrap_err().to_string();
    assert!(
        reason("../x.md").contains("`..` climbs out"),
        "{}",
        reason("../x.md")
    );
    assert!(
        reason("/etc/x").contains("absolute path"),
        "{}",
        reason("/etc/x")
    );
    assert!(
        reason(".git/x").contains(".git folder"),
        "{}",
        reason(".git/x")
    );
    assert!(reason("a\0b").contains("NUL"), "{}", reason("a\0b"));
}

#[cfg(unix)]
#[test]
fn pages_linked_out_or_dangling_are_neither_read_nor_written_through() {
    let (parent, root) = site_with_outside();
    let secret = parent.path().join("outside/secret.md");
    std::os::unix::fs::symlink(&secret, root.join("content/news/link.md")).unwrap();
    // Writing through a dangling link would create its target outside the site.
    std::os::unix::fs::symlink(
        parent.path().join("outside/created.md"),
        root.join("content/news/dangling.md"),
    )
    .unwrap();
    // A link to another page inside the content folder is fine.
    std::os::unix::fs::symlink(
        root.join("content/news/a.md"),
        root.join("content/news/alias.md"),
    )
    .unwrap();
    let mut ws = Workspace::open(&root).unwrap();
    let secret_hash = postwright::document::content_hash(&std::fs::read(&secret).unwrap());
    let err = ws.open_document("news/link.md").unwrap_err().to_string();
    assert!(
        err.contains("a symbolic link leads to") && err.contains("outside"),
        "{err}"
    );
    assert!(ws
        .save_source("news/link.md", "pwned", &secret_hash)
        .is_err());
    let err = ws.save_document(
        "news/dangling.md",
        "",
        &postwright::document::content_hash(b""),
        &[],
        Some("pwned"),
    );
    assert!(err.unwrap_err().to_string().contains("leads nowhere"));
    assert!(ws
        .new_page("news", "dangling", chrono::Utc::now().fixed_offset())
        .is_err());
    assert!(!parent.path().join("outside/created.md").exists());
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "---\ntitle: Secret\n---\n"
    );
    assert_eq!(
        ws.open_document("news/alias.md").unwrap().front_matter["title"],
        "A"
    );
}

#[test]
fn new_pages_with_crafted_titles_and_sections_through_the_facade() {
    let (parent, root) = site_with_outside();
    let mut ws = Workspace::open(&root).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00-05:00").unwrap();
    let content = root.join("content").canonicalize().unwrap();
    let titles = [
        "../../x",
        "/etc/x",
        "a\0b",
        "a/b\\c",
        "..",
        ".",
        "...",
        "\u{202e}gpj.md",
        ".git",
        "-",
        "x/../../../y",
    ];
    let sections = [
        "news",
        "../outside",
        "news/../..",
        "/etc",
        ".git",
        "a\0b",
        "",
        "news\\..\\..",
    ];
    for section in sections {
        for title in titles {
            match ws.new_page(section, title, now) {
                Ok(rel) => {
                    assert_eq!(section, "news", "{title:?} in {section:?} gave {rel}");
                    let created = ws.content_path(&rel).unwrap().canonicalize().unwrap();
                    assert!(created.starts_with(&content), "{rel}");
                    assert!(rel.split('/').all(|p| p != ".." && p != "."), "{rel:?}");
                    assert!(!rel.contains('\0') && !rel.contains('\\'), "{rel:?}");
                    assert_eq!(
                        rel.matches('/').count(),
                        1,
                        "{rel:?}: one file in the section folder"
                    );
                }
                Err(err) => {
                    let err = err.to_string();
                    assert!(
                        err.contains("outside the site folder (")
                            || err.contains("already exists")
                            || err.contains("no content type")
                            || err.contains("empty slug"),
                        "{err}"
                    );
                }
            }
        }
    }
    assert_eq!(listing(&parent.path().join("outside")), ["", "secret.md"]);
    let top: Vec<_> = listing(parent.path())
        .into_iter()
        .filter(|p| !p.contains('/') && !p.is_empty())
        .collect();
    assert_eq!(top, ["outside", "site"]);
    assert!(!Path::new("/etc/x.md").exists());
}

#[test]
fn a_configured_content_dir_that_is_absolute_climbs_or_is_git_is_refused() {
    let (parent, root) = site_with_outside();
    for content_dir in ["../outside", "/tmp", "content/../../outside", ".git"] {
        std::fs::write(
            root.join("hugo.yaml"),
            format!("title: T\ncontentDir: {content_dir:?}\n"),
        )
        .unwrap();
        let err = Workspace::open(&root)
            .err()
            .unwrap_or_else(|| panic!("{content_dir} must be refused"))
            .to_string();
        assert!(
            err.contains("the content folder is outside the site folder"),
            "{content_dir}: {err}"
        );
    }
    std::fs::write(root.join("hugo.yaml"), "title: T\ncontentDir: ./content\n").unwrap();
    assert!(Workspace::open(&root)
        .unwrap()
        .site()
        .index
        .page("news/a.md")
        .is_some());
    assert!(parent.path().join("outside/secret.md").exists());
}

fn writer() -> Identity {
    Identity {
        name: "Wanda Writer".into(),
        email: "wanda@example.gov".into(),
    }
}

/// A committed site in `parent/site`, beside an `outside/` folder; its workspace.
fn committed_site() -> (tempfile::TempDir, std::path::PathBuf, Workspace) {
    let (parent, root) = site_with_outside();
    SiteRepo::init_with_initial_commit(&root, "Initial site", &writer()).unwrap();
    let mut ws = Workspace::open(&root).unwrap();
    ws.set_identity(writer());
    (parent, root, ws)
}

#[test]
fn git_calls_refuse_paths_outside_the_work_tree_and_into_dot_git() {
    let (parent, root, mut ws) = committed_site();
    let git_config = std::fs::read(root.join(".git/config")).unwrap();
    let head = git(&root, &["rev-parse", "HEAD"]);
    let before = listing(parent.path());
    let bad = [
        "../outside/secret.md",
        "/etc/passwd",
        ".git/config",
        ".GIT/config",
        "content/../../outside/secret.md",
        "content\\..\\..\\x",
        "content/a\0.md",
    ];
    for path in bad {
        let refused = |result: Result<(), Error>, what: &str| {
            let err = result.expect_err(&format!("{what} {path:?} must be refused"));
            assert!(
                matches!(&err, Error::Git(GitError::OutsideRepository { .. })),
                "{what} {path:?}: {err}"
            );
        };
        // Before confinement, restoring `.git/config` "as it was in HEAD" (absent there) deleted it.
        refused(ws.restore_file(path, "HEAD"), "restore_file");
        refused(ws.discard(&[path.to_string()]).map(drop), "discard");
        refused(ws.commit("m", &[path.to_string()]).map(drop), "commit");
        refused(
            ws.commit_parts("m", path, &[], &[0], &[]).map(drop),
            "commit_parts",
        );
        refused(ws.file_diff(path).map(drop), "file_diff");
        refused(ws.page_diff(path).map(drop), "page_diff");
        refused(ws.page_diffs(&[path.to_string()]).map(drop), "page_diffs");
        refused(ws.history(Some(path), 5).map(drop), "history");
        refused(ws.branch_file("main", path).map(drop), "branch_file");
    }
    assert_eq!(std::fs::read(root.join(".git/config")).unwrap(), git_config);
    assert_eq!(
        git(&root, &["rev-parse", "HEAD"]),
        head,
        "nothing committed"
    );
    let after: Vec<_> = listing(parent.path())
        .into_iter()
        .filter(|p| !p.starts_with("site/.git/"))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|p| !p.starts_with("site/.git/"))
        .collect();
    assert_eq!(after, before);
}

#[cfg(unix)]
#[test]
fn git_calls_do_not_read_or_write_through_links_leading_out() {
    let (parent, root, mut ws) = committed_site();
    let secret = parent.path().join("outside/secret.md");
    std::os::unix::fs::symlink(parent.path().join("outside"), root.join("content/linked")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/news/link.md")).unwrap();
    for path in ["content/linked/secret.md", "content/linked/new.md"] {
        assert!(ws.restore_file(path, "HEAD").is_err(), "{path}");
        assert!(ws.discard(&[path.to_string()]).is_err(), "{path}");
        assert!(ws.page_diff(path).is_err(), "{path}");
    }
    assert!(ws
        .commit_parts("m", "content/news/link.md", &["title".into()], &[], &[])
        .is_err());
    // A link is diffed as Git records it: its target, not the secret it points at.
    let diff = ws.page_diff("content/news/link.md").unwrap();
    let shown = serde_json::to_string(&diff).unwrap();
    assert!(!shown.contains("Secret"), "{shown}");
    assert!(shown.contains("outside/secret.md"), "{shown}");
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "---\ntitle: Secret\n---\n"
    );
    assert_eq!(listing(&parent.path().join("outside")), ["", "secret.md"]);
}

#[test]
fn git_refuses_branch_names_that_climb() {
    // What libgit2 allows: no `..`, no leading `/` or `.`, no `.lock` ending; `.git` segments
    // are legal in a ref name, which is why bundles are checked segment by segment.
    for bad in [
        "submissions/../../x",
        "/etc/x",
        "draft/.x",
        "draft/x.lock",
        "a//b",
        "draft/x\\y",
    ] {
        assert!(!git2::Branch::name_is_valid(bad).unwrap(), "{bad}");
    }
    assert!(git2::Branch::name_is_valid("draft/.git-x").is_ok());
    let (_parent, root, mut ws) = committed_site();
    for slug in ["../../x", "/etc/x", "a/b", "..", ".git", "x\0y"] {
        assert!(ws.start_draft(slug).is_err(), "{slug:?}");
    }
    assert_eq!(
        git(&root, &["branch", "--format=%(refname:short)"]).trim(),
        "main"
    );
}

/// Commits `tree` on `refs/heads/<branch>` in `repo_dir` on top of HEAD, writes it as a bundle
/// in `out`, and deletes the branch again.
fn bundle_of(repo_dir: &Path, branch: &str, tree: git2::Oid, out: &Path) -> std::path::PathBuf {
    let repo = git2::Repository::open(repo_dir).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    let sig = git2::Signature::now("Mallory", "m@example.com").unwrap();
    let commit = repo
        .commit(
            None,
            &sig,
            &sig,
            "Add post: harmless",
            &repo.find_tree(tree).unwrap(),
            &[&head],
        )
        .unwrap();
    repo.reference(&format!("refs/heads/{branch}"), commit, true, "crafted")
        .unwrap();
    let file = out.join(format!("{}.bundle", branch.replace('/', "-")));
    SiteRepo::discover(repo_dir)
        .unwrap()
        .write_bundle(branch, &file)
        .unwrap();
    repo.find_reference(&format!("refs/heads/{branch}"))
        .unwrap()
        .delete()
        .unwrap();
    file
}

/// A guest's clone of the editor's site, and a folder for bundles.
fn guest_and_editor() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    Workspace,
) {
    let (parent, editor_root, ws) = committed_site();
    let guest = parent.path().join("guest");
    git(
        parent.path(),
        &["clone", "-q", editor_root.to_str().unwrap(), "guest"],
    );
    (parent, guest, editor_root, ws)
}

#[test]
fn bundles_with_climbing_refs_are_refused() {
    let (parent, guest, editor_root, mut ws) = guest_and_editor();
    let repo = git2::Repository::open(&guest).unwrap();
    let blob = repo.blob(b"---\ntitle: Fine\n---\n").unwrap();
    let head_tree = repo.head().unwrap().peel_to_tree().unwrap();
    let mut builder = repo.treebuilder(Some(&head_tree)).unwrap();
    builder.insert("fine.md", blob, 0o100644).unwrap();
    let tree = builder.write().unwrap();
    let good = bundle_of(&guest, "submissions/gsa/story", tree, parent.path());
    let bytes = std::fs::read(&good).unwrap();
    // The header is text: rewrite the ref name to ones git itself would never write.
    for crafted in [
        "refs/heads/submissions/../../xx",
        "refs/heads/submissions/gsa/../../../x",
        "refs/heads/draft/../../../.git/x",
        "refs/heads/submissions/gsa/.git",
        "refs/heads/main",
    ] {
        let mut evil = Vec::new();
        let at = bytes.windows(10).position(|w| w == b"refs/heads").unwrap();
        let end = at + "refs/heads/submissions/gsa/story".len();
        evil.extend_from_slice(&bytes[..at]);
        evil.extend_from_slice(crafted.as_bytes());
        evil.extend_from_slice(&bytes[end..]);
        let file = parent.path().join("evil.bundle");
        std::fs::write(&file, evil).unwrap();
        let err = ws.import_bundle(&file).unwrap_err();
        assert!(
            matches!(err, Error::Git(GitError::UnsafeBundle { .. })),
            "{crafted}: {err}"
        );
    }
    assert_eq!(
        git(&editor_root, &["branch", "--format=%(refname:short)"]).trim(),
        "main"
    );
    // The untouched bundle imports.
    assert_eq!(
        ws.import_bundle(&good).unwrap()[0].branch,
        "submissions/gsa/story"
    );
}

#[test]
fn bundles_whose_links_chain_out_of_the_site_are_refused() {
    let (parent, guest, editor_root, mut ws) = guest_and_editor();
    let repo = git2::Repository::open(&guest).unwrap();
    let head_tree = repo.head().unwrap().peel_to_tree().unwrap();
    // `a/up` -> `..` is the site root: inside. `escape` -> `a/up/..` looks inside read letter
    // by letter (a, up, back to a), but the OS follows `a/up` first: root/.. is outside.
    let up = repo.blob(b"..").unwrap();
    let a = {
        let mut builder = repo.treebuilder(None).unwrap();
        builder.insert("up", up, 0o120000).unwrap();
        builder.write().unwrap()
    };
    let escape = repo.blob(b"a/up/../outside/secret.md").unwrap();
    let mut builder = repo.treebuilder(Some(&head_tree)).unwrap();
    builder.insert("a", a, 0o040000).unwrap();
    builder.insert("escape.md", escape, 0o120000).unwrap();
    let tree = builder.write().unwrap();
    let bundle = bundle_of(&guest, "submissions/evil/chain", tree, parent.path());
    let err = ws.import_bundle(&bundle).unwrap_err();
    assert!(
        matches!(err, Error::Git(GitError::UnsafeBundle { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("escape.md"), "{err}");
    assert_eq!(
        git(&editor_root, &["branch", "--format=%(refname:short)"]).trim(),
        "main"
    );

    // The attack is real: the same links on disk resolve outside the site.
    #[cfg(unix)]
    {
        let site = parent.path().join("site-copy");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::os::unix::fs::symlink("..", site.join("a/up")).unwrap();
        std::os::unix::fs::symlink("a/up/../outside/secret.md", site.join("escape.md")).unwrap();
        let real = site.join("escape.md").canonicalize().unwrap();
        assert_eq!(
            real,
            parent
                .path()
                .join("outside/secret.md")
                .canonicalize()
                .unwrap()
        );
    }
}

#[test]
fn a_theme_or_themes_dir_that_leads_outside_the_site_is_refused() {
    use postwright::render::render_page;
    use postwright::site::Site;
    use postwright::template::SiteContext;

    // Each case gets its own site: the renderer keeps a site's templates for two seconds.
    let cases = [
        "themesDir: /etc\ntheme: evil".to_string(),
        "themesDir: ../outside\ntheme: evil".to_string(),
        "theme: ../../outside/evil".to_string(),
        "theme: [good, ../../outside/evil]".to_string(),
    ];
    for (i, settings) in cases.iter().enumerate() {
        let (parent, root) = site_with_outside();
        let evil = parent.path().join("outside/evil");
        std::fs::create_dir_all(evil.join("layouts/shortcodes")).unwrap();
        std::fs::write(evil.join("layouts/shortcodes/leak.html"), "LEAKED").unwrap();
        std::fs::create_dir_all(evil.join("data")).unwrap();
        std::fs::write(evil.join("data/secret.yaml"), "key: LEAKED\n").unwrap();
        let good = root.join("themes/good");
        std::fs::create_dir_all(good.join("layouts/shortcodes")).unwrap();
        std::fs::write(good.join("layouts/shortcodes/ok.html"), "theme ok").unwrap();
        // `/etc` is the brief's example; make the absolute case point at the outside folder too.
        let settings = settings.replace("/etc", &parent.path().join("outside").to_string_lossy());
        std::fs::write(root.join("hugo.yaml"), format!("title: T\n{settings}\n")).unwrap();

        let site = Site::open(&root).unwrap();
        let (dirs, errors) = site.theme_dirs();
        assert_eq!(errors.len(), 1, "{settings}: {errors:?}");
        let message = errors[0].to_string();
        assert!(
            message.contains("the theme folder is outside the site folder")
                && message.contains("its templates and data are not used"),
            "{settings}: {message}"
        );
        assert_eq!(dirs.len(), usize::from(i == 3), "{settings}: {dirs:?}");

        let rendered = render_page(&site, "news/a.md", "{{< leak >}} {{< ok >}}");
        assert!(
            !rendered.html.contains("LEAKED"),
            "{settings}: {}",
            rendered.html
        );
        assert!(
            rendered.diagnostics.iter().any(|d| d
                .message
                .contains("the theme folder is outside the site folder")),
            "{settings}: {:?}",
            rendered.diagnostics
        );
        assert!(
            rendered
                .diagnostics
                .iter()
                .any(|d| d.message.contains("\"leak\" not found")),
            "{settings}: {:?}",
            rendered.diagnostics
        );
        assert_eq!(
            rendered.html.contains("theme ok"),
            i == 3,
            "{settings}: {}",
            rendered.html
        );

        let (context, data_errors) = SiteContext::from_site(&site);
        assert!(!context.data.to_string().contains("LEAKED"), "{settings}");
        assert!(
            data_errors
                .iter()
                .any(|e| e.to_string().contains("the theme folder is outside")),
            "{settings}: {data_errors:?}"
        );
    }
}
