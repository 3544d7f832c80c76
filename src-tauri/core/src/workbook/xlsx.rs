//! The tables as an .xlsx workbook: frozen header row, filters, column
//! widths, real dates, money as yuan numbers, rates as percentages; the
//! summary fits one landscape A4 page. Rows are streamed (constant memory).

use super::{Cell, Table};
use crate::error::{Error, Result};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use std::path::Path;

struct Formats {
    header: Format,
    date: Format,
    money: Format,
    rate: Format,
    text: Format,
}

fn formats() -> Formats {
    let font = |f: Format| f.set_font_name("等线").set_font_size(11);
    Formats {
        header: font(Format::new())
            .set_bold()
            .set_background_color("#F2DCDB")
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        date: font(Format::new()).set_num_format("yyyy-mm-dd"),
        money: font(Format::new()).set_num_format("#,##0.00"),
        rate: font(Format::new()).set_num_format("0.0%"),
        text: font(Format::new()),
    }
}

/// A4 paper in Excel's page setup numbering.
const A4: u8 = 9;

pub fn write_xlsx(tables: &[Table], path: &Path) -> Result<()> {
    write(tables, path).map_err(|e| Error::File {
        path: path.to_path_buf(),
        message: format!("无法写入工作簿：{e}"),
    })
}

fn write(tables: &[Table], path: &Path) -> Result<(), XlsxError> {
    let f = formats();
    let mut book = Workbook::new();
    for (i, table) in tables.iter().enumerate() {
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(table.name)?;
        for (c, column) in table.columns.iter().enumerate() {
            sheet.set_column_width(c as u16, column.width)?;
            sheet.write_string_with_format(0, c as u16, column.header, &f.header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_paper_size(A4);
        if i == 0 {
            sheet.set_landscape();
            sheet.set_print_fit_to_pages(1, 1);
        } else {
            sheet.set_landscape();
            sheet.set_print_fit_to_pages(1, 0);
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string_with_format(r, c, s, &f.text)?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number_with_format(r, c, *n as f64, &f.text)?;
                    }
                    Cell::Date(d) => {
                        let date = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(r, c, &date, &f.date)?;
                    }
                    // The one place money becomes a float: Excel stores numbers so.
                    Cell::Money(fen) => {
                        sheet.write_number_with_format(r, c, *fen as f64 / 100.0, &f.money)?;
                    }
                    Cell::Rate(Some(rate)) => {
                        sheet.write_number_with_format(r, c, *rate, &f.rate)?;
                    }
                    Cell::Rate(None) => {
                        sheet.write_string_with_format(r, c, "—", &f.text)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        let last_col = table.columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    }
    book.save(path)
}
