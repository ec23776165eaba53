//! Images in a site: its convention for adding one, detected from the site's own files and
//! never configured, and which local files the preview may show.
//!
//! Two conventions:
//! - *Image records* (digital.gov): each image is described by `data/images/<uid>.yml`
//!   (uid, width, height, format, alt, caption, credit) and placed with a shortcode whose
//!   template looks the record up in `.Site.Data.images` by its `src` param; the file goes to
//!   Decap's `media_folder`, from where the site's pipeline publishes it (digital.gov: to its
//!   CDN, `params.cdnurl/<uid>.<format>`). Detected when the site has such records *and* such a
//!   shortcode template. A new record copies the shape of the existing ones — key order, the
//!   padding before `:`, quoting, the UTC offset of dates — learned by majority from them.
//! - *Plain*: any other site. The file becomes a page-bundle resource when the page is a
//!   bundle (`index.md`), else a file in `static/images/`, and the text to insert is Markdown's
//!   `![alt](src)`.
//!
//! Nothing is overwritten: a uid or file name already taken gets `-2`, `-3`… and files are
//! created with create-new semantics through [`crate::document::write_new_atomic`]. Every path
//! goes through [`crate::confine`].
//!
//! The preview cannot load a file that is not published yet; [`map_local_images`] says which
//! local file an `<img src>` of the rendered page stands for, and [`LocalImages`] which site
//! files the app's read-only protocol (`pwmedia:`) may serve: images under `static/`,
//! `assets/`, the media folder or the content folder (page bundles), in the site or a theme.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::site::Site;

/// The scheme of the app's read-only protocol for the site's local images.
pub const PREVIEW_SCHEME: &str = "pwmedia";

/// Where the protocol's URLs start: `pwmedia://localhost/<site-relative path>`.
pub const PREVIEW_URL_PREFIX: &str = "pwmedia://localhost/";

/// The largest image the app copies into a site or serves to the preview.
pub const MAX_IMAGE_BYTES: u64 = 50 * 1024 * 1024;

/// Where image records live, relative to the site root.
const RECORDS_DIR: &str = "data/images";

/// Extensions of the image files the preview may be served, lower-case.
const IMAGE_EXTENSIONS: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "ico"];

/// Why an image could not be added or served.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The alt text is missing.
    #[error(
        "{file}: alt text is required: describe what the image shows for people who cannot see it"
    )]
    NoAlt {
        /// The image's file name.
        file: String,
    },
    /// The bytes are not an image the app can read the size of.
    #[error("{file}: not a PNG, JPEG, GIF or WebP image ({reason})")]
    NotAnImage {
        /// The image's file name.
        file: String,
        /// What the reader said.
        reason: String,
    },
    /// The image is larger than [`MAX_IMAGE_BYTES`].
    #[error("{file}: {} MB is too large for an image (the limit is {} MB)", bytes / 1_000_000, MAX_IMAGE_BYTES / 1_000_000)]
    TooLarge {
        /// The image's file name.
        file: String,
        /// Its size.
        bytes: u64,
    },
    /// The file name gives no usable name (`.png`, `???.png`).
    #[error("{file}: the file name gives no name for the image; rename the file")]
    NoName {
        /// The image's file name.
        file: String,
    },
    /// The preview asked for a file it may not be served.
    #[error("{path}: not an image of the site the preview may show ({reason})")]
    NotServed {
        /// The path as asked.
        path: String,
        /// Why.
        reason: String,
    },
}

/// How a site places images, as detected by [`ImageConvention::detect`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ImageConvention {
    /// Records in `data/images/<uid>.yml`, a shortcode, files in the media folder.
    Records {
        /// The shortcode that places a recorded image (`img`).
        shortcode: String,
        /// Where image files go, relative to the site root (Decap's `media_folder`).
        media_folder: String,
    },
    /// No convention: a bundle resource or a `static/images/` file, Markdown image syntax.
    Plain,
}

impl ImageConvention {
    /// The site's convention: records when `data/images/` holds at least one record with a
    /// `uid` and a shortcode template reads `.Site.Data.images` with a `src` param.
    pub fn detect(site: &Site) -> ImageConvention {
        let has_record = record_files(&site.root).iter().any(|path| {
            std::fs::read_to_string(path).is_ok_and(|text| {
                text.lines()
                    .any(|l| l.split(':').next().is_some_and(|k| k.trim() == "uid"))
            })
        });
        if !has_record {
            return ImageConvention::Plain;
        }
        let Some(shortcode) = record_shortcode(site) else {
            return ImageConvention::Plain;
        };
        ImageConvention::Records {
            shortcode,
            media_folder: media_folder(site).unwrap_or_else(|| "static/images".to_string()),
        }
    }
}

/// The shortcode whose template looks records up by `src`: `img` when it is one of them, else
/// the first by name.
fn record_shortcode(site: &Site) -> Option<String> {
    let prepared = crate::render::prepared_for(site);
    let templates = &prepared.templates;
    let mut found: Vec<String> = templates
        .names()
        .filter(|name| {
            let Some((source, _)) = templates.describe(name) else {
                return false;
            };
            let Ok(text) = std::fs::read_to_string(site.root.join(&source)) else {
                return false;
            };
            let reads_records = text.contains("Data.images");
            let reads_src = templates
                .reads(name)
                .and_then(Result::ok)
                .is_some_and(|r| r.named.contains("src"));
            reads_records && reads_src
        })
        .map(str::to_string)
        .collect();
    found.sort();
    if found.iter().any(|n| n == "img") {
        return Some("img".to_string());
    }
    found.into_iter().next()
}

/// Decap's `media_folder`, relative to the site root (its leading `/` means the site root),
/// when the site's Decap config names one inside the site (read with the config, once).
pub fn media_folder(site: &Site) -> Option<String> {
    let folder = site.schema.media_folder.as_deref()?;
    let rel = folder.trim_start_matches('/').trim_end_matches('/');
    crate::confine::confine(&site.root, rel).ok()?;
    Some(rel.to_string())
}

fn record_files(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(RECORDS_DIR)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

/// An image's name in the site: the file's stem as a slug ([`crate::site::file_slug`], the
/// site's one slug rule), with `_` and `.` turned into `-` as digital.gov's upload pipeline
/// does, and runs of `-` made one.
pub fn image_uid(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let slug = crate::site::file_slug(stem).replace(['_', '.'], "-");
    let mut uid = String::with_capacity(slug.len());
    for c in slug.chars() {
        if c == '-' && uid.ends_with('-') {
            continue;
        }
        uid.push(c);
    }
    uid.trim_matches('-').to_string()
}

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImageFacts {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The format as a file extension (`png`, `jpg`, `gif`, `webp`).
    pub format: String,
    /// The name the image will get ([`image_uid`]).
    pub uid: String,
}

/// Reads the size and format of `bytes` (named `file_name`).
pub fn image_facts(file_name: &str, bytes: &[u8]) -> Result<ImageFacts, MediaError> {
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(MediaError::TooLarge {
            file: file_name.to_string(),
            bytes: bytes.len() as u64,
        });
    }
    let not_image = |reason: String| MediaError::NotAnImage {
        file: file_name.to_string(),
        reason,
    };
    let kind = imagesize::image_type(bytes).map_err(|e| not_image(e.to_string()))?;
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    let format = match kind {
        imagesize::ImageType::Png => "png",
        // The writer's spelling of JPEG is kept (digital.gov has both).
        imagesize::ImageType::Jpeg if extension.as_deref() == Some("jpeg") => "jpeg",
        imagesize::ImageType::Jpeg => "jpg",
        imagesize::ImageType::Gif => "gif",
        imagesize::ImageType::Webp => "webp",
        #[allow(unreachable_patterns)]
        _ => return Err(not_image("an image format the web does not show".into())),
    };
    let size = imagesize::blob_size(bytes).map_err(|e| not_image(e.to_string()))?;
    let uid = image_uid(file_name);
    if uid.is_empty() {
        return Err(MediaError::NoName {
            file: file_name.to_string(),
        });
    }
    Ok(ImageFacts {
        width: u32::try_from(size.width).unwrap_or(u32::MAX),
        height: u32::try_from(size.height).unwrap_or(u32::MAX),
        format: format.to_string(),
        uid,
    })
}

/// The writer's words about an image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageText {
    /// Alt text (required).
    pub alt: String,
    /// Caption (may be empty).
    pub caption: String,
    /// Credit (may be empty).
    pub credit: String,
}

impl ImageText {
    /// Each text on one line, trimmed; the alt text must not be empty.
    pub fn cleaned(&self, file_name: &str) -> Result<ImageText, MediaError> {
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = ImageText {
            alt: one_line(&self.alt),
            caption: one_line(&self.caption),
            credit: one_line(&self.credit),
        };
        if text.alt.is_empty() {
            return Err(MediaError::NoAlt {
                file: file_name.to_string(),
            });
        }
        Ok(text)
    }
}

/// The layout of existing records, learned by majority so a new one looks like its neighbours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordShape {
    /// Keys in order.
    pub keys: Vec<String>,
    /// The column of `:` when keys are padded to line up (`date     : `), else `None`.
    pub colon_column: Option<usize>,
    /// Text values are written in double quotes.
    pub quoted: bool,
    /// Empty text values are written `""` rather than left blank.
    pub empty_quoted: bool,
    /// The UTC offset dates are written in, when records have dates.
    pub offset: Option<FixedOffset>,
}

const DEFAULT_KEYS: [&str; 8] = [
    "date", "uid", "width", "height", "format", "credit", "caption", "alt",
];

impl RecordShape {
    /// Learns the shape from the records in `data/images/` of the site at `root`.
    pub fn learn(root: &Path) -> RecordShape {
        let mut orders: HashMap<Vec<String>, usize> = HashMap::new();
        let mut columns: HashMap<Option<usize>, usize> = HashMap::new();
        let mut quoted = (0usize, 0usize);
        let mut empty_quoted = (0usize, 0usize);
        let mut offsets: HashMap<i32, usize> = HashMap::new();
        for path in record_files(root) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut keys = Vec::new();
            for line in text.lines() {
                if line.starts_with(['#', ' ', '\t']) || line.trim().is_empty() {
                    continue;
                }
                let Some((key_part, value)) = line.split_once(':') else {
                    continue;
                };
                let key = key_part.trim_end();
                if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                if key == "uid" {
                    let padded = key_part.len() > key.len();
                    *columns.entry(padded.then_some(key_part.len())).or_default() += 1;
                }
                let value = value.trim();
                if matches!(key, "alt" | "caption" | "credit") {
                    if value.is_empty() || value == "\"\"" {
                        let slot = if value.is_empty() {
                            &mut empty_quoted.1
                        } else {
                            &mut empty_quoted.0
                        };
                        *slot += 1;
                    } else if value.starts_with('"') {
                        quoted.0 += 1;
                    } else {
                        quoted.1 += 1;
                    }
                }
                if key == "date" {
                    if let Ok(date) = DateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S %z") {
                        *offsets.entry(date.offset().local_minus_utc()).or_default() += 1;
                    }
                }
                keys.push(key.to_string());
            }
            if keys.iter().any(|k| k == "uid") {
                *orders.entry(keys).or_default() += 1;
            }
        }
        let mut keys = pick_most(&orders)
            .unwrap_or_else(|| DEFAULT_KEYS.iter().map(|k| k.to_string()).collect());
        for needed in ["uid", "width", "height", "format", "alt"] {
            if !keys.iter().any(|k| k == needed) {
                keys.push(needed.to_string());
            }
        }
        RecordShape {
            keys,
            colon_column: pick_most(&columns).flatten(),
            quoted: quoted.0 >= quoted.1,
            // Without an empty value to go by, empty ones are written as the others are.
            empty_quoted: if empty_quoted == (0, 0) {
                quoted.0 >= quoted.1
            } else {
                empty_quoted.0 > empty_quoted.1
            },
            offset: pick_most(&offsets).and_then(FixedOffset::east_opt),
        }
    }

    /// A record for `facts` and `text` in this shape, dated `now` (in the records' offset).
    pub fn write(
        &self,
        facts: &ImageFacts,
        text: &ImageText,
        now: DateTime<FixedOffset>,
    ) -> String {
        let now = self.offset.map_or(now, |offset| now.with_timezone(&offset));
        let mut out = String::new();
        for key in &self.keys {
            let value = match key.as_str() {
                "date" => now.format("%Y-%m-%d %H:%M:%S %z").to_string(),
                "uid" => facts.uid.clone(),
                "width" => facts.width.to_string(),
                "height" => facts.height.to_string(),
                "format" => facts.format.clone(),
                "alt" => self.text_value(&text.alt),
                "caption" => self.text_value(&text.caption),
                "credit" => self.text_value(&text.credit),
                _ => String::new(),
            };
            match self.colon_column {
                Some(column) => out.push_str(&format!("{key:<width$}:", width = column)),
                None => out.push_str(&format!("{key}:")),
            }
            if !value.is_empty() {
                out.push(' ');
                out.push_str(&value);
            }
            out.push('\n');
        }
        out
    }

    fn text_value(&self, text: &str) -> String {
        if text.is_empty() {
            return if self.empty_quoted {
                "\"\"".into()
            } else {
                String::new()
            };
        }
        if self.quoted || !plain_is_safe(text) {
            let mut quoted = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => quoted.push_str("\\\""),
                    '\\' => quoted.push_str("\\\\"),
                    c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", c as u32)),
                    c => quoted.push(c),
                }
            }
            quoted.push('"');
            quoted
        } else {
            text.to_string()
        }
    }
}

fn pick_most<K: Clone + Ord>(map: &HashMap<K, usize>) -> Option<K> {
    let most = map.values().copied().max().unwrap_or(0);
    // Ties go to the smallest key, so the answer does not depend on the hash order.
    map.iter()
        .filter(|(_, n)| **n == most && most > 0)
        .map(|(k, _)| k.clone())
        .min()
}

/// Whether `text` reads back as the same string when written as a plain YAML scalar.
fn plain_is_safe(text: &str) -> bool {
    let first = text.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`~ ".contains(first) || text.ends_with([' ', ':']) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null"
    ) || text.parse::<f64>().is_ok()
    {
        return false;
    }
    true
}

/// A file name `<name>.<ext>` free in `dir`, or with `-2`, `-3`… added, where `taken` also says
/// no (another file the same name would clash with).
pub fn free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_string())
}

/// Escapes text for Markdown's image alt (`[` `]` `\`).
pub fn markdown_alt(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The site's folders whose images the preview may be served, read once per render.
#[derive(Debug, Clone)]
pub struct LocalImages {
    root: PathBuf,
    base_url: String,
    content_dir: PathBuf,
    /// `static/` of the site, then of each theme (site-relative).
    statics: Vec<PathBuf>,
    /// `assets/` of the site, then of each theme: Hugo publishes a resource of them at its
    /// path when a template asks for its URL (`resources.Get`).
    assets: Vec<PathBuf>,
    /// Every folder served from (site-relative).
    served: Vec<PathBuf>,
    media: Option<String>,
    /// The `RelPermalink` of the page whose images are mapped, when known: a site path under
    /// it may be one of its bundle's resources.
    page_url: Option<String>,
}

impl LocalImages {
    /// The folders of `site`: `static/`, `assets/`, the media folder and the content folder of
    /// the site, and `static/`, `assets/` of each theme.
    pub fn of(site: &Site) -> LocalImages {
        let themes = site.theme_dirs().0;
        let mut statics = vec![PathBuf::from("static")];
        statics.extend(themes.iter().map(|t| t.join("static")));
        let media = media_folder(site);
        let mut served = statics.clone();
        let mut assets = vec![PathBuf::from("assets")];
        assets.extend(themes.iter().map(|t| t.join("assets")));
        served.extend(assets.iter().cloned());
        served.push(site.config.content_dir.clone());
        served.extend(media.iter().map(PathBuf::from));
        LocalImages {
            root: site.root.clone(),
            base_url: site.config.base_url.trim_end_matches('/').to_string(),
            content_dir: site.config.content_dir.clone(),
            statics,
            assets,
            served,
            media,
            page_url: None,
        }
    }

    /// Whether `rel` (site-relative) is a file the preview may be served: an image by its
    /// extension, in one of the folders served. Returns its absolute path (confined: no `..`,
    /// no link leading out).
    pub fn file(&self, rel: &str) -> Result<PathBuf, MediaError> {
        let refuse = |reason: &str| MediaError::NotServed {
            path: rel.to_string(),
            reason: reason.to_string(),
        };
        let path = crate::confine::confine(&self.root, rel).map_err(|e| refuse(&e.reason))?;
        let extension = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !IMAGE_EXTENSIONS.contains(&extension.as_str()) {
            return Err(refuse("only image files are served"));
        }
        if !self
            .served
            .iter()
            .any(|root| Path::new(rel).starts_with(root))
        {
            return Err(refuse(
                "only images under static/, assets/, the media folder or the content folder",
            ));
        }
        // The canonical path settles what `confine` let through links inside the site.
        let real = path.canonicalize().map_err(|_| refuse("no such file"))?;
        if !real.starts_with(&self.root) || !real.is_file() {
            return Err(refuse("not a file inside the site"));
        }
        Ok(real)
    }

    /// The local file (site-relative) an `<img src>` of page `page` (content-relative) stands
    /// for, when there is one the preview may show: a root-relative URL (or one under
    /// `baseURL`) found under a `static/` folder; a relative one next to a bundle's
    /// `index.md`; a remote one whose file name is in the media folder (an image added but
    /// not published yet).
    pub fn source(&self, page: &str, src: &str) -> Option<String> {
        let src = src.split(['?', '#']).next().unwrap_or(src);
        let site_path = if !self.base_url.is_empty() && src.starts_with(&self.base_url) {
            Some(&src[self.base_url.len()..])
        } else if src.starts_with('/') && !src.starts_with("//") {
            Some(src)
        } else {
            None
        };
        let try_rel = |rel: String| self.file(&rel).ok().map(|_| rel);
        if let Some(path) = site_path {
            let decoded = percent_decode(path.trim_start_matches('/'));
            let in_folders = |path: &str| {
                self.statics
                    .iter()
                    .chain(&self.assets)
                    .find_map(|dir| try_rel(format!("{}/{path}", dir.to_string_lossy())))
            };
            // A bundle's resource (or a global one, from `assets/`) as Hugo's embedded image
            // hook prints it.
            let resource = || {
                let rest = path.strip_prefix(self.page_url.as_deref()?)?;
                self.source(page, rest)
            };
            // An image the site's templates processed (`name_hu_<hash>.webp`) is not made by
            // the preview: the original stands in for it.
            let processed = || {
                let original = processed_original(&decoded)?;
                IMAGE_EXTENSIONS
                    .iter()
                    .find_map(|ext| in_folders(&format!("{original}.{ext}")))
            };
            return in_folders(&decoded).or_else(resource).or_else(processed);
        }
        if src.contains(':') || src.starts_with("//") {
            if !(src.starts_with("https://") || src.starts_with("http://")) {
                return None;
            }
            let name = percent_decode(src.rsplit('/').next()?);
            let media = self.media.as_ref()?;
            return try_rel(format!("{media}/{name}"));
        }
        // Relative: a page bundle's resource.
        let (dir, file) = page.rsplit_once('/').unwrap_or(("", page));
        if !matches!(file, "index.md" | "_index.md") || src.is_empty() {
            return None;
        }
        let content = self.content_dir.to_string_lossy();
        let rel = if dir.is_empty() {
            format!("{content}/{}", percent_decode(src))
        } else {
            format!("{content}/{dir}/{}", percent_decode(src))
        };
        try_rel(rel)
    }
}

/// The original's path without its extension when `path` names an image Hugo processed
/// (`images/a_hu_3f2a9c.webp` → `images/a`).
fn processed_original(path: &str) -> Option<&str> {
    let (stem, _) = path.rsplit_once('.')?;
    let (original, hash) = stem.rsplit_once("_hu_")?;
    (!hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(original)
}

/// The MIME type the preview is served `path` with.
pub fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// The protocol URL for a site-relative file.
pub fn preview_url(rel: &str) -> String {
    let mut url = String::from(PREVIEW_URL_PREFIX);
    for (i, part) in rel.split('/').enumerate() {
        if i > 0 {
            url.push('/');
        }
        for b in part.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                url.push(b as char);
            } else {
                url.push_str(&format!("%{b:02X}"));
            }
        }
    }
    url
}

/// The site-relative path a protocol URL's path names (percent-decoded).
pub fn path_of_preview_url(path: &str) -> String {
    percent_decode(path.trim_start_matches('/'))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = text
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `html` with each `<img src>` that stands for a local file ([`LocalImages::source`]) pointing at
/// the app's protocol instead. Only the value of `src` changes.
pub fn map_local_images(site: &Site, page: &str, html: &str) -> String {
    if find_ascii_ci(html, "<img").is_none() {
        return html.to_string();
    }
    let mut local = LocalImages::of(site);
    // Hugo's embedded image hook prints a bundle's resources under the page's URL.
    local.page_url = site
        .index
        .page(page)
        .map(|entry| site.page_url(entry, true))
        .filter(|url| url.ends_with('/'));
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = find_ascii_ci(rest, "<img") {
        let (before, tag_on) = rest.split_at(start);
        out.push_str(before);
        let end = tag_on.find('>').map_or(tag_on.len(), |e| e + 1);
        let (tag, after) = tag_on.split_at(end);
        out.push_str(&map_src(&local, page, tag));
        rest = after;
    }
    out.push_str(rest);
    out
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// One `<img …>` tag with its quoted `src` value mapped.
fn map_src(local: &LocalImages, page: &str, tag: &str) -> String {
    let bytes = tag.as_bytes();
    let mut search = 0;
    while let Some(at) = find_ascii_ci(&tag[search..], "src=") {
        let at = search + at;
        let preceded = at > 0 && bytes[at - 1].is_ascii_whitespace();
        let quote = bytes.get(at + 4).copied();
        if preceded && matches!(quote, Some(b'"' | b'\'')) {
            let value_start = at + 5;
            let quote = quote.map(char::from).unwrap_or('"');
            if let Some(len) = tag[value_start..].find(quote) {
                let value = crate::entities::decode_all(&tag[value_start..value_start + len]);
                return match local.source(page, &value) {
                    Some(rel) => format!(
                        "{}{}{}",
                        &tag[..value_start],
                        preview_url(&rel),
                        &tag[value_start + len..]
                    ),
                    None => tag.to_string(),
                };
            }
        }
        search = at + 4;
    }
    tag.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uid_is_the_file_names_slug_with_dots_and_underscores_as_dashes() {
        assert_eq!(image_uid("10x Gold X-Logo.PNG"), "10x-gold-x-logo");
        assert_eq!(image_uid("My_photo.v2.jpeg"), "my-photo-v2");
        assert_eq!(image_uid("--Team  photo (final)!.png"), "team-photo-final");
        assert_eq!(image_uid("../../evil.png"), "evil");
        assert_eq!(image_uid("???.png"), "");
    }

    #[test]
    fn protocol_urls_round_trip_and_escape_what_a_path_may_not_hold() {
        let rel = "content/news/a b/ünï#1.png";
        let url = preview_url(rel);
        assert_eq!(
            url,
            "pwmedia://localhost/content/news/a%20b/%C3%BCn%C3%AF%231.png"
        );
        assert_eq!(
            path_of_preview_url(&url[PREVIEW_URL_PREFIX.len() - 1..]),
            rel
        );
        // A half escape stays as written.
        assert_eq!(path_of_preview_url("/a%2"), "a%2");
    }

    #[test]
    fn text_is_quoted_when_plain_yaml_would_read_it_otherwise() {
        for plain in ["A chart.", "Road map v2", "It's fine"] {
            assert!(plain_is_safe(plain), "{plain}");
        }
        for quoted in [
            "yes",
            "12",
            "Note: this",
            "- a list",
            "#tag",
            "a #b",
            "\"q\"",
            "end:",
        ] {
            assert!(!plain_is_safe(quoted), "{quoted}");
        }
    }
}
