//! Reader and loader for the bank's **HSTD** credit-file export (hồ sơ tín dụng), the loan
//! book that VBSP's core system dumps per transaction office. Phiên uses it to seed a commune
//! transaction point with the loans that already exist.
//!
//! Two steps:
//!
//! 1. **Parse** ([`read_path`], [`read_csv`], [`read_xlsx`]): turns a file into plain
//!    [`HstdRow`] values, or explains exactly what is wrong. No database involved.
//! 2. **Load** ([`load()`]): checks the rows against a point's books and writes them —
//!    office, point, groups, members, loans, brought-forward ledger entries and freezes — in
//!    one write transaction through `phien-store`'s API, or nothing at all with every
//!    conflict listed ([`LoadError`]). The mapping and its limits are documented in the
//!    [`load`](mod@load) module.
//!
//! This crate writes no SQL: everything goes through `phien_store::Store` and its `Tx`.
//!
//! # Input
//!
//! * CSV in UTF-8, with or without a byte-order mark. The delimiter (`,` or `;`) is detected
//!   from the header line. Files saved by Excel as "CSV (Comma delimited)" in a Windows code page
//!   are rejected with [`ImportError::UnsupportedFormat`]; save as "CSV UTF-8" instead.
//! * Excel `.xlsx`: the first worksheet is read. Line numbers are the Excel row numbers.
//!
//! The first non-blank row is the header. Header names are matched case-insensitively, with
//! or without Vietnamese diacritics (`Tên PGD` = `Ten PGD` = `TÊN PGD`), or by the short
//! English alias (`office_name`); a header written as `Tên PGD (office_name)` also matches.
//! Unknown columns (STT, Phân loại, Hình thức vay, ...) are ignored. Fully blank rows are
//! skipped.
//!
//! # All or nothing
//!
//! If any row is bad, nothing is returned except the list of every problem found
//! ([`ImportError::Rows`]), each with the line number as the user sees it (header = line 1),
//! the column name as written in the file's header, the offending value and a reason in
//! Vietnamese. Never partial results.
//!
//! # Codes and numbers in Excel
//!
//! Codes (Mã KH, Mã CT, Số KU, Số CCCD) should be stored as **text** cells. A numeric cell is
//! read as its integer text, which loses leading zeros: a one-digit program code is padded back
//! to two digits (`1` → `"01"`), but an 11-digit CCCD is reported as an error. Numbers above
//! 9·10¹⁵ cannot be trusted from a numeric cell (Excel keeps only 15–16 significant digits)
//! and are rejected with a hint to format the column as Text.
//!
//! Money is whole đồng (`i64`), never floating point. Text amounts may use `.`, `,` or spaces
//! as thousands separators (`1.250.000`, `1,250,000`, `1 250 000`); anything with a decimal
//! part or a minus sign is an error.
#![deny(missing_docs)]

mod columns;
mod csv_file;
pub mod load;
mod table;
mod text;
mod value;
mod xlsx_file;

use std::path::{Path, PathBuf};

pub use load::{LoadError, LoadOptions, LoadReport, load};

use chrono::NaiveDate;
use serde::Serialize;

/// The socio-political organisation (ĐVUT, đơn vị ủy thác) that the bank entrusts with the
/// savings-and-credit group of a loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Association {
    /// Hội Nông dân (HND), the Farmers' Union.
    Farmers,
    /// Hội Liên hiệp Phụ nữ (HPN / HLHPN), the Women's Union.
    Women,
    /// Hội Cựu chiến binh (CCB), the Veterans' Association.
    Veterans,
    /// Đoàn Thanh niên (ĐTN), the Youth Union.
    Youth,
}

impl Association {
    /// The short code the bank's reports use: `HND`, `HPN`, `CCB` or `ĐTN`.
    pub fn code(self) -> &'static str {
        match self {
            Association::Farmers => "HND",
            Association::Women => "HPN",
            Association::Veterans => "CCB",
            Association::Youth => "ĐTN",
        }
    }
}

impl std::fmt::Display for Association {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Association::Farmers => "Hội Nông dân",
            Association::Women => "Hội Liên hiệp Phụ nữ",
            Association::Veterans => "Hội Cựu chiến binh",
            Association::Youth => "Đoàn Thanh niên",
        })
    }
}

/// One validated loan from the HSTD export. Amounts are whole đồng.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HstdRow {
    /// Line in the source file as the user sees it (header = 1, first data row = 2; for
    /// `.xlsx`, the Excel row number).
    pub line: usize,
    /// Tên PGD: the district transaction office.
    pub office_name: String,
    /// Tên xã: the commune.
    pub commune_name: String,
    /// ĐVUT: the entrusted association.
    pub association: Association,
    /// Tên tổ: the savings-and-credit group.
    pub group_name: String,
    /// Tên thôn: the village or hamlet, if given.
    pub village: Option<String>,
    /// Mã KH: the customer code.
    pub customer_code: String,
    /// Tên KH: the borrower's name, with diacritics, trimmed, inner whitespace collapsed.
    pub customer_name: String,
    /// Số CCCD: the 12-digit citizen ID, if given.
    pub citizen_id: Option<String>,
    /// Số KU: the loan (khế ước) number, 8 to 20 digits, spaces removed.
    pub loan_no: String,
    /// Mã CT: the lending program code, e.g. `"01"`; one digit is padded to two.
    pub program_code: String,
    /// Tên CT: the lending program name, if given.
    pub program_name: Option<String>,
    /// Ngày vay: the disbursement date.
    pub disbursed_on: NaiveDate,
    /// Thời hạn: the term in months, 1 to 240.
    pub term_months: u32,
    /// Dư nợ trong hạn: current (not overdue) principal balance.
    pub current_balance: i64,
    /// Dư nợ quá hạn: overdue principal balance.
    pub overdue_balance: i64,
    /// Dư nợ khoanh: frozen principal balance.
    pub frozen_balance: i64,
    /// Lãi tồn: unpaid interest arrears.
    pub interest_arrears: i64,
    /// Lãi tồn QH: unpaid overdue interest arrears (0 when the column is absent or empty).
    pub overdue_interest_arrears: i64,
    /// Ngày giao dịch gần nhất: date of the last transaction, if given.
    pub last_transaction_on: Option<NaiveDate>,
    /// Ngày đến hạn: the final due date; never before `disbursed_on`.
    pub due_on: NaiveDate,
}

/// One problem in one cell (or one row) of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("dòng {line}, cột «{column}» = «{value}»: {reason}")]
pub struct RowError {
    /// Line in the file as the user sees it (header = 1, first data row = 2).
    pub line: usize,
    /// The column name as written in the file's header (or the standard Vietnamese name
    /// when the column is absent).
    pub column: String,
    /// The offending value as read from the cell.
    pub value: String,
    /// What is wrong, in Vietnamese.
    pub reason: String,
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("không đọc được tệp «{}»: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Required columns are missing from the header (standard Vietnamese names).
    #[error("thiếu cột bắt buộc: {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    /// Some rows are bad: every problem found, in file order. No row is imported.
    #[error("tệp có {} lỗi; không nhập dòng nào", .0.len())]
    Rows(Vec<RowError>),
    /// The file has no header or no data rows.
    #[error("tệp không có dữ liệu (cần dòng tiêu đề và ít nhất một dòng khoản vay)")]
    Empty,
    /// The file is not a format this reader understands.
    #[error("định dạng tệp không được hỗ trợ: {0}")]
    UnsupportedFormat(String),
    /// The `.xlsx` workbook could not be read.
    #[error("không đọc được tệp Excel: {0}")]
    Xlsx(String),
}

/// Reads an HSTD export in CSV form (UTF-8, optional BOM, `,` or `;` delimiter).
pub fn read_csv(bytes: &[u8]) -> Result<Vec<HstdRow>, ImportError> {
    csv_file::read(bytes)
}

/// Reads an HSTD export from the first worksheet of an `.xlsx` workbook.
pub fn read_xlsx(path: &Path) -> Result<Vec<HstdRow>, ImportError> {
    xlsx_file::read(path)
}

/// Reads an HSTD export, choosing the reader by extension (`.csv` or `.xlsx`, any case).
pub fn read_path(path: &Path) -> Result<Vec<HstdRow>, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => {
            let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            read_csv(&bytes)
        }
        Some("xlsx") => read_xlsx(path),
        Some(other) => Err(ImportError::UnsupportedFormat(format!(
            "«.{other}» (chỉ nhận .csv hoặc .xlsx; hãy lưu lại tệp dưới một trong hai dạng này)"
        ))),
        None => Err(ImportError::UnsupportedFormat(format!(
            "«{}» không có phần mở rộng (chỉ nhận .csv hoặc .xlsx)",
            path.display()
        ))),
    }
}
