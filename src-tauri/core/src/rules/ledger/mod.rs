//! The money rules (DOMAIN.md "Money"): the invariants every ledger entry
//! must keep, and the reports. The ledger is append-only: a correction is a
//! new entry that reverses an earlier one in full.

pub use crate::model::money::yuan;
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::facts::{self, Facts};
use chrono::{Datelike, NaiveDate};
use foldhash::{HashMap, HashSet};

mod totals;

pub use totals::*;

/// What the entries so far add up to; checks a new entry against them.
pub struct LedgerState<'a> {
    /// The registry's organizations and units, by id.
    index: Index<'a>,
    by_id: HashMap<&'a str, &'a LedgerEntry>,
    vouchers: HashSet<&'a str>,
    reversed: HashSet<&'a str>,
    /// Net disbursed per year (reversals lower the year of their original).
    net_by_year: HashMap<i32, Fen>,
    /// Per organization, its unreversed starter-fund entries.
    open_starter_funds: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> LedgerState<'a> {
    /// No entries yet, over `reg`'s organizations and units.
    #[must_use]
    pub fn new(reg: &'a Registry) -> LedgerState<'a> {
        LedgerState {
            index: reg.index(),
            by_id: HashMap::default(),
            vouchers: HashSet::default(),
            reversed: HashSet::default(),
            net_by_year: HashMap::default(),
            open_starter_funds: HashMap::default(),
        }
    }

    /// The state after all of `reg`'s ledger.
    #[must_use]
    pub fn of(reg: &'a Registry) -> LedgerState<'a> {
        let mut state = LedgerState::new(reg);
        for e in &reg.ledger {
            state.apply(e);
        }
        state
    }

    #[must_use]
    pub fn net_of_year(&self, year: i32) -> Fen {
        self.net_by_year.get(&year).copied().unwrap_or(0)
    }

    /// The year whose budget an entry counts against.
    fn year_of(&self, e: &LedgerEntry) -> i32 {
        e.reverses
            .as_deref()
            .and_then(|r| self.by_id.get(r))
            .map_or(e.date.year(), |orig| orig.date.year())
    }

    pub(crate) fn apply(&mut self, e: &'a LedgerEntry) {
        let year = self.year_of(e);
        let net = self.net_by_year.entry(year).or_default();
        *net = net.saturating_add(e.signed_fen());
        self.by_id.insert(&e.id, e);
        self.vouchers.insert(&e.voucher);
        if let (Purpose::StarterFund, Some(org)) = (e.purpose, e.org.as_deref()) {
            let open = self.open_starter_funds.entry(org).or_default();
            match e.reverses.as_deref() {
                Some(r) => open.retain(|id| *id != r),
                None => open.push(&e.id),
            }
        }
        if let Some(r) = e.reverses.as_deref() {
            self.reversed.insert(r);
        }
    }

    /// Every rule the new entry `e` would break when it is recorded, at
    /// `path`: the ledger's invariants (`check_invariants`), and for a
    /// starter fund what must hold of the registry's data on that day
    /// (`starter_fund_disagreements`). Only the invariants are checked again
    /// later: a correction of the data afterwards does not re-judge history.
    #[must_use]
    pub fn check(
        &self,
        reg: &Registry,
        e: &LedgerEntry,
        today: NaiveDate,
        path: &str,
    ) -> Vec<Problem> {
        let mut out = self.check_invariants(reg, e, today, path);
        let org = e.org.as_deref().and_then(|id| self.index.org(id));
        if let (None, Purpose::StarterFund, Some(o)) = (&e.reverses, e.purpose, org) {
            for d in starter_fund_disagreements(reg, &self.index, o, e) {
                let field = match d {
                    Disagreement::BelowMinimum { .. } => "amount_fen",
                    Disagreement::NotEligible => "org",
                };
                out.push(Problem::new(path, field, d.message(reg, o, e)));
            }
        }
        out
    }

    /// The rules the new entry `e` would break that hold whatever the
    /// registry's other data say (amounts, vouchers, dates, reversals, the
    /// year's budget, one open starter fund per organization), at `path`.
    #[must_use]
    pub fn check_invariants(
        &self,
        reg: &Registry,
        e: &LedgerEntry,
        today: NaiveDate,
        path: &str,
    ) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut problem = |field: &str, msg: String| out.push(Problem::new(path, field, msg));
        if e.id.trim().is_empty() {
            problem("id", "编号不能为空".into());
        } else if self.by_id.contains_key(e.id.as_str()) {
            problem("id", format!("编号“{}”重复", e.id));
        }
        if e.amount_fen <= 0 {
            problem(
                "amount_fen",
                format!("金额必须大于 0，实为 {}", yuan(e.amount_fen)),
            );
        } else if e.amount_fen >= crate::model::money::MAX_FEN {
            problem("amount_fen", format!("金额 {} 过大", yuan(e.amount_fen)));
        }
        if e.voucher.trim().is_empty() {
            problem("voucher", "凭证号不能为空".into());
        } else if self.vouchers.contains(e.voucher.as_str()) {
            problem("voucher", format!("凭证号“{}”已被使用", e.voucher));
        }
        if e.date > today {
            problem("date", format!("日期 {} 晚于今天 {today}", e.date));
        }
        let org = e.org.as_deref().map(|id| (id, self.index.org(id)));
        if let Some((id, None)) = org {
            problem("org", format!("党组织“{id}”不存在"));
        }
        match e.reverses.as_deref() {
            Some(r) => self.check_reversal(e, r, &mut problem),
            None => {
                let year = e.date.year();
                let budget = reg.budget_of(year);
                let net = self.net_of_year(year);
                if net.saturating_add(e.amount_fen) > budget {
                    problem(
                        "amount_fen",
                        format!(
                            "超出 {year} 年预算：预算 {}，已支出 {}，余额 {}，本笔 {}",
                            yuan(budget),
                            yuan(net),
                            yuan(budget.saturating_sub(net)),
                            yuan(e.amount_fen)
                        ),
                    );
                }
                if e.purpose == Purpose::StarterFund {
                    match org {
                        None => problem("org", "启动资金必须指定党组织".into()),
                        Some((id, Some(o))) => self.check_one_open(id, o, &mut problem),
                        Some((_, None)) => {}
                    }
                }
            }
        }
        out
    }

    fn check_reversal(&self, e: &LedgerEntry, r: &str, problem: &mut impl FnMut(&str, String)) {
        let Some(orig) = self.by_id.get(r) else {
            problem("reverses", format!("要冲销的记录“{r}”不存在"));
            return;
        };
        if orig.reverses.is_some() {
            problem("reverses", format!("“{r}”本身是冲销记录，不能再冲销"));
        }
        if self.reversed.contains(r) {
            problem("reverses", format!("“{r}”已被冲销过"));
        }
        if e.purpose != orig.purpose || e.org != orig.org || e.amount_fen != orig.amount_fen {
            problem(
                "reverses",
                format!("冲销须与“{r}”的用途、党组织和金额完全相同"),
            );
        }
        if e.date < orig.date {
            problem(
                "date",
                format!("冲销日期 {} 早于原记录日期 {}", e.date, orig.date),
            );
        }
    }

    fn check_one_open(&self, id: &str, o: &Organization, problem: &mut impl FnMut(&str, String)) {
        if let Some(open) = self.open_starter_funds.get(id).filter(|v| !v.is_empty()) {
            problem(
                "org",
                format!(
                    "“{}”已领取启动资金（记录 {}），未冲销前不能再发",
                    o.name, open[0]
                ),
            );
        }
    }
}

/// What a starter-fund entry needs of the registry's data on its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disagreement {
    /// The amount is below the park's minimum.
    BelowMinimum { min: Fen },
    /// The organization was not eligible, or not active, on the entry's date.
    NotEligible,
}

impl Disagreement {
    /// The refusal's text when the entry is recorded.
    fn message(self, reg: &Registry, o: &Organization, e: &LedgerEntry) -> String {
        match self {
            Disagreement::BelowMinimum { min } => {
                format!("启动资金至少 {}，本笔 {}", yuan(min), yuan(e.amount_fen))
            }
            Disagreement::NotEligible => format!(
                "“{}”在 {} 不符合启动资金条件（须为当日存续、有上级的基层党组织，{} 以后成立，覆盖非公有制企业）",
                o.name, e.date, reg.park.starter_fund_since
            ),
        }
    }
}

/// What does not hold, with the registry's data as they stand, of a
/// starter fund `e` paid to `o`: checked when the entry is recorded, and
/// afterwards reported as the gap STARTER_FUND_INELIGIBLE, never refused.
#[must_use]
pub fn starter_fund_disagreements(
    reg: &Registry,
    index: &Index,
    o: &Organization,
    e: &LedgerEntry,
) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let min = reg.park.starter_fund_min_fen;
    if e.amount_fen < min {
        out.push(Disagreement::BelowMinimum { min });
    }
    let covered = o
        .units
        .iter()
        .filter_map(|u| index.unit(u))
        .filter(|u| facts::unit_active(u, e.date));
    if !facts::starter_fund_eligible(&reg.park, o, e.date, covered) {
        out.push(Disagreement::NotEligible);
    }
    out
}

/// Replays the ledger in order and lists every entry that breaks one of
/// its invariants (`LedgerState::check_invariants`), and every budget
/// below its year's net.
#[must_use]
pub fn replay(reg: &Registry, today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut state = LedgerState::new(reg);
    for (i, e) in reg.ledger.iter().enumerate() {
        out.extend(state.check_invariants(reg, e, today, &format!("ledger[{i}]")));
        state.apply(e);
    }
    for (i, b) in reg.budgets.iter().enumerate() {
        let net = state.net_of_year(b.year);
        if net > b.amount_fen {
            out.push(Problem::new(
                format!("budgets[{i}]"),
                "amount_fen",
                format!(
                    "{} 年预算 {} 少于已支出 {}",
                    b.year,
                    yuan(b.amount_fen),
                    yuan(net)
                ),
            ));
        }
    }
    let mut years = HashSet::default();
    for (i, b) in reg.budgets.iter().enumerate() {
        if !years.insert(b.year) {
            out.push(Problem::new(
                format!("budgets[{i}]"),
                "year",
                format!("{} 年预算重复", b.year),
            ));
        }
    }
    out
}

/// What an eligible organization has been paid, when that is below the
/// minimum (the STARTER_FUND_UNPAID gap); `None` when nothing is owed.
#[must_use]
pub fn starter_fund_unpaid(facts: &Facts, o: usize) -> Option<Fen> {
    if !facts.starter_fund_eligible(o) {
        return None;
    }
    let paid = facts.starter_fund_paid(o);
    (paid < facts.reg.park.starter_fund_min_fen).then_some(paid)
}

/// A reversal of entry `id` in full, ready to append.
pub fn reversal_of(
    reg: &Registry,
    id: &str,
    reason: &str,
    voucher: Option<String>,
    date: NaiveDate,
) -> Result<LedgerEntry, crate::Error> {
    let orig = reg
        .ledger
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| crate::Error::NotFound(format!("账目“{id}”")))?;
    if reason.trim().is_empty() {
        return Err(crate::Error::invalid("ledger", "note", "冲销必须写明原因"));
    }
    Ok(LedgerEntry {
        id: String::new(),
        date,
        purpose: orig.purpose,
        org: orig.org.clone(),
        amount_fen: orig.amount_fen,
        voucher: voucher
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| format!("R-{}", orig.voucher)),
        note: reason.trim().to_string(),
        reverses: Some(orig.id.clone()),
    })
}

/// Organizations a starter fund may go to on `d`: eligible, and without an
/// unreversed starter fund.
#[must_use]
pub fn starter_fund_candidates(reg: &Registry, d: NaiveDate) -> Vec<&Organization> {
    let facts = Facts::new(reg, d);
    let state = LedgerState::of(reg);
    reg.organizations
        .iter()
        .enumerate()
        .filter(|&(o, org)| {
            facts.starter_fund_eligible(o)
                && state
                    .open_starter_funds
                    .get(org.id.as_str())
                    .is_none_or(|v| v.is_empty())
        })
        .map(|(_, org)| org)
        .collect()
}
