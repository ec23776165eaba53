//! The watcher on real file-system events in temp dirs.
