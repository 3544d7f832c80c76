//! The schema a registry file must have: exactly what this program's
//! migrations make, tables, indexes and the ledger's append-only triggers
//! alike. A file that differs was not made by this program, or was changed
//! by hand.

use super::MIGRATIONS;
use crate::error::Result;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One schema object: its type and the SQL that made it.
type Objects = BTreeMap<String, (String, String)>;

/// The objects of the schema the migrations make at each version (index
/// 0 is version 1), made once per process in memory.
fn expected(version: i64) -> &'static Objects {
    static SCHEMAS: OnceLock<Vec<Objects>> = OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        let conn = Connection::open_in_memory().expect("an in-memory database opens");
        MIGRATIONS
            .iter()
            .map(|sql| {
                conn.execute_batch(sql).expect("the migrations apply");
                objects(&conn).expect("the schema reads")
            })
            .collect()
    });
    &all[(version - 1) as usize]
}

fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut stmt = conn.prepare(
        "SELECT name, type, coalesce(sql, '') FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    rows.collect()
}

/// The SQL of the schema's triggers (the ledger's append-only guards) as
/// this program makes them.
pub fn triggers() -> impl Iterator<Item = &'static str> {
    expected(MIGRATIONS.len() as i64)
        .values()
        .filter(|(kind, _)| kind == "trigger")
        .map(|(_, sql)| sql.as_str())
}

/// How the file's schema differs from version `version`'s, one line per
/// object; `tables_only` looks at the tables alone (is the file ours?).
pub fn differences(conn: &Connection, version: i64, tables_only: bool) -> Result<Vec<String>> {
    if version < 1 {
        return Ok(Vec::new());
    }
    let found = objects(conn)?;
    let wanted = expected(version);
    let kind_ok = |kind: &str| !tables_only || kind == "table";
    let mut out = Vec::new();
    for (name, (kind, sql)) in wanted.iter().filter(|(_, (k, _))| kind_ok(k)) {
        match found.get(name) {
            None => out.push(format!("缺少{} {name}", kind_zh(kind))),
            Some((k, s)) if k != kind || s != sql => {
                out.push(format!("{} {name} 的定义被改动过", kind_zh(kind)))
            }
            Some(_) => {}
        }
    }
    for (name, (kind, _)) in found.iter().filter(|(_, (k, _))| kind_ok(k)) {
        if !wanted.contains_key(name) {
            out.push(format!("多出{} {name}（不是本程序建立的）", kind_zh(kind)));
        }
    }
    Ok(out)
}

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "table" => "表",
        "index" => "索引",
        "trigger" => "触发器",
        "view" => "视图",
        _ => "对象",
    }
}
