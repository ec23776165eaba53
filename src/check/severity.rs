//! How bad each rule's findings are, decided in one place by their effect on the published
//! site: what breaks the build is an error, what changes what readers see (or the site's
//! taxonomy) is a warning, and what is style or the CMS's own bookkeeping is info. Rules
//! report with a provisional severity; [`grade`] sets the one this table gives, so the table
//! (printed in docs/checks.md and kept in step by a test) is the whole policy.

use super::{Diagnostic, Severity};
use crate::site::SiteConfig;

/// How a rule's severity is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// Always this severity.
    Fixed(Severity),
    /// The rule decides (an error where Hugo would fail the build, a warning on a page it
    /// leaves out).
    ByRule(Severity),
    /// `ref`/`relref` findings: Hugo logs them at the site's `refLinksErrorLevel`, an error
    /// by default (the build fails) or a warning (the build goes on and the link leads to
    /// `refLinksNotFoundURL`: readers get a wrong link). The rule's warning on a page Hugo
    /// leaves out stays.
    Ref,
    /// `html-entity`: a warning in a front-matter field the templates print (Hugo escapes it,
    /// so readers see `&#8217;`), info elsewhere (Hugo prints the character in the body).
    Entity,
}

/// One rule: its code, how its severity is decided and why.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The stable code.
    pub code: &'static str,
    /// How bad its findings are.
    pub grade: Grade,
    /// What it means for the published site, one sentence (docs and SARIF).
    pub effect: &'static str,
}

/// Front-matter fields the site's templates print as text (Hugo's `.Title`, `.LinkTitle`,
/// `.Summary`, `.Description` and the usual params beside them): an entity in them is shown
/// literally, because Hugo escapes the `&`.
pub const PRINTED_FIELDS: &[&str] = &[
    "title",
    "linkTitle",
    "summary",
    "description",
    "subtitle",
    "deck",
    "caption",
];

/// Every rule, in the order the docs list them.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "unreadable",
        grade: Grade::Fixed(Severity::Error),
        effect: "The file is not text Hugo can read: the build fails.",
    },
    RuleInfo {
        code: "front-matter-syntax",
        grade: Grade::Fixed(Severity::Error),
        effect: "Hugo cannot parse the front matter: the build fails.",
    },
    RuleInfo {
        code: "duplicate-key",
        grade: Grade::Fixed(Severity::Error),
        effect: "A key written twice: Hugo refuses the front matter and the build fails.",
    },
    RuleInfo {
        code: "date-format",
        grade: Grade::Fixed(Severity::Error),
        effect: "Hugo cannot read the date: the build fails.",
    },
    RuleInfo {
        code: "broken-ref",
        grade: Grade::Ref,
        effect: "A ref Hugo cannot resolve (REF_NOT_FOUND): the build fails, or with `refLinksErrorLevel: warning` readers get a wrong link.",
    },
    RuleInfo {
        code: "ambiguous-ref",
        grade: Grade::Ref,
        effect: "A ref that names several pages: Hugo fails the build, or with `refLinksErrorLevel: warning` readers get a wrong link.",
    },
    RuleInfo {
        code: "removed-shortcode",
        grade: Grade::ByRule(Severity::Error),
        effect: "A shortcode Hugo no longer has: the build fails.",
    },
    RuleInfo {
        code: "retired-topic",
        grade: Grade::Fixed(Severity::Warning),
        effect: "The page is listed under a retired topic, not on the topic page readers reach.",
    },
    RuleInfo {
        code: "retired-author",
        grade: Grade::Fixed(Severity::Warning),
        effect: "The page is credited to a retired author page, not the one readers reach.",
    },
    RuleInfo {
        code: "unknown-topic",
        grade: Grade::Fixed(Severity::Warning),
        effect: "Hugo makes an empty topic page for a topic the site does not have.",
    },
    RuleInfo {
        code: "unknown-author",
        grade: Grade::Fixed(Severity::Warning),
        effect: "Hugo makes an author page with no name or bio for an unknown author.",
    },
    RuleInfo {
        code: "duplicate-entry",
        grade: Grade::Fixed(Severity::Info),
        effect: "A term listed twice: Hugo files the page under it once (tidiness).",
    },
    RuleInfo {
        code: "html-entity",
        grade: Grade::Entity,
        effect: "In a printed field (title, summary…) readers see the entity itself; in the body Hugo prints the character (style).",
    },
    RuleInfo {
        code: "liquid-tag",
        grade: Grade::Fixed(Severity::Warning),
        effect: "A Jekyll/Liquid tag Hugo prints as text on the page.",
    },
    RuleInfo {
        code: "missing-alt",
        grade: Grade::Fixed(Severity::Warning),
        effect: "An image without alt text: screen-reader users miss it.",
    },
    RuleInfo {
        code: "alt-file-name",
        grade: Grade::Fixed(Severity::Warning),
        effect: "Alt text that is a file name: screen-reader users hear the file name, not what the image shows.",
    },
    RuleInfo {
        code: "alt-image-of",
        grade: Grade::Fixed(Severity::Info),
        effect: "Alt text that starts \"image of\": screen readers already say it is an image (style).",
    },
    RuleInfo {
        code: "heading-skip",
        grade: Grade::Fixed(Severity::Warning),
        effect: "A heading level is skipped: screen-reader users navigating by headings lose the outline.",
    },
    RuleInfo {
        code: "multiple-h1",
        grade: Grade::Fixed(Severity::Warning),
        effect: "More than one top-level heading in the body: the page's outline has several titles.",
    },
    RuleInfo {
        code: "link-text-vague",
        grade: Grade::Fixed(Severity::Warning),
        effect: "Link text such as \"click here\" or \"read more\" says nothing where links are listed out of context.",
    },
    RuleInfo {
        code: "link-text-url",
        grade: Grade::Fixed(Severity::Info),
        effect: "A bare URL as link text is read out character by character (style).",
    },
    RuleInfo {
        code: "empty-link",
        grade: Grade::Fixed(Severity::Warning),
        effect: "A link with no text or label: screen readers announce only \"link\".",
    },
    RuleInfo {
        code: "empty-button",
        grade: Grade::Fixed(Severity::Warning),
        effect: "A button with no text or label: screen readers announce only \"button\".",
    },
    RuleInfo {
        code: "table-no-header",
        grade: Grade::Fixed(Severity::Warning),
        effect: "A table without a header row: screen readers cannot name its columns.",
    },
    RuleInfo {
        code: "video-no-title",
        grade: Grade::Fixed(Severity::Warning),
        effect: "An embedded video or frame without a title: screen-reader users cannot tell what it is.",
    },
    RuleInfo {
        code: "summary-repeats-title",
        grade: Grade::Fixed(Severity::Info),
        effect: "Lists show the same words twice (style).",
    },
    RuleInfo {
        code: "slug-format",
        grade: Grade::Fixed(Severity::Info),
        effect: "The slug is not in the site's style; the URL still works.",
    },
    RuleInfo {
        code: "path-mismatch",
        grade: Grade::Fixed(Severity::Info),
        effect: "The file is not where the CMS would put it; the site is unchanged.",
    },
    RuleInfo {
        code: "required-field",
        grade: Grade::Fixed(Severity::Info),
        effect: "The CMS form requires the field; Hugo publishes the page without it.",
    },
    RuleInfo {
        code: "pattern-mismatch",
        grade: Grade::Fixed(Severity::Info),
        effect: "The CMS form's pattern is not met; Hugo publishes the value as written.",
    },
    RuleInfo {
        code: "summary-missing",
        grade: Grade::Fixed(Severity::Info),
        effect: "Hugo makes a summary from the first words (style).",
    },
    RuleInfo {
        code: "summary-too-long",
        grade: Grade::Fixed(Severity::Info),
        effect: "A long summary in lists and previews (style).",
    },
    RuleInfo {
        code: "date-no-offset",
        grade: Grade::Fixed(Severity::Info),
        effect: "Hugo reads the date in the site's time zone (style).",
    },
    RuleInfo {
        code: "future-date",
        grade: Grade::Fixed(Severity::Info),
        effect: "Hugo publishes the page only once the date has come.",
    },
];

/// The table's entry for `code`, if the rule is in it.
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// Whether the site logs ref errors as warnings (`refLinksErrorLevel: warning`, any case).
fn refs_warn(config: &SiteConfig) -> bool {
    config
        .string("refLinksErrorLevel")
        .is_some_and(|level| level.eq_ignore_ascii_case("warning"))
}

/// Sets `finding`'s severity from the table (a rule not in it keeps its own), for the site
/// whose config is `config`.
pub fn grade(config: &SiteConfig, finding: &mut Diagnostic) {
    let Some(info) = rule(finding.code) else {
        return;
    };
    finding.severity = match info.grade {
        Grade::Fixed(severity) => severity,
        Grade::ByRule(_) => finding.severity,
        Grade::Ref if finding.severity == Severity::Error && refs_warn(config) => Severity::Warning,
        Grade::Ref => finding.severity,
        Grade::Entity => match &finding.field {
            Some(field)
                if PRINTED_FIELDS
                    .iter()
                    .any(|printed| printed.eq_ignore_ascii_case(field)) =>
            {
                Severity::Warning
            }
            _ => Severity::Info,
        },
    };
}

/// The severity a rule's findings usually have (its table entry), for SARIF's rule list.
pub fn default_severity(info: &RuleInfo) -> Severity {
    match info.grade {
        Grade::Fixed(s) | Grade::ByRule(s) => s,
        Grade::Ref => Severity::Error,
        Grade::Entity => Severity::Warning,
    }
}

/// How the docs describe a rule's severity.
pub fn grade_label(info: &RuleInfo) -> String {
    match info.grade {
        Grade::Fixed(s) => s.to_string(),
        Grade::ByRule(s) => format!("{s} (warning on a page Hugo leaves out)"),
        Grade::Ref => "error; warning with `refLinksErrorLevel: warning`".to_string(),
        Grade::Entity => "warning in printed front matter, else info".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/checks.md's table is this table: every rule, with its severity, in this order.
    #[test]
    fn the_docs_table_is_the_rule_table() {
        let doc = include_str!("../../docs/checks.md");
        let rows: Vec<&str> = doc.lines().filter(|l| l.starts_with("| `")).collect();
        assert_eq!(rows.len(), RULES.len(), "one docs row per rule");
        for (row, rule) in rows.iter().zip(RULES) {
            let expected = format!(
                "| `{}` | {} | {} |",
                rule.code,
                grade_label(rule),
                rule.effect
            );
            assert_eq!(*row, expected);
        }
        let readme = include_str!("../../README.md");
        for rule in RULES {
            assert!(
                readme.contains(&format!("`{}`", rule.code)),
                "README names {}",
                rule.code
            );
        }
    }
}
