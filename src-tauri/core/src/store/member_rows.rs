//! Memberships to rows and back (the `membership` table, migration 8),
//! and the roster's personal facts that need reading in place.

use super::columns::{all, code, date, Take};
use crate::error::Result;
use crate::model::*;
use foldhash::HashMap;
use rusqlite::{params, Connection, Row};

/// The memberships of the people a read takes, by person.
pub fn read_memberships(conn: &Connection, take: Take) -> Result<HashMap<String, Membership>> {
    let chosen = match take {
        Take::All => "FROM membership t",
        Take::Wanted => "FROM temp.want_person w CROSS JOIN membership t ON t.person = w.id",
    };
    let rows = all(
        conn,
        &format!(
            "SELECT t.person, t.org, t.unit, t.joined_on, t.full_on, t.probation_extended_to,
                    t.relationship, t.arrived_on, t.lost_contact_on, t.stopped_on, t.left_on,
                    t.left_reason, t.approximate {chosen}"
        ),
        |r| {
            let approximate: String = r.get(12)?;
            Ok((
                r.get::<_, String>(0)?,
                Membership {
                    org: r.get(1)?,
                    unit: r.get(2)?,
                    joined_on: date(r, 3)?.expect("NOT NULL"),
                    full_on: date(r, 4)?,
                    probation_extended_to: date(r, 5)?,
                    relationship: code(r, 6)?,
                    arrived_on: date(r, 7)?,
                    lost_contact_on: date(r, 8)?,
                    stopped_on: date(r, 9)?,
                    left_on: date(r, 10)?,
                    left_reason: r
                        .get_ref(11)?
                        .as_str_or_null()?
                        .map(|_| code(r, 11))
                        .transpose()?,
                    approximate: approximate
                        .split(',')
                        .filter(|f| !f.is_empty())
                        .map(str::to_string)
                        .collect(),
                },
            ))
        },
    )?;
    Ok(rows.into_iter().collect())
}

/// The birth date in column `i` (`YYYY-MM-DD` or `YYYY-MM`), read in place.
pub fn birth_date(r: &Row, i: usize) -> rusqlite::Result<Option<BirthDate>> {
    r.get_ref(i)?
        .as_str_or_null()?
        .map(|t| {
            BirthDate::parse(t).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
            })
        })
        .transpose()
}

/// Writes, replaces or removes a person's membership.
pub fn write_membership(conn: &Connection, person: &str, m: Option<&Membership>) -> Result<()> {
    let Some(m) = m else {
        conn.prepare_cached("DELETE FROM membership WHERE person = ?1")?
            .execute([person])?;
        return Ok(());
    };
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    conn.prepare_cached(
        "INSERT OR REPLACE INTO membership (person, org, unit, joined_on, full_on,
             probation_extended_to, relationship, arrived_on, lost_contact_on, stopped_on,
             left_on, left_reason, approximate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        person,
        m.org,
        m.unit,
        m.joined_on.to_string(),
        iso(m.full_on),
        iso(m.probation_extended_to),
        code_of(&m.relationship),
        iso(m.arrived_on),
        iso(m.lost_contact_on),
        iso(m.stopped_on),
        iso(m.left_on),
        m.left_reason.as_ref().map(code_of),
        m.approximate.join(","),
    ])?;
    Ok(())
}
