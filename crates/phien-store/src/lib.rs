//! Phiên's local store: the books of one commune transaction point in one
//! SQLite file per device.
//!
//! This is the only crate that knows SQL. It maps rows to `phien-core` types
//! and back, and calls the core's rules; it holds no rule of its own except
//! the ones the database itself enforces (append-only ledger, closed
//! sessions, the change log).
//!
//! Every write goes through [`Store::write`]: one transaction that names who
//! is writing, records an audit event, and lets the database's triggers copy
//! every row change into `change_log` (the sync outbox) with this device's id
//! and next sequence number. A write attempted any other way is refused by
//! the triggers.
#![deny(missing_docs)]

mod book;
mod codec;
mod error;
mod ids;
mod leader;
mod migrate;
mod notice;
mod org;
mod records;
mod report;
mod sync;
mod writes;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use phien_core::ids::{DeviceId, StaffId};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

pub use book::{LoanRecord, LoanStatement, MemberStatement, PointBook, StatementLine};
pub use error::StoreError;
pub use ids::IdSource;
pub use leader::{LeaderReceipt, ReceiptState};
pub use migrate::{SCHEMA_VERSION, dump_schema};
pub use org::{GroupInfo, PointInfo, Staff, StaffRole};
pub use records::{AuditEvent, ChangeRow, CollectionReceipt, MemberPayments, SessionSummary};
pub use report::{MonthReports, ReportData, SERIES_MAX_MONTHS, Touched, month_as_of};
pub use sync::{ApplyReport, Incoming, NewSyncLink, Quarantined, SyncLink, SyncScope};
pub use writes::{NewEntry, Tx};

/// The data file a device uses unless told otherwise: `PHIEN_DB` if set,
/// else `phien.db` in the platform's app-data folder for the app identifier
/// `vn.phien.app` (the folder Tauri's `app_data_dir` names): `%APPDATA%` on
/// Windows, `~/Library/Application Support` on macOS, `$XDG_DATA_HOME` or
/// `~/.local/share` elsewhere. The folder is created. The desktop app and the
/// CLI share it, so both see the same books.
pub fn default_path() -> Result<PathBuf, StoreError> {
    let env_dir = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(path) = env_dir("PHIEN_DB") {
        return Ok(path);
    }
    let base = if cfg!(windows) {
        env_dir("APPDATA")
    } else if cfg!(target_os = "macos") {
        env_dir("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env_dir("XDG_DATA_HOME").or_else(|| env_dir("HOME").map(|h| h.join(".local/share")))
    };
    let dir = base
        .ok_or_else(|| {
            StoreError::rejected(
                "no_data_dir",
                "không biết thư mục dữ liệu của máy: hãy đặt PHIEN_DB",
            )
        })?
        .join(APP_IDENTIFIER);
    std::fs::create_dir_all(&dir).map_err(|e| {
        StoreError::rejected(
            "no_data_dir",
            format!("không tạo được thư mục «{}»: {e}", dir.display()),
        )
    })?;
    Ok(dir.join("phien.db"))
}

/// The app identifier, also the data folder's name (see `src-tauri/tauri.conf.json`).
pub const APP_IDENTIFIER: &str = "vn.phien.app";

/// Who writes and when: every write carries it into the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The person.
    pub staff: StaffId,
    /// Wall-clock time of the write (passed in; the store reads no clock for it).
    pub at: DateTime<Utc>,
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    device_id: DeviceId,
    ids: IdSource,
}

impl Store {
    /// Opens (creating if absent) the database at `path`, applies pending
    /// migrations in one transaction, and refuses a database written by a
    /// newer version of Phiên.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let mut conn = Connection::open(path)?;
        // Refuse a newer file before any pragma below can change it.
        migrate::refuse_newer(&conn)?;
        // WAL for readers beside a writer; synchronous=FULL so that a commit
        // the officer saw succeed survives a power cut (NORMAL may lose the
        // last commits in WAL mode).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Reports read the whole ledger; keep up to 64 MiB of it in memory.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate::apply(&mut conn)?;
        let mut ids = IdSource::clock();
        let existing: Option<String> = conn
            .query_row("SELECT id FROM device WHERE one = 1", [], |r| r.get(0))
            .optional()?;
        let device_id = match existing {
            Some(id) => DeviceId(codec::parse_uuid(&id)?),
            None => {
                let id = DeviceId(ids.next_id());
                conn.execute(
                    "INSERT INTO device (one, id, name, created_at) VALUES (1, ?1, ?2, ?3)",
                    params![id.0.to_string(), "Máy mới", Utc::now().to_rfc3339()],
                )?;
                id
            }
        };
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            device_id,
            ids,
        })
    }

    /// This device's id.
    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the id source (the demo uses a seeded one so that ids repeat).
    pub fn set_id_source(&mut self, ids: IdSource) {
        self.ids = ids;
    }

    /// A fresh id from the store's id source.
    pub fn new_id(&mut self) -> Uuid {
        self.ids.next_id()
    }

    /// Runs `f` in one durable transaction on behalf of `actor`. `action`
    /// names what is done, for the audit trail (e.g. `record_collection`).
    /// Either everything `f` wrote is committed, with its change-log rows
    /// and audit event, or nothing is.
    pub fn write<T>(
        &mut self,
        actor: Actor,
        action: &str,
        detail: &str,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let audit_id = self.ids.next_id();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO audit_event (id, device_id, actor_id, at, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![audit_id.to_string(), self.device_id.0.to_string(), actor.staff.0.to_string(), actor.at.to_rfc3339(), action, detail],
        )?;
        let hlc = sync::tick(&tx, self.device_id, actor.at)?;
        tx.execute(
            "UPDATE write_context SET audit_id = ?1, device_id = ?2, actor_id = ?3, at = ?4, hlc = ?5, remote = 0 WHERE one = 1",
            params![audit_id.to_string(), self.device_id.0.to_string(), actor.staff.0.to_string(), actor.at.to_rfc3339(), hlc.to_string()],
        )?;
        let mut wtx = Tx {
            tx,
            actor,
            device_id: self.device_id,
            ids: &mut self.ids,
        };
        let out = f(&mut wtx)?;
        let Tx { tx, .. } = wtx;
        sync::clear_write_context(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Reads. Each returns plain data; none writes.
impl Store {
    /// The point this device keeps the books of; `None` on an empty database.
    pub fn point(&self) -> Result<Option<PointInfo>, StoreError> {
        org::point_info(&self.conn)
    }

    /// The name of the district office with this id, if the file has it.
    pub fn office_name(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT name FROM office WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// All staff.
    pub fn staff(&self) -> Result<Vec<Staff>, StoreError> {
        org::list_staff(&self.conn)
    }

    /// A staff member by code.
    pub fn staff_by_code(&self, code: &str) -> Result<Staff, StoreError> {
        org::staff_by_code(&self.conn, code)
    }

    /// A staff member by id.
    pub fn staff_by_id(&self, id: StaffId) -> Result<Staff, StoreError> {
        org::staff_by_id(&self.conn, id)
    }

    /// Groups with their association and size, by code.
    pub fn groups(&self) -> Result<Vec<GroupInfo>, StoreError> {
        org::list_groups(&self.conn)
    }

    /// A group by its code.
    pub fn group_by_code(&self, code: &str) -> Result<GroupInfo, StoreError> {
        org::group_by_code(&self.conn, code)
    }

    /// Members of a group, by name.
    pub fn members_of_group(
        &self,
        group: phien_core::ids::GroupId,
    ) -> Result<Vec<phien_core::org::Member>, StoreError> {
        org::members_of_group(&self.conn, group)
    }

    /// A member by customer code.
    pub fn member_by_code(&self, code: &str) -> Result<phien_core::org::Member, StoreError> {
        org::member_by_code(&self.conn, code)
    }

    /// Search by name (with or without diacritics), citizen ID, customer code or loan number.
    pub fn search_members(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Vec<phien_core::org::Member>, StoreError> {
        org::search_members(&self.conn, query, limit)
    }

    /// The rules in force.
    pub fn policy(&self) -> Result<phien_core::policy::Policy, StoreError> {
        org::load_policy(&self.conn)
    }

    /// Programs with their rate history.
    pub fn programs(
        &self,
    ) -> Result<
        Vec<(
            phien_core::program::Program,
            phien_core::program::RateHistory,
        )>,
        StoreError,
    > {
        let mut out: Vec<_> = org::load_programs(&self.conn)?
            .into_values()
            .map(|p| (p.program, p.rates))
            .collect();
        out.sort_by(|a, b| a.0.code.cmp(&b.0.code));
        Ok(out)
    }

    /// The collection list (mẫu 13/TD) of a group on a date.
    pub fn collection_list(
        &self,
        group: phien_core::ids::GroupId,
        date: chrono::NaiveDate,
    ) -> Result<Vec<phien_core::collection::MemberDue>, StoreError> {
        book::collection_list(&self.conn, group, date)
    }

    /// The point's public notice (niêm yết) on a date: the rates in force and
    /// every borrower who owes, with balance and due dates, group by group.
    pub fn public_notice(
        &self,
        on: chrono::NaiveDate,
    ) -> Result<phien_core::notice::PublicNotice, StoreError> {
        notice::public_notice(&self.conn, on)
    }

    /// What each member of a group paid or drew on a day (entries in force),
    /// for their receipts.
    pub fn group_payments(
        &self,
        group: phien_core::ids::GroupId,
        day: chrono::NaiveDate,
    ) -> Result<Vec<MemberPayments>, StoreError> {
        records::group_payments(&self.conn, group, day)
    }

    /// A borrower's statement on a date.
    pub fn member_statement(
        &self,
        member: phien_core::ids::MemberId,
        as_of: chrono::NaiveDate,
    ) -> Result<MemberStatement, StoreError> {
        book::member_statement(&self.conn, member, as_of)
    }

    /// The member who holds a loan account number.
    pub fn member_of_loan(
        &self,
        account_no: &str,
    ) -> Result<phien_core::ids::MemberId, StoreError> {
        Ok(self.loan_by_account(account_no)?.1)
    }

    /// The loan id of an account number.
    pub fn loan_id(&self, account_no: &str) -> Result<phien_core::ids::LoanId, StoreError> {
        Ok(self.loan_by_account(account_no)?.0)
    }

    fn loan_by_account(
        &self,
        account_no: &str,
    ) -> Result<(phien_core::ids::LoanId, phien_core::ids::MemberId), StoreError> {
        let ids: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT id, member_id FROM loan WHERE account_no = ?1",
                [account_no],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (loan, member) = ids.ok_or_else(|| StoreError::NotFound {
            what: "khế ước số",
            key: account_no.to_string(),
        })?;
        Ok((
            phien_core::ids::LoanId(codec::parse_uuid(&loan)?),
            phien_core::ids::MemberId(codec::parse_uuid(&member)?),
        ))
    }

    /// Credit-quality summary per association and group on a date.
    pub fn quality_summary(
        &self,
        as_of: chrono::NaiveDate,
    ) -> Result<phien_core::quality::QualitySummary, StoreError> {
        book::quality_summary(&self.conn, as_of)
    }

    /// Every loan with its flows, for reports and benchmarks.
    pub fn point_book(&self) -> Result<PointBook, StoreError> {
        book::load_point_book(&self.conn)
    }

    /// The session held on a date, if any.
    pub fn session_on(
        &self,
        date: chrono::NaiveDate,
    ) -> Result<Option<phien_core::ids::SessionId>, StoreError> {
        records::session_on(&self.conn, date)
    }

    /// A session with its totals, handovers and close.
    pub fn session_summary(
        &self,
        session: phien_core::ids::SessionId,
    ) -> Result<SessionSummary, StoreError> {
        records::session_summary(&self.conn, session)
    }

    /// Meetings of a group, oldest first.
    pub fn meetings(
        &self,
        group: phien_core::ids::GroupId,
    ) -> Result<Vec<phien_core::meeting::Meeting>, StoreError> {
        records::meetings_of_group(&self.conn, group)
    }

    /// A group's leader receipts (biên lai 01/BL), oldest first;
    /// `pending_only` keeps those still to hand over.
    pub fn leader_receipts(
        &self,
        group: phien_core::ids::GroupId,
        pending_only: bool,
    ) -> Result<Vec<LeaderReceipt>, StoreError> {
        leader::receipts_of_group(&self.conn, group, pending_only)
    }

    /// The group a leader's account leads; refused for anyone else.
    pub fn group_led_by(&self, staff: StaffId) -> Result<phien_core::ids::GroupId, StoreError> {
        leader::leader_group(&self.conn, staff)
    }

    /// The newest audit events.
    pub fn audit_events(&self, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        records::audit_events(&self.conn, limit)
    }

    /// This device's change-log rows after `after_seq` (the sync outbox).
    pub fn changes_after(&self, after_seq: i64, limit: u32) -> Result<Vec<ChangeRow>, StoreError> {
        records::changes_after(&self.conn, &self.device_id.0.to_string(), after_seq, limit)
    }

    /// This device's own change-log rows to the tables `entities`, in
    /// order (what the district server loads as the office's own data).
    pub fn changes_to(&self, entities: &[&str]) -> Result<Vec<ChangeRow>, StoreError> {
        records::changes_to(&self.conn, &self.device_id.0.to_string(), entities)
    }

    /// One ledger entry.
    pub fn entry(
        &self,
        id: phien_core::ids::EntryId,
    ) -> Result<phien_core::ledger::Entry, StoreError> {
        records::entry_by_id(&self.conn, id)
    }

    /// Whether `pin` is the PIN of `staff`.
    pub fn check_pin(&self, staff: StaffId, pin: &str) -> Result<bool, StoreError> {
        writes::check_pin(&self.conn, staff, pin)
    }

    /// Runs `PRAGMA integrity_check`; `ok` when the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Whether the database holds any point yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) = 0 FROM point", [], |r| r.get(0))?)
    }
}
