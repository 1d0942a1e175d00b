//! Receipts for interest and savings (biên lai thu lãi và tiền gửi, mẫu
//! 01/BL): two to an A4 page, with a line to cut along, the amount in
//! figures and in words, and the signatures of who paid and who received.
// Half-page positions are f32 layout; amounts are formatted from whole đồng.
#![allow(clippy::float_arithmetic)]

use chrono::Datelike;
use phien_core::money::Dong;
use phien_core::words::in_words;

use super::layout::{Align, Document, Orientation, Signer, Style};
use super::{Printed, money};
use crate::{ExportError, Letterhead, ReceiptSlip};

/// Receipts per page.
const PER_PAGE: usize = 2;

/// Every slip, two to a page, in the order given.
pub fn receipts(letterhead: &Letterhead, slips: &[ReceiptSlip]) -> Result<Printed, ExportError> {
    let title = match slips {
        [one] => format!(
            "Biên lai 01/BL {}",
            one.receipt_no.as_deref().unwrap_or(&one.customer_code)
        ),
        _ => format!("Biên lai 01/BL ({} biên lai)", slips.len()),
    };
    let mut doc = Document::new(Orientation::Portrait, &title)?;
    doc.set_running_head("");
    let top = doc.y();
    let half = doc.page_body_height() / 2.0;
    for (idx, slip) in slips.iter().enumerate() {
        let slot = idx % PER_PAGE;
        if idx > 0 && slot == 0 {
            doc.new_page();
        }
        let slot_top = top + half * slot as f32;
        if slot > 0 {
            let (x, width) = (doc.left(), doc.content_width());
            doc.dashed_rule(x, slot_top - 6.0, x + width);
        }
        doc.set_y(slot_top + if slot > 0 { 6.0 } else { 0.0 });
        receipt(&mut doc, letterhead, slip);
    }
    if slips.is_empty() {
        doc.paragraph(
            "Không có biên lai nào.",
            Style::regular(10.0),
            Align::Center,
        );
    }
    doc.printed(letterhead)
}

fn receipt(doc: &mut Document, letterhead: &Letterhead, slip: &ReceiptSlip) {
    let (x, width) = (doc.left(), doc.content_width());
    let small = Style::regular(8.5);
    let small_bold = Style::bold(8.5);
    let top = doc.y();
    let mut y = top;
    for (text, style) in [
        ("NGÂN HÀNG CHÍNH SÁCH XÃ HỘI", small),
        (letterhead.office.as_str(), small),
        (letterhead.point.as_str(), small_bold),
    ] {
        doc.text_in(x, width, y, text, style, Align::Left);
        y += style.line_height();
    }
    doc.text_in(x, width, top, "Mẫu 01/BL", small_bold, Align::Right);
    doc.text_in(
        x,
        width,
        top + small.line_height(),
        &format!("Số: {}", slip.receipt_no.as_deref().unwrap_or("…………")),
        small,
        Align::Right,
    );
    doc.set_y(y + 8.0);
    doc.title("BIÊN LAI THU LÃI VÀ TIỀN GỬI", 13.0);
    let day = slip.received_on;
    doc.paragraph(
        &format!(
            "Ngày {:02} tháng {:02} năm {}",
            day.day(),
            day.month(),
            day.year()
        ),
        Style::regular(9.5),
        Align::Center,
    );
    if let Some(reason) = &slip.voided {
        doc.paragraph(
            &format!("ĐÃ HỦY — {reason}"),
            Style::bold(11.0),
            Align::Center,
        );
    }
    doc.skip(8.0);

    let label = Style::regular(10.0);
    let strong = Style::bold(10.0);
    let label_width = 130.0;
    let value_x = x + label_width;
    // Amounts line up on the right of a column as wide as the largest.
    let amount_width = 150.0;
    let line = |doc: &mut Document, name: &str, value: &str, style: Style, align: Align| {
        let top = doc.y();
        doc.text(x + 12.0, top, name, label);
        let value_width = match align {
            Align::Right => amount_width,
            _ => width - label_width - 12.0,
        };
        let lines = doc.wrap(value, style, value_width);
        let mut y = top;
        for text in &lines {
            doc.text_in(value_x, value_width, y, text, style, align);
            y += style.line_height();
        }
        doc.set_y(y.max(top + label.line_height()) + 2.0);
    };
    line(doc, "Tổ:", &slip.group, label, Align::Left);
    line(
        doc,
        "Người nộp tiền:",
        &format!("{} (mã KH {})", slip.member_name, slip.customer_code),
        strong,
        Align::Left,
    );
    let amount = |value: Dong| format!("{} đồng", money(value));
    line(
        doc,
        "Tiền lãi:",
        &amount(slip.interest),
        label,
        Align::Right,
    );
    if slip.principal.is_positive() {
        line(
            doc,
            "Tiền gốc:",
            &amount(slip.principal),
            label,
            Align::Right,
        );
    }
    line(
        doc,
        "Tiền gửi tiết kiệm:",
        &amount(slip.savings_deposit),
        label,
        Align::Right,
    );
    line(
        doc,
        "Tổng cộng:",
        &amount(slip.total()),
        strong,
        Align::Right,
    );
    doc.paragraph_at(
        x + 12.0,
        width - 24.0,
        &format!("Bằng chữ: {}.", in_words(slip.total())),
        Style::regular(10.0),
        Align::Left,
    );
    for (name, value) in [
        ("Rút tiết kiệm (đã chi)", slip.savings_withdrawal),
        ("Lãi trả từ tiền gửi tiết kiệm", slip.interest_from_savings),
    ] {
        if value.is_positive() {
            doc.paragraph_at(
                x + 12.0,
                width - 24.0,
                &format!("{name}: {}", amount(value)),
                Style::regular(9.0),
                Align::Left,
            );
        }
    }
    doc.skip(8.0);
    doc.signatures(&[
        Signer {
            role: "NGƯỜI NỘP TIỀN",
            name: Some(&slip.member_name),
        },
        Signer {
            role: "NGƯỜI THU TIỀN",
            name: slip.receiver.as_deref(),
        },
    ]);
}
