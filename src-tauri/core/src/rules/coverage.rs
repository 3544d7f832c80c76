//! The summary as of a date: counts, coverage status counts, the six rates
//! (DOMAIN.md "Rates") and the year's money.

use crate::model::*;
use crate::rules::facts::Facts;
use crate::rules::ledger::{self, YearTotals};
use crate::rules::life::{LifeFigures, LifeTally};
use crate::rules::table27::Table27;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub park: String,
    pub as_of: NaiveDate,
    pub units: UnitCounts,
    pub coverage: Coverage,
    pub status_counts: StatusCounts,
    pub organizations: OrgCounts,
    pub money: YearTotals,
    /// Eligible organizations still without their starter fund.
    pub starter_fund_owed: usize,
    /// The national statistics' table of non-public enterprises.
    pub table27: Table27,
    /// The year's meetings, training and compliance.
    pub organizational_life: LifeFigures,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitCounts {
    /// Active units of every kind, the park administration included.
    pub total: usize,
    pub enterprises: usize,
    pub projects: usize,
    pub organs: usize,
    pub in_scope: usize,
    pub non_public_in_scope: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub all: Rates,
    pub non_public: Rates,
}

/// Each rate is in [0, 1], or `None` over an empty scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rates {
    pub organizational: Option<f64>,
    pub single_build: Option<f64>,
    pub work: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub own: usize,
    pub joint: usize,
    pub group: usize,
    pub instructor: usize,
    pub none: usize,
}

impl StatusCounts {
    fn slot(&mut self, s: Status) -> &mut usize {
        match s {
            Status::Own => &mut self.own,
            Status::Joint => &mut self.joint,
            Status::Group => &mut self.group,
            Status::Instructor => &mut self.instructor,
            Status::None => &mut self.none,
        }
    }

    pub fn add(&mut self, s: Status) {
        *self.slot(s) += 1;
    }

    fn merge(&mut self, other: &StatusCounts) {
        for s in Status::ALL {
            *self.slot(s) += other.count(|t| t == s);
        }
    }

    /// How many units have a status that `holds`.
    #[must_use]
    pub fn count(&self, holds: impl Fn(Status) -> bool) -> usize {
        let mut counts = *self;
        Status::ALL
            .into_iter()
            .filter(|&s| holds(s))
            .map(|s| *counts.slot(s))
            .sum()
    }

    /// The rates as DOMAIN.md "Rates" defines them, over `Status`'s own
    /// notions of organizational and work coverage.
    fn rates(&self) -> Rates {
        let n = self.count(|_| true);
        let rate = |k: usize| (n > 0).then(|| k as f64 / n as f64);
        Rates {
            organizational: rate(self.count(Status::is_organizational)),
            single_build: rate(self.own),
            work: rate(self.count(Status::is_work)),
        }
    }
}

/// The coverage statuses of the units in the rates' scope, all of them
/// and the non-public ones: what the six rates are computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeCounts {
    pub all: StatusCounts,
    pub non_public: StatusCounts,
}

impl ScopeCounts {
    /// Counts unit `u` (by index) if it is in the rates' scope on the
    /// facts' date; whether it was.
    pub fn add_unit(&mut self, facts: &Facts, u: usize) -> bool {
        if !facts.in_scope(u) {
            return false;
        }
        let status = facts.status[u].expect("units in scope have a status");
        self.all.add(status);
        if facts.reg.units[u].ownership.is_non_public() {
            self.non_public.add(status);
        }
        true
    }

    #[must_use]
    pub fn coverage(&self) -> Coverage {
        Coverage {
            all: self.all.rates(),
            non_public: self.non_public.rates(),
        }
    }
}

/// Active organizations by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgCounts {
    pub committee: usize,
    pub general_branch: usize,
    pub branch: usize,
    pub joint_branch: usize,
    pub temporary_branch: usize,
    pub group: usize,
}

impl OrgCounts {
    fn add(&mut self, k: OrgKind) {
        *match k {
            OrgKind::Committee => &mut self.committee,
            OrgKind::GeneralBranch => &mut self.general_branch,
            OrgKind::Branch => &mut self.branch,
            OrgKind::JointBranch => &mut self.joint_branch,
            OrgKind::TemporaryBranch => &mut self.temporary_branch,
            OrgKind::Group => &mut self.group,
        } += 1;
    }
}

#[must_use]
pub fn summary(reg: &Registry, d: NaiveDate) -> Summary {
    summary_of(&Facts::new(reg, d))
}

#[must_use]
pub fn summary_of(facts: &Facts) -> Summary {
    let mut tally = Tally::default();
    for u in 0..facts.reg.units.len() {
        tally.add_unit(facts, u);
    }
    for o in 0..facts.reg.organizations.len() {
        tally.add_org(facts, o);
    }
    let d = facts.date;
    tally.finish(
        &facts.reg.park,
        d,
        ledger::year_totals(facts.reg, d.year(), d),
    )
}

/// The summary's counts, added up one unit and one organization at a time,
/// so that a registry read in slices (the streaming export) sums to the
/// same summary as the whole; and parks' tallies merged, so that the
/// district's rates are ratios of summed counts. The district keeps each
/// park's tally as JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Tally {
    table27: Table27,
    units: UnitCounts,
    scope: ScopeCounts,
    organizations: OrgCounts,
    starter_fund_owed: usize,
    life: LifeTally,
}

impl Tally {
    pub fn add_unit(&mut self, facts: &Facts, u: usize) {
        if !facts.unit_active[u] {
            return;
        }
        self.table27.add_unit(facts, u);
        let unit = &facts.reg.units[u];
        let units = &mut self.units;
        units.total += 1;
        *match unit.kind {
            UnitKind::Enterprise => &mut units.enterprises,
            UnitKind::Project => &mut units.projects,
            UnitKind::Organ => &mut units.organs,
        } += 1;
        if self.scope.add_unit(facts, u) {
            units.in_scope += 1;
            if unit.ownership.is_non_public() {
                units.non_public_in_scope += 1;
            }
        }
    }

    pub fn add_org(&mut self, facts: &Facts, o: usize) {
        self.life.add_org(facts, o);
        if facts.org_active[o] {
            self.organizations.add(facts.reg.organizations[o].kind);
            if ledger::starter_fund_unpaid(facts, o).is_some() {
                self.starter_fund_owed += 1;
            }
        }
    }

    /// Adds another park's tally.
    pub fn merge(&mut self, other: &Tally) {
        self.table27.add_table(&other.table27);
        let (u, o) = (&mut self.units, &other.units);
        u.total += o.total;
        u.enterprises += o.enterprises;
        u.projects += o.projects;
        u.organs += o.organs;
        u.in_scope += o.in_scope;
        u.non_public_in_scope += o.non_public_in_scope;
        self.scope.all.merge(&other.scope.all);
        self.scope.non_public.merge(&other.scope.non_public);
        let (g, h) = (&mut self.organizations, &other.organizations);
        g.committee += h.committee;
        g.general_branch += h.general_branch;
        g.branch += h.branch;
        g.joint_branch += h.joint_branch;
        g.temporary_branch += h.temporary_branch;
        g.group += h.group;
        self.starter_fund_owed += other.starter_fund_owed;
        self.life.merge(&other.life);
    }

    /// The summary as of `d`, with the money of `d`'s year.
    #[must_use]
    pub fn finish(self, park: &Park, d: NaiveDate, money: YearTotals) -> Summary {
        self.summary(&park.name, d, money)
    }

    /// The summary of these counts under `name` (a park's, or the
    /// district's total).
    #[must_use]
    pub fn summary(&self, name: &str, d: NaiveDate, money: YearTotals) -> Summary {
        Summary {
            park: name.to_string(),
            as_of: d,
            units: self.units.clone(),
            coverage: self.scope.coverage(),
            status_counts: self.scope.all,
            organizations: self.organizations,
            money,
            starter_fund_owed: self.starter_fund_owed,
            table27: self.table27.clone(),
            organizational_life: self.life.finish(d.year()),
        }
    }
}
