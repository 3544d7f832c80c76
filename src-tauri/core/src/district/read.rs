//! A park's workbook read back as a registry: the park and its settings
//! from `汇总`, the units from `单位` (through the import), organizations
//! from `党组织`, the ledger from `资金台账`, meetings from `组织生活`. Its
//! figures are then computed again with the core's rules; what the park
//! wrote in `汇总`, and the content digest the export left in the
//! metadata, are only compared with them.

use super::rows::{self, yuan_to_fen};
use super::sheets::{Book, Rows};
use crate::error::{Error, Result};
use crate::exchange::workbook::digest::{self, ContentDigest, CONTENT_DIGEST_PROPERTY};
use crate::exchange::workbook::import::{self, custom_property, Raw};
use crate::exchange::workbook::{cell_text, label, sheets, summary_rows, Cell};
use crate::model::labels::{lecture_period_zh, parse_lecture_period};
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::coverage::Tally;
use crate::rules::facts::Facts;
use crate::rules::gaps;
use crate::rules::ledger::{self, YearTotals};
use crate::rules::validate;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// One park's workbook as the district keeps it: who and when, what was
/// found wrong with it, and its figures as the core's rules compute them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Submission {
    pub park: String,
    pub district: String,
    pub as_of: NaiveDate,
    pub exported_on: NaiveDate,
    /// The file's name, as added.
    pub file: String,
    /// The content digest computed from the cells as read.
    pub digest: String,
    /// What disagrees: the digest, `汇总` against the rows, the rows
    /// against the registry's rules. Empty for a clean submission.
    pub flags: Vec<String>,
    pub tally: Tally,
    pub money: YearTotals,
    pub units: Vec<UnitLine>,
    pub gaps: Vec<GapLine>,
}

/// A unit of a submission, as the cross-park checks and `未覆盖单位` need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitLine {
    pub name: String,
    pub credit_code: Option<String>,
    /// `None` outside the rates' scope.
    pub status: Option<Status>,
    pub non_public: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapLine {
    pub severity: Severity,
    pub code: String,
    pub name: String,
    pub message: String,
    /// The park's own id of the unit or the organization the gap is about.
    pub unit: Option<String>,
    pub org: Option<String>,
}

/// Reads the park workbook at `path`; refuses, with the reason, a file
/// that is not a park workbook, is damaged, or whose rows cannot be read
/// as a registry's.
pub fn read_submission(path: &Path) -> Result<Submission> {
    let book = Book::read(path)?;
    let refused = |message: String| Error::File {
        path: path.to_path_buf(),
        message,
    };
    let head = book
        .table(SUMMARY_SHEET)
        .ok_or_else(|| refused("不是园区导出的工作簿：没有“汇总”工作表".into()))?;
    let written = Written::of(&head);
    let mut flags = Vec::new();
    let park = written.park(&mut flags).map_err(refused)?;
    let as_of = written.date(label::AS_OF).map_err(refused)?;
    let exported_on = written.date(label::EXPORTED_ON).map_err(refused)?;

    let reg = registry_of(&book, park).map_err(|problems| {
        refused(format!(
            "工作簿的明细无法读成园区的登记簿：{}",
            first_few(&problems)
        ))
    })?;
    // The whole state judged as `load` judges a document: a rule broken
    // inside the park's own data is flagged and counted the same way
    // whatever the workbook holds.
    let problems = validate::state(&reg, exported_on);
    if !problems.is_empty() {
        flags.push(format!(
            "明细不符合台账规则（{} 处）：{}",
            problems.len(),
            first_few(&problems)
        ));
    }

    let facts = Facts::new(&reg, as_of);
    let mut tally = Tally::default();
    for u in 0..reg.units.len() {
        tally.add_unit(&facts, u);
    }
    for o in 0..reg.organizations.len() {
        tally.add_org(&facts, o);
    }
    let money = ledger::year_totals(&reg, as_of.year(), as_of);
    let summary = tally.summary(&reg.park.name, as_of, money.clone());
    let differences: Vec<String> = summary_rows(&summary, &reg.park, exported_on)
        .iter()
        .filter_map(|row| {
            let (Some(Cell::Text(what)), Some(cell)) = (row.first(), row.get(1)) else {
                return None;
            };
            match written.value(what) {
                Some(raw) if digest::agrees(cell, raw) => None,
                Some(raw) => Some(format!(
                    "“{what}”写的是 {}，按明细应为 {}",
                    raw.shown(),
                    cell_text(cell)
                )),
                None => Some(format!("缺少“{what}”")),
            }
        })
        .collect();
    if !differences.is_empty() {
        flags.push(format!(
            "汇总与明细不符（{} 项），已按明细重新计算：{}",
            differences.len(),
            first_few(&differences)
        ));
    }

    let digest = book.digest();
    match custom_property(path, CONTENT_DIGEST_PROPERTY)? {
        Some(stored) if stored == digest => {}
        Some(_) => flags.push("工作簿导出后被修改过：内容与导出时记下的摘要不符".into()),
        None => flags.push(
            "工作簿中没有导出时的内容摘要（不是本程序导出，或导出后另存丢失），无法确认未被修改"
                .into(),
        ),
    }

    // The cross-park checks look at what exists on the date.
    let units = (0..reg.units.len())
        .filter(|&u| facts.unit_active[u])
        .map(|u| UnitLine {
            name: reg.units[u].name.clone(),
            credit_code: reg.units[u].credit_code.clone(),
            status: facts.in_scope(u).then(|| facts.status[u]).flatten(),
            non_public: reg.units[u].ownership.is_non_public(),
        })
        .collect();
    let mut gaps: Vec<GapLine> = gaps::find_in(&facts, Lang::Zh)
        .into_iter()
        .map(|g| GapLine {
            severity: g.severity,
            code: code_of(&g.code),
            name: g.name,
            message: g.message,
            unit: g.unit,
            org: g.org,
        })
        .collect();
    let gap_rows = book
        .table("覆盖缺口")
        .ok_or_else(|| refused("缺少“覆盖缺口”工作表".into()))?;
    let members = rows::member_gaps(&gap_rows)
        .map_err(|problems| refused(format!("“覆盖缺口”无法读出：{}", first_few(&problems))))?;
    gaps.extend(members.into_iter().map(|(code, message)| GapLine {
        severity: code.severity(),
        code: code_of(&code),
        name: "党员".into(),
        message,
        unit: None,
        org: None,
    }));
    Ok(Submission {
        park: reg.park.name.clone(),
        district: reg.park.district.clone(),
        as_of,
        exported_on,
        file: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        digest,
        flags,
        tally,
        money,
        units,
        gaps,
    })
}

/// The sheet that says whose workbook it is.
const SUMMARY_SHEET: &str = "汇总";

/// What `汇总` says, by row label.
struct Written<'a> {
    values: HashMap<String, &'a Raw>,
}

impl<'a> Written<'a> {
    fn of(rows: &'a Rows) -> Written<'a> {
        let values = rows
            .data()
            .filter_map(|r| match (r.first(), r.get(1)) {
                (Some(Raw::Text(what)), v) => {
                    Some((what.trim().to_string(), v.unwrap_or(&Raw::Empty)))
                }
                _ => None,
            })
            .collect();
        Written { values }
    }

    fn value(&self, what: &str) -> Option<&'a Raw> {
        self.values.get(what).copied()
    }

    fn text(&self, what: &str) -> Option<String> {
        match self.value(what)? {
            Raw::Text(s) => Some(s.trim().to_string()),
            _ => None,
        }
    }

    fn date(&self, what: &str) -> Result<NaiveDate, String> {
        match self.value(what) {
            Some(Raw::Date(d)) => Ok(*d),
            Some(other) => Err(format!("汇总中的“{what}”不是日期（{}）", other.shown())),
            None => Err(format!("不是园区导出的工作簿：汇总中没有“{what}”")),
        }
    }

    /// The park and the settings its figures were computed under; a
    /// setting missing (a workbook of an earlier version) is taken at its
    /// default, with a flag.
    fn park(&self, flags: &mut Vec<String>) -> Result<Park, String> {
        let name = self
            .text(label::PARK)
            .filter(|n| !n.is_empty())
            .ok_or("不是园区导出的工作簿：汇总中没有园区名称")?;
        let mut park = Park::new(&name);
        park.district = self.text(label::DISTRICT).unwrap_or_default();
        let mut missing = Vec::new();
        match self.value(label::MIN_EMPLOYEES) {
            Some(Raw::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => {
                park.min_employees = *n as u32;
            }
            _ => missing.push(label::MIN_EMPLOYEES),
        }
        match self.value(label::STARTER_FUND_SINCE) {
            Some(Raw::Date(d)) => park.starter_fund_since = *d,
            _ => missing.push(label::STARTER_FUND_SINCE),
        }
        match self.value(label::STARTER_FUND_MIN) {
            Some(Raw::Number(y)) if *y >= 0.0 => park.starter_fund_min_fen = yuan_to_fen(*y),
            _ => missing.push(label::STARTER_FUND_MIN),
        }
        match self
            .text(label::LECTURE_PERIOD)
            .and_then(|t| parse_lecture_period(&t))
        {
            Some(p) => park.party_lecture_period = p,
            None => missing.push(label::LECTURE_PERIOD),
        }
        if !missing.is_empty() {
            flags.push(format!(
                "汇总中缺少园区设置（{}），已按默认值计算（党课周期：{}）",
                missing.join("、"),
                lecture_period_zh(park.party_lecture_period)
            ));
        }
        Ok(park)
    }
}

/// The first few of a list, for a flag or a refusal.
fn first_few(list: &[impl ToString]) -> String {
    let mut shown: Vec<String> = list.iter().take(5).map(ToString::to_string).collect();
    if list.len() > 5 {
        shown.push("…".into());
    }
    shown.join("；")
}

/// The registry the workbook's rows describe, every record by its id as
/// the park's registry holds it (phone numbers aside, which the workbook
/// does not carry); or why the rows cannot be read as one.
fn registry_of(book: &Book, park: Park) -> Result<Registry, Vec<Problem>> {
    let table = |name: &str| book.table(name).ok_or_else(|| missing_sheet(name));
    let mut problems = Vec::new();
    let units = take(
        import::units_as_written(table(import::UNITS)?.as_sheet()),
        &mut problems,
    );
    let people = take(rows::people(&table("人员")?), &mut problems);
    let organizations = take(rows::organizations(&table("党组织")?), &mut problems);
    let ledger = take(rows::ledger(&table("资金台账")?), &mut problems);
    let budgets = take(rows::budgets(&table("经费预算")?), &mut problems);
    let meetings = take(rows::meetings(&table(import::MEETINGS)?), &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Registry {
        park,
        people,
        units,
        organizations,
        budgets,
        ledger,
        meetings,
    })
}

/// The records read, or none with their problems kept.
fn take<T>(read: rows::Read<Vec<T>>, problems: &mut Vec<Problem>) -> Vec<T> {
    read.unwrap_or_else(|mut p| {
        problems.append(&mut p);
        Vec::new()
    })
}

fn missing_sheet(name: &str) -> Vec<Problem> {
    vec![Problem::new(
        "",
        "",
        format!("没有“{name}”工作表（较早版本导出的工作簿：请用新版本重新导出）"),
    )]
}

impl Book {
    /// The digest of the workbook's content as read (see `digest`).
    fn digest(&self) -> String {
        let mut d = ContentDigest::new(sheets().iter().map(|s| s.name));
        for (name, rows) in self.sheets() {
            // What stands above a table's data counts once: a
            // continuation repeats it.
            let continued = digest::table_of(name.trim()) != name.trim();
            let skip = if continued {
                import::header_row(rows).map_or(0, |h| h + 1)
            } else {
                0
            };
            for row in rows.iter().skip(skip) {
                d.read(name, row);
            }
        }
        d.finish()
    }
}
