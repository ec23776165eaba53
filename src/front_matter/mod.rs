//! Lossless front matter: parse YAML, TOML or JSON front matter with positions, read typed
//! values, and edit it as a change set over the original bytes so untouched keys keep theirs.
//!
//! # Why these crates
//!
//! serde_yaml is archived and, like every serde-based reader, throws away what editors care
//! about: comments, key order, quoting, blank lines. So YAML is read with **saphyr-parser**, a
//! pure-Rust YAML 1.2 parser whose event stream carries a span for every scalar and collection.
//! From those events we build the typed values ourselves (catching duplicate keys with both
//! positions, keeping dates as written) and learn the exact bytes of every top-level key: its
//! line through the last line of its value. An edit replaces those bytes and nothing else, and
//! new values are written by our own small emitter ([`emit`]) that quotes only when YAML needs
//! it, with double quotes, and keeps the quoting a key already had. TOML goes through
//! **toml_edit**, which is lossless by design; JSON through **serde_json** with
//! `preserve_order` for the values plus a small scanner for member spans. Front matter is
//! found the way Hugo's lexer finds it ([`split`]), so BOMs, CRLF, blank lines before the block
//! and files without front matter behave as they do in Hugo.
//!
//! # Guarantees
//!
//! - No edits, or edits that set keys to the values they already have, return the source
//!   byte for byte.
//! - After editing, the result is parsed again; if it fails to parse or a key set does not read
//!   back as the value asked for, the edit is refused with an error: a file is never written
//!   half-right.
//! - [`replace_body`] works whenever the block's delimiters are found, even if what is between
//!   them does not parse. With no closing delimiter Hugo sees no usable front matter, so the
//!   whole file counts as body ([`body_start`] is 0) and replacing the body replaces it all:
//!   the editor shows the whole file and the user can repair it there.

pub mod emit;
mod json;
pub mod split;
mod toml;
mod yaml;
mod yaml_edit;

use serde::Serialize;

pub use split::body_start;
pub(crate) use yaml::indent_quoted_continuations;

/// Which syntax the front matter block uses, detected the way Hugo does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
    /// `{` … `}`
    Json,
}

/// A typed front-matter value, for the form and the checks. Serializes as the JSON of
/// [`Value::to_json`] (maps as objects).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or empty.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Integers.
    Int(i64),
    /// Floats.
    Float(f64),
    /// Strings (and dates, kept as written in the file).
    String(String),
    /// Sequences.
    List(Vec<Value>),
    /// Mappings, in file order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// The items, if this is a list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }
    /// The value as JSON (maps keep their order; non-finite floats become null).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Map(pairs) => serde_json::Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
    /// The value a JSON value from the UI stands for (whole numbers that fit are `Int`).
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

/// What kind of problem a [`FrontMatterError`] reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ErrorKind {
    /// The first character promised a delimiter (`-`, `+`) that is not there.
    InvalidDelimiter,
    /// The block is opened but never closed.
    Unclosed,
    /// The YAML, TOML or JSON inside the block is invalid.
    Syntax,
    /// A key appears twice; the error's position is the second one.
    DuplicateKey {
        /// The key.
        key: String,
        /// 1-based line of the first occurrence.
        first_line: usize,
        /// 1-based column of the first occurrence.
        first_column: usize,
    },
    /// The block holds something other than a mapping (a list, a bare string).
    NotAMapping,
    /// An edit cannot be applied (e.g. renaming onto an existing key).
    InvalidEdit,
}

/// Why front matter could not be read or edited, with the position (1-based) in the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct FrontMatterError {
    /// 1-based line in the whole file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
    /// The kind of problem, with the first position of a duplicate key.
    pub kind: ErrorKind,
}

impl FrontMatterError {
    /// An error at byte `offset` of the whole `source`.
    pub fn at(source: &str, offset: usize, kind: ErrorKind, message: String) -> FrontMatterError {
        let (line, column) = crate::text::line_column(source, offset);
        FrontMatterError {
            line,
            column,
            message,
            kind,
        }
    }
}

/// The parsed front matter of one page.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    format: Option<Format>,
    fields: Vec<(String, Value)>,
    body_start: usize,
}

impl FrontMatter {
    /// Parses the front matter of a whole page source (no front matter gives an empty one).
    pub fn parse(source: &str) -> Result<FrontMatter, FrontMatterError> {
        let Some(block) = split::find_block(source)? else {
            return Ok(FrontMatter {
                format: None,
                fields: Vec::new(),
                body_start: split::bom_len(source),
            });
        };
        let fields = match block.format {
            Format::Yaml => yaml::parse(source, &block)?
                .entries
                .into_iter()
                .map(|entry| (entry.key, entry.value))
                .collect(),
            Format::Toml => toml::parse(source, &block)?,
            Format::Json => json::parse(source, &block)?,
        };
        Ok(FrontMatter {
            format: Some(block.format),
            fields,
            body_start: block.body_start,
        })
    }
    /// The syntax, or `None` when the page has no front matter.
    pub fn format(&self) -> Option<Format> {
        self.format
    }
    /// The value of a top-level key.
    ///
    /// Keys are compared as Hugo compares them, case-insensitively (`Title:` is the title):
    /// a key written exactly as asked wins, else the first one in any case.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| {
                self.fields
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
            })
            .map(|(_, v)| v)
    }
    /// Top-level keys and values in file order.
    pub fn fields(&self) -> &[(String, Value)] {
        &self.fields
    }
    /// Byte offset in the source where the body starts.
    pub fn body_start(&self) -> usize {
        self.body_start
    }
}

/// One change to a page's front matter.
///
/// Setting a key to null writes `key:` in YAML and removes the key in TOML (which has no null).
/// Unsetting or renaming a key the page lacks changes nothing; renaming onto a key the page
/// has is an [`ErrorKind::InvalidEdit`].
#[derive(Debug, Clone, PartialEq, serde::Deserialize, Serialize)]
#[serde(tag = "op", rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum FieldEdit {
    /// Set (or add) a top-level key to a value.
    Set {
        /// The key.
        key: String,
        /// The new value.
        value: serde_json::Value,
    },
    /// Remove a top-level key.
    Unset {
        /// The key.
        key: String,
    },
    /// Rename a top-level key, keeping its value bytes.
    Rename {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
}

/// Applies edits to a whole page source, touching only the lines of the keys edited.
pub fn apply_edits(source: &str, edits: &[FieldEdit]) -> Result<String, FrontMatterError> {
    apply_edits_with_order(source, edits, &[])
}

/// Like [`apply_edits`]; a key added by a `Set` goes where `key_order` (e.g. the schema's field
/// order) places it: after the nearest key before it in that order that the file has, else
/// before the nearest one after it. Keys not in `key_order` go after the last key.
pub fn apply_edits_with_order(
    source: &str,
    edits: &[FieldEdit],
    key_order: &[&str],
) -> Result<String, FrontMatterError> {
    // Parse first even with no edits: a file whose front matter is broken is reported, never
    // rewritten.
    FrontMatter::parse(source)?;
    let mut current = source.to_string();
    for edit in edits {
        if let Some(next) = apply_one(&current, edit, key_order)? {
            current = next;
        }
    }
    if current != source {
        verify(source, &current, edits)?;
    }
    Ok(current)
}

/// Where adding each of `keys` (absent from the page) would put it, as byte offsets of the
/// line it would be inserted before: the same place [`apply_edits_with_order`] puts it, found
/// without writing anything for YAML (one parse for all keys). `None` for a key the page
/// already has or when the front matter cannot be read.
pub fn insertion_offsets(source: &str, keys: &[&str], key_order: &[&str]) -> Vec<Option<usize>> {
    let block = match split::find_block(source) {
        Ok(Some(block)) => block,
        Ok(None) => return keys.iter().map(|_| Some(0)).collect(),
        Err(_) => return vec![None; keys.len()],
    };
    if block.format == Format::Yaml {
        let Ok(doc) = yaml::parse(source, &block) else {
            return vec![None; keys.len()];
        };
        return keys
            .iter()
            .map(|key| {
                (!doc.entries.iter().any(|e| e.key == *key))
                    .then(|| yaml_edit::insertion_point(source, &block, &doc, key, key_order))
            })
            .collect();
    }
    // TOML and JSON: add the key and see where the text starts to differ.
    keys.iter()
        .map(|key| {
            let added = FieldEdit::Set {
                key: (*key).to_string(),
                value: serde_json::Value::String(String::new()),
            };
            let edited = apply_edits_with_order(source, &[added], key_order).ok()?;
            (edited != source).then(|| {
                source
                    .split_inclusive('\n')
                    .zip(edited.split_inclusive('\n'))
                    .take_while(|(was, now)| was == now)
                    .map(|(was, _)| was.len())
                    .sum()
            })
        })
        .collect()
}

fn apply_one(
    source: &str,
    edit: &FieldEdit,
    key_order: &[&str],
) -> Result<Option<String>, FrontMatterError> {
    let Some(block) = split::find_block(source)? else {
        return Ok(match edit {
            FieldEdit::Set { key, value } if !value.is_null() => {
                Some(new_yaml_block(source, key, value))
            }
            _ => None,
        });
    };
    if let FieldEdit::Rename { from, to } = edit {
        let fields = FrontMatter::parse(source)?.fields;
        if from == to || !fields.iter().any(|(k, _)| k == from) {
            return Ok(None);
        }
        if fields.iter().any(|(k, _)| k == to) {
            return Err(FrontMatterError::at(
                source,
                block.content.start,
                ErrorKind::InvalidEdit,
                format!("cannot rename `{from}` to `{to}`: the front matter already has `{to}`"),
            ));
        }
    }
    match block.format {
        Format::Toml => toml::apply(source, &block, edit),
        Format::Json => json::apply(source, &block, edit),
        Format::Yaml => {
            let doc = yaml::parse(source, &block)?;
            let splice = match edit {
                FieldEdit::Set { key, value } => yaml_edit::set(
                    source,
                    &block,
                    &doc,
                    key,
                    &Value::from_json(value),
                    key_order,
                ),
                FieldEdit::Unset { key } => yaml_edit::unset(&doc, key),
                FieldEdit::Rename { from, to } => yaml_edit::rename(&doc, from, to),
            };
            Ok(splice.map(|s| s.apply(source)))
        }
    }
}

/// A page without front matter gets a YAML block with the one key.
fn new_yaml_block(source: &str, key: &str, value: &serde_json::Value) -> String {
    let line_ending = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let layout = emit::BlockLayout {
        indent: String::new(),
        dash_indent: "  ".to_string(),
        line_ending,
        flow_lists: false,
    };
    let bom = &source[..split::bom_len(source)];
    format!(
        "{bom}---{line_ending}{}:{}{line_ending}---{line_ending}{}",
        emit::key(key),
        emit::after_colon(
            &Value::from_json(value),
            emit::QuoteStyle::Plain,
            false,
            &layout
        ),
        &source[bom.len()..]
    )
}

/// The safety net: the edited source must parse, and every key set must read back as asked.
fn verify(original: &str, edited: &str, edits: &[FieldEdit]) -> Result<(), FrontMatterError> {
    let refuse = |what: String| {
        FrontMatterError::at(
            original,
            0,
            ErrorKind::InvalidEdit,
            format!("{what}; nothing was changed (please report this with the file)"),
        )
    };
    let parsed = FrontMatter::parse(edited).map_err(|e| {
        refuse(format!(
            "the edit would make the front matter invalid ({})",
            e.message
        ))
    })?;
    // The last edit of each key decides what it must read back as.
    let mut expected: Vec<(&str, Option<Value>)> = Vec::new();
    for edit in edits {
        let (key, wanted) = match edit {
            FieldEdit::Set { key, value } => (key.as_str(), Some(Value::from_json(value))),
            FieldEdit::Unset { key } => (key.as_str(), None),
            FieldEdit::Rename { from, to } => {
                expected.retain(|(k, _)| k != from && k != to);
                continue;
            }
        };
        expected.retain(|(k, _)| *k != key);
        expected.push((key, wanted));
    }
    for (key, wanted) in &expected {
        let got = parsed.get(key);
        let ok = match (wanted, got) {
            (None, got) => got.is_none(),
            // TOML has no null: setting null removes the key.
            (Some(Value::Null), got) => got.is_none() || got == Some(&Value::Null),
            (Some(wanted), Some(got)) => values_match(wanted, got),
            (Some(_), None) => false,
        };
        if !ok {
            return Err(refuse(format!(
                "could not write `{key}` so that it reads back as the value given"
            )));
        }
    }
    Ok(())
}

/// Equality that treats NaN as equal to itself, for the safety net.
fn values_match(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| values_match(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && values_match(va, vb))
        }
        _ => a == b,
    }
}

/// Replaces the body of a page source, keeping the front matter bytes exactly. Works when the
/// front matter does not parse, as long as its delimiters are found; see the module docs for
/// an unclosed block.
pub fn replace_body(source: &str, body: &str) -> Result<String, FrontMatterError> {
    let start = body_start(source);
    Ok(format!("{}{}", &source[..start], body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_json_converts_nested_values_in_order() {
        let fm = FrontMatter::parse("---\nb: 1\na:\n  - x\n  - {k: 2.5, j: null}\n---\n").unwrap();
        let json = serde_json::Value::Object(
            fm.fields()
                .iter()
                .map(|(k, v)| (k.clone(), v.to_json()))
                .collect(),
        );
        assert_eq!(json.to_string(), r#"{"b":1,"a":["x",{"k":2.5,"j":null}]}"#);
    }

    #[test]
    fn null_set_on_file_without_front_matter_changes_nothing() {
        let edits = [FieldEdit::Set {
            key: "x".into(),
            value: serde_json::Value::Null,
        }];
        assert_eq!(apply_edits("body", &edits).unwrap(), "body");
    }
}
