//! `phien report …`, `phien watchlist …`, `phien rating-scheme`, `phien
//! fee-rate` on the small demo commune (4 groups, a year of history, today
//! 27/11/2026).

use serde_json::Value;

use crate::Phien;

fn amount(v: &Value) -> i64 {
    v.as_i64().expect("amounts are whole đồng")
}

#[test]
fn the_quality_report_shows_each_level_and_agrees_with_quality() {
    let phien = Phien::with_demo();
    let report = phien.json(&[
        "report",
        "quality",
        "--as-of",
        "27/11/2026",
        "--level",
        "association",
    ]);
    let rows = report["rows"].as_array().expect("rows");
    let levels: Vec<&str> = rows
        .iter()
        .map(|r| r["level"].as_str().expect("level"))
        .collect();
    assert_eq!(
        levels,
        [
            "office",
            "point",
            "association",
            "association",
            "association",
            "association"
        ],
        "down to the associations only, in tree order"
    );
    let quality = phien.json(&["quality"]);
    assert_eq!(
        amount(&rows[1]["figures"]["outstanding"]),
        amount(&quality["total"]["figures"]["outstanding"]),
        "phien quality is a view of the same computation"
    );
    assert_eq!(
        rows[1]["figures"]["overdue_ratio_pct"], quality["total"]["figures"]["overdue_ratio_pct"],
        "the same overdue ratio"
    );

    let t01 = phien.json(&["report", "quality", "--level", "borrower", "--group", "T01"]);
    let t01_rows = t01["rows"].as_array().expect("rows");
    assert_eq!(
        t01_rows[0]["code"], "T01",
        "the subtree starts at the group"
    );
    assert!(
        t01_rows.len() > 1 && t01_rows[1..].iter().all(|r| r["level"] == "borrower"),
        "followed by its borrowers"
    );
    let text = phien.ok(&["report", "quality"]);
    assert!(
        text.contains("CHẤT LƯỢNG TÍN DỤNG — ngày 27/11/2026")
            && text.contains("Hội Nông dân")
            && text.contains("Tỷ lệ thu lãi"),
        "a Vietnamese table dated dd/mm/yyyy: {text}"
    );
    let err = phien.refused(&["report", "quality", "--level", "xa"]);
    assert!(
        err.contains("--level = «xa»"),
        "an unknown level is named: {err}"
    );
}

#[test]
fn the_rating_scores_every_group_and_breaks_one_down() {
    let phien = Phien::with_demo();
    let ratings = phien.json(&["report", "rating", "--month", "10/2026"]);
    assert_eq!(
        ratings["as_of"], "2026-10-31",
        "a past month ends on its last day"
    );
    let groups = ratings["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 4, "every group is rated");
    for g in groups {
        let points: rust_decimal::Decimal = g["breakdown"]
            .as_array()
            .expect("breakdown")
            .iter()
            .map(|c| {
                c["points"]
                    .as_str()
                    .expect("decimal")
                    .parse::<rust_decimal::Decimal>()
                    .expect("a number")
            })
            .sum();
        assert_eq!(
            points.to_string(),
            g["score"]
                .as_str()
                .expect("score")
                .parse::<rust_decimal::Decimal>()
                .expect("a number")
                .to_string(),
            "{}: the score is the sum of its criteria",
            g["code"]
        );
    }
    let text = phien.ok(&["report", "rating", "--month", "10/2026", "--group", "T01"]);
    assert!(
        text.contains("T01")
            && text.contains("Giao dịch tại xã")
            && text.contains("Tỷ lệ nợ quá hạn")
            && text.contains("Xếp loại: Tốt từ 90"),
        "one group's points per criterion and the bands: {text}"
    );
    let err = phien.refused(&["report", "fees", "--month", "12/2026"]);
    assert!(
        err.contains("Tháng = «12/2026»: chưa bắt đầu (hôm nay 27/11/2026)"),
        "a month that has not begun has no report: {err}"
    );
    let err = phien.refused(&["report", "rating", "--month", "13/2026"]);
    assert!(
        err.contains("--month = «13/2026»: tháng không hợp lệ"),
        "{err}"
    );
}

#[test]
fn watchlists_sort_by_amount_or_age_and_add_up_to_the_report() {
    let phien = Phien::with_demo();
    let by_amount = phien.json(&["watchlist", "arrears", "--sort", "amount"]);
    let rows = by_amount["rows"].as_array().expect("rows");
    assert!(!rows.is_empty(), "the demo has interest arrears");
    let amounts: Vec<i64> = rows.iter().map(|r| amount(&r["amount"])).collect();
    assert!(
        amounts.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {amounts:?}"
    );
    let report = phien.json(&["report", "quality", "--level", "point"]);
    assert_eq!(
        amount(&by_amount["total"]),
        amount(&report["rows"][1]["figures"]["interest_arrears"]),
        "the list adds up to the report's interest arrears"
    );
    let by_age = phien.json(&["watchlist", "arrears", "--sort", "age"]);
    let ages: Vec<i64> = by_age["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["age_days"].as_i64().expect("days"))
        .collect();
    assert!(
        ages.windows(2).all(|w| w[0] >= w[1]),
        "oldest first: {ages:?}"
    );

    let due = phien.json(&["watchlist", "due"]);
    assert_eq!(
        due["as_of"], "2026-12-15",
        "the due list is for the next session (the point's fixed day 15)"
    );
    let text = phien.ok(&["watchlist", "moved-away", "--sort", "age"]);
    assert!(
        text.contains("HỘ VAY ĐI KHỎI ĐỊA PHƯƠNG") && text.contains("Tra cứu"),
        "a printable list with the tracing column: {text}"
    );
    let err = phien.refused(&["watchlist", "overdue", "--sort", "name"]);
    assert!(err.contains("--sort = «name»"), "{err}");
}

#[test]
fn fee_rates_are_set_from_a_month_and_the_cap_is_refused() {
    let phien = Phien::with_demo();
    phien.ok(&[
        "--as",
        "CB01",
        "fee-rate",
        "set",
        "--kind",
        "association",
        "--from",
        "11/2026",
        "--percent",
        "0,04",
    ]);
    let october = phien.json(&["report", "fees", "--month", "10/2026"]);
    let november = phien.json(&["report", "fees", "--month", "11/2026"]);
    assert_eq!(
        (
            october["association_rate"].as_str(),
            november["association_rate"].as_str()
        ),
        (Some("0.00045"), Some("0.0004")),
        "each month uses the rate in force in it"
    );
    let fee: i64 = november["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["level"] == "association")
        .map(|r| amount(&r["amount"]))
        .sum();
    assert_eq!(
        fee,
        amount(&november["total_association_fee"]),
        "the total is the sum of the associations' fees"
    );
    let before = phien.n_changes();
    let err = phien.refused(&[
        "--as",
        "CB01",
        "fee-rate",
        "set",
        "--kind",
        "group",
        "--from",
        "11/2026",
        "--percent",
        "0,1",
    ]);
    assert!(
        err.contains("--percent = «0,1»") && err.contains("vượt mức tối đa 0,125 %/tháng"),
        "the field, the value and the cap: {err}"
    );
    assert_eq!(phien.n_changes(), before, "nothing is written");
    let text = phien.ok(&["fee-rate"]);
    assert!(
        text.contains("0,04 %/tháng") && text.contains("suy luận"),
        "the rates, with the uncertain default marked: {text}"
    );
}

#[test]
fn a_rating_scheme_is_validated_and_applies_from_its_month() {
    let phien = Phien::with_demo();
    let before = phien.n_changes();
    let err = phien.refused(&[
        "--as",
        "CB01",
        "rating-scheme",
        "set",
        "--from",
        "11/2026",
        "--rule",
        "no_qua_han=35",
    ]);
    assert!(
        err.contains("tổng điểm tối đa = «105»"),
        "weights must add up to 100: {err}"
    );
    let err = phien.refused(&[
        "--as",
        "CB01",
        "rating-scheme",
        "set",
        "--from",
        "11/2026",
        "--rule",
        "dep=5",
    ]);
    assert!(err.contains("tiêu chí «dep» không có"), "{err}");
    assert_eq!(phien.n_changes(), before, "refusals write nothing");

    phien.ok(&[
        "--as",
        "CB01",
        "rating-scheme",
        "set",
        "--from",
        "11/2026",
        "--rule",
        "no_qua_han=35",
        "--rule",
        "tang_tiet_kiem=5:1:0",
        "--bands",
        "85,70,50",
    ]);
    let october = phien.json(&["report", "rating", "--month", "10/2026"]);
    let november = phien.json(&["report", "rating", "--month", "11/2026"]);
    assert!(
        october["scheme_from"].is_null(),
        "October keeps the default"
    );
    assert_eq!(
        (
            &november["scheme_from"]["month"],
            &november["scheme"]["bands"]["tot"]
        ),
        (&Value::from(11), &Value::from("85")),
        "November is rated by the new version"
    );
    let text = phien.ok(&["rating-scheme", "show", "--month", "12/2026"]);
    assert!(
        text.contains("áp dụng từ 11/2026") && text.contains("Tốt từ 85"),
        "the version in force and its bands: {text}"
    );
}

#[test]
fn compare_ranks_the_groups_and_names_a_wrong_indicator() {
    let phien = Phien::with_demo();
    let c = phien.json(&[
        "report",
        "compare",
        "--level",
        "group",
        "--by",
        "overdue_ratio",
    ]);
    let ranks: Vec<Option<u64>> = c["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["rank"].as_u64())
        .collect();
    assert_eq!(ranks.len(), 4, "the four groups");
    assert_eq!(ranks[0], Some(1), "best first");
    let text = phien.ok(&[
        "report",
        "compare",
        "--level",
        "association",
        "--by",
        "interest_arrears",
    ]);
    assert!(
        text.contains("SO SÁNH HỘI ĐOÀN THỂ THEO «Lãi tồn»"),
        "{text}"
    );
    let err = phien.refused(&["report", "compare", "--by", "dep"]);
    assert!(
        err.contains("--by = «dep»") && err.contains("overdue_ratio"),
        "the choices are listed: {err}"
    );
}
