//! `postwright check`: findings as `file:line:col: severity code: message` (or JSON, or SARIF
//! for code hosts); exit 1 on errors of the published site. Findings on pages Hugo does not
//! publish are folded: counted on stderr, listed with `--include-unpublished`. With
//! `--baseline FILE` only findings the file does not know are printed, and only they fail the
//! run; `--changed-since REF` checks only the pages changed since a Git ref and their
//! referrers.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use postwright::check::baseline::Baseline;
use postwright::check::{sarif, Severity};
use postwright::check::{Diagnostic, SiteCheck};

use super::{content_relative, Out, SiteArg};

/// `check`'s output formats.
#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// Lines for people (and grep), like a compiler's.
    Text,
    /// A JSON array of findings, for scripts.
    Json,
    /// SARIF 2.1.0, for code hosts' pull-request annotations.
    Sarif,
}

/// Check pages (all when none are named) and print findings like a compiler; exit 1 on errors.
#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
    /// Also list the findings on pages Hugo does not publish (drafts, expired, future,
    /// `build.render: never`), which are otherwise only counted.
    #[arg(long)]
    include_unpublished: bool,
    /// A file of known findings: written when absent (or with --write-baseline), else only
    /// findings it does not know are printed, and exit 1 when one is an error or a warning.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// With --baseline: write the file from this check even when it exists.
    #[arg(long, requires = "baseline")]
    write_baseline: bool,
    /// Check only the pages changed since this Git ref (committed, staged, unstaged or new)
    /// and the pages whose refs point at them.
    #[arg(long, value_name = "REF", conflicts_with = "paths")]
    changed_since: Option<String>,
    /// Page files to check.
    paths: Vec<PathBuf>,
}

/// Runs `check`.
pub fn run(args: CheckArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    let partial = args.changed_since.is_some() || !args.paths.is_empty();
    let check: SiteCheck = if let Some(rev) = &args.changed_since {
        let changed = ws.check_changed_since(rev)?;
        eprintln!(
            "checked {} page(s): {} changed since {rev} and their referrers",
            changed.checked.len(),
            changed.changed.len()
        );
        changed.check
    } else if args.paths.is_empty() {
        ws.check_site()
    } else {
        let rels = args
            .paths
            .iter()
            .map(|p| content_relative(&ws, p))
            .collect::<Result<Vec<_>>>()?;
        ws.check_pages(&rels)
    };

    let mut shown: Vec<Diagnostic> = check.findings.clone();
    let mut fails = shown.iter().any(|d| d.severity == Severity::Error);
    if let Some(file) = &args.baseline {
        let entries = ws.baseline_entries(&check.findings);
        if args.write_baseline || !file.exists() {
            if partial {
                bail!("a baseline is written from the whole site: drop --changed-since and the page paths");
            }
            let baseline = Baseline::new(entries);
            postwright::document::write_atomic(file, baseline.to_text().as_bytes())
                .with_context(|| format!("{}: cannot write the baseline", file.display()))?;
            eprintln!(
                "wrote {}: {} known finding(s)",
                file.display(),
                baseline.findings.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read the baseline", file.display()))?;
        let baseline = Baseline::parse(&file.display().to_string(), &text)?;
        let new = baseline.new_ones(&entries);
        shown = new.iter().map(|&i| check.findings[i].clone()).collect();
        fails = shown.iter().any(|d| d.severity != Severity::Info);
        eprintln!(
            "{} new finding(s) not in {} ({} known)",
            shown.len(),
            file.display(),
            check.findings.len() - shown.len()
        );
    }
    let folded = if args.include_unpublished && args.baseline.is_none() {
        check.unpublished.clone()
    } else {
        Vec::new()
    };

    match args.format {
        CheckFormat::Json => {
            let all: Vec<&Diagnostic> = shown.iter().chain(&folded).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
        }
        CheckFormat::Sarif => {
            let content_dir = ws.site().config.content_dir.display().to_string();
            let all: Vec<Diagnostic> = shown.iter().chain(&folded).cloned().collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&sarif::to_sarif(&all, &content_dir))?
            )?;
        }
        CheckFormat::Text => {
            let content_dir = ws.site().config.content_dir.clone();
            let reasons = &check.unpublished_pages;
            for (d, note) in shown
                .iter()
                .map(|d| (d, String::new()))
                .chain(folded.iter().map(|d| {
                    let reason = reasons
                        .iter()
                        .find(|p| p.path == d.path)
                        .map_or(String::new(), |p| format!(" [not published: {}]", p.reason));
                    (d, reason)
                }))
            {
                writeln!(
                    out,
                    "{}:{}:{}: {} {}: {}{note}",
                    content_dir.join(&d.path).display(),
                    d.line,
                    d.column,
                    d.severity,
                    d.code,
                    d.message
                )?;
            }
        }
    }
    if args.baseline.is_none() {
        let count = |s: Severity| check.findings.iter().filter(|d| d.severity == s).count();
        eprintln!(
            "{} error(s), {} warning(s), {} info(s) on published pages; {} finding(s) on {} unpublished page(s) folded{}",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            check.unpublished.len(),
            check.unpublished_pages.len(),
            if args.include_unpublished { "" } else { " (--include-unpublished lists them)" }
        );
    }
    Ok(if fails {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
