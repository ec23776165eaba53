//! `postwright import`: old posts (Jekyll, JSON Feed, WordPress export, plain Markdown/HTML)
//! turned into pages of the site, mapped to its terms, authors, image shortcode and pages;
//! prints each page's path and what remains to settle, then writes them (not with `--dry-run`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use postwright::import::{ImportOptions, ImportedPage};
use postwright::workspace::ImportWrite;

use super::{json, Format, FormatArg, Out, SiteArg};

/// Import old posts as pages of the site.
#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    format: FormatArg,
    /// The section the pages go to (default: the section with the most pages).
    #[arg(long)]
    section: Option<String>,
    /// A host the site was served from before (its links become `ref`s); repeatable.
    #[arg(long = "old-host", value_name = "HOST")]
    old_hosts: Vec<String>,
    /// The term a name the site does not know stands for: `"Managing Digital=product-management"`;
    /// repeatable.
    #[arg(long = "term", value_name = "NAME=SLUG")]
    terms: Vec<String>,
    /// Show what would be written (the pages in full) and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The files to import.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Runs `import`.
pub fn run(args: ImportArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    let mut term_choices = Vec::new();
    for choice in &args.terms {
        let (name, slug) = choice
            .split_once('=')
            .with_context(|| format!("--term {choice}: write NAME=SLUG"))?;
        term_choices.push((name.trim().to_string(), slug.trim().to_string()));
    }
    let options = ImportOptions {
        section: args.section.clone(),
        old_hosts: args.old_hosts.clone(),
        term_choices,
    };
    let mut pages: Vec<ImportedPage> = Vec::new();
    for file in &args.files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read", file.display()))?;
        pages.extend(ws.import_preview(&file.display().to_string(), &text, &options)?);
    }
    let content_dir = ws.site().config.content_dir.clone();
    if matches!(args.format.format, Format::Json) {
        json(out, &pages)?;
    } else {
        for page in &pages {
            writeln!(
                out,
                "{} -> {}",
                page.origin,
                content_dir.join(&page.path).display()
            )?;
            for problem in &page.problems {
                match (problem.line, problem.column) {
                    (Some(line), Some(column)) => writeln!(
                        out,
                        "  {}:{line}:{column}: {}: {}",
                        content_dir.join(&page.path).display(),
                        problem.code,
                        problem.message
                    )?,
                    _ => writeln!(out, "  {}: {}", problem.code, problem.message)?,
                }
            }
            if args.dry_run {
                writeln!(out, "{}", page.source)?;
            }
        }
    }
    if args.dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    let writes: Vec<ImportWrite> = pages
        .iter()
        .map(|p| ImportWrite {
            path: p.path.clone(),
            source: p.source.clone(),
            new_authors: p.new_authors.clone(),
        })
        .collect();
    let written = ws.import_write(&writes)?;
    if matches!(args.format.format, Format::Text) {
        for rel in written {
            writeln!(out, "wrote {}", content_dir.join(rel).display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
