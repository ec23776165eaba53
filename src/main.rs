//! The `postwright` command line: the same engine as the desktop app, for scripts, CI and tests.

fn main() {}
