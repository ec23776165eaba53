//! The `postwright` command line: the same engine as the desktop app, for scripts, CI and tests.
//! Each subcommand parses its arguments and calls the core; `anyhow` lives only here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use postwright::front_matter::{self, FieldEdit, FrontMatter};
use postwright::git::diff::PageDiff;
use postwright::git::remote::PullOutcome;
use postwright::git::review::{MergeStrategy, ReviewState};
use postwright::git::{DiffLineKind, Identity};
use postwright::{check, document, Workspace};

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
    /// Check pages (all when none are named) and print findings like a compiler; exit 1 on errors.
    Check {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Page files to check.
        paths: Vec<PathBuf>,
    },
    /// Apply the safe fixes of the checks (all rules unless some are named).
    Fix {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Only these rule codes (repeatable).
        #[arg(long = "rule")]
        rules: Vec<String>,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Page files to fix.
        paths: Vec<PathBuf>,
    },
    /// Create a new page from the section's content type and print its path.
    New {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The section (content folder) to create it in.
        #[arg(long, default_value = "news")]
        section: String,
        /// The page's title (its slug and file name derive from it).
        title: String,
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
        /// Credit a co-author with a `Co-authored-by` trailer: "Name <email>" (repeatable).
        #[arg(long = "co-author", value_name = "NAME <EMAIL>")]
        co_authors: Vec<Identity>,
        /// Files to commit, relative to the repository root.
        paths: Vec<String>,
    },
    /// History of the site (or of the named file), newest first.
    Log {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// How many commits at most.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// A file, relative to the repository root.
        path: Option<String>,
    },
    /// Show uncommitted changes: front matter field by field, the body hunk by hunk.
    Diff {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Files to show, relative to the repository root (all changes when none).
        paths: Vec<String>,
    },
    /// Drafts: branches `draft/<slug>` from the main branch.
    Draft {
        #[command(subcommand)]
        command: DraftCommand,
    },
    /// Submit the current draft for review, or (with --agency) a guest's story: committed on
    /// `submissions/<agency>/<slug>` and pushed, or written to a bundle file.
    Submit {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The guest agency (e.g. `gsa`).
        #[arg(long)]
        agency: Option<String>,
        /// Write a bundle file instead of pushing.
        #[arg(long)]
        bundle: Option<PathBuf>,
    },
    /// The editors' review queue.
    Review {
        #[command(subcommand)]
        command: ReviewCommand,
    },
    /// Git bundles from guests without write access.
    Bundle {
        #[command(subcommand)]
        command: BundleCommand,
    },
    /// Pull the current branch from the remote, then push what is ahead.
    Sync {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Watch the site and print one JSON line per change.
    Watch {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Poll the folder instead of asking the OS for events (network drives).
        #[arg(long)]
        poll: bool,
    },
}

#[derive(Subcommand)]
enum DraftCommand {
    /// Create `draft/SLUG` from the main branch and switch to it, keeping uncommitted work.
    Start {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The draft's slug (lower-case letters, digits, `-`).
        slug: String,
    },
}

#[derive(Subcommand)]
enum ReviewCommand {
    /// List draft, ready and submission branches.
    List {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show a branch: state, notes, and its changes field by field.
    Show {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The branch.
        branch: String,
    },
    /// Approve: merge the branch into the main branch (per the site's setting) and delete it.
    Merge {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Squash, whatever the site's setting.
        #[arg(long)]
        squash: bool,
        /// The branch.
        branch: String,
    },
    /// Record a note asking the author for changes.
    RequestChanges {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The note.
        #[arg(short, long)]
        message: String,
        /// The branch.
        branch: String,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Import the branches of a bundle file.
    Import {
        /// The Hugo site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The bundle file.
        file: PathBuf,
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
        /// Refuse unless the file is inside this Hugo site's content folder (default: the
        /// site the file is in, if any).
        #[arg(long)]
        site: Option<PathBuf>,
        /// The page file.
        file: PathBuf,
        /// The key.
        key: String,
        /// The value, as JSON (`"text"`, `["a","b"]`, `true`).
        value: String,
    },
    /// Remove KEY, in place.
    Unset {
        /// Refuse unless the file is inside this Hugo site's content folder (default: the
        /// site the file is in, if any).
        #[arg(long)]
        site: Option<PathBuf>,
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
                        println!(
                            "{}\t{}\t{}",
                            page.path,
                            page.date.as_deref().unwrap_or("-"),
                            page.title
                        );
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
        Command::Check {
            site,
            format,
            paths,
        } => {
            let ws = Workspace::open(&site)?;
            let findings: Vec<_> = selected_pages(&ws, &paths)?
                .iter()
                .flat_map(|rel| check::check_file(ws.site(), rel))
                .collect();
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&findings)?),
                Format::Text => {
                    let content_dir = ws.site().config.content_dir.clone();
                    for d in &findings {
                        println!(
                            "{}:{}:{}: {} {}: {}",
                            content_dir.join(&d.path).display(),
                            d.line,
                            d.column,
                            d.severity,
                            d.code,
                            d.message
                        );
                    }
                }
            }
            if findings
                .iter()
                .any(|d| d.severity == check::Severity::Error)
            {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Fix {
            site,
            rules,
            dry_run,
            paths,
        } => {
            let ws = Workspace::open(&site)?;
            for rel in selected_pages(&ws, &paths)? {
                let path = ws.site().content_root().join(&rel);
                let source = document::read_text(&path)?;
                let findings: Vec<_> = check::check_page(ws.site(), &rel, &source)
                    .into_iter()
                    .filter(|d| {
                        d.fix.is_some() && (rules.is_empty() || rules.iter().any(|r| r == d.code))
                    })
                    .collect();
                if findings.is_empty() {
                    continue;
                }
                let fixed = check::apply_fixes(&source, &findings)
                    .map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
                if fixed == source {
                    continue;
                }
                if dry_run {
                    let name = format!("{}/{rel}", ws.site().config.content_dir.display());
                    print!(
                        "{}",
                        similar::TextDiff::from_lines(&source, &fixed)
                            .unified_diff()
                            .header(&name, &name)
                    );
                } else {
                    document::write_atomic(&path, fixed.as_bytes())?;
                    for d in &findings {
                        if let Some(fix) = &d.fix {
                            println!("{rel}:{}: {}", d.line, fix.description);
                        }
                    }
                }
            }
        }
        Command::New {
            site,
            section,
            title,
        } => {
            let mut ws = Workspace::open(&site)?;
            let rel = ws.new_page(&section, &title, chrono::Local::now().fixed_offset())?;
            println!("{}", ws.site().config.content_dir.join(rel).display());
        }
        Command::Status { site } => {
            let ws = Workspace::open(&site)?;
            for change in ws.status()? {
                println!("{:?}\t{}", change.kind, change.path);
            }
        }
        Command::Commit {
            site,
            message,
            co_authors,
            paths,
        } => {
            let ws = Workspace::open(&site)?;
            println!(
                "{}",
                ws.commit_with_co_authors(&message, &paths, &co_authors)?
            );
        }
        Command::Log {
            site,
            limit,
            format,
            path,
        } => {
            let ws = Workspace::open(&site)?;
            let commits = ws.history(path.as_deref(), limit)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&commits)?),
                Format::Text => {
                    for c in &commits {
                        let short = c.id.get(..10).unwrap_or(&c.id);
                        println!(
                            "{short} {} {} <{}>  {}",
                            format_epoch(c.time),
                            c.author_name,
                            c.author_email,
                            c.summary
                        );
                    }
                }
            }
        }
        Command::Diff { site, paths } => {
            let ws = Workspace::open(&site)?;
            for diff in ws.page_diffs(&paths)? {
                print_page_diff(&diff);
            }
        }
        Command::Draft {
            command: DraftCommand::Start { site, slug },
        } => {
            let mut ws = Workspace::open(&site)?;
            println!("{}", ws.start_draft(&slug)?);
        }
        Command::Submit {
            site,
            agency,
            bundle,
        } => {
            let mut ws = Workspace::open(&site)?;
            match (agency, bundle) {
                (None, None) => {
                    let item = ws.submit_for_review()?;
                    println!("{}\t{}", item.branch, state_name(item.state));
                }
                (agency, bundle) => {
                    let agency = agency.unwrap_or_else(|| "guest".to_string());
                    let branch = ws.submit_story(&agency, bundle.as_deref())?;
                    match bundle {
                        Some(file) => println!("{branch}\t{}", file.display()),
                        None => println!("{branch}\tpushed"),
                    }
                }
            }
        }
        Command::Review { command } => return review(command),
        Command::Bundle {
            command: BundleCommand::Import { site, file },
        } => {
            let ws = Workspace::open(&site)?;
            for imported in ws.import_bundle(&file)? {
                println!("{}\t{}", imported.branch, imported.commit);
            }
        }
        Command::Sync { site } => {
            let mut ws = Workspace::open(&site)?;
            let outcome = ws.sync()?;
            match &outcome.pull {
                PullOutcome::Conflicts { files } => {
                    for file in files {
                        eprintln!("{}: conflict: both sides changed the same lines; edit the file and commit", file.path);
                    }
                    return Ok(ExitCode::FAILURE);
                }
                PullOutcome::Merged { auto_resolved, .. } => {
                    for path in auto_resolved {
                        println!("merged\t{path}");
                    }
                }
                _ => {}
            }
            for branch in &outcome.pushed {
                println!("pushed\t{branch}");
            }
        }
        Command::Watch { site, poll } => {
            use std::io::Write;
            let mut ws = Workspace::open(&site)?;
            let (tx, rx) = std::sync::mpsc::channel();
            let send = move |events| {
                let _ = tx.send(events);
            };
            if poll {
                ws.watch_polling(send)?;
            } else {
                ws.watch(send)?;
            }
            let mut out = std::io::stdout().lock();
            let mut polling_reported = false;
            let mut report_polling = |ws: &Workspace,
                                      out: &mut std::io::StdoutLock<'_>|
             -> Result<()> {
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
            report_polling(&ws, &mut out)?;
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
                report_polling(&ws, &mut out)?;
                out.flush()?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn review(command: ReviewCommand) -> Result<ExitCode> {
    match command {
        ReviewCommand::List { site, format } => {
            let ws = Workspace::open(&site)?;
            let queue = ws.review_queue()?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&queue)?),
                Format::Text => {
                    for item in &queue {
                        let title = item.title.as_deref().unwrap_or("-");
                        println!(
                            "{}\t{}\t{}\t{}",
                            item.branch,
                            state_name(item.state),
                            item.author_name,
                            title
                        );
                    }
                }
            }
        }
        ReviewCommand::Show { site, branch } => {
            let ws = Workspace::open(&site)?;
            let item = ws.review_item(&branch)?;
            println!(
                "{}\t{}\t{} <{}>",
                item.branch,
                state_name(item.state),
                item.author_name,
                item.author_email
            );
            for note in &item.notes {
                println!(
                    "note\t{}\t{}: {}",
                    state_name(note.state),
                    note.author_name,
                    note.message.replace('\n', " ")
                );
            }
            for diff in ws.review_diff(&branch)? {
                print_page_diff(&diff);
            }
        }
        ReviewCommand::Merge {
            site,
            squash,
            branch,
        } => {
            let mut ws = Workspace::open(&site)?;
            let strategy = squash.then_some(MergeStrategy::Squash);
            let outcome = ws.approve(&branch, strategy)?;
            println!("{}", outcome.commit);
            for warning in &outcome.warnings {
                eprintln!("warning: {warning}");
            }
        }
        ReviewCommand::RequestChanges {
            site,
            message,
            branch,
        } => {
            let ws = Workspace::open(&site)?;
            println!("{}", ws.request_changes(&branch, &message)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn state_name(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => "draft",
        ReviewState::Ready => "ready",
        ReviewState::ChangesRequested => "changes-requested",
    }
}

/// Prints a page diff: a header, one line per changed field, then the body hunks.
fn print_page_diff(diff: &PageDiff) {
    let title = diff
        .title
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    println!("{:?}\t{}{title}", diff.kind, diff.path);
    for field in &diff.fields {
        println!("  {}", field.description);
    }
    if let Some(error) = &diff.front_matter_error {
        println!("  front matter unreadable: {error}");
    }
    for hunk in &diff.body_hunks {
        println!("  {}", hunk.header);
        for line in &hunk.lines {
            let mark = match line.kind {
                DiffLineKind::Added => '+',
                DiffLineKind::Removed => '-',
                DiffLineKind::Context => ' ',
            };
            println!("  {mark}{}", line.text);
        }
    }
}

fn fm(command: FmCommand) -> Result<ExitCode> {
    match command {
        FmCommand::Get { file, key } => {
            let source = document::read_text(&file)?;
            let fm = FrontMatter::parse(&source)
                .map_err(|e| anyhow::anyhow!("{}:{e}", file.display()))?;
            let value = match key {
                Some(key) => match fm.get(&key) {
                    Some(v) => v.to_json(),
                    None => bail!("{}: no key `{key}` in the front matter", file.display()),
                },
                None => serde_json::Value::Object(
                    fm.fields()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.to_json()))
                        .collect(),
                ),
            };
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        FmCommand::Set {
            site,
            file,
            key,
            value,
        } => {
            let value: serde_json::Value = serde_json::from_str(&value).with_context(|| {
                format!("the value `{value}` is not JSON (quote strings: '\"text\"')")
            })?;
            edit_in_place(
                &inside_site(site.as_deref(), &file)?,
                &[FieldEdit::Set { key, value }],
            )?;
        }
        FmCommand::Unset { site, file, key } => edit_in_place(
            &inside_site(site.as_deref(), &file)?,
            &[FieldEdit::Unset { key }],
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A page named on the command line, resolved for editing.
struct PageFile {
    path: PathBuf,
    /// Its content type's key order, where added keys go (empty outside a site).
    key_order: Vec<String>,
}

/// The file resolved inside its site's content folder (symlinks followed), or an error saying
/// it is outside. The site is `--site`, else the nearest folder above the file as written
/// (before its `..` are resolved) that holds a Hugo config; a file in no site at all is edited
/// as given, since the user named it.
fn inside_site(site: Option<&Path>, file: &Path) -> Result<PageFile> {
    let site = match site {
        Some(site) => site.to_path_buf(),
        None => match file
            .ancestors()
            .skip(1)
            .find(|dir| postwright::site::SiteConfig::load(dir).is_ok())
        {
            Some(dir) if dir.as_os_str().is_empty() => PathBuf::from("."),
            Some(dir) => dir.to_path_buf(),
            None => {
                return Ok(PageFile {
                    path: file.to_path_buf(),
                    key_order: Vec::new(),
                })
            }
        },
    };
    let ws = Workspace::open(&site)?;
    let rel = content_relative(&ws, file)?;
    Ok(PageFile {
        path: ws.content_path(&rel)?,
        key_order: ws.key_order(&rel),
    })
}

fn edit_in_place(page: &PageFile, edits: &[FieldEdit]) -> Result<()> {
    let file = &page.path;
    let order: Vec<&str> = page.key_order.iter().map(String::as_str).collect();
    let source = document::read_text(file)?;
    let edited = front_matter::apply_edits_with_order(&source, edits, &order)
        .map_err(|e| anyhow::anyhow!("{}:{e}", file.display()))?;
    if edited != source {
        document::write_atomic(file, edited.as_bytes())?;
    }
    Ok(())
}

/// The content-relative paths of the named files, or of every page when none are named.
fn selected_pages(ws: &Workspace, paths: &[PathBuf]) -> Result<Vec<String>> {
    if paths.is_empty() {
        return Ok(ws
            .site()
            .index
            .pages
            .iter()
            .map(|p| p.path.clone())
            .collect());
    }
    paths.iter().map(|p| content_relative(ws, p)).collect()
}

/// The path of `file` relative to the site's content folder; refuses files outside it.
fn content_relative(ws: &Workspace, file: &Path) -> Result<String> {
    let full = file
        .canonicalize()
        .with_context(|| format!("{}: cannot open", file.display()))?;
    let root = ws.site().content_root();
    let rel = full.strip_prefix(&root).with_context(|| {
        format!(
            "{}: not inside the site's content folder {}",
            file.display(),
            root.display()
        )
    })?;
    Ok(rel.to_string_lossy().replace('\\', "/"))
}

/// A commit time as `YYYY-MM-DD HH:MM` in UTC, the way a log line shows it.
fn format_epoch(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).map_or_else(
        || seconds.to_string(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    )
}
