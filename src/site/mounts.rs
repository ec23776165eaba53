//! Where Hugo reads each kind of file from: the site's module mounts, the one answer every walk
//! of content, layouts, data, static files, assets, archetypes and translations goes through
//! (`docs/hugo-behaviour.md` §10).
//!
//! Hugo 0.168 assembles one virtual tree per component from the mounts of the project and of
//! each module (theme) it imports, in precedence order: the project first, then the imports
//! (`module.imports`, then `theme`), depth first. The project's `module.mounts` replace the
//! default mount of each component they name; a component it names none for keeps its default
//! folder (`contentDir` per language, `layoutDir`, `dataDir`, `staticDir`…). A theme without
//! mounts mounts each component folder it has. A mount whose source does not exist is skipped,
//! as Hugo skips it; a module that is not on disk (neither under `themesDir` nor `_vendor`) is
//! reported once as a [`MountWarning`] and the rest of the site still works.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::config::{lookup_ci, read_config_in, Language};
use super::SiteConfig;

/// The kinds of file Hugo mounts (its component folders).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Component {
    /// Pages (`content`).
    Content,
    /// Data files (`data`).
    Data,
    /// Templates (`layouts`).
    Layouts,
    /// Translation tables (`i18n`).
    I18n,
    /// Archetypes (`archetypes`).
    Archetypes,
    /// Files for Hugo Pipes (`assets`).
    Assets,
    /// Files copied as they are (`static`).
    Static,
}

impl Component {
    /// Every component, in the order Hugo sets up their defaults.
    pub const ALL: [Component; 7] = [
        Component::Content,
        Component::Data,
        Component::Layouts,
        Component::I18n,
        Component::Archetypes,
        Component::Assets,
        Component::Static,
    ];

    /// The folder name Hugo gives the component (and a mount target starts with).
    pub fn folder(self) -> &'static str {
        match self {
            Component::Content => "content",
            Component::Data => "data",
            Component::Layouts => "layouts",
            Component::I18n => "i18n",
            Component::Archetypes => "archetypes",
            Component::Assets => "assets",
            Component::Static => "static",
        }
    }

    fn from_folder(name: &str) -> Option<Component> {
        Component::ALL.into_iter().find(|c| c.folder() == name)
    }
}

/// One mount: a folder (or file) of the project or of a module, seen by Hugo at `target`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mount {
    /// The kind of file mounted.
    pub component: Component,
    /// The source, relative to the site root, confined to it (`content/en`,
    /// `themes/x/layouts`).
    pub source: PathBuf,
    /// Where below the component folder it appears: empty for the component's root
    /// (`target = "content"`), else the rest of the target (`blog` for `content/blog`).
    pub target: String,
    /// The languages it is for (`lang`, or `sites.matrix.languages`); empty for all.
    pub languages: Vec<String>,
    /// The module it belongs to: empty for the project, else the theme or import path.
    pub module: String,
}

impl Mount {
    /// Whether the mount serves `lang`.
    pub fn serves(&self, lang: &str) -> bool {
        self.languages.is_empty()
            || self
                .languages
                .iter()
                .any(|l| l == lang || l == "*" || l == "**")
    }

    /// The one language the mount is for, when it names exactly one.
    pub fn language(&self) -> Option<&str> {
        match self.languages.as_slice() {
            [one] if one != "*" && one != "**" => Some(one),
            _ => None,
        }
    }
}

/// Something in the module setup that Postwright (and Hugo offline) cannot use; the site opens
/// without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum MountWarning {
    /// An imported module or theme is not on disk (`themesDir/<path>` or `_vendor/<path>`):
    /// its templates, content and data are missing (Hugo would download it).
    #[error("module {module:?} is not in the site folder ({looked_in}); its templates, content and data are not used")]
    ModuleMissing {
        /// The module path or theme name.
        module: String,
        /// Where it was looked for.
        looked_in: String,
    },
    /// A mount's source leads outside the site folder: it is not read.
    #[error(
        "{source_path}: mount of {module_name} leads outside the site folder ({reason}); not used"
    )]
    Outside {
        /// The module (empty for the project).
        module_name: String,
        /// The source as configured.
        source_path: String,
        /// Why it is outside.
        reason: String,
    },
    /// A mount whose target is not a component folder (Hugo refuses the config).
    #[error("mount {source_path:?} → {target:?}: the target must start with one of content, data, layouts, i18n, archetypes, assets, static")]
    BadTarget {
        /// The source as configured.
        source_path: String,
        /// The target as configured.
        target: String,
    },
}

/// Every mount of the site, by component, in Hugo's precedence order (earlier wins).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mounts {
    mounts: Vec<Mount>,
    /// What could not be mounted, each problem once.
    pub warnings: Vec<MountWarning>,
}

impl Mounts {
    /// The mounts of the site at `root` (canonical) configured by `config`.
    pub fn resolve(root: &Path, config: &SiteConfig) -> Mounts {
        let mut out = Mounts::default();
        let project = project_mounts(config);
        out.add_module(root, "", Path::new(""), &project, true);
        for (name, dir, module_mounts) in modules(root, config, &mut out.warnings) {
            out.add_module(root, &name, &dir, &module_mounts, false);
        }
        out
    }

    /// The mounts of one component, in precedence order.
    pub fn of(&self, component: Component) -> impl Iterator<Item = &Mount> {
        self.mounts.iter().filter(move |m| m.component == component)
    }

    /// The folders mounted at the root of `component` (target without a sub-path), relative
    /// to the site root, in precedence order: what a walk of layouts or data goes through.
    pub fn root_dirs(&self, root: &Path, component: Component) -> Vec<PathBuf> {
        self.of(component)
            .filter(|m| m.target.is_empty() && root.join(&m.source).is_dir())
            .map(|m| m.source.clone())
            .collect()
    }

    /// The folder the index's page paths are relative to, from the site root: the deepest
    /// folder holding every content mount of the project (`content/en` for hugodocs, which
    /// mounts it alone; `content` for a site with `content/en` and `content/fr`). `None` when
    /// the project mounts no content folder that exists.
    pub fn content_root(&self, root: &Path) -> Option<PathBuf> {
        let mut common: Option<PathBuf> = None;
        for mount in self
            .of(Component::Content)
            .filter(|m| m.module.is_empty() && root.join(&m.source).is_dir())
        {
            common = Some(match common {
                None => mount.source.clone(),
                Some(c) => c
                    .components()
                    .zip(mount.source.components())
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| a)
                    .collect(),
            });
        }
        common
    }

    /// Every content file Hugo reads as a page, with where it sits in Hugo's tree: each
    /// content mount walked in precedence order, a file of a later mount at the same Hugo path
    /// and language as an earlier one left out (Hugo shadows it). Only files below
    /// `content_rel` (see [`Mounts::content_root`]) are listed: a theme's own pages are not
    /// the site's to edit.
    pub fn content_files(
        &self,
        root: &Path,
        content_rel: &Path,
        config: &SiteConfig,
    ) -> ContentFiles {
        let mut files = Vec::new();
        let mut adapters = self.walk_content(root, content_rel, config, &mut |location, path| {
            files.push((location, path))
        });
        files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        adapters.sort();
        ContentFiles {
            pages: files,
            adapters,
        }
    }

    /// [`Mounts::content_files`] handing each page file to `each` as the walk finds it;
    /// returns the content adapters, unsorted.
    pub(crate) fn walk_content(
        &self,
        root: &Path,
        content_rel: &Path,
        config: &SiteConfig,
        each: &mut dyn FnMut(PageLocation, PathBuf),
    ) -> Vec<String> {
        let content_root = root.join(content_rel);
        let mut seen = std::collections::HashSet::new();
        let mut adapters = Vec::new();
        for mount in self.of(Component::Content) {
            let source = root.join(&mount.source);
            for entry in walkdir::WalkDir::new(&source)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                if entry.file_name() == "_content.gotmpl" {
                    if let Ok(key) = entry.path().strip_prefix(&content_root) {
                        adapters.push(slashed(key));
                    }
                    continue;
                }
                if !super::is_content_file(entry.path()) {
                    continue;
                }
                let (Ok(in_mount), Ok(key)) = (
                    entry.path().strip_prefix(&source),
                    entry.path().strip_prefix(&content_root),
                ) else {
                    continue;
                };
                let location = locate_in(mount, &slashed(in_mount), slashed(key), config);
                if seen.insert((location.hugo_path.clone(), location.lang.clone())) {
                    each(location, entry.into_path());
                }
            }
        }
        adapters
    }

    /// Where the content file at `rel` (relative to `content_rel`) sits in Hugo's tree: through
    /// the first content mount holding it; `None` when no mount does.
    pub fn locate(
        &self,
        root: &Path,
        content_rel: &Path,
        rel: &str,
        config: &SiteConfig,
    ) -> Option<PageLocation> {
        let file = content_rel.join(rel);
        self.of(Component::Content).find_map(|mount| {
            let in_mount = file.strip_prefix(&mount.source).ok()?;
            let _ = root;
            Some(locate_in(
                mount,
                &slashed(in_mount),
                rel.to_string(),
                config,
            ))
        })
    }

    fn add_module(
        &mut self,
        root: &Path,
        module: &str,
        dir: &Path,
        specs: &[MountSpec],
        project: bool,
    ) {
        for spec in specs {
            let target = clean(&spec.target);
            let (base, rest) = target.split_once('/').unwrap_or((&target, ""));
            let Some(component) = Component::from_folder(base) else {
                self.warnings.push(MountWarning::BadTarget {
                    source_path: spec.source.clone(),
                    target: spec.target.clone(),
                });
                continue;
            };
            // Hugo's JS config mount is not a folder anyone edits.
            if rest.starts_with("jsconfig") {
                continue;
            }
            let rel = dir.join(clean(&spec.source));
            let rel_text = rel.to_string_lossy();
            let confined = crate::confine::confine(root, &rel_text);
            let source = match confined {
                Ok(_) => rel,
                Err(escape) => {
                    // A source that does not exist is skipped, as Hugo skips it.
                    if root.join(&rel).exists() || Path::new(&spec.source).is_absolute() {
                        self.warnings.push(MountWarning::Outside {
                            module_name: if project {
                                "the project".into()
                            } else {
                                format!("module {module:?}")
                            },
                            source_path: spec.source.clone(),
                            reason: escape.reason,
                        });
                    }
                    continue;
                }
            };
            if !root.join(&source).exists() {
                continue;
            }
            let mount = Mount {
                component,
                source,
                target: rest.to_string(),
                languages: spec.languages.clone(),
                module: module.to_string(),
            };
            if !self.mounts.contains(&mount) {
                self.mounts.push(mount);
            }
        }
    }
}

/// What [`Mounts::content_files`] finds.
#[derive(Debug, Clone, Default)]
pub struct ContentFiles {
    /// The page files, with their locations, by path.
    pub pages: Vec<(PageLocation, PathBuf)>,
    /// The content adapters (`_content.gotmpl`), content-relative, sorted: Hugo runs them to
    /// make pages, which Postwright does not (their pages are not listed or previewable).
    pub adapters: Vec<String>,
}

/// Where a content file sits in Hugo's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLocation {
    /// The index's key: the file's path relative to the content root, with `/`.
    pub path: String,
    /// The path Hugo knows the page by, below `content` (the mount's target sub-path joined
    /// with the path inside the mount, a language suffix dropped): what sections, kinds,
    /// permalinks and refs are worked out from.
    pub hugo_path: String,
    /// The page's language: the file name's suffix (`post.fr.md`) when it names one of the
    /// site's languages, else the mount's one language, else the default content language.
    pub lang: String,
}

impl PageLocation {
    /// A file of the default content mount (`content` → `content`): its Hugo path is its
    /// path; the language comes from its name, or is the default one.
    pub fn plain(rel: &str, config: &SiteConfig) -> PageLocation {
        let (hugo_path, lang) = split_language(rel, config);
        PageLocation {
            path: rel.to_string(),
            hugo_path,
            lang: lang.unwrap_or_else(|| config.default_language.clone()),
        }
    }
}

fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy();
    if text.contains('\\') {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// The location of the file at `in_mount` (inside `mount`), known as `key` by the index.
fn locate_in(mount: &Mount, in_mount: &str, key: String, config: &SiteConfig) -> PageLocation {
    let (inner, file_lang) = split_language(in_mount, config);
    let hugo_path = if mount.target.is_empty() {
        inner
    } else {
        format!("{}/{inner}", mount.target)
    };
    let lang = file_lang
        .or_else(|| mount.language().map(str::to_string))
        .unwrap_or_else(|| config.default_language.clone());
    PageLocation {
        path: key,
        hugo_path,
        lang,
    }
}

/// `about.fr.md` → (`about.md`, `fr`) when `fr` is one of the site's languages; any other
/// path is returned as it is, without a language.
fn split_language(rel: &str, config: &SiteConfig) -> (String, Option<String>) {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let mut parts = name.rsplitn(3, '.');
    if let (Some(ext), Some(lang), Some(stem)) = (parts.next(), parts.next(), parts.next()) {
        let lang = lang.to_lowercase();
        if config.has_language(&lang) {
            let name = format!("{stem}.{ext}");
            let path = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            return (path, Some(lang));
        }
    }
    (rel.to_string(), None)
}

/// A mount as configured: source relative to its module, target, languages.
#[derive(Debug, Clone)]
struct MountSpec {
    source: String,
    target: String,
    languages: Vec<String>,
}

/// `a/./b/` → `a/b`, `\` read as `/`.
fn clean(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// The `module.mounts` list of a config (the `mounts` of a `module.imports` entry reads the
/// same way).
fn mount_specs(list: Option<&Value>) -> Vec<MountSpec> {
    let Some(Value::Array(items)) = list else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let text = |key: &str| lookup_ci(item, key).and_then(Value::as_str);
            let mut languages: Vec<String> = text("lang")
                .filter(|l| !l.is_empty())
                .map(|l| vec![l.to_lowercase()])
                .unwrap_or_default();
            let matrix = lookup_ci(item, "sites")
                .and_then(|s| lookup_ci(s, "matrix"))
                .and_then(|m| lookup_ci(m, "languages"));
            match matrix {
                Some(Value::Array(list)) => {
                    languages.extend(list.iter().filter_map(Value::as_str).map(str::to_lowercase))
                }
                Some(Value::String(one)) => languages.push(one.to_lowercase()),
                _ => {}
            }
            Some(MountSpec {
                source: text("source")?.to_string(),
                target: text("target")?.to_string(),
                languages,
            })
        })
        .collect()
}

/// The project's mounts: its `module.mounts`, plus the default folder of each component they
/// do not mount (Hugo's `ApplyProjectConfigDefaults`).
fn project_mounts(config: &SiteConfig) -> Vec<MountSpec> {
    let raw = &config.raw;
    let mut specs = mount_specs(lookup_ci(raw, "module").and_then(|m| lookup_ci(m, "mounts")));
    let configured: Vec<String> = specs
        .iter()
        .map(|s| clean(&s.target))
        .filter(|t| !t.starts_with("assets/jsconfig"))
        .map(|t| t.split('/').next().unwrap_or("").to_string())
        .collect();
    let setting = |key: &str, default: &str| {
        lookup_ci(raw, key)
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_string()
    };
    for component in Component::ALL {
        if configured.iter().any(|c| c == component.folder()) {
            continue;
        }
        let target = component.folder().to_string();
        match component {
            Component::Content => {
                let base = setting("contentDir", "content");
                for Language {
                    code, content_dir, ..
                } in &config.languages
                {
                    let dir = content_dir.clone().unwrap_or_else(|| base.clone());
                    let languages = if clean(&dir) == clean(&base) {
                        Vec::new()
                    } else {
                        vec![code.clone()]
                    };
                    specs.push(MountSpec {
                        source: dir,
                        target: target.clone(),
                        languages,
                    });
                }
            }
            Component::Static => {
                let dirs = match lookup_ci(raw, "staticDir") {
                    Some(Value::Array(list)) => list
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    Some(Value::String(one)) => vec![one.clone()],
                    _ => vec!["static".to_string()],
                };
                for dir in dirs {
                    specs.push(MountSpec {
                        source: dir,
                        target: target.clone(),
                        languages: Vec::new(),
                    });
                }
            }
            _ => {
                let (key, default) = match component {
                    Component::Data => ("dataDir", "data"),
                    Component::Layouts => ("layoutDir", "layouts"),
                    Component::I18n => ("i18nDir", "i18n"),
                    Component::Archetypes => ("archetypeDir", "archetypes"),
                    _ => ("assetDir", "assets"),
                };
                specs.push(MountSpec {
                    source: setting(key, default),
                    target,
                    languages: Vec::new(),
                });
            }
        }
    }
    specs
}

/// The imported modules in Hugo's order (`module.imports`, then the `theme` list with the
/// components each theme names), each with its folder (relative to the root) and its mounts;
/// those not on disk are reported once.
fn modules(
    root: &Path,
    config: &SiteConfig,
    warnings: &mut Vec<MountWarning>,
) -> Vec<(String, PathBuf, Vec<MountSpec>)> {
    let themes_dir = config.themes_dir.trim_end_matches('/').to_string();
    let mut wanted: Vec<(String, Option<Vec<MountSpec>>)> = Vec::new();
    if let Some(Value::Array(imports)) =
        lookup_ci(&config.raw, "module").and_then(|m| lookup_ci(m, "imports"))
    {
        for import in imports {
            let Some(path) = lookup_ci(import, "path").and_then(Value::as_str) else {
                continue;
            };
            if lookup_ci(import, "disable").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let mounts = if lookup_ci(import, "noMounts").and_then(Value::as_bool) == Some(true) {
                Some(Vec::new())
            } else {
                let specs = mount_specs(lookup_ci(import, "mounts"));
                (!specs.is_empty()).then_some(specs)
            };
            wanted.push((path.to_string(), mounts));
        }
    }
    for theme in &config.themes {
        if !wanted.iter().any(|(p, _)| p == theme) {
            wanted.push((theme.clone(), None));
        }
    }
    let mut out = Vec::new();
    for (path, import_mounts) in wanted {
        let candidates = [format!("{themes_dir}/{path}"), format!("_vendor/{path}")];
        let found = candidates.iter().find_map(|rel| {
            crate::confine::confine(root, rel)
                .ok()
                .filter(|dir| dir.is_dir())
                .map(|_| PathBuf::from(rel))
        });
        let Some(dir) = found else {
            warnings.push(MountWarning::ModuleMissing {
                module: path.clone(),
                looked_in: candidates.join(", "),
            });
            continue;
        };
        let specs = import_mounts.unwrap_or_else(|| {
            let own = read_config_in(&root.join(&dir))
                .map(|(raw, _)| {
                    mount_specs(lookup_ci(&raw, "module").and_then(|m| lookup_ci(m, "mounts")))
                })
                .unwrap_or_default();
            if own.is_empty() {
                Component::ALL
                    .iter()
                    .map(|c| MountSpec {
                        source: c.folder().to_string(),
                        target: c.folder().to_string(),
                        languages: Vec::new(),
                    })
                    .collect()
            } else {
                own
            }
        });
        out.push((path, dir, specs));
    }
    out
}
