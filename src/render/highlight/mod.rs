//! Code highlighting the way Hugo's Chroma prints it. Fenced code and the `highlight` shortcode
//! are tokenised ([`lexer`]) and written in Chroma's markup — inline styles (`noClasses`, Hugo's
//! default) or classes, a span per line, line numbers inline or in a table, highlighted lines —
//! with the colours of the site's `markup.highlight.style` ([`styles`]). Our grammars are not
//! Chroma's lexers, so token boundaries may differ; text and wrappers are Hugo's, and the fidelity
//! tests compare both.

mod lexer;
mod styles;

use std::collections::HashSet;
use std::sync::OnceLock;

use serde_json::Value;

use super::options::lookup;
use crate::text::go_escape_string;

/// The fence languages Hugo's Chroma highlights — lexer names, aliases, file names and
/// extensions, as Chroma's lookup accepts them — asked of the real Hugo by
/// `scripts/gen-chroma-languages.sh`. Any other gets the plain `<pre>` Hugo prints.
const KNOWN_LANGUAGES: &str = include_str!("languages.txt");

/// Whether Chroma knows `lang` (case-insensitive), i.e. whether Hugo highlights the block.
pub fn is_known_language(lang: &str) -> bool {
    static KNOWN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| {
        KNOWN_LANGUAGES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    known.contains(lang.to_ascii_lowercase().as_str())
}

/// The site's `markup.highlight` settings, with Hugo 0.168's defaults, and a block's own options
/// laid over them (`{linenos=table}` on a fence, `"hl_lines=2"` in the shortcode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightOptions {
    /// `style`: a Chroma style name.
    pub style: String,
    /// `noClasses`: colours in `style` attributes rather than Chroma's classes.
    pub no_classes: bool,
    /// `lineNos`.
    pub line_nos: bool,
    /// `lineNumbersInTable`: numbers in a table column rather than before each line.
    pub line_numbers_in_table: bool,
    /// `lineNoStart`.
    pub line_no_start: usize,
    /// `hl_Lines`: 1-based ranges of lines (counted within the block) to highlight.
    pub hl_lines: Vec<(usize, usize)>,
    /// `anchorLineNos`: line numbers are links to themselves.
    pub anchor_line_nos: bool,
    /// `lineAnchors`: the anchors' prefix.
    pub line_anchors: String,
    /// `tabWidth`.
    pub tab_width: usize,
    /// `wrapperClass`.
    pub wrapper_class: String,
    /// `hl_inline`: the code as an inline `<code class="code-inline …">`, no block around it.
    pub hl_inline: bool,
}

impl Default for HighlightOptions {
    fn default() -> Self {
        HighlightOptions {
            style: styles::DEFAULT_STYLE.into(),
            no_classes: true,
            line_nos: false,
            line_numbers_in_table: true,
            line_no_start: 1,
            hl_lines: Vec::new(),
            anchor_line_nos: false,
            line_anchors: String::new(),
            tab_width: 4,
            wrapper_class: "highlight".into(),
            hl_inline: false,
        }
    }
}

/// A config or attribute value as the option text Hugo would parse (`[2, "4-5"]` → `2 4-5`).
fn option_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(option_text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

impl HighlightOptions {
    /// Reads `markup.highlight` from a site's whole config.
    pub fn from_config(raw: &Value) -> HighlightOptions {
        let mut options = HighlightOptions::default();
        if let Some(Value::Object(map)) = lookup(raw, &["markup", "highlight"]) {
            for (key, value) in map {
                options.set(key, &option_text(value));
            }
        }
        options
    }

    /// These options with a block's own `key=value` pairs laid over them.
    pub fn with(&self, pairs: &[(String, String)]) -> HighlightOptions {
        let mut options = self.clone();
        for (key, value) in pairs {
            options.set(key, value);
        }
        options
    }

    /// One option, by Hugo's (case-insensitive) name; a value Hugo would reject leaves the
    /// option as it was, and names that do not change the markup are ignored.
    fn set(&mut self, key: &str, value: &str) {
        let value = value.trim();
        let flag = || value.parse::<bool>().ok();
        let number = || value.parse::<usize>().ok();
        match key.to_ascii_lowercase().as_str() {
            "style" => self.style = value.to_string(),
            "noclasses" => self.no_classes = flag().unwrap_or(self.no_classes),
            "linenos" => match value.to_ascii_lowercase().as_str() {
                "table" => (self.line_nos, self.line_numbers_in_table) = (true, true),
                "inline" => (self.line_nos, self.line_numbers_in_table) = (true, false),
                _ => self.line_nos = flag().unwrap_or(self.line_nos),
            },
            "linenumbersintable" => {
                self.line_numbers_in_table = flag().unwrap_or(self.line_numbers_in_table)
            }
            "linenostart" => self.line_no_start = number().unwrap_or(self.line_no_start),
            "hl_lines" => self.hl_lines = parse_line_ranges(value),
            "anchorlinenos" => self.anchor_line_nos = flag().unwrap_or(self.anchor_line_nos),
            "lineanchors" => self.line_anchors = value.to_string(),
            "tabwidth" => self.tab_width = number().unwrap_or(self.tab_width),
            "wrapperclass" => self.wrapper_class = value.to_string(),
            "hl_inline" => self.hl_inline = flag().unwrap_or(self.hl_inline),
            _ => {}
        }
    }

    fn is_highlighted(&self, line: usize) -> bool {
        self.hl_lines
            .iter()
            .any(|&(from, to)| (from..=to).contains(&line))
    }
}

/// `"2 4-6"` → `[(2, 2), (4, 6)]`; what does not parse is skipped.
fn parse_line_ranges(text: &str) -> Vec<(usize, usize)> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter_map(|part| {
            let part = part.trim_matches(|c| c == '"' || c == '\'' || c == '[' || c == ']');
            match part.split_once('-') {
                Some((from, to)) => Some((from.trim().parse().ok()?, to.trim().parse().ok()?)),
                None => part.parse().ok().map(|n| (n, n)),
            }
        })
        .collect()
}

/// The `highlight` shortcode's options string: `linenos=table,hl_lines=8 15-17`.
pub fn parse_option_string(text: &str) -> Vec<(String, String)> {
    text.split(',')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// What a fence's info string says: `go {.wide #main linenos=table hl_lines=[2,"4-5"]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FenceInfo {
    /// The language, the first word.
    pub lang: Option<String>,
    /// `key=value` attributes, in order.
    pub options: Vec<(String, String)>,
    /// `.class` attributes.
    pub classes: Vec<String>,
    /// `#id`.
    pub id: Option<String>,
}

impl FenceInfo {
    /// Parses an info string the way goldmark's attribute parser reads the `{…}` part.
    pub fn parse(info: &str) -> FenceInfo {
        let info = info.trim();
        let (head, attributes) = match info.find('{') {
            Some(open) => (&info[..open], Some(&info[open + 1..])),
            None => (info, None),
        };
        let mut fence = FenceInfo {
            lang: head.split_whitespace().next().map(str::to_string),
            ..FenceInfo::default()
        };
        if let Some(attributes) = attributes {
            let body = attributes
                .rsplit_once('}')
                .map_or(attributes, |(body, _)| body);
            fence.read_attributes(body);
        }
        fence
    }

    fn read_attributes(&mut self, body: &str) {
        let chars: Vec<char> = body.chars().collect();
        let mut i = 0;
        let word_end = |i: usize| {
            let mut j = i;
            while j < chars.len() && !chars[j].is_whitespace() && !matches!(chars[j], ',' | '=') {
                j += 1;
            }
            j
        };
        while i < chars.len() {
            if chars[i].is_whitespace() || chars[i] == ',' {
                i += 1;
                continue;
            }
            let sigil = chars[i];
            if sigil == '.' || sigil == '#' {
                let end = word_end(i + 1);
                let name: String = chars[i + 1..end].iter().collect();
                if sigil == '.' {
                    self.classes.push(name);
                } else {
                    self.id = Some(name);
                }
                i = end;
                continue;
            }
            let end = word_end(i);
            let key: String = chars[i..end].iter().collect();
            i = end;
            if chars.get(i) != Some(&'=') {
                i += 1;
                continue;
            }
            i += 1;
            let (value, next) = match chars.get(i) {
                Some('"') => {
                    let mut value = String::new();
                    let mut j = i + 1;
                    while j < chars.len() && chars[j] != '"' {
                        if chars[j] == '\\' && j + 1 < chars.len() {
                            j += 1;
                        }
                        value.push(chars[j]);
                        j += 1;
                    }
                    (value, j + 1)
                }
                Some('[') => {
                    let close = (i..chars.len())
                        .find(|&j| chars[j] == ']')
                        .unwrap_or(chars.len());
                    let inner: String = chars[i + 1..close].iter().collect();
                    let items: Vec<&str> = inner
                        .split(',')
                        .map(|item| item.trim().trim_matches('"'))
                        .filter(|item| !item.is_empty())
                        .collect();
                    (items.join(" "), close + 1)
                }
                _ => {
                    let end = word_end(i);
                    (chars[i..end].iter().collect(), end)
                }
            };
            self.options.push((key, value));
            i = next;
        }
    }
}

/// The stylesheet Chroma's classes need when the site prints classes (`noClasses = false`);
/// `None` when colours are inline.
pub fn stylesheet(options: &HighlightOptions) -> Option<String> {
    (!options.no_classes).then(|| styles::style(&options.style).stylesheet())
}

/// One block of code to highlight and what it carries besides options.
#[derive(Debug, Clone, Copy)]
pub struct CodeBlock<'a> {
    pub code: &'a str,
    pub lang: &'a str,
    /// Which fenced block of the page this is (0-based): Hugo's anchors for fenced code default
    /// to `hl-<ordinal>-<line>`; the `highlight` shortcode's (`None`) to the bare line number.
    pub ordinal: Option<usize>,
    /// `#id` from the fence's attributes.
    pub id: Option<&'a str>,
    /// `.class` attributes from the fence, added to the wrapper's class.
    pub classes: &'a [String],
}

/// The HTML Hugo's highlighter prints for `block`, `None` when Chroma does not know its language
/// (Hugo then prints plain `<pre>` markup, which the callers write).
pub fn highlight_html(block: &CodeBlock<'_>, options: &HighlightOptions) -> Option<String> {
    if block.lang.is_empty() || !is_known_language(block.lang) {
        return None;
    }
    let lines = lexer::tokenize(block.code, block.lang);
    let formatter = Formatter {
        options,
        style: styles::style(&options.style),
        block,
        highlighted_any: (1..=lines.len()).any(|n| options.is_highlighted(n)),
        number_width: (options.line_no_start + lines.len().max(1) - 1)
            .to_string()
            .len(),
    };
    Some(formatter.html(&lines))
}

/// Writes Chroma's HTML formatter output for one block.
struct Formatter<'a> {
    options: &'a HighlightOptions,
    style: &'static styles::ChromaStyle,
    block: &'a CodeBlock<'a>,
    highlighted_any: bool,
    number_width: usize,
}

/// A CSS declaration list that can be extended (`…;` unless empty).
fn declarations(css: &str) -> String {
    if css.is_empty() || css.ends_with(';') {
        css.to_string()
    } else {
        format!("{css};")
    }
}

impl Formatter<'_> {
    fn inline(&self) -> bool {
        self.options.no_classes
    }

    /// ` style="…"` or ` class="…"` for a Chroma class (nothing when the style leaves it plain).
    fn attribute(&self, class: &str) -> String {
        if self.inline() {
            format!(" style=\"{}\"", self.style.css_or_empty(class))
        } else {
            format!(" class=\"{class}\"")
        }
    }

    /// The `<pre>`'s own attributes.
    fn pre_attributes(&self) -> String {
        if !self.inline() {
            return " class=\"chroma\"".into();
        }
        let tab = self.options.tab_width;
        let mut css = declarations(self.style.css_or_empty("bg"));
        css.push_str(&format!(
            "-moz-tab-size:{tab};-o-tab-size:{tab};tab-size:{tab};-webkit-text-size-adjust:none;"
        ));
        if self.highlighted_any {
            css.push_str("display:grid;");
        }
        format!(" style=\"{css}\"")
    }

    fn code_open(&self) -> String {
        let lang = go_escape_string(self.block.lang);
        format!("<code class=\"language-{lang}\" data-lang=\"{lang}\">")
    }

    fn wrapper_open(&self) -> String {
        let mut class = self.options.wrapper_class.clone();
        for extra in self.block.classes {
            class.push(' ');
            class.push_str(extra);
        }
        let mut html = format!("<div class=\"{}\"", go_escape_string(&class));
        if let Some(id) = self.block.id {
            html.push_str(&format!(" id=\"{}\"", go_escape_string(id)));
        }
        html.push('>');
        html
    }

    fn html(&self, lines: &[Vec<lexer::Token<'_>>]) -> String {
        if self.options.hl_inline {
            // Chroma's inline code: the tokens, no lines, no wrapper.
            let lang = go_escape_string(self.block.lang);
            let mut html = format!("<code class=\"code-inline language-{lang}\">");
            for token in lines.iter().flatten() {
                let token = lexer::Token {
                    class: token.class,
                    text: token.text.trim_end_matches('\n'),
                };
                self.token(&mut html, &token);
            }
            html.push_str("</code>");
            return html;
        }
        let mut html = self.wrapper_open();
        let table = self.options.line_nos && self.options.line_numbers_in_table;
        if table {
            self.table(&mut html, lines);
        } else {
            html.push_str(&format!("<pre tabindex=\"0\"{}>", self.pre_attributes()));
            html.push_str(&self.code_open());
            let numbered = self.options.line_nos;
            self.code_lines(&mut html, lines, numbered);
            html.push_str("</code></pre>");
        }
        html.push_str("</div>");
        html
    }

    fn table(&self, html: &mut String, lines: &[Vec<lexer::Token<'_>>]) {
        let pre = self.pre_attributes();
        let (lntable, lntd, second_td) = if self.inline() {
            let lntd = self.style.css_or_empty("lntd");
            (
                self.attribute("lntable"),
                self.attribute("lntd"),
                format!(" style=\"{lntd};width:100%\""),
            )
        } else {
            let td = self.attribute("lntd");
            (self.attribute("lntable"), td.clone(), td)
        };
        let outer = if self.inline() {
            pre.clone()
        } else {
            " class=\"chroma\"".into()
        };
        html.push_str(&format!(
            "<div{outer}>\n<table{lntable}><tr><td{lntd}>\n<pre tabindex=\"0\"{pre}><code>"
        ));
        for index in 0..lines.len() {
            let number = self.line_number(index, "lnt");
            if self.options.is_highlighted(index + 1) {
                html.push_str(&format!("<span{}>{number}</span>", self.attribute("hl")));
            } else {
                html.push_str(&number);
            }
        }
        html.push_str(&format!(
            "</code></pre></td>\n<td{second_td}>\n<pre tabindex=\"0\"{pre}>"
        ));
        html.push_str(&self.code_open());
        self.code_lines(html, lines, false);
        html.push_str("</code></pre></td></tr></table>\n</div>\n");
    }

    /// The number of line `index` (0-based) as a `ln` (inline) or `lnt` (table) span.
    fn line_number(&self, index: usize, class: &str) -> String {
        let number = self.options.line_no_start + index;
        let padded = format!("{number:>width$}", width = self.number_width);
        let newline = if class == "lnt" { "\n" } else { "" };
        if !self.options.anchor_line_nos {
            return format!("<span{}>{padded}{newline}</span>", self.attribute(class));
        }
        let prefix = match (&self.block.ordinal, self.options.line_anchors.as_str()) {
            (Some(ordinal), "") => format!("hl-{ordinal}-"),
            (_, "") => String::new(),
            (_, prefix) => format!("{prefix}-"),
        };
        let anchor = go_escape_string(&format!("{prefix}{number}"));
        format!(
            "<span{} id=\"{anchor}\"><a{} href=\"#{anchor}\">{padded}</a>{newline}</span>",
            self.attribute(class),
            self.attribute("lnlinks")
        )
    }

    fn code_lines(&self, html: &mut String, lines: &[Vec<lexer::Token<'_>>], numbered: bool) {
        for (index, tokens) in lines.iter().enumerate() {
            let highlighted = self.options.is_highlighted(index + 1);
            if self.inline() {
                let line = self.style.css_or_empty("line");
                if highlighted {
                    let hl = self.style.css_or_empty("hl");
                    html.push_str(&format!("<span style=\"{line} {hl}\">"));
                } else {
                    html.push_str(&format!("<span style=\"{line}\">"));
                }
            } else if highlighted {
                html.push_str("<span class=\"line hl\">");
            } else {
                html.push_str("<span class=\"line\">");
            }
            if numbered {
                html.push_str(&self.line_number(index, "ln"));
            }
            html.push_str(if self.inline() {
                "<span>"
            } else {
                "<span class=\"cl\">"
            });
            for token in tokens {
                self.token(html, token);
            }
            html.push_str("</span></span>");
        }
    }

    fn token(&self, html: &mut String, token: &lexer::Token<'_>) {
        let text = go_escape_string(token.text);
        let attribute = match token.class {
            Some(class) if self.inline() => {
                self.style.css(class).map(|css| format!(" style=\"{css}\""))
            }
            Some(class) => Some(format!(" class=\"{class}\"")),
            None => None,
        };
        match attribute {
            Some(attribute) => html.push_str(&format!("<span{attribute}>{text}</span>")),
            None => html.push_str(&text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block<'a>(code: &'a str, lang: &'a str) -> CodeBlock<'a> {
        CodeBlock {
            code,
            lang,
            ordinal: Some(0),
            id: None,
            classes: &[],
        }
    }

    #[test]
    fn go_prints_hugos_inline_monokai_markup() {
        // What Hugo 0.168 prints for this block, byte for byte.
        let html =
            highlight_html(&block("package main\n", "go"), &HighlightOptions::default()).unwrap();
        assert_eq!(
            html,
            "<div class=\"highlight\"><pre tabindex=\"0\" style=\"color:#f8f8f2;background-color:#272822;-moz-tab-size:4;-o-tab-size:4;tab-size:4;-webkit-text-size-adjust:none;\"><code class=\"language-go\" data-lang=\"go\"><span style=\"display:flex;\"><span><span style=\"color:#f92672\">package</span> <span style=\"color:#a6e22e\">main</span>\n</span></span></code></pre></div>"
        );
    }

    #[test]
    fn hl_inline_prints_hugos_inline_code() {
        // Hugo 0.168: `{{< highlight go "hl_inline=true" >}}package main{{< /highlight >}}`.
        let options = HighlightOptions::default().with(&[("hl_inline".into(), "true".into())]);
        let html = highlight_html(&block("package main", "go"), &options).unwrap();
        assert_eq!(
            html,
            "<code class=\"code-inline language-go\"><span style=\"color:#f92672\">package</span> <span style=\"color:#a6e22e\">main</span></code>"
        );
    }

    #[test]
    fn chroma_knows_languages_by_name_alias_file_name_and_extension() {
        for lang in [
            "go",
            "Go",
            "golang",
            "json",
            ".htaccess",
            "py",
            "yml",
            "dockerfile",
            "tsx",
        ] {
            assert!(is_known_language(lang), "{lang}");
        }
        // Hugo prints these plain: Chroma has no lexer for them.
        for lang in ["liquid", "unknownlang", ""] {
            assert!(!is_known_language(lang), "{lang}");
        }
    }

    #[test]
    fn unknown_languages_are_left_to_the_caller() {
        assert!(
            highlight_html(&block("x", "no-such-lang"), &HighlightOptions::default()).is_none()
        );
        assert!(highlight_html(&block("x", ""), &HighlightOptions::default()).is_none());
    }

    #[test]
    fn options_come_from_config_and_blocks() {
        let config = serde_json::json!({"markup": {"highlight": {
            "style": "lovelace", "tabWidth": 2, "noClasses": false, "lineNos": "inline"
        }}});
        let options = HighlightOptions::from_config(&config);
        assert_eq!(options.style, "lovelace");
        assert_eq!(options.tab_width, 2);
        assert!(!options.no_classes);
        assert!(options.line_nos && !options.line_numbers_in_table);
        let block_options = options.with(&parse_option_string(
            "linenos=table,hl_lines=2 4-5,linenostart=9",
        ));
        assert!(block_options.line_numbers_in_table);
        assert_eq!(block_options.hl_lines, vec![(2, 2), (4, 5)]);
        assert_eq!(block_options.line_no_start, 9);
    }

    #[test]
    fn fence_attributes_read_like_goldmarks() {
        let fence = FenceInfo::parse(
            "python {.wide #main linenos=table, hl_lines=[2,\"4-5\"] style=\"a b\"}",
        );
        assert_eq!(fence.lang.as_deref(), Some("python"));
        assert_eq!(fence.classes, vec!["wide".to_string()]);
        assert_eq!(fence.id.as_deref(), Some("main"));
        assert_eq!(
            fence.options,
            vec![
                ("linenos".to_string(), "table".to_string()),
                ("hl_lines".to_string(), "2 4-5".to_string()),
                ("style".to_string(), "a b".to_string()),
            ]
        );
        assert_eq!(FenceInfo::parse("\tgo").lang.as_deref(), Some("go"));
        assert_eq!(FenceInfo::parse("").lang, None);
    }

    #[test]
    fn numbered_and_highlighted_lines_are_padded_and_marked() {
        let options = HighlightOptions::default().with(&parse_option_string(
            "linenos=inline,linenostart=9,hl_lines=2",
        ));
        let html = highlight_html(&block("a\nb\nc\n", "text"), &options).unwrap();
        assert!(html.contains("display:grid;"), "{html}");
        assert!(html.contains("color:#7f7f7f\"> 9</span>"), "{html}");
        assert!(html.contains("<span style=\"display:flex; background-color:#3c3d38\"><span style=\"white-space:pre;-webkit-user-select:none;user-select:none;margin-right:0.4em;padding:0 0.4em 0 0.4em;color:#7f7f7f\">10</span><span>b\n</span></span>"), "{html}");
    }
}
