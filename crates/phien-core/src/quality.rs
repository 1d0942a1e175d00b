//! Credit quality summary (chất lượng tín dụng) per association and group:
//! the figures the provincial directive measures.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::ids::{AssociationId, GroupId, MemberId};
use crate::money::Dong;
use crate::position::LoanPosition;

/// One loan's contribution.
#[derive(Debug, Clone)]
pub struct QualityInput<'a> {
    /// Association (key, label).
    pub association: (AssociationId, &'a str),
    /// Group (key, label).
    pub group: (GroupId, &'a str),
    /// Borrower.
    pub member_id: MemberId,
    /// Position on the report date.
    pub now: &'a LoanPosition,
    /// Overdue principal on 31/12 of the previous year (for the change since 1 January).
    pub overdue_at_year_start: Dong,
    /// Overdue principal at the end of the previous month.
    pub overdue_at_month_start: Dong,
    /// The borrower had moved away on the report date.
    pub moved_away: bool,
}

/// Figures of one line of the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityFigures {
    /// Borrowers with outstanding principal.
    pub n_borrowers: u32,
    /// Loans with outstanding principal.
    pub n_loans: u32,
    /// Dư nợ.
    pub outstanding: Dong,
    /// Trong hạn.
    pub current: Dong,
    /// Quá hạn.
    pub overdue: Dong,
    /// Khoanh.
    pub frozen: Dong,
    /// Overdue / outstanding in percent, 2 decimals.
    pub overdue_ratio_pct: Decimal,
    /// Overdue now − overdue on 31/12 of last year.
    pub overdue_change_since_jan1: Dong,
    /// Overdue now − overdue at the end of last month.
    pub overdue_change_since_last_month: Dong,
    /// Lãi tồn.
    pub interest_arrears: Dong,
    /// Món vay 3 tháng không hoạt động: count.
    pub n_inactive: u32,
    /// … and their outstanding.
    pub inactive_outstanding: Dong,
    /// Borrowers who moved away and still owe.
    pub n_moved_away_with_debt: u32,
    /// … their outstanding.
    pub moved_away_outstanding: Dong,
    /// Loans with overdue principal (counted in `overdue`).
    #[serde(default)]
    pub n_overdue_loans: u32,
    /// Loans with interest arrears (counted in `interest_arrears`).
    #[serde(default)]
    pub n_arrears_loans: u32,
}

/// A line: the point, an association, or a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityLine {
    /// `point`, `association` or `group`.
    pub level: String,
    /// Label.
    pub name: String,
    /// For a group: its association's label.
    pub parent: Option<String>,
    /// Figures.
    pub figures: QualityFigures,
}

/// The summary on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualitySummary {
    /// Report date.
    pub as_of: NaiveDate,
    /// Whole point.
    pub total: QualityLine,
    /// Per association.
    pub associations: Vec<QualityLine>,
    /// Per group, grouped by association.
    pub groups: Vec<QualityLine>,
}

#[derive(Default)]
struct Acc {
    figures: QualityFigures,
    borrowers: HashSet<MemberId>,
    moved: HashSet<MemberId>,
}

impl Acc {
    fn add(&mut self, input: &QualityInput<'_>) {
        let f = &mut self.figures;
        let p = input.now;
        f.overdue_change_since_jan1 += p.overdue - input.overdue_at_year_start;
        f.overdue_change_since_last_month += p.overdue - input.overdue_at_month_start;
        f.interest_arrears += p.interest_arrears;
        if p.interest_arrears.is_positive() {
            f.n_arrears_loans += 1;
        }
        if !p.outstanding.is_positive() {
            return;
        }
        self.borrowers.insert(input.member_id);
        f.n_loans += 1;
        f.outstanding += p.outstanding;
        f.current += p.current;
        f.overdue += p.overdue;
        if p.overdue.is_positive() {
            f.n_overdue_loans += 1;
        }
        f.frozen += p.frozen;
        if p.inactive {
            f.n_inactive += 1;
            f.inactive_outstanding += p.outstanding;
        }
        if input.moved_away {
            self.moved.insert(input.member_id);
            f.moved_away_outstanding += p.outstanding;
        }
    }

    fn finish(mut self, level: &str, name: String, parent: Option<String>) -> QualityLine {
        self.figures.n_borrowers = self.borrowers.len() as u32;
        self.figures.n_moved_away_with_debt = self.moved.len() as u32;
        self.figures.overdue_ratio_pct = ratio_pct(self.figures.overdue, self.figures.outstanding);
        QualityLine {
            level: level.to_string(),
            name,
            parent,
            figures: self.figures,
        }
    }
}

/// `part / whole` in percent, rounded half-up to 2 decimals; 0 when `whole` is 0.
pub fn ratio_pct(part: Dong, whole: Dong) -> Decimal {
    percent(part.get(), whole.get())
}

/// `part / whole` in percent of any two counts, rounded half-up (away from
/// zero) to 2 decimals; 0 when `whole` is not positive.
pub fn percent(part: i64, whole: i64) -> Decimal {
    if whole <= 0 {
        return Decimal::ZERO;
    }
    (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Builds the summary. Lines are ordered by label.
pub fn summarize(
    as_of: NaiveDate,
    point_name: &str,
    inputs: &[QualityInput<'_>],
) -> QualitySummary {
    let mut total = Acc::default();
    let mut associations: BTreeMap<(&str, AssociationId), Acc> = BTreeMap::new();
    let mut groups: BTreeMap<(&str, &str, GroupId), Acc> = BTreeMap::new();
    for input in inputs {
        total.add(input);
        associations
            .entry((input.association.1, input.association.0))
            .or_default()
            .add(input);
        groups
            .entry((input.association.1, input.group.1, input.group.0))
            .or_default()
            .add(input);
    }
    QualitySummary {
        as_of,
        total: total.finish("point", point_name.to_string(), None),
        associations: associations
            .into_iter()
            .map(|((name, _), acc)| acc.finish("association", name.to_string(), None))
            .collect(),
        groups: groups
            .into_iter()
            .map(|((assoc, name, _), acc)| {
                acc.finish("group", name.to_string(), Some(assoc.to_string()))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn ratio_rounds_half_up_to_two_places() {
        assert_eq!(
            ratio_pct(Dong(34), Dong(10_000)),
            dec!(0.34),
            "the directive's 0,34 %"
        );
        assert_eq!(ratio_pct(Dong(1), Dong(3)), dec!(33.33));
        assert_eq!(ratio_pct(Dong(5), Dong(0)), dec!(0));
    }
}
