//! Bringing old posts home: a Jekyll post, a JSON Feed (or one item of it), a WordPress export or
//! a plain Markdown/HTML file from a guest agency, turned into pages of the site, written the way
//! the site writes its own. Nothing here writes: [`import`] returns the pages (path, text, what
//! remains to settle) for the writer to see first; the facade
//! ([`crate::Workspace::import_preview`], [`crate::Workspace::import_write`]) checks and saves.
//!
//! Everything site-specific is learned from the site, not written here:
//! - [`shape`] reads each input shape into one neutral [`shape::SourcePost`] (`wxr` for
//!   WordPress, [`html`] turns HTML bodies into Markdown, `crate::entities` decodes entities);
//! - [`terms`]: categories, tags and topics → the site's terms (titles, slugs, retired
//!   `aliases`), authors → its author pages or new ones;
//! - [`images`]: Liquid image includes and `<img>` → the image shortcode the site uses;
//! - [`links`]: links to the site's own URLs, on its hosts and old hosts → `ref` shortcodes;
//! - the path, slug and key order come from the section's content type (Decap templates),
//!   the same as for a new page ([`crate::site::schema::SiteSchema::new_page_path`]).

pub mod html;
pub mod images;
pub mod links;
pub mod shape;
pub mod terms;
mod wxr;

use std::ops::Range;

use serde::Serialize;

use crate::front_matter::{self, FieldEdit};
use crate::site::{file_slug, PageKind, Site};
pub use shape::Shape;
pub use terms::NewAuthor;

/// Why a file could not be imported at all (a page with problems is still imported).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not valid JSON, XML or front matter.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file as named.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file holds no post (an empty feed, an export of attachments only).
    #[error("{file}: no post to import in this file")]
    Empty {
        /// The file as named.
        file: String,
    },
    /// The section named is not one folder of the content folder.
    #[error("{section}: a section is one folder name inside the content folder")]
    BadSection {
        /// The section as given.
        section: String,
    },
}

impl ImportError {
    /// A stable code for the shells.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Parse { .. } => "import-parse",
            ImportError::Empty { .. } => "import-empty",
            ImportError::BadSection { .. } => "import-section",
        }
    }
}

/// What the writer adds to what the site knows.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOptions {
    /// The section the pages go to; by default the section with the most pages.
    pub section: Option<String>,
    /// Hosts the site was served from before (`www.old.example.gov`), besides its `baseURL`.
    pub old_hosts: Vec<String>,
    /// Answers for names the site does not know: `(name, term slug)`.
    pub term_choices: Vec<(String, String)>,
}

/// Something the import could not settle, for the writer to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportProblem {
    /// A stable code: `unknown-term`, `unmapped-link`, `liquid-tag`, `new-author`,
    /// `dropped-key`, `no-title`, `no-date`, `exists`, or a check's code.
    pub code: String,
    /// What to decide.
    pub message: String,
    /// 1-based line in the page, where it has one.
    pub line: Option<usize>,
    /// 1-based column, with `line`.
    pub column: Option<usize>,
}

/// One post of an imported file as the page it becomes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportedPage {
    /// The file (and item) it came from.
    pub origin: String,
    /// The shape it was read as.
    pub shape: Shape,
    /// Where it goes, relative to the content folder.
    pub path: String,
    /// The whole page as it would be written.
    pub source: String,
    /// Its front matter, in order.
    #[cfg_attr(feature = "specta", specta(type = std::collections::BTreeMap<String, serde_json::Value>))]
    pub front_matter: serde_json::Map<String, serde_json::Value>,
    /// Its body.
    pub body: String,
    /// Names of categories/tags/topics the site has no term for (left out of the page).
    pub unknown_terms: Vec<String>,
    /// Author pages to create with it.
    pub new_authors: Vec<NewAuthor>,
    /// What remains to settle.
    pub problems: Vec<ImportProblem>,
}

/// Byte ranges of `body` that are code (fenced blocks, inline spans), left as written.
pub(crate) fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for (event, range) in pulldown_cmark::Parser::new(body).into_offset_iter() {
        match event {
            pulldown_cmark::Event::Code(_)
            | pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// `text` with its entities decoded outside code.
fn decode_outside_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for range in code_ranges(text) {
        if range.start < last {
            continue;
        }
        out.push_str(&crate::entities::decode(&text[last..range.start]));
        out.push_str(&text[range.clone()]);
        last = range.end;
    }
    out.push_str(&crate::entities::decode(&text[last..]));
    out
}

/// The section new pages go to by default: the one with the most regular pages.
fn default_section(site: &Site) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for page in site.index.pages.iter().filter(|p| p.kind == PageKind::Page) {
        match counts.iter_mut().find(|(s, _)| *s == page.section) {
            Some((_, n)) => *n += 1,
            None => counts.push((page.section.as_str(), 1)),
        }
    }
    counts
        .into_iter()
        .filter(|(s, _)| !s.is_empty())
        .max_by_key(|(_, n)| *n)
        .map_or_else(|| "posts".to_string(), |(s, _)| s.to_string())
}

/// A date as the site writes it, with its offset, and the instant for the path: dates Hugo
/// reads as written stay as written (`2016-05-10 4:28:03 -0400`); RFC 3339 and RFC 2822 dates
/// become `2016-07-29 10:00:56 -0400`, the shape of the site's own.
fn site_date(text: &str) -> Option<(String, chrono::DateTime<chrono::FixedOffset>)> {
    let text = text.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some((d.format("%Y-%m-%d %H:%M:%S %z").to_string(), d));
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some((d.format("%Y-%m-%d %H:%M:%S %z").to_string(), d));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M %z",
    ] {
        if let Ok(d) = chrono::DateTime::parse_from_str(text, format) {
            return Some((text.to_string(), d));
        }
    }
    // A day or a time without offset: kept, read as UTC for the path.
    let utc = chrono::FixedOffset::east_opt(0)?;
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some((text.to_string(), d.and_local_timezone(utc).single()?));
        }
    }
    let day = chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some((
        text.to_string(),
        day.and_hms_opt(0, 0, 0)?.and_local_timezone(utc).single()?,
    ))
}

/// A slug from a title by the site's one slug rule ([`Site::slug`]), dashes read as word
/// breaks (`CX Community—Year One` → `cx-community-year-one`, as WordPress made them).
fn slug_from_title(rules: &crate::site::SlugRules, title: &str) -> String {
    rules.slug(&title.replace(['—', '–', '/'], " "))
}

/// Reads the file `name` (its text) and maps each post in it to a page of `site`. `now` dates
/// posts that have no date. Writes nothing.
pub fn import(
    site: &Site,
    name: &str,
    text: &str,
    options: &ImportOptions,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Vec<ImportedPage>, ImportError> {
    let section = match &options.section {
        Some(s) => {
            let s = s.trim().trim_matches('/');
            if s.is_empty() || s.contains(['/', '\\']) || s.starts_with('.') {
                return Err(ImportError::BadSection {
                    section: s.to_string(),
                });
            }
            s.to_string()
        }
        None => default_section(site),
    };
    let (shape, posts) = shape::read(name, text)?;
    let mapper = terms::TermMapper::new(site, &options.term_choices);
    let urls = links::UrlMap::new(site, &options.old_hosts);
    let style = images::learn(site);
    let mut pages: Vec<ImportedPage> = Vec::new();
    for post in posts {
        let mut page = import_post(site, &section, shape, post, &mapper, &urls, &style, now);
        if pages.iter().any(|p| p.path == page.path) {
            page.problems.push(ImportProblem {
                code: "exists".into(),
                message: format!("another imported post also goes to {}", page.path),
                line: None,
                column: None,
            });
        }
        pages.push(page);
    }
    Ok(pages)
}

#[allow(clippy::too_many_arguments)]
fn import_post(
    site: &Site,
    section: &str,
    shape: Shape,
    post: shape::SourcePost,
    mapper: &terms::TermMapper<'_>,
    urls: &links::UrlMap<'_>,
    style: &images::ImageStyle,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> ImportedPage {
    let mut problems = Vec::new();
    let mut problem = |code: &str, message: String| {
        problems.push(ImportProblem {
            code: code.into(),
            message,
            line: None,
            column: None,
        })
    };
    let title = post.title.clone().filter(|t| !t.trim().is_empty());
    if title.is_none() {
        problem("no-title", "the post has no title".into());
    }
    let title = title.unwrap_or_else(|| "Untitled".into());
    let (date, instant) = match post.date.as_deref().and_then(site_date) {
        Some(found) => found,
        None => {
            problem(
                "no-date",
                match &post.date {
                    Some(d) => format!("the date `{d}` could not be read; dated now"),
                    None => "the post has no date; dated now".into(),
                },
            );
            (now.format("%Y-%m-%d %H:%M:%S %z").to_string(), now)
        }
    };
    let slug = post
        .slug
        .as_deref()
        .map(file_slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug_from_title(&site.schema.slug_rules, &title));
    let slug = if slug.is_empty() {
        "post".to_string()
    } else {
        slug
    };
    let path = site.schema.new_page_path(section, &slug, &instant);

    let (topics, unknown) = mapper.map_terms(&post.categories, &post.terms);
    for (name, suggestion) in &unknown {
        let hint = match suggestion {
            Some(term) => format!(
                " (the site retires a term of that name into `{term}`: choose it if the category meant that)"
            ),
            None => String::new(),
        };
        problem(
            "unknown-term",
            format!(
                "`{name}` is no {} of the site (no term page by that title or slug){hint}: choose one or leave it out",
                mapper.taxonomy
            ),
        );
    }
    let unknown_terms: Vec<String> = unknown.into_iter().map(|(name, _)| name).collect();
    let (authors, new_authors) = mapper.map_authors(&post.authors);
    for author in &new_authors {
        problem(
            "new-author",
            format!(
                "no author page for `{}`: {} will be created",
                author.name, author.path
            ),
        );
    }
    for key in &post.dropped {
        problem(
            "dropped-key",
            format!("`{key}` is not carried over (the site's pages have no such field)"),
        );
    }

    let body = decode_outside_code(&post.body);
    let (body, leftovers) = images::convert(style, &body);
    let (body, unmapped) = links::map_links(
        urls,
        &path,
        &body,
        post.base_path.as_deref(),
        &post.hosts,
        mapper,
    );

    let mut edits = vec![
        FieldEdit::Set {
            key: "slug".into(),
            value: slug.clone().into(),
        },
        FieldEdit::Set {
            key: "date".into(),
            value: date.into(),
        },
        FieldEdit::Set {
            key: "title".into(),
            value: title.clone().into(),
        },
    ];
    if let Some(summary) = post
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        edits.push(FieldEdit::Set {
            key: "summary".into(),
            value: summary.into(),
        });
    }
    if let Some(taxonomy) = &mapper.authors {
        if !authors.is_empty() {
            edits.push(FieldEdit::Set {
                key: taxonomy.clone(),
                value: authors.clone().into(),
            });
        }
    }
    if !topics.is_empty() {
        edits.push(FieldEdit::Set {
            key: mapper.taxonomy.clone(),
            value: topics.into(),
        });
    }
    if post.draft {
        edits.push(FieldEdit::Set {
            key: "draft".into(),
            value: true.into(),
        });
    }
    let order: Vec<String> = site
        .schema
        .for_page(&path)
        .map(|t| t.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let body = format!("\n{}", body.trim_start_matches('\n'));
    let source = front_matter::apply_edits_with_order("---\n---\n", &edits, &order)
        .and_then(|fm| front_matter::replace_body(&fm, &body))
        .unwrap_or_else(|e| {
            // Only values the emitter cannot write fail here; the page is still shown.
            problem("front-matter", e.to_string());
            format!("---\ntitle: {title:?}\n---\n{body}")
        });
    let body_start = front_matter::body_start(&source);
    // Each occurrence of a text is found after the one before it (a link written twice is
    // listed at both places).
    let mut searched: Vec<(String, usize)> = Vec::new();
    let mut at = |needle: &str| {
        let from = searched
            .iter()
            .find(|(n, _)| n == needle)
            .map_or(body_start, |(_, end)| *end);
        let found = source.get(from..)?.find(needle).map(|i| from + i)?;
        searched.retain(|(n, _)| n != needle);
        searched.push((needle.to_string(), found + needle.len()));
        Some(crate::text::line_column(&source, found))
    };
    for tag in leftovers {
        let (line, column) = at(&tag.text).unzip();
        problems.push(ImportProblem {
            code: "liquid-tag".into(),
            message: format!(
                "Liquid tag `{}` has no Hugo equivalent here: rewrite or remove it",
                tag.text
            ),
            line,
            column,
        });
    }
    for link in unmapped {
        let (line, column) = at(&link.url).unzip();
        problems.push(ImportProblem {
            code: "unmapped-link".into(),
            message: format!(
                "`{}` points at the site but no page has this URL (permalink, url, alias or old date-slug URL): link it by hand",
                link.url
            ),
            line,
            column,
        });
    }
    if site.content_root().join(&path).exists() {
        problems.push(ImportProblem {
            code: "exists".into(),
            message: format!("a page already exists at {path}"),
            line: None,
            column: None,
        });
    }
    let front_matter = front_matter::FrontMatter::parse(&source)
        .map(|fm| {
            fm.fields()
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect()
        })
        .unwrap_or_default();
    let body = source[body_start..].to_string();
    ImportedPage {
        origin: post.label,
        shape,
        path,
        front_matter,
        body,
        source,
        unknown_terms,
        new_authors,
        problems,
    }
}

/// The text of a new author page for `author`, with the fields the site's author pages have
/// (`display_name`, `first_name`, `last_name` when its content type lists them, else `title`).
pub fn author_page_source(site: &Site, author: &NewAuthor) -> Result<String, ImportError> {
    let fields: Vec<String> = site
        .schema
        .for_page(&author.path)
        .map(|t| t.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    let has = |k: &str| fields.iter().any(|f| f == k);
    let mut edits = vec![FieldEdit::Set {
        key: "slug".into(),
        value: author.slug.clone().into(),
    }];
    if has("display_name") {
        edits.push(FieldEdit::Set {
            key: "display_name".into(),
            value: author.name.clone().into(),
        });
        let mut words = author.name.split_whitespace();
        if let (true, Some(first)) = (has("first_name"), words.next()) {
            edits.push(FieldEdit::Set {
                key: "first_name".into(),
                value: first.into(),
            });
            let last: Vec<&str> = words.collect();
            if has("last_name") && !last.is_empty() {
                edits.push(FieldEdit::Set {
                    key: "last_name".into(),
                    value: last.join(" ").into(),
                });
            }
        }
    } else {
        edits.push(FieldEdit::Set {
            key: "title".into(),
            value: author.name.clone().into(),
        });
    }
    let order: Vec<&str> = fields.iter().map(String::as_str).collect();
    front_matter::apply_edits_with_order("---\n---\n", &edits, &order).map_err(|e| {
        ImportError::Parse {
            file: author.path.clone(),
            line: e.line,
            column: e.column,
            message: e.message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_offset() {
        assert_eq!(
            site_date("2016-07-29T10:00:56-04:00")
                .map(|d| d.0)
                .as_deref(),
            Some("2016-07-29 10:00:56 -0400")
        );
        assert_eq!(
            site_date("2016-05-10 4:28:03 -0400")
                .map(|d| d.0)
                .as_deref(),
            Some("2016-05-10 4:28:03 -0400")
        );
        assert_eq!(
            site_date("Thu, 01 May 2014 14:00:00 +0000")
                .map(|d| d.0)
                .as_deref(),
            Some("2014-05-01 14:00:00 +0000")
        );
        assert!(site_date("yesterday").is_none());
    }

    #[test]
    fn slugs_from_titles_break_at_dashes() {
        assert_eq!(
            slug_from_title(&crate::site::SlugRules::Hugo, "CX Community—Year One"),
            "cx-community-year-one"
        );
        assert_eq!(
            slug_from_title(
                &crate::site::SlugRules::decap_default(),
                "Año nuevo—Ünïcode"
            ),
            "año-nuevo-ünïcode"
        );
    }

    #[test]
    fn entities_in_code_stay() {
        assert_eq!(
            decode_outside_code("a&rsquo;s `&rsquo;`\n\n```\n&mdash;\n```\n&mdash;"),
            "a’s `&rsquo;`\n\n```\n&mdash;\n```\n—"
        );
    }
}
