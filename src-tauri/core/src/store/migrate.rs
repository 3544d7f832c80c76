//! Bringing a file's schema to this program's version, with the backup
//! each migration takes first.

use super::{audit, Store};
use crate::error::{Error, Result};

/// The migrations, in order; migration i brings the schema to version i + 1.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_schema.sql"),
    include_str!("migrations/002_audit_hash_chain.sql"),
    include_str!("migrations/003_ledger_by_org.sql"),
    include_str!("migrations/004_snapshot.sql"),
    include_str!("migrations/005_audit_subject.sql"),
    include_str!("migrations/006_ownership.sql"),
    include_str!("migrations/007_meetings.sql"),
    include_str!("migrations/008_members.sql"),
];

/// The migration that brought the audit hash chain: entries written
/// before it get their hashes then, and only then.
const HASH_CHAIN_MIGRATION: usize = 1;

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

impl Store {
    pub(super) fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > 0 && version < SCHEMA_VERSION {
            self.verify()?;
            self.backup(&format!("before-migration-v{version}"))?;
        }
        // A migration may rebuild a table others refer to: foreign keys
        // are off while it runs (SQLite's own procedure) and checked before
        // it commits.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let migrated = self.apply_migrations(version);
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        migrated
    }

    fn apply_migrations(&mut self, version: i64) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.write_tx()?;
            tx.execute_batch(sql)?;
            if i == HASH_CHAIN_MIGRATION {
                audit::fill_missing_hashes(&tx)?;
            }
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                return Err(Error::NotARegistry {
                    path: self.path.clone(),
                    reason: format!("升级到第 {} 版时发现 {broken} 处引用不存在的记录", i + 1),
                });
            }
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
            self.changed();
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
