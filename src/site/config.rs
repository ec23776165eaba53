//! The site's Hugo configuration, in any of the forms Hugo accepts, reduced to what we use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::data::{parse_data, DataFormat};
use super::SiteError;

/// The parts of the Hugo configuration Postwright acts on; `raw` keeps the rest.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The config file read (the first found, Hugo's order).
    pub file: PathBuf,
    /// `baseURL`.
    pub base_url: String,
    /// `title`.
    pub title: String,
    /// The folder the page paths of the index are relative to, from the site root: `contentDir`
    /// (default `content`) as configured; once the site is opened, the folder holding the
    /// project's content mounts ([`super::mounts::Mounts::content_root`]).
    pub content_dir: PathBuf,
    /// The site's languages (`languages`, enabled ones only), by weight then code; one, the
    /// default content language, when the config names none.
    pub languages: Vec<Language>,
    /// `defaultContentLanguage` (default `en`), lower-cased as Hugo reads it.
    pub default_language: String,
    /// `defaultContentLanguageInSubdir`: the default language's URLs start with `/<lang>/` too.
    pub default_language_in_subdir: bool,
    /// `taxonomies`: singular → plural (Hugo's default: category/tag).
    pub taxonomies: BTreeMap<String, String>,
    /// `permalinks`: section → pattern (`:year/:month/:day/:slug/`).
    pub permalinks: BTreeMap<String, String>,
    /// `params`.
    pub params: Value,
    /// `markup` (goldmark and highlight settings).
    pub markup: Value,
    /// The theme components in Hugo's order (earlier ones win): the `theme` list (a string or
    /// a list), each followed by the components its own config names, depth first.
    pub themes: Vec<String>,
    /// `themesDir`, as written (default `themes`); [`super::Site::theme_dirs`] confines it.
    pub themes_dir: String,
    /// The whole config as read (keys as written).
    pub raw: Value,
}

/// One language of the site, as its `languages.<code>` entry configures it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The language key (`en`, `pt-br`), lower-cased.
    pub code: String,
    /// `weight` (0 when unset).
    pub weight: i64,
    /// The language's own `contentDir`, if it sets one.
    pub content_dir: Option<String>,
}

const CONFIG_NAMES: [&str; 2] = ["hugo", "config"];
const CONFIG_EXTS: [&str; 4] = ["toml", "yaml", "yml", "json"];

impl SiteConfig {
    /// A top-level boolean setting (`buildDrafts`, `buildExpired`…), keys in any case as Hugo
    /// reads them; `false` when unset.
    pub fn flag(&self, key: &str) -> bool {
        self.raw
            .as_object()
            .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .is_some_and(|(_, v)| v.as_bool() == Some(true))
    }

    /// A top-level string setting (`refLinksErrorLevel`…), keys in any case as Hugo reads
    /// them.
    pub fn string(&self, key: &str) -> Option<&str> {
        self.raw
            .as_object()
            .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .and_then(|(_, v)| v.as_str())
    }

    /// Finds and reads the config of the site at `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, SiteError> {
        let (raw, file) = read_config_in(root)?;
        let file = file.ok_or_else(|| SiteError::NotASite(root.to_path_buf()))?;
        let mut config = SiteConfig::from_raw(file, raw);
        config.merge_theme_configs(root)?;
        Ok(config)
    }

    /// Merges each theme component's config (its `hugo.*`/`config.*` and `config/_default/`)
    /// under the site's, as Hugo does: a theme may set `params` (merged deeply), `menus`,
    /// `outputFormats` and `mediaTypes` (only the entries the site lacks); the site's values
    /// win, then the components' in Hugo's order. That order is the `theme` list with each
    /// theme followed by the components its own config names in `theme`, depth first, each
    /// once (`hugo config mounts`: a, c, d, b for `theme = [a, b]`, a naming c, c naming d);
    /// it becomes [`SiteConfig::themes`]. A theme folder outside the site adds nothing
    /// ([`super::Site::theme_dirs`] reports it).
    fn merge_theme_configs(&mut self, root: &Path) -> Result<(), SiteError> {
        let mut raw = std::mem::take(&mut self.raw);
        let mut order = Vec::new();
        // Depth first: a stack of the themes still to visit, the next one on top.
        let mut pending: Vec<String> = self.themes.iter().rev().cloned().collect();
        while let Some(theme) = pending.pop() {
            if order.contains(&theme) {
                continue;
            }
            order.push(theme.clone());
            let rel = format!("{}/{theme}", self.themes_dir.trim_end_matches('/'));
            let Ok(dir) = crate::confine::confine(root, &rel) else {
                continue;
            };
            let (theme_raw, _) = read_config_in(&dir)?;
            pending.extend(theme_list(&theme_raw).into_iter().rev());
            add_theme_config(&mut raw, &theme_raw);
        }
        let file = std::mem::take(&mut self.file);
        *self = SiteConfig::from_raw(file, raw);
        self.themes = order;
        Ok(())
    }

    fn from_raw(file: PathBuf, raw: Value) -> SiteConfig {
        let get = |key: &str| lookup_ci(&raw, key);
        let string = |key: &str| {
            get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let string_map = |key: &str| -> BTreeMap<String, String> {
            get(key)
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut taxonomies = string_map("taxonomies");
        if get("taxonomies").is_none() {
            taxonomies.insert("category".into(), "categories".into());
            taxonomies.insert("tag".into(), "tags".into());
        }
        let themes = theme_list(&raw);
        let themes_dir = get("themesDir")
            .and_then(Value::as_str)
            .unwrap_or("themes")
            .to_string();
        let content_dir = get("contentDir")
            .and_then(Value::as_str)
            .unwrap_or("content");
        let default_language = get("defaultContentLanguage")
            .and_then(Value::as_str)
            .unwrap_or("en")
            .to_lowercase();
        let languages = languages_of(&raw, &default_language);
        SiteConfig {
            file,
            languages,
            default_language,
            default_language_in_subdir: get("defaultContentLanguageInSubdir")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            base_url: string("baseURL"),
            title: string("title"),
            content_dir: PathBuf::from(content_dir),
            taxonomies,
            permalinks: string_map("permalinks"),
            params: get("params").cloned().unwrap_or(Value::Null),
            markup: get("markup").cloned().unwrap_or(Value::Null),
            themes,
            themes_dir,
            raw,
        }
    }

    /// Whether the site has more than one language (Hugo's `IsMultilingual`).
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// Whether `code` is one of the site's languages.
    pub fn has_language(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l.code == code)
    }

    /// The first URL segment of pages in `lang` (Hugo's `LanguagePrefix`): the language code
    /// for a language other than the default on a multilingual site, and for the default one
    /// with `defaultContentLanguageInSubdir`; empty otherwise.
    pub fn language_prefix<'a>(&self, lang: &'a str) -> &'a str {
        let is_default = lang == self.default_language;
        if (is_default && self.default_language_in_subdir)
            || (!is_default && self.is_multilingual())
        {
            lang
        } else {
            ""
        }
    }

    /// The plural names of the site's taxonomies (`topics`, `authors`, …).
    pub fn taxonomy_plurals(&self) -> impl Iterator<Item = &str> {
        self.taxonomies.values().map(String::as_str)
    }
}

/// The config in folder `dir` (a site's or a theme's) and the file Hugo names it by: the first
/// `hugo.*`/`config.*` found, then each file of `config/_default/` merged in (each is the key
/// it is named after; `hugo.*`/`config.*` there merge at the top), its values winning.
pub(super) fn read_config_in(dir: &Path) -> Result<(Value, Option<PathBuf>), SiteError> {
    let mut file = config_file_in(dir);
    let mut raw = match &file {
        Some(path) => read_config_file(path)?,
        None => Value::Object(Default::default()),
    };
    let default_dir = dir.join("config").join("_default");
    if default_dir.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&default_dir)
            .map_err(|source| SiteError::Io {
                path: default_dir.clone(),
                source,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
                continue;
            };
            if DataFormat::from_path(&path).is_none() {
                continue;
            }
            let value = read_config_file(&path)?;
            // `menus.en.toml` holds the `menus` of one language: the key is the first part.
            let key = stem.split('.').next().unwrap_or(&stem).to_string();
            if CONFIG_NAMES.contains(&key.as_str()) {
                merge_into(&mut raw, value);
            } else if let Value::Object(map) = &mut raw {
                merge_into(map.entry(key).or_insert(Value::Null), value);
            }
            file.get_or_insert(path);
        }
    }
    Ok((raw, file))
}

/// The enabled languages of `languages` (by weight, then code), or the default one alone.
fn languages_of(raw: &Value, default_language: &str) -> Vec<Language> {
    let mut languages: Vec<Language> = lookup_ci(raw, "languages")
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter(|(_, v)| lookup_ci(v, "disabled").and_then(Value::as_bool) != Some(true))
                .map(|(code, v)| Language {
                    code: code.to_lowercase(),
                    weight: lookup_ci(v, "weight").and_then(Value::as_i64).unwrap_or(0),
                    content_dir: lookup_ci(v, "contentDir")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default();
    if languages.is_empty() {
        languages.push(Language {
            code: default_language.to_string(),
            weight: 0,
            content_dir: None,
        });
    }
    languages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.code.cmp(&b.code)));
    languages
}

/// The `theme` of a config, as a string or a list.
fn theme_list(raw: &Value) -> Vec<String> {
    match lookup_ci(raw, "theme") {
        Some(Value::String(theme)) => vec![theme.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Adds what a theme component may configure to the site's `raw` config, where neither the
/// site nor an earlier component set it.
fn add_theme_config(raw: &mut Value, theme_raw: &Value) {
    const DEEP: [&str; 1] = ["params"];
    const SHALLOW: [&str; 3] = ["menus", "outputFormats", "mediaTypes"];
    let (Some(theme_map), Value::Object(site_map)) = (theme_raw.as_object(), raw) else {
        return;
    };
    for (key, value) in theme_map {
        let deep = DEEP.iter().any(|k| k.eq_ignore_ascii_case(key));
        if !deep && !SHALLOW.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            continue;
        }
        let existing = site_map
            .keys()
            .find(|k| k.eq_ignore_ascii_case(key))
            .cloned();
        let target = site_map
            .entry(existing.unwrap_or_else(|| key.clone()))
            .or_insert(Value::Null);
        add_missing(target, value, deep);
    }
}

/// Hugo config keys are case-insensitive.
pub(super) fn lookup_ci<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn read_config_file(path: &Path) -> Result<Value, SiteError> {
    let text = std::fs::read_to_string(path).map_err(|source| SiteError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let format = DataFormat::from_path(path).unwrap_or(DataFormat::Toml);
    parse_data(path, &text, format)
}

/// The first config file Hugo reads in `dir` (`hugo.*` before `config.*`).
fn config_file_in(dir: &Path) -> Option<PathBuf> {
    CONFIG_NAMES
        .iter()
        .flat_map(|name| {
            CONFIG_EXTS
                .iter()
                .map(move |ext| dir.join(format!("{name}.{ext}")))
        })
        .find(|path| path.is_file())
}

/// Adds to `target` what `from` has and it lacks (keys compared case-insensitively, as
/// Hugo's are); with `deep`, maps both have are merged the same way, level by level.
fn add_missing(target: &mut Value, from: &Value, deep: bool) {
    match (target, from) {
        (target @ Value::Null, from) => *target = from.clone(),
        (Value::Object(t), Value::Object(f)) => {
            for (key, value) in f {
                match t.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned() {
                    None => {
                        t.insert(key.clone(), value.clone());
                    }
                    Some(existing) if deep => {
                        if let Some(slot) = t.get_mut(&existing) {
                            add_missing(slot, value, true);
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        // A value the site set (a string where the theme has a map) stays the site's.
        _ => {}
    }
}

fn merge_into(target: &mut Value, from: Value) {
    match (target, from) {
        (Value::Object(t), Value::Object(f)) => {
            for (k, v) in f {
                merge_into(t.entry(k).or_insert(Value::Null), v);
            }
        }
        (t, f) => *t = f,
    }
}
