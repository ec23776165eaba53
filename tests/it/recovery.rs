//! Crash recovery: unsaved buffers journaled to the app's data dir survive a workspace that
//! ends without a clean shutdown, and come back with what restoring them means now.

use postwright::merge::OutsideChange;
use postwright::Workspace;

use crate::support::TempSite;

const POST: &str = "---\ntitle: T\nsummary: S\n---\nBody line one.\n\nBody line two.\n";

#[test]
fn buffers_journaled_before_a_crash_are_offered_back() {
    let site = TempSite::new();
    site.write("content/news/a.md", POST);
    site.write("content/news/b.md", POST);
    let data = tempfile::tempdir().unwrap();
    {
        let mut ws = Workspace::open(site.root()).unwrap();
        ws.enable_recovery(data.path());
        let a = ws.open_document("news/a.md").unwrap();
        ws.journal_buffer("news/a.md", &a.source, &POST.replace("line one", "ONE"))
            .unwrap();
        ws.journal_buffer("news/b.md", POST, &POST.replace("line two", "TWO"))
            .unwrap();
        // A later journal write replaces the earlier one.
        ws.journal_buffer(
            "news/a.md",
            &a.source,
            &POST.replace("line one", "ONE, later"),
        )
        .unwrap();
        // The crash: the workspace goes away without any save or shutdown step.
        std::mem::forget(ws);
    }
    // Meanwhile someone changed b.md on disk in another paragraph.
    site.write(
        "content/news/b.md",
        &POST.replace("line one", "one (outside)"),
    );
    let mut ws = Workspace::open(site.root()).unwrap();
    ws.enable_recovery(data.path());
    let recovered = ws.recoverable_buffers().unwrap();
    let paths: Vec<_> = recovered.iter().map(|r| r.entry.path.as_str()).collect();
    assert_eq!(paths, ["news/a.md", "news/b.md"]);
    assert_eq!(
        recovered[0].entry.buffer,
        POST.replace("line one", "ONE, later")
    );
    // a.md did not change on disk: the buffer comes back as it was.
    assert_eq!(recovered[0].change, OutsideChange::Unchanged);
    match &recovered[1].change {
        OutsideChange::Merged { source, .. } => assert_eq!(
            *source,
            POST.replace("line one", "one (outside)")
                .replace("line two", "TWO")
        ),
        other => panic!("{other:?}"),
    }
    // Nothing of the journal is inside the site.
    let inside: Vec<_> = walkdir::WalkDir::new(site.root())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect();
    assert!(inside.is_empty(), "{inside:?}");

    // Restoring and saving a buffer clears its entry; discarding clears the other.
    let restored = ws.restore_buffer("news/a.md").unwrap().unwrap();
    let doc = ws.open_document("news/a.md").unwrap();
    ws.save_document(
        "news/a.md",
        &restored.entry.buffer,
        &doc.disk_hash,
        &[],
        None,
    )
    .unwrap();
    assert_eq!(
        site.read("content/news/a.md"),
        POST.replace("line one", "ONE, later")
    );
    ws.discard_buffer("news/b.md").unwrap();
    assert!(ws.recoverable_buffers().unwrap().is_empty());
    assert!(ws.restore_buffer("news/b.md").unwrap().is_none());
}

#[test]
fn a_journal_for_a_path_outside_the_site_is_refused() {
    let site = TempSite::new();
    let data = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(site.root()).unwrap();
    ws.enable_recovery(data.path());
    assert!(ws.journal_buffer("../outside.md", "", "x").is_err());
    assert!(ws.recoverable_buffers().unwrap().is_empty());
}

#[test]
fn a_corrupt_entry_is_reported_with_its_file() {
    let site = TempSite::new();
    let data = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(site.root()).unwrap();
    ws.enable_recovery(data.path());
    ws.journal_buffer("news/x.md", "", "x").unwrap();
    let journal = postwright::journal::Journal::new(data.path(), &ws.site().root);
    std::fs::write(journal.dir().join("junk.json"), "{not json").unwrap();
    let err = ws.recoverable_buffers().unwrap_err().to_string();
    assert!(err.contains("junk.json") && err.contains("line 1"), "{err}");
}
