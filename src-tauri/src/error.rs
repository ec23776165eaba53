//! The one error type the UI sees: a stable `code` to branch on, a message to show, and the
//! file position when there is one. Every core error is mapped here and nowhere else.

use postwright::document::DocumentError;
use postwright::site::SiteError;
use postwright::Error;
use serde::Serialize;

/// An error as it crosses IPC.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// Stable, machine-readable kind: `changedOnDisk`, `frontMatter`, `notASite`, `noSite`,
    /// `outsideSite`, `notUtf8`, `badConfig`, `io`, `git`, `watch`, `settings`, `internal`.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// The file concerned, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl IpcError {
    /// An error with just a code and a message.
    pub fn new(code: &str, message: impl Into<String>) -> IpcError {
        IpcError {
            code: code.to_string(),
            message: message.into(),
            path: None,
            line: None,
            column: None,
        }
    }

    /// Something that should not happen (a poisoned lock, a missing folder).
    pub fn internal(message: impl Into<String>) -> IpcError {
        IpcError::new("internal", message)
    }

    /// A command that needs a site ran before one was opened.
    pub fn no_site() -> IpcError {
        IpcError::new("noSite", "no site is open")
    }

    fn with_path(mut self, path: &std::path::Path) -> IpcError {
        self.path = Some(path.display().to_string());
        self
    }

    fn at(mut self, line: usize, column: usize) -> IpcError {
        self.line = u32::try_from(line).ok();
        self.column = u32::try_from(column).ok();
        self
    }
}

impl From<Error> for IpcError {
    fn from(error: Error) -> IpcError {
        let message = error.to_string();
        match &error {
            Error::Io { path, .. } => IpcError::new("io", message).with_path(path),
            Error::FrontMatter(e) => IpcError::new("frontMatter", message).at(e.line, e.column),
            Error::Site(SiteError::NotASite(path)) => {
                IpcError::new("notASite", message).with_path(path)
            }
            Error::Site(SiteError::BadConfig {
                path, line, column, ..
            }) => IpcError::new("badConfig", message)
                .with_path(path)
                .at(*line, *column),
            Error::Site(SiteError::Io { path, .. }) => IpcError::new("io", message).with_path(path),
            Error::Site(
                SiteError::ContentOutside { path, .. } | SiteError::ThemeOutside { path, .. },
            ) => IpcError::new("badConfig", message).with_path(path),
            Error::Site(SiteError::DecapConfigOutside { path, .. }) => {
                IpcError::new("outsideSite", message).with_path(path)
            }
            Error::Document(DocumentError::ChangedOnDisk { path }) => {
                IpcError::new("changedOnDisk", message).with_path(path)
            }
            Error::Document(DocumentError::OutsideSite { path, .. }) => {
                IpcError::new("outsideSite", message).with_path(path)
            }
            Error::Document(DocumentError::NotUtf8 {
                path, line, column, ..
            }) => IpcError::new("notUtf8", message)
                .with_path(path)
                .at(*line, *column),
            Error::Document(DocumentError::Io { path, .. }) => {
                IpcError::new("io", message).with_path(path)
            }
            Error::Document(DocumentError::TooLarge { path, .. }) => {
                IpcError::new("tooLarge", message).with_path(path).at(1, 1)
            }
            Error::Git(_) => IpcError::new("git", message),
            Error::Watch(_) => IpcError::new("watch", message),
            Error::Journal(_) => IpcError::new("journal", message),
            Error::Import(postwright::import::ImportError::Parse {
                file, line, column, ..
            }) => IpcError::new("importParse", message)
                .with_path(std::path::Path::new(file))
                .at(*line, *column),
            Error::Import(_) => IpcError::new("import", message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_on_disk_keeps_its_code_and_path() {
        let err: IpcError = Error::Document(DocumentError::ChangedOnDisk {
            path: "news/a.md".into(),
        })
        .into();
        assert_eq!(err.code, "changedOnDisk");
        assert_eq!(err.path.as_deref(), Some("news/a.md"));
        let json = serde_json::to_value(&err).unwrap();
        assert!(
            json.get("line").is_none(),
            "absent positions are left out: {json}"
        );
    }

    #[test]
    fn front_matter_errors_carry_line_and_column() {
        let fm = postwright::front_matter::FrontMatterError {
            line: 3,
            column: 7,
            message: "bad".into(),
            kind: postwright::front_matter::ErrorKind::Syntax,
        };
        let err: IpcError = Error::FrontMatter(fm).into();
        assert_eq!(
            (err.code.as_str(), err.line, err.column),
            ("frontMatter", Some(3), Some(7))
        );
    }
}
