//! Records as a person types them in a form: every value text, checked
//! field by field so that each problem can be shown next to its field.
//! The field names are the document's, so the store's own problems (which
//! name the same fields) land next to the same inputs.

use crate::error::{Error, Result};
use crate::model::dates::parse_date;
use crate::model::problem::Problem;
use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Collects field problems while converting a form.
pub(super) struct Check {
    record: &'static str,
    problems: Vec<Problem>,
}

impl Check {
    pub(super) fn new(record: &'static str) -> Check {
        Check {
            record,
            problems: Vec::new(),
        }
    }

    pub(super) fn problem(&mut self, field: &str, message: impl Into<String>) {
        self.problems
            .push(Problem::new(self.record, field, message));
    }

    pub(super) fn count(&mut self, field: &str, text: &str) -> u32 {
        let t = text.trim();
        if t.is_empty() {
            return 0;
        }
        match t.parse::<i64>() {
            Ok(n) if n < 0 => {
                self.problem(field, format!("不能为负数，实为 {n}"));
                0
            }
            Ok(n) => u32::try_from(n).unwrap_or_else(|_| {
                self.problem(field, "数目过大");
                0
            }),
            Err(_) => {
                self.problem(field, format!("“{t}”不是整数"));
                0
            }
        }
    }

    pub(super) fn opt_date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        parse_date(t).map_err(|m| self.problem(field, m)).ok()
    }

    pub(super) fn date(&mut self, field: &str, text: &str) -> NaiveDate {
        if text.trim().is_empty() {
            self.problem(field, "请填写日期");
            return NaiveDate::default();
        }
        self.opt_date(field, text).unwrap_or_default()
    }

    pub(super) fn code<T: for<'de> Deserialize<'de>>(
        &mut self,
        field: &str,
        text: &str,
        fallback: T,
    ) -> T {
        from_code(text.trim()).unwrap_or_else(|| {
            self.problem(field, format!("“{text}”不是可选的值"));
            fallback
        })
    }

    pub(super) fn done<T>(self, value: T) -> Result<T> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self.problems))
        }
    }
}

pub(super) fn opt_text(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitForm {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub ownership: String,
    pub stage: String,
    pub credit_code: String,
    pub employees: String,
    pub full_members: String,
    pub probationary_members: String,
    pub town: String,
    pub village: String,
    pub key_project: bool,
    pub commissioner: String,
    pub instructor: String,
    pub started_on: String,
    pub closed_on: String,
    pub wholly_owned: bool,
    pub legal_rep_member: bool,
    pub legal_rep_secretary: bool,
}

impl UnitForm {
    pub fn to_unit(&self) -> Result<Unit> {
        let mut c = Check::new("unit");
        let unit = Unit {
            id: self.id.trim().to_string(),
            name: self.name.trim().to_string(),
            kind: c.code("kind", &self.kind, UnitKind::Enterprise),
            ownership: c.code("ownership", &self.ownership, Ownership::Other),
            stage: c.code("stage", &self.stage, Stage::Operating),
            credit_code: opt_text(&self.credit_code).map(|s| s.to_ascii_uppercase()),
            employees: c.count("employees", &self.employees),
            full_members: c.count("full_members", &self.full_members),
            probationary_members: c.count("probationary_members", &self.probationary_members),
            town: opt_text(&self.town),
            village: opt_text(&self.village),
            key_project: self.key_project,
            commissioner: opt_text(&self.commissioner),
            instructor: opt_text(&self.instructor),
            started_on: c.opt_date("started_on", &self.started_on),
            closed_on: c.opt_date("closed_on", &self.closed_on),
            wholly_owned: self.wholly_owned,
            legal_rep_member: self.legal_rep_member,
            legal_rep_secretary: self.legal_rep_secretary,
        };
        if let Some(code) = &unit.credit_code {
            if let Err(m) = crate::model::credit_code::check(code) {
                c.problem("credit_code", format!("统一社会信用代码无效：{m}"));
            }
        }
        if let Some(m) = crate::rules::validate::name_problem(&unit.name) {
            c.problem("name", m);
        }
        c.done(unit)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgForm {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
    pub units: Vec<String>,
    pub founded_on: String,
    pub dissolved_on: String,
    pub approval_doc: String,
    pub secretary: String,
    pub committee_size: String,
    pub last_election_on: String,
}

impl OrgForm {
    pub fn to_org(&self) -> Result<Organization> {
        let mut c = Check::new("organization");
        let org = Organization {
            id: self.id.trim().to_string(),
            name: self.name.trim().to_string(),
            kind: c.code("kind", &self.kind, OrgKind::Branch),
            parent: opt_text(&self.parent),
            units: self.units.iter().filter_map(|u| opt_text(u)).collect(),
            founded_on: c.date("founded_on", &self.founded_on),
            dissolved_on: c.opt_date("dissolved_on", &self.dissolved_on),
            approval_doc: opt_text(&self.approval_doc),
            secretary: opt_text(&self.secretary),
            committee_size: c.count("committee_size", &self.committee_size),
            last_election_on: c.opt_date("last_election_on", &self.last_election_on),
        };
        if let Some(m) = crate::rules::validate::name_problem(&org.name) {
            c.problem("name", m);
        }
        c.done(org)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub id: String,
    pub name: String,
    pub party_member: bool,
    pub phone: String,
    pub unit_name: String,
}

impl PersonForm {
    pub fn to_person(&self) -> Result<Person> {
        let mut c = Check::new("person");
        let person = Person {
            id: self.id.trim().to_string(),
            name: self.name.trim().to_string(),
            party_member: self.party_member,
            phone: opt_text(&self.phone),
            unit_name: opt_text(&self.unit_name),
            ..Person::default()
        };
        if let Some(m) = crate::rules::validate::name_problem(&person.name) {
            c.problem("name", m);
        }
        c.done(person)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ParkForm {
    pub name: String,
    pub district: String,
    pub min_employees: String,
    pub starter_fund_since: String,
    /// Yuan, as typed.
    pub starter_fund_min: String,
    /// `month`, `quarter`, `half_year` or `year`; empty is `quarter`.
    pub party_lecture_period: String,
    /// Keep the roster; absent keeps the park's setting as it is.
    pub roster: Option<bool>,
}

impl ParkForm {
    pub fn to_park(&self) -> Result<Park> {
        let mut c = Check::new("park");
        let min = crate::model::money::parse_yuan(&self.starter_fund_min).unwrap_or_else(|m| {
            c.problem("starter_fund_min", m);
            0
        });
        let park = Park {
            name: self.name.trim().to_string(),
            district: self.district.trim().to_string(),
            min_employees: c.count("min_employees", &self.min_employees),
            starter_fund_since: c.date("starter_fund_since", &self.starter_fund_since),
            starter_fund_min_fen: min,
            party_lecture_period: match self.party_lecture_period.trim() {
                "" => LecturePeriod::Quarter,
                text => c.code("party_lecture_period", text, LecturePeriod::Quarter),
            },
            roster: self.roster.unwrap_or(false),
        };
        if let Some(m) = crate::rules::validate::name_problem(&park.name) {
            c.problem("name", m);
        }
        c.done(park)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: Error) -> Vec<(String, String)> {
        match e {
            Error::Invalid(p) => p.into_iter().map(|p| (p.field, p.message)).collect(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn unit_form_table() {
        let ok = UnitForm {
            name: " 甲公司 ".into(),
            kind: "enterprise".into(),
            ownership: "private".into(),
            stage: "operating".into(),
            employees: "12".into(),
            full_members: "3".into(),
            ..UnitForm::default()
        };
        let u = ok.to_unit().unwrap();
        assert_eq!(
            (
                u.name.as_str(),
                u.employees,
                u.full_members,
                u.probationary_members
            ),
            ("甲公司", 12, 3, 0)
        );
        // (change, field, words of the message)
        type Case = (fn(&mut UnitForm), &'static str, &'static str);
        let cases: Vec<Case> = vec![
            (
                |f| f.full_members = "-1".into(),
                "full_members",
                "不能为负数",
            ),
            (|f| f.employees = "十二".into(), "employees", "不是整数"),
            (
                |f| f.credit_code = "91110000600037341A".into(),
                "credit_code",
                "校验位",
            ),
            (
                |f| f.started_on = "2013/1/1".into(),
                "started_on",
                "YYYY-MM-DD",
            ),
            (|f| f.name = "  ".into(), "name", "不能为空"),
            (|f| f.kind = "factory".into(), "kind", "不是可选的值"),
        ];
        for (change, field, words) in cases {
            let mut form = ok.clone();
            change(&mut form);
            let problems = fields(form.to_unit().unwrap_err());
            assert!(
                problems
                    .iter()
                    .any(|(f, m)| f == field && m.contains(words)),
                "{field}: {problems:?}"
            );
        }
    }

    #[test]
    fn org_and_park_forms() {
        let org = OrgForm {
            name: "党支部".into(),
            kind: "branch".into(),
            founded_on: "".into(),
            committee_size: "x".into(),
            ..OrgForm::default()
        };
        let problems = fields(org.to_org().unwrap_err());
        assert!(problems.iter().any(|(f, _)| f == "founded_on"));
        assert!(problems.iter().any(|(f, _)| f == "committee_size"));
        let park = ParkForm {
            name: "园区".into(),
            min_employees: "10".into(),
            starter_fund_since: "2012-01-01".into(),
            starter_fund_min: "2,000".into(),
            ..ParkForm::default()
        };
        assert_eq!(park.to_park().unwrap().starter_fund_min_fen, 200_000);
    }
}

/// A disbursement as typed by a person: amount in yuan, date and purpose as
/// text. Turned into a ledger entry with every field problem listed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Payment {
    pub org: Option<String>,
    pub purpose: String,
    pub amount: String,
    pub voucher: String,
    pub date: String,
    pub note: String,
}

impl Payment {
    pub fn to_entry(&self) -> Result<LedgerEntry> {
        let mut c = Check::new("ledger");
        let purpose = from_code::<Purpose>(self.purpose.trim()).unwrap_or_else(|| {
            c.problem(
                "purpose",
                format!(
                    "“{}”不是允许的用途（starter_fund, activity, training, facility, other）",
                    self.purpose
                ),
            );
            Purpose::Other
        });
        let amount_fen = money::parse_yuan(&self.amount).unwrap_or_else(|m| {
            c.problem("amount", m);
            0
        });
        let date = parse_date(&self.date).unwrap_or_else(|m| {
            c.problem("date", m);
            NaiveDate::default()
        });
        if self.voucher.trim().is_empty() {
            c.problem("voucher", "凭证号不能为空");
        }
        c.done(LedgerEntry {
            id: String::new(),
            date,
            purpose,
            org: self.org.clone().filter(|o| !o.trim().is_empty()),
            amount_fen,
            voucher: self.voucher.trim().to_string(),
            note: self.note.trim().to_string(),
            reverses: None,
        })
    }
}

/// A meeting or training record as typed: every value text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub id: String,
    pub org: String,
    pub kind: String,
    pub date: String,
    pub topic: String,
    pub expected: String,
    pub attended: String,
    pub hours: String,
    pub host: String,
    pub note: String,
}

impl MeetingForm {
    /// The form filled in with a record, to change some fields of it.
    #[must_use]
    pub fn of(m: &Meeting) -> MeetingForm {
        MeetingForm {
            id: m.id.clone(),
            org: m.org.clone(),
            kind: code_of(&m.kind),
            date: m.date.to_string(),
            topic: m.topic.clone(),
            expected: m.expected.map(|e| e.to_string()).unwrap_or_default(),
            attended: m.attended.to_string(),
            hours: m.hours.to_string(),
            host: m.host.clone().unwrap_or_default(),
            note: m.note.clone(),
        }
    }

    pub fn to_meeting(&self) -> Result<Meeting> {
        let mut c = Check::new("meeting");
        if self.org.trim().is_empty() {
            c.problem("org", "请选择党组织");
        }
        let kind = crate::model::labels::parse_meeting_kind(&self.kind).unwrap_or_else(|| {
            c.problem("kind", format!("“{}”不是可选的会议类型", self.kind));
            MeetingKind::Training
        });
        let hours = match self.hours.trim() {
            "" => Hours(0),
            t => t
                .parse::<f64>()
                .map_err(|_| format!("“{t}”不是数字"))
                .and_then(Hours::from_number)
                .unwrap_or_else(|m| {
                    c.problem("hours", m);
                    Hours(0)
                }),
        };
        let date = c.date("date", &self.date);
        let expected = opt_text(&self.expected).map(|t| c.count("expected", &t));
        let attended = if self.attended.trim().is_empty() {
            c.problem("attended", "请填写实到人数（培训填参训人次）");
            0
        } else {
            c.count("attended", &self.attended)
        };
        c.done(Meeting {
            id: self.id.trim().to_string(),
            org: self.org.trim().to_string(),
            kind,
            date,
            topic: self.topic.trim().to_string(),
            expected,
            attended,
            hours,
            host: opt_text(&self.host),
            note: self.note.trim().to_string(),
        })
    }
}
