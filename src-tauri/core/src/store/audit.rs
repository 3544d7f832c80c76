//! The audit trail: who changed what, when, from which value to which.

use crate::error::Result;
use crate::model::{AuditEntry, Head};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The fields an entry's hash covers, as stored.
struct Stored {
    seq: i64,
    at: String,
    who: String,
    action: String,
    entity: String,
    entity_id: Option<String>,
    summary: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

impl Stored {
    /// SHA-256 over every field (length-prefixed, so no two different
    /// entries hash alike by shifting text between fields) and `prev`.
    fn hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        let fields = [
            self.seq.to_string(),
            self.at.clone(),
            self.who.clone(),
            self.action.clone(),
            self.entity.clone(),
            self.entity_id.clone().unwrap_or_else(|| "\u{0}".into()),
            self.summary.clone(),
            self.old_value.clone().unwrap_or_else(|| "\u{0}".into()),
            self.new_value.clone().unwrap_or_else(|| "\u{0}".into()),
            prev.to_string(),
        ];
        for f in fields {
            h.update((f.len() as u64).to_le_bytes());
            h.update(f.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The hash of the chain's first link's predecessor.
const GENESIS: &str = "";

/// An audit row's stored fields, from the columns `seq` … `new_value`.
fn stored(r: &rusqlite::Row) -> rusqlite::Result<Stored> {
    Ok(Stored {
        seq: r.get(0)?,
        at: r.get(1)?,
        who: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        summary: r.get(6)?,
        old_value: r.get(7)?,
        new_value: r.get(8)?,
    })
}

fn stored_rows(conn: &Connection) -> rusqlite::Result<Vec<(Stored, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, who, action, entity, entity_id, summary, old_value, new_value, hash
         FROM audit ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| Ok((stored(r)?, r.get(9)?)))?;
    rows.collect()
}

/// The newest entry, or `None` while there is none.
pub fn head(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .query_row(
            "SELECT seq, coalesce(hash, '') FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok(Head {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// The stored hash of entry `seq`, if there is such an entry.
pub fn hash_at(conn: &Connection, seq: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT coalesce(hash, '') FROM audit WHERE seq = ?1",
            [seq],
            |r| r.get(0),
        )
        .optional()?)
}

/// Gives entries written before the hash chain existed their hashes: only
/// when migrating to the version that brought the chain, never later (a
/// hash emptied afterwards is tampering, and `check` says so).
pub fn fill_missing_hashes(conn: &Connection) -> Result<()> {
    let missing: i64 =
        conn.query_row("SELECT count(*) FROM audit WHERE hash IS NULL", [], |r| {
            r.get(0)
        })?;
    if missing == 0 {
        return Ok(());
    }
    let mut prev = GENESIS.to_string();
    for (row, hash) in stored_rows(conn)? {
        let h = match hash {
            Some(h) => h,
            None => {
                let h = row.hash(&prev);
                conn.execute(
                    "UPDATE audit SET hash = ?1 WHERE seq = ?2",
                    params![h, row.seq],
                )?;
                h
            }
        };
        prev = h;
    }
    Ok(())
}

/// The first audit entry whose hash does not match its content and its
/// predecessor: `None` when the whole chain holds.
pub fn first_broken_link(conn: &Connection) -> Result<Option<(i64, String)>> {
    let mut prev = GENESIS.to_string();
    let mut expected_seq = None;
    for (row, hash) in stored_rows(conn)? {
        if let Some(seq) = expected_seq {
            if row.seq != seq {
                return Ok(Some((
                    row.seq,
                    format!("第 {seq} 条记录缺失（下一条是第 {} 条）", row.seq),
                )));
            }
        }
        let h = row.hash(&prev);
        if hash.as_deref() != Some(h.as_str()) {
            return Ok(Some((
                row.seq,
                format!(
                    "第 {} 条记录（{}，{}）的内容与其校验值不符：记录被改动过",
                    row.seq, row.at, row.summary
                ),
            )));
        }
        expected_seq = Some(row.seq + 1);
        prev = h;
    }
    Ok(None)
}

/// Appends one entry to the chain; returns the new head.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &Connection,
    who: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    summary: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<Head> {
    let (seq, prev) = match head(conn)? {
        Some(h) => (h.seq + 1, h.hash),
        None => (1, GENESIS.to_string()),
    };
    let row = Stored {
        seq,
        at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        who: who.into(),
        action: action.into(),
        entity: entity.into(),
        entity_id: entity_id.map(String::from),
        summary: summary.into(),
        old_value: old.map(Value::to_string),
        new_value: new.map(Value::to_string),
    };
    let hash = row.hash(&prev);
    conn.execute(
        "INSERT INTO audit (seq, at, who, action, entity, entity_id, summary, old_value, new_value, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            row.seq,
            row.at,
            row.who,
            row.action,
            row.entity,
            row.entity_id,
            row.summary,
            row.old_value,
            row.new_value,
            hash
        ],
    )?;
    Ok(Head { seq, hash })
}

/// Notes that entry `seq` is also about the records `ids` of `entity`, so
/// that their histories show it (an import changes many units at once).
pub fn record_subjects<'a>(
    conn: &Connection,
    seq: i64,
    entity: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut stmt = conn
        .prepare("INSERT INTO audit_subject (audit_seq, entity, entity_id) VALUES (?1, ?2, ?3)")?;
    for id in ids {
        stmt.execute(params![seq, entity, id])?;
    }
    Ok(())
}

/// The newest entry recording any of `actions`, if any.
pub fn last_of(conn: &Connection, actions: &[&str]) -> Result<Option<AuditEntry>> {
    let list = serde_json::Value::from(actions).to_string();
    let mut found = select(
        conn,
        "WHERE action IN (SELECT value FROM json_each(?1)) ORDER BY seq DESC LIMIT 1",
        params![list],
    )?;
    Ok(found.pop())
}

/// The entries after entry `seq`, oldest first.
pub fn after(conn: &Connection, seq: i64) -> Result<Vec<AuditEntry>> {
    select(conn, "WHERE seq > ?1 ORDER BY seq", params![seq])
}

/// Which audit entries to list: about one entity kind (and one record),
/// and containing some text; empty strings match everything.
#[derive(Default)]
pub struct Filter<'a> {
    pub entity: &'a str,
    pub id: &'a str,
    pub text: &'a str,
}

pub fn newest(conn: &Connection, limit: usize, f: Filter) -> Result<Vec<AuditEntry>> {
    select(
        conn,
        "WHERE (?1 = '' OR entity = ?1 AND (?2 = '' OR entity_id = ?2)
                OR ?2 != '' AND seq IN (SELECT audit_seq FROM audit_subject
                                        WHERE entity = ?1 AND entity_id = ?2))
           AND (?3 = '' OR instr(summary || ' ' || action || ' ' || who || ' '
                || coalesce(new_value, '') || ' ' || coalesce(old_value, ''), ?3) > 0)
         ORDER BY seq DESC LIMIT ?4",
        params![f.entity, f.id, f.text, limit as i64],
    )
}

/// The entries that `condition` (a WHERE clause and its order) selects.
fn select(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, at, who, action, entity, entity_id, summary, old_value, new_value FROM audit
         {condition}"
    ))?;
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let rows = stmt.query_map(params, |r| {
        let s = stored(r)?;
        Ok(AuditEntry {
            seq: s.seq,
            at: s.at,
            who: s.who,
            action: s.action,
            entity: s.entity,
            entity_id: s.entity_id,
            summary: s.summary,
            old_value: json(s.old_value),
            new_value: json(s.new_value),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
