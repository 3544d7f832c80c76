//! Lists as the desktop pages show them: the units table filtered, sorted
//! and cut to a page, so that a district's 100,000 units never cross to
//! the window at once; gaps grouped per record.

mod dashboard;
mod detail;
mod history;
pub mod labels;
pub mod life;
pub mod members;
mod order;
pub mod trend;

pub use dashboard::{dashboard, trend, Dashboard, RateTexts, TrendPoint, GAPS_PER_SEVERITY};
pub use detail::{org_detail, unit_detail, OrgDetail, UnitDetail};
pub use history::{history, Change, HistoryRow};
pub use labels::labels;
pub use order::name_key;

use crate::model::*;
use crate::rules::facts::Facts;
use crate::rules::gaps::{self, Code, Gap};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most rows a list sends to the window.
pub const DEFAULT_LIMIT: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapTag {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
}

fn tags(gaps: Vec<Gap>) -> Vec<GapTag> {
    gaps.into_iter()
        .map(|g| GapTag {
            code: g.code,
            severity: g.severity,
            message: g.message,
        })
        .collect()
}

/// What the units table asks for; empty strings mean "any".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UnitQuery {
    /// Matched against name, credit code, town and village.
    pub text: String,
    pub status: String,
    pub stage: String,
    pub ownership: String,
    /// A gap code, or `*` for units with any gap.
    pub gap: String,
    /// name, kind, ownership, stage, employees, full_members, status, gaps.
    pub sort: String,
    pub desc: bool,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    #[serde(flatten)]
    pub unit: Unit,
    pub active: bool,
    pub status: Option<Status>,
    pub gaps: Vec<GapTag>,
    pub commissioner_name: Option<String>,
    pub instructor_name: Option<String>,
    pub organizations: Vec<String>,
    /// Members as of the date, as the rules count them (the roster's
    /// while the park keeps one; the typed counts stay in `unit`).
    pub members_full: u64,
    pub members_probationary: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitList {
    /// Whether the counts come from the roster (the form's typed counts
    /// are unused then).
    pub roster: bool,
    pub rows: Vec<UnitRow>,
    /// How many units match the query (rows holds at most `limit`).
    pub matched: usize,
    pub total: usize,
    /// The gap codes present, for the filter.
    pub gap_codes: Vec<Code>,
}

fn status_rank(s: Option<Status>) -> usize {
    s.map_or(Status::ALL.len(), |s| {
        Status::ALL.iter().position(|&x| x == s).unwrap_or(0)
    })
}

#[must_use]
pub fn units(facts: &Facts, lang: Lang, q: &UnitQuery) -> UnitList {
    let reg = facts.reg;
    // Codes only (no messages) for every unit; messages for the rows sent.
    let codes: Vec<Vec<Code>> = (0..reg.units.len())
        .map(|u| gaps::unit_codes(facts, u))
        .collect();
    let mut gap_codes: Vec<Code> = codes.iter().flatten().copied().collect();
    gap_codes.sort_by_key(|c| *c as u8);
    gap_codes.dedup();
    let text = q.text.trim().to_lowercase();
    let matches_text = |u: &Unit| {
        text.is_empty()
            || [
                Some(&u.name),
                u.credit_code.as_ref(),
                u.town.as_ref(),
                u.village.as_ref(),
            ]
            .iter()
            .flatten()
            .any(|v| v.to_lowercase().contains(&text))
    };
    let mut chosen: Vec<usize> = (0..reg.units.len())
        .filter(|&i| {
            let u = &reg.units[i];
            matches_text(u)
                && (q.status.is_empty()
                    || facts.status[i].map(|s| code_of(&s)).as_deref() == Some(q.status.as_str()))
                && (q.stage.is_empty() || code_of(&u.stage) == q.stage)
                && match q.ownership.as_str() {
                    "" => true,
                    // The three non-public ownerships together.
                    "non_public" => u.ownership.is_non_public(),
                    code => code_of(&u.ownership) == code,
                }
                && match q.gap.as_str() {
                    "" => true,
                    "*" => !codes[i].is_empty(),
                    code => codes[i].iter().any(|c| code_of(c) == code),
                }
        })
        .collect();
    match q.sort.as_str() {
        "kind" => chosen.sort_by_key(|&i| reg.units[i].kind as u8),
        "ownership" => chosen.sort_by_key(|&i| reg.units[i].ownership as u8),
        "stage" => chosen.sort_by_key(|&i| reg.units[i].stage as u8),
        "employees" => chosen.sort_by_key(|&i| reg.units[i].employees),
        "full_members" => chosen.sort_by_key(|&i| facts.unit_members[i].full),
        "status" => chosen.sort_by_key(|&i| status_rank(facts.status[i])),
        "gaps" => chosen.sort_by_key(|&i| codes[i].len()),
        _ => chosen.sort_by_cached_key(|&i| name_key(&reg.units[i].name)),
    }
    if q.desc {
        chosen.reverse();
    }
    let matched = chosen.len();
    let limit = if q.limit == 0 { DEFAULT_LIMIT } else { q.limit };
    let name = |p: &Option<String>| {
        p.as_deref()
            .and_then(|id| facts.index.person(id))
            .map(|p| p.name.clone())
    };
    let rows = chosen
        .into_iter()
        .take(limit)
        .map(|i| {
            let u = &reg.units[i];
            UnitRow {
                active: facts.unit_active[i],
                status: facts.status[i],
                gaps: tags(gaps::unit_gaps(facts, i, lang)),
                commissioner_name: name(&u.commissioner),
                instructor_name: name(&u.instructor),
                organizations: facts.unit_orgs[i]
                    .iter()
                    .map(|&o| reg.organizations[o].name.clone())
                    .collect(),
                members_full: facts.unit_members[i].full,
                members_probationary: facts.unit_members[i].probationary,
                unit: u.clone(),
            }
        })
        .collect();
    UnitList {
        roster: reg.park.roster,
        rows,
        matched,
        total: reg.units.len(),
        gap_codes,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgRow {
    #[serde(flatten)]
    pub org: Organization,
    pub active: bool,
    pub full_members: u64,
    pub probationary_members: u64,
    pub unit_names: Vec<String>,
    pub secretary_name: Option<String>,
    pub election_due: Option<chrono::NaiveDate>,
    pub gaps: Vec<GapTag>,
    /// Children of this organization not sent (beyond the per-level limit).
    pub more_children: usize,
}

/// The organization tree, each level cut to its first `per_parent`
/// children, in tree order (parents before their children).
pub fn orgs(facts: &Facts, lang: Lang, per_parent: usize) -> Vec<OrgRow> {
    let reg = facts.reg;
    let mut children: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (o, org) in reg.organizations.iter().enumerate() {
        let parent = org
            .parent
            .as_deref()
            .and_then(|p| facts.org_at(p))
            .filter(|&p| p != o);
        children.entry(parent).or_default().push(o);
    }
    let mut out = Vec::new();
    let mut stack: Vec<usize> = children
        .get(&None)
        .map_or(Vec::new(), |c| c.iter().rev().copied().collect());
    let mut seen = vec![false; reg.organizations.len()];
    while let Some(o) = stack.pop() {
        if std::mem::replace(&mut seen[o], true) {
            continue;
        }
        let kids = children.get(&Some(o)).map_or(&[][..], Vec::as_slice);
        let shown = &kids[..kids.len().min(per_parent)];
        stack.extend(shown.iter().rev());
        let org = &reg.organizations[o];
        let members = facts.members(o);
        out.push(OrgRow {
            active: facts.org_active[o],
            full_members: members.full,
            probationary_members: members.probationary,
            unit_names: org
                .units
                .iter()
                .filter_map(|u| facts.index.unit(u))
                .map(|u| u.name.clone())
                .collect(),
            secretary_name: org
                .secretary
                .as_deref()
                .and_then(|p| facts.index.person(p))
                .map(|p| p.name.clone()),
            election_due: crate::rules::facts::election_due(org),
            gaps: tags(gaps::org_gaps(facts, o, lang)),
            more_children: kids.len() - shown.len(),
            org: org.clone(),
        });
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    #[serde(flatten)]
    pub person: Person,
    pub commissioner_of: Vec<String>,
    pub instructor_of: Vec<String>,
    pub secretary_of: Vec<String>,
}

/// People with the units and organizations each serves; the first
/// `limit`, and how many there are in all.
#[must_use]
pub fn people(reg: &Registry, limit: usize) -> (Vec<PersonRow>, usize) {
    let mut commissioner: HashMap<&str, Vec<String>> = HashMap::new();
    let mut instructor: HashMap<&str, Vec<String>> = HashMap::new();
    let mut secretary: HashMap<&str, Vec<String>> = HashMap::new();
    for u in &reg.units {
        if let Some(p) = &u.commissioner {
            commissioner.entry(p).or_default().push(u.name.clone());
        }
        if let Some(p) = &u.instructor {
            instructor.entry(p).or_default().push(u.name.clone());
        }
    }
    for o in &reg.organizations {
        if let Some(p) = &o.secretary {
            secretary.entry(p).or_default().push(o.name.clone());
        }
    }
    let rows = reg
        .people
        .iter()
        .take(limit)
        .map(|p| PersonRow {
            commissioner_of: commissioner.remove(p.id.as_str()).unwrap_or_default(),
            instructor_of: instructor.remove(p.id.as_str()).unwrap_or_default(),
            secretary_of: secretary.remove(p.id.as_str()).unwrap_or_default(),
            person: members::listed(p),
        })
        .collect();
    (rows, reg.people.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn list(q: UnitQuery) -> UnitList {
        let reg = crate::samples::sample_park();
        let facts = Facts::new(&reg, NaiveDate::from_ymd_opt(2013, 6, 30).unwrap());
        units(&facts, Lang::Zh, &q)
    }

    #[test]
    fn filters_sorts_and_limits() {
        let all = list(UnitQuery::default());
        assert_eq!((all.total, all.matched, all.rows.len()), (31, 31, 31));
        let cases: Vec<(UnitQuery, usize)> = vec![
            (
                UnitQuery {
                    stage: "construction".into(),
                    ..Default::default()
                },
                8,
            ),
            (
                UnitQuery {
                    status: "group".into(),
                    ..Default::default()
                },
                6,
            ),
            (
                UnitQuery {
                    text: "沙文".into(),
                    ..Default::default()
                },
                all.rows
                    .iter()
                    .filter(|r| {
                        r.unit.town.as_deref() == Some("沙文镇")
                            || r.unit.village.as_deref() == Some("沙文村")
                    })
                    .count(),
            ),
            (
                UnitQuery {
                    gap: "BRANCH_REQUIRED".into(),
                    ..Default::default()
                },
                2,
            ),
            (
                UnitQuery {
                    gap: "*".into(),
                    ..Default::default()
                },
                all.rows.iter().filter(|r| !r.gaps.is_empty()).count(),
            ),
            (
                UnitQuery {
                    ownership: "state".into(),
                    stage: "construction".into(),
                    ..Default::default()
                },
                3,
            ),
        ];
        for (q, n) in cases {
            assert_eq!(list(q.clone()).matched, n, "{q:?}");
        }
        let top = list(UnitQuery {
            sort: "employees".into(),
            desc: true,
            limit: 3,
            ..Default::default()
        });
        assert_eq!(top.matched, 31);
        assert_eq!(top.rows.len(), 3);
        assert_eq!(top.rows[0].unit.employees, 1200);
        assert!(top.rows[0].unit.employees >= top.rows[1].unit.employees);
        assert!(all.gap_codes.contains(&Code::InstructorNotMember));
    }
}
