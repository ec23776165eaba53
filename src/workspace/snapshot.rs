//! Work that reads the site without holding the workspace: a [`SiteSnapshot`] shares the site as
//! it is when taken, so the app renders the preview and checks the open page while saves and
//! outside changes go on (they copy the site if a snapshot still holds it), and a
//! [`SiteCheckJob`] checks the whole site on the side, its findings brought back with
//! [`Workspace::finish_site_check`].

use std::sync::Arc;

use super::Workspace;
use crate::check::{CheckedPages, Diagnostic, PendingCheck, SiteCheck};
use crate::render::{render_page, Rendered};
use crate::site::Site;

/// The site as it was when taken from the workspace.
#[derive(Debug, Clone)]
pub struct SiteSnapshot {
    site: Arc<Site>,
}

impl SiteSnapshot {
    /// Renders a page body for the preview.
    pub fn render_preview(&self, rel: &str, body: &str) -> Rendered {
        let mut rendered = render_page(&self.site, rel, body);
        rendered.html = crate::media::map_local_images(&self.site, rel, &rendered.html);
        rendered
    }

    /// Checks a page's current text (the editor's buffer) against the site.
    pub fn check_document(&self, rel: &str, source: &str) -> Vec<Diagnostic> {
        crate::check::check_page(&self.site, rel, source)
    }
}

/// A site-wide check taken out of the workspace by [`Workspace::start_site_check`].
#[derive(Debug)]
pub struct SiteCheckJob {
    site: Arc<Site>,
    pending: PendingCheck,
}

/// What a [`SiteCheckJob`] found.
#[derive(Debug)]
pub struct SiteCheckDone(CheckedPages);

impl SiteCheckJob {
    /// How many pages it reads.
    pub fn len(&self) -> usize {
        self.pending.len(&self.site)
    }

    /// Whether it reads no page (nothing changed since the last check).
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty(&self.site)
    }

    /// Reads and checks its pages on the cores, calling `progress(done, total)` now and then.
    pub fn run(self, progress: &(dyn Fn(usize, usize) + Sync)) -> SiteCheckDone {
        SiteCheckDone(self.pending.run(&self.site, progress))
    }
}

impl Workspace {
    /// The site as it is now, to read without holding the workspace.
    pub fn snapshot(&self) -> SiteSnapshot {
        SiteSnapshot {
            site: Arc::clone(&self.site),
        }
    }

    /// Begins a site-wide check (every page the first time, else the pages changed since the
    /// last one and their referrers), to run with [`SiteCheckJob::run`].
    pub fn start_site_check(&mut self) -> SiteCheckJob {
        SiteCheckJob {
            site: Arc::clone(&self.site),
            pending: self.findings.begin(),
        }
    }

    /// Keeps what a site-wide check found and returns the site's findings; `None` when the
    /// site was read again while it ran (start another).
    pub fn finish_site_check(&mut self, done: SiteCheckDone) -> Option<SiteCheck> {
        self.findings.complete(&self.site, done.0)
    }
}
