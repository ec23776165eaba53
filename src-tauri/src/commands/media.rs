//! Images: what a picked file is (for the dialog) and adding it the site's way.

use std::path::PathBuf;

use base64::Engine;
use postwright::media::{ImageFacts, ImageText};
use postwright::workspace::{read_image_file, AddedImage, NewImage};
use serde::Serialize;
use tauri::State;

use crate::{AppState, IpcError};

/// A picked image file, for the dialog that asks for its alt text.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PickedImage {
    /// The file's name.
    pub file_name: String,
    /// Size, format and the name it will get.
    pub facts: ImageFacts,
    /// The image as a `data:` URL, to show in the dialog (the file is not in the site yet).
    pub data_url: String,
}

/// Reads the image file at `path` (from the file picker or a drop).
#[tauri::command]
#[specta::specta]
pub async fn inspect_image(
    path: String,
    state: State<'_, AppState>,
) -> Result<PickedImage, IpcError> {
    let (file_name, bytes) = read_image_file(&PathBuf::from(&path))?;
    let facts = state.with_workspace(|ws| ws.inspect_image(&file_name, &bytes))?;
    let mime = postwright::media::mime_type(std::path::Path::new(&format!("x.{}", facts.format)));
    let data_url = format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    );
    Ok(PickedImage {
        file_name,
        facts,
        data_url,
    })
}

/// Adds the image file at `path` to the site for the page `page`; returns what to insert.
#[tauri::command]
#[specta::specta]
pub async fn add_image(
    path: String,
    page: Option<String>,
    alt: String,
    caption: String,
    credit: String,
    state: State<'_, AppState>,
) -> Result<AddedImage, IpcError> {
    let (file_name, bytes) = read_image_file(&PathBuf::from(&path))?;
    let image = NewImage {
        file_name: &file_name,
        bytes: &bytes,
        text: ImageText {
            alt,
            caption,
            credit,
        },
        page: page.as_deref(),
    };
    state.with_workspace(|ws| ws.add_image(&image, chrono_now()))
}

fn chrono_now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}
