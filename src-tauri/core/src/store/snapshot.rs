//! Derived figures kept between runs (the desktop's dashboard), each under
//! a key that names the registry state it was computed from: the newest
//! audit entry. Every change writes an audit entry in its own transaction,
//! so a change makes every kept figure stale, and a stale one is never
//! handed out.

use super::Store;
use crate::error::Result;
use rusqlite::{params, OptionalExtension};

impl Store {
    /// The registry state, as the newest audit entry's number and hash.
    pub fn state_key(&self) -> Result<String> {
        let head: Option<(i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(head.map_or_else(String::new, |(seq, hash)| {
            format!("{seq}:{}", hash.unwrap_or_default())
        }))
    }

    /// The figures kept as `name` for `key` in the registry's current state.
    pub fn snapshot(&self, name: &str, key: &str) -> Result<Option<String>> {
        let full = format!("{key}@{}", self.state_key()?);
        Ok(self
            .conn
            .query_row(
                "SELECT body FROM snapshot WHERE name = ?1 AND key = ?2",
                params![name, full],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Keeps `body` as `name` for `key` in registry state `state` (from
    /// `state_key` when the figures were read); nothing is kept if the
    /// registry has changed since.
    pub fn save_snapshot(&self, name: &str, key: &str, state: &str, body: &str) -> Result<()> {
        let tx = self.write_tx()?;
        if self.state_key()? == state {
            tx.execute(
                "INSERT OR REPLACE INTO snapshot (name, key, body) VALUES (?1, ?2, ?3)",
                params![name, format!("{key}@{state}"), body],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
