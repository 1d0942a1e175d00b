//! The data that crosses the IPC boundary, exactly as `docs/ipc.md` defines
//! it: camelCase keys, whole đồng as JSON numbers, ISO dates (`YYYY-MM-DD`),
//! UUID strings. Every DTO is converted by hand from the store's and the
//! core's types, so a change there cannot silently change the wire format.

use chrono::NaiveDate;
use phien_core::collection::CollectionError;
use phien_store::StoreError;
use serde::{Deserialize, Serialize};

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

/// Sync state (filled by the sync issue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// `not_configured` for now.
    pub state: String,
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
}

impl From<&phien_store::CollectionReceipt> for CollectionReceipt {
    fn from(r: &phien_store::CollectionReceipt) -> CollectionReceipt {
        CollectionReceipt {
            n_entries: r.entries.len(),
            cash: r.cash.get(),
            session_id: r.session_id.map(|s| s.to_string()),
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
