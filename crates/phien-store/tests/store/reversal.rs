//! Reversals (`Tx::reverse`): the only way to correct the ledger.

use chrono::{Months, NaiveDate};
use phien_core::ids::EntryId;
use phien_core::ledger::{Entry, EntryKind};
use phien_core::money::Dong;
use phien_store::StoreError;
use proptest::prelude::*;

use crate::fixture::{Fixture, PIN, day};
use crate::refusal;

/// The teller reverses `entry`, approved by the controller with `pin`.
fn reverse(fx: &mut Fixture, entry: EntryId, reason: &str, pin: &str) -> Result<Entry, StoreError> {
    let actor = fx.actor(&fx.teller);
    let approver = fx.controller.id;
    fx.store.write(actor, "reverse", reason, |tx| {
        tx.reverse(entry, reason, approver, pin, None)
    })
}

#[test]
fn a_reversal_needs_a_reason_another_person_and_their_pin() {
    let mut fx = Fixture::new();
    let entry = fx
        .record(fx.loan_entry(
            0,
            EntryKind::InterestPayment,
            Dong(40_000),
            day(2025, 3, 15),
        ))
        .expect("valid payment");
    let before = fx.footprint();

    assert_eq!(
        refusal(
            reverse(&mut fx, entry.id, "   ", PIN),
            "a reversal without a reason"
        ),
        "reason_required",
        "a blank reason is no reason"
    );
    assert_eq!(
        refusal(
            reverse(&mut fx, entry.id, "Nhập nhầm số tiền", "9999"),
            "a reversal with a wrong PIN"
        ),
        "wrong_pin",
        "the approver proves their presence with their PIN"
    );
    let actor = fx.actor(&fx.controller);
    let controller = fx.controller.id;
    let self_approved = fx.store.write(actor, "reverse", "", |tx| {
        tx.reverse(entry.id, "Nhập nhầm số tiền", controller, PIN, None)
    });
    assert_eq!(
        refusal(self_approved, "a reversal approved by its own recorder"),
        "approver_is_recorder",
        "four eyes: whoever records the reversal cannot approve it"
    );
    let teller = fx.teller.id;
    let actor = fx.actor(&fx.team_leader);
    let no_pin_approver = fx.store.write(actor, "reverse", "", |tx| {
        tx.reverse(entry.id, "Nhập nhầm số tiền", teller, PIN, None)
    });
    assert_eq!(
        refusal(no_pin_approver, "approval by someone without that PIN"),
        "wrong_pin",
        "a person with no PIN set cannot approve with a PIN"
    );
    let actor = fx.actor(&fx.team_leader);
    let empty_pin_approver = fx.store.write(actor, "reverse", "", |tx| {
        tx.reverse(entry.id, "Nhập nhầm số tiền", teller, "", None)
    });
    assert_eq!(
        refusal(empty_pin_approver, "approval by someone without a PIN"),
        "wrong_pin",
        "nor without one: a person with no PIN set cannot approve at all"
    );
    assert_eq!(fx.footprint(), before, "refused reversals write nothing");

    let reversal = reverse(&mut fx, entry.id, "Nhập nhầm số tiền", PIN).expect("a proper reversal");
    assert_eq!(
        reversal.kind,
        EntryKind::Reversal,
        "a reversal is an entry of its own"
    );
    assert_eq!(
        reversal.reverses,
        Some(entry.id),
        "naming the entry it cancels"
    );
    assert_eq!(
        reversal.approved_by,
        Some(fx.controller.id),
        "and who approved it"
    );
    assert_eq!(reversal.recorded_by, fx.teller.id, "and who recorded it");
    assert_eq!(reversal.amount, entry.amount, "for the same amount");
    assert_eq!(
        fx.store.entry(reversal.id).expect("stored"),
        reversal,
        "the stored reversal reads back as returned"
    );
}

#[test]
fn reversing_a_repayment_restores_the_position_exactly() {
    let mut fx = Fixture::new();
    let on = day(2025, 9, 15);
    fx.record(fx.loan_entry(
        3,
        EntryKind::InterestPayment,
        Dong(300_000),
        day(2025, 5, 15),
    ))
    .expect("an earlier interest payment");
    let before = fx.position(3, on);
    let repayment = fx
        .record(fx.loan_entry(3, EntryKind::PrincipalRepayment, Dong(5_000_000), on))
        .expect("a valid repayment");
    assert_ne!(fx.position(3, on), before, "the repayment moved the loan");

    reverse(&mut fx, repayment.id, "Tổ trưởng ghi nhầm khế ước", PIN).expect("approved reversal");
    assert_eq!(
        fx.position(3, on),
        before,
        "a reversed entry counts as if it never happened: every figure of the position is as before"
    );
    let later = day(2026, 2, 15);
    let statement = fx
        .store
        .member_statement(fx.loans[3].member_id, later)
        .expect("statement readable");
    let line = statement
        .entries
        .iter()
        .find(|l| l.entry_id == repayment.id)
        .expect("the reversed entry stays on the statement");
    assert!(line.reversed, "and is marked reversed");
    let reversal_line = statement
        .entries
        .iter()
        .find(|l| l.reverses == Some(repayment.id))
        .expect("the reversal is on the statement");
    assert_eq!(
        reversal_line.kind,
        EntryKind::Reversal,
        "as a reversal line"
    );
    assert_eq!(
        reversal_line.reason.as_deref(),
        Some("Tổ trưởng ghi nhầm khế ước"),
        "with its reason"
    );
    assert!(!reversal_line.reversed, "the reversal itself stands");

    assert_eq!(
        refusal(
            reverse(&mut fx, repayment.id, "Lần nữa", PIN),
            "reversing twice"
        ),
        "already_reversed",
        "an entry is reversed at most once"
    );
    assert_eq!(
        refusal(
            reverse(&mut fx, reversal_line.entry_id, "Hủy lệnh hủy", PIN),
            "reversing a reversal"
        ),
        "reverse_reversal",
        "a reversal is corrected by recording the right entry again, not by reversing it"
    );
}

#[test]
fn reversing_a_deposit_that_was_spent_is_refused() {
    let mut fx = Fixture::new();
    let member = fx.loans[4].member_id;
    let on = day(2025, 3, 15);
    let deposit = fx
        .record(fx.savings_entry(member, EntryKind::SavingsDeposit, Dong(50_000), on))
        .expect("a deposit");
    fx.record(fx.savings_entry(member, EntryKind::SavingsWithdrawal, Dong(120_000), on))
        .expect("withdrawing from 150.000 ₫");
    assert_eq!(
        refusal(
            reverse(&mut fx, deposit.id, "Nhầm người gửi", PIN),
            "reversing a spent deposit"
        ),
        "savings_below_zero",
        "cancelling the deposit would leave −20.000 ₫ of savings"
    );
}

#[test]
fn reversing_a_disbursement_that_was_partly_repaid_is_refused() {
    let mut fx = Fixture::new();
    let repayment = fx
        .record(fx.loan_entry(
            4,
            EntryKind::PrincipalRepayment,
            Dong(3_000_000),
            day(2025, 3, 15),
        ))
        .expect("a repayment");
    let disbursement = fx
        .store
        .member_statement(fx.loans[4].member_id, day(2025, 3, 15))
        .expect("statement readable")
        .entries
        .into_iter()
        .find(|l| l.kind == EntryKind::Disbursement)
        .expect("the fixture disbursed the loan")
        .entry_id;
    let before = fx.footprint();
    assert_eq!(
        refusal(
            reverse(&mut fx, disbursement, "Giải ngân nhầm khế ước", PIN),
            "reversing a disbursement with repayments in force"
        ),
        "outstanding_below_zero",
        "cancelling the 10.000.000 ₫ paid out while 3.000.000 ₫ of it stands repaid would leave −3.000.000 ₫ owed"
    );
    assert_eq!(fx.footprint(), before, "the refused reversal wrote nothing");

    reverse(&mut fx, repayment.id, "Thu nhầm", PIN).expect("the repayment is reversed first");
    reverse(&mut fx, disbursement, "Giải ngân nhầm khế ước", PIN)
        .expect("with nothing repaid, the disbursement can be reversed");
    let p = fx.position(4, day(2025, 4, 15));
    assert_eq!(
        (p.disbursed, p.outstanding, p.interest_due),
        (Dong::ZERO, Dong::ZERO, Dong::ZERO),
        "a loan whose only money flows were all reversed owes nothing"
    );
}

/// One payment of a random sequence: which, when (months after disbursement)
/// and how much of what is due (percent).
#[derive(Debug, Clone, Copy)]
struct Payment {
    interest: bool,
    month: u32,
    percent: i64,
}

fn payments() -> impl Strategy<Value = Vec<(Payment, bool)>> {
    prop::collection::vec(
        ((any::<bool>(), 1u32..=30, 1i64..=100), any::<bool>()),
        1..8,
    )
    .prop_map(|rows| {
        let mut rows: Vec<(Payment, bool)> = rows
            .into_iter()
            .map(|((interest, month, percent), reversed)| {
                (
                    Payment {
                        interest,
                        month,
                        percent,
                    },
                    reversed,
                )
            })
            .collect();
        rows.sort_by_key(|(p, _)| p.month);
        rows
    })
}

fn month(m: u32) -> NaiveDate {
    crate::fixture::disbursed_on()
        .checked_add_months(Months::new(m))
        .expect("a date within the loan")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Recording payments and reversing some of them leaves the loan exactly
    /// where recording only the others leaves it.
    #[test]
    fn reversed_payments_count_as_never_made(rows in payments()) {
        let loan = 0;
        let mut with_reversals = Fixture::new();
        let mut recorded: Vec<(Entry, bool)> = Vec::new();
        for (payment, reversed) in &rows {
            let on = month(payment.month);
            let p = with_reversals.position(loan, on);
            let (kind, due) = if payment.interest {
                (EntryKind::InterestPayment, p.interest_due)
            } else {
                (EntryKind::PrincipalRepayment, p.outstanding)
            };
            let amount = Dong((due.get() * payment.percent / 100).max(1));
            if amount > due {
                continue;
            }
            let entry = with_reversals
                .record(with_reversals.loan_entry(loan, kind, amount, on))
                .expect("a payment of at most what is due is valid");
            recorded.push((entry, *reversed));
        }
        for (entry, reversed) in &recorded {
            if *reversed {
                reverse(&mut with_reversals, entry.id, "Ghi nhầm", PIN).expect("approved reversal");
            }
        }

        let mut only_kept = Fixture::new();
        for (entry, reversed) in &recorded {
            if !*reversed {
                only_kept
                    .record(only_kept.loan_entry(loan, entry.kind, entry.amount, entry.value_date))
                    .expect("with fewer payments in force every kept payment is still within what is due");
            }
        }
        let as_of = month(31);
        prop_assert_eq!(
            with_reversals.position(loan, as_of),
            only_kept.position(loan, as_of),
            "the position ignores reversed entries entirely"
        );
    }
}
