//! One row of the sheet as typed values: each cell read as its column's
//! kind, each problem named by row and column.

use super::sheet::{Raw, MAX_CELL_CHARS};
use crate::error::Result;
use crate::exchange::workbook::columns::{header_of, Field};
use crate::model::dates::{date_from_parts, parse_date};
use crate::model::labels::{parse_ownership, parse_stage, parse_unit_kind, parse_yes_no};
use crate::model::problem::Problem;
use crate::model::*;
use chrono::NaiveDate;

/// The values one row gives; `None` where its column is absent or empty.
#[derive(Default)]
pub(super) struct RowValues {
    pub(super) id: Option<String>,
    pub(super) name: Option<String>,
    pub(super) kind: Option<UnitKind>,
    pub(super) ownership: Option<Ownership>,
    pub(super) wholly_owned: Option<bool>,
    pub(super) legal_rep_member: Option<bool>,
    pub(super) legal_rep_secretary: Option<bool>,
    pub(super) stage: Option<Stage>,
    pub(super) credit_code: Option<String>,
    pub(super) employees: Option<u32>,
    pub(super) full_members: Option<u32>,
    pub(super) probationary_members: Option<u32>,
    pub(super) town: Option<String>,
    pub(super) village: Option<String>,
    pub(super) key_project: Option<bool>,
    pub(super) commissioner: Option<String>,
    pub(super) instructor: Option<String>,
    /// The ids the export writes beside the names.
    pub(super) commissioner_id: Option<String>,
    pub(super) instructor_id: Option<String>,
    pub(super) started_on: Option<NaiveDate>,
    pub(super) closed_on: Option<NaiveDate>,
}

/// A cell as the text a clerk would have typed into it (a date as
/// `2013-06-30`), `None` when empty; or what is wrong with it.
pub(super) fn raw_text(raw: &Raw) -> Result<Option<String>, String> {
    let text = match raw {
        Raw::Empty => return Ok(None),
        Raw::Text(s) => s.trim().to_string(),
        Raw::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Raw::Number(n) => n.to_string(),
        Raw::Date(d) => d.to_string(),
        Raw::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
        Raw::Error(e) => return Err(e.clone()),
    };
    let chars = text.chars().count();
    if chars > MAX_CELL_CHARS {
        return Err(format!(
            "内容过长（{chars} 个字符，最多 {MAX_CELL_CHARS} 个）"
        ));
    }
    Ok((!text.is_empty()).then_some(text))
}

pub(super) struct RowReader<'a> {
    row: usize,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    fn problem(&mut self, field: Field, message: impl Into<String>) {
        self.problems.push(Problem::new(
            format!("第 {} 行", self.row),
            format!("“{}”列", header_of(field)),
            message,
        ));
    }

    fn text(&mut self, field: Field, raw: &Raw) -> Option<String> {
        raw_text(raw).unwrap_or_else(|m| {
            self.problem(field, m);
            None
        })
    }

    fn count(&mut self, field: Field, raw: &Raw) -> Option<u32> {
        let n = match raw {
            Raw::Empty => return None,
            Raw::Number(n) => *n,
            Raw::Text(s) => match s.trim().parse::<f64>() {
                Ok(n) => n,
                Err(_) => {
                    let shown: String = s.chars().take(20).collect();
                    self.problem(field, format!("“{shown}”不是人数：应为 0 或正整数"));
                    return None;
                }
            },
            other => {
                self.problem(field, format!("应为 0 或正整数，实为{}", other.shown()));
                return None;
            }
        };
        if n < 0.0 {
            self.problem(field, format!("不能为负数，实为 {n}"));
            None
        } else if n.fract() != 0.0 || n > u32::MAX as f64 {
            self.problem(field, format!("应为整数，实为 {n}"));
            None
        } else {
            Some(n as u32)
        }
    }

    fn date(&mut self, field: Field, raw: &Raw) -> Option<NaiveDate> {
        match raw {
            Raw::Empty => None,
            Raw::Date(d) => Some(*d),
            Raw::Text(s) => parse_sheet_date(s.trim())
                .map_err(|m| self.problem(field, m))
                .ok(),
            Raw::Number(n) => {
                self.problem(field, number_not_date(*n));
                None
            }
            other => {
                self.problem(field, format!("不是日期：{}", other.shown()));
                None
            }
        }
    }

    fn code<T>(
        &mut self,
        field: Field,
        raw: &Raw,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        let text = self.text(field, raw)?;
        let value = parse(&text);
        if value.is_none() {
            self.problem(field, format!("“{text}”不是允许的值（{allowed}）"));
        }
        value
    }
}

/// What a number where a date belongs is.
pub(super) fn number_not_date(n: f64) -> String {
    format!("{n} 不是日期：请把单元格设为日期格式，或写作 2013-01-01")
}

/// A date as clerks write it: ISO `2013-01-01` or `2013年1月1日`.
pub(super) fn parse_sheet_date(text: &str) -> Result<NaiveDate, String> {
    if let Some(rest) = text.strip_suffix('日') {
        let parts: Vec<&str> = rest.split(['年', '月']).collect();
        if let [y, m, d] = parts[..] {
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                return date_from_parts(text, y, m, d);
            }
        }
    }
    parse_date(text).map_err(|shaped| {
        if text.len() == 10 && text.as_bytes()[4] == b'-' {
            shaped
        } else {
            format!(
                "日期“{text}”无法识别：请写作 2013-01-01 或 2013年1月1日，或把单元格设为日期格式"
            )
        }
    })
}

pub(super) fn read_row(
    cells: &[Raw],
    columns: &[(usize, Field)],
    row: usize,
    problems: &mut Vec<Problem>,
) -> RowValues {
    let mut r = RowReader { row, problems };
    let mut v = RowValues::default();
    for &(c, field) in columns {
        let raw = cells.get(c).unwrap_or(&Raw::Empty);
        match field {
            Field::Name => v.name = r.text(field, raw),
            Field::Kind => v.kind = r.code(field, raw, parse_unit_kind, "企业、项目、机关"),
            Field::Ownership => {
                v.ownership = r.code(
                    field,
                    raw,
                    parse_ownership,
                    "私营、港澳台商投资、外商投资、国有、集体、其他",
                )
            }
            Field::WhollyOwned => v.wholly_owned = r.code(field, raw, parse_yes_no, "是、否"),
            Field::LegalRepMember => {
                v.legal_rep_member = r.code(field, raw, parse_yes_no, "是、否")
            }
            Field::LegalRepSecretary => {
                v.legal_rep_secretary = r.code(field, raw, parse_yes_no, "是、否")
            }
            Field::Stage => v.stage = r.code(field, raw, parse_stage, "在建、运营"),
            Field::CreditCode => v.credit_code = r.text(field, raw).map(|s| s.to_ascii_uppercase()),
            Field::Employees => v.employees = r.count(field, raw),
            Field::FullMembers => v.full_members = r.count(field, raw),
            Field::ProbationaryMembers => v.probationary_members = r.count(field, raw),
            Field::Town => v.town = r.text(field, raw),
            Field::Village => v.village = r.text(field, raw),
            Field::KeyProject => v.key_project = r.code(field, raw, parse_yes_no, "是、否"),
            Field::Commissioner => v.commissioner = r.text(field, raw),
            Field::Instructor => v.instructor = r.text(field, raw),
            Field::StartedOn => v.started_on = r.date(field, raw),
            Field::ClosedOn => v.closed_on = r.date(field, raw),
            Field::CommissionerId => v.commissioner_id = r.text(field, raw),
            Field::InstructorId => v.instructor_id = r.text(field, raw),
            Field::Id => v.id = r.text(field, raw),
            Field::Status => {}
        }
    }
    v
}
