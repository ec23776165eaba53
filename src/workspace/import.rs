//! Importing old posts: the pages an imported file becomes, checked against the site before
//! anything is written ([`crate::import`] maps them), then written atomically, confined to the
//! content folder, never over an existing file.

use serde::{Deserialize, Serialize};

use super::Workspace;
use crate::document::DocumentError;
use crate::error::Error;
use crate::front_matter::FrontMatter;
use crate::import::{ImportOptions, ImportProblem, ImportedPage, NewAuthor};

/// A page to write, as the writer saw (and maybe edited) it in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportWrite {
    /// Where it goes, relative to the content folder.
    pub path: String,
    /// The page's text.
    pub source: String,
    /// Author pages to create with it.
    pub new_authors: Vec<NewAuthor>,
}

impl Workspace {
    /// The pages the file `name` (its `text`) becomes, each with what remains to settle: what
    /// the import could not map and the findings the site's checks still report for it.
    /// Nothing is written.
    pub fn import_preview(
        &self,
        name: &str,
        text: &str,
        options: &ImportOptions,
    ) -> Result<Vec<ImportedPage>, Error> {
        let now = chrono::Local::now().fixed_offset();
        let mut pages = crate::import::import(&self.site, name, text, options, now)?;
        for page in &mut pages {
            // The author pages it creates are not there yet: their findings are the import's.
            let new_authors: Vec<&str> = page.new_authors.iter().map(|a| a.slug.as_str()).collect();
            for finding in self.check_document(&page.path, &page.source) {
                if finding.code == "unknown-author"
                    && new_authors
                        .iter()
                        .any(|a| finding.message.contains(&format!("`{a}`")))
                {
                    continue;
                }
                page.problems.push(ImportProblem {
                    code: finding.code.to_string(),
                    message: finding.message.clone(),
                    line: Some(finding.line),
                    column: Some(finding.column),
                });
            }
        }
        Ok(pages)
    }

    /// Writes imported pages (and the author pages they need, unless one exists), atomically,
    /// inside the content folder, refusing to overwrite any file and any page whose front
    /// matter cannot be read. Returns the content-relative paths written, in order.
    pub fn import_write(&mut self, pages: &[ImportWrite]) -> Result<Vec<String>, Error> {
        let mut files: Vec<(String, String)> = Vec::new();
        for page in pages {
            FrontMatter::parse(&page.source).map_err(|e| {
                Error::front_matter(
                    self.content_path(&page.path)
                        .unwrap_or_else(|_| page.path.clone().into()),
                    e,
                )
            })?;
            files.push((page.path.clone(), page.source.clone()));
            for author in &page.new_authors {
                if files.iter().any(|(p, _)| *p == author.path)
                    || self.content_path(&author.path)?.exists()
                {
                    continue;
                }
                let source = crate::import::author_page_source(&self.site, author)?;
                files.push((author.path.clone(), source));
            }
        }
        // Every path is checked before the first write: all or nothing for what can be known.
        for (rel, _) in &files {
            let path = self.content_path(rel)?;
            if !crate::site::is_content_file(&path) {
                return Err(Error::Document(DocumentError::OutsideSite {
                    path: rel.into(),
                    reason: "an imported page is a .md, .markdown or .html file".into(),
                }));
            }
            if path.exists() {
                return Err(Error::io(
                    &path,
                    std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "a page already exists here; import refuses to overwrite it",
                    ),
                ));
            }
        }
        let mut written = Vec::new();
        for (rel, source) in files {
            let path = self.content_path(&rel)?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            // Created folders could have been swapped for a symlink: confine again.
            let path = self.content_path(&rel)?;
            if let Some(watcher) = &self.watcher {
                watcher.expect_own_write(&path, source.as_bytes());
            }
            crate::document::write_atomic(&path, source.as_bytes())?;
            self.reindex_file(&path);
            written.push(rel);
        }
        // New author pages are terms: term lists change.
        let site = std::sync::Arc::make_mut(&mut self.site);
        site.index.refresh_terms(&site.config);
        Ok(written)
    }
}
