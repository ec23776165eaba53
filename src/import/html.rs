//! HTML bodies (a JSON Feed item's `content_html`, a WordPress post) turned into the Markdown the
//! site writes: paragraphs, headings, lists, links, emphasis, code and images; what Markdown
//! cannot say (tables, iframes) stays as HTML, which the site's Goldmark passes through.
//!
//! The parser is tolerant the way browsers are: unclosed tags close with their parent, stray end
//! tags are ignored, a `<div>` inside a `<p>` stays inside it. Images come out as Markdown
//! images (`![alt](src)`); [`super::images`] then writes them in the site's own shortcode.

use crate::entities;

/// `html` as Markdown, ending with one newline (empty input gives an empty string).
pub fn to_markdown(html: &str) -> String {
    let nodes = parse(html);
    let blocks = render_blocks(&nodes);
    if blocks.is_empty() {
        String::new()
    } else {
        format!("{}\n", blocks.join("\n\n"))
    }
}

#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
    },
}

const VOID: [&str; 13] = [
    "br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "embed", "param",
    "track",
];

const BLOCK: [&str; 22] = [
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "table",
];

/// An element being read: its name, attributes and the children read so far.
type Open = (String, Vec<(String, String)>, Vec<Node>);

fn parse(html: &str) -> Vec<Node> {
    // The open elements, innermost last; the root collects the top-level nodes.
    let mut stack: Vec<Open> = vec![(String::new(), Vec::new(), Vec::new())];
    let mut rest = html;
    let push = |stack: &mut Vec<Open>, node: Node| {
        if let Some(top) = stack.last_mut() {
            top.2.push(node);
        }
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push(&mut stack, Node::Text(rest.to_string()));
            break;
        };
        if lt > 0 {
            push(&mut stack, Node::Text(rest[..lt].to_string()));
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some((tag, after)) = read_tag(rest) else {
            push(&mut stack, Node::Text("&lt;".into()));
            rest = &rest[1..];
            continue;
        };
        rest = after;
        match tag {
            Tag::End(name) => {
                if let Some(depth) = stack.iter().rposition(|(n, _, _)| *n == name) {
                    if depth == 0 {
                        continue;
                    }
                    while stack.len() > depth {
                        if let Some((name, attrs, children)) = stack.pop() {
                            push(
                                &mut stack,
                                Node::Element {
                                    name,
                                    attrs,
                                    children,
                                },
                            );
                        }
                    }
                }
            }
            Tag::Start {
                name,
                attrs,
                self_closing,
            } => {
                // Raw text elements: their content is not markup.
                if matches!(name.as_str(), "script" | "style") {
                    let close = format!("</{name}");
                    rest = rest
                        .to_ascii_lowercase()
                        .find(&close)
                        .and_then(|at| rest[at..].find('>').map(|end| &rest[at + end + 1..]))
                        .unwrap_or("");
                    continue;
                }
                if self_closing || VOID.contains(&name.as_str()) {
                    push(
                        &mut stack,
                        Node::Element {
                            name,
                            attrs,
                            children: Vec::new(),
                        },
                    );
                } else {
                    // A new list item or paragraph closes the open one, as browsers do.
                    if matches!(name.as_str(), "li" | "p") {
                        if let Some(depth) = stack.iter().rposition(|(n, _, _)| *n == name) {
                            let blocked = stack[depth + 1..].iter().any(|(n, _, _)| {
                                matches!(n.as_str(), "ul" | "ol" | "blockquote" | "div")
                            });
                            while !blocked && stack.len() > depth {
                                if let Some((name, attrs, children)) = stack.pop() {
                                    push(
                                        &mut stack,
                                        Node::Element {
                                            name,
                                            attrs,
                                            children,
                                        },
                                    );
                                }
                            }
                        }
                    }
                    stack.push((name, attrs, Vec::new()));
                }
            }
        }
    }
    while stack.len() > 1 {
        if let Some((name, attrs, children)) = stack.pop() {
            push(
                &mut stack,
                Node::Element {
                    name,
                    attrs,
                    children,
                },
            );
        }
    }
    stack.pop().map(|(_, _, nodes)| nodes).unwrap_or_default()
}

enum Tag {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
}

/// Reads the tag at the start of `text` (which starts with `<`); `None` when it is no tag.
fn read_tag(text: &str) -> Option<(Tag, &str)> {
    let inner = &text[1..];
    if let Some(end) = inner.strip_prefix('/') {
        let len = end
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(end.len());
        if len == 0 {
            return None;
        }
        let close = end.find('>')?;
        return Some((Tag::End(end[..len].to_ascii_lowercase()), &end[close + 1..]));
    }
    if inner.starts_with('!') || inner.starts_with('?') {
        let close = inner.find('>')?;
        return Some((
            Tag::Start {
                name: "!".into(),
                attrs: Vec::new(),
                self_closing: true,
            },
            &inner[close + 1..],
        ));
    }
    let len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(inner.len());
    if len == 0 || !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = inner[..len].to_ascii_lowercase();
    let mut rest = &inner[len..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            return Some((
                Tag::Start {
                    name,
                    attrs,
                    self_closing: true,
                },
                after,
            ));
        }
        if let Some(after) = rest.strip_prefix('>') {
            return Some((
                Tag::Start {
                    name,
                    attrs,
                    self_closing: false,
                },
                after,
            ));
        }
        if rest.is_empty() {
            return None;
        }
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len());
        if len == 0 {
            // A stray `/` inside a tag.
            rest = &rest[1..];
            continue;
        }
        let key = rest[..len].to_ascii_lowercase();
        rest = rest[len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q)?;
                    (&body[..end], &body[end + 1..])
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = next;
            entities::decode_all(value)
        } else {
            String::new()
        };
        attrs.push((key, value));
    }
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn is_block(node: &Node) -> bool {
    matches!(node, Node::Element { name, .. } if BLOCK.contains(&name.as_str()))
}

/// The Markdown blocks of `nodes`, in order: runs of inline nodes become paragraphs.
fn render_blocks(nodes: &[Node]) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut inline: Vec<&Node> = Vec::new();
    for node in nodes {
        if !is_block(node) {
            inline.push(node);
            continue;
        }
        let Node::Element {
            name,
            attrs,
            children,
        } = node
        else {
            continue;
        };
        // A `<div>` (or `<figure>`) wrapping only inline content (an image) stays in the
        // paragraph it sits in, as the site's conversions keep it.
        if matches!(name.as_str(), "div" | "figure" | "span") && !children.iter().any(is_block) {
            inline.push(node);
            continue;
        }
        flush(&mut inline, &mut blocks);
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level: usize = name[1..].parse().unwrap_or(2);
                let text = tidy_lines(&render_inline(&children.iter().collect::<Vec<_>>()));
                blocks.push(format!("{} {}", "#".repeat(level), text.replace('\n', " ")));
            }
            "ul" | "ol" => blocks.push(render_list(name == "ol", children)),
            "blockquote" => {
                let inner = render_blocks(children).join("\n\n");
                let quoted: Vec<String> = inner
                    .lines()
                    .map(|l| {
                        if l.is_empty() {
                            ">".into()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect();
                if !quoted.is_empty() {
                    blocks.push(quoted.join("\n"));
                }
            }
            "pre" => {
                let code = entities::decode_all(&raw_text(children));
                let language = children
                    .iter()
                    .find_map(|c| match c {
                        Node::Element { name, attrs, .. } if name == "code" => {
                            attr(attrs, "class").map(str::to_string)
                        }
                        _ => None,
                    })
                    .or_else(|| attr(attrs, "class").map(str::to_string))
                    .and_then(|class| {
                        class
                            .split_whitespace()
                            .find_map(|c| c.strip_prefix("language-").map(str::to_string))
                    })
                    .unwrap_or_default();
                let fence = if code.contains("```") { "~~~~" } else { "```" };
                blocks.push(format!(
                    "{fence}{language}\n{}\n{fence}",
                    code.trim_end_matches('\n')
                ));
            }
            "hr" => blocks.push("* * *".into()),
            "table" => blocks.push(serialize(node)),
            _ => blocks.extend(render_blocks(children)),
        }
    }
    flush(&mut inline, &mut blocks);
    blocks
}

fn render_list(ordered: bool, items: &[Node]) -> String {
    let mut lines = Vec::new();
    let mut number = 1;
    for item in items {
        let Node::Element { name, children, .. } = item else {
            continue;
        };
        if name != "li" {
            continue;
        }
        let marker = if ordered {
            format!("{number}. ")
        } else {
            "- ".into()
        };
        number += 1;
        let body = render_blocks(children).join("\n\n");
        let indent = " ".repeat(marker.len());
        for (i, line) in body.lines().enumerate() {
            if i == 0 {
                lines.push(format!("{marker}{line}"));
            } else if line.is_empty() {
                lines.push(String::new());
            } else {
                lines.push(format!("{indent}{line}"));
            }
        }
        if body.is_empty() {
            lines.push(marker.trim_end().to_string());
        }
    }
    lines.join("\n")
}

/// The run of inline nodes as one paragraph block, if it has text.
fn flush(inline: &mut Vec<&Node>, blocks: &mut Vec<String>) {
    let text = tidy_lines(&render_inline(inline));
    if !text.is_empty() {
        blocks.push(text);
    }
    inline.clear();
}

/// Inline Markdown of `nodes`; whitespace collapsed, hard breaks as `\` + newline.
fn render_inline(nodes: &[&Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(text) => {
                let decoded = entities::decode(text);
                let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
                for c in decoded.chars() {
                    if c.is_whitespace() && c != '\u{a0}' {
                        if !last_space {
                            out.push(' ');
                        }
                        last_space = true;
                    } else {
                        out.push(c);
                        last_space = false;
                    }
                }
            }
            Node::Element {
                name,
                attrs,
                children,
            } => {
                let kids: Vec<&Node> = children.iter().collect();
                match name.as_str() {
                    "br" => {
                        while out.ends_with(' ') {
                            out.pop();
                        }
                        out.push_str("\\\n");
                    }
                    "a" => {
                        let text = render_inline(&kids);
                        match attr(attrs, "href") {
                            Some(href) if !href.is_empty() => {
                                let href = href.replace(' ', "%20");
                                match attr(attrs, "title").filter(|t| !t.is_empty()) {
                                    Some(title) => out.push_str(&format!(
                                        "[{}]({href} \"{}\")",
                                        text.trim(),
                                        title.replace('"', "\\\"")
                                    )),
                                    None => out.push_str(&format!("[{}]({href})", text.trim())),
                                }
                            }
                            _ => out.push_str(&text),
                        }
                    }
                    "strong" | "b" => wrap(&mut out, "**", &render_inline(&kids)),
                    "em" | "i" => wrap(&mut out, "_", &render_inline(&kids)),
                    "code" | "tt" => {
                        let code = entities::decode_all(&raw_text(children));
                        let tick = if code.contains('`') { "``" } else { "`" };
                        out.push_str(&format!("{tick}{code}{tick}"));
                    }
                    "img" => {
                        let src = attr(attrs, "src").unwrap_or_default();
                        let alt = attr(attrs, "alt").unwrap_or_default();
                        if !src.is_empty() {
                            out.push_str(&format!(
                                "![{}]({})",
                                alt.replace(['[', ']'], ""),
                                src.replace(' ', "%20")
                            ));
                        }
                    }
                    "iframe" | "video" | "audio" | "sup" | "sub" | "abbr" => {
                        out.push_str(&serialize(node))
                    }
                    "!" => {}
                    _ => {
                        // Nested blocks in inline position (a `<p>` in a `<span>`) still get
                        // their breaks.
                        if kids.iter().any(|k| is_block(k)) {
                            out.push_str(&render_blocks(children).join("\n\n"));
                        } else {
                            out.push_str(&render_inline(&kids));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Emphasis around `text`, with the spaces at its edges moved outside (`** x**` is not bold).
fn wrap(out: &mut String, mark: &str, text: &str) {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        out.push_str(text);
        return;
    }
    if text.starts_with(' ') && !out.ends_with(' ') {
        out.push(' ');
    }
    out.push_str(&format!("{mark}{trimmed}{mark}"));
    if text.ends_with(' ') {
        out.push(' ');
    }
}

/// Each line trimmed of spaces at its ends (a hard break's `\` kept), the whole trimmed.
fn tidy_lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn raw_text(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text(t) => t.clone(),
            Node::Element { name, children, .. } if name == "br" => {
                format!("\n{}", raw_text(children))
            }
            Node::Element { children, .. } => raw_text(children),
        })
        .collect()
}

/// The element written back as HTML (for what Markdown has no syntax for).
fn serialize(node: &Node) -> String {
    match node {
        Node::Text(t) => t.clone(),
        Node::Element {
            name,
            attrs,
            children,
        } => {
            let mut out = format!("<{name}");
            for (k, v) in attrs {
                out.push_str(&format!(" {k}=\"{}\"", v.replace('"', "&quot;")));
            }
            out.push('>');
            if VOID.contains(&name.as_str()) {
                return out;
            }
            for child in children {
                out.push_str(&serialize(child));
            }
            out.push_str(&format!("</{name}>"));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_links_emphasis_and_entities() {
        let md = to_markdown(
            "<p>GSA <a href=\"/2015/07/31/x/\">launched&nbsp;it</a> &#8220;now&#8221;</p>\n<p>Second <strong>bold </strong>and <em>it</em>.</p>",
        );
        assert_eq!(
            md,
            "GSA [launched&nbsp;it](/2015/07/31/x/) “now”\n\nSecond **bold** and _it_.\n"
        );
    }

    #[test]
    fn an_image_in_a_div_stays_in_its_paragraph() {
        let md = to_markdown(
            "<p>Lives. <div class=\"image\">\n  <img\n    src=\"https://x/a.jpg\"\n    alt=\"A compass\"/></div>\n\n</p>\n<p>Next</p>",
        );
        assert_eq!(md, "Lives. ![A compass](https://x/a.jpg)\n\nNext\n");
    }

    #[test]
    fn lists_headings_quotes_and_code() {
        let md = to_markdown(
            "<h2>Title &amp; more</h2><ul><li>one<li>two <a href=\"u\">l</a></ul><ol><li><p>a</p></li></ol><blockquote><p>q</p></blockquote><pre><code class=\"language-sh\">a &lt; b</code></pre>",
        );
        assert_eq!(
            md,
            "## Title &amp; more\n\n- one\n- two [l](u)\n\n1. a\n\n> q\n\n```sh\na < b\n```\n"
        );
    }

    #[test]
    fn broken_markup_does_not_lose_text() {
        let md = to_markdown("<p>a < b <b>open</p><p>x</i> y<br>z<script>bad()</script>");
        assert_eq!(md, "a &lt; b **open**\n\nx y\\\nz\n");
    }
}
