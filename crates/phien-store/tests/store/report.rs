//! The supervisors' reports read from a real file (src/report.rs): the
//! organisation, statuses and tracing reach `phien_core::report`.

use phien_core::ids::{StatusEventId, TraceId};
use phien_core::money::Dong;
use phien_core::report::watchlist::{SortBy, WatchKind};
use phien_core::report::{Level, TracingState};
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};

use crate::fixture::{Fixture, day};

#[test]
fn the_credit_report_covers_every_level_in_the_banks_order() {
    let fx = Fixture::new();
    let on = day(2025, 6, 30);
    let report = fx.store.credit_report(on).expect("the report is readable");
    let outline: Vec<(Level, &str)> = report
        .rows
        .iter()
        .filter(|r| r.level != Level::Borrower)
        .map(|r| (r.level, r.code.as_str()))
        .collect();
    assert_eq!(
        outline,
        vec![
            (Level::Office, "5606"),
            (Level::Point, "DGD-DP"),
            (Level::Association, "HND"),
            (Level::Group, "T01"),
            (Level::Association, "HPN"),
            (Level::Group, "T02"),
            (Level::Association, "CCB"),
            (Level::Association, "DTN"),
        ],
        "office, point, the four associations in the bank's order, each with its groups"
    );
    let borrowers: Vec<&str> = report
        .at(Level::Borrower)
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(
        borrowers.len(),
        5,
        "only the five members with a loan have a line: {borrowers:?}"
    );
    let point = &report
        .at(Level::Point)
        .next()
        .expect("a point line")
        .figures;
    assert_eq!(
        point.outstanding,
        Dong(115_000_000),
        "30 + 20 + 15 + 40 + 10 million, nothing repaid yet"
    );
    let summary = fx
        .store
        .quality_summary(on)
        .expect("the summary is readable");
    assert_eq!(
        &summary.total.figures, point,
        "the quality summary is the report's point line, not a second computation"
    );
    assert_eq!(
        summary.total.name, "Điểm giao dịch xã Diên Phú",
        "named after the point"
    );
}

#[test]
fn a_moved_away_borrower_is_listed_with_the_tracing_log() {
    let mut fx = Fixture::new();
    let member = fx.loans[3].member_id;
    let (event, trace) = (StatusEventId(fx.store.new_id()), TraceId(fx.store.new_id()));
    let recorder = fx.team_leader.id;
    let actor = fx.actor(&fx.team_leader);
    fx.store
        .write(actor, "trace", "", |tx| {
            tx.add_status_event(&StatusEvent {
                id: event,
                member_id: member,
                kind: StatusKind::MovedAway,
                learned_on: day(2025, 5, 2),
                destination: Some("Bình Dương".into()),
                source: "Tổ trưởng".into(),
                note: None,
                recorded_by: recorder,
            })?;
            tx.add_trace(&Trace {
                id: trace,
                event_id: event,
                agency: Agency::Police,
                asked_on: day(2025, 5, 10),
                answer: None,
                answered_on: None,
                recorded_by: recorder,
            })
        })
        .expect("the move and a request are recorded");
    let list = fx
        .store
        .watchlist(WatchKind::MovedAway, SortBy::Amount, day(2025, 6, 1), None)
        .expect("the list is readable");
    assert_eq!(list.rows.len(), 1, "one borrower moved away");
    let row = &list.rows[0];
    let moved = row.moved_away.as_ref().expect("with the move");
    assert_eq!(
        (
            row.amount,
            row.age_days,
            moved.tracing,
            moved.steps[0].agency
        ),
        (
            Dong(40_000_000),
            30,
            TracingState::AwaitingAnswer,
            Agency::Police
        ),
        "the 40.000.000 loan, 30 days since 02/05, the police not answering yet"
    );
    let elsewhere = fx
        .store
        .watchlist(
            WatchKind::MovedAway,
            SortBy::Amount,
            day(2025, 6, 1),
            Some(fx.groups[0].id.0),
        )
        .expect("the list is readable");
    assert!(
        elsewhere.rows.is_empty(),
        "the borrower is in T02, not in T01"
    );
}
