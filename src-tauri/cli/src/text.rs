//! The readable (Chinese) text forms of the CLI's answers.

use chrono::NaiveDate;
use parkreg_core::exchange::workbook::import;
use parkreg_core::model::code_of;
use parkreg_core::model::labels::{purpose_zh, severity_zh};
use parkreg_core::model::money::{percent, yuan};
use parkreg_core::rules::coverage::{Rates, Summary};
use parkreg_core::rules::gaps::{date_zh, Gap};
use parkreg_core::rules::ledger::{FundReport, YearTotals};
use parkreg_core::rules::roster::MemberCounts;
use parkreg_core::views::trend::Point;
use parkreg_core::views::HistoryRow;
use serde_json::{json, Value};
use std::fmt::Write;

/// Display width in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Rows as a table with columns aligned by display width.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let last = i + 1 == cells.len();
            out.push_str(cell);
            if !last {
                out.push_str(&" ".repeat(w - width(cell) + 2));
            }
        }
        out + "\n"
    };
    let mut out = line(header.to_vec());
    out += &line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for row in rows {
        out += &line(row.iter().map(String::as_str).collect());
    }
    out
}

/// A scope's three rates as percentages.
pub fn rate_texts(r: &Rates) -> [String; 3] {
    [
        percent(r.organizational),
        percent(r.single_build),
        percent(r.work),
    ]
}

fn rate_rows(label: &str, r: &Rates) -> Vec<String> {
    std::iter::once(label.into()).chain(rate_texts(r)).collect()
}

/// The summary with its series (`summary --series months`): in JSON the
/// summary's fields and `series`.
#[derive(serde::Serialize)]
pub struct WithSeries {
    #[serde(flatten)]
    pub summary: WithMembers,
    pub series: Vec<Point>,
}

/// The summary and, when the park keeps its roster, its members at D
/// (`members` in JSON).
#[derive(serde::Serialize)]
pub struct WithMembers {
    #[serde(flatten)]
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<MemberCounts>,
}

pub fn summary_with_series(w: &WithSeries) -> String {
    let rows: Vec<Vec<String>> = (w.series.iter())
        .map(|p| {
            let g = p.gap_counts;
            [p.as_of.to_string(), p.in_scope.to_string()]
                .into_iter()
                .chain(rate_texts(&p.coverage.all))
                .chain(rate_texts(&p.coverage.non_public))
                .chain([format!("{}/{}/{}", g.error, g.warning, g.info)])
                .collect()
        })
        .collect();
    let header = [
        "日期",
        "纳入统计",
        "组织覆盖",
        "单独组建",
        "工作覆盖",
        "非公组织",
        "非公单独",
        "非公工作",
        "错误/警告/提示",
    ];
    summary(&w.summary) + "\n逐月趋势\n" + &table(&header, &rows)
}

pub fn summary(w: &WithMembers) -> String {
    let s = &w.summary;
    let mut out = String::new();
    let u = &s.units;
    let c = &s.status_counts;
    let o = &s.organizations;
    let m = &s.money;
    let _ = writeln!(out, "{}　截至 {}\n", s.park, date_zh(s.as_of));
    let _ = writeln!(
        out,
        "单位 {} 个：企业 {}，项目 {}，机关 {}；纳入统计 {} 个，其中非公有制 {} 个",
        u.total, u.enterprises, u.projects, u.organs, u.in_scope, u.non_public_in_scope
    );
    let _ = writeln!(
        out,
        "党组织：党委 {}，党总支 {}，党支部 {}，联合党支部 {}，临时党支部 {}，党小组 {}\n",
        o.committee, o.general_branch, o.branch, o.joint_branch, o.temporary_branch, o.group
    );
    out += &table(
        &["范围", "组织覆盖率", "单独组建率", "工作覆盖率"],
        &[
            rate_rows("全部单位", &s.coverage.all),
            rate_rows("非公有制企业", &s.coverage.non_public),
        ],
    );
    let _ = writeln!(
        out,
        "\n覆盖方式：单独建立 {}，联合建立 {}，党小组 {}，党建指导员 {}，未覆盖 {}",
        c.own, c.joint, c.group, c.instructor, c.none
    );
    let _ = writeln!(
        out,
        "{} 年经费：预算 {}，支出 {}，冲销 {}，净支出 {}，余额 {}；尚欠启动资金的党组织 {} 个",
        m.year,
        budget_text(m),
        yuan(m.disbursed_fen),
        yuan(m.reversed_fen),
        yuan(m.net_fen),
        yuan(m.balance_fen),
        s.starter_fund_owed
    );
    if let Some(m) = &w.members {
        let _ = writeln!(
            out,
            "党员（按名册）：正式 {}，预备 {}；其中流入 {}，失去联系 {}；停止党籍 {}",
            m.full, m.probationary, m.elsewhere, m.lost_contact, m.stopped
        );
    }
    out
}

pub fn gaps(found: &[Gap], d: NaiveDate) -> String {
    if found.is_empty() {
        return format!("截至 {}，没有发现缺口。\n", date_zh(d));
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|g| {
            vec![
                severity_zh(g.severity).into(),
                code_of(&g.code),
                g.name.clone(),
                g.message.clone(),
            ]
        })
        .collect();
    format!(
        "截至 {}，共 {} 处缺口：\n\n{}",
        date_zh(d),
        found.len(),
        table(&["级别", "代码", "单位/党组织", "说明"], &rows)
    )
}

/// The `gaps --json` contract: code, severity, unit, org, message.
pub fn gaps_json(found: &[Gap]) -> Value {
    Value::Array(
        found
            .iter()
            .map(|g| json!({"code": g.code, "severity": g.severity, "unit": g.unit, "org": g.org, "person": g.person, "message": g.message}))
            .collect(),
    )
}

/// A year's budget, marked when it is the default (none set for the year).
fn budget_text(y: &YearTotals) -> String {
    if y.budget_default {
        format!("{}（默认）", yuan(y.budget_fen))
    } else {
        yuan(y.budget_fen)
    }
}

pub fn fund_report(r: &FundReport) -> String {
    let mut out = format!("经费报告　截至 {}\n\n", date_zh(r.as_of));
    let rows: Vec<Vec<String>> = r
        .years
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                budget_text(y),
                yuan(y.disbursed_fen),
                yuan(y.reversed_fen),
                yuan(y.net_fen),
                yuan(y.balance_fen),
            ]
        })
        .collect();
    out += &table(&["年度", "预算", "支出", "冲销", "净支出", "余额"], &rows);
    for y in &r.years {
        let rows: Vec<Vec<String>> = y
            .by_purpose
            .iter()
            .filter(|p| p.disbursed_fen != 0)
            .map(|p| {
                vec![
                    purpose_zh(p.purpose).into(),
                    yuan(p.disbursed_fen),
                    yuan(p.reversed_fen),
                    yuan(p.net_fen),
                ]
            })
            .collect();
        if !rows.is_empty() {
            let _ = writeln!(out, "\n{} 年按用途：", y.year);
            out += &table(&["用途", "支出", "冲销", "净支出"], &rows);
        }
    }
    if r.starter_fund_owed.is_empty() {
        out += "\n新建党组织启动资金均已拨付到位。\n";
    } else {
        out += "\n尚欠启动资金的党组织：\n";
        let rows: Vec<Vec<String>> = r
            .starter_fund_owed
            .iter()
            .map(|o| {
                vec![
                    o.org.clone(),
                    o.name.clone(),
                    date_zh(o.founded_on),
                    yuan(o.paid_fen),
                    yuan(o.owed_fen),
                ]
            })
            .collect();
        out += &table(&["编号", "党组织", "成立日期", "已拨", "尚欠"], &rows);
    }
    out += "\n台账：\n";
    let rows: Vec<Vec<String>> = r
        .ledger
        .iter()
        .map(|l| {
            let e = &l.entry;
            let amount = l.signed_fen;
            let mut note = e.note.clone();
            if let Some(orig) = &e.reverses {
                note = format!("冲销 {orig}：{note}");
            } else if let Some(by) = &l.reversed_by {
                note = format!("{note}（已被 {by} 冲销）");
            }
            vec![
                e.id.clone(),
                date_zh(e.date),
                e.voucher.clone(),
                purpose_zh(e.purpose).into(),
                l.org_name.clone().unwrap_or_default(),
                yuan(amount),
                yuan(l.balance_after_fen),
                note,
            ]
        })
        .collect();
    out += &table(
        &[
            "编号",
            "日期",
            "凭证号",
            "用途",
            "党组织",
            "金额",
            "当年余额",
            "摘要",
        ],
        &rows,
    );
    out
}

/// The history in words, each change's fields after its summary.
pub fn history(rows: &[HistoryRow]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut what = r.summary.clone();
            for c in &r.changes {
                what.push_str(&format!("；{}：{} → {}", c.label, c.before, c.after));
            }
            vec![
                r.seq.to_string(),
                r.at.clone(),
                r.who.clone(),
                r.action_label.clone(),
                what,
            ]
        })
        .collect();
    table(&["序号", "时间", "操作人", "操作", "内容"], &rows)
}

pub fn import_plan(plan: &import::ImportPlan) -> String {
    plan_text(plan, ("个", "单位"), &["单位"], |c| {
        vec![c.name.clone()]
    })
}

pub fn meeting_plan(plan: &import::MeetingPlan) -> String {
    plan_text(
        plan,
        ("条", "组织生活记录"),
        &["日期", "党组织", "类型"],
        |c| {
            vec![
                c.date.to_string(),
                c.org.clone(),
                parkreg_core::model::labels::meeting_kind_zh(c.kind).into(),
            ]
        },
    )
}

pub fn roster_plan(plan: &import::RosterPlan) -> String {
    plan_text(plan, ("名", "党员"), &["姓名", "工作单位"], |c| {
        vec![c.name.clone(), c.unit.clone().unwrap_or_default()]
    })
}

/// A plan as the preview shows it: the counts, then each row added or
/// updated with what it is (`what`, under `headers`) and the columns that
/// change.
fn plan_text<K: import::Kind>(
    plan: &import::Plan<K>,
    (measure, noun): (&str, &str),
    headers: &[&str],
    what: impl Fn(&K::What) -> Vec<String>,
) -> String {
    let mut out = format!(
        "新增 {} {measure}{noun}，更新 {} {measure}，不变 {} {measure}\n",
        plan.added.len(),
        plan.updated.len(),
        plan.unchanged
    );
    let rows: Vec<Vec<String>> = (plan.added.iter().map(|c| (c, "新增")))
        .chain(plan.updated.iter().map(|c| (c, "更新")))
        .map(|(c, action)| {
            let mut cells = vec![c.row.to_string(), action.into()];
            cells.extend(what(&c.what));
            cells.push(c.fields.join("、"));
            cells
        })
        .collect();
    if !rows.is_empty() {
        let mut all = vec!["行", "操作"];
        all.extend(headers);
        all.push("变更的列");
        out += &table(&all, &rows);
    }
    new_people(&mut out, &plan.new_people);
    out
}

fn new_people(out: &mut String, names: &[String]) {
    if !names.is_empty() {
        let _ = writeln!(
            out,
            "新增人员（请在人员名单中核实是否党员）：{}",
            names.join("、")
        );
    }
}

pub fn check(r: &parkreg_core::store::CheckReport) -> String {
    let mut out = String::new();
    let mut section = |title: &str, problems: &[String]| {
        if problems.is_empty() {
            let _ = writeln!(out, "✓ {title}");
        } else {
            let _ = writeln!(out, "✗ {title}：");
            for p in problems {
                let _ = writeln!(out, "    {p}");
            }
        }
    };
    section("数据库完整性", &r.integrity);
    section("引用完整性", &r.foreign_keys);
    section("数据库结构（含经费台账的只增不改保护）", &r.schema);
    let chain: Vec<String> = r.audit_chain.iter().map(|(_, m)| m.clone()).collect();
    section("变更记录校验链", &chain);
    section("变更记录锚点（锚点文件、备份、导出的工作簿）", &r.anchors);
    section("登记簿规则与经费台账", &r.registry);
    for note in &r.notes {
        let _ = writeln!(out, "  · {note}");
    }
    out
}
