//! A page open for editing: its original bytes, the hash they had on disk, and atomic saves
//! that refuse to clobber a file changed by someone else since it was loaded.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Why a document could not be opened or saved.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{path}:{line}:{column}: not UTF-8 text ({message})")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column of the first bad byte.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// The file changed on disk since it was loaded; saving would lose those changes.
    #[error("{path} changed on disk since it was opened; reload or merge before saving")]
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// The file is larger than the caller reads.
    #[error("{path}:1:1: {} MB is too large for a page (the limit is {} MB)", bytes / 1_000_000, limit / 1_000_000)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
        /// The most the caller reads.
        limit: u64,
    },
    /// A path from the user leads outside the site.
    #[error("{path}: outside the site folder ({reason})")]
    OutsideSite {
        /// The path as given.
        path: PathBuf,
        /// Why (see [`crate::confine`]).
        reason: String,
    },
}

/// A content hash, hex SHA-256: how we recognise our own writes and outside changes.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads `path` as UTF-8 text, with the position of the first bad byte when it is not.
pub fn read_text(path: &Path) -> Result<String, DocumentError> {
    read_text_limited(path, u64::MAX)
}

/// [`read_text`] for a file of at most `limit` bytes; a larger one is refused before it is
/// read (a stray 100 MB export must not stall indexing). One open, one `fstat`, one read.
pub fn read_text_limited(path: &Path, limit: u64) -> Result<String, DocumentError> {
    use std::io::Read;
    let io = |source| io_error(path, source);
    let mut file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > limit {
        return Err(DocumentError::TooLarge {
            path: path.to_path_buf(),
            bytes: len,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut bytes).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| not_utf8(path, e.as_bytes(), e.utf8_error()))
}

/// The error for `bytes` of `path` that are not UTF-8, at the line and column of the first bad byte.
fn not_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> DocumentError {
    let valid = error.valid_up_to();
    let prefix = String::from_utf8_lossy(&bytes[..valid]);
    let (line, column) = crate::text::line_column(&prefix, prefix.len());
    DocumentError::NotUtf8 {
        path: path.to_path_buf(),
        line,
        column,
        message: error.to_string(),
    }
}

/// Characters for the bytes 0x80–0x9F in Windows-1252 (the rest of its upper half is Latin-1);
/// the five bytes it leaves undefined keep Latin-1's control characters.
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Text from bytes that are mostly UTF-8 with stray Windows-1252 bytes (old Word pastes and
/// Jekyll-era imports): every valid UTF-8 sequence is kept as it is and every byte that is not
/// part of one is read as Windows-1252, so a file wholly in Windows-1252 converts too.
pub fn repair_windows_1252(mut bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                text.push_str(rest);
                return text;
            }
            Err(e) => {
                let (good, bad) = bytes.split_at(e.valid_up_to());
                text.push_str(std::str::from_utf8(good).unwrap_or_default());
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                for &b in &bad[..skip.min(bad.len())] {
                    text.push(match b {
                        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
                        _ => char::from(b),
                    });
                }
                bytes = &bad[skip.min(bad.len())..];
            }
        }
    }
}

impl From<crate::confine::PathEscape> for DocumentError {
    fn from(escape: crate::confine::PathEscape) -> DocumentError {
        DocumentError::OutsideSite {
            path: escape.path,
            reason: escape.reason,
        }
    }
}

/// Writes `bytes` to `path` atomically: a temp file in the same folder, fsync, rename.
/// The original's permissions are kept; on any failure the original is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), DocumentError> {
    let tmp = synced_temp_beside(path, bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| io_error(path, e))?;
    }
    tmp.persist(path).map_err(|e| io_error(path, e.error))?;
    Ok(())
}

/// Like [`write_atomic`], for a file that must not exist yet: the bytes appear under `path`
/// whole or not at all, and a file already there (even one created meanwhile) is left alone
/// and reported as `AlreadyExists`.
pub fn write_new_atomic(path: &Path, bytes: &[u8]) -> Result<(), DocumentError> {
    let tmp = synced_temp_beside(path, bytes)?;
    tmp.persist_noclobber(path)
        .map_err(|e| io_error(path, e.error))?;
    Ok(())
}

/// `bytes` in a temp file in `path`'s folder (so the rename stays on one file system), on disk.
fn synced_temp_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, DocumentError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".postwright-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io_error(path, e))?;
    tmp.write_all(bytes).map_err(|e| io_error(path, e))?;
    tmp.as_file().sync_all().map_err(|e| io_error(path, e))?;
    Ok(tmp)
}

fn io_error(path: &Path, source: std::io::Error) -> DocumentError {
    DocumentError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A page loaded for editing.
#[derive(Debug, Clone)]
pub struct Document {
    /// Absolute path.
    pub path: PathBuf,
    /// The text as loaded (or as last saved).
    pub source: String,
    /// Hash of the bytes on disk when loaded or last saved.
    pub disk_hash: String,
}

impl Document {
    /// Loads the page at `path`.
    pub fn open(path: &Path) -> Result<Document, DocumentError> {
        let source = read_text(path)?;
        let disk_hash = content_hash(source.as_bytes());
        Ok(Document {
            path: path.to_path_buf(),
            source,
            disk_hash,
        })
    }

    /// Saves `new_source`, unless the file changed on disk since `expected_hash` was read.
    pub fn save_checked(
        path: &Path,
        new_source: &str,
        expected_hash: &str,
    ) -> Result<Document, DocumentError> {
        let on_disk = match std::fs::read(path) {
            // Bytes we could not read as text were never shown as they are: writing over them
            // would lose them. Converting such a file is a step of its own (repair_windows_1252).
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Ok(_) => Some(content_hash(&bytes)),
                Err(e) => return Err(not_utf8(path, &bytes, e)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(io_error(path, source)),
        };
        // A file deleted outside may be restored by saving; a changed one must be merged first.
        if on_disk.as_deref().is_some_and(|h| h != expected_hash) {
            return Err(DocumentError::ChangedOnDisk {
                path: path.to_path_buf(),
            });
        }
        write_atomic(path, new_source.as_bytes())?;
        Ok(Document {
            path: path.to_path_buf(),
            source: new_source.to_string(),
            disk_hash: content_hash(new_source.as_bytes()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, "x".repeat(3_000_001)).unwrap();
        let error = read_text_limited(&path, 2_000_000).unwrap_err();
        assert!(matches!(
            error,
            DocumentError::TooLarge {
                bytes: 3_000_001,
                limit: 2_000_000,
                ..
            }
        ));
        assert!(error
            .to_string()
            .ends_with("big.md:1:1: 3 MB is too large for a page (the limit is 2 MB)"));
        assert_eq!(
            read_text_limited(&path, 3_000_001).unwrap().len(),
            3_000_001
        );
        assert_eq!(read_text(&path).unwrap().len(), 3_000_001);
    }
}
