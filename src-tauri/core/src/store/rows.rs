//! Records to rows and back. Order is kept (rowid order) so that a loaded
//! document dumps back equal.

use super::columns::{all, code, date, Take};
use crate::error::Result;
use crate::model::*;
use crate::rules::ledger::LedgerItem;
use chrono::NaiveDate;
use foldhash::HashMap;
use rusqlite::{params, Connection, OptionalExtension, Row};

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub fn read_park(conn: &Connection) -> Result<Option<Park>> {
    Ok(conn
        .query_row(
            "SELECT name, district, min_employees, starter_fund_since, starter_fund_min_fen,
                    party_lecture_period, roster
             FROM park",
            [],
            |r| {
                Ok(Park {
                    name: r.get(0)?,
                    district: r.get(1)?,
                    min_employees: r.get(2)?,
                    starter_fund_since: date(r, 3)?.expect("NOT NULL"),
                    starter_fund_min_fen: r.get(4)?,
                    party_lecture_period: code(r, 5)?,
                    roster: r.get(6)?,
                })
            },
        )
        .optional()?)
}

pub fn read(conn: &Connection) -> Result<Option<Registry>> {
    read_taking(conn, Take::All)
}

pub fn read_taking(conn: &Connection, take: Take) -> Result<Option<Registry>> {
    let Some(park) = read_park(conn)? else {
        return Ok(None);
    };
    let mut memberships = super::member_rows::read_memberships(conn, take)?;
    let people = all(
        conn,
        &format!(
            "SELECT t.id, t.name, t.party_member, t.phone, t.unit_name, t.gender, t.ethnicity,
                    t.birth_date, t.id_number, t.education {}",
            take.choose("person", "id", "want_person", "t.rowid")
        ),
        |r| {
            let id: String = r.get(0)?;
            Ok(Person {
                membership: memberships.remove(&id),
                id,
                name: r.get(1)?,
                party_member: r.get(2)?,
                phone: r.get(3)?,
                unit_name: r.get(4)?,
                gender: r
                    .get_ref(5)?
                    .as_str_or_null()?
                    .map(|_| code(r, 5))
                    .transpose()?,
                ethnicity: r.get(6)?,
                birth_date: super::member_rows::birth_date(r, 7)?,
                id_number: r.get(8)?,
                education: r.get(9)?,
            })
        },
    )?;
    let units = all(
        conn,
        &format!(
            "SELECT t.id, t.name, t.kind, t.ownership, t.stage, t.credit_code, t.employees,
                    t.full_members, t.probationary_members, t.town, t.village, t.key_project,
                    t.commissioner, t.instructor, t.started_on, t.closed_on,
                    t.wholly_owned, t.legal_rep_member, t.legal_rep_secretary {}",
            take.choose("unit", "id", "want_unit", "t.rowid")
        ),
        |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: code(r, 2)?,
                ownership: code(r, 3)?,
                stage: code(r, 4)?,
                credit_code: r.get(5)?,
                employees: r.get(6)?,
                full_members: r.get(7)?,
                probationary_members: r.get(8)?,
                town: r.get(9)?,
                village: r.get(10)?,
                key_project: r.get(11)?,
                commissioner: r.get(12)?,
                instructor: r.get(13)?,
                started_on: date(r, 14)?,
                closed_on: date(r, 15)?,
                wholly_owned: r.get(16)?,
                legal_rep_member: r.get(17)?,
                legal_rep_secretary: r.get(18)?,
            })
        },
    )?;
    let mut covered: HashMap<String, Vec<String>> = HashMap::default();
    for (org, unit) in all(
        conn,
        &format!(
            "SELECT t.org, t.unit {}",
            take.choose("organization_unit", "org", "want_org", "t.org, t.position")
        ),
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )? {
        covered.entry(org).or_default().push(unit);
    }
    let mut organizations = all(
        conn,
        &format!(
            "SELECT t.id, t.name, t.kind, t.parent, t.founded_on, t.dissolved_on, t.approval_doc,
                    t.secretary, t.committee_size, t.last_election_on {}",
            take.choose("organization", "id", "want_org", "t.rowid")
        ),
        |r| {
            Ok(Organization {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: code(r, 2)?,
                parent: r.get(3)?,
                units: Vec::new(),
                founded_on: date(r, 4)?.expect("NOT NULL"),
                dissolved_on: date(r, 5)?,
                approval_doc: r.get(6)?,
                secretary: r.get(7)?,
                committee_size: r.get(8)?,
                last_election_on: date(r, 9)?,
            })
        },
    )?;
    for o in &mut organizations {
        o.units = covered.remove(&o.id).unwrap_or_default();
    }
    let budgets = read_budgets(conn)?;
    let ledger = read_ledger(conn, take)?;
    let meetings = super::meeting_rows::read_meetings(conn, take)?;
    Ok(Some(Registry {
        park,
        people,
        units,
        organizations,
        budgets,
        ledger,
        meetings,
    }))
}

pub fn read_budgets(conn: &Connection) -> Result<Vec<Budget>> {
    all(
        conn,
        "SELECT year, amount_fen, source FROM budget ORDER BY year",
        |r| {
            Ok(Budget {
                year: r.get(0)?,
                amount_fen: r.get(1)?,
                source: r.get(2)?,
            })
        },
    )
}

const LEDGER_COLUMNS: &str =
    "t.id, t.date, t.purpose, t.org, t.amount_fen, t.voucher, t.note, t.reverses";

/// A ledger entry from `LEDGER_COLUMNS` at the start of a row.
fn ledger_entry(r: &Row) -> rusqlite::Result<LedgerEntry> {
    Ok(LedgerEntry {
        id: r.get(0)?,
        date: date(r, 1)?.expect("NOT NULL"),
        purpose: code(r, 2)?,
        org: r.get(3)?,
        amount_fen: r.get(4)?,
        voucher: r.get(5)?,
        note: r.get(6)?,
        reverses: r.get(7)?,
    })
}

/// The ledger in order; for a slice, the entries of its organizations.
pub fn read_ledger(conn: &Connection, take: Take) -> Result<Vec<LedgerEntry>> {
    // In ledger order whatever the slice: a reversal follows its original.
    let chosen = match take {
        Take::All => "FROM ledger t ORDER BY t.seq",
        Take::Wanted => "FROM temp.want_org w CROSS JOIN ledger t ON t.org = w.id ORDER BY t.seq",
    };
    all(
        conn,
        &format!("SELECT {LEDGER_COLUMNS} {chosen}"),
        ledger_entry,
    )
}

/// Up to `limit` ledger items after entry number `after`, in ledger
/// order, with the entry number of the last.
pub fn ledger_items(conn: &Connection, after: i64, limit: usize) -> Result<Vec<(i64, LedgerItem)>> {
    all(
        conn,
        &format!(
            "SELECT {LEDGER_COLUMNS}, o.name, orig.date, rev.id, t.seq
             FROM ledger t
             LEFT JOIN organization o ON o.id = t.org
             LEFT JOIN ledger orig ON orig.id = t.reverses
             LEFT JOIN ledger rev ON rev.reverses = t.id
             WHERE t.seq > {after} ORDER BY t.seq LIMIT {limit}"
        ),
        |r| {
            Ok((
                r.get(11)?,
                LedgerItem {
                    entry: ledger_entry(r)?,
                    org_name: r.get(8)?,
                    original_date: date(r, 9)?,
                    reversed_by: r.get(10)?,
                },
            ))
        },
    )
}

/// Replaces every record. The ledger's append-only triggers are lifted for
/// this one transaction (a whole-registry replacement, itself audited) and
/// restored from their own stored definitions before it commits.
pub fn replace_all(conn: &Connection, reg: &Registry) -> Result<()> {
    let triggers = all(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger'",
        |r| r.get::<_, String>(0),
    )?;
    for name in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    conn.execute_batch(
        "DELETE FROM membership; DELETE FROM meeting; DELETE FROM ledger; DELETE FROM budget; DELETE FROM organization_unit;
         DELETE FROM organization; DELETE FROM unit; DELETE FROM person; DELETE FROM park;",
    )?;
    // Put back as this program makes them, whatever the file had.
    for sql in super::schema::triggers() {
        conn.execute_batch(sql)?;
    }
    write_park(conn, &reg.park)?;
    for p in &reg.people {
        upsert_person_row(conn, p)?;
    }
    for u in &reg.units {
        upsert_unit(conn, u)?;
    }
    for o in &reg.organizations {
        upsert_org(conn, o)?;
    }
    for b in &reg.budgets {
        upsert_budget(conn, b)?;
    }
    for e in &reg.ledger {
        insert_entry(conn, e)?;
    }
    for m in &reg.meetings {
        super::meeting_rows::upsert_meeting(conn, m)?;
    }
    // Memberships name units and organizations: written after them.
    for p in &reg.people {
        super::member_rows::write_membership(conn, &p.id, p.membership.as_ref())?;
    }
    Ok(())
}

pub fn write_park(conn: &Connection, p: &Park) -> Result<()> {
    conn.execute(
        "INSERT INTO park (id, name, district, min_employees, starter_fund_since,
             starter_fund_min_fen, party_lecture_period, roster)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET name = ?1, district = ?2, min_employees = ?3,
             starter_fund_since = ?4, starter_fund_min_fen = ?5, party_lecture_period = ?6,
             roster = ?7",
        params![
            p.name,
            p.district,
            p.min_employees,
            p.starter_fund_since.to_string(),
            p.starter_fund_min_fen,
            code_of(&p.party_lecture_period),
            p.roster,
        ],
    )?;
    Ok(())
}

/// Writes a person and their membership.
pub fn upsert_person(conn: &Connection, p: &Person) -> Result<()> {
    upsert_person_row(conn, p)?;
    super::member_rows::write_membership(conn, &p.id, p.membership.as_ref())
}

fn upsert_person_row(conn: &Connection, p: &Person) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO person (id, name, party_member, phone, unit_name, gender, ethnicity,
             birth_date, id_number, education)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET name = ?2, party_member = ?3, phone = ?4, unit_name = ?5,
             gender = ?6, ethnicity = ?7, birth_date = ?8, id_number = ?9, education = ?10",
    )?
    .execute(params![
        p.id,
        p.name,
        p.party_member,
        p.phone,
        p.unit_name,
        p.gender.as_ref().map(code_of),
        p.ethnicity,
        p.birth_date.map(|b| b.to_string()),
        p.id_number,
        p.education,
    ])?;
    Ok(())
}

pub fn upsert_unit(conn: &Connection, u: &Unit) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO unit (id, name, kind, ownership, stage, credit_code, employees, full_members,
             probationary_members, town, village, key_project, commissioner, instructor,
             started_on, closed_on, wholly_owned, legal_rep_member, legal_rep_secretary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19)
         ON CONFLICT (id) DO UPDATE SET name = ?2, kind = ?3, ownership = ?4, stage = ?5,
             credit_code = ?6, employees = ?7, full_members = ?8, probationary_members = ?9,
             town = ?10, village = ?11, key_project = ?12, commissioner = ?13, instructor = ?14,
             started_on = ?15, closed_on = ?16, wholly_owned = ?17, legal_rep_member = ?18,
             legal_rep_secretary = ?19",
    )?
    .execute(params![
        u.id,
        u.name,
        code_of(&u.kind),
        code_of(&u.ownership),
        code_of(&u.stage),
        u.credit_code,
        u.employees,
        u.full_members,
        u.probationary_members,
        u.town,
        u.village,
        u.key_project,
        u.commissioner,
        u.instructor,
        iso(u.started_on),
        iso(u.closed_on),
        u.wholly_owned,
        u.legal_rep_member,
        u.legal_rep_secretary,
    ])?;
    Ok(())
}

pub fn upsert_org(conn: &Connection, o: &Organization) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO organization (id, name, kind, parent, founded_on, dissolved_on, approval_doc,
             secretary, committee_size, last_election_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET name = ?2, kind = ?3, parent = ?4, founded_on = ?5,
             dissolved_on = ?6, approval_doc = ?7, secretary = ?8, committee_size = ?9,
             last_election_on = ?10",
    )?
    .execute(params![
        o.id,
        o.name,
        code_of(&o.kind),
        o.parent,
        o.founded_on.to_string(),
        iso(o.dissolved_on),
        o.approval_doc,
        o.secretary,
        o.committee_size,
        iso(o.last_election_on),
    ])?;
    conn.prepare_cached("DELETE FROM organization_unit WHERE org = ?1")?
        .execute([&o.id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO organization_unit (org, unit, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, u) in o.units.iter().enumerate() {
        insert.execute(params![o.id, u, i as i64])?;
    }
    Ok(())
}

/// Deletes the row of a person, unit or organization (an organization's
/// covered units go with it); `table` is one of those three, never the
/// caller's text.
pub fn delete_record(conn: &Connection, table: &'static str, id: &str) -> Result<()> {
    let sql = match table {
        "person" => "DELETE FROM person WHERE id = ?1",
        "unit" => "DELETE FROM unit WHERE id = ?1",
        "organization" => "DELETE FROM organization WHERE id = ?1",
        other => unreachable!("no rows of {other} are deleted"),
    };
    if table == "organization" {
        conn.prepare_cached("DELETE FROM organization_unit WHERE org = ?1")?
            .execute([id])?;
    }
    if table == "person" {
        conn.prepare_cached("DELETE FROM membership WHERE person = ?1")?
            .execute([id])?;
    }
    conn.prepare_cached(sql)?.execute([id])?;
    Ok(())
}

pub fn upsert_budget(conn: &Connection, b: &Budget) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO budget (year, amount_fen, source) VALUES (?1, ?2, ?3)
         ON CONFLICT (year) DO UPDATE SET amount_fen = ?2, source = ?3",
    )?
    .execute(params![b.year, b.amount_fen, b.source])?;
    Ok(())
}

pub fn insert_entry(conn: &Connection, e: &LedgerEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO ledger (id, date, purpose, org, amount_fen, voucher, note, reverses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.id,
        e.date.to_string(),
        code_of(&e.purpose),
        e.org,
        e.amount_fen,
        e.voucher,
        e.note,
        e.reverses,
    ])?;
    Ok(())
}
