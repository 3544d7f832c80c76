//! The rows of `党组织` and `资金台账` read back as records, columns found
//! by header. A value that cannot be read refuses the workbook (with row
//! and column); a name that refers to nothing is read as no reference and
//! reported, to be flagged.

use super::sheets::Rows;
use crate::exchange::workbook::import::Raw;
use crate::model::labels::{parse_org_kind, parse_purpose};
use crate::model::problem::Problem;
use crate::model::*;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Records read, and the references that were dropped.
pub(super) type Read<T> = Result<(T, Vec<Problem>), Vec<Problem>>;

/// Money in yuan as a workbook holds it (a float with two decimals), in fen.
pub(super) fn yuan_to_fen(yuan: f64) -> Fen {
    (yuan * 100.0).round() as Fen
}

/// One table's columns by header, and the problems found reading it.
struct Table<'a> {
    name: &'static str,
    header: Vec<String>,
    row: usize,
    cells: &'a [Raw],
    hard: Vec<Problem>,
}

impl<'a> Table<'a> {
    fn new(name: &'static str, rows: &'a Rows, wanted: &[&str]) -> Result<Table<'a>, Vec<Problem>> {
        let header = rows.header();
        let missing: Vec<Problem> = wanted
            .iter()
            .filter(|w| !header.iter().any(|h| h == *w))
            .map(|w| Problem::new(format!("{name} 第 1 行"), "表头", format!("缺少“{w}”列")))
            .collect();
        if missing.is_empty() {
            Ok(Table {
                name,
                header,
                row: 1,
                cells: &[],
                hard: Vec::new(),
            })
        } else {
            Err(missing)
        }
    }

    fn at(&mut self, row: usize, cells: &'a [Raw]) {
        self.row = row;
        self.cells = cells;
    }

    fn raw(&self, column: &str) -> &'a Raw {
        let c = self.header.iter().position(|h| h == column);
        c.and_then(|c| self.cells.get(c)).unwrap_or(&Raw::Empty)
    }

    fn problem(&self, column: &str, message: impl Into<String>) -> Problem {
        Problem::new(format!("{} 第 {} 行", self.name, self.row), column, message)
    }

    fn refuse(&mut self, column: &str, message: impl Into<String>) {
        let p = self.problem(column, message);
        self.hard.push(p);
    }

    fn text(&self, column: &str) -> Option<String> {
        match self.raw(column) {
            Raw::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Raw::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn required_text(&mut self, column: &str) -> String {
        self.text(column).unwrap_or_else(|| {
            self.refuse(column, "不能为空");
            String::new()
        })
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        match self.raw(column) {
            Raw::Empty => None,
            Raw::Date(d) => Some(*d),
            Raw::Text(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| self.refuse(column, format!("“{s}”不是日期")))
                .ok(),
            other => {
                let shown = other.shown();
                self.refuse(column, format!("{shown}不是日期"));
                None
            }
        }
    }

    fn number(&mut self, column: &str) -> Option<f64> {
        match self.raw(column) {
            Raw::Empty => None,
            Raw::Number(n) => Some(*n),
            other => {
                let shown = other.shown();
                self.refuse(column, format!("{shown}不是数字"));
                None
            }
        }
    }

    fn finish<T>(self, value: T, soft: Vec<Problem>) -> Read<T> {
        if self.hard.is_empty() {
            Ok((value, soft))
        } else {
            Err(self.hard)
        }
    }
}

/// The organizations of `党组织`; the secretaries it names are found among
/// `reg`'s people by name, or added.
pub(super) fn organizations(rows: &Rows, reg: &mut Registry) -> Read<Vec<Organization>> {
    let mut t = Table::new("党组织", rows, &["编号", "名称", "类别", "成立日期"])?;
    let unit_of: HashMap<String, String> = (reg.units.iter())
        .map(|u| (u.name.clone(), u.id.clone()))
        .collect();
    let mut soft = Vec::new();
    let mut orgs = Vec::new();
    let mut parents = Vec::new();
    for (r, cells) in rows.numbered() {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        t.at(r, cells);
        let kind = t.text("类别").and_then(|k| parse_org_kind(&k));
        if kind.is_none() {
            t.refuse("类别", "不是党组织的类别（如“党支部”“联合党支部”）");
        }
        let mut units = Vec::new();
        for name in t.text("覆盖单位").iter().flat_map(|s| s.split('、')) {
            match unit_of.get(name.trim()) {
                Some(id) => units.push(id.clone()),
                None => soft.push(t.problem("覆盖单位", format!("“{name}”不在单位表中"))),
            }
        }
        let secretary = t.text("书记").map(|name| person_named(reg, &name));
        let committee_size = t.number("委员人数").unwrap_or(0.0);
        let founded_on = t.date("成立日期");
        if founded_on.is_none() {
            t.refuse("成立日期", "不能为空");
        }
        let org = Organization {
            id: t.required_text("编号"),
            name: t.required_text("名称"),
            kind: kind.unwrap_or(OrgKind::Branch),
            parent: None,
            units,
            founded_on: founded_on.unwrap_or_default(),
            dissolved_on: t.date("撤销日期"),
            approval_doc: t.text("批准文号"),
            secretary,
            committee_size: committee_size.max(0.0) as u32,
            last_election_on: t.date("上次换届"),
        };
        parents.push((r, t.text("上级党组织")));
        orgs.push(org);
    }
    let id_of: HashMap<String, String> = (orgs.iter().rev())
        .map(|o| (o.name.clone(), o.id.clone()))
        .collect();
    for (o, (r, parent)) in orgs.iter_mut().zip(parents) {
        if let Some(name) = parent {
            match id_of.get(&name) {
                Some(id) => o.parent = Some(id.clone()),
                None => soft.push(Problem::new(
                    format!("党组织 第 {r} 行"),
                    "上级党组织",
                    format!("“{name}”不在党组织表中"),
                )),
            }
        }
    }
    t.finish(orgs, soft)
}

/// The id of the first person called `name`, added as a non-member if
/// there is none.
fn person_named(reg: &mut Registry, name: &str) -> String {
    if let Some(p) = reg.people.iter().find(|p| p.name == name) {
        return p.id.clone();
    }
    let id = format!("p{}", reg.people.len() + 1);
    reg.people.push(Person {
        id: id.clone(),
        name: name.to_string(),
        party_member: false,
        phone: None,
        unit_name: None,
    });
    id
}

/// The entries of `资金台账`, and the budgets of the years they count in,
/// recovered from the running balance each line shows.
pub(super) fn ledger(rows: &Rows, reg: &Registry) -> Read<(Vec<LedgerEntry>, Vec<Budget>)> {
    let mut t = Table::new(
        "资金台账",
        rows,
        &[
            "编号",
            "日期",
            "用途",
            "金额（元）",
            "计入年度",
            "当年余额（元）",
        ],
    )?;
    let org_of: HashMap<&str, &str> = (reg.organizations.iter().rev())
        .map(|o| (o.name.as_str(), o.id.as_str()))
        .collect();
    let mut soft = Vec::new();
    let mut entries = Vec::new();
    let mut budgets: Vec<Budget> = Vec::new();
    let mut net_by_year: HashMap<i32, Fen> = HashMap::new();
    for (r, cells) in rows.numbered() {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        t.at(r, cells);
        let purpose = t.text("用途").and_then(|p| parse_purpose(&p));
        if purpose.is_none() {
            t.refuse("用途", "不是经费的用途（如“启动资金”“活动经费”）");
        }
        let org = t
            .text("党组织")
            .and_then(|name| match org_of.get(name.as_str()) {
                Some(id) => Some((*id).to_string()),
                None => {
                    soft.push(t.problem("党组织", format!("“{name}”不在党组织表中")));
                    None
                }
            });
        let signed = t.number("金额（元）").map(yuan_to_fen);
        let year = t.number("计入年度");
        let balance = t.number("当年余额（元）").map(yuan_to_fen);
        let date = t.date("日期");
        let (Some(signed), Some(year), Some(balance), Some(date)) = (signed, year, balance, date)
        else {
            t.refuse("金额（元）", "编号、日期、金额、计入年度和当年余额都要填写");
            continue;
        };
        let year = year as i32;
        let net = net_by_year.entry(year).or_default();
        *net += signed;
        if !budgets.iter().any(|b| b.year == year) {
            budgets.push(Budget {
                year,
                amount_fen: balance + *net,
                source: "园区工作簿".into(),
            });
        }
        let reverses = t.text("冲销").filter(|s| !s.starts_with("被 "));
        entries.push(LedgerEntry {
            id: t.required_text("编号"),
            date,
            purpose: purpose.unwrap_or(Purpose::Other),
            org,
            amount_fen: signed.abs(),
            voucher: t.text("凭证号").unwrap_or_default(),
            note: t.text("摘要").unwrap_or_default(),
            reverses,
        });
    }
    t.finish((entries, budgets), soft)
}
