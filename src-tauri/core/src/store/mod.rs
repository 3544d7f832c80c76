//! The SQLite store: opening (safely: a file that is not ours or is newer
//! than this program is never written to), migrations, and every change as
//! one transaction with one audit entry.

mod anchor;
pub(crate) mod audit;
mod backup;
mod check;
pub mod cipher;
mod columns;
mod edits;
mod export;
pub mod idle;
mod imports;
mod meeting_rows;
mod meetings;
mod member_rows;
mod members;
mod migrate;
mod open;
pub mod operator;
pub mod private;
mod protect;
mod removal;
mod rows;
mod schema;
mod slices;
mod snapshot;
pub mod viewing;

pub use anchor::Anchor;
pub(crate) use backup::take_backup;
pub use backup::{
    backup_dir_of, backup_head, check_backup, refuse_registry_file, replace_damaged, side_files,
    BEFORE_IMPORT, KEEP_LATEST,
};
pub use check::CheckReport;
pub use cipher::{is_protected, Passphrase};
pub use imports::Imported;
pub use members::MemberAction;
pub use removal::{references, Removable};
pub use rusqlite::Error as SqlError;
pub use slices::Parts;

use crate::error::{Error, Result};
use crate::model::*;
pub use edits::{load_document, next_id};
use migrate::MIGRATIONS;
pub use migrate::SCHEMA_VERSION;
pub use open::WindowLock;
use open::*;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How long a writer waits for another before saying the registry is busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The passphrase the file is protected by, if it is.
    key: Option<Passphrase>,
    who: String,
    /// The registry as last read, and the `data_version` it was read at.
    cache: RefCell<Option<(i64, Arc<Registry>)>>,
    /// Whether the file passed `quick_check` since it was opened here.
    verified: Cell<bool>,
    /// Whether the day's backup is still to be considered (see `daily_backup`).
    backup_due: Cell<bool>,
    /// Derived figures computed here and not yet written (`snapshot.rs`).
    unsaved: RefCell<Vec<snapshot::Unsaved>>,
}

/// The desktop program's identifier; also names its data directory.
pub const APP_IDENTIFIER: &str = "cn.parkreg.registry";

/// Today on this computer's calendar: the default as-of date. The rules
/// never read the clock; callers pass the date in.
#[must_use]
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The database file the desktop program and the CLI share by default.
#[must_use]
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PARKREG_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    base.join(APP_IDENTIFIER).join("registry.db")
}

impl Store {
    /// Refuses a damaged file before the first write or backup from here:
    /// nothing is written into, or copied from, a file with bad pages.
    fn verify(&self) -> Result<()> {
        if !self.verified.get() {
            quick_check(&self.conn, &self.path)?;
            self.verified.set(true);
        }
        Ok(())
    }

    /// A write transaction, on a verified file whose day's backup is taken.
    fn write_tx(&self) -> Result<Transaction<'_>> {
        self.daily_backup()?;
        self.verify()?;
        // Borrows the connection shared, so the caller can still read the
        // store's path and user while the transaction is open.
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The park's settings, or `None` while the registry is empty; cheap
    /// however large the registry is.
    pub fn park(&self) -> Result<Option<Park>> {
        rows::read_park(&self.conn)
    }

    /// How many units the registry has; cheap however large it is.
    pub fn unit_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The whole registry, or `None` while it is empty (no park yet). Read
    /// in one transaction, so that a change another program commits
    /// meanwhile is either all in or all out.
    pub fn read(&self) -> Result<Option<Registry>> {
        let _one_state = self
            .conn
            .is_autocommit()
            .then(|| self.conn.unchecked_transaction())
            .transpose()?;
        rows::read(&self.conn)
    }

    /// The whole registry; an error that says how to start if it is empty.
    /// Kept between calls until this or another program commits a change
    /// (SQLite's `data_version` tells), so pages of a large registry do not
    /// read it all again.
    pub fn registry(&self) -> Result<Arc<Registry>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if let Some((v, reg)) = &*self.cache.borrow() {
            if *v == version {
                return Ok(reg.clone());
            }
        }
        let reg = Arc::new(
            self.read()?
                .ok_or_else(|| Error::Empty(self.path.clone()))?,
        );
        *self.cache.borrow_mut() = Some((version, reg.clone()));
        Ok(reg)
    }

    /// Forgets the kept registry after this program's own commits (which
    /// do not change `data_version`).
    fn changed(&self) {
        self.cache.borrow_mut().take();
    }

    /// After a commit that appended `head` to the audit chain: the kept
    /// registry is forgotten, the anchor names the new head (only a head
    /// this program has just written is anchored, never one read back),
    /// and the change is copied from the WAL into the registry file itself,
    /// so that the file alone — copied by hand to a USB stick while the
    /// program runs, or left by a program that was killed — holds it.
    fn committed(&self, head: &Head) -> Result<()> {
        self.changed();
        // PASSIVE: never waits for another program's readers; what they
        // still hold is copied by the next change or when the last closes.
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        anchor::write(&self.path, Some(head))
    }

    /// The audit trail, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<AuditEntry>> {
        audit::newest(&self.conn, limit, audit::Filter::default())
    }

    /// The audit entries about one kind of record and containing `text`.
    pub fn history_filtered(
        &self,
        entity: Option<&str>,
        text: Option<&str>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let filter = audit::Filter {
            entity: entity.unwrap_or(""),
            id: "",
            text: text.unwrap_or("").trim(),
        };
        audit::newest(&self.conn, limit, filter)
    }

    /// The audit entries about one record, newest first.
    pub fn history_of(&self, entity: &str, id: &str, limit: usize) -> Result<Vec<AuditEntry>> {
        audit::newest(
            &self.conn,
            limit,
            audit::Filter {
                entity,
                id,
                text: "",
            },
        )
    }
}
