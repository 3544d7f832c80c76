//! The open registry, shared by every command: opened on first use and
//! locked while open (one program per registry).

use crate::error::IpcResult;
use parkreg_core::model::Lang;
use parkreg_core::store::{Store, WindowLock};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The open registry, opened on first use so that a bad file is reported
/// in the window (with a way out) rather than crashing the program. Clones
/// share it.
#[derive(Clone)]
pub struct Registry {
    open: Arc<Mutex<Open>>,
}

struct Open {
    path: PathBuf,
    store: Option<Store>,
    /// Held while the registry is open here: a second window is refused.
    lock: Option<WindowLock>,
}

impl Registry {
    pub fn new(path: PathBuf) -> Registry {
        Registry {
            open: Arc::new(Mutex::new(Open {
                path,
                store: None,
                lock: None,
            })),
        }
    }

    fn open(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn path(&self) -> PathBuf {
        self.open().path.clone()
    }

    /// Closes the current registry and opens `path` on next use.
    pub fn switch_to(&self, path: PathBuf) {
        let mut open = self.open();
        open.store = None;
        open.lock = None;
        open.path = path;
    }

    /// Closes the registry (and lets go of its lock) until next use.
    pub fn close(&self) {
        let mut open = self.open();
        open.store = None;
        open.lock = None;
    }

    /// Opens the registry and prepares today's dashboard (kept, or
    /// computed now) while the window starts, ignoring failures: the page
    /// will ask, and then hear what is wrong.
    pub fn prepare(&self) {
        let _ = self.with(|s| {
            if s.park()?.is_some() {
                s.dashboard_json(parkreg_core::today(), Lang::Zh)?;
            }
            Ok(())
        });
    }

    /// What waits until a page has shown: the day's backup, writing the
    /// dashboards computed so far for the next start, and reading the
    /// registry into the store's cache for the other pages. The page asks
    /// after each page; each step is cheap once done. Failures are ignored
    /// here; the next change or page meets and reports them.
    pub fn warm_up(&self) {
        let _ = self.with(|s| {
            if s.park()?.is_some() {
                s.daily_backup()?;
                s.save_snapshots()?;
                s.registry()?;
            }
            Ok(())
        });
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> parkreg_core::Result<T>) -> IpcResult<T> {
        let mut open = self.open();
        if open.store.is_none() {
            if open.lock.is_none() {
                open.lock = Some(WindowLock::acquire(&open.path)?);
            }
            open.store = Some(Store::open_deferring_backup(&open.path, None)?);
        }
        Ok(f(open.store.as_mut().expect("just opened"))?)
    }
}
