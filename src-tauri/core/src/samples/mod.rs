//! The sample park: a clearly marked, fictional park modelled on the Baiyun
//! aluminium park in mid-2013, kept in `assets/` as a registry document.

use crate::exchange::document;
use crate::model::Registry;
use chrono::NaiveDate;

pub const SAMPLE_PARK_JSON: &str = include_str!("../../../../assets/sample-park.json");

/// The date the sample describes.
#[must_use]
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 6, 30).expect("valid date")
}

#[must_use]
pub fn sample_park() -> Registry {
    document::from_json(SAMPLE_PARK_JSON, as_of()).expect("the shipped sample park is valid")
}

pub mod roster;
pub mod synthetic;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::members::MemberStatus;
    use crate::model::{Lang, Relationship};
    use crate::rules::facts::{roster_members_at, Facts};
    use crate::rules::gaps::{self, Code};

    /// The sample keeps a roster (`scripts/sample-roster.py`) that agrees
    /// with each unit's typed counts on its date, has members in every
    /// status, and shows each member gap once.
    #[test]
    fn the_sample_roster_agrees_with_the_typed_counts_and_shows_every_member_gap() {
        let reg = sample_park();
        assert!(reg.park.roster);
        let d = as_of();
        for (u, m) in reg
            .units
            .iter()
            .zip(roster_members_at(&reg, &reg.index(), d))
        {
            let typed = (u64::from(u.full_members), u64::from(u.probationary_members));
            assert_eq!((m.full, m.probationary), typed, "{}", u.id);
        }
        let memberships = || reg.people.iter().filter_map(|p| p.membership.as_ref());
        for status in [
            MemberStatus::Full,
            MemberStatus::Probationary,
            MemberStatus::Stopped,
            MemberStatus::Left,
        ] {
            assert!(
                memberships().any(|m| m.status_at(d) == status),
                "{status:?}"
            );
        }
        assert!(memberships().any(|m| m.relationship == Relationship::Elsewhere));
        assert!(memberships().any(|m| m.lost_contact_on.is_some()));
        assert!(memberships().any(|m| m.probation_extended_to.is_some()));
        let facts = Facts::new(&reg, d);
        let mut codes: Vec<Code> = gaps::find_in(&facts, Lang::Zh)
            .into_iter()
            .filter(|g| g.person.is_some())
            .map(|g| g.code)
            .collect();
        codes.sort_by_key(|c| *c as u8);
        assert_eq!(
            codes,
            [
                Code::ProbationEnding,
                Code::ProbationOverdue,
                Code::LostContactLong,
                Code::StoppedLong,
                Code::TransferDue,
                Code::MemberOrgInactive,
                Code::MemberOrgElsewhere,
            ]
        );
    }
}
