//! Month by month: the figures the supervisors' charts draw — overdue
//! ratio, overdue and interest arrears of the office, each point and each
//! association at each month-end, and how many groups got each grade in each
//! month's rating.
//!
//! A series is the same computation as every other report: one
//! [`ReportBook`] per month, measured on that month's last day (the month in
//! progress through today, see [`month_ends`]), added with
//! [`ReportSeries::push`]. What makes a long series cheap is the caller
//! reading the book once and measuring it on each date; the books
//! themselves are never stored.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::rating::{GradeCounts, RatingSchemes};
use super::{Figures, Level, ReportBook};
use crate::dates::Month;
use crate::money::Dong;

/// The levels a series follows: the whole office, each point (commune) and
/// each association.
pub const SERIES_LEVELS: [Level; 3] = [Level::Office, Level::Point, Level::Association];

/// One unit's figures at one month-end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesValue {
    /// Dư nợ.
    pub outstanding: Dong,
    /// Nợ quá hạn.
    pub overdue: Dong,
    /// Overdue ÷ outstanding in percent, 2 decimals.
    pub overdue_ratio_pct: Decimal,
    /// Lãi tồn.
    pub interest_arrears: Dong,
}

impl From<&Figures> for SeriesValue {
    fn from(f: &Figures) -> SeriesValue {
        SeriesValue {
            outstanding: f.outstanding,
            overdue: f.overdue,
            overdue_ratio_pct: f.overdue_ratio_pct,
            interest_arrears: f.interest_arrears,
        }
    }
}

/// One unit followed month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesLine {
    /// Its level (office, point or association).
    pub level: Level,
    /// The unit's id.
    pub id: Uuid,
    /// The unit above.
    pub parent: Option<Uuid>,
    /// Code.
    pub code: String,
    /// Name.
    pub label: String,
    /// One value per month of the series, in the months' order.
    pub values: Vec<SeriesValue>,
}

/// One month of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesMonth {
    /// The month.
    pub month: Month,
    /// Measured on this day: the month's last day, or today for the month
    /// in progress.
    pub as_of: NaiveDate,
    /// How many groups got each grade in the month's rating (by the scheme
    /// in force that month).
    pub grades: GradeCounts,
}

/// Figures at each month-end of a range, for charts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSeries {
    /// The months, oldest first.
    pub months: Vec<SeriesMonth>,
    /// The office, its points and associations, in tree order.
    pub lines: Vec<SeriesLine>,
}

/// Each month from `from` to `to` (inclusive) with the day it is measured
/// on: its last day, or `today` for a month still running. Months that
/// begin after `today` are left out; none when `from` is after `to`.
pub fn month_ends(from: Month, to: Month, today: NaiveDate) -> Vec<(Month, NaiveDate)> {
    let mut out = Vec::new();
    let mut month = from;
    while month <= to && month.first_day() <= today {
        out.push((month, month.last_day().min(today)));
        month = month.next();
    }
    out
}

impl ReportSeries {
    /// An empty series.
    pub fn new() -> ReportSeries {
        ReportSeries::default()
    }

    /// Adds the month `book` was measured for (its month and date), rated
    /// with the scheme in force then. Months are added oldest first.
    pub fn push(&mut self, book: &ReportBook<'_>, schemes: &RatingSchemes) {
        let month_idx = self.months.len();
        let report = book.credit_report();
        for row in report
            .rows
            .iter()
            .filter(|r| SERIES_LEVELS.contains(&r.level))
        {
            let value = SeriesValue::from(&row.figures);
            let line = match self.lines.iter().position(|l| l.id == row.id) {
                Some(idx) => &mut self.lines[idx],
                None => {
                    self.lines.push(SeriesLine {
                        level: row.level,
                        id: row.id,
                        parent: row.parent,
                        code: row.code.clone(),
                        label: row.label.clone(),
                        values: Vec::new(),
                    });
                    let last = self.lines.len() - 1;
                    &mut self.lines[last]
                }
            };
            // A unit first seen this month has nothing before it.
            line.values.resize(month_idx, SeriesValue::default());
            line.values.push(value);
        }
        for line in &mut self.lines {
            line.values.resize(month_idx + 1, SeriesValue::default());
        }
        self.months.push(SeriesMonth {
            month: book.month(),
            as_of: book.as_of(),
            grades: book.ratings(schemes).counts,
        });
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::super::fixture::{HND, HPN, OFFICE, POINT, TestBook, d, month};
    use super::*;
    use crate::ledger::EntryKind::{InterestPayment, PrincipalRepayment};

    /// KH01 (T01, Hội Nông dân) borrows 36.500.000 ₫ on 15/09/2026 with
    /// 3.650.000 ₫ due on 15/10/2026 that is never paid: overdue from 16/10.
    /// KH31 (T03, Hội Phụ nữ) borrows the same, pays the installment and
    /// its interest at the October and November sessions.
    fn book() -> TestBook {
        let mut book = TestBook::new();
        let schedule = [(d(2026, 10, 15), 3_650_000), (d(2028, 9, 15), 32_850_000)];
        let kh01 = book.borrower(1, "KH01", "Nguyễn Văn Một");
        let late = book.loan(kh01, 36_500_000, d(2026, 9, 15), &schedule);
        book.pay(late, InterestPayment, d(2026, 10, 15), 300_000);
        let kh31 = book.borrower(3, "KH31", "Trần Thị Ba Mốt");
        let paid = book.loan(kh31, 36_500_000, d(2026, 9, 15), &schedule);
        book.pay(paid, InterestPayment, d(2026, 10, 15), 300_000);
        book.pay(paid, PrincipalRepayment, d(2026, 10, 15), 3_650_000);
        book.pay(paid, InterestPayment, d(2026, 11, 15), 289_000);
        book
    }

    #[test]
    fn month_ends_are_each_months_last_day_and_today_for_the_running_month() {
        let today = d(2026, 12, 10);
        assert_eq!(
            month_ends(month(2026, 10), month(2027, 2), today),
            vec![
                (month(2026, 10), d(2026, 10, 31)),
                (month(2026, 11), d(2026, 11, 30)),
                (month(2026, 12), today),
            ],
            "January and February 2027 have not begun"
        );
        assert_eq!(
            month_ends(month(2026, 12), month(2026, 11), today),
            Vec::new(),
            "a range that ends before it starts has no month"
        );
    }

    #[test]
    fn a_series_follows_the_office_points_and_associations_month_by_month() {
        let book = book();
        let schemes = RatingSchemes::default();
        let ends = month_ends(month(2026, 9), month(2026, 12), d(2026, 12, 10));
        let mut series = ReportSeries::new();
        for (_, as_of) in &ends {
            book.on(*as_of, |b| series.push(b, &schemes));
        }
        let months: Vec<(Month, NaiveDate)> =
            series.months.iter().map(|m| (m.month, m.as_of)).collect();
        assert_eq!(months, ends, "one entry per month-end, oldest first");
        let units: Vec<(Level, Uuid)> = series.lines.iter().map(|l| (l.level, l.id)).collect();
        assert_eq!(
            units,
            vec![
                (Level::Office, OFFICE),
                (Level::Point, POINT),
                (Level::Association, HND),
                (Level::Association, HPN),
            ],
            "the office, its point and associations in tree order; no group or borrower"
        );
        let overdue = |id: Uuid| -> Vec<(Dong, Decimal)> {
            series
                .lines
                .iter()
                .find(|l| l.id == id)
                .expect("a line per unit")
                .values
                .iter()
                .map(|v| (v.overdue, v.overdue_ratio_pct))
                .collect()
        };
        // 30/09: nothing due yet. From 16/10 KH01's 3.650.000 ₫ is overdue,
        // 10 % of its 36.500.000 ₫; Hội Phụ nữ's loan is current.
        assert_eq!(
            overdue(HND),
            vec![
                (Dong(0), dec!(0)),
                (Dong(3_650_000), dec!(10.00)),
                (Dong(3_650_000), dec!(10.00)),
                (Dong(3_650_000), dec!(10.00)),
            ]
        );
        assert_eq!(overdue(HPN), vec![(Dong(0), dec!(0)); 4]);
        // The office: 3.650.000 of 36.500.000 + 32.850.000 = 69.350.000 →
        // 5,26 %.
        assert_eq!(overdue(OFFICE)[1], (Dong(3_650_000), dec!(5.26)));

        // Every value is the credit report of that month-end, and the
        // grades are that month's rating.
        for (idx, (_, as_of)) in ends.iter().enumerate() {
            let report = book.report(*as_of);
            for line in &series.lines {
                let f = &report.row(line.id).expect("a row per unit").figures;
                assert_eq!(
                    line.values[idx],
                    SeriesValue::from(f),
                    "{} on {as_of}",
                    line.code
                );
            }
            let counts = book.on(*as_of, |b| b.ratings(&schemes).counts);
            assert_eq!(series.months[idx].grades, counts, "grades on {as_of}");
            assert_eq!(
                counts.tot + counts.kha + counts.trung_binh + counts.yeu,
                3,
                "every group is rated every month"
            );
        }
        assert!(
            series.lines[2].values[2].interest_arrears.is_positive(),
            "KH01 paid no interest at the November session: arrears at 30/11"
        );
    }
}
