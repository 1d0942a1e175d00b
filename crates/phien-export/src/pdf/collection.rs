//! The group's collection list for a session (danh sách thu lãi, thu tiền
//! gửi tiết kiệm, mẫu 13/TD): what the bank computed — outstanding, interest
//! due with its arrears, principal due, savings — printed, and empty cells
//! for what the leader collects and the member's signature.

use phien_core::collection::list_totals;
use phien_core::dates::dmy;

use super::layout::{Align, Column, Document, Orientation, Row, Signer, Style, Table};
use super::{Printed, money, money_or_blank};
use crate::{CollectionSheet, ExportError, Letterhead};

/// Room to write an amount and sign by hand, in points.
const HANDWRITING: f32 = 21.0;

/// The list, landscape, members one per row, with totals and signatures.
pub fn collection_list(
    letterhead: &Letterhead,
    sheet: &CollectionSheet<'_>,
) -> Result<Printed, ExportError> {
    let day = dmy(sheet.session_day);
    let title = format!("Mẫu 13/TD {} ngày {day}", sheet.group_code);
    let mut doc = Document::new(Orientation::Landscape, &title)?;
    doc.set_running_head(&format!(
        "Mẫu 13/TD — {} ({}) — phiên giao dịch ngày {day} (tiếp theo)",
        sheet.group_name, sheet.group_code
    ));
    doc.official_heading(letterhead, Some("Mẫu 13/TD"));
    doc.title("DANH SÁCH THU LÃI, THU TIỀN GỬI TIẾT KIỆM", 13.0);
    doc.paragraph(
        &format!("Phiên giao dịch ngày {day}"),
        Style::regular(9.5),
        Align::Center,
    );
    doc.skip(4.0);
    doc.paragraph(
        &format!(
            "{} ({}) — {} — {} — tổ trưởng: {}",
            sheet.group_name,
            sheet.group_code,
            sheet.village,
            sheet.association,
            sheet.leader.unwrap_or("…………………………")
        ),
        Style::regular(9.5),
        Align::Left,
    );
    doc.skip(4.0);

    let (l, c, r) = (Align::Left, Align::Center, Align::Right);
    let mut table = Table::new(
        vec![
            Column::new("STT", 3.0, r),
            Column::new("Mã KH", 5.5, c),
            Column::new("Họ và tên tổ viên", 14.0, l),
            Column::new("Dư nợ", 7.5, r),
            Column::new("Lãi phải thu", 6.8, r),
            Column::new("Trong đó lãi tồn", 6.3, r),
            Column::new("Gốc đến hạn", 7.0, r),
            Column::new("Số dư tiền gửi", 6.5, r),
            Column::new("Thu lãi", 6.5, r),
            Column::new("Thu nợ gốc", 6.5, r),
            Column::new("Gửi tiết kiệm", 6.0, r),
            Column::new("Rút tiết kiệm", 6.0, r),
            Column::new("Trả lãi từ tiết kiệm", 6.0, r),
            Column::new("Tổ viên ký", 7.0, c),
        ],
        8.0,
    );
    table.groups = vec![
        (1, String::new()),
        (1, String::new()),
        (1, String::new()),
        (5, "Ngân hàng tính sẵn (đồng)".into()),
        (6, "Tổ trưởng ghi khi thu (đồng)".into()),
    ];
    for (idx, member) in sheet.members.iter().enumerate() {
        let mut cells = vec![
            (idx + 1).to_string(),
            member.customer_code.clone(),
            member.full_name.clone(),
        ];
        cells.extend(member.list_figures().iter().map(|f| money_or_blank(*f)));
        cells.extend(std::iter::repeat_n(String::new(), 6));
        table.rows.push(Row::Cells {
            cells,
            bold: false,
            shaded: false,
            indent: 0,
            min_height: HANDWRITING,
        });
    }
    let mut total = vec![
        String::new(),
        String::new(),
        format!("Cộng ({} tổ viên)", sheet.members.len()),
    ];
    total.extend(list_totals(sheet.members).iter().map(|t| money(*t)));
    total.extend(std::iter::repeat_n(String::new(), 6));
    table.rows.push(Row::Cells {
        cells: total,
        bold: true,
        shaded: true,
        indent: 0,
        min_height: HANDWRITING,
    });
    doc.table(&table);
    doc.skip(6.0);
    let small = Style::regular(8.0);
    doc.paragraph(
        &format!(
            "Lãi phải thu tính đến ngày {day}, khi tổ viên trả gốc đến hạn trong ngày (lãi tính trên dư nợ cuối mỗi ngày); \
             tổ viên không trả gốc đến hạn có thể phải trả thêm tối đa một ngày lãi. Trong đó lãi tồn: lãi đã đến hạn chưa trả."
        ),
        small,
        Align::Left,
    );
    doc.skip(4.0);
    let form = Style::regular(9.5);
    doc.paragraph(
        "Tổng số tiền thực thu: ………………………………………… đồng. Bằng chữ: ……………………………………………………………………………………………",
        form,
        Align::Left,
    );
    doc.skip(8.0);
    doc.signatures(&[
        Signer {
            role: "TỔ TRƯỞNG",
            name: sheet.leader,
        },
        Signer {
            role: "GIAO DỊCH VIÊN",
            name: None,
        },
        Signer {
            role: "KIỂM SOÁT",
            name: None,
        },
    ]);
    doc.printed(letterhead)
}
