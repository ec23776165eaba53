//! `ref` / `relref` resolution against the site index, following Hugo's `getContentNode`:
//! page-relative first, then from the content root, then by bare file name across the site
//! (ambiguous when two pages share it). See hugo-behaviour.md §3.1.

use crate::site::{PageEntry, Site, SiteIndex};

/// Why a reference did not resolve (Hugo's words).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    /// No page matches.
    #[error("page not found")]
    NotFound,
    /// A bare name matches several pages.
    #[error("page reference {0:?} is ambiguous")]
    Ambiguous(String),
}

/// Hugo's page identity for a content path: lower case, spaces to `-`, no extension, bundle
/// index files stand for their folder, with a leading `/`.
pub(super) fn identity(path: &str) -> String {
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

/// Joins and cleans a `/`-path (resolving `.` and `..`).
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

fn has_extension(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| !ext.is_empty())
}

/// Pages a reference may find: what Hugo builds (no drafts, nothing expired, unless the
/// config builds them), so a ref to an expired post prints `refLinksNotFoundURL` as in Hugo.
fn candidates(site: &Site) -> impl Iterator<Item = &PageEntry> {
    let (drafts, expired) = (
        site.config.flag("buildDrafts"),
        site.config.flag("buildExpired"),
    );
    site.index
        .pages
        .iter()
        .filter(move |p| SiteIndex::is_built(p, drafts, expired) && p.front_matter_error.is_none())
}

fn find_by_identity<'a>(site: &'a Site, wanted: &str) -> Option<&'a PageEntry> {
    candidates(site).find(|p| identity(&p.path) == wanted)
}

/// Resolves `target` as `ref` (absolute URL) or `relref` (`relative`) from the page at
/// `from` (a path relative to the content folder). The fragment is kept as written.
pub fn resolve(site: &Site, from: &str, target: &str, relative: bool) -> Result<String, RefError> {
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    if path.is_empty() {
        if let Some(f) = fragment {
            return Ok(format!("#{f}"));
        }
    }
    let page = find_page(site, from, path)?;
    let mut url = page_url(site, page, relative);
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    Ok(url)
}

/// The page a reference names.
pub fn find_page<'a>(site: &'a Site, from: &str, target: &str) -> Result<&'a PageEntry, RefError> {
    let in_ref = target.replace('\\', "/").trim_end_matches('/').to_string();
    let reference = if in_ref.is_empty() {
        "/".to_string()
    } else {
        in_ref.clone()
    };
    let tries: Vec<(String, bool)> = if has_extension(&reference) {
        vec![(reference.clone(), true)]
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
        if let Some(page) = find_for_ref(site, from, &in_ref, &candidate, had_extension)? {
            return Ok(page);
        }
    }
    Err(RefError::NotFound)
}

fn find_for_ref<'a>(
    site: &'a Site,
    from: &str,
    in_ref: &str,
    reference: &str,
    had_extension: bool,
) -> Result<Option<&'a PageEntry>, RefError> {
    if !reference.starts_with('/') {
        // Relative to the page: a branch page's own folder, else the folder holding the page
        // (or the bundle).
        let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let file = from.rsplit('/').next().unwrap_or(from);
        let is_branch = file.starts_with("_index.");
        let is_leaf_bundle = file.starts_with("index.");
        let base =
            if is_branch || (had_extension && reference.starts_with("../")) && !is_leaf_bundle {
                from_dir.to_string()
            } else if is_leaf_bundle {
                from_dir
                    .rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string())
            } else {
                from_dir.to_string()
            };
        let joined = clean_join(&base, reference);
        if let Some(page) = find_by_identity(site, &identity(&joined)) {
            return Ok(Some(page));
        }
    }
    if reference.starts_with('.') {
        return Ok(None);
    }
    if let Some(page) = find_by_identity(site, &identity(reference)) {
        return Ok(Some(page));
    }
    if in_ref.contains('/') {
        return Ok(None);
    }
    // A bare name: any page whose file (or bundle folder) has that name.
    let wanted = identity(in_ref);
    let wanted = wanted.trim_start_matches('/');
    let mut found = candidates(site).filter(|p| {
        let id = identity(&p.path);
        id.rsplit('/').next() == Some(wanted)
    });
    match (found.next(), found.next()) {
        (Some(page), None) => Ok(Some(page)),
        (Some(_), Some(_)) => Err(RefError::Ambiguous(in_ref.to_string())),
        _ => Ok(None),
    }
}

/// The path part of the site's `baseURL` (`/` for a site at the root of its host).
fn base_path(site: &Site) -> &str {
    let base = site.config.base_url.as_str();
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// A page's `RelPermalink` (`relative`) or `Permalink`.
pub fn page_url(site: &Site, page: &PageEntry, relative: bool) -> String {
    let base_path = base_path(site).trim_end_matches('/');
    let rel = format!("{base_path}{}", page.permalink);
    if relative {
        return rel;
    }
    let base = site.config.base_url.trim_end_matches('/');
    let host = match base.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)),
        None => String::new(),
    };
    format!("{host}{rel}")
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
    }
}
