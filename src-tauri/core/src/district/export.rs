//! The district's workbook: `汇总` (a row per park and the district's total,
//! computed from the summed counts), the non-public statistics table summed
//! over parks in the park workbook's layout, `未覆盖单位`, `覆盖缺口`, and
//! `资金` by park and purpose; with the same writer, so the same look and
//! the same content digest as a park's.

use super::store::District;
use crate::error::Result;
use crate::exchange::workbook::{cols, Cell, Heading, Sheet, Sink, XlsxSink};
use crate::model::labels::{purpose_zh, severity_zh};
use crate::rules::coverage::Summary;
use crate::rules::gaps::Code;
use crate::rules::table27;
use chrono::NaiveDate;
use std::path::Path;

fn sheet(
    name: &'static str,
    title: &'static str,
    columns: &[(&'static str, f64)],
    ids: &[&'static str],
) -> Sheet {
    Sheet {
        name,
        title,
        form: false,
        columns: cols(columns, ids),
    }
}

const SUMMARY: usize = 0;
const TABLE27: usize = 1;
const UNCOVERED: usize = 2;
const GAPS: usize = 3;
const MONEY: usize = 4;

fn sheets() -> Vec<Sheet> {
    let table27_columns: Vec<(&'static str, f64)> = std::iter::once(("指标", 44.0))
        .chain(
            table27::COLUMNS
                .iter()
                .map(|&(_, header, _)| (header, 11.0)),
        )
        .collect();
    vec![
        sheet(
            "汇总",
            "各园区党建工作情况汇总",
            &[
                ("园区", 30.0),
                ("所属区县", 12.0),
                ("统计日期", 12.0),
                ("单位总数", 9.0),
                ("纳入统计", 9.0),
                ("非公企业", 9.0),
                ("组织覆盖率", 11.0),
                ("单独组建率", 11.0),
                ("工作覆盖率", 11.0),
                ("非公组织覆盖率", 14.0),
                ("非公单独组建率", 14.0),
                ("非公工作覆盖率", 14.0),
                ("单独建立", 9.0),
                ("联合建立", 9.0),
                ("党小组", 9.0),
                ("指导员", 9.0),
                ("未覆盖", 9.0),
                ("组织生活合规率", 14.0),
                ("预算（元）", 14.0),
                ("净支出（元）", 14.0),
                ("余额（元）", 14.0),
                ("标记", 40.0),
            ],
            &[],
        ),
        Sheet {
            name: "非公企业建党情况",
            title: "非公有制企业党建工作情况（表27口径）",
            form: true,
            columns: cols(&table27_columns, &[]),
        },
        sheet(
            "未覆盖单位",
            "党组织未覆盖的单位",
            &[
                ("园区", 30.0),
                ("单位名称", 34.0),
                ("统一社会信用代码", 22.0),
            ],
            &[],
        ),
        sheet(
            "覆盖缺口",
            "各园区党组织覆盖缺口",
            &[
                ("园区", 30.0),
                ("级别", 8.0),
                ("缺口", 20.0),
                ("单位/党组织", 34.0),
                ("说明", 70.0),
            ],
            &["代码"],
        ),
        sheet(
            "资金",
            "各园区党建经费支出",
            &[
                ("园区", 30.0),
                ("年度", 8.0),
                ("用途", 12.0),
                ("支出（元）", 14.0),
                ("冲销（元）", 14.0),
                ("净支出（元）", 14.0),
            ],
            &[],
        ),
    ]
}

fn summary_row(s: &Summary, district: &str, flags: &str) -> Vec<Cell> {
    let (all, np) = (&s.coverage.all, &s.coverage.non_public);
    let c = &s.status_counts;
    let n = |x: usize| Cell::Int(x as i64);
    vec![
        s.park.clone().into(),
        district.into(),
        Cell::Date(s.as_of),
        n(s.units.total),
        n(s.units.in_scope),
        n(s.units.non_public_in_scope),
        Cell::Rate(all.organizational),
        Cell::Rate(all.single_build),
        Cell::Rate(all.work),
        Cell::Rate(np.organizational),
        Cell::Rate(np.single_build),
        Cell::Rate(np.work),
        n(c.own),
        n(c.joint),
        n(c.group),
        n(c.instructor),
        n(c.none),
        Cell::Rate(s.organizational_life.compliance),
        Cell::Money(s.money.budget_fen),
        Cell::Money(s.money.net_fen),
        Cell::Money(s.money.balance_fen),
        flags.into(),
    ]
}

impl District {
    /// Writes the district's workbook as of `as_of` (each park's latest
    /// when `None`) to `out`.
    pub fn export(&self, out: &Path, as_of: Option<NaiveDate>) -> Result<()> {
        let sum = self.summary(as_of)?;
        let heading = Heading {
            unit: sum.district.clone(),
            as_of: sum.total.as_of,
            filled_on: crate::store::today(),
            by: crate::store::operator::current(),
        };
        let mut sink = XlsxSink::create(sheets(), out, None, &heading)?;
        for p in &sum.parks {
            let flags = if p.flags.is_empty() {
                String::new()
            } else {
                p.flags.join("；")
            };
            sink.row(SUMMARY, &summary_row(&p.summary, &p.district, &flags))?;
        }
        let mut total = summary_row(&sum.total, "", "");
        total[0] = format!("合计（{}，{} 个园区）", sum.district, sum.parks.len()).into();
        sink.row(SUMMARY, &total)?;
        for (r, (_, label)) in table27::ROWS.iter().enumerate() {
            let cells: Vec<Cell> = std::iter::once(Cell::from(*label))
                .chain(
                    (0..table27::COLUMNS.len()).map(|c| Cell::Int(sum.table27.value(r, c) as i64)),
                )
                .collect();
            sink.row(TABLE27, &cells)?;
        }
        // The rows stream from the file to the sink; the first write that
        // fails stops the export.
        let mut written: Result<()> = Ok(());
        self.each_uncovered_unit(as_of, |u| {
            if written.is_ok() {
                written = sink.row(
                    UNCOVERED,
                    &[u.park.into(), u.unit.name.into(), u.unit.credit_code.into()],
                );
            }
        })?;
        std::mem::replace(&mut written, Ok(()))?;
        self.each_gap_of_parks(as_of, |g| {
            if written.is_ok() {
                written = sink.row(
                    GAPS,
                    &[
                        g.park.into(),
                        severity_zh(g.gap.severity).into(),
                        Code::short_zh_of(&g.gap.code).into(),
                        g.gap.name.into(),
                        g.gap.message.into(),
                        g.gap.code.into(),
                    ],
                );
            }
        })?;
        written?;
        for p in &sum.parks {
            for t in &p.summary.money.by_purpose {
                sink.row(
                    MONEY,
                    &[
                        p.summary.park.clone().into(),
                        Cell::Int(p.summary.money.year.into()),
                        purpose_zh(t.purpose).into(),
                        Cell::Money(t.disbursed_fen),
                        Cell::Money(t.reversed_fen),
                        Cell::Money(t.net_fen),
                    ],
                )?;
            }
        }
        sink.finish()
    }
}
