//! Lending programs and their rates, as data with effective dates.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A program code as the bank writes it (`01` hộ nghèo, `02` HSSV, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProgramCode(pub String);

impl std::fmt::Display for ProgramCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A lending program (chương trình cho vay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    /// Code.
    pub code: ProgramCode,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Student loans (HSSV) follow their own repayment rules and are left out
    /// of the inactive-loan count.
    pub is_student: bool,
    /// Months between principal installments used when a schedule is generated.
    pub installment_every_months: u32,
}

/// A rate in force from a date: annual rate as a fraction (0.0624 = 6,24 %/năm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePeriod {
    /// First day this rate applies (to existing loans too).
    pub effective_from: NaiveDate,
    /// Annual rate as a fraction.
    pub annual_rate: Decimal,
}

/// The rate history of one program, ordered by `effective_from`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RateHistory {
    periods: Vec<RatePeriod>,
}

impl RateHistory {
    /// Builds a history; periods may come in any order.
    pub fn new(mut periods: Vec<RatePeriod>) -> RateHistory {
        periods.sort_by_key(|p| p.effective_from);
        RateHistory { periods }
    }

    /// The periods, oldest first.
    pub fn periods(&self) -> &[RatePeriod] {
        &self.periods
    }

    /// The annual rate in force on `day`; zero before the first period.
    pub fn rate_on(&self, day: NaiveDate) -> Decimal {
        let idx = self.periods.partition_point(|p| p.effective_from <= day);
        if idx == 0 {
            Decimal::ZERO
        } else {
            self.periods[idx - 1].annual_rate
        }
    }

    /// Days on which the rate changes, strictly after `after`.
    pub fn changes_after(&self, after: NaiveDate) -> impl Iterator<Item = NaiveDate> + '_ {
        self.periods
            .iter()
            .map(|p| p.effective_from)
            .filter(move |d| *d > after)
    }
}

/// `6.24` → `0.0624`: percent per year as typed by people, to a fraction.
pub fn percent(p: Decimal) -> Decimal {
    p / Decimal::ONE_HUNDRED
}

/// The programs a point starts with, and their rates from domain.md §6.1.
///
/// Sourced: poor households and students 6,6 % → 6,24 % and disadvantaged-area
/// production 9 % → 7,8 % and clean water 9 % → 8,4 % from 01/12/2025
/// (Decision 2553/QĐ-TTg). Not sourced after 01/12/2025 (§9 item 1): near-poor
/// 7,92 %, newly-escaped 8,25 %, job creation 7,92 % are kept unchanged here;
/// a branch adds the new rate with `phien rate add` when it is published.
/// Installment spacing is a default for generated schedules (§9 item 5: the
/// bank's rule is not sourced; students: at most 6 months, §6.2).
pub fn standard_programs() -> Vec<(Program, Vec<RatePeriod>)> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let since_2015 = day(2015, 1, 1);
    let dec_2025 = day(2025, 12, 1);
    let program =
        |code: &str, name_vi: &str, name_en: &str, is_student: bool, every: u32| Program {
            code: ProgramCode(code.to_string()),
            name_vi: name_vi.to_string(),
            name_en: name_en.to_string(),
            is_student,
            installment_every_months: every,
        };
    let rate = |from, pct: i64, scale: u32| RatePeriod {
        effective_from: from,
        annual_rate: Decimal::new(pct, scale),
    };
    vec![
        (
            program("01", "Cho vay hộ nghèo", "Poor households", false, 12),
            vec![rate(since_2015, 66, 3), rate(dec_2025, 624, 4)],
        ),
        (
            program(
                "02",
                "Cho vay học sinh sinh viên",
                "Students (HSSV)",
                true,
                6,
            ),
            vec![rate(since_2015, 66, 3), rate(dec_2025, 624, 4)],
        ),
        (
            program(
                "03",
                "Nước sạch và vệ sinh môi trường nông thôn",
                "Rural clean water & sanitation",
                false,
                12,
            ),
            vec![rate(since_2015, 9, 2), rate(dec_2025, 84, 3)],
        ),
        (
            program(
                "04",
                "Cho vay hộ cận nghèo",
                "Near-poor households",
                false,
                12,
            ),
            vec![rate(since_2015, 792, 4)],
        ),
        (
            program(
                "05",
                "Cho vay hộ mới thoát nghèo",
                "Newly escaped poverty",
                false,
                12,
            ),
            vec![rate(since_2015, 825, 4)],
        ),
        (
            program(
                "06",
                "Cho vay giải quyết việc làm",
                "Job creation",
                false,
                12,
            ),
            vec![rate(since_2015, 792, 4)],
        ),
        (
            program(
                "07",
                "Cho vay hộ sản xuất kinh doanh vùng khó khăn",
                "Production in disadvantaged areas",
                false,
                12,
            ),
            vec![rate(since_2015, 9, 2), rate(dec_2025, 78, 3)],
        ),
    ]
}
