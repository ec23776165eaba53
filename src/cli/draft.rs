//! `postwright draft start`: branch `draft/<slug>` from the main branch.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::{Out, SiteArg};

/// Drafts: branches `draft/<slug>` from the main branch.
#[derive(Subcommand)]
pub enum DraftCommand {
    /// Create `draft/SLUG` from the main branch and switch to it, keeping uncommitted work.
    Start {
        #[command(flatten)]
        site: SiteArg,
        /// The draft's slug (lower-case letters, digits, `-`).
        slug: String,
    },
}

/// Runs `draft`.
pub fn run(command: DraftCommand, out: Out) -> Result<ExitCode> {
    match command {
        DraftCommand::Start { site, slug } => {
            let mut ws = site.open()?;
            writeln!(out, "{}", ws.start_draft(&slug)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
