//! The credit-quality report (báo cáo chất lượng tín dụng) on paper: every
//! unit the report holds, in tree order, indented by level.

use phien_core::dates::dmy;
use phien_core::money::percent_vi;
use phien_core::report::{CreditReport, Level, ReportRow};

use super::layout::{Align, Column, Document, REPORT_SIGNERS, Row, Style, Table};
use super::{Printed, money};
use crate::{ExportError, Letterhead};

/// A unit's name as the report lists it: groups and borrowers with their code.
pub(crate) fn unit_name(row: &ReportRow) -> String {
    match row.level {
        Level::Group | Level::Borrower => format!("{} {}", row.code, row.label),
        _ => row.label.clone(),
    }
}

/// A signed change: `+1.000.000`, `-500.000`, `0`.
pub(crate) fn signed(amount: phien_core::Dong) -> String {
    if amount.is_positive() {
        format!("+{}", money(amount))
    } else {
        money(amount)
    }
}

/// The report as a landscape table, with the tracing of moved-away
/// borrowers under it and the signatures.
pub fn quality_report(
    letterhead: &Letterhead,
    report: &CreditReport,
) -> Result<Printed, ExportError> {
    let title = format!("Báo cáo chất lượng tín dụng ngày {}", dmy(report.as_of));
    let mut doc = Document::report(
        letterhead,
        &title,
        "BÁO CÁO CHẤT LƯỢNG TÍN DỤNG",
        &format!(
            "Ngày {} — tỷ lệ thu lãi tháng {} — đơn vị tính: đồng",
            dmy(report.as_of),
            report.month
        ),
    )?;

    let (l, r) = (Align::Left, Align::Right);
    let mut table = Table::new(
        vec![
            Column::new("Đơn vị", 15.0, l),
            Column::new("Số hộ", 4.0, r),
            Column::new("Tổng", 8.5, r),
            Column::new("Trong hạn", 8.5, r),
            Column::new("Quá hạn", 7.5, r),
            Column::new("Tỷ lệ", 5.0, r),
            Column::new("Nợ khoanh", 7.0, r),
            Column::new("So với 01/01", 7.5, r),
            Column::new("So với tháng trước", 7.5, r),
            Column::new("Lãi tồn", 7.0, r),
            Column::new("Món", 3.5, r),
            Column::new("Dư nợ", 7.0, r),
            Column::new("Hộ", 3.5, r),
            Column::new("Dư nợ", 7.0, r),
            Column::new("Tỷ lệ thu lãi", 5.5, r),
        ],
        7.0,
    );
    table.groups = vec![
        (1, String::new()),
        (1, String::new()),
        (4, "Dư nợ".into()),
        (1, String::new()),
        (2, "Nợ quá hạn tăng (+), giảm (-)".into()),
        (1, String::new()),
        (2, "Món vay 3 tháng không hoạt động".into()),
        (2, "Hộ đi khỏi địa phương còn dư nợ".into()),
        (1, String::new()),
    ];
    let top = report.rows.first().map_or(Level::Office, |r| r.level);
    for row in &report.rows {
        let f = &row.figures;
        table.rows.push(Row::Cells {
            cells: vec![
                unit_name(row),
                f.n_borrowers.to_string(),
                money(f.outstanding),
                money(f.current),
                money(f.overdue),
                percent_vi(f.overdue_ratio_pct),
                money(f.frozen),
                signed(f.overdue_change_since_jan1),
                signed(f.overdue_change_since_last_month),
                money(f.interest_arrears),
                f.n_inactive.to_string(),
                money(f.inactive_outstanding),
                f.n_moved_away_with_debt.to_string(),
                money(f.moved_away_outstanding),
                f.interest_collection_rate_pct
                    .map_or_else(|| "—".to_string(), percent_vi),
            ],
            bold: row.level < Level::Group,
            shaded: row.level == top && row.level < Level::Group,
            indent: (row.level as u8).saturating_sub(top as u8),
            min_height: 0.0,
        });
    }
    doc.table(&table);
    doc.skip(6.0);
    if let Some(whole) = report.rows.first()
        && whole.figures.n_moved_away_with_debt > 0
    {
        let f = &whole.figures;
        doc.paragraph(
            &format!(
                "Hộ đi khỏi địa phương còn dư nợ ({}): {} hộ, {} đồng — chưa tra cứu {}, đang chờ trả lời {}, đã có trả lời {}.",
                unit_name(whole),
                f.n_moved_away_with_debt,
                money(f.moved_away_outstanding),
                f.n_moved_away_not_traced,
                f.n_moved_away_awaiting_answer,
                f.n_moved_away_answered
            ),
            Style::regular(8.5),
            Align::Left,
        );
    }
    doc.paragraph(
        "Tỷ lệ thu lãi = lãi thực thu trong tháng ÷ lãi phải thu trong tháng (đến ngày thu lãi của tháng). \
         Món vay 3 tháng không hoạt động: không trả lãi, gốc trong 3 tháng.",
        Style::regular(7.5),
        Align::Left,
    );
    doc.skip(8.0);
    doc.signatures(&REPORT_SIGNERS);
    doc.printed(letterhead)
}
