//! Importing units, meeting records or a roster from a sheet: the plan on a named
//! state, its audited application, and the guarded undo.

use super::meeting_rows::upsert_meeting;
use super::{audit, backup_head, rows, today, Store, BEFORE_IMPORT};
use crate::error::{Error, Result};
use crate::exchange::workbook::import::{
    self, ImportPlan, Kind, MeetingPlan, Meetings, Members, Plan, Record, Sheet, Units,
};
use crate::model::*;
use rusqlite::Transaction;
use std::collections::HashMap;
use std::path::PathBuf;

/// The audit actions of the imports that `undo_last_import` may undo.
const IMPORTS: [&str; 3] = [Units::ACTION, Meetings::ACTION, Members::ACTION];

fn changed_since() -> Error {
    Error::Conflict("登记簿在预览之后又有修改，未作任何改动：请重新选择文件预览后再导入".into())
}

/// A kind of sheet the store can import: how one of its records is written.
pub trait Imported: Kind {
    fn write(tx: &Transaction, record: &Self::Record) -> Result<()>;
}

impl Imported for Units {
    fn write(tx: &Transaction, unit: &Unit) -> Result<()> {
        rows::upsert_unit(tx, unit)
    }
}

impl Imported for Meetings {
    fn write(tx: &Transaction, meeting: &Meeting) -> Result<()> {
        upsert_meeting(tx, meeting)
    }
}

impl Imported for Members {
    fn write(tx: &Transaction, person: &Person) -> Result<()> {
        rows::upsert_person(tx, person)
    }
}

impl Store {
    /// Plans the import of `sheet` into the registry as it is now
    /// (`workbook::import::plan`); the plan names the state it was made on,
    /// and `import_sheet` applies it to that state only.
    pub fn plan_sheet<K: Kind>(&self, sheet: &Sheet) -> Result<Plan<K>> {
        let _one_state = self
            .conn
            .is_autocommit()
            .then(|| self.conn.unchecked_transaction())
            .transpose()?;
        let reg = self.registry()?;
        let mut plan = import::plan_sheet::<K>(&reg, sheet, today()).map_err(Error::Invalid)?;
        plan.base = audit::head(&self.conn)?;
        Ok(plan)
    }

    /// Applies exactly the plan `plan_sheet` made, in one transaction with
    /// one audit entry (each record's old and new values, each record's
    /// history showing it, the people it adds), after a backup that
    /// `undo_last_import` restores. A plan made on a registry that changed
    /// since is refused. `None` when the plan changes nothing.
    pub fn import_sheet<K: Imported>(
        &mut self,
        plan: &Plan<K>,
        source: &str,
    ) -> Result<Option<PathBuf>> {
        if plan.is_empty() {
            return Ok(None);
        }
        let (backup, tx) = self.begin_import(&plan.base, &plan.registry)?;
        let current = rows::read(&tx)?.ok_or_else(|| Error::Empty(self.path.clone()))?;
        let changes: Vec<&str> = (plan.added.iter().chain(&plan.updated))
            .map(|c| c.id.as_str())
            .collect();
        // People the sheet names in passing (a roster's own are its records).
        let new_people: Vec<&Person> = (plan.registry.people.iter())
            .filter(|p| current.person(&p.id).is_none() && !changes.contains(&p.id.as_str()))
            .collect();
        for p in &new_people {
            rows::upsert_person(&tx, p)?;
        }
        let by_id = |reg| -> HashMap<&str, &K::Record> {
            K::records(reg).iter().map(|r| (r.id(), r)).collect()
        };
        let (before, after) = (by_id(&current), by_id(&plan.registry));
        let (mut old, mut new) = (Vec::new(), Vec::new());
        for id in &changes {
            let record = after[id];
            K::write(&tx, record)?;
            old.push(before.get(id));
            new.push(record);
        }
        let summary = format!(
            "从 {source} 导入{}：新增 {}，更新 {}，新增人员 {}",
            K::NOUN,
            plan.added.len(),
            plan.updated.len(),
            new_people.len()
        );
        let backup_name = backup.file_name().map(|n| n.to_string_lossy().into_owned());
        let head = audit::record(
            &tx,
            &self.who,
            K::ACTION,
            "registry",
            None,
            &summary,
            Some(&serde_json::json!({ K::RECORDS: old })),
            Some(&serde_json::json!({
                "source": source,
                "backup": backup_name,
                K::RECORDS: new,
                "people": new_people,
            })),
        )?;
        audit::record_subjects(&tx, head.seq, K::SUBJECT, changes.iter().copied())?;
        audit::record_subjects(
            &tx,
            head.seq,
            "person",
            new_people.iter().map(|p| p.id.as_str()),
        )?;
        tx.commit()?;
        self.committed(&head)?;
        Ok(Some(backup))
    }

    /// Plans the import of a `单位` sheet (`plan_sheet`).
    pub fn plan_import(&self, sheet: &Sheet) -> Result<ImportPlan> {
        self.plan_sheet(sheet)
    }

    /// Applies a plan of `plan_import` (`import_sheet`).
    pub fn import_units(&mut self, plan: &ImportPlan, source: &str) -> Result<Option<PathBuf>> {
        self.import_sheet(plan, source)
    }

    /// Plans the import of a `组织生活` sheet (`plan_sheet`).
    pub fn plan_meeting_import(&self, sheet: &Sheet) -> Result<MeetingPlan> {
        self.plan_sheet(sheet)
    }

    /// Applies a plan of `plan_meeting_import` (`import_sheet`).
    pub fn import_meetings(&mut self, plan: &MeetingPlan, source: &str) -> Result<Option<PathBuf>> {
        self.import_sheet(plan, source)
    }

    /// The checks and the backup before an import's plan is written: the
    /// registry is still the state the plan was made on (before the backup
    /// and again inside the write transaction, since another program may
    /// write in between), and the plan's registry passes the state check.
    fn begin_import(
        &self,
        base: &Option<Head>,
        planned: &Registry,
    ) -> Result<(PathBuf, Transaction<'_>)> {
        if audit::head(&self.conn)? != *base {
            return Err(changed_since());
        }
        Store::check_state(planned)?;
        self.verify()?;
        let backup = self.backup(BEFORE_IMPORT)?;
        let tx = self.write_tx()?;
        if audit::head(&tx)? != *base {
            return Err(changed_since());
        }
        Ok((backup, tx))
    }

    /// Restores the backup taken before the last import, while that import
    /// is still the last change; otherwise refuses and says what was
    /// changed since. Returns the backup restored.
    pub fn undo_last_import(&mut self) -> Result<PathBuf> {
        let import = audit::last_of(&self.conn, &IMPORTS)?
            .ok_or_else(|| Error::NotFound("可撤销的导入（登记簿中没有导入记录）".into()))?;
        let since = audit::after(&self.conn, import.seq)?;
        if let Some(newest) = since.last() {
            let listed: Vec<&str> = since.iter().take(3).map(|e| e.summary.as_str()).collect();
            return Err(Error::Conflict(format!(
                "上一次导入（{}）之后又有 {} 处修改（{}{}，最近一次在 {}），撤销导入会使这些修改一并丢失，未作任何改动；如确需回到导入之前，请从备份恢复",
                import.at,
                since.len(),
                listed.join("；"),
                if since.len() > 3 { "……" } else { "" },
                newest.at
            )));
        }
        let name = import
            .new_value
            .as_ref()
            .and_then(|v| v.get("backup")?.as_str().map(String::from))
            .ok_or_else(|| {
                Error::NotFound("这次导入的导入前备份（由旧版本程序导入）：请从备份恢复".into())
            })?;
        let src = self.backup_dir().join(&name);
        if !src.is_file() {
            return Err(Error::NotFound(format!("导入前的备份 {}", src.display())));
        }
        // The backup must be this registry just before the import.
        let before = match import.seq - 1 {
            0 => None,
            seq => audit::hash_at(&self.conn, seq)?.map(|hash| Head { seq, hash }),
        };
        if backup_head(&src, self.key.as_ref())? != before {
            return Err(Error::Conflict(format!(
                "备份 {} 不是这次导入之前的登记簿，未作任何改动",
                src.display()
            )));
        }
        let action = format!("{}.undo", import.action);
        self.restore_from(&src, &action, "撤销上一次导入")?;
        Ok(src)
    }
}
