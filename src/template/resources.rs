//! Resources as templates see them: the site's global ones (`resources.Get`, files of its
//! assets mounts) and a page's (`.Resources`, the files of its bundle), found by the host;
//! images know their size (read from the file's header) and what Hugo's processing makes of
//! them (`Resize`, `Fit`, `Fill`, `Crop`, `Process`, `Filter` with the `images.*` filters).
//!
//! The preview does not process images. A processed image gets Hugo's name shape,
//! `<name>_hu_<hash>.<ext>` beside the original, with the size and format Hugo gives it; the
//! hash is ours (Hugo's hashes its Go values and its imaging settings, and changes it between
//! releases on purpose: it is a cache key), so the name differs from Hugo's in the hash only.
//! The preview shows the original image under such a name (see the media module's
//! `LocalImages`).

use std::path::PathBuf;
use std::sync::Arc;

use super::value::{Object, Value};

/// A file the host found for a template: its name (as `.Name` prints it), where it is, and
/// the URL Hugo publishes it at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceFile {
    /// The resource's name: its path relative to the bundle or the assets folder.
    pub name: String,
    /// The file on disk (confined to the site by the host).
    pub path: PathBuf,
    /// The URL Hugo publishes it at (`/images/a.jpg`, `/posts/p/a.jpg`).
    pub rel_permalink: String,
}

/// The image formats Hugo processes, by extension.
fn image_format(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => "jpg",
        "png" => "png",
        "gif" => "gif",
        "webp" => "webp",
        "tif" | "tiff" => "tif",
        "bmp" => "bmp",
        _ => return None,
    })
}

/// Hugo's media type for a file that is not an image, by its extension (those bundles hold).
fn media_type_of(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "xml" => "application/xml",
        "md" | "markdown" => "text/markdown",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "yaml" | "yml" => "application/yaml",
        "toml" => "application/toml",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// 64-bit FNV-1a, for the names of processed images.
fn fnv64(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// A resource: a file, or an image made from one.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    file: ResourceFile,
    /// The image's format (`jpg`, `png`…), `None` for other files.
    format: Option<&'static str>,
    /// Width and height, when known (images only; read lazily for originals).
    size: Option<(u32, u32)>,
    /// The processing applied, in order (what the name's hash covers).
    steps: Vec<String>,
}

impl Resource {
    pub(crate) fn new(file: ResourceFile) -> Resource {
        let format = image_format(&file.name);
        Resource {
            file,
            format,
            size: None,
            steps: Vec::new(),
        }
    }

    pub(crate) fn value(self) -> Value {
        Value::Object(Arc::new(self))
    }

    /// The image's size, read from the file for an original.
    fn size(&self) -> Option<(u32, u32)> {
        if self.size.is_some() {
            return self.size;
        }
        self.format?;
        let size = imagesize::size(&self.file.path).ok()?;
        Some((
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        ))
    }

    fn media_type(&self) -> String {
        match self.format {
            Some("jpg") => "image/jpeg".into(),
            Some("tif") => "image/tiff".into(),
            Some(format) => format!("image/{format}"),
            None => media_type_of(&self.file.name).into(),
        }
    }

    /// The image `step` makes of this one: its size and format from `spec`, its name Hugo's
    /// shape with our hash.
    fn processed(&self, step: String, spec: Option<(&str, &str)>) -> Result<Resource, String> {
        let (Some(format), Some((width, height))) = (self.format, self.size()) else {
            return Err(format!(
                "{} is not an image Hugo can process",
                self.file.name
            ));
        };
        let mut next = self.clone();
        next.steps.push(step);
        let (mut size, mut format) = ((width, height), format);
        if let Some((action, spec)) = spec {
            let options = ImageSpec::parse(action, spec)?;
            size = options.size(width, height);
            if let Some(f) = options.format {
                format = f;
            }
        }
        next.size = Some(size);
        next.format = Some(format);
        let mut parts = vec![self.file.rel_permalink.as_str()];
        parts.extend(next.steps.iter().map(String::as_str));
        let hash = format!("{:x}", fnv64(&parts));
        let rename = |path: &str| {
            let (dir, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
            let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
            // A processed image processed again keeps one `_hu_` part, as in Hugo.
            let stem = stem.rsplit_once("_hu_").map_or(stem, |(s, _)| s);
            let slash = if path.contains('/') { "/" } else { "" };
            format!("{dir}{slash}{stem}_hu_{hash}.{format}")
        };
        next.file.rel_permalink = rename(&self.file.rel_permalink);
        next.file.name = rename(&self.file.name);
        Ok(next)
    }

    /// `.Filter F…`: each filter applied in turn (`images.Process SPEC` sizes and converts
    /// like `.Process`; the others keep the size).
    fn filtered(&self, args: &[Value]) -> Result<Resource, String> {
        let mut current = self.clone();
        let filters = args.iter().flat_map(|a| match a {
            Value::List(items) => items.as_ref().clone(),
            other => vec![other.clone()],
        });
        for filter in filters {
            let text = match &filter {
                Value::Object(f) if f.type_name() == "images.filter" => {
                    f.identity().unwrap_or_default()
                }
                other => {
                    return Err(format!(
                        "Filter: want image filters, got {}",
                        other.type_name()
                    ))
                }
            };
            current = match text.strip_prefix("Process ") {
                Some(spec) => {
                    current.processed(format!("process {spec}"), Some(("process", spec)))?
                }
                None => current.processed(text, None)?,
            };
        }
        Ok(current)
    }
}

impl Object for Resource {
    fn type_name(&self) -> &'static str {
        if self.format.is_some() {
            "*resources.imageResource"
        } else {
            "*resources.genericResource"
        }
    }

    fn display(&self) -> String {
        self.file.rel_permalink.clone()
    }

    fn identity(&self) -> Option<String> {
        Some(self.file.rel_permalink.clone())
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let spec = || match args {
            [spec] => Ok(spec.to_go_string()),
            _ => Err(format!(
                "{name}: want one spec, got {} arguments",
                args.len()
            )),
        };
        let value = match name {
            "RelPermalink" => Value::str(&self.file.rel_permalink),
            "Permalink" => Value::str(&self.file.rel_permalink),
            "Name" | "Title" => Value::str(&self.file.name),
            "ResourceType" => {
                let media = self.media_type();
                Value::str(if self.format.is_some() {
                    "image"
                } else {
                    media.split('/').next().unwrap_or("")
                })
            }
            "MediaType" => {
                let media = self.media_type();
                let (main, sub) = media.split_once('/').unwrap_or((&media, ""));
                Value::map(
                    [
                        ("Type".to_string(), Value::str(&media)),
                        ("MainType".to_string(), Value::str(main)),
                        ("SubType".to_string(), Value::str(sub)),
                    ]
                    .into_iter()
                    .collect(),
                )
            }
            "Width" | "Height" => match self.size() {
                Some((w, h)) => Value::Int(i64::from(if name == "Width" { w } else { h })),
                None => {
                    return Some(Err(format!(
                        "{name}: {} is not an image with a size",
                        self.file.name
                    )))
                }
            },
            "Resize" | "Fit" | "Fill" | "Crop" | "Process" => {
                let spec = match spec() {
                    Ok(spec) => spec,
                    Err(e) => return Some(Err(e)),
                };
                let action = name.to_lowercase();
                let step = format!("{action} {spec}");
                return Some(
                    self.processed(step, Some((action.as_str(), spec.as_str())))
                        .map(Resource::value),
                );
            }
            "Filter" => return Some(self.filtered(args).map(Resource::value)),
            _ => return None,
        };
        Some(Ok(value))
    }
}

/// A page's `.Resources`: the files of its bundle, in name order.
#[derive(Debug)]
pub(crate) struct Resources {
    pub items: Vec<ResourceFile>,
}

impl Resources {
    fn list(&self, keep: impl Fn(&ResourceFile) -> bool) -> Value {
        Value::list(
            self.items
                .iter()
                .filter(|f| keep(f))
                .map(|f| Resource::new(f.clone()).value())
                .collect(),
        )
    }
}

impl Object for Resources {
    fn type_name(&self) -> &'static str {
        "resource.Resources"
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let pattern = args.first().map(Value::to_go_string).unwrap_or_default();
        let matches = |f: &ResourceFile| {
            crate::site::glob::Glob::new(&pattern.to_lowercase())
                .is_some_and(|g| g.is_match(&f.name.to_lowercase()))
        };
        let value = match name {
            // Hugo finds a resource by name without regard to case.
            "Get" => self
                .items
                .iter()
                .find(|f| {
                    f.name
                        .eq_ignore_ascii_case(pattern.trim_start_matches("./"))
                })
                .map_or(Value::Nil, |f| Resource::new(f.clone()).value()),
            "GetMatch" => self
                .items
                .iter()
                .find(|f| matches(f))
                .map_or(Value::Nil, |f| Resource::new(f.clone()).value()),
            "Match" => self.list(matches),
            "ByType" => self.list(|f| {
                let kind = if image_format(&f.name).is_some() {
                    "image".to_string()
                } else {
                    let media = media_type_of(&f.name);
                    media.split('/').next().unwrap_or("").to_string()
                };
                kind == pattern
            }),
            "Len" => Value::Int(self.items.len() as i64),
            _ => return None,
        };
        Some(Ok(value))
    }
}

/// An `images.*` filter: its name and arguments (what it does to pixels is not previewed).
#[derive(Debug)]
pub(crate) struct ImageFilter {
    text: String,
}

impl Object for ImageFilter {
    fn type_name(&self) -> &'static str {
        "images.filter"
    }

    fn display(&self) -> String {
        format!("{{{}}}", self.text)
    }

    fn identity(&self) -> Option<String> {
        Some(self.text.clone())
    }

    fn call(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        None
    }
}

/// The `images.*` filter functions Hugo has, by name (`images.Brightness`).
pub(crate) const FILTERS: &[&str] = &[
    "images.AutoOrient",
    "images.Brightness",
    "images.ColorBalance",
    "images.Colorize",
    "images.Contrast",
    "images.Dither",
    "images.Gamma",
    "images.GaussianBlur",
    "images.Grayscale",
    "images.Hue",
    "images.Invert",
    "images.Mask",
    "images.Opacity",
    "images.Overlay",
    "images.Padding",
    "images.Pixelate",
    "images.Process",
    "images.Saturation",
    "images.Sepia",
    "images.Sigmoid",
    "images.Text",
    "images.UnsharpMask",
];

/// `images.NAME ARGS…`: the filter, named by its arguments.
pub(crate) fn filter(name: &str, args: &[Value]) -> Value {
    let name = name.trim_start_matches("images.");
    let mut text = name.to_string();
    for arg in args {
        text.push(' ');
        match arg {
            Value::Object(o) => text.push_str(&o.identity().unwrap_or_else(|| o.display())),
            other => text.push_str(&other.to_go_string()),
        }
    }
    Value::Object(Arc::new(ImageFilter { text }))
}

/// What Hugo reads from a processing spec (`300x`, `fill 200x200 webp q80 r90`).
#[derive(Debug, Default, PartialEq)]
struct ImageSpec {
    action: String,
    width: u32,
    height: u32,
    rotate: u32,
    format: Option<&'static str>,
}

impl ImageSpec {
    /// Reads `spec` for `action` (`resize`, `fit`, `fill`, `crop`, or `process`, where the
    /// spec names the action).
    fn parse(action: &str, spec: &str) -> Result<ImageSpec, String> {
        let mut options = ImageSpec {
            action: action.to_string(),
            ..ImageSpec::default()
        };
        for part in spec.split_whitespace() {
            let lower = part.to_lowercase();
            if matches!(lower.as_str(), "resize" | "fit" | "fill" | "crop") {
                options.action = lower;
            } else if let Some((w, h)) = lower.split_once('x').filter(|(w, h)| {
                (!w.is_empty() || !h.is_empty())
                    && w.chars().chain(h.chars()).all(|c| c.is_ascii_digit())
            }) {
                options.width = w.parse().unwrap_or(0);
                options.height = h.parse().unwrap_or(0);
            } else if let Some(degrees) =
                lower.strip_prefix('r').and_then(|d| d.parse::<u32>().ok())
            {
                options.rotate = degrees % 360;
            } else if let Some(format) = image_format(&format!("x.{lower}")) {
                options.format = Some(format);
            }
        }
        if options.action == "process" && options.width == 0 && options.height == 0 {
            return Ok(options);
        }
        if options.width == 0 && options.height == 0 {
            return Err(format!("must provide Width or Height in {spec:?}"));
        }
        if matches!(options.action.as_str(), "fit" | "fill" | "crop")
            && (options.width == 0 || options.height == 0)
        {
            return Err(format!(
                "must provide Width and Height in {spec:?} to {}",
                options.action
            ));
        }
        Ok(options)
    }

    /// The size of the image made from one of `width` × `height`.
    fn size(&self, width: u32, height: u32) -> (u32, u32) {
        let (w, h) = (f64::from(width), f64::from(height));
        let round = |x: f64| (x + 0.5).floor().max(1.0) as u32;
        let (tw, th) = (self.width, self.height);
        let size = match self.action.as_str() {
            "resize" if tw == 0 => (round(w * f64::from(th) / h), th),
            "resize" if th == 0 => (tw, round(h * f64::from(tw) / w)),
            "resize" | "fill" | "crop" => (tw, th),
            "fit" => {
                if width <= tw && height <= th {
                    (width, height)
                } else if w / h > f64::from(tw) / f64::from(th) {
                    (tw, round(h * f64::from(tw) / w))
                } else {
                    (round(w * f64::from(th) / h), th)
                }
            }
            _ => (width, height),
        };
        if self.rotate == 90 || self.rotate == 270 {
            (size.1, size.0)
        } else {
            size
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_give_hugos_sizes() {
        let size =
            |action: &str, spec: &str| ImageSpec::parse(action, spec).unwrap().size(1500, 1000);
        assert_eq!(size("resize", "300x"), (300, 200));
        assert_eq!(size("resize", "x150"), (225, 150));
        assert_eq!(size("resize", "300x150"), (300, 150));
        assert_eq!(size("fit", "200x200"), (200, 133));
        assert_eq!(size("fit", "3000x3000"), (1500, 1000));
        assert_eq!(size("fill", "100x100 center"), (100, 100));
        assert_eq!(size("process", "resize 400x webp"), (400, 267));
        assert_eq!(size("process", "fit 200x100 r90"), (100, 150));
        assert_eq!(
            ImageSpec::parse("process", "resize 400x webp")
                .unwrap()
                .format,
            Some("webp")
        );
        assert!(ImageSpec::parse("fill", "300x").is_err());
        assert!(ImageSpec::parse("resize", "webp").is_err());
    }
}
