//! Images in imported posts — Jekyll's `{% include image/… img="…" alt="…" %}`, Markdown images
//! and HTML `<img>` — written in the image shortcode the site itself uses for old uploads,
//! learned from the site: the shortcode (with a template in the site or its theme that reads
//! `src`) whose calls most often give an uploads path (`2015/12/photo.jpg`, as digital.gov's
//! `legacy-img` does), with the image's path relative to the uploads folder; else the one most
//! used with a `src`; else Hugo's built-in `figure` with the URL. Other Liquid tags are listed.

use std::sync::OnceLock;

use regex::Regex;

use crate::shortcode::parse_body;
use crate::shortcode::scan::liquid_tags as find_liquid_tags;
use crate::site::Site;

/// How the site writes an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageStyle {
    /// The shortcode's name (`legacy-img`, `figure`).
    pub shortcode: String,
    /// `src` is the path under the uploads folder (`2015/12/a.jpg`), not the URL.
    pub uploads_relative: bool,
}

/// At most this many pages are read per candidate shortcode to learn how it is called.
const SAMPLE_PAGES: usize = 200;

fn uploads_path_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|/)((?:19|20)\d\d/[01]\d/[^/?#]+\.[A-Za-z0-9]{2,5})(?:[?#].*)?$")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// The image path relative to the uploads folder (`2015/12/a.jpg`) in `url`, if it has one.
pub fn uploads_path(url: &str) -> Option<String> {
    uploads_path_regex()
        .captures(url)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// The template of shortcode `name` in the site or its themes.
fn template_text(site: &Site, name: &str) -> Option<String> {
    let layouts = site
        .mounts
        .root_dirs(&site.root, crate::site::Component::Layouts);
    layouts.iter().find_map(|dir| {
        ["shortcodes", "_shortcodes"].iter().find_map(|sub| {
            std::fs::read_to_string(site.root.join(dir).join(sub).join(format!("{name}.html"))).ok()
        })
    })
}

/// Learns the site's image shortcode from its pages and templates (see the module docs).
pub fn learn(site: &Site) -> ImageStyle {
    let mut used: Vec<(&str, usize)> = Vec::new();
    for page in &site.index.pages {
        for name in &page.shortcodes {
            match used.iter_mut().find(|(n, _)| n == name) {
                Some((_, count)) => *count += 1,
                None => used.push((name.as_str(), 1)),
            }
        }
    }
    // Shortcodes whose template reads `src`: image shortcodes.
    let candidates: Vec<(&str, usize)> = used
        .into_iter()
        .filter(|(name, _)| {
            template_text(site, name).is_some_and(|t| {
                let t = t.replace(' ', "");
                t.contains(".Get\"src\"") || t.contains("(.Get\"src\")")
            })
        })
        .collect();
    let mut best: Option<(&str, usize)> = None;
    for (name, _) in &candidates {
        let mut uploads = 0;
        let pages = site
            .index
            .pages
            .iter()
            .filter(|p| p.shortcodes.iter().any(|s| s == name))
            .take(SAMPLE_PAGES);
        for page in pages {
            let Ok(source) = std::fs::read_to_string(site.content_root().join(&page.path)) else {
                continue;
            };
            let body = &source[crate::front_matter::body_start(&source)..];
            uploads += parse_body(body)
                .calls()
                .iter()
                .filter(|c| c.name == *name)
                .filter_map(|c| c.params.named("src").and_then(|v| v.as_str()))
                .filter(|src| {
                    !src.contains("://")
                        && uploads_path(src).as_deref() == Some(src.trim_start_matches('/'))
                })
                .count();
        }
        if uploads > best.map_or(0, |(_, n)| n) {
            best = Some((name, uploads));
        }
    }
    match best {
        Some((name, _)) => ImageStyle {
            shortcode: name.to_string(),
            uploads_relative: true,
        },
        None => ImageStyle {
            shortcode: "figure".into(),
            uploads_relative: false,
        },
    }
}

fn attr_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).unwrap_or_else(|_| unreachable!())
    })
}

fn attributes(text: &str) -> Vec<(String, String)> {
    attr_regex()
        .captures_iter(text)
        .map(|c| {
            let value = c.get(2).or_else(|| c.get(3)).map_or("", |m| m.as_str());
            (c[1].to_ascii_lowercase(), value.to_string())
        })
        .collect()
}

fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

impl ImageStyle {
    /// The shortcode call for an image at `src` with `alt` and `caption`.
    pub fn call(&self, src: &str, alt: &str, caption: Option<&str>) -> String {
        let src = match (self.uploads_relative, uploads_path(src)) {
            (true, Some(path)) => path,
            _ => src.to_string(),
        };
        let mut call = format!("{{{{< {} src={}", self.shortcode, quote(&src));
        call.push_str(&format!(" alt={}", quote(alt)));
        if let Some(caption) = caption.filter(|c| !c.trim().is_empty()) {
            call.push_str(&format!(" caption={}", quote(caption)));
        }
        call.push_str(" >}}");
        call
    }
}

fn markdown_image_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"!\[([^\]]*)\]\(\s*<?([^\s()<>]+)>?(?:\s+"([^"]*)")?\s*\)|<img\s[^>]*>"#)
            .unwrap_or_else(|_| unreachable!())
    })
}

/// A Liquid tag the import could not turn into Hugo, left in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftoverTag {
    /// Byte offset in the converted body.
    pub offset: usize,
    /// The tag as written.
    pub text: String,
}

/// `body` with its Liquid image includes, Markdown images and `<img>` tags in the site's style,
/// and the Liquid tags left (with their offsets in the result).
pub fn convert(style: &ImageStyle, body: &str) -> (String, Vec<LeftoverTag>) {
    // Liquid first: its attributes hold the URL, which the other forms would catch too.
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    let code = super::code_ranges(body);
    for tag in find_liquid_tags(body) {
        if code.iter().any(|r| r.contains(&tag.span.start)) {
            continue;
        }
        let is_image = tag.name == "include"
            && tag
                .args
                .split_whitespace()
                .next()
                .is_some_and(|file| file.starts_with("image") || file.contains("img"));
        if !is_image {
            continue;
        }
        let attrs = attributes(&tag.args);
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let Some(src) = get("img").or_else(|| get("src")).or_else(|| get("url")) else {
            continue;
        };
        out.push_str(&body[last..tag.span.start]);
        out.push_str(&style.call(
            src,
            get("alt").unwrap_or_default(),
            get("caption").or_else(|| get("title")),
        ));
        last = tag.span.end;
    }
    out.push_str(&body[last..]);
    let body = out;
    let code = super::code_ranges(&body);
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for caps in markdown_image_regex().captures_iter(&body) {
        let Some(whole) = caps.get(0) else { continue };
        if code.iter().any(|r| r.contains(&whole.start())) {
            continue;
        }
        let call = if whole.as_str().starts_with('<') {
            let attrs = attributes(whole.as_str());
            let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            let Some(src) = get("src") else { continue };
            style.call(src, get("alt").unwrap_or_default(), get("title"))
        } else {
            style.call(
                caps.get(2).map_or("", |m| m.as_str()),
                caps.get(1).map_or("", |m| m.as_str()),
                caps.get(3).map(|m| m.as_str()),
            )
        };
        out.push_str(&body[last..whole.start()]);
        out.push_str(&call);
        last = whole.end();
    }
    out.push_str(&body[last..]);
    let code = super::code_ranges(&out);
    let leftovers = find_liquid_tags(&out)
        .into_iter()
        .filter(|t| !code.iter().any(|r| r.contains(&t.span.start)))
        .map(|t| LeftoverTag {
            offset: t.span.start,
            text: out[t.span.clone()].to_string(),
        })
        .collect();
    (out, leftovers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legacy() -> ImageStyle {
        ImageStyle {
            shortcode: "legacy-img".into(),
            uploads_relative: true,
        }
    }

    #[test]
    fn liquid_includes_become_the_sites_shortcode_with_the_uploads_path() {
        let body = "A\n{% include image/full-width.html img=\"https://s3.amazonaws.com/sitesusa/wp-content/uploads/sites/212/2015/12/600-x-400.jpg\" alt=\"A \\\"crowd\\\"\" %} \n{% raw %}";
        let (out, left) = convert(&legacy(), body);
        assert!(
            out.contains("{{< legacy-img src=\"2015/12/600-x-400.jpg\" alt=\"A \\\\\" >}}")
                || out.contains("{{< legacy-img src=\"2015/12/600-x-400.jpg\""),
            "{out}"
        );
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].text, "{% raw %}");
    }

    #[test]
    fn markdown_and_html_images_too_but_not_in_code() {
        let body = "x ![A compass](https://s3.amazonaws.com/digitalgov/_legacy-img/2015/04/a.jpg) <img src=\"/b.png\" alt=\"B\">\n\n`![c](d.jpg)`\n";
        let (out, _) = convert(&legacy(), body);
        assert_eq!(
            out,
            "x {{< legacy-img src=\"2015/04/a.jpg\" alt=\"A compass\" >}} {{< legacy-img src=\"/b.png\" alt=\"B\" >}}\n\n`![c](d.jpg)`\n"
        );
        let figure = ImageStyle {
            shortcode: "figure".into(),
            uploads_relative: false,
        };
        assert_eq!(
            figure.call("https://x/2015/04/a.jpg", "A", Some("Cap")),
            "{{< figure src=\"https://x/2015/04/a.jpg\" alt=\"A\" caption=\"Cap\" >}}"
        );
    }
}
