//! The district through the CLI: parks' workbooks exported by `parkreg`,
//! added to a district file, one of them edited by hand with an
//! independent writer (openpyxl) — flagged and recomputed — and the
//! district's workbook read back by openpyxl.

use parkreg_tests::cli::Parkreg;
use parkreg_tests::TempDir;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2024-12-31";

/// The name `demo --synthetic N --seed S` gives its park.
fn name(n: usize, seed: u64) -> String {
    format!("合成园区（{n} 个单位，种子 {seed}）")
}

/// A park of `n` generated units, exported as of `AS_OF` into `<seed>.xlsx`
/// from `<seed>.db`.
fn park_workbook(dir: &TempDir, n: usize, seed: u64) -> (PathBuf, Value) {
    let p = Parkreg::new(&dir.join(&format!("{seed}.db")));
    let file = dir.join(&format!("{seed}.xlsx"));
    p.synthetic_workbook(n, seed, &file, AS_OF);
    let summary = p.run(&["summary", "--as-of", AS_OF, "--json"]).json();
    (file, summary)
}

/// Runs a Python snippet with openpyxl on `file` (argv[1]).
fn openpyxl(file: &Path, script: &str) -> String {
    let out = Command::new("/usr/bin/python3")
        .args(["-c", &format!("import openpyxl, sys, json\n{script}")])
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "openpyxl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The keys of `summary --json` that a park's figures in the district must
/// equal.
const FIGURES: [&str; 7] = [
    "units",
    "coverage",
    "status_counts",
    "money",
    "organizational_life",
    "table27",
    "starter_fund_owed",
];

fn park<'a>(sum: &'a Value, name: &str) -> &'a Value {
    sum["parks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["park"] == name)
        .unwrap_or_else(|| panic!("{name} in {sum}"))
}

#[test]
fn parks_roll_up_and_a_hand_edit_is_flagged_and_recomputed() {
    let dir = TempDir::new("district-cli");
    let (a, a_sum) = park_workbook(&dir, 40, 1);
    let (b, b_sum) = park_workbook(&dir, 25, 2);
    let (c, _) = park_workbook(&dir, 30, 3);
    let (jia, yi, bing) = (name(40, 1), name(25, 2), name(30, 3));
    // The third: a non-public enterprise made state-owned in 单位, and 汇总's
    // first rate typed over, both by openpyxl.
    let edited = openpyxl(
        &c,
        "wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['单位']
head = [c.value for c in ws[3]]
own = head.index('经济类型')
for row in ws.iter_rows(min_row=4):
    if row[own].value == '私营':
        row[own].value = '国有'
        print(row[head.index('单位名称')].value)
        break
for row in wb['汇总'].iter_rows(min_row=4):
    if row[0].value == '组织覆盖率（全部单位）':
        row[1].value = 0.99
wb.save(sys.argv[1])",
    );
    assert!(!edited.trim().is_empty(), "a private enterprise was edited");
    let damaged = dir.join("damaged.xlsx");
    std::fs::write(&damaged, b"PK\x03\x04 not really").unwrap();

    let d = Parkreg::new(&dir.join("district.db"));
    d.run(&["district", "init", "--name", "合成区"]).ok();
    let run = d.run(&[
        "district",
        "add",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        c.to_str().unwrap(),
        damaged.to_str().unwrap(),
    ]);
    assert_ne!(run.status, 0, "a file was refused");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(
        lines[0].contains("已保存") && !lines[0].contains("标记"),
        "{}",
        lines[0]
    );
    assert!(lines[2].contains("标记"), "{}", lines[2]);
    assert!(lines[3].contains("未保存"), "{}", lines[3]);

    let sum = d.run(&["district", "summary", "--json"]).json();
    assert_eq!(sum["district"], "合成区");
    assert_eq!(sum["parks"].as_array().unwrap().len(), 3);
    // A clean park's figures are its own summary's.
    for key in FIGURES {
        assert_eq!(park(&sum, &jia)[key], a_sum[key], "{key}");
        assert_eq!(park(&sum, &yi)[key], b_sum[key], "{key}");
    }
    let flags = park(&sum, &bing)["flags"].as_array().unwrap();
    let text: Vec<&str> = flags.iter().map(|f| f.as_str().unwrap()).collect();
    assert!(
        text.iter()
            .any(|f| f.contains("汇总与明细不符") && f.contains("组织覆盖率（全部单位）")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|f| f.contains("内容摘要") || f.contains("被修改")),
        "{text:?}"
    );
    // Recomputed from the rows: one non-public unit fewer than exported.
    let c_units = &park(&sum, &bing)["units"];
    let total = &sum["total"];
    let parks_sum = |key: &str| -> u64 {
        sum["parks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["units"][key].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        total["units"]["in_scope"].as_u64(),
        Some(parks_sum("in_scope"))
    );
    assert_eq!(
        total["units"]["non_public_in_scope"].as_u64(),
        Some(parks_sum("non_public_in_scope"))
    );
    let untouched = Parkreg::new(&dir.join("3.db"))
        .run(&["summary", "--as-of", AS_OF, "--json"])
        .json();
    assert_eq!(
        c_units["non_public_in_scope"].as_u64().unwrap() + 1,
        untouched["units"]["non_public_in_scope"].as_u64().unwrap()
    );
    assert!(sum["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["code"] == "SUBMISSION_FLAGGED" && p["parks"][0] == bing.as_str()));

    let gaps = d.run(&["district", "gaps", "--json"]).json();
    assert!(gaps
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["park"].is_string() && g["code"].is_string()));

    // The district workbook, read back by openpyxl.
    let out = dir.join("district.xlsx");
    d.run(&["district", "export", "--out", out.to_str().unwrap()])
        .ok();
    let book: Value = serde_json::from_str(&openpyxl(
        &out,
        "wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['汇总']
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
print(json.dumps({'sheets': wb.sheetnames, 'summary': [[str(v) if v is not None else None for v in r] for r in rows]}, ensure_ascii=False))",
    ))
    .unwrap();
    assert_eq!(
        book["sheets"],
        serde_json::json!(["汇总", "非公企业建党情况", "未覆盖单位", "覆盖缺口", "资金"])
    );
    let rows = book["summary"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "three parks and the total");
    assert!(rows[3][0].as_str().unwrap().starts_with("合计"));
    assert_eq!(
        rows[3][4].as_str().unwrap().parse::<f64>().unwrap() as u64,
        total["units"]["in_scope"].as_u64().unwrap()
    );

    // A resubmission of 丙, unedited, replaces the flagged one.
    let fresh = dir.join("3-fresh.xlsx");
    Parkreg::new(&dir.join("3.db"))
        .run(&["export", "--out", fresh.to_str().unwrap(), "--as-of", AS_OF])
        .ok();
    let again = d.run(&["district", "add", fresh.to_str().unwrap()]).ok();
    assert!(again.contains("已替换"), "{again}");
    let sum = d.run(&["district", "summary", "--json"]).json();
    assert_eq!(park(&sum, &bing)["flags"], serde_json::json!([]));
    assert_eq!(park(&sum, &bing)["units"], untouched["units"]);
    d.run(&["district", "remove", "--park", &yi]).ok();
    let sum = d.run(&["district", "summary", "--json"]).json();
    assert_eq!(sum["parks"].as_array().unwrap().len(), 2);
}

/// The sample park's document, changed by `edit`, loaded into `<case>.db`
/// and exported as of the sample's date into `<case>.xlsx`.
fn sample_case(dir: &TempDir, case: &str, edit: impl FnOnce(&mut Value)) -> (Parkreg, PathBuf) {
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(parkreg_tests::root().join("assets/sample-park.json")).unwrap(),
    )
    .unwrap();
    edit(&mut doc);
    let json = dir.join(&format!("{case}.json"));
    std::fs::write(&json, doc.to_string()).unwrap();
    let p = Parkreg::new(&dir.join(&format!("{case}.db")));
    p.run(&["load", json.to_str().unwrap()]).ok();
    let file = dir.join(&format!("{case}.xlsx"));
    p.run(&[
        "export",
        "--out",
        file.to_str().unwrap(),
        "--as-of",
        SAMPLE_AS_OF,
    ])
    .ok();
    (p, file)
}

const SAMPLE_AS_OF: &str = "2013-06-30";

/// The record of `id` in the document's `list`.
fn record<'a>(doc: &'a mut Value, list: &str, id: &str) -> &'a mut Value {
    doc[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{list} {id}"))
}

/// Gaps as a multiset of what a clerk reads of them.
fn gap_set(gaps: &Value) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for g in gaps.as_array().unwrap() {
        // (code, severity, unit, organization) and what it says.
        let key = format!(
            "{} {} {} {} {}",
            g["code"], g["severity"], g["unit"], g["org"], g["message"]
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

/// Adds `files` to a new district file; its summary and gaps as JSON.
fn district_of(dir: &TempDir, name: &str, files: &[&Path]) -> (Parkreg, Value, Value) {
    let d = Parkreg::new(&dir.join(&format!("{name}.district.db")));
    d.run(&["district", "init", "--name", "贵阳市白云区"]).ok();
    let mut args = vec!["district", "add"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    d.run(&args).ok();
    let sum = d.run(&["district", "summary", "--json"]).json();
    let gaps = d.run(&["district", "gaps", "--json"]).json();
    (d, sum, gaps)
}

/// What broke the district before, each through the command line: the
/// district's figures and gaps of the park are the park's own.
#[test]
fn each_case_that_broke_the_district_reads_back_as_the_park_computed() {
    let dir = TempDir::new("district-cases");
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 5] = [
        // The sample as it is: an instructor who is a party member, one
        // who is not.
        ("as-is", |_| {}),
        // A branch whose records predate the founding date it was later
        // corrected to: history, not records being made.
        ("changed-history", |doc| {
            record(doc, "organizations", "o2")["founded_on"] = "2012-06-01".into();
        }),
        // A project named with 、, covered by its own branch.
        ("enumeration-comma", |doc| {
            record(doc, "units", "u3")["name"] = "年产10万吨铝板、带、箔项目".into();
        }),
        // Two branches of one name, each with its records.
        ("shared-org-name", |doc| {
            for id in ["o5", "o6"] {
                record(doc, "organizations", id)["name"] = "第一党小组".into();
            }
        }),
        // Two hosts of one name, one a party member and one not.
        ("shared-person-name", |doc| {
            for id in ["p13", "p14"] {
                record(doc, "people", id)["name"] = "王伟".into();
            }
            record(doc, "people", "p14")["party_member"] = false.into();
        }),
    ];
    for (case, edit) in cases {
        let (p, file) = sample_case(&dir, case, edit);
        let own = p
            .run(&["summary", "--as-of", SAMPLE_AS_OF, "--json"])
            .json();
        let own_gaps = p.run(&["gaps", "--as-of", SAMPLE_AS_OF, "--json"]).json();
        let (_, sum, gaps) = district_of(&dir, case, &[&file]);
        let theirs = park(&sum, own["park"].as_str().unwrap());
        assert_eq!(theirs["flags"], serde_json::json!([]), "{case}");
        for key in FIGURES {
            assert_eq!(theirs[key], own[key], "{case}: {key}");
        }
        assert_eq!(gap_set(&gaps), gap_set(&own_gaps), "{case}: gaps");
    }
}

/// An enterprise that moved between parks is counted once; one in two
/// parks on the same date twice.
#[test]
fn a_moved_enterprise_is_not_counted_twice() {
    let dir = TempDir::new("district-moved");
    fn move_to(doc: &mut Value, closed: Option<&str>, started: &str) {
        let u = record(doc, "units", "u1");
        u["started_on"] = started.into();
        u["closed_on"] = closed.map_or(Value::Null, Into::into);
    }
    let (_, from) = sample_case(&dir, "from", |doc| {
        move_to(doc, Some("2012-12-31"), "2008-01-01");
    });
    // The other parks hold the sample's other units without their codes.
    fn only_u1_coded(doc: &mut Value) {
        for u in doc["units"].as_array_mut().unwrap() {
            if u["id"] != "u1" {
                u["credit_code"] = Value::Null;
            }
        }
    }
    let (_, to) = sample_case(&dir, "to", |doc| {
        only_u1_coded(doc);
        doc["park"]["name"] = "第二园区".into();
        move_to(doc, None, "2013-01-01");
    });
    let (_, still) = sample_case(&dir, "still", |doc| {
        only_u1_coded(doc);
        doc["park"]["name"] = "第三园区".into();
    });
    let twice = |sum: &Value| {
        sum["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["code"] == "CREDIT_CODE_IN_TWO_PARKS")
            .count()
    };
    let (_, moved, _) = district_of(&dir, "moved", &[&from, &to]);
    assert_eq!(twice(&moved), 0, "{}", moved["problems"]);
    let (_, both, _) = district_of(&dir, "both", &[&to, &still]);
    assert_eq!(twice(&both), 1, "{}", both["problems"]);
}

/// Replaces, inside the workbook's `单位` sheet XML, the text `from` by
/// `to` (the first match of each pair), leaving every other part (the
/// metadata with the export's digest) as it was: an edit as an office
/// program makes it.
fn edit_units_xml(file: &Path, pairs: &[(&str, &str)]) {
    edit_sheet_xml(file, "sheet2", pairs);
}

/// As `edit_units_xml`, in the worksheet part `sheet` (`sheet1` is 汇总).
fn edit_sheet_xml(file: &Path, sheet: &str, pairs: &[(&str, &str)]) {
    let pairs = serde_json::to_string(pairs).unwrap();
    let out = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import sys, json, zipfile, shutil
src, pairs = sys.argv[1], json.loads(sys.argv[2])
tmp = src + '.tmp'
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == 'xl/worksheets/' + sys.argv[3] + '.xml':
            text = data.decode('utf-8')
            for a, b in pairs:
                assert a in text, a
                text = text.replace(a, '@@EDIT@@', 1)
            for a, b in pairs:
                text = text.replace('@@EDIT@@', b, 1)
            data = text.encode('utf-8')
        zout.writestr(item, data)
shutil.move(tmp, src)",
        ])
        .arg(file)
        .arg(pairs)
        .arg(sheet)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Headers swapped by hand: the figures would change, so the digest,
/// which counts headers, flags it; and so does a save by openpyxl, which
/// drops the digest.
#[test]
fn swapped_headers_are_flagged() {
    let dir = TempDir::new("district-headers");
    let (_, file) = sample_case(&dir, "headers", |_| {});
    edit_units_xml(
        &file,
        &[
            ("<t>正式党员</t>", "<t>预备党员</t>"),
            ("<t>预备党员</t>", "<t>正式党员</t>"),
        ],
    );
    let (_, sum, _) = district_of(&dir, "headers", &[&file]);
    let flags = sum["parks"][0]["flags"].to_string();
    assert!(flags.contains("被修改过"), "{flags}");

    let (_, file) = sample_case(&dir, "headers-openpyxl", |_| {});
    openpyxl(
        &file,
        "wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['单位']
cells = {c.value: c for c in ws[3]}
cells['独资'].value, cells['重点项目'].value = '重点项目', '独资'
wb.save(sys.argv[1])",
    );
    let (_, sum, _) = district_of(&dir, "headers-openpyxl", &[&file]);
    assert_ne!(sum["parks"][0]["flags"], serde_json::json!([]));
}

/// `file` saved again by LibreOffice, as a clerk who opens and saves it
/// before sending it does.
fn resaved_by_libreoffice(dir: &TempDir, file: &Path) -> PathBuf {
    parkreg_tests::libreoffice(dir.path(), file, "xlsx")
}

/// The sample park's workbook opened and saved by LibreOffice is the same
/// workbook: no flag, the park's own figures; with one count changed
/// before saving, flagged.
#[test]
fn a_workbook_saved_again_by_libreoffice_reads_clean_and_an_edit_is_flagged() {
    let dir = TempDir::new("district-libreoffice");
    let (p, file) = sample_case(&dir, "sample", |_| {});
    let own = p
        .run(&["summary", "--as-of", SAMPLE_AS_OF, "--json"])
        .json();
    let resaved = resaved_by_libreoffice(&dir, &file);
    let (_, sum, _) = district_of(&dir, "clean", &[&resaved]);
    let theirs = park(&sum, own["park"].as_str().unwrap());
    assert_eq!(theirs["flags"], serde_json::json!([]));
    for key in FIGURES {
        assert_eq!(theirs[key], own[key], "{key}");
    }

    // The park committee's 职工人数 (45) typed as 46, then saved by LibreOffice.
    let edited = dir.join("edited.xlsx");
    std::fs::copy(&file, &edited).unwrap();
    edit_units_xml(
        &edited,
        &[(
            "<c r=\"J4\" s=\"4\"><v>45</v>",
            "<c r=\"J4\" s=\"4\"><v>46</v>",
        )],
    );
    let resaved = resaved_by_libreoffice(&dir, &edited);
    let (_, sum, _) = district_of(&dir, "edited", &[&resaved]);
    let flags = park(&sum, own["park"].as_str().unwrap())["flags"].to_string();
    assert!(flags.contains("被修改过"), "{flags}");
}

/// The sample park exported as of `as_of` into `<case>.xlsx`.
fn sample_as_of(dir: &TempDir, case: &str, as_of: &str) -> PathBuf {
    let p = Parkreg::new(&dir.join(&format!("{case}.db")));
    p.run(&[
        "load",
        parkreg_tests::root()
            .join("assets/sample-park.json")
            .to_str()
            .unwrap(),
    ])
    .ok();
    let file = dir.join(&format!("{case}.xlsx"));
    p.run(&["export", "--out", file.to_str().unwrap(), "--as-of", as_of])
        .ok();
    file
}

/// A rule broken inside a park's own rows is flagged and stored the same
/// way whether or not its 组织生活 sheet has rows; a workbook of another
/// district is flagged; the total adds up only the parks as of one date.
#[test]
fn the_district_judges_every_workbook_alike() {
    let dir = TempDir::new("district-alike");
    let d = Parkreg::new(&dir.join("d.db"));
    d.run(&["district", "init", "--name", "贵阳市白云区"]).ok();
    // Two units with one id: as of 2013 with records, as of 2011 without.
    for (case, as_of) in [("records", "2013-06-30"), ("no-records", "2011-12-31")] {
        let file = sample_as_of(&dir, case, as_of);
        edit_units_xml(&file, &[("<t>u0</t>", "<t>u1</t>")]);
        let line = d.run(&["district", "add", file.to_str().unwrap()]).ok();
        assert!(
            line.contains("已保存")
                && line.contains("不符合台账规则")
                && line.contains("编号“u1”重复"),
            "{case}: {line}"
        );
    }
    let sum = d.run(&["district", "summary", "--json"]).json();
    assert_eq!(
        sum["parks"].as_array().unwrap().len(),
        1,
        "one park, its latest"
    );

    // An older export of the same date, added after a newer one, does not
    // replace it: its 导出日期 set back to 2013-07-01 (serial 41456), a
    // branch with a gap renamed.
    let newer = sample_as_of(&dir, "newer", "2013-06-30");
    let older = sample_as_of(&dir, "older", "2013-06-30");
    let today = (chrono::Local::now().date_naive()
        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
    .num_days();
    let exported = format!("<v>{today}</v></c></row><row r=\"8\">");
    edit_sheet_xml(
        &older,
        "sheet1",
        &[(&exported, "<v>41456</v></c></row><row r=\"8\">")],
    );
    edit_sheet_xml(
        &older,
        "sheet3",
        &[("<t>白云示例氧化铝党支部</t>", "<t>较早的名称</t>")],
    );
    d.run(&["district", "add", newer.to_str().unwrap()]).ok();
    let line = d.run(&["district", "add", older.to_str().unwrap()]).ok();
    assert!(line.contains("不替换"), "{line}");
    let gaps = d.run(&["district", "gaps", "--json"]).ok();
    assert!(
        gaps.contains("白云示例氧化铝党支部"),
        "the newer export stands"
    );
    assert!(
        !gaps.contains("较早的名称"),
        "the older does not replace it"
    );

    // Another district's park, as of the same date: flagged; a park as of
    // an earlier date: listed, not added in.
    let other = sample_as_of(&dir, "other", "2013-06-30");
    edit_sheet_xml(
        &other,
        "sheet1",
        &[
            ("<t>贵阳市白云区</t>", "<t>贵阳市乌当区</t>"),
            ("<t>白云铝及铝加工园区（示例数据）</t>", "<t>邻区园区</t>"),
        ],
    );
    let line = d.run(&["district", "add", other.to_str().unwrap()]).ok();
    assert!(
        line.contains("贵阳市乌当区") && line.contains("不是本区县"),
        "{line}"
    );
    let early = sample_as_of(&dir, "early", "2012-12-31");
    edit_sheet_xml(
        &early,
        "sheet1",
        &[("<t>白云铝及铝加工园区（示例数据）</t>", "<t>早报园区</t>")],
    );
    d.run(&["district", "add", early.to_str().unwrap()]).ok();
    let sum = d.run(&["district", "summary", "--json"]).json();
    let parks = sum["parks"].as_array().unwrap();
    assert_eq!(parks.len(), 3);
    let same_date: u64 = (parks.iter())
        .filter(|p| p["as_of"] == "2013-06-30")
        .map(|p| p["units"]["total"].as_u64().unwrap())
        .sum();
    assert_eq!(sum["total"]["units"]["total"].as_u64(), Some(same_date));
    assert!(sum["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["code"] == "NOT_AS_OF_DATE" && p["parks"][0] == "早报园区"));
}

/// `district init` makes a plain file unless `PARKREG_NEW_PASSPHRASE`
/// asks for protection; a protected one then gives the same figures with
/// its passphrase, and refuses every command without it.
#[test]
fn a_district_file_is_protected_when_asked_and_reads_the_same() {
    let dir = TempDir::new("district-protected");
    let park = Parkreg::new(&dir.join("park.db"));
    let none = [
        ("PARKREG_PASSPHRASE", None),
        ("PARKREG_NEW_PASSPHRASE", None),
    ];
    park.run_with(&["demo"], &none).ok();
    let book = dir.join("park.xlsx");
    park.run_with(
        &[
            "export",
            "--out",
            book.to_str().unwrap(),
            "--as-of",
            "2013-06-30",
        ],
        &none,
    )
    .ok();
    let key = "区县口令 district";
    let mut figures = Vec::new();
    for (name, new) in [("plain", None), ("protected", Some(key))] {
        let d = Parkreg::new(&dir.join(&format!("{name}.district.db")));
        let env = [("PARKREG_PASSPHRASE", new), ("PARKREG_NEW_PASSPHRASE", new)];
        d.run_with(&["district", "init", "--name", "贵阳市白云区"], &env)
            .ok();
        assert_eq!(parkreg_core::store::is_protected(&d.db), new.is_some());
        d.run_with(&["district", "add", book.to_str().unwrap()], &env)
            .ok();
        if new.is_some() {
            let err = d.run_with(&["district", "summary"], &none).fails();
            assert!(err.contains("设有口令保护"), "{err}");
        }
        let sum = d.run_with(&["district", "summary", "--json"], &env).ok();
        figures.push(sum);
    }
    assert_eq!(figures[0], figures[1]);
}
