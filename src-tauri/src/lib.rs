//! Postwright's desktop shell: Tauri commands that each delegate to one call of the core's
//! [`postwright::Workspace`], one error type serialized at the edge, and typed events carrying
//! domain facts (what changed), never UI instructions.
//!
//! The commands live in `commands/`, one file per area (the site, documents, preview,
//! recovery, changes, review, remote, checks, settings), as the facade is split; each is a
//! line over the facade. Every command is also named in `command_names.rs` (its permission).

#[cfg(test)]
mod command_names;
mod commands;
mod error;
mod events;
mod media_protocol;
mod settings;
mod state;
mod window;

use std::path::PathBuf;

use tauri::Manager;
use tauri_specta::{collect_commands, collect_events};

pub use commands::preview::Preview;
pub use commands::site::SiteInfo;
use commands::{
    changes, checks, documents, editing, media, new_pages, preview, recovery, remote, review,
    settings as settings_commands, site,
};
pub use error::IpcError;
pub use events::{LinkRequested, SiteChanged, SiteCheckProgress};
pub use settings::{Role, Settings, SiteSettings};
pub use state::AppState;

/// The command and event registry; also what `export_bindings` turns into TypeScript.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            site::startup_site,
            site::open_site,
            site::list_pages,
            site::list_terms,
            site::list_taxonomies,
            site::list_languages,
            site::page_translations,
            site::query_pages,
            site::search_terms,
            site::shortcodes,
            documents::open_document,
            documents::convert_to_utf8,
            documents::form_fields,
            documents::edited_source,
            documents::save_preview,
            documents::save_source,
            documents::save_document,
            documents::merge_with_disk,
            documents::resolve_disk_merge,
            documents::document_from_text,
            editing::shortcode_at,
            editing::shortcode_form,
            editing::edit_shortcode,
            editing::new_shortcode,
            editing::shortcode_spans,
            editing::ref_targets,
            preview::render_preview,
            preview::preview_stylesheet,
            preview::open_external,
            preview::canary,
            media::inspect_image,
            media::add_image,
            recovery::journal_buffer,
            recovery::recoverable_buffers,
            recovery::restore_buffer,
            recovery::discard_buffer,
            changes::status,
            changes::commit,
            changes::commit_identity,
            changes::page_diffs,
            changes::suggest_commit_message,
            changes::suggest_parts_message,
            changes::commit_parts,
            changes::discard,
            changes::page_history,
            changes::site_history,
            changes::restore_page,
            changes::content_path_of,
            review::current_branch,
            review::branches,
            review::switch_branch,
            review::branch_slug,
            review::start_draft,
            review::submit_for_review,
            review::submit_story,
            review::review_queue,
            review::review_diff,
            review::render_branch_page,
            review::request_changes,
            review::merge_strategy,
            review::approve,
            review::import_bundle,
            documents::import_preview,
            documents::import_write,
            documents::display_text,
            changes::commit_destination,
            review::submission_plan,
            review::export_bundle,
            review::published_preview,
            remote::remotes,
            remote::set_remote,
            remote::test_remote,
            remote::sync,
            remote::pending_conflicts,
            remote::resolve_pull_conflicts,
            remote::abort_merge,
            checks::check_document,
            checks::check_site,
            checks::fix_preview,
            checks::apply_fix,
            checks::check_changed_since_main,
            checks::unpublished_findings,
            checks::fix_all_preview,
            checks::apply_fix_all,
            settings_commands::get_settings,
            settings_commands::set_settings,
            new_pages::new_page_types,
            new_pages::new_page_plan,
            new_pages::create_page,
            new_pages::create_term,
            new_pages::date_field,
        ])
        .events(collect_events![
            SiteChanged,
            LinkRequested,
            SiteCheckProgress
        ])
        // Line and column numbers are `usize` in the core; they never come near 2^53.
        .dangerously_cast_bigints_to_number()
}

/// Where the app keeps its settings and the sample site: `POSTWRIGHT_DATA_DIR` when set
/// (tests), else the OS data folder for the app.
fn data_dir(app: &tauri::App) -> Result<PathBuf, IpcError> {
    if let Some(dir) = std::env::var_os("POSTWRIGHT_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    app.path()
        .app_data_dir()
        .map_err(|e| IpcError::internal(format!("no data folder: {e}")))
}

/// Grants the main window the `canary` command when `POSTWRIGHT_TEST_CANARY=1` (the
/// preview-isolation test, which must see a call get through if isolation broke). Otherwise
/// no capability names it and Tauri refuses every call to it.
fn grant_test_canary(app: &tauri::App) -> tauri::Result<()> {
    if std::env::var_os("POSTWRIGHT_TEST_CANARY").is_some_and(|v| v == "1") {
        app.add_capability(
            tauri::ipc::CapabilityBuilder::new("test-canary")
                .window("main")
                .permission("allow-canary"),
        )?;
    }
    Ok(())
}

/// Starts the app; `site_arg` is the folder given on the command line, if any.
pub fn run(site_arg: Option<PathBuf>) {
    window::configure_web_processes();
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .register_asynchronous_uri_scheme_protocol(
            postwright::media::PREVIEW_SCHEME,
            media_protocol::handle,
        )
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            grant_test_canary(app)?;
            let data_dir = data_dir(app)?;
            app.manage(AppState::new(data_dir, site_arg));
            window::create_main_window(app)?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("postwright-desktop: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `ui/src/lib/ipc/bindings.ts`; `scripts/check-bindings.sh` runs this and fails
    /// when the committed file differs.
    #[test]
    fn export_bindings() {
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
        specta_builder()
            .export(
                specta_typescript::Typescript::default().header("// Generated by `cargo test -p postwright-desktop export_bindings`. Do not edit.\n"),
                &out,
            )
            .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("renderPreview"), "bindings lack the commands");
        assert!(text.contains("siteChanged"), "bindings lack the events");
    }

    #[test]
    fn each_command_has_a_permission_and_the_window_is_granted_all_but_the_canary() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bindings.ts");
        specta_builder()
            .export(specta_typescript::Typescript::default(), &out)
            .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let mut registered: Vec<&str> = text
            .split("__TAURI_INVOKE(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        registered.sort_unstable();
        let mut named = command_names::COMMAND_NAMES.to_vec();
        named.sort_unstable();
        assert_eq!(
            registered, named,
            "command_names.rs and specta_builder disagree"
        );

        let capability: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.contains(':'))
            .map(str::to_string)
            .collect();
        granted.sort_unstable();
        let mut expected: Vec<String> = named
            .iter()
            .filter(|n| **n != "canary")
            .map(|n| format!("allow-{}", n.replace('_', "-")))
            .collect();
        expected.sort_unstable();
        assert_eq!(granted, expected);
        // Plugins: events, the window's zoom, and the two file dialogs; nothing that reaches
        // the shell, the network or the file system.
        let plugins: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| p.contains(':'))
            .collect();
        assert_eq!(
            plugins,
            [
                "core:event:allow-listen",
                "core:event:allow-unlisten",
                "core:webview:allow-set-webview-zoom",
                "dialog:allow-open",
                "dialog:allow-save"
            ]
        );
    }
}
