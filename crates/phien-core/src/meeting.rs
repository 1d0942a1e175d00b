//! Group meetings (họp tổ): attendance, agenda, structured decisions, minutes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{GroupId, MeetingId, MemberId, StaffId};
use crate::money::Dong;
use crate::program::ProgramCode;

/// Kind of meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Họp định kỳ hằng tháng.
    Monthly,
    /// Bình xét cho vay (loan review).
    LoanReview,
    /// Bầu ban quản lý tổ.
    Election,
    /// Other.
    Other,
}

impl MeetingKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Monthly => "monthly",
            MeetingKind::LoanReview => "loan_review",
            MeetingKind::Election => "election",
            MeetingKind::Other => "other",
        }
    }
    /// Inverse of code.
    pub fn from_code(code: &str) -> Option<MeetingKind> {
        [
            MeetingKind::Monthly,
            MeetingKind::LoanReview,
            MeetingKind::Election,
            MeetingKind::Other,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// Attendance of one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Có mặt.
    Present,
    /// Vắng.
    Absent,
    /// Có người dự thay (ủy quyền).
    Represented,
}

/// A structured decision of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Bình xét: a member's loan request approved or refused.
    LoanRequest {
        /// Applicant.
        member_id: MemberId,
        /// Program.
        program: ProgramCode,
        /// Amount requested or approved.
        amount: Dong,
        /// Term in months.
        term_months: u32,
        /// Approved by the meeting.
        approved: bool,
        /// Why refused / remarks.
        note: Option<String>,
    },
    /// A member admitted to the group.
    MemberAdmitted {
        /// Member.
        member_id: MemberId,
    },
    /// A member left the group.
    MemberLeft {
        /// Member.
        member_id: MemberId,
        /// Reason.
        reason: String,
    },
    /// A leader elected.
    LeaderElected {
        /// New leader.
        member_id: MemberId,
    },
    /// Any other decision, as text.
    Text {
        /// The decision.
        text: String,
    },
}

/// A meeting as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Id.
    pub id: MeetingId,
    /// Group.
    pub group_id: GroupId,
    /// Date held.
    pub held_on: NaiveDate,
    /// Kind.
    pub kind: MeetingKind,
    /// Agenda.
    pub agenda: String,
    /// Attendance per member.
    pub attendance: Vec<(MemberId, Presence)>,
    /// Decisions, in order.
    pub decisions: Vec<Decision>,
    /// Minutes (biên bản).
    pub minutes: String,
    /// Recorded by.
    pub recorded_by: StaffId,
}

/// Refusals when recording a meeting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    /// A decision names a member not in the group.
    #[error("quyết định thứ {index} nhắc tới người không thuộc tổ ({member})")]
    NotInGroup {
        /// 1-based decision index.
        index: usize,
        /// Member id.
        member: MemberId,
    },
    /// Loan request with a zero amount or term.
    #[error("quyết định thứ {index}: số tiền và thời hạn vay phải lớn hơn 0")]
    EmptyLoanRequest {
        /// 1-based decision index.
        index: usize,
    },
    /// Nobody present.
    #[error("biên bản họp phải có ít nhất một tổ viên có mặt")]
    NobodyPresent,
}

impl Meeting {
    /// Checks the meeting against the group's members.
    pub fn check(&self, group_members: &[MemberId]) -> Result<(), MeetingError> {
        if !self
            .attendance
            .iter()
            .any(|(_, p)| matches!(p, Presence::Present | Presence::Represented))
        {
            return Err(MeetingError::NobodyPresent);
        }
        for (idx, decision) in self.decisions.iter().enumerate() {
            let index = idx + 1;
            let member = match decision {
                Decision::LoanRequest {
                    member_id,
                    amount,
                    term_months,
                    ..
                } => {
                    if !amount.is_positive() || *term_months == 0 {
                        return Err(MeetingError::EmptyLoanRequest { index });
                    }
                    Some(*member_id)
                }
                // An admitted member joins with this meeting; they need not be listed yet.
                Decision::MemberAdmitted { .. } | Decision::Text { .. } => None,
                Decision::MemberLeft { member_id, .. } | Decision::LeaderElected { member_id } => {
                    Some(*member_id)
                }
            };
            if let Some(member) = member
                && !group_members.contains(&member)
            {
                return Err(MeetingError::NotInGroup { index, member });
            }
        }
        Ok(())
    }
}
