//! Setting, changing and removing a registry's passphrase: the file and
//! each of its backups written again under the new one (`cipher.rs`).

use super::cipher::{rekey_file, Passphrase};
use super::{audit, backup, Store};
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

impl Store {
    /// Whether this registry is protected by a passphrase.
    #[must_use]
    pub fn is_protected(&self) -> bool {
        self.key.is_some()
    }

    /// Sets or changes the passphrase (`Some`), or removes it (`None`):
    /// the registry file, then each of its backups, written again under
    /// the new one, each crash-safe (`rekey_file`), with one audit entry.
    /// The store is then open again, under the new passphrase, or under
    /// the old one when the change failed. The desktop program holds its
    /// window lock meanwhile, so no window writes to the file.
    pub fn set_passphrase(&mut self, new: Option<&Passphrase>) -> Result<()> {
        let (action, summary) = match (self.key.is_some(), new.is_some()) {
            (false, true) => ("registry.protect", "设置口令保护"),
            (true, true) => ("registry.passphrase", "更改口令"),
            (true, false) => ("registry.unprotect", "取消口令保护"),
            (false, false) => {
                return Err(Error::Conflict("登记簿没有设口令，无需取消".into()));
            }
        };
        self.verify()?;
        self.daily_backup()?;
        let path = self.path.clone();
        let old = self.key.clone();
        let who = self.who.clone();
        // Everything in the file itself, then closed: the copy is the whole
        // database, and no WAL of the old file outlives it.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let mut backups = self.backups();
        backups.extend(files_under(&self.backup_dir()));
        backups.sort();
        backups.dedup();
        // Closed, so that its WAL goes with it.
        drop(std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory()?,
        ));
        let changed = Store::rekey(&path, old.as_ref(), new, &who, action, summary, &backups);
        // Open again under whichever passphrase the file now has: the new
        // one, unless the file itself was not replaced (a backup that could
        // not be rewritten after it is only an error to report).
        *self = Store::open_deferring_backup(&path, new)
            .or_else(|_| Store::open_deferring_backup(&path, old.as_ref()))?;
        changed
    }

    fn rekey(
        path: &Path,
        old: Option<&Passphrase>,
        new: Option<&Passphrase>,
        who: &str,
        action: &str,
        summary: &str,
        backups: &[PathBuf],
    ) -> Result<()> {
        let stamp = |p: &Path| {
            std::fs::metadata(p)
                .and_then(|m| Ok((m.len(), m.modified()?)))
                .ok()
        };
        let before = stamp(path);
        let mut head = None;
        rekey_file(path, old, new, |conn| {
            let tx = conn.unchecked_transaction()?;
            head = Some(audit::record(
                &tx, who, action, "registry", None, summary, None, None,
            )?);
            tx.commit()?;
            // Another program wrote to the file meanwhile: its change would be lost.
            if stamp(path) != before {
                return Err(Error::Busy);
            }
            Ok(())
        })?;
        super::anchor::write(path, head.as_ref())?;
        // A backup that does not open with the former passphrase (one of an
        // older change) is left as it is.
        for b in backups {
            if backup::check_backup(b, old).is_ok() {
                rekey_file(b, old, new, |_| Ok(()))?;
            }
        }
        Ok(())
    }
}

/// Every database file in `dir` and its folders (backups set aside after a
/// restore included).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            found.extend(files_under(&p));
        } else if p.extension().is_some_and(|e| e == "db") {
            found.push(p);
        }
    }
    found
}
