include!("src/command_names.rs");

fn main() {
    // `generate_context!` refuses to compile when the UI's output folder is missing; create it
    // empty so `cargo test` works before the first UI build (the app itself needs `make ui`).
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    if let Err(e) = std::fs::create_dir_all(&dist) {
        println!("cargo::warning=cannot create {}: {e}", dist.display());
    }
    println!("cargo::rerun-if-changed=src/command_names.rs");
    // Listing the commands makes Tauri check every call against the capabilities: a window may
    // call only the commands its capability names (see capabilities/default.json).
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
