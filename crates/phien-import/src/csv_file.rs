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
        let record = record.map_err(|e| {
            ImportError::UnsupportedFormat(format!("tệp CSV bị hỏng: {e}"))
        })?;
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        records.push((line, record.iter().map(|s| Raw::Text(s.to_owned())).collect()));
    }
    table::build(records)
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

    #[test]
    fn delimiter_is_detected_from_the_header_line() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(detect_delimiter(b"\r\n\n\"x;y\",b,c\n"), b',', "quoted ; does not count");
        assert_eq!(detect_delimiter(b""), b',');
    }
}
