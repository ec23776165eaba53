//! Checks over one page or the whole site, and their fixes, applied by the lossless editor so
//! only the lines a fix is about change.

use super::{OpenedDocument, Workspace};
use crate::check::{Diagnostic, SiteCheck};
use crate::document::DocumentError;
use crate::error::Error;
use crate::line_diff::{line_changes, LineChange};
use serde::{Deserialize, Serialize};

/// Which findings of a page a fix request means: those with one of `codes` (every finding
/// that has a fix when empty) and, when `line` is given, only those at that line (and column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FixSelection {
    /// Rule codes (`retired-topic`); empty means every rule.
    pub codes: Vec<String>,
    /// Only the finding at this 1-based line.
    pub line: Option<usize>,
    /// With `line`: only the finding at this 1-based column.
    pub column: Option<usize>,
}

impl FixSelection {
    fn selects(&self, finding: &Diagnostic) -> bool {
        finding.fix.is_some()
            && (self.codes.is_empty() || self.codes.iter().any(|c| c == finding.code))
            && self.line.is_none_or(|line| line == finding.line)
            && self.column.is_none_or(|column| column == finding.column)
    }
}

/// What a fix would do to a page, shown before the writer confirms it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FixPreview {
    /// What each chosen fix does, in the order of the findings.
    pub descriptions: Vec<String>,
    /// Exactly the lines the fixes change (empty when nothing is left to fix).
    pub changes: Vec<LineChange>,
    /// The page's text with the fixes applied.
    pub fixed: String,
}

impl Workspace {
    /// Checks a page's current text (the editor's buffer) against the site.
    pub fn check_document(&self, rel: &str, source: &str) -> Vec<Diagnostic> {
        crate::check::check_page(&self.site, rel, source)
    }

    /// The findings of the pages at `rels` (content-relative) as they are on disk.
    pub fn check_files(&self, rels: &[String]) -> Vec<Diagnostic> {
        rels.iter()
            .flat_map(|rel| crate::check::check_file(&self.site, rel))
            .collect()
    }

    /// The findings of every page of the site as it is on disk. The first call checks every
    /// page (about a second on the 4,000-page corpus); later calls check again only the pages
    /// changed since — saved, fixed, created or edited outside (as the watcher reports) — and
    /// the pages whose refs lead to them, and keep the other pages' findings.
    pub fn check_site(&mut self) -> SiteCheck {
        self.findings.refresh(&self.site)
    }

    /// What applying the fixes `selection` picks from the findings of `source` (the page at
    /// `rel`, the editor's buffer or the file as loaded) would change.
    pub fn fix_preview(
        &self,
        rel: &str,
        source: &str,
        selection: &FixSelection,
    ) -> Result<FixPreview, Error> {
        let chosen: Vec<Diagnostic> = self
            .check_document(rel, source)
            .into_iter()
            .filter(|d| selection.selects(d))
            .collect();
        let fixed = crate::check::apply_fixes(source, &chosen)
            .map_err(|e| Error::front_matter(self.site.content_root().join(rel), e))?;
        let descriptions = chosen
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| f.description.clone()))
            .collect();
        Ok(FixPreview {
            descriptions,
            changes: line_changes(source, &fixed),
            fixed,
        })
    }

    /// Applies the fixes `selection` picks to the page at `rel` and saves it like
    /// [`Workspace::save_document`] does. `source` must be the file as loaded (its hash is
    /// `disk_hash`): a fix never saves unsaved edits along with it. Returns the saved page.
    pub fn apply_fix(
        &mut self,
        rel: &str,
        source: &str,
        disk_hash: &str,
        selection: &FixSelection,
    ) -> Result<OpenedDocument, Error> {
        let path = self.content_path(rel)?;
        // A buffer with unsaved edits is not what is on disk: saving its fix would save them too.
        if crate::document::content_hash(source.as_bytes()) != disk_hash {
            return Err(DocumentError::ChangedOnDisk { path }.into());
        }
        let preview = self.fix_preview(rel, source, selection)?;
        if preview.changes.is_empty() {
            return self.open_document(rel);
        }
        self.write_checked(rel, &preview.fixed, disk_hash)
    }
}
