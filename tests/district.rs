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
head = [c.value for c in ws[1]]
own = head.index('经济类型')
for row in ws.iter_rows(min_row=2):
    if row[own].value == '私营':
        row[own].value = '国有'
        print(row[head.index('单位名称')].value)
        break
for row in wb['汇总'].iter_rows(min_row=2):
    if row[0].value == '组织覆盖率（全部单位）':
        row[1].value = 0.99
wb.save(sys.argv[1])",
    );
    assert!(!edited.trim().is_empty(), "a private enterprise was edited");
    let damaged = dir.join("damaged.xlsx");
    std::fs::write(&damaged, b"PK\x03\x04 not really").unwrap();

    let d = Parkreg::new(&dir.join("district.db"));
    d.run(&["district", "init", "--name", "测试区"]).ok();
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
    assert_eq!(sum["district"], "测试区");
    assert_eq!(sum["parks"].as_array().unwrap().len(), 3);
    // A clean park's figures are its own summary's.
    for key in [
        "units",
        "coverage",
        "status_counts",
        "money",
        "organizational_life",
    ] {
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
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
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
