//! Reading a sheet from a CSV file in UTF-8 (with or without BOM) or
//! GB18030/GBK (RFC 4180 quoting), within the same bounds as an xlsx sheet.

use super::cells::Limit;
use super::sheet::{file_error, Raw, Sheet, EXCEL_MAX_ROWS};
use crate::error::Result;
use std::borrow::Cow;
use std::path::Path;

pub(super) fn read_csv(path: &Path, bytes: &[u8]) -> Result<Sheet> {
    let text = decode(bytes).map_err(|m| file_error(path, m))?;
    let rows = parse_csv(&text).map_err(|m| file_error(path, m))?;
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

/// The text of a CSV file: UTF-8 after a UTF-8 BOM; else UTF-8 when every
/// byte is (a GBK text of Chinese is almost never valid UTF-8, while
/// UTF-8 is what every program writes when asked); else GB18030, of which
/// GBK and GB2312 are parts (Excel on Chinese Windows saves CSV so).
/// What is neither is refused with the line of the first byte that is not.
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    let line_at = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8（逗号分隔）”后再导入"
                .into(),
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
            format!(
                "文件以 UTF-8 标记开头，但第 {} 行有不是 UTF-8 的字节：请用 Excel 或 WPS 重新另存为 CSV",
                line_at(3 + e.valid_up_to())
            )
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let room = decoder.max_utf8_buffer_length_without_replacement(bytes.len());
    let mut text = String::with_capacity(room.unwrap_or(usize::MAX / 2));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(Cow::Owned(text)),
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(format!(
            "第 {} 行有既不是 UTF-8 也不是 GBK/GB18030 编码的字节：请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入",
            line_at(read - usize::from(bad))
        )),
        // Not while the room is what the decoder asked for.
        encoding_rs::DecoderResult::OutputFull => {
            Err("文件无法解码：请另存为“CSV UTF-8（逗号分隔）”后再导入".into())
        }
    }
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

#[cfg(test)]
mod tests {
    use super::decode;

    /// The encodings a clerk's CSV comes in, and what each is read as.
    #[test]
    fn encoding_is_detected() {
        let header_utf8 = "单位名称,职工人数\n示例铝业,12\n";
        // The same text as Excel on Chinese Windows saves it (GBK): not
        // valid UTF-8.
        let header_gbk: &[u8] = &[
            0xB5, 0xA5, 0xCE, 0xBB, 0xC3, 0xFB, 0xB3, 0xC6, b',', 0xD6, 0xB0, 0xB9, 0xA4, 0xC8,
            0xCB, 0xCA, 0xFD, b'\n', 0xCA, 0xBE, 0xC0, 0xFD, 0xC2, 0xC1, 0xD2, 0xB5, b',', b'1',
            b'2', b'\n',
        ];
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), header_utf8.as_bytes()].concat();
        // 㐀 (U+3400) and 𠀀 (U+20000) are in GB18030 only, four bytes each.
        let gb18030_only: &[u8] = &[b'A', 0x81, 0x39, 0xEE, 0x39, 0x95, 0x32, 0x82, 0x36, b'\n'];
        let bom_then_gbk = [b"\xEF\xBB\xBF".as_slice(), header_gbk].concat();
        // A line of ASCII, then a byte no encoding has in that place.
        let neither: &[u8] = &[b'a', b'\n', b'b', 0xFF, 0xFF, b'\n'];
        let cases: [(&str, &[u8], Result<&str, &str>); 8] = [
            ("UTF-8", header_utf8.as_bytes(), Ok(header_utf8)),
            ("UTF-8 with BOM", &with_bom, Ok(header_utf8)),
            ("GBK", header_gbk, Ok(header_utf8)),
            ("GB18030 four-byte characters", gb18030_only, Ok("A㐀𠀀\n")),
            ("ASCII", b"name\n", Ok("name\n")),
            (
                "UTF-8 BOM, then GBK",
                &bom_then_gbk,
                Err("UTF-8 标记开头，但第 1 行"),
            ),
            (
                "neither",
                neither,
                Err("第 2 行有既不是 UTF-8 也不是 GBK/GB18030"),
            ),
            ("UTF-16", b"\xFF\xFEa\x00", Err("UTF-16")),
        ];
        for (case, bytes, expected) in cases {
            match (decode(bytes), expected) {
                (Ok(text), Ok(want)) => assert_eq!(text, want, "{case}"),
                (Err(e), Err(says)) => assert!(e.contains(says), "{case}: {e}"),
                (got, want) => panic!("{case}: {got:?}, not {want:?}"),
            }
        }
    }
}
