//! Party dues (党费, DOMAIN.md "Party dues"): the calendar month dues are
//! reckoned in, a member's dues settings over time and the payments. What
//! they amount to and which are allowed is `rules::dues`.

use crate::model::dates::YEARS;
use crate::model::Fen;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar month, written `YYYY-MM` in the document. Dues are owed and
/// paid by the month, so the month, not a date, is their unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    // Field order is the order of months.
    year: i32,
    month: u32,
}

impl Month {
    /// The month, if `month` is 1 to 12 and the calendar holds its first day.
    #[must_use]
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Month { year, month })
    }

    /// The month a date falls in.
    #[must_use]
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// Exactly `YYYY-MM`, in the years the registry holds (`dates::YEARS`).
    pub fn parse(text: &str) -> Result<Month, String> {
        let b = text.as_bytes();
        let shaped = b.len() == 7
            && b[4] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit());
        if !shaped {
            return Err(format!("月份“{text}”应写作 YYYY-MM，例如 2013-06"));
        }
        let year: i32 = text[..4].parse().expect("digits");
        let month: u32 = text[5..].parse().expect("digits");
        if !(1..=12).contains(&month) {
            return Err(format!("月份“{text}”不存在：月应为 01 到 12"));
        }
        if !YEARS.contains(&year) {
            return Err(format!(
                "月份“{text}”超出范围：年份应在 {} 到 {} 之间",
                YEARS.start(),
                YEARS.end()
            ));
        }
        Ok(Month { year, month })
    }

    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 to 12.
    #[must_use]
    pub fn month(self) -> u32 {
        self.month
    }

    /// The month's first day (the calendar's last day past its end).
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MAX)
    }

    /// The month's last day (the calendar's last day past its end).
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        let next = self.next();
        NaiveDate::from_ymd_opt(next.year, next.month, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    #[must_use]
    pub fn next(self) -> Month {
        self.plus(1)
    }

    #[must_use]
    pub fn prev(self) -> Month {
        self.plus(-1)
    }

    /// The month `n` months later (earlier when `n` is negative).
    #[must_use]
    pub fn plus(self, n: i32) -> Month {
        let index = self.index() + i64::from(n);
        Month {
            year: i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX),
            month: u32::try_from(index.rem_euclid(12)).expect("0 to 11") + 1,
        }
    }

    /// How many months from `self` to `later`: 0 for the same month, 1 for
    /// the next, negative when `later` is earlier.
    #[must_use]
    pub fn months_until(self, later: Month) -> i64 {
        later.index() - self.index()
    }

    /// The months from `self` to `last`, both included (none when `last`
    /// is earlier).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        let count = u32::try_from(self.months_until(last) + 1).unwrap_or(0);
        (0..count).map(move |i| self.plus(i32::try_from(i).unwrap_or(i32::MAX)))
    }

    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// How a member's monthly dues are set (中组部 2008 规定 art. 1–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuesCategory {
    /// 在职: a share of the after-tax fixed wage, by bracket.
    Wage,
    /// 离退休: a share of the pension.
    Retired,
    /// 农民: a fixed 0.20 to 1.00 yuan.
    Farmer,
    /// 学生、下岗失业、领取低保: 0.20 yuan.
    Minimal,
    /// 减交: an approved amount.
    Reduced,
    /// 免交: nothing, by approval.
    Exempt,
}

impl DuesCategory {
    pub const ALL: [DuesCategory; 6] = [
        DuesCategory::Wage,
        DuesCategory::Retired,
        DuesCategory::Farmer,
        DuesCategory::Minimal,
        DuesCategory::Reduced,
        DuesCategory::Exempt,
    ];
}

/// A member's dues from `from_month` until the next setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuesSetting {
    pub from_month: Month,
    pub category: DuesCategory,
    /// For `wage` and `retired`: the monthly after-tax fixed wage or pension.
    #[serde(default)]
    pub base_fen: Option<Fen>,
    /// For `farmer` and `reduced`: the monthly amount.
    #[serde(default)]
    pub amount_fen: Option<Fen>,
    /// For `reduced` and `exempt`: the approval's date and document.
    #[serde(default)]
    pub approval: Option<String>,
}

/// A payment of dues for the months `from_month` to `to_month`, or the
/// full reversal of one (`reverses` names it). Append-only, as the ledger:
/// a reversal repeats the original's person, months and amount, and
/// `signed_fen` takes the amount back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuesPayment {
    pub id: String,
    pub person: String,
    pub from_month: Month,
    pub to_month: Month,
    pub amount_fen: Fen,
    pub paid_on: NaiveDate,
    #[serde(default)]
    pub voucher: Option<String>,
    #[serde(default)]
    pub reverses: Option<String>,
}

impl DuesPayment {
    /// What the payment adds to what was collected: its amount, or for a
    /// reversal the amount taken back.
    #[must_use]
    pub fn signed_fen(&self) -> Fen {
        if self.reverses.is_some() {
            -self.amount_fen
        } else {
            self.amount_fen
        }
    }

    /// The months the payment names, in order.
    pub fn months(&self) -> impl Iterator<Item = Month> {
        self.from_month.through(self.to_month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn months_parse_and_print_as_the_document_writes_them() {
        for (text, want) in [
            ("2013-06", Ok("2013-06")),
            ("1900-01", Ok("1900-01")),
            ("9999-12", Ok("9999-12")),
            ("2013-13", Err("不存在")),
            ("2013-00", Err("不存在")),
            ("2013-6", Err("YYYY-MM")),
            ("2013-06-01", Err("YYYY-MM")),
            ("2013/06", Err("YYYY-MM")),
            (" 2013-06", Err("YYYY-MM")),
            ("+013-06", Err("YYYY-MM")),
            ("1899-12", Err("超出范围")),
        ] {
            match (Month::parse(text), want) {
                (Ok(got), Ok(w)) => assert_eq!(got.to_string(), w, "{text:?}"),
                (Err(e), Err(part)) => assert!(e.contains(part), "{text:?}: {e}"),
                (got, want) => panic!("{text:?}: {got:?}, expected {want:?}"),
            }
        }
        let json = serde_json::to_string(&m("2024-02")).unwrap();
        assert_eq!(json, "\"2024-02\"");
        assert_eq!(serde_json::from_str::<Month>(&json).unwrap(), m("2024-02"));
        assert!(serde_json::from_str::<Month>("\"2024-2\"").is_err());
    }

    #[test]
    fn month_arithmetic_across_years() {
        assert_eq!(m("2023-12").next(), m("2024-01"));
        assert_eq!(m("2024-01").prev(), m("2023-12"));
        assert_eq!(m("2024-01").plus(-13), m("2022-12"));
        assert_eq!(m("2024-11").plus(14), m("2026-01"));
        assert_eq!(m("2023-11").months_until(m("2024-02")), 3);
        assert_eq!(m("2024-02").months_until(m("2023-11")), -3);
        assert!(m("2023-12") < m("2024-01") && m("2024-01") < m("2024-02"));
        let through: Vec<String> = m("2023-11")
            .through(m("2024-02"))
            .map(|x| x.to_string())
            .collect();
        assert_eq!(through, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(m("2024-02").through(m("2024-01")).count(), 0);
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(Month::of(d("2024-02-29")), m("2024-02"));
        assert_eq!(m("2024-02").first_day(), d("2024-02-01"));
        assert_eq!(m("2024-02").last_day(), d("2024-02-29"));
        assert_eq!(m("2023-12").last_day(), d("2023-12-31"));
        assert_eq!(Month::new(2024, 13), None);
        assert_eq!(Month::new(2024, 0), None);
    }

    #[test]
    fn categories_and_records_read_the_documents_codes() {
        for (c, code) in DuesCategory::ALL
            .iter()
            .zip(["wage", "retired", "farmer", "minimal", "reduced", "exempt"])
        {
            assert_eq!(crate::model::code_of(c), code);
        }
        let s: DuesSetting =
            serde_json::from_str(r#"{"from_month": "2024-01", "category": "exempt"}"#).unwrap();
        assert_eq!((s.base_fen, s.amount_fen, s.approval), (None, None, None));
        let p = DuesPayment {
            id: "r1".into(),
            person: "p1".into(),
            from_month: m("2024-01"),
            to_month: m("2024-03"),
            amount_fen: 4500,
            paid_on: "2024-03-05".parse().unwrap(),
            voucher: None,
            reverses: Some("d1".into()),
        };
        assert_eq!(p.signed_fen(), -4500);
        assert_eq!(p.months().count(), 3);
        let back: DuesPayment = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
}
