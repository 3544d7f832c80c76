//! The roster read as of a date (DOMAIN.md "Members"): when a probation
//! ends. Each unit's members counted from it are `facts::unit_members_at`.

use super::facts::add_years;
use crate::model::members::MemberStatus;
use crate::model::*;
use chrono::NaiveDate;
use serde::Serialize;

/// When probation ends: the extension's end, else a year after joining.
#[must_use]
pub fn probation_end(m: &Membership) -> NaiveDate {
    m.probation_extended_to
        .unwrap_or_else(|| add_years(m.joined_on, 1))
}

/// The park's members at D (`summary --json`'s `members`): full and
/// probationary in both relationships; of them, 流入党员 and those out of
/// contact; and those whose membership is stopped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MemberCounts {
    pub full: usize,
    pub probationary: usize,
    pub elsewhere: usize,
    pub lost_contact: usize,
    pub stopped: usize,
}

#[must_use]
pub fn counts_at(reg: &Registry, d: NaiveDate) -> MemberCounts {
    let mut c = MemberCounts::default();
    for m in reg.people.iter().filter_map(|p| p.membership.as_ref()) {
        match m.status_at(d) {
            MemberStatus::Full => c.full += 1,
            MemberStatus::Probationary => c.probationary += 1,
            MemberStatus::Stopped => c.stopped += 1,
            MemberStatus::NotYet | MemberStatus::Left => continue,
        }
        if m.member_at(d) {
            c.elsewhere += usize::from(m.relationship == Relationship::Elsewhere);
            c.lost_contact += usize::from(m.lost_contact_on.is_some_and(|l| l <= d));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn probation_ends_a_year_after_joining_or_when_extended() {
        for (joined, extended, end) in [
            ("2020-07-01", None, "2021-07-01"),
            ("2020-02-29", None, "2021-02-28"),
            ("2020-07-01", Some("2022-01-01"), "2022-01-01"),
        ] {
            let m = Membership {
                probation_extended_to: extended.map(d),
                ..Membership::joined(d(joined))
            };
            assert_eq!(probation_end(&m), d(end), "{joined} {extended:?}");
        }
    }
}
