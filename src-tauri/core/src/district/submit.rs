//! Storing what was read: one submission with its audit entry, in the
//! caller's transaction, and the reading of many files on every core.

use super::read::{read_submission, GapLine, Submission, UnitLine};
use crate::error::{Error, Result};
use crate::model::code_of;
use crate::rules::gaps::date_zh;
use crate::store::audit;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};
use std::fmt::Write;
use std::path::PathBuf;

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

impl Added {
    /// What became of `file`, in a line for the clerk.
    #[must_use]
    pub fn line(&self, file: &str) -> String {
        match self {
            Added::Stored {
                park,
                as_of,
                replaced,
                flags,
            } => {
                let what = if *replaced { "已替换" } else { "已保存" };
                let mut line = format!("{file}：{what}“{park}”截至 {}", date_zh(*as_of));
                if !flags.is_empty() {
                    let _ = write!(line, "，有 {} 项标记：{}", flags.len(), flags.join("；"));
                }
                line
            }
            Added::Refused { reason } => format!("{file}：未保存，{reason}"),
        }
    }
}

pub(super) fn json_error(e: serde_json::Error) -> Error {
    Error::invalid("", "", format!("区县文件中的数据无法读取：{e}"))
}

/// Stores one submission with its audit entry, or refuses it (another
/// district's park) having written nothing.
pub(super) fn store(tx: &Transaction, who: &str, district: &str, s: &Submission) -> Result<Added> {
    let mut s = s.clone();
    if s.district != district {
        s.flags.push(format!(
            "工作簿写的所属区县是“{}”，不是本区县“{district}”：请核实是否报错了区县",
            s.district
        ));
    }
    // Of two exports of one date, the newer stands whatever the order
    // they arrive in; the older is kept in the history.
    let standing: Option<String> = tx
        .query_row(
            "SELECT exported_on FROM submission WHERE park = ?1 AND as_of = ?2 AND current = 1",
            params![s.park, s.as_of.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let older = standing
        .as_deref()
        .is_some_and(|on| on > s.exported_on.to_string().as_str());
    if older {
        s.flags.push(format!(
            "这份工作簿导出于 {}，早于已收到的同一统计日期的报送（导出于 {}）：保存在历史中，不替换",
            s.exported_on,
            standing.unwrap_or_default()
        ));
    }
    let s = &s;
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
    let replaced = !older
        && tx.execute(
            "UPDATE submission SET current = 0 WHERE park = ?1 AND as_of = ?2 AND current = 1",
            params![s.park, s.as_of.to_string()],
        )? > 0;
    tx.execute(
        "INSERT INTO submission (park, district, as_of, exported_on, file, digest, added_at, current, flags, tally, money)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?11, ?8, ?9, ?10)",
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
            !older,
        ],
    )?;
    let id = tx.last_insert_rowid();
    insert_units(tx, id, &s.units)?;
    insert_gaps(tx, id, &s.gaps)?;
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
        tx,
        who,
        "add",
        "submission",
        Some(&id.to_string()),
        &summary,
        None,
        Some(&new),
    )?;
    Ok(Added::Stored {
        park: s.park.clone(),
        as_of: s.as_of,
        replaced,
        flags: s.flags.clone(),
    })
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
        "INSERT INTO sub_gap (submission, severity, code, name, message, unit, org) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for g in gaps {
        stmt.execute(params![
            id,
            code_of(&g.severity),
            g.code,
            g.name,
            g.message,
            g.unit,
            g.org
        ])?;
    }
    Ok(())
}

/// A value kept as JSON text.
fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(json_error)
}

/// Reads `files` on every core, handing each result to `each` in the
/// order of `files` (a few read ahead, so memory stays small however many).
pub(super) fn read_all(files: &[PathBuf], mut each: impl FnMut(usize, Result<Submission>)) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel(workers * 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() || send.send((i, read_submission(&files[i]))).is_err() {
                    break;
                }
            });
        }
        drop(send);
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, read) in receive {
            waiting.insert(i, read);
            while let Some(read) = waiting.remove(&due) {
                each(due, read);
                due += 1;
            }
        }
    });
}
