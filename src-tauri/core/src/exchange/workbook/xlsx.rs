//! The tables as an .xlsx workbook an office prints as its own: on each
//! sheet a title and a 填报单位 / 截至日期 / 填报日期 / 填表人 line above
//! the header, all three repeated on every printed page, borders, page
//! numbers in the footer, headers that fit their columns, a readable
//! scale; frozen header, filters, real dates written 2013年6月30日, money
//! as yuan numbers, rates as percentages. Columns of ids for machines
//! stay at the end, out of the print area. Each sheet streams its rows to
//! disk (rust_xlsxwriter's constant-memory mode).

use super::digest::{ContentDigest, CONTENT_DIGEST_PROPERTY};
use super::{Cell, Sheet, Sink};
use crate::error::{Error, Result};
use crate::model::Head;
use chrono::Datelike;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use std::io::Write;
use std::path::{Path, PathBuf};

struct Formats {
    title: Format,
    heading: Format,
    header: Format,
    text: Format,
    date: Format,
    money: Format,
    rate: Format,
    tenths: Format,
}

/// Who reports, as of when, filled in when and by whom: the line under
/// each sheet's title, as an office form has it.
pub struct Heading {
    /// 填报单位: the park (or the district).
    pub unit: String,
    pub as_of: chrono::NaiveDate,
    pub filled_on: chrono::NaiveDate,
    /// 填表人: the operator the history records.
    pub by: String,
}

impl Heading {
    /// A park's workbook as of `as_of`, filled in on `filled_on`, by no one
    /// named yet.
    #[must_use]
    pub fn park(
        park: &crate::model::Park,
        as_of: chrono::NaiveDate,
        filled_on: chrono::NaiveDate,
    ) -> Heading {
        Heading {
            unit: park.name.clone(),
            as_of,
            filled_on,
            by: String::new(),
        }
    }

    /// The line's cells as text (one merged cell).
    fn line(&self) -> String {
        let day = |d: chrono::NaiveDate| d.format("%Y年%-m月%-d日").to_string();
        format!(
            "填报单位：{}　　截至日期：{}　　填报日期：{}　　填表人：{}",
            self.unit,
            day(self.as_of),
            day(self.filled_on),
            self.by
        )
    }
}

/// The rows above the data: the title, the heading line, the header.
pub const HEAD_ROWS: u32 = 3;

/// The workbook's default style: the font Chinese Excel starts with, so
/// that plain cells need no style of their own (and cells the clerk adds
/// later match). Its default row height and column width, in pixels.
fn plain() -> Format {
    Format::new().set_font_name("等线").set_font_size(11)
}
const PLAIN_ROW_HEIGHT: u32 = 19;
const PLAIN_COLUMN_WIDTH: u32 = 72;

fn formats() -> Formats {
    let cell = || plain().set_border(FormatBorder::Thin);
    Formats {
        title: plain()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::VerticalCenter),
        heading: plain().set_align(FormatAlign::Left),
        header: cell()
            .set_bold()
            .set_background_color("#F2DCDB")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
        text: cell(),
        date: cell().set_num_format("yyyy\"年\"m\"月\"d\"日\""),
        money: cell().set_num_format("#,##0.00"),
        rate: cell().set_num_format("0.0%"),
        tenths: cell().set_num_format("0.0"),
    }
}

/// A text's width in Excel's character units: a CJK (full-width)
/// character counts two.
#[must_use]
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) < 0x2E80 { 1.0 } else { 2.0 })
        .sum()
}

/// How wide the printed columns may be, in characters, and still print
/// at a readable scale on one landscape A4 page width; wider sheets go on
/// to further pages at `WIDE_SCALE` percent with their first two columns
/// repeated.
const PAGE_WIDTH: f64 = 190.0;
const WIDE_SCALE: u16 = 75;

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
    heading: String,
    /// `EXCEL_ROWS`, smaller in tests.
    rows_per_sheet: u32,
    /// The registry's state, for the metadata.
    head: Option<String>,
    digest: ContentDigest,
}

struct Rows {
    /// The next row to write (the header is row `HEAD_ROWS - 1`).
    next: u32,
    columns: u16,
    /// The columns printed: those before the machines' ids (or as many
    /// as the heading line needs).
    printed: u16,
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
    pub fn create(
        sheets: Vec<Sheet>,
        path: &Path,
        head: Option<&Head>,
        heading: &Heading,
    ) -> Result<XlsxSink> {
        let mut sink = XlsxSink {
            book: Workbook::new(),
            formats: formats(),
            path: path.to_path_buf(),
            rows: Vec::new(),
            current: (0..sheets.len()).collect(),
            tables: Vec::new(),
            heading: heading.line(),
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
            // What a reader sees above the data counts, once a table.
            let table = &self.tables[i];
            let header: Vec<Cell> = table.columns.iter().map(|c| Cell::from(c.header)).collect();
            self.digest.written(i, &[Cell::from(table.title)]);
            self.digest.written(i, &[Cell::from(self.heading.clone())]);
            self.digest.written(i, &header);
        }
        Ok(())
    }

    /// Adds a worksheet called `name` for table `i`: its title, heading
    /// line and header written, its page laid out for printing.
    fn add_sheet(&mut self, i: usize, name: String) -> Result<(), XlsxError> {
        let table = &self.tables[i];
        let f = &self.formats;
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        let printed = table.columns.iter().take_while(|c| !c.machine).count() as u16;
        // The header wraps within its column; its row is as tall as the
        // header of most lines needs, so that none is cut.
        let mut lines = 1.0f64;
        for (c, column) in table.columns.iter().enumerate() {
            let width = column.width.max(text_width(column.header).min(16.0) + 2.0);
            sheet.set_column_width(c as u16, width)?;
            lines = lines.max((text_width(column.header) / (width - 1.0)).ceil());
        }
        // Title and heading from the first cell, not merged: they run on
        // over the empty cells beside them, and a page that repeats the
        // first columns repeats the title with them.
        sheet.set_row_height(0, 28)?;
        sheet.write_string_with_format(0, 0, table.title, &f.title)?;
        sheet.write_string_with_format(1, 0, &self.heading, &f.heading)?;
        sheet.set_row_height(2, 16.0 * lines + 4.0)?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(2, c as u16, column.header, &f.header)?;
        }
        sheet.set_freeze_panes(HEAD_ROWS, u16::from(table.form))?;
        sheet.set_paper_size(A4);
        sheet.set_landscape();
        sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        sheet.set_repeat_rows(0, HEAD_ROWS - 1)?;
        sheet.set_footer("&C第 &P 页，共 &N 页");
        let width: f64 = (table.columns.iter().take(printed as usize))
            .map(|c| c.width)
            .sum();
        if i == 0 || table.form {
            // The summary and the statistics table: one page each.
            sheet.set_print_fit_to_pages(1, 1);
        } else if width <= PAGE_WIDTH {
            sheet.set_print_fit_to_pages(1, 0);
        } else {
            sheet.set_print_scale(WIDE_SCALE);
            sheet.set_repeat_columns(0, 1)?;
        }
        // A table narrower than its heading line prints as wide as the
        // line (the columns past it are empty), so that none of it is cut.
        let mut print_columns = printed.max(1);
        if printed as usize == table.columns.len() {
            let mut wide = width;
            while wide < text_width(&self.heading) {
                wide += PLAIN_COLUMN_WIDTH as f64 / 7.0;
                print_columns += 1;
            }
        }
        self.rows.push(Rows {
            next: HEAD_ROWS,
            columns: table.columns.len() as u16,
            printed: print_columns,
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
                    sheet.write_string_with_format(r, c, s, &f.text)?;
                }
                Cell::Int(n) => {
                    sheet.write_number_with_format(r, c, *n as f64, &f.text)?;
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
                    sheet.write_string_with_format(r, c, "—", &f.text)?;
                }
                Cell::Empty => {
                    sheet.write_blank(r, c, &f.text)?;
                }
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
        for (i, rows) in self.rows.iter().enumerate() {
            let sheet = self.book.worksheet_from_index(i)?;
            if rows.filtered {
                sheet.autofilter(
                    HEAD_ROWS - 1,
                    0,
                    rows.next - 1,
                    rows.columns.saturating_sub(1),
                )?;
            }
            sheet.set_print_area(0, 0, rows.next - 1, rows.printed - 1)?;
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
            title: "表",
            form: false,
            columns: vec![Column {
                header: "编号",
                width: 8.0,
                machine: false,
            }],
        };
        let heading = Heading {
            unit: "园区".into(),
            as_of: chrono::NaiveDate::from_ymd_opt(2013, 6, 30).unwrap(),
            filled_on: chrono::NaiveDate::from_ymd_opt(2013, 7, 1).unwrap(),
            by: "填表人".into(),
        };
        // Cases: (rows of the long table, the sheets expected with their rows).
        // Seven rows a sheet: the title, the heading line, the header and four.
        let cases: [(i64, &[(&str, usize)]); 3] = [
            (4, &[("短", 4), ("长", 7)]),
            (5, &[("短", 4), ("长", 7), ("长（续2）", 4)]),
            (
                9,
                &[("短", 4), ("长", 7), ("长（续2）", 7), ("长（续3）", 4)],
            ),
        ];
        for (n, expected) in cases {
            let mut sink =
                XlsxSink::create(vec![table("短"), table("长")], &path, None, &heading).unwrap();
            sink.rows_per_sheet = HEAD_ROWS + 4;
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
                    assert_eq!(range.get((0, 0)).unwrap().to_string(), "表");
                    assert!(range
                        .get((1, 0))
                        .unwrap()
                        .to_string()
                        .contains("填报单位：园区"));
                    assert_eq!(range.get((2, 0)).unwrap().to_string(), "编号");
                    range
                        .rows()
                        .skip(HEAD_ROWS as usize)
                        .map(|r| r[0].get_float().unwrap())
                        .collect::<Vec<_>>()
                })
                .collect();
            assert_eq!(numbers, (1..=n).map(|i| i as f64).collect::<Vec<_>>());
        }
    }
}
