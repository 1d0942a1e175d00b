//! Worked examples for every indicator, every number derived by hand in the
//! comments. The fixture (`fixture.rs`) lends at 10 %/year on actual/365:
//! 36.500.000 ₫ bears 10.000 ₫ a day, 73.000.000 ₫ 20.000 ₫ a day.

use rust_decimal_macros::dec;

use super::compare::{Indicator, compare};
use super::fees::{FeeKind, FeeRate, FeeRates};
use super::fixture::{HND, OFFICE, POINT, TestBook, d, group, month};
use super::rating::{Criterion, CriterionRule, Grade, GradeBands, RatingScheme, RatingSchemes};
use super::watchlist::{SortBy, WatchKind};
use super::*;
use crate::ledger::EntryKind::{InterestPayment, PrincipalRepayment};
use crate::loan::LendingMethod;

fn row(report: &CreditReport, id: Uuid) -> &Figures {
    &report.row(id).expect("the unit has a line").figures
}

fn borrower_row<'r>(report: &'r CreditReport, code: &str) -> &'r Figures {
    &report
        .rows
        .iter()
        .find(|r| r.level == Level::Borrower && r.code == code)
        .unwrap_or_else(|| panic!("{code} has a line"))
        .figures
}

/// Two borrowers of T01, each lent 36.500.000 ₫ on 15/09/2026 (10.000 ₫ a
/// day), repaid in one installment on 15/09/2028. October's list asks
/// 310.000 ₫ each (15/09–15/10 is 31 days) and both pay it on 15/10. In
/// November the list asks 310.000 ₫ again (16/10–15/11, 31 days): KH01 pays
/// it, KH02 pays 100.000 ₫.
fn two_payers() -> TestBook {
    let mut book = TestBook::new();
    for (code, november) in [("KH01", 310_000), ("KH02", 100_000)] {
        let member = book.borrower(1, code, "Người vay");
        let loan = book.loan(
            member,
            36_500_000,
            d(2026, 9, 15),
            &[(d(2028, 9, 15), 36_500_000)],
        );
        book.pay(loan, InterestPayment, d(2026, 10, 15), 310_000);
        book.pay(loan, InterestPayment, d(2026, 11, 15), november);
    }
    book
}

#[test]
fn a_book_measured_in_parts_is_the_book_measured_whole() {
    for book in [two_payers(), year_boundary()] {
        let as_of = d(2026, 10, 31);
        let whole = book.on(as_of, |b| {
            (
                b.credit_report(),
                b.watchlist(WatchKind::Arrears, SortBy::Amount, None),
            )
        });
        for n_parts in 2..=5 {
            let parts = book.in_parts(as_of, n_parts, |b| {
                (
                    b.credit_report(),
                    b.watchlist(WatchKind::Arrears, SortBy::Amount, None),
                )
            });
            assert_eq!(parts, whole, "{n_parts} parts, empty ones included");
        }
    }
}

#[test]
fn interest_collection_rate_is_the_months_collected_over_its_due_through_the_session() {
    let mut book = two_payers();
    // Lent at the November session itself: its first interest is December's.
    let kh03 = book.borrower(1, "KH03", "Người vay mới");
    book.loan(
        kh03,
        36_500_000,
        d(2026, 11, 15),
        &[(d(2028, 11, 15), 36_500_000)],
    );
    let report = book.report(d(2026, 11, 30));
    assert_eq!(
        borrower_row(&report, "KH03").interest_month,
        InterestCollection::default(),
        "a loan lent on the collection day owes nothing that month"
    );
    // Due in November = accrued through the session (15/09–15/11, 62 days =
    // 620.000) − paid before 01/11 (310.000) = 310.000 per loan.
    assert_eq!(
        borrower_row(&report, "KH01").interest_month,
        InterestCollection {
            due: Dong(310_000),
            collected: Dong(310_000)
        },
        "KH01 paid the whole list"
    );
    assert_eq!(
        borrower_row(&report, "KH02").interest_collection_rate_pct,
        Some(dec!(32.26)),
        "100.000 / 310.000 = 32,258 %"
    );
    let t01 = row(&report, group(1));
    assert_eq!(
        t01.interest_month,
        InterestCollection {
            due: Dong(620_000),
            collected: Dong(410_000)
        },
        "the group's due and collected are its loans' sums"
    );
    assert_eq!(
        t01.interest_collection_rate_pct,
        Some(dec!(66.13)),
        "410.000 / 620.000 = 66,129 %"
    );
    assert_eq!(
        row(&report, POINT).interest_collection_rate_pct,
        Some(dec!(66.13)),
        "the point has only T01's loans"
    );
    assert_eq!(
        row(&report, group(2)).interest_collection_rate_pct,
        None,
        "a group with nothing due has no rate, not 0 % nor 100 %"
    );

    // Before the session the cut-off is the report date: due = accrued
    // 15/09–10/11 (57 days = 570.000) − 310.000 = 260.000 a loan, nothing
    // collected yet.
    let early = book.report(d(2026, 11, 10));
    assert_eq!(
        row(&early, group(1)).interest_month,
        InterestCollection {
            due: Dong(520_000),
            collected: Dong::ZERO
        },
        "so far this month"
    );
    assert_eq!(
        row(&early, group(1)).interest_collection_rate_pct,
        Some(dec!(0)),
        "nothing collected yet is 0 %"
    );
    // October: due = accrued 15/09–15/10 (310.000) − nothing paid before.
    let october = book.report(d(2026, 10, 31));
    assert_eq!(
        row(&october, group(1)).interest_collection_rate_pct,
        Some(dec!(100)),
        "both paid October's list in full"
    );
}

#[test]
fn arrears_are_interest_fallen_due_at_a_month_end_and_unpaid_with_their_age() {
    let book = two_payers();
    let report = book.report(d(2026, 11, 30));
    // Fallen due by 31/10: 15/09–31/10 = 47 days = 470.000. KH02 paid
    // 310.000 + 100.000 = 410.000: 60.000 in arrears. KH01 paid 620.000.
    let t01 = row(&report, group(1));
    assert_eq!(t01.interest_arrears, Dong(60_000), "KH02's arrears only");
    assert_eq!(t01.n_arrears_loans, 1, "one loan in arrears");

    let list = book.on(d(2026, 11, 30), |b| {
        b.watchlist(WatchKind::Arrears, SortBy::Amount, None)
    });
    assert_eq!(list.rows.len(), 1, "only KH02 owes interest");
    let r = &list.rows[0];
    assert_eq!(
        (r.customer_code.as_str(), r.amount, r.interest),
        ("KH02", Dong(60_000), Dong(60_000))
    );
    // October accrued 310.000 ≥ 60.000: the unpaid interest is October's.
    assert_eq!(
        (r.since, r.age_days, r.age_months),
        (Some(d(2026, 10, 1)), 60, 1),
        "owed since October: 01/10 → 30/11 is 60 days, one whole month"
    );
}

#[test]
fn the_due_list_of_a_session_asks_principal_and_interest_due_that_day() {
    let book = two_payers();
    let list = book.on(d(2026, 12, 15), |b| {
        b.watchlist(WatchKind::Due, SortBy::Amount, None)
    });
    // Accrued 15/09–15/12 = 92 days = 920.000. KH01 paid 620.000, KH02 410.000.
    let rows: Vec<(&str, Dong, Dong, i64)> = list
        .rows
        .iter()
        .map(|r| {
            (
                r.customer_code.as_str(),
                r.principal,
                r.interest,
                r.age_days,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("KH02", Dong::ZERO, Dong(510_000), 30),
            ("KH01", Dong::ZERO, Dong(300_000), 30)
        ],
        "largest first; both last paid on 15/11, 30 days before"
    );
    assert_eq!(
        list.total,
        Dong(810_000),
        "the session's interest to collect"
    );
}

/// The year boundary, a loan overdue then repaid, a frozen loan:
/// - T01 KH04: 36.500.000 on 15/12/2025; 3.650.000 due 15/12/2026, repaid
///   late on 05/01/2027 (overdue 16/12/2026–04/01/2027); the rest 15/12/2027.
/// - T02 KH03: 36.500.000 on 05/01/2026; 5.475.000 due 05/01/2027, unpaid.
/// - T03 KH05: 36.500.000 on 15/06/2025; 7.300.000 due 15/06/2026, unpaid.
/// - T03 KH06: 36.500.000 on 15/01/2026, all due 15/01/2027, frozen from
///   01/12/2026 to 30/11/2029.
/// - T03 KH08: 73.000.000 on 01/01/2026; 14.600.000 due 01/01/2027, unpaid.
///
/// Nobody pays interest. Borrowers are added out of tree order on purpose.
fn year_boundary() -> TestBook {
    let mut book = TestBook::new();
    let kh03 = book.borrower(2, "KH03", "Trần Văn Ba");
    let kh04 = book.borrower(1, "KH04", "Lê Thị Bốn");
    let kh05 = book.borrower(3, "KH05", "Phạm Văn Năm");
    let kh06 = book.borrower(3, "KH06", "Võ Thị Sáu");
    let kh08 = book.borrower(3, "KH08", "Đặng Văn Tám");
    book.loan(
        kh03,
        36_500_000,
        d(2026, 1, 5),
        &[(d(2027, 1, 5), 5_475_000), (d(2028, 1, 5), 31_025_000)],
    );
    let l04 = book.loan(
        kh04,
        36_500_000,
        d(2025, 12, 15),
        &[(d(2026, 12, 15), 3_650_000), (d(2027, 12, 15), 32_850_000)],
    );
    book.pay(l04, PrincipalRepayment, d(2027, 1, 5), 3_650_000);
    book.loan(
        kh05,
        36_500_000,
        d(2025, 6, 15),
        &[(d(2026, 6, 15), 7_300_000), (d(2027, 6, 15), 29_200_000)],
    );
    let l06 = book.loan(
        kh06,
        36_500_000,
        d(2026, 1, 15),
        &[(d(2027, 1, 15), 36_500_000)],
    );
    book.freeze(l06, d(2026, 12, 1), d(2029, 11, 30));
    book.loan(
        kh08,
        73_000_000,
        d(2026, 1, 1),
        &[(d(2027, 1, 1), 14_600_000), (d(2028, 1, 1), 58_400_000)],
    );
    book
}

#[test]
fn change_of_overdue_since_1_january_across_the_year_boundary() {
    let book = year_boundary();
    let report = book.report(d(2027, 1, 10));
    // On 31/12/2026 overdue was KH04's 3.650.000 (due 15/12) and KH05's
    // 7.300.000: 10.950.000. KH03's (due 05/01) and KH08's (due 01/01) were
    // not due yet, KH06 was frozen.
    // On 10/01/2027: KH03 5.475.000 + KH05 7.300.000 + KH08 14.600.000 =
    // 27.375.000; KH04 repaid on 05/01.
    let changes = |id| {
        let f = row(&report, id);
        (
            f.overdue_at_year_start,
            f.overdue,
            f.overdue_change_since_jan1,
        )
    };
    assert_eq!(
        changes(group(1)),
        (Dong(3_650_000), Dong::ZERO, Dong(-3_650_000)),
        "T01: KH04 was overdue on 31/12 and repaid in January"
    );
    assert_eq!(
        changes(group(2)),
        (Dong::ZERO, Dong(5_475_000), Dong(5_475_000)),
        "T02: KH03 fell overdue in January"
    );
    assert_eq!(
        changes(group(3)),
        (Dong(7_300_000), Dong(21_900_000), Dong(14_600_000)),
        "T03: KH05 unchanged, KH08 new, KH06 frozen throughout"
    );
    assert_eq!(
        changes(HND),
        (Dong(3_650_000), Dong(5_475_000), Dong(1_825_000)),
        "Hội Nông dân = T01 + T02"
    );
    assert_eq!(
        changes(POINT),
        (Dong(10_950_000), Dong(27_375_000), Dong(16_425_000)),
        "the point: 27.375.000 − 10.950.000"
    );
    assert_eq!(
        row(&report, POINT).overdue_change_since_last_month,
        Dong(16_425_000),
        "in January the previous month ends on 31/12 too"
    );

    // A month later nothing moved: +16.425.000 since 1 January, 0 since 31/01.
    let february = book.report(d(2027, 2, 10));
    let point = row(&february, POINT);
    assert_eq!(
        (
            point.overdue_change_since_jan1,
            point.overdue_at_last_month_end,
            point.overdue_change_since_last_month
        ),
        (Dong(16_425_000), Dong(27_375_000), Dong::ZERO),
        "since 1 January and since last month part ways after January"
    );
}

#[test]
fn a_loan_that_fell_overdue_and_was_repaid_counts_only_while_overdue() {
    let book = year_boundary();
    let before = book.report(d(2026, 12, 31));
    let t01 = row(&before, group(1));
    assert_eq!(
        (t01.overdue, t01.n_overdue_loans, t01.overdue_ratio_pct),
        (Dong(3_650_000), 1, dec!(10)),
        "on 31/12 KH04's installment is overdue: 3.650.000 / 36.500.000 = 10 %"
    );
    let after = book.report(d(2027, 1, 10));
    let t01 = row(&after, group(1));
    assert_eq!(
        (
            t01.outstanding,
            t01.current,
            t01.overdue,
            t01.n_overdue_loans
        ),
        (Dong(32_850_000), Dong(32_850_000), Dong::ZERO, 0),
        "repaid on 05/01: 36.500.000 − 3.650.000 outstanding, all current"
    );
}

#[test]
fn outstanding_splits_into_current_overdue_and_frozen_with_their_ratios() {
    let book = year_boundary();
    let report = book.report(d(2027, 1, 10));
    let point = row(&report, POINT);
    // Outstanding: 32.850.000 + 36.500.000 × 3 + 73.000.000 = 215.350.000.
    // Frozen: KH06's 36.500.000 (its installment of 15/01 is not overdue
    // while frozen). Current = 215.350.000 − 27.375.000 − 36.500.000.
    assert_eq!(
        (
            point.n_borrowers,
            point.n_loans,
            point.outstanding,
            point.current,
            point.overdue,
            point.frozen
        ),
        (
            5,
            5,
            Dong(215_350_000),
            Dong(151_475_000),
            Dong(27_375_000),
            Dong(36_500_000)
        ),
        "dư nợ = trong hạn + quá hạn + khoanh"
    );
    assert_eq!(
        (point.overdue_ratio_pct, point.frozen_ratio_pct),
        (dec!(12.71), dec!(16.95)),
        "27.375.000 / 215.350.000 = 12,712 %; 36.500.000 / 215.350.000 = 16,949 %"
    );
    let kh06 = borrower_row(&report, "KH06");
    assert_eq!(
        (kh06.frozen, kh06.overdue, kh06.n_inactive),
        (Dong(36_500_000), Dong::ZERO, 0),
        "a frozen loan is neither overdue nor counted inactive"
    );
    assert_eq!(
        kh06.interest_month,
        InterestCollection::default(),
        "collection is suspended: no interest due nor collected"
    );
}

#[test]
fn loans_inactive_for_three_months_are_counted_with_their_outstanding() {
    let book = year_boundary();
    let report = book.report(d(2027, 1, 10));
    // No payment in three months: KH03 (since 05/01/2026), KH05 (since
    // 15/06/2025), KH08 (since 01/01/2026). KH04 repaid on 05/01/2027;
    // KH06 is frozen.
    let point = row(&report, POINT);
    assert_eq!(
        (point.n_inactive, point.inactive_outstanding),
        (3, Dong(146_000_000)),
        "36.500.000 + 36.500.000 + 73.000.000"
    );
    let list = book.on(d(2027, 1, 10), |b| {
        b.watchlist(WatchKind::Inactive, SortBy::Age, None)
    });
    let rows: Vec<(&str, i64, u32)> = list
        .rows
        .iter()
        .map(|r| (r.customer_code.as_str(), r.age_days, r.age_months))
        .collect();
    // 15/06/2025 → 10/01/2027 = 574 days; 01/01/2026 → 374; 05/01/2026 → 370.
    assert_eq!(
        rows,
        vec![("KH05", 574, 18), ("KH08", 374, 12), ("KH03", 370, 12)],
        "oldest first, counted from the last payment (here the disbursement)"
    );
}

#[test]
fn the_overdue_list_sorts_by_amount_or_by_days_overdue() {
    let book = year_boundary();
    let list = |sort| {
        book.on(d(2027, 1, 10), |b| {
            b.watchlist(WatchKind::Overdue, sort, None)
        })
    };
    let by_amount = list(SortBy::Amount);
    let rows: Vec<(&str, Dong, Option<NaiveDate>, i64, u32)> = by_amount
        .rows
        .iter()
        .map(|r| {
            (
                r.customer_code.as_str(),
                r.amount,
                r.since,
                r.age_days,
                r.age_months,
            )
        })
        .collect();
    // Days overdue count from the due date: 01/01 → 10/01 is 9 days,
    // 15/06/2026 → 10/01/2027 is 209 days (6 whole months), 05/01 → 10/01 is 5.
    assert_eq!(
        rows,
        vec![
            ("KH08", Dong(14_600_000), Some(d(2027, 1, 1)), 9, 0),
            ("KH05", Dong(7_300_000), Some(d(2026, 6, 15)), 209, 6),
            ("KH03", Dong(5_475_000), Some(d(2027, 1, 5)), 5, 0),
        ],
        "largest amount first"
    );
    assert_eq!(
        by_amount.total,
        Dong(27_375_000),
        "the list adds up to the report's overdue"
    );
    let by_age: Vec<String> = list(SortBy::Age)
        .rows
        .iter()
        .map(|r| r.customer_code.clone())
        .collect();
    assert_eq!(by_age, ["KH05", "KH08", "KH03"], "longest overdue first");
    let t03_only = book.on(d(2027, 1, 10), |b| {
        b.watchlist(WatchKind::Overdue, SortBy::Amount, Some(group(3)))
    });
    assert_eq!(
        t03_only.total,
        Dong(21_900_000),
        "a list within one group: KH08 and KH05"
    );
}

#[test]
fn rows_come_in_tree_order_and_a_report_can_be_cut_to_a_subtree() {
    let book = year_boundary();
    let report = book.report(d(2027, 1, 10));
    let codes: Vec<&str> = report.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "5606", "DP", "HND", "T01", "KH04", "T02", "KH03", "HPN", "T03", "KH05", "KH06", "KH08"
        ],
        "each unit followed by the units below it, siblings in the organisation's order"
    );
    assert_eq!(
        row(&report, OFFICE),
        row(&report, POINT),
        "an office of one point has the point's figures"
    );
    let cut = report.cut(Some(HND), Level::Group);
    let hnd: Vec<&str> = cut.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        hnd,
        ["HND", "T01", "T02"],
        "Hội Nông dân down to its groups"
    );
}

#[test]
fn comparison_ranks_the_units_of_a_level_against_their_whole() {
    let book = year_boundary();
    let report = book.report(d(2027, 1, 10));
    let c = compare(&report, Level::Group, Indicator::OverdueRatio, None);
    // T01 0 / 32.850.000 = 0 %; T02 5.475.000 / 36.500.000 = 15 %;
    // T03 21.900.000 / 146.000.000 = 15 %; all groups: 12,71 %.
    let rows: Vec<_> = c
        .rows
        .iter()
        .map(|r| {
            (
                r.code.as_str(),
                r.rank,
                r.value,
                r.difference,
                r.worse_than_whole,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("T01", Some(1), Some(dec!(0)), Some(dec!(-12.71)), false),
            ("T02", Some(2), Some(dec!(15)), Some(dec!(2.29)), true),
            ("T03", Some(2), Some(dec!(15)), Some(dec!(2.29)), true),
        ],
        "lower overdue is better; equal values share a rank"
    );
    assert_eq!(
        c.whole_value,
        Some(dec!(12.71)),
        "the groups make up the point"
    );
    assert_eq!(c.spread, Some(dec!(15)), "best 0 %, worst 15 %");

    let associations = compare(
        &report,
        Level::Association,
        Indicator::OverdueChangeSinceJan1,
        None,
    );
    let ranked: Vec<(&str, Option<Decimal>)> = associations
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.value))
        .collect();
    assert_eq!(
        ranked,
        vec![("HND", Some(dec!(1825000))), ("HPN", Some(dec!(14600000)))],
        "the smaller rise of overdue since 1 January ranks first"
    );
    let within = compare(&report, Level::Group, Indicator::Overdue, Some(HND));
    assert_eq!(
        (within.whole_label.as_str(), within.rows.len()),
        ("Hội Nông dân", 2),
        "within an association: its groups against it"
    );
}

/// Borrowers who moved away:
/// - T01 KH07 moved (learned 01/10/2026, to Bình Dương); the police were
///   asked on 05/10 and answered on 20/10; the tax office was asked on 25/11.
/// - T01 KH08 moved (learned 01/11/2026); nobody asked yet.
/// - T02 KH09 moved on 01/09/2026 and came back on 01/11/2026.
/// - T02 KH10 moved on 01/10/2026 but repaid everything on 15/06/2026.
/// - T03 KH11 moved (learned 01/11/2026); social insurance asked on 10/11.
///
/// Each was lent 36.500.000 on 15/01/2026, due 15/01/2028.
fn moved_away_book() -> TestBook {
    let mut book = TestBook::new();
    let lend = |book: &mut TestBook, group_n, code: &str| {
        let member = book.borrower(group_n, code, "Người vay");
        let loan = book.loan(
            member,
            36_500_000,
            d(2026, 1, 15),
            &[(d(2028, 1, 15), 36_500_000)],
        );
        (member, loan)
    };
    let (kh07, _) = lend(&mut book, 1, "KH07");
    let (kh08, _) = lend(&mut book, 1, "KH08");
    let (kh09, _) = lend(&mut book, 2, "KH09");
    let (kh10, l10) = lend(&mut book, 2, "KH10");
    let (kh11, _) = lend(&mut book, 3, "KH11");
    book.pay(l10, PrincipalRepayment, d(2026, 6, 15), 36_500_000);
    let moved = book.status(
        kh07,
        StatusKind::MovedAway,
        d(2026, 10, 1),
        Some("Bình Dương"),
    );
    book.trace(
        moved,
        Agency::Police,
        d(2026, 10, 5),
        Some(("Làm công nhân tại KCN Sóng Thần", d(2026, 10, 20))),
    );
    book.trace(moved, Agency::Tax, d(2026, 11, 25), None);
    book.status(kh08, StatusKind::MovedAway, d(2026, 11, 1), None);
    book.status(kh09, StatusKind::MovedAway, d(2026, 9, 1), None);
    book.status(kh09, StatusKind::Returned, d(2026, 11, 1), None);
    book.status(kh10, StatusKind::MovedAway, d(2026, 10, 1), None);
    let moved = book.status(
        kh11,
        StatusKind::MovedAway,
        d(2026, 11, 1),
        Some("TP Hồ Chí Minh"),
    );
    book.trace(moved, Agency::SocialInsurance, d(2026, 11, 10), None);
    book
}

#[test]
fn moved_away_borrowers_with_debt_and_the_state_of_their_tracing() {
    let book = moved_away_book();
    let report = book.report(d(2026, 11, 30));
    let tracing = |f: &Figures| {
        (
            f.n_moved_away_with_debt,
            f.moved_away_outstanding,
            f.n_moved_away_not_traced,
            f.n_moved_away_awaiting_answer,
            f.n_moved_away_answered,
        )
    };
    assert_eq!(
        tracing(row(&report, group(1))),
        (2, Dong(73_000_000), 1, 0, 1),
        "T01: KH07 (police answered) and KH08 (nobody asked yet)"
    );
    assert_eq!(
        tracing(row(&report, group(2))),
        (0, Dong::ZERO, 0, 0, 0),
        "T02: KH09 came back, KH10 owes nothing"
    );
    assert_eq!(
        tracing(row(&report, POINT)),
        (3, Dong(109_500_000), 1, 1, 1),
        "KH11's social-insurance request awaits its answer"
    );
    // On 15/10 KH07 had moved and the police had not answered yet; KH09 was
    // away; KH08 and KH11 had not left.
    let october = book.report(d(2026, 10, 15));
    assert_eq!(
        tracing(row(&october, POINT)),
        (2, Dong(73_000_000), 1, 1, 0),
        "what was known on 15/10"
    );

    let list = book.on(d(2026, 11, 30), |b| {
        b.watchlist(WatchKind::MovedAway, SortBy::Age, None)
    });
    let rows: Vec<(&str, Dong, i64)> = list
        .rows
        .iter()
        .map(|r| (r.customer_code.as_str(), r.amount, r.age_days))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("KH07", Dong(36_500_000), 60),
            ("KH08", Dong(36_500_000), 29),
            ("KH11", Dong(36_500_000), 29)
        ],
        "longest gone first; equal ages and amounts by customer code"
    );
    let kh07 = list.rows[0].moved_away.as_ref().expect("the move is shown");
    assert_eq!(
        (kh07.destination.as_deref(), kh07.tracing, kh07.steps.len()),
        (Some("Bình Dương"), TracingState::Answered, 2),
        "the list carries the destination and the tracing log"
    );
    assert_eq!(
        kh07.steps[1],
        TraceStep {
            agency: Agency::Tax,
            asked_on: d(2026, 11, 25),
            answer: None,
            answered_on: None
        },
        "the tax office has not answered"
    );
}

/// November 2026 in T01:
/// - KH01: 36.500.000 on 15/09/2026; 3.650.000 due 15/11/2026, the rest
///   15/09/2028. Pays 310.000 interest on 15/10; on 15/11 the 3.650.000
///   installment and 309.000 interest (61 days × 10.000 + 15/11 on the
///   32.850.000 left, 9.000 − the 310.000 paid).
/// - KH02: the same loan. Pays 310.000 on 15/10; on 15/11 2.920.000 of
///   principal and 250.000 interest; 50.000 interest at the counter on 25/11.
///   Its list asked 309.200 (610.000 + 15/11 on 33.580.000, 9.200 − 310.000).
/// - KH12: no loan, 200.000 ₫ of savings.
///
/// Savings: KH01 500.000 → 520.000, KH02 none, KH12 200.000 → 200.000.
fn rated_group() -> TestBook {
    let mut book = TestBook::new();
    let kh01 = book.borrower(1, "KH01", "Nguyễn Thị Một");
    let kh02 = book.borrower(1, "KH02", "Trần Văn Hai");
    let kh12 = book.borrower(1, "KH12", "Lê Thị Mười Hai");
    let schedule = [(d(2026, 11, 15), 3_650_000), (d(2028, 9, 15), 32_850_000)];
    let l01 = book.loan(kh01, 36_500_000, d(2026, 9, 15), &schedule);
    let l02 = book.loan(kh02, 36_500_000, d(2026, 9, 15), &schedule);
    book.pay(l01, InterestPayment, d(2026, 10, 15), 310_000);
    book.pay(l01, InterestPayment, d(2026, 11, 15), 309_000);
    book.pay(l01, PrincipalRepayment, d(2026, 11, 15), 3_650_000);
    book.pay(l02, InterestPayment, d(2026, 10, 15), 310_000);
    book.pay(l02, InterestPayment, d(2026, 11, 15), 250_000);
    book.pay(l02, PrincipalRepayment, d(2026, 11, 15), 2_920_000);
    book.pay(l02, InterestPayment, d(2026, 11, 25), 50_000);
    book.savings(kh01, 500_000, 520_000);
    book.savings(kh12, 200_000, 200_000);
    book
}

#[test]
fn a_groups_rating_is_broken_down_per_criterion() {
    let book = rated_group();
    let schemes = RatingSchemes::default();
    let report = book.on(d(2026, 11, 30), |b| b.ratings(&schemes));
    assert_eq!(report.month, month(2026, 11));
    assert_eq!(
        report.scheme_from, None,
        "no stored scheme: the standard one"
    );
    let t01 = &report.groups[0];
    let breakdown: Vec<(Criterion, i64, i64, Option<Decimal>, Decimal)> = t01
        .breakdown
        .iter()
        .map(|c| {
            (
                c.rule.criterion,
                c.numerator,
                c.denominator,
                c.value_pct,
                c.points,
            )
        })
        .collect();
    assert_eq!(
        breakdown,
        vec![
            // Paid in November 309.000 + 3.650.000 + 250.000 + 2.920.000 +
            // 50.000 = 7.179.000, all but the 50.000 of 25/11 on the session
            // day: 99,30 % → 20 × 99,30 / 100 = 19,86.
            (
                Criterion::TransactionsAtPoint,
                7_129_000,
                7_179_000,
                Some(dec!(99.30)),
                dec!(19.86)
            ),
            // 7.300.000 fell due, KH02 still owes 730.000: 90 % →
            // 15 × (90 − 80) / (100 − 80) = 7,50.
            (
                Criterion::DuePrincipalCollection,
                6_570_000,
                7_300_000,
                Some(dec!(90)),
                dec!(7.50)
            ),
            // Due 309.000 + 309.200, collected 309.000 + 300.000: 98,51 % →
            // 20 × 18,51 / 20 = 18,51.
            (
                Criterion::InterestCollection,
                609_000,
                618_200,
                Some(dec!(98.51)),
                dec!(18.51)
            ),
            // Active: KH01, KH02 (debt), KH12 (savings); saving: KH01, KH12 →
            // 66,67 % → 5 × 16,67 / 50 = 1,667 → 1,67.
            (
                Criterion::MembersSaving,
                2,
                3,
                Some(dec!(66.67)),
                dec!(1.67)
            ),
            // 700.000 → 720.000: +2,86 % ≥ 1 % → all 10.
            (
                Criterion::SavingsGrowth,
                20_000,
                700_000,
                Some(dec!(2.86)),
                dec!(10)
            ),
            // 730.000 / (32.850.000 + 33.580.000) = 1,10 % →
            // 30 × (2 − 1,10) / 2 = 13,50.
            (
                Criterion::OverdueRatio,
                730_000,
                66_430_000,
                Some(dec!(1.10)),
                dec!(13.50)
            ),
        ],
        "each criterion shows what was measured and what it earned"
    );
    assert_eq!(
        (t01.score, t01.grade),
        (dec!(71.04), Grade::TrungBinh),
        "19,86 + 7,50 + 18,51 + 1,67 + 10 + 13,50 = 71,04: Trung bình (70–79)"
    );
    let t02 = &report.groups[1];
    assert_eq!(
        (t02.score, t02.grade),
        (dec!(90), Grade::Tot),
        "an empty group earns every point it cannot be measured on, and none for savings growth"
    );
    assert_eq!(
        (
            report.counts.tot,
            report.counts.trung_binh,
            report.counts.yeu
        ),
        (2, 1, 0),
        "two empty groups and T01"
    );

    // The second staff tool's bands (85 / 70 / 50), from December 2026 only.
    let mut other = RatingScheme::standard();
    other.bands = GradeBands {
        tot: dec!(85),
        kha: dec!(70),
        trung_binh: dec!(50),
    };
    other.check().expect("a valid scheme");
    let schemes = RatingSchemes::new(vec![(month(2026, 12), other)]);
    let november = book.on(d(2026, 11, 30), |b| b.ratings(&schemes));
    assert_eq!(
        november.groups[0].grade,
        Grade::TrungBinh,
        "November keeps the scheme of its time"
    );
    let december = book.on(d(2026, 12, 31), |b| b.ratings(&schemes));
    assert_eq!(
        december.scheme_from,
        Some(month(2026, 12)),
        "December uses the new version"
    );
    assert_eq!(december.scheme.bands.kha, dec!(70), "with its bands");
}

#[test]
fn a_scheme_must_add_up_to_100_points_with_rising_bands() {
    assert_eq!(
        RatingScheme::standard().check(),
        Ok(()),
        "§6.6's default is valid"
    );
    let mut heavier = RatingScheme::standard();
    heavier.set_rule(CriterionRule {
        criterion: Criterion::OverdueRatio,
        weight: dec!(35),
        full_at: dec!(0),
        zero_at: dec!(2),
    });
    assert_eq!(
        heavier.check().map_err(|e| e.to_string()),
        Err("tổng điểm tối đa = «105»: các tiêu chí phải cộng lại đúng 100 điểm".into()),
        "20 + 15 + 20 + 5 + 10 + 35 = 105"
    );
    let mut flat = RatingScheme::standard();
    flat.set_rule(CriterionRule {
        criterion: Criterion::SavingsGrowth,
        weight: dec!(10),
        full_at: dec!(1),
        zero_at: dec!(1),
    });
    assert_eq!(
        flat.check().map_err(|e| e.to_string()),
        Err("tang_tiet_kiem.full_at = «1»: mức đạt đủ điểm phải khác mức 0 điểm (1)".into()),
        "a criterion needs two different bounds"
    );
    let mut upside_down = RatingScheme::standard();
    upside_down.bands = GradeBands {
        tot: dec!(70),
        kha: dec!(80),
        trung_binh: dec!(90),
    };
    assert_eq!(
        upside_down.check().map_err(|e| e.field),
        Err("bands".to_string()),
        "bands must rise from Trung bình to Tốt"
    );
    let rule = CriterionRule {
        criterion: Criterion::OverdueRatio,
        weight: dec!(30),
        full_at: dec!(0),
        zero_at: dec!(2),
    };
    assert_eq!(
        (
            rule.points(Some(dec!(0))),
            rule.points(Some(dec!(0.5))),
            rule.points(Some(dec!(3))),
            rule.points(None)
        ),
        (dec!(30), dec!(22.50), dec!(0), dec!(30)),
        "lower is better: a straight line from 0 % (30) to 2 % (0), clamped; nothing to measure: 30"
    );
}

/// Fees: T01 KH21 36.500.000 and T03 KH22 73.000.000, both lent on
/// 15/09/2026; T03 KH23 a direct loan of 36.500.000 the same day.
/// October: everyone pays the list (310.000, 620.000, 310.000).
/// November: KH21 pays half its list (155.000 of 310.000), KH22 all
/// (620.000: 16/10–15/11 at 20.000), KH23 all. December: KH21 pays its
/// 455.000 (92 days = 920.000 − 465.000 paid), KH22 600.000 (1.840.000 −
/// 1.240.000).
fn fee_book() -> TestBook {
    let mut book = TestBook::new();
    let kh21 = book.borrower(1, "KH21", "Người vay");
    let kh22 = book.borrower(3, "KH22", "Người vay");
    let kh23 = book.borrower(3, "KH23", "Người vay");
    let lent = d(2026, 9, 15);
    let l21 = book.loan(kh21, 36_500_000, lent, &[(d(2028, 9, 15), 36_500_000)]);
    let l22 = book.loan(kh22, 73_000_000, lent, &[(d(2028, 9, 15), 73_000_000)]);
    let l23 = book.loan(kh23, 36_500_000, lent, &[(d(2028, 9, 15), 36_500_000)]);
    book.loans[l23].method = LendingMethod::Direct;
    for (loan, october, november, december) in [
        (l21, 310_000, 155_000, 455_000),
        (l22, 620_000, 620_000, 600_000),
        (l23, 310_000, 310_000, 0),
    ] {
        book.pay(loan, InterestPayment, d(2026, 10, 15), october);
        book.pay(loan, InterestPayment, d(2026, 11, 15), november);
        if december > 0 {
            book.pay(loan, InterestPayment, d(2026, 12, 15), december);
        }
    }
    book
}

#[test]
fn fees_and_commission_are_rates_on_the_balance_whose_interest_was_collected() {
    let book = fee_book();
    let mut rates = FeeRates::standard();
    // The association fee drops to 0,04 % from December 2026.
    rates
        .set(FeeRate {
            kind: FeeKind::AssociationFee,
            from: month(2026, 12),
            monthly_rate: dec!(0.0004),
        })
        .expect("0,04 % + 0,08 % is within the 0,125 % cap");
    let lines = |as_of| {
        book.on(as_of, |b| b.fees(&rates))
            .rows
            .iter()
            .map(|r| (r.code.clone(), r.base, r.amount))
            .collect::<Vec<_>>()
    };
    // November, standard rates (0,045 % and 0,08 %):
    // T01 base 36.500.000 × 155.000 / 310.000 = 18.250.000 → ×0,08 % = 14.600;
    // T03 73.000.000 × 620.000 / 620.000 (KH23 is direct) → 58.400;
    // HND 18.250.000 × 0,045 % = 8.212,5 → 8.213; HPN 73.000.000 → 32.850.
    assert_eq!(
        lines(d(2026, 11, 30)),
        vec![
            ("HND".to_string(), Dong(18_250_000), Dong(8_213)),
            ("T01".to_string(), Dong(18_250_000), Dong(14_600)),
            ("T02".to_string(), Dong::ZERO, Dong::ZERO),
            ("HPN".to_string(), Dong(73_000_000), Dong(32_850)),
            ("T03".to_string(), Dong(73_000_000), Dong(58_400)),
        ],
        "associations with their groups; half the interest, half the base"
    );
    // December, 0,04 % for associations: everyone paid in full, the base is
    // the whole balance at 30/11. HND 36.500.000 × 0,04 % = 14.600,
    // HPN 73.000.000 × 0,04 % = 29.200; commissions 29.200 and 58.400.
    let december = book.on(d(2026, 12, 31), |b| b.fees(&rates));
    assert_eq!(
        (
            december.association_rate,
            december.total_association_fee,
            december.total_group_commission
        ),
        (dec!(0.0004), Dong(43_800), Dong(87_600)),
        "the rate in force in December applies to December"
    );
    let t03 = december
        .rows
        .iter()
        .find(|r| r.code == "T03")
        .expect("T03 has a line");
    assert_eq!(
        t03.outstanding,
        Dong(73_000_000),
        "the direct loan is not entrusted: no fee, no commission"
    );
}

#[test]
fn fee_rates_are_dated_and_capped() {
    let rates = FeeRates::standard();
    assert_eq!(
        (
            rates.rate(FeeKind::AssociationFee, month(2009, 6)),
            rates.rate(FeeKind::AssociationFee, month(2009, 7)),
            rates.rate(FeeKind::GroupCommission, month(2026, 11)),
        ),
        (dec!(0.0006), dec!(0.00045), dec!(0.0008)),
        "0,06 % until 06/2009, 0,045 % from 07/2009; commission 0,08 % (uncertain)"
    );
    let mut over = rates.clone();
    let refused = over.set(FeeRate {
        kind: FeeKind::AssociationFee,
        from: month(2026, 12),
        monthly_rate: dec!(0.0005),
    });
    assert_eq!(
        refused.map_err(|e| e.to_string()),
        Err("--percent = «0,05»: tháng 12/2026: phí ủy thác 0,05 % + hoa hồng 0,08 % vượt mức tối đa 0,125 %/tháng (QĐ 30/2015/QĐ-TTg)".into()),
        "0,05 % + 0,08 % = 0,13 % > 0,125 %"
    );
    assert_eq!(over, rates, "a refused rate changes nothing");
}
