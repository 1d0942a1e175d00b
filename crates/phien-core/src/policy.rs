//! The rules that the domain brief marks as configurable, in one place.
//!
//! Every field has a documented default taken from `shared/domain.md`; where
//! the brief says a rule is uncertain, the field says so. The store keeps the
//! values a point actually uses (table `policy_setting`), so a branch can
//! change a rule without a new release. The reports' uncertain rules are
//! data too, dated by month: the group rating scheme
//! ([`crate::report::rating::RatingScheme`]) and the fee and commission
//! rates ([`crate::report::fees::FeeRates`]), each with its default and its
//! uncertainty documented there.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Dong;

/// The point's rule book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Overdue principal bears this multiple of the program rate.
    /// Default 1.3 (130 %, domain.md §6.1, sourced).
    pub overdue_rate_multiplier: Decimal,
    /// Days in the year for the daily accrual on the annual rate.
    /// Default 365 (actual/365; the rule; VBSP's exact convention is not sourced).
    pub day_basis: u32,
    /// A loan with no interest or principal payment for this many calendar
    /// months is "món vay 3 tháng không hoạt động". Default 3
    /// (domain.md §6.8: no official definition; staff-tool heuristic).
    pub inactive_months: u32,
    /// Student loans (HSSV) are left out of the inactive count. Default true
    /// (§6.8: staff tools exclude program 02; students repay after graduating).
    pub inactive_excludes_student_loans: bool,
    /// Smallest savings deposit. Default 5.000 ₫ (§6.3, sourced).
    pub min_savings_deposit: Dong,
    /// When a month's interest falls due, for interest arrears (lãi tồn):
    /// 0 = at month-end (the definition, the default); 1–28 = on that
    /// day of each month, covering interest accrued through it (a point's
    /// fixed transaction day). With month-end, interest accrued since the last
    /// session shows as arrears between the 1st and the session day.
    pub interest_due_day: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            overdue_rate_multiplier: Decimal::new(13, 1),
            day_basis: 365,
            inactive_months: 3,
            inactive_excludes_student_loans: true,
            min_savings_deposit: Dong(5_000),
            interest_due_day: 0,
        }
    }
}

/// One named setting as stored: key and text value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySetting {
    /// Setting key, e.g. `overdue_rate_multiplier`.
    pub key: String,
    /// Its value as text, e.g. `1.3`.
    pub value: String,
}

/// A setting that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cấu hình «{key}» = «{value}» không hợp lệ: {reason}")]
pub struct PolicyError {
    /// The key.
    pub key: String,
    /// The offending value.
    pub value: String,
    /// Why.
    pub reason: &'static str,
}

impl Policy {
    /// The settings as key/value text, the form the store keeps.
    pub fn to_settings(&self) -> Vec<PolicySetting> {
        let kv = |key: &str, value: String| PolicySetting {
            key: key.to_string(),
            value,
        };
        vec![
            kv(
                "overdue_rate_multiplier",
                self.overdue_rate_multiplier.to_string(),
            ),
            kv("day_basis", self.day_basis.to_string()),
            kv("inactive_months", self.inactive_months.to_string()),
            kv(
                "inactive_excludes_student_loans",
                self.inactive_excludes_student_loans.to_string(),
            ),
            kv(
                "min_savings_deposit",
                self.min_savings_deposit.get().to_string(),
            ),
            kv("interest_due_day", self.interest_due_day.to_string()),
        ]
    }

    /// Applies one stored setting over the current values.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), PolicyError> {
        let err = |reason| PolicyError {
            key: key.to_string(),
            value: value.to_string(),
            reason,
        };
        match key {
            "overdue_rate_multiplier" => {
                let m: Decimal = value
                    .parse()
                    .map_err(|_| err("phải là số thập phân, ví dụ 1.3"))?;
                if m < Decimal::ONE {
                    return Err(err("không được nhỏ hơn 1"));
                }
                self.overdue_rate_multiplier = m;
            }
            "day_basis" => {
                let d: u32 = value
                    .parse()
                    .map_err(|_| err("phải là 360, 365 hoặc 366"))?;
                if !matches!(d, 360 | 365 | 366) {
                    return Err(err("phải là 360, 365 hoặc 366"));
                }
                self.day_basis = d;
            }
            "inactive_months" => {
                let m: u32 = value
                    .parse()
                    .map_err(|_| err("phải là số tháng nguyên dương"))?;
                if m == 0 || m > 36 {
                    return Err(err("phải từ 1 đến 36 tháng"));
                }
                self.inactive_months = m;
            }
            "inactive_excludes_student_loans" => {
                self.inactive_excludes_student_loans =
                    value.parse().map_err(|_| err("phải là true hoặc false"))?;
            }
            "min_savings_deposit" => {
                let d = Dong::parse(value).map_err(|_| err("phải là số tiền nguyên đồng"))?;
                if d.get() < 0 {
                    return Err(err("không được âm"));
                }
                self.min_savings_deposit = d;
            }
            "interest_due_day" => {
                let d: u32 = value
                    .parse()
                    .map_err(|_| err("phải là 0 (cuối tháng) hoặc ngày 1–28"))?;
                if d > 28 {
                    return Err(err("phải là 0 (cuối tháng) hoặc ngày 1–28"));
                }
                self.interest_due_day = d;
            }
            _ => return Err(err("không có cấu hình này")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip() {
        let policy = Policy::default();
        let mut back = Policy {
            overdue_rate_multiplier: Decimal::new(15, 1),
            day_basis: 360,
            inactive_months: 9,
            inactive_excludes_student_loans: false,
            min_savings_deposit: Dong(1),
            interest_due_day: 15,
        };
        for s in policy.to_settings() {
            back.apply(&s.key, &s.value).unwrap();
        }
        assert_eq!(
            back, policy,
            "every default must survive being stored as text"
        );
    }

    #[test]
    fn bad_settings_name_key_and_value() {
        let err = Policy::default().apply("day_basis", "364").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cấu hình «day_basis» = «364» không hợp lệ: phải là 360, 365 hoặc 366"
        );
    }
}
