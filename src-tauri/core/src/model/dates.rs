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

/// A date as a clerk types it in a date box: `2013-06-30`, `2013/6/30`,
/// `2013.6.30` or `2013年6月30日` (month and day of one or two digits,
/// spaces around the parts ignored). The one reading of typed dates: the
/// desktop's forms and its 统计日期 pass through it.
pub fn parse_typed(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let parts: Option<[&str; 3]> = if let Some(rest) = t.strip_suffix('日') {
        let mut it = rest.split(['年', '月']);
        match (it.next(), it.next(), it.next(), it.next()) {
            (Some(y), Some(m), Some(d), None) => Some([y, m, d]),
            _ => None,
        }
    } else {
        [b'-', b'/', b'.']
            .iter()
            .map(|&sep| sep as char)
            .find(|&sep| t.contains(sep))
            .and_then(|sep| {
                let mut it = t.split(sep);
                match (it.next(), it.next(), it.next(), it.next()) {
                    (Some(y), Some(m), Some(d), None) => Some([y, m, d]),
                    _ => None,
                }
            })
    };
    fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
        let s = s.trim();
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().expect("digits"))
    }
    match parts {
        Some([y, m, d]) => match (digits(y, 4..=4), digits(m, 1..=2), digits(d, 1..=2)) {
            (Some(y), Some(m), Some(d)) => date_from_parts(t, y as i32, m, d),
            _ => Err(typed_problem(t)),
        },
        None => Err(typed_problem(t)),
    }
}

fn typed_problem(text: &str) -> String {
    format!("日期“{text}”无法识别：请写作 2013-06-30、2013/6/30、2013.6.30 或 2013年6月30日")
}

/// A typed date written the registry's way (`2013-06-30`) when it reads as
/// one; otherwise the text as typed, left for the form's own check to name.
#[must_use]
pub fn normalise_typed(text: &str) -> String {
    match parse_typed(text) {
        Ok(d) => d.to_string(),
        Err(_) => text.to_string(),
    }
}

/// A date as a Chinese office writes it: 2013年6月30日.
#[must_use]
pub fn date_zh(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_rule_table() {
        let ok = |s: &str| parse_typed(s).map(|d| d.to_string());
        for (typed, want) in [
            ("2013-06-30", Ok("2013-06-30")),
            ("2013/6/30", Ok("2013-06-30")),
            ("2013/06/30", Ok("2013-06-30")),
            ("2013.6.30", Ok("2013-06-30")),
            ("2013年6月30日", Ok("2013-06-30")),
            ("2013年06月30日", Ok("2013-06-30")),
            (" 2012/12/31 ", Ok("2012-12-31")),
            ("2013-6-1", Ok("2013-06-01")),
            ("2013 年 6 月 30 日", Ok("2013-06-30")),
            ("2013/2/30", Err("在日历上不存在")),
            ("2013年13月1日", Err("在日历上不存在")),
            ("1899/12/31", Err("超出范围")),
            ("13/6/30", Err("无法识别")),
            ("2013-06", Err("无法识别")),
            ("2013/6-30", Err("无法识别")),
            ("2013-06-30-1", Err("无法识别")),
            ("2013年6月30", Err("无法识别")),
            ("二〇一三年六月三十日", Err("无法识别")),
            ("2013/006/30", Err("无法识别")),
            ("", Err("无法识别")),
        ] {
            match (ok(typed), want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{typed:?}"),
                (Err(got), Err(part)) => assert!(got.contains(part), "{typed:?}: {got}"),
                (got, want) => panic!("{typed:?}: {got:?}, expected {want:?}"),
            }
        }
        assert_eq!(normalise_typed("2013年6月30日"), "2013-06-30");
        assert_eq!(normalise_typed("明天"), "明天");
    }
}
