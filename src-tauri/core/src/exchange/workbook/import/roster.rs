//! Importing the clerk's own 花名册 (the roster kept in Excel), a kind of
//! the import mechanism of `plan.rs`: columns matched by header with the
//! usual synonyms, dates as clerks write them (1985.06, 1985年6月,
//! 2005-7-1, Excel's serial dates), each row through the member dialog's
//! form. A row is the person of its 编号, else of its ID number, else the
//! one person of its name; otherwise a new person.

use super::people::People;
use super::plan::{self, Change, Kind, Plan, Row};
use super::rows::raw_text;
use super::sheet::{Raw, Sheet};
use crate::exchange::member_form::MemberForm;
use crate::model::dates::{date_from_parts, parse_typed};
use crate::model::problem::Problem;
use crate::model::*;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

/// The sheet a roster is read from when a workbook has several.
pub const ROSTER: &str = "党员名册";

/// The columns: header, the form's field, synonyms from clerks' sheets.
const COLUMNS: &plan::ColumnTable = &[
    ("编号", "id", &[]),
    ("姓名", "name", &["党员姓名"]),
    ("性别", "gender", &[]),
    ("民族", "ethnicity", &[]),
    ("出生年月", "birth_date", &["出生日期", "出生时间"]),
    ("学历", "education", &["文化程度", "最高学历"]),
    ("入党时间", "joined_on", &["入党日期", "入党年月"]),
    ("转正时间", "full_on", &["转正日期", "转正年月"]),
    (
        "身份证号",
        "id_number",
        &["身份证号码", "公民身份号码", "身份证"],
    ),
    ("工作单位", "unit", &["单位", "所在单位", "工作单位及职务"]),
    (
        "所在党组织",
        "org",
        &["党组织", "所在支部", "所在党支部", "党支部"],
    ),
    (
        "联系电话",
        "phone",
        &["电话", "手机", "手机号码", "联系方式"],
    ),
];
const REQUIRED: [&str; 2] = ["name", "joined_on"];

fn header_of(field: &str) -> &'static str {
    plan::header_in(COLUMNS, field)
}

/// A date in a 花名册 cell: the day, and whether only its month is known
/// (read as the month's first day).
pub fn roster_date(raw: &Raw) -> Result<Option<(NaiveDate, bool)>, String> {
    let month = |text: &str, y: i64, m: i64| {
        date_from_parts(text, y as i32, m as u32, 1).map(|d| Some((d, true)))
    };
    match raw {
        Raw::Empty => Ok(None),
        Raw::Date(d) => Ok(Some((*d, false))),
        // 1985.06 typed into a number cell.
        Raw::Number(n) if (1900.0..2100.0).contains(n) && n.fract() != 0.0 => {
            let m = (n.fract() * 100.0).round() as i64;
            month(&n.to_string(), n.trunc() as i64, m)
        }
        // Excel's serial date (day 1 is 1900-01-01; its 1900-02-29 is skipped).
        Raw::Number(n) if n.fract() == 0.0 && (61.0..2_958_466.0).contains(n) => {
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid");
            Ok(epoch
                .checked_add_days(Days::new(*n as u64))
                .map(|d| (d, false)))
        }
        Raw::Text(t) => {
            let t = t.trim();
            if let Ok(d) = parse_typed(t) {
                return Ok(Some((d, false)));
            }
            let t2 = t.trim_end_matches('月');
            let parts: Vec<&str> = t2.split(['.', '-', '/', '年']).collect();
            match parts[..] {
                [y, m]
                    if y.len() == 4
                        && (1..=2).contains(&m.len())
                        && (y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) =>
                {
                    month(t, y.parse().expect("digits"), m.parse().expect("digits"))
                }
                _ => Err(format!(
                    "日期“{t}”无法识别：请写作 2005-07-01、2005.7.1、2005年7月1日，只知年月的写作 2005.07 或 2005年7月"
                )),
            }
        }
        other => Err(format!("不是日期：{}", other.shown())),
    }
}

/// Which member a change is, for the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub name: String,
    pub unit: Option<String>,
}

/// The import of a 花名册.
#[derive(Debug, Clone, Copy)]
pub struct Members;

/// What importing a 花名册 would do.
pub type RosterPlan = Plan<Members>;

/// What a roster plan looks people, units and organizations up by.
pub struct RosterPlanner {
    unit_of: HashMap<String, String>,
    org_of: HashMap<String, String>,
    by_id_number: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// The people the sheet has named so far, by row.
    seen: HashMap<String, usize>,
}

impl plan::Record for Person {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Kind for Members {
    const SHEET: &'static str = ROSTER;
    const RECORDS: &'static str = "people";
    const NOUN: &'static str = "党员";
    const ACTION: &'static str = "members.import";
    const SUBJECT: &'static str = "person";
    type Column = &'static str;
    type Record = Person;
    type What = Member;
    type Planner = RosterPlanner;

    fn column(header: &str) -> Option<&'static str> {
        plan::field_in(COLUMNS, header)
    }

    fn header(column: &'static str) -> &'static str {
        header_of(column)
    }

    fn missing(columns: &[(usize, &'static str)]) -> Option<String> {
        plan::missing_in(
            COLUMNS,
            &REQUIRED,
            columns,
            "花名册应至少有姓名和入党时间两列",
        )
    }

    fn field_header(key: &str) -> &'static str {
        header_of(key)
    }

    fn records(reg: &Registry) -> &[Person] {
        &reg.people
    }

    fn planner(reg: &Registry) -> RosterPlanner {
        let names = |pairs: Vec<(String, String)>| pairs.into_iter().rev().collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in reg.people.iter().enumerate() {
            by_name.entry(p.name.clone()).or_default().push(i);
        }
        RosterPlanner {
            unit_of: names(
                (reg.units.iter())
                    .flat_map(|u| [(u.name.clone(), u.id.clone()), (u.id.clone(), u.id.clone())])
                    .collect(),
            ),
            org_of: names(
                (reg.organizations.iter())
                    .flat_map(|o| [(o.name.clone(), o.id.clone()), (o.id.clone(), o.id.clone())])
                    .collect(),
            ),
            by_id_number: (reg.people.iter().enumerate())
                .filter_map(|(i, p)| Some((p.id_number.clone()?, i)))
                .collect(),
            by_name,
            seen: HashMap::new(),
        }
    }

    fn row(
        p: &mut RosterPlanner,
        people: &mut People,
        row: usize,
        cells: &[Raw],
        columns: &[(usize, &'static str)],
        problems: &mut Vec<Problem>,
    ) -> Option<Row<Change<Member>>> {
        // The sheet's values; a matched person keeps what the sheet has no
        // column for (or masks, as an export masks ID numbers).
        let mut form = MemberForm::default();
        let mut present: Vec<&'static str> = Vec::new();
        let mut approximate = Vec::new();
        let mut cell_problem = false;
        for &(c, field) in columns {
            let cell = cells.get(c).unwrap_or(&Raw::Empty);
            let text = match field {
                "joined_on" | "full_on" | "birth_date" => roster_date(cell).map(|d| {
                    d.map(|(d, approx)| {
                        if approx && field == "birth_date" {
                            return d.format("%Y-%m").to_string();
                        }
                        if approx {
                            approximate.push(field.to_string());
                        }
                        d.to_string()
                    })
                }),
                _ => raw_text(cell),
            };
            let text = match text {
                Ok(t) => t.unwrap_or_default(),
                Err(m) => {
                    problems.push(at(row, field, m));
                    cell_problem = true;
                    continue;
                }
            };
            present.push(field);
            *slot(&mut form, field) = text;
        }
        if cell_problem {
            return None;
        }
        form.gender = match form.gender.as_str() {
            "男" => "male".into(),
            "女" => "female".into(),
            other => other.into(),
        };
        let unit_name = (!form.unit.is_empty()).then(|| form.unit.clone());
        for (field, text, of) in [
            ("unit", &mut form.unit, &p.unit_of),
            ("org", &mut form.org, &p.org_of),
        ] {
            if text.is_empty() {
                continue;
            }
            match of.get(text.as_str()) {
                Some(id) => text.clone_from(id),
                None => {
                    let what = if field == "unit" {
                        "单位"
                    } else {
                        "党组织"
                    };
                    problems.push(at(row, field, format!("“{text}”不是登记簿中的{what}")));
                    return None;
                }
            }
        }
        let index = which(p, people.reg, &form);
        if let Some(i) = index {
            if let Some(first) = p.seen.insert(people.reg.people[i].id.clone(), row) {
                problems.push(at(
                    row,
                    "name",
                    format!("与第 {first} 行是同一人（{}）", people.reg.people[i].name),
                ));
                return None;
            }
        }
        let stored = index.map(|i| people.reg.people[i].clone());
        if form.id_number.contains('*') {
            present.retain(|f| *f != "id_number");
        }
        let mut sheet = form;
        let mut form = stored.as_ref().map(MemberForm::of).unwrap_or_default();
        for field in &present {
            *slot(&mut form, field) = std::mem::take(slot(&mut sheet, field));
        }
        approximate.extend(
            (stored.as_ref().and_then(|s| s.membership.as_ref()))
                .map(|m| m.approximate.clone())
                .unwrap_or_default()
                .into_iter()
                .filter(|f| !present.contains(&f.as_str())),
        );
        let mut person = match form.to_person(stored.as_ref()) {
            Ok(person) => person,
            Err(crate::Error::Invalid(found)) => {
                problems.extend(found.into_iter().map(|f| at(row, &f.field, f.message)));
                return None;
            }
            Err(e) => {
                problems.push(at(row, "", e.to_string()));
                return None;
            }
        };
        let membership = person.membership.as_mut().expect("the form makes one");
        membership.approximate = approximate;
        let change = |id: &str, fields| Change {
            row,
            id: id.to_string(),
            what: Member {
                name: person.name.clone(),
                unit: unit_name.clone(),
            },
            fields,
        };
        match (index, stored) {
            (Some(i), Some(stored)) => {
                person.id.clone_from(&stored.id);
                person.party_member = stored.party_member || person.party_member;
                let fields = changed_fields(&stored, &person);
                if fields.is_empty() {
                    return Some(Row::Unchanged(i));
                }
                let change = change(&person.id, fields);
                people.reg.people[i] = person;
                Some(Row::Updated(i, change))
            }
            _ => {
                person.id = people.fresh_id();
                p.seen.insert(person.id.clone(), row);
                let change = change(&person.id, Vec::new());
                people.reg.people.push(person);
                Some(Row::Added(people.reg.people.len() - 1, change))
            }
        }
    }
}

/// The form's field a column fills.
fn slot<'a>(form: &'a mut MemberForm, field: &str) -> &'a mut String {
    match field {
        "id" => &mut form.id,
        "name" => &mut form.name,
        "gender" => &mut form.gender,
        "ethnicity" => &mut form.ethnicity,
        "birth_date" => &mut form.birth_date,
        "education" => &mut form.education,
        "joined_on" => &mut form.joined_on,
        "full_on" => &mut form.full_on,
        "id_number" => &mut form.id_number,
        "unit" => &mut form.unit,
        "org" => &mut form.org,
        _ => &mut form.phone,
    }
}

/// The person a row means: of its 编号, else of its ID number, else the
/// only person of its name.
fn which(p: &RosterPlanner, reg: &Registry, form: &MemberForm) -> Option<usize> {
    let id_number = crate::model::members::normalise_id_number(&form.id_number);
    reg.people
        .iter()
        .position(|x| !form.id.is_empty() && x.id == form.id && x.name == form.name.trim())
        .or_else(|| p.by_id_number.get(&id_number).copied())
        .or_else(
            || match p.by_name.get(form.name.trim()).map(Vec::as_slice) {
                Some(&[only]) => Some(only),
                _ => None,
            },
        )
}

fn at(row: usize, field: &str, message: impl Into<String>) -> Problem {
    plan::at::<Members>(row, field, message)
}

/// The headers of the columns whose values differ between two people.
fn changed_fields(old: &Person, new: &Person) -> Vec<&'static str> {
    let (om, nm) = (old.membership.as_ref(), new.membership.as_ref());
    let pairs = [
        ("name", old.name != new.name),
        ("phone", old.phone != new.phone),
        ("gender", old.gender != new.gender),
        ("ethnicity", old.ethnicity != new.ethnicity),
        ("birth_date", old.birth_date != new.birth_date),
        ("education", old.education != new.education),
        ("id_number", old.id_number != new.id_number),
        ("unit", om.map(|m| &m.unit) != nm.map(|m| &m.unit)),
        ("org", om.map(|m| &m.org) != nm.map(|m| &m.org)),
        (
            "joined_on",
            om.map(|m| m.joined_on) != nm.map(|m| m.joined_on),
        ),
        ("full_on", om.map(|m| m.full_on) != nm.map(|m| m.full_on)),
    ];
    let mut fields: Vec<&'static str> = pairs
        .iter()
        .filter(|(_, changed)| *changed)
        .map(|(f, _)| header_of(f))
        .collect();
    // A date now known to the day (or only to the month).
    for field in crate::model::members::APPROXIMATE_FIELDS {
        let marked = |m: Option<&Membership>| m.is_some_and(|m| m.is_approximate(field));
        if marked(om) != marked(nm) && !fields.contains(&header_of(field)) {
            fields.push(header_of(field));
        }
    }
    fields
}

/// Plans the import of a 花名册 into `reg` (`plan::plan`).
pub fn plan_roster(
    reg: &Registry,
    sheet: &Sheet,
    today: NaiveDate,
) -> Result<RosterPlan, Vec<Problem>> {
    plan::plan(reg, sheet, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_dates_rule_table() {
        let t = |s: &str| Raw::Text(s.into());
        for (raw, want) in [
            (t("1985.06"), Ok(Some(("1985-06-01", true)))),
            (t("1985.6"), Ok(Some(("1985-06-01", true)))),
            (t("1985年6月"), Ok(Some(("1985-06-01", true)))),
            (t("1985-06"), Ok(Some(("1985-06-01", true)))),
            (t("1985/6"), Ok(Some(("1985-06-01", true)))),
            (t("2005-7-1"), Ok(Some(("2005-07-01", false)))),
            (t("2005.7.1"), Ok(Some(("2005-07-01", false)))),
            (t("2005年7月1日"), Ok(Some(("2005-07-01", false)))),
            (Raw::Number(1985.06), Ok(Some(("1985-06-01", true)))),
            (Raw::Number(1985.1), Ok(Some(("1985-10-01", true)))),
            (Raw::Number(38534.0), Ok(Some(("2005-07-01", false)))),
            (
                Raw::Date("2005-07-01".parse().unwrap()),
                Ok(Some(("2005-07-01", false))),
            ),
            (Raw::Empty, Ok(None)),
            (t("1985.13"), Err("不存在")),
            (t("85.6"), Err("无法识别")),
            (t("二〇〇五年七月"), Err("无法识别")),
            (Raw::Number(12.0), Err("不是日期")),
            (Raw::Bool(true), Err("不是日期")),
        ] {
            let got = roster_date(&raw).map(|d| d.map(|(d, a)| (d.to_string(), a)));
            match (got, want) {
                (Ok(got), Ok(want)) => {
                    assert_eq!(got, want.map(|(d, a)| (d.to_string(), a)), "{raw:?}")
                }
                (Err(e), Err(part)) => assert!(e.contains(part), "{raw:?}: {e}"),
                (got, want) => panic!("{raw:?}: {got:?}, expected {want:?}"),
            }
        }
    }
}
