//! The roster read as of a date (DOMAIN.md "Members"): when a probation
//! ends. Each unit's members counted from it are `facts::unit_members_at`.

use super::facts::add_years;
use crate::model::*;
use chrono::NaiveDate;

/// When probation ends: the extension's end, else a year after joining.
#[must_use]
pub fn probation_end(m: &Membership) -> NaiveDate {
    m.probation_extended_to
        .unwrap_or_else(|| add_years(m.joined_on, 1))
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
