//! The fields of each content type, which drive the front-matter form and the required/pattern
//! checks: read from the site's Decap CMS config where it has one, else inferred from the
//! section's archetype and the pages that exist.

pub mod archetype;
pub mod decap;
pub mod form;
pub mod new_page;
pub mod shape;

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value as Json;

use crate::front_matter::{FrontMatter, Value};
use crate::site::data::{parse_data, DataFormat};
use crate::site::{Site, SiteError};

/// Where Decap's config is looked for in a static folder, and outside one (relative to the
/// site root).
const DECAP_STATIC_PATHS: [&str; 2] = ["admin/config.yml", "admin/config.yaml"];
const DECAP_OTHER_PATH: &str = "cms/config.yml";

/// The Decap config files looked for, relative to the site root, in order: the project's
/// static folders (`static/`, whether or not it exists yet, then its other static mounts),
/// `cms/config.yml`, then each theme's static mounts (Hugo's order: a theme's static files
/// are served as the site's).
fn decap_config_candidates(site: &Site) -> Vec<PathBuf> {
    let in_static = |dir: &std::path::Path| DECAP_STATIC_PATHS.map(|rel| dir.join(rel));
    let mut candidates: Vec<PathBuf> = in_static(std::path::Path::new("static")).to_vec();
    let statics: Vec<&crate::site::Mount> = site
        .mounts
        .of(crate::site::Component::Static)
        .filter(|m| m.target.is_empty() && m.source != std::path::Path::new("static"))
        .collect();
    for mount in statics.iter().filter(|m| m.module.is_empty()) {
        candidates.extend(in_static(&mount.source));
    }
    candidates.push(PathBuf::from(DECAP_OTHER_PATH));
    for mount in statics.iter().filter(|m| !m.module.is_empty()) {
        candidates.extend(in_static(&mount.source));
    }
    candidates
}

/// The Decap config files whose change changes the content types, absolute: the one named in
/// the app's settings (`setting`, relative to the root, when it stays inside the site), else
/// every place one is looked for, since a config created in an earlier place takes over.
pub fn decap_config_paths(site: &Site, setting: Option<&str>) -> Vec<PathBuf> {
    match setting {
        Some(rel) => crate::confine::confine(&site.root, rel)
            .into_iter()
            .collect(),
        None => decap_config_candidates(site)
            .into_iter()
            .map(|rel| site.root.join(rel))
            .collect(),
    }
}

/// The widget a field is edited with (Decap's names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Widget {
    /// One line of text.
    String,
    /// Several lines of text.
    Text,
    /// A date and time, written in `format`.
    Datetime,
    /// Picks from another collection (authors, topics…).
    Relation,
    /// Picks from fixed options.
    Select,
    /// A list of strings.
    List,
    /// A number.
    Number,
    /// True/false.
    Boolean,
    /// Markdown (the body).
    Markdown,
    /// Any other Decap widget, by name (shown as text).
    Other(String),
}

/// One front-matter field of a content type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldSchema {
    /// The front-matter key.
    pub name: String,
    /// The form label.
    pub label: String,
    /// How it is edited.
    pub widget: Widget,
    /// Help shown under the field.
    pub hint: Option<String>,
    /// Must be present and non-empty.
    pub required: bool,
    /// A regular expression the value must match, with the message to show when it does not.
    pub pattern: Option<(String, String)>,
    /// The value a new page starts with.
    pub default: Option<Json>,
    /// Relation and list fields hold several values.
    pub multiple: bool,
    /// For relations: the taxonomy or collection the values come from (`authors`, `topics`).
    pub relation: Option<String>,
    /// For selects: the allowed values.
    pub options: Vec<String>,
    /// For datetimes: the format (Decap's moment.js tokens, e.g. `YYYY-MM-DD HH:mm:00 -0500`).
    pub format: Option<String>,
    /// The coaching comment written above the key in a new page's front matter (Decap's
    /// `comment`, as digital.gov uses it: "Keep it under 50 words and only one paragraph").
    pub comment: Option<String>,
}

/// A kind of page (news, authors, topics…) and its fields, in form order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContentType {
    /// The collection's name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// The folder its pages live in, relative to the content folder (`news`).
    pub folder: String,
    /// Decap's `path` template inside the folder (`{{year}}/{{month}}/{{slug}}`).
    pub path_template: Option<String>,
    /// Decap's `slug` template for file names (`{{year}}-{{month}}-{{day}}-{{slug}}`).
    pub slug_template: Option<String>,
    /// The fields, in the order the form shows them (and new keys are placed).
    pub fields: Vec<FieldSchema>,
    /// Where this type came from: `decap` or `inferred`.
    pub source: &'static str,
    /// The field a new page's title goes in (Decap's `identifier_field`; `title` by default,
    /// digital.gov's authors use `display_name`).
    pub identifier_field: String,
    /// Whether "New page" offers it: a Decap folder collection inside the content folder that
    /// allows `create` and writes Markdown with a text identifier; an inferred section with an
    /// archetype.
    pub creatable: bool,
    /// Its label for one page (Decap's `label_singular`, else the label).
    pub label_singular: String,
}

/// All content types of a site.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteSchema {
    /// The Decap config read, if any.
    pub decap_config: Option<PathBuf>,
    /// Content types, most specific folder first.
    pub types: Vec<ContentType>,
    /// How a title becomes a slug here: the Decap config's `slug` settings, else Hugo's.
    #[serde(skip)]
    pub slug_rules: crate::site::SlugRules,
    /// Decap's `media_folder` as written (where uploaded images go), if the config names one.
    pub media_folder: Option<String>,
}

impl SiteSchema {
    /// Reads the site's Decap config — the file `decap_config` names (relative to the site
    /// root, refused when it leads outside), else the first found of the site's and its
    /// themes' usual places — else infers types from archetypes and pages.
    pub fn load(site: &Site, decap_config: Option<&str>) -> Result<SiteSchema, SiteError> {
        if let Some(rel) = decap_config {
            let path = crate::confine::confine(&site.root, rel).map_err(|escape| {
                SiteError::DecapConfigOutside {
                    path: PathBuf::from(rel),
                    reason: escape.reason,
                }
            })?;
            return SiteSchema::from_decap_file(&path, &site.config.content_dir);
        }
        for rel in decap_config_candidates(site) {
            let path = site.root.join(rel);
            if path.is_file() {
                return SiteSchema::from_decap_file(&path, &site.config.content_dir);
            }
        }
        Ok(SiteSchema::infer(site))
    }

    /// Reads a Decap CMS `config.yml`.
    pub fn from_decap_file(path: &Path, content_dir: &Path) -> Result<SiteSchema, SiteError> {
        let text = std::fs::read_to_string(path).map_err(|source| SiteError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let config = parse_data(path, &text, DataFormat::Yaml)?;
        let content_prefix = format!("{}/", content_dir.to_string_lossy().trim_end_matches('/'));
        let mut types: Vec<ContentType> = config
            .get("collections")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| decap_collection(c, &content_prefix))
            .collect();
        types.sort_by_key(|t| std::cmp::Reverse(t.folder.len()));
        let media_folder = config
            .get("media_folder")
            .and_then(Json::as_str)
            .map(str::to_string);
        Ok(SiteSchema {
            decap_config: Some(path.to_path_buf()),
            types,
            slug_rules: crate::site::SlugRules::from_decap_config(&config),
            media_folder,
        })
    }

    /// Infers one content type per section from its archetype (`archetypes/<section>.md`, else
    /// `default.md`) and the keys its pages use, most used first.
    pub fn infer(site: &Site) -> SiteSchema {
        let mut sections: Vec<&str> = site
            .index
            .pages
            .iter()
            .map(|p| p.section.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        sections.sort_unstable();
        sections.dedup();
        let taxonomies: Vec<&str> = site.config.taxonomy_plurals().collect();
        let mut types = Vec::new();
        for section in sections {
            let mut keys: Vec<(String, Option<Value>)> = Vec::new();
            let archetype_dirs = site
                .mounts
                .root_dirs(&site.root, crate::site::Component::Archetypes);
            let archetype = [format!("{section}.md"), "default.md".to_string()]
                .into_iter()
                .find_map(|name| {
                    archetype_dirs.iter().find_map(|dir| {
                        std::fs::read_to_string(site.root.join(dir).join(&name)).ok()
                    })
                });
            let creatable = new_page::archetype_for(site, section).is_some();
            if let Some(archetype) = archetype.as_deref() {
                keys.extend(archetype_keys(archetype));
            }
            let mut counts: Vec<(String, usize, Option<Value>)> = Vec::new();
            let root = site.content_root();
            for page in site
                .index
                .pages
                .iter()
                .filter(|p| p.section == section && p.kind == crate::site::PageKind::Page)
                .take(200)
            {
                let Ok(source) = std::fs::read_to_string(root.join(&page.path)) else {
                    continue;
                };
                let Ok(fm) = FrontMatter::parse(&source) else {
                    continue;
                };
                for (k, v) in fm.fields() {
                    match counts.iter_mut().find(|(name, _, _)| name == k) {
                        Some(entry) => entry.1 += 1,
                        None => counts.push((k.clone(), 1, Some(v.clone()))),
                    }
                }
            }
            counts.sort_by_key(|c| std::cmp::Reverse(c.1));
            for (k, _, v) in counts {
                if !keys.iter().any(|(name, _)| *name == k) {
                    keys.push((k, v));
                }
            }
            let fields = keys
                .into_iter()
                .map(|(name, sample)| inferred_field(name, sample.as_ref(), &taxonomies))
                .collect();
            types.push(ContentType {
                name: section.to_string(),
                label: section.to_string(),
                folder: section.to_string(),
                path_template: None,
                slug_template: None,
                fields,
                source: "inferred",
                identifier_field: "title".to_string(),
                creatable,
                label_singular: section.to_string(),
            });
        }
        SiteSchema {
            decap_config: None,
            types,
            slug_rules: crate::site::SlugRules::Hugo,
            media_folder: None,
        }
    }

    /// The content type of the page at `rel` (relative to the content folder).
    pub fn for_page(&self, rel: &str) -> Option<&ContentType> {
        self.types
            .iter()
            .find(|t| rel.starts_with(&format!("{}/", t.folder)))
    }

    /// Where a new page of `section` with `slug`, dated `date`, goes (content-relative): the
    /// content type's Decap `path`/`slug` templates (digital.gov:
    /// `news/YYYY/MM/YYYY-MM-DD-slug.md`), else `section/slug.md`. New pages and imports both
    /// use it.
    pub fn new_page_path<Tz: chrono::TimeZone>(
        &self,
        section: &str,
        slug: &str,
        date: &chrono::DateTime<Tz>,
    ) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        let content_type = self.for_page(&format!("{section}/x.md"));
        let fill = |template: &str| {
            template
                .replace("{{year}}", &date.format("%Y").to_string())
                .replace("{{month}}", &date.format("%m").to_string())
                .replace("{{day}}", &date.format("%d").to_string())
                .replace("{{slug}}", slug)
        };
        let file_slug = content_type
            .and_then(|t| t.slug_template.as_deref())
            .map_or_else(|| slug.to_string(), fill);
        match content_type.and_then(|t| t.path_template.as_deref()) {
            Some(path) => format!(
                "{section}/{}.md",
                fill(&path.replace("{{slug}}", &file_slug))
            ),
            None => format!("{section}/{file_slug}.md"),
        }
    }
}

fn str_field<'a>(value: &'a Json, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| value.get(*n).and_then(Json::as_str))
}

fn decap_collection(collection: &Json, content_prefix: &str) -> Option<ContentType> {
    let folder = str_field(collection, &["folder"])?;
    let in_content = folder
        .trim_start_matches('/')
        .starts_with(content_prefix.trim_start_matches('/'));
    let folder = folder
        .trim_start_matches('/')
        .strip_prefix(content_prefix)
        .unwrap_or(folder)
        .trim_matches('/')
        .to_string();
    let fields: Vec<FieldSchema> = collection
        .get("fields")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(decap_field)
        // The body is the Markdown editor, not a front-matter field.
        .filter(|f| f.name != "body")
        .collect();
    let identifier_field = str_field(collection, &["identifier_field"])
        .unwrap_or("title")
        .to_string();
    let markdown =
        str_field(collection, &["extension"]).is_none_or(|e| matches!(e, "md" | "markdown"));
    let text_identifier = fields
        .iter()
        .any(|f| f.name == identifier_field && matches!(f.widget, Widget::String | Widget::Text));
    let label = str_field(collection, &["label"])
        .unwrap_or(&folder)
        .to_string();
    Some(ContentType {
        creatable: in_content
            && markdown
            && text_identifier
            && collection.get("create").and_then(Json::as_bool) == Some(true),
        label_singular: str_field(collection, &["label_singular"])
            .unwrap_or(&label)
            .to_string(),
        identifier_field,
        name: str_field(collection, &["name"])
            .unwrap_or(&folder)
            .to_string(),
        label,
        folder,
        path_template: str_field(collection, &["path"]).map(str::to_string),
        slug_template: str_field(collection, &["slug"]).map(str::to_string),
        fields,
        source: "decap",
    })
}

fn decap_field(field: &Json) -> Option<FieldSchema> {
    let name = str_field(field, &["name"])?.to_string();
    let widget = match str_field(field, &["widget"]).unwrap_or("string") {
        "string" => Widget::String,
        "text" => Widget::Text,
        "datetime" | "date" => Widget::Datetime,
        "relation" => Widget::Relation,
        "select" => Widget::Select,
        "list" => Widget::List,
        "number" => Widget::Number,
        "boolean" => Widget::Boolean,
        "markdown" => Widget::Markdown,
        other => Widget::Other(other.to_string()),
    };
    let pattern = field.get("pattern").and_then(Json::as_array).and_then(|p| {
        Some((
            p.first()?.as_str()?.to_string(),
            p.get(1)
                .and_then(Json::as_str)
                .unwrap_or("does not match the expected pattern")
                .to_string(),
        ))
    });
    let options = field
        .get("options")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            o.as_str()
                .or_else(|| o.get("value").and_then(Json::as_str))
                .map(str::to_string)
        })
        .collect();
    Some(FieldSchema {
        label: str_field(field, &["label"]).unwrap_or(&name).to_string(),
        hint: str_field(field, &["hint"]).map(|h| h.trim().to_string()),
        required: field
            .get("required")
            .and_then(Json::as_bool)
            .unwrap_or(true),
        pattern,
        default: field.get("default").cloned(),
        multiple: field
            .get("multiple")
            .and_then(Json::as_bool)
            .unwrap_or(widget == Widget::List),
        relation: (widget == Widget::Relation)
            .then(|| str_field(field, &["collection"]).map(str::to_string))
            .flatten(),
        options,
        format: str_field(field, &["format"]).map(str::to_string),
        comment: str_field(field, &["comment"])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        widget,
        name,
    })
}

fn inferred_field(name: String, sample: Option<&Value>, taxonomies: &[&str]) -> FieldSchema {
    let is_taxonomy = taxonomies.contains(&name.as_str());
    let widget = match (name.as_str(), sample) {
        _ if is_taxonomy => Widget::Relation,
        ("date" | "publishdate" | "expirydate" | "lastmod", _) => Widget::Datetime,
        ("summary" | "description" | "deck", _) => Widget::Text,
        (_, Some(Value::List(_))) => Widget::List,
        (_, Some(Value::Bool(_))) => Widget::Boolean,
        (_, Some(Value::Int(_) | Value::Float(_))) => Widget::Number,
        _ => Widget::String,
    };
    let mut label = name.replace('_', " ");
    if let Some(first) = label.get(0..1) {
        label = first.to_uppercase() + &label[1..];
    }
    FieldSchema {
        multiple: matches!(widget, Widget::Relation | Widget::List),
        relation: is_taxonomy.then(|| name.clone()),
        label,
        widget,
        hint: None,
        required: name == "title",
        pattern: None,
        default: None,
        options: Vec::new(),
        format: None,
        comment: None,
        name,
    }
}

/// The top-level keys of an archetype, in order. Archetypes are Go templates that Hugo runs
/// before parsing, and Hugo's own old default (`title: "{{ replace .Name "-" " " | title }}"`)
/// is not valid YAML until then, so when the front matter does not parse the keys are read
/// from the unindented `key:` lines of the block instead, without sample values.
fn archetype_keys(archetype: &str) -> Vec<(String, Option<Value>)> {
    if let Ok(fm) = FrontMatter::parse(archetype) {
        return fm
            .fields()
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect();
    }
    let mut lines = archetype.lines();
    let Some(fence) = lines.next().map(str::trim_end) else {
        return Vec::new();
    };
    if fence != "---" && fence != "+++" {
        return Vec::new();
    }
    let separator = if fence == "---" { ':' } else { '=' };
    lines
        .take_while(|line| line.trim_end() != fence)
        .filter(|line| !line.starts_with([' ', '\t', '#', '-']))
        .filter_map(|line| line.split_once(separator))
        .map(|(key, _)| key.trim().trim_matches(['"', '\'']).to_string())
        .filter(|key| !key.is_empty())
        .map(|key| (key, None))
        .collect()
}
