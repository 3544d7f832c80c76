//! Organizational life (DOMAIN.md "Organizational life"): the record of a
//! meeting or a training session, its kinds, and the park's setting for
//! how often a party lecture is due.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// 支部党员大会
    MemberMeeting,
    /// 支部委员会会议
    CommitteeMeeting,
    /// 党小组会
    GroupMeeting,
    /// 党课
    PartyLecture,
    /// 主题党日
    ThemeDay,
    /// 组织生活会
    LifeMeeting,
    /// 民主评议党员
    DemocraticReview,
    /// 培训 (the weekend classroom and the like)
    Training,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 8] = [
        MeetingKind::MemberMeeting,
        MeetingKind::CommitteeMeeting,
        MeetingKind::GroupMeeting,
        MeetingKind::PartyLecture,
        MeetingKind::ThemeDay,
        MeetingKind::LifeMeeting,
        MeetingKind::DemocraticReview,
        MeetingKind::Training,
    ];

    /// Its position in `ALL`, for per-kind tallies.
    #[must_use]
    pub fn slot(self) -> usize {
        self as usize
    }

    /// Whether a record of this kind must have study hours (> 0).
    #[must_use]
    pub fn needs_hours(self) -> bool {
        matches!(self, MeetingKind::PartyLecture | MeetingKind::Training)
    }
}

/// Study hours in tenths (学时, one decimal at most): 1.5 hours is 15.
/// Written in the document as the number of hours (`1.5`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(pub u32);

/// At most a day's hours in one record.
pub const MAX_HOURS_TENTHS: u32 = 240;

impl Hours {
    /// The hours a number names, if it has at most one decimal and lies
    /// in 0–24.
    pub fn from_number(h: f64) -> Result<Hours, String> {
        let tenths = (h * 10.0).round();
        if !h.is_finite() || (h * 10.0 - tenths).abs() > 1e-6 {
            return Err(format!("学时 {h} 最多保留一位小数"));
        }
        if !(0.0..=f64::from(MAX_HOURS_TENTHS)).contains(&tenths) {
            return Err(format!("学时 {h} 应在 0 到 24 之间"));
        }
        Ok(Hours(tenths as u32))
    }

    #[must_use]
    pub fn as_number(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl std::fmt::Display for Hours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_multiple_of(10) {
            write!(f, "{}", self.0 / 10)
        } else {
            write!(f, "{}.{}", self.0 / 10, self.0 % 10)
        }
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_number())
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Hours, D::Error> {
        Hours::from_number(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// One meeting or training session of an organization. Unlike money,
/// records may be corrected and deleted (each change audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: String,
    pub org: String,
    pub kind: MeetingKind,
    pub date: chrono::NaiveDate,
    pub topic: String,
    /// 应到; may be empty for a training session only.
    pub expected: Option<u32>,
    /// 实到 (for a training session, person-times).
    pub attended: u32,
    pub hours: Hours,
    /// The person who chaired or taught it.
    pub host: Option<String>,
    pub note: String,
}

/// How often a party lecture is due: the party sets no national frequency,
/// so the park chooses (DOMAIN.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LecturePeriod {
    Month,
    #[default]
    Quarter,
    HalfYear,
    Year,
}

impl LecturePeriod {
    pub const ALL: [LecturePeriod; 4] = [
        LecturePeriod::Month,
        LecturePeriod::Quarter,
        LecturePeriod::HalfYear,
        LecturePeriod::Year,
    ];
}
