//! A new page of a content type, as text: where it goes, its slug, its date and its front
//! matter. The app's "New page", the pickers' "Create new" and `postwright new` all write what
//! [`plan`] returns, so they make the same bytes.
//!
//! - **Which types**: each creatable Decap folder collection (see
//!   [`ContentType::creatable`]), else each section with an archetype
//!   (`archetypes/<section>.md`, or `default.md` for every section; the site's, then its
//!   themes').
//! - **A type the Decap config does not name** is made from its archetype exactly as
//!   `hugo new content` makes it ([`crate::archetype`]: the template run with Hugo's context,
//!   a bundle archetype making a bundle, dated as below), the typed title then set on the
//!   title field when Hugo's (from the file name) differs. The rest is for Decap collections.
//! - **Path**: the collection's `slug` template (`{{year}}-{{month}}-{{day}}-{{slug}}`) makes the
//!   file slug, its `path` template (`{{year}}/{{month}}/{{slug}}`, `{{slug}}/_index`) the path
//!   inside the folder; `{{slug}}` in the `slug` template is the title by the site's slug rule
//!   ([`crate::site::SlugRules`]). Without templates: `<folder>/<slug>.md`. Decap fills
//!   `{{year}}`… in UTC; here they are the page's own date, so the file name's day is the
//!   front matter's day.
//! - **Date**: now, in the site's UTC offset, decided in this order: a literal offset in the
//!   date field's Decap `format` (digital.gov's `YYYY-MM-DD HH:mm:00 -0500`); Hugo's `timeZone`
//!   setting (an IANA zone, read from the system's tz database); the offset most of the
//!   folder's newest dates carry; the offset of the instant given (the machine's, for the app
//!   and the CLI). Written in the field's `format` (Decap's moment.js tokens), else
//!   `YYYY-MM-DD HH:mm:ss ZZ`, plain or quoted as the folder's dates are.
//! - **Keys**: the type's fields — the required ones, the identifier, `title`,
//!   `summary`, `date`, `authors`, `topics`, `slug`, and any field most (¾) of the folder's
//!   newest pages carry, but not a required one that fewer than ¼ of them carry (Decap requires
//!   every field not marked otherwise, and configs leave optional ones unmarked; digital.gov's
//!   events rarely name `authors`) — plus keys outside the schema that ¾ of those pages carry (digital.gov
//!   writes `slug` though its Decap config has no such field). They come in schema order,
//!   except where most of those pages order two keys the other way (digital.gov's news posts
//!   put `authors` before `topics`; its config lists `topics` first): each key goes where the
//!   fewest pages disagree with its place. Each is quoted as those pages quote it ([`PageShape`]), with the field's
//!   Decap `comment` above it. The archetype's body follows the front matter (a body that is a
//!   Go template, `{{ … }}`, is left out: a Decap collection's page is Decap's shape).

use chrono::{DateTime, FixedOffset};
use serde_json::Value as Json;

use super::shape::PageShape;
use super::{ContentType, FieldSchema, Widget};
use crate::front_matter::emit::{self, QuoteStyle};
use crate::site::Site;

/// The default date shape when the type names none.
pub const DEFAULT_DATE_FORMAT: &str = "YYYY-MM-DD HH:mm:ss ZZ";

/// Keys a new page carries whenever its type has them (unless its folder's pages rarely do).
const ALWAYS: [&str; 6] = ["title", "summary", "date", "authors", "topics", "slug"];

/// A share of the newest pages above which a key is part of the house shape.
const COMMON: f64 = 0.75;

/// A new page, not yet written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPage {
    /// Its path, relative to the content folder.
    pub path: String,
    /// Its slug (the title by the site's slug rule).
    pub slug: String,
    /// Its date as written in the front matter.
    pub date: String,
    /// The whole file.
    pub source: String,
    /// The other files of a bundle archetype (content-relative path, bytes), written beside it.
    pub extra: Vec<(String, Vec<u8>)>,
}

/// Why a new page cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewPageError {
    /// The title has nothing a slug can be made of.
    #[error("the title `{0}` gives an empty slug")]
    EmptySlug(String),
    /// No creatable content type has this name (or folder).
    #[error("no content type `{0}` to make new pages of")]
    UnknownType(String),
    /// A page already exists at the path.
    #[error("{0}: a page already exists here")]
    Exists(String),
    /// The section's archetype could not be run.
    #[error("{0}")]
    Archetype(#[from] super::archetype::ArchetypeError),
}

/// The content types "New page" offers, by label.
pub fn creatable_types(site: &Site) -> Vec<&ContentType> {
    let mut types: Vec<&ContentType> = site.schema.types.iter().filter(|t| t.creatable).collect();
    // `types` is sorted most specific folder first (for matching); offer them by label.
    types.sort_by_key(|t| t.label.to_lowercase());
    types
}

/// The archetype file of `section` (a bundle's `index.md`), relative to the site root: see
/// [`super::archetype::find`].
pub fn archetype_for(site: &Site, section: &str) -> Option<std::path::PathBuf> {
    match super::archetype::find(site, section)? {
        super::archetype::Archetype::File(rel) => Some(rel),
        super::archetype::Archetype::Bundle(dir) => Some(dir.join("index.md")),
    }
}

/// The offset new pages of `ty` are dated in, at `now` (see the module doc for the order).
pub fn site_offset(
    site: &Site,
    ty: &ContentType,
    shape: &PageShape,
    now: DateTime<FixedOffset>,
) -> FixedOffset {
    let literal = date_format(ty)
        .and_then(|format| literal_offset(&format))
        .and_then(FixedOffset::east_opt);
    let zone = || {
        site.config
            .string("timeZone")
            .and_then(|zone| crate::site::dates::zone_offset(zone, now.timestamp()))
            .and_then(FixedOffset::east_opt)
    };
    literal
        .or_else(zone)
        .or_else(|| shape.usual_offset())
        .unwrap_or_else(|| *now.offset())
}

/// The Decap `format` of the type's `date` field.
fn date_format(ty: &ContentType) -> Option<String> {
    ty.fields
        .iter()
        .find(|f| f.name == "date")
        .and_then(|f| f.format.clone())
}

/// A literal UTC offset written at the end of a moment.js format (`… -0500`), in seconds east.
fn literal_offset(format: &str) -> Option<i32> {
    let tail = format.trim_end();
    let cut = tail.rfind(['+', '-'])?;
    let digits = &tail[cut + 1..];
    let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
    let well_formed = plain.len() == 4
        && (digits.len() == 4 || (digits.len() == 5 && digits.as_bytes()[2] == b':'));
    if !well_formed {
        return None;
    }
    let sign = if tail[cut..].starts_with('-') { -1 } else { 1 };
    let hh: i32 = plain[..2].parse().ok()?;
    let mm: i32 = plain[2..].parse().ok()?;
    Some(sign * (hh * 3600 + mm * 60))
}

/// A date field as the picker shows it: the wall-clock time and the offset it is in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DateField {
    /// The value as written in the front matter.
    pub text: String,
    /// Its wall-clock time, `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`'s value);
    /// empty when the text is not a date.
    pub local: String,
    /// The UTC offset it is in (`-04:00`): the value's own, else the site's.
    pub offset: String,
}

/// The date-time picker's view of `text`, a value of the `key` date field of a page of `ty`, or,
/// with `picked` (`YYYY-MM-DDTHH:MM` from the picker), the new value: the picked wall-clock time
/// in the offset `text` carries (else the site's, [`site_offset`]), written in the field's Decap
/// `format` (else the shape of `text`'s own date part, `YYYY-MM-DD HH:mm:ss ZZ`). A picked time
/// is never moved to UTC; seconds the value had are kept.
pub fn date_field(
    site: &Site,
    ty: Option<&ContentType>,
    key: &str,
    text: &str,
    picked: Option<&str>,
    now: DateTime<FixedOffset>,
) -> DateField {
    let text = text.trim();
    let own_offset = super::shape::offset_of(text).and_then(FixedOffset::east_opt);
    let offset = own_offset.unwrap_or_else(|| match ty {
        Some(ty) => site_offset(site, ty, &PageShape::learn(site, &ty.folder), now),
        None => *now.offset(),
    });
    let current = crate::site::dates::parse_hugo_date(text)
        .and_then(|(secs, _)| DateTime::from_timestamp(secs, 0))
        .map(|utc| utc.with_timezone(&offset));
    let format = ty
        .and_then(|t| t.fields.iter().find(|f| f.name == key))
        .and_then(|f| f.format.clone())
        .unwrap_or_else(|| DEFAULT_DATE_FORMAT.to_string());
    let value = match picked {
        Some(local) => chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
            .ok()
            .and_then(|naive| {
                let seconds = current.map_or(0, |c| chrono::Timelike::second(&c));
                naive.checked_add_signed(chrono::TimeDelta::seconds(i64::from(seconds)))
            })
            .and_then(|naive| naive.and_local_timezone(offset).single()),
        None => current,
    };
    let Some(value) = value else {
        return DateField {
            text: text.to_string(),
            local: String::new(),
            offset: offset.to_string(),
        };
    };
    DateField {
        text: if picked.is_some() {
            crate::site::schema::decap::moment_format(&value, &format)
        } else {
            text.to_string()
        },
        local: value.format("%Y-%m-%dT%H:%M").to_string(),
        offset: offset.to_string(),
    }
}

/// Fills a Decap path or slug template: `{{year}}`…`{{second}}` from `date`, `{{slug}}`, and
/// `{{fields.NAME}}`/`{{NAME}}` from `values` by the slug rule.
fn fill_template(
    template: &str,
    date: &DateTime<FixedOffset>,
    slug: &str,
    values: &[(String, Json)],
    site: &Site,
) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let key = after[..close].trim();
        let key = key.split('|').next().unwrap_or(key).trim();
        let piece = match key {
            "year" => date.format("%Y").to_string(),
            "month" => date.format("%m").to_string(),
            "day" => date.format("%d").to_string(),
            "hour" => date.format("%H").to_string(),
            "minute" => date.format("%M").to_string(),
            "second" => date.format("%S").to_string(),
            "slug" => slug.to_string(),
            other => {
                let name = other.strip_prefix("fields.").unwrap_or(other);
                values
                    .iter()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, v)| v.as_str())
                    .map(|v| site.slug(v))
                    .unwrap_or_default()
            }
        };
        out.push_str(&piece);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Where a page of `ty` with `slug`, dated `date`, goes, relative to the content folder.
pub fn page_path(
    ty: &ContentType,
    slug: &str,
    date: &DateTime<FixedOffset>,
    values: &[(String, Json)],
    site: &Site,
) -> String {
    let file_slug = ty.slug_template.as_deref().map_or_else(
        || slug.to_string(),
        |t| fill_template(t, date, slug, values, site),
    );
    let inside = match ty.path_template.as_deref() {
        Some(path) => fill_template(path, date, &file_slug, values, site),
        None => file_slug,
    };
    // A template can only name folders inside the type's folder.
    let inside: Vec<&str> = inside
        .split('/')
        .filter(|part| !part.is_empty() && *part != "." && *part != "..")
        .collect();
    format!("{}/{}.md", ty.folder, inside.join("/"))
}

/// The new page of `ty` titled `title`, dated `now`, with `prefill` values (a term's first and
/// last name…) set on the keys they name, in the Decap collection's (or inferred type's)
/// shape. [`crate::archetype::plan`] decides between this and the section's archetype.
pub fn plan(
    site: &Site,
    ty: &ContentType,
    title: &str,
    now: DateTime<FixedOffset>,
    prefill: &[(String, Json)],
) -> Result<NewPage, NewPageError> {
    let title = title.trim();
    let slug = site.slug(title);
    if slug.is_empty() {
        return Err(NewPageError::EmptySlug(title.to_string()));
    }
    let shape = PageShape::learn(site, &ty.folder);
    let date = now.with_timezone(&site_offset(site, ty, &shape, now));
    let date_text = crate::site::schema::decap::moment_format(
        &date,
        &date_format(ty).unwrap_or_else(|| DEFAULT_DATE_FORMAT.to_string()),
    );
    let mut values: Vec<(String, Json)> = vec![(ty.identifier_field.clone(), title.into())];
    values.extend(prefill.iter().cloned());

    let keys = keys_of(ty, &shape, &values);
    let mut front = String::from("---\n");
    for key in &keys {
        let field = ty.fields.iter().find(|f| &f.name == key);
        let prefilled = values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone());
        let value = match key.as_str() {
            k if k == ty.identifier_field => Json::from(title),
            _ if prefilled.is_some() => prefilled.unwrap_or_default(),
            "title" => title.into(),
            "slug" => slug.clone().into(),
            "date" => date_text.clone().into(),
            _ => match field {
                Some(f) if f.widget == Widget::Datetime => {
                    let format = f.format.as_deref().unwrap_or(DEFAULT_DATE_FORMAT);
                    crate::site::schema::decap::moment_format(&date, format).into()
                }
                Some(f) => empty_value(f),
                // A key outside the schema: empty, as its pages leave it when they do.
                None if shape.key(key).is_some_and(|k| k.bare * 2 > k.count) => Json::Null,
                None => "".into(),
            },
        };
        front.push_str(&line(key, &value, &shape, field));
    }
    front.push_str("---\n");
    let front = super::decap::with_coaching_comments(&front, &ty.fields);
    let section = ty.folder.split('/').next().unwrap_or(&ty.folder);
    let body = archetype_for(site, section)
        .and_then(|rel| std::fs::read_to_string(site.root.join(rel)).ok())
        .map(|text| archetype_body(&text))
        .filter(|body| !body.trim().is_empty() && !body.contains("{{"))
        .unwrap_or_else(|| "\n".to_string());
    Ok(NewPage {
        path: page_path(ty, &slug, &date, &values, site),
        slug,
        date: date_text,
        source: front + &body,
        extra: Vec::new(),
    })
}

/// `source`, a page an archetype made, with `title` on its title field (the type's identifier)
/// when the archetype wrote another (Hugo's is the file name, `my-post` → `My Post`): that
/// one field set, the rest kept byte for byte. A page without that field is left as it is.
pub fn with_typed_title(source: String, ty: &ContentType, title: &str) -> String {
    let key = ty.identifier_field.as_str();
    let written = crate::front_matter::FrontMatter::parse(&source)
        .ok()
        .and_then(|fm| fm.get(key).map(|v| v.as_str().map(str::to_string)));
    match written {
        Some(written) if written.as_deref() != Some(title) => {
            let edit = crate::front_matter::FieldEdit::Set {
                key: key.to_string(),
                value: title.into(),
            };
            crate::front_matter::apply_edits(&source, &[edit]).unwrap_or(source)
        }
        _ => source,
    }
}

/// The keys of a new page, in order (see the module doc).
fn keys_of(ty: &ContentType, shape: &PageShape, values: &[(String, Json)]) -> Vec<String> {
    let mut keys: Vec<String> = ty
        .fields
        .iter()
        .filter(|f| {
            ((f.required || ALWAYS.contains(&f.name.as_str())) && !rarely_written(shape, &f.name))
                || f.name == ty.identifier_field
                || shape.share(&f.name) >= COMMON
                || values.iter().any(|(k, _)| *k == f.name)
        })
        .map(|f| f.name.clone())
        .collect();
    if keys.is_empty() {
        keys.push("title".to_string());
    }
    // Keys the site's pages carry that the schema does not name.
    let extra: Vec<String> = shape
        .keys
        .iter()
        .filter(|k| shape.share(&k.name) >= COMMON && !keys.contains(&k.name))
        .filter(|k| !ty.fields.iter().any(|f| f.name == k.name))
        .map(|k| k.name.clone())
        .collect();
    keys.extend(extra);
    // Each where the fewest sampled pages disagree with its order; schema order on a tie.
    let mut ordered: Vec<String> = Vec::with_capacity(keys.len());
    for key in keys {
        let disagreements = |at: usize| -> usize {
            let before: usize = ordered[..at].iter().map(|k| shape.before(&key, k)).sum();
            let after: usize = ordered[at..].iter().map(|k| shape.before(k, &key)).sum();
            before + after
        };
        let at = (0..=ordered.len())
            .min_by_key(|at| (disagreements(*at), usize::MAX - at))
            .unwrap_or(ordered.len());
        ordered.insert(at, key);
    }
    ordered
}

/// Whether the folder's pages (enough of them to tell) mostly leave `key` out: Decap requires
/// every field not marked otherwise, and a config may leave an optional field unmarked
/// (digital.gov's authors' `aliases`); the pages say it is not really asked for.
fn rarely_written(shape: &PageShape, key: &str) -> bool {
    shape.pages >= 10 && shape.share(key) < 0.25
}

/// A field's value on a new page when nothing else gives one.
fn empty_value(field: &FieldSchema) -> Json {
    if let Some(default) = &field.default {
        return default.clone();
    }
    match field.widget {
        _ if field.multiple => Json::Array(Vec::new()),
        Widget::List => Json::Array(Vec::new()),
        Widget::Boolean => false.into(),
        Widget::Number => Json::Null,
        _ => "".into(),
    }
}

/// One `key: value` entry, quoted as the folder's pages quote the key.
fn line(key: &str, value: &Json, shape: &PageShape, field: Option<&FieldSchema>) -> String {
    let key_shape = shape.key(key);
    let is_date = field.is_some_and(|f| f.widget == Widget::Datetime) || key == "date";
    let style = key_shape.map_or(QuoteStyle::Plain, super::shape::KeyShape::quote_style);
    let name = emit::key(key);
    match value {
        Json::Array(items) if items.is_empty() => {
            let bare = key_shape.is_some_and(|k| k.bare > k.flow_empty);
            if bare {
                format!("{name}:\n")
            } else {
                format!("{name}: []\n")
            }
        }
        Json::Array(items) => {
            let mut out = format!("{name}:\n");
            for item in items {
                let text = match item {
                    Json::String(s) => emit::string_scalar(s, QuoteStyle::Plain, false, false),
                    other => other.to_string(),
                };
                out.push_str(&format!("  - {text}\n"));
            }
            out
        }
        Json::String(s) if s.is_empty() && style == QuoteStyle::Single => format!("{name}: ''\n"),
        Json::String(s) if s.is_empty() => format!("{name}: \"\"\n"),
        Json::String(s) => format!(
            "{name}: {}\n",
            emit::string_scalar(s, style, false, is_date)
        ),
        Json::Null => format!("{name}:\n"),
        other => format!(
            "{name}: {}\n",
            emit::scalar(
                &crate::front_matter::Value::from_json(other),
                style,
                false,
                false
            )
            .unwrap_or_default()
        ),
    }
}

/// What follows an archetype's front matter.
fn archetype_body(text: &str) -> String {
    let mut lines = text.split_inclusive('\n');
    let Some(fence) = lines.next().map(str::trim_end) else {
        return String::new();
    };
    if fence != "---" && fence != "+++" {
        return text.to_string();
    }
    let mut offset = text.find('\n').map_or(text.len(), |n| n + 1);
    for line in lines {
        offset += line.len();
        if line.trim_end() == fence {
            return text[offset..].to_string();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_offsets_in_formats() {
        assert_eq!(literal_offset("YYYY-MM-DD HH:mm:00 -0500"), Some(-18_000));
        assert_eq!(literal_offset("YYYY-MM-DDTHH:mm:ss+05:30"), Some(19_800));
        assert_eq!(literal_offset("YYYY-MM-DD HH:mm:ss ZZ"), None);
        assert_eq!(literal_offset("YYYY-MM-DD"), None);
    }

    #[test]
    fn picked_dates_keep_their_offset_and_the_fields_format() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hugo.yaml"), "title: T\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let site = Site::open(dir.path()).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-12-07T09:30:00+00:00").unwrap();
        let shown = date_field(&site, None, "date", "2016-05-10 4:28:03 -0400", None, now);
        assert_eq!(shown.local, "2016-05-10T04:28");
        assert_eq!(shown.offset, "-04:00");
        assert_eq!(shown.text, "2016-05-10 4:28:03 -0400");
        let picked = date_field(
            &site,
            None,
            "date",
            "2016-05-10 4:28:03 -0400",
            Some("2016-07-01T09:15"),
            now,
        );
        assert_eq!(picked.text, "2016-07-01 09:15:03 -0400");
        assert_eq!(picked.local, "2016-07-01T09:15");
        // Nothing typed yet: the site's offset (here the caller's).
        let fresh = date_field(&site, None, "date", "", Some("2026-12-08T10:00"), now);
        assert_eq!(fresh.text, "2026-12-08 10:00:00 +0000");
        let bad = date_field(&site, None, "date", "next week", None, now);
        assert_eq!(bad.local, "");
    }

    #[test]
    fn archetype_bodies_follow_the_front_matter() {
        assert_eq!(archetype_body("---\ntitle: x\n---\n\nHello\n"), "\nHello\n");
        assert_eq!(archetype_body("+++\n+++\nBody"), "Body");
        assert_eq!(archetype_body("---\nunclosed\n"), "");
    }
}
