//! Writing YAML scalars, keys and small collections the way digital.gov's files are written:
//! plain when YAML reads the text back as the same string, else double quotes with escapes.
//!
//! Decision: the test for "plain is safe" is deliberately stricter than YAML 1.2 (Hugo's parser)
//! and also rules out YAML 1.1 booleans, sexagesimal numbers and dates, so a value never changes
//! type under any parser an editor's tooling might use.

use super::Value;

/// How the value a key had was quoted, so an edit can keep the file's style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStyle {
    /// Unquoted, or a new key: quote only when needed.
    Plain,
    /// `'…'`: stays single-quoted when the new text can be.
    Single,
    /// `"…"`: stays double-quoted.
    Double,
}

/// True when `text` written plain would not read back as exactly this string.
pub fn needs_quotes(text: &str, flow: bool) -> bool {
    plain_problem(text, flow) != PlainProblem::None
}

#[derive(Debug, PartialEq, Eq)]
enum PlainProblem {
    None,
    /// Only that a date-like string becomes a timestamp under YAML 1.1.
    DateLike,
    Other,
}

fn plain_problem(text: &str, flow: bool) -> PlainProblem {
    let Some(first) = text.chars().next() else {
        return PlainProblem::Other;
    };
    let last = text.chars().next_back().unwrap_or(first);
    if first.is_whitespace() || last.is_whitespace() {
        return PlainProblem::Other;
    }
    if text
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
    {
        return PlainProblem::Other;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || text.starts_with("...") {
        return PlainProblem::Other;
    }
    if text.contains(": ") || text.ends_with(':') || text.contains(" #") {
        return PlainProblem::Other;
    }
    if flow && text.contains([',', '[', ']', '{', '}', ':', '#']) {
        return PlainProblem::Other;
    }
    let lower = text.to_ascii_lowercase();
    let reserved = [
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<", ".inf",
        "+.inf", "-.inf", ".nan",
    ];
    if reserved.contains(&lower.as_str()) {
        return PlainProblem::Other;
    }
    // Dates first: `2020-01-02` also looks numeric, but is kept plain when it replaces a date.
    if looks_like_date(text) {
        return PlainProblem::DateLike;
    }
    if looks_numeric(text) {
        return PlainProblem::Other;
    }
    PlainProblem::None
}

/// Anything a YAML 1.1 or 1.2 resolver could read as an int or float (hex, octal, binary,
/// underscores, exponents, sexagesimal `1:30`) counts as numeric.
fn looks_numeric(text: &str) -> bool {
    let unsigned = text.trim_start_matches(['+', '-']);
    let mut chars = unsigned.chars();
    let starts_numeric = match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    starts_numeric
        && text
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "_.,:+-xXoO".contains(c))
}

/// `YYYY-M-D…`: a YAML 1.1 timestamp starts like this.
pub fn looks_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4) && bytes.get(4) == Some(&b'-')) {
        return false;
    }
    let rest = &text[5..];
    let month_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&month_len)
        && rest.as_bytes().get(month_len) == Some(&b'-')
        && rest
            .as_bytes()
            .get(month_len + 1)
            .is_some_and(u8::is_ascii_digit)
}

/// `"…"` with YAML escapes for what cannot appear raw.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' => {
                let code = c as u32;
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else {
                    out.push_str(&format!("\\u{code:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `'…'`, when the text can be single-quoted on one line without changing.
fn single_quoted(text: &str) -> Option<String> {
    let representable = !text.chars().any(|c| {
        c.is_control()
            || matches!(
                c,
                '\u{85}' | '\u{a0}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
            )
    });
    // Leading or trailing spaces survive single quotes, but a trailing one is easy to lose in
    // review; double quotes make it visible.
    representable.then(|| format!("'{}'", text.replace('\'', "''")))
}

/// A string value in the style asked for, falling back to double quotes when needed.
/// `was_date` keeps a plain date plain when it is replaced by another date.
pub fn string_scalar(text: &str, style: QuoteStyle, flow: bool, was_date: bool) -> String {
    match style {
        QuoteStyle::Double => double_quoted(text),
        QuoteStyle::Single => single_quoted(text)
            .filter(|_| !(text.starts_with(' ') || text.ends_with(' ')))
            .unwrap_or_else(|| double_quoted(text)),
        QuoteStyle::Plain => match plain_problem(text, flow) {
            PlainProblem::None => text.to_string(),
            PlainProblem::DateLike if was_date => text.to_string(),
            _ => double_quoted(text),
        },
    }
}

/// A key, plain when it can be.
pub fn key(text: &str) -> String {
    string_scalar(text, QuoteStyle::Plain, false, false)
}

/// A scalar value; `None` for lists and maps.
pub fn scalar(value: &Value, style: QuoteStyle, flow: bool, was_date: bool) -> Option<String> {
    Some(match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float(*f),
        Value::String(s) => string_scalar(s, style, flow, was_date),
        Value::List(_) | Value::Map(_) => return None,
    })
}

fn float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else {
        // Debug keeps a `.0` on whole numbers, so the text stays a float.
        format!("{f:?}")
    }
}

/// A value in flow style: `[a, "b, c"]`, `{k: v}`.
pub fn flow(value: &Value) -> String {
    match value {
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(pairs) => format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    string_scalar(k, QuoteStyle::Plain, true, false),
                    flow(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar_value => scalar(scalar_value, QuoteStyle::Plain, true, false).unwrap_or_default(),
    }
}

/// Layout choices for block collections.
#[derive(Debug, Clone)]
pub struct BlockLayout {
    /// Indentation of the key the value belongs to.
    pub indent: String,
    /// What goes before `- ` relative to the key's indentation (`""` or `"  "`).
    pub dash_indent: String,
    /// `\n` or `\r\n`.
    pub line_ending: &'static str,
    /// Lists in flow style (`[a, b]`) rather than block style.
    pub flow_lists: bool,
}

/// What follows `key:` for a value: ` scalar`, ` [a, b]`, or a line ending and indented lines
/// (without a final line ending).
pub fn after_colon(
    value: &Value,
    style: QuoteStyle,
    was_date: bool,
    layout: &BlockLayout,
) -> String {
    match value {
        Value::Null => String::new(),
        Value::List(items) if items.is_empty() => " []".to_string(),
        Value::Map(pairs) if pairs.is_empty() => " {}".to_string(),
        Value::List(_) if layout.flow_lists => format!(" {}", flow(value)),
        Value::List(items) => {
            let prefix = format!("{}{}", layout.indent, layout.dash_indent);
            items
                .iter()
                .map(|item| format!("{}{}", layout.line_ending, list_item(item, &prefix, layout)))
                .collect()
        }
        Value::Map(pairs) => {
            let nested = BlockLayout {
                indent: format!("{}  ", layout.indent),
                ..layout.clone()
            };
            pairs
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}{}{}:{}",
                        layout.line_ending,
                        nested.indent,
                        key(k),
                        after_colon(v, QuoteStyle::Plain, false, &nested)
                    )
                })
                .collect()
        }
        scalar_value => format!(
            " {}",
            scalar(scalar_value, style, false, was_date).unwrap_or_default()
        ),
    }
}

/// One block list item `- …` at `prefix` (the text before the dash), without a line ending.
pub fn list_item(item: &Value, prefix: &str, layout: &BlockLayout) -> String {
    match item {
        Value::Map(pairs) if !pairs.is_empty() => {
            let inner = format!("{prefix}  ");
            let nested = BlockLayout {
                indent: inner.clone(),
                ..layout.clone()
            };
            let mut out = String::new();
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i == 0 {
                    out.push_str(&format!("{prefix}- "));
                } else {
                    out.push_str(layout.line_ending);
                    out.push_str(&inner);
                }
                out.push_str(&format!(
                    "{}:{}",
                    key(k),
                    after_colon(v, QuoteStyle::Plain, false, &nested)
                ));
            }
            out
        }
        Value::List(_) | Value::Map(_) => format!("{prefix}- {}", flow(item)),
        scalar_value => {
            format!(
                "{prefix}- {}",
                scalar(scalar_value, QuoteStyle::Plain, false, false).unwrap_or_default()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_safe() {
        for safe in [
            "Challenge.gov",
            "It's here",
            "https://x.gov/a",
            "3 Reasons Why",
            "C#",
            "a:b",
            "émoji 🎉",
            "中文",
        ] {
            assert!(!needs_quotes(safe, false), "{safe}");
        }
        for unsafe_text in [
            "",
            " lead",
            "trail ",
            "#GovLove",
            "a: b",
            "a #b",
            "yes",
            "No",
            "ON",
            "null",
            "~",
            "123",
            "1e3",
            "0x1F",
            "1_000",
            "1:30",
            ".5",
            "-1",
            "2020-01-02",
            "@x",
            "*x",
            "&x",
            "!x",
            "|",
            ">",
            "%x",
            "?",
            "- x",
            "[a]",
            "{a}",
            "'q'",
            "\"q\"",
            "line\nbreak",
            "tab\there",
            "...",
            "key:",
        ] {
            assert!(needs_quotes(unsafe_text, false), "{unsafe_text:?}");
        }
        assert!(needs_quotes("a, b", true));
        assert!(!needs_quotes("a, b", false));
    }

    #[test]
    fn double_quotes_escape_what_must_be() {
        assert_eq!(
            double_quoted("a \"b\" \\ c\nd\u{1}"),
            "\"a \\\"b\\\" \\\\ c\\nd\\x01\""
        );
    }

    #[test]
    fn styles_are_kept_when_possible() {
        assert_eq!(
            string_scalar("It's", QuoteStyle::Single, false, false),
            "'It''s'"
        );
        assert_eq!(
            string_scalar("x\ny", QuoteStyle::Single, false, false),
            "\"x\\ny\""
        );
        assert_eq!(
            string_scalar("plain", QuoteStyle::Double, false, false),
            "\"plain\""
        );
        assert_eq!(
            string_scalar("2021-01-01", QuoteStyle::Plain, false, true),
            "2021-01-01"
        );
        assert_eq!(
            string_scalar("2021-01-01", QuoteStyle::Plain, false, false),
            "\"2021-01-01\""
        );
        assert_eq!(float(1.0), "1.0");
    }
}
