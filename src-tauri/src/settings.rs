//! The app's own settings (the commit identity, per-site paths), kept as JSON in the data folder so they
//! survive restarts and apply to every site opened.

use std::path::{Path, PathBuf};

use postwright::git::Identity;
use serde::{Deserialize, Serialize};

use crate::IpcError;

const FILE_NAME: &str = "settings.json";

fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Reads the settings; a missing file means defaults.
pub fn load(data_dir: &Path) -> Result<Settings, IpcError> {
    let path = settings_path(data_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => return Err(settings_error(&path, e.to_string(), None)),
    };
    serde_json::from_str(&text)
        .map_err(|e| settings_error(&path, e.to_string(), Some((e.line(), e.column()))))
}

/// Writes the settings atomically.
pub fn store(data_dir: &Path, settings: &Settings) -> Result<(), IpcError> {
    let path = settings_path(data_dir);
    std::fs::create_dir_all(data_dir).map_err(|e| settings_error(data_dir, e.to_string(), None))?;
    let json =
        serde_json::to_string_pretty(settings).map_err(|e| IpcError::internal(e.to_string()))?;
    postwright::document::write_atomic(&path, json.as_bytes())
        .map_err(|e| settings_error(&path, e.to_string(), None))
}

fn settings_error(path: &Path, message: String, at: Option<(usize, usize)>) -> IpcError {
    let mut err = IpcError::new(
        postwright::error::ErrorCode::Settings,
        format!("{}: {message}", path.display()),
    );
    err.path = Some(path.display().to_string());
    if let Some((line, column)) = at {
        err.line = u32::try_from(line).ok();
        err.column = u32::try_from(column).ok();
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;
    use postwright::git::Identity;

    #[test]
    fn settings_round_trip_and_default_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).unwrap().identity.is_none());
        let who = Identity {
            name: "Ada".into(),
            email: "ada@example.gov".into(),
        };
        store(
            dir.path(),
            &Settings {
                identity: Some(who.clone()),
                role: crate::Role::Editor,
                agency: None,
                sites: [(
                    "/sites/digitalgov".to_string(),
                    crate::SiteSettings {
                        decap_config: Some("cms/config.yml".into()),
                    },
                )]
                .into(),
            },
        )
        .unwrap();
        let loaded = load(dir.path()).unwrap();
        assert_eq!(
            (loaded.identity, loaded.role),
            (Some(who), crate::Role::Editor)
        );
        assert_eq!(
            loaded.sites["/sites/digitalgov"].decap_config.as_deref(),
            Some("cms/config.yml")
        );
    }

    #[test]
    fn broken_settings_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "{\n  \"identity\": nope\n}").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert_eq!((err.code.as_str(), err.line), ("settings", Some(2)));
    }
}

/// The commit identity and where it comes from; the writer's role in the editorial workflow.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The identity set in the app (overrides git config), if any.
    pub identity: Option<Identity>,
    /// Which workflow the UI offers (git permissions remain the real boundary).
    #[serde(default)]
    pub role: Role,
    /// A guest's agency, the `<agency>` of `submissions/<agency>/<slug>`.
    #[serde(default)]
    pub agency: Option<String>,
    /// Settings of each site, by the absolute path of its root (as [`SiteInfo::root`]).
    #[serde(default)]
    pub sites: std::collections::BTreeMap<String, SiteSettings>,
}

/// What the app is told about one site that the site's own files do not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SiteSettings {
    /// The Decap CMS config to read the content types from, relative to the site root (it must
    /// stay inside it), when it is not in `static/admin/` of the site or its theme.
    #[serde(default)]
    pub decap_config: Option<String>,
}

/// A writer's role: it shapes the workflow buttons, nothing more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Writes on `draft/<slug>` branches and submits them for review.
    #[default]
    Author,
    /// Reviews drafts and submissions, requests changes, approves (merges).
    Editor,
    /// A guest agency: submits stories by push or as a bundle file.
    Guest,
}
