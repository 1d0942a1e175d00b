//! The write side: everything that changes the books, inside one
//! [`crate::Store::write`] transaction.

use chrono::NaiveDate;
use phien_core::collection::{CollectionInput, plan_collection};
use phien_core::dates::{FutureDate, not_after_today};
use phien_core::ids::{
    AssociationId, EntryId, GroupId, HandoverId, LoanId, MemberId, SessionId, StaffId,
    StatusEventId, TraceId,
};
use phien_core::ledger::{Entry, EntryKind};
use phien_core::loan::Loan;
use phien_core::meeting::{Decision, Meeting};
use phien_core::money::Dong;
use phien_core::org::{
    Association, Group, Member, Office, Point, check_citizen_id, check_full_name, check_phone,
    fold_for_search,
};
use phien_core::program::{Program, RatePeriod};
use phien_core::risk::{RiskDecision, RiskMeasure};
use phien_core::session::{CashCount, Team, reconcile};
use phien_core::status::{StatusEvent, StatusKind, Trace};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::book::{Scope, group_book, load_loans, position_of, savings_balance};
use crate::codec::{date, parse_date, parse_uuid};
use crate::ids::IdSource;
use crate::org::{Staff, load_policy, load_programs};
use crate::records::{CollectionReceipt, session_expected_cash};
use crate::{Actor, StoreError};

/// An open write transaction. Reads through it see its own writes.
pub struct Tx<'a> {
    pub(crate) tx: rusqlite::Transaction<'a>,
    pub(crate) actor: Actor,
    pub(crate) device_id: phien_core::ids::DeviceId,
    pub(crate) ids: &'a mut IdSource,
}

/// A ledger entry to record; the store fills who, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// Kind (not `Reversal`: see [`Tx::reverse`]).
    pub kind: EntryKind,
    /// Member.
    pub member_id: MemberId,
    /// Loan, for loan kinds.
    pub loan_id: Option<LoanId>,
    /// Amount.
    pub amount: Dong,
    /// Value date.
    pub value_date: NaiveDate,
    /// Session, if taken at one.
    pub session_id: Option<SessionId>,
    /// Receipt number.
    pub receipt_no: Option<String>,
}

fn pin_hash(staff: StaffId, pin: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(staff.0.as_bytes());
    hasher.update(pin.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a PIN against the one stored for `staff`. A person with no PIN set
/// passes only with an empty PIN.
pub(crate) fn check_pin(
    conn: &rusqlite::Connection,
    staff: StaffId,
    pin: &str,
) -> Result<bool, StoreError> {
    let stored: Option<String> = conn.query_row(
        "SELECT pin_hash FROM staff WHERE id = ?1",
        [staff.0.to_string()],
        |r| r.get(0),
    )?;
    Ok(match stored {
        Some(hash) => hash == pin_hash(staff, pin),
        None => pin.is_empty(),
    })
}

impl Tx<'_> {
    /// A fresh id.
    pub fn new_id(&mut self) -> Uuid {
        self.ids.next_id()
    }

    /// Who is writing.
    pub fn actor(&self) -> Actor {
        self.actor
    }

    /// Read access inside the transaction.
    pub fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    /// Adds a person; `pin` (4–6 digits) lets them approve or sign in. The
    /// code must be new to this file (accounts pulled from other points may
    /// share one; see `org::staff_by_code`).
    pub fn insert_staff(&mut self, staff: &Staff, pin: Option<&str>) -> Result<(), StoreError> {
        if crate::org::staff_code_taken(&self.tx, &staff.code)? {
            return Err(StoreError::rejected(
                "duplicate_code",
                format!(
                    "Mã cán bộ = «{}»: đã có người mang mã này; hãy chọn mã khác",
                    staff.code
                ),
            ));
        }
        if let Some(pin) = pin
            && !(4..=6).contains(&pin.len())
        {
            return Err(StoreError::rejected(
                "bad_pin",
                format!("Mã PIN của {} phải có 4–6 chữ số", staff.full_name),
            ));
        }
        self.tx.prepare_cached("INSERT INTO staff (id, code, full_name, role, pin_hash) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![
            staff.id.0.to_string(),
            staff.code,
            staff.full_name,
            staff.role.code(),
            pin.map(|p| pin_hash(staff.id, p))
        ])?;
        Ok(())
    }

    /// Adds the district office.
    pub fn insert_office(&mut self, office: &Office) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO office (id, code, name) VALUES (?1, ?2, ?3)",
            params![office.id.0.to_string(), office.code, office.name],
        )?;
        Ok(())
    }

    /// Adds a transaction point and the communes it serves.
    pub fn insert_point(&mut self, point: &Point) -> Result<(), StoreError> {
        if !(1..=28).contains(&point.fixed_day) {
            return Err(StoreError::rejected(
                "bad_fixed_day",
                format!(
                    "Ngày giao dịch cố định = «{}»: phải từ 1 đến 28",
                    point.fixed_day
                ),
            ));
        }
        self.tx.execute(
            "INSERT INTO point (id, office_id, code, name, fixed_day, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![point.id.0.to_string(), point.office_id.0.to_string(), point.code, point.name, point.fixed_day, point.address],
        )?;
        for commune in &point.communes {
            self.tx.execute(
                "INSERT INTO point_commune (point_id, code, name, is_pre_2025) VALUES (?1, ?2, ?3, ?4)",
                params![point.id.0.to_string(), commune.code, commune.name, commune.is_pre_2025],
            )?;
        }
        Ok(())
    }

    /// Adds an association at a point.
    pub fn insert_association(&mut self, association: &Association) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO association (id, point_id, kind) VALUES (?1, ?2, ?3)",
            params![
                association.id.0.to_string(),
                association.point_id.0.to_string(),
                association.kind.code()
            ],
        )?;
        Ok(())
    }

    /// Adds a savings-and-loan group; its code must be new at its point
    /// (another point's «T01» is another group).
    pub fn insert_group(&mut self, group: &Group) -> Result<(), StoreError> {
        let taken: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM savings_group g JOIN association a ON a.id = g.association_id
                 WHERE g.code = ?1 AND a.point_id = (SELECT point_id FROM association WHERE id = ?2))",
            )?
            .query_row(params![group.code, group.association_id.0.to_string()], |r| r.get(0))?;
        if taken {
            return Err(StoreError::rejected(
                "duplicate_code",
                format!(
                    "Mã tổ = «{}»: điểm giao dịch đã có tổ mang mã này; hãy chọn mã khác",
                    group.code
                ),
            ));
        }
        self.tx.prepare_cached(
            "INSERT INTO savings_group (id, association_id, code, name, village, leader_member_id, leader_staff_id, founded_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            group.id.0.to_string(),
            group.association_id.0.to_string(),
            group.code,
            group.name,
            group.village,
            group.leader_id.map(|m| m.0.to_string()),
            group.leader_staff_id.map(|s| s.0.to_string()),
            date(group.founded_on)
        ])?;
        Ok(())
    }

    /// Sets a group's leader (after an election).
    pub fn set_group_leader(
        &mut self,
        group: GroupId,
        leader: MemberId,
        leader_staff: Option<StaffId>,
    ) -> Result<(), StoreError> {
        let n = self.tx.execute(
            "UPDATE savings_group SET leader_member_id = ?2, leader_staff_id = coalesce(?3, leader_staff_id) WHERE id = ?1",
            params![group.0.to_string(), leader.0.to_string(), leader_staff.map(|s| s.0.to_string())],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "tổ",
                key: group.to_string(),
            });
        }
        Ok(())
    }

    /// Adds a member after checking name, citizen ID and phone.
    pub fn insert_member(&mut self, member: &Member) -> Result<(), StoreError> {
        let field =
            |e: phien_core::org::FieldError| StoreError::rejected("invalid_field", e.to_string());
        check_full_name(&member.full_name).map_err(field)?;
        if let Some(cid) = &member.citizen_id {
            check_citizen_id(cid).map_err(field)?;
            let taken: Option<String> = self
                .tx
                .prepare_cached("SELECT full_name FROM member WHERE citizen_id = ?1")?
                .query_row([cid], |r| r.get(0))
                .optional()?;
            if let Some(other) = taken {
                return Err(StoreError::rejected(
                    "duplicate_citizen_id",
                    format!("Số CCCD = «{cid}»: đã thuộc về {other}"),
                ));
            }
        }
        if let Some(phone) = &member.phone {
            check_phone(phone).map_err(field)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO member (id, group_id, customer_code, full_name, name_folded, citizen_id, birth_year, gender, village, phone, category, joined_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                member.id.0.to_string(),
                member.group_id.0.to_string(),
                member.customer_code,
                member.full_name.trim(),
                fold_for_search(member.full_name.trim()),
                member.citizen_id,
                member.birth_year,
                member.gender.map(|g| match g {
                    phien_core::org::Gender::Male => "male",
                    phien_core::org::Gender::Female => "female",
                }),
                member.village,
                member.phone,
                member.category.code(),
                date(member.joined_on)
            ])?;
        Ok(())
    }

    /// Adds a program and its rate history.
    pub fn insert_program(
        &mut self,
        program: &Program,
        rates: &[RatePeriod],
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO program (code, name_vi, name_en, is_student, installment_every_months) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![program.code.0, program.name_vi, program.name_en, program.is_student, program.installment_every_months],
        )?;
        for rate in rates {
            self.add_rate(&program.code.0, rate)?;
        }
        Ok(())
    }

    /// Adds a rate in force from a date (e.g. Decision 2553/QĐ-TTg from 01/12/2025).
    pub fn add_rate(&mut self, program_code: &str, rate: &RatePeriod) -> Result<(), StoreError> {
        if rate.annual_rate <= rust_decimal::Decimal::ZERO
            || rate.annual_rate >= rust_decimal::Decimal::ONE
        {
            return Err(StoreError::rejected(
                "bad_rate",
                format!(
                    "Lãi suất = «{}»: phải là tỷ lệ năm trong khoảng (0, 1), ví dụ 0.0624",
                    rate.annual_rate
                ),
            ));
        }
        self.tx.execute(
            "INSERT INTO program_rate (program_code, effective_from, annual_rate) VALUES (?1, ?2, ?3)",
            params![program_code, date(rate.effective_from), rate.annual_rate.to_string()],
        )?;
        Ok(())
    }

    /// Sets a rule (see `phien_core::policy`), refusing values the rule does not take.
    pub fn set_policy(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let mut policy = load_policy(&self.tx)?;
        policy
            .apply(key, value)
            .map_err(|e| StoreError::rejected("bad_policy", e.to_string()))?;
        self.tx.execute(
            "INSERT INTO policy_setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Adds a loan with its installment schedule.
    pub fn insert_loan(&mut self, loan: &Loan) -> Result<(), StoreError> {
        if loan.account_no.is_empty() || !loan.account_no.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StoreError::rejected(
                "invalid_field",
                format!("Số khế ước = «{}»: chỉ gồm chữ số", loan.account_no),
            ));
        }
        let scheduled: Dong = loan.installments.iter().map(|i| i.amount).sum();
        if !loan.amount.is_positive() || scheduled != loan.amount {
            return Err(StoreError::rejected(
                "bad_schedule",
                format!(
                    "Khế ước {}: tổng các kỳ trả nợ {} khác số tiền vay {}",
                    loan.account_no, scheduled, loan.amount
                ),
            ));
        }
        self.tx
            .prepare_cached(
                "INSERT INTO loan (id, member_id, account_no, program_code, funding_source, amount, disbursed_on, term_months, purpose, method, last_activity_before_import)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                loan.id.0.to_string(),
                loan.member_id.0.to_string(),
                loan.account_no,
                loan.program.0,
                loan.funding_source,
                loan.amount.get(),
                date(loan.disbursed_on),
                loan.term_months,
                loan.purpose,
                match loan.method {
                    phien_core::loan::LendingMethod::Entrusted => "entrusted",
                    phien_core::loan::LendingMethod::Direct => "direct",
                },
                loan.last_activity_before_import.map(date)
            ])?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO installment (loan_id, seq, due_on, amount) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for inst in &loan.installments {
            stmt.execute(params![
                loan.id.0.to_string(),
                inst.seq,
                date(inst.due_on),
                inst.amount.get()
            ])?;
        }
        Ok(())
    }

    /// Appends an entry exactly as given, checking only what the database
    /// checks. For bulk loaders (demo, import) that have validated the
    /// amounts themselves; everything else uses [`Tx::record_entry`].
    pub fn append_entry_trusted(&mut self, entry: &Entry) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO ledger_entry (id, kind, member_id, loan_id, amount, value_date, session_id, recorded_by, device_id, recorded_at, receipt_no, reverses_id, reason, approved_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                entry.id.0.to_string(),
                entry.kind.code(),
                entry.member_id.0.to_string(),
                entry.loan_id.map(|l| l.0.to_string()),
                entry.amount.get(),
                date(entry.value_date),
                entry.session_id.map(|s| s.0.to_string()),
                entry.recorded_by.0.to_string(),
                entry.device_id.0.to_string(),
                entry.recorded_at.to_rfc3339(),
                entry.receipt_no,
                entry.reverses.map(|e| e.0.to_string()),
                entry.reason,
                entry.approved_by.map(|s| s.0.to_string())
            ])
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(ref msg)) if msg.contains("session is closed") => {
                    StoreError::rejected("session_closed", "Phiên giao dịch đã đóng: không ghi thêm được bút toán")
                }
                other => StoreError::Sqlite(other),
            })?;
        Ok(())
    }

    /// The date of a session.
    fn session_date(&self, session: SessionId) -> Result<NaiveDate, StoreError> {
        let day: String = self
            .tx
            .query_row(
                "SELECT date FROM session WHERE id = ?1",
                [session.0.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "phiên giao dịch",
                key: session.to_string(),
            })?;
        parse_date(&day)
    }

    fn check_session(&self, session: SessionId, value_date: NaiveDate) -> Result<(), StoreError> {
        let row: Option<(String, Option<String>)> = self
            .tx
            .prepare_cached("SELECT date, closed_at FROM session WHERE id = ?1")?
            .query_row([session.0.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((day, closed)) = row else {
            return Err(StoreError::NotFound {
                what: "phiên giao dịch",
                key: session.to_string(),
            });
        };
        if closed.is_some() {
            return Err(StoreError::rejected(
                "session_closed",
                "Phiên giao dịch đã đóng: không ghi thêm được bút toán",
            ));
        }
        if parse_date(&day)? != value_date {
            return Err(StoreError::rejected(
                "wrong_session_date",
                format!(
                    "Ngày hạch toán = «{}»: phiên giao dịch họp ngày {}",
                    value_date.format("%d/%m/%Y"),
                    parse_date(&day)?.format("%d/%m/%Y")
                ),
            ));
        }
        Ok(())
    }

    /// Records one entry after checking it against the books: amounts
    /// positive, the loan is the member's, no over-payment, savings never
    /// below zero, deposits at least the minimum, an open session of that date.
    pub fn record_entry(&mut self, new: NewEntry) -> Result<Entry, StoreError> {
        let fmt_day = new.value_date.format("%d/%m/%Y");
        if new.kind == EntryKind::Reversal {
            return Err(StoreError::rejected(
                "bad_kind",
                "Hủy bút toán phải có lý do và người duyệt",
            ));
        }
        if !new.amount.is_positive() {
            return Err(StoreError::rejected(
                "invalid_amount",
                format!("Số tiền = «{}»: phải lớn hơn 0", new.amount),
            ));
        }
        if new.kind.needs_loan() != new.loan_id.is_some() {
            return Err(StoreError::rejected(
                "bad_kind",
                format!(
                    "{} {} khế ước",
                    new.kind.label_vi(),
                    if new.kind.needs_loan() {
                        "cần"
                    } else {
                        "không gắn với"
                    }
                ),
            ));
        }
        if let Some(session) = new.session_id {
            self.check_session(session, new.value_date)?;
        }
        let policy = load_policy(&self.tx)?;
        if let Some(loan_id) = new.loan_id {
            let programs = load_programs(&self.tx)?;
            let record = load_loans(&self.tx, Scope::Loan(loan_id))?
                .pop()
                .ok_or_else(|| StoreError::NotFound {
                    what: "khế ước",
                    key: loan_id.to_string(),
                })?;
            if record.loan.member_id != new.member_id {
                return Err(StoreError::rejected(
                    "wrong_member",
                    format!(
                        "Khế ước {} không phải của tổ viên này",
                        record.loan.account_no
                    ),
                ));
            }
            let p = position_of(&record, &programs, &policy, new.value_date)?;
            let limit = match new.kind {
                EntryKind::Disbursement => record.loan.amount - p.disbursed,
                EntryKind::PrincipalRepayment | EntryKind::PrincipalWriteOff => p.outstanding,
                EntryKind::InterestPayment
                | EntryKind::InterestFromSavings
                | EntryKind::InterestWriteOff => p.interest_due,
                _ => Dong(i64::MAX),
            };
            if new.amount > limit {
                return Err(StoreError::rejected(
                    "overpayment",
                    format!(
                        "{} = «{}»: vượt số phải trả {} của khế ước {} ngày {fmt_day}",
                        new.kind.label_vi(),
                        new.amount,
                        limit,
                        record.loan.account_no
                    ),
                ));
            }
        }
        if matches!(
            new.kind,
            EntryKind::SavingsWithdrawal | EntryKind::InterestFromSavings
        ) {
            let balance = savings_balance(&self.tx, new.member_id, new.value_date)?;
            if new.amount > balance {
                return Err(StoreError::rejected(
                    "savings_below_zero",
                    format!(
                        "{} = «{}»: số dư tiết kiệm chỉ có {balance}",
                        new.kind.label_vi(),
                        new.amount
                    ),
                ));
            }
        }
        if new.kind == EntryKind::SavingsDeposit && new.amount < policy.min_savings_deposit {
            return Err(StoreError::rejected(
                "deposit_below_minimum",
                format!(
                    "Gửi tiết kiệm = «{}»: tối thiểu {} mỗi lần gửi",
                    new.amount, policy.min_savings_deposit
                ),
            ));
        }
        let entry = Entry {
            id: EntryId(self.new_id()),
            kind: new.kind,
            member_id: new.member_id,
            loan_id: new.loan_id,
            amount: new.amount,
            value_date: new.value_date,
            session_id: new.session_id,
            recorded_by: self.actor.staff,
            device_id: self.device_id,
            recorded_at: self.actor.at,
            receipt_no: new.receipt_no,
            reverses: None,
            reason: None,
            approved_by: None,
        };
        self.append_entry_trusted(&entry)?;
        Ok(entry)
    }

    /// Reverses an entry. The approver is a second person whose PIN must
    /// match; the reason is required. The reversal is recorded in `session`
    /// (which may be closed: approved reversals are allowed there) or outside
    /// any session.
    pub fn reverse(
        &mut self,
        entry: EntryId,
        reason: &str,
        approver: StaffId,
        approver_pin: &str,
        session: Option<SessionId>,
    ) -> Result<Entry, StoreError> {
        if reason.trim().is_empty() {
            return Err(StoreError::rejected(
                "reason_required",
                "Hủy bút toán phải ghi lý do",
            ));
        }
        if approver == self.actor.staff {
            return Err(StoreError::rejected(
                "approver_is_recorder",
                "Người duyệt hủy phải là người khác (kiểm soát viên)",
            ));
        }
        // PINs have 4–6 digits: an empty one proves nobody's presence (a
        // person without a PIN, like the system account, cannot approve).
        if approver_pin.is_empty() || !check_pin(&self.tx, approver, approver_pin)? {
            return Err(StoreError::rejected(
                "wrong_pin",
                "Mã PIN của người duyệt không đúng",
            ));
        }
        // kind, member, loan, amount, value date, id of an existing reversal.
        type EntryHead = (String, String, Option<String>, i64, String, Option<String>);
        let row: Option<EntryHead> = self
            .tx
            .query_row(
                "SELECT kind, member_id, loan_id, amount, value_date, (SELECT r.id FROM ledger_entry r WHERE r.reverses_id = e.id) FROM ledger_entry e WHERE id = ?1",
                [entry.0.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let Some((kind, member, loan, amount, value_date, already)) = row else {
            return Err(StoreError::NotFound {
                what: "bút toán",
                key: entry.to_string(),
            });
        };
        if kind == "reversal" {
            return Err(StoreError::rejected(
                "reverse_reversal",
                "Không hủy một bút toán hủy; hãy ghi lại bút toán đúng",
            ));
        }
        if already.is_some() {
            return Err(StoreError::rejected(
                "already_reversed",
                format!("Bút toán «{entry}» đã bị hủy trước đó"),
            ));
        }
        let original_kind =
            EntryKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?;
        let member_id = MemberId(parse_uuid(&member)?);
        // Reversing a deposit must not take savings below zero today.
        if matches!(
            original_kind,
            EntryKind::SavingsDeposit | EntryKind::SavingsBroughtForward
        ) {
            let balance = savings_balance(&self.tx, member_id, far_future())?;
            if balance < Dong(amount) {
                return Err(StoreError::rejected(
                    "savings_below_zero",
                    format!(
                        "Hủy khoản gửi {} làm số dư tiết kiệm ({balance}) âm",
                        Dong(amount)
                    ),
                ));
            }
        }
        // Likewise, reversing a disbursement must not leave repayments of
        // principal that was never lent (outstanding below zero).
        if matches!(
            original_kind,
            EntryKind::Disbursement | EntryKind::PrincipalBroughtForward
        ) {
            let outstanding: i64 = self.tx.query_row(
                "SELECT coalesce(sum(CASE WHEN e.kind IN ('disbursement', 'principal_brought_forward') THEN e.amount ELSE -e.amount END), 0)
                 FROM ledger_entry e WHERE e.loan_id = ?1
                   AND e.kind IN ('disbursement', 'principal_brought_forward', 'principal_repayment', 'principal_write_off')
                   AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)",
                [&loan],
                |r| r.get(0),
            )?;
            if outstanding < amount {
                return Err(StoreError::rejected(
                    "outstanding_below_zero",
                    format!(
                        "Hủy khoản giải ngân {} làm dư nợ ({}) âm; hãy hủy các khoản thu nợ gốc trước",
                        Dong(amount),
                        Dong(outstanding)
                    ),
                ));
            }
        }
        let value_date = match session {
            Some(s) => self.session_date(s)?,
            None => parse_date(&value_date)?,
        };
        let reversal = Entry {
            id: EntryId(self.new_id()),
            kind: EntryKind::Reversal,
            member_id,
            loan_id: loan.map(|l| parse_uuid(&l).map(LoanId)).transpose()?,
            amount: Dong(amount),
            value_date,
            session_id: session,
            recorded_by: self.actor.staff,
            device_id: self.device_id,
            recorded_at: self.actor.at,
            receipt_no: None,
            reverses: Some(entry),
            reason: Some(reason.trim().to_string()),
            approved_by: Some(approver),
        };
        self.append_entry_trusted(&reversal)?;
        Ok(reversal)
    }

    /// Records a risk-handling decision; a write-off also appends its
    /// write-off entries.
    pub fn add_decision(&mut self, decision: &RiskDecision) -> Result<(), StoreError> {
        decision
            .check()
            .map_err(|e| StoreError::rejected("invalid_field", e.to_string()))?;
        let (new_due_on, seq, from, until, principal, interest) = match &decision.measure {
            RiskMeasure::Extension {
                new_due_on,
                installment_seq,
            } => (Some(*new_due_on), *installment_seq, None, None, None, None),
            RiskMeasure::Freeze { from, until } => (None, None, Some(*from), *until, None, None),
            RiskMeasure::WriteOff {
                principal,
                interest,
            } => (None, None, None, None, Some(*principal), Some(*interest)),
        };
        let member: Option<String> = self
            .tx
            .query_row(
                "SELECT member_id FROM loan WHERE id = ?1",
                [decision.loan_id.0.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let member = member.ok_or_else(|| StoreError::NotFound {
            what: "khế ước",
            key: decision.loan_id.to_string(),
        })?;
        self.tx.execute(
            "INSERT INTO risk_decision (id, loan_id, decision_no, decided_on, measure, new_due_on, installment_seq, frozen_from, frozen_until, principal, interest, reason, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                decision.id.0.to_string(),
                decision.loan_id.0.to_string(),
                decision.decision_no.trim(),
                date(decision.decided_on),
                match decision.measure {
                    RiskMeasure::Extension { .. } => "extension",
                    RiskMeasure::Freeze { .. } => "freeze",
                    RiskMeasure::WriteOff { .. } => "write_off",
                },
                new_due_on.map(date),
                seq,
                from.map(date),
                until.map(date),
                principal.map(Dong::get),
                interest.map(Dong::get),
                decision.reason,
                self.actor.staff.0.to_string()
            ],
        )?;
        if let RiskMeasure::WriteOff {
            principal,
            interest,
        } = decision.measure
        {
            let member_id = MemberId(parse_uuid(&member)?);
            for (kind, amount) in [
                (EntryKind::PrincipalWriteOff, principal),
                (EntryKind::InterestWriteOff, interest),
            ] {
                if amount.is_positive() {
                    self.record_entry(NewEntry {
                        kind,
                        member_id,
                        loan_id: Some(decision.loan_id),
                        amount,
                        value_date: decision.decided_on,
                        session_id: None,
                        receipt_no: Some(decision.decision_no.clone()),
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Opens the session of `date` at the point. `opening_cash` is the cash
    /// the team brought from the district office (tạm ứng), counted back at
    /// the close.
    pub fn open_session(
        &mut self,
        point: phien_core::ids::PointId,
        day: NaiveDate,
        team: &Team,
        opening_cash: Dong,
    ) -> Result<SessionId, StoreError> {
        if opening_cash < Dong::ZERO {
            return Err(StoreError::rejected(
                "invalid_amount",
                format!("Tiền mang từ PGD = «{opening_cash}»: không được âm"),
            ));
        }
        team.check()
            .map_err(|e| StoreError::rejected("team_too_small", e.to_string()))?;
        let existing: Option<String> = self
            .tx
            .query_row(
                "SELECT id FROM session WHERE point_id = ?1 AND date = ?2",
                params![point.0.to_string(), date(day)],
                |r| r.get(0),
            )
            .optional()?;
        if existing.is_some() {
            return Err(StoreError::rejected(
                "session_exists",
                format!("Đã có phiên giao dịch ngày {}", day.format("%d/%m/%Y")),
            ));
        }
        let id = SessionId(self.new_id());
        self.tx.execute(
            "INSERT INTO session (id, point_id, date, team_leader_id, controller_id, teller_id, opened_at, opening_cash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id.0.to_string(),
                point.0.to_string(),
                date(day),
                team.team_leader.0.to_string(),
                team.controller.0.to_string(),
                team.teller.0.to_string(),
                self.actor.at.to_rfc3339(),
                opening_cash.get()
            ],
        )?;
        Ok(id)
    }

    /// Records a group's cash handover at a session, against what its list adds up to.
    pub fn record_handover(
        &mut self,
        session: SessionId,
        group: GroupId,
        expected: Dong,
        handed_over: Dong,
        note: Option<&str>,
    ) -> Result<HandoverId, StoreError> {
        let day = self.session_date(session)?;
        self.check_session(session, day)?;
        if handed_over < Dong::ZERO {
            return Err(StoreError::rejected(
                "invalid_amount",
                format!("Tiền nộp = «{handed_over}»: không được âm"),
            ));
        }
        if handed_over != expected && note.is_none_or(|n| n.trim().is_empty()) {
            return Err(StoreError::rejected(
                "unexplained_difference",
                format!(
                    "Tổ nộp {handed_over}, danh sách thu {expected}: lệch {}; phải ghi lý do",
                    handed_over - expected
                ),
            ));
        }
        let id = HandoverId(self.new_id());
        self.tx.execute(
            "INSERT INTO handover (id, session_id, group_id, expected, handed_over, note, received_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id.0.to_string(),
                session.0.to_string(),
                group.0.to_string(),
                expected.get(),
                handed_over.get(),
                note,
                self.actor.staff.0.to_string(),
                self.actor.at.to_rfc3339()
            ],
        )?;
        Ok(id)
    }

    /// Records a whole group's typed collection list (13/TD) as one
    /// all-or-nothing change: every row is checked against the list of the
    /// date; any bad row refuses everything. With a session, the entries
    /// belong to it and `handed_over` (the cash the leader brought) is
    /// recorded as the group's handover.
    pub fn record_collection(
        &mut self,
        group: GroupId,
        day: NaiveDate,
        session: Option<SessionId>,
        inputs: &[CollectionInput],
        handed_over: Option<(Dong, Option<&str>)>,
    ) -> Result<CollectionReceipt, StoreError> {
        if let Some(session) = session {
            self.check_session(session, day)?;
        }
        let book = group_book(&self.tx, group, day)?;
        let list = book.collection_list(day)?;
        let planned =
            plan_collection(&list, inputs, book.policy()).map_err(StoreError::Collection)?;
        // The list assumed each loan's due principal is paid; check the
        // interest against what is really paid today (a prepayment lowers
        // today's interest by a day's worth).
        let mut errors = Vec::new();
        let mut by_loan: std::collections::BTreeMap<LoanId, (MemberId, Dong, Dong)> =
            std::collections::BTreeMap::new();
        for p in &planned {
            if let Some(loan) = p.loan_id {
                let slot = by_loan
                    .entry(loan)
                    .or_insert((p.member_id, Dong::ZERO, Dong::ZERO));
                match p.kind {
                    EntryKind::PrincipalRepayment => slot.1 += p.amount,
                    EntryKind::InterestPayment | EntryKind::InterestFromSavings => {
                        slot.2 += p.amount
                    }
                    _ => {}
                }
            }
        }
        for (loan, (member, principal, interest)) in by_loan {
            if !interest.is_positive() {
                continue;
            }
            let due = book.interest_due_after(loan, day, principal)?;
            if interest > due {
                errors.push(phien_core::collection::CollectionError {
                    code: "overpayment",
                    member_id: member,
                    member_name: book.member_name(member),
                    field: "Thu lãi",
                    value: interest,
                    reason: format!(
                        "vượt số lãi phải trả {due} khi trả {principal} tiền gốc trong ngày"
                    ),
                });
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Collection(errors));
        }
        let mut entries = Vec::with_capacity(planned.len());
        for p in planned {
            let entry = Entry {
                id: EntryId(self.new_id()),
                kind: p.kind,
                member_id: p.member_id,
                loan_id: p.loan_id,
                amount: p.amount,
                value_date: day,
                session_id: session,
                recorded_by: self.actor.staff,
                device_id: self.device_id,
                recorded_at: self.actor.at,
                receipt_no: p.receipt_no,
                reverses: None,
                reason: None,
                approved_by: None,
            };
            self.append_entry_trusted(&entry)?;
            entries.push(entry);
        }
        let cash: Dong = inputs.iter().map(CollectionInput::cash).sum();
        let handover = match (session, handed_over) {
            (Some(session), Some((amount, note))) => {
                Some(self.record_handover(session, group, cash, amount, note)?)
            }
            _ => None,
        };
        Ok(CollectionReceipt {
            group_id: group,
            date: day,
            session_id: session,
            n_members: inputs.len(),
            cash,
            entries,
            handover,
        })
    }

    /// Closes a session with the cash count. The count is reconciled against
    /// the session's entries; a difference needs a note.
    pub fn close_session(
        &mut self,
        session: SessionId,
        count: &CashCount,
        note: Option<&str>,
    ) -> Result<phien_core::money::Dong, StoreError> {
        let day = self.session_date(session)?;
        self.check_session(session, day)?;
        let expected = session_expected_cash(&self.tx, session)?;
        let difference = reconcile(count, expected, note)
            .map_err(|e| StoreError::rejected("unexplained_difference", e.to_string()))?;
        let notes_json =
            serde_json::to_string(&count.notes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.tx.execute(
            "UPDATE session SET closed_at = ?2, closed_by = ?3, cash_count = ?4, expected_cash = ?5, cash_difference = ?6, difference_note = ?7 WHERE id = ?1",
            params![
                session.0.to_string(),
                self.actor.at.to_rfc3339(),
                self.actor.staff.0.to_string(),
                notes_json,
                expected.get(),
                difference.get(),
                note
            ],
        )?;
        Ok(difference)
    }

    /// Records a group meeting with attendance and decisions. A leader
    /// election also makes the elected member the group's leader.
    pub fn insert_meeting(&mut self, meeting: &Meeting) -> Result<(), StoreError> {
        let members: Vec<MemberId> = crate::org::members_of_group(&self.tx, meeting.group_id)?
            .into_iter()
            .map(|m| m.id)
            .collect();
        meeting
            .check(&members)
            .map_err(|e| StoreError::rejected("invalid_meeting", e.to_string()))?;
        let programs = load_programs(&self.tx)?;
        for (idx, decision) in meeting.decisions.iter().enumerate() {
            if let Decision::LoanRequest { program, .. } = decision
                && !programs.contains_key(program)
            {
                return Err(StoreError::rejected(
                    "invalid_meeting",
                    format!(
                        "quyết định thứ {}: chương trình cho vay = «{program}» không có trong danh mục",
                        idx + 1
                    ),
                ));
            }
        }
        self.tx.execute(
            "INSERT INTO meeting (id, group_id, held_on, kind, agenda, minutes, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                meeting.id.0.to_string(),
                meeting.group_id.0.to_string(),
                date(meeting.held_on),
                meeting.kind.code(),
                meeting.agenda,
                meeting.minutes,
                meeting.recorded_by.0.to_string()
            ],
        )?;
        for (member, presence) in &meeting.attendance {
            if !members.contains(member) {
                return Err(StoreError::rejected(
                    "invalid_meeting",
                    format!("Người dự họp «{member}» không thuộc tổ"),
                ));
            }
            self.tx.execute(
                "INSERT INTO meeting_attendance (meeting_id, member_id, presence) VALUES (?1, ?2, ?3)",
                params![
                    meeting.id.0.to_string(),
                    member.0.to_string(),
                    match presence {
                        phien_core::meeting::Presence::Present => "present",
                        phien_core::meeting::Presence::Absent => "absent",
                        phien_core::meeting::Presence::Represented => "represented",
                    }
                ],
            )?;
        }
        for (idx, decision) in meeting.decisions.iter().enumerate() {
            let body =
                serde_json::to_string(decision).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let kind = match decision {
                Decision::LoanRequest { .. } => "loan_request",
                Decision::MemberAdmitted { .. } => "member_admitted",
                Decision::MemberLeft { .. } => "member_left",
                Decision::LeaderElected { .. } => "leader_elected",
                Decision::Text { .. } => "text",
            };
            self.tx.execute(
                "INSERT INTO meeting_decision (meeting_id, seq, kind, body) VALUES (?1, ?2, ?3, ?4)",
                params![meeting.id.0.to_string(), idx as i64 + 1, kind, body],
            )?;
            if let Decision::LeaderElected { member_id } = decision {
                self.set_group_leader(meeting.group_id, *member_id, None)?;
            }
        }
        Ok(())
    }

    /// Records what was learned about a borrower (moved away, returned, deceased, missing).
    pub fn add_status_event(&mut self, event: &StatusEvent) -> Result<(), StoreError> {
        if event.kind == StatusKind::MovedAway
            && event
                .destination
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
        {
            return Err(StoreError::rejected(
                "invalid_field",
                "Đi khỏi địa phương: phải ghi nơi chuyển đến (hoặc «chưa rõ»)",
            ));
        }
        if event.source.trim().is_empty() {
            return Err(StoreError::rejected(
                "invalid_field",
                "Phải ghi nguồn thông tin (tổ trưởng, trưởng thôn, công an…)",
            ));
        }
        crate::org::member_by_id(&self.tx, event.member_id)?;
        self.tx.execute(
            "INSERT INTO status_event (id, member_id, kind, learned_on, destination, source, note, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                event.id.0.to_string(),
                event.member_id.0.to_string(),
                event.kind.code(),
                date(event.learned_on),
                event.destination,
                event.source,
                event.note,
                event.recorded_by.0.to_string()
            ],
        )?;
        Ok(())
    }

    /// Adds a line to a moved-away borrower's tracing log.
    pub fn add_trace(&mut self, trace: &Trace) -> Result<(), StoreError> {
        let kind: Option<String> = self
            .tx
            .query_row(
                "SELECT kind FROM status_event WHERE id = ?1",
                [trace.event_id.0.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match kind.as_deref() {
            None => {
                return Err(StoreError::NotFound {
                    what: "sự kiện",
                    key: trace.event_id.to_string(),
                });
            }
            Some("moved_away") | Some("missing") => {}
            Some(_) => {
                return Err(StoreError::rejected(
                    "invalid_field",
                    "Chỉ tra cứu cho người vay đi khỏi địa phương hoặc mất tích",
                ));
            }
        }
        self.tx.execute(
            "INSERT INTO trace_log (id, event_id, agency, asked_on, answer, answered_on, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                trace.id.0.to_string(),
                trace.event_id.0.to_string(),
                trace.agency.code(),
                date(trace.asked_on),
                trace.answer,
                trace.answered_on.map(date),
                trace.recorded_by.0.to_string()
            ],
        )?;
        Ok(())
    }

    /// Records the answer to a tracing request.
    pub fn answer_trace(
        &mut self,
        trace: TraceId,
        answer: &str,
        answered_on: NaiveDate,
    ) -> Result<(), StoreError> {
        if answer.trim().is_empty() {
            return Err(StoreError::rejected(
                "invalid_field",
                "Nội dung trả lời không được để trống",
            ));
        }
        let n = self.tx.execute(
            "UPDATE trace_log SET answer = ?2, answered_on = ?3 WHERE id = ?1",
            params![trace.0.to_string(), answer.trim(), date(answered_on)],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "dòng tra cứu",
                key: trace.to_string(),
            });
        }
        Ok(())
    }

    /// Group id of a member (helper for callers that hold only the member).
    pub fn group_of(&self, member: MemberId) -> Result<GroupId, StoreError> {
        let g: String = self
            .tx
            .query_row(
                "SELECT group_id FROM member WHERE id = ?1",
                [member.0.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "tổ viên",
                key: member.to_string(),
            })?;
        Ok(GroupId(parse_uuid(&g)?))
    }

    /// The association id of a kind at a point.
    pub fn association_of(
        &self,
        point: phien_core::ids::PointId,
        kind: phien_core::org::AssociationKind,
    ) -> Result<AssociationId, StoreError> {
        let a: String = self
            .tx
            .query_row(
                "SELECT id FROM association WHERE point_id = ?1 AND kind = ?2",
                params![point.0.to_string(), kind.code()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "hội",
                key: kind.name_vi().to_string(),
            })?;
        Ok(AssociationId(parse_uuid(&a)?))
    }

    /// Ids of status events, for callers adding traces.
    pub fn latest_status_event(
        &self,
        member: MemberId,
    ) -> Result<Option<StatusEventId>, StoreError> {
        let id: Option<String> = self
            .tx
            .query_row(
                "SELECT id FROM status_event WHERE member_id = ?1 ORDER BY learned_on DESC, id DESC LIMIT 1",
                [member.0.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|s| parse_uuid(&s).map(StatusEventId)).transpose()
    }

    // What people type in the app: the same writes, refusing dates after
    // today. The demo and the import write history through the forms above,
    // whose dates are their own business.

    /// [`Tx::insert_meeting`], refusing a meeting held after `today`.
    pub fn record_meeting(
        &mut self,
        meeting: &Meeting,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        not_after_today("Ngày họp", meeting.held_on, today).map_err(future_date)?;
        self.insert_meeting(meeting)
    }

    /// [`Tx::add_status_event`], refusing news learned after `today`.
    pub fn record_status_event(
        &mut self,
        event: &StatusEvent,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        not_after_today("Ngày biết tin", event.learned_on, today).map_err(future_date)?;
        self.add_status_event(event)
    }

    /// [`Tx::add_trace`], refusing a request (or an answer) dated after
    /// `today` and an answer before the request.
    pub fn record_trace(&mut self, trace: &Trace, today: NaiveDate) -> Result<(), StoreError> {
        not_after_today("Ngày hỏi", trace.asked_on, today).map_err(future_date)?;
        if let Some(answered_on) = trace.answered_on {
            not_after_today("Ngày trả lời", answered_on, today).map_err(future_date)?;
            answer_not_before(answered_on, trace.asked_on)?;
        }
        self.add_trace(trace)
    }

    /// [`Tx::answer_trace`], refusing an answer dated after `today` or
    /// before the request was made.
    pub fn record_trace_answer(
        &mut self,
        trace: TraceId,
        answer: &str,
        answered_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        not_after_today("Ngày trả lời", answered_on, today).map_err(future_date)?;
        let asked_on: Option<String> = self
            .tx
            .query_row(
                "SELECT asked_on FROM trace_log WHERE id = ?1",
                [trace.0.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let asked_on = asked_on.ok_or_else(|| StoreError::NotFound {
            what: "dòng tra cứu",
            key: trace.to_string(),
        })?;
        answer_not_before(answered_on, parse_date(&asked_on)?)?;
        self.answer_trace(trace, answer, answered_on)
    }

    /// [`Tx::add_decision`], refusing a decision dated after `today`.
    pub fn record_decision(
        &mut self,
        decision: &RiskDecision,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        not_after_today("Ngày quyết định", decision.decided_on, today).map_err(future_date)?;
        self.add_decision(decision)
    }
}

fn future_date(e: FutureDate) -> StoreError {
    StoreError::rejected("future_date", e.to_string())
}

fn answer_not_before(answered_on: NaiveDate, asked_on: NaiveDate) -> Result<(), StoreError> {
    if answered_on < asked_on {
        return Err(StoreError::rejected(
            "invalid_field",
            format!(
                "Ngày trả lời = «{}»: trước ngày hỏi ({})",
                answered_on.format("%d/%m/%Y"),
                asked_on.format("%d/%m/%Y")
            ),
        ));
    }
    Ok(())
}

/// A date after every value date, for "balance whatever the date". Dates are
/// stored as `YYYY-MM-DD` text, so it must stay a four-digit year
/// (`NaiveDate::MAX` formats as `+262142-12-31` and sorts before them all).
fn far_future() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default()
}
