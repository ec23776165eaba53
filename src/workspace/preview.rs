//! The preview: a page body rendered as Hugo renders it, the site's stylesheet, and a branch's
//! version of a page for the review screen.

use super::Workspace;
use crate::document::DocumentError;
use crate::error::Error;
use crate::front_matter::{self, FrontMatter};
use crate::render::{render_page, Rendered};

impl Workspace {
    /// Renders a page body for the preview. Images that stand for a local file of the site
    /// (not published yet, or served from `static/`) point at the app's read-only protocol
    /// ([`crate::media::map_local_images`]).
    pub fn render_preview(&self, rel: &str, body: &str) -> Rendered {
        self.snapshot().render_preview(rel, body)
    }

    /// The site's own stylesheets for the preview, joined: the files named (relative to the site
    /// root) by the config's `params.postwright.previewCSS`, a path or a list of paths. A Hugo
    /// site's real CSS is usually built by Hugo Pipes (Sass), so the site says which built or
    /// hand-written file reads best; without the setting, the preview keeps its own style. A site
    /// that prints Chroma classes for code gets their stylesheet first.
    pub fn preview_stylesheet(&self) -> Result<Option<String>, Error> {
        /// A stylesheet is text; anything bigger is not one a preview should inline.
        const MAX_CSS_BYTES: u64 = 2 * 1024 * 1024;
        let setting = &self.site.config.params["postwright"]["previewCSS"];
        let files: Vec<&str> = match setting {
            serde_json::Value::String(one) => vec![one.as_str()],
            serde_json::Value::Array(list) => {
                list.iter().filter_map(serde_json::Value::as_str).collect()
            }
            _ => Vec::new(),
        };
        // Chroma's classes first, so that the site's own rules win, as on the published site.
        let highlight = crate::render::highlight_stylesheet(&self.site);
        if files.is_empty() && highlight.is_none() {
            return Ok(None);
        }
        let mut css = highlight.unwrap_or_default();
        for rel in files {
            let path =
                crate::confine::confine(&self.site.root, rel).map_err(DocumentError::from)?;
            let size = std::fs::metadata(&path)
                .map_err(|e| Error::io(&path, e))?
                .len();
            if size > MAX_CSS_BYTES {
                let too_big = std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "larger than 2 MB: not a stylesheet to preview with",
                );
                return Err(Error::io(&path, too_big));
            }
            css.push_str(&crate::document::read_text(&path)?);
            css.push('\n');
        }
        Ok(Some(css))
    }

    /// Renders the version of `path` (repository-relative) on `branch`, for the review
    /// screen's preview. The site's templates and references are those of the work tree.
    pub fn render_branch_page(&self, branch: &str, path: &str) -> Result<Rendered, Error> {
        let Some(text) = self.branch_file(branch, path)? else {
            return Ok(Rendered {
                html: String::new(),
                diagnostics: Vec::new(),
            });
        };
        let body_start = FrontMatter::parse(&text)
            .map_or_else(|_| front_matter::body_start(&text), |fm| fm.body_start());
        let rel = self
            .content_rel_path(path)
            .unwrap_or_else(|| path.to_string());
        Ok(render_page(&self.site, &rel, &text[body_start..]))
    }
}
