//! The site as lists: pages, terms, content types, queries and ref lookups for the page list,
//! the pickers and the link dialog; the shortcodes the site can call, for the palette, the
//! editor's completion and `postwright shortcodes`.

use super::Workspace;
use crate::render::catalog::ShortcodeInfo;
use crate::site::schema::ContentType;
use crate::site::{PageEntry, PageKind, Term};
use serde::Serialize;

/// A page as the app's page list shows it: what a row prints and what the list filters on
/// in the window. The list holds every page of the site, so it carries no more than that
/// (a whole [`PageEntry`] is ten times the size, its params, refs and shortcodes).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageRow {
    /// Path relative to the content folder, with `/`.
    pub path: String,
    /// First path component (`news`), empty for top-level pages.
    pub section: String,
    /// Page, section, term…
    pub kind: PageKind,
    /// The title as people read it (HTML entities decoded).
    pub title: String,
    /// `date` as written.
    pub date: Option<String>,
    /// `draft: true`.
    pub draft: bool,
    /// `authors`.
    pub authors: Vec<String>,
    /// The front matter could not be read (the message, with line and column).
    pub front_matter_error: Option<String>,
}

impl From<&PageEntry> for PageRow {
    fn from(page: &PageEntry) -> PageRow {
        PageRow {
            path: page.path.clone(),
            section: page.section.clone(),
            kind: page.kind,
            title: Workspace::display_text(&page.title),
            date: page.date.clone(),
            draft: page.draft,
            authors: page.authors.clone(),
            front_matter_error: page.front_matter_error.clone(),
        }
    }
}
use crate::site::{PageQuery, RefResolution};
use crate::template::ShortcodeTemplates;

impl Workspace {
    /// Every page, newest first (undated pages last, by path), titles shown decoded.
    pub fn pages(&self) -> Vec<PageEntry> {
        let mut pages: Vec<PageEntry> = self.site.index.pages.iter().map(for_people).collect();
        pages.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
        pages
    }

    /// Every page as the page list shows it, in the order of [`Workspace::pages`].
    pub fn page_rows(&self) -> Vec<PageRow> {
        let mut rows: Vec<PageRow> = self.site.index.pages.iter().map(PageRow::from).collect();
        rows.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
        rows
    }

    /// The terms of one taxonomy (`authors`, `topics`), for the pickers.
    pub fn terms(&self, taxonomy: &str) -> Vec<Term> {
        self.site
            .index
            .terms
            .get(taxonomy)
            .cloned()
            .unwrap_or_default()
    }

    /// The plural names of the site's taxonomies (`authors`, `topics`), as its config declares
    /// them: a relation to one of them picks its terms.
    pub fn taxonomies(&self) -> Vec<String> {
        self.site
            .config
            .taxonomy_plurals()
            .map(str::to_string)
            .collect()
    }

    /// The site's languages, in Hugo's order (by weight, then code).
    pub fn languages(&self) -> Vec<String> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect()
    }

    /// Each language of the site for the page at `rel`: the page, its translations (current
    /// or older than it) and the languages lacking it; empty on a one-language site.
    pub fn translations(&self, rel: &str) -> Vec<crate::site::translations::Translation> {
        self.site.translations(rel)
    }

    /// The form of the page at `rel`: its content type's fields as the form edits them, or
    /// the default fields when its section has none.
    pub fn form_fields(&self, rel: &str) -> Vec<crate::site::schema::form::FormField> {
        let taxonomies: Vec<&str> = self.site.config.taxonomy_plurals().collect();
        crate::site::schema::form::form_fields(self.site.schema.for_page(rel), &taxonomies)
    }

    /// The content type (and so the form's fields) of the page at `rel`.
    pub fn content_type(&self, rel: &str) -> Option<ContentType> {
        self.site.schema.for_page(rel).cloned()
    }

    /// The pages `query` selects (text search, filters, sort). The `has_problems` filter runs
    /// the checks over the site (about a second on the 4,000-page corpus).
    pub fn query_pages(&self, query: &PageQuery) -> Vec<PageEntry> {
        let problems: Option<std::collections::HashSet<String>> = query.has_problems.map(|_| {
            crate::check::check_site(&self.site)
                .into_iter()
                .map(|d| d.path)
                .collect()
        });
        self.site
            .index
            .query(query, problems.as_ref())
            .into_iter()
            .map(for_people)
            .collect()
    }

    /// The pages `query` selects, as the page list shows them (see [`Workspace::query_pages`]).
    pub fn query_page_rows(&self, query: &PageQuery) -> Vec<PageRow> {
        self.query_pages(query).iter().map(PageRow::from).collect()
    }

    /// The terms of `taxonomy` matching `text`, best first, for the pickers.
    pub fn search_terms(&self, taxonomy: &str, text: &str, limit: usize) -> Vec<Term> {
        self.site
            .index
            .search_terms(taxonomy, text, limit)
            .into_iter()
            .cloned()
            .collect()
    }

    /// A title (or any front-matter text) as the app shows it: HTML entities decoded
    /// (`What&#8217;s` reads "What’s"). The file keeps what it has.
    pub fn display_text(text: &str) -> String {
        crate::entities::decode_entities(text)
    }

    /// Where a `ref`/`relref` target written in the page at `from` leads, as Hugo resolves it.
    pub fn resolve_ref(&self, from: &str, target: &str) -> RefResolution {
        self.site.resolve_ref(from, target, None)
    }

    /// Every shortcode the site can call (its templates, its themes', Hugo's embedded ones),
    /// by name, with the params each reads, whether it takes inner content, and its help.
    /// Templates are read from disk on each call (tens of small files), so the list follows
    /// edits to `layouts/`.
    pub fn shortcodes(&self) -> Vec<ShortcodeInfo> {
        let templates = ShortcodeTemplates::for_site(&self.site).unwrap_or_default();
        crate::render::catalog::catalog(&templates)
    }
}

/// A page as the lists show it: its title with HTML entities decoded (`What&#8217;s` reads
/// "What’s"). The index keeps the title as written (templates print it as Hugo does), the file
/// keeps its bytes, and the html-entity check still offers to replace them.
fn for_people(page: &PageEntry) -> PageEntry {
    PageEntry {
        title: Workspace::display_text(&page.title),
        ..page.clone()
    }
}
