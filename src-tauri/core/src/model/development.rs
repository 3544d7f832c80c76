//! Member development (发展党员, DOMAIN.md "Member development";
//! 《中国共产党发展党员工作细则》2014): a candidate's development record,
//! the stage it has reached on a date, and the clerk's corrections to the
//! working-day calendar the 公示 is counted in. What is allowed and what is
//! due is `rules::development`; the shipped calendar
//! `rules::development::workdays`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A person's development record (the document's `person.development`),
/// field for field. Every date may be missing: a record grows one stage at
/// a time, and records typed from old files lack steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Development {
    /// The organization (branch) developing the candidate.
    pub org: Option<String>,
    /// 递交入党申请书.
    pub applied_on: Option<NaiveDate>,
    /// 党组织派人谈话 (细则 art. 7: within a month of applying).
    pub talked_on: Option<NaiveDate>,
    /// 列为入党积极分子.
    pub activist_on: Option<NaiveDate>,
    /// The half-yearly reviews of the activist (细则 art. 11).
    pub reviews: Vec<NaiveDate>,
    /// 培养联系人: 1 or 2 full members (person ids).
    pub contacts: Vec<String>,
    /// 列为发展对象.
    pub target_on: Option<NaiveDate>,
    /// 入党介绍人: 2 full members (person ids).
    pub introducers: Vec<String>,
    /// 政治审查结论.
    pub reviewed_on: Option<NaiveDate>,
    /// 集中培训, in days…
    pub training_days: Option<u32>,
    /// …or in hours (学时).
    pub training_hours: Option<u32>,
    /// 公示: its first day…
    pub publicity_from: Option<NaiveDate>,
    /// …and its last day.
    pub publicity_to: Option<NaiveDate>,
    /// 基层党委预审.
    pub pre_reviewed_on: Option<NaiveDate>,
    /// 支部大会接收: the membership starts, `joined_on` = this date.
    pub admitted_on: Option<NaiveDate>,
    /// 上级党委审批.
    pub approved_on: Option<NaiveDate>,
    /// No longer pursued.
    pub dropped_on: Option<NaiveDate>,
}

/// Where a development stands on a date. (Not `model::Stage`, a unit's
/// construction stage.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 入党申请人: applied.
    Applicant,
    /// 入党积极分子.
    Activist,
    /// 发展对象.
    Target,
    /// 预备党员, admitted by the branch meeting, awaiting approval.
    Admitted,
    /// 上级党委审批: the development is complete; the person is a
    /// probationary, later a full, member (the membership says which).
    Approved,
    /// No longer pursued.
    Dropped,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Applicant,
        Stage::Activist,
        Stage::Target,
        Stage::Admitted,
        Stage::Approved,
        Stage::Dropped,
    ];

    /// The stage's name as a Chinese office writes it.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Applicant => "入党申请人",
            Stage::Activist => "入党积极分子",
            Stage::Target => "发展对象",
            Stage::Admitted => "预备党员（待审批）",
            Stage::Approved => "已审批",
            Stage::Dropped => "已终止",
        }
    }
}

impl Development {
    /// The stage reached at D: the latest stage whose date is not after D
    /// (a date after D has not happened yet at D), `Dropped` from
    /// `dropped_on`; `None` before applying or with no `applied_on`.
    #[must_use]
    pub fn stage_at(&self, d: NaiveDate) -> Option<Stage> {
        let by = |date: Option<NaiveDate>| date.is_some_and(|x| x <= d);
        if !by(self.applied_on) {
            return None;
        }
        Some(if by(self.dropped_on) {
            Stage::Dropped
        } else if by(self.approved_on) {
            Stage::Approved
        } else if by(self.admitted_on) {
            Stage::Admitted
        } else if by(self.target_on) {
            Stage::Target
        } else if by(self.activist_on) {
            Stage::Activist
        } else {
            Stage::Applicant
        })
    }
}

/// What a clerk's calendar entry makes its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A day off (法定节假日 or 调休 rest day).
    Holiday,
    /// A working day, even on a weekend (调休上班).
    Workday,
}

/// One of the clerk's additions or corrections to the shipped calendar
/// (the document's top-level `holidays`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub kind: HolidayKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_stage_on_each_boundary() {
        let dev = Development {
            applied_on: Some(d("2022-01-10")),
            talked_on: Some(d("2022-02-01")),
            activist_on: Some(d("2022-03-01")),
            target_on: Some(d("2023-03-01")),
            admitted_on: Some(d("2023-09-01")),
            approved_on: Some(d("2023-10-01")),
            ..Development::default()
        };
        for (date, want) in [
            ("2022-01-09", None),
            ("2022-01-10", Some(Stage::Applicant)),
            ("2022-02-28", Some(Stage::Applicant)),
            ("2022-03-01", Some(Stage::Activist)),
            ("2023-02-28", Some(Stage::Activist)),
            ("2023-03-01", Some(Stage::Target)),
            ("2023-09-01", Some(Stage::Admitted)),
            ("2023-09-30", Some(Stage::Admitted)),
            ("2023-10-01", Some(Stage::Approved)),
        ] {
            assert_eq!(dev.stage_at(d(date)), want, "{date}");
        }
        let dropped = Development {
            dropped_on: Some(d("2022-06-01")),
            ..dev.clone()
        };
        assert_eq!(dropped.stage_at(d("2022-05-31")), Some(Stage::Activist));
        assert_eq!(dropped.stage_at(d("2022-06-01")), Some(Stage::Dropped));
        assert_eq!(Development::default().stage_at(d("2030-01-01")), None);
    }

    #[test]
    fn a_document_may_omit_any_field() {
        let dev: Development =
            serde_json::from_str(r#"{"applied_on": "2024-01-02", "contacts": ["p1"]}"#).unwrap();
        assert_eq!(dev.applied_on, Some(d("2024-01-02")));
        assert_eq!(dev.contacts, vec!["p1".to_string()]);
        assert!(dev.reviews.is_empty() && dev.training_days.is_none());
        let h: Holiday =
            serde_json::from_str(r#"{"date": "2024-09-29", "kind": "workday"}"#).unwrap();
        assert_eq!(h.kind, HolidayKind::Workday);
        assert_eq!(
            serde_json::to_string(&Stage::Admitted).unwrap(),
            "\"admitted\""
        );
    }
}
