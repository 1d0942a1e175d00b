//! Group leaders' receipts (migrations/0002_leader.sql): written on the
//! leader's account only, append-only in the file itself.

use phien_core::leader::ReceiptInput;
use phien_core::money::Dong;
use phien_store::ReceiptState;

use crate::fixture::{Fixture, day};

#[test]
fn receipts_are_the_leaders_and_stay_as_written() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 10);
    let session_day = day(2025, 6, 15);
    let (group, member, other_group) =
        (fx.groups[0].id, fx.groups[0].members[1].id, fx.groups[1].id);
    let input = ReceiptInput {
        member_id: member,
        interest: Dong::ZERO,
        savings_deposit: Dong(50_000),
    };

    let teller = fx.actor(&fx.teller);
    let err = fx
        .store
        .write(teller, "receipt", "", |tx| {
            tx.record_leader_receipt(&input, on, session_day)
        })
        .expect_err("the teller leads no group");
    assert_eq!(err.code(), "not_group_leader");

    let (leader_id, teller_id) = (fx.groups[0].members[0].id, fx.teller.id);
    let actor = fx.actor(&fx.teller);
    let receipt = fx
        .store
        .write(actor, "receipt", "", |tx| {
            tx.set_group_leader(group, leader_id, Some(teller_id))?;
            tx.record_leader_receipt(&input, on, session_day)
        })
        .expect("the group's leader writes a receipt");
    assert_eq!(receipt.receipt_no, "T01/2025/0001");
    assert_eq!(receipt.state, ReceiptState::Pending);
    assert_eq!(
        fx.store.leader_receipts(other_group, false).unwrap(),
        vec![],
        "a receipt belongs to the leader's group only"
    );

    let late = fx.actor(&fx.teller);
    let err = fx
        .store
        .write(late, "receipt", "", |tx| {
            tx.record_leader_receipt(&input, day(2025, 6, 16), session_day)
        })
        .expect_err("a receipt is not dated after the session it is for");
    assert_eq!(err.code(), "invalid_date");

    let conn = fx.raw();
    for sql in [
        "UPDATE leader_receipt SET savings_deposit = 5000",
        "DELETE FROM leader_receipt",
    ] {
        let err = conn.execute(sql, []).expect_err("the file refuses it");
        assert!(
            err.to_string().contains("phien:"),
            "{sql} is refused by a trigger, not by chance: {err}"
        );
    }
    assert_eq!(
        fx.store.leader_receipts(group, true).unwrap(),
        vec![receipt],
        "the receipt is unchanged"
    );
}
