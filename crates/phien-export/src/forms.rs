//! The plain data of the printed forms that are not reports of the core:
//! the letterhead every document carries, the group's collection list for a
//! session (mẫu 13/TD), a member's receipt (biên lai 01/BL) and a group
//! meeting's minutes (biên bản họp tổ).

use chrono::NaiveDate;
use phien_core::collection::{CollectionInput, MemberDue};
use phien_core::ids::MemberId;
use phien_core::meeting::Meeting;
use phien_core::money::Dong;
use phien_core::program::ProgramCode;

/// Who issues a document and when it was printed (the caller's "today":
/// nothing here reads a clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// The district office (Phòng giao dịch NHCSXH huyện …).
    pub office: String,
    /// The commune transaction point (Điểm giao dịch xã …).
    pub point: String,
    /// The printing date, shown in the footer of every page.
    pub printed_on: NaiveDate,
}

/// A group's collection list for a session (mẫu 13/TD), pre-filled with what
/// the bank computed, with empty cells for what the leader collects.
#[derive(Debug, Clone, Copy)]
pub struct CollectionSheet<'a> {
    /// Group code (T07).
    pub group_code: &'a str,
    /// Group name.
    pub group_name: &'a str,
    /// Village (thôn).
    pub village: &'a str,
    /// The group's association.
    pub association: &'a str,
    /// The group leader's name.
    pub leader: Option<&'a str>,
    /// The session the list is for.
    pub session_day: NaiveDate,
    /// One row per member, as `Store::collection_list` gives them.
    pub members: &'a [MemberDue],
}

/// A member's receipt for what they paid (biên lai thu lãi và tiền gửi,
/// mẫu 01/BL): a group leader's receipt, or the member's part of a group's
/// collection at a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptSlip {
    /// The number written on it, if any.
    pub receipt_no: Option<String>,
    /// The day the money was received.
    pub received_on: NaiveDate,
    /// The group, as people name it (`Tổ TK&VV Thôn Phú Ân Nam (T01)`).
    pub group: String,
    /// Who paid.
    pub member_name: String,
    /// Their customer code.
    pub customer_code: String,
    /// Interest paid in cash (tiền lãi).
    pub interest: Dong,
    /// Principal repaid (tiền gốc).
    pub principal: Dong,
    /// Savings deposited (tiền gửi tiết kiệm).
    pub savings_deposit: Dong,
    /// Savings paid out (rút tiết kiệm), noted on the receipt, not cash in.
    pub savings_withdrawal: Dong,
    /// Interest paid from savings, noted, not cash in.
    pub interest_from_savings: Dong,
    /// Who received it and signs (the group leader).
    pub receiver: Option<String>,
    /// Why it was cancelled, when it was.
    pub voided: Option<String>,
}

impl ReceiptSlip {
    /// The receipt of a member's part of a group's collection on `day`, as
    /// the row of 13/TD recorded it.
    pub fn of_collection(
        paid: &CollectionInput,
        day: NaiveDate,
        group: &str,
        member_name: &str,
        customer_code: &str,
        receiver: Option<&str>,
    ) -> ReceiptSlip {
        ReceiptSlip {
            receipt_no: paid.receipt_no.clone(),
            received_on: day,
            group: group.to_string(),
            member_name: member_name.to_string(),
            customer_code: customer_code.to_string(),
            interest: paid.interest,
            principal: paid.principal,
            savings_deposit: paid.savings_deposit,
            savings_withdrawal: paid.savings_withdrawal,
            interest_from_savings: paid.interest_from_savings,
            receiver: receiver.map(str::to_string),
            voided: None,
        }
    }

    /// The cash the receipt acknowledges: interest, principal and deposit.
    pub fn total(&self) -> Dong {
        self.interest + self.principal + self.savings_deposit
    }
}

/// A meeting's minutes with the names it needs.
#[derive(Debug, Clone, Copy)]
pub struct MinutesSheet<'a> {
    /// The meeting as recorded.
    pub meeting: &'a Meeting,
    /// Group code.
    pub group_code: &'a str,
    /// Group name.
    pub group_name: &'a str,
    /// Village.
    pub village: &'a str,
    /// The group's association.
    pub association: &'a str,
    /// The group leader's name.
    pub leader: Option<&'a str>,
    /// The group's members: id, customer code, name.
    pub members: &'a [(MemberId, String, String)],
    /// Program names, for loan reviews.
    pub programs: &'a [(ProgramCode, String)],
    /// Who recorded the minutes.
    pub recorded_by: &'a str,
}

#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
impl MinutesSheet<'_> {
    /// A member's name (their id if they are not in the group any more).
    pub(crate) fn name(&self, id: MemberId) -> String {
        self.members
            .iter()
            .find(|(m, _, _)| *m == id)
            .map_or_else(|| id.to_string(), |(_, _, name)| name.clone())
    }

    /// A program's name with its code.
    pub(crate) fn program(&self, code: &ProgramCode) -> String {
        self.programs
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.0.clone(), |(_, name)| format!("{name} ({code})"))
    }
}
