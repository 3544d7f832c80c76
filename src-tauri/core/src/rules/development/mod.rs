//! Member development (发展党员, DOMAIN.md "Member development";
//! 《中国共产党发展党员工作细则》2014): the checks when a stage is recorded
//! (`checks`), the four development gaps as of a date (`gaps`), and the
//! pipeline's counts as of a date (`pipeline_at`). The working days the
//! 公示 is counted in are `workdays`.
//!
//! Decided where the rules are silent:
//! - A stage dated after D has not happened at D: the stage, the gaps and
//!   the counts as of D read only dates not after D.
//! - The stages' order: 申请 ≤ 谈话 ≤ 积极分子 ≤ 发展对象 (a year later) ≤
//!   政治审查结论 ≤ 预审 ≤ 接收 ≤ 审批; the 公示 lies between 发展对象 and
//!   接收, its first day not after its last. Whether the 公示 comes before
//!   or after the 预审 is not fixed (practice differs). Reviews lie on or
//!   after `activist_on`. `dropped_on` is not before `applied_on` and not
//!   with `approved_on` (an approved development is complete).
//! - `talked_on` is not required before later stages (older records lack
//!   it; its absence is the gap TALK_OVERDUE); `applied_on` is required by
//!   every later stage, `activist_on` by `target_on`, `reviews` and
//!   `contacts`, `target_on` by the steps before admission, `admitted_on`
//!   by `approved_on`.
//! - Contacts are not required (a missing one is not refused); those named
//!   are 1 or 2 distinct full members at `activist_on`, not the candidate.
//!   Introducers named before admission are at most 2, on the registry;
//!   at admission exactly 2 distinct full members at `admitted_on`.
//! - A full member: a member at D (`Person::is_member_at`) and, when the
//!   park keeps its roster and the person has a membership, full at D
//!   (`Membership::full_at`); without the roster the typed 党员 flag is all
//!   that is known, and is taken as full.
//! - Dates are not after today, except `publicity_to`: a 公示 is recorded
//!   when it is posted, its last day ahead.
//! - The 公示 counts its first and last day (`workdays::working_days_between`).
//! - Months are calendar months (`chrono::Months`): a month after 31
//!   January is the last day of February.

mod checks;
mod gaps;
pub mod workdays;

pub use checks::{full_member_at, stage_problems, Context};
pub use gaps::{gaps_at, DevGap};

use crate::model::dates::date_zh;
use crate::model::development::{Development, Stage};
use chrono::NaiveDate;
use serde::Serialize;

/// The least 集中培训 before admission (细则 art. 18): 3 days or 24 hours.
pub const MIN_TRAINING_DAYS: u32 = 3;
pub const MIN_TRAINING_HOURS: u32 = 24;
/// The least 公示, in working days.
pub const MIN_PUBLICITY_DAYS: u32 = 5;

/// The candidates at each stage on a date (those dropped apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    pub applicants: usize,
    pub activists: usize,
    pub targets: usize,
    /// Admitted by the branch meeting (预备党员), not yet approved.
    pub admitted: usize,
    /// Approved on or before the date: every development completed.
    pub approved: usize,
    pub dropped: usize,
}

/// The pipeline at D: each record counted at its `Development::stage_at`
/// (records not yet applied at D not at all).
#[must_use]
pub fn pipeline_at<'a>(devs: impl IntoIterator<Item = &'a Development>, d: NaiveDate) -> Pipeline {
    let mut p = Pipeline::default();
    for dev in devs {
        let slot = match dev.stage_at(d) {
            None => continue,
            Some(Stage::Applicant) => &mut p.applicants,
            Some(Stage::Activist) => &mut p.activists,
            Some(Stage::Target) => &mut p.targets,
            Some(Stage::Admitted) => &mut p.admitted,
            Some(Stage::Approved) => &mut p.approved,
            Some(Stage::Dropped) => &mut p.dropped,
        };
        *slot += 1;
    }
    p
}
