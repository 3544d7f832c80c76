//! The district's own SQLite file: the parks' submissions, each with its
//! figures, units and gaps, kept with the store's conventions (WAL,
//! synchronous FULL, migrations by `user_version`, one transaction and one
//! audit entry per change, a backup before each).

use super::read::{GapLine, Submission, UnitLine};
use super::submit::{json_error, read_all, store, Added};
use crate::error::{Error, Result};
use crate::model::code_of;
use crate::store::{audit, cipher, take_backup, Passphrase};
use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_district.sql"),
    include_str!("migrations/002_gap_subjects.sql"),
];

/// What the `meta` table says of a district file, so that no park
/// registry (nor any other database) is taken for one.
const KIND: &str = "parkreg-district";

pub struct District {
    pub(super) conn: Connection,
    path: PathBuf,
    /// The passphrase the file is protected by: only when asked for (it
    /// holds counts, not people).
    key: Option<Passphrase>,
    who: String,
}

/// A stored submission as the roll-up reads it.
pub(super) struct Stored {
    pub id: i64,
    pub park: String,
    pub district: String,
    pub as_of: NaiveDate,
    pub file: String,
    pub flags: Vec<String>,
    pub tally: crate::rules::coverage::Tally,
    pub money: crate::rules::ledger::YearTotals,
}

impl District {
    /// Creates the district file at `path` for the district called `name`;
    /// refuses a file that already holds anything.
    pub fn init(path: &Path, name: &str) -> Result<District> {
        District::init_with(path, name, None)
    }

    /// Creates the district file like `init`, protected by `key` if given.
    pub fn init_with(path: &Path, name: &str, key: Option<&Passphrase>) -> Result<District> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("", "--name", "区县名称不能为空"));
        }
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(Error::File {
                path: path.to_path_buf(),
                message: "文件已存在：区县文件只能新建在还没有的文件上".into(),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut d = District::connect(path, key)?;
        d.migrate()?;
        let tx = d.write_tx()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('kind', ?1), ('name', ?2)",
            params![KIND, name],
        )?;
        audit::record(
            &tx,
            &d.who,
            "init",
            "district",
            None,
            &format!("新建区县“{name}”"),
            None,
            None,
        )?;
        tx.commit()?;
        Ok(d)
    }

    /// Whether `path` is a district file, found without writing to it.
    #[must_use]
    pub fn is_district_file(path: &Path) -> bool {
        District::kind_of(path, None)
    }

    /// Whether `path` is a district file, read with `key` if it is protected.
    fn kind_of(path: &Path, key: Option<&Passphrase>) -> bool {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        let key = key.filter(|_| crate::store::is_protected(path));
        path.is_file()
            && Connection::open_with_flags(path, flags)
                .and_then(|c| {
                    cipher::key(&c, key)?;
                    c.query_row("SELECT value FROM meta WHERE key = 'kind'", [], |r| {
                        r.get::<_, String>(0)
                    })
                })
                .is_ok_and(|kind| kind == KIND)
    }

    /// Opens an existing district file; refuses anything else, untouched.
    pub fn open(path: &Path) -> Result<District> {
        District::open_with(path, None)
    }

    /// Opens like `open` a district file protected by `key` (a key is not
    /// used on a plain file). A wrong or missing passphrase is refused
    /// before anything is written.
    pub fn open_with(path: &Path, key: Option<&Passphrase>) -> Result<District> {
        if !path.is_file() {
            return Err(Error::File {
                path: path.to_path_buf(),
                message: "区县文件不存在：请先用 parkreg district init 新建".into(),
            });
        }
        let key = key.filter(|_| crate::store::is_protected(path));
        if !District::kind_of(path, key) && crate::store::is_protected(path) {
            return Err(match key {
                None => Error::PassphraseNeeded(path.to_path_buf()),
                Some(_) => Error::WrongPassphrase(path.to_path_buf()),
            });
        }
        if !District::kind_of(path, key) {
            return Err(Error::NotARegistry {
                path: path.to_path_buf(),
                reason: "不是区县文件（园区的登记簿请不带 district 打开）".into(),
            });
        }
        let mut d = District::connect(path, key)?;
        let version: i64 = d.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > MIGRATIONS.len() as i64 {
            return Err(Error::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: MIGRATIONS.len() as i64,
            });
        }
        d.migrate()?;
        Ok(d)
    }

    fn connect(path: &Path, key: Option<&Passphrase>) -> Result<District> {
        let conn = Connection::open(path)?;
        cipher::key(&conn, key)?;
        conn.busy_timeout(Duration::from_secs(3))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if mode != "wal" {
            return Err(Error::File {
                path: path.to_path_buf(),
                message: format!("无法使用预写日志（{mode}）"),
            });
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(District {
            conn,
            path: path.to_path_buf(),
            key: key.cloned(),
            who: crate::store::operator::current(),
        })
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > 0 && version < MIGRATIONS.len() as i64 {
            self.backup("before-migration")?;
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.write_tx()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    fn write_tx(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    fn backup(&self, reason: &str) -> Result<PathBuf> {
        take_backup(&self.conn, &self.path, self.key.as_ref(), reason)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The district's name.
    pub fn name(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'name'", [], |r| {
                r.get(0)
            })?)
    }

    /// Reads and stores each file, each on its own: a file refused stores
    /// nothing, and the others are stored all the same, in one transaction
    /// with an audit entry each, after one backup. The files are read on
    /// every core at once, and stored in the order given (of two files of
    /// one park and date, the later one stands).
    pub fn add(&mut self, files: &[PathBuf]) -> Result<Vec<(PathBuf, Added)>> {
        self.backup("before-add")?;
        let name = self.name()?;
        let tx = self.write_tx()?;
        let mut out: Vec<Option<Added>> = vec![None; files.len()];
        let mut failed = None;
        read_all(files, |i, read| {
            let added = match read.and_then(|s| store(&tx, &self.who, &name, &s)) {
                Ok(added) => added,
                Err(e @ Error::Sql(_)) => {
                    failed.get_or_insert(e);
                    return;
                }
                Err(e) => Added::Refused {
                    reason: e.to_string(),
                },
            };
            out[i] = Some(added);
        });
        if let Some(e) = failed {
            return Err(e);
        }
        tx.commit()?;
        Ok(files
            .iter()
            .cloned()
            .zip(out.into_iter().map(|a| a.expect("every file answered")))
            .collect())
    }

    /// Stores a submission already read (`read_submission`), as `add` does.
    pub fn add_submission(&mut self, s: &Submission) -> Result<Added> {
        let name = self.name()?;
        let tx = self.write_tx()?;
        let added = store(&tx, &self.who, &name, s)?;
        tx.commit()?;
        Ok(added)
    }

    /// Takes park `park` out of the district's figures (its submissions
    /// stay in the history); how many submissions that was.
    pub fn remove_park(&mut self, park: &str) -> Result<usize> {
        self.backup("before-remove")?;
        let tx = self.write_tx()?;
        let n = tx.execute(
            "UPDATE submission SET current = 0 WHERE park = ?1 AND current = 1",
            [park],
        )?;
        if n == 0 {
            return Err(Error::invalid(
                "",
                "--park",
                format!("区县中没有园区“{park}”"),
            ));
        }
        audit::record(
            &tx,
            &self.who,
            "remove",
            "park",
            Some(park),
            &format!("移除园区“{park}”（{n} 份报送留在历史中）"),
            None,
            None,
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// The current submissions, each park's in order of date.
    pub(super) fn current(&self) -> Result<Vec<Stored>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, park, district, as_of, file, flags, tally, money FROM submission
             WHERE current = 1 ORDER BY park, as_of",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, park, district, as_of, file, flags, tally, money) = row?;
            out.push(Stored {
                id,
                park,
                district,
                as_of: NaiveDate::parse_from_str(&as_of, "%Y-%m-%d")
                    .map_err(|e| Error::invalid("", "as_of", e.to_string()))?,
                file,
                flags: serde_json::from_str(&flags).map_err(json_error)?,
                tally: serde_json::from_str(&tally).map_err(json_error)?,
                money: serde_json::from_str(&money).map_err(json_error)?,
            });
        }
        Ok(out)
    }

    /// The uncovered units in scope of the submissions `ids`, each with
    /// its submission, in the order stored.
    pub(super) fn each_uncovered(
        &self,
        ids: &[i64],
        mut f: impl FnMut(i64, UnitLine),
    ) -> Result<()> {
        self.each_row(
            ids,
            "SELECT submission, name, credit_code, non_public FROM sub_unit WHERE status = 'none' ORDER BY rowid",
            |id, r| {
                f(
                    id,
                    UnitLine {
                        name: r.get(1)?,
                        credit_code: r.get(2)?,
                        status: Some(crate::model::Status::None),
                        non_public: r.get(3)?,
                    },
                );
                Ok(())
            },
        )
    }

    /// The name and credit code of every unit of the submissions `ids`:
    /// what the checks across parks compare.
    pub(super) fn each_name_and_code(
        &self,
        ids: &[i64],
        mut f: impl FnMut(i64, &str, Option<&str>),
    ) -> Result<()> {
        self.each_row(
            ids,
            "SELECT submission, name, credit_code FROM sub_unit",
            |id, r| {
                f(id, r.get_ref(1)?.as_str()?, r.get_ref(2)?.as_str_or_null()?);
                Ok(())
            },
        )
    }

    /// The gaps of the submissions `ids`, each with its submission, in the
    /// order stored.
    pub(super) fn each_gap(&self, ids: &[i64], mut f: impl FnMut(i64, GapLine)) -> Result<()> {
        let severities: Vec<(String, crate::model::Severity)> = [
            crate::model::Severity::Error,
            crate::model::Severity::Warning,
            crate::model::Severity::Info,
        ]
        .into_iter()
        .map(|s| (code_of(&s), s))
        .collect();
        self.each_row(
            ids,
            "SELECT submission, severity, code, name, message, unit, org FROM sub_gap ORDER BY rowid",
            |id, r| {
                let code = r.get_ref(1)?.as_str()?;
                let severity = (severities.iter())
                    .find(|(c, _)| c == code)
                    .map_or(crate::model::Severity::Info, |(_, s)| *s);
                f(
                    id,
                    GapLine {
                        severity,
                        code: r.get(2)?,
                        name: r.get(3)?,
                        message: r.get(4)?,
                        unit: r.get(5)?,
                        org: r.get(6)?,
                    },
                );
                Ok(())
            },
        )
    }

    /// Each row of `sql` (whose first column is the submission) that
    /// belongs to one of the submissions `ids`.
    fn each_row(
        &self,
        ids: &[i64],
        sql: &str,
        mut f: impl FnMut(i64, &rusqlite::Row) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if wanted.contains(&id) {
                f(id, r)?;
            }
        }
        Ok(())
    }
}
