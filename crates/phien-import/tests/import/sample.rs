//! The checked-in sample export parses cleanly.

use std::collections::BTreeSet;
use std::path::Path;

use phien_import::{Association, read_path};

use crate::ymd;

#[test]
fn sample_file_parses_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hstd-sample.csv");
    let rows = read_path(&path).unwrap_or_else(|e| panic!("sample must import: {e}"));
    assert_eq!(rows.len(), 10, "the sample has 10 loans");
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        (2..=11).collect::<Vec<_>>(),
        "lines 2..=11"
    );

    let codes: BTreeSet<&str> = rows.iter().map(|r| r.program_code.as_str()).collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        ["01", "02", "03", "04", "05", "06", "07"],
        "every program code appears, leading zeros intact"
    );
    assert!(
        rows.iter()
            .all(|r| r.office_name == "PGD NHCSXH huyện Diên Khánh"),
        "one point's file: every row belongs to one PGD (the loader refuses mixed files)"
    );
    let associations: BTreeSet<String> = rows
        .iter()
        .map(|r| r.association.code().to_owned())
        .collect();
    assert_eq!(
        associations.len(),
        4,
        "all four associations appear: {associations:?}"
    );

    let first = &rows[0];
    assert_eq!(first.customer_name, "Nguyễn Văn Hùng");
    assert_eq!(first.loan_no, "6600000000001201");
    assert_eq!(first.citizen_id.as_deref(), Some("056082001234"));
    assert_eq!(first.association, Association::Farmers);
    assert_eq!(first.disbursed_on, ymd(2023, 3, 15));
    assert_eq!(first.due_on, ymd(2028, 3, 15));

    let overdue = rows
        .iter()
        .find(|r| r.loan_no == "6600000000001206")
        .expect("loan 1206");
    assert_eq!(
        (
            overdue.current_balance,
            overdue.overdue_balance,
            overdue.interest_arrears,
            overdue.overdue_interest_arrears
        ),
        (5_000_000, 15_000_000, 180_000, 95_000)
    );
    let frozen = rows
        .iter()
        .find(|r| r.loan_no == "6600000000001209")
        .expect("loan 1209");
    assert_eq!(
        (frozen.frozen_balance, frozen.last_transaction_on),
        (20_000_000, None)
    );
}
