//! Where a loan stands on a date: principal (current / overdue / frozen),
//! interest accrued, paid, due and in arrears, status and activity.
//!
//! The rules (defaults in [`Policy`]):
//! - Interest accrues daily on each day's closing principal: current principal
//!   at the program rate in force that day, overdue principal at
//!   `overdue_rate_multiplier` × that rate, on an actual/`day_basis` year.
//!   Each calendar month's accrual is rounded half-up to whole đồng once.
//! - An installment unpaid at the end of its due date is overdue from the next
//!   day, that installment only. Principal payments settle installments in
//!   due-date order, so the overdue amount is always
//!   `max(0, installments due before today − principal reduced so far)`.
//! - A frozen loan accrues nothing and has nothing overdue while frozen.
//! - Interest due = accrued − paid. Arrears (lãi tồn) = interest that fell due
//!   at a month-end before the date and is still unpaid; payments settle the
//!   oldest interest first, so arrears = `max(0, accrued to the last
//!   month-end + interest brought forward − paid)`.
//!
//! The month is summed exactly: the numerator Σ principal × rate × days is a
//! finite decimal, divided by the day basis once and rounded once, so the
//! result equals the day-by-day sum rounded at month end.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::ledger::{EntryKind, LoanFlow};
use crate::loan::{Loan, LoanStatus};
use crate::money::Dong;
use crate::policy::Policy;
use crate::program::RateHistory;
use crate::risk::{RiskDecision, RiskMeasure};

/// Everything the engine needs about one loan. Flows are the entries in force
/// (see [`crate::ledger::in_force`]) of this loan, in any order.
#[derive(Debug, Clone, Copy)]
pub struct LoanFacts<'a> {
    /// Terms and schedule.
    pub loan: &'a Loan,
    /// The program's rates.
    pub rates: &'a RateHistory,
    /// Whether the program is a student program (HSSV).
    pub is_student: bool,
    /// Money flows in force.
    pub flows: &'a [LoanFlow],
    /// Risk decisions.
    pub decisions: &'a [RiskDecision],
}

/// One month's rounded interest accrual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthAccrual {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Interest accrued in the month (through the as-of date for its month), whole đồng.
    pub interest: Dong,
}

/// A loan's position on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanPosition {
    /// The date.
    pub as_of: NaiveDate,
    /// Principal paid out (disbursed or brought forward).
    pub disbursed: Dong,
    /// Principal repaid.
    pub principal_repaid: Dong,
    /// Principal written off.
    pub principal_written_off: Dong,
    /// Outstanding principal = disbursed − repaid − written off.
    pub outstanding: Dong,
    /// Of which current (trong hạn).
    pub current: Dong,
    /// Of which overdue (quá hạn).
    pub overdue: Dong,
    /// Of which frozen (khoanh).
    pub frozen: Dong,
    /// First day of the oldest overdue installment still unpaid.
    pub overdue_since: Option<NaiveDate>,
    /// Principal due on or before `as_of` and not yet paid (what the borrower
    /// should pay at a session held that day).
    pub principal_due: Dong,
    /// Interest accrued, rounded per month, plus interest brought forward.
    pub interest_accrued: Dong,
    /// Interest paid (cash, from savings, written off).
    pub interest_paid: Dong,
    /// Interest due = accrued − paid (never below zero).
    pub interest_due: Dong,
    /// Lãi tồn: interest due at an earlier month-end, still unpaid.
    pub interest_arrears: Dong,
    /// Last interest or principal payment (or disbursement if none).
    pub last_activity: Option<NaiveDate>,
    /// Status on the date.
    pub status: LoanStatus,
    /// Món vay 3 tháng không hoạt động.
    pub inactive: bool,
    /// Per-month accruals, oldest first.
    pub months: Vec<MonthAccrual>,
}

/// Computes the position of a loan on `as_of` (flows after `as_of` are ignored).
pub fn position(facts: LoanFacts<'_>, policy: &Policy, as_of: NaiveDate) -> LoanPosition {
    position_and_accrued_through(facts, policy, as_of, as_of).0
}

/// [`position`] on `as_of`, and the interest accrued through an earlier day
/// `through` (clamped to `as_of`) exactly as `position(facts, policy,
/// through).interest_accrued` gives it, from the same pass over the accrual:
/// a report needs both for every loan.
pub fn position_and_accrued_through(
    facts: LoanFacts<'_>,
    policy: &Policy,
    as_of: NaiveDate,
    through: NaiveDate,
) -> (LoanPosition, Dong) {
    let through = through.min(as_of);
    let flows = flows_through(facts, as_of);
    let sum_of = |kinds: &[EntryKind]| -> Dong {
        flows
            .iter()
            .filter(|f| kinds.contains(&f.kind))
            .map(|f| f.amount)
            .sum()
    };
    let disbursed = sum_of(&[EntryKind::Disbursement, EntryKind::PrincipalBroughtForward]);
    let principal_repaid = sum_of(&[EntryKind::PrincipalRepayment]);
    let principal_written_off = sum_of(&[EntryKind::PrincipalWriteOff]);
    let outstanding = disbursed - principal_repaid - principal_written_off;
    let interest_paid = sum_of(&[
        EntryKind::InterestPayment,
        EntryKind::InterestFromSavings,
        EntryKind::InterestWriteOff,
    ]);
    let interest_brought_forward = sum_of(&[EntryKind::InterestBroughtForward]);

    let book = Book::new(facts, &flows);
    let first_day = flows
        .iter()
        .find(|f| {
            matches!(
                f.kind,
                EntryKind::Disbursement | EntryKind::PrincipalBroughtForward
            )
        })
        .map(|f| f.date);

    // Accrual by constant segments, bucketed per month. `due_point` is the
    // last day on which interest fell due before `as_of`; the numerator of its
    // month up to it is kept apart for the arrears.
    let due_point = last_due_point(as_of, policy.interest_due_day);
    let mut due_month_partial = Decimal::ZERO;
    let mut through_month_partial = Decimal::ZERO;
    let mut numerators: BTreeMap<(i32, u32), Decimal> = BTreeMap::new();
    if let Some(start) = first_day {
        let end = as_of.succ_opt().unwrap_or(as_of);
        let mut cuts: Vec<NaiveDate> = vec![start, end];
        cuts.extend(due_point.succ_opt());
        cuts.extend(through.succ_opt());
        cuts.extend(flows.iter().map(|f| f.date));
        cuts.extend(book.due_changes());
        cuts.extend(facts.rates.changes_after(start));
        for decision in facts.decisions {
            cuts.push(decision.decided_on);
            if let Some((from, until)) = decision.freeze_window() {
                cuts.push(from);
                if let Some(until) = until {
                    cuts.extend(until.succ_opt());
                }
            }
        }
        let mut month = first_of_month(start);
        while month < end {
            cuts.push(month);
            month = month.checked_add_months(Months::new(1)).unwrap_or(end);
        }
        cuts.retain(|d| *d >= start && *d <= end);
        cuts.sort_unstable();
        cuts.dedup();

        for window in cuts.windows(2) {
            let (a, b) = (window[0], window[1]);
            let n_days = Decimal::from((b - a).num_days());
            let state = book.state_on(a);
            let rate = facts.rates.rate_on(a);
            let bucket = numerators
                .entry((a.year(), a.month()))
                .or_insert(Decimal::ZERO);
            // Every month that the loan lives in gets a bucket, even at zero.
            if state.frozen {
                continue;
            }
            let current = Decimal::from(state.outstanding.get() - state.overdue.get());
            let overdue = Decimal::from(state.overdue.get());
            let numerator =
                (current * rate + overdue * rate * policy.overdue_rate_multiplier) * n_days;
            *bucket += numerator;
            if (a.year(), a.month()) == (due_point.year(), due_point.month()) && a <= due_point {
                due_month_partial += numerator;
            }
            if (a.year(), a.month()) == (through.year(), through.month()) && a <= through {
                through_month_partial += numerator;
            }
        }
    }
    let basis = Decimal::from(policy.day_basis);
    let months: Vec<MonthAccrual> = numerators
        .iter()
        .map(|(&(year, month), numerator)| MonthAccrual {
            year,
            month,
            interest: round_dong(*numerator / basis),
        })
        .collect();
    let accrued_months: Dong = months.iter().map(|m| m.interest).sum();
    // Interest fallen due by `due_point`: whole months before its month, plus
    // its month through it, rounded on its own.
    let fallen_due: Dong = months
        .iter()
        .filter(|m| (m.year, m.month) < (due_point.year(), due_point.month()))
        .map(|m| m.interest)
        .sum::<Dong>()
        + round_dong(due_month_partial / basis);
    let interest_accrued = accrued_months + interest_brought_forward;
    let accrued_through = months
        .iter()
        .filter(|m| (m.year, m.month) < (through.year(), through.month()))
        .map(|m| m.interest)
        .sum::<Dong>()
        + round_dong(through_month_partial / basis)
        + flows
            .iter()
            .filter(|f| f.kind == EntryKind::InterestBroughtForward && f.date <= through)
            .map(|f| f.amount)
            .sum();
    let interest_due = interest_accrued.saturating_sub_zero(interest_paid);
    let interest_arrears =
        (fallen_due + interest_brought_forward).saturating_sub_zero(interest_paid);

    let state = book.state_on(as_of);
    let (current, overdue, frozen) = if state.frozen {
        (Dong::ZERO, Dong::ZERO, state.outstanding)
    } else {
        (state.outstanding - state.overdue, state.overdue, Dong::ZERO)
    };
    let principal_due = if state.frozen {
        Dong::ZERO
    } else {
        book.due_through(as_of, as_of).min(outstanding)
    };

    let last_payment = flows
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                EntryKind::PrincipalRepayment
                    | EntryKind::InterestPayment
                    | EntryKind::InterestFromSavings
            )
        })
        .map(|f| f.date)
        .max();
    let last_activity = [last_payment, facts.loan.last_activity_before_import]
        .into_iter()
        .flatten()
        .max()
        .or(first_day);

    let any_write_off = principal_written_off.is_positive();
    let extended = facts
        .decisions
        .iter()
        .any(|d| d.decided_on <= as_of && matches!(d.measure, RiskMeasure::Extension { .. }));
    let status = if first_day.is_none() {
        LoanStatus::Current
    } else if !outstanding.is_positive() {
        if any_write_off {
            LoanStatus::WrittenOff
        } else {
            LoanStatus::Closed
        }
    } else if state.frozen {
        LoanStatus::Frozen
    } else if overdue.is_positive() {
        LoanStatus::Overdue
    } else if extended {
        LoanStatus::Extended
    } else {
        LoanStatus::Current
    };

    let inactive = outstanding.is_positive()
        && !state.frozen
        && !(facts.is_student && policy.inactive_excludes_student_loans)
        && last_activity
            .and_then(|last| last.checked_add_months(Months::new(policy.inactive_months)))
            .is_some_and(|limit| limit <= as_of);

    let position = LoanPosition {
        as_of,
        disbursed,
        principal_repaid,
        principal_written_off,
        outstanding,
        current,
        overdue,
        frozen,
        overdue_since: if overdue.is_positive() {
            book.overdue_since(as_of)
        } else {
            None
        },
        principal_due,
        interest_accrued,
        interest_paid,
        interest_due,
        interest_arrears,
        last_activity,
        status,
        inactive,
        months,
    };
    (position, accrued_through)
}

/// A loan's principal on a day, after that day's flows, without the interest
/// accrual: what reports need for the same loan at other dates (1 January,
/// the last month-end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PrincipalState {
    /// Outstanding principal.
    pub outstanding: Dong,
    /// Of which overdue (zero while frozen).
    pub overdue: Dong,
    /// Of which frozen (all of it while a freeze holds).
    pub frozen: Dong,
}

/// The principal of a loan on `day`.
pub fn principal_on(facts: LoanFacts<'_>, day: NaiveDate) -> PrincipalState {
    let [state] = principal_on_each(facts, [day]);
    state
}

/// [`principal_on`] for several days, sorting the loan's flows once.
pub fn principal_on_each<const N: usize>(
    facts: LoanFacts<'_>,
    days: [NaiveDate; N],
) -> [PrincipalState; N] {
    let last = days.iter().copied().max().unwrap_or_default();
    let flows = flows_through(facts, last);
    let book = Book::new(facts, &flows);
    days.map(|day| {
        let state = book.state_on(day);
        PrincipalState {
            outstanding: state.outstanding,
            overdue: if state.frozen {
                Dong::ZERO
            } else {
                state.overdue
            },
            frozen: if state.frozen {
                state.outstanding
            } else {
                Dong::ZERO
            },
        }
    })
}

/// Overdue principal on `day` (see [`principal_on`]).
pub fn overdue_on(facts: LoanFacts<'_>, day: NaiveDate) -> Dong {
    principal_on(facts, day).overdue
}

/// Principal of the installments falling due from `from` to `until` (both
/// included), at the due dates the extensions decided by `until` set.
pub fn principal_falling_due(facts: LoanFacts<'_>, from: NaiveDate, until: NaiveDate) -> Dong {
    let book = Book::new(facts, &[]);
    facts
        .loan
        .installments
        .iter()
        .filter(|i| (from..=until).contains(&book.due_on(i.seq, i.due_on, until)))
        .map(|i| i.amount)
        .sum()
}

/// An installment of principal not fully repaid on a day, at the due date
/// the extensions decided by then set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnpaidInstallment {
    /// Due date (after extensions).
    pub due_on: NaiveDate,
    /// What is still unpaid of it.
    pub unpaid: Dong,
}

/// The installments of a loan not fully repaid on `day` (after that day's
/// flows), in due order. Payments and principal write-offs settle
/// installments in due order, so the principal reduced so far covers the
/// oldest first and what is left unpaid is a tail of the schedule.
pub fn unpaid_installments(facts: LoanFacts<'_>, day: NaiveDate) -> Vec<UnpaidInstallment> {
    let flows = flows_through(facts, day);
    Book::new(facts, &flows).unpaid_installments(day)
}

/// The loan's flows through `day`, in date order.
fn flows_through(facts: LoanFacts<'_>, day: NaiveDate) -> Vec<LoanFlow> {
    let mut flows: Vec<LoanFlow> = facts
        .flows
        .iter()
        .copied()
        .filter(|f| f.date <= day)
        .collect();
    flows.sort_by_key(|f| f.date);
    flows
}

/// Rounds half-up (away from zero at .5) to whole đồng.
pub fn round_dong(value: Decimal) -> Dong {
    let rounded = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    Dong(i64::try_from(rounded.mantissa() / 10i128.pow(rounded.scale())).unwrap_or(i64::MAX))
}

/// The last day before `as_of` on which a month's interest fell due: the
/// previous month-end (`due_day` 0), or the last `due_day` of a month strictly
/// before `as_of`.
pub fn last_due_point(as_of: NaiveDate, due_day: u32) -> NaiveDate {
    let month_start = first_of_month(as_of);
    if due_day == 0 {
        return month_start.pred_opt().unwrap_or(month_start);
    }
    let this_month = month_start.with_day(due_day).unwrap_or(month_start);
    if this_month < as_of {
        this_month
    } else {
        this_month
            .checked_sub_months(Months::new(1))
            .unwrap_or(this_month)
    }
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Principal state of a day, after that day's flows.
struct DayState {
    outstanding: Dong,
    overdue: Dong,
    frozen: bool,
}

/// Pre-sorted views of a loan for quick per-day questions.
struct Book<'a> {
    facts: LoanFacts<'a>,
    /// (date, cumulative principal added through that date).
    added: Vec<(NaiveDate, i64)>,
    /// (date, cumulative principal reduced through that date).
    reduced: Vec<(NaiveDate, i64)>,
}

impl<'a> Book<'a> {
    fn new(facts: LoanFacts<'a>, sorted_flows: &[LoanFlow]) -> Book<'a> {
        let cumulate = |kinds: &[EntryKind]| {
            let mut total = 0i64;
            let mut out: Vec<(NaiveDate, i64)> = Vec::new();
            for f in sorted_flows.iter().filter(|f| kinds.contains(&f.kind)) {
                total += f.amount.get();
                match out.last_mut() {
                    Some(last) if last.0 == f.date => last.1 = total,
                    _ => out.push((f.date, total)),
                }
            }
            out
        };
        Book {
            facts,
            added: cumulate(&[EntryKind::Disbursement, EntryKind::PrincipalBroughtForward]),
            reduced: cumulate(&[EntryKind::PrincipalRepayment, EntryKind::PrincipalWriteOff]),
        }
    }

    fn cumulative(series: &[(NaiveDate, i64)], day: NaiveDate) -> i64 {
        let idx = series.partition_point(|(d, _)| *d <= day);
        if idx == 0 { 0 } else { series[idx - 1].1 }
    }

    /// Due date of an installment as seen on `day` (extensions decided by then apply).
    fn due_on(&self, seq: u32, contracted: NaiveDate, day: NaiveDate) -> NaiveDate {
        let mut due = contracted;
        let mut latest_decision: Option<NaiveDate> = None;
        for decision in self.facts.decisions {
            if decision.decided_on > day {
                continue;
            }
            if let RiskMeasure::Extension {
                new_due_on,
                installment_seq,
            } = decision.measure
            {
                let applies = match installment_seq {
                    Some(s) => s == seq,
                    None => contracted < new_due_on,
                };
                if applies && latest_decision.is_none_or(|l| decision.decided_on >= l) {
                    latest_decision = Some(decision.decided_on);
                    due = new_due_on;
                }
            }
        }
        due
    }

    /// Days on which some installment's overdue state can change.
    fn due_changes(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        for inst in &self.facts.loan.installments {
            out.extend(inst.due_on.succ_opt());
            for decision in self.facts.decisions {
                if let RiskMeasure::Extension { new_due_on, .. } = decision.measure {
                    out.extend(new_due_on.succ_opt());
                }
            }
        }
        out
    }

    /// Σ installments due on or before `limit`, as seen on `day`, minus
    /// principal reduced through `day`, floored at zero.
    fn due_through(&self, limit: NaiveDate, day: NaiveDate) -> Dong {
        let due: i64 = self
            .facts
            .loan
            .installments
            .iter()
            .filter(|i| self.due_on(i.seq, i.due_on, day) <= limit)
            .map(|i| i.amount.get())
            .sum();
        Dong((due - Self::cumulative(&self.reduced, day)).max(0))
    }

    fn frozen_on(&self, day: NaiveDate) -> bool {
        self.facts
            .decisions
            .iter()
            .filter_map(RiskDecision::freeze_window)
            .any(|(from, until)| from <= day && until.is_none_or(|u| day <= u))
    }

    fn state_on(&self, day: NaiveDate) -> DayState {
        let outstanding =
            Dong(Self::cumulative(&self.added, day) - Self::cumulative(&self.reduced, day));
        let frozen = self.frozen_on(day);
        let overdue = match day.pred_opt() {
            Some(yesterday) if !frozen => self
                .due_through(yesterday, day)
                .min(outstanding.max(Dong::ZERO)),
            _ => Dong::ZERO,
        };
        DayState {
            outstanding,
            overdue,
            frozen,
        }
    }

    /// The day after the due date of the oldest installment not fully paid.
    fn overdue_since(&self, day: NaiveDate) -> Option<NaiveDate> {
        let oldest = self.unpaid_installments(day).into_iter().next()?;
        if oldest.due_on < day {
            oldest.due_on.checked_add_days(Days::new(1))
        } else {
            None
        }
    }

    /// The installments not fully covered by the principal reduced through
    /// `day`, in due order (see [`unpaid_installments`]).
    fn unpaid_installments(&self, day: NaiveDate) -> Vec<UnpaidInstallment> {
        let mut installments: Vec<(NaiveDate, i64)> = self
            .facts
            .loan
            .installments
            .iter()
            .map(|i| (self.due_on(i.seq, i.due_on, day), i.amount.get()))
            .collect();
        installments.sort_unstable();
        let reduced = Self::cumulative(&self.reduced, day);
        let mut covered = 0i64;
        let mut out = Vec::new();
        for (due_on, amount) in installments {
            covered += amount;
            if covered > reduced {
                out.push(UnpaidInstallment {
                    due_on,
                    unpaid: Dong((covered - reduced).min(amount)),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
