//! Importing units from a sheet like the workbook's `单位` sheet (xlsx or
//! UTF-8 CSV): columns matched by header in any order, every problem
//! reported by row and column, and a plan of what would be added and
//! updated. Nothing is applied unless the whole sheet is clean.

mod csv;
mod meetings;
mod people;
mod rows;
mod sheet;

pub use meetings::{plan_meetings, MeetingChange, MeetingPlan};
use people::{apply, fill, People};
use rows::read_row;
pub use sheet::{custom_property, header_row, read_book, read_sheet, Raw, Sheet, MEETINGS, UNITS};
pub use sheet::{
    MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_CSV_BYTES, MAX_HELD_PART_BYTES, MAX_ROWS,
    MAX_SHEET_PART_BYTES, MAX_XLSX_BYTES,
};

use super::columns::{field_of, header_of, Field};
use crate::error::Result;
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::validate;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One unit added or updated by the import, for the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The row in the sheet (1 is the header).
    pub row: usize,
    pub id: String,
    pub name: String,
    /// The headers of the columns whose values change.
    pub fields: Vec<&'static str>,
}

/// What an import would do; `registry` is the registry after it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPlan {
    pub added: Vec<Change>,
    pub updated: Vec<Change>,
    pub unchanged: usize,
    /// People named in the sheet who are not yet in the registry; they are
    /// added as non-members, to be checked on the people page.
    pub new_people: Vec<String>,
    #[serde(skip)]
    pub registry: Registry,
    /// The registry state the plan was made on (`Store::plan_import`):
    /// it applies to that state only.
    #[serde(skip)]
    pub base: Option<crate::model::Head>,
}

/// The sheet header a document field of a unit is shown under.
fn header_of_key(key: &str) -> &'static str {
    let field = match key {
        "name" => Field::Name,
        "credit_code" => Field::CreditCode,
        "commissioner" => Field::Commissioner,
        "instructor" => Field::Instructor,
        "started_on" => Field::StartedOn,
        "closed_on" => Field::ClosedOn,
        "legal_rep_secretary" => Field::LegalRepSecretary,
        _ => return "",
    };
    header_of(field)
}

/// Plans the import of `sheet` into `reg`: every problem, or the plan.
/// The whole resulting registry passes the check every write makes
/// (`validate::state`, `today` the latest date an entry may have).
pub fn plan(reg: &Registry, sheet: &Sheet, today: NaiveDate) -> Result<ImportPlan, Vec<Problem>> {
    let mut problems = Vec::new();
    let Some(header) = header_row(&sheet.rows) else {
        return Err(vec![Problem::new(
            "",
            "",
            "表格是空的：没有表头，也没有数据",
        )]);
    };
    let mut columns: Vec<(usize, Field)> = Vec::new();
    for (c, cell) in sheet.rows[header].iter().enumerate() {
        if let Raw::Text(h) = cell {
            if let Some(field) = field_of(h) {
                if let Some(&(first, _)) = columns.iter().find(|(_, f)| *f == field) {
                    problems.push(Problem::new(
                        format!("第 {} 行", header + 1),
                        format!("第 {} 列“{}”", c + 1, h.trim()),
                        format!("与第 {} 列重复，都是“{}”", first + 1, header_of(field)),
                    ));
                } else {
                    columns.push((c, field));
                }
            }
        }
    }
    if !columns.iter().any(|(_, f)| *f == Field::Name) {
        return Err(vec![Problem::new(
            format!("第 {} 行", header + 1),
            "表头",
            "缺少单位名称列（表头应为“单位名称”“企业名称”或“项目名称”）",
        )]);
    }
    let data = &sheet.rows[header + 1..];
    if data.len() > MAX_ROWS {
        return Err(vec![Problem::new(
            "",
            "",
            format!("行数过多（{} 行），最多 {MAX_ROWS} 行", data.len()),
        )]);
    }

    let mut next = reg.clone();
    let mut people = People::new(&mut next);
    let by_code: HashMap<String, usize> = reg
        .units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| Some((u.credit_code.clone()?, i)))
        .collect();
    let by_name: HashMap<&str, usize> = reg
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.name.as_str(), i))
        .collect();
    // Refused, never wrapped, past the largest number there is.
    let mut next_number =
        largest_number(reg.units.iter().map(|u| u.id.as_str()), "u").checked_add(1);
    let mut seen_names: HashMap<String, usize> = HashMap::new();
    let mut seen_codes: HashMap<String, usize> = HashMap::new();
    let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), 0);
    let mut row_of_unit: HashMap<usize, usize> = HashMap::new();

    for (i, cells) in data.iter().enumerate() {
        let row = header + i + 2;
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        let before = problems.len();
        let values = read_row(cells, &columns, row, &mut problems);
        let Some(name) = values.name.clone() else {
            if problems.len() == before {
                problems.push(Problem::new(
                    format!("第 {row} 行"),
                    "“单位名称”列",
                    "单位名称不能为空",
                ));
            }
            continue;
        };
        if let Some(first) = seen_names.insert(name.clone(), row) {
            problems.push(Problem::new(
                format!("第 {row} 行"),
                "“单位名称”列",
                format!("“{name}”与第 {first} 行重复"),
            ));
            continue;
        }
        if let Some(code) = &values.credit_code {
            if let Some(first) = seen_codes.insert(code.clone(), row) {
                problems.push(Problem::new(
                    format!("第 {row} 行"),
                    "“统一社会信用代码”列",
                    format!("{code} 与第 {first} 行重复"),
                ));
                continue;
            }
        }
        let existing = values
            .credit_code
            .as_ref()
            .and_then(|c| by_code.get(c))
            .or_else(|| by_name.get(name.as_str()))
            .copied();
        let (index, unit) = match existing {
            Some(i) => (i, people.reg.units[i].clone()),
            None => {
                let Some(n) = next_number else {
                    problems.push(Problem::new(
                        format!("第 {row} 行"),
                        "“单位名称”列",
                        "单位编号已用到最大值，无法为新单位编号",
                    ));
                    continue;
                };
                next_number = n.checked_add(1);
                let fresh = Unit::new(&format!("u{n}"), &name);
                people.reg.units.push(fresh.clone());
                (people.reg.units.len() - 1, fresh)
            }
        };
        let mut unit = unit;
        let fields = apply(&mut unit, values, &mut people);
        let change = Change {
            row,
            id: unit.id.clone(),
            name: unit.name.clone(),
            fields,
        };
        people.reg.units[index] = unit;
        row_of_unit.insert(index, row);
        match existing {
            None => added.push(Change {
                fields: Vec::new(),
                ..change
            }),
            Some(_) if change.fields.is_empty() => unchanged += 1,
            Some(_) => updated.push(change),
        }
    }
    let new_people = people.new;
    // The rules of the whole registry, reported at the rows that break them.
    for p in validate::state(&next, today) {
        let unit_index = p
            .path
            .strip_prefix("units[")
            .and_then(|s| s.strip_suffix(']'))
            .and_then(|s| s.parse::<usize>().ok());
        match unit_index.and_then(|i| row_of_unit.get(&i)) {
            Some(row) => {
                let header = header_of_key(&p.field);
                let field = if header.is_empty() {
                    p.field.clone()
                } else {
                    format!("“{header}”列")
                };
                problems.push(Problem::new(format!("第 {row} 行"), field, p.message));
            }
            None => problems.push(p),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| row_number(&p.path));
        return Err(problems);
    }
    Ok(ImportPlan {
        added,
        updated,
        unchanged,
        new_people,
        registry: next,
        base: None,
    })
}

/// The units of a `单位` sheet exactly as the registry's own export wrote
/// them: each by its 编号, its people by theirs (`项目专员编号`,
/// `党建指导员编号`), nothing matched by name and nothing checked but the
/// cells' types; the caller judges the whole state (the district reads a
/// park's workbook so).
pub fn units_as_written(sheet: &Sheet) -> Result<Vec<Unit>, Vec<Problem>> {
    let first = header_row(&sheet.rows).unwrap_or(0);
    let header = sheet.rows.get(first).map_or(&[][..], Vec::as_slice);
    let columns: Vec<(usize, Field)> = (header.iter().enumerate())
        .filter_map(|(c, cell)| match cell {
            Raw::Text(h) => Some((c, field_of(h)?)),
            _ => None,
        })
        .collect();
    let mut problems: Vec<Problem> = [
        Field::Id,
        Field::Name,
        Field::CommissionerId,
        Field::InstructorId,
    ]
    .into_iter()
    .filter(|f| !columns.iter().any(|(_, c)| c == f))
    .map(|f| {
        Problem::new(
            format!("第 {} 行", first + 1),
            "表头",
            format!("缺少“{}”列", header_of(f)),
        )
    })
    .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut units = Vec::new();
    for (i, cells) in sheet.rows.iter().enumerate().skip(first + 1) {
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        let row = i + 1;
        let mut v = read_row(cells, &columns, row, &mut problems);
        let (Some(id), Some(name)) = (v.id.take(), v.name.clone()) else {
            problems.push(Problem::new(
                format!("第 {row} 行"),
                "“编号”列",
                "编号和单位名称都要填写",
            ));
            continue;
        };
        let mut unit = Unit::new(&id, &name);
        let people = fill(&mut unit, v);
        for (slot, named, field) in [
            (&mut unit.commissioner, &people[0], Field::CommissionerId),
            (&mut unit.instructor, &people[1], Field::InstructorId),
        ] {
            match named {
                Some((Some(id), _)) => *slot = Some(id.clone()),
                Some((None, name)) => problems.push(Problem::new(
                    format!("第 {row} 行"),
                    format!("“{}”列", header_of(field)),
                    format!("“{name}”没有编号"),
                )),
                None => {}
            }
        }
        units.push(unit);
    }
    if problems.is_empty() {
        Ok(units)
    } else {
        Err(problems)
    }
}

fn row_number(path: &str) -> usize {
    path.trim_start_matches("第 ")
        .trim_end_matches(" 行")
        .parse()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::sheet::EXCEL_MAX_ROWS;
    use super::*;
    use std::path::Path;

    #[test]
    fn file_size_limits() {
        let dir = tempfile::tempdir().unwrap();
        // Cases: (bytes, extension, what the refusal says). Sparse files of
        // zeros: never a workbook, so the ones within the limit fail further
        // on; a CSV of NULs reads (its cells are refused when typed), but
        // never for its size. An xlsx file is read part by part, so it may
        // be far larger than a CSV file, which is read whole.
        let cases = [
            (0, "xlsx", "文件是空的"),
            (1, "xlsx", "不是"),
            (MAX_XLSX_BYTES, "xlsx", "不是"),
            (
                MAX_XLSX_BYTES + 1,
                "xlsx",
                "文件过大（1024 MB），最多 1024 MB",
            ),
            (0, "csv", "文件是空的"),
            (MAX_CSV_BYTES, "csv", ""),
            (MAX_CSV_BYTES + 1, "csv", "文件过大（64 MB），最多 64 MB"),
        ];
        for (bytes, ext, says) in cases {
            let path = dir.path().join(format!("{bytes}.{ext}"));
            std::fs::File::create(&path)
                .unwrap()
                .set_len(bytes)
                .unwrap();
            let got = read_sheet(&path, UNITS).err().map(|e| e.to_string());
            match (says, got) {
                ("", None) => {}
                ("", Some(err)) => assert!(!err.contains("文件过大"), "{bytes}.{ext}: {err}"),
                (_, Some(err)) => assert!(err.contains(says), "{bytes}.{ext}: {err}"),
                (_, None) => panic!("{bytes}.{ext} read as a sheet"),
            }
        }
    }

    /// Cells as written by Excel's own library (and, in files Excel would
    /// not write, where `rewrite` puts them), read back in one pass:
    /// values where they stand, formulas and cells too far out refused
    /// with their row and column.
    #[test]
    fn xlsx_cells_are_read_where_they_stand() {
        use rust_xlsxwriter::{Formula, Workbook};
        type Write = fn(&mut rust_xlsxwriter::Worksheet);
        type Read = std::result::Result<Vec<Vec<Raw>>, &'static str>;
        /// Text in the sheet's XML replaced by other text.
        type Rewrite = Option<(&'static str, &'static str)>;
        let last_row = |text: &str| {
            let mut rows = vec![vec![]; EXCEL_MAX_ROWS - 1];
            rows.push(vec![Raw::Text(text.into())]);
            rows
        };
        let far_down: Write = |s| {
            s.write_string((EXCEL_MAX_ROWS - 1) as u32, 0, "底")
                .unwrap();
        };
        let cases: [(&str, Write, Rewrite, Read); 7] = [
            (
                "values, a blank text cell, a gap row",
                |s| {
                    s.write_string(0, 1, "单位名称").unwrap();
                    s.write_string(1, 1, "  ").unwrap();
                    s.write_number(1, 2, 7.0).unwrap();
                    s.write_string(3, 0, "甲").unwrap();
                },
                None,
                Ok(vec![
                    vec![Raw::Empty, Raw::Text("单位名称".into())],
                    vec![Raw::Empty, Raw::Empty, Raw::Number(7.0)],
                    vec![],
                    vec![Raw::Text("甲".into())],
                ]),
            ),
            (
                "a formula after values",
                |s| {
                    s.write_string(0, 0, "单位名称").unwrap();
                    s.write_formula(2, 1, Formula::new("=1+1").set_result("2"))
                        .unwrap();
                },
                None,
                Err("第 3 行第 2 列是公式（=1+1）"),
            ),
            (
                "the last column allowed",
                |s| {
                    s.write_string(1, (MAX_COLUMNS - 1) as u16, "远").unwrap();
                },
                None,
                Ok(vec![vec![], {
                    let mut row = vec![Raw::Empty; MAX_COLUMNS];
                    row[MAX_COLUMNS - 1] = Raw::Text("远".into());
                    row
                }]),
            ),
            (
                "one column more",
                |s| {
                    s.write_string(1, MAX_COLUMNS as u16, "远").unwrap();
                },
                None,
                Err("第 2 行第 1001 列有内容：工作表最多 1000 列"),
            ),
            (
                "the last row Excel allows",
                far_down,
                None,
                Ok(last_row("底")),
            ),
            (
                "a row past Excel's last",
                far_down,
                Some(("1048576", "1048577")),
                Err("第 1048577 行第 1 列有内容：超出 Excel 的行数上限"),
            ),
            ("nothing", |_| {}, None, Ok(vec![])),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (i, (case, write, rewrite, expected)) in cases.into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.xlsx"));
            let mut book = Workbook::new();
            write(book.add_worksheet().set_name("单位").unwrap());
            book.save(&path).unwrap();
            if let Some((from, to)) = rewrite {
                rewrite_sheet(&path, from, to);
            }
            match (read_sheet(&path, UNITS), expected) {
                (Ok(sheet), Ok(rows)) => assert!(sheet.rows == rows, "{case}"),
                (Err(e), Err(says)) => assert!(e.to_string().contains(says), "{case}: {e}"),
                (Ok(_), Err(says)) => panic!("{case}: read, not “{says}”"),
                (Err(e), Ok(_)) => panic!("{case}: {e}"),
            }
        }
    }

    /// Replaces `from` by `to` in the workbook's first sheet.
    fn rewrite_sheet(path: &Path, from: &str, to: &str) {
        use std::io::{Read, Write};
        let mut old = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut new = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..old.len() {
            let mut part = old.by_index(i).unwrap();
            let name = part.name().unwrap().to_string();
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                assert!(text.contains(from), "{from} not in the sheet");
                text = text.replace(from, to);
            }
            new.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            new.write_all(text.as_bytes()).unwrap();
        }
        std::fs::write(path, new.finish().unwrap().into_inner()).unwrap();
    }
}
