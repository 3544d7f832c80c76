//! The registry document (`parkreg/3`; `parkreg/2` still reads, and
//! `parkreg/1`, its `non_public` ownership as `private`): the whole registry as one JSON
//! document. Reading collects every problem with its JSON path instead of
//! stopping at the first, so a clerk can fix a file in one pass.

use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::validate;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

mod reader;

use reader::Reader;

pub const FORMAT: &str = "parkreg/3";
/// The second round's format: the same without the roster's fields.
pub const FORMAT_2: &str = "parkreg/2";
/// The first round's format: the second's but for ownership.
pub const FORMAT_1: &str = "parkreg/1";

/// Larger documents are refused before they are read: a district's
/// 100,000 units make about 60 MB.
pub const MAX_DOCUMENT_BYTES: u64 = 512 * 1024 * 1024;

/// Reads a registry document file, refusing one too large or not UTF-8.
pub fn read_file(path: &std::path::Path) -> Result<String, crate::Error> {
    let io = |source| crate::Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_DOCUMENT_BYTES {
        return Err(crate::Error::File {
            path: path.to_path_buf(),
            message: format!(
                "文件过大（{} MB），最多 {} MB",
                size >> 20,
                MAX_DOCUMENT_BYTES >> 20
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|_| crate::Error::File {
        path: path.to_path_buf(),
        message: "不是 UTF-8 编码的登记簿文件".into(),
    })
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    #[serde(flatten)]
    registry: &'a Registry,
}

/// The registry as a pretty-printed document.
#[must_use]
pub fn to_json(reg: &Registry) -> String {
    let doc = Document {
        format: FORMAT,
        registry: reg,
    };
    serde_json::to_string_pretty(&doc).expect("the registry serializes") + "\n"
}

/// Reads and checks a document: every input and money rule, with `today`
/// as the latest date an entry may have. All problems or a valid registry.
pub fn from_json(text: &str, today: NaiveDate) -> Result<Registry, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem::new(
            "",
            format!("第 {} 行第 {} 列", e.line(), e.column()),
            format!("不是有效的 JSON：{e}"),
        )]
    })?;
    let mut r = Reader::default();
    let reg = r.registry(&value);
    let mut problems = r.problems;
    // Money is replayed only over well-formed entries, so that a
    // placeholder left by a bad field does not raise false alarms.
    if problems.is_empty() {
        problems.extend(validate::state(&reg, today));
    } else {
        problems.extend(validate::registry(&reg));
    }
    if problems.is_empty() {
        Ok(reg)
    } else {
        Err(problems)
    }
}
