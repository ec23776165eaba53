//! The sample site shipped inside the binary (the repository's `content/` folder), and the
//! scratch Git copy of it that the app opens when no folder is given.
//!
//! The copy lives in the app's data dir and gets its own repository with one initial commit,
//! so experimenting with it never touches the project's history or the user's sites.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use super::SiteError;

static SAMPLE_SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// Name of the scratch copy's folder inside the data dir.
pub const SAMPLE_FOLDER: &str = "sample-site";

/// Writes the embedded sample site into `dest` (which must not exist yet or be empty) and
/// returns the folder. Files are written as they are embedded, byte for byte.
pub fn extract_sample_site(dest: &Path) -> Result<PathBuf, SiteError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SiteError::Io { path, source }
    };
    std::fs::create_dir_all(dest).map_err(io(dest))?;
    write_dir(&SAMPLE_SITE, dest, &io)?;
    Ok(dest.to_path_buf())
}

fn write_dir<F, G>(dir: &Dir<'_>, dest: &Path, io: &F) -> Result<(), SiteError>
where
    F: Fn(&Path) -> G,
    G: FnOnce(std::io::Error) -> SiteError,
{
    for file in dir.files() {
        // `.gitkeep` only keeps the folder in the project's repository.
        if file.path().file_name().is_some_and(|n| n == ".gitkeep") {
            continue;
        }
        let target = dest.join(file.path());
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&target, file.contents()).map_err(io(&target))?;
    }
    for sub in dir.dirs() {
        write_dir(sub, dest, io)?;
    }
    Ok(())
}
