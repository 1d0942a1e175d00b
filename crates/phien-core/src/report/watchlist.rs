//! The loan officer's watchlists for the transaction day (danh sách theo
//! dõi): what falls due at the session, overdue loans, interest arrears,
//! loans inactive for 3 months, borrowers who moved away. Each row has an
//! amount and an age (days and whole months since a date the row names), and
//! a list sorts by either.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{MovedAway, ReportBook};
use crate::dates::{Month, full_months_between};
use crate::ids::MemberId;
use crate::money::Dong;
use crate::position::LoanPosition;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchKind {
    /// Phải thu phiên này: per loan, the principal due on the session day and
    /// not yet paid (overdue included) plus the interest due through that
    /// day (as if no principal were repaid that day: the 13/TD list may ask
    /// up to one day's interest less). Age: since the last payment.
    Due,
    /// Nợ quá hạn: per loan, overdue principal. Age: since the due date of
    /// the oldest installment still unpaid (days overdue).
    Overdue,
    /// Lãi tồn: per loan, interest arrears. Age: since the first day of the
    /// oldest calendar month whose interest is still unpaid (payments settle
    /// the oldest interest first), so whole months = months of interest owed.
    Arrears,
    /// Món vay 3 tháng không hoạt động: per loan, its outstanding. Age: since
    /// the last payment (or disbursement).
    Inactive,
    /// Hộ vay đi khỏi địa phương: per borrower who moved away and still owes,
    /// their outstanding and tracing log. Age: since the bank learned of it.
    MovedAway,
}

impl WatchKind {
    /// Every list.
    pub const ALL: [WatchKind; 5] = [
        WatchKind::Due,
        WatchKind::Overdue,
        WatchKind::Arrears,
        WatchKind::Inactive,
        WatchKind::MovedAway,
    ];

    /// Stable code, as typed (`moved-away` is accepted for `moved_away`).
    pub fn code(self) -> &'static str {
        match self {
            WatchKind::Due => "due",
            WatchKind::Overdue => "overdue",
            WatchKind::Arrears => "arrears",
            WatchKind::Inactive => "inactive",
            WatchKind::MovedAway => "moved_away",
        }
    }

    /// Inverse of [`WatchKind::code`]; `-` may stand for `_`.
    pub fn from_code(code: &str) -> Option<WatchKind> {
        let code = code.replace('-', "_");
        WatchKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The heading of the date a row's age counts from.
    pub fn since_label_vi(self) -> &'static str {
        match self {
            WatchKind::Due | WatchKind::Inactive => "Lần trả gần nhất",
            WatchKind::Overdue => "Đến hạn ngày",
            WatchKind::Arrears => "Nợ lãi từ ngày",
            WatchKind::MovedAway => "Biết tin ngày",
        }
    }

    /// Vietnamese title.
    pub fn label_vi(self) -> &'static str {
        match self {
            WatchKind::Due => "Phải thu phiên giao dịch",
            WatchKind::Overdue => "Nợ quá hạn",
            WatchKind::Arrears => "Lãi tồn",
            WatchKind::Inactive => "Món vay 3 tháng không hoạt động",
            WatchKind::MovedAway => "Hộ vay đi khỏi địa phương còn dư nợ",
        }
    }
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Largest amount first (then oldest).
    Amount,
    /// Oldest first (then largest).
    Age,
}

impl SortBy {
    /// Stable code, the serde name (`amount`, `age`).
    pub fn code(self) -> &'static str {
        match self {
            SortBy::Amount => "amount",
            SortBy::Age => "age",
        }
    }

    /// Inverse of [`SortBy::code`].
    pub fn from_code(code: &str) -> Option<SortBy> {
        [SortBy::Amount, SortBy::Age]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One row of a watchlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchRow {
    /// The borrower.
    pub member: MemberId,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub name: String,
    /// Group code.
    pub group_code: String,
    /// Group name.
    pub group_label: String,
    /// The loan (none on the moved-away list, which is per borrower).
    pub account_no: Option<String>,
    /// The amount the list is about.
    pub amount: Dong,
    /// Of which principal (due list: principal due; overdue list: overdue).
    pub principal: Dong,
    /// Of which interest (due list: interest due; arrears list: arrears).
    pub interest: Dong,
    /// The date the age counts from.
    pub since: Option<NaiveDate>,
    /// Days from `since` to the list's date.
    pub age_days: i64,
    /// Whole months from `since` to the list's date.
    pub age_months: u32,
    /// For the moved-away list: the move and its tracing log.
    pub moved_away: Option<MovedAway>,
}

/// A watchlist on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watchlist {
    /// Which list.
    pub kind: WatchKind,
    /// Its date (for the due list, the session day).
    pub as_of: NaiveDate,
    /// Its order.
    pub sort: SortBy,
    /// Rows.
    pub rows: Vec<WatchRow>,
    /// Σ amount.
    pub total: Dong,
}

impl ReportBook<'_> {
    /// A watchlist on the report date, of everyone `within` a unit (an
    /// office, point, association or group; everyone when `None`).
    pub fn watchlist(
        &self,
        kind: WatchKind,
        sort: SortBy,
        within: Option<uuid::Uuid>,
    ) -> Watchlist {
        let org = self.input.org;
        let as_of = self.as_of;
        let row = |borrower: usize, account_no: Option<String>| {
            let unit = &org.borrowers[borrower];
            let group = self
                .lineage
                .above_borrower(borrower, super::Level::Group)
                .map(|g| &org.groups[g]);
            WatchRow {
                member: MemberId(unit.id),
                customer_code: unit.code.clone(),
                name: unit.label.clone(),
                group_code: group.map(|g| g.code.clone()).unwrap_or_default(),
                group_label: group.map(|g| g.label.clone()).unwrap_or_default(),
                account_no,
                amount: Dong::ZERO,
                principal: Dong::ZERO,
                interest: Dong::ZERO,
                since: None,
                age_days: 0,
                age_months: 0,
                moved_away: None,
            }
        };
        let mut rows = Vec::new();
        if kind == WatchKind::MovedAway {
            let mut owed = vec![Dong::ZERO; org.borrowers.len()];
            for m in &self.loans {
                owed[m.borrower] += m.position.outstanding;
            }
            for (b, moved) in self.moved.iter().enumerate() {
                let Some(moved) = moved else { continue };
                if !owed[b].is_positive() || !self.is_within(b, within) {
                    continue;
                }
                rows.push(WatchRow {
                    amount: owed[b],
                    principal: owed[b],
                    since: Some(moved.learned_on),
                    moved_away: Some(moved.clone()),
                    ..row(b, None)
                });
            }
        } else {
            for m in &self.loans {
                let p = &m.position;
                let (principal, interest, since) = match kind {
                    WatchKind::Due => (p.principal_due, p.interest_due, p.last_activity),
                    WatchKind::Overdue => (
                        p.overdue,
                        Dong::ZERO,
                        p.overdue_since.and_then(|d| d.pred_opt()),
                    ),
                    WatchKind::Arrears => (Dong::ZERO, p.interest_arrears, arrears_since(p)),
                    WatchKind::Inactive if p.inactive => {
                        (p.outstanding, Dong::ZERO, p.last_activity)
                    }
                    _ => (Dong::ZERO, Dong::ZERO, None),
                };
                let amount = principal + interest;
                if !amount.is_positive() || !self.is_within(m.borrower, within) {
                    continue;
                }
                let account = self.input.loans[m.loan].loan.account_no.clone();
                rows.push(WatchRow {
                    amount,
                    principal,
                    interest,
                    since,
                    ..row(m.borrower, Some(account))
                });
            }
        }
        for r in &mut rows {
            if let Some(since) = r.since {
                r.age_days = (as_of - since).num_days().max(0);
                r.age_months = full_months_between(since, as_of);
            }
        }
        let tie = |r: &WatchRow| (r.customer_code.clone(), r.account_no.clone());
        match sort {
            SortBy::Amount => rows.sort_by(|a, b| {
                (b.amount, b.age_days)
                    .cmp(&(a.amount, a.age_days))
                    .then_with(|| tie(a).cmp(&tie(b)))
            }),
            SortBy::Age => rows.sort_by(|a, b| {
                (b.age_days, b.amount)
                    .cmp(&(a.age_days, a.amount))
                    .then_with(|| tie(a).cmp(&tie(b)))
            }),
        }
        Watchlist {
            kind,
            as_of,
            sort,
            total: rows.iter().map(|r| r.amount).sum(),
            rows,
        }
    }
}

/// The first day of the oldest calendar month whose interest is still
/// unpaid: arrears are the newest interest fallen due, so walk back from the
/// last month that fell due until its accruals cover the arrears. Arrears
/// brought forward (import) beyond the loan's first month date from that
/// month; with no month before the current one there is no age.
fn arrears_since(p: &LoanPosition) -> Option<NaiveDate> {
    if !p.interest_arrears.is_positive() {
        return None;
    }
    let current = Month::of(p.as_of);
    let mut covered = Dong::ZERO;
    let mut oldest = None;
    for accrual in p.months.iter().rev() {
        let Some(month) = Month::new(accrual.year, accrual.month) else {
            continue;
        };
        if month >= current {
            continue;
        }
        oldest = Some(month);
        covered += accrual.interest;
        if covered >= p.interest_arrears {
            break;
        }
    }
    oldest.map(Month::first_day)
}
