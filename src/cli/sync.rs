//! `postwright sync`: pull (fast-forward or merge; conflicts reported), then push.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use postwright::git::remote::PullOutcome;

use super::{Out, SiteArg};

/// Pull the current branch from the remote, then push what is ahead.
#[derive(Args)]
pub struct SyncArgs {
    #[command(flatten)]
    site: SiteArg,
}

/// Runs `sync`.
pub fn run(args: SyncArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    let outcome = ws.sync()?;
    match &outcome.pull {
        PullOutcome::Conflicts { files } => {
            for file in files {
                eprintln!(
                    "{}: conflict: both sides changed the same lines; edit the file and commit",
                    file.path
                );
            }
            return Ok(ExitCode::FAILURE);
        }
        PullOutcome::Merged { auto_resolved, .. } => {
            for path in auto_resolved {
                writeln!(out, "merged\t{path}")?;
            }
        }
        _ => {}
    }
    for branch in &outcome.pushed {
        writeln!(out, "pushed\t{branch}")?;
    }
    Ok(ExitCode::SUCCESS)
}
