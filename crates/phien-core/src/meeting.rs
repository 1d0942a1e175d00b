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
    /// Vietnamese name, as minutes title it.
    pub fn label_vi(self) -> &'static str {
        match self {
            MeetingKind::Monthly => "Họp định kỳ hằng tháng",
            MeetingKind::LoanReview => "Bình xét cho vay",
            MeetingKind::Election => "Bầu ban quản lý tổ",
            MeetingKind::Other => "Họp tổ",
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

impl Presence {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Presence::Present => "Có mặt",
            Presence::Absent => "Vắng",
            Presence::Represented => "Có người dự thay",
        }
    }
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
    /// No minutes text.
    #[error("Nội dung biên bản: không được để trống")]
    NoMinutes,
}

impl Meeting {
    /// Checks the meeting against the group's members.
    pub fn check(&self, group_members: &[MemberId]) -> Result<(), MeetingError> {
        if self.minutes.trim().is_empty() {
            return Err(MeetingError::NoMinutes);
        }
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

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn meeting(
        minutes: &str,
        attendance: Vec<(MemberId, Presence)>,
        decisions: Vec<Decision>,
    ) -> Meeting {
        Meeting {
            id: MeetingId(Uuid::from_u128(1)),
            group_id: GroupId(Uuid::from_u128(2)),
            held_on: NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
            kind: MeetingKind::LoanReview,
            agenda: "Bình xét cho vay".into(),
            attendance,
            decisions,
            minutes: minutes.into(),
            recorded_by: StaffId(Uuid::from_u128(3)),
        }
    }

    #[test]
    fn minutes_attendance_members_and_amounts_are_checked() {
        let a = MemberId(Uuid::from_u128(10));
        let stranger = MemberId(Uuid::from_u128(99));
        let present = vec![(a, Presence::Present)];
        let loan = |member_id, amount| Decision::LoanRequest {
            member_id,
            program: ProgramCode("01".into()),
            amount: Dong(amount),
            term_months: 36,
            approved: true,
            note: None,
        };
        assert_eq!(
            meeting("Biên bản", present.clone(), vec![loan(a, 30_000_000)]).check(&[a]),
            Ok(())
        );
        assert_eq!(
            meeting("  ", present.clone(), vec![]).check(&[a]),
            Err(MeetingError::NoMinutes)
        );
        assert_eq!(
            meeting("Biên bản", vec![(a, Presence::Absent)], vec![]).check(&[a]),
            Err(MeetingError::NobodyPresent)
        );
        assert_eq!(
            meeting("Biên bản", present.clone(), vec![loan(a, 0)]).check(&[a]),
            Err(MeetingError::EmptyLoanRequest { index: 1 })
        );
        assert_eq!(
            meeting("Biên bản", present, vec![loan(stranger, 1_000_000)]).check(&[a]),
            Err(MeetingError::NotInGroup {
                index: 1,
                member: stranger
            })
        );
    }
}
