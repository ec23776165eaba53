//! New pages and term pages: the content types "New page" offers, what a title would make,
//! making it, a new author or topic from a picker; and the date-time picker's values. The slug,
//! path, date and fields are the core's ([`postwright::Workspace::create_page`]), the same as
//! `postwright new`.

use postwright::site::schema::new_page::DateField;
use postwright::workspace::new_pages::{local_now as now, CreatedTerm, NewPagePlan, NewPageType};
use tauri::State;

use crate::{AppState, IpcError};

/// The content types a new page can be of, with labels.
#[tauri::command]
#[specta::specta]
pub async fn new_page_types(state: State<'_, AppState>) -> Result<Vec<NewPageType>, IpcError> {
    state.with_workspace(|ws| Ok(ws.new_page_types()))
}

/// The path, slug and date a new page of `type_name` titled `title` would get now.
#[tauri::command]
#[specta::specta]
pub async fn new_page_plan(
    type_name: String,
    title: String,
    state: State<'_, AppState>,
) -> Result<NewPagePlan, IpcError> {
    state.with_workspace(|ws| ws.new_page_plan(&type_name, &title, now()))
}

/// Makes the new page; returns its path (relative to the content folder).
#[tauri::command]
#[specta::specta]
pub async fn create_page(
    type_name: String,
    title: String,
    state: State<'_, AppState>,
) -> Result<String, IpcError> {
    state.with_workspace(|ws| ws.create_page(&type_name, &title, now(), &[]))
}

/// Makes the term page of a new author or topic named `name` (a guest's agency from the
/// settings prefills the author's agency).
#[tauri::command]
#[specta::specta]
pub async fn create_term(
    taxonomy: String,
    name: String,
    state: State<'_, AppState>,
) -> Result<CreatedTerm, IpcError> {
    let agency = state.settings().ok().and_then(|s| s.agency);
    state.with_workspace(|ws| ws.create_term(&taxonomy, &name, agency.as_deref(), now()))
}

/// The date-time picker's view of the date field `key` of the page at `path` holding `text`,
/// or with `picked` (`YYYY-MM-DDTHH:MM`) the text to write: the value's own offset (else the
/// site's), the field's format; never moved to UTC.
#[tauri::command]
#[specta::specta]
pub async fn date_field(
    path: String,
    key: String,
    text: String,
    picked: Option<String>,
    state: State<'_, AppState>,
) -> Result<DateField, IpcError> {
    state.with_workspace(|ws| Ok(ws.date_field(&path, &key, &text, picked.as_deref())))
}
