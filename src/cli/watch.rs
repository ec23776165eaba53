//! `postwright watch`: one JSON line per change, as the app's watcher sees it.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use postwright::Workspace;

use super::{Out, SiteArg};

/// Watch the site and print one JSON line per change.
#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    site: SiteArg,
    /// Poll the folder instead of asking the OS for events (network drives).
    #[arg(long)]
    poll: bool,
}

/// Runs `watch` until its output closes.
pub fn run(args: WatchArgs, out: Out) -> Result<ExitCode> {
    let mut ws = args.site.open()?;
    let (tx, rx) = std::sync::mpsc::channel();
    let send = move |events| {
        let _ = tx.send(events);
    };
    if args.poll {
        ws.watch_polling(send)?;
    } else {
        ws.watch(send)?;
    }
    let mut polling_reported = false;
    let mut report_polling = |ws: &Workspace, out: Out| -> Result<()> {
        if ws.is_polling() && !polling_reported {
            polling_reported = true;
            let message = "watching by polling (the system's file-watch limit was reached, or --poll): changes show up within a second or two";
            writeln!(
                out,
                "{}",
                serde_json::json!({"kind": "notice", "polling": true, "message": message})
            )?;
        }
        Ok(())
    };
    report_polling(&ws, out)?;
    writeln!(
        out,
        "{}",
        serde_json::json!({"kind": "ready", "pages": ws.site().index.pages.len()})
    )?;
    out.flush()?;
    for events in rx {
        for event in &events {
            writeln!(
                out,
                "{}",
                serde_json::json!({"kind": event.kind, "path": event.path})
            )?;
        }
        // One batch (a branch switch touching thousands of files) is one re-index.
        let changes = ws.apply_watch_events(&events);
        if !changes.paths.is_empty() {
            writeln!(
                out,
                "{}",
                serde_json::json!({"kind": "reindexed", "pages": ws.site().index.pages.len(), "changed": changes.paths.len()})
            )?;
        }
        if changes.schema_changed {
            writeln!(
                out,
                "{}",
                serde_json::json!({"kind": "schemaChanged", "types": ws.site().schema.types.len()})
            )?;
        }
        report_polling(&ws, out)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
