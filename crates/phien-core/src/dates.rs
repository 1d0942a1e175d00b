//! Dates people type: what happened is never after today; and the calendar
//! month (tháng) that monthly reports, ratings and fees are computed for.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A date typed for something that already happened lies after today.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} = «{}»: sau ngày hôm nay ({})", day.format("%d/%m/%Y"), today.format("%d/%m/%Y"))]
pub struct FutureDate {
    /// The field, in Vietnamese (`Ngày họp`).
    pub field: &'static str,
    /// The date given.
    pub day: NaiveDate,
    /// Today.
    pub today: NaiveDate,
}

/// Refuses `day` for `field` when it is after `today`.
pub fn not_after_today(
    field: &'static str,
    day: NaiveDate,
    today: NaiveDate,
) -> Result<(), FutureDate> {
    if day > today {
        return Err(FutureDate { field, day, today });
    }
    Ok(())
}

/// A date as Vietnamese write it on paper and screens: `27/11/2026`.
pub fn dmy(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// A calendar month: the period of a monthly report (tháng báo cáo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
}

impl Month {
    /// The month `day` falls in.
    pub fn of(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The month from its parts; `None` for a month outside 1–12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(Month::of)
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or_default()
    }

    /// The month after.
    pub fn next(self) -> Month {
        Month::of(
            self.first_day()
                .checked_add_months(Months::new(1))
                .unwrap_or_default(),
        )
    }

    /// The month before.
    pub fn previous(self) -> Month {
        Month::of(self.first_day().pred_opt().unwrap_or_default())
    }

    /// `day` of this month, clamped to its length (the 31st is the 30th in April).
    pub fn day(self, day: u32) -> NaiveDate {
        let last = self.last_day();
        last.with_day(day.clamp(1, last.day())).unwrap_or(last)
    }

    /// Whether `day` falls in this month.
    pub fn contains(self, day: NaiveDate) -> bool {
        Month::of(day) == self
    }
}

impl fmt::Display for Month {
    /// `11/2026`, as Vietnamese write a month.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{}", self.month, self.year)
    }
}

/// Whole calendar months from `from` to `to` (0 when `to` is before
/// `from + 1 month`): 15/08 → 14/11 is 2, 15/08 → 15/11 is 3. A month-end
/// start clamps as chrono does (31/01 + 1 month = 28 or 29/02).
pub fn full_months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let rough = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let mut n = u32::try_from(rough.max(0)).unwrap_or(0);
    while n > 0
        && from
            .checked_add_months(Months::new(n))
            .is_none_or(|reached| reached > to)
    {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn today_and_earlier_pass_tomorrow_is_refused_naming_the_field() {
        assert_eq!(
            not_after_today("Ngày họp", d(2026, 11, 27), d(2026, 11, 27)),
            Ok(())
        );
        assert_eq!(
            not_after_today("Ngày họp", d(2025, 1, 1), d(2026, 11, 27)),
            Ok(())
        );
        let e = not_after_today("Ngày họp", d(2026, 11, 28), d(2026, 11, 27)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Ngày họp = «28/11/2026»: sau ngày hôm nay (27/11/2026)"
        );
    }

    #[test]
    fn a_month_knows_its_days_and_neighbours() {
        let february = Month::new(2028, 2).unwrap();
        assert_eq!(february.first_day(), d(2028, 2, 1));
        assert_eq!(february.last_day(), d(2028, 2, 29), "2028 is a leap year");
        assert_eq!(february.day(31), d(2028, 2, 29), "a fixed day 31 clamps");
        assert_eq!(february.previous(), Month::new(2028, 1).unwrap());
        let december = Month::new(2026, 12).unwrap();
        assert_eq!(
            december.next(),
            Month::new(2027, 1).unwrap(),
            "December's next month is January of the next year"
        );
        assert_eq!(december.to_string(), "12/2026");
        assert_eq!(Month::new(2026, 13), None, "there is no 13th month");
    }

    #[test]
    fn full_months_count_only_completed_months() {
        assert_eq!(full_months_between(d(2026, 8, 15), d(2026, 11, 14)), 2);
        assert_eq!(full_months_between(d(2026, 8, 15), d(2026, 11, 15)), 3);
        assert_eq!(full_months_between(d(2026, 11, 15), d(2026, 8, 15)), 0);
        assert_eq!(
            full_months_between(d(2026, 12, 20), d(2027, 1, 20)),
            1,
            "across a year boundary"
        );
        assert_eq!(
            full_months_between(d(2026, 1, 31), d(2026, 2, 28)),
            1,
            "31/01 + 1 month is 28/02"
        );
    }
}
