//! Reading sessions, meetings, status history, the audit trail and the change log.

use chrono::{DateTime, NaiveDate, Utc};
use phien_core::collection::CollectionInput;
use phien_core::ids::{
    EntryId, GroupId, HandoverId, MeetingId, MemberId, SessionId, StaffId, StatusEventId, TraceId,
};
use phien_core::ledger::{Entry, EntryKind};
use phien_core::meeting::{Decision, Meeting, MeetingKind, Presence};
use phien_core::money::Dong;
use phien_core::session::Handover;
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::StoreError;
use crate::book::point_members;
use crate::codec::{date, parse_date, parse_instant, parse_uuid};

/// What recording a group's collection did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionReceipt {
    /// Group.
    pub group_id: GroupId,
    /// Date.
    pub date: NaiveDate,
    /// Session.
    pub session_id: Option<SessionId>,
    /// Rows recorded.
    pub n_members: usize,
    /// Cash the list adds up to.
    pub cash: Dong,
    /// Entries appended.
    pub entries: Vec<Entry>,
    /// The handover, when recorded at a session.
    pub handover: Option<HandoverId>,
}

/// What one member paid (or drew) on a day, entries in force, as the row of
/// 13/TD that would have recorded it: the figures of the member's receipt
/// (biên lai 01/BL) for a group's collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPayments {
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub full_name: String,
    /// The amounts, and the receipt number written on the entries, if any.
    pub paid: CollectionInput,
}

impl MemberPayments {
    /// Cash the member handed in: interest, principal and deposits.
    pub fn cash_in(&self) -> Dong {
        self.paid.interest + self.paid.principal + self.paid.savings_deposit
    }
}

/// Every member of a group who paid or drew something on `day`, by customer
/// code, in one query.
pub(crate) fn group_payments(
    conn: &Connection,
    group: GroupId,
    day: NaiveDate,
) -> Result<Vec<MemberPayments>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.customer_code, m.full_name, min(e.receipt_no),
                sum(CASE e.kind WHEN 'interest_payment' THEN e.amount ELSE 0 END),
                sum(CASE e.kind WHEN 'principal_repayment' THEN e.amount ELSE 0 END),
                sum(CASE e.kind WHEN 'savings_deposit' THEN e.amount ELSE 0 END),
                sum(CASE e.kind WHEN 'savings_withdrawal' THEN e.amount ELSE 0 END),
                sum(CASE e.kind WHEN 'interest_from_savings' THEN e.amount ELSE 0 END)
         FROM member m JOIN ledger_entry e ON e.member_id = m.id AND e.value_date = ?2
         WHERE m.group_id = ?1
           AND e.kind IN ('interest_payment', 'principal_repayment', 'savings_deposit',
                          'savings_withdrawal', 'interest_from_savings')
           AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)
         GROUP BY m.id
         ORDER BY m.customer_code",
    )?;
    let mut rows = stmt.query(params![group.0.to_string(), date(day)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(MemberPayments {
            customer_code: r.get(1)?,
            full_name: r.get(2)?,
            paid: CollectionInput {
                member_id: MemberId(parse_uuid(r.get_ref(0)?.as_str()?)?),
                receipt_no: r.get(3)?,
                interest: Dong(r.get(4)?),
                principal: Dong(r.get(5)?),
                savings_deposit: Dong(r.get(6)?),
                savings_withdrawal: Dong(r.get(7)?),
                interest_from_savings: Dong(r.get(8)?),
            },
        });
    }
    Ok(out)
}

/// A session with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Id.
    pub id: SessionId,
    /// Date.
    pub date: NaiveDate,
    /// Team leader, controller, teller (names).
    pub team: [String; 3],
    /// Opened at.
    pub opened_at: DateTime<Utc>,
    /// Cash brought from the district office.
    pub opening_cash: Dong,
    /// Closed at.
    pub closed_at: Option<DateTime<Utc>>,
    /// Totals per entry kind (entries in force, and reversals).
    pub totals: Vec<(EntryKind, u32, Dong)>,
    /// Cash expected from the entries.
    pub expected_cash: Dong,
    /// Cash counted at close.
    pub counted_cash: Option<Dong>,
    /// Counted − expected.
    pub difference: Option<Dong>,
    /// Note on the difference.
    pub difference_note: Option<String>,
    /// Handovers by group.
    pub handovers: Vec<(String, Handover)>,
}

/// One write transaction in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Id.
    pub id: String,
    /// Device.
    pub device_id: String,
    /// Who (staff code and name).
    pub actor: String,
    /// When.
    pub at: String,
    /// What.
    pub action: String,
    /// Detail.
    pub detail: String,
    /// Rows changed.
    pub n_changes: u32,
}

/// A row of the change log (sync outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRow {
    /// Device that made the change.
    pub device_id: String,
    /// Its per-device sequence number.
    pub seq: i64,
    /// The audit event (write transaction).
    pub audit_id: String,
    /// Table.
    pub entity: String,
    /// Row key.
    pub entity_id: String,
    /// `insert` or `update`.
    pub op: String,
    /// An insert: the new row as a JSON object. An update (schema 3 on): the
    /// changed fields, `{"key": [...], "set": {..}, "was": {..}}`.
    pub row_json: String,
    /// The write's hybrid-logical-clock stamp (`phien_core::hlc`); `None`
    /// for changes written before schema 3.
    pub hlc: Option<String>,
}

/// Cash the till should hold for a session: the cash brought from the
/// office plus the cash effect of its entries, a reversal counting as the
/// opposite of the entry it cancels.
pub(crate) fn session_expected_cash(
    conn: &Connection,
    session: SessionId,
) -> Result<Dong, StoreError> {
    let total: i64 = conn.query_row(
        "SELECT coalesce(sum(
            CASE e.kind
              WHEN 'reversal' THEN -(SELECT CASE o.kind WHEN 'principal_repayment' THEN 1 WHEN 'interest_payment' THEN 1 WHEN 'savings_deposit' THEN 1
                                                          WHEN 'disbursement' THEN -1 WHEN 'savings_withdrawal' THEN -1 ELSE 0 END
                                    FROM ledger_entry o WHERE o.id = e.reverses_id) * e.amount
              WHEN 'principal_repayment' THEN e.amount WHEN 'interest_payment' THEN e.amount WHEN 'savings_deposit' THEN e.amount
              WHEN 'disbursement' THEN -e.amount WHEN 'savings_withdrawal' THEN -e.amount ELSE 0 END), 0)
         FROM ledger_entry e WHERE e.session_id = ?1",
        [session.0.to_string()],
        |r| r.get(0),
    )?;
    let opening: i64 = conn.query_row(
        "SELECT opening_cash FROM session WHERE id = ?1",
        [session.0.to_string()],
        |r| r.get(0),
    )?;
    Ok(Dong(opening + total))
}

pub(crate) fn session_summary(
    conn: &Connection,
    session: SessionId,
) -> Result<SessionSummary, StoreError> {
    let row = conn
        .query_row(
            "SELECT s.date, a.full_name, b.full_name, c.full_name, s.opened_at, s.closed_at, s.cash_count, s.cash_difference, s.difference_note, s.opening_cash
             FROM session s JOIN staff a ON a.id = s.team_leader_id JOIN staff b ON b.id = s.controller_id JOIN staff c ON c.id = s.teller_id
             WHERE s.id = ?1",
            [session.0.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    [r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?],
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, i64>(9)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound { what: "phiên giao dịch", key: session.to_string() })?;
    let (day, team, opened_at, closed_at, count, difference, difference_note, opening_cash) = row;
    let mut stmt = conn.prepare(
        // What the session took and paid: an entry cancelled by a reversal
        // recorded in this session drops out and the reversal is listed as a
        // line of its own; a reversal made later elsewhere does not rewrite
        // this session's history.
        "SELECT e.kind, count(*), sum(e.amount) FROM ledger_entry e WHERE e.session_id = ?1
           AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id AND r.session_id = e.session_id)
         GROUP BY e.kind ORDER BY e.kind",
    )?;
    let totals = stmt
        .query_map([session.0.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .map(|row| {
            let (kind, n, sum) = row?;
            Ok((
                EntryKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?,
                n,
                Dong(sum),
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let counted_cash = count
        .map(|json| {
            serde_json::from_str::<Vec<(i64, u32)>>(&json)
                .map_err(|e| StoreError::Corrupt(e.to_string()))
        })
        .transpose()?
        .map(|notes| Dong(notes.iter().map(|(face, n)| face * i64::from(*n)).sum()));
    let mut stmt = conn.prepare(
        "SELECT h.id, h.group_id, g.code || ' ' || g.name, h.expected, h.handed_over, h.note, h.received_by, h.at
         FROM handover h JOIN savings_group g ON g.id = h.group_id WHERE h.session_id = ?1 ORDER BY g.code, h.at",
    )?;
    let mut handovers = Vec::new();
    let mut rows = stmt.query([session.0.to_string()])?;
    while let Some(r) = rows.next()? {
        handovers.push((
            r.get::<_, String>(2)?,
            Handover {
                id: HandoverId(parse_uuid(&r.get::<_, String>(0)?)?),
                session_id: session,
                group_id: GroupId(parse_uuid(&r.get::<_, String>(1)?)?),
                expected: Dong(r.get(3)?),
                handed_over: Dong(r.get(4)?),
                note: r.get(5)?,
                received_by: StaffId(parse_uuid(&r.get::<_, String>(6)?)?),
                at: parse_instant(&r.get::<_, String>(7)?)?,
            },
        ));
    }
    Ok(SessionSummary {
        id: session,
        date: parse_date(&day)?,
        team,
        opened_at: parse_instant(&opened_at)?,
        opening_cash: Dong(opening_cash),
        closed_at: closed_at.map(|c| parse_instant(&c)).transpose()?,
        totals,
        expected_cash: session_expected_cash(conn, session)?,
        counted_cash,
        difference: difference.map(Dong),
        difference_note,
        handovers,
    })
}

pub(crate) fn session_on(
    conn: &Connection,
    day: NaiveDate,
) -> Result<Option<SessionId>, StoreError> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM session WHERE date = ?1 LIMIT 1",
            [date(day)],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|s| parse_uuid(&s).map(SessionId)).transpose()
}

pub(crate) fn status_events(
    conn: &Connection,
    member: MemberId,
) -> Result<Vec<StatusEvent>, StoreError> {
    status_events_where(conn, "member_id = ?1", &member.0.to_string())
}

/// Every status event of the point, for reports.
pub(crate) fn all_status_events(conn: &Connection) -> Result<Vec<StatusEvent>, StoreError> {
    status_events_where(conn, "?1 = ''", "")
}

/// The status events of a transaction point's members, for reports.
pub(crate) fn point_status_events(
    conn: &Connection,
    point: Uuid,
) -> Result<Vec<StatusEvent>, StoreError> {
    status_events_where(
        conn,
        &format!(
            "member_id IN (SELECT m.id FROM member m WHERE {})",
            point_members("?1")
        ),
        &point.to_string(),
    )
}

fn status_events_where(
    conn: &Connection,
    condition: &str,
    param: &str,
) -> Result<Vec<StatusEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, kind, learned_on, destination, source, note, recorded_by, member_id FROM status_event WHERE {condition} ORDER BY learned_on, id"
    ))?;
    let mut out = Vec::new();
    let mut rows = stmt.query([param])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        out.push(StatusEvent {
            id: StatusEventId(parse_uuid(&r.get::<_, String>(0)?)?),
            member_id: MemberId(parse_uuid(&r.get::<_, String>(7)?)?),
            kind: StatusKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?,
            learned_on: parse_date(&r.get::<_, String>(2)?)?,
            destination: r.get(3)?,
            source: r.get(4)?,
            note: r.get(5)?,
            recorded_by: StaffId(parse_uuid(&r.get::<_, String>(6)?)?),
        });
    }
    Ok(out)
}

pub(crate) fn traces_of_member(
    conn: &Connection,
    member: MemberId,
) -> Result<Vec<Trace>, StoreError> {
    traces_where(conn, "s.member_id = ?1", &member.0.to_string())
}

/// Every tracing-log line of the point, for reports.
pub(crate) fn all_traces(conn: &Connection) -> Result<Vec<Trace>, StoreError> {
    traces_where(conn, "?1 = ''", "")
}

/// The tracing-log lines of a transaction point's members, for reports.
pub(crate) fn point_traces(conn: &Connection, point: Uuid) -> Result<Vec<Trace>, StoreError> {
    traces_where(
        conn,
        &format!(
            "s.member_id IN (SELECT m.id FROM member m WHERE {})",
            point_members("?1")
        ),
        &point.to_string(),
    )
}

fn traces_where(conn: &Connection, condition: &str, param: &str) -> Result<Vec<Trace>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.event_id, t.agency, t.asked_on, t.answer, t.answered_on, t.recorded_by
         FROM trace_log t JOIN status_event s ON s.id = t.event_id WHERE {condition} ORDER BY t.asked_on, t.id"
    ))?;
    let mut out = Vec::new();
    let mut rows = stmt.query([param])?;
    while let Some(r) = rows.next()? {
        let agency: String = r.get(2)?;
        out.push(Trace {
            id: TraceId(parse_uuid(&r.get::<_, String>(0)?)?),
            event_id: StatusEventId(parse_uuid(&r.get::<_, String>(1)?)?),
            agency: Agency::from_code(&agency)
                .ok_or_else(|| StoreError::Corrupt(agency.clone()))?,
            asked_on: parse_date(&r.get::<_, String>(3)?)?,
            answer: r.get(4)?,
            answered_on: r
                .get::<_, Option<String>>(5)?
                .map(|d| parse_date(&d))
                .transpose()?,
            recorded_by: StaffId(parse_uuid(&r.get::<_, String>(6)?)?),
        });
    }
    Ok(out)
}

pub(crate) fn meetings_of_group(
    conn: &Connection,
    group: GroupId,
) -> Result<Vec<Meeting>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, held_on, kind, agenda, minutes, recorded_by FROM meeting WHERE group_id = ?1 ORDER BY held_on, id")?;
    let mut meetings = Vec::new();
    let mut rows = stmt.query([group.0.to_string()])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        meetings.push(Meeting {
            id: MeetingId(parse_uuid(&r.get::<_, String>(0)?)?),
            group_id: group,
            held_on: parse_date(&r.get::<_, String>(1)?)?,
            kind: MeetingKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?,
            agenda: r.get(3)?,
            attendance: Vec::new(),
            decisions: Vec::new(),
            minutes: r.get(4)?,
            recorded_by: StaffId(parse_uuid(&r.get::<_, String>(5)?)?),
        });
    }
    for meeting in &mut meetings {
        let mut stmt = conn.prepare_cached(
            "SELECT member_id, presence FROM meeting_attendance WHERE meeting_id = ?1 ORDER BY rowid",
        )?;
        let mut rows = stmt.query([meeting.id.0.to_string()])?;
        while let Some(r) = rows.next()? {
            let presence = match r.get::<_, String>(1)?.as_str() {
                "present" => Presence::Present,
                "represented" => Presence::Represented,
                _ => Presence::Absent,
            };
            meeting
                .attendance
                .push((MemberId(parse_uuid(&r.get::<_, String>(0)?)?), presence));
        }
        let mut stmt = conn.prepare_cached(
            "SELECT body FROM meeting_decision WHERE meeting_id = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([meeting.id.0.to_string()])?;
        while let Some(r) = rows.next()? {
            let body: String = r.get(0)?;
            meeting.decisions.push(
                serde_json::from_str::<Decision>(&body)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            );
        }
    }
    Ok(meetings)
}

pub(crate) fn audit_events(conn: &Connection, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.device_id, coalesce(s.code || ' ' || s.full_name, a.actor_id), a.at, a.action, a.detail,
                (SELECT count(*) FROM change_log c WHERE c.audit_id = a.id)
         FROM audit_event a LEFT JOIN staff s ON s.id = a.actor_id ORDER BY a.at DESC, a.id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit], |r| {
            Ok(AuditEvent {
                id: r.get(0)?,
                device_id: r.get(1)?,
                actor: r.get(2)?,
                at: r.get(3)?,
                action: r.get(4)?,
                detail: r.get(5)?,
                n_changes: r.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn changes_after(
    conn: &Connection,
    device: &str,
    after_seq: i64,
    limit: u32,
) -> Result<Vec<ChangeRow>, StoreError> {
    change_rows(
        conn,
        "WHERE device_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        params![device, after_seq, limit],
    )
}

/// This device's own changes to the tables `entities`, in order.
pub(crate) fn changes_to(
    conn: &Connection,
    device: &str,
    entities: &[&str],
) -> Result<Vec<ChangeRow>, StoreError> {
    let list = serde_json::to_string(entities).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    change_rows(
        conn,
        "WHERE device_id = ?1 AND entity IN (SELECT value FROM json_each(?2)) ORDER BY seq",
        params![device, list],
    )
}

fn change_rows(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<ChangeRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT device_id, seq, audit_id, entity, entity_id, op, row_json, hlc FROM change_log {filter}"
    ))?;
    let rows = stmt
        .query_map(args, |r| {
            Ok(ChangeRow {
                device_id: r.get(0)?,
                seq: r.get(1)?,
                audit_id: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                op: r.get(5)?,
                row_json: r.get(6)?,
                hlc: r.get(7)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn entry_by_id(conn: &Connection, id: EntryId) -> Result<Entry, StoreError> {
    let row = conn
        .query_row(
            "SELECT kind, member_id, loan_id, amount, value_date, session_id, recorded_by, device_id, recorded_at, receipt_no, reverses_id, reason, approved_by
             FROM ledger_entry WHERE id = ?1",
            [id.0.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, Option<String>>(11)?,
                    r.get::<_, Option<String>>(12)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound { what: "bút toán", key: id.to_string() })?;
    let (
        kind,
        member,
        loan,
        amount,
        value_date,
        session,
        recorded_by,
        device,
        recorded_at,
        receipt_no,
        reverses,
        reason,
        approved_by,
    ) = row;
    let opt = |s: Option<String>| s.map(|s| parse_uuid(&s)).transpose();
    Ok(Entry {
        id,
        kind: EntryKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?,
        member_id: MemberId(parse_uuid(&member)?),
        loan_id: opt(loan)?.map(phien_core::ids::LoanId),
        amount: Dong(amount),
        value_date: parse_date(&value_date)?,
        session_id: opt(session)?.map(SessionId),
        recorded_by: StaffId(parse_uuid(&recorded_by)?),
        device_id: phien_core::ids::DeviceId(parse_uuid(&device)?),
        recorded_at: parse_instant(&recorded_at)?,
        receipt_no,
        reverses: opt(reverses)?.map(EntryId),
        reason,
        approved_by: opt(approved_by)?.map(StaffId),
    })
}
