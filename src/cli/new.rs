//! `postwright new`: a new page from the section's content type; prints its path.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{Out, SiteArg};

/// Create a new page from the section's content type and print its path.
#[derive(Args)]
pub struct NewArgs {
    #[command(flatten)]
    site: SiteArg,
    /// The section (content folder) to create it in.
    #[arg(long, default_value = "news")]
    section: String,
    /// The page's title (its slug and file name derive from it).
    title: String,
}

/// Runs `new`.
pub fn run(args: NewArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    let rel = ws.new_page(
        &args.section,
        &args.title,
        chrono::Local::now().fixed_offset(),
    )?;
    writeln!(out, "{}", ws.site().config.content_dir.join(rel).display())?;
    Ok(ExitCode::SUCCESS)
}
