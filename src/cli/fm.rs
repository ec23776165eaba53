//! `postwright fm get|set|unset`: read or edit a page's front matter, losslessly, with the same
//! editor and disk-hash guard as the app's form.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use postwright::front_matter::{FieldEdit, FrontMatter};
use postwright::Workspace;

use super::{content_relative, json, Out};

/// Read or edit a page's front matter, losslessly.
#[derive(Subcommand)]
pub enum FmCommand {
    /// Print the front matter (or one key) as JSON.
    Get {
        /// The page file.
        file: PathBuf,
        /// Only this key.
        key: Option<String>,
    },
    /// Set KEY to a JSON value, in place.
    Set {
        /// Refuse unless the file is inside this Hugo site's content folder (default: the
        /// site the file is in, if any).
        #[arg(long)]
        site: Option<PathBuf>,
        /// The page file.
        file: PathBuf,
        /// The key.
        key: String,
        /// The value, as JSON (`"text"`, `["a","b"]`, `true`).
        value: String,
    },
    /// Remove KEY, in place.
    Unset {
        /// Refuse unless the file is inside this Hugo site's content folder (default: the
        /// site the file is in, if any).
        #[arg(long)]
        site: Option<PathBuf>,
        /// The page file.
        file: PathBuf,
        /// The key.
        key: String,
    },
}

/// Runs `fm`.
pub fn run(command: FmCommand, out: Out) -> Result<ExitCode> {
    match command {
        FmCommand::Get { file, key } => {
            let source = postwright::document::read_text(&file).map_err(postwright::Error::from)?;
            let fm = FrontMatter::parse(&source)
                .map_err(|e| postwright::Error::front_matter(&file, e))?;
            let value = match key {
                Some(key) => match fm.get(&key) {
                    Some(v) => v.to_json(),
                    None => bail!("{}: no key `{key}` in the front matter", file.display()),
                },
                None => serde_json::Value::Object(
                    fm.fields()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.to_json()))
                        .collect(),
                ),
            };
            json(out, &value)?;
        }
        FmCommand::Set {
            site,
            file,
            key,
            value,
        } => {
            let value: serde_json::Value = serde_json::from_str(&value).with_context(|| {
                format!("the value `{value}` is not JSON (quote strings: '\"text\"')")
            })?;
            edit(site.as_deref(), &file, &[FieldEdit::Set { key, value }])?;
        }
        FmCommand::Unset { site, file, key } => {
            edit(site.as_deref(), &file, &[FieldEdit::Unset { key }])?
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Edits the file inside its site's content folder (symlinks followed), through the facade.
/// The site is `--site`, else the nearest folder above the file as written (before its `..`
/// are resolved) that holds a Hugo config; a file in no site at all is edited as given, since
/// the user named it, with the same guard.
fn edit(site: Option<&Path>, file: &Path, edits: &[FieldEdit]) -> Result<()> {
    let site = match site {
        Some(site) => site.to_path_buf(),
        None => match file
            .ancestors()
            .skip(1)
            .find(|dir| postwright::site::SiteConfig::load(dir).is_ok())
        {
            Some(dir) if dir.as_os_str().is_empty() => PathBuf::from("."),
            Some(dir) => dir.to_path_buf(),
            None => {
                postwright::workspace::documents::edit_loose_file(file, edits)?;
                return Ok(());
            }
        },
    };
    let mut ws = Workspace::open(&site)?;
    let rel = content_relative(&ws, file)?;
    ws.edit_front_matter(&rel, edits)?;
    Ok(())
}
