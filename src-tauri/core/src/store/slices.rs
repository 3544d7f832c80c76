//! The registry in slices, for work that must not hold a very large
//! registry in memory at once (the streaming export). Each slice owns a run
//! of units, or of organizations, in registry order, and holds besides
//! them everything the rules consult about them (see `model::Slice`).
//! A second, read-only connection reads the slices on its own thread, one
//! slice ahead of the work that consumes them.

use super::rows::{self, Take};
use super::Store;
use crate::error::{Error, Result};
use crate::model::*;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// The ids a slice reads; `own` marks the records the slice answers for.
/// A few thousand ids: kept in memory, not in a temporary file.
const SETUP: &str = "
CREATE TEMP TABLE IF NOT EXISTS want_unit (id TEXT PRIMARY KEY, own INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS want_org (id TEXT PRIMARY KEY, own INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS want_person (id TEXT PRIMARY KEY);";

const CLEAR: &str = "
DELETE FROM temp.want_unit;
DELETE FROM temp.want_org;
DELETE FROM temp.want_person;";

/// Adds what the rules consult about the own records: the organizations
/// covering own units, every unit those organizations cover (their member
/// counts and statuses need all), their parents (a group's status needs
/// its parent), and the people named.
const COMPLETE: &str = "
INSERT OR IGNORE INTO temp.want_org (id, own)
    SELECT c.org, 0 FROM temp.want_unit w CROSS JOIN organization_unit c ON c.unit = w.id;
INSERT OR IGNORE INTO temp.want_unit (id, own)
    SELECT c.unit, 0 FROM temp.want_org w CROSS JOIN organization_unit c ON c.org = w.id;
INSERT OR IGNORE INTO temp.want_org (id, own)
    SELECT o.parent, 0 FROM temp.want_org w CROSS JOIN organization o ON o.id = w.id
    WHERE o.parent IS NOT NULL;
INSERT OR IGNORE INTO temp.want_person (id)
    SELECT u.commissioner FROM temp.want_unit w CROSS JOIN unit u ON u.id = w.id
        WHERE u.commissioner IS NOT NULL
    UNION SELECT u.instructor FROM temp.want_unit w CROSS JOIN unit u ON u.id = w.id
        WHERE u.instructor IS NOT NULL
    UNION SELECT o.secretary FROM temp.want_org w CROSS JOIN organization o ON o.id = w.id
        WHERE o.secretary IS NOT NULL;";

/// Reads slices of units, then slices of organizations.
struct Reader<'c> {
    conn: &'c Connection,
    size: usize,
    table: &'static str,
    /// The rowid of the last record handed out.
    after: i64,
}

impl Reader<'_> {
    fn next_slice(&mut self) -> Result<Option<Slice<'static>>> {
        loop {
            self.conn.execute_batch(CLEAR)?;
            let want = if self.table == "unit" {
                "want_unit"
            } else {
                "want_org"
            };
            let own = self.conn.execute(
                &format!(
                    "INSERT INTO temp.{want} (id, own)
                     SELECT id, 1 FROM {} WHERE rowid > ?1 ORDER BY rowid LIMIT ?2",
                    self.table
                ),
                rusqlite::params![self.after, self.size as i64],
            )?;
            if own == 0 {
                if self.table == "unit" {
                    (self.table, self.after) = ("organization", 0);
                    continue;
                }
                return Ok(None);
            }
            self.after = self.conn.query_row(
                &format!(
                    "SELECT max(t.rowid) FROM temp.{want} w CROSS JOIN {} t ON t.id = w.id",
                    self.table
                ),
                [],
                |r| r.get(0),
            )?;
            self.conn.execute_batch(COMPLETE)?;
            let reg = rows::read_taking(self.conn, Take::Wanted)?.ok_or(Error::Busy)?;
            let (own_units, own_orgs) = if self.table == "unit" {
                (own, 0)
            } else {
                (0, own)
            };
            return Ok(Some(Slice {
                reg: std::borrow::Cow::Owned(reg),
                own_units,
                own_orgs,
            }));
        }
    }
}

/// What the reading thread hands over: the money registry, then slices.
enum Read {
    Money(Registry),
    Slice(Slice<'static>),
}

/// The slices, as the reading thread hands them over.
pub struct Slices {
    from: Receiver<Result<Read>>,
}

impl Iterator for Slices {
    type Item = Result<Slice<'static>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.from.recv().ok()? {
            Ok(Read::Slice(slice)) => Some(Ok(slice)),
            Ok(Read::Money(_)) => unreachable!("the money registry comes first, once"),
            Err(e) => Some(Err(e)),
        }
    }
}

/// On the reading thread: the money registry, then every slice, all in one
/// read transaction, so every slice sees the same registry even if another
/// program writes meanwhile. Stops when the work stops listening.
fn read_all(path: &std::path::Path, size: usize, to: &SyncSender<Result<Read>>) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Deferred)?;
    tx.execute_batch(SETUP)?;
    tx.execute_batch(
        "INSERT OR IGNORE INTO temp.want_org (id, own)
         SELECT org, 0 FROM ledger WHERE org IS NOT NULL",
    )?;
    let mut money =
        rows::read_taking(&tx, Take::Wanted)?.ok_or_else(|| Error::Empty(path.to_path_buf()))?;
    money.ledger = rows::read_ledger(&tx, Take::All)?;
    if to.send(Ok(Read::Money(money))).is_err() {
        return Ok(());
    }
    let reader = Reader {
        conn: &tx,
        size: size.max(1),
        table: "unit",
        after: 0,
    };
    for slice in reader {
        if to.send(slice.map(Read::Slice)).is_err() {
            break;
        }
    }
    Ok(())
}

impl Iterator for Reader<'_> {
    type Item = Result<Slice<'static>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_slice().transpose()
    }
}

impl Store {
    /// Hands `work` the park, budgets and ledger (with the organizations the
    /// ledger names), and the registry in slices of `size` units, then of
    /// `size` organizations, all as of one moment.
    pub fn read_in_slices<T>(
        &self,
        size: usize,
        work: impl FnOnce(&Registry, Slices) -> Result<T>,
    ) -> Result<T> {
        let (to, from) = sync_channel(1);
        let path = self.path.as_path();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                if let Err(e) = read_all(path, size, &to) {
                    let _ = to.send(Err(e));
                }
            });
            match from.recv() {
                Ok(Ok(Read::Money(money))) => work(&money, Slices { from }),
                Ok(Err(e)) => Err(e),
                Ok(Ok(Read::Slice(_))) | Err(_) => unreachable!("the money registry comes first"),
            }
        })
    }
}
