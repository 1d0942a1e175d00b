//! Loans (món vay) and their principal installment schedule (kỳ hạn trả nợ).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ids::{LoanId, MemberId};
use crate::money::Dong;
use crate::program::ProgramCode;

/// How the loan reaches the borrower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LendingMethod {
    /// Through an association and a savings-and-loan group (ủy thác từng phần).
    Entrusted,
    /// Direct lending (cho vay trực tiếp), outside the group.
    Direct,
}

/// A loan's terms as agreed at disbursement. What happened to it afterwards is
/// in the ledger and in risk decisions, never written back here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    /// Id.
    pub id: LoanId,
    /// Borrower.
    pub member_id: MemberId,
    /// Account number (số khế ước / số KU), 16 digits in the bank's data.
    pub account_no: String,
    /// Program.
    pub program: ProgramCode,
    /// Funding source (nguồn vốn): `central` or `local` (ngân sách địa phương ủy thác).
    pub funding_source: String,
    /// Agreed amount.
    pub amount: Dong,
    /// Disbursement date (ngày vay).
    pub disbursed_on: NaiveDate,
    /// Term in months (thời hạn).
    pub term_months: u32,
    /// Purpose of the loan (mục đích sử dụng vốn).
    pub purpose: String,
    /// Entrusted or direct.
    pub method: LendingMethod,
    /// Principal installments, in order.
    pub installments: Vec<Installment>,
    /// For a loan brought in from another system (import), the last
    /// transaction date that system knew; counts as activity.
    pub last_activity_before_import: Option<NaiveDate>,
}

/// One principal installment of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    /// 1-based position.
    pub seq: u32,
    /// Due date as contracted.
    pub due_on: NaiveDate,
    /// Principal due.
    pub amount: Dong,
}

/// Splits `amount` into equal installments every `every_months` months over
/// `term_months`, the last one taking the remainder (so the sum is exact) and
/// falling on the maturity date.
pub fn equal_installments(
    amount: Dong,
    disbursed_on: NaiveDate,
    term_months: u32,
    every_months: u32,
) -> Vec<Installment> {
    let every = every_months.clamp(1, term_months.max(1));
    let n_installments = term_months.max(1).div_ceil(every);
    let base = amount.get() / i64::from(n_installments);
    // Round each installment down to 1.000 ₫ so members pay round figures; the
    // last carries the rest.
    let base = base - base % 1_000;
    let mut out = Vec::with_capacity(n_installments as usize);
    let mut scheduled = 0i64;
    for idx in 1..=n_installments {
        let months = (idx * every).min(term_months.max(1));
        let due_on = disbursed_on
            .checked_add_months(Months::new(months))
            .unwrap_or(disbursed_on);
        let amt = if idx == n_installments {
            amount.get() - scheduled
        } else {
            base
        };
        scheduled += amt;
        out.push(Installment {
            seq: idx,
            due_on,
            amount: Dong(amt),
        });
    }
    out
}

/// Where a loan stands on a date (derived, never stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanStatus {
    /// Trong hạn.
    Current,
    /// Has overdue principal (quá hạn), possibly only one installment.
    Overdue,
    /// Khoanh nợ: collection suspended, no interest.
    Frozen,
    /// Gia hạn: due date moved by a decision; interest keeps running.
    Extended,
    /// Xóa nợ: the rest of the debt was written off.
    WrittenOff,
    /// Tất toán: nothing outstanding.
    Closed,
}

impl LoanStatus {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            LoanStatus::Current => "Trong hạn",
            LoanStatus::Overdue => "Quá hạn",
            LoanStatus::Frozen => "Khoanh nợ",
            LoanStatus::Extended => "Gia hạn",
            LoanStatus::WrittenOff => "Đã xóa nợ",
            LoanStatus::Closed => "Đã tất toán",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn equal_installments_sum_to_the_amount() {
        let s = equal_installments(Dong(50_000_000), d(2024, 1, 15), 36, 12);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s.iter().map(|i| i.amount).sum::<Dong>(),
            Dong(50_000_000),
            "schedule must cover the loan exactly"
        );
        assert_eq!(s[0].amount, Dong(16_666_000), "rounded down to 1.000 ₫");
        assert_eq!(
            s[2].amount,
            Dong(16_668_000),
            "last installment carries the remainder"
        );
        assert_eq!(
            s[2].due_on,
            d(2027, 1, 15),
            "last installment falls on maturity"
        );
    }

    #[test]
    fn month_end_disbursement_clamps() {
        let s = equal_installments(Dong(10_000_000), d(2024, 1, 31), 2, 1);
        assert_eq!(
            s[0].due_on,
            d(2024, 2, 29),
            "31/01 + 1 month is the last day of February"
        );
    }
}
