//! The roster's checks on input (DOMAIN.md "Members", "Checks on input,
//! added"): a person's ID number against their birth date and sex, and a
//! membership's dates in the party's order.

use super::facts::add_years;
use super::roster::probation_end;
use crate::model::dates::date_problem;
use crate::model::members::{normalise_id_number, read_id_number};
use crate::model::problem::Problem;
use crate::model::*;
use chrono::{Datelike, Months, NaiveDate};
use std::collections::HashMap;

/// Every roster problem of the people, in document order.
pub fn people(out: &mut Vec<Problem>, reg: &Registry) {
    let index = reg.index();
    let mut id_numbers: HashMap<&str, usize> = HashMap::new();
    for (i, p) in reg.people.iter().enumerate() {
        let path = format!("people[{i}]");
        if let Some(id) = p.id_number.as_deref() {
            id_number(out, &path, p, id);
            if let Some(first) = id_numbers.insert(id, i) {
                out.push(Problem::new(
                    &path,
                    "id_number",
                    format!("身份证号与 people[{first}] 重复"),
                ));
                id_numbers.insert(id, first);
            }
        }
        if let Some(m) = &p.membership {
            membership(out, &format!("{path}.membership"), p, m, &index);
        }
    }
}

fn id_number(out: &mut Vec<Problem>, path: &str, p: &Person, id: &str) {
    if normalise_id_number(id) != id {
        out.push(Problem::new(
            path,
            "id_number",
            "身份证号应去掉空格，末位 x 写作 X",
        ));
        return;
    }
    match read_id_number(id) {
        Err(msg) => out.push(Problem::new(path, "id_number", msg)),
        Ok((born, gender)) => {
            if let Some(b) = p.birth_date.filter(|b| !b.agrees_with(born)) {
                out.push(Problem::new(
                    path,
                    "birth_date",
                    format!("出生日期 {b} 与身份证号中的 {born} 不符"),
                ));
            }
            if p.gender.is_some_and(|g| g != gender) {
                out.push(Problem::new(
                    path,
                    "gender",
                    "性别与身份证号第 17 位不符（奇数为男，偶数为女）",
                ));
            }
        }
    }
}

/// `a` is not before `b`, comparing months only when either is known only
/// to the month.
fn not_before(a: NaiveDate, b: NaiveDate, approximate: bool) -> bool {
    if approximate {
        (a.year(), a.month()) >= (b.year(), b.month())
    } else {
        a >= b
    }
}

fn membership(out: &mut Vec<Problem>, path: &str, p: &Person, m: &Membership, index: &Index) {
    let mut problem = |field: &str, msg: String| out.push(Problem::new(path, field, msg));
    let approx = |field: &str| m.is_approximate(field);
    for (field, date) in [
        ("joined_on", Some(m.joined_on)),
        ("full_on", m.full_on),
        ("probation_extended_to", m.probation_extended_to),
        ("arrived_on", m.arrived_on),
        ("lost_contact_on", m.lost_contact_on),
        ("stopped_on", m.stopped_on),
        ("left_on", m.left_on),
    ] {
        if let Some(msg) = date.and_then(date_problem) {
            problem(field, msg);
        }
    }
    // The birth date as given, else as the ID number says.
    let born = p.birth_date.or_else(|| {
        let (day, _) = read_id_number(p.id_number.as_deref()?).ok()?;
        Some(BirthDate::Day(day))
    });
    if let Some(born) = born {
        let adult = add_years(born.earliest(), 18);
        let months = approx("joined_on") || matches!(born, BirthDate::Month { .. });
        if !not_before(m.joined_on, adult, months) {
            problem(
                "joined_on",
                format!("入党时未满 18 周岁（出生 {born}，满 18 周岁为 {adult}）"),
            );
        }
    }
    if let Some(full) = m.full_on {
        let end = probation_end(m);
        if !not_before(full, end, approx("full_on") || approx("joined_on")) {
            problem("full_on", format!("转正日期 {full} 早于预备期满（{end}）"));
        }
    }
    if let Some(to) = m.probation_extended_to {
        let from = m.joined_on + Months::new(18);
        let until = add_years(m.joined_on, 2);
        let months = approx("joined_on");
        if !not_before(to, from, months) || !not_before(until, to, months) {
            problem(
                "probation_extended_to",
                format!("延长预备期应为 6 至 12 个月：延至 {from} 到 {until} 之间"),
            );
        }
    }
    for (field, date, what) in [
        ("lost_contact_on", m.lost_contact_on, "失去联系"),
        ("stopped_on", m.stopped_on, "停止党籍"),
        ("left_on", m.left_on, "离开"),
    ] {
        if date.is_some_and(|d| !not_before(d, m.joined_on, approx("joined_on"))) {
            problem(field, format!("{what}日期早于入党日期 {}", m.joined_on));
        }
    }
    match (m.left_on, m.left_reason) {
        (Some(_), None) => problem("left_reason", "离开时应注明原因".into()),
        (None, Some(_)) => problem("left_on", "注明了离开原因，却没有离开日期".into()),
        _ => {}
    }
    if m.arrived_on.is_some() && m.relationship == Relationship::Here {
        problem(
            "arrived_on",
            "来园区工作日期只用于流入党员（组织关系在园区外）".into(),
        );
    }
    if let Some(id) = m.unit.as_deref() {
        if index.unit(id).is_none() {
            problem("unit", format!("单位“{id}”不存在"));
        }
    }
    // Every kind of organization is a basic one or a group: any holds
    // members, so only its existence is checked.
    if let Some(id) = m.org.as_deref() {
        if index.org(id).is_none() {
            problem("org", format!("党组织“{id}”不存在"));
        }
    }
}

/// Admissions dated after `today`: refused like meetings not yet held.
pub fn future(out: &mut Vec<Problem>, reg: &Registry, today: NaiveDate) {
    for (i, p) in reg.people.iter().enumerate() {
        if p.membership.as_ref().is_some_and(|m| m.joined_on > today) {
            out.push(Problem::new(
                format!("people[{i}].membership"),
                "joined_on",
                format!("入党日期晚于今天（{today}）"),
            ));
        }
    }
}
