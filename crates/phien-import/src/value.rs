//! Cell values and the parsers that turn them into typed fields.
//!
//! Every parser returns `Err(reason)` with a Vietnamese reason; the caller attaches the line,
//! column and value.

use chrono::{Datelike, NaiveDate};

use crate::Association;
use crate::text::{collapse_ws, fold};

/// One cell as read from CSV (always text) or from an `.xlsx` sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw {
    Empty,
    Text(String),
    Int(i64),
    /// A numeric cell. Only ever compared and converted, never used in arithmetic.
    Float(f64),
    /// A date cell, already converted by calamine.
    Date(NaiveDate),
    /// An Excel error cell such as `#N/A`.
    CellError(String),
    /// Anything else (booleans, durations): shown, never accepted.
    Other(String),
}

/// Largest magnitude accepted from a numeric cell. Beyond 2^53 (≈ 9.007·10¹⁵) an `f64`
/// no longer holds every integer, so such a value may already have been rounded by Excel.
const MAX_EXACT: f64 = 9e15;

pub(crate) const REQUIRED: &str = "bắt buộc, không được để trống";
const NOT_WHOLE_DONG: &str = "số tiền phải là số nguyên đồng";
const NEGATIVE_AMOUNT: &str = "số tiền không được âm";
const DATE_INVALID: &str = "ngày không hợp lệ";
const DATE_FORMAT: &str = "ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)";
const NUMBER_TOO_BIG: &str =
    "số quá lớn để Excel lưu chính xác; hãy định dạng cột là văn bản (Text) và nhập lại";

impl Raw {
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as the user would recognise it, for error messages.
    pub(crate) fn display(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(s) => s.trim().to_owned(),
            Raw::Int(i) => i.to_string(),
            Raw::Float(f) => f.to_string(),
            Raw::Date(d) => format_date(*d),
            Raw::CellError(s) | Raw::Other(s) => s.clone(),
        }
    }
}

pub(crate) fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The integer an `f64` holds exactly, if it is whole and within ±9·10¹⁵. No arithmetic.
pub(crate) fn exact_int(f: f64) -> Option<i64> {
    if f.is_finite() && f.fract() == 0.0 && f.abs() <= MAX_EXACT {
        // Whole and well inside i64's range, so the cast is exact.
        Some(f as i64)
    } else {
        None
    }
}

fn cell_problem(raw: &Raw) -> Option<String> {
    match raw {
        Raw::CellError(e) => Some(format!("ô Excel báo lỗi {e}")),
        Raw::Other(_) => Some("giá trị không hợp lệ".to_owned()),
        _ => None,
    }
}

/// Optional text: trimmed, inner whitespace collapsed; integer cells become their digits.
pub(crate) fn text(raw: &Raw) -> Result<Option<String>, String> {
    if let Some(p) = cell_problem(raw) {
        return Err(p);
    }
    let s = match raw {
        Raw::Text(s) => collapse_ws(s),
        Raw::Int(i) => i.to_string(),
        Raw::Float(f) => match exact_int(*f) {
            Some(i) => i.to_string(),
            None if f.fract() == 0.0 => return Err(NUMBER_TOO_BIG.to_owned()),
            None => return Err("cần văn bản, không phải số thập phân".to_owned()),
        },
        Raw::Date(_) => {
            return Err(
                "ô chứa ngày tháng, cần văn bản; hãy định dạng cột là văn bản (Text)".to_owned(),
            );
        }
        Raw::Empty | Raw::CellError(_) | Raw::Other(_) => String::new(),
    };
    Ok((!s.is_empty()).then_some(s))
}

pub(crate) fn required_text(raw: &Raw) -> Result<String, String> {
    text(raw)?.ok_or_else(|| REQUIRED.to_owned())
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Số KU: 8 to 20 digits once spaces are removed.
pub(crate) fn loan_no(raw: &Raw) -> Result<String, String> {
    let s = digits(&required_text(raw)?);
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err("số KU chỉ được gồm chữ số".to_owned());
    }
    let n = s.len();
    if !(8..=20).contains(&n) {
        return Err(format!("số KU phải có từ 8 đến 20 chữ số (có {n})"));
    }
    Ok(s)
}

/// Số CCCD: empty, or exactly 12 digits once spaces are removed.
pub(crate) fn citizen_id(raw: &Raw) -> Result<Option<String>, String> {
    let Some(s) = text(raw)? else {
        return Ok(None);
    };
    let s = digits(&s);
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err("số CCCD chỉ được gồm chữ số".to_owned());
    }
    match s.len() {
        12 => Ok(Some(s)),
        11 if matches!(raw, Raw::Int(_) | Raw::Float(_)) => Err(
            "số CCCD phải gồm đúng 12 chữ số (có 11; Excel đã bỏ số 0 ở đầu — hãy định dạng cột là văn bản (Text))"
                .to_owned(),
        ),
        n => Err(format!("số CCCD phải gồm đúng 12 chữ số (có {n})")),
    }
}

/// Mã CT: non-empty; a single digit is padded to two (`1` → `01`).
pub(crate) fn program_code(raw: &Raw) -> Result<String, String> {
    let s = required_text(raw)?;
    if s.len() == 1 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(format!("0{s}"))
    } else {
        Ok(s)
    }
}

/// ĐVUT: one of the four entrusted associations, by code or name.
pub(crate) fn association(raw: &Raw) -> Result<Association, String> {
    let s = required_text(raw)?;
    match fold(&s).as_str() {
        "hnd" | "hoi nd" | "hoi nong dan" => Ok(Association::Farmers),
        "hpn" | "hlhpn" | "hoi pn" | "hoi phu nu" | "hoi lhpn" | "hoi lien hiep phu nu" => {
            Ok(Association::Women)
        }
        "ccb" | "hccb" | "hoi ccb" | "hoi cuu chien binh" => Ok(Association::Veterans),
        "dtn" | "doan tn" | "doan thanh nien" => Ok(Association::Youth),
        _ => Err("ĐVUT không hợp lệ (cần HND, HPN, CCB hoặc ĐTN)".to_owned()),
    }
}

/// A money amount in whole đồng, ≥ 0; blank means 0.
pub(crate) fn amount(raw: &Raw) -> Result<i64, String> {
    if let Some(p) = cell_problem(raw) {
        return Err(p);
    }
    match raw {
        Raw::Empty => Ok(0),
        Raw::Text(s) => amount_text(s),
        Raw::Int(i) if *i < 0 => Err(NEGATIVE_AMOUNT.to_owned()),
        Raw::Int(i) => Ok(*i),
        Raw::Float(f) if *f < 0.0 => Err(NEGATIVE_AMOUNT.to_owned()),
        Raw::Float(f) => exact_int(*f).ok_or_else(|| NOT_WHOLE_DONG.to_owned()),
        Raw::Date(_) => Err("ô chứa ngày tháng, cần số tiền".to_owned()),
        Raw::CellError(_) | Raw::Other(_) => Err(NOT_WHOLE_DONG.to_owned()),
    }
}

/// Parses `1250000`, `1.250.000`, `1,250,000` or `1 250 000`. A separator only counts as a
/// thousands separator when every group after the first has exactly three digits; anything
/// else (`1250000.5`, `12,50`, `1.250.000,00`) is a decimal and rejected.
fn amount_text(s: &str) -> Result<i64, String> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(0);
    }
    if t.starts_with(['-', '−']) || (t.starts_with('(') && t.ends_with(')')) {
        return Err(NEGATIVE_AMOUNT.to_owned());
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err("số tiền chỉ được gồm chữ số và dấu phân cách hàng nghìn".to_owned());
    }
    let decimal = || format!("{NOT_WHOLE_DONG} (không có phần thập phân)");
    let has_dot = t.contains('.');
    let has_comma = t.contains(',');
    let plain = match (has_dot, has_comma) {
        (false, false) => t,
        (true, true) => return Err(decimal()),
        _ => {
            let sep = if has_dot { '.' } else { ',' };
            let mut groups = t.split(sep);
            let first = groups.next().unwrap_or_default();
            let first_ok = (1..=3).contains(&first.len()) && !first.starts_with('0');
            let mut plain = first.to_owned();
            let mut rest_ok = true;
            for g in groups {
                rest_ok &= g.len() == 3;
                plain.push_str(g);
            }
            if !(first_ok && rest_ok) {
                return Err(decimal());
            }
            plain
        }
    };
    plain
        .parse::<i64>()
        .map_err(|_| "số tiền quá lớn".to_owned())
}

/// Thời hạn: whole months, 1 to 240.
pub(crate) fn term_months(raw: &Raw) -> Result<u32, String> {
    const RANGE: &str = "thời hạn phải từ 1 đến 240 tháng";
    const WHOLE: &str = "thời hạn phải là số nguyên tháng";
    if let Some(p) = cell_problem(raw) {
        return Err(p);
    }
    let n: i64 = match raw {
        Raw::Empty => return Err(REQUIRED.to_owned()),
        Raw::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Err(REQUIRED.to_owned());
            }
            if let Some(digits) = t.strip_prefix('-')
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
            {
                return Err(RANGE.to_owned());
            }
            if !t.chars().all(|c| c.is_ascii_digit()) {
                return Err(WHOLE.to_owned());
            }
            t.parse().map_err(|_| RANGE.to_owned())?
        }
        Raw::Int(i) => *i,
        Raw::Float(f) => exact_int(*f).ok_or_else(|| WHOLE.to_owned())?,
        Raw::Date(_) | Raw::CellError(_) | Raw::Other(_) => return Err(WHOLE.to_owned()),
    };
    match u32::try_from(n) {
        Ok(m) if (1..=240).contains(&m) => Ok(m),
        _ => Err(RANGE.to_owned()),
    }
}

/// An optional date: text `dd/mm/yyyy`, `d/m/yyyy` or `yyyy-mm-dd`, an Excel date cell, or
/// an Excel date serial number in a numeric cell.
pub(crate) fn date(raw: &Raw) -> Result<Option<NaiveDate>, String> {
    use calamine::{Data, DataType};
    if let Some(p) = cell_problem(raw) {
        return Err(p);
    }
    let d = match raw {
        Raw::Empty => return Ok(None),
        Raw::Text(s) if s.trim().is_empty() => return Ok(None),
        Raw::Text(s) => date_text(s.trim())?,
        Raw::Date(d) => *d,
        Raw::Int(i) if *i >= 1 => Data::Int(*i).as_date().ok_or(DATE_INVALID)?,
        Raw::Float(f) if *f >= 1.0 => Data::Float(*f).as_date().ok_or(DATE_INVALID)?,
        Raw::Int(_) | Raw::Float(_) | Raw::CellError(_) | Raw::Other(_) => {
            return Err(DATE_FORMAT.to_owned());
        }
    };
    if !(1900..=2199).contains(&d.year()) {
        return Err("ngày không hợp lệ (năm phải từ 1900 đến 2199)".to_owned());
    }
    Ok(Some(d))
}

pub(crate) fn required_date(raw: &Raw) -> Result<NaiveDate, String> {
    date(raw)?.ok_or_else(|| REQUIRED.to_owned())
}

fn all_digits(s: &str, lens: std::ops::RangeInclusive<usize>) -> bool {
    lens.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
}

fn date_text(s: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = if s.contains('/') {
        s.split('/').collect()
    } else {
        s.split('-').collect()
    };
    let [a, b, c] = parts.as_slice() else {
        return Err(DATE_FORMAT.to_owned());
    };
    let (y, m, d) = if s.contains('/') && all_digits(a, 1..=2) && all_digits(b, 1..=2) {
        (c, b, a)
    } else if !s.contains('/') && all_digits(a, 4..=4) {
        (a, b, c)
    } else {
        return Err(DATE_FORMAT.to_owned());
    };
    if !all_digits(y, 4..=4) || !all_digits(m, 1..=2) || !all_digits(d, 1..=2) {
        return Err(DATE_FORMAT.to_owned());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
        return Err(DATE_FORMAT.to_owned());
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DATE_INVALID.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Raw {
        Raw::Text(s.to_owned())
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn amounts_accept_thousands_separators() {
        for s in [
            "1250000",
            "1.250.000",
            "1,250,000",
            "1 250 000",
            " 1\u{00A0}250\u{00A0}000 ",
        ] {
            assert_eq!(amount(&t(s)), Ok(1_250_000), "«{s}» is 1,250,000 đồng");
        }
        assert_eq!(amount(&t("")), Ok(0), "an empty amount means 0");
        assert_eq!(amount(&Raw::Empty), Ok(0), "an empty cell means 0");
        assert_eq!(amount(&t("0")), Ok(0));
        assert_eq!(
            amount(&t("1.250")),
            Ok(1250),
            "dots group thousands in Vietnam"
        );
        assert_eq!(amount(&t("999")), Ok(999));
    }

    #[test]
    fn amounts_reject_decimals_negatives_and_junk() {
        for s in [
            "1250000.5",
            "1250000.50",
            "12,5",
            "1.250.000,00",
            "1,250.000",
            "1.25",
            "0.500",
            "1..250",
        ] {
            let err = amount(&t(s)).expect_err(s);
            assert!(
                err.starts_with(NOT_WHOLE_DONG),
                "«{s}» must be a decimal error: {err}"
            );
        }
        for s in ["-500000", "−500000", "(500000)"] {
            assert_eq!(
                amount(&t(s)),
                Err(NEGATIVE_AMOUNT.to_owned()),
                "«{s}» is negative"
            );
        }
        assert!(amount(&t("1tr")).is_err(), "letters are not an amount");
        assert!(
            amount(&t("99999999999999999999")).is_err(),
            "overflow is an error"
        );
    }

    #[test]
    fn numeric_cell_amounts_need_exact_whole_numbers() {
        assert_eq!(amount(&Raw::Float(1_250_000.0)), Ok(1_250_000));
        assert_eq!(amount(&Raw::Int(5)), Ok(5));
        assert_eq!(
            amount(&Raw::Float(1_250_000.5)),
            Err(NOT_WHOLE_DONG.to_owned())
        );
        assert_eq!(amount(&Raw::Float(-1.0)), Err(NEGATIVE_AMOUNT.to_owned()));
        assert_eq!(amount(&Raw::Int(-1)), Err(NEGATIVE_AMOUNT.to_owned()));
        assert_eq!(amount(&Raw::Float(1e16)), Err(NOT_WHOLE_DONG.to_owned()));
        assert_eq!(
            amount(&Raw::Float(f64::NAN)),
            Err(NOT_WHOLE_DONG.to_owned())
        );
    }

    #[test]
    fn exact_int_is_exact() {
        assert_eq!(
            exact_int(6_600_000_000_001_201.0),
            Some(6_600_000_000_001_201)
        );
        assert_eq!(exact_int(-0.0), Some(0));
        assert_eq!(exact_int(0.1), None);
        assert_eq!(exact_int(9.1e15), None);
        assert_eq!(exact_int(f64::INFINITY), None);
    }

    #[test]
    fn dates_parse_the_three_text_forms() {
        assert_eq!(date(&t("15/03/2024")), Ok(Some(ymd(2024, 3, 15))));
        assert_eq!(date(&t("5/3/2024")), Ok(Some(ymd(2024, 3, 5))));
        assert_eq!(date(&t("2024-03-15")), Ok(Some(ymd(2024, 3, 15))));
        assert_eq!(
            date(&t(" 29/02/2024 ")),
            Ok(Some(ymd(2024, 2, 29))),
            "leap day"
        );
        assert_eq!(date(&t("")), Ok(None));
    }

    #[test]
    fn dates_reject_impossible_and_malformed() {
        assert_eq!(date(&t("31/02/2025")), Err(DATE_INVALID.to_owned()));
        assert_eq!(date(&t("29/02/2025")), Err(DATE_INVALID.to_owned()));
        assert_eq!(date(&t("2025-13-01")), Err(DATE_INVALID.to_owned()));
        for s in [
            "15/03/24",
            "15-03-2024",
            "2024/03/15",
            "15.03.2024",
            "hôm qua",
            "15/03/2024/1",
        ] {
            assert_eq!(
                date(&t(s)),
                Err(DATE_FORMAT.to_owned()),
                "«{s}» is not a date form"
            );
        }
        assert!(date(&t("15/03/0224")).is_err(), "year 224 is a typo");
    }

    #[test]
    fn date_serial_numbers_use_calamine() {
        // 45366 is 2024-03-15 in Excel's 1900 date system.
        assert_eq!(date(&Raw::Float(45366.0)), Ok(Some(ymd(2024, 3, 15))));
        assert_eq!(date(&Raw::Int(45366)), Ok(Some(ymd(2024, 3, 15))));
        assert!(date(&Raw::Float(-3.0)).is_err());
    }

    #[test]
    fn codes() {
        assert_eq!(program_code(&Raw::Float(1.0)), Ok("01".to_owned()));
        assert_eq!(program_code(&t("1")), Ok("01".to_owned()));
        assert_eq!(program_code(&t("03")), Ok("03".to_owned()));
        assert_eq!(program_code(&Raw::Int(12)), Ok("12".to_owned()));
        assert_eq!(
            loan_no(&t("6600 0000 0000 1201")),
            Ok("6600000000001201".to_owned())
        );
        assert_eq!(
            loan_no(&Raw::Float(6_600_000_000_001_201.0)),
            Ok("6600000000001201".to_owned())
        );
        assert!(loan_no(&t("1234567")).is_err(), "7 digits is too short");
        assert!(
            loan_no(&t("66000000000012A1")).is_err(),
            "letters are not allowed"
        );
        assert!(
            loan_no(&Raw::Float(96_000_000_000_012_010.0)).is_err(),
            "beyond f64 precision"
        );
        assert_eq!(citizen_id(&t("")), Ok(None));
        assert_eq!(
            citizen_id(&t("056 123 456 789")),
            Ok(Some("056123456789".to_owned()))
        );
        assert!(
            citizen_id(&Raw::Float(56_123_456_789.0)).is_err(),
            "leading zero lost"
        );
    }

    #[test]
    fn associations() {
        for (s, a) in [
            ("HND", Association::Farmers),
            ("Hội Nông dân", Association::Farmers),
            ("hoi nong dan", Association::Farmers),
            ("HPN", Association::Women),
            ("HLHPN", Association::Women),
            ("Hội Phụ nữ", Association::Women),
            ("Hội LHPN", Association::Women),
            ("CCB", Association::Veterans),
            ("Hội CCB", Association::Veterans),
            ("Hội Cựu chiến binh", Association::Veterans),
            ("DTN", Association::Youth),
            ("ĐTN", Association::Youth),
            ("Đoàn TN", Association::Youth),
            ("Đoàn Thanh niên", Association::Youth),
        ] {
            assert_eq!(association(&t(s)), Ok(a), "«{s}»");
        }
        assert!(association(&t("Hội Người cao tuổi")).is_err());
        assert_eq!(association(&t("")), Err(REQUIRED.to_owned()));
    }

    #[test]
    fn term() {
        assert_eq!(term_months(&t("36")), Ok(36));
        assert_eq!(term_months(&Raw::Float(60.0)), Ok(60));
        assert!(term_months(&t("0")).is_err());
        assert!(term_months(&t("241")).is_err());
        assert!(term_months(&t("-12")).is_err());
        assert!(term_months(&t("12.5")).is_err());
        assert!(term_months(&Raw::Float(12.5)).is_err());
        assert_eq!(term_months(&t(" ")), Err(REQUIRED.to_owned()));
    }
}
