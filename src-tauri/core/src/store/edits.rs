//! Every change to the registry: one transaction that checks the whole
//! resulting state, writes the records and one audit entry.

use super::{audit, rows, today, Store};
use crate::error::{Error, Result};
use crate::exchange::document;
use crate::model::*;
use crate::rules::ledger::LedgerState;
use crate::rules::validate;
use chrono::NaiveDate;
use rusqlite::Transaction;
use serde::Serialize;

impl Store {
    /// The one check every write makes before it commits: the whole
    /// resulting registry is a state that `load`, `check` and every reader
    /// accept (`validate::state`), or nothing is written.
    pub(super) fn check_state(reg: &Registry) -> Result<()> {
        let problems = validate::state(reg, today());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// Replaces the whole content with `reg` (a loaded document, the sample
    /// park, a restored backup), after the whole-state check.
    pub fn replace(&mut self, reg: &Registry, action: &str, summary: &str) -> Result<()> {
        Store::check_state(reg)?;
        let tx = self.write_tx()?;
        let old = rows::read(&tx)?.map(|r| audited_counts(&r));
        rows::replace_all(&tx, reg)?;
        let head = audit::record(
            &tx,
            &self.who,
            action,
            "registry",
            None,
            summary,
            old.as_ref(),
            Some(&audited_counts(reg)),
        )?;
        tx.commit()?;
        self.committed(&head)
    }

    /// Creates an empty registry for a park; refuses one that has content.
    pub fn init(&mut self, park: Park) -> Result<()> {
        if self.read()?.is_some() {
            return Err(Error::NotEmpty(self.path.clone()));
        }
        let reg = Registry::empty(park);
        self.replace(
            &reg,
            "registry.init",
            &format!("新建登记簿：{}", reg.park.name),
        )
    }

    /// One change: read the registry inside an immediate transaction, let
    /// `edit` change it and say what it did, check the whole result, write
    /// the changed record and one audit entry, commit.
    pub(super) fn change(
        &mut self,
        edit: impl FnOnce(&mut Registry) -> Result<Edit>,
    ) -> Result<Edit> {
        let tx = self.write_tx()?;
        let mut reg = rows::read(&tx)?.ok_or_else(|| Error::Empty(self.path.clone()))?;
        let done = edit(&mut reg)?;
        Store::check_state(&reg)?;
        write_edit(&tx, &reg, &done)?;
        let head = audit::record(
            &tx,
            &self.who,
            &done.action,
            done.entity,
            Some(&done.id),
            &done.summary,
            done.old.as_ref(),
            done.new.as_ref(),
        )?;
        tx.commit()?;
        self.committed(&head)?;
        Ok(done)
    }

    pub fn set_park(&mut self, park: Park) -> Result<()> {
        self.change(|reg| {
            let old = std::mem::replace(&mut reg.park, park);
            Ok(Edit::new(
                "park.update",
                "park",
                "1",
                format!("修改园区设置：{}", reg.park.name),
            )
            .values(Some(&old), Some(&reg.park)))
        })?;
        Ok(())
    }

    /// Adds (empty id) or updates a person; returns the id.
    pub fn save_person(&mut self, mut person: Person) -> Result<String> {
        let done = self.change(|reg| {
            let old = upsert(&mut reg.people, &mut person, "p")?;
            Ok(Edit::saved(
                "person",
                &person.id,
                &person.name,
                old.as_ref(),
                &person,
            ))
        })?;
        Ok(done.id)
    }

    /// Adds (empty id) or updates a unit; returns the id.
    pub fn save_unit(&mut self, mut unit: Unit) -> Result<String> {
        unit.name = unit.name.trim().to_string();
        let done = self.change(|reg| {
            let old = upsert(&mut reg.units, &mut unit, "u")?;
            Ok(Edit::saved(
                "unit",
                &unit.id,
                &unit.name,
                old.as_ref(),
                &unit,
            ))
        })?;
        Ok(done.id)
    }

    /// Adds (empty id) or updates an organization; returns the id.
    pub fn save_org(&mut self, mut org: Organization) -> Result<String> {
        let done = self.change(|reg| {
            let old = upsert(&mut reg.organizations, &mut org, "o")?;
            Ok(Edit::saved(
                "organization",
                &org.id,
                &org.name,
                old.as_ref(),
                &org,
            ))
        })?;
        Ok(done.id)
    }

    /// Records an election: the date, and the committee elected.
    pub fn record_election(&mut self, id: &str, on: NaiveDate, committee_size: u32) -> Result<()> {
        self.change_org(id, "organization.election", |org| {
            org.last_election_on = Some(on);
            org.committee_size = committee_size;
            format!("“{}”于 {on} 换届，委员 {committee_size} 人", org.name)
        })
    }

    /// Dissolves an organization on a date (it stays in the registry).
    pub fn dissolve_org(&mut self, id: &str, on: NaiveDate) -> Result<()> {
        self.change_org(id, "organization.dissolve", |org| {
            org.dissolved_on = Some(on);
            format!("撤销“{}”，撤销日期 {on}", org.name)
        })
    }

    /// Changes one organization in place; `apply` says what it did.
    fn change_org(
        &mut self,
        id: &str,
        action: &str,
        apply: impl FnOnce(&mut Organization) -> String,
    ) -> Result<()> {
        self.change(|reg| {
            let org = reg
                .organizations
                .iter_mut()
                .find(|o| o.id == id)
                .ok_or_else(|| Error::NotFound(format!("党组织“{id}”")))?;
            let old = org.clone();
            let summary = apply(org);
            Ok(Edit::new(action, "organization", id, summary).values(Some(&old), Some(&*org)))
        })?;
        Ok(())
    }

    /// Sets a year's budget; never below what the year has already paid
    /// (said here in the clerk's terms; the whole-state check holds it too).
    pub fn set_budget(&mut self, budget: Budget) -> Result<()> {
        self.change(|reg| {
            let net = LedgerState::of(reg).net_of_year(budget.year);
            if budget.amount_fen < 0 || budget.amount_fen < net {
                return Err(Error::invalid(
                    "budget",
                    "amount_fen",
                    format!(
                        "{} 年预算不能少于已支出的 {}（拟设 {}）",
                        budget.year,
                        crate::rules::ledger::yuan(net),
                        crate::rules::ledger::yuan(budget.amount_fen)
                    ),
                ));
            }
            let old = reg
                .budgets
                .iter()
                .position(|b| b.year == budget.year)
                .map(|i| reg.budgets.remove(i));
            reg.budgets.push(budget.clone());
            reg.budgets.sort_by_key(|b| b.year);
            Ok(Edit::new(
                "budget.set",
                "budget",
                &budget.year.to_string(),
                format!(
                    "{} 年预算设为 {}",
                    budget.year,
                    crate::rules::ledger::yuan(budget.amount_fen)
                ),
            )
            .values(old.as_ref(), Some(&budget)))
        })?;
        Ok(())
    }

    /// Appends a ledger entry (a disbursement or a reversal) after checking
    /// every money rule as of `today`; returns its id.
    pub fn append_entry(&mut self, mut entry: LedgerEntry, today: NaiveDate) -> Result<String> {
        let done = self.change(|reg| {
            if entry.id.is_empty() {
                entry.id = next_id(reg.ledger.iter().map(|e| e.id.as_str()), "d")?;
            }
            let problems = LedgerState::of(reg).check(reg, &entry, today, "ledger");
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            let summary = match &entry.reverses {
                Some(r) => format!(
                    "冲销 {r}：{}（{}）",
                    crate::rules::ledger::yuan(entry.amount_fen),
                    entry.note
                ),
                None => format!(
                    "支出 {}，凭证 {}",
                    crate::rules::ledger::yuan(entry.amount_fen),
                    entry.voucher
                ),
            };
            reg.ledger.push(entry.clone());
            Ok(Edit::new("ledger.append", "ledger", &entry.id, summary)
                .values(None::<&()>, Some(&entry)))
        })?;
        Ok(done.id)
    }
}

/// Loads a registry document into the store, replacing its content; the
/// document is refused whole on any problem.
pub fn load_document(
    store: &mut Store,
    text: &str,
    today: NaiveDate,
    source: &str,
) -> Result<Registry> {
    let reg = document::from_json(text, today).map_err(Error::Invalid)?;
    store.replace(&reg, "registry.load", &format!("载入登记簿文件 {source}"))?;
    Ok(reg)
}

/// What one change did, for writing it and for the audit trail.
pub struct Edit {
    action: String,
    entity: &'static str,
    pub id: String,
    summary: String,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
}

impl Edit {
    pub(super) fn new(action: &str, entity: &'static str, id: &str, summary: String) -> Edit {
        Edit {
            action: action.into(),
            entity,
            id: id.into(),
            summary,
            old: None,
            new: None,
        }
    }

    pub(super) fn values<O: Serialize, N: Serialize>(
        mut self,
        old: Option<&O>,
        new: Option<&N>,
    ) -> Edit {
        self.old = old.map(|v| serde_json::to_value(v).expect("records serialize"));
        self.new = new.map(|v| serde_json::to_value(v).expect("records serialize"));
        self
    }

    fn saved<T: Serialize>(
        entity: &'static str,
        id: &str,
        name: &str,
        old: Option<&T>,
        new: &T,
    ) -> Edit {
        let (verb, zh) = if old.is_some() {
            ("update", "修改")
        } else {
            ("create", "新增")
        };
        Edit::new(
            &format!("{entity}.{verb}"),
            entity,
            id,
            format!("{zh}“{name}”"),
        )
        .values(old, Some(new))
    }
}

/// A record with an id of the document's own, kept in a list.
trait Record: Clone {
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
}

macro_rules! record {
    ($($t:ty),*) => {$(
        impl Record for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn set_id(&mut self, id: String) {
                self.id = id;
            }
        }
    )*};
}
record!(Person, Unit, Organization);

/// Replaces the record with the same id, or appends it (with a new id if
/// it has none). Returns the record it replaced, if any.
fn upsert<T: Record>(list: &mut Vec<T>, item: &mut T, prefix: &str) -> Result<Option<T>> {
    if item.id().is_empty() {
        item.set_id(next_id(list.iter().map(T::id), prefix)?);
    }
    Ok(match list.iter().position(|t| t.id() == item.id()) {
        Some(i) => Some(std::mem::replace(&mut list[i], item.clone())),
        None => {
            list.push(item.clone());
            None
        }
    })
}

/// `prefix` followed by one more than the largest number already used;
/// refused, never wrapped, past the largest number there is.
pub fn next_id<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> Result<String> {
    let max = largest_number(ids, prefix);
    let next = max.checked_add(1).ok_or_else(|| {
        Error::invalid(
            "",
            "id",
            format!("编号已用到最大值 {prefix}{max}，无法再编新号：请先把该记录改用较小的编号"),
        )
    })?;
    Ok(format!("{prefix}{next}"))
}

fn write_edit(tx: &Transaction, reg: &Registry, done: &Edit) -> Result<()> {
    match done.entity {
        "park" => rows::write_park(tx, &reg.park),
        // A record no longer there was removed (`removal.rs`).
        "person" => match reg.person(&done.id) {
            Some(p) => rows::upsert_person(tx, p),
            None => rows::delete_record(tx, "person", &done.id),
        },
        "unit" => match reg.unit(&done.id) {
            Some(u) => rows::upsert_unit(tx, u),
            None => rows::delete_record(tx, "unit", &done.id),
        },
        "organization" => match reg.org(&done.id) {
            Some(o) => rows::upsert_org(tx, o),
            None => rows::delete_record(tx, "organization", &done.id),
        },
        "budget" => {
            let year: i32 = done.id.parse().expect("budget ids are years");
            let b = reg
                .budgets
                .iter()
                .find(|b| b.year == year)
                .expect("just set");
            rows::upsert_budget(tx, b)
        }
        "ledger" => rows::insert_entry(tx, reg.ledger.last().expect("just appended")),
        "meeting" => match reg.meetings.iter().find(|m| m.id == done.id) {
            Some(m) => super::meeting_rows::upsert_meeting(tx, m),
            None => super::meeting_rows::delete_meeting(tx, &done.id),
        },
        other => unreachable!("no writer for {other}"),
    }
}

/// How many records of each kind, for the audit of whole-registry changes.
pub(crate) fn audited_counts(reg: &Registry) -> serde_json::Value {
    serde_json::json!({
        "park": reg.park.name,
        "people": reg.people.len(),
        "units": reg.units.len(),
        "organizations": reg.organizations.len(),
        "budgets": reg.budgets.len(),
        "ledger": reg.ledger.len(),
        "meetings": reg.meetings.len(),
    })
}
