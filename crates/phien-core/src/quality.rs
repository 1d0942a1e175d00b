//! Credit quality summary (chất lượng tín dụng) per association and group:
//! the figures the provincial directive measures, as the home screen, the
//! group page and `phien quality` show them. It is a view of the credit
//! report ([`crate::report`]), which computes every figure.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::money::Dong;
use crate::report::{CreditReport, Figures, Level};

/// Figures of one line of the summary: the credit report's figures.
pub type QualityFigures = Figures;

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

impl QualitySummary {
    /// The summary's view of the credit report: its (first) point, the
    /// associations and groups with something to show (a group without a
    /// loan has no line), groups labelled `code name`, ordered by label.
    pub fn from_report(report: &CreditReport, point_name: &str) -> QualitySummary {
        let line = |level: &str, name: String, parent: Option<String>, f: &Figures| QualityLine {
            level: level.to_string(),
            name,
            parent,
            figures: f.clone(),
        };
        let total = report.at(Level::Point).next().map_or_else(
            || line("point", point_name.to_string(), None, &Figures::default()),
            |p| line("point", p.label.clone(), None, &p.figures),
        );
        let association_name = |id: Option<uuid::Uuid>| {
            id.and_then(|id| report.row(id))
                .map(|a| a.label.clone())
                .unwrap_or_default()
        };
        let mut associations: Vec<QualityLine> = report
            .at(Level::Association)
            .filter(|a| a.figures != Figures::default())
            .map(|a| line("association", a.label.clone(), None, &a.figures))
            .collect();
        associations.sort_by(|a, b| a.name.cmp(&b.name));
        let mut groups: Vec<QualityLine> = report
            .at(Level::Group)
            .filter(|g| g.figures != Figures::default())
            .map(|g| {
                line(
                    "group",
                    format!("{} {}", g.code, g.label),
                    Some(association_name(g.parent)),
                    &g.figures,
                )
            })
            .collect();
        groups.sort_by(|a, b| (&a.parent, &a.name).cmp(&(&b.parent, &b.name)));
        QualitySummary {
            as_of: report.as_of,
            total,
            associations,
            groups,
        }
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
