//! The point's public notice (niêm yết công khai): the lending rates in
//! force, then every borrower who owes, group by group, with balance and
//! due dates — what is posted at the point on the transaction day.

use phien_core::dates::dmy;
use phien_core::money::Dong;
use phien_core::notice::{PublicNotice, rate_vi};

use super::layout::{Align, Column, Document, Orientation, Row, Signer, Style, Table};
use super::{Printed, money, money_or_blank};
use crate::{ExportError, Letterhead};

/// The notice: rates, then the borrowers of each group with the group's
/// subtotal, the point's total, and the signatures.
pub fn public_notice(
    letterhead: &Letterhead,
    notice: &PublicNotice,
) -> Result<Printed, ExportError> {
    let on = dmy(notice.on);
    let title = format!("Niêm yết công khai ngày {on}");
    let mut doc = Document::new(Orientation::Landscape, &title)?;
    doc.set_running_head(&format!(
        "{} — niêm yết công khai ngày {on} (tiếp theo)",
        notice.point
    ));
    doc.official_heading(letterhead, None);
    doc.title("THÔNG BÁO CÔNG KHAI", 15.0);
    doc.title("LÃI SUẤT CHO VAY VÀ DANH SÁCH HỘ VAY CÒN DƯ NỢ", 11.5);
    doc.paragraph(
        &format!(
            "{} — số liệu đến ngày {on}{}",
            notice.point,
            if notice.address.is_empty() {
                String::new()
            } else {
                format!(" — nơi giao dịch: {}", notice.address)
            }
        ),
        Style::regular(9.5),
        Align::Center,
    );
    doc.skip(8.0);

    doc.paragraph(
        "I. LÃI SUẤT CHO VAY ĐANG ÁP DỤNG",
        Style::bold(10.0),
        Align::Left,
    );
    doc.skip(2.0);
    let (l, c, r) = (Align::Left, Align::Center, Align::Right);
    let mut rates = Table::new(
        vec![
            Column::new("Mã", 3.0, c),
            Column::new("Chương trình cho vay", 22.0, l),
            Column::new("%/tháng", 5.0, r),
            Column::new("%/năm", 5.0, r),
            Column::new("Nợ quá hạn (%/năm)", 7.0, r),
            Column::new("Áp dụng từ ngày", 6.0, c),
        ],
        8.5,
    );
    for rate in &notice.rates {
        rates.rows.push(Row::plain(vec![
            rate.code.0.clone(),
            rate.name.clone(),
            rate_vi(rate.monthly_rate()),
            rate_vi(rate.annual_rate),
            rate_vi(rate.overdue_annual_rate),
            dmy(rate.effective_from),
        ]));
    }
    doc.table(&rates);
    doc.skip(10.0);

    doc.paragraph(
        &format!(
            "II. DANH SÁCH HỘ VAY CÒN DƯ NỢ ({} hộ, dư nợ {} đồng)",
            notice.n_borrowers(),
            money(notice.outstanding())
        ),
        Style::bold(10.0),
        Align::Left,
    );
    doc.skip(2.0);
    let mut table = Table::new(
        vec![
            Column::new("STT", 2.5, r),
            Column::new("Họ và tên", 13.0, l),
            Column::new("Chương trình", 5.0, c),
            Column::new("Ngày vay", 5.5, c),
            Column::new("Số tiền vay", 7.0, r),
            Column::new("Dư nợ", 7.0, r),
            Column::new("Trong đó quá hạn", 7.0, r),
            Column::new("Ngày", 5.5, c),
            Column::new("Số tiền", 7.0, r),
            Column::new("Hạn trả cuối cùng", 5.5, c),
        ],
        8.0,
    );
    table.groups = vec![
        (1, String::new()),
        (1, String::new()),
        (1, String::new()),
        (1, String::new()),
        (1, String::new()),
        (1, String::new()),
        (1, String::new()),
        (2, "Kỳ trả nợ gốc tiếp theo".into()),
        (1, String::new()),
    ];
    let mut n = 0;
    for group in &notice.groups {
        table.rows.push(Row::Banner(format!(
            "{} — {} — {} — {}{}",
            group.code,
            group.name,
            group.village,
            group.association,
            group
                .leader
                .as_deref()
                .map(|l| format!(" — tổ trưởng: {l}"))
                .unwrap_or_default()
        )));
        for borrower in &group.borrowers {
            n += 1;
            for (idx, loan) in borrower.loans.iter().enumerate() {
                let program = if loan.frozen.is_positive() {
                    format!("{} (khoanh)", loan.program)
                } else {
                    loan.program.0.clone()
                };
                table.rows.push(Row::plain(vec![
                    if idx == 0 {
                        n.to_string()
                    } else {
                        String::new()
                    },
                    if idx == 0 {
                        borrower.name.clone()
                    } else {
                        String::new()
                    },
                    program,
                    dmy(loan.disbursed_on),
                    money(loan.amount),
                    money(loan.outstanding),
                    money_or_blank(loan.overdue),
                    loan.next_due.map(|d| dmy(d.due_on)).unwrap_or_default(),
                    loan.next_due.map(|d| money(d.unpaid)).unwrap_or_default(),
                    loan.final_due_on.map(dmy).unwrap_or_default(),
                ]));
            }
        }
        let overdue: Dong = group
            .borrowers
            .iter()
            .flat_map(|b| &b.loans)
            .map(|l| l.overdue)
            .sum();
        table.rows.push(Row::total(vec![
            String::new(),
            format!("Cộng {} ({} hộ)", group.code, group.borrowers.len()),
            String::new(),
            String::new(),
            String::new(),
            money(group.outstanding()),
            money_or_blank(overdue),
            String::new(),
            String::new(),
            String::new(),
        ]));
    }
    let overdue: Dong = notice
        .groups
        .iter()
        .flat_map(|g| &g.borrowers)
        .flat_map(|b| &b.loans)
        .map(|l| l.overdue)
        .sum();
    table.rows.push(Row::total(vec![
        String::new(),
        format!("Tổng cộng ({} hộ)", notice.n_borrowers()),
        String::new(),
        String::new(),
        String::new(),
        money(notice.outstanding()),
        money_or_blank(overdue),
        String::new(),
        String::new(),
        String::new(),
    ]));
    doc.table(&table);
    doc.skip(6.0);
    doc.paragraph(
        "Số tiền tính bằng đồng. Nợ quá hạn chịu lãi suất quá hạn từ ngày sau ngày đến hạn. \
         Mọi thắc mắc về số liệu, xin hỏi tổ trưởng Tổ TK&VV hoặc Tổ giao dịch tại phiên giao dịch.",
        Style::regular(8.0),
        Align::Left,
    );
    doc.skip(8.0);
    doc.signatures(&[
        Signer {
            role: "XÁC NHẬN CỦA UBND XÃ",
            name: None,
        },
        Signer {
            role: "TỔ TRƯỞNG TỔ GIAO DỊCH",
            name: None,
        },
    ]);
    doc.printed(letterhead)
}
