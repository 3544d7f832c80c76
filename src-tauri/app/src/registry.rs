//! The open registry, shared by every command: opened on first use and
//! locked while open (one program per registry). A registry protected by a
//! passphrase stays shut until `unlock` is given the right one; the
//! passphrase is then kept here (wiped when dropped) until the clerk locks
//! it, the registry sits unused past the idle time, or another file is
//! opened.

use crate::error::{IpcError, IpcResult};
use parkreg_core::model::Lang;
use parkreg_core::store::{self, cipher, idle, Passphrase, Store, WindowLock};
use parkreg_core::Error;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A test hook: the idle time in seconds, in place of the settings' minutes
/// (the end-to-end tests wait seconds, not minutes, for the idle lock).
pub const IDLE_SECONDS_VAR: &str = "PARKREG_IDLE_LOCK_SECONDS";

/// The open registry, opened on first use so that a bad file is reported
/// in the window (with a way out) rather than crashing the program. Clones
/// share it.
#[derive(Clone)]
pub struct Registry {
    open: Arc<Mutex<Open>>,
    /// Held through each attempt at a passphrase, and through the wait
    /// earned by the wrong ones before: attempts come one at a time.
    attempts: Arc<Mutex<()>>,
}

struct Open {
    path: PathBuf,
    store: Option<Store>,
    /// Held while the registry is open here: a second window is refused.
    /// Locking the registry keeps it: this window is still the one on it.
    lock: Option<WindowLock>,
    /// The passphrase the registry was unlocked with; none while locked
    /// (or plain).
    key: Option<Passphrase>,
    /// Wrong passphrases in a row, and when the last one was refused.
    failures: u32,
    failed_at: Option<Instant>,
    /// When the last command came, and how long a protected registry may
    /// sit unused before it locks.
    used_at: Instant,
    idle: Duration,
    /// Whether `idle` comes from the test hook (the settings then do not
    /// change it).
    idle_fixed: bool,
}

/// A wrong passphrase, as the UI hears it: with how long to wait before
/// the next attempt is looked at.
fn wrong(path: &std::path::Path, field: Option<&str>, wait: Duration) -> IpcError {
    let mut e = IpcError::from(Error::WrongPassphrase(path.to_path_buf()));
    if let Some(field) = field {
        e.problems = vec![parkreg_core::model::problem::Problem::new(
            "passphrase",
            field,
            "口令不对",
        )];
    }
    e.wait_seconds = Some(seconds(wait));
    e
}

/// Whole seconds, rounded up: a wait of 0.2 s is still a wait.
pub fn seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl Open {
    /// How long until another attempt at the passphrase is looked at.
    fn wait(&self) -> Duration {
        let earned = cipher::delay_after(self.failures);
        self.failed_at
            .map_or(Duration::ZERO, |at| earned.saturating_sub(at.elapsed()))
    }

    fn failed(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        self.failed_at = Some(Instant::now());
        cipher::delay_after(self.failures)
    }

    fn succeeded(&mut self) {
        self.failures = 0;
        self.failed_at = None;
    }

    /// Whether the registry waits for its passphrase.
    fn locked(&self) -> bool {
        self.key.is_none() && store::is_protected(&self.path)
    }

    fn shut(&mut self) {
        self.store = None;
        self.key = None;
    }

    /// The store, opened (with the window lock) if it is not yet.
    fn store(&mut self) -> IpcResult<&mut Store> {
        if self.store.is_none() {
            if self.lock.is_none() {
                self.lock = Some(WindowLock::acquire(&self.path)?);
            }
            if self.locked() {
                return Err(Error::PassphraseNeeded(self.path.clone()).into());
            }
            self.store = Some(Store::open_deferring_backup(&self.path, self.key.as_ref())?);
        }
        Ok(self.store.as_mut().expect("just opened"))
    }
}

/// The idle time: the test hook's seconds, else the settings' minutes.
fn idle_time() -> (Duration, bool) {
    match std::env::var(IDLE_SECONDS_VAR)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|&s| s > 0)
    {
        Some(secs) => (Duration::from_secs(secs), true),
        None => (Duration::from_secs(u64::from(idle::minutes()) * 60), false),
    }
}

impl Registry {
    pub fn new(path: PathBuf) -> Registry {
        let (idle, idle_fixed) = idle_time();
        Registry {
            open: Arc::new(Mutex::new(Open {
                path,
                store: None,
                lock: None,
                key: None,
                failures: 0,
                failed_at: None,
                used_at: Instant::now(),
                idle,
                idle_fixed,
            })),
            attempts: Arc::new(Mutex::new(())),
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
        open.shut();
        open.lock = None;
        open.succeeded();
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
    /// will ask, and then hear what is wrong. A protected registry is
    /// unlocked with `PARKREG_PASSPHRASE` when it is set, as the command
    /// line does (for scripted starts); else the page asks.
    pub fn prepare(&self) {
        if let Some(text) = std::env::var("PARKREG_PASSPHRASE")
            .ok()
            .filter(|t| !t.is_empty())
        {
            let _ = self.unlock(&text);
        }
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
        Ok(f(open.store()?)?)
    }

    /// Whether the registry waits for its passphrase (protected, and not
    /// unlocked here), and how long until an attempt is looked at.
    /// The window lock is taken first: a registry open in another window
    /// is refused as such, not asked for.
    pub fn locked(&self) -> IpcResult<Option<Duration>> {
        let mut open = self.open();
        if open.lock.is_none() {
            open.lock = Some(WindowLock::acquire(&open.path)?);
        }
        Ok(open.locked().then(|| open.wait()))
    }

    /// The passphrase the open registry was unlocked with.
    pub fn key(&self) -> Option<Passphrase> {
        self.open().key.clone()
    }

    /// A command came: a protected registry unused past the idle time is
    /// locked first (the backstop for a page left open whose own watch did
    /// not lock it), so that the command finds it locked.
    pub fn touch(&self) {
        let mut open = self.open();
        if open.key.is_some() && open.used_at.elapsed() > open.idle {
            open.shut();
        }
        open.used_at = Instant::now();
    }

    /// The idle time after which a protected registry locks.
    pub fn idle(&self) -> Duration {
        self.open().idle
    }

    /// The idle time set in the settings from now on (the test hook's, if
    /// given, stays).
    pub fn set_idle(&self, minutes: u32) {
        let mut open = self.open();
        if !open.idle_fixed {
            open.idle = Duration::from_secs(u64::from(minutes) * 60);
        }
    }

    /// One attempt at a passphrase: attempts come one at a time, each
    /// looked at only after the wait the wrong ones before it earned.
    fn attempt(
        &self,
    ) -> (
        std::sync::MutexGuard<'_, ()>,
        std::sync::MutexGuard<'_, Open>,
    ) {
        let one = self
            .attempts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let wait = self.open().wait();
        std::thread::sleep(wait);
        (one, self.open())
    }

    /// Opens the protected registry with `text`. A wrong one is counted and
    /// refused, the file untouched; after repeated ones the next attempt is
    /// looked at only once the growing delay (`cipher::delay_after`) has
    /// passed, so guessing gets slow however the page is driven.
    pub fn unlock(&self, text: &str) -> IpcResult<()> {
        let (_one_at_a_time, mut open) = self.attempt();
        if !open.locked() {
            return Ok(());
        }
        if open.lock.is_none() {
            open.lock = Some(WindowLock::acquire(&open.path)?);
        }
        let key = Passphrase::given(text);
        match Store::open_deferring_backup(&open.path, Some(&key)) {
            Ok(store) => {
                open.store = Some(store);
                open.key = Some(key);
                open.succeeded();
                open.used_at = Instant::now();
                Ok(())
            }
            Err(Error::WrongPassphrase(path)) => {
                let wait = open.failed();
                Err(wrong(&path, None, wait))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Locks the registry: closes it and forgets the passphrase (the window
    /// lock stays: this window is still the one on it). A plain registry
    /// has nothing to lock. Whether it is now locked.
    pub fn lock(&self) -> bool {
        let mut open = self.open();
        if open.key.is_some() {
            open.shut();
        }
        open.locked()
    }

    /// Sets, changes (`new`) or removes (`None`) the passphrase. A
    /// protected registry's `current` passphrase is asked again: a wrong
    /// one counts like a wrong one at unlocking.
    pub fn set_passphrase(&self, current: &str, new: Option<Passphrase>) -> IpcResult<()> {
        let (_one_at_a_time, mut open) = self.attempt();
        open.store()?;
        let old = open.key.clone();
        if let Some(held) = &old {
            if Passphrase::given(current) != *held {
                let wait = open.failed();
                return Err(wrong(&open.path, Some("current"), wait));
            }
            open.succeeded();
        }
        let store = open.store.as_mut().expect("opened above");
        match store.set_passphrase(new.as_ref()) {
            Ok(()) => {
                open.key = new;
                Ok(())
            }
            Err(e) => {
                // Nothing changed (the change is crash-safe); the store is
                // opened again on next use, with the passphrase held.
                open.store = None;
                Err(e.into())
            }
        }
    }

    #[cfg(test)]
    /// Makes the last command seem `ago` old (for the idle lock's tests).
    pub fn used_ago(&self, ago: Duration) {
        let mut open = self.open();
        open.used_at = Instant::now() - ago;
    }
}
