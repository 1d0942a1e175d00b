//! Transaction sessions (phiên giao dịch): the monthly day at a point, the
//! groups' cash handovers and the closing cash count.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{GroupId, HandoverId, PointId, SessionId, StaffId};
use crate::money::Dong;

/// The team of a session: at least three staff (domain.md §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// Tổ trưởng tổ giao dịch.
    pub team_leader: StaffId,
    /// Kiểm soát viên: approves reversals.
    pub controller: StaffId,
    /// Thủ quỹ / giao dịch viên.
    pub teller: StaffId,
}

/// A session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Id.
    pub id: SessionId,
    /// Point.
    pub point_id: PointId,
    /// Transaction date; entries of the session take it as value date.
    pub date: NaiveDate,
    /// Team.
    pub team: Team,
    /// Opened at.
    pub opened_at: DateTime<Utc>,
    /// Cash brought from the district office for the day (tạm ứng), mostly
    /// to pay out loans; the closing count includes it.
    pub opening_cash: Dong,
    /// Closing, once closed.
    pub closing: Option<Closing>,
}

/// The close of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    /// When.
    pub closed_at: DateTime<Utc>,
    /// Who closed it.
    pub closed_by: StaffId,
    /// The cash counted.
    pub count: CashCount,
    /// Cash expected from the session's entries.
    pub expected: Dong,
    /// Counted − expected.
    pub difference: Dong,
    /// Explanation of any difference (required when it is not zero).
    pub note: Option<String>,
}

/// Vietnamese banknotes a team counts, 500.000 ₫ down to 1.000 ₫.
pub const DENOMINATIONS: [i64; 9] = [
    500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
];

/// A cash count by denomination: (face value, number of notes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CashCount {
    /// Lines of the count.
    pub notes: Vec<(i64, u32)>,
}

impl CashCount {
    /// Builds a count, refusing face values that are not Vietnamese notes.
    pub fn new(notes: Vec<(i64, u32)>) -> Result<CashCount, SessionError> {
        if let Some((face, _)) = notes.iter().find(|(face, _)| !DENOMINATIONS.contains(face)) {
            return Err(SessionError::BadDenomination(*face));
        }
        Ok(CashCount { notes })
    }

    /// Total counted.
    pub fn total(&self) -> Dong {
        Dong(
            self.notes
                .iter()
                .map(|(face, n)| face * i64::from(*n))
                .sum(),
        )
    }
}

/// Refusals in the life of a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// Not a Vietnamese note.
    #[error("mệnh giá «{0}» không phải tờ tiền Việt Nam (500.000 ₫ … 1.000 ₫)")]
    BadDenomination(i64),
    /// Cash count differs from the entries and no explanation was given.
    #[error(
        "tiền đếm được {counted} lệch {difference} so với sổ ({expected}); phải ghi lý do chênh lệch"
    )]
    UnexplainedDifference {
        /// Counted.
        counted: Dong,
        /// Expected.
        expected: Dong,
        /// Difference.
        difference: Dong,
    },
    /// The same person holds two roles.
    #[error("tổ giao dịch cần ít nhất 3 người khác nhau (tổ trưởng, kiểm soát, thủ quỹ)")]
    TeamTooSmall,
}

impl Team {
    /// A team needs three different people.
    pub fn check(&self) -> Result<(), SessionError> {
        if self.team_leader == self.controller
            || self.team_leader == self.teller
            || self.controller == self.teller
        {
            return Err(SessionError::TeamTooSmall);
        }
        Ok(())
    }
}

/// Reconciles the count against the expected cash.
pub fn reconcile(
    count: &CashCount,
    expected: Dong,
    note: Option<&str>,
) -> Result<Dong, SessionError> {
    let difference = count.total() - expected;
    let explained = note.is_some_and(|n| !n.trim().is_empty());
    if difference != Dong::ZERO && !explained {
        return Err(SessionError::UnexplainedDifference {
            counted: count.total(),
            expected,
            difference,
        });
    }
    Ok(difference)
}

/// A group leader hands over the cash collected for the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    /// Id.
    pub id: HandoverId,
    /// Session.
    pub session_id: SessionId,
    /// Group.
    pub group_id: GroupId,
    /// What the group's list (13/TD) adds up to.
    pub expected: Dong,
    /// Cash handed over.
    pub handed_over: Dong,
    /// Note on any difference.
    pub note: Option<String>,
    /// Who received it.
    pub received_by: StaffId,
    /// When.
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_must_match_or_be_explained() {
        let count = CashCount::new(vec![(500_000, 3), (200_000, 1), (1_000, 7)]).unwrap();
        assert_eq!(count.total(), Dong(1_707_000));
        assert_eq!(reconcile(&count, Dong(1_707_000), None), Ok(Dong::ZERO));
        assert!(matches!(
            reconcile(&count, Dong(1_710_000), None),
            Err(SessionError::UnexplainedDifference { .. })
        ));
        assert_eq!(
            reconcile(
                &count,
                Dong(1_710_000),
                Some("thiếu 3.000 ₫ tiền lẻ, tổ trưởng nộp bù")
            ),
            Ok(Dong(-3_000))
        );
        assert_eq!(
            CashCount::new(vec![(300_000, 1)]),
            Err(SessionError::BadDenomination(300_000))
        );
    }
}
