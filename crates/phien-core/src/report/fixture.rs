//! A small book for the report tests: one district office, one point (fixed
//! day 15, a session on the 15th of every month), Hội Nông dân with groups
//! T01 and T02, Hội Phụ nữ with group T03, and whatever borrowers and loans a
//! test adds. Every loan is at 10 %/year on an actual/365 basis, so
//! 36.500.000 ₫ bears exactly 10.000 ₫ a day (13.000 ₫ when overdue, at
//! 130 %), and interest is easy to derive by hand.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{Org, PointCalendar, ReportBook, ReportInput, SavingsBalance, Unit};
use crate::dates::Month;
use crate::ids::{DecisionId, LoanId, MemberId, StaffId, StatusEventId, TraceId};
use crate::ledger::{EntryKind, LoanFlow};
use crate::loan::{Installment, LendingMethod, Loan};
use crate::money::Dong;
use crate::policy::Policy;
use crate::position::LoanFacts;
use crate::program::{ProgramCode, RateHistory, RatePeriod};
use crate::risk::{RiskDecision, RiskMeasure};
use crate::status::{Agency, StatusEvent, StatusKind, Trace};

/// A date.
pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("test dates are valid")
}

/// A month.
pub(crate) fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).expect("test months are valid")
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// The office's id.
pub(crate) const OFFICE: Uuid = Uuid::from_u128(1);
/// The point's id.
pub(crate) const POINT: Uuid = Uuid::from_u128(2);
/// Hội Nông dân's id.
pub(crate) const HND: Uuid = Uuid::from_u128(11);
/// Hội Phụ nữ's id.
pub(crate) const HPN: Uuid = Uuid::from_u128(12);

/// The id of group `T0n`.
pub(crate) fn group(n: u128) -> Uuid {
    id(100 + n)
}

pub(crate) struct TestBook {
    pub(crate) org: Org,
    pub(crate) calendars: Vec<PointCalendar>,
    pub(crate) loans: Vec<Loan>,
    pub(crate) flows: Vec<Vec<LoanFlow>>,
    pub(crate) decisions: Vec<Vec<RiskDecision>>,
    pub(crate) statuses: Vec<StatusEvent>,
    pub(crate) traces: Vec<Trace>,
    pub(crate) savings: Vec<SavingsBalance>,
    pub(crate) rates: RateHistory,
    pub(crate) policy: Policy,
    next_id: u128,
}

impl TestBook {
    pub(crate) fn new() -> TestBook {
        let unit = |id: Uuid, parent: Option<Uuid>, code: &str, label: &str| Unit {
            id,
            parent,
            code: code.into(),
            label: label.into(),
        };
        let org = Org {
            offices: vec![unit(OFFICE, None, "5606", "PGD NHCSXH huyện Diên Khánh")],
            points: vec![unit(
                POINT,
                Some(OFFICE),
                "DP",
                "Điểm giao dịch xã Diên Phú",
            )],
            associations: vec![
                unit(HND, Some(POINT), "HND", "Hội Nông dân"),
                unit(HPN, Some(POINT), "HPN", "Hội Liên hiệp Phụ nữ"),
            ],
            groups: vec![
                unit(group(1), Some(HND), "T01", "Tổ thôn Phú Ân"),
                unit(group(2), Some(HND), "T02", "Tổ thôn Đông Hải"),
                unit(group(3), Some(HPN), "T03", "Tổ thôn Trung"),
            ],
            borrowers: Vec::new(),
        };
        // A session on the 15th of every month from 2025 to 2027.
        let session_days = (2025..=2027)
            .flat_map(|y| (1..=12).map(move |m| d(y, m, 15)))
            .collect();
        TestBook {
            org,
            calendars: vec![PointCalendar {
                point: POINT,
                fixed_day: 15,
                session_days,
            }],
            loans: Vec::new(),
            flows: Vec::new(),
            decisions: Vec::new(),
            statuses: Vec::new(),
            traces: Vec::new(),
            savings: Vec::new(),
            rates: RateHistory::new(vec![RatePeriod {
                effective_from: d(2020, 1, 1),
                annual_rate: Decimal::new(10, 2),
            }]),
            policy: Policy::default(),
            next_id: 1_000,
        }
    }

    fn fresh(&mut self) -> Uuid {
        self.next_id += 1;
        id(self.next_id)
    }

    /// A member of group `T0n` with customer code `code`.
    pub(crate) fn borrower(&mut self, group_n: u128, code: &str, name: &str) -> MemberId {
        let member = MemberId(self.fresh());
        self.org.borrowers.push(Unit {
            id: member.0,
            parent: Some(group(group_n)),
            code: code.into(),
            label: name.into(),
        });
        member
    }

    /// An entrusted loan, disbursed (a flow) on `disbursed_on`; its index.
    pub(crate) fn loan(
        &mut self,
        member: MemberId,
        amount: i64,
        disbursed_on: NaiveDate,
        installments: &[(NaiveDate, i64)],
    ) -> usize {
        let n = self.loans.len();
        let id = LoanId(self.fresh());
        self.loans.push(Loan {
            id,
            member_id: member,
            account_no: format!("66000000000012{n:02}"),
            program: ProgramCode("01".into()),
            funding_source: "central".into(),
            amount: Dong(amount),
            disbursed_on,
            term_months: 36,
            purpose: "Chăn nuôi bò".into(),
            method: LendingMethod::Entrusted,
            installments: installments
                .iter()
                .enumerate()
                .map(|(idx, (due_on, amount))| Installment {
                    seq: u32::try_from(idx).expect("few installments") + 1,
                    due_on: *due_on,
                    amount: Dong(*amount),
                })
                .collect(),
            last_activity_before_import: None,
        });
        self.flows.push(vec![LoanFlow {
            kind: EntryKind::Disbursement,
            date: disbursed_on,
            amount: Dong(amount),
        }]);
        self.decisions.push(Vec::new());
        n
    }

    /// A payment (or any flow) on a loan.
    pub(crate) fn pay(&mut self, loan: usize, kind: EntryKind, date: NaiveDate, amount: i64) {
        self.flows[loan].push(LoanFlow {
            kind,
            date,
            amount: Dong(amount),
        });
    }

    /// Khoanh nợ from `from` until `until`, decided on `from`.
    pub(crate) fn freeze(&mut self, loan: usize, from: NaiveDate, until: NaiveDate) {
        let decision = RiskDecision {
            id: DecisionId(self.fresh()),
            loan_id: self.loans[loan].id,
            decision_no: "15/QĐ-NHCS".into(),
            decided_on: from,
            measure: RiskMeasure::Freeze {
                from,
                until: Some(until),
            },
            reason: "Thiên tai".into(),
        };
        self.decisions[loan].push(decision);
    }

    /// A status event; its id.
    pub(crate) fn status(
        &mut self,
        member: MemberId,
        kind: StatusKind,
        learned_on: NaiveDate,
        destination: Option<&str>,
    ) -> StatusEventId {
        let event = StatusEventId(self.fresh());
        self.statuses.push(StatusEvent {
            id: event,
            member_id: member,
            kind,
            learned_on,
            destination: destination.map(str::to_string),
            source: "Tổ trưởng báo".into(),
            note: None,
            recorded_by: StaffId(Uuid::nil()),
        });
        event
    }

    /// A tracing request, answered or not.
    pub(crate) fn trace(
        &mut self,
        event: StatusEventId,
        agency: Agency,
        asked_on: NaiveDate,
        answer: Option<(&str, NaiveDate)>,
    ) {
        let trace = Trace {
            id: TraceId(self.fresh()),
            event_id: event,
            agency,
            asked_on,
            answer: answer.map(|(a, _)| a.to_string()),
            answered_on: answer.map(|(_, on)| on),
            recorded_by: StaffId(Uuid::nil()),
        };
        self.traces.push(trace);
    }

    /// A member's savings at the start of the report month and on its date.
    pub(crate) fn savings(&mut self, member: MemberId, opening: i64, closing: i64) {
        self.savings.push(SavingsBalance {
            member,
            opening: Dong(opening),
            closing: Dong(closing),
        });
    }

    /// The credit report on `as_of`.
    pub(crate) fn report(&self, as_of: NaiveDate) -> super::CreditReport {
        self.on(as_of, |book| book.credit_report())
    }

    /// Runs `f` on the book measured on `as_of`.
    pub(crate) fn on<T>(&self, as_of: NaiveDate, f: impl FnOnce(&ReportBook<'_>) -> T) -> T {
        self.in_parts(as_of, 1, f)
    }

    /// Runs `f` on the book measured on `as_of` in `n_parts` consecutive
    /// parts ([`super::Measuring`]), one part for [`ReportBook::new`].
    pub(crate) fn in_parts<T>(
        &self,
        as_of: NaiveDate,
        n_parts: usize,
        f: impl FnOnce(&ReportBook<'_>) -> T,
    ) -> T {
        let facts: Vec<LoanFacts<'_>> = self
            .loans
            .iter()
            .enumerate()
            .map(|(idx, loan)| LoanFacts {
                loan,
                rates: &self.rates,
                is_student: false,
                flows: &self.flows[idx],
                decisions: &self.decisions[idx],
            })
            .collect();
        let input = ReportInput {
            org: &self.org,
            calendars: &self.calendars,
            loans: &facts,
            statuses: &self.statuses,
            traces: &self.traces,
            savings: &self.savings,
            policy: &self.policy,
        };
        if n_parts == 1 {
            return f(&ReportBook::new(input, as_of));
        }
        let measuring = super::Measuring::new(input, as_of);
        let n_loans = measuring.n_loans();
        let size = n_loans.div_ceil(n_parts);
        let parts: Vec<_> = (0..n_parts)
            .map(|k| measuring.loans((k * size).min(n_loans)..((k + 1) * size).min(n_loans)))
            .collect();
        f(&measuring.book(parts))
    }
}
