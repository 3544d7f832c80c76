//! Reading a registry document: every field checked, every problem named
//! by its path in the document.

use super::{FORMAT, FORMAT_1, FORMAT_2};
use crate::model::dates::parse_date;
use crate::model::problem::Problem;
use crate::model::*;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value};

mod people;

/// Converts JSON values field by field, noting each problem and going on
/// with a placeholder so that later problems are found too.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) problems: Vec<Problem>,
    /// Reading a `parkreg/1` document.
    first_format: bool,
}

fn placeholder_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

impl Reader {
    fn problem(&mut self, path: &str, field: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(path, field, message));
    }

    fn object<'a>(
        &mut self,
        v: &'a Value,
        path: &str,
        keys: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        let Some(obj) = v.as_object() else {
            self.problem(path, "", "应为对象 {…}");
            return None;
        };
        for key in obj.keys() {
            if !keys.contains(&key.as_str()) {
                self.problem(path, key, "未知字段（拼写错误？）");
            }
        }
        Some(obj)
    }

    fn array<'a>(&mut self, obj: &'a Map<String, Value>, path: &str, key: &str) -> &'a [Value] {
        match obj.get(key) {
            Some(Value::Array(items)) => items,
            Some(Value::Null) | None => &[],
            Some(_) => {
                self.problem(path, key, "应为数组 […]");
                &[]
            }
        }
    }

    fn opt_string(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.problem(path, key, format!("应为文字，实为 {other}"));
                None
            }
        }
    }

    fn string(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> String {
        if !matches!(obj.get(key), Some(Value::String(_)))
            && obj.get(key).is_none_or(Value::is_null)
        {
            self.problem(path, key, "缺少此项");
            return String::new();
        }
        self.opt_string(obj, path, key).unwrap_or_default()
    }

    fn text(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> String {
        self.opt_string(obj, path, key).unwrap_or_default()
    }

    fn boolean(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> bool {
        match obj.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.problem(path, key, format!("应为 true 或 false，实为 {other}"));
                false
            }
        }
    }

    fn integer(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<i64> {
        match obj.get(key) {
            None | Some(Value::Null) => {
                self.problem(path, key, "缺少此项");
                None
            }
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(other) => {
                self.problem(path, key, format!("应为整数，实为 {other}"));
                None
            }
        }
    }

    fn count(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> u32 {
        match self.integer(obj, path, key) {
            Some(n) if n < 0 => {
                self.problem(path, key, format!("不能为负数，实为 {n}"));
                0
            }
            Some(n) => u32::try_from(n).unwrap_or_else(|_| {
                self.problem(path, key, format!("数目过大：{n}"));
                0
            }),
            None => 0,
        }
    }

    fn opt_date(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<NaiveDate> {
        let text = self.opt_string(obj, path, key)?;
        match parse_date(&text) {
            Ok(d) => Some(d),
            Err(msg) => {
                self.problem(path, key, msg);
                None
            }
        }
    }

    fn date(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> NaiveDate {
        if obj.get(key).is_none_or(Value::is_null) {
            self.problem(path, key, "缺少此项");
            return placeholder_date();
        }
        self.opt_date(obj, path, key)
            .unwrap_or_else(placeholder_date)
    }

    fn code<T: for<'de> Deserialize<'de>>(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
        allowed: &str,
        fallback: T,
    ) -> T {
        let text = self.string(obj, path, key);
        from_code(&text).unwrap_or_else(|| {
            if !text.is_empty() {
                self.problem(path, key, format!("“{text}”不是允许的值（{allowed}）"));
            }
            fallback
        })
    }

    /// An optional code: absent or null is `None`.
    fn opt_code<T: for<'de> Deserialize<'de>>(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
        allowed: &str,
    ) -> Option<T> {
        let text = self.opt_string(obj, path, key)?;
        let value = from_code(&text);
        if value.is_none() {
            self.problem(path, key, format!("“{text}”不是允许的值（{allowed}）"));
        }
        value
    }

    pub(super) fn registry(&mut self, v: &Value) -> Registry {
        const KEYS: [&str; 8] = [
            "format",
            "park",
            "people",
            "units",
            "organizations",
            "budgets",
            "ledger",
            "meetings",
        ];
        let empty = Map::new();
        let obj = self.object(v, "", &KEYS).unwrap_or(&empty);
        match obj.get("format").and_then(Value::as_str) {
            Some(FORMAT | FORMAT_2) => {}
            Some(FORMAT_1) => self.first_format = true,
            Some(other) => {
                self.problem("", "format", format!("应为 \"{FORMAT}\"，实为 \"{other}\""))
            }
            None => self.problem(
                "",
                "format",
                format!("缺少此项（应为 \"{FORMAT}\"）：这不是登记簿文件？"),
            ),
        }
        let park = match obj.get("park") {
            Some(p) => self.park(p),
            None => {
                self.problem("", "park", "缺少此项");
                Park::new("")
            }
        };
        let mut reg = Registry::empty(park);
        for (i, v) in self.array(obj, "", "people").iter().enumerate() {
            reg.people.push(self.person(v, &format!("people[{i}]")));
        }
        for (i, v) in self.array(obj, "", "units").iter().enumerate() {
            reg.units.push(self.unit(v, &format!("units[{i}]")));
        }
        for (i, v) in self.array(obj, "", "organizations").iter().enumerate() {
            reg.organizations
                .push(self.organization(v, &format!("organizations[{i}]")));
        }
        for (i, v) in self.array(obj, "", "budgets").iter().enumerate() {
            reg.budgets.push(self.budget(v, &format!("budgets[{i}]")));
        }
        for (i, v) in self.array(obj, "", "ledger").iter().enumerate() {
            reg.ledger.push(self.entry(v, &format!("ledger[{i}]")));
        }
        for (i, v) in self.array(obj, "", "meetings").iter().enumerate() {
            reg.meetings
                .push(self.meeting(v, &format!("meetings[{i}]")));
        }
        reg
    }

    fn park(&mut self, v: &Value) -> Park {
        const KEYS: [&str; 7] = [
            "name",
            "district",
            "min_employees",
            "starter_fund_since",
            "starter_fund_min_fen",
            "party_lecture_period",
            "roster",
        ];
        let path = "park";
        let Some(o) = self.object(v, path, &KEYS) else {
            return Park::new("");
        };
        let defaults = Park::new("");
        Park {
            name: self.string(o, path, "name"),
            district: self.text(o, path, "district"),
            min_employees: if o.contains_key("min_employees") {
                self.count(o, path, "min_employees")
            } else {
                0
            },
            starter_fund_since: if o.contains_key("starter_fund_since") {
                self.date(o, path, "starter_fund_since")
            } else {
                defaults.starter_fund_since
            },
            starter_fund_min_fen: if o.contains_key("starter_fund_min_fen") {
                self.integer(o, path, "starter_fund_min_fen").unwrap_or(0)
            } else {
                defaults.starter_fund_min_fen
            },
            party_lecture_period: if o.contains_key("party_lecture_period") {
                self.code(
                    o,
                    path,
                    "party_lecture_period",
                    "month, quarter, half_year, year",
                    LecturePeriod::Quarter,
                )
            } else {
                LecturePeriod::Quarter
            },
            roster: self.boolean(o, path, "roster"),
        }
    }

    fn unit(&mut self, v: &Value, path: &str) -> Unit {
        const KEYS: [&str; 19] = [
            "id",
            "name",
            "kind",
            "ownership",
            "wholly_owned",
            "legal_rep_member",
            "legal_rep_secretary",
            "stage",
            "credit_code",
            "employees",
            "full_members",
            "probationary_members",
            "town",
            "village",
            "key_project",
            "commissioner",
            "instructor",
            "started_on",
            "closed_on",
        ];
        let empty = Map::new();
        let o = self.object(v, path, &KEYS).unwrap_or(&empty);
        Unit {
            id: self.string(o, path, "id"),
            name: self.string(o, path, "name"),
            kind: self.code(
                o,
                path,
                "kind",
                "enterprise, project, organ",
                UnitKind::Enterprise,
            ),
            ownership: if self.first_format
                && o.get("ownership").and_then(Value::as_str) == Some("non_public")
            {
                Ownership::Private
            } else {
                self.code(
                    o,
                    path,
                    "ownership",
                    "private, hmt, foreign, state, collective, other",
                    Ownership::Other,
                )
            },
            stage: self.code(
                o,
                path,
                "stage",
                "construction, operating",
                Stage::Operating,
            ),
            credit_code: self.opt_string(o, path, "credit_code"),
            employees: self.count(o, path, "employees"),
            full_members: self.count(o, path, "full_members"),
            probationary_members: self.count(o, path, "probationary_members"),
            town: self.opt_string(o, path, "town"),
            village: self.opt_string(o, path, "village"),
            key_project: self.boolean(o, path, "key_project"),
            commissioner: self.opt_string(o, path, "commissioner"),
            instructor: self.opt_string(o, path, "instructor"),
            started_on: self.opt_date(o, path, "started_on"),
            closed_on: self.opt_date(o, path, "closed_on"),
            wholly_owned: self.boolean(o, path, "wholly_owned"),
            legal_rep_member: self.boolean(o, path, "legal_rep_member"),
            legal_rep_secretary: self.boolean(o, path, "legal_rep_secretary"),
        }
    }

    fn organization(&mut self, v: &Value, path: &str) -> Organization {
        const KEYS: [&str; 11] = [
            "id",
            "name",
            "kind",
            "parent",
            "units",
            "founded_on",
            "dissolved_on",
            "approval_doc",
            "secretary",
            "committee_size",
            "last_election_on",
        ];
        let empty = Map::new();
        let o = self.object(v, path, &KEYS).unwrap_or(&empty);
        let mut units = Vec::new();
        for (j, u) in self.array(o, path, "units").iter().enumerate() {
            match u.as_str() {
                Some(id) => units.push(id.to_string()),
                None => self.problem(path, &format!("units[{j}]"), "应为单位编号（文字）"),
            }
        }
        Organization {
            id: self.string(o, path, "id"),
            name: self.string(o, path, "name"),
            kind: self.code(
                o,
                path,
                "kind",
                "committee, general_branch, branch, joint_branch, temporary_branch, group",
                OrgKind::Branch,
            ),
            parent: self.opt_string(o, path, "parent"),
            units,
            founded_on: self.date(o, path, "founded_on"),
            dissolved_on: self.opt_date(o, path, "dissolved_on"),
            approval_doc: self.opt_string(o, path, "approval_doc"),
            secretary: self.opt_string(o, path, "secretary"),
            committee_size: if o.contains_key("committee_size") {
                self.count(o, path, "committee_size")
            } else {
                0
            },
            last_election_on: self.opt_date(o, path, "last_election_on"),
        }
    }

    fn budget(&mut self, v: &Value, path: &str) -> Budget {
        const KEYS: [&str; 3] = ["year", "amount_fen", "source"];
        let empty = Map::new();
        let o = self.object(v, path, &KEYS).unwrap_or(&empty);
        let year = self.integer(o, path, "year").unwrap_or(0);
        let amount_fen = self.integer(o, path, "amount_fen").unwrap_or(0);
        if amount_fen < 0 {
            self.problem(
                path,
                "amount_fen",
                format!("预算不能为负数，实为 {amount_fen}"),
            );
        } else if amount_fen >= crate::model::money::MAX_FEN {
            self.problem(path, "amount_fen", format!("预算 {amount_fen} 分过大"));
        }
        if !(1949..=9999).contains(&year) {
            self.problem(path, "year", format!("年份 {year} 不合理"));
        }
        Budget {
            year: year.clamp(0, 9999) as i32,
            amount_fen,
            source: self.text(o, path, "source"),
        }
    }

    fn entry(&mut self, v: &Value, path: &str) -> LedgerEntry {
        const KEYS: [&str; 8] = [
            "id",
            "date",
            "purpose",
            "org",
            "amount_fen",
            "voucher",
            "note",
            "reverses",
        ];
        let empty = Map::new();
        let o = self.object(v, path, &KEYS).unwrap_or(&empty);
        LedgerEntry {
            id: self.string(o, path, "id"),
            date: self.date(o, path, "date"),
            purpose: self.code(
                o,
                path,
                "purpose",
                "starter_fund, activity, training, facility, other",
                Purpose::Other,
            ),
            org: self.opt_string(o, path, "org"),
            amount_fen: self.integer(o, path, "amount_fen").unwrap_or(0),
            voucher: self.string(o, path, "voucher"),
            note: self.text(o, path, "note"),
            reverses: self.opt_string(o, path, "reverses"),
        }
    }

    fn meeting(&mut self, v: &Value, path: &str) -> Meeting {
        const KEYS: [&str; 10] = [
            "id", "org", "kind", "date", "topic", "expected", "attended", "hours", "host", "note",
        ];
        let empty = Map::new();
        let o = self.object(v, path, &KEYS).unwrap_or(&empty);
        let expected = if o.get("expected").is_none_or(Value::is_null) {
            None
        } else {
            Some(self.count(o, path, "expected"))
        };
        let hours = match o.get("hours") {
            None | Some(Value::Null) => Hours(0),
            Some(Value::Number(n)) => Hours::from_number(n.as_f64().unwrap_or(f64::NAN))
                .unwrap_or_else(|msg| {
                    self.problem(path, "hours", msg);
                    Hours(0)
                }),
            Some(other) => {
                self.problem(path, "hours", format!("应为数字，实为 {other}"));
                Hours(0)
            }
        };
        Meeting {
            id: self.string(o, path, "id"),
            org: self.string(o, path, "org"),
            kind: self.code(
                o,
                path,
                "kind",
                "member_meeting, committee_meeting, group_meeting, party_lecture, theme_day, life_meeting, democratic_review, training",
                MeetingKind::Training,
            ),
            date: self.date(o, path, "date"),
            topic: self.text(o, path, "topic"),
            expected,
            attended: self.count(o, path, "attended"),
            hours,
            host: self.opt_string(o, path, "host"),
            note: self.text(o, path, "note"),
        }
    }
}
