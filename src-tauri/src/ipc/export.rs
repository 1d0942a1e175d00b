//! The DTOs of `export_document` (docs/ipc.md, "Excel and PDF files").

use serde::{Deserialize, Serialize};

/// What the UI asks to export: the document, the format, and the same
/// arguments the document's screen passes to its own command (all optional
/// strings, read by the shell as that command reads them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// `credit_report`, `ratings`, `fees`, `comparison`, `watchlist`,
    /// `collection_list`, `public_notice`, `receipts` or `minutes`.
    pub document: String,
    /// `xlsx` or `pdf`.
    pub format: String,
    /// Report date (`credit_report`, `comparison`), `YYYY-MM-DD`.
    #[serde(default)]
    pub as_of: Option<String>,
    /// A day: the watchlist's, the notice's, the receipts', the 13/TD's
    /// session day; `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Month (`ratings`, `fees`), `YYYY-MM`.
    #[serde(default)]
    pub month: Option<String>,
    /// Deepest level (`credit_report`) or compared level (`comparison`).
    #[serde(default)]
    pub level: Option<String>,
    /// The unit a report is cut to.
    #[serde(default)]
    pub within: Option<String>,
    /// Indicator (`comparison`).
    #[serde(default)]
    pub indicator: Option<String>,
    /// Which watchlist (`watchlist`).
    #[serde(default)]
    pub kind: Option<String>,
    /// Its order (`watchlist`).
    #[serde(default)]
    pub sort: Option<String>,
    /// The group (`collection_list`, `minutes`; `receipts`: one group, or
    /// every group of the day when absent).
    #[serde(default)]
    pub group_id: Option<String>,
    /// The meeting (`minutes`).
    #[serde(default)]
    pub meeting_id: Option<String>,
    /// Where a `credit_report`'s figures come from: `local` (this laptop's
    /// store, the default) or `server` (the district's report from the sync
    /// server, as `district_credit_report` showed it).
    #[serde(default)]
    pub source: Option<String>,
}

/// A file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    /// The whole path, as the platform writes it.
    pub path: String,
    /// The folder it is in.
    pub folder: String,
    /// The file's name (`Mẫu 13-TD tổ T01 phiên 15-12-2026.pdf`).
    pub file_name: String,
    /// Its size.
    pub bytes: u64,
    /// A PDF's pages.
    pub pages: Option<usize>,
}
