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
    /// `contentDir`, relative to the root (default `content`).
    pub content_dir: PathBuf,
    /// `taxonomies`: singular → plural (Hugo's default: category/tag).
    pub taxonomies: BTreeMap<String, String>,
    /// `permalinks`: section → pattern (`:year/:month/:day/:slug/`).
    pub permalinks: BTreeMap<String, String>,
    /// `params`.
    pub params: Value,
    /// `markup` (goldmark and highlight settings).
    pub markup: Value,
    /// `theme`, as a string or a list, in Hugo's order (earlier themes win).
    pub themes: Vec<String>,
    /// `themesDir`, as written (default `themes`); [`super::Site::theme_dirs`] confines it.
    pub themes_dir: String,
    /// The whole config as read (keys as written).
    pub raw: Value,
}

const CONFIG_NAMES: [&str; 2] = ["hugo", "config"];
const CONFIG_EXTS: [&str; 4] = ["toml", "yaml", "yml", "json"];

impl SiteConfig {
    /// Finds and reads the config of the site at `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, SiteError> {
        let mut raw = Value::Object(Default::default());
        let mut file = None;
        'found: for name in CONFIG_NAMES {
            for ext in CONFIG_EXTS {
                let path = root.join(format!("{name}.{ext}"));
                if path.is_file() {
                    raw = read_config_file(&path)?;
                    file = Some(path);
                    break 'found;
                }
            }
        }
        // config/_default/ — each file is the key it is named after, but hugo.* / config.* merge at the top.
        let default_dir = root.join("config").join("_default");
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
                let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned)
                else {
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
                    // A key both files set is merged, the config folder's values winning, as Hugo does.
                    merge_into(map.entry(key).or_insert(Value::Null), value);
                }
                file.get_or_insert(path);
            }
        }
        let file = file.ok_or_else(|| SiteError::NotASite(root.to_path_buf()))?;
        let mut config = SiteConfig::from_raw(file, raw);
        config.merge_theme_configs(root)?;
        Ok(config)
    }

    /// Merges each theme's own `hugo.*`/`config.*` under the site's, as Hugo does: a theme
    /// may set `params` (merged deeply), `menus`, `outputFormats` and `mediaTypes` (only the
    /// entries the site lacks); the site's values win, and an earlier theme's win over a later
    /// one's. A theme folder outside the site is skipped ([`super::Site::theme_dirs`] reports it).
    fn merge_theme_configs(&mut self, root: &Path) -> Result<(), SiteError> {
        const DEEP: [&str; 1] = ["params"];
        const SHALLOW: [&str; 3] = ["menus", "outputFormats", "mediaTypes"];
        let mut raw = std::mem::take(&mut self.raw);
        for theme in &self.themes {
            let rel = format!("{}/{theme}", self.themes_dir.trim_end_matches('/'));
            let Ok(dir) = crate::confine::confine(root, &rel) else {
                continue;
            };
            let Some(path) = config_file_in(&dir) else {
                continue;
            };
            let theme_raw = read_config_file(&path)?;
            let Some(theme_map) = theme_raw.as_object() else {
                continue;
            };
            let Value::Object(site_map) = &mut raw else {
                continue;
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
        let file = std::mem::take(&mut self.file);
        *self = SiteConfig::from_raw(file, raw);
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
        let themes = match get("theme") {
            Some(Value::String(theme)) => vec![theme.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let themes_dir = get("themesDir")
            .and_then(Value::as_str)
            .unwrap_or("themes")
            .to_string();
        let content_dir = get("contentDir")
            .and_then(Value::as_str)
            .unwrap_or("content");
        SiteConfig {
            file,
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

    /// The plural names of the site's taxonomies (`topics`, `authors`, …).
    pub fn taxonomy_plurals(&self) -> impl Iterator<Item = &str> {
        self.taxonomies.values().map(String::as_str)
    }
}

/// Hugo config keys are case-insensitive.
fn lookup_ci<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
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
