//! Party dues (DOMAIN.md "Party dues"): the monthly dues of every category
//! at every bracket bound, the months a member owes, the payments refused
//! with their field and rule, the arrears boundary and the year's figures
//! as rule tables; and a property test: for random settings and random
//! sequences of payments and reversals, what the checks accept, the
//! paid-up-to month, the arrears and the year's figures equal a direct
//! month-by-month count written here. Cases per run: `PARKREG_DUES_CASES`
//! (default 256).

use chrono::{Datelike, NaiveDate};
use parkreg_core::model::dues::{DuesCategory as C, DuesPayment, DuesSetting, Month};
use parkreg_core::model::{Fen, Membership};
use parkreg_core::rules::dues::{
    check_settings, monthly_dues, replay, Coverage, MemberDues, MonthDues, PaymentState,
};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn setting(from: &str, category: C, base: Option<Fen>, amount: Option<Fen>) -> DuesSetting {
    let approval =
        matches!(category, C::Reduced | C::Exempt).then(|| "2023-12-20 党委会批准".into());
    DuesSetting {
        from_month: m(from),
        category,
        base_fen: base,
        amount_fen: amount,
        approval,
    }
}

fn wage(from: &str, base: Fen) -> DuesSetting {
    setting(from, C::Wage, Some(base), None)
}

fn pay(id: &str, from: &str, to: &str, amount: Fen, paid_on: &str) -> DuesPayment {
    DuesPayment {
        id: id.into(),
        person: "p1".into(),
        from_month: m(from),
        to_month: m(to),
        amount_fen: amount,
        paid_on: d(paid_on),
        voucher: Some(format!("V-{id}")),
        reverses: None,
    }
}

fn reversal(id: &str, of: &DuesPayment, paid_on: &str) -> DuesPayment {
    DuesPayment {
        id: id.into(),
        reverses: Some(of.id.clone()),
        paid_on: d(paid_on),
        voucher: None,
        ..of.clone()
    }
}

/// 中组部 2008 规定 art. 1–7: each category, each bound on both sides, and
/// rounding half up to the fen; an impossible setting names its field.
#[test]
fn monthly_dues_rule_table() {
    let with = |category, base, amount, approval: Option<&str>| DuesSetting {
        from_month: m("2024-01"),
        category,
        base_fen: base,
        amount_fen: amount,
        approval: approval.map(String::from),
    };
    let ok = Some("2024-01-05 支部委员会批准");
    // (what, setting, Ok(fen) or Err(field))
    #[rustfmt::skip]
    let cases: Vec<(&str, DuesSetting, Result<Fen, &str>)> = vec![
        ("wage 3,000.00: 0.5%", with(C::Wage, Some(300_000), None, None), Ok(1_500)),
        ("wage 3,000.01: 1%", with(C::Wage, Some(300_001), None, None), Ok(3_000)),
        ("wage 5,000.00: 1%", with(C::Wage, Some(500_000), None, None), Ok(5_000)),
        ("wage 5,000.01: 1.5%", with(C::Wage, Some(500_001), None, None), Ok(7_500)),
        ("wage 10,000.00: 1.5%", with(C::Wage, Some(1_000_000), None, None), Ok(15_000)),
        ("wage 10,000.01: 2%", with(C::Wage, Some(1_000_001), None, None), Ok(20_000)),
        ("0.5% ending in .5 fen rounds up", with(C::Wage, Some(100_100), None, None), Ok(501)),
        ("0.5% ending in .495 fen rounds down", with(C::Wage, Some(100_099), None, None), Ok(500)),
        ("1% ending in .5 fen rounds up", with(C::Wage, Some(400_050), None, None), Ok(4_001)),
        ("1% ending in .49 fen rounds down", with(C::Wage, Some(400_049), None, None), Ok(4_000)),
        ("1.5% ending in .5 fen rounds up", with(C::Wage, Some(600_100), None, None), Ok(9_002)),
        ("1.5% ending in .495 fen rounds down", with(C::Wage, Some(600_033), None, None), Ok(9_000)),
        ("2% ending in .5 fen rounds up", with(C::Wage, Some(1_000_025), None, None), Ok(20_001)),
        ("the least base: 1 yuan pays 1 fen", with(C::Wage, Some(100), None, None), Ok(1)),
        ("retired 5,000.00: 0.5%", with(C::Retired, Some(500_000), None, None), Ok(2_500)),
        ("retired 5,000.01: 1%", with(C::Retired, Some(500_001), None, None), Ok(5_000)),
        ("retired 0.5% ending in .5", with(C::Retired, Some(100_100), None, None), Ok(501)),
        ("retired 1% ending in .5", with(C::Retired, Some(900_050), None, None), Ok(9_001)),
        ("farmer 0.20", with(C::Farmer, None, Some(20), None), Ok(20)),
        ("farmer 1.00", with(C::Farmer, None, Some(100), None), Ok(100)),
        ("farmer 0.50", with(C::Farmer, None, Some(50), None), Ok(50)),
        ("minimal", with(C::Minimal, None, None, None), Ok(20)),
        ("minimal written out", with(C::Minimal, None, Some(20), None), Ok(20)),
        ("reduced", with(C::Reduced, None, Some(300), ok), Ok(300)),
        ("exempt", with(C::Exempt, None, None, ok), Ok(0)),
        ("exempt with a zero amount", with(C::Exempt, None, Some(0), ok), Ok(0)),
        ("wage without base", with(C::Wage, None, None, None), Err("base_fen")),
        ("retired without base", with(C::Retired, None, None, None), Err("base_fen")),
        ("wage below 1 yuan", with(C::Wage, Some(99), None, None), Err("base_fen")),
        ("wage negative", with(C::Wage, Some(-100), None, None), Err("base_fen")),
        ("wage with an amount", with(C::Wage, Some(300_000), Some(1_500), None), Err("amount_fen")),
        ("wage with an approval", with(C::Wage, Some(300_000), None, ok), Err("approval")),
        ("farmer 0.19", with(C::Farmer, None, Some(19), None), Err("amount_fen")),
        ("farmer 1.01", with(C::Farmer, None, Some(101), None), Err("amount_fen")),
        ("farmer without amount", with(C::Farmer, None, None, None), Err("amount_fen")),
        ("farmer with a base", with(C::Farmer, Some(300_000), Some(50), None), Err("base_fen")),
        ("minimal of 0.50", with(C::Minimal, None, Some(50), None), Err("amount_fen")),
        ("reduced without approval", with(C::Reduced, None, Some(300), None), Err("approval")),
        ("reduced, approval blank", with(C::Reduced, None, Some(300), Some("  ")), Err("approval")),
        ("reduced without amount", with(C::Reduced, None, None, ok), Err("amount_fen")),
        ("reduced to nothing", with(C::Reduced, None, Some(0), ok), Err("amount_fen")),
        ("exempt without approval", with(C::Exempt, None, None, None), Err("approval")),
        ("exempt with an amount", with(C::Exempt, None, Some(100), ok), Err("amount_fen")),
    ];
    for (what, s, want) in cases {
        match (monthly_dues(&s), want) {
            (Ok(got), Ok(fen)) => assert_eq!(got, fen, "{what}"),
            (Err(problems), Err(field)) => {
                assert_eq!(problems.len(), 1, "{what}: {problems:?}");
                assert_eq!(problems[0].field, field, "{what}: {problems:?}");
                assert!(!problems[0].message.is_ascii(), "{what}: in Chinese");
            }
            (got, want) => panic!("{what}: {got:?}, expected {want:?}"),
        }
    }
}

#[test]
fn a_members_settings_are_checked_in_place() {
    let settings = vec![
        wage("2024-01", 300_000),
        setting("2024-06", C::Farmer, None, Some(500)),
        wage("2024-01", 400_000),
    ];
    let problems = check_settings(&settings, "people[2].dues");
    let got: Vec<(String, &str)> = problems
        .iter()
        .map(|p| (p.path.clone(), p.field.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("people[2].dues[1]".to_string(), "amount_fen"),
            ("people[2].dues[2]".to_string(), "from_month"),
        ]
    );
    assert!(problems[1].message.contains("dues[0]"), "{:?}", problems[1]);
    assert!(check_settings(&settings[..1], "x").is_empty());
}

/// Which months a member owes: from the month of joining (probationary
/// members included), under the setting in force, not after leaving or
/// stopping, not while exempt.
#[test]
fn the_months_a_member_owes_rule_table() {
    let joined = Membership::joined(d("2024-03-15"));
    let left_on = |date: &str| Membership {
        left_on: Some(d(date)),
        ..joined.clone()
    };
    let stopped_on = |date: &str| Membership {
        stopped_on: Some(d(date)),
        ..joined.clone()
    };
    let base = vec![wage("2024-01", 300_000)];
    let later = vec![wage("2024-05", 300_000)];
    let changes = vec![
        wage("2024-01", 300_000),
        setting("2024-06", C::Exempt, None, None),
        wage("2024-09", 500_001),
        setting("2024-11", C::Farmer, None, None),
    ];
    let ties = vec![wage("2024-01", 300_000), wage("2024-01", 500_000)];
    let none = vec![];
    // (what, membership, settings, month, owed)
    #[rustfmt::skip]
    let cases: Vec<(&str, Membership, &Vec<DuesSetting>, &str, MonthDues)> = vec![
        ("the month before joining", joined.clone(), &base, "2024-02", MonthDues::NotMember),
        ("the month of joining, probationary", joined.clone(), &base, "2024-03", MonthDues::Due(1_500)),
        ("joined on the 1st", Membership::joined(d("2024-02-01")), &base, "2024-02", MonthDues::Due(1_500)),
        ("joined on the last day", Membership::joined(d("2024-02-29")), &base, "2024-02", MonthDues::Due(1_500)),
        ("before the first setting", joined.clone(), &later, "2024-04", MonthDues::NoSetting),
        ("the first setting's month", joined.clone(), &later, "2024-05", MonthDues::Due(1_500)),
        ("no settings at all", joined.clone(), &none, "2024-05", MonthDues::NoSetting),
        ("left on the 1st: that month free", left_on("2024-08-01"), &base, "2024-08", MonthDues::NotMember),
        ("left on the 1st: the month before owed", left_on("2024-08-01"), &base, "2024-07", MonthDues::Due(1_500)),
        ("left on the 2nd: that month owed", left_on("2024-08-02"), &base, "2024-08", MonthDues::Due(1_500)),
        ("left on the 2nd: the next free", left_on("2024-08-02"), &base, "2024-09", MonthDues::NotMember),
        ("left in the month of joining", left_on("2024-03-20"), &base, "2024-03", MonthDues::Due(1_500)),
        ("stopped on the 1st", stopped_on("2024-08-01"), &base, "2024-08", MonthDues::NotMember),
        ("stopped on the 15th", stopped_on("2024-08-15"), &base, "2024-08", MonthDues::Due(1_500)),
        ("exempt", joined.clone(), &changes, "2024-07", MonthDues::Exempt),
        ("a new base", joined.clone(), &changes, "2024-09", MonthDues::Due(7_500)),
        ("an impossible setting", joined.clone(), &changes, "2024-11", MonthDues::Invalid),
        ("of two from one month, the last listed", joined.clone(), &ties, "2024-04", MonthDues::Due(5_000)),
    ];
    for (what, membership, settings, month, want) in cases {
        let dues = MemberDues::new(&membership, settings);
        assert_eq!(dues.in_month(m(month)), want, "{what}");
    }
    // The first month owed.
    let first = |membership: &Membership, settings: &[DuesSetting]| {
        MemberDues::new(membership, settings).first_due_month()
    };
    assert_eq!(first(&joined, &base), Some(m("2024-03")));
    assert_eq!(first(&joined, &later), Some(m("2024-05")));
    let exempt_first = vec![
        setting("2023-01", C::Exempt, None, None),
        wage("2024-09", 300_000),
    ];
    assert_eq!(first(&joined, &exempt_first), Some(m("2024-09")));
    assert_eq!(first(&joined, &[]), None);
    assert_eq!(first(&left_on("2024-04-01"), &later), None);
}

/// Checks a payment against those already recorded (all applied in order).
fn check_after(
    existing: &[DuesPayment],
    p: &DuesPayment,
    member: Option<MemberDues<'_>>,
) -> Vec<(String, String)> {
    let state = PaymentState::of(existing);
    state
        .check(p, member, d("2024-12-31"), "dues_payments[9]")
        .into_iter()
        .map(|pr| {
            assert_eq!(pr.path, "dues_payments[9]");
            (pr.field, pr.message)
        })
        .collect()
}

/// Each payment refused with its field and rule; 补交 of six past months
/// accepted, seven refused; a month paid twice, a range out of order.
#[test]
fn payments_refused_rule_table() {
    // Joined 2023-01-10; 15 yuan a month; exempt from 2024-09.
    let membership = Membership::joined(d("2023-01-10"));
    let settings = vec![
        wage("2023-01", 300_000),
        setting("2024-09", C::Exempt, None, None),
    ];
    let member = Some(MemberDues::new(&membership, &settings));
    let d1 = pay("d1", "2023-01", "2023-06", 9_000, "2023-06-20");
    let base = vec![d1.clone()];
    let r1 = reversal("r1", &d1, "2023-07-01");
    let reversed = vec![d1.clone(), r1.clone()];
    let none = vec![];
    let with = |f: fn(&mut DuesPayment)| {
        let mut p = pay("n", "2023-07", "2023-08", 3_000, "2023-08-10");
        f(&mut p);
        p
    };
    // (what, existing, payment, None when accepted or Some((field, part)))
    type Case<'a> = (
        &'a str,
        &'a Vec<DuesPayment>,
        DuesPayment,
        Option<(&'a str, &'a str)>,
    );
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("the next months", &base, with(|_| {}), None),
        ("补交 of six past months", &base, pay("n", "2023-07", "2023-12", 9_000, "2024-01-15"), None),
        ("six past months and the current one", &base, pay("n", "2023-07", "2024-01", 10_500, "2024-01-15"), None),
        ("补交 of seven past months", &base, pay("n", "2023-07", "2024-01", 10_500, "2024-02-15"), Some(("from_month", "一次补交最多 6 个月"))),
        ("a month paid twice", &base, pay("n", "2023-06", "2023-07", 3_000, "2023-07-05"), Some(("from_month", "2023-06 已由缴费记录“d1”交纳"))),
        ("inside a paid span", &base, pay("n", "2023-02", "2023-03", 3_000, "2023-07-05"), Some(("from_month", "2023-02 至 2023-03 已由缴费记录“d1”"))),
        ("a range out of order", &base, pay("n", "2023-09", "2023-08", 3_000, "2023-08-10"), Some(("to_month", "连续的月份"))),
        ("less than the dues", &base, with(|p| p.amount_fen = 2_999), Some(("amount_fen", "应交 ¥30.00，本笔 ¥29.99"))),
        ("more than the dues (自愿多交)", &base, with(|p| p.amount_fen = 50_000), None),
        ("nothing", &base, with(|p| p.amount_fen = 0), Some(("amount_fen", "大于 0"))),
        ("twelve months ahead", &base, pay("n", "2023-07", "2024-07", 19_500, "2023-07-01"), None),
        ("thirteen months ahead", &base, pay("n", "2023-07", "2024-08", 21_000, "2023-07-01"), Some(("to_month", "一次预交最多 12 个月"))),
        ("before joining", &none, pay("n", "2022-12", "2023-01", 3_000, "2023-01-20"), Some(("from_month", "2022-12 不是党员"))),
        ("exempt months", &base, pay("n", "2024-08", "2024-09", 3_000, "2024-08-10"), Some(("to_month", "2024-09 经批准免交"))),
        ("dated after today", &base, with(|p| p.paid_on = d("2025-01-01")), Some(("paid_on", "晚于今天"))),
        ("an id used", &base, with(|p| p.id = "d1".into()), Some(("id", "重复"))),
        ("a blank voucher", &base, with(|p| p.voucher = Some(" ".into())), Some(("voucher", "空白"))),
        ("no one named", &base, with(|p| p.person = " ".into()), Some(("person", "须指明"))),
        ("the reversal", &base, r1.clone(), None),
        ("a reversal with a negated amount", &base, DuesPayment { amount_fen: -9_000, ..r1.clone() }, Some(("amount_fen", "不写负数"))),
        ("a reversal of other months", &base, DuesPayment { to_month: m("2023-05"), ..r1.clone() }, Some(("reverses", "完全相同"))),
        ("a reversal of another amount", &base, DuesPayment { amount_fen: 8_999, ..r1.clone() }, Some(("reverses", "完全相同"))),
        ("a reversal before its payment", &base, reversal("r1", &d1, "2023-06-19"), Some(("paid_on", "早于原记录"))),
        ("a reversal of nothing", &base, DuesPayment { reverses: Some("d9".into()), ..r1.clone() }, Some(("reverses", "不存在"))),
        ("reversed twice", &reversed, reversal("r2", &d1, "2023-07-02"), Some(("reverses", "已被冲销过"))),
        ("a reversal reversed", &reversed, reversal("r2", &r1, "2023-07-02"), Some(("reverses", "本身是冲销记录"))),
        ("the months again once reversed", &reversed, pay("n", "2023-01", "2023-06", 9_000, "2023-07-01"), None),
    ];
    for (what, existing, p, want) in cases {
        let got = check_after(existing, &p, member);
        match want {
            None => assert!(got.is_empty(), "{what}: {got:?}"),
            Some((field, part)) => assert!(
                got.len() == 1 && got[0].0 == field && got[0].1.contains(part),
                "{what}: {got:?}, expected {field}: {part}"
            ),
        }
    }
    // Not on the roster.
    let got = check_after(&base, &with(|_| {}), None);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "person");
    // The invariants hold over the list that passed; a list with a month
    // paid twice is caught on the replay.
    let ok = vec![
        d1.clone(),
        r1,
        pay("n", "2023-01", "2023-06", 9_000, "2023-07-01"),
    ];
    assert!(replay(&ok, d("2024-12-31")).is_empty());
    let twice = vec![
        d1.clone(),
        pay("n", "2023-06", "2023-07", 3_000, "2023-07-05"),
    ];
    let problems = replay(&twice, d("2024-12-31"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].location(), "dues_payments[1].from_month");
}

/// 党章 art. 9: five complete unpaid months are no gap, six are; D's own
/// month never counts; payments and reversals count from their dates;
/// exempt members never; months not owed neither count nor break the run.
#[test]
fn arrears_boundary_rule_table() {
    let joined = Membership::joined(d("2023-01-10"));
    let left = Membership {
        left_on: Some(d("2023-12-01")),
        ..joined.clone()
    };
    let wage_only = vec![wage("2023-01", 300_000)];
    let exempt = vec![setting("2023-01", C::Exempt, None, None)];
    let exempt_later = vec![
        wage("2023-01", 300_000),
        setting("2024-01", C::Exempt, None, None),
    ];
    let exempt_between = vec![
        wage("2023-01", 300_000),
        setting("2023-07", C::Exempt, None, None),
        wage("2023-10", 300_000),
    ];
    let d1 = pay("d1", "2023-01", "2023-06", 9_000, "2023-06-20");
    let d2 = pay("d2", "2023-07", "2023-12", 9_000, "2024-01-15");
    let r1 = reversal("r1", &d1, "2023-08-01");
    let autumn = pay("d3", "2023-09", "2023-12", 6_000, "2023-12-20");
    let late_autumn = pay("d3", "2023-10", "2023-12", 4_500, "2023-12-20");
    // (what, membership, settings, payments, D, paid up to, unpaid, gap)
    type Case<'a> = (
        &'a str,
        &'a Membership,
        &'a Vec<DuesSetting>,
        Vec<DuesPayment>,
        &'a str,
        Option<&'a str>,
        u32,
        bool,
    );
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("five months after paid-up-to", &joined, &wage_only, vec![d1.clone()], "2023-12-31", Some("2023-06"), 5, false),
        ("six months after paid-up-to", &joined, &wage_only, vec![d1.clone()], "2024-01-01", Some("2023-06"), 6, true),
        ("nothing paid: five months", &joined, &wage_only, vec![], "2023-06-30", None, 5, false),
        ("nothing paid: six months", &joined, &wage_only, vec![], "2023-07-01", None, 6, true),
        ("a payment dated after D", &joined, &wage_only, vec![d1.clone(), d2.clone()], "2024-01-14", Some("2023-06"), 6, true),
        ("the payment on D", &joined, &wage_only, vec![d1.clone(), d2.clone()], "2024-01-15", Some("2023-12"), 0, false),
        ("before the reversal", &joined, &wage_only, vec![d1.clone(), r1.clone()], "2023-07-31", Some("2023-06"), 0, false),
        ("after the reversal", &joined, &wage_only, vec![d1.clone(), r1.clone()], "2024-01-01", None, 12, true),
        ("a hole after paid-up-to", &joined, &wage_only, vec![d1.clone(), autumn.clone()], "2024-02-01", Some("2023-06"), 3, false),
        ("exempt from the start", &joined, &exempt, vec![], "2025-01-01", None, 0, false),
        ("exempt at D after six unpaid", &joined, &exempt_later, vec![d1.clone()], "2024-02-01", Some("2023-06"), 6, false),
        ("left: no longer a member at D", &left, &wage_only, vec![], "2024-06-01", None, 11, false),
        ("exempt months do not break the run", &joined, &exempt_between, vec![d1.clone(), late_autumn], "2024-01-20", Some("2023-12"), 0, false),
    ];
    for (what, membership, settings, payments, date, paid_up_to, unpaid, gap) in cases {
        let dues = MemberDues::new(membership, settings);
        let cover = Coverage::at(&payments, "p1", d(date));
        let a = dues.arrears_at(&cover, d(date));
        assert_eq!(a.paid_up_to, paid_up_to.map(m), "{what}: paid up to");
        assert_eq!(a.unpaid_months, unpaid, "{what}: unpaid months");
        assert_eq!(a.gap, gap, "{what}: gap");
    }
    // Other people's payments cover nothing.
    let other = DuesPayment {
        person: "p2".into(),
        ..d1.clone()
    };
    let cover = Coverage::at(&[other], "p1", d("2024-01-01"));
    assert!(!cover.covers(m("2023-01")));
}

#[test]
fn the_years_figures_rule_table() {
    let joined = Membership::joined(d("2024-03-15"));
    let settings = vec![wage("2024-01", 300_000), wage("2024-05", 500_001)];
    let dues = MemberDues::new(&joined, &settings);
    let payments = vec![
        pay("d1", "2024-03", "2024-04", 3_000, "2024-04-10"),
        pay("d2", "2024-05", "2024-05", 8_000, "2024-06-20"),
    ];
    // (D, due, paid, months listed); a covered month counts at its dues.
    for (date, due, paid, months) in [
        ("2024-02-29", 0, 0, 2),
        ("2024-04-09", 3_000, 0, 4),
        ("2024-04-10", 3_000, 3_000, 4),
        ("2024-06-19", 18_000, 3_000, 6),
        ("2024-06-20", 18_000, 10_500, 6),
        ("2024-12-31", 63_000, 10_500, 12),
    ] {
        let cover = Coverage::at(&payments, "p1", d(date));
        let y = dues.year_at(&cover, d(date));
        assert_eq!(
            (y.total.due, y.total.paid, y.total.owed, y.months.len()),
            (due, paid, due - paid, months),
            "{date}"
        );
        assert_eq!(y.months[0].0, m("2024-01"));
        let sum: Fen = y.months.iter().map(|(_, f)| f.due).sum();
        assert_eq!(sum, due, "{date}");
    }
    // The year of D only: last year's payments and dues are not in it.
    let cover = Coverage::at(&payments, "p1", d("2025-02-01"));
    let y = dues.year_at(&cover, d("2025-02-01"));
    assert_eq!((y.total.due, y.total.paid), (15_000, 0));
}

// ---- The property test: everything against a direct count. ----

/// A month as a number (year × 12 + month − 1), the direct count's own.
fn ix(month: Month) -> i32 {
    month.year() * 12 + month.month() as i32 - 1
}

fn month_at(i: i32) -> Month {
    Month::new(i.div_euclid(12), i.rem_euclid(12) as u32 + 1).unwrap()
}

const START: i32 = 2020 * 12; // 2020-01
const SPAN: i32 = 72; // to 2025-12
const TODAY: &str = "2025-12-31";

fn date_in(i: i32, day: u32) -> NaiveDate {
    let month = month_at(i);
    NaiveDate::from_ymd_opt(month.year(), month.month(), day).unwrap()
}

/// The dues of a month as the table reads: the member holds the month
/// (member on its first day, or joined in it and not gone that day), the
/// setting of the latest start not after it (the last listed of equals),
/// and the bracket's share rounded half up.
fn direct_due(mem: &Membership, settings: &[DuesSetting], i: i32) -> Option<Fen> {
    let month = month_at(i);
    let first = NaiveDate::from_ymd_opt(month.year(), month.month(), 1).unwrap();
    let gone = |day: NaiveDate| {
        mem.left_on.is_some_and(|l| l <= day) || mem.stopped_on.is_some_and(|s| s <= day)
    };
    let joined_in = mem.joined_on.year() == month.year() && mem.joined_on.month() == month.month();
    let holds = (mem.joined_on <= first && !gone(first)) || (joined_in && !gone(mem.joined_on));
    if !holds {
        return None;
    }
    let mut in_force = None;
    for s in settings {
        if ix(s.from_month) <= i
            && in_force.is_none_or(|t: &DuesSetting| ix(t.from_month) <= ix(s.from_month))
        {
            in_force = Some(s);
        }
    }
    let s = in_force?;
    // Per mille × 10 (0.5% = 5), rounded half up.
    let share = |base: Fen, tenths_of_percent: Fen| (2 * base * tenths_of_percent + 1_000) / 2_000;
    match s.category {
        C::Wage => {
            let b = s.base_fen.unwrap();
            let t = if b <= 3_000 * 100 {
                5
            } else if b <= 5_000 * 100 {
                10
            } else if b <= 10_000 * 100 {
                15
            } else {
                20
            };
            Some(share(b, t))
        }
        C::Retired => {
            let b = s.base_fen.unwrap();
            Some(share(b, if b <= 5_000 * 100 { 5 } else { 10 }))
        }
        C::Farmer | C::Reduced => s.amount_fen,
        C::Minimal => Some(20),
        C::Exempt => None,
    }
}

#[derive(Debug, Clone)]
enum Op {
    /// Paid in month `at` (offset), on `day`; from `at + back` for `len`
    /// months (0: a range out of order); `adjust` picks the amount.
    Pay {
        at: i32,
        day: u32,
        back: i32,
        len: i32,
        adjust: u8,
    },
    /// Pays from the first owed month not yet paid, `lag` months before
    /// the month of payment: most payments follow on, as clerks record them.
    PayNext {
        lag: i32,
        day: u32,
        len: i32,
        adjust: u8,
    },
    /// Reverses the accepted payment picked by `pick`, `days` after it.
    Reverse { pick: usize, days: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..SPAN + 3, 1u32..29, -9i32..3, 0i32..9, 0u8..6)
            .prop_map(|(at, day, back, len, adjust)| Op::Pay { at, day, back, len, adjust }),
        4 => (-3i32..9, 1u32..29, 1i32..9, 0u8..6)
            .prop_map(|(lag, day, len, adjust)| Op::PayNext { lag, day, len, adjust }),
        1 => (any::<usize>(), -20i64..90).prop_map(|(pick, days)| Op::Reverse { pick, days }),
    ]
}

/// Wage earners most often; exemptions often enough to fall inside runs.
fn category() -> impl Strategy<Value = usize> {
    prop_oneof![3 => Just(0usize), 1 => Just(1), 1 => Just(2), 1 => Just(3), 1 => Just(4), 2 => Just(5)]
}

fn a_setting() -> impl Strategy<Value = DuesSetting> {
    let base = prop_oneof![
        Just(300_000i64),
        Just(300_001),
        Just(500_000),
        Just(500_001),
        Just(1_000_000),
        Just(1_000_001),
        100i64..2_000_000,
    ];
    (0..SPAN, category(), base, 20i64..=100, 1i64..5_000).prop_map(
        |(from, c, base, farm, reduced)| {
            let category = C::ALL[c];
            let mut s = DuesSetting {
                from_month: month_at(START + from),
                category,
                base_fen: None,
                amount_fen: None,
                approval: None,
            };
            match category {
                C::Wage | C::Retired => s.base_fen = Some(base),
                C::Farmer => s.amount_fen = Some(farm),
                C::Minimal => {}
                C::Reduced => s.amount_fen = Some(reduced),
                C::Exempt => {}
            }
            if matches!(category, C::Reduced | C::Exempt) {
                s.approval = Some("批准".into());
            }
            s
        },
    )
}

fn a_membership() -> impl Strategy<Value = Membership> {
    (
        0..SPAN - 6,
        1u32..29,
        proptest::option::of((0..48i32, 1u32..29, any::<bool>())),
    )
        .prop_map(|(joined, day, end)| {
            let mut mem = Membership::joined(date_in(START + joined, day));
            if let Some((after, day, left)) = end {
                let on = date_in(START + joined + after, day).max(mem.joined_on);
                if left {
                    mem.left_on = Some(on);
                } else {
                    mem.stopped_on = Some(on);
                }
            }
            mem
        })
}

fn cases() -> u32 {
    std::env::var("PARKREG_DUES_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn payments_and_standing_equal_a_direct_count(
        mem in a_membership(),
        settings in proptest::collection::vec(a_setting(), 1..5),
        ops in proptest::collection::vec(op(), 0..30),
        dates in proptest::collection::vec((0..SPAN + 1, 1u32..29), 1..5),
    ) {
        let today = d(TODAY);
        let dues = MemberDues::new(&mem, &settings);
        let due = |i: i32| direct_due(&mem, &settings, i);
        let mut accepted: Vec<DuesPayment> = Vec::new();
        for (n, op) in ops.into_iter().enumerate() {
            let id = format!("x{n}");
            let op = match op {
                Op::PayNext { lag, day, len, adjust } => {
                    let covered = covered_months(&accepted, None);
                    let next = (START - 12..START + SPAN + 12)
                        .find(|i| due(*i).is_some() && !covered.contains(i));
                    let Some(from) = next else { continue };
                    Op::Pay { at: from + lag - START, day, back: -lag, len, adjust }
                }
                other => other,
            };
            let (p, expect) = match op {
                Op::Pay { at, day, back, len, adjust } => {
                    let paid_on = date_in(START + at, day);
                    let from = START + at + back;
                    let to = from + len - 1;
                    let months: Vec<i32> = (from..=to).collect();
                    let sum: Fen = months.iter().filter_map(|&i| due(i)).sum();
                    let amount = match (adjust, sum) {
                        (_, 0) => 100,
                        (0, _) => sum - 1,
                        (1, _) => sum + 37,
                        _ => sum,
                    };
                    let covered: BTreeSet<i32> = covered_months(&accepted, None);
                    let now = START + at;
                    let back_months = months.iter().filter(|&&i| i < now).count();
                    let ahead_months = months.iter().filter(|&&i| i > now).count();
                    let expect = len >= 1
                        && paid_on <= today
                        && back_months <= 6
                        && ahead_months <= 12
                        && months.iter().all(|i| !covered.contains(i) && due(*i).is_some())
                        && amount >= sum;
                    let p = DuesPayment {
                        id,
                        person: "p1".into(),
                        from_month: month_at(from),
                        to_month: month_at(to),
                        amount_fen: amount,
                        paid_on,
                        voucher: None,
                        reverses: None,
                    };
                    (p, expect)
                }
                Op::PayNext { .. } => unreachable!("made a Pay above"),
                Op::Reverse { pick, days } => {
                    if accepted.is_empty() {
                        continue;
                    }
                    let orig = &accepted[pick % accepted.len()];
                    let paid_on = orig.paid_on + chrono::Duration::days(days);
                    let already = accepted.iter().any(|q| q.reverses.as_deref() == Some(&orig.id));
                    let expect = orig.reverses.is_none() && !already && days >= 0 && paid_on <= today;
                    (reversal(&id, orig, &paid_on.to_string()), expect)
                }
            };
            let state = PaymentState::of(&accepted);
            let problems = state.check(&p, Some(dues), today, "p");
            prop_assert_eq!(problems.is_empty(), expect, "{:?}: {:?}", p, problems);
            if expect {
                accepted.push(p);
            }
        }
        prop_assert!(replay(&accepted, today).is_empty());
        for (at, day) in dates {
            let on = date_in(START + at, day);
            let now = START + at;
            let covered = covered_months(&accepted, Some(on));
            // Paid up to: the run of covered owed months from the first.
            let first = (START - 12..START + SPAN + 24).find(|&i| due(i).is_some());
            let mut paid_up_to = None;
            if let Some(first) = first {
                for i in first..START + SPAN + 24 {
                    if due(i).is_some() {
                        if !covered.contains(&i) {
                            break;
                        }
                        paid_up_to = Some(i);
                    }
                }
            }
            // Unpaid: owed months after paid-up-to (or from the first owed
            // month), before D's month, not covered.
            let start = paid_up_to.map(|i| i + 1).or(first).unwrap_or(now);
            let unpaid = (start..now).filter(|&i| due(i).is_some() && !covered.contains(&i)).count();
            let member_at = mem.joined_on <= on
                && mem.left_on.is_none_or(|l| l > on)
                && mem.stopped_on.is_none_or(|s| s > on);
            let gap = member_at && due(now).is_some() && unpaid >= 6;
            let cover = Coverage::at(&accepted, "p1", on);
            let a = dues.arrears_at(&cover, on);
            prop_assert_eq!(a.paid_up_to, paid_up_to.map(month_at), "paid up to at {}", on);
            prop_assert_eq!(a.unpaid_months as usize, unpaid, "unpaid at {}", on);
            prop_assert_eq!(a.gap, gap, "gap at {}", on);
            prop_assert_eq!(dues.paid_up_to(&cover), a.paid_up_to);
            // The year's figures, month by month.
            let year = dues.year_at(&cover, on);
            let january = on.year() * 12;
            prop_assert_eq!(year.months.len(), (now - january + 1) as usize);
            let (mut due_sum, mut paid_sum) = (0, 0);
            for (k, (month, f)) in year.months.iter().enumerate() {
                let i = january + k as i32;
                let owed = due(i).unwrap_or(0);
                let paid = if covered.contains(&i) { owed } else { 0 };
                prop_assert_eq!(ix(*month), i);
                prop_assert_eq!((f.due, f.paid, f.owed), (owed, paid, owed - paid), "{}", month);
                due_sum += owed;
                paid_sum += paid;
            }
            prop_assert_eq!((year.total.due, year.total.paid, year.total.owed), (due_sum, paid_sum, due_sum - paid_sum));
        }
    }
}

/// The months covered by the accepted payments, as of `on` (every date
/// when `None`): each payment dated by then and not reversed by then.
fn covered_months(accepted: &[DuesPayment], on: Option<NaiveDate>) -> BTreeSet<i32> {
    let by = |p: &DuesPayment| on.is_none_or(|on| p.paid_on <= on);
    let mut out = BTreeSet::new();
    for p in accepted.iter().filter(|p| p.reverses.is_none() && by(p)) {
        let undone = accepted
            .iter()
            .any(|q| q.reverses.as_deref() == Some(p.id.as_str()) && by(q));
        if !undone {
            for i in ix(p.from_month)..=ix(p.to_month) {
                out.insert(i);
            }
        }
    }
    out
}
