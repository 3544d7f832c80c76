//! A member as the clerk types one in the member dialog (and `parkreg
//! member add`/`edit`): the person, their personal facts and the dates of
//! their membership that the dialog edits. Status changes (转正, 失联 …)
//! are actions of their own (`store::members`), kept as they are here.

use super::forms::{opt_text, Check};
use crate::error::Result;
use crate::model::members::{normalise_id_number, read_id_number};
use crate::model::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    /// Empty for a new person.
    pub id: String,
    pub name: String,
    pub phone: String,
    /// `male`, `female` or empty.
    pub gender: String,
    pub ethnicity: String,
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub birth_date: String,
    pub id_number: String,
    pub education: String,
    /// The organization that holds the 组织关系 (an id).
    pub org: String,
    /// The unit the member works in (an id).
    pub unit: String,
    pub joined_on: String,
    pub full_on: String,
    /// `here` (empty) or `elsewhere`.
    pub relationship: String,
    pub arrived_on: String,
    /// The status dates the actions record, shown so that a mistaken one
    /// can be corrected (or cleared) like any other field.
    pub probation_extended_to: String,
    pub lost_contact_on: String,
    pub stopped_on: String,
    pub left_on: String,
    /// A `LeftReason` code, or empty.
    pub left_reason: String,
}

impl MemberForm {
    /// The form of a stored person (a membership's dates as the form
    /// shows them).
    #[must_use]
    pub fn of(p: &Person) -> MemberForm {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let m = p.membership.as_ref();
        MemberForm {
            id: p.id.clone(),
            name: p.name.clone(),
            phone: text(&p.phone),
            gender: p.gender.map(|g| code_of(&g)).unwrap_or_default(),
            ethnicity: text(&p.ethnicity),
            birth_date: p.birth_date.map(|b| b.to_string()).unwrap_or_default(),
            id_number: text(&p.id_number),
            education: text(&p.education),
            org: m.and_then(|m| m.org.clone()).unwrap_or_default(),
            unit: m.and_then(|m| m.unit.clone()).unwrap_or_default(),
            joined_on: date(m.map(|m| m.joined_on)),
            full_on: date(m.and_then(|m| m.full_on)),
            relationship: m.map(|m| code_of(&m.relationship)).unwrap_or_default(),
            arrived_on: date(m.and_then(|m| m.arrived_on)),
            probation_extended_to: date(m.and_then(|m| m.probation_extended_to)),
            lost_contact_on: date(m.and_then(|m| m.lost_contact_on)),
            stopped_on: date(m.and_then(|m| m.stopped_on)),
            left_on: date(m.and_then(|m| m.left_on)),
            left_reason: m
                .and_then(|m| m.left_reason)
                .map(|r| code_of(&r))
                .unwrap_or_default(),
        }
    }

    /// The person the form describes, `stored` being the person as stored
    /// (for an edit): what the form does not show (which dates are known
    /// only to the month, the unit name typed on the people page) is kept
    /// from it. Every field's
    /// problem is named; the checks across records (dates in order, the
    /// ID number unique) are the store's.
    pub fn to_person(&self, stored: Option<&Person>) -> Result<Person> {
        let mut c = Check::new("person");
        let id_number = opt_text(&self.id_number).map(|id| normalise_id_number(&id));
        if let Some(id) = &id_number {
            if let Err(msg) = read_id_number(id) {
                c.problem("id_number", msg);
            }
        }
        let birth_date = opt_text(&self.birth_date).and_then(|t| {
            BirthDate::parse(&t)
                .map_err(|m| c.problem("birth_date", m))
                .ok()
        });
        let gender = opt_text(&self.gender).map(|g| c.code("gender", &g, Gender::Male));
        let relationship = match self.relationship.trim() {
            "" => Relationship::Here,
            text => c.code("relationship", text, Relationship::Here),
        };
        let joined_on = c.date("joined_on", &self.joined_on);
        let kept = stored.and_then(|p| p.membership.clone());
        let membership = Membership {
            org: opt_text(&self.org),
            unit: opt_text(&self.unit),
            joined_on,
            full_on: c.opt_date("full_on", &self.full_on),
            relationship,
            arrived_on: c.opt_date("arrived_on", &self.arrived_on),
            probation_extended_to: c.opt_date("probation_extended_to", &self.probation_extended_to),
            lost_contact_on: c.opt_date("lost_contact_on", &self.lost_contact_on),
            stopped_on: c.opt_date("stopped_on", &self.stopped_on),
            left_on: c.opt_date("left_on", &self.left_on),
            left_reason: opt_text(&self.left_reason)
                .map(|r| c.code("left_reason", &r, LeftReason::TransferredOut)),
            // A month-only date stays so until retyped; a date typed anew
            // is exact.
            approximate: kept
                .as_ref()
                .map(|k| {
                    let mut a = k.approximate.clone();
                    a.retain(|f| match f.as_str() {
                        "joined_on" => k.joined_on.to_string() == self.joined_on.trim(),
                        "full_on" => {
                            k.full_on.map(|d| d.to_string()).as_deref() == Some(self.full_on.trim())
                        }
                        _ => true,
                    });
                    a
                })
                .unwrap_or_default(),
        };
        let person = Person {
            id: self.id.trim().to_string(),
            name: self.name.trim().to_string(),
            party_member: true,
            phone: opt_text(&self.phone),
            unit_name: stored.and_then(|p| p.unit_name.clone()),
            gender,
            ethnicity: opt_text(&self.ethnicity),
            birth_date,
            id_number,
            education: opt_text(&self.education),
            membership: Some(membership),
        };
        if let Some(m) = crate::rules::validate::name_problem(&person.name) {
            c.problem("name", m);
        }
        c.done(person)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MemberForm {
        MemberForm {
            name: "李红".into(),
            gender: "female".into(),
            birth_date: "1949-12".into(),
            id_number: "11010519491231002x".into(),
            unit: "u1".into(),
            joined_on: "1975-07-01".into(),
            ..MemberForm::default()
        }
    }

    #[test]
    fn the_dialogs_fields_rule_table() {
        type Edit = fn(&mut MemberForm);
        let cases: Vec<(Edit, Option<(&str, &str)>)> = vec![
            (|_| {}, None),
            (
                |f| f.id_number = "110105194912310021".into(),
                Some(("id_number", "校验位应为 X")),
            ),
            (
                |f| f.id_number = "1101051949123".into(),
                Some(("id_number", "应为 18 位")),
            ),
            (
                |f| f.birth_date = "1949/12".into(),
                Some(("birth_date", "YYYY-MM")),
            ),
            (|f| f.gender = "女".into(), Some(("gender", "不是可选的值"))),
            (
                |f| f.joined_on = String::new(),
                Some(("joined_on", "请填写日期")),
            ),
            (
                |f| f.relationship = "abroad".into(),
                Some(("relationship", "不是可选的值")),
            ),
            (|f| f.name = " ".into(), Some(("name", "名称不能为空"))),
        ];
        for (i, (edit, want)) in cases.into_iter().enumerate() {
            let mut f = form();
            edit(&mut f);
            match (f.to_person(None), want) {
                (Ok(p), None) => {
                    assert_eq!(p.id_number.as_deref(), Some("11010519491231002X"));
                    assert_eq!(MemberForm::of(&p).to_person(Some(&p)).unwrap(), p);
                }
                (Err(crate::Error::Invalid(problems)), Some((field, part))) => assert!(
                    problems
                        .iter()
                        .any(|p| p.field == field && p.message.contains(part)),
                    "case {i}: {problems:?}"
                ),
                (got, want) => panic!("case {i}: {got:?}, expected {want:?}"),
            }
        }
    }

    /// An edit keeps what the actions set and what the dialog does not
    /// show; a month-only date stays approximate until retyped.
    #[test]
    fn an_edit_keeps_the_status_and_approximate_dates() {
        let mut stored = form().to_person(None).unwrap();
        let m = stored.membership.as_mut().unwrap();
        m.lost_contact_on = Some("2020-01-01".parse().unwrap());
        m.approximate = vec!["joined_on".into()];
        stored.unit_name = Some("甲公司".into());
        let mut f = MemberForm::of(&stored);
        f.phone = "13800000000".into();
        let edited = f.to_person(Some(&stored)).unwrap();
        assert_eq!(edited.membership, stored.membership);
        assert_eq!(edited.unit_name, stored.unit_name);
        f.joined_on = "1975-07-15".into();
        let retyped = f.to_person(Some(&stored)).unwrap();
        assert!(retyped.membership.unwrap().approximate.is_empty());
    }

    /// A status date recorded by mistake is corrected, or cleared, in the
    /// dialog; a reason that is not one of the codes is named.
    #[test]
    fn status_dates_are_corrected_in_the_dialog() {
        let stored = form().to_person(None).unwrap();
        type Edit = fn(&mut MemberForm);
        let cases: Vec<(Edit, Result<Membership, &str>)> = vec![
            (
                |f| f.lost_contact_on = "2020-03-01".into(),
                Ok(Membership {
                    lost_contact_on: Some("2020-03-01".parse().unwrap()),
                    ..stored.membership.clone().unwrap()
                }),
            ),
            (
                |f| {
                    f.left_on = "2021-05-04".into();
                    f.left_reason = "died".into();
                },
                Ok(Membership {
                    left_on: Some("2021-05-04".parse().unwrap()),
                    left_reason: Some(LeftReason::Died),
                    ..stored.membership.clone().unwrap()
                }),
            ),
            (|f| f.stopped_on = "2020-02-30".into(), Err("stopped_on")),
            (|f| f.left_reason = "fled".into(), Err("left_reason")),
        ];
        for (i, (edit, want)) in cases.into_iter().enumerate() {
            let mut f = MemberForm::of(&stored);
            edit(&mut f);
            match (f.to_person(Some(&stored)), want) {
                (Ok(p), Ok(m)) => {
                    assert_eq!(p.membership.as_ref(), Some(&m), "case {i}");
                    // And back: the corrected date cleared again.
                    let mut back = MemberForm::of(&p);
                    (back.lost_contact_on, back.left_on, back.left_reason) =
                        (String::new(), String::new(), String::new());
                    assert_eq!(back.to_person(Some(&p)).unwrap(), stored, "case {i}");
                }
                (Err(crate::Error::Invalid(problems)), Err(field)) => {
                    assert!(
                        problems.iter().any(|p| p.field == field),
                        "case {i}: {problems:?}"
                    );
                }
                (got, want) => panic!("case {i}: {got:?}, expected {want:?}"),
            }
        }
    }
}
