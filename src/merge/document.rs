//! Three-way merge of a whole page: the front matter field by field, the body hunk by hunk.
//!
//! Line merges of front matter conflict whenever two writers touch neighbouring keys of one
//! YAML block; merging by field lets "they changed the summary, I added a topic" merge on its
//! own, and shows a real clash as one field with two values, which is what the form can show.

use serde::Serialize;
use serde_json::Value as Json;

use super::{merge_text, MergeHunk, MergeResult};
use crate::front_matter::{self, FieldEdit, FrontMatter, FrontMatterError};

/// Which side a writer keeps for one conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Choice {
    /// The editor's buffer.
    Ours,
    /// The file on disk.
    Theirs,
}

/// One front-matter key both sides changed differently; `None` means the side has no such key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldConflict {
    /// The key.
    pub key: String,
    /// Its value when loaded.
    pub base: Option<Json>,
    /// Its value in the buffer.
    pub ours: Option<Json>,
    /// Its value on disk.
    pub theirs: Option<Json>,
}

/// The outcome of merging a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentMerge {
    /// The merged page, when nothing conflicted.
    pub merged: Option<String>,
    /// Front-matter keys changed differently on both sides.
    pub field_conflicts: Vec<FieldConflict>,
    /// The body's merge (the whole text's when `whole_text` is set).
    pub body: MergeResult,
    /// A side's front matter could not be parsed, so the whole page was merged as text.
    pub whole_text: bool,
    /// The disk's page with every non-conflicting field change of ours applied: what
    /// [`DocumentMerge::resolve`] starts from. Not sent to the UI, which resolves through
    /// the core.
    #[serde(skip)]
    front_matter_source: String,
}

impl DocumentMerge {
    /// Whether anything needs the writer.
    pub fn has_conflicts(&self) -> bool {
        self.merged.is_none()
    }

    /// The page with the writer's choices: `fields` per conflicting key (unlisted keys keep
    /// ours), `hunks` per body conflict in order (missing ones keep ours).
    pub fn resolve(
        &self,
        fields: &[(String, Choice)],
        hunks: &[Choice],
    ) -> Result<String, FrontMatterError> {
        let mut body = String::new();
        let mut conflict = 0;
        for hunk in &self.body.hunks {
            match hunk {
                MergeHunk::Clean(text) => body.push_str(text),
                MergeHunk::Conflict { ours, theirs, .. } => {
                    let choice = hunks.get(conflict).copied().unwrap_or(Choice::Ours);
                    body.push_str(if choice == Choice::Ours { ours } else { theirs });
                    conflict += 1;
                }
            }
        }
        if self.whole_text {
            return Ok(body);
        }
        let edits: Vec<FieldEdit> = self
            .field_conflicts
            .iter()
            .filter(|c| {
                fields
                    .iter()
                    .find(|(k, _)| *k == c.key)
                    .is_none_or(|(_, choice)| *choice == Choice::Ours)
            })
            .map(|c| edit_to(&c.key, c.ours.as_ref()))
            .collect();
        let with_fields = front_matter::apply_edits(&self.front_matter_source, &edits)?;
        front_matter::replace_body(&with_fields, &body)
    }
}

fn edit_to(key: &str, value: Option<&Json>) -> FieldEdit {
    match value {
        Some(value) => FieldEdit::Set {
            key: key.to_string(),
            value: value.clone(),
        },
        None => FieldEdit::Unset {
            key: key.to_string(),
        },
    }
}

fn fields_json(fm: &FrontMatter) -> Vec<(String, Json)> {
    fm.fields()
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect()
}

/// The merge of the whole files as text, for when their front matter cannot be merged field
/// by field.
fn whole_text_merge(base: &str, ours: &str, theirs: &str) -> DocumentMerge {
    let body = merge_text(base, ours, theirs);
    DocumentMerge {
        merged: body.merged.clone(),
        field_conflicts: Vec::new(),
        body,
        whole_text: true,
        front_matter_source: theirs.to_string(),
    }
}

/// Merges `ours` (the buffer) and `theirs` (the disk), two edits of `base` (what was loaded).
pub fn merge_document(base: &str, ours: &str, theirs: &str) -> DocumentMerge {
    let (Ok(base_fm), Ok(ours_fm), Ok(theirs_fm)) = (
        FrontMatter::parse(base),
        FrontMatter::parse(ours),
        FrontMatter::parse(theirs),
    ) else {
        return whole_text_merge(base, ours, theirs);
    };
    let head = |source: &str, fm: &FrontMatter| source[..fm.body_start()].to_string();
    let (base_head, ours_head, theirs_head) = (
        head(base, &base_fm),
        head(ours, &ours_fm),
        head(theirs, &theirs_fm),
    );
    let body = merge_text(
        &base[base_fm.body_start()..],
        &ours[ours_fm.body_start()..],
        &theirs[theirs_fm.body_start()..],
    );
    let mut field_conflicts = Vec::new();
    // One side left the block as it was: take the other's bytes as they are.
    let front_matter_source = if ours_head == base_head || ours_head == theirs_head {
        theirs.to_string()
    } else if theirs_head == base_head {
        format!("{ours_head}{}", &theirs[theirs_fm.body_start()..])
    } else {
        let (b, o, t) = (
            fields_json(&base_fm),
            fields_json(&ours_fm),
            fields_json(&theirs_fm),
        );
        let get = |fields: &[(String, Json)], key: &str| {
            fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let mut keys: Vec<String> = Vec::new();
        for (key, _) in t.iter().chain(&o).chain(&b) {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        let mut edits = Vec::new();
        for key in keys {
            let (bv, ov, tv) = (get(&b, &key), get(&o, &key), get(&t, &key));
            if ov == bv || ov == tv {
                continue;
            }
            if tv == bv {
                edits.push(edit_to(&key, ov.as_ref()));
            } else {
                field_conflicts.push(FieldConflict {
                    key,
                    base: bv,
                    ours: ov,
                    theirs: tv,
                });
            }
        }
        // The edits only touch keys both sides parse; should one still fail, show the whole
        // block as a conflict rather than drop our changes.
        match front_matter::apply_edits(theirs, &edits) {
            Ok(source) => source,
            Err(_) => {
                return whole_text_merge(base, ours, theirs);
            }
        }
    };
    let merged = match (&body.merged, field_conflicts.is_empty()) {
        (Some(merged_body), true) => {
            front_matter::replace_body(&front_matter_source, merged_body).ok()
        }
        _ => None,
    };
    DocumentMerge {
        merged,
        field_conflicts,
        body,
        whole_text: false,
        front_matter_source,
    }
}

/// What to do with an open document after its file changed (or vanished) on disk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum OutsideChange {
    /// The disk still holds what was loaded (or exactly the buffer): nothing to do.
    Unchanged,
    /// The buffer had no unsaved edits: show the disk's text (keep cursor and scroll).
    Reload {
        /// The file's new text; also the new base.
        source: String,
    },
    /// Both changed, in different places: the buffer becomes `source` (still unsaved) and
    /// the disk's text is the new base.
    Merged {
        /// The merged page.
        source: String,
        /// The disk's text, the new base.
        disk: String,
    },
    /// Both changed the same fields or lines: the writer chooses.
    Conflicts {
        /// The merge, with its conflicts.
        merge: DocumentMerge,
        /// The disk's text, the new base once resolved.
        disk: String,
    },
    /// The file was deleted and the buffer had no edits: close it.
    Deleted,
    /// The file was deleted while the buffer had unsaved edits: keep the buffer; saving
    /// writes the file back.
    DeletedWhileDirty,
}

/// Decides what an open document becomes after an outside change: `base` is what was loaded,
/// `buffer` the editor's text, `disk` the file now (`None` when it is gone).
pub fn reconcile(base: &str, buffer: &str, disk: Option<&str>) -> OutsideChange {
    let dirty = buffer != base;
    match disk {
        None if dirty => OutsideChange::DeletedWhileDirty,
        None => OutsideChange::Deleted,
        Some(disk) if disk == base || disk == buffer => OutsideChange::Unchanged,
        Some(disk) if !dirty => OutsideChange::Reload {
            source: disk.to_string(),
        },
        Some(disk) => {
            let merge = merge_document(base, buffer, disk);
            match &merge.merged {
                Some(source) => OutsideChange::Merged {
                    source: source.clone(),
                    disk: disk.to_string(),
                },
                None => OutsideChange::Conflicts {
                    merge,
                    disk: disk.to_string(),
                },
            }
        }
    }
}
