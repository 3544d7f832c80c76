//! The development gaps (DOMAIN.md "Member development"): about one
//! candidate, as of D, for candidates not dropped at D. Months are
//! calendar months (`chrono::Months`): a month after 31 January is the
//! last day of February, six months after 31 August the last of February.

use super::date_zh;
use crate::model::development::Development;
use crate::model::{Lang, Severity};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// A development gap, with the dates its message speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DevGap {
    /// `applied_on` + 1 month ≤ D and no `talked_on` (细则 art. 7).
    TalkOverdue { applied: NaiveDate, due: NaiveDate },
    /// An activist not yet a target whose last review (`activist_on` or
    /// the latest review) + 6 months ≤ D (细则 art. 11).
    ActivistReviewDue { last: NaiveDate, due: NaiveDate },
    /// Admitted, not approved, `admitted_on` + 3 months ≤ D < + 6 months
    /// (细则 art. 25).
    ApprovalOverdue { admitted: NaiveDate, due: NaiveDate },
    /// Admitted, not approved, `admitted_on` + 6 months ≤ D.
    ApprovalSeverelyOverdue { admitted: NaiveDate, due: NaiveDate },
}

impl DevGap {
    /// The gap's code, as DOMAIN.md writes it.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            DevGap::TalkOverdue { .. } => "TALK_OVERDUE",
            DevGap::ActivistReviewDue { .. } => "ACTIVIST_REVIEW_DUE",
            DevGap::ApprovalOverdue { .. } => "APPROVAL_OVERDUE",
            DevGap::ApprovalSeverelyOverdue { .. } => "APPROVAL_SEVERELY_OVERDUE",
        }
    }

    #[must_use]
    pub fn severity(self) -> Severity {
        match self {
            DevGap::TalkOverdue { .. } | DevGap::ApprovalOverdue { .. } => Severity::Warning,
            DevGap::ActivistReviewDue { .. } => Severity::Info,
            DevGap::ApprovalSeverelyOverdue { .. } => Severity::Error,
        }
    }

    /// What the clerk reads: what is due, since when, and the rule.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        let (zh, en) = match self {
            DevGap::TalkOverdue { applied, .. } => (
                format!(
                    "{}递交入党申请已满 1 个月，尚未记录谈话（细则第七条：一个月内派人谈话）",
                    date_zh(applied)
                ),
                format!("Applied on {applied}, a month or more ago, and no talk is recorded (art. 7: within a month)"),
            ),
            DevGap::ActivistReviewDue { last, .. } => (
                format!(
                    "入党积极分子自 {} 起已满半年未考察：应每半年考察一次（细则第十一条）",
                    date_zh(last)
                ),
                format!("Activist last reviewed on {last}, six months or more ago: review every half-year (art. 11)"),
            ),
            DevGap::ApprovalOverdue { admitted, .. } => (
                format!(
                    "{}支部大会接收为预备党员，已满 3 个月尚未审批（细则第二十五条：上级党委应在 3 个月内审批）",
                    date_zh(admitted)
                ),
                format!("Admitted on {admitted}, three months or more ago, and not approved (art. 25: within 3 months)"),
            ),
            DevGap::ApprovalSeverelyOverdue { admitted, .. } => (
                format!(
                    "{}支部大会接收为预备党员，已满 6 个月尚未审批（细则第二十五条：延长审批时间最长不得超过 6 个月）",
                    date_zh(admitted)
                ),
                format!("Admitted on {admitted}, six months or more ago, and not approved (art. 25: at most 6 months)"),
            ),
        };
        lang.pick(zh, en)
    }
}

/// The gaps of one candidate's development as of D (none once dropped).
/// Dates after D are not yet recorded at D.
#[must_use]
pub fn gaps_at(dev: &Development, d: NaiveDate) -> Vec<DevGap> {
    let by = |date: Option<NaiveDate>| date.filter(|&x| x <= d);
    let months = |date: NaiveDate, n: u32| {
        date.checked_add_months(Months::new(n))
            .unwrap_or(NaiveDate::MAX)
    };
    let mut out = Vec::new();
    if by(dev.dropped_on).is_some() {
        return out;
    }
    if let Some(applied) = by(dev.applied_on) {
        let due = months(applied, 1);
        if due <= d && by(dev.talked_on).is_none() {
            out.push(DevGap::TalkOverdue { applied, due });
        }
    }
    if let Some(activist) = by(dev.activist_on).filter(|_| by(dev.target_on).is_none()) {
        let last = dev
            .reviews
            .iter()
            .copied()
            .filter(|&r| r <= d)
            .fold(activist, NaiveDate::max);
        let due = months(last, 6);
        if due <= d {
            out.push(DevGap::ActivistReviewDue { last, due });
        }
    }
    if let Some(admitted) = by(dev.admitted_on).filter(|_| by(dev.approved_on).is_none()) {
        let (overdue, severe) = (months(admitted, 3), months(admitted, 6));
        if severe <= d {
            out.push(DevGap::ApprovalSeverelyOverdue {
                admitted,
                due: severe,
            });
        } else if overdue <= d {
            out.push(DevGap::ApprovalOverdue {
                admitted,
                due: overdue,
            });
        }
    }
    out
}
