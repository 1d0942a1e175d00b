//! Excel and PDF files from the app (docs/ipc.md, "Excel and PDF files"):
//! `export_document` reads its arguments as the document's own screen
//! command does, has `phien-documents` gather and make the file (the same
//! path as the CLI's `--xlsx` / `--pdf`), and saves it as a new file in the
//! export folder — never over an existing one. The folder is
//! `PHIEN_EXPORT_DIR` if set, else «Phiên» in the user's Documents folder
//! (the home folder when the platform names none).

use std::path::PathBuf;

use phien_core::dates::Month;
use phien_core::ids::{GroupId, MeetingId};
use phien_core::report::Level;
use phien_core::report::watchlist::WatchKind;
use phien_documents::{Document, DocumentError, Format, MeetingPick, file::FileError};

use super::AppState;
use super::district::{district_options, export_district_report, from_server};
use super::report::{
    COMPARED_LEVELS, parse_indicator, parse_level, parse_month, parse_within, report_date,
    watch_kind_sort, watchlist_day,
};
use crate::ipc::export::{ExportRequest, Exported};
use crate::ipc::{IpcError, parse_id, parse_iso};

/// The folder's name inside Documents.
pub const EXPORT_FOLDER_NAME: &str = "Phiên";

impl From<DocumentError> for IpcError {
    fn from(e: DocumentError) -> IpcError {
        match e {
            DocumentError::Store(e) => IpcError::from(e),
            e => IpcError::new(e.code(), e.to_string()),
        }
    }
}

impl From<FileError> for IpcError {
    fn from(e: FileError) -> IpcError {
        IpcError::new(e.code, e.message)
    }
}

/// Where exported files go: the state's folder (tests), `PHIEN_EXPORT_DIR`,
/// or «Phiên» in Documents (or in the home folder); `no_export_folder` when
/// the platform names neither.
pub fn export_folder(state: &AppState) -> Result<PathBuf, IpcError> {
    if let Some(folder) = state.export_folder() {
        return Ok(folder);
    }
    if let Some(folder) = std::env::var_os("PHIEN_EXPORT_DIR").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(folder));
    }
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .map(|base| base.join(EXPORT_FOLDER_NAME))
        .ok_or_else(|| {
            IpcError::new(
                "no_export_folder",
                "không biết thư mục Tài liệu của máy: hãy đặt PHIEN_EXPORT_DIR",
            )
        })
}

fn required<'a>(field: &str, value: &'a Option<String>) -> Result<&'a str, IpcError> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| IpcError::invalid_input(format!("thiếu {field}")))
}

fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A day that defaults to today and may be any day (a session ahead, a
/// past day's receipts): `bad_date` when unreadable.
fn any_day(
    field: &str,
    value: &Option<String>,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, IpcError> {
    match optional(value) {
        None => Ok(today),
        Some(text) => parse_iso(field, text).map_err(|e| IpcError::new("bad_date", e.message)),
    }
}

/// The format a request names (`bad_format`).
fn format_of(request: &ExportRequest) -> Result<Format, IpcError> {
    Format::from_code(&request.format).ok_or_else(|| {
        IpcError::new(
            "bad_format",
            format!("Định dạng = «{}»: chọn xlsx hoặc pdf", request.format),
        )
    })
}

/// The credit report a request names, read as `credit_report` reads its
/// arguments: the day (today when absent), the unit, the deepest level
/// (`group` when absent).
pub(crate) fn credit_report_of(
    today: chrono::NaiveDate,
    request: &ExportRequest,
) -> Result<(Document, Format), IpcError> {
    let format = format_of(request)?;
    let document = Document::CreditReport {
        as_of: report_date("asOf", optional(&request.as_of), today)?,
        within: parse_within(optional(&request.within))?,
        deepest: parse_level(optional(&request.level).unwrap_or("group"), &Level::ALL)?,
    };
    document.check_format(format)?;
    Ok((document, format))
}

/// The document and format a request names, its arguments read as the
/// document's screen command reads them.
pub fn document_of(
    state: &AppState,
    request: &ExportRequest,
) -> Result<(Document, Format), IpcError> {
    document_from(request, state.today(), |kind, date| {
        watchlist_day(state, kind, date)
    })
}

/// [`document_of`] with the day a watchlist is of (`watch_day`, from its
/// kind and the date asked) given: the laptop's session day for its own
/// figures, the district's rule for the server's.
pub(crate) fn document_from(
    request: &ExportRequest,
    today: chrono::NaiveDate,
    watch_day: impl FnOnce(WatchKind, Option<&str>) -> Result<chrono::NaiveDate, IpcError>,
) -> Result<(Document, Format), IpcError> {
    let format = format_of(request)?;
    let month = || parse_month("month", optional(&request.month), Month::of(today));
    let within = || parse_within(optional(&request.within));
    let group = || parse_id::<GroupId>("groupId", required("groupId", &request.group_id)?);
    let document = match request.document.trim() {
        "credit_report" => return credit_report_of(today, request),
        "ratings" => Document::Ratings { month: month()? },
        "fees" => Document::Fees { month: month()? },
        "comparison" => Document::Comparison {
            as_of: report_date("asOf", optional(&request.as_of), today)?,
            level: parse_level(
                optional(&request.level).unwrap_or("group"),
                &COMPARED_LEVELS,
            )?,
            indicator: parse_indicator(optional(&request.indicator).unwrap_or("overdue_ratio"))?,
            within: within()?,
        },
        "watchlist" => {
            let (kind, sort) = watch_kind_sort(
                required("kind", &request.kind)?,
                optional(&request.sort).unwrap_or("amount"),
            )?;
            Document::Watchlist {
                kind,
                sort,
                within: within()?,
                on: watch_day(kind, optional(&request.date))?,
            }
        }
        "collection_list" => Document::CollectionList {
            group: group()?,
            session_day: any_day("date", &request.date, today)?,
        },
        "public_notice" => Document::PublicNotice {
            on: report_date("date", optional(&request.date), today)?,
        },
        "receipts" => Document::Receipts {
            group: optional(&request.group_id)
                .map(|id| parse_id::<GroupId>("groupId", id))
                .transpose()?,
            day: report_date("date", optional(&request.date), today)?,
        },
        "minutes" => Document::Minutes {
            group: group()?,
            meeting: match optional(&request.meeting_id) {
                None => MeetingPick::Latest,
                Some(id) => MeetingPick::Id(parse_id::<MeetingId>("meetingId", id)?),
            },
        },
        other => {
            return Err(IpcError::new(
                "bad_document",
                format!("Tài liệu = «{other}»: không có mẫu này"),
            ));
        }
    };
    document.check_format(format)?;
    Ok((document, format))
}

/// `export_document`: makes the document and saves it as a new file in the
/// export folder (a name already there gets « (2)», « (3)»…). Refused
/// before anything is written: a bad argument (the screen command's codes),
/// `bad_document`, `bad_format`, `no_such_form`, `nothing_to_print`; and
/// `unwritable` when the folder cannot be created or written, with nothing
/// left behind.
pub fn export_document(state: &AppState, request: &ExportRequest) -> Result<Exported, IpcError> {
    if from_server(request)? {
        return export_district_report(
            &state.db_path(),
            &state.district_reports(),
            state.today(),
            &export_folder(state)?,
            request,
            district_options(),
        );
    }
    let (document, format) = document_of(state, request)?;
    let folder = export_folder(state)?;
    let made = phien_documents::make(&state.store(), &document, format, state.today())?;
    save(&folder, &made, format)
}

/// Saves `made` as a new file in `folder`, never over an existing one.
pub(crate) fn save(
    folder: &std::path::Path,
    made: &phien_documents::Made,
    format: Format,
) -> Result<Exported, IpcError> {
    let path = phien_documents::file::save_new(folder, &made.name, format.code(), &made.bytes)?;
    Ok(Exported {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        folder: folder.display().to_string(),
        path: path.display().to_string(),
        bytes: u64::try_from(made.bytes.len()).unwrap_or(u64::MAX),
        pages: made.pages,
    })
}

/// The `#[tauri::command]` wrapper.
pub mod handlers {
    use tauri::State;

    use super::AppState;
    use crate::ipc::IpcError;
    use crate::ipc::export::{ExportRequest, Exported};

    /// See [`super::export_document`]. The district's report (`source:
    /// "server"`) may have to be fetched: that runs on a blocking thread,
    /// off the store's lock, like `district_credit_report`.
    #[tauri::command]
    pub async fn export_document(
        state: State<'_, AppState>,
        request: ExportRequest,
    ) -> Result<Exported, IpcError> {
        if !super::from_server(&request)? {
            return super::export_document(&state, &request);
        }
        let path = state.db_path();
        let kept = state.district_reports();
        let today = state.today();
        let folder = super::export_folder(&state)?;
        tauri::async_runtime::spawn_blocking(move || {
            super::export_district_report(
                &path,
                &kept,
                today,
                &folder,
                &request,
                super::district_options(),
            )
        })
        .await
        .map_err(|e| IpcError::new("internal", format!("xuất tệp dừng bất thường: {e}")))?
    }
}
