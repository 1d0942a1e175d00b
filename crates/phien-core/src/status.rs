//! Borrower status over time: moved away (with a tracing log), deceased,
//! missing, returned. Status is history: each event is a dated row; the
//! current status is the latest event.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{MemberId, StaffId, StatusEventId, TraceId};

/// What was learned about the borrower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// Đi khỏi địa phương.
    MovedAway,
    /// Đã trở về địa phương.
    Returned,
    /// Đã chết.
    Deceased,
    /// Mất tích.
    Missing,
}

impl StatusKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            StatusKind::MovedAway => "moved_away",
            StatusKind::Returned => "returned",
            StatusKind::Deceased => "deceased",
            StatusKind::Missing => "missing",
        }
    }
    /// Inverse of code.
    pub fn from_code(code: &str) -> Option<StatusKind> {
        [
            StatusKind::MovedAway,
            StatusKind::Returned,
            StatusKind::Deceased,
            StatusKind::Missing,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            StatusKind::MovedAway => "Đi khỏi địa phương",
            StatusKind::Returned => "Đã trở về",
            StatusKind::Deceased => "Đã chết",
            StatusKind::Missing => "Mất tích",
        }
    }
}

/// A status event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// Id.
    pub id: StatusEventId,
    /// Borrower.
    pub member_id: MemberId,
    /// Kind.
    pub kind: StatusKind,
    /// Date the bank learned it.
    pub learned_on: NaiveDate,
    /// Destination (province / address) for a move.
    pub destination: Option<String>,
    /// Source of the information (tổ trưởng, trưởng thôn, công an xã…).
    pub source: String,
    /// Note.
    pub note: Option<String>,
    /// Recorded by.
    pub recorded_by: StaffId,
}

/// An agency asked while tracing a borrower who moved away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    /// Công an.
    Police,
    /// Bảo hiểm xã hội.
    SocialInsurance,
    /// Cơ quan thuế.
    Tax,
    /// Other (UBND, relatives, employer…).
    Other,
}

impl Agency {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Agency::Police => "police",
            Agency::SocialInsurance => "social_insurance",
            Agency::Tax => "tax",
            Agency::Other => "other",
        }
    }
    /// Inverse of code.
    pub fn from_code(code: &str) -> Option<Agency> {
        [
            Agency::Police,
            Agency::SocialInsurance,
            Agency::Tax,
            Agency::Other,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Agency::Police => "Công an",
            Agency::SocialInsurance => "Bảo hiểm xã hội",
            Agency::Tax => "Cơ quan thuế",
            Agency::Other => "Cơ quan khác",
        }
    }
}

/// One line of the tracing log of a moved-away borrower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Id.
    pub id: TraceId,
    /// The moved-away event it belongs to.
    pub event_id: StatusEventId,
    /// Agency asked.
    pub agency: Agency,
    /// When.
    pub asked_on: NaiveDate,
    /// Answer, once received.
    pub answer: Option<String>,
    /// When answered.
    pub answered_on: Option<NaiveDate>,
    /// Recorded by.
    pub recorded_by: StaffId,
}

/// The status that holds on `as_of`: the latest event learned on or before it.
pub fn current_status(events: &[StatusEvent], as_of: NaiveDate) -> Option<&StatusEvent> {
    events
        .iter()
        .filter(|e| e.learned_on <= as_of)
        .max_by_key(|e| (e.learned_on, e.id))
}

/// Whether the borrower counts as moved away on `as_of`.
pub fn is_moved_away(events: &[StatusEvent], as_of: NaiveDate) -> bool {
    current_status(events, as_of).is_some_and(|e| e.kind == StatusKind::MovedAway)
}
