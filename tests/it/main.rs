//! The core's one integration-test binary (one link step on a 2-core machine): one module per
//! feature, each driving real files, real Git repositories and, where it runs, the real Hugo.

mod accessibility;
mod check;
mod cli;
mod findings;
mod front_matter;
mod git;
mod highlight;
mod import;
mod index;
mod media;
mod merge;
mod merge_document;
mod module_graph;
mod paths;
mod recovery;
mod refs;
mod render;
mod robustness;
mod schema;
mod shortcode_scan;
mod shortcodes;
mod site;
mod site_awareness;
mod site_checks;
mod support;
mod template;
mod watch;
mod watch_index;
mod workflow;
mod workspace;
