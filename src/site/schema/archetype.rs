//! A new page from the site's archetype, made as `hugo new content` makes it: Hugo's own
//! choice of archetype and its template run with Hugo's context, so a site without a Decap
//! config gets the bytes its own tooling would write.
//!
//! - **Which**: for a section, a bundle archetype `archetypes/<section>/` (holding
//!   `index.md`) makes `<section>/<slug>/` (as `hugo new content <section>/<slug>` does),
//!   else `archetypes/<section>.md`, else `archetypes/default.md` make `<section>/<slug>.md`;
//!   the project's archetype folders first, then its themes' (Hugo's union of them).
//! - **Run**: each content file of the archetype is a Go text/template run by
//!   [`crate::template::run_archetype`] with `.Type` (the section), `.Date` (now, RFC 3339, in
//!   the offset of the instant given: Hugo uses the machine's clock and zone, the app and the
//!   CLI give the machine's now), `.Name`/`.File` (the new file), `.Site` (title, params,
//!   data) and Hugo's functions; a bundle's other files are copied as they are.
//!
//! What Hugo would give that this does not: `.Site.Pages` and other built-site members (a
//! template asking for them fails with its file, line and column).

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, SecondsFormat};

use crate::site::Site;
use crate::template::{
    ArchetypeInput, PreparedSite, ShortcodeTemplates, SiteContext, TemplateError,
};

/// The archetype a new page of a section is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Archetype {
    /// One file (`archetypes/news.md`), relative to the site root.
    File(PathBuf),
    /// A bundle folder (`archetypes/news/`, holding `index.md`), relative to the site root.
    Bundle(PathBuf),
}

/// The archetype of `section` (see the module doc for the order).
pub fn find(site: &Site, section: &str) -> Option<Archetype> {
    let dirs = site
        .mounts
        .root_dirs(&site.root, crate::site::Component::Archetypes);
    let bundle = dirs
        .iter()
        .map(|dir| dir.join(section))
        .find(|rel| !section.is_empty() && site.root.join(rel).join("index.md").is_file());
    if let Some(rel) = bundle {
        return Some(Archetype::Bundle(rel));
    }
    [format!("{section}.md"), "default.md".to_string()]
        .into_iter()
        .find_map(|name| {
            dirs.iter()
                .map(|dir| dir.join(&name))
                .find(|rel| site.root.join(rel).is_file())
        })
        .map(Archetype::File)
}

/// Where a page of `section` with `slug` made from `archetype` goes, relative to the content
/// folder: `<section>/<slug>/index.md` from a bundle, else `<section>/<slug>.md`.
pub fn page_path(archetype: &Archetype, section: &str, slug: &str) -> String {
    match archetype {
        Archetype::Bundle(_) => format!("{section}/{slug}/index.md"),
        Archetype::File(_) => format!("{section}/{slug}.md"),
    }
}

/// Why an archetype could not be made into a page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchetypeError {
    /// Its template failed to parse or run.
    #[error("{0}")]
    Template(#[from] TemplateError),
    /// One of its files could not be read.
    #[error("{path}: cannot read the archetype: {message}")]
    Read {
        /// The file, relative to the site root.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// The files `archetype` makes for the page at `page` (content-relative, as
/// [`page_path`] gives), dated `now`: the page first, then a bundle's other files, each as
/// (content-relative path, bytes).
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
    let execute = |source_rel: &Path, target: &str| -> Result<Vec<u8>, ArchetypeError> {
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
        Ok(crate::template::run_archetype(&input, &prepared, &templates)?.into_bytes())
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
                let bytes = if crate::site::index::is_content_file(entry.path()) {
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
