//! Committing part of a page's change — some front-matter fields, some body hunks — the way
//! `git add -p` stages hunks, but in the units writers see in the diff: the rest of the change
//! stays uncommitted in the work tree.

use std::path::{Path, PathBuf};

use similar::{DiffTag, TextDiff};

use super::{repo_relative, GitError, Identity, SiteRepo};
use crate::front_matter::{self, FieldEdit, FrontMatter};

/// HEAD's version of a page with only the chosen parts of the new version applied: the
/// front-matter keys in `fields` take their new values (or go, when removed), and the body
/// hunks numbered in `hunks` (indices into [`super::diff::PageDiff::body_hunks`]) are applied.
pub fn partial_text(
    path: &str,
    old: &str,
    new: &str,
    fields: &[String],
    hunks: &[usize],
) -> Result<String, GitError> {
    let unsplittable = |message: String| GitError::Unsplittable {
        path: PathBuf::from(path),
        message,
    };
    let parse = |text: &str| FrontMatter::parse(text).map_err(|e| unsplittable(e.to_string()));
    let (old_fm, new_fm) = (parse(old)?, parse(new)?);
    let edits: Vec<FieldEdit> = fields
        .iter()
        .map(|key| match new_fm.get(key) {
            Some(value) => FieldEdit::Set {
                key: key.clone(),
                value: value.to_json(),
            },
            None => FieldEdit::Unset { key: key.clone() },
        })
        .collect();
    let with_fields =
        front_matter::apply_edits(old, &edits).map_err(|e| unsplittable(e.to_string()))?;
    let old_body = &old[old_fm.body_start()..];
    let new_body = &new[new_fm.body_start()..];
    let body = partial_body(old_body, new_body, hunks);
    front_matter::replace_body(&with_fields, &body).map_err(|e| unsplittable(e.to_string()))
}

/// `old` with the changes of the chosen hunks (grouped exactly as the diff shows them) applied.
fn partial_body(old: &str, new: &str, hunks: &[usize]) -> String {
    let diff = TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut position = 0;
    for (index, group) in diff.grouped_ops(3).iter().enumerate() {
        for op in group.iter().filter(|op| op.tag() != DiffTag::Equal) {
            let old_range = op.old_range();
            out.extend(old_lines[position..old_range.start].iter().copied());
            if hunks.contains(&index) {
                out.extend(new_lines[op.new_range()].iter().copied());
            } else {
                out.extend(old_lines[old_range.clone()].iter().copied());
            }
            position = old_range.end;
        }
    }
    out.extend(old_lines[position..].iter().copied());
    out
}

impl SiteRepo {
    /// Commits only the chosen fields and body hunks of the uncommitted change to `path` on
    /// HEAD; the work tree keeps the whole change, the index is set to what was committed.
    pub fn commit_parts(
        &self,
        message: &str,
        path: &str,
        fields: &[String],
        hunks: &[usize],
        who: &Identity,
    ) -> Result<String, GitError> {
        self.refuse_during_merge()?;
        let rel = repo_relative(path)?;
        let workdir = self.require_workdir()?;
        let head = self.head_commit()?.ok_or_else(|| GitError::Unsplittable {
            path: PathBuf::from(&rel),
            message: " a page with no committed version is committed whole".into(),
        })?;
        let text = |bytes: Option<Vec<u8>>| {
            String::from_utf8(bytes.unwrap_or_default()).map_err(|_| GitError::Unsplittable {
                path: PathBuf::from(&rel),
                message: " not text".into(),
            })
        };
        let old = text(self.blob_at(&head, &rel)?)?;
        // Never read (and so commit) a file through a link that leads out of the work tree.
        let full = crate::confine::confine(workdir, &rel)?;
        let new = text(Some(std::fs::read(&full).map_err(|source| {
            GitError::Io {
                path: full.clone(),
                source,
            }
        })?))?;
        let partial = partial_text(&rel, &old, &new, fields, hunks)?;
        let tree = head.tree()?;
        if partial == old {
            return Err(GitError::NothingToCommit { paths: rel });
        }
        let mode = tree
            .get_path(Path::new(&rel))
            .map(|e| e.filemode() as u32)
            .unwrap_or(0o100644);
        let blob = self.repo.blob(partial.as_bytes())?;
        let entry =
            super::review::index_entry(mode, rel.as_bytes().to_vec(), blob, partial.len(), 0);
        let mut scratch = git2::Index::new()?;
        scratch.read_tree(&tree)?;
        scratch.add(&entry)?;
        let new_tree = self.repo.find_tree(scratch.write_tree_to(&self.repo)?)?;
        let id = self.write_commit(Some("HEAD"), (who, who), message, &new_tree, &[&head])?;
        let mut index = self.repo.index()?;
        index.read(false)?;
        index.add(&entry)?;
        index.write()?;
        Ok(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "---\ntitle: T\nsummary: Old\ntopics: [cx]\n---\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";
    const NEW: &str = "---\ntitle: T\nsummary: New\ntopics: [customer-experience]\n---\nONE\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nTEN\n";

    #[test]
    fn chosen_fields_and_hunks_apply_alone() {
        let diff = super::super::diff::page_diff(
            "a.md",
            super::super::ChangeKind::Modified,
            None,
            Some(OLD.as_bytes()),
            Some(NEW.as_bytes()),
        );
        assert_eq!(diff.body_hunks.len(), 2);
        let only_topics_and_last_hunk =
            partial_text("a.md", OLD, NEW, &["topics".into()], &[1]).unwrap();
        assert_eq!(
            only_topics_and_last_hunk,
            OLD.replace("[cx]", "[customer-experience]")
                .replace("ten\n", "TEN\n")
        );
        assert_eq!(partial_text("a.md", OLD, NEW, &[], &[]).unwrap(), OLD);
        assert_eq!(
            partial_text(
                "a.md",
                OLD,
                NEW,
                &["summary".into(), "topics".into()],
                &[0, 1]
            )
            .unwrap(),
            NEW
        );
    }
}
