//! PDF read back as text: what each document says, that tables break across
//! A4 pages with their header repeated and every page numbered, and that the
//! font travels inside the file, cut to what the document uses.

use phien_core::collection::MemberDue;
use phien_core::ids::MemberId;
use phien_core::money::Dong;
use phien_core::report::Level;
use uuid::Uuid;

use crate::fixture::{
    Book, collection_rows, collection_sheet, letterhead, meeting, minutes_members, minutes_sheet,
    program_names, receipt_slips,
};
use crate::{assert_snapshot, pdf_pages, pdf_text};

/// The alphabet borrower's name breaks over several lines; `…` stands for it.
fn without_alphabet(text: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if let Some(start) = line.find("Thử Chữ") {
            inside = true;
            out.push(format!("{}Thử Chữ …", &line[..start]));
            continue;
        }
        if inside {
            match line.find("Ỹ") {
                Some(end) => {
                    inside = false;
                    let rest = line[end + "Ỹ".len()..].trim();
                    if !rest.is_empty() {
                        out.push(rest.to_string());
                    }
                }
                None => continue,
            }
            continue;
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

#[test]
fn the_13td_list_prints_what_the_bank_computed_and_room_to_write() {
    let rows = collection_rows();
    let printed = phien_export::pdf::collection_list(&letterhead(), &collection_sheet(&rows))
        .expect("the 13/TD list prints");
    assert_eq!(printed.pages, 1);
    assert_snapshot(
        &without_alphabet(&pdf_text(&printed.bytes)),
        "
NGÂN HÀNG CHÍNH SÁCH XÃ HỘI
PGD NHCSXH huyện Diên Khánh
Điểm giao dịch xã Diên Phú
Mẫu 13/TD
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
DANH SÁCH THU LÃI, THU TIỀN GỬI TIẾT KIỆM
Phiên giao dịch ngày 15/12/2026
Tổ TK&VV Thôn Phú Ân Nam (T01) — Thôn Phú Ân Nam — Hội Nông dân — tổ trưởng: Trần Văn Bình
STT Mã KH Họ và tên tổ viên
Ngân hàng tính sẵn (đồng)
Dư nợ Lãi phải thu Trong đó
lãi tồn Gốc đến hạn Số dư tiền
gửi
Tổ trưởng ghi khi thu (đồng)
Thu lãi Thu nợ gốc Gửi tiết
kiệm Rút tiết
kiệm Trả lãi từ
tiết kiệm Tổ viên ký
1 KH5601 Nguyễn Thị Hoa 20.000.000 106.082 120.000
2 KH5602 Trần Văn Bình 20.000.000 1.843.617 1.713.479 10.000.000 240.000
3 KH5603 Thử Chữ …
10.000.000 1.347.945 1.278.904
Cộng (3 tổ viên) 50.000.000 3.297.644 2.992.383 10.000.000 360.000
Lãi phải thu tính đến ngày 15/12/2026, khi tổ viên trả gốc đến hạn trong ngày (lãi tính trên dư nợ cuối mỗi ngày); tổ viên không trả gốc đến hạn có thể phải trả thêm tối đa một ngày lãi. Trong đó lãi tồn:
lãi đã đến hạn chưa trả.
Tổng số tiền thực thu: ………………………………………… đồng. Bằng chữ: ……………………………………………………………………………………………
TỔ TRƯỞNG
(Ký, ghi rõ họ tên)
Trần Văn Bình
GIAO DỊCH VIÊN
(Ký, ghi rõ họ tên) KIỂM SOÁT
(Ký, ghi rõ họ tên)
Điểm giao dịch xã Diên Phú · Mẫu 13/TD T01 ngày 15/12/2026 · in ngày 28/11/2026 Trang 1/1
",
        "the 13/TD list",
    );
}

#[test]
fn receipts_print_two_to_a_page_with_the_amount_in_words() {
    let printed =
        phien_export::pdf::receipts(&letterhead(), &receipt_slips()).expect("the receipts print");
    assert_eq!(printed.pages, 2, "three receipts, two to a page");
    let pages = pdf_pages(&printed.bytes);
    assert_snapshot(
        &pages[0],
        "
NGÂN HÀNG CHÍNH SÁCH XÃ HỘI
PGD NHCSXH huyện Diên Khánh
Điểm giao dịch xã Diên Phú
Mẫu 01/BL
Số: BL-0001
BIÊN LAI THU LÃI VÀ TIỀN GỬI
Ngày 10 tháng 12 năm 2026
Tổ: Tổ TK&VV Thôn Phú Ân Nam (T01)
Người nộp tiền: Nguyễn Thị Hoa (mã KH KH5601)
Tiền lãi: 106.082 đồng
Tiền gửi tiết kiệm: 50.000 đồng
Tổng cộng: 156.082 đồng
Bằng chữ: Một trăm năm mươi sáu nghìn không trăm tám mươi hai đồng.
NGƯỜI NỘP TIỀN
(Ký, ghi rõ họ tên)
Nguyễn Thị Hoa
NGƯỜI THU TIỀN
(Ký, ghi rõ họ tên)
Trần Văn Bình
NGÂN HÀNG CHÍNH SÁCH XÃ HỘI
PGD NHCSXH huyện Diên Khánh
Điểm giao dịch xã Diên Phú
Mẫu 01/BL
Số: BL-0002
BIÊN LAI THU LÃI VÀ TIỀN GỬI
Ngày 10 tháng 12 năm 2026
Tổ: Tổ TK&VV Thôn Phú Ân Nam (T01)
Người nộp tiền: Trần Văn Bình (mã KH KH5602)
Tiền lãi: 1.005.000 đồng
Tiền gửi tiết kiệm: 20.000 đồng
Tổng cộng: 1.025.000 đồng
Bằng chữ: Một triệu không trăm hai mươi lăm nghìn đồng.
NGƯỜI NỘP TIỀN
(Ký, ghi rõ họ tên)
Trần Văn Bình
NGƯỜI THU TIỀN
(Ký, ghi rõ họ tên)
Trần Văn Bình
Điểm giao dịch xã Diên Phú · Biên lai 01/BL (3 biên lai) · in ngày 28/11/2026 Trang 1/2
",
        "the first page of receipts",
    );
    assert!(
        pages[1].contains("ĐÃ HỦY — Ghi nhầm số tiền"),
        "a cancelled receipt says so, with the reason: {}",
        pages[1]
    );
    assert!(pages[1].contains("Bằng chữ: Năm mươi nghìn đồng."));
}

#[test]
fn the_notice_posts_the_rates_and_the_borrowers_group_by_group() {
    let printed = phien_export::pdf::public_notice(&letterhead(), &Book::new().notice())
        .expect("the notice prints");
    assert_snapshot(
        &without_alphabet(&pdf_text(&printed.bytes)),
        "
NGÂN HÀNG CHÍNH SÁCH XÃ HỘI
PGD NHCSXH huyện Diên Khánh
Điểm giao dịch xã Diên Phú
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
THÔNG BÁO CÔNG KHAI
LÃI SUẤT CHO VAY VÀ DANH SÁCH HỘ VAY CÒN DƯ NỢ
Điểm giao dịch xã Diên Phú — số liệu đến ngày 27/11/2026 — nơi giao dịch: UBND xã Diên Phú
I. LÃI SUẤT CHO VAY ĐANG ÁP DỤNG
Mã Chương trình cho vay %/tháng %/năm Nợ quá hạn (%/năm) Áp dụng từ ngày
01 Cho vay hộ nghèo 0,52 6,24 8,112 01/12/2025
02 Cho vay học sinh sinh viên 0,52 6,24 8,112 01/12/2025
03 Nước sạch và vệ sinh môi trường nông thôn 0,7 8,4 10,92 01/12/2025
04 Cho vay hộ cận nghèo 0,66 7,92 10,296 01/01/2015
05 Cho vay hộ mới thoát nghèo 0,6875 8,25 10,725 01/01/2015
06 Cho vay giải quyết việc làm 0,66 7,92 10,296 01/01/2015
07 Cho vay hộ sản xuất kinh doanh vùng khó khăn 0,65 7,8 10,14 01/12/2025
II. DANH SÁCH HỘ VAY CÒN DƯ NỢ (5 hộ, dư nợ 85.000.000 đồng)
STT Họ và tên Chương
trình Ngày vay Số tiền vay Dư nợ Trong đó quá hạn
Kỳ trả nợ gốc tiếp theo
Ngày Số tiền
Hạn trả cuối
cùng
T01 — Tổ TK&VV Thôn Phú Ân Nam — Thôn Phú Ân Nam — Hội Nông dân — tổ trưởng: Trần Văn Bình
1 Nguyễn Thị Hoa 01 15/01/2025 30.000.000 20.000.000 15/01/2027 10.000.000 15/01/2028
2 Trần Văn Bình 04 15/01/2025 20.000.000 20.000.000 10.000.000 15/01/2027 10.000.000 15/01/2027
3 Thử Chữ …
03 15/03/2025 10.000.000 10.000.000 15/03/2027 10.000.000 15/03/2027
Cộng T01 (3 hộ) 50.000.000 10.000.000
T02 — Tổ TK&VV Thôn Đông Hải — Thôn Đông Hải — Hội Liên hiệp Phụ nữ — tổ trưởng: Trần Văn Bình
4 Đặng Thị Hồng 01 15/01/2025 40.000.000 20.000.000 15/01/2027 20.000.000 15/01/2027
5 Lê Văn Đức 06 15/06/2025 15.000.000 15.000.000 15.000.000 15/06/2026
Cộng T02 (2 hộ) 35.000.000 15.000.000
Tổng cộng (5 hộ) 85.000.000 25.000.000
Điểm giao dịch xã Diên Phú · Niêm yết công khai ngày 27/11/2026 · in ngày 28/11/2026 Trang 1/2
Điểm giao dịch xã Diên Phú — niêm yết công khai ngày 27/11/2026 (tiếp theo)
Số tiền tính bằng đồng. Nợ quá hạn chịu lãi suất quá hạn từ ngày sau ngày đến hạn. Mọi thắc mắc về số liệu, xin hỏi tổ trưởng Tổ TK&VV hoặc Tổ giao dịch tại phiên giao dịch.
XÁC NHẬN CỦA UBND XÃ
(Ký, ghi rõ họ tên) TỔ TRƯỞNG TỔ GIAO DỊCH
(Ký, ghi rõ họ tên)
Điểm giao dịch xã Diên Phú · Niêm yết công khai ngày 27/11/2026 · in ngày 28/11/2026 Trang 2/2
",
        "the public notice",
    );
}

#[test]
fn the_minutes_say_who_came_what_was_decided_and_who_signs() {
    let meeting = meeting();
    let members = minutes_members();
    let programs = program_names();
    let printed =
        phien_export::pdf::minutes(&letterhead(), &minutes_sheet(&meeting, &members, &programs))
            .expect("the minutes print");
    assert_snapshot(
        &without_alphabet(&pdf_text(&printed.bytes)),
        "
NGÂN HÀNG CHÍNH SÁCH XÃ HỘI
PGD NHCSXH huyện Diên Khánh
Điểm giao dịch xã Diên Phú
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
BIÊN BẢN HỌP TỔ TIẾT KIỆM VÀ VAY VỐN
(Bình xét cho vay)
Hôm nay, ngày 10 tháng 11 năm 2026, Tổ TK&VV Thôn Phú Ân Nam (T01), Thôn Phú Ân Nam, thuộc Hội
Nông dân, tổ chức họp.
I. THÀNH PHẦN THAM DỰ
Tổng số tổ viên: 3; có mặt 1, có người dự thay 1, vắng 1.
STT Mã KH Họ và tên Tham dự
1 KH5601 Nguyễn Thị Hoa Có mặt
2 KH5602 Trần Văn Bình Có người dự thay
3 KH5603 Thử Chữ …
Vắng
II. NỘI DUNG
Bình xét cho vay hộ nghèo đợt tháng 12
III. DIỄN BIẾN CUỘC HỌP
Tổ họp lúc 8 giờ tại nhà văn hóa thôn. Tổ trưởng phổ biến chính sách cho vay hộ nghèo; các tổ viên thảo
luận từng hộ đề nghị vay.
IV. CÁC QUYẾT ĐỊNH CỦA TỔ
Bình xét cho vay: 2 hộ đề nghị.
STT Họ và tên Chương trình Số tiền (đồng) Thời hạn Kết quả
1 Nguyễn Thị Hoa Cho vay hộ nghèo (01) 40.000.000 36 tháng Đồng ý
2 Thử Chữ …
Cho vay hộ cận nghèo (04) 30.000.000 24 tháng Không đồng ý (Chưa
có phương án sử
dụng vốn)
1. Nhắc các hộ nộp lãi đúng hạn
Biên bản được đọc lại cho mọi người dự họp cùng nghe và nhất trí. Người ghi: Phạm Thị Quỹ.
THƯ KÝ
(Ký, ghi rõ họ tên) ĐẠI DIỆN HỘI
(Ký, ghi rõ họ tên) TỔ TRƯỞNG
(Ký, ghi rõ họ tên)
Trần Văn Bình
Điểm giao dịch xã Diên Phú · Biên bản họp tổ T01 ngày 10/11/2026 · in ngày 28/11/2026 Trang 1/1
",
        "the minutes of a loan review",
    );
}

#[test]
fn the_quality_report_lists_every_level_down_to_the_borrowers() {
    let report = Book::new().credit();
    let printed = phien_export::pdf::quality_report(&letterhead(), &report.cut(None, Level::Group))
        .expect("the quality report prints");
    let text = pdf_text(&printed.bytes);
    for line in [
        "BÁO CÁO CHẤT LƯỢNG TÍN DỤNG",
        "Ngày 27/11/2026 — tỷ lệ thu lãi tháng 11/2026 — đơn vị tính: đồng",
        "Điểm giao dịch xã Diên Phú 5 85.000.000 60.000.000 25.000.000 29,41% 0 +25.000.000 0 12.324.568 3 45.000.000 1 15.000.000 0,79%",
        "Hội Nông dân 3 50.000.000 40.000.000 10.000.000 20,00% 0 +10.000.000 0 7.185.593 2 30.000.000 0 0 1,34%",
        "Hộ đi khỏi địa phương còn dư nợ (PGD NHCSXH huyện Diên Khánh): 1 hộ, 15.000.000 đồng — chưa tra cứu 0, đang chờ trả lời 0, đã có trả lời 1.",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "the report has the line «{line}»:\n{text}"
        );
    }
    assert!(
        !text.contains("KH5601"),
        "cut at the group level, no borrower is listed"
    );
}

/// A group of `n` members, each with a name of their own.
fn big_group(n: usize) -> Vec<MemberDue> {
    (0..n)
        .map(|idx| MemberDue {
            member_id: MemberId(Uuid::from_u128(5000 + idx as u128)),
            customer_code: format!("KH9{idx:04}"),
            full_name: format!("Tổ viên số {idx} Nguyễn Thị Ánh"),
            loans: Vec::new(),
            savings_balance: Dong(10_000 * idx as i64),
        })
        .collect()
}

#[test]
fn a_long_table_breaks_across_pages_with_its_header_on_each() {
    let rows = big_group(60);
    let printed = phien_export::pdf::collection_list(&letterhead(), &collection_sheet(&rows))
        .expect("a 60-member list prints");
    let pages = pdf_pages(&printed.bytes);
    assert_eq!(pages.len(), printed.pages);
    assert!(
        printed.pages >= 3,
        "60 rows tall enough to write in need several landscape pages, got {}",
        printed.pages
    );
    for (idx, page) in pages.iter().enumerate() {
        assert!(
            page.contains("STT Mã KH Họ và tên tổ viên"),
            "page {} repeats the table's header:\n{page}",
            idx + 1
        );
        assert!(
            page.ends_with(&format!("Trang {}/{}", idx + 1, pages.len())),
            "page {} is numbered:\n{page}",
            idx + 1
        );
    }
    assert!(
        pages[1].starts_with("Mẫu 13/TD — Tổ TK&VV Thôn Phú Ân Nam (T01) — phiên giao dịch ngày 15/12/2026 (tiếp theo)"),
        "a continuation page says what it continues:\n{}",
        pages[1]
    );
    let text = pages.join("\n");
    for member in &rows {
        assert_eq!(
            text.matches(&format!("{} ", member.customer_code)).count(),
            1,
            "{} is listed exactly once, on one page",
            member.customer_code
        );
    }
}

#[test]
fn documents_are_a4_with_the_font_inside_cut_to_what_they_use() {
    let rows = collection_rows();
    let landscape = phien_export::pdf::collection_list(&letterhead(), &collection_sheet(&rows))
        .expect("the 13/TD list prints");
    let portrait =
        phien_export::pdf::receipts(&letterhead(), &receipt_slips()).expect("the receipts print");
    let raw = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    assert!(
        raw(&landscape.bytes).contains("/MediaBox [0 0 841.8898 595.27563]"),
        "297 × 210 mm"
    );
    assert!(
        raw(&portrait.bytes).contains("/MediaBox [0 0 595.27563 841.8898]"),
        "210 × 297 mm"
    );
    for printed in [&landscape, &portrait] {
        let text = raw(&printed.bytes);
        assert_eq!(
            text.matches("/FontFile2").count(),
            2,
            "regular and bold are embedded, nothing is left to the reader's fonts"
        );
        assert!(text.contains("+NotoSans-Regular") && text.contains("+NotoSans-Bold"));
        assert!(
            printed.bytes.len() < 60_000,
            "a subset, not the 73 kB fonts: {} bytes",
            printed.bytes.len()
        );
    }
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let rows = collection_rows();
    let make = || {
        phien_export::pdf::collection_list(&letterhead(), &collection_sheet(&rows))
            .expect("the 13/TD list prints")
            .bytes
    };
    assert!(
        make() == make(),
        "no clock and no randomness inside: the subset tag comes from the glyphs used"
    );
}

#[test]
fn each_watchlist_prints_numbered_with_its_total() {
    use phien_core::report::watchlist::WatchKind;
    let book = Book::new();
    let text = |kind| {
        let printed = phien_export::pdf::watchlist(&letterhead(), &book.watchlist(kind))
            .expect("the list prints");
        pdf_text(&printed.bytes)
    };
    let arrears = text(WatchKind::Arrears);
    for line in [
        "LÃI TỒN",
        "Ngày 27/11/2026 — xếp theo số tiền, lớn trước — đơn vị tính: đồng",
        "STT Mã KH Họ và tên Tổ Số khế ước Số tiền Nợ lãi từ ngày Số ngày Số tháng",
        "1 KH5604 Đặng Thị Hồng T02 Tổ TK&VV Thôn Đông Hải 6600000000000103 3.363.808 01/02/2025 664 21",
        // The quality report's arrears of the point, to the đồng.
        "Cộng (5 dòng) 12.324.568",
    ] {
        assert!(
            arrears.lines().any(|l| l == line),
            "the arrears list has the line «{line}»:\n{arrears}"
        );
    }
    let due = text(WatchKind::Due);
    assert!(
        due.contains("Gốc phải thu Lãi phải thu") && due.contains("Cộng (5 dòng) 37.820.332"),
        "the due list splits principal and interest and totals them:\n{due}"
    );
    let moved = text(WatchKind::MovedAway);
    for part in [
        "HỘ VAY ĐI KHỎI ĐỊA PHƯƠNG CÒN DƯ NỢ",
        "Bình Dương Đã có trả lời Công an 01/10/2026",
        "Cộng (1 dòng) 15.000.000",
    ] {
        assert!(
            moved.contains(part),
            "the moved-away list says «{part}»:\n{moved}"
        );
    }
}

#[test]
fn ratings_and_fees_print_with_their_totals() {
    let book = Book::new();
    let printed = phien_export::pdf::ratings(&letterhead(), &book.ratings()).expect("prints");
    let ratings = pdf_text(&printed.bytes);
    for line in [
        "XẾP LOẠI TỔ TK&VV THÁNG 11/2026",
        "Tính đến ngày 27/11/2026; cách chấm mặc định, chưa có văn bản chính thức",
        "1 T01 Tổ TK&VV Thôn Phú Ân Nam Hội Nông dân 20 15 0 5 10 0 50 Yếu",
        "Cộng 2 tổ: Tốt 0 · Khá 0 · Trung bình 0 · Yếu 2.",
    ] {
        assert!(
            ratings.lines().any(|l| l == line),
            "the ratings have the line «{line}»:\n{ratings}"
        );
    }
    let printed = phien_export::pdf::fees(&letterhead(), &book.fees()).expect("prints");
    let fees = pdf_text(&printed.bytes);
    for line in [
        "PHÍ ỦY THÁC VÀ HOA HỒNG THÁNG 11/2026",
        // 664.554 × 0,045 % = 299,05 → 299; × 0,08 % = 531,6 → 532.
        "Hội Nông dân 50.000.000 7.446.262 100.000 1,34% 664.554 0,045 299",
        "T01 Tổ TK&VV Thôn Phú Ân Nam 50.000.000 7.446.262 100.000 1,34% 664.554 0,08 532",
        "Tổng phí ủy thác 299",
        "Tổng hoa hồng 532",
    ] {
        assert!(
            fees.lines().any(|l| l == line),
            "the fees have the line «{line}»:\n{fees}"
        );
    }
}
