//! Reading a sheet from a UTF-8 CSV file (RFC 4180 quoting), within the
//! same bounds as an xlsx sheet.

use super::sheet::{file_error, Limit, Raw, Sheet, EXCEL_MAX_ROWS};
use crate::error::Result;
use std::path::Path;

pub(super) fn read_csv(path: &Path, bytes: &[u8]) -> Result<Sheet> {
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
