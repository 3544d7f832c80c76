//! Member development (DOMAIN.md "Member development"): every check when a
//! stage is recorded, every gap on its boundary (the day before and the
//! day), the working days of a 公示 across holidays and adjusted working
//! weekends, and the pipeline's counts as rule tables; and a property
//! test: random candidates advanced through random valid sequences of
//! stages are never refused, and a record breaking one rule is refused
//! naming that rule's field only. Cases per run:
//! `PARKREG_DEVELOPMENT_CASES` (default 256).

use chrono::{Days, NaiveDate};
use parkreg_core::model::development::{Development, Holiday, HolidayKind, Stage};
use parkreg_core::model::{
    BirthDate, Index, Lang, Membership, OrgKind, Organization, Park, Person, Registry, Severity,
};
use parkreg_core::rules::development::workdays::{
    is_working_day, nth_working_day, working_days_between,
};
use parkreg_core::rules::development::{gaps_at, pipeline_at, stage_problems, Context, Pipeline};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn member(id: &str, joined: &str, full: Option<&str>) -> Person {
    Person {
        id: id.into(),
        name: format!("党员{id}"),
        party_member: true,
        membership: Some(Membership {
            full_on: full.map(d),
            ..Membership::joined(d(joined))
        }),
        ..Person::default()
    }
}

/// A park with full members m1–m3, a probationary pp, a non-member np, a
/// member mf made full on 2023-07-20, and the candidate c.
fn registry(roster: bool) -> Registry {
    let mut reg = Registry::empty(Park {
        roster,
        ..Park::new("园区")
    });
    reg.people = vec![
        member("m1", "2000-01-01", Some("2001-01-01")),
        member("m2", "2000-01-01", Some("2001-01-01")),
        member("m3", "2000-01-01", Some("2001-01-01")),
        member("pp", "2012-01-01", None),
        member("mf", "2022-07-20", Some("2023-07-20")),
        Person {
            id: "np".into(),
            name: "群众".into(),
            ..Person::default()
        },
        Person {
            id: "c".into(),
            name: "申请人".into(),
            ..Person::default()
        },
    ];
    reg.organizations.push(Organization {
        id: "o1".into(),
        name: "第一支部".into(),
        kind: OrgKind::Branch,
        parent: None,
        units: Vec::new(),
        founded_on: d("2010-01-01"),
        dissolved_on: None,
        approval_doc: None,
        secretary: None,
        committee_size: 0,
        last_election_on: None,
    });
    reg
}

fn candidate(born: &str) -> Person {
    Person {
        id: "c".into(),
        name: "申请人".into(),
        birth_date: Some(BirthDate::parse(born).unwrap()),
        ..Person::default()
    }
}

/// A development every stage of which may be recorded, approved.
fn valid() -> Development {
    Development {
        org: Some("o1".into()),
        applied_on: Some(d("2022-03-01")),
        talked_on: Some(d("2022-03-20")),
        activist_on: Some(d("2022-06-01")),
        reviews: vec![d("2022-12-01"), d("2023-05-30")],
        contacts: vec!["m1".into()],
        target_on: Some(d("2023-06-01")),
        introducers: vec!["m1".into(), "m2".into()],
        reviewed_on: Some(d("2023-07-01")),
        training_days: Some(3),
        training_hours: None,
        publicity_from: Some(d("2023-07-03")),
        publicity_to: Some(d("2023-07-07")),
        pre_reviewed_on: Some(d("2023-07-10")),
        admitted_on: Some(d("2023-07-20")),
        approved_on: Some(d("2023-08-15")),
        dropped_on: None,
    }
}

/// A GB 11643 number born on `birth` (YYYYMMDD), its check character computed.
fn id_number(birth: &str) -> String {
    let body = format!("110101{birth}123");
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn fields_of(
    reg: &Registry,
    person: &Person,
    dev: &Development,
    holidays: &[Holiday],
    today: NaiveDate,
) -> (BTreeSet<String>, String) {
    let index: Index = reg.index();
    let cx = Context {
        park: &reg.park,
        index: &index,
        holidays,
        today,
    };
    let problems = stage_problems("people[6].development", person, dev, &cx);
    assert!(problems.iter().all(|p| p.path == "people[6].development"));
    let text = problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect::<Vec<_>>()
        .join("\n");
    (problems.into_iter().map(|p| p.field).collect(), text)
}

/// The 2024 National Day week: Sunday 29 September worked, 1–7 October
/// off, Saturday 12 October worked. A 公示 from Thursday 26 September.
fn national_day(to: &str) -> Development {
    Development {
        publicity_from: Some(d("2024-09-26")),
        publicity_to: Some(d(to)),
        pre_reviewed_on: Some(d("2024-10-14")),
        admitted_on: Some(d("2024-10-15")),
        approved_on: Some(d("2024-11-01")),
        ..valid()
    }
}

/// An activist from 29 February 2020, a target on `target`.
fn leap(target: &str) -> Development {
    Development {
        applied_on: Some(d("2019-12-02")),
        talked_on: Some(d("2020-01-02")),
        activist_on: Some(d("2020-02-29")),
        reviews: Vec::new(),
        target_on: Some(d(target)),
        ..valid()
    }
}

type Change = Box<dyn Fn(&mut Person, &mut Development, &mut Vec<Holiday>)>;

/// What a case is called, what it changes, and the field and words it
/// is refused with (none when accepted).
type Case = (&'static str, Change, Option<(&'static str, &'static str)>);

fn change(f: impl Fn(&mut Person, &mut Development, &mut Vec<Holiday>) + 'static) -> Change {
    Box::new(f)
}

/// 细则 art. 5, 7, 9, 13–14, 16–19 and the stages' order: each check on
/// both sides of its boundary; a refusal names exactly its field.
#[test]
fn stage_checks_rule_table() {
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let joined = |p: &mut Person, on: &str| p.membership = Some(Membership::joined(d(on)));
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("valid", change(|_, _, _| {}), None),
        ("valid, membership joined when admitted", change(move |p, _, _| joined(p, "2023-07-20")), None),
        ("18 on the day of applying", change(|p, _, _| p.birth_date = Some(BirthDate::Day(d("2004-03-01")))), None),
        ("17 the day before", change(|p, _, _| p.birth_date = Some(BirthDate::Day(d("2004-03-02")))),
            Some(("applied_on", "未满 18 周岁（细则第五条）：出生 2004-03-02，满 18 周岁为 2022年3月2日"))),
        ("born in the month 18 years before", change(|p, _, _| p.birth_date = Some(BirthDate::parse("2004-03").unwrap())), None),
        ("born a month later", change(|p, _, _| p.birth_date = Some(BirthDate::parse("2004-04").unwrap())),
            Some(("applied_on", "未满 18 周岁"))),
        ("age by the ID number", change(|p, _, _| { p.birth_date = None; p.id_number = Some(id_number("20040302")); }),
            Some(("applied_on", "未满 18 周岁"))),
        ("18 by the ID number", change(|p, _, _| { p.birth_date = None; p.id_number = Some(id_number("20040301")); }), None),
        ("talk on the day of applying", change(|_, v, _| v.talked_on = Some(d("2022-03-01"))), None),
        ("talk the day before applying", change(|_, v, _| v.talked_on = Some(d("2022-02-28"))),
            Some(("talked_on", "谈话日期 2022年2月28日 早于递交入党申请日期 2022年3月1日"))),
        ("no talk recorded", change(|_, v, _| v.talked_on = None), None),
        ("activist before the talk", change(|_, v, _| v.activist_on = Some(d("2022-03-19"))),
            Some(("activist_on", "早于谈话日期"))),
        ("target a year after activist", change(|_, v, _| v.target_on = Some(d("2023-06-01"))), None),
        ("target the day before", change(|_, v, _| v.target_on = Some(d("2023-05-31"))),
            Some(("target_on", "列为发展对象应在列为积极分子满一年后（细则第十三条）：最早 2023年6月1日"))),
        ("target a year after 29 February", change(|_, v, _| *v = leap("2021-02-28")), None),
        ("the day before", change(|_, v, _| *v = leap("2021-02-27")), Some(("target_on", "最早 2021年2月28日"))),
        ("target without activist", change(|_, v, _| { v.activist_on = None; v.reviews.clear(); v.contacts.clear(); }),
            Some(("activist_on", "缺少列为入党积极分子日期"))),
        ("stages without applying", change(|_, v, _| v.applied_on = None), Some(("applied_on", "缺少递交入党申请日期"))),
        ("review before activist", change(|_, v, _| v.reviews.push(d("2022-05-31"))),
            Some(("reviews", "早于列为入党积极分子日期"))),
        ("two contacts", change(move |_, v, _| v.contacts = ids(&["m1", "m3"])), None),
        ("three contacts", change(move |_, v, _| v.contacts = ids(&["m1", "m2", "m3"])),
            Some(("contacts", "一至两名正式党员（细则第九条）：现有 3 名"))),
        ("a probationary contact", change(move |_, v, _| v.contacts = ids(&["pp"])),
            Some(("contacts", "党员pp 在 2022年6月1日 不是正式党员"))),
        ("a contact not a member", change(move |_, v, _| v.contacts = ids(&["np"])), Some(("contacts", "不是正式党员"))),
        ("no contact", change(|_, v, _| v.contacts.clear()), None),
        ("one introducer", change(move |_, v, _| v.introducers = ids(&["m1"])),
            Some(("introducers", "入党介绍人应为两名正式党员（细则第十四条）：现有 1 名"))),
        ("one introducer before admission", change(move |p, v, _| {
            v.introducers = ids(&["m1"]); v.admitted_on = None; v.approved_on = None; p.membership = None; }), None),
        ("the same introducer twice", change(move |_, v, _| v.introducers = ids(&["m1", "m1"])),
            Some(("introducers", "现有 2 名"))),
        ("a probationary introducer", change(move |_, v, _| v.introducers = ids(&["m1", "pp"])),
            Some(("introducers", "党员pp 在 2023年7月20日 不是正式党员"))),
        ("an introducer full on the day of admission", change(move |_, v, _| v.introducers = ids(&["m1", "mf"])), None),
        ("an introducer full the day after", change(move |_, v, _| {
            v.introducers = ids(&["m1", "mf"]); v.admitted_on = Some(d("2023-07-19")); v.approved_on = Some(d("2023-07-19")); }),
            Some(("introducers", "党员mf 在 2023年7月19日 不是正式党员"))),
        ("an introducer not on the registry", change(move |_, v, _| v.introducers = ids(&["m1", "ghost"])),
            Some(("introducers", "入党介绍人“ghost”不在人员名单中"))),
        ("the candidate introducing", change(move |_, v, _| v.introducers = ids(&["m1", "c"])),
            Some(("introducers", "不能是本人"))),
        ("no political review", change(|_, v, _| v.reviewed_on = None),
            Some(("reviewed_on", "政治审查结论（细则第十六、十七条）"))),
        ("political review before target", change(|_, v, _| v.reviewed_on = Some(d("2023-05-31"))),
            Some(("reviewed_on", "早于列为发展对象日期"))),
        ("two days of training", change(|_, v, _| v.training_days = Some(2)),
            Some(("training_days", "不少于 3 天或 24 学时（细则第十八条）：现为 2 天、0 学时"))),
        ("no training", change(|_, v, _| v.training_days = None), Some(("training_days", "集中培训"))),
        ("23 hours", change(|_, v, _| { v.training_days = None; v.training_hours = Some(23); }),
            Some(("training_hours", "现为 0 天、23 学时"))),
        ("24 hours", change(|_, v, _| { v.training_days = None; v.training_hours = Some(24); }), None),
        ("publicity Monday to Thursday", change(|_, v, _| v.publicity_to = Some(d("2023-07-06"))),
            Some(("publicity_to", "公示应不少于 5 个工作日（细则第十九条）：自 2023年7月3日 起，最早至 2023年7月7日"))),
        ("publicity across National Day, 4 working days", change(|_, v, _| *v = national_day("2024-10-07")),
            Some(("publicity_to", "最早至 2024年10月8日"))),
        ("publicity across National Day, 5 working days", change(|_, v, _| *v = national_day("2024-10-08")), None),
        ("the clerk makes 29 September a holiday", change(|_, v, h| {
            *v = national_day("2024-10-08"); h.push(Holiday { date: d("2024-09-29"), kind: HolidayKind::Holiday }); }),
            Some(("publicity_to", "最早至 2024年10月9日"))),
        ("the clerk makes 7 October a workday", change(|_, v, h| {
            *v = national_day("2024-10-07"); h.push(Holiday { date: d("2024-10-07"), kind: HolidayKind::Workday }); }), None),
        ("no publicity", change(|_, v, _| { v.publicity_from = None; v.publicity_to = None; }),
            Some(("publicity_from", "应对发展对象公示"))),
        ("publicity not ended", change(|_, v, _| v.publicity_to = None), Some(("publicity_to", "公示应已结束"))),
        ("publicity ending after admission", change(|_, v, _| {
            v.publicity_from = Some(d("2023-07-17")); v.publicity_to = Some(d("2023-07-21")); }),
            Some(("admitted_on", "早于公示结束日期"))),
        ("no pre-review", change(|_, v, _| v.pre_reviewed_on = None), Some(("pre_reviewed_on", "预审（细则第十九条）"))),
        ("membership joined another day", change(move |p, _, _| joined(p, "2023-07-21")),
            Some(("admitted_on", "入党日期 2023年7月21日 应与支部大会接收日期 2023年7月20日 一致"))),
        ("approved before admitted", change(|_, v, _| v.approved_on = Some(d("2023-07-19"))),
            Some(("approved_on", "早于支部大会接收日期"))),
        ("approved without admission", change(move |_, v, _| v.admitted_on = None), Some(("admitted_on", "缺少支部大会接收日期"))),
        ("admitted after today", change(|_, v, _| { v.admitted_on = Some(d("2025-01-01")); v.approved_on = None; }),
            Some(("admitted_on", "晚于今天（2024年12月31日）"))),
        ("dropped after approval", change(|_, v, _| v.dropped_on = Some(d("2023-09-01"))),
            Some(("dropped_on", "不能再终止"))),
        ("dropped before applying", change(|_, v, _| { v.dropped_on = Some(d("2022-02-01")); v.approved_on = None; }),
            Some(("dropped_on", "早于递交入党申请日期"))),
        ("an unknown organization", change(|_, v, _| v.org = Some("o9".into())), Some(("org", "党组织“o9”不存在"))),
    ];
    for roster in [true, false] {
        let reg = registry(roster);
        for (what, f, want) in &cases {
            let (mut person, mut dev, mut holidays) =
                (candidate("1990-05-10"), valid(), Vec::new());
            if what.contains("age")
                || what.contains("18")
                || what.contains("17")
                || what.contains("born")
            {
                person.birth_date = None;
            }
            f(&mut person, &mut dev, &mut holidays);
            let (fields, text) = fields_of(&reg, &person, &dev, &holidays, d("2024-12-31"));
            // Without the roster the typed flag is all that is known: a
            // probationary member counts as full.
            let want = match want {
                Some((_, msg))
                    if !roster
                        && msg.contains("不是正式党员")
                        && !what.contains("not a member") =>
                {
                    None
                }
                other => *other,
            };
            match want {
                None => assert!(fields.is_empty(), "{what} (roster {roster}):\n{text}"),
                Some((field, part)) => {
                    assert_eq!(
                        fields,
                        BTreeSet::from([field.to_string()]),
                        "{what} (roster {roster}):\n{text}"
                    );
                    assert!(
                        text.contains(part),
                        "{what} (roster {roster}): wanted “{part}” in\n{text}"
                    );
                }
            }
        }
    }
}

/// A 公示 recorded when posted: its last day may be after today.
#[test]
fn a_publicity_is_recorded_before_it_ends() {
    let reg = registry(true);
    let dev = Development {
        pre_reviewed_on: None,
        admitted_on: None,
        approved_on: None,
        ..valid()
    };
    let person = candidate("1990-05-10");
    let (fields, text) = fields_of(&reg, &person, &dev, &[], d("2023-07-03"));
    assert!(fields.is_empty(), "{text}");
    let early = Development {
        reviewed_on: Some(d("2023-07-04")),
        ..dev
    };
    let (fields, _) = fields_of(&reg, &person, &early, &[], d("2023-07-03"));
    assert_eq!(fields, BTreeSet::from(["reviewed_on".to_string()]));
}

/// DOMAIN.md's four gaps, each the day before its boundary and on it;
/// calendar months, a month after 31 January being 29 February in a leap
/// year and 28 February otherwise.
#[test]
fn gaps_rule_table() {
    let applied = |on: &str| Development {
        applied_on: Some(d(on)),
        ..Development::default()
    };
    let activist = |on: &str, reviews: &[&str]| Development {
        activist_on: Some(d(on)),
        reviews: reviews.iter().map(|r| d(r)).collect(),
        talked_on: Some(d("2020-01-01")),
        ..applied("2020-01-01")
    };
    let admitted = |on: &str| Development {
        admitted_on: Some(d(on)),
        talked_on: Some(d("2020-01-01")),
        target_on: Some(d("2021-01-01")),
        ..applied("2020-01-01")
    };
    let with = |dev: Development, f: fn(&mut Development)| {
        let mut dev = dev;
        f(&mut dev);
        dev
    };
    #[rustfmt::skip]
    let cases: Vec<(&str, Development, &str, &[&str])> = vec![
        ("a month after 31 Jan 2024, the day before", applied("2024-01-31"), "2024-02-28", &[]),
        ("a month after 31 Jan 2024 is 29 Feb", applied("2024-01-31"), "2024-02-29", &["TALK_OVERDUE"]),
        ("a month after 31 Jan 2023 is 28 Feb", applied("2023-01-31"), "2023-02-28", &["TALK_OVERDUE"]),
        ("the day before, 2023", applied("2023-01-31"), "2023-02-27", &[]),
        ("a month after 15 Mar", applied("2024-03-15"), "2024-04-15", &["TALK_OVERDUE"]),
        ("talked", with(applied("2024-03-15"), |v| v.talked_on = Some(d("2024-04-20"))), "2024-04-20", &[]),
        ("talk recorded for a later day", with(applied("2024-03-15"), |v| v.talked_on = Some(d("2024-04-20"))), "2024-04-19", &["TALK_OVERDUE"]),
        ("dropped the day before", with(applied("2024-03-15"), |v| v.dropped_on = Some(d("2024-04-14"))), "2024-04-15", &[]),
        ("dropped later", with(applied("2024-03-15"), |v| v.dropped_on = Some(d("2024-04-16"))), "2024-04-15", &["TALK_OVERDUE"]),
        ("activist, the day before six months", activist("2023-08-31", &[]), "2024-02-28", &[]),
        ("six months after 31 Aug is 29 Feb", activist("2023-08-31", &[]), "2024-02-29", &["ACTIVIST_REVIEW_DUE"]),
        ("after a review, the day before", activist("2023-08-31", &["2024-01-15"]), "2024-07-14", &[]),
        ("six months after the last review", activist("2023-08-31", &["2024-01-15", "2023-12-01"]), "2024-07-15", &["ACTIVIST_REVIEW_DUE"]),
        ("a review after D is not yet held", activist("2023-08-31", &["2024-03-01"]), "2024-02-29", &["ACTIVIST_REVIEW_DUE"]),
        ("a target is not reviewed as an activist", with(activist("2023-08-31", &[]), |v| v.target_on = Some(d("2024-09-01"))), "2025-01-01", &[]),
        ("target after D", with(activist("2023-08-31", &[]), |v| v.target_on = Some(d("2024-09-01"))), "2024-08-31", &["ACTIVIST_REVIEW_DUE"]),
        ("admitted, the day before 3 months", admitted("2024-03-31"), "2024-06-29", &[]),
        ("admitted 3 months", admitted("2024-03-31"), "2024-06-30", &["APPROVAL_OVERDUE"]),
        ("the day before 6 months", admitted("2024-03-31"), "2024-09-29", &["APPROVAL_OVERDUE"]),
        ("6 months", admitted("2024-03-31"), "2024-09-30", &["APPROVAL_SEVERELY_OVERDUE"]),
        ("approved", with(admitted("2024-03-31"), |v| v.approved_on = Some(d("2024-10-10"))), "2024-10-10", &[]),
        ("approved after D", with(admitted("2024-03-31"), |v| v.approved_on = Some(d("2024-10-10"))), "2024-10-09", &["APPROVAL_SEVERELY_OVERDUE"]),
        ("no talk and approval overdue", with(admitted("2024-03-31"), |v| v.talked_on = None), "2024-07-01", &["TALK_OVERDUE", "APPROVAL_OVERDUE"]),
        ("before applying", applied("2024-03-15"), "2024-03-01", &[]),
    ];
    for (what, dev, date, want) in cases {
        let got: Vec<&str> = gaps_at(&dev, d(date)).iter().map(|g| g.code()).collect();
        assert_eq!(got, want, "{what}");
    }
    let gaps = gaps_at(&admitted("2024-03-31"), d("2024-09-30"));
    assert_eq!(gaps[0].severity(), Severity::Error);
    assert!(gaps[0]
        .message(Lang::Zh)
        .contains("2024年3月31日支部大会接收为预备党员，已满 6 个月尚未审批（细则第二十五条"));
    assert!(gaps[0].message(Lang::En).contains("2024-03-31"));
    let talk = gaps_at(&applied("2024-01-31"), d("2024-02-29"));
    assert_eq!(talk[0].severity(), Severity::Warning);
    assert!(talk[0]
        .message(Lang::Zh)
        .contains("2024年1月31日递交入党申请已满 1 个月，尚未记录谈话（细则第七条"));
    let review = gaps_at(&activist("2023-08-31", &[]), d("2024-02-29"));
    assert_eq!(review[0].severity(), Severity::Info);
    assert!(review[0]
        .message(Lang::Zh)
        .contains("自 2023年8月31日 起已满半年未考察"));
    let overdue = gaps_at(&admitted("2024-03-31"), d("2024-06-30"));
    assert_eq!(overdue[0].severity(), Severity::Warning);
}

/// The State Council's calendar: the 2024 National Day week, the 2020
/// Spring Festival as extended, 2015's 3 September, a year not shipped,
/// and the clerk's entries overriding the shipped ones (the last of a date).
#[test]
fn working_days_rule_table() {
    let entry = |date: &str, kind| Holiday {
        date: d(date),
        kind,
    };
    let (hol, work) = (HolidayKind::Holiday, HolidayKind::Workday);
    #[rustfmt::skip]
    let days: Vec<(&str, Vec<Holiday>, bool)> = vec![
        ("2024-09-27", vec![], true),   // Friday
        ("2024-09-28", vec![], false),  // Saturday
        ("2024-09-29", vec![], true),   // Sunday worked
        ("2024-09-30", vec![], true),
        ("2024-10-01", vec![], false),
        ("2024-10-04", vec![], false),
        ("2024-10-07", vec![], false),  // Monday off
        ("2024-10-08", vec![], true),
        ("2024-10-12", vec![], true),   // Saturday worked
        ("2024-10-13", vec![], false),
        ("2020-01-31", vec![], false),  // the extended Spring Festival
        ("2020-02-01", vec![], false),  // a working Saturday in the first notice
        ("2020-02-03", vec![], true),
        ("2015-09-03", vec![], false),
        ("2015-09-06", vec![], true),
        ("2030-10-01", vec![], true),   // not shipped: a Tuesday
        ("2030-10-01", vec![entry("2030-10-01", hol)], false),
        ("2024-10-12", vec![entry("2024-10-12", hol)], false),
        ("2024-10-05", vec![entry("2024-10-05", work)], true),
        ("2024-10-05", vec![entry("2024-10-05", work), entry("2024-10-05", hol)], false),
        ("2024-10-05", vec![entry("2024-10-06", work)], false),
    ];
    for (date, extra, want) in days {
        assert_eq!(is_working_day(d(date), &extra), want, "{date} {extra:?}");
    }
    #[rustfmt::skip]
    let spans: Vec<(&str, &str, Vec<Holiday>, u32)> = vec![
        ("2024-09-23", "2024-09-27", vec![], 5),  // Monday to Friday
        ("2024-09-23", "2024-09-29", vec![], 6),  // and the working Sunday
        ("2024-09-26", "2024-10-07", vec![], 4),
        ("2024-09-26", "2024-10-08", vec![], 5),
        ("2024-10-01", "2024-10-07", vec![], 0),
        ("2024-10-01", "2024-10-07", vec![entry("2024-10-07", work)], 1),
        ("2024-10-08", "2024-10-08", vec![], 1),
        ("2024-10-08", "2024-10-07", vec![], 0),  // to before from
        ("2024-10-06", "2024-10-12", vec![], 5),
    ];
    for (from, to, extra, want) in spans {
        assert_eq!(
            working_days_between(d(from), d(to), &extra),
            want,
            "{from}..{to}"
        );
    }
    assert_eq!(
        nth_working_day(d("2024-09-26"), 5, &[]),
        Some(d("2024-10-08"))
    );
    assert_eq!(
        nth_working_day(d("2024-10-01"), 1, &[]),
        Some(d("2024-10-08"))
    );
    assert_eq!(
        nth_working_day(d("2024-09-23"), 5, &[]),
        Some(d("2024-09-27"))
    );
}

#[test]
fn pipeline_counts_each_record_at_its_stage() {
    let v = valid();
    let records = vec![
        Development {
            activist_on: None,
            target_on: None,
            ..Development {
                applied_on: Some(d("2022-03-01")),
                ..Development::default()
            }
        },
        Development {
            target_on: None,
            admitted_on: None,
            approved_on: None,
            ..v.clone()
        },
        Development {
            admitted_on: None,
            approved_on: None,
            ..v.clone()
        },
        Development {
            approved_on: None,
            ..v.clone()
        },
        v.clone(),
        Development {
            dropped_on: Some(d("2023-01-01")),
            approved_on: None,
            ..v.clone()
        },
        Development {
            applied_on: Some(d("2030-01-01")),
            ..Development::default()
        },
    ];
    assert_eq!(
        pipeline_at(&records, d("2024-01-01")),
        Pipeline {
            applicants: 1,
            activists: 1,
            targets: 1,
            admitted: 1,
            approved: 1,
            dropped: 1
        }
    );
    // On 2023-07-20 the approved record was only admitted.
    let p = pipeline_at(&records, d("2023-07-20"));
    assert_eq!((p.admitted, p.approved), (2, 0));
    assert_eq!(pipeline_at(&records, d("2022-02-28")), Pipeline::default());
}

/// A random candidate's development, as offsets in days.
#[derive(Debug, Clone)]
struct Plan {
    roster: bool,
    /// Days past 18 on applying.
    older: u64,
    applied: u64,
    talk: Option<u64>,
    activist: u64,
    reviews: Vec<u64>,
    contacts: usize,
    target: u64,
    reviewed: u64,
    training: (bool, u32),
    publicity: u64,
    publicity_longer: u64,
    pre_review: u64,
    admit: u64,
    approve: Option<u64>,
    /// Dropped after this many steps, this many days after the last date.
    drop: Option<(usize, u64)>,
    /// The clerk's entries: days after the 公示 begins, and their kinds.
    holidays: Vec<(u64, bool)>,
    /// Days between a stage and the day it is recorded.
    slack: Vec<u64>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        (
            any::<bool>(),
            0u64..20_000,
            0u64..4_000,
            proptest::option::of(0u64..60),
            0u64..400,
        ),
        (
            proptest::collection::vec(0u64..365, 0..3),
            1usize..=2,
            0u64..400,
            0u64..60,
            (any::<bool>(), 0u32..10),
        ),
        (
            0u64..60,
            0u64..5,
            0u64..30,
            0u64..60,
            proptest::option::of(0u64..200),
        ),
        (
            proptest::option::of((0usize..11, 0u64..100)),
            proptest::collection::vec((0u64..20, any::<bool>()), 0..3),
        ),
        proptest::collection::vec(0u64..30, 11),
    )
        .prop_map(|(a, b, c, (drop, holidays), slack)| Plan {
            roster: a.0,
            older: a.1,
            applied: a.2,
            talk: a.3,
            activist: a.4,
            reviews: b.0,
            contacts: b.1,
            target: b.2,
            reviewed: b.3,
            training: b.4,
            publicity: c.0,
            publicity_longer: c.1,
            pre_review: c.2,
            admit: c.3,
            approve: c.4,
            drop,
            holidays,
            slack,
        })
}

fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date + Days::new(days)
}

/// The record at each step of the plan, with the person and the clerk's
/// entries: applying, the talk, activist (with contacts), the reviews,
/// target (with introducers), the political review, the training, the
/// 公示, the pre-review, admission (with the membership), approval.
fn steps(p: &Plan) -> (Person, Vec<Holiday>, Vec<Development>, Vec<Person>) {
    let applied = plus(d("2013-01-01"), p.applied);
    let adult = parkreg_core::rules::facts::add_years(applied - Days::new(p.older), -18);
    let person = Person {
        birth_date: Some(BirthDate::Day(adult)),
        ..candidate("1990-01-01")
    };
    let talked = p.talk.map(|t| plus(applied, t));
    let activist = plus(talked.unwrap_or(applied), p.activist);
    let target = plus(parkreg_core::rules::facts::add_years(activist, 1), p.target);
    let reviewed = plus(target, p.reviewed);
    let from = plus(target, p.publicity);
    let holidays: Vec<Holiday> = p
        .holidays
        .iter()
        .map(|&(at, work)| Holiday {
            date: plus(from, at),
            kind: if work {
                HolidayKind::Workday
            } else {
                HolidayKind::Holiday
            },
        })
        .collect();
    let to = plus(
        nth_working_day(from, 5, &holidays).unwrap(),
        p.publicity_longer,
    );
    let pre = plus(reviewed, p.pre_review);
    let admitted = plus(pre.max(to), p.admit);
    let mut dev = Development {
        org: Some("o1".into()),
        applied_on: Some(applied),
        ..Development::default()
    };
    let mut out = vec![dev.clone()];
    let mut people = vec![person.clone()];
    let mut record = |dev: &Development, person: &Person| {
        out.push(dev.clone());
        people.push(person.clone());
    };
    dev.talked_on = talked;
    record(&dev, &person);
    dev.activist_on = Some(activist);
    dev.contacts = ["m1", "m2"][..p.contacts]
        .iter()
        .map(|s| s.to_string())
        .collect();
    record(&dev, &person);
    dev.reviews = p.reviews.iter().map(|&r| plus(activist, r)).collect();
    record(&dev, &person);
    dev.target_on = Some(target);
    dev.introducers = vec!["m2".into(), "m3".into()];
    record(&dev, &person);
    dev.reviewed_on = Some(reviewed);
    record(&dev, &person);
    if p.training.0 {
        dev.training_days = Some(3 + p.training.1);
    } else {
        dev.training_hours = Some(24 + p.training.1);
    }
    record(&dev, &person);
    dev.publicity_from = Some(from);
    dev.publicity_to = Some(to);
    record(&dev, &person);
    dev.pre_reviewed_on = Some(pre);
    record(&dev, &person);
    dev.admitted_on = Some(admitted);
    let mut admitted_person = person.clone();
    admitted_person.membership = Some(Membership::joined(admitted));
    record(&dev, &admitted_person);
    if let Some(a) = p.approve {
        dev.approved_on = Some(plus(admitted, a));
        record(&dev, &admitted_person);
    }
    (person, holidays, out, people)
}

/// The latest date of a record, but the end of its 公示.
fn last_date(dev: &Development) -> NaiveDate {
    [
        dev.applied_on,
        dev.talked_on,
        dev.activist_on,
        dev.target_on,
        dev.reviewed_on,
        dev.publicity_from,
        dev.pre_reviewed_on,
        dev.admitted_on,
        dev.approved_on,
        dev.dropped_on,
    ]
    .into_iter()
    .flatten()
    .chain(dev.reviews.iter().copied())
    .max()
    .unwrap()
}

#[derive(Debug, Clone, Copy)]
enum Break {
    Underage,
    TalkBeforeApplying,
    TargetTooEarly,
    ContactNotFull,
    OneIntroducer,
    IntroducerNotFull,
    NoPoliticalReview,
    ShortTraining,
    ShortPublicity,
    NoPreReview,
    JoinedAnotherDay,
    ApprovedBeforeAdmitted,
}

const BREAKS: [Break; 12] = [
    Break::Underage,
    Break::TalkBeforeApplying,
    Break::TargetTooEarly,
    Break::ContactNotFull,
    Break::OneIntroducer,
    Break::IntroducerNotFull,
    Break::NoPoliticalReview,
    Break::ShortTraining,
    Break::ShortPublicity,
    Break::NoPreReview,
    Break::JoinedAnotherDay,
    Break::ApprovedBeforeAdmitted,
];

/// Breaks one rule of a complete, approved record; the field it must be
/// refused on.
fn broken(
    b: Break,
    k: u64,
    person: &mut Person,
    dev: &mut Development,
    holidays: &[Holiday],
) -> &'static str {
    let k = k.max(1);
    match b {
        Break::Underage => {
            let adult = parkreg_core::rules::facts::add_years(dev.applied_on.unwrap(), -18);
            person.birth_date = Some(BirthDate::Day(plus(adult, k)));
            "applied_on"
        }
        Break::TalkBeforeApplying => {
            dev.talked_on = Some(dev.applied_on.unwrap() - Days::new(k));
            "talked_on"
        }
        Break::TargetTooEarly => {
            let earliest = parkreg_core::rules::facts::add_years(dev.activist_on.unwrap(), 1);
            dev.target_on = Some(earliest - Days::new(k.min(365)));
            "target_on"
        }
        Break::ContactNotFull => {
            dev.contacts[0] = "np".into();
            "contacts"
        }
        Break::OneIntroducer => {
            dev.introducers.pop();
            "introducers"
        }
        Break::IntroducerNotFull => {
            dev.introducers[1] = "np".into();
            "introducers"
        }
        Break::NoPoliticalReview => {
            dev.reviewed_on = None;
            "reviewed_on"
        }
        Break::ShortTraining => {
            let short = u32::try_from(k % 3).unwrap();
            if dev.training_days.is_some() {
                dev.training_days = Some(short);
                "training_days"
            } else {
                dev.training_hours = Some(short * 8);
                "training_hours"
            }
        }
        Break::ShortPublicity => {
            let from = dev.publicity_from.unwrap();
            dev.publicity_to = Some(nth_working_day(from, 4, holidays).unwrap());
            "publicity_to"
        }
        Break::NoPreReview => {
            dev.pre_reviewed_on = None;
            "pre_reviewed_on"
        }
        Break::JoinedAnotherDay => {
            let admitted = dev.admitted_on.unwrap();
            person.membership = Some(Membership::joined(if k.is_multiple_of(2) {
                admitted - Days::new(k)
            } else {
                plus(admitted, k)
            }));
            "admitted_on"
        }
        Break::ApprovedBeforeAdmitted => {
            dev.approved_on = Some(dev.admitted_on.unwrap() - Days::new(k));
            "approved_on"
        }
    }
}

fn cases() -> u32 {
    std::env::var("PARKREG_DEVELOPMENT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn valid_sequences_are_never_refused(p in plan()) {
        let reg = registry(p.roster);
        let (_, holidays, records, people) = steps(&p);
        let mut stage = None;
        let stop = p.drop.map_or(records.len(), |(n, _)| (n + 1).min(records.len()));
        for (i, (dev, person)) in records.iter().zip(&people).take(stop).enumerate() {
            let today = plus(last_date(dev), p.slack[i]);
            let (fields, text) = fields_of(&reg, person, dev, &holidays, today);
            prop_assert!(fields.is_empty(), "step {i}: {text}\n{dev:?}");
            let now = dev.stage_at(today);
            prop_assert!(now.is_some() && now >= stage, "step {i}: {now:?} after {stage:?}");
            stage = now;
        }
        if let Some((_, after)) = p.drop {
            let mut dev = records[stop - 1].clone();
            if dev.approved_on.is_none() {
                let dropped = plus(last_date(&dev), after);
                dev.dropped_on = Some(dropped);
                let today = plus(dropped, p.slack[10]);
                let (fields, text) = fields_of(&reg, &people[stop - 1], &dev, &holidays, today);
                prop_assert!(fields.is_empty(), "dropped: {text}");
                prop_assert_eq!(dev.stage_at(today), Some(Stage::Dropped));
                prop_assert!(gaps_at(&dev, today).is_empty());
            }
        }
    }

    #[test]
    fn a_broken_rule_is_refused_naming_its_field(
        p in plan(),
        which in 0..BREAKS.len(),
        k in 1u64..400,
    ) {
        let mut p = p;
        p.approve = Some(p.approve.unwrap_or(0));
        let reg = registry(p.roster);
        let (_, holidays, records, people) = steps(&p);
        let (mut dev, mut person) = (records.last().unwrap().clone(), people.last().unwrap().clone());
        let field = broken(BREAKS[which], k, &mut person, &mut dev, &holidays);
        let today = plus(last_date(&dev), 1);
        let (fields, text) = fields_of(&reg, &person, &dev, &holidays, today);
        prop_assert_eq!(fields, BTreeSet::from([field.to_string()]), "{:?}: {}", BREAKS[which], text);
    }
}
