//! Outside changes: the watcher's batches brought into the index, the content types and the
//! findings.

use super::Workspace;
use crate::error::Error;
use crate::site::Site;
use crate::watch::{SiteWatcher, WatchEvent, WatchEventKind};
use serde::Serialize;

/// What a batch of watcher events changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteChanges {
    /// The content files (relative to the content folder) that changed.
    pub paths: Vec<String>,
    /// The content types were read again: the Decap CMS config changed, so an open form's
    /// fields may have.
    pub schema_changed: bool,
}

impl Workspace {
    /// Brings the index up to date with a batch of watcher events, and the content types
    /// when the batch touches the Decap CMS config (the one in use, or one in a place looked
    /// in, which may take over); returns what changed. When the watcher may have lost events
    /// (the OS queue overflowed, or it switched to polling), the site is read again and every
    /// page is reported, so an open editor compares its file with the disk.
    pub fn apply_watch_events(&mut self, events: &[WatchEvent]) -> SiteChanges {
        if self
            .watcher
            .as_ref()
            .is_some_and(SiteWatcher::take_rescan_needed)
        {
            // When the site cannot be read now (mid-checkout), the index is kept and the batch
            // applied as usual; the events that follow bring it up to date.
            if let Ok(site) = Site::open_with(&self.site.root, &self.options) {
                self.site = std::sync::Arc::new(site);
                self.findings.invalidate();
                let paths = self
                    .site
                    .index
                    .pages
                    .iter()
                    .map(|p| p.path.clone())
                    .collect();
                return SiteChanges {
                    paths,
                    schema_changed: true,
                };
            }
        }
        let schema_changed = self.reload_schema_if_touched(events);
        // Tracking each page's referrers costs a pass over the site's refs: past a batch this
        // size (a checkout done outside), checking everything again is cheaper, and the pages
        // are read on every core and put in the index at once.
        const TRACKED_BATCH: usize = 64;
        if events.len() > TRACKED_BATCH {
            self.findings.invalidate();
            let changed = self.reindex_batch(events);
            let site = std::sync::Arc::make_mut(&mut self.site);
            site.index.refresh_terms(&site.config);
            return SiteChanges {
                paths: changed,
                schema_changed,
            };
        }
        let mut changed = Vec::new();
        for event in events {
            let Some(rel) = self.relative_content_path(&event.path) else {
                continue;
            };
            match event.kind {
                WatchEventKind::Removed => {
                    for path in self.entries_at_or_below(&rel) {
                        self.change_page(&path, |index| index.remove(&path));
                    }
                }
                WatchEventKind::Created | WatchEventKind::Modified => {
                    self.reindex_file(&event.path)
                }
            }
            changed.push(rel);
        }
        if !changed.is_empty() {
            let site = std::sync::Arc::make_mut(&mut self.site);
            site.index.refresh_terms(&site.config);
        }
        SiteChanges {
            paths: changed,
            schema_changed,
        }
    }

    /// The index's entries (pages and unlisted files) at `rel` or below it: what a removed
    /// file or folder takes with it.
    fn entries_at_or_below(&self, rel: &str) -> Vec<String> {
        let prefix = format!("{rel}/");
        let index = &self.site.index;
        index
            .pages
            .iter()
            .chain(&index.unlisted)
            .filter(|p| p.path == rel || p.path.starts_with(&prefix))
            .map(|p| p.path.clone())
            .collect()
    }

    /// A large batch into the index (the findings are checked again in full after it): every
    /// created or modified page read on the cores, then the index changed once. Returns the
    /// content-relative paths of the events, as the batch reports them.
    fn reindex_batch(&mut self, events: &[WatchEvent]) -> Vec<String> {
        let mut changed = Vec::new();
        let mut removed = Vec::new();
        let mut read = Vec::new();
        for event in events {
            let Some(rel) = self.relative_content_path(&event.path) else {
                continue;
            };
            match event.kind {
                WatchEventKind::Removed => removed.extend(self.entries_at_or_below(&rel)),
                WatchEventKind::Created | WatchEventKind::Modified => {
                    // Images, data and editor leftovers in the content folder are not pages,
                    // nor is a file no content mount holds.
                    if crate::site::is_content_file(&event.path) {
                        if let Some(location) = self.site.locate(&rel) {
                            read.push((event.path.clone(), rel.clone(), location));
                        }
                    }
                }
            }
            changed.push(rel);
        }
        let site = &self.site;
        let entries = crate::parallel::map_in_order(&read, |(path, rel, location)| {
            if path.is_file() {
                Ok(crate::site::index_file_at(location, path, &site.config))
            } else {
                Err(rel.clone())
            }
        });
        let mut upserts = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => upserts.push(entry),
                // Gone again since the event: the page goes too.
                Err(rel) => removed.push(rel),
            }
        }
        std::sync::Arc::make_mut(&mut self.site)
            .index
            .apply_batch(upserts, &removed);
        changed
    }

    /// Reads the content types again when `events` touch a Decap config that counts; returns
    /// whether they were. A config that does not parse now (saved half-edited) leaves the
    /// schema as it was: the form keeps working, and the next save is read again.
    fn reload_schema_if_touched(&mut self, events: &[WatchEvent]) -> bool {
        let watched = crate::site::schema::decap_config_paths(
            &self.site,
            self.options.decap_config.as_deref(),
        );
        if !events.iter().any(|e| watched.contains(&e.path)) {
            return false;
        }
        match crate::site::schema::SiteSchema::load(
            &self.site,
            self.options.decap_config.as_deref(),
        ) {
            Ok(schema) => {
                std::sync::Arc::make_mut(&mut self.site).schema = schema;
                // Required fields and patterns come from the schema.
                self.findings.invalidate();
                true
            }
            Err(_) => false,
        }
    }

    /// Starts watching the site folder (replacing any earlier watcher); `on_events` gets each
    /// debounced batch of outside changes — our own saves are not reported. Pass the batch to
    /// [`Workspace::apply_watch_events`] to keep the index current.
    pub fn watch(
        &mut self,
        on_events: impl Fn(Vec<WatchEvent>) + Send + 'static,
    ) -> Result<(), Error> {
        self.watcher = None;
        self.watcher = Some(SiteWatcher::start(&self.site.root, on_events)?);
        Ok(())
    }

    /// Like [`Workspace::watch`] but polls from the start: for network drives and other file
    /// systems that do not report changes (and what watching falls back to when the OS runs
    /// out of watches).
    pub fn watch_polling(
        &mut self,
        on_events: impl Fn(Vec<WatchEvent>) + Send + 'static,
    ) -> Result<(), Error> {
        self.watcher = None;
        self.watcher = Some(SiteWatcher::start_polling(&self.site.root, on_events)?);
        Ok(())
    }

    /// Whether the watcher fell back to polling (inotify's watch limit was reached).
    pub fn is_polling(&self) -> bool {
        self.watcher.as_ref().is_some_and(SiteWatcher::is_polling)
    }
}
