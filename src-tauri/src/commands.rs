//! The commands of `docs/ipc.md`.
//!
//! Each command is a plain function taking the [`AppState`] and its
//! arguments and returning `Result<T, IpcError>`, so tests call it without a
//! webview; [`handlers`] holds the thin `#[tauri::command]` wrappers that the
//! app registers. The shell only converts: every rule and every query lives
//! in `phien-store` and `phien-core`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{NaiveDate, Utc};
use phien_core::ids::{EntryId, GroupId, LeaderReceiptId, LoanId, MemberId, SessionId, StaffId};
use phien_core::money::Dong;
use phien_core::session::{CashCount, Team};
use phien_store::{Actor, NewEntry, Store};

use crate::ipc::{self, IpcError, iso, parse_id, parse_iso};

pub mod district;
pub mod export;
pub mod report;

/// How many members a search returns at most.
pub const SEARCH_LIMIT: u32 = 50;

/// What the app holds between commands: the open store and "today".
pub struct AppState {
    store: Mutex<Store>,
    today: Option<NaiveDate>,
    leader: Mutex<Option<SignedInLeader>>,
    export_folder: Option<PathBuf>,
    district: Arc<district::DistrictReports>,
}

/// A group leader signed in to this app: their account and the one group
/// they may see and write. Set only by [`leader_sign_in`] after the PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedInLeader {
    /// The leader's account.
    pub staff: StaffId,
    /// The group they lead.
    pub group: GroupId,
}

/// Commands a signed-in group leader may call; every other command is
/// refused with `leader_mode` until they sign out (see `crate::handler`).
pub const LEADER_COMMANDS: &[&str] = &[
    "leader_sign_in",
    "leader_sign_out",
    "leader_home",
    "leader_record_receipt",
    "leader_void_receipt",
];

impl AppState {
    /// State over an open store. `today` pins the date (`PHIEN_TODAY`,
    /// tests); `None` reads the local clock on every call.
    pub fn new(store: Store, today: Option<NaiveDate>) -> AppState {
        AppState {
            store: Mutex::new(store),
            today,
            leader: Mutex::new(None),
            export_folder: None,
            district: Arc::default(),
        }
    }

    /// The same state saving exported files in `folder` instead of the
    /// export folder the environment names (tests).
    pub fn with_export_folder(mut self, folder: PathBuf) -> AppState {
        self.export_folder = Some(folder);
        self
    }

    /// The export folder set by [`AppState::with_export_folder`].
    pub fn export_folder(&self) -> Option<PathBuf> {
        self.export_folder.clone()
    }

    /// The district reports fetched from the server lately, for export.
    pub fn district_reports(&self) -> Arc<district::DistrictReports> {
        self.district.clone()
    }

    /// Today on this laptop (or the pinned date).
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The data file.
    pub fn db_path(&self) -> PathBuf {
        self.store().path().to_path_buf()
    }

    /// The leader signed in, if the app is in leader mode.
    pub fn signed_in_leader(&self) -> Option<SignedInLeader> {
        *self
            .leader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Refuses officer commands while a group leader is signed in: the
    /// leader's scope is their group's receipts, nothing else.
    pub fn require_officer(&self) -> Result<(), IpcError> {
        match self.signed_in_leader() {
            None => Ok(()),
            Some(_) => Err(IpcError::new(
                "leader_mode",
                "đang ở chế độ tổ trưởng: tổ trưởng đăng xuất trước khi cán bộ làm việc",
            )),
        }
    }

    fn set_leader(&self, leader: Option<SignedInLeader>) {
        *self
            .leader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = leader;
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic inside a write unwinds through its transaction, which rolls
        // back: the store behind a poisoned lock is still consistent.
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub use phien_core::org::next_session_date;

fn actor(store: &Store, code: &str) -> Result<Actor, IpcError> {
    let staff = store.staff_by_code(code.trim())?;
    Ok(Actor {
        staff: staff.id,
        at: Utc::now(),
    })
}

fn group_by_id(store: &Store, id: GroupId) -> Result<phien_store::GroupInfo, IpcError> {
    store
        .groups()?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| IpcError::new("not_found", format!("không tìm thấy tổ «{id}»")))
}

fn session_dto(store: &Store, day: NaiveDate) -> Result<Option<ipc::Session>, IpcError> {
    match store.session_on(day)? {
        Some(id) => Ok(Some(ipc::Session::from(&store.session_summary(id)?))),
        None => Ok(None),
    }
}

/// `home`: the point, today, the next transaction day, today's session and
/// the credit-quality figures to watch.
pub fn home(state: &AppState) -> Result<ipc::Home, IpcError> {
    let today = state.today();
    let store = state.store();
    let point = store.point()?.ok_or_else(|| {
        IpcError::new(
            "not_found",
            "tệp dữ liệu chưa có điểm giao dịch (chưa tạo xã mẫu hoặc nhập HSTD)",
        )
    })?;
    let quality = store.quality_summary(today)?;
    Ok(ipc::Home {
        point_name: point.point.name.clone(),
        office_name: point.office_name.clone(),
        fixed_day: point.point.fixed_day,
        today: iso(today),
        next_session_date: iso(next_session_date(today, point.point.fixed_day)),
        today_session: session_dto(&store, today)?,
        watch: ipc::Watch::from(&quality.total.figures),
        sync: ipc::SyncState::from_link(store.sync_link()?.as_ref()),
        db_path: store.path().display().to_string(),
    })
}

/// `sync_now`: pushes this laptop's changes to the district server and
/// pulls those of its scope. It works on its own connection to the data
/// file, so the window stays usable while it runs; a failure (no signal) is
/// noted in the sync state and loses nothing. Nothing syncs unless asked:
/// the app makes no network request by itself.
pub fn sync_now(
    db_path: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
    options: phien_sync::Options,
) -> Result<ipc::SyncOutcome, IpcError> {
    let mut store = Store::open(db_path)?;
    let result = phien_sync::sync(&mut store, now, options, &mut |_| {});
    let state = ipc::SyncState::from_link(store.sync_link()?.as_ref());
    let report = result?;
    Ok(ipc::SyncOutcome {
        sent: report.sent,
        acknowledged: report.acknowledged,
        refused: report.refused.len() as u64,
        received: report.received,
        state,
    })
}

/// Held for the whole of an enrolment, so that two at once (a double click)
/// cannot both find the laptop unenrolled and the second overwrite the
/// first's link.
static ENROLMENT: Mutex<()> = Mutex::new(());

/// Longest device name the server accepts (characters).
const DEVICE_NAME_MAX: usize = 100;

/// `enrol_device`: redeems the one-time `code` the district issued at the
/// sync server `server_url` and stores the link (credential, scope and
/// bundle key), as `phien enrol` does, so that **Đồng bộ ngay** works. Nothing is stored unless the server accepts
/// the code. A laptop that is already enrolled is refused with
/// `already_enrolled`: its link (and what it has sent under it) is never
/// overwritten from the app.
pub fn enrol_device(
    db_path: &std::path::Path,
    server_url: &str,
    code: &str,
    device_name: &str,
    now: chrono::DateTime<chrono::Utc>,
    options: phien_sync::Options,
) -> Result<ipc::SyncState, IpcError> {
    let server_url = check_server_url(server_url)?;
    let code = check_enrolment_code(code)?;
    let device_name = check_device_name(device_name)?;
    let _enrolment = ENROLMENT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut store = Store::open(db_path)?;
    if let Some(link) = store.sync_link()? {
        return Err(IpcError::new(
            "already_enrolled",
            format!(
                "máy này đã đăng ký với máy chủ «{}»; không đăng ký lại từ ứng dụng",
                link.server_url
            ),
        ));
    }
    phien_sync::enrol(&mut store, &server_url, &code, &device_name, now, options).map_err(|e| {
        match e {
            phien_sync::SyncError::Refused {
                code: server_code,
                message,
                ..
            } if server_code == "bad_code" => IpcError::new(
                "bad_code",
                format!("Mã đăng ký = «{code}»: máy chủ không nhận: {message}"),
            ),
            other => IpcError::from(other),
        }
    })?;
    Ok(ipc::SyncState::from_link(store.sync_link()?.as_ref()))
}

/// The server's address as typed: `http://…` or `https://…` with a host.
fn check_server_url(text: &str) -> Result<String, IpcError> {
    let url = text.trim().trim_end_matches('/');
    if url.is_empty() {
        return Err(IpcError::new(
            "server_url_required",
            "Địa chỉ máy chủ: chưa nhập (ví dụ https://dongbo.pgd-dienkhanh.example.vn)",
        ));
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    let host_ok = rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !rest.chars().any(char::is_whitespace)
    });
    if !host_ok {
        return Err(IpcError::new(
            "server_url_invalid",
            format!(
                "Địa chỉ máy chủ = «{}»: phải bắt đầu bằng https:// (hoặc http://) rồi đến tên máy chủ",
                text.trim()
            ),
        ));
    }
    Ok(url.to_owned())
}

/// The one-time code as typed (`K7QM-XR3D-9PTA`, also in lower case, with
/// spaces or without dashes), written as the server prints it.
fn check_enrolment_code(text: &str) -> Result<String, IpcError> {
    let typed = text.trim();
    if typed.is_empty() {
        return Err(IpcError::new(
            "enrol_code_required",
            "Mã đăng ký: chưa nhập (quận/huyện cấp, dạng K7QM-XR3D-9PTA)",
        ));
    }
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != 12 || !chars.iter().all(char::is_ascii_alphanumeric) {
        return Err(IpcError::new(
            "enrol_code_invalid",
            format!("Mã đăng ký = «{typed}»: phải gồm 12 chữ cái và chữ số, dạng K7QM-XR3D-9PTA"),
        ));
    }
    let groups: Vec<String> = chars
        .chunks(4)
        .map(|group| group.iter().collect())
        .collect();
    Ok(groups.join("-"))
}

/// The name the district sees this laptop by.
fn check_device_name(text: &str) -> Result<String, IpcError> {
    let name = text.trim();
    let n_chars = name.chars().count();
    if n_chars == 0 || n_chars > DEVICE_NAME_MAX {
        return Err(IpcError::new(
            "device_name_invalid",
            format!("Tên máy = «{name}»: phải có từ 1 đến {DEVICE_NAME_MAX} ký tự"),
        ));
    }
    Ok(name.to_owned())
}

/// `staff`: the people who can record, approve or supervise (the software's
/// own `system` account is left out).
pub fn staff(state: &AppState) -> Result<Vec<ipc::StaffMember>, IpcError> {
    Ok(state
        .store()
        .staff()?
        .iter()
        .filter(|s| s.role != phien_store::StaffRole::System)
        .map(ipc::StaffMember::from)
        .collect())
}

/// `groups`: every group of the point, by code.
pub fn groups(state: &AppState) -> Result<Vec<ipc::Group>, IpcError> {
    Ok(state
        .store()
        .groups()?
        .iter()
        .map(ipc::Group::from)
        .collect())
}

/// `collection_list`: a group's list (mẫu 13/TD) on a date.
pub fn collection_list(
    state: &AppState,
    group_id: &str,
    date: &str,
) -> Result<ipc::CollectionList, IpcError> {
    let day = parse_iso("date", date)?;
    let group_id: GroupId = parse_id("groupId", group_id)?;
    let store = state.store();
    let group = group_by_id(&store, group_id)?;
    let members = store.collection_list(group_id, day)?;
    Ok(ipc::CollectionList {
        group: ipc::Group::from(&group),
        date: iso(day),
        members: members.iter().map(ipc::MemberDue::from).collect(),
        min_savings_deposit: store.policy()?.min_savings_deposit.get(),
    })
}

/// `record_collection`: records a group's typed list as one all-or-nothing
/// write. At the session of that date (if any) the entries belong to it and
/// the cash handed over (the list's cash when `handed_over` is `None`) is
/// recorded as the group's handover, with `note` explaining a difference.
pub fn record_collection(
    state: &AppState,
    actor_code: &str,
    group_id: &str,
    date: &str,
    rows: &[ipc::CollectionRow],
    handed_over: Option<i64>,
    note: Option<&str>,
) -> Result<ipc::CollectionReceipt, IpcError> {
    record_group_handover(
        state,
        actor_code,
        group_id,
        date,
        rows,
        handed_over,
        note,
        &[],
    )
}

/// `record_collection` with the group leader's receipts handed over with
/// the list: they are settled in the same transaction, and refused unless
/// the list posts at least what each receipt says.
#[allow(clippy::too_many_arguments)]
pub fn record_group_handover(
    state: &AppState,
    actor_code: &str,
    group_id: &str,
    date: &str,
    rows: &[ipc::CollectionRow],
    handed_over: Option<i64>,
    note: Option<&str>,
    leader_receipts: &[String],
) -> Result<ipc::CollectionReceipt, IpcError> {
    let day = parse_iso("date", date)?;
    let leader_receipts = leader_receipts
        .iter()
        .map(|id| parse_id::<LeaderReceiptId>("leaderReceipts", id))
        .collect::<Result<Vec<_>, _>>()?;
    let group_id: GroupId = parse_id("groupId", group_id)?;
    let inputs = rows
        .iter()
        .map(ipc::CollectionRow::to_input)
        .collect::<Result<Vec<_>, _>>()?;
    let mut store = state.store();
    let group = group_by_id(&store, group_id)?;
    let actor = actor(&store, actor_code)?;
    let session = store.session_on(day)?;
    let cash: Dong = inputs.iter().map(|i| i.cash()).sum();
    let handed_over = session.map(|_| handed_over.map_or(cash, Dong));
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let detail = format!("{} {}", group.code, day);
    if !leader_receipts.is_empty() && session.is_none() {
        return Err(IpcError::new(
            "no_session",
            format!(
                "ngày {}: chưa mở phiên giao dịch; biên lai của tổ trưởng chỉ nộp tại phiên",
                day.format("%d/%m/%Y")
            ),
        ));
    }
    let receipt = store.write(actor, "record_collection", &detail, |tx| {
        let receipt = tx.record_collection(
            group_id,
            day,
            session,
            &inputs,
            handed_over.map(|h| (h, note)),
        )?;
        if let Some(handover) = receipt.handover.filter(|_| !leader_receipts.is_empty()) {
            tx.settle_leader_receipts(handover, &leader_receipts, &inputs)?;
        }
        Ok(receipt)
    })?;
    let members = store.members_of_group(group_id)?;
    Ok(ipc::CollectionReceipt::new(&receipt, &inputs, &members))
}

/// `session`: the session held on a date, if any.
pub fn session(state: &AppState, date: &str) -> Result<Option<ipc::Session>, IpcError> {
    let day = parse_iso("date", date)?;
    session_dto(&state.store(), day)
}

/// `open_session`: opens the session of a date with its team and the cash
/// brought from the district office.
pub fn open_session(
    state: &AppState,
    actor_code: &str,
    date: &str,
    team_leader: &str,
    controller: &str,
    teller: &str,
    cash_from_office: i64,
) -> Result<ipc::Session, IpcError> {
    let day = parse_iso("date", date)?;
    let mut store = state.store();
    let team = Team {
        team_leader: store.staff_by_code(team_leader.trim())?.id,
        controller: store.staff_by_code(controller.trim())?.id,
        teller: store.staff_by_code(teller.trim())?.id,
    };
    let point = store
        .point()?
        .ok_or_else(|| IpcError::new("not_found", "tệp dữ liệu chưa có điểm giao dịch"))?
        .point
        .id;
    let actor = actor(&store, actor_code)?;
    let id = store.write(actor, "open_session", &day.to_string(), |tx| {
        tx.open_session(point, day, &team, Dong(cash_from_office))
    })?;
    Ok(ipc::Session::from(&store.session_summary(id)?))
}

/// `close_session`: closes the session of a date with the cash count
/// (face value, number of notes); a difference needs a note.
pub fn close_session(
    state: &AppState,
    actor_code: &str,
    date: &str,
    count: &[(i64, u32)],
    note: Option<&str>,
) -> Result<ipc::Session, IpcError> {
    let day = parse_iso("date", date)?;
    let count = CashCount::new(count.to_vec())
        .map_err(|e| IpcError::invalid_input(format!("Kiểm đếm tiền: {e}")))?;
    let mut store = state.store();
    let session = store.session_on(day)?.ok_or_else(|| {
        IpcError::new(
            "not_found",
            format!("không có phiên giao dịch ngày {}", day.format("%d/%m/%Y")),
        )
    })?;
    let actor = actor(&store, actor_code)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    store.write(actor, "close_session", &day.to_string(), |tx| {
        tx.close_session(session, &count, note)
    })?;
    Ok(ipc::Session::from(&store.session_summary(session)?))
}

/// `search`: members by name (with or without diacritics), citizen ID,
/// customer code or loan number.
pub fn search(state: &AppState, query: &str) -> Result<Vec<ipc::Member>, IpcError> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    Ok(state
        .store()
        .search_members(query, SEARCH_LIMIT)?
        .iter()
        .map(ipc::Member::from)
        .collect())
}

/// `statement`: a borrower's statement (sao kê) on a date: who they are,
/// their loans with position, schedule and decisions, savings, every entry
/// (reversed ones marked), status history and tracing log.
pub fn statement(
    state: &AppState,
    member_id: &str,
    date: &str,
) -> Result<ipc::Statement, IpcError> {
    let day = parse_iso("date", date)?;
    let member_id: MemberId = parse_id("memberId", member_id)?;
    let store = state.store();
    let statement = store.member_statement(member_id, day)?;
    let group = group_by_id(&store, statement.member.group_id)?;
    Ok(ipc::Statement::new(&statement, &group.code))
}

/// `reverse_entry`: cancels a ledger entry by a reversal entry, with a
/// reason and the approval of a second person (`approver`, by their PIN).
/// The reversal belongs to the session held on `date` while it is open;
/// otherwise (no session that day, or it is closed) to no session, dated
/// like the entry it cancels. Returns the reversal.
pub fn reverse_entry(
    state: &AppState,
    actor_code: &str,
    entry_id: &str,
    reason: &str,
    approver: &str,
    approver_pin: &str,
    date: &str,
) -> Result<ipc::StatementEntry, IpcError> {
    let day = parse_iso("date", date)?;
    let entry_id: EntryId = parse_id("entryId", entry_id)?;
    let mut store = state.store();
    let actor = actor(&store, actor_code)?;
    let approver = store.staff_by_code(approver.trim())?.id;
    let session = match store.session_on(day)? {
        Some(id) if store.session_summary(id)?.closed_at.is_none() => Some(id),
        _ => None,
    };
    let reversal = store.write(actor, "reverse_entry", &entry_id.to_string(), |tx| {
        tx.reverse(entry_id, reason, approver, approver_pin, session)
    })?;
    store
        .member_statement(reversal.member_id, reversal.value_date)?
        .entries
        .iter()
        .find(|line| line.entry_id == reversal.id)
        .map(ipc::StatementEntry::from)
        .ok_or_else(|| {
            IpcError::new(
                "not_found",
                format!("không đọc lại được bút toán hủy «{}»", reversal.id),
            )
        })
}

/// The open session held on `day`: `no_session` when there is none,
/// `session_closed` when it was closed. Counter transactions need one.
fn open_session_on(store: &Store, day: NaiveDate) -> Result<SessionId, IpcError> {
    let session = store.session_on(day)?.ok_or_else(|| {
        IpcError::new(
            "no_session",
            format!(
                "Chưa mở phiên giao dịch ngày {}: mở phiên trước khi giao dịch tại quầy",
                day.format("%d/%m/%Y")
            ),
        )
    })?;
    if store.session_summary(session)?.closed_at.is_some() {
        return Err(IpcError::new(
            "session_closed",
            format!(
                "Phiên giao dịch ngày {} đã đóng: không ghi thêm được bút toán",
                day.format("%d/%m/%Y")
            ),
        ));
    }
    Ok(session)
}

fn receipt_no(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
}

/// The receipt of a counter entry: the entry as the member's statement shows
/// it, and the session's figures after it.
fn counter_receipt(
    store: &Store,
    entry: &phien_core::ledger::Entry,
    session: SessionId,
) -> Result<ipc::CounterReceipt, IpcError> {
    let line = store
        .member_statement(entry.member_id, entry.value_date)?
        .entries
        .iter()
        .find(|line| line.entry_id == entry.id)
        .map(ipc::StatementEntry::from)
        .ok_or_else(|| {
            IpcError::new(
                "not_found",
                format!("không đọc lại được bút toán «{}»", entry.id),
            )
        })?;
    Ok(ipc::CounterReceipt {
        entry: line,
        session: ipc::Session::from(&store.session_summary(session)?),
    })
}

/// `counter_member`: what the counter panel shows of a member on a date:
/// loans with their position, savings, the minimum deposit and the programs.
pub fn counter_member(
    state: &AppState,
    member_id: &str,
    date: &str,
) -> Result<ipc::CounterMember, IpcError> {
    let day = parse_iso("date", date)?;
    let member_id: MemberId = parse_id("memberId", member_id)?;
    let store = state.store();
    let statement = store.member_statement(member_id, day)?;
    let group = group_by_id(&store, statement.member.group_id)?;
    let dto = ipc::Statement::new(&statement, &group.code);
    Ok(ipc::CounterMember {
        date: iso(day),
        member: dto.member,
        current_status: dto.current_status,
        loans: statement.loans.iter().map(ipc::CounterLoan::from).collect(),
        savings_balance: statement.savings_balance.get(),
        min_savings_deposit: store.policy()?.min_savings_deposit.get(),
        programs: store
            .programs()?
            .iter()
            .map(|(p, _)| ipc::LoanProgram::from(p))
            .collect(),
    })
}

/// `record_counter_entry`: one transaction at the counter of the open
/// session of `date`: `principal_repayment` or `disbursement` (of an existing
/// loan's amount not yet paid out) on `loan_id`, `savings_deposit` or
/// `savings_withdrawal` (no loan). The store refuses over-repayment
/// (`overpayment`), savings below zero (`savings_below_zero`), a deposit
/// under the minimum (`deposit_below_minimum`) and a non-positive amount
/// (`invalid_amount`); nothing is written then.
#[allow(clippy::too_many_arguments)]
pub fn record_counter_entry(
    state: &AppState,
    actor_code: &str,
    date: &str,
    member_id: &str,
    kind: &str,
    loan_id: Option<&str>,
    amount: i64,
    receipt: Option<&str>,
) -> Result<ipc::CounterReceipt, IpcError> {
    use phien_core::ledger::EntryKind;
    let day = parse_iso("date", date)?;
    let member_id: MemberId = parse_id("memberId", member_id)?;
    let kind = match EntryKind::from_code(kind.trim()) {
        Some(
            k @ (EntryKind::PrincipalRepayment
            | EntryKind::Disbursement
            | EntryKind::SavingsDeposit
            | EntryKind::SavingsWithdrawal),
        ) => k,
        _ => {
            return Err(IpcError::invalid_input(format!(
                "kind = «{kind}»: tại quầy chỉ ghi giải ngân, thu nợ gốc, gửi hoặc rút tiết kiệm"
            )));
        }
    };
    let loan_id: Option<LoanId> = match loan_id.map(str::trim).filter(|l| !l.is_empty()) {
        Some(text) => Some(parse_id("loanId", text)?),
        None => None,
    };
    let mut store = state.store();
    let session = open_session_on(&store, day)?;
    let actor = actor(&store, actor_code)?;
    let new = NewEntry {
        kind,
        member_id,
        loan_id,
        amount: Dong(amount),
        value_date: day,
        session_id: Some(session),
        receipt_no: receipt_no(receipt),
    };
    let entry = store.write(actor, "record_entry", kind.code(), |tx| {
        tx.record_entry(new)
    })?;
    counter_receipt(&store, &entry, session)
}

/// What a new loan is disbursed with at the counter.
pub struct NewLoanArgs<'a> {
    /// Borrower.
    pub member_id: &'a str,
    /// Account number (số khế ước) from the loan file prepared at the PGD.
    pub account_no: &'a str,
    /// Program code.
    pub program_code: &'a str,
    /// Amount, whole đồng.
    pub amount: i64,
    /// Term in months.
    pub term_months: u32,
    /// Purpose of the loan.
    pub purpose: &'a str,
    /// Receipt number, if any.
    pub receipt_no: Option<&'a str>,
}

/// The longest term a loan can be typed with (the longest standard program
/// term is far below it; this only stops typing mistakes).
pub const MAX_TERM_MONTHS: u32 = 240;

/// `disburse_loan`: makes a new loan (program, amount, term; the schedule is
/// the core's equal installments every the program's interval) and pays it
/// out at the counter of the open session of `date`, in one write: a refused
/// disbursement leaves no loan behind.
pub fn disburse_loan(
    state: &AppState,
    actor_code: &str,
    date: &str,
    args: &NewLoanArgs<'_>,
) -> Result<ipc::CounterReceipt, IpcError> {
    use phien_core::ledger::EntryKind;
    use phien_core::loan::{LendingMethod, Loan, equal_installments};
    use phien_core::program::ProgramCode;
    let day = parse_iso("date", date)?;
    let member_id: MemberId = parse_id("memberId", args.member_id)?;
    let account_no = args.account_no.trim().to_string();
    if args.amount <= 0 {
        return Err(IpcError::new(
            "invalid_amount",
            format!("Số tiền vay = «{}»: phải lớn hơn 0", Dong(args.amount)),
        ));
    }
    if args.term_months == 0 || args.term_months > MAX_TERM_MONTHS {
        return Err(IpcError::invalid_input(format!(
            "Thời hạn = «{}» tháng: từ 1 đến {MAX_TERM_MONTHS} tháng",
            args.term_months
        )));
    }
    let mut store = state.store();
    let session = open_session_on(&store, day)?;
    // A member that does not exist is `not_found`, not a foreign-key failure.
    store.member_statement(member_id, day)?;
    let program = store
        .programs()?
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| p.code.0 == args.program_code.trim())
        .ok_or_else(|| {
            IpcError::new(
                "not_found",
                format!(
                    "không tìm thấy chương trình cho vay «{}»",
                    args.program_code
                ),
            )
        })?;
    match store.loan_id(&account_no) {
        Ok(_) => {
            return Err(IpcError::new(
                "account_exists",
                format!("Số khế ước = «{account_no}»: đã có khế ước mang số này"),
            ));
        }
        Err(phien_store::StoreError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let actor = actor(&store, actor_code)?;
    let amount = Dong(args.amount);
    let purpose = args.purpose.trim().to_string();
    let receipt = receipt_no(args.receipt_no);
    let entry = store.write(actor, "disburse_loan", &account_no, |tx| {
        let loan = Loan {
            id: LoanId(tx.new_id()),
            member_id,
            account_no: account_no.clone(),
            program: ProgramCode(program.code.0.clone()),
            funding_source: "central".to_string(),
            amount,
            disbursed_on: day,
            term_months: args.term_months,
            purpose,
            method: LendingMethod::Entrusted,
            installments: equal_installments(
                amount,
                day,
                args.term_months,
                program.installment_every_months,
            ),
            last_activity_before_import: None,
        };
        tx.insert_loan(&loan)?;
        tx.record_entry(NewEntry {
            kind: EntryKind::Disbursement,
            member_id,
            loan_id: Some(loan.id),
            amount,
            value_date: day,
            session_id: Some(session),
            receipt_no: receipt,
        })
    })?;
    counter_receipt(&store, &entry, session)
}

// ---- Group leader mode (biên lai 01/BL)

fn signed_in(state: &AppState) -> Result<SignedInLeader, IpcError> {
    state.signed_in_leader().ok_or_else(|| {
        IpcError::new(
            "not_signed_in",
            "chưa có tổ trưởng đăng nhập: nhập mã và mã PIN của tổ trưởng",
        )
    })
}

/// The point and its next transaction day on or after `today`: the session
/// a leader's receipts are for.
fn coming_session(
    store: &Store,
    today: NaiveDate,
) -> Result<(phien_store::PointInfo, NaiveDate), IpcError> {
    let point = store
        .point()?
        .ok_or_else(|| IpcError::new("not_found", "tệp dữ liệu chưa có điểm giao dịch"))?;
    let day = next_session_date(today, point.point.fixed_day);
    Ok((point, day))
}

/// `leader_sign_in`: a group leader signs in with their account code and
/// PIN; from then on the app shows and writes only their group's receipts.
pub fn leader_sign_in(
    state: &AppState,
    code: &str,
    pin: &str,
) -> Result<ipc::LeaderHome, IpcError> {
    {
        let store = state.store();
        let staff = store.staff_by_code(code.trim())?;
        // An account without a PIN never signs in (check_pin would accept "").
        if pin.is_empty() || !store.check_pin(staff.id, pin)? {
            return Err(IpcError::new(
                "wrong_pin",
                format!("Mã PIN của «{}»: không đúng", staff.code),
            ));
        }
        let group = store.group_led_by(staff.id)?;
        state.set_leader(Some(SignedInLeader {
            staff: staff.id,
            group,
        }));
    }
    leader_home(state)
}

/// `leader_sign_out`: back to the officers' app.
pub fn leader_sign_out(state: &AppState) -> Result<(), IpcError> {
    state.set_leader(None);
    Ok(())
}

/// `leader_home`: the signed-in leader's group, its members' figures for the
/// coming session, and the group's receipts.
pub fn leader_home(state: &AppState) -> Result<ipc::LeaderHome, IpcError> {
    let leader = signed_in(state)?;
    let today = state.today();
    let store = state.store();
    let (point, session_date) = coming_session(&store, today)?;
    let staff = store.staff_by_id(leader.staff)?;
    let group = group_by_id(&store, leader.group)?;
    let list = store.collection_list(leader.group, session_date)?;
    let receipts = store.leader_receipts(leader.group, false)?;
    let pending = |m: phien_core::ids::MemberId| {
        receipts
            .iter()
            .filter(|r| r.member_id == m && r.state == phien_store::ReceiptState::Pending)
            .fold((Dong::ZERO, Dong::ZERO), |(i, s), r| {
                (i + r.interest, s + r.savings_deposit)
            })
    };
    let members = list
        .iter()
        .map(|m| {
            let (interest, savings) = pending(m.member_id);
            ipc::LeaderMember {
                member_id: m.member_id.to_string(),
                customer_code: m.customer_code.clone(),
                full_name: m.full_name.clone(),
                interest_due: m.interest_due().get(),
                interest_ceiling: m.interest_ceiling().get(),
                interest_arrears: m.interest_arrears().get(),
                principal_due: m.principal_due().get(),
                savings_balance: m.savings_balance.get(),
                receipted_interest: interest.get(),
                receipted_savings: savings.get(),
            }
        })
        .collect();
    let pending_total: Dong = receipts
        .iter()
        .filter(|r| r.state == phien_store::ReceiptState::Pending)
        .map(phien_store::LeaderReceipt::total)
        .sum();
    Ok(ipc::LeaderHome {
        leader_code: staff.code,
        leader_name: staff.full_name,
        group: ipc::Group::from(&group),
        point_name: point.point.name,
        today: iso(today),
        session_date: iso(session_date),
        min_savings_deposit: store.policy()?.min_savings_deposit.get(),
        members,
        receipts: receipts
            .iter()
            .rev()
            .map(ipc::LeaderReceipt::from)
            .collect(),
        pending_total: pending_total.get(),
    })
}

/// `leader_record_receipt`: the signed-in leader writes a receipt, dated
/// today, for a member of their group.
pub fn leader_record_receipt(
    state: &AppState,
    member_id: &str,
    interest: i64,
    savings_deposit: i64,
) -> Result<ipc::LeaderReceipt, IpcError> {
    let leader = signed_in(state)?;
    let today = state.today();
    let input = phien_core::leader::ReceiptInput {
        member_id: parse_id("memberId", member_id)?,
        interest: Dong(interest),
        savings_deposit: Dong(savings_deposit),
    };
    let mut store = state.store();
    let (_, session_day) = coming_session(&store, today)?;
    let actor = Actor {
        staff: leader.staff,
        at: Utc::now(),
    };
    let detail = format!("{} {}", input.member_id, input.total());
    let receipt = store.write(actor, "leader_record_receipt", &detail, |tx| {
        tx.record_leader_receipt(&input, today, session_day)
    })?;
    Ok(ipc::LeaderReceipt::from(&receipt))
}

/// `leader_void_receipt`: the signed-in leader cancels one of their group's
/// pending receipts, with a reason.
pub fn leader_void_receipt(
    state: &AppState,
    receipt_id: &str,
    reason: &str,
) -> Result<ipc::LeaderReceipt, IpcError> {
    let leader = signed_in(state)?;
    let receipt: LeaderReceiptId = parse_id("receiptId", receipt_id)?;
    let mut store = state.store();
    let actor = Actor {
        staff: leader.staff,
        at: Utc::now(),
    };
    let voided = store.write(actor, "leader_void_receipt", reason, |tx| {
        tx.void_leader_receipt(receipt, reason)
    })?;
    Ok(ipc::LeaderReceipt::from(&voided))
}

/// `leader_records`: what a group's leader has receipted and not yet handed
/// over, for the officer receiving the group at the session.
pub fn leader_records(state: &AppState, group_id: &str) -> Result<ipc::LeaderRecords, IpcError> {
    state.require_officer()?;
    let group: GroupId = parse_id("groupId", group_id)?;
    let receipts = state.store().leader_receipts(group, true)?;
    Ok(ipc::LeaderRecords {
        total: receipts
            .iter()
            .map(phien_store::LeaderReceipt::total)
            .sum::<Dong>()
            .get(),
        receipts: receipts.iter().map(ipc::LeaderReceipt::from).collect(),
    })
}

/// The `#[tauri::command]` wrappers: argument names are the snake_case of
/// the contract's camelCase keys (Tauri converts them). They run on the
/// async runtime, not the main thread, so a slow report does not freeze the
/// window.
pub mod handlers {
    use tauri::State;

    use super::AppState;
    use crate::ipc::{self, IpcError};

    /// See [`super::home`].
    #[tauri::command]
    pub async fn home(state: State<'_, AppState>) -> Result<ipc::Home, IpcError> {
        super::home(&state)
    }

    /// See [`super::sync_now`]: on a blocking thread, off the store's lock.
    #[tauri::command]
    pub async fn sync_now(state: State<'_, AppState>) -> Result<ipc::SyncOutcome, IpcError> {
        let path = state.db_path();
        tauri::async_runtime::spawn_blocking(move || {
            super::sync_now(&path, chrono::Utc::now(), phien_sync::Options::default())
        })
        .await
        .map_err(|e| IpcError {
            code: "internal".into(),
            message: format!("đồng bộ dừng bất thường: {e}"),
            rows: None,
        })?
    }

    /// See [`super::enrol_device`]: on a blocking thread, off the store's
    /// lock, like `sync_now`.
    #[tauri::command]
    pub async fn enrol_device(
        state: State<'_, AppState>,
        server_url: String,
        code: String,
        device_name: String,
    ) -> Result<ipc::SyncState, IpcError> {
        let path = state.db_path();
        tauri::async_runtime::spawn_blocking(move || {
            super::enrol_device(
                &path,
                &server_url,
                &code,
                &device_name,
                chrono::Utc::now(),
                phien_sync::Options::default(),
            )
        })
        .await
        .map_err(|e| IpcError {
            code: "internal".into(),
            message: format!("đăng ký máy dừng bất thường: {e}"),
            rows: None,
        })?
    }

    /// See [`super::staff`].
    #[tauri::command]
    pub async fn staff(state: State<'_, AppState>) -> Result<Vec<ipc::StaffMember>, IpcError> {
        super::staff(&state)
    }

    /// See [`super::groups`].
    #[tauri::command]
    pub async fn groups(state: State<'_, AppState>) -> Result<Vec<ipc::Group>, IpcError> {
        super::groups(&state)
    }

    /// See [`super::collection_list`].
    #[tauri::command]
    pub async fn collection_list(
        state: State<'_, AppState>,
        group_id: String,
        date: String,
    ) -> Result<ipc::CollectionList, IpcError> {
        super::collection_list(&state, &group_id, &date)
    }

    /// See [`super::record_collection`].
    #[tauri::command]
    #[allow(clippy::too_many_arguments)]
    pub async fn record_collection(
        state: State<'_, AppState>,
        actor: String,
        group_id: String,
        date: String,
        rows: Vec<ipc::CollectionRow>,
        handed_over: Option<i64>,
        note: Option<String>,
        leader_receipts: Option<Vec<String>>,
    ) -> Result<ipc::CollectionReceipt, IpcError> {
        super::record_group_handover(
            &state,
            &actor,
            &group_id,
            &date,
            &rows,
            handed_over,
            note.as_deref(),
            leader_receipts.as_deref().unwrap_or_default(),
        )
    }

    /// See [`super::session`].
    #[tauri::command]
    pub async fn session(
        state: State<'_, AppState>,
        date: String,
    ) -> Result<Option<ipc::Session>, IpcError> {
        super::session(&state, &date)
    }

    /// See [`super::open_session`].
    #[tauri::command]
    pub async fn open_session(
        state: State<'_, AppState>,
        actor: String,
        date: String,
        team_leader: String,
        controller: String,
        teller: String,
        cash_from_office: i64,
    ) -> Result<ipc::Session, IpcError> {
        super::open_session(
            &state,
            &actor,
            &date,
            &team_leader,
            &controller,
            &teller,
            cash_from_office,
        )
    }

    /// See [`super::close_session`].
    #[tauri::command]
    pub async fn close_session(
        state: State<'_, AppState>,
        actor: String,
        date: String,
        count: Vec<(i64, u32)>,
        note: Option<String>,
    ) -> Result<ipc::Session, IpcError> {
        super::close_session(&state, &actor, &date, &count, note.as_deref())
    }

    /// See [`super::statement`].
    #[tauri::command]
    pub async fn statement(
        state: State<'_, AppState>,
        member_id: String,
        date: String,
    ) -> Result<ipc::Statement, IpcError> {
        super::statement(&state, &member_id, &date)
    }

    /// See [`super::reverse_entry`].
    #[tauri::command]
    pub async fn reverse_entry(
        state: State<'_, AppState>,
        actor: String,
        entry_id: String,
        reason: String,
        approver: String,
        approver_pin: String,
        date: String,
    ) -> Result<ipc::StatementEntry, IpcError> {
        super::reverse_entry(
            &state,
            &actor,
            &entry_id,
            &reason,
            &approver,
            &approver_pin,
            &date,
        )
    }

    /// See [`super::search`].
    #[tauri::command]
    pub async fn search(
        state: State<'_, AppState>,
        query: String,
    ) -> Result<Vec<ipc::Member>, IpcError> {
        super::search(&state, &query)
    }

    /// See [`super::group_page`].
    #[tauri::command]
    pub async fn group_page(
        state: State<'_, AppState>,
        group_id: String,
        date: String,
    ) -> Result<ipc::GroupPage, IpcError> {
        super::group_page(&state, &group_id, &date)
    }

    /// See [`super::record_meeting`].
    #[tauri::command]
    pub async fn record_meeting(
        state: State<'_, AppState>,
        actor: String,
        meeting: ipc::NewMeeting,
    ) -> Result<ipc::MeetingRecord, IpcError> {
        super::record_meeting(&state, &actor, &meeting)
    }

    /// See [`super::add_status_event`].
    #[tauri::command]
    #[allow(clippy::too_many_arguments)]
    pub async fn add_status_event(
        state: State<'_, AppState>,
        actor: String,
        member_id: String,
        kind: String,
        learned_on: String,
        destination: Option<String>,
        source: String,
        note: Option<String>,
    ) -> Result<ipc::StatusEntry, IpcError> {
        super::add_status_event(
            &state,
            &actor,
            &member_id,
            &kind,
            &learned_on,
            destination.as_deref(),
            &source,
            note.as_deref(),
        )
    }

    /// See [`super::add_trace`].
    #[tauri::command]
    pub async fn add_trace(
        state: State<'_, AppState>,
        actor: String,
        event_id: String,
        agency: String,
        asked_on: String,
    ) -> Result<ipc::TraceEntry, IpcError> {
        super::add_trace(&state, &actor, &event_id, &agency, &asked_on)
    }

    /// See [`super::answer_trace`].
    #[tauri::command]
    pub async fn answer_trace(
        state: State<'_, AppState>,
        actor: String,
        trace_id: String,
        answer: String,
        answered_on: String,
    ) -> Result<(), IpcError> {
        super::answer_trace(&state, &actor, &trace_id, &answer, &answered_on)
    }

    /// See [`super::add_risk_decision`].
    #[tauri::command]
    pub async fn add_risk_decision(
        state: State<'_, AppState>,
        actor: String,
        decision: ipc::NewDecision,
    ) -> Result<ipc::DecisionLine, IpcError> {
        super::add_risk_decision(&state, &actor, &decision)
    }

    /// See [`super::counter_member`].
    #[tauri::command]
    pub async fn counter_member(
        state: State<'_, AppState>,
        member_id: String,
        date: String,
    ) -> Result<ipc::CounterMember, IpcError> {
        super::counter_member(&state, &member_id, &date)
    }

    /// See [`super::record_counter_entry`].
    #[tauri::command]
    #[allow(clippy::too_many_arguments)]
    pub async fn record_counter_entry(
        state: State<'_, AppState>,
        actor: String,
        date: String,
        member_id: String,
        kind: String,
        loan_id: Option<String>,
        amount: i64,
        receipt_no: Option<String>,
    ) -> Result<ipc::CounterReceipt, IpcError> {
        super::record_counter_entry(
            &state,
            &actor,
            &date,
            &member_id,
            &kind,
            loan_id.as_deref(),
            amount,
            receipt_no.as_deref(),
        )
    }

    /// See [`super::disburse_loan`].
    #[tauri::command]
    #[allow(clippy::too_many_arguments)]
    pub async fn disburse_loan(
        state: State<'_, AppState>,
        actor: String,
        date: String,
        member_id: String,
        account_no: String,
        program_code: String,
        amount: i64,
        term_months: u32,
        purpose: String,
        receipt_no: Option<String>,
    ) -> Result<ipc::CounterReceipt, IpcError> {
        super::disburse_loan(
            &state,
            &actor,
            &date,
            &super::NewLoanArgs {
                member_id: &member_id,
                account_no: &account_no,
                program_code: &program_code,
                amount,
                term_months,
                purpose: &purpose,
                receipt_no: receipt_no.as_deref(),
            },
        )
    }

    /// See [`super::leader_sign_in`].
    #[tauri::command]
    pub async fn leader_sign_in(
        state: State<'_, AppState>,
        code: String,
        pin: String,
    ) -> Result<ipc::LeaderHome, IpcError> {
        super::leader_sign_in(&state, &code, &pin)
    }

    /// See [`super::leader_sign_out`].
    #[tauri::command]
    pub async fn leader_sign_out(state: State<'_, AppState>) -> Result<(), IpcError> {
        super::leader_sign_out(&state)
    }

    /// See [`super::leader_home`].
    #[tauri::command]
    pub async fn leader_home(state: State<'_, AppState>) -> Result<ipc::LeaderHome, IpcError> {
        super::leader_home(&state)
    }

    /// See [`super::leader_record_receipt`].
    #[tauri::command]
    pub async fn leader_record_receipt(
        state: State<'_, AppState>,
        member_id: String,
        interest: i64,
        savings_deposit: i64,
    ) -> Result<ipc::LeaderReceipt, IpcError> {
        super::leader_record_receipt(&state, &member_id, interest, savings_deposit)
    }

    /// See [`super::leader_void_receipt`].
    #[tauri::command]
    pub async fn leader_void_receipt(
        state: State<'_, AppState>,
        receipt_id: String,
        reason: String,
    ) -> Result<ipc::LeaderReceipt, IpcError> {
        super::leader_void_receipt(&state, &receipt_id, &reason)
    }

    /// See [`super::leader_records`].
    #[tauri::command]
    pub async fn leader_records(
        state: State<'_, AppState>,
        group_id: String,
    ) -> Result<ipc::LeaderRecords, IpcError> {
        super::leader_records(&state, &group_id)
    }
}

// ---- Group page, meetings, borrower status and risk forms

fn member_names(
    store: &Store,
    group_id: GroupId,
) -> Result<std::collections::HashMap<MemberId, String>, IpcError> {
    Ok(store
        .members_of_group(group_id)?
        .into_iter()
        .map(|m| (m.id, m.full_name))
        .collect())
}

fn meeting_records(store: &Store, group_id: GroupId) -> Result<Vec<ipc::MeetingRecord>, IpcError> {
    let names = member_names(store, group_id)?;
    let name_of = |id: MemberId| names.get(&id).cloned().unwrap_or_else(|| id.to_string());
    let mut out = Vec::new();
    for meeting in store.meetings(group_id)?.iter().rev() {
        let recorder = store.staff_by_id(meeting.recorded_by)?.full_name;
        out.push(ipc::MeetingRecord::new(meeting, &name_of, recorder));
    }
    Ok(out)
}

/// `group_page`: a group with its members, its credit quality on `date`,
/// its meetings (newest first) and the lending programs.
pub fn group_page(
    state: &AppState,
    group_id: &str,
    date: &str,
) -> Result<ipc::GroupPage, IpcError> {
    let day = parse_iso("date", date)?;
    let group_id: GroupId = parse_id("groupId", group_id)?;
    let store = state.store();
    let group = group_by_id(&store, group_id)?;
    let label = format!("{} {}", group.code, group.name);
    let quality = store
        .quality_summary(day)?
        .groups
        .iter()
        .find(|line| line.name == label)
        .map(|line| ipc::GroupQuality::from(&line.figures));
    Ok(ipc::GroupPage {
        group: ipc::Group::from(&group),
        date: iso(day),
        members: store
            .members_of_group(group_id)?
            .iter()
            .map(ipc::GroupMember::from)
            .collect(),
        quality,
        meetings: meeting_records(&store, group_id)?,
        programs: store
            .programs()?
            .iter()
            .map(|(p, _)| ipc::ProgramChoice {
                code: p.code.0.clone(),
                name_vi: p.name_vi.clone(),
                name_en: p.name_en.clone(),
            })
            .collect(),
    })
}

/// `record_meeting`: records a group meeting (attendance, agenda,
/// decisions, minutes); a meeting after today is refused. Returns it as
/// stored.
pub fn record_meeting(
    state: &AppState,
    actor_code: &str,
    meeting: &ipc::NewMeeting,
) -> Result<ipc::MeetingRecord, IpcError> {
    let today = state.today();
    let mut store = state.store();
    let actor = actor(&store, actor_code)?;
    let id = phien_core::ids::MeetingId(store.new_id());
    let meeting = meeting.to_meeting(id, actor.staff)?;
    let group = group_by_id(&store, meeting.group_id)?;
    let detail = format!("{} {}", group.code, meeting.held_on);
    store.write(actor, "record_meeting", &detail, |tx| {
        tx.record_meeting(&meeting, today)
    })?;
    meeting_records(&store, meeting.group_id)?
        .into_iter()
        .find(|m| m.id == id.to_string())
        .ok_or_else(|| IpcError::new("not_found", format!("không đọc lại được biên bản «{id}»")))
}

/// `add_status_event`: records what was learned about a borrower (moved
/// away, returned, deceased, missing). Returns the event.
#[allow(clippy::too_many_arguments)]
pub fn add_status_event(
    state: &AppState,
    actor_code: &str,
    member_id: &str,
    kind: &str,
    learned_on: &str,
    destination: Option<&str>,
    source: &str,
    note: Option<&str>,
) -> Result<ipc::StatusEntry, IpcError> {
    use phien_core::status::{StatusEvent, StatusKind};
    let today = state.today();
    let member_id: MemberId = parse_id("memberId", member_id)?;
    let kind = StatusKind::from_code(kind.trim()).ok_or_else(|| {
        IpcError::invalid_input(format!(
            "Tình trạng = «{kind}»: chọn đi khỏi địa phương, trở về, chết hoặc mất tích"
        ))
    })?;
    let learned_on = parse_iso("Ngày biết tin", learned_on)?;
    let mut store = state.store();
    let actor = actor(&store, actor_code)?;
    let clean = |t: Option<&str>| {
        t.map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let event = StatusEvent {
        id: phien_core::ids::StatusEventId(store.new_id()),
        member_id,
        kind,
        learned_on,
        destination: clean(destination),
        source: source.trim().to_string(),
        note: clean(note),
        recorded_by: actor.staff,
    };
    store.write(actor, "add_status_event", kind.code(), |tx| {
        tx.record_status_event(&event, today)
    })?;
    Ok(ipc::StatusEntry::from(&event))
}

/// `add_trace`: asks an agency about a borrower who moved away or is
/// missing (`event_id` is that status event). Returns the new line.
pub fn add_trace(
    state: &AppState,
    actor_code: &str,
    event_id: &str,
    agency: &str,
    asked_on: &str,
) -> Result<ipc::TraceEntry, IpcError> {
    use phien_core::status::{Agency, Trace};
    let today = state.today();
    let event_id = parse_id("eventId", event_id)?;
    let agency = Agency::from_code(agency.trim()).ok_or_else(|| {
        IpcError::invalid_input(format!(
            "Cơ quan được hỏi = «{agency}»: chọn công an, bảo hiểm xã hội, thuế hoặc cơ quan khác"
        ))
    })?;
    let asked_on = parse_iso("Ngày hỏi", asked_on)?;
    let mut store = state.store();
    let actor = actor(&store, actor_code)?;
    let trace = Trace {
        id: phien_core::ids::TraceId(store.new_id()),
        event_id,
        agency,
        asked_on,
        answer: None,
        answered_on: None,
        recorded_by: actor.staff,
    };
    store.write(actor, "add_trace", agency.code(), |tx| {
        tx.record_trace(&trace, today)
    })?;
    Ok(ipc::TraceEntry::from(&trace))
}

/// `answer_trace`: records the answer to a tracing request.
pub fn answer_trace(
    state: &AppState,
    actor_code: &str,
    trace_id: &str,
    answer: &str,
    answered_on: &str,
) -> Result<(), IpcError> {
    let today = state.today();
    let trace_id: phien_core::ids::TraceId = parse_id("traceId", trace_id)?;
    let answered_on = parse_iso("Ngày trả lời", answered_on)?;
    let mut store = state.store();
    let actor = actor(&store, actor_code)?;
    store.write(actor, "answer_trace", &trace_id.to_string(), |tx| {
        tx.record_trace_answer(trace_id, answer, answered_on, today)
    })?;
    Ok(())
}

/// `add_risk_decision`: records a risk-handling decision on a loan
/// (extension, freeze, write-off with its write-off entries). Returns it.
pub fn add_risk_decision(
    state: &AppState,
    actor_code: &str,
    decision: &ipc::NewDecision,
) -> Result<ipc::DecisionLine, IpcError> {
    let today = state.today();
    let mut store = state.store();
    let actor = actor(&store, actor_code)?;
    let decision = decision.to_decision(phien_core::ids::DecisionId(store.new_id()))?;
    store.write(actor, "add_risk_decision", &decision.decision_no, |tx| {
        tx.record_decision(&decision, today)
    })?;
    Ok(ipc::DecisionLine::from(&decision))
}
