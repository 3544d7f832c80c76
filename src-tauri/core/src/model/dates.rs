//! Dates as the registry holds them: ISO `YYYY-MM-DD`, in the years the
//! workbook can hold.

use chrono::{Datelike, NaiveDate};

/// The years a date or a budget may have: what the workbook (Excel's
/// calendar starts in 1900) and ISO dates of four digits can hold.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Why a year cannot be stored, if it cannot.
#[must_use]
pub fn year_problem(year: i32) -> Option<String> {
    (!YEARS.contains(&year)).then(|| {
        format!(
            "年份 {year} 超出范围：应在 {} 到 {} 年之间",
            YEARS.start(),
            YEARS.end()
        )
    })
}

/// Why a date cannot be stored, if it cannot.
#[must_use]
pub fn date_problem(d: NaiveDate) -> Option<String> {
    year_problem(d.year())
}

/// An ISO date `YYYY-MM-DD` that exists on the calendar.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("日期“{text}”应写作 YYYY-MM-DD，例如 2013-06-30"));
    }
    // Shaped as digits, so each part parses; chrono's format parser is
    // several times slower, and a large registry holds many dates.
    let part = |range: std::ops::Range<usize>| t[range].parse::<u32>().expect("digits");
    date_from_parts(text, part(0..4) as i32, part(5..7), part(8..10))
}

/// The date `text` names by its parts, if the calendar has it and the
/// registry can hold it (`YEARS`).
pub fn date_from_parts(text: &str, y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
    let date =
        NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("日期“{text}”在日历上不存在"))?;
    match date_problem(date) {
        Some(msg) => Err(format!("日期“{text}”：{msg}")),
        None => Ok(date),
    }
}
