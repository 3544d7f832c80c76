//! Importing meeting and training records from a sheet like the
//! workbook's `组织生活` sheet, so a clerk can bring years of records kept
//! in Excel: columns matched by header, every problem by row and column,
//! nothing applied unless the whole sheet is clean.
//!
//! A row is the record of the same organization, kind, date and topic if
//! there is one (so an exported sheet imports back as unchanged, and a
//! count corrected in Excel updates the record); otherwise a new record,
//! which must pass the checks of a record being made.

use super::people::People;
use super::rows::{number_not_date, parse_sheet_date, raw_text};
use super::sheet::{Raw, Sheet, MAX_ROWS};
use crate::exchange::forms::MeetingForm;
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::{meeting_checks, validate};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, VecDeque};

/// The columns a sheet may have: the export's header, the form's field,
/// the synonyms found in clerks' own sheets. 到会率 is computed, so read
/// past; the ids the export writes beside the names (编号, 党组织编号,
/// 主持人编号) say which record, organization and person a row means
/// where names are shared.
const COLUMNS: [(&str, &str, &[&str]); 12] = [
    ("编号", "id", &[]),
    ("党组织编号", "org_id", &[]),
    ("主持人编号", "host_id", &[]),
    (
        "日期",
        "date",
        &["时间", "会议日期", "活动日期", "召开日期"],
    ),
    ("党组织", "org", &["党组织名称", "支部", "党支部"]),
    ("类型", "kind", &["会议类型", "类别", "形式"]),
    ("主题", "topic", &["内容", "会议主题", "活动主题"]),
    ("应到", "expected", &["应到人数"]),
    ("实到", "attended", &["实到人数", "参加人数", "参训人次"]),
    ("学时", "hours", &["课时"]),
    ("主持人", "host", &["主讲人", "授课人"]),
    ("备注", "note", &[]),
];
const REQUIRED: [&str; 4] = ["date", "org", "kind", "attended"];

fn field_of(header: &str) -> Option<&'static str> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    COLUMNS
        .iter()
        .find(|(head, _, syn)| *head == h || syn.contains(&h.as_str()))
        .map(|&(_, field, _)| field)
}

fn header_of(field: &str) -> &'static str {
    COLUMNS
        .iter()
        .find(|(_, f, _)| *f == field)
        .map_or("", |&(head, _, _)| head)
}

/// One record added or corrected, for the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingChange {
    /// The row in the sheet (1 is the header).
    pub row: usize,
    pub id: String,
    pub date: NaiveDate,
    pub org: String,
    pub kind: MeetingKind,
    /// The headers of the columns whose values change.
    pub fields: Vec<&'static str>,
}

/// What importing the sheet would do; `registry` is the registry after it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingPlan {
    pub added: Vec<MeetingChange>,
    pub updated: Vec<MeetingChange>,
    pub unchanged: usize,
    /// Hosts named in the sheet who are not yet in the registry; they are
    /// added as non-members, like the people a unit sheet names.
    pub new_people: Vec<String>,
    #[serde(skip)]
    pub registry: Registry,
    /// The registry state the plan was made on: it applies to that only.
    #[serde(skip)]
    pub base: Option<Head>,
}

fn at(row: usize, field: &str, message: impl Into<String>) -> Problem {
    let column = match header_of(field) {
        "" => field.to_string(),
        head => format!("“{head}”列"),
    };
    Problem::new(format!("第 {row} 行"), column, message)
}

/// Plans the import of `sheet`'s records into `reg`: every problem, or
/// the plan. The whole registry after it passes `validate::state`.
pub fn plan_meetings(
    reg: &Registry,
    sheet: &Sheet,
    today: NaiveDate,
) -> Result<MeetingPlan, Vec<Problem>> {
    let Some(header) = super::header_row(&sheet.rows) else {
        return Err(vec![Problem::new(
            "",
            "",
            "表格是空的：没有表头，也没有数据",
        )]);
    };
    let mut problems = Vec::new();
    let mut columns: Vec<(usize, &str)> = Vec::new();
    for (c, cell) in sheet.rows[header].iter().enumerate() {
        let Raw::Text(h) = cell else { continue };
        let Some(field) = field_of(h) else { continue };
        match columns.iter().find(|(_, f)| *f == field) {
            Some(&(first, _)) => problems.push(Problem::new(
                format!("第 {} 行", header + 1),
                format!("第 {} 列“{}”", c + 1, h.trim()),
                format!("与第 {} 列重复，都是“{}”", first + 1, header_of(field)),
            )),
            None => columns.push((c, field)),
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|f| !columns.iter().any(|(_, c)| c == *f))
        .map(|f| header_of(f))
        .collect();
    if !missing.is_empty() {
        return Err(vec![Problem::new(
            format!("第 {} 行", header + 1),
            "表头",
            format!(
                "缺少“{}”列：组织生活表应有日期、党组织、类型、实到等列",
                missing.join("”“")
            ),
        )]);
    }
    let data = &sheet.rows[header + 1..];
    if data.len() > MAX_ROWS {
        return Err(vec![Problem::new(
            "",
            "",
            format!("行数过多（{} 行），最多 {MAX_ROWS} 行", data.len()),
        )]);
    }

    let org_of: HashMap<&str, &str> = reg
        .organizations
        .iter()
        .rev()
        .flat_map(|o| {
            [
                (o.name.as_str(), o.id.as_str()),
                (o.id.as_str(), o.id.as_str()),
            ]
        })
        .collect();
    // Existing records by what they are, each matched at most once.
    let mut existing: HashMap<(String, MeetingKind, NaiveDate, String), VecDeque<usize>> =
        HashMap::new();
    for (i, m) in reg.meetings.iter().enumerate() {
        existing.entry(key_of(m)).or_default().push_back(i);
    }
    let mut next = reg.clone();
    let mut people = People::new(&mut next);
    let mut next_number =
        largest_number(reg.meetings.iter().map(|m| m.id.as_str()), "m").checked_add(1);
    let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), 0);
    let mut row_of_record: HashMap<usize, usize> = HashMap::new();

    for (i, cells) in data.iter().enumerate() {
        let row = header + i + 2;
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        let mut form = MeetingForm::default();
        let (mut id, mut org_id, mut host_id) = (String::new(), String::new(), String::new());
        let mut cell_problem = false;
        for &(c, field) in &columns {
            let cell = cells.get(c).unwrap_or(&Raw::Empty);
            let read = match (field, cell) {
                ("date", Raw::Text(t)) => parse_sheet_date(t.trim()).map(|d| Some(d.to_string())),
                ("date", Raw::Number(n)) => Err(number_not_date(*n)),
                (_, raw) => raw_text(raw),
            };
            let text = match read {
                Ok(t) => t.unwrap_or_default(),
                Err(m) => {
                    problems.push(at(row, field, m));
                    cell_problem = true;
                    continue;
                }
            };
            let slot = match field {
                "date" => &mut form.date,
                "org" => &mut form.org,
                "kind" => &mut form.kind,
                "topic" => &mut form.topic,
                "expected" => &mut form.expected,
                "attended" => &mut form.attended,
                "hours" => &mut form.hours,
                "host" => &mut form.host,
                "id" => &mut id,
                "org_id" => &mut org_id,
                "host_id" => &mut host_id,
                _ => &mut form.note,
            };
            *slot = text;
        }
        if cell_problem {
            continue;
        }
        let org_name = form.org.clone();
        // The id beside the name, when it is the registry's own of that
        // name: two organizations (or people) may share a name.
        let own = |id: &str, name: &str, named: Option<&str>| !id.is_empty() && named == Some(name);
        if own(
            &org_id,
            &org_name,
            reg.org(&org_id).map(|o| o.name.as_str()),
        ) {
            form.org = org_id;
        } else {
            match org_of.get(org_name.as_str()) {
                Some(id) => form.org = (*id).to_string(),
                None if org_name.is_empty() => {}
                None => {
                    problems.push(at(row, "org", format!("“{org_name}”不是登记簿中的党组织")));
                    continue;
                }
            }
        }
        if own(
            &host_id,
            &form.host,
            reg.person(&host_id).map(|p| p.name.as_str()),
        ) {
            form.host = host_id;
        } else if !form.host.is_empty() && people.reg.person(&form.host).is_none() {
            form.host = people.id_of(&form.host);
        }
        let mut m = match form.to_meeting() {
            Ok(m) => m,
            Err(crate::Error::Invalid(found)) => {
                problems.extend(found.into_iter().map(|p| at(row, &p.field, p.message)));
                continue;
            }
            Err(e) => {
                problems.push(at(row, "", e.to_string()));
                continue;
            }
        };
        let key = key_of(&m);
        let change = |id: &str, fields| MeetingChange {
            row,
            id: id.to_string(),
            date: m.date,
            org: org_name.clone(),
            kind: m.kind,
            fields,
        };
        // Among the records the row could mean, the one of its id first.
        let by_id = existing.get_mut(&key).and_then(|q| {
            let at = q
                .iter()
                .position(|&r| !id.is_empty() && reg.meetings[r].id == id)?;
            q.remove(at)
        });
        match by_id.or_else(|| existing.get_mut(&key).and_then(VecDeque::pop_front)) {
            Some(index) => {
                m.id = people.reg.meetings[index].id.clone();
                let fields = changed_fields(&people.reg.meetings[index], &m);
                if fields.is_empty() {
                    unchanged += 1;
                } else {
                    updated.push(change(&m.id, fields));
                    people.reg.meetings[index] = m;
                    row_of_record.insert(index, row);
                }
            }
            None => {
                let made = meeting_checks::made(people.reg, &m);
                if !made.is_empty() {
                    problems.extend(made.into_iter().map(|p| at(row, &p.field, p.message)));
                    continue;
                }
                let Some(n) = next_number else {
                    problems.push(at(row, "", "记录编号已用到最大值，无法为新记录编号"));
                    continue;
                };
                next_number = n.checked_add(1);
                m.id = format!("m{n}");
                added.push(change(&m.id, Vec::new()));
                row_of_record.insert(people.reg.meetings.len(), row);
                people.reg.meetings.push(m);
            }
        }
    }
    let new_people = std::mem::take(&mut people.new);
    // The rules of the whole registry, reported at the rows that break them.
    for p in validate::state(&next, today) {
        let index = p
            .path
            .strip_prefix("meetings[")
            .and_then(|s| s.strip_suffix(']'))
            .and_then(|s| s.parse::<usize>().ok());
        match index.and_then(|i| row_of_record.get(&i)) {
            Some(&row) => problems.push(at(row, &p.field, p.message)),
            None => problems.push(p),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| super::row_number(&p.path));
        return Err(problems);
    }
    Ok(MeetingPlan {
        added,
        updated,
        unchanged,
        new_people,
        registry: next,
        base: None,
    })
}

/// What a record is: its organization, kind, date and topic.
fn key_of(m: &Meeting) -> (String, MeetingKind, NaiveDate, String) {
    (m.org.clone(), m.kind, m.date, m.topic.clone())
}

/// The headers of the columns whose values differ between two records.
fn changed_fields(old: &Meeting, new: &Meeting) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut differs = |field: &str, changed: bool| {
        if changed {
            fields.push(header_of(field));
        }
    };
    differs("expected", old.expected != new.expected);
    differs("attended", old.attended != new.attended);
    differs("hours", old.hours != new.hours);
    differs("host", old.host != new.host);
    differs("note", old.note != new.note);
    fields
}
