//! The `postwright` command line: the same engine as the desktop app, for scripts, CI and tests.
//! Each subcommand lives in its own file under `cli/` and calls only the facade
//! ([`postwright::Workspace`]); `anyhow` lives only here, at the binary's edge.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use cli::{
    bundle, check, commit, diff, draft, fix, fm, import, index, log, new, render, review, status,
};
use cli::{image, shortcodes, submit, sync, watch};

#[derive(Parser)]
#[command(
    name = "postwright",
    version,
    about = "Draft, check, preview and commit posts for a Hugo site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the site's pages and taxonomy terms.
    Index(index::IndexArgs),
    /// Read or edit a page's front matter, losslessly.
    Fm {
        #[command(subcommand)]
        command: fm::FmCommand,
    },
    /// List the shortcodes the site can call: params, inner content, help.
    Shortcodes(shortcodes::ShortcodesArgs),
    /// Print a page's body as HTML, as Hugo's `{{ .Content }}` would.
    Render(render::RenderArgs),
    /// Check pages (all when none are named) and print findings like a compiler; exit 1 on errors.
    Check(check::CheckArgs),
    /// Apply the safe fixes of the checks (all rules unless some are named).
    Fix(fix::FixArgs),
    /// Create a new page from the section's content type and print its path.
    New(new::NewArgs),
    /// Add an image the site's way and print what to insert in the page.
    Image {
        #[command(subcommand)]
        command: image::ImageCommand,
    },
    /// Import old posts (Jekyll, JSON Feed, WordPress export, Markdown/HTML) as pages of the
    /// site: terms, authors, images and links mapped the way the site writes them.
    Import(import::ImportArgs),
    /// List files changed since the last commit.
    Status(status::StatusArgs),
    /// Commit changed files (all when none are named).
    Commit(commit::CommitArgs),
    /// History of the site (or of the named file), newest first.
    Log(log::LogArgs),
    /// Show uncommitted changes: front matter field by field, the body hunk by hunk.
    Diff(diff::DiffArgs),
    /// Drafts: branches `draft/<slug>` from the main branch.
    Draft {
        #[command(subcommand)]
        command: draft::DraftCommand,
    },
    /// Submit the current draft for review, or (with --agency) a guest's story: committed on
    /// `submissions/<agency>/<slug>` and pushed, or written to a bundle file.
    Submit(submit::SubmitArgs),
    /// The editors' review queue.
    Review {
        #[command(subcommand)]
        command: review::ReviewCommand,
    },
    /// Git bundles from guests without write access.
    Bundle {
        #[command(subcommand)]
        command: bundle::BundleCommand,
    },
    /// Pull the current branch from the remote, then push what is ahead.
    Sync(sync::SyncArgs),
    /// Watch the site and print one JSON line per change.
    Watch(watch::WatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = run(cli.command, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        // The reader went away (`postwright index | head`): nothing is wrong, stop quietly.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", describe(&error));
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, out: cli::Out) -> Result<ExitCode> {
    match command {
        Command::Index(args) => index::run(args, out),
        Command::Shortcodes(args) => shortcodes::run(args, out),
        Command::Fm { command } => fm::run(command, out),
        Command::Render(args) => render::run(args, out),
        Command::Check(args) => check::run(args, out),
        Command::Fix(args) => fix::run(args, out),
        Command::New(args) => new::run(args, out),
        Command::Image { command } => image::run(command, out),
        Command::Import(args) => import::run(args, out),
        Command::Status(args) => status::run(args, out),
        Command::Commit(args) => commit::run(args, out),
        Command::Log(args) => log::run(args, out),
        Command::Diff(args) => diff::run(args, out),
        Command::Draft { command } => draft::run(command, out),
        Command::Submit(args) => submit::run(args, out),
        Command::Review { command } => review::run(command, out),
        Command::Bundle { command } => bundle::run(command, out),
        Command::Sync(args) => sync::run(args, out),
        Command::Watch(args) => watch::run(args, out),
    }
}

/// How a failure is printed: a core error as `file:line:col: code: message` when it knows
/// where, else `error[code]: message`; anything else (bad arguments) as `error: message`.
fn describe(error: &anyhow::Error) -> String {
    match error.downcast_ref::<postwright::Error>() {
        Some(e) => match e.span() {
            Some(span) => format!("{span}: {}: {}", e.code(), e.message()),
            None => format!("error[{}]: {}", e.code(), e.message()),
        },
        None => format!("error: {error:#}"),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
