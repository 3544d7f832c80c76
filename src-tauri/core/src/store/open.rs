//! Opening a registry file: refusing what is not ours untouched, the
//! one-window lock, and the connection's settings.

use super::cipher::{self, Passphrase};
use super::{schema, Store, BUSY_TIMEOUT, SCHEMA_VERSION};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Opens an existing file read-only without writing anything, not even
/// SQLite's side files (`immutable`: no -wal or -shm is created, nothing is
/// checkpointed), and refuses files that are not SQLite, are newer than
/// this program, or whose tables are not this program's. Returns the
/// connection and the file's schema version.
///
/// An immutable reader takes no lock, so it may catch a page of a file in
/// use (a -wal beside it) while a checkpoint rewrites it: a refusal is then
/// looked at again a few times before it stands.
pub(crate) fn open_untouched(path: &Path, key: Option<&Passphrase>) -> Result<(Connection, i64)> {
    let in_use = || PathBuf::from(format!("{}-wal", path.display())).exists();
    let mut tries = 0;
    loop {
        match probe(path, key) {
            Err(Error::NotARegistry { .. }) if tries < 3 && in_use() => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            answer => return answer,
        }
    }
}

fn probe(path: &Path, key: Option<&Passphrase>) -> Result<(Connection, i64)> {
    let not_ours = |reason: String| Error::NotARegistry {
        path: path.to_path_buf(),
        reason,
    };
    let key = effective(path, key);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let conn = Connection::open_with_flags(uri, flags).map_err(|e| not_ours(e.to_string()))?;
    cipher::key(&conn, key).map_err(|e| not_ours(e.to_string()))?;
    let failed = |e: rusqlite::Error| not_ours(describe_sqlite_failure(&e));
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| {
            let undecipherable = e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase);
            match key {
                Some(_) if undecipherable => Error::WrongPassphrase(path.to_path_buf()),
                None if undecipherable && cipher::is_protected(path) => {
                    Error::PassphraseNeeded(path.to_path_buf())
                }
                _ => failed(e),
            }
        })?;
    if version > SCHEMA_VERSION {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(failed)?;
        if tables > 0 {
            return Err(not_ours("其中的表不是本程序建立的".into()));
        }
    } else if let Some(first) = schema::differences(&conn, version, true)
        .map_err(|_| not_ours("无法读取数据库结构".into()))?
        .first()
    {
        return Err(not_ours(format!("其中的表不是本程序建立的（{first}）")));
    }
    Ok((conn, version))
}

/// The key a file is opened with: a passphrase given for a plain registry
/// is not used (a passphrase set for every command opens plain files too);
/// a new file is made protected by it.
pub(crate) fn effective<'k>(path: &Path, key: Option<&'k Passphrase>) -> Option<&'k Passphrase> {
    let plain = std::fs::metadata(path).is_ok_and(|m| m.len() > 0) && !cipher::is_protected(path);
    key.filter(|_| !plain)
}

/// A path as the path part of an SQLite URI: the characters a URI gives a
/// meaning to are percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = Vec::new();
    for &b in path.to_string_lossy().as_bytes() {
        match b {
            b'%' | b'?' | b'#' => out.extend(format!("%{b:02X}").bytes()),
            _ => out.push(b),
        }
    }
    String::from_utf8(out).expect("only ASCII bytes were replaced")
}

/// SQLite's page-by-page check of a whole file, refusing a damaged one. It
/// reads every page, so it runs before this program first writes to a
/// file (or backs it up), not on every open.
pub(super) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let not_ours = |reason: String| Error::NotARegistry {
        path: path.to_path_buf(),
        reason,
    };
    let quick: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| not_ours(describe_sqlite_failure(&e)))?;
    if quick != "ok" {
        return Err(not_ours(format!("数据库已损坏：{quick}")));
    }
    Ok(())
}

fn describe_sqlite_failure(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => "文件不是 SQLite 数据库".into(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => "数据库已损坏".into(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            "正被另一个程序使用".into()
        }
        _ => e.to_string(),
    }
}

/// A private folder under the system's temporary folder, removed with
/// everything in it when dropped.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(purpose: &str) -> Result<TempDir> {
        static TAKEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = TAKEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "parkreg-{purpose}-{}-{}-{n}",
            std::process::id(),
            chrono::Local::now().format("%H%M%S%f")
        ));
        std::fs::create_dir_all(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        Ok(TempDir(path))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Held by the desktop program for as long as it has a registry open, so
/// that a second window on the same registry is refused clearly. (The CLI
/// takes no such lock: SQLite itself serializes its writes.)
pub struct WindowLock {
    _file: std::fs::File,
}

impl WindowLock {
    pub fn acquire(db: &Path) -> Result<WindowLock> {
        let path = PathBuf::from(format!("{}.window-lock", db.display()));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(WindowLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::OpenElsewhere(db.to_path_buf())),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Io { path, source }),
        }
    }
}

impl Store {
    /// Opens the registry at `path`, creating an empty one if there is no
    /// file, brings its schema up to date, and takes the day's backup.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, None)
    }

    /// Opens like `open` a registry protected by `key` (or plain: a key is
    /// not used on a plain file); a new file is made protected by it.
    pub fn open_with(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
        let store = Store::open_deferring_backup(path, key)?;
        store.daily_backup()?;
        Ok(store)
    }

    /// Opens like `open`, but leaves the day's backup until `daily_backup`
    /// is called or the first change is written, whichever comes first:
    /// the desktop shows its window first, and on a large registry the
    /// copy takes a moment.
    pub fn open_deferring_backup(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
        cipher::clear_interrupted(path);
        let key = effective(path, key);
        let conn = if path.exists() {
            // Checked first through a connection that writes nothing:
            // a file that is not ours, or a wrong passphrase, is never
            // opened for writing.
            drop(open_untouched(path, key)?);
            let read_only = std::fs::metadata(path)
                .map(|m| m.permissions().readonly())
                .unwrap_or(false);
            if read_only {
                return Err(Error::ReadOnly(path.to_path_buf()));
            }
            // A registry made under a looser umask becomes private (its
            // backups folder too); one that is not the clerk's own (chmod
            // refused) still opens.
            let own = [path.to_path_buf(), super::backup::backup_dir_of(path)];
            for file in own.into_iter().chain(super::backup::side_files(path)) {
                let _ = super::private::restrict(&file);
            }
            let conn = Connection::open(path)?;
            cipher::key(&conn, key)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            let conn = Connection::open(path)?;
            cipher::key(&conn, key)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn
        };
        // WAL with synchronous=FULL: a commit that returned survives a power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            key: key.cloned(),
            who: super::operator::current(),
            cache: RefCell::new(None),
            verified: Cell::new(false),
            backup_due: Cell::new(false),
            unsaved: RefCell::new(Vec::new()),
        };
        store.migrate()?;
        store.backup_due.set(store.park()?.is_some());
        Ok(store)
    }

    /// Opens an existing registry that has content.
    pub fn open_existing(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
        if !path.exists() {
            return Err(Error::Empty(path.to_path_buf()));
        }
        Store::open_with(path, key)
    }
}
