//! JSON front matter: serde_json (with `preserve_order`) checks and types it; a small scanner
//! finds each top-level member's bytes so edits splice them like the YAML ones.

use std::ops::Range;

use super::split::Block;
use super::yaml_edit::Splice;
use super::{ErrorKind, FieldEdit, FrontMatterError, Value};

/// One top-level member: `"key": value`.
#[derive(Debug, Clone)]
struct Member {
    key: String,
    key_span: Range<usize>,
    value_span: Range<usize>,
    value: Value,
}

/// Top-level keys and typed values.
pub fn parse(source: &str, block: &Block) -> Result<Vec<(String, Value)>, FrontMatterError> {
    Ok(members(source, block)?
        .into_iter()
        .map(|m| (m.key, m.value))
        .collect())
}

fn members(source: &str, block: &Block) -> Result<Vec<Member>, FrontMatterError> {
    let text = &source[block.content.clone()];
    let parsed: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        // serde_json counts from the block's first character, which may sit mid-line.
        let (block_line, block_column) = crate::text::line_column(source, block.content.start);
        let line = block_line + error.line().saturating_sub(1);
        let column = if error.line() <= 1 {
            block_column + error.column().saturating_sub(1)
        } else {
            error.column()
        };
        FrontMatterError {
            line,
            column,
            message: format!("invalid JSON: {error}"),
            kind: ErrorKind::Syntax,
        }
    })?;
    let serde_json::Value::Object(object) = parsed else {
        return Err(FrontMatterError::at(
            source,
            block.content.start,
            ErrorKind::NotAMapping,
            "JSON front matter must be an object".to_string(),
        ));
    };
    let mut found: Vec<Member> = Vec::new();
    let bytes = text.as_bytes();
    // The text is valid JSON, so the scanner can be simple.
    let mut i = skip_space(bytes, 1);
    while i < bytes.len() && bytes[i] == b'"' {
        let key_end = skip_value(bytes, i);
        let key: String = serde_json::from_str(&text[i..key_end]).unwrap_or_default();
        let value_start = skip_space(bytes, skip_space(bytes, key_end) + 1);
        let value_end = skip_value(bytes, value_start);
        let base = block.content.start;
        if let Some(first) = found.iter().find(|m| m.key == key) {
            let (first_line, first_column) = crate::text::line_column(source, first.key_span.start);
            return Err(FrontMatterError::at(
                source,
                base + i,
                ErrorKind::DuplicateKey {
                    key: key.clone(),
                    first_line,
                    first_column,
                },
                format!("duplicate key `{key}` (first at line {first_line}); remove one of them"),
            ));
        }
        let value = object
            .get(&key)
            .map(Value::from_json)
            .unwrap_or(Value::Null);
        found.push(Member {
            key,
            key_span: base + i..base + key_end,
            value_span: base + value_start..base + value_end,
            value,
        });
        i = skip_space(bytes, value_end);
        if bytes.get(i) == Some(&b',') {
            i = skip_space(bytes, i + 1);
        }
    }
    Ok(found)
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The end of the JSON value starting at `i`.
fn skip_value(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return i,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b',' if depth == 0 => return i,
                c if c.is_ascii_whitespace() && depth == 0 => return i,
                _ => {}
            }
        }
        i += 1;
    }
    i
}

fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// Applies one edit; `None` when it changes nothing.
pub fn apply(
    source: &str,
    block: &Block,
    edit: &FieldEdit,
) -> Result<Option<String>, FrontMatterError> {
    let members = members(source, block)?;
    let find = |key: &str| members.iter().position(|m| m.key == key);
    let splice = match edit {
        FieldEdit::Rename { from, to } => find(from).map(|i| Splice {
            range: members[i].key_span.clone(),
            text: json_text(&serde_json::Value::String(to.clone())),
        }),
        FieldEdit::Unset { key } => find(key).map(|i| {
            let range = if members.len() == 1 {
                members[i].key_span.start..members[i].value_span.end
            } else if i == 0 {
                members[0].key_span.start..members[1].key_span.start
            } else {
                members[i - 1].value_span.end..members[i].value_span.end
            };
            Splice {
                range,
                text: String::new(),
            }
        }),
        FieldEdit::Set { key, value } => match find(key) {
            Some(i) if members[i].value == Value::from_json(value) => None,
            Some(i) => Some(Splice {
                range: members[i].value_span.clone(),
                text: json_text(value),
            }),
            None => {
                let member = format!(
                    "{}: {}",
                    json_text(&serde_json::Value::String(key.clone())),
                    json_text(value)
                );
                Some(match members.last() {
                    Some(last) => {
                        let line_start = source[..last.key_span.start]
                            .rfind('\n')
                            .map_or(0, |n| n + 1);
                        let indent = &source[line_start..last.key_span.start];
                        let indent = if indent.trim().is_empty() { indent } else { "" };
                        Splice {
                            range: last.value_span.end..last.value_span.end,
                            text: format!(",{}{indent}{member}", block.line_ending),
                        }
                    }
                    None => {
                        let at = block.content.start + 1;
                        Splice {
                            range: at..at,
                            text: format!("{0}  {member}{0}", block.line_ending),
                        }
                    }
                })
            }
        },
    };
    Ok(splice.map(|s| s.apply(source)))
}
