//! The district's figures: for each park its latest current submission as
//! of the chosen date, their tallies merged (so that each total rate is the
//! ratio of summed counts, never an average of rates), and the checks
//! across parks.

use super::read::{GapLine, UnitLine};
use super::store::{District, Stored};
use crate::error::{Error, Result};
use crate::model::Severity;
use crate::rules::coverage::{Summary, Tally};
use crate::rules::ledger::YearTotals;
use crate::rules::table27::Table27;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, Serialize)]
pub struct DistrictSummary {
    pub district: String,
    /// The date asked for, if one was.
    pub as_of: Option<NaiveDate>,
    pub parks: Vec<ParkFigures>,
    pub total: Summary,
    pub table27: Table27,
    pub problems: Vec<CrossProblem>,
}

/// A park's figures in the district: its own summary's shape, with the
/// file it came from and what was flagged in it.
#[derive(Debug, Clone, Serialize)]
pub struct ParkFigures {
    #[serde(flatten)]
    pub summary: Summary,
    pub district: String,
    pub file: String,
    pub flags: Vec<String>,
}

/// A problem that only shows across parks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossProblem {
    pub code: &'static str,
    pub severity: Severity,
    pub parks: Vec<String>,
    pub message: String,
}

/// A gap of one park's submission.
#[derive(Debug, Clone, Serialize)]
pub struct ParkGap {
    pub park: String,
    #[serde(flatten)]
    pub gap: GapLine,
}

/// An uncovered unit of one park.
#[derive(Debug, Clone, Serialize)]
pub struct ParkUnit {
    pub park: String,
    #[serde(flatten)]
    pub unit: UnitLine,
}

impl ParkFigures {
    fn of(s: &Stored) -> ParkFigures {
        ParkFigures {
            summary: s.tally.summary(&s.park, s.as_of, s.money.clone()),
            district: s.district.clone(),
            file: s.file.clone(),
            flags: s.flags.clone(),
        }
    }
}

/// One park's submission as the district shows it: its figures, and its
/// uncovered units and gaps.
#[derive(Debug, Clone, Serialize)]
pub struct ParkSubmission {
    pub figures: ParkFigures,
    pub uncovered: Vec<UnitLine>,
    pub gaps: Vec<GapLine>,
}

impl District {
    /// Park `park`'s submission as of `as_of` (its latest when `None`).
    pub fn park(&self, park: &str, as_of: Option<NaiveDate>) -> Result<ParkSubmission> {
        let s = (self.chosen(as_of)?.into_iter())
            .find(|s| s.park == park)
            .ok_or_else(|| Error::NotFound(format!("园区“{park}”")))?;
        let mut uncovered = Vec::new();
        self.each_uncovered(&[s.id], |_, u| uncovered.push(u))?;
        let mut gaps = Vec::new();
        self.each_gap(&[s.id], |_, g| gaps.push(g))?;
        Ok(ParkSubmission {
            figures: ParkFigures::of(&s),
            uncovered,
            gaps,
        })
    }

    /// For each park its latest current submission dated on or before
    /// `as_of` (any date when `None`), by park name.
    fn chosen(&self, as_of: Option<NaiveDate>) -> Result<Vec<Stored>> {
        let mut latest: BTreeMap<String, Stored> = BTreeMap::new();
        for s in self.current()? {
            if as_of.is_some_and(|d| s.as_of > d) {
                continue;
            }
            // Ordered by park, then date: a later one replaces.
            latest.insert(s.park.clone(), s);
        }
        Ok(latest.into_values().collect())
    }

    /// The district's summary as of `as_of` (each park's latest when `None`).
    pub fn summary(&self, as_of: Option<NaiveDate>) -> Result<DistrictSummary> {
        let district = self.name()?;
        let chosen = self.chosen(as_of)?;
        let date = as_of
            .or_else(|| chosen.iter().map(|s| s.as_of).max())
            .unwrap_or_default();
        let mut total = Tally::default();
        let mut money = YearTotals::nothing(date.year());
        let mut parks = Vec::with_capacity(chosen.len());
        // The total only over parks as of one date: a park of another
        // date is listed, with a warning, but not added in.
        for s in &chosen {
            if s.as_of == date {
                total.merge(&s.tally);
                money.merge(&s.money);
            }
            parks.push(ParkFigures::of(s));
        }
        let total = total.summary(&district, date, money);
        let mut problems = self.cross_checks(&chosen)?;
        problems.extend(date_problems(&chosen, as_of, date));
        problems.extend(
            chosen
                .iter()
                .filter(|s| !s.flags.is_empty())
                .map(|s| CrossProblem {
                    code: "SUBMISSION_FLAGGED",
                    severity: Severity::Warning,
                    parks: vec![s.park.clone()],
                    message: format!(
                        "园区“{}”的工作簿有 {} 项标记（已按明细重新计算）：{}",
                        s.park,
                        s.flags.len(),
                        s.flags.join("；")
                    ),
                }),
        );
        Ok(DistrictSummary {
            district,
            as_of,
            parks,
            table27: total.table27.clone(),
            total,
            problems,
        })
    }

    /// The same credit code in two parks (an enterprise counted twice) and
    /// the same unit name in two parks.
    fn cross_checks(&self, chosen: &[Stored]) -> Result<Vec<CrossProblem>> {
        let ids: Vec<i64> = chosen.iter().map(|s| s.id).collect();
        let park_of: HashMap<i64, &str> = chosen.iter().map(|s| (s.id, s.park.as_str())).collect();
        let (mut codes, mut names) = (Twice::default(), Twice::default());
        self.each_name_and_code(&ids, |id, name, code| {
            if let Some(code) = code {
                codes.see(code, id);
            }
            names.see(name, id);
        })?;
        let mut out: Vec<CrossProblem> = codes
            .found(&park_of)
            .map(|(code, parks)| CrossProblem {
                code: "CREDIT_CODE_IN_TWO_PARKS",
                severity: Severity::Error,
                message: format!(
                    "统一社会信用代码 {code} 同时登记在 {}：同一企业被重复统计，请与这些园区核实",
                    quoted(&parks)
                ),
                parks,
            })
            .collect();
        out.extend(names.found(&park_of).map(|(name, parks)| CrossProblem {
            code: "UNIT_NAME_IN_TWO_PARKS",
            severity: Severity::Warning,
            message: format!(
                "单位“{name}”同时出现在 {}：请确认是否为同一单位",
                quoted(&parks)
            ),
            parks,
        }));
        Ok(out)
    }

    /// Every gap of the parks' submissions as of `as_of` (each park's
    /// latest when `None`), park by park, to `f`.
    pub fn each_gap_of_parks(
        &self,
        as_of: Option<NaiveDate>,
        mut f: impl FnMut(ParkGap),
    ) -> Result<()> {
        let chosen = self.chosen(as_of)?;
        let park_of: HashMap<i64, &str> = chosen.iter().map(|s| (s.id, s.park.as_str())).collect();
        let ids: Vec<i64> = chosen.iter().map(|s| s.id).collect();
        self.each_gap(&ids, |id, gap| {
            f(ParkGap {
                park: park_of[&id].to_string(),
                gap,
            });
        })
    }

    /// Every gap of the parks' submissions as of `as_of`, park by park.
    pub fn gaps(&self, as_of: Option<NaiveDate>) -> Result<Vec<ParkGap>> {
        let mut out = Vec::new();
        self.each_gap_of_parks(as_of, |g| out.push(g))?;
        Ok(out)
    }

    /// Every uncovered unit in scope of the parks' submissions as of
    /// `as_of`, to `f`.
    pub fn each_uncovered_unit(
        &self,
        as_of: Option<NaiveDate>,
        mut f: impl FnMut(ParkUnit),
    ) -> Result<()> {
        let chosen = self.chosen(as_of)?;
        let park_of: HashMap<i64, &str> = chosen.iter().map(|s| (s.id, s.park.as_str())).collect();
        let ids: Vec<i64> = chosen.iter().map(|s| s.id).collect();
        self.each_uncovered(&ids, |id, unit| {
            f(ParkUnit {
                park: park_of[&id].to_string(),
                unit,
            });
        })
    }
}

/// The keys seen in more than one submission: each key's first
/// submission, and for the keys seen again all of theirs.
#[derive(Default)]
struct Twice {
    first: HashMap<Box<str>, i64>,
    again: BTreeMap<String, BTreeSet<i64>>,
}

impl Twice {
    fn see(&mut self, key: &str, id: i64) {
        match self.first.get(key) {
            None => {
                self.first.insert(key.into(), id);
            }
            Some(&first) if first != id => {
                self.again
                    .entry(key.to_string())
                    .or_insert_with(|| [first].into())
                    .insert(id);
            }
            Some(_) => {}
        }
    }

    /// Each key seen again, with its parks' names in order.
    fn found<'a>(
        self,
        park_of: &'a HashMap<i64, &str>,
    ) -> impl Iterator<Item = (String, Vec<String>)> + 'a {
        self.again.into_iter().map(move |(key, ids)| {
            let parks: BTreeSet<&str> = ids.iter().map(|id| park_of[id]).collect();
            (key, parks.into_iter().map(String::from).collect())
        })
    }
}

fn quoted(parks: &[String]) -> String {
    parks
        .iter()
        .map(|p| format!("“{p}”"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The parks whose figures are not as of the district's date.
fn date_problems(
    chosen: &[Stored],
    asked: Option<NaiveDate>,
    date: NaiveDate,
) -> Vec<CrossProblem> {
    chosen
        .iter()
        .filter(|s| s.as_of != date)
        .map(|s| CrossProblem {
            code: "NOT_AS_OF_DATE",
            severity: Severity::Warning,
            parks: vec![s.park.clone()],
            message: format!(
                "园区“{}”的报送截至 {}，不是{} {date}：未计入区县合计，请该园区按此日期重新报送",
                s.park,
                s.as_of,
                if asked.is_some() {
                    "所选日期"
                } else {
                    "最新日期"
                }
            ),
        })
        .collect()
}
