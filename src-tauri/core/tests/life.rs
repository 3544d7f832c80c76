//! The organizational-life gaps of DOMAIN.md as tables of cases: period
//! boundaries, organizations founded inside a period, dissolved ones,
//! groups, committees, and each party-lecture setting. And the year's
//! figures on a small registry.

mod common;

use common::*;
use parkreg_core::model::*;
use parkreg_core::rules::coverage::summary;
use parkreg_core::rules::gaps::Code;

/// Branch `b` over one unit of 5, founded 2023-01-01 (committee size 3 if
/// `committee`), with group `g` under it from the same day.
fn base(r: &mut Registry, committee: bool) {
    r.units.push(unit("u1", 5));
    let mut b = org("b", OrgKind::Branch, &["u1"], "2023-01-01");
    b.committee_size = if committee { 3 } else { 0 };
    r.organizations.push(b);
    let mut g = org("g", OrgKind::Group, &[], "2023-01-01");
    g.parent = Some("b".into());
    r.organizations.push(g);
}

fn meet(r: &mut Registry, org: &str, kind: MeetingKind, on: &str) {
    let id = format!("m{}", r.meetings.len() + 1);
    r.meetings.push(Meeting {
        id,
        org: org.into(),
        kind,
        date: d(on),
        topic: String::new(),
        expected: Some(5),
        attended: 4,
        hours: Hours(if kind.needs_hours() { 15 } else { 0 }),
        host: None,
        note: String::new(),
    });
}

/// A case's registry: the base, then one meeting of `b` (or `g`).
macro_rules! with {
    ($committee:expr) => {
        |r: &mut Registry| base(r, $committee)
    };
    ($committee:expr, $org:expr, $kind:ident, $on:expr) => {
        |r: &mut Registry| {
            base(r, $committee);
            meet(r, $org, MeetingKind::$kind, $on);
        }
    };
}

fn case(
    name: &'static str,
    build: fn(&mut Registry),
    on: &'static str,
    code: Code,
    about: &'static str,
    holds: bool,
) -> Case {
    Case {
        name,
        build,
        on,
        code,
        about,
        holds,
    }
}

#[test]
fn member_meeting_each_quarter() {
    use Code::MemberMeetingMissed as M;
    check(&[
        case(
            "held on the quarter's last day",
            with!(false, "b", MemberMeeting, "2024-03-31"),
            "2024-06-30",
            M,
            "b",
            false,
        ),
        case(
            "held the day after the quarter",
            with!(false, "b", MemberMeeting, "2024-04-01"),
            "2024-06-30",
            M,
            "b",
            true,
        ),
        case(
            "none, first day of the next quarter",
            with!(false),
            "2024-04-01",
            M,
            "b",
            true,
        ),
        case(
            "none, the last complete quarter is 2023 Q4",
            with!(false),
            "2024-03-31",
            M,
            "b",
            true,
        ),
        case(
            "held in 2023 Q4, seen from 2024-03-31",
            with!(false, "b", MemberMeeting, "2023-12-31"),
            "2024-03-31",
            M,
            "b",
            false,
        ),
        case(
            "another kind does not count",
            with!(false, "b", ThemeDay, "2024-02-10"),
            "2024-06-30",
            M,
            "b",
            true,
        ),
        case(
            "founded inside the quarter: not subject",
            |r| {
                base(r, false);
                r.organizations[1].founded_on = d("2024-01-02");
            },
            "2024-06-30",
            M,
            "b",
            false,
        ),
        case(
            "founded on the quarter's first day: subject",
            |r| {
                base(r, false);
                r.organizations[1].founded_on = d("2024-01-01");
            },
            "2024-06-30",
            M,
            "b",
            true,
        ),
        case(
            "dissolved before the date: not subject",
            |r| {
                base(r, false);
                r.organizations[1].dissolved_on = Some(d("2024-05-01"));
                r.organizations[2].dissolved_on = Some(d("2024-05-01"));
            },
            "2024-06-30",
            M,
            "b",
            false,
        ),
        case(
            "a group holds no member meeting",
            with!(false),
            "2024-06-30",
            M,
            "g",
            false,
        ),
        case(
            "the park committee is not branch-level",
            with!(false),
            "2024-06-30",
            M,
            "pc",
            false,
        ),
    ]);
}

#[test]
fn committee_and_group_meetings_each_month() {
    use Code::{CommitteeMeetingMissed as C, GroupMeetingMissed as G};
    check(&[
        case(
            "held 29 February of a leap year",
            with!(true, "b", CommitteeMeeting, "2024-02-29"),
            "2024-03-01",
            C,
            "b",
            false,
        ),
        case(
            "held 1 March, seen in March",
            with!(true, "b", CommitteeMeeting, "2024-03-01"),
            "2024-03-15",
            C,
            "b",
            true,
        ),
        case(
            "held 28 February of a common year",
            with!(true, "b", CommitteeMeeting, "2023-02-28"),
            "2023-03-31",
            C,
            "b",
            false,
        ),
        case(
            "none in February 2023",
            with!(true),
            "2023-03-31",
            C,
            "b",
            true,
        ),
        case(
            "no committee: not subject",
            with!(false),
            "2024-06-30",
            C,
            "b",
            false,
        ),
        case(
            "group: none last month",
            with!(false),
            "2024-06-30",
            G,
            "g",
            true,
        ),
        case(
            "group: held 31 May",
            with!(false, "g", GroupMeeting, "2024-05-31"),
            "2024-06-30",
            G,
            "g",
            false,
        ),
        case(
            "group: held 1 June counts for June only",
            with!(false, "g", GroupMeeting, "2024-06-01"),
            "2024-06-30",
            G,
            "g",
            true,
        ),
        case(
            "a branch is not a group",
            with!(false),
            "2024-06-30",
            G,
            "b",
            false,
        ),
        case(
            "a group whose branch was founded inside the month",
            |r| {
                base(r, false);
                r.organizations[2].founded_on = d("2024-05-02");
                r.organizations[1].founded_on = d("2024-05-02");
            },
            "2024-06-30",
            G,
            "g",
            false,
        ),
    ]);
}

#[test]
fn theme_day_each_month() {
    use Code::ThemeDayMissed as T;
    check(&[
        case(
            "held 31 May, seen 1 June",
            with!(false, "b", ThemeDay, "2024-05-31"),
            "2024-06-01",
            T,
            "b",
            false,
        ),
        case(
            "held 1 June, seen 30 June",
            with!(false, "b", ThemeDay, "2024-06-01"),
            "2024-06-30",
            T,
            "b",
            true,
        ),
        case(
            "held 31 December, seen 1 January",
            with!(false, "b", ThemeDay, "2023-12-31"),
            "2024-01-01",
            T,
            "b",
            false,
        ),
        case(
            "a group is not subject",
            with!(false),
            "2024-06-30",
            T,
            "g",
            false,
        ),
        case(
            "a joint branch is subject",
            |r| {
                base(r, false);
                r.organizations[1].kind = OrgKind::JointBranch;
            },
            "2024-06-30",
            T,
            "b",
            true,
        ),
    ]);
}

fn lectures(r: &mut Registry, period: LecturePeriod, on: Option<&str>) {
    base(r, false);
    r.park.party_lecture_period = period;
    if let Some(on) = on {
        meet(r, "b", MeetingKind::PartyLecture, on);
    }
}

#[test]
fn party_lecture_each_period_the_park_sets() {
    use Code::PartyLectureMissed as L;
    use LecturePeriod::*;
    check(&[
        case(
            "quarter: held 31 March",
            |r| lectures(r, Quarter, Some("2024-03-31")),
            "2024-06-30",
            L,
            "b",
            false,
        ),
        case(
            "quarter: none",
            |r| lectures(r, Quarter, None),
            "2024-06-30",
            L,
            "b",
            true,
        ),
        case(
            "month: held in April, May missing",
            |r| lectures(r, Month, Some("2024-04-15")),
            "2024-06-30",
            L,
            "b",
            true,
        ),
        case(
            "month: held in May",
            |r| lectures(r, Month, Some("2024-05-20")),
            "2024-06-30",
            L,
            "b",
            false,
        ),
        case(
            "half year: held 31 December",
            |r| lectures(r, HalfYear, Some("2023-12-31")),
            "2024-06-30",
            L,
            "b",
            false,
        ),
        case(
            "half year: held 2 January belongs to this half",
            |r| lectures(r, HalfYear, Some("2024-01-02")),
            "2024-06-30",
            L,
            "b",
            true,
        ),
        case(
            "half year: held 30 June, seen 1 July",
            |r| lectures(r, HalfYear, Some("2024-06-30")),
            "2024-07-01",
            L,
            "b",
            false,
        ),
        case(
            "year: held 1 January 2023",
            |r| lectures(r, Year, Some("2023-01-01")),
            "2024-06-30",
            L,
            "b",
            false,
        ),
        case(
            "year: none in 2023",
            |r| lectures(r, Year, None),
            "2024-06-30",
            L,
            "b",
            true,
        ),
        case(
            "year: founded inside 2023 is not subject",
            |r| {
                lectures(r, Year, None);
                r.organizations[1].founded_on = d("2023-01-02");
            },
            "2024-06-30",
            L,
            "b",
            false,
        ),
    ]);
}

#[test]
fn life_meeting_and_democratic_review_each_year() {
    use Code::{DemocraticReviewMissed as R, LifeMeetingMissed as F};
    check(&[
        case(
            "held 31 December, seen 1 January",
            with!(false, "b", LifeMeeting, "2023-12-31"),
            "2024-01-01",
            F,
            "b",
            false,
        ),
        case(
            "held 1 January counts for the new year",
            with!(false, "b", LifeMeeting, "2024-01-01"),
            "2024-06-30",
            F,
            "b",
            true,
        ),
        case("none in 2023", with!(false), "2024-06-30", F, "b", true),
        case(
            "founded 2 January 2023: not subject for 2023",
            |r| {
                base(r, false);
                r.organizations[1].founded_on = d("2023-01-02");
            },
            "2024-06-30",
            F,
            "b",
            false,
        ),
        case(
            "review held in 2023",
            with!(false, "b", DemocraticReview, "2023-11-30"),
            "2024-06-30",
            R,
            "b",
            false,
        ),
        case(
            "review: none in 2023",
            with!(false),
            "2024-06-30",
            R,
            "b",
            true,
        ),
        case(
            "review: a group is not subject",
            with!(false),
            "2024-06-30",
            R,
            "g",
            false,
        ),
        case(
            "review: a temporary branch is subject",
            |r| {
                base(r, false);
                r.organizations[1].kind = OrgKind::TemporaryBranch;
            },
            "2024-06-30",
            R,
            "b",
            true,
        ),
    ]);
}

#[test]
fn the_years_figures() {
    let mut r = park();
    base(&mut r, true);
    meet(&mut r, "b", MeetingKind::MemberMeeting, "2024-03-10");
    meet(&mut r, "b", MeetingKind::MemberMeeting, "2024-05-10");
    meet(&mut r, "b", MeetingKind::MemberMeeting, "2023-12-10"); // another year
    meet(&mut r, "b", MeetingKind::ThemeDay, "2024-07-01"); // after the date
    r.meetings[1].attended = 5;
    r.meetings.push(Meeting {
        id: "t1".into(),
        org: "pc".into(),
        kind: MeetingKind::Training,
        date: d("2024-04-06"),
        topic: "周末课堂".into(),
        expected: None,
        attended: 30,
        hours: Hours(25),
        host: None,
        note: String::new(),
    });
    let life = summary(&r, d("2024-06-30")).organizational_life;
    assert_eq!(life.year, 2024);
    assert_eq!(life.held[&MeetingKind::MemberMeeting], 2);
    assert_eq!(life.held[&MeetingKind::ThemeDay], 0);
    assert_eq!(life.attendance[&MeetingKind::MemberMeeting], Some(0.9)); // 9 of 10
    assert_eq!(life.attendance[&MeetingKind::ThemeDay], None);
    assert_eq!(life.training.sessions, 1);
    assert_eq!(life.training.person_times, 30);
    assert_eq!(life.training.person_hours, 75.0);
    // Subject at 2024-06-30: b under member meeting (held in Q1), committee
    // meeting (May: none), theme day (none), lecture (Q1: none), life meeting
    // and review (2023: none); g under group meeting (none): 1 of 7 kept.
    let c = life.compliance.expect("subject pairs");
    assert!((c - 1.0 / 7.0).abs() < 1e-9, "compliance {c}");
}
