//! Watching the site folder so no outside change goes unnoticed: notify events, batched after a
//! short quiet period, filtered of noise and of our own writes, coalesced to one event per path.
//!
//! The pipeline is split so its logic is testable without a file system:
//! 1. [`classify`] maps one notify event to per-path changes (renames become removed + created);
//! 2. [`coalesce`] drops noise ([`is_noise`]) and keeps one net change per path;
//! 3. the watcher thread then expands created folders, skips folder metadata noise and our own
//!    writes (recognised by content hash, see [`SiteWatcher::expect_own_write`]).
//!
//! Debouncing is ours rather than `notify-debouncer-full`'s: a batch closes after
//! [`QUIET_PERIOD`] without events, so a 4,000-file `git checkout` arrives as one batch instead of
//! a stream of per-tick slices, and the same loop serves the inotify and the polling backends.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind, RenameMode};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;

/// How long the folder must stay quiet before a batch is delivered.
///
/// An editor's save is several events within a few milliseconds (temp file, write, rename,
/// chmod), a `git checkout` or a sync client a dense burst; 50 ms of quiet covers both, and
/// keeps an outside edit's way to its event under the 100 ms target (`benches/watch.rs`: the
/// quiet period is nearly all of it; at 100 ms the event came at 100.6 ms). A burst that
/// pauses longer arrives as more than one batch, each applied as it comes. Zola and mdBook wait
/// 1 s because they rebuild a whole site per batch; we only refresh an index.
pub const QUIET_PERIOD: Duration = Duration::from_millis(50);

/// The longest a batch is held back while events keep coming, so a never-ending stream (a
/// slow copy, a build writing into the folder) still shows up.
pub const MAX_BATCH_DELAY: Duration = Duration::from_secs(2);

/// How often the polling fallback looks at every file's metadata.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Watching failed to start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// notify could not watch the folder.
    #[error("cannot watch {path}: {message}")]
    Notify {
        /// The folder.
        path: PathBuf,
        /// What notify said.
        message: String,
    },
}

/// What happened to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WatchEventKind {
    /// Created (or moved in, or replaced by a rename over it).
    Created,
    /// Contents changed.
    Modified,
    /// Removed, or moved away. May name a folder: everything under it is gone.
    Removed,
}

/// One filtered, coalesced change to a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchEvent {
    /// What happened.
    pub kind: WatchEventKind,
    /// Absolute path.
    pub path: PathBuf,
}

/// The notify backend in use, and the sender every backend reports into.
struct Backend {
    watcher: BackendWatcher,
    sender: Sender<notify::Result<notify::Event>>,
    root: PathBuf,
}

// The watchers are held, never read: dropping one stops it.
#[allow(dead_code)]
enum BackendWatcher {
    Native(RecommendedWatcher),
    Polling(PollWatcher),
}

/// State shared by the [`SiteWatcher`] handle and its thread.
#[derive(Default)]
struct Shared {
    /// Content hash of the bytes we are writing, per path (normalised, see [`own_write_key`]).
    own_writes: Mutex<HashMap<PathBuf, String>>,
    polling: AtomicBool,
    rescan_needed: AtomicBool,
    stopped: AtomicBool,
}

/// A running watcher; dropping it stops watching.
pub struct SiteWatcher {
    // Held, never read: dropping it stops notify, which closes the thread's channel.
    #[allow(dead_code)]
    backend: Arc<Mutex<Backend>>,
    shared: Arc<Shared>,
}

impl SiteWatcher {
    /// Watches `root` recursively and calls `on_events` with each debounced batch (on a thread
    /// of its own). Falls back to polling when the OS watch limit is reached.
    pub fn start(
        root: &Path,
        on_events: impl Fn(Vec<WatchEvent>) + Send + 'static,
    ) -> Result<SiteWatcher, WatchError> {
        Self::start_with(root, on_events, false)
    }

    /// Like [`SiteWatcher::start`] but polls from the start: for network drives and other file
    /// systems that do not report changes.
    pub fn start_polling(
        root: &Path,
        on_events: impl Fn(Vec<WatchEvent>) + Send + 'static,
    ) -> Result<SiteWatcher, WatchError> {
        Self::start_with(root, on_events, true)
    }

    fn start_with(
        root: &Path,
        on_events: impl Fn(Vec<WatchEvent>) + Send + 'static,
        polling: bool,
    ) -> Result<SiteWatcher, WatchError> {
        let (sender, receiver) = mpsc::channel();
        let watcher = if polling {
            BackendWatcher::Polling(start_polling(root, sender.clone())?)
        } else {
            match start_native(root, sender.clone()) {
                Ok(watcher) => BackendWatcher::Native(watcher),
                Err(e) if is_watch_limit_error(&e) => {
                    BackendWatcher::Polling(start_polling(root, sender.clone())?)
                }
                Err(e) => return Err(notify_error(root, &e)),
            }
        };
        let shared = Arc::new(Shared::default());
        shared.polling.store(
            matches!(watcher, BackendWatcher::Polling(_)),
            Ordering::SeqCst,
        );
        let backend = Arc::new(Mutex::new(Backend {
            watcher,
            sender,
            root: root.to_path_buf(),
        }));

        let worker = Worker {
            root: root.to_path_buf(),
            receiver,
            backend: Arc::downgrade(&backend),
            shared: Arc::clone(&shared),
            on_events: Box::new(on_events),
            fresh_folders: Vec::new(),
        };
        std::thread::Builder::new()
            .name("postwright-watch".into())
            .spawn(move || worker.run())
            .map_err(|e| WatchError::Notify {
                path: root.to_path_buf(),
                message: e.to_string(),
            })?;
        Ok(SiteWatcher { backend, shared })
    }

    /// Records bytes we are about to write to `path`, so the event it causes is not reported.
    /// The record is used up by the next event on that path, whether it matches or not.
    pub fn expect_own_write(&self, path: &Path, contents: &[u8]) {
        let hash = crate::document::content_hash(contents);
        if let Ok(mut own_writes) = self.shared.own_writes.lock() {
            own_writes.insert(own_write_key(path), hash);
        }
    }

    /// Whether the watcher polls (the OS watch limit was reached, or polling was asked for):
    /// changes then show up within about [`POLL_INTERVAL`] and the UI may say so.
    pub fn is_polling(&self) -> bool {
        self.shared.polling.load(Ordering::SeqCst)
    }

    /// True once after events may have been lost (the OS event queue overflowed, or watching
    /// switched to polling): the caller should re-read the site rather than trust the batches.
    pub fn take_rescan_needed(&self) -> bool {
        self.shared.rescan_needed.swap(false, Ordering::SeqCst)
    }
}

impl Drop for SiteWatcher {
    fn drop(&mut self) {
        // Dropping the backend closes the channel once notify's own threads wind down; the flag
        // makes sure no batch is delivered after the handle is gone.
        self.shared.stopped.store(true, Ordering::SeqCst);
    }
}

fn start_native(
    root: &Path,
    sender: Sender<notify::Result<notify::Event>>,
) -> notify::Result<RecommendedWatcher> {
    let mut watcher = RecommendedWatcher::new(sender, notify::Config::default())?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(watcher)
}

fn start_polling(
    root: &Path,
    sender: Sender<notify::Result<notify::Event>>,
) -> Result<PollWatcher, WatchError> {
    let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
    let mut watcher = PollWatcher::new(sender, config).map_err(|e| notify_error(root, &e))?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| notify_error(root, &e))?;
    Ok(watcher)
}

fn notify_error(root: &Path, error: &notify::Error) -> WatchError {
    WatchError::Notify {
        path: root.to_path_buf(),
        message: error.to_string(),
    }
}

/// Whether `error` means the OS ran out of watches (inotify's `max_user_watches`, reported as
/// ENOSPC, "no space left on device") or of watcher instances (`max_user_instances`, EMFILE):
/// then polling is the only way left to see changes.
pub fn is_watch_limit_error(error: &notify::Error) -> bool {
    match &error.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => {
            // 28 = ENOSPC, 24 = EMFILE on Linux, where inotify is the only limited backend.
            matches!(io.raw_os_error(), Some(28) | Some(24))
                || io.kind() == std::io::ErrorKind::StorageFull
        }
        notify::ErrorKind::Generic(message) => message.to_lowercase().contains("no space"),
        _ => false,
    }
}

/// The thread that batches raw events and delivers them.
struct Worker {
    root: PathBuf,
    receiver: Receiver<notify::Result<notify::Event>>,
    backend: Weak<Mutex<Backend>>,
    shared: Arc<Shared>,
    on_events: Box<dyn Fn(Vec<WatchEvent>) + Send>,
    fresh_folders: Vec<FreshFolder>,
}

/// A folder that appeared recently, walked once already, to be walked once more.
struct FreshFolder {
    path: PathBuf,
    rewalk_at: Instant,
    /// Files under it already reported.
    reported: HashSet<PathBuf>,
}

/// How long after a new folder's first walk it is walked again (see
/// [`Worker::rewalk_due_folders`]).
const FRESH_FOLDER_REWALK: Duration = Duration::from_secs(1);

impl Worker {
    fn run(mut self) {
        loop {
            // Idle: wake up for a due re-walk, and now and then to notice the handle was dropped.
            let now = Instant::now();
            let idle_wait = self
                .fresh_folders
                .iter()
                .map(|f| f.rewalk_at.saturating_duration_since(now))
                .min()
                .unwrap_or(Duration::from_secs(1))
                .min(Duration::from_secs(1));
            let first = match self.receiver.recv_timeout(idle_wait) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    if self.shared.stopped.load(Ordering::SeqCst) {
                        return;
                    }
                    let events = self.rewalk_due_folders();
                    if !events.is_empty() {
                        (self.on_events)(events);
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let mut changes = Vec::new();
            self.take(first, &mut changes);
            let batch_started = Instant::now();
            let mut disconnected = false;
            loop {
                let until_cap = MAX_BATCH_DELAY.saturating_sub(batch_started.elapsed());
                if until_cap.is_zero() {
                    break;
                }
                match self.receiver.recv_timeout(QUIET_PERIOD.min(until_cap)) {
                    Ok(message) => self.take(message, &mut changes),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => {
                        disconnected = true;
                        break;
                    }
                }
            }
            let mut events = self.finish(coalesce(&self.root, changes));
            events.extend(self.rewalk_due_folders());
            if self.shared.stopped.load(Ordering::SeqCst) || disconnected {
                return;
            }
            // A batch that only says events were lost is still delivered: the caller rescans.
            if !events.is_empty() || self.shared.rescan_needed.load(Ordering::SeqCst) {
                (self.on_events)(events);
            }
        }
    }

    /// Files in folders created a moment ago that no event and no walk has reported yet.
    ///
    /// notify sets up the watch of a new folder only after passing on its creation, so a file
    /// written into it in between has no creation event; the first walk (when the batch closes)
    /// finds most of them, but on a loaded machine notify's thread may lag behind that walk.
    fn rewalk_due_folders(&mut self) -> Vec<WatchEvent> {
        let now = Instant::now();
        let (due, waiting): (Vec<FreshFolder>, Vec<FreshFolder>) =
            std::mem::take(&mut self.fresh_folders)
                .into_iter()
                .partition(|f| f.rewalk_at <= now);
        self.fresh_folders = waiting;
        let mut events = Vec::new();
        for mut folder in due {
            for path in self.files_under(&folder.path) {
                if folder.reported.insert(path.clone()) {
                    events.push(WatchEvent {
                        kind: WatchEventKind::Created,
                        path,
                    });
                }
            }
        }
        events
    }

    /// The files (not folders, not noise) under `folder`.
    fn files_under(&self, folder: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(folder)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| !entry.file_type().is_dir())
            .map(walkdir::DirEntry::into_path)
            .filter(|path| !is_noise(&self.root, path))
            .collect()
    }

    fn take(
        &self,
        message: notify::Result<notify::Event>,
        changes: &mut Vec<(PathBuf, WatchEventKind)>,
    ) {
        match message {
            Ok(event) => {
                if event.need_rescan() {
                    self.shared.rescan_needed.store(true, Ordering::SeqCst);
                }
                changes.extend(classify(&event, |path| path.exists()));
            }
            Err(error) if is_watch_limit_error(&error) => self.switch_to_polling(),
            // Other errors name one path that vanished while being watched; its removal event
            // follows or already came.
            Err(_) => {}
        }
    }

    /// The limit was hit while watching (a new folder could not be watched): from now on poll.
    fn switch_to_polling(&self) {
        let Some(backend) = self.backend.upgrade() else {
            return;
        };
        let Ok(mut backend) = backend.lock() else {
            return;
        };
        if matches!(backend.watcher, BackendWatcher::Polling(_)) {
            return;
        }
        if let Ok(poller) = start_polling(&backend.root, backend.sender.clone()) {
            backend.watcher = BackendWatcher::Polling(poller);
            self.shared.polling.store(true, Ordering::SeqCst);
        }
        // Changes in the folders that could not be watched are unknown until now.
        self.shared.rescan_needed.store(true, Ordering::SeqCst);
    }

    /// The parts of the pipeline that look at the disk: created folders become their files,
    /// folder metadata changes are dropped, and our own writes are recognised.
    fn finish(&mut self, events: Vec<WatchEvent>) -> Vec<WatchEvent> {
        let mut seen: HashSet<PathBuf> = events.iter().map(|e| e.path.clone()).collect();
        let mut result = Vec::with_capacity(events.len());
        for mut event in events {
            let is_dir = event.kind != WatchEventKind::Removed && event.path.is_dir();
            match event.kind {
                WatchEventKind::Created if is_dir => {
                    // Files written into a new folder before its watch was set up have no events.
                    let mut reported = HashSet::new();
                    for path in self.files_under(&event.path) {
                        reported.insert(path.clone());
                        if seen.insert(path.clone()) {
                            result.push(WatchEvent {
                                kind: WatchEventKind::Created,
                                path,
                            });
                        }
                    }
                    self.fresh_folders.push(FreshFolder {
                        path: event.path,
                        rewalk_at: Instant::now() + FRESH_FOLDER_REWALK,
                        reported,
                    });
                }
                WatchEventKind::Modified if is_dir => {}
                WatchEventKind::Created | WatchEventKind::Modified
                    if self.is_own_write(&event.path) => {}
                WatchEventKind::Removed => {
                    self.forget_own_write(&event.path);
                    result.push(event);
                }
                _ => {
                    // Whatever is in a folder created a moment ago is new, even if its creation
                    // went unseen and only a write to it was reported.
                    for folder in &mut self.fresh_folders {
                        if event.path.starts_with(&folder.path) {
                            folder.reported.insert(event.path.clone());
                            event.kind = WatchEventKind::Created;
                        }
                    }
                    result.push(event);
                }
            }
        }
        result
    }

    /// Whether the file at `path` holds exactly the bytes we said we were writing there. The
    /// record is used up either way: a later event on the path is someone else's.
    fn is_own_write(&self, path: &Path) -> bool {
        let Ok(mut own_writes) = self.shared.own_writes.lock() else {
            return false;
        };
        if own_writes.is_empty() {
            return false;
        }
        let Some(expected) = own_writes.remove(&own_write_key(path)) else {
            return false;
        };
        std::fs::read(path).is_ok_and(|bytes| crate::document::content_hash(&bytes) == expected)
    }

    fn forget_own_write(&self, path: &Path) {
        if let Ok(mut own_writes) = self.shared.own_writes.lock() {
            if !own_writes.is_empty() {
                own_writes.remove(&own_write_key(path));
            }
        }
    }
}

/// The key own writes are recorded under: the path with its folder resolved, so that the
/// caller's path and notify's (built from the watched root) agree despite symlinks like
/// macOS's `/var` → `/private/var`.
fn own_write_key(path: &Path) -> PathBuf {
    match (
        path.parent().and_then(|p| p.canonicalize().ok()),
        path.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    }
}

/// What one notify event means per path. Renames become a removal of the old path and a
/// creation of the new one; a rename whose other half is unknown is resolved with `exists`.
/// Reads (`open`, `close` without writing) and attribute changes other than the modification
/// time are not changes to a page.
pub fn classify(
    event: &notify::Event,
    exists: impl Fn(&Path) -> bool,
) -> Vec<(PathBuf, WatchEventKind)> {
    use WatchEventKind::{Created, Modified, Removed};
    let all = |kind: WatchEventKind| event.paths.iter().map(|p| (p.clone(), kind)).collect();
    match event.kind {
        EventKind::Create(_) => all(Created),
        EventKind::Remove(_) => all(Removed),
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => all(Removed),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => all(Created),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => match event.paths.as_slice() {
            [from, to] => vec![(from.clone(), Removed), (to.clone(), Created)],
            _ => all(Modified),
        },
        EventKind::Modify(ModifyKind::Name(_)) => event
            .paths
            .iter()
            .map(|p| (p.clone(), if exists(p) { Created } else { Removed }))
            .collect(),
        // The polling backend reports a changed file as a newer modification time.
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)) => all(Modified),
        EventKind::Modify(ModifyKind::Metadata(_)) => Vec::new(),
        EventKind::Modify(_) => all(Modified),
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => all(Modified),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => Vec::new(),
    }
}

/// Net change of a path over a batch, while coalescing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Net {
    Is(WatchEventKind),
    /// Created and removed again within the batch: nothing to report.
    Transient,
}

/// Drops noise and keeps one net change per path, in order of first appearance:
/// created + modified → created; created + removed → nothing; removed + created → modified
/// (the file was replaced); modified + removed → removed.
pub fn coalesce(
    root: &Path,
    changes: impl IntoIterator<Item = (PathBuf, WatchEventKind)>,
) -> Vec<WatchEvent> {
    use WatchEventKind::{Created, Modified, Removed};
    let mut order: Vec<PathBuf> = Vec::new();
    let mut net: HashMap<PathBuf, Net> = HashMap::new();
    for (path, kind) in changes {
        if is_noise(root, &path) {
            continue;
        }
        let next = match (net.get(&path).copied(), kind) {
            (None, kind) => Net::Is(kind),
            (Some(Net::Is(Created)), Removed) => Net::Transient,
            (Some(Net::Is(Created)), _) => Net::Is(Created),
            (Some(Net::Transient), Removed) => Net::Transient,
            (Some(Net::Transient), _) => Net::Is(Created),
            (Some(Net::Is(Removed)), Removed) => Net::Is(Removed),
            (Some(Net::Is(Removed)), _) => Net::Is(Modified),
            (Some(Net::Is(Modified)), Removed) => Net::Is(Removed),
            (Some(Net::Is(Modified)), _) => Net::Is(Modified),
        };
        if net.insert(path.clone(), next).is_none() {
            order.push(path);
        }
    }
    order
        .into_iter()
        .filter_map(|path| match net.get(&path) {
            Some(Net::Is(kind)) => Some(WatchEvent { kind: *kind, path }),
            _ => None,
        })
        .collect()
}

/// Whether a path under the site `root` is of no interest: Git's internals, dependencies,
/// Hugo's output (`public/`, `resources/` at the root), and the temp, swap and backup files of
/// editors, Finder and our own atomic saves.
pub fn is_noise(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let names: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    if matches!(
        names.first(),
        Some(&"public") | Some(&"resources") | Some(&".hugo_build.lock")
    ) {
        return true;
    }
    if names
        .iter()
        .any(|name| *name == ".git" || *name == "node_modules")
    {
        return true;
    }
    let Some(name) = relative.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let vim_swap = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.len() == 3 && e.starts_with("sw"));
    vim_swap
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
        || name == "Thumbs.db"
        || (name.starts_with(".postwright-") && name.ends_with(".tmp"))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};
    use WatchEventKind::{Created, Modified, Removed};

    fn root() -> PathBuf {
        PathBuf::from("/site")
    }

    fn at(rel: &str) -> PathBuf {
        root().join(rel)
    }

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        paths
            .iter()
            .fold(notify::Event::new(kind), |e, p| e.add_path(at(p)))
    }

    /// Runs recorded notify events through classify and coalesce, as the watcher thread does.
    fn pipeline(events: &[notify::Event]) -> Vec<(String, WatchEventKind)> {
        let changes = events.iter().flat_map(|e| classify(e, |_| true));
        coalesce(&root(), changes)
            .into_iter()
            .map(|e| {
                (
                    e.path
                        .strip_prefix(root())
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    e.kind,
                )
            })
            .collect()
    }

    const CREATE: EventKind = EventKind::Create(CreateKind::File);
    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const REMOVE: EventKind = EventKind::Remove(RemoveKind::File);

    #[test]
    fn keeps_the_net_change_per_path() {
        let events = [
            event(CREATE, &["content/a.md"]),
            event(WRITE, &["content/a.md"]),
            event(WRITE, &["content/b.md"]),
            event(WRITE, &["content/b.md"]),
            event(CREATE, &["content/c.md"]),
            event(REMOVE, &["content/c.md"]),
            event(WRITE, &["content/d.md"]),
            event(REMOVE, &["content/d.md"]),
            event(REMOVE, &["content/e.md"]),
            event(CREATE, &["content/e.md"]),
        ];
        assert_eq!(
            pipeline(&events),
            [
                ("content/a.md".into(), Created),
                ("content/b.md".into(), Modified),
                ("content/d.md".into(), Removed),
                ("content/e.md".into(), Modified),
            ]
        );
    }

    #[test]
    fn created_removed_and_created_again_is_created() {
        let events = [
            event(CREATE, &["a.md"]),
            event(REMOVE, &["a.md"]),
            event(CREATE, &["a.md"]),
        ];
        assert_eq!(pipeline(&events), [("a.md".into(), Created)]);
    }

    #[test]
    fn renames_become_removed_and_created() {
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        // inotify reports From, To, then Both for the pair.
        let events = [
            event(from, &["old.md"]),
            event(to, &["new.md"]),
            event(both, &["old.md", "new.md"]),
        ];
        assert_eq!(
            pipeline(&events),
            [("old.md".into(), Removed), ("new.md".into(), Created)]
        );

        let any = notify::Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Any)))
            .add_path(at("gone.md"))
            .add_path(at("here.md"));
        let changes = classify(&any, |p| p.ends_with("here.md"));
        assert_eq!(
            changes,
            [(at("gone.md"), Removed), (at("here.md"), Created)]
        );
    }

    #[test]
    fn our_atomic_save_is_one_event_on_the_page() {
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let tmp = "content/.postwright-a1B2c3.tmp";
        let events = [
            event(CREATE, &[tmp]),
            event(WRITE, &[tmp]),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &[tmp],
            ),
            event(from, &[tmp]),
            event(to, &["content/page.md"]),
        ];
        assert_eq!(pipeline(&events), [("content/page.md".into(), Created)]);
    }

    #[test]
    fn reads_and_attribute_changes_are_not_changes() {
        let events = [
            event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                &["a.md"],
            ),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                &["a.md"],
            ),
            event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
                &["a.md"],
            ),
            event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                &["a.md"],
            ),
        ];
        assert_eq!(pipeline(&events), []);
        let polled = [event(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
            &["a.md"],
        )];
        assert_eq!(pipeline(&polled), [("a.md".into(), Modified)]);
    }

    #[test]
    fn drops_editor_files_git_internals_and_build_output() {
        let noise = [
            "content/.post.md.swp",
            "content/.post.md.swx",
            "content/post.md~",
            "content/.#post.md",
            "content/#post.md#",
            "content/4913",
            "content/.DS_Store",
            "content/.postwright-XyZ123.tmp",
            "content/post.md___jb_tmp___",
            ".git/index",
            ".git/refs/heads/main",
            "themes/x/node_modules/y.js",
            "public/index.html",
            "resources/_gen/images/a.png",
            ".hugo_build.lock",
        ];
        for rel in noise {
            assert!(is_noise(&root(), &at(rel)), "{rel} should be noise");
        }
        let kept = [
            "content/news/post.md",
            "content/resources/guide.md",
            "content/public/notice.md",
            "data/authors.yml",
            "layouts/shortcodes/note.html",
            "content/4913-report.md",
            "content/swap.md",
            ".gitignore",
        ];
        for rel in kept {
            assert!(!is_noise(&root(), &at(rel)), "{rel} should be kept");
        }
    }

    #[test]
    fn a_burst_coalesces_to_one_event_per_file() {
        let events: Vec<_> = (0..4000)
            .flat_map(|i| {
                let path = format!("content/burst/{i}.md");
                [
                    event(CREATE, &[&path]),
                    event(WRITE, &[&path]),
                    event(WRITE, &[&path]),
                ]
            })
            .collect();
        let result = pipeline(&events);
        assert_eq!(result.len(), 4000);
        assert!(result.iter().all(|(_, kind)| *kind == Created));
        assert_eq!(result[0].0, "content/burst/0.md");
    }

    #[test]
    fn watch_limit_errors_are_recognised() {
        assert!(is_watch_limit_error(&notify::Error::new(
            notify::ErrorKind::MaxFilesWatch
        )));
        assert!(is_watch_limit_error(&notify::Error::io(
            std::io::Error::from_raw_os_error(28)
        )));
        assert!(is_watch_limit_error(&notify::Error::generic(
            "No space left on device"
        )));
        assert!(!is_watch_limit_error(&notify::Error::path_not_found()));
        assert!(!is_watch_limit_error(&notify::Error::io(
            std::io::Error::from_raw_os_error(13)
        )));
    }
}
