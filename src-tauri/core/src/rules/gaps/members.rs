//! The member gaps (DOMAIN.md "Members", gaps when the park keeps its
//! roster): about one person, as of D.

use super::finding::Finding;
use crate::model::*;
use crate::rules::facts::{add_years, Facts};
use crate::rules::roster::probation_end;
use chrono::{Days, Months};

/// The gaps of person `p` (by index): none unless the park keeps its
/// roster and the person is on it.
pub(super) fn person_findings(facts: &Facts, p: usize) -> Vec<Finding> {
    let reg = facts.reg;
    let Some(m) = reg.people[p]
        .membership
        .as_ref()
        .filter(|_| reg.park.roster)
    else {
        return Vec::new();
    };
    let d = facts.date;
    let months = |date: chrono::NaiveDate, n: u32| date + Months::new(n);
    let mut out = Vec::new();
    if m.probationary_at(d) {
        let end = probation_end(m);
        if end <= d {
            out.push(Finding::ProbationOverdue { end });
        } else if end - Days::new(30) <= d {
            out.push(Finding::ProbationEnding { end });
        }
    }
    if let Some(since) = m
        .lost_contact_on
        .filter(|&l| m.member_at(d) && months(l, 6) <= d)
    {
        out.push(Finding::LostContactLong { since });
    }
    if let Some(since) = m
        .stopped_on
        .filter(|&s| add_years(s, 2) <= d && m.left_on.is_none_or(|l| l > d))
    {
        out.push(Finding::StoppedLong { since });
    }
    if !m.member_at(d) {
        return out;
    }
    match m.relationship {
        Relationship::Elsewhere => {
            if let Some(arrived) = m.arrived_on.filter(|&a| months(a, 6) <= d) {
                out.push(Finding::TransferDue { arrived });
            }
        }
        Relationship::Here => {
            let held = m.org.as_deref().and_then(|id| facts.org_at(id));
            match held.filter(|&o| facts.org_active[o]) {
                None => out.push(Finding::MemberOrgInactive),
                Some(o) => {
                    if let Some(covering) = elsewhere(facts, m, o) {
                        out.push(Finding::MemberOrgElsewhere { covering });
                    }
                }
            }
        }
    }
    out
}

/// The names of the organizations covering the member's unit, when none
/// of them is the member's organization `o`, its parent, or a group whose
/// parent it is.
fn elsewhere(facts: &Facts, m: &Membership, o: usize) -> Option<String> {
    let u = m.unit.as_deref().and_then(|id| facts.unit_at(id))?;
    let covering = &facts.unit_orgs[u];
    let orgs = &facts.reg.organizations;
    let parent_of = |x: usize| orgs[x].parent.as_deref().and_then(|p| facts.org_at(p));
    let fits = |c: usize| {
        c == o
            || parent_of(o) == Some(c)
            || (orgs[c].kind == OrgKind::Group && parent_of(c) == Some(o))
    };
    (!covering.is_empty() && !covering.iter().any(|&c| fits(c))).then(|| {
        covering
            .iter()
            .map(|&c| orgs[c].name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    })
}
