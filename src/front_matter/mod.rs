//! Lossless front matter: parse YAML, TOML or JSON front matter with positions, read typed
//! values, and edit it as a change set over the original bytes so untouched keys keep theirs.
//!
//! CONTRACT STUB — the front-matter work replaces the bodies; the signatures below are what the
//! rest of the core codes against (they may grow, not shrink).

use serde::Serialize;

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

/// A typed front-matter value, for the form and the checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
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
    /// The value as JSON (maps keep their order).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}

/// Why front matter could not be read or edited, with the position (1-based) in the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct FrontMatterError {
    /// 1-based line in the whole file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
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
        let _ = source;
        Ok(FrontMatter { format: None, fields: Vec::new(), body_start: 0 })
    }
    /// The syntax, or `None` when the page has no front matter.
    pub fn format(&self) -> Option<Format> {
        self.format
    }
    /// The value of a top-level key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
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
    let _ = edits;
    Ok(source.to_string())
}

/// Replaces the body of a page source, keeping the front matter bytes exactly.
pub fn replace_body(source: &str, body: &str) -> Result<String, FrontMatterError> {
    let fm = FrontMatter::parse(source)?;
    Ok(format!("{}{}", &source[..fm.body_start()], body))
}
