//! Keeping a reading of the reports' inputs up to date with changes pulled
//! from the server, a transaction point at a time.
//!
//! A page of pulled changes names rows by table and key. [`Touched`] says
//! which points' reading those rows belong to: looked up in the file
//! before the page is applied and again after, so a row that moves from
//! one point to another (a member to another group, a loan to another
//! member) touches both. [`crate::Store::refresh_report_data`] then reads
//! only those points again and puts every list back in the order a whole
//! reading gives, so the reading is the same as a fresh one, field for
//! field. The reference data (offices, programs and their rates, policy
//! settings: a few rows) is read again whenever anything changed; nothing
//! kept is derived from it, so that is all a change of it needs. A table
//! this module does not know makes the whole book be read again.

use std::collections::{BTreeSet, HashMap};

use phien_core::ids::StatusEventId;
use phien_core::org::AssociationKind;
use rusqlite::Connection;
use uuid::Uuid;

use super::{ReportData, load_offices, load_org, load_savings};
use crate::book::{Scope, load_loans};
use crate::codec::parse_uuid;
use crate::org::{load_policy, load_programs};
use crate::records::{point_status_events, point_traces};
use crate::{Incoming, Store, StoreError};

/// What changes touched in the reports' reading: nothing, some points
/// (and the reference data), or everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Read the whole book again.
    everything: bool,
    /// Read the reference data again (offices, programs, rates, policy).
    reference: bool,
    /// Read these points again.
    points: BTreeSet<Uuid>,
}

impl Touched {
    /// Everything: the whole book is read again.
    pub fn everything() -> Touched {
        Touched {
            everything: true,
            ..Touched::default()
        }
    }

    /// Nothing the reports read was touched.
    pub fn is_nothing(&self) -> bool {
        !self.everything && !self.reference && self.points.is_empty()
    }

    /// Whether the whole book is to be read again.
    pub fn is_everything(&self) -> bool {
        self.everything
    }

    /// The points to read again (none when everything is).
    pub fn points(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.points.iter().copied()
    }

    /// Adds what `other` touched.
    pub fn add(&mut self, other: Touched) {
        self.everything |= other.everything;
        self.reference |= other.reference;
        self.points.extend(other.points);
    }
}

/// How a table's rows reach the reports' reading.
enum Reach {
    /// Not read by the reports.
    Unread,
    /// Reference data, read whole.
    Reference,
    /// Rows of one point: SQL giving the points of the rows whose keys are
    /// in the JSON array `?1`.
    Point(&'static str),
}

/// Where each synced table's rows go in the reports' reading. `None`: a
/// table this module does not know (read everything again).
fn reach(entity: &str) -> Option<Reach> {
    Some(match entity {
        "staff" | "point_commune" | "handover" | "meeting" | "meeting_attendance"
        | "meeting_decision" | "leader_receipt" | "leader_receipt_void"
        | "leader_receipt_settlement" => Reach::Unread,
        // Read by the month's reports when they are asked for, never kept.
        "rating_scheme" | "fee_rate" => Reach::Unread,
        "office" | "program" | "program_rate" | "policy_setting" => Reach::Reference,
        "point" => Reach::Point("SELECT id FROM point WHERE id IN (SELECT value FROM json_each(?1))"),
        "session" => Reach::Point(
            "SELECT point_id FROM session WHERE id IN (SELECT value FROM json_each(?1))",
        ),
        "association" => Reach::Point(
            "SELECT point_id FROM association WHERE id IN (SELECT value FROM json_each(?1))",
        ),
        "savings_group" => Reach::Point(
            "SELECT a.point_id FROM savings_group g JOIN association a ON a.id = g.association_id
             WHERE g.id IN (SELECT value FROM json_each(?1))",
        ),
        "member" => Reach::Point(
            "SELECT a.point_id FROM member m JOIN savings_group g ON g.id = m.group_id
             JOIN association a ON a.id = g.association_id
             WHERE m.id IN (SELECT value FROM json_each(?1))",
        ),
        // An installment's key is `loan_id/seq`: its loan's id is given.
        "loan" | "installment" => Reach::Point(
            "SELECT a.point_id FROM member m JOIN savings_group g ON g.id = m.group_id
             JOIN association a ON a.id = g.association_id
             WHERE m.id IN (SELECT member_id FROM loan WHERE id IN (SELECT value FROM json_each(?1)))",
        ),
        "risk_decision" => Reach::Point(
            "SELECT a.point_id FROM member m JOIN savings_group g ON g.id = m.group_id
             JOIN association a ON a.id = g.association_id
             WHERE m.id IN (SELECT l.member_id FROM risk_decision d JOIN loan l ON l.id = d.loan_id
                            WHERE d.id IN (SELECT value FROM json_each(?1)))",
        ),
        "status_event" => Reach::Point(
            "SELECT a.point_id FROM member m JOIN savings_group g ON g.id = m.group_id
             JOIN association a ON a.id = g.association_id
             WHERE m.id IN (SELECT member_id FROM status_event WHERE id IN (SELECT value FROM json_each(?1)))",
        ),
        "trace_log" => Reach::Point(
            "SELECT a.point_id FROM member m JOIN savings_group g ON g.id = m.group_id
             JOIN association a ON a.id = g.association_id
             WHERE m.id IN (SELECT s.member_id FROM trace_log t JOIN status_event s ON s.id = t.event_id
                            WHERE t.id IN (SELECT value FROM json_each(?1)))",
        ),
        // An entry counts for its member (savings) and its loan's member
        // (flows); a reversal also for those of the entry it takes out of
        // force.
        "ledger_entry" => Reach::Point(
            "WITH e AS (SELECT * FROM ledger_entry WHERE id IN (SELECT value FROM json_each(?1))),
                  r AS (SELECT * FROM ledger_entry WHERE id IN (SELECT reverses_id FROM e)),
                  x AS (SELECT * FROM e UNION ALL SELECT * FROM r)
             SELECT a.point_id FROM member m JOIN savings_group g ON g.id = m.group_id
             JOIN association a ON a.id = g.association_id
             WHERE m.id IN (SELECT member_id FROM x
                            UNION SELECT l.member_id FROM x JOIN loan l ON l.id = x.loan_id)",
        ),
        _ => return None,
    })
}

impl Store {
    /// Which parts of the reports' reading the rows of `changes` belong to
    /// in the file as it is now: ask before applying a page and after, and
    /// add both ([`Touched::add`]). One query per table in the page.
    pub fn touched_by(&self, changes: &[Incoming]) -> Result<Touched, StoreError> {
        let mut touched = Touched::default();
        let mut keys: HashMap<&str, Vec<&str>> = HashMap::new();
        for change in changes {
            match reach(&change.entity) {
                None => return Ok(Touched::everything()),
                Some(Reach::Unread) => {}
                Some(Reach::Reference) => touched.reference = true,
                Some(Reach::Point(_)) => {
                    let key = match change.entity.as_str() {
                        "installment" => change.entity_id.split('/').next().unwrap_or_default(),
                        _ => change.entity_id.as_str(),
                    };
                    keys.entry(change.entity.as_str()).or_default().push(key);
                }
            }
        }
        for (entity, keys) in keys {
            let Some(Reach::Point(sql)) = reach(entity) else {
                continue;
            };
            let keys = serde_json::to_string(&keys)
                .map_err(|e| StoreError::Corrupt(format!("khóa của «{entity}»: {e}")))?;
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query([keys])?;
            while let Some(r) = rows.next()? {
                touched.points.insert(parse_uuid(r.get_ref(0)?.as_str()?)?);
            }
        }
        Ok(touched)
    }

    /// Brings `data`, read from this file, up to date with what `touched`
    /// says changed since: the whole book read again, or only the points
    /// touched (and the reference data). The result equals a fresh reading
    /// with the same savings range.
    pub fn refresh_report_data(
        &self,
        data: &mut ReportData,
        touched: &Touched,
    ) -> Result<(), StoreError> {
        if touched.is_nothing() {
            return Ok(());
        }
        let conn = &self.conn;
        if touched.everything {
            *data =
                ReportData::load_range(conn, data.savings.from, data.through, data.with_savings)?;
            return Ok(());
        }
        data.org.offices = load_offices(conn)?;
        data.programs = load_programs(conn)?;
        data.policy = load_policy(conn)?;
        if touched.points.is_empty() {
            return Ok(());
        }
        if !drop_points(data, &touched.points) {
            // A row whose point cannot be told (not in a reading this
            // module made): read everything.
            *data =
                ReportData::load_range(conn, data.savings.from, data.through, data.with_savings)?;
            return Ok(());
        }
        for &point in &touched.points {
            read_point(conn, data, point)?;
        }
        put_in_reading_order(data);
        Ok(())
    }
}

/// Removes every row of `points` from `data`, by the organisation as read.
/// False (and nothing removed) when some row's point cannot be told.
fn drop_points(data: &mut ReportData, points: &BTreeSet<Uuid>) -> bool {
    let org = &data.org;
    // The point of every association, group and member.
    let mut point_of: HashMap<Uuid, Uuid> = HashMap::new();
    for association in &org.associations {
        if let Some(point) = association.parent {
            point_of.insert(association.id, point);
        }
    }
    for unit in org.groups.iter().chain(&org.borrowers) {
        if let Some(&point) = unit.parent.and_then(|p| point_of.get(&p)) {
            point_of.insert(unit.id, point);
        }
    }
    let member_of_event: HashMap<StatusEventId, Uuid> = data
        .statuses
        .iter()
        .map(|s| (s.id, s.member_id.0))
        .collect();
    // For each row, whether it goes: `None` when its point is not known.
    let goes = |id: Option<&Uuid>| {
        id.and_then(|id| point_of.get(id))
            .map(|p| points.contains(p))
    };
    let flags = (
        data.loans
            .iter()
            .map(|l| goes(Some(&l.loan.member_id.0)))
            .collect::<Option<Vec<bool>>>(),
        data.statuses
            .iter()
            .map(|s| goes(Some(&s.member_id.0)))
            .collect::<Option<Vec<bool>>>(),
        data.traces
            .iter()
            .map(|t| goes(member_of_event.get(&t.event_id)))
            .collect::<Option<Vec<bool>>>(),
        data.savings
            .members
            .iter()
            .map(|m| goes(Some(&m.member.0)))
            .collect::<Option<Vec<bool>>>(),
        org.groups
            .iter()
            .map(|u| goes(Some(&u.id)))
            .collect::<Option<Vec<bool>>>(),
        org.borrowers
            .iter()
            .map(|u| goes(Some(&u.id)))
            .collect::<Option<Vec<bool>>>(),
    );
    let (Some(loans), Some(statuses), Some(traces), Some(savings), Some(groups), Some(borrowers)) =
        flags
    else {
        return false;
    };
    drop_flagged(&mut data.loans, &loans);
    drop_flagged(&mut data.statuses, &statuses);
    drop_flagged(&mut data.traces, &traces);
    drop_flagged(&mut data.savings.members, &savings);
    drop_flagged(&mut data.org.groups, &groups);
    drop_flagged(&mut data.org.borrowers, &borrowers);
    data.org
        .associations
        .retain(|u| u.parent.is_some_and(|p| !points.contains(&p)));
    data.org.points.retain(|u| !points.contains(&u.id));
    data.calendars.retain(|c| !points.contains(&c.point));
    true
}

/// Removes the items whose flag is set.
fn drop_flagged<T>(items: &mut Vec<T>, flags: &[bool]) {
    let mut flags = flags.iter();
    items.retain(|_| !flags.next().copied().unwrap_or(false));
}

/// Appends one point's rows, read from the file, to `data`.
fn read_point(conn: &Connection, data: &mut ReportData, point: Uuid) -> Result<(), StoreError> {
    let (org, calendars) = load_org(conn, Some(point))?;
    data.org.points.extend(org.points);
    data.org.associations.extend(org.associations);
    data.org.groups.extend(org.groups);
    data.org.borrowers.extend(org.borrowers);
    data.calendars.extend(calendars);
    data.loans.extend(load_loans(conn, Scope::Point(point))?);
    data.statuses.extend(point_status_events(conn, point)?);
    data.traces.extend(point_traces(conn, point)?);
    if data.with_savings {
        let savings = load_savings(conn, data.savings.from, data.through, Some(point))?;
        data.savings.members.extend(savings.members);
    }
    Ok(())
}

/// Sorts every list as the whole book's reading orders it (its SQL
/// `ORDER BY`s: point codes, customer codes and account numbers are unique
/// in a file; group codes only at their point, so groups tie-break on id).
fn put_in_reading_order(data: &mut ReportData) {
    let org = &mut data.org;
    org.points.sort_by(|a, b| a.code.cmp(&b.code));
    let point_idx: HashMap<Uuid, usize> = org
        .points
        .iter()
        .enumerate()
        .map(|(idx, u)| (u.id, idx))
        .collect();
    data.calendars
        .sort_by_key(|c| point_idx.get(&c.point).copied().unwrap_or(usize::MAX));
    org.associations
        .sort_by_key(|u| (u.parent, AssociationKind::from_code(&u.code), u.id));
    org.groups
        .sort_by(|a, b| (&a.code, a.id).cmp(&(&b.code, b.id)));
    org.borrowers.sort_by(|a, b| a.code.cmp(&b.code));
    data.loans.sort_by(|a, b| {
        (a.loan.disbursed_on, &a.loan.account_no).cmp(&(b.loan.disbursed_on, &b.loan.account_no))
    });
    data.statuses.sort_by_key(|s| (s.learned_on, s.id.0));
    data.traces.sort_by_key(|t| (t.asked_on, t.id.0));
    data.savings.members.sort_by_key(|m| m.member.0);
}
