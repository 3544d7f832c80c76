//! Small builders for registries in tests: a park with a committee, and
//! units and organizations with sensible defaults to override.
#![allow(dead_code)]

use chrono::NaiveDate;
use parkreg_core::model::*;
use parkreg_core::rules::gaps::Code;

pub fn d(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap()
}

/// A park with two people (p1 a party member, p2 not), the park committee
/// `pc` (founded 2023-01-01, so no election is due before 2028) and a
/// budget of 100,000 yuan for 2020–2026.
pub fn park() -> Registry {
    let mut reg = Registry::empty(Park::new("测试园区"));
    reg.people.push(person("p1", true));
    reg.people.push(person("p2", false));
    reg.organizations
        .push(org("pc", OrgKind::Committee, &[], "2023-01-01"));
    reg.organizations[0].parent = None;
    reg.organizations[0].committee_size = 5;
    for year in 2020..=2026 {
        reg.budgets.push(Budget {
            year,
            amount_fen: DEFAULT_BUDGET_FEN,
            source: DEFAULT_BUDGET_SOURCE.into(),
        });
    }
    reg
}

pub fn person(id: &str, member: bool) -> Person {
    Person {
        id: id.into(),
        name: format!("人员{id}"),
        party_member: member,
        phone: None,
        unit_name: None,
        ..Person::default()
    }
}

/// An operating non-public enterprise with `full` full members.
pub fn unit(id: &str, full: u32) -> Unit {
    Unit {
        ownership: Ownership::Private,
        employees: 50,
        full_members: full,
        ..Unit::new(id, &format!("单位{id}"))
    }
}

/// An organization under the park committee, with secretary p1.
pub fn org(id: &str, kind: OrgKind, units: &[&str], founded: &str) -> Organization {
    Organization {
        id: id.into(),
        name: format!("党组织{id}"),
        kind,
        parent: Some("pc".into()),
        units: units.iter().map(|u| u.to_string()).collect(),
        founded_on: d(founded),
        dissolved_on: None,
        approval_doc: None,
        secretary: Some("p1".into()),
        committee_size: 0,
        last_election_on: None,
    }
}

pub fn pay(id: &str, date: &str, purpose: Purpose, org: Option<&str>, fen: Fen) -> LedgerEntry {
    LedgerEntry {
        id: id.into(),
        date: d(date),
        purpose,
        org: org.map(String::from),
        amount_fen: fen,
        voucher: format!("V-{id}"),
        note: String::new(),
        reverses: None,
    }
}

pub fn reversal(id: &str, date: &str, of: &LedgerEntry) -> LedgerEntry {
    LedgerEntry {
        id: id.into(),
        date: d(date),
        reverses: Some(of.id.clone()),
        voucher: format!("V-{id}"),
        note: "冲销".into(),
        ..of.clone()
    }
}

pub fn unit_mut<'a>(reg: &'a mut Registry, id: &str) -> &'a mut Unit {
    reg.units.iter_mut().find(|u| u.id == id).unwrap()
}

pub fn org_mut<'a>(reg: &'a mut Registry, id: &str) -> &'a mut Organization {
    reg.organizations.iter_mut().find(|o| o.id == id).unwrap()
}

/// One case of a gap rule: build a registry, pick a date, say whether a
/// gap holds for one unit or organization.
pub struct Case {
    pub name: &'static str,
    pub build: fn(&mut Registry),
    pub on: &'static str,
    pub code: Code,
    pub about: &'static str,
    pub holds: bool,
}

/// The one helper every gap case goes through.
pub fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let mut reg = park();
        (c.build)(&mut reg);
        assert!(
            parkreg_core::rules::validate::registry(&reg).is_empty(),
            "{}: fixture invalid: {:?}",
            c.name,
            parkreg_core::rules::validate::registry(&reg)
        );
        let found = parkreg_core::rules::gaps::find(&reg, d(c.on), parkreg_core::model::Lang::Zh);
        let holds = found.iter().any(|g| {
            g.code == c.code
                && (g.unit.as_deref() == Some(c.about) || g.org.as_deref() == Some(c.about))
        });
        if holds != c.holds {
            failures.push(format!(
                "{}: {:?} on {} expected {}, gaps: {:?}",
                c.name,
                c.code,
                c.about,
                c.holds,
                found
                    .iter()
                    .map(|g| (g.code, g.unit.clone(), g.org.clone()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
