//! Phiên's documents from the book: each report, list and form the point
//! prints or sends, gathered from `phien-store`, made by `phien-export`
//! ([`make`]), and written whole or not at all ([`file`]). The `phien` CLI
//! (`--xlsx`, `--pdf`) and the desktop app (`export_document`) both go
//! through here, so the same request gives the same file from either.
//!
//! This crate knows no SQL (it calls the store's reads), no clock ("today"
//! is an argument) and no transport (no clap, no Tauri): a caller names a
//! [`Document`] and a [`Format`] and gets bytes with a descriptive
//! Vietnamese file name. It computes no figure: every amount is the core's.
#![deny(missing_docs)]

pub mod file;
mod gather;

use chrono::NaiveDate;
use phien_core::dates::Month;
use phien_core::ids::{GroupId, MeetingId};
use phien_core::report::Level;
use phien_core::report::compare::Indicator;
use phien_core::report::watchlist::{SortBy, WatchKind};
use phien_export::ExportError;
use phien_store::StoreError;
use uuid::Uuid;

pub use gather::{
    Computed, leader_receipt_slips, letterhead, make, make_computed, make_credit_report,
    receipt_slips,
};

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// A printable A4 PDF.
    Pdf,
}

impl Format {
    /// `xlsx` or `pdf`, also the file extension.
    pub fn code(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }

    /// Inverse of [`Format::code`].
    pub fn from_code(code: &str) -> Option<Format> {
        [Format::Xlsx, Format::Pdf]
            .into_iter()
            .find(|f| f.code().eq_ignore_ascii_case(code.trim()))
    }

    /// What people call it, in Vietnamese.
    pub fn name_vi(self) -> &'static str {
        match self {
            Format::Xlsx => "bảng tính Excel",
            Format::Pdf => "tệp PDF",
        }
    }
}

/// Which meeting's minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingPick {
    /// The group's latest meeting.
    Latest,
    /// The (last) meeting held on this day.
    HeldOn(NaiveDate),
    /// This meeting.
    Id(MeetingId),
}

/// A document the point prints or sends, with what it is cut to. Dates and
/// months are taken as given: the caller has checked them against today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// Credit quality on a day, down to `deepest`, all or `within` a unit
    /// (Excel, PDF).
    CreditReport {
        /// Report date.
        as_of: NaiveDate,
        /// The unit it is cut to.
        within: Option<Uuid>,
        /// Deepest level.
        deepest: Level,
    },
    /// The month's group ratings with their breakdown (Excel).
    Ratings {
        /// The month.
        month: Month,
    },
    /// The month's fees and commissions (Excel).
    Fees {
        /// The month.
        month: Month,
    },
    /// Every report of a month in one workbook (Excel).
    MonthReports {
        /// The month.
        month: Month,
    },
    /// The units of a level ranked by an indicator (Excel).
    Comparison {
        /// Report date.
        as_of: NaiveDate,
        /// The level compared.
        level: Level,
        /// The indicator.
        indicator: Indicator,
        /// Only the units within this one.
        within: Option<Uuid>,
    },
    /// A loan officer's list (Excel).
    Watchlist {
        /// Which list.
        kind: WatchKind,
        /// Its order.
        sort: SortBy,
        /// The day (the session day for the due list).
        on: NaiveDate,
        /// Only those within this unit.
        within: Option<Uuid>,
    },
    /// A group's collection list (mẫu 13/TD) for a session (Excel, PDF).
    CollectionList {
        /// The group.
        group: GroupId,
        /// The session day.
        session_day: NaiveDate,
    },
    /// The point's public notice (niêm yết) on a day (PDF).
    PublicNotice {
        /// The day.
        on: NaiveDate,
    },
    /// Receipts (01/BL) for what members paid at the counter or in their
    /// group's collection on a day: one group's, or every group's (PDF).
    Receipts {
        /// The group, or every group.
        group: Option<GroupId>,
        /// The day.
        day: NaiveDate,
    },
    /// A group leader's receipts: those of a day, or those not yet handed
    /// over (PDF).
    LeaderReceipts {
        /// The group.
        group: GroupId,
        /// The day, or `None` for the pending ones.
        day: Option<NaiveDate>,
    },
    /// A group meeting's minutes (PDF).
    Minutes {
        /// The group.
        group: GroupId,
        /// Which meeting.
        meeting: MeetingPick,
    },
}

impl Document {
    /// The formats this document comes in.
    pub fn formats(&self) -> &'static [Format] {
        match self {
            Document::CreditReport { .. }
            | Document::CollectionList { .. }
            | Document::Ratings { .. }
            | Document::Fees { .. }
            | Document::Watchlist { .. } => &[Format::Xlsx, Format::Pdf],
            Document::MonthReports { .. } | Document::Comparison { .. } => &[Format::Xlsx],
            Document::PublicNotice { .. }
            | Document::Receipts { .. }
            | Document::LeaderReceipts { .. }
            | Document::Minutes { .. } => &[Format::Pdf],
        }
    }

    /// Refuses a format the document has no form in (`no_such_form`).
    pub fn check_format(&self, format: Format) -> Result<(), DocumentError> {
        if self.formats().contains(&format) {
            return Ok(());
        }
        Err(DocumentError::refused(
            "no_such_form",
            match format {
                Format::Pdf => "báo cáo này chưa có mẫu PDF; hãy xuất Excel",
                Format::Xlsx => "mẫu này chưa có dạng Excel; hãy xuất PDF",
            },
        ))
    }
}

/// A finished document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// A PDF's pages.
    pub pages: Option<usize>,
    /// A descriptive Vietnamese file name without extension, safe on every
    /// platform (`Mẫu 13-TD tổ T01 phiên 15-12-2026`).
    pub name: String,
    /// The format.
    pub format: Format,
}

impl Made {
    /// The file name with its extension.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.name, self.format.code())
    }
}

/// A document that could not be made; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The document could not be laid out.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// Nothing to print, or no such form.
    #[error("{message}")]
    Refused {
        /// `no_such_form`, `nothing_to_print` or `no_point`.
        code: &'static str,
        /// Vietnamese.
        message: String,
    },
}

impl DocumentError {
    /// Stable code for callers to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Store(e) => e.code(),
            DocumentError::Export(e) => e.code(),
            DocumentError::Refused { code, .. } => code,
        }
    }

    pub(crate) fn refused(code: &'static str, message: impl Into<String>) -> DocumentError {
        DocumentError::Refused {
            code,
            message: message.into(),
        }
    }
}
