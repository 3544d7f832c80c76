//! Amounts as people type and read them: yuan with up to two decimals in,
//! whole fen inside, "¥2,000.00" out. No floats anywhere.

use crate::model::Fen;

/// Amounts from a trillion yuan up are typing mistakes, not party money.
pub const MAX_FEN: Fen = 100_000_000_000_000;

/// Parses "2000", "2000.5", "2,000.00", "¥2000" into fen; refuses
/// negatives, more than two decimals, and anything that is not a number.
pub fn parse_yuan(text: &str) -> Result<Fen, String> {
    let t = text.trim().trim_start_matches(['¥', '￥']).trim();
    let bad = || format!("金额“{text}”无效：应为元，最多两位小数，例如 2000 或 2,000.50");
    if t.starts_with('-') {
        return Err(format!("金额“{text}”不能为负数"));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits: String = whole.chars().filter(|&c| c != ',').collect();
    let grouped_ok = !whole.contains(',') || {
        let groups: Vec<&str> = whole.split(',').collect();
        (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || !grouped_ok {
        return Err(bad());
    }
    if frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (t.ends_with('.') && frac.is_empty())
    {
        return Err(
            if frac.len() > 2 && frac.bytes().all(|b| b.is_ascii_digit()) {
                format!("金额“{text}”最多两位小数（到分）")
            } else {
                bad()
            },
        );
    }
    let yuan: Fen = digits.parse().map_err(|_| format!("金额“{text}”过大"))?;
    let fen: Fen = format!("{frac:0<2}").parse().expect("two digits");
    yuan.checked_mul(100)
        .and_then(|y| y.checked_add(fen))
        .filter(|&f| f < MAX_FEN)
        .ok_or_else(|| format!("金额“{text}”过大"))
}

/// Fen as yuan with two decimals and thousands separators: ¥2,000.00.
#[must_use]
pub fn yuan(fen: Fen) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{:02}", abs % 100)
}

/// Fen as a plain decimal number of yuan, for data files: -1234.56.
#[must_use]
pub fn plain_yuan(fen: Fen) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        fen.unsigned_abs() / 100,
        fen.unsigned_abs() % 100
    )
}

/// A rate in [0, 1] as a percentage with one decimal, as every page, sheet
/// and report shows it: `83.3%`; a dash over an empty scope.
#[must_use]
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".into(), |r| format!("{:.1}%", r * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let ok = [
            ("2000", 200_000),
            ("2000.5", 200_050),
            ("2,000.00", 200_000),
            ("¥2000", 200_000),
            (" 0.01 ", 1),
            ("100,000", 10_000_000),
            ("1,234,567.89", 123_456_789),
        ];
        for (text, fen) in ok {
            assert_eq!(parse_yuan(text), Ok(fen), "{text}");
        }
        let bad = [
            ("-5", "不能为负数"),
            ("2000.123", "最多两位小数"),
            ("abc", "无效"),
            ("", "无效"),
            ("20,00", "无效"),
            ("1e3", "无效"),
            ("2000.", "无效"),
            ("99999999999999999999", "过大"),
        ];
        for (text, msg) in bad {
            let err = parse_yuan(text).unwrap_err();
            assert!(err.contains(msg), "{text}: {err}");
        }
    }

    #[test]
    fn format_table() {
        for (fen, text) in [
            (0, "¥0.00"),
            (5, "¥0.05"),
            (200_000, "¥2,000.00"),
            (10_000_000, "¥100,000.00"),
            (-123_456, "-¥1,234.56"),
        ] {
            assert_eq!(yuan(fen), text);
        }
        for (fen, text) in [(0, "0.00"), (123_456_789, "1234567.89"), (-5, "-0.05")] {
            assert_eq!(plain_yuan(fen), text);
        }
    }
}
