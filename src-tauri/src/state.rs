//! The app's state: at most one open site (its workspace, which owns the watcher that keeps
//! it current). The lock is taken in [`AppState::with_workspace`] and the session swap only, so
//! no command can forget to map a poisoned lock or hold it across a watcher shutdown. Long reads
//! (the preview's render, the page's check, the site-wide check) take a snapshot of the site
//! under the lock and run without it, so they never queue behind each other or a save.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use postwright::Workspace;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::{settings, IpcError, Settings, SiteChanged, SiteInfo};

/// Which site to open.
pub enum SiteSource {
    /// The scratch copy of the embedded sample site in the data folder.
    Sample,
    /// A Hugo site folder.
    Folder(PathBuf),
}

struct Session {
    workspace: Workspace,
    info: SiteInfo,
}

/// What Tauri manages for the app.
pub struct AppState {
    data_dir: PathBuf,
    site_arg: Option<PathBuf>,
    session: Mutex<Option<Session>>,
    /// Held through a site-wide check, so two never run at once (the second then reads only
    /// what changed while the first ran).
    site_check: tauri::async_runtime::Mutex<()>,
}

impl AppState {
    /// State for an app whose data lives in `data_dir`, asked to open `site_arg` (or the sample).
    pub fn new(data_dir: PathBuf, site_arg: Option<PathBuf>) -> AppState {
        AppState {
            data_dir,
            site_arg,
            session: Mutex::new(None),
            site_check: tauri::async_runtime::Mutex::new(()),
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, Option<Session>>, IpcError> {
        self.session.lock().map_err(|_| {
            IpcError::internal("the workspace lock was poisoned by an earlier failure")
        })
    }

    /// Runs `f` on the open workspace.
    pub fn with_workspace<T>(
        &self,
        f: impl FnOnce(&mut Workspace) -> Result<T, postwright::Error>,
    ) -> Result<T, IpcError> {
        let mut guard = self.lock()?;
        let session = guard.as_mut().ok_or_else(IpcError::no_site)?;
        Ok(f(&mut session.workspace)?)
    }

    /// The open site as it is now, to read without holding the lock.
    pub fn snapshot(&self) -> Result<postwright::workspace::SiteSnapshot, IpcError> {
        self.with_workspace(|ws| Ok(ws.snapshot()))
    }

    /// Checks the whole site (every page the first time, then what changed) off the lock and
    /// off the async runtime's threads, one check at a time, reporting progress as it goes.
    pub async fn check_site(
        &self,
        progress: impl Fn(usize, usize) + Send + Sync + 'static,
    ) -> Result<postwright::check::SiteCheck, IpcError> {
        let _one_at_a_time = self.site_check.lock().await;
        let progress = std::sync::Arc::new(progress);
        loop {
            let job = self.with_workspace(|ws| Ok(ws.start_site_check()))?;
            let report = std::sync::Arc::clone(&progress);
            let done = tauri::async_runtime::spawn_blocking(move || {
                job.run(&|done, total| report(done, total))
            })
            .await
            .map_err(|e| IpcError::internal(format!("the site check stopped: {e}")))?;
            if let Some(check) = self.with_workspace(|ws| Ok(ws.finish_site_check(done)))? {
                return Ok(check);
            }
        }
    }

    /// The site given on the command line (or the sample), opened on first call; later calls
    /// (a reloaded window) return the site already open.
    pub fn open_startup_site(&self, app: &AppHandle) -> Result<SiteInfo, IpcError> {
        if let Some(session) = self.lock()?.as_ref() {
            return Ok(session.info.clone());
        }
        let source = match &self.site_arg {
            Some(path) => SiteSource::Folder(path.clone()),
            None => SiteSource::Sample,
        };
        self.open_site(app, source)
    }

    /// Opens a site, starts watching it and makes it the current one.
    pub fn open_site(&self, app: &AppHandle, source: SiteSource) -> Result<SiteInfo, IpcError> {
        let is_sample = matches!(source, SiteSource::Sample);
        let mut workspace = match source {
            SiteSource::Sample => postwright::workspace::open_sample_workspace(&self.data_dir)?,
            SiteSource::Folder(path) => Workspace::open(&path)?,
        };
        let stored = settings::load(&self.data_dir)?;
        if let Some(identity) = stored.identity.clone() {
            workspace.set_identity(identity);
        }
        workspace.set_role(stored.role);
        let root = workspace.site().root.display().to_string();
        if let Some(rel) = stored
            .sites
            .get(&root)
            .and_then(|s| s.decap_config.as_deref())
        {
            // A setting that no longer fits (the file was removed) does not keep the site
            // closed: its content types are found as without it, and saving the setting again
            // in the settings dialog says what is wrong.
            if let Err(e) = workspace.set_decap_config(Some(rel)) {
                eprintln!("postwright-desktop: the Decap CMS config setting is not used: {e}");
            }
        }
        workspace.enable_recovery(&self.data_dir);
        let site = workspace.site();
        let title = if site.config.title.is_empty() {
            site.root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            site.config.title.clone()
        };
        let handle = app.clone();
        let on_events = move |events: Vec<postwright::watch::WatchEvent>| {
            let state = handle.state::<AppState>();
            // A batch that arrives while the lock is poisoned is dropped; the next one catches up.
            let Ok((changes, polling)) =
                state.with_workspace(|ws| Ok((ws.apply_watch_events(&events), ws.is_polling())))
            else {
                return;
            };
            let changed = SiteChanged {
                paths: changes.paths,
                schema_changed: changes.schema_changed,
                polling,
            };
            if let Err(e) = changed.emit(&handle) {
                eprintln!("postwright-desktop: cannot emit site-changed: {e}");
            }
        };
        // POSTWRIGHT_WATCH_POLL=1 polls from the start (network drives; the e2e test of the
        // notice), as watching does by itself once the OS watch limit is reached.
        if std::env::var_os("POSTWRIGHT_WATCH_POLL").is_some_and(|v| v == "1") {
            workspace.watch_polling(on_events)?;
        } else {
            workspace.watch(on_events)?;
        }
        let info = SiteInfo {
            root,
            title,
            is_sample,
            polling: workspace.is_polling(),
            content_dir: workspace.content_dir(),
        };
        let new_session = Session {
            workspace,
            info: info.clone(),
        };
        let previous = self.lock()?.replace(new_session);
        // Dropped after the lock is released: stopping the old workspace's watcher may wait for
        // its callback, which takes the lock.
        drop(previous);
        Ok(info)
    }

    /// Appends `note` to `canary.log` in the data folder (see the `canary` command).
    pub fn record_canary(&self, note: &str) -> Result<(), IpcError> {
        use std::io::Write;
        let path = self.data_dir.join("canary.log");
        let line = format!("{}\n", note.replace('\n', " "));
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(line.as_bytes()))
            .map_err(|e| IpcError::from(postwright::Error::io(&path, e)))
    }

    /// The old hosts the settings name for the open site (none when unset or unreadable).
    pub fn import_old_hosts(&self) -> Vec<String> {
        let Ok(guard) = self.lock() else {
            return Vec::new();
        };
        let Some(session) = guard.as_ref() else {
            return Vec::new();
        };
        let root = session.workspace.site().root.display().to_string();
        settings::load(&self.data_dir)
            .ok()
            .and_then(|s| s.sites.get(&root).map(|site| site.old_hosts.clone()))
            .unwrap_or_default()
    }

    /// The stored settings.
    pub fn settings(&self) -> Result<Settings, IpcError> {
        settings::load(&self.data_dir)
    }

    /// Applies the settings to the open site (its Decap CMS config path is checked first: a
    /// path outside the site or a file that cannot be read is refused, and nothing is
    /// stored), then stores them.
    pub fn set_settings(&self, new: Settings) -> Result<(), IpcError> {
        {
            let mut guard = self.lock()?;
            if let Some(session) = guard.as_mut() {
                let decap_config = new
                    .sites
                    .get(&session.info.root)
                    .and_then(|s| s.decap_config.as_deref());
                session.workspace.set_decap_config(decap_config)?;
                if let Some(identity) = new.identity.clone() {
                    session.workspace.set_identity(identity);
                }
                session.workspace.set_role(new.role);
            }
        }
        settings::store(&self.data_dir, &new)
    }
}
