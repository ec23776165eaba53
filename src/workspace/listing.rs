//! The site as lists: pages, terms, content types, queries and ref lookups for the page list,
//! the pickers and the link dialog; the shortcodes the site can call, for the palette, the
//! editor's completion and `postwright shortcodes`.

use super::Workspace;
use crate::render::catalog::ShortcodeInfo;
use crate::site::schema::ContentType;
use crate::site::{PageEntry, Term};
use crate::site::{PageQuery, RefResolution};
use crate::template::ShortcodeTemplates;

impl Workspace {
    /// Every page, newest first (undated pages last, by path), titles shown decoded.
    pub fn pages(&self) -> Vec<PageEntry> {
        let mut pages: Vec<PageEntry> = self.site.index.pages.iter().map(for_people).collect();
        pages.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
        pages
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
        self.site.resolve_ref(from, target)
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
