//! A roster for a synthetic park (the property tests and the benchmarks):
//! memberships in every status, dated so that the registry stays valid.

use super::synthetic::Rng;
use crate::model::*;
use crate::rules::roster::probation_end;
use chrono::{Days, NaiveDate};

/// A membership joined in 2005–2024, made full, extended, lost, stopped or
/// left on dates in order, working in `unit`.
fn membership(unit: Option<String>, rng: &mut Rng) -> Membership {
    let mut pick = || rng.below(1000);
    let day = |base: NaiveDate, days: u64| base + Days::new(days);
    let joined = day(
        NaiveDate::from_ymd_opt(2005, 1, 1).expect("valid"),
        pick() * 7,
    );
    let mut m = Membership {
        unit,
        ..Membership::joined(joined)
    };
    match pick() % 4 {
        0 => {}
        1 => m.full_on = Some(probation_end(&m)),
        2 => {
            m.probation_extended_to = Some(day(joined, 560 + pick() % 165));
            m.full_on = Some(probation_end(&m));
        }
        _ => m.full_on = Some(day(joined, 366 + pick())),
    }
    match pick() % 6 {
        0 => m.stopped_on = Some(day(joined, pick() * 3)),
        1 => {
            m.left_on = Some(day(joined, pick() * 3));
            m.left_reason = Some(LeftReason::TransferredOut);
        }
        2 => m.lost_contact_on = Some(day(joined, pick() * 2)),
        3 => {
            m.relationship = Relationship::Elsewhere;
            m.arrived_on = Some(day(joined, pick()));
        }
        _ => {}
    }
    m
}

/// Puts two in three of the park's people and `extra` new people on the
/// roster (one in ten without a unit) and switches the roster on.
pub fn add_roster(reg: &mut Registry, extra: usize, seed: u64) {
    let mut rng = Rng(seed ^ 0x005E_ED0F_0A11);
    let first_new = reg.people.len();
    let mut last = largest_number(reg.people.iter().map(|p| p.id.as_str()), "p");
    for i in 0..extra {
        last += 1;
        reg.people.push(Person {
            id: format!("p{last}"),
            name: format!("名册党员{i}"),
            ..Person::default()
        });
    }
    let units: Vec<String> = reg.units.iter().map(|u| u.id.clone()).collect();
    for (i, p) in reg.people.iter_mut().enumerate() {
        if i < first_new && rng.below(3) == 0 {
            continue;
        }
        let unit = (rng.below(10) != 0 && !units.is_empty())
            .then(|| units[rng.below(units.len() as u64) as usize].clone());
        p.membership = Some(membership(unit, &mut rng));
    }
    reg.park.roster = true;
}
