//! The rules. Each `check_*` function looks at one aspect of a page and says what it found;
//! codes are stable (scripts and the UI filter on them).

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::{Diagnostic, Fix, Severity, TextEdit};
use crate::front_matter::{FieldEdit, FrontMatter, Value};
use crate::site::dates::{now_seconds, parse_hugo_date};
use crate::site::{urlize, Site};
use crate::text::LineIndex;

/// Everything a rule (here and in the other rule files) needs about the page under check.
pub(super) struct Page<'a> {
    pub site: &'a Site,
    pub rel: &'a str,
    pub source: &'a str,
    pub front_matter: Option<FrontMatter>,
    /// Positions of the source, indexed once: a page may have thousands of findings.
    pub lines: LineIndex,
}

impl Page<'_> {
    pub(super) fn at(
        &self,
        offset: usize,
        code: &'static str,
        severity: Severity,
        message: String,
    ) -> Diagnostic {
        let position = self.lines.line_column(self.source, offset);
        Diagnostic::new(code, severity, self.rel, position, message)
    }

    /// The offset of the line declaring `key` in the front matter (for positions).
    pub(super) fn key_offset(&self, key: &str) -> usize {
        let end = self
            .front_matter
            .as_ref()
            .map_or(0, FrontMatter::body_start);
        let head = &self.source[..end];
        let mut offset = 0;
        for line in head.split_inclusive('\n') {
            let trimmed = line.trim_start_matches('\u{feff}');
            if let Some(rest) = trimmed.strip_prefix(key) {
                if rest.trim_start().starts_with(':') || rest.trim_start().starts_with('=') {
                    return offset;
                }
            }
            offset += line.len();
        }
        0
    }

    /// The offset of `item` within the lines of `key`'s value (for list entries).
    fn item_offset(&self, key: &str, item: &str) -> usize {
        let start = self.key_offset(key);
        let end = self
            .front_matter
            .as_ref()
            .map_or(0, FrontMatter::body_start)
            .max(start);
        self.source[start..end]
            .find(item)
            .map_or(start, |i| start + i)
    }

    pub(super) fn body_start(&self) -> usize {
        self.front_matter
            .as_ref()
            .map_or(0, FrontMatter::body_start)
    }

    /// The front-matter value of `key` (case-insensitive, as Hugo reads keys).
    pub(super) fn field(&self, key: &str) -> Option<&Value> {
        let fm = self.front_matter.as_ref()?;
        fm.fields()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }

    /// Whether Hugo builds this page: a problem on a page it leaves out does not fail the build.
    pub(super) fn is_built(&self) -> bool {
        let setting = |key: &str| self.site.config.flag(key);
        let draft = matches!(self.field("draft"), Some(Value::Bool(true)));
        let expired = self
            .field("expiryDate")
            .and_then(Value::as_str)
            .and_then(parse_hugo_date)
            .is_some_and(|(secs, _)| secs <= now_seconds());
        (!draft || setting("buildDrafts")) && (!expired || setting("buildExpired"))
    }
}

pub(super) fn check_source(site: &Site, rel: &str, source: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let front_matter = match FrontMatter::parse(source) {
        Ok(fm) => Some(fm),
        Err(e) => {
            let code = match e.kind {
                crate::front_matter::ErrorKind::DuplicateKey { .. } => "duplicate-key",
                _ => "front-matter-syntax",
            };
            out.push(Diagnostic {
                code,
                severity: Severity::Error,
                path: rel.to_string(),
                line: e.line,
                column: e.column,
                message: e.message.clone(),
                field: None,
                fix: None,
            });
            None
        }
    };
    let page = Page {
        site,
        rel,
        source,
        front_matter,
        lines: LineIndex::new(source),
    };
    if page.front_matter.is_some() {
        check_terms(&page, "authors", &mut out);
        check_terms(&page, "topics", &mut out);
        check_front_matter_entities(&page, &mut out);
        check_date(&page, &mut out);
        check_summary(&page, &mut out);
        check_schema(&page, &mut out);
    }
    check_body_entities(&page, &mut out);
    check_liquid(&page, &mut out);
    super::links::check(&page, &mut out);
    super::accessibility::check(&page, &mut out);
    out
}

/// The canonical term for `name` in `taxonomy`: the term itself, or the term whose page lists
/// `/<taxonomy>/<urlized name>/` in its `aliases` (how digital.gov retires topics).
pub fn canonical_term(site: &Site, taxonomy: &str, name: &str) -> Option<String> {
    let terms = site.index.terms.get(taxonomy)?;
    if terms.iter().any(|t| t.slug == name) {
        return Some(name.to_string());
    }
    let alias = format!("/{taxonomy}/{}/", urlize(name));
    terms
        .iter()
        .find(|t| {
            t.aliases.iter().any(|a| {
                a.trim_end_matches('/')
                    .eq_ignore_ascii_case(alias.trim_end_matches('/'))
            })
        })
        .map(|t| t.slug.clone())
}

fn string_items(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn check_terms(page: &Page<'_>, taxonomy: &'static str, out: &mut Vec<Diagnostic>) {
    let Some(value) = page.front_matter.as_ref().and_then(|fm| fm.get(taxonomy)) else {
        return;
    };
    // A site without this taxonomy's term pages has nothing to check against.
    if page
        .site
        .index
        .terms
        .get(taxonomy)
        .is_none_or(Vec::is_empty)
    {
        return;
    }
    let items = string_items(value);
    // The fixed list: retired terms mapped to their canonical term, duplicates dropped.
    let mut seen = HashSet::new();
    let fixed: Vec<String> = items
        .iter()
        .map(|item| canonical_term(page.site, taxonomy, item).unwrap_or_else(|| item.clone()))
        .filter(|item| seen.insert(item.clone()))
        .collect();
    let fix = |description: String| Fix {
        description,
        field_edits: vec![FieldEdit::Set {
            key: taxonomy.to_string(),
            value: fixed.clone().into(),
        }],
        text_edits: Vec::new(),
    };
    let mut counted = HashSet::new();
    for item in &items {
        let offset = page.item_offset(taxonomy, item);
        let diagnostic = match canonical_term(page.site, taxonomy, item) {
            Some(canonical) if canonical == *item => {
                if counted.insert(item.clone()) {
                    continue;
                }
                let mut d = page.at(
                    offset,
                    "duplicate-entry",
                    Severity::Warning,
                    format!("`{item}` is listed more than once in {taxonomy}"),
                );
                d.fix = Some(fix(format!("Remove the repeated `{item}`")));
                d
            }
            Some(canonical) => {
                counted.insert(canonical.clone());
                let mut d = page.at(
                    offset,
                    if taxonomy == "topics" {
                        "retired-topic"
                    } else {
                        "retired-author"
                    },
                    Severity::Warning,
                    format!("`{item}` is retired: its page now lives at `{canonical}`"),
                );
                d.fix = Some(fix(format!("Replace `{item}` with `{canonical}`")));
                d
            }
            None => {
                let code = if taxonomy == "topics" {
                    "unknown-topic"
                } else {
                    "unknown-author"
                };
                let what = if taxonomy == "topics" {
                    "topic"
                } else {
                    "author"
                };
                page.at(
                    offset,
                    code,
                    Severity::Warning,
                    format!(
                        "unknown {what} `{item}`: there is no content/{taxonomy}/{item}/_index.md"
                    ),
                )
            }
        };
        out.push(Diagnostic {
            field: Some(taxonomy.to_string()),
            ..diagnostic
        });
    }
}

/// Named entities that old WordPress/Jekyll exports left in text, and the characters they mean.
/// `&amp;`, `&lt;`, `&gt;` and `&nbsp;` are left alone: they are deliberate escapes.
const ENTITIES: &[(&str, char)] = &[
    ("mdash", '—'),
    ("ndash", '–'),
    ("rsquo", '’'),
    ("lsquo", '‘'),
    ("rdquo", '”'),
    ("ldquo", '“'),
    ("hellip", '…'),
    ("quot", '"'),
    ("apos", '\''),
    ("eacute", 'é'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
];

fn entity_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"&(#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// The character an entity stands for, when it is one we replace.
fn decode_entity(entity: &str) -> Option<char> {
    let name = entity.strip_prefix('&')?.strip_suffix(';')?;
    let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
    } else if let Some(dec) = name.strip_prefix('#') {
        char::from_u32(dec.parse().ok()?)?
    } else {
        return ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
    };
    // Numeric escapes of markup characters are deliberate.
    (!matches!(c, '<' | '>' | '&' | '\u{a0}') && !c.is_control()).then_some(c)
}

fn decode_entities(text: &str) -> String {
    entity_regex()
        .replace_all(text, |caps: &regex::Captures<'_>| {
            decode_entity(&caps[0]).map_or_else(|| caps[0].to_string(), |c| c.to_string())
        })
        .into_owned()
}

fn check_front_matter_entities(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some(fm) = &page.front_matter else { return };
    for (key, value) in fm.fields() {
        let Value::String(text) = value else { continue };
        let decoded = decode_entities(text);
        if decoded == *text {
            continue;
        }
        let first = entity_regex()
            .find_iter(text)
            .find(|m| decode_entity(m.as_str()).is_some())
            .map_or("", |m| m.as_str());
        let mut d = page.at(
            page.key_offset(key),
            "html-entity",
            Severity::Warning,
            format!("`{key}` contains the HTML entity `{first}`: write the character itself"),
        );
        d.field = Some(key.clone());
        d.fix = Some(Fix {
            description: format!("Replace the entities in `{key}` with their characters"),
            field_edits: vec![FieldEdit::Set {
                key: key.clone(),
                value: decoded.into(),
            }],
            text_edits: Vec::new(),
        });
        out.push(d);
    }
}

/// Byte ranges of the body that are code (fenced blocks and inline code spans), where
/// entities and tags are meant literally.
fn code_ranges(body: &str, base: usize) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let parser = pulldown_cmark::Parser::new(body).into_offset_iter();
    for (event, range) in parser {
        match event {
            pulldown_cmark::Event::Code(_) => ranges.push((base + range.start, base + range.end)),
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => {
                ranges.push((base + range.start, base + range.end))
            }
            _ => {}
        }
    }
    ranges
}

fn check_body_entities(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let start = page.body_start();
    let body = &page.source[start..];
    let code = code_ranges(body, start);
    for m in entity_regex().find_iter(body) {
        let Some(c) = decode_entity(m.as_str()) else {
            continue;
        };
        let at = start + m.start();
        if code.iter().any(|(s, e)| (*s..*e).contains(&at)) {
            continue;
        }
        let mut d = page.at(
            at,
            "html-entity",
            Severity::Warning,
            format!("HTML entity `{}`: write `{c}` instead", m.as_str()),
        );
        d.fix = Some(Fix {
            description: format!("Replace `{}` with `{c}`", m.as_str()),
            field_edits: Vec::new(),
            text_edits: vec![TextEdit {
                start: at,
                end: start + m.end(),
                replacement: c.to_string(),
            }],
        });
        out.push(d);
    }
}

fn attr_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"([\w-]+)\s*=\s*"([^"]*)""#).unwrap_or_else(|_| unreachable!()))
}

fn check_liquid(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let start = page.body_start();
    let body = &page.source[start..];
    let code = code_ranges(body, start);
    for tag in crate::shortcode::scan::liquid_tags(body) {
        let at = start + tag.span.start;
        if code.iter().any(|(s, e)| (*s..*e).contains(&at)) {
            continue;
        }
        let (tag_name, args) = (tag.name.as_str(), tag.args.as_str());
        let mut d = page.at(
            at,
            "liquid-tag",
            Severity::Warning,
            format!(
                "Jekyll/Liquid tag `{{% {tag_name} … %}}` is not Hugo syntax: Hugo prints it as text"
            ),
        );
        // `{% include image/… img="…" alt="…" %}` is a captioned image: Hugo's `figure`.
        if tag_name == "include" && args.starts_with("image/") {
            let attrs: Vec<(String, String)> = attr_regex()
                .captures_iter(args)
                .map(|c| (c[1].to_string(), c[2].to_string()))
                .collect();
            let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            if let Some(src) = get("img").or_else(|| get("src")) {
                let mut shortcode = format!("{{{{< figure src=\"{src}\"");
                if let Some(alt) = get("alt") {
                    shortcode.push_str(&format!(" alt=\"{alt}\""));
                }
                if let Some(caption) = get("caption").filter(|c| !c.is_empty()) {
                    shortcode.push_str(&format!(" caption=\"{caption}\""));
                }
                shortcode.push_str(" >}}");
                d.fix = Some(Fix {
                    description: format!("Replace with `{shortcode}`"),
                    field_edits: Vec::new(),
                    text_edits: vec![TextEdit {
                        start: at,
                        end: start + tag.span.end,
                        replacement: shortcode,
                    }],
                });
            }
        }
        out.push(d);
    }
}

use crate::site::dates::parse_hugo_date as parse_date;

fn check_date(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some(fm) = &page.front_matter else { return };
    let Some(value) = fm.get("date") else { return };
    let Some(text) = value.as_str() else { return };
    let offset = page.key_offset("date");
    let field = |mut d: Diagnostic| {
        d.field = Some("date".into());
        d
    };
    match parse_date(text) {
        None => out.push(field(page.at(
            offset,
            "date-format",
            Severity::Error,
            format!("`date: {text}` is not a date Hugo can parse: use `YYYY-MM-DD HH:MM:SS -0400`"),
        ))),
        Some((secs, has_offset)) => {
            if !has_offset {
                out.push(field(page.at(
                    offset,
                    "date-no-offset",
                    Severity::Info,
                    format!("`date: {text}` has no time-zone offset: Hugo reads it in the site's time zone"),
                )));
            }
            let now = crate::site::dates::now_seconds();
            if secs > now {
                out.push(field(page.at(
                    offset,
                    "future-date",
                    Severity::Info,
                    format!("`date: {text}` is in the future: Hugo will not publish the page until then"),
                )));
            }
        }
    }
}

fn check_summary(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some(fm) = &page.front_matter else { return };
    // Only regular pages of sections carry summaries (term and section pages often don't).
    if page.rel.ends_with("_index.md") || !page.rel.contains('/') {
        return;
    }
    let title = fm.get("title").and_then(Value::as_str).unwrap_or_default();
    match fm.get("summary").and_then(Value::as_str) {
        None | Some("") => out.push(Diagnostic {
            field: Some("summary".into()),
            ..page.at(
                page.key_offset("title"),
                "summary-missing",
                Severity::Info,
                "no summary: lists and search show one sentence about the page".into(),
            )
        }),
        Some(summary) => {
            if summary.trim().eq_ignore_ascii_case(title.trim()) && !title.is_empty() {
                out.push(Diagnostic {
                    field: Some("summary".into()),
                    ..page.at(
                        page.key_offset("summary"),
                        "summary-repeats-title",
                        Severity::Warning,
                        "the summary repeats the title: say what the page is about in one sentence"
                            .into(),
                    )
                });
            }
            if summary.chars().count() > 300 {
                out.push(Diagnostic {
                    field: Some("summary".into()),
                    ..page.at(
                        page.key_offset("summary"),
                        "summary-too-long",
                        Severity::Info,
                        format!(
                            "the summary is {} characters: keep it to one sentence (under 300)",
                            summary.chars().count()
                        ),
                    )
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_except_deliberate_escapes() {
        assert_eq!(
            decode_entities("CX Community&mdash;Year One"),
            "CX Community—Year One"
        );
        assert_eq!(decode_entities("you&#8217;ll"), "you’ll");
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#60;"),
            "a &amp; b &lt;c&gt; &#60;"
        );
    }
}

/// Required fields and patterns from the content type's schema (Decap's `required`, `pattern`).
fn check_schema(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(fm), Some(content_type)) = (&page.front_matter, page.site.schema.for_page(page.rel))
    else {
        return;
    };
    // Term and section pages are edited through their own collections, if at all.
    if page.rel.ends_with("_index.md")
        && content_type
            .path_template
            .as_deref()
            .is_none_or(|p| !p.contains("_index"))
    {
        return;
    }
    // A missing key is reported where the editor would add it, in the form's order.
    let order: Vec<&str> = content_type
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    let missing: Vec<&str> = content_type
        .fields
        .iter()
        .filter(|f| f.required && fm.get(&f.name).is_none())
        .map(|f| f.name.as_str())
        .collect();
    let insertions = if missing.is_empty() {
        Vec::new()
    } else {
        crate::front_matter::insertion_offsets(page.source, &missing, &order)
    };
    for field in &content_type.fields {
        let value = fm.get(&field.name);
        let empty = match value {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(Value::List(items)) => items.is_empty(),
            _ => false,
        };
        if field.required && empty {
            let offset = match value {
                Some(_) => page.key_offset(&field.name),
                None => missing
                    .iter()
                    .position(|name| *name == field.name)
                    .and_then(|i| insertions.get(i).copied().flatten())
                    .unwrap_or(0),
            };
            out.push(Diagnostic {
                field: Some(field.name.clone()),
                ..page.at(
                    offset,
                    "required-field",
                    Severity::Warning,
                    format!(
                        "`{}` ({}) is required for {}",
                        field.name, field.label, content_type.label
                    ),
                )
            });
            continue;
        }
        if let (Some((pattern, message)), Some(Value::String(text))) = (&field.pattern, value) {
            if let Ok(re) = Regex::new(pattern) {
                if !re.is_match(text) {
                    out.push(Diagnostic {
                        field: Some(field.name.clone()),
                        ..page.at(
                            page.key_offset(&field.name),
                            "pattern-mismatch",
                            Severity::Warning,
                            format!("`{}`: {message}", field.name),
                        )
                    });
                }
            }
        }
    }
}
