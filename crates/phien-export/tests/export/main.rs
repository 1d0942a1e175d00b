//! `phien-export` end to end: documents made from a small point whose
//! reports the core computed, read back — workbooks with calamine (and their
//! parts with zip), PDF text with pdf-extract — and compared with what a
//! person should see.

mod fixture;
mod letters;
mod pdf;
mod xlsx;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate};
use phien_core::money::group_thousands;

/// The text of a PDF as an extractor reads it, one printed line per line,
/// spaces collapsed, blank lines dropped.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("the PDF can be read back");
    normalise(&text)
}

/// The text of each page.
pub fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes)
        .expect("the PDF can be read back")
        .iter()
        .map(|page| normalise(page))
        .collect()
}

fn normalise(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell as a person reads it: text as is, whole numbers with Vietnamese
/// thousands dots, fractions as written, dates dd/mm/yyyy, empty as "".
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => {
            let plain = format!("{f}");
            match plain.parse::<i64>() {
                Ok(whole) => group_thousands(whole),
                Err(_) => plain,
            }
        }
        Data::Int(i) => group_thousands(*i),
        Data::DateTime(d) => {
            // Excel's day 0 is 30/12/1899; the sheets hold whole days.
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
            let days = d.as_f64() as u64;
            (epoch + Days::new(days)).format("%d/%m/%Y").to_string()
        }
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// Every sheet of a workbook: its name and its cells as text.
pub fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).expect("the workbook opens");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book
                .worksheet_range(&name)
                .expect("every sheet can be read");
            let rows = range
                .rows()
                .map(|row| row.iter().map(cell_text).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The raw cells of a sheet, to check their types.
pub fn raw_cells(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).expect("the workbook opens");
    let range = book.worksheet_range(sheet).expect("the sheet exists");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// A part of the workbook's zip (`xl/styles.xml`, `xl/worksheets/sheet1.xml`).
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("an xlsx is a zip");
    let mut file = zip.by_name(name).expect("the part exists");
    let mut text = String::new();
    file.read_to_string(&mut text).expect("parts are UTF-8 XML");
    text
}

/// Rows as one line each, cells joined by " | ", trailing empty cells cut:
/// a table a reviewer reads at a glance.
pub fn grid(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|row| {
            let last = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            row[..last].join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `expected` and `actual` side by side when they differ.
#[track_caller]
pub fn assert_snapshot(actual: &str, expected: &str, what: &str) {
    let expected = expected.trim();
    assert!(
        actual.trim() == expected,
        "{what} changed.\n--- expected\n{expected}\n--- actual\n{}\n",
        actual.trim()
    );
}
