//! The one error type the UI sees: the core's stable [`ErrorCode`] to branch on (a TypeScript
//! union in the bindings), a message to show, and the file position when there is one. The
//! code, message and position all come from the core error; this file assigns none of its own
//! except the few failures of the shell itself (`no-site`, `settings`, `internal`…).

use postwright::error::ErrorCode;
use postwright::Error;
use serde::Serialize;

/// An error as it crosses IPC.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// Stable, machine-readable kind (see the core's `ErrorCode`).
    pub code: ErrorCode,
    /// What went wrong, for people (without the position, which the fields below give).
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
    pub fn new(code: ErrorCode, message: impl Into<String>) -> IpcError {
        IpcError {
            code,
            message: message.into(),
            path: None,
            line: None,
            column: None,
        }
    }

    /// Something that should not happen (a poisoned lock, a missing folder).
    pub fn internal(message: impl Into<String>) -> IpcError {
        IpcError::new(ErrorCode::Internal, message)
    }

    /// A command that needs a site ran before one was opened.
    pub fn no_site() -> IpcError {
        IpcError::new(ErrorCode::NoSite, "no site is open")
    }

    /// The error with the file it concerns.
    pub fn with_path(mut self, path: &std::path::Path) -> IpcError {
        self.path = Some(path.display().to_string());
        self
    }
}

impl From<Error> for IpcError {
    fn from(error: Error) -> IpcError {
        let mut ipc = IpcError::new(error.code(), error.message());
        if let Some(path) = error.path() {
            ipc = ipc.with_path(path);
        }
        if let Some(span) = error.span() {
            ipc.line = u32::try_from(span.line).ok();
            ipc.column = u32::try_from(span.column).ok();
        }
        ipc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_on_disk_keeps_its_code_and_path() {
        let err: IpcError = Error::Document(postwright::document::DocumentError::ChangedOnDisk {
            path: "news/a.md".into(),
        })
        .into();
        assert_eq!(err.code, ErrorCode::ChangedOnDisk);
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
        let err: IpcError = Error::front_matter("news/a.md", fm).into();
        assert_eq!(
            (err.code, err.line, err.column, err.message.as_str()),
            (ErrorCode::FrontMatterSyntax, Some(3), Some(7), "bad")
        );
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json["code"], "front-matter-syntax",
            "the code as the UI's union spells it"
        );
    }
}
