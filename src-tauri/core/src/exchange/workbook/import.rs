//! Importing units from a sheet like the workbook's `单位` sheet (xlsx or
//! UTF-8 CSV): columns matched by header in any order, every problem
//! reported by row and column, and a plan of what would be added and
//! updated. Nothing is applied unless the whole sheet is clean.

use super::columns::{field_of, header_of, Field};
use crate::error::{Error, Result};
use crate::model::dates::{date_from_parts, parse_date};
use crate::model::labels::{parse_ownership, parse_stage, parse_unit_kind, parse_yes_no};
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::validate;
use calamine::{open_workbook, DataRef, DataType, Reader, Xlsx, XlsxError};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Room for this program's own export of `MAX_ROWS` units (about 220 bytes
/// a unit), while refusing what no registry sheet could be.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_ROWS: usize = 200_000;
pub const MAX_CELL_CHARS: usize = 1_000;
/// Far more than the workbook's sheet has (Excel allows 16,384).
pub const MAX_COLUMNS: usize = 1_000;
const EXCEL_MAX_ROWS: usize = 1_048_576;
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

/// The rows of the sheet to import, each as long as its last cell; the
/// first that is not empty is the header.
pub struct Sheet {
    pub rows: Vec<Vec<Raw>>,
}

fn file_error(path: &Path, message: impl Into<String>) -> Error {
    Error::File {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Reads the sheet to import, refusing files it cannot read faithfully.
pub fn read_sheet(path: &Path) -> Result<Sheet> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() == 0 {
        return Err(file_error(path, "文件是空的"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(file_error(
            path,
            format!(
                "文件过大（{} MB），最多 {} MB",
                meta.len() / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
    if ext == "xls" || bytes.starts_with(OLE) {
        return Err(file_error(
            path,
            "这是旧版 Excel 文件（.xls）：请在 Excel 或 WPS 中“另存为”.xlsx 格式后再导入",
        ));
    }
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            if !bytes.starts_with(b"PK\x03\x04") {
                return Err(file_error(path, "文件名是 .xlsx，但内容不是 Excel 工作簿"));
            }
            read_xlsx(path)
        }
        "csv" => read_csv(path, &bytes),
        _ => Err(file_error(path, "只能导入 .xlsx 工作簿或 .csv 文件")),
    }
}

fn read_xlsx(path: &Path) -> Result<Sheet> {
    // The reader is a third-party parser of a complex format: whatever a
    // hostile file makes it do, the clerk gets an error, never a crash.
    std::panic::catch_unwind(|| read_xlsx_unguarded(path))
        .unwrap_or_else(|_| Err(file_error(path, "无法读取工作簿：文件已损坏或格式异常")))
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
fn check_parts(path: &Path) -> Result<()> {
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
        let limit = if name.starts_with("xl/worksheets/") {
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
    check_parts(path)?;
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

fn read_xlsx_unguarded(path: &Path) -> Result<Sheet> {
    check_parts(path)?;
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e| file_error(path, format!("无法读取工作簿：{e}")))?;
    let names = book.sheet_names();
    let name = match names.iter().find(|n| n.trim() == "单位") {
        Some(n) => n.clone(),
        None if names.len() == 1 => names[0].clone(),
        None => {
            return Err(file_error(
                path,
                format!("找不到名为“单位”的工作表（文件中有：{}）", names.join("、")),
            ))
        }
    };
    if let Ok(merged) = book.merge_cells_by_sheet_name(&name) {
        if let Some(m) = merged.first() {
            return Err(file_error(
                path,
                format!(
                    "第 {} 行第 {} 列起有合并单元格：请取消合并、每行只写一个单位后再导入",
                    m.start.0 + 1,
                    m.start.1 + 1
                ),
            ));
        }
    }
    // Values and formulas in one pass over the sheet's cells.
    let unreadable = |e: XlsxError| file_error(path, format!("无法读取工作表“{name}”：{e}"));
    let mut cells = match book.worksheet_cells_reader(&name) {
        Ok(cells) => cells,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Sheet { rows: Vec::new() }),
        Err(e) => return Err(unreadable(e)),
    };
    let mut rows: Vec<Vec<Raw>> = Vec::new();
    let mut held = Limit::default();
    while let Some(cell) = cells.next_cell_with_formula().map_err(unreadable)? {
        let (r, c) = (cell.pos.0 as usize, cell.pos.1 as usize);
        let at = || format!("第 {} 行第 {} 列", r + 1, c + 1);
        if let Some(f) = cell.formula.filter(|f| !f.is_empty()) {
            return Err(file_error(
                path,
                format!("{}是公式（={f}）：请复制后“选择性粘贴为数值”再导入", at()),
            ));
        }
        if cell.value == DataRef::Empty {
            continue;
        }
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
        held.cell(r)
            .map_err(|m| file_error(path, format!("{}：{m}", at())))?;
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, Raw::Empty);
        }
        row[c] = raw_of(cell.value);
    }
    Ok(Sheet { rows })
}

/// What a sheet being read holds so far, refused past the limits.
#[derive(Default)]
struct Limit {
    cells: usize,
    rows: usize,
    last_row: Option<usize>,
}

impl Limit {
    /// Counts a cell with content in row `r` (0-based; rows in order).
    fn cell(&mut self, r: usize) -> Result<(), String> {
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

fn raw_of(d: DataRef) -> Raw {
    let text = |s: &str| {
        if s.trim().is_empty() {
            Raw::Empty
        } else {
            Raw::Text(s.to_string())
        }
    };
    match &d {
        DataRef::Empty => Raw::Empty,
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Int(n) => Raw::Number(*n as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) => d
            .as_date()
            .map_or(Raw::Error("无法识别的日期".into()), Raw::Date),
        DataRef::DurationIso(s) => Raw::Text(s.clone()),
        DataRef::Error(e) => Raw::Error(format!("单元格错误 {e}")),
    }
}

fn read_csv(path: &Path, bytes: &[u8]) -> Result<Sheet> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        file_error(
            path,
            "文件不是 UTF-8 编码（Excel 默认另存的 CSV 是 GBK）：请在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”，或在 WPS 中选择 UTF-8 编码后再导入",
        )
    })?;
    let rows = parse_csv(text).map_err(|m| file_error(path, m))?;
    Ok(Sheet {
        rows: rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|f| {
                        if f.trim().is_empty() {
                            Raw::Empty
                        } else {
                            Raw::Text(f)
                        }
                    })
                    .collect()
            })
            .collect(),
    })
}

/// RFC 4180 fields: commas, double quotes, CRLF or LF line ends.
/// Limits apply while reading: lines as Excel allows, rows and cells with
/// content as `Limit` does; an empty line holds nothing.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut held = Limit::default();
    let mut end_row = |rows: &mut Vec<Vec<String>>, mut row: Vec<String>, line: usize| {
        if row.iter().all(|f| f.trim().is_empty()) {
            row = Vec::new();
        }
        for _ in row.iter().filter(|f| !f.trim().is_empty()) {
            held.cell(rows.len())
                .map_err(|m| format!("第 {line} 行：{m}"))?;
        }
        if rows.len() >= EXCEL_MAX_ROWS {
            return Err(format!(
                "第 {line} 行：超出 Excel 的行数上限（{EXCEL_MAX_ROWS} 行），文件异常"
            ));
        }
        rows.push(row);
        Ok(())
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            // A line ends at LF, CRLF, or (old Mac files) a lone CR.
            (false, '\n' | '\r') => {
                row.push(std::mem::take(&mut field));
                end_row(&mut rows, std::mem::take(&mut row), line)?;
                line += 1;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("第 {line} 行的引号没有闭合"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        end_row(&mut rows, row, line)?;
    }
    Ok(rows)
}

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

/// The values one row gives; `None` where its column is absent or empty.
#[derive(Default)]
struct RowValues {
    name: Option<String>,
    kind: Option<UnitKind>,
    ownership: Option<Ownership>,
    wholly_owned: Option<bool>,
    legal_rep_member: Option<bool>,
    legal_rep_secretary: Option<bool>,
    stage: Option<Stage>,
    credit_code: Option<String>,
    employees: Option<u32>,
    full_members: Option<u32>,
    probationary_members: Option<u32>,
    town: Option<String>,
    village: Option<String>,
    key_project: Option<bool>,
    commissioner: Option<String>,
    instructor: Option<String>,
    started_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
}

struct RowReader<'a> {
    row: usize,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    fn problem(&mut self, field: Field, message: impl Into<String>) {
        self.problems.push(Problem::new(
            format!("第 {} 行", self.row),
            format!("“{}”列", header_of(field)),
            message,
        ));
    }

    fn text(&mut self, field: Field, raw: &Raw) -> Option<String> {
        let text = match raw {
            Raw::Empty => return None,
            Raw::Text(s) => s.trim().to_string(),
            Raw::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Raw::Number(n) => n.to_string(),
            Raw::Date(d) => d.to_string(),
            Raw::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
            Raw::Error(e) => {
                self.problem(field, e.clone());
                return None;
            }
        };
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            self.problem(
                field,
                format!("内容过长（{chars} 个字符，最多 {MAX_CELL_CHARS} 个）"),
            );
            return None;
        }
        (!text.is_empty()).then_some(text)
    }

    fn count(&mut self, field: Field, raw: &Raw) -> Option<u32> {
        let n = match raw {
            Raw::Empty => return None,
            Raw::Number(n) => *n,
            Raw::Text(s) => match s.trim().parse::<f64>() {
                Ok(n) => n,
                Err(_) => {
                    let shown: String = s.chars().take(20).collect();
                    self.problem(field, format!("“{shown}”不是人数：应为 0 或正整数"));
                    return None;
                }
            },
            other => {
                self.problem(field, format!("应为 0 或正整数，实为 {other:?}"));
                return None;
            }
        };
        if n < 0.0 {
            self.problem(field, format!("不能为负数，实为 {n}"));
            None
        } else if n.fract() != 0.0 || n > u32::MAX as f64 {
            self.problem(field, format!("应为整数，实为 {n}"));
            None
        } else {
            Some(n as u32)
        }
    }

    fn date(&mut self, field: Field, raw: &Raw) -> Option<NaiveDate> {
        match raw {
            Raw::Empty => None,
            Raw::Date(d) => Some(*d),
            Raw::Text(s) => parse_sheet_date(s.trim())
                .map_err(|m| self.problem(field, m))
                .ok(),
            Raw::Number(n) => {
                self.problem(
                    field,
                    format!("{n} 不是日期：请把单元格设为日期格式，或写作 2013-01-01"),
                );
                None
            }
            other => {
                self.problem(field, format!("不是日期：{other:?}"));
                None
            }
        }
    }

    fn code<T>(
        &mut self,
        field: Field,
        raw: &Raw,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        let text = self.text(field, raw)?;
        let value = parse(&text);
        if value.is_none() {
            self.problem(field, format!("“{text}”不是允许的值（{allowed}）"));
        }
        value
    }
}

/// A date as clerks write it: ISO `2013-01-01` or `2013年1月1日`.
fn parse_sheet_date(text: &str) -> Result<NaiveDate, String> {
    if let Some(rest) = text.strip_suffix('日') {
        let parts: Vec<&str> = rest.split(['年', '月']).collect();
        if let [y, m, d] = parts[..] {
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                return date_from_parts(text, y, m, d);
            }
        }
    }
    parse_date(text).map_err(|shaped| {
        if text.len() == 10 && text.as_bytes()[4] == b'-' {
            shaped
        } else {
            format!(
                "日期“{text}”无法识别：请写作 2013-01-01 或 2013年1月1日，或把单元格设为日期格式"
            )
        }
    })
}

fn read_row(
    cells: &[Raw],
    columns: &[(usize, Field)],
    row: usize,
    problems: &mut Vec<Problem>,
) -> RowValues {
    let mut r = RowReader { row, problems };
    let mut v = RowValues::default();
    for &(c, field) in columns {
        let raw = cells.get(c).unwrap_or(&Raw::Empty);
        match field {
            Field::Name => v.name = r.text(field, raw),
            Field::Kind => v.kind = r.code(field, raw, parse_unit_kind, "企业、项目、机关"),
            Field::Ownership => {
                v.ownership = r.code(
                    field,
                    raw,
                    parse_ownership,
                    "私营、港澳台商投资、外商投资、国有、集体、其他",
                )
            }
            Field::WhollyOwned => v.wholly_owned = r.code(field, raw, parse_yes_no, "是、否"),
            Field::LegalRepMember => {
                v.legal_rep_member = r.code(field, raw, parse_yes_no, "是、否")
            }
            Field::LegalRepSecretary => {
                v.legal_rep_secretary = r.code(field, raw, parse_yes_no, "是、否")
            }
            Field::Stage => v.stage = r.code(field, raw, parse_stage, "在建、运营"),
            Field::CreditCode => v.credit_code = r.text(field, raw).map(|s| s.to_ascii_uppercase()),
            Field::Employees => v.employees = r.count(field, raw),
            Field::FullMembers => v.full_members = r.count(field, raw),
            Field::ProbationaryMembers => v.probationary_members = r.count(field, raw),
            Field::Town => v.town = r.text(field, raw),
            Field::Village => v.village = r.text(field, raw),
            Field::KeyProject => v.key_project = r.code(field, raw, parse_yes_no, "是、否"),
            Field::Commissioner => v.commissioner = r.text(field, raw),
            Field::Instructor => v.instructor = r.text(field, raw),
            Field::StartedOn => v.started_on = r.date(field, raw),
            Field::ClosedOn => v.closed_on = r.date(field, raw),
            Field::Id | Field::Status => {}
        }
    }
    v
}

/// Finds (or plans to add) the person of each name the sheet gives.
struct People<'a> {
    reg: &'a mut Registry,
    new: Vec<String>,
    /// Filled on first use: each name's first person, and the last p-number.
    by_name: HashMap<String, String>,
    last: u64,
}

impl People<'_> {
    fn id_of(&mut self, name: &str) -> String {
        if self.by_name.is_empty() {
            for p in self.reg.people.iter().rev() {
                self.by_name.insert(p.name.clone(), p.id.clone());
            }
            self.last = self
                .reg
                .people
                .iter()
                .filter_map(|p| p.id.strip_prefix('p')?.parse::<u64>().ok())
                .max()
                .unwrap_or(0);
        }
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        self.last += 1;
        let id = format!("p{}", self.last);
        self.by_name.insert(name.to_string(), id.clone());
        self.reg.people.push(Person {
            id: id.clone(),
            name: name.to_string(),
            party_member: false,
            phone: None,
            unit_name: None,
        });
        self.new.push(name.to_string());
        id
    }
}

/// Applies the row's values to a unit; returns the headers that changed.
fn apply(u: &mut Unit, v: RowValues, people: &mut People) -> Vec<&'static str> {
    let before = u.clone();
    macro_rules! set {
        ($($field:ident),*) => {$(
            if let Some(x) = v.$field { u.$field = x; }
        )*};
    }
    set!(
        kind,
        ownership,
        stage,
        employees,
        full_members,
        probationary_members,
        key_project,
        wholly_owned,
        legal_rep_member,
        legal_rep_secretary
    );
    macro_rules! set_opt {
        ($($field:ident),*) => {$(
            if let Some(x) = v.$field { u.$field = Some(x); }
        )*};
    }
    set_opt!(credit_code, town, village, started_on, closed_on);
    if let Some(name) = v.name {
        u.name = name;
    }
    if let Some(name) = v.commissioner {
        u.commissioner = Some(people.id_of(&name));
    }
    if let Some(name) = v.instructor {
        u.instructor = Some(people.id_of(&name));
    }
    let mut changed = Vec::new();
    let pairs: [(bool, Field); 18] = [
        (before.name != u.name, Field::Name),
        (before.kind != u.kind, Field::Kind),
        (before.ownership != u.ownership, Field::Ownership),
        (before.wholly_owned != u.wholly_owned, Field::WhollyOwned),
        (
            before.legal_rep_member != u.legal_rep_member,
            Field::LegalRepMember,
        ),
        (
            before.legal_rep_secretary != u.legal_rep_secretary,
            Field::LegalRepSecretary,
        ),
        (before.stage != u.stage, Field::Stage),
        (before.credit_code != u.credit_code, Field::CreditCode),
        (before.employees != u.employees, Field::Employees),
        (before.full_members != u.full_members, Field::FullMembers),
        (
            before.probationary_members != u.probationary_members,
            Field::ProbationaryMembers,
        ),
        (before.town != u.town, Field::Town),
        (before.village != u.village, Field::Village),
        (before.key_project != u.key_project, Field::KeyProject),
        (before.commissioner != u.commissioner, Field::Commissioner),
        (before.instructor != u.instructor, Field::Instructor),
        (before.started_on != u.started_on, Field::StartedOn),
        (before.closed_on != u.closed_on, Field::ClosedOn),
    ];
    for (differs, field) in pairs {
        if differs {
            changed.push(header_of(field));
        }
    }
    changed
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
    let Some(header) = sheet
        .rows
        .iter()
        .position(|r| r.iter().any(|c| *c != Raw::Empty))
    else {
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
    let mut people = People {
        reg: &mut next,
        new: Vec::new(),
        by_name: HashMap::new(),
        last: 0,
    };
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

fn row_number(path: &str) -> usize {
    path.trim_start_matches("第 ")
        .trim_end_matches(" 行")
        .parse()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_size_limits() {
        let dir = tempfile::tempdir().unwrap();
        // Cases: (bytes, what the refusal says). Sparse files of zeros: never
        // a workbook, so the ones within the limit fail further on.
        let cases = [
            (0, "文件是空的"),
            (1, "不是"),
            (MAX_FILE_BYTES, "不是"),
            (MAX_FILE_BYTES + 1, "文件过大（64 MB），最多 64 MB"),
        ];
        for (bytes, says) in cases {
            let path = dir.path().join(format!("{bytes}.xlsx"));
            std::fs::File::create(&path)
                .unwrap()
                .set_len(bytes)
                .unwrap();
            let err = match read_sheet(&path) {
                Ok(_) => panic!("{bytes} bytes read as a sheet"),
                Err(e) => e.to_string(),
            };
            assert!(err.contains(says), "{bytes} bytes: {err}");
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
            match (read_sheet(&path), expected) {
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
