//! Group rating (xếp loại Tổ TK&VV: Tốt / Khá / Trung bình / Yếu), monthly,
//! by a scoring scheme kept as data.
//!
//! **Uncertain** (domain.md §6.6 and §9 item 3): the bank's official
//! criteria and bands were not found. The default is the 100-point scheme a
//! staff tool reads from the bank's CDTOTKVV report — six criteria with their
//! maximum points — and the bands 90 / 80 / 70 (a second tool uses
//! 85 / 70 / 50). How a criterion's value turns into points is not known
//! either and is defined here: a straight line from the value that earns
//! nothing (`zero_at`) to the value that earns every point (`full_at`),
//! clamped. Every number is data ([`RatingScheme`]), stored per month from
//! which it applies ([`RatingSchemes`]), so a branch changes it without a
//! new release and an old month is always rated by the scheme of its time.
//!
//! Each criterion is measured on the group's entrusted loans (direct loans
//! are outside the group, as staff tools leave them out of group scoring)
//! for the report month through the report date; its definition, including
//! what happens when there is nothing to measure, is on [`Criterion`]'s
//! variants. A criterion with nothing to measure earns its full points
//! (nothing fell short); the breakdown says so.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Level, ReportBook};
use crate::dates::Month;
use crate::loan::LendingMethod;
use crate::money::{Dong, decimal_vi};
use crate::quality::percent;

/// A criterion of the rating. Values are percentages, 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Criterion {
    /// Giao dịch tại xã: of the interest and principal the group's members
    /// paid in the month, the share (in đồng) paid on a day the point held a
    /// session — money that went through the commune session rather than the
    /// district office's counter. Nothing paid: nothing to measure.
    /// Default 20 points, all at 100 %, none at 0 %.
    #[serde(rename = "gd_tai_xa")]
    TransactionsAtPoint,
    /// Thu nợ đến hạn: of the principal falling due in the month (through
    /// the report date; frozen loans left out), the share paid by the report
    /// date. Because payments settle installments in due order, the unpaid
    /// part is the smaller of the month's installments and the principal due
    /// and unpaid on the report date. Nothing fell due: nothing to measure.
    /// Default 15 points, all at 100 %, none at 80 % or below.
    #[serde(rename = "thu_no_den_han")]
    DuePrincipalCollection,
    /// Tỷ lệ thu lãi: the interest collection rate of the month
    /// ([`super::InterestCollection`]). Nothing due: nothing to measure.
    /// Default 20 points, all at 100 %, none at 80 % or below.
    #[serde(rename = "thu_lai")]
    InterestCollection,
    /// Tổ viên tham gia tiền gửi: of the group's active members (with
    /// outstanding debt or savings on the report date), the share holding
    /// savings. No active member: nothing to measure.
    /// Default 5 points, all at 100 %, none at 50 % or below.
    #[serde(rename = "tv_tiet_kiem")]
    MembersSaving,
    /// Số dư tiền gửi tăng thêm: growth of the members' savings balance from
    /// the close of the previous month to the report date, in percent of the
    /// opening balance. From a zero opening balance, any savings count as
    /// 100 % growth and none as 0 %.
    /// Default 10 points, all at 1 % growth or more, none at 0 % or below.
    #[serde(rename = "tang_tiet_kiem")]
    SavingsGrowth,
    /// Tỷ lệ nợ quá hạn: overdue ÷ outstanding on the report date (no
    /// outstanding: 0 %).
    /// Default 30 points, all at 0 %, none at 2 % or above.
    #[serde(rename = "no_qua_han")]
    OverdueRatio,
}

impl Criterion {
    /// Every criterion, in the order of the default scheme.
    pub const ALL: [Criterion; 6] = [
        Criterion::TransactionsAtPoint,
        Criterion::DuePrincipalCollection,
        Criterion::InterestCollection,
        Criterion::MembersSaving,
        Criterion::SavingsGrowth,
        Criterion::OverdueRatio,
    ];

    /// Stable code, as stored and typed (`no_qua_han`…).
    pub fn code(self) -> &'static str {
        match self {
            Criterion::TransactionsAtPoint => "gd_tai_xa",
            Criterion::DuePrincipalCollection => "thu_no_den_han",
            Criterion::InterestCollection => "thu_lai",
            Criterion::MembersSaving => "tv_tiet_kiem",
            Criterion::SavingsGrowth => "tang_tiet_kiem",
            Criterion::OverdueRatio => "no_qua_han",
        }
    }

    /// Inverse of [`Criterion::code`].
    pub fn from_code(code: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Criterion::TransactionsAtPoint => "Giao dịch tại xã",
            Criterion::DuePrincipalCollection => "Thu nợ đến hạn",
            Criterion::InterestCollection => "Tỷ lệ thu lãi",
            Criterion::MembersSaving => "Tổ viên tham gia tiền gửi",
            Criterion::SavingsGrowth => "Số dư tiền gửi tăng thêm",
            Criterion::OverdueRatio => "Tỷ lệ nợ quá hạn",
        }
    }

    /// What the numerator and denominator of the value count.
    pub fn unit(self) -> MeasureUnit {
        match self {
            Criterion::MembersSaving => MeasureUnit::Members,
            _ => MeasureUnit::Dong,
        }
    }
}

/// What a criterion's numerator and denominator count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureUnit {
    /// Money, đồng.
    Dong,
    /// Members.
    Members,
}

/// How one criterion scores: its points, and the values that earn all and
/// none of them (percent). `full_at` above `zero_at` means higher is better.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRule {
    /// Which criterion.
    pub criterion: Criterion,
    /// Maximum points.
    pub weight: Decimal,
    /// Value (percent) at or beyond which every point is earned.
    pub full_at: Decimal,
    /// Value (percent) at or beyond which no point is earned.
    pub zero_at: Decimal,
}

impl CriterionRule {
    /// Points for a value (`None`: nothing to measure, every point), rounded
    /// half-up to 2 decimals.
    pub fn points(&self, value: Option<Decimal>) -> Decimal {
        let Some(value) = value else {
            return self.weight;
        };
        let span = self.full_at - self.zero_at;
        let fraction = if span.is_zero() {
            Decimal::ZERO
        } else {
            ((value - self.zero_at) / span).clamp(Decimal::ZERO, Decimal::ONE)
        };
        (self.weight * fraction).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    }
}

/// A grade (xếp loại).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Tốt.
    Tot,
    /// Khá.
    Kha,
    /// Trung bình.
    TrungBinh,
    /// Yếu.
    Yeu,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [Grade::Tot, Grade::Kha, Grade::TrungBinh, Grade::Yeu];

    /// Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Grade::Tot => "Tốt",
            Grade::Kha => "Khá",
            Grade::TrungBinh => "Trung bình",
            Grade::Yeu => "Yếu",
        }
    }
}

/// The lowest score of each grade above Yếu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeBands {
    /// Tốt from this score. Default 90.
    pub tot: Decimal,
    /// Khá from this score. Default 80.
    pub kha: Decimal,
    /// Trung bình from this score; Yếu below. Default 70.
    pub trung_binh: Decimal,
}

impl GradeBands {
    /// The grade of a score.
    pub fn grade(&self, score: Decimal) -> Grade {
        if score >= self.tot {
            Grade::Tot
        } else if score >= self.kha {
            Grade::Kha
        } else if score >= self.trung_binh {
            Grade::TrungBinh
        } else {
            Grade::Yeu
        }
    }
}

/// A scoring scheme: criteria with their rules, and the grade bands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingScheme {
    /// Criteria, in the order the breakdown shows them.
    pub criteria: Vec<CriterionRule>,
    /// Grade bands.
    pub bands: GradeBands,
}

/// A scheme that cannot be used, naming the field and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} = «{value}»: {reason}")]
pub struct RatingSchemeError {
    /// The field, as typed (`no_qua_han.weight`, `bands`…).
    pub field: String,
    /// The value given.
    pub value: String,
    /// Why (Vietnamese).
    pub reason: String,
}

/// Total points of a scheme.
pub const TOTAL_POINTS: Decimal = Decimal::ONE_HUNDRED;

impl RatingScheme {
    /// The default: domain.md §6.6 (staff tool, uncertain), bounds chosen
    /// here (see each [`Criterion`]).
    pub fn standard() -> RatingScheme {
        let rule = |criterion, weight: i64, full_at: i64, zero_at: i64| CriterionRule {
            criterion,
            weight: Decimal::from(weight),
            full_at: Decimal::from(full_at),
            zero_at: Decimal::from(zero_at),
        };
        RatingScheme {
            criteria: vec![
                rule(Criterion::TransactionsAtPoint, 20, 100, 0),
                rule(Criterion::DuePrincipalCollection, 15, 100, 80),
                rule(Criterion::InterestCollection, 20, 100, 80),
                rule(Criterion::MembersSaving, 5, 100, 50),
                rule(Criterion::SavingsGrowth, 10, 1, 0),
                rule(Criterion::OverdueRatio, 30, 0, 2),
            ],
            bands: GradeBands {
                tot: Decimal::from(90),
                kha: Decimal::from(80),
                trung_binh: Decimal::from(70),
            },
        }
    }

    /// Sets (or adds) one criterion's rule.
    pub fn set_rule(&mut self, rule: CriterionRule) {
        match self
            .criteria
            .iter_mut()
            .find(|r| r.criterion == rule.criterion)
        {
            Some(existing) => *existing = rule,
            None => self.criteria.push(rule),
        }
    }

    /// Refuses a scheme that cannot rate: each criterion once, weights not
    /// negative and adding up to 100, two different bounds per criterion,
    /// bands rising within 0–100.
    pub fn check(&self) -> Result<(), RatingSchemeError> {
        let err = |field: String, value: String, reason: String| RatingSchemeError {
            field,
            value,
            reason,
        };
        let mut seen = Vec::new();
        for rule in &self.criteria {
            let code = rule.criterion.code();
            if seen.contains(&rule.criterion) {
                return Err(err(
                    "tiêu chí".into(),
                    code.into(),
                    "có hai lần trong cách chấm".into(),
                ));
            }
            seen.push(rule.criterion);
            if rule.weight.is_sign_negative() {
                return Err(err(
                    format!("{code}.weight"),
                    decimal_vi(rule.weight),
                    "điểm tối đa không được âm".into(),
                ));
            }
            if rule.full_at == rule.zero_at {
                return Err(err(
                    format!("{code}.full_at"),
                    decimal_vi(rule.full_at),
                    format!(
                        "mức đạt đủ điểm phải khác mức 0 điểm ({})",
                        decimal_vi(rule.zero_at)
                    ),
                ));
            }
        }
        let total: Decimal = self.criteria.iter().map(|r| r.weight).sum();
        if total != TOTAL_POINTS {
            return Err(err(
                "tổng điểm tối đa".into(),
                decimal_vi(total),
                "các tiêu chí phải cộng lại đúng 100 điểm".into(),
            ));
        }
        let b = &self.bands;
        if !(Decimal::ZERO < b.trung_binh && b.trung_binh < b.kha && b.kha < b.tot)
            || b.tot > TOTAL_POINTS
        {
            return Err(err(
                "bands".into(),
                format!(
                    "{}/{}/{}",
                    decimal_vi(b.tot),
                    decimal_vi(b.kha),
                    decimal_vi(b.trung_binh)
                ),
                "phải là Tốt > Khá > Trung bình > 0 và không quá 100 điểm".into(),
            ));
        }
        Ok(())
    }
}

/// The schemes of every month: versions in force from a month until the
/// next, and the standard scheme before the first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingSchemes {
    versions: Vec<(Month, RatingScheme)>,
}

impl RatingSchemes {
    /// From stored versions, any order; a later duplicate month wins.
    pub fn new(versions: Vec<(Month, RatingScheme)>) -> RatingSchemes {
        let mut by_month: Vec<(Month, RatingScheme)> = Vec::new();
        for (month, scheme) in versions {
            by_month.retain(|(m, _)| *m != month);
            by_month.push((month, scheme));
        }
        by_month.sort_by_key(|(m, _)| *m);
        RatingSchemes { versions: by_month }
    }

    /// The stored versions, oldest first.
    pub fn versions(&self) -> &[(Month, RatingScheme)] {
        &self.versions
    }

    /// The scheme in force in `month` and the month its version started
    /// (`None`: the standard scheme).
    pub fn in_force(&self, month: Month) -> (Option<Month>, RatingScheme) {
        self.versions
            .iter()
            .rev()
            .find(|(from, _)| *from <= month)
            .map_or_else(
                || (None, RatingScheme::standard()),
                |(from, scheme)| (Some(*from), scheme.clone()),
            )
    }
}

/// One criterion of a group's score: what was measured and the points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// The rule applied.
    pub rule: CriterionRule,
    /// Name.
    pub label: String,
    /// What the numerator and denominator count.
    pub unit: MeasureUnit,
    /// Numerator (collected, paid at the session, members saving, growth…).
    pub numerator: i64,
    /// Denominator (due, paid, active members, opening balance…).
    pub denominator: i64,
    /// The value in percent, 2 decimals; `None` when there was nothing to
    /// measure.
    pub value_pct: Option<Decimal>,
    /// Points earned.
    pub points: Decimal,
}

/// A group's rating for the month, with its score broken down so the group
/// leader can see why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRating {
    /// The group's id.
    pub group: Uuid,
    /// Code (T07).
    pub code: String,
    /// Name.
    pub label: String,
    /// Its association's name.
    pub association: String,
    /// Total points, 2 decimals.
    pub score: Decimal,
    /// Grade.
    pub grade: Grade,
    /// Points per criterion, in the scheme's order.
    pub breakdown: Vec<CriterionScore>,
}

/// How many groups got each grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GradeCounts {
    /// Tốt.
    pub tot: u32,
    /// Khá.
    pub kha: u32,
    /// Trung bình.
    pub trung_binh: u32,
    /// Yếu.
    pub yeu: u32,
}

/// The month's rating of every group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingReport {
    /// The month.
    pub month: Month,
    /// Measured through this date (the month's last day, or earlier for the
    /// month in progress).
    pub as_of: NaiveDate,
    /// The month the scheme's version started; `None` for the standard scheme.
    pub scheme_from: Option<Month>,
    /// The scheme applied.
    pub scheme: RatingScheme,
    /// Groups, in the organisation's order.
    pub groups: Vec<GroupRating>,
    /// Groups per grade.
    pub counts: GradeCounts,
}

/// The sums one group's criteria are computed from.
#[derive(Debug, Clone, Copy, Default)]
struct GroupSums {
    paid: Dong,
    paid_at_session: Dong,
    principal_due: Dong,
    principal_unpaid: Dong,
    interest_due: Dong,
    interest_collected: Dong,
    outstanding: Dong,
    overdue: Dong,
    active_members: i64,
    saving_members: i64,
    savings_opening: Dong,
    savings_closing: Dong,
}

impl GroupSums {
    /// (numerator, denominator, value) of a criterion.
    fn measure(&self, criterion: Criterion) -> (i64, i64, Option<Decimal>) {
        let ratio = |num: i64, den: i64| (num, den, (den > 0).then(|| percent(num, den)));
        match criterion {
            Criterion::TransactionsAtPoint => ratio(self.paid_at_session.get(), self.paid.get()),
            Criterion::DuePrincipalCollection => ratio(
                (self.principal_due - self.principal_unpaid).get(),
                self.principal_due.get(),
            ),
            Criterion::InterestCollection => {
                ratio(self.interest_collected.get(), self.interest_due.get())
            }
            Criterion::MembersSaving => ratio(self.saving_members, self.active_members),
            Criterion::SavingsGrowth => {
                let growth = (self.savings_closing - self.savings_opening).get();
                let opening = self.savings_opening.get();
                let value = if opening > 0 {
                    percent(growth, opening)
                } else if self.savings_closing.is_positive() {
                    Decimal::ONE_HUNDRED
                } else {
                    Decimal::ZERO
                };
                (growth, opening, Some(value))
            }
            Criterion::OverdueRatio => {
                let (num, den) = (self.overdue.get(), self.outstanding.get());
                (
                    num,
                    den,
                    Some(if den > 0 {
                        percent(num, den)
                    } else {
                        Decimal::ZERO
                    }),
                )
            }
        }
    }
}

impl ReportBook<'_> {
    /// Rates every group for the report month with the scheme in force then.
    pub fn ratings(&self, schemes: &RatingSchemes) -> RatingReport {
        let org = self.input.org;
        let (scheme_from, scheme) = schemes.in_force(self.month);
        let mut sums = vec![GroupSums::default(); org.groups.len()];
        let group_of = |borrower: usize| self.lineage.above_borrower(borrower, Level::Group);
        // Per borrower: entrusted outstanding, to tell active members.
        let mut borrower_outstanding = vec![Dong::ZERO; org.borrowers.len()];
        for m in &self.loans {
            if self.input.loans[m.loan].loan.method == LendingMethod::Direct {
                continue;
            }
            borrower_outstanding[m.borrower] += m.position.outstanding;
            let Some(g) = group_of(m.borrower) else {
                continue;
            };
            let s = &mut sums[g];
            s.paid += m.paid_month;
            s.paid_at_session += m.paid_at_session_month;
            s.principal_due += m.principal_due_month;
            s.principal_unpaid += m.principal_unpaid_month;
            s.interest_due += m.interest.due;
            s.interest_collected += m.interest.collected;
            s.outstanding += m.position.outstanding;
            s.overdue += m.position.overdue;
        }
        let savings: HashMap<Uuid, (Dong, Dong)> = self
            .input
            .savings
            .iter()
            .map(|s| (s.member.0, (s.opening, s.closing)))
            .collect();
        for (b, unit) in org.borrowers.iter().enumerate() {
            let Some(g) = group_of(b) else {
                continue;
            };
            let (opening, closing) = savings.get(&unit.id).copied().unwrap_or_default();
            let s = &mut sums[g];
            s.savings_opening += opening;
            s.savings_closing += closing;
            if borrower_outstanding[b].is_positive() || closing.is_positive() {
                s.active_members += 1;
                if closing.is_positive() {
                    s.saving_members += 1;
                }
            }
        }
        let mut counts = GradeCounts::default();
        let groups = org
            .groups
            .iter()
            .enumerate()
            .map(|(g, unit)| {
                let breakdown: Vec<CriterionScore> = scheme
                    .criteria
                    .iter()
                    .map(|rule| {
                        let (numerator, denominator, value_pct) = sums[g].measure(rule.criterion);
                        CriterionScore {
                            points: rule.points(value_pct),
                            rule: rule.clone(),
                            label: rule.criterion.label_vi().to_string(),
                            unit: rule.criterion.unit(),
                            numerator,
                            denominator,
                            value_pct,
                        }
                    })
                    .collect();
                let score: Decimal = breakdown.iter().map(|c| c.points).sum();
                let grade = scheme.bands.grade(score);
                match grade {
                    Grade::Tot => counts.tot += 1,
                    Grade::Kha => counts.kha += 1,
                    Grade::TrungBinh => counts.trung_binh += 1,
                    Grade::Yeu => counts.yeu += 1,
                }
                GroupRating {
                    group: unit.id,
                    code: unit.code.clone(),
                    label: unit.label.clone(),
                    association: self
                        .lineage
                        .parent(Level::Group, g)
                        .map(|a| org.associations[a].label.clone())
                        .unwrap_or_default(),
                    score,
                    grade,
                    breakdown,
                }
            })
            .collect();
        RatingReport {
            month: self.month,
            as_of: self.as_of,
            scheme_from,
            scheme,
            groups,
            counts,
        }
    }
}
