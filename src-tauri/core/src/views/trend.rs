//! Coverage over time: the six rates and the gap counts at the end of each
//! of the last 24 months, each computed by the same as-of rules as the
//! summary and the gaps, so a point is exactly what the dashboard said
//! on that date.

use crate::model::Registry;
use crate::rules::coverage::{Coverage, ScopeCounts};
use crate::rules::facts::Facts;
use crate::rules::gaps::GapCounts;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// How many months the series covers, the as-of date's month the last.
pub const MONTHS: u32 = 24;

/// The registry as of one month's end (or the as-of date, in its month).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub as_of: NaiveDate,
    /// The units in the rates' scope.
    pub in_scope: usize,
    pub coverage: Coverage,
    pub gap_counts: GapCounts,
}

/// The dates of the series ending on `d`: the last day of each of the
/// `MONTHS` months up to `d`'s, and `d` itself for its own month.
#[must_use]
pub fn dates(d: NaiveDate) -> Vec<NaiveDate> {
    let first_of_month = d.with_day(1).expect("every month has a first day");
    (1..MONTHS)
        .rev()
        .filter_map(|back| {
            let next = first_of_month.checked_sub_months(Months::new(back - 1))?;
            next.pred_opt()
        })
        .chain(std::iter::once(d))
        .collect()
}

#[derive(Debug, Default)]
struct PointTally {
    active_units: usize,
    scope: ScopeCounts,
    gaps: GapCounts,
}

/// The series, added up one slice of the registry at a time (the streaming
/// export reads a large registry in slices), like the summary's `Tally`.
#[derive(Debug)]
pub struct TrendTally {
    dates: Vec<NaiveDate>,
    points: Vec<PointTally>,
}

impl TrendTally {
    #[must_use]
    pub fn new(d: NaiveDate) -> TrendTally {
        let dates = dates(d);
        let points = dates.iter().map(|_| PointTally::default()).collect();
        TrendTally { dates, points }
    }

    /// Adds the first `own_units` units, `own_orgs` organizations and
    /// `own_people` people (their member gaps) of
    /// `facts`' registry (a slice that answers every rule about them) at
    /// every date; `facts` are those of the series' last date, which the
    /// caller has already (the export writes its sheets from them).
    pub fn add(&mut self, facts: &Facts, own_units: usize, own_orgs: usize, own_people: usize) {
        assert_eq!(
            Some(&facts.date),
            self.dates.last(),
            "the facts of the last date"
        );
        let add = |d: NaiveDate, p: &mut PointTally| {
            let on_d;
            let facts = if d == facts.date {
                facts
            } else {
                on_d = facts.on(d);
                &on_d
            };
            for u in 0..own_units {
                p.active_units += usize::from(facts.unit_active[u]);
                p.scope.add_unit(facts, u);
                p.gaps.add_unit(facts, u);
            }
            for o in 0..own_orgs {
                p.gaps.add_org(facts, o);
            }
            for person in 0..own_people {
                p.gaps.add_person(facts, person);
            }
        };
        // Each date is independent of the others: spread them over the cores.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let per_thread = self.dates.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            for (dates, points) in self
                .dates
                .chunks(per_thread)
                .zip(self.points.chunks_mut(per_thread))
            {
                let add = &add;
                s.spawn(move || {
                    for (&d, p) in dates.iter().zip(points) {
                        add(d, p);
                    }
                });
            }
        });
    }

    /// The points in date order, from the first with an active unit (a
    /// park younger than two years starts at its first unit).
    #[must_use]
    pub fn finish(self) -> Vec<Point> {
        self.dates
            .into_iter()
            .zip(self.points)
            .skip_while(|(_, p)| p.active_units == 0)
            .map(|(as_of, p)| Point {
                as_of,
                in_scope: p.scope.all.count(|_| true),
                coverage: p.scope.coverage(),
                gap_counts: p.gaps,
            })
            .collect()
    }
}

/// The series of a whole registry ending on `d`.
#[must_use]
pub fn series(reg: &Registry, d: NaiveDate) -> Vec<Point> {
    let mut tally = TrendTally::new(d);
    tally.add(
        &Facts::new(reg, d),
        reg.units.len(),
        reg.organizations.len(),
        reg.people.len(),
    );
    tally.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lang, Severity};
    use crate::rules::coverage::summary;
    use crate::rules::gaps;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_dates_are_month_ends_and_the_as_of_date() {
        let cases = [
            (day(2013, 6, 30), day(2011, 7, 31), day(2013, 5, 31)),
            (day(2013, 6, 15), day(2011, 7, 31), day(2013, 5, 31)),
            (day(2024, 3, 1), day(2022, 4, 30), day(2024, 2, 29)),
            (day(2025, 1, 31), day(2023, 2, 28), day(2024, 12, 31)),
        ];
        for (d, first, before_last) in cases {
            let dates = dates(d);
            assert_eq!(dates.len(), MONTHS as usize, "{d}");
            assert_eq!(dates[0], first, "{d}");
            assert_eq!(dates[dates.len() - 2], before_last, "{d}");
            assert_eq!(dates.last(), Some(&d));
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "{d}: {dates:?}");
        }
    }

    #[test]
    fn each_point_is_the_summary_and_the_gaps_as_of_its_date() {
        let cases = [
            (crate::samples::sample_park(), day(2013, 6, 30)),
            (
                crate::samples::synthetic::registry(400, 3),
                day(2024, 6, 30),
            ),
        ];
        for (reg, d) in cases {
            let points = series(&reg, d);
            assert_eq!(points.len(), MONTHS as usize);
            assert_eq!(points.last().unwrap().as_of, d);
            for p in &points {
                let s = summary(&reg, p.as_of);
                assert_eq!(p.coverage, s.coverage, "{}", p.as_of);
                assert_eq!(p.in_scope, s.units.in_scope, "{}", p.as_of);
                let all = gaps::find(&reg, p.as_of, Lang::Zh);
                for sev in [Severity::Error, Severity::Warning, Severity::Info] {
                    let n = all.iter().filter(|g| g.severity == sev).count();
                    assert_eq!(p.gap_counts.of(sev), n, "{} {sev:?}", p.as_of);
                }
            }
        }
    }

    #[test]
    fn a_young_park_starts_at_its_first_unit() {
        let mut reg = crate::samples::sample_park();
        for u in &mut reg.units {
            u.started_on = Some(
                u.started_on
                    .map_or(day(2012, 9, 15), |s| s.max(day(2012, 9, 15))),
            );
        }
        let points = series(&reg, day(2013, 6, 30));
        let dates: Vec<NaiveDate> = points.iter().map(|p| p.as_of).collect();
        assert_eq!(dates[0], day(2012, 9, 30));
        assert_eq!(dates.len(), 10, "September 2012 to June 2013: {dates:?}");
        assert!(series(&reg, day(2012, 8, 31)).is_empty(), "no unit yet");
    }
}
