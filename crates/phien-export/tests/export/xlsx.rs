//! Workbooks read back with calamine: the cells a person sees, typed as
//! numbers, percentages and dates, under Vietnamese headers, with the header
//! frozen and filterable.

use calamine::Data;
use phien_core::report::watchlist::WatchKind;
use phien_export::xlsx::{self, Spreadsheet};

use crate::fixture::{Book, collection_rows, collection_sheet, letterhead};
use crate::{assert_snapshot, grid, part, raw_cells, sheets};

/// The rows of a sheet, only the columns given.
fn columns(rows: &[Vec<String>], keep: &[usize]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            keep.iter()
                .map(|&idx| row.get(idx).cloned().unwrap_or_default())
                .collect()
        })
        .collect()
}

fn only_sheet(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    let mut all = sheets(bytes);
    assert_eq!(all.len(), 1, "one report, one sheet");
    all.remove(0)
}

#[test]
fn the_13td_sheet_is_the_list_with_empty_columns_to_fill() {
    let rows = collection_rows();
    let bytes = xlsx::collection_list(&letterhead(), &collection_sheet(&rows))
        .expect("the 13/TD list is written");
    let (name, cells) = only_sheet(&bytes);
    assert_eq!(name, "13-TD T01", "a tab name cannot hold «/»");
    let shown: Vec<Vec<String>> = cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| {
                    if c.starts_with("Thử Chữ") {
                        "Thử Chữ …".into()
                    } else {
                        c.clone()
                    }
                })
                .collect()
        })
        .collect();
    assert_snapshot(
        &grid(&shown),
        "
PGD NHCSXH huyện Diên Khánh — Điểm giao dịch xã Diên Phú
DANH SÁCH THU LÃI, THU TIỀN GỬI TIẾT KIỆM (MẪU 13/TD) — PHIÊN NGÀY 15/12/2026
Tổ TK&VV Thôn Phú Ân Nam (T01) — Thôn Phú Ân Nam — Hội Nông dân — tổ trưởng: Trần Văn Bình · In ngày 28/11/2026

STT | Mã KH | Họ và tên | Số khế ước | Dư nợ | Lãi phải thu | Trong đó lãi tồn | Gốc đến hạn | Số dư tiền gửi | Thu lãi | Thu nợ gốc | Gửi tiết kiệm | Rút tiết kiệm | Trả lãi từ tiết kiệm | Số biên lai
1 | KH5601 | Nguyễn Thị Hoa | 6600000000000100 | 20.000.000 | 106.082 | 0 | 0 | 120.000
2 | KH5602 | Trần Văn Bình | 6600000000000101 | 20.000.000 | 1.843.617 | 1.713.479 | 10.000.000 | 240.000
3 | KH5603 | Thử Chữ … | 6600000000000102 | 10.000.000 | 1.347.945 | 1.278.904 | 0 | 0
 |  | Cộng (3 tổ viên) |  | 50.000.000 | 3.297.644 | 2.992.383 | 10.000.000 | 360.000
",
        "the 13/TD sheet",
    );
}

#[test]
fn the_credit_report_has_every_figure_in_its_own_column() {
    let bytes = xlsx::credit_report(&letterhead(), &Book::new().credit())
        .expect("the credit report is written");
    let (name, cells) = only_sheet(&bytes);
    assert_eq!(name, "Chất lượng tín dụng");
    assert_snapshot(
        &cells[4].join("\n"),
        "
Cấp
Mã
Đơn vị
Số hộ còn dư nợ
Số món
Dư nợ
Trong hạn
Quá hạn
Tỷ lệ nợ quá hạn
Nợ khoanh
Tỷ lệ nợ khoanh
Số món quá hạn
Quá hạn 31/12 năm trước
Quá hạn tăng (+) giảm (-) so với 01/01
Quá hạn cuối tháng trước
Quá hạn tăng (+) giảm (-) so với tháng trước
Lãi tồn
Số món có lãi tồn
Món vay 3 tháng không hoạt động
Dư nợ món vay 3 tháng không hoạt động
Hộ đi khỏi địa phương còn dư nợ
Dư nợ hộ đi khỏi địa phương
Chưa tra cứu
Đang chờ trả lời
Đã có trả lời
Lãi phải thu trong tháng
Lãi thực thu trong tháng
Tỷ lệ thu lãi
",
        "the credit report's header",
    );
    let mut shown = columns(&cells, &[0, 1, 3, 5, 7, 8, 16, 20, 27]);
    for row in &mut shown {
        row.truncate(9);
    }
    assert_snapshot(
        &grid(&shown[..4]),
        "
PGD NHCSXH huyện Diên Khánh — Điểm giao dịch xã Diên Phú
BÁO CÁO CHẤT LƯỢNG TÍN DỤNG NGÀY 27/11/2026
Tỷ lệ thu lãi tháng 11/2026 · In ngày 28/11/2026
",
        "the title block",
    );
    assert_snapshot(
        &grid(&shown[5..]),
        "
Phòng giao dịch | 5606 | 5 | 85.000.000 | 25.000.000 | 0.2941 | 12.324.568 | 1 | 0.0079
Điểm giao dịch xã | DP | 5 | 85.000.000 | 25.000.000 | 0.2941 | 12.324.568 | 1 | 0.0079
Hội đoàn thể | HND | 3 | 50.000.000 | 10.000.000 | 0.2 | 7.185.593 | 0 | 0.0134
Tổ TK&VV | T01 | 3 | 50.000.000 | 10.000.000 | 0.2 | 7.185.593 | 0 | 0.0134
Hộ vay | KH5601 | 1 | 20.000.000 | 0 | 0 | 2.858.247 | 0 | 0.0332
Hộ vay | KH5602 | 1 | 20.000.000 | 10.000.000 | 0.5 | 2.912.829 | 0 | 0
Hộ vay | KH5603 | 1 | 10.000.000 | 0 | 0 | 1.414.517 | 0 | 0
Hội đoàn thể | HPN | 2 | 35.000.000 | 15.000.000 | 0.4286 | 5.138.975 | 1 | 0
Tổ TK&VV | T02 | 2 | 35.000.000 | 15.000.000 | 0.4286 | 5.138.975 | 1 | 0
Hộ vay | KH5604 | 1 | 20.000.000 | 0 | 0 | 3.363.808 | 0 | 0
Hộ vay | KH5605 | 1 | 15.000.000 | 15.000.000 | 1 | 1.775.167 | 1 | 0
",
        "the credit report: level, code, borrowers, outstanding, overdue and its ratio, arrears, moved away, interest collection rate",
    );
}

#[test]
fn amounts_ratios_and_dates_are_typed_cells_with_their_formats() {
    let book = Book::new();
    let mut workbook = Spreadsheet::new(&letterhead()).expect("a workbook starts");
    workbook
        .add_credit_report(&book.credit())
        .expect("the credit report is added")
        .add_watchlist(&book.watchlist(WatchKind::Overdue))
        .expect("the overdue list is added");
    let bytes = workbook.finish().expect("the workbook is written");

    let credit = raw_cells(&bytes, "Chất lượng tín dụng");
    let office = &credit[5];
    assert!(
        matches!(office[5], Data::Float(_)),
        "the outstanding is a number Excel can add up, not text: {:?}",
        office[5]
    );
    assert!(
        matches!(office[8], Data::Float(_)),
        "the overdue ratio is a number formatted as a percentage: {:?}",
        office[8]
    );
    let overdue = raw_cells(&bytes, "Nợ quá hạn");
    assert!(
        matches!(overdue[5][6], Data::DateTime(_)),
        "the due date is a real date (calamine recognises it from its dd/mm/yyyy format): {:?}",
        overdue[5][6]
    );

    let styles = part(&bytes, "xl/styles.xml");
    for format in ["#,##0 &quot;₫&quot;", "0.00%", "dd/mm/yyyy"] {
        assert!(
            styles.contains(&format!("formatCode=\"{format}\"")),
            "the workbook defines the number format {format}"
        );
    }
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane xSplit="3" ySplit="5" topLeftCell="D6" activePane="bottomRight" state="frozen"/>"#
        ),
        "the title and header rows and the first three columns stay in view: {sheet:.600}"
    );
    assert!(
        sheet.contains(r#"<autoFilter ref="A5:AB16"/>"#),
        "the header filters the eleven units below it"
    );
    let overdue_sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        overdue_sheet.contains(r#"<autoFilter ref="A5:I7"/>"#),
        "the filter covers the list, not its total row below"
    );
}

#[test]
fn the_rating_comes_with_its_breakdown_on_a_second_sheet() {
    let bytes =
        xlsx::ratings(&letterhead(), &Book::new().ratings()).expect("the rating is written");
    let all = sheets(&bytes);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Xếp loại tổ", "Chi tiết chấm điểm"]);
    assert_snapshot(
        &grid(&all[0].1[4..]),
        "
Mã tổ | Tên tổ | Hội | Giao dịch tại xã (tối đa 20) | Thu nợ đến hạn (tối đa 15) | Tỷ lệ thu lãi (tối đa 20) | Tổ viên tham gia tiền gửi (tối đa 5) | Số dư tiền gửi tăng thêm (tối đa 10) | Tỷ lệ nợ quá hạn (tối đa 30) | Tổng điểm | Xếp loại
T01 | Tổ TK&VV Thôn Phú Ân Nam | Hội Nông dân | 20 | 15 | 0 | 5 | 10 | 0 | 50 | Yếu
T02 | Tổ TK&VV Thôn Đông Hải | Hội Liên hiệp Phụ nữ | 20 | 15 | 0 | 5 | 10 | 0 | 50 | Yếu
",
        "the rating",
    );
    assert_snapshot(
        &grid(&all[1].1[4..11]),
        "
Mã tổ | Tên tổ | Tiêu chí | Tử số | Mẫu số | Đơn vị | Giá trị | Điểm | Điểm tối đa | Đủ điểm ở | 0 điểm ở
T01 | Tổ TK&VV Thôn Phú Ân Nam | Giao dịch tại xã | 100.000 | 100.000 | đồng | 1 | 20 | 20 | 1 | 0
T01 | Tổ TK&VV Thôn Phú Ân Nam | Thu nợ đến hạn | 0 | 0 | đồng |  | 15 | 15 | 1 | 0.8
T01 | Tổ TK&VV Thôn Phú Ân Nam | Tỷ lệ thu lãi | 100.000 | 7.446.262 | đồng | 0.0134 | 0 | 20 | 1 | 0.8
T01 | Tổ TK&VV Thôn Phú Ân Nam | Tổ viên tham gia tiền gửi | 3 | 3 | tổ viên | 1 | 5 | 5 | 1 | 0.5
T01 | Tổ TK&VV Thôn Phú Ân Nam | Số dư tiền gửi tăng thêm | 120.000 | 600.000 | đồng | 0.2 | 10 | 10 | 0.01 | 0
T01 | Tổ TK&VV Thôn Phú Ân Nam | Tỷ lệ nợ quá hạn | 10.000.000 | 50.000.000 | đồng | 0.2 | 0 | 30 | 0 | 0.02
",
        "the breakdown of T01: what was measured, the points, the rule",
    );
    assert_eq!(
        all[1].1.len(),
        5 + 2 * 6,
        "six criteria for each of two groups"
    );
}

#[test]
fn each_watchlist_is_a_sheet_with_its_total_below_the_filter() {
    let book = Book::new();
    let mut workbook = Spreadsheet::new(&letterhead()).expect("a workbook starts");
    let lists: Vec<_> = WatchKind::ALL.iter().map(|k| book.watchlist(*k)).collect();
    for list in &lists {
        workbook.add_watchlist(list).expect("the list is added");
    }
    let bytes = workbook.finish().expect("the workbook is written");
    let all = sheets(&bytes);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Phải thu phiên",
            "Nợ quá hạn",
            "Lãi tồn",
            "3 tháng không hoạt động",
            "Đi khỏi địa phương"
        ]
    );
    for ((name, cells), list) in all.iter().zip(&lists) {
        let total = cells.last().expect("a total row");
        assert_eq!(
            total[1],
            format!("Cộng ({} dòng)", list.rows.len()),
            "{name}"
        );
        assert!(
            total.contains(&phien_core::money::group_thousands(list.total.get())),
            "{name}: the total row holds the list's total {}: {total:?}",
            list.total
        );
        assert_eq!(
            cells.len(),
            5 + list.rows.len() + 1,
            "{name}: title, header, rows, total"
        );
    }
    assert_snapshot(
        &grid(&all[4].1[4..]),
        "
Mã KH | Họ và tên | Tổ | Tên tổ | Số khế ước | Số tiền | Biết tin ngày | Số ngày | Số tháng | Nơi đến | Nguồn tin | Tra cứu | Lần tra cứu gần nhất
KH5605 | Lê Văn Đức | T02 | Tổ TK&VV Thôn Đông Hải |  | 15.000.000 | 20/09/2026 | 68 | 2 | Bình Dương | Tổ trưởng báo | Đã có trả lời | Công an 01/10/2026: Đang làm công nhân tại Thuận An
 | Cộng (1 dòng) |  |  |  | 15.000.000
",
        "the moved-away list with its tracing",
    );
    assert_snapshot(
        &grid(&all[1].1[4..]),
        "
Mã KH | Họ và tên | Tổ | Tên tổ | Số khế ước | Số tiền | Đến hạn ngày | Số ngày | Số tháng
KH5605 | Lê Văn Đức | T02 | Tổ TK&VV Thôn Đông Hải | 6600000000000104 | 15.000.000 | 15/06/2026 | 165 | 5
KH5602 | Trần Văn Bình | T01 | Tổ TK&VV Thôn Phú Ân Nam | 6600000000000101 | 10.000.000 | 15/07/2026 | 135 | 4
 | Cộng (2 dòng) |  |  |  | 25.000.000
",
        "the overdue list, largest first",
    );
}

#[test]
fn fees_and_the_comparison_read_back_with_their_totals() {
    let book = Book::new();
    let fees = xlsx::fees(&letterhead(), &book.fees()).expect("the fees are written");
    let (name, cells) = only_sheet(&fees);
    assert_eq!(name, "Phí ủy thác, hoa hồng");
    assert_snapshot(
        &grid(&cells[2..]),
        "
Tính đến 27/11/2026; phí ủy thác 0,045 %/tháng, hoa hồng 0,08 %/tháng trên dư nợ có thu được lãi · In ngày 28/11/2026

Cấp | Mã | Đơn vị | Dư nợ đầu tháng | Lãi phải thu | Lãi thực thu | Tỷ lệ thu lãi | Dư nợ có thu được lãi | Tỷ lệ phí (%/tháng) | Phí ủy thác / hoa hồng
Hội đoàn thể | HND | Hội Nông dân | 50.000.000 | 7.446.262 | 100.000 | 0.0134 | 664.554 | 0.00045 | 299
Tổ TK&VV | T01 | Tổ TK&VV Thôn Phú Ân Nam | 50.000.000 | 7.446.262 | 100.000 | 0.0134 | 664.554 | 0.0008 | 532
Hội đoàn thể | HPN | Hội Liên hiệp Phụ nữ | 35.000.000 | 5.253.731 | 0 | 0 | 0 | 0.00045 | 0
Tổ TK&VV | T02 | Tổ TK&VV Thôn Đông Hải | 35.000.000 | 5.253.731 | 0 | 0 | 0 | 0.0008 | 0
 |  | Tổng phí ủy thác |  |  |  |  |  |  | 299
 |  | Tổng hoa hồng |  |  |  |  |  |  | 532
",
        "the fees: base = outstanding at the month's start × collected ÷ due, per loan",
    );
    let comparison =
        xlsx::comparison(&letterhead(), &book.comparison()).expect("the comparison is written");
    let (name, cells) = only_sheet(&comparison);
    assert_eq!(name, "So sánh");
    assert_snapshot(
        &grid(&cells[1..]),
        "
SO SÁNH TỔ TK&VV THEO «Tỷ lệ nợ quá hạn (%)» — NGÀY 27/11/2026
Xếp hạng tốt nhất trước; thấp hơn là tốt hơn · In ngày 28/11/2026

Hạng | Mã | Tên | Tỷ lệ nợ quá hạn (%) | So với chung |  | Dư nợ | Quá hạn | Tỷ lệ nợ quá hạn
1 | T01 | Tổ TK&VV Thôn Phú Ân Nam | 0.2 | -0.0941 |  | 50.000.000 | 10.000.000 | 0.2
2 | T02 | Tổ TK&VV Thôn Đông Hải | 0.4286 | 0.1345 | Kém hơn | 35.000.000 | 15.000.000 | 0.4286
 |  | Toàn bộ | 0.2941 |  |  | 85.000.000 | 25.000.000 | 0.2941
 |  | Chênh lệch tốt nhất – kém nhất | 0.2286
",
        "the groups ranked by overdue ratio against the whole",
    );
}

#[test]
fn the_same_reports_give_the_same_bytes_and_tab_names_stay_unique() {
    let book = Book::new();
    let rows = collection_rows();
    let make = || {
        let mut workbook = Spreadsheet::new(&letterhead()).expect("a workbook starts");
        workbook
            .add_credit_report(&book.credit())
            .expect("added")
            .add_collection_list(&collection_sheet(&rows))
            .expect("added")
            .add_collection_list(&collection_sheet(&rows))
            .expect("added");
        workbook.finish().expect("written")
    };
    let first = make();
    assert!(
        first == make(),
        "no clock inside: the creation date is the letterhead's printing date"
    );
    let names: Vec<String> = sheets(&first).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Chất lượng tín dụng", "13-TD T01", "13-TD T01 (2)"]);
    let empty = Spreadsheet::new(&letterhead())
        .expect("a workbook starts")
        .finish();
    assert_eq!(
        empty.map_err(|e| e.code()),
        Err("xlsx_failed"),
        "a workbook with no sheet is refused, not written empty"
    );
}
