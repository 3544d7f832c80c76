//! Party dues (党费, DOMAIN.md "Party dues"; 中组部《关于中国共产党党费
//! 收缴、使用和管理的规定》2008, 党章 art. 9): what a setting comes to a
//! month (`amount`), which months a member owes and how much
//! (`MemberDues`), which payments may be recorded (`payments`), and what
//! stands as of a date: paid up to, arrears, the year's figures
//! (`standing`). Whole fen only; no floats.
//!
//! When a month is owed, decided where the rules are silent:
//! - the member is a member on the month's first day, or joined during
//!   it (a probationary member pays from the month of `joined_on`), and is
//!   still a member on the later of the two (leaving or stopping on the
//!   1st frees that month; on the 2nd or later, that month is still owed);
//! - a setting is in force: the one of the latest `from_month` not after
//!   the month (of two from one month, the one listed last); none before
//!   the first setting;
//! - the setting is possible (`amount::setting_problems`) and not
//!   `exempt`.
//!
//! A member without a membership on the roster owes nothing here.
//! Temporary branches collect no dues (`collects_dues`).

use crate::model::dues::{DuesCategory, DuesSetting, Month};
use crate::model::{Fen, Membership, OrgKind};

pub mod amount;
pub mod payments;
pub mod standing;

pub use amount::{check_settings, monthly_dues, setting_problems};
pub use payments::{replay, PaymentState};
pub use standing::{Arrears, Coverage, DuesFigures, YearFigures};

/// 补交: at most this many months before the month of payment in one payment.
pub const MAX_BACK_MONTHS: u32 = 6;
/// 预交: at most this many months after the month of payment in one
/// payment (our bound; the rules set none, and a typing slip should not
/// cover centuries).
pub const MAX_AHEAD_MONTHS: u32 = 12;
/// 党章 art. 9: six months unpaid is the gap DUES_ARREARS.
pub const ARREARS_MONTHS: u32 = 6;

/// What a member owes for one month, and why not when nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthDues {
    /// Not a member in the month (before joining, after leaving or stopping).
    NotMember,
    /// A member, but no setting is in force yet.
    NoSetting,
    /// The setting in force is impossible (`amount::setting_problems`).
    Invalid,
    /// 免交.
    Exempt,
    /// Owed: this many fen (at least 1).
    Due(Fen),
}

impl MonthDues {
    /// The amount when the month is owed.
    #[must_use]
    pub fn owed(self) -> Option<Fen> {
        match self {
            MonthDues::Due(f) => Some(f),
            _ => None,
        }
    }
}

/// Temporary branches do not collect dues: their members pay where their
/// 组织关系 is.
#[must_use]
pub fn collects_dues(kind: OrgKind) -> bool {
    kind != OrgKind::TemporaryBranch
}

/// One member's dues: the membership and the settings over time.
#[derive(Debug, Clone, Copy)]
pub struct MemberDues<'a> {
    pub membership: &'a Membership,
    pub settings: &'a [DuesSetting],
}

impl<'a> MemberDues<'a> {
    #[must_use]
    pub fn new(membership: &'a Membership, settings: &'a [DuesSetting]) -> MemberDues<'a> {
        MemberDues {
            membership,
            settings,
        }
    }

    /// A member in the month: on its first day, or from joining during it.
    #[must_use]
    pub fn member_in(&self, month: Month) -> bool {
        let m = self.membership;
        m.joined_on <= month.last_day() && m.member_at(month.first_day().max(m.joined_on))
    }

    /// The setting in force in the month.
    #[must_use]
    pub fn setting_in(&self, month: Month) -> Option<&'a DuesSetting> {
        self.settings.iter().filter(|s| s.from_month <= month).fold(
            None,
            |best: Option<&'a DuesSetting>, s| match best {
                Some(b) if b.from_month > s.from_month => Some(b),
                _ => Some(s),
            },
        )
    }

    /// What the member owes for the month.
    #[must_use]
    pub fn in_month(&self, month: Month) -> MonthDues {
        if !self.member_in(month) {
            return MonthDues::NotMember;
        }
        let Some(s) = self.setting_in(month) else {
            return MonthDues::NoSetting;
        };
        match amount::monthly_dues(s) {
            Err(_) => MonthDues::Invalid,
            Ok(_) if s.category == DuesCategory::Exempt => MonthDues::Exempt,
            Ok(f) => MonthDues::Due(f),
        }
    }

    /// The first month the member owes dues, if any. Whether a month is
    /// owed changes only at the month of joining and at a setting's
    /// `from_month`, so only those are tried.
    #[must_use]
    pub fn first_due_month(&self) -> Option<Month> {
        let joined = Month::of(self.membership.joined_on);
        let mut candidates: Vec<Month> = self
            .settings
            .iter()
            .map(|s| s.from_month)
            .filter(|&f| f > joined)
            .collect();
        candidates.push(joined);
        candidates.sort_unstable();
        candidates
            .into_iter()
            .find(|&m| self.in_month(m).owed().is_some())
    }
}
