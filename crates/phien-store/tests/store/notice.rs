//! What the printed documents read (src/notice.rs, `group_payments` in
//! src/records.rs): the public notice agrees with the credit report, and a
//! member's receipt figures are their entries in force that day.

use phien_core::ledger::EntryKind;
use phien_core::money::Dong;
use phien_core::position::UnpaidInstallment;
use phien_core::report::Level;
use rust_decimal::Decimal;

use crate::fixture::{Fixture, PIN, day};

#[test]
fn the_notice_lists_every_borrower_who_owes_with_balance_and_due_dates() {
    let mut fx = Fixture::new();
    // The first borrower repays the installment of 15/01/2026; the second
    // (program 04) misses theirs.
    let repaid = fx.loan_entry(
        0,
        EntryKind::PrincipalRepayment,
        Dong(10_000_000),
        day(2026, 1, 15),
    );
    fx.record(repaid).expect("the repayment is recorded");
    let on = day(2026, 2, 1);
    let notice = fx.store.public_notice(on).expect("the notice is readable");

    assert_eq!(notice.point, "Điểm giao dịch xã Diên Phú");
    assert_eq!(notice.office, "PGD NHCSXH huyện Diên Khánh");
    assert_eq!(notice.on, on);
    let poor = &notice.rates[0];
    assert_eq!(
        (poor.code.0.as_str(), poor.annual_rate),
        ("01", Decimal::new(624, 4)),
        "the poor-household rate in force on 01/02/2026 is 6,24 %"
    );
    assert_eq!(notice.rates.len(), 7, "every standard program has a rate");

    let groups: Vec<(&str, Vec<&str>)> = notice
        .groups
        .iter()
        .map(|g| {
            (
                g.code.as_str(),
                g.borrowers.iter().map(|b| b.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            (
                "T01",
                vec!["Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Thu Hằng"]
            ),
            ("T02", vec!["Huỳnh Văn Lộc", "Đặng Thị Hồng"]),
        ],
        "groups by code, borrowers who owe by customer code; members without a loan are not posted"
    );
    let t01 = &notice.groups[0];
    assert_eq!(t01.leader.as_deref(), Some("Nguyễn Thị Hoa"));
    assert_eq!(t01.association, "Hội Nông dân");
    let first = &t01.borrowers[0].loans[0];
    assert_eq!(first.outstanding, Dong(20_000_000));
    assert_eq!(first.overdue, Dong::ZERO);
    assert_eq!(
        first.next_due,
        Some(UnpaidInstallment {
            due_on: day(2027, 1, 15),
            unpaid: Dong(10_000_000)
        })
    );
    assert_eq!(first.final_due_on, Some(day(2028, 1, 15)));
    let missed = &t01.borrowers[1].loans[0];
    assert_eq!(
        missed.overdue,
        Dong(10_000_000),
        "the missed installment is overdue"
    );
    assert_eq!(
        missed.next_due.map(|i| i.due_on),
        Some(day(2027, 1, 15)),
        "the next installment is the one still to come"
    );

    let report = fx.store.credit_report(on).expect("the report is readable");
    let point = report
        .at(Level::Point)
        .next()
        .expect("the report has the point");
    assert_eq!(
        notice.outstanding(),
        point.figures.outstanding,
        "the notice and the credit report come from the same positions"
    );
    assert_eq!(notice.n_borrowers(), point.figures.n_borrowers as usize);
}

#[test]
fn a_members_payments_of_a_day_are_their_entries_in_force() {
    let mut fx = Fixture::new();
    let on = day(2025, 2, 15);
    let (hoa, binh) = (fx.groups[0].members[0].id, fx.groups[0].members[1].id);
    let mut interest = fx.loan_entry(0, EntryKind::InterestPayment, Dong(160_000), on);
    interest.receipt_no = Some("BL-0001".into());
    fx.record(interest).expect("interest is recorded");
    let deposit = fx.savings_entry(hoa, EntryKind::SavingsDeposit, Dong(50_000), on);
    fx.record(deposit).expect("the deposit is recorded");
    let wrong = fx.loan_entry(1, EntryKind::InterestPayment, Dong(99_000), on);
    let wrong = fx.record(wrong).expect("a wrong entry is recorded");
    let later = fx.savings_entry(
        binh,
        EntryKind::SavingsDeposit,
        Dong(20_000),
        day(2025, 2, 16),
    );
    fx.record(later)
        .expect("a deposit of the next day is recorded");
    let actor = fx.actor(&fx.teller);
    let approver = fx.controller.id;
    fx.store
        .write(actor, "reverse", "nhập nhầm", |tx| {
            tx.reverse(wrong.id, "nhập nhầm", approver, PIN, None)
        })
        .expect("the wrong entry is reversed");

    let paid = fx
        .store
        .group_payments(fx.groups[0].id, on)
        .expect("the day's payments are readable");
    assert_eq!(
        paid.len(),
        1,
        "Bình's only entry that day was reversed, and his deposit is of the next day"
    );
    let hoa_paid = &paid[0];
    assert_eq!(hoa_paid.full_name, "Nguyễn Thị Hoa");
    assert_eq!(hoa_paid.paid.member_id, hoa);
    assert_eq!(hoa_paid.paid.receipt_no.as_deref(), Some("BL-0001"));
    assert_eq!(
        (
            hoa_paid.paid.interest,
            hoa_paid.paid.savings_deposit,
            hoa_paid.paid.principal
        ),
        (Dong(160_000), Dong(50_000), Dong::ZERO)
    );
    assert_eq!(hoa_paid.cash_in(), Dong(210_000));
}
