//! The subcommands of the `postwright` binary, one file each. Every one parses its arguments,
//! calls [`postwright::Workspace`] (the facade the desktop app calls too) and presents the
//! result; none reads or writes a page by itself. Output goes through the `out` writer so
//! that a closed pipe (`postwright index | head`) ends the command quietly.

pub mod bundle;
pub mod check;
pub mod commit;
pub mod diff;
pub mod draft;
pub mod fix;
pub mod fm;
pub mod image;
pub mod import;
pub mod index;
pub mod log;
pub mod new;
pub mod render;
pub mod review;
pub mod shortcodes;
pub mod status;
pub mod submit;
pub mod sync;
pub mod watch;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use postwright::git::diff::PageDiff;
use postwright::git::review::ReviewState;
use postwright::git::DiffLineKind;
use postwright::Workspace;

/// Where a subcommand writes what it prints.
pub type Out<'a> = &'a mut dyn std::io::Write;

/// `--site`: the Hugo site folder, shared by every subcommand that opens one.
#[derive(Args)]
pub struct SiteArg {
    /// The Hugo site folder.
    #[arg(long, default_value = ".")]
    pub site: PathBuf,
}

impl SiteArg {
    /// The site opened for work.
    pub fn open(&self) -> Result<Workspace> {
        Ok(Workspace::open(&self.site)?)
    }
}

/// Output formats.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Lines for people (and grep).
    Text,
    /// JSON for scripts.
    Json,
}

/// `--format`, shared by the subcommands that can print JSON.
#[derive(Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Prints `value` as pretty JSON.
pub fn json(out: Out, value: &impl serde::Serialize) -> Result<()> {
    writeln!(out, "{}", serde_json::to_string_pretty(value)?)?;
    Ok(())
}

/// The path of `file` relative to the site's content folder; refuses files outside it.
pub fn content_relative(ws: &Workspace, file: &Path) -> Result<String> {
    let full = file
        .canonicalize()
        .with_context(|| format!("{}: cannot open", file.display()))?;
    let root = ws.site().content_root();
    let rel = full.strip_prefix(&root).with_context(|| {
        format!(
            "{}: not inside the site's content folder {}",
            file.display(),
            root.display()
        )
    })?;
    Ok(rel.to_string_lossy().replace('\\', "/"))
}

/// The content-relative paths of the named files, or of every page when none are named.
pub fn selected_pages(ws: &Workspace, paths: &[PathBuf]) -> Result<Vec<String>> {
    if paths.is_empty() {
        return Ok(ws
            .site()
            .index
            .pages
            .iter()
            .map(|p| p.path.clone())
            .collect());
    }
    paths.iter().map(|p| content_relative(ws, p)).collect()
}

/// A review state as the CLI prints it.
pub fn state_name(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => "draft",
        ReviewState::Ready => "ready",
        ReviewState::ChangesRequested => "changes-requested",
    }
}

/// Prints a page diff: a header, one line per changed field, then the body hunks.
pub fn print_page_diff(out: Out, diff: &PageDiff) -> Result<()> {
    let title = diff
        .title
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    writeln!(out, "{:?}\t{}{title}", diff.kind, diff.path)?;
    for field in &diff.fields {
        writeln!(out, "  {}", field.description)?;
    }
    if let Some(error) = &diff.front_matter_error {
        writeln!(out, "  front matter unreadable: {error}")?;
    }
    for hunk in &diff.body_hunks {
        writeln!(out, "  {}", hunk.header)?;
        for line in &hunk.lines {
            let mark = match line.kind {
                DiffLineKind::Added => '+',
                DiffLineKind::Removed => '-',
                DiffLineKind::Context => ' ',
            };
            writeln!(out, "  {mark}{}", line.text)?;
        }
    }
    Ok(())
}
