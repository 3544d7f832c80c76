//! `parkreg check`: is the registry sound? SQLite's own integrity check,
//! the foreign keys, the schema (triggers included), the audit trail's hash
//! chain and its anchors (the file beside the registry, every backup, any
//! export named), and the whole-state check every write makes.

use super::anchor::{self, Anchor};
use super::{audit, backup, rows, schema, Store};
use crate::error::{Error, Result};
use crate::model::Head;
use crate::rules::validate;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// What `PRAGMA integrity_check` found wrong (empty when "ok").
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    /// How the schema differs from the one this program makes.
    pub schema: Vec<String>,
    /// The first broken link of the audit chain: its number and what is wrong.
    pub audit_chain: Option<(i64, String)>,
    /// Anchors the chain disagrees with: re-hashed or deleted entries.
    pub anchors: Vec<String>,
    /// Input and money rules the stored registry breaks.
    pub registry: Vec<String>,
    /// What was compared, and what could not be (no anchor file).
    pub notes: Vec<String>,
}

impl CheckReport {
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.schema.is_empty()
            && self.audit_chain.is_none()
            && self.anchors.is_empty()
            && self.registry.is_empty()
    }
}

impl Store {
    /// The newest audit entry: the registry's state.
    pub fn head(&self) -> Result<Option<Head>> {
        audit::head(&self.conn)
    }

    /// Checks everything; `extra` are more anchors to compare the chain
    /// with (an exported workbook, a backup kept elsewhere).
    pub fn check(&self, today: NaiveDate) -> Result<CheckReport> {
        self.check_with(today, &[])
    }

    pub fn check_with(&self, today: NaiveDate, extra: &[&Path]) -> Result<CheckReport> {
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
        let schema = schema::differences(&self.conn, self.schema_version()?, false)?;
        let audit_chain = audit::first_broken_link(&self.conn)?;
        let (anchors, notes) = self.compare_anchors(extra)?;
        let registry = match rows::read(&self.conn)? {
            Some(reg) => validate::state(&reg, today)
                .into_iter()
                .map(|p| p.to_string())
                .collect(),
            None => Vec::new(),
        };
        Ok(CheckReport {
            integrity,
            foreign_keys,
            schema,
            audit_chain,
            anchors,
            registry,
            notes,
        })
    }

    /// The chain against every anchor there is: problems, and notes.
    fn compare_anchors(&self, extra: &[&Path]) -> Result<(Vec<String>, Vec<String>)> {
        let head = audit::head(&self.conn)?;
        let (mut problems, mut notes) = (Vec::new(), Vec::new());
        // What is wrong with the chain, according to `anchor` from `source`.
        let compare = |anchor: &Head, source: String| -> Result<Option<String>> {
            Ok(match audit::hash_at(&self.conn, anchor.seq)? {
                Some(hash) if hash == anchor.hash => None,
                Some(_) => Some(format!(
                    "第 {} 条记录与{source}记下的不同：记录被改动后又重新计算了校验值",
                    anchor.seq
                )),
                None => Some(format!(
                    "{source}记到第 {} 条记录，登记簿只到第 {} 条：最新的记录被删除了",
                    anchor.seq,
                    head.as_ref().map_or(0, |h| h.seq)
                )),
            })
        };
        let file = anchor::path_of(&self.path);
        match anchor::read(&self.path) {
            Anchor::At(a) => problems.extend(compare(&a, format!("锚点文件 {}", file.display()))?),
            Anchor::Missing if head.is_some() => notes.push(format!(
                "没有锚点文件 {}（登记簿被复制到别处，或由旧版本程序写入）：只与备份比对",
                file.display()
            )),
            Anchor::Missing => {}
            Anchor::Unreadable(why) => {
                problems.push(format!("锚点文件 {} 无法读取：{why}", file.display()))
            }
        }
        let backups = self.backups();
        for b in &backups {
            if let Ok(Some(h)) = backup::backup_head(b, self.key.as_ref()) {
                problems.extend(compare(&h, format!("备份 {}", b.display()))?);
            }
        }
        notes.push(format!("已与 {} 个备份比对", backups.len()));
        for path in extra {
            let h = anchor_in(path, self.key.as_ref())?.ok_or_else(|| Error::File {
                path: path.to_path_buf(),
                message: "其中没有登记簿的记录锚点".into(),
            })?;
            problems.extend(compare(&h, format!("文件 {}", path.display()))?);
        }
        Ok((problems, notes))
    }
}

/// The audit head an exported workbook's metadata, or a backup, holds.
fn anchor_in(path: &Path, key: Option<&super::Passphrase>) -> Result<Option<Head>> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        crate::exchange::workbook::import::custom_property(
            path,
            crate::exchange::workbook::AUDIT_HEAD_PROPERTY,
        )
        .map(|v| v.and_then(|v| v.parse().ok()))
    } else {
        backup::backup_head(path, key)
    }
}
