//! `postwright render`: a page body as HTML, as Hugo's `{{ .Content }}` prints it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{content_relative, Out, SiteArg};

/// Print a page's body as HTML, as Hugo's `{{ .Content }}` would.
#[derive(Args)]
pub struct RenderArgs {
    #[command(flatten)]
    site: SiteArg,
    /// The page file.
    file: PathBuf,
}

/// Runs `render`.
pub fn run(args: RenderArgs, out: Out) -> Result<ExitCode> {
    let ws = args.site.open()?;
    let rel = content_relative(&ws, &args.file)?;
    let doc = ws.open_document(&rel)?;
    let rendered = ws.render_preview(&rel, &doc.body);
    write!(out, "{}", rendered.html)?;
    // The preview counts lines from the body's start; the file's lines also count the front
    // matter before it.
    let body_at = if doc.source.ends_with(&doc.body) {
        doc.source.len() - doc.body.len()
    } else {
        0
    };
    let lines_before_body = doc
        .source
        .get(..body_at)
        .map_or(0, |head| head.matches('\n').count());
    for d in &rendered.diagnostics {
        eprintln!(
            "{}:{}:{}: {}",
            args.file.display(),
            d.line + lines_before_body,
            d.column,
            d.message
        );
    }
    Ok(ExitCode::SUCCESS)
}
