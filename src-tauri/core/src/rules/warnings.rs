//! Counts that contradict each other: said in the forms as a warning, never
//! refused (a unit's members may work elsewhere in the park; an open
//! meeting may have guests). Each names the two counts.

use super::facts::{roster_members_at, Facts};
use crate::model::*;
use chrono::NaiveDate;

/// A unit with more party members than employees: the typed counts, or
/// while the park keeps its roster, the roster's members working there
/// on `today` (the typed counts are unused then).
#[must_use]
pub fn unit(reg: &Registry, u: &Unit, today: NaiveDate) -> Vec<String> {
    let (source, full, probationary) = if reg.park.roster {
        // A unit not saved yet has no one on the roster.
        let index = reg.index();
        let m = index
            .unit_at(&u.id)
            .map(|i| roster_members_at(reg, &index, today)[i])
            .unwrap_or_default();
        ("党员名册中的党员", m.full, m.probationary)
    } else {
        (
            "党员",
            u64::from(u.full_members),
            u64::from(u.probationary_members),
        )
    };
    if full + probationary > u64::from(u.employees) {
        vec![format!(
            "{source}（正式 {full} 人、预备 {probationary} 人）多于职工人数 {} 人：请核对",
            u.employees
        )]
    } else {
        Vec::new()
    }
}

/// A meeting attended by more people than its organization had members on
/// its date (counted over the units it covered then; an organization
/// covering none, such as a park committee, is not compared).
#[must_use]
pub fn meeting(reg: &Registry, m: &Meeting) -> Vec<String> {
    let facts = Facts::new(reg, m.date);
    let Some(o) = facts.org_at(&m.org) else {
        return Vec::new();
    };
    let members = facts.members(o).all();
    if members > 0 && u64::from(m.attended) > members {
        vec![format!(
            "实到 {} 人多于“{}”当时的党员人数 {members} 人：请核对",
            m.attended, reg.organizations[o].name
        )]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::sample_park;

    #[test]
    fn contradicting_counts_rule_table() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut typed = sample_park();
        typed.park.roster = false;
        // (employees, full, probationary, warned)
        for (employees, full, prob, warned) in [
            (30, 45, 0, true),
            (30, 30, 0, false),
            (30, 29, 2, true),
            (0, 0, 0, false),
            (10, 3, 1, false),
        ] {
            let mut u = Unit::new("u1", "某公司");
            (u.employees, u.full_members, u.probationary_members) = (employees, full, prob);
            let said = unit(&typed, &u, today);
            assert_eq!(
                !said.is_empty(),
                warned,
                "{employees} {full} {prob}: {said:?}"
            );
            if warned {
                assert!(said[0].contains(&employees.to_string()), "{said:?}");
            }
        }
        // With the roster kept, its members on the day, not the typed counts.
        let reg = sample_park();
        let d = crate::samples::as_of();
        let mut u = reg.units.iter().find(|u| u.id == "u1").unwrap().clone();
        (u.full_members, u.probationary_members) = (0, 0);
        for (employees, warned) in [(61, false), (60, true)] {
            u.employees = employees;
            let said = unit(&reg, &u, d);
            assert_eq!(!said.is_empty(), warned, "{employees}: {said:?}");
            if warned {
                assert!(
                    said[0].contains("党员名册中的党员（正式 52 人、预备 9 人）"),
                    "{said:?}"
                );
            }
        }
        let m = reg
            .meetings
            .iter()
            .find(|m| {
                let f = Facts::new(&reg, m.date);
                f.org_at(&m.org).is_some_and(|o| f.members(o).all() > 0)
            })
            .unwrap()
            .clone();
        let members = {
            let f = Facts::new(&reg, m.date);
            f.members(f.org_at(&m.org).unwrap()).all() as u32
        };
        for (attended, warned) in [(members, false), (members + 1, true), (0, false)] {
            let said = meeting(
                &reg,
                &Meeting {
                    attended,
                    ..m.clone()
                },
            );
            assert_eq!(
                !said.is_empty(),
                warned,
                "{attended} of {members}: {said:?}"
            );
        }
        // An organization covering no unit (the park committee) is not compared.
        let committee = reg
            .organizations
            .iter()
            .find(|o| o.units.is_empty())
            .unwrap();
        let said = meeting(
            &reg,
            &Meeting {
                org: committee.id.clone(),
                attended: 999,
                ..m
            },
        );
        assert!(said.is_empty(), "{said:?}");
    }
}
