//! Three-way merges of a page: base (what we loaded), ours (the buffer), theirs (the disk).
//! When a file changes on disk under an open editor, this is what lets both edits survive:
//! changes to different lines merge on their own, and only real clashes reach the writer.
//!
//! The merge is line-based, diff3 style. Lines keep their endings, so a side that only adds or
//! drops the final newline is an ordinary change of the last line.
//!
//! Whole pages merge front matter field by field ([`merge_document`]); this line merge then
//! runs on the body, and on the whole text when a side's front matter does not parse.

mod document;

pub use document::{
    merge_document, reconcile, Choice, DocumentMerge, FieldConflict, OutsideChange,
};

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffTag};

/// One stretch of the merged text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum MergeHunk {
    /// Text both sides agree on (unchanged, changed on one side only, or changed alike).
    Clean(String),
    /// The two sides changed the same lines differently; the writer picks or edits.
    Conflict {
        /// Those lines in the common ancestor (empty when both sides inserted at one place).
        base: String,
        /// Our version (the editor's buffer).
        ours: String,
        /// Their version (the file on disk).
        theirs: String,
    },
}

/// The outcome of a three-way merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeResult {
    /// The merged text, when nothing conflicted.
    pub merged: Option<String>,
    /// The whole text as clean stretches and conflicts, in order; concatenating the clean
    /// stretches and one side of each conflict gives a complete text.
    pub hunks: Vec<MergeHunk>,
}

impl MergeResult {
    /// Whether any hunk conflicts.
    pub fn has_conflicts(&self) -> bool {
        self.merged.is_none()
    }
}

/// A changed region of one side, in line numbers: base lines `base_start..base_end` became
/// `lines` of that side.
#[derive(Debug, Clone)]
struct Change<'a> {
    base_start: usize,
    base_end: usize,
    lines: Vec<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

/// Merges `ours` and `theirs`, two edits of `base`.
///
/// Rules:
/// - a region changed on one side only takes that side's text;
/// - a region changed identically on both sides is taken once, not a conflict;
/// - regions whose base lines overlap, or insertions at the same place or inside or at the
///   edge of the other side's change, conflict;
/// - changes to adjacent but distinct lines merge cleanly (stricter than needed for prose,
///   where neighbouring sentences are routinely edited by different people).
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> MergeResult {
    let base_lines: Vec<&str> = base.split_inclusive('\n').collect();
    let ours_changes = changes(&base_lines, ours);
    let theirs_changes = changes(&base_lines, theirs);

    let mut all: Vec<(Side, &Change<'_>)> = ours_changes
        .iter()
        .map(|c| (Side::Ours, c))
        .chain(theirs_changes.iter().map(|c| (Side::Theirs, c)))
        .collect();
    all.sort_by_key(|(_, c)| (c.base_start, c.base_end));

    let mut hunks = Vec::new();
    let mut position = 0;
    let mut next = 0;
    while next < all.len() {
        // A group: the first remaining change and every change that clashes with the group.
        let (group_start, mut group_end) = (all[next].1.base_start, all[next].1.base_end);
        let mut group = vec![all[next]];
        next += 1;
        while next < all.len() && clashes(group_start, group_end, all[next].1) {
            group_end = group_end.max(all[next].1.base_end);
            group.push(all[next]);
            next += 1;
        }

        push_clean(&mut hunks, &base_lines[position..group_start].concat());
        let sides: Vec<Side> = group.iter().map(|(side, _)| *side).collect();
        let side_text = |side: Side| {
            let side_changes: Vec<&Change<'_>> = group
                .iter()
                .filter(|(s, _)| *s == side)
                .map(|(_, c)| *c)
                .collect();
            apply(&base_lines, group_start, group_end, &side_changes)
        };
        if sides.iter().all(|s| *s == sides[0]) {
            push_clean(&mut hunks, &side_text(sides[0]));
        } else {
            let (ours_text, theirs_text) = (side_text(Side::Ours), side_text(Side::Theirs));
            if ours_text == theirs_text {
                push_clean(&mut hunks, &ours_text);
            } else {
                hunks.push(MergeHunk::Conflict {
                    base: base_lines[group_start..group_end].concat(),
                    ours: ours_text,
                    theirs: theirs_text,
                });
            }
        }
        position = group_end;
    }
    push_clean(&mut hunks, &base_lines[position..].concat());

    let merged = hunks
        .iter()
        .map(|h| match h {
            MergeHunk::Clean(text) => Some(text.as_str()),
            MergeHunk::Conflict { .. } => None,
        })
        .collect::<Option<String>>();
    MergeResult { merged, hunks }
}

/// The regions of `base_lines` that `side` changed, in base order.
fn changes<'a>(base_lines: &[&'a str], side: &'a str) -> Vec<Change<'a>> {
    let side_lines: Vec<&str> = side.split_inclusive('\n').collect();
    // Patience diff anchors on unique lines, which in prose are most lines: it aligns edited
    // paragraphs better than plain Myers, which may match blank lines across paragraphs.
    let ops = capture_diff_slices(Algorithm::Patience, base_lines, &side_lines);
    let mut result: Vec<Change<'a>> = Vec::new();
    let mut previous_was_change = false;
    for op in ops {
        let (tag, base_range, side_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            previous_was_change = false;
            continue;
        }
        let lines = side_lines[side_range].to_vec();
        match result.last_mut() {
            // Adjacent delete + insert ops are one replacement.
            Some(last) if previous_was_change && last.base_end == base_range.start => {
                last.base_end = base_range.end;
                last.lines.extend(lines);
            }
            _ => result.push(Change {
                base_start: base_range.start,
                base_end: base_range.end,
                lines,
            }),
        }
        previous_was_change = true;
    }
    result
}

/// Whether `change` must be decided together with the group covering base lines
/// `start..end`: their base ranges overlap, or one of them is an insertion at a point inside
/// or at the edge of the other (the merge could not know which text goes first).
fn clashes(start: usize, end: usize, change: &Change<'_>) -> bool {
    let overlap = change.base_start.max(start) < change.base_end.min(end);
    let group_inserts = start == end && (change.base_start..=change.base_end).contains(&start);
    let change_inserts =
        change.base_start == change.base_end && (start..=end).contains(&change.base_start);
    overlap || group_inserts || change_inserts
}

/// Base lines `start..end` with one side's `changes` (all inside that range, in order) applied.
fn apply(base_lines: &[&str], start: usize, end: usize, changes: &[&Change<'_>]) -> String {
    let mut text = String::new();
    let mut position = start;
    for change in changes {
        text.push_str(&base_lines[position..change.base_start].concat());
        text.push_str(&change.lines.concat());
        position = change.base_end;
    }
    text.push_str(&base_lines[position..end].concat());
    text
}

fn push_clean(hunks: &mut Vec<MergeHunk>, text: &str) {
    if text.is_empty() {
        return;
    }
    match hunks.last_mut() {
        Some(MergeHunk::Clean(previous)) => previous.push_str(text),
        _ => hunks.push(MergeHunk::Clean(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "title\n\nfirst paragraph\n\nsecond paragraph\n\nthird paragraph\n";

    #[test]
    fn non_overlapping_changes_merge_cleanly() {
        let ours = BASE.replace("first paragraph", "first paragraph, edited here");
        let theirs = BASE.replace("third paragraph", "third paragraph, edited on disk");
        let result = merge_text(BASE, &ours, &theirs);
        assert_eq!(
            result.merged.as_deref(),
            Some("title\n\nfirst paragraph, edited here\n\nsecond paragraph\n\nthird paragraph, edited on disk\n")
        );
        assert_eq!(result.hunks.len(), 1);
    }

    #[test]
    fn adjacent_line_edits_merge_cleanly() {
        let result = merge_text("a\nb\nc\n", "A\nb\nc\n", "a\nB\nc\n");
        assert_eq!(result.merged.as_deref(), Some("A\nB\nc\n"));
    }

    #[test]
    fn the_same_line_changed_differently_conflicts() {
        let ours = BASE.replace("second paragraph", "second, ours");
        let theirs = BASE.replace("second paragraph", "second, theirs");
        let result = merge_text(BASE, &ours, &theirs);
        assert!(result.has_conflicts());
        assert_eq!(
            result.hunks,
            vec![
                MergeHunk::Clean("title\n\nfirst paragraph\n\n".into()),
                MergeHunk::Conflict {
                    base: "second paragraph\n".into(),
                    ours: "second, ours\n".into(),
                    theirs: "second, theirs\n".into(),
                },
                MergeHunk::Clean("\nthird paragraph\n".into()),
            ]
        );
    }

    #[test]
    fn insertions_at_the_same_place_conflict() {
        let result = merge_text("a\nb\n", "a\nours\nb\n", "a\ntheirs\nb\n");
        assert_eq!(
            result.hunks[1],
            MergeHunk::Conflict {
                base: String::new(),
                ours: "ours\n".into(),
                theirs: "theirs\n".into()
            }
        );
    }

    #[test]
    fn identical_changes_on_both_sides_are_not_conflicts() {
        let both = BASE.replace("second paragraph", "second, fixed the same way");
        let theirs = both.replace("third paragraph", "third, only theirs");
        let result = merge_text(BASE, &both, &theirs);
        assert_eq!(result.merged.as_deref(), Some(theirs.as_str()));
    }

    #[test]
    fn one_side_deleting_lines_the_other_left_alone_merges() {
        let ours = BASE.replace("second paragraph\n\n", "");
        let theirs = BASE.replace("title", "Title");
        let result = merge_text(BASE, &ours, &theirs);
        assert_eq!(
            result.merged.as_deref(),
            Some("Title\n\nfirst paragraph\n\nthird paragraph\n")
        );
    }

    #[test]
    fn deleting_a_line_the_other_side_edited_conflicts() {
        let ours = BASE.replace("second paragraph\n", "");
        let theirs = BASE.replace("second paragraph", "second, edited");
        let result = merge_text(BASE, &ours, &theirs);
        assert!(result.hunks.contains(&MergeHunk::Conflict {
            base: "second paragraph\n".into(),
            ours: String::new(),
            theirs: "second, edited\n".into(),
        }));
    }

    #[test]
    fn trailing_newline_changes_merge_like_any_last_line_edit() {
        // Ours adds the final newline, theirs edits the first line.
        let result = merge_text("a\nb", "a\nb\n", "A\nb");
        assert_eq!(result.merged.as_deref(), Some("A\nb\n"));
        // Both drop it: the same change.
        let result = merge_text("a\nb\n", "a\nb", "a\nb");
        assert_eq!(result.merged.as_deref(), Some("a\nb"));
        // One drops it, the other edits that last line: a real clash.
        let result = merge_text("a\nb\n", "a\nb", "a\nB\n");
        assert_eq!(
            result.hunks[1],
            MergeHunk::Conflict {
                base: "b\n".into(),
                ours: "b".into(),
                theirs: "B\n".into()
            }
        );
    }

    #[test]
    fn unchanged_sides_and_empty_texts() {
        assert_eq!(merge_text(BASE, BASE, BASE).merged.as_deref(), Some(BASE));
        assert_eq!(merge_text("", "", "").merged.as_deref(), Some(""));
        assert!(merge_text("", "", "").hunks.is_empty());
        assert_eq!(merge_text("", "new\n", "").merged.as_deref(), Some("new\n"));
        assert_eq!(merge_text(BASE, "", BASE).merged.as_deref(), Some(""));
        // CRLF lines survive untouched.
        let base = "a\r\nb\r\nc\r\n";
        assert_eq!(
            merge_text(base, "A\r\nb\r\nc\r\n", "a\r\nb\r\nC\r\n")
                .merged
                .as_deref(),
            Some("A\r\nb\r\nC\r\n")
        );
    }

    #[test]
    fn a_clean_merge_concatenates_its_hunks_and_a_conflict_keeps_both_sides_complete() {
        let ours = "x\nb\nc\nd\n";
        let theirs = "y\nb\nc\nD\n";
        let result = merge_text("a\nb\nc\nd\n", ours, theirs);
        let pick = |take_ours: bool| -> String {
            result
                .hunks
                .iter()
                .map(|h| match h {
                    MergeHunk::Clean(t) => t.clone(),
                    MergeHunk::Conflict { ours, theirs, .. } => {
                        if take_ours {
                            ours.clone()
                        } else {
                            theirs.clone()
                        }
                    }
                })
                .collect()
        };
        assert_eq!(pick(true), "x\nb\nc\nD\n");
        assert_eq!(pick(false), "y\nb\nc\nD\n");
    }
}
