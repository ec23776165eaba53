//! Checks over one page or the whole site, and their fixes, applied by the lossless editor so
//! only the lines a fix is about change: one finding at a time, or every finding of a rule at
//! once ("Fix all", shown as one combined diff first, each file behind the disk-hash guard).
//! Also the pages changed since a Git ref (and the pages whose refs lead to them), and the
//! stable ids a baseline keeps.

use std::collections::BTreeSet;

use super::{OpenedDocument, Workspace};
use crate::check::baseline::BaselineEntry;
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

/// What fixing every finding of some rules would change, file by file, shown before writing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BulkFixPreview {
    /// The rules fixed.
    pub codes: Vec<String>,
    /// Each file that would change, sorted by path.
    pub files: Vec<BulkFixFile>,
}

/// One file of a [`BulkFixPreview`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BulkFixFile {
    /// The page, content-relative.
    pub path: String,
    /// The hash of the file the preview was made from: applying refuses if it changed since.
    pub disk_hash: String,
    /// What each fix does.
    pub descriptions: Vec<String>,
    /// Exactly the lines that change.
    pub changes: Vec<LineChange>,
}

/// A file of a reviewed bulk fix to apply: its path and the hash it was previewed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewedFile {
    /// The page, content-relative.
    pub path: String,
    /// The file's hash when previewed.
    pub disk_hash: String,
}

/// What a bulk fix did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BulkFixOutcome {
    /// The pages saved, content-relative.
    pub fixed: Vec<String>,
    /// The commit made of them, when one was asked for.
    pub commit: Option<String>,
}

/// The findings of the pages changed since a Git ref and of the pages whose refs lead to them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangedCheck {
    /// The ref compared with.
    pub since: String,
    /// The pages changed since (committed, staged, unstaged or new), content-relative.
    pub changed: Vec<String>,
    /// The pages checked: the changed ones that still exist and their referrers, sorted.
    pub checked: Vec<String>,
    /// Their findings, folded as the site's are.
    pub check: SiteCheck,
}

impl Workspace {
    /// Checks a page's current text (the editor's buffer) against the site.
    pub fn check_document(&self, rel: &str, source: &str) -> Vec<Diagnostic> {
        self.snapshot().check_document(rel, source)
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
    /// the pages whose refs lead to them, and keep the other pages' findings. (The app runs the
    /// same check without holding the workspace: [`Workspace::start_site_check`].)
    pub fn check_site(&mut self) -> SiteCheck {
        loop {
            let job = self.start_site_check();
            if let Some(check) = self.finish_site_check(job.run(&|_, _| {})) {
                return check;
            }
        }
    }

    /// The last site-wide check's findings on the pages Hugo leaves out: the folded group a
    /// [`crate::check::SiteCheckSummary`] only counts, listed when the writer opens it.
    pub fn unpublished_findings(&self) -> Vec<Diagnostic> {
        self.findings.unpublished(&self.site)
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

    /// The findings of the pages at `rels`, as they are on disk, folded like the site's
    /// (those of pages Hugo leaves out apart).
    pub fn check_pages(&self, rels: &[String]) -> SiteCheck {
        SiteCheck::fold(&self.site, self.check_files(rels), false, rels.to_vec())
    }

    /// The pages (content-relative, sorted) changed since `rev` — committed since the branch
    /// left it, staged, unstaged or new — and the pages whose refs lead to them (or led: for
    /// a page removed or renamed away, the pages with a ref to its name that no longer
    /// resolves), which are all the pages whose findings those changes can have changed.
    /// Returns the changed pages and the pages to check.
    pub fn pages_changed_since(&self, rev: &str) -> Result<(Vec<String>, Vec<String>), Error> {
        let changed: Vec<String> = self
            .repo()?
            .changed_since(rev)?
            .iter()
            .filter_map(|path| self.content_rel_path(path))
            .filter(|rel| crate::site::is_content_file(std::path::Path::new(rel)))
            .collect();
        let index = &self.site.index;
        let mut checked: BTreeSet<String> = BTreeSet::new();
        let mut missing: Vec<&str> = Vec::new();
        for rel in &changed {
            if index.page(rel).is_some() {
                checked.insert(rel.clone());
                checked.extend(index.referrers(rel));
            } else {
                missing.push(rel);
            }
        }
        if !missing.is_empty() {
            checked.extend(self.referrers_of_missing(&missing));
        }
        Ok((changed, checked.into_iter().collect()))
    }

    /// Pages with a ref that no longer resolves and names one of the `missing` pages' file
    /// (its name without extension, or its folder for a bundle's `index.md`).
    fn referrers_of_missing(&self, missing: &[&str]) -> Vec<String> {
        let stem = |path: &str| -> String {
            let path = path
                .split('#')
                .next()
                .unwrap_or_default()
                .trim_end_matches('/');
            let path = path
                .strip_suffix("/index.md")
                .or_else(|| path.strip_suffix("/_index.md"))
                .unwrap_or(path);
            let name = path.rsplit('/').next().unwrap_or(path);
            name.rsplit_once('.')
                .map_or(name, |(n, _)| n)
                .to_lowercase()
        };
        let names: BTreeSet<String> = missing.iter().copied().map(stem).collect();
        self.site
            .index
            .pages
            .iter()
            .filter(|page| {
                page.refs.iter().any(|r| {
                    names.contains(&stem(&r.target))
                        && matches!(
                            self.site.index.resolve_ref(
                                &page.path,
                                &r.target,
                                r.lang.as_deref(),
                                true
                            ),
                            crate::site::RefResolution::NotFound { .. }
                        )
                })
            })
            .map(|page| page.path.clone())
            .collect()
    }

    /// Checks only the pages changed since `rev` and the pages whose refs lead to them.
    pub fn check_changed_since(&self, rev: &str) -> Result<ChangedCheck, Error> {
        let (changed, checked) = self.pages_changed_since(rev)?;
        Ok(ChangedCheck {
            since: rev.to_string(),
            changed,
            check: self.check_pages(&checked),
            checked,
        })
    }

    /// [`Workspace::check_changed_since`] the repository's main branch (`main`, else `master`).
    pub fn check_changed_since_main(&self) -> Result<ChangedCheck, Error> {
        let main = self.repo()?.main_branch()?;
        self.check_changed_since(&main)
    }

    /// The stable ids of `findings` for a baseline (see [`crate::check::baseline`]), reading
    /// the lines they point at from the pages on disk.
    pub fn baseline_entries(&self, findings: &[Diagnostic]) -> Vec<BaselineEntry> {
        let mut cache: Option<(String, Vec<String>)> = None;
        crate::check::baseline::entries(findings, |page, line| {
            if cache.as_ref().is_none_or(|(p, _)| p != page) {
                let lines = self
                    .content_path(page)
                    .ok()
                    .and_then(|path| crate::document::read_text(&path).ok())
                    .map(|text| text.lines().map(str::to_string).collect())
                    .unwrap_or_default();
                cache = Some((page.to_string(), lines));
            }
            cache
                .as_ref()
                .and_then(|(_, lines)| lines.get(line.checked_sub(1)?).cloned())
        })
    }

    /// What fixing every finding of the rules `codes` on the published pages (and on the
    /// pages Hugo leaves out too, with `include_unpublished`) would change, file by file.
    pub fn fix_all_preview(
        &mut self,
        codes: &[String],
        include_unpublished: bool,
    ) -> Result<BulkFixPreview, Error> {
        let check = self.check_site();
        let selection = FixSelection {
            codes: codes.to_vec(),
            ..FixSelection::default()
        };
        let mut pages: Vec<String> = check
            .findings
            .iter()
            .chain(check.unpublished.iter().filter(|_| include_unpublished))
            .filter(|d| selection.selects(d))
            .map(|d| d.path.clone())
            .collect();
        pages.sort();
        pages.dedup();
        let mut files = Vec::new();
        for rel in pages {
            let doc = self.open_document(&rel)?;
            // Bytes that are not text are never rewritten by a fix.
            if doc.encoding_problem.is_some() {
                continue;
            }
            let preview = self.fix_preview(&rel, &doc.source, &selection)?;
            if preview.changes.is_empty() {
                continue;
            }
            files.push(BulkFixFile {
                path: rel,
                disk_hash: doc.disk_hash,
                descriptions: preview.descriptions,
                changes: preview.changes,
            });
        }
        Ok(BulkFixPreview {
            codes: codes.to_vec(),
            files,
        })
    }

    /// Applies the fixes of the rules `codes` to the reviewed `files`, each through the same
    /// editor and disk-hash guard as [`Workspace::apply_fix`]. Every file is checked first: if
    /// any changed on disk since its preview, nothing is written. With `commit_message`, the
    /// fixed files are committed together.
    pub fn apply_fix_all(
        &mut self,
        files: &[ReviewedFile],
        codes: &[String],
        commit_message: Option<&str>,
    ) -> Result<BulkFixOutcome, Error> {
        let selection = FixSelection {
            codes: codes.to_vec(),
            ..FixSelection::default()
        };
        let mut loaded = Vec::with_capacity(files.len());
        for file in files {
            let doc = self.open_document(&file.path)?;
            if doc.disk_hash != file.disk_hash {
                return Err(DocumentError::ChangedOnDisk {
                    path: self.content_path(&file.path)?,
                }
                .into());
            }
            loaded.push(doc);
        }
        let mut fixed = Vec::new();
        for doc in loaded {
            let saved = self.apply_fix(&doc.path, &doc.source, &doc.disk_hash, &selection)?;
            if saved.disk_hash != doc.disk_hash {
                fixed.push(doc.path);
            }
        }
        let commit = match commit_message {
            Some(message) if !fixed.is_empty() => {
                let paths = fixed
                    .iter()
                    .map(|rel| self.repo_path(rel))
                    .collect::<Result<Vec<_>, _>>()?;
                Some(self.commit(message, &paths)?)
            }
            _ => None,
        };
        Ok(BulkFixOutcome { fixed, commit })
    }
}
