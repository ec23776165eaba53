//! `postwright commit`: commit the named files (all changes when none), with co-authors.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use postwright::git::Identity;

use super::{Out, SiteArg};

/// Commit changed files (all when none are named).
#[derive(Args)]
pub struct CommitArgs {
    #[command(flatten)]
    site: SiteArg,
    /// The commit message.
    #[arg(short, long)]
    message: String,
    /// Credit a co-author with a `Co-authored-by` trailer: "Name <email>" (repeatable).
    #[arg(long = "co-author", value_name = "NAME <EMAIL>")]
    co_authors: Vec<Identity>,
    /// Files to commit, relative to the repository root.
    paths: Vec<String>,
}

/// Runs `commit`.
pub fn run(args: CommitArgs, out: Out) -> Result<ExitCode> {
    let ws = args.site.open()?;
    let id = ws.commit_with_co_authors(&args.message, &args.paths, &args.co_authors)?;
    writeln!(out, "{id}")?;
    Ok(ExitCode::SUCCESS)
}
