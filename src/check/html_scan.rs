//! A small, forgiving reader of HTML for the accessibility rules: the elements they judge
//! (headings, images, links, buttons, tables, frames) with their attributes, text and byte
//! offsets. It reads both the raw HTML an author writes in Markdown and what the renderer
//! prints; it never fails (unknown or broken markup is text), and it is no general parser.

use std::ops::Range;

/// One element the accessibility rules judge.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Element {
    /// `<h1>`…`<h6>`, with its text (an image's alt text counts as text).
    Heading { level: u8, text: String },
    /// `<img>`: its alt text (`None`: no `alt` attribute) and where the value is in the input.
    Image {
        alt: Option<String>,
        alt_span: Option<Range<usize>>,
        src: String,
    },
    /// `<a href>`: its text, and whether an `aria-label`/`aria-labelledby`/`title` names it.
    Link {
        text: String,
        href: String,
        labelled: bool,
    },
    /// `<button>`: its text and whether an ARIA attribute or title names it.
    Button { text: String, labelled: bool },
    /// `<table>`: whether it has a header cell (`<th>`).
    Table { has_header: bool },
    /// `<iframe>`: its `title`.
    Frame { title: Option<String>, src: String },
}

/// A tag's attributes: (lower-cased name, value, the value's byte range in the input).
type Attributes = Vec<(String, String, Range<usize>)>;

fn attribute<'a>(attributes: &'a Attributes, name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, v, _)| v.as_str())
}

fn labelled(attributes: &Attributes) -> bool {
    ["aria-label", "aria-labelledby", "title"]
        .iter()
        .any(|name| attribute(attributes, name).is_some_and(|v| !v.trim().is_empty()))
}

/// An element being read: its text is gathered until its end tag.
struct Open {
    name: String,
    offset: usize,
    attributes: Attributes,
    text: String,
    has_header: bool,
}

/// The elements of `html` with the byte offset of each start tag, in document order.
pub(crate) fn scan(html: &str) -> Vec<(usize, Element)> {
    let bytes = html.as_bytes();
    let mut out: Vec<(usize, Element)> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut text_from = 0;
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + found;
        push_text(&mut open, &html[text_from..at]);
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(html.len(), |e| at + e + 3);
            i = end;
            text_from = end;
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = at + if closing { 2 } else { 1 };
        let name_len = html[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        let starts_with_letter = html
            .as_bytes()
            .get(name_start)
            .is_some_and(u8::is_ascii_alphabetic);
        if name_len == 0 || !starts_with_letter {
            // A `<` that starts no tag is text.
            push_text(&mut open, "<");
            i = at + 1;
            text_from = i;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (attributes, end, self_closing) = read_attributes(html, name_start + name_len);
        i = end;
        text_from = end;
        if closing {
            close(&mut open, &name, &mut out);
            continue;
        }
        match name.as_str() {
            "img" => {
                // No `alt`: an `aria-label` or `title` still names it (as axe's image-alt
                // accepts), though the "image of…" fix edits only a real `alt`.
                let alt = attributes.iter().find(|(n, _, _)| n == "alt").or_else(|| {
                    attributes.iter().find(|(n, v, _)| {
                        (n == "aria-label" || n == "title") && !v.trim().is_empty()
                    })
                });
                let real_alt = alt.filter(|(n, _, _)| n == "alt");
                if let Some(alt) = alt.filter(|(_, v, _)| !v.trim().is_empty()) {
                    push_text(&mut open, &format!(" {} ", alt.1));
                }
                out.push((
                    at,
                    Element::Image {
                        alt: alt.map(|(_, v, _)| v.clone()),
                        alt_span: real_alt.map(|(_, _, r)| r.clone()),
                        src: attribute(&attributes, "src")
                            .unwrap_or_default()
                            .to_string(),
                    },
                ));
            }
            "iframe" => {
                out.push((
                    at,
                    Element::Frame {
                        title: attribute(&attributes, "title").map(str::to_string),
                        src: attribute(&attributes, "src")
                            .unwrap_or_default()
                            .to_string(),
                    },
                ));
            }
            "th" => {
                if let Some(table) = open.iter_mut().rev().find(|o| o.name == "table") {
                    table.has_header = true;
                }
            }
            "a" | "button" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if !self_closing => {
                if name == "a" && attribute(&attributes, "href").is_none() {
                    continue;
                }
                open.push(Open {
                    name,
                    offset: at,
                    attributes,
                    text: String::new(),
                    has_header: false,
                });
            }
            _ => {}
        }
    }
    push_text(&mut open, &html[text_from.min(html.len())..]);
    // Elements left open at the end are judged as they are.
    while let Some(last) = open.last() {
        let name = last.name.clone();
        close(&mut open, &name, &mut out);
    }
    out.sort_by_key(|(offset, _)| *offset);
    out
}

fn push_text(open: &mut [Open], text: &str) {
    if text.is_empty() {
        return;
    }
    for element in open.iter_mut() {
        if element.name != "table" {
            element.text.push_str(text);
        }
    }
}

fn close(open: &mut Vec<Open>, name: &str, out: &mut Vec<(usize, Element)>) {
    let Some(index) = open.iter().rposition(|o| o.name == name) else {
        return;
    };
    // Elements opened inside it and never closed end with it.
    while open.len() > index {
        let Some(element) = open.pop() else { break };
        let text = clean_text(&element.text);
        let made = match element.name.as_str() {
            "a" => Element::Link {
                text,
                href: attribute(&element.attributes, "href")
                    .unwrap_or_default()
                    .to_string(),
                labelled: labelled(&element.attributes),
            },
            "button" => Element::Button {
                text,
                labelled: labelled(&element.attributes),
            },
            "table" => Element::Table {
                has_header: element.has_header,
            },
            heading => Element::Heading {
                level: heading
                    .strip_prefix('h')
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(1),
                text,
            },
        };
        out.push((element.offset, made));
    }
}

/// Text as a reader hears it: entities decoded, runs of white space as one space, trimmed.
pub(crate) fn clean_text(text: &str) -> String {
    let decoded = decode_entities(text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads a start tag's attributes from `from` (just after its name) to its `>`: the
/// attributes, the offset after the tag, and whether it ends with `/>`.
fn read_attributes(html: &str, from: usize) -> (Attributes, usize, bool) {
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    let mut i = from;
    let mut self_closing = false;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return (attributes, i + 1, self_closing),
            b'/' => {
                self_closing = true;
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                self_closing = false;
                let name_start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'=' | b'>' | b'/')
                {
                    i += 1;
                }
                let name = html[name_start..i].to_ascii_lowercase();
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if bytes.get(i) != Some(&b'=') {
                    attributes.push((name, String::new(), i..i));
                    continue;
                }
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (value, range) = match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let start = i + 1;
                        let end =
                            memchr::memchr(q, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                        i = (end + 1).min(bytes.len());
                        (&html[start..end], start..end)
                    }
                    _ => {
                        let start = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>'
                        {
                            i += 1;
                        }
                        (&html[start..i], start..i)
                    }
                };
                attributes.push((name, decode_entities(value), range));
            }
        }
    }
    (attributes, bytes.len(), self_closing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headings_images_links_buttons_tables_and_frames() {
        let html = "<h2 id=\"x\">A &amp; <em>B</em></h2>\n<p><a href=\"/x\"><img src=\"a.png\" alt='Logo'></a> <a href=\"/y\" aria-label=\"Close\"></a><button> </button></p><table><tr><th>h</th></tr></table><table><tr><td>x</td></tr></table><iframe src=\"v\"></iframe><!-- <h1>no</h1> -->";
        let found: Vec<Element> = scan(html).into_iter().map(|(_, e)| e).collect();
        assert_eq!(
            found,
            [
                Element::Heading {
                    level: 2,
                    text: "A & B".into()
                },
                Element::Link {
                    text: "Logo".into(),
                    href: "/x".into(),
                    labelled: false
                },
                Element::Image {
                    alt: Some("Logo".into()),
                    alt_span: Some(73..77),
                    src: "a.png".into()
                },
                Element::Link {
                    text: String::new(),
                    href: "/y".into(),
                    labelled: true
                },
                Element::Button {
                    text: String::new(),
                    labelled: false
                },
                Element::Table { has_header: true },
                Element::Table { has_header: false },
                Element::Frame {
                    title: None,
                    src: "v".into()
                },
            ]
        );
    }

    #[test]
    fn a_stray_less_than_and_an_unclosed_tag_are_text() {
        let found = scan("a < b <h3>x <5");
        assert_eq!(
            found,
            [(
                6,
                Element::Heading {
                    level: 3,
                    text: "x <5".into()
                }
            )]
        );
    }
}
