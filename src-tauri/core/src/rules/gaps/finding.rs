//! What a gap found, and its message in Chinese or English: the words a
//! clerk reads to know what to do.

use super::code::Code;
use crate::model::*;
use crate::rules::ledger::{self, yuan};
use crate::rules::life::{Period, Rule};
use chrono::NaiveDate;

/// The detail of a gap, from which its message is written in either language.
pub(super) enum Finding {
    Uncovered,
    BranchRequired {
        full: u64,
        status: Status,
    },
    JoinRequired {
        full: u64,
    },
    NoCommissioner,
    NoInstructor,
    InstructorNotMember {
        person: String,
    },
    JointTooWide {
        units: usize,
    },
    CommitteeRequired {
        full: u64,
    },
    CommitteeSize {
        size: u32,
    },
    UpgradeSuggested {
        members: u64,
        kind: OrgKind,
    },
    ElectionDue {
        due: NaiveDate,
    },
    ElectionOverdue {
        due: NaiveDate,
    },
    ElectionSeverelyOverdue {
        due: NaiveDate,
    },
    SecretaryVacant,
    GroupOrphaned,
    TemporaryStale,
    StarterFundUnpaid {
        paid: Fen,
        min: Fen,
    },
    StarterFundIneligible {
        voucher: String,
        date: NaiveDate,
        what: Vec<ledger::Disagreement>,
    },
    /// Nothing of the rule's kind recorded in its last complete period.
    Missed {
        rule: Rule,
        period: Period,
    },
    ProbationEnding {
        end: NaiveDate,
    },
    ProbationOverdue {
        end: NaiveDate,
    },
    LostContactLong {
        since: NaiveDate,
    },
    StoppedLong {
        since: NaiveDate,
    },
    TransferDue {
        arrived: NaiveDate,
    },
    MemberOrgInactive,
    MemberOrgElsewhere {
        covering: String,
    },
}

impl Finding {
    pub(super) fn code(&self) -> Code {
        match self {
            Finding::Uncovered => Code::Uncovered,
            Finding::BranchRequired { .. } => Code::BranchRequired,
            Finding::JoinRequired { .. } => Code::JoinRequired,
            Finding::NoCommissioner => Code::NoCommissioner,
            Finding::NoInstructor => Code::NoInstructor,
            Finding::InstructorNotMember { .. } => Code::InstructorNotMember,
            Finding::JointTooWide { .. } => Code::JointTooWide,
            Finding::CommitteeRequired { .. } => Code::CommitteeRequired,
            Finding::CommitteeSize { .. } => Code::CommitteeSize,
            Finding::UpgradeSuggested { .. } => Code::UpgradeSuggested,
            Finding::ElectionDue { .. } => Code::ElectionDue,
            Finding::ElectionOverdue { .. } => Code::ElectionOverdue,
            Finding::ElectionSeverelyOverdue { .. } => Code::ElectionSeverelyOverdue,
            Finding::SecretaryVacant => Code::SecretaryVacant,
            Finding::GroupOrphaned => Code::GroupOrphaned,
            Finding::TemporaryStale => Code::TemporaryStale,
            Finding::StarterFundUnpaid { .. } => Code::StarterFundUnpaid,
            Finding::StarterFundIneligible { .. } => Code::StarterFundIneligible,
            Finding::ProbationEnding { .. } => Code::ProbationEnding,
            Finding::ProbationOverdue { .. } => Code::ProbationOverdue,
            Finding::LostContactLong { .. } => Code::LostContactLong,
            Finding::StoppedLong { .. } => Code::StoppedLong,
            Finding::TransferDue { .. } => Code::TransferDue,
            Finding::MemberOrgInactive => Code::MemberOrgInactive,
            Finding::MemberOrgElsewhere { .. } => Code::MemberOrgElsewhere,
            Finding::Missed { rule, .. } => match rule {
                Rule::MemberMeeting => Code::MemberMeetingMissed,
                Rule::CommitteeMeeting => Code::CommitteeMeetingMissed,
                Rule::GroupMeeting => Code::GroupMeetingMissed,
                Rule::ThemeDay => Code::ThemeDayMissed,
                Rule::PartyLecture => Code::PartyLectureMissed,
                Rule::LifeMeeting => Code::LifeMeetingMissed,
                Rule::DemocraticReview => Code::DemocraticReviewMissed,
            },
        }
    }

    pub(super) fn message(&self, lang: Lang) -> String {
        use Finding::*;
        let (zh, en) = match self {
            Uncovered => (
                "尚未实现党的组织覆盖和工作覆盖：有党员的成立或联建党组织，没有党员的选派党建指导员".to_string(),
                "Not covered: found or join a party organization, or send a party-building instructor".to_string(),
            ),
            BranchRequired { full, status } => (
                format!("有正式党员 {full} 名（≥3），应单独成立党支部（当前覆盖方式：{}）", crate::model::labels::status_zh(*status)),
                format!("{full} full members (3 or more): found its own branch (now: {})", crate::model::labels::status_en(*status)),
            ),
            JoinRequired { full } => (
                format!("正式党员 {full} 名（不足 3 名），应与邻近单位联合成立党支部"),
                format!("{full} full member(s), fewer than 3: join a joint branch with neighbouring units"),
            ),
            NoCommissioner => (
                "在建项目未配备项目专员，应按“一对一”选派".to_string(),
                "Project under construction without a commissioner: assign one (one-to-one)".to_string(),
            ),
            NoInstructor => (
                "在建项目未配备党建指导员，应选派".to_string(),
                "Project under construction without a party-building instructor: send one".to_string(),
            ),
            InstructorNotMember { person } => (
                format!("党建指导员“{person}”不是党员，应改派懂党务的党员干部"),
                format!("Instructor {person} is not a party member: send a party-member cadre instead"),
            ),
            JointTooWide { units } => (
                format!("联合党支部覆盖 {units} 个单位，超过 5 个，应拆分"),
                format!("Joint branch covers {units} units, more than 5: split it"),
            ),
            CommitteeRequired { full } => (
                format!("正式党员 {full} 名（≥7），应选举产生支部委员会（3至5人，最多7人）"),
                format!("{full} full members (7 or more): elect a branch committee of 3 to 5 (at most 7)"),
            ),
            CommitteeSize { size } => (
                format!("支部委员会 {size} 人，应为 3 至 7 人"),
                format!("Branch committee of {size}: it should have 3 to 7 members"),
            ),
            UpgradeSuggested { members, kind } => match kind {
                OrgKind::GeneralBranch => (
                    format!("党员 {members} 名（≥100），可成立基层党委"),
                    format!("{members} members (100 or more): may become a basic committee"),
                ),
                _ => (
                    format!("党员 {members} 名（超过 50 名），可成立党总支"),
                    format!("{members} members (more than 50): may become a general branch"),
                ),
            },
            ElectionDue { due } => (
                format!("任期将于 {} 届满，请准备换届选举", date_zh(*due)),
                format!("Term ends on {due}: prepare the election"),
            ),
            ElectionOverdue { due } => (
                format!("任期已于 {} 届满，应尽快换届（延期须经批准，最长 1 年）", date_zh(*due)),
                format!("Term ended on {due}: hold the election now (postponement needs approval, at most 1 year)"),
            ),
            ElectionSeverelyOverdue { due } => (
                format!("任期已于 {} 届满，超期 1 年以上，须立即换届", date_zh(*due)),
                format!("Term ended on {due}, more than a year ago: hold the election at once"),
            ),
            SecretaryVacant => (
                "书记空缺，应尽快配齐".to_string(),
                "No secretary: appoint or elect one".to_string(),
            ),
            GroupOrphaned => (
                "党小组没有存续的上级基层党组织，应明确隶属的党支部".to_string(),
                "Party group without an active basic parent: attach it to a branch".to_string(),
            ),
            TemporaryStale => (
                "临时党支部所在项目均已不在建设期，应撤销或转为正式党支部".to_string(),
                "None of the temporary branch's units is under construction: dissolve it or make it a branch".to_string(),
            ),
            StarterFundUnpaid { paid, min } => (
                format!("新建非公企业党组织启动资金未拨付到位：已拨 {}，应不少于 {}", yuan(*paid), yuan(*min)),
                format!("Starter fund not paid: {} paid, at least {} due", yuan(*paid), yuan(*min)),
            ),
            StarterFundIneligible { voucher, date, what } => {
                let (zh, en): (Vec<String>, Vec<String>) = what
                    .iter()
                    .map(|d| match d {
                        ledger::Disagreement::BelowMinimum { min } => (
                            format!("金额低于现行最低标准 {}", yuan(*min)),
                            format!("the amount is below today's minimum of {}", yuan(*min)),
                        ),
                        ledger::Disagreement::NotEligible => (
                            "按现有数据，该组织在拨付当日不符合启动资金条件（当日存续、有上级的基层党组织、覆盖非公有制企业、在起算日期后成立）".to_string(),
                            "with today's data the organization was not eligible or not active on that day".to_string(),
                        ),
                    })
                    .unzip();
                (
                    format!(
                        "{}拨付的启动资金（凭证 {voucher}）与后来更正的数据不符：{}；请核实，如确属错拨请冲销该笔",
                        date_zh(*date),
                        zh.join("；")
                    ),
                    format!(
                        "The starter fund paid on {date} (voucher {voucher}) no longer agrees with the corrected data: {}; check it and reverse the entry if it was paid in error",
                        en.join("; ")
                    ),
                )
            }
            ProbationEnding { end } => (
                format!("预备期将于 {} 届满：请准备转正讨论", date_zh(*end)),
                format!("Probation ends on {end}: prepare the vote on full membership"),
            ),
            ProbationOverdue { end } => (
                format!("预备期已于 {} 届满，尚未记录转正（或延长预备期、取消预备党员资格）", date_zh(*end)),
                format!("Probation ended on {end} and no decision is recorded: full membership, an extension or cancellation"),
            ),
            LostContactLong { since } => (
                format!("自 {} 失去联系已超过 6 个月：应按规定停止党籍", date_zh(*since)),
                format!("Out of contact since {since}, for 6 months or more: the membership should be stopped"),
            ),
            StoppedLong { since } => (
                format!("自 {} 停止党籍已满 2 年：应按规定除名", date_zh(*since)),
                format!("Membership stopped since {since}, for 2 years or more: the member should be removed"),
            ),
            TransferDue { arrived } => (
                format!("流入党员自 {} 在园区工作已满 6 个月：应将组织关系转入", date_zh(*arrived)),
                format!("Working here since {arrived}, 6 months or more: move the membership here"),
            ),
            MemberOrgInactive => (
                "组织关系所在党组织缺失或已撤销：应将组织关系转入存续的党组织".to_string(),
                "The organization holding the membership is missing or dissolved: move it to an active one".to_string(),
            ),
            MemberOrgElsewhere { covering } => (
                format!("所在单位由“{covering}”覆盖，组织关系却在别处：应转入单位所在的党组织"),
                format!("The member's unit is covered by {covering}, but the membership is held elsewhere: move it there"),
            ),
            Missed { rule, period } => {
                let kind = rule.kind();
                (
                    format!(
                        "{}没有{}的记录（应{}至少一次）：如已召开请补记，未召开请尽快安排",
                        period.label(Lang::Zh),
                        labels::meeting_kind_zh(kind),
                        every_zh(period)
                    ),
                    format!(
                        "No {} recorded in {} (due at least once {}): record it if it was held, or hold it soon",
                        labels::meeting_kind_en(kind).to_lowercase(),
                        period.label(Lang::En),
                        every_en(period)
                    ),
                )
            }
        };
        lang.pick(zh, en)
    }
}

/// How often a period's rule is due, in words: 每季度, each quarter.
fn every_zh(p: &Period) -> &'static str {
    match months(p) {
        1 => "每月",
        3 => "每季度",
        6 => "每半年",
        _ => "每年",
    }
}

fn every_en(p: &Period) -> &'static str {
    match months(p) {
        1 => "a month",
        3 => "a quarter",
        6 => "every half-year",
        _ => "a year",
    }
}

fn months(p: &Period) -> i32 {
    use chrono::Datelike;
    (p.last.year() - p.first.year()) * 12 + p.last.month() as i32 - p.first.month() as i32 + 1
}

pub use crate::model::dates::date_zh;
