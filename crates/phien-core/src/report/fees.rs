//! The month's entrustment fee of each association (phí ủy thác) and
//! commission of each group (hoa hồng Tổ TK&VV), domain.md §6.4.
//!
//! Both are a monthly rate on the **balance on which interest was collected**
//! (dư nợ có thu được lãi). The brief names the base but not its formula;
//! here, **uncertain**, it is per entrusted loan
//!
//! > outstanding at the close of the previous month × collected ÷ due
//!
//! with the month's interest collection of [`super::InterestCollection`]
//! (collected never above due): a loan whose month's interest was paid in
//! full counts with its whole balance, half paid with half of it, unpaid or
//! frozen with nothing. Direct loans (cho vay trực tiếp) are not entrusted
//! and count for neither.
//!
//! Rates are dated configuration ([`FeeRates`]), in force from a month until
//! the next change; a month uses the rate in force in it. Defaults:
//! association fee 0,06 %/month until 06/2009 and 0,045 % from 07/2009
//! (sourced, §6.4); group commission 0,08 % from 07/2009 (**uncertain**:
//! inferred as the 0,125 % cap of Decision 30/2015/QĐ-TTg minus the
//! association's 0,045 %, §9 item 2). Together they may not exceed the
//! 0,125 %/month cap in any month. Each group's commission is rounded
//! half-up to whole đồng once; each association's fee once, on the sum of
//! its groups' exact bases. The split of a fee between levels of an
//! association (the Youth Union's 3/5/8/84 %) is not modelled.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{InterestCollection, Level, ReportBook, tree_order};
use crate::dates::Month;
use crate::loan::LendingMethod;
use crate::money::{Dong, decimal_vi};
use crate::position::round_dong;

/// Which rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// Phí ủy thác, paid to the association.
    AssociationFee,
    /// Hoa hồng, paid to the group's management board.
    GroupCommission,
}

impl FeeKind {
    /// Stable code (`association_fee`, `group_commission`).
    pub fn code(self) -> &'static str {
        match self {
            FeeKind::AssociationFee => "association_fee",
            FeeKind::GroupCommission => "group_commission",
        }
    }

    /// Inverse of [`FeeKind::code`]; also `association` and `group`.
    pub fn from_code(code: &str) -> Option<FeeKind> {
        match code {
            "association_fee" | "association" => Some(FeeKind::AssociationFee),
            "group_commission" | "group" => Some(FeeKind::GroupCommission),
            _ => None,
        }
    }

    /// Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            FeeKind::AssociationFee => "Phí ủy thác (hội)",
            FeeKind::GroupCommission => "Hoa hồng (tổ)",
        }
    }
}

/// A rate in force from a month: a fraction per month (0.00045 = 0,045 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRate {
    /// Which rate.
    pub kind: FeeKind,
    /// First month it applies to.
    pub from: Month,
    /// Fraction per month.
    pub monthly_rate: Decimal,
}

/// A rate that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} = «{value}»: {reason}")]
pub struct FeeRateError {
    /// The field.
    pub field: &'static str,
    /// The value given.
    pub value: String,
    /// Why (Vietnamese).
    pub reason: String,
}

/// The cap on association fee plus group commission, per month
/// (Decision 30/2015/QĐ-TTg, domain.md §6.4): 0,125 %.
pub const MONTHLY_CAP: Decimal = Decimal::from_parts(125, 0, 0, false, 5);

/// Both rate tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRates {
    rates: Vec<FeeRate>,
}

impl FeeRates {
    /// The documented defaults (see the module).
    pub fn standard() -> FeeRates {
        let month = |year, month| Month::new(year, month).unwrap_or(Month { year, month: 1 });
        let rate = |kind, from, units| FeeRate {
            kind,
            from,
            monthly_rate: Decimal::new(units, 5),
        };
        FeeRates {
            rates: vec![
                rate(FeeKind::AssociationFee, month(2003, 1), 60),
                rate(FeeKind::AssociationFee, month(2009, 7), 45),
                rate(FeeKind::GroupCommission, month(2009, 7), 80),
            ],
        }
    }

    /// The defaults with stored rates on top (a stored rate replaces a
    /// default of the same kind and month). Not checked: stored rates were
    /// checked when set.
    pub fn with_stored(stored: &[FeeRate]) -> FeeRates {
        let mut rates = FeeRates::standard();
        for rate in stored {
            rates.put(*rate);
        }
        rates
    }

    fn put(&mut self, rate: FeeRate) {
        self.rates
            .retain(|r| !(r.kind == rate.kind && r.from == rate.from));
        self.rates.push(rate);
        self.rates.sort_by_key(|r| (r.kind.code(), r.from));
    }

    /// Adds or replaces a rate, refusing a negative one or one that takes
    /// fee plus commission over [`MONTHLY_CAP`] in any month.
    pub fn set(&mut self, rate: FeeRate) -> Result<(), FeeRateError> {
        let percent = |r: Decimal| decimal_vi(r * Decimal::ONE_HUNDRED);
        let value = percent(rate.monthly_rate);
        if rate.monthly_rate.is_sign_negative() {
            return Err(FeeRateError {
                field: "--percent",
                value,
                reason: "tỷ lệ không được âm".into(),
            });
        }
        let mut next = self.clone();
        next.put(rate);
        for month in next.rates.iter().map(|r| r.from) {
            let fee = next.rate(FeeKind::AssociationFee, month);
            let commission = next.rate(FeeKind::GroupCommission, month);
            if fee + commission > MONTHLY_CAP {
                return Err(FeeRateError {
                    field: "--percent",
                    value,
                    reason: format!(
                        "tháng {month}: phí ủy thác {} % + hoa hồng {} % vượt mức tối đa 0,125 %/tháng (QĐ 30/2015/QĐ-TTg)",
                        percent(fee),
                        percent(commission)
                    ),
                });
            }
        }
        *self = next;
        Ok(())
    }

    /// Every rate, by kind then month.
    pub fn rates(&self) -> &[FeeRate] {
        &self.rates
    }

    /// The rate of `kind` in force in `month` (zero before the first).
    pub fn rate(&self, kind: FeeKind, month: Month) -> Decimal {
        self.rates
            .iter()
            .filter(|r| r.kind == kind && r.from <= month)
            .max_by_key(|r| r.from)
            .map_or(Decimal::ZERO, |r| r.monthly_rate)
    }
}

/// A line of the fee report: an association (its fee) or a group (its
/// commission).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRow {
    /// `association` or `group`.
    pub level: Level,
    /// The unit's id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub label: String,
    /// Entrusted outstanding at the close of the previous month.
    pub outstanding: Dong,
    /// The month's interest collection on entrusted loans.
    pub interest: InterestCollection,
    /// Dư nợ có thu được lãi, rounded to đồng.
    pub base: Dong,
    /// The rate applied, fraction per month.
    pub monthly_rate: Decimal,
    /// The fee or commission.
    pub amount: Dong,
}

/// The month's fees and commissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeReport {
    /// The month.
    pub month: Month,
    /// Measured through this date.
    pub as_of: chrono::NaiveDate,
    /// Association fee rate in force (fraction per month).
    pub association_rate: Decimal,
    /// Group commission rate in force (fraction per month).
    pub group_rate: Decimal,
    /// Associations, each followed by its groups.
    pub rows: Vec<FeeRow>,
    /// Σ association fees.
    pub total_association_fee: Dong,
    /// Σ group commissions.
    pub total_group_commission: Dong,
}

#[derive(Debug, Clone, Copy, Default)]
struct FeeSums {
    outstanding: Dong,
    interest: InterestCollection,
    base: Decimal,
}

impl FeeSums {
    fn absorb(&mut self, other: &FeeSums) {
        self.outstanding += other.outstanding;
        self.interest.due += other.interest.due;
        self.interest.collected += other.interest.collected;
        self.base += other.base;
    }
}

impl ReportBook<'_> {
    /// The report month's association fees and group commissions.
    pub fn fees(&self, rates: &FeeRates) -> FeeReport {
        let org = self.input.org;
        let association_rate = rates.rate(FeeKind::AssociationFee, self.month);
        let group_rate = rates.rate(FeeKind::GroupCommission, self.month);
        let mut groups = vec![FeeSums::default(); org.groups.len()];
        for m in &self.loans {
            if self.input.loans[m.loan].loan.method == LendingMethod::Direct {
                continue;
            }
            let Some(g) = self.lineage.above_borrower(m.borrower, Level::Group) else {
                continue;
            };
            let s = &mut groups[g];
            s.outstanding += m.outstanding_at_month_start;
            s.interest.due += m.interest.due;
            s.interest.collected += m.interest.collected;
            if m.interest.due.is_positive() {
                s.base += Decimal::from(m.outstanding_at_month_start.get())
                    * Decimal::from(m.interest.collected.get())
                    / Decimal::from(m.interest.due.get());
            }
        }
        let mut associations = vec![FeeSums::default(); org.associations.len()];
        for (g, sums) in groups.iter().enumerate() {
            if let Some(a) = self.lineage.parent(Level::Group, g) {
                associations[a].absorb(sums);
            }
        }
        let line = |level: Level, idx: usize, sums: &FeeSums, rate: Decimal| {
            let unit = &org.units(level)[idx];
            FeeRow {
                level,
                id: unit.id,
                code: unit.code.clone(),
                label: unit.label.clone(),
                outstanding: sums.outstanding,
                interest: sums.interest,
                base: round_dong(sums.base),
                monthly_rate: rate,
                amount: round_dong(sums.base * rate),
            }
        };
        let rows: Vec<FeeRow> = tree_order(org, &self.lineage)
            .into_iter()
            .filter_map(|(level, idx)| match level {
                Level::Association => Some(line(level, idx, &associations[idx], association_rate)),
                Level::Group => Some(line(level, idx, &groups[idx], group_rate)),
                _ => None,
            })
            .collect();
        let total = |level: Level| {
            rows.iter()
                .filter(|r| r.level == level)
                .map(|r| r.amount)
                .sum()
        };
        FeeReport {
            month: self.month,
            as_of: self.as_of,
            association_rate,
            group_rate,
            total_association_fee: total(Level::Association),
            total_group_commission: total(Level::Group),
            rows,
        }
    }
}
