//! The one import mechanism every sheet a clerk brings goes through: the
//! header found and its columns matched, each row planned against the
//! registry as it is, the whole registry after it checked, every problem
//! by row and column. A kind of sheet (units, meeting records) says only
//! what is its own: its columns, how a row becomes a record, what a
//! change shows in the preview (`Kind`). The store applies a plan in one
//! transaction with one audit entry, and undoes it.

use super::people::People;
use super::sheet::{header_row, Raw, Sheet, MAX_ROWS};
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::validate;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One record added or updated by an import, for the preview: `what`
/// says which record (a unit's name; a meeting's date, organization and
/// kind), written beside the row's other fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<W> {
    /// The row in the sheet (1 is the header).
    pub row: usize,
    pub id: String,
    #[serde(flatten)]
    pub what: W,
    /// The headers of the columns whose values change.
    pub fields: Vec<&'static str>,
}

/// What one row of a sheet did to the registry being planned.
pub enum Row<C> {
    /// A record added at `index` of the kind's records.
    Added(usize, C),
    /// The record at `index` changed.
    Updated(usize, C),
    /// The record at `index` is already as the row says.
    Unchanged(usize),
}

/// A record an import adds or updates, found again by its id.
pub trait Record: Serialize {
    fn id(&self) -> &str;
}

impl Record for Unit {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Record for Meeting {
    fn id(&self) -> &str {
        &self.id
    }
}

/// One kind of sheet to import: its columns and how its rows become
/// records. `Planner` holds what a plan looks records up by (built once
/// from the registry before the rows are read).
pub trait Kind: Sized {
    /// The sheet of a workbook read (`单位`, `组织生活`).
    const SHEET: &'static str;
    /// The registry document's array of these records (`units`): where
    /// `validate::state` places a problem, and the audit entry's key.
    const RECORDS: &'static str;
    /// What the records are called in the history's summary.
    const NOUN: &'static str;
    /// The audit action of an import (`units.import`), undone by
    /// `Store::undo_last_import`.
    const ACTION: &'static str;
    /// The subject each changed record is recorded under (`unit`).
    const SUBJECT: &'static str;
    type Column: Copy + PartialEq;
    type Record: Record;
    /// Which record a change is, for the preview.
    type What: Clone + std::fmt::Debug + PartialEq + Serialize;
    type Planner;

    /// The column a header means, if any (synonyms included).
    fn column(header: &str) -> Option<Self::Column>;
    /// The header a column is shown under.
    fn header(column: Self::Column) -> &'static str;
    /// What a sheet lacks when a column it must have is missing.
    fn missing(columns: &[(usize, Self::Column)]) -> Option<String>;
    /// The header under which a problem with a document field of the
    /// record is shown (`""` when none).
    fn field_header(key: &str) -> &'static str;
    fn records(reg: &Registry) -> &[Self::Record];
    fn planner(reg: &Registry) -> Self::Planner;
    /// Plans one row (not empty, at sheet row `row`) into `people.reg`,
    /// or adds its problems and returns `None`.
    fn row(
        planner: &mut Self::Planner,
        people: &mut People,
        row: usize,
        cells: &[Raw],
        columns: &[(usize, Self::Column)],
        problems: &mut Vec<Problem>,
    ) -> Option<Row<Change<Self::What>>>;
}

/// A kind's columns as clerks head them: (the export's header, the field
/// it fills, the synonyms found in clerks' own sheets).
pub type ColumnTable = [(&'static str, &'static str, &'static [&'static str])];

/// The field a header names in `table`, spaces ignored.
pub fn field_in(table: &ColumnTable, header: &str) -> Option<&'static str> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    table
        .iter()
        .find(|(head, _, syn)| *head == h || syn.contains(&h.as_str()))
        .map(|&(_, field, _)| field)
}

/// The header `field` is shown under in `table` (`""` when none).
pub fn header_in(table: &ColumnTable, field: &str) -> &'static str {
    table
        .iter()
        .find(|(_, f, _)| *f == field)
        .map_or("", |&(head, _, _)| head)
}

/// What a sheet lacks of the `required` fields, said with `needs` (what
/// such a sheet should have).
pub fn missing_in(
    table: &ColumnTable,
    required: &[&str],
    columns: &[(usize, &'static str)],
    needs: &str,
) -> Option<String> {
    let missing: Vec<&str> = required
        .iter()
        .filter(|f| !columns.iter().any(|(_, c)| c == *f))
        .map(|f| header_in(table, f))
        .collect();
    (!missing.is_empty()).then(|| format!("缺少“{}”列：{needs}", missing.join("”“")))
}

/// What importing a sheet would do; `registry` is the registry after it.
#[derive(Debug, Clone, Serialize)]
#[serde(bound(serialize = ""))]
pub struct Plan<K: Kind> {
    pub added: Vec<Change<K::What>>,
    pub updated: Vec<Change<K::What>>,
    pub unchanged: usize,
    /// People named in the sheet who are not yet in the registry; they are
    /// added as non-members, to be checked on the people page.
    pub new_people: Vec<String>,
    #[serde(skip)]
    pub registry: Registry,
    /// The registry state the plan was made on (`Store::plan_sheet`): it
    /// applies to that state only.
    #[serde(skip)]
    pub base: Option<Head>,
}

impl<K: Kind> Plan<K> {
    /// Whether applying the plan would change nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty()
    }
}

/// A problem at sheet row `row` with a field of the record: under its
/// column's header where it has one.
pub(super) fn at<K: Kind>(row: usize, key: &str, message: impl Into<String>) -> Problem {
    let column = match K::field_header(key) {
        "" => key.to_string(),
        head => format!("“{head}”列"),
    };
    Problem::new(format!("第 {row} 行"), column, message)
}

/// The sheet's columns each kind reads: (the column's index, what it is).
type Columns<K> = Vec<(usize, <K as Kind>::Column)>;

/// The header's row and the columns it names, or why there are none.
fn columns<K: Kind>(
    sheet: &Sheet,
    problems: &mut Vec<Problem>,
) -> Result<(usize, Columns<K>), Vec<Problem>> {
    let Some(header) = header_row(&sheet.rows) else {
        return Err(vec![Problem::new(
            "",
            "",
            "表格是空的：没有表头，也没有数据",
        )]);
    };
    let mut columns: Columns<K> = Vec::new();
    for (c, cell) in sheet.rows[header].iter().enumerate() {
        let Raw::Text(h) = cell else { continue };
        let Some(column) = K::column(h) else { continue };
        match columns.iter().find(|(_, f)| *f == column) {
            Some(&(first, _)) => problems.push(Problem::new(
                format!("第 {} 行", header + 1),
                format!("第 {} 列“{}”", c + 1, h.trim()),
                format!("与第 {} 列重复，都是“{}”", first + 1, K::header(column)),
            )),
            None => columns.push((c, column)),
        }
    }
    if let Some(missing) = K::missing(&columns) {
        return Err(vec![Problem::new(
            format!("第 {} 行", header + 1),
            "表头",
            missing,
        )]);
    }
    let data = sheet.rows.len() - header - 1;
    if data > MAX_ROWS {
        return Err(vec![Problem::new(
            "",
            "",
            format!("行数过多（{data} 行），最多 {MAX_ROWS} 行"),
        )]);
    }
    Ok((header, columns))
}

/// Plans the import of `sheet` into `reg`: every problem, or the plan.
/// The whole resulting registry passes the check every write makes
/// (`validate::state`, `today` the latest date an entry may have).
pub fn plan<K: Kind>(
    reg: &Registry,
    sheet: &Sheet,
    today: NaiveDate,
) -> Result<Plan<K>, Vec<Problem>> {
    let mut problems = Vec::new();
    let (header, columns) = columns::<K>(sheet, &mut problems)?;
    let mut planner = K::planner(reg);
    let mut next = reg.clone();
    let mut people = People::new(&mut next);
    let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), 0);
    let mut row_of: HashMap<usize, usize> = HashMap::new();
    for (i, cells) in sheet.rows[header + 1..].iter().enumerate() {
        let row = header + i + 2;
        if cells.iter().all(|c| *c == Raw::Empty) {
            continue;
        }
        let planned = K::row(
            &mut planner,
            &mut people,
            row,
            cells,
            &columns,
            &mut problems,
        );
        let index = match planned {
            None => continue,
            Some(Row::Added(index, change)) => {
                added.push(change);
                index
            }
            Some(Row::Updated(index, change)) => {
                updated.push(change);
                index
            }
            Some(Row::Unchanged(index)) => {
                unchanged += 1;
                index
            }
        };
        row_of.insert(index, row);
    }
    let new_people = std::mem::take(&mut people.new);
    // The rules of the whole registry, reported at the rows that break them.
    let prefix = format!("{}[", K::RECORDS);
    for p in validate::state(&next, today) {
        // `people[3]` or a part of it (`people[3].membership`).
        let index = (p.path.strip_prefix(&prefix))
            .and_then(|s| s.split(']').next())
            .and_then(|s| s.parse::<usize>().ok());
        match index.and_then(|i| row_of.get(&i)) {
            Some(&row) => problems.push(at::<K>(row, &p.field, p.message)),
            None => problems.push(p),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| row_number(&p.path));
        return Err(problems);
    }
    Ok(Plan {
        added,
        updated,
        unchanged,
        new_people,
        registry: next,
        base: None,
    })
}

fn row_number(path: &str) -> usize {
    path.trim_start_matches("第 ")
        .trim_end_matches(" 行")
        .parse()
        .unwrap_or(0)
}
