//! The supervisors' reports on the wire (docs/ipc.md, "Credit quality
//! reports"): camelCase, whole đồng as numbers, ratios and rates as decimal
//! strings (`"1.25"` is 1,25 %; never a float), dates `YYYY-MM-DD`, months
//! `YYYY-MM`. Converted by hand from `phien_core::report`.

use phien_core::dates::Month;
use phien_core::report::compare::{Comparison, Indicator, RankedRow};
use phien_core::report::fees::{FeeRate, FeeRates, FeeReport, FeeRow};
use phien_core::report::rating::{
    CriterionRule, CriterionScore, Grade, GradeBands, GradeCounts, GroupRating, MeasureUnit,
    RatingReport, RatingScheme,
};
use phien_core::report::series::ReportSeries;
use phien_core::report::watchlist::{SortBy, WatchRow, Watchlist};
use phien_core::report::{CreditReport, Figures, MovedAway, ReportRow};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::iso;

/// A month for the wire: `YYYY-MM`.
pub fn iso_month(month: Month) -> String {
    format!("{:04}-{:02}", month.year, month.month)
}

/// A percentage for the wire, 2 decimals at most: `"1.25"`.
fn pct(value: Decimal) -> String {
    value.round_dp(2).normalize().to_string()
}

/// A fraction per month as a percentage string (`0.00045` → `"0.045"`).
fn fraction_pct(value: Decimal) -> String {
    (value * Decimal::ONE_HUNDRED).normalize().to_string()
}

/// A grade's wire code (`tot`, `kha`, `trung_binh`, `yeu`).
pub fn grade_code(grade: Grade) -> &'static str {
    match grade {
        Grade::Tot => "tot",
        Grade::Kha => "kha",
        Grade::TrungBinh => "trung_binh",
        Grade::Yeu => "yeu",
    }
}

fn sort_code(sort: SortBy) -> &'static str {
    match sort {
        SortBy::Amount => "amount",
        SortBy::Age => "age",
    }
}

/// A unit's figures on the report date (docs/ipc.md, `Figures`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportFigures {
    /// Borrowers with outstanding principal.
    pub n_borrowers: u32,
    /// Loans with outstanding principal.
    pub n_loans: u32,
    /// Dư nợ.
    pub outstanding: i64,
    /// Of which current.
    pub current: i64,
    /// Of which overdue.
    pub overdue: i64,
    /// Of which frozen.
    pub frozen: i64,
    /// Overdue ÷ outstanding, percent string.
    pub overdue_ratio_pct: String,
    /// Frozen ÷ outstanding, percent string.
    pub frozen_ratio_pct: String,
    /// Loans with overdue principal.
    pub n_overdue_loans: u32,
    /// Overdue on 31/12 of the previous year.
    pub overdue_at_year_start: i64,
    /// Overdue now − on 31/12 of the previous year (positive = worse).
    pub overdue_change_since_jan1: i64,
    /// Overdue at the end of the previous month.
    pub overdue_at_last_month_end: i64,
    /// Overdue now − at the end of the previous month.
    pub overdue_change_since_last_month: i64,
    /// Lãi tồn.
    pub interest_arrears: i64,
    /// Loans with interest arrears.
    pub n_arrears_loans: u32,
    /// Loans inactive for 3 months.
    pub n_inactive: u32,
    /// Their outstanding.
    pub inactive_outstanding: i64,
    /// Borrowers who moved away and still owe.
    pub n_moved_away: u32,
    /// Their outstanding.
    pub moved_away_outstanding: i64,
    /// … of whom no agency was asked yet.
    pub n_moved_away_not_traced: u32,
    /// … asked, no answer yet.
    pub n_moved_away_awaiting_answer: u32,
    /// … an agency answered.
    pub n_moved_away_answered: u32,
    /// Interest due in the month (lãi phải thu).
    pub interest_due: i64,
    /// Interest collected in the month, up to each loan's due.
    pub interest_collected: i64,
    /// Collected ÷ due, percent string; null when nothing was due.
    pub interest_collection_rate_pct: Option<String>,
}

impl From<&Figures> for ReportFigures {
    fn from(f: &Figures) -> ReportFigures {
        ReportFigures {
            n_borrowers: f.n_borrowers,
            n_loans: f.n_loans,
            outstanding: f.outstanding.get(),
            current: f.current.get(),
            overdue: f.overdue.get(),
            frozen: f.frozen.get(),
            overdue_ratio_pct: pct(f.overdue_ratio_pct),
            frozen_ratio_pct: pct(f.frozen_ratio_pct),
            n_overdue_loans: f.n_overdue_loans,
            overdue_at_year_start: f.overdue_at_year_start.get(),
            overdue_change_since_jan1: f.overdue_change_since_jan1.get(),
            overdue_at_last_month_end: f.overdue_at_last_month_end.get(),
            overdue_change_since_last_month: f.overdue_change_since_last_month.get(),
            interest_arrears: f.interest_arrears.get(),
            n_arrears_loans: f.n_arrears_loans,
            n_inactive: f.n_inactive,
            inactive_outstanding: f.inactive_outstanding.get(),
            n_moved_away: f.n_moved_away_with_debt,
            moved_away_outstanding: f.moved_away_outstanding.get(),
            n_moved_away_not_traced: f.n_moved_away_not_traced,
            n_moved_away_awaiting_answer: f.n_moved_away_awaiting_answer,
            n_moved_away_answered: f.n_moved_away_answered,
            interest_due: f.interest_month.due.get(),
            interest_collected: f.interest_month.collected.get(),
            interest_collection_rate_pct: f.interest_collection_rate_pct.map(pct),
        }
    }
}

/// One line of the credit report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditRow {
    /// `office`, `point`, `association`, `group` or `borrower`.
    pub level: String,
    /// The unit's id (a member's id for a borrower).
    pub id: String,
    /// The unit above.
    pub parent_id: Option<String>,
    /// Code (point code, HND, T07, customer code).
    pub code: String,
    /// Name.
    pub label: String,
    /// Figures.
    pub figures: ReportFigures,
}

impl From<&ReportRow> for CreditRow {
    fn from(r: &ReportRow) -> CreditRow {
        CreditRow {
            level: r.level.code().to_string(),
            id: r.id.to_string(),
            parent_id: r.parent.map(|p| p.to_string()),
            code: r.code.clone(),
            label: r.label.clone(),
            figures: ReportFigures::from(&r.figures),
        }
    }
}

/// The credit report, in tree order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditReportDto {
    /// Report date.
    pub as_of: String,
    /// The month of the interest collection figures (`YYYY-MM`).
    pub month: String,
    /// Deepest level asked for.
    pub level: String,
    /// The unit the report was cut to, if any.
    pub within: Option<String>,
    /// Lines in tree order.
    pub rows: Vec<CreditRow>,
}

impl CreditReportDto {
    /// From the core's report, as asked.
    pub fn new(r: &CreditReport, level: &str, within: Option<String>) -> CreditReportDto {
        CreditReportDto {
            as_of: iso(r.as_of),
            month: iso_month(r.month),
            level: level.to_string(),
            within,
            rows: r.rows.iter().map(CreditRow::from).collect(),
        }
    }
}

/// A district report, as the sync server answered a supervisor's laptop
/// (`district_credit_report`, `district_group_ratings`,
/// `district_fee_report`, `district_watchlist`, `district_compare_units`),
/// with where and when the figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistrictReportDto<T = CreditReportDto> {
    /// The report, shaped as the local command's (`credit_report`,
    /// `group_ratings`, `fee_report`, `watchlist`, `compare_units`).
    pub report: T,
    /// The server asked (its address, as enrolled).
    pub server: String,
    /// The district office's feed is in the figures up to this change.
    pub through: i64,
    /// When the server answered, on this laptop's clock (RFC 3339).
    pub fetched_at: String,
}

/// A criterion's rule (percent strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionRuleDto {
    /// Criterion code (`gd_tai_xa`, `thu_no_den_han`, `thu_lai`,
    /// `tv_tiet_kiem`, `tang_tiet_kiem`, `no_qua_han`).
    pub criterion: String,
    /// Vietnamese name.
    pub label: String,
    /// Maximum points.
    pub weight: String,
    /// Value (percent) earning every point.
    pub full_at: String,
    /// Value (percent) earning none.
    pub zero_at: String,
}

impl From<&CriterionRule> for CriterionRuleDto {
    fn from(r: &CriterionRule) -> CriterionRuleDto {
        CriterionRuleDto {
            criterion: r.criterion.code().to_string(),
            label: r.criterion.label_vi().to_string(),
            weight: r.weight.normalize().to_string(),
            full_at: r.full_at.normalize().to_string(),
            zero_at: r.zero_at.normalize().to_string(),
        }
    }
}

/// The lowest score of Tốt, Khá and Trung bình.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BandsDto {
    /// Tốt from.
    pub tot: String,
    /// Khá from.
    pub kha: String,
    /// Trung bình from.
    pub trung_binh: String,
}

impl From<&GradeBands> for BandsDto {
    fn from(b: &GradeBands) -> BandsDto {
        BandsDto {
            tot: b.tot.normalize().to_string(),
            kha: b.kha.normalize().to_string(),
            trung_binh: b.trung_binh.normalize().to_string(),
        }
    }
}

/// A rating scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemeDto {
    /// Criteria in the breakdown's order.
    pub criteria: Vec<CriterionRuleDto>,
    /// Grade bands.
    pub bands: BandsDto,
}

impl From<&RatingScheme> for SchemeDto {
    fn from(s: &RatingScheme) -> SchemeDto {
        SchemeDto {
            criteria: s.criteria.iter().map(CriterionRuleDto::from).collect(),
            bands: BandsDto::from(&s.bands),
        }
    }
}

/// One criterion of a group's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionScoreDto {
    /// The rule applied.
    #[serde(flatten)]
    pub rule: CriterionRuleDto,
    /// `dong` or `members`: what the numerator and denominator count.
    pub unit: String,
    /// Numerator.
    pub numerator: i64,
    /// Denominator.
    pub denominator: i64,
    /// The value in percent; null when there was nothing to measure (every
    /// point earned).
    pub value_pct: Option<String>,
    /// Points earned.
    pub points: String,
}

impl From<&CriterionScore> for CriterionScoreDto {
    fn from(c: &CriterionScore) -> CriterionScoreDto {
        CriterionScoreDto {
            rule: CriterionRuleDto::from(&c.rule),
            unit: match c.unit {
                MeasureUnit::Dong => "dong",
                MeasureUnit::Members => "members",
            }
            .to_string(),
            numerator: c.numerator,
            denominator: c.denominator,
            value_pct: c.value_pct.map(pct),
            points: pct(c.points),
        }
    }
}

/// A group's rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRatingDto {
    /// The group's id.
    pub group_id: String,
    /// Code.
    pub code: String,
    /// Name.
    pub label: String,
    /// Its association.
    pub association: String,
    /// Total points.
    pub score: String,
    /// `tot`, `kha`, `trung_binh` or `yeu`.
    pub grade: String,
    /// Tốt, Khá, Trung bình, Yếu.
    pub grade_label: String,
    /// Per criterion, in the scheme's order.
    pub breakdown: Vec<CriterionScoreDto>,
}

impl From<&GroupRating> for GroupRatingDto {
    fn from(g: &GroupRating) -> GroupRatingDto {
        GroupRatingDto {
            group_id: g.group.to_string(),
            code: g.code.clone(),
            label: g.label.clone(),
            association: g.association.clone(),
            score: pct(g.score),
            grade: grade_code(g.grade).to_string(),
            grade_label: g.grade.label_vi().to_string(),
            breakdown: g.breakdown.iter().map(CriterionScoreDto::from).collect(),
        }
    }
}

/// Groups per grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GradeCountsDto {
    /// Tốt.
    pub tot: u32,
    /// Khá.
    pub kha: u32,
    /// Trung bình.
    pub trung_binh: u32,
    /// Yếu.
    pub yeu: u32,
}

impl From<&GradeCounts> for GradeCountsDto {
    fn from(c: &GradeCounts) -> GradeCountsDto {
        GradeCountsDto {
            tot: c.tot,
            kha: c.kha,
            trung_binh: c.trung_binh,
            yeu: c.yeu,
        }
    }
}

/// The month's group ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingReportDto {
    /// `YYYY-MM`.
    pub month: String,
    /// Measured through this date.
    pub as_of: String,
    /// The month the scheme's version started; null for the standard one.
    pub scheme_from: Option<String>,
    /// The scheme applied.
    pub scheme: SchemeDto,
    /// Groups, in the organisation's order.
    pub groups: Vec<GroupRatingDto>,
    /// Groups per grade.
    pub counts: GradeCountsDto,
}

impl From<&RatingReport> for RatingReportDto {
    fn from(r: &RatingReport) -> RatingReportDto {
        RatingReportDto {
            month: iso_month(r.month),
            as_of: iso(r.as_of),
            scheme_from: r.scheme_from.map(iso_month),
            scheme: SchemeDto::from(&r.scheme),
            groups: r.groups.iter().map(GroupRatingDto::from).collect(),
            counts: GradeCountsDto::from(&r.counts),
        }
    }
}

/// A tracing request of a moved-away borrower.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceStepDto {
    /// `police`, `social_insurance`, `tax`, `other`.
    pub agency: String,
    /// Công an, …
    pub agency_label: String,
    /// When asked.
    pub asked_on: String,
    /// The answer, if it came by the list's date.
    pub answer: Option<String>,
    /// When.
    pub answered_on: Option<String>,
}

/// A move away and its tracing, as known on the list's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MovedAwayDto {
    /// When the bank learned of it.
    pub learned_on: String,
    /// Where to, if known.
    pub destination: Option<String>,
    /// Who told.
    pub source: String,
    /// `not_traced`, `awaiting_answer` or `answered`.
    pub tracing: String,
    /// Chưa tra cứu, …
    pub tracing_label: String,
    /// Oldest first.
    pub steps: Vec<TraceStepDto>,
}

impl From<&MovedAway> for MovedAwayDto {
    fn from(m: &MovedAway) -> MovedAwayDto {
        use phien_core::report::TracingState;
        MovedAwayDto {
            learned_on: iso(m.learned_on),
            destination: m.destination.clone(),
            source: m.source.clone(),
            tracing: match m.tracing {
                TracingState::NotTraced => "not_traced",
                TracingState::AwaitingAnswer => "awaiting_answer",
                TracingState::Answered => "answered",
            }
            .to_string(),
            tracing_label: m.tracing.label_vi().to_string(),
            steps: m
                .steps
                .iter()
                .map(|s| TraceStepDto {
                    agency: s.agency.code().to_string(),
                    agency_label: s.agency.label_vi().to_string(),
                    asked_on: iso(s.asked_on),
                    answer: s.answer.clone(),
                    answered_on: s.answered_on.map(iso),
                })
                .collect(),
        }
    }
}

/// One row of a watchlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchRowDto {
    /// The borrower.
    pub member_id: String,
    /// Customer code.
    pub customer_code: String,
    /// Name.
    pub name: String,
    /// Group code.
    pub group_code: String,
    /// Group name.
    pub group_label: String,
    /// The loan (null on the moved-away list).
    pub account_no: Option<String>,
    /// The amount the list is about.
    pub amount: i64,
    /// Of which principal.
    pub principal: i64,
    /// Of which interest.
    pub interest: i64,
    /// The date the age counts from.
    pub since: Option<String>,
    /// Days since.
    pub age_days: i64,
    /// Whole months since.
    pub age_months: u32,
    /// The move and its tracing (moved-away list only).
    pub moved_away: Option<MovedAwayDto>,
}

impl From<&WatchRow> for WatchRowDto {
    fn from(r: &WatchRow) -> WatchRowDto {
        WatchRowDto {
            member_id: r.member.to_string(),
            customer_code: r.customer_code.clone(),
            name: r.name.clone(),
            group_code: r.group_code.clone(),
            group_label: r.group_label.clone(),
            account_no: r.account_no.clone(),
            amount: r.amount.get(),
            principal: r.principal.get(),
            interest: r.interest.get(),
            since: r.since.map(iso),
            age_days: r.age_days,
            age_months: r.age_months,
            moved_away: r.moved_away.as_ref().map(MovedAwayDto::from),
        }
    }
}

/// A watchlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchlistDto {
    /// `due`, `overdue`, `arrears`, `inactive`, `moved_away`.
    pub kind: String,
    /// Its Vietnamese title.
    pub title: String,
    /// Its date (the due list: the session day).
    pub as_of: String,
    /// `amount` or `age`.
    pub sort: String,
    /// The unit it was cut to, if any.
    pub within: Option<String>,
    /// Rows.
    pub rows: Vec<WatchRowDto>,
    /// Σ amount.
    pub total: i64,
}

impl WatchlistDto {
    /// From the core's list.
    pub fn new(w: &Watchlist, within: Option<String>) -> WatchlistDto {
        WatchlistDto {
            kind: w.kind.code().to_string(),
            title: w.kind.label_vi().to_string(),
            as_of: iso(w.as_of),
            sort: sort_code(w.sort).to_string(),
            within,
            rows: w.rows.iter().map(WatchRowDto::from).collect(),
            total: w.total.get(),
        }
    }
}

/// A line of the fee report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeRowDto {
    /// `association` (its fee) or `group` (its commission).
    pub level: String,
    /// The unit's id.
    pub id: String,
    /// Code.
    pub code: String,
    /// Name.
    pub label: String,
    /// Entrusted outstanding at the close of the previous month.
    pub outstanding: i64,
    /// Interest due in the month.
    pub interest_due: i64,
    /// Interest collected in the month.
    pub interest_collected: i64,
    /// Dư nợ có thu được lãi.
    pub base: i64,
    /// The rate applied, percent per month (`"0.045"`).
    pub rate_pct: String,
    /// The fee or commission.
    pub amount: i64,
}

impl From<&FeeRow> for FeeRowDto {
    fn from(r: &FeeRow) -> FeeRowDto {
        FeeRowDto {
            level: r.level.code().to_string(),
            id: r.id.to_string(),
            code: r.code.clone(),
            label: r.label.clone(),
            outstanding: r.outstanding.get(),
            interest_due: r.interest.due.get(),
            interest_collected: r.interest.collected.get(),
            base: r.base.get(),
            rate_pct: fraction_pct(r.monthly_rate),
            amount: r.amount.get(),
        }
    }
}

/// The month's fees and commissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeReportDto {
    /// `YYYY-MM`.
    pub month: String,
    /// Measured through.
    pub as_of: String,
    /// Association fee, percent per month.
    pub association_rate_pct: String,
    /// Group commission, percent per month.
    pub group_rate_pct: String,
    /// Associations, each followed by its groups.
    pub rows: Vec<FeeRowDto>,
    /// Σ association fees.
    pub total_association_fee: i64,
    /// Σ group commissions.
    pub total_group_commission: i64,
}

impl From<&FeeReport> for FeeReportDto {
    fn from(r: &FeeReport) -> FeeReportDto {
        FeeReportDto {
            month: iso_month(r.month),
            as_of: iso(r.as_of),
            association_rate_pct: fraction_pct(r.association_rate),
            group_rate_pct: fraction_pct(r.group_rate),
            rows: r.rows.iter().map(FeeRowDto::from).collect(),
            total_association_fee: r.total_association_fee.get(),
            total_group_commission: r.total_group_commission.get(),
        }
    }
}

/// A unit ranked in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankedRowDto {
    /// 1 = best; equal values share a rank; null when not measurable.
    pub rank: Option<u32>,
    /// The unit's id.
    pub id: String,
    /// Code.
    pub code: String,
    /// Name.
    pub label: String,
    /// The indicator's value (decimal string: percent, đồng or a count).
    pub value: Option<String>,
    /// Value − the whole's value.
    pub difference: Option<String>,
    /// Worse than the whole.
    pub worse_than_whole: bool,
    /// All its figures.
    pub figures: ReportFigures,
}

impl From<&RankedRow> for RankedRowDto {
    fn from(r: &RankedRow) -> RankedRowDto {
        RankedRowDto {
            rank: r.rank,
            id: r.id.to_string(),
            code: r.code.clone(),
            label: r.label.clone(),
            value: r.value.map(pct),
            difference: r.difference.map(pct),
            worse_than_whole: r.worse_than_whole,
            figures: ReportFigures::from(&r.figures),
        }
    }
}

/// The units of a level ranked by an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonDto {
    /// Report date.
    pub as_of: String,
    /// The level compared.
    pub level: String,
    /// The indicator's code.
    pub indicator: String,
    /// Its Vietnamese name.
    pub indicator_label: String,
    /// `percent`, `dong` or `count`.
    pub unit: String,
    /// Whether a higher value is better.
    pub higher_is_better: bool,
    /// The whole the units make up.
    pub whole_label: String,
    /// Its figures.
    pub whole: ReportFigures,
    /// Its value.
    pub whole_value: Option<String>,
    /// Best − worst among the measurable.
    pub spread: Option<String>,
    /// Best first; unmeasurable last.
    pub rows: Vec<RankedRowDto>,
}

impl From<&Comparison> for ComparisonDto {
    fn from(c: &Comparison) -> ComparisonDto {
        ComparisonDto {
            as_of: iso(c.as_of),
            level: c.level.code().to_string(),
            indicator: c.indicator.code().to_string(),
            indicator_label: c.indicator.label_vi().to_string(),
            unit: indicator_unit(c.indicator).to_string(),
            higher_is_better: c.indicator.higher_is_better(),
            whole_label: c.whole_label.clone(),
            whole: ReportFigures::from(&c.whole),
            whole_value: c.whole_value.map(pct),
            spread: c.spread.map(pct),
            rows: c.rows.iter().map(RankedRowDto::from).collect(),
        }
    }
}

/// What an indicator's values count.
pub fn indicator_unit(indicator: Indicator) -> &'static str {
    if indicator.is_percent() {
        "percent"
    } else if indicator == Indicator::Inactive {
        "count"
    } else {
        "dong"
    }
}

/// One unit's figures at one month-end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesValueDto {
    /// Dư nợ.
    pub outstanding: i64,
    /// Nợ quá hạn.
    pub overdue: i64,
    /// Percent string.
    pub overdue_ratio_pct: String,
    /// Lãi tồn.
    pub interest_arrears: i64,
}

/// A unit followed month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesLineDto {
    /// `office`, `point` or `association`.
    pub level: String,
    /// The unit's id.
    pub id: String,
    /// The unit above.
    pub parent_id: Option<String>,
    /// Code.
    pub code: String,
    /// Name.
    pub label: String,
    /// One per month, in the months' order.
    pub values: Vec<SeriesValueDto>,
}

/// One month of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesMonthDto {
    /// `YYYY-MM`.
    pub month: String,
    /// Measured on.
    pub as_of: String,
    /// Groups per grade in that month's rating.
    pub grades: GradeCountsDto,
}

/// The charts' figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportSeriesDto {
    /// Oldest first.
    pub months: Vec<SeriesMonthDto>,
    /// The office, its points and associations, in tree order.
    pub lines: Vec<SeriesLineDto>,
}

impl From<&ReportSeries> for ReportSeriesDto {
    fn from(s: &ReportSeries) -> ReportSeriesDto {
        ReportSeriesDto {
            months: s
                .months
                .iter()
                .map(|m| SeriesMonthDto {
                    month: iso_month(m.month),
                    as_of: iso(m.as_of),
                    grades: GradeCountsDto::from(&m.grades),
                })
                .collect(),
            lines: s
                .lines
                .iter()
                .map(|l| SeriesLineDto {
                    level: l.level.code().to_string(),
                    id: l.id.to_string(),
                    parent_id: l.parent.map(|p| p.to_string()),
                    code: l.code.clone(),
                    label: l.label.clone(),
                    values: l
                        .values
                        .iter()
                        .map(|v| SeriesValueDto {
                            outstanding: v.outstanding.get(),
                            overdue: v.overdue.get(),
                            overdue_ratio_pct: pct(v.overdue_ratio_pct),
                            interest_arrears: v.interest_arrears.get(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The rating scheme of a month and every stored version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingSchemeInfo {
    /// The month asked for (`YYYY-MM`).
    pub month: String,
    /// The month its version started; null for the standard scheme.
    pub from: Option<String>,
    /// The scheme in force that month.
    pub scheme: SchemeDto,
    /// The standard scheme (domain.md §6.6, uncertain).
    pub standard: SchemeDto,
    /// Stored versions, oldest first.
    pub versions: Vec<SchemeVersionDto>,
}

/// A stored version of the scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemeVersionDto {
    /// First month it rates.
    pub from: String,
    /// The scheme.
    pub scheme: SchemeDto,
}

/// A new rating scheme as typed (decimal strings, `.` or `,`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewScheme {
    /// Criteria, each with its code and numbers.
    pub criteria: Vec<NewCriterionRule>,
    /// Bands.
    pub bands: BandsDto,
}

/// One criterion as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCriterionRule {
    /// Criterion code.
    pub criterion: String,
    /// Maximum points.
    pub weight: String,
    /// Value earning every point.
    pub full_at: String,
    /// Value earning none.
    pub zero_at: String,
}

impl Default for BandsDto {
    fn default() -> BandsDto {
        BandsDto::from(&RatingScheme::standard().bands)
    }
}

/// One dated fee rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeRateDto {
    /// `association_fee` or `group_commission`.
    pub kind: String,
    /// Phí ủy thác (hội), Hoa hồng (tổ).
    pub label: String,
    /// First month it applies to.
    pub from: String,
    /// Percent per month (`"0.045"`).
    pub rate_pct: String,
}

impl From<&FeeRate> for FeeRateDto {
    fn from(r: &FeeRate) -> FeeRateDto {
        FeeRateDto {
            kind: r.kind.code().to_string(),
            label: r.kind.label_vi().to_string(),
            from: iso_month(r.from),
            rate_pct: fraction_pct(r.monthly_rate),
        }
    }
}

/// Every fee rate (defaults and stored), by kind then month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeRatesDto {
    /// Rates.
    pub rates: Vec<FeeRateDto>,
    /// The cap on fee plus commission, percent per month (`"0.125"`).
    pub cap_pct: String,
}

impl From<&FeeRates> for FeeRatesDto {
    fn from(r: &FeeRates) -> FeeRatesDto {
        FeeRatesDto {
            rates: r.rates().iter().map(FeeRateDto::from).collect(),
            cap_pct: fraction_pct(phien_core::report::fees::MONTHLY_CAP),
        }
    }
}
