//! The registry document: round trips, and refusal with every problem.

mod common;

use common::d;
use parkreg_core::exchange::document::{from_json, to_json};
use parkreg_core::samples::sample_park;
use serde_json::{json, Value};

fn today() -> chrono::NaiveDate {
    d("2026-11-26")
}

#[test]
fn sample_park_round_trips() {
    let reg = sample_park();
    let text = to_json(&reg);
    let again = from_json(&text, today()).expect("valid");
    assert_eq!(again, reg);
    assert_eq!(to_json(&again), text);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "parkreg/3");
    assert_eq!(v["units"].as_array().unwrap().len(), 31);
    // Null fields are written as null, not left out.
    assert!(v["units"][1].as_object().unwrap().contains_key("closed_on"));
    assert!(v["units"][1]["closed_on"].is_null());
}

fn minimal() -> Value {
    json!({
        "format": "parkreg/3",
        "park": {"name": "测试园区", "district": "白云区", "min_employees": 0, "party_lecture_period": "half_year",
                 "starter_fund_since": "2012-01-01", "starter_fund_min_fen": 200000, "roster": true},
        "people": [{"id": "p1", "name": "王“小”明", "party_member": true, "phone": null, "unit_name": null,
                    "gender": null, "ethnicity": null, "birth_date": null, "id_number": null,
                    "education": null, "membership": null},
                   {"id": "p2", "name": "李红", "party_member": true, "phone": "13800000000", "unit_name": null,
                    "gender": "female", "ethnicity": "汉族", "birth_date": "1949-12", "id_number": "11010519491231002X",
                    "education": "大学本科",
                    "membership": {"org": "o1", "unit": "u1", "joined_on": "1975-07-01", "full_on": "1976-07-01",
                                   "probation_extended_to": null, "relationship": "here", "arrived_on": null,
                                   "lost_contact_on": null, "stopped_on": null, "left_on": null,
                                   "left_reason": null, "approximate": ["joined_on", "full_on"]}}],
        "units": [
            {"id": "u1", "name": "甲公司", "kind": "enterprise", "ownership": "private",
             "wholly_owned": true, "legal_rep_member": true, "legal_rep_secretary": false, "stage": "operating",
             "credit_code": "91110000600037341L", "employees": 10, "full_members": 3, "probationary_members": 0,
             "town": null, "village": null, "key_project": false, "commissioner": "p1", "instructor": null,
             "started_on": "2012-01-01", "closed_on": null},
            {"id": "u2", "name": "乙项目", "kind": "project", "ownership": "state",
             "wholly_owned": false, "legal_rep_member": false, "legal_rep_secretary": false, "stage": "construction",
             "credit_code": null, "employees": 5, "full_members": 0, "probationary_members": 0,
             "town": "沙文镇", "village": null, "key_project": true, "commissioner": null, "instructor": null,
             "started_on": null, "closed_on": null}
        ],
        "organizations": [
            {"id": "o1", "name": "园区党委", "kind": "committee", "parent": null, "units": [],
             "founded_on": "2010-01-01", "dissolved_on": null, "approval_doc": null, "secretary": "p1",
             "committee_size": 5, "last_election_on": null},
            {"id": "o2", "name": "甲公司党支部", "kind": "branch", "parent": "o1", "units": ["u1"],
             "founded_on": "2013-01-01", "dissolved_on": null, "approval_doc": "白党组〔2013〕1号", "secretary": null,
             "committee_size": 0, "last_election_on": null}
        ],
        "budgets": [{"year": 2013, "amount_fen": 10000000, "source": "区管党费"}],
        "ledger": [{"id": "d1", "date": "2013-02-01", "purpose": "starter_fund", "org": "o2",
                    "amount_fen": 200000, "voucher": "PF-1", "note": "启动资金", "reverses": null}],
        "meetings": [{"id": "m1", "org": "o2", "kind": "party_lecture", "date": "2013-03-05",
                      "topic": "“两学一做”专题党课", "expected": 3, "attended": 3, "hours": 1.5,
                      "host": "p1", "note": ""},
                     {"id": "m2", "org": "o1", "kind": "training", "date": "2013-03-09",
                      "topic": "周末课堂", "expected": null, "attended": 31, "hours": 2.0,
                      "host": null, "note": "第1期"}]
    })
}

#[test]
fn chinese_text_and_nulls_round_trip() {
    let doc = minimal();
    let reg = from_json(&doc.to_string(), today()).expect("valid");
    let back: Value = serde_json::from_str(&to_json(&reg)).unwrap();
    assert_eq!(back, doc);
}

/// Every problem is listed with its path; (path, a word of the message).
fn refused(doc: &Value) -> Vec<String> {
    from_json(&doc.to_string(), today())
        .expect_err("refused")
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn five_problems_are_all_listed() {
    let mut doc = minimal();
    doc["organizations"][1]["units"] = json!(["u1", "u9"]); // broken reference
    doc["units"][1]["name"] = json!("甲公司"); // duplicate name
    doc["units"][0]["credit_code"] = json!("91110000600037341A"); // bad check character
    doc["units"][0]["employees"] = json!(-3); // negative count
    doc["organizations"][1]["founded_on"] = json!("2013-02-30"); // not a date
    let problems = refused(&doc);
    let expect = [
        "organizations[1].units[1]: 单位“u9”不存在",
        "units[1].name: 单位名称“甲公司”与 units[0] 重复",
        "units[0].credit_code: 统一社会信用代码 91110000600037341A 无效：校验位应为“L”，实为“A”",
        "units[0].employees: 不能为负数，实为 -3",
        "organizations[1].founded_on: 日期“2013-02-30”在日历上不存在",
    ];
    for e in expect {
        assert!(
            problems.iter().any(|p| p == e),
            "missing {e:?} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), 5, "{problems:#?}");
}

#[test]
fn input_checks_table() {
    // (what to change, the path and message expected)
    type Edit = fn(&mut Value);
    let cases: Vec<(Edit, &str)> = vec![
        (
            |v| v["format"] = json!("parkreg/4"),
            "format: 应为 \"parkreg/3\"，实为 \"parkreg/4\"",
        ),
        (
            |v| v["units"][0]["ownership"] = json!("non_public"),
            "units[0].ownership: “non_public”不是允许的值（private, hmt, foreign, state, collective, other）",
        ),
        (
            |v| {
                v["units"][0]["legal_rep_member"] = json!(false);
                v["units"][0]["legal_rep_secretary"] = json!(true);
            },
            "units[0].legal_rep_secretary: 法定代表人兼任党组织书记，须先是党员",
        ),
        (
            |v| v["units"][0]["name"] = json!("   "),
            "units[0].name: 名称不能为空",
        ),
        (
            |v| v["units"][0]["name"] = json!("长".repeat(101)),
            "units[0].name: 名称最多 100 个字，实为 101 个",
        ),
        (
            |v| v["park"]["district"] = json!("区".repeat(101)),
            "park.district: 所属区县最多 100 个字，实为 101 个",
        ),
        (
            |v| v["units"][0]["kind"] = json!("factory"),
            "units[0].kind: “factory”不是允许的值",
        ),
        (
            |v| v["units"][0]["full_members"] = json!(1.5),
            "units[0].full_members: 应为整数",
        ),
        (
            |v| v["units"][0]["full_members"] = json!("3"),
            "units[0].full_members: 应为整数",
        ),
        (
            |v| v["units"][0]["started_on"] = json!("2013/01/01"),
            "units[0].started_on: 日期“2013/01/01”应写作 YYYY-MM-DD",
        ),
        (
            |v| v["units"][0]["closed_on"] = json!("2011-12-31"),
            "units[0].closed_on: 关闭日期 2011-12-31 应晚于开始日期 2012-01-01",
        ),
        (
            |v| v["units"][0]["closed_on"] = json!("2012-01-01"),
            "units[0].closed_on: 关闭日期 2012-01-01 应晚于开始日期",
        ),
        (
            |v| v["units"][0]["commissioner"] = json!("p9"),
            "units[0].commissioner: 人员“p9”不存在",
        ),
        (
            |v| v["units"][0]["employes"] = json!(3),
            "units[0].employes: 未知字段",
        ),
        (
            |v| v["units"][1]["credit_code"] = json!("91110000600037341L"),
            "units[1].credit_code: 统一社会信用代码 91110000600037341L 与 units[0] 重复",
        ),
        (
            |v| v["units"][1]["id"] = json!("u1"),
            "units[1].id: 编号“u1”重复",
        ),
        (
            |v| v["organizations"][1]["parent"] = json!("o9"),
            "organizations[1].parent: 上级党组织“o9”不存在",
        ),
        (
            |v| v["organizations"][0]["parent"] = json!("o2"),
            "上级关系形成循环",
        ),
        (
            |v| v["organizations"][1]["committee_size"] = json!(16),
            "organizations[1].committee_size: 委员人数应在 0 到 15 之间，实为 16",
        ),
        (
            |v| v["organizations"][1]["dissolved_on"] = json!("2013-01-01"),
            "organizations[1].dissolved_on: 撤销日期 2013-01-01 应晚于成立日期 2013-01-01",
        ),
        (
            |v| v["organizations"][1]["secretary"] = json!("p7"),
            "organizations[1].secretary: 人员“p7”不存在",
        ),
        (
            |v| v["budgets"][0]["year"] = json!(1800),
            "budgets[0].year: 年份 1800 超出范围：应在 1900 到 9999 年之间",
        ),
        (
            |v| v["units"][0]["started_on"] = json!("1899-12-31"),
            "units[0].started_on: 日期“1899-12-31”：年份 1899 超出范围",
        ),
        (
            |v| v["park"]["starter_fund_since"] = json!("0001-01-01"),
            "park.starter_fund_since: 日期“0001-01-01”：年份 1 超出范围",
        ),
        (
            |v| v["ledger"][0]["date"] = json!("2027-01-01"),
            "ledger[0].date: 日期 2027-01-01 晚于今天 2026-11-26",
        ),
        (
            |v| v["budgets"][0]["amount_fen"] = json!(100000),
            "ledger[0].amount_fen: 超出 2013 年预算",
        ),
    ];
    for (edit, expected) in cases {
        let mut doc = minimal();
        edit(&mut doc);
        let problems = refused(&doc);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "expected {expected:?} in {problems:#?}"
        );
    }
}

#[test]
fn not_json_is_refused_with_its_position() {
    let problems = from_json("{\"format\": \"parkreg/1\",\n  \"park\": }", today()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].to_string().contains("第 2 行"),
        "{}",
        problems[0]
    );
}

/// A starter fund that disagrees with data corrected after it was paid is
/// history, not a broken document: it loads, and the gap says so.
#[test]
fn a_starter_fund_judged_by_later_data_loads_and_is_a_gap() {
    use parkreg_core::model::Lang;
    use parkreg_core::rules::gaps::{find, Code};
    let d = parkreg_core::model::dates::parse_date("2013-06-30").unwrap();
    type Edit = fn(&mut Value);
    let cases: Vec<(Edit, &str)> = vec![
        (
            |v| v["ledger"][0]["amount_fen"] = json!(100000),
            "金额低于现行最低标准",
        ),
        (
            |v| v["park"]["starter_fund_min_fen"] = json!(300000),
            "金额低于现行最低标准",
        ),
        (
            |v| v["units"][0]["ownership"] = json!("state"),
            "不符合启动资金条件",
        ),
        (
            |v| v["organizations"][1]["founded_on"] = json!("2013-03-01"),
            "不符合启动资金条件",
        ),
        (
            |v| v["organizations"][1]["parent"] = Value::Null,
            "不符合启动资金条件",
        ),
        (
            |v| v["organizations"][1]["kind"] = json!("group"),
            "不符合启动资金条件",
        ),
    ];
    // Untouched, the fund agrees with the data: no such gap.
    let reg = from_json(&minimal().to_string(), today()).expect("loads");
    assert!(!find(&reg, d, Lang::Zh)
        .iter()
        .any(|g| g.code == Code::StarterFundIneligible));
    for (edit, expected) in cases {
        let mut doc = minimal();
        edit(&mut doc);
        let reg = from_json(&doc.to_string(), today()).expect("history is not refused");
        let gaps: Vec<_> = find(&reg, d, Lang::Zh)
            .into_iter()
            .filter(|g| g.code == Code::StarterFundIneligible)
            .collect();
        assert_eq!(gaps.len(), 1, "{doc}");
        assert_eq!(gaps[0].org.as_deref(), Some("o2"));
        assert!(gaps[0].message.contains("PF-1"), "{}", gaps[0].message);
        assert!(gaps[0].message.contains(expected), "{}", gaps[0].message);
        // Before the entry's date there is nothing to say about it.
        let before = parkreg_core::model::dates::parse_date("2013-01-31").unwrap();
        assert!(!find(&reg, before, Lang::Zh)
            .iter()
            .any(|g| g.code == Code::StarterFundIneligible));
    }
}

/// A first-round document (`parkreg/1`) loads: `non_public` reads as
/// `private`, `foreign` stays (and now counts as non-public), the new unit
/// fields are false, the roster's absent; it dumps as the `parkreg/3`
/// document that says so.
#[test]
fn a_first_round_document_loads_as_the_second_format() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/sample-park-v1.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut expected: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(expected["format"], "parkreg/1");
    expected["format"] = json!("parkreg/3");
    expected["park"]["roster"] = json!(false);
    for p in expected["people"].as_array_mut().unwrap() {
        for key in [
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "education",
            "membership",
        ] {
            p[key] = json!(null);
        }
    }
    // No meetings and no lecture setting in the first round: none, and the default.
    expected["meetings"] = json!([]);
    expected["park"]["party_lecture_period"] = json!("quarter");
    let mut foreign = 0;
    for u in expected["units"].as_array_mut().unwrap() {
        if u["ownership"] == "non_public" {
            u["ownership"] = json!("private");
        }
        foreign += (u["ownership"] == "foreign") as usize;
        for key in ["wholly_owned", "legal_rep_member", "legal_rep_secretary"] {
            u[key] = json!(false);
        }
    }
    assert!(foreign > 0, "the fixture has a foreign enterprise");
    let reg = from_json(&text, today()).expect("a parkreg/1 document loads");
    let dumped: Value = serde_json::from_str(&to_json(&reg)).unwrap();
    assert_eq!(dumped, expected);
    // A foreign-invested enterprise is non-public now.
    let s = parkreg_core::rules::coverage::summary(
        &reg,
        parkreg_core::model::dates::parse_date("2013-06-30").unwrap(),
    );
    let non_public = reg
        .units
        .iter()
        .filter(|u| u.ownership.is_non_public() && u.kind != parkreg_core::model::UnitKind::Organ)
        .count();
    assert_eq!(s.units.non_public_in_scope, non_public);
}

/// DOMAIN.md "Members", checks on input: each case changes the one member
/// of `minimal()` with a membership (born 1949-12, ID 11010519491231002X,
/// female, joined 1975-07 and full 1976-07, both known to the month).
#[test]
fn roster_input_checks_table() {
    type Edit = fn(&mut Value);
    let cases: Vec<(Edit, Option<&str>)> = vec![
        (|_| {}, None),
        (
            |v| v["people"][1]["id_number"] = json!("110105194912310021"),
            Some("people[1].id_number: 身份证号“110105194912310021”的校验位应为 X"),
        ),
        (
            |v| v["people"][1]["id_number"] = json!("11010519491231002x"),
            None,
        ),
        (
            |v| v["people"][1]["gender"] = json!("male"),
            Some("people[1].gender: 性别与身份证号第 17 位不符"),
        ),
        (
            |v| v["people"][1]["birth_date"] = json!("1949-11"),
            Some("people[1].birth_date: 出生日期 1949-11 与身份证号中的 1949-12-31 不符"),
        ),
        (|v| v["people"][1]["birth_date"] = json!("1949-12-31"), None),
        (
            |v| v["people"][0]["id_number"] = json!("11010519491231002X"),
            Some("people[1].id_number: 身份证号与 people[0] 重复"),
        ),
        // 18 years old in 1967-12: the month itself passes, the one before not.
        (
            |v| v["people"][1]["membership"]["joined_on"] = json!("1967-12-01"),
            None,
        ),
        (
            |v| v["people"][1]["membership"]["joined_on"] = json!("1967-11-30"),
            Some("people[1].membership.joined_on: 入党时未满 18 周岁"),
        ),
        (
            |v| v["people"][1]["membership"]["joined_on"] = json!("2026-11-27"),
            Some("people[1].membership.joined_on: 入党日期晚于今天"),
        ),
        // Full a month early (months compared: both approximate).
        (
            |v| v["people"][1]["membership"]["full_on"] = json!("1976-06-01"),
            Some("people[1].membership.full_on: 转正日期 1976-06-01 早于预备期满（1976-07-01）"),
        ),
        (
            |v| v["people"][1]["membership"]["full_on"] = json!("1976-07-01"),
            None,
        ),
        (
            |v| {
                v["people"][1]["membership"]["approximate"] = json!([]);
                v["people"][1]["membership"]["full_on"] = json!("1976-06-30");
            },
            Some("早于预备期满（1976-07-01）"),
        ),
        (
            |v| {
                v["people"][1]["membership"]["probation_extended_to"] = json!("1976-12-31");
                v["people"][1]["membership"]["full_on"] = json!("1977-01-01");
            },
            Some("people[1].membership.probation_extended_to: 延长预备期应为 6 至 12 个月"),
        ),
        (
            |v| {
                v["people"][1]["membership"]["probation_extended_to"] = json!("1977-07-01");
                v["people"][1]["membership"]["full_on"] = json!("1977-07-01");
            },
            None,
        ),
        (
            |v| {
                v["people"][1]["membership"]["probation_extended_to"] = json!("1977-07-02");
                v["people"][1]["membership"]["full_on"] = json!("1977-08-01");
            },
            // Joined in 1975-07, known to the month: the month is compared.
            None,
        ),
        (
            |v| {
                v["people"][1]["membership"]["probation_extended_to"] = json!("1977-08-01");
                v["people"][1]["membership"]["full_on"] = json!("1977-08-01");
            },
            Some("延长预备期应为 6 至 12 个月"),
        ),
        (
            |v| v["people"][1]["membership"]["left_on"] = json!("2020-01-01"),
            Some("people[1].membership.left_reason: 离开时应注明原因"),
        ),
        (
            |v| v["people"][1]["membership"]["left_reason"] = json!("died"),
            Some("people[1].membership.left_on: 注明了离开原因，却没有离开日期"),
        ),
        (
            |v| {
                v["people"][1]["membership"]["left_on"] = json!("2020-01-01");
                v["people"][1]["membership"]["left_reason"] = json!("fled");
            },
            Some("people[1].membership.left_reason: “fled”不是允许的值"),
        ),
        (
            |v| v["people"][1]["membership"]["stopped_on"] = json!("1970-01-01"),
            Some("people[1].membership.stopped_on: 停止党籍日期早于入党日期"),
        ),
        (
            |v| v["people"][1]["membership"]["arrived_on"] = json!("2020-01-01"),
            Some("people[1].membership.arrived_on: 来园区工作日期只用于流入党员"),
        ),
        (
            |v| {
                v["people"][1]["membership"]["relationship"] = json!("elsewhere");
                v["people"][1]["membership"]["arrived_on"] = json!("2020-01-01");
            },
            None,
        ),
        (
            |v| v["people"][1]["membership"]["unit"] = json!("u9"),
            Some("people[1].membership.unit: 单位“u9”不存在"),
        ),
        (
            |v| v["people"][1]["membership"]["approximate"] = json!(["left_on"]),
            Some("people[1].membership.approximate[0]: 应为 joined_on、full_on 之一"),
        ),
    ];
    for (i, (edit, expected)) in cases.into_iter().enumerate() {
        let mut doc = minimal();
        edit(&mut doc);
        match (from_json(&doc.to_string(), today()), expected) {
            (Ok(reg), None) => {
                // What is accepted round-trips.
                let again = from_json(&to_json(&reg), today()).expect("dumps valid");
                assert_eq!(again, reg, "case {i}");
            }
            (Err(problems), Some(expected)) => {
                let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                assert!(
                    problems.iter().any(|p| p.contains(expected)),
                    "case {i}: expected {expected:?} in {problems:#?}"
                );
            }
            (got, expected) => panic!("case {i}: {got:?}, expected {expected:?}"),
        }
    }
}
