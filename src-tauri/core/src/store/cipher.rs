//! Encryption at rest. A registry protected by the clerk's passphrase is
//! encrypted page by page by SQLite3 Multiple Ciphers (ChaCha20-Poly1305,
//! the key derived from the passphrase by PBKDF2-SHA256): the file, its
//! WAL and its backups alike, so that a copied or lost file gives nothing
//! away (ARCHITECTURE.md "Encryption at rest").

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The shortest passphrase accepted, in characters (a CJK character
/// counts one).
pub const MIN_CHARS: usize = 8;
const MAX_CHARS: usize = 200;

/// A passphrase as the clerk typed it, wiped from memory when dropped and
/// never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(Zeroizing<String>);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl Passphrase {
    /// A passphrase to open a registry with: taken as typed.
    #[must_use]
    pub fn given(text: &str) -> Passphrase {
        Passphrase(Zeroizing::new(text.to_string()))
    }

    /// A new passphrase to protect a registry with: refused when too short
    /// or too long, or holding control characters (which no keyboard
    /// gives twice alike).
    pub fn new(text: &str) -> Result<Passphrase> {
        let chars = text.chars().count();
        let problem = if chars < MIN_CHARS {
            Some(format!("口令至少要 {MIN_CHARS} 个字符（现在 {chars} 个）"))
        } else if chars > MAX_CHARS {
            Some(format!("口令最多 {MAX_CHARS} 个字符"))
        } else if text.chars().any(char::is_control) {
            Some("口令不能含控制字符（如换行、制表符）".into())
        } else {
            None
        };
        match problem {
            Some(message) => Err(Error::invalid("passphrase", "passphrase", message)),
            None => Ok(Passphrase::given(text)),
        }
    }

    fn text(&self) -> &str {
        &self.0
    }
}

/// Gives a new connection its key, before anything else is read.
pub(crate) fn key(conn: &Connection, key: Option<&Passphrase>) -> rusqlite::Result<()> {
    if let Some(k) = key {
        conn.pragma_update(None, "key", k.text())?;
    }
    Ok(())
}

/// Whether the file at `path` is protected by a passphrase: an SQLite file
/// begins with its plain header, an encrypted one with random bytes, and
/// both are whole pages (a multiple of 512 bytes), which a text or another
/// program's file seldom is. A missing or empty file is not.
#[must_use]
pub fn is_protected(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    let pages = std::fs::metadata(path).is_ok_and(|m| m.len() > 0 && m.len() % 512 == 0);
    pages
        && std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok_and(|()| &head != b"SQLite format 3\0")
}

/// The copy a passphrase change writes before it takes the file's place.
fn pending(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.rekey", path.display()))
}

/// Removes what a passphrase change interrupted by a crash left behind: the
/// file itself is then still the old one (the new copy takes its place
/// only once complete), so the copy is of no use.
pub(crate) fn clear_interrupted(path: &Path) {
    let copy = pending(path);
    for p in [
        PathBuf::from(format!("{}-wal", copy.display())),
        PathBuf::from(format!("{}-shm", copy.display())),
        PathBuf::from(format!("{}-journal", copy.display())),
        copy,
    ] {
        let _ = std::fs::remove_file(p);
    }
}

/// Writes the database file at `path` again under `new` (none: plain),
/// crash-safe: a copy is re-encrypted, checked, flushed to disk and only
/// then renamed over the file, so a crash leaves the old file or the new
/// one, never neither. The file must have nothing pending in a WAL (the
/// caller checkpoints and keeps writers out). `then` runs on the new copy
/// before it takes the file's place (the store records the change there).
pub(super) fn rekey_file(
    path: &Path,
    old: Option<&Passphrase>,
    new: Option<&Passphrase>,
    then: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    clear_interrupted(path);
    let copy = pending(path);
    std::fs::copy(path, &copy).map_err(io(&copy))?;
    let rewrite = || -> Result<()> {
        {
            let conn = Connection::open(&copy)?;
            key(&conn, old)?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
                .map_err(|_| Error::WrongPassphrase(path.to_path_buf()))?;
            // A rollback journal for the copy: the cipher re-encrypts a
            // plain file only outside WAL mode (the store turns WAL on
            // again when it opens the file).
            conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
            conn.pragma_update(None, "rekey", new.map_or("", Passphrase::text))?;
        }
        let conn = Connection::open(&copy)?;
        key(&conn, new)?;
        let quick: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if quick != "ok" {
            return Err(Error::NotARegistry {
                path: copy.clone(),
                reason: format!("重新加密后的检查未通过：{quick}"),
            });
        }
        then(&conn)?;
        drop(conn);
        std::fs::File::open(&copy)
            .and_then(|f| f.sync_all())
            .map_err(io(&copy))
    };
    if let Err(e) = rewrite() {
        clear_interrupted(path);
        return Err(e);
    }
    std::fs::rename(&copy, path).map_err(io(path))?;
    sync_dir(path);
    Ok(())
}

/// Flushes a rename to disk (the folder's entry), where the system allows.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// How long to wait before answering after `failures` wrong passphrases in
/// a row: nothing for the first three (a typo), then doubling from one
/// second up to a minute, so guessing by hand gets slow.
#[must_use]
pub fn delay_after(failures: u32) -> std::time::Duration {
    let secs = match failures {
        0..=3 => 0,
        n => (1u64 << (n - 4).min(6)).min(60),
    };
    std::time::Duration::from_secs(secs)
}
