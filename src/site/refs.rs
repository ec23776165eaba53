//! Hugo's `ref`/`relref` lookup: the one answer the preview, the checks, the link dialog and
//! the index's referrer list all use, so a ref the preview prints as a link is never reported
//! broken and the other way round.
//!
//! It follows Hugo 0.168's `getContentNode`/`getContentNodeForRef` (hugolib/pagecollections.go):
//!
//! 1. Strip a trailing `/`; an empty ref means `/`. Without an extension, look for `ref.md`
//!    (`/` → `/_index.md`; `…/index` → `…/index/index.md`, then `…/index.md`).
//! 2. A ref not starting with `/` is first tried relative to the page: from a branch page's
//!    own section, from the folder holding a leaf bundle (its own folder when the ref has an
//!    extension and starts with `../`), else from the page's folder. With an extension it is
//!    also tried from the page file's own folder.
//! 3. A ref starting with `.` stops there. Otherwise it is looked up from the content root
//!    (lower-cased, spaces as `-`), and a bare name without `/` last by file (or bundle folder)
//!    name across the site, which is ambiguous when two pages have that name.
//!
//! On a multilingual site a ref is looked up among the pages of one language, as Hugo looks
//! it up in one language's site: the calling page's, or the one the call names (`lang="en"`).
//!
//! Only pages Hugo builds can be found: drafts and expired pages count when the config builds
//! them (`buildDrafts`, `buildExpired`), and a page whose front matter does not parse never
//! does (Hugo drops it).

use std::collections::HashMap;

use serde::Serialize;

use super::index::{PageEntry, SiteIndex};
use super::Site;

/// Where a `ref`/`relref` target leads, as Hugo resolves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RefResolution {
    /// One page: its path, and the URL with the anchor kept as written.
    Found {
        /// Content-relative path of the target.
        path: String,
        /// The target's permalink plus `#anchor` when one was given.
        url: String,
    },
    /// Only an anchor (`#part`): a link within the page.
    Anchor,
    /// No page (Hugo: REF_NOT_FOUND). `excluded` names a page that matches but that Hugo
    /// does not build (draft, expired, or front matter that does not parse), so it cannot be
    /// linked to.
    NotFound {
        /// The matching page Hugo leaves out, if any.
        excluded: Option<String>,
    },
    /// A bare file name that several pages have (Hugo: `page reference … is ambiguous`).
    Ambiguous {
        /// The pages it could mean.
        candidates: Vec<String>,
    },
}

/// Why a reference did not resolve (Hugo's words), for the preview's REF_NOT_FOUND.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    /// No page matches.
    #[error("page not found")]
    NotFound,
    /// A bare name matches several pages.
    #[error("page reference {0:?} is ambiguous")]
    Ambiguous(String),
}

/// The lookup tables ref resolution needs, built once per index version.
#[derive(Debug, Clone, Default)]
pub(crate) struct RefLookup {
    /// Page identity (`/news/2020/post`, `/news` for a section) → page indices, in path order.
    by_identity: HashMap<String, Vec<usize>>,
    /// Base name (`post`, a bundle's or section's folder name) → page indices.
    by_name: HashMap<String, Vec<usize>>,
}

impl RefLookup {
    /// The tables for `pages` (numbered as [`SiteIndex::nth_entry`] numbers them).
    pub(crate) fn build<'a>(pages: impl Iterator<Item = &'a PageEntry>) -> RefLookup {
        let mut lookup = RefLookup::default();
        for (i, page) in pages.enumerate() {
            let id = identity(&page.hugo_path);
            let name = id.rsplit('/').next().unwrap_or_default().to_string();
            lookup.by_identity.entry(id).or_default().push(i);
            if !name.is_empty() {
                lookup.by_name.entry(name).or_default().push(i);
            }
        }
        lookup
    }
}

/// Hugo's page identity for a content path: lower case, spaces to `-`, no extension, bundle
/// index files stand for their folder, with a leading `/`. Also the logical path Hugo hashes
/// into a page's document id.
pub fn identity(path: &str) -> String {
    let path = path.trim_start_matches('/');
    let (dir, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
    let stem = match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    };
    let joined = match stem {
        "index" | "_index" => dir.to_string(),
        _ if dir.is_empty() => stem.to_string(),
        _ => format!("{dir}/{stem}"),
    };
    format!("/{}", joined.to_lowercase().replace(' ', "-"))
}

/// Joins and cleans a `/`-path as Go's `path.Join` does (`..` at the root stays at the root).
fn clean_join(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(rel.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Hugo's `paths.HasExt`: a `.` in the last path segment.
fn has_extension(path: &str) -> bool {
    path.rsplit('/').next().unwrap_or(path).contains('.')
}

/// What a lookup found: a page index, nothing, or several pages for a bare name.
enum Lookup {
    Page(usize),
    Nothing,
    Ambiguous(Vec<usize>),
}

/// One resolution under one rule of which pages count.
struct Resolver<'a, F: Fn(&PageEntry) -> bool> {
    index: &'a SiteIndex,
    lookup: &'a RefLookup,
    counts: F,
}

impl<F: Fn(&PageEntry) -> bool> Resolver<'_, F> {
    fn by_identity(&self, path: &str) -> Option<usize> {
        self.lookup
            .by_identity
            .get(&identity(path))?
            .iter()
            .copied()
            .find(|&i| (self.counts)(self.index.nth_entry(i)))
    }

    /// Hugo's `getContentNode`: `target` is the path part of the ref (no fragment).
    fn find(&self, from: &str, target: &str) -> Lookup {
        let in_ref = target.replace('\\', "/").trim_end_matches('/').to_string();
        let reference = if in_ref.is_empty() {
            "/".to_string()
        } else {
            in_ref.clone()
        };
        let tries: Vec<(String, bool)> = if has_extension(&reference) {
            vec![(reference, true)]
        } else if reference == "/" {
            vec![("/_index.md".into(), false)]
        } else if reference.ends_with("/index") {
            vec![
                (format!("{reference}/index.md"), false),
                (format!("{reference}.md"), false),
            ]
        } else {
            vec![(format!("{reference}.md"), false)]
        };
        for (candidate, had_extension) in tries {
            match self.find_for_ref(from, &in_ref, &candidate, had_extension) {
                Lookup::Nothing => {}
                found => return found,
            }
        }
        Lookup::Nothing
    }

    /// Hugo's `getContentNodeForRef`.
    fn find_for_ref(
        &self,
        from: &str,
        in_ref: &str,
        reference: &str,
        had_extension: bool,
    ) -> Lookup {
        if !reference.starts_with('/') {
            let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
            let file = from.rsplit('/').next().unwrap_or(from);
            let is_branch = file.starts_with("_index.");
            let is_leaf_bundle = file.starts_with("index.");
            // `Dir()` for a branch, or for `../x.md`; else `ContainerDir()`, which for a leaf
            // bundle is the folder holding the bundle.
            let base = if is_branch || (had_extension && reference.starts_with("../")) {
                dir
            } else if is_leaf_bundle {
                dir.rsplit_once('/').map_or("", |(d, _)| d)
            } else {
                dir
            };
            if let Some(i) = self.by_identity(&clean_join(base, reference)) {
                return Lookup::Page(i);
            }
            // The reverse file-system lookup: from the page file's own folder.
            if had_extension && base != dir {
                if let Some(i) = self.by_identity(&clean_join(dir, in_ref)) {
                    return Lookup::Page(i);
                }
            }
        }
        if reference.starts_with('.') {
            return Lookup::Nothing;
        }
        if let Some(i) = self.by_identity(reference) {
            return Lookup::Page(i);
        }
        if in_ref.contains('/') {
            return Lookup::Nothing;
        }
        // A bare name: any page whose file (or bundle folder) has that name.
        let wanted = identity(in_ref);
        let found: Vec<usize> = self
            .lookup
            .by_name
            .get(wanted.trim_start_matches('/'))
            .map(|pages| {
                pages
                    .iter()
                    .copied()
                    .filter(|&i| (self.counts)(self.index.nth_entry(i)))
                    .collect()
            })
            .unwrap_or_default();
        match found.as_slice() {
            [] => Lookup::Nothing,
            [one] => Lookup::Page(*one),
            _ => Lookup::Ambiguous(found),
        }
    }
}

impl SiteIndex {
    /// Resolves a `ref`/`relref` target written in the page at `from` (a path relative to the
    /// content folder) the way Hugo does (see the module doc). With `include_excluded`, every
    /// page counts (Hugo's `--buildDrafts --buildExpired`, and pages whose front matter does
    /// not parse); without it, drafts, expired pages and those pages do not.
    /// Pages of one language count: the one the call names (`lang="fr"`), else the calling
    /// page's.
    /// [`Site::resolve_ref`] asks with the site's own build settings.
    pub fn resolve_ref(
        &self,
        from: &str,
        target: &str,
        lang: Option<&str>,
        include_excluded: bool,
    ) -> RefResolution {
        if include_excluded {
            self.resolve_ref_counting(from, target, lang, |_| true)
        } else {
            self.resolve_ref_counting(from, target, lang, |p| counts(p, false, false))
        }
    }

    /// The shortest `ref` target that leads from the page at `from` to the page at `path`
    /// (every page counting): its file name when that is unique, as digital.gov's own pages
    /// write refs, else its path from the content root (a bundle's folder). The importer's
    /// links and the editor's ref completion write this.
    pub fn shortest_ref(&self, from: &str, path: &str) -> String {
        let found = |target: &str| {
            matches!(self.resolve_ref(from, target, None, true),
                RefResolution::Found { path: found, .. } if found == path)
        };
        let file = path.rsplit('/').next().unwrap_or_default();
        let is_leaf = !matches!(file, "_index.md" | "index.md");
        if is_leaf && found(file) {
            return file.to_string();
        }
        let key = if is_leaf {
            format!("/{path}")
        } else {
            format!("/{}", path.rsplit_once('/').map_or("", |(d, _)| d))
        };
        if found(&key) {
            key
        } else {
            format!("/{path}")
        }
    }

    fn resolve_ref_counting(
        &self,
        from: &str,
        target: &str,
        lang: Option<&str>,
        counts: impl Fn(&PageEntry) -> bool,
    ) -> RefResolution {
        // One language's pages: the one named, else the calling page's (any page when the
        // calling page is not in the index, as for a new page not saved yet).
        let lang = lang
            .map(str::to_lowercase)
            .or_else(|| self.entry(from).map(|p| p.lang.clone()));
        let in_language = |p: &PageEntry| lang.as_deref().is_none_or(|l| p.lang == l);
        let counts = |p: &PageEntry| in_language(p) && counts(p);
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        if path.is_empty() && anchor.is_some() {
            return RefResolution::Anchor;
        }
        let lookup = self.ref_lookup();
        let resolver = Resolver {
            index: self,
            lookup,
            counts,
        };
        // Refs are looked up in Hugo's tree, where the calling page may sit elsewhere than
        // its file (a content mount).
        let from = self.entry(from).map_or(from, |p| p.hugo_path.as_str());
        match resolver.find(from, path) {
            Lookup::Page(i) => {
                let page = self.nth_entry(i);
                let url = match anchor {
                    Some(a) => format!("{}#{a}", page.permalink),
                    None => page.permalink.clone(),
                };
                RefResolution::Found {
                    path: page.path.clone(),
                    url,
                }
            }
            Lookup::Ambiguous(pages) => RefResolution::Ambiguous {
                candidates: pages
                    .iter()
                    .map(|&i| self.nth_entry(i).path.clone())
                    .collect(),
            },
            Lookup::Nothing => {
                let everything = Resolver {
                    index: self,
                    lookup,
                    counts: in_language,
                };
                let excluded = match everything.find(from, path) {
                    Lookup::Page(i) => Some(self.nth_entry(i).path.clone()),
                    Lookup::Ambiguous(pages) => {
                        pages.first().map(|&i| self.nth_entry(i).path.clone())
                    }
                    Lookup::Nothing => None,
                };
                RefResolution::NotFound { excluded }
            }
        }
    }

    /// The pages with a `ref`/`relref` that leads to the page at `path` (or could: one of an
    /// ambiguous name's candidates), drafts and expired pages counted, sorted by path. Their
    /// ref findings change when that page does.
    pub fn referrers(&self, path: &str) -> Vec<String> {
        self.pages
            .iter()
            .filter(|page| {
                page.refs.iter().any(|r| {
                    match self.resolve_ref(&page.path, &r.target, r.lang.as_deref(), true) {
                        RefResolution::Found { path: to, .. } => to == path,
                        RefResolution::Ambiguous { candidates } => {
                            candidates.iter().any(|c| c == path)
                        }
                        RefResolution::NotFound { .. } | RefResolution::Anchor => false,
                    }
                })
            })
            .map(|page| page.path.clone())
            .collect()
    }
}

/// Whether a ref can find `page` under the build settings.
fn counts(page: &PageEntry, build_drafts: bool, build_expired: bool) -> bool {
    SiteIndex::is_built(page, build_drafts, build_expired) && page.front_matter_error.is_none()
}

impl Site {
    /// Resolves a `ref`/`relref` target written in the page at `from` as `hugo` would build
    /// this site: drafts and expired pages count only when the config builds them.
    /// `lang`: the language the call names, else the calling page's.
    pub fn resolve_ref(&self, from: &str, target: &str, lang: Option<&str>) -> RefResolution {
        let (drafts, expired) = (
            self.config.flag("buildDrafts"),
            self.config.flag("buildExpired"),
        );
        self.index
            .resolve_ref_counting(from, target, lang, |p| counts(p, drafts, expired))
    }

    /// What Hugo's `ref` (`relative == false`: the absolute `Permalink`) or `relref` (the
    /// `RelPermalink`) prints for `target` in the page at `from`, the fragment kept as written.
    /// `lang`: the language the call names (`lang="en"`), else the calling page's.
    pub fn ref_url(
        &self,
        from: &str,
        target: &str,
        lang: Option<&str>,
        relative: bool,
    ) -> Result<String, RefError> {
        match self.resolve_ref(from, target, lang) {
            RefResolution::Found { path, .. } => {
                let page = self.index.page(&path).ok_or(RefError::NotFound)?;
                let mut url = self.page_url(page, relative);
                if let Some((_, fragment)) = target.split_once('#') {
                    url.push('#');
                    url.push_str(fragment);
                }
                Ok(url)
            }
            RefResolution::Anchor => Ok(format!(
                "#{}",
                target.split_once('#').map_or("", |(_, f)| f)
            )),
            RefResolution::NotFound { .. } => Err(RefError::NotFound),
            RefResolution::Ambiguous { .. } => {
                let path = target.split_once('#').map_or(target, |(p, _)| p);
                Err(RefError::Ambiguous(
                    path.replace('\\', "/").trim_end_matches('/').to_string(),
                ))
            }
        }
    }

    /// The path part of the site's `baseURL` (`/` for a site at the root of its host).
    fn base_path(&self) -> &str {
        let base = self.config.base_url.as_str();
        let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// A page's `RelPermalink` (`relative`) or `Permalink`.
    pub fn page_url(&self, page: &PageEntry, relative: bool) -> String {
        let base_path = self.base_path().trim_end_matches('/');
        let rel = format!("{base_path}{}", page.permalink);
        if relative {
            return rel;
        }
        let base = self.config.base_url.trim_end_matches('/');
        let host = match base.split_once("://") {
            Some((scheme, rest)) => {
                format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest))
            }
            None => String::new(),
        };
        format!("{host}{rel}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_follow_hugos_normalisation() {
        assert_eq!(identity("posts/Spaced Name.md"), "/posts/spaced-name");
        assert_eq!(identity("news/bundle/index.md"), "/news/bundle");
        assert_eq!(identity("news/_index.md"), "/news");
        assert_eq!(identity("/_index.md"), "/");
        assert_eq!(clean_join("/posts", "../news/deep.md"), "/news/deep.md");
        assert_eq!(clean_join("/news", "../../sib2"), "/sib2");
    }

    #[test]
    fn extensions_are_hugos() {
        assert!(has_extension("other.md"));
        assert!(has_extension("/news/a.b/other.md"));
        assert!(!has_extension("/news/a.b/other"));
        assert!(!has_extension("./other"));
    }
}
