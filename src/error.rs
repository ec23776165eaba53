//! The crate-level error and the source position every user-facing error carries.
//!
//! Each module has its own `thiserror` enum; [`Error`] gathers them for the facade so the
//! shells can map one type to exit codes (CLI) or `IpcError` (desktop).

use std::path::PathBuf;

use serde::Serialize;

/// A position in a file, 1-based, as editors and compilers print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSpan {
    /// The file, relative to the site root where one is known.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl SourceSpan {
    /// The span of byte `offset` in `text`.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> SourceSpan {
        let (line, column) = crate::text::line_column(text, offset);
        SourceSpan {
            path: path.into(),
            line,
            column,
        }
    }
}

impl std::fmt::Display for SourceSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// Everything the facade can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The front matter could not be parsed or edited.
    #[error(transparent)]
    FrontMatter(#[from] crate::front_matter::FrontMatterError),
    /// The site could not be opened.
    #[error(transparent)]
    Site(#[from] crate::site::SiteError),
    /// A document could not be opened or saved.
    #[error(transparent)]
    Document(#[from] crate::document::DocumentError),
    /// A Git operation failed.
    #[error(transparent)]
    Git(#[from] crate::git::GitError),
    /// Watching the site failed.
    #[error(transparent)]
    Watch(#[from] crate::watch::WatchError),
    /// The crash-recovery journal could not be read or written.
    #[error(transparent)]
    Journal(#[from] crate::journal::JournalError),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
