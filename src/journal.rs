//! The crash-recovery journal: unsaved buffers written to the app's data dir every few
//! seconds, so that after a crash (or `kill -9`) the next start can offer every unsaved change
//! back. One file per page, written atomically, removed when the page is saved or discarded.
//!
//! Entries keep the text the buffer was loaded from as well, so a buffer whose file changed
//! on disk meanwhile is merged rather than restored over the newer file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::document::{content_hash, write_atomic, DocumentError};

/// One journaled buffer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JournalEntry {
    /// The page, relative to the content folder.
    pub path: String,
    /// The text the buffer was loaded from (the merge base).
    pub base: String,
    /// The unsaved buffer.
    pub buffer: String,
    /// When it was journaled, seconds since the epoch.
    pub saved_at: i64,
}

/// Why the journal could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// A file or folder of the journal.
    #[error(transparent)]
    Io(#[from] DocumentError),
    /// An entry file is not a journal entry (a partial write cannot happen: writes are
    /// atomic; this is someone else's file or a different app version's).
    #[error("{path}: not a recovery journal entry: {message}")]
    Corrupt {
        /// The entry file.
        path: PathBuf,
        /// What the JSON parser said (with line and column).
        message: String,
    },
}

/// The journal of one site, in `<data dir>/recovery/<site hash>/`.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    /// The journal for the site at `site_root`, kept under `data_dir` (created on first write).
    pub fn new(data_dir: &Path, site_root: &Path) -> Journal {
        let site_key = content_hash(site_root.to_string_lossy().as_bytes());
        Journal {
            dir: data_dir.join("recovery").join(&site_key[..16]),
        }
    }

    /// The folder holding the entries.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_file(&self, rel: &str) -> PathBuf {
        // Hashed names: a page path never becomes a path in the data dir.
        self.dir
            .join(format!("{}.json", &content_hash(rel.as_bytes())[..24]))
    }

    /// Journals `buffer` for the page at `rel`, loaded from `base`; replaces any earlier entry.
    pub fn write(&self, rel: &str, base: &str, buffer: &str) -> Result<(), JournalError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| DocumentError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let entry = JournalEntry {
            path: rel.to_string(),
            base: base.to_string(),
            buffer: buffer.to_string(),
            saved_at: crate::site::dates::now_seconds(),
        };
        let json = serde_json::to_vec(&entry).map_err(|e| JournalError::Corrupt {
            path: self.entry_file(rel),
            message: e.to_string(),
        })?;
        write_atomic(&self.entry_file(rel), &json)?;
        Ok(())
    }

    /// Every journaled buffer, by path; entries that cannot be read are reported as errors
    /// beside the good ones.
    pub fn entries(&self) -> (Vec<JournalEntry>, Vec<JournalError>) {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        let Ok(read_dir) = std::fs::read_dir(&self.dir) else {
            return (entries, errors);
        };
        for file in read_dir.filter_map(Result::ok).map(|e| e.path()) {
            if file.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let parsed = crate::document::read_text(&file)
                .map_err(JournalError::from)
                .and_then(|text| {
                    serde_json::from_str::<JournalEntry>(&text).map_err(|e| JournalError::Corrupt {
                        path: file.clone(),
                        message: format!("line {} column {}: {e}", e.line(), e.column()),
                    })
                });
            match parsed {
                Ok(entry) => entries.push(entry),
                Err(e) => errors.push(e),
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        (entries, errors)
    }

    /// The entry of one page, if journaled.
    pub fn entry(&self, rel: &str) -> Option<JournalEntry> {
        let text = crate::document::read_text(&self.entry_file(rel)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Forgets the entry of one page (saved, or the writer discarded it).
    pub fn discard(&self, rel: &str) -> Result<(), JournalError> {
        let file = self.entry_file(rel);
        match std::fs::remove_file(&file) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(DocumentError::Io { path: file, source }.into()),
        }
    }
}
