//! Path confinement: every path that reaches the core from outside (the UI, the CLI, a slug,
//! a bundle, a config) is resolved here against the folder it must stay in. One function for
//! every entry point, so `..`, absolute paths, `.git` and symlinks leading out meet the same rules.

use std::path::{Component, Path, PathBuf};

/// A path refused because it would lead outside the folder it must stay in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct PathEscape {
    /// The path as given.
    pub path: PathBuf,
    /// Why it was refused, in words a writer can act on.
    pub reason: String,
}

impl PathEscape {
    fn new(path: &str, reason: impl Into<String>) -> PathEscape {
        PathEscape {
            path: PathBuf::from(path),
            reason: reason.into(),
        }
    }
}

/// Checks `rel` without touching the disk: relative, no `..`, no NUL, no backslash, no `.git`
/// folder. Returns its parts (`.` dropped); `a/./b/` gives `["a", "b"]`.
pub fn relative_parts(rel: &str) -> Result<Vec<&str>, PathEscape> {
    if rel.contains('\0') {
        return Err(PathEscape::new(rel, "a NUL byte in a path"));
    }
    // On Unix `\` is an ordinary character, but the same site is edited on Windows, where it
    // separates folders: `..\x` must not become an escape there.
    if rel.contains('\\') {
        return Err(PathEscape::new(
            rel,
            "a backslash in a path (use `/` between folders)",
        ));
    }
    let mut parts = Vec::new();
    for component in Path::new(rel).components() {
        match component {
            Component::Normal(part) => {
                let part = part
                    .to_str()
                    .ok_or_else(|| PathEscape::new(rel, "a path that is not UTF-8"))?;
                if is_git_dir_name(part) {
                    return Err(PathEscape::new(
                        rel,
                        "a path into the repository's .git folder",
                    ));
                }
                parts.push(part);
            }
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(PathEscape::new(rel, "`..` climbs out of the site folder"))
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathEscape::new(
                    rel,
                    "an absolute path; paths are relative to the site folder",
                ))
            }
        }
    }
    if parts.is_empty() {
        return Err(PathEscape::new(rel, "an empty path"));
    }
    Ok(parts)
}

/// `.git` in any case, and the spellings Windows and macOS file systems treat as `.git`.
pub fn is_git_dir_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let trimmed = lower.trim_end_matches(['.', ' ']);
    trimmed == ".git" || trimmed == "git~1"
}

/// Resolves `rel` (from a user, a slug, a bundle or a config) inside `root`, refusing anything
/// that leads outside it: the lexical rules of [`relative_parts`], and every part that exists
/// on disk and is a symbolic link must resolve inside `root` (a dangling link is refused too,
/// since writing through it would create its target). Parts that do not exist yet are fine:
/// they will be created as plain folders and files. Returns `root` joined with `rel`.
///
/// A link that points elsewhere inside `root` is allowed: sites use them for shared pages.
pub fn confine(root: &Path, rel: &str) -> Result<PathBuf, PathEscape> {
    let parts = relative_parts(rel)?;
    let real_root = root.canonicalize().map_err(|e| {
        PathEscape::new(
            rel,
            format!("the folder {} cannot be resolved: {e}", root.display()),
        )
    })?;
    let mut current = root.to_path_buf();
    for part in &parts {
        current.push(part);
        match std::fs::symlink_metadata(&current) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => {
                return Err(PathEscape::new(
                    rel,
                    format!("{} cannot be read: {e}", current.display()),
                ))
            }
            Ok(meta) if meta.file_type().is_symlink() => {
                let real = current
                    .canonicalize()
                    .map_err(|_| PathEscape::new(rel, "a symbolic link that leads nowhere"))?;
                if !real.starts_with(&real_root) {
                    return Err(PathEscape::new(
                        rel,
                        format!(
                            "a symbolic link leads to {}, outside {}",
                            real.display(),
                            root.display()
                        ),
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    Ok(root.join(parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_rules_refuse_every_escape_spelling() {
        assert_eq!(relative_parts("news/./a.md/").unwrap(), ["news", "a.md"]);
        for bad in [
            "",
            ".",
            "./",
            "..",
            "../x",
            "news/../../x",
            "/etc/passwd",
            "news\\..\\x",
            "a\0b",
            ".git/config",
            "news/.GIT/x",
            ".git. /hooks",
            "git~1/config",
        ] {
            assert!(relative_parts(bad).is_err(), "{bad:?}");
        }
        assert!(relative_parts(".gitignore").is_ok());
        assert!(relative_parts("news/.github/x.md").is_ok());
    }

    #[test]
    fn reasons_say_what_was_wrong() {
        assert!(relative_parts("../x")
            .unwrap_err()
            .to_string()
            .starts_with("../x: `..` climbs out"));
        assert!(relative_parts("/etc/x")
            .unwrap_err()
            .reason
            .contains("absolute"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_while_they_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("news")).unwrap();
        std::fs::create_dir_all(dir.path().join("outside")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), root.join("out")).unwrap();
        std::os::unix::fs::symlink(root.join("news"), root.join("alias")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("missing"), root.join("dangling.md")).unwrap();
        assert_eq!(
            confine(&root, "news/new/a.md").unwrap(),
            root.join("news/new/a.md")
        );
        assert_eq!(
            confine(&root, "alias/a.md").unwrap(),
            root.join("alias/a.md")
        );
        assert!(confine(&root, "out/a.md")
            .unwrap_err()
            .reason
            .contains("outside"));
        assert!(confine(&root, "out").is_err());
        assert!(confine(&root, "dangling.md")
            .unwrap_err()
            .reason
            .contains("nowhere"));
    }
}
