//! The dynamic values templates compute with, and Go's `fmt` rules for printing them.
//!
//! Go templates are untyped at parse time, so every operand is a [`Value`]; host objects
//! (the shortcode, the page, the site, a scratch pad) plug in through the [`Object`] trait.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Which html/template "safe" type a string carries (`safeHTML`, `safeURL`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SafeKind {
    /// `template.HTML`: printed raw in text, tags stripped in attributes.
    Html,
    /// `template.HTMLAttr`: a whole `name="value"` attribute.
    HtmlAttr,
    /// `template.URL`: skips the URL scheme filter.
    Url,
    /// `template.CSS`: skips the CSS value filter.
    Css,
    /// `template.JS`: printed raw in scripts.
    Js,
}

/// A host object seen by templates: fields and methods looked up by name.
pub trait Object: fmt::Debug + Send + Sync {
    /// The Go-ish type name used in error messages (`Page`, `Site`, `Shortcode`, …).
    fn type_name(&self) -> &'static str;
    /// Calls the field or method `name` with `args`; `None` when the object has no such
    /// member (the caller turns that into an error naming the member and the type).
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>>;
    /// How `{{ . }}` prints the object.
    fn display(&self) -> String {
        format!("{{{}}}", self.type_name())
    }
    /// What makes two objects the same thing although made apart (a page found by
    /// `GetPage` and the same page in a section's `.Pages`); `None` compares by identity.
    fn identity(&self) -> Option<String> {
        None
    }
}

/// A template value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// Go's `nil` (also a missing map key or field).
    #[default]
    Nil,
    /// A boolean.
    Bool(bool),
    /// An integer (Go `int`).
    Int(i64),
    /// A float (Go `float64`).
    Float(f64),
    /// A plain string, escaped on output.
    Str(Arc<str>),
    /// A string of one of html/template's safe types.
    Safe(SafeKind, Arc<str>),
    /// A slice.
    List(Arc<Vec<Value>>),
    /// A map with string keys, iterated in key order like Go's templates do.
    Map(Arc<BTreeMap<String, Value>>),
    /// A host object.
    Object(Arc<dyn Object>),
}

impl Value {
    /// A plain string value.
    pub fn str(text: impl AsRef<str>) -> Value {
        Value::Str(Arc::from(text.as_ref()))
    }

    /// A safe string of `kind`.
    pub fn safe(kind: SafeKind, text: impl AsRef<str>) -> Value {
        Value::Safe(kind, Arc::from(text.as_ref()))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    /// A map value.
    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Arc::new(entries))
    }

    /// Converts JSON (front matter, site params, data files) into a value.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::str(s),
            serde_json::Value::Array(items) => {
                Value::list(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(entries) => Value::map(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Go's truthiness: false, 0, nil, "" and empty collections are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) | Value::Safe(_, s) => !s.is_empty(),
            Value::List(items) => !items.is_empty(),
            Value::Map(entries) => !entries.is_empty(),
            Value::Object(_) => true,
        }
    }

    /// The string content of a string value (plain or safe).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Safe(_, s) => Some(s),
            _ => None,
        }
    }

    /// The Go type name, for messages and `printf "%T"`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::Safe(SafeKind::Html, _) => "template.HTML",
            Value::Safe(SafeKind::HtmlAttr, _) => "template.HTMLAttr",
            Value::Safe(SafeKind::Url, _) => "template.URL",
            Value::Safe(SafeKind::Css, _) => "template.CSS",
            Value::Safe(SafeKind::Js, _) => "template.JS",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
            Value::Object(o) => o.type_name(),
        }
    }

    /// A number as f64, if the value is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Go's `%v` rendering (what `{{ . }}` prints before escaping), with nil as `<nil>`.
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        write_go_value(&mut out, self, true);
        out
    }

    /// What an action prints: like `%v` but nil prints nothing (html/template behaviour).
    pub fn to_output_string(&self) -> String {
        match self {
            Value::Nil => String::new(),
            other => other.to_go_string(),
        }
    }

    /// Converts to JSON the way Go's `encoding/json` does (map keys sorted).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Nil => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Str(s) | Value::Safe(_, s) => serde_json::Value::String(s.to_string()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Value::Object(o) => serde_json::Value::String(o.display()),
        }
    }
}

impl PartialEq for Value {
    /// Hugo's `eq`: numbers compare by value across int and float, strings by content
    /// whatever their safe type, collections element-wise.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (a, b) if a.as_f64().is_some() && b.as_f64().is_some() => a.as_f64() == b.as_f64(),
            (a, b) if a.as_str().is_some() && b.as_str().is_some() => a.as_str() == b.as_str(),
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => {
                Arc::ptr_eq(a, b)
                    || (a.type_name() == b.type_name()
                        && a.identity().is_some()
                        && a.identity() == b.identity())
            }
            _ => false,
        }
    }
}

/// Appends Go's `%v` of `value`; `top` is false inside collections (strings are unquoted in
/// both, but nil prints `<nil>` everywhere).
fn write_go_value(out: &mut String, value: &Value, top: bool) {
    let _ = top;
    match value {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_float_g(*f)),
        Value::Str(s) | Value::Safe(_, s) => out.push_str(s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_go_value(out, item, false);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push_str("map[");
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_go_value(out, v, false);
            }
            out.push(']');
        }
        Value::Object(o) => out.push_str(&o.display()),
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` uses it: shortest digits, exponent
/// form when the exponent is below -4 or at least 6 (Go's rule for shortest precision).
pub fn format_float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits, like Go's shortest formatting.
    let sci = format!("{:e}", f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        // %e form: d.ddde+XX with at least two exponent digits.
        let (first, rest) = digits.split_at(1);
        let mut s = format!("{sign}{first}");
        if !rest.is_empty() {
            s.push('.');
            s.push_str(rest);
        }
        let exp_sign = if exp < 0 { '-' } else { '+' };
        s.push_str(&format!("e{exp_sign}{:02}", exp.abs()));
        return s;
    }
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{sign}{digits}{}", "0".repeat(int_len - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

/// Go's `%q` of a string: double-quoted with Go escapes.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `parsenum`: the digits at the front of `chars` as a count (`None` without digits).
/// A count that grows past a million is refused, as Go refuses it (`tooLarge`); Go then gives
/// up on the rest of the format, which keeps `%99999999999s` from asking for a huge string.
fn parse_count(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<Option<usize>, ()> {
    const TOO_LARGE: usize = 1_000_000;
    let mut count = None;
    while let Some(digit) = chars.peek().and_then(|d| d.to_digit(10)) {
        let so_far = count.unwrap_or(0);
        if so_far > TOO_LARGE {
            chars.for_each(drop);
            return Err(());
        }
        count = Some(so_far * 10 + digit as usize);
        chars.next();
    }
    Ok(count)
}

/// Go's `fmt.Sprintf` for the verbs templates use: `%s %d %v %q %t %f %x %T %%`, with widths
/// and precision; a wrong type prints Go's `%!verb(type=value)` marker instead of failing.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next_arg = 0usize;
    // An explicit argument index (`%[2]s`) was used: Go then reports no extra arguments.
    let mut reordered = false;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if "+-# 0".contains(f) {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let mut bad_index = false;
        if chars.peek() == Some(&'[') {
            chars.next();
            reordered = true;
            let mut digits = String::new();
            for d in chars.by_ref() {
                if d == ']' {
                    break;
                }
                digits.push(d);
            }
            match digits.parse::<usize>() {
                Ok(n) if n >= 1 && n <= args.len() => next_arg = n - 1,
                _ => bad_index = true,
            }
        }
        let Ok(width) = parse_count(&mut chars) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let Ok(p) = parse_count(&mut chars) else {
                out.push_str("%!(NOVERB)");
                break;
            };
            precision = Some(p.unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        if bad_index {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
            continue;
        }
        let Some(arg) = args.get(next_arg) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next_arg += 1;
        let text = format_verb(verb, arg, precision, &flags);
        let width = width.unwrap_or(0);
        let len = text.chars().count();
        if len < width {
            let pad = width - len;
            if flags.contains('-') {
                out.push_str(&text);
                out.push_str(&" ".repeat(pad));
            } else if flags.contains('0') && arg.as_f64().is_some() {
                let (sign, digits) = match text.strip_prefix('-') {
                    Some(rest) => ("-", rest.to_string()),
                    None => ("", text.clone()),
                };
                out.push_str(sign);
                out.push_str(&"0".repeat(pad));
                out.push_str(&digits);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&text);
            }
        } else {
            out.push_str(&text);
        }
    }
    if !reordered && next_arg < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[next_arg..]
            .iter()
            .map(|a| format!("{}={}", a.type_name(), a.to_go_string()))
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

fn bad_verb(verb: char, arg: &Value) -> String {
    match arg {
        Value::Nil => format!("%!{verb}(<nil>)"),
        other => format!("%!{verb}({}={})", other.type_name(), other.to_go_string()),
    }
}

fn format_verb(verb: char, arg: &Value, precision: Option<usize>, flags: &str) -> String {
    match verb {
        'v' => match arg {
            Value::Str(s) | Value::Safe(_, s) if flags.contains('#') => go_quote(s),
            _ => arg.to_go_string(),
        },
        's' => match arg {
            Value::Str(s) | Value::Safe(_, s) => match precision {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            },
            Value::Nil | Value::Bool(_) | Value::Int(_) | Value::Float(_) => bad_verb(verb, arg),
            other => other.to_go_string(),
        },
        'q' => match arg {
            Value::Str(s) | Value::Safe(_, s) => go_quote(s),
            Value::Int(i) => match char::from_u32(*i as u32) {
                Some(c) => format!("'{c}'"),
                None => bad_verb(verb, arg),
            },
            _ => bad_verb(verb, arg),
        },
        'd' => match arg {
            Value::Int(i) => {
                if flags.contains('+') && *i >= 0 {
                    format!("+{i}")
                } else {
                    i.to_string()
                }
            }
            _ => bad_verb(verb, arg),
        },
        't' => match arg {
            Value::Bool(b) => b.to_string(),
            _ => bad_verb(verb, arg),
        },
        'f' | 'F' | 'e' | 'g' => match arg.as_f64() {
            Some(f) if !matches!(arg, Value::Int(_)) => match verb {
                'e' => format!("{:.*e}", precision.unwrap_or(6), f),
                'g' => format_float_g(f),
                _ => format!("{:.*}", precision.unwrap_or(6), f),
            },
            _ => bad_verb(verb, arg),
        },
        'x' | 'X' => {
            let text = match arg {
                Value::Int(i) => format!("{i:x}"),
                Value::Str(s) | Value::Safe(_, s) => {
                    s.bytes().map(|b| format!("{b:02x}")).collect::<String>()
                }
                _ => return bad_verb(verb, arg),
            };
            if verb == 'X' {
                text.to_uppercase()
            } else {
                text
            }
        }
        'T' => arg.type_name().to_string(),
        'c' => match arg {
            Value::Int(i) => {
                char::from_u32(*i as u32).map_or_else(|| bad_verb(verb, arg), String::from)
            }
            _ => bad_verb(verb, arg),
        },
        _ => bad_verb(verb, arg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_go_percent_v() {
        assert_eq!(format_float_g(1.5), "1.5");
        assert_eq!(format_float_g(2.0), "2");
        assert_eq!(format_float_g(123456.0), "123456");
        assert_eq!(format_float_g(1234567.0), "1.234567e+06");
        assert_eq!(format_float_g(100000000.0), "1e+08");
        assert_eq!(format_float_g(0.0001), "0.0001");
        assert_eq!(format_float_g(0.00001), "1e-05");
        assert_eq!(format_float_g(-2.25), "-2.25");
    }

    #[test]
    fn collections_print_like_go() {
        let list = Value::list(vec![Value::Int(1), Value::str("a")]);
        assert_eq!(list.to_go_string(), "[1 a]");
        let mut m = BTreeMap::new();
        m.insert("k".to_string(), Value::str("v"));
        m.insert("a".to_string(), Value::Nil);
        assert_eq!(Value::map(m).to_go_string(), "map[a:<nil> k:v]");
    }

    #[test]
    fn sprintf_refuses_huge_widths_and_precisions_as_go_does() {
        // Fuzz finding (template target): `%018446744073709551615d` asked for a string of
        // usize::MAX spaces (capacity overflow). Go's fmt refuses counts past a million and
        // gives up on the rest of the format.
        let one = [Value::Int(1)];
        assert_eq!(
            sprintf("%018446744073709551615d tail", &one),
            "%!(NOVERB)%!(EXTRA int=1)"
        );
        assert_eq!(
            sprintf("a %.99999999f", &[Value::Float(1.5)]),
            "a %!(NOVERB)%!(EXTRA float64=1.5)"
        );
        assert_eq!(
            sprintf(
                "%05d|%-3s|%.2f",
                &[Value::Int(7), Value::str("x"), Value::Float(1.0)]
            ),
            "00007|x  |1.00"
        );
        assert_eq!(sprintf("%1000000s", &[Value::str("x")]).len(), 1_000_000);
    }

    #[test]
    fn sprintf_covers_the_common_verbs() {
        assert_eq!(
            sprintf("%s/%s", &[Value::str("cdn"), Value::Nil]),
            "cdn/%!s(<nil>)"
        );
        assert_eq!(
            sprintf(
                "%d-%q-%t",
                &[Value::Int(4), Value::str("a\"b"), Value::Bool(true)]
            ),
            "4-\"a\\\"b\"-true"
        );
        assert_eq!(
            sprintf("%v", &[Value::list(vec![Value::Int(1), Value::str("a")])]),
            "[1 a]"
        );
        assert_eq!(
            sprintf(
                "%05d|%-3s|%3s",
                &[Value::Int(42), Value::str("x"), Value::str("y")]
            ),
            "00042|x  |  y"
        );
        assert_eq!(sprintf("%.2f", &[Value::Float(1.23456)]), "1.23");
        assert_eq!(sprintf("100%%", &[]), "100%");
        assert_eq!(sprintf("%s", &[]), "%!s(MISSING)");
        assert_eq!(sprintf("%d", &[Value::str("x")]), "%!d(string=x)");
    }
}
