//! Dates people type: what happened is never after today.

use chrono::NaiveDate;

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
}
