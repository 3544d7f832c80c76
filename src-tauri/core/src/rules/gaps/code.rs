//! The gap codes of DOMAIN.md "Gaps" and "Organizational life", each with
//! its severity.

use crate::model::Severity;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    Uncovered,
    BranchRequired,
    JoinRequired,
    NoCommissioner,
    NoInstructor,
    InstructorNotMember,
    JointTooWide,
    CommitteeRequired,
    CommitteeSize,
    UpgradeSuggested,
    ElectionDue,
    ElectionOverdue,
    ElectionSeverelyOverdue,
    SecretaryVacant,
    GroupOrphaned,
    TemporaryStale,
    StarterFundUnpaid,
    StarterFundIneligible,
    MemberMeetingMissed,
    CommitteeMeetingMissed,
    GroupMeetingMissed,
    ThemeDayMissed,
    PartyLectureMissed,
    LifeMeetingMissed,
    DemocraticReviewMissed,
}

impl Code {
    #[must_use]
    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            Uncovered
            | BranchRequired
            | InstructorNotMember
            | CommitteeRequired
            | ElectionOverdue
            | ElectionSeverelyOverdue
            | GroupOrphaned
            | StarterFundIneligible => Severity::Error,
            UpgradeSuggested => Severity::Info,
            _ => Severity::Warning,
        }
    }
}
