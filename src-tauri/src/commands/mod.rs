//! The Tauri commands, one file per area as the core's facade is split. Each command is one
//! call of [`postwright::Workspace`] (through [`crate::AppState`]); the domain rules live in
//! the core, and every error crosses as [`crate::IpcError`] with the core's stable code.

pub mod changes;
pub mod checks;
pub mod documents;
pub mod media;
pub mod preview;
pub mod recovery;
pub mod remote;
pub mod review;
pub mod settings;
pub mod site;
