//! What the district reads is what the park computed: random registries
//! that the store accepts (every state passes `validate::state`, the check
//! of every write), exported at random dates into workbooks and added to
//! districts, give in the district exactly the park's own summary (units,
//! coverage, status counts, money, organizational life, table 27) and its
//! gaps as a multiset. Registries per run: `PARKREG_ROUNDTRIP_CASES`
//! (default 1,000).
//!
//! The generator makes what broke the district before: names with `、`,
//! `，`, spaces and quotes; organizations and people sharing names;
//! meeting records of organizations changed since (a committee's records
//! kept after its branch lost the committee, a kind changed); enterprises
//! that moved from one park to the next; parks of one district as of the
//! same and different dates; parks keeping a roster (members in every
//! status, counted as of the date; their member gaps listed without names).

mod common;

use common::d;
use parkreg_core::district::District;
use parkreg_core::exchange::workbook::{self, import, XlsxSink};
use parkreg_core::model::*;
use parkreg_core::rules::coverage;
use parkreg_core::rules::facts::Facts;
use parkreg_core::rules::gaps;
use parkreg_core::rules::validate;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

const NAMES: [&str; 8] = [
    "年产10万吨铝板、带、箔项目",
    "第一党小组",
    "甲，乙联合体",
    "“星火”科技 有限公司",
    "王伟",
    "'单引号' 公司",
    "第一党小组",
    "王伟",
];

const ORG_KINDS: [OrgKind; 6] = [
    OrgKind::Committee,
    OrgKind::GeneralBranch,
    OrgKind::Branch,
    OrgKind::JointBranch,
    OrgKind::TemporaryBranch,
    OrgKind::Group,
];

/// One step on a registry; indices pick among what exists.
#[derive(Debug, Clone)]
enum Op {
    Person {
        name: u8,
        member: bool,
    },
    Unit {
        name: u8,
        kind: u8,
        own: u8,
        staff: u32,
        full: u32,
        prob: u32,
        start: i64,
        close: Option<i64>,
        instructor: usize,
    },
    Org {
        name: u8,
        kind: u8,
        units: Vec<usize>,
        parent: usize,
        founded: i64,
        dissolved: Option<i64>,
        secretary: usize,
        committee: u32,
        election: Option<i64>,
    },
    EditOrg {
        org: usize,
        kind: u8,
        founded: i64,
    },
    Meeting {
        org: usize,
        kind: u8,
        day: i64,
        expected: Option<u32>,
        attended: u32,
        tenths: u32,
        host: usize,
    },
    Pay {
        org: usize,
        purpose: u8,
        yuan: i64,
        day: i64,
    },
    Reverse {
        entry: usize,
        day: i64,
    },
    Budget {
        year: u8,
        yuan: i64,
    },
    Settings {
        min_employees: u32,
        period: u8,
    },
    /// A member on the roster: working in a unit, held by an organization,
    /// full some days after admission, then lost, stopped or left.
    Member {
        unit: usize,
        org: usize,
        joined: i64,
        full_after: Option<i64>,
        status: u8,
        after: i64,
        elsewhere: bool,
    },
    Roster(bool),
}

fn day(n: i64) -> chrono::NaiveDate {
    d("2011-01-01") + chrono::Duration::days(n)
}

fn op() -> impl Strategy<Value = Op> {
    let days = 0..5800i64;
    prop_oneof![
        2 => (0..8u8, any::<bool>()).prop_map(|(name, member)| Op::Person { name, member }),
        4 => (0..8u8, 0..3u8, 0..6u8, 0..80u32, 0..8u32, 0..3u32, days.clone(), prop::option::weighted(0.2, days.clone()), 0..6usize)
            .prop_map(|(name, kind, own, staff, full, prob, start, close, instructor)| Op::Unit {
                name, kind, own, staff, full, prob, start, close, instructor
            }),
        3 => (0..8u8, 0..6u8, prop::collection::vec(0..12usize, 0..3), 0..6usize, days.clone(), prop::option::weighted(0.15, days.clone()), 0..6usize, 0..6u32, prop::option::weighted(0.4, days.clone()))
            .prop_map(|(name, kind, units, parent, founded, dissolved, secretary, committee, election)| Op::Org {
                name, kind, units, parent, founded, dissolved, secretary, committee, election
            }),
        1 => (0..8usize, 0..6u8, days.clone()).prop_map(|(org, kind, founded)| Op::EditOrg { org, kind, founded }),
        5 => (0..8usize, 0..8u8, days.clone(), prop::option::of(6..12u32), 0..7u32, 0..40u32, 0..6usize)
            .prop_map(|(org, kind, day, expected, attended, tenths, host)| Op::Meeting {
                org, kind, day, expected, attended, tenths, host
            }),
        2 => (0..8usize, 0..5u8, 1..4000i64, days.clone()).prop_map(|(org, purpose, yuan, day)| Op::Pay { org, purpose, yuan, day }),
        1 => (0..10usize, days.clone()).prop_map(|(entry, day)| Op::Reverse { entry, day }),
        1 => (0..16u8, 0..200_000i64).prop_map(|(year, yuan)| Op::Budget { year, yuan }),
        1 => (0..20u32, 0..4u8).prop_map(|(min_employees, period)| Op::Settings { min_employees, period }),
        3 => (0..12usize, 0..9usize, days, prop::option::of(366..900i64), 0..4u8, 0..900i64, any::<bool>())
            .prop_map(|(unit, org, joined, full_after, status, after, elsewhere)| Op::Member {
                unit, org, joined, full_after, status, after, elsewhere
            }),
        1 => any::<bool>().prop_map(Op::Roster),
    ]
}

fn pick<T: Clone>(list: &[T], i: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[i % list.len()].clone())
}

/// The registry `op` asks for, if it is one the store would accept.
fn apply(reg: &Registry, op: &Op, today: chrono::NaiveDate) -> Option<Registry> {
    let mut next = reg.clone();
    let n = |prefix: &str, len: usize| format!("{prefix}{}", len + 1);
    let person = |i: usize| pick(&reg.people, i).map(|p| p.id);
    match op.clone() {
        Op::Person { name, member } => next.people.push(Person {
            id: n("p", reg.people.len()),
            name: NAMES[name as usize].into(),
            party_member: member,
            phone: Some("13800000000".into()),
            unit_name: None,
            ..Person::default()
        }),
        Op::Unit {
            name,
            kind,
            own,
            staff,
            full,
            prob,
            start,
            close,
            instructor,
        } => {
            let mut u = Unit::new(
                &n("u", reg.units.len()),
                &format!("{}{}", NAMES[name as usize], reg.units.len()),
            );
            u.kind = [UnitKind::Enterprise, UnitKind::Project, UnitKind::Organ][kind as usize];
            u.ownership = Ownership::ALL[own as usize];
            u.employees = staff;
            u.full_members = full;
            u.probationary_members = prob;
            u.started_on = Some(day(start));
            u.closed_on = close.map(day);
            u.instructor = person(instructor);
            u.credit_code = None;
            next.units.push(u);
        }
        Op::Org {
            name,
            kind,
            units,
            parent,
            founded,
            dissolved,
            secretary,
            committee,
            election,
        } => {
            let mut covered: Vec<String> = units
                .iter()
                .filter_map(|&i| pick(&reg.units, i).map(|u| u.id))
                .collect();
            covered.sort();
            covered.dedup();
            next.organizations.push(Organization {
                id: n("o", reg.organizations.len()),
                name: NAMES[name as usize].into(),
                kind: ORG_KINDS[kind as usize],
                parent: pick(&reg.organizations, parent).map(|o| o.id),
                units: covered,
                founded_on: day(founded),
                dissolved_on: dissolved.map(day),
                approval_doc: None,
                secretary: person(secretary),
                committee_size: committee,
                last_election_on: election.map(day),
            });
        }
        Op::EditOrg { org, kind, founded } => {
            let o = pick(&reg.organizations, org)?;
            let o = next.organizations.iter_mut().find(|x| x.id == o.id)?;
            o.kind = ORG_KINDS[kind as usize];
            o.founded_on = day(founded);
        }
        Op::Meeting {
            org,
            kind,
            day: on,
            expected,
            attended,
            tenths,
            host,
        } => next.meetings.push(Meeting {
            id: n("m", reg.meetings.len()),
            org: pick(&reg.organizations, org)?.id,
            kind: MeetingKind::ALL[kind as usize % MeetingKind::ALL.len()],
            date: day(on),
            topic: NAMES[(kind as usize) % NAMES.len()].into(),
            expected,
            attended,
            hours: Hours(tenths),
            host: person(host),
            note: String::new(),
        }),
        Op::Pay {
            org,
            purpose,
            yuan,
            day: on,
        } => next.ledger.push(LedgerEntry {
            id: n("d", reg.ledger.len()),
            date: day(on),
            purpose: Purpose::ALL[purpose as usize],
            org: pick(&reg.organizations, org).map(|o| o.id),
            amount_fen: yuan * 100,
            voucher: format!("V{}", reg.ledger.len()),
            note: "、，".into(),
            reverses: None,
        }),
        Op::Reverse { entry, day: on } => {
            let of = pick(&reg.ledger, entry)?;
            next.ledger.push(LedgerEntry {
                id: n("d", reg.ledger.len()),
                date: day(on),
                reverses: Some(of.id.clone()),
                ..of
            });
        }
        Op::Budget { year, yuan } => {
            let year = 2011 + i32::from(year);
            next.budgets.retain(|b| b.year != year);
            next.budgets.push(Budget {
                year,
                amount_fen: yuan * 100,
                source: "区管党费".into(),
            });
        }
        Op::Settings {
            min_employees,
            period,
        } => {
            next.park.min_employees = min_employees;
            next.park.party_lecture_period = LecturePeriod::ALL[period as usize];
        }
        Op::Member {
            unit,
            org,
            joined,
            full_after,
            status,
            after,
            elsewhere,
        } => {
            let joined_on = day(joined);
            let later = |days: i64| joined_on + chrono::Duration::days(days);
            let mut m = Membership {
                unit: pick(&reg.units, unit).map(|u| u.id),
                // One pick in nine holds the 组织关系 nowhere.
                org: pick(&reg.organizations, org)
                    .filter(|_| org < 8)
                    .map(|o| o.id),
                full_on: full_after.map(later),
                ..Membership::joined(joined_on)
            };
            if elsewhere {
                m.relationship = Relationship::Elsewhere;
                m.arrived_on = Some(later(after / 2));
            }
            match status {
                1 => m.lost_contact_on = Some(later(after)),
                2 => m.stopped_on = Some(later(after)),
                3 => {
                    m.left_on = Some(later(after));
                    m.left_reason = Some(LeftReason::TransferredOut);
                }
                _ => {}
            }
            next.people.push(Person {
                id: n("p", reg.people.len()),
                name: NAMES[unit % NAMES.len()].into(),
                party_member: true,
                membership: Some(m),
                ..Person::default()
            });
        }
        Op::Roster(on) => next.park.roster = on,
    }
    validate::state(&next, today).is_empty().then_some(next)
}

/// A park's registry from its steps, each kept only if the store would
/// accept the state it leads to.
fn registry(name: &str, ops: &[Op]) -> Registry {
    let today = d("2026-12-31");
    let mut park = Park::in_district(name, "测试区");
    park.starter_fund_since = d("2012-01-01");
    let mut reg = Registry::empty(park);
    for op in ops {
        if let Some(next) = apply(&reg, op, today) {
            reg = next;
        }
    }
    reg
}

fn export(reg: &Registry, as_of: chrono::NaiveDate, path: &Path) {
    let heading = workbook::Heading::park(&reg.park, as_of, as_of);
    let mut sink = XlsxSink::create(workbook::sheets(), path, None, &heading).unwrap();
    workbook::export_registry(reg, as_of, as_of, &mut sink).unwrap();
    sink.finish().unwrap();
}

type GapKey = (String, String, Option<String>, Option<String>, String);

fn own_gaps(reg: &Registry, as_of: chrono::NaiveDate) -> BTreeMap<GapKey, usize> {
    let mut out = BTreeMap::new();
    for g in gaps::find_in(&Facts::new(reg, as_of), Lang::Zh) {
        *out.entry((
            code_of(&g.code),
            format!("{:?}", g.severity),
            g.unit,
            g.org,
            g.message,
        ))
        .or_default() += 1;
    }
    out
}

fn cases() -> u32 {
    std::env::var("PARKREG_ROUNDTRIP_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

/// Districts of one to four parks; each park random steps and a date.
fn district() -> impl Strategy<Value = Vec<(Vec<Op>, i64)>> {
    prop::collection::vec((prop::collection::vec(op(), 10..80), 600..5800i64), 1..5)
}

#[test]
fn every_park_reads_back_in_the_district_with_its_own_figures_and_gaps() {
    let parks_per_run = cases();
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: parks_per_run.div_ceil(2),
        failure_persistence: None,
        ..Default::default()
    });
    let seen = std::sync::atomic::AtomicUsize::new(0);
    runner
        .run(&district(), |parks| {
            let dir = tempfile::tempdir().unwrap();
            let mut district = District::init(&dir.path().join("d.db"), "测试区").unwrap();
            let mut regs = Vec::new();
            let mut files = Vec::new();
            for (i, (ops, at)) in parks.iter().enumerate() {
                let reg = registry(&format!("园区{i}"), ops);
                // Two parks of a district often report as of one date.
                let as_of = day(if i % 2 == 1 { parks[0].1 } else { *at });
                let file = dir.path().join(format!("{i}.xlsx"));
                export(&reg, as_of, &file);
                files.push(file);
                regs.push((reg, as_of));
            }
            district.add(&files).unwrap();
            for (reg, as_of) in &regs {
                seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let park = district.park(&reg.park.name, Some(*as_of)).unwrap();
                prop_assert_eq!(
                    &park.figures.flags,
                    &Vec::<String>::new(),
                    "{}",
                    reg.park.name
                );
                let json = |s: &coverage::Summary| serde_json::to_value(s).unwrap();
                prop_assert_eq!(
                    json(&park.figures.summary),
                    json(&coverage::summary(reg, *as_of))
                );
                let mut theirs: BTreeMap<GapKey, usize> = BTreeMap::new();
                for g in park.gaps {
                    *theirs
                        .entry((
                            g.code,
                            format!("{:?}", g.severity),
                            g.unit,
                            g.org,
                            g.message,
                        ))
                        .or_default() += 1;
                }
                prop_assert_eq!(theirs, own_gaps(reg, *as_of));
            }
            // The park's own export of today imports back unchanged:
            // units and records matched by id where names are shared.
            let (reg, _) = &regs[0];
            let today = d("2026-12-31");
            let file = dir.path().join("today.xlsx");
            export(reg, today, &file);
            let book = import::read_book(&file).unwrap();
            let sheet = |name: &str| &book.iter().find(|(n, _)| n == name).unwrap().1;
            let units = import::plan(reg, sheet(import::UNITS), today).unwrap();
            prop_assert_eq!((units.added.len(), units.updated.len()), (0, 0));
            prop_assert_eq!(&units.registry, reg);
            let records = import::plan_meetings(reg, sheet(import::MEETINGS), today).unwrap();
            prop_assert_eq!((records.added.len(), records.updated.len()), (0, 0));
            prop_assert_eq!(&records.registry, reg);
            Ok(())
        })
        .unwrap();
    let seen = seen.into_inner();
    assert!(seen >= parks_per_run as usize, "{seen} parks checked");
}
