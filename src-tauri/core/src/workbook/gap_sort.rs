//! The gaps sheet in the order of `gaps::find_in` (severity, then name,
//! then code, then the order found) for more gaps than should be held in
//! memory: rows go into a private temporary SQLite database on disk, which
//! sorts them. (SQLite compares text bytewise, as Rust does.)

use super::{gap_row, Cell};
use crate::error::Result;
use crate::gaps::Gap;
use rusqlite::{params, Connection};

pub struct GapSort {
    conn: Connection,
    found: i64,
}

impl GapSort {
    pub fn new() -> Result<GapSort> {
        // An empty name: a private database deleted when closed.
        let conn = Connection::open("")?;
        conn.execute_batch(
            "PRAGMA temp_store = FILE; PRAGMA cache_size = -512;
             PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             CREATE TABLE gap (severity INTEGER, name TEXT, code INTEGER, found INTEGER,
                               c0 TEXT, c1 TEXT, c2 TEXT, c3 TEXT, c4 TEXT, c5 TEXT);
             BEGIN;",
        )?;
        Ok(GapSort { conn, found: 0 })
    }

    pub fn add(&mut self, gaps: &[Gap]) -> Result<()> {
        let mut insert = self
            .conn
            .prepare_cached("INSERT INTO gap VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
        for g in gaps {
            let row = gap_row(g);
            let text = |i: usize| match &row[i] {
                Cell::Text(s) => Some(s.as_str()),
                _ => None,
            };
            insert.execute(params![
                g.severity as u8,
                g.name,
                g.code as u8,
                self.found,
                text(0),
                text(1),
                text(2),
                text(3),
                text(4),
                text(5)
            ])?;
            self.found += 1;
        }
        Ok(())
    }

    /// Hands over every row in order.
    pub fn sorted(self, mut f: impl FnMut(&[Cell]) -> Result<()>) -> Result<()> {
        let mut select = self.conn.prepare(
            "SELECT c0, c1, c2, c3, c4, c5 FROM gap ORDER BY severity, name, code, found",
        )?;
        let mut rows = select.query([])?;
        while let Some(r) = rows.next()? {
            let mut cells = Vec::with_capacity(6);
            for i in 0..6 {
                let text: Option<String> = r.get(i)?;
                cells.push(text.map_or(Cell::Empty, Cell::Text));
            }
            f(&cells)?;
        }
        Ok(())
    }
}
