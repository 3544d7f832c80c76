//! A member's dues as of a date D: the months the payments cover, paid up
//! to (交至年月), the months in arrears and the gap DUES_ARREARS, and the
//! year's due, paid and owed, which callers add up by organization and
//! month.

use super::{MemberDues, ARREARS_MONTHS};
use crate::model::dues::{DuesPayment, Month};
use crate::model::Fen;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;

/// The months a member's payments cover, as sorted disjoint spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    spans: Vec<(Month, Month)>,
}

impl Coverage {
    /// As of D: `person`'s payments dated on or before D that no reversal
    /// dated on or before D takes back (other people's are passed over).
    pub fn at<'p>(
        payments: impl IntoIterator<Item = &'p DuesPayment>,
        person: &str,
        d: NaiveDate,
    ) -> Coverage {
        let mine: Vec<&DuesPayment> = payments
            .into_iter()
            .filter(|p| p.person == person && p.paid_on <= d)
            .collect();
        let reversed: HashSet<&str> = mine.iter().filter_map(|p| p.reverses.as_deref()).collect();
        Coverage::of_spans(
            mine.iter()
                .filter(|p| p.reverses.is_none() && !reversed.contains(p.id.as_str()))
                .map(|p| (p.from_month, p.to_month)),
        )
    }

    /// The union of spans (`from`, `to`), both included; empty ones dropped.
    pub fn of_spans(spans: impl IntoIterator<Item = (Month, Month)>) -> Coverage {
        let mut all: Vec<(Month, Month)> = spans.into_iter().filter(|(f, t)| f <= t).collect();
        all.sort_unstable();
        let mut merged: Vec<(Month, Month)> = Vec::with_capacity(all.len());
        for (from, to) in all {
            match merged.last_mut() {
                Some((_, end)) if from <= end.next() => *end = (*end).max(to),
                _ => merged.push((from, to)),
            }
        }
        Coverage { spans: merged }
    }

    #[must_use]
    pub fn covers(&self, m: Month) -> bool {
        let i = self.spans.partition_point(|&(_, to)| to < m);
        self.spans.get(i).is_some_and(|&(from, _)| from <= m)
    }

    /// The last month covered.
    #[must_use]
    pub fn last(&self) -> Option<Month> {
        self.spans.last().map(|&(_, to)| to)
    }
}

/// Where a member stands with dues at D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Arrears {
    /// 交至年月 (`MemberDues::paid_up_to`).
    pub paid_up_to: Option<Month>,
    /// Complete months before D's month, from the first due month on,
    /// owed and not covered. Every owed month up to `paid_up_to` is
    /// covered, so these are the uncovered months after it.
    pub unpaid_months: u32,
    /// DUES_ARREARS: a member at D who owes dues in D's month (not exempt)
    /// with `ARREARS_MONTHS` or more unpaid months.
    pub gap: bool,
}

/// Due, paid and owed, in fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DuesFigures {
    pub due: Fen,
    pub paid: Fen,
    pub owed: Fen,
}

impl DuesFigures {
    pub fn add(&mut self, other: DuesFigures) {
        self.due += other.due;
        self.paid += other.paid;
        self.owed += other.owed;
    }
}

/// A member's figures for each month of D's year up to D's month, and
/// their total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearFigures {
    pub months: Vec<(Month, DuesFigures)>,
    pub total: DuesFigures,
}

impl MemberDues<'_> {
    /// 交至年月: the last month of the unbroken run of covered months from
    /// the first due month. Months not owed (exempt, no member) neither
    /// break the run nor end it; `None` when the first due month is not
    /// covered.
    #[must_use]
    pub fn paid_up_to(&self, cover: &Coverage) -> Option<Month> {
        let first = self.first_due_month()?;
        let mut paid = None;
        for m in first.through(cover.last()?) {
            if self.in_month(m).owed().is_some() {
                if !cover.covers(m) {
                    break;
                }
                paid = Some(m);
            }
        }
        paid
    }

    /// The member's arrears at D, `cover` being the coverage as of D
    /// (`Coverage::at`).
    #[must_use]
    pub fn arrears_at(&self, cover: &Coverage, d: NaiveDate) -> Arrears {
        let now = Month::of(d);
        let unpaid = self.first_due_month().map_or(0, |first| {
            first
                .through(now.prev())
                .filter(|&m| self.in_month(m).owed().is_some() && !cover.covers(m))
                .count()
        });
        let unpaid_months = u32::try_from(unpaid).unwrap_or(u32::MAX);
        let owing = self.membership.member_at(d) && self.in_month(now).owed().is_some();
        Arrears {
            paid_up_to: self.paid_up_to(cover),
            unpaid_months,
            gap: owing && unpaid_months >= ARREARS_MONTHS,
        }
    }

    /// The year's figures as of D, `cover` being the coverage as of D: for
    /// each month of D's year up to D's month, the month's dues when owed
    /// (due), the same when covered (paid), and the difference (owed).
    #[must_use]
    pub fn year_at(&self, cover: &Coverage, d: NaiveDate) -> YearFigures {
        let first = Month::new(d.year(), 1).expect("a date's year has a January");
        let mut total = DuesFigures::default();
        let months = first
            .through(Month::of(d))
            .map(|m| {
                let due = self.in_month(m).owed().unwrap_or(0);
                let paid = if cover.covers(m) { due } else { 0 };
                let f = DuesFigures {
                    due,
                    paid,
                    owed: due - paid,
                };
                total.add(f);
                (m, f)
            })
            .collect();
        YearFigures { months, total }
    }
}
