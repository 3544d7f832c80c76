//! Organizational life as of a date D (DOMAIN.md "Organizational life"):
//! calendar periods, the seven rules of what an organization must hold and
//! how often, which organizations each rule binds, what was missed in the
//! last complete period, and the year's figures.

use crate::model::*;
use crate::rules::facts::Facts;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How often something is due: calendar months, quarters, halves, years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl From<LecturePeriod> for Frequency {
    fn from(p: LecturePeriod) -> Frequency {
        match p {
            LecturePeriod::Month => Frequency::Month,
            LecturePeriod::Quarter => Frequency::Quarter,
            LecturePeriod::HalfYear => Frequency::HalfYear,
            LecturePeriod::Year => Frequency::Year,
        }
    }
}

/// A calendar period, first and last day included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Frequency {
    fn months(self) -> u32 {
        match self {
            Frequency::Month => 1,
            Frequency::Quarter => 3,
            Frequency::HalfYear => 6,
            Frequency::Year => 12,
        }
    }

    /// The period of this frequency that contains `d`.
    #[must_use]
    pub fn containing(self, d: NaiveDate) -> Period {
        let n = self.months();
        let start = d.month0() / n * n;
        let first = NaiveDate::from_ymd_opt(d.year(), start + 1, 1).expect("a first of month");
        let next = if start + n >= 12 {
            NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(d.year(), start + n + 1, 1)
        };
        // Past 9999-12-31 there is no next period: the year's last day ends it.
        let last = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
        Period { first, last }
    }

    /// The period before `p`, if the calendar has one.
    #[must_use]
    pub fn before(self, p: Period) -> Option<Period> {
        Some(self.containing(p.first.pred_opt()?))
    }

    /// The last complete period before D: the one before the period that
    /// contains D.
    #[must_use]
    pub fn last_complete(self, d: NaiveDate) -> Option<Period> {
        self.before(self.containing(d))
    }
}

impl Period {
    #[must_use]
    pub fn contains(self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// The period as a Chinese office names it (2013年5月, 2013年第1季度,
    /// 2013年上半年, 2012年), or in English.
    #[must_use]
    pub fn label(self, lang: Lang) -> String {
        let (y, m) = (self.first.year(), self.first.month());
        let months = (self.last.year() - y) * 12 + self.last.month() as i32 - m as i32 + 1;
        let (zh, en) = match months {
            1 => (
                format!("{y}年{m}月"),
                self.first.format("%B %Y").to_string(),
            ),
            3 => (
                format!("{y}年第{}季度", (m - 1) / 3 + 1),
                format!("Q{} {y}", (m - 1) / 3 + 1),
            ),
            6 if m == 1 => (format!("{y}年上半年"), format!("H1 {y}")),
            6 => (format!("{y}年下半年"), format!("H2 {y}")),
            _ => (format!("{y}年"), format!("{y}")),
        };
        lang.pick(zh, en)
    }
}

/// What an organization must hold, and how often (支部工作条例 art. 11–13,
/// 党员教育管理工作条例 art. 16–18; the lecture by the park's setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    MemberMeeting,
    CommitteeMeeting,
    GroupMeeting,
    ThemeDay,
    PartyLecture,
    LifeMeeting,
    DemocraticReview,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::MemberMeeting,
        Rule::CommitteeMeeting,
        Rule::GroupMeeting,
        Rule::ThemeDay,
        Rule::PartyLecture,
        Rule::LifeMeeting,
        Rule::DemocraticReview,
    ];

    /// The kind of record that keeps the rule.
    #[must_use]
    pub fn kind(self) -> MeetingKind {
        match self {
            Rule::MemberMeeting => MeetingKind::MemberMeeting,
            Rule::CommitteeMeeting => MeetingKind::CommitteeMeeting,
            Rule::GroupMeeting => MeetingKind::GroupMeeting,
            Rule::ThemeDay => MeetingKind::ThemeDay,
            Rule::PartyLecture => MeetingKind::PartyLecture,
            Rule::LifeMeeting => MeetingKind::LifeMeeting,
            Rule::DemocraticReview => MeetingKind::DemocraticReview,
        }
    }

    #[must_use]
    pub fn frequency(self, park: &Park) -> Frequency {
        match self {
            Rule::MemberMeeting => Frequency::Quarter,
            Rule::CommitteeMeeting | Rule::GroupMeeting | Rule::ThemeDay => Frequency::Month,
            Rule::PartyLecture => park.party_lecture_period.into(),
            Rule::LifeMeeting | Rule::DemocraticReview => Frequency::Year,
        }
    }

    /// Whether the rule binds an organization of this kind and committee.
    #[must_use]
    pub fn binds(self, org: &Organization) -> bool {
        match self {
            Rule::GroupMeeting => org.kind == OrgKind::Group,
            Rule::CommitteeMeeting => org.kind.is_branch_level() && org.committee_size > 0,
            _ => org.kind.is_branch_level(),
        }
    }
}

/// Whether a record of `kind` may be made for `org` (DOMAIN.md: the kind
/// fits the organization). Asked when a record is made, not on load.
#[must_use]
pub fn kind_fits(kind: MeetingKind, org: &Organization) -> bool {
    match kind {
        MeetingKind::Training => true,
        MeetingKind::GroupMeeting => org.kind == OrgKind::Group,
        MeetingKind::CommitteeMeeting => org.kind.is_branch_level() && org.committee_size > 0,
        _ => org.kind.is_basic(),
    }
}

/// The kinds that fit an organization, in the order forms offer them.
#[must_use]
pub fn kinds_for(org: &Organization) -> Vec<MeetingKind> {
    MeetingKind::ALL
        .into_iter()
        .filter(|&k| kind_fits(k, org))
        .collect()
}

/// Whether organization `o` is subject to `rule` for `period` as of the
/// facts' date: the rule binds it, it is active at D, and it was founded on
/// or before the period's first day.
#[must_use]
pub fn subject(facts: &Facts, o: usize, rule: Rule, period: Period) -> bool {
    let org = &facts.reg.organizations[o];
    facts.org_active[o] && rule.binds(org) && org.founded_on <= period.first
}

/// Whether `o` has a record of `kind` dated in `period`.
#[must_use]
pub fn held(facts: &Facts, o: usize, kind: MeetingKind, period: Period) -> bool {
    facts
        .meetings_of(o)
        .any(|m| m.kind == kind && period.contains(m.date))
}

/// Each rule `o` is subject to for its last complete period as of D, with
/// that period and whether it was kept.
#[must_use]
pub fn due(facts: &Facts, o: usize) -> Vec<(Rule, Period, bool)> {
    let park = &facts.reg.park;
    Rule::ALL
        .into_iter()
        .filter_map(|rule| {
            let period = rule.frequency(park).last_complete(facts.date)?;
            subject(facts, o, rule, period)
                .then(|| (rule, period, held(facts, o, rule.kind(), period)))
        })
        .collect()
}

/// Training figures of the year.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Training {
    pub sessions: u64,
    pub person_times: u64,
    pub person_hours: f64,
}

/// The year's figures (DOMAIN.md), for the calendar year of D, records
/// dated on or before D.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifeFigures {
    pub year: i32,
    pub held: BTreeMap<MeetingKind, u64>,
    /// Σ attended ÷ Σ expected per kind (training excluded); null when
    /// nothing was expected.
    pub attendance: BTreeMap<MeetingKind, Option<f64>>,
    pub training: Training,
    /// Of the (organization, rule) pairs subject at D, the share kept.
    pub compliance: Option<f64>,
}

/// The year's figures added up one organization at a time (like the
/// summary's `Tally`, so that slices sum to the whole).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LifeTally {
    held: [u64; 8],
    attended: [u64; 8],
    expected: [u64; 8],
    person_times: u64,
    person_hour_tenths: u64,
    subject: u64,
    kept: u64,
}

impl LifeTally {
    /// Adds another tally's figures (another park's, in the district).
    pub fn merge(&mut self, other: &LifeTally) {
        for k in 0..self.held.len() {
            self.held[k] += other.held[k];
            self.attended[k] += other.attended[k];
            self.expected[k] += other.expected[k];
        }
        self.person_times += other.person_times;
        self.person_hour_tenths += other.person_hour_tenths;
        self.subject += other.subject;
        self.kept += other.kept;
    }

    pub fn add_org(&mut self, facts: &Facts, o: usize) {
        let d = facts.date;
        for m in facts
            .meetings_of(o)
            .filter(|m| m.date.year() == d.year() && m.date <= d)
        {
            let k = m.kind.slot();
            self.held[k] += 1;
            if m.kind == MeetingKind::Training {
                self.person_times += u64::from(m.attended);
                self.person_hour_tenths += u64::from(m.attended) * u64::from(m.hours.0);
            } else if let Some(expected) = m.expected {
                self.expected[k] += u64::from(expected);
                self.attended[k] += u64::from(m.attended);
            }
        }
        for (_, _, kept) in due(facts, o) {
            self.subject += 1;
            self.kept += u64::from(kept);
        }
    }

    #[must_use]
    pub fn finish(&self, year: i32) -> LifeFigures {
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        LifeFigures {
            year,
            held: MeetingKind::ALL
                .into_iter()
                .map(|k| (k, self.held[k.slot()]))
                .collect(),
            attendance: MeetingKind::ALL
                .into_iter()
                .filter(|&k| k != MeetingKind::Training)
                .map(|k| (k, ratio(self.attended[k.slot()], self.expected[k.slot()])))
                .collect(),
            training: Training {
                sessions: self.held[MeetingKind::Training.slot()],
                person_times: self.person_times,
                person_hours: self.person_hour_tenths as f64 / 10.0,
            },
            compliance: ratio(self.kept, self.subject),
        }
    }
}
