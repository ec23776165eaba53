//! `postwright diff`: uncommitted changes, front matter field by field, the body hunk by hunk.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{print_page_diff, Out, SiteArg};

/// Show uncommitted changes: front matter field by field, the body hunk by hunk.
#[derive(Args)]
pub struct DiffArgs {
    #[command(flatten)]
    site: SiteArg,
    /// Files to show, relative to the repository root (all changes when none).
    paths: Vec<String>,
}

/// Runs `diff`.
pub fn run(args: DiffArgs, out: Out) -> Result<ExitCode> {
    let ws = args.site.open()?;
    for diff in ws.page_diffs(&args.paths)? {
        print_page_diff(out, &diff)?;
    }
    Ok(ExitCode::SUCCESS)
}
