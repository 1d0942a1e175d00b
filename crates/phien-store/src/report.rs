//! Reading what the supervisors' reports are computed from, and their
//! configuration (rating schemes, fee rates). The reports themselves are
//! computed by `phien_core::report`; this module only reads rows into its
//! plain inputs, in a fixed number of queries whatever the size of the book.

use std::collections::HashMap;

use chrono::NaiveDate;
use phien_core::dates::Month;
use phien_core::ids::MemberId;
use phien_core::money::Dong;
use phien_core::org::AssociationKind;
use phien_core::policy::Policy;
use phien_core::position::LoanFacts;
use phien_core::program::ProgramCode;
use phien_core::report::compare::{Comparison, Indicator, compare};
use phien_core::report::fees::{FeeKind, FeeRate, FeeRates, FeeReport};
use phien_core::report::rating::{RatingReport, RatingScheme, RatingSchemes};
use phien_core::report::series::{ReportSeries, month_ends};
use phien_core::report::watchlist::{SortBy, WatchKind, Watchlist};
use phien_core::report::{
    CreditReport, Level, Measuring, Org, PointCalendar, ReportBook, ReportInput, SavingsBalance,
    Unit,
};
use phien_core::status::{StatusEvent, Trace};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::book::{LoanRecord, SAVINGS_SIGNED, Scope, load_loans, point_members};
use crate::codec::{date, parse_date, parse_uuid};
use crate::org::{ProgramRates, load_policy, load_programs};
use crate::records::{all_status_events, all_traces};
use crate::{StoreError, Tx};

mod refresh;

pub use refresh::Touched;

/// Everything `phien_core::report` needs, read once: measure it on a date
/// with [`ReportData::measure`]. A reading can be kept and brought up to
/// date with changes pulled since ([`crate::Store::refresh_report_data`]):
/// only the transaction points they touched are read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportData {
    org: Org,
    calendars: Vec<PointCalendar>,
    loans: Vec<LoanRecord>,
    programs: HashMap<ProgramCode, ProgramRates>,
    policy: Policy,
    statuses: Vec<StatusEvent>,
    traces: Vec<Trace>,
    savings: SavingsHistory,
    /// Whether the members' savings were read (through `through`).
    with_savings: bool,
    /// The last day the savings were read through.
    through: NaiveDate,
}

impl ReportData {
    /// Reads the book for reports on `as_of`; member savings (for the rating)
    /// only when `with_savings`.
    pub(crate) fn load(
        conn: &Connection,
        as_of: NaiveDate,
        with_savings: bool,
    ) -> Result<ReportData, StoreError> {
        ReportData::load_range(conn, Month::of(as_of), as_of, with_savings)
    }

    /// Reads the book for reports on any date from `from`'s first day to
    /// `through`; member savings (for the rating) only when `with_savings`.
    pub(crate) fn load_range(
        conn: &Connection,
        from: Month,
        through: NaiveDate,
        with_savings: bool,
    ) -> Result<ReportData, StoreError> {
        let (org, calendars) = load_org(conn, None)?;
        Ok(ReportData {
            org,
            calendars,
            loans: load_loans(conn, Scope::All)?,
            programs: load_programs(conn)?,
            policy: load_policy(conn)?,
            statuses: all_status_events(conn)?,
            traces: all_traces(conn)?,
            savings: if with_savings {
                load_savings(conn, from, through, None)?
            } else {
                SavingsHistory {
                    from,
                    members: Vec::new(),
                }
            },
            with_savings,
            through,
        })
    }

    /// The level of the unit (office, point, association, group or member)
    /// with this id, if the organisation has it.
    pub fn level_of(&self, id: Uuid) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|level| self.org.units(*level).iter().any(|u| u.id == id))
    }

    /// The credit-quality report on `as_of` cut to the subtree of `within`
    /// (all when `None`) down to the `deepest` level; a unit the
    /// organisation does not have is refused (`unknown_unit`). A reading
    /// without savings serves any date (the credit report reads none).
    pub fn credit_report_within(
        &self,
        as_of: NaiveDate,
        within: Option<Uuid>,
        deepest: Level,
    ) -> Result<CreditReport, StoreError> {
        self.check_within(within)?;
        self.measure(as_of, |book| book.credit_report().cut(within, deepest))
    }

    /// The units of `level` (all, or those within a unit) ranked by
    /// `indicator` on `as_of`; a unit the organisation does not have is
    /// refused (`unknown_unit`).
    pub fn comparison(
        &self,
        as_of: NaiveDate,
        level: Level,
        indicator: Indicator,
        within: Option<Uuid>,
    ) -> Result<Comparison, StoreError> {
        self.check_within(within)?;
        self.measure(as_of, |book| {
            compare(&book.credit_report(), level, indicator, within)
        })
    }

    /// A watchlist on `on` of everyone `within` a unit; a unit the
    /// organisation does not have is refused (`unknown_unit`).
    pub fn watchlist(
        &self,
        kind: WatchKind,
        sort: SortBy,
        on: NaiveDate,
        within: Option<Uuid>,
    ) -> Result<Watchlist, StoreError> {
        self.check_within(within)?;
        self.measure(on, |book| book.watchlist(kind, sort, within))
    }

    /// Refuses a unit the organisation does not have (`unknown_unit`).
    fn check_within(&self, within: Option<Uuid>) -> Result<(), StoreError> {
        match within {
            Some(id) if self.level_of(id).is_none() => Err(StoreError::rejected(
                "unknown_unit",
                format!("Đơn vị = «{id}»: không có trong tổ chức của tệp dữ liệu"),
            )),
            _ => Ok(()),
        }
    }

    /// Runs `f` on the book measured on `as_of`. The members' savings (read
    /// only `with_savings`) are those of `as_of`'s month: the balance at the
    /// close of the month before and at the month's end or the reading's
    /// last day, whichever comes first — so measure on one of those days.
    pub fn measure<T>(
        &self,
        as_of: NaiveDate,
        f: impl FnOnce(&ReportBook<'_>) -> T,
    ) -> Result<T, StoreError> {
        self.measure_with(as_of, &self.savings, f)
    }

    /// [`ReportData::measure`] with the members' savings of another reading.
    fn measure_with<T>(
        &self,
        as_of: NaiveDate,
        savings: &SavingsHistory,
        f: impl FnOnce(&ReportBook<'_>) -> T,
    ) -> Result<T, StoreError> {
        let facts = self
            .loans
            .iter()
            .map(|record| {
                let program = self.programs.get(&record.loan.program).ok_or_else(|| {
                    StoreError::Corrupt(format!("chương trình «{}»", record.loan.program))
                })?;
                Ok(LoanFacts {
                    loan: &record.loan,
                    rates: &program.rates,
                    is_student: program.program.is_student,
                    flows: &record.flows,
                    decisions: &record.decisions,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let savings = savings.balances(Month::of(as_of));
        let input = ReportInput {
            org: &self.org,
            calendars: &self.calendars,
            loans: &facts,
            statuses: &self.statuses,
            traces: &self.traces,
            savings: &savings,
            policy: &self.policy,
        };
        // A loan's work grows with its flows and installments.
        let weights: Vec<usize> = facts
            .iter()
            .map(|f| 8 + f.flows.len() + f.loan.installments.len())
            .collect();
        Ok(f(&measure_in_parts(Measuring::new(input, as_of), &weights)))
    }
}

/// Below this many loans a book is measured on one thread: a thread costs
/// more than it saves.
const PARALLEL_FROM_LOANS: usize = 2_000;

/// The most threads a book is measured on.
const MAX_THREADS: usize = 4;

/// Measures the loans in consecutive parts of about equal work (each loan
/// weighs its flows and installments), one thread each, as many as the
/// machine has cores (at most [`MAX_THREADS`]): the same book as one
/// thread's, since the parts are joined in order.
fn measure_in_parts<'a>(measuring: Measuring<'a>, weights: &[usize]) -> ReportBook<'a> {
    let n_loans = measuring.n_loans();
    let n_threads = if n_loans < PARALLEL_FROM_LOANS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
    };
    if n_threads == 1 {
        let all = measuring.loans(0..n_loans);
        return measuring.book([all]);
    }
    let ranges = split_by_weight(weights, n_threads);
    let parts = std::thread::scope(|scope| {
        let measuring = &measuring;
        let others: Vec<_> = ranges[1..]
            .iter()
            .cloned()
            .map(|range| scope.spawn(move || measuring.loans(range)))
            .collect();
        let mut parts = vec![measuring.loans(ranges[0].clone())];
        for other in others {
            // A panic in a part is the caller's panic, as on one thread.
            parts.push(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        parts
    });
    measuring.book(parts)
}

/// `n_parts` consecutive ranges (some may be empty) covering `weights`,
/// each of about the same total weight.
fn split_by_weight(weights: &[usize], n_parts: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = weights.iter().sum();
    let (mut end, mut sum) = (0, 0);
    let mut ends = Vec::with_capacity(n_parts);
    for part in 1..n_parts {
        // Part k ends where the running sum first reaches k/n of the total.
        while end < weights.len() && sum * n_parts < total * part {
            sum += weights[end];
            end += 1;
        }
        ends.push(end);
    }
    ends.push(weights.len());
    let mut start = 0;
    ends.into_iter()
        .map(|end| {
            let range = start..end;
            start = end;
            range
        })
        .collect()
}

/// The organisation in report order: offices and points by code,
/// associations in the bank's order, groups by code, members by customer
/// code; and each point's fixed day and session days. With `point`, only
/// that point and what is below it (no office).
fn load_org(
    conn: &Connection,
    point: Option<Uuid>,
) -> Result<(Org, Vec<PointCalendar>), StoreError> {
    let uuid = |r: &rusqlite::Row<'_>, idx: usize| -> Result<Uuid, StoreError> {
        parse_uuid(r.get_ref(idx)?.as_str()?)
    };
    // Every query takes the point as ?1; the whole book's ignore it.
    let param = point.map(|p| p.to_string()).unwrap_or_default();
    let whole = point.is_none();
    let mut org = Org::default();
    if whole {
        org.offices = load_offices(conn)?;
    }
    let mut calendars: Vec<PointCalendar> = Vec::new();
    let mut stmt = conn.prepare_cached(if whole {
        "SELECT id, office_id, code, name, fixed_day FROM point WHERE ?1 = '' ORDER BY code"
    } else {
        "SELECT id, office_id, code, name, fixed_day FROM point WHERE id = ?1 ORDER BY code"
    })?;
    let mut rows = stmt.query([&param])?;
    while let Some(r) = rows.next()? {
        let id = uuid(r, 0)?;
        org.points.push(Unit {
            id,
            parent: Some(uuid(r, 1)?),
            code: r.get(2)?,
            label: r.get(3)?,
        });
        calendars.push(PointCalendar {
            point: id,
            fixed_day: r.get(4)?,
            session_days: Vec::new(),
        });
    }
    let mut stmt = conn.prepare_cached(if whole {
        "SELECT point_id, date FROM session WHERE ?1 = '' ORDER BY date"
    } else {
        "SELECT point_id, date FROM session WHERE point_id = ?1 ORDER BY date"
    })?;
    let mut rows = stmt.query([&param])?;
    while let Some(r) = rows.next()? {
        let point = uuid(r, 0)?;
        let day = parse_date(r.get_ref(1)?.as_str()?)?;
        if let Some(calendar) = calendars.iter_mut().find(|c| c.point == point) {
            calendar.session_days.push(day);
        }
    }
    let mut stmt = conn.prepare_cached(if whole {
        "SELECT id, point_id, kind FROM association WHERE ?1 = ''"
    } else {
        "SELECT id, point_id, kind FROM association WHERE point_id = ?1"
    })?;
    let mut rows = stmt.query([&param])?;
    let mut associations = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        let kind = AssociationKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("hội «{kind}»")))?;
        associations.push((uuid(r, 1)?, kind, uuid(r, 0)?));
    }
    associations.sort();
    org.associations = associations
        .into_iter()
        .map(|(point, kind, id)| Unit {
            id,
            parent: Some(point),
            code: kind.code().to_string(),
            label: kind.name_vi().to_string(),
        })
        .collect();
    let mut stmt = conn.prepare_cached(if whole {
        "SELECT id, association_id, code, name FROM savings_group WHERE ?1 = '' ORDER BY code, id"
    } else {
        "SELECT id, association_id, code, name FROM savings_group
         WHERE association_id IN (SELECT id FROM association WHERE point_id = ?1) ORDER BY code, id"
    })?;
    let mut rows = stmt.query([&param])?;
    while let Some(r) = rows.next()? {
        org.groups.push(Unit {
            id: uuid(r, 0)?,
            parent: Some(uuid(r, 1)?),
            code: r.get(2)?,
            label: r.get(3)?,
        });
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.id, m.group_id, m.customer_code, m.full_name FROM member m WHERE {}
         ORDER BY m.customer_code",
        if whole {
            "?1 = ''".to_string()
        } else {
            point_members("?1")
        }
    ))?;
    let mut rows = stmt.query([&param])?;
    while let Some(r) = rows.next()? {
        org.borrowers.push(Unit {
            id: uuid(r, 0)?,
            parent: Some(uuid(r, 1)?),
            code: r.get(2)?,
            label: r.get(3)?,
        });
    }
    Ok((org, calendars))
}

/// The district offices, by code.
fn load_offices(conn: &Connection) -> Result<Vec<Unit>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, code, name FROM office ORDER BY code")?;
    let mut rows = stmt.query([])?;
    let mut offices = Vec::new();
    while let Some(r) = rows.next()? {
        offices.push(Unit {
            id: parse_uuid(r.get_ref(0)?.as_str()?)?,
            parent: None,
            code: r.get(1)?,
            label: r.get(2)?,
        });
    }
    Ok(offices)
}

/// The members' savings over a range of months, from one reading: each
/// member's balance before the first month and the net of each month.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SavingsHistory {
    /// The first month.
    from: Month,
    /// Per member, in id order.
    members: Vec<MemberSavings>,
}

/// One member's savings in a [`SavingsHistory`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemberSavings {
    member: MemberId,
    /// The balance at the close of the month before the history's first.
    before: Dong,
    /// The net change of each month from the first on that has entries.
    months: Vec<(Month, Dong)>,
}

impl SavingsHistory {
    /// Every member's balance at the close of the month before `month` and
    /// at the end of `month` as read.
    fn balances(&self, month: Month) -> Vec<SavingsBalance> {
        if month < self.from {
            return Vec::new();
        }
        self.members
            .iter()
            .map(|m| {
                let opening = m.before
                    + m.months
                        .iter()
                        .filter(|(m, _)| *m < month)
                        .map(|(_, net)| *net)
                        .sum::<Dong>();
                let change = m
                    .months
                    .iter()
                    .filter(|(m, _)| *m == month)
                    .map(|(_, net)| *net)
                    .sum::<Dong>();
                SavingsBalance {
                    member: m.member,
                    opening,
                    closing: opening + change,
                }
            })
            .collect()
    }
}

/// Every member's savings entries in force through `through`: the balance
/// before `from`'s first day and each month's net from `from` on, in one
/// pass over the savings entries. With `point`, only its members'.
fn load_savings(
    conn: &Connection,
    from: Month,
    through: NaiveDate,
    point: Option<Uuid>,
) -> Result<SavingsHistory, StoreError> {
    let members = match point {
        None => "?3 = ''".to_string(),
        Some(_) => format!(
            "e.member_id IN (SELECT m.id FROM member m WHERE {})",
            point_members("?3")
        ),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.member_id, CASE WHEN e.value_date < ?1 THEN '' ELSE substr(e.value_date, 1, 7) END AS month,
                sum({SAVINGS_SIGNED})
         FROM ledger_entry e
         WHERE e.value_date <= ?2 AND {members}
           AND e.kind IN ('savings_deposit', 'savings_brought_forward', 'savings_withdrawal', 'interest_from_savings')
           AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)
         GROUP BY e.member_id, month
         ORDER BY e.member_id, month"
    ))?;
    let point = point.map(|p| p.to_string()).unwrap_or_default();
    let mut rows = stmt.query(params![date(from.first_day()), date(through), point])?;
    let mut history = SavingsHistory {
        from,
        members: Vec::new(),
    };
    while let Some(r) = rows.next()? {
        let member = MemberId(parse_uuid(r.get_ref(0)?.as_str()?)?);
        let month = r.get_ref(1)?.as_str()?;
        let net = Dong(r.get(2)?);
        if history.members.last().is_none_or(|m| m.member != member) {
            history.members.push(MemberSavings {
                member,
                before: Dong::ZERO,
                months: Vec::new(),
            });
        }
        let Some(last) = history.members.last_mut() else {
            continue;
        };
        if month.is_empty() {
            last.before += net;
        } else {
            let parsed = parse_date(&format!("{month}-01"))?;
            last.months.push((Month::of(parsed), net));
        }
    }
    Ok(history)
}

/// The rating schemes stored (versions by month).
pub(crate) fn rating_schemes(conn: &Connection) -> Result<RatingSchemes, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT effective_from, scheme FROM rating_scheme ORDER BY 1")?;
    let mut rows = stmt.query([])?;
    let mut versions = Vec::new();
    while let Some(r) = rows.next()? {
        let from = Month::of(parse_date(r.get_ref(0)?.as_str()?)?);
        let scheme: RatingScheme = serde_json::from_str(r.get_ref(1)?.as_str()?)
            .map_err(|e| StoreError::Corrupt(format!("cách chấm điểm tháng {from}: {e}")))?;
        versions.push((from, scheme));
    }
    Ok(RatingSchemes::new(versions))
}

/// The fee rates: the defaults with the stored rates on top.
pub(crate) fn fee_rates(conn: &Connection) -> Result<FeeRates, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT kind, effective_from, monthly_rate FROM fee_rate ORDER BY 1, 2")?;
    let mut rows = stmt.query([])?;
    let mut stored = Vec::new();
    while let Some(r) = rows.next()? {
        let kind = r.get_ref(0)?.as_str()?;
        let rate = r.get_ref(2)?.as_str()?;
        stored.push(FeeRate {
            kind: FeeKind::from_code(kind)
                .ok_or_else(|| StoreError::Corrupt(format!("loại phí «{kind}»")))?,
            from: Month::of(parse_date(r.get_ref(1)?.as_str()?)?),
            monthly_rate: rate
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("tỷ lệ phí «{rate}»")))?,
        });
    }
    Ok(FeeRates::with_stored(&stored))
}

/// The longest series [`crate::Store::report_series`] computes: three years.
pub const SERIES_MAX_MONTHS: usize = 36;

/// Every report of a month at once, from one reading of the book: what a
/// supervisor's screen or an export needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthReports {
    /// Credit quality, every level.
    pub credit: CreditReport,
    /// Group ratings.
    pub ratings: RatingReport,
    /// Fees and commissions.
    pub fees: FeeReport,
    /// The overdue, arrears, inactive and moved-away lists, by amount.
    pub watchlists: Vec<Watchlist>,
}

/// The last day a month is measured through: its end, or `today` for the
/// month in progress; a month that has not begun is refused
/// (`future_month`).
pub fn month_as_of(month: Month, today: NaiveDate) -> Result<NaiveDate, StoreError> {
    if month.first_day() > today {
        return Err(StoreError::rejected(
            "future_month",
            format!(
                "Tháng = «{month}»: chưa bắt đầu (hôm nay {})",
                today.format("%d/%m/%Y")
            ),
        ));
    }
    Ok(month.last_day().min(today))
}

impl crate::Store {
    /// What the reports on `as_of` are computed from, read once; members'
    /// savings (for the rating) only `with_savings`.
    pub fn report_data(
        &self,
        as_of: NaiveDate,
        with_savings: bool,
    ) -> Result<ReportData, StoreError> {
        ReportData::load(&self.conn, as_of, with_savings)
    }

    /// What the reports of every month from `from` through `through` are
    /// computed from, read once (members' savings included): measure it on
    /// each month's last day and on `through`.
    pub fn report_data_range(
        &self,
        from: Month,
        through: NaiveDate,
    ) -> Result<ReportData, StoreError> {
        ReportData::load_range(&self.conn, from, through, true)
    }

    /// The credit-quality report on a date: every office, point,
    /// association, group and borrower, in tree order.
    pub fn credit_report(&self, as_of: NaiveDate) -> Result<CreditReport, StoreError> {
        self.report_data(as_of, false)?
            .measure(as_of, |book| book.credit_report())
    }

    /// [`ReportData::credit_report_within`] on the book as it is now.
    pub fn credit_report_within(
        &self,
        as_of: NaiveDate,
        within: Option<Uuid>,
        deepest: Level,
    ) -> Result<CreditReport, StoreError> {
        self.report_data(as_of, false)?
            .credit_report_within(as_of, within, deepest)
    }

    /// The units of `level` (all, or those within a unit) ranked by
    /// `indicator` on a date; a unit the organisation does not have is
    /// refused (`unknown_unit`).
    pub fn comparison(
        &self,
        as_of: NaiveDate,
        level: Level,
        indicator: Indicator,
        within: Option<Uuid>,
    ) -> Result<Comparison, StoreError> {
        self.report_data(as_of, false)?
            .comparison(as_of, level, indicator, within)
    }

    /// Every group's rating for `month`, measured through its last day (or
    /// `today` while it runs), with the scheme in force then.
    pub fn group_ratings(
        &self,
        month: Month,
        today: NaiveDate,
    ) -> Result<RatingReport, StoreError> {
        let as_of = month_as_of(month, today)?;
        let schemes = rating_schemes(&self.conn)?;
        self.report_data(as_of, true)?
            .measure(as_of, |book| book.ratings(&schemes))
    }

    /// [`crate::Store::group_ratings`] from a reading of this file kept
    /// without savings: the members' savings of the month are read now.
    pub fn group_ratings_of(
        &self,
        data: &ReportData,
        month: Month,
        today: NaiveDate,
    ) -> Result<RatingReport, StoreError> {
        let as_of = month_as_of(month, today)?;
        let schemes = rating_schemes(&self.conn)?;
        let savings = load_savings(&self.conn, month, as_of, None)?;
        data.measure_with(as_of, &savings, |book| book.ratings(&schemes))
    }

    /// A watchlist on `on` (for the due list, the session day), of everyone
    /// `within` a unit (an office, point, association, group or member id);
    /// a unit the organisation does not have is refused (`unknown_unit`).
    pub fn watchlist(
        &self,
        kind: WatchKind,
        sort: SortBy,
        on: NaiveDate,
        within: Option<Uuid>,
    ) -> Result<Watchlist, StoreError> {
        self.report_data(on, false)?
            .watchlist(kind, sort, on, within)
    }

    /// The association fees and group commissions of `month`, measured
    /// through its last day (or `today` while it runs).
    pub fn fee_report(&self, month: Month, today: NaiveDate) -> Result<FeeReport, StoreError> {
        let as_of = month_as_of(month, today)?;
        self.fee_report_of(&self.report_data(as_of, false)?, month, today)
    }

    /// [`crate::Store::fee_report`] from a reading of this file.
    pub fn fee_report_of(
        &self,
        data: &ReportData,
        month: Month,
        today: NaiveDate,
    ) -> Result<FeeReport, StoreError> {
        let as_of = month_as_of(month, today)?;
        let rates = fee_rates(&self.conn)?;
        data.measure(as_of, |book| book.fees(&rates))
    }

    /// The charts' figures at each month-end from `from` through `to` (the
    /// month in progress through `today`): the book is read once and
    /// measured on each month-end. Refused: `to` before `from` or a range
    /// longer than [`SERIES_MAX_MONTHS`] (`bad_range`), a month that has not
    /// begun (`future_month`).
    pub fn report_series(
        &self,
        from: Month,
        to: Month,
        today: NaiveDate,
    ) -> Result<ReportSeries, StoreError> {
        let through = month_as_of(to, today)?;
        let ends = month_ends(from, to, today);
        if from > to || ends.len() > SERIES_MAX_MONTHS {
            return Err(StoreError::rejected(
                "bad_range",
                format!(
                    "Từ tháng {from} đến tháng {to}: tháng đầu phải không sau tháng cuối, tối đa {SERIES_MAX_MONTHS} tháng"
                ),
            ));
        }
        let schemes = rating_schemes(&self.conn)?;
        let data = self.report_data_range(from, through)?;
        let mut series = ReportSeries::new();
        for (_, as_of) in ends {
            data.measure(as_of, |book| series.push(book, &schemes))?;
        }
        Ok(series)
    }

    /// Every report of the month of `as_of`, through `as_of`.
    pub fn month_reports(&self, as_of: NaiveDate) -> Result<MonthReports, StoreError> {
        let data = self.report_data(as_of, true)?;
        self.month_reports_of(&data, as_of)
    }

    /// [`crate::Store::month_reports`] from data already read.
    pub fn month_reports_of(
        &self,
        data: &ReportData,
        as_of: NaiveDate,
    ) -> Result<MonthReports, StoreError> {
        let schemes = rating_schemes(&self.conn)?;
        let rates = fee_rates(&self.conn)?;
        data.measure(as_of, |book| MonthReports {
            credit: book.credit_report(),
            ratings: book.ratings(&schemes),
            fees: book.fees(&rates),
            watchlists: [
                WatchKind::Overdue,
                WatchKind::Arrears,
                WatchKind::Inactive,
                WatchKind::MovedAway,
            ]
            .into_iter()
            .map(|kind| book.watchlist(kind, SortBy::Amount, None))
            .collect(),
        })
    }

    /// The stored versions of the rating scheme.
    pub fn rating_schemes(&self) -> Result<RatingSchemes, StoreError> {
        rating_schemes(&self.conn)
    }

    /// The fee rates in force (defaults and stored rates).
    pub fn fee_rates(&self) -> Result<FeeRates, StoreError> {
        fee_rates(&self.conn)
    }
}

impl Tx<'_> {
    /// Stores the rating scheme that rates `from` and the months after it
    /// (until a later version), refusing a scheme that cannot rate
    /// (`bad_rating_scheme`). A version for the same month is replaced.
    pub fn set_rating_scheme(
        &mut self,
        from: Month,
        scheme: &RatingScheme,
    ) -> Result<(), StoreError> {
        scheme
            .check()
            .map_err(|e| StoreError::rejected("bad_rating_scheme", e.to_string()))?;
        let json = serde_json::to_string(scheme).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.tx.execute(
            "INSERT INTO rating_scheme (effective_from, scheme) VALUES (?1, ?2)
             ON CONFLICT (effective_from) DO UPDATE SET scheme = excluded.scheme",
            params![date(from.first_day()), json],
        )?;
        Ok(())
    }

    /// Stores a fee rate in force from a month, refusing a negative rate or
    /// one that takes fee plus commission over the monthly cap
    /// (`bad_fee_rate`). A rate of the same kind and month is replaced.
    pub fn set_fee_rate(&mut self, rate: FeeRate) -> Result<(), StoreError> {
        fee_rates(&self.tx)?
            .set(rate)
            .map_err(|e| StoreError::rejected("bad_fee_rate", e.to_string()))?;
        self.tx.execute(
            "INSERT INTO fee_rate (kind, effective_from, monthly_rate) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, effective_from) DO UPDATE SET monthly_rate = excluded.monthly_rate",
            params![
                rate.kind.code(),
                date(rate.from.first_day()),
                rate.monthly_rate.to_string()
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::split_by_weight;

    #[test]
    fn parts_are_consecutive_cover_every_loan_and_weigh_about_the_same() {
        let check = |weights: &[usize], n_parts: usize| {
            let ranges = split_by_weight(weights, n_parts);
            assert_eq!(ranges.len(), n_parts, "{weights:?}: one range a part");
            assert_eq!(ranges[0].start, 0, "{weights:?}: from the first loan");
            assert_eq!(
                ranges[n_parts - 1].end,
                weights.len(),
                "{weights:?}: to the last"
            );
            for pair in ranges.windows(2) {
                assert_eq!(
                    pair[0].end, pair[1].start,
                    "{weights:?}: no gap, no overlap"
                );
            }
            ranges
        };
        // The heavy loans first (the oldest have the most flows): the first
        // part takes fewer of them.
        let ranges = check(&[30, 30, 10, 10, 10, 10, 10, 10], 2);
        assert_eq!(ranges, [0..2, 2..8], "60 and 60");
        check(&[], 2);
        check(&[5], 3);
        check(&[1, 1, 1, 1, 1, 1, 1], 4);
    }
}
