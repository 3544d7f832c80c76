//! The audit trail: who changed what, when, from which value to which.

use crate::error::Result;
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    /// Local time with offset, RFC 3339.
    pub at: String,
    pub who: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub summary: String,
    pub old_value: Option<Value>,
    pub new_value: Option<Value>,
}

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
) -> Result<()> {
    let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    conn.execute(
        "INSERT INTO audit (at, who, action, entity, entity_id, summary, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            at,
            who,
            action,
            entity,
            entity_id,
            summary,
            old.map(Value::to_string),
            new.map(Value::to_string)
        ],
    )?;
    Ok(())
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
    let mut stmt = conn.prepare(
        "SELECT seq, at, who, action, entity, entity_id, summary, old_value, new_value FROM audit
         WHERE (?1 = '' OR entity = ?1) AND (?2 = '' OR entity_id = ?2)
           AND (?3 = '' OR instr(summary || ' ' || action || ' ' || who || ' '
                || coalesce(new_value, '') || ' ' || coalesce(old_value, ''), ?3) > 0)
         ORDER BY seq DESC LIMIT ?4",
    )?;
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let rows = stmt.query_map(params![f.entity, f.id, f.text, limit as i64], |r| {
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            who: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            summary: r.get(6)?,
            old_value: json(r.get(7)?),
            new_value: json(r.get(8)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
