//! Removing a unit, an organization or a person entered by mistake: only
//! while nothing else refers to it, as one change with one audit entry
//! (the history keeps what was removed). A record that has a past (a unit
//! covered, an organization with meetings or money, a secretary) is closed,
//! dissolved or left, never removed: the refusal names what refers to it.

use super::edits::Edit;
use super::Store;
use crate::error::{Error, Result};
use crate::model::*;

/// The records that can be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Removable {
    Unit,
    Organization,
    Person,
}

impl Removable {
    fn entity(self) -> &'static str {
        match self {
            Removable::Unit => "unit",
            Removable::Organization => "organization",
            Removable::Person => "person",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Removable::Unit => "单位",
            Removable::Organization => "党组织",
            Removable::Person => "人员",
        }
    }
}

/// What refers to the record `id` of kind `what`, each named as a clerk
/// knows it (“党组织“某支部”覆盖该单位”); empty when it can be removed.
#[must_use]
pub fn references(reg: &Registry, what: Removable, id: &str) -> Vec<String> {
    let mut found = Vec::new();
    let org_name = |o: &str| reg.org(o).map_or(o.to_string(), |o| o.name.clone());
    match what {
        Removable::Unit => {
            for o in reg
                .organizations
                .iter()
                .filter(|o| o.units.iter().any(|u| u == id))
            {
                found.push(format!("党组织“{}”覆盖该单位", o.name));
            }
        }
        Removable::Organization => {
            for o in reg
                .organizations
                .iter()
                .filter(|o| o.parent.as_deref() == Some(id))
            {
                found.push(format!("下级党组织“{}”", o.name));
            }
            let meetings = reg.meetings.iter().filter(|m| m.org == id).count();
            if meetings > 0 {
                found.push(format!("{meetings} 条组织生活记录"));
            }
            let entries = reg
                .ledger
                .iter()
                .filter(|e| e.org.as_deref() == Some(id))
                .count();
            if entries > 0 {
                found.push(format!("{entries} 笔经费台账"));
            }
        }
        Removable::Person => {
            let is = |p: &Option<String>| p.as_deref() == Some(id);
            for u in &reg.units {
                if is(&u.commissioner) {
                    found.push(format!("单位“{}”的项目专员", u.name));
                }
                if is(&u.instructor) {
                    found.push(format!("单位“{}”的党建指导员", u.name));
                }
            }
            for o in reg.organizations.iter().filter(|o| is(&o.secretary)) {
                let title = if o.kind == OrgKind::Group {
                    "组长"
                } else {
                    "书记"
                };
                found.push(format!("党组织“{}”的{title}", o.name));
            }
            let hosted: Vec<&Meeting> = reg.meetings.iter().filter(|m| is(&m.host)).collect();
            if let Some(first) = hosted.first() {
                found.push(format!(
                    "{} 条组织生活记录的主持人（如 {} {}）",
                    hosted.len(),
                    first.date,
                    org_name(&first.org)
                ));
            }
        }
    }
    found
}

impl Store {
    /// Removes the unit, organization or person `id` entered by mistake,
    /// refused while anything refers to it (named in the refusal).
    pub fn remove_record(&mut self, what: Removable, id: &str) -> Result<()> {
        self.change(|reg| {
            let name = match what {
                Removable::Unit => reg.unit(id).map(|u| u.name.clone()),
                Removable::Organization => reg.org(id).map(|o| o.name.clone()),
                Removable::Person => reg.person(id).map(|p| p.name.clone()),
            }
            .ok_or_else(|| Error::NotFound(format!("{}“{id}”", what.noun())))?;
            let refs = references(reg, what, id);
            if !refs.is_empty() {
                return Err(Error::Conflict(format!(
                    "不能删除{}“{name}”：{}仍引用它。只有录入有误、没有任何记录引用的才能删除；{}",
                    what.noun(),
                    refs.join("、"),
                    match what {
                        Removable::Unit => "已不存在的单位请填写关闭日期",
                        Removable::Organization => "已撤销的党组织请用“撤销”",
                        Removable::Person => "请先在这些记录里换人",
                    }
                )));
            }
            let old = match what {
                Removable::Unit => {
                    let i = reg.units.iter().position(|u| u.id == id).expect("found");
                    serde_json::to_value(reg.units.remove(i))
                }
                Removable::Organization => {
                    let i = reg
                        .organizations
                        .iter()
                        .position(|o| o.id == id)
                        .expect("found");
                    serde_json::to_value(reg.organizations.remove(i))
                }
                Removable::Person => {
                    let i = reg.people.iter().position(|p| p.id == id).expect("found");
                    serde_json::to_value(reg.people.remove(i))
                }
            }
            .expect("records serialize");
            Ok(Edit::new(
                &format!("{}.delete", what.entity()),
                what.entity(),
                id,
                format!("删除{}“{name}”（录入有误）", what.noun()),
            )
            .values(Some(&old), None::<&()>))
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::sample_park;

    /// (what, id, the references expected: each a part of one, or none)
    #[test]
    fn what_refers_to_a_record_rule_table() {
        let mut reg = sample_park();
        // A unit, an organization and a person nothing refers to.
        reg.units.push(Unit::new("u900", "录错的公司"));
        let mut org = reg.organizations[1].clone();
        org.id = "o900".into();
        org.name = "录错的支部".into();
        org.units.clear();
        org.secretary = None;
        reg.organizations.push(org);
        let mut person = reg.people[0].clone();
        person.id = "p900".into();
        reg.people.push(person);
        let covered = &reg.organizations[1].units[0].clone();
        let covering = reg.organizations[1].name.clone();
        let with_meetings = reg.meetings[0].org.clone();
        let with_money = reg.ledger.iter().find_map(|e| e.org.clone()).unwrap();
        let parent = reg
            .organizations
            .iter()
            .find_map(|o| o.parent.clone())
            .unwrap();
        let secretary = reg
            .organizations
            .iter()
            .find_map(|o| o.secretary.clone())
            .unwrap();
        let instructor = reg.units.iter().find_map(|u| u.instructor.clone()).unwrap();
        let host = reg.meetings.iter().find_map(|m| m.host.clone()).unwrap();
        let cases: Vec<(Removable, &str, Vec<&str>)> = vec![
            (Removable::Unit, "u900", vec![]),
            (
                Removable::Unit,
                covered,
                vec![covering.as_str(), "覆盖该单位"],
            ),
            (Removable::Organization, "o900", vec![]),
            (
                Removable::Organization,
                &with_meetings,
                vec!["条组织生活记录"],
            ),
            (Removable::Organization, &with_money, vec!["笔经费台账"]),
            (Removable::Organization, &parent, vec!["下级党组织"]),
            (Removable::Person, "p900", vec![]),
            (Removable::Person, &secretary, vec!["的书记"]),
            (Removable::Person, &instructor, vec!["党建指导员"]),
            (Removable::Person, &host, vec!["主持人"]),
        ];
        for (what, id, expected) in cases {
            let found = references(&reg, what, id).join("、");
            if expected.is_empty() {
                assert_eq!(found, "", "{what:?} {id}");
            } else {
                for part in &expected {
                    assert!(found.contains(part), "{what:?} {id}: {found}");
                }
            }
        }
    }
}
