//! The `postwright` command line: the same engine as the desktop app, for scripts, CI and tests.
//! Each subcommand parses its arguments and calls the core; `anyhow` lives only here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use postwright::front_matter::{self, FieldEdit, FrontMatter};
use postwright::{document, Workspace};

#[derive(Parser)]
#[command(name = "postwright", version, about = "Draft, check, preview and commit posts for a Hugo site")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Print the site's pages and taxonomy terms.
    Index {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Read or edit a page's front matter, losslessly.
    Fm {
        #[command(subcommand)]
        command: FmCommand,
    },
    /// Print a page's body as HTML, as Hugo's `{{ .Content }}` would.
    Render {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The page file.
        file: PathBuf,
    },
    /// List files changed since the last commit.
    Status {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Commit changed files (all when none are named).
    Commit {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The commit message.
        #[arg(short, long)]
        message: String,
        /// Files to commit, relative to the repository root.
        paths: Vec<String>,
    },
    /// Watch the site and print one JSON line per change.
    Watch {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Subcommand)]
enum FmCommand {
    /// Print the front matter (or one key) as JSON.
    Get {
        /// The page file.
        file: PathBuf,
        /// Only this key.
        key: Option<String>,
    },
    /// Set KEY to a JSON value, in place.
    Set {
        /// The page file.
        file: PathBuf,
        /// The key.
        key: String,
        /// The value, as JSON (`"text"`, `["a","b"]`, `true`).
        value: String,
    },
    /// Remove KEY, in place.
    Unset {
        /// The page file.
        file: PathBuf,
        /// The key.
        key: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Index { site, format } => {
            let ws = Workspace::open(&site)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&ws.site().index)?),
                Format::Text => {
                    for page in ws.pages() {
                        println!("{}\t{}\t{}", page.path, page.date.as_deref().unwrap_or("-"), page.title);
                    }
                }
            }
        }
        Command::Fm { command } => return fm(command),
        Command::Render { site, file } => {
            let ws = Workspace::open(&site)?;
            let rel = content_relative(&ws, &file)?;
            let doc = ws.open_document(&rel)?;
            let rendered = ws.render_preview(&rel, &doc.body);
            print!("{}", rendered.html);
            for d in &rendered.diagnostics {
                eprintln!("{}:{}:{}: {}", file.display(), d.line, d.column, d.message);
            }
        }
        Command::Status { site } => {
            let ws = Workspace::open(&site)?;
            for change in ws.status()? {
                println!("{:?}\t{}", change.kind, change.path);
            }
        }
        Command::Commit { site, message, paths } => {
            let ws = Workspace::open(&site)?;
            println!("{}", ws.commit(&message, &paths)?);
        }
        Command::Watch { site } => {
            let mut ws = Workspace::open(&site)?;
            let (tx, rx) = std::sync::mpsc::channel();
            let _watcher = ws.watch(move |events| {
                let _ = tx.send(events);
            })?;
            for events in rx {
                for event in &events {
                    println!("{}", serde_json::json!({"kind": event.kind, "path": event.path}));
                }
                let changed = ws.apply_watch_events(&events);
                if !changed.is_empty() {
                    println!("{}", serde_json::json!({"kind": "reindexed", "pages": ws.site().index.pages.len()}));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn fm(command: FmCommand) -> Result<ExitCode> {
    match command {
        FmCommand::Get { file, key } => {
            let source = document::read_text(&file)?;
            let fm = FrontMatter::parse(&source).map_err(|e| anyhow::anyhow!("{}:{e}", file.display()))?;
            let value = match key {
                Some(key) => match fm.get(&key) {
                    Some(v) => v.to_json(),
                    None => bail!("{}: no key `{key}` in the front matter", file.display()),
                },
                None => serde_json::Value::Object(fm.fields().iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            };
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        FmCommand::Set { file, key, value } => {
            let value: serde_json::Value =
                serde_json::from_str(&value).with_context(|| format!("the value `{value}` is not JSON (quote strings: '\"text\"')"))?;
            edit_in_place(&file, &[FieldEdit::Set { key, value }])?;
        }
        FmCommand::Unset { file, key } => edit_in_place(&file, &[FieldEdit::Unset { key }])?,
    }
    Ok(ExitCode::SUCCESS)
}

fn edit_in_place(file: &Path, edits: &[FieldEdit]) -> Result<()> {
    let source = document::read_text(file)?;
    let edited = front_matter::apply_edits(&source, edits).map_err(|e| anyhow::anyhow!("{}:{e}", file.display()))?;
    if edited != source {
        document::write_atomic(file, edited.as_bytes())?;
    }
    Ok(())
}

/// The path of `file` relative to the site's content folder; refuses files outside it.
fn content_relative(ws: &Workspace, file: &Path) -> Result<String> {
    let full = file.canonicalize().with_context(|| format!("{}: cannot open", file.display()))?;
    let root = ws.site().content_root();
    let rel = full
        .strip_prefix(&root)
        .with_context(|| format!("{}: not inside the site's content folder {}", file.display(), root.display()))?;
    Ok(rel.to_string_lossy().replace('\\', "/"))
}
