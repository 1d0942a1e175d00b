//! Typed ids. Every record is identified by a UUIDv7 created by the caller
//! (the core never makes ids: no clock, no randomness here).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }
    )*};
}

id_type! {
    /// A district transaction office (PGD).
    OfficeId;
    /// A commune transaction point (điểm giao dịch xã).
    PointId;
    /// An entrusted association at a point (Hội đoàn thể nhận ủy thác).
    AssociationId;
    /// A savings-and-loan group (Tổ TK&VV).
    GroupId;
    /// A member household's representative (tổ viên).
    MemberId;
    /// A loan (món vay / khế ước).
    LoanId;
    /// A ledger entry (bút toán).
    EntryId;
    /// A transaction session (phiên giao dịch).
    SessionId;
    /// A person who records or approves: bank staff, group leader, supervisor.
    StaffId;
    /// A device (laptop, leader's phone) that keeps a copy of the books.
    DeviceId;
    /// A group meeting (họp tổ).
    MeetingId;
    /// A borrower status event (đi khỏi địa phương, chết, mất tích…).
    StatusEventId;
    /// A risk-handling decision (gia hạn, khoanh nợ, xóa nợ).
    DecisionId;
    /// A group's cash handover at a session (tổ trưởng nộp tiền).
    HandoverId;
    /// A tracing-log line for a moved-away borrower.
    TraceId;
    /// A group leader's receipt to a member (biên lai 01/BL).
    LeaderReceiptId;
}
