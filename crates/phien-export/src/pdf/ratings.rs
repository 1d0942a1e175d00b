//! The month's group ratings (xếp loại Tổ TK&VV) and the fees and
//! commissions (phí ủy thác, hoa hồng) on paper: what the district signs and
//! the associations and groups are paid by.

use phien_core::dates::dmy;
use phien_core::money::{decimal_vi, percent_vi};
use phien_core::report::Level;
use phien_core::report::fees::FeeReport;
use phien_core::report::rating::RatingReport;
use rust_decimal::Decimal;

use super::layout::{Align, Column, Document, REPORT_SIGNERS, Row, Style, Table};
use super::{Printed, money};
use crate::{ExportError, Letterhead};

/// Every group's score per criterion, its total and grade, and the count
/// of each grade.
pub fn ratings(letterhead: &Letterhead, report: &RatingReport) -> Result<Printed, ExportError> {
    let title = format!("Xếp loại tổ TK&VV tháng {}", report.month);
    let scheme = match report.scheme_from {
        Some(from) => format!("cách chấm áp dụng từ tháng {from}"),
        None => "cách chấm mặc định, chưa có văn bản chính thức".into(),
    };
    let mut doc = Document::report(
        letterhead,
        &title,
        &format!("XẾP LOẠI TỔ TK&VV THÁNG {}", report.month),
        &format!("Tính đến ngày {}; {scheme}", dmy(report.as_of)),
    )?;
    let (l, r, c) = (Align::Left, Align::Right, Align::Center);
    let mut columns = vec![
        Column::new("STT", 2.5, c),
        Column::new("Mã tổ", 4.5, l),
        Column::new("Tên tổ", 12.0, l),
        Column::new("Hội", 9.0, l),
    ];
    columns.extend(report.scheme.criteria.iter().map(|rule| {
        Column::new(
            &format!(
                "{} (tối đa {})",
                rule.criterion.label_vi(),
                decimal_vi(rule.weight)
            ),
            6.0,
            r,
        )
    }));
    columns.extend([
        Column::new("Tổng điểm", 5.0, r),
        Column::new("Xếp loại", 6.0, c),
    ]);
    let mut table = Table::new(columns, 7.5);
    for (i, g) in report.groups.iter().enumerate() {
        let mut cells = vec![
            (i + 1).to_string(),
            g.code.clone(),
            g.label.clone(),
            g.association.clone(),
        ];
        cells.extend(g.breakdown.iter().map(|s| decimal_vi(s.points)));
        cells.extend([decimal_vi(g.score), g.grade.label_vi().to_owned()]);
        table.rows.push(Row::plain(cells));
    }
    doc.table(&table);
    doc.skip(6.0);
    let n = &report.counts;
    doc.paragraph(
        &format!(
            "Cộng {} tổ: Tốt {} · Khá {} · Trung bình {} · Yếu {}.",
            report.groups.len(),
            n.tot,
            n.kha,
            n.trung_binh,
            n.yeu
        ),
        Style::bold(9.5),
        Align::Left,
    );
    doc.skip(8.0);
    doc.signatures(&REPORT_SIGNERS);
    doc.printed(letterhead)
}

/// The month's fees and commissions per association and group, with the
/// two totals.
pub fn fees(letterhead: &Letterhead, report: &FeeReport) -> Result<Printed, ExportError> {
    let title = format!("Phí ủy thác và hoa hồng tháng {}", report.month);
    let rate = |r: Decimal| decimal_vi(r * Decimal::ONE_HUNDRED);
    let mut doc = Document::report(
        letterhead,
        &title,
        &format!("PHÍ ỦY THÁC VÀ HOA HỒNG THÁNG {}", report.month),
        &format!(
            "Tính đến ngày {}; phí ủy thác {} %/tháng, hoa hồng {} %/tháng trên dư nợ có thu được lãi — đơn vị tính: đồng",
            dmy(report.as_of),
            rate(report.association_rate),
            rate(report.group_rate)
        ),
    )?;
    let (l, r) = (Align::Left, Align::Right);
    let mut table = Table::new(
        vec![
            Column::new("Đơn vị", 16.0, l),
            Column::new("Dư nợ đầu tháng", 8.0, r),
            Column::new("Lãi phải thu", 7.0, r),
            Column::new("Lãi thực thu", 7.0, r),
            Column::new("Tỷ lệ thu lãi", 5.0, r),
            Column::new("Dư nợ có thu được lãi", 8.0, r),
            Column::new("Tỷ lệ phí (%/tháng)", 5.0, r),
            Column::new("Phí ủy thác / hoa hồng", 7.5, r),
        ],
        7.5,
    );
    for row in &report.rows {
        let unit = match row.level {
            Level::Group => format!("{} {}", row.code, row.label),
            _ => row.label.clone(),
        };
        table.rows.push(Row::Cells {
            cells: vec![
                unit,
                money(row.outstanding),
                money(row.interest.due),
                money(row.interest.collected),
                row.interest
                    .rate_pct()
                    .map_or_else(|| "—".to_owned(), percent_vi),
                money(row.base),
                rate(row.monthly_rate),
                money(row.amount),
            ],
            bold: row.level < Level::Group,
            shaded: false,
            indent: u8::from(row.level == Level::Group),
            min_height: 0.0,
        });
    }
    for (label, amount) in [
        ("Tổng phí ủy thác", report.total_association_fee),
        ("Tổng hoa hồng", report.total_group_commission),
    ] {
        let mut cells = vec![String::new(); 8];
        cells[0] = label.to_owned();
        cells[7] = money(amount);
        table.rows.push(Row::Cells {
            cells,
            bold: true,
            shaded: true,
            indent: 0,
            min_height: 0.0,
        });
    }
    doc.table(&table);
    doc.skip(8.0);
    doc.signatures(&REPORT_SIGNERS);
    doc.printed(letterhead)
}
