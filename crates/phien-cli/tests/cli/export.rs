//! `--xlsx FILE` and `--pdf FILE` on the real binary: every report and list
//! becomes a file that opens (read back with calamine and pdf-extract), an
//! existing file is replaced only with `--overwrite`, and a target that
//! cannot be written is refused in Vietnamese before anything is computed.

use std::io::Cursor;
use std::path::Path;

use calamine::{Reader, Xlsx};

use crate::Phien;

/// The sheet names of a workbook on disk; panics if it does not open.
pub(crate) fn sheet_names(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("the workbook was written");
    let book = Xlsx::new(Cursor::new(bytes)).expect("the workbook opens");
    book.sheet_names()
}

/// The text of a PDF on disk; panics if it does not open.
pub(crate) fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", path.display());
    pdf_extract::extract_text_from_mem(&bytes).expect("the PDF opens")
}

/// No temporary file is left beside the documents.
fn no_leftovers(dir: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".phien-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn every_report_and_list_exports_to_a_file_that_opens() {
    let phien = Phien::with_demo();
    let dir = phien.dir().to_path_buf();
    let file = |name: &str| dir.join(name).to_string_lossy().into_owned();

    let out = phien.ok(&[
        "report",
        "quality",
        "--level",
        "borrower",
        "--xlsx",
        &file("cl.xlsx"),
        "--pdf",
        &file("cl.pdf"),
    ]);
    assert!(
        out.contains("Đã ghi «") && out.contains("cl.xlsx") && out.contains("trang A4"),
        "the officer is told what was written: {out}"
    );
    assert_eq!(sheet_names(&dir.join("cl.xlsx")), ["Chất lượng tín dụng"]);
    let text = pdf_text(&dir.join("cl.pdf"));
    assert!(
        text.contains("BÁO CÁO CHẤT LƯỢNG TÍN DỤNG") && text.contains("Trang 1/"),
        "the quality report is printed and paged: {text:.300}"
    );

    for (args, sheets) in [
        (
            vec!["report", "rating", "--month", "11/2026", "--xlsx", "r.xlsx"],
            vec!["Xếp loại tổ", "Chi tiết chấm điểm"],
        ),
        (
            vec!["report", "fees", "--month", "11/2026", "--xlsx", "f.xlsx"],
            vec!["Phí ủy thác, hoa hồng"],
        ),
        (
            vec![
                "report",
                "compare",
                "--by",
                "overdue_ratio",
                "--xlsx",
                "c.xlsx",
            ],
            vec!["So sánh"],
        ),
        (
            vec!["watchlist", "overdue", "--xlsx", "w.xlsx"],
            vec!["Nợ quá hạn"],
        ),
        (
            vec![
                "collection-list",
                "--group",
                "T01",
                "--date",
                "15/12/2026",
                "--xlsx",
                "td.xlsx",
            ],
            vec!["13-TD T01"],
        ),
        (
            vec!["report", "month", "--month", "11/2026", "--xlsx", "m.xlsx"],
            vec![
                "Chất lượng tín dụng",
                "Xếp loại tổ",
                "Chi tiết chấm điểm",
                "Phí ủy thác, hoa hồng",
                "Nợ quá hạn",
                "Lãi tồn",
                "3 tháng không hoạt động",
                "Đi khỏi địa phương",
            ],
        ),
    ] {
        let target = args.last().copied().expect("the file is last");
        let mut full = args.clone();
        let path = file(target);
        *full.last_mut().expect("a file") = &path;
        phien.ok(&full);
        assert_eq!(sheet_names(&dir.join(target)), sheets, "phien {args:?}");
    }

    for (args, title) in [
        (
            vec![
                "collection-list",
                "--group",
                "T01",
                "--date",
                "15/12/2026",
                "--pdf",
                "td.pdf",
            ],
            "DANH SÁCH THU LÃI, THU TIỀN GỬI TIẾT KIỆM",
        ),
        (vec!["notice", "--pdf", "n.pdf"], "THÔNG BÁO CÔNG KHAI"),
        (
            vec!["report", "rating", "--month", "11/2026", "--pdf", "r.pdf"],
            "XẾP LOẠI TỔ TK&VV THÁNG 11/2026",
        ),
        (
            vec!["report", "fees", "--month", "11/2026", "--pdf", "f.pdf"],
            "PHÍ ỦY THÁC VÀ HOA HỒNG THÁNG 11/2026",
        ),
        (vec!["watchlist", "arrears", "--pdf", "w.pdf"], "LÃI TỒN"),
        (
            vec![
                "receipts",
                "--group",
                "T01",
                "--date",
                "15/11/2026",
                "--pdf",
                "b.pdf",
            ],
            "BIÊN LAI THU LÃI VÀ TIỀN GỬI",
        ),
        (
            vec!["meeting", "minutes", "--group", "T01", "--pdf", "h.pdf"],
            "BIÊN BẢN HỌP TỔ TIẾT KIỆM VÀ VAY VỐN",
        ),
    ] {
        let target = args.last().copied().expect("the file is last");
        let mut full = args.clone();
        let path = file(target);
        *full.last_mut().expect("a file") = &path;
        phien.ok(&full);
        let text = pdf_text(&dir.join(target));
        assert!(
            text.contains(title) && text.contains("Trang 1/"),
            "phien {args:?} prints «{title}» on numbered pages: {text:.300}"
        );
    }
    let receipts = pdf_text(&dir.join("b.pdf"));
    assert!(
        receipts.contains("Bằng chữ:") && receipts.contains("đồng."),
        "each receipt has the amount in words"
    );
    no_leftovers(&dir);
}

#[test]
fn an_existing_file_is_replaced_only_when_asked() {
    let phien = Phien::with_demo();
    let path = phien.dir().join("niem-yet.pdf");
    let target = path.to_string_lossy().into_owned();
    std::fs::write(&path, b"the officer's own file").expect("a file is there");

    let err = phien.refused(&["notice", "--pdf", &target]);
    assert!(
        err.contains("tệp đã có") && err.contains("--overwrite"),
        "the refusal says what to do: {err}"
    );
    let json = phien.run(&["--json", "notice", "--pdf", &target]);
    let body: serde_json::Value =
        serde_json::from_slice(&json.stdout).expect("a JSON error on stdout");
    assert_eq!(body["error"]["code"], "file_exists");
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        b"the officer's own file",
        "a refused export leaves the file as it was"
    );

    let written = phien.json(&["notice", "--pdf", &target, "--overwrite"]);
    assert_eq!(written[0]["file"], target.as_str());
    assert!(written[0]["pages"].as_u64().expect("pages") >= 1);
    assert!(
        pdf_text(&path).contains("THÔNG BÁO CÔNG KHAI"),
        "with --overwrite the notice replaces the file"
    );
    no_leftovers(phien.dir());
}

#[test]
fn a_target_that_cannot_be_written_is_refused_before_any_work() {
    let phien = Phien::with_demo();
    let missing = phien.dir().join("khong-co").join("bao-cao.xlsx");
    let missing = missing.to_string_lossy().into_owned();
    let out = phien.run(&["--json", "report", "quality", "--xlsx", &missing]);
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
    assert_eq!(body["error"]["code"], "unwritable");
    let message = body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("--xlsx") && message.contains("khong-co") && message.contains("không có"),
        "the field, the value and why, in Vietnamese: {message}"
    );

    let wrong = phien
        .dir()
        .join("bao-cao.pdf")
        .to_string_lossy()
        .into_owned();
    let err = phien.refused(&["report", "fees", "--xlsx", &wrong]);
    assert!(
        err.contains("đuôi .xlsx"),
        "Excel would not open a workbook named .pdf: {err}"
    );
    let err = phien.refused(&[
        "meeting",
        "minutes",
        "--group",
        "T01",
        "--date",
        "01/01/2020",
        "--pdf",
        &wrong,
    ]);
    assert!(
        err.contains("«01/01/2020»") && err.contains("không họp"),
        "a meeting that did not happen is named: {err}"
    );
    assert!(
        !phien.dir().join("bao-cao.pdf").exists(),
        "nothing was written for a refused command"
    );
}

#[test]
fn the_leaders_receipts_print_and_a_cancelled_one_says_so() {
    use phien_core::Dong;
    use phien_core::leader::ReceiptInput;
    use phien_store::{Actor, Store};

    let phien = Phien::with_demo();
    // What a group leader does in the app: two receipts, one cancelled.
    let (first, second) = {
        let mut store = Store::open(&phien.db).expect("the demo file opens");
        let leader = store
            .staff_by_code("TT01")
            .expect("the demo has leader TT01");
        let group = store.group_by_code("T01").expect("T01");
        let members = store.members_of_group(group.id).expect("members");
        let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date");
        let session = chrono::NaiveDate::from_ymd_opt(2026, 12, 15).expect("valid date");
        let actor = Actor {
            staff: leader.id,
            at: chrono::Utc::now(),
        };
        store
            .write(actor, "leader_receipts", "T01", |tx| {
                let deposit = |member| ReceiptInput {
                    member_id: member,
                    interest: Dong::ZERO,
                    savings_deposit: Dong(50_000),
                };
                let first = tx.record_leader_receipt(&deposit(members[0].id), on, session)?;
                let second = tx.record_leader_receipt(&deposit(members[1].id), on, session)?;
                tx.void_leader_receipt(second.id, "Ghi nhầm người nộp")?;
                Ok((first.receipt_no, second.receipt_no))
            })
            .expect("the leader writes and cancels receipts")
    };
    let path = phien.dir().join("bien-lai-to-truong.pdf");
    let target = path.to_string_lossy().into_owned();

    phien.ok(&["receipts", "--group", "T01", "--leader", "--pdf", &target]);
    let pending = pdf_text(&path);
    assert!(
        pending.contains(&first) && !pending.contains(&second),
        "without a date: the receipts still to hand over, not the cancelled one"
    );
    assert!(
        pending.contains("Năm mươi nghìn đồng."),
        "the amount in words"
    );

    phien.ok(&[
        "--overwrite",
        "receipts",
        "--group",
        "T01",
        "--leader",
        "--date",
        "20/11/2026",
        "--pdf",
        &target,
    ]);
    let of_the_day = pdf_text(&path);
    assert!(
        of_the_day.contains(&second) && of_the_day.contains("ĐÃ HỦY — Ghi nhầm người nộp"),
        "the day's receipts, the cancelled one marked with its reason"
    );
    let err = phien.refused(&[
        "receipts",
        "--group",
        "T01",
        "--leader",
        "--date",
        "21/11/2026",
    ]);
    assert!(
        err.contains("không có biên lai nào") && err.contains("21/11/2026"),
        "a day without receipts is said so: {err}"
    );
}
