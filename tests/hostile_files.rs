//! Hostile sheets are refused with a clear message before the importer
//! holds them whole: the peak memory of the real `parkreg import` on each
//! is measured (the kernel's count for the child process, `wait4`).

use parkreg_tests::cli::Parkreg;
use parkreg_tests::TempDir;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `parkreg --db DB import FILE --dry-run`; its exit status, stderr
/// and peak resident memory in MiB.
// The child is reaped by wait4 below, which std's wait cannot replace: it
// alone reports the child's own peak memory.
#[allow(clippy::zombie_processes)]
fn import_peak(db: &Path, file: &Path) -> (i32, String, u64) {
    let bin = parkreg_tests::binary("parkreg", "parkreg");
    let mut child = Command::new(bin)
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .arg("--dry-run")
        .env_remove("PARKREG_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("parkreg runs");
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in; the
    // pid is our own child, reaped here once (Child is not waited on again).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, stderr, usage.ru_maxrss as u64 / 1024)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="单位" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A workbook whose sheet and shared strings are written by `sheet` and
/// `strings`, streamed into the zip so the test itself stays small.
fn workbook(path: &Path, sheet: impl FnOnce(&mut dyn Write), strings: impl FnOnce(&mut dyn Write)) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    strings(&mut zip);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    sheet(&mut zip);
    zip.finish().unwrap();
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";
const NO_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#;

#[test]
fn hostile_sheets_are_refused_in_bounded_memory() {
    let dir = TempDir::new("hostile");
    let db = dir.join("r.db");
    Parkreg::new(&db).run(&["demo"]).ok();
    let before = Parkreg::new(&db).run(&["dump"]).ok();

    // (file, how it is made, what the refusal says, peak memory allowed in MiB)
    type Make = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Make, &str, u64)> = vec![
        (
            "newlines.csv",
            Box::new(|p| std::fs::write(p, vec![b'\n'; 64 * 1024 * 1024 - 1]).unwrap()),
            "超出 Excel 的行数上限",
            200,
        ),
        (
            "cells.csv",
            Box::new(|p| {
                let line = format!("{}\n", vec!["a"; 999].join(","));
                let rows = 60 * 1024 * 1024 / line.len();
                std::fs::write(p, line.repeat(rows)).unwrap()
            }),
            "单元格过多",
            600,
        ),
        (
            "strings-bomb.xlsx",
            Box::new(|p| {
                workbook(
                    p,
                    |w| {
                        w.write_all(format!("{SHEET_START}{SHEET_END}").as_bytes())
                            .unwrap()
                    },
                    |w| {
                        w.write_all(b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">").unwrap();
                        let chunk =
                            "<si><t>炸弹炸弹炸弹炸弹炸弹炸弹炸弹炸弹</t></si>".repeat(100_000);
                        for _ in 0..(300 * 1024 * 1024 / chunk.len()) {
                            w.write_all(chunk.as_bytes()).unwrap();
                        }
                        w.write_all(b"</sst>").unwrap();
                    },
                )
            }),
            "解压后超过",
            120,
        ),
        (
            "cells-bomb.xlsx",
            Box::new(|p| {
                workbook(
                    p,
                    |w| {
                        use std::fmt::Write as _;
                        let columns: Vec<char> = ('A'..='Y').collect();
                        w.write_all(SHEET_START.as_bytes()).unwrap();
                        let mut rows = String::with_capacity(64 << 20);
                        for r in 1..=170_000 {
                            let _ = write!(rows, "<row r=\"{r}\">");
                            for c in &columns {
                                let _ = write!(
                                    rows,
                                    "<c r=\"{c}{r}\" t=\"inlineStr\"><is><t>x</t></is></c>"
                                );
                            }
                            rows += "</row>";
                            if rows.len() > 60 << 20 {
                                w.write_all(rows.as_bytes()).unwrap();
                                rows.clear();
                            }
                        }
                        w.write_all(rows.as_bytes()).unwrap();
                        w.write_all(SHEET_END.as_bytes()).unwrap();
                    },
                    |w| w.write_all(NO_STRINGS.as_bytes()).unwrap(),
                )
            }),
            "单元格过多",
            600,
        ),
    ];
    for (name, make, expected, allowed) in cases {
        let file = dir.join(name);
        make(&file);

        let (code, stderr, peak) = import_peak(&db, &file);
        eprintln!(
            "{name}: {} MiB on disk, refused at a peak of {peak} MiB",
            std::fs::metadata(&file).unwrap().len() >> 20
        );
        assert_ne!(code, 0, "{name} accepted");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "{name}: one line: {stderr}"
        );
        assert!(peak <= allowed, "{name}: peak {peak} MiB > {allowed} MiB");
        std::fs::remove_file(&file).unwrap();
    }
    assert_eq!(
        Parkreg::new(&db).run(&["dump"]).ok(),
        before,
        "nothing changed"
    );
}
