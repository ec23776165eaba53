//! Pages opened, edited and saved: the lossless editor behind the form and the body, the disk-hash
//! guard on every write and merges with what changed on disk (new pages: [`super::new_pages`]).

use std::path::Path;

use super::Workspace;
use crate::document::{Document, DocumentError};
use crate::error::Error;
use crate::front_matter::{self, FieldEdit, FrontMatter};
use crate::line_diff::{line_changes, LineChange};
use crate::merge::{merge_document, Choice, DocumentMerge};
use serde::Serialize;

/// A page opened in the editor: what the form, the body editor and the save need.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpenedDocument {
    /// Path relative to the content folder.
    pub path: String,
    /// The whole file as loaded.
    pub source: String,
    /// Hash of the file on disk when loaded; saving checks it.
    pub disk_hash: String,
    /// Top-level front-matter keys and values, in file order (empty on error).
    pub front_matter: serde_json::Map<String, serde_json::Value>,
    /// Why the front matter could not be read, with line and column.
    pub front_matter_error: Option<FrontMatterProblem>,
    /// The front-matter block as written (delimiters included), for the raw editor shown
    /// when it cannot be read; the body follows it.
    pub front_matter_text: String,
    /// The Markdown body.
    pub body: String,
    /// Where the file stops being UTF-8 text, when it does: the page is then shown decoded with
    /// replacement characters, read-only (saving is refused so no byte is lost) until it is
    /// converted with [`Workspace::convert_to_utf8`].
    pub encoding_problem: Option<FrontMatterProblem>,
}

/// Why a page's front matter cannot be read, at a 1-based line and column of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FrontMatterProblem {
    /// 1-based line in the whole file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The file on disk merged with the editor's unsaved text, after an outside change.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiskMerge {
    /// The page as it is on disk now ("theirs"); saving the merge is checked against its hash.
    pub theirs: OpenedDocument,
    /// base = what the editor loaded, ours = what it would save, theirs = the disk: front
    /// matter field by field, the body hunk by hunk.
    pub merge: DocumentMerge,
    /// The merged page as the editor shows it, when nothing conflicted.
    pub merged: Option<OpenedDocument>,
}

impl Workspace {
    /// Loads a page for editing. A page whose front matter cannot be parsed still opens, with
    /// the error, so its body stays editable.
    pub fn open_document(&self, rel: &str) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        match Document::open(&path) {
            Ok(doc) => Ok(Self::document_from_text(rel, doc.source, doc.disk_hash)),
            // Shown, not edited: the bytes that are not text stay on disk untouched.
            Err(DocumentError::NotUtf8 {
                line,
                column,
                message,
                ..
            }) => {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let shown = String::from_utf8_lossy(&bytes).into_owned();
                let mut doc =
                    Self::document_from_text(rel, shown, crate::document::content_hash(&bytes));
                doc.encoding_problem = Some(FrontMatterProblem {
                    line,
                    column,
                    message: format!(
                        "not UTF-8 text ({message}); shown read-only so no byte is lost"
                    ),
                });
                Ok(doc)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Rewrites the page at `rel` as UTF-8, reading every byte that is not UTF-8 as
    /// Windows-1252 (where stray bytes in old posts come from), unless the file changed since
    /// `disk_hash`. Returns the page as it now opens, editable.
    pub fn convert_to_utf8(&mut self, rel: &str, disk_hash: &str) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if crate::document::content_hash(&bytes) != disk_hash {
            return Err(DocumentError::ChangedOnDisk { path }.into());
        }
        let text = crate::document::repair_windows_1252(&bytes);
        if let Some(watcher) = &self.watcher {
            watcher.expect_own_write(&path, text.as_bytes());
        }
        crate::document::write_atomic(&path, text.as_bytes())?;
        self.reindex_file(&path);
        self.open_document(rel)
    }

    /// Merges the editor's unsaved text (`ours`, what saving would write; `base`, the text it
    /// loaded) with the page as it is on disk now. A clean merge comes back ready to load.
    pub fn merge_with_disk(&self, rel: &str, base: &str, ours: &str) -> Result<DiskMerge, Error> {
        let theirs = self.open_document(rel)?;
        let merge = merge_document(base, ours, &theirs.source);
        let merged = merge
            .merged
            .clone()
            .map(|text| Self::document_from_text(rel, text, theirs.disk_hash.clone()));
        Ok(DiskMerge {
            theirs,
            merge,
            merged,
        })
    }

    /// The page the writer's choices make of a [`Workspace::merge_with_disk`] that clashed:
    /// `fields` per conflicting key, `hunks` per body conflict in order (missing ones keep
    /// ours). `theirs` is the disk's text the merge was made with; the result is to be saved
    /// over the file whose hash is `disk_hash`.
    pub fn resolve_disk_merge(
        rel: &str,
        base: &str,
        ours: &str,
        theirs: &str,
        disk_hash: String,
        fields: &[(String, Choice)],
        hunks: &[Choice],
    ) -> Result<OpenedDocument, Error> {
        let text = merge_document(base, ours, theirs)
            .resolve(fields, hunks)
            .map_err(|e| Error::front_matter(rel, e))?;
        Ok(Self::document_from_text(rel, text, disk_hash))
    }

    /// A page's text as the editor shows it (fields, body), to be saved over the file whose
    /// hash is `disk_hash`: a file just read, or a merge the writer resolved.
    pub fn document_from_text(rel: &str, source: String, disk_hash: String) -> OpenedDocument {
        let (front_matter, front_matter_error, body_start) = match FrontMatter::parse(&source) {
            Ok(fm) => {
                let map = fm
                    .fields()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect();
                (map, None, fm.body_start())
            }
            // The body stays editable when the block's delimiters are found.
            Err(e) => (
                Default::default(),
                Some(FrontMatterProblem {
                    line: e.line,
                    column: e.column,
                    message: e.message,
                }),
                front_matter::body_start(&source),
            ),
        };
        OpenedDocument {
            path: rel.to_string(),
            body: source[body_start..].to_string(),
            front_matter_text: source[..body_start].to_string(),
            source,
            disk_hash,
            front_matter,
            front_matter_error,
            encoding_problem: None,
        }
    }

    /// The front-matter keys of the page at `rel` in its content type's form order: where a
    /// key the file lacks is added (after the nearest key before it that the file has).
    pub fn key_order(&self, rel: &str) -> Vec<String> {
        self.site
            .schema
            .for_page(rel)
            .map(|t| t.fields.iter().map(|f| f.name.clone()).collect())
            .unwrap_or_default()
    }

    /// The source that saving `edits` and `body` over `source`, the page at `rel`, would write;
    /// keys it adds go where the page's content type orders them.
    pub fn edited_source(
        &self,
        rel: &str,
        source: &str,
        edits: &[FieldEdit],
        body: Option<&str>,
    ) -> Result<String, Error> {
        let order = self.key_order(rel);
        let order: Vec<&str> = order.iter().map(String::as_str).collect();
        let error = |e| Error::front_matter(self.site.content_root().join(rel), e);
        let edited = front_matter::apply_edits_with_order(source, edits, &order).map_err(error)?;
        Ok(match body {
            Some(body) => front_matter::replace_body(&edited, body).map_err(error)?,
            None => edited,
        })
    }

    /// The lines saving `edits` and `body` over `source` would change, for the form's live diff
    /// (with the redirect a moved published page keeps: [`Workspace::with_redirects`]).
    pub fn save_preview(
        &self,
        rel: &str,
        source: &str,
        edits: &[FieldEdit],
        body: Option<&str>,
    ) -> Result<Vec<LineChange>, Error> {
        let edits = self.with_redirects(rel, source, edits)?;
        Ok(line_changes(
            source,
            &self.edited_source(rel, source, &edits, body)?,
        ))
    }

    /// Saves `text` as the whole file, atomically, unless the file changed on disk since
    /// `disk_hash`: the raw editor's save for a page whose front matter cannot be read (it is
    /// written as the writer typed it, never re-serialized).
    pub fn save_source(
        &mut self,
        rel: &str,
        text: &str,
        disk_hash: &str,
    ) -> Result<OpenedDocument, Error> {
        self.write_checked(rel, text, disk_hash)
    }

    /// Applies `edits` to the front matter of the page at `rel` as it is on disk and saves it
    /// (keys it adds go where the content type orders them; a moved published page keeps a
    /// redirect), unless nothing changes; guarded like every save. The CLI's `fm set`/`fm unset`.
    pub fn edit_front_matter(&mut self, rel: &str, edits: &[FieldEdit]) -> Result<(), Error> {
        let doc = self.open_document(rel)?;
        // A file that is not UTF-8 is refused by the guard: its bytes were never shown.
        let edits = self.with_redirects(rel, &doc.source, edits)?;
        let edited = self.edited_source(rel, &doc.source, &edits, None)?;
        if edited != doc.source {
            self.write_checked(rel, &edited, &doc.disk_hash)?;
        }
        Ok(())
    }

    /// Applies `edits` (with the redirect a moved published page keeps:
    /// [`Workspace::with_redirects`]) and the new `body` to `source` and saves atomically, unless
    /// the file changed on disk since `disk_hash`. Returns the saved document.
    pub fn save_document(
        &mut self,
        rel: &str,
        source: &str,
        disk_hash: &str,
        edits: &[FieldEdit],
        body: Option<&str>,
    ) -> Result<OpenedDocument, Error> {
        let edits = self.with_redirects(rel, source, edits)?;
        let new_source = self.edited_source(rel, source, &edits, body)?;
        self.write_checked(rel, &new_source, disk_hash)
    }

    /// Writes `text` over the page at `rel` atomically, unless the file changed on disk since
    /// `disk_hash`; the watcher is told it is our own write, and the journaled buffer dropped.
    pub(super) fn write_checked(
        &mut self,
        rel: &str,
        text: &str,
        disk_hash: &str,
    ) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        if let Some(watcher) = &self.watcher {
            watcher.expect_own_write(&path, text.as_bytes());
        }
        Document::save_checked(&path, text, disk_hash)?;
        // Saved: the journaled copy of the buffer is no longer needed.
        if let Some(journal) = &self.journal {
            journal.discard(rel)?;
        }
        self.reindex_file(&path);
        self.open_document(rel)
    }
}

/// Applies `edits` to the front matter of a file in no Hugo site (named on the command line),
/// with the same lossless editor and disk-hash guard as a page of a site.
pub fn edit_loose_file(path: &Path, edits: &[FieldEdit]) -> Result<(), Error> {
    let doc = Document::open(path)?;
    let edited = front_matter::apply_edits_with_order(&doc.source, edits, &[])
        .map_err(|e| Error::front_matter(path, e))?;
    if edited != doc.source {
        Document::save_checked(path, &edited, &doc.disk_hash)?;
    }
    Ok(())
}
