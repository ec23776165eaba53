//! `postwright-desktop [SITE]`: opens SITE (a Hugo site folder inside a Git repository), or the
//! scratch copy of the sample site when no folder is given.

fn main() {
    let site = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    postwright_desktop::run(site);
}
