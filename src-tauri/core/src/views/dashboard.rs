//! The dashboard: the six rates written as shown, the counts, the first
//! gaps of each severity, and its coverage over time.

use super::trend::{series, Point};
use crate::model::money::percent;
use crate::model::*;
use crate::rules::coverage::{summary_of, Coverage, Rates, Summary};
use crate::rules::facts::Facts;
use crate::rules::gaps::{self, Gap, GapCounts};
use crate::rules::roster::{counts_at, MemberCounts};
use serde::Serialize;
use std::collections::BTreeMap;

/// The dashboard: the summary, the first gaps of each severity, and how
/// many gaps there are of each.
#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub summary: Summary,
    pub gaps: Vec<Gap>,
    pub gap_counts: GapCounts,
    /// The six rates as shown: `rate_texts.all.organizational` = "83.3%".
    pub rate_texts: BTreeMap<&'static str, RateTexts>,
    /// The year's organizational-life compliance as shown: "90.0%".
    pub life_compliance_text: String,
    /// The statistics table's rows and columns: (key, label) in order.
    pub table27_rows: &'static [(&'static str, &'static str)],
    pub table27_columns: Vec<(&'static str, &'static str)>,
    /// The park's members at D by status, when it keeps its roster.
    pub members: Option<MemberCounts>,
}

pub fn dashboard(facts: &Facts, lang: Lang) -> Dashboard {
    let (gaps, gap_counts) = gaps::first_of_each_severity(facts, lang, GAPS_PER_SEVERITY);
    let summary = summary_of(facts);
    Dashboard {
        rate_texts: RateTexts::of_both(&summary.coverage),
        life_compliance_text: percent(summary.organizational_life.compliance),
        summary,
        table27_rows: &crate::rules::table27::ROWS,
        table27_columns: crate::rules::table27::COLUMNS
            .iter()
            .map(|&(key, label, _)| (key, label))
            .collect(),
        gaps,
        gap_counts,
        members: (facts.reg.park.roster).then(|| counts_at(facts.reg, facts.date)),
    }
}

/// A scope's three rates as percentages (`money::percent`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateTexts {
    pub organizational: String,
    pub single_build: String,
    pub work: String,
}

impl RateTexts {
    fn of(r: &Rates) -> RateTexts {
        RateTexts {
            organizational: percent(r.organizational),
            single_build: percent(r.single_build),
            work: percent(r.work),
        }
    }

    /// Both scopes' rates, keyed `all` and `non_public`.
    fn of_both(c: &Coverage) -> BTreeMap<&'static str, RateTexts> {
        [
            ("all", RateTexts::of(&c.all)),
            ("non_public", RateTexts::of(&c.non_public)),
        ]
        .into()
    }
}

/// A point of the dashboard's coverage over time, its rates written as
/// the dashboard writes them.
#[derive(Debug, Serialize)]
pub struct TrendPoint {
    #[serde(flatten)]
    pub point: Point,
    pub rate_texts: BTreeMap<&'static str, RateTexts>,
}

/// The dashboard's coverage over time (`trend::series`), rates written.
#[must_use]
pub fn trend(reg: &Registry, d: chrono::NaiveDate) -> Vec<TrendPoint> {
    series(reg, d)
        .into_iter()
        .map(|point| TrendPoint {
            rate_texts: RateTexts::of_both(&point.coverage),
            point,
        })
        .collect()
}

/// How many gaps of each severity the dashboard lists: enough to work
/// through, few enough to show at once; the units page filters by gap
/// and the workbook lists them all.
pub const GAPS_PER_SEVERITY: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_dashboard_lists_the_first_gaps_of_each_severity_and_counts_all() {
        let reg = crate::samples::synthetic::registry(5_000, 9);
        let facts = Facts::new(&reg, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        for lang in [Lang::Zh, Lang::En] {
            let dash = dashboard(&facts, lang);
            let counts = dash.gap_counts;
            assert_first_of_each_severity(&facts, lang, &dash.gaps, counts, GAPS_PER_SEVERITY);
            assert!(counts.error > GAPS_PER_SEVERITY);
        }
    }

    #[test]
    fn the_first_gaps_of_each_severity_break_ties_as_the_full_list_does() {
        // Many subjects with one name: the order among them is the order found.
        let mut reg = crate::samples::synthetic::registry(600, 4);
        for (i, u) in reg.units.iter_mut().enumerate() {
            u.name = format!("同名单位{}", i % 3);
        }
        for (i, o) in reg.organizations.iter_mut().enumerate() {
            o.name = format!("同名单位{}", i % 2);
        }
        let facts = Facts::new(&reg, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        for n in [0, 1, 2, 5, 40, 100_000] {
            let (gaps, counts) = gaps::first_of_each_severity(&facts, Lang::Zh, n);
            assert_first_of_each_severity(&facts, Lang::Zh, &gaps, counts, n);
        }
    }

    /// `shown` is the full list's first `n` gaps of each severity, with the
    /// same messages, in the same order, and `counts` (error, warning,
    /// info) count them all.
    fn assert_first_of_each_severity(
        facts: &Facts,
        lang: Lang,
        shown: &[Gap],
        counts: GapCounts,
        n: usize,
    ) {
        let all = gaps::find_in(facts, lang);
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let count = counts.of(severity);
            let of = |gaps: &[Gap]| -> Vec<Gap> {
                gaps.iter()
                    .filter(|g| g.severity == severity)
                    .cloned()
                    .collect()
            };
            let every = of(&all);
            assert_eq!(count, every.len(), "{severity:?}");
            let shown = of(shown);
            assert_eq!(shown.len(), count.min(n), "{severity:?} n={n}");
            assert_eq!(shown, every[..shown.len()], "{severity:?} n={n}");
        }
    }
}
