//! TOML front matter through toml_edit, whose document model keeps comments, spacing and key
//! order of everything an edit does not touch.

use super::split::Block;
use super::{ErrorKind, FieldEdit, FrontMatterError, Value};

fn parse_document(
    source: &str,
    block: &Block,
) -> Result<toml_edit::Document<String>, FrontMatterError> {
    let text = source[block.content.clone()].to_string();
    toml_edit::Document::parse(text).map_err(|error| {
        let offset = block.content.start + error.span().map_or(0, |span| span.start);
        let message = error.message().trim().to_string();
        FrontMatterError::at(
            source,
            offset,
            ErrorKind::Syntax,
            format!("invalid TOML: {message}"),
        )
    })
}

/// Top-level keys and typed values.
pub fn parse(source: &str, block: &Block) -> Result<Vec<(String, Value)>, FrontMatterError> {
    let document = parse_document(source, block)?;
    Ok(document
        .as_table()
        .iter()
        .map(|(key, item)| (key.to_string(), item_value(item)))
        .collect())
}

fn item_value(item: &toml_edit::Item) -> Value {
    match item {
        toml_edit::Item::None => Value::Null,
        toml_edit::Item::Value(value) => value_of(value),
        toml_edit::Item::Table(table) => Value::Map(
            table
                .iter()
                .map(|(k, v)| (k.to_string(), item_value(v)))
                .collect(),
        ),
        toml_edit::Item::ArrayOfTables(tables) => Value::List(
            tables
                .iter()
                .map(|table| {
                    Value::Map(
                        table
                            .iter()
                            .map(|(k, v)| (k.to_string(), item_value(v)))
                            .collect(),
                    )
                })
                .collect(),
        ),
    }
}

fn value_of(value: &toml_edit::Value) -> Value {
    match value {
        toml_edit::Value::String(s) => Value::String(s.value().clone()),
        toml_edit::Value::Integer(i) => Value::Int(*i.value()),
        toml_edit::Value::Float(f) => Value::Float(*f.value()),
        toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
        // Dates stay strings, as written.
        toml_edit::Value::Datetime(d) => Value::String(d.value().to_string()),
        toml_edit::Value::Array(items) => Value::List(items.iter().map(value_of).collect()),
        toml_edit::Value::InlineTable(table) => Value::Map(
            table
                .iter()
                .map(|(k, v)| (k.to_string(), value_of(v)))
                .collect(),
        ),
    }
}

fn to_toml(value: &Value) -> Option<toml_edit::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::Float(f) => (*f).into(),
        Value::String(s) => s.as_str().into(),
        Value::List(items) => {
            let mut array = toml_edit::Array::new();
            for item in items {
                array.push_formatted(to_toml(item)?);
            }
            toml_edit::Value::Array(array)
        }
        Value::Map(pairs) => {
            let mut table = toml_edit::InlineTable::new();
            for (k, v) in pairs {
                if let Some(v) = to_toml(v) {
                    table.insert(k, v);
                }
            }
            toml_edit::Value::InlineTable(table)
        }
    })
}

/// Applies one edit; `None` when it changes nothing. Setting a key to null removes it (TOML
/// has no null).
pub fn apply(
    source: &str,
    block: &Block,
    edit: &FieldEdit,
) -> Result<Option<String>, FrontMatterError> {
    let document = parse_document(source, block)?;
    let content = match edit {
        FieldEdit::Rename { from, to } => {
            let Some((key, _)) = document.as_table().get_key_value(from) else {
                return Ok(None);
            };
            let Some(span) = key.span() else {
                return Ok(None);
            };
            let text = &source[block.content.clone()];
            let new_key = toml_edit::Key::new(to.as_str()).display_repr().into_owned();
            format!("{}{}{}", &text[..span.start], new_key, &text[span.end..])
        }
        FieldEdit::Unset { key } => {
            // A plain `key = value` loses its lines only; toml_edit would also drop the comment
            // lines above it, which it counts as part of the key.
            if let Some((k, toml_edit::Item::Value(v))) = document.as_table().get_key_value(key) {
                if let (Some(key_span), Some(value_span)) = (k.span(), v.span()) {
                    let text = &source[block.content.clone()];
                    let start = super::yaml::line_start(text, key_span.start);
                    let end = super::yaml::line_end(
                        text,
                        value_span.end.saturating_sub(1).max(key_span.start),
                    );
                    let content = format!("{}{}", &text[..start], &text[end..]);
                    return Ok(Some(format!(
                        "{}{}{}",
                        &source[..block.content.start],
                        content,
                        &source[block.content.end..]
                    )));
                }
            }
            let mut document = document.into_mut();
            if document.remove(key).is_none() {
                return Ok(None);
            }
            document.to_string()
        }
        FieldEdit::Set { key, value } => {
            let wanted = Value::from_json(value);
            let current = document.as_table().get(key).map(item_value);
            if current.as_ref() == Some(&wanted) {
                return Ok(None);
            }
            let mut document = document.into_mut();
            match to_toml(&wanted) {
                None => {
                    document.remove(key);
                }
                Some(mut new_value) => match document.get_mut(key) {
                    Some(toml_edit::Item::Value(old)) => {
                        *new_value.decor_mut() = old.decor().clone();
                        *old = new_value;
                    }
                    _ => {
                        document.insert(key, toml_edit::Item::Value(new_value));
                    }
                },
            }
            document.to_string()
        }
    };
    let content = if block.line_ending == "\r\n" {
        content.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        content
    };
    Ok(Some(format!(
        "{}{}{}",
        &source[..block.content.start],
        content,
        &source[block.content.end..]
    )))
}
