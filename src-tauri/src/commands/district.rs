//! The district's reports from the sync server (docs/ipc.md, "The
//! district's report"): what `phien report quality|rating|fees|compare
//! --server` and `phien watchlist --server` print, asked for from a
//! supervisor's laptop through `phien_sync` and shown in each report
//! screen's own table.
//!
//! The request goes over the network, so it runs on its own connection to
//! the data file and on a blocking thread (see the handlers): the window and
//! the other commands never wait for it. The server is the one that decides
//! who may have the district's figures: a point's or a group leader's laptop
//! is refused there (`forbidden`), not guessed at here.
//!
//! The last credit reports fetched are kept in memory ([`DistrictReports`])
//! so that «Xuất Excel» / «Xuất PDF» write the figures the screen shows —
//! even when the signal is gone by then — instead of asking the server
//! again. The other reports' files are asked for from the server when the
//! file is made (a fresh answer, or a refusal worded by its code).

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use phien_core::dates::Month;
use phien_core::report::Level;
use phien_core::report::watchlist::WatchKind;
use phien_documents::Document;
use phien_store::Store;
use phien_sync::SyncError;
use uuid::Uuid;

use super::AppState;
use super::export::{credit_report_of, document_from, save};
use super::report::{
    COMPARED_LEVELS, due_day, parse_indicator, parse_level, parse_month, parse_within, report_date,
    watch_kind_sort,
};
use crate::ipc::IpcError;
use crate::ipc::export::{ExportRequest, Exported};
use crate::ipc::report::{
    ComparisonDto, CreditReportDto, DistrictReportDto, FeeReportDto, RatingReportDto, WatchlistDto,
};

/// How many fetched reports are kept for export: a screen, its opened
/// groups and a few dates.
const KEPT: usize = 16;

/// How the app asks for the district's report: fewer tries than a sync (a
/// person is waiting and can press «Thử lại»), and a whole-request timeout
/// longer than the server's own 120 s, so that an office's first request
/// (a long catch-up) is answered `timeout` by the server rather than cut
/// by the laptop and sent again.
pub fn district_options() -> phien_sync::Options {
    phien_sync::Options {
        attempts: 3,
        timeout: Duration::from_secs(150),
        ..phien_sync::Options::default()
    }
}

/// What a district report was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Asked {
    as_of: NaiveDate,
    deepest: Level,
    within: Option<Uuid>,
}

/// One answer of the server, as fetched.
#[derive(Debug)]
struct Fetched {
    asked: Asked,
    server: String,
    answer: phien_sync::DistrictReport,
    at: DateTime<Utc>,
}

/// The district reports this app fetched lately, newest last.
#[derive(Debug, Default)]
pub struct DistrictReports {
    fetched: Mutex<Vec<Arc<Fetched>>>,
}

impl DistrictReports {
    fn find(&self, asked: Asked) -> Option<Arc<Fetched>> {
        self.lock().iter().rev().find(|f| f.asked == asked).cloned()
    }

    fn keep(&self, fetched: Arc<Fetched>) {
        let mut kept = self.lock();
        kept.retain(|f| f.asked != fetched.asked);
        kept.push(fetched);
        let extra = kept.len().saturating_sub(KEPT);
        kept.drain(..extra);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Fetched>>> {
        self.fetched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Asks the server, on a connection of its own to the data file (the
/// credential is the enrolment's); keeps the answer.
fn fetch(
    db_path: &Path,
    kept: &DistrictReports,
    asked: Asked,
    now: DateTime<Utc>,
    options: phien_sync::Options,
) -> Result<Arc<Fetched>, IpcError> {
    let store = Store::open(db_path)?;
    let server = server_of(&store)?;
    let answer = phien_sync::district_report_answer(
        &store,
        asked.as_of,
        asked.deepest,
        asked.within,
        options,
    )?;
    let fetched = Arc::new(Fetched {
        asked,
        server,
        answer,
        at: now,
    });
    kept.keep(fetched.clone());
    Ok(fetched)
}

/// `district_credit_report`: the district's credit report on `as_of`
/// (today when null) down to `level`, all of it or `within` a unit, from
/// the sync server. Its arguments are read as `credit_report` reads them
/// (`bad_date`, `future_date`, `bad_level`, `unknown_unit`) before anything
/// is sent. Refused with `not_enrolled` (no enrolment), `unreachable` (no
/// answer after the tries), or the server's code: `forbidden` (a point's
/// or a group leader's laptop), `unauthorized`, `revoked`, `timeout`,
/// `unknown_unit`, `protocol`…
#[allow(clippy::too_many_arguments)]
pub fn district_credit_report(
    db_path: &Path,
    kept: &DistrictReports,
    today: NaiveDate,
    as_of: Option<&str>,
    level: &str,
    within: Option<&str>,
    now: DateTime<Utc>,
    options: phien_sync::Options,
) -> Result<DistrictReportDto, IpcError> {
    let asked = Asked {
        as_of: report_date("asOf", as_of, today)?,
        deepest: parse_level(level, &Level::ALL)?,
        within: parse_within(within)?,
    };
    let fetched = fetch(db_path, kept, asked, now, options)?;
    Ok(DistrictReportDto {
        report: CreditReportDto::new(
            &fetched.answer.report,
            asked.deepest.code(),
            asked.within.map(|id| id.to_string()),
        ),
        server: fetched.server.clone(),
        through: fetched.answer.through,
        fetched_at: fetched_at(fetched.at),
    })
}

/// The server the laptop is enrolled with (empty when none: the request
/// is then refused `not_enrolled`).
fn server_of(store: &Store) -> Result<String, IpcError> {
    Ok(store
        .sync_link()?
        .map(|link| link.server_url)
        .unwrap_or_default())
}

fn fetched_at(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Asks the server with `ask`, on a connection of its own to the data file,
/// and shapes its report as the local command does (`shape`).
fn answered<T, D>(
    db_path: &Path,
    now: DateTime<Utc>,
    ask: impl FnOnce(&Store) -> Result<phien_sync::DistrictReport<T>, SyncError>,
    shape: impl FnOnce(T) -> D,
) -> Result<DistrictReportDto<D>, IpcError> {
    let store = Store::open(db_path)?;
    let server = server_of(&store)?;
    let answer = ask(&store)?;
    Ok(DistrictReportDto {
        report: shape(answer.report),
        server,
        through: answer.through,
        fetched_at: fetched_at(now),
    })
}

/// `district_group_ratings`: the district's group ratings of `month` (this
/// month when null), from the sync server — `group_ratings` for every
/// point. Refused as `district_credit_report` is.
pub fn district_group_ratings(
    db_path: &Path,
    today: NaiveDate,
    month: Option<&str>,
    now: DateTime<Utc>,
    options: phien_sync::Options,
) -> Result<DistrictReportDto<RatingReportDto>, IpcError> {
    let month = parse_month("month", month, Month::of(today))?;
    answered(
        db_path,
        now,
        |store| phien_sync::district_ratings(store, month, options),
        |report| RatingReportDto::from(&report),
    )
}

/// `district_fee_report`: the district's association fees and group
/// commissions of `month` (this month when null), from the sync server.
pub fn district_fee_report(
    db_path: &Path,
    today: NaiveDate,
    month: Option<&str>,
    now: DateTime<Utc>,
    options: phien_sync::Options,
) -> Result<DistrictReportDto<FeeReportDto>, IpcError> {
    let month = parse_month("month", month, Month::of(today))?;
    answered(
        db_path,
        now,
        |store| phien_sync::district_fees(store, month, options),
        |report| FeeReportDto::from(&report),
    )
}

/// `district_watchlist`: one of the lists of the whole district, from the
/// sync server, read as `watchlist` reads its arguments — except that a
/// laptop with no point of its own (a supervisor's, nothing pulled) has no
/// session day: its due list is of today, or of a day not after it.
#[allow(clippy::too_many_arguments)]
pub fn district_watchlist(
    db_path: &Path,
    today: NaiveDate,
    kind: &str,
    sort: &str,
    date: Option<&str>,
    within: Option<&str>,
    now: DateTime<Utc>,
    options: phien_sync::Options,
) -> Result<DistrictReportDto<WatchlistDto>, IpcError> {
    let (kind, sort) = watch_kind_sort(kind, sort)?;
    let within_id = parse_within(within)?;
    let on = district_watch_day(db_path, today, kind, date)?;
    answered(
        db_path,
        now,
        |store| phien_sync::district_watchlist(store, kind, sort, on, within_id, options),
        |list| WatchlistDto::new(&list, within_id.map(|id| id.to_string())),
    )
}

/// The day of a district watchlist: the due list's is the next session
/// day of the laptop's point, or — on a laptop with no point of its own —
/// today or a day not after it; every other list's is its report date.
fn district_watch_day(
    db_path: &Path,
    today: NaiveDate,
    kind: WatchKind,
    date: Option<&str>,
) -> Result<NaiveDate, IpcError> {
    let point = Store::open(db_path)?.point()?;
    match point {
        Some(point) if kind == WatchKind::Due => due_day(today, point.point.fixed_day, date),
        _ => report_date("date", date, today),
    }
}

/// `district_compare_units`: the district's units of `level` ranked by
/// `indicator` on `as_of`, from the sync server, read as `compare_units`
/// reads its arguments.
#[allow(clippy::too_many_arguments)]
pub fn district_compare_units(
    db_path: &Path,
    today: NaiveDate,
    as_of: Option<&str>,
    level: &str,
    indicator: &str,
    within: Option<&str>,
    now: DateTime<Utc>,
    options: phien_sync::Options,
) -> Result<DistrictReportDto<ComparisonDto>, IpcError> {
    let day = report_date("asOf", as_of, today)?;
    let level = parse_level(level, &COMPARED_LEVELS)?;
    let indicator = parse_indicator(indicator)?;
    let within_id = parse_within(within)?;
    answered(
        db_path,
        now,
        |store| phien_sync::district_comparison(store, day, level, indicator, within_id, options),
        |report| ComparisonDto::from(&report),
    )
}

/// `export_document` with `source: "server"`: the district's credit report
/// as Excel or PDF, laid out by `phien_documents::make_credit_report` (the
/// letterhead from the report: the office, and its point or how many it
/// covers). The figures are those last fetched for the same date, level
/// and unit — what the screen shows — or, if none was, fetched now.
pub fn export_district_report(
    db_path: &Path,
    kept: &DistrictReports,
    today: NaiveDate,
    folder: &Path,
    request: &ExportRequest,
    options: phien_sync::Options,
) -> Result<Exported, IpcError> {
    let refused = || {
        IpcError::invalid_input(format!(
            "Tài liệu = «{}»: máy chủ chỉ tính chất lượng tín dụng, xếp loại tổ, phí, danh sách theo dõi và so sánh",
            request.document
        ))
    };
    if request.document.trim() != "credit_report" {
        return export_district_other(db_path, today, folder, request, options)
            .and_then(|done| done.ok_or_else(refused));
    }
    let (document, format) = credit_report_of(today, request)?;
    let Document::CreditReport {
        as_of,
        within,
        deepest,
    } = document
    else {
        return Err(refused());
    };
    let asked = Asked {
        as_of,
        deepest,
        within,
    };
    let fetched = match kept.find(asked) {
        Some(fetched) => fetched,
        None => fetch(db_path, kept, asked, Utc::now(), options)?,
    };
    let store = Store::open(db_path)?;
    let made = phien_documents::make_credit_report(
        &store,
        &fetched.answer.report,
        &document,
        format,
        today,
    )?;
    save(folder, &made, format)
}

/// `export_document` with `source: "server"` for the district's ratings,
/// fees, a watchlist or the comparison: asked for from the server now (its
/// arguments read as the screen's district command reads them) and laid
/// out by `phien_documents::make_computed` — the letterhead is the office
/// the laptop is enrolled with, «Toàn quận/huyện» (`no_office` until the
/// laptop's first sync brought the office's name). `None` for another
/// document.
fn export_district_other(
    db_path: &Path,
    today: NaiveDate,
    folder: &Path,
    request: &ExportRequest,
    options: phien_sync::Options,
) -> Result<Option<Exported>, IpcError> {
    use phien_documents::{Computed, make_computed};
    if !matches!(
        request.document.trim(),
        "ratings" | "fees" | "watchlist" | "comparison"
    ) {
        return Ok(None);
    }
    let (document, format) = document_from(request, today, |kind, date| {
        district_watch_day(db_path, today, kind, date)
    })?;
    let store = Store::open(db_path)?;
    let made = match document {
        Document::Ratings { month } => {
            let report = phien_sync::district_ratings(&store, month, options)?.report;
            make_computed(&store, Computed::Ratings(&report), &document, format, today)?
        }
        Document::Fees { month } => {
            let report = phien_sync::district_fees(&store, month, options)?.report;
            make_computed(&store, Computed::Fees(&report), &document, format, today)?
        }
        Document::Watchlist {
            kind,
            sort,
            on,
            within,
        } => {
            let list =
                phien_sync::district_watchlist(&store, kind, sort, on, within, options)?.report;
            make_computed(&store, Computed::Watchlist(&list), &document, format, today)?
        }
        Document::Comparison {
            as_of,
            level,
            indicator,
            within,
        } => {
            let report =
                phien_sync::district_comparison(&store, as_of, level, indicator, within, options)?
                    .report;
            make_computed(
                &store,
                Computed::Comparison(&report),
                &document,
                format,
                today,
            )?
        }
        _ => return Ok(None),
    };
    save(folder, &made, format).map(Some)
}

/// Whether an export asks for the server's figures (`source: "server"`);
/// `invalid_input` for a source that is neither `local` nor `server`.
pub fn from_server(request: &ExportRequest) -> Result<bool, IpcError> {
    match request.source.as_deref().map(str::trim) {
        None | Some("") | Some("local") => Ok(false),
        Some("server") => Ok(true),
        Some(other) => Err(IpcError::invalid_input(format!(
            "Nguồn số liệu = «{other}»: chọn local hoặc server"
        ))),
    }
}

/// The `#[tauri::command]` wrappers: on a blocking thread, off the store's
/// lock, like `sync_now`.
pub mod handlers {
    use std::path::Path;

    use chrono::{DateTime, NaiveDate, Utc};
    use tauri::State;

    use super::AppState;
    use crate::ipc::IpcError;
    use crate::ipc::report::{
        ComparisonDto, DistrictReportDto, FeeReportDto, RatingReportDto, WatchlistDto,
    };

    /// Runs `ask` on a blocking thread with the data file's path, today, the
    /// time and the app's options; a thread that stops is `internal`.
    async fn off_the_lock<T: Send + 'static>(
        state: &AppState,
        ask: impl FnOnce(&Path, NaiveDate, DateTime<Utc>, phien_sync::Options) -> Result<T, IpcError>
        + Send
        + 'static,
    ) -> Result<T, IpcError> {
        let (path, today) = (state.db_path(), state.today());
        tauri::async_runtime::spawn_blocking(move || {
            ask(&path, today, Utc::now(), super::district_options())
        })
        .await
        .map_err(|e| {
            IpcError::new(
                "internal",
                format!("lấy số liệu toàn quận/huyện dừng bất thường: {e}"),
            )
        })?
    }

    /// See [`super::district_credit_report`].
    #[tauri::command]
    pub async fn district_credit_report(
        state: State<'_, AppState>,
        as_of: Option<String>,
        level: String,
        within: Option<String>,
    ) -> Result<DistrictReportDto, IpcError> {
        let kept = state.district_reports();
        off_the_lock(&state, move |path, today, now, options| {
            let (as_of, within) = (as_of.as_deref(), within.as_deref());
            super::district_credit_report(path, &kept, today, as_of, &level, within, now, options)
        })
        .await
    }

    /// See [`super::district_group_ratings`].
    #[tauri::command]
    pub async fn district_group_ratings(
        state: State<'_, AppState>,
        month: Option<String>,
    ) -> Result<DistrictReportDto<RatingReportDto>, IpcError> {
        off_the_lock(&state, move |path, today, now, options| {
            super::district_group_ratings(path, today, month.as_deref(), now, options)
        })
        .await
    }

    /// See [`super::district_fee_report`].
    #[tauri::command]
    pub async fn district_fee_report(
        state: State<'_, AppState>,
        month: Option<String>,
    ) -> Result<DistrictReportDto<FeeReportDto>, IpcError> {
        off_the_lock(&state, move |path, today, now, options| {
            super::district_fee_report(path, today, month.as_deref(), now, options)
        })
        .await
    }

    /// See [`super::district_watchlist`].
    #[tauri::command]
    pub async fn district_watchlist(
        state: State<'_, AppState>,
        kind: String,
        sort: String,
        date: Option<String>,
        within: Option<String>,
    ) -> Result<DistrictReportDto<WatchlistDto>, IpcError> {
        off_the_lock(&state, move |path, today, now, options| {
            let (date, within) = (date.as_deref(), within.as_deref());
            super::district_watchlist(path, today, &kind, &sort, date, within, now, options)
        })
        .await
    }

    /// See [`super::district_compare_units`].
    #[tauri::command]
    pub async fn district_compare_units(
        state: State<'_, AppState>,
        as_of: Option<String>,
        level: String,
        indicator: String,
        within: Option<String>,
    ) -> Result<DistrictReportDto<ComparisonDto>, IpcError> {
        off_the_lock(&state, move |path, today, now, options| {
            let (as_of, within) = (as_of.as_deref(), within.as_deref());
            super::district_compare_units(
                path, today, as_of, &level, &indicator, within, now, options,
            )
        })
        .await
    }
}
