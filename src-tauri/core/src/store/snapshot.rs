//! Derived figures kept between runs (the desktop's dashboard), each under
//! a key that names the registry state it was computed from: the newest
//! audit entry. Every change writes an audit entry in its own transaction,
//! so a change makes every kept figure stale, and a stale one is never
//! handed out. Figures are kept in memory first and written by
//! `save_snapshots`, so that computing them never waits for a write.

use super::Store;
use crate::error::Result;
use crate::model::Lang;
use crate::rules::facts::Facts;
use crate::views;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

/// A figure kept in memory, not yet written: (name, key@state, state, body).
pub(super) struct Unsaved {
    name: String,
    full_key: String,
    state: String,
    body: String,
}

impl Store {
    /// The dashboard as JSON. Kept for the registry's state, date, language
    /// and program version (in memory, and in the file once the caller calls
    /// `Store::save_snapshots`), so that the next start shows a large
    /// registry's dashboard without reading the registry.
    pub fn dashboard_json(&self, d: NaiveDate, lang: Lang) -> Result<String> {
        let key = format!("{d}|{lang:?}|{}", env!("CARGO_PKG_VERSION"));
        if let Some(kept) = self.snapshot("dashboard", &key)? {
            return Ok(kept);
        }
        let state = self.state_key()?;
        let reg = self.registry()?;
        let json = serde_json::to_string(&views::dashboard(&Facts::new(&reg, d), lang))
            .expect("the dashboard serializes");
        self.keep_snapshot("dashboard", &key, &state, json.clone());
        Ok(json)
    }

    /// The registry state, as the newest audit entry's number and hash.
    pub fn state_key(&self) -> Result<String> {
        Ok(super::audit::head(&self.conn)?.map_or_else(String::new, |h| h.to_string()))
    }

    /// The figures kept as `name` for `key` in the registry's current state.
    pub fn snapshot(&self, name: &str, key: &str) -> Result<Option<String>> {
        let full = format!("{key}@{}", self.state_key()?);
        let unsaved = self.unsaved.borrow();
        if let Some(u) = unsaved
            .iter()
            .find(|u| u.name == name && u.full_key == full)
        {
            return Ok(Some(u.body.clone()));
        }
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
    /// `state_key` when the figures were read), in memory until
    /// `save_snapshots`; those of other states are let go.
    pub fn keep_snapshot(&self, name: &str, key: &str, state: &str, body: String) {
        let mut unsaved = self.unsaved.borrow_mut();
        unsaved.retain(|u| u.state == state);
        unsaved.push(Unsaved {
            name: name.to_string(),
            full_key: format!("{key}@{state}"),
            state: state.to_string(),
            body,
        });
    }

    /// Writes the figures kept in memory into the file, for the next run,
    /// in place of those of earlier states (never handed out again); those
    /// of a state the registry has since left are dropped.
    pub fn save_snapshots(&self) -> Result<()> {
        let unsaved = std::mem::take(&mut *self.unsaved.borrow_mut());
        if unsaved.is_empty() {
            return Ok(());
        }
        let current = self.state_key()?;
        let fresh: Vec<Unsaved> = unsaved.into_iter().filter(|u| u.state == current).collect();
        if fresh.is_empty() {
            return Ok(());
        }
        let tx = self.write_tx()?;
        tx.execute(
            "DELETE FROM snapshot WHERE substr(key, instr(key, '@') + 1) <> ?1",
            [&current],
        )?;
        for u in &fresh {
            tx.execute(
                "INSERT OR REPLACE INTO snapshot (name, key, body) VALUES (?1, ?2, ?3)",
                params![u.name, u.full_key, u.body],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
