//! Hugo's template functions, under Hugo's names, with the semantics verified against Hugo
//! 0.168 (docs/hugo-behaviour.md §5). `partial`, `and` and `or` live in the evaluator because
//! they need lazy evaluation or the template set; everything else is here.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use regex::Regex;

use super::objects::{parse_time, Time};
use super::value::{sprintf, SafeKind, Value};
use super::TemplateHost;

/// Every function name the parser accepts. Anything else is a parse error naming it.
const KNOWN: &[&str] = &[
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "first",
    "last",
    "after",
    "in",
    "default",
    "cond",
    "printf",
    "print",
    "println",
    "lower",
    "upper",
    "title",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "replace",
    "replaceRE",
    "findRE",
    "split",
    "urlize",
    "safeHTML",
    "safeHTMLAttr",
    "safeURL",
    "safeCSS",
    "safeJS",
    "htmlEscape",
    "htmlUnescape",
    "plainify",
    "markdownify",
    "relURL",
    "absURL",
    "ref",
    "relref",
    "dict",
    "merge",
    "isset",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "int",
    "string",
    "float",
    "partial",
    "partialCached",
    "now",
    "jsonify",
    "dateFormat",
    "delimit",
    "append",
    "where",
    "sort",
    "seq",
    "uniq",
    "substr",
    "chomp",
    "hasPrefix",
    "errorf",
    "warnf",
    "shuffle",
    "getenv",
    "html",
    "urlquery",
    "js",
    "strings.HasPrefix",
    "strings.HasSuffix",
    "strings.Contains",
    "strings.ContainsAny",
    "strings.TrimSpace",
    "strings.Replace",
    "strings.ReplaceRE",
    "strings.ToLower",
    "strings.ToUpper",
    "strings.Split",
    "strings.TrimLeft",
    "strings.TrimRight",
    "strings.Trim",
    "strings.TrimPrefix",
    "strings.TrimSuffix",
    "strings.Title",
    "strings.FindRE",
    "strings.Substr",
    "strings.Chomp",
    "strings.Count",
    "path.Base",
    "path.Ext",
    "path.Dir",
    "path.Join",
    "path.Clean",
    "fmt.Printf",
    "fmt.Print",
    "fmt.Println",
    "fmt.Errorf",
    "fmt.Warnf",
    "time.Format",
    "time.Now",
    "time",
    "math.Add",
    "math.Sub",
    "math.Mul",
    "math.Div",
    "math.Mod",
    "collections.Index",
    "collections.Where",
    "collections.Sort",
    "collections.Slice",
    "collections.Dictionary",
    "collections.Merge",
    "collections.Append",
    "collections.Delimit",
    "collections.In",
    "collections.IsSet",
    "collections.First",
    "collections.Last",
    "collections.Seq",
    "collections.Uniq",
    "transform.Markdownify",
    "transform.Highlight",
    "highlight",
    "transform.Plainify",
    "transform.HTMLEscape",
    "transform.HTMLUnescape",
    "urls.RelURL",
    "urls.AbsURL",
    "urls.Ref",
    "urls.RelRef",
    "resources.Get",
    "os.Getenv",
    "hugo.Environment",
    "try",
    "resources.GetRemote",
    "images.Filter",
    "newScratch",
    "collections.NewScratch",
    "reflect.IsMap",
    "reflect.IsSlice",
    "hugo.IsProduction",
    "hugo.IsServer",
    "hugo.IsDevelopment",
    "hugo.GoVersion",
    "apply",
    "collections.Apply",
    "encoding.Jsonify",
    "safe.HTML",
    "safe.HTMLAttr",
    "safe.URL",
    "safe.CSS",
    "safe.JS",
    "cast.ToInt",
    "cast.ToString",
    "cast.ToFloat",
    "compare.Default",
    "compare.Conditional",
    "humanize",
    "inflect.Humanize",
    "relLangURL",
    "absLangURL",
    "urls.RelLangURL",
    "urls.AbsLangURL",
    "strings.Repeat",
    "anchorize",
    "urls.Anchorize",
    "emojify",
    "transform.Emojify",
    "hash.FNV32a",
    "transform.Unmarshal",
    "unmarshal",
    "math.Round",
    "math.Floor",
    "math.Ceil",
    "math.Abs",
    "math.Max",
    "math.Min",
    "math.Pow",
    "math.Sqrt",
    "truncate",
    "strings.Truncate",
    "strings.FirstUpper",
    "countwords",
    "strings.CountWords",
    "reverse",
    "collections.Reverse",
    "compare.Eq",
    "compare.Ne",
    "compare.Lt",
    "compare.Le",
    "compare.Gt",
    "compare.Ge",
    "collections.After",
    "md5",
    "sha1",
    "sha256",
    "crypto.MD5",
    "crypto.SHA1",
    "crypto.SHA256",
    "base64Encode",
    "base64Decode",
    "encoding.Base64Encode",
    "encoding.Base64Decode",
    "keyVals",
    "collections.KeyVals",
    "path.BaseName",
    "transform.Remarshal",
    "inflect.Singularize",
    "singularize",
    "urls.JoinPath",
    "urls.Parse",
];

/// The singular of an English noun by the common rules of Hugo's inflector (`entries` →
/// `entry`, `boxes` → `box`, `pages` → `page`); words it does not change stay as they are.
fn singularize(word: &str) -> String {
    let lower = word.to_lowercase();
    for (plural, singular) in [
        ("ies", "y"),
        ("sses", "ss"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("zzes", "zz"),
    ] {
        if lower.len() > plural.len() + 1 && lower.ends_with(plural) {
            return format!("{}{singular}", &word[..word.len() - plural.len()]);
        }
    }
    if lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && lower.len() > 2 {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// Go's `url.JoinPath`: the elements joined by `/` and cleaned, the base's scheme and host
/// kept, a trailing `/` kept when the last element has one.
fn join_url_path(parts: &[String]) -> String {
    let Some((base, rest)) = parts.split_first() else {
        return String::new();
    };
    let (prefix, path) = match base.find("://") {
        Some(i) => {
            let after = &base[i + 3..];
            let host_end = after.find('/').map_or(after.len(), |j| j);
            (
                base[..i + 3 + host_end].to_string(),
                after[host_end..].to_string(),
            )
        }
        None => (String::new(), base.clone()),
    };
    let mut joined = path;
    for part in rest {
        joined.push('/');
        joined.push_str(part);
    }
    let trailing = parts.last().is_some_and(|p| p.ends_with('/')) && !joined.is_empty();
    let absolute = joined.starts_with('/');
    let mut cleaned = path_func("path.Clean", &joined);
    if cleaned == "." {
        cleaned.clear();
    }
    if !absolute && !prefix.is_empty() {
        cleaned.insert(0, '/');
    }
    if trailing && !cleaned.ends_with('/') {
        cleaned.push('/');
    }
    format!("{prefix}{cleaned}")
}

/// Whether `name` is a function templates may call.
pub(crate) fn is_known(name: &str) -> bool {
    KNOWN.contains(&name) || super::resources::FILTERS.contains(&name) || site_chain(name).is_some()
}

/// `site`, `site.GetPage`, `hugo.Data.docs.config`, `hugo.Version`: a global object and the
/// field chain read from it (`(true, ["GetPage"])` for the site, `(false, ["docs", "config"])`
/// for the data tree), evaluated by the executor with the call's arguments on the last name.
pub(crate) fn site_chain(name: &str) -> Option<(GlobalRoot, Vec<&str>)> {
    let mut parts = name.split('.');
    match (parts.next()?, parts.clone().next()) {
        ("site", _) => Some((GlobalRoot::Site, parts.collect())),
        ("hugo", Some("Data")) => Some((GlobalRoot::Data, parts.skip(1).collect())),
        ("hugo", Some("Version")) => Some((GlobalRoot::Version, Vec::new())),
        ("templates", Some("Current")) => {
            Some((GlobalRoot::CurrentTemplate, parts.skip(1).collect()))
        }
        _ => None,
    }
}

/// What a [`site_chain`] starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GlobalRoot {
    /// `site`: the site.
    Site,
    /// `hugo.Data`: the site's data tree.
    Data,
    /// `hugo.Version`: the Hugo version the preview follows.
    Version,
    /// `templates.Current`: the template being run (`.Name`).
    CurrentTemplate,
}

/// The Hugo version whose behaviour the preview copies (`hugo.Version`).
pub(crate) const HUGO_VERSION: &str = "0.168.0";

/// What functions may read from the outside world.
pub(crate) struct FuncEnv<'a> {
    pub host: &'a dyn TemplateHost,
    /// `.Site` (also `site`, `hugo.Data`).
    pub site: Value,
    pub base_url: &'a str,
    pub now: Option<Time>,
    /// Compiled patterns, kept for the life of the template set.
    pub regexes: &'a RegexCache,
}

/// Regular expressions compiled by `replaceRE`/`findRE`, by pattern; bounded so a template
/// building patterns from page text cannot grow it without end.
#[derive(Debug, Default)]
pub(crate) struct RegexCache(std::sync::Mutex<HashMap<String, Arc<Regex>>>);

const REGEX_CACHE_LIMIT: usize = 512;

impl FuncEnv<'_> {
    fn regex(&self, pattern: &str) -> Result<Arc<Regex>, String> {
        let mut cache = self
            .regexes
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(re) = cache.get(pattern) {
            return Ok(re.clone());
        }
        let re = regex::RegexBuilder::new(pattern)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))?;
        let re = Arc::new(re);
        if cache.len() >= REGEX_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(pattern.to_string(), re.clone());
        Ok(re)
    }
}

type Res = Result<Value, String>;

fn want(args: &[Value], min: usize, max: usize, name: &str) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        if min == max {
            return Err(format!(
                "wrong number of args for {name}: want {min} got {}",
                args.len()
            ));
        }
        return Err(format!(
            "wrong number of args for {name}: want {min} to {max} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// Hugo's `cast.ToString`: nil is empty, numbers and bools print, collections are an error.
pub(crate) fn to_string(v: &Value) -> Result<String, String> {
    match v {
        Value::Nil => Ok(String::new()),
        Value::Str(s) | Value::Safe(_, s) => Ok(s.to_string()),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => Ok(v.to_go_string()),
        other => Err(format!(
            "unable to cast {} of type {} to string",
            other.to_go_string(),
            other.type_name()
        )),
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
        other => Err(format!(
            "unable to cast {} of type {} to int",
            other.to_go_string(),
            other.type_name()
        )),
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
        Value::Str(s) | Value::Safe(_, s) => s
            .trim()
            .parse()
            .map_err(|_| format!("unable to cast {s:?} of type string to float64")),
        other => Err(format!(
            "unable to cast {} of type {} to float64",
            other.to_go_string(),
            other.type_name()
        )),
    }
}

fn list_of(v: &Value, name: &str) -> Result<Arc<Vec<Value>>, String> {
    match v {
        Value::List(items) => Ok(items.clone()),
        Value::Nil => Ok(Arc::new(Vec::new())),
        Value::Map(m) => Ok(Arc::new(m.values().cloned().collect())),
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

/// Hugo's `lt`/`le`/`gt`/`ge` operands as two numbers (its `compareGet`): numbers as they are,
/// numeric strings parsed, collections by length, booleans as 0/1, times as Unix seconds,
/// nil and anything else as 0; two non-numeric strings compare lexically (as 0/1).
fn order_values(a: &Value, b: &Value) -> (f64, f64) {
    fn number(v: &Value) -> (f64, Option<&str>) {
        match v {
            Value::Int(i) => (*i as f64, None),
            Value::Float(f) => (*f, None),
            Value::Bool(b) => (f64::from(u8::from(*b)), None),
            Value::Str(s) | Value::Safe(_, s) => match s.trim().parse::<f64>() {
                Ok(f) => (f, None),
                Err(_) => (0.0, Some(s)),
            },
            Value::List(l) => (l.len() as f64, None),
            Value::Map(m) => (m.len() as f64, None),
            Value::Object(o) => match o.call("Unix", &[]) {
                Some(Ok(Value::Int(secs))) => (secs as f64, None),
                _ => (0.0, None),
            },
            Value::Nil => (0.0, None),
        }
    }
    let ((x, xs), (y, ys)) = (number(a), number(b));
    match (xs, ys) {
        (Some(l), Some(r)) => match l.cmp(r) {
            std::cmp::Ordering::Less => (0.0, 1.0),
            std::cmp::Ordering::Greater => (1.0, 0.0),
            std::cmp::Ordering::Equal => (0.0, 0.0),
        },
        _ => (x, y),
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
            "mod" if *y == 0 => {
                Err("the number can't be divided by zero at modulo operation".into())
            }
            _ => Ok(Value::Int(x.wrapping_rem(*y))),
        };
    }
    if op == "add" {
        if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
            return Ok(Value::str(format!("{x}{y}")));
        }
    }
    if op == "mod" {
        return Err(format!(
            "modulo operator can't be used with non integer value: {} {}",
            a.type_name(),
            b.type_name()
        ));
    }
    let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
        return Err(format!(
            "{op}: can't apply the operator to the values {} and {}",
            a.type_name(),
            b.type_name()
        ));
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
    for part in path
        .trim_start_matches('.')
        .split('.')
        .filter(|p| !p.is_empty())
    {
        current = match &current {
            Value::Map(m) => m
                .get(part)
                .or_else(|| m.get(&part.to_lowercase()))
                .cloned()
                .unwrap_or_default(),
            Value::Object(o) => o.call(part, &[]).and_then(Result::ok).unwrap_or_default(),
            _ => Value::Nil,
        };
    }
    current
}

/// AP-style title case, Hugo's default `titleCaseStyle` (the `prose` library's rules): every
/// word (a run of letters or digits and what follows up to a space, `-` or `/`) gets an upper-case
/// first letter, except small words inside the title, after a space, `-` or `/` and not after a
/// colon. Other letters keep their case.
fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on",
        "or", "per", "the", "to", "vs", "vs.", "via", "v", "v.",
    ];
    // Positions are looked up in a copy with typographic quotes and dashes made ASCII, as the
    // library does; for the usual ASCII input both strings are the same.
    let plain = s
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{2013}', '\u{2014}'], "-")
        .replace('\u{2026}', "...");
    let t = plain.as_bytes();
    let char_at = |i: isize| -> u8 {
        if i >= 0 && (i as usize) < t.len() {
            t[i as usize]
        } else {
            t.first().copied().unwrap_or(b' ')
        }
    };
    let mut out = String::with_capacity(s.len());
    let mut last_end = 0;
    let mut idx = 0usize;
    for word in title_words(s) {
        out.push_str(&s[last_end..word.start]);
        last_end = word.end;
        let m = &s[word.clone()];
        let lower = m.to_lowercase();
        let pos = plain
            .get(idx..)
            .and_then(|rest| rest.find(m))
            .map_or(idx as isize - 1, |p| (p + idx) as isize);
        let ext = m.len() as isize;
        let prev = char_at(pos - 1);
        idx = (pos + ext).max(0) as usize;
        let bounding = pos == 0 || idx == t.len();
        let small = !bounding && SMALL.contains(&lower.as_str());
        if small
            && matches!(prev, b' ' | b'-' | b'/')
            && char_at(pos - 2) != b':'
            && char_at(pos - 2) != b'-'
            && (char_at(pos + ext) != b'-' || prev == b'-')
        {
            out.push_str(&lower);
            continue;
        }
        let mut chars = m.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out.push_str(&s[last_end..]);
    out
}

/// The byte ranges of `[\p{N}\p{L}]+[^\s-/]*` matches.
fn title_words(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut words = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() || c == '-' || c == '/' {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        words.push(start..end);
    }
    words
}

/// Hugo's `humanize`: an integer gets its English ordinal (`52nd`); a string is split into
/// lower-case words at `-`, `_`, spaces and case changes, the first letter upper-cased.
fn humanize(v: &Value) -> Result<String, String> {
    let number = match v {
        Value::Int(n) => Some(*n),
        Value::Str(s) => s.parse().ok(),
        _ => None,
    };
    if let Some(n) = number {
        let suffix = match (n.rem_euclid(100), n.rem_euclid(10)) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        return Ok(format!("{n}{suffix}"));
    }
    let text = to_string(v)?;
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c == '-' || c == '_' || c.is_whitespace() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    let sentence = words.join(" ");
    let mut chars = sentence.chars();
    Ok(match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    })
}

/// Hugo's `anchorize` (goldmark's GitHub-style heading ID rules): lower-case letters, digits
/// and `_` kept, spaces and `-` become `-`, everything else dropped.
fn anchorize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c == ' ' || c == '-' {
            out.push('-');
        } else if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Hugo's `emojify`: `:name:` shortcodes become the emoji, unknown names stay as written.
fn emojify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(':') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_+-".contains(c)))
            .unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with(':') {
            if let Some(emoji) = emojis::get_by_shortcode(&after[..name_len]) {
                out.push_str(emoji.as_str());
                rest = &after[name_len + 1..];
                continue;
            }
        }
        out.push(':');
        rest = after;
    }
    out.push_str(rest);
    out
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, as Go's `base64.StdEncoding`.
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .trim_end_matches('=')
        .bytes()
        .map(|c| BASE64.iter().position(|b| *b == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | d << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// Go's `strings.ToLower`: rune by rune, so a letter never becomes two.
fn go_lower(s: &str) -> String {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// Go's `strings.ToUpper`: rune by rune; `ß` has no one-rune upper case and stays.
fn go_upper(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

/// What `url.URL.String()` does to a cleaned path: non-ASCII bytes percent-encoded.
fn percent_encode_non_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for b in c.encode_utf8(&mut [0; 4]).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Hugo's `StripHTML` (behind `plainify`): paragraph ends and line breaks become spaces, tags
/// go, runs of white space shrink to their first character.
fn strip_html(s: &str) -> String {
    if !s.contains(['<', '>']) {
        return s.to_string();
    }
    let pre = s
        .replace('\n', " ")
        .replace("</p>", "\n")
        .replace("<br>", "\n")
        .replace("<br />", "\n");
    let mut out = String::with_capacity(pre.len());
    let (mut in_tag, mut was_space) = (false, false);
    for c in pre.chars() {
        let mut is_space = false;
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c => {
                is_space = !in_tag && c.is_whitespace();
                if !in_tag && (!is_space || !was_space) {
                    out.push(c);
                }
            }
        }
        if !in_tag {
            was_space = is_space;
        }
    }
    out.replace('\n', " ")
}

/// 32-bit FNV-1a of the string's bytes.
fn fnv32a(s: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// `transform.Unmarshal` of a string: JSON when it starts with `{` or `[`, TOML when its first
/// line is a `key = value` or a `[table]`, else YAML (Hugo guesses the same way). The site's
/// data-file parsers do the work.
fn unmarshal(text: &str) -> Res {
    use crate::site::data::{parse_data, DataFormat};
    let parse = |format| {
        parse_data(std::path::Path::new("transform.Unmarshal"), text, format)
            .map_err(|e| format!("unmarshal: {e}"))
    };
    let trimmed = text.trim_start();
    let first_line = trimmed.lines().next().unwrap_or("");
    let json = if trimmed.starts_with('{') {
        parse(DataFormat::Json)?
    } else if trimmed.starts_with('[') {
        // `[1, 2]` is JSON, `[table]` is TOML.
        parse(DataFormat::Json).or_else(|_| parse(DataFormat::Toml))?
    } else if first_line
        .split_once('=')
        .is_some_and(|(k, _)| !k.contains(':') && !k.trim().is_empty())
    {
        parse(DataFormat::Toml)?
    } else {
        parse(DataFormat::Yaml)?
    };
    Ok(Value::from_json(&json))
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
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
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
        Some(i) => {
            url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && i > 0
        }
        None => url.starts_with("//"),
    }
}

/// The path part of the base URL, with a trailing slash (`/` for a bare host).
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

fn rel_url(base_url: &str, input: &str) -> String {
    // An absolute URL on the site itself becomes root-relative (Hugo's `RelURL` strips the
    // baseURL); any other absolute URL stays as it is.
    let site = base_url.trim_end_matches('/');
    let input = match input.strip_prefix(site) {
        Some(rest) if !site.is_empty() && (rest.is_empty() || rest.starts_with('/')) => rest,
        _ if has_scheme(input) || input.starts_with("//") => return input.to_string(),
        _ => input,
    };
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
    let base = if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    };
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
        "eq" | "compare.Eq" => {
            if a.len() < 2 {
                return Err("missing arguments for comparison".into());
            }
            Ok(Value::Bool(a[1..].iter().any(|b| a[0] == *b)))
        }
        "ne" | "compare.Ne" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(a[0] != a[1]))
        }
        "lt" | "le" | "gt" | "ge" | "compare.Lt" | "compare.Le" | "compare.Gt" | "compare.Ge" => {
            want(a, 2, 2, name)?;
            use std::cmp::Ordering::*;
            let (x, y) = order_values(&a[0], &a[1]);
            let ord = x.partial_cmp(&y);
            let op = name.trim_start_matches("compare.").to_ascii_lowercase();
            Ok(Value::Bool(match (op.as_str(), ord) {
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
            // Hugo's `index` also takes the keys as one slice: `index $m (slice "a" "b")`.
            let keys: Vec<Value> = match &a[1..] {
                [Value::List(keys)] => keys.as_ref().clone(),
                keys => keys.to_vec(),
            };
            for key in &keys {
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
                    (other, _) => {
                        return Err(format!("can't index item of type {}", other.type_name()))
                    }
                };
            }
            Ok(current)
        }
        "slice" | "collections.Slice" => Ok(Value::list(a.to_vec())),
        "first" | "last" | "after" | "collections.First" | "collections.Last"
        | "collections.After" => {
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
                Value::Str(s) | Value::Safe(_, s) => {
                    Ok(Value::Bool(s.contains(to_string(&a[1])?.as_str())))
                }
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
            Ok(if a[0].is_truthy() {
                a[1].clone()
            } else {
                a[2].clone()
            })
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
        "lower" | "strings.ToLower" => Ok(Value::str(go_lower(&str_arg(a, 0)?))),
        "upper" | "strings.ToUpper" => Ok(Value::str(go_upper(&str_arg(a, 0)?))),
        "title" | "strings.Title" => Ok(Value::str(title_case(&str_arg(a, 0)?))),
        "trim" | "strings.Trim" => {
            want(a, 2, 2, name)?;
            let cutset = str_arg(a, 1)?;
            Ok(Value::str(
                str_arg(a, 0)?.trim_matches(|c| cutset.contains(c)),
            ))
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
            Ok(Value::list(if limit < 0 {
                found.collect()
            } else {
                found.take(limit as usize).collect()
            }))
        }
        "split" | "strings.Split" => {
            want(a, 2, 2, name)?;
            // Go's strings.Split: "" splits into one empty string, "" as separator into chars.
            let (s, sep) = (str_arg(a, 0)?, str_arg(a, 1)?);
            if sep.is_empty() {
                return Ok(Value::list(
                    s.chars().map(|c| Value::str(c.to_string())).collect(),
                ));
            }
            Ok(Value::list(s.split(sep.as_str()).map(Value::str).collect()))
        }
        "hasPrefix" | "strings.HasPrefix" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(
                str_arg(a, 0)?.starts_with(str_arg(a, 1)?.as_str()),
            ))
        }
        "strings.HasSuffix" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(
                str_arg(a, 0)?.ends_with(str_arg(a, 1)?.as_str()),
            ))
        }
        "strings.Contains" => {
            want(a, 2, 2, name)?;
            Ok(Value::Bool(
                str_arg(a, 0)?.contains(str_arg(a, 1)?.as_str()),
            ))
        }
        "strings.ContainsAny" => {
            want(a, 2, 2, name)?;
            let chars = str_arg(a, 1)?;
            Ok(Value::Bool(str_arg(a, 0)?.contains(|c| chars.contains(c))))
        }
        "strings.Count" => {
            want(a, 2, 2, name)?;
            Ok(Value::Int(
                str_arg(a, 1)?.matches(str_arg(a, 0)?.as_str()).count() as i64,
            ))
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
            Ok(Value::str(
                chars[start as usize..end as usize]
                    .iter()
                    .collect::<String>(),
            ))
        }
        "urlize" => Ok(Value::str(percent_encode_non_ascii(&crate::site::urlize(
            &str_arg(a, 0)?,
        )))),
        "safeHTML" | "safe.HTML" => Ok(Value::safe(SafeKind::Html, str_arg(a, 0)?)),
        "safeHTMLAttr" | "safe.HTMLAttr" => Ok(Value::safe(SafeKind::HtmlAttr, str_arg(a, 0)?)),
        "safeURL" | "safe.URL" => Ok(Value::safe(SafeKind::Url, str_arg(a, 0)?)),
        "safeCSS" | "safe.CSS" => Ok(Value::safe(SafeKind::Css, str_arg(a, 0)?)),
        "safeJS" | "safe.JS" => Ok(Value::safe(SafeKind::Js, str_arg(a, 0)?)),
        "htmlEscape" | "transform.HTMLEscape" | "html" => {
            Ok(Value::str(crate::text::go_escape_string(&str_arg(a, 0)?)))
        }
        "htmlUnescape" | "transform.HTMLUnescape" => Ok(Value::str(html_unescape(&str_arg(a, 0)?))),
        "plainify" | "transform.Plainify" => Ok(Value::str(strip_html(&str_arg(a, 0)?))),
        "markdownify" | "transform.Markdownify" => {
            want(a, 1, 1, name)?;
            let source = str_arg(a, 0)?;
            Ok(Value::safe(SafeKind::Html, env.host.markdownify(&source)))
        }
        "highlight" | "transform.Highlight" => {
            want(a, 2, 3, name)?;
            let (code, lang) = (str_arg(a, 0)?, str_arg(a, 1)?);
            // Options come as Hugo's string (`"linenos=table,hl_lines=2 3"`) or as a map.
            let options = match a.get(2) {
                Some(Value::Map(entries)) => entries
                    .iter()
                    .map(|(key, value)| match value {
                        // Hugo decodes the map into typed options and refuses a slice.
                        Value::List(_) => Err(format!(
                            "error calling Highlight: '{key}' expected type 'string', got a slice"
                        )),
                        other => Ok(format!("{key}={}", to_string(other)?)),
                    })
                    .collect::<Result<Vec<String>, String>>()?
                    .join(","),
                Some(Value::Nil) | None => String::new(),
                Some(_) => str_arg(a, 2)?,
            };
            Ok(Value::safe(
                SafeKind::Html,
                env.host.highlight(&code, &lang, &options),
            ))
        }
        "urlquery" => Ok(Value::str(
            str_arg(a, 0)?
                .bytes()
                .map(|b| match b {
                    b' ' => "+".to_string(),
                    b if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) => {
                        (b as char).to_string()
                    }
                    b => format!("%{b:02X}"),
                })
                .collect::<String>(),
        )),
        "js" => Ok(Value::str(
            str_arg(a, 0)?
                .replace('\\', "\\\\")
                .replace('\'', "\\'")
                .replace('"', "\\\"")
                .replace('<', "\\u003C")
                .replace('>', "\\u003E"),
        )),
        "relURL" | "urls.RelURL" | "relLangURL" | "urls.RelLangURL" => {
            Ok(Value::str(rel_url(env.base_url, &str_arg(a, 0)?)))
        }
        "absURL" | "urls.AbsURL" | "absLangURL" | "urls.AbsLangURL" => {
            Ok(Value::str(abs_url(env.base_url, &str_arg(a, 0)?)))
        }
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
                // A slice of keys is a path: `dict (slice "a" "b") v` is `{a: {b: v}}`.
                if let Value::List(path) = &pair[0] {
                    let Some((first, rest)) = path.split_first() else {
                        return Err("dict: an empty key path".into());
                    };
                    let mut value = pair[1].clone();
                    for key in rest.iter().rev() {
                        value = Value::map([(to_string(key)?, value)].into_iter().collect());
                    }
                    map.insert(to_string(first)?, value);
                    continue;
                }
                let key = pair[0].as_str().ok_or_else(|| {
                    format!("dict keys must be strings, got {}", pair[0].type_name())
                })?;
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
                    other => {
                        return Err(format!("merge: expected a map, got {}", other.type_name()))
                    }
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
        "add" | "sub" | "mul" | "div" | "mod" | "math.Add" | "math.Sub" | "math.Mul"
        | "math.Div" | "math.Mod" => {
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
        "now" | "time.Now" => Ok(env
            .now
            .clone()
            .map_or(Value::Nil, |t| Value::Object(Arc::new(t)))),
        "time" => {
            want(a, 1, 2, name)?;
            match &a[0] {
                Value::Object(_) => Ok(a[0].clone()),
                other => {
                    let s = to_string(other)?;
                    parse_time(&s)
                        .map(|t| Value::Object(Arc::new(t)))
                        .ok_or_else(|| format!("unable to parse date: {s}"))
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
                Some(Value::Map(opts))
                    if opts.contains_key("indent") || opts.contains_key("prefix") =>
                {
                    let indent = opts
                        .get("indent")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    let mut buf = Vec::new();
                    let formatter =
                        serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
                    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
                    serde::Serialize::serialize(&v.to_json(), &mut ser)
                        .map_err(|e| e.to_string())?;
                    String::from_utf8_lossy(&buf)
                        .replace('<', "\\u003c")
                        .replace('>', "\\u003e")
                        .replace('&', "\\u0026")
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
                    out.push_str(if i == items.len() - 1 {
                        &last_sep
                    } else {
                        &sep
                    });
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
            let (op, target) = if a.len() == 4 {
                (str_arg(a, 2)?, &a[3])
            } else {
                ("eq".to_string(), &a[2])
            };
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
                            Value::List(l) => l.contains(&v),
                            other => other
                                .as_str()
                                .zip(v.as_str())
                                .is_some_and(|(hay, needle)| hay.contains(needle)),
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
            let key_of = |v: &Value| {
                if key == "value" {
                    v.clone()
                } else {
                    lookup_path(v, &key)
                }
            };
            items.sort_by(|x, y| {
                compare(&key_of(x), &key_of(y)).unwrap_or(std::cmp::Ordering::Equal)
            });
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
            Ok(Value::list(
                (0..count.max(0))
                    .map(|i| Value::Int(first + i * step))
                    .collect(),
            ))
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
        // A file of the assets mounts; the preview has no other asset pipeline.
        "resources.Get" => {
            want(a, 1, 1, name)?;
            Ok(env
                .host
                .global_resource(&str_arg(a, 0)?)
                .map_or(Value::Nil, |file| {
                    super::resources::Resource::new(file).value()
                }))
        }
        // The preview stays offline (`try` gives templates the error).
        "resources.GetRemote" => Err("the preview does not fetch remote resources".into()),
        // `images.Filter F… IMAGE`: the image's `.Filter F…`.
        "images.Filter" => match a.split_last() {
            Some((Value::Object(image), filters)) if !filters.is_empty() => image
                .call("Filter", filters)
                .unwrap_or_else(|| Err(format!("can't filter a {}", image.type_name()))),
            _ => Err("want one or more filters and an image".into()),
        },
        _ if super::resources::FILTERS.contains(&name) => Ok(super::resources::filter(name, a)),
        "newScratch" | "collections.NewScratch" => {
            want(a, 0, 0, name)?;
            Ok(Value::Object(Arc::new(super::objects::Scratch::default())))
        }
        "reflect.IsMap" => {
            want(a, 1, 1, name)?;
            Ok(Value::Bool(matches!(a[0], Value::Map(_))))
        }
        "reflect.IsSlice" => {
            want(a, 1, 1, name)?;
            Ok(Value::Bool(matches!(a[0], Value::List(_))))
        }
        "hugo.Environment" => Ok(Value::str("production")),
        "hugo.IsProduction" => Ok(Value::Bool(true)),
        "hugo.IsServer" | "hugo.IsDevelopment" => Ok(Value::Bool(false)),
        // The Go release the verified Hugo 0.168 binary was built with (`hugo env`).
        "hugo.GoVersion" => Ok(Value::str("go1.27.2")),
        "path.Base" | "path.Ext" | "path.Dir" | "path.Clean" => {
            let p = str_arg(a, 0)?;
            Ok(Value::str(path_func(name, &p)))
        }
        "path.Join" => {
            let parts: Vec<String> = a.iter().map(to_string).collect::<Result<_, _>>()?;
            Ok(Value::str(path_func("path.Clean", &parts.join("/"))))
        }
        "transform.Remarshal" => {
            want(a, 2, 2, name)?;
            let format = str_arg(a, 0)?;
            let data = match &a[1] {
                Value::Map(_) => Ok(a[1].to_json()),
                other => Err(to_string(other)?),
            };
            Ok(Value::str(super::remarshal::remarshal(&format, data)?))
        }
        "inflect.Singularize" | "singularize" => Ok(Value::str(singularize(&str_arg(a, 0)?))),
        "path.BaseName" => {
            let base = path_func("path.Base", &str_arg(a, 0)?);
            let ext = path_func("path.Ext", &base);
            Ok(Value::str(&base[..base.len() - ext.len()]))
        }
        "urls.JoinPath" => {
            let parts: Vec<String> = a
                .iter()
                .flat_map(|v| match v {
                    Value::List(items) => items.iter().map(to_string).collect::<Vec<_>>(),
                    other => vec![to_string(other)],
                })
                .collect::<Result<_, _>>()?;
            Ok(Value::str(join_url_path(&parts)))
        }
        "urls.Parse" => Ok(Value::Object(Arc::new(super::objects::UrlObject::parse(
            &str_arg(a, 0)?,
        )))),
        "humanize" | "inflect.Humanize" => {
            want(a, 1, 1, name)?;
            Ok(Value::str(humanize(&a[0])?))
        }
        "anchorize" | "urls.Anchorize" => Ok(Value::str(anchorize(&str_arg(a, 0)?))),
        "emojify" | "transform.Emojify" => {
            Ok(Value::safe(SafeKind::Html, emojify(&str_arg(a, 0)?)))
        }
        "strings.Repeat" => {
            want(a, 2, 2, name)?;
            let count = to_int(&a[0])?;
            let text = str_arg(a, 1)?;
            if count < 0 || (count as usize).saturating_mul(text.len()) > 10_000_000 {
                return Err(format!("strings.Repeat: count {count} is out of range"));
            }
            Ok(Value::str(text.repeat(count as usize)))
        }
        "strings.FirstUpper" => {
            let text = str_arg(a, 0)?;
            let mut chars = text.chars();
            Ok(Value::str(match chars.next() {
                Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
                None => String::new(),
            }))
        }
        "countwords" | "strings.CountWords" => Ok(Value::Int(
            strip_html(&str_arg(a, 0)?).split_whitespace().count() as i64,
        )),
        "truncate" | "strings.Truncate" => {
            want(a, 2, 3, name)?;
            let limit = to_int(&a[0])?.max(0) as usize;
            let (ellipsis, text) = if a.len() == 3 {
                (str_arg(a, 1)?, &a[2])
            } else {
                (" …".to_string(), &a[1])
            };
            let is_html = matches!(text, Value::Safe(SafeKind::Html, _));
            let text = to_string(text)?;
            if text.chars().count() <= limit {
                return Ok(if is_html {
                    Value::safe(SafeKind::Html, text)
                } else {
                    Value::str(text)
                });
            }
            // Cut at the last word boundary before the limit, as Hugo does.
            let cut: String = text.chars().take(limit).collect();
            let at_word = match cut.rfind(char::is_whitespace) {
                Some(i) if !text[cut.len()..].starts_with(char::is_whitespace) => {
                    cut[..i].to_string()
                }
                _ => cut,
            };
            let out = format!("{}{ellipsis}", at_word.trim_end());
            Ok(if is_html {
                Value::safe(SafeKind::Html, out)
            } else {
                Value::str(out)
            })
        }
        "reverse" | "collections.Reverse" => {
            let mut items = list_of(a.first().unwrap_or(&Value::Nil), name)?
                .as_ref()
                .clone();
            items.reverse();
            Ok(Value::list(items))
        }
        "md5" | "crypto.MD5" => Ok(Value::str(super::digest::md5_hex(
            str_arg(a, 0)?.as_bytes(),
        ))),
        "sha1" | "crypto.SHA1" => Ok(Value::str(super::digest::sha1_hex(
            str_arg(a, 0)?.as_bytes(),
        ))),
        "sha256" | "crypto.SHA256" => Ok(Value::str(super::digest::sha256_hex(
            str_arg(a, 0)?.as_bytes(),
        ))),
        "base64Encode" | "encoding.Base64Encode" => {
            Ok(Value::str(base64_encode(str_arg(a, 0)?.as_bytes())))
        }
        "base64Decode" | "encoding.Base64Decode" => {
            let bytes =
                base64_decode(&str_arg(a, 0)?).ok_or("base64Decode: invalid base64 input")?;
            Ok(Value::str(String::from_utf8_lossy(&bytes)))
        }
        "keyVals" | "collections.KeyVals" => {
            let Some((key, values)) = a.split_first() else {
                return Err("keyVals: missing key".into());
            };
            let mut map = BTreeMap::new();
            map.insert("Key".to_string(), key.clone());
            map.insert("Values".to_string(), Value::list(values.to_vec()));
            Ok(Value::map(map))
        }
        "hash.FNV32a" => Ok(Value::Int(i64::from(fnv32a(&str_arg(a, 0)?)))),
        "transform.Unmarshal" | "unmarshal" => {
            want(a, 1, 2, name)?;
            match a.last() {
                Some(Value::Map(_) | Value::List(_)) => Ok(a[a.len() - 1].clone()),
                _ => unmarshal(&str_arg(a, a.len() - 1)?),
            }
        }
        "math.Round" | "math.Floor" | "math.Ceil" | "math.Abs" | "math.Sqrt" => {
            want(a, 1, 1, name)?;
            let x = to_float(&a[0])?;
            Ok(Value::Float(match name {
                // Go's math.Round rounds half away from zero, like Rust's `round`.
                "math.Round" => x.round(),
                "math.Floor" => x.floor(),
                "math.Ceil" => x.ceil(),
                "math.Abs" => x.abs(),
                _ => x.sqrt(),
            }))
        }
        "math.Pow" => {
            want(a, 2, 2, name)?;
            Ok(Value::Float(to_float(&a[0])?.powf(to_float(&a[1])?)))
        }
        "math.Max" | "math.Min" => {
            if a.is_empty() {
                return Err(format!("{name}: missing arguments"));
            }
            let mut values = Vec::new();
            for v in a {
                match v {
                    Value::List(items) => {
                        for item in items.iter() {
                            values.push(to_float(item)?);
                        }
                    }
                    other => values.push(to_float(other)?),
                }
            }
            let pick = if name == "math.Max" {
                f64::max
            } else {
                f64::min
            };
            Ok(Value::Float(values.into_iter().reduce(pick).unwrap_or(0.0)))
        }
        other => Err(format!(
            "function {other:?} is not supported by the preview"
        )),
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
            base.rfind('.')
                .map_or(String::new(), |i| base[i..].to_string())
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
        assert_eq!(
            rel_url("https://digital.gov/", "uswds/img/x.svg#a"),
            "/uswds/img/x.svg#a"
        );
        assert_eq!(
            rel_url("https://digital.gov/", "https://o.org/x"),
            "https://o.org/x"
        );
        assert_eq!(rel_url("https://digital.gov/", ""), "/");
        assert_eq!(rel_url("https://x.org/docs/", "/a"), "/docs/a");
        assert_eq!(
            abs_url("https://digital.gov/", "x/y"),
            "https://digital.gov/x/y"
        );
        assert_eq!(
            abs_url("https://digital.gov/", "/x/y"),
            "https://digital.gov/x/y"
        );
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
        assert_eq!(
            html_unescape("a &amp; b &lt;&#39;&#x41;&gt; &bogus;"),
            "a & b <'A> &bogus;"
        );
    }
}

#[cfg(test)]
mod known_tests {
    use super::*;

    struct NoHost;
    impl TemplateHost for NoHost {
        fn markdownify(&self, markdown: &str) -> String {
            markdown.to_string()
        }
        fn resolve_ref(&self, target: &str, _relative: bool) -> Result<String, String> {
            Ok(target.to_string())
        }
    }

    /// Every name the parser accepts has an implementation (wrong arguments may fail, but never
    /// with "not supported").
    #[test]
    fn every_known_function_is_implemented() {
        let cache = RegexCache::default();
        let env = FuncEnv {
            host: &NoHost,
            site: Value::Nil,
            base_url: "https://example.org/",
            now: None,
            regexes: &cache,
        };
        let evaluated_elsewhere = [
            "and",
            "or",
            "partial",
            "partialCached",
            "apply",
            "collections.Apply",
            "try",
        ];
        let mut missing = Vec::new();
        for name in KNOWN.iter().filter(|n| !evaluated_elsewhere.contains(n)) {
            if let Err(message) = call(
                &env,
                name,
                &[Value::str("a"), Value::str("b"), Value::str("c")],
            ) {
                if message.contains("not supported") {
                    missing.push(*name);
                }
            }
        }
        assert!(
            missing.is_empty(),
            "accepted but not implemented: {missing:?}"
        );
    }
}
