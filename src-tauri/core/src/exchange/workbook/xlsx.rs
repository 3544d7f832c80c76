//! The tables as an .xlsx workbook: frozen header row, filters, column
//! widths, real dates, money as yuan numbers, rates as percentages; the
//! summary fits one landscape A4 page. Each sheet streams its rows to disk
//! (rust_xlsxwriter's constant-memory mode).

use super::digest::{ContentDigest, CONTENT_DIGEST_PROPERTY};
use super::{Cell, Sheet, Sink};
use crate::error::{Error, Result};
use crate::model::Head;
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use std::io::Write;
use std::path::{Path, PathBuf};

struct Formats {
    header: Format,
    date: Format,
    money: Format,
    rate: Format,
    tenths: Format,
}

/// The workbook's default style: the font Chinese Excel starts with, so
/// that plain cells need no style of their own (and cells the clerk adds
/// later match). Its default row height and column width, in pixels.
fn plain() -> Format {
    Format::new().set_font_name("等线").set_font_size(11)
}
const PLAIN_ROW_HEIGHT: u32 = 19;
const PLAIN_COLUMN_WIDTH: u32 = 72;

fn formats() -> Formats {
    Formats {
        header: plain()
            .set_bold()
            .set_background_color("#F2DCDB")
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        date: plain().set_num_format("yyyy-mm-dd"),
        money: plain().set_num_format("#,##0.00"),
        rate: plain().set_num_format("0.0%"),
        tenths: plain().set_num_format("0.0"),
    }
}

/// A4 paper in Excel's page setup numbering.
const A4: u8 = 9;

/// An xlsx workbook being written; `finish` saves it.
pub struct XlsxSink {
    book: Workbook,
    formats: Formats,
    path: PathBuf,
    /// Per worksheet, in workbook order (continuations last).
    rows: Vec<Rows>,
    /// Per table, the worksheet its rows go to now.
    current: Vec<usize>,
    tables: Vec<Sheet>,
    /// `EXCEL_ROWS`, smaller in tests.
    rows_per_sheet: u32,
    /// The registry's state, for the metadata.
    head: Option<String>,
    digest: ContentDigest,
}

struct Rows {
    /// The next row to write (the header is row 0).
    next: u32,
    columns: u16,
    /// Whether the sheet gets a filter (a list does, a form does not).
    filtered: bool,
}

/// The workbook's custom property that holds the registry's audit head.
pub const AUDIT_HEAD_PROPERTY: &str = "parkreg.audit_head";

fn failed(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::File {
        path: path.to_path_buf(),
        message: format!("无法写入工作簿：{e}"),
    }
}

/// Excel's rows per sheet: a table longer than that continues on sheets
/// named “组织生活（续2）”, “组织生活（续3）”…, added at the end.
const EXCEL_ROWS: u32 = 1_048_576;

impl XlsxSink {
    /// A workbook of `sheets` at `path`. Its metadata gets `head`, the
    /// registry's state (custom property `AUDIT_HEAD_PROPERTY`), an anchor
    /// of the audit chain that `parkreg check --anchor` compares; and the
    /// digest of its content (`CONTENT_DIGEST_PROPERTY`), by which a reader
    /// tells whether it was changed after export.
    pub fn create(sheets: Vec<Sheet>, path: &Path, head: Option<&Head>) -> Result<XlsxSink> {
        let mut sink = XlsxSink {
            book: Workbook::new(),
            formats: formats(),
            path: path.to_path_buf(),
            rows: Vec::new(),
            current: (0..sheets.len()).collect(),
            tables: Vec::new(),
            rows_per_sheet: EXCEL_ROWS,
            head: head.map(ToString::to_string),
            digest: ContentDigest::new(sheets.iter().map(|s| s.name)),
        };
        sink.start(sheets).map_err(failed(path))?;
        Ok(sink)
    }

    fn start(&mut self, sheets: Vec<Sheet>) -> Result<(), XlsxError> {
        // Deflate's fastest level: the workbook is made in a third of the
        // time for files about a quarter larger.
        self.book.set_zip_compression_level(1);
        self.book
            .set_default_format(&plain(), PLAIN_ROW_HEIGHT, PLAIN_COLUMN_WIDTH)?;
        self.tables = sheets;
        for i in 0..self.tables.len() {
            self.add_sheet(i, self.tables[i].name.to_string())?;
            let header: Vec<Cell> = (self.tables[i].columns.iter())
                .map(|c| Cell::from(c.header))
                .collect();
            self.digest.written(i, &header);
        }
        Ok(())
    }

    /// Adds a worksheet called `name` for table `i`, its header written.
    fn add_sheet(&mut self, i: usize, name: String) -> Result<(), XlsxError> {
        let table = &self.tables[i];
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet.set_column_width(c as u16, column.width)?;
            sheet.write_string_with_format(0, c as u16, column.header, &self.formats.header)?;
        }
        sheet.set_freeze_panes(1, u16::from(table.form))?;
        sheet.set_paper_size(A4);
        sheet.set_landscape();
        // The summary and the statistics table on one page each; the
        // lists one page wide.
        let one_page = i == 0 || table.form;
        sheet.set_print_fit_to_pages(1, u16::from(one_page));
        self.rows.push(Rows {
            next: 1,
            columns: table.columns.len() as u16,
            filtered: !table.form,
        });
        Ok(())
    }

    /// The worksheet table `i`'s next row goes to, continuing it on a new
    /// sheet when the current one is full.
    fn sheet_for(&mut self, i: usize) -> Result<usize, XlsxError> {
        if self.rows[self.current[i]].next == self.rows_per_sheet {
            let part = self.rows.len() - self.tables.len() + 2;
            let name = format!("{}（续{part}）", self.tables[i].name);
            self.add_sheet(i, name)?;
            self.current[i] = self.rows.len() - 1;
        }
        Ok(self.current[i])
    }

    fn write_row(&mut self, table: usize, cells: &[Cell]) -> Result<(), XlsxError> {
        self.digest.written(table, cells);
        let index = self.sheet_for(table)?;
        let r = self.rows[index].next;
        self.rows[index].next += 1;
        let f = &self.formats;
        let sheet = self.book.worksheet_from_index(index)?;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, c, s)?;
                }
                Cell::Int(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                Cell::Date(d) => {
                    let date =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, c, &date, &f.date)?;
                }
                // The one place money becomes a float: Excel stores numbers so.
                Cell::Money(fen) => {
                    sheet.write_number_with_format(r, c, *fen as f64 / 100.0, &f.money)?;
                }
                Cell::Rate(Some(rate)) => {
                    sheet.write_number_with_format(r, c, *rate, &f.rate)?;
                }
                Cell::Tenths(n) => {
                    sheet.write_number_with_format(r, c, *n as f64 / 10.0, &f.tenths)?;
                }
                Cell::Rate(None) => {
                    sheet.write_string(r, c, "—")?;
                }
                Cell::Empty => {}
            }
        }
        Ok(())
    }

    /// Adds the filters and saves the workbook.
    pub fn finish(self) -> Result<()> {
        let path = self.path.clone();
        self.save().map_err(failed(&path))
    }

    fn save(mut self) -> Result<(), XlsxError> {
        let digest = self.digest.finish();
        let mut props =
            DocProperties::new().set_custom_property(CONTENT_DIGEST_PROPERTY, digest.as_str());
        if let Some(head) = &self.head {
            props = props.set_custom_property(AUDIT_HEAD_PROPERTY, head.as_str());
        }
        self.book.set_properties(&props);
        for (i, rows) in self.rows.iter().enumerate().filter(|(_, r)| r.filtered) {
            self.book.worksheet_from_index(i)?.autofilter(
                0,
                0,
                rows.next - 1,
                rows.columns.saturating_sub(1),
            )?;
        }
        let file = std::fs::File::create(&self.path)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        self.book.save_to_writer(&mut out)?;
        out.flush()?;
        Ok(())
    }
}

impl Sink for XlsxSink {
    fn row(&mut self, sheet: usize, cells: &[Cell]) -> Result<()> {
        let path = self.path.clone();
        self.write_row(sheet, cells).map_err(failed(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::workbook::Column;
    use calamine::{open_workbook, DataType, Reader, Xlsx};

    /// A table past a sheet's rows continues on sheets of its own, added
    /// last, each with the header; no row lost or repeated.
    #[test]
    fn a_long_table_continues_on_further_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.xlsx");
        let table = |name| Sheet {
            name,
            form: false,
            columns: vec![Column {
                header: "编号",
                width: 8.0,
            }],
        };
        // Cases: (rows of the long table, the sheets expected with their rows).
        // Five rows a sheet: the header and four.
        let cases: [(i64, &[(&str, usize)]); 3] = [
            (4, &[("短", 2), ("长", 5)]),
            (5, &[("短", 2), ("长", 5), ("长（续2）", 2)]),
            (
                9,
                &[("短", 2), ("长", 5), ("长（续2）", 5), ("长（续3）", 2)],
            ),
        ];
        for (n, expected) in cases {
            let mut sink = XlsxSink::create(vec![table("短"), table("长")], &path, None).unwrap();
            sink.rows_per_sheet = 5;
            sink.row(0, &[Cell::Int(0)]).unwrap();
            for i in 1..=n {
                sink.row(1, &[Cell::Int(i)]).unwrap();
            }
            sink.finish().unwrap();
            let mut book: Xlsx<_> = open_workbook(&path).unwrap();
            let names = book.sheet_names();
            let got: Vec<(String, usize)> = names
                .iter()
                .map(|s| (s.clone(), book.worksheet_range(s).unwrap().height()))
                .collect();
            let want: Vec<(String, usize)> =
                expected.iter().map(|&(s, r)| (s.to_string(), r)).collect();
            assert_eq!(got, want, "{n} rows");
            let numbers: Vec<f64> = names[1..]
                .iter()
                .flat_map(|s| {
                    let range = book.worksheet_range(s).unwrap();
                    assert_eq!(range.get((0, 0)).unwrap().to_string(), "编号");
                    range
                        .rows()
                        .skip(1)
                        .map(|r| r[0].get_float().unwrap())
                        .collect::<Vec<_>>()
                })
                .collect();
            assert_eq!(numbers, (1..=n).map(|i| i as f64).collect::<Vec<_>>());
        }
    }
}
