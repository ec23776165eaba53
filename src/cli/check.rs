//! `postwright check`: findings as `file:line:col: severity code: message`; exit 1 on errors.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use postwright::check::Severity;

use super::{content_relative, json, Format, FormatArg, Out, SiteArg};

/// Check pages (all when none are named) and print findings like a compiler; exit 1 on errors.
#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    format: FormatArg,
    /// Page files to check.
    paths: Vec<PathBuf>,
}

/// Runs `check`.
pub fn run(args: CheckArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    let findings = if args.paths.is_empty() {
        ws.check_site().findings
    } else {
        let rels = args
            .paths
            .iter()
            .map(|p| content_relative(&ws, p))
            .collect::<Result<Vec<_>>>()?;
        ws.check_files(&rels)
    };
    match args.format.format {
        Format::Json => json(out, &findings)?,
        Format::Text => {
            let content_dir = ws.site().config.content_dir.clone();
            for d in &findings {
                writeln!(
                    out,
                    "{}:{}:{}: {} {}: {}",
                    content_dir.join(&d.path).display(),
                    d.line,
                    d.column,
                    d.severity,
                    d.code,
                    d.message
                )?;
            }
        }
    }
    if findings.iter().any(|d| d.severity == Severity::Error) {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
