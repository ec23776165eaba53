//! `postwright fix`: the checks' safe fixes, through the same lossless editor and disk-hash
//! guard as the app's Fix button (a file changed after it was read is refused, not overwritten).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use postwright::workspace::FixSelection;

use super::{selected_pages, Out, SiteArg};

/// Apply the safe fixes of the checks (all rules unless some are named).
#[derive(Args)]
pub struct FixArgs {
    #[command(flatten)]
    site: SiteArg,
    /// Only these rule codes (repeatable).
    #[arg(long = "rule")]
    rules: Vec<String>,
    /// Print the diff instead of writing.
    #[arg(long)]
    dry_run: bool,
    /// Page files to fix.
    paths: Vec<PathBuf>,
}

/// Runs `fix`.
pub fn run(args: FixArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    let selection = FixSelection {
        codes: args.rules,
        ..FixSelection::default()
    };
    let content_dir = ws.site().config.content_dir.clone();
    for rel in selected_pages(&ws, &args.paths)? {
        let doc = ws.open_document(&rel)?;
        // Bytes that are not text are never rewritten by a fix.
        if doc.encoding_problem.is_some() {
            continue;
        }
        let preview = ws.fix_preview(&rel, &doc.source, &selection)?;
        if preview.changes.is_empty() {
            continue;
        }
        if args.dry_run {
            let name = format!("{}/{rel}", content_dir.display());
            write!(
                out,
                "{}",
                similar::TextDiff::from_lines(&doc.source, &preview.fixed)
                    .unified_diff()
                    .header(&name, &name)
            )?;
        } else {
            ws.apply_fix(&rel, &doc.source, &doc.disk_hash, &selection)?;
            for description in &preview.descriptions {
                writeln!(out, "{rel}: {description}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
