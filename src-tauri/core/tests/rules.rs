//! The coverage and gap rules of DOMAIN.md, as tables of cases: each case
//! builds a small registry, picks a date, and says whether one gap holds for
//! one unit or organization. Every threshold has a case on each side.

mod common;

use common::*;
use parkreg_core::model::*;
use parkreg_core::model::{Lang, Severity, Status};
use parkreg_core::rules::coverage::summary;
use parkreg_core::rules::facts::{add_years, Facts};
use parkreg_core::rules::gaps::{self, Code};

const D: &str = "2024-06-30";

fn one_unit(full: u32) -> impl Fn(&mut Registry) {
    move |reg| reg.units.push(unit("u1", full))
}

#[test]
fn unit_coverage_gaps() {
    check(&[
        Case {
            name: "no org, no instructor",
            build: |r| one_unit(0)(r),
            on: D,
            code: Code::Uncovered,
            about: "u1",
            holds: true,
        },
        Case {
            name: "instructor only is work coverage",
            build: |r| {
                one_unit(0)(r);
                r.units[0].instructor = Some("p1".into());
            },
            on: D,
            code: Code::Uncovered,
            about: "u1",
            holds: false,
        },
        Case {
            name: "own branch covers",
            build: |r| {
                one_unit(3)(r);
                r.organizations
                    .push(org("b", OrgKind::Branch, &["u1"], "2024-01-01"));
            },
            on: D,
            code: Code::Uncovered,
            about: "u1",
            holds: false,
        },
        Case {
            name: "3 full members in a joint branch",
            build: |r| {
                r.units.push(unit("u1", 3));
                r.units.push(unit("u2", 1));
                r.organizations
                    .push(org("j", OrgKind::JointBranch, &["u1", "u2"], "2024-01-01"));
            },
            on: D,
            code: Code::BranchRequired,
            about: "u1",
            holds: true,
        },
        Case {
            name: "2 full members in a joint branch",
            build: |r| {
                r.units.push(unit("u1", 2));
                r.units.push(unit("u2", 1));
                r.organizations
                    .push(org("j", OrgKind::JointBranch, &["u1", "u2"], "2024-01-01"));
            },
            on: D,
            code: Code::BranchRequired,
            about: "u1",
            holds: false,
        },
        Case {
            name: "3 full members, own branch",
            build: |r| {
                one_unit(3)(r);
                r.organizations
                    .push(org("b", OrgKind::Branch, &["u1"], "2024-01-01"));
            },
            on: D,
            code: Code::BranchRequired,
            about: "u1",
            holds: false,
        },
        Case {
            name: "a joint branch whose partner closed on D is own",
            build: |r| {
                r.units.push(unit("u1", 3));
                r.units.push(unit("u2", 1));
                r.units[1].closed_on = Some(d(D));
                r.organizations
                    .push(org("j", OrgKind::JointBranch, &["u1", "u2"], "2024-01-01"));
            },
            on: D,
            code: Code::BranchRequired,
            about: "u1",
            holds: false,
        },
        Case {
            name: "1 full member, uncovered",
            build: |r| one_unit(1)(r),
            on: D,
            code: Code::JoinRequired,
            about: "u1",
            holds: true,
        },
        Case {
            name: "2 full members, instructor only",
            build: |r| {
                one_unit(2)(r);
                r.units[0].instructor = Some("p1".into());
            },
            on: D,
            code: Code::JoinRequired,
            about: "u1",
            holds: true,
        },
        Case {
            name: "0 full members",
            build: |r| one_unit(0)(r),
            on: D,
            code: Code::JoinRequired,
            about: "u1",
            holds: false,
        },
        Case {
            name: "3 full members is a branch, not a join",
            build: |r| one_unit(3)(r),
            on: D,
            code: Code::JoinRequired,
            about: "u1",
            holds: false,
        },
        Case {
            name: "2 full members in a group",
            build: |r| {
                one_unit(2)(r);
                r.units.push(unit("u2", 3));
                r.organizations
                    .push(org("b", OrgKind::Branch, &["u2"], "2024-01-01"));
                let mut g = org("g", OrgKind::Group, &["u1"], "2024-01-01");
                g.parent = Some("b".into());
                r.organizations.push(g);
            },
            on: D,
            code: Code::JoinRequired,
            about: "u1",
            holds: false,
        },
    ]);
}

fn project(r: &mut Registry, commissioner: Option<&str>, instructor: Option<&str>) {
    let mut u = unit("u1", 0);
    u.kind = UnitKind::Project;
    u.stage = Stage::Construction;
    u.commissioner = commissioner.map(String::from);
    u.instructor = instructor.map(String::from);
    r.units.push(u);
}

#[test]
fn people_gaps() {
    check(&[
        Case {
            name: "project without commissioner",
            build: |r| project(r, None, Some("p1")),
            on: D,
            code: Code::NoCommissioner,
            about: "u1",
            holds: true,
        },
        Case {
            name: "project with commissioner",
            build: |r| project(r, Some("p2"), Some("p1")),
            on: D,
            code: Code::NoCommissioner,
            about: "u1",
            holds: false,
        },
        Case {
            name: "operating unit needs no commissioner",
            build: |r| {
                project(r, None, None);
                r.units[0].stage = Stage::Operating;
            },
            on: D,
            code: Code::NoCommissioner,
            about: "u1",
            holds: false,
        },
        Case {
            name: "project without instructor",
            build: |r| project(r, Some("p1"), None),
            on: D,
            code: Code::NoInstructor,
            about: "u1",
            holds: true,
        },
        Case {
            name: "project with instructor",
            build: |r| project(r, Some("p1"), Some("p1")),
            on: D,
            code: Code::NoInstructor,
            about: "u1",
            holds: false,
        },
        Case {
            name: "instructor not a member",
            build: |r| project(r, Some("p2"), Some("p2")),
            on: D,
            code: Code::InstructorNotMember,
            about: "u1",
            holds: true,
        },
        Case {
            name: "instructor a member",
            build: |r| project(r, Some("p2"), Some("p1")),
            on: D,
            code: Code::InstructorNotMember,
            about: "u1",
            holds: false,
        },
        Case {
            name: "a unit closed on D has no gaps",
            build: |r| {
                project(r, None, None);
                r.units[0].closed_on = Some(d(D));
            },
            on: D,
            code: Code::NoCommissioner,
            about: "u1",
            holds: false,
        },
        Case {
            name: "a unit started on D is active",
            build: |r| {
                project(r, None, None);
                r.units[0].started_on = Some(d(D));
            },
            on: D,
            code: Code::NoCommissioner,
            about: "u1",
            holds: true,
        },
        Case {
            name: "a unit starting after D is not yet active",
            build: |r| {
                project(r, None, None);
                r.units[0].started_on = Some(d("2024-07-01"));
            },
            on: D,
            code: Code::Uncovered,
            about: "u1",
            holds: false,
        },
    ]);
}

fn joint_of(r: &mut Registry, n: usize) {
    let ids: Vec<String> = (1..=n).map(|i| format!("u{i}")).collect();
    for id in &ids {
        r.units.push(unit(id, 1));
    }
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    r.organizations
        .push(org("j", OrgKind::JointBranch, &refs, "2024-01-01"));
}

/// A branch over one unit with the given members and committee size.
fn branch_with(r: &mut Registry, kind: OrgKind, full: u32, probationary: u32, committee: u32) {
    let mut u = unit("u1", full);
    u.probationary_members = probationary;
    r.units.push(u);
    let mut b = org("b", kind, &["u1"], "2024-01-01");
    b.committee_size = committee;
    r.organizations.push(b);
}

#[test]
fn organization_size_gaps() {
    check(&[
        Case {
            name: "joint branch of 6",
            build: |r| joint_of(r, 6),
            on: D,
            code: Code::JointTooWide,
            about: "j",
            holds: true,
        },
        Case {
            name: "joint branch of 5",
            build: |r| joint_of(r, 5),
            on: D,
            code: Code::JointTooWide,
            about: "j",
            holds: false,
        },
        Case {
            name: "joint branch of 6 listed, one closed on D",
            build: |r| {
                joint_of(r, 6);
                r.units[5].closed_on = Some(d(D));
            },
            on: D,
            code: Code::JointTooWide,
            about: "j",
            holds: false,
        },
        Case {
            name: "7 full, no committee",
            build: |r| branch_with(r, OrgKind::Branch, 7, 0, 0),
            on: D,
            code: Code::CommitteeRequired,
            about: "b",
            holds: true,
        },
        Case {
            name: "6 full, no committee",
            build: |r| branch_with(r, OrgKind::Branch, 6, 5, 0),
            on: D,
            code: Code::CommitteeRequired,
            about: "b",
            holds: false,
        },
        Case {
            name: "7 full, committee of 3",
            build: |r| branch_with(r, OrgKind::Branch, 7, 0, 3),
            on: D,
            code: Code::CommitteeRequired,
            about: "b",
            holds: false,
        },
        Case {
            name: "temporary branch of 7 is branch-level",
            build: |r| branch_with(r, OrgKind::TemporaryBranch, 7, 0, 0),
            on: D,
            code: Code::CommitteeRequired,
            about: "b",
            holds: true,
        },
        Case {
            name: "general branch is not branch-level",
            build: |r| branch_with(r, OrgKind::GeneralBranch, 7, 0, 0),
            on: D,
            code: Code::CommitteeRequired,
            about: "b",
            holds: false,
        },
        Case {
            name: "committee of 2",
            build: |r| branch_with(r, OrgKind::Branch, 7, 0, 2),
            on: D,
            code: Code::CommitteeSize,
            about: "b",
            holds: true,
        },
        Case {
            name: "committee of 3",
            build: |r| branch_with(r, OrgKind::Branch, 7, 0, 3),
            on: D,
            code: Code::CommitteeSize,
            about: "b",
            holds: false,
        },
        Case {
            name: "committee of 7",
            build: |r| branch_with(r, OrgKind::Branch, 7, 0, 7),
            on: D,
            code: Code::CommitteeSize,
            about: "b",
            holds: false,
        },
        Case {
            name: "committee of 8",
            build: |r| branch_with(r, OrgKind::Branch, 9, 0, 8),
            on: D,
            code: Code::CommitteeSize,
            about: "b",
            holds: true,
        },
        Case {
            name: "no committee is not a size problem",
            build: |r| branch_with(r, OrgKind::Branch, 3, 0, 0),
            on: D,
            code: Code::CommitteeSize,
            about: "b",
            holds: false,
        },
        Case {
            name: "branch of 51 members",
            build: |r| branch_with(r, OrgKind::Branch, 40, 11, 5),
            on: D,
            code: Code::UpgradeSuggested,
            about: "b",
            holds: true,
        },
        Case {
            name: "branch of 50 members",
            build: |r| branch_with(r, OrgKind::Branch, 40, 10, 5),
            on: D,
            code: Code::UpgradeSuggested,
            about: "b",
            holds: false,
        },
        Case {
            name: "general branch of 100",
            build: |r| branch_with(r, OrgKind::GeneralBranch, 90, 10, 5),
            on: D,
            code: Code::UpgradeSuggested,
            about: "b",
            holds: true,
        },
        Case {
            name: "general branch of 99",
            build: |r| branch_with(r, OrgKind::GeneralBranch, 90, 9, 5),
            on: D,
            code: Code::UpgradeSuggested,
            about: "b",
            holds: false,
        },
        Case {
            name: "general branch of 60",
            build: |r| branch_with(r, OrgKind::GeneralBranch, 60, 0, 5),
            on: D,
            code: Code::UpgradeSuggested,
            about: "b",
            holds: false,
        },
    ]);
}

/// A branch founded 2021-06-30: its election falls due on 2024-06-30.
fn branch_due_2024(r: &mut Registry) {
    r.units.push(unit("u1", 3));
    r.organizations
        .push(org("b", OrgKind::Branch, &["u1"], "2021-06-30"));
}

/// A committee whose last election was 2019-06-30: due 2024-06-30 (5 years).
fn committee_due_2024(r: &mut Registry) {
    let mut c = org("c", OrgKind::Committee, &[], "2015-01-01");
    c.last_election_on = Some(d("2019-06-30"));
    c.committee_size = 5;
    r.organizations.push(c);
}

/// A branch last elected on 29 February 2020: due 28 February 2023.
fn leap_branch(r: &mut Registry) {
    r.units.push(unit("u1", 3));
    let mut b = org("b", OrgKind::Branch, &["u1"], "2017-01-01");
    b.last_election_on = Some(d("2020-02-29"));
    r.organizations.push(b);
}

#[test]
fn election_gaps() {
    check(&[
        Case {
            name: "due − 91 days",
            build: branch_due_2024,
            on: "2024-03-31",
            code: Code::ElectionDue,
            about: "b",
            holds: false,
        },
        Case {
            name: "due − 90 days",
            build: branch_due_2024,
            on: "2024-04-01",
            code: Code::ElectionDue,
            about: "b",
            holds: true,
        },
        Case {
            name: "the day before due",
            build: branch_due_2024,
            on: "2024-06-29",
            code: Code::ElectionDue,
            about: "b",
            holds: true,
        },
        Case {
            name: "the day before due is not overdue",
            build: branch_due_2024,
            on: "2024-06-29",
            code: Code::ElectionOverdue,
            about: "b",
            holds: false,
        },
        Case {
            name: "on the due date",
            build: branch_due_2024,
            on: "2024-06-30",
            code: Code::ElectionOverdue,
            about: "b",
            holds: true,
        },
        Case {
            name: "on the due date it is no longer due",
            build: branch_due_2024,
            on: "2024-06-30",
            code: Code::ElectionDue,
            about: "b",
            holds: false,
        },
        Case {
            name: "due + 1 year − 1 day",
            build: branch_due_2024,
            on: "2025-06-29",
            code: Code::ElectionOverdue,
            about: "b",
            holds: true,
        },
        Case {
            name: "due + 1 year − 1 day is not severe",
            build: branch_due_2024,
            on: "2025-06-29",
            code: Code::ElectionSeverelyOverdue,
            about: "b",
            holds: false,
        },
        Case {
            name: "due + 1 year",
            build: branch_due_2024,
            on: "2025-06-30",
            code: Code::ElectionSeverelyOverdue,
            about: "b",
            holds: true,
        },
        Case {
            name: "due + 1 year is not merely overdue",
            build: branch_due_2024,
            on: "2025-06-30",
            code: Code::ElectionOverdue,
            about: "b",
            holds: false,
        },
        Case {
            name: "committee term is 5 years: before",
            build: committee_due_2024,
            on: "2024-06-29",
            code: Code::ElectionOverdue,
            about: "c",
            holds: false,
        },
        Case {
            name: "committee term is 5 years: on",
            build: committee_due_2024,
            on: "2024-06-30",
            code: Code::ElectionOverdue,
            about: "c",
            holds: true,
        },
        Case {
            name: "29 February: 27 February",
            build: leap_branch,
            on: "2023-02-27",
            code: Code::ElectionDue,
            about: "b",
            holds: true,
        },
        Case {
            name: "29 February falls due on 28 February",
            build: leap_branch,
            on: "2023-02-28",
            code: Code::ElectionOverdue,
            about: "b",
            holds: true,
        },
        Case {
            name: "temporary branches hold no elections",
            build: |r| {
                project(r, Some("p1"), Some("p1"));
                r.organizations
                    .push(org("t", OrgKind::TemporaryBranch, &["u1"], "2019-01-01"));
            },
            on: D,
            code: Code::ElectionSeverelyOverdue,
            about: "t",
            holds: false,
        },
        Case {
            name: "a dissolved organization has no gaps",
            build: |r| {
                branch_due_2024(r);
                r.organizations[1].dissolved_on = Some(d("2024-06-30"));
            },
            on: "2024-06-30",
            code: Code::ElectionOverdue,
            about: "b",
            holds: false,
        },
    ]);
}

fn group_under(r: &mut Registry, parent_dissolved: Option<&str>) {
    r.units.push(unit("u1", 3));
    r.units.push(unit("u2", 1));
    let mut b = org("b", OrgKind::Branch, &["u1"], "2024-01-01");
    b.dissolved_on = parent_dissolved.map(d);
    r.organizations.push(b);
    let mut g = org("g", OrgKind::Group, &["u2"], "2024-01-01");
    g.parent = Some("b".into());
    r.organizations.push(g);
}

#[test]
fn structure_gaps() {
    check(&[
        Case {
            name: "branch without secretary",
            build: |r| {
                branch_with(r, OrgKind::Branch, 3, 0, 0);
                r.organizations[1].secretary = None;
            },
            on: D,
            code: Code::SecretaryVacant,
            about: "b",
            holds: true,
        },
        Case {
            name: "branch with secretary",
            build: |r| branch_with(r, OrgKind::Branch, 3, 0, 0),
            on: D,
            code: Code::SecretaryVacant,
            about: "b",
            holds: false,
        },
        Case {
            name: "a group needs no secretary",
            build: |r| {
                group_under(r, None);
                r.organizations[2].secretary = None;
            },
            on: D,
            code: Code::SecretaryVacant,
            about: "g",
            holds: false,
        },
        Case {
            name: "group under an active branch",
            build: |r| group_under(r, None),
            on: D,
            code: Code::GroupOrphaned,
            about: "g",
            holds: false,
        },
        Case {
            name: "group whose branch dissolved on D",
            build: |r| group_under(r, Some(D)),
            on: D,
            code: Code::GroupOrphaned,
            about: "g",
            holds: true,
        },
        Case {
            name: "group whose branch dissolves the day after D",
            build: |r| group_under(r, Some("2024-07-01")),
            on: D,
            code: Code::GroupOrphaned,
            about: "g",
            holds: false,
        },
        Case {
            name: "orphaned group leaves its unit uncovered",
            build: |r| group_under(r, Some(D)),
            on: D,
            code: Code::Uncovered,
            about: "u2",
            holds: true,
        },
        Case {
            name: "group with no parent",
            build: |r| {
                group_under(r, None);
                r.organizations[2].parent = None;
            },
            on: D,
            code: Code::GroupOrphaned,
            about: "g",
            holds: true,
        },
        Case {
            name: "temporary branch on a project under construction",
            build: |r| {
                project(r, Some("p1"), Some("p1"));
                r.organizations
                    .push(org("t", OrgKind::TemporaryBranch, &["u1"], "2024-01-01"));
            },
            on: D,
            code: Code::TemporaryStale,
            about: "t",
            holds: false,
        },
        Case {
            name: "temporary branch on an operating unit",
            build: |r| {
                one_unit(3)(r);
                r.organizations
                    .push(org("t", OrgKind::TemporaryBranch, &["u1"], "2024-01-01"));
            },
            on: D,
            code: Code::TemporaryStale,
            about: "t",
            holds: true,
        },
        Case {
            name: "temporary branch whose project closed on D",
            build: |r| {
                project(r, Some("p1"), Some("p1"));
                r.units[0].closed_on = Some(d(D));
                r.organizations
                    .push(org("t", OrgKind::TemporaryBranch, &["u1"], "2024-01-01"));
            },
            on: D,
            code: Code::TemporaryStale,
            about: "t",
            holds: true,
        },
        Case {
            name: "an organization founded on D is active",
            build: |r| {
                one_unit(3)(r);
                r.organizations.push(org("b", OrgKind::Branch, &["u1"], D));
            },
            on: D,
            code: Code::Uncovered,
            about: "u1",
            holds: false,
        },
        Case {
            name: "an organization dissolved on D no longer covers",
            build: |r| {
                one_unit(3)(r);
                let mut b = org("b", OrgKind::Branch, &["u1"], "2024-01-01");
                b.dissolved_on = Some(d(D));
                r.organizations.push(b);
            },
            on: D,
            code: Code::Uncovered,
            about: "u1",
            holds: true,
        },
    ]);
}

/// A new branch over one non-public unit, founded 2024-01-01.
fn new_branch(r: &mut Registry) {
    branch_with(r, OrgKind::Branch, 3, 0, 0);
}

fn paid(r: &mut Registry, on: &str) {
    new_branch(r);
    r.ledger
        .push(pay("d1", on, Purpose::StarterFund, Some("b"), 200_000));
}

#[test]
fn starter_fund_gaps() {
    check(&[
        Case {
            name: "new non-public branch, nothing paid",
            build: new_branch,
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: true,
        },
        Case {
            name: "paid 2,000 yuan",
            build: |r| paid(r, "2024-02-01"),
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: false,
        },
        Case {
            name: "paid after D",
            build: |r| paid(r, "2024-07-01"),
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: true,
        },
        Case {
            name: "paid, then reversed",
            build: |r| {
                paid(r, "2024-02-01");
                let rev = reversal("d2", "2024-03-01", &r.ledger[0]);
                r.ledger.push(rev);
            },
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: true,
        },
        Case {
            name: "reversed only after D",
            build: |r| {
                paid(r, "2024-02-01");
                let rev = reversal("d2", "2024-07-01", &r.ledger[0]);
                r.ledger.push(rev);
            },
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: false,
        },
        Case {
            name: "state-owned unit",
            build: |r| {
                new_branch(r);
                r.units[0].ownership = Ownership::State;
            },
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: false,
        },
        Case {
            name: "founded before the starter-fund date",
            build: |r| {
                new_branch(r);
                r.organizations[1].founded_on = d("2011-12-31");
            },
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: false,
        },
        Case {
            name: "founded on the starter-fund date",
            build: |r| {
                new_branch(r);
                r.organizations[1].founded_on = d("2012-01-01");
            },
            on: D,
            code: Code::StarterFundUnpaid,
            about: "b",
            holds: true,
        },
        Case {
            name: "the park committee has no parent",
            build: |r| r.units.push(unit("u1", 0)),
            on: D,
            code: Code::StarterFundUnpaid,
            about: "pc",
            holds: false,
        },
        Case {
            name: "a group is not basic",
            build: |r| group_under(r, None),
            on: D,
            code: Code::StarterFundUnpaid,
            about: "g",
            holds: false,
        },
    ]);
}

#[test]
fn status_precedence() {
    // (name, build, unit, expected status)
    type StatusCase = (&'static str, fn(&mut Registry), &'static str, Status);
    let cases: [StatusCase; 6] = [
        (
            "own beats joint",
            |r| {
                r.units.push(unit("u1", 3));
                r.units.push(unit("u2", 1));
                r.organizations
                    .push(org("b", OrgKind::Branch, &["u1"], "2024-01-01"));
                r.organizations
                    .push(org("j", OrgKind::JointBranch, &["u1", "u2"], "2024-01-01"));
            },
            "u1",
            Status::Own,
        ),
        ("joint", |r| joint_of(r, 2), "u1", Status::Joint),
        ("group", |r| group_under(r, None), "u2", Status::Group),
        (
            "orphaned group falls to instructor",
            |r| {
                group_under(r, Some(D));
                r.units[1].instructor = Some("p1".into());
            },
            "u2",
            Status::Instructor,
        ),
        ("none", |r| r.units.push(unit("u1", 0)), "u1", Status::None),
        (
            "a committee covering one unit is own",
            |r| {
                r.units.push(unit("u1", 120));
                let mut c = org("c", OrgKind::Committee, &["u1"], "2024-01-01");
                c.committee_size = 7;
                r.organizations.push(c);
            },
            "u1",
            Status::Own,
        ),
    ];
    for (name, build, u, expected) in cases {
        let mut reg = park();
        build(&mut reg);
        let facts = Facts::new(&reg, d(D));
        let i = facts.unit_at(u).unwrap();
        assert_eq!(facts.status[i], Some(expected), "{name}");
    }
}

#[test]
fn every_gap_code_has_its_severity_and_a_message_in_both_languages() {
    let mut reg = park();
    group_under(&mut reg, Some(D));
    let zh = gaps::find(&reg, d(D), Lang::Zh);
    let en = gaps::find(&reg, d(D), Lang::En);
    assert_eq!(zh.len(), en.len());
    for (a, b) in zh.iter().zip(&en) {
        assert_eq!(a.code, b.code);
        assert!(
            a.message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            a.message
        );
        assert!(
            b.message.is_ascii() || b.message.chars().all(|c| c.is_ascii() || c == '¥'),
            "{}",
            b.message
        );
    }
    let table = [
        (Code::Uncovered, Severity::Error),
        (Code::BranchRequired, Severity::Error),
        (Code::JoinRequired, Severity::Warning),
        (Code::NoCommissioner, Severity::Warning),
        (Code::NoInstructor, Severity::Warning),
        (Code::InstructorNotMember, Severity::Error),
        (Code::JointTooWide, Severity::Warning),
        (Code::CommitteeRequired, Severity::Error),
        (Code::CommitteeSize, Severity::Warning),
        (Code::UpgradeSuggested, Severity::Info),
        (Code::ElectionDue, Severity::Warning),
        (Code::ElectionOverdue, Severity::Error),
        (Code::ElectionSeverelyOverdue, Severity::Error),
        (Code::SecretaryVacant, Severity::Warning),
        (Code::GroupOrphaned, Severity::Error),
        (Code::TemporaryStale, Severity::Warning),
        (Code::StarterFundUnpaid, Severity::Warning),
    ];
    for (code, severity) in table {
        assert_eq!(code.severity(), severity, "{code:?}");
    }
}

#[test]
fn gaps_are_sorted_by_severity_then_name() {
    let reg = parkreg_core::samples::sample_park();
    let found = gaps::find(&reg, d("2013-06-30"), Lang::Zh);
    for pair in found.windows(2) {
        assert!(
            (pair[0].severity, &pair[0].name) <= (pair[1].severity, &pair[1].name),
            "{pair:?}"
        );
    }
}

#[test]
fn add_years_table() {
    for (from, years, to) in [
        ("2020-02-29", 3, "2023-02-28"),
        ("2020-02-29", 4, "2024-02-29"),
        ("2021-06-30", 3, "2024-06-30"),
        ("2019-12-31", 5, "2024-12-31"),
    ] {
        assert_eq!(add_years(d(from), years), d(to), "{from} + {years}");
    }
}

#[test]
fn rates_over_an_empty_scope_are_none() {
    let reg = park();
    let s = summary(&reg, d(D));
    assert_eq!(s.units.in_scope, 0);
    for rates in [s.coverage.all, s.coverage.non_public] {
        assert_eq!(
            (rates.organizational, rates.single_build, rates.work),
            (None, None, None)
        );
    }
    let json = serde_json::to_value(&s).unwrap();
    assert!(json["coverage"]["all"]["organizational"].is_null());
}

#[test]
fn rates_count_units_in_scope() {
    let mut reg = park();
    joint_of(&mut reg, 2); // u1, u2 joint
    reg.units.push(unit("u3", 3)); // own
    reg.organizations
        .push(org("b", OrgKind::Branch, &["u3"], "2024-01-01"));
    let mut u4 = unit("u4", 0); // instructor, state-owned
    u4.instructor = Some("p1".into());
    u4.ownership = Ownership::State;
    reg.units.push(u4);
    let mut small = unit("u5", 0); // none, but too small when min is 10
    small.employees = 5;
    reg.units.push(small);
    let s = summary(&reg, d(D));
    assert_eq!(s.units.in_scope, 5);
    assert_eq!(s.coverage.all.organizational, Some(3.0 / 5.0));
    assert_eq!(s.coverage.all.single_build, Some(1.0 / 5.0));
    assert_eq!(s.coverage.all.work, Some(4.0 / 5.0));
    assert_eq!(s.coverage.non_public.work, Some(3.0 / 4.0));
    reg.park.min_employees = 10;
    let s = summary(&reg, d(D));
    assert_eq!((s.units.in_scope, s.units.non_public_in_scope), (4, 3));
    assert_eq!(s.coverage.all.organizational, Some(3.0 / 4.0));
    assert_eq!(s.status_counts.none, 0);
    // Gaps are found for units out of scope too.
    assert!(gaps::find(&reg, d(D), Lang::Zh)
        .iter()
        .any(|g| g.code == Code::Uncovered && g.unit.as_deref() == Some("u5")));
}

/// Guizhou's parks in 2015: 9,537 enterprises; 1,793 organizations covered
/// 3,168 of them. Coverage counts enterprises, not organizations: 33.2%.
#[test]
fn guizhou_2015_figure() {
    let mut reg = park();
    for i in 0..9537 {
        reg.units.push(unit(&format!("u{i}"), 0));
    }
    // 1,793 organizations covering 3,168 enterprises: 1,418 single-unit
    // branches, and 375 joint branches covering 1,750 units (4 or 5 each).
    let mut next = 0;
    for i in 0..1793 {
        let width = if i < 1418 {
            1
        } else if i < 1418 + 250 {
            5
        } else {
            4
        };
        let ids: Vec<String> = (next..next + width).map(|n| format!("u{n}")).collect();
        next += width;
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let kind = if width == 1 {
            OrgKind::Branch
        } else {
            OrgKind::JointBranch
        };
        reg.organizations
            .push(org(&format!("o{i}"), kind, &refs, "2015-01-01"));
    }
    assert_eq!(next, 3168);
    assert_eq!(reg.organizations.len() - 1, 1793);
    let s = summary(&reg, d("2015-12-31"));
    let rate = s.coverage.all.organizational.unwrap();
    assert_eq!(format!("{:.1}", rate * 100.0), "33.2");
    assert_eq!(s.status_counts.own + s.status_counts.joint, 3168);
}

#[test]
fn sample_park_is_fully_covered_and_shows_gaps() {
    let reg = parkreg_core::samples::sample_park();
    let as_of = parkreg_core::samples::as_of();
    let s = summary(&reg, as_of);
    assert_eq!(reg.units.len(), 31);
    assert_eq!(s.units.enterprises + s.units.projects, 30);
    assert_eq!(s.units.in_scope, 30);
    assert_eq!(s.coverage.all.organizational, Some(1.0));
    let codes: std::collections::HashSet<Code> = gaps::find(&reg, as_of, Lang::Zh)
        .iter()
        .map(|g| g.code)
        .collect();
    assert!(codes.len() >= 4, "{codes:?}");
    // And today, years later, still covered (nothing closed).
    let today = summary(&reg, parkreg_core::today());
    assert_eq!(today.coverage.all.organizational, Some(1.0));
}
