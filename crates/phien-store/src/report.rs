//! Reading what the supervisors' reports are computed from. The reports themselves are
//! computed by `phien_core::report`; this module only reads rows into its
//! plain inputs, in a fixed number of queries whatever the size of the book.

use std::collections::HashMap;

use chrono::NaiveDate;
use phien_core::org::AssociationKind;
use phien_core::policy::Policy;
use phien_core::position::LoanFacts;
use phien_core::program::ProgramCode;
use phien_core::report::watchlist::{SortBy, WatchKind, Watchlist};
use phien_core::report::{CreditReport, Org, PointCalendar, ReportBook, ReportInput, Unit};
use phien_core::status::{StatusEvent, Trace};
use rusqlite::Connection;
use uuid::Uuid;

use crate::StoreError;
use crate::book::{LoanRecord, Scope, load_loans};
use crate::codec::{parse_date, parse_uuid};
use crate::org::{ProgramRates, load_policy, load_programs};
use crate::records::{all_status_events, all_traces};

/// Everything `phien_core::report` needs, read once.
pub(crate) struct ReportData {
    org: Org,
    calendars: Vec<PointCalendar>,
    loans: Vec<LoanRecord>,
    programs: HashMap<ProgramCode, ProgramRates>,
    policy: Policy,
    statuses: Vec<StatusEvent>,
    traces: Vec<Trace>,
}

impl ReportData {
    /// Reads the book for reports.
    pub(crate) fn load(conn: &Connection) -> Result<ReportData, StoreError> {
        let (org, calendars) = load_org(conn)?;
        Ok(ReportData {
            org,
            calendars,
            loans: load_loans(conn, Scope::All)?,
            programs: load_programs(conn)?,
            policy: load_policy(conn)?,
            statuses: all_status_events(conn)?,
            traces: all_traces(conn)?,
        })
    }

    /// Runs `f` on the book measured on `as_of`.
    pub(crate) fn measure<T>(
        &self,
        as_of: NaiveDate,
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
        let input = ReportInput {
            org: &self.org,
            calendars: &self.calendars,
            loans: &facts,
            statuses: &self.statuses,
            traces: &self.traces,
            savings: &[],
            policy: &self.policy,
        };
        Ok(f(&ReportBook::new(input, as_of)))
    }
}

/// The organisation in report order: offices and points by code,
/// associations in the bank's order, groups by code, members by customer
/// code; and each point's fixed day and session days.
fn load_org(conn: &Connection) -> Result<(Org, Vec<PointCalendar>), StoreError> {
    let uuid = |r: &rusqlite::Row<'_>, idx: usize| -> Result<Uuid, StoreError> {
        parse_uuid(r.get_ref(idx)?.as_str()?)
    };
    let mut org = Org::default();
    let mut stmt = conn.prepare_cached("SELECT id, code, name FROM office ORDER BY code")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        org.offices.push(Unit {
            id: uuid(r, 0)?,
            parent: None,
            code: r.get(1)?,
            label: r.get(2)?,
        });
    }
    let mut calendars: Vec<PointCalendar> = Vec::new();
    let mut stmt = conn
        .prepare_cached("SELECT id, office_id, code, name, fixed_day FROM point ORDER BY code")?;
    let mut rows = stmt.query([])?;
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
    let mut stmt = conn.prepare_cached("SELECT point_id, date FROM session")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let point = uuid(r, 0)?;
        let day = parse_date(r.get_ref(1)?.as_str()?)?;
        if let Some(calendar) = calendars.iter_mut().find(|c| c.point == point) {
            calendar.session_days.push(day);
        }
    }
    let mut stmt = conn.prepare_cached("SELECT id, point_id, kind FROM association")?;
    let mut rows = stmt.query([])?;
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
    let mut stmt = conn
        .prepare_cached("SELECT id, association_id, code, name FROM savings_group ORDER BY code")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        org.groups.push(Unit {
            id: uuid(r, 0)?,
            parent: Some(uuid(r, 1)?),
            code: r.get(2)?,
            label: r.get(3)?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, group_id, customer_code, full_name FROM member ORDER BY customer_code",
    )?;
    let mut rows = stmt.query([])?;
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

impl crate::Store {
    fn report_data(&self) -> Result<ReportData, StoreError> {
        ReportData::load(&self.conn)
    }

    /// The credit-quality report on a date: every office, point,
    /// association, group and borrower, in tree order.
    pub fn credit_report(&self, as_of: NaiveDate) -> Result<CreditReport, StoreError> {
        self.report_data()?
            .measure(as_of, |book| book.credit_report())
    }

    /// A watchlist on `on` (for the due list, the session day), of everyone
    /// `within` a unit (an office, point, association or group id).
    pub fn watchlist(
        &self,
        kind: WatchKind,
        sort: SortBy,
        on: NaiveDate,
        within: Option<Uuid>,
    ) -> Result<Watchlist, StoreError> {
        self.report_data()?
            .measure(on, |book| book.watchlist(kind, sort, within))
    }
}
