//! Importing units from a sheet like the workbook's `单位` sheet (xlsx,
//! xls, ods, or CSV in UTF-8 or GBK), one kind of the import mechanism of
//! `plan.rs`: columns matched by header in any order, every problem
//! reported by row and column, and a plan of what would be added and
//! updated. Nothing is applied unless the whole sheet is clean.

mod cells;
mod csv;
mod meetings;
mod people;
mod plan;
mod roster;
mod rows;
mod sheet;

pub use meetings::{plan_meetings, Held, MeetingChange, MeetingPlan, Meetings};
pub use people::People;
use people::{apply, fill};
use plan::at;
pub use plan::{plan as plan_sheet, Change, Kind, Plan, Record, Row};
pub use roster::{plan_roster, roster_date, Member, Members, RosterPlan, ROSTER};
use rows::read_row;
pub use sheet::{custom_property, header_row, read_book, read_sheet, Raw, Sheet, MEETINGS, UNITS};
pub use sheet::{
    MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_CSV_BYTES, MAX_HELD_PART_BYTES, MAX_ROWS,
    MAX_SHEET_PART_BYTES, MAX_XLSX_BYTES, MAX_XLS_BYTES,
};

use super::columns::{field_of, header_of, Field};
use crate::error::Result;
use crate::model::problem::Problem;
use crate::model::*;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// Which unit a change is, for the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub name: String,
}

/// One unit added or updated by the import.
pub type UnitChange = Change<Named>;

/// The import of units from a sheet like the workbook's `单位`: a unit is
/// the one of the row's credit code, else of its name, else a new one.
#[derive(Debug, Clone, Copy)]
pub struct Units;

/// What the import of units would do.
pub type ImportPlan = Plan<Units>;

/// What a units plan looks units up by, and what the sheet named so far.
pub struct UnitPlanner {
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Refused, never wrapped, past the largest number there is.
    next_number: Option<u64>,
    seen_names: HashMap<String, usize>,
    seen_codes: HashMap<String, usize>,
}

impl Kind for Units {
    const SHEET: &'static str = UNITS;
    const RECORDS: &'static str = "units";
    const NOUN: &'static str = "单位";
    const ACTION: &'static str = "units.import";
    const SUBJECT: &'static str = "unit";
    type Column = Field;
    type Record = Unit;
    type What = Named;
    type Planner = UnitPlanner;

    fn column(header: &str) -> Option<Field> {
        field_of(header)
    }

    fn header(column: Field) -> &'static str {
        header_of(column)
    }

    fn missing(columns: &[(usize, Field)]) -> Option<String> {
        (!columns.iter().any(|(_, f)| *f == Field::Name))
            .then(|| "缺少单位名称列（表头应为“单位名称”“企业名称”或“项目名称”）".to_string())
    }

    /// The sheet header a document field of a unit is shown under.
    fn field_header(key: &str) -> &'static str {
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

    fn records(reg: &Registry) -> &[Unit] {
        &reg.units
    }

    fn planner(reg: &Registry) -> UnitPlanner {
        let units = reg.units.iter().enumerate();
        UnitPlanner {
            by_code: (units.clone())
                .filter_map(|(i, u)| Some((u.credit_code.clone()?, i)))
                .collect(),
            by_name: units.map(|(i, u)| (u.name.clone(), i)).collect(),
            next_number: largest_number(reg.units.iter().map(|u| u.id.as_str()), "u")
                .checked_add(1),
            seen_names: HashMap::new(),
            seen_codes: HashMap::new(),
        }
    }

    fn row(
        p: &mut UnitPlanner,
        people: &mut People,
        row: usize,
        cells: &[Raw],
        columns: &[(usize, Field)],
        problems: &mut Vec<Problem>,
    ) -> Option<Row<UnitChange>> {
        let before = problems.len();
        let mut values = read_row(cells, columns, row, problems);
        let Some(name) = values.name.clone() else {
            if problems.len() == before {
                problems.push(at::<Units>(row, "name", "单位名称不能为空"));
            }
            return None;
        };
        if let Some(first) = p.seen_names.insert(name.clone(), row) {
            problems.push(at::<Units>(
                row,
                "name",
                format!("“{name}”与第 {first} 行重复"),
            ));
            return None;
        }
        if let Some(code) = &values.credit_code {
            if let Some(first) = p.seen_codes.insert(code.clone(), row) {
                problems.push(at::<Units>(
                    row,
                    "credit_code",
                    format!("{code} 与第 {first} 行重复"),
                ));
                return None;
            }
        }
        let existing = (values.credit_code.as_ref())
            .and_then(|c| p.by_code.get(c))
            .or_else(|| p.by_name.get(&name))
            .copied();
        let index = match existing {
            Some(i) => i,
            None => {
                let Some(n) = p.next_number else {
                    problems.push(at::<Units>(
                        row,
                        "name",
                        "单位编号已用到最大值，无法为新单位编号",
                    ));
                    return None;
                };
                p.next_number = n.checked_add(1);
                people.reg.units.push(Unit::new(&format!("u{n}"), &name));
                people.reg.units.len() - 1
            }
        };
        let mut unit = people.reg.units[index].clone();
        if existing.is_some() && people.reg.park.roster {
            // The sheet's member counts are the roster's (as the export
            // writes them); the typed counts, unused while the park keeps
            // its roster, stay as they were.
            (values.full_members, values.probationary_members) = (None, None);
        }
        let fields = apply(&mut unit, values, people);
        let change = Change {
            row,
            id: unit.id.clone(),
            what: Named {
                name: unit.name.clone(),
            },
            fields,
        };
        people.reg.units[index] = unit;
        Some(match existing {
            None => Row::Added(
                index,
                Change {
                    fields: Vec::new(),
                    ..change
                },
            ),
            Some(_) if change.fields.is_empty() => Row::Unchanged(index),
            Some(_) => Row::Updated(index, change),
        })
    }
}

/// Plans the import of a `单位` sheet into `reg` (`plan::plan`).
pub fn plan(reg: &Registry, sheet: &Sheet, today: NaiveDate) -> Result<ImportPlan, Vec<Problem>> {
    plan::plan(reg, sheet, today)
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
