//! The rows of each sheet, built from one slice's facts (or the summary).

use super::Cell;
use crate::model::labels::*;
use crate::model::*;
use crate::rules::coverage::Summary;
use crate::rules::facts::{election_due, Facts};
use crate::rules::gaps::Gap;
use crate::rules::ledger::LedgerLine;
use crate::rules::life::LifeFigures;
use crate::views::trend::Point;
use chrono::NaiveDate;

/// The labels of `汇总`'s rows that a reader of the workbook looks up: who
/// and when, and the park's settings the figures were computed under.
pub mod label {
    pub const PARK: &str = "园区";
    pub const DISTRICT: &str = "所属区县";
    pub const AS_OF: &str = "统计日期";
    pub const EXPORTED_ON: &str = "导出日期";
    pub const MIN_EMPLOYEES: &str = "纳入统计的最少职工人数";
    pub const STARTER_FUND_SINCE: &str = "启动资金起算日期";
    pub const STARTER_FUND_MIN: &str = "启动资金最低标准（元）";
    pub const LECTURE_PERIOD: &str = "党课周期";
}

pub(crate) fn summary_rows(s: &Summary, park: &Park, today: NaiveDate) -> Vec<Vec<Cell>> {
    let m = &s.money;
    let mut rows: Vec<Vec<Cell>> = vec![
        vec![label::PARK.into(), park.name.clone().into()],
        vec![label::DISTRICT.into(), park.district.clone().into()],
        vec![label::AS_OF.into(), Cell::Date(s.as_of)],
        vec![label::EXPORTED_ON.into(), Cell::Date(today)],
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
    // A year whose budget was never set counts the default, and says so.
    let budget = if m.budget_default {
        "预算（未设置，按默认）"
    } else {
        "预算"
    };
    for (label, fen) in [
        (budget, m.budget_fen),
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
    rows.extend(life_rows(&s.organizational_life));
    rows.extend([
        vec![label::MIN_EMPLOYEES.into(), park.min_employees.into()],
        vec![
            label::STARTER_FUND_SINCE.into(),
            Cell::Date(park.starter_fund_since),
        ],
        vec![
            label::STARTER_FUND_MIN.into(),
            Cell::Money(park.starter_fund_min_fen),
        ],
        vec![
            label::LECTURE_PERIOD.into(),
            lecture_period_zh(park.party_lecture_period).into(),
        ],
    ]);
    rows
}

/// The year's organizational-life figures, for 汇总.
pub(super) fn life_rows(l: &LifeFigures) -> Vec<Vec<Cell>> {
    let y = l.year;
    let mut rows = vec![vec![
        format!("{y} 年组织生活合规率").into(),
        Cell::Rate(l.compliance),
    ]];
    for kind in MeetingKind::ALL {
        let held = l.held.get(&kind).copied().unwrap_or(0);
        rows.push(vec![
            format!("{y} 年{}（次）", meeting_kind_zh(kind)).into(),
            Cell::Int(held as i64),
        ]);
        if let Some(rate) = l.attendance.get(&kind) {
            rows.push(vec![
                format!("{y} 年{}到会率", meeting_kind_zh(kind)).into(),
                Cell::Rate(*rate),
            ]);
        }
    }
    rows.push(vec![
        format!("{y} 年培训人次").into(),
        Cell::Int(l.training.person_times as i64),
    ]);
    rows.push(vec![
        format!("{y} 年培训学时（人·学时）").into(),
        Cell::Tenths((l.training.person_hours * 10.0).round() as i64),
    ]);
    rows
}

pub(super) fn person_name(facts: &Facts, id: &Option<String>) -> Cell {
    id.as_deref()
        .and_then(|p| facts.index.person(p))
        .map(|p| p.name.clone())
        .into()
}

pub(super) fn yes_no(b: bool) -> Cell {
    (if b { "是" } else { "否" }).into()
}

pub(super) fn unit_row(facts: &Facts, u: usize) -> Vec<Cell> {
    let unit = &facts.reg.units[u];
    vec![
        unit.id.clone().into(),
        unit.name.clone().into(),
        unit_kind_zh(unit.kind).into(),
        ownership_zh(unit.ownership).into(),
        yes_no(unit.wholly_owned),
        yes_no(unit.legal_rep_member),
        yes_no(unit.legal_rep_secretary),
        stage_zh(unit.stage).into(),
        unit.credit_code.clone().into(),
        unit.employees.into(),
        // As of D: the roster's when the park keeps one.
        Cell::Int(facts.unit_members[u].full as i64),
        Cell::Int(facts.unit_members[u].probationary as i64),
        unit.town.clone().into(),
        unit.village.clone().into(),
        yes_no(unit.key_project),
        person_name(facts, &unit.commissioner),
        person_name(facts, &unit.instructor),
        unit.started_on.into(),
        unit.closed_on.into(),
        facts.status[u].map_or(Cell::Empty, |s| status_zh(s).into()),
        unit.commissioner.clone().into(),
        unit.instructor.clone().into(),
    ]
}

pub(super) fn org_row(facts: &Facts, o: usize) -> Vec<Cell> {
    let org = &facts.reg.organizations[o];
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
        org.parent.clone().into(),
        ids(&org.units),
        org.secretary.clone().into(),
    ]
}

pub(super) fn meeting_row(facts: &Facts, m: &Meeting) -> Vec<Cell> {
    let rate = m
        .expected
        .filter(|&e| e > 0)
        .map(|e| f64::from(m.attended) / f64::from(e));
    vec![
        m.id.clone().into(),
        Cell::Date(m.date),
        facts
            .index
            .org(&m.org)
            .map_or(m.org.clone(), |o| o.name.clone())
            .into(),
        meeting_kind_zh(m.kind).into(),
        m.topic.clone().into(),
        m.expected.map_or(Cell::Empty, Cell::from),
        m.attended.into(),
        if m.expected.is_some() {
            Cell::Rate(rate)
        } else {
            Cell::Empty
        },
        Cell::Tenths(m.hours.0.into()),
        person_name(facts, &m.host),
        m.note.clone().into(),
        m.org.clone().into(),
        m.host.clone().into(),
    ]
}

/// A list of ids in one cell, one per line (an id holds no line break,
/// see `validate`), so that no name's punctuation can split it.
pub(super) fn ids(list: &[String]) -> Cell {
    if list.is_empty() {
        Cell::Empty
    } else {
        list.join("\n").into()
    }
}

/// A person a rule or a sheet names: the id, the name, party membership;
/// never the phone number.
pub(super) fn person_row(p: &Person) -> Vec<Cell> {
    vec![
        p.id.clone().into(),
        p.name.clone().into(),
        yes_no(p.party_member),
    ]
}

pub(super) fn budget_row(b: &Budget) -> Vec<Cell> {
    vec![
        Cell::Int(b.year.into()),
        Cell::Money(b.amount_fen),
        b.source.clone().into(),
    ]
}

pub(super) fn gap_row(g: &Gap) -> Vec<Cell> {
    let subject = match (&g.unit, &g.org) {
        (Some(_), _) => "单位",
        (None, Some(_)) => "党组织",
        // A member gap names no one in the workbook: personal data stays in.
        (None, None) => "党员",
    };
    vec![
        severity_zh(g.severity).into(),
        g.code.short_zh().into(),
        subject.into(),
        // Not even the person's id: the 人员 sheet names post holders by it.
        g.unit.clone().or(g.org.clone()).into(),
        (if g.person.is_some() {
            subject.to_string()
        } else {
            g.name.clone()
        })
        .into(),
        g.message.clone().into(),
        code_of(&g.code).into(),
    ]
}

pub(super) fn ledger_row(l: LedgerLine) -> Vec<Cell> {
    let e = l.entry;
    vec![
        e.id.into(),
        Cell::Date(e.date),
        e.voucher.into(),
        purpose_zh(e.purpose).into(),
        l.org_name.into(),
        Cell::Money(l.signed_fen),
        Cell::Int(l.year.into()),
        Cell::Money(l.balance_after_fen),
        e.note.into(),
        e.reverses
            .or(l.reversed_by.map(|by| format!("被 {by} 冲销")))
            .into(),
        e.org.into(),
    ]
}

/// One month of `趋势`: the date, the scope, the six rates, the gap counts.
pub(super) fn trend_row(p: &Point) -> Vec<Cell> {
    let (all, np) = (&p.coverage.all, &p.coverage.non_public);
    let g = p.gap_counts;
    vec![
        Cell::Date(p.as_of),
        Cell::Int(p.in_scope as i64),
        Cell::Rate(all.organizational),
        Cell::Rate(all.single_build),
        Cell::Rate(all.work),
        Cell::Rate(np.organizational),
        Cell::Rate(np.single_build),
        Cell::Rate(np.work),
        Cell::Int(g.error as i64),
        Cell::Int(g.warning as i64),
        Cell::Int(g.info as i64),
    ]
}
