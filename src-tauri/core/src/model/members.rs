//! The roster (DOMAIN.md "Members"): a person's personal facts and party
//! membership, and what a membership is on a date.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

/// Where the member's 组织关系 is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// 组织关系在本园区.
    #[default]
    Here,
    /// 流入党员: works here, 组织关系 kept outside the park.
    Elsewhere,
}

/// Why a member left: 转出 or one of the ways of 出党.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftReason {
    TransferredOut,
    Withdrew,
    Removed,
    Expelled,
    Died,
}

/// A birth date known to the day or only to the month (花名册 often give
/// 出生年月 only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BirthDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl BirthDate {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(text: &str) -> Result<BirthDate, String> {
        let t = text.trim();
        if t.len() == 7 && t.as_bytes()[4] == b'-' {
            let (y, m) = (t[..4].parse::<i32>(), t[5..].parse::<u32>());
            if let (Ok(year), Ok(month)) = (y, m) {
                if t[..4]
                    .bytes()
                    .chain(t[5..].bytes())
                    .all(|b| b.is_ascii_digit())
                {
                    return crate::model::dates::date_from_parts(t, year, month, 1)
                        .map(|_| BirthDate::Month { year, month });
                }
            }
            return Err(format!("出生年月“{text}”应写作 YYYY-MM 或 YYYY-MM-DD"));
        }
        crate::model::dates::parse_date(t)
            .map(BirthDate::Day)
            .map_err(|_| format!("出生日期“{text}”应写作 YYYY-MM-DD 或 YYYY-MM"))
    }

    /// The first day the birth date can be (the day, or the month's first).
    #[must_use]
    pub fn earliest(self) -> NaiveDate {
        match self {
            BirthDate::Day(d) => d,
            BirthDate::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).expect("checked when made")
            }
        }
    }

    /// Does a full date fall on this birth date (to the month when only
    /// the month is known)?
    #[must_use]
    pub fn agrees_with(self, d: NaiveDate) -> bool {
        match self {
            BirthDate::Day(b) => b == d,
            BirthDate::Month { year, month } => d.year() == year && d.month() == month,
        }
    }
}

impl std::fmt::Display for BirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BirthDate::Day(d) => write!(f, "{d}"),
            BirthDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl Serialize for BirthDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BirthDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        BirthDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A person's party membership (DOMAIN.md "Members", field names as there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// The organization that holds the 组织关系 (for `Elsewhere`: the one
    /// the member takes part in, or none).
    pub org: Option<String>,
    /// The unit the member works in.
    pub unit: Option<String>,
    /// 入党日期: admitted as probationary.
    pub joined_on: NaiveDate,
    /// 转正日期.
    pub full_on: Option<NaiveDate>,
    pub probation_extended_to: Option<NaiveDate>,
    #[serde(default)]
    pub relationship: Relationship,
    /// For `Elsewhere`: when the member began to work here.
    pub arrived_on: Option<NaiveDate>,
    pub lost_contact_on: Option<NaiveDate>,
    pub stopped_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
    pub left_reason: Option<LeftReason>,
    /// Dates known only to the month (read from a 花名册 as the month's
    /// first day): the names of their fields.
    #[serde(default)]
    pub approximate: Vec<String>,
}

/// Where a membership stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Admitted after the date.
    NotYet,
    Probationary,
    Full,
    /// 停止党籍 (and not left).
    Stopped,
    /// 转出 or 出党.
    Left,
}

/// The date fields of a membership whose value may be known only to the month.
pub const APPROXIMATE_FIELDS: [&str; 2] = ["joined_on", "full_on"];

impl Membership {
    /// A probationary member admitted on `joined_on`, 组织关系 here.
    #[must_use]
    pub fn joined(joined_on: NaiveDate) -> Membership {
        Membership {
            org: None,
            unit: None,
            joined_on,
            full_on: None,
            probation_extended_to: None,
            relationship: Relationship::Here,
            arrived_on: None,
            lost_contact_on: None,
            stopped_on: None,
            left_on: None,
            left_reason: None,
            approximate: Vec::new(),
        }
    }

    /// A member at D: admitted by D, neither left nor stopped by D.
    #[must_use]
    pub fn member_at(&self, d: NaiveDate) -> bool {
        self.joined_on <= d
            && self.left_on.is_none_or(|l| l > d)
            && self.stopped_on.is_none_or(|s| s > d)
    }

    /// A full member at D.
    #[must_use]
    pub fn full_at(&self, d: NaiveDate) -> bool {
        self.member_at(d) && self.full_on.is_some_and(|f| f <= d)
    }

    /// A probationary member at D.
    #[must_use]
    pub fn probationary_at(&self, d: NaiveDate) -> bool {
        self.member_at(d) && !self.full_at(d)
    }

    /// Where the membership stands at D.
    #[must_use]
    pub fn status_at(&self, d: NaiveDate) -> MemberStatus {
        if self.joined_on > d {
            MemberStatus::NotYet
        } else if self.left_on.is_some_and(|l| l <= d) {
            MemberStatus::Left
        } else if self.stopped_on.is_some_and(|s| s <= d) {
            MemberStatus::Stopped
        } else if self.full_at(d) {
            MemberStatus::Full
        } else {
            MemberStatus::Probationary
        }
    }

    /// Is this date field known only to the month?
    #[must_use]
    pub fn is_approximate(&self, field: &str) -> bool {
        self.approximate.iter().any(|f| f == field)
    }
}

/// The weights of GB 11643-1999's check character (ISO 7064 MOD 11-2).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// A 公民身份号码 as the registry keeps it: trimmed, a final `x` as `X`.
#[must_use]
pub fn normalise_id_number(text: &str) -> String {
    text.trim().to_ascii_uppercase()
}

/// The birth date and gender an ID number gives, or why it is not one
/// (18 characters, 17 digits and a digit or X, a real birth date, the
/// right check character).
pub fn read_id_number(id: &str) -> Result<(NaiveDate, Gender), String> {
    let b = id.as_bytes();
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17] == b'X')
    {
        return Err(format!(
            "身份证号“{id}”应为 18 位：17 位数字加 1 位数字或 X"
        ));
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum();
    let want = ID_CHECK[(sum % 11) as usize];
    if b[17] != want {
        return Err(format!(
            "身份证号“{id}”的校验位应为 {}，实为 {}：请核对号码",
            want as char, b[17] as char
        ));
    }
    let part = |r: std::ops::Range<usize>| id[r].parse::<u32>().expect("digits");
    let birth = NaiveDate::from_ymd_opt(part(6..10) as i32, part(10..12), part(12..14))
        .ok_or_else(|| format!("身份证号“{id}”第 7–14 位不是有效的出生日期"))?;
    let gender = if part(16..17) % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    Ok((birth, gender))
}

/// An ID number as lists show it: the first 6 and last 4 characters.
#[must_use]
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn id_numbers_rule_table() {
        // GB 11643-1999's own examples (11010519491231002X, 440524188001010014),
        // others whose check characters follow from the weights; the
        // invalid ones change one character of a valid one.
        for (id, want) in [
            ("11010519491231002X", Ok(("1949-12-31", Gender::Female))),
            ("440524188001010014", Ok(("1880-01-01", Gender::Male))),
            ("110101199003074477", Ok(("1990-03-07", Gender::Male))),
            ("110101199003072113", Ok(("1990-03-07", Gender::Male))),
            ("110101199003074478", Err("校验位应为 7")),
            ("110101199003074470", Err("校验位应为 7")),
            ("110105194912310021", Err("校验位应为 X")),
            ("11010119900230447X", Err("第 7–14 位")),
            ("11010119900307447", Err("应为 18 位")),
            ("1101011990030744771", Err("应为 18 位")),
            ("11010119900307447Y", Err("应为 18 位")),
            ("11010519491231002x", Err("应为 18 位")),
            ("1101O5194912310020", Err("应为 18 位")),
        ] {
            match (read_id_number(id), want) {
                (Ok((b, g)), Ok((wb, wg))) => {
                    assert_eq!((b.to_string().as_str(), g), (wb, wg), "{id}")
                }
                (Err(e), Err(part)) => assert!(e.contains(part), "{id}: {e}"),
                (got, want) => panic!("{id}: {got:?}, expected {want:?}"),
            }
        }
        assert_eq!(
            normalise_id_number(" 11010519491231002x "),
            "11010519491231002X"
        );
        assert!(read_id_number(&normalise_id_number("11010519491231002x")).is_ok());
    }

    #[test]
    fn masked_ids_keep_the_first_six_and_last_four() {
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id_number("123"), "***");
    }

    #[test]
    fn birth_dates_to_the_day_or_month() {
        for (text, want) in [
            ("1985-06-30", Ok("1985-06-30")),
            ("1985-06", Ok("1985-06")),
            (" 1985-06 ", Ok("1985-06")),
            ("1985-13", Err("不存在")),
            ("1985-6", Err("YYYY-MM")),
            ("1985-02-30", Err("YYYY-MM-DD")),
            ("1899-12", Err("超出范围")),
            ("85-06", Err("YYYY-MM")),
        ] {
            match (BirthDate::parse(text), want) {
                (Ok(b), Ok(w)) => assert_eq!(b.to_string(), w, "{text:?}"),
                (Err(e), Err(part)) => assert!(e.contains(part), "{text:?}: {e}"),
                (got, want) => panic!("{text:?}: {got:?}, expected {want:?}"),
            }
        }
        let month = BirthDate::parse("1985-06").unwrap();
        assert!(month.agrees_with(d("1985-06-17")));
        assert!(!month.agrees_with(d("1985-07-01")));
        assert_eq!(month.earliest(), d("1985-06-01"));
    }

    /// DOMAIN.md "Members": member, full and probationary as of D, for
    /// each of the membership's dates on its boundary.
    #[test]
    fn a_membership_as_of_a_date_rule_table() {
        let base = Membership {
            full_on: Some(d("2021-07-01")),
            ..Membership::joined(d("2020-07-01"))
        };
        let with = |f: fn(&mut Membership)| {
            let mut m = base.clone();
            f(&mut m);
            m
        };
        // (membership, date, member, full)
        let cases: Vec<(&str, Membership, &str, bool, bool)> = vec![
            ("before joining", base.clone(), "2020-06-30", false, false),
            (
                "the day of joining",
                base.clone(),
                "2020-07-01",
                true,
                false,
            ),
            (
                "the day before full",
                base.clone(),
                "2021-06-30",
                true,
                false,
            ),
            ("the day of full", base.clone(), "2021-07-01", true, true),
            (
                "never made full",
                with(|m| m.full_on = None),
                "2030-01-01",
                true,
                false,
            ),
            (
                "the day before leaving",
                with(|m| m.left_on = Some(d("2024-03-01"))),
                "2024-02-29",
                true,
                true,
            ),
            (
                "the day of leaving",
                with(|m| m.left_on = Some(d("2024-03-01"))),
                "2024-03-01",
                false,
                false,
            ),
            (
                "the day of stopping",
                with(|m| m.stopped_on = Some(d("2023-01-01"))),
                "2023-01-01",
                false,
                false,
            ),
            (
                "lost contact is still a member",
                with(|m| m.lost_contact_on = Some(d("2022-01-01"))),
                "2023-01-01",
                true,
                true,
            ),
            (
                "elsewhere counts alike",
                with(|m| m.relationship = Relationship::Elsewhere),
                "2022-01-01",
                true,
                true,
            ),
        ];
        for (what, m, date, member, full) in cases {
            let date = d(date);
            assert_eq!(m.member_at(date), member, "{what}: member");
            assert_eq!(m.full_at(date), full, "{what}: full");
            assert_eq!(
                m.probationary_at(date),
                member && !full,
                "{what}: probationary"
            );
        }
    }
}
