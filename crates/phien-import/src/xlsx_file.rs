//! Excel `.xlsx` input: the first worksheet, read with calamine.

use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx, XlsxError};

use crate::table::{self, Record};
use crate::value::Raw;
use crate::{HstdRow, ImportError};

pub(crate) fn read(path: &Path) -> Result<Vec<HstdRow>, ImportError> {
    let fail = |e: XlsxError| match e {
        XlsxError::Io(source) => ImportError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => ImportError::Xlsx(other.to_string()),
    };
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).map_err(fail)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ImportError::Empty)?
        .map_err(fail)?;
    // calamine trims the range to the used cells; keep Excel's own row numbers.
    let first_row = range
        .start()
        .map_or(0, |(row, _)| usize::try_from(row).unwrap_or(usize::MAX));
    let records: Vec<Record> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells.iter().map(raw).collect()))
        .collect();
    table::build(records)
}

fn raw(cell: &Data) -> Raw {
    match cell {
        Data::Empty => Raw::Empty,
        Data::String(s) => Raw::Text(s.clone()),
        Data::Int(i) => Raw::Int(*i),
        Data::Float(f) => Raw::Float(*f),
        Data::Bool(b) => Raw::Other(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Data::DateTime(dt) if dt.is_datetime() => cell
            .as_date()
            .map_or_else(|| Raw::Other(dt.as_f64().to_string()), Raw::Date),
        Data::DateTime(dt) => Raw::Other(dt.as_f64().to_string()),
        Data::DateTimeIso(s) => cell
            .as_date()
            .map_or_else(|| Raw::Text(s.clone()), Raw::Date),
        Data::DurationIso(s) => Raw::Other(s.clone()),
        Data::Error(e) => Raw::CellError(e.to_string()),
    }
}
