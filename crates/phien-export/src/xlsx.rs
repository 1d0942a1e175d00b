//! Excel workbooks (.xlsx), as district staff use them: one sheet per report
//! or list, column names in Vietnamese, amounts as numbers in whole đồng
//! with a ₫ format, ratios as percentages, dates as real dates shown
//! dd/mm/yyyy, the header frozen and filterable, a title with the office,
//! the point and the report's date, and print settings for A4.
//!
//! Every figure is the core's: a sheet only lays the rows out. Numbers
//! become Excel's doubles only here, at the edge: amounts are exact up to
//! 2^53 đồng, and a percentage is divided by 100 as a decimal first.

use chrono::{Datelike, NaiveDate};
use phien_core::collection::list_totals;
use phien_core::dates::dmy;
use phien_core::money::{Dong, decimal_vi};
use phien_core::report::compare::Comparison;
use phien_core::report::fees::FeeReport;
use phien_core::report::rating::{MeasureUnit, RatingReport};
use phien_core::report::watchlist::{WatchKind, Watchlist};
use phien_core::report::{CreditReport, Level, ReportRow};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use unicode_normalization::UnicodeNormalization;

use crate::{CollectionSheet, ExportError, Letterhead};

/// The row of the column titles (0-based); the title block is above it.
const HEADER_ROW: u32 = 4;

/// A value of a cell, typed so it gets the right number format.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Money(Dong),
    Count(i64),
    /// A percentage as the core gives it (1,25 means 1,25 %); none: blank.
    Percent(Option<Decimal>),
    /// A fraction (0,00045), shown as a percentage with 3 decimals.
    Rate(Decimal),
    Date(Option<NaiveDate>),
    /// Points of a rating, 2 decimals.
    Points(Decimal),
    Blank,
}

/// Text, composed (NFC): a name typed with combining marks (Unikey's
/// "Unicode tổ hợp") is found by Excel's search and filter like one typed
/// precomposed.
fn text(value: impl Into<String>) -> Cell {
    let value: String = value.into();
    if value.is_ascii() {
        Cell::Text(value)
    } else {
        Cell::Text(value.nfc().collect())
    }
}

/// A row of a sheet.
struct Line {
    cells: Vec<Cell>,
    bold: bool,
    /// The column of the unit's name and how many steps it is indented
    /// (a tree's depth).
    indent: Option<(usize, u8)>,
}

impl Line {
    fn plain(cells: Vec<Cell>) -> Line {
        Line {
            cells,
            bold: false,
            indent: None,
        }
    }

    fn total(cells: Vec<Cell>) -> Line {
        Line {
            cells,
            bold: true,
            indent: None,
        }
    }
}

/// A column: its title and width (in Excel's character units).
struct Col {
    title: String,
    width: f64,
}

fn col(title: &str, width: f64) -> Col {
    Col {
        title: title.to_string(),
        width,
    }
}

/// One sheet: its tab name, title and note, columns, data rows (filtered)
/// and total rows (below the filter), and how many columns stay frozen.
struct Sheet {
    name: String,
    title: String,
    note: String,
    columns: Vec<Col>,
    lines: Vec<Line>,
    totals: Vec<Line>,
    frozen_columns: u16,
}

/// The formats a sheet uses, plain and bold.
struct Formats {
    office: Format,
    title: Format,
    note: Format,
    header: Format,
    text: [Format; 2],
    money: [Format; 2],
    count: [Format; 2],
    percent: [Format; 2],
    rate: [Format; 2],
    date: [Format; 2],
    points: [Format; 2],
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin);
        let both = |f: Format| [f.clone(), f.set_bold()];
        Formats {
            office: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_italic(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0x00DD_E4EE)),
            text: both(cell.clone()),
            money: both(cell.clone().set_num_format("#,##0 \"₫\"")),
            count: both(cell.clone().set_num_format("#,##0")),
            percent: both(cell.clone().set_num_format("0.00%")),
            rate: both(cell.clone().set_num_format("0.000%")),
            date: both(
                cell.clone()
                    .set_num_format("dd/mm/yyyy")
                    .set_align(FormatAlign::Center),
            ),
            points: both(cell.set_num_format("0.00")),
        }
    }
}

fn xlsx_error(e: XlsxError) -> ExportError {
    ExportError::Xlsx(e.to_string())
}

fn excel_date(day: NaiveDate) -> Result<ExcelDateTime, ExportError> {
    let part = |value: u32| u8::try_from(value).map_err(|_| ExportError::Xlsx(dmy(day)));
    ExcelDateTime::from_ymd(
        u16::try_from(day.year()).map_err(|_| ExportError::Xlsx(dmy(day)))?,
        part(day.month())?,
        part(day.day())?,
    )
    .map_err(xlsx_error)
}

/// A percentage of the core (1,25) as the fraction Excel formats (0.0125).
fn fraction(percent: Decimal) -> f64 {
    (percent / Decimal::ONE_HUNDRED)
        .to_f64()
        .unwrap_or_default()
}

/// A workbook of one or more sheets, built in the order they are added.
pub struct Spreadsheet {
    workbook: Workbook,
    letterhead: Letterhead,
    formats: Formats,
    names: Vec<String>,
}

impl Spreadsheet {
    /// An empty workbook for `letterhead`'s office and point, dated its
    /// printing day (also the file's creation date: the same reports give
    /// the same bytes).
    pub fn new(letterhead: &Letterhead) -> Result<Spreadsheet, ExportError> {
        let mut workbook = Workbook::new();
        let created = excel_date(letterhead.printed_on)?;
        workbook.set_properties(
            &DocProperties::new()
                .set_title(format!("{} — {}", letterhead.office, letterhead.point))
                .set_company("Ngân hàng Chính sách xã hội")
                .set_author("Phiên")
                .set_creation_datetime(&created),
        );
        Ok(Spreadsheet {
            workbook,
            letterhead: letterhead.clone(),
            formats: Formats::new(),
            names: Vec::new(),
        })
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        if self.names.is_empty() {
            return Err(ExportError::Xlsx("bảng tính không có trang nào".into()));
        }
        self.workbook.save_to_buffer().map_err(xlsx_error)
    }

    /// A tab name Excel accepts (≤ 31 characters, none of `[]:*?/\`),
    /// unique in the workbook.
    fn tab_name(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
            .take(31)
            .collect();
        let mut name = clean.clone();
        let mut n = 2;
        while self
            .names
            .iter()
            .any(|taken| taken.eq_ignore_ascii_case(&name))
        {
            let suffix = format!(" ({n})");
            name = clean
                .chars()
                .take(31 - suffix.chars().count())
                .chain(suffix.chars())
                .collect();
            n += 1;
        }
        self.names.push(name.clone());
        name
    }

    fn add(&mut self, sheet: Sheet) -> Result<(), ExportError> {
        let name = self.tab_name(&sheet.name);
        let mut ws = Worksheet::new();
        ws.set_name(&name).map_err(xlsx_error)?;
        self.write(&mut ws, &sheet).map_err(xlsx_error)?;
        self.workbook.push_worksheet(ws);
        Ok(())
    }

    fn write(&self, ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
        let f = &self.formats;
        let n_cols = u16::try_from(sheet.columns.len()).unwrap_or(u16::MAX);
        let last_col = n_cols.saturating_sub(1);
        ws.write_string_with_format(
            0,
            0,
            format!("{} — {}", self.letterhead.office, self.letterhead.point),
            &f.office,
        )?;
        ws.write_string_with_format(1, 0, &sheet.title, &f.title)?;
        let note = if sheet.note.is_empty() {
            format!("In ngày {}", dmy(self.letterhead.printed_on))
        } else {
            format!(
                "{} · In ngày {}",
                sheet.note,
                dmy(self.letterhead.printed_on)
            )
        };
        ws.write_string_with_format(2, 0, note, &f.note)?;
        for (idx, column) in sheet.columns.iter().enumerate() {
            let c = u16::try_from(idx).unwrap_or(u16::MAX);
            ws.write_string_with_format(HEADER_ROW, c, &column.title, &f.header)?;
            ws.set_column_width(c, column.width)?;
        }
        ws.set_row_height(HEADER_ROW, 32)?;
        let mut row = HEADER_ROW + 1;
        for line in &sheet.lines {
            self.write_line(ws, row, line)?;
            row += 1;
        }
        let last_data_row = row.saturating_sub(1).max(HEADER_ROW);
        for line in &sheet.totals {
            self.write_line(ws, row, line)?;
            row += 1;
        }
        ws.set_freeze_panes(HEADER_ROW + 1, sheet.frozen_columns)?;
        ws.autofilter(HEADER_ROW, 0, last_data_row, last_col)?;
        ws.set_paper_size(9);
        if sheet.columns.len() > 8 {
            ws.set_landscape();
        }
        ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
        ws.set_print_fit_to_pages(1, 0);
        ws.set_footer("&L&A&RTrang &P/&N");
        Ok(())
    }

    fn write_line(&self, ws: &mut Worksheet, row: u32, line: &Line) -> Result<(), XlsxError> {
        let f = &self.formats;
        let b = usize::from(line.bold);
        for (idx, cell) in line.cells.iter().enumerate() {
            let c = u16::try_from(idx).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(value) => match line.indent {
                    Some((column, steps)) if column == idx && steps > 0 => {
                        let indented = f.text[b].clone().set_indent(steps);
                        ws.write_string_with_format(row, c, value, &indented)?;
                    }
                    _ => {
                        ws.write_string_with_format(row, c, value, &f.text[b])?;
                    }
                },
                Cell::Money(value) => {
                    // i64 → f64 is exact for every amount below 2^53 đồng.
                    ws.write_number_with_format(row, c, value.get() as f64, &f.money[b])?;
                }
                Cell::Count(value) => {
                    ws.write_number_with_format(row, c, *value as f64, &f.count[b])?;
                }
                Cell::Percent(Some(value)) => {
                    ws.write_number_with_format(row, c, fraction(*value), &f.percent[b])?;
                }
                Cell::Rate(value) => {
                    ws.write_number_with_format(
                        row,
                        c,
                        value.to_f64().unwrap_or_default(),
                        &f.rate[b],
                    )?;
                }
                Cell::Date(Some(day)) => {
                    let date =
                        excel_date(*day).map_err(|_| XlsxError::DateTimeRangeError(dmy(*day)))?;
                    ws.write_datetime_with_format(row, c, &date, &f.date[b])?;
                }
                Cell::Points(value) => {
                    ws.write_number_with_format(
                        row,
                        c,
                        value.to_f64().unwrap_or_default(),
                        &f.points[b],
                    )?;
                }
                Cell::Percent(None) | Cell::Date(None) | Cell::Blank => {
                    ws.write_blank(row, c, &f.text[b])?;
                }
            }
        }
        Ok(())
    }

    /// The credit-quality report, one row per unit in tree order, names
    /// indented by level; every figure of the core in its own column.
    pub fn add_credit_report(&mut self, report: &CreditReport) -> Result<&mut Self, ExportError> {
        let top = report.rows.first().map_or(Level::Office, |r| r.level);
        let lines = report
            .rows
            .iter()
            .map(|row| credit_line(row, top))
            .collect();
        self.add(Sheet {
            name: "Chất lượng tín dụng".into(),
            title: format!("BÁO CÁO CHẤT LƯỢNG TÍN DỤNG NGÀY {}", dmy(report.as_of)),
            note: format!("Tỷ lệ thu lãi tháng {}", report.month),
            columns: vec![
                col("Cấp", 14.0),
                col("Mã", 11.0),
                col("Đơn vị", 34.0),
                col("Số hộ còn dư nợ", 9.0),
                col("Số món", 8.0),
                col("Dư nợ", 17.0),
                col("Trong hạn", 17.0),
                col("Quá hạn", 15.0),
                col("Tỷ lệ nợ quá hạn", 9.0),
                col("Nợ khoanh", 14.0),
                col("Tỷ lệ nợ khoanh", 9.0),
                col("Số món quá hạn", 9.0),
                col("Quá hạn 31/12 năm trước", 15.0),
                col("Quá hạn tăng (+) giảm (-) so với 01/01", 15.0),
                col("Quá hạn cuối tháng trước", 15.0),
                col("Quá hạn tăng (+) giảm (-) so với tháng trước", 15.0),
                col("Lãi tồn", 14.0),
                col("Số món có lãi tồn", 9.0),
                col("Món vay 3 tháng không hoạt động", 11.0),
                col("Dư nợ món vay 3 tháng không hoạt động", 15.0),
                col("Hộ đi khỏi địa phương còn dư nợ", 11.0),
                col("Dư nợ hộ đi khỏi địa phương", 15.0),
                col("Chưa tra cứu", 9.0),
                col("Đang chờ trả lời", 9.0),
                col("Đã có trả lời", 9.0),
                col("Lãi phải thu trong tháng", 15.0),
                col("Lãi thực thu trong tháng", 15.0),
                col("Tỷ lệ thu lãi", 9.0),
            ],
            lines,
            totals: Vec::new(),
            frozen_columns: 3,
        })?;
        Ok(self)
    }

    /// The month's group rating (points per criterion, score, grade) and,
    /// on a second sheet, the breakdown: what was measured for each
    /// criterion of each group and how it was scored.
    pub fn add_ratings(&mut self, report: &RatingReport) -> Result<&mut Self, ExportError> {
        let scheme = match report.scheme_from {
            Some(from) => format!("cách chấm áp dụng từ {from}"),
            None => "cách chấm mặc định, chưa có văn bản chính thức".into(),
        };
        let c = &report.counts;
        let note = format!(
            "Tính đến {}; {scheme}. Tốt {} · Khá {} · Trung bình {} · Yếu {}",
            dmy(report.as_of),
            c.tot,
            c.kha,
            c.trung_binh,
            c.yeu
        );
        let mut columns = vec![col("Mã tổ", 8.0), col("Tên tổ", 30.0), col("Hội", 22.0)];
        columns.extend(report.scheme.criteria.iter().map(|rule| {
            col(
                &format!(
                    "{} (tối đa {})",
                    rule.criterion.label_vi(),
                    decimal_vi(rule.weight)
                ),
                12.0,
            )
        }));
        columns.extend([col("Tổng điểm", 9.0), col("Xếp loại", 11.0)]);
        let lines = report
            .groups
            .iter()
            .map(|g| {
                let mut cells = vec![text(&g.code), text(&g.label), text(&g.association)];
                cells.extend(g.breakdown.iter().map(|s| Cell::Points(s.points)));
                cells.extend([Cell::Points(g.score), text(g.grade.label_vi())]);
                Line::plain(cells)
            })
            .collect();
        self.add(Sheet {
            name: "Xếp loại tổ".into(),
            title: format!("XẾP LOẠI TỔ TK&VV THÁNG {}", report.month),
            note: note.clone(),
            columns,
            lines,
            totals: Vec::new(),
            frozen_columns: 2,
        })?;

        let mut lines = Vec::new();
        for g in &report.groups {
            for s in &g.breakdown {
                let measure = |value: i64| match s.unit {
                    MeasureUnit::Dong => Cell::Money(Dong(value)),
                    MeasureUnit::Members => Cell::Count(value),
                };
                lines.push(Line::plain(vec![
                    text(&g.code),
                    text(&g.label),
                    text(&s.label),
                    measure(s.numerator),
                    measure(s.denominator),
                    text(match s.unit {
                        MeasureUnit::Dong => "đồng",
                        MeasureUnit::Members => "tổ viên",
                    }),
                    Cell::Percent(s.value_pct),
                    Cell::Points(s.points),
                    Cell::Points(s.rule.weight),
                    Cell::Percent(Some(s.rule.full_at)),
                    Cell::Percent(Some(s.rule.zero_at)),
                ]));
            }
        }
        self.add(Sheet {
            name: "Chi tiết chấm điểm".into(),
            title: format!("CHI TIẾT CHẤM ĐIỂM TỔ TK&VV THÁNG {}", report.month),
            note: format!("{note}. Giá trị trống: không phát sinh, được đủ điểm"),
            columns: vec![
                col("Mã tổ", 8.0),
                col("Tên tổ", 30.0),
                col("Tiêu chí", 26.0),
                col("Tử số", 15.0),
                col("Mẫu số", 15.0),
                col("Đơn vị", 9.0),
                col("Giá trị", 10.0),
                col("Điểm", 8.0),
                col("Điểm tối đa", 8.0),
                col("Đủ điểm ở", 10.0),
                col("0 điểm ở", 10.0),
            ],
            lines,
            totals: Vec::new(),
            frozen_columns: 3,
        })?;
        Ok(self)
    }

    /// A watchlist, largest or oldest first as it was sorted, with its total.
    pub fn add_watchlist(&mut self, list: &Watchlist) -> Result<&mut Self, ExportError> {
        let since = list.kind.since_label_vi();
        let mut columns = vec![
            col("Mã KH", 11.0),
            col("Họ và tên", 26.0),
            col("Tổ", 7.0),
            col("Tên tổ", 26.0),
            col("Số khế ước", 19.0),
        ];
        if list.kind == WatchKind::Due {
            columns.extend([col("Gốc phải thu", 15.0), col("Lãi phải thu", 13.0)]);
        }
        columns.extend([
            col("Số tiền", 15.0),
            col(since, 12.0),
            col("Số ngày", 8.0),
            col("Số tháng", 8.0),
        ]);
        if list.kind == WatchKind::MovedAway {
            columns.extend([
                col("Nơi đến", 18.0),
                col("Nguồn tin", 18.0),
                col("Tra cứu", 16.0),
                col("Lần tra cứu gần nhất", 40.0),
            ]);
        }
        let lines = list
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![
                    text(&r.customer_code),
                    text(&r.name),
                    text(&r.group_code),
                    text(&r.group_label),
                    text(r.account_no.clone().unwrap_or_default()),
                ];
                if list.kind == WatchKind::Due {
                    cells.extend([Cell::Money(r.principal), Cell::Money(r.interest)]);
                }
                cells.extend([
                    Cell::Money(r.amount),
                    Cell::Date(r.since),
                    Cell::Count(r.age_days),
                    Cell::Count(i64::from(r.age_months)),
                ]);
                if let Some(moved) = &r.moved_away {
                    let last = moved
                        .steps
                        .last()
                        .map_or_else(String::new, |s| s.summary_vi());
                    cells.extend([
                        text(
                            moved
                                .destination
                                .clone()
                                .unwrap_or_else(|| "chưa rõ".into()),
                        ),
                        text(&moved.source),
                        text(moved.tracing.label_vi()),
                        text(last),
                    ]);
                }
                Line::plain(cells)
            })
            .collect();
        let amount_col = if list.kind == WatchKind::Due { 7 } else { 5 };
        let mut total = vec![Cell::Blank; columns.len()];
        total[1] = text(format!("Cộng ({} dòng)", list.rows.len()));
        total[amount_col] = Cell::Money(list.total);
        let order = match list.sort {
            phien_core::report::watchlist::SortBy::Amount => "xếp theo số tiền",
            phien_core::report::watchlist::SortBy::Age => "xếp theo thời gian",
        };
        let tab = match list.kind {
            WatchKind::Due => "Phải thu phiên",
            WatchKind::Overdue => "Nợ quá hạn",
            WatchKind::Arrears => "Lãi tồn",
            WatchKind::Inactive => "3 tháng không hoạt động",
            WatchKind::MovedAway => "Đi khỏi địa phương",
        };
        self.add(Sheet {
            name: tab.into(),
            title: format!(
                "{} — NGÀY {}",
                list.kind.label_vi().to_uppercase(),
                dmy(list.as_of)
            ),
            note: order.into(),
            columns,
            lines,
            totals: vec![Line::total(total)],
            frozen_columns: 2,
        })?;
        Ok(self)
    }

    /// The month's entrustment fees and group commissions, with the totals.
    pub fn add_fees(&mut self, report: &FeeReport) -> Result<&mut Self, ExportError> {
        let lines = report
            .rows
            .iter()
            .map(|row| Line {
                cells: vec![
                    text(row.level.label_vi()),
                    text(&row.code),
                    text(&row.label),
                    Cell::Money(row.outstanding),
                    Cell::Money(row.interest.due),
                    Cell::Money(row.interest.collected),
                    Cell::Percent(row.interest.rate_pct()),
                    Cell::Money(row.base),
                    Cell::Rate(row.monthly_rate),
                    Cell::Money(row.amount),
                ],
                bold: row.level < Level::Group,
                indent: Some((2, u8::from(row.level == Level::Group))),
            })
            .collect();
        let total = |label: &str, amount: Dong| {
            let mut cells = vec![Cell::Blank; 10];
            cells[2] = text(label);
            cells[9] = Cell::Money(amount);
            Line::total(cells)
        };
        self.add(Sheet {
            name: "Phí ủy thác, hoa hồng".into(),
            title: format!("PHÍ ỦY THÁC VÀ HOA HỒNG THÁNG {}", report.month),
            note: format!(
                "Tính đến {}; phí ủy thác {} %/tháng, hoa hồng {} %/tháng trên dư nợ có thu được lãi",
                dmy(report.as_of),
                decimal_vi(report.association_rate * Decimal::ONE_HUNDRED),
                decimal_vi(report.group_rate * Decimal::ONE_HUNDRED)
            ),
            columns: vec![
                col("Cấp", 14.0),
                col("Mã", 8.0),
                col("Đơn vị", 32.0),
                col("Dư nợ đầu tháng", 17.0),
                col("Lãi phải thu", 15.0),
                col("Lãi thực thu", 15.0),
                col("Tỷ lệ thu lãi", 9.0),
                col("Dư nợ có thu được lãi", 17.0),
                col("Tỷ lệ phí (%/tháng)", 10.0),
                col("Phí ủy thác / hoa hồng", 15.0),
            ],
            lines,
            totals: vec![
                total("Tổng phí ủy thác", report.total_association_fee),
                total("Tổng hoa hồng", report.total_group_commission),
            ],
            frozen_columns: 3,
        })?;
        Ok(self)
    }

    /// The units of a level ranked by an indicator against their whole.
    pub fn add_comparison(&mut self, comparison: &Comparison) -> Result<&mut Self, ExportError> {
        let indicator = comparison.indicator;
        let value = |v: Option<Decimal>| match v {
            None => Cell::Blank,
            Some(v) if indicator.is_percent() => Cell::Percent(Some(v)),
            Some(v) => match indicator {
                phien_core::report::compare::Indicator::Inactive => {
                    Cell::Count(v.to_i64().unwrap_or_default())
                }
                _ => Cell::Money(Dong(v.to_i64().unwrap_or_default())),
            },
        };
        let lines = comparison
            .rows
            .iter()
            .map(|r| {
                Line::plain(vec![
                    r.rank.map_or(Cell::Blank, |n| Cell::Count(i64::from(n))),
                    text(&r.code),
                    text(&r.label),
                    value(r.value),
                    value(r.difference),
                    text(if r.worse_than_whole { "Kém hơn" } else { "" }),
                    Cell::Money(r.figures.outstanding),
                    Cell::Money(r.figures.overdue),
                    Cell::Percent(Some(r.figures.overdue_ratio_pct)),
                ])
            })
            .collect();
        let mut whole = vec![Cell::Blank; 9];
        whole[2] = text(&comparison.whole_label);
        whole[3] = value(comparison.whole_value);
        whole[6] = Cell::Money(comparison.whole.outstanding);
        whole[7] = Cell::Money(comparison.whole.overdue);
        whole[8] = Cell::Percent(Some(comparison.whole.overdue_ratio_pct));
        let mut spread = vec![Cell::Blank; 9];
        spread[2] = text("Chênh lệch tốt nhất – kém nhất");
        spread[3] = value(comparison.spread);
        self.add(Sheet {
            name: "So sánh".into(),
            title: format!(
                "SO SÁNH {} THEO «{}» — NGÀY {}",
                comparison.level.label_vi().to_uppercase(),
                indicator.label_vi(),
                dmy(comparison.as_of)
            ),
            note: format!(
                "Xếp hạng tốt nhất trước; {}",
                if indicator.higher_is_better() {
                    "cao hơn là tốt hơn"
                } else {
                    "thấp hơn là tốt hơn"
                }
            ),
            columns: vec![
                col("Hạng", 7.0),
                col("Mã", 10.0),
                col("Tên", 32.0),
                col(indicator.label_vi(), 16.0),
                col("So với chung", 15.0),
                col("", 10.0),
                col("Dư nợ", 17.0),
                col("Quá hạn", 15.0),
                col("Tỷ lệ nợ quá hạn", 9.0),
            ],
            lines,
            totals: vec![Line::total(whole), Line::total(spread)],
            frozen_columns: 3,
        })?;
        Ok(self)
    }

    /// A group's collection list (mẫu 13/TD) with what the bank computed and
    /// empty columns for what is collected.
    pub fn add_collection_list(
        &mut self,
        sheet: &CollectionSheet<'_>,
    ) -> Result<&mut Self, ExportError> {
        let lines = sheet
            .members
            .iter()
            .enumerate()
            .map(|(idx, m)| {
                let mut cells = vec![
                    Cell::Count(i64::try_from(idx + 1).unwrap_or(i64::MAX)),
                    text(&m.customer_code),
                    text(&m.full_name),
                    text(
                        m.loans
                            .iter()
                            .map(|l| l.account_no.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ];
                cells.extend(m.list_figures().map(Cell::Money));
                cells.extend(std::iter::repeat_n(Cell::Blank, 6));
                Line::plain(cells)
            })
            .collect();
        let mut total = vec![
            Cell::Blank,
            Cell::Blank,
            text(format!("Cộng ({} tổ viên)", sheet.members.len())),
            Cell::Blank,
        ];
        total.extend(list_totals(sheet.members).map(Cell::Money));
        total.extend(std::iter::repeat_n(Cell::Blank, 6));
        self.add(Sheet {
            name: format!("13-TD {}", sheet.group_code),
            title: format!(
                "DANH SÁCH THU LÃI, THU TIỀN GỬI TIẾT KIỆM (MẪU 13/TD) — PHIÊN NGÀY {}",
                dmy(sheet.session_day)
            ),
            note: format!(
                "{} ({}) — {} — {} — tổ trưởng: {}",
                sheet.group_name,
                sheet.group_code,
                sheet.village,
                sheet.association,
                sheet.leader.unwrap_or("")
            ),
            columns: vec![
                col("STT", 6.0),
                col("Mã KH", 11.0),
                col("Họ và tên", 26.0),
                col("Số khế ước", 19.0),
                col("Dư nợ", 15.0),
                col("Lãi phải thu", 13.0),
                col("Trong đó lãi tồn", 13.0),
                col("Gốc đến hạn", 14.0),
                col("Số dư tiền gửi", 13.0),
                col("Thu lãi", 13.0),
                col("Thu nợ gốc", 13.0),
                col("Gửi tiết kiệm", 13.0),
                col("Rút tiết kiệm", 13.0),
                col("Trả lãi từ tiết kiệm", 13.0),
                col("Số biên lai", 12.0),
            ],
            lines,
            totals: vec![Line::total(total)],
            frozen_columns: 3,
        })?;
        Ok(self)
    }
}

fn credit_line(row: &ReportRow, top: Level) -> Line {
    let f = &row.figures;
    let count = |n: u32| Cell::Count(i64::from(n));
    Line {
        cells: vec![
            text(row.level.label_vi()),
            text(&row.code),
            text(&row.label),
            count(f.n_borrowers),
            count(f.n_loans),
            Cell::Money(f.outstanding),
            Cell::Money(f.current),
            Cell::Money(f.overdue),
            Cell::Percent(Some(f.overdue_ratio_pct)),
            Cell::Money(f.frozen),
            Cell::Percent(Some(f.frozen_ratio_pct)),
            count(f.n_overdue_loans),
            Cell::Money(f.overdue_at_year_start),
            Cell::Money(f.overdue_change_since_jan1),
            Cell::Money(f.overdue_at_last_month_end),
            Cell::Money(f.overdue_change_since_last_month),
            Cell::Money(f.interest_arrears),
            count(f.n_arrears_loans),
            count(f.n_inactive),
            Cell::Money(f.inactive_outstanding),
            count(f.n_moved_away_with_debt),
            Cell::Money(f.moved_away_outstanding),
            count(f.n_moved_away_not_traced),
            count(f.n_moved_away_awaiting_answer),
            count(f.n_moved_away_answered),
            Cell::Money(f.interest_month.due),
            Cell::Money(f.interest_month.collected),
            Cell::Percent(f.interest_collection_rate_pct),
        ],
        bold: row.level < Level::Group,
        // The level column says the level; the name is indented under its parent.
        indent: Some((2, (row.level as u8).saturating_sub(top as u8))),
    }
}

/// The credit-quality report alone.
pub fn credit_report(
    letterhead: &Letterhead,
    report: &CreditReport,
) -> Result<Vec<u8>, ExportError> {
    let mut book = Spreadsheet::new(letterhead)?;
    book.add_credit_report(report)?;
    book.finish()
}

/// The group rating and its breakdown.
pub fn ratings(letterhead: &Letterhead, report: &RatingReport) -> Result<Vec<u8>, ExportError> {
    let mut book = Spreadsheet::new(letterhead)?;
    book.add_ratings(report)?;
    book.finish()
}

/// One watchlist.
pub fn watchlist(letterhead: &Letterhead, list: &Watchlist) -> Result<Vec<u8>, ExportError> {
    let mut book = Spreadsheet::new(letterhead)?;
    book.add_watchlist(list)?;
    book.finish()
}

/// The fees and commissions of a month.
pub fn fees(letterhead: &Letterhead, report: &FeeReport) -> Result<Vec<u8>, ExportError> {
    let mut book = Spreadsheet::new(letterhead)?;
    book.add_fees(report)?;
    book.finish()
}

/// A comparison of units.
pub fn comparison(
    letterhead: &Letterhead,
    comparison: &Comparison,
) -> Result<Vec<u8>, ExportError> {
    let mut book = Spreadsheet::new(letterhead)?;
    book.add_comparison(comparison)?;
    book.finish()
}

/// A group's collection list (13/TD).
pub fn collection_list(
    letterhead: &Letterhead,
    sheet: &CollectionSheet<'_>,
) -> Result<Vec<u8>, ExportError> {
    let mut book = Spreadsheet::new(letterhead)?;
    book.add_collection_list(sheet)?;
    book.finish()
}
