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
