//! `postwright bundle import`: a guest's bundle becomes a submission branch in the queue.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::{Out, SiteArg};

/// Git bundles from guests without write access.
#[derive(Subcommand)]
pub enum BundleCommand {
    /// Import the branches of a bundle file.
    Import {
        #[command(flatten)]
        site: SiteArg,
        /// The bundle file.
        file: PathBuf,
    },
}

/// Runs `bundle`.
pub fn run(command: BundleCommand, out: Out) -> Result<ExitCode> {
    match command {
        BundleCommand::Import { site, file } => {
            let mut ws = site.open()?;
            for imported in ws.import_bundle(&file)? {
                writeln!(out, "{}\t{}", imported.branch, imported.commit)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
