//! A watchlist on paper (danh sách theo dõi): the loans or borrowers a loan
//! officer works from on the transaction day, in the list's order, with
//! their total — to carry to the session and mark by hand.

use phien_core::dates::dmy;
use phien_core::report::watchlist::{SortBy, WatchKind, Watchlist};

use super::layout::{Align, Column, Document, REPORT_SIGNERS, Row, Table};
use super::{Printed, money};
use crate::{ExportError, Letterhead};

/// The list as a landscape table, numbered, with its total and signatures.
pub fn watchlist(letterhead: &Letterhead, list: &Watchlist) -> Result<Printed, ExportError> {
    let title = format!("{} ngày {}", list.kind.label_vi(), dmy(list.as_of));
    let mut doc = Document::report(
        letterhead,
        &title,
        &list.kind.label_vi().to_uppercase(),
        &format!(
            "Ngày {} — {} — đơn vị tính: đồng",
            dmy(list.as_of),
            match list.sort {
                SortBy::Amount => "xếp theo số tiền, lớn trước",
                SortBy::Age => "xếp theo thời gian, lâu nhất trước",
            }
        ),
    )?;

    let (l, r, c) = (Align::Left, Align::Right, Align::Center);
    let due = list.kind == WatchKind::Due;
    let moved = list.kind == WatchKind::MovedAway;
    let mut columns = vec![
        Column::new("STT", 2.5, c),
        Column::new("Mã KH", 6.0, l),
        Column::new("Họ và tên", 13.0, l),
        Column::new("Tổ", 10.0, l),
    ];
    if !moved {
        columns.push(Column::new("Số khế ước", 10.0, l));
    }
    if due {
        columns.push(Column::new("Gốc phải thu", 7.5, r));
        columns.push(Column::new("Lãi phải thu", 7.0, r));
    }
    let amount_at = columns.len();
    columns.extend([
        Column::new(if moved { "Dư nợ" } else { "Số tiền" }, 7.5, r),
        Column::new(list.kind.since_label_vi(), 6.5, c),
        Column::new("Số ngày", 4.0, r),
        Column::new("Số tháng", 4.0, r),
    ]);
    if moved {
        columns.extend([
            Column::new("Nơi đến", 9.0, l),
            Column::new("Tra cứu", 7.0, l),
            Column::new("Lần tra cứu gần nhất", 15.0, l),
        ]);
    }
    let mut table = Table::new(columns, 7.5);
    for (i, row) in list.rows.iter().enumerate() {
        let mut cells = vec![
            (i + 1).to_string(),
            row.customer_code.clone(),
            row.name.clone(),
            format!("{} {}", row.group_code, row.group_label),
        ];
        if !moved {
            cells.push(row.account_no.clone().unwrap_or_default());
        }
        if due {
            cells.push(money(row.principal));
            cells.push(money(row.interest));
        }
        cells.extend([
            money(row.amount),
            row.since.map(dmy).unwrap_or_default(),
            row.age_days.to_string(),
            row.age_months.to_string(),
        ]);
        if let Some(m) = &row.moved_away {
            cells.extend([
                m.destination.clone().unwrap_or_else(|| "chưa rõ".into()),
                m.tracing.label_vi().to_owned(),
                m.steps.last().map_or_else(String::new, |s| s.summary_vi()),
            ]);
        }
        table.rows.push(Row::plain(cells));
    }
    let width = table.columns.len();
    let mut total = vec![String::new(); width];
    total[2] = format!("Cộng ({} dòng)", list.rows.len());
    total[amount_at] = money(list.total);
    table.rows.push(Row::Cells {
        cells: total,
        bold: true,
        shaded: true,
        indent: 0,
        min_height: 0.0,
    });
    doc.table(&table);
    doc.skip(8.0);
    doc.signatures(&REPORT_SIGNERS[..2]);
    doc.printed(letterhead)
}
