//! `postwright index`: the site's pages (newest first) and taxonomy terms.

use std::process::ExitCode;

use std::io::Write;

use anyhow::Result;
use clap::Args;

use super::{json, Format, FormatArg, Out, SiteArg};

/// Print the site's pages and taxonomy terms.
#[derive(Args)]
pub struct IndexArgs {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    format: FormatArg,
}

/// Runs `index`.
pub fn run(args: IndexArgs, out: Out) -> Result<ExitCode> {
    let ws = args.site.open()?;
    let content_dir = &ws.site().config.content_dir;
    for adapter in &ws.site().index.content_adapters {
        eprintln!(
            "note: {}: a content adapter; the pages it makes are not listed or previewed",
            content_dir.join(adapter).display()
        );
    }
    match args.format.format {
        Format::Json => {
            // The word counts, read on all cores rather than one page at a time while printing.
            ws.site().index.read_bodies();
            json(out, &ws.site().index)?
        }
        Format::Text => {
            // One write for many lines: stdout is line-buffered, a system call a page.
            let mut out = std::io::BufWriter::new(out);
            for page in ws.page_rows() {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    page.path,
                    page.date.as_deref().unwrap_or("-"),
                    page.title
                )?;
            }
            out.flush()?;
        }
    }
    // The process ends here: freeing every page entry one by one would only add to its time.
    std::mem::forget(ws);
    Ok(ExitCode::SUCCESS)
}
