//! Excel and PDF files from the app (docs/ipc.md, "Excel and PDF files"):
//! each document really written to a temporary export folder and opened
//! back (workbooks with calamine, PDF text extracted), names never
//! overwritten, and every refusal leaving the folder as it was.

use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};
use phien_app::AppState;
use phien_app::commands::export::export_document;
use phien_app::ipc::export::{ExportRequest, Exported};
use serde_json::json;

use super::{Fixture, LAST_DEMO_SESSION, MockApp, NEXT, TODAY, fixture};

/// The demo file's state saving into a fresh folder (`exports/` inside the
/// fixture's temporary folder, created by the first export).
fn exporting() -> (Fixture, PathBuf) {
    let Fixture { _dir, path, state } = fixture();
    let folder = _dir.path().join("Tài liệu").join("Phiên");
    let state = state.with_export_folder(folder.clone());
    (Fixture { _dir, path, state }, folder)
}

fn request(document: &str, format: &str) -> ExportRequest {
    ExportRequest {
        document: document.into(),
        format: format.into(),
        ..ExportRequest::default()
    }
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(folder) {
        Ok(dir) => dir
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

fn sheet_names(path: &str) -> Vec<String> {
    let book: Xlsx<_> = calamine::open_workbook(path).expect("the workbook opens");
    book.sheet_names()
}

pub(crate) fn first_sheet_text(path: &str) -> String {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("the workbook opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("the sheet reads");
    range
        .rows()
        .flat_map(|row| row.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("|")
}

pub(crate) fn pdf_text(path: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    pdf_extract::extract_text_from_mem(&bytes).expect("the PDF reads back")
}

fn group_id(state: &AppState) -> (String, String) {
    let group = super::first_group(state);
    (group.id, group.code)
}

#[test]
fn the_credit_report_goes_to_excel_and_pdf_in_the_export_folder() {
    let (f, folder) = exporting();
    let xlsx = export_document(&f.state, &request("credit_report", "xlsx")).unwrap();
    assert_eq!(
        xlsx.file_name, "Chất lượng tín dụng ngày 27-11-2026.xlsx",
        "a descriptive Vietnamese name with the report date"
    );
    assert_eq!(Path::new(&xlsx.path), folder.join(&xlsx.file_name));
    assert_eq!(xlsx.folder, folder.display().to_string());
    assert_eq!(xlsx.pages, None);
    assert_eq!(
        xlsx.bytes,
        std::fs::metadata(&xlsx.path).unwrap().len(),
        "the size said is the size written"
    );
    let text = first_sheet_text(&xlsx.path);
    assert!(
        text.contains("Hội Nông dân"),
        "the workbook holds the associations, in Vietnamese: {text:.300}"
    );

    let pdf = export_document(&f.state, &request("credit_report", "pdf")).unwrap();
    assert_eq!(pdf.file_name, "Chất lượng tín dụng ngày 27-11-2026.pdf");
    assert!(pdf.pages.unwrap() >= 1);
    let text = pdf_text(&pdf.path);
    assert!(text.contains("27/11/2026"), "the report date is printed");
}

#[test]
fn a_second_export_never_overwrites_the_first() {
    let (f, folder) = exporting();
    let first = export_document(&f.state, &request("fees", "xlsx")).unwrap();
    let before = std::fs::read(&first.path).unwrap();
    let second = export_document(&f.state, &request("fees", "xlsx")).unwrap();
    let third = export_document(&f.state, &request("fees", "xlsx")).unwrap();
    assert_eq!(
        first.file_name,
        "Phí ủy thác và hoa hồng tháng 11-2026.xlsx"
    );
    assert_eq!(
        second.file_name,
        "Phí ủy thác và hoa hồng tháng 11-2026 (2).xlsx"
    );
    assert_eq!(
        third.file_name,
        "Phí ủy thác và hoa hồng tháng 11-2026 (3).xlsx"
    );
    assert_eq!(
        std::fs::read(&first.path).unwrap(),
        before,
        "the first file is untouched"
    );
    assert_eq!(
        files_in(&folder).len(),
        3,
        "three files and no temporary one: {:?}",
        files_in(&folder)
    );
}

#[test]
fn every_report_and_list_opens_as_a_workbook() {
    let (f, _folder) = exporting();
    let cases: Vec<(ExportRequest, &str)> = vec![
        (
            ExportRequest {
                month: Some("2026-10".into()),
                ..request("ratings", "xlsx")
            },
            "Xếp loại tổ tháng 10-2026.xlsx",
        ),
        (
            ExportRequest {
                level: Some("association".into()),
                indicator: Some("overdue".into()),
                ..request("comparison", "xlsx")
            },
            "So sánh hội đoàn thể theo nợ quá hạn ngày 27-11-2026.xlsx",
        ),
        (
            ExportRequest {
                kind: Some("overdue".into()),
                sort: Some("age".into()),
                ..request("watchlist", "xlsx")
            },
            "Danh sách Nợ quá hạn ngày 27-11-2026.xlsx",
        ),
        (
            ExportRequest {
                kind: Some("due".into()),
                ..request("watchlist", "xlsx")
            },
            "Danh sách Phải thu phiên giao dịch ngày 15-12-2026.xlsx",
        ),
    ];
    for (req, name) in cases {
        let written: Exported = export_document(&f.state, &req)
            .unwrap_or_else(|e| panic!("{} exports: {e}", req.document));
        assert_eq!(written.file_name, name);
        assert!(
            !sheet_names(&written.path).is_empty(),
            "{name} opens with its sheets"
        );
    }
}

#[test]
fn the_points_papers_print_to_pdf() {
    let (f, _folder) = exporting();
    let (group, code) = group_id(&f.state);

    let notice = export_document(&f.state, &request("public_notice", "pdf")).unwrap();
    assert_eq!(notice.file_name, "Niêm yết công khai ngày 27-11-2026.pdf");
    assert!(
        pdf_text(&notice.path).contains("THÔNG BÁO CÔNG KHAI"),
        "the notice's title, with its diacritics"
    );

    let list = export_document(
        &f.state,
        &ExportRequest {
            group_id: Some(group.clone()),
            date: Some(NEXT.into()),
            ..request("collection_list", "pdf")
        },
    )
    .unwrap();
    assert_eq!(
        list.file_name,
        format!("Mẫu 13-TD tổ {code} phiên 15-12-2026.pdf")
    );
    assert!(
        pdf_text(&list.path).contains("15/12/2026"),
        "the session day is printed"
    );

    let list_xlsx = export_document(
        &f.state,
        &ExportRequest {
            group_id: Some(group.clone()),
            date: Some(NEXT.into()),
            ..request("collection_list", "xlsx")
        },
    )
    .unwrap();
    assert!(!sheet_names(&list_xlsx.path).is_empty());

    let receipts = export_document(
        &f.state,
        &ExportRequest {
            date: Some(LAST_DEMO_SESSION.into()),
            ..request("receipts", "pdf")
        },
    )
    .unwrap();
    assert_eq!(receipts.file_name, "Biên lai 01-BL ngày 15-11-2026.pdf");
    assert!(pdf_text(&receipts.path).contains("BIÊN LAI"));

    let one_group = export_document(
        &f.state,
        &ExportRequest {
            date: Some(LAST_DEMO_SESSION.into()),
            group_id: Some(group.clone()),
            ..request("receipts", "pdf")
        },
    )
    .unwrap();
    assert_eq!(
        one_group.file_name,
        format!("Biên lai 01-BL tổ {code} ngày 15-11-2026.pdf")
    );

    let minutes = export_document(
        &f.state,
        &ExportRequest {
            group_id: Some(group),
            ..request("minutes", "pdf")
        },
    )
    .unwrap();
    assert!(
        minutes
            .file_name
            .starts_with(&format!("Biên bản họp tổ {code} ngày ")),
        "{}",
        minutes.file_name
    );
    assert!(pdf_text(&minutes.path).contains("BIÊN BẢN"));
}

#[test]
fn a_refusal_leaves_nothing_behind() {
    let (f, folder) = exporting();
    let (group, _) = group_id(&f.state);
    let cases: Vec<(ExportRequest, &str)> = vec![
        (request("comparison", "pdf"), "no_such_form"),
        (request("public_notice", "xlsx"), "no_such_form"),
        (request("credit_report", "docx"), "bad_format"),
        (request("payroll", "xlsx"), "bad_document"),
        (
            ExportRequest {
                as_of: Some("2026-13-01".into()),
                ..request("credit_report", "xlsx")
            },
            "bad_date",
        ),
        (
            ExportRequest {
                as_of: Some("2027-01-01".into()),
                ..request("credit_report", "xlsx")
            },
            "future_date",
        ),
        (
            ExportRequest {
                month: Some("2026-1".into()),
                ..request("fees", "xlsx")
            },
            "bad_month",
        ),
        (request("watchlist", "xlsx"), "invalid_input"),
        (request("collection_list", "pdf"), "invalid_input"),
        (
            ExportRequest {
                date: Some(TODAY.into()),
                group_id: Some(group.clone()),
                ..request("receipts", "pdf")
            },
            "nothing_to_print",
        ),
        (
            ExportRequest {
                group_id: Some(group),
                meeting_id: Some("01938000-0000-7000-8000-000000000000".into()),
                ..request("minutes", "pdf")
            },
            "not_found",
        ),
    ];
    for (req, code) in cases {
        let refused = export_document(&f.state, &req).expect_err(code);
        assert_eq!(refused.code, code, "{req:?}: {}", refused.message);
        assert!(!refused.message.is_empty());
    }
    assert_eq!(
        files_in(&folder),
        Vec::<String>::new(),
        "nothing was written"
    );
}

#[test]
fn an_unwritable_folder_is_refused_and_nothing_is_left() {
    let Fixture { _dir, path, state } = fixture();
    // A file where the folder should be: no platform can create it, even
    // for root (who writes into read-only folders).
    let blocker = _dir.path().join("Tài liệu");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let state = state.with_export_folder(blocker.join("Phiên"));
    let f = Fixture { _dir, path, state };
    let refused = export_document(&f.state, &request("credit_report", "xlsx")).unwrap_err();
    assert_eq!(refused.code, "unwritable");
    assert!(
        refused.message.contains("không tạo được thư mục"),
        "Vietnamese, naming what failed: {}",
        refused.message
    );
    assert_eq!(std::fs::read(&blocker).unwrap(), b"not a folder");
    let left: Vec<_> = std::fs::read_dir(f._dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("phien.db"))
        .collect();
    assert_eq!(left, vec!["Tài liệu".to_string()], "no temporary file left");
}

#[test]
fn export_answers_through_tauris_ipc() {
    let (f, folder) = exporting();
    let app = MockApp::new(f.state);
    let written = app
        .invoke(
            "export_document",
            json!({ "request": { "document": "watchlist", "format": "xlsx", "kind": "arrears", "sort": "amount" } }),
        )
        .unwrap();
    assert_eq!(
        written["fileName"],
        "Danh sách Lãi tồn ngày 27-11-2026.xlsx"
    );
    assert_eq!(written["pages"], serde_json::Value::Null);
    assert!(
        folder
            .join("Danh sách Lãi tồn ngày 27-11-2026.xlsx")
            .is_file()
    );
    let refused = app
        .invoke(
            "export_document",
            json!({ "request": { "document": "comparison", "format": "pdf" } }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "no_such_form");
}
