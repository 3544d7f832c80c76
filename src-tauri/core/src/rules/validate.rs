//! The checks on input (DOMAIN.md "Checks on input") over a whole registry:
//! names, credit codes, dates, references, the organization tree; and
//! [`state`], the one check every write and every reader applies.

use crate::model::credit_code;
use crate::model::dates::{date_problem, year_problem};
use crate::model::problem::Problem;
use crate::model::{Organization, Registry, Unit};
use crate::rules::{ledger, meeting_checks, member_checks};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_COMMITTEE_SIZE: u32 = 15;

/// Everything that makes `reg` a state the store must not hold: the checks
/// on input and the ledger's invariants (`ledger::replay`), with `today` as
/// the latest date an entry may have. Every write runs this inside its
/// transaction, and `load` and `check` run the same, so whatever the store
/// lets in, every reader accepts. Empty if the state is sound.
#[must_use]
pub fn state(reg: &Registry, today: NaiveDate) -> Vec<Problem> {
    let mut out = registry(reg);
    member_checks::future(&mut out, reg, today);
    for (i, m) in reg.meetings.iter().enumerate() {
        if m.date > today {
            out.push(Problem::new(
                format!("meetings[{i}]"),
                "date",
                format!(
                    "日期 {} 晚于今天（{today}）：不能登记尚未召开的会议",
                    m.date
                ),
            ));
        }
    }
    // Money is replayed only over sound references, so that one bad
    // reference does not raise a second, false alarm in the ledger.
    if out.is_empty() {
        out.extend(ledger::replay(reg, today));
    }
    out
}

/// Every input problem of the registry, in document order; empty if valid.
#[must_use]
pub fn registry(reg: &Registry) -> Vec<Problem> {
    let mut out = Vec::new();
    if let Some(msg) = name_problem(&reg.park.name) {
        out.push(Problem::new("park", "name", msg));
    }
    let district = reg.park.district.chars().count();
    if district > MAX_NAME_CHARS {
        out.push(Problem::new(
            "park",
            "district",
            format!("所属区县最多 {MAX_NAME_CHARS} 个字，实为 {district} 个"),
        ));
    }
    if reg.park.starter_fund_min_fen < 0 {
        out.push(Problem::new("park", "starter_fund_min_fen", "不能为负数"));
    } else if reg.park.starter_fund_min_fen >= crate::model::money::MAX_FEN {
        out.push(Problem::new("park", "starter_fund_min_fen", "金额过大"));
    }
    if let Some(msg) = date_problem(reg.park.starter_fund_since) {
        out.push(Problem::new("park", "starter_fund_since", msg));
    }
    for (i, b) in reg.budgets.iter().enumerate() {
        let path = format!("budgets[{i}]");
        if let Some(msg) = year_problem(b.year) {
            out.push(Problem::new(&path, "year", msg));
        }
        if !(0..crate::model::money::MAX_FEN).contains(&b.amount_fen) {
            out.push(Problem::new(
                &path,
                "amount_fen",
                format!(
                    "预算金额 {} 超出范围",
                    crate::model::money::yuan(b.amount_fen)
                ),
            ));
        }
    }
    for (i, e) in reg.ledger.iter().enumerate() {
        if let Some(msg) = date_problem(e.date) {
            out.push(Problem::new(format!("ledger[{i}]"), "date", msg));
        }
    }

    let people: HashSet<&str> =
        unique_ids(&mut out, "people", reg.people.iter().map(|p| p.id.as_str()));
    let units: HashSet<&str> =
        unique_ids(&mut out, "units", reg.units.iter().map(|u| u.id.as_str()));
    let orgs: HashSet<&str> = unique_ids(
        &mut out,
        "organizations",
        reg.organizations.iter().map(|o| o.id.as_str()),
    );

    for (i, p) in reg.people.iter().enumerate() {
        if let Some(msg) = name_problem(&p.name) {
            out.push(Problem::new(format!("people[{i}]"), "name", msg));
        }
    }
    member_checks::people(&mut out, reg);

    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut codes: HashMap<&str, usize> = HashMap::new();
    for (i, u) in reg.units.iter().enumerate() {
        unit(&mut out, i, u, &people);
        if let Some(first) = names.insert(u.name.trim(), i) {
            out.push(Problem::new(
                format!("units[{i}]"),
                "name",
                format!("单位名称“{}”与 units[{first}] 重复", u.name.trim()),
            ));
            names.insert(u.name.trim(), first);
        }
        if let Some(code) = &u.credit_code {
            if let Some(first) = codes.insert(code, i) {
                out.push(Problem::new(
                    format!("units[{i}]"),
                    "credit_code",
                    format!("统一社会信用代码 {code} 与 units[{first}] 重复"),
                ));
                codes.insert(code, first);
            }
        }
    }

    for (i, o) in reg.organizations.iter().enumerate() {
        organization(&mut out, i, o, &people, &units, &orgs);
    }
    parent_cycles(&mut out, reg);
    unique_ids(
        &mut out,
        "meetings",
        reg.meetings.iter().map(|m| m.id.as_str()),
    );
    for (i, m) in reg.meetings.iter().enumerate() {
        meeting_checks::record(&mut out, &format!("meetings[{i}]"), m, &orgs, &people);
    }
    out
}

fn unique_ids<'a>(
    out: &mut Vec<Problem>,
    collection: &str,
    ids: impl Iterator<Item = &'a str>,
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            out.push(Problem::new(
                format!("{collection}[{i}]"),
                "id",
                "编号不能为空",
            ));
        } else if id.trim() != id || id.chars().any(char::is_control) {
            // The workbook writes ids as cells and lists of them one per
            // line: an id must read back as itself.
            out.push(Problem::new(
                format!("{collection}[{i}]"),
                "id",
                format!(
                    "编号“{}”不能以空格开头或结尾，也不能含换行等控制字符",
                    id.trim()
                ),
            ));
        } else if !seen.insert(id) {
            out.push(Problem::new(
                format!("{collection}[{i}]"),
                "id",
                format!("编号“{id}”重复"),
            ));
        }
    }
    seen
}

/// Why a name is not acceptable, if it is not.
#[must_use]
pub fn name_problem(name: &str) -> Option<String> {
    let trimmed = name.trim();
    let chars = trimmed.chars().count();
    if trimmed.is_empty() {
        Some("名称不能为空".into())
    } else if chars > MAX_NAME_CHARS {
        Some(format!("名称最多 {MAX_NAME_CHARS} 个字，实为 {chars} 个"))
    } else {
        None
    }
}

fn unit(out: &mut Vec<Problem>, i: usize, u: &Unit, people: &HashSet<&str>) {
    let path = format!("units[{i}]");
    if let Some(msg) = name_problem(&u.name) {
        out.push(Problem::new(&path, "name", msg));
    }
    if let Some(code) = &u.credit_code {
        if let Err(msg) = credit_code::check(code) {
            out.push(Problem::new(
                &path,
                "credit_code",
                format!("统一社会信用代码 {code} 无效：{msg}"),
            ));
        }
    }
    for (field, person) in [
        ("commissioner", &u.commissioner),
        ("instructor", &u.instructor),
    ] {
        if let Some(id) = person {
            if !people.contains(id.as_str()) {
                out.push(Problem::new(&path, field, format!("人员“{id}”不存在")));
            }
        }
    }
    for (field, d) in [("started_on", u.started_on), ("closed_on", u.closed_on)] {
        if let Some(msg) = d.and_then(date_problem) {
            out.push(Problem::new(&path, field, msg));
        }
    }
    if u.legal_rep_secretary && !u.legal_rep_member {
        out.push(Problem::new(
            &path,
            "legal_rep_secretary",
            "法定代表人兼任党组织书记，须先是党员（legal_rep_member）",
        ));
    }
    if let (Some(start), Some(close)) = (u.started_on, u.closed_on) {
        if close <= start {
            out.push(Problem::new(
                &path,
                "closed_on",
                format!("关闭日期 {close} 应晚于开始日期 {start}"),
            ));
        }
    }
}

fn organization(
    out: &mut Vec<Problem>,
    i: usize,
    o: &Organization,
    people: &HashSet<&str>,
    units: &HashSet<&str>,
    orgs: &HashSet<&str>,
) {
    let path = format!("organizations[{i}]");
    if let Some(msg) = name_problem(&o.name) {
        out.push(Problem::new(&path, "name", msg));
    }
    if let Some(parent) = &o.parent {
        if !orgs.contains(parent.as_str()) {
            out.push(Problem::new(
                &path,
                "parent",
                format!("上级党组织“{parent}”不存在"),
            ));
        } else if parent == &o.id {
            out.push(Problem::new(&path, "parent", "上级党组织不能是自己"));
        }
    }
    let mut seen = HashSet::new();
    for (j, id) in o.units.iter().enumerate() {
        if !units.contains(id.as_str()) {
            out.push(Problem::new(
                &path,
                format!("units[{j}]"),
                format!("单位“{id}”不存在"),
            ));
        } else if !seen.insert(id) {
            out.push(Problem::new(
                &path,
                format!("units[{j}]"),
                format!("单位“{id}”重复列出"),
            ));
        }
    }
    if let Some(id) = &o.secretary {
        if !people.contains(id.as_str()) {
            out.push(Problem::new(
                &path,
                "secretary",
                format!("人员“{id}”不存在"),
            ));
        }
    }
    if o.committee_size > MAX_COMMITTEE_SIZE {
        out.push(Problem::new(
            &path,
            "committee_size",
            format!(
                "委员人数应在 0 到 {MAX_COMMITTEE_SIZE} 之间，实为 {}",
                o.committee_size
            ),
        ));
    }
    for (field, d) in [
        ("founded_on", Some(o.founded_on)),
        ("dissolved_on", o.dissolved_on),
        ("last_election_on", o.last_election_on),
    ] {
        if let Some(msg) = d.and_then(date_problem) {
            out.push(Problem::new(&path, field, msg));
        }
    }
    if let Some(end) = o.dissolved_on {
        if end <= o.founded_on {
            out.push(Problem::new(
                &path,
                "dissolved_on",
                format!("撤销日期 {end} 应晚于成立日期 {}", o.founded_on),
            ));
        }
    }
    if let Some(elected) = o.last_election_on {
        if elected < o.founded_on {
            out.push(Problem::new(
                &path,
                "last_election_on",
                format!("换届日期 {elected} 早于成立日期 {}", o.founded_on),
            ));
        }
    }
}

/// Parents must form a tree: following parents from any organization ends.
fn parent_cycles(out: &mut Vec<Problem>, reg: &Registry) {
    let index: HashMap<&str, usize> = reg
        .organizations
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    // 0 = not visited, 1 = on the current path, 2 = known to end.
    let mut state = vec![0u8; reg.organizations.len()];
    for start in 0..reg.organizations.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let o = &reg.organizations[i];
                    if o.parent.as_deref() != Some(o.id.as_str()) {
                        out.push(Problem::new(
                            format!("organizations[{i}]"),
                            "parent",
                            format!("上级关系形成循环（经过“{}”）", o.id),
                        ));
                    }
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = reg.organizations[i]
                        .parent
                        .as_deref()
                        .and_then(|p| index.get(p).copied());
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
}
