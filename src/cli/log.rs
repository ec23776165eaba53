//! `postwright log`: the history of the site, or of one file, newest first.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{json, Format, FormatArg, Out, SiteArg};

/// History of the site (or of the named file), newest first.
#[derive(Args)]
pub struct LogArgs {
    #[command(flatten)]
    site: SiteArg,
    /// How many commits at most.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[command(flatten)]
    format: FormatArg,
    /// A file, relative to the repository root.
    path: Option<String>,
}

/// Runs `log`.
pub fn run(args: LogArgs, out: Out) -> Result<ExitCode> {
    let ws = args.site.open()?;
    let commits = ws.history(args.path.as_deref(), args.limit)?;
    match args.format.format {
        Format::Json => json(out, &commits)?,
        Format::Text => {
            for c in &commits {
                let short = c.id.get(..10).unwrap_or(&c.id);
                writeln!(
                    out,
                    "{short} {} {} <{}>  {}",
                    format_epoch(c.time),
                    c.author_name,
                    c.author_email,
                    c.summary
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A commit time as `YYYY-MM-DD HH:MM` in UTC, the way a log line shows it.
fn format_epoch(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).map_or_else(
        || seconds.to_string(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    )
}
