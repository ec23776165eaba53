//! `postwright review`: the editors' review queue.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use postwright::git::review::MergeStrategy;

use super::{json, print_page_diff, state_name, Format, FormatArg, Out, SiteArg};

/// The editors' review queue.
#[derive(Subcommand)]
pub enum ReviewCommand {
    /// List draft, ready and submission branches.
    List {
        #[command(flatten)]
        site: SiteArg,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Show a branch: state, notes, and its changes field by field.
    Show {
        #[command(flatten)]
        site: SiteArg,
        /// The branch.
        branch: String,
    },
    /// Approve: merge the branch into the main branch (per the site's setting) and delete it.
    Merge {
        #[command(flatten)]
        site: SiteArg,
        /// Squash, whatever the site's setting.
        #[arg(long)]
        squash: bool,
        /// Also write the branch, marked accepted, as a reply bundle at this file (for a
        /// guest who sent the story as a bundle).
        #[arg(long, value_name = "FILE")]
        reply: Option<std::path::PathBuf>,
        /// The branch.
        branch: String,
    },
    /// Record a note asking the author for changes.
    RequestChanges {
        #[command(flatten)]
        site: SiteArg,
        /// The note.
        #[arg(short, long)]
        message: String,
        /// The branch.
        branch: String,
    },
}

/// Runs `review`.
pub fn run(command: ReviewCommand, out: Out) -> Result<ExitCode> {
    match command {
        ReviewCommand::List { site, format } => {
            let ws = site.open()?;
            let queue = ws.review_queue()?;
            match format.format {
                Format::Json => json(out, &queue)?,
                Format::Text => {
                    for item in &queue {
                        let title = item.title.as_deref().unwrap_or("-");
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}",
                            item.branch,
                            state_name(item.state),
                            item.author_name,
                            title
                        )?;
                    }
                }
            }
        }
        ReviewCommand::Show { site, branch } => {
            let ws = site.open()?;
            let item = ws.review_item(&branch)?;
            writeln!(
                out,
                "{}\t{}\t{} <{}>",
                item.branch,
                state_name(item.state),
                item.author_name,
                item.author_email
            )?;
            for note in &item.notes {
                writeln!(
                    out,
                    "note\t{}\t{}: {}",
                    state_name(note.state),
                    note.author_name,
                    note.message.replace('\n', " ")
                )?;
            }
            for diff in ws.review_diff(&branch)? {
                print_page_diff(out, &diff)?;
            }
        }
        ReviewCommand::Merge {
            site,
            squash,
            reply,
            branch,
        } => {
            let mut ws = site.open()?;
            let strategy = squash.then_some(MergeStrategy::Squash);
            let outcome = ws.approve_replying(&branch, strategy, reply.as_deref())?;
            writeln!(out, "{}", outcome.commit)?;
            for warning in &outcome.warnings {
                eprintln!("warning: {warning}");
            }
        }
        ReviewCommand::RequestChanges {
            site,
            message,
            branch,
        } => {
            let ws = site.open()?;
            writeln!(out, "{}", ws.request_changes(&branch, &message)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
