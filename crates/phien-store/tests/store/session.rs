//! Transaction sessions: opening, handovers, the closing count, and what a
//! closed session still accepts (src/writes.rs, src/records.rs, the triggers).

use chrono::NaiveDate;
use phien_core::collection::CollectionInput;
use phien_core::ids::{EntryId, MemberId, SessionId};
use phien_core::ledger::{Entry, EntryKind};
use phien_core::money::Dong;
use phien_core::session::Team;
use phien_store::{CollectionReceipt, NewEntry, StoreError};

use crate::fixture::{Fixture, PIN, cash_count, day};
use crate::refusal;

fn open(fx: &mut Fixture, on: NaiveDate) -> Result<SessionId, StoreError> {
    let team = fx.team();
    open_with(fx, on, &team)
}

fn open_with(fx: &mut Fixture, on: NaiveDate, team: &Team) -> Result<SessionId, StoreError> {
    let actor = fx.actor(&fx.team_leader);
    let point = fx.point;
    fx.store.write(actor, "open_session", "", |tx| {
        tx.open_session(point, on, team, Dong::ZERO)
    })
}

fn collect(
    fx: &mut Fixture,
    group: usize,
    on: NaiveDate,
    session: SessionId,
    inputs: &[CollectionInput],
    handed_over: (Dong, Option<&str>),
) -> Result<CollectionReceipt, StoreError> {
    let actor = fx.actor(&fx.teller);
    let group = fx.groups[group].id;
    fx.store.write(actor, "record_collection", "", |tx| {
        tx.record_collection(group, on, Some(session), inputs, Some(handed_over))
    })
}

fn close(
    fx: &mut Fixture,
    session: SessionId,
    counted: Dong,
    note: Option<&str>,
) -> Result<Dong, StoreError> {
    let actor = fx.actor(&fx.team_leader);
    fx.store.write(actor, "close_session", "", |tx| {
        tx.close_session(session, &cash_count(counted), note)
    })
}

fn row(member: MemberId) -> CollectionInput {
    CollectionInput {
        member_id: member,
        ..Default::default()
    }
}

#[test]
fn a_session_needs_three_people_and_there_is_one_per_day() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let before = fx.footprint();
    let mut two_people = fx.team();
    two_people.controller = two_people.team_leader;
    assert_eq!(
        refusal(
            open_with(&mut fx, on, &two_people),
            "a session run by two people"
        ),
        "team_too_small",
        "leader, controller and teller must be three different people"
    );
    assert_eq!(fx.footprint(), before, "a refused session leaves nothing");
    let session = open(&mut fx, on).expect("a proper team opens the session");
    assert_eq!(
        fx.store.session_on(on).expect("readable"),
        Some(session),
        "the session is found by its date"
    );
    let after_open = fx.footprint();
    assert_eq!(
        refusal(open(&mut fx, on), "a second session the same day"),
        "session_exists",
        "a point holds one session per day"
    );
    assert_eq!(
        fx.footprint(),
        after_open,
        "the refused second session leaves nothing"
    );
    let summary = fx.store.session_summary(session).expect("summary readable");
    assert_eq!(
        summary.team,
        [
            "Trần Văn Tâm".to_string(),
            "Lê Thị Kiểm".into(),
            "Phạm Thị Quỹ".into()
        ],
        "the summary names the team"
    );
    assert!(summary.closed_at.is_none(), "a new session is open");
}

#[test]
fn a_session_day_from_handover_to_close_and_after() {
    let mut fx = Fixture::new();
    let on = day(2025, 6, 15);
    let session = open(&mut fx, on).expect("session opens");
    let g0 = fx.groups[0]
        .members
        .iter()
        .map(|m| m.id)
        .collect::<Vec<_>>();
    let g1 = fx.groups[1]
        .members
        .iter()
        .map(|m| m.id)
        .collect::<Vec<_>>();
    let inputs0 = [
        CollectionInput {
            interest: Dong(200_000),
            savings_deposit: Dong(50_000),
            ..row(g0[0])
        },
        CollectionInput {
            interest: Dong(100_000),
            principal: Dong(1_000_000),
            ..row(g0[1])
        },
        CollectionInput {
            savings_deposit: Dong(20_000),
            ..row(g0[3])
        },
    ];
    let cash0 = Dong(1_370_000);
    assert_eq!(
        inputs0.iter().map(CollectionInput::cash).sum::<Dong>(),
        cash0,
        "test arithmetic"
    );

    let before = fx.footprint();
    assert_eq!(
        refusal(
            collect(
                &mut fx,
                0,
                on,
                session,
                &inputs0,
                (cash0 - Dong(5_000), None)
            ),
            "a short handover without a note"
        ),
        "unexplained_difference",
        "a leader handing over less than the list adds up to must say why"
    );
    assert_eq!(
        fx.footprint(),
        before,
        "the whole collection is refused with its handover"
    );

    let receipt =
        collect(&mut fx, 0, on, session, &inputs0, (cash0, None)).expect("an exact handover");
    assert!(
        receipt.handover.is_some(),
        "the handover is recorded with the collection"
    );
    assert_eq!(
        receipt.cash, cash0,
        "the receipt adds up the cash of the rows"
    );
    assert!(
        receipt
            .entries
            .iter()
            .all(|e| e.session_id == Some(session) && e.value_date == on),
        "the entries belong to the session and take its date"
    );

    let inputs1 = [
        CollectionInput {
            interest: Dong(300_000),
            ..row(g1[0])
        },
        CollectionInput {
            interest: Dong(50_000),
            savings_deposit: Dong(10_000),
            ..row(g1[1])
        },
    ];
    let cash1 = Dong(360_000);
    let note = "Tổ trưởng thiếu 2.000 ₫ tiền lẻ, nộp bù phiên sau";
    collect(
        &mut fx,
        1,
        on,
        session,
        &inputs1,
        (cash1 - Dong(2_000), Some(note)),
    )
    .expect("a difference with a note is accepted");

    let summary = fx.store.session_summary(session).expect("summary readable");
    let expected = cash0 + cash1;
    assert_eq!(
        summary.expected_cash, expected,
        "the till should hold the cash of every entry"
    );
    let totals = |summary: &phien_store::SessionSummary, kind: EntryKind| {
        summary
            .totals
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, n, sum)| (*n, *sum))
    };
    assert_eq!(
        totals(&summary, EntryKind::InterestPayment),
        Some((4, Dong(650_000))),
        "four interest payments (one per borrower's only loan) adding up to 650.000 ₫"
    );
    assert_eq!(
        totals(&summary, EntryKind::PrincipalRepayment),
        Some((1, Dong(1_000_000))),
        "one principal repayment"
    );
    assert_eq!(
        totals(&summary, EntryKind::SavingsDeposit),
        Some((3, Dong(80_000))),
        "three deposits"
    );
    let handovers: Vec<_> = summary
        .handovers
        .iter()
        .map(|(name, h)| (name.as_str(), h.expected, h.handed_over, h.note.as_deref()))
        .collect();
    assert_eq!(
        handovers,
        [
            ("T01 Tổ TK&VV Thôn Phú Ân Nam", cash0, cash0, None),
            (
                "T02 Tổ TK&VV Thôn Đông Hải",
                cash1,
                cash1 - Dong(2_000),
                Some(note)
            ),
        ],
        "each group's handover against what its list adds up to, by group code"
    );

    let difference =
        close(&mut fx, session, expected, None).expect("a count equal to the books closes");
    assert_eq!(difference, Dong::ZERO, "counted equals expected");
    let summary = fx.store.session_summary(session).expect("summary readable");
    assert!(summary.closed_at.is_some(), "the session is closed");
    assert_eq!(summary.counted_cash, Some(expected), "the count is kept");
    assert_eq!(summary.difference, Some(Dong::ZERO), "with no difference");

    // After the close.
    let closed_before = fx.footprint();
    let late = NewEntry {
        session_id: Some(session),
        ..fx.savings_entry(g0[4], EntryKind::SavingsDeposit, Dong(10_000), on)
    };
    assert_eq!(
        refusal(fx.record(late), "an entry into a closed session"),
        "session_closed",
        "a closed session takes no new entries"
    );
    let actor = fx.actor(&fx.teller);
    let device = fx.store.device_id();
    let teller = fx.teller.id;
    let trusted = fx.store.write(actor, "import", "", |tx| {
        let entry = Entry {
            id: EntryId(tx.new_id()),
            kind: EntryKind::SavingsDeposit,
            member_id: g0[4],
            loan_id: None,
            amount: Dong(10_000),
            value_date: on,
            session_id: Some(session),
            recorded_by: teller,
            device_id: device,
            recorded_at: tx.actor().at,
            receipt_no: None,
            reverses: None,
            reason: None,
            approved_by: None,
        };
        tx.append_entry_trusted(&entry)
    });
    assert_eq!(
        refusal(trusted, "a trusted append into a closed session"),
        "session_closed",
        "the schema's trigger refuses it even when the store's own checks are skipped"
    );
    assert_eq!(
        refusal(close(&mut fx, session, expected, None), "closing twice"),
        "session_closed",
        "a closed session stays closed"
    );
    assert_eq!(
        fx.footprint(),
        closed_before,
        "none of the refused writes left anything"
    );

    let reversed = receipt
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::InterestPayment && e.member_id == g0[1])
        .expect("the second member paid interest")
        .clone();
    let actor = fx.actor(&fx.teller);
    let approver = fx.controller.id;
    let reversal = fx
        .store
        .write(actor, "reverse", "", |tx| {
            tx.reverse(
                reversed.id,
                "Thu nhầm của tổ viên khác",
                approver,
                PIN,
                Some(session),
            )
        })
        .expect("an approved reversal may go into a closed session");
    assert_eq!(
        reversal.session_id,
        Some(session),
        "it belongs to the closed session"
    );
    assert_eq!(reversal.value_date, on, "and takes its date");
    let summary = fx.store.session_summary(session).expect("summary readable");
    assert_eq!(
        summary.expected_cash,
        expected - reversed.amount,
        "the reversal takes the cancelled payment's cash out of the till"
    );
    assert_eq!(
        totals(&summary, EntryKind::InterestPayment),
        Some((3, Dong(650_000) - reversed.amount)),
        "the reversed payment no longer counts"
    );
    assert_eq!(
        totals(&summary, EntryKind::Reversal),
        Some((1, reversed.amount)),
        "the reversal is listed"
    );
}

#[test]
fn a_count_that_differs_from_the_books_needs_a_note() {
    let mut fx = Fixture::new();
    let on = day(2025, 7, 15);
    let session = open(&mut fx, on).expect("session opens");
    let member = fx.groups[0].members[4].id;
    let inputs = [CollectionInput {
        savings_deposit: Dong(30_000),
        ..row(member)
    }];
    collect(&mut fx, 0, on, session, &inputs, (Dong(30_000), None)).expect("a deposit");
    let before = fx.footprint();
    assert_eq!(
        refusal(
            close(&mut fx, session, Dong(25_000), None),
            "a short count without a note"
        ),
        "unexplained_difference",
        "5.000 ₫ missing from the till must be explained"
    );
    assert_eq!(
        refusal(
            close(&mut fx, session, Dong(25_000), Some("  ")),
            "a blank note"
        ),
        "unexplained_difference",
        "a blank note explains nothing"
    );
    assert_eq!(
        fx.footprint(),
        before,
        "refused closes leave the session open and untouched"
    );
    assert!(
        fx.store
            .session_summary(session)
            .expect("readable")
            .closed_at
            .is_none(),
        "still open"
    );
    let note = "Thiếu 5.000 ₫, thủ quỹ nộp bù";
    let difference =
        close(&mut fx, session, Dong(25_000), Some(note)).expect("an explained difference closes");
    assert_eq!(difference, Dong(-5_000), "counted − expected");
    let summary = fx.store.session_summary(session).expect("readable");
    assert_eq!(
        summary.difference,
        Some(Dong(-5_000)),
        "the difference is kept"
    );
    assert_eq!(
        summary.difference_note.as_deref(),
        Some(note),
        "with its note"
    );
    assert_eq!(summary.counted_cash, Some(Dong(25_000)), "and the count");
}

#[test]
fn entries_of_a_session_take_its_date() {
    let mut fx = Fixture::new();
    let session = open(&mut fx, day(2025, 8, 15)).expect("session opens");
    let wrong_day = NewEntry {
        session_id: Some(session),
        ..fx.savings_entry(
            fx.groups[1].members[2].id,
            EntryKind::SavingsDeposit,
            Dong(10_000),
            day(2025, 8, 16),
        )
    };
    assert_eq!(
        refusal(fx.record(wrong_day), "an entry dated after its session"),
        "wrong_session_date",
        "the value date of a session's entry is the session's date"
    );
}

/// The team brings cash from the district office to pay out loans; the close
/// counts it back with the day's collections.
#[test]
fn cash_brought_from_the_office_is_part_of_the_count() {
    let mut fx = Fixture::new();
    let on = day(2025, 7, 15);
    let actor = fx.actor(&fx.team_leader);
    let (point, team) = (fx.point, fx.team());
    let session = fx
        .store
        .write(actor, "open_session", "", |tx| {
            tx.open_session(point, on, &team, Dong(2_000_000))
        })
        .expect("a session opens with cash from the office");
    let member = fx.groups[0].members[3].id;
    let mut deposit = fx.savings_entry(member, EntryKind::SavingsDeposit, Dong(50_000), on);
    deposit.session_id = Some(session);
    fx.record(deposit).expect("a deposit at the counter");
    let summary = fx.store.session_summary(session).expect("summary");
    assert_eq!(summary.opening_cash, Dong(2_000_000));
    assert_eq!(
        summary.expected_cash,
        Dong(2_050_000),
        "the advance plus the deposit"
    );
    let err = close(&mut fx, session, Dong(50_000), None)
        .expect_err("forgetting the advance is a difference");
    assert_eq!(err.code(), "unexplained_difference");
    assert_eq!(
        close(&mut fx, session, Dong(2_050_000), None).expect("the count matches"),
        Dong::ZERO
    );
}

/// A closed session's figures are history: reversing one of its entries
/// later, outside it, changes neither its totals nor its cash.
#[test]
fn a_later_reversal_elsewhere_does_not_rewrite_a_closed_session() {
    let mut fx = Fixture::new();
    let on = day(2025, 7, 15);
    let session = open(&mut fx, on).expect("session opens");
    let member = fx.groups[0].members[3].id;
    let mut deposit = fx.savings_entry(member, EntryKind::SavingsDeposit, Dong(50_000), on);
    deposit.session_id = Some(session);
    let entry = fx.record(deposit).expect("a deposit at the counter");
    close(&mut fx, session, Dong(50_000), None).expect("the count matches");
    let before = fx.store.session_summary(session).expect("summary");

    let (teller, controller) = (fx.teller.clone(), fx.controller.clone());
    let actor = fx.actor(&teller);
    fx.store
        .write(actor, "reverse_entry", "", |tx| {
            tx.reverse(entry.id, "Ghi nhầm người gửi", controller.id, PIN, None)
        })
        .expect("an approved reversal outside any session");
    let after = fx.store.session_summary(session).expect("summary");
    assert_eq!(
        after.totals, before.totals,
        "the closed session still shows what it took that day"
    );
    assert_eq!(
        after.expected_cash, before.expected_cash,
        "and its cash is unchanged"
    );
}
