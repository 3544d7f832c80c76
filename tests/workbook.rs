//! The district workbook through the CLI: export read back by an
//! independent reader (openpyxl), CSV export, import of bad files refused
//! whole, dry runs that change nothing, and the round trip.

use parkreg_tests::cli::Parkreg;
use parkreg_tests::{root, TempDir};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn demo(dir: &TempDir) -> Parkreg {
    let p = Parkreg::new(&dir.join("park.db"));
    p.run(&["demo"]).ok();
    p
}

/// A new registry with no units.
fn empty(dir: &TempDir, name: &str) -> Parkreg {
    let p = Parkreg::new(&dir.join(name));
    p.run(&["init", "--park", "新园区"]).ok();
    p
}

/// The workbook as openpyxl (Debian's python3-openpyxl) reads it.
fn read_with_openpyxl(file: &Path) -> Value {
    let out = Command::new("/usr/bin/python3")
        .arg(root().join("tests/support/read_workbook.py"))
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "openpyxl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn exported_workbook_reads_back_in_an_independent_reader() {
    let dir = TempDir::new("wb-export");
    let p = demo(&dir);
    let file = dir.join("district.xlsx");
    p.run(&[
        "export",
        "--out",
        file.to_str().unwrap(),
        "--as-of",
        "2013-06-30",
    ])
    .ok();
    let book = read_with_openpyxl(&file);
    assert_eq!(book["sheets"], serde_json::json!(parkreg_tests::SHEETS));
    let summary = p
        .run(&["summary", "--as-of", "2013-06-30", "--json"])
        .json();
    let gaps = p.run(&["gaps", "--as-of", "2013-06-30", "--json"]).json();
    let doc = p.run(&["dump"]).json();
    assert_eq!(book["rows"]["单位"], doc["units"].as_array().unwrap().len());
    assert_eq!(
        book["rows"]["党组织"],
        doc["organizations"].as_array().unwrap().len()
    );
    assert_eq!(book["rows"]["覆盖缺口"], gaps.as_array().unwrap().len());
    assert_eq!(
        book["rows"]["资金台账"],
        doc["ledger"].as_array().unwrap().len()
    );
    assert_eq!(book["headers"]["单位"][1], "单位名称");
    assert_eq!(book["headers"]["资金台账"][5], "金额（元）");
    // The people the rules name, by id, with party membership: no phone
    // number, no other personal data, in any sheet.
    assert_eq!(
        book["headers"]["人员"],
        serde_json::json!(["编号", "姓名", "中共党员"])
    );
    for (sheet, headers) in book["headers"].as_object().unwrap() {
        let text = headers.to_string();
        assert!(
            !text.contains("电话") && !text.contains("手机"),
            "{sheet}: {text}"
        );
    }
    for sheet in ["汇总", "单位", "党组织", "覆盖缺口", "资金台账", "组织生活"] {
        assert_eq!(book["freeze"][sheet], "A4", "{sheet} header row frozen");
        // Every cell, header and plain ones alike, in Chinese Excel's font.
        assert_eq!(
            book["fonts"][sheet],
            serde_json::json!(["等线 11"]),
            "{sheet}"
        );
        assert!(
            book["filter"][sheet].as_str().unwrap().starts_with("A3:"),
            "{sheet} has a filter"
        );
    }
    // As an office prints it: on every sheet a title, the 填报单位 line,
    // the three rows repeated on each page, page numbers, borders, and
    // the machines' id columns outside the print area.
    let park = summary["park"].as_str().unwrap();
    for sheet in parkreg_tests::SHEETS {
        assert!(
            !book["titles"][sheet].as_str().unwrap().is_empty(),
            "{sheet}"
        );
        let heading = book["headings"][sheet].as_str().unwrap();
        for part in [
            "填报单位：",
            "截至日期：2013年6月30日",
            "填报日期：",
            "填表人：",
        ] {
            assert!(heading.contains(part), "{sheet}: {heading}");
        }
        assert!(heading.contains(park), "{sheet}: {heading}");
        let print = &book["print"][sheet];
        assert_eq!(print["titles"], "$1:$3", "{sheet}");
        assert_eq!(print["footer"], "第 &P 页，共 &N 页", "{sheet}");
        assert_eq!(book["unbordered"][sheet], 0, "{sheet}: every cell bordered");
        // Each header fits its column: on one line, or wrapped within it
        // on a header row tall enough for its lines (16 points a line).
        let headers = book["headers"][sheet].as_array().unwrap();
        let height = book["header_height"][sheet].as_f64().unwrap();
        for (h, w) in headers
            .iter()
            .zip(book["widths"][sheet].as_array().unwrap())
        {
            let text = h.as_str().unwrap();
            let need = parkreg_core::exchange::workbook::text_width(text);
            let width = w.as_f64().unwrap();
            assert!(width >= need.min(18.0), "{sheet}: {text} in {w}");
            let lines = (need / (width - 1.0)).ceil();
            assert!(
                height >= 16.0 * lines,
                "{sheet}: {text} on {lines} lines in {height} pt"
            );
        }
    }
    let area = book["print"]["单位"]["area"].as_str().unwrap().to_string();
    assert!(
        area.ends_with(&format!(
            "$T${}",
            book["rows"]["单位"].as_u64().unwrap() + 3
        )),
        "{area}"
    );
    assert_eq!(book["headers"]["单位"][19], "覆盖方式");
    assert_eq!(
        book["headers"]["单位"][20], "项目专员编号",
        "ids at the end, not printed"
    );
    assert_eq!(
        book["print"]["单位"]["scale"], 75,
        "a readable scale, not one page wide"
    );
    // Codes in Chinese; the machine's code apart, at the end.
    assert_eq!(book["headers"]["覆盖缺口"][1], "缺口");
    assert_eq!(book["headers"]["覆盖缺口"][6], "代码");
    // Dates are real dates written as an office writes them; money is yuan
    // with two decimals; rates are percentages.
    const ZH_DATE: &str = "datetime|yyyy\"年\"m\"月\"d\"日\"";
    assert!(book["types"]["单位"][ZH_DATE].as_u64().unwrap() > 0);
    assert_eq!(
        book["types"]["资金台账"]["int|#,##0.00"].as_u64().unwrap()
            + book["types"]["资金台账"]["float|#,##0.00"]
                .as_u64()
                .unwrap_or(0),
        36
    );
    let s = &book["summary"];
    assert_eq!(s["园区"], summary["park"]);
    assert_eq!(s["统计日期"], "2013-06-30");
    assert_eq!(s["纳入统计的企业和项目"], summary["units"]["in_scope"]);
    for (label, scope, rate) in [
        ("组织覆盖率（全部单位）", "all", "organizational"),
        ("单独组建率（全部单位）", "all", "single_build"),
        ("工作覆盖率（全部单位）", "all", "work"),
        ("组织覆盖率（非公有制企业）", "non_public", "organizational"),
        ("单独组建率（非公有制企业）", "non_public", "single_build"),
        ("工作覆盖率（非公有制企业）", "non_public", "work"),
    ] {
        assert_eq!(
            s[label].as_f64(),
            summary["coverage"][scope][rate].as_f64(),
            "{label}"
        );
    }
    let yuan = |fen: &Value| fen.as_i64().unwrap() as f64 / 100.0;
    assert_eq!(
        s["2013 年经费：预算（元）"].as_f64().unwrap(),
        yuan(&summary["money"]["budget_fen"])
    );
    assert_eq!(
        s["2013 年经费：余额（元）"].as_f64().unwrap(),
        yuan(&summary["money"]["balance_fen"])
    );
    // Organizational life: one row per record, its figures in 汇总.
    assert_eq!(
        book["rows"]["组织生活"],
        doc["meetings"].as_array().unwrap().len()
    );
    assert_eq!(
        book["headers"]["组织生活"],
        serde_json::json!([
            "编号",
            "日期",
            "党组织",
            "类型",
            "主题",
            "应到",
            "实到",
            "到会率",
            "学时",
            "主持人",
            "备注",
            "党组织编号",
            "主持人编号"
        ])
    );
    assert!(book["types"]["组织生活"][ZH_DATE].as_u64().unwrap() > 0);
    let life = &summary["organizational_life"];
    assert_eq!(
        s["2013 年组织生活合规率"].as_f64(),
        life["compliance"].as_f64()
    );
    assert_eq!(s["2013 年培训人次"], life["training"]["person_times"]);
    assert_eq!(
        s["2013 年支部党员大会（次）"],
        life["held"]["member_meeting"]
    );
    assert_eq!(book["page"]["orientation"], "landscape");
    assert_eq!(book["page"]["paper"], 9);
    assert_eq!(book["page"]["fit"], true);

    // The non-public statistics table: the form's rows and columns in
    // order, Chinese labels, the numbers `summary --json` gives.
    use parkreg_core::rules::table27::{COLUMNS, ROWS};
    let headers: Vec<&str> = std::iter::once("指标")
        .chain(COLUMNS.iter().map(|c| c.1))
        .collect();
    assert_eq!(
        book["headers"]["非公企业建党情况"],
        serde_json::json!(headers)
    );
    assert_eq!(book["freeze"]["非公企业建党情况"], "B4");
    let table = &book["table27"];
    assert_eq!(table["page"]["orientation"], "landscape");
    assert_eq!(table["page"]["paper"], 9);
    assert_eq!(table["page"]["fit"], true, "printed on one page");
    assert_eq!(table["page"]["fit_width"], 1);
    assert_ne!(
        table["page"]["fit_height"], 0,
        "one page high, not open-ended"
    );
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), ROWS.len());
    for (row, (key, label)) in rows.iter().zip(ROWS) {
        assert_eq!(row[0], label);
        for (c, (column, ..)) in COLUMNS.iter().enumerate() {
            assert_eq!(
                row[c + 1],
                summary["table27"][key][column],
                "{key} {column}"
            );
        }
    }
    assert!(summary["table27"]["units"]["total"].as_u64().unwrap() > 0);
}

#[test]
fn the_trend_sheet_is_the_summary_series_month_by_month() {
    let dir = TempDir::new("wb-trend");
    let p = demo(&dir);
    let file = dir.join("district.xlsx");
    let as_of = ["--as-of", "2013-06-30"];
    p.run(&[&["export", "--out", file.to_str().unwrap()][..], &as_of].concat())
        .ok();
    let book = read_with_openpyxl(&file);
    let with = p
        .run(&[&["summary", "--json", "--series", "months"][..], &as_of].concat())
        .json();
    let series = with["series"].as_array().unwrap();
    let rows = book["trend"].as_array().unwrap();
    assert_eq!(rows.len(), 24, "two years of month ends");
    assert_eq!(rows.len(), series.len());
    for (row, point) in rows.iter().zip(series) {
        let c = &point["coverage"];
        let g = &point["gap_counts"];
        let expected = serde_json::json!([
            point["as_of"],
            point["in_scope"],
            c["all"]["organizational"],
            c["all"]["single_build"],
            c["all"]["work"],
            c["non_public"]["organizational"],
            c["non_public"]["single_build"],
            c["non_public"]["work"],
            g["error"],
            g["warning"],
            g["info"],
        ]);
        // A whole rate reads back as an integer (1 for 100%): compare numbers as numbers.
        let numbers = |v: &Value| -> Vec<Value> {
            (v.as_array().unwrap().iter())
                .map(|c| c.as_f64().map_or(c.clone(), Value::from))
                .collect()
        };
        assert_eq!(numbers(row), numbers(&expected), "{}", point["as_of"]);
    }
    // The last point is the summary itself.
    let last = series.last().unwrap();
    assert_eq!(last["as_of"], "2013-06-30");
    assert_eq!(last["coverage"], with["coverage"]);
    assert_eq!(last["in_scope"], with["units"]["in_scope"]);
    let gaps = p.run(&[&["gaps", "--json"][..], &as_of].concat()).json();
    let errors = (gaps.as_array().unwrap().iter())
        .filter(|g| g["severity"] == "error")
        .count();
    assert_eq!(last["gap_counts"]["error"], errors);
}

#[test]
fn csv_export_writes_one_utf8_file_with_bom_per_sheet() {
    let dir = TempDir::new("wb-csv");
    let p = demo(&dir);
    let out = dir.join("csv");
    p.run(&["export", "--format", "csv", "--out", out.to_str().unwrap()])
        .ok();
    for sheet in [
        "汇总",
        "单位",
        "党组织",
        "覆盖缺口",
        "资金台账",
        "非公企业建党情况",
        "组织生活",
        "趋势",
    ] {
        let bytes = std::fs::read(out.join(format!("{sheet}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{sheet} has a BOM");
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.lines().count() > 1, "{sheet} has rows");
    }
    let units = std::fs::read_to_string(out.join("单位.csv")).unwrap();
    assert_eq!(units.lines().count(), 32);
}

/// Each bad file: (file, words the message must contain).
const BAD_FILES: &[(&str, &[&str])] = &[
    (
        "wrong-type.txt",
        &["只能导入 .xlsx、.xls、.ods 工作簿或 .csv 文件"],
    ),
    ("empty.xlsx", &["文件是空的"]),
    ("not-a-spreadsheet.xlsx", &["内容不是 Excel 工作簿"]),
    ("web-page.xls", &["文件名是 .xls，但内容不是 Excel 工作簿"]),
    (
        "not-a-spreadsheet.ods",
        &["文件名是 .ods，但内容不是 OpenDocument 表格"],
    ),
    ("missing-name-column.xlsx", &["第 1 行", "缺少单位名称列"]),
    (
        "duplicate-names.xlsx",
        &["第 3 行，“单位名称”列", "与第 2 行重复"],
    ),
    (
        "bad-credit-code.xlsx",
        &["第 3 行，“统一社会信用代码”列", "校验位"],
    ),
    (
        "negative-count.xlsx",
        &["第 3 行，“正式党员”列", "不能为负数"],
    ),
    (
        "non-numeric-count.xlsx",
        &["第 3 行，“职工人数”列", "“很多”不是人数"],
    ),
    (
        "date-slashes.xlsx",
        &["第 3 行，“开始日期”列", "“2013/01/01”无法识别"],
    ),
    (
        "date-day-first.xlsx",
        &["第 3 行，“开始日期”列", "“01-02-2013”无法识别"],
    ),
    (
        "date-not-on-calendar.xlsx",
        &["第 3 行，“开始日期”列", "在日历上不存在"],
    ),
    (
        "cell-10000-chars.xlsx",
        &["第 3 行，“单位名称”列", "内容过长（10000 个字符"],
    ),
    ("formula.xlsx", &["第 3 行第 6 列是公式", "粘贴为数值"]),
    ("formula.xls", &["formula.xls", "第 3 行第 6 列是公式"]),
    ("formula.ods", &["formula.ods", "第 3 行第 6 列是公式"]),
    ("merged-cells.xlsx", &["第 3 行第 2 列起有合并单元格"]),
    ("merged-cells.xls", &["第 3 行第 2 列起有合并单元格"]),
    ("no-unit-sheet.xlsx", &["找不到名为“单位”的工作表"]),
    (
        "neither-encoding.csv",
        &[
            "neither-encoding.csv",
            "第 2 行有既不是 UTF-8 也不是 GBK/GB18030",
        ],
    ),
];

#[test]
fn bad_files_are_refused_whole_and_change_nothing() {
    let dir = TempDir::new("wb-bad");
    let p = demo(&dir);
    let before = p.run(&["dump"]).ok();
    let bytes = std::fs::read(&p.db).unwrap();
    let folder = root().join("tests/data/bad-imports");
    let mut listed: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    listed.sort();
    let mut covered: Vec<String> = BAD_FILES.iter().map(|(f, _)| f.to_string()).collect();
    covered.sort();
    assert_eq!(listed, covered, "every file in the folder has a case");
    for (file, words) in BAD_FILES {
        let err = p
            .run(&["import", folder.join(file).to_str().unwrap()])
            .fails();
        for w in *words {
            assert!(err.contains(w), "{file}: expected {w:?} in {err}");
        }
        assert_eq!(
            std::fs::read(&p.db).unwrap(),
            bytes,
            "{file} changed the database"
        );
    }
    assert_eq!(p.run(&["dump"]).ok(), before);
    // Daily backups may exist; a refused import makes none of its own.
    let import_backups = std::fs::read_dir(parkreg_core::store::backup_dir_of(&p.db))
        .map(|entries| {
            entries
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .contains("before-import")
                })
                .count()
        })
        .unwrap_or(0);
    assert_eq!(import_backups, 0, "no backup for a refused import");
}

#[test]
fn dry_run_changes_nothing() {
    let dir = TempDir::new("wb-dry");
    let p = demo(&dir);
    let file = dir.join("x.xlsx");
    p.run(&["export", "--out", file.to_str().unwrap()]).ok();
    let fresh = empty(&dir, "fresh.db");
    fresh.run(&["summary"]).ok();
    let bytes = std::fs::read(&fresh.db).unwrap();
    let out = fresh
        .run(&["import", file.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(
        out.contains("新增 31 个单位") && out.contains("试运行"),
        "{out}"
    );
    assert_eq!(std::fs::read(&fresh.db).unwrap(), bytes);
}

/// The sheets clerks have besides xlsx: an old .xls and a CSV that Excel
/// on Chinese Windows saved in GBK, both holding the same unit.
#[test]
fn an_old_xls_and_a_gbk_csv_import() {
    let dir = TempDir::new("wb-old-formats");
    let fresh = empty(&dir, "fresh.db");
    let folder = root().join("tests/data/clerk-formats");
    let plans: Vec<String> = ["old-excel.xls", "gbk.csv"]
        .iter()
        .map(|f| {
            let file = folder.join(f);
            fresh
                .run(&["import", file.to_str().unwrap(), "--dry-run"])
                .ok()
        })
        .collect();
    assert!(
        plans[0].contains("新增 1 个单位") && plans[0].contains("示例甲公司"),
        "{}",
        plans[0]
    );
    assert_eq!(plans[0], plans[1]);
}

/// The sample park's `单位` sheet as LibreOffice writes it in each format
/// a clerk may have: an old .xls, an .ods, and the one sheet as CSV in GBK
/// and in UTF-8 (cells as shown: dates 2009年5月1日). Each plans exactly
/// as the .xlsx does, into an empty registry (every unit added) and into
/// one where two units differ from the sheet (two updated).
#[test]
fn the_unit_sheet_as_xls_ods_and_gbk_csv_plans_the_same_as_the_xlsx() {
    let dir = TempDir::new("wb-formats");
    let p = demo(&dir);
    let xlsx = dir.join("park.xlsx");
    p.run(&["export", "--out", xlsx.to_str().unwrap()]).ok();
    // Separator, quote, character set (67 GBK, 76 UTF-8), first line,
    // cell formats, language, quote all text, detect numbers, save as
    // shown, formulas, remove spaces, the sheet (the 2nd: 单位).
    let csv = |charset: u32| {
        format!(
            "csv:Text - txt - csv (StarCalc):44,34,{charset},1,,0,false,true,true,false,false,2"
        )
    };
    let files = [
        xlsx.clone(),
        parkreg_tests::libreoffice(dir.path(), &xlsx, "xls"),
        parkreg_tests::libreoffice(dir.path(), &xlsx, "ods"),
        parkreg_tests::libreoffice(dir.path(), &xlsx, &csv(67)),
        parkreg_tests::libreoffice(dir.path(), &xlsx, &csv(76)),
    ];
    let gbk = std::fs::read(&files[3]).unwrap();
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the GBK file is not UTF-8"
    );
    let empty = empty(&dir, "empty.db");
    let mut doc = p.run(&["dump"]).json();
    let units = doc["units"].as_array_mut().unwrap();
    units[1]["employees"] = 999.into();
    units[2]["town"] = "别的镇".into();
    let changed_json = dir.join("changed.json");
    std::fs::write(&changed_json, doc.to_string()).unwrap();
    let changed = Parkreg::new(&dir.join("changed.db"));
    changed.run(&["load", changed_json.to_str().unwrap()]).ok();
    for (registry, says) in [
        (&empty, "新增 31 个单位，更新 0 个，不变 0 个"),
        (&changed, "新增 0 个单位，更新 2 个，不变 29 个"),
    ] {
        let plan = |file: &Path| {
            registry
                .run(&["import", file.to_str().unwrap(), "--dry-run"])
                .ok()
        };
        let own = plan(&xlsx);
        assert!(own.contains(says), "{own}");
        for file in &files[1..] {
            assert_eq!(plan(file), own, "{}", file.display());
        }
    }
}

/// Units compared by what a person sees: people by name, ids aside.
fn units_by_name(doc: &Value) -> Vec<Value> {
    let person = |id: &Value| {
        doc["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| &p["id"] == id)
            .map_or(Value::Null, |p| p["name"].clone())
    };
    let mut units: Vec<Value> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let mut u = u.clone();
            let obj = u.as_object_mut().unwrap();
            obj.remove("id");
            obj.insert("commissioner".into(), person(&obj["commissioner"]));
            obj.insert("instructor".into(), person(&obj["instructor"]));
            u
        })
        .collect();
    units.sort_by_key(|u| u["name"].as_str().unwrap().to_string());
    units
}

#[test]
fn an_exported_workbook_imports_into_an_empty_registry_with_the_same_units() {
    let dir = TempDir::new("wb-round");
    let p = demo(&dir);
    for (name, args) in [("x.xlsx", vec![]), ("csv", vec!["--format", "csv"])] {
        let out = dir.join(name);
        let mut export = vec!["export", "--out", out.to_str().unwrap()];
        export.extend(args);
        p.run(&export).ok();
        let sheet = if name == "csv" {
            out.join("单位.csv")
        } else {
            out.clone()
        };
        let fresh = Parkreg::new(&dir.join(&format!("fresh-{name}.db")));
        fresh.run(&["init", "--park", "新园区"]).ok();
        fresh.run(&["import", sheet.to_str().unwrap()]).ok();
        assert_eq!(
            units_by_name(&fresh.run(&["dump"]).json()),
            units_by_name(&p.run(&["dump"]).json()),
            "{name}"
        );
        // Importing the same sheet again changes nothing.
        let again = fresh.run(&["import", sheet.to_str().unwrap()]).ok();
        assert!(again.contains("不变 31 个"), "{again}");
        // Undo the last import: back to the state before it.
        fresh.run(&["undo-import"]).ok();
        assert!(fresh
            .run(&["undo-import"])
            .fails()
            .contains("之后又有 1 处修改"));
        assert_eq!(
            fresh.run(&["dump"]).json()["units"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
        assert!(fresh
            .run(&["history", "--json"])
            .ok()
            .contains("units.import.undo"));
    }
}

#[test]
fn a_clerks_own_sheet_with_synonyms_updates_by_credit_code_then_name() {
    let dir = TempDir::new("wb-synonyms");
    let p = demo(&dir);
    let file = dir.join("clerk.csv");
    // Columns in another order, other names, an unknown column, a UTF-8 BOM.
    std::fs::write(
        &file,
        "\u{feff}备注,从业人员,企业名称,统一社会信用代码,正式党员数,开工日期\r\n\
         随便写,1300,改了名字的铝业公司,91520113MA6AL0001D,55,2009年10月1日\r\n\
         ,12,示例新入园企业,,0,2013-05-01\r\n",
    )
    .unwrap();
    let out = p.run(&["import", file.to_str().unwrap()]).ok();
    assert!(out.contains("新增 1 个单位，更新 1 个"), "{out}");
    let doc = p.run(&["dump"]).json();
    let u1 = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "u1")
        .unwrap();
    assert_eq!(u1["name"], "改了名字的铝业公司");
    assert_eq!(u1["employees"], 1300);
    // The sample keeps its roster: a sheet's member counts are the
    // roster's, and the typed ones, unused meanwhile, stay.
    assert_eq!(u1["full_members"], 52);
    assert_eq!(u1["started_on"], "2009-10-01");
    assert_eq!(u1["town"], "沙文镇", "columns not in the sheet are kept");
    let added = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "示例新入园企业")
        .unwrap();
    assert_eq!(added["id"], "u31");
    let history = p.run(&["history", "--json", "--limit", "1"]).ok();
    assert!(history.contains("units.import"), "{history}");
}

/// The workbook printed as an office prints it: every sheet through
/// LibreOffice (headless) to PDF; every page has its sheet's title, the
/// 填报单位 line, the header row and its page number.
#[test]
fn every_printed_page_has_its_title_header_and_number() {
    let dir = TempDir::new("wb-print");
    let p = demo(&dir);
    let file = dir.join("print.xlsx");
    p.run(&[
        "export",
        "--out",
        file.to_str().unwrap(),
        "--as-of",
        "2013-06-30",
    ])
    .ok();
    let pdf = parkreg_tests::libreoffice(dir.path(), &file, "pdf");
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(text.stdout).unwrap();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let sheets = parkreg_core::exchange::workbook::sheets();
    assert!(pages.len() >= sheets.len(), "{} pages", pages.len());
    let mut seen = std::collections::BTreeSet::new();
    for (i, page) in pages.iter().enumerate() {
        let sheet = sheets
            .iter()
            .find(|s| page.contains(s.title))
            .unwrap_or_else(|| panic!("page {}: no title\n{page}", i + 1));
        seen.insert(sheet.name);
        assert!(page.contains("填报单位："), "page {}", i + 1);
        assert!(
            page.contains(sheet.columns[0].header),
            "page {}: header",
            i + 1
        );
        let number = format!("第 {} 页，共 {} 页", i + 1, pages.len());
        assert!(page.contains(&number), "page {}: {number}", i + 1);
    }
    assert_eq!(seen.len(), sheets.len(), "every sheet printed");
}
