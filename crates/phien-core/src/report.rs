//! Credit quality for supervisors (báo cáo chất lượng tín dụng): district
//! office → transaction point → association → group → borrower, as of any
//! date; the monthly group rating ([`rating`]), the loan officer's
//! watchlists ([`watchlist`]), the month's entrustment fee and commission
//! ([`fees`]) and the units of one level side by side ([`compare`]).
//!
//! One computation. [`ReportBook::new`] measures every loan once for a date
//! (one pass over the loans, each in time linear in its own flows) and every
//! report is an aggregation of those measures. The CLI, the desktop app and
//! the district server call these functions with the same plain inputs
//! ([`ReportInput`]: the organisation, each loan's facts, borrower statuses
//! and tracing logs, savings balances, the points' session days, the rules);
//! nothing here reads a clock, a file or a database. Reports are plain
//! serialisable rows (level, key, code, label, figures) that a spreadsheet or
//! PDF writer and the UI render without computing anything again.
//!
//! The indicators, per loan, summed up the tree:
//! - outstanding (dư nợ) split into current, overdue and frozen, and the
//!   overdue ratio (tỷ lệ nợ quá hạn) = overdue ÷ outstanding;
//! - the change of overdue since 1 January (overdue now − overdue on 31/12 of
//!   the previous year) and since last month (− overdue on the last day of
//!   the previous month);
//! - interest arrears (lãi tồn), loans inactive for 3 months (món vay 3 tháng
//!   không hoạt động; [`crate::policy::Policy::inactive_months`]);
//! - borrowers who moved away (hộ vay đi khỏi địa phương) with outstanding
//!   debt, and how far their tracing went ([`TracingState`]);
//! - the interest collection rate of the month ([`InterestCollection`]).

pub mod compare;
pub mod fees;
pub mod rating;
pub mod series;
pub mod watchlist;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::dates::Month;
use crate::ids::{MemberId, StatusEventId};
use crate::ledger::EntryKind;
use crate::money::Dong;
use crate::policy::Policy;
use crate::position::{
    LoanFacts, LoanPosition, position_and_accrued_through, principal_falling_due, principal_on_each,
};
use crate::quality::ratio_pct;
use crate::status::{Agency, StatusEvent, StatusKind, Trace};

/// A level of the hierarchy, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Phòng giao dịch NHCSXH huyện (district office).
    Office,
    /// Điểm giao dịch xã (commune transaction point; after the 2025 merger a
    /// point may serve several communes, so the point is the level).
    Point,
    /// Hội đoàn thể nhận ủy thác (entrusted association).
    Association,
    /// Tổ TK&VV (savings-and-loan group).
    Group,
    /// Hộ vay (borrower).
    Borrower,
}

impl Level {
    /// Every level, from the top.
    pub const ALL: [Level; 5] = [
        Level::Office,
        Level::Point,
        Level::Association,
        Level::Group,
        Level::Borrower,
    ];

    /// Stable code (`office`, `point`, `association`, `group`, `borrower`).
    pub fn code(self) -> &'static str {
        match self {
            Level::Office => "office",
            Level::Point => "point",
            Level::Association => "association",
            Level::Group => "group",
            Level::Borrower => "borrower",
        }
    }

    /// Inverse of [`Level::code`].
    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Office => "Phòng giao dịch",
            Level::Point => "Điểm giao dịch xã",
            Level::Association => "Hội đoàn thể",
            Level::Group => "Tổ TK&VV",
            Level::Borrower => "Hộ vay",
        }
    }

    fn idx(self) -> usize {
        self as usize
    }
}

/// One unit of the organisation as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Its id (the office's, point's, association's, group's or member's).
    pub id: Uuid,
    /// The unit above it (none for an office).
    pub parent: Option<Uuid>,
    /// Code: office and point code, association code (HND…), group code
    /// (T07), customer code (mã KH).
    pub code: String,
    /// Name.
    pub label: String,
}

/// The organisation a report covers: each level's units, each naming its
/// parent in the level above. Siblings appear in reports in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    /// District offices.
    pub offices: Vec<Unit>,
    /// Transaction points (parent: office).
    pub points: Vec<Unit>,
    /// Associations (parent: point).
    pub associations: Vec<Unit>,
    /// Groups (parent: association).
    pub groups: Vec<Unit>,
    /// Members (parent: group; id: the member's id).
    pub borrowers: Vec<Unit>,
}

impl Org {
    /// The units of a level.
    pub fn units(&self, level: Level) -> &[Unit] {
        match level {
            Level::Office => &self.offices,
            Level::Point => &self.points,
            Level::Association => &self.associations,
            Level::Group => &self.groups,
            Level::Borrower => &self.borrowers,
        }
    }
}

/// A point's transaction days: its fixed monthly day and the days it held a
/// session (phiên giao dịch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointCalendar {
    /// The point's id.
    pub point: Uuid,
    /// Fixed monthly transaction day (1–31, clamped to the month).
    pub fixed_day: u32,
    /// Days a session was held, any order.
    pub session_days: Vec<NaiveDate>,
}

impl PointCalendar {
    /// The day the month's interest is collected (the cut-off of
    /// [`InterestCollection`]): the first session held in the month, or the
    /// fixed day when none was held.
    pub fn collection_day(&self, month: Month) -> NaiveDate {
        self.session_days
            .iter()
            .copied()
            .filter(|d| month.contains(*d))
            .min()
            .unwrap_or_else(|| month.day(self.fixed_day))
    }
}

/// A member's savings balance (tiền gửi tổ viên) at the start of the report's
/// month (the close of its previous month) and on the report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsBalance {
    /// The member.
    pub member: MemberId,
    /// Balance at the close of the previous month.
    pub opening: Dong,
    /// Balance on the report date.
    pub closing: Dong,
}

/// Everything a report is computed from: plain data, read by the caller.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The organisation.
    pub org: &'a Org,
    /// The points' transaction days.
    pub calendars: &'a [PointCalendar],
    /// Every loan with its flows in force and its decisions (loans disbursed
    /// after the report date are left out).
    pub loans: &'a [LoanFacts<'a>],
    /// Borrower status events, any order.
    pub statuses: &'a [StatusEvent],
    /// Tracing-log lines, any order.
    pub traces: &'a [Trace],
    /// Savings balances of the members (only the group rating reads them).
    pub savings: &'a [SavingsBalance],
    /// The rules in force.
    pub policy: &'a Policy,
}

/// How far the tracing of a borrower who moved away went (tra cứu nơi cư
/// trú mới, with the police, social insurance, tax office…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TracingState {
    /// No agency asked yet.
    NotTraced,
    /// Asked; no answer yet.
    AwaitingAnswer,
    /// At least one agency answered.
    Answered,
}

impl TracingState {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            TracingState::NotTraced => "Chưa tra cứu",
            TracingState::AwaitingAnswer => "Đang chờ trả lời",
            TracingState::Answered => "Đã có trả lời",
        }
    }
}

/// One tracing request as known on the report date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// Agency asked.
    pub agency: Agency,
    /// When.
    pub asked_on: NaiveDate,
    /// The answer, if it came by the report date.
    pub answer: Option<String>,
    /// When it came.
    pub answered_on: Option<NaiveDate>,
}

impl TraceStep {
    /// The step as a line of the tracing log: `Công an 01/10/2026: answer`.
    pub fn summary_vi(&self) -> String {
        format!(
            "{} {}{}",
            self.agency.label_vi(),
            crate::dates::dmy(self.asked_on),
            self.answer
                .as_deref()
                .map(|a| format!(": {a}"))
                .unwrap_or_default()
        )
    }
}

/// A borrower who moved away, as known on the report date: the latest status
/// event learned by then is "moved away".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedAway {
    /// When the bank learned of the move.
    pub learned_on: NaiveDate,
    /// Where to, if known.
    pub destination: Option<String>,
    /// Who told.
    pub source: String,
    /// How far the tracing went.
    pub tracing: TracingState,
    /// The tracing log of this move, oldest first.
    pub steps: Vec<TraceStep>,
}

/// The interest collection rate of the month (tỷ lệ thu lãi), per loan and
/// summed up the tree:
///
/// - **due** (lãi phải thu) = interest accrued through the month's collection
///   day (the first session of the month at the loan's point, or its fixed
///   day; the report date if earlier) − interest paid or written off before
///   the 1st of the month − interest written off in the month (xóa nợ lãi:
///   never to be collected). That is the interest owed at the start of the
///   month (arrears included) plus what accrues until the session: exactly
///   what the month's 13/TD list asks for.
/// - **collected** (lãi thực thu) = interest paid in the month through the
///   report date, in cash or from savings (not written off), counted up to
///   the loan's due: a payment after the session for interest accrued since
///   then does not lift the rate above 100 %.
/// - rate = Σ collected ÷ Σ due; none when nothing was due.
///
/// A loan frozen on the collection day (khoanh nợ: collection suspended) is
/// left out of both, and so is a loan lent on the collection day or later
/// (its first interest is collected at the next session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InterestCollection {
    /// Lãi phải thu trong tháng.
    pub due: Dong,
    /// Lãi thực thu trong tháng, up to each loan's due.
    pub collected: Dong,
}

impl InterestCollection {
    /// Collected ÷ due in percent, 2 decimals; `None` when nothing was due.
    pub fn rate_pct(self) -> Option<Decimal> {
        self.due
            .is_positive()
            .then(|| ratio_pct(self.collected, self.due))
    }
}

/// What the reports need of one loan on the report date, computed once.
#[derive(Debug, Clone)]
pub(crate) struct LoanMeasure {
    /// Index in [`ReportInput::loans`].
    pub(crate) loan: usize,
    /// Index in [`Org::borrowers`].
    pub(crate) borrower: usize,
    /// Position on the report date.
    pub(crate) position: LoanPosition,
    /// Overdue on 31/12 of the previous year.
    pub(crate) overdue_at_year_start: Dong,
    /// Overdue on the last day of the previous month.
    pub(crate) overdue_at_last_month_end: Dong,
    /// Outstanding on the last day of the previous month.
    pub(crate) outstanding_at_month_start: Dong,
    /// The month's interest collection.
    pub(crate) interest: InterestCollection,
    /// Principal of installments falling due from the 1st of the month to
    /// the report date (zero while frozen).
    pub(crate) principal_due_month: Dong,
    /// … of which still unpaid on the report date.
    pub(crate) principal_unpaid_month: Dong,
    /// Interest and principal paid in the month.
    pub(crate) paid_month: Dong,
    /// … of which on a day the loan's point held a session.
    pub(crate) paid_at_session_month: Dong,
}

/// Parent links of the organisation, as indices.
#[derive(Debug, Clone, Default)]
struct Lineage {
    /// For each level, each unit's parent index in the level above.
    parents: [Vec<Option<usize>>; 5],
}

impl Lineage {
    fn new(org: &Org) -> Lineage {
        let mut lineage = Lineage::default();
        for level in Level::ALL {
            let above: HashMap<Uuid, usize> = match level.idx() {
                0 => HashMap::new(),
                above => org
                    .units(Level::ALL[above - 1])
                    .iter()
                    .enumerate()
                    .map(|(idx, u)| (u.id, idx))
                    .collect(),
            };
            lineage.parents[level.idx()] = org
                .units(level)
                .iter()
                .map(|u| u.parent.and_then(|p| above.get(&p).copied()))
                .collect();
        }
        lineage
    }

    fn parent(&self, level: Level, idx: usize) -> Option<usize> {
        self.parents[level.idx()].get(idx).copied().flatten()
    }

    /// The index of the unit of `wanted` level above a borrower.
    fn above_borrower(&self, borrower: usize, wanted: Level) -> Option<usize> {
        let mut idx = borrower;
        let mut level = Level::Borrower;
        while level > wanted {
            idx = self.parent(level, idx)?;
            level = Level::ALL[level.idx() - 1];
        }
        Some(idx)
    }
}

/// The loans of an organisation measured on one date: the single computation
/// every report of this module aggregates.
pub struct ReportBook<'a> {
    input: ReportInput<'a>,
    as_of: NaiveDate,
    month: Month,
    lineage: Lineage,
    loans: Vec<LoanMeasure>,
    /// For each borrower, the move known on the report date.
    moved: Vec<Option<MovedAway>>,
}

/// The measuring of a [`ReportBook`] in parts: the loans of a range at a
/// time ([`Measuring::loans`]), then the book from the parts in order
/// ([`Measuring::book`]). The parts are independent, so a caller may
/// measure them on several threads; the book is the same as
/// [`ReportBook::new`]'s whatever the split.
pub struct Measuring<'a> {
    input: ReportInput<'a>,
    as_of: NaiveDate,
    month: Month,
    lineage: Lineage,
    borrower_idx: HashMap<Uuid, usize>,
    /// Each point's collection day in the month and its sorted session days.
    calendars: HashMap<Uuid, (NaiveDate, Vec<NaiveDate>)>,
}

/// The measures of a range of loans ([`Measuring::loans`]).
pub struct MeasuredLoans(Vec<LoanMeasure>);

impl<'a> Measuring<'a> {
    /// Prepares to measure the loans of `input` on `as_of`; the report
    /// month is the month of `as_of`, through `as_of`.
    pub fn new(input: ReportInput<'a>, as_of: NaiveDate) -> Measuring<'a> {
        let org = input.org;
        let month = Month::of(as_of);
        let borrower_idx: HashMap<Uuid, usize> = org
            .borrowers
            .iter()
            .enumerate()
            .map(|(idx, u)| (u.id, idx))
            .collect();
        let calendars = input
            .calendars
            .iter()
            .map(|c| {
                let mut days = c.session_days.clone();
                days.sort_unstable();
                (c.point, (c.collection_day(month), days))
            })
            .collect();
        Measuring {
            input,
            as_of,
            month,
            lineage: Lineage::new(org),
            borrower_idx,
            calendars,
        }
    }

    /// How many loans there are to measure ([`ReportInput::loans`]).
    pub fn n_loans(&self) -> usize {
        self.input.loans.len()
    }

    /// Measures the loans of `range` (indices in [`ReportInput::loans`]);
    /// loans disbursed after the report date and loans of unknown members
    /// are left out.
    pub fn loans(&self, range: std::ops::Range<usize>) -> MeasuredLoans {
        let (org, as_of, month) = (self.input.org, self.as_of, self.month);
        let year_start = NaiveDate::from_ymd_opt(as_of.year() - 1, 12, 31).unwrap_or(as_of);
        let last_month_end = month.previous().last_day();
        let first = month.first_day();
        let start = range.start;
        let facts_in_range = self.input.loans.get(range).unwrap_or_default();
        let mut loans = Vec::with_capacity(facts_in_range.len());
        for (offset, facts) in facts_in_range.iter().enumerate() {
            let loan_idx = start + offset;
            if facts.loan.disbursed_on > as_of {
                continue;
            }
            let Some(&borrower) = self.borrower_idx.get(&facts.loan.member_id.0) else {
                continue;
            };
            let calendar = self
                .lineage
                .above_borrower(borrower, Level::Point)
                .and_then(|p| self.calendars.get(&org.points[p].id));
            let collection_day = calendar.map_or(month.last_day(), |c| c.0).min(as_of);
            let is_session_day =
                |day: NaiveDate| calendar.is_some_and(|c| c.1.binary_search(&day).is_ok());

            let (now, accrued_through_collection_day) =
                position_and_accrued_through(*facts, self.input.policy, as_of, collection_day);
            let [at_year_start, at_month_start, on_collection_day] =
                principal_on_each(*facts, [year_start, last_month_end, collection_day]);
            let mut interest_settled_before = Dong::ZERO;
            let mut interest_written_off_month = Dong::ZERO;
            let mut interest_paid_month = Dong::ZERO;
            let mut paid_month = Dong::ZERO;
            let mut paid_at_session_month = Dong::ZERO;
            for flow in facts.flows.iter().filter(|f| f.date <= as_of) {
                let in_month = flow.date >= first;
                match flow.kind {
                    EntryKind::InterestPayment | EntryKind::InterestFromSavings if in_month => {
                        interest_paid_month += flow.amount;
                    }
                    EntryKind::InterestWriteOff if in_month => {
                        interest_written_off_month += flow.amount;
                    }
                    EntryKind::InterestPayment
                    | EntryKind::InterestFromSavings
                    | EntryKind::InterestWriteOff => {
                        interest_settled_before += flow.amount;
                    }
                    _ => {}
                }
                if in_month
                    && matches!(
                        flow.kind,
                        EntryKind::InterestPayment
                            | EntryKind::InterestFromSavings
                            | EntryKind::PrincipalRepayment
                    )
                {
                    paid_month += flow.amount;
                    if is_session_day(flow.date) {
                        paid_at_session_month += flow.amount;
                    }
                }
            }
            // A loan lent on the collection day or later owes nothing this
            // month: its first interest is collected at the next session.
            let interest = if on_collection_day.frozen.is_positive()
                || facts.loan.disbursed_on >= collection_day
            {
                InterestCollection::default()
            } else {
                let due = accrued_through_collection_day
                    .saturating_sub_zero(interest_settled_before + interest_written_off_month);
                InterestCollection {
                    due,
                    collected: interest_paid_month.min(due),
                }
            };
            let principal_due_month = if now.frozen.is_positive() {
                Dong::ZERO
            } else {
                principal_falling_due(*facts, first, as_of)
            };
            loans.push(LoanMeasure {
                loan: loan_idx,
                borrower,
                overdue_at_year_start: at_year_start.overdue,
                overdue_at_last_month_end: at_month_start.overdue,
                outstanding_at_month_start: at_month_start.outstanding,
                interest,
                principal_due_month,
                principal_unpaid_month: now.principal_due.min(principal_due_month),
                paid_month,
                paid_at_session_month,
                position: now,
            });
        }
        MeasuredLoans(loans)
    }

    /// The book from the measures of consecutive ranges covering every
    /// loan, in order.
    pub fn book(self, parts: impl IntoIterator<Item = MeasuredLoans>) -> ReportBook<'a> {
        let mut loans = Vec::with_capacity(self.input.loans.len());
        for part in parts {
            loans.extend(part.0);
        }
        let moved = moved_away(
            self.input.org,
            &self.borrower_idx,
            self.input.statuses,
            self.input.traces,
            self.as_of,
        );
        ReportBook {
            input: self.input,
            as_of: self.as_of,
            month: self.month,
            lineage: self.lineage,
            loans,
            moved,
        }
    }
}

impl<'a> ReportBook<'a> {
    /// Measures every loan of `input` on `as_of`; the report month is the
    /// month of `as_of`, through `as_of`.
    pub fn new(input: ReportInput<'a>, as_of: NaiveDate) -> ReportBook<'a> {
        let measuring = Measuring::new(input, as_of);
        let all = measuring.loans(0..measuring.n_loans());
        measuring.book([all])
    }

    /// The report date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The report month (the month of the report date).
    pub fn month(&self) -> Month {
        self.month
    }

    /// The credit-quality report: every unit of every level, in tree order.
    pub fn credit_report(&self) -> CreditReport {
        let org = self.input.org;
        let mut figures: [Vec<Figures>; 5] =
            Level::ALL.map(|level| vec![Figures::default(); org.units(level).len()]);
        for m in &self.loans {
            figures[Level::Borrower.idx()][m.borrower].add_loan(m);
        }
        for (idx, f) in figures[Level::Borrower.idx()].iter_mut().enumerate() {
            f.close_borrower(self.moved[idx].as_ref());
        }
        // Roll up, bottom to top: each unit's sums go to its parent.
        for level in Level::ALL.into_iter().rev().take(4) {
            let (upper, lower) = figures.split_at_mut(level.idx());
            let above = &mut upper[level.idx() - 1];
            for (idx, f) in lower[0].iter().enumerate() {
                if let Some(parent) = self.lineage.parent(level, idx) {
                    above[parent].absorb(f);
                }
            }
        }
        for level_figures in &mut figures {
            for f in level_figures.iter_mut() {
                f.finish();
            }
        }
        let mut rows = Vec::new();
        for idx in tree_order(org, &self.lineage) {
            let (level, unit_idx) = idx;
            let f = &figures[level.idx()][unit_idx];
            if level == Level::Borrower && *f == Figures::default() {
                continue;
            }
            let unit = &org.units(level)[unit_idx];
            rows.push(ReportRow {
                level,
                id: unit.id,
                parent: unit.parent,
                code: unit.code.clone(),
                label: unit.label.clone(),
                figures: f.clone(),
            });
        }
        CreditReport {
            as_of: self.as_of,
            month: self.month,
            rows,
        }
    }

    /// Ids of the units above a borrower and the borrower's own, from the top.
    fn lineage_ids(&self, borrower: usize) -> impl Iterator<Item = Uuid> + '_ {
        Level::ALL.into_iter().filter_map(move |level| {
            self.lineage
                .above_borrower(borrower, level)
                .map(|idx| self.input.org.units(level)[idx].id)
        })
    }

    /// Whether a borrower is `within` a unit (or is it); everyone when `None`.
    fn is_within(&self, borrower: usize, within: Option<Uuid>) -> bool {
        within.is_none_or(|id| self.lineage_ids(borrower).any(|u| u == id))
    }
}

/// `(level, index)` of every unit, in tree order: each unit followed by its
/// children. Units whose parent is unknown start trees of their own.
fn tree_order(org: &Org, lineage: &Lineage) -> Vec<(Level, usize)> {
    let mut children: [Vec<Vec<usize>>; 5] =
        Level::ALL.map(|level| vec![Vec::new(); org.units(level).len()]);
    let mut roots = Vec::new();
    for level in Level::ALL {
        for idx in 0..org.units(level).len() {
            match (level.idx(), lineage.parent(level, idx)) {
                (above, Some(parent)) if above > 0 => children[above - 1][parent].push(idx),
                _ => roots.push((level, idx)),
            }
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<(Level, usize)> = roots.into_iter().rev().collect();
    while let Some((level, idx)) = stack.pop() {
        out.push((level, idx));
        if level != Level::Borrower {
            let below = Level::ALL[level.idx() + 1];
            stack.extend(children[level.idx()][idx].iter().rev().map(|&c| (below, c)));
        }
    }
    out
}

/// Each borrower's move as known on `as_of`: the latest status event learned
/// by then (the same rule as [`crate::status::current_status`]).
fn moved_away(
    org: &Org,
    borrower_idx: &HashMap<Uuid, usize>,
    statuses: &[StatusEvent],
    traces: &[Trace],
    as_of: NaiveDate,
) -> Vec<Option<MovedAway>> {
    let mut latest: Vec<Option<&StatusEvent>> = vec![None; org.borrowers.len()];
    for event in statuses.iter().filter(|e| e.learned_on <= as_of) {
        if let Some(&idx) = borrower_idx.get(&event.member_id.0) {
            let slot = &mut latest[idx];
            if slot.is_none_or(|s| (s.learned_on, s.id) < (event.learned_on, event.id)) {
                *slot = Some(event);
            }
        }
    }
    let mut by_event: HashMap<StatusEventId, Vec<&Trace>> = HashMap::new();
    for trace in traces.iter().filter(|t| t.asked_on <= as_of) {
        by_event.entry(trace.event_id).or_default().push(trace);
    }
    latest
        .into_iter()
        .map(|event| {
            let event = event.filter(|e| e.kind == StatusKind::MovedAway)?;
            let mut steps: Vec<TraceStep> = by_event
                .get(&event.id)
                .map(|ts| {
                    ts.iter()
                        .map(|t| {
                            let answered = t.answered_on.filter(|d| *d <= as_of);
                            TraceStep {
                                agency: t.agency,
                                asked_on: t.asked_on,
                                answer: answered.and(t.answer.clone()),
                                answered_on: answered.filter(|_| t.answer.is_some()),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            steps.sort_by_key(|s| s.asked_on);
            let tracing = if steps.iter().any(|s| s.answer.is_some()) {
                TracingState::Answered
            } else if steps.is_empty() {
                TracingState::NotTraced
            } else {
                TracingState::AwaitingAnswer
            };
            Some(MovedAway {
                learned_on: event.learned_on,
                destination: event.destination.clone(),
                source: event.source.clone(),
                tracing,
                steps,
            })
        })
        .collect()
}

/// The figures of one unit (or one borrower) on the report date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Borrowers with outstanding principal (số hộ còn dư nợ).
    pub n_borrowers: u32,
    /// Loans with outstanding principal (số món).
    pub n_loans: u32,
    /// Dư nợ.
    pub outstanding: Dong,
    /// Of which current (trong hạn).
    pub current: Dong,
    /// Of which overdue (quá hạn).
    pub overdue: Dong,
    /// Of which frozen (khoanh).
    pub frozen: Dong,
    /// Overdue ÷ outstanding in percent, 2 decimals (tỷ lệ nợ quá hạn).
    pub overdue_ratio_pct: Decimal,
    /// Frozen ÷ outstanding in percent, 2 decimals.
    pub frozen_ratio_pct: Decimal,
    /// Loans with overdue principal.
    pub n_overdue_loans: u32,
    /// Overdue on 31/12 of the previous year.
    pub overdue_at_year_start: Dong,
    /// Overdue now − overdue on 31/12 of the previous year (tăng/giảm so với
    /// đầu năm; positive = worse).
    pub overdue_change_since_jan1: Dong,
    /// Overdue on the last day of the previous month.
    pub overdue_at_last_month_end: Dong,
    /// Overdue now − overdue at the end of the previous month.
    pub overdue_change_since_last_month: Dong,
    /// Lãi tồn.
    pub interest_arrears: Dong,
    /// Loans with interest arrears.
    pub n_arrears_loans: u32,
    /// Món vay 3 tháng không hoạt động: count.
    pub n_inactive: u32,
    /// … and their outstanding.
    pub inactive_outstanding: Dong,
    /// Borrowers who moved away and still owe.
    pub n_moved_away_with_debt: u32,
    /// … their outstanding.
    pub moved_away_outstanding: Dong,
    /// … of whom no agency was asked yet.
    pub n_moved_away_not_traced: u32,
    /// … of whom agencies were asked and none answered yet.
    pub n_moved_away_awaiting_answer: u32,
    /// … of whom an agency answered.
    pub n_moved_away_answered: u32,
    /// Interest collection of the month (see [`InterestCollection`]).
    pub interest_month: InterestCollection,
    /// Its rate in percent, 2 decimals; none when nothing was due.
    pub interest_collection_rate_pct: Option<Decimal>,
}

impl Figures {
    fn add_loan(&mut self, m: &LoanMeasure) {
        let p = &m.position;
        self.overdue_at_year_start += m.overdue_at_year_start;
        self.overdue_change_since_jan1 += p.overdue - m.overdue_at_year_start;
        self.overdue_at_last_month_end += m.overdue_at_last_month_end;
        self.overdue_change_since_last_month += p.overdue - m.overdue_at_last_month_end;
        self.interest_arrears += p.interest_arrears;
        if p.interest_arrears.is_positive() {
            self.n_arrears_loans += 1;
        }
        self.interest_month.due += m.interest.due;
        self.interest_month.collected += m.interest.collected;
        if !p.outstanding.is_positive() {
            return;
        }
        self.n_loans += 1;
        self.outstanding += p.outstanding;
        self.current += p.current;
        self.overdue += p.overdue;
        if p.overdue.is_positive() {
            self.n_overdue_loans += 1;
        }
        self.frozen += p.frozen;
        if p.inactive {
            self.n_inactive += 1;
            self.inactive_outstanding += p.outstanding;
        }
    }

    /// A borrower's counts, once all their loans are in.
    fn close_borrower(&mut self, moved: Option<&MovedAway>) {
        if !self.outstanding.is_positive() {
            return;
        }
        self.n_borrowers = 1;
        if let Some(moved) = moved {
            self.n_moved_away_with_debt = 1;
            self.moved_away_outstanding = self.outstanding;
            match moved.tracing {
                TracingState::NotTraced => self.n_moved_away_not_traced = 1,
                TracingState::AwaitingAnswer => self.n_moved_away_awaiting_answer = 1,
                TracingState::Answered => self.n_moved_away_answered = 1,
            }
        }
    }

    /// Adds another unit's sums and counts (ratios are computed by `finish`).
    pub(crate) fn absorb(&mut self, other: &Figures) {
        self.n_borrowers += other.n_borrowers;
        self.n_loans += other.n_loans;
        self.outstanding += other.outstanding;
        self.current += other.current;
        self.overdue += other.overdue;
        self.frozen += other.frozen;
        self.n_overdue_loans += other.n_overdue_loans;
        self.overdue_at_year_start += other.overdue_at_year_start;
        self.overdue_change_since_jan1 += other.overdue_change_since_jan1;
        self.overdue_at_last_month_end += other.overdue_at_last_month_end;
        self.overdue_change_since_last_month += other.overdue_change_since_last_month;
        self.interest_arrears += other.interest_arrears;
        self.n_arrears_loans += other.n_arrears_loans;
        self.n_inactive += other.n_inactive;
        self.inactive_outstanding += other.inactive_outstanding;
        self.n_moved_away_with_debt += other.n_moved_away_with_debt;
        self.moved_away_outstanding += other.moved_away_outstanding;
        self.n_moved_away_not_traced += other.n_moved_away_not_traced;
        self.n_moved_away_awaiting_answer += other.n_moved_away_awaiting_answer;
        self.n_moved_away_answered += other.n_moved_away_answered;
        self.interest_month.due += other.interest_month.due;
        self.interest_month.collected += other.interest_month.collected;
    }

    /// Computes the ratios from the sums.
    pub(crate) fn finish(&mut self) {
        self.overdue_ratio_pct = ratio_pct(self.overdue, self.outstanding);
        self.frozen_ratio_pct = ratio_pct(self.frozen, self.outstanding);
        self.interest_collection_rate_pct = self.interest_month.rate_pct();
    }
}

/// One line of the report: a unit of some level with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// Level.
    pub level: Level,
    /// The unit's id.
    pub id: Uuid,
    /// The unit above.
    pub parent: Option<Uuid>,
    /// Code (point code, HND, T07, customer code…).
    pub code: String,
    /// Name.
    pub label: String,
    /// Figures.
    pub figures: Figures,
}

/// The credit-quality report on a date: every office, point, association and
/// group, and every borrower with something to show, in tree order (each
/// unit followed by the units below it), so that a writer needs no sorting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditReport {
    /// Report date.
    pub as_of: NaiveDate,
    /// The month of the interest collection figures.
    pub month: Month,
    /// Lines in tree order.
    pub rows: Vec<ReportRow>,
}

impl CreditReport {
    /// The lines of one level, in tree order.
    pub fn at(&self, level: Level) -> impl Iterator<Item = &ReportRow> + '_ {
        self.rows.iter().filter(move |r| r.level == level)
    }

    /// The line of a unit.
    pub fn row(&self, id: Uuid) -> Option<&ReportRow> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// The report cut to the subtree of `within` (all when `None`) and to
    /// the levels down to `deepest`.
    pub fn cut(&self, within: Option<Uuid>, deepest: Level) -> CreditReport {
        let mut rows = Vec::new();
        let mut inside: Option<Level> = None;
        for row in &self.rows {
            if let Some(level) = inside
                && row.level <= level
            {
                inside = None;
            }
            let keep = match within {
                None => true,
                Some(id) if row.id == id => {
                    inside = Some(row.level);
                    true
                }
                Some(_) => inside.is_some(),
            };
            if keep && row.level <= deepest {
                rows.push(row.clone());
            }
        }
        CreditReport {
            as_of: self.as_of,
            month: self.month,
            rows,
        }
    }
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
