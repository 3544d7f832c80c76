//! The gaps sheet in the order of `gaps::find_in` (severity, then name,
//! then code, then the order found). Rows are held in memory and sorted
//! there while they are few; past `HOLD_AT_MOST` they go into a private
//! temporary SQLite database on disk, which sorts them, so that memory
//! stays bounded however many gaps a registry has. (SQLite compares text
//! bytewise, as Rust does, so both give one order.)

use super::{gap_row, Cell};
use crate::error::Result;
use crate::rules::gaps::Gap;
use rusqlite::{params, Connection};

/// Rows held in memory before they go to disk: a few megabytes.
const HOLD_AT_MOST: usize = 20_000;

/// A row with what it is sorted by: severity, name, code, order found.
type Held = ((u8, String, u8, i64), Vec<Cell>);

pub struct GapSort {
    held: Vec<Held>,
    hold_at_most: usize,
    /// The database and its private folder (removed after it closes).
    disk: Option<(Connection, tempfile::TempDir)>,
    found: i64,
}

impl GapSort {
    pub fn new() -> GapSort {
        GapSort::holding(HOLD_AT_MOST)
    }

    fn holding(hold_at_most: usize) -> GapSort {
        GapSort {
            held: Vec::new(),
            hold_at_most,
            disk: None,
            found: 0,
        }
    }

    pub fn add(&mut self, gaps: &[Gap]) -> Result<()> {
        for g in gaps {
            let key = (g.severity as u8, g.name.clone(), g.code as u8, self.found);
            self.found += 1;
            self.held.push((key, gap_row(g)));
        }
        if self.disk.is_some() || self.held.len() > self.hold_at_most {
            self.spill()?;
        }
        Ok(())
    }

    /// Moves the held rows to the database on disk.
    fn spill(&mut self) -> Result<()> {
        if self.disk.is_none() {
            // A private folder removed when done, and a database in it
            // encrypted by a key of this run only (the rows name units and
            // organizations of a registry that may be protected).
            let dir = tempfile::Builder::new()
                .prefix("parkreg-gaps-")
                .tempdir()
                .map_err(|source| crate::Error::Io {
                    path: std::env::temp_dir(),
                    source,
                })?;
            let conn = Connection::open(dir.path().join("gaps.db"))?;
            let key: String = conn.query_row("SELECT hex(randomblob(32))", [], |r| r.get(0))?;
            conn.pragma_update(None, "key", &key)?;
            conn.execute_batch(
                "PRAGMA temp_store = FILE; PRAGMA cache_size = -512;
                 PRAGMA journal_mode = OFF;
                 PRAGMA synchronous = OFF;
                 CREATE TABLE gap (severity INTEGER, name TEXT, code INTEGER, found INTEGER,
                                   c0 TEXT, c1 TEXT, c2 TEXT, c3 TEXT, c4 TEXT, c5 TEXT,
                                   c6 TEXT);
                 BEGIN;",
            )?;
            self.disk = Some((conn, dir));
        }
        let (conn, _) = self.disk.as_ref().expect("opened above");
        let mut insert = conn.prepare_cached(
            "INSERT INTO gap VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for ((severity, name, code, found), row) in self.held.drain(..) {
            let text = |i: usize| match &row[i] {
                Cell::Text(s) => Some(s.as_str()),
                _ => None,
            };
            insert.execute(params![
                severity,
                name,
                code,
                found,
                text(0),
                text(1),
                text(2),
                text(3),
                text(4),
                text(5),
                text(6)
            ])?;
        }
        Ok(())
    }

    /// Hands over every row in order.
    pub fn sorted(mut self, mut f: impl FnMut(&[Cell]) -> Result<()>) -> Result<()> {
        let Some((conn, _)) = &self.disk else {
            self.held.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            return self.held.iter().try_for_each(|(_, row)| f(row));
        };
        let mut select = conn.prepare(
            "SELECT c0, c1, c2, c3, c4, c5, c6 FROM gap ORDER BY severity, name, code, found",
        )?;
        let mut rows = select.query([])?;
        while let Some(r) = rows.next()? {
            let mut cells = Vec::with_capacity(7);
            for i in 0..7 {
                let text: Option<String> = r.get(i)?;
                cells.push(text.map_or(Cell::Empty, Cell::Text));
            }
            f(&cells)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::rules::facts::Facts;
    use crate::rules::gaps;
    use chrono::NaiveDate;

    /// Held, spilled at once, or spilled part way, the rows come out in
    /// the full gap list's order, ties (one name, one code) in the order
    /// found.
    #[test]
    fn memory_and_disk_give_the_full_list_s_order() {
        let mut reg = crate::samples::synthetic::registry(300, 5);
        for (i, u) in reg.units.iter_mut().enumerate() {
            u.name = format!("同名单位{}", i % 4);
        }
        let facts = Facts::new(&reg, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        let expected: Vec<Vec<Cell>> = gaps::find_in(&facts, Lang::Zh)
            .iter()
            .map(gap_row)
            .collect();
        assert!(expected.len() > 100, "{}", expected.len());
        for hold_at_most in [0, 1, 50, expected.len() - 1, expected.len(), HOLD_AT_MOST] {
            let mut sort = GapSort::holding(hold_at_most);
            for u in 0..reg.units.len() {
                sort.add(&gaps::unit_gaps(&facts, u, Lang::Zh)).unwrap();
            }
            for o in 0..reg.organizations.len() {
                sort.add(&gaps::org_gaps(&facts, o, Lang::Zh)).unwrap();
            }
            assert_eq!(sort.disk.is_some(), hold_at_most < expected.len());
            let mut out = Vec::new();
            sort.sorted(|row| {
                out.push(row.to_vec());
                Ok(())
            })
            .unwrap();
            assert_eq!(out, expected, "holding at most {hold_at_most}");
        }
    }

    /// The spilled rows never stand in plain text in a file.
    #[test]
    fn spilled_rows_are_encrypted_on_disk() {
        let mut reg = crate::samples::synthetic::registry(2000, 5);
        for (i, u) in reg.units.iter_mut().enumerate() {
            u.name = format!("PLAINTEXTMARKER单位{i}");
        }
        let facts = Facts::new(&reg, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        let mut sort = GapSort::holding(0);
        for u in 0..reg.units.len() {
            sort.add(&gaps::unit_gaps(&facts, u, Lang::Zh)).unwrap();
        }
        let (conn, dir) = sort.disk.as_ref().unwrap();
        conn.execute_batch("COMMIT; PRAGMA cache_size = 0; BEGIN;")
            .unwrap();
        let bytes = std::fs::read(dir.path().join("gaps.db")).unwrap();
        assert!(bytes.len() > 100_000, "{} bytes on disk", bytes.len());
        assert!(!bytes.windows(15).any(|w| w == b"PLAINTEXTMARKER"));
        let folder = dir.path().to_path_buf();
        drop(sort);
        assert!(!folder.exists(), "the private folder goes with the sort");
    }
}
