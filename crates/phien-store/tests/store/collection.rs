//! A group's collection list (13/TD) and recording what the leader collected
//! as one all-or-nothing write (src/book.rs, `Tx::record_collection`).

use phien_core::collection::CollectionInput;
use phien_core::ids::MemberId;
use phien_core::ledger::EntryKind;
use phien_core::money::Dong;
use phien_store::{CollectionReceipt, StoreError};

use crate::fixture::{Fixture, OPENING_SAVINGS, day};

fn collect(
    fx: &mut Fixture,
    group: usize,
    inputs: &[CollectionInput],
) -> Result<CollectionReceipt, StoreError> {
    let actor = fx.actor(&fx.teller);
    let group = fx.groups[group].id;
    fx.store.write(actor, "record_collection", "", |tx| {
        tx.record_collection(group, day(2025, 6, 15), None, inputs, None)
    })
}

fn row(member: MemberId) -> CollectionInput {
    CollectionInput {
        member_id: member,
        ..Default::default()
    }
}

#[test]
fn the_list_shows_every_member_with_what_they_owe() {
    let fx = Fixture::new();
    let list = fx
        .store
        .collection_list(fx.groups[0].id, day(2025, 6, 15))
        .expect("list readable");
    assert_eq!(list.len(), 5, "every member of the group is on the list");
    let borrowers: Vec<&str> = list
        .iter()
        .filter(|m| !m.loans.is_empty())
        .map(|m| m.full_name.as_str())
        .collect();
    assert_eq!(
        borrowers.len(),
        3,
        "three members of T01 have a loan: {borrowers:?}"
    );
    let hoa = list
        .iter()
        .find(|m| m.member_id == fx.loans[0].member_id)
        .expect("Nguyễn Thị Hoa is on the list");
    assert_eq!(
        hoa.full_name, "Nguyễn Thị Hoa",
        "names keep their diacritics"
    );
    assert_eq!(hoa.outstanding(), Dong(30_000_000), "nothing repaid yet");
    assert_eq!(hoa.savings_balance, OPENING_SAVINGS, "the opening deposit");
    assert_eq!(
        hoa.interest_due(),
        fx.position(0, day(2025, 6, 15)).interest_due,
        "the list's interest is the statement's interest"
    );
    assert!(
        hoa.interest_due().is_positive(),
        "five months of interest are due"
    );
}

#[test]
fn one_bad_row_refuses_the_whole_list() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let m: Vec<MemberId> = fx.groups[0].members.iter().map(|m| m.id).collect();
    let owed = fx.due(0, m[1], on).interest_due();
    let before = fx.footprint();
    let list_before = fx
        .store
        .collection_list(fx.groups[0].id, on)
        .expect("readable");
    let inputs = [
        CollectionInput {
            interest: Dong(100_000),
            ..row(m[0])
        },
        CollectionInput {
            interest: owed + Dong(1_000),
            ..row(m[1])
        },
        CollectionInput {
            savings_deposit: Dong(20_000),
            ..row(m[2])
        },
        CollectionInput {
            savings_deposit: Dong(3_000),
            ..row(m[3])
        },
        CollectionInput {
            savings_withdrawal: Dong(10_000),
            ..row(m[4])
        },
    ];
    let err = match collect(&mut fx, 0, &inputs) {
        Ok(receipt) => panic!("a list with bad rows must be refused, got {receipt:?}"),
        Err(e) => e,
    };
    assert_eq!(
        err.code(),
        "collection_invalid",
        "the UI branches on this code"
    );
    let StoreError::Collection(errors) = err else {
        panic!("the refusal lists the bad rows, got {err:?}");
    };
    let bad: Vec<(MemberId, &str)> = errors.iter().map(|e| (e.member_id, e.code)).collect();
    assert_eq!(
        bad,
        [
            (m[1], "overpayment"),
            (m[3], "deposit_below_minimum"),
            (m[4], "savings_below_zero"),
        ],
        "every bad row is named with its own code, in the order typed; good rows are not listed"
    );
    assert!(
        errors[0].to_string().starts_with("Trần Văn Bình: Thu lãi"),
        "the message names the member and the column: {}",
        errors[0]
    );
    assert_eq!(
        fx.footprint(),
        before,
        "nothing of the list was stored, not even the good rows"
    );
    assert_eq!(
        fx.store
            .collection_list(fx.groups[0].id, on)
            .expect("readable"),
        list_before,
        "the list is unchanged"
    );
}

#[test]
fn a_good_list_is_stored_and_the_next_list_shows_it() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let m: Vec<MemberId> = fx.groups[0].members.iter().map(|m| m.id).collect();
    let before: Vec<_> = m.iter().map(|id| fx.due(0, *id, on)).collect();
    let inputs = [
        CollectionInput {
            interest: Dong(100_000),
            savings_deposit: Dong(50_000),
            receipt_no: Some("0001234".into()),
            ..row(m[0])
        },
        CollectionInput {
            interest_from_savings: Dong(60_000),
            ..row(m[1])
        },
        CollectionInput {
            principal: Dong(2_000_000),
            ..row(m[2])
        },
        CollectionInput {
            savings_deposit: Dong(15_000),
            ..row(m[3])
        },
    ];
    let receipt = collect(&mut fx, 0, &inputs).expect("a valid list");
    let kinds: Vec<(MemberId, EntryKind, Dong)> = receipt
        .entries
        .iter()
        .map(|e| (e.member_id, e.kind, e.amount))
        .collect();
    assert_eq!(
        kinds,
        [
            (m[0], EntryKind::SavingsDeposit, Dong(50_000)),
            (m[0], EntryKind::InterestPayment, Dong(100_000)),
            (m[1], EntryKind::InterestFromSavings, Dong(60_000)),
            (m[2], EntryKind::PrincipalRepayment, Dong(2_000_000)),
            (m[3], EntryKind::SavingsDeposit, Dong(15_000)),
        ],
        "each row becomes its entries, in the order typed, a member's deposit first"
    );
    assert_eq!(
        receipt.cash,
        Dong(2_165_000),
        "interest from savings moves no cash"
    );
    assert!(
        receipt
            .entries
            .iter()
            .filter(|e| e.member_id == m[0])
            .all(|e| e.receipt_no.as_deref() == Some("0001234")),
        "the receipt number is kept on the member's entries"
    );

    let after: Vec<_> = m.iter().map(|id| fx.due(0, *id, on)).collect();
    assert_eq!(
        after[0].interest_due(),
        before[0].interest_due() - Dong(100_000),
        "the interest paid is no longer due"
    );
    assert_eq!(
        after[0].outstanding(),
        before[0].outstanding(),
        "paying interest repays no principal"
    );
    assert_eq!(
        after[2].outstanding(),
        before[2].outstanding() - Dong(2_000_000),
        "the principal repaid is no longer outstanding"
    );
    assert!(
        after[2].interest_due() < before[2].interest_due(),
        "interest accrues on each day's closing balance, so a repayment lowers even the same day's interest"
    );
    assert_eq!(
        after[0].savings_balance,
        OPENING_SAVINGS + Dong(50_000),
        "the deposit is in the savings"
    );
    assert_eq!(
        after[1].interest_due(),
        before[1].interest_due() - Dong(60_000),
        "interest paid from savings is paid"
    );
    assert_eq!(
        after[1].savings_balance,
        OPENING_SAVINGS - Dong(60_000),
        "and taken out of the savings"
    );
    assert_eq!(
        after[3].savings_balance,
        Dong(15_000),
        "a non-borrower's first deposit"
    );
    assert_eq!(after[4], before[4], "a member with no row is untouched");
}

/// Interest accrues on each day's closing principal, so principal repaid at
/// the session bears no interest that day: the list's interest assumes the
/// principal due is paid, and paying the higher no-repayment figure together
/// with the principal is an overpayment.
#[test]
fn principal_repaid_at_the_session_bears_no_interest_that_day() {
    let session_day = day(2026, 1, 15);
    let collect_on = |fx: &mut Fixture, inputs: &[CollectionInput]| {
        let actor = fx.actor(&fx.teller);
        let group = fx.groups[0].id;
        fx.store.write(actor, "record_collection", "", |tx| {
            tx.record_collection(group, session_day, None, inputs, None)
        })
    };
    let mut fx = Fixture::new();
    let member = fx.loans[0].member_id;
    let due = fx.due(0, member, session_day);
    let loan = &due.loans[0];
    assert_eq!(
        loan.principal_due,
        Dong(10_000_000),
        "the first third of the 30.000.000 loan falls due on 15/01/2026"
    );
    // One day of 10.000.000 at 6,24 %: 624.000 / 365 = 1.709,6; month rounding may move it by 1 đồng.
    let difference = (loan.interest_due_without_principal - loan.interest_due).get();
    assert!(
        (1_709..=1_711).contains(&difference),
        "one day's interest on the installment: {difference}"
    );

    let too_much = CollectionInput {
        interest: loan.interest_due_without_principal,
        principal: loan.principal_due,
        ..row(member)
    };
    let before = fx.footprint();
    match collect_on(&mut fx, &[too_much]) {
        Err(StoreError::Collection(errors)) => {
            assert_eq!(errors[0].code, "overpayment", "{errors:?}");
        }
        other => panic!("interest for a day on repaid principal must be refused: {other:?}"),
    }
    assert_eq!(fx.footprint(), before, "the refused list wrote nothing");

    let exact = CollectionInput {
        interest: loan.interest_due,
        principal: loan.principal_due,
        ..row(member)
    };
    collect_on(&mut fx, &[exact]).expect("the list's figures are accepted");
    let after = fx.position(0, session_day);
    assert_eq!(
        after.interest_due,
        Dong::ZERO,
        "the list's interest was exactly what was due after the repayment"
    );
    assert_eq!(after.outstanding, Dong(20_000_000));

    // Without a repayment the higher figure is what is due, and it is accepted.
    let mut fx = Fixture::new();
    let member = fx.loans[0].member_id;
    let ceiling = fx.due(0, member, session_day).loans[0].interest_due_without_principal;
    let no_principal = CollectionInput {
        interest: ceiling,
        ..row(member)
    };
    collect_on(&mut fx, &[no_principal])
        .expect("a member who does not repay owes the full day's interest");
    assert_eq!(fx.position(0, session_day).interest_due, Dong::ZERO);
}
