//! The history as a clerk reads it: each entry's action in words, and what
//! changed, field by field, in the words and formats of the forms (codes as
//! labels, money in yuan, people and organizations by name). The codes stay
//! in the rows for filters and tooltips.

use crate::model::labels::action_label;
use crate::model::money::yuan;
use crate::model::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    pub seq: i64,
    /// The local time of the change, `2026-12-05 21:07:07`.
    pub at: String,
    pub who: String,
    /// The code the store records (`unit.update`).
    pub action: String,
    pub action_label: String,
    pub summary: String,
    /// The fields a change to one record changed, in the form's order.
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The document's field name.
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

/// How a field's value reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shown {
    Text,
    Flag,
    Fen,
    /// A code of the label table's group.
    Code(&'static str),
    Person,
    Org,
    /// One unit, by its id.
    UnitId,
    Units,
    /// Shown masked (first 6 and last 4 characters).
    IdNumber,
    /// A birth date shown to the month, as lists show it.
    BirthMonth,
    Membership,
}

/// A record's field: its entity, name, Chinese and English labels and how
/// its value reads. The order is the form's.
type Field = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Shown,
);

#[rustfmt::skip]
const FIELDS: &[Field] = &[
    ("park", "name", "园区名称", "Park name", Shown::Text),
    ("park", "district", "所属区县", "District", Shown::Text),
    ("park", "min_employees", "纳入统计的最少职工人数", "Fewest employees in scope", Shown::Text),
    ("park", "starter_fund_since", "启动资金适用起始日期", "Starter fund owed since", Shown::Text),
    ("park", "starter_fund_min_fen", "启动资金最低金额", "Least starter fund", Shown::Fen),
    ("park", "party_lecture_period", "党课频次", "Party lecture frequency", Shown::Code("lecture")),
    ("park", "roster", "按党员名册统计", "Counts from the roster", Shown::Flag),
    ("person", "id", "编号", "Number", Shown::Text),
    ("person", "name", "姓名", "Name", Shown::Text),
    ("person", "party_member", "党员", "Party member", Shown::Flag),
    ("person", "phone", "电话", "Phone", Shown::Text),
    ("person", "unit_name", "工作单位", "Works at", Shown::Text),
    ("person", "gender", "性别", "Sex", Shown::Code("gender")),
    ("person", "ethnicity", "民族", "Ethnicity", Shown::Text),
    ("person", "birth_date", "出生日期", "Born", Shown::BirthMonth),
    ("person", "id_number", "身份证号", "ID number", Shown::IdNumber),
    ("person", "education", "学历", "Education", Shown::Text),
    ("person", "membership", "党籍", "Membership", Shown::Membership),
    ("unit", "id", "编号", "Number", Shown::Text),
    ("unit", "name", "单位名称", "Name", Shown::Text),
    ("unit", "kind", "类别", "Kind", Shown::Code("kind")),
    ("unit", "ownership", "经济类型", "Ownership", Shown::Code("ownership")),
    ("unit", "wholly_owned", "独资", "Wholly owned", Shown::Flag),
    ("unit", "legal_rep_member", "法定代表人是党员", "Legal representative is a member", Shown::Flag),
    ("unit", "legal_rep_secretary", "法定代表人兼任党组织书记", "Legal representative is the secretary", Shown::Flag),
    ("unit", "stage", "阶段", "Stage", Shown::Code("stage")),
    ("unit", "credit_code", "统一社会信用代码", "Credit code", Shown::Text),
    ("unit", "employees", "职工人数", "Employees", Shown::Text),
    ("unit", "full_members", "正式党员", "Full members", Shown::Text),
    ("unit", "probationary_members", "预备党员", "Probationary members", Shown::Text),
    ("unit", "town", "所在镇", "Town", Shown::Text),
    ("unit", "village", "所在村", "Village", Shown::Text),
    ("unit", "key_project", "重点项目", "Key project", Shown::Flag),
    ("unit", "commissioner", "项目专员", "Project commissioner", Shown::Person),
    ("unit", "instructor", "党建指导员", "Instructor", Shown::Person),
    ("unit", "started_on", "开始日期", "Started", Shown::Text),
    ("unit", "closed_on", "关闭日期", "Closed", Shown::Text),
    ("organization", "id", "编号", "Number", Shown::Text),
    ("organization", "name", "名称", "Name", Shown::Text),
    ("organization", "kind", "类别", "Kind", Shown::Code("org")),
    ("organization", "parent", "上级党组织", "Parent organization", Shown::Org),
    ("organization", "units", "覆盖单位", "Units covered", Shown::Units),
    ("organization", "founded_on", "成立日期", "Founded", Shown::Text),
    ("organization", "dissolved_on", "撤销日期", "Dissolved", Shown::Text),
    ("organization", "approval_doc", "批准文号", "Approval document", Shown::Text),
    ("organization", "secretary", "书记", "Secretary", Shown::Person),
    ("organization", "committee_size", "委员人数", "Committee size", Shown::Text),
    ("organization", "last_election_on", "上次换届", "Last election", Shown::Text),
    ("budget", "year", "年度", "Year", Shown::Text),
    ("budget", "amount_fen", "金额", "Amount", Shown::Fen),
    ("budget", "source", "来源", "Source", Shown::Text),
    ("ledger", "id", "编号", "Number", Shown::Text),
    ("ledger", "date", "日期", "Date", Shown::Text),
    ("ledger", "purpose", "用途", "Purpose", Shown::Code("purpose")),
    ("ledger", "org", "党组织", "Organization", Shown::Org),
    ("ledger", "amount_fen", "金额", "Amount", Shown::Fen),
    ("ledger", "voucher", "凭证号", "Voucher", Shown::Text),
    ("ledger", "note", "摘要", "Note", Shown::Text),
    ("ledger", "reverses", "冲销的账目", "Reverses", Shown::Text),
    ("meeting", "id", "编号", "Number", Shown::Text),
    ("meeting", "org", "党组织", "Organization", Shown::Org),
    ("meeting", "kind", "类型", "Kind", Shown::Code("meeting")),
    ("meeting", "date", "日期", "Date", Shown::Text),
    ("meeting", "topic", "主题", "Topic", Shown::Text),
    ("meeting", "expected", "应到", "Expected", Shown::Text),
    ("meeting", "attended", "实到", "Attended", Shown::Text),
    ("meeting", "hours", "学时", "Hours", Shown::Text),
    ("meeting", "host", "主持人", "Host", Shown::Person),
    ("meeting", "note", "备注", "Note", Shown::Text),
    ("registry", "park", "园区", "Park", Shown::Text),
    ("registry", "people", "人员数", "People", Shown::Text),
    ("registry", "units", "单位数", "Units", Shown::Text),
    ("registry", "organizations", "党组织数", "Organizations", Shown::Text),
    ("registry", "budgets", "预算年度数", "Budget years", Shown::Text),
    ("registry", "ledger", "台账笔数", "Ledger entries", Shown::Text),
    ("registry", "meetings", "组织生活记录数", "Meeting records", Shown::Text),
];

/// The entries as rows, names looked up in `index` (the current registry;
/// a record since removed shows its number).
#[must_use]
pub fn history(entries: &[AuditEntry], index: &Index, lang: Lang) -> Vec<HistoryRow> {
    let words = Words {
        index,
        lang,
        labels: &super::labels()[lang_key(lang)],
    };
    entries.iter().map(|e| words.row(e)).collect()
}

fn lang_key(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

struct Words<'a> {
    index: &'a Index<'a>,
    lang: Lang,
    labels: &'a BTreeMap<String, &'static str>,
}

impl Words<'_> {
    fn row(&self, e: &AuditEntry) -> HistoryRow {
        HistoryRow {
            seq: e.seq,
            at: e.at.get(..19).unwrap_or(&e.at).replace('T', " "),
            who: e.who.clone(),
            action: e.action.clone(),
            action_label: action_label(&e.action, self.lang)
                .unwrap_or(&e.action)
                .to_string(),
            summary: match (self.lang, action_label(&e.action, Lang::En)) {
                (Lang::En, Some(label)) => english_summary(label, &e.summary),
                _ => e.summary.clone(),
            },
            changes: match (&e.old_value, &e.new_value) {
                (Some(Value::Object(old)), Some(Value::Object(new))) => {
                    self.changes(&e.entity, old, new)
                }
                // A record removed: what it held, each field gone.
                (Some(Value::Object(old)), None) if e.action.ends_with(".delete") => {
                    let held = |c: &Change| {
                        old.get(&c.field)
                            .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
                    };
                    (self
                        .changes(&e.entity, old, &serde_json::Map::new())
                        .into_iter())
                    .filter(held)
                    .collect()
                }
                _ => Vec::new(),
            },
        }
    }

    /// The fields that differ, the known ones in the form's order, then
    /// any other (a field of a newer version) under its own name.
    fn changes(
        &self,
        entity: &str,
        old: &serde_json::Map<String, Value>,
        new: &serde_json::Map<String, Value>,
    ) -> Vec<Change> {
        let known = FIELDS.iter().filter(|f| f.0 == entity);
        let others = new
            .keys()
            .chain(old.keys())
            .filter(|k| !FIELDS.iter().any(|f| f.0 == entity && f.1 == k.as_str()));
        let mut names: Vec<(&str, &str, Shown)> = known
            .map(|&(_, name, zh, en, shown)| (name, self.pick(zh, en), shown))
            .collect();
        for name in others {
            if !names.iter().any(|n| n.0 == name) {
                names.push((name, name, Shown::Text));
            }
        }
        names
            .into_iter()
            .filter(|(name, ..)| old.get(*name) != new.get(*name))
            .map(|(name, label, shown)| Change {
                field: name.into(),
                label: label.into(),
                before: self.value(old.get(name), shown),
                after: self.value(new.get(name), shown),
            })
            .collect()
    }

    /// A membership in a line: its dates and where it is held.
    fn membership(&self, m: &serde_json::Map<String, Value>) -> String {
        const PARTS: [(&str, &str, &str, Shown); 9] = [
            ("joined_on", "入党", "joined", Shown::Text),
            ("full_on", "转正", "full", Shown::Text),
            (
                "probation_extended_to",
                "预备期延长至",
                "probation extended to",
                Shown::Text,
            ),
            ("org", "党组织", "organization", Shown::Org),
            ("unit", "单位", "unit", Shown::UnitId),
            ("lost_contact_on", "失联", "lost contact", Shown::Text),
            ("stopped_on", "停止党籍", "stopped", Shown::Text),
            ("left_on", "离开", "left", Shown::Text),
            ("left_reason", "原因", "reason", Shown::Code("left")),
        ];
        let mut parts: Vec<String> = PARTS
            .iter()
            .filter(|(key, ..)| m.get(*key).is_some_and(|v| !v.is_null()))
            .map(|&(key, zh, en, shown)| {
                format!("{} {}", self.pick(zh, en), self.value(m.get(key), shown))
            })
            .collect();
        if m.get("relationship").and_then(Value::as_str) == Some("elsewhere") {
            parts.push(self.pick("流入党员", "from elsewhere").into());
        }
        parts.join(self.pick("，", ", "))
    }

    fn pick(&self, zh: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn value(&self, v: Option<&Value>, shown: Shown) -> String {
        let empty = || self.pick("（空）", "(empty)").to_string();
        let Some(v) = v.filter(|v| !v.is_null() && v.as_str() != Some("")) else {
            return empty();
        };
        let text = || v.as_str().map_or_else(|| v.to_string(), str::to_string);
        match (shown, v) {
            (Shown::Flag, Value::Bool(b)) => self
                .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                .into(),
            (Shown::Fen, Value::Number(n)) => n.as_i64().map_or_else(text, yuan),
            (Shown::Code(group), Value::String(code)) => self
                .labels
                .get(&format!("{group}.{code}"))
                .map_or_else(text, |l| (*l).to_string()),
            (Shown::Person, Value::String(id)) => {
                self.index.person(id).map_or_else(text, |p| p.name.clone())
            }
            (Shown::Org, Value::String(id)) => {
                self.index.org(id).map_or_else(text, |o| o.name.clone())
            }
            (Shown::UnitId, Value::String(id)) => {
                self.index.unit(id).map_or_else(text, |u| u.name.clone())
            }
            // The history is a list: ID numbers masked as everywhere else.
            (Shown::IdNumber, Value::String(id)) => crate::model::members::mask_id_number(id),
            (Shown::BirthMonth, Value::String(b)) => b.chars().take(7).collect(),
            (Shown::Membership, Value::Object(m)) => self.membership(m),
            (Shown::Units, Value::Array(ids)) if ids.is_empty() => empty(),
            (Shown::Units, Value::Array(ids)) => ids
                .iter()
                .map(|id| {
                    let id = id.as_str().unwrap_or_default();
                    self.index
                        .unit(id)
                        .map_or(id, |u| u.name.as_str())
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(self.pick("、", ", ")),
            _ => text(),
        }
    }
}

/// The summary in English: the summaries are written in Chinese when the
/// change is made, so the English one is the action's name and the names
/// the summary quotes (“…”), as they were written.
fn english_summary(label: &str, zh: &str) -> String {
    let names: Vec<&str> = zh
        .split('“')
        .skip(1)
        .filter_map(|rest| rest.split_once('”').map(|(name, _)| name))
        .collect();
    if names.is_empty() {
        label.to_string()
    } else {
        format!("{label}: “{}”", names.join("”, “"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_summaries_keep_the_names_quoted() {
        for (label, zh, en) in [
            ("Unit added", "新增“录错的公司”", "Unit added: “录错的公司”"),
            ("Sample park loaded", "载入示例园区", "Sample park loaded"),
            (
                "Unit removed (entered by mistake)",
                "删除单位“甲”（录入有误）",
                "Unit removed (entered by mistake): “甲”",
            ),
            (
                "Units imported",
                "导入“a.xlsx”：“甲”“乙”",
                "Units imported: “a.xlsx”, “甲”, “乙”",
            ),
        ] {
            assert_eq!(super::english_summary(label, zh), en);
        }
    }

    use super::*;
    use crate::samples::sample_park;
    use serde_json::json;

    type Case<'a> = (
        &'a str,
        &'a str,
        Value,
        Value,
        Lang,
        &'a str,
        &'a str,
        &'a str,
    );

    fn entry(entity: &str, action: &str, old: Value, new: Value) -> AuditEntry {
        AuditEntry {
            seq: 7,
            at: "2026-12-05T21:07:07.123+08:00".into(),
            who: "王芳".into(),
            action: action.into(),
            entity: entity.into(),
            entity_id: Some("x".into()),
            summary: "s".into(),
            old_value: Some(old),
            new_value: Some(new),
        }
    }

    /// Every field of every record the store audits has its label: no
    /// change a clerk sees is named by the document's field name.
    #[test]
    fn every_audited_field_has_a_label() {
        let reg = sample_park();
        let mut records: Vec<(&str, Value)> = vec![
            ("park", serde_json::to_value(&reg.park).unwrap()),
            ("person", serde_json::to_value(&reg.people[0]).unwrap()),
            ("unit", serde_json::to_value(&reg.units[0]).unwrap()),
            (
                "organization",
                serde_json::to_value(&reg.organizations[0]).unwrap(),
            ),
            ("budget", serde_json::to_value(&reg.budgets[0]).unwrap()),
            ("ledger", serde_json::to_value(&reg.ledger[0]).unwrap()),
            ("meeting", serde_json::to_value(&reg.meetings[0]).unwrap()),
        ];
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(&dir.path().join("r.db")).unwrap();
        store.replace(&reg, "registry.demo", "t").unwrap();
        let loaded = store.history(1).unwrap().remove(0);
        records.push(("registry", loaded.new_value.unwrap()));
        for (entity, record) in records {
            for key in record.as_object().unwrap().keys() {
                assert!(
                    FIELDS.iter().any(|f| f.0 == entity && f.1 == key),
                    "{entity}.{key} has no label"
                );
            }
        }
    }

    #[test]
    fn a_change_reads_in_the_forms_words() {
        let reg = sample_park();
        let index = reg.index();
        let (p0, o0, u0) = (&reg.people[0], &reg.organizations[0], &reg.units[0]);
        // Cases: (entity, field, before, after, language, the row's label, before, after).
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("park", "district", json!(""), json!("江宁区"), Lang::Zh, "所属区县", "（空）", "江宁区"),
            ("park", "district", json!(null), json!("Jiangning"), Lang::En, "District", "(empty)", "Jiangning"),
            ("park", "starter_fund_min_fen", json!(200_000), json!(300_050), Lang::Zh, "启动资金最低金额", "¥2,000.00", "¥3,000.50"),
            ("park", "party_lecture_period", json!("quarter"), json!("month"), Lang::Zh, "党课频次", "每季度", "每月"),
            ("unit", "kind", json!("enterprise"), json!("project"), Lang::Zh, "类别", "企业", "项目"),
            ("unit", "ownership", json!("private"), json!("foreign"), Lang::En, "Ownership", "Private", "Foreign"),
            ("unit", "key_project", json!(false), json!(true), Lang::Zh, "重点项目", "否", "是"),
            ("unit", "commissioner", json!(null), json!(p0.id), Lang::Zh, "项目专员", "（空）", &p0.name),
            ("unit", "instructor", json!("gone"), json!(null), Lang::Zh, "党建指导员", "gone", "（空）"),
            ("unit", "employees", json!(12), json!(40), Lang::Zh, "职工人数", "12", "40"),
            ("organization", "units", json!([]), json!([u0.id, "gone"]), Lang::Zh, "覆盖单位", "（空）", &format!("{}、gone", u0.name)),
            ("organization", "kind", json!("branch"), json!("joint_branch"), Lang::Zh, "类别", "党支部", "联合党支部"),
            ("meeting", "org", json!(o0.id), json!(o0.id.clone() + "x"), Lang::Zh, "党组织", &o0.name, &(o0.id.clone() + "x")),
            ("meeting", "hours", json!(1.5), json!(2), Lang::Zh, "学时", "1.5", "2"),
            ("ledger", "purpose", json!("starter_fund"), json!("training"), Lang::Zh, "用途", "启动资金", "培训"),
            ("registry", "units", json!(30), json!(31), Lang::Zh, "单位数", "30", "31"),
            ("unit", "newer_field", json!(1), json!(2), Lang::Zh, "newer_field", "1", "2"),
        ];
        for (entity, field, old, new, lang, label, before, after) in cases {
            let e = entry(
                entity,
                "x.update",
                json!({ *field: old, "same": 1 }),
                json!({ *field: new, "same": 1 }),
            );
            let row = &history(&[e], &index, *lang)[0];
            assert_eq!(
                row.changes,
                vec![Change {
                    field: field.to_string(),
                    label: label.to_string(),
                    before: before.to_string(),
                    after: after.to_string(),
                }],
                "{entity}.{field} in {lang:?}"
            );
        }
    }

    #[test]
    fn a_row_names_its_action_and_local_time() {
        let reg = sample_park();
        let index = reg.index();
        // Cases: (action, language, label).
        let cases = [
            ("park.update", Lang::Zh, "修改园区设置"),
            ("units.import.undo", Lang::Zh, "撤销导入单位"),
            ("registry.demo", Lang::En, "Sample park loaded"),
            ("from.a.newer.version", Lang::Zh, "from.a.newer.version"),
        ];
        for (action, lang, label) in cases {
            let mut e = entry("park", action, json!({}), json!({}));
            e.old_value = None;
            let row = &history(&[e], &index, lang)[0];
            assert_eq!(row.action_label, label);
            assert_eq!(row.action, action);
            assert_eq!(row.at, "2026-12-05 21:07:07");
            assert!(row.changes.is_empty(), "a record created shows no change");
        }
    }
}
