//! The lines a save would change, for the editor's "what will change" view: a plain line diff
//! (via `similar`) of the file as loaded against the file as it would be written, so the
//! writer sees the exact bytes-level consequence of a form edit before saving.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// Whether a line goes or comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum LineChangeKind {
    /// The line is in the file now and will not be after saving.
    Removed,
    /// The line will be in the file after saving.
    Added,
}

/// One changed line, without its line ending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineChange {
    /// Removed or added.
    pub kind: LineChangeKind,
    /// 1-based line number: in the old text for a removed line, in the new text for an added one.
    pub line: usize,
    /// The line's text.
    pub text: String,
}

/// The lines that differ between `old` and `new`, in order (removed lines before the lines
/// that replace them). Equal texts give an empty list.
pub fn line_changes(old: &str, new: &str) -> Vec<LineChange> {
    let diff = TextDiff::from_lines(old, new);
    let mut changes = Vec::new();
    for change in diff.iter_all_changes() {
        let (kind, index) = match change.tag() {
            ChangeTag::Equal => continue,
            ChangeTag::Delete => (LineChangeKind::Removed, change.old_index()),
            ChangeTag::Insert => (LineChangeKind::Added, change.new_index()),
        };
        let text = change.value().trim_end_matches(['\n', '\r']).to_string();
        changes.push(LineChange {
            kind,
            line: index.map_or(0, |i| i + 1),
            text,
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_one_removal_and_one_addition_at_its_number() {
        let changes = line_changes(
            "---\ntitle: A\nsummary: old\n---\nBody\n",
            "---\ntitle: A\nsummary: new\n---\nBody\n",
        );
        assert_eq!(
            changes,
            vec![
                LineChange {
                    kind: LineChangeKind::Removed,
                    line: 3,
                    text: "summary: old".into()
                },
                LineChange {
                    kind: LineChangeKind::Added,
                    line: 3,
                    text: "summary: new".into()
                },
            ]
        );
    }

    #[test]
    fn equal_texts_and_crlf_endings() {
        assert!(line_changes("a\r\nb\r\n", "a\r\nb\r\n").is_empty());
        let changes = line_changes("a\r\nb\r\n", "a\r\nc\r\nb\r\n");
        assert_eq!(
            changes,
            vec![LineChange {
                kind: LineChangeKind::Added,
                line: 2,
                text: "c".into()
            }]
        );
    }
}
