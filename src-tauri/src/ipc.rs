//! The data that crosses the IPC boundary, exactly as `docs/ipc.md` defines
//! it: camelCase keys, whole đồng as JSON numbers, ISO dates (`YYYY-MM-DD`),
//! UUID strings. Every DTO is converted by hand from the store's and the
//! core's types, so a change there cannot silently change the wire format.

use chrono::NaiveDate;
use phien_core::collection::CollectionError;
use phien_store::StoreError;
use serde::{Deserialize, Serialize};

pub mod export;
pub mod report;

/// A refused or failed command. The UI branches on `code`, never on
/// `message`; `rows` is present only for `collection_invalid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpcError {
    /// Stable code (`collection_invalid`, `session_closed`, `not_found`, …).
    pub code: String,
    /// Vietnamese, names the field and the value.
    pub message: String,
    /// One per bad cell, for `collection_invalid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RowError>>,
}

/// One refused cell of a collection list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// Member of the row.
    pub member_id: String,
    /// Field (Vietnamese column of 13/TD).
    pub field: String,
    /// Stable code (`overpayment`, `savings_below_zero`, …).
    pub code: String,
    /// Vietnamese message naming the member, the field and the value.
    pub message: String,
}

impl IpcError {
    /// An error with a code and a message, no rows.
    pub fn new(code: &str, message: impl Into<String>) -> IpcError {
        IpcError {
            code: code.to_string(),
            message: message.into(),
            rows: None,
        }
    }

    /// Input the shell itself could not read (a bad date, id or count).
    pub fn invalid_input(message: impl Into<String>) -> IpcError {
        IpcError::new("invalid_input", message)
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for IpcError {}

impl From<&CollectionError> for RowError {
    fn from(e: &CollectionError) -> RowError {
        RowError {
            member_id: e.member_id.to_string(),
            field: e.field.to_string(),
            code: e.code.to_string(),
            message: e.to_string(),
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> IpcError {
        let rows = match &e {
            StoreError::Collection(errors) => Some(errors.iter().map(RowError::from).collect()),
            _ => None,
        };
        IpcError {
            code: e.code().to_string(),
            message: e.to_string(),
            rows,
        }
    }
}

/// An ISO date for the wire.
pub fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Reads an ISO date (`YYYY-MM-DD`) from the UI.
pub fn parse_iso(field: &str, text: &str) -> Result<NaiveDate, IpcError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        IpcError::invalid_input(format!(
            "{field} = «{text}»: ngày không hợp lệ (cần dạng YYYY-MM-DD)"
        ))
    })
}

/// Reads a UUID id from the UI.
pub fn parse_id<T: std::str::FromStr>(field: &str, text: &str) -> Result<T, IpcError> {
    text.trim()
        .parse()
        .map_err(|_| IpcError::invalid_input(format!("{field} = «{text}»: mã không hợp lệ")))
}

/// The home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Home {
    /// Point name.
    pub point_name: String,
    /// District office name.
    pub office_name: String,
    /// Fixed monthly transaction day.
    pub fixed_day: u32,
    /// Today (the laptop's date, or `PHIEN_TODAY`).
    pub today: String,
    /// Next fixed day on or after today.
    pub next_session_date: String,
    /// The session held today, if any.
    pub today_session: Option<Session>,
    /// Credit-quality figures to watch.
    pub watch: Watch,
    /// Sync state.
    pub sync: SyncState,
    /// The data file.
    pub db_path: String,
}

/// The credit-quality figures on the home screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Watch {
    /// Loans with overdue principal.
    pub overdue_loans: u32,
    /// Overdue principal.
    pub overdue_amount: i64,
    /// Loans with interest arrears.
    pub arrears_loans: u32,
    /// Interest arrears.
    pub arrears_amount: i64,
    /// Loans inactive for three months.
    pub inactive_loans: u32,
    /// Their outstanding.
    pub inactive_amount: i64,
    /// Borrowers who moved away and still owe.
    pub moved_away_borrowers: u32,
    /// Their outstanding.
    pub moved_away_amount: i64,
}

impl From<&phien_core::quality::QualityFigures> for Watch {
    fn from(f: &phien_core::quality::QualityFigures) -> Watch {
        Watch {
            overdue_loans: f.n_overdue_loans,
            overdue_amount: f.overdue.get(),
            arrears_loans: f.n_arrears_loans,
            arrears_amount: f.interest_arrears.get(),
            inactive_loans: f.n_inactive,
            inactive_amount: f.inactive_outstanding.get(),
            moved_away_borrowers: f.n_moved_away_with_debt,
            moved_away_amount: f.moved_away_outstanding.get(),
        }
    }
}

/// The device's sync state, as the home screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    /// `not_configured` (never enrolled), `never` (enrolled, not synced
    /// yet), `ok` (the last attempt finished), `error` (the last attempt
    /// failed; `lastError` says why).
    pub state: String,
    /// The server, once enrolled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// When the last sync finished (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync_at: Option<String>,
    /// Why the last attempt failed (Vietnamese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Changes of this laptop the server has not acknowledged yet.
    #[serde(default)]
    pub pending: i64,
    /// Items set aside (refused by the server, or not applicable here).
    #[serde(default)]
    pub quarantined: i64,
    /// What the laptop was enrolled as: `point`, `group_leader` or
    /// `supervisor` (only a supervisor's laptop is offered the district's
    /// report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl SyncState {
    /// From the store's sync link.
    pub fn from_link(link: Option<&phien_store::SyncLink>) -> SyncState {
        let Some(link) = link else {
            return SyncState {
                state: "not_configured".into(),
                server: None,
                last_sync_at: None,
                last_error: None,
                pending: 0,
                quarantined: 0,
                scope: None,
            };
        };
        let state = if link.last_error.is_some() {
            "error"
        } else if link.last_sync_at.is_some() {
            "ok"
        } else {
            "never"
        };
        SyncState {
            state: state.into(),
            server: Some(link.server_url.clone()),
            last_sync_at: link.last_sync_at.clone(),
            last_error: link.last_error.clone(),
            pending: link.pending,
            quarantined: link.quarantined,
            scope: Some(link.scope.kind.clone()),
        }
    }
}

/// What `sync_now` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncOutcome {
    /// Own changes sent.
    pub sent: u64,
    /// Of those, settled by the server.
    pub acknowledged: u64,
    /// Of those, refused (kept aside with reasons).
    pub refused: u64,
    /// Changes of other devices received.
    pub received: u64,
    /// The state after it.
    pub state: SyncState,
}

impl From<phien_sync::SyncError> for IpcError {
    fn from(e: phien_sync::SyncError) -> IpcError {
        IpcError {
            code: e.code().to_string(),
            message: e.to_string(),
            rows: None,
        }
    }
}

/// A staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    /// Code (`CB03`).
    pub code: String,
    /// Name.
    pub full_name: String,
    /// Role code (`team_leader`, `controller`, `teller`, …).
    pub role: String,
}

impl From<&phien_store::Staff> for StaffMember {
    fn from(s: &phien_store::Staff) -> StaffMember {
        StaffMember {
            code: s.code.clone(),
            full_name: s.full_name.clone(),
            role: s.role.code().to_string(),
        }
    }
}

/// A savings-and-loan group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// Id.
    pub id: String,
    /// Code (`T01`).
    pub code: String,
    /// Name.
    pub name: String,
    /// Village.
    pub village: String,
    /// Association, in Vietnamese.
    pub association: String,
    /// Leader's name.
    pub leader_name: Option<String>,
    /// Number of members.
    pub n_members: u32,
}

impl From<&phien_store::GroupInfo> for Group {
    fn from(g: &phien_store::GroupInfo) -> Group {
        Group {
            id: g.id.to_string(),
            code: g.code.clone(),
            name: g.name.clone(),
            village: g.village.clone(),
            association: g.association.name_vi().to_string(),
            leader_name: g.leader_name.clone(),
            n_members: g.n_members,
        }
    }
}

/// A group's collection list (mẫu 13/TD) on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionList {
    /// The group.
    pub group: Group,
    /// The date.
    pub date: String,
    /// One row per member.
    pub members: Vec<MemberDue>,
    /// Smallest savings deposit (policy `min_savings_deposit`).
    pub min_savings_deposit: i64,
}

/// One member's row of 13/TD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberDue {
    /// Member.
    pub member_id: String,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub full_name: String,
    /// Outstanding principal over all loans.
    pub outstanding: i64,
    /// Interest due, the figure the list shows (principal due repaid that day).
    pub interest_due: i64,
    /// The most interest the member may pay (no principal repaid that day).
    pub interest_ceiling: i64,
    /// Interest arrears.
    pub interest_arrears: i64,
    /// Principal due.
    pub principal_due: i64,
    /// Savings balance.
    pub savings_balance: i64,
}

impl From<&phien_core::collection::MemberDue> for MemberDue {
    fn from(m: &phien_core::collection::MemberDue) -> MemberDue {
        MemberDue {
            member_id: m.member_id.to_string(),
            customer_code: m.customer_code.clone(),
            full_name: m.full_name.clone(),
            outstanding: m.outstanding().get(),
            interest_due: m.interest_due().get(),
            interest_ceiling: m.interest_ceiling().get(),
            interest_arrears: m.interest_arrears().get(),
            principal_due: m.principal_due().get(),
            savings_balance: m.savings_balance.get(),
        }
    }
}

/// What was collected from one member (one typed row of 13/TD).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionRow {
    /// Member.
    pub member_id: String,
    /// Thu lãi (cash).
    pub interest: i64,
    /// Thu nợ gốc.
    pub principal: i64,
    /// Gửi tiết kiệm.
    pub savings_deposit: i64,
    /// Rút tiết kiệm.
    pub savings_withdrawal: i64,
    /// Thu lãi từ tiết kiệm.
    pub interest_from_savings: i64,
    /// Receipt 01/BL number.
    pub receipt_no: Option<String>,
}

impl CollectionRow {
    /// The core's input for this row.
    pub fn to_input(&self) -> Result<phien_core::collection::CollectionInput, IpcError> {
        use phien_core::money::Dong;
        Ok(phien_core::collection::CollectionInput {
            member_id: parse_id("memberId", &self.member_id)?,
            interest: Dong(self.interest),
            principal: Dong(self.principal),
            savings_deposit: Dong(self.savings_deposit),
            savings_withdrawal: Dong(self.savings_withdrawal),
            interest_from_savings: Dong(self.interest_from_savings),
            receipt_no: self
                .receipt_no
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
        })
    }
}

/// What recording a group's collection did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionReceipt {
    /// Ledger entries appended.
    pub n_entries: usize,
    /// Cash the list adds up to.
    pub cash: i64,
    /// The session the entries belong to, if any.
    pub session_id: Option<String>,
    /// One receipt (01/BL) per member who paid something, in list order.
    pub receipts: Vec<MemberReceipt>,
}

/// What one member paid with a saved list, for their receipt (biên lai 01/BL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberReceipt {
    /// Member.
    pub member_id: String,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub member_name: String,
    /// Receipt number typed on the list, if any.
    pub receipt_no: Option<String>,
    /// Thu lãi.
    pub interest: i64,
    /// Thu nợ gốc.
    pub principal: i64,
    /// Gửi tiết kiệm.
    pub savings_deposit: i64,
    /// Rút tiết kiệm (paid out to the member).
    pub savings_withdrawal: i64,
    /// Thu lãi từ tiết kiệm (a transfer, no cash).
    pub interest_from_savings: i64,
    /// Cash received from the member: interest + principal + deposit.
    pub total: i64,
    /// `total` in Vietnamese words.
    pub total_in_words: String,
}

impl CollectionReceipt {
    /// The DTO of a saved list; `members` names the group's members.
    pub fn new(
        r: &phien_store::CollectionReceipt,
        inputs: &[phien_core::collection::CollectionInput],
        members: &[phien_core::org::Member],
    ) -> CollectionReceipt {
        use phien_core::money::Dong;
        let receipts = inputs
            .iter()
            .filter(|i| {
                [
                    i.interest,
                    i.principal,
                    i.savings_deposit,
                    i.savings_withdrawal,
                    i.interest_from_savings,
                ]
                .iter()
                .any(|a| a.is_positive())
            })
            .map(|i| {
                let member = members.iter().find(|m| m.id == i.member_id);
                let total: Dong = i.interest + i.principal + i.savings_deposit;
                MemberReceipt {
                    member_id: i.member_id.to_string(),
                    customer_code: member.map(|m| m.customer_code.clone()).unwrap_or_default(),
                    member_name: member.map(|m| m.full_name.clone()).unwrap_or_default(),
                    receipt_no: i.receipt_no.clone(),
                    interest: i.interest.get(),
                    principal: i.principal.get(),
                    savings_deposit: i.savings_deposit.get(),
                    savings_withdrawal: i.savings_withdrawal.get(),
                    interest_from_savings: i.interest_from_savings.get(),
                    total: total.get(),
                    total_in_words: phien_core::words::in_words(total),
                }
            })
            .collect();
        CollectionReceipt {
            n_entries: r.entries.len(),
            cash: r.cash.get(),
            session_id: r.session_id.map(|s| s.to_string()),
            receipts,
        }
    }
}

/// A transaction session with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Id.
    pub id: String,
    /// Date.
    pub date: String,
    /// Closed.
    pub closed: bool,
    /// Team leader, controller, teller (names).
    pub team: [String; 3],
    /// Cash brought from the district office.
    pub opening_cash: i64,
    /// Cash expected from the entries.
    pub expected_cash: i64,
    /// Cash counted at close.
    pub counted_cash: Option<i64>,
    /// Counted − expected.
    pub difference: Option<i64>,
    /// Note on the difference.
    pub difference_note: Option<String>,
    /// Totals per entry kind.
    pub totals: Vec<SessionTotal>,
    /// Handovers by group.
    pub handovers: Vec<SessionHandover>,
}

/// Totals of one entry kind in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionTotal {
    /// Entry kind code (`interest_payment`, …).
    pub kind: String,
    /// Vietnamese label.
    pub label: String,
    /// Number of entries.
    pub count: u32,
    /// Sum.
    pub amount: i64,
}

/// A group's cash handover in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionHandover {
    /// Group (code and name).
    pub group: String,
    /// What the group's list adds up to.
    pub expected: i64,
    /// Cash handed over.
    pub handed_over: i64,
    /// Note on any difference.
    pub note: Option<String>,
}

impl From<&phien_store::SessionSummary> for Session {
    fn from(s: &phien_store::SessionSummary) -> Session {
        Session {
            id: s.id.to_string(),
            date: iso(s.date),
            closed: s.closed_at.is_some(),
            team: s.team.clone(),
            opening_cash: s.opening_cash.get(),
            expected_cash: s.expected_cash.get(),
            counted_cash: s.counted_cash.map(|d| d.get()),
            difference: s.difference.map(|d| d.get()),
            difference_note: s.difference_note.clone(),
            totals: s
                .totals
                .iter()
                .map(|(kind, count, amount)| SessionTotal {
                    kind: kind.code().to_string(),
                    label: kind.label_vi().to_string(),
                    count: *count,
                    amount: amount.get(),
                })
                .collect(),
            handovers: s
                .handovers
                .iter()
                .map(|(group, h)| SessionHandover {
                    group: group.clone(),
                    expected: h.expected.get(),
                    handed_over: h.handed_over.get(),
                    note: h.note.clone(),
                })
                .collect(),
        }
    }
}

/// A member found by search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// Id.
    pub member_id: String,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub full_name: String,
    /// Citizen ID.
    pub citizen_id: Option<String>,
    /// Village.
    pub village: String,
    /// Group id.
    pub group_id: String,
}

impl From<&phien_core::org::Member> for Member {
    fn from(m: &phien_core::org::Member) -> Member {
        Member {
            member_id: m.id.to_string(),
            customer_code: m.customer_code.clone(),
            full_name: m.full_name.clone(),
            citizen_id: m.citizen_id.clone(),
            village: m.village.clone(),
            group_id: m.group_id.to_string(),
        }
    }
}

/// A borrower's statement (sao kê) on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// The date the figures are computed for.
    pub date: String,
    /// The borrower.
    pub member: StatementMember,
    /// Loans, oldest first.
    pub loans: Vec<StatementLoan>,
    /// Savings balance on the date.
    pub savings_balance: i64,
    /// Every entry with a value date on or before the date, oldest first.
    pub entries: Vec<StatementEntry>,
    /// The status that holds on the date (latest event learned by then).
    pub current_status: Option<StatusEntry>,
    /// Status history, oldest first.
    pub status: Vec<StatusEntry>,
    /// Tracing log of a borrower who moved away, oldest first.
    pub traces: Vec<TraceEntry>,
}

/// Who the borrower is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementMember {
    /// Id.
    pub member_id: String,
    /// Customer code.
    pub customer_code: String,
    /// Name with diacritics.
    pub full_name: String,
    /// Citizen ID (CCCD).
    pub citizen_id: Option<String>,
    /// Birth year.
    pub birth_year: Option<u32>,
    /// Village.
    pub village: String,
    /// Phone.
    pub phone: Option<String>,
    /// Group id.
    pub group_id: String,
    /// Group code (`T01`).
    pub group_code: String,
    /// Group name.
    pub group_name: String,
}

/// One loan of a statement, with its position on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementLoan {
    /// Id.
    pub loan_id: String,
    /// Account number (số khế ước).
    pub account_no: String,
    /// Program, in Vietnamese.
    pub program_name: String,
    /// Disbursement date.
    pub disbursed_on: String,
    /// Agreed amount.
    pub amount: i64,
    /// Term in months.
    pub term_months: u32,
    /// Status code (`current`, `overdue`, `frozen`, `extended`, `written_off`, `closed`).
    pub status: String,
    /// Status, in Vietnamese.
    pub status_label: String,
    /// Outstanding principal.
    pub outstanding: i64,
    /// Of which current.
    pub current: i64,
    /// Of which overdue.
    pub overdue: i64,
    /// Of which frozen.
    pub frozen: i64,
    /// Interest due.
    pub interest_due: i64,
    /// Interest arrears (lãi tồn).
    pub interest_arrears: i64,
    /// No activity for three months.
    pub inactive: bool,
    /// Last payment (or disbursement).
    pub last_activity: Option<String>,
    /// Principal installments.
    pub schedule: Vec<ScheduleLine>,
    /// Risk-handling decisions.
    pub decisions: Vec<DecisionLine>,
}

/// One installment of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLine {
    /// Number (kỳ).
    pub seq: u32,
    /// Due date.
    pub due_on: String,
    /// Principal due.
    pub amount: i64,
}

/// A risk-handling decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionLine {
    /// Decision number.
    pub decision_no: String,
    /// Decision date.
    pub decided_on: String,
    /// Measure code (`extension`, `freeze`, `write_off`).
    pub measure_code: String,
    /// Measure, in Vietnamese (`Gia hạn nợ`, `Khoanh nợ`, `Xóa nợ`).
    pub measure: String,
    /// What it does, in Vietnamese (dates dd/mm/yyyy, amounts in đồng).
    pub detail: String,
    /// Cause.
    pub reason: String,
    /// Extension: the new due date.
    pub new_due_on: Option<String>,
    /// Extension: the installment moved (`None`: every earlier one).
    pub installment_seq: Option<u32>,
    /// Freeze: first frozen day.
    pub frozen_from: Option<String>,
    /// Freeze: last frozen day (`None`: open-ended).
    pub frozen_until: Option<String>,
    /// Write-off: principal written off.
    pub principal: Option<i64>,
    /// Write-off: interest written off.
    pub interest: Option<i64>,
}

/// A ledger entry as a statement shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementEntry {
    /// Id.
    pub entry_id: String,
    /// Kind code (`interest_payment`, `reversal`, …).
    pub kind: String,
    /// Kind, in Vietnamese.
    pub kind_label: String,
    /// Loan account, for loan entries.
    pub account_no: Option<String>,
    /// Value date.
    pub value_date: String,
    /// Amount.
    pub amount: i64,
    /// Receipt number.
    pub receipt_no: Option<String>,
    /// Session.
    pub session_id: Option<String>,
    /// Cancelled by a reversal.
    pub reversed: bool,
    /// For a reversal: the entry it cancels.
    pub reverses: Option<String>,
    /// For a reversal: why.
    pub reason: Option<String>,
}

impl From<&phien_store::StatementLine> for StatementEntry {
    fn from(l: &phien_store::StatementLine) -> StatementEntry {
        StatementEntry {
            entry_id: l.entry_id.to_string(),
            kind: l.kind.code().to_string(),
            kind_label: l.kind.label_vi().to_string(),
            account_no: l.account_no.clone(),
            value_date: iso(l.value_date),
            amount: l.amount.get(),
            receipt_no: l.receipt_no.clone(),
            session_id: l.session_id.map(|s| s.to_string()),
            reversed: l.reversed,
            reverses: l.reverses.map(|e| e.to_string()),
            reason: l.reason.clone(),
        }
    }
}

/// A status event (moved away, returned, deceased, missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusEntry {
    /// Id (a tracing request names the event it follows up).
    pub event_id: String,
    /// Code (`moved_away`, `returned`, `deceased`, `missing`).
    pub kind: String,
    /// In Vietnamese.
    pub label: String,
    /// When the bank learned it.
    pub learned_on: String,
    /// Where the borrower went.
    pub destination: Option<String>,
    /// Who said so.
    pub source: String,
    /// Note.
    pub note: Option<String>,
}

impl From<&phien_core::status::StatusEvent> for StatusEntry {
    fn from(e: &phien_core::status::StatusEvent) -> StatusEntry {
        StatusEntry {
            event_id: e.id.to_string(),
            kind: e.kind.code().to_string(),
            label: e.kind.label_vi().to_string(),
            learned_on: iso(e.learned_on),
            destination: e.destination.clone(),
            source: e.source.clone(),
            note: e.note.clone(),
        }
    }
}

/// One line of the tracing log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    /// Id (an answer names the request it answers).
    pub trace_id: String,
    /// The status event it follows up.
    pub event_id: String,
    /// Agency code (`police`, `social_insurance`, `tax`, `other`).
    pub agency: String,
    /// Agency, in Vietnamese.
    pub agency_label: String,
    /// When asked.
    pub asked_on: String,
    /// Answer, once received.
    pub answer: Option<String>,
    /// When answered.
    pub answered_on: Option<String>,
}

impl From<&phien_core::status::Trace> for TraceEntry {
    fn from(t: &phien_core::status::Trace) -> TraceEntry {
        TraceEntry {
            trace_id: t.id.to_string(),
            event_id: t.event_id.to_string(),
            agency: t.agency.code().to_string(),
            agency_label: t.agency.label_vi().to_string(),
            asked_on: iso(t.asked_on),
            answer: t.answer.clone(),
            answered_on: t.answered_on.map(iso),
        }
    }
}

/// A loan status's wire code.
pub fn loan_status_code(status: phien_core::loan::LoanStatus) -> &'static str {
    use phien_core::loan::LoanStatus;
    match status {
        LoanStatus::Current => "current",
        LoanStatus::Overdue => "overdue",
        LoanStatus::Frozen => "frozen",
        LoanStatus::Extended => "extended",
        LoanStatus::WrittenOff => "written_off",
        LoanStatus::Closed => "closed",
    }
}

fn vn_day(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

impl From<&phien_core::risk::RiskDecision> for DecisionLine {
    fn from(d: &phien_core::risk::RiskDecision) -> DecisionLine {
        use phien_core::risk::RiskMeasure;
        let detail = match &d.measure {
            RiskMeasure::Extension {
                new_due_on,
                installment_seq: Some(seq),
            } => format!("Kỳ {seq} chuyển hạn trả đến {}", vn_day(*new_due_on)),
            RiskMeasure::Extension {
                new_due_on,
                installment_seq: None,
            } => format!(
                "Các kỳ đến hạn trước đó chuyển hạn trả đến {}",
                vn_day(*new_due_on)
            ),
            RiskMeasure::Freeze {
                from,
                until: Some(until),
            } => format!("Từ {} đến {}", vn_day(*from), vn_day(*until)),
            RiskMeasure::Freeze { from, until: None } => {
                format!("Từ {}, chưa có ngày kết thúc", vn_day(*from))
            }
            RiskMeasure::WriteOff {
                principal,
                interest,
            } => format!("Gốc {principal}, lãi {interest}"),
        };
        let mut line = DecisionLine {
            decision_no: d.decision_no.clone(),
            decided_on: iso(d.decided_on),
            measure_code: d.measure.code().to_string(),
            measure: d.measure.label_vi().to_string(),
            detail,
            reason: d.reason.clone(),
            new_due_on: None,
            installment_seq: None,
            frozen_from: None,
            frozen_until: None,
            principal: None,
            interest: None,
        };
        match &d.measure {
            RiskMeasure::Extension {
                new_due_on,
                installment_seq,
            } => {
                line.new_due_on = Some(iso(*new_due_on));
                line.installment_seq = *installment_seq;
            }
            RiskMeasure::Freeze { from, until } => {
                line.frozen_from = Some(iso(*from));
                line.frozen_until = until.map(iso);
            }
            RiskMeasure::WriteOff {
                principal,
                interest,
            } => {
                line.principal = Some(principal.get());
                line.interest = Some(interest.get());
            }
        }
        line
    }
}

impl From<&phien_store::LoanStatement> for StatementLoan {
    fn from(l: &phien_store::LoanStatement) -> StatementLoan {
        let p = &l.position;
        StatementLoan {
            loan_id: l.loan.id.to_string(),
            account_no: l.loan.account_no.clone(),
            program_name: l.program_name.clone(),
            disbursed_on: iso(l.loan.disbursed_on),
            amount: l.loan.amount.get(),
            term_months: l.loan.term_months,
            status: loan_status_code(p.status).to_string(),
            status_label: p.status.label_vi().to_string(),
            outstanding: p.outstanding.get(),
            current: p.current.get(),
            overdue: p.overdue.get(),
            frozen: p.frozen.get(),
            interest_due: p.interest_due.get(),
            interest_arrears: p.interest_arrears.get(),
            inactive: p.inactive,
            last_activity: p.last_activity.map(iso),
            schedule: l
                .loan
                .installments
                .iter()
                .map(|i| ScheduleLine {
                    seq: i.seq,
                    due_on: iso(i.due_on),
                    amount: i.amount.get(),
                })
                .collect(),
            decisions: l.decisions.iter().map(DecisionLine::from).collect(),
        }
    }
}

impl Statement {
    /// The statement DTO; the group's code and name come from the caller.
    pub fn new(s: &phien_store::MemberStatement, group_code: &str) -> Statement {
        let m = &s.member;
        Statement {
            date: iso(s.as_of),
            member: StatementMember {
                member_id: m.id.to_string(),
                customer_code: m.customer_code.clone(),
                full_name: m.full_name.clone(),
                citizen_id: m.citizen_id.clone(),
                birth_year: m.birth_year,
                village: m.village.clone(),
                phone: m.phone.clone(),
                group_id: m.group_id.to_string(),
                group_code: group_code.to_string(),
                group_name: s.group_name.clone(),
            },
            loans: s.loans.iter().map(StatementLoan::from).collect(),
            savings_balance: s.savings_balance.get(),
            entries: s.entries.iter().map(StatementEntry::from).collect(),
            current_status: phien_core::status::current_status(&s.status, s.as_of)
                .map(StatusEntry::from),
            status: s.status.iter().map(StatusEntry::from).collect(),
            traces: s.traces.iter().map(TraceEntry::from).collect(),
        }
    }
}

// ---- Group page, meetings, borrower status and risk forms

/// A group's page: who is in it, its credit quality, its meetings, and the
/// programs a loan review can approve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPage {
    /// The group.
    pub group: Group,
    /// The date the quality figures are computed for.
    pub date: String,
    /// Members, by name.
    pub members: Vec<GroupMember>,
    /// Credit quality on the date; `None` when the group has no loan.
    pub quality: Option<GroupQuality>,
    /// Meetings, newest first.
    pub meetings: Vec<MeetingRecord>,
    /// Lending programs, by code.
    pub programs: Vec<ProgramChoice>,
}

/// A member on a group's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMember {
    /// Id.
    pub member_id: String,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub full_name: String,
    /// Village.
    pub village: String,
}

impl From<&phien_core::org::Member> for GroupMember {
    fn from(m: &phien_core::org::Member) -> GroupMember {
        GroupMember {
            member_id: m.id.to_string(),
            customer_code: m.customer_code.clone(),
            full_name: m.full_name.clone(),
            village: m.village.clone(),
        }
    }
}

/// A group's credit-quality figures (the quality summary's line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupQuality {
    /// Borrowers with a loan.
    pub n_borrowers: u32,
    /// Loans.
    pub n_loans: u32,
    /// Outstanding principal.
    pub outstanding: i64,
    /// Of which current.
    pub current: i64,
    /// Of which overdue.
    pub overdue: i64,
    /// Of which frozen.
    pub frozen: i64,
    /// Overdue / outstanding in percent, as a decimal string (`"1.25"`).
    pub overdue_ratio_pct: String,
    /// Interest arrears.
    pub interest_arrears: i64,
    /// Loans inactive for three months.
    pub n_inactive: u32,
    /// Their outstanding.
    pub inactive_outstanding: i64,
    /// Borrowers who moved away and still owe.
    pub n_moved_away: u32,
    /// Their outstanding.
    pub moved_away_outstanding: i64,
}

impl From<&phien_core::quality::QualityFigures> for GroupQuality {
    fn from(f: &phien_core::quality::QualityFigures) -> GroupQuality {
        GroupQuality {
            n_borrowers: f.n_borrowers,
            n_loans: f.n_loans,
            outstanding: f.outstanding.get(),
            current: f.current.get(),
            overdue: f.overdue.get(),
            frozen: f.frozen.get(),
            overdue_ratio_pct: f.overdue_ratio_pct.round_dp(2).to_string(),
            interest_arrears: f.interest_arrears.get(),
            n_inactive: f.n_inactive,
            inactive_outstanding: f.inactive_outstanding.get(),
            n_moved_away: f.n_moved_away_with_debt,
            moved_away_outstanding: f.moved_away_outstanding.get(),
        }
    }
}

/// A lending program a loan review can approve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramChoice {
    /// Code (`01`).
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
}

/// One member's attendance at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attendance {
    /// Member.
    pub member_id: String,
    /// Name (filled on the way out; ignored on the way in).
    #[serde(default)]
    pub full_name: String,
    /// `present` (có mặt), `absent` (vắng) or `represented` (ủy quyền).
    pub presence: String,
}

/// A structured decision of a meeting; which fields are used depends on
/// `decision`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDecision {
    /// `loan_request` (bình xét cho vay), `member_admitted`, `member_left`,
    /// `leader_elected` or `text`.
    pub decision: String,
    /// The member concerned (all but `text`).
    #[serde(default)]
    pub member_id: Option<String>,
    /// Their name (filled on the way out).
    #[serde(default)]
    pub member_name: Option<String>,
    /// Loan request: program code.
    #[serde(default)]
    pub program: Option<String>,
    /// Loan request: amount approved (or requested, when refused).
    #[serde(default)]
    pub amount: Option<i64>,
    /// Loan request: term in months.
    #[serde(default)]
    pub term_months: Option<u32>,
    /// Loan request: approved by the meeting.
    #[serde(default)]
    pub approved: Option<bool>,
    /// Loan request: remark or why refused.
    #[serde(default)]
    pub note: Option<String>,
    /// Member left: why.
    #[serde(default)]
    pub reason: Option<String>,
    /// Text decision.
    #[serde(default)]
    pub text: Option<String>,
}

/// A recorded meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingRecord {
    /// Id.
    pub id: String,
    /// Group.
    pub group_id: String,
    /// Date held.
    pub held_on: String,
    /// `monthly`, `loan_review`, `election` or `other`.
    pub kind: String,
    /// Agenda.
    pub agenda: String,
    /// Minutes (biên bản).
    pub minutes: String,
    /// Who recorded it (name).
    pub recorded_by: String,
    /// Attendance, in the order typed.
    pub attendance: Vec<Attendance>,
    /// Decisions, in order.
    pub decisions: Vec<MeetingDecision>,
}

fn presence_code(p: phien_core::meeting::Presence) -> &'static str {
    use phien_core::meeting::Presence;
    match p {
        Presence::Present => "present",
        Presence::Absent => "absent",
        Presence::Represented => "represented",
    }
}

impl MeetingRecord {
    /// The DTO; names come from the caller (`name_of` a member id, and the
    /// recorder's name).
    pub fn new(
        m: &phien_core::meeting::Meeting,
        name_of: &dyn Fn(phien_core::ids::MemberId) -> String,
        recorded_by: String,
    ) -> MeetingRecord {
        use phien_core::meeting::Decision;
        let person = |id: phien_core::ids::MemberId| (Some(id.to_string()), Some(name_of(id)));
        MeetingRecord {
            id: m.id.to_string(),
            group_id: m.group_id.to_string(),
            held_on: iso(m.held_on),
            kind: m.kind.code().to_string(),
            agenda: m.agenda.clone(),
            minutes: m.minutes.clone(),
            recorded_by,
            attendance: m
                .attendance
                .iter()
                .map(|(id, p)| Attendance {
                    member_id: id.to_string(),
                    full_name: name_of(*id),
                    presence: presence_code(*p).to_string(),
                })
                .collect(),
            decisions: m
                .decisions
                .iter()
                .map(|d| match d {
                    Decision::LoanRequest {
                        member_id,
                        program,
                        amount,
                        term_months,
                        approved,
                        note,
                    } => {
                        let (member_id, member_name) = person(*member_id);
                        MeetingDecision {
                            decision: "loan_request".into(),
                            member_id,
                            member_name,
                            program: Some(program.0.clone()),
                            amount: Some(amount.get()),
                            term_months: Some(*term_months),
                            approved: Some(*approved),
                            note: note.clone(),
                            ..MeetingDecision::default()
                        }
                    }
                    Decision::MemberAdmitted { member_id } => {
                        let (member_id, member_name) = person(*member_id);
                        MeetingDecision {
                            decision: "member_admitted".into(),
                            member_id,
                            member_name,
                            ..MeetingDecision::default()
                        }
                    }
                    Decision::MemberLeft { member_id, reason } => {
                        let (member_id, member_name) = person(*member_id);
                        MeetingDecision {
                            decision: "member_left".into(),
                            member_id,
                            member_name,
                            reason: Some(reason.clone()),
                            ..MeetingDecision::default()
                        }
                    }
                    Decision::LeaderElected { member_id } => {
                        let (member_id, member_name) = person(*member_id);
                        MeetingDecision {
                            decision: "leader_elected".into(),
                            member_id,
                            member_name,
                            ..MeetingDecision::default()
                        }
                    }
                    Decision::Text { text } => MeetingDecision {
                        decision: "text".into(),
                        text: Some(text.clone()),
                        ..MeetingDecision::default()
                    },
                })
                .collect(),
        }
    }
}

/// A meeting typed in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewMeeting {
    /// Group.
    pub group_id: String,
    /// Date held.
    pub held_on: String,
    /// `monthly`, `loan_review`, `election` or `other`.
    pub kind: String,
    /// Agenda.
    pub agenda: String,
    /// Minutes.
    pub minutes: String,
    /// Attendance.
    pub attendance: Vec<Attendance>,
    /// Decisions, in order.
    pub decisions: Vec<MeetingDecision>,
}

fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl NewMeeting {
    /// The core's meeting, with the ids given. Only the shape is checked
    /// here (codes, ids, required fields of each decision); the rules are
    /// the store's.
    pub fn to_meeting(
        &self,
        id: phien_core::ids::MeetingId,
        recorded_by: phien_core::ids::StaffId,
    ) -> Result<phien_core::meeting::Meeting, IpcError> {
        use phien_core::meeting::{Decision, Meeting, MeetingKind, Presence};
        use phien_core::money::Dong;
        let kind = MeetingKind::from_code(self.kind.trim()).ok_or_else(|| {
            IpcError::invalid_input(format!(
                "Loại cuộc họp = «{}»: chọn họp định kỳ, bình xét cho vay, bầu tổ trưởng hoặc khác",
                self.kind
            ))
        })?;
        let attendance = self
            .attendance
            .iter()
            .map(|a| {
                let presence = match a.presence.as_str() {
                    "present" => Presence::Present,
                    "absent" => Presence::Absent,
                    "represented" => Presence::Represented,
                    other => {
                        return Err(IpcError::invalid_input(format!(
                            "Điểm danh = «{other}»: chọn có mặt, vắng hoặc ủy quyền"
                        )));
                    }
                };
                Ok((parse_id("Người dự họp", &a.member_id)?, presence))
            })
            .collect::<Result<Vec<_>, IpcError>>()?;
        let decisions = self
            .decisions
            .iter()
            .enumerate()
            .map(|(idx, d)| {
                let n = idx + 1;
                let member = || -> Result<phien_core::ids::MemberId, IpcError> {
                    let id = d.member_id.as_deref().unwrap_or("");
                    if id.trim().is_empty() {
                        return Err(IpcError::invalid_input(format!(
                            "Quyết định thứ {n}: chưa chọn tổ viên"
                        )));
                    }
                    parse_id(&format!("Quyết định thứ {n}: tổ viên"), id)
                };
                Ok(match d.decision.as_str() {
                    "loan_request" => Decision::LoanRequest {
                        member_id: member()?,
                        program: phien_core::program::ProgramCode(
                            trimmed(d.program.as_deref()).ok_or_else(|| {
                                IpcError::invalid_input(format!(
                                    "Quyết định thứ {n}: chưa chọn chương trình cho vay"
                                ))
                            })?,
                        ),
                        amount: Dong(d.amount.unwrap_or(0)),
                        term_months: d.term_months.unwrap_or(0),
                        approved: d.approved.unwrap_or(true),
                        note: trimmed(d.note.as_deref()),
                    },
                    "member_admitted" => Decision::MemberAdmitted {
                        member_id: member()?,
                    },
                    "member_left" => Decision::MemberLeft {
                        member_id: member()?,
                        reason: trimmed(d.reason.as_deref()).ok_or_else(|| {
                            IpcError::invalid_input(format!(
                                "Quyết định thứ {n}: lý do ra khỏi tổ không được để trống"
                            ))
                        })?,
                    },
                    "leader_elected" => Decision::LeaderElected {
                        member_id: member()?,
                    },
                    "text" => Decision::Text {
                        text: trimmed(d.text.as_deref()).ok_or_else(|| {
                            IpcError::invalid_input(format!(
                                "Quyết định thứ {n}: nội dung không được để trống"
                            ))
                        })?,
                    },
                    other => {
                        return Err(IpcError::invalid_input(format!(
                            "Quyết định thứ {n} = «{other}»: loại quyết định không hợp lệ"
                        )));
                    }
                })
            })
            .collect::<Result<Vec<_>, IpcError>>()?;
        Ok(Meeting {
            id,
            group_id: parse_id("groupId", &self.group_id)?,
            held_on: parse_iso("Ngày họp", &self.held_on)?,
            kind,
            agenda: self.agenda.trim().to_string(),
            attendance,
            decisions,
            minutes: self.minutes.trim().to_string(),
            recorded_by,
        })
    }
}

/// A risk-handling decision typed in the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDecision {
    /// The loan.
    pub loan_id: String,
    /// Decision number.
    pub decision_no: String,
    /// Decision date.
    pub decided_on: String,
    /// `extension`, `freeze` or `write_off`.
    pub measure: String,
    /// Extension: new due date.
    #[serde(default)]
    pub new_due_on: Option<String>,
    /// Extension: which installment (`None`: every earlier one).
    #[serde(default)]
    pub installment_seq: Option<u32>,
    /// Freeze: first frozen day (default: the decision date).
    #[serde(default)]
    pub frozen_from: Option<String>,
    /// Freeze: last frozen day (`None`: open-ended).
    #[serde(default)]
    pub frozen_until: Option<String>,
    /// Write-off: principal (default 0).
    #[serde(default)]
    pub principal: Option<i64>,
    /// Write-off: interest (default 0).
    #[serde(default)]
    pub interest: Option<i64>,
    /// Cause.
    pub reason: String,
}

impl NewDecision {
    /// The core's decision with the id given; only the shape is checked
    /// here, the rules are the core's and the store's.
    pub fn to_decision(
        &self,
        id: phien_core::ids::DecisionId,
    ) -> Result<phien_core::risk::RiskDecision, IpcError> {
        use phien_core::money::Dong;
        use phien_core::risk::{RiskDecision, RiskMeasure};
        let decided_on = parse_iso("Ngày quyết định", &self.decided_on)?;
        let optional_day = |field: &str, text: &Option<String>| {
            trimmed(text.as_deref())
                .map(|t| parse_iso(field, &t))
                .transpose()
        };
        let measure = match self.measure.as_str() {
            "extension" => RiskMeasure::Extension {
                new_due_on: optional_day("Hạn trả mới", &self.new_due_on)?.ok_or_else(|| {
                    IpcError::invalid_input("Hạn trả mới: gia hạn nợ phải ghi hạn trả mới")
                })?,
                installment_seq: self.installment_seq,
            },
            "freeze" => RiskMeasure::Freeze {
                from: optional_day("Khoanh nợ từ ngày", &self.frozen_from)?.unwrap_or(decided_on),
                until: optional_day("Khoanh nợ đến ngày", &self.frozen_until)?,
            },
            "write_off" => RiskMeasure::WriteOff {
                principal: Dong(self.principal.unwrap_or(0)),
                interest: Dong(self.interest.unwrap_or(0)),
            },
            other => {
                return Err(IpcError::invalid_input(format!(
                    "Biện pháp xử lý = «{other}»: chọn gia hạn nợ, khoanh nợ hoặc xóa nợ"
                )));
            }
        };
        Ok(RiskDecision {
            id,
            loan_id: parse_id("loanId", &self.loan_id)?,
            decision_no: self.decision_no.trim().to_string(),
            decided_on,
            measure,
            reason: self.reason.trim().to_string(),
        })
    }
}

/// What the counter panel of a session needs about one member: who they
/// are, their loans as of the session date, savings, the minimum deposit and
/// the programs a new loan can be disbursed under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterMember {
    /// The date the figures are computed for (the session's).
    pub date: String,
    /// The member.
    pub member: StatementMember,
    /// The status that holds on the date (moved away, deceased, …), if any.
    pub current_status: Option<StatusEntry>,
    /// Loans, oldest first.
    pub loans: Vec<CounterLoan>,
    /// Savings balance on the date.
    pub savings_balance: i64,
    /// Smallest savings deposit (policy `min_savings_deposit`).
    pub min_savings_deposit: i64,
    /// Programs, by code.
    pub programs: Vec<LoanProgram>,
}

/// One loan as the counter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterLoan {
    /// Id.
    pub loan_id: String,
    /// Account number (số khế ước).
    pub account_no: String,
    /// Program, in Vietnamese.
    pub program_name: String,
    /// Disbursement date.
    pub disbursed_on: String,
    /// Agreed amount.
    pub amount: i64,
    /// Agreed amount not yet paid out.
    pub undisbursed: i64,
    /// Outstanding principal: the most a principal repayment can be.
    pub outstanding: i64,
    /// Of which overdue.
    pub overdue: i64,
    /// Principal due on or before the date and not yet paid.
    pub principal_due: i64,
    /// Interest due.
    pub interest_due: i64,
    /// Status code (`current`, `overdue`, …, `closed`).
    pub status: String,
    /// Status, in Vietnamese.
    pub status_label: String,
}

impl From<&phien_store::LoanStatement> for CounterLoan {
    fn from(l: &phien_store::LoanStatement) -> CounterLoan {
        let p = &l.position;
        CounterLoan {
            loan_id: l.loan.id.to_string(),
            account_no: l.loan.account_no.clone(),
            program_name: l.program_name.clone(),
            disbursed_on: iso(l.loan.disbursed_on),
            amount: l.loan.amount.get(),
            undisbursed: (l.loan.amount - p.disbursed).get().max(0),
            outstanding: p.outstanding.get(),
            overdue: p.overdue.get(),
            principal_due: p.principal_due.get(),
            interest_due: p.interest_due.get(),
            status: loan_status_code(p.status).to_string(),
            status_label: p.status.label_vi().to_string(),
        }
    }
}

/// A lending program a loan can be made under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoanProgram {
    /// Code (`01` hộ nghèo, …).
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Months between principal installments of a generated schedule.
    pub installment_every_months: u32,
}

impl From<&phien_core::program::Program> for LoanProgram {
    fn from(p: &phien_core::program::Program) -> LoanProgram {
        LoanProgram {
            code: p.code.0.clone(),
            name: p.name_vi.clone(),
            name_en: p.name_en.clone(),
            installment_every_months: p.installment_every_months,
        }
    }
}

/// What a counter transaction did: the entry recorded (for a new loan, its
/// disbursement) and the session's figures after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterReceipt {
    /// The entry, as a statement shows it.
    pub entry: StatementEntry,
    /// The session with its totals and expected cash after the entry.
    pub session: Session,
}

// ---- Group leader mode: receipts (biên lai 01/BL) and their handover

/// A group leader's receipt, ready to list or print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaderReceipt {
    /// Id.
    pub id: String,
    /// Number printed on the receipt (`T03/2026/0001`).
    pub receipt_no: String,
    /// Day the leader received the money.
    pub received_on: String,
    /// Member.
    pub member_id: String,
    /// Member's customer code.
    pub customer_code: String,
    /// Member's name.
    pub member_name: String,
    /// Interest (thu lãi).
    pub interest: i64,
    /// Savings deposit (gửi tiết kiệm).
    pub savings_deposit: i64,
    /// Interest + deposit.
    pub total: i64,
    /// The total in Vietnamese words ("Một trăm hai mươi nghìn đồng").
    pub total_in_words: String,
    /// `pending` (cash still with the leader), `voided` or `settled`.
    pub state: String,
    /// Why it was cancelled.
    pub void_reason: Option<String>,
    /// The session it was handed over at.
    pub session_date: Option<String>,
}

impl From<&phien_store::LeaderReceipt> for LeaderReceipt {
    fn from(r: &phien_store::LeaderReceipt) -> LeaderReceipt {
        let (state, void_reason, session_date) = match &r.state {
            phien_store::ReceiptState::Pending => ("pending", None, None),
            phien_store::ReceiptState::Voided { reason } => ("voided", Some(reason.clone()), None),
            phien_store::ReceiptState::Settled { session_date, .. } => {
                ("settled", None, Some(iso(*session_date)))
            }
        };
        LeaderReceipt {
            id: r.id.to_string(),
            receipt_no: r.receipt_no.clone(),
            received_on: iso(r.received_on),
            member_id: r.member_id.to_string(),
            customer_code: r.customer_code.clone(),
            member_name: r.member_name.clone(),
            interest: r.interest.get(),
            savings_deposit: r.savings_deposit.get(),
            total: r.total().get(),
            total_in_words: phien_core::words::in_words(r.total()),
            state: state.into(),
            void_reason,
            session_date,
        }
    }
}

/// One member's line in leader mode: what they will owe at the session and
/// what the leader has already receipted them since the last handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaderMember {
    /// Member.
    pub member_id: String,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub full_name: String,
    /// Interest due at the session (as 13/TD shows it).
    pub interest_due: i64,
    /// The most interest they may pay (no principal repaid that day).
    pub interest_ceiling: i64,
    /// Of which arrears.
    pub interest_arrears: i64,
    /// Principal due at the session (paid at the bank's counter, not to the leader).
    pub principal_due: i64,
    /// Savings balance.
    pub savings_balance: i64,
    /// Interest on pending receipts.
    pub receipted_interest: i64,
    /// Deposits on pending receipts.
    pub receipted_savings: i64,
}

/// Leader mode's home: the group, the coming session and the month's receipts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaderHome {
    /// Leader's account code.
    pub leader_code: String,
    /// Leader's name.
    pub leader_name: String,
    /// The group led.
    pub group: Group,
    /// Transaction point.
    pub point_name: String,
    /// Today.
    pub today: String,
    /// The coming session the figures are for.
    pub session_date: String,
    /// Smallest savings deposit (policy).
    pub min_savings_deposit: i64,
    /// Members, by name.
    pub members: Vec<LeaderMember>,
    /// Every receipt of the group, newest first.
    pub receipts: Vec<LeaderReceipt>,
    /// Cash to hand over at the session (pending receipts).
    pub pending_total: i64,
}

/// What a group's leader has receipted and not yet handed over, for the
/// officer receiving the group at the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaderRecords {
    /// Pending receipts, oldest first.
    pub receipts: Vec<LeaderReceipt>,
    /// Their total.
    pub total: i64,
}
