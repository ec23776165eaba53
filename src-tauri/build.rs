fn main() {
    // `generate_context!` refuses to compile when the UI's output folder is missing; create it
    // empty so `cargo test` works before the first UI build (the app itself needs `make ui`).
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    if let Err(e) = std::fs::create_dir_all(&dist) {
        println!("cargo::warning=cannot create {}: {e}", dist.display());
    }
    tauri_build::build()
}
