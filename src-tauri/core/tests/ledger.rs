//! The money rules through the store: every invariant refused with its
//! exact message and the ledger unchanged, and a property test over random
//! sequences of operations.

mod common;

use chrono::Datelike;
use common::*;
use parkreg_core::model::*;
use parkreg_core::rules::ledger::{report, reversal_of, year_totals, LedgerState};
use parkreg_core::store::Store;
use proptest::prelude::*;

const TODAY: &str = "2024-12-31";

/// A park with: `b` a new branch over a non-public unit (eligible), `s` a
/// branch over a state-owned unit, `old` founded before 2012, `pc` the park
/// committee. Budget 2024: 10,000 yuan.
fn fixture() -> Registry {
    let mut reg = park();
    reg.budgets.retain(|b| b.year != 2024);
    reg.budgets.push(Budget {
        year: 2024,
        amount_fen: 1_000_000,
        source: "区管党费".into(),
    });
    reg.units.push(unit("u1", 3));
    let mut state = unit("u2", 3);
    state.ownership = Ownership::State;
    reg.units.push(state);
    reg.units.push(unit("u3", 3));
    reg.organizations
        .push(org("b", OrgKind::Branch, &["u1"], "2024-01-01"));
    reg.organizations
        .push(org("s", OrgKind::Branch, &["u2"], "2024-01-01"));
    reg.organizations
        .push(org("old", OrgKind::Branch, &["u3"], "2011-01-01"));
    reg
}

fn store_with(reg: &Registry) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store.replace(reg, "test", "fixture").unwrap();
    (dir, store)
}

/// Appends `entries` in order (all must pass), then `bad`, which must be
/// refused with exactly `message` and leave the ledger as it was.
fn refused(entries: &[LedgerEntry], bad: LedgerEntry, message: &str) {
    let (_dir, mut store) = store_with(&fixture());
    for e in entries {
        store
            .append_entry(e.clone(), d(TODAY))
            .unwrap_or_else(|err| panic!("{} refused: {err}", e.id));
    }
    let before = store.registry().unwrap().ledger.clone();
    let audits = store.history(1000).unwrap().len();
    let err = store
        .append_entry(bad.clone(), d(TODAY))
        .expect_err(&bad.id);
    let text = err.to_string();
    assert!(
        text.contains(message),
        "{}: expected {message:?}, got {text}",
        bad.id
    );
    assert_eq!(store.registry().unwrap().ledger, before);
    assert_eq!(store.history(1000).unwrap().len(), audits);
}

fn starter(id: &str, date: &str, org: &str) -> LedgerEntry {
    pay(id, date, Purpose::StarterFund, Some(org), 200_000)
}

#[test]
fn every_invariant_is_refused_with_its_message() {
    let first = starter("d1", "2024-02-01", "b");
    let rev = reversal("d2", "2024-03-01", &first);
    let cases: Vec<(&str, Vec<LedgerEntry>, LedgerEntry, &str)> = vec![
        (
            "net over budget",
            vec![pay("d1", "2024-02-01", Purpose::Activity, None, 900_000)],
            pay("d2", "2024-02-02", Purpose::Training, None, 100_001),
            "超出 2024 年预算：预算 ¥10,000.00，已支出 ¥9,000.00，余额 ¥1,000.00，本笔 ¥1,000.01",
        ),
        (
            "a year without a budget has the default",
            vec![],
            pay("d1", "2019-05-01", Purpose::Activity, None, 10_000_001),
            "超出 2019 年预算：预算 ¥100,000.00，已支出 ¥0.00，余额 ¥100,000.00，本笔 ¥100,000.01",
        ),
        (
            "starter fund below the minimum",
            vec![],
            pay("d1", "2024-02-01", Purpose::StarterFund, Some("b"), 199_999),
            "启动资金至少 ¥2,000.00，本笔 ¥1,999.99",
        ),
        (
            "starter fund without organization",
            vec![],
            pay("d1", "2024-02-01", Purpose::StarterFund, None, 200_000),
            "启动资金必须指定党组织",
        ),
        (
            "state-owned unit is not eligible",
            vec![],
            starter("d1", "2024-02-01", "s"),
            "“党组织s”在 2024-02-01 不符合启动资金条件",
        ),
        (
            "founded before the starter-fund date",
            vec![],
            starter("d1", "2024-02-01", "old"),
            "“党组织old”在 2024-02-01 不符合启动资金条件",
        ),
        (
            "the park committee has no parent",
            vec![],
            starter("d1", "2024-02-01", "pc"),
            "不符合启动资金条件",
        ),
        (
            "not yet founded on its date",
            vec![],
            starter("d1", "2023-12-31", "b"),
            "“党组织b”在 2023-12-31 不符合启动资金条件",
        ),
        (
            "unknown organization",
            vec![],
            starter("d1", "2024-02-01", "zz"),
            "党组织“zz”不存在",
        ),
        (
            "a second unreversed starter fund",
            vec![first.clone()],
            starter("d2", "2024-04-01", "b"),
            "“党组织b”已领取启动资金（记录 d1），未冲销前不能再发",
        ),
        (
            "voucher used twice",
            vec![pay("d1", "2024-02-01", Purpose::Activity, None, 100)],
            LedgerEntry {
                voucher: "V-d1".into(),
                ..pay("d2", "2024-02-01", Purpose::Activity, None, 100)
            },
            "凭证号“V-d1”已被使用",
        ),
        (
            "dated after today",
            vec![],
            pay("d1", "2025-01-01", Purpose::Activity, None, 100),
            "日期 2025-01-01 晚于今天 2024-12-31",
        ),
        (
            "zero amount",
            vec![],
            pay("d1", "2024-02-01", Purpose::Activity, None, 0),
            "金额必须大于 0",
        ),
        (
            "negative amount",
            vec![],
            pay("d1", "2024-02-01", Purpose::Activity, None, -5),
            "金额必须大于 0",
        ),
        (
            "reversing twice",
            vec![first.clone(), rev.clone()],
            reversal("d3", "2024-03-02", &first),
            "“d1”已被冲销过",
        ),
        (
            "reversing a reversal",
            vec![first.clone(), rev.clone()],
            reversal("d3", "2024-03-02", &rev),
            "“d2”本身是冲销记录，不能再冲销",
        ),
        (
            "reversal before the original",
            vec![first.clone()],
            reversal("d2", "2024-01-31", &first),
            "冲销日期 2024-01-31 早于原记录日期 2024-02-01",
        ),
        (
            "reversal of another amount",
            vec![first.clone()],
            LedgerEntry {
                amount_fen: 100_000,
                ..reversal("d2", "2024-03-01", &first)
            },
            "冲销须与“d1”的用途、党组织和金额完全相同",
        ),
        (
            "reversal of nothing",
            vec![],
            reversal("d2", "2024-03-01", &first),
            "要冲销的记录“d1”不存在",
        ),
        (
            "duplicate id",
            vec![first.clone()],
            LedgerEntry {
                voucher: "other".into(),
                ..pay("d1", "2024-02-01", Purpose::Activity, None, 100)
            },
            "编号“d1”重复",
        ),
    ];
    for (name, before, bad, message) in cases {
        eprintln!("case: {name}");
        refused(&before, bad, message);
    }
}

#[test]
fn a_reversal_reopens_the_starter_fund_and_counts_in_the_original_year() {
    let mut reg = fixture();
    // The sample has a 2025 budget already; a year has one budget.
    reg.budgets.retain(|b| b.year != 2025);
    reg.budgets.push(Budget {
        year: 2025,
        amount_fen: 1_000_000,
        source: String::new(),
    });
    let (_dir, mut store) = store_with(&reg);
    let today = d("2025-03-01");
    let d1 = store
        .append_entry(starter("", "2024-12-01", "b"), today)
        .unwrap();
    let r = reversal_of(
        &store.registry().unwrap(),
        &d1,
        "误付",
        None,
        d("2025-01-05"),
    )
    .unwrap();
    assert_eq!(r.voucher, "R-V-");
    let r = LedgerEntry {
        voucher: "R-1".into(),
        ..r
    };
    store.append_entry(r, today).unwrap();
    let again = LedgerEntry {
        voucher: "V-2".into(),
        ..starter("", "2025-01-10", "b")
    };
    store.append_entry(again, today).unwrap();
    let reg = store.registry().unwrap();
    let y2024 = year_totals(&reg, 2024, today);
    assert_eq!(
        (y2024.disbursed_fen, y2024.reversed_fen, y2024.net_fen),
        (200_000, 200_000, 0)
    );
    let y2025 = year_totals(&reg, 2025, today);
    assert_eq!((y2025.net_fen, y2025.balance_fen), (200_000, 800_000));
    let rep = report(&reg, None, today);
    assert_eq!(rep.ledger[0].reversed_by.as_deref(), Some("d2"));
    assert_eq!(
        rep.ledger
            .iter()
            .map(|l| l.balance_after_fen)
            .collect::<Vec<_>>(),
        vec![800_000, 1_000_000, 800_000]
    );
    assert!(rep.starter_fund_owed.is_empty());
    assert!(reversal_of(&reg, "d1", "  ", None, today)
        .unwrap_err()
        .to_string()
        .contains("原因"));
}

#[test]
fn budgets_cannot_fall_below_what_was_paid() {
    let (_dir, mut store) = store_with(&fixture());
    store
        .append_entry(
            pay("", "2024-02-01", Purpose::Activity, None, 600_000),
            d(TODAY),
        )
        .unwrap();
    let err = store
        .set_budget(Budget {
            year: 2024,
            amount_fen: 599_999,
            source: String::new(),
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("2024 年预算不能少于已支出的 ¥6,000.00（拟设 ¥5,999.99）"),
        "{err}"
    );
    store
        .set_budget(Budget {
            year: 2024,
            amount_fen: 600_000,
            source: "区管党费".into(),
        })
        .unwrap();
    assert_eq!(store.registry().unwrap().budget_of(2024), 600_000);
}

#[test]
fn owed_starter_funds_are_listed() {
    let reg = fixture();
    let rep = report(&reg, Some(2024), d(TODAY));
    let owed: Vec<&str> = rep
        .starter_fund_owed
        .iter()
        .map(|o| o.org.as_str())
        .collect();
    assert_eq!(owed, vec!["b"]);
    assert_eq!(rep.starter_fund_owed[0].owed_fen, 200_000);
    assert_eq!(rep.years.len(), 1);
}

/// A page of the report: one year (the latest without one), its latest
/// lines, the counts of what was cut.
#[test]
fn a_page_of_the_report_holds_one_years_latest_lines() {
    let mut reg = fixture();
    // The latest year is the latest budgeted or used: 2024 here.
    reg.budgets.retain(|b| b.year <= 2024);
    for (id, date) in [
        ("a1", "2023-03-01"),
        ("a2", "2024-02-01"),
        ("a3", "2024-03-01"),
        ("a4", "2024-04-01"),
    ] {
        reg.ledger
            .push(pay(id, date, Purpose::Activity, None, 10_000));
    }
    let ids = |p: &parkreg_core::rules::ledger::FundPage| -> Vec<String> {
        p.report.ledger.iter().map(|l| l.entry.id.clone()).collect()
    };
    // (year asked for, rows) → (ids shown, the year's count)
    let cases: [(Option<i32>, usize, &[&str], usize); 5] = [
        (None, 10, &["a2", "a3", "a4"], 3),
        (None, 2, &["a3", "a4"], 3),
        (Some(2023), 10, &["a1"], 1),
        (Some(2024), 1, &["a4"], 3),
        (Some(2022), 10, &[], 0),
    ];
    for (year, rows, want, total) in cases {
        let page = report(&reg, year, d(TODAY)).page(year, rows);
        assert_eq!(ids(&page), want, "{year:?} {rows}");
        assert_eq!(page.ledger_total, total, "{year:?} {rows}");
        assert_eq!(page.owed_total, 1);
    }
    let cut = report(&reg, None, d(TODAY)).page(None, 0);
    assert!(cut.report.starter_fund_owed.is_empty());
    assert_eq!(cut.owed_total, 1);
}

#[derive(Debug, Clone)]
enum Op {
    Budget {
        year: i32,
        fen: Fen,
    },
    Pay {
        year: i32,
        day: u32,
        purpose: usize,
        org: usize,
        fen: Fen,
    },
    Reverse {
        pick: usize,
        days_later: u32,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (2023..=2024i32, 0..2_000_000i64).prop_map(|(year, fen)| Op::Budget { year, fen }),
        (
            2023..=2024i32,
            0..365u32,
            0..5usize,
            0..4usize,
            -10..600_000i64
        )
            .prop_map(|(year, day, purpose, org, fen)| Op::Pay {
                year,
                day,
                purpose,
                org,
                fen
            }),
        (0..50usize, 0..40u32).prop_map(|(pick, days_later)| Op::Reverse { pick, days_later }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever is attempted, the ledger only grows, each year's net stays
    /// within its budget, and the reported balances add up to the ledger.
    #[test]
    fn any_sequence_keeps_the_invariants(ops in proptest::collection::vec(op(), 1..40)) {
        let mut reg = fixture();
        reg.budgets.retain(|b| b.year < 2023);
        let (_dir, mut store) = store_with(&reg);
        let today = d(TODAY);
        let orgs = ["b", "s", "old", "pc"];
        let mut seen: Vec<LedgerEntry> = Vec::new();
        for op in ops {
            let reg = store.registry().unwrap();
            let _ = match op {
                Op::Budget { year, fen } => store.set_budget(Budget { year, amount_fen: fen, source: String::new() }).map(|_| String::new()),
                Op::Pay { year, day, purpose, org, fen } => {
                    let date = chrono::NaiveDate::from_yo_opt(year, day + 1).unwrap();
                    let purpose = Purpose::ALL[purpose];
                    let org = (purpose == Purpose::StarterFund || org < 2).then(|| orgs[org]);
                    store.append_entry(pay("", &date.to_string(), purpose, org, fen), today)
                }
                Op::Reverse { pick, days_later } => match reg.ledger.get(pick % reg.ledger.len().max(1)) {
                    Some(e) => {
                        let date = (e.date + chrono::Duration::days(days_later as i64)).min(today);
                        let r = reversal_of(&reg, &e.id, "更正", Some(format!("R{}", reg.ledger.len())), date).unwrap();
                        store.append_entry(r, today)
                    }
                    None => Ok(String::new()),
                },
            };
            let after = store.registry().unwrap();
            // Append-only: what was there is still there, unchanged.
            prop_assert!(after.ledger.len() >= seen.len());
            prop_assert_eq!(&after.ledger[..seen.len()], &seen[..]);
            seen = after.ledger.clone();
            let state = LedgerState::of(&after);
            for year in 2023..=2024 {
                let totals = year_totals(&after, year, today);
                prop_assert!(totals.net_fen <= after.budget_of(year));
                prop_assert_eq!(totals.net_fen, state.net_of_year(year));
                let from_ledger: Fen = after.ledger.iter().map(|e| {
                    let orig = e.reverses.as_deref().and_then(|r| after.ledger.iter().find(|o| o.id == r)).unwrap_or(e);
                    if orig.date.year() != year { 0 } else if e.reverses.is_some() { -e.amount_fen } else { e.amount_fen }
                }).sum();
                prop_assert_eq!(totals.net_fen, from_ledger);
                prop_assert_eq!(totals.balance_fen, after.budget_of(year) - from_ledger);
            }
            // Never more than one open starter fund per organization.
            for o in orgs {
                let open = after.ledger.iter().filter(|e| {
                    e.purpose == Purpose::StarterFund && e.org.as_deref() == Some(o) && e.reverses.is_none()
                        && !after.ledger.iter().any(|r| r.reverses.as_deref() == Some(e.id.as_str()))
                }).count();
                prop_assert!(open <= 1, "{} has {} open starter funds", o, open);
            }
        }
    }
}

/// A year the clerk has set no budget for has DOMAIN.md's default, marked
/// as such; a budget set (even to the same amount) is no longer the default.
#[test]
fn a_year_without_a_budget_has_the_default_marked() {
    let reg = fixture();
    let cases = [
        (2024, 1_000_000, false),
        (2019, DEFAULT_BUDGET_FEN, true),
        (2031, DEFAULT_BUDGET_FEN, true),
    ];
    for (year, budget, default) in cases {
        let t = year_totals(&reg, year, d(TODAY));
        assert_eq!(
            (t.budget_fen, t.budget_default),
            (budget, default),
            "{year}"
        );
        assert_eq!(t.balance_fen, budget - t.net_fen, "{year}");
    }
    let mut set = reg.clone();
    set.budgets.push(Budget {
        year: 2019,
        amount_fen: DEFAULT_BUDGET_FEN,
        source: DEFAULT_BUDGET_SOURCE.into(),
    });
    assert!(!year_totals(&set, 2019, d(TODAY)).budget_default);
}
