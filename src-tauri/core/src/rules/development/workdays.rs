//! Working days (工作日), as the 公示 of a development is counted: Monday to
//! Friday, less the public holidays and plus the adjusted working weekend
//! days (调休上班) that the State Council publishes each year, with the
//! clerk's entries (`Holiday`) overriding the shipped calendar.
//!
//! The shipped calendar is the 国务院办公厅关于 20XX 年部分节假日安排的通知
//! for the years `SHIPPED_YEARS` (2013 to 2026), each holiday period as the
//! notice gives it (a period's weekend days are listed too; they are days
//! off either way), with two later notices: 2015's 抗战胜利 70 周年纪念日
//! (3–5 September off, Sunday 6 September worked) and 2020's extension of
//! the Spring Festival to 2 February (which made Saturday 1 February, a
//! working day in the first notice, a day off). A year's New Year holiday
//! that begins in December is in the notice of the year it ends in, and
//! here at its dates. Years outside `SHIPPED_YEARS` are Monday to Friday
//! unless the clerk enters their holidays.

use crate::model::development::{Holiday, HolidayKind};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;

/// The years whose State Council calendar is shipped.
pub const SHIPPED_YEARS: std::ops::RangeInclusive<i32> = 2013..=2026;

type Ymd = (i32, u32, u32);

/// The public holiday periods, first and last day, in order.
#[rustfmt::skip]
const HOLIDAYS: &[(Ymd, Ymd)] = &[
    // 2013 (国办发明电〔2012〕14号)
    ((2013, 1, 1), (2013, 1, 3)), ((2013, 2, 9), (2013, 2, 15)), ((2013, 4, 4), (2013, 4, 6)),
    ((2013, 4, 29), (2013, 5, 1)), ((2013, 6, 10), (2013, 6, 12)), ((2013, 9, 19), (2013, 9, 21)),
    ((2013, 10, 1), (2013, 10, 7)),
    // 2014
    ((2014, 1, 1), (2014, 1, 1)), ((2014, 1, 31), (2014, 2, 6)), ((2014, 4, 5), (2014, 4, 7)),
    ((2014, 5, 1), (2014, 5, 3)), ((2014, 5, 31), (2014, 6, 2)), ((2014, 9, 6), (2014, 9, 8)),
    ((2014, 10, 1), (2014, 10, 7)),
    // 2015, with the 抗战胜利 70 周年纪念日 (3–5 September)
    ((2015, 1, 1), (2015, 1, 3)), ((2015, 2, 18), (2015, 2, 24)), ((2015, 4, 4), (2015, 4, 6)),
    ((2015, 5, 1), (2015, 5, 3)), ((2015, 6, 20), (2015, 6, 22)), ((2015, 9, 3), (2015, 9, 5)),
    ((2015, 9, 26), (2015, 9, 27)), ((2015, 10, 1), (2015, 10, 7)),
    // 2016
    ((2016, 1, 1), (2016, 1, 3)), ((2016, 2, 7), (2016, 2, 13)), ((2016, 4, 2), (2016, 4, 4)),
    ((2016, 4, 30), (2016, 5, 2)), ((2016, 6, 9), (2016, 6, 11)), ((2016, 9, 15), (2016, 9, 17)),
    ((2016, 10, 1), (2016, 10, 7)),
    // 2017 (New Year from 31 December 2016)
    ((2016, 12, 31), (2017, 1, 2)), ((2017, 1, 27), (2017, 2, 2)), ((2017, 4, 2), (2017, 4, 4)),
    ((2017, 4, 29), (2017, 5, 1)), ((2017, 5, 28), (2017, 5, 30)), ((2017, 10, 1), (2017, 10, 8)),
    // 2018 (New Year from 30 December 2017)
    ((2017, 12, 30), (2018, 1, 1)), ((2018, 2, 15), (2018, 2, 21)), ((2018, 4, 5), (2018, 4, 7)),
    ((2018, 4, 29), (2018, 5, 1)), ((2018, 6, 16), (2018, 6, 18)), ((2018, 9, 22), (2018, 9, 24)),
    ((2018, 10, 1), (2018, 10, 7)),
    // 2019 (New Year from 30 December 2018; Labour Day as amended to 4 days)
    ((2018, 12, 30), (2019, 1, 1)), ((2019, 2, 4), (2019, 2, 10)), ((2019, 4, 5), (2019, 4, 7)),
    ((2019, 5, 1), (2019, 5, 4)), ((2019, 6, 7), (2019, 6, 9)), ((2019, 9, 13), (2019, 9, 15)),
    ((2019, 10, 1), (2019, 10, 7)),
    // 2020 (Spring Festival extended to 2 February)
    ((2020, 1, 1), (2020, 1, 1)), ((2020, 1, 24), (2020, 2, 2)), ((2020, 4, 4), (2020, 4, 6)),
    ((2020, 5, 1), (2020, 5, 5)), ((2020, 6, 25), (2020, 6, 27)), ((2020, 10, 1), (2020, 10, 8)),
    // 2021
    ((2021, 1, 1), (2021, 1, 3)), ((2021, 2, 11), (2021, 2, 17)), ((2021, 4, 3), (2021, 4, 5)),
    ((2021, 5, 1), (2021, 5, 5)), ((2021, 6, 12), (2021, 6, 14)), ((2021, 9, 19), (2021, 9, 21)),
    ((2021, 10, 1), (2021, 10, 7)),
    // 2022
    ((2022, 1, 1), (2022, 1, 3)), ((2022, 1, 31), (2022, 2, 6)), ((2022, 4, 3), (2022, 4, 5)),
    ((2022, 4, 30), (2022, 5, 4)), ((2022, 6, 3), (2022, 6, 5)), ((2022, 9, 10), (2022, 9, 12)),
    ((2022, 10, 1), (2022, 10, 7)),
    // 2023 (New Year from 31 December 2022)
    ((2022, 12, 31), (2023, 1, 2)), ((2023, 1, 21), (2023, 1, 27)), ((2023, 4, 5), (2023, 4, 5)),
    ((2023, 4, 29), (2023, 5, 3)), ((2023, 6, 22), (2023, 6, 24)), ((2023, 9, 29), (2023, 10, 6)),
    // 2024 (New Year from 30 December 2023)
    ((2023, 12, 30), (2024, 1, 1)), ((2024, 2, 10), (2024, 2, 17)), ((2024, 4, 4), (2024, 4, 6)),
    ((2024, 5, 1), (2024, 5, 5)), ((2024, 6, 8), (2024, 6, 10)), ((2024, 9, 15), (2024, 9, 17)),
    ((2024, 10, 1), (2024, 10, 7)),
    // 2025 (the first under the 2024 rules: 除夕 and 2 May added)
    ((2025, 1, 1), (2025, 1, 1)), ((2025, 1, 28), (2025, 2, 4)), ((2025, 4, 4), (2025, 4, 6)),
    ((2025, 5, 1), (2025, 5, 5)), ((2025, 5, 31), (2025, 6, 2)), ((2025, 10, 1), (2025, 10, 8)),
    // 2026
    ((2026, 1, 1), (2026, 1, 3)), ((2026, 2, 15), (2026, 2, 23)), ((2026, 4, 4), (2026, 4, 6)),
    ((2026, 5, 1), (2026, 5, 5)), ((2026, 6, 19), (2026, 6, 21)), ((2026, 9, 25), (2026, 9, 27)),
    ((2026, 10, 1), (2026, 10, 7)),
];

/// The weekend days worked instead (调休上班), in order.
#[rustfmt::skip]
const WORKDAYS: &[Ymd] = &[
    (2013, 1, 5), (2013, 1, 6), (2013, 2, 16), (2013, 2, 17), (2013, 4, 7), (2013, 4, 27),
    (2013, 4, 28), (2013, 6, 8), (2013, 6, 9), (2013, 9, 22), (2013, 9, 29), (2013, 10, 12),
    (2014, 1, 26), (2014, 2, 8), (2014, 5, 4), (2014, 9, 28), (2014, 10, 11),
    (2015, 1, 4), (2015, 2, 15), (2015, 2, 28), (2015, 9, 6), (2015, 10, 10),
    (2016, 2, 6), (2016, 2, 14), (2016, 6, 12), (2016, 9, 18), (2016, 10, 8), (2016, 10, 9),
    (2017, 1, 22), (2017, 2, 4), (2017, 4, 1), (2017, 5, 27), (2017, 9, 30),
    (2018, 2, 11), (2018, 2, 24), (2018, 4, 8), (2018, 4, 28), (2018, 9, 29), (2018, 9, 30),
    (2018, 12, 29),
    (2019, 2, 2), (2019, 2, 3), (2019, 4, 28), (2019, 5, 5), (2019, 9, 29), (2019, 10, 12),
    (2020, 1, 19), (2020, 4, 26), (2020, 5, 9), (2020, 6, 28), (2020, 9, 27), (2020, 10, 10),
    (2021, 2, 7), (2021, 2, 20), (2021, 4, 25), (2021, 5, 8), (2021, 9, 18), (2021, 9, 26),
    (2021, 10, 9),
    (2022, 1, 29), (2022, 1, 30), (2022, 4, 2), (2022, 4, 24), (2022, 5, 7), (2022, 10, 8),
    (2022, 10, 9),
    (2023, 1, 28), (2023, 1, 29), (2023, 4, 23), (2023, 5, 6), (2023, 6, 25), (2023, 10, 7),
    (2023, 10, 8),
    (2024, 2, 4), (2024, 2, 18), (2024, 4, 7), (2024, 4, 28), (2024, 5, 11), (2024, 9, 14),
    (2024, 9, 29), (2024, 10, 12),
    (2025, 1, 26), (2025, 2, 8), (2025, 4, 27), (2025, 9, 28), (2025, 10, 11),
    (2026, 1, 4), (2026, 2, 14), (2026, 2, 28), (2026, 5, 9), (2026, 9, 20), (2026, 10, 10),
];

fn ymd(d: NaiveDate) -> Ymd {
    (d.year(), d.month(), d.day())
}

/// What the shipped calendar says of a date: `Some(true)` a working
/// weekend day, `Some(false)` a holiday, `None` neither (an ordinary day).
#[must_use]
pub fn shipped(d: NaiveDate) -> Option<bool> {
    let key = ymd(d);
    if WORKDAYS.binary_search(&key).is_ok() {
        return Some(true);
    }
    let after = HOLIDAYS.partition_point(|(first, _)| *first <= key);
    (after > 0 && key <= HOLIDAYS[after - 1].1).then_some(false)
}

fn by_calendar(d: NaiveDate) -> bool {
    shipped(d).unwrap_or(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
}

/// Is D a working day: the clerk's last entry for D if any, else the
/// shipped calendar, else Monday to Friday.
#[must_use]
pub fn is_working_day(d: NaiveDate, extra: &[Holiday]) -> bool {
    match extra.iter().rev().find(|h| h.date == d) {
        Some(h) => h.kind == HolidayKind::Workday,
        None => by_calendar(d),
    }
}

/// The clerk's entries by date, the last one of a date winning.
struct Calendar(HashMap<NaiveDate, HolidayKind>);

impl Calendar {
    fn new(extra: &[Holiday]) -> Calendar {
        Calendar(extra.iter().map(|h| (h.date, h.kind)).collect())
    }

    fn working(&self, d: NaiveDate) -> bool {
        match self.0.get(&d) {
            Some(kind) => *kind == HolidayKind::Workday,
            None => by_calendar(d),
        }
    }
}

/// The working days from `from` to `to`, both included: a 公示 from a
/// Monday to the Friday of an ordinary week is 5. None when `to` is
/// before `from`.
#[must_use]
pub fn working_days_between(from: NaiveDate, to: NaiveDate, extra: &[Holiday]) -> u32 {
    let cal = Calendar::new(extra);
    let mut n = 0;
    for d in from.iter_days().take_while(|d| *d <= to) {
        n += u32::from(cal.working(d));
    }
    n
}

/// The day on which `n` (≥ 1) working days counted from `from` (included)
/// are complete: the earliest `to` with `working_days_between(from, to) ≥
/// n`. `None` past the calendar's end.
#[must_use]
pub fn nth_working_day(from: NaiveDate, n: u32, extra: &[Holiday]) -> Option<NaiveDate> {
    let cal = Calendar::new(extra);
    let mut left = n.max(1);
    for d in from.iter_days() {
        if cal.working(d) {
            left -= 1;
            if left == 0 {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_in_order_and_the_workdays_are_weekends() {
        for w in HOLIDAYS.windows(2) {
            assert!(w[0].1 < w[1].0, "{w:?}");
        }
        for (first, last) in HOLIDAYS {
            assert!(first <= last, "{first:?}");
        }
        for w in WORKDAYS.windows(2) {
            assert!(w[0] < w[1], "{w:?}");
        }
        for &(y, m, d) in WORKDAYS {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert!(
                matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date} is not a weekend day"
            );
            assert_eq!(shipped(date), Some(true));
        }
        for &((y, m, d), (y2, m2, d2)) in HOLIDAYS {
            let first = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let last = NaiveDate::from_ymd_opt(y2, m2, d2).unwrap();
            assert!(SHIPPED_YEARS.contains(&last.year()));
            for day in first.iter_days().take_while(|x| *x <= last) {
                assert_eq!(shipped(day), Some(false), "{day}");
            }
            assert_ne!(shipped(first.pred_opt().unwrap()), Some(false), "{first}");
        }
    }
}
