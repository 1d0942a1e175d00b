//! `read_path`: choosing the reader by extension, and IO errors.

use phien_import::{ImportError, read_path};

use crate::{HEADER, csv_text, good_row, temp_file};

#[test]
fn extension_is_case_insensitive() {
    let text = csv_text(',', &HEADER, &[good_row(1)]);
    let (_dir, path) = temp_file("HSTD_THANG12.CSV", text.as_bytes());
    let rows = read_path(&path).expect(".CSV must be read as CSV");
    assert_eq!(rows.len(), 1);
}

#[test]
fn other_extensions_are_unsupported() {
    for name in ["hstd.xls", "hstd.txt", "hstd"] {
        let (_dir, path) = temp_file(name, b"whatever");
        assert!(
            matches!(read_path(&path), Err(ImportError::UnsupportedFormat(_))),
            "{name} must be refused before reading"
        );
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["khong-co.csv", "khong-co.xlsx"] {
        let path = dir.path().join(name);
        match read_path(&path) {
            Err(e @ ImportError::Io { .. }) => {
                assert!(e.to_string().contains(name), "message names the file: {e}")
            }
            other => panic!("{name}: expected Io error, got {other:?}"),
        }
    }
}

#[test]
fn a_csv_renamed_to_xlsx_is_an_excel_error() {
    let (_dir, path) = temp_file(
        "hstd.xlsx",
        csv_text(',', &HEADER, &[good_row(1)]).as_bytes(),
    );
    assert!(
        matches!(read_path(&path), Err(ImportError::Xlsx(_))),
        "not a zip workbook, so calamine must refuse it"
    );
}
