//! The rows of `党组织` and `资金台账` read back as records, columns found
//! by header. A value that cannot be read refuses the workbook (with row
//! and column); a name that refers to nothing is read as no reference and
//! reported, to be flagged.

use super::sheets::Rows;
use crate::exchange::workbook::import::Raw;
use crate::model::labels::{parse_meeting_kind, parse_org_kind, parse_purpose, parse_yes_no};
use crate::model::problem::Problem;
use crate::model::*;
use chrono::NaiveDate;

/// Records read, or every cell that could not be.
pub(super) type Read<T> = Result<T, Vec<Problem>>;

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
            .map(|w| {
                Problem::new(
                    format!("{name} 第 {} 行", rows.header_number()),
                    "表头",
                    format!("缺少“{w}”列"),
                )
            })
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

    fn finish<T>(self, value: T) -> Read<T> {
        if self.hard.is_empty() {
            Ok(value)
        } else {
            Err(self.hard)
        }
    }
}

/// A list of ids in one cell, one per line (see the export's `ids`).
fn ids(t: &Table, column: &str) -> Vec<String> {
    t.text(column).map_or_else(Vec::new, |s| {
        s.lines()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(String::from)
            .collect()
    })
}

/// The member gaps `覆盖缺口` lists (对象 党员, no one named): a district
/// cannot find them again, as the workbook carries no roster, so it takes
/// them as listed (the content digest vouches for the rows).
pub(super) fn member_gaps(rows: &Rows) -> Read<Vec<(crate::rules::gaps::Code, String)>> {
    let mut t = Table::new("覆盖缺口", rows, &["对象", "说明", "代码"])?;
    let mut gaps = Vec::new();
    for (r, cells) in rows.numbered() {
        t.at(r, cells);
        if t.text("对象").as_deref() != Some("党员") {
            continue;
        }
        let code = t.text("代码").unwrap_or_default();
        let member_code = crate::rules::gaps::LABELS
            .iter()
            .map(|(c, ..)| *c)
            .find(|c| c.about_person() && code_of(c) == code);
        match member_code {
            Some(c) => gaps.push((c, t.text("说明").unwrap_or_default())),
            None => t.refuse("代码", format!("“{code}”不是关于党员的缺口代码")),
        }
    }
    t.finish(gaps)
}

/// The people of `人员`: who holds a post, and whether a party member.
pub(super) fn people(rows: &Rows) -> Read<Vec<Person>> {
    let mut t = Table::new("人员", rows, &["编号", "姓名", "中共党员"])?;
    let mut people = Vec::new();
    for (r, cells) in rows.numbered() {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        t.at(r, cells);
        let party_member = t.text("中共党员").and_then(|s| parse_yes_no(&s));
        if party_member.is_none() {
            t.refuse("中共党员", "应为“是”或“否”");
        }
        people.push(Person {
            id: t.required_text("编号"),
            name: t.required_text("姓名"),
            party_member: party_member.unwrap_or(false),
            phone: None,
            unit_name: None,
            ..Person::default()
        });
    }
    t.finish(people)
}

/// The organizations of `党组织`, every reference by id.
pub(super) fn organizations(rows: &Rows) -> Read<Vec<Organization>> {
    let mut t = Table::new(
        "党组织",
        rows,
        &[
            "编号",
            "名称",
            "类别",
            "上级党组织编号",
            "覆盖单位编号",
            "书记编号",
            "成立日期",
        ],
    )?;
    let mut orgs = Vec::new();
    for (r, cells) in rows.numbered() {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        t.at(r, cells);
        let kind = t.text("类别").and_then(|k| parse_org_kind(&k));
        if kind.is_none() {
            t.refuse("类别", "不是党组织的类别（如“党支部”“联合党支部”）");
        }
        let committee_size = t.number("委员人数").unwrap_or(0.0);
        let founded_on = t.date("成立日期");
        if founded_on.is_none() {
            t.refuse("成立日期", "不能为空");
        }
        orgs.push(Organization {
            id: t.required_text("编号"),
            name: t.required_text("名称"),
            kind: kind.unwrap_or(OrgKind::Branch),
            parent: t.text("上级党组织编号"),
            units: ids(&t, "覆盖单位编号"),
            founded_on: founded_on.unwrap_or_default(),
            dissolved_on: t.date("撤销日期"),
            approval_doc: t.text("批准文号"),
            secretary: t.text("书记编号"),
            committee_size: committee_size.max(0.0) as u32,
            last_election_on: t.date("上次换届"),
        });
    }
    t.finish(orgs)
}

/// The budgets of `经费预算`.
pub(super) fn budgets(rows: &Rows) -> Read<Vec<Budget>> {
    let mut t = Table::new("经费预算", rows, &["年度", "金额（元）", "来源"])?;
    let mut budgets = Vec::new();
    for (r, cells) in rows.numbered() {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        t.at(r, cells);
        let (Some(year), Some(yuan)) = (t.number("年度"), t.number("金额（元）")) else {
            t.refuse("年度", "年度和金额都要填写");
            continue;
        };
        budgets.push(Budget {
            year: year as i32,
            amount_fen: yuan_to_fen(yuan),
            source: t.text("来源").unwrap_or_default(),
        });
    }
    t.finish(budgets)
}

/// The entries of `资金台账`, their organizations by id.
pub(super) fn ledger(rows: &Rows) -> Read<Vec<LedgerEntry>> {
    let mut t = Table::new(
        "资金台账",
        rows,
        &["编号", "日期", "用途", "党组织编号", "金额（元）"],
    )?;
    let mut entries = Vec::new();
    for (r, cells) in rows.numbered() {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        t.at(r, cells);
        let purpose = t.text("用途").and_then(|p| parse_purpose(&p));
        if purpose.is_none() {
            t.refuse("用途", "不是经费的用途（如“启动资金”“活动经费”）");
        }
        let (Some(signed), Some(date)) = (t.number("金额（元）").map(yuan_to_fen), t.date("日期"))
        else {
            t.refuse("金额（元）", "日期和金额都要填写");
            continue;
        };
        entries.push(LedgerEntry {
            id: t.required_text("编号"),
            date,
            purpose: purpose.unwrap_or(Purpose::Other),
            org: t.text("党组织编号"),
            amount_fen: signed.abs(),
            voucher: t.text("凭证号").unwrap_or_default(),
            note: t.text("摘要").unwrap_or_default(),
            reverses: t.text("冲销").filter(|s| !s.starts_with("被 ")),
        });
    }
    t.finish(entries)
}

/// The records of `组织生活` as they stand in the park's registry: history,
/// read by id, not made again (a record's organization may have changed
/// since it was made).
pub(super) fn meetings(rows: &Rows) -> Read<Vec<Meeting>> {
    let mut t = Table::new(
        "组织生活",
        rows,
        &[
            "编号",
            "日期",
            "党组织编号",
            "类型",
            "实到",
            "学时",
            "主持人编号",
        ],
    )?;
    let mut meetings = Vec::new();
    for (r, cells) in rows.numbered() {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        t.at(r, cells);
        let kind = t.text("类型").and_then(|k| parse_meeting_kind(&k));
        if kind.is_none() {
            t.refuse("类型", "不是组织生活的类型");
        }
        let date = t.date("日期");
        if date.is_none() {
            t.refuse("日期", "不能为空");
        }
        let count = |t: &mut Table, column: &str| t.number(column).map(|n| n.max(0.0) as u32);
        meetings.push(Meeting {
            id: t.required_text("编号"),
            org: t.required_text("党组织编号"),
            kind: kind.unwrap_or(MeetingKind::MemberMeeting),
            date: date.unwrap_or_default(),
            topic: t.text("主题").unwrap_or_default(),
            expected: count(&mut t, "应到"),
            attended: count(&mut t, "实到").unwrap_or(0),
            hours: Hours((t.number("学时").unwrap_or(0.0) * 10.0).round() as _),
            host: t.text("主持人编号"),
            note: t.text("备注").unwrap_or_default(),
        });
    }
    t.finish(meetings)
}
