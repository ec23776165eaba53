//! Site checks: findings with stable codes, positions and, where one is safe, a fix.
//!
//! Findings are not errors: a check never fails, it reports. Each rule lives in its own
//! function below and names its code; fixes are front-matter edits (applied by the lossless
//! editor, so they change only their own lines) or body text replacements.
//!
//! How bad a finding is comes from one table ([`severity`]), by its effect on the published
//! site; a CI compares findings with a [`baseline`] by stable ids and reads them as SARIF
//! ([`sarif`]).

mod accessibility;
pub mod baseline;
mod html_scan;
mod links;
mod rules;
pub mod sarif;
pub mod severity;
mod site_findings;

use serde::Serialize;

use crate::front_matter::FieldEdit;
use crate::site::Site;

pub use accessibility::{heading_outline, OutlineHeading};
pub use rules::canonical_term;
pub use site_findings::{
    CheckedPages, FoldedCount, PendingCheck, SiteCheck, SiteCheckSummary, SiteFindings,
    UnpublishedPage,
};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Severity {
    /// Breaks the build or the page.
    Error,
    /// Harms readers or the site's taxonomy.
    Warning,
    /// Worth a look.
    Info,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// A replacement of a byte range of the page source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TextEdit {
    /// Start byte offset in the whole source.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// A safe, automatic correction of a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fix {
    /// What the fix does, for the button's tooltip and `fix --dry-run`.
    pub description: String,
    /// Front-matter edits.
    pub field_edits: Vec<FieldEdit>,
    /// Body edits (byte ranges of the whole source, non-overlapping).
    pub text_edits: Vec<TextEdit>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Diagnostic {
    /// Stable rule code, e.g. `retired-topic`.
    pub code: &'static str,
    /// How bad.
    pub severity: Severity,
    /// The page, relative to the content folder.
    pub path: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
    /// The front-matter key the finding is about, so the UI can focus its field.
    pub field: Option<String>,
    /// A safe fix, when there is one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding at `line`:`column` of the page `path`, with no field and no fix yet.
    pub(crate) fn new(
        code: &'static str,
        severity: Severity,
        path: &str,
        (line, column): (usize, usize),
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            path: path.to_string(),
            line,
            column,
            message,
            field: None,
            fix: None,
        }
    }
}

/// Checks one page's source (the editor's buffer or the file on disk).
pub fn check_page(site: &Site, rel: &str, source: &str) -> Vec<Diagnostic> {
    let mut found = rules::check_source(site, rel, source);
    found
        .iter_mut()
        .for_each(|d| severity::grade(&site.config, d));
    found.sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
    found
}

/// Checks every page of the site, reading each from disk.
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    // Pages are checked independently, so they are split over the cores; the findings keep
    // the index's page order.
    crate::parallel::map_in_order(&site.index.pages, |page| check_file(site, &page.path))
        .into_iter()
        .flatten()
        .collect()
}

/// Checks the page at `rel` (relative to the content folder), reading it from disk; a page
/// that cannot be read (not UTF-8, binary, gone) is one `unreadable` error, not a failure.
pub fn check_file(site: &Site, rel: &str) -> Vec<Diagnostic> {
    let read = crate::confine::confine(&site.content_root(), rel)
        .map_err(|e| (e.to_string(), (1, 1)))
        .and_then(|path| {
            crate::document::read_text(&path).map_err(|e| {
                // Not UTF-8: the finding points at the first bad byte.
                let at = match &e {
                    crate::document::DocumentError::NotUtf8 { line, column, .. } => {
                        (*line, *column)
                    }
                    _ => (1, 1),
                };
                (e.to_string(), at)
            })
        });
    match read {
        Ok(source) => check_page(site, rel, &source),
        // `unreadable` is an error in the severity table too.
        Err((message, position)) => vec![Diagnostic::new(
            "unreadable",
            Severity::Error,
            rel,
            position,
            message,
        )],
    }
}

/// Applies the fixes of `diagnostics` (those that have one) to `source`.
pub fn apply_fixes(
    source: &str,
    diagnostics: &[Diagnostic],
) -> Result<String, crate::front_matter::FrontMatterError> {
    let mut text_edits: Vec<&TextEdit> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| &f.text_edits)
        .collect();
    // Back to front, so earlier offsets stay valid; overlapping edits after the first are skipped.
    text_edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out = source.to_string();
    let mut limit = usize::MAX;
    for edit in text_edits {
        if edit.end <= limit && out.is_char_boundary(edit.start) && out.is_char_boundary(edit.end) {
            out.replace_range(edit.start..edit.end, &edit.replacement);
            limit = edit.start;
        }
    }
    let field_edits: Vec<FieldEdit> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.field_edits.iter().cloned())
        .collect();
    crate::front_matter::apply_edits(&out, &merge_field_edits(field_edits))
}

/// Several fixes may set the same key (two retired topics in one list): the last one, computed
/// from the whole list, already contains the others' changes, so keep one edit per key.
fn merge_field_edits(edits: Vec<FieldEdit>) -> Vec<FieldEdit> {
    let mut out: Vec<FieldEdit> = Vec::new();
    for edit in edits {
        let key = match &edit {
            FieldEdit::Set { key, .. } | FieldEdit::Unset { key } => key.clone(),
            FieldEdit::Rename { from, .. } => from.clone(),
        };
        out.retain(|e| !matches!(e, FieldEdit::Set { key: k, .. } | FieldEdit::Unset { key: k } if *k == key));
        out.push(edit);
    }
    out
}
