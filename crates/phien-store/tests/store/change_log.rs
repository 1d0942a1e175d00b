//! The change log (sync outbox) and the audit trail that `Store::write`
//! fills through the schema's triggers (src/lib.rs, src/records.rs).

use std::collections::{BTreeMap, BTreeSet};

use phien_core::ids::{DecisionId, MeetingId, MemberId, StatusEventId, TraceId};
use phien_core::ledger::EntryKind;
use phien_core::meeting::{Decision, Meeting, MeetingKind, Presence};
use phien_core::money::Dong;
use phien_core::org::{Gender, HouseholdCategory, Member};
use phien_core::risk::{RiskDecision, RiskMeasure};
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use phien_store::StoreError;

use crate::fixture::{Fixture, cash_count, day};

fn json(row: &str) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_str(row).expect("row_json is a JSON object")
}

#[test]
fn recording_an_entry_logs_the_row_in_the_same_write() {
    let mut fx = Fixture::new();
    let entry = fx
        .record(fx.loan_entry(
            0,
            EntryKind::InterestPayment,
            Dong(123_000),
            day(2025, 4, 15),
        ))
        .expect("a valid interest payment");
    let newest = fx.store.audit_events(1).expect("audit readable").remove(0);
    let rows: Vec<_> = fx
        .changes()
        .into_iter()
        .filter(|c| c.audit_id == newest.id)
        .collect();
    assert_eq!(
        rows.len(),
        1,
        "recording one entry changes one row, and its change row carries that write's audit id"
    );
    let row = &rows[0];
    assert_eq!(
        row.entity, "ledger_entry",
        "the row changed is a ledger entry"
    );
    assert_eq!(
        row.entity_id,
        entry.id.0.to_string(),
        "keyed by the entry's id"
    );
    assert_eq!(row.op, "insert", "entries are only ever inserted");
    assert_eq!(
        row.device_id,
        fx.store.device_id().0.to_string(),
        "numbered for this device"
    );
    let body = json(&row.row_json);
    assert_eq!(
        body["amount"], 123_000,
        "the row as written, amount included"
    );
    assert_eq!(body["kind"], "interest_payment", "with its kind code");
    assert_eq!(body["value_date"], "2025-04-15", "and its value date");
    assert_eq!(
        newest.action, "record_entry",
        "the audit event names the action"
    );
    assert_eq!(
        newest.n_changes, 1,
        "the audit event counts its change rows"
    );
}

#[test]
fn sequence_numbers_have_no_gaps_across_writes() {
    let mut fx = Fixture::new();
    for month in 2..=5 {
        fx.record(fx.loan_entry(
            1,
            EntryKind::InterestPayment,
            Dong(10_000),
            day(2025, month, 15),
        ))
        .expect("small interest payments are valid");
    }
    // A refused write in between must not burn a number.
    let refused = fx.record(fx.loan_entry(
        1,
        EntryKind::PrincipalRepayment,
        Dong(999_999_999),
        day(2025, 6, 15),
    ));
    assert_eq!(
        crate::refusal(refused, "a huge repayment"),
        "overpayment",
        "the amount is refused"
    );
    fx.record(fx.savings_entry(
        fx.loans[1].member_id,
        EntryKind::SavingsDeposit,
        Dong(20_000),
        day(2025, 6, 15),
    ))
    .expect("a deposit is valid");

    let changes = fx.changes();
    let seqs: Vec<i64> = changes.iter().map(|c| c.seq).collect();
    let n = i64::try_from(changes.len()).expect("a small log");
    assert_eq!(
        seqs,
        (1..=n).collect::<Vec<_>>(),
        "this device's changes are numbered 1..=n in order, with no gaps (the sync reads them by number)"
    );
    let device = fx.store.device_id().0.to_string();
    assert!(
        changes.iter().all(|c| c.device_id == device),
        "every change of a fresh file is this device's"
    );
    assert_eq!(
        fx.store.changes_after(n - 2, 10).expect("readable").len(),
        2,
        "changes_after returns what follows a given number"
    );
}

#[test]
fn a_write_whose_closure_fails_leaves_nothing_behind() {
    let mut fx = Fixture::new();
    let before = fx.footprint();
    let group = fx.groups[0].id;
    let actor = fx.actor(&fx.team_leader);
    let result: Result<(), StoreError> = fx.store.write(actor, "add_member", "thử lỗi", |tx| {
        let member = Member {
            id: MemberId(tx.new_id()),
            group_id: group,
            customer_code: "KH9001".into(),
            full_name: "Mai Thị Lan".into(),
            citizen_id: Some("056085009001".into()),
            birth_year: Some(1988),
            gender: Some(Gender::Female),
            village: "Thôn Phú Ân Nam".into(),
            phone: None,
            category: HouseholdCategory::NearPoor,
            joined_on: day(2025, 6, 15),
        };
        tx.insert_member(&member)?;
        assert!(
            tx.conn()
                .query_row(
                    "SELECT count(*) FROM member WHERE customer_code = 'KH9001'",
                    [],
                    |r| r.get::<_, i64>(0)
                )
                .expect("readable inside the write")
                == 1,
            "inside the write its own insert is visible"
        );
        Err(StoreError::Rejected {
            code: "test_abort",
            message: "người dùng hủy".into(),
        })
    });
    assert_eq!(
        crate::refusal(result, "a write whose closure fails"),
        "test_abort",
        "the closure's error is returned"
    );
    assert_eq!(
        fx.footprint(),
        before,
        "no audit event and no change row survive a failed write"
    );
    assert_eq!(
        fx.store
            .member_by_code("KH9001")
            .map(|m| m.id)
            .map_err(|e| e.code()),
        Err("not_found"),
        "and no data: the member inserted before the failure is rolled back"
    );
    // The write context was rolled back too: a raw write is still refused.
    let refused = fx.raw().execute("UPDATE member SET phone = NULL", []);
    assert!(
        crate::sqlite_message(refused, "a raw update after a failed write")
            .contains("write outside a store transaction"),
        "a failed write leaves no open write context behind"
    );
}

#[test]
fn audit_events_name_the_actor_and_the_action() {
    let mut fx = Fixture::new();
    fx.record(fx.loan_entry(
        2,
        EntryKind::InterestPayment,
        Dong(15_000),
        day(2025, 2, 15),
    ))
    .expect("valid interest payment");
    let events = fx.store.audit_events(10).expect("audit readable");
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["record_entry", "disburse", "setup"],
        "one audit event per write, newest first"
    );
    assert_eq!(
        events[0].actor, "TQ01 Phạm Thị Quỹ",
        "the teller recorded the entry: code and name"
    );
    assert_eq!(
        events[2].actor, "TT01 Trần Văn Tâm",
        "the team leader set up the point"
    );
    assert_eq!(
        events[2].detail, "điểm giao dịch thử",
        "the detail given to Store::write is kept"
    );
    assert!(
        events
            .iter()
            .all(|e| e.device_id == fx.store.device_id().0.to_string()),
        "every event names this device"
    );
    let total: u32 = events.iter().map(|e| e.n_changes).sum();
    assert_eq!(
        total as usize,
        fx.changes().len(),
        "every change row belongs to exactly one audit event"
    );
}

#[test]
fn every_synced_table_logs_every_column() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let (point, team, group, leader, second) = (
        fx.point,
        fx.team(),
        fx.groups[0].id,
        fx.groups[0].members[0].id,
        fx.groups[0].members[1].id,
    );
    let (loan, member) = (fx.loans[2].id, fx.loans[2].member_id);
    let actor = fx.actor(&fx.teller);
    let recorder = fx.teller.id;
    fx.store
        .write(actor, "everything", "", |tx| {
            tx.set_policy("inactive_months", "4")?;
            let from = phien_core::dates::Month::of(on);
            tx.set_rating_scheme(from, &phien_core::report::rating::RatingScheme::standard())?;
            tx.set_fee_rate(phien_core::report::fees::FeeRate {
                kind: phien_core::report::fees::FeeKind::AssociationFee,
                from,
                monthly_rate: rust_decimal::Decimal::new(4, 4),
            })?;
            let session = tx.open_session(point, on, &team, Dong::ZERO)?;
            let input = phien_core::collection::CollectionInput {
                member_id: member,
                savings_deposit: Dong(10_000),
                ..Default::default()
            };
            // The teller's account leads the group here, to write its receipts.
            tx.set_group_leader(group, leader, Some(recorder))?;
            let receipt = |member_id, deposit| phien_core::leader::ReceiptInput {
                member_id,
                interest: Dong::ZERO,
                savings_deposit: Dong(deposit),
            };
            let kept = tx.record_leader_receipt(&receipt(member, 10_000), on, on)?;
            let cancelled = tx.record_leader_receipt(&receipt(member, 20_000), on, on)?;
            tx.void_leader_receipt(cancelled.id, "ghi nhầm số tiền")?;
            let handed = tx.record_collection(
                group,
                on,
                Some(session),
                std::slice::from_ref(&input),
                Some((Dong(10_000), None)),
            )?;
            tx.settle_leader_receipts(
                handed
                    .handover
                    .expect("a session's collection records a handover"),
                &[kept.id],
                &[input],
            )?;
            tx.close_session(session, &cash_count(Dong(10_000)), None)?;
            let meeting = MeetingId(tx.new_id());
            tx.insert_meeting(&Meeting {
                id: meeting,
                group_id: group,
                held_on: on,
                kind: MeetingKind::Monthly,
                agenda: "Họp tổ tháng 6".into(),
                attendance: vec![(leader, Presence::Present), (second, Presence::Absent)],
                decisions: vec![Decision::Text {
                    text: "Thu lãi đúng hạn".into(),
                }],
                minutes: "Biên bản họp tổ".into(),
                recorded_by: recorder,
            })?;
            let event = StatusEvent {
                id: StatusEventId(tx.new_id()),
                member_id: member,
                kind: StatusKind::MovedAway,
                learned_on: on,
                destination: Some("Bình Dương".into()),
                source: "Tổ trưởng".into(),
                note: None,
                recorded_by: recorder,
            };
            tx.add_status_event(&event)?;
            let trace = TraceId(tx.new_id());
            tx.add_trace(&Trace {
                id: trace,
                event_id: event.id,
                agency: Agency::Police,
                asked_on: on,
                answer: None,
                answered_on: None,
                recorded_by: recorder,
            })?;
            tx.answer_trace(trace, "Đang làm công nhân ở Thủ Dầu Một", on)?;
            let decision = DecisionId(tx.new_id());
            tx.add_decision(&RiskDecision {
                id: decision,
                loan_id: loan,
                decision_no: "12/QĐ-NHCS".into(),
                decided_on: on,
                measure: RiskMeasure::Extension {
                    new_due_on: day(2026, 7, 15),
                    installment_seq: Some(1),
                },
                reason: "Thiên tai".into(),
            })?;
            Ok(())
        })
        .expect("one of every kind of write");

    let conn = fx.raw();
    let local = [
        "device",
        "write_context",
        "audit_event",
        "change_log",
        "sync_clock",
        "sync_link",
        "sync_quarantine",
    ];
    let tables: BTreeSet<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables listed");
    let synced: BTreeSet<String> = tables
        .into_iter()
        .filter(|t| !local.contains(&t.as_str()))
        .collect();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for change in fx.changes().into_iter().filter(|c| c.op == "insert") {
        seen.entry(change.entity.clone())
            .or_default()
            .extend(json(&change.row_json).keys().cloned());
    }
    assert_eq!(
        seen.keys().cloned().collect::<BTreeSet<_>>(),
        synced,
        "every table except the device-local ones reaches the outbox"
    );
    for (table, keys) in &seen {
        let columns: BTreeSet<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("columns listed");
        assert_eq!(
            keys, &columns,
            "the change row of «{table}» carries every column, so a peer can rebuild the row"
        );
    }
    let leader_rows: Vec<_> = fx
        .changes()
        .into_iter()
        .filter(|c| {
            c.entity == "savings_group" && c.op == "update" && c.entity_id == group.0.to_string()
        })
        .collect();
    let update = json(&leader_rows[0].row_json);
    assert_eq!(
        update["set"]["leader_member_id"],
        leader.0.to_string(),
        "an UPDATE is logged as op 'update' with the changed field's new value"
    );
    assert!(
        update["was"]["leader_member_id"].is_null(),
        "and the value it replaced, so the server can tell a stale edit: {update:?}"
    );
    assert_eq!(
        update["set"].as_object().map(|o| o.len()),
        Some(1),
        "only the changed field travels: {update:?}"
    );
    assert_eq!(update["key"][0], group.0.to_string(), "with the row's key");
    assert!(
        fx.changes().iter().all(|c| c.hlc.is_some()),
        "every change carries its write's clock stamp"
    );
}
