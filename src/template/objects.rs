//! The objects a shortcode template sees: the shortcode (`.Get`, `.Inner`, …), the page, the
//! site, a scratch pad, the page's file and Go-style times, each exposing Hugo's member names.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;

use super::value::{Object, SafeKind, Value};
use super::{PageContext, ShortcodeInput, SiteContext};

/// Converts Hugo params (front matter, site params): keys are lower-cased at every depth, as
/// Hugo's `maps.Params` does, so `.Params.myKey` finds `mykey`.
pub(crate) fn params_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Object(entries) => Value::map(
            entries
                .iter()
                .map(|(k, v)| (k.to_lowercase(), params_value(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => Value::list(items.iter().map(params_value).collect()),
        other => Value::from_json(other),
    }
}

/// `.Scratch` / `.Store`: a mutable map shared by the template and the partials it calls.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    values: Mutex<BTreeMap<String, Value>>,
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Nil)
}

fn key_arg(args: &[Value], i: usize, method: &str) -> Result<String, String> {
    match arg(args, i) {
        Value::Str(s) | Value::Safe(_, s) => Ok(s.to_string()),
        other => Err(format!(
            "{method}: the key must be a string, got {}",
            other.type_name()
        )),
    }
}

impl Scratch {
    /// The map; a panic elsewhere cannot leave it half-written, so a poisoned lock is reused.
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Value>> {
        self.values
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Empties the pad. A template may store its own `.` (or the page) in a scratch pad, which
    /// makes a reference cycle through `Arc`s; clearing every pad when its render ends breaks
    /// it, so nothing leaks (a fuzz finding). The values are dropped after the lock is released.
    pub(crate) fn clear(&self) {
        let values = std::mem::take(&mut *self.lock());
        drop(values);
    }
}

/// The scratch pads of one shortcode call: its own and those of the `.Parent` objects it
/// creates. They are cleared together when the call ends (see [`Scratch::clear`]).
#[derive(Debug, Default)]
pub(crate) struct ScratchPads {
    pads: Mutex<Vec<Arc<Scratch>>>,
}

impl ScratchPads {
    fn new_pad(&self) -> Arc<Scratch> {
        let pad = Arc::new(Scratch::default());
        self.pads
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(pad.clone());
        pad
    }

    /// Clears every pad handed out.
    pub(crate) fn clear(&self) {
        let pads = std::mem::take(
            &mut *self
                .pads
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for pad in pads {
            pad.clear();
        }
    }
}

impl Object for Scratch {
    fn type_name(&self) -> &'static str {
        "Scratch"
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let result = match name {
            "Set" => key_arg(args, 0, name).map(|k| {
                self.lock().insert(k, arg(args, 1).clone());
                Value::str("")
            }),
            "Get" => {
                key_arg(args, 0, name).map(|k| self.lock().get(&k).cloned().unwrap_or_default())
            }
            "Delete" => key_arg(args, 0, name).map(|k| {
                self.lock().remove(&k);
                Value::str("")
            }),
            "Add" => key_arg(args, 0, name).and_then(|k| {
                let add = arg(args, 1).clone();
                let mut values = self.lock();
                let new = match values.get(&k) {
                    None => add,
                    Some(Value::List(existing)) => {
                        let mut list = existing.as_ref().clone();
                        match add {
                            Value::List(more) => list.extend(more.iter().cloned()),
                            other => list.push(other),
                        }
                        Value::list(list)
                    }
                    Some(Value::Int(a)) if matches!(add, Value::Int(_)) => {
                        Value::Int(a.wrapping_add(add.as_f64().unwrap_or(0.0) as i64))
                    }
                    Some(existing) => match (
                        existing.as_f64(),
                        add.as_f64(),
                        existing.as_str(),
                        add.as_str(),
                    ) {
                        (Some(a), Some(b), _, _) => Value::Float(a + b),
                        (_, _, Some(a), Some(b)) => Value::str(format!("{a}{b}")),
                        _ => {
                            return Err(format!(
                                "Scratch.Add: can't add {} to {}",
                                add.type_name(),
                                existing.type_name()
                            ))
                        }
                    },
                };
                values.insert(k, new);
                Ok(Value::str(""))
            }),
            "SetInMap" => key_arg(args, 0, name).and_then(|k| {
                let inner_key = key_arg(args, 1, name)?;
                let mut values = self.lock();
                let mut map = match values.get(&k) {
                    Some(Value::Map(m)) => m.as_ref().clone(),
                    _ => BTreeMap::new(),
                };
                map.insert(inner_key, arg(args, 2).clone());
                values.insert(k, Value::map(map));
                Ok(Value::str(""))
            }),
            "GetSortedMapValues" => key_arg(args, 0, name).map(|k| match self.lock().get(&k) {
                Some(Value::Map(m)) => Value::list(m.values().cloned().collect()),
                _ => Value::Nil,
            }),
            "Values" => Ok(Value::map(self.lock().clone())),
            _ => return None,
        };
        Some(result)
    }
}

// Page and shortcode objects alive on this thread, for the test that no reference cycle
// through a scratch pad outlives its render.
#[cfg(test)]
thread_local! {
    pub(crate) static LIVE_OBJECTS: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_live(delta: isize) {
    LIVE_OBJECTS.with(|live| live.set(live.get() + delta));
}

#[cfg(test)]
impl Drop for PageObject {
    fn drop(&mut self) {
        count_live(-1);
    }
}

#[cfg(test)]
impl Drop for ShortcodeObject {
    fn drop(&mut self) {
        count_live(-1);
    }
}

/// `.Page`.
#[derive(Debug)]
pub(crate) struct PageObject {
    pub ctx: PageContext,
    /// `.Params` as template values, converted at the first ask (see [`PageObject::params`]).
    params: std::sync::OnceLock<Value>,
    pub site: Value,
    pub permalink: String,
    pub date: Value,
    pub scratch: Arc<Scratch>,
}

impl PageObject {
    pub(crate) fn new(ctx: &PageContext, base_url: &str, site_value: Value) -> PageObject {
        let date = ctx
            .date
            .as_deref()
            .map(|d| parse_time(d).map_or_else(|| Value::str(d), |t| Value::Object(Arc::new(t))))
            .unwrap_or_else(|| Value::Object(Arc::new(Time::zero())));
        let base = base_url.trim_end_matches('/');
        let host_end = base.find("://").map_or(0, |i| i + 3);
        let host = match base[host_end..].find('/') {
            Some(i) => &base[..host_end + i],
            None => base,
        };
        #[cfg(test)]
        count_live(1);
        PageObject {
            ctx: ctx.clone(),
            params: std::sync::OnceLock::new(),
            site: site_value,
            permalink: format!("{host}{}", ctx.rel_permalink),
            date,
            scratch: Arc::new(Scratch::default()),
        }
    }

    /// `.Params`.
    fn params(&self) -> &Value {
        self.params.get_or_init(|| params_value(self.ctx.params()))
    }

    fn param(&self, key: &str) -> Value {
        let key = key.to_lowercase();
        let mut found = self.params().clone();
        for part in key.split('.') {
            found = match &found {
                Value::Map(m) => m.get(part).cloned().unwrap_or_default(),
                _ => Value::Nil,
            };
        }
        if matches!(found, Value::Nil) {
            if let Value::Object(site) = &self.site {
                if let Some(Ok(Value::Map(m))) = site.call("Params", &[]) {
                    return m.get(&key).cloned().unwrap_or_default();
                }
            }
        }
        found
    }
}

impl Object for PageObject {
    fn type_name(&self) -> &'static str {
        "Page"
    }

    fn display(&self) -> String {
        format!("Page({})", crate::site::refs::identity(&self.ctx.path))
    }

    fn identity(&self) -> Option<String> {
        Some(self.ctx.path.clone())
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let own = |key: &str| match self.params() {
            Value::Map(m) => m.get(key).cloned().unwrap_or_default(),
            _ => Value::Nil,
        };
        let kind = if self.ctx.kind.is_empty() {
            "page"
        } else {
            self.ctx.kind.as_str()
        };
        let value = match name {
            "Title" => Value::str(&self.ctx.title),
            "LinkTitle" => match own("linktitle") {
                Value::Nil => Value::str(&self.ctx.title),
                link => Value::str(link.to_go_string()),
            },
            // Hugo's logical path: `/section/page`, lower-cased, without extension.
            "Path" => Value::str(crate::site::refs::identity(&self.ctx.path)),
            "Params" => self.params().clone(),
            "Param" => match arg(args, 0).as_str() {
                Some(key) => self.param(key),
                None => return Some(Err("Page.Param: the key must be a string".into())),
            },
            "Date" | "PublishDate" | "Lastmod" => self.date.clone(),
            "RelPermalink" => Value::str(&self.ctx.rel_permalink),
            "Permalink" => Value::str(&self.permalink),
            "Section" | "Type" => Value::str(&self.ctx.section),
            "Kind" => Value::str(kind),
            "IsPage" => Value::Bool(kind == "page"),
            "IsHome" => Value::Bool(kind == "home"),
            "IsSection" => Value::Bool(kind == "section"),
            "IsNode" => Value::Bool(kind != "page"),
            "Draft" => Value::Bool(false),
            "File" => Value::Object(Arc::new(FileObject {
                path: self.ctx.path.clone(),
            })),
            "Scratch" | "Store" => Value::Object(self.scratch.clone()),
            "Site" => self.site.clone(),
            // The page's own description, not the site's.
            "Description" => match own("description") {
                Value::Nil => Value::str(""),
                description => description,
            },
            "Summary" => self.param("description"),
            "Weight" => Value::Int(self.ctx.weight()),
            // Hugo prints a page as `Page(/logical/path)`.
            "String" => Value::str(self.display()),
            "BundleType" => {
                let file = self.ctx.path.rsplit('/').next().unwrap_or("");
                Value::str(match file.rsplit_once('.').map_or(file, |(stem, _)| stem) {
                    "index" => "leaf",
                    "_index" => "branch",
                    _ => "",
                })
            }
            // Page resources (images beside the page) are not indexed: none are found.
            "Resources" => Value::Object(Arc::new(NoResources)),
            // The page's heading ids are not known before it renders: every id is taken as
            // present once (render hooks only warn on the others).
            "Fragments" => Value::map(
                [(
                    "Identifiers".to_string(),
                    Value::Object(Arc::new(KnownIdentifiers)),
                )]
                .into_iter()
                .collect(),
            ),
            "CurrentSection" => Value::map(
                [(
                    "Resources".to_string(),
                    Value::Object(Arc::new(NoResources)),
                )]
                .into_iter()
                .collect(),
            ),
            _ => return None,
        };
        Some(Ok(value))
    }
}

/// `.Resources` of a page: the preview does not index page resources, so `Get` finds nothing
/// and `Match`/`ByType` give empty lists.
#[derive(Debug)]
pub(crate) struct NoResources;

impl Object for NoResources {
    fn type_name(&self) -> &'static str {
        "Resources"
    }

    fn call(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Get" | "GetMatch" => Some(Ok(Value::Nil)),
            "Match" | "ByType" => Some(Ok(Value::list(Vec::new()))),
            _ => None,
        }
    }
}

/// `.Fragments.Identifiers` of another page, taken as holding every id once.
#[derive(Debug)]
pub(crate) struct KnownIdentifiers;

impl Object for KnownIdentifiers {
    fn type_name(&self) -> &'static str {
        "Identifiers"
    }

    fn call(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Contains" => Some(Ok(Value::Bool(true))),
            "Count" => Some(Ok(Value::Int(1))),
            _ => None,
        }
    }
}

/// `.Page.File`.
#[derive(Debug)]
pub(crate) struct FileObject {
    pub(crate) path: String,
}

impl Object for FileObject {
    fn type_name(&self) -> &'static str {
        "File"
    }

    fn display(&self) -> String {
        self.path.clone()
    }

    fn call(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        let path = self.path.as_str();
        let (dir, logical) = match path.rfind('/') {
            Some(i) => (&path[..i + 1], &path[i + 1..]),
            None => ("", path),
        };
        let (base, ext) = match logical.rfind('.') {
            Some(i) => (&logical[..i], &logical[i + 1..]),
            None => (logical, ""),
        };
        let value = match name {
            "Path" | "Filename" => path.to_string(),
            "LogicalName" => logical.to_string(),
            "BaseFileName" | "TranslationBaseName" => base.to_string(),
            "ContentBaseName" => {
                if base == "index" || base == "_index" {
                    dir.trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .to_string()
                } else {
                    base.to_string()
                }
            }
            "Dir" => dir.to_string(),
            "Ext" => ext.to_string(),
            "Section" => path
                .split('/')
                .next()
                .filter(|_| path.contains('/'))
                .unwrap_or("")
                .to_string(),
            _ => return None,
        };
        Some(Ok(Value::str(value)))
    }
}

/// The dot of an archetype template (Hugo's `archetypeFileData`): `.Type`, `.Date` (now, as
/// RFC 3339 text), `.Name` (the file's content base name), `.File`, `.Page`, `.Site`, and the
/// file's members themselves (`.ContentBaseName`…: Hugo embeds the file).
#[derive(Debug)]
pub(crate) struct ArchetypeObject {
    pub kind: String,
    pub date: String,
    pub file: FileObject,
    pub page: Value,
    pub site: Value,
}

impl Object for ArchetypeObject {
    fn type_name(&self) -> &'static str {
        "archetypeFileData"
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let value = match name {
            "Type" => Value::str(&self.kind),
            "Date" => Value::str(&self.date),
            "Name" => return self.file.call("ContentBaseName", args),
            "File" => Value::Object(Arc::new(FileObject {
                path: self.file.path.clone(),
            })),
            "Page" => self.page.clone(),
            "Site" => self.site.clone(),
            other => return self.file.call(other, args),
        };
        Some(Ok(value))
    }
}

/// `.Site`.
#[derive(Debug)]
pub(crate) struct SiteObject {
    pub base_url: String,
    pub title: String,
    pub params: Value,
    pub data: Value,
}

impl SiteObject {
    pub(crate) fn new(site: &SiteContext) -> SiteObject {
        SiteObject {
            base_url: site.base_url.clone(),
            title: site.title.clone(),
            params: params_value(&site.params),
            data: Value::from_json(&site.data),
        }
    }
}

impl Object for SiteObject {
    fn type_name(&self) -> &'static str {
        "Site"
    }

    fn call(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        let value = match name {
            "BaseURL" => Value::str(&self.base_url),
            "Title" => Value::str(&self.title),
            "Params" => self.params.clone(),
            "Data" => self.data.clone(),
            "LanguageCode" => Value::str("en"),
            "IsServer" => Value::Bool(false),
            _ => return None,
        };
        Some(Ok(value))
    }
}

/// The shortcode itself: `.` and `$` in a shortcode template.
#[derive(Debug)]
pub(crate) struct ShortcodeObject {
    pub input: ShortcodeInput,
    pub page: Value,
    pub site: Value,
    pub page_path: String,
    pub scratch: Arc<Scratch>,
    pads: Arc<ScratchPads>,
}

impl ShortcodeObject {
    /// Builds the object for `input`, its parents included; its scratch pad comes from `pads`,
    /// which the caller clears when the call ends.
    pub(crate) fn new(
        input: &ShortcodeInput,
        page: Value,
        site: Value,
        page_path: &str,
        pads: Arc<ScratchPads>,
    ) -> ShortcodeObject {
        #[cfg(test)]
        count_live(1);
        ShortcodeObject {
            input: input.clone(),
            page,
            site,
            page_path: page_path.to_string(),
            scratch: pads.new_pad(),
            pads,
        }
    }

    fn get(&self, key: &Value) -> Result<Value, String> {
        let positional = self.input.positional_values();
        let named = self.input.named_values();
        if positional.is_empty() && named.is_empty() {
            return Ok(Value::Nil);
        }
        let is_named = !named.is_empty();
        Ok(match key {
            Value::Int(i) => {
                if is_named {
                    Value::Nil
                } else {
                    usize::try_from(*i)
                        .ok()
                        .and_then(|i| positional.get(i).cloned())
                        .unwrap_or_else(|| Value::str(""))
                }
            }
            Value::Str(k) | Value::Safe(_, k) => {
                if is_named {
                    // A name given twice: the last value, as Hugo's param map keeps it.
                    named
                        .into_iter()
                        .rfind(|(n, _)| n == k.as_ref())
                        .map_or_else(|| Value::str(""), |(_, v)| v)
                } else {
                    Value::Nil
                }
            }
            Value::Nil => Value::Nil,
            other => {
                return Err(format!(
                    "Get: the key must be an int or a string, got {}",
                    other.type_name()
                ))
            }
        })
    }

    /// `.InnerDeindent`: the inner content without the indentation its lines share (Hugo uses
    /// the opening tag's indentation, which the page parser does not pass on).
    fn inner_deindent(&self) -> String {
        crate::text::deindent(self.input.inner.as_deref().unwrap_or(""))
    }
}

impl Object for ShortcodeObject {
    fn type_name(&self) -> &'static str {
        "ShortcodeWithPage"
    }

    fn display(&self) -> String {
        format!("Shortcode({})", self.input.name)
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let input = &self.input;
        let value = match name {
            "Get" => {
                if args.len() != 1 {
                    return Some(Err(format!("Get: want 1 argument, got {}", args.len())));
                }
                return Some(self.get(&args[0]));
            }
            "Params" => {
                let named = input.named_values();
                let positional = input.positional_values();
                if !named.is_empty() {
                    Value::map(named.into_iter().collect())
                } else if !positional.is_empty() {
                    Value::list(positional)
                } else {
                    Value::Nil
                }
            }
            "Inner" => Value::safe(SafeKind::Html, input.inner.as_deref().unwrap_or("")),
            "InnerDeindent" => Value::safe(SafeKind::Html, self.inner_deindent()),
            "Ordinal" => Value::Int(input.ordinal as i64),
            "IsNamedParams" => {
                Value::Bool(!input.named.is_empty() || !input.typed_named.is_empty())
            }
            "Parent" => match &input.parent {
                Some(parent) => Value::Object(Arc::new(ShortcodeObject::new(
                    parent,
                    self.page.clone(),
                    self.site.clone(),
                    &self.page_path,
                    self.pads.clone(),
                ))),
                None => Value::Nil,
            },
            // Hugo prints the file name quoted, then line and column.
            "Position" => Value::str(format!(
                "\"{}:{}:{}\"",
                self.page_path, input.position.0, input.position.1
            )),
            "Name" => Value::str(&input.name),
            "Page" => self.page.clone(),
            "Site" => self.site.clone(),
            "Scratch" | "Store" => Value::Object(self.scratch.clone()),
            _ => return None,
        };
        Some(Ok(value))
    }
}

/// What `urls.Parse` returns (Go's `url.URL`): its parts, and `String` as given.
#[derive(Debug)]
pub(crate) struct UrlObject {
    raw: String,
    scheme: String,
    host: String,
    path: String,
    raw_query: String,
    fragment: String,
}

impl UrlObject {
    /// Splits `raw` as Go's `url.Parse` does for the URLs pages link to.
    pub(crate) fn parse(raw: &str) -> UrlObject {
        let (rest, fragment) = raw.split_once('#').unwrap_or((raw, ""));
        let (rest, raw_query) = rest.split_once('?').unwrap_or((rest, ""));
        let scheme_end = rest.find(':').filter(|&i| {
            i > 0
                && rest[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && rest.as_bytes()[0].is_ascii_alphabetic()
        });
        let (scheme, rest) = match scheme_end {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => ("", rest),
        };
        let (host, path) = match rest.strip_prefix("//") {
            Some(after) => {
                let end = after.find('/').unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
            None => ("", rest),
        };
        UrlObject {
            raw: raw.to_string(),
            scheme: scheme.to_lowercase(),
            host: host.to_string(),
            path: crate::text::percent_decode(path),
            raw_query: raw_query.to_string(),
            fragment: crate::text::percent_decode(fragment),
        }
    }
}

impl Object for UrlObject {
    fn type_name(&self) -> &'static str {
        "url.URL"
    }

    fn display(&self) -> String {
        self.raw.clone()
    }

    fn call(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        let value = match name {
            "String" => Value::str(&self.raw),
            "Scheme" => Value::str(&self.scheme),
            "Host" => Value::str(&self.host),
            "Hostname" => Value::str(self.host.split(':').next().unwrap_or("")),
            "Path" => Value::str(&self.path),
            "RawQuery" => Value::str(&self.raw_query),
            "Fragment" => Value::str(&self.fragment),
            "IsAbs" => Value::Bool(!self.scheme.is_empty()),
            _ => return None,
        };
        Some(Ok(value))
    }
}

/// A render hook's dot (`.Destination`, `.Text`, `.Inner`, `.Ordinal`…, and `.Page`,
/// `.PageInner`): the fields the Markdown writer gives, plus the page.
#[derive(Debug)]
pub(crate) struct HookObject {
    pub fields: BTreeMap<String, Value>,
    pub page: Value,
    /// `.Position`: the page file and the element's line.
    pub position: String,
}

impl Object for HookObject {
    fn type_name(&self) -> &'static str {
        "HookContext"
    }

    fn call(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        if let Some(value) = self.fields.get(name) {
            return Some(Ok(value.clone()));
        }
        let value = match name {
            "Page" | "PageInner" => self.page.clone(),
            "Position" => Value::str(&self.position),
            _ => return None,
        };
        Some(Ok(value))
    }
}

/// A date and time with a fixed UTC offset, printed and formatted like Go's `time.Time`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Time {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    /// Offset from UTC in seconds.
    offset: i32,
    /// `UTC` when written with `Z` (Go prints the zone name then).
    utc: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Parses the date forms Hugo accepts in front matter: `2006-01-02`, RFC 3339 with or without
/// a zone, and `2006-01-02 15:04:05 -0700`.
pub(crate) fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim();
    let num = |t: &str| -> Option<u32> {
        if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() {
            t.parse().ok()
        } else {
            None
        }
    };
    let date = s.get(..10)?;
    let mut parts = date.split('-');
    let year: i64 = num(parts.next()?)? as i64;
    let month = num(parts.next()?)?;
    let day = num(parts.next()?)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut t = Time {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
        offset: 0,
        utc: true,
    };
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(t);
    }
    let rest = rest.strip_prefix(['T', ' ', 't'])?;
    // Go's `15` layout accepts a one-digit hour (`9:00:00`), which digital.gov dates use.
    let clock_len = if rest.as_bytes().get(1) == Some(&b':') {
        7
    } else {
        8
    };
    let clock = rest.get(..clock_len)?;
    let mut c = clock.split(':');
    t.hour = num(c.next()?)?;
    t.minute = num(c.next()?)?;
    t.second = num(c.next()?)?;
    if t.hour > 23 || t.minute > 59 || t.second > 60 {
        return None;
    }
    let mut zone = &rest[clock_len..];
    if let Some(frac) = zone.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        let padded = format!("{:0<9}", &digits[..digits.len().min(9)]);
        t.nanos = padded.parse().ok()?;
        zone = &frac[digits.len()..];
    }
    let zone = zone.trim_start();
    if zone.is_empty() || zone == "Z" || zone == "z" || zone == "UTC" {
        return Some(t);
    }
    let sign = match zone.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    t.offset = sign * (hours * 3600 + minutes * 60);
    t.utc = false;
    Some(t)
}

impl Time {
    /// Go's zero time (`0001-01-01 00:00:00 +0000 UTC`), what a page without a date has.
    pub(crate) fn zero() -> Time {
        Time {
            year: 1,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            offset: 0,
            utc: true,
        }
    }

    /// Days since 1970-01-01 (a Thursday).
    fn days(&self) -> i64 {
        crate::site::dates::days_from_civil(self.year, self.month as i64, self.day as i64)
    }

    fn weekday(&self) -> usize {
        (self.days() + 4).rem_euclid(7) as usize
    }

    fn unix(&self) -> i64 {
        let days = self.days();
        days * 86_400 + (self.hour * 3600 + self.minute * 60 + self.second) as i64
            - self.offset as i64
    }

    fn zone_name(&self) -> String {
        if self.utc {
            "UTC".into()
        } else {
            self.offset_text(false, false)
        }
    }

    fn offset_text(&self, colon: bool, short: bool) -> String {
        let sign = if self.offset < 0 { '-' } else { '+' };
        let abs = self.offset.abs();
        let (h, m) = (abs / 3600, abs % 3600 / 60);
        if short {
            format!("{sign}{h:02}")
        } else if colon {
            format!("{sign}{h:02}:{m:02}")
        } else {
            format!("{sign}{h:02}{m:02}")
        }
    }

    /// Formats with a Go layout (reference time `Mon Jan 2 15:04:05 MST 2006`).
    pub(crate) fn format(&self, layout: &str) -> String {
        let mut out = String::new();
        let mut rest = layout;
        let hour12 = if self.hour % 12 == 0 {
            12
        } else {
            self.hour % 12
        };
        while !rest.is_empty() {
            let tokens: &[(&str, String)] = &[
                ("January", MONTHS[self.month as usize - 1].to_string()),
                ("Jan", MONTHS[self.month as usize - 1][..3].to_string()),
                ("Monday", WEEKDAYS[self.weekday()].to_string()),
                ("Mon", WEEKDAYS[self.weekday()][..3].to_string()),
                ("MST", self.zone_name()),
                ("2006", format!("{:04}", self.year)),
                ("002", format!("{:03}", self.year_day())),
                ("01", format!("{:02}", self.month)),
                ("02", format!("{:02}", self.day)),
                ("03", format!("{:02}", hour12)),
                ("04", format!("{:02}", self.minute)),
                ("05", format!("{:02}", self.second)),
                ("06", format!("{:02}", self.year % 100)),
                ("15", format!("{:02}", self.hour)),
                ("_2", format!("{:>2}", self.day)),
                ("1", self.month.to_string()),
                ("2", self.day.to_string()),
                ("3", hour12.to_string()),
                ("4", self.minute.to_string()),
                ("5", self.second.to_string()),
                ("PM", if self.hour >= 12 { "PM" } else { "AM" }.to_string()),
                ("pm", if self.hour >= 12 { "pm" } else { "am" }.to_string()),
                (
                    "Z07:00",
                    if self.offset == 0 {
                        "Z".into()
                    } else {
                        self.offset_text(true, false)
                    },
                ),
                (
                    "Z0700",
                    if self.offset == 0 {
                        "Z".into()
                    } else {
                        self.offset_text(false, false)
                    },
                ),
                ("-07:00", self.offset_text(true, false)),
                ("-0700", self.offset_text(false, false)),
                ("-07", self.offset_text(false, true)),
            ];
            if let Some((token, text)) = tokens.iter().find(|(t, _)| rest.starts_with(t)) {
                out.push_str(text);
                rest = &rest[token.len()..];
                continue;
            }
            // Fractional seconds: `.000` (fixed) or `.999` (trailing zeros trimmed).
            if let Some(frac) = rest.strip_prefix('.') {
                let zeros = frac.chars().take_while(|c| *c == '0').count();
                let nines = frac.chars().take_while(|c| *c == '9').count();
                let n = zeros.max(nines);
                if n > 0 && !frac[n..].starts_with(|c: char| c.is_ascii_digit()) {
                    let digits = format!("{:09}", self.nanos)[..n.min(9)].to_string();
                    if zeros > 0 {
                        out.push('.');
                        out.push_str(&digits);
                    } else {
                        let trimmed = digits.trim_end_matches('0');
                        if !trimmed.is_empty() {
                            out.push('.');
                            out.push_str(trimmed);
                        }
                    }
                    rest = &frac[n..];
                    continue;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    fn year_day(&self) -> u32 {
        const CUMULATIVE: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        CUMULATIVE[self.month as usize - 1] + self.day + u32::from(leap && self.month > 2)
    }
}

impl Object for Time {
    fn type_name(&self) -> &'static str {
        "time.Time"
    }

    /// Go's `Time.String()`.
    fn display(&self) -> String {
        let mut s = self.format("2006-01-02 15:04:05.999999999 -0700");
        s.push(' ');
        s.push_str(&self.zone_name());
        s
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let value = match name {
            "Format" => match arg(args, 0).as_str() {
                Some(layout) => Value::str(self.format(layout)),
                None => return Some(Err("Format: the layout must be a string".into())),
            },
            "Year" => Value::Int(self.year),
            "Month" => Value::str(MONTHS[self.month as usize - 1]),
            "Day" => Value::Int(self.day as i64),
            "Hour" => Value::Int(self.hour as i64),
            "Minute" => Value::Int(self.minute as i64),
            "Second" => Value::Int(self.second as i64),
            "Weekday" => Value::str(WEEKDAYS[self.weekday()]),
            "YearDay" => Value::Int(self.year_day() as i64),
            "Unix" => Value::Int(self.unix()),
            "IsZero" => Value::Bool(*self == Time::zero()),
            _ => return None,
        };
        Some(Ok(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_and_format_like_go() {
        let t = parse_time("2020-01-15 09:05:00 -0500").unwrap();
        assert_eq!(t.display(), "2020-01-15 09:05:00 -0500 -0500");
        assert_eq!(t.format("Jan 2, 2006"), "Jan 15, 2020");
        assert_eq!(
            t.format("Monday, January 02 2006 3:04 PM"),
            "Wednesday, January 15 2020 9:05 AM"
        );
        assert_eq!(
            t.format("2006-01-02T15:04:05Z07:00"),
            "2020-01-15T09:05:00-05:00"
        );
        let z = parse_time("2021-03-04T05:06:07.5Z").unwrap();
        assert_eq!(z.display(), "2021-03-04 05:06:07.5 +0000 UTC");
        assert_eq!(z.unix(), 1_614_834_367);
        assert_eq!(
            parse_time("2020-03-05").unwrap().format("02/01/06 Mon"),
            "05/03/20 Thu"
        );
        assert!(parse_time("yesterday").is_none());
        assert_eq!(
            parse_time("2019-05-15 9:00:00 -0500").unwrap().display(),
            "2019-05-15 09:00:00 -0500 -0500"
        );
        assert_eq!(Time::zero().display(), "0001-01-01 00:00:00 +0000 UTC");
    }

    #[test]
    fn scratch_adds_numbers_and_appends_lists() {
        let s = Scratch::default();
        s.call("Set", &[Value::str("n"), Value::Int(1)])
            .unwrap()
            .unwrap();
        s.call("Add", &[Value::str("n"), Value::Int(2)])
            .unwrap()
            .unwrap();
        assert_eq!(
            s.call("Get", &[Value::str("n")]).unwrap().unwrap(),
            Value::Int(3)
        );
        s.call(
            "Add",
            &[Value::str("l"), Value::list(vec![Value::str("a")])],
        )
        .unwrap()
        .unwrap();
        s.call(
            "Add",
            &[Value::str("l"), Value::list(vec![Value::str("b")])],
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            s.call("Get", &[Value::str("l")])
                .unwrap()
                .unwrap()
                .to_go_string(),
            "[a b]"
        );
        s.call(
            "SetInMap",
            &[Value::str("m"), Value::str("k"), Value::Int(1)],
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            s.call("Get", &[Value::str("m")])
                .unwrap()
                .unwrap()
                .to_go_string(),
            "map[k:1]"
        );
    }
}
