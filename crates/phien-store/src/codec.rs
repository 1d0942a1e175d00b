//! Row ↔ type conversions shared by the modules.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::StoreError;

pub(crate) fn parse_uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|_| StoreError::Corrupt(format!("id «{text}»")))
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    // Reports read every entry's date: the store's own `YYYY-MM-DD` is read
    // by hand (a format parser costs more than the rest of the row);
    // anything else goes through chrono.
    let b = text.as_bytes();
    let digits = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0, 4), digits(5, 7), digits(8, 10))
        && let Some(day) = NaiveDate::from_ymd_opt(i32::try_from(y).unwrap_or(0), m, d)
    {
        return Ok(day);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("ngày «{text}»")))
}

pub(crate) fn parse_instant(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("thời điểm «{text}»")))
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Turns a conversion error inside a rusqlite row closure into a rusqlite error.
pub(crate) fn in_row<T>(r: Result<T, StoreError>) -> rusqlite::Result<T> {
    r.map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_by_hand_agree_with_chrono() {
        for text in [
            "2026-11-27",
            "2028-02-29",
            "2027-02-29",
            "2026-13-01",
            "2026-1-5",
            "26-11-2026",
            "2026/11/27",
            "",
        ] {
            assert_eq!(
                parse_date(text).ok(),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "«{text}» is read as chrono reads it"
            );
        }
    }
}
