//! Organizational life on the command line (`parkreg meeting …`), run as a
//! user would run it, on the sample park.

use parkreg_tests::cli::Parkreg;
use parkreg_tests::TempDir;
use serde_json::Value;

fn sample(dir: &TempDir) -> Parkreg {
    let p = Parkreg::new(&dir.join("m.db"));
    p.run(&["demo"]).ok();
    p
}

fn codes_of(p: &Parkreg, org: &str) -> Vec<String> {
    let gaps = p.run(&["gaps", "--json", "--as-of", "2013-06-30"]).json();
    gaps.as_array()
        .expect("an array")
        .iter()
        .filter(|g| g["org"] == org)
        .map(|g| g["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_sample_park_shows_every_missed_kind_and_the_weekend_classroom() {
    let dir = TempDir::new("meet-sample");
    let p = sample(&dir);
    let gaps = p.run(&["gaps", "--json", "--as-of", "2013-06-30"]).json();
    for code in [
        "MEMBER_MEETING_MISSED",
        "COMMITTEE_MEETING_MISSED",
        "GROUP_MEETING_MISSED",
        "THEME_DAY_MISSED",
        "PARTY_LECTURE_MISSED",
        "LIFE_MEETING_MISSED",
        "DEMOCRATIC_REVIEW_MISSED",
    ] {
        let found: Vec<&Value> = gaps
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["code"] == code)
            .collect();
        assert_eq!(found.len(), 1, "{code}");
        assert_eq!(found[0]["severity"], "warning", "{code}");
    }
    // The weekend classroom: 24 sessions under the park committee, 700+ person-times.
    let list = p.run(&["meeting", "list", "--org", "o1", "--json"]).json();
    let training: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "training")
        .collect();
    assert_eq!(training.len(), 24);
    let person_times: u64 = training
        .iter()
        .map(|m| m["attended"].as_u64().unwrap())
        .sum();
    assert!(person_times >= 700, "{person_times}");
    let (s12, s13) = (
        p.run(&["summary", "--json", "--as-of", "2012-12-31"])
            .json(),
        p.run(&["summary", "--json", "--as-of", "2013-06-30"])
            .json(),
    );
    let sessions = |s: &Value| {
        s["organizational_life"]["training"]["sessions"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(sessions(&s12) + sessions(&s13), 24);
    let life = &s13["organizational_life"];
    assert_eq!(life["year"], 2013);
    let compliance = life["compliance"].as_f64().unwrap();
    assert!(compliance > 0.8 && compliance < 1.0, "{compliance}");
}

#[test]
fn recording_a_member_meeting_clears_its_gap_and_is_audited() {
    let dir = TempDir::new("meet-add");
    let p = sample(&dir);
    assert!(codes_of(&p, "o9").contains(&"MEMBER_MEETING_MISSED".into()));
    let id = p
        .run(&[
            "meeting",
            "add",
            "--org",
            "o9",
            "--kind",
            "member_meeting",
            "--date",
            "2013-03-28",
            "--expected",
            "6",
            "--attended",
            "5",
            "--topic",
            "补记：一季度党员大会",
        ])
        .ok();
    let id = id.trim();
    assert!(!codes_of(&p, "o9").contains(&"MEMBER_MEETING_MISSED".into()));
    // Corrected, then deleted: the gap comes back, the history holds all three.
    p.run(&["meeting", "edit", id, "--attended", "6"]).ok();
    let listed = p
        .run(&["meeting", "list", "--org", "o9", "--year", "2013", "--json"])
        .json();
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap();
    assert_eq!(mine["attended"], 6);
    assert_eq!(mine["topic"], "补记：一季度党员大会");
    p.run(&["meeting", "remove", id]).ok();
    assert!(codes_of(&p, "o9").contains(&"MEMBER_MEETING_MISSED".into()));
    let history = p.run(&["history", "--limit", "3"]).ok();
    for action in ["meeting.create", "meeting.update", "meeting.delete"] {
        assert!(history.contains(action), "{action} in {history}");
    }
    p.run(&["check"]).ok();
}

#[test]
fn bad_records_are_refused_with_their_field_and_nothing_written() {
    let dir = TempDir::new("meet-bad");
    let p = sample(&dir);
    let before = p.run(&["dump"]).json();
    let history = p.run(&["history"]).ok();
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "attended > expected",
            &[
                "--org",
                "o3",
                "--kind",
                "member_meeting",
                "--date",
                "2013-05-10",
                "--expected",
                "5",
                "--attended",
                "6",
            ],
            "attended",
        ),
        (
            "a date after today",
            &[
                "--org",
                "o3",
                "--kind",
                "theme_day",
                "--date",
                &tomorrow,
                "--expected",
                "5",
                "--attended",
                "5",
            ],
            "date",
        ),
        (
            "not active on the date",
            &[
                "--org",
                "o19",
                "--kind",
                "theme_day",
                "--date",
                "2012-01-10",
                "--expected",
                "5",
                "--attended",
                "5",
            ],
            "date",
        ),
        (
            "a kind not fitting a branch",
            &[
                "--org",
                "o3",
                "--kind",
                "group_meeting",
                "--date",
                "2013-05-10",
                "--expected",
                "5",
                "--attended",
                "5",
            ],
            "kind",
        ),
        (
            "committee meeting without a committee",
            &[
                "--org",
                "o5",
                "--kind",
                "committee_meeting",
                "--date",
                "2013-05-10",
                "--expected",
                "5",
                "--attended",
                "5",
            ],
            "kind",
        ),
        (
            "hours above 24",
            &[
                "--org",
                "o1",
                "--kind",
                "training",
                "--date",
                "2013-05-11",
                "--attended",
                "30",
                "--hours",
                "25",
            ],
            "hours",
        ),
        (
            "hours with two decimals",
            &[
                "--org",
                "o1",
                "--kind",
                "training",
                "--date",
                "2013-05-11",
                "--attended",
                "30",
                "--hours",
                "1.25",
            ],
            "hours",
        ),
        (
            "a lecture without hours",
            &[
                "--org",
                "o3",
                "--kind",
                "party_lecture",
                "--date",
                "2013-05-11",
                "--expected",
                "5",
                "--attended",
                "5",
            ],
            "hours",
        ),
        (
            "an unknown kind",
            &[
                "--org",
                "o3",
                "--kind",
                "picnic",
                "--date",
                "2013-05-11",
                "--expected",
                "5",
                "--attended",
                "5",
            ],
            "kind",
        ),
        (
            "an unknown organization",
            &[
                "--org",
                "o404",
                "--kind",
                "theme_day",
                "--date",
                "2013-05-11",
                "--expected",
                "5",
                "--attended",
                "5",
            ],
            "org",
        ),
    ];
    for (name, args, field) in cases {
        let mut all = vec!["meeting", "add"];
        all.extend_from_slice(args);
        let message = p.run(&all).fails();
        assert!(message.contains(&format!(".{field}")), "{name}: {message}");
    }
    assert_eq!(p.run(&["dump"]).json(), before, "nothing written");
    assert_eq!(p.run(&["history"]).ok(), history, "nothing audited");
    // A Chinese kind name is understood.
    p.run(&[
        "meeting",
        "add",
        "--org",
        "o3",
        "--kind",
        "主题党日",
        "--date",
        "2013-06-08",
        "--expected",
        "5",
        "--attended",
        "5",
    ])
    .ok();
}
