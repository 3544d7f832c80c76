//! The district's own SQLite file: the parks' submissions, each with its
//! figures, units and gaps, kept with the store's conventions (WAL,
//! synchronous FULL, migrations by `user_version`, one transaction and one
//! audit entry per change, a backup before each).

use super::read::{read_submission, GapLine, Submission, UnitLine};
use crate::error::{Error, Result};
use crate::model::code_of;
use crate::store::{audit, take_backup};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

const MIGRATIONS: &[&str] = &[include_str!("migrations/001_district.sql")];

/// What the `meta` table says of a district file, so that no park
/// registry (nor any other database) is taken for one.
const KIND: &str = "parkreg-district";

pub struct District {
    pub(super) conn: Connection,
    path: PathBuf,
    who: String,
}

/// What became of one file given to `add`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Added {
    /// Stored; `replaced` when it took the place of the park's earlier
    /// submission of the same date.
    Stored {
        park: String,
        as_of: NaiveDate,
        replaced: bool,
        flags: Vec<String>,
    },
    Refused {
        reason: String,
    },
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

fn json_error(e: serde_json::Error) -> Error {
    Error::invalid("", "", format!("区县文件中的数据无法读取：{e}"))
}

impl District {
    /// Creates the district file at `path` for the district called `name`;
    /// refuses a file that already holds anything.
    pub fn init(path: &Path, name: &str) -> Result<District> {
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
        let mut d = District::connect(path)?;
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

    /// Opens an existing district file; refuses anything else.
    pub fn open(path: &Path) -> Result<District> {
        let not_ours = |reason: &str| Error::NotARegistry {
            path: path.to_path_buf(),
            reason: reason.into(),
        };
        if !path.is_file() {
            return Err(Error::File {
                path: path.to_path_buf(),
                message: "区县文件不存在：请先用 parkreg district init 新建".into(),
            });
        }
        let mut d = District::connect(path).map_err(|_| not_ours("不是 SQLite 数据库"))?;
        let version: i64 = d
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|_| not_ours("不是 SQLite 数据库"))?;
        if version > MIGRATIONS.len() as i64 {
            return Err(not_ours("由更新版本的程序建立，请升级本程序"));
        }
        let kind: Option<String> = d
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'kind'", [], |r| {
                r.get(0)
            })
            .optional()
            .unwrap_or(None);
        if kind.as_deref() != Some(KIND) {
            return Err(not_ours("不是区县文件（园区的登记簿请不带 district 打开）"));
        }
        d.migrate()?;
        Ok(d)
    }

    fn connect(path: &Path) -> Result<District> {
        let conn = Connection::open(path)?;
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
        take_backup(&self.conn, &self.path, reason)
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
    /// nothing, and the others are stored all the same. One backup first.
    pub fn add(&mut self, files: &[PathBuf]) -> Result<Vec<(PathBuf, Added)>> {
        self.backup("before-add")?;
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            let added = match read_submission(file).and_then(|s| self.store(&s)) {
                Ok(added) => added,
                Err(e) => Added::Refused {
                    reason: e.to_string(),
                },
            };
            out.push((file.clone(), added));
        }
        Ok(out)
    }

    /// Stores one submission in one transaction with its audit entry.
    fn store(&self, s: &Submission) -> Result<Added> {
        let tx = self.write_tx()?;
        let other: Option<String> = tx
            .query_row(
                "SELECT district FROM submission WHERE park = ?1 AND current = 1 AND district <> ?2 LIMIT 1",
                params![s.park, s.district],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Err(Error::invalid(
                &s.file,
                "所属区县",
                format!(
                    "园区“{}”已由“{other}”报送，这份工作簿写的是“{}”：同名园区不能属于两个区县，未保存",
                    s.park, s.district
                ),
            ));
        }
        let replaced = tx.execute(
            "UPDATE submission SET current = 0 WHERE park = ?1 AND as_of = ?2 AND current = 1",
            params![s.park, s.as_of.to_string()],
        )? > 0;
        tx.execute(
            "INSERT INTO submission (park, district, as_of, exported_on, file, digest, added_at, current, flags, tally, money)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10)",
            params![
                s.park,
                s.district,
                s.as_of.to_string(),
                s.exported_on.to_string(),
                s.file,
                s.digest,
                chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                to_json(&s.flags)?,
                to_json(&s.tally)?,
                to_json(&s.money)?,
            ],
        )?;
        let id = tx.last_insert_rowid();
        insert_units(&tx, id, &s.units)?;
        insert_gaps(&tx, id, &s.gaps)?;
        let summary = format!(
            "{}“{}”截至 {} 的报送（{}）{}",
            if replaced { "替换" } else { "收到" },
            s.park,
            s.as_of,
            s.file,
            if s.flags.is_empty() {
                String::new()
            } else {
                format!("，有 {} 项标记", s.flags.len())
            }
        );
        let new = serde_json::json!({"park": s.park, "as_of": s.as_of, "file": s.file, "digest": s.digest, "flags": s.flags});
        audit::record(
            &tx,
            &self.who,
            "add",
            "submission",
            Some(&id.to_string()),
            &summary,
            None,
            Some(&new),
        )?;
        tx.commit()?;
        Ok(Added::Stored {
            park: s.park.clone(),
            as_of: s.as_of,
            replaced,
            flags: s.flags.clone(),
        })
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

    /// The units of the submissions `ids`, each with its submission.
    pub(super) fn units_of(&self, ids: &[i64]) -> Result<Vec<(i64, UnitLine)>> {
        self.lines_of(
            ids,
            "SELECT submission, name, credit_code, status, non_public FROM sub_unit ORDER BY rowid",
            |r| {
                let status: Option<String> = r.get(3)?;
                Ok(UnitLine {
                    name: r.get(1)?,
                    credit_code: r.get(2)?,
                    status: status.and_then(|s| serde_json::from_value(s.into()).ok()),
                    non_public: r.get(4)?,
                })
            },
        )
    }

    /// The gaps of the submissions `ids`, each with its submission.
    pub(super) fn gaps_of(&self, ids: &[i64]) -> Result<Vec<(i64, GapLine)>> {
        self.lines_of(
            ids,
            "SELECT submission, severity, code, name, message FROM sub_gap ORDER BY rowid",
            |r| {
                let severity: String = r.get(1)?;
                Ok(GapLine {
                    severity: serde_json::from_value(severity.into())
                        .unwrap_or(crate::model::Severity::Info),
                    code: r.get(2)?,
                    name: r.get(3)?,
                    message: r.get(4)?,
                })
            },
        )
    }

    fn lines_of<T>(
        &self,
        ids: &[i64],
        sql: &str,
        line: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<(i64, T)>> {
        let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if wanted.contains(&id) {
                out.push((id, line(r)?));
            }
        }
        Ok(out)
    }
}

fn insert_units(tx: &Transaction, id: i64, units: &[UnitLine]) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO sub_unit (submission, name, credit_code, status, non_public) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for u in units {
        stmt.execute(params![
            id,
            u.name,
            u.credit_code,
            u.status.map(|s| code_of(&s)),
            u.non_public
        ])?;
    }
    Ok(())
}

fn insert_gaps(tx: &Transaction, id: i64, gaps: &[GapLine]) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO sub_gap (submission, severity, code, name, message) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for g in gaps {
        stmt.execute(params![id, code_of(&g.severity), g.code, g.name, g.message])?;
    }
    Ok(())
}

/// A value kept as JSON text.
fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(json_error)
}
