//! Hugo's template functions, under Hugo's names, with the semantics verified against Hugo
//! 0.168 in the behaviour notes (§5). `partial`, `and` and `or` live in the evaluator because
//! they need lazy evaluation or the template set; everything else is here.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use regex::Regex;

use super::objects::{parse_time, Time};
use super::value::{sprintf, SafeKind, Value};
use super::TemplateHost;

/// Every function name the parser accepts. Anything else is a parse error naming it.
const KNOWN: &[&str] = &[
    "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "len", "index", "slice", "first", "last",
    "after", "in", "default", "cond", "printf", "print", "println", "lower", "upper", "title", "trim",
    "trimPrefix", "trimSuffix", "replace", "replaceRE", "findRE", "split", "urlize", "safeHTML",
    "safeHTMLAttr", "safeURL", "safeCSS", "safeJS", "htmlEscape", "htmlUnescape", "plainify",
    "markdownify", "relURL", "absURL", "ref", "relref", "dict", "merge", "isset", "add", "sub", "mul",
    "div", "mod", "int", "string", "float", "partial", "partialCached", "now", "jsonify", "dateFormat",
    "delimit", "append", "where", "sort", "seq", "uniq", "substr", "chomp", "hasPrefix", "errorf",
    "warnf", "shuffle", "getenv", "html", "urlquery", "js", "call", "strings.HasPrefix",
    "strings.HasSuffix", "strings.Contains", "strings.ContainsAny", "strings.TrimSpace",
    "strings.Replace", "strings.ReplaceRE", "strings.ToLower", "strings.ToUpper", "strings.Split",
    "strings.TrimLeft", "strings.TrimRight", "strings.Trim", "strings.TrimPrefix",
    "strings.TrimSuffix", "strings.Title", "strings.FindRE", "strings.Substr", "strings.Chomp",
    "strings.Count", "path.Base", "path.Ext", "path.Dir", "path.Join", "path.Clean", "fmt.Printf",
    "fmt.Print", "fmt.Println", "fmt.Errorf", "fmt.Warnf", "time.Format", "time.Now", "time",
    "math.Add", "math.Sub", "math.Mul", "math.Div", "math.Mod", "collections.Index",
    "collections.Where", "collections.Sort", "collections.Slice", "collections.Dictionary",
    "collections.Merge", "collections.Append", "collections.Delimit", "collections.In",
    "collections.IsSet", "collections.First", "collections.Last", "collections.Seq",
    "collections.Uniq", "transform.Markdownify", "transform.Plainify", "transform.HTMLEscape",
    "transform.HTMLUnescape", "urls.RelURL", "urls.AbsURL", "urls.Ref", "urls.RelRef",
    "resources.Get", "os.Getenv", "hugo.Environment", "hugo.IsProduction", "hugo.IsServer",
    "encoding.Jsonify", "safe.HTML", "safe.HTMLAttr", "safe.URL", "safe.CSS", "safe.JS",
    "cast.ToInt", "cast.ToString", "cast.ToFloat", "compare.Default", "compare.Conditional",
];

/// Whether `name` is a function templates may call.
pub(crate) fn is_known(name: &str) -> bool {
    KNOWN.contains(&name)
}

/// What functions may read from the outside world.
pub(crate) struct FuncEnv<'a> {
    pub host: &'a dyn TemplateHost,
    pub base_url: &'a str,
    pub now: Option<Time>,
    pub regexes: RefCell<HashMap<String, Rc<Regex>>>,
}

impl FuncEnv<'_> {
    fn regex(&self, pattern: &str) -> Result<Rc<Regex>, String> {
        if let Some(re) = self.regexes.borrow().get(pattern) {
            return Ok(re.clone());
        }
        let re = regex::RegexBuilder::new(pattern)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))?;
        let re = Rc::new(re);
        self.regexes.borrow_mut().insert(pattern.to_string(), re.clone());
        Ok(re)
    }
}

type Res = Result<Value, String>;

fn want(args: &[Value], min: usize, max: usize, name: &str) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        if min == max {
            return Err(format!("wrong number of args for {name}: want {min} got {}", args.len()));
        }
        return Err(format!("wrong number of args for {name}: want {min} to {max} got {}", args.len()));
    }
    Ok(())
}

/// Hugo's `cast.ToString`: nil is empty, numbers and bools print, collections are an error.
pub(crate) fn to_string(v: &Value) -> Result<String, String> {
    match v {
        Value::Nil => Ok(String::new()),
        Value::Str(s) | Value::Safe(_, s) => Ok(s.to_string()),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => Ok(v.to_go_string()),
        other => Err(format!("unable to cast {} of type {} to string", other.to_go_string(), other.type_name())),
    }
}

fn to_int(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Float(f) => Ok(*f as i64),
        Value::Bool(b) => Ok(*b as i64),
        Value::Nil => Ok(0),
        Value::Str(s) | Value::Safe(_, s) => parse_go_int(s.trim())
            .ok_or_else(|| format!("unable to cast {s:?} of type string to int")),
        other => Err(format!("unable to cast {} of type {} to int", other.to_go_string(), other.type_name())),
    }
}

/// `strconv.ParseInt(s, 0, 0)`: a leading 0 means octal, so "08" fails like in Hugo.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let body = body.replace('_', "");
    let lower = body.to_ascii_lowercase();
    let n = if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()?
    } else if lower.len() > 1 && lower.starts_with('0') {
        i64::from_str_radix(&lower[1..], 8).ok()?
    } else {
        lower.parse().ok()?
    };
    Some(if neg { -n } else { n })
}

fn to_float(v: &Value) -> Result<f64, String> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Nil => Ok(0.0),
        Value::Str(s) | Value::Safe(_, s) => s.trim().parse().map_err(|_| format!("unable to cast {s:?} of type string to float64")),
        other => Err(format!("unable to cast {} of type {} to float64", other.to_go_string(), other.type_name())),
    }
}

fn list_of(v: &Value, name: &str) -> Result<Rc<Vec<Value>>, String> {
    match v {
        Value::List(items) => Ok(items.clone()),
        Value::Nil => Ok(Rc::new(Vec::new())),
        Value::Map(m) => Ok(Rc::new(m.values().cloned().collect())),
        other => Err(format!("{name}: can't iterate over {}", other.type_name())),
    }
}

/// Hugo's ordering for `lt`/`gt`/`sort`: numbers numerically, strings lexically.
pub(crate) fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
        return x.partial_cmp(&y);
    }
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return Some(x.cmp(y));
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn arith(name: &str, a: &Value, b: &Value) -> Res {
    let op = name.trim_start_matches("math.").to_ascii_lowercase();
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return match op.as_str() {
            "add" => Ok(Value::Int(x.wrapping_add(*y))),
            "sub" => Ok(Value::Int(x.wrapping_sub(*y))),
            "mul" => Ok(Value::Int(x.wrapping_mul(*y))),
            "div" if *y == 0 => Err("can't divide the value by 0".into()),
            "div" => Ok(Value::Int(x.wrapping_div(*y))),
            "mod" if *y == 0 => Err("the number can't be divided by zero at modulo operation".into()),
            _ => Ok(Value::Int(x.wrapping_rem(*y))),
        };
    }
    if op == "add" {
        if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
            return Ok(Value::str(format!("{x}{y}")));
        }
    }
    if op == "mod" {
        return Err(format!("modulo operator can't be used with non integer value: {} {}", a.type_name(), b.type_name()));
    }
    let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
        return Err(format!("{op}: can't apply the operator to the values {} and {}", a.type_name(), b.type_name()));
    };
    match op.as_str() {
        "add" => Ok(Value::Float(x + y)),
        "sub" => Ok(Value::Float(x - y)),
        "mul" => Ok(Value::Float(x * y)),
        _ if y == 0.0 => Err("can't divide the value by 0".into()),
        _ => Ok(Value::Float(x / y)),
    }
}

/// Looks up a dotted key path (`.Params.x`, `date`) in a map or object, for `where`/`sort`.
fn lookup_path(item: &Value, path: &str) -> Value {
    let mut current = item.clone();
    for part in path.trim_start_matches('.').split('.').filter(|p| !p.is_empty()) {
        current = match &current {
            Value::Map(m) => m.get(part).or_else(|| m.get(&part.to_lowercase())).cloned().unwrap_or_default(),
            Value::Object(o) => o.call(part, &[]).and_then(Result::ok).unwrap_or_default(),
            _ => Value::Nil,
        };
    }
    current
}

/// AP-style title case as Hugo's default `titleCaseStyle`.
fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
        "per", "the", "to", "v.", "vs.", "via", "vs",
    ];
    let words: Vec<&str> = s.split(' ').collect();
    let last = words.len().saturating_sub(1);
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        if i != 0 && i != last && SMALL.contains(&lower.as_str()) {
            out.push(lower);
            continue;
        }
        let parts: Vec<String> = word
            .split('-')
            .map(|part| {
                let mut chars = part.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
                    None => String::new(),
                }
            })
            .collect();
        out.push(parts.join("-"));
    }
    out.join(" ")
}

fn html_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|i| *i <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Go's `html.EscapeString`.
fn html_escape_string(s: &str) -> String {
    s.replace('&', "&amp;").replace('\'', "&#39;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;")
}

/// Go's `encoding/json` escaping of `<`, `>` and `&`.
pub(crate) fn jsonify(v: &Value) -> String {
    serde_json::to_string(&v.to_json())
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => url[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && i > 0,
        None => url.starts_with("//"),
    }
}

/// The path part of the base URL, with a trailing slash (`/` for a bare host).
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

fn rel_url(base_url: &str, input: &str) -> String {
    if has_scheme(input) {
        return input.to_string();
    }
    let base = base_path(base_url);
    let rest = input.trim_start_matches('/');
    if rest.is_empty() {
        return base;
    }
    format!("{base}{rest}")
}

fn abs_url(base_url: &str, input: &str) -> String {
    if has_scheme(input) {
        return input.to_string();
    }
    let base = if base_url.ends_with('/') { base_url.to_string() } else { format!("{base_url}/") };
    format!("{base}{}", input.trim_start_matches('/'))
}

/// Go's `fmt.Sprint`: spaces between operands when neither side is a string.
fn sprint(args: &[Value], line: bool) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            let is_str = |v: &Value| v.as_str().is_some();
            if line || (!is_str(a) && !is_str(&args[i - 1])) {
                out.push(' ');
            }
        }
        out.push_str(&a.to_go_string());
    }
    if line {
        out.push('\n');
    }
    out
}

fn str_arg(args: &[Value], i: usize) -> Result<String, String> {
    to_string(args.get(i).unwrap_or(&Value::Nil))
}

/// Calls function `name` with evaluated `args` (the piped value, if any, is last).
pub(crate) fn call(env: &FuncEnv, name: &str, args: &[Value]) -> Res {
    let a = args;
    match name {
        "eq" => {
            if a.len() < 2 {
                return Err("missing arguments for comparison".into());
            }
            Ok(Value::Bool(a[1..].iter().any(|b| a[0] == *b)))
        }
        "ne" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(a[0] != a[1]))
        }
        "lt" | "le" | "gt" | "ge" => {
            want(a, 2, 2, name)?;
            use std::cmp::Ordering::*;
            let ord = compare(&a[0], &a[1]);
            Ok(Value::Bool(match (name, ord) {
                (_, None) => false,
                ("lt", Some(o)) => o == Less,
                ("le", Some(o)) => o != Greater,
                ("gt", Some(o)) => o == Greater,
                (_, Some(o)) => o != Less,
            }))
        }
        "not" => {
            want(a, 1, 1, name)?;
            Ok(Value::Bool(!a[0].is_truthy()))
        }
        "len" => {
            want(a, 1, 1, name)?;
            match &a[0] {
                Value::Str(s) | Value::Safe(_, s) => Ok(Value::Int(s.len() as i64)),
                Value::List(l) => Ok(Value::Int(l.len() as i64)),
                Value::Map(m) => Ok(Value::Int(m.len() as i64)),
                Value::Nil => Err("len of nil pointer".into()),
                other => Err(format!("len of type {}", other.type_name())),
            }
        }
        "index" | "collections.Index" => {
            if a.is_empty() {
                return Err("index: missing collection".into());
            }
            let mut current = a[0].clone();
            for key in &a[1..] {
                current = match (&current, key) {
                    (Value::Nil, _) => Value::Nil,
                    (Value::List(l), k) => {
                        let i = to_int(k)?;
                        if i < 0 || i as usize >= l.len() {
                            return Err(format!("index out of range: {i}"));
                        }
                        l[i as usize].clone()
                    }
                    (Value::Map(m), k) => m.get(&to_string(k)?).cloned().unwrap_or_default(),
                    (other, _) => return Err(format!("can't index item of type {}", other.type_name())),
                };
            }
            Ok(current)
        }
        "slice" | "collections.Slice" => Ok(Value::list(a.to_vec())),
        "first" | "last" | "after" | "collections.First" | "collections.Last" => {
            want(a, 2, 2, name)?;
            let n = to_int(&a[0])?.max(0) as usize;
            let items = list_of(&a[1], name)?;
            let n = n.min(items.len());
            Ok(Value::list(match name.trim_start_matches("collections.") {
                "first" | "First" => items[..n].to_vec(),
                "last" | "Last" => items[items.len() - n..].to_vec(),
                _ => items[n..].to_vec(),
            }))
        }
        "in" | "collections.In" => {
            want(a, 2, 2, name)?;
            match &a[0] {
                Value::List(l) => Ok(Value::Bool(l.iter().any(|x| *x == a[1]))),
                Value::Str(s) | Value::Safe(_, s) => Ok(Value::Bool(s.contains(to_string(&a[1])?.as_str()))),
                Value::Nil => Ok(Value::Bool(false)),
                other => Err(format!("in: can't search in {}", other.type_name())),
            }
        }
        "default" | "compare.Default" => {
            want(a, 2, 2, name)?;
            let set = match &a[1] {
                Value::Bool(_) => true,
                other => other.is_truthy(),
            };
            Ok(if set { a[1].clone() } else { a[0].clone() })
        }
        "cond" | "compare.Conditional" => {
            want(a, 3, 3, name)?;
            Ok(if a[0].is_truthy() { a[1].clone() } else { a[2].clone() })
        }
        "printf" | "fmt.Printf" => {
            if a.is_empty() {
                return Err("printf: missing format".into());
            }
            Ok(Value::str(sprintf(&to_string(&a[0])?, &a[1..])))
        }
        "print" | "fmt.Print" => Ok(Value::str(sprint(a, false))),
        "println" | "fmt.Println" => Ok(Value::str(sprint(a, true))),
        "errorf" | "fmt.Errorf" => {
            let msg = match a.split_first() {
                Some((f, rest)) => sprintf(&to_string(f)?, rest),
                None => String::new(),
            };
            Err(msg)
        }
        "warnf" | "fmt.Warnf" => Ok(Value::str("")),
        "lower" | "strings.ToLower" => Ok(Value::str(str_arg(a, 0)?.to_lowercase())),
        "upper" | "strings.ToUpper" => Ok(Value::str(str_arg(a, 0)?.to_uppercase())),
        "title" | "strings.Title" => Ok(Value::str(title_case(&str_arg(a, 0)?))),
        "trim" | "strings.Trim" => {
            want(a, 2, 2, name)?;
            let cutset = str_arg(a, 1)?;
            Ok(Value::str(str_arg(a, 0)?.trim_matches(|c| cutset.contains(c))))
        }
        "strings.TrimLeft" | "strings.TrimRight" => {
            want(a, 2, 2, name)?;
            let cutset = str_arg(a, 0)?;
            let s = str_arg(a, 1)?;
            Ok(Value::str(if name.ends_with("Left") {
                s.trim_start_matches(|c| cutset.contains(c))
            } else {
                s.trim_end_matches(|c| cutset.contains(c))
            }))
        }
        "trimPrefix" | "strings.TrimPrefix" => {
            want(a, 2, 2, name)?;
            let (prefix, s) = (str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::str(s.strip_prefix(prefix.as_str()).unwrap_or(&s)))
        }
        "trimSuffix" | "strings.TrimSuffix" => {
            want(a, 2, 2, name)?;
            let (suffix, s) = (str_arg(a, 0)?, str_arg(a, 1)?);
            Ok(Value::str(s.strip_suffix(suffix.as_str()).unwrap_or(&s)))
        }
        "strings.TrimSpace" => Ok(Value::str(str_arg(a, 0)?.trim())),
        "chomp" | "strings.Chomp" => Ok(Value::str(str_arg(a, 0)?.trim_end_matches(['\r', '\n']))),
        "replace" | "strings.Replace" => {
            want(a, 3, 4, name)?;
            let (s, old, new) = (str_arg(a, 0)?, str_arg(a, 1)?, str_arg(a, 2)?);
            Ok(Value::str(match a.get(3) {
                Some(limit) => s.replacen(&old, &new, to_int(limit)?.max(0) as usize),
                None => s.replace(&old, &new),
            }))
        }
        "replaceRE" | "strings.ReplaceRE" => {
            want(a, 3, 4, name)?;
            let re = env.regex(&str_arg(a, 0)?)?;
            let (repl, s) = (str_arg(a, 1)?, str_arg(a, 2)?);
            let limit = match a.get(3) {
                Some(l) => to_int(l)?,
                None => -1,
            };
            Ok(Value::str(if limit < 0 {
                re.replace_all(&s, repl.as_str()).into_owned()
            } else {
                re.replacen(&s, limit as usize, repl.as_str()).into_owned()
            }))
        }
        "findRE" | "strings.FindRE" => {
            want(a, 2, 3, name)?;
            let re = env.regex(&str_arg(a, 0)?)?;
            let s = str_arg(a, 1)?;
            let limit = match a.get(2) {
                Some(l) => to_int(l)?,
                None => -1,
            };
            let found = re.find_iter(&s).map(|m| Value::str(m.as_str()));
            Ok(Value::list(if limit < 0 { found.collect() } else { found.take(limit as usize).collect() }))
        }
        "split" | "strings.Split" => {
            want(a, 2, 2, name)?;
            let (s, sep) = (str_arg(a, 0)?, str_arg(a, 1)?);
            if s.is_empty() {
                return Ok(Value::list(Vec::new()));
            }
            Ok(Value::list(s.split(sep.as_str()).map(Value::str).collect()))
        }
        "hasPrefix" | "strings.HasPrefix" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(str_arg(a, 0)?.starts_with(str_arg(a, 1)?.as_str())))
        }
        "strings.HasSuffix" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(str_arg(a, 0)?.ends_with(str_arg(a, 1)?.as_str())))
        }
        "strings.Contains" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(str_arg(a, 0)?.contains(str_arg(a, 1)?.as_str())))
        }
        "strings.ContainsAny" => {
            want(a, 2, 2, name)?;
            let chars = str_arg(a, 1)?;
            Ok(Value::Bool(str_arg(a, 0)?.contains(|c| chars.contains(c))))
        }
        "strings.Count" => {
            want(a, 2, 2, name)?;
            Ok(Value::Int(str_arg(a, 1)?.matches(str_arg(a, 0)?.as_str()).count() as i64))
        }
        "substr" | "strings.Substr" => {
            want(a, 2, 3, name)?;
            let chars: Vec<char> = str_arg(a, 0)?.chars().collect();
            let len = chars.len() as i64;
            let mut start = to_int(&a[1])?;
            if start < 0 {
                start = (len + start).max(0);
            }
            let start = start.min(len);
            let end = match a.get(2) {
                Some(n) => {
                    let n = to_int(n)?;
                    if n < 0 {
                        (len + n).max(start)
                    } else {
                        (start + n).min(len)
                    }
                }
                None => len,
            };
            Ok(Value::str(chars[start as usize..end as usize].iter().collect::<String>()))
        }
        "urlize" => Ok(Value::str(crate::site::urlize(&str_arg(a, 0)?))),
        "safeHTML" | "safe.HTML" => Ok(Value::safe(SafeKind::Html, str_arg(a, 0)?)),
        "safeHTMLAttr" | "safe.HTMLAttr" => Ok(Value::safe(SafeKind::HtmlAttr, str_arg(a, 0)?)),
        "safeURL" | "safe.URL" => Ok(Value::safe(SafeKind::Url, str_arg(a, 0)?)),
        "safeCSS" | "safe.CSS" => Ok(Value::safe(SafeKind::Css, str_arg(a, 0)?)),
        "safeJS" | "safe.JS" => Ok(Value::safe(SafeKind::Js, str_arg(a, 0)?)),
        "htmlEscape" | "transform.HTMLEscape" | "html" => Ok(Value::str(html_escape_string(&str_arg(a, 0)?))),
        "htmlUnescape" | "transform.HTMLUnescape" => Ok(Value::str(html_unescape(&str_arg(a, 0)?))),
        "plainify" | "transform.Plainify" => Ok(Value::str(super::escape::strip_tags(&str_arg(a, 0)?))),
        "markdownify" | "transform.Markdownify" => {
            want(a, 1, 1, name)?;
            let source = str_arg(a, 0)?;
            Ok(Value::safe(SafeKind::Html, env.host.markdownify(&source)))
        }
        "urlquery" => Ok(Value::str(
            str_arg(a, 0)?
                .bytes()
                .map(|b| match b {
                    b' ' => "+".to_string(),
                    b if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) => (b as char).to_string(),
                    b => format!("%{b:02X}"),
                })
                .collect::<String>(),
        )),
        "js" => Ok(Value::str(str_arg(a, 0)?.replace('\\', "\\\\").replace('\'', "\\'").replace('"', "\\\"").replace('<', "\\u003C").replace('>', "\\u003E"))),
        "relURL" | "urls.RelURL" => Ok(Value::str(rel_url(env.base_url, &str_arg(a, 0)?))),
        "absURL" | "urls.AbsURL" => Ok(Value::str(abs_url(env.base_url, &str_arg(a, 0)?))),
        "ref" | "relref" | "urls.Ref" | "urls.RelRef" => {
            want(a, 2, 2, name)?;
            let target = match &a[1] {
                Value::Map(m) => to_string(m.get("path").unwrap_or(&Value::Nil))?,
                other => to_string(other)?,
            };
            let relative = name.to_ascii_lowercase().contains("relref");
            env.host.resolve_ref(&target, relative).map(Value::str)
        }
        "dict" | "collections.Dictionary" => {
            if a.len() % 2 != 0 {
                return Err("dict: invalid dictionary call: odd number of arguments".into());
            }
            let mut map = BTreeMap::new();
            for pair in a.chunks(2) {
                let key = pair[0].as_str().ok_or_else(|| format!("dict keys must be strings, got {}", pair[0].type_name()))?;
                map.insert(key.to_string(), pair[1].clone());
            }
            Ok(Value::map(map))
        }
        "merge" | "collections.Merge" => {
            if a.len() < 2 {
                return Err("merge requires at least two maps".into());
            }
            let mut merged = BTreeMap::new();
            for m in a {
                match m {
                    Value::Map(m) => merged.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
                    Value::Nil => {}
                    other => return Err(format!("merge: expected a map, got {}", other.type_name())),
                }
            }
            Ok(Value::map(merged))
        }
        "isset" | "collections.IsSet" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(match &a[0] {
                Value::Map(m) => m.contains_key(&to_string(&a[1])?),
                Value::List(l) => to_int(&a[1]).is_ok_and(|i| i >= 0 && (i as usize) < l.len()),
                _ => false,
            }))
        }
        "add" | "sub" | "mul" | "div" | "mod" | "math.Add" | "math.Sub" | "math.Mul" | "math.Div" | "math.Mod" => {
            if a.len() < 2 {
                return Err(format!("{name} needs at least two arguments"));
            }
            let mut acc = a[0].clone();
            for b in &a[1..] {
                acc = arith(name, &acc, b)?;
            }
            Ok(acc)
        }
        "int" | "cast.ToInt" => Ok(Value::Int(to_int(a.first().unwrap_or(&Value::Nil))?)),
        "float" | "cast.ToFloat" => Ok(Value::Float(to_float(a.first().unwrap_or(&Value::Nil))?)),
        "string" | "cast.ToString" => Ok(Value::str(str_arg(a, 0)?)),
        "now" | "time.Now" => Ok(env.now.clone().map_or(Value::Nil, |t| Value::Object(Rc::new(t)))),
        "time" => {
            want(a, 1, 2, name)?;
            match &a[0] {
                Value::Object(_) => Ok(a[0].clone()),
                other => {
                    let s = to_string(other)?;
                    parse_time(&s).map(|t| Value::Object(Rc::new(t))).ok_or_else(|| format!("unable to parse date: {s}"))
                }
            }
        }
        "dateFormat" | "time.Format" => {
            want(a, 2, 2, name)?;
            let layout = str_arg(a, 0)?;
            let time = match &a[1] {
                Value::Object(o) => match o.call("Format", &[Value::str(&layout)]) {
                    Some(result) => return result,
                    None => return Err(format!("{name}: can't format a {}", o.type_name())),
                },
                other => {
                    let s = to_string(other)?;
                    parse_time(&s).ok_or_else(|| format!("unable to parse date: {s}"))?
                }
            };
            Ok(Value::str(time.format(&layout)))
        }
        "jsonify" | "encoding.Jsonify" => {
            want(a, 1, 2, name)?;
            let v = a.last().unwrap_or(&Value::Nil);
            let text = match a.first().filter(|_| a.len() == 2) {
                Some(Value::Map(opts)) if opts.contains_key("indent") || opts.contains_key("prefix") => {
                    let indent = opts.get("indent").and_then(Value::as_str).unwrap_or("").to_string();
                    let mut buf = Vec::new();
                    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
                    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
                    serde::Serialize::serialize(&v.to_json(), &mut ser).map_err(|e| e.to_string())?;
                    String::from_utf8_lossy(&buf).replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
                }
                _ => jsonify(v),
            };
            Ok(Value::safe(SafeKind::Html, text))
        }
        "delimit" | "collections.Delimit" => {
            want(a, 2, 3, name)?;
            let items = list_of(&a[0], name)?;
            let sep = str_arg(a, 1)?;
            let last_sep = match a.get(2) {
                Some(l) => to_string(l)?,
                None => sep.clone(),
            };
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(if i == items.len() - 1 { &last_sep } else { &sep });
                }
                out.push_str(&item.to_go_string());
            }
            Ok(Value::str(out))
        }
        "append" | "collections.Append" => {
            let Some((collection, items)) = a.split_last() else {
                return Err("append: missing arguments".into());
            };
            let mut list = list_of(collection, name)?.as_ref().clone();
            if let [Value::List(more)] = items {
                list.extend(more.iter().cloned());
            } else {
                list.extend(items.iter().cloned());
            }
            Ok(Value::list(list))
        }
        "where" | "collections.Where" => {
            want(a, 3, 4, name)?;
            let items = list_of(&a[0], name)?;
            let key = str_arg(a, 1)?;
            let (op, target) = if a.len() == 4 { (str_arg(a, 2)?, &a[3]) } else { ("eq".to_string(), &a[2]) };
            let mut out = Vec::new();
            for item in items.iter() {
                let v = lookup_path(item, &key);
                let keep = match op.as_str() {
                    "=" | "==" | "eq" => v == *target,
                    "!=" | "<>" | "ne" => v != *target,
                    ">=" | "ge" => compare(&v, target).is_some_and(|o| o.is_ge()),
                    ">" | "gt" => compare(&v, target).is_some_and(|o| o.is_gt()),
                    "<=" | "le" => compare(&v, target).is_some_and(|o| o.is_le()),
                    "<" | "lt" => compare(&v, target).is_some_and(|o| o.is_lt()),
                    "in" | "not in" => {
                        let found = match target {
                            Value::List(l) => l.iter().any(|x| *x == v),
                            other => other.as_str().zip(v.as_str()).is_some_and(|(hay, needle)| hay.contains(needle)),
                        };
                        found == (op == "in")
                    }
                    "intersect" => match (&v, target) {
                        (Value::List(x), Value::List(y)) => x.iter().any(|e| y.contains(e)),
                        _ => false,
                    },
                    other => return Err(format!("where: unsupported operator {other:?}")),
                };
                if keep {
                    out.push(item.clone());
                }
            }
            Ok(Value::list(out))
        }
        "sort" | "collections.Sort" => {
            want(a, 1, 3, name)?;
            let mut items = list_of(&a[0], name)?.as_ref().clone();
            let key = match a.get(1) {
                Some(k) => to_string(k)?,
                None => "value".into(),
            };
            let desc = match a.get(2) {
                Some(o) => to_string(o)?.eq_ignore_ascii_case("desc"),
                None => false,
            };
            let key_of = |v: &Value| if key == "value" { v.clone() } else { lookup_path(v, &key) };
            items.sort_by(|x, y| compare(&key_of(x), &key_of(y)).unwrap_or(std::cmp::Ordering::Equal));
            if desc {
                items.reverse();
            }
            Ok(Value::list(items))
        }
        "seq" | "collections.Seq" => {
            want(a, 1, 3, name)?;
            let nums: Vec<i64> = a.iter().map(to_int).collect::<Result<_, _>>()?;
            let (first, step, last) = match nums.as_slice() {
                [n] if *n >= 0 => (1, 1, *n),
                [n] => (-1, -1, *n),
                [f, l] => (*f, if f <= l { 1 } else { -1 }, *l),
                [f, s, l] => (*f, *s, *l),
                _ => unreachable!("want() checked the count"),
            };
            if step == 0 {
                return Err("seq: step must not be 0".into());
            }
            let count = (last - first) / step + 1;
            if count > 10_000 {
                return Err("seq: size of result exceeds limit".into());
            }
            Ok(Value::list((0..count.max(0)).map(|i| Value::Int(first + i * step)).collect()))
        }
        "uniq" | "collections.Uniq" => {
            want(a, 1, 1, name)?;
            let mut out: Vec<Value> = Vec::new();
            for item in list_of(&a[0], name)?.iter() {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Ok(Value::list(out))
        }
        // A preview must be stable between keystrokes, so shuffle keeps the order.
        "shuffle" => Ok(a.first().cloned().unwrap_or_default()),
        // Hugo denies getenv unless the site whitelists variables; the preview has none.
        "getenv" | "os.Getenv" => Ok(Value::str("")),
        // No asset pipeline in the preview: templates take their `else` branch.
        "resources.Get" => Ok(Value::Nil),
        "hugo.Environment" => Ok(Value::str("production")),
        "hugo.IsProduction" => Ok(Value::Bool(true)),
        "hugo.IsServer" => Ok(Value::Bool(false)),
        "path.Base" | "path.Ext" | "path.Dir" | "path.Clean" => {
            let p = str_arg(a, 0)?;
            Ok(Value::str(path_func(name, &p)))
        }
        "path.Join" => {
            let parts: Vec<String> = a.iter().map(to_string).collect::<Result<_, _>>()?;
            Ok(Value::str(path_func("path.Clean", &parts.join("/"))))
        }
        other => Err(format!("function {other:?} is not supported by the preview")),
    }
}

/// Go's `path` package (slash-separated paths).
fn path_func(name: &str, p: &str) -> String {
    let clean = clean_path(p);
    match name {
        "path.Base" => {
            if p.is_empty() {
                return ".".into();
            }
            let trimmed = p.trim_end_matches('/');
            if trimmed.is_empty() {
                return "/".into();
            }
            trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
        }
        "path.Ext" => {
            let base = p.rsplit('/').next().unwrap_or(p);
            base.rfind('.').map_or(String::new(), |i| base[i..].to_string())
        }
        "path.Dir" => {
            let dir = match p.rfind('/') {
                Some(i) => &p[..i + 1],
                None => "",
            };
            clean_path(dir)
        }
        _ => clean,
    }
}

fn clean_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_ap_style() {
        assert_eq!(title_case("a tale of two cities"), "A Tale of Two Cities");
        assert_eq!(title_case("the lord of the rings"), "The Lord of the Rings");
        assert_eq!(title_case("customer-experience"), "Customer-Experience");
    }

    #[test]
    fn urls_follow_the_base() {
        assert_eq!(rel_url("https://digital.gov/", "uswds/img/x.svg#a"), "/uswds/img/x.svg#a");
        assert_eq!(rel_url("https://digital.gov/", "https://o.org/x"), "https://o.org/x");
        assert_eq!(rel_url("https://digital.gov/", ""), "/");
        assert_eq!(rel_url("https://x.org/docs/", "/a"), "/docs/a");
        assert_eq!(abs_url("https://digital.gov/", "x/y"), "https://digital.gov/x/y");
        assert_eq!(abs_url("https://digital.gov/", "/x/y"), "https://digital.gov/x/y");
    }

    #[test]
    fn go_int_parsing_is_strict_about_octal() {
        assert_eq!(parse_go_int("2017"), Some(2017));
        assert_eq!(parse_go_int("08"), None);
        assert_eq!(parse_go_int("0x1f"), Some(31));
    }

    #[test]
    fn paths() {
        assert_eq!(path_func("path.Base", "a/b/c.png"), "c.png");
        assert_eq!(path_func("path.Ext", "a/b/c.png"), ".png");
        assert_eq!(path_func("path.Dir", "a/b/c.png"), "a/b");
        assert_eq!(clean_path("/a/../b/./c/"), "/b/c");
    }

    #[test]
    fn unescape_entities() {
        assert_eq!(html_unescape("a &amp; b &lt;&#39;&#x41;&gt; &bogus;"), "a & b <'A> &bogus;");
    }
}
