//! Writing documents: names every platform takes, files never replaced by
//! `save_new`, and nothing left behind when a write is refused. (What each
//! document holds is tested where it is made, in phien-export, and end to
//! end through the CLI and the app's commands.)

use phien_documents::file::{safe_name, save_new, write_whole};
use phien_documents::{Document, Format};

#[test]
fn names_keep_vietnamese_and_lose_what_windows_forbids() {
    assert_eq!(
        safe_name("Mẫu 13/TD tổ T01: phiên 15/12/2026"),
        "Mẫu 13-TD tổ T01- phiên 15-12-2026"
    );
    assert_eq!(safe_name("So sánh  theo \"nợ\"?  ."), "So sánh theo -nợ--");
    // Unikey's "Unicode tổ hợp" types combining marks: the name is composed.
    assert_eq!(safe_name("Nie\u{302}m ye\u{302}\u{301}t"), "Niêm yết");
    assert_eq!(safe_name(" .. "), "Phiên", "never an empty name");
}

#[test]
fn save_new_numbers_the_name_instead_of_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Tài liệu").join("Phiên");
    let first = save_new(&folder, "Niêm yết", "pdf", b"one").unwrap();
    let second = save_new(&folder, "Niêm yết", "pdf", b"two").unwrap();
    assert_eq!(first, folder.join("Niêm yết.pdf"), "the folder is created");
    assert_eq!(second, folder.join("Niêm yết (2).pdf"));
    assert_eq!(
        std::fs::read(&first).unwrap(),
        b"one",
        "the first file is untouched"
    );
    assert_eq!(std::fs::read(&second).unwrap(), b"two");
    let n_files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(n_files, 2, "no temporary file is left");
}

#[test]
fn a_refused_write_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("tệp");
    std::fs::write(&blocker, b"x").unwrap();
    let refused = save_new(&blocker.join("Phiên"), "a", "pdf", b"bytes").unwrap_err();
    assert_eq!(refused.code, "unwritable");
    assert!(
        refused.message.contains("không tạo được thư mục"),
        "{}",
        refused.message
    );

    let target = dir.path().join("b.xlsx");
    std::fs::write(&target, b"old").unwrap();
    let refused = write_whole(&target, b"new", false).unwrap_err();
    assert_eq!(refused.code, "file_exists");
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    write_whole(&target, b"new", true).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"new");
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["b.xlsx", "tệp"], "no temporary file is left");
}

#[test]
fn each_document_says_which_formats_it_has() {
    let notice = Document::PublicNotice {
        on: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    };
    assert_eq!(notice.formats(), [Format::Pdf]);
    assert_eq!(
        notice.check_format(Format::Xlsx).unwrap_err().code(),
        "no_such_form"
    );
    assert_eq!(Format::from_code(" PDF "), Some(Format::Pdf));
    assert_eq!(Format::from_code("docx"), None);
}
