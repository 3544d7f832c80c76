//! Meeting records to rows and back (the `meeting` table, migration 7).

use super::columns::{all, code, date, Take};
use crate::error::Result;
use crate::model::*;
use rusqlite::{params, Connection};

/// The meetings in registry order; for a slice, those of the
/// organizations it answers for (each record is in one slice only).
pub fn read_meetings(conn: &Connection, take: Take) -> Result<Vec<Meeting>> {
    let chosen = match take {
        Take::All => "FROM meeting t ORDER BY t.rowid",
        Take::Wanted => {
            "FROM temp.want_org w CROSS JOIN meeting t ON t.org = w.id
             WHERE w.own = 1 ORDER BY t.rowid"
        }
    };
    all(
        conn,
        &format!(
            "SELECT t.id, t.org, t.kind, t.date, t.topic, t.expected, t.attended,
                    t.hours_tenths, t.host, t.note {chosen}"
        ),
        |r| {
            Ok(Meeting {
                id: r.get(0)?,
                org: r.get(1)?,
                kind: code(r, 2)?,
                date: date(r, 3)?.expect("NOT NULL"),
                topic: r.get(4)?,
                expected: r.get(5)?,
                attended: r.get(6)?,
                hours: Hours(r.get(7)?),
                host: r.get(8)?,
                note: r.get(9)?,
            })
        },
    )
}

pub fn upsert_meeting(conn: &Connection, m: &Meeting) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meeting (id, org, kind, date, topic, expected, attended, hours_tenths,
             host, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET org = ?2, kind = ?3, date = ?4, topic = ?5,
             expected = ?6, attended = ?7, hours_tenths = ?8, host = ?9, note = ?10",
    )?
    .execute(params![
        m.id,
        m.org,
        code_of(&m.kind),
        m.date.to_string(),
        m.topic,
        m.expected,
        m.attended,
        m.hours.0,
        m.host,
        m.note,
    ])?;
    Ok(())
}

pub fn delete_meeting(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM meeting WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
