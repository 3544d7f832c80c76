//! The district workbook: the registry as its sheets (`汇总`, `单位`,
//! `党组织`, `覆盖缺口`, `资金台账`, then the non-public statistics table,
//! `组织生活` and `趋势`), written as one xlsx or as one CSV per sheet; and the
//! import of the `单位` sheet back into the registry.
//!
//! The export streams: it takes the registry in slices (see
//! `Store::read_in_parts`), writes each slice's rows as it goes, sums the
//! summary as it goes, and sorts the gaps on disk, so its memory does not
//! grow with the number of units.

mod columns;
mod csv;
pub mod digest;
mod gap_sort;
pub mod import;
mod parts;
pub mod roster_book;
mod rows;
mod xlsx;

pub use parts::{Part, Slice};

pub use xlsx::AUDIT_HEAD_PROPERTY;

pub(crate) use self::csv::field as cell_text;
pub use self::csv::CsvSink;
pub use self::xlsx::{text_width, Heading, XlsxSink, HEAD_ROWS};
use columns::Field;
pub use columns::UNIT_COLUMNS;
pub(crate) use rows::{label, summary_rows};

use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::coverage::Tally;
use crate::rules::facts::Facts;
use crate::rules::gaps;
use crate::rules::ledger::{self, RunningBalance, YearTotals};
use crate::rules::table27;
use crate::views::trend::TrendTally;
use chrono::{Datelike, NaiveDate};
use gap_sort::GapSort;
use rows::*;

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
    /// A count of tenths (study hours), shown with one decimal.
    Tenths(i64),
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
    /// Ids for machines (the district, the import): kept at the end of
    /// the sheet and out of its print area.
    pub machine: bool,
}

/// A sheet's name and columns; its rows come from `export`.
pub struct Sheet {
    pub name: &'static str,
    /// The title printed above the table.
    pub title: &'static str,
    pub columns: Vec<Column>,
    /// Laid out as a printed form (the statistics table): its labels'
    /// column frozen too, no filter, one page.
    pub form: bool,
}

/// The sheets, in workbook order; `export` refers to them by position.
pub(crate) const SUMMARY: usize = 0;
const UNITS: usize = 1;
const ORGS: usize = 2;
const GAPS: usize = 3;
const LEDGER: usize = 4;
const TABLE27: usize = 5;
const MEETINGS: usize = 6;
const TREND: usize = 7;
const PEOPLE: usize = 8;
const BUDGETS: usize = 9;

/// Where the rows go: an xlsx workbook or a folder of CSV files. Each
/// sheet's rows arrive in order, but sheets interleave (the summary, the
/// first sheet, is known only at the end).
pub trait Sink {
    fn row(&mut self, sheet: usize, cells: &[Cell]) -> Result<()>;
}

/// Columns for readers, then columns of ids for machines.
#[must_use]
pub fn cols(list: &[(&'static str, f64)], ids: &[&'static str]) -> Vec<Column> {
    let read = list.iter().map(|&(header, width)| Column {
        header,
        width,
        machine: false,
    });
    let ids = ids.iter().map(|&header| Column {
        header,
        width: 10.0,
        machine: true,
    });
    read.chain(ids).collect()
}

/// The sheets' names and columns, in workbook order.
pub fn sheets() -> Vec<Sheet> {
    vec![
        Sheet {
            name: "汇总",
            title: "党建工作情况汇总",
            form: false,
            columns: cols(&[("项目", 40.0), ("数值", 40.0)], &[]),
        },
        Sheet {
            name: "单位",
            title: "园区单位及党组织覆盖情况",
            form: false,
            columns: UNIT_COLUMNS
                .iter()
                .map(|c| Column {
                    header: c.header,
                    width: c.width,
                    machine: matches!(c.field, Field::CommissionerId | Field::InstructorId),
                })
                .collect(),
        },
        Sheet {
            name: "党组织",
            title: "园区党组织情况",
            form: false,
            columns: cols(
                &[
                    ("编号", 8.0),
                    ("名称", 34.0),
                    ("类别", 12.0),
                    ("上级党组织", 30.0),
                    ("覆盖单位", 40.0),
                    ("覆盖单位数", 12.0),
                    ("正式党员", 10.0),
                    ("预备党员", 10.0),
                    ("书记", 10.0),
                    ("委员人数", 10.0),
                    ("成立日期", 16.0),
                    ("撤销日期", 16.0),
                    ("上次换届", 16.0),
                    ("任期届满", 16.0),
                    ("批准文号", 20.0),
                    ("状态", 14.0),
                ],
                &["上级党组织编号", "覆盖单位编号", "书记编号"],
            ),
        },
        Sheet {
            name: "覆盖缺口",
            title: "党组织覆盖缺口",
            form: false,
            columns: cols(
                &[
                    ("级别", 8.0),
                    ("缺口", 20.0),
                    ("对象", 8.0),
                    ("编号", 8.0),
                    ("单位/党组织", 34.0),
                    ("说明", 70.0),
                ],
                &["代码"],
            ),
        },
        Sheet {
            name: "资金台账",
            title: "党建经费台账",
            form: false,
            columns: cols(
                &[
                    ("编号", 8.0),
                    ("日期", 16.0),
                    ("凭证号", 14.0),
                    ("用途", 10.0),
                    ("党组织", 32.0),
                    ("金额（元）", 14.0),
                    ("计入年度", 10.0),
                    ("当年余额（元）", 16.0),
                    ("摘要", 40.0),
                    ("冲销", 14.0),
                ],
                &["党组织编号"],
            ),
        },
        Sheet {
            name: "非公企业建党情况",
            title: "非公有制企业党建工作情况（表27口径）",
            form: true,
            columns: std::iter::once(("指标", 44.0))
                .chain(
                    table27::COLUMNS
                        .iter()
                        .map(|&(_, header, _)| (header, 12.0)),
                )
                .map(|(header, width)| Column {
                    header,
                    width,
                    machine: false,
                })
                .collect(),
        },
        Sheet {
            name: "组织生活",
            title: "组织生活记录",
            form: false,
            columns: cols(
                &[
                    ("编号", 8.0),
                    ("日期", 16.0),
                    ("党组织", 32.0),
                    ("类型", 16.0),
                    ("主题", 36.0),
                    ("应到", 7.0),
                    ("实到", 7.0),
                    ("到会率", 9.0),
                    ("学时", 7.0),
                    ("主持人", 10.0),
                    ("备注", 30.0),
                ],
                &["党组织编号", "主持人编号"],
            ),
        },
        Sheet {
            name: "趋势",
            title: "覆盖情况月度趋势",
            form: false,
            columns: cols(
                &[
                    ("日期", 16.0),
                    ("纳入统计", 10.0),
                    ("组织覆盖率", 12.0),
                    ("单独组建率", 12.0),
                    ("工作覆盖率", 12.0),
                    ("非公组织覆盖率", 16.0),
                    ("非公单独组建率", 16.0),
                    ("非公工作覆盖率", 16.0),
                    ("错误", 7.0),
                    ("警告", 7.0),
                    ("提示", 7.0),
                ],
                &[],
            ),
        },
        Sheet {
            name: "人员",
            title: "党务工作人员",
            form: false,
            columns: cols(&[("编号", 8.0), ("姓名", 12.0), ("中共党员", 10.0)], &[]),
        },
        Sheet {
            name: "经费预算",
            title: "党建经费预算",
            form: false,
            columns: cols(&[("年度", 8.0), ("金额（元）", 14.0), ("来源", 20.0)], &[]),
        },
    ]
}

/// Writes every sheet as of `d`, exported on `today`. `start` holds the
/// park and the budgets; `parts` hold every unit and every organization
/// once as their own, and the ledger in order (a whole registry's parts:
/// `whole`).
pub fn export<'a>(
    start: &Registry,
    parts: impl Iterator<Item = Result<Part<'a>>>,
    d: NaiveDate,
    today: NaiveDate,
    sink: &mut dyn Sink,
) -> Result<()> {
    let mut tally = Tally::default();
    let mut trend = TrendTally::new(d);
    let mut gap_sort = GapSort::new();
    let mut running = RunningBalance::new(&start.budgets);
    let mut money = YearTotals::of_budget(start, d.year());
    // Each post holder once, in id order however the registry is sliced.
    let mut named: std::collections::BTreeMap<String, Person> = Default::default();
    for part in parts {
        match part? {
            Part::Slice(slice) => {
                let facts = Facts::new(&slice.reg, d);
                trend.add(&facts, slice.own_units, slice.own_orgs, slice.own_people);
                for u in 0..slice.own_units {
                    tally.add_unit(&facts, u);
                    sink.row(UNITS, &unit_row(&facts, u))?;
                    gap_sort.add(&gaps::unit_gaps(&facts, u, Lang::Zh))?;
                }
                for o in 0..slice.own_orgs {
                    tally.add_org(&facts, o);
                    sink.row(ORGS, &org_row(&facts, o))?;
                    gap_sort.add(&gaps::org_gaps(&facts, o, Lang::Zh))?;
                }
                for p in 0..slice.own_people {
                    gap_sort.add(&gaps::person_gaps(&facts, p, Lang::Zh))?;
                }
                // A slice holds the records of its own organizations only;
                // by organization, then in record order, however sliced.
                let at: foldhash::HashMap<&str, usize> = (slice.reg.organizations.iter())
                    .enumerate()
                    .map(|(i, o)| (o.id.as_str(), i))
                    .collect();
                let mut held: Vec<&Meeting> =
                    slice.reg.meetings.iter().filter(|m| m.date <= d).collect();
                held.sort_by_key(|m| at.get(m.org.as_str()));
                for m in held {
                    sink.row(MEETINGS, &meeting_row(&facts, m))?;
                    name(&mut named, &facts, &m.host);
                }
                for unit in &slice.reg.units[..slice.own_units] {
                    name(&mut named, &facts, &unit.commissioner);
                    name(&mut named, &facts, &unit.instructor);
                }
                for org in &slice.reg.organizations[..slice.own_orgs] {
                    name(&mut named, &facts, &org.secretary);
                }
            }
            Part::Ledger(items) => {
                for item in items.into_iter().filter(|i| i.entry.date <= d) {
                    money.add(&item.entry, item.counted_in());
                    sink.row(LEDGER, &ledger_row(running.line(item)))?;
                }
            }
        }
    }
    gap_sort.sorted(|row| sink.row(GAPS, row))?;
    let summary = tally.finish(&start.park, d, money);
    for row in summary_rows(&summary, &start.park, today) {
        sink.row(SUMMARY, &row)?;
    }
    for (r, (_, label)) in table27::ROWS.iter().enumerate() {
        let cells: Vec<Cell> = std::iter::once(Cell::from(*label))
            .chain(
                (0..table27::COLUMNS.len()).map(|c| Cell::Int(summary.table27.value(r, c) as i64)),
            )
            .collect();
        sink.row(TABLE27, &cells)?;
    }
    for point in trend.finish() {
        sink.row(TREND, &trend_row(&point))?;
    }
    for person in named.values() {
        sink.row(PEOPLE, &person_row(person))?;
    }
    let mut budgets: Vec<&Budget> = (start.budgets.iter())
        .filter(|b| b.year <= d.year())
        .collect();
    budgets.sort_by_key(|b| b.year);
    for b in budgets {
        sink.row(BUDGETS, &budget_row(b))?;
    }
    Ok(())
}

/// Keeps the person `id` names, if any, for the `人员` sheet.
fn name(
    named: &mut std::collections::BTreeMap<String, Person>,
    facts: &Facts,
    id: &Option<String>,
) {
    if let Some(p) = id.as_deref().and_then(|p| facts.index.person(p)) {
        // Only what the sheet writes: no phone, none of the roster's
        // personal facts; a member as the roster says at D.
        named.entry(p.id.clone()).or_insert_with(|| Person {
            id: p.id.clone(),
            name: p.name.clone(),
            party_member: p.is_member_at(&facts.reg.park, facts.date),
            ..Person::default()
        });
    }
}

/// An in-memory registry as parts: itself as one slice, and its ledger.
pub fn whole(reg: &Registry) -> impl Iterator<Item = Result<Part<'_>>> {
    [
        Part::Slice(Box::new(Slice::whole(reg))),
        Part::Ledger(ledger::items(reg).collect()),
    ]
    .into_iter()
    .map(Ok)
}

/// How many units (then organizations) the export reads at a time: enough
/// that the per-slice queries cost little, few enough that memory stays
/// small however large the registry.
pub const SLICE_SIZE: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    /// One CSV file per sheet, in a folder.
    Csv,
}

impl Format {
    pub fn parse(text: &str) -> Result<Format> {
        match text {
            "xlsx" => Ok(Format::Xlsx),
            "csv" => Ok(Format::Csv),
            other => Err(Error::invalid(
                "",
                "--format",
                format!("“{other}”不是可用的格式（xlsx、csv）"),
            )),
        }
    }
}

/// The whole workbook of an in-memory registry.
pub fn export_registry(
    reg: &Registry,
    d: NaiveDate,
    today: NaiveDate,
    sink: &mut dyn Sink,
) -> Result<()> {
    export(reg, whole(reg), d, today, sink)
}
