//! The SQLite store: opening (safely: a file that is not ours or is newer
//! than this program is never written to), migrations, and every change as
//! one transaction with one audit entry.

mod anchor;
mod audit;
mod backup;
mod check;
mod export;
mod rows;
mod schema;
mod slices;
mod snapshot;

pub use anchor::Anchor;
pub use audit::AuditEntry;
pub use backup::{
    backup_dir_of, backup_head, check_backup, refuse_registry_file, replace_damaged, side_files,
    BEFORE_IMPORT, KEEP_LATEST,
};
pub use check::CheckReport;
pub use rusqlite::Error as SqlError;
pub use slices::Parts;

use crate::error::{Error, Result};
use crate::exchange::document;
use crate::exchange::workbook::import::{self, ImportPlan, Sheet};
use crate::model::*;
use crate::rules::ledger::LedgerState;
use crate::rules::validate;
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The migrations, in order; migration i brings the schema to version i + 1.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_schema.sql"),
    include_str!("migrations/002_audit_hash_chain.sql"),
    include_str!("migrations/003_ledger_by_org.sql"),
    include_str!("migrations/004_snapshot.sql"),
    include_str!("migrations/005_audit_subject.sql"),
    include_str!("migrations/006_ownership.sql"),
];

/// The migration that brought the audit hash chain: entries written
/// before it get their hashes then, and only then.
const HASH_CHAIN_MIGRATION: usize = 1;

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another before saying the registry is busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

pub struct Store {
    conn: Connection,
    path: PathBuf,
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
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The database file the desktop program and the CLI share by default.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PARKREG_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    base.join(APP_IDENTIFIER).join("registry.db")
}

/// Opens an existing file read-only without writing anything, not even
/// SQLite's side files (`immutable`: no -wal or -shm is created, nothing is
/// checkpointed), and refuses files that are not SQLite, are newer than
/// this program, or whose tables are not this program's. Returns the
/// connection and the file's schema version.
///
/// An immutable reader takes no lock, so it may catch a page of a file in
/// use (a -wal beside it) while a checkpoint rewrites it: a refusal is then
/// looked at again a few times before it stands.
pub(crate) fn open_untouched(path: &Path) -> Result<(Connection, i64)> {
    let in_use = || PathBuf::from(format!("{}-wal", path.display())).exists();
    let mut tries = 0;
    loop {
        match probe(path) {
            Err(Error::NotARegistry { .. }) if tries < 3 && in_use() => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            answer => return answer,
        }
    }
}

fn probe(path: &Path) -> Result<(Connection, i64)> {
    let not_ours = |reason: String| Error::NotARegistry {
        path: path.to_path_buf(),
        reason,
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let conn = Connection::open_with_flags(uri, flags).map_err(|e| not_ours(e.to_string()))?;
    let failed = |e: rusqlite::Error| not_ours(describe_sqlite_failure(&e));
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(failed)?;
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
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
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

/// The operating-system user, for the audit trail.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

impl Store {
    /// Opens the registry at `path`, creating an empty one if there is no
    /// file, brings its schema up to date, and takes the day's backup.
    pub fn open(path: &Path) -> Result<Store> {
        let store = Store::open_deferring_backup(path)?;
        store.daily_backup()?;
        Ok(store)
    }

    /// Opens like `open`, but leaves the day's backup until `daily_backup`
    /// is called or the first change is written, whichever comes first:
    /// the desktop shows its window first, and on a large registry the
    /// copy takes a moment.
    pub fn open_deferring_backup(path: &Path) -> Result<Store> {
        let conn = if path.exists() {
            // Checked first through a connection that writes nothing:
            // a file that is not ours is never opened for writing.
            drop(open_untouched(path)?);
            let read_only = std::fs::metadata(path)
                .map(|m| m.permissions().readonly())
                .unwrap_or(false);
            if read_only {
                return Err(Error::ReadOnly(path.to_path_buf()));
            }
            let conn = Connection::open(path)?;
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
            who: os_user(),
            cache: RefCell::new(None),
            verified: Cell::new(false),
            backup_due: Cell::new(false),
            unsaved: RefCell::new(Vec::new()),
        };
        store.migrate()?;
        store.backup_due.set(store.park()?.is_some());
        Ok(store)
    }

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

    /// Opens an existing registry that has content.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::Empty(path.to_path_buf()));
        }
        Store::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > 0 && version < SCHEMA_VERSION {
            self.verify()?;
            self.backup(&format!("before-migration-v{version}"))?;
        }
        // A migration may rebuild a table others refer to: foreign keys
        // are off while it runs (SQLite's own procedure) and checked before
        // it commits.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let migrated = self.apply_migrations(version);
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        migrated
    }

    fn apply_migrations(&mut self, version: i64) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.write_tx()?;
            tx.execute_batch(sql)?;
            if i == HASH_CHAIN_MIGRATION {
                audit::fill_missing_hashes(&tx)?;
            }
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                return Err(Error::NotARegistry {
                    path: self.path.clone(),
                    reason: format!("升级到第 {} 版时发现 {broken} 处引用不存在的记录", i + 1),
                });
            }
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
            self.changed();
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
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
    /// registry is forgotten and the anchor names the new head. (Only a
    /// head this program has just written is anchored, never one read back.)
    fn committed(&self, head: &Head) -> Result<()> {
        self.changed();
        anchor::write(&self.path, Some(head))
    }

    /// The one check every write makes before it commits: the whole
    /// resulting registry is a state that `load`, `check` and every reader
    /// accept (`validate::state`), or nothing is written.
    fn check_state(reg: &Registry) -> Result<()> {
        let problems = validate::state(reg, today());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// Replaces the whole content with `reg` (a loaded document, the sample
    /// park, a restored backup), after the whole-state check.
    pub fn replace(&mut self, reg: &Registry, action: &str, summary: &str) -> Result<()> {
        Store::check_state(reg)?;
        let tx = self.write_tx()?;
        let old = rows::read(&tx)?.map(|r| counts(&r));
        rows::replace_all(&tx, reg)?;
        let head = audit::record(
            &tx,
            &self.who,
            action,
            "registry",
            None,
            summary,
            old.as_ref(),
            Some(&counts(reg)),
        )?;
        tx.commit()?;
        self.committed(&head)
    }

    /// Creates an empty registry for a park; refuses one that has content.
    pub fn init(&mut self, park_name: &str) -> Result<()> {
        if self.read()?.is_some() {
            return Err(Error::NotEmpty(self.path.clone()));
        }
        let reg = Registry::empty(Park::new(park_name));
        self.replace(
            &reg,
            "registry.init",
            &format!("新建登记簿：{}", reg.park.name),
        )
    }

    /// One change: read the registry inside an immediate transaction, let
    /// `edit` change it and say what it did, check the whole result, write
    /// the changed record and one audit entry, commit.
    fn change(&mut self, edit: impl FnOnce(&mut Registry) -> Result<Edit>) -> Result<Edit> {
        let tx = self.write_tx()?;
        let mut reg = rows::read(&tx)?.ok_or_else(|| Error::Empty(self.path.clone()))?;
        let done = edit(&mut reg)?;
        Store::check_state(&reg)?;
        write_edit(&tx, &reg, &done)?;
        let head = audit::record(
            &tx,
            &self.who,
            &done.action,
            done.entity,
            Some(&done.id),
            &done.summary,
            done.old.as_ref(),
            done.new.as_ref(),
        )?;
        tx.commit()?;
        self.committed(&head)?;
        Ok(done)
    }

    pub fn set_park(&mut self, park: Park) -> Result<()> {
        self.change(|reg| {
            let old = std::mem::replace(&mut reg.park, park);
            Ok(Edit::new(
                "park.update",
                "park",
                "1",
                format!("修改园区设置：{}", reg.park.name),
            )
            .values(Some(&old), Some(&reg.park)))
        })?;
        Ok(())
    }

    /// Adds (empty id) or updates a person; returns the id.
    pub fn save_person(&mut self, mut person: Person) -> Result<String> {
        let done = self.change(|reg| {
            let old = upsert(&mut reg.people, &mut person, "p")?;
            Ok(Edit::saved(
                "person",
                &person.id,
                &person.name,
                old.as_ref(),
                &person,
            ))
        })?;
        Ok(done.id)
    }

    /// Adds (empty id) or updates a unit; returns the id.
    pub fn save_unit(&mut self, mut unit: Unit) -> Result<String> {
        unit.name = unit.name.trim().to_string();
        let done = self.change(|reg| {
            let old = upsert(&mut reg.units, &mut unit, "u")?;
            Ok(Edit::saved(
                "unit",
                &unit.id,
                &unit.name,
                old.as_ref(),
                &unit,
            ))
        })?;
        Ok(done.id)
    }

    /// Adds (empty id) or updates an organization; returns the id.
    pub fn save_org(&mut self, mut org: Organization) -> Result<String> {
        let done = self.change(|reg| {
            let old = upsert(&mut reg.organizations, &mut org, "o")?;
            Ok(Edit::saved(
                "organization",
                &org.id,
                &org.name,
                old.as_ref(),
                &org,
            ))
        })?;
        Ok(done.id)
    }

    /// Records an election: the date, and the committee elected.
    pub fn record_election(&mut self, id: &str, on: NaiveDate, committee_size: u32) -> Result<()> {
        self.change_org(id, "organization.election", |org| {
            org.last_election_on = Some(on);
            org.committee_size = committee_size;
            format!("“{}”于 {on} 换届，委员 {committee_size} 人", org.name)
        })
    }

    /// Dissolves an organization on a date (it stays in the registry).
    pub fn dissolve_org(&mut self, id: &str, on: NaiveDate) -> Result<()> {
        self.change_org(id, "organization.dissolve", |org| {
            org.dissolved_on = Some(on);
            format!("撤销“{}”，撤销日期 {on}", org.name)
        })
    }

    /// Changes one organization in place; `apply` says what it did.
    fn change_org(
        &mut self,
        id: &str,
        action: &str,
        apply: impl FnOnce(&mut Organization) -> String,
    ) -> Result<()> {
        self.change(|reg| {
            let org = reg
                .organizations
                .iter_mut()
                .find(|o| o.id == id)
                .ok_or_else(|| Error::NotFound(format!("党组织“{id}”")))?;
            let old = org.clone();
            let summary = apply(org);
            Ok(Edit::new(action, "organization", id, summary).values(Some(&old), Some(&*org)))
        })?;
        Ok(())
    }

    /// Sets a year's budget; never below what the year has already paid
    /// (said here in the clerk's terms; the whole-state check holds it too).
    pub fn set_budget(&mut self, budget: Budget) -> Result<()> {
        self.change(|reg| {
            let net = LedgerState::of(reg).net_of_year(budget.year);
            if budget.amount_fen < 0 || budget.amount_fen < net {
                return Err(Error::invalid(
                    "budget",
                    "amount_fen",
                    format!(
                        "{} 年预算不能少于已支出的 {}（拟设 {}）",
                        budget.year,
                        crate::rules::ledger::yuan(net),
                        crate::rules::ledger::yuan(budget.amount_fen)
                    ),
                ));
            }
            let old = reg
                .budgets
                .iter()
                .position(|b| b.year == budget.year)
                .map(|i| reg.budgets.remove(i));
            reg.budgets.push(budget.clone());
            reg.budgets.sort_by_key(|b| b.year);
            Ok(Edit::new(
                "budget.set",
                "budget",
                &budget.year.to_string(),
                format!(
                    "{} 年预算设为 {}",
                    budget.year,
                    crate::rules::ledger::yuan(budget.amount_fen)
                ),
            )
            .values(old.as_ref(), Some(&budget)))
        })?;
        Ok(())
    }

    /// Appends a ledger entry (a disbursement or a reversal) after checking
    /// every money rule as of `today`; returns its id.
    pub fn append_entry(&mut self, mut entry: LedgerEntry, today: NaiveDate) -> Result<String> {
        let done = self.change(|reg| {
            if entry.id.is_empty() {
                entry.id = next_id(reg.ledger.iter().map(|e| e.id.as_str()), "d")?;
            }
            let problems = LedgerState::of(reg).check(reg, &entry, today, "ledger");
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            let summary = match &entry.reverses {
                Some(r) => format!(
                    "冲销 {r}：{}（{}）",
                    crate::rules::ledger::yuan(entry.amount_fen),
                    entry.note
                ),
                None => format!(
                    "支出 {}，凭证 {}",
                    crate::rules::ledger::yuan(entry.amount_fen),
                    entry.voucher
                ),
            };
            reg.ledger.push(entry.clone());
            Ok(Edit::new("ledger.append", "ledger", &entry.id, summary)
                .values(None::<&()>, Some(&entry)))
        })?;
        Ok(done.id)
    }

    /// Plans the import of `sheet` into the registry as it is now
    /// (`workbook::import::plan`); the plan names the state it was made on,
    /// and `import_units` applies it to that state only.
    pub fn plan_import(&self, sheet: &Sheet) -> Result<ImportPlan> {
        let _one_state = self
            .conn
            .is_autocommit()
            .then(|| self.conn.unchecked_transaction())
            .transpose()?;
        let reg = self.registry()?;
        let mut plan = import::plan(&reg, sheet, today()).map_err(Error::Invalid)?;
        plan.base = audit::head(&self.conn)?;
        Ok(plan)
    }

    /// Applies exactly the plan `plan_import` made, in one transaction with
    /// one audit entry (each unit's old and new values, each unit's history
    /// showing it), after a backup that `undo_last_import` restores. A plan
    /// made on a registry that changed since is refused. `None` when the
    /// plan changes nothing.
    pub fn import_units(&mut self, plan: &ImportPlan, source: &str) -> Result<Option<PathBuf>> {
        if plan.added.is_empty() && plan.updated.is_empty() {
            return Ok(None);
        }
        let changed_since = || {
            Error::Conflict(
                "登记簿在预览之后又有修改，未作任何改动：请重新选择文件预览后再导入".into(),
            )
        };
        if audit::head(&self.conn)? != plan.base {
            return Err(changed_since());
        }
        Store::check_state(&plan.registry)?;
        self.verify()?;
        let backup = self.backup(BEFORE_IMPORT)?;
        let tx = self.write_tx()?;
        // Another program may have written between the backup and now.
        if audit::head(&tx)? != plan.base {
            return Err(changed_since());
        }
        let current = rows::read(&tx)?.ok_or_else(|| Error::Empty(self.path.clone()))?;
        let before = current.index();
        let new_people: Vec<&Person> = plan
            .registry
            .people
            .iter()
            .filter(|p| before.person(&p.id).is_none())
            .collect();
        for p in &new_people {
            rows::upsert_person(&tx, p)?;
        }
        let after = plan.registry.index();
        let changes: Vec<&import::Change> = plan.added.iter().chain(&plan.updated).collect();
        let (mut old_units, mut new_units) = (Vec::new(), Vec::new());
        for c in &changes {
            let unit = after
                .unit(&c.id)
                .expect("planned units are in the plan's registry");
            rows::upsert_unit(&tx, unit)?;
            old_units.push(before.unit(&c.id));
            new_units.push(unit);
        }
        let summary = format!(
            "从 {source} 导入单位：新增 {}，更新 {}，新增人员 {}",
            plan.added.len(),
            plan.updated.len(),
            new_people.len()
        );
        let backup_name = backup.file_name().map(|n| n.to_string_lossy().into_owned());
        let head = audit::record(
            &tx,
            &self.who,
            "units.import",
            "registry",
            None,
            &summary,
            Some(&serde_json::json!({ "units": old_units })),
            Some(&serde_json::json!({
                "source": source,
                "backup": backup_name,
                "units": new_units,
                "people": new_people,
            })),
        )?;
        audit::record_subjects(&tx, head.seq, "unit", changes.iter().map(|c| c.id.as_str()))?;
        audit::record_subjects(
            &tx,
            head.seq,
            "person",
            new_people.iter().map(|p| p.id.as_str()),
        )?;
        tx.commit()?;
        self.committed(&head)?;
        Ok(Some(backup))
    }

    /// Restores the backup taken before the last import, while that import
    /// is still the last change; otherwise refuses and says what was
    /// changed since. Returns the backup restored.
    pub fn undo_last_import(&mut self) -> Result<PathBuf> {
        let import = audit::last_of(&self.conn, "units.import")?
            .ok_or_else(|| Error::NotFound("可撤销的导入（登记簿中没有导入记录）".into()))?;
        let since = audit::after(&self.conn, import.seq)?;
        if let Some(newest) = since.last() {
            let listed: Vec<&str> = since.iter().take(3).map(|e| e.summary.as_str()).collect();
            return Err(Error::Conflict(format!(
                "上一次导入（{}）之后又有 {} 处修改（{}{}，最近一次在 {}），撤销导入会使这些修改一并丢失，未作任何改动；如确需回到导入之前，请从备份恢复",
                import.at,
                since.len(),
                listed.join("；"),
                if since.len() > 3 { "……" } else { "" },
                newest.at
            )));
        }
        let name = import
            .new_value
            .as_ref()
            .and_then(|v| v.get("backup")?.as_str().map(String::from))
            .ok_or_else(|| {
                Error::NotFound("这次导入的导入前备份（由旧版本程序导入）：请从备份恢复".into())
            })?;
        let src = self.backup_dir().join(&name);
        if !src.is_file() {
            return Err(Error::NotFound(format!("导入前的备份 {}", src.display())));
        }
        // The backup must be this registry just before the import.
        let before = match import.seq - 1 {
            0 => None,
            seq => audit::hash_at(&self.conn, seq)?.map(|hash| Head { seq, hash }),
        };
        if backup_head(&src)? != before {
            return Err(Error::Conflict(format!(
                "备份 {} 不是这次导入之前的登记簿，未作任何改动",
                src.display()
            )));
        }
        self.restore_from(&src, "units.import.undo", "撤销上一次导入")?;
        Ok(src)
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

    /// Runs a statement directly, for tests of the schema's own defences.
    #[doc(hidden)]
    pub fn raw(&self) -> &Connection {
        &self.conn
    }
}

/// Loads a registry document into the store, replacing its content; the
/// document is refused whole on any problem.
pub fn load_document(
    store: &mut Store,
    text: &str,
    today: NaiveDate,
    source: &str,
) -> Result<Registry> {
    let reg = document::from_json(text, today).map_err(Error::Invalid)?;
    store.replace(&reg, "registry.load", &format!("载入登记簿文件 {source}"))?;
    Ok(reg)
}

/// What one change did, for writing it and for the audit trail.
pub struct Edit {
    action: String,
    entity: &'static str,
    pub id: String,
    summary: String,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
}

impl Edit {
    fn new(action: &str, entity: &'static str, id: &str, summary: String) -> Edit {
        Edit {
            action: action.into(),
            entity,
            id: id.into(),
            summary,
            old: None,
            new: None,
        }
    }

    fn values<O: Serialize, N: Serialize>(mut self, old: Option<&O>, new: Option<&N>) -> Edit {
        self.old = old.map(|v| serde_json::to_value(v).expect("records serialize"));
        self.new = new.map(|v| serde_json::to_value(v).expect("records serialize"));
        self
    }

    fn saved<T: Serialize>(
        entity: &'static str,
        id: &str,
        name: &str,
        old: Option<&T>,
        new: &T,
    ) -> Edit {
        let (verb, zh) = if old.is_some() {
            ("update", "修改")
        } else {
            ("create", "新增")
        };
        Edit::new(
            &format!("{entity}.{verb}"),
            entity,
            id,
            format!("{zh}“{name}”"),
        )
        .values(old, Some(new))
    }
}

/// A record with an id of the document's own, kept in a list.
trait Record: Clone {
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
}

macro_rules! record {
    ($($t:ty),*) => {$(
        impl Record for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn set_id(&mut self, id: String) {
                self.id = id;
            }
        }
    )*};
}
record!(Person, Unit, Organization);

/// Replaces the record with the same id, or appends it (with a new id if
/// it has none). Returns the record it replaced, if any.
fn upsert<T: Record>(list: &mut Vec<T>, item: &mut T, prefix: &str) -> Result<Option<T>> {
    if item.id().is_empty() {
        item.set_id(next_id(list.iter().map(T::id), prefix)?);
    }
    Ok(match list.iter().position(|t| t.id() == item.id()) {
        Some(i) => Some(std::mem::replace(&mut list[i], item.clone())),
        None => {
            list.push(item.clone());
            None
        }
    })
}

/// `prefix` followed by one more than the largest number already used;
/// refused, never wrapped, past the largest number there is.
pub fn next_id<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> Result<String> {
    let max = largest_number(ids, prefix);
    let next = max.checked_add(1).ok_or_else(|| {
        Error::invalid(
            "",
            "id",
            format!("编号已用到最大值 {prefix}{max}，无法再编新号：请先把该记录改用较小的编号"),
        )
    })?;
    Ok(format!("{prefix}{next}"))
}

fn write_edit(tx: &Transaction, reg: &Registry, done: &Edit) -> Result<()> {
    match done.entity {
        "park" => rows::write_park(tx, &reg.park),
        "person" => rows::upsert_person(tx, reg.person(&done.id).expect("just saved")),
        "unit" => rows::upsert_unit(tx, reg.unit(&done.id).expect("just saved")),
        "organization" => rows::upsert_org(tx, reg.org(&done.id).expect("just saved")),
        "budget" => {
            let year: i32 = done.id.parse().expect("budget ids are years");
            let b = reg
                .budgets
                .iter()
                .find(|b| b.year == year)
                .expect("just set");
            rows::upsert_budget(tx, b)
        }
        "ledger" => rows::insert_entry(tx, reg.ledger.last().expect("just appended")),
        other => unreachable!("no writer for {other}"),
    }
}

/// How many records of each kind, for the audit of whole-registry changes.
fn counts(reg: &Registry) -> serde_json::Value {
    serde_json::json!({
        "park": reg.park.name,
        "people": reg.people.len(),
        "units": reg.units.len(),
        "organizations": reg.organizations.len(),
        "budgets": reg.budgets.len(),
        "ledger": reg.ledger.len(),
    })
}
