//! New pages from the site's archetypes, made as `hugo new content` makes them, and the one
//! place that decides how a new page is made: a type the site's Decap config names gets the
//! collection's shape ([`crate::site::schema::new_page::plan`]); any other type with an
//! archetype ([`crate::site::schema::archetype::find`]) gets what Hugo's own tooling writes.
//!
//! Running an archetype: each content file of it is a Go text/template run by
//! [`crate::template::run_archetype`] with Hugo's `archetypeFileData` — `.Type` (the section),
//! `.Date` (now as RFC 3339, in the site's offset: Hugo reads the machine's clock and zone,
//! so this is what it writes on a machine in the site's zone), `.Name`/`.File` (the new file),
//! `.Page`, `.Site` (title, params, data) — and Hugo's functions (`now` is the same instant);
//! a bundle's other files are copied as they are. What Hugo would give that this does not:
//! `.Site.Pages` and other built-site members (a template asking for them fails with its
//! file, line and column). Lives above `site` and `template`, which it joins.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde_json::Value as Json;

use crate::site::schema::archetype::{self, Archetype, ArchetypeError};
use crate::site::schema::new_page::{self, NewPage, NewPageError};
use crate::site::schema::shape::PageShape;
use crate::site::schema::ContentType;
use crate::site::Site;
use crate::template::{ArchetypeInput, PreparedSite, ShortcodeTemplates, SiteContext};

/// The new page of `ty` titled `title`, dated `now`, with `prefill` values: from the
/// section's archetype when the Decap config does not name the type and it has one, else in
/// the type's shape.
pub fn plan(
    site: &Site,
    ty: &ContentType,
    title: &str,
    now: DateTime<FixedOffset>,
    prefill: &[(String, Json)],
) -> Result<NewPage, NewPageError> {
    let found = (ty.source != "decap")
        .then(|| archetype::find(site, &ty.folder))
        .flatten();
    let Some(found) = found else {
        return new_page::plan(site, ty, title, now, prefill);
    };
    let title = title.trim();
    let slug = site.slug(title);
    if slug.is_empty() {
        return Err(NewPageError::EmptySlug(title.to_string()));
    }
    let shape = PageShape::learn(site, &ty.folder);
    let now = now.with_timezone(&new_page::site_offset(site, ty, &shape, now));
    let path = archetype::page_path(&found, &ty.folder, &slug);
    let mut files = run(site, &found, &ty.folder, &path, now)?;
    let page = files.remove(0).1;
    let source = new_page::with_typed_title(String::from_utf8_lossy(&page).into_owned(), ty, title);
    Ok(NewPage {
        path,
        slug,
        date: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        source,
        extra: files,
    })
}

/// The files `archetype` makes for the page at `page` (content-relative, as
/// [`archetype::page_path`] gives) of `section`, dated `now` as given: the page first, then a
/// bundle's other files, each as (content-relative path, bytes).
pub fn run(
    site: &Site,
    archetype: &Archetype,
    section: &str,
    page: &str,
    now: DateTime<FixedOffset>,
) -> Result<Vec<(String, Vec<u8>)>, ArchetypeError> {
    let (context, _) = SiteContext::from_site(site);
    let prepared = PreparedSite::new(&context);
    // Partials an archetype calls come from the site's layouts; a layout folder that cannot
    // be read leaves none.
    let templates = ShortcodeTemplates::for_site(site).unwrap_or_default();
    let date = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let execute = |source_rel: &std::path::Path, target: &str| -> Result<Vec<u8>, ArchetypeError> {
        let display = source_rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(site.root.join(source_rel)).map_err(|e| {
            ArchetypeError::Read {
                path: display.clone(),
                message: e.to_string(),
            }
        })?;
        let input = ArchetypeInput {
            source: &text,
            display: &display,
            kind: section,
            path: target,
            now: &date,
        };
        crate::template::run_archetype(&input, &prepared, &templates)
            .map(String::into_bytes)
            .map_err(|e| ArchetypeError::Template {
                path: e.template,
                line: e.line,
                column: e.column,
                message: e.message,
            })
    };
    match archetype {
        Archetype::File(rel) => Ok(vec![(page.to_string(), execute(rel, page)?)]),
        Archetype::Bundle(dir) => {
            let bundle = page.strip_suffix("/index.md").unwrap_or(page);
            let mut files = vec![(page.to_string(), Vec::new())];
            let root = site.root.join(dir);
            for entry in walkdir::WalkDir::new(&root)
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
            {
                let Ok(inside) = entry.path().strip_prefix(&root) else {
                    continue;
                };
                let inside_text = inside
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let target = format!("{bundle}/{inside_text}");
                let bytes = if crate::site::is_content_file(entry.path()) {
                    execute(&dir.join(inside), &target)?
                } else {
                    std::fs::read(entry.path()).map_err(|e| ArchetypeError::Read {
                        path: dir.join(inside).to_string_lossy().into_owned(),
                        message: e.to_string(),
                    })?
                };
                if target == page {
                    files[0].1 = bytes;
                } else {
                    files.push((target, bytes));
                }
            }
            Ok(files)
        }
    }
}
