//! Whole-page three-way merges (front matter by field, body by hunk) and what an open
//! document becomes when its file changes or vanishes on disk, through the workspace.

use postwright::merge::{merge_document, reconcile, Choice, OutsideChange};
use postwright::Workspace;

use crate::support::TempSite;

const BASE: &str = "---\ntitle: Title\n# keep this comment\nsummary: Old summary\ntopics:\n  - cx\n---\nFirst paragraph.\n\nSecond paragraph.\n";

#[test]
fn different_fields_on_adjacent_lines_and_different_paragraphs_merge() {
    // Ours: a topic and the first paragraph. Theirs: the summary (the line before topics)
    // and the second paragraph.
    let ours = BASE
        .replace("  - cx\n", "  - cx\n  - mobile\n")
        .replace("First paragraph.", "First, edited.");
    let theirs = BASE
        .replace("Old summary", "New summary")
        .replace("Second paragraph.", "Second, theirs.");
    let merge = merge_document(BASE, &ours, &theirs);
    assert!(merge.field_conflicts.is_empty());
    assert_eq!(
        merge.merged.as_deref(),
        Some("---\ntitle: Title\n# keep this comment\nsummary: New summary\ntopics:\n  - cx\n  - mobile\n---\nFirst, edited.\n\nSecond, theirs.\n")
    );
}

#[test]
fn the_same_field_changed_twice_is_a_field_conflict_resolved_by_choice() {
    let ours = BASE
        .replace("Old summary", "Our summary")
        .replace("Title", "Our title");
    let theirs = BASE
        .replace("Old summary", "Their summary")
        .replace("Second paragraph.", "Theirs.");
    let merge = merge_document(BASE, &ours, &theirs);
    assert!(merge.has_conflicts());
    assert_eq!(merge.field_conflicts.len(), 1);
    let conflict = &merge.field_conflicts[0];
    assert_eq!(conflict.key, "summary");
    assert_eq!(conflict.base, Some("Old summary".into()));
    assert_eq!(conflict.ours, Some("Our summary".into()));
    assert_eq!(conflict.theirs, Some("Their summary".into()));
    assert!(merge.body.merged.is_some(), "the body merged on its own");
    let theirs_kept = merge
        .resolve(&[("summary".into(), Choice::Theirs)], &[])
        .unwrap();
    assert_eq!(
        theirs_kept,
        BASE.replace("Old summary", "Their summary")
            .replace("Title", "Our title")
            .replace("Second paragraph.", "Theirs.")
    );
    let ours_kept = merge.resolve(&[], &[]).unwrap();
    assert!(ours_kept.contains("summary: Our summary\n"), "{ours_kept}");
    // A field one side removed and the other changed conflicts too.
    let removed = BASE.replace("summary: Old summary\n", "");
    let merge = merge_document(BASE, &removed, &theirs);
    assert_eq!(merge.field_conflicts[0].ours, None);
}

#[test]
fn the_same_body_lines_changed_twice_conflict_hunk_by_hunk() {
    let ours = BASE.replace("First paragraph.", "Ours first.");
    let theirs = BASE
        .replace("First paragraph.", "Theirs first.")
        .replace("topics:\n  - cx\n", "topics:\n  - cx\n  - data\n");
    let merge = merge_document(BASE, &ours, &theirs);
    assert!(merge.field_conflicts.is_empty());
    assert!(merge.has_conflicts());
    let picked = merge.resolve(&[], &[Choice::Theirs]).unwrap();
    assert_eq!(picked, theirs);
    let picked = merge.resolve(&[], &[Choice::Ours]).unwrap();
    assert_eq!(picked, theirs.replace("Theirs first.", "Ours first."));
}

#[test]
fn unparseable_front_matter_falls_back_to_a_whole_text_merge() {
    let broken = BASE.replace("title: Title", "title: [unclosed");
    let merge = merge_document(BASE, &broken, &BASE.replace("Second paragraph.", "Theirs."));
    assert!(merge.whole_text);
    assert_eq!(
        merge.merged.as_deref(),
        Some(broken.replace("Second paragraph.", "Theirs.").as_str())
    );
}

#[test]
fn reconcile_covers_reload_merge_conflict_and_delete_while_dirty() {
    let edited = BASE.replace("First paragraph.", "Mine.");
    assert_eq!(reconcile(BASE, BASE, Some(BASE)), OutsideChange::Unchanged);
    assert_eq!(
        reconcile(BASE, &edited, Some(&edited)),
        OutsideChange::Unchanged
    );
    assert_eq!(
        reconcile(BASE, BASE, Some(&edited)),
        OutsideChange::Reload {
            source: edited.clone()
        }
    );
    assert_eq!(reconcile(BASE, BASE, None), OutsideChange::Deleted);
    assert_eq!(
        reconcile(BASE, &edited, None),
        OutsideChange::DeletedWhileDirty
    );
    let theirs = BASE.replace("Old summary", "Theirs");
    match reconcile(BASE, &edited, Some(&theirs)) {
        OutsideChange::Merged { source, disk } => {
            assert_eq!(source, theirs.replace("First paragraph.", "Mine."));
            assert_eq!(disk, theirs);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        reconcile(
            BASE,
            &edited,
            Some(&BASE.replace("First paragraph.", "Theirs."))
        ),
        OutsideChange::Conflicts { .. }
    ));
}

#[test]
fn workspace_reconciles_against_the_real_file_and_saves_a_deleted_dirty_buffer_back() {
    let site = TempSite::new();
    site.write("content/news/p.md", BASE);
    let mut ws = Workspace::open(site.root()).unwrap();
    let doc = ws.open_document("news/p.md").unwrap();
    let buffer = BASE.replace("First paragraph.", "Mine.");
    site.write(
        "content/news/p.md",
        &BASE.replace("Second paragraph.", "Outside."),
    );
    let OutsideChange::Merged { source, disk } = ws
        .reconcile_document("news/p.md", &doc.source, &buffer)
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        source,
        BASE.replace("First paragraph.", "Mine.")
            .replace("Second paragraph.", "Outside.")
    );
    // Saving the merge against the disk's hash succeeds.
    let disk_hash = postwright::document::content_hash(disk.as_bytes());
    ws.save_document("news/p.md", &source, &disk_hash, &[], None)
        .unwrap();
    assert_eq!(site.read("content/news/p.md"), source);
    // Deleted while dirty: the buffer stays, and saving writes the file back.
    std::fs::remove_file(site.root().join("content/news/p.md")).unwrap();
    let change = ws
        .reconcile_document("news/p.md", &source, &buffer)
        .unwrap();
    assert_eq!(change, OutsideChange::DeletedWhileDirty);
    ws.save_document("news/p.md", &buffer, &disk_hash, &[], None)
        .unwrap();
    assert_eq!(site.read("content/news/p.md"), buffer);
}
