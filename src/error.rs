//! The crate-level error, its stable code and the source position every user-facing error
//! carries.
//!
//! Each module has its own `thiserror` enum; [`Error`] gathers them for the facade, and this
//! file alone says which [`ErrorCode`] each one has and where it points ([`Error::span`]), so
//! the CLI (`file:line:col: code: message`) and the desktop app (`IpcError`, whose code is
//! the same enum as a TypeScript union) never assign codes of their own.

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
    /// The front matter of a file could not be parsed or edited.
    #[error("{}:{source}", path.display())]
    FrontMatter {
        /// The file.
        path: PathBuf,
        /// What is wrong, at which line and column of the file.
        source: crate::front_matter::FrontMatterError,
    },
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
    /// A file could not be imported.
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// A new page could not be made.
    #[error(transparent)]
    NewPage(#[from] crate::site::schema::new_page::NewPageError),
    /// An image could not be added or shown.
    #[error(transparent)]
    Media(#[from] crate::media::MediaError),
    /// A shortcode call could not be edited as the form asked.
    #[error(transparent)]
    Shortcode(#[from] crate::shortcode::EditError),
}

/// The stable, machine-readable kind of an [`Error`]: what the CLI prints before the message
/// (`file:line:col: code: message`) and what the desktop app branches on (a TypeScript union
/// in the generated bindings). Codes are kebab-case and never change meaning; a new kind of
/// failure gets a new code. The last group is raised by the desktop shell itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ErrorCode {
    /// `io`: a file or folder could not be read or written (the OS's reason follows).
    Io,
    /// `front-matter-syntax`: the front matter is not valid YAML, TOML or JSON, is never
    /// closed, opens with a broken delimiter, or is not a mapping of keys.
    FrontMatterSyntax,
    /// `duplicate-key`: a front-matter key appears twice (the position is the second one).
    DuplicateKey,
    /// `invalid-edit`: a front-matter edit cannot be applied (renaming onto an existing key).
    InvalidEdit,
    /// `not-a-site`: the folder holds no Hugo config.
    NotASite,
    /// `bad-config`: the site's Hugo config cannot be parsed.
    BadConfig,
    /// `outside-site`: a path leads outside the site folder (a page, the content or theme
    /// folder, the Decap CMS config); nothing was read or written there.
    OutsideSite,
    /// `changed-on-disk`: the file changed on disk since it was opened; saving would lose that.
    ChangedOnDisk,
    /// `not-utf8`: the file is not UTF-8 text (the position is the first bad byte).
    NotUtf8,
    /// `too-large`: the file is larger than a page may be.
    TooLarge,
    /// `git`: libgit2 reported an error.
    Git,
    /// `git-bare`: the repository is bare, with no files to edit.
    GitBare,
    /// `git-outside-repository`: a path given to Git leads outside the work tree.
    GitOutsideRepository,
    /// `git-bad-identity`: an identity is not written `Name <email>`.
    GitBadIdentity,
    /// `git-nothing-to-commit`: the files are unchanged since the last commit.
    GitNothingToCommit,
    /// `git-unsplittable`: a page cannot be split into fields and body to commit in parts.
    GitUnsplittable,
    /// `git-would-overwrite`: uncommitted work would be overwritten; nothing was changed.
    GitWouldOverwrite,
    /// `git-branch-exists`: the branch to create exists already.
    GitBranchExists,
    /// `git-no-such-branch`: the branch does not exist, locally or on a remote.
    GitNoSuchBranch,
    /// `git-invalid-name`: a name cannot be part of a branch name.
    GitInvalidName,
    /// `git-no-main-branch`: the repository has neither `main` nor `master`.
    GitNoMainBranch,
    /// `git-cannot-merge`: the branch cannot be merged the way asked.
    GitCannotMerge,
    /// `git-merge-in-progress`: a merge is half done; finish it first.
    GitMergeInProgress,
    /// `git-no-merge-in-progress`: there is no merge to finish or abort.
    GitNoMergeInProgress,
    /// `git-conflict-markers`: a text offered to finish a merge still has conflict markers.
    GitConflictMarkers,
    /// `git-not-conflicting`: the file is not one of the merge's conflicting files.
    GitNotConflicting,
    /// `git-cannot-abort-merge`: aborting would lose changes that are not the pull's own.
    GitCannotAbortMerge,
    /// `git-no-remote`: the repository has no such remote.
    GitNoRemote,
    /// `git-offline`: the remote cannot be reached; the work is kept locally.
    GitOffline,
    /// `git-access-denied`: the remote refused the credentials.
    GitAccessDenied,
    /// `git-push-rejected`: the remote refused to update a ref.
    GitPushRejected,
    /// `git-bad-bundle`: a bundle file is malformed.
    GitBadBundle,
    /// `git-unsafe-bundle`: a bundle holds something that must not enter the site.
    GitUnsafeBundle,
    /// `watch`: watching the site failed to start.
    Watch,
    /// `journal-corrupt`: a crash-recovery journal entry is not one.
    JournalCorrupt,
    /// `no-site`: the desktop app was asked for something before a site was opened.
    NoSite,
    /// `settings`: the desktop app's settings file cannot be read or written.
    Settings,
    /// `bad-link`: a link the preview asked to open is not a web or mail link.
    BadLink,
    /// `opener`: the system browser could not be started.
    Opener,
    /// `import-parse`: a file to import is not valid JSON, XML or front matter.
    ImportParse,
    /// `import-empty`: a file to import holds no post (an empty feed, attachments only).
    ImportEmpty,
    /// `import-bad-section`: the section to import into is not one folder of the content folder.
    ImportBadSection,
    /// `git-cannot-submit`: the draft cannot be submitted (not on a draft, nothing new to send).
    GitCannotSubmit,
    /// `git-cannot-commit-here`: a commit cannot land on this branch as asked (the protected
    /// main branch without an editor's confirmation).
    GitCannotCommitHere,
    /// `new-page-empty-slug`: a new page's title has nothing a slug can be made of.
    NewPageEmptySlug,
    /// `new-page-unknown-type`: no content type of that name can make new pages.
    NewPageUnknownType,
    /// `new-page-exists`: a page already exists where the new one would go.
    NewPageExists,
    /// `new-page-archetype`: the section's archetype could not be read or run (its template's
    /// file, line and column in the message).
    NewPageArchetype,
    /// `image-no-alt`: an image was added without alt text.
    ImageNoAlt,
    /// `image-unreadable`: a file to add as an image is not one the web shows (PNG, JPEG, GIF,
    /// WebP), is too large, or its name gives no name for the image.
    ImageUnreadable,
    /// `image-not-served`: the preview asked for a file that is not an image of the site.
    ImageNotServed,
    /// `shortcode-edit`: a shortcode call cannot be edited as asked (named and positional
    /// params mixed, a value no quoting can hold, the call gone from the text); nothing changed.
    ShortcodeEdit,
    /// `internal`: something that should not happen (a poisoned lock, a missing folder).
    Internal,
}

impl ErrorCode {
    /// The code as printed (`changed-on-disk`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Io => "io",
            ErrorCode::GitCannotSubmit => "git-cannot-submit",
            ErrorCode::GitCannotCommitHere => "git-cannot-commit-here",
            ErrorCode::ImportParse => "import-parse",
            ErrorCode::ImportEmpty => "import-empty",
            ErrorCode::ImportBadSection => "import-bad-section",
            ErrorCode::FrontMatterSyntax => "front-matter-syntax",
            ErrorCode::DuplicateKey => "duplicate-key",
            ErrorCode::InvalidEdit => "invalid-edit",
            ErrorCode::NotASite => "not-a-site",
            ErrorCode::BadConfig => "bad-config",
            ErrorCode::OutsideSite => "outside-site",
            ErrorCode::ChangedOnDisk => "changed-on-disk",
            ErrorCode::NotUtf8 => "not-utf8",
            ErrorCode::TooLarge => "too-large",
            ErrorCode::Git => "git",
            ErrorCode::GitBare => "git-bare",
            ErrorCode::GitOutsideRepository => "git-outside-repository",
            ErrorCode::GitBadIdentity => "git-bad-identity",
            ErrorCode::GitNothingToCommit => "git-nothing-to-commit",
            ErrorCode::GitUnsplittable => "git-unsplittable",
            ErrorCode::GitWouldOverwrite => "git-would-overwrite",
            ErrorCode::GitBranchExists => "git-branch-exists",
            ErrorCode::GitNoSuchBranch => "git-no-such-branch",
            ErrorCode::GitInvalidName => "git-invalid-name",
            ErrorCode::GitNoMainBranch => "git-no-main-branch",
            ErrorCode::GitCannotMerge => "git-cannot-merge",
            ErrorCode::GitMergeInProgress => "git-merge-in-progress",
            ErrorCode::GitNoMergeInProgress => "git-no-merge-in-progress",
            ErrorCode::GitConflictMarkers => "git-conflict-markers",
            ErrorCode::GitNotConflicting => "git-not-conflicting",
            ErrorCode::GitCannotAbortMerge => "git-cannot-abort-merge",
            ErrorCode::GitNoRemote => "git-no-remote",
            ErrorCode::GitOffline => "git-offline",
            ErrorCode::GitAccessDenied => "git-access-denied",
            ErrorCode::GitPushRejected => "git-push-rejected",
            ErrorCode::GitBadBundle => "git-bad-bundle",
            ErrorCode::GitUnsafeBundle => "git-unsafe-bundle",
            ErrorCode::Watch => "watch",
            ErrorCode::JournalCorrupt => "journal-corrupt",
            ErrorCode::NoSite => "no-site",
            ErrorCode::Settings => "settings",
            ErrorCode::BadLink => "bad-link",
            ErrorCode::Opener => "opener",
            ErrorCode::NewPageEmptySlug => "new-page-empty-slug",
            ErrorCode::NewPageUnknownType => "new-page-unknown-type",
            ErrorCode::NewPageExists => "new-page-exists",
            ErrorCode::NewPageArchetype => "new-page-archetype",
            ErrorCode::ImageNoAlt => "image-no-alt",
            ErrorCode::ImageUnreadable => "image-unreadable",
            ErrorCode::ImageNotServed => "image-not-served",
            ErrorCode::ShortcodeEdit => "shortcode-edit",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A front-matter error of the file at `path`.
    pub fn front_matter(
        path: impl Into<PathBuf>,
        source: crate::front_matter::FrontMatterError,
    ) -> Error {
        Error::FrontMatter {
            path: path.into(),
            source,
        }
    }

    /// The stable code of this error (see [`ErrorCode`]).
    pub fn code(&self) -> ErrorCode {
        use crate::front_matter::ErrorKind as F;
        use crate::git::GitError as G;
        use crate::site::SiteError as S;
        match self {
            Error::Io { .. } => ErrorCode::Io,
            Error::FrontMatter { source, .. } => match source.kind {
                F::DuplicateKey { .. } => ErrorCode::DuplicateKey,
                F::InvalidEdit => ErrorCode::InvalidEdit,
                F::InvalidDelimiter | F::Unclosed | F::Syntax | F::NotAMapping => {
                    ErrorCode::FrontMatterSyntax
                }
            },
            Error::Site(e) => match e {
                S::NotASite(_) => ErrorCode::NotASite,
                S::BadConfig { .. } => ErrorCode::BadConfig,
                S::ContentOutside { .. }
                | S::ThemeOutside { .. }
                | S::DecapConfigOutside { .. } => ErrorCode::OutsideSite,
                S::Io { .. } => ErrorCode::Io,
            },
            Error::Document(e) => document_code(e),
            Error::Git(e) => match e {
                G::Git(_) | G::File { .. } => ErrorCode::Git,
                G::Io { .. } => ErrorCode::Io,
                G::Bare { .. } => ErrorCode::GitBare,
                G::OutsideRepository { .. } => ErrorCode::GitOutsideRepository,
                G::BadIdentity(_) => ErrorCode::GitBadIdentity,
                G::NothingToCommit { .. } => ErrorCode::GitNothingToCommit,
                G::Unsplittable { .. } => ErrorCode::GitUnsplittable,
                G::WouldOverwrite { .. } => ErrorCode::GitWouldOverwrite,
                G::BranchExists { .. } => ErrorCode::GitBranchExists,
                G::NoSuchBranch { .. } => ErrorCode::GitNoSuchBranch,
                G::InvalidName { .. } => ErrorCode::GitInvalidName,
                G::NoMainBranch => ErrorCode::GitNoMainBranch,
                G::CannotMerge { .. } => ErrorCode::GitCannotMerge,
                G::MergeInProgress { .. } => ErrorCode::GitMergeInProgress,
                G::NoMergeInProgress => ErrorCode::GitNoMergeInProgress,
                G::ConflictMarkers { .. } => ErrorCode::GitConflictMarkers,
                G::NotConflicting { .. } => ErrorCode::GitNotConflicting,
                G::CannotAbortMerge { .. } => ErrorCode::GitCannotAbortMerge,
                G::NoRemote { .. } => ErrorCode::GitNoRemote,
                G::Offline { .. } => ErrorCode::GitOffline,
                G::AccessDenied { .. } => ErrorCode::GitAccessDenied,
                G::PushRejected { .. } => ErrorCode::GitPushRejected,
                G::BadBundle { .. } => ErrorCode::GitBadBundle,
                G::UnsafeBundle { .. } => ErrorCode::GitUnsafeBundle,
                G::CannotSubmit { .. } => ErrorCode::GitCannotSubmit,
                G::CannotCommitHere { .. } => ErrorCode::GitCannotCommitHere,
            },
            Error::Watch(_) => ErrorCode::Watch,
            Error::Shortcode(_) => ErrorCode::ShortcodeEdit,
            Error::Import(e) => match e {
                crate::import::ImportError::Parse { .. } => ErrorCode::ImportParse,
                crate::import::ImportError::Empty { .. } => ErrorCode::ImportEmpty,
                crate::import::ImportError::BadSection { .. } => ErrorCode::ImportBadSection,
            },
            Error::NewPage(e) => match e {
                crate::site::schema::new_page::NewPageError::EmptySlug(_) => {
                    ErrorCode::NewPageEmptySlug
                }
                crate::site::schema::new_page::NewPageError::UnknownType(_) => {
                    ErrorCode::NewPageUnknownType
                }
                crate::site::schema::new_page::NewPageError::Exists(_) => ErrorCode::NewPageExists,
                crate::site::schema::new_page::NewPageError::Archetype(_) => {
                    ErrorCode::NewPageArchetype
                }
            },
            Error::Media(e) => match e {
                crate::media::MediaError::NoAlt { .. } => ErrorCode::ImageNoAlt,
                crate::media::MediaError::NotAnImage { .. }
                | crate::media::MediaError::TooLarge { .. }
                | crate::media::MediaError::NoName { .. } => ErrorCode::ImageUnreadable,
                crate::media::MediaError::NotServed { .. } => ErrorCode::ImageNotServed,
            },
            Error::Journal(crate::journal::JournalError::Io(e)) => document_code(e),
            Error::Journal(crate::journal::JournalError::Corrupt { .. }) => {
                ErrorCode::JournalCorrupt
            }
        }
    }

    /// Where in which file the problem is, for every error that knows a line (the errors that
    /// name only a file, or none, give `None`).
    pub fn span(&self) -> Option<SourceSpan> {
        use crate::document::DocumentError as D;
        use crate::git::GitError as G;
        use crate::site::SiteError as S;
        let span = |path: &PathBuf, line: usize, column: usize| SourceSpan {
            path: path.clone(),
            line,
            column,
        };
        match self {
            Error::FrontMatter { path, source } => Some(span(path, source.line, source.column)),
            Error::Site(S::BadConfig {
                path, line, column, ..
            }) => Some(span(path, *line, *column)),
            Error::Document(D::NotUtf8 {
                path, line, column, ..
            }) => Some(span(path, *line, *column)),
            Error::Document(D::TooLarge { path, .. }) => Some(span(path, 1, 1)),
            Error::Git(G::ConflictMarkers { path, line }) => Some(span(path, *line, 1)),
            Error::Git(G::BadBundle {
                path, line, column, ..
            }) => Some(span(path, *line, *column)),
            Error::Import(crate::import::ImportError::Parse {
                file, line, column, ..
            }) => Some(span(&PathBuf::from(file), *line, *column)),
            _ => None,
        }
    }

    /// The file or folder the error concerns, when it names one.
    pub fn path(&self) -> Option<&std::path::Path> {
        use crate::git::GitError as G;
        use crate::journal::JournalError as J;
        use crate::site::SiteError as S;
        match self {
            Error::Io { path, .. } | Error::FrontMatter { path, .. } => Some(path),
            Error::Site(
                S::NotASite(path)
                | S::BadConfig { path, .. }
                | S::ContentOutside { path, .. }
                | S::ThemeOutside { path, .. }
                | S::DecapConfigOutside { path, .. }
                | S::Io { path, .. },
            ) => Some(path),
            Error::Document(e) | Error::Journal(J::Io(e)) => Some(document_path(e)),
            Error::Journal(J::Corrupt { path, .. }) => Some(path),
            Error::Git(
                G::Bare { path }
                | G::OutsideRepository { path, .. }
                | G::File { path, .. }
                | G::Io { path, .. }
                | G::Unsplittable { path, .. }
                | G::ConflictMarkers { path, .. }
                | G::NotConflicting { path }
                | G::BadBundle { path, .. }
                | G::UnsafeBundle { bundle: path, .. },
            ) => Some(path),
            Error::Watch(crate::watch::WatchError::Notify { path, .. }) => Some(path),
            Error::Git(_)
            | Error::Import(_)
            | Error::NewPage(_)
            | Error::Media(_)
            | Error::Shortcode(_) => None,
        }
    }

    /// What went wrong, without the position [`Error::span`] gives (the whole [`Display`] text
    /// when there is none), so that a shell can print the position its own way.
    ///
    /// [`Display`]: std::fmt::Display
    pub fn message(&self) -> String {
        use crate::document::DocumentError as D;
        use crate::git::GitError as G;
        use crate::site::SiteError as S;
        match self {
            Error::FrontMatter { source, .. } => source.message.clone(),
            Error::Site(S::BadConfig { message, .. })
            | Error::Git(G::BadBundle { message, .. }) => message.clone(),
            Error::Document(D::NotUtf8 { message, .. }) => format!("not UTF-8 text ({message})"),
            Error::Document(D::TooLarge { bytes, limit, .. }) => format!(
                "{} MB is too large for a page (the limit is {} MB)",
                bytes / 1_000_000,
                limit / 1_000_000
            ),
            Error::Git(G::ConflictMarkers { .. }) => {
                "a conflict marker is still in the text; choose a side for every clash".to_string()
            }
            other => other.to_string(),
        }
    }
}

fn document_path(error: &crate::document::DocumentError) -> &std::path::Path {
    use crate::document::DocumentError as D;
    match error {
        D::Io { path, .. }
        | D::NotUtf8 { path, .. }
        | D::ChangedOnDisk { path }
        | D::TooLarge { path, .. }
        | D::OutsideSite { path, .. } => path,
    }
}

fn document_code(error: &crate::document::DocumentError) -> ErrorCode {
    use crate::document::DocumentError as D;
    match error {
        D::Io { .. } => ErrorCode::Io,
        D::NotUtf8 { .. } => ErrorCode::NotUtf8,
        D::ChangedOnDisk { .. } => ErrorCode::ChangedOnDisk,
        D::TooLarge { .. } => ErrorCode::TooLarge,
        D::OutsideSite { .. } => ErrorCode::OutsideSite,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code, for the tests.
    const ALL: [ErrorCode; 40] = [
        ErrorCode::Io,
        ErrorCode::FrontMatterSyntax,
        ErrorCode::DuplicateKey,
        ErrorCode::InvalidEdit,
        ErrorCode::NotASite,
        ErrorCode::BadConfig,
        ErrorCode::OutsideSite,
        ErrorCode::ChangedOnDisk,
        ErrorCode::NotUtf8,
        ErrorCode::TooLarge,
        ErrorCode::Git,
        ErrorCode::GitBare,
        ErrorCode::GitOutsideRepository,
        ErrorCode::GitBadIdentity,
        ErrorCode::GitNothingToCommit,
        ErrorCode::GitUnsplittable,
        ErrorCode::GitWouldOverwrite,
        ErrorCode::GitBranchExists,
        ErrorCode::GitNoSuchBranch,
        ErrorCode::GitInvalidName,
        ErrorCode::GitNoMainBranch,
        ErrorCode::GitCannotMerge,
        ErrorCode::GitMergeInProgress,
        ErrorCode::GitNoMergeInProgress,
        ErrorCode::GitConflictMarkers,
        ErrorCode::GitNotConflicting,
        ErrorCode::GitCannotAbortMerge,
        ErrorCode::GitNoRemote,
        ErrorCode::GitOffline,
        ErrorCode::GitAccessDenied,
        ErrorCode::GitPushRejected,
        ErrorCode::GitBadBundle,
        ErrorCode::GitUnsafeBundle,
        ErrorCode::Watch,
        ErrorCode::JournalCorrupt,
        ErrorCode::NoSite,
        ErrorCode::Settings,
        ErrorCode::BadLink,
        ErrorCode::Opener,
        ErrorCode::Internal,
    ];

    #[test]
    fn printed_codes_are_the_serialized_ones_kebab_case_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for code in ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str(), "{code:?}");
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{code}"
            );
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }

    #[test]
    fn front_matter_errors_have_their_kind_code_and_the_file_span() {
        let source = "---\ntitle: A\ntitle: B\n---\n";
        let parsed = crate::front_matter::FrontMatter::parse(source).unwrap_err();
        let error = Error::front_matter("content/a.md", parsed);
        assert_eq!(error.code(), ErrorCode::DuplicateKey);
        let span = error.span().unwrap();
        assert_eq!(span.to_string(), "content/a.md:3:1");
        assert!(error.message().contains("title"), "{}", error.message());
        assert!(!error.message().starts_with("3:"), "{}", error.message());
        assert!(
            error.to_string().starts_with("content/a.md:3:1: "),
            "{error}"
        );
    }

    #[test]
    fn a_changed_file_has_a_code_and_no_span() {
        let error = Error::Document(crate::document::DocumentError::ChangedOnDisk {
            path: "news/a.md".into(),
        });
        assert_eq!(error.code(), ErrorCode::ChangedOnDisk);
        assert_eq!(error.span(), None);
        assert_eq!(error.message(), error.to_string());
    }
}
