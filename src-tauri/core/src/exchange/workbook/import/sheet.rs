//! Reading a sheet from what clerks have (xlsx, the older xls, ods, CSV)
//! within bounds: an xlsx or ods container checked part by part before
//! anything is inflated, cells typed as read, formulas refused.

use super::cells::{check_xls_area, raw_of, read_range, Cells};
use super::csv::read_csv;
use crate::error::{Error, Result};
use calamine::{open_workbook, Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsx, XlsxError};
use chrono::NaiveDate;
use std::path::Path;

/// A CSV file is read whole: room for `MAX_ROWS` units (about 220 bytes a
/// unit), while refusing what no registry sheet could be.
pub const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;
/// An xlsx file is read part by part, each part checked before it is
/// inflated: room for this program's own export of a district (100,000
/// units with three years of records, about 230 MB).
pub const MAX_XLSX_BYTES: u64 = 1024 * 1024 * 1024;
/// An xls or ods file is read whole (calamine holds every sheet): an xls
/// holds at most 65,536 rows, and an ods of `MAX_ROWS` units is far
/// smaller; each part of an ods is also checked before it is inflated.
pub const MAX_XLS_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_ROWS: usize = 200_000;
pub const MAX_CELL_CHARS: usize = 1_000;
/// Far more than the workbook's sheet has (Excel allows 16,384).
pub const MAX_COLUMNS: usize = 1_000;
pub(super) const EXCEL_MAX_ROWS: usize = 1_048_576;
/// Cells with content a sheet may have: `MAX_ROWS` units of twenty
/// columns. Checked while reading, so that memory stays bounded before the
/// sheet is held whole.
pub const MAX_CELLS: usize = 4_000_000;
/// The uncompressed size of an xlsx part the reader holds whole (shared
/// strings, styles, the workbook's list of sheets)…
pub const MAX_HELD_PART_BYTES: u64 = 256 * 1024 * 1024;
/// …and of a worksheet, which is read as a stream.
pub const MAX_SHEET_PART_BYTES: u64 = 1024 * 1024 * 1024;
/// Parts an xlsx file may have (ours has about a dozen).
const MAX_PARTS: usize = 10_000;

/// A cell as read, before it means anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(String),
}

impl Raw {
    /// The cell as a problem quotes it to the clerk.
    #[must_use]
    pub fn shown(&self) -> String {
        match self {
            Raw::Empty => "空白".into(),
            Raw::Text(s) => format!("“{}”", s.chars().take(20).collect::<String>()),
            Raw::Number(n) => n.to_string(),
            Raw::Date(d) => format!("日期 {d}"),
            Raw::Bool(b) => format!("逻辑值 {}", if *b { "TRUE" } else { "FALSE" }),
            Raw::Error(e) => format!("错误值 {e}"),
        }
    }
}

/// The rows of the sheet to import, each as long as its last cell; the
/// first that is not empty is the header.
pub struct Sheet {
    pub rows: Vec<Vec<Raw>>,
}

pub(super) fn file_error(path: &Path, message: impl Into<String>) -> Error {
    Error::File {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The sheet of units to import (the workbook's `单位`)…
pub const UNITS: &str = "单位";
/// …and the sheet of meeting records (`组织生活`).
pub const MEETINGS: &str = "组织生活";

/// The formats a sheet is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

/// Reads the sheet called `name` (or a workbook's only sheet, or a CSV
/// file in UTF-8 or GB18030/GBK) to import, refusing files it cannot
/// read faithfully.
pub fn read_sheet(path: &Path, name: &str) -> Result<Sheet> {
    match checked_kind(path)? {
        Format::Xlsx => read_xlsx(path, name),
        Format::Xls => guarded(path, || {
            check_xls_area(path)?;
            let mut book: Xls<_> = open_workbook(path).map_err(|e| unreadable(path, e))?;
            let name = pick_sheet(path, book.sheet_names(), name)?;
            let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
            let sheet = read_range(&mut book, path, &name)?;
            refuse_merged_in_table(path, &sheet, &merged)?;
            Ok(sheet)
        }),
        Format::Ods => guarded(path, || {
            check_parts(path, |_| false)?;
            let mut book: Ods<_> = open_workbook(path).map_err(|e| unreadable(path, e))?;
            let name = pick_sheet(path, book.sheet_names(), name)?;
            read_range(&mut book, path, &name)
        }),
        Format::Csv => {
            let bytes = std::fs::read(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            read_csv(path, &bytes)
        }
    }
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> Error {
    file_error(path, format!("无法读取工作簿：{e}"))
}

/// The reader is a third-party parser of complex formats: whatever a
/// hostile file makes it do, the clerk gets an error, never a crash.
fn guarded(path: &Path, read: impl FnOnce() -> Result<Sheet>) -> Result<Sheet> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(damaged(path)))
}

/// The sheet called `wanted`, else a workbook's only sheet.
fn pick_sheet(path: &Path, names: Vec<String>, wanted: &str) -> Result<String> {
    match names.iter().find(|n| n.trim() == wanted) {
        Some(n) => Ok(n.clone()),
        None if names.len() == 1 => Ok(names[0].clone()),
        None => Err(file_error(
            path,
            format!(
                "找不到名为“{wanted}”的工作表（文件中有：{}）",
                names.join("、")
            ),
        )),
    }
}

/// A title merged across the columns above the header is a title; a
/// merged cell in the table would hide which row a value belongs to.
fn refuse_merged_in_table(path: &Path, sheet: &Sheet, merged: &[Dimensions]) -> Result<()> {
    let header = header_row(&sheet.rows).unwrap_or(0);
    match merged.iter().find(|m| m.end.0 as usize >= header) {
        Some(m) => Err(file_error(
            path,
            format!(
                "第 {} 行第 {} 列起有合并单元格：请取消合并、每行只写一条记录后再导入",
                m.start.0 + 1,
                m.start.1 + 1
            ),
        )),
        None => Ok(()),
    }
}

/// Every sheet of an xlsx workbook in workbook order, each with its name,
/// read within the same bounds as one sheet to import. Merged cells are
/// read as their first cell's value, not refused: finding them costs a
/// second pass over each sheet, and a whole workbook is read to be checked
/// against its own figures, not imported.
pub fn read_book(path: &Path) -> Result<Vec<(String, Sheet)>> {
    let other = match checked_kind(path)? {
        Format::Xlsx => None,
        Format::Csv => Some("CSV 文件"),
        Format::Xls => Some("旧版 Excel 文件（.xls）"),
        Format::Ods => Some("OpenDocument 表格（.ods）"),
    };
    if let Some(other) = other {
        return Err(file_error(
            path,
            format!("这是{other}，不是园区导出的 Excel 工作簿（.xlsx）"),
        ));
    }
    std::panic::catch_unwind(|| {
        let mut book = open_checked(path)?;
        let names = book.sheet_names();
        names
            .into_iter()
            .map(|n| Ok((n.clone(), read_cells(&mut book, path, &n)?)))
            .collect()
    })
    .unwrap_or_else(|_| Err(damaged(path)))
}

fn damaged(path: &Path) -> Error {
    file_error(path, "无法读取工作簿：文件已损坏或格式异常")
}

/// The file's format by its extension and its first bytes, after refusing
/// what is empty, too large, or not what its name says.
fn checked_kind(path: &Path) -> Result<Format> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() == 0 {
        return Err(file_error(path, "文件是空的"));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let limit = match ext.as_str() {
        "csv" => MAX_CSV_BYTES,
        "xls" | "ods" => MAX_XLS_BYTES,
        _ => MAX_XLSX_BYTES,
    };
    if meta.len() > limit {
        return Err(file_error(
            path,
            format!(
                "文件过大（{} MB），最多 {} MB",
                meta.len() / 1_048_576,
                limit / 1_048_576
            ),
        ));
    }
    let head = file_head(path)?;
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let (zip, ole) = (head.starts_with(b"PK\x03\x04"), head.starts_with(OLE));
    match ext.as_str() {
        "xlsx" | "xlsm" if zip => Ok(Format::Xlsx),
        // An encrypted xlsx is an OLE container too: calamine says so.
        "xlsx" | "xlsm" if ole => Err(file_error(
            path,
            "文件名是 .xlsx，但内容是旧版 .xls 或加密的工作簿：请在 Excel 或 WPS 中取消密码、“另存为”.xlsx 后再导入",
        )),
        "xls" if ole => Ok(Format::Xls),
        "ods" if zip => Ok(Format::Ods),
        "csv" if zip || ole => Err(file_error(
            path,
            "文件名是 .csv，但内容是 Excel 工作簿：请把扩展名改回 .xlsx 或 .xls",
        )),
        "csv" => Ok(Format::Csv),
        "xlsx" | "xlsm" | "xls" => Err(file_error(
            path,
            format!("文件名是 .{ext}，但内容不是 Excel 工作簿（可能是网页或文本文件改了扩展名）：请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入"),
        )),
        "ods" => Err(file_error(
            path,
            "文件名是 .ods，但内容不是 OpenDocument 表格：请在 WPS 或 LibreOffice 中打开，“另存为”.xlsx 后再导入",
        )),
        _ => Err(file_error(
            path,
            "只能导入 .xlsx、.xls、.ods 工作簿或 .csv 文件",
        )),
    }
}

/// The file's first bytes, enough to tell its format.
fn file_head(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(8);
    std::fs::File::open(path)
        .and_then(|f| f.take(8).read_to_end(&mut head))
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(head)
}

fn read_xlsx(path: &Path, wanted: &str) -> Result<Sheet> {
    guarded(path, || read_xlsx_unguarded(path, wanted))
}

/// An xlsx file's container, to read parts of.
fn open_zip(path: &Path) -> Result<zip::ZipArchive<std::io::BufReader<std::fs::File>>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| file_error(path, format!("无法读取工作簿：{e}")))
}

/// Refuses an xlsx file whose parts would take more memory or time than
/// any registry sheet needs (a zip bomb), before calamine reads any: the
/// sizes the container declares, and for the parts calamine holds whole,
/// the bytes they really inflate to.
fn check_parts(path: &Path, streamed: fn(&str) -> bool) -> Result<()> {
    let mut zip = open_zip(path)?;
    if zip.len() > MAX_PARTS {
        return Err(file_error(
            path,
            format!("工作簿中的部件过多（{} 个）：文件异常", zip.len()),
        ));
    }
    let too_large = |name: &str, limit: u64| {
        file_error(
            path,
            format!(
                "工作簿部件 {name} 解压后超过 {} MB：文件异常（可能是“压缩炸弹”），未导入",
                limit >> 20
            ),
        )
    };
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| file_error(path, format!("无法读取工作簿：{e}")))?;
        let name = part.name().map(String::from).unwrap_or_default();
        let limit = if streamed(&name) {
            MAX_SHEET_PART_BYTES
        } else {
            MAX_HELD_PART_BYTES
        };
        if part.size() > limit {
            return Err(too_large(&name, limit));
        }
        if limit == MAX_HELD_PART_BYTES {
            // What a part declares is not proof: inflate it, counting.
            let inflated = std::io::copy(
                &mut std::io::Read::take(&mut part, limit + 1),
                &mut std::io::sink(),
            )
            .map_err(|e| file_error(path, format!("无法读取工作簿部件 {name}：{e}")))?;
            if inflated > limit {
                return Err(too_large(&name, limit));
            }
        }
    }
    Ok(())
}

/// The text of custom property `name` in an xlsx file's metadata
/// (`docProps/custom.xml`), if it has one. Only read, never written.
pub fn custom_property(path: &Path, name: &str) -> Result<Option<String>> {
    check_parts(path, xlsx_streamed)?;
    let mut zip = open_zip(path)?;
    let Ok(mut part) = zip.by_name("docProps/custom.xml") else {
        return Ok(None);
    };
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut part, &mut xml)
        .map_err(|e| file_error(path, format!("无法读取工作簿的属性：{e}")))?;
    let value = xml
        .split("<property ")
        .find(|p| p.contains(&format!("name=\"{name}\"")))
        .and_then(|p| {
            let start = p.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
            let end = p[start..].find("</vt:lpwstr>")?;
            Some(p[start..start + end].to_string())
        });
    Ok(value)
}

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

/// An xlsx file's worksheets are read as a stream; every other part is
/// held whole.
fn xlsx_streamed(name: &str) -> bool {
    name.starts_with("xl/worksheets/")
}

/// The workbook, its parts checked first (`check_parts`).
fn open_checked(path: &Path) -> Result<Book> {
    check_parts(path, xlsx_streamed)?;
    open_workbook(path).map_err(|e| unreadable(path, e))
}

fn read_xlsx_unguarded(path: &Path, wanted: &str) -> Result<Sheet> {
    let mut book = open_checked(path)?;
    let name = pick_sheet(path, book.sheet_names(), wanted)?;
    let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
    let sheet = read_cells(&mut book, path, &name)?;
    refuse_merged_in_table(path, &sheet, &merged)?;
    Ok(sheet)
}

/// The cells of the sheet called `name`, refusing formulas and more cells
/// than the limits allow.
fn read_cells(book: &mut Book, path: &Path, name: &str) -> Result<Sheet> {
    // Values and formulas in one pass over the sheet's cells.
    let unreadable = |e: XlsxError| file_error(path, format!("无法读取工作表“{name}”：{e}"));
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Sheet { rows: Vec::new() }),
        Err(e) => return Err(unreadable(e)),
    };
    let mut held = Cells::default();
    while let Some(cell) = cells.next_cell_with_formula().map_err(unreadable)? {
        let (r, c) = (cell.pos.0 as usize, cell.pos.1 as usize);
        if let Some(f) = cell.formula.filter(|f| !f.is_empty()) {
            return Err(file_error(
                path,
                format!(
                    "第 {} 行第 {} 列是公式（={f}）：请复制后“选择性粘贴为数值”再导入",
                    r + 1,
                    c + 1
                ),
            ));
        }
        if cell.value == DataRef::Empty {
            continue;
        }
        held.put(path, r, c, raw_of(Data::from(cell.value)))?;
    }
    Ok(Sheet { rows: held.rows })
}

/// The header's row in a sheet: the first row of two or more cells, past
/// the title lines above a table (a title, a 填报单位 line, as offices
/// and this program's own export put them), else the first row that is
/// not empty.
#[must_use]
pub fn header_row(rows: &[Vec<Raw>]) -> Option<usize> {
    let filled = |r: &Vec<Raw>| r.iter().filter(|c| **c != Raw::Empty).count();
    rows.iter()
        .position(|r| filled(r) >= 2)
        .or_else(|| rows.iter().position(|r| filled(r) > 0))
}
