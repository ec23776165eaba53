//! The core's one integration-test binary: each area of the core has a module here.

mod git;
mod merge;
mod watch;
