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
    let history = p.run(&["history", "--json", "--limit", "3"]).ok();
    for action in ["meeting.create", "meeting.update", "meeting.delete"] {
        assert!(history.contains(action), "{action} in {history}");
    }
    // The text reads in words: the actions' labels, the field changed.
    let text = p.run(&["history", "--limit", "3"]).ok();
    for words in [
        "登记组织生活",
        "修改组织生活记录",
        "删除组织生活记录",
        "实到：5 → 6",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    assert!(!text.contains("meeting."), "no codes in {text}");
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

/// The name of organization `id` in the sample park.
fn org_name(p: &Parkreg, id: &str) -> String {
    let dump = p.run(&["dump"]).json();
    dump["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string()
}

const HEADER: &str = "日期,党组织,类型,主题,应到,实到,学时,主持人,备注";

#[test]
fn an_exported_sheet_imports_back_unchanged_and_a_corrected_count_updates() {
    let dir = TempDir::new("meet-roundtrip");
    let p = sample(&dir);
    let book = dir.join("park.xlsx");
    p.run(&[
        "export",
        "--out",
        book.to_str().unwrap(),
        "--as-of",
        "2013-06-30",
    ])
    .ok();
    let said = p
        .run(&["meeting", "import", book.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(
        said.contains("新增 0 条组织生活记录，更新 0 条，不变 526 条"),
        "{said}"
    );
    // A count corrected by hand in a sheet of the clerk's own.
    let o1 = org_name(&p, "o1");
    let list = p.run(&["meeting", "list", "--org", "o1", "--json"]).json();
    let first = &list.as_array().unwrap()[0];
    let sheet = dir.join("corrected.csv");
    std::fs::write(
        &sheet,
        format!(
            "{HEADER}\n{},{o1},{},{},,{},{},,\n",
            first["date"].as_str().unwrap(),
            "培训",
            first["topic"].as_str().unwrap(),
            first["attended"].as_u64().unwrap() + 1,
            first["hours"]
        ),
    )
    .unwrap();
    let said = p.run(&["meeting", "import", sheet.to_str().unwrap()]).ok();
    assert!(said.contains("更新 1 条"), "{said}");
    assert!(said.contains("实到"), "{said}");
    let list = p.run(&["meeting", "list", "--org", "o1", "--json"]).json();
    assert_eq!(
        list[0]["attended"].as_u64(),
        Some(first["attended"].as_u64().unwrap() + 1)
    );
    assert!(p
        .run(&["history", "--json", "--limit", "1"])
        .ok()
        .contains("meetings.import"));
    p.run(&["check"]).ok();
}

#[test]
fn an_imported_member_meeting_clears_its_gap_and_the_import_undoes() {
    let dir = TempDir::new("meet-import");
    let p = sample(&dir);
    let before = p.run(&["dump"]).json();
    let o9 = org_name(&p, "o9");
    let sheet = dir.join("records.csv");
    std::fs::write(
        &sheet,
        format!(
            "{HEADER}\n2013年3月28日,{o9},支部党员大会,补记：一季度党员大会,6,5,,新来的书记,手工台账补录\n"
        ),
    )
    .unwrap();
    let said = p.run(&["meeting", "import", sheet.to_str().unwrap()]).ok();
    assert!(said.contains("新增 1 条"), "{said}");
    assert!(said.contains("新增人员"), "{said}");
    assert!(!codes_of(&p, "o9").contains(&"MEMBER_MEETING_MISSED".into()));
    p.run(&["check"]).ok();
    p.run(&["undo-import"]).ok();
    assert!(codes_of(&p, "o9").contains(&"MEMBER_MEETING_MISSED".into()));
    assert_eq!(p.run(&["dump"]).json(), before, "the import undone whole");
}

#[test]
fn a_sheet_with_one_bad_row_is_refused_whole_with_that_row_named() {
    let dir = TempDir::new("meet-import-bad");
    let p = sample(&dir);
    let before = p.run(&["dump"]).json();
    let history = p.run(&["history"]).ok();
    let (o3, o5, o19) = (org_name(&p, "o3"), org_name(&p, "o5"), org_name(&p, "o19"));
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).to_string();
    let good = format!("2013-06-08,{o3},主题党日,六月主题党日,5,5,,,");
    // Cases: (what, the bad row, the column named in the refusal).
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "attended > expected",
            format!("2013-05-10,{o3},支部党员大会,,5,6,,,"),
            "“实到”列",
        ),
        (
            "a date after today",
            format!("{tomorrow},{o3},主题党日,,5,5,,,"),
            "“日期”列",
        ),
        (
            "not active on the date",
            format!("2012-01-10,{o19},主题党日,,5,5,,,"),
            "“日期”列",
        ),
        (
            "a kind not fitting a branch",
            format!("2013-05-10,{o3},党小组会,,5,5,,,"),
            "“类型”列",
        ),
        (
            "no committee",
            format!("2013-05-10,{o5},支委会,,5,5,,,"),
            "“类型”列",
        ),
        (
            "hours out of range",
            format!("2013-05-10,{o3},党课,,5,5,25,,"),
            "“学时”列",
        ),
        (
            "an unknown organization",
            "2013-05-10,不存在的支部,主题党日,,5,5,,,".into(),
            "“党组织”列",
        ),
        (
            "an unknown kind",
            format!("2013-05-10,{o3},野餐,,5,5,,,"),
            "“类型”列",
        ),
        (
            "no such day",
            format!("2013-02-30,{o3},主题党日,,5,5,,,"),
            "“日期”列",
        ),
        (
            "no attendance",
            format!("2013-05-10,{o3},主题党日,,5,,,,"),
            "“实到”列",
        ),
    ];
    for (what, bad, column) in &cases {
        let sheet = dir.join("bad.csv");
        std::fs::write(&sheet, format!("{HEADER}\n{good}\n{bad}\n")).unwrap();
        let said = p
            .run(&["meeting", "import", sheet.to_str().unwrap()])
            .fails();
        assert!(said.contains("第 3 行"), "{what}: {said}");
        assert!(said.contains(column), "{what}: {said}");
        assert!(
            !said.contains("第 2 行"),
            "{what}: the good row blamed: {said}"
        );
    }
    let sheet = dir.join("no-attended.csv");
    std::fs::write(&sheet, format!("日期,党组织,类型\n{good}\n")).unwrap();
    let said = p
        .run(&["meeting", "import", sheet.to_str().unwrap()])
        .fails();
    assert!(said.contains("缺少“实到”列"), "{said}");
    assert_eq!(p.run(&["dump"]).json(), before, "nothing written");
    assert_eq!(p.run(&["history"]).ok(), history, "nothing audited");
}
