//! Risk handling (xử lý nợ bị rủi ro, Decision 50/2010/QĐ-TTg): extension,
//! freeze and write-off, each a dated decision with its number. Decisions are
//! history: a later decision adds to earlier ones, it never edits them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{DecisionId, LoanId};
use crate::money::Dong;

/// What a decision does to the loan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "measure", rename_all = "snake_case")]
pub enum RiskMeasure {
    /// Gia hạn nợ: from the decision date, the installment `installment_seq`
    /// (or, if `None`, every installment contracted before `new_due_on`) falls
    /// due on `new_due_on`. Interest keeps accruing at the normal rate.
    Extension {
        /// New due date.
        new_due_on: NaiveDate,
        /// Which installment; `None` for all earlier ones.
        installment_seq: Option<u32>,
    },
    /// Khoanh nợ: from `from` to `until` (inclusive; open-ended if `None`) the
    /// whole outstanding principal is frozen: nothing falls overdue and no
    /// interest accrues.
    Freeze {
        /// First frozen day.
        from: NaiveDate,
        /// Last frozen day.
        until: Option<NaiveDate>,
    },
    /// Xóa nợ: the amounts written off. The ledger carries the matching
    /// `PrincipalWriteOff` / `InterestWriteOff` entries.
    WriteOff {
        /// Principal written off.
        principal: Dong,
        /// Interest written off.
        interest: Dong,
    },
}

impl RiskMeasure {
    /// Stable code (`extension`, `freeze`, `write_off`), as stored.
    pub fn code(&self) -> &'static str {
        match self {
            RiskMeasure::Extension { .. } => "extension",
            RiskMeasure::Freeze { .. } => "freeze",
            RiskMeasure::WriteOff { .. } => "write_off",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(&self) -> &'static str {
        match self {
            RiskMeasure::Extension { .. } => "Gia hạn nợ",
            RiskMeasure::Freeze { .. } => "Khoanh nợ",
            RiskMeasure::WriteOff { .. } => "Xóa nợ",
        }
    }
}

/// A risk-handling decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskDecision {
    /// Id.
    pub id: DecisionId,
    /// The loan.
    pub loan_id: LoanId,
    /// Decision number (số quyết định).
    pub decision_no: String,
    /// Date of the decision.
    pub decided_on: NaiveDate,
    /// The measure.
    #[serde(flatten)]
    pub measure: RiskMeasure,
    /// Cause (nguyên nhân rủi ro).
    pub reason: String,
}

impl RiskDecision {
    /// The frozen window, if this is a freeze.
    pub fn freeze_window(&self) -> Option<(NaiveDate, Option<NaiveDate>)> {
        match self.measure {
            RiskMeasure::Freeze { from, until } => Some((from, until)),
            _ => None,
        }
    }
}
