//! The supervisors' reports read from a real file (src/report.rs): the
//! organisation, sessions, statuses, tracing and savings reach
//! `phien_core::report`, and the reports' configuration is stored per month,
//! checked, and change-logged.

use phien_core::collection::CollectionInput;
use phien_core::dates::Month;
use phien_core::ids::{StatusEventId, TraceId};
use phien_core::ledger::EntryKind;
use phien_core::money::Dong;
use phien_core::report::compare::Indicator;
use phien_core::report::fees::{FeeKind, FeeRate};
use phien_core::report::rating::{Criterion, GradeBands, RatingScheme};
use phien_core::report::series::SeriesValue;
use phien_core::report::watchlist::{SortBy, WatchKind};
use phien_core::report::{Level, TracingState};
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use rust_decimal::Decimal;

use crate::fixture::{Fixture, OPENING_SAVINGS, day};
use crate::refusal;

fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).expect("a valid month")
}

/// T01's three borrowers pay their whole 13/TD interest at the session of
/// 15/02/2025; T02's two pay nothing.
fn february_session(fx: &mut Fixture) {
    let on = day(2025, 2, 15);
    let (point, team, group) = (fx.point, fx.team(), fx.groups[0].id);
    let list = fx
        .store
        .collection_list(group, on)
        .expect("the 13/TD list is readable");
    let inputs: Vec<CollectionInput> = list
        .iter()
        .filter(|m| m.interest_due().is_positive())
        .map(|m| CollectionInput {
            member_id: m.member_id,
            interest: m.interest_due(),
            ..Default::default()
        })
        .collect();
    assert_eq!(inputs.len(), 3, "T01 has three borrowers");
    let actor = fx.actor(&fx.teller);
    fx.store
        .write(actor, "session", "", |tx| {
            let session = tx.open_session(point, on, &team, Dong::ZERO)?;
            tx.record_collection(group, on, Some(session), &inputs, None)
        })
        .expect("the session and T01's list are recorded");
}

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
fn the_months_interest_collection_and_rating_read_sessions_and_savings() {
    let mut fx = Fixture::new();
    february_session(&mut fx);
    let report = fx
        .store
        .credit_report(day(2025, 2, 28))
        .expect("the report is readable");
    let rate = |code: &str| {
        report
            .at(Level::Group)
            .find(|r| r.code == code)
            .and_then(|r| r.figures.interest_collection_rate_pct)
    };
    assert_eq!(
        rate("T01"),
        Some(Decimal::ONE_HUNDRED),
        "T01 paid what its list asked at the session: 100 %"
    );
    assert_eq!(rate("T02"), Some(Decimal::ZERO), "T02 paid nothing: 0 %");

    let ratings = fx
        .store
        .group_ratings(month(2025, 2), day(2026, 1, 1))
        .expect("the ratings are readable");
    assert_eq!(
        ratings.as_of,
        day(2025, 2, 28),
        "a past month is measured through its last day"
    );
    let t01 = &ratings.groups[0];
    let measured = |criterion: Criterion| {
        let c = t01
            .breakdown
            .iter()
            .find(|c| c.rule.criterion == criterion)
            .expect("every criterion is scored");
        (c.numerator, c.denominator)
    };
    assert_eq!(
        measured(Criterion::MembersSaving),
        (3, 3),
        "T01's three borrowers each hold the savings they opened with"
    );
    assert_eq!(
        measured(Criterion::SavingsGrowth),
        (0, 3 * OPENING_SAVINGS.get()),
        "no deposit in February: 300.000 at both ends"
    );
    let (paid_at_session, paid) = measured(Criterion::TransactionsAtPoint);
    assert!(
        paid > 0 && paid_at_session == paid,
        "everything T01 paid was paid on the session day: {paid_at_session} of {paid}"
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

#[test]
fn rating_schemes_are_stored_per_month_checked_and_change_logged() {
    let mut fx = Fixture::new();
    let mut scheme = RatingScheme::standard();
    scheme.bands = GradeBands {
        tot: Decimal::from(85),
        kha: Decimal::from(70),
        trung_binh: Decimal::from(50),
    };
    let before = fx.changes().len();
    let actor = fx.actor(&fx.team_leader);
    fx.store
        .write(actor, "set_rating_scheme", "", |tx| {
            tx.set_rating_scheme(month(2025, 3), &scheme)
        })
        .expect("a valid scheme is stored");
    let changes = fx.changes();
    assert_eq!(
        (changes.len(), changes.last().map(|c| c.entity.as_str())),
        (before + 1, Some("rating_scheme")),
        "the scheme is reference data that syncs: one change-log row"
    );
    let schemes = fx.store.rating_schemes().expect("readable");
    assert_eq!(
        schemes.in_force(month(2025, 2)),
        (None, RatingScheme::standard()),
        "February keeps the standard scheme"
    );
    assert_eq!(
        schemes.in_force(month(2025, 7)),
        (Some(month(2025, 3)), scheme.clone()),
        "from March on, the stored version (read back from its JSON)"
    );
    let ratings = fx
        .store
        .group_ratings(month(2025, 3), day(2025, 3, 20))
        .expect("readable");
    assert_eq!(
        (ratings.as_of, ratings.scheme_from),
        (day(2025, 3, 20), Some(month(2025, 3))),
        "the month in progress is measured through today, with its scheme"
    );

    let mut bad = scheme;
    bad.bands.trung_binh = Decimal::from(90);
    let footprint = fx.footprint();
    let actor = fx.actor(&fx.team_leader);
    let refused = fx.store.write(actor, "set_rating_scheme", "", |tx| {
        tx.set_rating_scheme(month(2025, 4), &bad)
    });
    let message = refused.as_ref().map_err(ToString::to_string).err();
    assert_eq!(
        refusal(refused, "bands that do not rise"),
        "bad_rating_scheme",
        "callers branch on the code"
    );
    assert_eq!(
        message.as_deref(),
        Some("bands = «85/70/90»: phải là Tốt > Khá > Trung bình > 0 và không quá 100 điểm"),
        "the message names the field and the value"
    );
    assert_eq!(fx.footprint(), footprint, "a refused scheme writes nothing");
}

#[test]
fn fee_rates_are_dated_and_the_months_report_uses_its_rate() {
    let mut fx = Fixture::new();
    let lower = FeeRate {
        kind: FeeKind::AssociationFee,
        from: month(2025, 3),
        monthly_rate: Decimal::new(4, 4),
    };
    let actor = fx.actor(&fx.team_leader);
    fx.store
        .write(actor, "set_fee_rate", "", |tx| tx.set_fee_rate(lower))
        .expect("0,04 % is within the cap");
    let rates = fx.store.fee_rates().expect("readable");
    assert_eq!(
        (
            rates.rate(FeeKind::AssociationFee, month(2025, 2)),
            rates.rate(FeeKind::AssociationFee, month(2025, 3))
        ),
        (Decimal::new(45, 5), Decimal::new(4, 4)),
        "0,045 % until February, 0,04 % from March"
    );
    let february = fx
        .store
        .fee_report(month(2025, 2), day(2026, 1, 1))
        .expect("readable");
    let march = fx
        .store
        .fee_report(month(2025, 3), day(2026, 1, 1))
        .expect("readable");
    assert_eq!(
        (february.association_rate, march.association_rate),
        (Decimal::new(45, 5), Decimal::new(4, 4)),
        "each month's report applies the rate in force in it"
    );
    assert_eq!(
        february
            .rows
            .iter()
            .filter(|r| r.level == Level::Association)
            .count(),
        4,
        "one line per association, each followed by its groups"
    );

    let footprint = fx.footprint();
    let actor = fx.actor(&fx.team_leader);
    let refused = fx.store.write(actor, "set_fee_rate", "", |tx| {
        tx.set_fee_rate(FeeRate {
            kind: FeeKind::GroupCommission,
            from: month(2025, 3),
            monthly_rate: Decimal::new(1, 3),
        })
    });
    assert_eq!(
        refusal(refused, "a commission over the cap"),
        "bad_fee_rate",
        "0,04 % + 0,1 % is over 0,125 %"
    );
    assert_eq!(fx.footprint(), footprint, "a refused rate writes nothing");
}

#[test]
fn the_months_reports_come_from_one_reading() {
    let mut fx = Fixture::new();
    february_session(&mut fx);
    let on = day(2025, 2, 28);
    let all = fx.store.month_reports(on).expect("readable");
    assert_eq!(
        all.credit,
        fx.store.credit_report(on).expect("readable"),
        "the same credit report as on its own"
    );
    assert_eq!(
        all.ratings,
        fx.store
            .group_ratings(month(2025, 2), on)
            .expect("readable"),
        "the same ratings"
    );
    let kinds: Vec<WatchKind> = all.watchlists.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [
            WatchKind::Overdue,
            WatchKind::Arrears,
            WatchKind::Inactive,
            WatchKind::MovedAway
        ],
        "the four lists of the report date"
    );
}

#[test]
fn a_series_reads_the_book_once_and_equals_each_month_ends_reports() {
    let mut fx = Fixture::new();
    february_session(&mut fx);
    // Savings move in March and May, so each month's rating has its own
    // opening and closing balances.
    let saver = fx.groups[0].members[0].id;
    let deposit = fx.savings_entry(
        saver,
        EntryKind::SavingsDeposit,
        Dong(250_000),
        day(2025, 3, 20),
    );
    fx.record(deposit).expect("a deposit is recorded");
    let withdrawal = fx.savings_entry(
        saver,
        EntryKind::SavingsWithdrawal,
        Dong(50_000),
        day(2025, 5, 2),
    );
    fx.record(withdrawal).expect("a withdrawal is recorded");
    let today = day(2025, 6, 10);
    let series = fx
        .store
        .report_series(month(2025, 1), month(2025, 6), today)
        .expect("the series is readable");
    let ends: Vec<_> = series.months.iter().map(|m| m.as_of).collect();
    assert_eq!(
        ends,
        vec![
            day(2025, 1, 31),
            day(2025, 2, 28),
            day(2025, 3, 31),
            day(2025, 4, 30),
            day(2025, 5, 31),
            today
        ],
        "each month's last day, June through today"
    );
    let codes: Vec<(Level, &str)> = series
        .lines
        .iter()
        .map(|l| (l.level, l.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (Level::Office, "5606"),
            (Level::Point, "DGD-DP"),
            (Level::Association, "HND"),
            (Level::Association, "HPN"),
            (Level::Association, "CCB"),
            (Level::Association, "DTN"),
        ]
    );
    for (idx, m) in series.months.iter().enumerate() {
        let report = fx.store.credit_report(m.as_of).expect("readable");
        for line in &series.lines {
            let f = &report.row(line.id).expect("a row per unit").figures;
            assert_eq!(
                line.values[idx],
                SeriesValue::from(f),
                "{} on {}: the same as that day's report",
                line.code,
                m.as_of
            );
        }
        let ratings = fx.store.group_ratings(m.month, today).expect("readable");
        assert_eq!(
            m.grades, ratings.counts,
            "{}: the grades of that month's rating",
            m.month
        );
    }
    // The one reading measured on each month-end rates exactly as a reading
    // of that month alone, criterion by criterion (savings included).
    let data = fx
        .store
        .report_data_range(month(2025, 1), today)
        .expect("readable");
    let schemes = fx.store.rating_schemes().expect("readable");
    for m in &series.months {
        let ratings = data
            .measure(m.as_of, |book| book.ratings(&schemes))
            .expect("measurable");
        assert_eq!(
            ratings,
            fx.store.group_ratings(m.month, today).expect("readable"),
            "{}",
            m.month
        );
        let growth = ratings.groups[0]
            .breakdown
            .iter()
            .find(|c| c.rule.criterion == Criterion::SavingsGrowth)
            .map(|c| (c.numerator, c.denominator));
        let opening = 3 * OPENING_SAVINGS.get();
        let expected = match m.month.month {
            1 => (3 * OPENING_SAVINGS.get(), 0),
            3 => (250_000, opening),
            4 => (0, opening + 250_000),
            5 => (-50_000, opening + 250_000),
            6 => (0, opening + 200_000),
            _ => (0, opening),
        };
        assert_eq!(
            growth,
            Some(expected),
            "T01's savings growth in {}: (change, opening balance)",
            m.month
        );
    }
}

#[test]
fn a_series_refuses_a_reversed_a_too_long_or_a_future_range() {
    let fx = Fixture::new();
    let today = day(2025, 6, 10);
    let series = |from: Month, to: Month| fx.store.report_series(from, to, today);
    assert_eq!(
        refusal(series(month(2025, 5), month(2025, 4)), "May to April"),
        "bad_range"
    );
    assert_eq!(
        refusal(series(month(2022, 1), month(2025, 6)), "42 months"),
        "bad_range"
    );
    assert_eq!(
        series(month(2022, 7), month(2025, 6))
            .expect("36 months are allowed")
            .months
            .len(),
        36
    );
    assert_eq!(
        refusal(series(month(2025, 1), month(2025, 7)), "July 2025"),
        "future_month"
    );
}

#[test]
fn a_unit_the_organisation_does_not_have_is_refused() {
    let fx = Fixture::new();
    let on = day(2025, 6, 30);
    let stranger = Some(uuid::Uuid::from_u128(42));
    assert_eq!(
        refusal(
            fx.store
                .watchlist(WatchKind::Overdue, SortBy::Amount, on, stranger),
            "a watchlist within a stranger"
        ),
        "unknown_unit"
    );
    assert_eq!(
        refusal(
            fx.store.credit_report_within(on, stranger, Level::Borrower),
            "a report within a stranger"
        ),
        "unknown_unit"
    );
    assert_eq!(
        refusal(
            fx.store
                .comparison(on, Level::Group, Indicator::OverdueRatio, stranger),
            "a comparison within a stranger"
        ),
        "unknown_unit"
    );
    let t01 = fx.groups[0].id.0;
    let cut = fx
        .store
        .credit_report_within(on, Some(t01), Level::Borrower)
        .expect("a group is a unit");
    assert_eq!(
        cut.rows.first().map(|r| (r.level, r.code.as_str())),
        Some((Level::Group, "T01")),
        "the cut starts at the unit"
    );
    assert_eq!(
        cut.rows.len(),
        4,
        "T01 and its three borrowers: {:?}",
        cut.rows.iter().map(|r| &r.code).collect::<Vec<_>>()
    );
    let compared = fx
        .store
        .comparison(on, Level::Group, Indicator::Outstanding, None)
        .expect("readable");
    assert_eq!(compared.rows.len(), 2, "T01 and T02");
}
