//! The roster's changes: a member added or corrected through the member
//! dialog, and each status change (DOMAIN.md "Members") as an action with
//! its own date, each one transaction and one audit entry in the clerk's
//! words.

use super::edits::{next_id, Edit};
use super::Store;
use crate::error::{Error, Result};
use crate::model::labels::left_reason_zh;
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::gaps::date_zh;
use crate::rules::roster::probation_end;
use chrono::NaiveDate;

/// A change of a member's status, on its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberAction {
    /// 转正: a probationary member becomes full.
    Full { on: NaiveDate },
    /// 延长预备期 to the given day (6 to 12 months).
    Extend { to: NaiveDate },
    /// 失去联系 since.
    LostContact { since: NaiveDate },
    /// 停止党籍.
    Stop { on: NaiveDate },
    /// 转出 or 出党.
    Leave { on: NaiveDate, reason: LeftReason },
}

impl MemberAction {
    fn code(self) -> &'static str {
        match self {
            MemberAction::Full { .. } => "member.full",
            MemberAction::Extend { .. } => "member.extend",
            MemberAction::LostContact { .. } => "member.lost",
            MemberAction::Stop { .. } => "member.stop",
            MemberAction::Leave { .. } => "member.leave",
        }
    }

    /// Applies the action, or says why it cannot apply to this membership
    /// (the field named as the dialog's).
    fn apply(self, m: &mut Membership) -> std::result::Result<String, (&'static str, String)> {
        if let Some(left) = m.left_on {
            return Err((
                "left_on",
                format!("已于 {} 离开，不能再变更", date_zh(left)),
            ));
        }
        let on = match self {
            MemberAction::Full { on } => {
                if let Some(full) = m.full_on {
                    return Err(("full_on", format!("已于 {} 转正", date_zh(full))));
                }
                m.full_on = Some(on);
                remove_approximate(m, "full_on");
                format!("转正（{}）", date_zh(on))
            }
            MemberAction::Extend { to } => {
                if m.full_on.is_some() {
                    return Err((
                        "probation_extended_to",
                        "已是正式党员，不能延长预备期".into(),
                    ));
                }
                if m.probation_extended_to.is_some() {
                    return Err((
                        "probation_extended_to",
                        format!("预备期已延长至 {}，只能延长一次", date_zh(probation_end(m))),
                    ));
                }
                m.probation_extended_to = Some(to);
                format!("延长预备期至 {}", date_zh(to))
            }
            MemberAction::LostContact { since } => {
                if let Some(lost) = m.lost_contact_on {
                    return Err((
                        "lost_contact_on",
                        format!("已登记自 {} 失去联系", date_zh(lost)),
                    ));
                }
                m.lost_contact_on = Some(since);
                format!("自 {} 失去联系", date_zh(since))
            }
            MemberAction::Stop { on } => {
                if let Some(stopped) = m.stopped_on {
                    return Err(("stopped_on", format!("已于 {} 停止党籍", date_zh(stopped))));
                }
                m.stopped_on = Some(on);
                format!("停止党籍（{}）", date_zh(on))
            }
            MemberAction::Leave { on, reason } => {
                m.left_on = Some(on);
                m.left_reason = Some(reason);
                format!("{}（{}）", left_reason_zh(reason), date_zh(on))
            }
        };
        Ok(on)
    }

    fn date(self) -> NaiveDate {
        match self {
            MemberAction::Full { on }
            | MemberAction::Stop { on }
            | MemberAction::Leave { on, .. } => on,
            MemberAction::Extend { to } => to,
            MemberAction::LostContact { since } => since,
        }
    }
}

fn remove_approximate(m: &mut Membership, field: &str) {
    m.approximate.retain(|f| f != field);
}

impl Store {
    /// Adds (empty id) or corrects a member entered in the member dialog;
    /// returns the id.
    pub fn save_member(&mut self, mut person: Person) -> Result<String> {
        let done =
            self.change(|reg| {
                let old = match person.id.as_str() {
                    "" => {
                        person.id = next_id(reg.people.iter().map(|p| p.id.as_str()), "p")?;
                        reg.people.push(person.clone());
                        None
                    }
                    id => {
                        let i = reg
                            .people
                            .iter()
                            .position(|p| p.id == id)
                            .ok_or_else(|| Error::NotFound(format!("人员“{id}”")))?;
                        Some(std::mem::replace(&mut reg.people[i], person.clone()))
                    }
                };
                let (action, summary) = match old {
                    None => ("member.create", format!("新增党员：{}", person.name)),
                    Some(_) => ("member.update", format!("修改党员信息：{}", person.name)),
                };
                Ok(Edit::new(action, "person", &person.id, summary)
                    .values(old.as_ref(), Some(&person)))
            })?;
        Ok(done.id)
    }

    /// Records a status change of member `id` (a person with a membership);
    /// the date may not be after today.
    pub fn member_action(&mut self, id: &str, action: MemberAction) -> Result<()> {
        let today = super::today();
        self.change(|reg| {
            let person = reg
                .people
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| Error::NotFound(format!("人员“{id}”")))?;
            let old = person.clone();
            let refused = |field: &str, message: String| {
                Error::Invalid(vec![Problem::new("member", field, message)])
            };
            let m = person
                .membership
                .as_mut()
                .ok_or_else(|| refused("membership", format!("“{}”不在党员名册中", old.name)))?;
            if !matches!(action, MemberAction::Extend { .. }) && action.date() > today {
                return Err(refused(
                    "date",
                    format!("日期晚于今天（{}）", date_zh(today)),
                ));
            }
            let what = action
                .apply(m)
                .map_err(|(field, msg)| refused(field, msg))?;
            let summary = format!("{}：{what}", old.name);
            Ok(Edit::new(action.code(), "person", id, summary).values(Some(&old), Some(&*person)))
        })?;
        Ok(())
    }
}
