//! The cells of a sheet being read, held within the limits: typed as
//! read (`raw_of`), each row as long as its last cell; an xls or ods
//! sheet read whole through calamine.

use super::sheet::{file_error, Raw, Sheet, EXCEL_MAX_ROWS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use crate::error::Result;
use calamine::{Data, DataType, Reader};
use std::path::Path;

/// The cells of an xls or ods sheet (read whole by calamine), refusing
/// formulas and more cells than the limits allow, like an xlsx sheet's.
pub(super) fn read_range<R: Reader<std::io::BufReader<std::fs::File>>>(
    book: &mut R,
    path: &Path,
    name: &str,
) -> Result<Sheet>
where
    R::Error: std::fmt::Display,
{
    let failed = |e: R::Error| file_error(path, format!("无法读取工作表“{name}”：{e}"));
    let formulas = book.worksheet_formula(name).map_err(failed)?;
    let start = formulas.start().unwrap_or((0, 0));
    if let Some((r, c, f)) = formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
        return Err(file_error(
            path,
            format!(
                "第 {} 行第 {} 列是公式（={f}）：请复制后“选择性粘贴为数值”再导入",
                start.0 as usize + r + 1,
                start.1 as usize + c + 1
            ),
        ));
    }
    let range = book.worksheet_range(name).map_err(failed)?;
    let start = range.start().unwrap_or((0, 0));
    let mut cells = Cells::default();
    for (r, c, value) in range.used_cells() {
        let (r, c) = (start.0 as usize + r, start.1 as usize + c);
        cells.put(path, r, c, raw_of(value.clone()))?;
    }
    Ok(Sheet { rows: cells.rows })
}

/// The rows of a sheet being read, each as long as its last cell.
#[derive(Default)]
pub(super) struct Cells {
    pub(super) rows: Vec<Vec<Raw>>,
    held: Limit,
}

impl Cells {
    /// Puts a cell with content at row `r`, column `c` (0-based, rows in
    /// order), refused past the limits.
    pub(super) fn put(&mut self, path: &Path, r: usize, c: usize, value: Raw) -> Result<()> {
        let at = || format!("第 {} 行第 {} 列", r + 1, c + 1);
        // Each row is as long as its last cell, each sheet as its last row:
        // cells far out must not make them that long.
        if r >= EXCEL_MAX_ROWS {
            return Err(file_error(
                path,
                format!("{}有内容：超出 Excel 的行数上限，文件已损坏", at()),
            ));
        }
        if c >= MAX_COLUMNS {
            return Err(file_error(
                path,
                format!(
                    "{}有内容：工作表最多 {MAX_COLUMNS} 列，请删除右侧多余的内容后再导入",
                    at()
                ),
            ));
        }
        self.held
            .cell(r)
            .map_err(|m| file_error(path, format!("{}：{m}", at())))?;
        if self.rows.len() <= r {
            self.rows.resize(r + 1, Vec::new());
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize(c + 1, Raw::Empty);
        }
        row[c] = value;
        Ok(())
    }
}

/// What a sheet being read holds so far, refused past the limits.
#[derive(Default)]
pub(super) struct Limit {
    cells: usize,
    rows: usize,
    last_row: Option<usize>,
}

impl Limit {
    /// Counts a cell with content in row `r` (0-based; rows in order).
    pub(super) fn cell(&mut self, r: usize) -> Result<(), String> {
        self.cells += 1;
        if self.last_row != Some(r) {
            self.last_row = Some(r);
            self.rows += 1;
        }
        if self.rows > MAX_ROWS + 1 {
            Err(format!("行数过多，最多 {MAX_ROWS} 行数据"))
        } else if self.cells > MAX_CELLS {
            Err(format!("有内容的单元格过多，最多 {MAX_CELLS} 个"))
        } else {
            Ok(())
        }
    }
}

pub(super) fn raw_of(d: Data) -> Raw {
    let text = |s: &str| {
        if s.trim().is_empty() {
            Raw::Empty
        } else {
            Raw::Text(s.to_string())
        }
    };
    match &d {
        Data::Empty => Raw::Empty,
        Data::String(s) => text(s),
        Data::Int(n) => Raw::Number(*n as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(_) | Data::DateTimeIso(_) => d
            .as_date()
            .map_or(Raw::Error("无法识别的日期".into()), Raw::Date),
        Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(format!("单元格错误 {e}")),
    }
}

/// Refuses an xls file whose sheets span more cells than any registry
/// sheet has, before calamine reads it: calamine holds every sheet as a
/// full rectangle from its first to its last cell (and reserves what a
/// sheet's DIMENSIONS record declares), so a few cells far apart, or one
/// false record, would take more memory than the machine has. The BIFF
/// records of the workbook stream are read one by one (each at most
/// 65,535 bytes).
pub(super) fn check_xls_area(path: &Path) -> Result<()> {
    use std::io::Read;
    let damaged = |e: std::io::Error| file_error(path, format!("无法读取工作簿：{e}"));
    let mut book = cfb::open(path).map_err(damaged)?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| book.is_stream(n))
        .ok_or_else(|| file_error(path, "无法读取工作簿：文件中没有 Excel 工作簿的数据"))?;
    let mut stream = std::io::BufReader::new(book.open_stream(name).map_err(damaged)?);
    let too_large = |area: u64| {
        file_error(
            path,
            format!(
                "工作表的范围过大（{area} 个单元格），最多 {MAX_CELLS} 个：文件异常，或请删除远处多余的内容后再导入"
            ),
        )
    };
    let mut span = Span::default();
    let mut depth = 0usize;
    let mut head = [0u8; 4];
    let mut data = Vec::new();
    while stream.read_exact(&mut head).is_ok() {
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        data.resize(len, 0);
        if stream.read_exact(&mut data).is_err() {
            break;
        }
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let u32_at = |i: usize| {
            (data.get(i..i + 4)).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
        };
        match typ {
            // BOF: a sheet (or a chart inside it) begins.
            0x0809 => {
                if depth == 0 {
                    span = Span::default();
                }
                depth += 1;
            }
            // EOF: the sheet's cells span at most this much.
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 && span.area() > MAX_CELLS as u64 {
                    return Err(too_large(span.area()));
                }
            }
            // DIMENSIONS: what calamine reserves room for.
            0x0200 => {
                let (rows, cols) = match len {
                    10 => (u16_at(0).zip(u16_at(2)), u16_at(4).zip(u16_at(6))),
                    _ => (u32_at(0).zip(u32_at(4)), u16_at(8).zip(u16_at(10))),
                };
                if let (Some((rf, rl)), Some((cf, cl))) = (rows, cols) {
                    let area = rl.saturating_sub(rf).saturating_mul(cl.saturating_sub(cf));
                    if area > MAX_CELLS as u64 {
                        return Err(too_large(area));
                    }
                }
            }
            // Records of one cell (or of a run of cells in one row, whose
            // last column is in its last two bytes), row then column.
            0x0006 | 0x00BD | 0x00BE | 0x00D6 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205
            | 0x027E => {
                if let (Some(r), Some(c)) = (u16_at(0), u16_at(2)) {
                    span.add(r, c);
                    if let (0x00BD | 0x00BE, Some(last)) =
                        (typ, len.checked_sub(2).and_then(u16_at))
                    {
                        span.add(r, last);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The rectangle a sheet's cells span.
#[derive(Default)]
struct Span(Option<(u64, u64, u64, u64)>);

impl Span {
    fn add(&mut self, r: u64, c: u64) {
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }

    fn area(&self) -> u64 {
        self.0
            .map_or(0, |(r0, r1, c0, c1)| (r1 - r0 + 1) * (c1 - c0 + 1))
    }
}
