//! Ledger entries (bút toán): immutable money events.
//!
//! An entry is never changed or deleted. A mistake is corrected by a
//! `Reversal` entry that names the entry it cancels, the reason and the person
//! who approved it; a reversed entry then counts as if it had never happened,
//! and the reversal carries the opposite cash effect in its own session.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{DeviceId, EntryId, LoanId, MemberId, SessionId, StaffId};
use crate::money::Dong;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Giải ngân: money paid out to the borrower.
    Disbursement,
    /// Thu nợ gốc.
    PrincipalRepayment,
    /// Thu lãi.
    InterestPayment,
    /// Gửi tiết kiệm (tiền gửi tổ viên).
    SavingsDeposit,
    /// Rút tiết kiệm.
    SavingsWithdrawal,
    /// Thu lãi từ tiền gửi tiết kiệm: pays a loan's interest out of the member's savings.
    InterestFromSavings,
    /// Xóa nợ gốc under a risk decision.
    PrincipalWriteOff,
    /// Xóa nợ lãi under a risk decision.
    InterestWriteOff,
    /// Dư nợ chuyển sang: the outstanding principal of a loan brought in by import.
    PrincipalBroughtForward,
    /// Lãi tồn chuyển sang: interest arrears of a loan brought in by import.
    InterestBroughtForward,
    /// Savings balance brought in by import.
    SavingsBroughtForward,
    /// Hủy bút toán: cancels another entry.
    Reversal,
}

impl EntryKind {
    /// Every kind, for parsing and tests.
    pub const ALL: [EntryKind; 12] = [
        EntryKind::Disbursement,
        EntryKind::PrincipalRepayment,
        EntryKind::InterestPayment,
        EntryKind::SavingsDeposit,
        EntryKind::SavingsWithdrawal,
        EntryKind::InterestFromSavings,
        EntryKind::PrincipalWriteOff,
        EntryKind::InterestWriteOff,
        EntryKind::PrincipalBroughtForward,
        EntryKind::InterestBroughtForward,
        EntryKind::SavingsBroughtForward,
        EntryKind::Reversal,
    ];

    /// Stable code used in storage and on the wire.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Disbursement => "disbursement",
            EntryKind::PrincipalRepayment => "principal_repayment",
            EntryKind::InterestPayment => "interest_payment",
            EntryKind::SavingsDeposit => "savings_deposit",
            EntryKind::SavingsWithdrawal => "savings_withdrawal",
            EntryKind::InterestFromSavings => "interest_from_savings",
            EntryKind::PrincipalWriteOff => "principal_write_off",
            EntryKind::InterestWriteOff => "interest_write_off",
            EntryKind::PrincipalBroughtForward => "principal_brought_forward",
            EntryKind::InterestBroughtForward => "interest_brought_forward",
            EntryKind::SavingsBroughtForward => "savings_brought_forward",
            EntryKind::Reversal => "reversal",
        }
    }

    /// Inverse of [`EntryKind::code`].
    pub fn from_code(code: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            EntryKind::Disbursement => "Giải ngân",
            EntryKind::PrincipalRepayment => "Thu nợ gốc",
            EntryKind::InterestPayment => "Thu lãi",
            EntryKind::SavingsDeposit => "Gửi tiết kiệm",
            EntryKind::SavingsWithdrawal => "Rút tiết kiệm",
            EntryKind::InterestFromSavings => "Thu lãi từ tiết kiệm",
            EntryKind::PrincipalWriteOff => "Xóa nợ gốc",
            EntryKind::InterestWriteOff => "Xóa nợ lãi",
            EntryKind::PrincipalBroughtForward => "Dư nợ chuyển sang",
            EntryKind::InterestBroughtForward => "Lãi tồn chuyển sang",
            EntryKind::SavingsBroughtForward => "Số dư tiết kiệm chuyển sang",
            EntryKind::Reversal => "Hủy bút toán",
        }
    }

    /// Whether the entry belongs to a loan (needs `loan_id`).
    pub fn needs_loan(self) -> bool {
        matches!(
            self,
            EntryKind::Disbursement
                | EntryKind::PrincipalRepayment
                | EntryKind::InterestPayment
                | EntryKind::InterestFromSavings
                | EntryKind::PrincipalWriteOff
                | EntryKind::InterestWriteOff
                | EntryKind::PrincipalBroughtForward
                | EntryKind::InterestBroughtForward
        )
    }

    /// Cash the team's till gains (+) or pays out (−) for this entry. Savings
    /// used for interest and write-offs move no cash.
    pub fn cash_sign(self) -> i64 {
        match self {
            EntryKind::PrincipalRepayment
            | EntryKind::InterestPayment
            | EntryKind::SavingsDeposit => 1,
            EntryKind::Disbursement | EntryKind::SavingsWithdrawal => -1,
            _ => 0,
        }
    }
}

/// A recorded ledger entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Id (UUIDv7).
    pub id: EntryId,
    /// Kind.
    pub kind: EntryKind,
    /// The member the money belongs to (always set).
    pub member_id: MemberId,
    /// The loan, for loan entries.
    pub loan_id: Option<LoanId>,
    /// Amount, strictly positive.
    pub amount: Dong,
    /// Value date (ngày hạch toán).
    pub value_date: NaiveDate,
    /// The transaction session it was taken in, if any.
    pub session_id: Option<SessionId>,
    /// Who recorded it.
    pub recorded_by: StaffId,
    /// On which device.
    pub device_id: DeviceId,
    /// When it was recorded (wall clock of the recording device).
    pub recorded_at: DateTime<Utc>,
    /// Receipt number (số biên lai 01/BL) where the bank issues one.
    pub receipt_no: Option<String>,
    /// For a reversal: the entry it cancels.
    pub reverses: Option<EntryId>,
    /// For a reversal: why.
    pub reason: Option<String>,
    /// For a reversal: who approved it (a second person, the controller).
    pub approved_by: Option<StaffId>,
}

impl Entry {
    /// Cash effect on the till of the entry's session. A reversal's effect is
    /// the opposite of the original's and has to be computed with it; this
    /// returns zero for reversals.
    pub fn cash_effect(&self) -> Dong {
        Dong(self.kind.cash_sign() * self.amount.get())
    }
}

/// A loan-level money flow, the input of the interest engine: only entries
/// that are in force (not reversed, not reversals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanFlow {
    /// Kind (a loan kind; see [`EntryKind::needs_loan`]).
    pub kind: EntryKind,
    /// Value date.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Dong,
}

/// Splits entries into those in force: drops every reversed entry and every
/// reversal. Reversals of unknown entries are ignored.
pub fn in_force(entries: &[Entry]) -> Vec<&Entry> {
    let reversed: std::collections::HashSet<EntryId> =
        entries.iter().filter_map(|e| e.reverses).collect();
    entries
        .iter()
        .filter(|e| e.kind != EntryKind::Reversal && !reversed.contains(&e.id))
        .collect()
}
