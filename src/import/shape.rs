//! What an imported file is (Jekyll post, JSON Feed, WordPress export, plain Markdown or HTML)
//! and the posts it holds, read into one neutral shape ([`SourcePost`]) before anything is mapped
//! to the site. Bodies come out as Markdown; HTML is converted by [`super::html`].

use serde_json::Value as Json;

use super::{html, wxr, ImportError};
use crate::entities;
use crate::front_matter::{FrontMatter, Value};

/// The shapes an import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Shape {
    /// Markdown with YAML (or TOML/JSON) front matter, as Jekyll wrote posts.
    Jekyll,
    /// A JSON Feed (1.x) or one item of it.
    JsonFeed,
    /// A WordPress export (WXR).
    Wordpress,
    /// Markdown without front matter.
    Markdown,
    /// An HTML file.
    Html,
}

/// An author as the source names it: an id (slug, login), a display name, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceAuthor {
    /// The id (`rflagg`, `alison-sturgeon`).
    pub id: Option<String>,
    /// The display name (`Alison Sturgeon`).
    pub name: Option<String>,
}

/// One post read from an imported file, before it is mapped to the site.
#[derive(Debug, Clone, Default)]
pub struct SourcePost {
    /// Where it came from, for messages (`feed.json, item 3`).
    pub label: String,
    /// The title, entities decoded.
    pub title: Option<String>,
    /// The date as the source wrote it.
    pub date: Option<String>,
    /// The slug the source gave (or its URL's last part).
    pub slug: Option<String>,
    /// The summary or excerpt.
    pub summary: Option<String>,
    /// Authors, in order.
    pub authors: Vec<SourceAuthor>,
    /// Category names, in order, duplicates kept.
    pub categories: Vec<String>,
    /// Tag and topic names (or slugs), in order, duplicates kept.
    pub terms: Vec<String>,
    /// The body, as Markdown.
    pub body: String,
    /// The path prefix the source's own links carry (a feed served from
    /// `/preview/…/branch/`), stripped before links are looked up.
    pub base_path: Option<String>,
    /// Hosts the source says are its own (a WordPress export's site URL).
    pub hosts: Vec<String>,
    /// Front-matter keys the import does not carry over, for the list of what remains.
    pub dropped: Vec<String>,
    /// Draft (WordPress status other than `publish`, Jekyll `published: false`).
    pub draft: bool,
}

/// Reads `text`, the file named `name`, into its posts.
pub fn read(name: &str, text: &str) -> Result<(Shape, Vec<SourcePost>), ImportError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let lower_name = name.to_ascii_lowercase();
    if trimmed.starts_with('{') && !lower_name.ends_with(".md") {
        return Ok((Shape::JsonFeed, read_feed(name, trimmed)?));
    }
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<rss") {
        return Ok((Shape::Wordpress, wxr::read(name, trimmed)?));
    }
    if trimmed.starts_with("---") || trimmed.starts_with("+++") {
        return Ok((Shape::Jekyll, vec![read_jekyll(name, text)?]));
    }
    if lower_name.ends_with(".html") || lower_name.ends_with(".htm") || trimmed.starts_with('<') {
        return Ok((Shape::Html, vec![read_html(name, trimmed)]));
    }
    Ok((Shape::Markdown, vec![read_markdown(name, text)]))
}

fn string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter_map(string).collect(),
        // Jekyll allows `tags: a b c` for tags, and `category: One` for one.
        other => string(other).into_iter().collect(),
    }
}

/// The slug in a Jekyll file name (`2015-12-30-cx-community-year-one.md`).
fn slug_from_file_name(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next()?;
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    dated.then(|| stem[11..].to_string())
}

fn read_jekyll(name: &str, text: &str) -> Result<SourcePost, ImportError> {
    let fm = FrontMatter::parse(text).map_err(|e| ImportError::Parse {
        file: name.to_string(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let mut post = SourcePost {
        label: name.to_string(),
        body: text[fm.body_start()..]
            .trim_start_matches(['\n', '\r'])
            .to_string(),
        slug: slug_from_file_name(name),
        ..SourcePost::default()
    };
    for (key, value) in fm.fields() {
        match key.to_ascii_lowercase().as_str() {
            "title" => post.title = string(value).map(|t| entities::decode_all(&t)),
            "date" => post.date = string(value),
            "slug" => post.slug = string(value),
            "summary" | "excerpt" | "description" => {
                if post.summary.is_none() {
                    post.summary = string(value).map(|s| entities::decode_all(&s));
                }
            }
            "author" | "authors" => {
                post.authors
                    .extend(strings(value).into_iter().map(|a| SourceAuthor {
                        id: Some(a),
                        name: None,
                    }))
            }
            "categories" | "category" => post.categories.extend(strings(value)),
            "tags" | "tag" | "topics" => post.terms.extend(strings(value)),
            "published" => post.draft = matches!(value, Value::Bool(false)),
            "draft" => post.draft = matches!(value, Value::Bool(true)),
            // The old site's URL: its last part is the slug when none is given.
            "permalink" => {
                if post.slug.is_none() {
                    post.slug = string(value).and_then(|p| last_segment(&p));
                }
            }
            // Jekyll's own settings mean nothing to Hugo.
            "layout" => {}
            _ => post.dropped.push(key.clone()),
        }
    }
    Ok(post)
}

fn last_segment(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches(".html").to_string())
}

fn read_feed(name: &str, text: &str) -> Result<Vec<SourcePost>, ImportError> {
    let feed: Json = serde_json::from_str(text).map_err(|e| ImportError::Parse {
        file: name.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let items = feed
        .get("items")
        .or_else(|| feed.get("item"))
        .and_then(Json::as_array);
    let base_path = feed
        .get("home_page_url")
        .and_then(Json::as_str)
        .filter(|u| u.starts_with('/') && !u.trim_matches('/').is_empty())
        .map(|u| u.trim_end_matches('/').to_string());
    let hosts: Vec<String> = feed
        .get("home_page_url")
        .and_then(Json::as_str)
        .and_then(super::links::host_of)
        .into_iter()
        .collect();
    let defaults = feed_authors(&feed);
    let posts: Vec<SourcePost> = match items {
        Some(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let label = if items.len() == 1 {
                    name.to_string()
                } else {
                    format!("{name}, item {}", i + 1)
                };
                feed_item(label, item, &defaults)
            })
            .collect(),
        None => vec![feed_item(name.to_string(), &feed, &[])],
    };
    if posts.is_empty() {
        return Err(ImportError::Empty {
            file: name.to_string(),
        });
    }
    Ok(posts
        .into_iter()
        .map(|mut p| {
            p.base_path = base_path.clone();
            p.hosts = hosts.clone();
            p
        })
        .collect())
}

/// Authors as JSON Feed 1.1 (`authors: [{name}]`), 1.0 (`author: {name}`) or the site's own
/// feed (`authors: {"alison-sturgeon": "Alison Sturgeon"}`) write them.
fn feed_authors(value: &Json) -> Vec<SourceAuthor> {
    let one = |v: &Json| match v {
        Json::String(s) => Some(SourceAuthor {
            id: Some(s.clone()),
            name: None,
        }),
        Json::Object(o) => o.get("name").and_then(Json::as_str).map(|n| SourceAuthor {
            id: o
                .get("url")
                .and_then(Json::as_str)
                .and_then(last_segment)
                .filter(|s| !s.contains('.')),
            name: Some(entities::decode_all(n)),
        }),
        _ => None,
    };
    match value.get("authors") {
        Some(Json::Array(list)) => list.iter().filter_map(one).collect(),
        Some(Json::Object(map)) => map
            .iter()
            .map(|(id, name)| SourceAuthor {
                id: Some(id.clone()),
                name: name.as_str().map(entities::decode_all),
            })
            .collect(),
        Some(Json::String(s)) => vec![SourceAuthor {
            id: Some(s.clone()),
            name: None,
        }],
        _ => value.get("author").and_then(one).into_iter().collect(),
    }
}

fn feed_terms(value: Option<&Json>) -> Vec<String> {
    match value {
        Some(Json::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(entities::decode_all))
            .collect(),
        // `{"customer-experience": "Customer experience"}`: the key is the slug.
        Some(Json::Object(map)) => map.keys().cloned().collect(),
        Some(Json::String(s)) => vec![entities::decode_all(s)],
        _ => Vec::new(),
    }
}

fn feed_item(label: String, item: &Json, defaults: &[SourceAuthor]) -> SourcePost {
    let text = |key: &str| item.get(key).and_then(Json::as_str).map(str::to_string);
    let body = match (text("content_html"), text("content"), text("content_text")) {
        (Some(html), _, _) | (None, Some(html), _) => html::to_markdown(&html),
        (None, None, Some(plain)) => plain,
        _ => String::new(),
    };
    let mut authors = feed_authors(item);
    if authors.is_empty() {
        authors = defaults.to_vec();
    }
    let mut terms = feed_terms(item.get("tags"));
    terms.extend(feed_terms(item.get("topics")));
    SourcePost {
        label,
        title: text("title").map(|t| entities::decode_all(&t)),
        date: text("date_published").or_else(|| text("date")),
        slug: text("slug").or_else(|| text("url").and_then(|u| last_segment(&u))),
        summary: text("summary").map(|s| entities::decode_all(&s)),
        authors,
        categories: feed_terms(item.get("categories")),
        terms,
        body,
        ..SourcePost::default()
    }
}

/// A Markdown file without front matter: the first `# ` heading is the title.
fn read_markdown(name: &str, text: &str) -> SourcePost {
    let mut title = None;
    let mut body_lines = Vec::new();
    for line in text.lines() {
        if title.is_none() && body_lines.iter().all(|l: &&str| l.trim().is_empty()) {
            if let Some(heading) = line.strip_prefix("# ") {
                title = Some(heading.trim().to_string());
                continue;
            }
        }
        body_lines.push(line);
    }
    SourcePost {
        label: name.to_string(),
        title,
        slug: slug_from_file_name(name),
        body: format!("{}\n", body_lines.join("\n").trim()),
        ..SourcePost::default()
    }
}

/// An HTML file: the `<title>` (or first `<h1>`) is the title, the `<body>` the body.
fn read_html(name: &str, text: &str) -> SourcePost {
    let lower = text.to_ascii_lowercase();
    let between = |open: &str, close: &str| -> Option<(usize, usize)> {
        let start = lower.find(open)?;
        let content = start + lower[start..].find('>')? + 1;
        let end = content + lower[content..].find(close)?;
        Some((content, end))
    };
    let title = between("<title", "</title>")
        .or_else(|| between("<h1", "</h1>"))
        .map(|(s, e)| entities::decode_all(html::to_markdown(&text[s..e]).trim()));
    let body_html = match between("<body", "</body>") {
        Some((s, e)) => &text[s..e],
        None => text,
    };
    let mut body = html::to_markdown(body_html);
    // The title heading is the page's title, not part of its body.
    if let Some(t) = &title {
        if let Some(rest) = body.strip_prefix(&format!("# {t}\n")) {
            body = rest.trim_start().to_string();
        }
    }
    SourcePost {
        label: name.to_string(),
        title,
        slug: slug_from_file_name(name),
        body,
        ..SourcePost::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jekyll_post_keeps_its_date_and_reads_categories_and_tags() {
        let (shape, posts) = read(
            "2015-12-30-cx.md",
            "---\ndate: 2015-12-30 10:00:47 -0400\ntitle: 'CX&mdash;One'\nauthors: [rflagg]\ncategories:\n  - Managing Digital\ntags: [CX]\nlayout: post\nfoo: 1\n---\n\nBody\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(shape, Shape::Jekyll);
        let post = &posts[0];
        assert_eq!(post.title.as_deref(), Some("CX—One"));
        assert_eq!(post.date.as_deref(), Some("2015-12-30 10:00:47 -0400"));
        assert_eq!(post.slug.as_deref(), Some("cx"));
        assert_eq!(post.categories, ["Managing Digital"]);
        assert_eq!(post.terms, ["CX"]);
        assert_eq!(post.authors[0].id.as_deref(), Some("rflagg"));
        assert_eq!(post.dropped, ["foo"]);
        assert_eq!(post.body, "Body\n");
    }

    #[test]
    fn a_json_feed_gives_one_post_per_item_with_html_as_markdown() {
        let feed = r#"{"version":"https://jsonfeed.org/version/1.1","home_page_url":"https://old.example.org/",
          "items":[{"id":"1","title":"One &amp; two","content_html":"<p>Hi <em>there</em></p>","date_published":"2016-07-29T10:00:56-04:00","authors":[{"name":"Ann Lee"}],"tags":["CX","CX"]},
                   {"id":"2","title":"Two","content_text":"Plain","url":"https://old.example.org/2016/01/02/two/"}]}"#;
        let (shape, posts) = read("feed.json", feed).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(shape, Shape::JsonFeed);
        assert_eq!(posts.len(), 2);
        assert_eq!(posts[0].title.as_deref(), Some("One & two"));
        assert_eq!(posts[0].body, "Hi _there_\n");
        assert_eq!(posts[0].authors[0].name.as_deref(), Some("Ann Lee"));
        assert_eq!(posts[1].slug.as_deref(), Some("two"));
        assert_eq!(posts[1].label, "feed.json, item 2");
        assert_eq!(posts[0].hosts, ["old.example.org"]);
    }

    #[test]
    fn bad_json_names_line_and_column() {
        let err = read("f.json", "{\n  \"items\": [\n  }")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("f.json:3:"), "{err}");
    }
}
