//! The public notice of a transaction point (niêm yết công khai, domain.md
//! §1 and §4 step 4): the lending rate of each program in force on the day,
//! and the borrowers group by group with their outstanding balance and due
//! dates. Plain data: the store fills it from the books, a printer renders
//! it; the only rules here are which rate is in force and what is still due.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Dong;
use crate::policy::Policy;
use crate::position::{LoanFacts, UnpaidInstallment, principal_on, unpaid_installments};
use crate::program::{Program, ProgramCode, RateHistory};

/// A program's lending rate in force on the notice's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramRate {
    /// Program code (`01`…).
    pub code: ProgramCode,
    /// Vietnamese name.
    pub name: String,
    /// Annual rate as a fraction (0.0624 = 6,24 %/năm).
    pub annual_rate: Decimal,
    /// The rate on overdue principal (the policy's multiple of the rate).
    pub overdue_annual_rate: Decimal,
    /// The day this rate took effect.
    pub effective_from: NaiveDate,
}

impl ProgramRate {
    /// The monthly rate as the bank posts it: the annual rate ÷ 12
    /// (6,24 %/năm = 0,52 %/tháng), exact.
    pub fn monthly_rate(&self) -> Decimal {
        self.annual_rate / Decimal::from(12)
    }
}

/// A rate (a fraction) as the notice prints it, in percent without the
/// sign: `0.0624` → `6,24`, `0.006875` → `0,6875`.
pub fn rate_vi(fraction: Decimal) -> String {
    crate::money::decimal_vi((fraction * Decimal::ONE_HUNDRED).round_dp(4))
}

/// The rates in force on `on`, in the order given; a program with no rate
/// yet on that day is left out.
pub fn rates_on(
    programs: &[(Program, RateHistory)],
    policy: &Policy,
    on: NaiveDate,
) -> Vec<ProgramRate> {
    programs
        .iter()
        .filter_map(|(program, history)| {
            let period = history
                .periods()
                .iter()
                .rev()
                .find(|p| p.effective_from <= on)?;
            Some(ProgramRate {
                code: program.code.clone(),
                name: program.name_vi.clone(),
                annual_rate: period.annual_rate,
                overdue_annual_rate: period.annual_rate * policy.overdue_rate_multiplier,
                effective_from: period.effective_from,
            })
        })
        .collect()
}

/// One loan on the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLoan {
    /// Account number (số khế ước).
    pub account_no: String,
    /// Program.
    pub program: ProgramCode,
    /// Disbursed on.
    pub disbursed_on: NaiveDate,
    /// Amount lent.
    pub amount: Dong,
    /// Outstanding principal on the day (dư nợ).
    pub outstanding: Dong,
    /// Of which overdue (quá hạn).
    pub overdue: Dong,
    /// Of which frozen (khoanh).
    pub frozen: Dong,
    /// The next installment due on or after the day, with what is unpaid of
    /// it; none when everything still owed is already overdue.
    pub next_due: Option<UnpaidInstallment>,
    /// The due date of the last installment still owed (hạn trả cuối cùng).
    pub final_due_on: Option<NaiveDate>,
}

/// A loan as the notice shows it on `on`; `None` when nothing is
/// outstanding (a repaid loan is not posted).
pub fn notice_loan(facts: LoanFacts<'_>, on: NaiveDate) -> Option<NoticeLoan> {
    let principal = principal_on(facts, on);
    if !principal.outstanding.is_positive() {
        return None;
    }
    let unpaid = unpaid_installments(facts, on);
    Some(NoticeLoan {
        account_no: facts.loan.account_no.clone(),
        program: facts.loan.program.clone(),
        disbursed_on: facts.loan.disbursed_on,
        amount: facts.loan.amount,
        outstanding: principal.outstanding,
        overdue: principal.overdue,
        frozen: principal.frozen,
        next_due: unpaid.iter().copied().find(|i| i.due_on >= on),
        final_due_on: unpaid.iter().map(|i| i.due_on).max(),
    })
}

/// A borrower with their loans still outstanding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeBorrower {
    /// Customer code (mã KH).
    pub customer_code: String,
    /// Full name.
    pub name: String,
    /// Loans, oldest first.
    pub loans: Vec<NoticeLoan>,
}

/// A group's part of the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeGroup {
    /// Group code (T07).
    pub code: String,
    /// Name.
    pub name: String,
    /// Village (thôn).
    pub village: String,
    /// Its association's name.
    pub association: String,
    /// The group leader's name.
    pub leader: Option<String>,
    /// Borrowers with outstanding debt, by customer code.
    pub borrowers: Vec<NoticeBorrower>,
}

impl NoticeGroup {
    /// Outstanding of the group.
    pub fn outstanding(&self) -> Dong {
        self.borrowers
            .iter()
            .flat_map(|b| &b.loans)
            .map(|l| l.outstanding)
            .sum()
    }
}

/// The notice of a point on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicNotice {
    /// The district office's name.
    pub office: String,
    /// The point's name.
    pub point: String,
    /// Where its sessions are held.
    pub address: String,
    /// The day of the figures.
    pub on: NaiveDate,
    /// Rates in force that day.
    pub rates: Vec<ProgramRate>,
    /// Groups with a borrower who owes, in the bank's order.
    pub groups: Vec<NoticeGroup>,
}

impl PublicNotice {
    /// Borrowers listed.
    pub fn n_borrowers(&self) -> usize {
        self.groups.iter().map(|g| g.borrowers.len()).sum()
    }

    /// Outstanding of everyone listed.
    pub fn outstanding(&self) -> Dong {
        self.groups.iter().map(NoticeGroup::outstanding).sum()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;
    use uuid::Uuid;

    use super::*;
    use crate::ids::{LoanId, MemberId};
    use crate::ledger::{EntryKind, LoanFlow};
    use crate::loan::{Installment, LendingMethod, Loan};
    use crate::program::{RatePeriod, standard_programs};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn rates_on_a_day_follow_the_history_and_the_overdue_multiple() {
        let programs: Vec<(Program, RateHistory)> = standard_programs()
            .into_iter()
            .map(|(p, periods)| (p, RateHistory::new(periods)))
            .collect();
        let policy = Policy::default();
        let before = rates_on(&programs, &policy, d(2025, 11, 30));
        let after = rates_on(&programs, &policy, d(2025, 12, 1));
        assert_eq!(before[0].annual_rate, dec!(0.066), "hộ nghèo 6,6 % before");
        assert_eq!(after[0].annual_rate, dec!(0.0624), "6,24 % from 01/12/2025");
        assert_eq!(after[0].effective_from, d(2025, 12, 1));
        assert_eq!(
            (
                rate_vi(after[0].monthly_rate()),
                rate_vi(after[4].monthly_rate())
            ),
            ("0,52".to_string(), "0,6875".to_string()),
            "rates print in percent, Vietnamese decimal comma, trailing zeros dropped"
        );
        assert_eq!(
            after[0].monthly_rate(),
            dec!(0.0052),
            "6,24 %/năm is posted as 0,52 %/tháng"
        );
        assert_eq!(
            after[0].overdue_annual_rate,
            dec!(0.08112),
            "overdue principal bears 130 % of 6,24 %"
        );
        let none_yet = rates_on(
            &[(
                programs[0].0.clone(),
                RateHistory::new(vec![RatePeriod {
                    effective_from: d(2026, 1, 1),
                    annual_rate: dec!(0.05),
                }]),
            )],
            &policy,
            d(2025, 12, 31),
        );
        assert!(
            none_yet.is_empty(),
            "a program whose first rate starts later is not posted"
        );
    }

    #[test]
    fn a_loan_shows_its_next_installment_and_its_last_due_date() {
        let loan = Loan {
            id: LoanId(Uuid::nil()),
            member_id: MemberId(Uuid::nil()),
            account_no: "6600000000001201".into(),
            program: ProgramCode("01".into()),
            funding_source: "central".into(),
            amount: Dong(6_000_000),
            disbursed_on: d(2025, 1, 10),
            term_months: 24,
            purpose: "Chăn nuôi".into(),
            method: LendingMethod::Entrusted,
            installments: vec![
                Installment {
                    seq: 1,
                    due_on: d(2025, 7, 10),
                    amount: Dong(2_000_000),
                },
                Installment {
                    seq: 2,
                    due_on: d(2026, 1, 10),
                    amount: Dong(2_000_000),
                },
                Installment {
                    seq: 3,
                    due_on: d(2027, 1, 10),
                    amount: Dong(2_000_000),
                },
            ],
            last_activity_before_import: None,
        };
        let rates = RateHistory::default();
        let flows = [LoanFlow {
            kind: EntryKind::Disbursement,
            date: d(2025, 1, 10),
            amount: Dong(6_000_000),
        }];
        let facts = LoanFacts {
            loan: &loan,
            rates: &rates,
            is_student: false,
            flows: &flows,
            decisions: &[],
        };
        let on = notice_loan(facts, d(2025, 12, 15)).expect("outstanding");
        assert_eq!(on.outstanding, Dong(6_000_000));
        assert_eq!(
            on.overdue,
            Dong(2_000_000),
            "the July installment was missed"
        );
        assert_eq!(
            on.next_due,
            Some(UnpaidInstallment {
                due_on: d(2026, 1, 10),
                unpaid: Dong(2_000_000)
            }),
            "the next installment is the first due on or after the day, not the overdue one"
        );
        assert_eq!(on.final_due_on, Some(d(2027, 1, 10)));
        assert_eq!(
            notice_loan(facts, d(2025, 1, 9)),
            None,
            "nothing is outstanding before the disbursement"
        );
    }
}
