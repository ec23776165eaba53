//! `postwright submit`: submit the draft for review (its uncommitted work committed with it),
//! or send a guest's story.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{state_name, Out, SiteArg};

/// Submit the current draft for review, or (with --agency) a guest's story: committed on
/// `submissions/<agency>/<slug>` and pushed, or written to a bundle file.
#[derive(Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    site: SiteArg,
    /// The guest agency (e.g. `gsa`).
    #[arg(long)]
    agency: Option<String>,
    /// The story's name (the branch is `submissions/<agency>/<name as a slug>`); by default
    /// the new page's slug or title.
    #[arg(long)]
    story: Option<String>,
    /// Write a bundle file instead of pushing.
    #[arg(long)]
    bundle: Option<PathBuf>,
}

/// Runs `submit`.
pub fn run(args: SubmitArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    match (args.agency, args.bundle) {
        (None, None) => {
            let submitted = ws.submit_for_review(None, &[])?;
            let state = ws.review_item(&submitted.branch)?.state;
            writeln!(out, "{}\t{}", submitted.branch, state_name(state))?;
        }
        (agency, bundle) => {
            let agency = agency.unwrap_or_else(|| "guest".to_string());
            let branch = ws.submit_story(&agency, args.story.as_deref(), bundle.as_deref())?;
            match bundle {
                Some(file) => writeln!(out, "{branch}\t{}", file.display())?,
                None => writeln!(out, "{branch}\tpushed")?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
