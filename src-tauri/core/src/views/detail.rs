//! One unit or one organization as its detail panel shows it on a date:
//! the record, what the rules say of it, the names it refers to, its gaps,
//! and its history (read by the caller from the store).

use super::members::{MemberQuery, MemberRow};
use super::HistoryRow;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules::facts::{election_due, Facts};
use crate::rules::gaps::{self, Gap};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitDetail {
    pub unit: Unit,
    pub status: Option<Status>,
    /// The organizations covering the unit at D…
    pub organizations: Vec<Organization>,
    /// …and those that covered it once (dissolved by D) or will (founded
    /// after D), listed apart so that they never read as its coverage.
    pub other_organizations: Vec<Organization>,
    pub commissioner: Option<String>,
    pub instructor: Option<String>,
    /// Full and probationary members at D: the roster's when the park
    /// keeps one, else as typed.
    pub full_members: u64,
    pub probationary_members: u64,
    /// The roster's members at D working in the unit (ID numbers masked);
    /// empty when the park keeps no roster.
    pub members: Vec<MemberRow>,
    pub gaps: Vec<Gap>,
    pub history: Vec<HistoryRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgDetail {
    pub organization: Organization,
    pub parent: Option<String>,
    pub secretary: Option<String>,
    pub units: Vec<Unit>,
    pub full_members: u64,
    pub probationary_members: u64,
    pub election_due: Option<NaiveDate>,
    /// The roster's members at D whose 组织关系 it holds (ID numbers
    /// masked); empty when the park keeps no roster.
    pub members: Vec<MemberRow>,
    pub gaps: Vec<Gap>,
    pub history: Vec<HistoryRow>,
}

/// The roster's members at D that `q` picks, when the park keeps one.
fn roster(facts: &Facts, q: MemberQuery) -> Vec<MemberRow> {
    if !facts.reg.park.roster {
        return Vec::new();
    }
    let q = MemberQuery {
        limit: usize::MAX,
        ..q
    };
    super::members::members(facts.reg, facts.date, &q).rows
}

fn person_name(reg: &Registry, id: &Option<String>) -> Option<String> {
    id.as_deref()
        .and_then(|p| reg.person(p))
        .map(|p| p.name.clone())
}

/// The unit `id` as of the facts' date.
///
/// # Errors
/// `Error::NotFound` when the registry has no unit `id`.
pub fn unit_detail(
    facts: &Facts,
    id: &str,
    lang: Lang,
    history: &[AuditEntry],
) -> Result<UnitDetail> {
    let r = facts.reg;
    let u = facts
        .unit_at(id)
        .ok_or_else(|| Error::NotFound(format!("单位“{id}”")))?;
    let unit = r.units[u].clone();
    let (organizations, other_organizations) = r
        .organizations
        .iter()
        .enumerate()
        .filter(|(_, o)| o.units.iter().any(|x| x == id))
        .partition::<Vec<_>, _>(|&(o, _)| facts.org_active[o]);
    let cloned =
        |list: Vec<(usize, &Organization)>| list.into_iter().map(|(_, o)| o.clone()).collect();
    Ok(UnitDetail {
        status: facts.status[u],
        organizations: cloned(organizations),
        other_organizations: cloned(other_organizations),
        commissioner: person_name(r, &unit.commissioner),
        instructor: person_name(r, &unit.instructor),
        full_members: facts.unit_members[u].full,
        probationary_members: facts.unit_members[u].probationary,
        members: roster(
            facts,
            MemberQuery {
                unit: id.into(),
                ..MemberQuery::default()
            },
        ),
        gaps: gaps::unit_gaps(facts, u, lang),
        history: super::history(history, &facts.index, lang),
        unit,
    })
}

/// The organization `id` as of the facts' date.
///
/// # Errors
/// `Error::NotFound` when the registry has no organization `id`.
pub fn org_detail(
    facts: &Facts,
    id: &str,
    lang: Lang,
    history: &[AuditEntry],
) -> Result<OrgDetail> {
    let r = facts.reg;
    let o = facts
        .org_at(id)
        .ok_or_else(|| Error::NotFound(format!("党组织“{id}”")))?;
    let org = r.organizations[o].clone();
    let members = facts.members(o);
    Ok(OrgDetail {
        parent: org
            .parent
            .as_deref()
            .and_then(|p| r.org(p))
            .map(|p| p.name.clone()),
        secretary: person_name(r, &org.secretary),
        units: org
            .units
            .iter()
            .filter_map(|u| r.unit(u))
            .cloned()
            .collect(),
        full_members: members.full,
        probationary_members: members.probationary,
        election_due: election_due(&org),
        members: roster(
            facts,
            MemberQuery {
                org: id.into(),
                ..MemberQuery::default()
            },
        ),
        gaps: gaps::find_in(facts, lang)
            .into_iter()
            .filter(|g| g.org.as_deref() == Some(id))
            .collect(),
        history: super::history(history, &facts.index, lang),
        organization: org,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::{as_of, sample_park};

    #[test]
    fn details_name_what_they_refer_to() {
        let reg = sample_park();
        let facts = Facts::new(&reg, as_of());
        for u in &reg.units {
            let d = unit_detail(&facts, &u.id, Lang::Zh, &[]).unwrap();
            assert_eq!(d.unit, *u);
            assert!(d.organizations.iter().all(|o| o.units.contains(&u.id)));
            let covering = reg.organizations.iter().filter(|o| o.units.contains(&u.id));
            assert_eq!(
                d.organizations.len() + d.other_organizations.len(),
                covering.count()
            );
            for o in &d.organizations {
                assert!(o.founded_on <= as_of() && o.dissolved_on.is_none_or(|x| x > as_of()));
            }
            assert_eq!(
                d.gaps,
                gaps::find_in(&facts, Lang::Zh)
                    .into_iter()
                    .filter(|g| g.unit.as_deref() == Some(u.id.as_str()))
                    .collect::<Vec<_>>()
            );
            assert_eq!(
                d.commissioner.is_some(),
                u.commissioner.is_some(),
                "{}",
                u.id
            );
            assert!(d
                .gaps
                .iter()
                .all(|g| g.unit.as_deref() == Some(u.id.as_str())));
        }
        for o in &reg.organizations {
            let d = org_detail(&facts, &o.id, Lang::En, &[]).unwrap();
            assert_eq!(d.units.len(), o.units.len());
            assert_eq!(d.parent.is_some(), o.parent.is_some(), "{}", o.id);
            assert!(d
                .gaps
                .iter()
                .all(|g| g.org.as_deref() == Some(o.id.as_str())));
        }
        for missing in ["", "u9999", "o1 "] {
            assert!(matches!(
                unit_detail(&facts, missing, Lang::Zh, &[]),
                Err(Error::NotFound(_))
            ));
        }
        assert!(matches!(
            org_detail(&facts, "u1", Lang::Zh, &[]),
            Err(Error::NotFound(_))
        ));
    }
}
