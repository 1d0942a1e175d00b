//! Applying pulled pages (`Store::apply_pulled`): runs of inserts into one
//! table go in as one statement, and a run with a row that is already here or
//! that the file refuses is applied row by row, each row settled as it would
//! be alone.

use chrono::{TimeZone, Utc};
use phien_core::ids::StaffId;
use phien_core::ledger::EntryKind;
use phien_core::money::Dong;
use phien_store::{Actor, ApplyReport, Incoming, Store};

use crate::fixture::{Fixture, day, empty_store, enrolled, incoming, raw};

fn sync_actor() -> Actor {
    Actor {
        staff: StaffId(uuid::Uuid::nil()),
        at: Utc
            .with_ymd_and_hms(2025, 3, 1, 0, 0, 0)
            .single()
            .expect("an instant"),
    }
}

fn entries(path: &std::path::Path) -> Vec<(String, i64)> {
    raw(path)
        .prepare("SELECT id, amount FROM ledger_entry ORDER BY id")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("entries readable")
}

#[test]
fn a_page_of_inserts_is_applied_in_runs_and_a_bad_row_is_set_aside_alone() {
    let mut a = Fixture::new();
    let member = a.groups[0].members[0].id;
    for i in 0..150 {
        let entry = a.savings_entry(
            member,
            EntryKind::SavingsDeposit,
            Dong(10_000 + 1_000 * i),
            day(2025, 2, 15),
        );
        a.record(entry).expect("a deposit is recorded");
    }
    let mut page = incoming(&a.changes());
    let deposits: Vec<usize> = (0..page.len())
        .filter(|i| page[*i].entity == "ledger_entry")
        .collect();
    assert!(deposits.len() >= 150, "the page holds the deposits");
    // One deposit names a member the file does not have: the file refuses it.
    let broken = deposits[deposits.len() - 40];
    page[broken].body = page[broken]
        .body
        .replace(&member.0.to_string(), &uuid::Uuid::nil().to_string());
    // One has text with escapes (read as a copy, not borrowed from the page),
    // one an amount that is not an integer (its run is applied row by row).
    let edit = |body: &str, field: &str, value: serde_json::Value| {
        let mut row: serde_json::Value = serde_json::from_str(body).expect("a row");
        row[field] = value;
        row.to_string()
    };
    let escaped = deposits[deposits.len() - 60];
    page[escaped].body = edit(&page[escaped].body, "receipt_no", "BL \"01\"\n".into());
    let fractional = deposits[deposits.len() - 20];
    page[fractional].body = edit(&page[fractional].body, "amount", 1.5.into());

    // The page up to a deposit in the middle of a run arrives first: the
    // whole page then starts with rows already here and a run half applied;
    // then the whole page comes again.
    let early = deposits[deposits.len() - 80];
    let pages = [&page[..=early], &page[..], &page[..]];

    // B applies pages; C applies the same changes one at a time (never a
    // run): both must end alike, with the same reports.
    let (_b_dir, b_path, mut b) = empty_store();
    let (_c_dir, c_path, mut c) = empty_store();
    enrolled(&mut b);
    enrolled(&mut c);
    for (n, page) in pages.iter().enumerate() {
        let batched = b
            .apply_pulled(sync_actor(), page, 0)
            .expect("a page applies");
        let mut alone = ApplyReport::default();
        for change in page.iter() {
            let one = c
                .apply_pulled(sync_actor(), std::slice::from_ref(change), 0)
                .expect("a change applies");
            alone.applied += one.applied;
            alone.duplicates += one.duplicates;
            alone.superseded += one.superseded;
            alone.quarantined += one.quarantined;
        }
        assert_eq!(
            batched, alone,
            "page {n}: in runs, each row settles as it would alone"
        );
    }
    let set_aside = |store: &Store| -> Vec<(String, String)> {
        let mut q: Vec<_> = store
            .sync_quarantine()
            .expect("readable")
            .into_iter()
            .map(|q| (q.entity_id, q.code))
            .collect();
        q.sort();
        q
    };
    assert_eq!(set_aside(&b), set_aside(&c));
    assert!(
        set_aside(&b).contains(&(page[broken].entity_id.clone(), "refused_here".to_owned())),
        "the broken deposit is set aside with the file's reason"
    );
    assert!(
        set_aside(&b).contains(&(page[fractional].entity_id.clone(), "bad_change".to_owned())),
        "the fractional amount is set aside as the row path says"
    );
    let receipt: String = raw(&b_path)
        .query_row(
            "SELECT receipt_no FROM ledger_entry WHERE id = ?1",
            [&page[escaped].entity_id],
            |r| r.get(0),
        )
        .expect("the entry with escapes arrived");
    assert_eq!(receipt, "BL \"01\"\n");
    let mut expected = entries(&a.path);
    expected.retain(|(id, _)| *id != page[broken].entity_id && *id != page[fractional].entity_id);
    assert_eq!(
        entries(&b_path),
        expected,
        "every other entry arrived as it was"
    );
    assert_eq!(entries(&c_path), expected);
    assert!(
        b.changes_after(0, u32::MAX).expect("readable").is_empty(),
        "pulled rows are not logged again: they are in their device's log"
    );
}

#[test]
fn its_own_edits_of_a_session_it_closed_come_back_as_no_ops() {
    // The server hands a device's own edits back (every device then ends in
    // the server's order); a closed session may not change, so the same
    // values must be taken as already here — not set aside for review.
    let mut a = Fixture::new();
    let (point, on, team) = (a.point, day(2025, 2, 15), a.team());
    let actor = a.actor(&a.team_leader);
    let session = a
        .store
        .write(actor, "open_session", "", |tx| {
            tx.open_session(point, on, &team, Dong::ZERO)
        })
        .expect("opened");
    a.store
        .write(actor, "close_session", "", |tx| {
            tx.close_session(session, &crate::fixture::cash_count(Dong::ZERO), None)
        })
        .expect("closed");
    let back: Vec<Incoming> = incoming(&a.changes())
        .into_iter()
        .filter(|c| c.entity == "session" && c.op == "update")
        .collect();
    assert!(!back.is_empty(), "closing is an edit of the session");
    enrolled(&mut a.store);
    let pushed = a.changes().last().expect("changes").seq;
    a.store
        .acknowledge_push(pushed, &[])
        .expect("all pushed and acknowledged");
    let report = a
        .store
        .apply_pulled(sync_actor(), &back, 0)
        .expect("the page applies");
    assert_eq!(report.quarantined, 0, "{report:?}");
    assert_eq!(report.duplicates as usize, back.len());

    // Another value for a closed session is still refused, and set aside.
    let mut other = back[0].clone();
    other.cursor = 99;
    other.body = other
        .body
        .replacen("\"set\":{", "\"set\":{\"difference_note\":\"sửa sau\",", 1);
    let report = a
        .store
        .apply_pulled(sync_actor(), &[other], 0)
        .expect("the page applies");
    assert_eq!(report.quarantined, 1, "a closed session stays closed");
}
