//! The 党员 page's roster: members filtered by organization, unit and
//! status at D, searched by name, ID numbers masked (a list never needs
//! them whole).

use crate::model::members::{mask_id_number, MemberStatus};
use crate::model::*;
use crate::rules::roster::{counts_at, MemberCounts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A person as a list shows them: the ID number masked, the birth date to
/// the month.
#[must_use]
pub fn listed(p: &Person) -> Person {
    Person {
        id_number: p.id_number.as_deref().map(mask_id_number),
        birth_date: p.birth_date.map(|b| {
            let day = b.earliest();
            BirthDate::Month {
                year: chrono::Datelike::year(&day),
                month: chrono::Datelike::month(&day),
            }
        }),
        ..p.clone()
    }
}

/// What the roster asks for; empty strings mean "any".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberQuery {
    pub org: String,
    pub unit: String,
    /// full, probationary, elsewhere, lost_contact, stopped, left; empty:
    /// members at D.
    pub status: String,
    /// Part of the name.
    pub text: String,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRow {
    #[serde(flatten)]
    pub person: Person,
    pub status: MemberStatus,
    /// The names of the membership's unit and organization (the person's
    /// own `unit_name` is the free text typed on the people page).
    pub member_unit_name: Option<String>,
    pub member_org_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberList {
    pub rows: Vec<MemberRow>,
    /// How many match (rows holds at most `limit`).
    pub matched: usize,
    /// The park's members at D, by status.
    pub counts: MemberCounts,
}

/// The roster at `d` as `q` asks, in registry order.
#[must_use]
pub fn members(reg: &Registry, d: NaiveDate, q: &MemberQuery) -> MemberList {
    let index = reg.index();
    let wanted = |p: &Person, m: &Membership| {
        let status = m.status_at(d);
        let member = m.member_at(d);
        let by_status = match q.status.as_str() {
            "" => member,
            "full" => status == MemberStatus::Full,
            "probationary" => status == MemberStatus::Probationary,
            "elsewhere" => member && m.relationship == Relationship::Elsewhere,
            "lost_contact" => member && m.lost_contact_on.is_some_and(|l| l <= d),
            "stopped" => status == MemberStatus::Stopped,
            "left" => status == MemberStatus::Left,
            _ => false,
        };
        by_status
            && (q.org.is_empty() || m.org.as_deref() == Some(q.org.as_str()))
            && (q.unit.is_empty() || m.unit.as_deref() == Some(q.unit.as_str()))
            && (q.text.trim().is_empty() || p.name.contains(q.text.trim()))
    };
    let chosen: Vec<(&Person, &Membership)> = reg
        .people
        .iter()
        .filter_map(|p| p.membership.as_ref().map(|m| (p, m)))
        .filter(|(p, m)| wanted(p, m))
        .collect();
    let limit = if q.limit == 0 {
        super::DEFAULT_LIMIT
    } else {
        q.limit
    };
    MemberList {
        matched: chosen.len(),
        rows: chosen
            .into_iter()
            .take(limit)
            .map(|(p, m)| MemberRow {
                // The roster shows no phone numbers: the dialog has them.
                person: Person {
                    phone: None,
                    ..listed(p)
                },
                status: m.status_at(d),
                member_unit_name: m
                    .unit
                    .as_deref()
                    .and_then(|u| index.unit(u))
                    .map(|u| u.name.clone()),
                member_org_name: m
                    .org
                    .as_deref()
                    .and_then(|o| index.org(o))
                    .map(|o| o.name.clone()),
            })
            .collect(),
        counts: counts_at(reg, d),
    }
}

/// A unit's members as typed beside the roster's at D: what the clerk
/// reconciles before the park keeps its roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconcile {
    pub id: String,
    pub name: String,
    pub typed_full: u32,
    pub typed_probationary: u32,
    pub roster_full: u64,
    pub roster_probationary: u64,
}

/// The units whose typed or roster counts at `d` are not zero (the first
/// `shown`), how many there are, and how many of them differ.
#[must_use]
pub fn reconcile(reg: &Registry, d: NaiveDate, shown: usize) -> (Vec<Reconcile>, usize, usize) {
    let counted = crate::rules::facts::roster_members_at(reg, &reg.index(), d);
    let (mut rows, mut total, mut differ) = (Vec::new(), 0, 0);
    for (u, c) in reg.units.iter().zip(counted) {
        let typed = (u.full_members, u.probationary_members);
        if typed == (0, 0) && c.all() == 0 {
            continue;
        }
        total += 1;
        differ += usize::from((u64::from(typed.0), u64::from(typed.1)) != (c.full, c.probationary));
        if rows.len() < shown {
            rows.push(Reconcile {
                id: u.id.clone(),
                name: u.name.clone(),
                typed_full: typed.0,
                typed_probationary: typed.1,
                roster_full: c.full,
                roster_probationary: c.probationary,
            });
        }
    }
    (rows, total, differ)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each filter on a roster of one member in each status at D; no row
    /// carries a whole ID number.
    #[test]
    fn the_roster_filters_rule_table() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut reg = Registry::empty(Park::new("园区"));
        reg.units.push(Unit::new("u1", "甲公司"));
        let full = Membership {
            full_on: Some(d("2021-07-01")),
            unit: Some("u1".into()),
            ..Membership::joined(d("2020-07-01"))
        };
        let statuses: [(&str, Membership); 6] = [
            ("正式", full.clone()),
            ("预备", Membership::joined(d("2024-01-01"))),
            (
                "流入",
                Membership {
                    relationship: Relationship::Elsewhere,
                    ..full.clone()
                },
            ),
            (
                "失联",
                Membership {
                    lost_contact_on: Some(d("2023-01-01")),
                    ..full.clone()
                },
            ),
            (
                "停止",
                Membership {
                    stopped_on: Some(d("2023-01-01")),
                    ..full.clone()
                },
            ),
            (
                "离开",
                Membership {
                    left_on: Some(d("2023-01-01")),
                    left_reason: Some(LeftReason::TransferredOut),
                    ..full.clone()
                },
            ),
        ];
        for (i, (name, m)) in statuses.into_iter().enumerate() {
            reg.people.push(Person {
                id: format!("p{i}"),
                name: name.into(),
                id_number: Some("11010519491231002X".into()),
                membership: Some(m),
                ..Person::default()
            });
        }
        let names = |status: &str, unit: &str, text: &str| -> Vec<String> {
            let q = MemberQuery {
                status: status.into(),
                unit: unit.into(),
                text: text.into(),
                ..MemberQuery::default()
            };
            let list = members(&reg, d("2024-06-01"), &q);
            for r in &list.rows {
                assert_eq!(r.person.id_number.as_deref(), Some("110105********002X"));
            }
            list.rows.into_iter().map(|r| r.person.name).collect()
        };
        for (status, unit, text, want) in [
            ("", "", "", vec!["正式", "预备", "流入", "失联"]),
            ("full", "", "", vec!["正式", "流入", "失联"]),
            ("probationary", "", "", vec!["预备"]),
            ("elsewhere", "", "", vec!["流入"]),
            ("lost_contact", "", "", vec!["失联"]),
            ("stopped", "", "", vec!["停止"]),
            ("left", "", "", vec!["离开"]),
            ("", "u1", "", vec!["正式", "流入", "失联"]),
            ("", "", "预", vec!["预备"]),
        ] {
            assert_eq!(
                names(status, unit, text),
                want,
                "{status:?} {unit:?} {text:?}"
            );
        }
        // Before the roster is kept: the typed counts beside the roster's.
        let (rows, total, differ) = reconcile(&reg, d("2024-06-01"), 10);
        assert_eq!((total, differ), (1, 1));
        assert_eq!(
            (
                rows[0].typed_full,
                rows[0].roster_full,
                rows[0].roster_probationary
            ),
            (0, 3, 0)
        );
        // The unit's detail and the dashboard read the same roster.
        reg.park.roster = true;
        let facts = crate::rules::facts::Facts::new(&reg, d("2024-06-01"));
        let detail = super::super::unit_detail(&facts, "u1", Lang::Zh, &[]).unwrap();
        let listed: Vec<&str> = detail
            .members
            .iter()
            .map(|r| r.person.name.as_str())
            .collect();
        assert_eq!(listed, ["正式", "流入", "失联"]);
        assert_eq!((detail.full_members, detail.probationary_members), (3, 0));
        let dashboard = super::super::dashboard(&facts, Lang::Zh);
        assert_eq!(dashboard.members.map(|m| m.full), Some(3));
        let counts = members(&reg, d("2024-06-01"), &MemberQuery::default()).counts;
        assert_eq!(
            counts,
            MemberCounts {
                full: 3,
                probationary: 1,
                elsewhere: 1,
                lost_contact: 1,
                stopped: 1
            }
        );
    }
}
