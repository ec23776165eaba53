//! The git module against real repositories in temp dirs: init, status, commits of chosen
//! paths, identity, diffs and history.

use std::fs;
use std::path::Path;

use postwright::git::{ChangeKind, DiffLineKind, FileChange, GitError, Identity, SiteRepo};

fn writer() -> Identity {
    Identity {
        name: "Ada Writer".into(),
        email: "ada@example.gov".into(),
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A repository with two posts and an ignored build folder, committed on `main`.
fn sample_repo() -> (tempfile::TempDir, SiteRepo) {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "content/news/one.md",
        "---\ntitle: One\n---\nFirst.\n",
    );
    write(
        dir.path(),
        "content/news/two.md",
        "---\ntitle: Two\n---\nSecond.\n",
    );
    write(dir.path(), ".gitignore", "public/\n");
    write(dir.path(), "public/index.html", "<html></html>\n");
    let repo = SiteRepo::init_with_initial_commit(dir.path(), "Initial import", &writer()).unwrap();
    (dir, repo)
}

fn change(path: &str, kind: ChangeKind) -> FileChange {
    FileChange {
        path: path.into(),
        kind,
        old_path: None,
    }
}

#[test]
fn init_commits_everything_but_ignored_files_on_main() {
    let (dir, repo) = sample_repo();
    assert_eq!(repo.current_branch().unwrap().as_deref(), Some("main"));
    assert_eq!(repo.status().unwrap(), vec![]);
    assert_eq!(
        repo.workdir().unwrap().canonicalize().unwrap(),
        dir.path().canonicalize().unwrap()
    );
    let log = repo.log(None, 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].summary, "Initial import");
    assert_eq!(log[0].author_name, "Ada Writer");
    // The ignored build output never entered history.
    assert!(repo.log(Some("public/index.html"), 10).unwrap().is_empty());
}

#[test]
fn status_reports_edits_new_and_deleted_files_relative_to_the_root() {
    let (dir, repo) = sample_repo();
    write(
        dir.path(),
        "content/news/one.md",
        "---\ntitle: One, edited\n---\nFirst.\n",
    );
    write(dir.path(), "content/news/deep/three.md", "new\n");
    fs::remove_file(dir.path().join("content/news/two.md")).unwrap();
    write(dir.path(), "public/other.html", "ignored\n");

    // Opened from a sub-folder: paths stay relative to the repository root.
    let from_subfolder = SiteRepo::discover(&dir.path().join("content/news")).unwrap();
    let expected = vec![
        change("content/news/deep/three.md", ChangeKind::New),
        change("content/news/one.md", ChangeKind::Modified),
        change("content/news/two.md", ChangeKind::Deleted),
    ];
    assert_eq!(from_subfolder.status().unwrap(), expected);
    assert_eq!(repo.status().unwrap(), expected);
}

#[test]
fn committing_one_path_leaves_other_changes_uncommitted_and_unstaged() {
    let (dir, repo) = sample_repo();
    write(dir.path(), "content/news/one.md", "one edited\n");
    write(dir.path(), "content/news/two.md", "two edited\n");
    write(dir.path(), "content/news/new.md", "brand new\n");

    let id = repo
        .commit("Edit one", &["content/news/one.md".into()], &writer())
        .unwrap();
    assert_eq!(id.len(), 40);
    assert_eq!(
        repo.status().unwrap(),
        vec![
            change("content/news/new.md", ChangeKind::New),
            change("content/news/two.md", ChangeKind::Modified)
        ]
    );
    // Not staged either: the index holds HEAD's version of two.md.
    let git = git2::Repository::open(dir.path()).unwrap();
    let status = git.status_file(Path::new("content/news/two.md")).unwrap();
    assert!(status.is_wt_modified() && !status.is_index_modified());

    let log = repo.log(None, 10).unwrap();
    assert_eq!(log[0].id, id);
    assert_eq!(log[0].summary, "Edit one");
    let head_tree = git.head().unwrap().peel_to_tree().unwrap();
    let blob = head_tree
        .get_path(Path::new("content/news/two.md"))
        .unwrap()
        .to_object(&git)
        .unwrap();
    assert_eq!(
        blob.as_blob().unwrap().content(),
        b"---\ntitle: Two\n---\nSecond.\n"
    );
}

#[test]
fn committing_a_path_does_not_sweep_in_changes_staged_elsewhere() {
    let (dir, repo) = sample_repo();
    write(dir.path(), "content/news/one.md", "one edited\n");
    write(
        dir.path(),
        "content/news/two.md",
        "two staged in a terminal\n",
    );
    let git = git2::Repository::open(dir.path()).unwrap();
    let mut index = git.index().unwrap();
    index.add_path(Path::new("content/news/two.md")).unwrap();
    index.write().unwrap();

    repo.commit("Edit one", &["content/news/one.md".into()], &writer())
        .unwrap();
    let status = git.status_file(Path::new("content/news/two.md")).unwrap();
    assert!(
        status.is_index_modified(),
        "two.md must stay staged, uncommitted: {status:?}"
    );
    assert_eq!(
        repo.status().unwrap(),
        vec![change("content/news/two.md", ChangeKind::Modified)]
    );
}

#[test]
fn committing_a_deleted_path_and_everything() {
    let (dir, repo) = sample_repo();
    fs::remove_file(dir.path().join("content/news/two.md")).unwrap();
    write(dir.path(), "content/news/one.md", "edited\n");
    repo.commit("Remove two", &["content/news/two.md".into()], &writer())
        .unwrap();
    assert_eq!(
        repo.status().unwrap(),
        vec![change("content/news/one.md", ChangeKind::Modified)]
    );
    assert_eq!(
        repo.log(Some("content/news/two.md"), 10).unwrap()[0].summary,
        "Remove two"
    );

    write(dir.path(), "content/authors/ada/_index.md", "ada\n");
    repo.commit("Everything", &[], &writer()).unwrap();
    assert_eq!(repo.status().unwrap(), vec![]);

    // An ignored, untracked file named by mistake stays out of history.
    write(dir.path(), "public/new.html", "built\n");
    let err = repo
        .commit("Build output", &["public/new.html".into()], &writer())
        .unwrap_err();
    assert!(matches!(err, GitError::NothingToCommit { .. }), "{err}");

    let err = repo.commit("Again", &[], &writer()).unwrap_err();
    assert!(matches!(err, GitError::NothingToCommit { .. }), "{err}");
    let err = repo
        .commit("Escape", &["../elsewhere.md".into()], &writer())
        .unwrap_err();
    assert!(matches!(err, GitError::OutsideRepository { .. }), "{err}");
}

#[test]
fn committing_a_folder_stages_its_new_edited_and_deleted_files() {
    let (dir, repo) = sample_repo();
    write(dir.path(), "content/news/one.md", "edited\n");
    fs::remove_file(dir.path().join("content/news/two.md")).unwrap();
    write(dir.path(), "content/news/sub/three.md", "three\n");
    write(dir.path(), "content/other.md", "outside the folder\n");
    repo.commit("News", &["content/news".into()], &writer())
        .unwrap();
    assert_eq!(
        repo.status().unwrap(),
        vec![change("content/other.md", ChangeKind::New)]
    );
}

#[test]
fn first_commit_on_an_unborn_branch_uses_the_configured_identity() {
    let dir = tempfile::tempdir().unwrap();
    let git = git2::Repository::init(dir.path()).unwrap();
    let mut config = git.config().unwrap();
    config.set_str("user.name", "Config Person").unwrap();
    config.set_str("user.email", "config@example.gov").unwrap();
    write(dir.path(), "a.md", "a\n");
    write(dir.path(), "b.md", "b\n");

    let repo = SiteRepo::discover(dir.path()).unwrap();
    assert!(repo.log(None, 5).unwrap().is_empty());
    let who = repo.configured_identity().unwrap();
    assert_eq!(
        who,
        Identity {
            name: "Config Person".into(),
            email: "config@example.gov".into()
        }
    );
    repo.commit("Add a", &["a.md".into()], &who).unwrap();

    let log = repo.log(None, 5).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].author_name.as_str(), log[0].author_email.as_str()),
        ("Config Person", "config@example.gov")
    );
    assert_eq!(
        repo.status().unwrap(),
        vec![change("b.md", ChangeKind::New)]
    );
}

#[test]
fn log_of_a_path_lists_only_the_commits_that_changed_it() {
    let (dir, repo) = sample_repo();
    write(dir.path(), "content/news/one.md", "v2\n");
    repo.commit("One v2", &["content/news/one.md".into()], &writer())
        .unwrap();
    write(dir.path(), "content/news/two.md", "v2\n");
    repo.commit("Two v2", &["content/news/two.md".into()], &writer())
        .unwrap();
    write(dir.path(), "content/news/one.md", "v3\n");
    repo.commit("One v3", &["content/news/one.md".into()], &writer())
        .unwrap();

    let summaries = |path, limit| -> Vec<String> {
        repo.log(path, limit)
            .unwrap()
            .into_iter()
            .map(|c| c.summary)
            .collect()
    };
    assert_eq!(
        summaries(Some("content/news/one.md"), 10),
        ["One v3", "One v2", "Initial import"]
    );
    assert_eq!(
        summaries(Some("content/news/two.md"), 10),
        ["Two v2", "Initial import"]
    );
    assert_eq!(summaries(Some("content/news"), 2), ["One v3", "Two v2"]);
    assert_eq!(summaries(None, 10).len(), 4);
    assert!(summaries(Some("content/missing.md"), 10).is_empty());
}

#[test]
fn file_diff_gives_hunks_against_head() {
    let (dir, repo) = sample_repo();
    let lines: Vec<String> = (1..=20).map(|i| format!("line {i}")).collect();
    write(
        dir.path(),
        "content/news/long.md",
        &(lines.join("\n") + "\n"),
    );
    repo.commit("Long", &[], &writer()).unwrap();
    assert!(repo
        .file_diff("content/news/long.md")
        .unwrap()
        .hunks
        .is_empty());

    let mut edited = lines.clone();
    edited[1] = "line two".into();
    edited.insert(15, "inserted".into());
    write(
        dir.path(),
        "content/news/long.md",
        &(edited.join("\n") + "\n"),
    );
    let diff = repo.file_diff("content/news/long.md").unwrap();
    assert!(!diff.binary);
    assert_eq!(diff.hunks.len(), 2);
    assert_eq!(diff.hunks[0].header, "@@ -1,5 +1,5 @@");
    let changed: Vec<(DiffLineKind, &str)> = diff.hunks[0]
        .lines
        .iter()
        .filter(|l| l.kind != DiffLineKind::Context)
        .map(|l| (l.kind, l.text.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (DiffLineKind::Removed, "line 2"),
            (DiffLineKind::Added, "line two")
        ]
    );
    assert!(diff.hunks[1]
        .lines
        .iter()
        .any(|l| l.kind == DiffLineKind::Added && l.text == "inserted"));

    write(dir.path(), "content/news/untracked.md", "a\nb\n");
    let diff = repo.file_diff("content/news/untracked.md").unwrap();
    assert_eq!(diff.hunks.len(), 1);
    assert!(diff.hunks[0]
        .lines
        .iter()
        .all(|l| l.kind == DiffLineKind::Added));
    assert_eq!(diff.hunks[0].lines.len(), 2);
}

/// Copies the folder at `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn status_and_commit_on_a_copy_of_the_real_site() {
    let Ok(corpus) = std::env::var("POSTWRIGHT_CORPUS") else {
        println!("skipped: set POSTWRIGHT_CORPUS to the digital.gov corpus to run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(&corpus), dir.path());
    let started = std::time::Instant::now();
    let repo = SiteRepo::init_with_initial_commit(dir.path(), "Import", &writer()).unwrap();
    let init_time = started.elapsed();

    let page = walkdir::WalkDir::new(dir.path().join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let rel = page
        .strip_prefix(dir.path())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let mut text = fs::read_to_string(&page).unwrap();
    text.push_str("\nAn edit.\n");
    fs::write(&page, text).unwrap();

    let started = std::time::Instant::now();
    let status = repo.status().unwrap();
    let status_time = started.elapsed();
    assert_eq!(status, vec![change(&rel, ChangeKind::Modified)]);
    let started = std::time::Instant::now();
    repo.commit("Edit", std::slice::from_ref(&rel), &writer())
        .unwrap();
    let commit_time = started.elapsed();
    assert_eq!(repo.status().unwrap(), vec![]);
    println!(
        "corpus: init + commit of everything {init_time:?}, status {status_time:?}, commit one page {commit_time:?}"
    );
}
