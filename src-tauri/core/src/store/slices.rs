//! The registry in slices, for work that must not hold a very large
//! registry in memory at once (the streaming export). Each slice owns a run
//! of units, or of organizations, in registry order, and holds besides
//! them everything the rules consult about them (see `workbook::Slice`).
//! A second, read-only connection reads the slices on its own thread, one
//! part ahead of the work that consumes them.

use super::columns::Take;
use super::rows;
use super::Store;
use crate::error::{Error, Result};
use crate::exchange::workbook::{Part, Slice};
use crate::model::*;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// The ids a slice reads; `own` marks the records the slice answers for.
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
/// its parent), and the people named (own organizations' meeting hosts
/// included) and those on the roster of any unit taken (its member counts
/// when the park keeps a roster).
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
        WHERE o.secretary IS NOT NULL
    UNION SELECT m.host FROM temp.want_org w CROSS JOIN meeting m ON m.org = w.id
        WHERE w.own = 1 AND m.host IS NOT NULL
    UNION SELECT m.person FROM temp.want_unit w CROSS JOIN membership m ON m.unit = w.id;";

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
                own_people: 0,
            }));
        }
    }
}

/// What the reading thread hands over: the park and budgets (as a
/// registry without records), then the parts.
enum Read {
    Start(Registry),
    Part(Part<'static>),
}

/// The parts, as the reading thread hands them over.
pub struct Parts {
    from: Receiver<Result<Read>>,
}

impl Iterator for Parts {
    type Item = Result<Part<'static>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.from.recv().ok()? {
            Ok(Read::Part(part)) => Some(Ok(part)),
            Ok(Read::Start(_)) => unreachable!("the park comes first, once"),
            Err(e) => Some(Err(e)),
        }
    }
}

/// On the reading thread: the park and budgets, every slice, then the
/// ledger, all in one read transaction, so every part sees the same
/// registry even if another program writes meanwhile. Stops when the work
/// stops listening.
fn read_all(
    path: &std::path::Path,
    key: Option<&super::Passphrase>,
    size: usize,
    to: &SyncSender<Result<Read>>,
) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    super::cipher::key(&conn, key)?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Deferred)?;
    tx.execute_batch(SETUP)?;
    let park = rows::read_park(&tx)?.ok_or_else(|| Error::Empty(path.to_path_buf()))?;
    let park_keeps_roster = park.roster;
    let mut start = Registry::empty(park);
    start.budgets = rows::read_budgets(&tx)?;
    let send = |read: Result<Read>| to.send(read).is_ok();
    if !send(Ok(Read::Start(start))) {
        return Ok(());
    }
    if park_keeps_roster {
        // A member's gaps need all of it (the units, the organizations
        // and the people it names anywhere): one part, the whole registry.
        let whole = rows::read_taking(&tx, Take::All)?.ok_or(Error::Busy)?;
        let slice = Slice {
            own_units: whole.units.len(),
            own_orgs: whole.organizations.len(),
            own_people: whole.people.len(),
            reg: std::borrow::Cow::Owned(whole),
        };
        if !send(Ok(Read::Part(Part::Slice(Box::new(slice))))) {
            return Ok(());
        }
    } else {
        let reader = Reader {
            conn: &tx,
            size: size.max(1),
            table: "unit",
            after: 0,
        };
        for slice in reader {
            if !send(slice.map(|s| Read::Part(Part::Slice(Box::new(s))))) {
                return Ok(());
            }
        }
    }
    let mut after = 0;
    loop {
        let run = rows::ledger_items(&tx, after, size.max(1))?;
        let Some(&(last, _)) = run.last() else {
            return Ok(());
        };
        after = last;
        let items = run.into_iter().map(|(_, item)| item).collect();
        if !send(Ok(Read::Part(Part::Ledger(items)))) {
            return Ok(());
        }
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Slice<'static>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_slice().transpose()
    }
}

impl Store {
    /// Hands `work` the park and budgets (a registry without records) and
    /// the registry's parts: slices of `size` units, then of `size`
    /// organizations (or, for a park keeping its roster, the whole
    /// registry as one slice), then the ledger in runs of `size` entries;
    /// all as of one moment.
    pub fn read_in_parts<T>(
        &self,
        size: usize,
        work: impl FnOnce(&Registry, Parts) -> Result<T>,
    ) -> Result<T> {
        let (to, from) = sync_channel(1);
        let path = self.path.as_path();
        let key = self.key.as_ref();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                if let Err(e) = read_all(path, key, size, &to) {
                    let _ = to.send(Err(e));
                }
            });
            match from.recv() {
                Ok(Ok(Read::Start(start))) => work(&start, Parts { from }),
                Ok(Err(e)) => Err(e),
                Ok(Ok(Read::Part(_))) | Err(_) => unreachable!("the park comes first"),
            }
        })
    }
}
