//! `postwright shortcodes`: every shortcode the site can call, with its params, whether it
//! takes inner content, and its help.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use postwright::render::catalog::ShortcodeParam;

use super::{json, Format, FormatArg, Out, SiteArg};

/// List the site's shortcodes (its templates, its themes', Hugo's built-ins).
#[derive(Args)]
pub struct ShortcodesArgs {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    format: FormatArg,
}

/// Runs `shortcodes`.
pub fn run(args: ShortcodesArgs, out: Out) -> Result<ExitCode> {
    let ws = args.site.open()?;
    let list = ws.shortcodes();
    match args.format.format {
        Format::Json => json(out, &list)?,
        Format::Text => {
            for info in &list {
                let mut params: Vec<String> = info
                    .params
                    .iter()
                    .map(|p| match p {
                        ShortcodeParam::Named { name } => name.clone(),
                        ShortcodeParam::Positional { index } => format!("#{index}"),
                    })
                    .collect();
                if info.any_params {
                    params.push("…".into());
                }
                let help = info.help.lines().next().unwrap_or_default();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    info.name,
                    info.source,
                    if info.inner { "inner" } else { "-" },
                    params.join(" "),
                    help
                )?;
                if let Some(error) = &info.error {
                    writeln!(out, "\terror: {error}")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
