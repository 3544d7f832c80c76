//! The SQLite store: opening (safely: a file that is not ours or is newer
//! than this program is never written to), migrations, and every change as
//! one transaction with one audit entry.

mod audit;
mod backup;
mod check;
mod rows;
mod slices;
mod snapshot;

pub use audit::AuditEntry;
pub use backup::{check_backup, refuse_registry_file, replace_damaged, BEFORE_IMPORT, KEEP_LATEST};
pub use check::CheckReport;
pub use rusqlite::Error as SqlError;
pub use slices::Parts;

use crate::document;
use crate::error::{Error, Result};
use crate::ledger::LedgerState;
use crate::model::*;
use crate::validate;
use crate::workbook::import::ImportPlan;
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
];

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

/// The database file the desktop program and the CLI share by default.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PARKREG_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    base.join(crate::APP_IDENTIFIER).join("registry.db")
}

/// Opens an existing file and reads its schema version without writing
/// to it, refusing files that are not SQLite or are newer than this
/// program.
fn open_existing_file(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let not_ours = |reason: String| Error::NotARegistry {
        path: path.to_path_buf(),
        reason,
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| not_ours(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let failed = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            Error::Busy
        }
        _ => not_ours(describe_sqlite_failure(&e)),
    };
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
    // Only an unversioned file needs its tables counted (which reads the
    // whole schema); ours carry a version from their first migration.
    if version == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(failed)?;
        if tables > 0 {
            return Err(not_ours("其中的表不是本程序建立的".into()));
        }
    }
    Ok(conn)
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
            // One connection both checks the file and serves it: nothing
            // is written before the check has passed.
            let conn = open_existing_file(path, OpenFlags::default())?;
            let read_only = std::fs::metadata(path)
                .map(|m| m.permissions().readonly())
                .unwrap_or(false);
            if read_only {
                return Err(Error::ReadOnly(path.to_path_buf()));
            }
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
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.write_tx()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
            self.changed();
        }
        audit::fill_missing_hashes(&self.conn)?;
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

    /// Replaces the whole content with `reg`, already checked by the caller
    /// (`document::from_json`) or built by the program (the sample park).
    pub fn replace(&mut self, reg: &Registry, action: &str, summary: &str) -> Result<()> {
        let tx = self.write_tx()?;
        let old = rows::read(&tx)?.map(|r| counts(&r));
        rows::replace_all(&tx, reg)?;
        audit::record(
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
        self.changed();
        Ok(())
    }

    /// Creates an empty registry for a park; refuses one that has content.
    pub fn init(&mut self, park_name: &str) -> Result<()> {
        if self.read()?.is_some() {
            return Err(Error::NotEmpty(self.path.clone()));
        }
        let reg = Registry::empty(Park::new(park_name));
        let problems = validate::registry(&reg);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
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
        let problems = validate::registry(&reg);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        write_edit(&tx, &reg, &done)?;
        audit::record(
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
        self.changed();
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
            let old = upsert(&mut reg.people, &mut person, "p");
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
            let old = upsert(&mut reg.units, &mut unit, "u");
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
            let old = upsert(&mut reg.organizations, &mut org, "o");
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

    /// Sets a year's budget; never below what the year has already paid.
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
                        crate::ledger::yuan(net),
                        crate::ledger::yuan(budget.amount_fen)
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
                    crate::ledger::yuan(budget.amount_fen)
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
                entry.id = next_id(reg.ledger.iter().map(|e| e.id.as_str()), "d");
            }
            let problems = LedgerState::of(reg).check(reg, &entry, today, "ledger");
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            let summary = match &entry.reverses {
                Some(r) => format!(
                    "冲销 {r}：{}（{}）",
                    crate::ledger::yuan(entry.amount_fen),
                    entry.note
                ),
                None => format!(
                    "支出 {}，凭证 {}",
                    crate::ledger::yuan(entry.amount_fen),
                    entry.voucher
                ),
            };
            reg.ledger.push(entry.clone());
            Ok(Edit::new("ledger.append", "ledger", &entry.id, summary)
                .values(None::<&()>, Some(&entry)))
        })?;
        Ok(done.id)
    }

    /// Applies a planned import (`workbook::import::plan`) in one
    /// transaction with one audit entry, after a backup that
    /// `undo_last_import` restores. `None` when the plan changes nothing.
    pub fn import_units(&mut self, plan: &ImportPlan, source: &str) -> Result<Option<PathBuf>> {
        if plan.added.is_empty() && plan.updated.is_empty() {
            return Ok(None);
        }
        self.verify()?;
        let backup = self.backup(BEFORE_IMPORT)?;
        let tx = self.write_tx()?;
        let current = rows::read(&tx)?.ok_or_else(|| Error::Empty(self.path.clone()))?;
        if current.units.len() + plan.added.len() != plan.registry.units.len() {
            return Err(Error::Busy);
        }
        for p in plan.registry.people.iter().skip(current.people.len()) {
            rows::upsert_person(&tx, p)?;
        }
        let index = plan.registry.index();
        for c in plan.added.iter().chain(&plan.updated) {
            rows::upsert_unit(&tx, index.unit(&c.id).expect("planned"))?;
        }
        let summary = format!(
            "从 {source} 导入单位：新增 {}，更新 {}，新增人员 {}",
            plan.added.len(),
            plan.updated.len(),
            plan.new_people.len()
        );
        audit::record(
            &tx,
            &self.who,
            "units.import",
            "registry",
            None,
            &summary,
            None,
            Some(&serde_json::to_value(plan).expect("serializes")),
        )?;
        tx.commit()?;
        self.changed();
        Ok(Some(backup))
    }

    /// Restores the backup taken before the last import.
    pub fn undo_last_import(&mut self) -> Result<PathBuf> {
        let src = self
            .newest_backup(BEFORE_IMPORT)
            .ok_or_else(|| Error::NotFound("可撤销的导入（没有导入前的备份）".into()))?;
        self.restore_from(&src, "units.import.undo", "撤销上一次导入")?;
        // Mark it used, so that a second undo does not restore it again.
        let used = src.with_extension("undone.db");
        std::fs::rename(&src, &used).map_err(|source| Error::Io {
            path: src.clone(),
            source,
        })?;
        Ok(used)
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
fn upsert<T: Record>(list: &mut Vec<T>, item: &mut T, prefix: &str) -> Option<T> {
    if item.id().is_empty() {
        item.set_id(next_id(list.iter().map(T::id), prefix));
    }
    match list.iter().position(|t| t.id() == item.id()) {
        Some(i) => Some(std::mem::replace(&mut list[i], item.clone())),
        None => {
            list.push(item.clone());
            None
        }
    }
}

/// `prefix` followed by one more than the largest number already used.
fn next_id<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> String {
    let max = ids
        .filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{}", max + 1)
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
