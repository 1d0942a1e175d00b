//! Integration tests for `phien-import`: real files on disk, CSV and generated `.xlsx`.

mod csv_files;
mod load;
mod paths;
mod sample;
mod xlsx_files;

use std::path::PathBuf;

use chrono::NaiveDate;
use phien_import::{HstdRow, ImportError, RowError};

/// The HSTD header as the bank writes it, in the order used by [`good_row`].
pub const HEADER: [&str; 20] = [
    "Tên PGD",
    "Tên xã",
    "Tên thôn",
    "ĐVUT",
    "Tên tổ",
    "Mã KH",
    "Tên KH",
    "Số CCCD",
    "Số KU",
    "Mã CT",
    "Tên CT",
    "Ngày vay",
    "Thời hạn",
    "Dư nợ trong hạn",
    "Dư nợ quá hạn",
    "Dư nợ khoanh",
    "Lãi tồn",
    "Lãi tồn QH",
    "Ngày giao dịch gần nhất",
    "Ngày đến hạn",
];

/// A valid row; `n` makes the loan number and customer code unique.
pub fn good_row(n: usize) -> Vec<String> {
    [
        "PGD NHCSXH huyện Diên Khánh",
        "Xã Diên Phú",
        "Thôn Phú Ân Nam 2",
        "HND",
        "Tổ TK&VV thôn Phú Ân Nam 2",
        &format!("KH05600{n:02}"),
        "Nguyễn Văn Hùng",
        "056082001234",
        &format!("66000000000012{n:02}"),
        "01",
        "Cho vay hộ nghèo",
        "15/03/2023",
        "60",
        "50000000",
        "0",
        "0",
        "0",
        "0",
        "21/12/2025",
        "15/03/2028",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Position of a header name in [`HEADER`].
pub fn idx(column: &str) -> usize {
    HEADER
        .iter()
        .position(|h| *h == column)
        .unwrap_or_else(|| panic!("test bug: no column «{column}» in HEADER"))
}

/// Sets one cell of a [`good_row`] by header name.
pub fn set(row: &mut [String], column: &str, value: &str) {
    row[idx(column)] = value.to_owned();
}

/// CSV text with the given delimiter, quoting fields that need it.
pub fn csv_text(delimiter: char, header: &[&str], rows: &[Vec<String>]) -> String {
    let quote = |f: &str| {
        if f.contains(delimiter) || f.contains('"') || f.contains('\n') {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_owned()
        }
    };
    let sep = delimiter.to_string();
    let mut out = header
        .iter()
        .map(|h| quote(h))
        .collect::<Vec<_>>()
        .join(&sep);
    out.push('\n');
    for row in rows {
        out.push_str(&row.iter().map(|f| quote(f)).collect::<Vec<_>>().join(&sep));
        out.push('\n');
    }
    out
}

/// Writes `bytes` to `name` inside a fresh temp dir (kept alive by the returned guard).
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("create temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    (dir, path)
}

/// Reads CSV text through a real temp file and `read_path`.
pub fn import_csv_file(text: &str) -> Result<Vec<HstdRow>, ImportError> {
    let (_dir, path) = temp_file("hstd.csv", text.as_bytes());
    phien_import::read_path(&path)
}

/// The row errors of a result that must be `ImportError::Rows`.
pub fn row_errors(result: Result<Vec<HstdRow>, ImportError>) -> Vec<RowError> {
    match result {
        Err(ImportError::Rows(errors)) => errors,
        Ok(rows) => panic!("expected row errors, but {} rows were imported", rows.len()),
        Err(other) => panic!("expected row errors, got {other:?}"),
    }
}

/// The single error of a file with one bad cell.
pub fn single_error(result: Result<Vec<HstdRow>, ImportError>) -> RowError {
    let mut errors = row_errors(result);
    assert_eq!(
        errors.len(),
        1,
        "exactly one error expected, got {errors:#?}"
    );
    errors.remove(0)
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}
