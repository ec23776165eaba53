//! `postwright image add`: adds an image file to the site its way (a record and the media
//! folder, or a bundle/`static/` file) and prints the text to put in the page.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

use postwright::media::ImageText;
use postwright::workspace::NewImage;

use super::{json, Format, FormatArg, Out, SiteArg};

/// What to do with images.
#[derive(Subcommand)]
pub enum ImageCommand {
    /// Add an image file; prints the shortcode call or Markdown image to insert.
    Add(AddArgs),
}

/// Add an image file to the site.
#[derive(Args)]
pub struct AddArgs {
    #[command(flatten)]
    site: SiteArg,
    #[command(flatten)]
    format: FormatArg,
    /// Alt text: what the image shows, for people who cannot see it (required).
    #[arg(long)]
    alt: String,
    /// Caption shown below the image.
    #[arg(long, default_value = "")]
    caption: String,
    /// Credit shown after the caption.
    #[arg(long, default_value = "")]
    credit: String,
    /// The page (content-relative) the image goes in; a bundle keeps it as a resource.
    #[arg(long)]
    page: Option<String>,
    /// The image file.
    file: PathBuf,
}

/// Runs `image`.
pub fn run(command: ImageCommand, out: Out) -> Result<ExitCode> {
    let ImageCommand::Add(args) = command;
    let mut ws = args.site.open()?;
    let (file_name, bytes) = postwright::workspace::read_image_file(&args.file)?;
    let image = NewImage {
        file_name: &file_name,
        bytes: &bytes,
        text: ImageText {
            alt: args.alt,
            caption: args.caption,
            credit: args.credit,
        },
        page: args.page.as_deref(),
    };
    let added = ws.add_image(&image, chrono::Local::now().fixed_offset())?;
    match args.format.format {
        Format::Json => json(out, &added)?,
        Format::Text => writeln!(out, "{}", added.insert)?,
    }
    Ok(ExitCode::SUCCESS)
}
