//! The events the shell sends the UI: domain facts (what changed), never UI instructions.

use serde::{Deserialize, Serialize};
use tauri_specta::Event;

/// Files of the site changed on disk (outside the app or by a save); paths are relative to
/// the content folder. An empty list means only non-content files changed.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct SiteChanged {
    /// The content files that changed.
    pub paths: Vec<String>,
    /// The content types were read again (the site's Decap CMS config changed): an open
    /// form's fields may have changed.
    pub schema_changed: bool,
    /// Whether the watcher polls now (it switches when the OS file-watch limit is reached).
    pub polling: bool,
}

/// A link in the preview was clicked: the UI asks the writer before opening it in the system
/// browser. The app window itself never navigates away.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
pub struct LinkRequested {
    /// The link's absolute URL (http, https or mailto).
    pub url: String,
}

/// How far the site-wide check has got: `done` of `total` pages read (the problems panel shows
/// it until the findings arrive).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
pub struct SiteCheckProgress {
    /// Pages checked so far.
    pub done: u32,
    /// Pages this check reads.
    pub total: u32,
}
