//! Findings as SARIF 2.1.0, the format code hosts read to show findings on pull requests: one
//! run, the rules from the severity table, one result per finding with its rule, level,
//! message and place (file relative to the site root, line and column in characters).

use serde_json::{json, Value};

use super::severity::{default_severity, rule, RULES};
use super::{Diagnostic, Severity};

/// SARIF's schema URI for version 2.1.0.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF log of `findings`; `content_dir` is the content folder as seen from the site root
/// (`content`), which prefixes each page's path so that the URIs are the files' paths in the
/// repository when the site is its root.
pub fn to_sarif(findings: &[Diagnostic], content_dir: &str) -> Value {
    let prefix = content_dir.trim_end_matches('/');
    // Rules the table does not know (a newer rule) are listed too, so every ruleIndex resolves.
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": { "text": r.effect },
                "defaultConfiguration": { "level": level(default_severity(r)) },
            })
        })
        .collect();
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    for d in findings {
        if rule(d.code).is_none() && !ids.contains(&d.code) {
            ids.push(d.code);
            rules.push(json!({
                "id": d.code,
                "shortDescription": { "text": d.code },
                "defaultConfiguration": { "level": level(d.severity) },
            }));
        }
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|d| {
            let uri = if prefix.is_empty() {
                d.path.clone()
            } else {
                format!("{prefix}/{}", d.path)
            };
            json!({
                "ruleId": d.code,
                "ruleIndex": ids.iter().position(|id| *id == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri, "uriBaseId": "SITEROOT" },
                        "region": { "startLine": d.line.max(1), "startColumn": d.column.max(1) },
                    }
                }],
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "postwright",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "originalUriBaseIds": { "SITEROOT": { "description": { "text": "The Hugo site's folder" } } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}
