//! What changed in a page, in a writer's terms: front matter field by field
//! ("topics: cx → customer-experience") and the body hunk by hunk, plus the commit message
//! such a change suggests (`Update <title>: summary, topics`) and `Co-authored-by` trailers.

use std::collections::BTreeSet;

use serde::Serialize;
use similar::{DiffTag, TextDiff};

use super::{
    repo_relative, ChangeKind, DiffLine, DiffLineKind, FileChange, GitError, Hunk, Identity,
    SiteRepo,
};
use crate::front_matter::FrontMatter;

/// One front-matter key whose value differs between two versions of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    /// The top-level key.
    pub key: String,
    /// Its value before (`None`: the key was added).
    pub old: Option<serde_json::Value>,
    /// Its value after (`None`: the key was removed).
    pub new: Option<serde_json::Value>,
    /// The change as one line: `topics: cx → customer-experience`.
    pub description: String,
}

/// How one page (or other file) differs between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageDiff {
    /// Path relative to the repository root, with `/`.
    pub path: String,
    /// Added, changed, deleted or renamed.
    pub kind: ChangeKind,
    /// For a rename, the path before.
    pub old_path: Option<String>,
    /// The page's title (after the change, else before), when it has one.
    pub title: Option<String>,
    /// Front-matter keys that changed, in the order of the newer version (removed keys last).
    pub fields: Vec<FieldChange>,
    /// Why the front matter of either version could not be read; then the whole file is
    /// diffed as the body.
    pub front_matter_error: Option<String>,
    /// The body's changed regions (line numbers in the headers count from the file's start).
    pub body_hunks: Vec<Hunk>,
    /// Not text: no fields or hunks.
    pub binary: bool,
}

impl PageDiff {
    /// Whether the body (not only the front matter) changed.
    pub fn body_changed(&self) -> bool {
        !self.body_hunks.is_empty()
    }
}

/// Compares two versions of a file (`None`: absent on that side).
pub fn page_diff(
    path: &str,
    kind: ChangeKind,
    old_path: Option<String>,
    old: Option<&[u8]>,
    new: Option<&[u8]>,
) -> PageDiff {
    let mut diff = PageDiff {
        path: path.to_string(),
        kind,
        old_path,
        title: None,
        fields: Vec::new(),
        front_matter_error: None,
        body_hunks: Vec::new(),
        binary: false,
    };
    let as_text = |bytes: Option<&[u8]>| match bytes {
        None => Some(String::new()),
        Some(bytes) if bytes.contains(&0) => None,
        Some(bytes) => std::str::from_utf8(bytes).ok().map(str::to_string),
    };
    let (Some(old_text), Some(new_text)) = (as_text(old), as_text(new)) else {
        diff.binary = true;
        return diff;
    };
    let is_page = path.ends_with(".md") || path.ends_with(".markdown") || path.ends_with(".html");
    let parse = |text: &str| {
        if text.is_empty() || !is_page {
            return Ok(None);
        }
        FrontMatter::parse(text).map(Some)
    };
    let (old_fm, new_fm) = match (parse(&old_text), parse(&new_text)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            diff.front_matter_error = Some(e.to_string());
            (None, None)
        }
    };
    let title = |fm: &Option<FrontMatter>| {
        fm.as_ref()
            .and_then(|fm| fm.get("title"))
            .and_then(|v| v.as_str())
            // Decoded for people (lists, commit messages, branch names); the file is untouched.
            .map(crate::entities::decode_entities)
    };
    diff.title = title(&new_fm).or_else(|| title(&old_fm));
    diff.fields = field_changes(old_fm.as_ref(), new_fm.as_ref());
    let old_start = old_fm.as_ref().map_or(0, FrontMatter::body_start);
    let new_start = new_fm.as_ref().map_or(0, FrontMatter::body_start);
    diff.body_hunks = body_hunks(
        &old_text[old_start..],
        &new_text[new_start..],
        old_text[..old_start].matches('\n').count(),
        new_text[..new_start].matches('\n').count(),
    );
    diff
}

fn field_changes(old: Option<&FrontMatter>, new: Option<&FrontMatter>) -> Vec<FieldChange> {
    let empty = Vec::new();
    let old_fields = old.map_or(&empty[..], FrontMatter::fields);
    let new_fields = new.map_or(&empty[..], FrontMatter::fields);
    let lookup = |fields: &[(String, crate::front_matter::Value)], key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.to_json())
    };
    let mut keys: Vec<&str> = new_fields.iter().map(|(k, _)| k.as_str()).collect();
    let seen: BTreeSet<&str> = keys.iter().copied().collect();
    keys.extend(
        old_fields
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !seen.contains(k)),
    );
    keys.into_iter()
        .filter_map(|key| {
            let (before, after) = (lookup(old_fields, key), lookup(new_fields, key));
            if before == after {
                return None;
            }
            let description = match (&before, &after) {
                (Some(a), Some(b)) => format!("{key}: {} → {}", show(a), show(b)),
                (None, Some(b)) => format!("{key} added: {}", show(b)),
                (Some(a), None) => format!("{key} removed (was {})", show(a)),
                (None, None) => return None,
            };
            Some(FieldChange {
                key: key.to_string(),
                old: before,
                new: after,
                description,
            })
        })
        .collect()
}

/// A value as a writer reads it: strings bare, lists comma-separated, the rest as JSON.
fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) if s.is_empty() => "\"\"".to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) if items.is_empty() => "[]".to_string(),
        serde_json::Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        serde_json::Value::Null => "(empty)".to_string(),
        other => other.to_string(),
    }
}

/// Unified hunks (three lines of context) between two bodies; `old_offset`/`new_offset` are
/// the lines before each body, so headers name lines of the whole file.
fn body_hunks(old: &str, new: &str, old_offset: usize, new_offset: usize) -> Vec<Hunk> {
    let diff = TextDiff::from_lines(old, new);
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let strip = |line: &str| {
        line.trim_end_matches('\n')
            .trim_end_matches('\r')
            .to_string()
    };
    let mut hunks = Vec::new();
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let mut lines = Vec::new();
        for op in &group {
            match op.tag() {
                DiffTag::Equal => lines.extend(op.old_range().map(|i| DiffLine {
                    kind: DiffLineKind::Context,
                    text: strip(old_lines[i]),
                })),
                DiffTag::Delete | DiffTag::Replace | DiffTag::Insert => {
                    lines.extend(op.old_range().map(|i| DiffLine {
                        kind: DiffLineKind::Removed,
                        text: strip(old_lines[i]),
                    }));
                    lines.extend(op.new_range().map(|i| DiffLine {
                        kind: DiffLineKind::Added,
                        text: strip(new_lines[i]),
                    }));
                }
            }
        }
        // Like git: an empty range names the line before it.
        let start = |range: &std::ops::Range<usize>, offset: usize| {
            if range.is_empty() {
                range.start + offset
            } else {
                range.start + offset + 1
            }
        };
        hunks.push(Hunk {
            header: format!(
                "@@ -{},{} +{},{} @@",
                start(&old_range, old_offset),
                old_range.len(),
                start(&new_range, new_offset),
                new_range.len()
            ),
            lines,
        });
    }
    hunks
}

/// `message` with a `Co-authored-by:` trailer per co-author (GitHub credits each of them).
pub fn with_co_authors(message: &str, co_authors: &[Identity]) -> String {
    if co_authors.is_empty() {
        return message.to_string();
    }
    let mut out = message.trim_end().to_string();
    // Trailers must be the last paragraph; join an existing trailer block rather than start one.
    let last_paragraph = out.rsplit("\n\n").next().unwrap_or("");
    let ends_in_trailers = out.contains("\n\n")
        && last_paragraph
            .lines()
            .all(|l| l.split_once(": ").is_some_and(|(k, _)| !k.contains(' ')));
    out.push_str(if ends_in_trailers { "\n" } else { "\n\n" });
    let lines: Vec<String> = co_authors
        .iter()
        .map(|who| format!("Co-authored-by: {} <{}>", who.name, who.email))
        .collect();
    out.push_str(&lines.join("\n"));
    out.push('\n');
    out
}

/// "Update <title>: summary, topics, body" (just "Update <title>" when no part is named).
fn update_message(title: &str, fields: &[&str], body: bool) -> String {
    let mut parts = fields.to_vec();
    if body {
        parts.push("body");
    }
    if parts.is_empty() {
        format!("Update {title}")
    } else {
        format!("Update {title}: {}", parts.join(", "))
    }
}

/// The message for committing only the chosen `fields` and body `hunks` of one page's change
/// (as [`suggest_message`] words a whole change): the title is the one committed, so the old
/// title when the change to `title` stays out.
pub fn suggest_parts_message(diff: &PageDiff, fields: &[String], hunks: &[usize]) -> String {
    let old_title = diff
        .fields
        .iter()
        .find(|f| f.key == "title")
        .filter(|_| !fields.iter().any(|f| f == "title"))
        .and_then(|f| f.old.as_ref()?.as_str().map(str::to_string));
    let title = old_title
        .or_else(|| diff.title.clone())
        .unwrap_or_else(|| diff.path.clone());
    let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
    update_message(&title, &fields, !hunks.is_empty())
}

/// The commit message a set of page changes suggests: `Add post: <title>`,
/// `Update <title>: summary, topics`, `Delete post: <title>`, or for several pages
/// "Update 3 pages: A, B, C".
pub fn suggest_message(diffs: &[PageDiff]) -> String {
    let name = |d: &PageDiff| d.title.clone().unwrap_or_else(|| d.path.clone());
    let noun = |d: &PageDiff| {
        if d.path.contains("/news/") || d.path.contains("/posts/") || d.path.contains("/blogs/") {
            "post"
        } else if d.path.ends_with(".md") {
            "page"
        } else {
            "file"
        }
    };
    match diffs {
        [] => "Update site".to_string(),
        [d] => match d.kind {
            ChangeKind::New => format!("Add {}: {}", noun(d), name(d)),
            ChangeKind::Deleted => format!("Delete {}: {}", noun(d), name(d)),
            ChangeKind::Renamed => format!(
                "Move {} to {}",
                d.old_path.as_deref().unwrap_or("?"),
                d.path
            ),
            ChangeKind::Modified => {
                let fields: Vec<&str> = d.fields.iter().map(|f| f.key.as_str()).collect();
                update_message(&name(d), &fields, d.body_changed())
            }
        },
        many => {
            let verb = if many.iter().all(|d| d.kind == ChangeKind::New) {
                "Add"
            } else {
                "Update"
            };
            let names: Vec<String> = many.iter().take(3).map(name).collect();
            let more = if many.len() > 3 { ", …" } else { "" };
            format!("{verb} {} pages: {}{more}", many.len(), names.join(", "))
        }
    }
}

impl SiteRepo {
    /// How a file in the work tree differs from HEAD, front matter field by field.
    pub fn page_diff(&self, path: &str) -> Result<PageDiff, GitError> {
        let rel = repo_relative(path)?;
        let workdir = self.require_workdir()?;
        let head = self.head_commit()?;
        let old = match &head {
            Some(commit) => self.blob_at(commit, &rel)?,
            None => None,
        };
        // The folders on the way must stay inside the work tree; the file itself, when it is
        // a link, is shown as Git records it (its target), never read through.
        if let Some((parent, _)) = rel.rsplit_once('/') {
            crate::confine::confine(workdir, parent)?;
        }
        let full = workdir.join(&rel);
        let new = match std::fs::symlink_metadata(&full) {
            Ok(meta) if meta.file_type().is_symlink() => std::fs::read_link(&full)
                .map(|target| Some(target.to_string_lossy().into_owned().into_bytes()))
                .map_err(|source| GitError::Io {
                    path: full.clone(),
                    source,
                })?,
            _ => match std::fs::read(&full) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => return Err(GitError::Io { path: full, source }),
            },
        };
        let kind = match (&old, &new) {
            (None, _) => ChangeKind::New,
            (Some(_), None) => ChangeKind::Deleted,
            _ => ChangeKind::Modified,
        };
        Ok(page_diff(&rel, kind, None, old.as_deref(), new.as_deref()))
    }

    /// Page diffs of the uncommitted changes to `paths` (every change when empty).
    pub fn page_diffs(&self, paths: &[String]) -> Result<Vec<PageDiff>, GitError> {
        let wanted = paths
            .iter()
            .map(|p| repo_relative(p))
            .collect::<Result<Vec<_>, _>>()?;
        let under = |path: &str| {
            wanted.is_empty()
                || wanted
                    .iter()
                    .any(|w| path == w || path.starts_with(&format!("{w}/")))
        };
        self.status()?
            .into_iter()
            .filter(|change| under(&change.path))
            .map(|change| self.page_diff(&change.path))
            .collect()
    }

    /// The message the uncommitted changes to `paths` suggest (see [`suggest_message`]).
    pub fn suggest_commit_message(&self, paths: &[String]) -> Result<String, GitError> {
        Ok(suggest_message(&self.page_diffs(paths)?))
    }

    /// The bytes of `rel` in `commit`, `None` when absent there.
    pub(crate) fn blob_at(
        &self,
        commit: &git2::Commit<'_>,
        rel: &str,
    ) -> Result<Option<Vec<u8>>, GitError> {
        let tree = commit.tree()?;
        let Ok(entry) = tree.get_path(std::path::Path::new(rel)) else {
            return Ok(None);
        };
        match entry.to_object(&self.repo)?.into_blob() {
            Ok(blob) => Ok(Some(blob.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// Page diffs between two commits (`from` = `None`: the empty tree), with renames.
    pub fn diff_commits(
        &self,
        from: Option<git2::Oid>,
        to: git2::Oid,
    ) -> Result<Vec<PageDiff>, GitError> {
        let (changes, old_tree, new_tree) = self.changed_files(from, to)?;
        let read = |tree: &Option<git2::Tree<'_>>, path: &str| -> Option<Vec<u8>> {
            let entry = tree.as_ref()?.get_path(std::path::Path::new(path)).ok()?;
            Some(
                entry
                    .to_object(&self.repo)
                    .ok()?
                    .as_blob()?
                    .content()
                    .to_vec(),
            )
        };
        Ok(changes
            .into_iter()
            .map(|change| {
                let old_name = change
                    .old_path
                    .clone()
                    .unwrap_or_else(|| change.path.clone());
                let old = read(&old_tree, &old_name);
                let new = read(&Some(new_tree.clone()), &change.path);
                page_diff(
                    &change.path,
                    change.kind,
                    change.old_path,
                    old.as_deref(),
                    new.as_deref(),
                )
            })
            .collect())
    }

    /// The files (repository-relative, sorted, each once) that differ between the point where
    /// `rev` and `HEAD` meet (their merge base: what a branch changed, not what `rev` gained
    /// since) and the work tree: committed since, staged, unstaged and untracked changes. A
    /// renamed file counts under both names.
    pub fn changed_since(&self, rev: &str) -> Result<Vec<String>, GitError> {
        let target = self.repo.revparse_single(rev)?.peel_to_commit()?;
        let base = match self.repo.head().ok().and_then(|h| h.peel_to_commit().ok()) {
            Some(head) => self
                .repo
                .merge_base(head.id(), target.id())
                .unwrap_or(target.id()),
            None => target.id(),
        };
        let tree = self.repo.find_commit(base)?.tree()?;
        let mut options = git2::DiffOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        let diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))?;
        let mut paths = std::collections::BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path() {
                    paths.insert(super::path_text(path));
                }
            }
        }
        Ok(paths.into_iter().collect())
    }

    /// The files changed between two commits, with the trees compared.
    #[allow(clippy::type_complexity)]
    pub(crate) fn changed_files(
        &self,
        from: Option<git2::Oid>,
        to: git2::Oid,
    ) -> Result<(Vec<FileChange>, Option<git2::Tree<'_>>, git2::Tree<'_>), GitError> {
        let old_tree = from
            .map(|id| self.repo.find_commit(id).and_then(|c| c.tree()))
            .transpose()?;
        let new_tree = self.repo.find_commit(to)?.tree()?;
        let mut diff = self
            .repo
            .diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), None)?;
        diff.find_similar(Some(git2::DiffFindOptions::new().renames(true)))?;
        let mut changes = Vec::new();
        for delta in diff.deltas() {
            let path_of = |f: git2::DiffFile<'_>| f.path().map(super::path_text);
            let (kind, old_path) = match delta.status() {
                git2::Delta::Added => (ChangeKind::New, None),
                git2::Delta::Deleted => (ChangeKind::Deleted, None),
                git2::Delta::Renamed => (ChangeKind::Renamed, path_of(delta.old_file())),
                _ => (ChangeKind::Modified, None),
            };
            let path = path_of(delta.new_file())
                .or_else(|| path_of(delta.old_file()))
                .unwrap_or_default();
            changes.push(FileChange {
                path,
                kind,
                old_path,
            });
        }
        Ok((changes, old_tree, new_tree))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_commit_names_the_committed_parts_and_the_committed_title() {
        let old = "---\ntitle: Old title\nsummary: Old\n---\nBody\n";
        let new = "---\ntitle: New title\nsummary: New\n---\nBody, longer\n";
        let diff = page_diff(
            "content/news/a.md",
            ChangeKind::Modified,
            None,
            Some(old.as_bytes()),
            Some(new.as_bytes()),
        );
        assert_eq!(
            suggest_parts_message(&diff, &["summary".to_string()], &[0]),
            "Update Old title: summary, body"
        );
        assert_eq!(
            suggest_parts_message(&diff, &["title".to_string()], &[]),
            "Update New title: title"
        );
        assert_eq!(
            suggest_message(std::slice::from_ref(&diff)),
            "Update New title: title, summary, body"
        );
    }

    #[test]
    fn front_matter_changes_are_listed_field_by_field() {
        let old = "---\ntitle: Hello\ntopics: [cx]\nsummary: Old\n---\nBody\n";
        let new = "---\ntitle: Hello\ntopics: [customer-experience]\nauthors: [ada]\n---\nBody\n";
        let diff = page_diff(
            "content/news/a.md",
            ChangeKind::Modified,
            None,
            Some(old.as_bytes()),
            Some(new.as_bytes()),
        );
        let lines: Vec<&str> = diff.fields.iter().map(|f| f.description.as_str()).collect();
        assert_eq!(
            lines,
            [
                "topics: cx → customer-experience",
                "authors added: ada",
                "summary removed (was Old)"
            ]
        );
        assert!(diff.body_hunks.is_empty());
        assert_eq!(
            suggest_message(&[diff]),
            "Update Hello: topics, authors, summary"
        );
    }

    #[test]
    fn body_hunks_number_lines_of_the_whole_file() {
        let old = "---\ntitle: T\n---\none\ntwo\nthree\n";
        let new = "---\ntitle: T\n---\none\n2\nthree\n";
        let diff = page_diff(
            "content/news/a.md",
            ChangeKind::Modified,
            None,
            Some(old.as_bytes()),
            Some(new.as_bytes()),
        );
        assert_eq!(diff.body_hunks.len(), 1);
        assert_eq!(diff.body_hunks[0].header, "@@ -4,3 +4,3 @@");
        let kinds: Vec<_> = diff.body_hunks[0]
            .lines
            .iter()
            .map(|l| (l.kind, l.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (DiffLineKind::Context, "one"),
                (DiffLineKind::Removed, "two"),
                (DiffLineKind::Added, "2"),
                (DiffLineKind::Context, "three")
            ]
        );
        assert_eq!(suggest_message(&[diff]), "Update T: body");
    }

    #[test]
    fn messages_for_new_and_deleted_posts_and_trailers() {
        let new = page_diff(
            "content/news/2026/a.md",
            ChangeKind::New,
            None,
            None,
            Some(b"---\ntitle: Fresh\n---\n"),
        );
        assert_eq!(suggest_message(&[new]), "Add post: Fresh");
        let who = Identity {
            name: "Bo Guest".into(),
            email: "bo@agency.gov".into(),
        };
        assert_eq!(
            with_co_authors("Add post: Fresh", std::slice::from_ref(&who)),
            "Add post: Fresh\n\nCo-authored-by: Bo Guest <bo@agency.gov>\n"
        );
        assert_eq!(
            with_co_authors("Subject\n\nCo-authored-by: A <a@x>\n", &[who]),
            "Subject\n\nCo-authored-by: A <a@x>\nCo-authored-by: Bo Guest <bo@agency.gov>\n"
        );
    }
}
