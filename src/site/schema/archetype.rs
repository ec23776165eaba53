//! Which archetype a new page of a section is made from, and where that page goes, as
//! `hugo new content` decides: a bundle archetype `archetypes/<section>/` (holding `index.md`)
//! makes `<section>/<slug>/index.md` (as `hugo new content <section>/<slug>` does), else
//! `archetypes/<section>.md`, else `archetypes/default.md` make `<section>/<slug>.md`; the
//! project's archetype folders first, then its themes' (Hugo's union of them). Running it is
//! [`crate::archetype`]'s (the template engine sits above `site`).

use std::path::PathBuf;

use crate::site::Site;

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
    #[error("{path}:{line}:{column}: {message}")]
    Template {
        /// The archetype file, relative to the site root.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What went wrong.
        message: String,
    },
    /// One of its files could not be read.
    #[error("{path}: cannot read the archetype: {message}")]
    Read {
        /// The file, relative to the site root.
        path: String,
        /// What went wrong.
        message: String,
    },
}
