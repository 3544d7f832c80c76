//! The district workbook: the registry as five tables (`汇总`, `单位`,
//! `党组织`, `覆盖缺口`, `资金台账`), written as one xlsx or as one CSV per
//! sheet; and the import of the `单位` sheet back into the registry.

mod columns;
mod csv;
pub mod import;
mod xlsx;

pub use self::csv::write_csv_dir;
pub use self::xlsx::write_xlsx;
pub use columns::UNIT_COLUMNS;

use crate::coverage::summary_of;
use crate::facts::{election_due, Facts};
use crate::gaps::{self, Lang};
use crate::labels::*;
use crate::ledger;
use crate::model::*;
use chrono::NaiveDate;

/// One cell, typed so that each writer can present it properly.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Date(NaiveDate),
    /// Whole fen, shown as yuan with two decimals.
    Money(Fen),
    /// A rate in [0, 1] shown as a percentage; `None` over an empty scope.
    Rate(Option<f64>),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Cell {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<Option<NaiveDate>> for Cell {
    fn from(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Int(n.into())
    }
}

pub struct Column {
    pub header: &'static str,
    /// Width in characters (a CJK character counts about two).
    pub width: f64,
}

pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// Everything the workbook says, as of `d`, exported on `today`.
pub fn tables(reg: &Registry, d: NaiveDate, today: NaiveDate) -> Vec<Table> {
    let facts = Facts::new(reg, d);
    vec![
        summary_table(&facts, today),
        units_table(&facts),
        organizations_table(&facts),
        gaps_table(&facts),
        ledger_table(reg, d),
    ]
}

fn cols(list: &[(&'static str, f64)]) -> Vec<Column> {
    list.iter()
        .map(|&(header, width)| Column { header, width })
        .collect()
}

fn summary_table(facts: &Facts, today: NaiveDate) -> Table {
    let s = summary_of(facts);
    let reg = facts.reg;
    let m = &s.money;
    let mut rows: Vec<Vec<Cell>> = vec![
        vec!["园区".into(), reg.park.name.clone().into()],
        vec!["所属区县".into(), reg.park.district.clone().into()],
        vec!["统计日期".into(), Cell::Date(s.as_of)],
        vec!["导出日期".into(), Cell::Date(today)],
        vec!["单位总数（含机关）".into(), Cell::Int(s.units.total as i64)],
        vec![
            "纳入统计的企业和项目".into(),
            Cell::Int(s.units.in_scope as i64),
        ],
        vec![
            "其中非公有制企业".into(),
            Cell::Int(s.units.non_public_in_scope as i64),
        ],
    ];
    for (label, scope) in [
        ("全部单位", &s.coverage.all),
        ("非公有制企业", &s.coverage.non_public),
    ] {
        rows.push(vec![
            format!("组织覆盖率（{label}）").into(),
            Cell::Rate(scope.organizational),
        ]);
        rows.push(vec![
            format!("单独组建率（{label}）").into(),
            Cell::Rate(scope.single_build),
        ]);
        rows.push(vec![
            format!("工作覆盖率（{label}）").into(),
            Cell::Rate(scope.work),
        ]);
    }
    let c = &s.status_counts;
    for (label, n) in [
        ("单独建立党组织", c.own),
        ("联合建立党组织", c.joint),
        ("建立党小组", c.group),
        ("选派党建指导员", c.instructor),
        ("未覆盖", c.none),
    ] {
        rows.push(vec![
            format!("覆盖方式：{label}").into(),
            Cell::Int(n as i64),
        ]);
    }
    for (label, fen) in [
        ("预算", m.budget_fen),
        ("支出", m.disbursed_fen),
        ("冲销", m.reversed_fen),
        ("净支出", m.net_fen),
        ("余额", m.balance_fen),
    ] {
        rows.push(vec![
            format!("{} 年经费：{label}（元）", m.year).into(),
            Cell::Money(fen),
        ]);
    }
    rows.push(vec![
        "尚欠启动资金的党组织".into(),
        Cell::Int(s.starter_fund_owed as i64),
    ]);
    Table {
        name: "汇总",
        columns: cols(&[("项目", 34.0), ("数值", 40.0)]),
        rows,
    }
}

fn person_name(facts: &Facts, id: &Option<String>) -> Cell {
    id.as_deref()
        .and_then(|p| facts.index.person(p))
        .map(|p| p.name.clone())
        .into()
}

fn units_table(facts: &Facts) -> Table {
    let reg = facts.reg;
    let people: std::collections::HashMap<&str, &str> = reg
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let name = |id: &Option<String>| -> Cell {
        id.as_deref()
            .and_then(|p| people.get(p))
            .map(|n| n.to_string())
            .into()
    };
    let rows = reg
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                u.id.clone().into(),
                u.name.clone().into(),
                unit_kind_zh(u.kind).into(),
                ownership_zh(u.ownership).into(),
                stage_zh(u.stage).into(),
                u.credit_code.clone().into(),
                u.employees.into(),
                u.full_members.into(),
                u.probationary_members.into(),
                u.town.clone().into(),
                u.village.clone().into(),
                (if u.key_project { "是" } else { "否" }).into(),
                name(&u.commissioner),
                name(&u.instructor),
                u.started_on.into(),
                u.closed_on.into(),
                facts.status[i].map_or(Cell::Empty, |s| status_zh(s).into()),
            ]
        })
        .collect();
    Table {
        name: "单位",
        columns: UNIT_COLUMNS
            .iter()
            .map(|c| Column {
                header: c.header,
                width: c.width,
            })
            .collect(),
        rows,
    }
}

fn organizations_table(facts: &Facts) -> Table {
    let reg = facts.reg;
    let rows = reg
        .organizations
        .iter()
        .enumerate()
        .map(|(o, org)| {
            let members = facts.members(o);
            let covered: Vec<&str> = org
                .units
                .iter()
                .filter_map(|u| facts.index.unit(u))
                .map(|u| u.name.as_str())
                .collect();
            vec![
                org.id.clone().into(),
                org.name.clone().into(),
                org_kind_zh(org.kind).into(),
                org.parent
                    .as_deref()
                    .and_then(|p| facts.index.org(p))
                    .map(|p| p.name.clone())
                    .into(),
                covered.join("、").into(),
                Cell::Int(facts.org_units[o].len() as i64),
                Cell::Int(members.full as i64),
                Cell::Int(members.probationary as i64),
                person_name(facts, &org.secretary),
                org.committee_size.into(),
                Cell::Date(org.founded_on),
                org.dissolved_on.into(),
                org.last_election_on.into(),
                election_due(org).into(),
                org.approval_doc.clone().into(),
                (if facts.org_active[o] {
                    "存续"
                } else {
                    "未成立或已撤销"
                })
                .into(),
            ]
        })
        .collect();
    Table {
        name: "党组织",
        columns: cols(&[
            ("编号", 8.0),
            ("名称", 34.0),
            ("类别", 12.0),
            ("上级党组织", 30.0),
            ("覆盖单位", 40.0),
            ("覆盖单位数", 10.0),
            ("正式党员", 9.0),
            ("预备党员", 9.0),
            ("书记", 10.0),
            ("委员人数", 9.0),
            ("成立日期", 12.0),
            ("撤销日期", 12.0),
            ("上次换届", 12.0),
            ("任期届满", 12.0),
            ("批准文号", 20.0),
            ("状态", 14.0),
        ]),
        rows,
    }
}

fn gaps_table(facts: &Facts) -> Table {
    let rows = gaps::find_in(facts, Lang::Zh)
        .into_iter()
        .map(|g| {
            vec![
                severity_zh(g.severity).into(),
                code_of(&g.code).into(),
                (if g.unit.is_some() {
                    "单位"
                } else {
                    "党组织"
                })
                .into(),
                g.unit.or(g.org).into(),
                g.name.into(),
                g.message.into(),
            ]
        })
        .collect();
    Table {
        name: "覆盖缺口",
        columns: cols(&[
            ("级别", 8.0),
            ("代码", 26.0),
            ("对象", 8.0),
            ("编号", 8.0),
            ("单位/党组织", 34.0),
            ("说明", 70.0),
        ]),
        rows,
    }
}

fn ledger_table(reg: &Registry, d: NaiveDate) -> Table {
    let report = ledger::report(reg, None, d);
    let rows = report
        .ledger
        .into_iter()
        .map(|l| {
            let e = l.entry;
            let amount = if e.reverses.is_some() {
                -e.amount_fen
            } else {
                e.amount_fen
            };
            vec![
                e.id.into(),
                Cell::Date(e.date),
                e.voucher.into(),
                purpose_zh(e.purpose).into(),
                l.org_name.into(),
                Cell::Money(amount),
                Cell::Int(l.year.into()),
                Cell::Money(l.balance_after_fen),
                e.note.into(),
                e.reverses
                    .or(l.reversed_by.map(|by| format!("被 {by} 冲销")))
                    .into(),
            ]
        })
        .collect();
    Table {
        name: "资金台账",
        columns: cols(&[
            ("编号", 8.0),
            ("日期", 12.0),
            ("凭证号", 14.0),
            ("用途", 10.0),
            ("党组织", 32.0),
            ("金额（元）", 14.0),
            ("计入年度", 9.0),
            ("当年余额（元）", 16.0),
            ("摘要", 40.0),
            ("冲销", 14.0),
        ]),
        rows,
    }
}
