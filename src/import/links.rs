//! Links to the site itself, turned into `ref` shortcodes the way digital.gov's own conversions
//! did (`[survey]({{< ref "2015-07-31-new-kid-in-town.md" >}})`): root-relative links and
//! absolute links on the site's hosts (its `baseURL`, the old hosts the user names, those the
//! source declares) whose path is a page's permalink, `url`, alias, or the old date-slug URL
//! (`/2015/07/31/slug/`) of a dated page. WordPress's `/tag/x/` and `/category/x/` lead to the
//! term page the term maps to. Links to the site that lead nowhere are listed, not changed.
//! Lookups go through the index ([`crate::site::SiteIndex::resolve_ref`] checks every target).

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::terms::TermMapper;
use crate::site::{PageEntry, PageKind, Site};

/// The host of an absolute `http(s)` URL, lower-cased, without `www.` and port.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// What the site's URLs lead to, built once per import.
pub struct UrlMap<'a> {
    site: &'a Site,
    /// Normalised path (`/2015/07/31/slug/`) → page index, by priority: permalink, `url`,
    /// alias (first one wins within a kind).
    by_path: HashMap<String, usize>,
    hosts: Vec<String>,
}

/// `/a/b/` for `a/b`, `/a/b`, `/A/b/index.html`.
fn normalise(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path
        .strip_suffix("index.html")
        .unwrap_or(path)
        .trim_matches('/')
        .to_lowercase();
    if path.is_empty() {
        "/".into()
    } else {
        format!("/{path}/")
    }
}

impl<'a> UrlMap<'a> {
    /// The map of `site`'s URLs; `old_hosts` are other hosts the site was served from.
    pub fn new(site: &'a Site, old_hosts: &[String]) -> UrlMap<'a> {
        let mut by_path = HashMap::new();
        let pages = &site.index.pages;
        for (i, page) in pages.iter().enumerate() {
            by_path.entry(normalise(&page.permalink)).or_insert(i);
        }
        for (i, page) in pages.iter().enumerate() {
            if let Some(url) = page.params.get("url").and_then(|u| u.as_str()) {
                by_path.entry(normalise(url)).or_insert(i);
            }
        }
        for (i, page) in pages.iter().enumerate() {
            for alias in &page.aliases {
                by_path.entry(normalise(alias)).or_insert(i);
            }
        }
        let mut hosts: Vec<String> = host_of(&site.config.base_url).into_iter().collect();
        hosts.extend(old_hosts.iter().filter_map(|h| {
            let h = h.trim();
            host_of(h).or_else(|| host_of(&format!("https://{h}")))
        }));
        UrlMap {
            site,
            by_path,
            hosts,
        }
    }

    /// The page `url` leads to, when it is one of the site's (`base_path` is stripped from
    /// root-relative paths first), with the anchor it carries.
    fn page_for(
        &self,
        url: &str,
        base_path: Option<&str>,
        extra_hosts: &[String],
        terms: &TermMapper<'_>,
    ) -> Lookup<'a> {
        let path = if url.starts_with('/') && !url.starts_with("//") {
            url.to_string()
        } else if let Some(host) = host_of(url) {
            if !self.hosts.contains(&host) && !extra_hosts.contains(&host) {
                return Lookup::Outside;
            }
            let after_scheme = url.split_once("//").map_or("", |(_, rest)| rest);
            after_scheme
                .find('/')
                .map_or("/".to_string(), |at| after_scheme[at..].to_string())
        } else {
            return Lookup::Outside;
        };
        let path = match base_path {
            Some(base) if path.starts_with(base) => path[base.len()..].to_string(),
            _ => path,
        };
        let anchor = path.split_once('#').map(|(_, a)| a.to_string());
        let key = normalise(&path);
        let pages = &self.site.index.pages;
        if let Some(&i) = self.by_path.get(&key) {
            return Lookup::Page(&pages[i], anchor);
        }
        if let Some(page) = self.by_date_slug(&key) {
            return Lookup::Page(page, anchor);
        }
        // WordPress archives: `/tag/customer-experience-2/`, `/category/managing-digital/`.
        let parts: Vec<&str> = key.trim_matches('/').split('/').collect();
        if let ["tag" | "category" | "topics" | "tags" | "categories", name] = parts.as_slice() {
            let page = terms.term_for_url_name(name).and_then(|term| {
                self.site
                    .index
                    .page(&format!("{}/{term}/_index.md", terms.taxonomy))
            });
            if let Some(page) = page {
                return Lookup::Page(page, anchor);
            }
        }
        Lookup::Missing
    }

    /// A dated page whose date and slug (or file name) the old `/YYYY/MM/DD/slug/` URL names.
    fn by_date_slug(&self, key: &str) -> Option<&'a PageEntry> {
        let parts: Vec<&str> = key.trim_matches('/').split('/').collect();
        let [year, month, day, slug] = parts.as_slice() else {
            return None;
        };
        if !(year.len() == 4 && month.len() == 2 && day.len() == 2) {
            return None;
        }
        let day_prefix = format!("{year}-{month}-{day}");
        self.site.index.pages.iter().find(|page| {
            page.kind == PageKind::Page
                && page
                    .date
                    .as_deref()
                    .is_some_and(|d| d.starts_with(&day_prefix))
                && (page.slug.as_deref() == Some(*slug) || {
                    let stem = page.path.rsplit('/').next().unwrap_or_default();
                    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                    stem == *slug || stem == format!("{day_prefix}-{slug}")
                })
        })
    }
}

enum Lookup<'a> {
    /// Not a link to the site.
    Outside,
    /// A page, with the anchor the link had.
    Page(&'a PageEntry, Option<String>),
    /// A link to the site that no page answers.
    Missing,
}

/// A link to the site that leads to no page, left as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmappedLink {
    /// Byte offset of the URL in the body.
    pub offset: usize,
    /// The URL as written.
    pub url: String,
}

fn link_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // `](url)` and `](url "title")` of inline links and images.
    RE.get_or_init(|| {
        Regex::new(r#"\]\(\s*<?([^\s()<>]+)>?(\s+"[^"]*")?\s*\)"#)
            .unwrap_or_else(|_| unreachable!())
    })
}

/// `body` (of the new page at `from`) with links to the site's pages as `ref` shortcodes;
/// links to the site that lead nowhere are returned. Image links stay (see
/// [`super::images`]), as do links inside code.
pub fn map_links(
    map: &UrlMap<'_>,
    from: &str,
    body: &str,
    base_path: Option<&str>,
    extra_hosts: &[String],
    terms: &TermMapper<'_>,
) -> (String, Vec<UnmappedLink>) {
    let code = super::code_ranges(body);
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    let mut unmapped = Vec::new();
    for caps in link_regex().captures_iter(body) {
        let (Some(whole), Some(url)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if code.iter().any(|r| r.contains(&whole.start())) || is_image(body, whole.start()) {
            continue;
        }
        match map.page_for(url.as_str(), base_path, extra_hosts, terms) {
            Lookup::Outside => {}
            Lookup::Page(page, anchor) => {
                let mut target = map.site.index.shortest_ref(from, &page.path);
                if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                    target = format!("{target}#{anchor}");
                }
                out.push_str(&body[last..url.start()]);
                out.push_str(&format!("{{{{< ref \"{target}\" >}}}}"));
                last = url.end();
            }
            Lookup::Missing => unmapped.push(UnmappedLink {
                offset: url.start(),
                url: url.as_str().to_string(),
            }),
        }
    }
    out.push_str(&body[last..]);
    (out, unmapped)
}

/// Whether the `]` at `at` closes an image's alt text (`![alt](src)`).
fn is_image(body: &str, at: usize) -> bool {
    let before = &body[..at];
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth == 0 => return before[..i].ends_with('!'),
            '[' => depth -= 1,
            '\n' if before[..i].ends_with('\n') => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_www_and_port() {
        assert_eq!(
            host_of("https://www.Example.org:8080/x").as_deref(),
            Some("example.org")
        );
        assert_eq!(host_of("/x"), None);
        assert_eq!(host_of("mailto:a@b.c"), None);
    }

    #[test]
    fn paths_are_normalised_with_slashes_and_without_query() {
        assert_eq!(normalise("2015/07/31/x"), "/2015/07/31/x/");
        assert_eq!(normalise("/A/b/index.html?q=1#top"), "/a/b/");
        assert_eq!(normalise("/"), "/");
    }

    #[test]
    fn image_links_are_told_from_links() {
        let body = "![alt [x]](a.jpg) and [text](b)";
        assert!(is_image(body, body.find("](a").unwrap_or(0)));
        assert!(!is_image(body, body.find("](b").unwrap_or(0)));
    }
}
