//! Shared test scaffolding: throw-away sites in temp dirs, built from files the test names.

use std::path::{Path, PathBuf};

/// A Hugo site in a temp dir, removed when dropped.
pub struct TempSite {
    dir: tempfile::TempDir,
}

impl TempSite {
    /// A minimal site: a `hugo.yaml` with topics/authors taxonomies and news permalinks.
    pub fn new() -> TempSite {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hugo.yaml"),
            "title: Test\ntaxonomies:\n  topic: topics\n  author: authors\npermalinks:\n  news: \"/:year/:month/:day/:slug/\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        TempSite { dir }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the site root, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Reads a file relative to the site root.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }
}

/// Runs the real `git` CLI in `dir` and returns its stdout (the oracle for what we committed).
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The path of the `postwright` CLI binary cargo built for this test run.
pub fn cli() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_postwright"))
}

/// The real Hugo (the oracle): `$HUGO`, else what `scripts/hugo.sh` installs and prints;
/// `None` (the test then says so and skips its Hugo half) when neither works.
pub fn hugo() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HUGO").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hugo.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "scripts/hugo.sh failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    path.is_file().then_some(path)
}

/// Copies the tree at `from` to `to` (files and folders; Git's folder and Hugo's `public` and
/// `resources` output left out).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with(".git") || rel.starts_with("public") || rel.starts_with("resources") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// One CSV record (Hugo's `list all` quotes fields holding commas or quotes).
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}
