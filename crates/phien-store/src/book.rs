//! Reading the books: loans with their flows and decisions, and the views
//! built on the core's rules (collection list 13/TD, statements, quality).

use std::collections::HashMap;

use chrono::NaiveDate;
use phien_core::collection::{LoanDue, MemberDue};
use phien_core::ids::{DecisionId, EntryId, GroupId, LoanId, MemberId, SessionId};
use phien_core::ledger::{EntryKind, LoanFlow};
use phien_core::loan::{Installment, LendingMethod, Loan};
use phien_core::money::Dong;
use phien_core::org::Member;
use phien_core::policy::Policy;
use phien_core::position::{LoanFacts, LoanPosition, position};
use phien_core::quality::QualitySummary;
use phien_core::risk::{RiskDecision, RiskMeasure};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::StoreError;
use crate::codec::{in_row, parse_date, parse_uuid};
use crate::org::{ProgramRates, load_policy, load_programs, members_of_group};

/// A loan with everything the interest engine needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanRecord {
    /// Terms and schedule.
    pub loan: Loan,
    /// Flows in force (reversed entries and reversals left out).
    pub flows: Vec<LoanFlow>,
    /// Risk decisions.
    pub decisions: Vec<RiskDecision>,
}

/// The members of the point given by the SQL parameter `param` (`?1`), as
/// a condition on `m` (member).
pub(crate) fn point_members(param: &str) -> String {
    format!(
        "m.group_id IN (SELECT g.id FROM savings_group g
         JOIN association a ON a.id = g.association_id WHERE a.point_id = {param})"
    )
}

/// Which loans to load.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope {
    All,
    /// The loans of a transaction point's members.
    Point(Uuid),
    Group(GroupId),
    Member(MemberId),
    Loan(LoanId),
}

impl Scope {
    /// SQL condition on a table aliased `l` (loan) joined to `m` (member), and its parameter.
    fn condition(self) -> (String, String) {
        match self {
            Scope::All => ("1 = 1 OR ?1 = ''".into(), String::new()),
            Scope::Point(p) => (point_members("?1"), p.to_string()),
            Scope::Group(g) => ("m.group_id = ?1".into(), g.0.to_string()),
            Scope::Member(m) => ("l.member_id = ?1".into(), m.0.to_string()),
            Scope::Loan(id) => ("l.id = ?1".into(), id.0.to_string()),
        }
    }
}

/// Each loan's flows in one order whichever loans are read (the whole book
/// or a point's): the order of the `ledger_loan` index, which the whole
/// book's reading walks anyway.
const FLOW_ORDER: &str = "ORDER BY e.loan_id, e.value_date, e.kind, e.amount, e.id";

pub(crate) fn load_loans(conn: &Connection, scope: Scope) -> Result<Vec<LoanRecord>, StoreError> {
    let (cond, param) = scope.condition();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT l.id, l.member_id, l.account_no, l.program_code, l.funding_source, l.amount, l.disbursed_on,
                l.term_months, l.purpose, l.method, l.last_activity_before_import
         FROM loan l JOIN member m ON m.id = l.member_id WHERE {cond} ORDER BY l.disbursed_on, l.account_no"
    ))?;
    let mut loans: Vec<LoanRecord> = stmt
        .query_map([&param], |r| {
            let method: String = r.get(9)?;
            let last: Option<String> = r.get(10)?;
            Ok(LoanRecord {
                loan: Loan {
                    id: LoanId(in_row(parse_uuid(&r.get::<_, String>(0)?))?),
                    member_id: MemberId(in_row(parse_uuid(&r.get::<_, String>(1)?))?),
                    account_no: r.get(2)?,
                    program: phien_core::program::ProgramCode(r.get(3)?),
                    funding_source: r.get(4)?,
                    amount: Dong(r.get(5)?),
                    disbursed_on: in_row(parse_date(&r.get::<_, String>(6)?))?,
                    term_months: r.get(7)?,
                    purpose: r.get(8)?,
                    method: if method == "direct" {
                        LendingMethod::Direct
                    } else {
                        LendingMethod::Entrusted
                    },
                    installments: Vec::new(),
                    last_activity_before_import: last
                        .map(|d| in_row(parse_date(&d)))
                        .transpose()?,
                },
                flows: Vec::new(),
                decisions: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let index: HashMap<String, usize> = loans
        .iter()
        .enumerate()
        .map(|(idx, l)| (l.loan.id.0.to_string(), idx))
        .collect();

    // The whole point needs no join: every installment and loan entry is in scope.
    let (installment_sql, flow_sql) = match scope {
        Scope::All => (
            "SELECT i.loan_id, i.seq, i.due_on, i.amount FROM installment i".to_string(),
            format!(
                "SELECT e.loan_id, e.kind, e.value_date, e.amount FROM ledger_entry e
                 WHERE e.loan_id IS NOT NULL AND e.kind <> 'reversal'
                   AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)
                 {FLOW_ORDER}"
            ),
        ),
        _ => (
            format!(
                "SELECT i.loan_id, i.seq, i.due_on, i.amount FROM installment i
                 JOIN loan l ON l.id = i.loan_id JOIN member m ON m.id = l.member_id WHERE {cond}"
            ),
            format!(
                "SELECT e.loan_id, e.kind, e.value_date, e.amount FROM ledger_entry e
                 JOIN loan l ON l.id = e.loan_id JOIN member m ON m.id = l.member_id
                 WHERE ({cond}) AND e.kind <> 'reversal'
                   AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)
                 {FLOW_ORDER}"
            ),
        ),
    };
    let bind: Vec<&dyn rusqlite::ToSql> = if matches!(scope, Scope::All) {
        Vec::new()
    } else {
        vec![&param]
    };
    let mut stmt = conn.prepare_cached(&installment_sql)?;
    let mut rows = stmt.query(bind.as_slice())?;
    while let Some(r) = rows.next()? {
        if let Some(&idx) = index.get(r.get_ref(0)?.as_str()?) {
            loans[idx].loan.installments.push(Installment {
                seq: r.get(1)?,
                due_on: parse_date(r.get_ref(2)?.as_str()?)?,
                amount: Dong(r.get(3)?),
            });
        }
    }
    for record in &mut loans {
        record.loan.installments.sort_by_key(|i| i.seq);
    }

    let mut stmt = conn.prepare_cached(&flow_sql)?;
    let mut rows = stmt.query(bind.as_slice())?;
    while let Some(r) = rows.next()? {
        if let Some(&idx) = index.get(r.get_ref(0)?.as_str()?) {
            let kind = r.get_ref(1)?.as_str()?;
            loans[idx].flows.push(LoanFlow {
                kind: EntryKind::from_code(kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("loại bút toán «{kind}»")))?,
                date: parse_date(r.get_ref(2)?.as_str()?)?,
                amount: Dong(r.get(3)?),
            });
        }
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.id, d.loan_id, d.decision_no, d.decided_on, d.measure, d.new_due_on, d.installment_seq,
                d.frozen_from, d.frozen_until, d.principal, d.interest, d.reason
         FROM risk_decision d JOIN loan l ON l.id = d.loan_id JOIN member m ON m.id = l.member_id WHERE {cond}
         ORDER BY d.loan_id, d.decided_on, d.id"
    ))?;
    let mut rows = stmt.query([&param])?;
    while let Some(r) = rows.next()? {
        let decision = decision_row(r)?;
        if let Some(&idx) = index.get(&decision.loan_id.0.to_string()) {
            loans[idx].decisions.push(decision);
        }
    }
    Ok(loans)
}

fn decision_row(r: &rusqlite::Row<'_>) -> Result<RiskDecision, StoreError> {
    let measure: String = r.get(4)?;
    let opt_date = |idx: usize| -> Result<Option<NaiveDate>, StoreError> {
        r.get::<_, Option<String>>(idx)?
            .map(|d| parse_date(&d))
            .transpose()
    };
    let measure = match measure.as_str() {
        "extension" => RiskMeasure::Extension {
            new_due_on: opt_date(5)?
                .ok_or_else(|| StoreError::Corrupt("gia hạn thiếu ngày".into()))?,
            installment_seq: r.get(6)?,
        },
        "freeze" => RiskMeasure::Freeze {
            from: opt_date(7)?.ok_or_else(|| StoreError::Corrupt("khoanh nợ thiếu ngày".into()))?,
            until: opt_date(8)?,
        },
        _ => RiskMeasure::WriteOff {
            principal: Dong(r.get::<_, Option<i64>>(9)?.unwrap_or(0)),
            interest: Dong(r.get::<_, Option<i64>>(10)?.unwrap_or(0)),
        },
    };
    Ok(RiskDecision {
        id: DecisionId(parse_uuid(&r.get::<_, String>(0)?)?),
        loan_id: LoanId(parse_uuid(&r.get::<_, String>(1)?)?),
        decision_no: r.get(2)?,
        decided_on: parse_date(&r.get::<_, String>(3)?)?,
        measure,
        reason: r.get(11)?,
    })
}

/// Computes a loan's position with the point's programs and policy.
pub(crate) fn position_of(
    record: &LoanRecord,
    programs: &HashMap<phien_core::program::ProgramCode, ProgramRates>,
    policy: &Policy,
    as_of: NaiveDate,
) -> Result<LoanPosition, StoreError> {
    let program = programs
        .get(&record.loan.program)
        .ok_or_else(|| StoreError::Corrupt(format!("chương trình «{}»", record.loan.program)))?;
    Ok(position(
        LoanFacts {
            loan: &record.loan,
            rates: &program.rates,
            is_student: program.program.is_student,
            flows: &record.flows,
            decisions: &record.decisions,
        },
        policy,
        as_of,
    ))
}

/// A savings entry's effect on the balance, as SQL over `e` (ledger_entry):
/// deposits and brought-forward balances add, withdrawals and interest paid
/// from savings take away.
pub(crate) const SAVINGS_SIGNED: &str = "CASE e.kind WHEN 'savings_deposit' THEN e.amount WHEN 'savings_brought_forward' THEN e.amount ELSE -e.amount END";

/// Savings balances (in force, through `as_of`) of members in scope.
pub(crate) fn savings_balances(
    conn: &Connection,
    group: GroupId,
    as_of: NaiveDate,
) -> Result<HashMap<MemberId, Dong>, StoreError> {
    // The member filter is a sub-select so that SQLite walks the
    // (member_id, value_date) index per member instead of the whole ledger.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.member_id, sum({SAVINGS_SIGNED})
         FROM ledger_entry e
         WHERE e.member_id IN (SELECT id FROM member WHERE group_id = ?1) AND e.value_date <= ?2
           AND e.kind IN ('savings_deposit', 'savings_brought_forward', 'savings_withdrawal', 'interest_from_savings')
           AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)
         GROUP BY e.member_id"
    ))?;
    let mut out = HashMap::new();
    let mut rows = stmt.query(params![group.0.to_string(), crate::codec::date(as_of)])?;
    while let Some(r) = rows.next()? {
        out.insert(
            MemberId(parse_uuid(&r.get::<_, String>(0)?)?),
            Dong(r.get(1)?),
        );
    }
    Ok(out)
}

/// One member's savings balance through `as_of`.
pub(crate) fn savings_balance(
    conn: &Connection,
    member: MemberId,
    as_of: NaiveDate,
) -> Result<Dong, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT coalesce(sum({SAVINGS_SIGNED}), 0)
         FROM ledger_entry e
         WHERE e.member_id = ?1 AND e.value_date <= ?2
           AND e.kind IN ('savings_deposit', 'savings_brought_forward', 'savings_withdrawal', 'interest_from_savings')
           AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)"
    ))?;
    Ok(Dong(stmt.query_row(
        params![member.0.to_string(), crate::codec::date(as_of)],
        |r| r.get(0),
    )?))
}

/// A group's loans and members, loaded once for its list and its checks.
pub(crate) struct GroupBook {
    policy: Policy,
    programs: HashMap<phien_core::program::ProgramCode, ProgramRates>,
    members: Vec<Member>,
    loans: Vec<LoanRecord>,
    savings: HashMap<MemberId, Dong>,
}

pub(crate) fn group_book(
    conn: &Connection,
    group: GroupId,
    date: NaiveDate,
) -> Result<GroupBook, StoreError> {
    Ok(GroupBook {
        policy: load_policy(conn)?,
        programs: load_programs(conn)?,
        members: members_of_group(conn, group)?,
        loans: load_loans(conn, Scope::Group(group))?,
        savings: savings_balances(conn, group, date)?,
    })
}

impl GroupBook {
    pub(crate) fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The position of a loan on `date` if `principal` more is repaid that day.
    /// Interest accrues on each day's closing principal, so a repayment on the
    /// session day lowers that day's interest.
    fn position_with_repayment(
        &self,
        record: &LoanRecord,
        date: NaiveDate,
        principal: Dong,
    ) -> Result<LoanPosition, StoreError> {
        if !principal.is_positive() {
            return position_of(record, &self.programs, &self.policy, date);
        }
        let mut with = record.clone();
        with.flows.push(LoanFlow {
            kind: EntryKind::PrincipalRepayment,
            date,
            amount: principal,
        });
        position_of(&with, &self.programs, &self.policy, date)
    }

    /// The collection list (13/TD) on `date`: every member, with their loans
    /// that still owe principal or interest. Interest due assumes the
    /// principal due that day is paid that day, as the list asks.
    pub(crate) fn collection_list(&self, date: NaiveDate) -> Result<Vec<MemberDue>, StoreError> {
        let mut by_member: HashMap<MemberId, Vec<LoanDue>> = HashMap::new();
        for record in &self.loans {
            if record.loan.disbursed_on > date {
                continue;
            }
            let p = position_of(record, &self.programs, &self.policy, date)?;
            if !p.outstanding.is_positive() && !p.interest_due.is_positive() {
                continue;
            }
            let interest = if p.principal_due.is_positive() {
                self.position_with_repayment(record, date, p.principal_due)?
            } else {
                p.clone()
            };
            by_member
                .entry(record.loan.member_id)
                .or_default()
                .push(LoanDue {
                    loan_id: record.loan.id,
                    account_no: record.loan.account_no.clone(),
                    program: record.loan.program.clone(),
                    disbursed_on: record.loan.disbursed_on,
                    outstanding: p.outstanding,
                    overdue: p.overdue,
                    principal_due: p.principal_due,
                    interest_due: interest.interest_due,
                    interest_due_without_principal: p.interest_due,
                    interest_arrears: interest.interest_arrears,
                });
        }
        Ok(self
            .members
            .iter()
            .map(|m| MemberDue {
                loans: by_member.remove(&m.id).unwrap_or_default(),
                savings_balance: self.savings.get(&m.id).copied().unwrap_or_default(),
                member_id: m.id,
                customer_code: m.customer_code.clone(),
                full_name: m.full_name.clone(),
            })
            .collect())
    }

    /// Interest due on a loan on `date` once `principal` is repaid that day.
    pub(crate) fn interest_due_after(
        &self,
        loan: phien_core::ids::LoanId,
        date: NaiveDate,
        principal: Dong,
    ) -> Result<Dong, StoreError> {
        let record = self
            .loans
            .iter()
            .find(|r| r.loan.id == loan)
            .ok_or_else(|| StoreError::NotFound {
                what: "khế ước",
                key: loan.to_string(),
            })?;
        Ok(self
            .position_with_repayment(record, date, principal)?
            .interest_due)
    }

    /// Name of a member of the group.
    pub(crate) fn member_name(&self, member: MemberId) -> String {
        self.members
            .iter()
            .find(|m| m.id == member)
            .map_or_else(|| member.to_string(), |m| m.full_name.clone())
    }
}

/// The collection list (13/TD) of a group on `date`.
pub(crate) fn collection_list(
    conn: &Connection,
    group: GroupId,
    date: NaiveDate,
) -> Result<Vec<MemberDue>, StoreError> {
    group_book(conn, group, date)?.collection_list(date)
}

/// The whole point's loans, for reports.
pub struct PointBook {
    /// Rules in force.
    pub policy: Policy,
    /// Loans.
    pub loans: Vec<LoanRecord>,
    programs: HashMap<phien_core::program::ProgramCode, ProgramRates>,
}

impl PointBook {
    /// A loan's position on `as_of`, with its program's rates and the point's rules.
    pub fn position(
        &self,
        record: &LoanRecord,
        as_of: NaiveDate,
    ) -> Result<LoanPosition, StoreError> {
        position_of(record, &self.programs, &self.policy, as_of)
    }
}

/// A line of a statement (sao kê).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    /// Entry id.
    pub entry_id: EntryId,
    /// Kind.
    pub kind: EntryKind,
    /// Loan account, for loan entries.
    pub account_no: Option<String>,
    /// Value date.
    pub value_date: NaiveDate,
    /// Amount.
    pub amount: Dong,
    /// Session.
    pub session_id: Option<SessionId>,
    /// Receipt.
    pub receipt_no: Option<String>,
    /// Reversed by a later entry.
    pub reversed: bool,
    /// For a reversal: the entry it cancels and why.
    pub reverses: Option<EntryId>,
    /// Reason of a reversal.
    pub reason: Option<String>,
}

/// One loan in a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanStatement {
    /// Terms and schedule.
    pub loan: Loan,
    /// Program name.
    pub program_name: String,
    /// Position on the date.
    pub position: LoanPosition,
    /// Risk decisions.
    pub decisions: Vec<RiskDecision>,
}

/// A borrower's statement on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberStatement {
    /// Borrower.
    pub member: Member,
    /// Group name.
    pub group_name: String,
    /// Date.
    pub as_of: NaiveDate,
    /// Loans.
    pub loans: Vec<LoanStatement>,
    /// Savings balance.
    pub savings_balance: Dong,
    /// Every entry, oldest first.
    pub entries: Vec<StatementLine>,
    /// Status history, oldest first.
    pub status: Vec<phien_core::status::StatusEvent>,
    /// Tracing log.
    pub traces: Vec<phien_core::status::Trace>,
}

pub(crate) fn member_statement(
    conn: &Connection,
    member_id: MemberId,
    as_of: NaiveDate,
) -> Result<MemberStatement, StoreError> {
    let member = crate::org::member_by_id(conn, member_id)?;
    let group_name: String = conn.query_row(
        "SELECT name FROM savings_group WHERE id = ?1",
        [member.group_id.0.to_string()],
        |r| r.get(0),
    )?;
    let policy = load_policy(conn)?;
    let programs = load_programs(conn)?;
    let mut loans = Vec::new();
    for record in load_loans(conn, Scope::Member(member_id))? {
        let position = position_of(&record, &programs, &policy, as_of)?;
        let program_name = programs
            .get(&record.loan.program)
            .map(|p| p.program.name_vi.clone())
            .unwrap_or_default();
        loans.push(LoanStatement {
            loan: record.loan,
            program_name,
            position,
            decisions: record.decisions,
        });
    }
    let savings_balance = savings_balance(conn, member_id, as_of)?;
    let mut stmt = conn.prepare(
        "SELECT e.id, e.kind, l.account_no, e.value_date, e.amount, e.session_id, e.receipt_no,
                EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id), e.reverses_id, e.reason
         FROM ledger_entry e LEFT JOIN loan l ON l.id = e.loan_id
         WHERE e.member_id = ?1 AND e.value_date <= ?2 ORDER BY e.value_date, e.recorded_at, e.id",
    )?;
    let mut entries = Vec::new();
    let mut rows = stmt.query(params![member_id.0.to_string(), crate::codec::date(as_of)])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        entries.push(StatementLine {
            entry_id: EntryId(parse_uuid(&r.get::<_, String>(0)?)?),
            kind: EntryKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?,
            account_no: r.get(2)?,
            value_date: parse_date(&r.get::<_, String>(3)?)?,
            amount: Dong(r.get(4)?),
            session_id: r
                .get::<_, Option<String>>(5)?
                .map(|s| parse_uuid(&s).map(SessionId))
                .transpose()?,
            receipt_no: r.get(6)?,
            reversed: r.get(7)?,
            reverses: r
                .get::<_, Option<String>>(8)?
                .map(|s| parse_uuid(&s).map(EntryId))
                .transpose()?,
            reason: r.get(9)?,
        });
    }
    let status = crate::records::status_events(conn, member_id)?;
    let traces = crate::records::traces_of_member(conn, member_id)?;
    Ok(MemberStatement {
        member,
        group_name,
        as_of,
        loans,
        savings_balance,
        entries,
        status,
        traces,
    })
}

/// The credit quality summary of the point on `as_of`: a view of the
/// credit report.
pub(crate) fn quality_summary(
    conn: &Connection,
    as_of: NaiveDate,
) -> Result<QualitySummary, StoreError> {
    let report = crate::report::ReportData::load(conn, as_of, false)?
        .measure(as_of, |book| book.credit_report())?;
    Ok(QualitySummary::from_report(&report, "Điểm giao dịch"))
}

pub(crate) fn load_point_book(conn: &Connection) -> Result<PointBook, StoreError> {
    Ok(PointBook {
        policy: load_policy(conn)?,
        loans: load_loans(conn, Scope::All)?,
        programs: load_programs(conn)?,
    })
}
