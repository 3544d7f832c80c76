//! What holds on a date D: which units and organizations are active, which
//! active units each organization covers, and each unit's coverage status.
//! Computed once per (registry, D) and shared by the coverage and gap rules.

use crate::model::*;
use chrono::{Datelike, NaiveDate};
use foldhash::HashMap;
use std::sync::{Arc, OnceLock};

/// A unit is active when it has started (or has no start) and is not closed.
#[must_use]
pub fn unit_active(u: &Unit, d: NaiveDate) -> bool {
    u.started_on.is_none_or(|s| s <= d) && u.closed_on.is_none_or(|c| c > d)
}

/// An organization is active from its founding until (excluding) dissolution.
#[must_use]
pub fn org_active(o: &Organization, d: NaiveDate) -> bool {
    o.founded_on <= d && o.dissolved_on.is_none_or(|x| x > d)
}

/// `date` plus whole calendar years; 29 February falls on 28 February.
#[must_use]
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year() + years;
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
        .expect("only 29 February can fail, and 28 February exists")
}

/// When an organization's next election falls due, if it holds elections.
#[must_use]
pub fn election_due(o: &Organization) -> Option<NaiveDate> {
    let term = o.kind.term_years()?;
    Some(add_years(o.last_election_on.unwrap_or(o.founded_on), term))
}

/// Members of an organization: the summed members of the units it covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Members {
    pub full: u64,
    pub probationary: u64,
}

impl Members {
    #[must_use]
    pub fn all(self) -> u64 {
        self.full + self.probationary
    }
}

/// Each unit's full and probationary members at D, in registry order: the
/// roster's when the park keeps one (members at D working in the unit, in
/// both relationships), else the typed counts.
#[must_use]
pub fn unit_members_at(reg: &Registry, index: &Index, d: NaiveDate) -> Vec<Members> {
    if reg.park.roster {
        return roster_members_at(reg, index, d);
    }
    reg.units
        .iter()
        .map(|u| Members {
            full: u64::from(u.full_members),
            probationary: u64::from(u.probationary_members),
        })
        .collect()
}

/// Each unit's members at D as the roster counts them, whether or not the
/// park keeps it (what the clerk reconciles before switching it on).
#[must_use]
pub fn roster_members_at(reg: &Registry, index: &Index, d: NaiveDate) -> Vec<Members> {
    let mut out = vec![Members::default(); reg.units.len()];
    for m in reg.people.iter().filter_map(|p| p.membership.as_ref()) {
        let Some(u) = m.unit.as_deref().and_then(|id| index.unit_at(id)) else {
            continue;
        };
        if m.full_at(d) {
            out[u].full += 1;
        } else if m.member_at(d) {
            out[u].probationary += 1;
        }
    }
    out
}

pub struct Facts<'a> {
    pub reg: &'a Registry,
    pub date: NaiveDate,
    pub index: Index<'a>,
    /// Net starter-fund money per organization, entries dated on or before D.
    starter_fund_paid: HashMap<&'a str, Fen>,
    /// Per organization, its starter funds dated on or before D and not
    /// reversed by then.
    starter_funds: HashMap<&'a str, Vec<&'a LedgerEntry>>,
    pub unit_active: Vec<bool>,
    pub org_active: Vec<bool>,
    /// For each active organization, the active units it covers.
    pub org_units: Vec<Vec<usize>>,
    /// For each unit, the active organizations covering it.
    pub unit_orgs: Vec<Vec<usize>>,
    /// Each unit's full and probationary members at D: the roster's when
    /// the park keeps one, else the typed counts (`unit_members_at`).
    pub unit_members: Vec<Members>,
    /// Coverage status of each active enterprise or project; `None` for others.
    pub status: Vec<Option<Status>>,
    /// For each organization, the positions of its meeting records: the
    /// same on every date, so shared by the facts of other dates (`on`),
    /// and found only when asked for (a district has millions of records,
    /// which the coverage and money rules never read).
    meetings: Arc<OnceLock<MeetingsByOrg>>,
}

/// The positions of each organization's meeting records, in registry order,
/// as one flat list: `at[start[o]..start[o + 1]]` are organization `o`'s.
struct MeetingsByOrg {
    start: Vec<usize>,
    at: Vec<usize>,
}

impl MeetingsByOrg {
    fn of(reg: &Registry, index: &Index) -> MeetingsByOrg {
        let org_of: Vec<Option<usize>> =
            reg.meetings.iter().map(|m| index.org_at(&m.org)).collect();
        let mut start = vec![0; reg.organizations.len() + 1];
        for o in org_of.iter().flatten() {
            start[o + 1] += 1;
        }
        for o in 1..start.len() {
            start[o] += start[o - 1];
        }
        let mut next = start.clone();
        let mut at = vec![0; start[reg.organizations.len()]];
        for (i, o) in org_of.iter().enumerate() {
            if let Some(&o) = o.as_ref() {
                at[next[o]] = i;
                next[o] += 1;
            }
        }
        MeetingsByOrg { start, at }
    }

    fn of_org(&self, o: usize) -> &[usize] {
        &self.at[self.start[o]..self.start[o + 1]]
    }
}

impl<'a> Facts<'a> {
    #[must_use]
    pub fn new(reg: &'a Registry, date: NaiveDate) -> Facts<'a> {
        Facts::with(reg, date, reg.index(), Arc::default())
    }

    /// The facts of the same registry on another date. Cheaper than `new`:
    /// what does not depend on the date (the meetings of each organization,
    /// millions of records in a district) is shared, not found again.
    #[must_use]
    pub fn on(&self, date: NaiveDate) -> Facts<'a> {
        Facts::with(self.reg, date, self.reg.index(), Arc::clone(&self.meetings))
    }

    fn with(
        reg: &'a Registry,
        date: NaiveDate,
        index: Index<'a>,
        meetings: Arc<OnceLock<MeetingsByOrg>>,
    ) -> Facts<'a> {
        let unit_active: Vec<bool> = reg.units.iter().map(|u| unit_active(u, date)).collect();
        let org_active: Vec<bool> = reg
            .organizations
            .iter()
            .map(|o| org_active(o, date))
            .collect();
        let mut starter_fund_paid: HashMap<&str, Fen> = HashMap::default();
        let mut starter_funds: HashMap<&str, Vec<&LedgerEntry>> = HashMap::default();
        for e in reg
            .ledger
            .iter()
            .filter(|e| e.purpose == Purpose::StarterFund && e.date <= date)
        {
            if let Some(org) = e.org.as_deref() {
                let paid = starter_fund_paid.entry(org).or_default();
                *paid = paid.saturating_add(e.signed_fen());
                let open = starter_funds.entry(org).or_default();
                match e.reverses.as_deref() {
                    Some(r) => open.retain(|o| o.id != r),
                    None => open.push(e),
                }
            }
        }
        let unit_members = unit_members_at(reg, &index, date);
        let mut facts = Facts {
            reg,
            date,
            index,
            starter_fund_paid,
            starter_funds,
            unit_active,
            org_active,
            org_units: vec![Vec::new(); reg.organizations.len()],
            unit_orgs: vec![Vec::new(); reg.units.len()],
            unit_members,
            status: Vec::new(),
            meetings,
        };
        for (o, org) in reg.organizations.iter().enumerate() {
            if !facts.org_active[o] {
                continue;
            }
            for id in &org.units {
                if let Some(u) = facts.index.unit_at(id) {
                    if facts.unit_active[u] {
                        facts.org_units[o].push(u);
                        facts.unit_orgs[u].push(o);
                    }
                }
            }
        }
        facts.status = (0..reg.units.len())
            .map(|u| facts.compute_status(u))
            .collect();
        facts
    }

    /// The meeting records of organization `o`, in registry order.
    pub fn meetings_of(&self, o: usize) -> impl Iterator<Item = &'a Meeting> + '_ {
        self.meetings
            .get_or_init(|| MeetingsByOrg::of(self.reg, &self.index))
            .of_org(o)
            .iter()
            .map(|&i| &self.reg.meetings[i])
    }

    #[must_use]
    pub fn unit_at(&self, id: &str) -> Option<usize> {
        self.index.unit_at(id)
    }

    #[must_use]
    pub fn org_at(&self, id: &str) -> Option<usize> {
        self.index.org_at(id)
    }

    /// Units in the scope of the rates: active enterprises and projects
    /// with at least the park's minimum of employees.
    #[must_use]
    pub fn in_scope(&self, u: usize) -> bool {
        self.is_coverable(u) && self.reg.units[u].employees >= self.reg.park.min_employees
    }

    /// Active enterprise and project units: the ones coverage is about.
    #[must_use]
    pub fn is_coverable(&self, u: usize) -> bool {
        self.unit_active[u] && self.reg.units[u].kind != UnitKind::Organ
    }

    /// The parent of an organization, if it is active and basic.
    #[must_use]
    pub fn active_basic_parent(&self, o: usize) -> Option<usize> {
        let parent = self.reg.organizations[o].parent.as_deref()?;
        let p = self.org_at(parent)?;
        (self.org_active[p] && self.reg.organizations[p].kind.is_basic()).then_some(p)
    }

    #[must_use]
    pub fn members(&self, o: usize) -> Members {
        self.org_units[o].iter().fold(Members::default(), |m, &u| {
            let unit = self.unit_members[u];
            Members {
                full: m.full + unit.full,
                probationary: m.probationary + unit.probationary,
            }
        })
    }

    fn compute_status(&self, u: usize) -> Option<Status> {
        if !self.is_coverable(u) {
            return None;
        }
        let orgs = &self.unit_orgs[u];
        let basic = |single: bool| {
            orgs.iter().any(|&o| {
                self.reg.organizations[o].kind.is_basic()
                    && (self.org_units[o].len() == 1) == single
            })
        };
        let status = if basic(true) {
            Status::Own
        } else if basic(false) {
            Status::Joint
        } else if orgs.iter().any(|&o| {
            self.reg.organizations[o].kind == OrgKind::Group
                && self.active_basic_parent(o).is_some()
        }) {
            Status::Group
        } else if self.reg.units[u].instructor.is_some() {
            Status::Instructor
        } else {
            Status::None
        };
        Some(status)
    }

    /// Net starter-fund money organization `o` received up to D.
    #[must_use]
    pub fn starter_fund_paid(&self, o: usize) -> Fen {
        let id = self.reg.organizations[o].id.as_str();
        self.starter_fund_paid.get(id).copied().unwrap_or(0)
    }

    /// Organization `o`'s starter funds dated on or before D and not
    /// reversed by then.
    pub fn starter_funds(&self, o: usize) -> &[&'a LedgerEntry] {
        let id = self.reg.organizations[o].id.as_str();
        self.starter_funds.get(id).map_or(&[], Vec::as_slice)
    }

    /// Is an organization owed a starter fund on this date?
    #[must_use]
    pub fn starter_fund_eligible(&self, o: usize) -> bool {
        let covered = self.org_units[o].iter().map(|&u| &self.reg.units[u]);
        starter_fund_eligible(
            &self.reg.park,
            &self.reg.organizations[o],
            self.date,
            covered,
        )
    }
}

/// DOMAIN.md "Starter fund": an active basic organization with a parent,
/// founded since the park's starter-fund date, covering a non-public unit.
/// `covered` are the units it covers that are active on `d`.
pub fn starter_fund_eligible<'u>(
    park: &Park,
    org: &Organization,
    d: NaiveDate,
    mut covered: impl Iterator<Item = &'u Unit>,
) -> bool {
    org_active(org, d)
        && org.kind.is_basic()
        && org.parent.is_some()
        && org.founded_on >= park.starter_fund_since
        && covered.any(|u| u.ownership.is_non_public())
}
