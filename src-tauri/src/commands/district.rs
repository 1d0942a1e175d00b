//! The district's credit quality report from the sync server (docs/ipc.md,
//! "The district's report"): what `phien report quality --server` prints,
//! asked for from a supervisor's laptop by `phien_sync::district_report_answer`
//! and shown in the credit quality screen's own table.
//!
//! The request goes over the network, so it runs on its own connection to
//! the data file and on a blocking thread (see the handlers): the window and
//! the other commands never wait for it. The server is the one that decides
//! who may have the district's figures: a point's or a group leader's laptop
//! is refused there (`forbidden`), not guessed at here.
//!
//! The last reports fetched are kept in memory ([`DistrictReports`]) so that
//! «Xuất Excel» / «Xuất PDF» write the figures the screen shows — even when
//! the signal is gone by then — instead of asking the server again.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use phien_core::report::Level;
use phien_documents::Document;
use phien_store::Store;
use uuid::Uuid;

use super::AppState;
use super::export::{credit_report_of, save};
use super::report::{parse_level, parse_within, report_date};
use crate::ipc::IpcError;
use crate::ipc::export::{ExportRequest, Exported};
use crate::ipc::report::{CreditReportDto, DistrictReportDto};

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
    let server = store
        .sync_link()?
        .map(|link| link.server_url)
        .unwrap_or_default();
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
        fetched_at: fetched
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
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
            "Tài liệu = «{}»: chỉ báo cáo chất lượng tín dụng có số liệu toàn quận/huyện từ máy chủ",
            request.document
        ))
    };
    if request.document.trim() != "credit_report" {
        return Err(refused());
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

/// The `#[tauri::command]` wrapper: on a blocking thread, off the store's
/// lock, like `sync_now`.
pub mod handlers {
    use tauri::State;

    use super::AppState;
    use crate::ipc::IpcError;
    use crate::ipc::report::DistrictReportDto;

    /// See [`super::district_credit_report`].
    #[tauri::command]
    pub async fn district_credit_report(
        state: State<'_, AppState>,
        as_of: Option<String>,
        level: String,
        within: Option<String>,
    ) -> Result<DistrictReportDto, IpcError> {
        let path = state.db_path();
        let kept = state.district_reports();
        let today = state.today();
        tauri::async_runtime::spawn_blocking(move || {
            super::district_credit_report(
                &path,
                &kept,
                today,
                as_of.as_deref(),
                &level,
                within.as_deref(),
                chrono::Utc::now(),
                super::district_options(),
            )
        })
        .await
        .map_err(|e| {
            IpcError::new(
                "internal",
                format!("lấy số liệu toàn quận/huyện dừng bất thường: {e}"),
            )
        })?
    }
}
