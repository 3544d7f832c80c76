//! The roster and the typed counts agree (DOMAIN.md "Members"): for random
//! registries with a roster, the summary (coverage, status counts, table
//! 27) and the units' and organizations' gaps at random dates equal those of the same registry with
//! the roster switched off and each unit's typed counts, and each person's
//! typed party membership, set to what the roster says at that date.
//! Registries per run: `PARKREG_ROSTER_CASES` (default 64).

use chrono::{Days, NaiveDate};
use parkreg_core::model::*;
use parkreg_core::rules::facts::{unit_members_at, Facts};
use parkreg_core::rules::{coverage, gaps, validate};
use parkreg_core::samples::synthetic;
use proptest::prelude::*;

/// A synthetic park of `n` units with a roster: most of its people and
/// `extra` more on it, in every status.
fn with_roster(n: usize, seed: u64, extra: usize) -> Registry {
    let mut reg = synthetic::registry(n, seed);
    parkreg_core::samples::roster::add_roster(&mut reg, extra, seed);
    reg
}

/// The same registry with the roster off and the typed facts set to the
/// roster's at `d`.
fn typed_at(reg: &Registry, d: NaiveDate) -> Registry {
    let mut typed = reg.clone();
    for (u, m) in unit_members_at(reg, &reg.index(), d)
        .into_iter()
        .enumerate()
    {
        typed.units[u].full_members = m.full as u32;
        typed.units[u].probationary_members = m.probationary as u32;
    }
    for p in &mut typed.people {
        p.party_member = p.is_member_at(&reg.park, d);
    }
    typed.park.roster = false;
    typed
}

fn cases() -> u32 {
    std::env::var("PARKREG_ROSTER_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn the_roster_reads_as_the_typed_counts_at_every_date(
        n in 3usize..40,
        seed in any::<u64>(),
        extra in 0usize..120,
        days in proptest::collection::vec(0u64..9000, 1..4),
    ) {
        let reg = with_roster(n, seed, extra);
        let problems = validate::registry(&reg);
        prop_assert!(problems.is_empty(), "{:#?}", &problems[..problems.len().min(5)]);
        for offset in days {
            let d = NaiveDate::from_ymd_opt(2004, 1, 1).unwrap() + Days::new(offset);
            let typed = typed_at(&reg, d);
            prop_assert_eq!(coverage::summary(&reg, d), coverage::summary(&typed, d));
            // The units' and organizations' gaps; the member gaps are the
            // roster's own (the typed registry has none).
            let of_records = |reg: &Registry| -> Vec<gaps::Gap> {
                gaps::find(reg, d, Lang::Zh)
                    .into_iter()
                    .filter(|g| g.person.is_none())
                    .collect()
            };
            prop_assert_eq!(of_records(&reg), of_records(&typed));
            // The counts are the roster's, not the typed ones left stored.
            let facts = Facts::new(&reg, d);
            for (u, unit) in typed.units.iter().enumerate() {
                prop_assert_eq!(facts.unit_members[u].full, u64::from(unit.full_members));
            }
        }
    }
}

/// The roster counts a unit's members as of D: each status on its day.
#[test]
fn a_units_members_as_of_d_rule_table() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let mut reg = Registry::empty(Park::new("名册园区"));
    reg.park.roster = true;
    let mut unit = Unit::new("u1", "甲公司");
    unit.full_members = 40; // typed, unused while the roster is kept
    reg.units.push(unit);
    let member = |id: &str, m: Membership| Person {
        id: id.into(),
        name: id.into(),
        membership: Some(Membership {
            unit: Some("u1".into()),
            ..m
        }),
        ..Person::default()
    };
    let joined = Membership::joined(d("2020-07-01"));
    let full = Membership {
        full_on: Some(d("2021-07-01")),
        ..joined.clone()
    };
    reg.people = vec![
        member("joined", joined.clone()),
        member("full", full.clone()),
        member(
            "extended",
            Membership {
                probation_extended_to: Some(d("2022-01-01")),
                ..joined.clone()
            },
        ),
        member(
            "lost",
            Membership {
                lost_contact_on: Some(d("2022-01-01")),
                ..full.clone()
            },
        ),
        member(
            "stopped",
            Membership {
                stopped_on: Some(d("2022-01-01")),
                ..full.clone()
            },
        ),
        member(
            "left",
            Membership {
                left_on: Some(d("2023-01-01")),
                left_reason: Some(LeftReason::TransferredOut),
                ..full.clone()
            },
        ),
        member(
            "elsewhere",
            Membership {
                relationship: Relationship::Elsewhere,
                arrived_on: Some(d("2021-01-01")),
                ..full.clone()
            },
        ),
        Person {
            membership: Some(Membership {
                unit: None,
                ..full.clone()
            }),
            ..member("no unit", full.clone())
        },
    ];
    // (date, full, probationary)
    for (date, full, probationary) in [
        ("2020-06-30", 0, 0),
        ("2020-07-01", 0, 7),
        ("2021-06-30", 0, 7),
        ("2021-07-01", 5, 2),
        ("2022-01-01", 4, 2),
        ("2022-12-31", 4, 2),
        ("2023-01-01", 3, 2),
    ] {
        let m = unit_members_at(&reg, &reg.index(), d(date))[0];
        assert_eq!((m.full, m.probationary), (full, probationary), "{date}");
    }
    reg.park.roster = false;
    let typed = unit_members_at(&reg, &reg.index(), d("2023-01-01"))[0];
    assert_eq!(
        (typed.full, typed.probationary),
        (40, 0),
        "roster off: typed"
    );
}

/// The store keeps the roster as the document has it: a registry with
/// memberships written and read back equal, and the same after a reopen;
/// a person removed takes their membership along.
#[test]
fn the_store_keeps_the_roster() {
    let reg = with_roster(12, 7, 30);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut store = parkreg_core::store::Store::open(&path).unwrap();
    store.replace(&reg, "registry.load", "t").unwrap();
    assert_eq!(*store.registry().unwrap(), reg);
    drop(store);
    let store = parkreg_core::store::Store::open(&path).unwrap();
    assert_eq!(*store.registry().unwrap(), reg);
    let report = store
        .check(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
        .unwrap();
    assert!(report.is_ok(), "{report:?}");
}

/// A park with one enterprise of two full members and one probationary
/// member (joined 2024-03-01), covered by an instructor only, keeping
/// its roster.
fn small_park(dir: &std::path::Path) -> parkreg_core::store::Store {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let mut reg = Registry::empty(Park::new("名册园区"));
    reg.park.roster = true;
    reg.people.push(Person {
        id: "p0".into(),
        name: "指导员".into(),
        party_member: true,
        ..Person::default()
    });
    let mut unit = Unit::new("u1", "甲公司");
    unit.ownership = Ownership::Private;
    unit.employees = 20;
    unit.instructor = Some("p0".into());
    reg.units.push(unit);
    for (id, name, joined, full) in [
        ("p1", "张一", "2010-07-01", Some("2011-07-01")),
        ("p2", "张二", "2012-07-01", Some("2013-07-01")),
        ("p3", "张三", "2024-03-01", None),
    ] {
        reg.people.push(Person {
            id: id.into(),
            name: name.into(),
            party_member: true,
            membership: Some(Membership {
                unit: Some("u1".into()),
                full_on: full.map(d),
                ..Membership::joined(d(joined))
            }),
            ..Person::default()
        });
    }
    let mut store = parkreg_core::store::Store::open(&dir.join("r.db")).unwrap();
    store.replace(&reg, "registry.load", "t").unwrap();
    store
}

/// 转正 moves the unit from JOIN_REQUIRED to BRANCH_REQUIRED from its date
/// on, not before; the history says it in the clerk's words.
#[test]
fn making_a_member_full_changes_the_units_gap_from_its_date() {
    use parkreg_core::store::MemberAction;
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_park(dir.path());
    let codes = |store: &parkreg_core::store::Store, date: &str| -> Vec<gaps::Code> {
        gaps::find(&store.registry().unwrap(), d(date), Lang::Zh)
            .into_iter()
            .filter(|g| g.unit.as_deref() == Some("u1"))
            .map(|g| g.code)
            .collect()
    };
    assert!(codes(&store, "2025-06-01").contains(&gaps::Code::JoinRequired));
    store
        .member_action(
            "p3",
            MemberAction::Full {
                on: d("2025-03-01"),
            },
        )
        .unwrap();
    assert!(codes(&store, "2025-02-28").contains(&gaps::Code::JoinRequired));
    let after = codes(&store, "2025-03-01");
    assert!(after.contains(&gaps::Code::BranchRequired), "{after:?}");
    assert!(!after.contains(&gaps::Code::JoinRequired), "{after:?}");
    let reg = store.registry().unwrap();
    let row = &parkreg_core::views::history(&store.history(1).unwrap(), &reg.index(), Lang::Zh)[0];
    assert_eq!(row.action_label, "预备党员转正");
    assert_eq!(row.summary, "张三：转正（2025年3月1日）");
    assert!(
        row.changes
            .iter()
            .any(|c| c.label == "党籍" && c.after.contains("转正 2025-03-01")),
        "{:?}",
        row.changes
    );
}

/// Each status action: refused with the field and the reason where it
/// cannot apply (the registry unchanged), else one audit entry.
#[test]
fn status_actions_rule_table() {
    use parkreg_core::store::MemberAction::*;
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let cases: Vec<(&str, Vec<parkreg_core::store::MemberAction>, Option<&str>)> = vec![
        (
            "full after probation",
            vec![Full {
                on: d("2025-03-01"),
            }],
            None,
        ),
        (
            "full before probation ends",
            vec![Full {
                on: d("2025-02-28"),
            }],
            Some("早于预备期满"),
        ),
        (
            "full twice",
            vec![
                Full {
                    on: d("2025-03-01"),
                },
                Full {
                    on: d("2025-04-01"),
                },
            ],
            Some("已于 2025年3月1日 转正"),
        ),
        (
            "extend by 6 months",
            vec![Extend {
                to: d("2025-09-01"),
            }],
            None,
        ),
        (
            "extend by 5 months",
            vec![Extend {
                to: d("2025-08-01"),
            }],
            Some("6 至 12 个月"),
        ),
        (
            "extend by 13 months",
            vec![Extend {
                to: d("2026-04-01"),
            }],
            Some("6 至 12 个月"),
        ),
        (
            "extend twice",
            vec![
                Extend {
                    to: d("2025-09-01"),
                },
                Extend {
                    to: d("2026-01-01"),
                },
            ],
            Some("只能延长一次"),
        ),
        (
            "full after the extension",
            vec![
                Extend {
                    to: d("2025-09-01"),
                },
                Full {
                    on: d("2025-08-31"),
                },
            ],
            Some("早于预备期满（2025-09-01）"),
        ),
        (
            "lost contact",
            vec![LostContact {
                since: d("2025-01-01"),
            }],
            None,
        ),
        (
            "lost before joining",
            vec![LostContact {
                since: d("2024-01-01"),
            }],
            Some("早于入党日期"),
        ),
        (
            "stop",
            vec![Stop {
                on: d("2025-01-01"),
            }],
            None,
        ),
        (
            "leave",
            vec![Leave {
                on: d("2025-01-01"),
                reason: LeftReason::Died,
            }],
            None,
        ),
        (
            "act after leaving",
            vec![
                Leave {
                    on: d("2025-01-01"),
                    reason: LeftReason::TransferredOut,
                },
                Stop {
                    on: d("2025-02-01"),
                },
            ],
            Some("已于 2025年1月1日 离开"),
        ),
        (
            "a date after today",
            vec![Stop {
                on: d("2999-01-01"),
            }],
            Some("晚于今天"),
        ),
    ];
    for (what, actions, refused) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut store = small_park(dir.path());
        let (last, first) = actions.split_last().unwrap();
        for a in first {
            store.member_action("p3", *a).unwrap();
        }
        let before = (*store.registry().unwrap()).clone();
        let entries = store.history(1000).unwrap().len();
        match (store.member_action("p3", *last), refused) {
            (Ok(()), None) => assert_eq!(store.history(1000).unwrap().len(), entries + 1, "{what}"),
            (Err(e), Some(part)) => {
                assert!(e.to_string().contains(part), "{what}: {e}");
                assert_eq!(*store.registry().unwrap(), before, "{what}: unchanged");
                assert_eq!(
                    store.history(1000).unwrap().len(),
                    entries,
                    "{what}: no entry"
                );
            }
            (got, want) => panic!("{what}: {got:?}, expected {want:?}"),
        }
    }
    // Not on the roster.
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_park(dir.path());
    let e = store
        .member_action(
            "p0",
            Full {
                on: d("2025-03-01"),
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("不在党员名册中"), "{e}");
}

/// The seven member gaps at their boundaries (DOMAIN.md "Members"): each
/// case one member of a park whose unit u1 is covered by branch o1 (with a
/// group g1 under it covering u3), u2 by branch o2, u4 by none; o3
/// dissolved in 2020.
#[test]
fn member_gaps_rule_table() {
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    let mut reg = Registry::empty(Park::new("名册园区"));
    reg.park.roster = true;
    for id in ["u1", "u2", "u3", "u4"] {
        reg.units.push(Unit::new(id, &format!("{id}公司")));
    }
    let org = |id: &str, kind: OrgKind, units: &[&str]| Organization {
        id: id.into(),
        name: format!("{id}支部"),
        kind,
        parent: None,
        units: units.iter().map(|u| u.to_string()).collect(),
        founded_on: d("2000-01-01"),
        dissolved_on: None,
        approval_doc: None,
        secretary: None,
        committee_size: 0,
        last_election_on: None,
    };
    reg.organizations.push(org("o1", OrgKind::Branch, &["u1"]));
    reg.organizations.push(org("o2", OrgKind::Branch, &["u2"]));
    let mut group = org("g1", OrgKind::Group, &["u3"]);
    group.parent = Some("o1".into());
    reg.organizations.push(group);
    let mut gone = org("o3", OrgKind::Branch, &[]);
    gone.dissolved_on = Some(d("2020-01-01"));
    reg.organizations.push(gone);
    // Full since 2011, in u1 held by o1: no gap.
    let base = Membership {
        org: Some("o1".into()),
        unit: Some("u1".into()),
        full_on: Some(d("2011-07-01")),
        ..Membership::joined(d("2010-07-01"))
    };
    type Edit = fn(&mut Membership);
    let cases: Vec<(&str, Edit, &str, &[gaps::Code])> = vec![
        ("full, held where it works", |_| {}, "2024-01-01", &[]),
        // Probation ends 2024-03-01.
        (
            "31 days before the end",
            |m| {
                m.joined_on = d("2023-03-01");
                m.full_on = None
            },
            "2024-01-30",
            &[],
        ),
        (
            "30 days before the end",
            |m| {
                m.joined_on = d("2023-03-01");
                m.full_on = None
            },
            "2024-01-31",
            &[gaps::Code::ProbationEnding],
        ),
        (
            "the day before the end",
            |m| {
                m.joined_on = d("2023-03-01");
                m.full_on = None
            },
            "2024-02-29",
            &[gaps::Code::ProbationEnding],
        ),
        (
            "the end",
            |m| {
                m.joined_on = d("2023-03-01");
                m.full_on = None
            },
            "2024-03-01",
            &[gaps::Code::ProbationOverdue],
        ),
        (
            "extended: not yet due",
            |m| {
                m.joined_on = d("2023-03-01");
                m.full_on = None;
                m.probation_extended_to = Some(d("2024-09-01"))
            },
            "2024-03-01",
            &[],
        ),
        (
            "lost 6 months less a day",
            |m| m.lost_contact_on = Some(d("2023-07-02")),
            "2024-01-01",
            &[],
        ),
        (
            "lost 6 months",
            |m| m.lost_contact_on = Some(d("2023-07-01")),
            "2024-01-01",
            &[gaps::Code::LostContactLong],
        ),
        (
            "stopped 2 years less a day",
            |m| m.stopped_on = Some(d("2022-01-02")),
            "2024-01-01",
            &[],
        ),
        (
            "stopped 2 years",
            |m| m.stopped_on = Some(d("2022-01-01")),
            "2024-01-01",
            &[gaps::Code::StoppedLong],
        ),
        (
            "stopped 2 years, then removed",
            |m| {
                m.stopped_on = Some(d("2022-01-01"));
                m.left_on = Some(d("2023-12-31"));
                m.left_reason = Some(LeftReason::Removed)
            },
            "2024-01-01",
            &[],
        ),
        (
            "elsewhere 6 months less a day",
            |m| {
                m.relationship = Relationship::Elsewhere;
                m.arrived_on = Some(d("2023-07-02"))
            },
            "2024-01-01",
            &[],
        ),
        (
            "elsewhere 6 months",
            |m| {
                m.relationship = Relationship::Elsewhere;
                m.arrived_on = Some(d("2023-07-01"))
            },
            "2024-01-01",
            &[gaps::Code::TransferDue],
        ),
        (
            "held nowhere",
            |m| m.org = None,
            "2024-01-01",
            &[gaps::Code::MemberOrgInactive],
        ),
        (
            "held by a dissolved branch",
            |m| m.org = Some("o3".into()),
            "2024-01-01",
            &[gaps::Code::MemberOrgInactive],
        ),
        (
            "held by a branch dissolved later, not its unit's",
            |m| m.org = Some("o3".into()),
            "2019-12-31",
            &[gaps::Code::MemberOrgElsewhere],
        ),
        (
            "held by another unit's branch",
            |m| m.org = Some("o2".into()),
            "2024-01-01",
            &[gaps::Code::MemberOrgElsewhere],
        ),
        (
            "held by the branch of its unit's group",
            |m| m.unit = Some("u3".into()),
            "2024-01-01",
            &[],
        ),
        (
            "held by the group under its unit's branch",
            |m| m.org = Some("g1".into()),
            "2024-01-01",
            &[],
        ),
        (
            "working where another branch covers",
            |m| {
                m.unit = Some("u2".into());
                m.org = Some("o1".into())
            },
            "2024-01-01",
            &[gaps::Code::MemberOrgElsewhere],
        ),
        (
            "its unit uncovered: held by any active branch",
            |m| {
                m.unit = Some("u4".into());
                m.org = Some("o2".into())
            },
            "2024-01-01",
            &[],
        ),
        (
            "elsewhere: no organization needed",
            |m| {
                m.relationship = Relationship::Elsewhere;
                m.org = None;
                m.arrived_on = Some(d("2023-12-01"))
            },
            "2024-01-01",
            &[],
        ),
        ("not yet a member", |m| m.org = None, "2010-06-30", &[]),
    ];
    for (what, edit, date, want) in cases {
        let mut m = base.clone();
        edit(&mut m);
        let mut reg = reg.clone();
        reg.people = vec![Person {
            id: "p1".into(),
            name: "党员".into(),
            membership: Some(m),
            ..Person::default()
        }];
        let found: Vec<gaps::Code> = gaps::find(&reg, d(date), Lang::Zh)
            .into_iter()
            .filter(|g| g.person.is_some())
            .map(|g| g.code)
            .collect();
        assert_eq!(found, want, "{what}");
        // Without the roster, no member gaps.
        reg.park.roster = false;
        assert!(
            gaps::find(&reg, d(date), Lang::Zh)
                .iter()
                .all(|g| g.person.is_none()),
            "{what}"
        );
    }
}

/// The workbook lists a member gap without naming the member: personal
/// data stays in (the 人员 sheet has the post holders only).
#[test]
fn the_workbook_lists_member_gaps_without_names() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = small_park(dir.path());
    let out = dir.path().join("csv");
    let files = store
        .export(
            parkreg_core::exchange::workbook::Format::Csv,
            &out,
            d("2025-06-01"),
            d("2025-06-01"),
        )
        .unwrap();
    let text: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(
        text.contains("逾期未转正"),
        "the overdue probation is listed"
    );
    for name in ["张一", "张二", "张三"] {
        assert!(!text.contains(name), "{name} is named in the workbook");
    }
}
