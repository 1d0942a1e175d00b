//! CSV input: UTF-8 (BOM optional), `,` or `;` detected from the header line.

use crate::table::{self, Record};
use crate::value::Raw;
use crate::{HstdRow, ImportError};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn read(bytes: &[u8]) -> Result<Vec<HstdRow>, ImportError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        return Err(ImportError::UnsupportedFormat(format!(
            "tệp CSV không phải mã UTF-8 (lỗi ở dòng {line}); trong Excel hãy chọn Lưu thành «CSV UTF-8»"
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(detect_delimiter(bytes))
        .from_reader(bytes);
    let mut records: Vec<Record> = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| ImportError::UnsupportedFormat(format!("tệp CSV bị hỏng: {e}")))?;
        let line = record.position().map_or(0, |p| {
            line_at(bytes, usize::try_from(p.byte()).unwrap_or(usize::MAX))
        });
        records.push((
            line,
            record.iter().map(|s| Raw::Text(s.to_owned())).collect(),
        ));
    }
    table::build(records)
}

/// The line (1-based) on which the record reported at byte `pos` starts.
///
/// The csv crate's own line counter is wrong after CRLF line ends and skipped blank lines, and
/// its byte position points just past the previous record's terminator, so skip line breaks
/// forward to the record's first byte and count the `\n`s before it.
fn line_at(bytes: &[u8], pos: usize) -> usize {
    let pos = pos.min(bytes.len());
    let start = pos
        + bytes[pos..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
    1 + bytes[..start].iter().filter(|b| **b == b'\n').count()
}

/// `;` if the first non-blank line has more semicolons than commas outside quotes, else `,`.
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let header = bytes
        .split(|b| *b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    let (mut commas, mut semicolons, mut quoted) = (0_usize, 0_usize, false);
    for b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str) -> Vec<usize> {
        let bytes = input.as_bytes();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        reader
            .records()
            .map(|r| {
                let byte = r.expect("valid csv").position().expect("position").byte();
                line_at(bytes, usize::try_from(byte).expect("small"))
            })
            .collect()
    }

    #[test]
    fn line_numbers_survive_crlf_blank_lines_and_multiline_fields() {
        assert_eq!(lines("h1,h2\na,b\nc,d\n"), [1, 2, 3]);
        assert_eq!(lines("h1,h2\r\na,b\r\nc,d\r\n"), [1, 2, 3]);
        assert_eq!(lines("h1,h2\n\na,b\nc,d"), [1, 3, 4]);
        assert_eq!(lines("\n\nh1,h2\r\n\r\n\r\na,b\r\n"), [3, 6]);
        assert_eq!(lines("h1,h2\n\"x\ny\",b\nc,d\n"), [1, 2, 4]);
    }

    #[test]
    fn delimiter_is_detected_from_the_header_line() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(
            detect_delimiter(b"\r\n\n\"x;y\",b,c\n"),
            b',',
            "quoted ; does not count"
        );
        assert_eq!(detect_delimiter(b""), b',');
    }
}
