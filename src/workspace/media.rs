//! Images: adding one the site's way (see [`crate::media`] for the conventions) and the local
//! files the preview's read-only protocol serves.

use std::path::Path;

use serde::Serialize;

use super::Workspace;
use crate::document::DocumentError;
use crate::error::Error;
use crate::media::{
    image_facts, markdown_alt, ImageConvention, ImageFacts, ImageText, LocalImages, RecordShape,
};

/// An image to add: the file's name and bytes, the writer's words, and the page it goes in.
#[derive(Debug, Clone)]
pub struct NewImage<'a> {
    /// The file's name as picked or dropped (`Team photo.PNG`).
    pub file_name: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// Alt text (required), caption and credit.
    pub text: ImageText,
    /// The page the image goes in (content-relative), for a bundle's resources.
    pub page: Option<&'a str>,
}

/// What adding an image did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AddedImage {
    /// The copy of the file in the site, site-relative.
    pub file: String,
    /// The record written (`data/images/<uid>.yml`), site-relative, when the site keeps them.
    pub record: Option<String>,
    /// The text to insert at the cursor: the shortcode call or Markdown image.
    pub insert: String,
    /// The image's size and format, and the uid it got.
    pub facts: ImageFacts,
}

impl Workspace {
    /// How the site places images (detected from its files).
    pub fn image_convention(&self) -> ImageConvention {
        ImageConvention::detect(&self.site)
    }

    /// The size, format and proposed name of an image file, for the dialog before adding it.
    pub fn inspect_image(&self, file_name: &str, bytes: &[u8]) -> Result<ImageFacts, Error> {
        Ok(image_facts(file_name, bytes)?)
    }

    /// Adds an image to the site its way: for a site with image records, the file into the
    /// media folder as `<uid>.<format>` and `data/images/<uid>.yml` in the records' shape,
    /// returning the shortcode call; else the file beside the page (a bundle) or in
    /// `static/images/`, returning Markdown's `![alt](src)`. Nothing is overwritten: a name in
    /// use gets `-2`, `-3`…; `now` dates the record.
    pub fn add_image(
        &mut self,
        image: &NewImage<'_>,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<AddedImage, Error> {
        let facts = image_facts(image.file_name, image.bytes)?;
        let text = image.text.cleaned(image.file_name)?;
        let added = match self.image_convention() {
            ImageConvention::Records {
                shortcode,
                media_folder,
            } => self.add_recorded_image(image, facts, &text, &shortcode, &media_folder, now)?,
            ImageConvention::Plain => self.add_plain_image(image, facts, &text)?,
        };
        crate::render::reload_prepared();
        Ok(added)
    }

    fn add_recorded_image(
        &mut self,
        image: &NewImage<'_>,
        mut facts: ImageFacts,
        text: &ImageText,
        shortcode: &str,
        media_folder: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<AddedImage, Error> {
        let root = self.site.root.clone();
        let records = confined_dir(&root, "data/images")?;
        let media = confined_dir(&root, media_folder)?;
        let format = facts.format.clone();
        facts.uid = crate::media::free_name(&facts.uid, |uid| {
            records.join(format!("{uid}.yml")).exists()
                || media.join(format!("{uid}.{format}")).exists()
        });
        let file_rel = format!("{media_folder}/{}.{format}", facts.uid);
        let record_rel = format!("data/images/{}.yml", facts.uid);
        let record = RecordShape::learn(&root).write(&facts, text, now);
        // The record must read back as the values written.
        let parsed = crate::site::data::parse_data(
            Path::new(&record_rel),
            &record,
            crate::site::data::DataFormat::Yaml,
        )?;
        if parsed["uid"].as_str() != Some(facts.uid.as_str())
            || parsed["alt"].as_str() != Some(text.alt.as_str())
        {
            let mismatch = std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the record would not read back as written; nothing was written",
            );
            return Err(Error::io(&record_rel, mismatch));
        }
        let file_path = self.write_new(&file_rel, image.bytes)?;
        if let Err(e) = self.write_new(&record_rel, record.as_bytes()) {
            // No file without its record: take the copy back.
            let _ = std::fs::remove_file(&file_path);
            return Err(e);
        }
        let insert = format!("{{{{< {shortcode} src=\"{}\" >}}}}", facts.uid);
        Ok(AddedImage {
            file: file_rel,
            record: Some(record_rel),
            insert,
            facts,
        })
    }

    fn add_plain_image(
        &mut self,
        image: &NewImage<'_>,
        mut facts: ImageFacts,
        text: &ImageText,
    ) -> Result<AddedImage, Error> {
        let root = self.site.root.clone();
        let content = self.site.config.content_dir.to_string_lossy().into_owned();
        let bundle = image.page.and_then(|page| {
            let (dir, file) = page.rsplit_once('/').unwrap_or(("", page));
            matches!(file, "index.md" | "_index.md").then(|| dir.to_string())
        });
        let (folder, url_prefix) = match &bundle {
            Some(dir) if dir.is_empty() => (content.clone(), String::new()),
            Some(dir) => (format!("{content}/{dir}"), String::new()),
            None => ("static/images".to_string(), "/images/".to_string()),
        };
        let dir = confined_dir(&root, &folder)?;
        let format = facts.format.clone();
        facts.uid = crate::media::free_name(&facts.uid, |name| {
            dir.join(format!("{name}.{format}")).exists()
        });
        let name = format!("{}.{format}", facts.uid);
        let file_rel = format!("{folder}/{name}");
        self.write_new(&file_rel, image.bytes)?;
        let title = match (text.caption.as_str(), text.credit.as_str()) {
            ("", "") => String::new(),
            (caption, "") => caption.to_string(),
            ("", credit) => credit.to_string(),
            (caption, credit) => format!("{caption} — {credit}"),
        };
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", title.replace('\\', "\\\\").replace('"', "\\\""))
        };
        let insert = format!("![{}]({url_prefix}{name}{title})", markdown_alt(&text.alt));
        Ok(AddedImage {
            file: file_rel,
            record: None,
            insert,
            facts,
        })
    }

    /// Creates the site-relative file `rel` with `bytes`, refusing to replace one.
    fn write_new(&self, rel: &str, bytes: &[u8]) -> Result<std::path::PathBuf, Error> {
        let path = crate::confine::confine(&self.site.root, rel).map_err(DocumentError::from)?;
        if let Some(watcher) = &self.watcher {
            watcher.expect_own_write(&path, bytes);
        }
        crate::document::write_new_atomic(&path, bytes)?;
        Ok(path)
    }

    /// The bytes and MIME type of the site's image at `rel` (site-relative), for the preview's
    /// read-only protocol: only images under the folders [`LocalImages`] serves, inside the site.
    pub fn preview_image(&self, rel: &str) -> Result<(Vec<u8>, &'static str), Error> {
        let path = LocalImages::of(&self.site).file(rel)?;
        let size = std::fs::metadata(&path)
            .map_err(|e| Error::io(&path, e))?
            .len();
        if size > crate::media::MAX_IMAGE_BYTES {
            return Err(crate::media::MediaError::TooLarge {
                file: rel.to_string(),
                bytes: size,
            }
            .into());
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        Ok((bytes, crate::media::mime_type(&path)))
    }
}

/// Reads an image file the writer picked (anywhere on their disk: it is read, never written):
/// its file name and bytes, refusing one larger than [`crate::media::MAX_IMAGE_BYTES`].
pub fn read_image_file(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > crate::media::MAX_IMAGE_BYTES {
        return Err(crate::media::MediaError::TooLarge {
            file: file_name,
            bytes: size,
        }
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok((file_name, bytes))
}

/// The site-relative folder `rel`, confined and created.
fn confined_dir(root: &Path, rel: &str) -> Result<std::path::PathBuf, Error> {
    let dir = crate::confine::confine(root, rel).map_err(DocumentError::from)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}
