//! The group leader's receipts (biên lai 01/BL): written during the month on
//! the leader's account, settled at the session's handover. Rules live in
//! `phien_core::leader`; this module stores and reads them.

use chrono::{DateTime, NaiveDate, Utc};
use phien_core::collection::CollectionInput;
use phien_core::ids::{GroupId, HandoverId, LeaderReceiptId, MemberId, StaffId};
use phien_core::leader::{ReceiptInput, Receipted, check_receipt, check_settlement};
use phien_core::money::Dong;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::book::group_book;
use crate::codec::{date, in_row, parse_date, parse_instant, parse_uuid};
use crate::writes::Tx;
use crate::{StoreError, org};

/// Where a receipt stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReceiptState {
    /// Cash still with the leader, to hand over at the next session.
    Pending,
    /// Cancelled by the leader (hủy), with the reason.
    Voided {
        /// Why.
        reason: String,
    },
    /// Handed over and posted at a session.
    Settled {
        /// The handover.
        handover: HandoverId,
        /// Its session's date.
        session_date: NaiveDate,
    },
}

/// A leader's receipt with the member's name, for lists and printing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderReceipt {
    /// Id.
    pub id: LeaderReceiptId,
    /// Group.
    pub group_id: GroupId,
    /// Member.
    pub member_id: MemberId,
    /// Member's customer code.
    pub customer_code: String,
    /// Member's name.
    pub member_name: String,
    /// Number printed on the receipt.
    pub receipt_no: String,
    /// Day the leader received the money.
    pub received_on: NaiveDate,
    /// Interest (thu lãi).
    pub interest: Dong,
    /// Savings deposit (gửi tiết kiệm).
    pub savings_deposit: Dong,
    /// Leader's account.
    pub recorded_by: StaffId,
    /// When it was written.
    pub recorded_at: DateTime<Utc>,
    /// Pending, cancelled or settled.
    pub state: ReceiptState,
}

impl LeaderReceipt {
    /// Cash on the receipt.
    pub fn total(&self) -> Dong {
        self.interest + self.savings_deposit
    }
}

/// The group a leader's account leads, if any.
pub(crate) fn group_led_by(
    conn: &Connection,
    staff: StaffId,
) -> Result<Option<GroupId>, StoreError> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM savings_group WHERE leader_staff_id = ?1",
            [staff.0.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| parse_uuid(&id).map(GroupId)).transpose()
}

const SELECT: &str =
    "SELECT r.id, r.group_id, r.member_id, m.customer_code, m.full_name, r.receipt_no,
        r.received_on, r.interest, r.savings_deposit, r.recorded_by, r.recorded_at,
        v.reason, s.handover_id, ss.date
    FROM leader_receipt r
    JOIN member m ON m.id = r.member_id
    LEFT JOIN leader_receipt_void v ON v.receipt_id = r.id
    LEFT JOIN leader_receipt_settlement s ON s.receipt_id = r.id
    LEFT JOIN handover h ON h.id = s.handover_id
    LEFT JOIN session ss ON ss.id = h.session_id";

fn receipt_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeaderReceipt> {
    let void: Option<String> = r.get(11)?;
    let handover: Option<String> = r.get(12)?;
    let session_date: Option<String> = r.get(13)?;
    let state = match (void, handover, session_date) {
        (Some(reason), _, _) => ReceiptState::Voided { reason },
        (None, Some(h), Some(d)) => ReceiptState::Settled {
            handover: HandoverId(in_row(parse_uuid(&h))?),
            session_date: in_row(parse_date(&d))?,
        },
        _ => ReceiptState::Pending,
    };
    Ok(LeaderReceipt {
        id: LeaderReceiptId(in_row(parse_uuid(&r.get::<_, String>(0)?))?),
        group_id: GroupId(in_row(parse_uuid(&r.get::<_, String>(1)?))?),
        member_id: MemberId(in_row(parse_uuid(&r.get::<_, String>(2)?))?),
        customer_code: r.get(3)?,
        member_name: r.get(4)?,
        receipt_no: r.get(5)?,
        received_on: in_row(parse_date(&r.get::<_, String>(6)?))?,
        interest: Dong(r.get(7)?),
        savings_deposit: Dong(r.get(8)?),
        recorded_by: StaffId(in_row(parse_uuid(&r.get::<_, String>(9)?))?),
        recorded_at: in_row(parse_instant(&r.get::<_, String>(10)?))?,
        state,
    })
}

/// A group's receipts, oldest first; `pending_only` leaves out cancelled and
/// settled ones.
pub(crate) fn receipts_of_group(
    conn: &Connection,
    group: GroupId,
    pending_only: bool,
) -> Result<Vec<LeaderReceipt>, StoreError> {
    let filter = if pending_only {
        " AND v.receipt_id IS NULL AND s.receipt_id IS NULL"
    } else {
        ""
    };
    let sql = format!(
        "{SELECT} WHERE r.group_id = ?1{filter} ORDER BY r.received_on, r.recorded_at, r.receipt_no"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([group.0.to_string()], receipt_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn receipt_by_id(conn: &Connection, id: LeaderReceiptId) -> Result<LeaderReceipt, StoreError> {
    conn.query_row(
        &format!("{SELECT} WHERE r.id = ?1"),
        [id.0.to_string()],
        receipt_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "biên lai",
        key: id.to_string(),
    })
}

impl Tx<'_> {
    fn led_group(&self) -> Result<GroupId, StoreError> {
        group_led_by(&self.tx, self.actor.staff)?.ok_or_else(|| {
            StoreError::rejected(
                "not_group_leader",
                "chỉ tổ trưởng của tổ mới được viết hoặc hủy biên lai của tổ",
            )
        })
    }

    /// Writes a receipt on the acting leader's account for a member of their
    /// group, received on `received_on`, checked against what the member
    /// will owe at the session on `session_day` less what earlier pending
    /// receipts already took. Numbered `group code/year/sequence`.
    pub fn record_leader_receipt(
        &mut self,
        input: &ReceiptInput,
        received_on: NaiveDate,
        session_day: NaiveDate,
    ) -> Result<LeaderReceipt, StoreError> {
        let group = self.led_group()?;
        if received_on > session_day {
            return Err(StoreError::rejected(
                "invalid_date",
                format!(
                    "Ngày thu = «{}»: sau phiên giao dịch {}",
                    received_on.format("%d/%m/%Y"),
                    session_day.format("%d/%m/%Y")
                ),
            ));
        }
        let book = group_book(&self.tx, group, session_day)?;
        let list = book.collection_list(session_day)?;
        let Some(due) = list.iter().find(|m| m.member_id == input.member_id) else {
            return Err(StoreError::rejected(
                "unknown_member",
                format!(
                    "Tổ viên = «{}»: không thuộc tổ của anh/chị",
                    input.member_id
                ),
            ));
        };
        let receipted: Dong = receipts_of_group(&self.tx, group, true)?
            .iter()
            .filter(|r| r.member_id == input.member_id)
            .map(|r| r.interest)
            .sum();
        check_receipt(due, receipted, input, book.policy()).map_err(StoreError::Collection)?;

        let code: String = self.tx.query_row(
            "SELECT code FROM savings_group WHERE id = ?1",
            [group.0.to_string()],
            |r| r.get(0),
        )?;
        let year = received_on.format("%Y").to_string();
        let prefix = format!("{code}/{year}/");
        let last: Option<String> = self.tx.query_row(
            "SELECT max(receipt_no) FROM leader_receipt WHERE group_id = ?1 AND receipt_no LIKE ?2 || '%'",
            params![group.0.to_string(), prefix],
            |r| r.get(0),
        )?;
        let next = last
            .and_then(|no| no.rsplit('/').next().and_then(|n| n.parse::<u32>().ok()))
            .unwrap_or(0)
            + 1;
        let id = LeaderReceiptId(self.new_id());
        self.tx.execute(
            "INSERT INTO leader_receipt (id, group_id, member_id, receipt_no, received_on, interest, savings_deposit, recorded_by, device_id, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id.0.to_string(),
                group.0.to_string(),
                input.member_id.0.to_string(),
                format!("{prefix}{next:04}"),
                date(received_on),
                input.interest.get(),
                input.savings_deposit.get(),
                self.actor.staff.0.to_string(),
                self.device_id.0.to_string(),
                self.actor.at.to_rfc3339(),
            ],
        )?;
        receipt_by_id(&self.tx, id)
    }

    /// Cancels a pending receipt of the acting leader's group, with a reason.
    pub fn void_leader_receipt(
        &mut self,
        receipt: LeaderReceiptId,
        reason: &str,
    ) -> Result<LeaderReceipt, StoreError> {
        let group = self.led_group()?;
        let found = receipt_by_id(&self.tx, receipt)?;
        if found.group_id != group {
            return Err(StoreError::rejected(
                "not_group_leader",
                format!("Biên lai «{}»: không phải của tổ anh/chị", found.receipt_no),
            ));
        }
        check_pending(&found)?;
        if reason.trim().is_empty() {
            return Err(StoreError::rejected(
                "reason_required",
                format!("Biên lai «{}»: phải ghi lý do hủy", found.receipt_no),
            ));
        }
        self.tx.execute(
            "INSERT INTO leader_receipt_void (receipt_id, reason, voided_by, at) VALUES (?1, ?2, ?3, ?4)",
            params![
                receipt.0.to_string(),
                reason.trim(),
                self.actor.staff.0.to_string(),
                self.actor.at.to_rfc3339()
            ],
        )?;
        receipt_by_id(&self.tx, receipt)
    }

    /// Settles the leader's pending receipts against a handover just
    /// recorded for their group: each must be the group's and pending, and
    /// the posted `inputs` must include at least what each member was
    /// receipted (see `phien_core::leader::check_settlement`).
    pub fn settle_leader_receipts(
        &mut self,
        handover: HandoverId,
        receipts: &[LeaderReceiptId],
        inputs: &[CollectionInput],
    ) -> Result<(), StoreError> {
        let group: String = self
            .tx
            .query_row(
                "SELECT group_id FROM handover WHERE id = ?1",
                [handover.0.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "lần nộp tiền",
                key: handover.to_string(),
            })?;
        let group = GroupId(parse_uuid(&group)?);
        let mut by_member: Vec<(MemberId, String, Receipted)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for id in receipts {
            let r = receipt_by_id(&self.tx, *id)?;
            if r.group_id != group {
                return Err(StoreError::rejected(
                    "wrong_group",
                    format!("Biên lai «{}»: của tổ khác", r.receipt_no),
                ));
            }
            check_pending(&r)?;
            if !seen.insert(*id) {
                continue;
            }
            let slot = match by_member.iter().position(|(m, _, _)| *m == r.member_id) {
                Some(i) => &mut by_member[i].2,
                None => {
                    by_member.push((r.member_id, r.member_name.clone(), Receipted::default()));
                    &mut by_member.last_mut().expect("just pushed").2
                }
            };
            slot.interest += r.interest;
            slot.savings_deposit += r.savings_deposit;
        }
        let errors = check_settlement(&by_member, inputs);
        if !errors.is_empty() {
            return Err(StoreError::Collection(errors));
        }
        for id in seen {
            self.tx.execute(
                "INSERT INTO leader_receipt_settlement (receipt_id, handover_id) VALUES (?1, ?2)",
                params![id.0.to_string(), handover.0.to_string()],
            )?;
        }
        Ok(())
    }
}

fn check_pending(r: &LeaderReceipt) -> Result<(), StoreError> {
    match &r.state {
        ReceiptState::Pending => Ok(()),
        ReceiptState::Voided { .. } => Err(StoreError::rejected(
            "receipt_voided",
            format!("Biên lai «{}»: đã bị hủy", r.receipt_no),
        )),
        ReceiptState::Settled { session_date, .. } => Err(StoreError::rejected(
            "receipt_settled",
            format!(
                "Biên lai «{}»: đã nộp tại phiên {}",
                r.receipt_no,
                session_date.format("%d/%m/%Y")
            ),
        )),
    }
}

/// The group a staff account leads (for signing a leader in).
pub(crate) fn leader_group(conn: &Connection, staff: StaffId) -> Result<GroupId, StoreError> {
    let found = org::staff_by_id(conn, staff)?;
    group_led_by(conn, staff)?.ok_or_else(|| {
        StoreError::rejected(
            "not_group_leader",
            format!("«{}» không phải tổ trưởng của tổ nào", found.code),
        )
    })
}
