//! Which dues payments may be recorded. Payments are append-only like the
//! money ledger: a correction is a reversal of an earlier payment in full,
//! repeating its person, months and amount (the amount as written, not
//! negated: `DuesPayment::signed_fen` takes it back), at most once.
//!
//! Decided where the rules are silent:
//! - a payment covers only months the member owes (`MonthDues::Due`), and
//!   its amount is at least their dues: more is allowed (2008 规定 art. 5:
//!   党员自愿多交党费不限), less is refused. The figures count a covered
//!   month at its dues, whatever was paid beyond them;
//! - 补交 counts the months before the month of `paid_on`; 预交 (months
//!   after it) is bounded by `MAX_AHEAD_MONTHS`;
//! - a payment need not follow on from the paid-up-to month: a gap it
//!   leaves stays in arrears.
//!
//! As with the ledger, only the invariants (`check_invariants`) are checked
//! again over the whole list (`replay`); what depends on the member's
//! settings and membership is judged when the payment is recorded
//! (`check`), so a later correction of a setting does not re-judge history.

use super::{MemberDues, MonthDues, MAX_AHEAD_MONTHS, MAX_BACK_MONTHS};
use crate::model::dates::date_problem;
use crate::model::dues::{DuesPayment, Month};
use crate::model::money::{yuan, MAX_FEN};
use crate::model::problem::Problem;
use crate::model::Fen;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Months beyond which a (broken) payment's span is not tracked: a
/// hundred years, far past any payment that passes the checks.
const TRACKED_MONTHS: i64 = 1200;

/// What the payments so far add up to; checks a new payment against them.
#[derive(Debug, Default)]
pub struct PaymentState<'a> {
    by_id: HashMap<&'a str, &'a DuesPayment>,
    reversed: HashSet<&'a str>,
    /// Each person's months covered by a payment not reversed, and by which.
    covered: HashMap<(&'a str, Month), &'a str>,
}

/// `2024-01` or `2024-01 至 2024-03`.
fn span(from: Month, to: Month) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from} 至 {to}")
    }
}

/// Consecutive months with the same value, as (first, last, value).
fn runs<T: PartialEq>(items: impl IntoIterator<Item = (Month, T)>) -> Vec<(Month, Month, T)> {
    let mut out: Vec<(Month, Month, T)> = Vec::new();
    for (m, v) in items {
        match out.last_mut() {
            Some((_, last, w)) if *w == v && last.next() == m => *last = m,
            _ => out.push((m, m, v)),
        }
    }
    out
}

fn tracked(p: &DuesPayment) -> bool {
    p.from_month.months_until(p.to_month) < TRACKED_MONTHS
}

impl<'a> PaymentState<'a> {
    #[must_use]
    pub fn new() -> PaymentState<'a> {
        PaymentState::default()
    }

    /// The state after all of `payments`.
    #[must_use]
    pub fn of(payments: &'a [DuesPayment]) -> PaymentState<'a> {
        let mut state = PaymentState::new();
        for p in payments {
            state.apply(p);
        }
        state
    }

    /// Records `p` as the latest payment.
    pub fn apply(&mut self, p: &'a DuesPayment) {
        self.by_id.insert(&p.id, p);
        match p.reverses.as_deref() {
            Some(r) => {
                let Some(orig) = self.by_id.get(r).copied() else {
                    return;
                };
                if self.reversed.insert(r) && orig.reverses.is_none() && tracked(orig) {
                    for m in orig.months() {
                        let key = (orig.person.as_str(), m);
                        if self.covered.get(&key) == Some(&orig.id.as_str()) {
                            self.covered.remove(&key);
                        }
                    }
                }
            }
            None if tracked(p) => {
                for m in p.months() {
                    self.covered.entry((&p.person, m)).or_insert(&p.id);
                }
            }
            None => {}
        }
    }

    /// The payment not reversed that covers `person`'s month, if any.
    #[must_use]
    pub fn covering(&self, person: &str, m: Month) -> Option<&'a str> {
        self.covered.get(&(person, m)).copied()
    }

    /// Every rule the new payment `p` breaks, at `path`: the invariants,
    /// and for a payment (not a reversal) what the member's dues require:
    /// `member` is the member's membership and settings, `None` when the
    /// person is not on the roster.
    #[must_use]
    pub fn check(
        &self,
        p: &DuesPayment,
        member: Option<MemberDues<'_>>,
        today: NaiveDate,
        path: &str,
    ) -> Vec<Problem> {
        let mut out = self.check_invariants(p, today, path);
        if p.reverses.is_some() || p.to_month < p.from_month || !tracked(p) {
            return out;
        }
        let Some(member) = member else {
            out.push(Problem::new(
                path,
                "person",
                format!("“{}”不在党员名册上，不能记录党费", p.person),
            ));
            return out;
        };
        let months: Vec<(Month, MonthDues)> = p.months().map(|m| (m, member.in_month(m))).collect();
        let why = |d: MonthDues| match d {
            MonthDues::NotMember => Some("不是党员（入党以前或离开、停止党籍以后），不需交纳党费"),
            MonthDues::NoSetting => Some("还没有党费标准：请先填写该党员的党费标准"),
            MonthDues::Invalid => Some("党费标准有误：请先更正"),
            MonthDues::Exempt => Some("经批准免交党费"),
            MonthDues::Due(_) => None,
        };
        let mut all_due = true;
        for (from, to, reason) in runs(months.iter().map(|&(m, d)| (m, why(d)))) {
            if let Some(reason) = reason {
                all_due = false;
                let field = if from == p.from_month {
                    "from_month"
                } else {
                    "to_month"
                };
                out.push(Problem::new(
                    path,
                    field,
                    format!("{} {reason}", span(from, to)),
                ));
            }
        }
        let due: Fen = months
            .iter()
            .filter_map(|&(_, d)| d.owed())
            .fold(0, Fen::saturating_add);
        if all_due && p.amount_fen > 0 && p.amount_fen < due {
            out.push(Problem::new(
                path,
                "amount_fen",
                format!(
                    "金额少于应交：{} 应交 {}，本笔 {}",
                    span(p.from_month, p.to_month),
                    yuan(due),
                    yuan(p.amount_fen)
                ),
            ));
        }
        out
    }

    /// The rules the new payment `p` breaks whatever the member's settings
    /// say, at `path`: id, person, months in order, amount, date, voucher;
    /// for a payment, no month paid twice and the 补交 and 预交 bounds; for
    /// a reversal, an existing payment not yet reversed, repeated exactly.
    #[must_use]
    pub fn check_invariants(&self, p: &DuesPayment, today: NaiveDate, path: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut problem = |field: &str, msg: String| out.push(Problem::new(path, field, msg));
        if p.id.trim().is_empty() {
            problem("id", "编号不能为空".into());
        } else if self.by_id.contains_key(p.id.as_str()) {
            problem("id", format!("编号“{}”重复", p.id));
        }
        if p.person.trim().is_empty() {
            problem("person", "须指明交纳党费的党员".into());
        }
        if p.to_month < p.from_month {
            problem(
                "to_month",
                format!(
                    "截止月份 {} 早于起始月份 {}：一笔党费须覆盖连续的月份",
                    p.to_month, p.from_month
                ),
            );
        }
        let orig = p.reverses.as_deref().and_then(|r| self.by_id.get(r));
        if p.amount_fen <= 0 {
            let msg = match orig {
                Some(o) if p.amount_fen == -o.amount_fen => {
                    format!("冲销填写原记录的金额 {}，不写负数", yuan(o.amount_fen))
                }
                _ => format!("金额必须大于 0，实为 {}", yuan(p.amount_fen)),
            };
            problem("amount_fen", msg);
        } else if p.amount_fen >= MAX_FEN {
            problem("amount_fen", format!("金额 {} 过大", yuan(p.amount_fen)));
        }
        if let Some(msg) = date_problem(p.paid_on) {
            problem("paid_on", msg);
        }
        if p.paid_on > today {
            problem(
                "paid_on",
                format!("交纳日期 {} 晚于今天 {today}", p.paid_on),
            );
        }
        if p.voucher.as_deref().is_some_and(|v| v.trim().is_empty()) {
            problem("voucher", "凭证号不能为空白：没有凭证就不填".into());
        }
        match p.reverses.as_deref() {
            Some(r) => self.check_reversal(p, r, &mut problem),
            None => self.check_payment(p, &mut problem),
        }
        out
    }

    fn check_payment(&self, p: &DuesPayment, problem: &mut impl FnMut(&str, String)) {
        if p.to_month < p.from_month {
            return;
        }
        let paid_in = Month::of(p.paid_on);
        let back = if p.from_month < paid_in {
            p.from_month.months_until(p.to_month.min(paid_in.prev())) + 1
        } else {
            0
        };
        if back > i64::from(MAX_BACK_MONTHS) {
            problem(
                "from_month",
                format!(
                    "一次补交最多 {MAX_BACK_MONTHS} 个月：本笔补交 {} 共 {back} 个月（交纳于 {paid_in}）",
                    span(p.from_month, p.to_month.min(paid_in.prev()))
                ),
            );
        }
        let ahead = if p.to_month > paid_in {
            p.from_month.max(paid_in.next()).months_until(p.to_month) + 1
        } else {
            0
        };
        if ahead > i64::from(MAX_AHEAD_MONTHS) {
            problem(
                "to_month",
                format!(
                    "一次预交最多 {MAX_AHEAD_MONTHS} 个月：本笔预交 {} 共 {ahead} 个月（交纳于 {paid_in}）",
                    span(p.from_month.max(paid_in.next()), p.to_month)
                ),
            );
        }
        if !tracked(p) {
            return;
        }
        let taken = p
            .months()
            .filter_map(|m| Some((m, self.covering(&p.person, m)?)));
        for (from, to, by) in runs(taken) {
            problem(
                "from_month",
                format!(
                    "{} 已由缴费记录“{by}”交纳，同一月份不能重复交纳",
                    span(from, to)
                ),
            );
        }
    }

    fn check_reversal(&self, p: &DuesPayment, r: &str, problem: &mut impl FnMut(&str, String)) {
        let Some(orig) = self.by_id.get(r) else {
            problem("reverses", format!("要冲销的缴费记录“{r}”不存在"));
            return;
        };
        if orig.reverses.is_some() {
            problem("reverses", format!("“{r}”本身是冲销记录，不能再冲销"));
        }
        if self.reversed.contains(r) {
            problem("reverses", format!("“{r}”已被冲销过"));
        }
        // A negated amount is reported on the amount alone.
        let amount_differs = p.amount_fen != orig.amount_fen && p.amount_fen != -orig.amount_fen;
        if (&p.person, p.from_month, p.to_month) != (&orig.person, orig.from_month, orig.to_month)
            || amount_differs
        {
            problem(
                "reverses",
                format!("冲销须与“{r}”的党员、所交月份和金额完全相同"),
            );
        }
        if p.paid_on < orig.paid_on {
            problem(
                "paid_on",
                format!("冲销日期 {} 早于原记录日期 {}", p.paid_on, orig.paid_on),
            );
        }
    }
}

/// Replays the payments in order and lists every one that breaks an
/// invariant (`PaymentState::check_invariants`), at `dues_payments[i]`.
#[must_use]
pub fn replay(payments: &[DuesPayment], today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut state = PaymentState::new();
    for (i, p) in payments.iter().enumerate() {
        out.extend(state.check_invariants(p, today, &format!("dues_payments[{i}]")));
        state.apply(p);
    }
    out
}
