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

/// Refusals when recording a risk-handling decision.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RiskError {
    /// No decision number.
    #[error("Số quyết định: không được để trống")]
    NoDecisionNo,
    /// No cause.
    #[error("Nguyên nhân rủi ro: không được để trống")]
    NoReason,
    /// A freeze that ends before it starts.
    #[error("Khoanh nợ đến ngày = «{}»: trước ngày bắt đầu khoanh ({})", until.format("%d/%m/%Y"), from.format("%d/%m/%Y"))]
    FreezeEndsBeforeStart {
        /// First frozen day.
        from: NaiveDate,
        /// Last frozen day given.
        until: NaiveDate,
    },
    /// An extension whose new due date is not after the decision.
    #[error("Hạn trả mới = «{}»: phải sau ngày quyết định ({})", new_due_on.format("%d/%m/%Y"), decided_on.format("%d/%m/%Y"))]
    ExtensionNotLater {
        /// Decision date.
        decided_on: NaiveDate,
        /// New due date given.
        new_due_on: NaiveDate,
    },
    /// An installment number 0.
    #[error("Kỳ gia hạn = «0»: các kỳ được đánh số từ 1")]
    NoSuchInstallment,
    /// A write-off of nothing, or of a negative amount.
    #[error(
        "Số tiền xóa nợ: gốc «{principal}», lãi «{interest}»: không khoản nào được âm và phải có ít nhất một khoản lớn hơn 0"
    )]
    WriteOffAmounts {
        /// Principal given.
        principal: Dong,
        /// Interest given.
        interest: Dong,
    },
}

impl RiskDecision {
    /// Checks what a decision must say, whatever the loan: a number, a
    /// cause, a window that ends after it starts, a new due date after the
    /// decision, a write-off of something.
    pub fn check(&self) -> Result<(), RiskError> {
        if self.decision_no.trim().is_empty() {
            return Err(RiskError::NoDecisionNo);
        }
        if self.reason.trim().is_empty() {
            return Err(RiskError::NoReason);
        }
        match self.measure {
            RiskMeasure::Extension {
                new_due_on,
                installment_seq,
            } => {
                if installment_seq == Some(0) {
                    return Err(RiskError::NoSuchInstallment);
                }
                if new_due_on <= self.decided_on {
                    return Err(RiskError::ExtensionNotLater {
                        decided_on: self.decided_on,
                        new_due_on,
                    });
                }
            }
            RiskMeasure::Freeze {
                from,
                until: Some(until),
            } if until < from => return Err(RiskError::FreezeEndsBeforeStart { from, until }),
            RiskMeasure::Freeze { .. } => {}
            RiskMeasure::WriteOff {
                principal,
                interest,
            } => {
                if principal.get() < 0
                    || interest.get() < 0
                    || !(principal.is_positive() || interest.is_positive())
                {
                    return Err(RiskError::WriteOffAmounts {
                        principal,
                        interest,
                    });
                }
            }
        }
        Ok(())
    }

    /// The frozen window, if this is a freeze.
    pub fn freeze_window(&self) -> Option<(NaiveDate, Option<NaiveDate>)> {
        match self.measure {
            RiskMeasure::Freeze { from, until } => Some((from, until)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn decision(measure: RiskMeasure) -> RiskDecision {
        RiskDecision {
            id: DecisionId(Uuid::from_u128(1)),
            loan_id: LoanId(Uuid::from_u128(2)),
            decision_no: "12/QĐ-NHCS".into(),
            decided_on: d(2026, 11, 20),
            measure,
            reason: "Lũ cuốn trôi chuồng trại".into(),
        }
    }

    #[test]
    fn a_decision_says_what_it_does() {
        let ok = [
            RiskMeasure::Extension {
                new_due_on: d(2027, 11, 20),
                installment_seq: Some(3),
            },
            RiskMeasure::Freeze {
                from: d(2026, 11, 20),
                until: None,
            },
            RiskMeasure::Freeze {
                from: d(2026, 11, 20),
                until: Some(d(2026, 11, 20)),
            },
            RiskMeasure::WriteOff {
                principal: Dong(0),
                interest: Dong(125_000),
            },
        ];
        for measure in ok {
            assert_eq!(decision(measure.clone()).check(), Ok(()), "{measure:?}");
        }
        let mut no_number = decision(ok_write_off());
        no_number.decision_no = "  ".into();
        assert_eq!(no_number.check(), Err(RiskError::NoDecisionNo));
        let mut no_reason = decision(ok_write_off());
        no_reason.reason = String::new();
        assert_eq!(no_reason.check(), Err(RiskError::NoReason));
        let nothing = decision(RiskMeasure::WriteOff {
            principal: Dong(0),
            interest: Dong(0),
        });
        assert_eq!(
            nothing.check().unwrap_err().to_string(),
            "Số tiền xóa nợ: gốc «0 ₫», lãi «0 ₫»: không khoản nào được âm và phải có ít nhất một khoản lớn hơn 0"
        );
        let negative = decision(RiskMeasure::WriteOff {
            principal: Dong(-1),
            interest: Dong(5_000),
        });
        assert!(matches!(
            negative.check(),
            Err(RiskError::WriteOffAmounts { .. })
        ));
        let backwards = decision(RiskMeasure::Freeze {
            from: d(2026, 11, 20),
            until: Some(d(2026, 11, 19)),
        });
        assert_eq!(
            backwards.check().unwrap_err().to_string(),
            "Khoanh nợ đến ngày = «19/11/2026»: trước ngày bắt đầu khoanh (20/11/2026)"
        );
        let same_day = decision(RiskMeasure::Extension {
            new_due_on: d(2026, 11, 20),
            installment_seq: None,
        });
        assert!(matches!(
            same_day.check(),
            Err(RiskError::ExtensionNotLater { .. })
        ));
        let seq_zero = decision(RiskMeasure::Extension {
            new_due_on: d(2027, 1, 1),
            installment_seq: Some(0),
        });
        assert_eq!(seq_zero.check(), Err(RiskError::NoSuchInstallment));
    }

    fn ok_write_off() -> RiskMeasure {
        RiskMeasure::WriteOff {
            principal: Dong(1_000_000),
            interest: Dong(0),
        }
    }
}
