//! The district's credit-quality report on the server
//! (`GET /v1/report/quality`): the same figures as a supervisor's laptop
//! computes from what it pulled, kept up with the feed, for supervisors only.

use phien_core::dates::Month;
use phien_core::ids::{PointId, StaffId};
use phien_core::ledger::EntryKind;
use phien_core::money::Dong;
use phien_core::program::RatePeriod;
use phien_core::report::compare::{Comparison, Indicator};
use phien_core::report::fees::FeeReport;
use phien_core::report::rating::RatingReport;
use phien_core::report::watchlist::{SortBy, WatchKind, Watchlist};
use phien_core::report::{CreditReport, Level};
use phien_server::report::DistrictReport;
use phien_store::NewEntry;
use uuid::Uuid;

use crate::harness::{
    BuiltPoint, Device, District, Server, day, district, edit_member, point, raw,
};

fn ask(server: &Server, credential: Option<&str>, query: &str) -> (u16, serde_json::Value) {
    raw(
        server,
        "GET",
        &format!("/v1/report/quality?{query}"),
        credential,
        None,
    )
}

fn district_report(server: &Server, credential: &str, query: &str) -> DistrictReport {
    let (status, body) = ask(server, Some(credential), query);
    assert_eq!(status, 200, "{query}: {body}");
    serde_json::from_value(body).expect("the answer reads as a DistrictReport")
}

fn local(device: &Device, within: Option<Uuid>, deepest: Level) -> CreditReport {
    device
        .store
        .credit_report_within(day(2026, 11, 30), within, deepest)
        .expect("the laptop computes its report")
}

/// A principal repayment of 1.000.000 ₫ on the point's first loan.
fn repay(device: &mut Device, staff: StaffId, account_no: &str) {
    let loan = device.store.loan_id(account_no).expect("the loan is here");
    let member = device
        .store
        .member_of_loan(account_no)
        .expect("the loan has a member");
    let actor = device.actor(staff);
    device
        .store
        .write(actor, "repay", "trả nợ gốc", |tx| {
            tx.record_entry(NewEntry {
                kind: EntryKind::PrincipalRepayment,
                member_id: member,
                loan_id: Some(loan),
                amount: Dong(1_000_000),
                value_date: day(2026, 11, 15),
                session_id: None,
                receipt_no: None,
            })
        })
        .expect("the repayment is written");
}

#[test]
fn the_servers_district_report_is_the_supervisors_own_and_follows_the_feed() {
    let mut d = district(3);
    // A second point, on its own laptop.
    let mut b = Device::new();
    let b_point = PointId(Uuid::now_v7());
    b.enrol(
        &d.server,
        &d.server.code("point", d.office, Some(b_point), None),
    );
    b.sync();
    let built_b = point(&mut b, d.office, b_point, None, "B", 2);
    b.sync();
    d.s.sync();
    let credential = d.s.credential();

    for (level, deepest) in [("group", Level::Group), ("borrower", Level::Borrower)] {
        let answer = district_report(
            &d.server,
            &credential,
            &format!("as_of=2026-11-30&level={level}"),
        );
        assert_eq!(
            answer.report,
            local(&d.s, None, deepest),
            "{level}: the server's report is the supervisor's laptop's, field for field"
        );
        assert_eq!(answer.office_id, d.office.to_string());
        assert_eq!(answer.report.at(Level::Point).count(), 2, "both points");
    }
    // Within a unit, and the wire form: ratios are decimal strings, amounts
    // whole đồng.
    let group = built_b.groups[0].0;
    let (status, body) = ask(
        &d.server,
        Some(&credential),
        &format!("as_of=2026-11-30&level=borrower&within={group}"),
    );
    assert_eq!(status, 200, "{body}");
    let first = &body["report"]["rows"][0]["figures"];
    assert!(
        first["overdue_ratio_pct"].is_string() && first["outstanding"].is_i64(),
        "ratio as a string, money as an integer: {first}"
    );
    let answer: DistrictReport = serde_json::from_value(body).expect("readable");
    assert_eq!(
        answer.report,
        local(&d.s, Some(group), Level::Borrower),
        "one group's subtree"
    );
    assert_eq!(answer.applied, 0, "nothing new in the feed since");

    // More pushes: the next answer applies only them, and shows them.
    let before = answer.through;
    repay(&mut d.a, d.staff, "6610000");
    d.a.sync();
    let answer = district_report(&d.server, &credential, "as_of=2026-11-30");
    assert!(
        answer.through > before && (1..=3).contains(&answer.applied),
        "only the new changes are applied (the entry, its audit): {} after {before}, {} applied",
        answer.through,
        answer.applied
    );
    d.s.sync();
    assert_eq!(
        answer.report,
        local(&d.s, None, Level::Group),
        "the repayment is in both"
    );

    // Several supervisors' requests at once, while a point pushes.
    let url_server = &d.server;
    std::thread::scope(|threads| {
        let askers: Vec<_> = (0..4)
            .map(|_| threads.spawn(|| district_report(url_server, &credential, "as_of=2026-11-30")))
            .collect();
        repay(&mut b, built_b.staff, "6620000");
        b.sync();
        for asker in askers {
            let answer = asker.join().expect("no request panics");
            assert_eq!(answer.report.at(Level::Point).count(), 2);
        }
    });
    d.s.sync();
    let answer = district_report(&d.server, &credential, "as_of=2026-11-30");
    assert_eq!(
        answer.report,
        local(&d.s, None, Level::Group),
        "after the concurrent requests the replica is whole"
    );
}

/// Another point of the district on its own laptop, enrolled and synced.
fn another_point(d: &District, tag: &str) -> (Device, BuiltPoint) {
    let mut device = Device::new();
    let id = PointId(Uuid::now_v7());
    device.enrol(&d.server, &d.server.code("point", d.office, Some(id), None));
    device.sync();
    let built = point(&mut device, d.office, id, None, tag, 2);
    device.sync();
    (device, built)
}

/// Writes `sql` with two text parameters on a device, as a form would.
fn write_sql(device: &mut Device, staff: StaffId, sql: &str, params: [String; 2]) {
    let actor = device.actor(staff);
    device
        .store
        .write(actor, "edit", sql, |tx| {
            tx.conn().execute(sql, params)?;
            Ok(())
        })
        .expect("the edit is written");
}

#[test]
fn after_a_push_into_one_point_the_report_is_computed_afresh_where_it_changed() {
    let mut d = district(2);
    let (mut b, built_b) = another_point(&d, "B");
    let (_c, built_c) = another_point(&d, "C");
    let credential = d.s.credential();
    // The server's answer against the supervisor's laptop, which computes
    // its report afresh from its own file after pulling.
    let check = |d: &mut District, what: &str| -> DistrictReport {
        d.s.sync();
        let answer = district_report(&d.server, &credential, "as_of=2026-11-30&level=borrower");
        assert_eq!(
            answer.report,
            local(&d.s, None, Level::Borrower),
            "{what}: the server's report is the supervisor's laptop's, field for field"
        );
        assert_eq!(
            answer.report.at(Level::Point).count(),
            3,
            "{what}: three points"
        );
        answer
    };
    check(&mut d, "the first request reads the whole replica");

    // A repayment at B only.
    repay(&mut b, built_b.staff, "6620000");
    b.sync();
    let answer = check(&mut d, "a push into one point");
    assert!(answer.applied > 0, "the repayment was caught up");

    // A borrower of B moves to a group of C, and a group of B to C's
    // association: rows leave one point for another (written on the
    // supervisor's laptop, which may write in every point).
    let mover = built_b.members[0][1];
    edit_member(
        &mut d.s,
        d.staff,
        mover,
        "group_id",
        &built_c.groups[0].to_string(),
    );
    let answer = check(&mut d, "a borrower moved to another point");
    let row = answer.report.row(mover.0).expect("the borrower's line");
    assert_eq!(
        row.parent,
        Some(built_c.groups[0].0),
        "the borrower is under C's group now"
    );
    let c_association = answer
        .report
        .row(built_c.groups[0].0)
        .and_then(|r| r.parent)
        .expect("C's group has its association");
    write_sql(
        &mut d.s,
        d.staff,
        "UPDATE savings_group SET association_id = ?1 WHERE id = ?2",
        [c_association.to_string(), built_b.groups[1].to_string()],
    );
    let answer = check(&mut d, "a group moved to another point");
    assert_eq!(
        answer
            .report
            .row(built_b.groups[1].0)
            .and_then(|r| r.parent),
        Some(c_association),
        "B's second group is under C's association now"
    );

    // A new rate of program 01 (reference data): every point's interest
    // changes.
    let before = answer
        .report
        .at(Level::Point)
        .map(|r| r.figures.clone())
        .collect::<Vec<_>>();
    let actor = d.s.actor(d.staff);
    d.s.store
        .write(actor, "rate", "lãi suất mới", |tx| {
            tx.add_rate(
                "01",
                &RatePeriod {
                    effective_from: day(2025, 6, 1),
                    annual_rate: "0.09".parse().expect("a rate"),
                },
            )
        })
        .expect("the rate is written");
    let answer = check(&mut d, "a new rate");
    for (old, new) in before.iter().zip(answer.report.at(Level::Point)) {
        assert_ne!(
            old.interest_arrears, new.figures.interest_arrears,
            "{}: the new rate reaches every point",
            new.code
        );
    }
}

#[test]
fn only_a_supervisor_gets_the_district_report_and_a_bad_request_is_named() {
    let d = district(1);
    let supervisor = d.s.credential();
    let (status, body) = ask(&d.server, Some(&d.a.credential()), "as_of=2026-11-30");
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("forbidden")),
        "a point's laptop: {body}"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("giám sát")),
        "the message says who may: {body}"
    );
    let (status, body) = ask(&d.server, None, "as_of=2026-11-30");
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    for (query, code) in [
        ("", "bad_as_of"),
        ("as_of=30/11/2026", "bad_as_of"),
        ("as_of=2026-11-30&level=xa", "bad_level"),
        ("as_of=2026-11-30&within=T01", "bad_within"),
    ] {
        let (status, body) = ask(&d.server, Some(&supervisor), query);
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some(code)),
            "{query:?}: {body}"
        );
    }
    let (status, body) = ask(
        &d.server,
        Some(&supervisor),
        &format!("as_of=2026-11-30&within={}", Uuid::now_v7()),
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("unknown_unit")),
        "a unit the office does not have: {body}"
    );
    d.server.revoke(&d.s.id());
    let (status, body) = ask(&d.server, Some(&supervisor), "as_of=2026-11-30");
    assert_eq!((status, body["code"].as_str()), (403, Some("revoked")));
}

/// `GET /v1/report/{name}?{query}` as a supervisor, its report decoded.
fn other<T: serde::de::DeserializeOwned>(
    server: &Server,
    credential: &str,
    name: &str,
    query: &str,
) -> T {
    let (status, body) = raw(
        server,
        "GET",
        &format!("/v1/report/{name}?{query}"),
        Some(credential),
        None,
    );
    assert_eq!(status, 200, "{name}?{query}: {body}");
    let answer: DistrictReport<T> =
        serde_json::from_value(body).expect("the answer reads as the report");
    answer.report
}

#[test]
fn the_district_ratings_fees_watchlists_and_comparison_are_the_supervisors_own() {
    let mut d = district(2);
    let (mut b, built_b) = another_point(&d, "B");
    repay(&mut b, built_b.staff, "6620000");
    b.sync();
    d.s.sync();
    let credential = d.s.credential();
    // The server measures a month in progress through today in Vietnam.
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let november = Month::of(day(2026, 11, 1));
    let laptop = &d.s.store;

    let ratings: RatingReport = other(&d.server, &credential, "ratings", "month=2026-11");
    assert_eq!(
        ratings,
        laptop.group_ratings(november, today).expect("rated"),
        "the ratings of every group of both points"
    );
    assert_eq!(ratings.groups.len(), 4, "two groups a point");
    let fees: FeeReport = other(&d.server, &credential, "fees", "month=2026-11");
    assert_eq!(fees, laptop.fee_report(november, today).expect("fees"));
    for (query, kind, sort, within) in [
        (
            "as_of=2026-11-30&kind=overdue",
            WatchKind::Overdue,
            SortBy::Amount,
            None,
        ),
        (
            &format!(
                "as_of=2026-11-30&kind=arrears&sort=age&within={}",
                built_b.groups[0]
            ) as &str,
            WatchKind::Arrears,
            SortBy::Age,
            Some(built_b.groups[0].0),
        ),
    ] {
        let list: Watchlist = other(&d.server, &credential, "watchlist", query);
        assert_eq!(
            list,
            laptop
                .watchlist(kind, sort, day(2026, 11, 30), within)
                .expect("listed"),
            "{query}"
        );
        assert!(!list.rows.is_empty(), "{query}: someone owes");
    }
    for (query, level, by) in [
        (
            "as_of=2026-11-30&level=point",
            Level::Point,
            Indicator::OverdueRatio,
        ),
        (
            "as_of=2026-11-30&level=group&by=interest_arrears",
            Level::Group,
            Indicator::InterestArrears,
        ),
    ] {
        let comparison: Comparison = other(&d.server, &credential, "comparison", query);
        assert_eq!(
            comparison,
            laptop
                .comparison(day(2026, 11, 30), level, by, None)
                .expect("compared"),
            "{query}"
        );
    }

    // A point's laptop is refused every one; a bad parameter is named.
    for path in [
        "ratings?month=2026-11",
        "fees?month=2026-11",
        "watchlist?as_of=2026-11-30&kind=overdue",
        "comparison?as_of=2026-11-30&level=group",
    ] {
        let (status, body) = raw(
            &d.server,
            "GET",
            &format!("/v1/report/{path}"),
            Some(&d.a.credential()),
            None,
        );
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("forbidden")),
            "{path}: {body}"
        );
    }
    for (path, code) in [
        ("ratings?month=2026-13", "bad_month"),
        ("fees?month=11/2026", "bad_month"),
        ("watchlist?as_of=2026-11-30", "bad_kind"),
        (
            "watchlist?as_of=2026-11-30&kind=overdue&sort=name",
            "bad_sort",
        ),
        ("watchlist?kind=overdue", "bad_as_of"),
        ("comparison?as_of=2026-11-30&level=office", "bad_level"),
        (
            "comparison?as_of=2026-11-30&level=group&by=luck",
            "bad_indicator",
        ),
        (
            "comparison?as_of=2026-11-30&level=group&within=T01",
            "bad_within",
        ),
        ("ratings?month=2099-01", "future_month"),
        ("forecast?month=2026-11", "bad_request"),
    ] {
        let (status, body) = raw(
            &d.server,
            "GET",
            &format!("/v1/report/{path}"),
            Some(&credential),
            None,
        );
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some(code)),
            "{path}: {body}"
        );
    }
    let (status, body) = raw(
        &d.server,
        "GET",
        &format!(
            "/v1/report/watchlist?as_of=2026-11-30&kind=overdue&within={}",
            Uuid::now_v7()
        ),
        Some(&credential),
        None,
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("unknown_unit")),
        "{body}"
    );
}
