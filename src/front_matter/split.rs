//! Finding the front-matter block in a page source the way Hugo's lexer does, without parsing
//! what is inside it, so the body stays editable even when the front matter is invalid.
//!
//! Mirrors `parser/pageparser/pagelexer_intro.go`: skip a BOM and ASCII whitespace, then the
//! first character decides (`-` YAML, `+` TOML, `{` JSON, anything else: no front matter).

use std::ops::Range;

use super::{ErrorKind, Format, FrontMatterError};

/// Where the front matter block and the body are in a page source (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The syntax.
    pub format: Format,
    /// The text the parser reads: between the delimiter lines for YAML/TOML, the whole
    /// `{ … }` object for JSON.
    pub content: Range<usize>,
    /// Byte offset where the body starts (after the closing delimiter and one line ending).
    pub body_start: usize,
    /// The line ending used by the block's first line, for lines we write.
    pub line_ending: &'static str,
}

/// Finds the front matter block. `Ok(None)` means the page has none (all of it is body).
pub fn find_block(source: &str) -> Result<Option<Block>, FrontMatterError> {
    let start = skip_intro(source);
    let rest = &source[start..];
    let line_ending = detect_line_ending(rest);
    match rest.as_bytes().first() {
        Some(b'-') => delimited(source, start, Format::Yaml, "---", line_ending).map(Some),
        Some(b'+') => delimited(source, start, Format::Toml, "+++", line_ending).map(Some),
        Some(b'{') => json_object(source, start, line_ending).map(Some),
        _ => Ok(None),
    }
}

/// Where the body starts when the block delimiters can be found, even if the front matter in
/// between does not parse; without a closed block the whole file is body, after its byte order
/// mark (which belongs to the file: front matter added later goes after it, not the body).
pub fn body_start(source: &str) -> usize {
    match find_block(source) {
        Ok(Some(block)) => block.body_start,
        _ => bom_len(source),
    }
}

/// The length of the byte order mark `source` starts with, if any.
pub(crate) fn bom_len(source: &str) -> usize {
    if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// Hugo skips a byte order mark and ASCII whitespace before looking for a delimiter.
fn skip_intro(source: &str) -> usize {
    let mut offset = 0;
    for (i, c) in source.char_indices() {
        if c == '\u{feff}' || matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}') {
            offset = i + c.len_utf8();
        } else {
            break;
        }
    }
    offset
}

fn detect_line_ending(text: &str) -> &'static str {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Consumes an optional `\r` then an optional `\n`, as Hugo's `consumeCRLF` does.
fn consume_crlf(source: &str, mut offset: usize) -> usize {
    if source.as_bytes().get(offset) == Some(&b'\r') {
        offset += 1;
    }
    if source.as_bytes().get(offset) == Some(&b'\n') {
        offset += 1;
    }
    offset
}

fn delimited(
    source: &str,
    start: usize,
    format: Format,
    delimiter: &str,
    line_ending: &'static str,
) -> Result<Block, FrontMatterError> {
    let name = if format == Format::Yaml {
        "YAML"
    } else {
        "TOML"
    };
    if !source[start..].starts_with(delimiter) {
        return Err(FrontMatterError::at(
            source,
            start,
            ErrorKind::InvalidDelimiter,
            format!("invalid {name} delimiter: front matter must open with `{delimiter}` on its own line"),
        ));
    }
    let after_open = start + delimiter.len();
    let content_start = consume_crlf(source, after_open);
    // The closing delimiter is the first line that starts with it; the first content line
    // counts only when the opening delimiter really ended its line.
    let mut line_start = content_start;
    let mut at_line_start = content_start > after_open;
    loop {
        if at_line_start && source[line_start..].starts_with(delimiter) {
            let body_start = consume_crlf(source, line_start + delimiter.len());
            return Ok(Block {
                format,
                content: content_start..line_start,
                body_start,
                line_ending,
            });
        }
        match memchr::memchr(b'\n', &source.as_bytes()[line_start..]) {
            Some(i) => {
                line_start += i + 1;
                at_line_start = true;
            }
            None => {
                return Err(FrontMatterError::at(
                    source,
                    start,
                    ErrorKind::Unclosed,
                    format!(
                    "front matter opened here is never closed: add a line `{delimiter}` after it"
                ),
                ))
            }
        }
    }
}

/// Hugo ends JSON front matter at the matching `}`, ignoring braces inside strings.
fn json_object(
    source: &str,
    start: usize,
    line_ending: &'static str,
) -> Result<Block, FrontMatterError> {
    let bytes = source.as_bytes();
    let mut level = 0usize;
    let mut in_string = false;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => in_string = !in_string,
            b'{' if !in_string => level += 1,
            b'}' if !in_string => {
                level -= 1;
                if level == 0 {
                    let end = i + 1;
                    let body_start = consume_crlf(source, end);
                    return Ok(Block {
                        format: Format::Json,
                        content: start..end,
                        body_start,
                        line_ending,
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(FrontMatterError::at(
        source,
        start,
        ErrorKind::Unclosed,
        "JSON front matter opened here is never closed: its `{` has no matching `}`".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(source: &str) -> Block {
        find_block(source).unwrap().unwrap()
    }

    #[test]
    fn yaml_block_with_bom_blank_lines_and_crlf() {
        let source = "\u{feff}\n\n---\r\ntitle: x\r\n---\r\nbody";
        let b = block(source);
        assert_eq!(b.format, Format::Yaml);
        assert_eq!(&source[b.content.clone()], "title: x\r\n");
        assert_eq!(&source[b.body_start..], "body");
        assert_eq!(b.line_ending, "\r\n");
    }

    #[test]
    fn closing_delimiter_without_newline_and_empty_block() {
        let b = block("---\ntitle: x\n---");
        assert_eq!(b.body_start, 16);
        let b = block("---\n---\nbody");
        assert_eq!(b.content, 4..4);
        assert_eq!(b.body_start, 8);
    }

    #[test]
    fn text_first_means_no_front_matter() {
        assert_eq!(find_block("text\n---\ntitle: x\n---\n").unwrap(), None);
        assert_eq!(find_block("").unwrap(), None);
    }

    #[test]
    fn unclosed_and_bad_delimiters_are_errors_with_positions() {
        let err = find_block("\n---\ntitle: x\n").unwrap_err();
        assert_eq!(
            (err.line, err.column, err.kind),
            (2, 1, ErrorKind::Unclosed)
        );
        let err = find_block("- item\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidDelimiter);
        assert_eq!(body_start("---\ntitle: x\n"), 0);
    }

    #[test]
    fn json_block_ends_at_matching_brace() {
        let source = "{\"a\": \"}{\\\"\", \"b\": {\"c\": 1}}\nbody";
        let b = block(source);
        assert_eq!(&source[b.body_start..], "body");
        assert!(find_block("{\"a\": 1").is_err());
    }
}
