//! Worked examples, computed by hand in the comments, for every interest and
//! principal rule; and property tests of the ledger invariants.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal_macros::dec;
use uuid::Uuid;

use super::*;
use crate::ids::{DecisionId, LoanId, MemberId};
use crate::loan::{Installment, LendingMethod, Loan};
use crate::program::{ProgramCode, RatePeriod};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn loan(amount: i64, disbursed_on: NaiveDate, installments: &[(NaiveDate, i64)]) -> Loan {
    Loan {
        id: LoanId(Uuid::nil()),
        member_id: MemberId(Uuid::nil()),
        account_no: "6600000000001201".into(),
        program: ProgramCode("01".into()),
        funding_source: "central".into(),
        amount: Dong(amount),
        disbursed_on,
        term_months: 24,
        purpose: "Chăn nuôi bò".into(),
        method: LendingMethod::Entrusted,
        installments: installments
            .iter()
            .enumerate()
            .map(|(idx, (due_on, amount))| Installment {
                seq: idx as u32 + 1,
                due_on: *due_on,
                amount: Dong(*amount),
            })
            .collect(),
        last_activity_before_import: None,
    }
}

/// The poor-household rates of domain.md §6.1: 6,6 % until 30/11/2025, 6,24 % from 01/12/2025.
fn poor_rates() -> RateHistory {
    RateHistory::new(vec![
        RatePeriod {
            effective_from: d(2020, 1, 1),
            annual_rate: dec!(0.066),
        },
        RatePeriod {
            effective_from: d(2025, 12, 1),
            annual_rate: dec!(0.0624),
        },
    ])
}

fn flat_rate() -> RateHistory {
    RateHistory::new(vec![RatePeriod {
        effective_from: d(2020, 1, 1),
        annual_rate: dec!(0.0624),
    }])
}

fn flow(kind: EntryKind, date: NaiveDate, amount: i64) -> LoanFlow {
    LoanFlow {
        kind,
        date,
        amount: Dong(amount),
    }
}

fn pos(
    loan: &Loan,
    rates: &RateHistory,
    flows: &[LoanFlow],
    decisions: &[RiskDecision],
    as_of: NaiveDate,
) -> LoanPosition {
    position(
        LoanFacts {
            loan,
            rates,
            is_student: false,
            flows,
            decisions,
        },
        &Policy::default(),
        as_of,
    )
}

#[test]
fn rate_change_on_1_december_2025_applies_to_existing_loans() {
    let l = loan(10_000_000, d(2025, 11, 1), &[(d(2027, 11, 1), 10_000_000)]);
    let flows = [flow(EntryKind::Disbursement, d(2025, 11, 1), 10_000_000)];
    let p = pos(&l, &poor_rates(), &flows, &[], d(2025, 12, 31));
    // November: 30 days × 10.000.000 × 6,6 % / 365 = 19.800.000 / 365 = 54.246,58 → 54.247.
    // December: 31 days × 10.000.000 × 6,24 % / 365 = 19.344.000 / 365 = 52.997,26 → 52.997.
    assert_eq!(
        p.months,
        vec![
            MonthAccrual {
                year: 2025,
                month: 11,
                interest: Dong(54_247)
            },
            MonthAccrual {
                year: 2025,
                month: 12,
                interest: Dong(52_997)
            },
        ],
        "each month rounds once, at the rate of each day"
    );
    assert_eq!(p.interest_due, Dong(107_244));
    assert_eq!(
        p.interest_arrears,
        Dong(54_247),
        "only November fell due at an earlier month-end"
    );
    assert_eq!(p.status, LoanStatus::Current);
}

#[test]
fn a_month_split_by_the_rate_change_sums_both_parts_before_rounding() {
    let l = loan(10_000_000, d(2025, 11, 16), &[(d(2027, 11, 1), 10_000_000)]);
    let flows = [flow(EntryKind::Disbursement, d(2025, 11, 16), 10_000_000)];
    let p = pos(&l, &poor_rates(), &flows, &[], d(2025, 12, 10));
    // November 16–30: 15 days × 10.000.000 × 0,066 = 9.900.000 → /365 = 27.123,29 → 27.123.
    // December 1–10: 10 days × 10.000.000 × 0,0624 = 6.240.000 → /365 = 17.095,89 → 17.096.
    assert_eq!(p.interest_accrued, Dong(27_123 + 17_096));
}

#[test]
fn one_missed_installment_is_overdue_at_130_percent_and_only_that_one() {
    let l = loan(
        12_000_000,
        d(2025, 1, 10),
        &[(d(2025, 7, 10), 6_000_000), (d(2026, 1, 10), 6_000_000)],
    );
    let flows = [flow(EntryKind::Disbursement, d(2025, 1, 10), 12_000_000)];
    let on_due_date = pos(&l, &flat_rate(), &flows, &[], d(2025, 7, 10));
    assert_eq!(
        on_due_date.overdue,
        Dong::ZERO,
        "the installment is only overdue from the day after its due date"
    );
    assert_eq!(
        on_due_date.principal_due,
        Dong(6_000_000),
        "a session held on the due date collects it"
    );

    let p = pos(&l, &flat_rate(), &flows, &[], d(2025, 7, 31));
    assert_eq!(
        p.overdue,
        Dong(6_000_000),
        "partial overdue: the missed installment only"
    );
    assert_eq!(p.current, Dong(6_000_000));
    assert_eq!(p.overdue_since, Some(d(2025, 7, 11)));
    assert_eq!(p.status, LoanStatus::Overdue);
    // July 1–10: 12.000.000 × 0,0624 × 10            = 7.488.000
    // July 11–31: 6.000.000 × 0,0624 × 21             = 7.862.400 (current)
    //             6.000.000 × 0,0624 × 1,3 × 21       = 10.221.120 (overdue at 130 %)
    // Σ 25.571.520 / 365 = 70.058,96 → 70.059.
    assert_eq!(p.months.last().unwrap().interest, Dong(70_059));

    // A principal payment settles the overdue installment first.
    let mut paid = flows.to_vec();
    paid.push(flow(
        EntryKind::PrincipalRepayment,
        d(2025, 8, 5),
        2_000_000,
    ));
    let p = pos(&l, &flat_rate(), &paid, &[], d(2025, 8, 31));
    assert_eq!(
        p.overdue,
        Dong(4_000_000),
        "2.000.000 went to the overdue installment"
    );
    assert_eq!(
        p.current,
        Dong(6_000_000),
        "the next installment is untouched"
    );
    assert_eq!(
        p.overdue_since,
        Some(d(2025, 7, 11)),
        "the same installment is still the oldest unpaid"
    );
}

#[test]
fn a_frozen_loan_accrues_nothing_and_is_not_overdue() {
    let l = loan(
        10_000_000,
        d(2025, 1, 1),
        &[(d(2025, 3, 10), 5_000_000), (d(2026, 1, 1), 5_000_000)],
    );
    let flows = [flow(EntryKind::Disbursement, d(2025, 1, 1), 10_000_000)];
    let freeze = RiskDecision {
        id: DecisionId(Uuid::nil()),
        loan_id: l.id,
        decision_no: "12/QĐ-NHCS".into(),
        decided_on: d(2025, 2, 25),
        measure: RiskMeasure::Freeze {
            from: d(2025, 3, 1),
            until: Some(d(2025, 3, 31)),
        },
        reason: "Bão số 13 làm sập chuồng trại".into(),
    };
    let during = pos(
        &l,
        &flat_rate(),
        &flows,
        std::slice::from_ref(&freeze),
        d(2025, 3, 15),
    );
    assert_eq!(during.status, LoanStatus::Frozen);
    assert_eq!(
        (during.frozen, during.overdue, during.current),
        (Dong(10_000_000), Dong::ZERO, Dong::ZERO)
    );
    assert!(!during.inactive, "frozen loans are never counted inactive");

    let after = pos(&l, &flat_rate(), &flows, &[freeze], d(2025, 4, 30));
    let march = after.months.iter().find(|m| m.month == 3).unwrap();
    assert_eq!(march.interest, Dong::ZERO, "no interest while frozen");
    // February: 28 × 10.000.000 × 0,0624 = 17.472.000 / 365 = 47.868,49 → 47.868.
    assert_eq!(
        after.months.iter().find(|m| m.month == 2).unwrap().interest,
        Dong(47_868)
    );
    // April: the 10/03 installment was due during the freeze, so it is overdue from 01/04:
    // 5.000.000 × 0,0624 × 30 = 9.360.000; 5.000.000 × 0,08112 × 30 = 12.168.000;
    // Σ 21.528.000 / 365 = 58.980,82 → 58.981.
    assert_eq!(
        after.months.iter().find(|m| m.month == 4).unwrap().interest,
        Dong(58_981)
    );
    assert_eq!(after.overdue_since, Some(d(2025, 3, 11)));
}

#[test]
fn an_extension_moves_the_due_date_and_keeps_the_normal_rate() {
    let l = loan(6_000_000, d(2025, 1, 10), &[(d(2025, 7, 10), 6_000_000)]);
    let flows = [flow(EntryKind::Disbursement, d(2025, 1, 10), 6_000_000)];
    let extension = RiskDecision {
        id: DecisionId(Uuid::nil()),
        loan_id: l.id,
        decision_no: "05/QĐ-GH".into(),
        decided_on: d(2025, 7, 1),
        measure: RiskMeasure::Extension {
            new_due_on: d(2026, 1, 10),
            installment_seq: None,
        },
        reason: "Dịch bệnh gia súc".into(),
    };
    let p = pos(&l, &flat_rate(), &flows, &[extension], d(2025, 7, 31));
    assert_eq!(p.status, LoanStatus::Extended);
    assert_eq!(p.overdue, Dong::ZERO);
    // July: 31 × 6.000.000 × 0,0624 = 11.606.400 / 365 = 31.798,36 → 31.798 (no 130 %).
    assert_eq!(p.months.last().unwrap().interest, Dong(31_798));
}

#[test]
fn unpaid_installments_are_the_tail_of_the_schedule_after_extensions() {
    let l = loan(
        9_000_000,
        d(2025, 1, 10),
        &[
            (d(2025, 7, 10), 3_000_000),
            (d(2026, 1, 10), 3_000_000),
            (d(2026, 7, 10), 3_000_000),
        ],
    );
    let flows = [
        flow(EntryKind::Disbursement, d(2025, 1, 10), 9_000_000),
        flow(EntryKind::PrincipalRepayment, d(2025, 7, 10), 3_000_000),
        flow(EntryKind::PrincipalRepayment, d(2025, 12, 15), 1_000_000),
    ];
    let rates = flat_rate();
    let unpaid = |decisions: &[RiskDecision], day| {
        unpaid_installments(
            LoanFacts {
                loan: &l,
                rates: &rates,
                is_student: false,
                flows: &flows,
                decisions,
            },
            day,
        )
    };
    assert_eq!(
        unpaid(&[], d(2025, 12, 1)),
        vec![
            UnpaidInstallment {
                due_on: d(2026, 1, 10),
                unpaid: Dong(3_000_000)
            },
            UnpaidInstallment {
                due_on: d(2026, 7, 10),
                unpaid: Dong(3_000_000)
            },
        ],
        "the first installment was paid on its day; the 15/12 payment is not in yet"
    );
    assert_eq!(
        unpaid(&[], d(2025, 12, 31))[0],
        UnpaidInstallment {
            due_on: d(2026, 1, 10),
            unpaid: Dong(2_000_000)
        },
        "1.000.000 paid ahead goes to the next installment, in due order"
    );
    // The second installment is extended to 10/10/2026 on 20/12/2025: it
    // now falls due after the third.
    let extension = [RiskDecision {
        id: DecisionId(Uuid::nil()),
        loan_id: l.id,
        decision_no: "07/QĐ-GH".into(),
        decided_on: d(2025, 12, 20),
        measure: RiskMeasure::Extension {
            new_due_on: d(2026, 10, 10),
            installment_seq: Some(2),
        },
        reason: "Lũ lụt".into(),
    }];
    assert_eq!(
        unpaid(&extension, d(2025, 12, 31)),
        vec![
            UnpaidInstallment {
                due_on: d(2026, 7, 10),
                unpaid: Dong(2_000_000)
            },
            UnpaidInstallment {
                due_on: d(2026, 10, 10),
                unpaid: Dong(3_000_000)
            },
        ],
        "after the extension the 10/07 installment is the oldest, and the 1.000.000 paid ahead settles it first"
    );
    assert_eq!(
        unpaid(&extension, d(2025, 12, 19)).len(),
        2,
        "an extension counts only from the day it is decided"
    );
    assert_eq!(
        unpaid(&extension, d(2025, 12, 19))[0].due_on,
        d(2026, 1, 10)
    );
}

#[test]
fn interest_payments_settle_the_oldest_interest_first() {
    let l = loan(10_000_000, d(2025, 11, 1), &[(d(2027, 11, 1), 10_000_000)]);
    let flows = [
        flow(EntryKind::Disbursement, d(2025, 11, 1), 10_000_000),
        flow(EntryKind::InterestPayment, d(2025, 12, 15), 60_000),
    ];
    let p = pos(&l, &poor_rates(), &flows, &[], d(2025, 12, 31));
    assert_eq!(
        p.interest_arrears,
        Dong::ZERO,
        "60.000 paid all of November's 54.247"
    );
    assert_eq!(p.interest_due, Dong(107_244 - 60_000));
    let p = pos(&l, &poor_rates(), &flows, &[], d(2026, 1, 10));
    assert_eq!(
        p.interest_arrears,
        Dong(107_244 - 60_000),
        "December's interest fell due on 31/12 and is unpaid"
    );
}

#[test]
fn inactive_after_three_calendar_months_without_payment() {
    let l = loan(10_000_000, d(2025, 1, 10), &[(d(2027, 1, 10), 10_000_000)]);
    let flows = [
        flow(EntryKind::Disbursement, d(2025, 1, 10), 10_000_000),
        flow(EntryKind::InterestPayment, d(2025, 4, 20), 50_000),
    ];
    assert!(
        !pos(&l, &flat_rate(), &flows, &[], d(2025, 7, 19)).inactive,
        "19/07 is less than 3 months after 20/04"
    );
    let p = pos(&l, &flat_rate(), &flows, &[], d(2025, 7, 20));
    assert!(p.inactive, "20/07 is exactly 3 calendar months after 20/04");
    assert_eq!(p.last_activity, Some(d(2025, 4, 20)));

    let student = position(
        LoanFacts {
            loan: &l,
            rates: &flat_rate(),
            is_student: true,
            flows: &flows,
            decisions: &[],
        },
        &Policy::default(),
        d(2025, 7, 20),
    );
    assert!(!student.inactive, "student loans are left out by default");

    let only_disbursed = [flow(EntryKind::Disbursement, d(2025, 1, 10), 10_000_000)];
    assert!(
        pos(&l, &flat_rate(), &only_disbursed, &[], d(2025, 4, 10)).inactive,
        "with no payment, the disbursement date counts"
    );
}

#[test]
fn closed_and_written_off_loans() {
    let l = loan(5_000_000, d(2025, 1, 1), &[(d(2025, 12, 1), 5_000_000)]);
    let mut flows = vec![
        flow(EntryKind::Disbursement, d(2025, 1, 1), 5_000_000),
        flow(EntryKind::PrincipalRepayment, d(2025, 12, 1), 5_000_000),
    ];
    let p = pos(&l, &flat_rate(), &flows, &[], d(2025, 12, 31));
    assert_eq!(
        (p.status, p.outstanding, p.inactive),
        (LoanStatus::Closed, Dong::ZERO, false)
    );
    flows[1] = flow(EntryKind::PrincipalWriteOff, d(2025, 12, 1), 5_000_000);
    assert_eq!(
        pos(&l, &flat_rate(), &flows, &[], d(2025, 12, 31)).status,
        LoanStatus::WrittenOff
    );
}

#[test]
fn half_up_rounding() {
    assert_eq!(round_dong(dec!(0.5)), Dong(1));
    assert_eq!(
        round_dong(dec!(2.5)),
        Dong(3),
        "half-up, not banker's rounding"
    );
    assert_eq!(round_dong(dec!(2.4999)), Dong(2));
}

proptest! {
    #[test]
    fn outstanding_is_disbursed_minus_repaid_and_never_negative(
        amount in 1_000_000i64..100_000_000,
        payments in proptest::collection::vec((1u32..700, 1i64..30_000_000), 0..12),
    ) {
        let start = d(2024, 1, 15);
        let l = loan(amount, start, &[(d(2025, 1, 15), amount / 2), (d(2026, 1, 15), amount - amount / 2)]);
        let mut flows = vec![flow(EntryKind::Disbursement, start, amount)];
        let mut remaining = amount;
        for (offset, pay) in payments {
            // Payments are validated before they are recorded: never above what is outstanding.
            let pay = pay.min(remaining);
            if pay == 0 { continue; }
            remaining -= pay;
            flows.push(flow(EntryKind::PrincipalRepayment, start + chrono::Days::new(u64::from(offset)), pay));
        }
        let p = pos(&l, &flat_rate(), &flows, &[], d(2026, 6, 30));
        prop_assert_eq!(p.outstanding, p.disbursed - p.principal_repaid - p.principal_written_off);
        prop_assert!(p.outstanding >= Dong::ZERO);
        prop_assert_eq!(p.current + p.overdue + p.frozen, p.outstanding, "the three classes partition the balance");
        prop_assert!(p.interest_arrears <= p.interest_due, "arrears are part of what is due");
    }
}

#[test]
fn arrears_can_fall_due_on_the_points_fixed_day_instead_of_month_end() {
    let l = loan(10_000_000, d(2025, 11, 1), &[(d(2027, 11, 1), 10_000_000)]);
    // Paid at the session of 15/11: 15 days × 10.000.000 × 6,6 % / 365 = 9.900.000 / 365 = 27.123,29 → 27.123.
    let flows = [
        flow(EntryKind::Disbursement, d(2025, 11, 1), 10_000_000),
        flow(EntryKind::InterestPayment, d(2025, 11, 15), 27_123),
    ];
    let facts = LoanFacts {
        loan: &l,
        rates: &poor_rates(),
        is_student: false,
        flows: &flows,
        decisions: &[],
    };
    let month_end = position(facts, &Policy::default(), d(2025, 12, 10));
    assert_eq!(
        month_end.interest_arrears,
        Dong(54_247 - 27_123),
        "by default November's whole interest fell due on 30/11, and 16–30/11 is unpaid"
    );
    let fixed_day = Policy {
        interest_due_day: 15,
        ..Policy::default()
    };
    let p = position(facts, &fixed_day, d(2025, 12, 10));
    assert_eq!(
        p.interest_arrears,
        Dong::ZERO,
        "with due day 15, only interest through 15/11 had fallen due, and it was paid"
    );
    let p = position(facts, &fixed_day, d(2025, 12, 16));
    // Through 15/12: November 54.247 + December 1–15: 15 × 10.000.000 × 6,24 % / 365 = 25.643,84 → 25.644.
    assert_eq!(
        p.interest_arrears,
        Dong(54_247 + 25_644 - 27_123),
        "after 15/12 the interest through 15/12 is due"
    );
    assert_eq!(
        last_due_point(d(2025, 12, 15), 15),
        d(2025, 11, 15),
        "on the due day itself the previous one is the last"
    );
}

proptest! {
    #[test]
    fn overdue_on_agrees_with_the_full_position(
        payments in proptest::collection::vec((1u32..900, 1i64..8_000_000), 0..8),
        at in 0u32..1000,
    ) {
        let start = d(2024, 1, 15);
        let l = loan(12_000_000, start, &[(d(2024, 7, 15), 4_000_000), (d(2025, 1, 15), 4_000_000), (d(2025, 7, 15), 4_000_000)]);
        let mut flows = vec![flow(EntryKind::Disbursement, start, 12_000_000)];
        let mut left = 12_000_000;
        for (offset, pay) in payments {
            let pay = pay.min(left);
            if pay == 0 { continue; }
            left -= pay;
            flows.push(flow(EntryKind::PrincipalRepayment, start + chrono::Days::new(u64::from(offset)), pay));
        }
        let day = start + chrono::Days::new(u64::from(at));
        let rates = flat_rate();
        let facts = LoanFacts { loan: &l, rates: &rates, is_student: false, flows: &flows, decisions: &[] };
        prop_assert_eq!(overdue_on(facts, day), position(facts, &Policy::default(), day).overdue);
    }
}

proptest! {
    #[test]
    fn accrued_through_and_principal_on_agree_with_the_position_of_that_day(
        payments in proptest::collection::vec((1u32..700, 1i64..6_000_000, 0i64..90_000), 0..8),
        frozen in proptest::option::of((300u32..500, 30u32..200)),
        at in 0u32..760,
        back in 0u32..120,
    ) {
        // Over the 01/12/2025 rate change, with repayments, interest
        // payments and perhaps a freeze.
        let start = d(2024, 10, 1);
        let l = loan(12_000_000, start, &[(d(2025, 4, 1), 4_000_000), (d(2025, 10, 1), 4_000_000), (d(2026, 4, 1), 4_000_000)]);
        let mut flows = vec![flow(EntryKind::Disbursement, start, 12_000_000)];
        let mut left = 12_000_000;
        for (offset, pay, interest) in payments {
            let on = start + chrono::Days::new(u64::from(offset));
            let pay = pay.min(left);
            if pay > 0 {
                left -= pay;
                flows.push(flow(EntryKind::PrincipalRepayment, on, pay));
            }
            if interest > 0 {
                flows.push(flow(EntryKind::InterestPayment, on, interest));
            }
        }
        let decisions: Vec<RiskDecision> = frozen
            .map(|(from, days)| {
                let from = start + chrono::Days::new(u64::from(from));
                RiskDecision {
                    id: DecisionId(Uuid::nil()),
                    loan_id: l.id,
                    decision_no: "01/QĐ".into(),
                    decided_on: from,
                    measure: RiskMeasure::Freeze { from, until: Some(from + chrono::Days::new(u64::from(days))) },
                    reason: "Lũ lụt".into(),
                }
            })
            .into_iter()
            .collect();
        let rates = poor_rates();
        let facts = LoanFacts { loan: &l, rates: &rates, is_student: false, flows: &flows, decisions: &decisions };
        let as_of = start + chrono::Days::new(u64::from(at));
        let earlier = as_of - chrono::Days::new(u64::from(back));
        let policy = Policy::default();
        let (now, accrued) = position_and_accrued_through(facts, &policy, as_of, earlier);
        let then = position(facts, &policy, earlier);
        prop_assert_eq!(&now, &position(facts, &policy, as_of), "the extra cut changes nothing on as_of");
        prop_assert_eq!(accrued, then.interest_accrued, "accrued through the earlier day, as its own position says");
        let [on_then, on_now] = principal_on_each(facts, [earlier, as_of]);
        prop_assert_eq!(
            (on_then.outstanding, on_then.overdue, on_then.frozen),
            (then.outstanding, then.overdue, then.frozen),
            "principal on the earlier day"
        );
        prop_assert_eq!((on_now.outstanding, on_now.overdue, on_now.frozen), (now.outstanding, now.overdue, now.frozen));
    }
}
