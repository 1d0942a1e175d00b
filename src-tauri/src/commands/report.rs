//! The supervisors' reports (docs/ipc.md, "Credit quality reports"): credit
//! quality by level, the month's group ratings, the loan officer's
//! watchlists, fees and commissions, the comparison of a level's units, the
//! charts' month-by-month series, and the reports' settings. Each command
//! reads its arguments, calls `phien-store` (which computes with
//! `phien_core::report`) and converts; nothing is computed here, and nothing
//! at start-up: a report is computed when its screen asks for it.

use chrono::NaiveDate;
use phien_core::dates::{Month, not_after_today};
use phien_core::org::next_session_date;
use phien_core::report::Level;
use phien_core::report::compare::Indicator;
use phien_core::report::fees::{FeeKind, FeeRate};
use phien_core::report::rating::{Criterion, CriterionRule, GradeBands, RatingScheme};
use phien_core::report::watchlist::{SortBy, WatchKind};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{AppState, actor};
use crate::ipc::IpcError;
use crate::ipc::report::{
    ComparisonDto, CreditReportDto, FeeRatesDto, FeeReportDto, NewScheme, RatingReportDto,
    RatingSchemeInfo, ReportSeriesDto, SchemeDto, SchemeVersionDto, WatchlistDto, iso_month,
};

/// How many months the charts show when no range is asked for.
pub const SERIES_DEFAULT_MONTHS: usize = 12;

/// A report date: `YYYY-MM-DD` (`bad_date`), not after today
/// (`future_date`); today when absent.
pub(crate) fn report_date(
    field: &str,
    text: Option<&str>,
    today: NaiveDate,
) -> Result<NaiveDate, IpcError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(today);
    };
    let day = parse_day(field, text)?;
    not_after_today("Ngày báo cáo", day, today)
        .map_err(|e| IpcError::new("future_date", e.to_string()))?;
    Ok(day)
}

fn parse_day(field: &str, text: &str) -> Result<NaiveDate, IpcError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        IpcError::new(
            "bad_date",
            format!("{field} = «{text}»: ngày không hợp lệ (cần dạng YYYY-MM-DD)"),
        )
    })
}

/// A month: `YYYY-MM` (`bad_month`); `default` when absent.
pub(crate) fn parse_month(
    field: &str,
    text: Option<&str>,
    default: Month,
) -> Result<Month, IpcError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(default);
    };
    let bad = || {
        IpcError::new(
            "bad_month",
            format!("{field} = «{text}»: tháng không hợp lệ (cần dạng YYYY-MM)"),
        )
    };
    let (year, month) = text.split_once('-').ok_or_else(bad)?;
    if year.len() != 4 || month.len() != 2 {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    let month: u32 = month.parse().map_err(|_| bad())?;
    Month::new(year, month).ok_or_else(bad)
}

/// The unit a report is cut to: a UUID the organisation has (the store
/// refuses one it does not have with `unknown_unit`).
pub(crate) fn parse_within(text: Option<&str>) -> Result<Option<Uuid>, IpcError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| {
            IpcError::new(
                "unknown_unit",
                format!("Đơn vị = «{t}»: mã đơn vị không hợp lệ"),
            )
        }),
    }
}

pub(crate) fn parse_level(text: &str, allowed: &[Level]) -> Result<Level, IpcError> {
    Level::from_code(text.trim())
        .filter(|l| allowed.contains(l))
        .ok_or_else(|| {
            let codes: Vec<&str> = allowed.iter().map(|l| l.code()).collect();
            IpcError::new(
                "bad_level",
                format!("Cấp = «{text}»: chọn {}", codes.join(", ")),
            )
        })
}

/// `credit_report`: credit quality on `as_of` (today when null), every
/// level down to `level`, all units or those within `within` (the unit and
/// its subtree), in tree order.
pub fn credit_report(
    state: &AppState,
    as_of: Option<&str>,
    level: &str,
    within: Option<&str>,
) -> Result<CreditReportDto, IpcError> {
    let day = report_date("asOf", as_of, state.today())?;
    let deepest = parse_level(level, &Level::ALL)?;
    let within_id = parse_within(within)?;
    let report = state
        .store()
        .credit_report_within(day, within_id, deepest)?;
    Ok(CreditReportDto::new(
        &report,
        deepest.code(),
        within_id.map(|id| id.to_string()),
    ))
}

/// `group_ratings`: every group's rating of `month` (this month when null,
/// measured through today), with the per-criterion breakdown.
pub fn group_ratings(state: &AppState, month: Option<&str>) -> Result<RatingReportDto, IpcError> {
    let today = state.today();
    let month = parse_month("month", month, Month::of(today))?;
    let report = state.store().group_ratings(month, today)?;
    Ok(RatingReportDto::from(&report))
}

/// A watchlist's kind and order as the UI names them (`bad_watchlist`,
/// `bad_sort`).
pub(crate) fn watch_kind_sort(kind: &str, sort: &str) -> Result<(WatchKind, SortBy), IpcError> {
    let kind = WatchKind::from_code(kind.trim()).ok_or_else(|| {
        let codes: Vec<&str> = WatchKind::ALL.iter().map(|k| k.code()).collect();
        IpcError::new(
            "bad_watchlist",
            format!("Danh sách = «{kind}»: chọn {}", codes.join(", ")),
        )
    })?;
    let sort = SortBy::from_code(sort.trim()).ok_or_else(|| {
        IpcError::new(
            "bad_sort",
            format!("Sắp xếp = «{sort}»: chọn amount hoặc age"),
        )
    })?;
    Ok((kind, sort))
}

/// A watchlist's day: the next session day for the due list (or a day up
/// to it), today for the others (or a day not after it).
pub(crate) fn watchlist_day(
    state: &AppState,
    kind: WatchKind,
    date: Option<&str>,
) -> Result<NaiveDate, IpcError> {
    let today = state.today();
    if kind != WatchKind::Due {
        return report_date("date", date, today);
    }
    let point = state.store().point()?;
    let fixed_day = point
        .ok_or_else(|| IpcError::new("not_found", "tệp dữ liệu chưa có điểm giao dịch"))?
        .point
        .fixed_day;
    due_day(today, fixed_day, date)
}

/// The due list's day: the next session day after `today` on a point
/// meeting on `fixed_day`, or a day up to it.
pub(crate) fn due_day(
    today: NaiveDate,
    fixed_day: u32,
    date: Option<&str>,
) -> Result<NaiveDate, IpcError> {
    let next = next_session_date(today, fixed_day);
    match date.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(next),
        Some(text) => {
            let day = parse_day("date", text)?;
            if day > next {
                return Err(IpcError::new(
                    "future_date",
                    format!(
                        "Ngày phiên giao dịch = «{}»: sau phiên giao dịch tiếp theo ({})",
                        day.format("%d/%m/%Y"),
                        next.format("%d/%m/%Y")
                    ),
                ));
            }
            Ok(day)
        }
    }
}

/// `watchlist`: one of the loan officer's lists, sorted by `amount` or
/// `age`, of everyone or those within a unit. Its date defaults to the next
/// session day for the due list and today for the others; the due list
/// may look ahead to the next session, the others not past today.
pub fn watchlist(
    state: &AppState,
    kind: &str,
    sort: &str,
    date: Option<&str>,
    within: Option<&str>,
) -> Result<WatchlistDto, IpcError> {
    let (kind, sort) = watch_kind_sort(kind, sort)?;
    let within_id = parse_within(within)?;
    let on = watchlist_day(state, kind, date)?;
    let store = state.store();
    let list = store.watchlist(kind, sort, on, within_id)?;
    Ok(WatchlistDto::new(&list, within_id.map(|id| id.to_string())))
}

/// `fee_report`: the association fees and group commissions of `month`
/// (this month when null, through today).
pub fn fee_report(state: &AppState, month: Option<&str>) -> Result<FeeReportDto, IpcError> {
    let today = state.today();
    let month = parse_month("month", month, Month::of(today))?;
    let report = state.store().fee_report(month, today)?;
    Ok(FeeReportDto::from(&report))
}

/// The levels a comparison ranks.
pub(crate) const COMPARED_LEVELS: [Level; 4] = [
    Level::Point,
    Level::Association,
    Level::Group,
    Level::Borrower,
];

/// An indicator as the UI names it (`bad_indicator`).
pub(crate) fn parse_indicator(indicator: &str) -> Result<Indicator, IpcError> {
    Indicator::from_code(indicator.trim()).ok_or_else(|| {
        let codes: Vec<&str> = Indicator::ALL.iter().map(|i| i.code()).collect();
        IpcError::new(
            "bad_indicator",
            format!("Chỉ tiêu = «{indicator}»: chọn {}", codes.join(", ")),
        )
    })
}

/// `compare_units`: the units of `level` (point, association, group or
/// borrower; all, or those within a unit) ranked by `indicator` on `as_of`.
pub fn compare_units(
    state: &AppState,
    as_of: Option<&str>,
    level: &str,
    indicator: &str,
    within: Option<&str>,
) -> Result<ComparisonDto, IpcError> {
    let day = report_date("asOf", as_of, state.today())?;
    let level = parse_level(level, &COMPARED_LEVELS)?;
    let indicator = parse_indicator(indicator)?;
    let within_id = parse_within(within)?;
    let comparison = state.store().comparison(day, level, indicator, within_id)?;
    Ok(ComparisonDto::from(&comparison))
}

/// `report_series`: overdue, its ratio and interest arrears of the office,
/// each point and association at each month-end from `from` to `to` (the
/// last 12 months through this one when null), and each month's grades.
pub fn report_series(
    state: &AppState,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<ReportSeriesDto, IpcError> {
    let today = state.today();
    let to = parse_month("to", to, Month::of(today))?;
    let mut default_from = to;
    for _ in 1..SERIES_DEFAULT_MONTHS {
        default_from = default_from.previous();
    }
    let from = parse_month("from", from, default_from)?;
    let series = state.store().report_series(from, to, today)?;
    Ok(ReportSeriesDto::from(&series))
}

fn scheme_info(state: &AppState, month: Month) -> Result<RatingSchemeInfo, IpcError> {
    let schemes = state.store().rating_schemes()?;
    let (from, scheme) = schemes.in_force(month);
    Ok(RatingSchemeInfo {
        month: iso_month(month),
        from: from.map(iso_month),
        scheme: SchemeDto::from(&scheme),
        standard: SchemeDto::from(&RatingScheme::standard()),
        versions: schemes
            .versions()
            .iter()
            .map(|(from, scheme)| SchemeVersionDto {
                from: iso_month(*from),
                scheme: SchemeDto::from(scheme),
            })
            .collect(),
    })
}

/// `rating_scheme`: the scheme that rates `month` (this month when null),
/// the standard one, and the stored versions.
pub fn rating_scheme(state: &AppState, month: Option<&str>) -> Result<RatingSchemeInfo, IpcError> {
    let month = parse_month("month", month, Month::of(state.today()))?;
    scheme_info(state, month)
}

/// A decimal as typed (`1,5` or `1.5`), or `bad` naming the field.
fn parse_decimal(code: &str, field: &str, text: &str) -> Result<Decimal, IpcError> {
    text.trim().replace(',', ".").parse().map_err(|_| {
        IpcError::new(
            code,
            format!("{field} = «{text}»: không phải là số (ví dụ 0,045)"),
        )
    })
}

fn scheme_from(typed: &NewScheme) -> Result<RatingScheme, IpcError> {
    const CODE: &str = "bad_rating_scheme";
    let criteria = typed
        .criteria
        .iter()
        .map(|r| {
            let criterion = Criterion::from_code(r.criterion.trim()).ok_or_else(|| {
                IpcError::new(
                    CODE,
                    format!("tiêu chí = «{}»: không có tiêu chí này", r.criterion),
                )
            })?;
            let field = |name: &str| format!("{}.{name}", criterion.code());
            Ok(CriterionRule {
                criterion,
                weight: parse_decimal(CODE, &field("weight"), &r.weight)?,
                full_at: parse_decimal(CODE, &field("full_at"), &r.full_at)?,
                zero_at: parse_decimal(CODE, &field("zero_at"), &r.zero_at)?,
            })
        })
        .collect::<Result<Vec<_>, IpcError>>()?;
    let b = &typed.bands;
    Ok(RatingScheme {
        criteria,
        bands: GradeBands {
            tot: parse_decimal(CODE, "bands.tot", &b.tot)?,
            kha: parse_decimal(CODE, "bands.kha", &b.kha)?,
            trung_binh: parse_decimal(CODE, "bands.trung_binh", &b.trung_binh)?,
        },
    })
}

/// `set_rating_scheme`: stores the scheme that rates `from` and the months
/// after it (until a later version), as `actor`. The store refuses a scheme
/// that cannot rate (`bad_rating_scheme`: weights not adding up to 100,
/// equal bounds, bands out of order) and writes nothing then.
pub fn set_rating_scheme(
    state: &AppState,
    actor_code: &str,
    from: &str,
    scheme: &NewScheme,
) -> Result<RatingSchemeInfo, IpcError> {
    let from = parse_month("from", Some(from), Month::of(state.today()))?;
    let scheme = scheme_from(scheme)?;
    {
        let mut store = state.store();
        let actor = actor(&store, actor_code)?;
        store.write(actor, "set_rating_scheme", &from.to_string(), |tx| {
            tx.set_rating_scheme(from, &scheme)
        })?;
    }
    scheme_info(state, from)
}

/// `fee_rates`: every fee rate in force (defaults and stored), by kind and
/// month.
pub fn fee_rates(state: &AppState) -> Result<FeeRatesDto, IpcError> {
    Ok(FeeRatesDto::from(&state.store().fee_rates()?))
}

/// `set_fee_rate`: stores a rate (`association_fee` or `group_commission`)
/// in force from `from`, in percent per month (`0,045`), as `actor`. The
/// store refuses a negative rate or one that takes fee plus commission over
/// 0,125 %/month (`bad_fee_rate`) and writes nothing then.
pub fn set_fee_rate(
    state: &AppState,
    actor_code: &str,
    kind: &str,
    from: &str,
    rate_pct: &str,
) -> Result<FeeRatesDto, IpcError> {
    let kind = FeeKind::from_code(kind.trim()).ok_or_else(|| {
        IpcError::new(
            "bad_fee_rate",
            format!("Loại phí = «{kind}»: chọn association_fee hoặc group_commission"),
        )
    })?;
    let from = parse_month("from", Some(from), Month::of(state.today()))?;
    let rate = FeeRate {
        kind,
        from,
        monthly_rate: parse_decimal("bad_fee_rate", "Tỷ lệ (%/tháng)", rate_pct)?
            / Decimal::ONE_HUNDRED,
    };
    let mut store = state.store();
    let actor = actor(&store, actor_code)?;
    let detail = format!("{} {from} {}", kind.code(), rate.monthly_rate);
    store.write(actor, "set_fee_rate", &detail, |tx| tx.set_fee_rate(rate))?;
    Ok(FeeRatesDto::from(&store.fee_rates()?))
}

/// The `#[tauri::command]` wrappers of this module's commands.
pub mod handlers {
    use tauri::State;

    use super::AppState;
    use crate::ipc::IpcError;
    use crate::ipc::report::{
        ComparisonDto, CreditReportDto, FeeRatesDto, FeeReportDto, NewScheme, RatingReportDto,
        RatingSchemeInfo, ReportSeriesDto, WatchlistDto,
    };

    /// See [`super::credit_report`].
    #[tauri::command]
    pub async fn credit_report(
        state: State<'_, AppState>,
        as_of: Option<String>,
        level: String,
        within: Option<String>,
    ) -> Result<CreditReportDto, IpcError> {
        super::credit_report(&state, as_of.as_deref(), &level, within.as_deref())
    }

    /// See [`super::group_ratings`].
    #[tauri::command]
    pub async fn group_ratings(
        state: State<'_, AppState>,
        month: Option<String>,
    ) -> Result<RatingReportDto, IpcError> {
        super::group_ratings(&state, month.as_deref())
    }

    /// See [`super::watchlist`].
    #[tauri::command]
    pub async fn watchlist(
        state: State<'_, AppState>,
        kind: String,
        sort: String,
        date: Option<String>,
        within: Option<String>,
    ) -> Result<WatchlistDto, IpcError> {
        super::watchlist(&state, &kind, &sort, date.as_deref(), within.as_deref())
    }

    /// See [`super::fee_report`].
    #[tauri::command]
    pub async fn fee_report(
        state: State<'_, AppState>,
        month: Option<String>,
    ) -> Result<FeeReportDto, IpcError> {
        super::fee_report(&state, month.as_deref())
    }

    /// See [`super::compare_units`].
    #[tauri::command]
    pub async fn compare_units(
        state: State<'_, AppState>,
        as_of: Option<String>,
        level: String,
        indicator: String,
        within: Option<String>,
    ) -> Result<ComparisonDto, IpcError> {
        super::compare_units(
            &state,
            as_of.as_deref(),
            &level,
            &indicator,
            within.as_deref(),
        )
    }

    /// See [`super::report_series`].
    #[tauri::command]
    pub async fn report_series(
        state: State<'_, AppState>,
        from: Option<String>,
        to: Option<String>,
    ) -> Result<ReportSeriesDto, IpcError> {
        super::report_series(&state, from.as_deref(), to.as_deref())
    }

    /// See [`super::rating_scheme`].
    #[tauri::command]
    pub async fn rating_scheme(
        state: State<'_, AppState>,
        month: Option<String>,
    ) -> Result<RatingSchemeInfo, IpcError> {
        super::rating_scheme(&state, month.as_deref())
    }

    /// See [`super::set_rating_scheme`].
    #[tauri::command]
    pub async fn set_rating_scheme(
        state: State<'_, AppState>,
        actor: String,
        from: String,
        scheme: NewScheme,
    ) -> Result<RatingSchemeInfo, IpcError> {
        super::set_rating_scheme(&state, &actor, &from, &scheme)
    }

    /// See [`super::fee_rates`].
    #[tauri::command]
    pub async fn fee_rates(state: State<'_, AppState>) -> Result<FeeRatesDto, IpcError> {
        super::fee_rates(&state)
    }

    /// See [`super::set_fee_rate`].
    #[tauri::command]
    pub async fn set_fee_rate(
        state: State<'_, AppState>,
        actor: String,
        kind: String,
        from: String,
        rate_pct: String,
    ) -> Result<FeeRatesDto, IpcError> {
        super::set_fee_rate(&state, &actor, &kind, &from, &rate_pct)
    }
}
