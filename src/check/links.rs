//! Rules that need the whole site: `ref`/`relref` targets resolved against the index, the
//! file's path against its collection's Decap path/slug templates, and shortcodes Hugo has
//! removed (which make the build fail).

use regex::Regex;

use super::rules::Page;
use super::{Diagnostic, Fix, Severity, TextEdit};
use crate::front_matter::{FieldEdit, Value};
use crate::site::{urlize, RefResolution};

pub(super) fn check(cx: &Page<'_>, out: &mut Vec<Diagnostic>) {
    check_refs(cx, out);
    check_removed_shortcodes(cx, out);
    check_path(cx, out);
}

fn check_refs(cx: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let built = cx.is_built();
    // Errors only where Hugo would report them; on a page it leaves out they wait as warnings.
    let severity = if built {
        Severity::Error
    } else {
        Severity::Warning
    };
    let calls = crate::site::scan::scan_calls(cx.source, cx.body_start());
    for reference in &calls.refs {
        let (code, message) = match cx.site.resolve_ref(cx.rel, &reference.target, reference.lang.as_deref()) {
            RefResolution::Found { .. } | RefResolution::Anchor => continue,
            RefResolution::NotFound { excluded: Some(page) } => {
                let why = match cx.site.index.page(&page) {
                    Some(entry) if entry.front_matter_error.is_some() => {
                        "has front matter Hugo cannot read"
                    }
                    _ => "is a draft or expired",
                };
                (
                    "broken-ref",
                    format!("{} \"{}\": the page {page} {why}, so Hugo cannot link to it", reference.shortcode, reference.target),
                )
            }
            RefResolution::NotFound { excluded: None } => (
                "broken-ref",
                format!("{} \"{}\": page not found (Hugo's REF_NOT_FOUND)", reference.shortcode, reference.target),
            ),
            RefResolution::Ambiguous { candidates } => (
                "ambiguous-ref",
                format!(
                    "{} \"{}\" is ambiguous: it could mean {}; write the path from the content folder (`/{}`)",
                    reference.shortcode,
                    reference.target,
                    candidates.join(", "),
                    candidates.first().map_or("", String::as_str)
                ),
            ),
        };
        out.push(cx.at(reference.offset, code, severity, message));
    }
    check_template_refs(cx, severity, out);
}

/// Refs made by the site's own shortcodes (a template calling `ref`/`relref` on a param, as
/// digital.gov's `link`): the call is run as the preview runs it, and each ref its template
/// cannot resolve is reported at the call, as Hugo's REF_NOT_FOUND is.
fn check_template_refs(cx: &Page<'_>, severity: Severity, out: &mut Vec<Diagnostic>) {
    let start = cx.body_start();
    let body = cx.source.get(start..).unwrap_or_default();
    let parsed = crate::shortcode::parse_body(body);
    let mut calls: Vec<&crate::shortcode::ShortcodeCall> = Vec::new();
    let mut stack: Vec<&crate::shortcode::BodyNode> = parsed.nodes.iter().collect();
    while let Some(node) = stack.pop() {
        if let crate::shortcode::BodyNode::Call(call) = node {
            calls.push(call);
            if let Some(inner) = &call.inner {
                stack.extend(inner.iter());
            }
        }
    }
    calls.sort_by_key(|call| call.span.start);
    for call in calls {
        let Some(source) = body.get(call.span.clone()) else {
            continue;
        };
        for (target, error) in
            crate::render::template_ref_misses(cx.site, cx.rel, &call.name, source)
        {
            let (code, message) = match error {
                crate::site::RefError::NotFound => (
                    "broken-ref",
                    format!(
                        "{} \"{target}\": its template's ref finds no page (Hugo's REF_NOT_FOUND)",
                        call.name
                    ),
                ),
                crate::site::RefError::Ambiguous(_) => (
                    "ambiguous-ref",
                    format!(
                        "{} \"{target}\": its template's ref is ambiguous (Hugo's REF_NOT_FOUND); write the path from the content folder",
                        call.name
                    ),
                ),
            };
            out.push(cx.at(start + call.span.start, code, severity, message));
        }
    }
}

/// `tweet`, `twitter` and `twitter_simple` were removed in Hugo 0.156: any build that renders
/// the page fails. `x` takes the same `user`/`id` parameters.
fn check_removed_shortcodes(cx: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let start = cx.body_start();
    let body = cx.source.get(start..).unwrap_or_default();
    let severity = if cx.is_built() {
        Severity::Error
    } else {
        Severity::Warning
    };
    for tag in crate::shortcode::scan::tags(body) {
        if tag.comment || tag.closing {
            continue;
        }
        let replacement = match tag.name {
            "twitter_simple" => "x_simple",
            "tweet" | "twitter" => "x",
            _ => continue,
        };
        let mut d = cx.at(
            start + tag.start,
            "removed-shortcode",
            severity,
            format!("the `{}` shortcode was removed in Hugo 0.156 and fails the build: use `{replacement}`", tag.name),
        );
        // `x` only takes named parameters; a positional tweet id needs the user, which we lack.
        if tag.args.contains("id=") {
            d.fix = Some(Fix {
                description: format!("Replace `{}` with `{replacement}`", tag.name),
                field_edits: Vec::new(),
                text_edits: vec![TextEdit {
                    start: start + tag.name_start,
                    end: start + tag.name_start + tag.name.len(),
                    replacement: replacement.to_string(),
                }],
            });
        }
        out.push(d);
    }
}

/// Turns a Decap path template into a regex over the content-relative path, with the date
/// placeholders filled from the page's date; `None` when the template needs a date the page
/// lacks.
fn template_regex(
    folder: &str,
    path_template: &str,
    slug_template: Option<&str>,
    date: Option<&str>,
) -> Option<Regex> {
    let full = path_template.replace("{{slug}}", slug_template.unwrap_or("{{slug}}"));
    let mut pattern = format!("^{}/", regex::escape(folder));
    let mut rest = full.as_str();
    while let Some(open) = rest.find("{{") {
        pattern.push_str(&regex::escape(&rest[..open]));
        let close = rest[open..].find("}}")? + open;
        let name = rest[open + 2..close].trim();
        let part = |range: std::ops::Range<usize>| {
            date.and_then(|d| d.trim().get(range)).map(regex::escape)
        };
        match name {
            "year" => pattern.push_str(&part(0..4)?),
            "month" => pattern.push_str(&part(5..7)?),
            "day" => pattern.push_str(&part(8..10)?),
            _ => pattern.push_str("[^/]+"),
        }
        rest = &rest[close + 2..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push_str(r"\.(md|markdown|html)$");
    Regex::new(&pattern).ok()
}

fn check_path(cx: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some(fm) = cx.front_matter.as_ref() else {
        return;
    };
    if let Some(Value::String(slug)) = fm.get("slug") {
        let clean = urlize(slug);
        if clean != *slug && !clean.is_empty() {
            let offset = cx.key_offset("slug");
            let mut d = cx.at(
                offset,
                "slug-format",
                Severity::Warning,
                format!("`slug: {slug}` is not in URL form: Hugo publishes it as `{clean}`"),
            );
            d.field = Some("slug".into());
            // The same URL: Hugo urlizes the slug anyway, so the fix changes no link.
            d.fix = Some(Fix {
                description: format!("Write the slug as `{clean}`"),
                field_edits: vec![FieldEdit::Set {
                    key: "slug".into(),
                    value: clean.into(),
                }],
                text_edits: Vec::new(),
            });
            out.push(d);
        }
    }
    let Some(content_type) = cx.site.schema.for_page(cx.rel) else {
        return;
    };
    let Some(path_template) = content_type.path_template.as_deref() else {
        return;
    };
    let is_index = cx
        .rel
        .rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with("_index."));
    // The collection folder's own `_index.md` (the list page) is not one of its entries.
    if is_index != path_template.contains("_index")
        || cx
            .rel
            .rsplit_once('/')
            .is_some_and(|(dir, _)| dir == content_type.folder)
    {
        return;
    }
    let date = fm.get("date").and_then(Value::as_str);
    let Some(re) = template_regex(
        &content_type.folder,
        path_template,
        content_type.slug_template.as_deref(),
        date,
    ) else {
        return;
    };
    if re.is_match(cx.rel) {
        return;
    }
    let expected = path_template
        .replace(
            "{{slug}}",
            content_type.slug_template.as_deref().unwrap_or("{{slug}}"),
        )
        .replace("{{year}}", date.and_then(|d| d.get(0..4)).unwrap_or("YYYY"))
        .replace("{{month}}", date.and_then(|d| d.get(5..7)).unwrap_or("MM"))
        .replace("{{day}}", date.and_then(|d| d.get(8..10)).unwrap_or("DD"));
    let mut d = cx.at(
        0,
        "path-mismatch",
        // Harmless to Hugo, and often deliberate (an event file named for the day it was
        // announced, dated the day it happens): worth a look, not a warning.
        Severity::Info,
        format!(
            "the file does not follow the {} collection's naming: expected {}/{expected}.md{}",
            content_type.label,
            content_type.folder,
            if date.is_some() {
                " (from its date)"
            } else {
                ""
            }
        ),
    );
    d.field = date.map(|_| "date".to_string());
    out.push(d);
}
