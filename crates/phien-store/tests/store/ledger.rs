//! The ledger: append-only in the schema itself, and the rules
//! `Tx::record_entry` applies before appending (src/writes.rs).

use phien_core::ledger::EntryKind;
use phien_core::money::Dong;
use rusqlite::params;

use crate::fixture::{Fixture, OPENING_SAVINGS, day};
use crate::{refusal, sqlite_message};

fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("the table is countable")
}

#[test]
fn ledger_entries_cannot_be_updated_or_deleted_even_with_raw_sql() {
    let mut fx = Fixture::new();
    let entry = fx
        .record(fx.loan_entry(
            0,
            EntryKind::InterestPayment,
            Dong(50_000),
            day(2025, 3, 15),
        ))
        .expect("a small interest payment is valid");
    let conn = fx.raw();
    let id = entry.id.0.to_string();

    let message = sqlite_message(
        conn.execute("UPDATE ledger_entry SET amount = 1 WHERE id = ?1", [&id]),
        "a raw UPDATE of a ledger entry",
    );
    assert!(
        message.contains("phien: ledger entries are append-only; record a reversal instead"),
        "the trigger says why and what to do instead, got «{message}»"
    );
    let message = sqlite_message(
        conn.execute("DELETE FROM ledger_entry WHERE id = ?1", [&id]),
        "a raw DELETE of a ledger entry",
    );
    assert!(
        message.contains("phien: ledger entries are append-only"),
        "deleting is refused by the same rule, got «{message}»"
    );
    assert_eq!(
        fx.store.entry(entry.id).expect("the entry is still there"),
        entry,
        "the aborted statements changed nothing in the entry"
    );
}

#[test]
fn change_log_and_audit_trail_cannot_be_updated_or_deleted() {
    let fx = Fixture::new();
    let conn = fx.raw();
    let (n_changes, n_audit) = (count(&conn, "change_log"), count(&conn, "audit_event"));
    for (sql, expected) in [
        (
            "UPDATE change_log SET row_json = '{}'",
            "phien: the change log is append-only",
        ),
        (
            "DELETE FROM change_log",
            "phien: the change log is append-only",
        ),
        (
            "UPDATE audit_event SET action = 'x'",
            "phien: the audit trail is append-only",
        ),
        (
            "DELETE FROM audit_event",
            "phien: the audit trail is append-only",
        ),
    ] {
        let message = sqlite_message(conn.execute(sql, []), sql);
        assert!(
            message.contains(expected),
            "«{sql}» is aborted by its append-only trigger, got «{message}»"
        );
    }
    assert_eq!(
        (count(&conn, "change_log"), count(&conn, "audit_event")),
        (n_changes, n_audit),
        "aborted statements leave both logs as they were"
    );
    assert_eq!(
        fx.changes().len() as i64,
        n_changes,
        "the store sees the same change log"
    );
}

#[test]
fn a_raw_write_outside_a_store_transaction_is_refused() {
    let fx = Fixture::new();
    let conn = fx.raw();
    let members = count(&conn, "member");
    let group = fx.groups[0].id.0.to_string();
    let message = sqlite_message(
        conn.execute(
            "INSERT INTO member (id, group_id, customer_code, full_name, name_folded, village, category, joined_on)
             VALUES (?1, ?2, 'KH9999', 'Lý Văn Lậu', 'ly van lau', 'Thôn Phú Ân Nam', 'poor', '2025-01-01')",
            params![uuid::Uuid::now_v7().to_string(), group],
        ),
        "a raw INSERT into member",
    );
    assert!(
        message.contains("phien: write outside a store transaction"),
        "a change that would escape the change log is refused, got «{message}»"
    );
    let message = sqlite_message(
        conn.execute("UPDATE member SET full_name = 'Lý Văn Lậu'", []),
        "a raw UPDATE of member",
    );
    assert!(
        message.contains("phien: write outside a store transaction"),
        "updates outside Store::write are refused too, got «{message}»"
    );
    assert_eq!(count(&conn, "member"), members, "no member was added");
    assert!(
        fx.store
            .search_members("Lý Văn Lậu", 10)
            .expect("search runs")
            .is_empty(),
        "the refused rows are not visible through the store"
    );
}

#[test]
fn overpaying_interest_or_principal_is_refused_and_changes_nothing() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let p = fx.position(0, on);
    assert!(
        p.interest_due.is_positive(),
        "five months of interest are due"
    );
    let before = fx.footprint();

    let too_much_interest =
        fx.loan_entry(0, EntryKind::InterestPayment, p.interest_due + Dong(1), on);
    assert_eq!(
        refusal(fx.record(too_much_interest), "interest beyond what is due"),
        "overpayment",
        "interest cannot exceed the interest due on the value date"
    );
    let too_much_principal = fx.loan_entry(
        0,
        EntryKind::PrincipalRepayment,
        p.outstanding + Dong(1),
        on,
    );
    assert_eq!(
        refusal(
            fx.record(too_much_principal),
            "principal beyond the outstanding"
        ),
        "overpayment",
        "principal cannot exceed the outstanding balance"
    );
    assert_eq!(
        fx.footprint(),
        before,
        "refused entries leave no change row and no audit event"
    );
    assert_eq!(fx.position(0, on), p, "the loan is exactly where it was");

    let exact = fx.loan_entry(0, EntryKind::InterestPayment, p.interest_due, on);
    fx.record(exact)
        .expect("paying exactly the interest due is allowed");
    assert_eq!(
        fx.position(0, on).interest_due,
        Dong::ZERO,
        "after paying exactly what was due nothing is due that day"
    );
}

#[test]
fn savings_rules_are_enforced_and_refusals_change_nothing() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let saver = fx.loans[0].member_id;
    let before = fx.footprint();

    let small = fx.savings_entry(saver, EntryKind::SavingsDeposit, Dong(4_000), on);
    assert_eq!(
        refusal(fx.record(small), "a 4.000 ₫ deposit"),
        "deposit_below_minimum",
        "the smallest deposit is 5.000 ₫"
    );
    let beyond = fx.savings_entry(
        saver,
        EntryKind::SavingsWithdrawal,
        OPENING_SAVINGS + Dong(1_000),
        on,
    );
    assert_eq!(
        refusal(fx.record(beyond), "a withdrawal beyond the balance"),
        "savings_below_zero",
        "savings never go below zero"
    );
    assert_eq!(fx.footprint(), before, "refused entries leave no trace");

    fx.record(fx.savings_entry(saver, EntryKind::SavingsDeposit, Dong(5_000), on))
        .expect("exactly 5.000 ₫ is the minimum and is accepted");
    fx.record(fx.savings_entry(
        saver,
        EntryKind::SavingsWithdrawal,
        OPENING_SAVINGS + Dong(5_000),
        on,
    ))
    .expect("withdrawing the whole balance is allowed");
    assert_eq!(
        fx.due(0, saver, on).savings_balance,
        Dong::ZERO,
        "100.000 + 5.000 − 105.000 leaves nothing"
    );
}

#[test]
fn an_entry_for_someone_elses_loan_is_refused() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let before = fx.footprint();
    let mut entry = fx.loan_entry(0, EntryKind::InterestPayment, Dong(10_000), on);
    entry.member_id = fx.groups[0].members[4].id;
    assert_eq!(
        refusal(fx.record(entry), "paying a loan in another member's name"),
        "wrong_member",
        "a loan belongs to one borrower; entries must name that borrower"
    );
    let mut no_loan = fx.loan_entry(0, EntryKind::PrincipalRepayment, Dong(10_000), on);
    no_loan.loan_id = None;
    assert_eq!(
        refusal(fx.record(no_loan), "a principal repayment without a loan"),
        "bad_kind",
        "loan kinds need their loan"
    );
    let zero = fx.loan_entry(0, EntryKind::InterestPayment, Dong::ZERO, on);
    assert_eq!(
        refusal(fx.record(zero), "a zero amount"),
        "invalid_amount",
        "amounts are strictly positive"
    );
    assert_eq!(
        fx.footprint(),
        before,
        "none of the refusals wrote anything"
    );
}
