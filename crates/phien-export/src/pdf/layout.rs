//! A4 pages, text, rules and tables that break across pages with their
//! header repeated; every page gets the document's footer (title, printing
//! date, `Trang i/n`) when the document is finished.
//!
//! Positions are measured from the top-left corner of the page, in points
//! (1/72 inch), and turned into PDF's bottom-left coordinates only when
//! drawn.
// Layout is arithmetic on f32 points, as PDF wants; amounts of money reach
// this module as text already formatted from whole đồng.
#![allow(clippy::float_arithmetic)]

use pdf_writer::{Content, Date, Filter, Finish, Pdf, Rect, Ref, Str, TextStr};

use super::font::{Font, Weight};
use crate::{ExportError, Letterhead};

/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;
/// A4, portrait: 210 × 297 mm.
const A4: (f32, f32) = (210.0 * MM, 297.0 * MM);
/// Side margins: 15 mm, inside what any office printer can print.
const SIDE: f32 = 15.0 * MM;
/// Top margin.
const TOP: f32 = 14.0 * MM;
/// Bottom margin, the footer inside it.
const BOTTOM: f32 = 16.0 * MM;
/// Space between a cell's border and its text.
const PAD: f32 = 2.5;

/// Which way the page is turned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orientation {
    /// 210 × 297 mm.
    Portrait,
    /// 297 × 210 mm, for wide tables.
    Landscape,
}

/// Where text sits in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A weight and a size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub(crate) weight: Weight,
    pub(crate) size: f32,
}

impl Style {
    pub(crate) const fn regular(size: f32) -> Style {
        Style {
            weight: Weight::Regular,
            size,
        }
    }

    pub(crate) const fn bold(size: f32) -> Style {
        Style {
            weight: Weight::Bold,
            size,
        }
    }

    /// The height of one line of this style.
    pub(crate) fn line_height(self) -> f32 {
        self.size * 1.25
    }

    /// From the top of a line to its baseline: room above for the stacked
    /// marks of capitals (Ấ, Ễ), below for descenders.
    fn baseline(self) -> f32 {
        self.size * 0.93
    }
}

/// A column of a table: its title, its share of the table's width, how its
/// cells align.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) title: String,
    pub(crate) weight: f32,
    pub(crate) align: Align,
}

impl Column {
    pub(crate) fn new(title: &str, weight: f32, align: Align) -> Column {
        Column {
            title: title.to_string(),
            weight,
            align,
        }
    }
}

/// A line of a table.
#[derive(Debug, Clone)]
pub(crate) enum Row {
    /// One cell per column.
    Cells {
        cells: Vec<String>,
        bold: bool,
        /// Light grey background (totals).
        shaded: bool,
        /// Steps the first cell is indented (a tree's depth).
        indent: u8,
        /// At least this tall (room to write by hand).
        min_height: f32,
    },
    /// One cell across the table (a group's heading).
    Banner(String),
}

impl Row {
    pub(crate) fn plain(cells: Vec<String>) -> Row {
        Row::Cells {
            cells,
            bold: false,
            shaded: false,
            indent: 0,
            min_height: 0.0,
        }
    }

    pub(crate) fn total(cells: Vec<String>) -> Row {
        Row::Cells {
            cells,
            bold: true,
            shaded: true,
            indent: 0,
            min_height: 0.0,
        }
    }
}

/// A table: columns (optionally under group headings spanning several of
/// them), rows, and the text size.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) columns: Vec<Column>,
    /// Group headings over the columns, left to right: how many columns
    /// each spans and its title (empty: the columns have none).
    pub(crate) groups: Vec<(usize, String)>,
    pub(crate) rows: Vec<Row>,
    pub(crate) size: f32,
}

impl Table {
    pub(crate) fn new(columns: Vec<Column>, size: f32) -> Table {
        Table {
            columns,
            groups: Vec::new(),
            rows: Vec::new(),
            size,
        }
    }
}

/// A signature block: the role, a hint, and the name printed under the
/// space left to sign, if known.
pub(crate) struct Signer<'a> {
    pub(crate) role: &'a str,
    pub(crate) name: Option<&'a str>,
}

/// Who signs a report the district office issues: the one who made it,
/// the controller, the director (a working list: the first two).
pub(crate) const REPORT_SIGNERS: [Signer<'static>; 3] = [
    Signer {
        role: "NGƯỜI LẬP BIỂU",
        name: None,
    },
    Signer {
        role: "KIỂM SOÁT",
        name: None,
    },
    Signer {
        role: "GIÁM ĐỐC",
        name: None,
    },
];

/// A paged document being laid out.
pub(crate) struct Document {
    regular: Font,
    bold: Font,
    pages: Vec<Content>,
    width: f32,
    height: f32,
    /// Distance of the cursor from the top of the page.
    y: f32,
    title: String,
    /// A line at the top of every page after the first.
    running_head: String,
}

impl Document {
    /// A document with one empty page.
    pub(crate) fn new(orientation: Orientation, title: &str) -> Result<Document, ExportError> {
        let (width, height) = match orientation {
            Orientation::Portrait => A4,
            Orientation::Landscape => (A4.1, A4.0),
        };
        Ok(Document {
            regular: Font::new(Weight::Regular)?,
            bold: Font::new(Weight::Bold)?,
            pages: vec![Content::new()],
            width,
            height,
            y: TOP,
            title: title.to_string(),
            running_head: title.to_string(),
        })
    }

    /// The line printed at the top of pages after the first.
    pub(crate) fn set_running_head(&mut self, text: &str) {
        self.running_head = text.to_string();
    }

    fn font(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The width of `text` in `style`.
    pub(crate) fn width_of(&self, text: &str, style: Style) -> f32 {
        self.font(style.weight).width(text, style.size)
    }

    /// The left margin.
    pub(crate) fn left(&self) -> f32 {
        SIDE
    }

    /// The width between the margins.
    pub(crate) fn content_width(&self) -> f32 {
        self.width - 2.0 * SIDE
    }

    /// The cursor: distance from the top of the page.
    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    /// The lowest the content may reach.
    fn limit(&self) -> f32 {
        self.height - BOTTOM
    }

    /// Moves the cursor down.
    pub(crate) fn skip(&mut self, dy: f32) {
        self.y += dy;
    }

    /// Moves the cursor to `y` from the top of the page.
    pub(crate) fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    /// The height between the top and bottom margins.
    pub(crate) fn page_body_height(&self) -> f32 {
        self.limit() - TOP
    }

    /// Starts a page; the cursor goes below its running head (if any).
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.y = TOP;
        if !self.running_head.is_empty() {
            let head = self.running_head.clone();
            let style = Style::regular(7.5);
            self.text(self.left(), self.y, &head, style);
            self.y += style.line_height() + 4.0;
        }
    }

    /// Starts a page unless `height` still fits above the bottom margin;
    /// whether it did.
    pub(crate) fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > self.limit() {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Draws one line of text whose line box starts at `top`.
    pub(crate) fn text(&mut self, x: f32, top: f32, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        let bytes = match style.weight {
            Weight::Regular => self.regular.encode(text),
            Weight::Bold => self.bold.encode(text),
        };
        let baseline = self.height - (top + style.baseline());
        let page = self.page();
        page.begin_text();
        page.set_font(style.weight.resource(), style.size);
        page.next_line(x, baseline);
        page.show(Str(&bytes));
        page.end_text();
    }

    /// Draws one line of text aligned in a box `width` wide.
    pub(crate) fn text_in(
        &mut self,
        x: f32,
        width: f32,
        top: f32,
        text: &str,
        style: Style,
        align: Align,
    ) {
        let free = width - self.width_of(text, style);
        let x = match align {
            Align::Left => x,
            Align::Center => x + free / 2.0,
            Align::Right => x + free,
        };
        self.text(x, top, text, style);
    }

    /// A straight line (top-based coordinates).
    pub(crate) fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let height = self.height;
        let page = self.page();
        page.set_line_width(width);
        page.move_to(x1, height - y1);
        page.line_to(x2, height - y2);
        page.stroke();
    }

    /// A dashed line, for cutting.
    pub(crate) fn dashed_rule(&mut self, x1: f32, y: f32, x2: f32) {
        let height = self.height;
        let page = self.page();
        page.save_state();
        page.set_dash_pattern([4.0, 3.0], 0.0);
        page.set_line_width(0.5);
        page.move_to(x1, height - y);
        page.line_to(x2, height - y);
        page.stroke();
        page.restore_state();
    }

    /// A rectangle, optionally filled with a grey (0 black … 1 white) and
    /// optionally outlined.
    pub(crate) fn rect(
        &mut self,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: bool,
    ) {
        let height = self.height;
        let page = self.page();
        if let Some(gray) = fill {
            page.save_state();
            page.set_fill_gray(gray);
            page.rect(x, height - top - h, w, h);
            page.fill_nonzero();
            page.restore_state();
        }
        if stroke {
            page.set_line_width(0.5);
            page.rect(x, height - top - h, w, h);
            page.stroke();
        }
    }

    /// `text` broken into lines no wider than `width`: at spaces, and inside
    /// a word only when the word alone is too wide. Hard line breaks are kept.
    pub(crate) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width_of(&candidate, style) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // The word alone: cut it where it overflows.
                for c in word.chars() {
                    let mut longer = line.clone();
                    longer.push(c);
                    if !line.is_empty() && self.width_of(&longer, style) > width {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = longer;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A paragraph across the page from the cursor, broken into lines and
    /// across pages; the cursor goes below it.
    pub(crate) fn paragraph(&mut self, text: &str, style: Style, align: Align) {
        self.paragraph_at(self.left(), self.content_width(), text, style, align);
    }

    /// A paragraph in a column `width` wide at `x`.
    pub(crate) fn paragraph_at(
        &mut self,
        x: f32,
        width: f32,
        text: &str,
        style: Style,
        align: Align,
    ) {
        for line in self.wrap(text, style, width) {
            self.ensure(style.line_height());
            let top = self.y;
            self.text_in(x, width, top, &line, style, align);
            self.y += style.line_height();
        }
    }

    /// The bank's heading on the left and the state motto on the right, as
    /// Vietnamese official papers open.
    pub(crate) fn official_heading(&mut self, letterhead: &Letterhead, form: Option<&str>) {
        let half = self.content_width() / 2.0;
        let (x, top) = (self.left(), self.y);
        let small = Style::regular(8.5);
        let small_bold = Style::bold(8.5);
        let left = [
            ("NGÂN HÀNG CHÍNH SÁCH XÃ HỘI", small),
            (letterhead.office.as_str(), small),
            (letterhead.point.as_str(), small_bold),
        ];
        let mut y = top;
        for (text, style) in left {
            for line in self.wrap(text, style, half - 10.0) {
                self.text_in(x, half, y, &line, style, Align::Center);
                y += style.line_height();
            }
        }
        let mut y_right = top;
        if let Some(form) = form {
            self.text_in(
                x + half,
                half,
                y_right,
                form,
                Style::bold(8.5),
                Align::Right,
            );
            y_right += small.line_height();
        }
        for text in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ] {
            self.text_in(x + half, half, y_right, text, small_bold, Align::Center);
            y_right += small_bold.line_height();
        }
        let motto = self.width_of("Độc lập - Tự do - Hạnh phúc", small_bold);
        let centre = x + half + half / 2.0;
        self.rule(
            centre - motto / 2.0,
            y_right,
            centre + motto / 2.0,
            y_right,
            0.5,
        );
        self.y = y.max(y_right) + 8.0;
    }

    /// A title centred across the page.
    pub(crate) fn title(&mut self, text: &str, size: f32) {
        self.paragraph(text, Style::bold(size), Align::Center);
    }

    /// Draws a table from the cursor, breaking it across pages with its
    /// header repeated on each; the cursor goes below it.
    pub(crate) fn table(&mut self, table: &Table) {
        let total_weight: f32 = table.columns.iter().map(|c| c.weight).sum();
        let scale = self.content_width() / total_weight.max(f32::EPSILON);
        let widths: Vec<f32> = table.columns.iter().map(|c| c.weight * scale).collect();
        let body = Style::regular(table.size);
        let header_height = self.header_height(table, &widths);
        let first = table
            .rows
            .first()
            .map_or(0.0, |row| self.row_height(row, &widths, body));
        self.ensure(header_height + first);
        self.draw_header(table, &widths);
        for row in &table.rows {
            let height = self.row_height(row, &widths, body);
            if self.ensure(height) {
                self.draw_header(table, &widths);
            }
            self.draw_row(table, row, &widths, height);
        }
    }

    fn cell_lines(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        self.wrap(text, style, (width - 2.0 * PAD).max(1.0))
    }

    fn row_height(&self, row: &Row, widths: &[f32], body: Style) -> f32 {
        match row {
            Row::Cells {
                cells,
                bold,
                min_height,
                indent,
                ..
            } => {
                let style = if *bold { Style::bold(body.size) } else { body };
                let lines = cells
                    .iter()
                    .zip(widths)
                    .enumerate()
                    .map(|(idx, (cell, width))| {
                        let indent = if idx == 0 { indent_width(*indent) } else { 0.0 };
                        self.cell_lines(cell, style, width - indent).len()
                    })
                    .max()
                    .unwrap_or(1);
                (lines as f32 * style.line_height() + 2.0 * PAD).max(*min_height)
            }
            Row::Banner(text) => {
                let style = Style::bold(body.size);
                let width: f32 = widths.iter().sum();
                self.cell_lines(text, style, width).len() as f32 * style.line_height() + 2.0 * PAD
            }
        }
    }

    /// The header's two bands: the group headings, and the column titles.
    fn header_bands(&self, table: &Table, widths: &[f32]) -> (f32, f32) {
        let style = Style::bold(table.size);
        let lines_of = |text: &str, width: f32| self.cell_lines(text, style, width).len() as f32;
        let mut group_lines = 0.0f32;
        let mut title_lines = 1.0f32;
        let mut column = 0;
        for (span, title) in self.groups_or_single(table) {
            let span_widths = &widths[column..(column + span).min(widths.len())];
            if title.is_empty() {
                for (idx, width) in span_widths.iter().enumerate() {
                    title_lines =
                        title_lines.max(lines_of(&table.columns[column + idx].title, *width));
                }
            } else {
                group_lines = group_lines.max(lines_of(&title, span_widths.iter().sum()));
                for (idx, width) in span_widths.iter().enumerate() {
                    title_lines =
                        title_lines.max(lines_of(&table.columns[column + idx].title, *width));
                }
            }
            column += span;
        }
        let band = |lines: f32| {
            if lines == 0.0 {
                0.0
            } else {
                lines * style.line_height() + 2.0 * PAD
            }
        };
        (band(group_lines), band(title_lines))
    }

    fn header_height(&self, table: &Table, widths: &[f32]) -> f32 {
        let (groups, titles) = self.header_bands(table, widths);
        groups + titles
    }

    /// The table's groups, or one ungrouped span per column.
    fn groups_or_single(&self, table: &Table) -> Vec<(usize, String)> {
        if table.groups.is_empty() {
            vec![(1, String::new()); table.columns.len()]
        } else {
            table.groups.clone()
        }
    }

    fn draw_header(&mut self, table: &Table, widths: &[f32]) {
        let style = Style::bold(table.size);
        let (group_band, title_band) = self.header_bands(table, widths);
        let top = self.y;
        let mut x = self.left();
        let mut column = 0;
        for (span, title) in self.groups_or_single(table) {
            let span_widths: Vec<f32> = widths[column..(column + span).min(widths.len())].to_vec();
            if title.is_empty() {
                // Each column's title fills both bands.
                for (idx, width) in span_widths.iter().enumerate() {
                    let text = table.columns[column + idx].title.clone();
                    self.header_cell(x, top, *width, group_band + title_band, &text, style);
                    x += width;
                }
            } else {
                let span_width: f32 = span_widths.iter().sum();
                self.header_cell(x, top, span_width, group_band, &title, style);
                for (idx, width) in span_widths.iter().enumerate() {
                    let text = table.columns[column + idx].title.clone();
                    self.header_cell(x, top + group_band, *width, title_band, &text, style);
                    x += width;
                }
            }
            column += span;
        }
        self.y = top + group_band + title_band;
    }

    fn header_cell(&mut self, x: f32, top: f32, width: f32, height: f32, text: &str, style: Style) {
        self.rect(x, top, width, height, Some(0.88), true);
        let lines = self.cell_lines(text, style, width);
        let text_height = lines.len() as f32 * style.line_height();
        let mut y = top + (height - text_height) / 2.0;
        for line in lines {
            self.text_in(x + PAD, width - 2.0 * PAD, y, &line, style, Align::Center);
            y += style.line_height();
        }
    }

    fn draw_row(&mut self, table: &Table, row: &Row, widths: &[f32], height: f32) {
        let top = self.y;
        let body = Style::regular(table.size);
        match row {
            Row::Cells {
                cells,
                bold,
                shaded,
                indent,
                ..
            } => {
                let style = if *bold { Style::bold(table.size) } else { body };
                let mut x = self.left();
                for (idx, (cell, width)) in cells.iter().zip(widths).enumerate() {
                    self.rect(x, top, *width, height, shaded.then_some(0.94), true);
                    let shift = if idx == 0 { indent_width(*indent) } else { 0.0 };
                    let mut y = top + PAD;
                    for line in self.cell_lines(cell, style, width - shift) {
                        self.text_in(
                            x + PAD + shift,
                            width - 2.0 * PAD - shift,
                            y,
                            &line,
                            style,
                            table.columns[idx].align,
                        );
                        y += style.line_height();
                    }
                    x += width;
                }
            }
            Row::Banner(text) => {
                let style = Style::bold(table.size);
                let width: f32 = widths.iter().sum();
                let x = self.left();
                self.rect(x, top, width, height, Some(0.97), true);
                let mut y = top + PAD;
                for line in self.cell_lines(text, style, width) {
                    self.text_in(x + PAD, width - 2.0 * PAD, y, &line, style, Align::Left);
                    y += style.line_height();
                }
            }
        }
        self.y = top + height;
    }

    /// Signature blocks side by side, kept on one page: the role in bold,
    /// "(Ký, ghi rõ họ tên)", room to sign, the name.
    pub(crate) fn signatures(&mut self, signers: &[Signer<'_>]) {
        let role = Style::bold(9.0);
        let hint = Style::regular(8.0);
        let space = 42.0;
        self.ensure(role.line_height() + hint.line_height() + space + role.line_height());
        let width = self.content_width() / signers.len().max(1) as f32;
        let top = self.y;
        let mut bottom = top + role.line_height() * 2.0 + hint.line_height() + space;
        for (idx, signer) in signers.iter().enumerate() {
            let x = self.left() + width * idx as f32;
            self.text_in(x, width, top, signer.role, role, Align::Center);
            self.text_in(
                x,
                width,
                top + role.line_height(),
                "(Ký, ghi rõ họ tên)",
                hint,
                Align::Center,
            );
            if let Some(name) = signer.name {
                let mut y = top + role.line_height() + hint.line_height() + space;
                for line in self.wrap(name, role, width - 8.0) {
                    self.text_in(x, width, y, &line, role, Align::Center);
                    y += role.line_height();
                    bottom = bottom.max(y);
                }
            }
        }
        self.y = bottom;
    }

    /// The number of pages so far.
    pub(crate) fn n_pages(&self) -> usize {
        self.pages.len()
    }

    /// A landscape report of the office: the letterhead, its `heading`, and
    /// under it the line that says as of when and in what unit; `title`
    /// names the file and every page's footer.
    pub(crate) fn report(
        letterhead: &Letterhead,
        title: &str,
        heading: &str,
        subtitle: &str,
    ) -> Result<Document, ExportError> {
        let mut doc = Document::new(Orientation::Landscape, title)?;
        doc.official_heading(letterhead, None);
        doc.title(heading, 14.0);
        doc.paragraph(subtitle, Style::regular(9.5), Align::Center);
        doc.skip(6.0);
        Ok(doc)
    }

    /// The finished PDF with its page count ([`Document::finish`]).
    pub(crate) fn printed(self, letterhead: &Letterhead) -> Result<super::Printed, ExportError> {
        let pages = self.n_pages();
        Ok(super::Printed {
            bytes: self.finish(letterhead)?,
            pages,
        })
    }

    /// The PDF: every page with its footer, the two fonts cut to the glyphs
    /// used, the document's title and printing date.
    fn finish(mut self, letterhead: &Letterhead) -> Result<Vec<u8>, ExportError> {
        let n_pages = self.pages.len();
        let footer = Style::regular(7.5);
        let printed = format!(
            "{} · {} · in ngày {}",
            letterhead.point,
            self.title,
            phien_core::dates::dmy(letterhead.printed_on)
        );
        let footer_top = self.height - BOTTOM + 12.0;
        let mut pages = std::mem::take(&mut self.pages);
        for (idx, page) in pages.iter_mut().enumerate() {
            let number = format!("Trang {}/{n_pages}", idx + 1);
            let left_text = self.regular.encode(&printed);
            let right_text = self.regular.encode(&number);
            let right_x = self.width - SIDE - self.regular.width(&number, footer.size);
            let baseline = self.height - (footer_top + footer.baseline());
            page.set_line_width(0.3);
            page.move_to(SIDE, self.height - footer_top + 2.0);
            page.line_to(self.width - SIDE, self.height - footer_top + 2.0);
            page.stroke();
            for (x, bytes) in [(SIDE, left_text), (right_x, right_text)] {
                page.begin_text();
                page.set_font(Weight::Regular.resource(), footer.size);
                page.next_line(x, baseline);
                page.show(Str(&bytes));
                page.end_text();
            }
        }

        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let info = Ref::new(3);
        let fonts = [Ref::new(4), Ref::new(5)];
        let mut next = Ref::new(6);
        let page_ids: Vec<Ref> = (0..n_pages)
            .map(|idx| Ref::new(next.get() + 2 * i32::try_from(idx).unwrap_or(i32::MAX)))
            .collect();
        next = Ref::new(next.get() + 2 * i32::try_from(n_pages).unwrap_or(i32::MAX));

        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree)
            .kids(page_ids.iter().copied())
            .count(i32::try_from(n_pages).unwrap_or(i32::MAX));
        for (page_id, content) in page_ids.iter().zip(pages) {
            let content_id = Ref::new(page_id.get() + 1);
            let mut page = pdf.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, self.width, self.height))
                .parent(tree)
                .contents(content_id);
            let mut resources = page.resources();
            let mut font_dict = resources.fonts();
            font_dict.pair(Weight::Regular.resource(), fonts[0]);
            font_dict.pair(Weight::Bold.resource(), fonts[1]);
            font_dict.finish();
            resources.finish();
            page.finish();
            let compressed = super::deflate(&content.finish().into_vec());
            pdf.stream(content_id, &compressed)
                .filter(Filter::FlateDecode);
        }
        next = self.regular.write(&mut pdf, fonts[0], next)?;
        self.bold.write(&mut pdf, fonts[1], next)?;
        let day = letterhead.printed_on;
        pdf.document_info(info)
            .title(TextStr(&self.title))
            .producer(TextStr("Phiên"))
            .creation_date(
                Date::new(u16::try_from(chrono::Datelike::year(&day)).unwrap_or(0))
                    .month(u8::try_from(chrono::Datelike::month(&day)).unwrap_or(1))
                    .day(u8::try_from(chrono::Datelike::day(&day)).unwrap_or(1)),
            );
        Ok(pdf.finish())
    }
}

/// How far a tree's level is indented.
fn indent_width(indent: u8) -> f32 {
    f32::from(indent) * 7.0
}
