//! Reading Hugo's structured files (config, `data/`) as JSON values, whatever their syntax.
//!
//! These files are only read, never edited, so a plain value tree is all we need; the lossless
//! machinery lives in `front_matter`.

use std::path::Path;

use saphyr::{LoadableYamlNode, ScalarOwned, YamlOwned};
use serde_json::{Map, Number, Value};

use super::SiteError;

/// The syntax of a structured file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// `.yaml` / `.yml`
    Yaml,
    /// `.toml`
    Toml,
    /// `.json`
    Json,
}

impl DataFormat {
    /// The format for `path`'s extension, if Hugo reads it.
    pub fn from_path(path: &Path) -> Option<DataFormat> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(DataFormat::Yaml),
            "toml" => Some(DataFormat::Toml),
            "json" => Some(DataFormat::Json),
            _ => None,
        }
    }
}

/// Parses `text` (the contents of `path`) as `format` into a JSON value.
pub fn parse_data(path: &Path, text: &str, format: DataFormat) -> Result<Value, SiteError> {
    let bad = |line: usize, column: usize, message: String| SiteError::BadConfig {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    match format {
        DataFormat::Json => {
            serde_json::from_str(text).map_err(|e| bad(e.line(), e.column(), e.to_string()))
        }
        DataFormat::Toml => {
            let doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
                let (line, column) = e
                    .span()
                    .map_or((1, 1), |span| crate::text::line_column(text, span.start));
                bad(line, column, e.message().to_string())
            })?;
            Ok(toml_item_to_json(doc.as_item(), &|d| {
                Value::String(d.to_string())
            }))
        }
        DataFormat::Yaml => {
            let docs = YamlOwned::load_from_str(text).or_else(|e| {
                // Hugo's reader (go-yaml) accepts quoted values continued at column 0; the
                // same text indented parses to the same values. Else the error as it is.
                crate::front_matter::indent_quoted_continuations(text)
                    .and_then(|indented| YamlOwned::load_from_str(&indented).ok())
                    .ok_or_else(|| {
                        bad(
                            e.marker().line(),
                            e.marker().col() + 1,
                            e.info().to_string(),
                        )
                    })
            })?;
            Ok(docs.first().map_or(Value::Null, yaml_to_json))
        }
    }
}

fn yaml_to_json(node: &YamlOwned) -> Value {
    match node {
        YamlOwned::Value(scalar) => match scalar {
            ScalarOwned::Null => Value::Null,
            ScalarOwned::Boolean(b) => Value::Bool(*b),
            ScalarOwned::Integer(i) => Value::Number((*i).into()),
            ScalarOwned::FloatingPoint(f) => {
                Number::from_f64(f.into_inner()).map_or(Value::Null, Value::Number)
            }
            ScalarOwned::String(s) => Value::String(s.clone()),
        },
        YamlOwned::Representation(s, _, _) => Value::String(s.clone()),
        YamlOwned::Sequence(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        YamlOwned::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match yaml_to_json(k) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                // YAML 1.1 merge keys (`<<: *defaults`), which Decap configs use: the merged
                // mapping's keys come first, the mapping's own keys override them.
                if key == "<<" {
                    if let Value::Object(merged) = yaml_to_json(v) {
                        for (mk, mv) in merged {
                            out.entry(mk).or_insert(mv);
                        }
                    }
                    continue;
                }
                out.insert(key, yaml_to_json(v));
            }
            Value::Object(out)
        }
        YamlOwned::Tagged(_, inner) => yaml_to_json(inner),
        YamlOwned::Alias(_) | YamlOwned::BadValue => Value::Null,
    }
}

/// TOML as JSON, each date-time given as `datetime` makes it (the data tree's text, or
/// `transform.Remarshal`'s marked value: see [`parse_toml_with`]).
type DatetimeToJson<'a> = &'a dyn Fn(&toml_edit::Datetime) -> Value;

fn toml_item_to_json(item: &toml_edit::Item, datetime: DatetimeToJson<'_>) -> Value {
    let table = |t: &toml_edit::Table| {
        Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), toml_item_to_json(v, datetime)))
                .collect(),
        )
    };
    match item {
        toml_edit::Item::None => Value::Null,
        toml_edit::Item::Value(v) => toml_value_to_json(v, datetime),
        toml_edit::Item::Table(t) => table(t),
        toml_edit::Item::ArrayOfTables(a) => Value::Array(a.iter().map(table).collect()),
    }
}

fn toml_value_to_json(value: &toml_edit::Value, datetime: DatetimeToJson<'_>) -> Value {
    match value {
        toml_edit::Value::String(s) => Value::String(s.value().clone()),
        toml_edit::Value::Integer(i) => Value::Number((*i.value()).into()),
        toml_edit::Value::Float(f) => {
            Number::from_f64(*f.value()).map_or(Value::Null, Value::Number)
        }
        toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
        toml_edit::Value::Datetime(d) => datetime(d.value()),
        toml_edit::Value::Array(a) => {
            Value::Array(a.iter().map(|v| toml_value_to_json(v, datetime)).collect())
        }
        toml_edit::Value::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), toml_value_to_json(v, datetime)))
                .collect(),
        ),
    }
}

/// TOML text as JSON with each date-time made by `datetime` (which may tell TOML's own
/// date-times from strings that read like them).
pub(crate) fn parse_toml_with(
    text: &str,
    datetime: &dyn Fn(&toml_edit::Datetime) -> Value,
) -> Result<Value, String> {
    let doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().to_string())?;
    Ok(toml_item_to_json(doc.as_item(), datetime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_continued_at_column_zero_reads_as_hugo_reads_it() {
        // digital.gov's image records: the closing quote on a line of its own at column 0
        // (go-yaml accepts it; the line break folds into a space).
        let text = "uid      : rpa\nalt      : \"A collage of atoms.\n\" \ncaption  : \"\" \nnote: 'it''s\nfine'\nlist:\n  - \"one\ntwo\"\n";
        let value = parse_data(Path::new("x.yml"), text, DataFormat::Yaml).unwrap();
        assert_eq!(value["alt"], "A collage of atoms. ");
        assert_eq!(value["caption"], "");
        assert_eq!(value["uid"], "rpa");
        assert_eq!(value["note"], "it's fine");
        assert_eq!(value["list"][0], "one two");
        // Still refused: a layout go-yaml refuses too, reported where saphyr stops.
        let error = parse_data(Path::new("x.yml"), "a: [b\nc: d\n", DataFormat::Yaml);
        assert!(error.is_err());
    }

    #[test]
    fn yaml_toml_and_json_give_the_same_tree() {
        let p = Path::new("x");
        let y = parse_data(p, "a: 1\nb: [x, y]\nc: {d: true}\n", DataFormat::Yaml).unwrap();
        let t = parse_data(
            p,
            "a = 1\nb = ['x', 'y']\n[c]\nd = true\n",
            DataFormat::Toml,
        )
        .unwrap();
        let j = parse_data(
            p,
            r#"{"a":1,"b":["x","y"],"c":{"d":true}}"#,
            DataFormat::Json,
        )
        .unwrap();
        assert_eq!(y, j);
        assert_eq!(t, j);
    }

    #[test]
    fn anchors_and_merge_keys_are_resolved() {
        let v = parse_data(
            Path::new("x"),
            "d: &d\n  create: true\nc:\n  - <<: *d\n    name: news\n",
            DataFormat::Yaml,
        )
        .unwrap();
        assert_eq!(v["c"][0]["create"], Value::Bool(true));
        assert_eq!(v["c"][0]["name"], "news");
    }

    #[test]
    fn bad_yaml_names_line_and_column() {
        let err =
            parse_data(Path::new("hugo.yaml"), "a: 1\nb: [x\n", DataFormat::Yaml).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("hugo.yaml:"), "{text}");
    }
}
