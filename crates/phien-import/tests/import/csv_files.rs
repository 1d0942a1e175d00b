//! CSV input: encodings, delimiters, header spellings and every row rule.

use phien_import::{Association, ImportError, RowError, read_csv};

use crate::{HEADER, csv_text, good_row, idx, import_csv_file, row_errors, set, single_error, ymd};

/// A bad value in one cell of an otherwise good one-row file.
fn one_bad_cell(column: &str, value: &str) -> RowError {
    let mut row = good_row(1);
    set(&mut row, column, value);
    single_error(import_csv_file(&csv_text(',', &HEADER, &[row])))
}

#[test]
fn vietnamese_text_round_trips_every_character() {
    let people = [
        ("Nguyễn Thị Ánh Tuyết", "Thôn Phú Ân Nam 2", "Xã Diên Phú"),
        ("Phạm Văn Đức", "Thôn Đông", "Xã Diên Điền"),
        ("Hồ Thị Ngọc Ẩn", "Thôn Lương Phước", "Xã Suối Hiệp"),
        ("Trương Quốc Việt", "Thôn Suối Cá", "Xã Khánh Thành"),
        ("Lý Thị Hương Giang", "Thôn Giang Mương", "Xã Khánh Hiệp"),
        ("Mấu Thị Ỷ", "Buôn Đắk Ơ", "Xã Sơn Thái"),
    ];
    let rows: Vec<Vec<String>> = people
        .iter()
        .enumerate()
        .map(|(i, (name, village, commune))| {
            let mut row = good_row(i + 1);
            set(&mut row, "Tên KH", name);
            set(&mut row, "Tên thôn", village);
            set(&mut row, "Tên xã", commune);
            set(&mut row, "Tên tổ", &format!("Tổ TK&VV {village} - Hội ND"));
            row
        })
        .collect();
    let imported =
        import_csv_file(&csv_text(',', &HEADER, &rows)).expect("a clean file must import");
    assert_eq!(imported.len(), people.len(), "every row must come back");
    for (row, (name, village, commune)) in imported.iter().zip(people) {
        assert_eq!(
            row.customer_name.as_bytes(),
            name.as_bytes(),
            "name must keep every byte"
        );
        assert_eq!(
            row.village.as_deref(),
            Some(village),
            "village must keep diacritics"
        );
        assert_eq!(row.commune_name, commune, "commune must keep diacritics");
        assert_eq!(row.group_name, format!("Tổ TK&VV {village} - Hội ND"));
        assert_eq!(row.office_name, "PGD NHCSXH huyện Diên Khánh");
        assert_eq!(row.program_name.as_deref(), Some("Cho vay hộ nghèo"));
    }
}

#[test]
fn all_fields_of_a_good_row_are_typed() {
    let mut row = good_row(7);
    set(&mut row, "Dư nợ trong hạn", "1.250.000");
    set(&mut row, "Dư nợ quá hạn", "1 250 000");
    set(&mut row, "Dư nợ khoanh", "");
    set(&mut row, "Lãi tồn", "12,500");
    set(&mut row, "Lãi tồn QH", "");
    set(&mut row, "Ngày vay", "5/3/2023");
    set(&mut row, "Ngày đến hạn", "2028-03-05");
    set(&mut row, "Ngày giao dịch gần nhất", "");
    set(&mut row, "Số CCCD", "");
    set(&mut row, "Tên thôn", "   ");
    set(&mut row, "Tên KH", "  Nguyễn   Thị\tLan  ");
    set(&mut row, "Số KU", "6600 0000 0000 1207");
    set(&mut row, "Mã CT", "4");
    let rows = import_csv_file(&csv_text(',', &HEADER, &[row])).expect("valid row");
    let r = &rows[0];
    assert_eq!(r.line, 2, "the first data row is line 2");
    assert_eq!(r.association, Association::Farmers);
    assert_eq!(r.customer_code, "KH0560007");
    assert_eq!(
        r.customer_name, "Nguyễn Thị Lan",
        "names are trimmed and collapsed"
    );
    assert_eq!(
        r.loan_no, "6600000000001207",
        "spaces are stripped from Số KU"
    );
    assert_eq!(
        r.program_code, "04",
        "a one-digit program code is padded to two"
    );
    assert_eq!(
        r.current_balance, 1_250_000,
        "dots are thousands separators"
    );
    assert_eq!(
        r.overdue_balance, 1_250_000,
        "spaces are thousands separators"
    );
    assert_eq!(r.frozen_balance, 0, "empty balance means 0");
    assert_eq!(
        r.interest_arrears, 12_500,
        "commas are thousands separators"
    );
    assert_eq!(r.overdue_interest_arrears, 0, "empty arrears means 0");
    assert_eq!(r.disbursed_on, ymd(2023, 3, 5), "d/m/yyyy is accepted");
    assert_eq!(r.due_on, ymd(2028, 3, 5), "yyyy-mm-dd is accepted");
    assert_eq!(r.last_transaction_on, None);
    assert_eq!(r.citizen_id, None);
    assert_eq!(r.village, None, "a blank village is absent");
    assert_eq!(r.term_months, 60);
}

#[test]
fn semicolon_csv_with_bom_and_crlf() {
    let mut row = good_row(1);
    set(&mut row, "Dư nợ trong hạn", "1,250,000");
    set(&mut row, "Tên KH", "Hồ Thị Ngọc Ẩn; con bà Lụa");
    let text = csv_text(';', &HEADER, &[row, good_row(2)]).replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let rows = read_csv(&bytes).expect("semicolon CSV with BOM and CRLF must import");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].office_name, "PGD NHCSXH huyện Diên Khánh",
        "BOM must not leak into the first header"
    );
    assert_eq!(
        rows[0].current_balance, 1_250_000,
        "1,250,000 inside a ;-file is one amount"
    );
    assert_eq!(
        rows[0].customer_name, "Hồ Thị Ngọc Ẩn; con bà Lụa",
        "quoted ; stays in the field"
    );
    assert_eq!((rows[0].line, rows[1].line), (2, 3));
}

#[test]
fn header_spellings_order_and_extra_columns() {
    // No diacritics, odd case and spacing, English aliases, reordered, unknown columns kept out.
    let header = [
        "STT",
        "  TEN PGD ",
        "ten xa",
        "dvut",
        "Ten to",
        "customer_code",
        "Ten KH",
        "Số KU",
        "Ma CT",
        "Ngay vay",
        "thoi han",
        "du no trong han",
        "Du no qua han",
        "DU NO KHOANH",
        "lai ton",
        "Ngay den han",
        "Phân loại",
        "Tên CT (program_name)",
    ];
    let row: Vec<String> = [
        "1",
        "PGD NHCSXH huyện Cam Lâm",
        "Xã Cam Hiệp Bắc",
        "Hội Cựu chiến binh",
        "Tổ 3",
        "KH1",
        "Võ Đình Thắng",
        "6600000000001301",
        "06",
        "10/10/2023",
        "36",
        "60.000.000",
        "0",
        "0",
        "0",
        "10/10/2026",
        "E",
        "Cho vay GQVL",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = import_csv_file(&csv_text(',', &header, &[row])).expect("aliases must be accepted");
    let r = &rows[0];
    assert_eq!(r.office_name, "PGD NHCSXH huyện Cam Lâm");
    assert_eq!(r.association, Association::Veterans);
    assert_eq!(r.customer_code, "KH1");
    assert_eq!(r.program_name.as_deref(), Some("Cho vay GQVL"));
    assert_eq!(r.current_balance, 60_000_000);
    assert_eq!(
        (r.village.as_deref(), r.citizen_id.as_deref()),
        (None, None),
        "optional columns may be absent"
    );
    assert_eq!(r.overdue_interest_arrears, 0, "absent Lãi tồn QH means 0");
}

#[test]
fn three_bad_rows_are_all_reported_and_nothing_is_imported() {
    let mut rows: Vec<Vec<String>> = (1..=6).map(good_row).collect();
    set(&mut rows[1], "Ngày vay", "31/02/2025"); // line 3
    set(&mut rows[3], "Dư nợ trong hạn", "1250000.5"); // line 5
    set(&mut rows[5], "ĐVUT", "Hội Người cao tuổi"); // line 7
    let errors = row_errors(import_csv_file(&csv_text(',', &HEADER, &rows)));
    let got: Vec<(usize, &str, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "Ngày vay", "31/02/2025"),
            (5, "Dư nợ trong hạn", "1250000.5"),
            (7, "ĐVUT", "Hội Người cao tuổi"),
        ],
        "exactly the three bad cells, with file line numbers (header = 1)"
    );
    assert_eq!(errors[0].reason, "ngày không hợp lệ");
    assert!(
        errors[1].reason.contains("số nguyên đồng"),
        "decimal reason: {}",
        errors[1].reason
    );
    assert!(
        errors[2].reason.contains("ĐVUT"),
        "association reason: {}",
        errors[2].reason
    );
}

#[test]
fn row_error_display_names_line_column_value_and_reason() {
    let e = one_bad_cell("Ngày vay", "31/02/2025");
    assert_eq!(
        e.to_string(),
        "dòng 2, cột «Ngày vay» = «31/02/2025»: ngày không hợp lệ"
    );
}

#[test]
fn column_name_in_errors_is_the_one_written_in_the_file() {
    let mut header = HEADER;
    header[idx("Ngày vay")] = "NGAY VAY";
    let mut row = good_row(1);
    set(&mut row, "Ngày vay", "hôm qua");
    let e = single_error(import_csv_file(&csv_text(',', &header, &[row])));
    assert_eq!(
        (e.column.as_str(), e.value.as_str()),
        ("NGAY VAY", "hôm qua")
    );
}

#[test]
fn missing_columns_are_listed_by_their_vietnamese_names() {
    let keep: Vec<usize> = (0..HEADER.len())
        .filter(|i| ![idx("Số KU"), idx("Ngày vay"), idx("Tên CT")].contains(i))
        .collect();
    let header: Vec<&str> = keep.iter().map(|i| HEADER[*i]).collect();
    let row: Vec<String> = keep.iter().map(|i| good_row(1)[*i].clone()).collect();
    match import_csv_file(&csv_text(',', &header, &[row])) {
        Err(ImportError::MissingColumns(missing)) => assert_eq!(
            missing,
            vec!["Số KU".to_owned(), "Ngày vay".to_owned()],
            "required columns only (Tên CT is optional), in standard order"
        ),
        other => panic!("expected MissingColumns, got {other:?}"),
    }
}

#[test]
fn a_column_given_twice_is_an_error_on_the_header_line() {
    let mut header = HEADER.to_vec();
    header.push("So KU");
    let mut row = good_row(1);
    row.push("6600000000009999".to_owned());
    let e = single_error(import_csv_file(&csv_text(',', &header, &[row])));
    assert_eq!(
        (e.line, e.column.as_str()),
        (1, "So KU"),
        "header is line 1"
    );
    assert!(
        e.reason.contains("Số KU"),
        "names the first column: {}",
        e.reason
    );
}

#[test]
fn duplicate_loan_number_is_reported_on_the_second_occurrence() {
    let mut rows: Vec<Vec<String>> = (1..=3).map(good_row).collect();
    let first_loan = rows[0][idx("Số KU")].clone();
    set(&mut rows[2], "Số KU", &first_loan);
    let e = single_error(import_csv_file(&csv_text(',', &HEADER, &rows)));
    assert_eq!(
        (e.line, e.column.as_str(), e.value.as_str()),
        (4, "Số KU", first_loan.as_str())
    );
    assert_eq!(
        e.reason, "số KU trùng với dòng 2",
        "must name the first line"
    );
}

#[test]
fn decimal_amounts_are_rejected() {
    for value in ["1250000.5", "1.250.000,50", "12,5"] {
        let e = one_bad_cell("Lãi tồn", value);
        assert_eq!((e.column.as_str(), e.value.as_str()), ("Lãi tồn", value));
        assert!(
            e.reason.contains("số nguyên đồng"),
            "«{value}»: {}",
            e.reason
        );
    }
}

#[test]
fn negative_amount_is_rejected() {
    let e = one_bad_cell("Dư nợ quá hạn", "-500000");
    assert_eq!((e.line, e.value.as_str()), (2, "-500000"));
    assert_eq!(e.reason, "số tiền không được âm");
}

#[test]
fn impossible_and_malformed_dates_are_rejected() {
    assert_eq!(
        one_bad_cell("Ngày vay", "31/02/2025").reason,
        "ngày không hợp lệ"
    );
    let e = one_bad_cell("Ngày giao dịch gần nhất", "2025/12/21");
    assert!(
        e.reason.contains("dd/mm/yyyy"),
        "format hint expected: {}",
        e.reason
    );
    assert_eq!(
        one_bad_cell("Ngày đến hạn", "").reason,
        "bắt buộc, không được để trống"
    );
}

#[test]
fn unknown_association_is_rejected() {
    let e = one_bad_cell("ĐVUT", "Hội Người cao tuổi");
    assert_eq!(
        (e.column.as_str(), e.value.as_str()),
        ("ĐVUT", "Hội Người cao tuổi")
    );
}

#[test]
fn every_association_spelling_is_understood() {
    let spellings = [
        ("HND", Association::Farmers),
        ("Hội Nông dân", Association::Farmers),
        ("Hoi Nong dan", Association::Farmers),
        ("HPN", Association::Women),
        ("HLHPN", Association::Women),
        ("Hội Phụ nữ", Association::Women),
        ("Hội LHPN", Association::Women),
        ("CCB", Association::Veterans),
        ("Hội CCB", Association::Veterans),
        ("Hội Cựu chiến binh", Association::Veterans),
        ("DTN", Association::Youth),
        ("ĐTN", Association::Youth),
        ("Đoàn TN", Association::Youth),
        ("Đoàn Thanh niên", Association::Youth),
    ];
    let rows: Vec<Vec<String>> = spellings
        .iter()
        .enumerate()
        .map(|(i, (s, _))| {
            let mut row = good_row(i + 1);
            set(&mut row, "ĐVUT", s);
            row
        })
        .collect();
    let imported = import_csv_file(&csv_text(',', &HEADER, &rows)).expect("all spellings valid");
    for (row, (s, want)) in imported.iter().zip(spellings) {
        assert_eq!(row.association, want, "«{s}»");
    }
}

#[test]
fn citizen_id_must_have_12_digits() {
    let e = one_bad_cell("Số CCCD", "56082001234");
    assert_eq!(
        (e.column.as_str(), e.value.as_str()),
        ("Số CCCD", "56082001234")
    );
    assert!(
        e.reason.contains("12") && e.reason.contains("11"),
        "says 12 wanted, 11 found: {}",
        e.reason
    );
}

#[test]
fn other_row_rules() {
    let e = one_bad_cell("Ngày đến hạn", "14/03/2023");
    assert_eq!(e.reason, "ngày đến hạn trước ngày vay (15/03/2023)");

    let mut row = good_row(1);
    set(&mut row, "Dư nợ trong hạn", "0");
    let e = single_error(import_csv_file(&csv_text(',', &HEADER, &[row])));
    assert_eq!(e.reason, "khoản vay không còn dư nợ");
    assert_eq!(e.column, "Dư nợ trong hạn / Dư nợ quá hạn / Dư nợ khoanh");

    assert!(one_bad_cell("Thời hạn", "0").reason.contains("1 đến 240"));
    assert!(one_bad_cell("Thời hạn", "241").reason.contains("1 đến 240"));
    assert!(one_bad_cell("Số KU", "1234567").reason.contains("8 đến 20"));
    assert!(
        one_bad_cell("Số KU", "66000000000012A1")
            .reason
            .contains("chữ số")
    );
    assert_eq!(
        one_bad_cell("Tên KH", "  ").reason,
        "bắt buộc, không được để trống"
    );
    assert_eq!(
        one_bad_cell("Mã CT", "").reason,
        "bắt buộc, không được để trống"
    );
}

#[test]
fn several_errors_in_one_row_are_all_reported() {
    let mut row = good_row(1);
    set(&mut row, "Tên KH", "");
    set(&mut row, "Thời hạn", "abc");
    set(&mut row, "Lãi tồn", "-1");
    let errors = row_errors(import_csv_file(&csv_text(
        ',',
        &HEADER,
        &[good_row(2), row],
    )));
    let columns: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(
        columns,
        vec![(3, "Tên KH"), (3, "Thời hạn"), (3, "Lãi tồn")]
    );
}

#[test]
fn blank_lines_are_skipped_but_line_numbers_stay_true() {
    let mut bad = good_row(2);
    set(&mut bad, "Ngày vay", "31/02/2025");
    let text = format!(
        "{}\n\n{}",
        csv_text(',', &HEADER, &[good_row(1)]).trim_end(),
        csv_text(',', &HEADER, &[bad])
            .lines()
            .nth(1)
            .expect("row line")
    );
    // header (1), good (2), blank (3), bad (4)
    let e = single_error(import_csv_file(&text));
    assert_eq!(
        e.line, 4,
        "the blank line still counts as a line in the file"
    );
}

#[test]
fn empty_files() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\n\n  \n"] {
        assert!(
            matches!(read_csv(bytes), Err(ImportError::Empty)),
            "{bytes:?} has no data"
        );
    }
    let header_only = csv_text(',', &HEADER, &[]);
    assert!(
        matches!(read_csv(header_only.as_bytes()), Err(ImportError::Empty)),
        "a header without rows is empty"
    );
    let blank_rows = format!("{header_only},,,,\n   \n");
    assert!(
        matches!(read_csv(blank_rows.as_bytes()), Err(ImportError::Empty)),
        "blank rows are not data"
    );
}

#[test]
fn non_utf8_csv_is_refused_with_a_hint() {
    // "Tên" in Windows-1258 (ê = 0xEA), as old Excel saves it.
    let mut bytes = csv_text(',', &HEADER, &[good_row(1)]).into_bytes();
    bytes.extend_from_slice(b"T\xEAn\n");
    match read_csv(&bytes) {
        Err(ImportError::UnsupportedFormat(msg)) => {
            assert!(
                msg.contains("UTF-8") && msg.contains("dòng 3"),
                "hint and line: {msg}"
            )
        }
        other => panic!("expected UnsupportedFormat, got {other:?}"),
    }
}
