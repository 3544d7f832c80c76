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
use super::plan::{self, Change, Kind, Plan, Row};
use super::rows::{number_not_date, parse_sheet_date, raw_text};
use super::sheet::{Raw, Sheet, MEETINGS};
use crate::exchange::forms::MeetingForm;
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::meeting_checks;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, VecDeque};

/// The columns a sheet may have: the export's header, the form's field,
/// the synonyms found in clerks' own sheets. 到会率 is computed, so read
/// past; the ids the export writes beside the names (编号, 党组织编号,
/// 主持人编号) say which record, organization and person a row means
/// where names are shared.
const COLUMNS: &plan::ColumnTable = &[
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

fn header_of(field: &str) -> &'static str {
    plan::header_in(COLUMNS, field)
}

/// Which record a change is, for the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Held {
    pub date: NaiveDate,
    pub org: String,
    pub kind: MeetingKind,
}

/// One record added or corrected by the import.
pub type MeetingChange = Change<Held>;

/// The import of meeting and training records from a sheet like the
/// workbook's `组织生活`.
#[derive(Debug, Clone, Copy)]
pub struct Meetings;

/// What importing a `组织生活` sheet would do.
pub type MeetingPlan = Plan<Meetings>;

type Key = (String, MeetingKind, NaiveDate, String);

/// What a records plan looks organizations and records up by.
pub struct MeetingPlanner {
    org_of: HashMap<String, String>,
    /// Existing records by what they are, each matched at most once.
    existing: HashMap<Key, VecDeque<usize>>,
    next_number: Option<u64>,
}

impl Kind for Meetings {
    const SHEET: &'static str = MEETINGS;
    const RECORDS: &'static str = "meetings";
    const NOUN: &'static str = "组织生活记录";
    const ACTION: &'static str = "meetings.import";
    const SUBJECT: &'static str = "meeting";
    type Column = &'static str;
    type Record = Meeting;
    type What = Held;
    type Planner = MeetingPlanner;

    fn column(header: &str) -> Option<&'static str> {
        plan::field_in(COLUMNS, header)
    }

    fn header(column: &'static str) -> &'static str {
        header_of(column)
    }

    fn missing(columns: &[(usize, &'static str)]) -> Option<String> {
        plan::missing_in(
            COLUMNS,
            &REQUIRED,
            columns,
            "组织生活表应有日期、党组织、类型、实到等列",
        )
    }

    fn field_header(key: &str) -> &'static str {
        header_of(key)
    }

    fn records(reg: &Registry) -> &[Meeting] {
        &reg.meetings
    }

    fn planner(reg: &Registry) -> MeetingPlanner {
        let org_of = (reg.organizations.iter().rev())
            .flat_map(|o| [(o.name.clone(), o.id.clone()), (o.id.clone(), o.id.clone())])
            .collect();
        let mut existing: HashMap<Key, VecDeque<usize>> = HashMap::new();
        for (i, m) in reg.meetings.iter().enumerate() {
            existing.entry(key_of(m)).or_default().push_back(i);
        }
        MeetingPlanner {
            org_of,
            existing,
            next_number: largest_number(reg.meetings.iter().map(|m| m.id.as_str()), "m")
                .checked_add(1),
        }
    }

    fn row(
        p: &mut MeetingPlanner,
        people: &mut People,
        row: usize,
        cells: &[Raw],
        columns: &[(usize, &'static str)],
        problems: &mut Vec<Problem>,
    ) -> Option<Row<MeetingChange>> {
        let mut form = MeetingForm::default();
        let (mut id, mut org_id, mut host_id) = (String::new(), String::new(), String::new());
        let mut cell_problem = false;
        for &(c, field) in columns {
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
            return None;
        }
        let org_name = form.org.clone();
        // The id beside the name, when it is the registry's own of that
        // name: two organizations (or people) may share a name. The
        // registry as planned so far holds the same organizations and
        // people (an import adds people, never renames them).
        let own = |id: &str, name: &str, named: Option<&str>| !id.is_empty() && named == Some(name);
        if own(
            &org_id,
            &org_name,
            people.reg.org(&org_id).map(|o| o.name.as_str()),
        ) {
            form.org = org_id;
        } else {
            match p.org_of.get(&org_name) {
                Some(id) => form.org.clone_from(id),
                None if org_name.is_empty() => {}
                None => {
                    problems.push(at(row, "org", format!("“{org_name}”不是登记簿中的党组织")));
                    return None;
                }
            }
        }
        if own(
            &host_id,
            &form.host,
            people.reg.person(&host_id).map(|p| p.name.as_str()),
        ) {
            form.host = host_id;
        } else if !form.host.is_empty() && people.reg.person(&form.host).is_none() {
            form.host = people.id_of(&form.host);
        }
        let mut m = match form.to_meeting() {
            Ok(m) => m,
            Err(crate::Error::Invalid(found)) => {
                problems.extend(found.into_iter().map(|p| at(row, &p.field, p.message)));
                return None;
            }
            Err(e) => {
                problems.push(at(row, "", e.to_string()));
                return None;
            }
        };
        let key = key_of(&m);
        let change = |id: &str, fields| Change {
            row,
            id: id.to_string(),
            what: Held {
                date: m.date,
                org: org_name.clone(),
                kind: m.kind,
            },
            fields,
        };
        // Among the records the row could mean, the one of its id first.
        let records = &people.reg.meetings;
        let by_id = p.existing.get_mut(&key).and_then(|q| {
            let at = q
                .iter()
                .position(|&r| !id.is_empty() && records[r].id == id)?;
            q.remove(at)
        });
        match by_id.or_else(|| p.existing.get_mut(&key).and_then(VecDeque::pop_front)) {
            Some(index) => {
                m.id = people.reg.meetings[index].id.clone();
                let fields = changed_fields(&people.reg.meetings[index], &m);
                if fields.is_empty() {
                    Some(Row::Unchanged(index))
                } else {
                    let change = change(&m.id, fields);
                    people.reg.meetings[index] = m;
                    Some(Row::Updated(index, change))
                }
            }
            None => {
                let made = meeting_checks::made(people.reg, &m);
                if !made.is_empty() {
                    problems.extend(made.into_iter().map(|p| at(row, &p.field, p.message)));
                    return None;
                }
                let Some(n) = p.next_number else {
                    problems.push(at(row, "", "记录编号已用到最大值，无法为新记录编号"));
                    return None;
                };
                p.next_number = n.checked_add(1);
                m.id = format!("m{n}");
                let change = change(&m.id, Vec::new());
                people.reg.meetings.push(m);
                Some(Row::Added(people.reg.meetings.len() - 1, change))
            }
        }
    }
}

fn at(row: usize, field: &str, message: impl Into<String>) -> Problem {
    plan::at::<Meetings>(row, field, message)
}

/// Plans the import of `sheet`'s records into `reg` (`plan::plan`):
/// every problem, or the plan.
pub fn plan_meetings(
    reg: &Registry,
    sheet: &Sheet,
    today: NaiveDate,
) -> Result<MeetingPlan, Vec<Problem>> {
    plan::plan(reg, sheet, today)
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
