//! Phiên's documents: the core's reports and lists as Excel workbooks
//! ([`xlsx`]) and printable A4 PDF ([`pdf`]) — the supervisors' reports, the
//! watchlists, the group's collection list (mẫu 13/TD), the point's public
//! notice (niêm yết), receipts (biên lai 01/BL) and meeting minutes.
//!
//! Pure functions from plain data to bytes. This crate does no SQL (only
//! `phien-store` knows SQL), reads no clock (the printing date comes in the
//! [`Letterhead`]) and writes no file (the caller writes the bytes, whole or
//! not at all). It computes no figure either: every amount and ratio is the
//! core's, laid out. The same input gives the same bytes.
//!
//! Each format is a cargo feature (`xlsx`, `pdf`, both by default), so a
//! binary that only prints links no spreadsheet writer.
#![deny(missing_docs)]

mod forms;
#[cfg(feature = "pdf")]
pub mod pdf;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use forms::{CollectionSheet, Letterhead, MinutesSheet, ReceiptSlip};

/// A document that could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The workbook writer refused.
    #[error("không tạo được bảng tính Excel: {0}")]
    Xlsx(String),
    /// The PDF could not be laid out or the font not embedded.
    #[error("không tạo được tệp PDF: {0}")]
    Pdf(String),
}

impl ExportError {
    /// Stable code (`xlsx_failed`, `pdf_failed`).
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Xlsx(_) => "xlsx_failed",
            ExportError::Pdf(_) => "pdf_failed",
        }
    }
}
