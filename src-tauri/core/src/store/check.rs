//! `parkreg check`: is the registry sound? SQLite's own integrity check,
//! the foreign keys, the audit trail's hash chain, and the ledger's rules
//! and balances.

use super::{audit, rows, Store};
use crate::error::Result;
use crate::{ledger, validate};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// What `PRAGMA integrity_check` found wrong (empty when "ok").
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    /// The first broken link of the audit chain: its number and what is wrong.
    pub audit_chain: Option<(i64, String)>,
    /// Input and money rules the stored registry breaks.
    pub registry: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.audit_chain.is_none()
            && self.registry.is_empty()
    }
}

impl Store {
    pub fn check(&self, today: NaiveDate) -> Result<CheckReport> {
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|line| line != "ok")
            .collect();
        let foreign_keys = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok(format!(
                    "表 {} 第 {} 行引用了不存在的 {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let audit_chain = audit::first_broken_link(&self.conn)?;
        let registry = match rows::read(&self.conn)? {
            Some(reg) => validate::registry(&reg)
                .into_iter()
                .chain(ledger::replay(&reg, today))
                .map(|p| p.to_string())
                .collect(),
            None => Vec::new(),
        };
        Ok(CheckReport {
            integrity,
            foreign_keys,
            audit_chain,
            registry,
        })
    }
}
