//! `postwright new`: a new page of one of the site's content types; prints its path. It writes
//! what the app's "New page" writes (the one [`postwright::workspace::Workspace::create_page`]).

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::{Out, SiteArg};

/// Create a new page of a content type and print its path.
#[derive(Args)]
pub struct NewArgs {
    #[command(flatten)]
    site: SiteArg,
    /// The content type: a Decap collection's name, or a section (content folder).
    #[arg(long = "type", visible_alias = "section", default_value = "news")]
    content_type: String,
    /// Date it this instant (RFC 3339, e.g. `2026-12-07T09:30:00-05:00`) instead of now; it is
    /// written in the site's UTC offset either way.
    #[arg(long)]
    date: Option<String>,
    /// List the content types instead (name, then label).
    #[arg(long, conflicts_with = "title")]
    list: bool,
    /// The page's title (its slug and file name derive from it).
    #[arg(required_unless_present = "list")]
    title: Option<String>,
}

/// Runs `new`.
pub fn run(args: NewArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    if args.list {
        for ty in ws.new_page_types() {
            writeln!(out, "{}\t{}", ty.name, ty.label)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let now = match &args.date {
        Some(date) => chrono::DateTime::parse_from_rfc3339(date)
            .with_context(|| format!("--date `{date}` is not an RFC 3339 date-time"))?,
        None => postwright::workspace::new_pages::local_now(),
    };
    let title = args.title.unwrap_or_default();
    let rel = ws.create_page(&args.content_type, &title, now, &[])?;
    writeln!(out, "{}", ws.site().config.content_dir.join(rel).display())?;
    Ok(ExitCode::SUCCESS)
}
