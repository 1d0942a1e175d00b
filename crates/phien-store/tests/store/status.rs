//! Borrower status history and tracing (`Tx::add_status_event`,
//! `Tx::add_trace`, `Tx::answer_trace`), on the statement and in the quality summary.

use chrono::NaiveDate;
use phien_core::ids::{MemberId, StatusEventId, TraceId};
use phien_core::money::Dong;
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use phien_store::StoreError;

use crate::fixture::{Fixture, day};
use crate::refusal;

fn event(
    fx: &mut Fixture,
    member: MemberId,
    kind: StatusKind,
    on: NaiveDate,
    destination: Option<&str>,
) -> StatusEvent {
    StatusEvent {
        id: StatusEventId(fx.store.new_id()),
        member_id: member,
        kind,
        learned_on: on,
        destination: destination.map(str::to_string),
        source: "Tổ trưởng tổ TK&VV".into(),
        note: None,
        recorded_by: fx.team_leader.id,
    }
}

fn add(fx: &mut Fixture, event: &StatusEvent) -> Result<(), StoreError> {
    let actor = fx.actor(&fx.team_leader);
    fx.store.write(actor, "add_status_event", "", |tx| {
        tx.add_status_event(event)
    })
}

#[test]
fn moving_away_needs_a_destination() {
    let mut fx = Fixture::new();
    let member = fx.loans[3].member_id;
    let before = fx.footprint();
    for destination in [None, Some("  ")] {
        let moved = event(
            &mut fx,
            member,
            StatusKind::MovedAway,
            day(2025, 6, 1),
            destination,
        );
        assert_eq!(
            refusal(add(&mut fx, &moved), "a move without a destination"),
            "invalid_field",
            "where the borrower went (or «chưa rõ») is needed to trace them; {destination:?} is not"
        );
    }
    let mut nameless = event(&mut fx, member, StatusKind::Deceased, day(2025, 6, 1), None);
    nameless.source = " ".into();
    assert_eq!(
        refusal(add(&mut fx, &nameless), "an event without a source"),
        "invalid_field",
        "every status event says who told the bank"
    );
    assert_eq!(fx.footprint(), before, "refused events leave nothing");
}

#[test]
fn a_moved_away_borrower_is_traced_and_counted() {
    let mut fx = Fixture::new();
    let member = fx.loans[3].member_id;
    let learned = day(2025, 6, 1);
    let moved = event(
        &mut fx,
        member,
        StatusKind::MovedAway,
        learned,
        Some("TP. Hồ Chí Minh"),
    );
    add(&mut fx, &moved).expect("a move with a destination");

    let trace = Trace {
        id: TraceId(fx.store.new_id()),
        event_id: moved.id,
        agency: Agency::Police,
        asked_on: day(2025, 6, 5),
        answer: None,
        answered_on: None,
        recorded_by: fx.teller.id,
    };
    let actor = fx.actor(&fx.teller);
    fx.store
        .write(actor, "add_trace", "", |tx| tx.add_trace(&trace))
        .expect("a trace line on a moved-away borrower");
    let actor = fx.actor(&fx.teller);
    let answer = "Đang làm công nhân tại KCN Tân Bình";
    fx.store
        .write(actor, "answer_trace", "", |tx| {
            tx.answer_trace(trace.id, &format!("  {answer} "), day(2025, 6, 20))
        })
        .expect("the police answered");

    let statement = fx
        .store
        .member_statement(member, day(2025, 6, 30))
        .expect("statement readable");
    assert_eq!(
        statement.status,
        vec![moved.clone()],
        "the statement shows the status history"
    );
    assert_eq!(
        statement.traces,
        vec![Trace {
            answer: Some(answer.to_string()),
            answered_on: Some(day(2025, 6, 20)),
            ..trace
        }],
        "and the tracing log with its (trimmed) answer"
    );

    let on = day(2025, 6, 30);
    let summary = fx.store.quality_summary(on).expect("summary readable");
    let outstanding = fx.position(3, on).outstanding;
    assert_eq!(
        summary.total.figures.n_moved_away_with_debt, 1,
        "one borrower who moved away still owes"
    );
    assert_eq!(
        summary.total.figures.moved_away_outstanding, outstanding,
        "with the whole outstanding of their loan"
    );
    let t02 = summary
        .groups
        .iter()
        .find(|g| g.name.starts_with("T02"))
        .expect("T02 is in the summary");
    assert_eq!(
        t02.figures.n_moved_away_with_debt, 1,
        "counted in their group"
    );
    let t01 = summary
        .groups
        .iter()
        .find(|g| g.name.starts_with("T01"))
        .expect("T01 is in the summary");
    assert_eq!(
        t01.figures.n_moved_away_with_debt, 0,
        "and not in the other group"
    );
    assert_eq!(
        fx.store
            .quality_summary(day(2025, 5, 31))
            .expect("readable")
            .total
            .figures
            .n_moved_away_with_debt,
        0,
        "before the bank learned of the move, nobody counts as moved away"
    );

    let back = event(
        &mut fx,
        member,
        StatusKind::Returned,
        day(2025, 7, 10),
        None,
    );
    add(&mut fx, &back).expect("the borrower came back");
    let summary = fx
        .store
        .quality_summary(day(2025, 7, 15))
        .expect("readable");
    assert_eq!(
        summary.total.figures.n_moved_away_with_debt, 0,
        "the latest event holds: a returned borrower is no longer moved away"
    );
    assert_eq!(
        summary.total.figures.moved_away_outstanding,
        Dong::ZERO,
        "nor their debt"
    );
}

#[test]
fn only_moved_away_or_missing_borrowers_are_traced() {
    let mut fx = Fixture::new();
    let member = fx.loans[1].member_id;
    let deceased = event(&mut fx, member, StatusKind::Deceased, day(2025, 6, 1), None);
    add(&mut fx, &deceased).expect("a death is recorded");
    let trace = Trace {
        id: TraceId(fx.store.new_id()),
        event_id: deceased.id,
        agency: Agency::SocialInsurance,
        asked_on: day(2025, 6, 5),
        answer: None,
        answered_on: None,
        recorded_by: fx.teller.id,
    };
    let actor = fx.actor(&fx.teller);
    let result = fx
        .store
        .write(actor, "add_trace", "", |tx| tx.add_trace(&trace));
    assert_eq!(
        refusal(result, "tracing a deceased borrower"),
        "invalid_field",
        "tracing is for borrowers whose whereabouts are unknown"
    );
}

#[test]
fn what_people_type_is_never_dated_after_today() {
    let mut fx = Fixture::new();
    let member = fx.loans[3].member_id;
    let today = day(2025, 6, 10);
    let moved = event(
        &mut fx,
        member,
        StatusKind::MovedAway,
        day(2025, 6, 11),
        Some("Bình Dương"),
    );
    let actor = fx.actor(&fx.team_leader);
    let before = fx.footprint();
    let result = fx.store.write(actor, "add_status_event", "", |tx| {
        tx.record_status_event(&moved, today)
    });
    assert_eq!(refusal(result, "news from tomorrow"), "future_date");
    assert_eq!(fx.footprint(), before, "a refused event writes nothing");

    let moved = event(
        &mut fx,
        member,
        StatusKind::MovedAway,
        today,
        Some("Bình Dương"),
    );
    fx.store
        .write(actor, "add_status_event", "", |tx| {
            tx.record_status_event(&moved, today)
        })
        .expect("news learned today");
    let trace = Trace {
        id: TraceId(fx.store.new_id()),
        event_id: moved.id,
        agency: Agency::Police,
        asked_on: day(2025, 6, 11),
        answer: None,
        answered_on: None,
        recorded_by: fx.team_leader.id,
    };
    let before = fx.footprint();
    let result = fx
        .store
        .write(actor, "add_trace", "", |tx| tx.record_trace(&trace, today));
    assert_eq!(refusal(result, "a request made tomorrow"), "future_date");
    let trace = Trace {
        asked_on: today,
        ..trace
    };
    fx.store
        .write(actor, "add_trace", "", |tx| tx.record_trace(&trace, today))
        .expect("a request made today");
    let before_answer = fx.footprint();
    assert_ne!(before_answer, before, "the request was stored");
    for (on, code) in [
        (day(2025, 6, 11), "future_date"),
        (day(2025, 6, 9), "invalid_field"),
    ] {
        let result = fx.store.write(actor, "answer_trace", "", |tx| {
            tx.record_trace_answer(trace.id, "Tạm trú tại Thủ Dầu Một", on, today)
        });
        assert_eq!(refusal(result, "an answer out of time"), code, "{on}");
    }
    let unknown = TraceId(fx.store.new_id());
    let result = fx.store.write(actor, "answer_trace", "", |tx| {
        tx.record_trace_answer(unknown, "Không rõ", today, today)
    });
    match result {
        Err(e @ StoreError::NotFound { .. }) => assert!(
            e.to_string().starts_with("không tìm thấy dòng tra cứu «"),
            "{e}"
        ),
        other => panic!("an answer to an unknown request should be not_found, got {other:?}"),
    }
    assert_eq!(
        fx.footprint(),
        before_answer,
        "refused answers write nothing"
    );
    fx.store
        .write(actor, "answer_trace", "", |tx| {
            tx.record_trace_answer(trace.id, "Tạm trú tại Thủ Dầu Một", today, today)
        })
        .expect("an answer received today");
}

#[test]
fn a_risk_decision_typed_in_is_dated_and_writes_off_something() {
    use phien_core::ids::DecisionId;
    use phien_core::risk::{RiskDecision, RiskMeasure};
    let mut fx = Fixture::new();
    let today = day(2025, 6, 10);
    let decision = |fx: &mut Fixture, decided_on, principal, interest| RiskDecision {
        id: DecisionId(fx.store.new_id()),
        loan_id: fx.loans[0].id,
        decision_no: "15/QĐ-NHCS".into(),
        decided_on,
        measure: RiskMeasure::WriteOff {
            principal: Dong(principal),
            interest: Dong(interest),
        },
        reason: "Người vay chết, không còn người thừa kế".into(),
    };
    let actor = fx.actor(&fx.team_leader);
    let before = fx.footprint();
    for (d, principal, code) in [
        (
            decision(&mut fx, day(2025, 6, 11), 1_000_000, 0),
            "tomorrow",
            "future_date",
        ),
        (decision(&mut fx, today, 0, 0), "nothing", "invalid_field"),
    ] {
        let result = fx.store.write(actor, "add_risk_decision", "", |tx| {
            tx.record_decision(&d, today)
        });
        assert_eq!(refusal(result, principal), code);
    }
    assert_eq!(fx.footprint(), before, "refused decisions write nothing");
    let ok = decision(&mut fx, today, 0, 10_000);
    fx.store
        .write(actor, "add_risk_decision", "", |tx| {
            tx.record_decision(&ok, today)
        })
        .expect("an interest write-off");
}
