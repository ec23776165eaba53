//! Known findings, kept in a file so that a CI fails only on new ones. A finding's id is made
//! of what survives unrelated edits: its rule, its page and the text of the line it points at
//! (trimmed), plus how many findings with those three came before it in the page — never its
//! line number, which every edit above it changes.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::Diagnostic;

/// The file format's version, written in every baseline.
pub const VERSION: u32 = 1;

/// A baseline file: the ids of the findings known when it was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// The known findings, sorted by page, rule and id (a stable file to review and diff).
    pub findings: Vec<BaselineEntry>,
}

/// One known finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The page, content-relative.
    pub page: String,
    /// The rule code.
    pub rule: String,
    /// The stable id (see the module doc).
    pub id: String,
    /// The trimmed line the finding points at, for people reading the file.
    pub text: String,
}

/// Why a baseline file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Not a baseline this version reads.
    #[error("{path}:{line}:{column}: not a Postwright baseline: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// The ids of `findings`, in their order. `line_of(page, line)` gives the text of a page's
/// 1-based line (the page as checked); a line it cannot give counts as empty.
pub fn entries(
    findings: &[Diagnostic],
    mut line_of: impl FnMut(&str, usize) -> Option<String>,
) -> Vec<BaselineEntry> {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    findings
        .iter()
        .map(|d| {
            let text = line_of(&d.path, d.line)
                .map(|l| l.trim().to_string())
                .unwrap_or_default();
            let key = (d.code.to_string(), d.path.clone(), text.clone());
            let n = seen.entry(key).or_insert(0);
            let id = fingerprint(d.code, &d.path, &text, *n);
            *n += 1;
            BaselineEntry {
                page: d.path.clone(),
                rule: d.code.to_string(),
                id,
                text,
            }
        })
        .collect()
}

fn fingerprint(rule: &str, page: &str, text: &str, occurrence: usize) -> String {
    let key = format!("{rule}\0{page}\0{text}\0{occurrence}");
    let hash = crate::document::content_hash(key.as_bytes());
    hash.get(..16).unwrap_or(&hash).to_string()
}

impl Baseline {
    /// A baseline of `entries`.
    pub fn new(mut entries: Vec<BaselineEntry>) -> Baseline {
        entries.sort();
        entries.dedup();
        Baseline {
            version: VERSION,
            findings: entries,
        }
    }

    /// Reads a baseline file's text (`path` names it in errors).
    pub fn parse(path: &str, text: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| BaselineError::Invalid {
                path: path.to_string(),
                line: e.line().max(1),
                column: e.column().max(1),
                message: e.to_string(),
            })?;
        if baseline.version != VERSION {
            return Err(BaselineError::Invalid {
                path: path.to_string(),
                line: 1,
                column: 1,
                message: format!(
                    "version {} (this Postwright reads version {VERSION})",
                    baseline.version
                ),
            });
        }
        Ok(baseline)
    }

    /// The file's text: pretty JSON, one finding per entry, ending in a newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Which of `entries` (the current findings' ids) the baseline does not know, by index.
    pub fn new_ones(&self, entries: &[BaselineEntry]) -> Vec<usize> {
        let known: BTreeSet<&str> = self.findings.iter().map(|e| e.id.as_str()).collect();
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !known.contains(e.id.as_str()))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;

    fn finding(code: &'static str, line: usize) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, "a.md", (line, 1), String::new())
    }

    #[test]
    fn ids_ignore_line_numbers_and_count_repeats() {
        let lines = ["x", "{{< ref \"gone\" >}}", "  {{< ref \"gone\" >}}  "];
        let before = entries(
            &[finding("broken-ref", 2), finding("broken-ref", 3)],
            |_, n| lines.get(n - 1).map(|s| s.to_string()),
        );
        assert_ne!(
            before[0].id, before[1].id,
            "the same text twice is two findings"
        );
        let shifted = ["new", "x", "{{< ref \"gone\" >}}", "{{< ref \"gone\" >}}"];
        let after = entries(
            &[finding("broken-ref", 3), finding("broken-ref", 4)],
            |_, n| shifted.get(n - 1).map(|s| s.to_string()),
        );
        assert_eq!(before, after);
        let baseline = Baseline::new(before);
        let reread = Baseline::parse("b.json", &baseline.to_text()).unwrap();
        assert_eq!(reread, baseline);
        assert!(reread.new_ones(&after).is_empty());
        let third = entries(
            &[
                finding("broken-ref", 1),
                finding("broken-ref", 2),
                finding("broken-ref", 3),
            ],
            |_, _| Some("{{< ref \"gone\" >}}".to_string()),
        );
        assert_eq!(reread.new_ones(&third), vec![2]);
    }

    #[test]
    fn a_bad_file_is_named_with_its_position() {
        let error = Baseline::parse("b.json", "{\n  \"version\": 1,\n  oops").unwrap_err();
        assert!(error.to_string().starts_with("b.json:3:"), "{error}");
    }
}
