//! Watching the site folder: debounced notify events, filtered of noise and of our own writes.
//!
//! CONTRACT STUB — the watch work replaces the bodies; the signatures are what the facade calls.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// Watching failed to start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// notify could not watch the folder.
    #[error("cannot watch {path}: {message}")]
    Notify {
        /// The folder.
        path: PathBuf,
        /// What notify said.
        message: String,
    },
}

/// What happened to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WatchEventKind {
    /// Created.
    Created,
    /// Contents changed.
    Modified,
    /// Removed.
    Removed,
}

/// One filtered, coalesced change to a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchEvent {
    /// What happened.
    pub kind: WatchEventKind,
    /// Absolute path.
    pub path: PathBuf,
}

/// A running watcher; dropping it stops watching.
pub struct SiteWatcher {
    _private: (),
}

impl SiteWatcher {
    /// Watches `root` recursively and calls `on_events` with each debounced batch.
    pub fn start(root: &Path, on_events: impl Fn(Vec<WatchEvent>) + Send + 'static) -> Result<SiteWatcher, WatchError> {
        let _ = (root, on_events);
        Ok(SiteWatcher { _private: () })
    }
    /// Records bytes we are about to write to `path`, so the event it causes is not reported.
    pub fn expect_own_write(&self, path: &Path, contents: &[u8]) {
        let _ = (path, contents);
    }
}
