//! What survives the store going away: a dropped store and a killed process.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use phien_core::ledger::EntryKind;
use phien_core::money::Dong;
use phien_store::{NewEntry, Store};

use crate::fixture::{Fixture, actor_at, day};

/// Set (to the database path) only in the child process of
/// [`a_commit_survives_the_process_being_killed`].
const CHILD_DB: &str = "PHIEN_STORE_TEST_CHILD_DB";

/// What the child prints once its write has committed.
const COMMITTED: &str = "phien-store-test: child committed";

#[test]
fn data_written_before_a_drop_is_there_after_reopening() {
    let mut fx = Fixture::new();
    let entry = fx
        .record(fx.loan_entry(
            4,
            EntryKind::InterestPayment,
            Dong(77_000),
            day(2025, 4, 15),
        ))
        .expect("a valid payment");
    let statement = fx
        .store
        .member_statement(fx.loans[4].member_id, day(2025, 12, 31))
        .expect("statement readable");
    let (changes, device) = (fx.changes(), fx.store.device_id());
    let Fixture {
        dir, path, store, ..
    } = fx;
    drop(store); // no explicit close: the connection just goes away

    let store = Store::open(&path).expect("the file reopens");
    assert_eq!(
        store.entry(entry.id).expect("the entry is there"),
        entry,
        "committed entries survive"
    );
    assert_eq!(
        store
            .member_statement(statement.member.id, day(2025, 12, 31))
            .expect("statement readable"),
        statement,
        "the whole statement, positions included, is the same after reopening"
    );
    assert_eq!(
        store.changes_after(0, u32::MAX).expect("readable"),
        changes,
        "and so is the outbox"
    );
    assert_eq!(store.device_id(), device, "it is still the same device");
    assert_eq!(
        store.integrity_check().expect("runs"),
        "ok",
        "the file is sound"
    );
    drop(dir);
}

#[test]
fn a_commit_survives_the_process_being_killed() {
    let fx = Fixture::new();
    let Fixture {
        dir, path, store, ..
    } = fx;
    drop(store);
    let output = Command::new(std::env::current_exe().expect("the test binary knows its path"))
        .args([
            "--exact",
            "durability::killed_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, &path)
        .output()
        .expect("the test binary runs as a child process");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(
        stdout.contains(COMMITTED) && !output.status.success(),
        "the child commits, then aborts (no clean close): status {:?}, stdout «{stdout}», stderr «{stderr}»",
        output.status
    );
    assert!(
        dir.path().join("phien.db-wal").exists(),
        "the killed writer left its WAL behind: nothing checkpointed or closed the file"
    );
    let store = Store::open(&path).expect("the file of a killed writer reopens");
    let loan = store
        .loan_id("6600000000000100")
        .expect("the fixture's first loan");
    let statement = store
        .member_statement(
            store
                .member_of_loan("6600000000000100")
                .expect("its borrower"),
            day(2025, 12, 31),
        )
        .expect("statement readable");
    let paid: Vec<Dong> = statement
        .entries
        .iter()
        .filter(|l| l.kind == EntryKind::InterestPayment)
        .map(|l| l.amount)
        .collect();
    assert_eq!(
        paid,
        [Dong(12_345)],
        "the payment the child committed before dying is in the books"
    );
    assert_eq!(
        statement
            .loans
            .iter()
            .find(|l| l.loan.id == loan)
            .map(|l| l.position.interest_paid),
        Some(Dong(12_345)),
        "and counts in the loan's position"
    );
    assert_eq!(
        store.integrity_check().expect("runs"),
        "ok",
        "the recovered file is sound"
    );
}

/// The child of [`a_commit_survives_the_process_being_killed`]: records one
/// payment, then dies without closing anything. Does nothing in a normal run.
#[test]
fn killed_writer() {
    let Some(path) = std::env::var_os(CHILD_DB).map(PathBuf::from) else {
        return;
    };
    let mut store = Store::open(&path).expect("the child opens the parent's file");
    let teller = store.staff_by_code("TQ01").expect("the fixture's teller");
    let loan = store
        .loan_id("6600000000000100")
        .expect("the fixture's first loan");
    let member = store
        .member_of_loan("6600000000000100")
        .expect("its borrower");
    store
        .write(
            actor_at(teller.id, 500),
            "record_entry",
            "tiến trình con",
            |tx| {
                tx.record_entry(NewEntry {
                    kind: EntryKind::InterestPayment,
                    member_id: member,
                    loan_id: Some(loan),
                    amount: Dong(12_345),
                    value_date: day(2025, 3, 15),
                    session_id: None,
                    receipt_no: None,
                })
            },
        )
        .expect("the child's write commits");
    println!("{COMMITTED}");
    std::io::stdout().flush().expect("stdout flushes");
    std::process::abort();
}
