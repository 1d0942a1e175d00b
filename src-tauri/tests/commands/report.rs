//! The supervisors' report commands (docs/ipc.md, "Credit quality
//! reports") on the demo file: what each returns, how the drill-down cuts
//! the tree, that the lists agree with the home screen, and that every
//! refusal has its code and changes nothing.

use std::str::FromStr;

use phien_app::commands::report as reports;
use phien_app::ipc::report::{BandsDto, NewCriterionRule, NewScheme, ReportFigures};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{Fixture, LAST_DEMO_SESSION, MockApp, NEXT, TODAY, fixture, footprint, keys, refused};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|_| panic!("«{text}» is a decimal string"))
}

fn code<T: std::fmt::Debug>(result: Result<T, phien_app::ipc::IpcError>) -> String {
    result.expect_err("should be refused").code
}

#[test]
fn the_credit_report_drills_down_from_the_point_to_the_borrowers() {
    let f = fixture();
    let top = reports::credit_report(&f.state, None, "group", None).unwrap();
    assert_eq!(top.as_of, TODAY, "no date: today");
    assert_eq!(top.month, "2026-11");
    let outline: Vec<&str> = top.rows.iter().map(|r| r.level.as_str()).collect();
    assert_eq!(
        &outline[..3],
        ["office", "point", "association"],
        "tree order from the office"
    );
    assert!(
        !outline.contains(&"borrower"),
        "down to the groups only: {outline:?}"
    );
    let groups: Vec<_> = top.rows.iter().filter(|r| r.level == "group").collect();
    assert_eq!(groups.len(), 3, "the demo file has three groups");
    let point = top.rows.iter().find(|r| r.level == "point").unwrap();
    let sum = |rows: &[&phien_app::ipc::report::CreditRow], f: fn(&ReportFigures) -> i64| {
        rows.iter().map(|r| f(&r.figures)).sum::<i64>()
    };
    assert_eq!(
        point.figures.outstanding,
        sum(&groups, |f| f.outstanding),
        "the point's outstanding is its groups'"
    );
    assert_eq!(point.figures.overdue, sum(&groups, |f| f.overdue));
    let p = &point.figures;
    assert_eq!(p.outstanding, p.current + p.overdue + p.frozen);
    assert!(p.overdue > 0, "the demo has overdue loans");
    let ratio = dec(&p.overdue_ratio_pct);
    let expected = (Decimal::from(p.overdue) * Decimal::ONE_HUNDRED / Decimal::from(p.outstanding))
        .round_dp(2);
    assert_eq!(ratio, expected, "the ratio is a decimal string, 2 places");

    // Drill down: a group's borrowers.
    let group = groups[0];
    let cut = reports::credit_report(&f.state, Some(TODAY), "borrower", Some(&group.id)).unwrap();
    assert_eq!(cut.within.as_deref(), Some(group.id.as_str()));
    assert_eq!(cut.rows[0].id, group.id, "the cut starts at the group");
    let borrowers = &cut.rows[1..];
    assert!(!borrowers.is_empty());
    assert!(
        borrowers
            .iter()
            .all(|r| r.level == "borrower" && r.parent_id.as_deref() == Some(group.id.as_str())),
        "only that group's borrowers"
    );
    assert_eq!(
        borrowers.iter().map(|r| r.figures.outstanding).sum::<i64>(),
        group.figures.outstanding,
        "the group's outstanding is its borrowers'"
    );
    // An association's groups.
    let association = top.rows.iter().find(|r| r.level == "association").unwrap();
    let cut = reports::credit_report(&f.state, None, "group", Some(&association.id)).unwrap();
    assert!(
        cut.rows[1..]
            .iter()
            .all(|r| r.level == "group" && r.parent_id.as_deref() == Some(association.id.as_str()))
    );

    let json = serde_json::to_value(&top).unwrap();
    assert_eq!(keys(&json), ["asOf", "level", "month", "rows", "within"]);
    assert_eq!(
        keys(&json["rows"][0]),
        ["code", "figures", "id", "label", "level", "parentId"]
    );
    assert!(
        json["rows"][0]["figures"]["overdueRatioPct"].is_string(),
        "ratios cross as strings, never floats"
    );
    assert!(json["rows"][0]["figures"]["interestArrears"].is_i64());
}

#[test]
fn a_past_date_reports_on_that_date() {
    let f = fixture();
    let june = reports::credit_report(&f.state, Some("2026-06-30"), "point", None).unwrap();
    assert_eq!(june.as_of, "2026-06-30");
    assert_eq!(june.month, "2026-06");
    let now = reports::credit_report(&f.state, None, "point", None).unwrap();
    assert_ne!(
        june.rows[1].figures, now.rows[1].figures,
        "five months of sessions later the figures moved"
    );
}

#[test]
fn group_ratings_break_each_score_down_per_criterion() {
    let f = fixture();
    let ratings = reports::group_ratings(&f.state, None).unwrap();
    assert_eq!(ratings.month, "2026-11", "no month: this one");
    assert_eq!(ratings.as_of, TODAY, "the running month through today");
    assert_eq!(ratings.scheme_from, None, "the standard scheme");
    assert_eq!(ratings.groups.len(), 3);
    for g in &ratings.groups {
        assert_eq!(g.breakdown.len(), 6, "six criteria");
        let points: Decimal = g.breakdown.iter().map(|c| dec(&c.points)).sum();
        assert_eq!(dec(&g.score), points, "{}: the score is its points", g.code);
        let weights: Decimal = g.breakdown.iter().map(|c| dec(&c.rule.weight)).sum();
        assert_eq!(weights, Decimal::ONE_HUNDRED);
        assert!(["tot", "kha", "trung_binh", "yeu"].contains(&g.grade.as_str()));
        assert!(["Tốt", "Khá", "Trung bình", "Yếu"].contains(&g.grade_label.as_str()));
    }
    let c = ratings.counts;
    assert_eq!(c.tot + c.kha + c.trung_binh + c.yeu, 3);
    let october = reports::group_ratings(&f.state, Some("2026-10")).unwrap();
    assert_eq!(october.as_of, "2026-10-31", "a past month through its end");
    let json = serde_json::to_value(&ratings).unwrap();
    assert_eq!(
        keys(&json["groups"][0]["breakdown"][0]),
        [
            "criterion",
            "denominator",
            "fullAt",
            "label",
            "numerator",
            "points",
            "unit",
            "valuePct",
            "weight",
            "zeroAt"
        ]
    );
}

#[test]
fn watchlists_agree_with_the_home_screen_and_sort_by_amount_or_age() {
    let f = fixture();
    let home = phien_app::commands::home(&f.state).unwrap().watch;
    let list =
        |kind: &str, sort: &str| reports::watchlist(&f.state, kind, sort, None, None).unwrap();
    let overdue = list("overdue", "amount");
    assert_eq!(overdue.as_of, TODAY);
    assert_eq!(overdue.total, home.overdue_amount, "the home card's amount");
    assert_eq!(overdue.rows.len() as u32, home.overdue_loans);
    let arrears = list("arrears", "amount");
    assert_eq!(arrears.total, home.arrears_amount);
    let inactive = list("inactive", "amount");
    assert_eq!(inactive.total, home.inactive_amount);
    let moved = list("moved_away", "amount");
    assert_eq!(moved.rows.len() as u32, home.moved_away_borrowers);
    assert!(
        moved
            .rows
            .iter()
            .all(|r| r.moved_away.is_some() && r.account_no.is_none())
    );

    for kind in ["overdue", "arrears", "inactive"] {
        let by_amount = list(kind, "amount");
        assert!(
            by_amount
                .rows
                .windows(2)
                .all(|w| w[0].amount >= w[1].amount),
            "{kind}: largest first"
        );
        assert_eq!(
            by_amount.total,
            by_amount.rows.iter().map(|r| r.amount).sum::<i64>()
        );
        let by_age = list(kind, "age");
        assert!(
            by_age
                .rows
                .windows(2)
                .all(|w| w[0].age_days >= w[1].age_days),
            "{kind}: oldest first"
        );
        assert_eq!(by_age.sort, "age");
        assert_eq!(by_age.rows.len(), by_amount.rows.len(), "the same rows");
    }

    let due = list("due", "amount");
    assert_eq!(due.as_of, NEXT, "the due list is for the next session");
    assert!(
        due.rows
            .iter()
            .all(|r| r.amount == r.principal + r.interest)
    );
    assert!(!due.rows.is_empty());

    // One group's list.
    let group = super::first_group(&f.state);
    let mine = reports::watchlist(&f.state, "due", "amount", None, Some(&group.id)).unwrap();
    assert!(!mine.rows.is_empty());
    assert!(mine.rows.iter().all(|r| r.group_code == group.code));
    assert!(mine.rows.len() < due.rows.len());
    // An earlier session.
    let past =
        reports::watchlist(&f.state, "due", "amount", Some(LAST_DEMO_SESSION), None).unwrap();
    assert_eq!(past.as_of, LAST_DEMO_SESSION);
}

#[test]
fn fees_of_the_month_per_association_and_group() {
    let f = fixture();
    let fees = reports::fee_report(&f.state, Some("2026-10")).unwrap();
    assert_eq!(fees.month, "2026-10");
    assert_eq!(fees.as_of, "2026-10-31");
    assert_eq!(fees.association_rate_pct, "0.045", "the default fee");
    assert_eq!(fees.group_rate_pct, "0.08", "the default commission");
    let total = |level: &str| {
        fees.rows
            .iter()
            .filter(|r| r.level == level)
            .map(|r| r.amount)
            .sum::<i64>()
    };
    assert_eq!(total("group"), fees.total_group_commission);
    assert_eq!(total("association"), fees.total_association_fee);
    assert!(
        fees.total_group_commission > 0,
        "interest was collected in October"
    );
    assert_eq!(
        fees.rows[0].level, "association",
        "each association, then its groups"
    );
}

#[test]
fn a_comparison_ranks_a_levels_units() {
    let f = fixture();
    let c = reports::compare_units(&f.state, None, "group", "overdue_ratio", None).unwrap();
    assert_eq!(c.rows.len(), 3);
    assert_eq!(c.unit, "percent");
    assert!(!c.higher_is_better);
    assert_eq!(c.rows[0].rank, Some(1));
    let values: Vec<Decimal> = c
        .rows
        .iter()
        .map(|r| dec(r.value.as_deref().unwrap()))
        .collect();
    assert!(
        values.windows(2).all(|w| w[0] <= w[1]),
        "lowest overdue ratio first: {values:?}"
    );
    let by_amount =
        reports::compare_units(&f.state, None, "association", "outstanding", None).unwrap();
    assert_eq!(by_amount.unit, "dong");
    assert!(by_amount.higher_is_better);
    assert_eq!(by_amount.indicator_label, "Dư nợ");
}

#[test]
fn the_series_has_twelve_month_ends_that_agree_with_the_credit_report() {
    let f = fixture();
    let series = reports::report_series(&f.state, None, None).unwrap();
    let months: Vec<&str> = series.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], "2025-12");
    assert_eq!(months[11], "2026-11");
    assert_eq!(series.months[10].as_of, "2026-10-31");
    assert_eq!(
        series.months[11].as_of, TODAY,
        "the running month through today"
    );
    let levels: Vec<&str> = series.lines.iter().map(|l| l.level.as_str()).collect();
    assert_eq!(&levels[..2], ["office", "point"]);
    assert!(levels[2..].iter().all(|l| *l == "association"));
    for line in &series.lines {
        assert_eq!(line.values.len(), 12, "{}: one value a month", line.code);
    }
    let now = reports::credit_report(&f.state, None, "association", None).unwrap();
    for line in &series.lines {
        let row = now.rows.iter().find(|r| r.id == line.id).unwrap();
        let last = &line.values[11];
        assert_eq!(
            (last.overdue, &last.overdue_ratio_pct, last.interest_arrears),
            (
                row.figures.overdue,
                &row.figures.overdue_ratio_pct,
                row.figures.interest_arrears
            ),
            "{}: the last month is today's report",
            line.code
        );
    }
    for m in &series.months {
        let g = m.grades;
        assert_eq!(g.tot + g.kha + g.trung_binh + g.yeu, 3, "{}", m.month);
    }
    let october = reports::group_ratings(&f.state, Some("2026-10")).unwrap();
    assert_eq!(
        series.months[10].grades, october.counts,
        "October's grades are October's rating"
    );
    let three = reports::report_series(&f.state, Some("2026-01"), Some("2026-03")).unwrap();
    assert_eq!(three.months.len(), 3);
    assert_eq!(three.months[2].as_of, "2026-03-31");
}

#[test]
fn the_rating_scheme_is_read_and_a_supervisor_stores_a_new_version() {
    let f = fixture();
    let info = reports::rating_scheme(&f.state, None).unwrap();
    assert_eq!(info.month, "2026-11");
    assert_eq!(info.from, None);
    assert_eq!(
        info.scheme, info.standard,
        "nothing stored: the standard scheme"
    );
    assert!(info.versions.is_empty());
    assert_eq!(info.scheme.bands.tot, "90");

    let mut typed = NewScheme {
        criteria: info
            .scheme
            .criteria
            .iter()
            .map(|c| NewCriterionRule {
                criterion: c.criterion.clone(),
                weight: c.weight.clone(),
                full_at: c.full_at.clone(),
                zero_at: c.zero_at.clone(),
            })
            .collect(),
        bands: BandsDto {
            tot: "85".into(),
            kha: "70".into(),
            trung_binh: "50".into(),
        },
    };
    let before = footprint(&f);
    let stored = reports::set_rating_scheme(&f.state, "GS01", "2026-11", &typed).unwrap();
    assert_eq!(stored.from.as_deref(), Some("2026-11"));
    assert_eq!(stored.scheme.bands.trung_binh, "50");
    assert_eq!(stored.versions.len(), 1);
    let (changes, audits) = footprint(&f);
    assert!(
        changes > before.0 && audits == before.1 + 1,
        "one audited, change-logged write"
    );
    let ratings = reports::group_ratings(&f.state, None).unwrap();
    assert_eq!(ratings.scheme_from.as_deref(), Some("2026-11"));
    assert_eq!(ratings.scheme.bands.kha, "70");
    let october = reports::group_ratings(&f.state, Some("2026-10")).unwrap();
    assert_eq!(
        october.scheme_from, None,
        "October keeps the scheme of its time"
    );

    // Refused, nothing written: weights adding up to 90, a word for a
    // number, an unknown criterion, an unknown actor.
    let after = footprint(&f);
    typed.criteria[0].weight = "10".into();
    assert_eq!(
        refused(
            reports::set_rating_scheme(&f.state, "GS01", "2026-12", &typed),
            "100 điểm"
        ),
        "bad_rating_scheme"
    );
    typed.criteria[0].weight = "hai mươi".into();
    assert_eq!(
        refused(
            reports::set_rating_scheme(&f.state, "GS01", "2026-12", &typed),
            "gd_tai_xa.weight"
        ),
        "bad_rating_scheme"
    );
    typed.criteria[0].weight = "20".into();
    typed.criteria[0].criterion = "dep_trai".into();
    assert_eq!(
        code(reports::set_rating_scheme(
            &f.state, "GS01", "2026-12", &typed
        )),
        "bad_rating_scheme"
    );
    typed.criteria[0].criterion = "gd_tai_xa".into();
    assert_eq!(
        code(reports::set_rating_scheme(
            &f.state, "XX99", "2026-12", &typed
        )),
        "not_found"
    );
    assert_eq!(
        code(reports::set_rating_scheme(
            &f.state, "GS01", "12/2026", &typed
        )),
        "bad_month"
    );
    assert_eq!(footprint(&f), after, "refusals write nothing");
    assert_eq!(
        reports::rating_scheme(&f.state, Some("2026-12"))
            .unwrap()
            .from
            .as_deref(),
        Some("2026-11"),
        "December is still rated by November's version"
    );
}

#[test]
fn fee_rates_are_read_and_set_within_the_cap() {
    let f = fixture();
    let rates = reports::fee_rates(&f.state).unwrap();
    assert_eq!(rates.cap_pct, "0.125");
    let shown: Vec<(&str, &str, &str)> = rates
        .rates
        .iter()
        .map(|r| (r.kind.as_str(), r.from.as_str(), r.rate_pct.as_str()))
        .collect();
    assert!(shown.contains(&("association_fee", "2009-07", "0.045")));
    assert!(shown.contains(&("group_commission", "2009-07", "0.08")));

    let before = footprint(&f);
    assert_eq!(
        refused(
            reports::set_fee_rate(&f.state, "GS01", "group_commission", "2026-11", "0,1"),
            "0,125"
        ),
        "bad_fee_rate",
        "0,045 + 0,1 is over the cap"
    );
    assert_eq!(
        code(reports::set_fee_rate(
            &f.state,
            "GS01",
            "group_commission",
            "2026-11",
            "-0,01"
        )),
        "bad_fee_rate"
    );
    assert_eq!(
        code(reports::set_fee_rate(
            &f.state,
            "GS01",
            "group_commission",
            "2026-11",
            "tám"
        )),
        "bad_fee_rate"
    );
    assert_eq!(
        code(reports::set_fee_rate(
            &f.state,
            "GS01",
            "province_fee",
            "2026-11",
            "0,01"
        )),
        "bad_fee_rate"
    );
    assert_eq!(footprint(&f), before, "refusals write nothing");

    let after =
        reports::set_fee_rate(&f.state, "GS01", "group_commission", "2026-11", "0,07").unwrap();
    assert!(
        after
            .rates
            .iter()
            .any(|r| r.kind == "group_commission" && r.from == "2026-11" && r.rate_pct == "0.07")
    );
    assert_eq!(
        reports::fee_report(&f.state, None).unwrap().group_rate_pct,
        "0.07",
        "November's commission at its new rate"
    );
    assert_eq!(
        reports::fee_report(&f.state, Some("2026-10"))
            .unwrap()
            .group_rate_pct,
        "0.08",
        "October keeps its rate"
    );
}

#[test]
fn report_refusals_have_codes_and_change_nothing() {
    let f = fixture();
    let before = footprint(&f);
    let s = &f.state;
    let stranger = "0193c0de-0000-7000-8000-00000000dead";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "date not ISO",
            code(reports::credit_report(s, Some("27/11/2026"), "group", None)),
            "bad_date",
        ),
        (
            "date after today",
            code(reports::credit_report(s, Some("2026-11-28"), "group", None)),
            "future_date",
        ),
        (
            "unknown level",
            code(reports::credit_report(s, None, "province", None)),
            "bad_level",
        ),
        (
            "unknown unit",
            code(reports::credit_report(s, None, "group", Some(stranger))),
            "unknown_unit",
        ),
        (
            "unit not an id",
            code(reports::credit_report(s, None, "group", Some("T01"))),
            "unknown_unit",
        ),
        (
            "month not ISO",
            code(reports::group_ratings(s, Some("11/2026"))),
            "bad_month",
        ),
        (
            "month 13",
            code(reports::group_ratings(s, Some("2026-13"))),
            "bad_month",
        ),
        (
            "future month",
            code(reports::group_ratings(s, Some("2026-12"))),
            "future_month",
        ),
        (
            "future month",
            code(reports::fee_report(s, Some("2027-01"))),
            "future_month",
        ),
        (
            "unknown list",
            code(reports::watchlist(s, "late", "amount", None, None)),
            "bad_watchlist",
        ),
        (
            "unknown sort",
            code(reports::watchlist(s, "overdue", "name", None, None)),
            "bad_sort",
        ),
        (
            "list after today",
            code(reports::watchlist(s, "overdue", "age", Some(NEXT), None)),
            "future_date",
        ),
        (
            "due after the next session",
            code(reports::watchlist(
                s,
                "due",
                "age",
                Some("2026-12-16"),
                None,
            )),
            "future_date",
        ),
        (
            "list of a stranger",
            code(reports::watchlist(
                s,
                "overdue",
                "age",
                None,
                Some(stranger),
            )),
            "unknown_unit",
        ),
        (
            "office compared",
            code(reports::compare_units(
                s,
                None,
                "office",
                "overdue_ratio",
                None,
            )),
            "bad_level",
        ),
        (
            "unknown indicator",
            code(reports::compare_units(s, None, "group", "beauty", None)),
            "bad_indicator",
        ),
        (
            "range reversed",
            code(reports::report_series(s, Some("2026-11"), Some("2026-01"))),
            "bad_range",
        ),
        (
            "range too long",
            code(reports::report_series(s, Some("2020-01"), None)),
            "bad_range",
        ),
        (
            "range in the future",
            code(reports::report_series(s, None, Some("2026-12"))),
            "future_month",
        ),
        (
            "range month not ISO",
            code(reports::report_series(s, Some("2026/01"), None)),
            "bad_month",
        ),
    ];
    for (what, got, want) in &cases {
        assert_eq!(got, want, "{what}");
    }
    assert_eq!(footprint(&f), before, "reports and refusals write nothing");
}

#[test]
fn report_commands_answer_through_tauris_ipc() {
    let Fixture { state, .. } = fixture();
    let app = MockApp::new(state);
    let invoke = |cmd: &str, args: Value| app.invoke(cmd, args);
    let report = invoke(
        "credit_report",
        json!({ "asOf": null, "level": "association" }),
    )
    .unwrap();
    assert_eq!(report["rows"][1]["level"], "point");
    let within = report["rows"][2]["id"].clone();
    let cut = invoke(
        "credit_report",
        json!({ "asOf": TODAY, "level": "group", "within": within }),
    )
    .unwrap();
    assert_eq!(cut["rows"][0]["id"], within);
    let ratings = invoke("group_ratings", json!({ "month": "2026-10" })).unwrap();
    assert_eq!(ratings["month"], "2026-10");
    let list = invoke("watchlist", json!({ "kind": "overdue", "sort": "age" })).unwrap();
    assert_eq!(list["sort"], "age");
    let fees = invoke("fee_report", json!({})).unwrap();
    assert_eq!(fees["month"], "2026-11");
    let compared = invoke(
        "compare_units",
        json!({ "level": "group", "indicator": "interest_arrears" }),
    )
    .unwrap();
    assert_eq!(compared["rows"].as_array().unwrap().len(), 3);
    let series = invoke("report_series", json!({ "from": "2026-09" })).unwrap();
    assert_eq!(series["months"].as_array().unwrap().len(), 3);
    let scheme = invoke("rating_scheme", json!({})).unwrap();
    assert_eq!(scheme["scheme"]["criteria"].as_array().unwrap().len(), 6);
    let rates = invoke("fee_rates", json!({})).unwrap();
    assert_eq!(rates["capPct"], "0.125");
    let refused = invoke(
        "set_fee_rate",
        json!({ "actor": "GS01", "kind": "group_commission", "from": "2026-11", "ratePct": "1" }),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "bad_fee_rate");
    let err = invoke("watchlist", json!({ "kind": "overdue", "sort": "size" })).unwrap_err();
    assert_eq!(keys(&err), ["code", "message"]);
    assert_eq!(err["code"], "bad_sort");

    // A group leader signed in sees none of it.
    invoke("leader_sign_in", json!({ "code": "TT01", "pin": "1111" })).unwrap();
    let gated = invoke("credit_report", json!({ "level": "group" })).unwrap_err();
    assert_eq!(gated["code"], "leader_mode");
}
