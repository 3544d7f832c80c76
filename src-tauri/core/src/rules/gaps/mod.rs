//! The gaps (DOMAIN.md "Gaps"): what is missing or due, as of a date, each
//! with a message that tells the clerk what to do, in Chinese or English.

mod code;
mod finding;
mod members;

pub use code::{Code, LABELS};
pub use finding::date_zh;

use crate::model::*;
use crate::rules::facts::{election_due, Facts};
use crate::rules::ledger;
use crate::rules::life;
use chrono::NaiveDate;
use finding::Finding;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub code: Code,
    pub severity: Severity,
    pub unit: Option<String>,
    pub org: Option<String>,
    /// The person a member gap is about.
    pub person: Option<String>,
    /// The name of the unit, organization or person, for display.
    pub name: String,
    pub message: String,
}

#[must_use]
pub fn find(reg: &Registry, d: NaiveDate, lang: Lang) -> Vec<Gap> {
    find_in(&Facts::new(reg, d), lang)
}

/// What a gap is about: a unit, an organization or a person, by index.
#[derive(Clone, Copy)]
enum Subject {
    Unit(usize),
    Org(usize),
    Person(usize),
}

impl Subject {
    /// The gap `finding` makes about this subject, its message written.
    fn gap(self, facts: &Facts, finding: &Finding, lang: Lang) -> Gap {
        let (unit, org, person, name) = match self {
            Subject::Unit(u) => {
                let unit = &facts.reg.units[u];
                (Some(unit.id.clone()), None, None, unit.name.clone())
            }
            Subject::Org(o) => {
                let org = &facts.reg.organizations[o];
                (None, Some(org.id.clone()), None, org.name.clone())
            }
            Subject::Person(p) => {
                let person = &facts.reg.people[p];
                (None, None, Some(person.id.clone()), person.name.clone())
            }
        };
        Gap {
            code: finding.code(),
            severity: finding.code().severity(),
            unit,
            org,
            person,
            name,
            message: finding.message(lang),
        }
    }
}

/// A finding with what it is listed by: severity, name, code.
type Found<'a> = (Severity, &'a str, Code, Subject, Finding);

/// The order gaps are listed in: most severe first, then by name and code
/// (then as found: sorts that use this are stable).
fn listing_order(a: &Found, b: &Found) -> std::cmp::Ordering {
    (a.0, a.1, a.2 as u8).cmp(&(b.0, b.1, b.2 as u8))
}

/// Every finding in the order gaps are listed, messages not yet written:
/// most of a large registry's are only counted.
fn sorted_findings<'a>(facts: &Facts<'a>) -> Vec<Found<'a>> {
    let mut found = findings(facts);
    found.sort_by(listing_order);
    found
}

/// Every finding as found: units, organizations, then people (when the
/// park keeps its roster).
fn findings<'a>(facts: &Facts<'a>) -> Vec<Found<'a>> {
    let reg = facts.reg;
    let units = (0..reg.units.len()).flat_map(|u| {
        unit_findings(facts, u)
            .into_iter()
            .map(move |f| (reg.units[u].name.as_str(), Subject::Unit(u), f))
    });
    let orgs = (0..reg.organizations.len()).flat_map(|o| {
        org_findings(facts, o)
            .into_iter()
            .map(move |f| (reg.organizations[o].name.as_str(), Subject::Org(o), f))
    });
    let people = (0..reg.people.len()).flat_map(|p| {
        members::person_findings(facts, p)
            .into_iter()
            .map(move |f| (reg.people[p].name.as_str(), Subject::Person(p), f))
    });
    units
        .chain(orgs)
        .chain(people)
        .map(|(name, subject, f)| (f.code().severity(), name, f.code(), subject, f))
        .collect()
}

/// Every gap as of the facts' date, most severe first, then by name.
#[must_use]
pub fn find_in(facts: &Facts, lang: Lang) -> Vec<Gap> {
    sorted_findings(facts)
        .iter()
        .map(|(_, _, _, subject, f)| subject.gap(facts, f, lang))
        .collect()
}

/// How many gaps there are of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GapCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl GapCounts {
    fn slot(&mut self, s: Severity) -> &mut usize {
        match s {
            Severity::Error => &mut self.error,
            Severity::Warning => &mut self.warning,
            Severity::Info => &mut self.info,
        }
    }

    pub fn add(&mut self, s: Severity) {
        *self.slot(s) += 1;
    }

    #[must_use]
    pub fn of(mut self, s: Severity) -> usize {
        *self.slot(s)
    }

    /// Counts the gaps of unit `u` (by index).
    pub fn add_unit(&mut self, facts: &Facts, u: usize) {
        for f in unit_findings(facts, u) {
            self.add(f.code().severity());
        }
    }

    /// Counts the gaps of organization `o` (by index).
    pub fn add_org(&mut self, facts: &Facts, o: usize) {
        for f in org_findings(facts, o) {
            self.add(f.code().severity());
        }
    }

    /// Counts the gaps of person `p` (by index).
    pub fn add_person(&mut self, facts: &Facts, p: usize) {
        for f in members::person_findings(facts, p) {
            self.add(f.code().severity());
        }
    }
}

/// The first `n` gaps of each severity, in `find_in`'s order, and how
/// many there are of each; only the gaps returned get their messages
/// written.
pub fn first_of_each_severity(facts: &Facts, lang: Lang, n: usize) -> (Vec<Gap>, GapCounts) {
    let mut by_severity: [Vec<(usize, Found)>; 3] = Default::default();
    for (i, found) in findings(facts).into_iter().enumerate() {
        by_severity[found.0 as usize].push((i, found));
    }
    let [error, warning, info] = by_severity.each_ref().map(Vec::len);
    let counts = GapCounts {
        error,
        warning,
        info,
    };
    // Only the first n of each are put in order: a large registry has
    // tens of thousands of findings, and sorting them all by name costs
    // more than finding them.
    let in_order =
        |a: &(usize, Found), b: &(usize, Found)| listing_order(&a.1, &b.1).then(a.0.cmp(&b.0));
    let shown = by_severity
        .into_iter()
        .flat_map(|mut found| {
            if found.len() > n {
                found.select_nth_unstable_by(n, in_order);
                found.truncate(n);
            }
            found.sort_unstable_by(in_order);
            found
        })
        .map(|(_, (.., subject, f))| subject.gap(facts, &f, lang))
        .collect();
    (shown, counts)
}

/// The gaps of unit `u` (by index), unsorted.
#[must_use]
pub fn unit_gaps(facts: &Facts, u: usize, lang: Lang) -> Vec<Gap> {
    unit_findings(facts, u)
        .iter()
        .map(|f| Subject::Unit(u).gap(facts, f, lang))
        .collect()
}

/// The gaps of person `p` (by index), unsorted.
#[must_use]
pub fn person_gaps(facts: &Facts, p: usize, lang: Lang) -> Vec<Gap> {
    members::person_findings(facts, p)
        .iter()
        .map(|f| Subject::Person(p).gap(facts, f, lang))
        .collect()
}

/// The gaps of organization `o` (by index), unsorted.
#[must_use]
pub fn org_gaps(facts: &Facts, o: usize, lang: Lang) -> Vec<Gap> {
    org_findings(facts, o)
        .iter()
        .map(|f| Subject::Org(o).gap(facts, f, lang))
        .collect()
}

/// The codes of unit `u`'s gaps, without writing their messages.
pub fn unit_codes(facts: &Facts, u: usize) -> Vec<Code> {
    unit_findings(facts, u).iter().map(Finding::code).collect()
}

fn unit_findings(facts: &Facts, u: usize) -> Vec<Finding> {
    let Some(status) = facts.status[u] else {
        return Vec::new();
    };
    let unit = &facts.reg.units[u];
    let full = facts.unit_members[u].full;
    let mut out = Vec::new();
    if status == Status::None {
        out.push(Finding::Uncovered);
    }
    if full >= 3 && status != Status::Own {
        out.push(Finding::BranchRequired { full, status });
    }
    if (1..=2).contains(&full) && matches!(status, Status::None | Status::Instructor) {
        out.push(Finding::JoinRequired { full });
    }
    if unit.stage == Stage::Construction {
        if unit.commissioner.is_none() {
            out.push(Finding::NoCommissioner);
        }
        if unit.instructor.is_none() {
            out.push(Finding::NoInstructor);
        }
    }
    if let Some(person) = unit
        .instructor
        .as_deref()
        .and_then(|id| facts.index.person(id))
    {
        if !person.is_member_at(&facts.reg.park, facts.date) {
            out.push(Finding::InstructorNotMember {
                person: person.name.clone(),
            });
        }
    }
    out
}

fn org_findings(facts: &Facts, o: usize) -> Vec<Finding> {
    let org = &facts.reg.organizations[o];
    // About past payments: holds whether or not the organization is still active.
    let mut out: Vec<Finding> = facts
        .starter_funds(o)
        .iter()
        .filter_map(|e| {
            let what = ledger::starter_fund_disagreements(facts.reg, &facts.index, org, e);
            (!what.is_empty()).then(|| Finding::StarterFundIneligible {
                voucher: e.voucher.clone(),
                date: e.date,
                what,
            })
        })
        .collect();
    if !facts.org_active[o] {
        return out;
    }
    let d = facts.date;
    let members = facts.members(o);
    let units = facts.org_units[o].len();
    if org.kind == OrgKind::JointBranch && units > 5 {
        out.push(Finding::JointTooWide { units });
    }
    if org.kind.is_branch_level() {
        if members.full >= 7 && org.committee_size == 0 {
            out.push(Finding::CommitteeRequired { full: members.full });
        }
        if org.committee_size != 0 && !(3..=7).contains(&org.committee_size) {
            out.push(Finding::CommitteeSize {
                size: org.committee_size,
            });
        }
    }
    let upgrade = (org.kind.is_branch_level() && members.all() > 50)
        || (org.kind == OrgKind::GeneralBranch && members.all() >= 100);
    if upgrade {
        out.push(Finding::UpgradeSuggested {
            members: members.all(),
            kind: org.kind,
        });
    }
    if let Some(due) = election_due(org) {
        if d >= crate::rules::facts::add_years(due, 1) {
            out.push(Finding::ElectionSeverelyOverdue { due });
        } else if d >= due {
            out.push(Finding::ElectionOverdue { due });
        } else if d >= due - chrono::Duration::days(90) {
            out.push(Finding::ElectionDue { due });
        }
    }
    if org.kind.is_basic() && org.secretary.is_none() {
        out.push(Finding::SecretaryVacant);
    }
    if org.kind == OrgKind::Group && facts.active_basic_parent(o).is_none() {
        out.push(Finding::GroupOrphaned);
    }
    if org.kind == OrgKind::TemporaryBranch
        && !facts.org_units[o]
            .iter()
            .any(|&u| facts.reg.units[u].stage == Stage::Construction)
    {
        out.push(Finding::TemporaryStale);
    }
    if let Some(paid) = ledger::starter_fund_unpaid(facts, o) {
        out.push(Finding::StarterFundUnpaid {
            paid,
            min: facts.reg.park.starter_fund_min_fen,
        });
    }
    out.extend(
        life::due(facts, o)
            .into_iter()
            .filter(|&(.., kept)| !kept)
            .map(|(rule, period, _)| Finding::Missed { rule, period }),
    );
    out
}
