//! `postwright status`: files changed since the last commit.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{Out, SiteArg};

/// List files changed since the last commit.
#[derive(Args)]
pub struct StatusArgs {
    #[command(flatten)]
    site: SiteArg,
}

/// Runs `status`.
pub fn run(args: StatusArgs, out: Out) -> Result<ExitCode> {
    let ws = args.site.open()?;
    for change in ws.status()? {
        writeln!(out, "{:?}\t{}", change.kind, change.path)?;
    }
    Ok(ExitCode::SUCCESS)
}
