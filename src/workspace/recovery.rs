//! Crash recovery and outside edits to an open page: journaled buffers and what restoring
//! them would do to the file as it is now.

use std::path::Path;

use super::Workspace;
use crate::document::DocumentError;
use crate::error::Error;
use crate::journal::{Journal, JournalEntry};
use crate::merge::{reconcile, OutsideChange};
use serde::Serialize;

/// A buffer the journal kept from an earlier run, and how it relates to the file now.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecoveredBuffer {
    /// The journal entry: page, base text, unsaved buffer, when.
    pub entry: JournalEntry,
    /// What restoring it means given the file on disk now: `unchanged` (the file is still
    /// the base, or already holds the buffer), `merged`, `conflicts`, `deletedWhileDirty`…
    pub change: OutsideChange,
}

impl Workspace {
    /// What an open document becomes after its file changed or vanished on disk: `base` is the
    /// text it was loaded from, `buffer` the editor's text. Clean buffers reload, edits that
    /// do not overlap merge (front matter by field, body by hunk), clashes come back for the
    /// writer, and a deleted file keeps a dirty buffer.
    pub fn reconcile_document(
        &self,
        rel: &str,
        base: &str,
        buffer: &str,
    ) -> Result<OutsideChange, Error> {
        let path = self.content_path(rel)?;
        let disk = match crate::document::read_text(&path) {
            Ok(text) => Some(text),
            Err(DocumentError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                None
            }
            Err(e) => return Err(e.into()),
        };
        Ok(reconcile(base, buffer, disk.as_deref()))
    }

    /// Turns on crash recovery: unsaved buffers are journaled under `data_dir` (the app's data
    /// folder), never inside the site.
    pub fn enable_recovery(&mut self, data_dir: &Path) {
        self.journal = Some(Journal::new(data_dir, &self.site.root));
    }

    /// Journals an unsaved buffer (call every few seconds while a page is dirty); saving the
    /// page removes the entry. Does nothing until [`Workspace::enable_recovery`].
    pub fn journal_buffer(&self, rel: &str, base: &str, buffer: &str) -> Result<(), Error> {
        self.content_path(rel)?;
        if let Some(journal) = &self.journal {
            journal.write(rel, base, buffer)?;
        }
        Ok(())
    }

    /// The buffers an earlier run left unsaved (after a crash), each with what restoring it
    /// would do to the file as it is now.
    pub fn recoverable_buffers(&self) -> Result<Vec<RecoveredBuffer>, Error> {
        let Some(journal) = &self.journal else {
            return Ok(Vec::new());
        };
        let (entries, errors) = journal.entries();
        if let Some(error) = errors.into_iter().next() {
            return Err(error.into());
        }
        entries
            .into_iter()
            .map(|entry| {
                let change = self.reconcile_document(&entry.path, &entry.base, &entry.buffer)?;
                Ok(RecoveredBuffer { entry, change })
            })
            .collect()
    }

    /// The journaled buffer of one page, to put back in its editor (it stays journaled until
    /// saved or discarded).
    pub fn restore_buffer(&self, rel: &str) -> Result<Option<RecoveredBuffer>, Error> {
        let Some(entry) = self.journal.as_ref().and_then(|j| j.entry(rel)) else {
            return Ok(None);
        };
        let change = self.reconcile_document(rel, &entry.base, &entry.buffer)?;
        Ok(Some(RecoveredBuffer { entry, change }))
    }

    /// Drops the journaled buffer of one page.
    pub fn discard_buffer(&self, rel: &str) -> Result<(), Error> {
        if let Some(journal) = &self.journal {
            journal.discard(rel)?;
        }
        Ok(())
    }
}
