//! What the money has paid: the year's totals by purpose, the ledger's
//! lines with their running balance, and the fund report.

use super::starter_fund_unpaid;
use crate::model::*;
use crate::rules::facts::Facts;
use chrono::{Datelike, NaiveDate};
use foldhash::HashMap;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearTotals {
    pub year: i32,
    pub budget_fen: Fen,
    /// The budget is the default: the clerk has set none for the year.
    pub budget_default: bool,
    /// Disbursements dated in the year.
    pub disbursed_fen: Fen,
    /// Reversals of the year's disbursements.
    pub reversed_fen: Fen,
    pub net_fen: Fen,
    pub balance_fen: Fen,
    pub by_purpose: Vec<PurposeTotals>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeTotals {
    pub purpose: Purpose,
    pub disbursed_fen: Fen,
    pub reversed_fen: Fen,
    pub net_fen: Fen,
}

/// A year's money counting the entries dated on or before `up_to`.
#[must_use]
pub fn year_totals(reg: &Registry, year: i32, up_to: NaiveDate) -> YearTotals {
    // Only the originals' dates are needed, not whole report items.
    let dates = dates_by_id(reg);
    let mut totals = YearTotals::of_budget(reg, year);
    for e in reg.ledger.iter().filter(|e| e.date <= up_to) {
        totals.add(e, counted_in(e, &dates));
    }
    totals
}

fn dates_by_id(reg: &Registry) -> HashMap<&str, NaiveDate> {
    reg.ledger.iter().map(|e| (e.id.as_str(), e.date)).collect()
}

fn counted_in(e: &LedgerEntry, dates: &HashMap<&str, NaiveDate>) -> i32 {
    year_counted(e.date, original_date(e, dates))
}

/// The year whose budget an entry dated `date` counts against: a reversal
/// (of an entry dated `original`) counts in its original's year.
fn year_counted(date: NaiveDate, original: Option<NaiveDate>) -> i32 {
    original.unwrap_or(date).year()
}

fn original_date(e: &LedgerEntry, dates: &HashMap<&str, NaiveDate>) -> Option<NaiveDate> {
    e.reverses.as_deref().and_then(|r| dates.get(r).copied())
}

impl YearTotals {
    /// Nothing spent yet against the year's budget.
    #[must_use]
    pub fn of_budget(reg: &Registry, year: i32) -> YearTotals {
        let budget_fen = reg.budget_of(year);
        YearTotals {
            budget_fen,
            budget_default: reg.budget_is_default(year),
            balance_fen: budget_fen,
            ..YearTotals::nothing(year)
        }
    }

    /// No budget and nothing spent: where the district's sum starts.
    #[must_use]
    pub fn nothing(year: i32) -> YearTotals {
        YearTotals {
            year,
            budget_fen: 0,
            budget_default: false,
            disbursed_fen: 0,
            reversed_fen: 0,
            net_fen: 0,
            balance_fen: 0,
            by_purpose: Purpose::ALL
                .iter()
                .map(|&purpose| PurposeTotals {
                    purpose,
                    disbursed_fen: 0,
                    reversed_fen: 0,
                    net_fen: 0,
                })
                .collect(),
        }
    }

    /// Adds another park's totals (the district's money: each park's year
    /// as of its own date).
    pub fn merge(&mut self, other: &YearTotals) {
        self.budget_fen = self.budget_fen.saturating_add(other.budget_fen);
        self.disbursed_fen = self.disbursed_fen.saturating_add(other.disbursed_fen);
        self.reversed_fen = self.reversed_fen.saturating_add(other.reversed_fen);
        self.net_fen = self.net_fen.saturating_add(other.net_fen);
        self.balance_fen = self.balance_fen.saturating_add(other.balance_fen);
        for p in &mut self.by_purpose {
            if let Some(q) = other.by_purpose.iter().find(|q| q.purpose == p.purpose) {
                p.disbursed_fen = p.disbursed_fen.saturating_add(q.disbursed_fen);
                p.reversed_fen = p.reversed_fen.saturating_add(q.reversed_fen);
                p.net_fen = p.net_fen.saturating_add(q.net_fen);
            }
        }
    }

    /// Counts entry `e` if it counts in this year (`counted_in`).
    pub fn add(&mut self, e: &LedgerEntry, counted_in: i32) {
        if counted_in != self.year {
            return;
        }
        let p = self
            .by_purpose
            .iter_mut()
            .find(|p| p.purpose == e.purpose)
            .expect("every purpose listed");
        if e.reverses.is_some() {
            p.reversed_fen = p.reversed_fen.saturating_add(e.amount_fen);
            self.reversed_fen = self.reversed_fen.saturating_add(e.amount_fen);
        } else {
            p.disbursed_fen = p.disbursed_fen.saturating_add(e.amount_fen);
            self.disbursed_fen = self.disbursed_fen.saturating_add(e.amount_fen);
        }
        p.net_fen = p.disbursed_fen.saturating_sub(p.reversed_fen);
        self.net_fen = self.disbursed_fen.saturating_sub(self.reversed_fen);
        self.balance_fen = self.budget_fen.saturating_sub(self.net_fen);
    }
}

/// A ledger entry with what its report line needs from other records.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerItem {
    pub entry: LedgerEntry,
    /// For a reversal, the date of the entry it reverses.
    pub original_date: Option<NaiveDate>,
    pub org_name: Option<String>,
    /// The entry that reverses this one, if any.
    pub reversed_by: Option<String>,
}

impl LedgerItem {
    /// The year whose budget the entry counts against (`year_counted`).
    #[must_use]
    pub fn counted_in(&self) -> i32 {
        year_counted(self.entry.date, self.original_date)
    }
}

/// The ledger of an in-memory registry as items, in ledger order. (The
/// streaming export reads the same items from the database.)
pub fn items(reg: &Registry) -> impl Iterator<Item = LedgerItem> + '_ {
    let index = reg.index();
    let dates = dates_by_id(reg);
    let reversed_by: HashMap<&str, &str> = reg
        .ledger
        .iter()
        .filter_map(|e| Some((e.reverses.as_deref()?, e.id.as_str())))
        .collect();
    reg.ledger.iter().map(move |e| LedgerItem {
        entry: e.clone(),
        original_date: original_date(e, &dates),
        org_name: e
            .org
            .as_deref()
            .and_then(|o| index.org(o))
            .map(|o| o.name.clone()),
        reversed_by: reversed_by.get(e.id.as_str()).map(|s| s.to_string()),
    })
}

/// Each year's balance as the ledger is read in order.
pub struct RunningBalance<'b> {
    budgets: &'b [Budget],
    net_by_year: HashMap<i32, Fen>,
}

impl<'b> RunningBalance<'b> {
    #[must_use]
    pub fn new(budgets: &'b [Budget]) -> RunningBalance<'b> {
        RunningBalance {
            budgets,
            net_by_year: HashMap::default(),
        }
    }

    /// The next item's report line.
    pub fn line(&mut self, item: LedgerItem) -> LedgerLine {
        let year = item.counted_in();
        let e = item.entry;
        let net = self.net_by_year.entry(year).or_default();
        *net = net.saturating_add(e.signed_fen());
        LedgerLine {
            balance_after_fen: budget_of(self.budgets, year).saturating_sub(*net),
            signed_fen: e.signed_fen(),
            entry: e,
            year,
            org_name: item.org_name,
            reversed_by: item.reversed_by,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundReport {
    pub as_of: NaiveDate,
    pub years: Vec<YearTotals>,
    /// Eligible organizations still owed (part of) their starter fund.
    pub starter_fund_owed: Vec<Owed>,
    pub ledger: Vec<LedgerLine>,
}

/// The report as a page shows it: the ledger of one year cut to its latest
/// lines and the owed list to its first, with how many each had (a
/// district-sized registry has tens of thousands of both).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundPage {
    pub report: FundReport,
    pub ledger_total: usize,
    pub owed_total: usize,
}

impl FundReport {
    /// The page of the report for `year` (the latest year when `None`),
    /// at most `rows` lines of each list.
    #[must_use]
    pub fn page(mut self, year: Option<i32>, rows: usize) -> FundPage {
        let shown = year.or_else(|| self.years.last().map(|y| y.year));
        self.ledger.retain(|l| Some(l.year) == shown);
        let ledger_total = self.ledger.len();
        self.ledger.drain(..ledger_total.saturating_sub(rows));
        let owed_total = self.starter_fund_owed.len();
        self.starter_fund_owed.truncate(rows);
        FundPage {
            report: self,
            ledger_total,
            owed_total,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owed {
    pub org: String,
    pub name: String,
    pub founded_on: NaiveDate,
    pub paid_fen: Fen,
    pub owed_fen: Fen,
}

/// An entry with the year it counts in and that year's balance after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerLine {
    #[serde(flatten)]
    pub entry: LedgerEntry,
    pub year: i32,
    pub org_name: Option<String>,
    pub reversed_by: Option<String>,
    /// The amount as it counts: negative for a reversal.
    pub signed_fen: Fen,
    pub balance_after_fen: Fen,
}

/// The money report as of `d`: every budgeted or used year (or just `year`),
/// who is still owed a starter fund, and the ledger with running balances.
#[must_use]
pub fn report(reg: &Registry, year: Option<i32>, d: NaiveDate) -> FundReport {
    let mut running = RunningBalance::new(&reg.budgets);
    let lines: Vec<LedgerLine> = items(reg)
        .filter(|i| i.entry.date <= d)
        .map(|i| running.line(i))
        .filter(|l| year.is_none_or(|wanted| wanted == l.year))
        .collect();
    let mut years: Vec<i32> = reg
        .budgets
        .iter()
        .map(|b| b.year)
        .chain(lines.iter().map(|l| l.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    years.retain(|y| year.is_none_or(|wanted| wanted == *y));
    if let Some(y) = year.filter(|_| years.is_empty()) {
        years.push(y);
    }
    let facts = Facts::new(reg, d);
    let starter_fund_owed = (0..reg.organizations.len())
        .filter_map(|o| {
            let paid = starter_fund_unpaid(&facts, o)?;
            let org = &reg.organizations[o];
            Some(Owed {
                org: org.id.clone(),
                name: org.name.clone(),
                founded_on: org.founded_on,
                paid_fen: paid,
                owed_fen: reg.park.starter_fund_min_fen.saturating_sub(paid),
            })
        })
        .collect();
    FundReport {
        as_of: d,
        years: years.into_iter().map(|y| year_totals(reg, y, d)).collect(),
        starter_fund_owed,
        ledger: lines,
    }
}
