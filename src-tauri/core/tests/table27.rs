//! The non-public statistics table (DOMAIN.md "The non-public statistics
//! table"): a table of cases for every row and column, and its identities
//! on random generated parks at random dates.

mod common;

use common::*;
use parkreg_core::model::*;
use parkreg_core::rules::coverage::summary;
use parkreg_core::rules::table27::{Table27, COLUMNS, ROWS};
use proptest::prelude::*;

const D: &str = "2024-06-30";

fn table(reg: &Registry) -> Table27 {
    summary(reg, d(D)).table27
}

fn with(id: &str, full: u32, f: impl FnOnce(&mut Unit)) -> Unit {
    let mut u = unit(id, full);
    f(&mut u);
    u
}

/// One case: a park built by `build`, and (row, column, expected) cells.
struct Case {
    what: &'static str,
    build: fn(&mut Registry),
    expect: &'static [(&'static str, &'static str, u64)],
}

#[test]
fn every_row_and_column_table() {
    let cases = [
        Case {
            what: "both sides of the 50 and 100 employee thresholds",
            build: |r| {
                for (i, n) in [49, 50, 99, 100].iter().enumerate() {
                    r.units
                        .push(with(&format!("u{i}"), 0, |u| u.employees = *n));
                }
            },
            expect: &[
                ("units", "total", 4),
                ("units", "emp50", 3),
                ("units", "emp100", 1),
            ],
        },
        Case {
            what: "each ownership: only the three non-public ones count",
            build: |r| {
                for (i, o) in Ownership::ALL.iter().enumerate() {
                    r.units
                        .push(with(&format!("u{i}"), 0, |u| u.ownership = *o));
                }
            },
            expect: &[
                ("units", "total", 3),
                ("units", "private", 1),
                ("units", "hmt", 1),
                ("units", "foreign", 1),
            ],
        },
        Case {
            what: "the wholly-owned sub-columns",
            build: |r| {
                for (i, (o, w)) in [
                    (Ownership::Private, true),
                    (Ownership::Private, false),
                    (Ownership::Hmt, true),
                    (Ownership::Foreign, true),
                    (Ownership::Foreign, false),
                ]
                .iter()
                .enumerate()
                {
                    r.units.push(with(&format!("u{i}"), 0, |u| {
                        u.ownership = *o;
                        u.wholly_owned = *w;
                    }));
                }
            },
            expect: &[
                ("units", "private", 2),
                ("units", "private_wholly", 1),
                ("units", "hmt_wholly", 1),
                ("units", "foreign", 2),
                ("units", "foreign_wholly", 1),
            ],
        },
        Case {
            what: "legal representatives who are members, and secretaries",
            build: |r| {
                r.units.push(with("u1", 0, |u| u.legal_rep_member = true));
                r.units.push(with("u2", 0, |u| {
                    u.legal_rep_member = true;
                    u.legal_rep_secretary = true;
                }));
                r.units.push(unit("u3", 0));
            },
            expect: &[("units", "rep_member", 2), ("units", "rep_secretary", 1)],
        },
        Case {
            what: "own: by the highest-ranking organization of the unit alone",
            build: |r| {
                r.units.push(unit("u1", 120));
                r.units.push(unit("u2", 60));
                r.units.push(unit("u3", 5));
                r.organizations
                    .push(org("c1", OrgKind::Committee, &["u1"], "2023-02-01"));
                r.organizations
                    .push(org("b1", OrgKind::Branch, &["u1"], "2023-02-01"));
                r.organizations
                    .push(org("g2", OrgKind::GeneralBranch, &["u2"], "2023-02-01"));
                r.organizations
                    .push(org("b3", OrgKind::Branch, &["u3"], "2023-02-01"));
            },
            expect: &[
                ("own", "total", 3),
                ("own_committee", "total", 1),
                ("own_general_branch", "total", 1),
                ("own_branch", "total", 1),
                ("joint", "total", 0),
                ("none", "total", 0),
            ],
        },
        Case {
            what: "joint: units, those with 3 members, and organizations per column",
            build: |r| {
                r.units.push(unit("u1", 2));
                r.units.push(with("u2", 2, |u| u.probationary_members = 1));
                r.units
                    .push(with("u3", 1, |u| u.ownership = Ownership::Hmt));
                r.units
                    .push(with("u4", 1, |u| u.ownership = Ownership::State));
                r.organizations
                    .push(org("j1", OrgKind::JointBranch, &["u1", "u2"], "2023-02-01"));
                r.organizations
                    .push(org("j2", OrgKind::JointBranch, &["u3", "u4"], "2023-02-01"));
            },
            expect: &[
                ("joint", "total", 3),
                ("joint_3plus", "total", 1),
                ("joint_orgs", "total", 2),
                ("joint_orgs", "private", 1),
                ("joint_orgs", "hmt", 1),
                ("joint_orgs", "foreign", 0),
            ],
        },
        Case {
            what: "not built: the three parts, a group and an instructor counting as none",
            build: |r| {
                r.units.push(unit("u1", 3));
                r.units.push(unit("u2", 1));
                r.units.push(with("u3", 0, |u| u.probationary_members = 1));
                r.units.push(unit("u4", 0));
                r.units.push(with("u5", 0, |u| {
                    u.instructor = Some("p1".into());
                    u.employees = 30;
                }));
                r.units
                    .push(with("u6", 2, |u| u.instructor = Some("p1".into())));
                r.units.push(unit("u7", 1));
                r.organizations
                    .push(org("b0", OrgKind::Branch, &["u0"], "2023-02-01"));
                let mut group = org("g7", OrgKind::Group, &["u7"], "2023-02-01");
                group.parent = Some("b0".into());
                r.organizations.push(group);
                r.units.push(unit("u0", 5));
            },
            expect: &[
                ("units", "total", 8),
                ("own", "total", 1),
                ("none", "total", 7),
                ("none_should_build", "total", 1),
                ("none_few_members", "total", 4),
                ("none_no_members", "total", 2),
                ("instructor", "total", 2),
                ("instructors", "total", 1),
                ("employees_instructor_only", "total", 80),
                ("members_instructor_only", "total", 2),
                ("employees_organized", "total", 50),
                ("members_organized", "total", 5),
                ("employees", "total", 380),
                ("members", "total", 13),
            ],
        },
        Case {
            what: "outside the scope: closed, not yet started, the park administration, too small",
            build: |r| {
                r.park.min_employees = 20;
                r.units
                    .push(with("u1", 0, |u| u.closed_on = Some(d("2024-01-01"))));
                r.units
                    .push(with("u2", 0, |u| u.started_on = Some(d("2024-07-01"))));
                r.units.push(with("u3", 0, |u| u.kind = UnitKind::Organ));
                r.units.push(with("u4", 0, |u| u.employees = 19));
                r.units.push(with("u5", 0, |u| u.employees = 20));
            },
            expect: &[("units", "total", 1)],
        },
    ];
    for case in cases {
        let mut reg = park();
        (case.build)(&mut reg);
        let t = table(&reg);
        for &(row, column, n) in case.expect {
            assert_eq!(t.cell(row, column), n, "{}: {row} × {column}", case.what);
        }
        identities(&t).unwrap_or_else(|e| panic!("{}: {e}", case.what));
    }
}

/// The identities of DOMAIN.md that hold in every column.
fn identities(t: &Table27) -> Result<(), String> {
    let check = |ok: bool, what: String| if ok { Ok(()) } else { Err(what) };
    for (c, ..) in COLUMNS {
        let v = |r: &str| t.cell(r, c);
        check(
            v("own") + v("joint") + v("none") == v("units"),
            format!("{c}: own + joint + none"),
        )?;
        check(
            v("own_committee") + v("own_general_branch") + v("own_branch") == v("own"),
            format!("{c}: the own rows"),
        )?;
        check(
            v("none_should_build") + v("none_few_members") + v("none_no_members") == v("none"),
            format!("{c}: the none rows"),
        )?;
        check(
            v("joint_3plus") <= v("joint") && v("instructor") <= v("units"),
            format!("{c}: sub-rows"),
        )?;
    }
    for (row, _) in ROWS {
        let v = |c: &str| t.cell(row, c);
        for (sub, column) in [
            ("emp100", "emp50"),
            ("emp50", "total"),
            ("rep_secretary", "rep_member"),
            ("rep_member", "total"),
            ("private_wholly", "private"),
            ("hmt_wholly", "hmt"),
            ("foreign_wholly", "foreign"),
            ("private", "total"),
            ("hmt", "total"),
            ("foreign", "total"),
        ] {
            check(v(sub) <= v(column), format!("{row}: {sub} ≤ {column}"))?;
        }
        // The three ownerships partition the non-public units: rows that
        // add up over units (not the distinct counts) add up over them.
        if !matches!(row, "joint_orgs" | "instructors") {
            check(
                v("private") + v("hmt") + v("foreign") == v("total"),
                format!("{row}: private + hmt + foreign = total"),
            )?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn the_identities_hold_on_generated_parks(n in 0usize..400, seed in any::<u64>(), days in 0i64..6000) {
        let reg = parkreg_core::samples::synthetic::registry(n, seed);
        let at = d("2010-01-01") + chrono::Duration::days(days);
        let t = summary(&reg, at).table27;
        prop_assert!(identities(&t).is_ok(), "{:?}", identities(&t));
        // The table counts exactly the non-public units the summary does.
        prop_assert_eq!(t.cell("units", "total") as usize, summary(&reg, at).units.non_public_in_scope);
    }
}
