//! `transform.Remarshal FORMAT DATA`: data (a map, or TOML/YAML/JSON text whose format is
//! detected as Hugo detects it) printed in another format, as Hugo 0.168 prints it (verified
//! against it): keys sorted; integral floats in maps printed as integers; TOML as go-toml v2
//! writes it with indented tables (literal `'…'` strings where they can be, plain values
//! first, then `[table]`s and `[[arrays]]` each after a blank line); YAML as goccy/go-yaml
//! writes it (sequences at their key's indentation, strings quoted only where YAML would read
//! them as something else); JSON indented by three spaces with Go's `<`, `>`, `&` escapes.

use serde_json::{Map, Value as Json};

/// Remarshals `data` (already a map, or text) into `format` (`toml`, `yaml`/`yml`, `json`).
pub(crate) fn remarshal(format: &str, data: Result<Json, String>) -> Result<String, String> {
    let format = format.trim().to_lowercase();
    let mut value = match data {
        Ok(map) => map,
        Err(text) => {
            let text = text.trim();
            if text.is_empty() {
                return Ok(String::new());
            }
            parse_detected(text)?
        }
    };
    integral_floats_as_ints(&mut value);
    let Json::Object(map) = &value else {
        return Err("data must be a map".into());
    };
    match format.as_str() {
        "toml" => {
            let mut out = String::new();
            toml_table(map, &mut Vec::new(), 0, &mut out);
            Ok(out)
        }
        "yaml" | "yml" => {
            let mut out = String::new();
            yaml_map(map, 0, &mut out);
            Ok(out)
        }
        "json" => {
            let mut out = String::new();
            json_value(&value, 0, &mut out);
            out.push('\n');
            Ok(out)
        }
        other => Err(format!(
            "failed to detect target data serialization format {other:?}"
        )),
    }
}

/// Hugo's `FormatFromContentString`: the first of `{` (JSON), `:` (YAML), `<` (XML) or `=`
/// (TOML) decides (a `,` before all of them would make CSV).
fn parse_detected(text: &str) -> Result<Json, String> {
    let at = |c: char| text.find(c);
    let first = [
        (',', "csv"),
        ('{', "json"),
        (':', "yaml"),
        ('<', "xml"),
        ('=', "toml"),
    ]
    .into_iter()
    .filter_map(|(c, name)| at(c).map(|i| (i, name)))
    .min_by_key(|(i, _)| *i)
    .map(|(_, name)| name);
    let path = std::path::Path::new("remarshal");
    let format = match first {
        Some("json") => crate::site::data::DataFormat::Json,
        Some("yaml") => crate::site::data::DataFormat::Yaml,
        Some("toml") => {
            return crate::site::data::parse_toml_with(text, &|d| {
                let mark = if d.date.is_some() && d.time.is_some() && d.offset.is_some() {
                    TIME
                } else {
                    LOCAL
                };
                Json::String(format!("{mark}{d}"))
            })
        }
        Some(other) => return Err(format!("remarshal from {other} is not supported")),
        None => return Err("failed to detect format from content".into()),
    };
    crate::site::data::parse_data(path, text, format).map_err(|e| e.to_string())
}

/// The mark of a TOML date-time with an offset read from text: Go's `time.Time`, printed bare
/// in TOML and YAML (and as a string in JSON).
const TIME: &str = "\u{1}T";
/// The mark of a TOML local date, date-time or time read from text: go-toml's `LocalDate`…,
/// bare in TOML, a string elsewhere. Any other string that reads like a date is a string to
/// Hugo (YAML's dates are), quoted in TOML and YAML.
const LOCAL: &str = "\u{1}L";

/// A marked TOML date-time's text and whether it is a `time.Time`.
fn datetime(s: &str) -> Option<(&str, bool)> {
    s.strip_prefix(TIME)
        .map(|t| (t, true))
        .or_else(|| s.strip_prefix(LOCAL).map(|t| (t, false)))
}

/// Hugo's `applyMarshalTypes`: a float with an integral value, in a map, becomes an integer.
fn integral_floats_as_ints(value: &mut Json) {
    if let Json::Object(map) = value {
        for v in map.values_mut() {
            match v {
                Json::Object(_) => integral_floats_as_ints(v),
                Json::Number(n) if n.is_f64() => {
                    if let Some(f) = n.as_f64() {
                        if f.fract() == 0.0 && f.abs() < 9.2e18 {
                            *v = Json::from(f as i64);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn sorted(map: &Map<String, Json>) -> Vec<(&String, &Json)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// A number as both encoders print it: an integer as written, else [`float_text`].
fn number_text(n: &serde_json::Number) -> String {
    match n.as_i64() {
        Some(i) => i.to_string(),
        None => float_text(n.as_f64().unwrap_or_default()),
    }
}

/// A float as Go's `strconv.FormatFloat(f, 'g'-ish)` prints short values.
fn float_text(f: f64) -> String {
    let text = format!("{f}");
    if text.contains('.') || text.contains('e') || text.contains("inf") || text.contains("NaN") {
        text
    } else {
        format!("{text}.0")
    }
}

// ----- TOML -----

fn is_table_array(items: &[Json]) -> bool {
    !items.is_empty() && items.iter().all(Json::is_object)
}

fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        toml_string(key)
    }
}

fn toml_string(s: &str) -> String {
    if !s.contains('\'') && !s.chars().any(char::is_control) {
        return format!("'{s}'");
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_inline(value: &Json) -> String {
    match value {
        Json::Null => "''".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => number_text(n),
        // TOML's own date-times print bare; strings that read like them are strings.
        Json::String(s) => match datetime(s) {
            Some((text, _)) => text.to_string(),
            None => toml_string(s),
        },
        Json::Array(items) => {
            let parts: Vec<String> = items.iter().map(toml_inline).collect();
            format!("[{}]", parts.join(", "))
        }
        Json::Object(map) => {
            let parts: Vec<String> = sorted(map)
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{} = {}", toml_key(k), toml_inline(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// An RFC 3339 date or date-time (`2021-11-03`, `2021-11-03T12:34:56+01:00`).
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    date && (b.len() == 10
        || (matches!(b[10], b'T' | b't' | b' ')
            && s[11..]
                .chars()
                .all(|c| c.is_ascii_digit() || ":.+-Zz".contains(c))
            && s.len() >= 19))
}

fn toml_header(out: &mut String, indent: usize, text: &str) {
    let last_line = out.trim_end_matches('\n').rsplit('\n').next().unwrap_or("");
    if !out.is_empty() && !last_line.trim_start().starts_with('[') {
        out.push('\n');
    }
    out.push_str(&"  ".repeat(indent));
    out.push_str(text);
    out.push('\n');
}

fn toml_table(map: &Map<String, Json>, path: &mut Vec<String>, indent: usize, out: &mut String) {
    let entries = sorted(map);
    for (key, value) in &entries {
        let nested =
            value.is_object() || matches!(value, Json::Array(items) if is_table_array(items));
        // TOML has no null: Hugo's encoder leaves such keys out.
        if !nested && !value.is_null() {
            out.push_str(&"  ".repeat(indent));
            out.push_str(&format!("{} = {}\n", toml_key(key), toml_inline(value)));
        }
    }
    for (key, value) in entries {
        path.push(toml_key(key));
        match value {
            Json::Object(sub) => {
                toml_header(out, indent, &format!("[{}]", path.join(".")));
                toml_table(sub, path, indent + 1, out);
            }
            Json::Array(items) if is_table_array(items) => {
                for item in items {
                    if let Json::Object(sub) = item {
                        let header = format!("[[{}]]", path.join("."));
                        // Entries of an array follow each other after a blank line.
                        if !out.is_empty() && !out.ends_with("\n\n") {
                            let last = out.trim_end_matches('\n').rsplit('\n').next().unwrap_or("");
                            if !last.trim_start().starts_with('[')
                                || last.trim_start().starts_with("[[")
                            {
                                out.push('\n');
                            }
                        }
                        out.push_str(&"  ".repeat(indent));
                        out.push_str(&header);
                        out.push('\n');
                        toml_table(sub, path, indent + 1, out);
                    }
                }
            }
            _ => {}
        }
        path.pop();
    }
}

// ----- YAML -----

fn yaml_needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return true;
    }
    let reserved = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
    ];
    if reserved.contains(&s) || s.parse::<f64>().is_ok() || s.starts_with("0x") {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    // `-`, `?` and `:` start a plain scalar when something other than a space follows.
    let indicator = match first {
        '-' | '?' | ':' => s.len() == 1 || s[1..].starts_with(' '),
        c => ",[]{}#&*!|>'\"%@`".contains(c),
    };
    indicator
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.contains('\n')
        || s.contains('\\')
}

fn yaml_scalar(value: &Json) -> String {
    match value {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => number_text(n),
        Json::String(s) => match datetime(s) {
            Some((text, true)) => text.to_string(),
            Some((text, false)) => yaml_scalar(&Json::String(text.to_string())),
            None if !yaml_needs_quotes(s) && !is_datetime(s) => s.clone(),
            None if !s.contains('\'') && !s.chars().any(char::is_control) => format!("'{s}'"),
            None => serde_json::to_string(s).unwrap_or_default(),
        },
        Json::Array(items) if items.is_empty() => "[]".into(),
        Json::Object(map) if map.is_empty() => "{}".into(),
        _ => String::new(),
    }
}

fn yaml_map(map: &Map<String, Json>, indent: usize, out: &mut String) {
    for (key, value) in sorted(map) {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml_scalar(&Json::String(key.clone())));
        out.push(':');
        match value {
            Json::Object(sub) if !sub.is_empty() => {
                out.push('\n');
                yaml_map(sub, indent + 2, out);
            }
            Json::Array(items) if !items.is_empty() => {
                out.push('\n');
                yaml_seq(items, indent, out);
            }
            scalar => {
                out.push(' ');
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
    }
}

fn yaml_seq(items: &[Json], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match item {
            Json::Object(sub) if !sub.is_empty() => {
                // The first key follows the dash; the others line up with it.
                let mut inner = String::new();
                yaml_map(sub, indent + 2, &mut inner);
                out.push_str(inner.trim_start());
            }
            Json::Array(sub) if !sub.is_empty() => {
                let mut inner = String::new();
                yaml_seq(sub, indent + 2, &mut inner);
                out.push_str(inner.trim_start());
            }
            scalar => {
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
    }
}

// ----- JSON -----

fn json_string(s: &str) -> String {
    let s = datetime(s).map_or(s, |(text, _)| text);
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_value(value: &Json, indent: usize, out: &mut String) {
    let pad = |n: usize| "   ".repeat(n);
    match value {
        Json::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            let entries = sorted(map);
            let last = entries.len() - 1;
            for (i, (key, v)) in entries.into_iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&json_string(key));
                out.push_str(": ");
                json_value(v, indent + 1, out);
                out.push_str(if i == last { "\n" } else { ",\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        Json::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            let last = items.len() - 1;
            for (i, v) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                json_value(v, indent + 1, out);
                out.push_str(if i == last { "\n" } else { ",\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Json::Object(_) => out.push_str("{}"),
        Json::Array(_) => out.push_str("[]"),
        Json::String(s) => out.push_str(&json_string(s)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => out.push_str(&format!("{}", n.as_f64().unwrap_or_default())),
        },
        Json::Bool(b) => out.push_str(&b.to_string()),
        Json::Null => out.push_str("null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hugo 0.168's output for the same TOML (run through `transform.Remarshal`).
    const SOURCE: &str = "title = 'My \"site\"'\nbaseURL = \"https://example.org/\"\nweight = 1.0\nratio = 1.5\nbig = 100000000000\nflag = true\nlist = ['a', 'b']\nnums = [1, 2]\n[params]\n  Author = \"Jane & <co>\"\n  [params.social]\n    x = \"y\"\n[[menus.main]]\n  name = 'Home'\n  weight = 10\n[[menus.main]]\n  name = \"Blog\"\nempty = []\n";

    #[test]
    fn toml_as_hugo_prints_it() {
        assert_eq!(
            remarshal("toml", Err(SOURCE.into())).unwrap(),
            "baseURL = 'https://example.org/'\nbig = 100000000000\nflag = true\nlist = ['a', 'b']\nnums = [1, 2]\nratio = 1.5\ntitle = 'My \"site\"'\nweight = 1\n\n[menus]\n  [[menus.main]]\n    name = 'Home'\n    weight = 10\n\n  [[menus.main]]\n    empty = []\n    name = 'Blog'\n\n[params]\n  Author = 'Jane & <co>'\n\n  [params.social]\n    x = 'y'\n"
        );
    }

    /// Hugo 0.168 leaves null keys out of TOML (hugodocs' configuration pages print the
    /// defaults from data/docs.yaml, where unset lists are null); YAML keeps them.
    #[test]
    fn toml_leaves_nulls_out() {
        let data = serde_json::json!({"a": {"m": null, "t": "", "n": 1, "inner": {"x": null, "y": 2}, "list": [1, 2], "sub": {"z": null}}});
        assert_eq!(
            remarshal("toml", Ok(data.clone())).unwrap(),
            "[a]\n  list = [1, 2]\n  n = 1\n  t = ''\n\n  [a.inner]\n    y = 2\n\n  [a.sub]\n"
        );
        assert_eq!(
            remarshal("yaml", Ok(data)).unwrap(),
            "a:\n  inner:\n    x: null\n    'y': 2\n  list:\n  - 1\n  - 2\n  m: null\n  'n': 1\n  sub:\n    z: null\n  t: ''\n"
        );
    }

    /// Hugo 0.168: TOML's own date-times stay dates (an offset one bare everywhere, a local
    /// date bare in TOML only), strings that read like dates (all of YAML's) are quoted.
    #[test]
    fn dates_as_hugo_prints_them() {
        let toml =
            "a = 2023-08-24T11:49:46-07:00\nb = '2023-08-24T11:49:46-07:00'\nc = 2018-01-25\n";
        assert_eq!(
            remarshal("yaml", Err(toml.into())).unwrap(),
            "a: 2023-08-24T11:49:46-07:00\nb: '2023-08-24T11:49:46-07:00'\nc: '2018-01-25'\n"
        );
        assert_eq!(
            remarshal("toml", Err(toml.into())).unwrap(),
            "a = 2023-08-24T11:49:46-07:00\nb = '2023-08-24T11:49:46-07:00'\nc = 2018-01-25\n"
        );
        assert!(remarshal("json", Err(toml.into()))
            .unwrap()
            .contains("\"c\": \"2018-01-25\""));
        let yaml = "a: 2023-08-24T11:49:46-07:00\nc: 2018-01-25\nd: '2018-01-25'\n";
        assert_eq!(
            remarshal("toml", Err(yaml.into())).unwrap(),
            "a = '2023-08-24T11:49:46-07:00'\nc = '2018-01-25'\nd = '2018-01-25'\n"
        );
        assert_eq!(
            remarshal("yaml", Err(yaml.into())).unwrap(),
            "a: '2023-08-24T11:49:46-07:00'\nc: '2018-01-25'\nd: '2018-01-25'\n"
        );
    }

    #[test]
    fn yaml_as_hugo_prints_it() {
        assert_eq!(
            remarshal("yaml", Err(SOURCE.into())).unwrap(),
            "baseURL: https://example.org/\nbig: 100000000000\nflag: true\nlist:\n- a\n- b\nmenus:\n  main:\n  - name: Home\n    weight: 10\n  - empty: []\n    name: Blog\nnums:\n- 1\n- 2\nparams:\n  Author: Jane & <co>\n  social:\n    x: 'y'\nratio: 1.5\ntitle: My \"site\"\nweight: 1\n"
        );
        assert_eq!(
            remarshal(
                "yaml",
                Err("b: 2\na:\n  - x: 1\n    y: two\n  - \"three\"\n".into())
            )
            .unwrap(),
            "a:\n- x: 1\n  'y': two\n- three\nb: 2\n"
        );
    }

    #[test]
    fn json_as_hugo_prints_it() {
        assert_eq!(
            remarshal("json", Err("b: 2\na:\n  - x: 1\n    y: two\n  - \"<three>\"\n".into()))
                .unwrap(),
            "{\n   \"a\": [\n      {\n         \"x\": 1,\n         \"y\": \"two\"\n      },\n      \"\\u003cthree\\u003e\"\n   ],\n   \"b\": 2\n}\n"
        );
        assert_eq!(
            remarshal(
                "toml",
                Err("b: 2\na:\n  - x: 1\n    y: two\n  - three\n".into())
            )
            .unwrap(),
            "a = [{x = 1, y = 'two'}, 'three']\nb = 2\n"
        );
        // Verified in Hugo's own documentation: dates bare in TOML; YAML quotes backslashes
        // but not a `:` that a letter follows.
        assert_eq!(
            remarshal("toml", Err("date = 2021-11-03T12:34:56+01:00\n".into())).unwrap(),
            "date = 2021-11-03T12:34:56+01:00\n"
        );
        assert_eq!(
            remarshal(
                "yaml",
                Err("a = 'x\\.json'\nb = ':cacheDir/:project'\n".into())
            )
            .unwrap(),
            "a: 'x\\.json'\nb: :cacheDir/:project\n"
        );
    }
}
