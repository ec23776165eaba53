//! Git bundles (format v2) for guests without write access: "Submit story" can export the
//! submission branch as one file to e-mail, and the editor imports it. libgit2 has no bundle
//! API, so the format is written and read here: a `# v2 git bundle` line, `-<id> <comment>`
//! prerequisite lines, `<id> <ref>` lines, a blank line, then a packfile (built with
//! PackBuilder, indexed on import with the object database's pack writer).
//!
//! A bundle comes from outside, so import trusts nothing: refs must be draft or submission
//! branches (never the main branch), and every tree of the new commits is checked for entries
//! that could escape the site when checked out (`..`, `.git`, separators, symlinks pointing
//! out, submodules). A refused bundle creates no ref; its objects stay unreachable in the
//! object store until git's garbage collection, never in the work tree.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::branches::{check_segment, DRAFT_PREFIX, SUBMISSION_PREFIX};
use super::{GitError, SiteRepo};

const SIGNATURE_V2: &str = "# v2 git bundle";
const SIGNATURE_V3: &str = "# v3 git bundle";

/// The header of a bundle file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleHeader {
    /// Commits the receiving repository must already have.
    pub prerequisites: Vec<String>,
    /// `(commit id, ref name)` pairs the bundle carries.
    pub refs: Vec<(String, String)>,
    /// Byte offset of the packfile.
    pub pack_offset: usize,
}

/// A branch a bundle import created or moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportedBranch {
    /// The branch name (`submissions/gsa/x`).
    pub branch: String,
    /// Its tip.
    pub commit: String,
}

/// Parses a bundle's header (v2, or v3 with only the sha1 object format).
pub fn parse_header(path: &Path, bytes: &[u8]) -> Result<BundleHeader, GitError> {
    let bad = |line: usize, column: usize, message: String| GitError::BadBundle {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let mut offset = 0;
    let mut line_number = 0;
    let mut header = BundleHeader {
        prerequisites: Vec::new(),
        refs: Vec::new(),
        pack_offset: 0,
    };
    loop {
        line_number += 1;
        let Some(end) = bytes[offset..].iter().position(|b| *b == b'\n') else {
            return Err(bad(
                line_number,
                1,
                "the header does not end (no blank line before the pack)".into(),
            ));
        };
        let line = std::str::from_utf8(&bytes[offset..offset + end])
            .map_err(|_| bad(line_number, 1, "the header is not text".into()))?;
        offset += end + 1;
        if line_number == 1 {
            if line != SIGNATURE_V2 && line != SIGNATURE_V3 {
                return Err(bad(
                    1,
                    1,
                    format!("not a git bundle (starts with `{line}`)"),
                ));
            }
            continue;
        }
        if line.is_empty() {
            break;
        }
        if let Some(capability) = line.strip_prefix('@') {
            if capability != "object-format=sha1" {
                return Err(bad(
                    line_number,
                    2,
                    format!("unsupported capability `{capability}`"),
                ));
            }
            continue;
        }
        let (prerequisite, rest) = match line.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let column = if prerequisite { 2 } else { 1 };
        let id = rest
            .get(..40)
            .filter(|id| id.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(id) = id else {
            return Err(bad(
                line_number,
                column,
                "expected a 40-digit commit id".into(),
            ));
        };
        if prerequisite {
            header.prerequisites.push(id.to_string());
        } else {
            let name = rest[40..].trim_start();
            if name.is_empty() {
                return Err(bad(
                    line_number,
                    column + 41,
                    "a ref line needs a ref name".into(),
                ));
            }
            header.refs.push((id.to_string(), name.to_string()));
        }
    }
    if !bytes[offset..].starts_with(b"PACK") {
        return Err(bad(
            line_number + 1,
            1,
            "no packfile after the header".into(),
        ));
    }
    header.pack_offset = offset;
    Ok(header)
}

/// Why a ref name from a bundle may not be created, if it may not.
fn refused_ref(name: &str) -> Option<&'static str> {
    let Some(branch) = name.strip_prefix("refs/heads/") else {
        return Some("only branches can be imported");
    };
    let segments: Vec<&str> = if let Some(rest) = branch.strip_prefix(SUBMISSION_PREFIX) {
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() != 2 {
            return Some("a submission is submissions/<agency>/<slug>");
        }
        parts
    } else if let Some(rest) = branch.strip_prefix(DRAFT_PREFIX) {
        vec![rest]
    } else {
        return Some("only draft/ and submissions/ branches can be imported");
    };
    if segments.iter().any(|s| check_segment(s).is_err()) {
        return Some("branch names are lower-case letters, digits and `-`");
    }
    None
}

/// Why a tree entry name may not be checked out, if it may not.
fn refused_entry_name(name: &[u8]) -> Option<&'static str> {
    if name.is_empty() || name == b"." || name == b".." {
        return Some("a path climbs out of the site");
    }
    if name.iter().any(|b| matches!(b, b'/' | b'\\' | 0)) {
        return Some("a file name holds a path separator");
    }
    // `.git` in any case, and the forms Windows and macOS file systems treat as `.git`.
    let lower: Vec<u8> = name.to_ascii_lowercase();
    let trimmed: &[u8] = {
        let mut end = lower.len();
        while end > 0 && matches!(lower[end - 1], b'.' | b' ') {
            end -= 1;
        }
        &lower[..end]
    };
    if trimmed == b".git" || trimmed == b"git~1" {
        return Some("a path writes into the repository's .git folder");
    }
    None
}

/// Whether a symlink at `dir/<link>` pointing to `target` stays inside the site.
fn symlink_stays_inside(dir: &str, target: &[u8]) -> bool {
    if target.first() == Some(&b'/') || target.contains(&b'\\') || target.contains(&b':') {
        return false;
    }
    let mut depth: Vec<&[u8]> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::as_bytes)
        .collect();
    // `..` only before the first name: the OS resolves a link in the middle of a target before
    // the `..` after it, so `a/up/../..` (with `a/up` a link to the root) leaves the site even
    // though it looks lexically inside. Leading `..`s climb real folders (a checked-out tree
    // has no links above its own entries), and every name after them stays inside by the same
    // rule applied to each link.
    let mut descending = false;
    for part in target.split(|b| *b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                if descending || depth.pop().is_none() {
                    return false;
                }
            }
            other => {
                if refused_entry_name(other).is_some() {
                    return false;
                }
                descending = true;
                depth.push(other);
            }
        }
    }
    true
}

impl SiteRepo {
    /// Writes `branch` as a bundle at `file`: the commits since it left the main branch, with
    /// that fork point as the prerequisite (the editors' repository has it). Returns the header.
    pub fn write_bundle(&self, branch: &str, file: &Path) -> Result<BundleHeader, GitError> {
        let tip = self.branch_tip(branch)?;
        let base = match self.main_branch() {
            Ok(main) => {
                let main_tip = self.branch_tip(&main)?;
                self.repo
                    .merge_base(main_tip.id(), tip.id())
                    .ok()
                    .filter(|b| *b != tip.id())
            }
            Err(_) => None,
        };
        let mut walk = self.repo.revwalk()?;
        walk.push(tip.id())?;
        let mut header = format!("{SIGNATURE_V2}\n");
        let mut prerequisites = Vec::new();
        if let Some(base) = base {
            walk.hide(base)?;
            let summary = self
                .repo
                .find_commit(base)?
                .summary()
                .unwrap_or("")
                .replace(['\n', '\r'], " ");
            header.push_str(&format!("-{base} {summary}\n"));
            prerequisites.push(base.to_string());
        }
        let refname = format!("refs/heads/{branch}");
        header.push_str(&format!("{} {refname}\n\n", tip.id()));
        let mut builder = self.repo.packbuilder()?;
        builder.insert_walk(&mut walk)?;
        let mut pack = git2::Buf::new();
        builder.write_buf(&mut pack)?;
        let mut bytes = header.into_bytes();
        let pack_offset = bytes.len();
        bytes.extend_from_slice(&pack);
        crate::document::write_atomic(file, &bytes).map_err(|e| GitError::Io {
            path: file.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok(BundleHeader {
            prerequisites,
            refs: vec![(tip.id().to_string(), refname)],
            pack_offset,
        })
    }

    /// Imports the draft and submission branches of the bundle at `file`, after checking it
    /// is safe (see the module doc). An existing branch is only moved forward.
    pub fn import_bundle(&self, file: &Path) -> Result<Vec<ImportedBranch>, GitError> {
        let bytes = std::fs::read(file).map_err(|source| GitError::Io {
            path: file.to_path_buf(),
            source,
        })?;
        let header = parse_header(file, &bytes)?;
        let refuse = |what: &str, reason: &str| GitError::UnsafeBundle {
            bundle: file.to_path_buf(),
            what: what.to_string(),
            reason: reason.to_string(),
        };
        for (_, name) in &header.refs {
            if let Some(reason) = refused_ref(name) {
                return Err(refuse(name, reason));
            }
        }
        let mut prerequisites = Vec::new();
        for id in &header.prerequisites {
            let oid = git2::Oid::from_str(id)?;
            if self.repo.find_commit(oid).is_err() {
                return Err(GitError::BadBundle {
                    path: file.to_path_buf(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "the bundle builds on commit {id}, which this repository lacks; pull first"
                    ),
                });
            }
            prerequisites.push(oid);
        }
        let odb = self.repo.odb()?;
        let mut writer = odb.packwriter()?;
        writer
            .write_all(&bytes[header.pack_offset..])
            .map_err(|source| GitError::Io {
                path: file.to_path_buf(),
                source,
            })?;
        writer.commit()?;

        let main_tip = self
            .main_branch()
            .ok()
            .and_then(|m| self.branch_tip(&m).ok())
            .map(|c| c.id());
        let mut checked = std::collections::HashSet::new();
        let mut targets = Vec::new();
        for (id, name) in &header.refs {
            let oid = git2::Oid::from_str(id)?;
            if self.repo.find_commit(oid).is_err() {
                return Err(refuse(name, "it does not point at a commit in the bundle"));
            }
            let mut walk = self.repo.revwalk()?;
            walk.push(oid)?;
            for hidden in prerequisites.iter().chain(main_tip.iter()) {
                walk.hide(*hidden)?;
            }
            for commit in walk {
                let commit = self.repo.find_commit(commit?)?;
                self.check_tree(&commit.tree()?, "", &mut checked)
                    .map_err(|(path, reason)| refuse(&path, reason))?;
            }
            targets.push((oid, name.trim_start_matches("refs/heads/").to_string()));
        }
        // Only now, with everything checked, do refs move.
        let current = self.current_branch()?;
        let mut imported = Vec::new();
        for (oid, branch) in targets {
            if let Ok(existing) = self.branch_tip(&branch) {
                let existing = existing.id();
                if existing != oid && !self.repo.graph_descendant_of(oid, existing)? {
                    return Err(GitError::BranchExists { branch });
                }
                if current.as_deref() == Some(branch.as_str()) {
                    self.move_work_tree_to(&self.repo.find_commit(oid)?, "importing the bundle")?;
                }
            }
            self.repo.reference(
                &format!("refs/heads/{branch}"),
                oid,
                true,
                &format!("postwright: import {}", file.display()),
            )?;
            let mut config = self.repo.config()?;
            config.set_str(
                &format!("branch.{branch}.postwrightbundle"),
                &file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )?;
            imported.push(ImportedBranch {
                branch,
                commit: oid.to_string(),
            });
        }
        Ok(imported)
    }

    /// Checks every entry below `tree` (at `prefix`); on refusal, the path and why.
    fn check_tree(
        &self,
        tree: &git2::Tree<'_>,
        prefix: &str,
        checked: &mut std::collections::HashSet<git2::Oid>,
    ) -> Result<(), (String, &'static str)> {
        if !checked.insert(tree.id()) {
            return Ok(());
        }
        for entry in tree.iter() {
            let name = entry.name_bytes();
            let path = format!("{prefix}{}", String::from_utf8_lossy(name));
            if let Some(reason) = refused_entry_name(name) {
                return Err((path, reason));
            }
            match entry.filemode() {
                0o040000 => {
                    let subtree = self
                        .repo
                        .find_tree(entry.id())
                        .map_err(|_| (path.clone(), "a folder is missing from the bundle"))?;
                    self.check_tree(&subtree, &format!("{path}/"), checked)?;
                }
                0o120000 => {
                    let blob = self
                        .repo
                        .find_blob(entry.id())
                        .map_err(|_| (path.clone(), "a link is missing from the bundle"))?;
                    if !symlink_stays_inside(prefix, blob.content()) {
                        return Err((path, "a symbolic link points outside the site"));
                    }
                }
                0o160000 => return Err((path, "submodules are not accepted")),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Where a guest's bundle goes when no file is named: `<slug>.bundle` in `dir`.
pub fn default_bundle_path(dir: &Path, branch: &str) -> PathBuf {
    let slug = branch.rsplit('/').next().unwrap_or(branch);
    dir.join(format!("{slug}.bundle"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_outside_review_branches_are_refused() {
        assert!(refused_ref("refs/heads/submissions/gsa/my-story").is_none());
        assert!(refused_ref("refs/heads/draft/my-story").is_none());
        assert!(refused_ref("refs/heads/main").is_some());
        assert!(refused_ref("refs/tags/v1").is_some());
        assert!(refused_ref("refs/heads/submissions/gsa/../main").is_some());
        assert!(refused_ref("refs/heads/submissions/x").is_some());
    }

    #[test]
    fn escaping_names_and_links_are_refused() {
        for bad in [
            &b".."[..],
            b".",
            b"",
            b".git",
            b".GIT",
            b".git. ",
            b"git~1",
            b"a/b",
            b"a\\b",
        ] {
            assert!(refused_entry_name(bad).is_some(), "{bad:?}");
        }
        assert!(refused_entry_name(b"post.md").is_none());
        assert!(refused_entry_name(b".gitignore").is_none());
        assert!(symlink_stays_inside("content/news/", b"../other.md"));
        assert!(!symlink_stays_inside("content/", b"../../etc/passwd"));
        assert!(!symlink_stays_inside("", b"/etc/passwd"));
        assert!(!symlink_stays_inside("a/", b"../.git/config"));
        // Lexically inside, but `x/up` may itself be a link to the root.
        assert!(!symlink_stays_inside("", b"x/up/../.."));
        assert!(symlink_stays_inside(
            "content/news/",
            b"../../static/img.png"
        ));
    }

    #[test]
    fn headers_parse_with_positions_on_errors() {
        let good = b"# v2 git bundle\n-0123456789012345678901234567890123456789 base\n89abcdef0123456789abcdef0123456789abcdef refs/heads/draft/x\n\nPACK...";
        let header = parse_header(Path::new("b.bundle"), good).unwrap();
        assert_eq!(header.prerequisites.len(), 1);
        assert_eq!(header.refs[0].1, "refs/heads/draft/x");
        let bad = b"# v2 git bundle\nnot-an-id refs/heads/x\n\nPACK";
        let err = parse_header(Path::new("b.bundle"), bad)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("b.bundle:2:1:"), "{err}");
    }
}
