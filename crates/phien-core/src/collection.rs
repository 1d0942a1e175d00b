//! The group's collection list (mẫu 13/TD) and the rules for recording what
//! a group leader collected: validation, and the split of each member's
//! payment over their loans.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{LoanId, MemberId};
use crate::ledger::EntryKind;
use crate::money::Dong;
use crate::policy::Policy;
use crate::program::ProgramCode;

/// One loan's figures on the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanDue {
    /// Loan.
    pub loan_id: LoanId,
    /// Account number.
    pub account_no: String,
    /// Program.
    pub program: ProgramCode,
    /// Disbursed on (orders the loans: oldest first).
    pub disbursed_on: NaiveDate,
    /// Outstanding principal.
    pub outstanding: Dong,
    /// Of which overdue.
    pub overdue: Dong,
    /// Principal due at the session.
    pub principal_due: Dong,
    /// Interest due (lãi phải thu) when the principal due is paid that day,
    /// the figure the list shows: interest accrues on each day's closing
    /// principal, so principal repaid on the session day bears none that day.
    pub interest_due: Dong,
    /// Interest due if no principal is repaid that day (at least
    /// `interest_due`): the most a member may pay.
    pub interest_due_without_principal: Dong,
    /// Of which arrears (lãi tồn).
    pub interest_arrears: Dong,
}

/// One member's row of 13/TD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDue {
    /// Member.
    pub member_id: MemberId,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub full_name: String,
    /// Member's loans with outstanding balance or interest due.
    pub loans: Vec<LoanDue>,
    /// Savings balance.
    pub savings_balance: Dong,
}

impl MemberDue {
    /// Interest due over all loans.
    pub fn interest_due(&self) -> Dong {
        self.loans.iter().map(|l| l.interest_due).sum()
    }
    /// The most interest the member may pay (no principal repaid that day).
    pub fn interest_ceiling(&self) -> Dong {
        self.loans
            .iter()
            .map(|l| l.interest_due_without_principal)
            .sum()
    }
    /// Arrears over all loans.
    pub fn interest_arrears(&self) -> Dong {
        self.loans.iter().map(|l| l.interest_arrears).sum()
    }
    /// Principal due over all loans.
    pub fn principal_due(&self) -> Dong {
        self.loans.iter().map(|l| l.principal_due).sum()
    }
    /// Outstanding over all loans.
    pub fn outstanding(&self) -> Dong {
        self.loans.iter().map(|l| l.outstanding).sum()
    }
    /// The amounts the 13/TD list prints for the member, in its column
    /// order: outstanding, interest due, of which arrears, principal due,
    /// savings balance.
    pub fn list_figures(&self) -> [Dong; 5] {
        [
            self.outstanding(),
            self.interest_due(),
            self.interest_arrears(),
            self.principal_due(),
            self.savings_balance,
        ]
    }
}

/// The totals line of a 13/TD list: each of [`MemberDue::list_figures`]
/// summed over the members.
pub fn list_totals(members: &[MemberDue]) -> [Dong; 5] {
    let mut totals = [Dong::ZERO; 5];
    for member in members {
        for (total, figure) in totals.iter_mut().zip(member.list_figures()) {
            *total += figure;
        }
    }
    totals
}

/// What was collected from one member (one row typed into 13/TD).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionInput {
    /// Member.
    pub member_id: MemberId,
    /// Thu lãi (cash).
    #[serde(default)]
    pub interest: Dong,
    /// Thu nợ gốc.
    #[serde(default)]
    pub principal: Dong,
    /// Gửi tiết kiệm.
    #[serde(default)]
    pub savings_deposit: Dong,
    /// Rút tiết kiệm.
    #[serde(default)]
    pub savings_withdrawal: Dong,
    /// Thu lãi từ tiết kiệm.
    #[serde(default)]
    pub interest_from_savings: Dong,
    /// Receipt 01/BL number, if written.
    #[serde(default)]
    pub receipt_no: Option<String>,
}

impl CollectionInput {
    /// Cash the leader took in for this member (deposits and payments less withdrawals).
    pub fn cash(&self) -> Dong {
        self.interest + self.principal + self.savings_deposit - self.savings_withdrawal
    }
}

/// An entry to record, produced by [`plan_collection`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedEntry {
    /// Kind.
    pub kind: EntryKind,
    /// Member.
    pub member_id: MemberId,
    /// Loan, for loan entries.
    pub loan_id: Option<LoanId>,
    /// Amount.
    pub amount: Dong,
    /// Receipt number.
    pub receipt_no: Option<String>,
}

/// Why a typed row was refused. `code` is what the UI branches on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{member_name}: {field} = «{value}»: {reason}")]
pub struct CollectionError {
    /// Stable code: `overpayment`, `savings_below_zero`, `deposit_below_minimum`,
    /// `negative_amount`, `unknown_member`, `duplicate_member`.
    pub code: &'static str,
    /// Member.
    pub member_id: MemberId,
    /// Member's name for the message.
    pub member_name: String,
    /// Field (Vietnamese column of 13/TD).
    pub field: &'static str,
    /// Value typed.
    pub value: Dong,
    /// Reason (Vietnamese).
    pub reason: String,
}

/// Validates a group's typed collection against the list and splits each
/// member's payments over their loans: interest to the oldest loan first, up
/// to what each owes; principal to the loan with overdue principal first, then
/// the one due earliest. Any bad row refuses the whole list.
pub fn plan_collection(
    list: &[MemberDue],
    inputs: &[CollectionInput],
    policy: &Policy,
) -> Result<Vec<PlannedEntry>, Vec<CollectionError>> {
    let mut errors = Vec::new();
    let mut planned = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let Some(due) = list.iter().find(|m| m.member_id == input.member_id) else {
            errors.push(CollectionError {
                code: "unknown_member",
                member_id: input.member_id,
                member_name: input.member_id.to_string(),
                field: "Tổ viên",
                value: Dong::ZERO,
                reason: "không có trong danh sách của tổ".into(),
            });
            continue;
        };
        let err = |code, field, value, reason: String| CollectionError {
            code,
            member_id: due.member_id,
            member_name: due.full_name.clone(),
            field,
            value,
            reason,
        };
        if !seen.insert(input.member_id) {
            errors.push(err(
                "duplicate_member",
                "Tổ viên",
                Dong::ZERO,
                "tổ viên bị nhập hai lần".into(),
            ));
            continue;
        }
        let fields = [
            ("Thu lãi", input.interest),
            ("Thu nợ gốc", input.principal),
            ("Gửi tiết kiệm", input.savings_deposit),
            ("Rút tiết kiệm", input.savings_withdrawal),
            ("Thu lãi từ tiết kiệm", input.interest_from_savings),
        ];
        let mut row_ok = true;
        for (field, value) in fields {
            if value < Dong::ZERO {
                errors.push(err(
                    "negative_amount",
                    field,
                    value,
                    "số tiền không được âm".into(),
                ));
                row_ok = false;
            }
        }
        if !row_ok {
            continue;
        }
        let interest_total = input.interest + input.interest_from_savings;
        if interest_total > due.interest_ceiling() {
            errors.push(err(
                "overpayment",
                "Thu lãi",
                interest_total,
                format!("vượt số lãi phải trả {}", due.interest_ceiling()),
            ));
            row_ok = false;
        }
        if input.principal > due.outstanding() {
            errors.push(err(
                "overpayment",
                "Thu nợ gốc",
                input.principal,
                format!("vượt dư nợ {}", due.outstanding()),
            ));
            row_ok = false;
        }
        if input.savings_deposit.is_positive() && input.savings_deposit < policy.min_savings_deposit
        {
            errors.push(err(
                "deposit_below_minimum",
                "Gửi tiết kiệm",
                input.savings_deposit,
                format!("tối thiểu {} mỗi lần gửi", policy.min_savings_deposit),
            ));
            row_ok = false;
        }
        let savings_after = due.savings_balance + input.savings_deposit
            - input.savings_withdrawal
            - input.interest_from_savings;
        if savings_after < Dong::ZERO {
            errors.push(err(
                "savings_below_zero",
                if input.interest_from_savings.is_positive() {
                    "Thu lãi từ tiết kiệm"
                } else {
                    "Rút tiết kiệm"
                },
                input.savings_withdrawal + input.interest_from_savings,
                format!(
                    "số dư tiết kiệm chỉ có {}",
                    due.savings_balance + input.savings_deposit
                ),
            ));
            row_ok = false;
        }
        if !row_ok {
            continue;
        }
        plan_member(due, input, &mut planned);
    }
    if errors.is_empty() {
        Ok(planned)
    } else {
        Err(errors)
    }
}

fn plan_member(due: &MemberDue, input: &CollectionInput, planned: &mut Vec<PlannedEntry>) {
    let entry = |kind, loan_id, amount| PlannedEntry {
        kind,
        member_id: due.member_id,
        loan_id,
        amount,
        receipt_no: input.receipt_no.clone(),
    };
    // Savings first, so interest from savings can use today's deposit.
    if input.savings_deposit.is_positive() {
        planned.push(entry(
            EntryKind::SavingsDeposit,
            None,
            input.savings_deposit,
        ));
    }
    // Principal first: what is due (overdue loans first), then any
    // prepayment, in the same order.
    let mut by_urgency: Vec<&LoanDue> = due.loans.iter().collect();
    by_urgency.sort_by_key(|l| {
        (
            std::cmp::Reverse(l.overdue),
            std::cmp::Reverse(l.principal_due),
            l.disbursed_on,
        )
    });
    let mut principal: Vec<(LoanId, Dong)> =
        by_urgency.iter().map(|l| (l.loan_id, Dong::ZERO)).collect();
    let mut left = input.principal;
    for cap_of in [|l: &LoanDue| l.principal_due, |l: &LoanDue| l.outstanding] {
        for (loan, (_, taken)) in by_urgency.iter().zip(principal.iter_mut()) {
            let take = left.min(cap_of(loan).saturating_sub_zero(*taken));
            *taken += take;
            left -= take;
        }
    }
    let principal_of = |loan: LoanId| {
        principal
            .iter()
            .find(|(id, _)| *id == loan)
            .map_or(Dong::ZERO, |(_, amount)| *amount)
    };

    // Interest, oldest loan first, in three passes so that a loan whose
    // principal is repaid today is not given the day's interest on it: up to
    // the list's figure; then up to the no-repayment figure on loans with no
    // principal today; then whatever is left up to that figure anywhere (the
    // store checks each loan exactly).
    let mut by_age: Vec<&LoanDue> = due.loans.iter().collect();
    by_age.sort_by_key(|l| (l.disbursed_on, l.account_no.clone()));
    let mut interest: Vec<Dong> = vec![Dong::ZERO; by_age.len()];
    let mut left = input.interest + input.interest_from_savings;
    let passes: [&dyn Fn(&LoanDue) -> Dong; 3] = [
        &|l| l.interest_due,
        &|l| {
            if principal_of(l.loan_id).is_positive() {
                l.interest_due
            } else {
                l.interest_due_without_principal
            }
        },
        &|l| l.interest_due_without_principal,
    ];
    for cap_of in passes {
        for (loan, taken) in by_age.iter().zip(interest.iter_mut()) {
            let take = left.min(cap_of(loan).saturating_sub_zero(*taken));
            *taken += take;
            left -= take;
        }
    }
    // Each loan's interest is paid from savings first, then in cash.
    let mut from_savings = input.interest_from_savings;
    for (loan, total) in by_age.iter().zip(interest) {
        let savings_part = from_savings.min(total);
        from_savings -= savings_part;
        for (kind, amount) in [
            (EntryKind::InterestFromSavings, savings_part),
            (EntryKind::InterestPayment, total - savings_part),
        ] {
            if amount.is_positive() {
                planned.push(entry(kind, Some(loan.loan_id), amount));
            }
        }
    }
    for (loan, amount) in principal {
        if amount.is_positive() {
            planned.push(entry(EntryKind::PrincipalRepayment, Some(loan), amount));
        }
    }
    if input.savings_withdrawal.is_positive() {
        planned.push(entry(
            EntryKind::SavingsWithdrawal,
            None,
            input.savings_withdrawal,
        ));
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn member() -> MemberDue {
        MemberDue {
            member_id: MemberId(Uuid::from_u128(1)),
            customer_code: "KH001".into(),
            full_name: "Nguyễn Thị Hoa".into(),
            loans: vec![
                LoanDue {
                    loan_id: LoanId(Uuid::from_u128(11)),
                    account_no: "6600000000001201".into(),
                    program: ProgramCode("01".into()),
                    disbursed_on: d(2024, 3, 1),
                    outstanding: Dong(20_000_000),
                    overdue: Dong::ZERO,
                    principal_due: Dong::ZERO,
                    interest_due: Dong(100_000),
                    interest_due_without_principal: Dong(100_000),
                    interest_arrears: Dong::ZERO,
                },
                LoanDue {
                    loan_id: LoanId(Uuid::from_u128(12)),
                    account_no: "6600000000001202".into(),
                    program: ProgramCode("03".into()),
                    disbursed_on: d(2025, 3, 1),
                    outstanding: Dong(10_000_000),
                    overdue: Dong(2_000_000),
                    principal_due: Dong(2_000_000),
                    interest_due: Dong(60_000),
                    interest_due_without_principal: Dong(60_000),
                    interest_arrears: Dong(10_000),
                },
            ],
            savings_balance: Dong(50_000),
        }
    }

    fn input() -> CollectionInput {
        CollectionInput {
            member_id: MemberId(Uuid::from_u128(1)),
            ..Default::default()
        }
    }

    #[test]
    fn splits_interest_oldest_loan_first_and_principal_overdue_first() {
        let row = CollectionInput {
            interest: Dong(130_000),
            principal: Dong(3_000_000),
            ..input()
        };
        let planned = plan_collection(&[member()], &[row], &Policy::default()).unwrap();
        let amounts: Vec<(EntryKind, u128, i64)> = planned
            .iter()
            .map(|p| (p.kind, p.loan_id.unwrap().0.as_u128(), p.amount.get()))
            .collect();
        assert_eq!(
            amounts,
            vec![
                (EntryKind::InterestPayment, 11, 100_000),
                (EntryKind::InterestPayment, 12, 30_000),
                (EntryKind::PrincipalRepayment, 12, 3_000_000),
            ],
            "interest fills the oldest loan first; principal goes to the loan with overdue principal"
        );
    }

    #[test]
    fn principal_pays_what_is_due_on_each_loan_before_any_prepayment() {
        let mut due = member();
        // Two loans each with 2.000.000 due; the first also has more outstanding.
        due.loans[0].principal_due = Dong(2_000_000);
        due.loans[1].overdue = Dong::ZERO;
        let row = CollectionInput {
            principal: Dong(5_000_000),
            ..input()
        };
        let planned = plan_collection(&[due], &[row], &Policy::default()).unwrap();
        let principal: Vec<(u128, i64)> = planned
            .iter()
            .filter(|p| p.kind == EntryKind::PrincipalRepayment)
            .map(|p| (p.loan_id.unwrap().0.as_u128(), p.amount.get()))
            .collect();
        assert_eq!(
            principal,
            vec![(11, 3_000_000), (12, 2_000_000)],
            "both installments due are paid; the extra 1.000.000 is a prepayment on the first loan in order"
        );
    }

    #[test]
    fn interest_on_a_loan_repaid_today_stops_at_the_lists_figure() {
        let mut due = member();
        // The older loan has 2.000.000 principal due: repaid today, its day's
        // interest on that principal (100.000 → 99.000) is not owed.
        due.loans[0].principal_due = Dong(2_000_000);
        due.loans[0].interest_due = Dong(99_000);
        due.loans[1].principal_due = Dong::ZERO;
        due.loans[1].overdue = Dong::ZERO;
        let row = CollectionInput {
            interest: Dong(159_000),
            principal: Dong(2_000_000),
            ..input()
        };
        let planned = plan_collection(&[due], &[row], &Policy::default()).unwrap();
        let interest: Vec<(u128, i64)> = planned
            .iter()
            .filter(|p| p.kind == EntryKind::InterestPayment)
            .map(|p| (p.loan_id.unwrap().0.as_u128(), p.amount.get()))
            .collect();
        assert_eq!(
            interest,
            vec![(11, 99_000), (12, 60_000)],
            "exactly the list's figures, loan by loan"
        );
    }

    #[test]
    fn refuses_overpayment_and_savings_below_zero() {
        let rows = [CollectionInput {
            interest: Dong(170_000),
            savings_withdrawal: Dong(40_000),
            interest_from_savings: Dong(20_000),
            ..input()
        }];
        let errors = plan_collection(&[member()], &rows, &Policy::default()).unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec!["overpayment", "savings_below_zero"],
            "both faults are reported at once"
        );
        assert_eq!(
            errors[0].to_string(),
            "Nguyễn Thị Hoa: Thu lãi = «190.000 ₫»: vượt số lãi phải trả 160.000 ₫"
        );
    }

    #[test]
    fn deposit_under_5000_is_refused_but_exactly_5000_is_fine() {
        let small = CollectionInput {
            savings_deposit: Dong(4_000),
            ..input()
        };
        assert_eq!(
            plan_collection(&[member()], &[small], &Policy::default()).unwrap_err()[0].code,
            "deposit_below_minimum"
        );
        let ok = CollectionInput {
            savings_deposit: Dong(5_000),
            ..input()
        };
        assert!(plan_collection(&[member()], &[ok], &Policy::default()).is_ok());
    }

    #[test]
    fn interest_from_savings_may_use_todays_deposit() {
        let row = CollectionInput {
            savings_deposit: Dong(20_000),
            interest_from_savings: Dong(70_000),
            ..input()
        };
        let planned = plan_collection(&[member()], &[row], &Policy::default()).unwrap();
        assert_eq!(
            planned[0].kind,
            EntryKind::SavingsDeposit,
            "the deposit is recorded before it is used"
        );
        assert_eq!(
            planned
                .iter()
                .filter(|p| p.kind == EntryKind::InterestFromSavings)
                .map(|p| p.amount)
                .sum::<Dong>(),
            Dong(70_000)
        );
    }
}
