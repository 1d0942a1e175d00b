//! The units of one level side by side, ranked by an indicator, with the
//! whole they belong to: "chất lượng tín dụng chưa đồng đều" (uneven
//! quality, the provincial directive's words) visible at a glance.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{CreditReport, Figures, Level};

/// What to rank by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Tỷ lệ nợ quá hạn (%).
    OverdueRatio,
    /// Nợ quá hạn (đồng).
    Overdue,
    /// Overdue change since 1 January (đồng).
    OverdueChangeSinceJan1,
    /// Overdue change since last month (đồng).
    OverdueChangeSinceLastMonth,
    /// Tỷ lệ nợ khoanh (%).
    FrozenRatio,
    /// Lãi tồn (đồng).
    InterestArrears,
    /// Tỷ lệ thu lãi of the month (%).
    InterestCollectionRate,
    /// Món vay 3 tháng không hoạt động (count).
    Inactive,
    /// Outstanding of moved-away borrowers (đồng).
    MovedAwayOutstanding,
    /// Dư nợ (đồng).
    Outstanding,
}

impl Indicator {
    /// Every indicator.
    pub const ALL: [Indicator; 10] = [
        Indicator::OverdueRatio,
        Indicator::Overdue,
        Indicator::OverdueChangeSinceJan1,
        Indicator::OverdueChangeSinceLastMonth,
        Indicator::FrozenRatio,
        Indicator::InterestArrears,
        Indicator::InterestCollectionRate,
        Indicator::Inactive,
        Indicator::MovedAwayOutstanding,
        Indicator::Outstanding,
    ];

    /// Stable code, as typed (`overdue_ratio`…).
    pub fn code(self) -> &'static str {
        match self {
            Indicator::OverdueRatio => "overdue_ratio",
            Indicator::Overdue => "overdue",
            Indicator::OverdueChangeSinceJan1 => "overdue_change_since_jan1",
            Indicator::OverdueChangeSinceLastMonth => "overdue_change_since_last_month",
            Indicator::FrozenRatio => "frozen_ratio",
            Indicator::InterestArrears => "interest_arrears",
            Indicator::InterestCollectionRate => "interest_collection_rate",
            Indicator::Inactive => "inactive",
            Indicator::MovedAwayOutstanding => "moved_away_outstanding",
            Indicator::Outstanding => "outstanding",
        }
    }

    /// Inverse of [`Indicator::code`]; `-` may stand for `_`.
    pub fn from_code(code: &str) -> Option<Indicator> {
        let code = code.replace('-', "_");
        Indicator::ALL.into_iter().find(|i| i.code() == code)
    }

    /// Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Indicator::OverdueRatio => "Tỷ lệ nợ quá hạn (%)",
            Indicator::Overdue => "Nợ quá hạn",
            Indicator::OverdueChangeSinceJan1 => "Nợ quá hạn tăng/giảm so với 01/01",
            Indicator::OverdueChangeSinceLastMonth => "Nợ quá hạn tăng/giảm so với tháng trước",
            Indicator::FrozenRatio => "Tỷ lệ nợ khoanh (%)",
            Indicator::InterestArrears => "Lãi tồn",
            Indicator::InterestCollectionRate => "Tỷ lệ thu lãi trong tháng (%)",
            Indicator::Inactive => "Món vay 3 tháng không hoạt động",
            Indicator::MovedAwayOutstanding => "Dư nợ hộ đi khỏi địa phương",
            Indicator::Outstanding => "Dư nợ",
        }
    }

    /// Whether a higher value is better (collection rate, outstanding);
    /// for the others lower is better.
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Indicator::InterestCollectionRate | Indicator::Outstanding
        )
    }

    /// Whether the value is a percentage (else đồng or a count).
    pub fn is_percent(self) -> bool {
        matches!(
            self,
            Indicator::OverdueRatio | Indicator::FrozenRatio | Indicator::InterestCollectionRate
        )
    }

    /// The value in a unit's figures; `None` when it cannot be measured
    /// (a collection rate with nothing due).
    pub fn value(self, f: &Figures) -> Option<Decimal> {
        let dong = |d: crate::Dong| Some(Decimal::from(d.get()));
        match self {
            Indicator::OverdueRatio => Some(f.overdue_ratio_pct),
            Indicator::Overdue => dong(f.overdue),
            Indicator::OverdueChangeSinceJan1 => dong(f.overdue_change_since_jan1),
            Indicator::OverdueChangeSinceLastMonth => dong(f.overdue_change_since_last_month),
            Indicator::FrozenRatio => Some(f.frozen_ratio_pct),
            Indicator::InterestArrears => dong(f.interest_arrears),
            Indicator::InterestCollectionRate => f.interest_collection_rate_pct,
            Indicator::Inactive => Some(Decimal::from(f.n_inactive)),
            Indicator::MovedAwayOutstanding => dong(f.moved_away_outstanding),
            Indicator::Outstanding => dong(f.outstanding),
        }
    }
}

/// One unit in the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedRow {
    /// 1 = best; equal values share a rank; `None` when not measurable.
    pub rank: Option<u32>,
    /// The unit's id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub label: String,
    /// The indicator's value.
    pub value: Option<Decimal>,
    /// Value − the whole's value.
    pub difference: Option<Decimal>,
    /// Worse than the whole.
    pub worse_than_whole: bool,
    /// All its figures, for the other columns.
    pub figures: Figures,
}

/// The units of a level, ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// Report date.
    pub as_of: chrono::NaiveDate,
    /// The level compared.
    pub level: Level,
    /// The indicator.
    pub indicator: Indicator,
    /// The whole the units make up (the unit they are within, or all of them).
    pub whole_label: String,
    /// Its figures.
    pub whole: Figures,
    /// Its value.
    pub whole_value: Option<Decimal>,
    /// Best value − worst value (how uneven), among the measurable.
    pub spread: Option<Decimal>,
    /// Units, best first; unmeasurable ones last.
    pub rows: Vec<RankedRow>,
}

/// Ranks the units of `level` (all, or those below `within`) by `indicator`.
pub fn compare(
    report: &CreditReport,
    level: Level,
    indicator: Indicator,
    within: Option<Uuid>,
) -> Comparison {
    let scope = report.cut(within, level);
    let mut whole = Figures::default();
    let mut rows: Vec<RankedRow> = scope
        .at(level)
        .map(|r| {
            whole.absorb(&r.figures);
            RankedRow {
                rank: None,
                id: r.id,
                code: r.code.clone(),
                label: r.label.clone(),
                value: indicator.value(&r.figures),
                difference: None,
                worse_than_whole: false,
                figures: r.figures.clone(),
            }
        })
        .collect();
    whole.finish();
    let whole_value = indicator.value(&whole);
    // Best first: the key is the value, negated when lower is better.
    let key = |v: Decimal| if indicator.higher_is_better() { v } else { -v };
    rows.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => key(y).cmp(&key(x)).then_with(|| a.code.cmp(&b.code)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.code.cmp(&b.code),
    });
    let mut previous: Option<(Decimal, u32)> = None;
    for (idx, row) in rows.iter_mut().enumerate() {
        let Some(value) = row.value else { continue };
        let rank = match previous {
            Some((v, r)) if v == value => r,
            _ => u32::try_from(idx + 1).unwrap_or(u32::MAX),
        };
        previous = Some((value, rank));
        row.rank = Some(rank);
        if let Some(w) = whole_value {
            row.difference = Some(value - w);
            row.worse_than_whole = key(value) < key(w);
        }
    }
    let measured: Vec<Decimal> = rows.iter().filter_map(|r| r.value).collect();
    let spread = match (measured.first(), measured.last()) {
        (Some(best), Some(worst)) => Some((best - worst).abs()),
        _ => None,
    };
    let whole_label = within
        .and_then(|id| report.row(id))
        .map_or_else(|| "Toàn bộ".to_string(), |r| r.label.clone());
    Comparison {
        as_of: report.as_of,
        level,
        indicator,
        whole_label,
        whole,
        whole_value,
        spread,
        rows,
    }
}
