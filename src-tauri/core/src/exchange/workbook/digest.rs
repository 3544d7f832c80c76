//! A digest of a workbook's content: what its cells say, sheet by sheet,
//! and not how the file happens to be laid out. The export writes it into
//! the workbook's metadata; whoever reads the workbook later computes it
//! again from the cells as read and so tells whether anything was changed
//! after export (the district does so with each park's submission).
//!
//! Each cell is taken as a reader sees it: text as text, every number as
//! the value it means to 15 significant digits (what Excel, WPS and
//! LibreOffice keep when they save it again), dates as dates. A table's
//! header row counts, since readers find columns by it; empty cells and
//! empty rows count for nothing; a table continued on further sheets
//! (`名称（续2）`…) is one table, its continuations' headers repeated.

use super::import::Raw;
use super::Cell;
use sha2::{Digest, Sha256};

/// The workbook's custom property that holds the content digest.
pub const CONTENT_DIGEST_PROPERTY: &str = "parkreg.content_digest";

/// A cell's value as the digest takes it.
#[derive(PartialEq)]
enum Value<'a> {
    Text(&'a str),
    Number(f64),
    Date(chrono::NaiveDate),
    Other(String),
}

impl Value<'_> {
    fn feed(&self, column: usize, h: &mut Sha256) {
        h.update((column as u64).to_le_bytes());
        let (tag, bytes): (u8, Vec<u8>) = match self {
            Value::Text(s) => (b't', s.as_bytes().to_vec()),
            Value::Number(x) => (b'n', x.to_bits().to_le_bytes().to_vec()),
            Value::Date(d) => (b'd', d.to_string().into_bytes()),
            Value::Other(s) => (b'o', s.as_bytes().to_vec()),
        };
        h.update([tag]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
}

/// The digest being computed, one table at a time in any interleaving.
pub struct ContentDigest {
    /// Per table: its name and the hash of its rows so far.
    tables: Vec<(String, Sha256)>,
}

/// The name of the table a worksheet belongs to: a continuation sheet's
/// base name.
#[must_use]
pub fn table_of(sheet: &str) -> &str {
    let numbered = |at: usize| {
        let n = &sheet[at + "（续".len()..sheet.len() - "）".len()];
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    };
    match sheet.rfind("（续") {
        Some(at) if at > 0 && sheet.ends_with('）') && numbered(at) => &sheet[..at],
        _ => sheet,
    }
}

impl ContentDigest {
    /// A digest of the tables called `names`, in this order.
    #[must_use]
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> ContentDigest {
        ContentDigest {
            tables: names
                .into_iter()
                .map(|n| (n.to_string(), Sha256::new()))
                .collect(),
        }
    }

    fn row<'v>(&mut self, table: usize, values: impl Iterator<Item = Option<Value<'v>>>) {
        let h = &mut self.tables[table].1;
        let mut any = false;
        for (c, v) in values.enumerate() {
            if let Some(v) = v {
                v.feed(c, h);
                any = true;
            }
        }
        if any {
            h.update(b"\n");
        }
    }

    /// Adds a row the export writes to table `table` (a position in `new`'s
    /// names).
    pub fn written(&mut self, table: usize, cells: &[Cell]) {
        self.row(table, cells.iter().map(written_value));
    }

    /// Adds a data row read from a sheet called `sheet`; rows of a sheet
    /// that belongs to no table are the content of a table of their own
    /// (so that a sheet added after export changes the digest).
    pub fn read(&mut self, sheet: &str, cells: &[Raw]) {
        let name = table_of(sheet);
        let table = match self.tables.iter().position(|(n, _)| n == name) {
            Some(t) => t,
            None => {
                self.tables.push((name.to_string(), Sha256::new()));
                self.tables.len() - 1
            }
        };
        self.row(table, cells.iter().map(read_value));
    }

    /// `sha256:` and the hex of the tables' names and hashes, in order.
    #[must_use]
    pub fn finish(self) -> String {
        let mut all = Sha256::new();
        for (name, h) in self.tables {
            all.update((name.len() as u64).to_le_bytes());
            all.update(name.as_bytes());
            all.update(h.finalize());
        }
        let hex: String = all.finalize().iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

/// Whether a cell read back says what `cell` wrote.
#[must_use]
pub fn agrees(cell: &Cell, raw: &Raw) -> bool {
    written_value(cell) == read_value(raw)
}

/// A number as office programs keep it: 15 significant digits.
fn office(x: f64) -> Value<'static> {
    let kept: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    Value::Number(if kept == 0.0 { 0.0 } else { kept })
}

/// A written cell as a reader will see it (see `XlsxSink::write_row`).
fn written_value(cell: &Cell) -> Option<Value<'_>> {
    Some(match cell {
        Cell::Text(s) if s.trim().is_empty() => return None,
        Cell::Text(s) => Value::Text(s),
        Cell::Int(n) => office(*n as f64),
        Cell::Money(fen) => office(*fen as f64 / 100.0),
        Cell::Rate(Some(r)) => office(*r),
        Cell::Rate(None) => Value::Text("—"),
        Cell::Tenths(n) => office(*n as f64 / 10.0),
        Cell::Date(d) => Value::Date(*d),
        Cell::Empty => return None,
    })
}

fn read_value(raw: &Raw) -> Option<Value<'_>> {
    Some(match raw {
        Raw::Empty => return None,
        Raw::Text(s) => Value::Text(s),
        Raw::Number(x) => office(*x),
        Raw::Date(d) => Value::Date(*d),
        Raw::Bool(b) => Value::Other(format!("bool:{b}")),
        Raw::Error(e) => Value::Other(format!("error:{e}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_sheets_belong_to_their_table() {
        let cases = [
            ("组织生活", "组织生活"),
            ("组织生活（续2）", "组织生活"),
            ("单位（续12）", "单位"),
            ("（续）", "（续）"),
            ("汇总", "汇总"),
        ];
        for (sheet, table) in cases {
            assert_eq!(table_of(sheet), table, "{sheet}");
        }
    }

    /// What is written and what is read of it give one digest; any change
    /// of a value, a column, a row's table or an added sheet another.
    #[test]
    fn written_and_read_agree_and_any_change_differs() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let written = |rows: &[(usize, Vec<Cell>)]| {
            let mut g = ContentDigest::new(["甲", "乙"]);
            for (t, cells) in rows {
                g.written(*t, cells);
            }
            g.finish()
        };
        let read = |rows: &[(&str, Vec<Raw>)]| {
            let mut g = ContentDigest::new(["甲", "乙"]);
            for (s, cells) in rows {
                g.read(s, cells);
            }
            g.finish()
        };
        let base = written(&[
            (
                0,
                vec![
                    "园区".into(),
                    Cell::Money(12_345),
                    Cell::Empty,
                    Cell::Date(d),
                ],
            ),
            (
                1,
                vec![Cell::Rate(None), Cell::Rate(Some(0.5)), Cell::Int(7)],
            ),
            (1, vec![Cell::Tenths(15)]),
        ]);
        let same = read(&[
            (
                "乙",
                vec![Raw::Text("—".into()), Raw::Number(0.5), Raw::Number(7.0)],
            ),
            (
                "甲",
                vec![
                    Raw::Text("园区".into()),
                    Raw::Number(123.45),
                    Raw::Empty,
                    Raw::Date(d),
                ],
            ),
            ("乙（续2）", vec![Raw::Empty]),
            ("乙（续2）", vec![Raw::Number(1.5)]),
        ]);
        assert_eq!(base, same);
        assert!(base.starts_with("sha256:") && base.len() == 7 + 64);
        let changed: [Vec<(&str, Vec<Raw>)>; 4] = [
            // A value.
            vec![
                ("甲", vec![Raw::Text("园区".into()), Raw::Number(123.46)]),
                ("乙", vec![Raw::Text("—".into())]),
            ],
            // A column.
            vec![(
                "甲",
                vec![Raw::Empty, Raw::Text("园区".into()), Raw::Number(123.45)],
            )],
            // The table.
            vec![("乙", vec![Raw::Text("园区".into()), Raw::Number(123.45)])],
            // A sheet added.
            vec![("丙", vec![Raw::Text("备注".into())])],
        ];
        let original = [
            ("甲", vec![Raw::Text("园区".into()), Raw::Number(123.45)]),
            ("乙", vec![Raw::Text("—".into())]),
        ];
        let reference = read(&original);
        for (i, rows) in changed.iter().enumerate() {
            let mut rows = rows.clone();
            if i == 3 {
                rows.extend(original.iter().cloned());
            }
            assert_ne!(read(&rows), reference, "change {i}");
        }
    }
}
