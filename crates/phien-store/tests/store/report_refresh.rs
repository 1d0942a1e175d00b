//! A reading of the reports' inputs kept up to date with pulled changes
//! (src/report/refresh.rs), as the server's report replica keeps it: the
//! rows of each page are looked up before and after it is applied, only
//! the points they belong to are read again, and the reading then equals a
//! fresh one, field for field — after a change in one point, rows moved
//! between points, statuses and tracing, and reference data.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use phien_core::dates::Month;
use phien_core::ids::{
    AssociationId, GroupId, LoanId, MemberId, PointId, StaffId, StatusEventId, TraceId,
};
use phien_core::ledger::EntryKind;
use phien_core::loan::{LendingMethod, Loan, equal_installments};
use phien_core::money::Dong;
use phien_core::org::{
    Association, AssociationKind, Commune, Gender, Group, HouseholdCategory, Member, Point,
};
use phien_core::program::{ProgramCode, RatePeriod};
use phien_core::report::Level;
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use phien_store::{Actor, Incoming, NewEntry, ReportData, Store, Touched};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::fixture::{Fixture, day, empty_store, enrolled, incoming};

/// The report date of the checks.
fn as_of() -> chrono::NaiveDate {
    day(2025, 11, 30)
}

/// A second point in the fixture's office, written on the fixture's own
/// file: one group of three borrowers, a loan each.
struct SecondPoint {
    point: PointId,
    group: GroupId,
    members: Vec<MemberId>,
    loans: Vec<LoanId>,
}

fn second_point(fx: &mut Fixture) -> SecondPoint {
    let office = fx
        .store
        .point()
        .expect("readable")
        .expect("the fixture has its point")
        .point
        .office_id;
    let every = fx
        .store
        .programs()
        .expect("programs")
        .iter()
        .find(|(p, _)| p.code.0 == "01")
        .map(|(p, _)| p.installment_every_months)
        .expect("program 01");
    let actor = fx.actor(&fx.team_leader);
    fx.store
        .write(actor, "setup", "điểm giao dịch thứ hai", |tx| {
            let point = PointId(tx.new_id());
            tx.insert_point(&Point {
                id: point,
                office_id: office,
                code: "DGD-DL".into(),
                name: "Điểm giao dịch xã Diên Lạc".into(),
                fixed_day: 20,
                address: "UBND xã Diên Lạc".into(),
                communes: vec![Commune {
                    code: "22490".into(),
                    name: "Xã Diên Lạc".into(),
                    is_pre_2025: false,
                }],
            })?;
            let association = AssociationId(tx.new_id());
            tx.insert_association(&Association {
                id: association,
                point_id: point,
                kind: AssociationKind::Farmers,
            })?;
            let group = GroupId(tx.new_id());
            tx.insert_group(&Group {
                id: group,
                association_id: association,
                code: "T21".into(),
                name: "Tổ TK&VV thôn Lạc Lợi".into(),
                village: "Thôn Lạc Lợi".into(),
                leader_id: None,
                leader_staff_id: None,
                founded_on: day(2015, 3, 1),
            })?;
            let (mut members, mut loans) = (Vec::new(), Vec::new());
            for i in 0..3 {
                let member = MemberId(tx.new_id());
                tx.insert_member(&Member {
                    id: member,
                    group_id: group,
                    customer_code: format!("KH5621{i}"),
                    full_name: ["Võ Thị Lạc", "Đào Văn Lợi", "Hồ Thị Sen"][i].into(),
                    citizen_id: None,
                    birth_year: Some(1985),
                    gender: Some(Gender::Female),
                    village: "Thôn Lạc Lợi".into(),
                    phone: None,
                    category: HouseholdCategory::Poor,
                    joined_on: day(2020, 5, 1),
                })?;
                let loan = Loan {
                    id: LoanId(tx.new_id()),
                    member_id: member,
                    account_no: format!("660000000000021{i}"),
                    program: ProgramCode("01".into()),
                    funding_source: "central".into(),
                    amount: Dong(20_000_000),
                    disbursed_on: day(2025, 1, 20),
                    term_months: 36,
                    purpose: "Trồng trọt".into(),
                    method: LendingMethod::Entrusted,
                    installments: equal_installments(Dong(20_000_000), day(2025, 1, 20), 36, every),
                    last_activity_before_import: None,
                };
                tx.insert_loan(&loan)?;
                for (kind, loan_id, amount) in [
                    (EntryKind::Disbursement, Some(loan.id), 20_000_000),
                    (EntryKind::SavingsDeposit, None, 50_000),
                ] {
                    tx.record_entry(NewEntry {
                        kind,
                        member_id: member,
                        loan_id,
                        amount: Dong(amount),
                        value_date: day(2025, 1, 20),
                        session_id: None,
                        receipt_no: None,
                    })?;
                }
                members.push(member);
                loans.push(loan.id);
            }
            Ok(SecondPoint {
                point,
                group,
                members,
                loans,
            })
        })
        .expect("the second point is written")
}

/// The fixture's file as the server's replica sees it, and two readings
/// kept from it (with savings over a range of months, and without).
struct Replica {
    _dir: tempfile::TempDir,
    store: Store,
    /// The fixture's change-log seq applied through.
    seq: i64,
    readings: [ReportData; 2],
}

impl Replica {
    fn of(fx: &Fixture) -> Replica {
        let (dir, _path, mut store) = empty_store();
        enrolled(&mut store);
        let readings = [fresh(&store, true), fresh(&store, false)];
        let mut replica = Replica {
            _dir: dir,
            store,
            seq: 0,
            readings,
        };
        replica.pull(fx);
        replica
    }

    /// Applies what the fixture wrote since the last pull, noting what it
    /// touched, refreshes both readings and checks them against fresh
    /// ones; returns what was touched.
    fn pull(&mut self, fx: &Fixture) -> Touched {
        let rows = fx
            .store
            .changes_after(self.seq, u32::MAX)
            .expect("the change log is readable");
        let page = incoming(&rows);
        let mut touched = self.store.touched_by(&page).expect("looked up before");
        let applied = self
            .store
            .apply_pulled(
                Actor {
                    staff: StaffId(Uuid::nil()),
                    at: Utc
                        .with_ymd_and_hms(2025, 12, 1, 0, 0, 0)
                        .single()
                        .expect("an instant"),
                },
                &page,
                rows.last().map_or(self.seq, |r| r.seq),
            )
            .expect("the page applies");
        assert_eq!(applied.quarantined, 0, "every change applies");
        touched.add(self.store.touched_by(&page).expect("looked up after"));
        self.seq = rows.last().map_or(self.seq, |r| r.seq);
        for (reading, with_savings) in self.readings.iter_mut().zip([true, false]) {
            self.store
                .refresh_report_data(reading, &touched)
                .expect("the reading is refreshed");
            assert!(
                *reading == fresh(&self.store, with_savings),
                "refreshed after {touched:?}, the reading (savings: {with_savings}) equals a fresh one"
            );
        }
        let report = |data: &ReportData| {
            data.credit_report_within(as_of(), None, Level::Borrower)
                .expect("measured")
        };
        assert_eq!(
            report(&self.readings[1]),
            self.store
                .credit_report_within(as_of(), None, Level::Borrower)
                .expect("a fresh report"),
            "the report of the kept reading is the file's"
        );
        touched
    }
}

fn fresh(store: &Store, with_savings: bool) -> ReportData {
    if with_savings {
        store
            .report_data_range(Month::of(day(2025, 1, 1)), as_of())
            .expect("readable")
    } else {
        store.report_data(as_of(), false).expect("readable")
    }
}

fn points(touched: &Touched) -> BTreeSet<Uuid> {
    touched.points().collect()
}

#[test]
fn a_kept_reading_refreshed_point_by_point_equals_a_fresh_one() {
    let mut fx = Fixture::new();
    let second = second_point(&mut fx);
    let first = fx.point.0;
    let mut replica = Replica::of(&fx);

    // A repayment in the second point: only it is read again.
    fx.record(NewEntry {
        kind: EntryKind::PrincipalRepayment,
        member_id: second.members[0],
        loan_id: Some(second.loans[0]),
        amount: Dong(1_000_000),
        value_date: day(2025, 6, 20),
        session_id: None,
        receipt_no: None,
    })
    .expect("a repayment is recorded");
    let touched = replica.pull(&fx);
    assert_eq!(
        (points(&touched), touched.is_everything()),
        (BTreeSet::from([second.point.0]), false),
        "a push into one point touches that point"
    );

    // A borrower of the first point moves to the second point's group, and
    // the second point's group to the first point's association: both
    // points, before and after.
    let mover = fx.groups[0].members[1].id;
    let farmers = fx
        .associations
        .iter()
        .find(|(kind, _)| *kind == AssociationKind::Farmers)
        .map(|(_, id)| *id)
        .expect("the fixture's farmers' association");
    for (sql, value, key) in [
        (
            "UPDATE member SET group_id = ?1 WHERE id = ?2",
            second.group.0,
            mover.0,
        ),
        (
            "UPDATE savings_group SET association_id = ?1 WHERE id = ?2",
            farmers.0,
            second.group.0,
        ),
    ] {
        let actor = fx.actor(&fx.team_leader);
        fx.store
            .write(actor, "move", sql, |tx| {
                tx.conn()
                    .execute(sql, [value.to_string(), key.to_string()])?;
                Ok(())
            })
            .expect("the move is written");
        let touched = replica.pull(&fx);
        assert_eq!(
            points(&touched),
            BTreeSet::from([first, second.point.0]),
            "a move touches the point it left and the one it joined: {sql}"
        );
    }

    // A borrower of the second point moved away, asked after: its point.
    let (event, trace) = (StatusEventId(fx.store.new_id()), TraceId(fx.store.new_id()));
    let recorder = fx.team_leader.id;
    let actor = fx.actor(&fx.team_leader);
    let moved = second.members[2];
    fx.store
        .write(actor, "trace", "", |tx| {
            tx.add_status_event(&StatusEvent {
                id: event,
                member_id: moved,
                kind: StatusKind::MovedAway,
                learned_on: day(2025, 9, 2),
                destination: Some("Đồng Nai".into()),
                source: "Tổ trưởng".into(),
                note: None,
                recorded_by: recorder,
            })?;
            tx.add_trace(&Trace {
                id: trace,
                event_id: event,
                agency: Agency::Police,
                asked_on: day(2025, 9, 10),
                answer: None,
                answered_on: None,
                recorded_by: recorder,
            })
        })
        .expect("the move and a request are recorded");
    let touched = replica.pull(&fx);
    assert_eq!(
        points(&touched),
        BTreeSet::from([first]),
        "the borrower's group belongs to the first point now"
    );

    // A new rate for every loan of program 01: reference data, no point,
    // and every point's figures change.
    let before = replica.readings[1]
        .credit_report_within(as_of(), None, Level::Office)
        .expect("measured");
    let actor = fx.actor(&fx.team_leader);
    fx.store
        .write(actor, "rate", "lãi suất mới", |tx| {
            tx.add_rate(
                "01",
                &RatePeriod {
                    effective_from: day(2025, 7, 1),
                    annual_rate: Decimal::new(90, 3),
                },
            )
        })
        .expect("the rate is written");
    let touched = replica.pull(&fx);
    assert!(
        points(&touched).is_empty() && !touched.is_nothing() && !touched.is_everything(),
        "a rate is reference data: {touched:?}"
    );
    let after = replica.readings[1]
        .credit_report_within(as_of(), None, Level::Office)
        .expect("measured");
    assert_ne!(
        before.rows[0].figures.interest_arrears, after.rows[0].figures.interest_arrears,
        "the new rate reaches the kept reading"
    );

    // Staff are not read by the reports; a table nobody knows is everything.
    let staff: Vec<Incoming> = incoming(
        &fx.store
            .changes_after(0, u32::MAX)
            .expect("readable")
            .into_iter()
            .filter(|r| r.entity == "staff")
            .collect::<Vec<_>>(),
    );
    assert!(
        replica
            .store
            .touched_by(&staff)
            .expect("looked up")
            .is_nothing(),
        "staff rows touch nothing the reports read"
    );
    let mut unknown = staff[0].clone();
    unknown.entity = "ledger_entry_v2".into();
    assert!(
        replica
            .store
            .touched_by(&[unknown])
            .expect("looked up")
            .is_everything(),
        "a table the reading does not know: read everything again"
    );
}
