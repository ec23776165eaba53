//! Categories, tags and feed topics mapped to the site's taxonomy terms, and author names to its
//! author pages, learned from the site's term pages: a name matches a term by slug, by title
//! (case-insensitively), or by the `aliases` with which a term page retires old terms
//! ([`crate::check::canonical_term`], the rule the checks use). Duplicates collapse; names
//! nothing matches are listed for the writer to choose (a choice is a `name → slug` pair).
//! An author no page knows gets a new author page.

use crate::site::{file_slug, urlize, PageEntry, PageKind, Site};

/// Maps source names to one site's terms and authors.
pub struct TermMapper<'a> {
    site: &'a Site,
    /// The taxonomy categories and tags go to (`topics`).
    pub taxonomy: String,
    /// The taxonomy authors go to (`authors`), when the site has one.
    pub authors: Option<String>,
    choices: &'a [(String, String)],
}

/// An author page the import would create.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAuthor {
    /// The slug listed in the page's `authors`.
    pub slug: String,
    /// The display name.
    pub name: String,
    /// Where the author page goes, relative to the content folder.
    pub path: String,
}

/// A WordPress slug made unique with `-2`, `-3`: `customer-experience-2`.
fn without_number_suffix(slug: &str) -> &str {
    match slug.rsplit_once('-') {
        Some((stem, n)) if !stem.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => stem,
        _ => slug,
    }
}

impl<'a> TermMapper<'a> {
    /// A mapper for `site`; `choices` are the writer's answers for names the site does not know
    /// (`Managing Digital` → `product-and-project-management`).
    pub fn new(site: &'a Site, choices: &'a [(String, String)]) -> TermMapper<'a> {
        let declared: Vec<&str> = site.config.taxonomy_plurals().collect();
        let authors = ["authors", "author"]
            .into_iter()
            .find(|t| declared.contains(t))
            .map(str::to_string);
        // The taxonomy with the most terms that is not the authors': topics, tags, categories.
        let taxonomy = declared
            .iter()
            .filter(|t| Some(**t) != authors.as_deref())
            .max_by_key(|t| {
                (
                    site.index.terms.get(**t).map_or(0, Vec::len),
                    site.index.term_counts.get(**t).map_or(0, |c| c.len()),
                )
            })
            .map_or_else(|| "tags".to_string(), |t| t.to_string());
        TermMapper {
            site,
            taxonomy,
            authors,
            choices,
        }
    }

    /// The term `name` (a title, slug or retired name) stands for, if the site knows it: the
    /// writer's choice, else a term with that slug or title, else (unless `by_name_only`) the
    /// term whose page retires it in its `aliases`.
    pub fn term_for(&self, name: &str) -> Option<String> {
        self.lookup(name, false)
    }

    fn choice(&self, name: &str) -> Option<String> {
        self.choices
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name) || urlize(n) == urlize(name))
            .map(|(_, slug)| slug.clone())
    }

    fn lookup(&self, name: &str, by_name_only: bool) -> Option<String> {
        let name = name.trim();
        if let Some(slug) = self.choice(name) {
            return Some(slug);
        }
        let terms = self.site.index.terms.get(&self.taxonomy)?;
        let slug = urlize(name);
        if let Some(term) = terms
            .iter()
            .find(|t| t.slug == slug || t.title.trim().eq_ignore_ascii_case(name))
        {
            return Some(term.slug.clone());
        }
        if by_name_only {
            return None;
        }
        crate::check::canonical_term(self.site, &self.taxonomy, &slug)
    }

    /// The terms `categories` and `tags` map to, in order, each once; and the names nothing
    /// matched, with what the site's aliases would suggest. Tags (and feed topics) match a
    /// term by slug, title or the aliases that retire old terms (`/topics/cx/`): the old
    /// site's tags became the taxonomy's terms. Categories match by slug or title only: they
    /// lived under their own URLs (`/category/…`) and were never terms of the taxonomy, so an
    /// alias retiring a term of the same name is only offered, not applied.
    pub fn map_terms(
        &self,
        categories: &[String],
        tags: &[String],
    ) -> (Vec<String>, Vec<(String, Option<String>)>) {
        let mut terms: Vec<String> = Vec::new();
        let mut unknown: Vec<(String, Option<String>)> = Vec::new();
        let named = categories
            .iter()
            .map(|c| (c, true))
            .chain(tags.iter().map(|t| (t, false)));
        for (name, by_name_only) in named {
            if name.trim().is_empty() {
                continue;
            }
            match self.lookup(name, by_name_only) {
                Some(term) if !term.is_empty() => {
                    if !terms.contains(&term) {
                        terms.push(term);
                    }
                }
                // An empty choice leaves the name out on purpose.
                Some(_) => {}
                None => {
                    if !unknown.iter().any(|(u, _)| u.eq_ignore_ascii_case(name)) {
                        let suggestion = by_name_only.then(|| self.lookup(name, false)).flatten();
                        unknown.push((name.clone(), suggestion));
                    }
                }
            }
        }
        (terms, unknown)
    }

    /// The term a WordPress archive URL's last part names (`customer-experience-2`).
    pub fn term_for_url_name(&self, name: &str) -> Option<String> {
        self.term_for(name)
            .or_else(|| self.term_for(without_number_suffix(name)))
    }

    /// The author slugs for `authors` (ids or display names), each once, and the author pages
    /// to create for those no page knows.
    pub fn map_authors(
        &self,
        authors: &[super::shape::SourceAuthor],
    ) -> (Vec<String>, Vec<NewAuthor>) {
        let mut slugs: Vec<String> = Vec::new();
        let mut new = Vec::new();
        let Some(taxonomy) = &self.authors else {
            return (slugs, new);
        };
        let pages: Vec<&PageEntry> = self
            .site
            .index
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Term && p.section == *taxonomy)
            .collect();
        let slug_of = |page: &PageEntry| {
            page.path
                .trim_end_matches("/_index.md")
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let display = |page: &PageEntry| {
            ["display_name", "name"]
                .iter()
                .find_map(|k| page.params.get(*k).and_then(|v| v.as_str()))
                .map_or_else(|| page.title.clone(), str::to_string)
        };
        for author in authors {
            let id = author
                .id
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let name = author
                .name
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let found = pages.iter().find(|p| {
                let slug = slug_of(p);
                id.is_some_and(|id| {
                    slug == id || slug == urlize(id) || p.slug.as_deref() == Some(id)
                }) || name.is_some_and(|n| display(p).eq_ignore_ascii_case(n) || slug == urlize(n))
            });
            let slug = match found {
                Some(page) => slug_of(page),
                None => {
                    // `Pat Q. Newcomer` → `pat-q-newcomer`: dots are no part of an author slug.
                    let slug_of_text = |t: &str| file_slug(&t.replace('.', " "));
                    let slug = id.map(slug_of_text).or_else(|| name.map(slug_of_text));
                    let Some(slug) = slug.filter(|s| !s.is_empty()) else {
                        continue;
                    };
                    if !new.iter().any(|n: &NewAuthor| n.slug == slug) {
                        new.push(NewAuthor {
                            path: format!("{taxonomy}/{slug}/_index.md"),
                            name: name.or(id).unwrap_or_default().to_string(),
                            slug: slug.clone(),
                        });
                    }
                    slug
                }
            };
            if !slugs.contains(&slug) {
                slugs.push(slug);
            }
        }
        (slugs, new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_number_suffixes_are_dropped() {
        assert_eq!(
            without_number_suffix("customer-experience-2"),
            "customer-experience"
        );
        assert_eq!(without_number_suffix("web-2"), "web");
        assert_eq!(without_number_suffix("2015"), "2015");
    }
}
