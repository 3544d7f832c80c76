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
    ProbationEnding,
    ProbationOverdue,
    LostContactLong,
    StoppedLong,
    TransferDue,
    MemberOrgInactive,
    MemberOrgElsewhere,
}

/// Each code's short name, as a clerk reads it on a tag or in a list (the
/// message says the rest): Chinese, English.
pub const LABELS: [(Code, &str, &str); 32] = [
    (Code::Uncovered, "未覆盖", "Not covered"),
    (Code::BranchRequired, "应单独建支部", "Needs its own branch"),
    (
        Code::JoinRequired,
        "应联建或纳入支部",
        "Should join a branch",
    ),
    (
        Code::NoCommissioner,
        "缺项目专员",
        "No project commissioner",
    ),
    (
        Code::NoInstructor,
        "缺党建指导员",
        "No party-building instructor",
    ),
    (
        Code::InstructorNotMember,
        "指导员非党员",
        "Instructor not a party member",
    ),
    (
        Code::JointTooWide,
        "联合支部覆盖过多",
        "Joint branch too wide",
    ),
    (
        Code::CommitteeRequired,
        "应设支部委员会",
        "Committee required",
    ),
    (Code::CommitteeSize, "支委人数不当", "Committee size off"),
    (Code::UpgradeSuggested, "建议升格", "Upgrade suggested"),
    (Code::ElectionDue, "即将换届", "Election due"),
    (Code::ElectionOverdue, "换届逾期", "Election overdue"),
    (
        Code::ElectionSeverelyOverdue,
        "换届严重逾期",
        "Election overdue by a year",
    ),
    (Code::SecretaryVacant, "书记空缺", "No secretary"),
    (
        Code::GroupOrphaned,
        "党小组无上级",
        "Group without a parent",
    ),
    (
        Code::TemporaryStale,
        "临时支部应撤销",
        "Temporary branch outlived",
    ),
    (
        Code::StarterFundUnpaid,
        "启动资金未拨付",
        "Starter fund unpaid",
    ),
    (
        Code::StarterFundIneligible,
        "启动资金不符合条件",
        "Starter fund ineligible",
    ),
    (
        Code::MemberMeetingMissed,
        "未开党员大会",
        "Member meeting missed",
    ),
    (
        Code::CommitteeMeetingMissed,
        "未开支委会",
        "Committee meeting missed",
    ),
    (
        Code::GroupMeetingMissed,
        "未开党小组会",
        "Group meeting missed",
    ),
    (Code::ThemeDayMissed, "未开主题党日", "Theme day missed"),
    (Code::PartyLectureMissed, "未上党课", "Party lecture missed"),
    (
        Code::LifeMeetingMissed,
        "未开组织生活会",
        "Life meeting missed",
    ),
    (
        Code::DemocraticReviewMissed,
        "未开展民主评议",
        "Democratic review missed",
    ),
    (Code::ProbationEnding, "预备期将满", "Probation ending"),
    (Code::ProbationOverdue, "逾期未转正", "Probation overdue"),
    (
        Code::LostContactLong,
        "失联超过半年",
        "Lost contact for 6 months",
    ),
    (Code::StoppedLong, "停止党籍超过两年", "Stopped for 2 years"),
    (Code::TransferDue, "应转入组织关系", "Transfer due"),
    (
        Code::MemberOrgInactive,
        "组织关系无着落",
        "Membership held nowhere",
    ),
    (
        Code::MemberOrgElsewhere,
        "组织关系未随单位",
        "Membership held elsewhere",
    ),
];

impl Code {
    /// The short Chinese name of the code written `code` (as JSON and the
    /// district file keep it), or "" for none.
    #[must_use]
    pub fn short_zh_of(code: &str) -> &'static str {
        LABELS
            .iter()
            .find(|(c, ..)| crate::model::code_of(c) == code)
            .map_or("", |(_, zh, _)| zh)
    }

    /// The short Chinese name (`LABELS`), as the workbook writes it.
    #[must_use]
    pub fn short_zh(self) -> &'static str {
        LABELS
            .iter()
            .find(|(c, ..)| *c == self)
            .map_or("", |(_, zh, _)| zh)
    }

    /// A member gap: about a person (DOMAIN.md "Members"), found only from
    /// the roster, so the district takes it as the park's workbook lists it.
    #[must_use]
    pub fn about_person(self) -> bool {
        use Code::*;
        matches!(
            self,
            ProbationEnding
                | ProbationOverdue
                | LostContactLong
                | StoppedLong
                | TransferDue
                | MemberOrgInactive
                | MemberOrgElsewhere
        )
    }

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
            | StarterFundIneligible
            | ProbationOverdue
            | MemberOrgInactive => Severity::Error,
            UpgradeSuggested | ProbationEnding => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code has one label in each language, and no two codes share one.
    #[test]
    fn every_code_has_its_own_label() {
        let mut codes: Vec<String> = LABELS
            .iter()
            .map(|(c, ..)| serde_json::to_string(c).unwrap())
            .collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), LABELS.len());
        for column in [1, 2] {
            let mut names: Vec<&str> = LABELS
                .iter()
                .map(|l| if column == 1 { l.1 } else { l.2 })
                .collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), LABELS.len());
        }
    }
}
