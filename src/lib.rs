//! Postwright's core: everything the desktop app and the CLI do, with no GUI in sight.
//!
//! House rules
//! - The core never depends on Tauri; `src-tauri` and `src/main.rs` are thin shells over
//!   [`workspace::Workspace`], the one facade both call.
//! - A file's bytes are sacred: front-matter edits are change sets over the original bytes,
//!   saves are atomic (temp file + rename) and refuse to clobber a file that changed on disk.
//! - Findings are not errors: checks return diagnostics; `Err` means "could not do what you asked".
//! - Every error a user can cause names the file, line and column ([`error::SourceSpan`]).
//!
//! Glossary
//! - *front matter*: the metadata block at the top of a page (YAML `---`, TOML `+++`, JSON `{}`).
//! - *body*: the Markdown after it.
//! - *shortcode call* (`{{< name >}}` in a page) vs *shortcode template*
//!   (`layouts/shortcodes/name.html` in the site).
//! - *ref / relref*: Hugo's page references, resolved by [`site::refs`] for the preview, the
//!   checks and the link dialog alike.
//! - *term page*: `content/<taxonomy>/<term>/_index.md`, whose `aliases` list retired terms.
#![deny(missing_docs)]

pub mod archetype;
pub mod check;
pub mod confine;
pub mod document;
pub mod entities;
pub mod error;
pub mod front_matter;
pub mod git;
pub mod import;
pub mod journal;
pub mod line_diff;
pub mod media;
pub mod merge;
mod parallel;
pub mod render;
pub mod shortcode;
pub mod site;
pub mod template;
pub mod text;
pub mod watch;
pub mod workspace;

pub use error::{Error, ErrorCode, SourceSpan};
pub use workspace::Workspace;
