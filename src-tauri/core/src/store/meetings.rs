//! Recording, correcting and deleting meeting records, each one audited
//! change (unlike money, a record may be corrected or deleted).

use super::edits::{next_id, Edit};
use super::Store;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::meeting_checks;

/// How a record is named in the history: "2013-05-10 某支部 支部党员大会".
fn described(reg: &Registry, m: &Meeting) -> String {
    let org = reg.org(&m.org).map_or(m.org.as_str(), |o| o.name.as_str());
    format!("{} {org} {}", m.date, labels::meeting_kind_zh(m.kind))
}

impl Store {
    /// Adds (empty id) or corrects a meeting record; returns its id. A new
    /// record, or one whose organization, kind or date changes, must be
    /// made by an organization active on the date that may hold the kind.
    pub fn save_meeting(&mut self, mut meeting: Meeting) -> Result<String> {
        let done = self.change(|reg| {
            let old = match meeting.id.as_str() {
                "" => {
                    meeting.id = next_id(reg.meetings.iter().map(|m| m.id.as_str()), "m")?;
                    None
                }
                id => Some(
                    reg.meetings
                        .iter()
                        .position(|m| m.id == id)
                        .ok_or_else(|| Error::NotFound(format!("组织生活记录“{id}”")))?,
                ),
            };
            let remade = old.is_none_or(|i| {
                let was = &reg.meetings[i];
                (was.org.as_str(), was.kind, was.date)
                    != (meeting.org.as_str(), meeting.kind, meeting.date)
            });
            if remade {
                let problems = meeting_checks::made(reg, &meeting);
                if !problems.is_empty() {
                    return Err(Error::Invalid(problems));
                }
            }
            let what = described(reg, &meeting);
            let (action, summary, before) = match old {
                Some(i) => {
                    let was = std::mem::replace(&mut reg.meetings[i], meeting.clone());
                    (
                        "meeting.update",
                        format!("修改组织生活记录：{what}"),
                        Some(was),
                    )
                }
                None => {
                    reg.meetings.push(meeting.clone());
                    ("meeting.create", format!("登记组织生活：{what}"), None)
                }
            };
            Ok(Edit::new(action, "meeting", &meeting.id, summary)
                .values(before.as_ref(), Some(&meeting)))
        })?;
        Ok(done.id)
    }

    /// Deletes a meeting record (recorded by mistake); the history keeps it.
    pub fn remove_meeting(&mut self, id: &str) -> Result<()> {
        self.change(|reg| {
            let i = reg
                .meetings
                .iter()
                .position(|m| m.id == id)
                .ok_or_else(|| Error::NotFound(format!("组织生活记录“{id}”")))?;
            let was = reg.meetings.remove(i);
            let summary = format!("删除组织生活记录：{}", described(reg, &was));
            Ok(Edit::new("meeting.delete", "meeting", id, summary).values(Some(&was), None::<&()>))
        })?;
        Ok(())
    }
}
