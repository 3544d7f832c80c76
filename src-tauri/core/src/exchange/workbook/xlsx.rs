//! The tables as an .xlsx workbook: frozen header row, filters, column
//! widths, real dates, money as yuan numbers, rates as percentages; the
//! summary fits one landscape A4 page. Each sheet streams its rows to disk
//! (rust_xlsxwriter's constant-memory mode).

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
    /// Rows written so far per sheet, the header included.
    rows: Vec<u32>,
    columns: Vec<u16>,
    /// Whether each sheet gets a filter (a list does, a form does not).
    filtered: Vec<bool>,
}

/// The workbook's custom property that holds the registry's audit head.
pub const AUDIT_HEAD_PROPERTY: &str = "parkreg.audit_head";

fn failed(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::File {
        path: path.to_path_buf(),
        message: format!("无法写入工作簿：{e}"),
    }
}

impl XlsxSink {
    /// A workbook of `sheets` at `path`; `head`, the registry's state, goes
    /// into its metadata (custom property `AUDIT_HEAD_PROPERTY`), an anchor
    /// of the audit chain that `parkreg check --anchor` compares.
    pub fn create(sheets: &[Sheet], path: &Path, head: Option<&Head>) -> Result<XlsxSink> {
        Self::start(sheets, head)
            .map_err(failed(path))
            .map(|(book, formats)| XlsxSink {
                book,
                formats,
                path: path.to_path_buf(),
                rows: vec![1; sheets.len()],
                columns: sheets.iter().map(|s| s.columns.len() as u16).collect(),
                filtered: sheets.iter().map(|s| !s.form).collect(),
            })
    }

    fn start(sheets: &[Sheet], head: Option<&Head>) -> Result<(Workbook, Formats), XlsxError> {
        let f = formats();
        let mut book = Workbook::new();
        if let Some(head) = head {
            let props = DocProperties::new()
                .set_custom_property(AUDIT_HEAD_PROPERTY, head.to_string().as_str());
            book.set_properties(&props);
        }
        // Deflate's fastest level: the workbook is made in a third of the
        // time for files about a quarter larger.
        book.set_zip_compression_level(1);
        book.set_default_format(&plain(), PLAIN_ROW_HEIGHT, PLAIN_COLUMN_WIDTH)?;
        for (i, table) in sheets.iter().enumerate() {
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name(table.name)?;
            for (c, column) in table.columns.iter().enumerate() {
                sheet.set_column_width(c as u16, column.width)?;
                sheet.write_string_with_format(0, c as u16, column.header, &f.header)?;
            }
            sheet.set_freeze_panes(1, u16::from(table.form))?;
            sheet.set_paper_size(A4);
            sheet.set_landscape();
            // The summary and the statistics table on one page each; the
            // lists one page wide.
            let one_page = i == 0 || table.form;
            sheet.set_print_fit_to_pages(1, u16::from(one_page));
        }
        Ok((book, f))
    }

    fn write_row(&mut self, sheet: usize, cells: &[Cell]) -> Result<(), XlsxError> {
        let f = &self.formats;
        let r = self.rows[sheet];
        let sheet = self.book.worksheet_from_index(sheet)?;
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
    pub fn finish(mut self) -> Result<()> {
        let path = self.path.clone();
        self.save().map_err(failed(&path))
    }

    fn save(&mut self) -> Result<(), XlsxError> {
        for i in (0..self.rows.len()).filter(|&i| self.filtered[i]) {
            let last_row = self.rows[i] - 1;
            let last_col = self.columns[i].saturating_sub(1);
            self.book
                .worksheet_from_index(i)?
                .autofilter(0, 0, last_row, last_col)?;
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
        self.write_row(sheet, cells).map_err(failed(&path))?;
        self.rows[sheet] += 1;
        Ok(())
    }
}
