//! The group leader's month: receipts (biên lai 01/BL) written to members for
//! the interest and savings the leader collects before the transaction day.
//!
//! A receipt is not a ledger entry: the money reaches the bank only when the
//! leader hands it over at the session, where the officer posts it (the
//! group's 13/TD) and settles the receipts against the handover. Until then a
//! receipt is the member's proof of payment, so the handover must post at
//! least what each member was receipted.

use serde::{Deserialize, Serialize};

use crate::collection::{CollectionError, CollectionInput, MemberDue};
use crate::ids::MemberId;
use crate::money::Dong;
use crate::policy::Policy;

/// What the leader types for one payment: thu lãi and gửi tiết kiệm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptInput {
    /// Member who paid.
    pub member_id: MemberId,
    /// Interest received (thu lãi).
    pub interest: Dong,
    /// Savings deposit received (gửi tiết kiệm).
    pub savings_deposit: Dong,
}

impl ReceiptInput {
    /// Cash the leader took in.
    pub fn total(&self) -> Dong {
        self.interest + self.savings_deposit
    }
}

/// Checks a new receipt against the member's line of the list for the coming
/// session (`due`) and the interest already receipted to them since the last
/// handover (`receipted_interest`): amounts not negative and not both zero,
/// interest not above what the member will owe at the session, a deposit of
/// at least the policy's minimum.
pub fn check_receipt(
    due: &MemberDue,
    receipted_interest: Dong,
    input: &ReceiptInput,
    policy: &Policy,
) -> Result<(), Vec<CollectionError>> {
    let err = |code, field, value, reason: String| CollectionError {
        code,
        member_id: due.member_id,
        member_name: due.full_name.clone(),
        field,
        value,
        reason,
    };
    let mut errors = Vec::new();
    for (field, value) in [
        ("Thu lãi", input.interest),
        ("Gửi tiết kiệm", input.savings_deposit),
    ] {
        if value < Dong::ZERO {
            errors.push(err(
                "negative_amount",
                field,
                value,
                "số tiền không được âm".into(),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !input.total().is_positive() {
        errors.push(err(
            "empty_receipt",
            "Số tiền",
            Dong::ZERO,
            "biên lai phải có tiền lãi hoặc tiền gửi".into(),
        ));
    }
    let ceiling = due.interest_ceiling();
    if receipted_interest + input.interest > ceiling {
        errors.push(err(
            "overpayment",
            "Thu lãi",
            input.interest,
            format!(
                "tổ viên phải trả {ceiling} lãi đến phiên, đã thu {receipted_interest} theo biên lai trước"
            ),
        ));
    }
    if input.savings_deposit.is_positive() && input.savings_deposit < policy.min_savings_deposit {
        errors.push(err(
            "deposit_below_minimum",
            "Gửi tiết kiệm",
            input.savings_deposit,
            format!("tối thiểu {} mỗi lần gửi", policy.min_savings_deposit),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What a member was receipted in total since the last handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Receipted {
    /// Interest.
    pub interest: Dong,
    /// Savings deposits.
    pub savings_deposit: Dong,
}

/// Checks that a handover posts at least what each member was receipted: a
/// receipt in a member's hand is proof they paid, so leaving it out of the
/// ledger would turn a paid member into an arrears case. `receipted` gives
/// each member's receipted totals with their name (for the message).
pub fn check_settlement(
    receipted: &[(MemberId, String, Receipted)],
    inputs: &[CollectionInput],
) -> Vec<CollectionError> {
    let mut errors = Vec::new();
    for (member, name, r) in receipted {
        let posted = inputs.iter().find(|i| i.member_id == *member);
        let (interest, deposit) = posted.map_or((Dong::ZERO, Dong::ZERO), |i| {
            (i.interest + i.interest_from_savings, i.savings_deposit)
        });
        let err = |field, value, reason: String| CollectionError {
            code: "receipt_not_posted",
            member_id: *member,
            member_name: name.clone(),
            field,
            value,
            reason,
        };
        if interest < r.interest {
            errors.push(err(
                "Thu lãi",
                interest,
                format!("tổ trưởng đã viết biên lai thu {} lãi", r.interest),
            ));
        }
        if deposit < r.savings_deposit {
            errors.push(err(
                "Gửi tiết kiệm",
                deposit,
                format!("tổ trưởng đã viết biên lai nhận gửi {}", r.savings_deposit),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use uuid::Uuid;

    use super::*;
    use crate::collection::LoanDue;
    use crate::ids::LoanId;
    use crate::program::ProgramCode;

    fn member(interest_due: i64, savings: i64) -> MemberDue {
        MemberDue {
            member_id: MemberId(Uuid::from_u128(1)),
            customer_code: "KH001".into(),
            full_name: "Trần Thị Bé".into(),
            loans: vec![LoanDue {
                loan_id: LoanId(Uuid::from_u128(11)),
                account_no: "6600000000001201".into(),
                program: ProgramCode("01".into()),
                disbursed_on: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
                outstanding: Dong(20_000_000),
                overdue: Dong::ZERO,
                principal_due: Dong::ZERO,
                interest_due: Dong(interest_due),
                interest_due_without_principal: Dong(interest_due),
                interest_arrears: Dong::ZERO,
            }],
            savings_balance: Dong(savings),
        }
    }

    fn input(due: &MemberDue, interest: i64, deposit: i64) -> ReceiptInput {
        ReceiptInput {
            member_id: due.member_id,
            interest: Dong(interest),
            savings_deposit: Dong(deposit),
        }
    }

    fn codes(r: Result<(), Vec<CollectionError>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_receipt_within_what_the_member_owes_is_accepted() {
        let due = member(120_000, 0);
        let p = Policy::default();
        assert_eq!(
            codes(check_receipt(
                &due,
                Dong::ZERO,
                &input(&due, 120_000, 10_000),
                &p
            )),
            Vec::<&str>::new()
        );
        // Two receipts in the month add up to the due interest exactly.
        assert_eq!(
            codes(check_receipt(
                &due,
                Dong(70_000),
                &input(&due, 50_000, 0),
                &p
            )),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn interest_beyond_the_session_due_counts_earlier_receipts() {
        let due = member(120_000, 0);
        let p = Policy::default();
        assert_eq!(
            codes(check_receipt(
                &due,
                Dong(70_000),
                &input(&due, 50_001, 0),
                &p
            )),
            vec!["overpayment"]
        );
    }

    #[test]
    fn empty_negative_and_small_deposits_are_refused() {
        let due = member(120_000, 0);
        let p = Policy::default();
        assert_eq!(
            codes(check_receipt(&due, Dong::ZERO, &input(&due, 0, 0), &p)),
            vec!["empty_receipt"]
        );
        assert_eq!(
            codes(check_receipt(&due, Dong::ZERO, &input(&due, -1, 5_000), &p)),
            vec!["negative_amount"]
        );
        assert_eq!(
            codes(check_receipt(&due, Dong::ZERO, &input(&due, 0, 4_000), &p)),
            vec!["deposit_below_minimum"],
            "the policy's minimum deposit is 5.000 ₫"
        );
    }

    #[test]
    fn a_handover_must_post_at_least_what_was_receipted() {
        let due = member(120_000, 0);
        let receipted = vec![(
            due.member_id,
            due.full_name.clone(),
            Receipted {
                interest: Dong(100_000),
                savings_deposit: Dong(20_000),
            },
        )];
        let mut posted = CollectionInput {
            member_id: due.member_id,
            interest: Dong(100_000),
            savings_deposit: Dong(20_000),
            ..Default::default()
        };
        assert!(check_settlement(&receipted, std::slice::from_ref(&posted)).is_empty());
        posted.savings_deposit = Dong(10_000);
        let errors = check_settlement(&receipted, std::slice::from_ref(&posted));
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].code, errors[0].field),
            ("receipt_not_posted", "Gửi tiết kiệm")
        );
        // A member left out entirely is refused on both amounts.
        assert_eq!(check_settlement(&receipted, &[]).len(), 2);
    }
}
