//! WordPress exports (WXR, an RSS file with `wp:` elements): the site's oldest history. Each
//! `<item>` of type `post` (or `page`) is one post; attachments and menu items are skipped.
//! Bodies are WordPress HTML, where blank lines make paragraphs (`wpautop`), converted to
//! Markdown; the export's site URL counts as one of the site's old hosts.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::shape::{SourceAuthor, SourcePost};
use super::{html, links, ImportError};
use crate::entities;

#[derive(Default)]
struct Item {
    fields: Vec<(String, String)>,
    /// `(domain, nicename, name)` of each `<category>`.
    categories: Vec<(String, String, String)>,
}

impl Item {
    fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }
}

/// The posts of the export `text` (named `name`).
pub fn read(name: &str, text: &str) -> Result<Vec<SourcePost>, ImportError> {
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut current: Option<Item> = None;
    let mut category: Option<(String, String)> = None;
    let mut buffer = String::new();
    let mut items = Vec::new();
    let mut hosts: Vec<String> = Vec::new();
    // Author logins → display names, from the channel's `<wp:author>` entries.
    let mut authors: Vec<(String, String)> = Vec::new();
    let mut author = (String::new(), String::new());
    let error = |reader: &Reader<&[u8]>, message: String| {
        let (line, column) = crate::text::line_column(text, reader.error_position() as usize);
        ImportError::Parse {
            file: name.to_string(),
            line,
            column,
            message,
        }
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(&reader, e.to_string()))?;
        match event {
            Event::Start(start) => {
                let tag = start.name().as_ref().to_string();
                if tag == "item" {
                    current = Some(Item::default());
                }
                if tag == "category" {
                    let mut domain = String::new();
                    let mut nicename = String::new();
                    for attr in start.attributes().flatten() {
                        let value = attr
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        match attr.key.as_ref() {
                            "domain" => domain = value,
                            "nicename" => nicename = value,
                            _ => {}
                        }
                    }
                    category = Some((domain, nicename));
                }
                path.push(tag);
                buffer.clear();
            }
            Event::Text(t) => buffer.push_str(&t.xml10_content()),
            Event::CData(t) => buffer.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                buffer.push_str(&entities::decode_all(&format!("&{};", r.xml10_content())))
            }
            Event::End(_) => {
                let Some(tag) = path.pop() else { continue };
                let value = std::mem::take(&mut buffer);
                let parent = path.last().map(String::as_str).unwrap_or_default();
                match (parent, tag.as_str()) {
                    (_, "item") => items.extend(current.take()),
                    ("item", "category") => {
                        if let (Some(item), Some((domain, nicename))) =
                            (current.as_mut(), category.take())
                        {
                            item.categories
                                .push((domain, nicename, value.trim().to_string()));
                        }
                    }
                    ("item", _) => {
                        if let Some(item) = current.as_mut() {
                            item.fields.push((tag, value));
                        }
                    }
                    ("channel", "link" | "wp:base_site_url" | "wp:base_blog_url") => {
                        if let Some(host) = links::host_of(value.trim()) {
                            if !hosts.contains(&host) {
                                hosts.push(host);
                            }
                        }
                    }
                    ("wp:author", "wp:author_login") => author.0 = value.trim().to_string(),
                    ("wp:author", "wp:author_display_name") => author.1 = value.trim().to_string(),
                    ("channel", "wp:author") => authors.push(std::mem::take(&mut author)),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let posts: Vec<SourcePost> = items
        .iter()
        .filter(|item| matches!(item.get("wp:post_type"), None | Some("post") | Some("page")))
        .enumerate()
        .map(|(i, item)| post(format!("{name}, item {}", i + 1), item, &authors, &hosts))
        .collect();
    if posts.is_empty() {
        return Err(ImportError::Empty {
            file: name.to_string(),
        });
    }
    Ok(posts)
}

fn post(label: String, item: &Item, authors: &[(String, String)], hosts: &[String]) -> SourcePost {
    let date = item
        .get("pubDate")
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d.trim()).ok())
        .map(|d| d.format("%Y-%m-%d %H:%M:%S %z").to_string())
        .or_else(|| item.get("wp:post_date").map(str::to_string));
    let content = item.get("content:encoded").unwrap_or_default();
    let excerpt = item
        .get("excerpt:encoded")
        .map(|e| entities::decode_all(html::to_markdown(&autop(e)).trim()));
    let creator = item.get("dc:creator").map(str::trim).unwrap_or_default();
    let author = SourceAuthor {
        id: (!creator.is_empty()).then(|| creator.to_string()),
        name: authors
            .iter()
            .find(|(login, _)| login == creator)
            .map(|(_, name)| name.clone())
            .filter(|n| !n.is_empty()),
    };
    SourcePost {
        label,
        title: item.get("title").map(|t| entities::decode_all(t.trim())),
        date,
        slug: item.get("wp:post_name").map(str::to_string),
        summary: excerpt.filter(|e| !e.is_empty()),
        authors: if author.id.is_some() {
            vec![author]
        } else {
            Vec::new()
        },
        categories: terms_of(item, "category"),
        terms: terms_of(item, "post_tag"),
        body: html::to_markdown(&autop(content)),
        hosts: hosts.to_vec(),
        draft: item.get("wp:status").is_some_and(|s| s != "publish"),
        ..SourcePost::default()
    }
}

/// The names of the item's `<category>` elements of `domain` (`category`, `post_tag`).
fn terms_of(item: &Item, domain: &str) -> Vec<String> {
    item.categories
        .iter()
        .filter(|(d, _, _)| d == domain || (d.is_empty() && domain == "category"))
        .map(|(_, _, name)| entities::decode_all(name))
        .collect()
}

/// WordPress's `wpautop`, enough for exports: where the HTML has no `<p>`, blank lines separate
/// paragraphs and single newlines are line breaks.
fn autop(content: &str) -> String {
    if content.to_ascii_lowercase().contains("<p") {
        return content.to_string();
    }
    content
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>\n")))
        .collect::<Vec<_>>()
        .join("\n")
}
