//! The editorial workflow end to end against real repositories: clones of a local bare
//! repository standing in for GitHub, the real `git` CLI as the oracle. Guests submit by bundle,
//! authors draft and revise after review notes, editors merge; pulls never lose work.

use std::path::{Path, PathBuf};

use postwright::git::branches::DRAFT_PREFIX;
use postwright::git::remote::PullOutcome;
use postwright::git::review::{ConflictFile, MergeStrategy, ReviewKind, ReviewState};
use postwright::git::{ChangeKind, GitError, Identity, SiteRepo};
use postwright::merge::MergeHunk;
use postwright::{Error, Workspace};

use crate::support::{cli, git};

const HUGO: &str = "title: Test\ntaxonomies:\n  topic: topics\n  author: authors\n";
const DECAP_SQUASH: &str = "backend:\n  name: github\n  squash_merges: true\ncollections:\n  - name: news\n    label: News\n    folder: content/news\n    fields:\n      - {name: title, label: Title, widget: string}\n";
const SHARED_POST: &str = "---\ntitle: Shared post\nsummary: Old summary\ntopics: [cx]\n---\n\nFirst paragraph.\n\nSecond paragraph.\n";

fn person(name: &str, email: &str) -> Identity {
    Identity {
        name: name.into(),
        email: email.into(),
    }
}

fn editor() -> Identity {
    person("Eddie Editor", "editor@gsa.gov")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// A bare "GitHub" repository holding a small site on `main`, and a scratch folder for clones.
struct Remote {
    dir: tempfile::TempDir,
}

impl Remote {
    fn new() -> Remote {
        let dir = tempfile::tempdir().unwrap();
        let seed = dir.path().join("seed");
        write(&seed, "hugo.yaml", HUGO);
        write(&seed, "static/admin/config.yml", DECAP_SQUASH);
        write(&seed, "content/news/shared.md", SHARED_POST);
        SiteRepo::init_with_initial_commit(&seed, "Initial site", &editor()).unwrap();
        git(dir.path(), &["init", "--bare", "-b", "main", "origin.git"]);
        git(
            &seed,
            &[
                "remote",
                "add",
                "origin",
                self_path(&dir.path().join("origin.git")).as_str(),
            ],
        );
        git(&seed, &["push", "-q", "origin", "main"]);
        Remote { dir }
    }

    fn url(&self) -> PathBuf {
        self.dir.path().join("origin.git")
    }

    /// A clone opened as a workspace with `who` as its identity.
    fn clone(&self, name: &str, who: &Identity) -> (PathBuf, Workspace) {
        let path = self.dir.path().join(name);
        git(
            self.dir.path(),
            &["clone", "-q", self_path(&self.url()).as_str(), name],
        );
        git(&path, &["config", "user.name", &who.name]);
        git(&path, &["config", "user.email", &who.email]);
        let mut ws = Workspace::open(&path).unwrap();
        ws.set_identity(who.clone());
        (path, ws)
    }
}

fn self_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn guest_submits_by_bundle_and_the_editor_imports_reviews_and_squash_merges() {
    let remote = Remote::new();
    let guest = person("Grace Guest", "grace@agency.gov");
    let (guest_dir, mut guest_ws) = remote.clone("guest", &guest);
    write(
        &guest_dir,
        "content/news/2026/guest-story.md",
        "---\ntitle: Guest Story\nsummary: From an agency\n---\n\nHello from the agency.\n",
    );
    let bundle = remote.dir.path().join("guest-story.bundle");
    let branch = guest_ws.submit_story("gsa", None, Some(&bundle)).unwrap();
    assert_eq!(branch, "submissions/gsa/guest-story");
    assert_eq!(
        guest_ws.current_branch().unwrap().as_deref(),
        Some(branch.as_str())
    );
    assert!(guest_ws.status().unwrap().is_empty());

    let (editor_dir, mut editor_ws) = remote.clone("editor", &editor());
    // The real git accepts our bundle.
    git(
        &editor_dir,
        &["bundle", "verify", "-q", bundle.to_str().unwrap()],
    );
    let imported = editor_ws.import_bundle(&bundle).unwrap();
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].branch, branch);

    let queue = editor_ws.review_queue().unwrap();
    assert_eq!(queue.len(), 1);
    let item = &queue[0];
    assert_eq!(
        (item.kind, item.state),
        (ReviewKind::Submission, ReviewState::Ready)
    );
    assert_eq!(item.author_email, "grace@agency.gov");
    assert_eq!(item.title.as_deref(), Some("Guest Story"));
    assert_eq!(item.imported_from.as_deref(), Some("guest-story.bundle"));
    assert_eq!(item.pages.len(), 1);
    assert_eq!(
        (item.pages[0].path.as_str(), item.pages[0].kind),
        ("content/news/2026/guest-story.md", ChangeKind::New)
    );

    let diff = editor_ws.review_diff(&branch).unwrap();
    let fields: Vec<&str> = diff[0]
        .fields
        .iter()
        .map(|f| f.description.as_str())
        .collect();
    assert_eq!(
        fields,
        ["title added: Guest Story", "summary added: From an agency"]
    );
    assert_eq!(
        editor_ws
            .branch_file(&branch, "content/news/2026/guest-story.md")
            .unwrap()
            .as_deref(),
        Some("---\ntitle: Guest Story\nsummary: From an agency\n---\n\nHello from the agency.\n")
    );

    // digital.gov's Decap config squashes.
    assert_eq!(editor_ws.merge_strategy(), MergeStrategy::Squash);
    let outcome = editor_ws.approve(&branch, None).unwrap();
    assert_eq!(outcome.strategy, MergeStrategy::Squash);
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    assert_eq!(
        git(
            &editor_dir,
            &["log", "-1", "--format=%an <%ae>|%cn|%s", "main"]
        )
        .trim(),
        "Grace Guest <grace@agency.gov>|Eddie Editor|Add post: Guest Story"
    );
    assert_eq!(
        git(&editor_dir, &["rev-list", "--count", "main"]).trim(),
        "2",
        "one squashed commit"
    );
    assert_eq!(
        read(&editor_dir, "content/news/2026/guest-story.md"),
        "---\ntitle: Guest Story\nsummary: From an agency\n---\n\nHello from the agency.\n"
    );
    assert!(
        git(&editor_dir, &["branch", "--list", "submissions/*"])
            .trim()
            .is_empty(),
        "branch removed"
    );
    assert!(editor_ws.review_queue().unwrap().is_empty());
    assert!(editor_ws.status().unwrap().is_empty());
    // The site index saw the merged page.
    assert!(editor_ws.pages().iter().any(|p| p.title == "Guest Story"));
}

#[test]
fn author_drafts_editor_requests_changes_author_revises_editor_squash_merges() {
    let remote = Remote::new();
    let author = person("Ada Author", "ada@gsa.gov");
    let (author_dir, mut author_ws) = remote.clone("author", &author);
    let (editor_dir, mut editor_ws) = remote.clone("editor", &editor());

    // Uncommitted work from before the draft comes along to the draft branch.
    write(
        &author_dir,
        "content/news/new-kid.md",
        "---\ntitle: New Kid in Town\n---\n\nA first draft.\n",
    );
    let branch = author_ws.start_draft("new-kid").unwrap();
    assert_eq!(branch, format!("{DRAFT_PREFIX}new-kid"));
    assert_eq!(
        read(&author_dir, "content/news/new-kid.md"),
        "---\ntitle: New Kid in Town\n---\n\nA first draft.\n"
    );
    assert_eq!(
        author_ws.suggest_commit_message(&[]).unwrap(),
        "Add post: New Kid in Town"
    );
    author_ws.commit("Add post: New Kid in Town", &[]).unwrap();
    assert_eq!(
        author_ws.review_item(&branch).unwrap().state,
        ReviewState::Draft
    );
    author_ws.submit_for_review(None, &[]).unwrap();
    assert_eq!(
        author_ws.review_item(&branch).unwrap().state,
        ReviewState::Ready
    );
    author_ws.sync().unwrap();

    editor_ws.fetch().unwrap();
    let queue = editor_ws.review_queue().unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].branch.as_str(), queue[0].state),
        (branch.as_str(), ReviewState::Ready)
    );
    assert_eq!(queue[0].remote.as_deref(), Some("origin"));
    editor_ws
        .request_changes(
            &branch,
            "Please add a summary.\nKeep it under 200 characters.",
        )
        .unwrap();
    let pushed = editor_ws.sync().unwrap().pushed;
    assert_eq!(pushed, std::slice::from_ref(&branch));

    // The author sees the note after a sync (state travels with the branch).
    let outcome = author_ws.sync().unwrap();
    assert!(
        matches!(outcome.pull, PullOutcome::FastForward { .. }),
        "{:?}",
        outcome.pull
    );
    let item = Workspace::open(&author_dir)
        .unwrap()
        .review_item(&branch)
        .unwrap();
    assert_eq!(item.state, ReviewState::ChangesRequested);
    let note = item.notes.last().unwrap();
    assert_eq!(
        note.message,
        "Please add a summary.\nKeep it under 200 characters."
    );
    assert_eq!(note.author_name, "Eddie Editor");

    write(
        &author_dir,
        "content/news/new-kid.md",
        "---\ntitle: New Kid in Town\nsummary: Meet the community\n---\n\nA better draft.\n",
    );
    let diff = author_ws.page_diff("content/news/new-kid.md").unwrap();
    assert_eq!(
        diff.fields[0].description,
        "summary added: Meet the community"
    );
    assert_eq!(
        author_ws.suggest_commit_message(&[]).unwrap(),
        "Update New Kid in Town: summary, body"
    );
    author_ws
        .commit_with_co_authors(
            "Update New Kid in Town: summary, body",
            &[],
            &[person("Pat Pair", "pat@gsa.gov")],
        )
        .unwrap();
    assert!(
        author_ws
            .review_item(&branch)
            .unwrap()
            .revised_since_request
    );
    author_ws.submit_for_review(None, &[]).unwrap();
    author_ws.sync().unwrap();

    editor_ws.sync().unwrap();
    let item = editor_ws.review_item(&branch).unwrap();
    assert_eq!(item.state, ReviewState::Ready);
    assert_eq!(item.notes.len(), 3);
    let outcome = editor_ws
        .approve(&branch, Some(MergeStrategy::Squash))
        .unwrap();
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    let message = git(&editor_dir, &["log", "-1", "--format=%an|%B", "main"]);
    assert!(
        message.starts_with("Ada Author|Add post: New Kid in Town\n"),
        "{message}"
    );
    assert!(
        message.contains("Co-authored-by: Pat Pair <pat@gsa.gov>"),
        "{message}"
    );
    assert!(
        message.contains("Reviewed-by: Eddie Editor <editor@gsa.gov>"),
        "{message}"
    );
    assert!(
        git(&editor_dir, &["log", "main", "--grep=Postwright-Review"]).is_empty(),
        "markers stay off main"
    );
    editor_ws.sync().unwrap();
    let remote_refs = git(&remote.url(), &["for-each-ref", "--format=%(refname)"]);
    assert_eq!(
        remote_refs.trim(),
        "refs/heads/main",
        "the draft branch is gone from the remote"
    );
    assert_eq!(
        git(&remote.url(), &["show", "main:content/news/new-kid.md"]),
        "---\ntitle: New Kid in Town\nsummary: Meet the community\n---\n\nA better draft.\n"
    );
}

#[test]
fn two_clones_editing_one_post_merge_both_intents_and_lose_nothing() {
    let remote = Remote::new();
    let (a_dir, mut a) = remote.clone("a", &person("Ann", "ann@gsa.gov"));
    let (b_dir, mut b) = remote.clone("b", &person("Bob", "bob@gsa.gov"));
    let post = "content/news/shared.md";

    // Adjacent lines: git itself conflicts here; the three-way merge settles it.
    write(
        &a_dir,
        post,
        &SHARED_POST.replace("Old summary", "New summary from Ann"),
    );
    a.commit("Update Shared post: summary", &[]).unwrap();
    a.sync().unwrap();
    write(
        &b_dir,
        post,
        &SHARED_POST.replace("[cx]", "[customer-experience]"),
    );
    // An uncommitted edit to the file the pull changes stops the pull before anything moves.
    let err = b.sync().unwrap_err();
    assert!(
        matches!(err, Error::Git(GitError::WouldOverwrite { .. })),
        "{err}"
    );
    assert_eq!(
        read(&b_dir, post),
        SHARED_POST.replace("[cx]", "[customer-experience]")
    );
    b.commit("Update Shared post: topics", &[]).unwrap();
    let outcome = b.sync().unwrap();
    match &outcome.pull {
        PullOutcome::Merged { auto_resolved, .. } => assert_eq!(auto_resolved, &[post.to_string()]),
        other => panic!("{other:?}"),
    }
    let both = SHARED_POST
        .replace("Old summary", "New summary from Ann")
        .replace("[cx]", "[customer-experience]");
    assert_eq!(read(&b_dir, post), both);
    assert_eq!(outcome.pushed, ["main"]);

    // The same sentence rewritten on both sides: the pull stops with both versions in the file.
    a.sync().unwrap();
    assert_eq!(read(&a_dir, post), both);
    write(
        &a_dir,
        post,
        &both.replace("Second paragraph.", "Second paragraph, as Ann sees it."),
    );
    a.commit("Update Shared post: body", &[]).unwrap();
    a.sync().unwrap();
    write(
        &b_dir,
        post,
        &both.replace("Second paragraph.", "Second paragraph, as Bob sees it."),
    );
    b.commit("Update Shared post: body", &[]).unwrap();
    write(
        &b_dir,
        "content/news/unrelated.md",
        "---\ntitle: Unrelated work in progress\n---\n",
    );
    let outcome = b.sync().unwrap();
    let PullOutcome::Conflicts { files } = &outcome.pull else {
        panic!("{:?}", outcome.pull)
    };
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, post);
    let text = read(&b_dir, post);
    assert!(
        text.contains("Second paragraph, as Ann sees it.")
            && text.contains("Second paragraph, as Bob sees it."),
        "{text}"
    );
    assert!(
        text.contains("<<<<<<< yours") && text.contains(">>>>>>> theirs"),
        "{text}"
    );
    assert_eq!(
        read(&b_dir, "content/news/unrelated.md"),
        "---\ntitle: Unrelated work in progress\n---\n"
    );
    // git agrees a merge is in progress with this file unmerged.
    assert!(git(&b_dir, &["status", "--porcelain"]).contains(&format!("UU {post}")));
    // Switching away mid-merge is refused.
    assert!(matches!(
        b.start_draft("elsewhere"),
        Err(Error::Git(GitError::MergeInProgress { .. }))
    ));

    let resolved = both.replace(
        "Second paragraph.",
        "Second paragraph, as Ann and Bob see it.",
    );
    write(&b_dir, post, &resolved);
    b.commit("Merge Ann's edit", &[post.to_string()]).unwrap();
    assert_eq!(
        git(&b_dir, &["log", "-1", "--format=%p"])
            .split_whitespace()
            .count(),
        2,
        "a merge commit"
    );
    assert_eq!(
        b.status().unwrap().len(),
        1,
        "the unrelated draft is still uncommitted"
    );
    b.sync().unwrap();
    a.sync().unwrap();
    assert_eq!(read(&a_dir, post), resolved);
}

/// The text a writer's choices give: clean stretches as they are, each clash's chosen side
/// (`true`: ours), as the conflicts view assembles it.
fn choose_sides(hunks: &[MergeHunk], ours: &[bool]) -> String {
    let mut choices = ours.iter();
    hunks
        .iter()
        .map(|hunk| match hunk {
            MergeHunk::Clean(text) => text.clone(),
            MergeHunk::Conflict {
                ours: mine, theirs, ..
            } => {
                if *choices.next().expect("a choice for every clash") {
                    mine.clone()
                } else {
                    theirs.clone()
                }
            }
        })
        .collect()
}

/// Two clones rewriting both paragraphs of the shared post differently; Ann's side (which
/// also adds a page) is on the remote, Bob's pull stops with the clashes. Returns Bob.
fn clashing_pull(remote: &Remote) -> (PathBuf, Workspace, Vec<ConflictFile>) {
    let (a_dir, mut a) = remote.clone("a", &person("Ann", "ann@gsa.gov"));
    let (b_dir, mut b) = remote.clone("b", &person("Bob", "bob@gsa.gov"));
    let post = "content/news/shared.md";
    write(
        &a_dir,
        post,
        &SHARED_POST
            .replace("First paragraph.", "First, as Ann sees it.")
            .replace("Second paragraph.", "Second, as Ann sees it."),
    );
    write(
        &a_dir,
        "content/news/from-ann.md",
        "---\ntitle: From Ann\n---\n",
    );
    a.commit("Ann's edits", &[]).unwrap();
    a.sync().unwrap();
    write(
        &b_dir,
        post,
        &SHARED_POST
            .replace("First paragraph.", "First, as Bob sees it.")
            .replace("Second paragraph.", "Second, as Bob sees it."),
    );
    b.commit("Bob's edits", &[]).unwrap();
    let outcome = b.sync().unwrap();
    let PullOutcome::Conflicts { files } = outcome.pull else {
        panic!("{:?}", outcome.pull)
    };
    (b_dir, b, files)
}

#[test]
fn a_conflicted_pull_is_finished_with_the_chosen_sides_also_after_a_restart() {
    let remote = Remote::new();
    let post = "content/news/shared.md";
    let (b_dir, b, files) = clashing_pull(&remote);
    assert_eq!(files.len(), 1);
    let clashes: Vec<(&str, &str)> = files[0]
        .hunks
        .iter()
        .filter_map(|h| match h {
            MergeHunk::Conflict { ours, theirs, .. } => Some((ours.as_str(), theirs.as_str())),
            MergeHunk::Clean(_) => None,
        })
        .collect();
    assert_eq!(
        clashes,
        [
            ("First, as Bob sees it.\n", "First, as Ann sees it.\n"),
            ("Second, as Bob sees it.\n", "Second, as Ann sees it.\n")
        ]
    );
    let markers = read(&b_dir, post);
    let bob_tip = git(&b_dir, &["rev-parse", "HEAD"]);
    let ann_tip = git(&b_dir, &["rev-parse", "origin/main"]);
    drop(b);

    // After a restart the index still holds the conflict, and the same hunks come back.
    let mut b = Workspace::open(&b_dir).unwrap();
    b.set_identity(person("Bob", "bob@gsa.gov"));
    assert_eq!(b.pending_conflicts().unwrap(), files);

    // Refusals change nothing: a clash left open, markers still in the text, a file that
    // is not conflicting, a path out of the repository.
    let chosen = choose_sides(&files[0].hunks, &[true, false]);
    for (attempt, expected) in [
        (vec![], "a merge is in progress"),
        (vec![(post.to_string(), markers.clone())], "conflict marker"),
        (
            vec![
                (post.to_string(), chosen.clone()),
                ("content/news/from-ann.md".to_string(), "x".to_string()),
            ],
            "not one of the merge's conflicting files",
        ),
        (
            vec![
                (post.to_string(), chosen.clone()),
                ("../outside.md".to_string(), "x".to_string()),
            ],
            "not a path inside the repository",
        ),
    ] {
        let err = b.resolve_pull_conflicts(&attempt).unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
        assert_eq!(read(&b_dir, post), markers);
        assert_eq!(b.pending_conflicts().unwrap(), files);
    }
    assert!(!remote.dir.path().join("outside.md").exists());

    // Committing the file with its markers (the changes panel's commit) is refused too.
    let err = b.commit("Merge", &[post.to_string()]).unwrap_err();
    assert!(
        matches!(&err, Error::Git(GitError::ConflictMarkers { line: 7, .. })),
        "{err}"
    );
    assert!(
        git(&b_dir, &["status", "--porcelain"]).contains(&format!("UU {post}")),
        "nothing was staged"
    );

    // Bob keeps his first paragraph and takes Ann's second.
    let commit = b
        .resolve_pull_conflicts(&[(post.to_string(), chosen.clone())])
        .unwrap();
    assert_eq!(
        chosen,
        SHARED_POST
            .replace("First paragraph.", "First, as Bob sees it.")
            .replace("Second paragraph.", "Second, as Ann sees it.")
    );
    assert_eq!(read(&b_dir, post), chosen);
    assert_eq!(git(&b_dir, &["rev-parse", "HEAD"]).trim(), commit);
    assert_eq!(
        git(&b_dir, &["log", "-1", "--format=%P"]).trim(),
        format!("{} {}", bob_tip.trim(), ann_tip.trim()),
        "a merge of Bob's and Ann's commits"
    );
    assert_eq!(
        git(&b_dir, &["log", "-1", "--format=%s|%an"]).trim(),
        "Merge origin/main into main|Bob"
    );
    assert_eq!(git(&b_dir, &["show", &format!("HEAD:{post}")]), chosen);
    assert_eq!(
        git(&b_dir, &["show", "HEAD:content/news/from-ann.md"]),
        "---\ntitle: From Ann\n---\n"
    );
    assert_eq!(
        git(&b_dir, &["status", "--porcelain"]),
        "",
        "nothing left uncommitted or unmerged"
    );
    assert!(!b_dir.join(".git/MERGE_HEAD").exists());
    assert!(b.pending_conflicts().unwrap().is_empty());
    assert!(
        b.pages().iter().any(|p| p.title == "From Ann"),
        "the site was reloaded"
    );
    assert!(matches!(
        b.resolve_pull_conflicts(&[]),
        Err(Error::Git(GitError::NoMergeInProgress))
    ));
    let outcome = b.sync().unwrap();
    assert_eq!(outcome.pushed, ["main"]);
    assert_eq!(
        git(&remote.url(), &["show", &format!("main:{post}")]),
        chosen
    );
}

#[test]
fn aborting_a_conflicted_pull_restores_the_state_before_it_unless_that_loses_edits() {
    let remote = Remote::new();
    let post = "content/news/shared.md";
    let (b_dir, mut b, files) = clashing_pull(&remote);
    let markers = read(&b_dir, post);
    let bob_tip = git(&b_dir, &["rev-parse", "HEAD"]);

    // The writer settled the file by hand: it comes back as their text, nothing to choose,
    // and aborting (which would throw it away) is refused.
    let by_hand = SHARED_POST
        .replace("First paragraph.", "First, as both see it.")
        .replace("Second paragraph.", "Second, as both see it.");
    write(&b_dir, post, &by_hand);
    let pending = b.pending_conflicts().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].hunks, [MergeHunk::Clean(by_hand.clone())]);
    let err = b.abort_merge().unwrap_err();
    assert!(
        matches!(&err, Error::Git(GitError::CannotAbortMerge { paths }) if paths == post),
        "{err}"
    );
    assert_eq!(read(&b_dir, post), by_hand);

    // Work that is not the pull's own is refused too.
    write(&b_dir, post, &markers);
    assert_eq!(b.pending_conflicts().unwrap(), files);
    write(&b_dir, "content/news/notes.md", "---\ntitle: Notes\n---\n");
    let err = b.abort_merge().unwrap_err();
    assert!(err.to_string().contains("content/news/notes.md"), "{err}");
    assert!(b_dir.join(".git/MERGE_HEAD").exists(), "still merging");
    std::fs::remove_file(b_dir.join("content/news/notes.md")).unwrap();

    b.abort_merge().unwrap();
    assert_eq!(
        git(&b_dir, &["rev-parse", "HEAD"]),
        bob_tip,
        "no commit was made"
    );
    assert_eq!(
        read(&b_dir, post),
        SHARED_POST
            .replace("First paragraph.", "First, as Bob sees it.")
            .replace("Second paragraph.", "Second, as Bob sees it.")
    );
    assert!(
        !b_dir.join("content/news/from-ann.md").exists(),
        "Ann's new page went with the merge"
    );
    assert_eq!(git(&b_dir, &["status", "--porcelain"]), "");
    assert!(!b_dir.join(".git/MERGE_HEAD").exists());
    assert!(b.pending_conflicts().unwrap().is_empty());
    assert!(matches!(
        b.abort_merge(),
        Err(Error::Git(GitError::NoMergeInProgress))
    ));
}

#[test]
fn a_guest_submits_a_story_by_push_to_a_submission_branch_on_the_remote() {
    let remote = Remote::new();
    let guest = person("Grace Guest", "grace@agency.gov");
    let (guest_dir, mut guest_ws) = remote.clone("guest", &guest);
    let story = "---\ntitle: Pushed Story\nsummary: From an agency\n---\n\nHello by push.\n";
    write(&guest_dir, "content/news/2026/pushed-story.md", story);
    let branch = guest_ws.submit_story("gsa", None, None).unwrap();
    assert_eq!(branch, "submissions/gsa/pushed-story");
    let on_remote = git(&remote.url(), &["for-each-ref", "--format=%(refname)"]);
    assert_eq!(
        on_remote.lines().collect::<Vec<_>>(),
        ["refs/heads/main", "refs/heads/submissions/gsa/pushed-story"]
    );
    assert_eq!(
        git(
            &remote.url(),
            &[
                "show",
                &format!("{branch}:content/news/2026/pushed-story.md")
            ]
        ),
        story
    );
    assert_eq!(
        git(
            &remote.url(),
            &["log", "-1", "--format=%an <%ae>|%s", &branch]
        )
        .trim(),
        "Grace Guest <grace@agency.gov>|Add post: Pushed Story"
    );
    assert_eq!(
        git(
            &remote.url(),
            &["rev-list", "--count", &format!("main..{branch}")]
        )
        .trim(),
        "1",
        "one commit on top of main"
    );
    assert!(guest_ws.status().unwrap().is_empty());

    // The editor's queue lists it after a fetch, from the remote.
    let (_editor_dir, editor_ws) = remote.clone("editor", &editor());
    let queue = editor_ws.review_queue().unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (
            queue[0].branch.as_str(),
            queue[0].kind,
            queue[0].remote.as_deref()
        ),
        (branch.as_str(), ReviewKind::Submission, Some("origin"))
    );
}

#[test]
fn switching_branches_refuses_to_overwrite_uncommitted_work() {
    let remote = Remote::new();
    let (dir, mut ws) = remote.clone("author", &person("Ada", "ada@gsa.gov"));
    ws.start_draft("edit-shared").unwrap();
    write(
        &dir,
        "content/news/shared.md",
        &SHARED_POST.replace("Old summary", "Draft summary"),
    );
    ws.commit("Update Shared post: summary", &[]).unwrap();
    write(
        &dir,
        "content/news/shared.md",
        &SHARED_POST.replace("Old summary", "Unsaved summary"),
    );
    let err = ws.switch_branch("main").unwrap_err();
    assert!(err.to_string().contains("content/news/shared.md"), "{err}");
    assert_eq!(
        ws.current_branch().unwrap().as_deref(),
        Some("draft/edit-shared")
    );
    assert_eq!(
        read(&dir, "content/news/shared.md"),
        SHARED_POST.replace("Old summary", "Unsaved summary")
    );

    // History, restore and discard of that page.
    let history = ws.history(Some("content/news/shared.md"), 10).unwrap();
    assert_eq!(history.len(), 2);
    ws.restore_file("content/news/shared.md", &history[1].id)
        .unwrap();
    assert_eq!(read(&dir, "content/news/shared.md"), SHARED_POST);
    write(&dir, "content/news/shared.md", "scratch\n");
    let backup = ws.discard(&["content/news/shared.md".to_string()]).unwrap();
    assert_eq!(
        read(&dir, "content/news/shared.md"),
        SHARED_POST.replace("Old summary", "Draft summary")
    );
    assert_eq!(
        std::fs::read_to_string(backup.join("content/news/shared.md")).unwrap(),
        "scratch\n"
    );
    ws.switch_branch("main").unwrap();
    assert_eq!(read(&dir, "content/news/shared.md"), SHARED_POST);
}

/// Writes a commit whose tree holds `entry` (raw mode and name) around a file, on a
/// submission branch, and exports it as a bundle.
fn crafted_bundle(dir: &Path, name: &str, mode: &str, link_target: Option<&[u8]>) -> PathBuf {
    let repo = git2::Repository::open(dir).unwrap();
    let blob = repo.blob(b"owned\n").unwrap();
    let inner = {
        let mut builder = repo.treebuilder(None).unwrap();
        builder.insert("evil.md", blob, 0o100644).unwrap();
        builder.write().unwrap()
    };
    let target = match link_target {
        Some(target) => repo.blob(target).unwrap(),
        None => inner,
    };
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    // Tree entries are `<mode> <name>\0<20-byte id>`, sorted; written raw because libgit2's
    // tree builder (rightly) refuses these names.
    let mut raw = Vec::new();
    for entry in head.tree().unwrap().iter() {
        raw.extend_from_slice(format!("{:o} ", entry.filemode()).as_bytes());
        raw.extend_from_slice(entry.name_bytes());
        raw.push(0);
        raw.extend_from_slice(entry.id().as_bytes());
    }
    let mut crafted = format!("{mode} ").into_bytes();
    crafted.extend_from_slice(name.as_bytes());
    crafted.push(0);
    crafted.extend_from_slice(target.as_bytes());
    raw.splice(0..0, crafted);
    let tree = repo
        .odb()
        .unwrap()
        .write(git2::ObjectType::Tree, &raw)
        .unwrap();
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
    repo.reference("refs/heads/submissions/evil/story", commit, true, "crafted")
        .unwrap();
    let bundle = dir.join(format!("crafted-{}.bundle", name.len()));
    SiteRepo::discover(dir)
        .unwrap()
        .write_bundle("submissions/evil/story", &bundle)
        .unwrap();
    repo.find_reference("refs/heads/submissions/evil/story")
        .unwrap()
        .delete()
        .unwrap();
    bundle
}

#[test]
fn bundles_with_escaping_paths_or_foreign_refs_are_refused() {
    let remote = Remote::new();
    let (mallory_dir, _) = remote.clone("mallory", &person("Mallory", "m@example.com"));
    let (editor_dir, mut editor_ws) = remote.clone("editor", &editor());
    for (name, mode, target) in [
        ("..", "40000", None),
        (".git", "40000", None),
        (".GIT", "40000", None),
        ("link", "120000", Some(&b"../../../etc"[..])),
    ] {
        let bundle = crafted_bundle(&mallory_dir, name, mode, target);
        let err = editor_ws.import_bundle(&bundle).unwrap_err();
        assert!(
            matches!(err, Error::Git(GitError::UnsafeBundle { .. })),
            "{name}: {err}"
        );
        assert!(err.to_string().contains("nothing was imported"), "{err}");
        assert!(
            git(&editor_dir, &["branch", "--list", "submissions/*"])
                .trim()
                .is_empty(),
            "{name}: no branch created"
        );
    }
    assert!(!remote.dir.path().join("evil.md").exists());

    // A bundle made by git itself that would overwrite main is refused too.
    write(&mallory_dir, "content/news/shared.md", "defaced\n");
    git(&mallory_dir, &["commit", "-qam", "deface"]);
    let bundle = remote.dir.path().join("main.bundle");
    git(
        &mallory_dir,
        &[
            "bundle",
            "create",
            "-q",
            bundle.to_str().unwrap(),
            "origin/main..main",
        ],
    );
    let err = editor_ws.import_bundle(&bundle).unwrap_err();
    assert!(err.to_string().contains("refs/heads/main"), "{err}");
    assert_eq!(read(&editor_dir, "content/news/shared.md"), SHARED_POST);

    // And a well-formed one from git's own `bundle create` imports.
    git(
        &mallory_dir,
        &[
            "checkout",
            "-q",
            "-b",
            "submissions/gsa/fine",
            "origin/main",
        ],
    );
    write(
        &mallory_dir,
        "content/news/fine.md",
        "---\ntitle: Fine\n---\n",
    );
    git(&mallory_dir, &["add", "."]);
    git(&mallory_dir, &["commit", "-qm", "Add post: Fine"]);
    let bundle = remote.dir.path().join("fine.bundle");
    git(
        &mallory_dir,
        &[
            "bundle",
            "create",
            "-q",
            bundle.to_str().unwrap(),
            "origin/main..submissions/gsa/fine",
        ],
    );
    let imported = editor_ws.import_bundle(&bundle).unwrap();
    assert_eq!(imported[0].branch, "submissions/gsa/fine");
}

#[test]
fn offline_remotes_give_a_plain_message() {
    let remote = Remote::new();
    let (dir, mut ws) = remote.clone("author", &person("Ada", "ada@gsa.gov"));
    git(
        &dir,
        &[
            "remote",
            "set-url",
            "origin",
            "https://127.0.0.1:9/nowhere.git",
        ],
    );
    let err = ws.sync().unwrap_err();
    assert!(
        matches!(err, Error::Git(GitError::Offline { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("offline"), "{err}");
}

fn run(args: &[&str], site: &Path) -> String {
    let out = cli().args(args).arg("--site").arg(site).output().unwrap();
    assert!(
        out.status.success(),
        "postwright {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_drives_draft_review_bundle_and_sync() {
    let remote = Remote::new();
    let (author_dir, _) = remote.clone("author", &person("Ada Author", "ada@gsa.gov"));
    let (editor_dir, _) = remote.clone("editor", &editor());

    assert_eq!(
        run(&["draft", "start", "cli-post"], &author_dir).trim(),
        "draft/cli-post"
    );
    write(
        &author_dir,
        "content/news/cli-post.md",
        "---\ntitle: CLI Post\ntopics: [cx]\n---\n\nBody.\n",
    );
    let diff = run(&["diff"], &author_dir);
    assert!(
        diff.contains("content/news/cli-post.md (CLI Post)") && diff.contains("topics added: cx"),
        "{diff}"
    );
    run(&["commit", "-m", "Add post: CLI Post"], &author_dir);
    assert_eq!(
        run(&["submit"], &author_dir).trim(),
        "draft/cli-post\tready"
    );
    assert!(run(&["sync"], &author_dir).contains("pushed\tdraft/cli-post"));

    run(&["sync"], &editor_dir);
    let list: serde_json::Value =
        serde_json::from_str(&run(&["review", "list", "--format", "json"], &editor_dir)).unwrap();
    assert_eq!(list[0]["branch"], "draft/cli-post");
    assert_eq!(list[0]["state"], "ready");
    assert_eq!(list[0]["pages"][0]["path"], "content/news/cli-post.md");
    let show = run(&["review", "show", "draft/cli-post"], &editor_dir);
    assert!(
        show.contains("title added: CLI Post") && show.contains("+Body."),
        "{show}"
    );
    run(
        &[
            "review",
            "request-changes",
            "draft/cli-post",
            "-m",
            "Use the customer-experience topic.",
        ],
        &editor_dir,
    );
    assert!(run(&["review", "list"], &editor_dir)
        .contains("draft/cli-post\tchanges-requested\tAda Author\tCLI Post"));
    run(&["sync"], &editor_dir);

    run(&["sync"], &author_dir);
    assert!(run(&["review", "show", "draft/cli-post"], &author_dir)
        .contains("Use the customer-experience topic."));
    write(
        &author_dir,
        "content/news/cli-post.md",
        "---\ntitle: CLI Post\ntopics: [customer-experience]\n---\n\nBody.\n",
    );
    assert!(run(&["diff"], &author_dir).contains("topics: cx → customer-experience"));
    run(&["commit", "-m", "Update CLI Post: topics"], &author_dir);
    run(&["submit"], &author_dir);
    run(&["sync"], &author_dir);

    run(&["sync"], &editor_dir);
    let merged = run(
        &["review", "merge", "--squash", "draft/cli-post"],
        &editor_dir,
    );
    assert_eq!(merged.trim().len(), 40);
    assert_eq!(
        read(&editor_dir, "content/news/cli-post.md"),
        "---\ntitle: CLI Post\ntopics: [customer-experience]\n---\n\nBody.\n"
    );
    assert!(run(&["review", "list"], &editor_dir).trim().is_empty());

    // A guest's story by bundle.
    let (guest_dir, _) = remote.clone("guest", &person("Grace Guest", "grace@agency.gov"));
    write(
        &guest_dir,
        "content/news/guest.md",
        "---\ntitle: Guest Piece\n---\n",
    );
    let bundle = remote.dir.path().join("guest.bundle");
    let out = run(
        &[
            "submit",
            "--agency",
            "gsa",
            "--bundle",
            bundle.to_str().unwrap(),
        ],
        &guest_dir,
    );
    assert!(out.starts_with("submissions/gsa/guest-piece\t"), "{out}");
    let imported = run(&["bundle", "import", bundle.to_str().unwrap()], &editor_dir);
    assert!(
        imported.starts_with("submissions/gsa/guest-piece\t"),
        "{imported}"
    );
    run(
        &["review", "merge", "submissions/gsa/guest-piece"],
        &editor_dir,
    );
    assert_eq!(
        git(&editor_dir, &["log", "-1", "--format=%an", "main"]).trim(),
        "Grace Guest"
    );
    assert!(run(&["sync"], &editor_dir).contains("pushed\tmain"));

    // Refusals exit 1 with the reason.
    let out = cli()
        .args(["draft", "start", "../main", "--site"])
        .arg(&editor_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used in a branch name"));
}

#[test]
fn fast_forward_and_merge_commit_strategies() {
    let remote = Remote::new();
    let (dir, mut ws) = remote.clone("editor", &editor());
    git(&dir, &["config", "postwright.mergeStrategy", "ff"]);
    assert_eq!(ws.merge_strategy(), MergeStrategy::FastForward);

    ws.start_draft("one").unwrap();
    write(&dir, "content/news/one.md", "---\ntitle: One\n---\n");
    ws.commit("Add post: One", &[]).unwrap();
    let tip = git(&dir, &["rev-parse", "HEAD"]);
    // Approving the branch one is on: main moves to its tip (with the accepted marker on top)
    // and the work tree follows to main.
    let outcome = ws.approve("draft/one", None).unwrap();
    assert_eq!(outcome.strategy, MergeStrategy::FastForward);
    assert_eq!(
        git(&dir, &["rev-parse", &format!("{}^", outcome.commit)]).trim(),
        tip.trim()
    );
    assert!(git(&dir, &["log", "-1", "--format=%B", "main"])
        .contains("Postwright-Review: accepted\nPostwright-Accepted: draft/one "));
    assert_eq!(ws.current_branch().unwrap().as_deref(), Some("main"));
    assert_eq!(read(&dir, "content/news/one.md"), "---\ntitle: One\n---\n");

    ws.start_draft("two").unwrap();
    write(&dir, "content/news/two.md", "---\ntitle: Two\n---\n");
    ws.commit("Add post: Two", &[]).unwrap();
    ws.switch_branch("main").unwrap();
    write(&dir, "content/news/three.md", "---\ntitle: Three\n---\n");
    ws.commit("Add post: Three", &[]).unwrap();
    // A new file staged but uncommitted is discarded (removed, unstaged, copied aside).
    write(&dir, "content/news/scratch.md", "scratch\n");
    git(&dir, &["add", "content/news/scratch.md"]);
    ws.discard(&["content/news/scratch.md".to_string()])
        .unwrap();
    assert!(!dir.join("content/news/scratch.md").exists());
    assert!(ws.status().unwrap().is_empty());

    let err = ws.approve("draft/two", None).unwrap_err();
    assert!(err.to_string().contains("use merge or squash"), "{err}");
    assert!(
        git(&dir, &["branch", "--list", "draft/two"]).contains("draft/two"),
        "nothing changed"
    );
    let outcome = ws.approve("draft/two", Some(MergeStrategy::Merge)).unwrap();
    assert_eq!(
        git(&dir, &["log", "-1", "--format=%p", "main"])
            .split_whitespace()
            .count(),
        2
    );
    assert_eq!(
        git(&dir, &["log", "-1", "--format=%s", "main"]).trim(),
        "Merge draft/two: Add post: Two"
    );
    assert_eq!(outcome.commit, git(&dir, &["rev-parse", "main"]).trim());
    assert!(dir.join("content/news/two.md").exists() && dir.join("content/news/three.md").exists());
}

#[test]
fn committing_one_field_and_one_hunk_leaves_the_rest_uncommitted() {
    let remote = Remote::new();
    let (dir, ws) = remote.clone("author", &person("Ada", "ada@gsa.gov"));
    let post = "content/news/shared.md";
    let edited = SHARED_POST
        .replace("Old summary", "New summary")
        .replace("[cx]", "[customer-experience]")
        .replace("Second paragraph.", "Second paragraph, edited.");
    write(&dir, post, &edited);
    let diff = ws.page_diff(post).unwrap();
    let fields: Vec<&str> = diff.fields.iter().map(|f| f.description.as_str()).collect();
    assert_eq!(
        fields,
        [
            "summary: Old summary → New summary",
            "topics: cx → customer-experience"
        ]
    );
    assert_eq!(diff.body_hunks.len(), 1);

    ws.commit_parts(
        "Update Shared post: topics",
        post,
        &["topics".to_string()],
        &[],
        &[],
    )
    .unwrap();
    assert_eq!(
        git(&dir, &["show", &format!("HEAD:{post}")]),
        SHARED_POST.replace("[cx]", "[customer-experience]")
    );
    assert_eq!(
        read(&dir, post),
        edited,
        "the work tree keeps the whole change"
    );
    let rest = ws.page_diff(post).unwrap();
    assert_eq!(rest.fields.len(), 1);
    assert_eq!(rest.fields[0].key, "summary");
    assert_eq!(rest.body_hunks.len(), 1);
    // git sees the rest as unstaged.
    assert_eq!(
        git(&dir, &["status", "--porcelain"]),
        format!(" M {post}\n")
    );

    ws.commit_parts("Update Shared post: body", post, &[], &[0], &[])
        .unwrap();
    assert_eq!(
        ws.suggest_commit_message(&[]).unwrap(),
        "Update Shared post: summary"
    );
}

#[test]
fn the_editor_names_pages_content_relative_for_history_restore_and_branch_previews() {
    let remote = Remote::new();
    let (dir, mut ws) = remote.clone("desk", &editor());
    let page = "news/shared.md";
    assert_eq!(ws.repo_path(page).unwrap(), "content/news/shared.md");
    assert_eq!(
        ws.content_rel_path("content/news/shared.md").as_deref(),
        Some(page)
    );
    assert_eq!(
        ws.content_rel_path("hugo.yaml"),
        None,
        "files outside the content folder have no page path"
    );
    assert!(ws.repo_path("../hugo.yaml").is_err());

    let first = git(&dir, &["rev-parse", "HEAD"]).trim().to_string();
    write(
        &dir,
        "content/news/shared.md",
        &SHARED_POST.replace("Old summary", "New summary"),
    );
    ws.commit("Update Shared post: summary", &[]).unwrap();
    let history = ws.page_history(page, 10).unwrap();
    let summaries: Vec<&str> = history.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(summaries, ["Update Shared post: summary", "Initial site"]);

    ws.restore_page(page, &first).unwrap();
    assert_eq!(
        read(&dir, "content/news/shared.md"),
        SHARED_POST,
        "the old version is back, uncommitted"
    );
    assert_eq!(ws.status().unwrap().len(), 1);
    ws.discard(&[]).unwrap();

    let branch = ws.start_draft("shared").unwrap();
    write(
        &dir,
        "content/news/shared.md",
        &SHARED_POST.replace("Second paragraph.", "A *draft* paragraph."),
    );
    ws.commit("Update Shared post: body", &[]).unwrap();
    ws.switch_branch("main").unwrap();
    let preview = ws
        .render_branch_page(&branch, "content/news/shared.md")
        .unwrap();
    assert!(preview.html.contains("<em>draft</em>"), "{}", preview.html);
    assert!(
        !preview.html.contains("title:"),
        "the front matter is not part of the preview: {}",
        preview.html
    );
    let missing = ws
        .render_branch_page(&branch, "content/news/absent.md")
        .unwrap();
    assert!(missing.html.is_empty());
}

#[test]
fn submitting_a_draft_takes_its_saved_work_and_refuses_when_there_is_nothing_new() {
    let remote = Remote::new();
    let author = person("Ada Author", "ada@gsa.gov");
    let (dir, mut ws) = remote.clone("author", &author);
    let refused = |ws: &Workspace| ws.submit_for_review(None, &[]).unwrap_err().to_string();

    // Off a draft, and on a draft with no change yet: refused with the reason, nothing recorded.
    assert!(
        refused(&ws).contains("only a draft is submitted"),
        "{}",
        refused(&ws)
    );
    ws.start_draft("new-kid").unwrap();
    let start = git(&dir, &["rev-parse", "HEAD"]).trim().to_string();
    let plan = ws.submission_plan().unwrap();
    assert!(plan
        .refusal
        .as_deref()
        .unwrap()
        .contains("nothing to submit"));
    assert!(refused(&ws)
        .starts_with("cannot submit draft/new-kid for review: there is nothing to submit"));
    assert_eq!(git(&dir, &["rev-parse", "HEAD"]).trim(), start);

    // Saved but uncommitted work: the plan shows it, the submission commits it.
    let post = "---\ntitle: New Kid in Town\n---\n\nA first draft.\n";
    write(&dir, "content/news/new-kid.md", post);
    let plan = ws.submission_plan().unwrap();
    assert_eq!(plan.refusal, None);
    assert_eq!(plan.message, "Add post: New Kid in Town");
    let paths: Vec<&str> = plan.uncommitted.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["content/news/new-kid.md"]);
    assert!(plan.committed.is_empty());
    let submitted = ws.submit_for_review(None, &[]).unwrap();
    assert_eq!(submitted.branch, "draft/new-kid");
    let work = submitted.work_commit.expect("the work was committed");
    assert_eq!(git(&dir, &["rev-parse", "HEAD~1"]).trim(), work);
    assert_eq!(git(&dir, &["show", "HEAD~1:content/news/new-kid.md"]), post);
    assert_eq!(
        git(&dir, &["log", "--format=%s|%an", &format!("{start}..HEAD")]),
        "Ready for review|Ada Author\nAdd post: New Kid in Town|Ada Author\n"
    );
    assert_eq!(
        git(&dir, &["status", "--porcelain"]),
        "",
        "nothing left behind"
    );
    let item = ws.review_item("draft/new-kid").unwrap();
    assert_eq!((item.state, item.notes.len()), (ReviewState::Ready, 1));

    // Submitting again with nothing new: refused, one submission stays one history entry.
    assert!(refused(&ws).contains("already submitted, with nothing new since"));
    assert_eq!(ws.review_item("draft/new-kid").unwrap().notes.len(), 1);

    // A revision goes with the next submission, under the writer's own message and co-author.
    write(
        &dir,
        "content/news/new-kid.md",
        &post.replace("first", "second"),
    );
    let submitted = ws
        .submit_for_review(
            Some("Tighten the draft"),
            &[person("Pat Pair", "pat@gsa.gov")],
        )
        .unwrap();
    assert!(submitted.work_commit.is_some());
    assert_eq!(
        git(&dir, &["log", "-1", "--format=%B", "HEAD~1"]).trim(),
        "Tighten the draft\n\nCo-authored-by: Pat Pair <pat@gsa.gov>"
    );
    let item = ws.review_item("draft/new-kid").unwrap();
    assert_eq!((item.state, item.notes.len()), (ReviewState::Ready, 2));
    assert!(ws.status().unwrap().is_empty());
}

#[test]
fn an_authors_commit_on_main_starts_a_draft_and_an_editor_confirms_main() {
    use postwright::git::roles::Role;
    let remote = Remote::new();
    let (dir, _) = remote.clone("writer", &person("Ada Author", "ada@gsa.gov"));
    let main = git(&dir, &["rev-parse", "main"]);
    let raw = "---\ntitle: \"What&#8217;s new&mdash;today\"\n---\n\nNews.\n";
    write(&dir, "content/news/whats-new.md", raw);
    let mut ws = Workspace::open(&dir).unwrap();
    ws.set_identity(person("Ada Author", "ada@gsa.gov"));

    // Shown decoded everywhere (list, suggested message, branch name); the file keeps its
    // bytes and the html-entity check still offers its fix.
    let listed = ws
        .pages()
        .into_iter()
        .find(|p| p.path == "news/whats-new.md")
        .unwrap();
    assert_eq!(listed.title, "What’s new—today");
    assert_eq!(
        ws.suggest_commit_message(&[]).unwrap(),
        "Add post: What’s new—today"
    );
    assert!(ws
        .check_document("news/whats-new.md", raw)
        .iter()
        .any(|d| d.code == "html-entity"));

    // An author on main: the commit goes to a new draft named after the page.
    ws.set_role(Role::Author);
    let destination = ws.commit_destination(&[]).unwrap();
    assert_eq!(destination.branch, "draft/what-s-new-today");
    assert_eq!(destination.diverted_from.as_deref(), Some("main"));
    assert!(!destination.needs_confirmation);
    assert!(destination
        .explanation
        .unwrap()
        .starts_with("main is protected: only editors commit to it."));
    let outcome = ws
        .commit_from_app("Add post: What’s new—today", &[], None, &[], false)
        .unwrap();
    assert_eq!(outcome.branch, "draft/what-s-new-today");
    assert_eq!(outcome.diverted_from.as_deref(), Some("main"));
    assert_eq!(git(&dir, &["rev-parse", "main"]), main, "main did not move");
    assert_eq!(
        git(&dir, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "draft/what-s-new-today"
    );
    assert_eq!(
        git(
            &dir,
            &["show", "draft/what-s-new-today:content/news/whats-new.md"]
        ),
        raw
    );
    assert_eq!(read(&dir, "content/news/whats-new.md"), raw);

    // Off main nothing is diverted; a second diversion of the same title gets its own draft.
    write(
        &dir,
        "content/news/whats-new.md",
        &raw.replace("News.", "More news."),
    );
    assert_eq!(
        ws.commit_destination(&[]).unwrap().branch,
        "draft/what-s-new-today"
    );
    ws.commit_from_app("Update", &[], None, &[], false).unwrap();
    ws.switch_branch("main").unwrap();
    write(&dir, "content/news/whats-new.md", raw);
    assert_eq!(
        ws.commit_destination(&[]).unwrap().branch,
        "draft/what-s-new-today-2"
    );

    // A failed diverted commit leaves no draft behind and the writer where they were.
    ws.set_role(Role::Guest);
    let err = ws
        .commit_from_app(
            "Nothing",
            &["content/news/shared.md".to_string()],
            None,
            &[],
            false,
        )
        .unwrap_err();
    assert!(err.to_string().contains("nothing to commit"), "{err}");
    assert_eq!(ws.current_branch().unwrap().as_deref(), Some("main"));
    assert!(!ws.branches().unwrap().contains(&"draft/update".to_string()));

    // An editor commits to main only once confirmed.
    ws.set_role(Role::Editor);
    let destination = ws.commit_destination(&[]).unwrap();
    assert_eq!(
        (destination.branch.as_str(), destination.needs_confirmation),
        ("main", true)
    );
    let err = ws
        .commit_from_app("Add", &[], None, &[], false)
        .unwrap_err();
    assert!(
        err.to_string().contains("confirm committing to it"),
        "{err}"
    );
    assert_eq!(
        git(&dir, &["rev-parse", "main"]),
        main,
        "nothing committed unconfirmed"
    );
    let outcome = ws.commit_from_app("Add", &[], None, &[], true).unwrap();
    assert_eq!(
        (outcome.branch.as_str(), outcome.diverted_from),
        ("main", None)
    );
    assert_eq!(git(&dir, &["rev-parse", "main"]).trim(), outcome.commit);
}

#[test]
fn a_guest_names_each_story_and_switching_between_them_keeps_each_ones_text() {
    let remote = Remote::new();
    let (dir, mut ws) = remote.clone("guest", &person("Grace Guest", "grace@agency.gov"));
    let one = remote.dir.path().join("one.bundle");
    let err = ws
        .submit_story("nasa", Some("First"), Some(&one))
        .unwrap_err();
    assert!(err.to_string().contains("nothing to send yet"), "{err}");
    assert!(ws.branches().unwrap() == ["main"], "nothing was made");

    // The branch name comes from the title with its entities decoded, never `communitymdash`.
    let first = "---\ntitle: CX Community&mdash;Year One\n---\n\nOne year.\n";
    write(&dir, "content/news/first.md", first);
    let first_branch = ws.submit_story("nasa", None, Some(&one)).unwrap();
    assert_eq!(first_branch, "submissions/nasa/cx-community-year-one");

    // A second story, named by the guest, gets its own branch from the main branch.
    let second = "---\ntitle: Moon day\n---\n\nTo the moon.\n";
    write(&dir, "content/news/second.md", second);
    let two = remote.dir.path().join("two.bundle");
    let second_branch = ws
        .submit_story("nasa", Some("Moon&#8217;s day"), Some(&two))
        .unwrap();
    assert_eq!(second_branch, "submissions/nasa/moon-s-day");
    let files = |branch: &str| {
        git(
            &dir,
            &["ls-tree", "-r", "--name-only", branch, "content/news"],
        )
    };
    assert!(!files(&second_branch).contains("first.md"));
    assert!(!files(&first_branch).contains("second.md"));

    // Switching between the stories shows each one's text.
    ws.switch_branch(&first_branch).unwrap();
    assert_eq!(read(&dir, "content/news/first.md"), first);
    assert!(!dir.join("content/news/second.md").exists());
    ws.switch_branch(&second_branch).unwrap();
    assert_eq!(read(&dir, "content/news/second.md"), second);

    // A revision of the current story goes on its own branch.
    write(
        &dir,
        "content/news/second.md",
        &second.replace("moon", "Moon"),
    );
    assert_eq!(
        ws.submit_story("nasa", None, Some(&two)).unwrap(),
        second_branch
    );
    let states: Vec<(String, ReviewState)> = ws
        .review_queue()
        .unwrap()
        .into_iter()
        .map(|i| (i.branch, i.state))
        .collect();
    assert_eq!(states.len(), 2, "{states:?}");
    assert!(states.iter().all(|(_, s)| *s == ReviewState::Ready));
}

#[test]
fn the_site_remote_is_added_moved_and_tested_from_the_app() {
    let remote = Remote::new();
    let site = remote.dir.path().join("no-remote");
    write(&site, "hugo.yaml", HUGO);
    write(&site, "content/news/shared.md", SHARED_POST);
    SiteRepo::init_with_initial_commit(&site, "Initial site", &editor()).unwrap();
    let ws = Workspace::open(&site).unwrap();
    assert!(ws.remotes().unwrap().is_empty());
    let err = ws.test_remote("origin").unwrap_err().to_string();
    assert!(err.contains("add its address under Settings"), "{err}");

    let missing = remote.dir.path().join("missing.git");
    ws.set_remote("origin", &self_path(&missing)).unwrap();
    let err = ws.test_remote("origin").unwrap_err().to_string();
    assert!(err.starts_with("cannot reach origin"), "{err}");

    ws.set_remote("origin", &self_path(&remote.url())).unwrap();
    assert_eq!(ws.test_remote("origin").unwrap(), 1, "the remote has main");
    let remotes = ws.remotes().unwrap();
    assert_eq!(remotes.len(), 1);
    assert_eq!(remotes[0].url, self_path(&remote.url()));
    assert_eq!(
        git(&site, &["config", "remote.origin.url"]).trim(),
        self_path(&remote.url())
    );
    assert!(git(&site, &["config", "remote.origin.fetch"]).contains("refs/heads/*"));
    assert!(ws.set_remote("two words", "x").is_err());
    assert!(ws.set_remote("origin", "  ").is_err());
}

#[test]
fn a_guest_who_sent_a_bundle_gets_the_editors_notes_back_in_a_reply_bundle() {
    let remote = Remote::new();
    let guest = person("Grace Guest", "grace@agency.gov");
    let (guest_dir, mut guest_ws) = remote.clone("guest", &guest);
    write(
        &guest_dir,
        "content/news/moon.md",
        "---\ntitle: Moon day\n---\n\nTo the moon.\n",
    );
    let sent = remote.dir.path().join("moon.bundle");
    let branch = guest_ws.submit_story("nasa", None, Some(&sent)).unwrap();

    let (_, mut editor_ws) = remote.clone("editor", &editor());
    editor_ws.import_bundle(&sent).unwrap();
    editor_ws
        .request_changes(&branch, "Add a photo credit.")
        .unwrap();
    let reply = remote.dir.path().join("moon-reply.bundle");
    let header = editor_ws.export_bundle(&branch, &reply).unwrap();
    assert_eq!(header.refs[0].1, format!("refs/heads/{branch}"));
    git(
        &guest_dir,
        &["bundle", "verify", "-q", reply.to_str().unwrap()],
    );

    // The guest imports the reply: their story moves forward and carries the note.
    assert_eq!(
        guest_ws.review_item(&branch).unwrap().state,
        ReviewState::Ready
    );
    let imported = guest_ws.import_bundle(&reply).unwrap();
    assert_eq!(imported[0].branch, branch);
    let item = guest_ws.review_item(&branch).unwrap();
    assert_eq!(item.state, ReviewState::ChangesRequested);
    assert_eq!(item.notes.last().unwrap().message, "Add a photo credit.");
    assert_eq!(item.notes.last().unwrap().author_name, "Eddie Editor");
    assert!(
        guest_ws.status().unwrap().is_empty(),
        "the work tree follows"
    );

    // The revision goes back the same way, on the same story.
    write(
        &guest_dir,
        "content/news/moon.md",
        "---\ntitle: Moon day\n---\n\nTo the moon. Photo: NASA.\n",
    );
    let revised = remote.dir.path().join("moon-2.bundle");
    assert_eq!(
        guest_ws.submit_story("nasa", None, Some(&revised)).unwrap(),
        branch
    );
    editor_ws.import_bundle(&revised).unwrap();
    assert!(
        editor_ws
            .review_item(&branch)
            .unwrap()
            .revised_since_request
    );
}

#[test]
fn a_guests_story_reads_accepted_once_the_editors_merged_it_after_a_sync() {
    let remote = Remote::new();
    let guest = person("Grace Guest", "grace@agency.gov");
    let (guest_dir, mut guest_ws) = remote.clone("guest", &guest);
    write(
        &guest_dir,
        "content/news/sun.md",
        "---\ntitle: Sun day\n---\n\nTo the sun.\n",
    );
    let sun = guest_ws
        .submit_story("nasa", Some("Sun day"), None)
        .unwrap();
    guest_ws.switch_branch("main").unwrap();
    write(
        &guest_dir,
        "content/news/star.md",
        "---\ntitle: Star day\n---\n\nTo the stars.\n",
    );
    let star = guest_ws
        .submit_story("nasa", Some("Star day"), None)
        .unwrap();
    let state = |ws: &Workspace, branch: &str| ws.review_item(branch).unwrap().state;
    assert_eq!(state(&guest_ws, &sun), ReviewState::Ready);

    // The editors squash-merge the sun story (digital.gov's setting) and publish main.
    let (editor_dir, mut editor_ws) = remote.clone("editor", &editor());
    editor_ws.fetch().unwrap();
    let outcome = editor_ws.approve(&sun, None).unwrap();
    assert_eq!(outcome.strategy, MergeStrategy::Squash);
    let message = git(&editor_dir, &["log", "-1", "--format=%B", "main"]);
    assert!(
        message.contains(&format!("Postwright-Accepted: {sun} ")),
        "{message}"
    );
    editor_ws.sync().unwrap();
    assert_eq!(
        git(&remote.url(), &["branch", "--list", "submissions/*"]).trim(),
        star.as_str(),
        "the merged story's branch left the remote"
    );

    // Before the guest syncs, nothing here says so; after, the repository does.
    assert_eq!(state(&guest_ws, &sun), ReviewState::Ready);
    guest_ws.sync().unwrap();
    assert_eq!(state(&guest_ws, &sun), ReviewState::Accepted);
    assert_eq!(
        guest_ws.review_item(&sun).unwrap().title.as_deref(),
        Some("Sun day")
    );
    assert_eq!(
        state(&guest_ws, &star),
        ReviewState::Ready,
        "the other story waits"
    );
    // A sync on the accepted story does not push it back into the editors' queue.
    guest_ws.switch_branch(&sun).unwrap();
    let synced = guest_ws.sync().unwrap();
    assert!(!synced.pushed.contains(&sun), "{:?}", synced.pushed);
    assert!(git(&remote.url(), &["branch", "--list", &sun])
        .trim()
        .is_empty());

    // A revision after acceptance is new work again, not accepted.
    write(
        &guest_dir,
        "content/news/sun.md",
        "---\ntitle: Sun day\n---\n\nTo the sun, again.\n",
    );
    guest_ws.commit("Update Sun day", &[]).unwrap();
    assert_ne!(state(&guest_ws, &sun), ReviewState::Accepted);
}

#[test]
fn fast_forward_and_merge_approvals_read_accepted_too() {
    for strategy in ["ff", "merge"] {
        let remote = Remote::new();
        let (author_dir, mut author_ws) = remote.clone("author", &person("Ada", "ada@example.gov"));
        author_ws.start_draft("one").unwrap();
        write(&author_dir, "content/news/one.md", "---\ntitle: One\n---\n");
        author_ws.submit_for_review(None, &[]).unwrap();
        author_ws.sync().unwrap();

        let (editor_dir, mut editor_ws) = remote.clone("editor", &editor());
        git(
            &editor_dir,
            &["config", "postwright.mergeStrategy", strategy],
        );
        editor_ws.fetch().unwrap();
        editor_ws.approve("draft/one", None).unwrap();
        editor_ws.sync().unwrap();

        author_ws.sync().unwrap();
        let item = author_ws.review_item("draft/one").unwrap();
        assert_eq!(item.state, ReviewState::Accepted, "{strategy}");
        if strategy == "merge" {
            // Its pages and notes still read from where it left the main branch.
            assert_eq!(item.title.as_deref(), Some("One"));
            assert_eq!(item.pages.len(), 1);
            assert_eq!(item.notes.last().unwrap().state, ReviewState::Ready);
        }
        // Sync needs no push for it: it is in the main branch.
        let synced = author_ws.sync().unwrap();
        assert!(synced.pushed.is_empty(), "{strategy}: {:?}", synced.pushed);
    }
}

#[test]
fn a_guest_who_sent_a_bundle_reads_accepted_from_the_editors_reply() {
    let remote = Remote::new();
    let guest = person("Grace Guest", "grace@agency.gov");
    let (guest_dir, mut guest_ws) = remote.clone("guest", &guest);
    write(
        &guest_dir,
        "content/news/moon.md",
        "---\ntitle: Moon day\n---\n\nTo the moon.\n",
    );
    let sent = remote.dir.path().join("moon.bundle");
    let branch = guest_ws.submit_story("nasa", None, Some(&sent)).unwrap();

    let (editor_dir, mut editor_ws) = remote.clone("editor", &editor());
    editor_ws.import_bundle(&sent).unwrap();
    let reply = remote.dir.path().join("moon-reply.bundle");
    editor_ws
        .approve_replying(&branch, None, Some(&reply))
        .unwrap();
    assert!(git(&editor_dir, &["branch", "--list", &branch])
        .trim()
        .is_empty());
    assert!(git(&editor_dir, &["show", "main:content/news/moon.md"]).contains("To the moon."));

    // The guest's repository never saw the editors' main; the reply's marker says it.
    guest_ws.import_bundle(&reply).unwrap();
    let item = guest_ws.review_item(&branch).unwrap();
    assert_eq!(item.state, ReviewState::Accepted);
    let last = item.notes.last().unwrap();
    assert_eq!(
        (last.state, last.author_name.as_str()),
        (ReviewState::Accepted, "Eddie Editor")
    );
    assert!(guest_ws.status().unwrap().is_empty());
}

#[test]
fn a_failed_approval_records_no_acceptance() {
    let remote = Remote::new();
    let (dir, mut ws) = remote.clone("editor", &editor());
    ws.start_draft("one").unwrap();
    write(&dir, "content/news/one.md", "---\ntitle: One\n---\n");
    ws.commit("Add post: One", &[]).unwrap();
    let tip = git(&dir, &["rev-parse", "draft/one"]);
    ws.switch_branch("main").unwrap();
    // The reply cannot be written (its folder does not exist): nothing is merged or marked.
    let nowhere = dir.join("content/news/one.md/reply.bundle");
    assert!(ws
        .approve_replying("draft/one", None, Some(&nowhere))
        .is_err());
    assert_eq!(git(&dir, &["rev-parse", "draft/one"]), tip);
    assert_eq!(
        ws.review_item("draft/one").unwrap().state,
        ReviewState::Draft
    );
}
