//! Loading HSTD rows into a real SQLite store (temp files), read back through the store's API.

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate, TimeZone, Utc};
use phien_core::Dong;
use phien_core::ids::StaffId;
use phien_core::loan::{Installment, LoanStatus};
use phien_core::org::{AssociationKind, HouseholdCategory};
use phien_core::risk::RiskMeasure;
use phien_import::{HstdRow, LoadError, LoadOptions, LoadReport, RowError, load, read_path};
use phien_store::{Actor, LoanStatement, Staff, StaffRole, Store};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::{HEADER, csv_text, good_row, import_csv_file, set, ymd};

/// Import date of the sample: after its last transactions (21/12/2025), before loan 1206's
/// current balance falls due (12/01/2026). Program 01 runs at 6,24 %/năm on this date.
const AS_OF: (i32, u32, u32) = (2026, 1, 5);

/// The group of the sample's first two borrowers.
const SAMPLE_GROUP: &str = "Tổ TK&VV thôn Phú Ân Nam 2 - Hội ND";

fn as_of() -> NaiveDate {
    ymd(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hstd-sample.csv")
}

fn sample_rows() -> Vec<HstdRow> {
    read_path(&sample_path()).unwrap_or_else(|e| panic!("sample must parse: {e}"))
}

/// A fresh store in its own temp dir, with one loan officer who imports.
struct Db {
    _dir: tempfile::TempDir,
    store: Store,
    actor: Actor,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("phien.db")).expect("open store");
        let actor = Actor {
            staff: StaffId(store.new_id()),
            at: Utc
                .with_ymd_and_hms(2026, 1, 5, 8, 30, 0)
                .single()
                .expect("valid instant"),
        };
        store
            .write(actor, "add_staff", "cán bộ nhập HSTD", |tx| {
                tx.insert_staff(
                    &Staff {
                        id: actor.staff,
                        code: "CBTD01".to_owned(),
                        full_name: "Nguyễn Thị Tín Dụng".to_owned(),
                        role: StaffRole::LoanOfficer,
                    },
                    None,
                )
            })
            .expect("add staff");
        Db {
            _dir: dir,
            store,
            actor,
        }
    }

    fn options(&self, as_of: NaiveDate) -> LoadOptions {
        LoadOptions {
            as_of,
            actor: self.actor,
        }
    }

    fn load(&mut self, rows: &[HstdRow], as_of: NaiveDate) -> Result<LoadReport, LoadError> {
        let options = self.options(as_of);
        load(&mut self.store, rows, &options)
    }

    /// The statement line of one loan on a date.
    fn loan(&self, customer_code: &str, loan_no: &str, day: NaiveDate) -> LoanStatement {
        let member = self
            .store
            .member_by_code(customer_code)
            .unwrap_or_else(|e| panic!("member {customer_code}: {e}"));
        self.store
            .member_statement(member.id, day)
            .expect("statement")
            .loans
            .into_iter()
            .find(|l| l.loan.account_no == loan_no)
            .unwrap_or_else(|| panic!("loan {loan_no} of {customer_code}"))
    }

    /// Rows in the change log: every row ever written (ledger, loans, members, …).
    fn n_changes(&self) -> usize {
        self.store
            .changes_after(0, u32::MAX)
            .expect("change log")
            .len()
    }
}

fn row_errors(result: Result<LoadReport, LoadError>) -> Vec<RowError> {
    match result {
        Err(LoadError::Rows(errors)) => errors,
        Ok(report) => panic!("expected row errors, but the load succeeded: {report:?}"),
        Err(other) => panic!("expected row errors, got {other:?}"),
    }
}

#[test]
fn sample_loads_into_an_empty_database_and_every_figure_survives() {
    let mut db = Db::new();
    assert!(db.store.point().expect("point").is_none(), "empty database");
    let rows = sample_rows();
    let report = db
        .load(&rows, as_of())
        .unwrap_or_else(|e| panic!("sample must load: {e}"));

    assert_eq!(
        (
            report.n_rows,
            report.n_groups_created,
            report.n_members_created,
            report.n_loans,
            report.point_created
        ),
        (10, 5, 10, 10, true)
    );
    // 50 + 40 + 72 + 25 + 60 + (5 + 15) + 30 + 45 + 20 (frozen) + 35 million.
    assert_eq!(report.principal, Dong(397_000_000));
    // 125.000 (1202) + 180.000 + 95.000 (1206).
    assert_eq!(report.interest_arrears, Dong(400_000));
    assert!(
        report.notes.iter().any(|n| n.contains("ngày 15")),
        "the report asks to correct the fixed day: {:#?}",
        report.notes
    );

    // Office and point.
    let info = db.store.point().expect("point").expect("point created");
    assert_eq!(info.office_name, "PGD NHCSXH huyện Diên Khánh");
    assert_eq!(info.point.name, "Điểm giao dịch xã Diên Phú");
    assert_eq!(info.point.code, "DGD-XDP");
    assert_eq!(info.point.address, "Trụ sở UBND xã Diên Phú");
    assert_eq!(info.point.fixed_day, 15);
    let mut communes: Vec<(&str, &str, bool)> = info
        .point
        .communes
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str(), c.is_pre_2025))
        .collect();
    communes.sort_unstable();
    assert_eq!(
        communes,
        [
            ("xa-dien-dien", "Xã Diên Điền", false),
            ("xa-dien-phu", "Xã Diên Phú", false),
            ("xa-khanh-hiep", "Xã Khánh Hiệp", false),
            ("xa-khanh-thanh", "Xã Khánh Thành", false),
            ("xa-suoi-hiep", "Xã Suối Hiệp", false),
        ]
    );
    assert_eq!(
        info.associations
            .iter()
            .map(|(_, k)| *k)
            .collect::<Vec<_>>(),
        AssociationKind::ALL
    );
    assert_eq!(
        db.store
            .programs()
            .expect("programs")
            .iter()
            .map(|(p, _)| p.code.0.as_str())
            .collect::<Vec<_>>(),
        ["01", "02", "03", "04", "05", "06", "07"]
    );

    // Groups, in file order, with codes T01… and Vietnamese names intact.
    let groups = db.store.groups().expect("groups");
    let summary: Vec<(&str, &str, AssociationKind, &str, u32)> = groups
        .iter()
        .map(|g| {
            (
                g.code.as_str(),
                g.name.as_str(),
                g.association,
                g.village.as_str(),
                g.n_members,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "T01",
                SAMPLE_GROUP,
                AssociationKind::Farmers,
                "Thôn Phú Ân Nam 2",
                2
            ),
            (
                "T02",
                "Tổ TK&VV thôn Đông - Hội LHPN",
                AssociationKind::Women,
                "Thôn Đông",
                2
            ),
            (
                "T03",
                "Tổ TK&VV thôn Lương Phước - Hội CCB",
                AssociationKind::Veterans,
                "Thôn Lương Phước",
                2
            ),
            (
                "T04",
                "Tổ TK&VV thôn Suối Cá - Đoàn TN",
                AssociationKind::Youth,
                "Thôn Suối Cá",
                2
            ),
            (
                "T05",
                "Tổ TK&VV thôn Giang Mương - Hội ND",
                AssociationKind::Farmers,
                "Thôn Giang Mương",
                2
            ),
        ]
    );
    assert!(groups.iter().all(|g| g.leader_name.is_none()));

    // Every member and loan, figure by figure, on the import date.
    for row in &rows {
        let member = db.store.member_by_code(&row.customer_code).expect("member");
        assert_eq!(member.full_name, row.customer_name, "line {}", row.line);
        assert_eq!(member.citizen_id, row.citizen_id, "line {}", row.line);
        assert_eq!(
            Some(member.village.as_str()),
            row.village.as_deref(),
            "line {}",
            row.line
        );
        assert_eq!(member.joined_on, row.disbursed_on, "one loan each");
        let expected_category = match row.program_code.as_str() {
            "01" => HouseholdCategory::Poor,
            "02" => HouseholdCategory::Student,
            "04" => HouseholdCategory::NearPoor,
            "05" => HouseholdCategory::NewlyEscaped,
            _ => HouseholdCategory::Other,
        };
        assert_eq!(member.category, expected_category, "line {}", row.line);

        let st = db.loan(&row.customer_code, &row.loan_no, as_of());
        let (loan, p) = (&st.loan, &st.position);
        let total = row.current_balance + row.overdue_balance + row.frozen_balance;
        let line = row.line;
        assert_eq!(loan.amount, Dong(total), "line {line}: amount = balance");
        assert_eq!(loan.program.0, row.program_code, "line {line}");
        assert_eq!(loan.disbursed_on, row.disbursed_on, "line {line}");
        assert_eq!(loan.term_months, row.term_months, "line {line}");
        assert_eq!(loan.funding_source, "central", "line {line}");
        assert_eq!(loan.purpose, "Nhập từ HSTD", "line {line}");
        assert_eq!(
            loan.last_activity_before_import, row.last_transaction_on,
            "line {line}"
        );
        assert_eq!(
            loan.installments.iter().map(|i| i.amount).sum::<Dong>(),
            Dong(total),
            "line {line}: schedule sums to the amount"
        );
        assert_eq!(p.outstanding, Dong(total), "line {line}");
        assert_eq!(p.current, Dong(row.current_balance), "line {line}");
        assert_eq!(p.overdue, Dong(row.overdue_balance), "line {line}");
        assert_eq!(p.frozen, Dong(row.frozen_balance), "line {line}");
        // Brought-forward interest is arrears from the import date.
        assert_eq!(
            p.interest_arrears,
            Dong(row.interest_arrears + row.overdue_interest_arrears),
            "line {line}"
        );
        let expected_status = if row.frozen_balance > 0 {
            LoanStatus::Frozen
        } else if row.overdue_balance > 0 {
            LoanStatus::Overdue
        } else {
            LoanStatus::Current
        };
        assert_eq!(p.status, expected_status, "line {line}");
        assert_eq!(
            st.decisions.len(),
            usize::from(row.frozen_balance > 0),
            "line {line}: a freeze decision only for frozen loans"
        );
    }

    // The overdue loan: 15 million overdue since the import date, 5 million due 12/01/2026.
    let overdue = db.loan("KH0560032", "6600000000001206", as_of());
    assert_eq!(
        overdue.loan.installments,
        [
            Installment {
                seq: 1,
                due_on: ymd(2026, 1, 4),
                amount: Dong(15_000_000)
            },
            Installment {
                seq: 2,
                due_on: ymd(2026, 1, 12),
                amount: Dong(5_000_000)
            },
        ]
    );
    assert_eq!(overdue.position.overdue_since, Some(as_of()));
    // On the import day, one day of interest has accrued on top of the 275.000 ₫ brought
    // forward (6,24 %/năm since 01/12/2025; overdue at 130 %):
    //   5.000.000 × 0,0624 = 312.000 and 15.000.000 × 0,0624 × 1,3 = 1.216.800 ₫/năm,
    //   1 day: 1.528.800 / 365 = 4.188,49 → 4.188 ₫.
    assert_eq!(overdue.position.interest_due, Dong(275_000 + 4_188));
    // The day after: 2 days in January, rounded once at month level:
    //   1.528.800 × 2 / 365 = 8.376,99 → 8.377 ₫. Arrears are still the 275.000 ₫ brought
    //   forward (January's interest only falls into arrears at the end of January).
    let next_day = as_of().checked_add_days(Days::new(1)).expect("date");
    let overdue = db.loan("KH0560032", "6600000000001206", next_day);
    assert_eq!(overdue.position.interest_due, Dong(275_000 + 8_377));
    assert_eq!(overdue.position.interest_arrears, Dong(275_000));
    assert_eq!(overdue.position.overdue, Dong(15_000_000));

    // The frozen loan: an open-ended freeze from the import date, no interest, nothing overdue
    // even though its due date (03/11/2025) is past.
    let frozen = db.loan("KH0570051", "6600000000001209", next_day);
    assert_eq!(frozen.decisions.len(), 1);
    let decision = &frozen.decisions[0];
    assert_eq!(decision.decision_no, "HSTD");
    assert_eq!(decision.reason, "Dư nợ khoanh theo HSTD");
    assert_eq!(decision.decided_on, as_of());
    assert_eq!(
        decision.measure,
        RiskMeasure::Freeze {
            from: as_of(),
            until: None
        }
    );
    assert_eq!(
        (
            frozen.position.frozen,
            frozen.position.overdue,
            frozen.position.interest_due
        ),
        (Dong(20_000_000), Dong::ZERO, Dong::ZERO)
    );

    // The point's quality summary on the import date.
    let q = db.store.quality_summary(as_of()).expect("quality");
    let t = &q.total.figures;
    assert_eq!(
        (
            t.n_borrowers,
            t.n_loans,
            t.outstanding,
            t.current,
            t.overdue,
            t.frozen
        ),
        (
            10,
            10,
            Dong(397_000_000),
            Dong(362_000_000),
            Dong(15_000_000),
            Dong(20_000_000)
        )
    );
    assert_eq!(t.interest_arrears, Dong(400_000));
    assert_eq!(q.associations.len(), 4);
    assert_eq!(q.groups.len(), 5);

    // Two brought-forward entries for the loans with interest arrears, one for the others.
    let le = db
        .store
        .member_statement(
            db.store.member_by_code("KH0560013").expect("member").id,
            as_of(),
        )
        .expect("statement");
    assert_eq!(
        le.entries
            .iter()
            .map(|e| (e.kind.code(), e.amount, e.value_date))
            .collect::<Vec<_>>(),
        [
            ("principal_brought_forward", Dong(40_000_000), as_of()),
            ("interest_brought_forward", Dong(125_000), as_of()),
        ]
    );
}

/// A file of two loans, parsed through a real CSV file.
fn two_loan_file(first: Vec<String>, second: Vec<String>) -> Vec<HstdRow> {
    let text = csv_text(',', &HEADER, &[first, second]);
    import_csv_file(&text).unwrap_or_else(|e| panic!("test file must parse: {e}"))
}

#[test]
fn day_after_import_overdue_principal_accrues_at_130_percent() {
    // Before 01/12/2025, so program 01 runs at 6,6 %/năm. 18.250.000 ₫ is chosen so that a day
    // of interest is a whole number of đồng:
    //   overdue: 18.250.000 × 0,066 × 1,3 / 365 = 4.290 ₫ per day,
    //   current: 18.250.000 × 0,066 / 365       = 3.300 ₫ per day.
    let as_of = ymd(2025, 11, 20);
    let mut overdue = good_row(1);
    set(&mut overdue, "Ngày vay", "15/10/2020");
    set(&mut overdue, "Dư nợ trong hạn", "0");
    set(&mut overdue, "Dư nợ quá hạn", "18.250.000");
    set(&mut overdue, "Ngày giao dịch gần nhất", "15/08/2025");
    set(&mut overdue, "Ngày đến hạn", "15/10/2025");
    let mut current = good_row(2);
    set(&mut current, "Tên KH", "Nguyễn Thị Hoa");
    set(&mut current, "Số CCCD", "");
    set(&mut current, "Dư nợ trong hạn", "18.250.000");
    set(&mut current, "Ngày giao dịch gần nhất", "15/11/2025");
    let rows = two_loan_file(overdue, current);

    let mut db = Db::new();
    db.load(&rows, as_of)
        .unwrap_or_else(|e| panic!("must load: {e}"));

    // The due date (15/10/2025) is past, so the whole balance is one installment due the day
    // before the import: overdue from the import date.
    let st = db.loan("KH0560001", "6600000000001201", as_of);
    assert_eq!(
        st.loan.installments,
        [Installment {
            seq: 1,
            due_on: ymd(2025, 11, 19),
            amount: Dong(18_250_000)
        }]
    );
    let p = &st.position;
    assert_eq!((p.overdue, p.current), (Dong(18_250_000), Dong::ZERO));
    assert_eq!(p.overdue_since, Some(as_of));
    assert_eq!(p.status, LoanStatus::Overdue);
    assert_eq!(p.interest_arrears, Dong::ZERO, "nothing brought forward");
    assert_eq!(p.interest_due, Dong(4_290), "the import day itself accrues");

    let next_day = ymd(2025, 11, 21);
    let p = db.loan("KH0560001", "6600000000001201", next_day).position;
    assert_eq!(p.interest_due, Dong(2 * 4_290), "130 % of 3.300 ₫ a day");
    assert_eq!(p.overdue, Dong(18_250_000));

    let p = db.loan("KH0560002", "6600000000001202", next_day).position;
    assert_eq!(
        (p.current, p.overdue, p.interest_due),
        (Dong(18_250_000), Dong::ZERO, Dong(2 * 3_300)),
        "the current loan of the same size accrues at the plain rate"
    );
}

#[test]
fn second_import_of_the_same_file_fails_per_row_and_changes_nothing() {
    let mut db = Db::new();
    let rows = sample_rows();
    db.load(&rows, as_of()).expect("first import");

    let quality = db.store.quality_summary(as_of()).expect("quality");
    let groups = db.store.groups().expect("groups");
    let n_changes = db.n_changes();
    let n_audit = db.store.audit_events(1000).expect("audit").len();

    let errors = row_errors(db.load(&rows, as_of()));
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str()))
            .collect::<Vec<_>>(),
        rows.iter()
            .map(|r| (r.line, "Số KU", r.loan_no.as_str()))
            .collect::<Vec<_>>(),
        "exactly one error per row, on its loan number: {errors:#?}"
    );
    assert!(errors.iter().all(|e| e.reason.contains("số KU đã có")));

    assert_eq!(db.n_changes(), n_changes, "no row written");
    assert_eq!(
        db.store.audit_events(1000).expect("audit").len(),
        n_audit,
        "not even an audit event"
    );
    assert_eq!(db.store.quality_summary(as_of()).expect("quality"), quality);
    assert_eq!(db.store.groups().expect("groups"), groups);
}

/// The sample as an `.xlsx` with real number and date cells.
fn sample_workbook(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(sample_path()).expect("read sample");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in header.iter().enumerate() {
        let c = u16::try_from(c).expect("few columns");
        ws.write_string(0, c, *h).expect("header cell");
    }
    for (r, line) in lines.enumerate() {
        let r = u32::try_from(r + 1).expect("few rows");
        for (c, (h, v)) in header.iter().zip(line.split(',')).enumerate() {
            let c = u16::try_from(c).expect("few columns");
            if v.is_empty() {
                continue;
            }
            if h.starts_with("Ngày") {
                let parts: Vec<&str> = v.split('/').collect();
                let [d, m, y] = parts.as_slice() else {
                    panic!("date «{v}»")
                };
                let date = ExcelDateTime::from_ymd(
                    y.parse().expect("year"),
                    m.parse().expect("month"),
                    d.parse().expect("day"),
                )
                .expect("date");
                ws.write_datetime_with_format(r, c, date, &date_format)
                    .expect("date cell");
            } else if h.starts_with("Dư nợ") || h.starts_with("Lãi") || *h == "Thời hạn" {
                ws.write_number(r, c, v.parse::<f64>().expect("number"))
                    .expect("number cell");
            } else {
                ws.write_string(r, c, v).expect("text cell");
            }
        }
    }
    let path = dir.join("hstd.xlsx");
    wb.save(&path).expect("save workbook");
    path
}

#[test]
fn an_xlsx_export_loads_to_the_same_books_as_the_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx_rows = read_path(&sample_workbook(dir.path()))
        .unwrap_or_else(|e| panic!("workbook must parse: {e}"));
    let csv_rows = sample_rows();
    assert_eq!(xlsx_rows, csv_rows, "same rows from both formats");

    let mut from_xlsx = Db::new();
    let report = from_xlsx
        .load(&xlsx_rows, as_of())
        .unwrap_or_else(|e| panic!("xlsx must load: {e}"));
    let mut from_csv = Db::new();
    let csv_report = from_csv.load(&csv_rows, as_of()).expect("csv loads");
    assert_eq!(report, csv_report);
    assert_eq!(
        from_xlsx.store.quality_summary(as_of()).expect("quality"),
        from_csv.store.quality_summary(as_of()).expect("quality"),
    );
    let member = from_xlsx.store.member_by_code("KH0570052").expect("member");
    assert_eq!(member.full_name, "Đặng Thị Xuân Quỳnh");
    assert_eq!(member.citizen_id.as_deref(), Some("056197005566"));
}

#[test]
fn an_unknown_program_code_fails_the_whole_file() {
    let mut db = Db::new();
    let mut rows = sample_rows();
    rows[3].program_code = "99".to_owned();
    let n_changes = db.n_changes();

    let errors = row_errors(db.load(&rows, as_of()));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(
        (e.line, e.column.as_str(), e.value.as_str()),
        (5, "Mã CT", "99")
    );
    assert!(e.reason.contains("chưa có"), "{}", e.reason);

    assert!(
        db.store.point().expect("point").is_none(),
        "no point created"
    );
    assert!(db.store.is_empty().expect("is_empty"));
    assert!(db.store.groups().expect("groups").is_empty());
    assert!(db.store.programs().expect("programs").is_empty());
    assert_eq!(db.n_changes(), n_changes, "nothing written");
}

#[test]
fn conflicts_with_the_database_are_all_reported_at_once() {
    let mut db = Db::new();
    db.load(&sample_rows(), as_of()).expect("sample loads");
    let quality = db.store.quality_summary(as_of()).expect("quality");
    let n_changes = db.n_changes();

    let row = |n: usize, code: &str, name: &str, cid: &str| {
        let mut r = good_row(n);
        set(&mut r, "Mã KH", code);
        set(&mut r, "Tên KH", name);
        set(&mut r, "Số CCCD", cid);
        r
    };
    // Line 2: customer code of Trần Thị Mỹ Lệ with another name.
    let mut l2 = row(21, "KH0560013", "Trần Thị Lệ", "056185004321");
    set(&mut l2, "Tên tổ", SAMPLE_GROUP);
    // Line 3: a new customer with Nguyễn Văn Hùng's CCCD.
    let l3 = row(22, "KH0999001", "Phan Văn Mới", "056082001234");
    // Line 4: unknown program.
    let mut l4 = row(23, "KH0999002", "Phan Thị Hai", "");
    set(&mut l4, "Mã CT", "99");
    // Line 5: loan number already imported.
    let l5 = row(1, "KH0999003", "Phan Văn Ba", "");
    // Line 6: another office.
    let mut l6 = row(24, "KH0999004", "Phan Văn Bốn", "");
    set(&mut l6, "Tên PGD", "PGD NHCSXH huyện Khánh Vĩnh");
    // Line 7: partial freeze.
    let mut l7 = row(25, "KH0999005", "Phan Văn Năm", "");
    set(&mut l7, "Dư nợ trong hạn", "10000000");
    set(&mut l7, "Dư nợ khoanh", "5000000");
    // Line 8: current balance past its due date.
    let mut l8 = row(26, "KH0999006", "Phan Văn Sáu", "");
    set(&mut l8, "Ngày đến hạn", "15/12/2025");
    // Line 9: Lê Thị Thu Hà (Women's group) placed in a Farmers' group.
    let mut l9 = row(27, "KH0560021", "Lê Thị Thu Hà", "");
    set(&mut l9, "Tên tổ", SAMPLE_GROUP);
    // Line 10: a good row (imported with nothing else, so not at all).
    let l10 = row(28, "KH0999007", "Phan Văn Tốt", "056000000007");
    // Line 11: the same customer code as line 10 with another name.
    let l11 = row(29, "KH0999007", "Phan Văn Khác", "");
    let text = csv_text(',', &HEADER, &[l2, l3, l4, l5, l6, l7, l8, l9, l10, l11]);
    let rows = import_csv_file(&text).unwrap_or_else(|e| panic!("file must parse: {e}"));

    let result = db.load(&rows, as_of());
    let message = match &result {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    let errors = row_errors(result);
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect::<Vec<_>>(),
        [
            (2, "Tên KH"),
            (3, "Số CCCD"),
            (4, "Mã CT"),
            (5, "Số KU"),
            (6, "Tên PGD"),
            (7, "Dư nợ khoanh"),
            (8, "Ngày đến hạn"),
            (9, "Tên tổ"),
            (11, "Tên KH"),
        ],
        "{errors:#?}"
    );
    let reason = |line: usize| {
        errors
            .iter()
            .find(|e| e.line == line)
            .map_or("", |e| e.reason.as_str())
    };
    assert!(reason(2).contains("Trần Thị Mỹ Lệ"), "{}", reason(2));
    assert!(reason(3).contains("Nguyễn Văn Hùng"), "{}", reason(3));
    assert!(reason(5).contains("số KU đã có"), "{}", reason(5));
    assert!(reason(6).contains("tệp thuộc PGD khác"), "{}", reason(6));
    assert!(reason(7).contains("khoanh nợ một phần"), "{}", reason(7));
    assert!(
        reason(8).contains("dư nợ trong hạn nhưng đã quá ngày đến hạn"),
        "{}",
        reason(8)
    );
    assert!(
        reason(9).contains("T02"),
        "names the group in the database: {}",
        reason(9)
    );
    assert!(reason(11).contains("dòng 10"), "{}", reason(11));
    assert!(message.starts_with("tệp có 9 lỗi"), "{message}");
    assert_eq!(
        errors[6].to_string(),
        "dòng 8, cột «Ngày đến hạn» = «15/12/2025»: dư nợ trong hạn nhưng đã quá ngày đến hạn: \
         còn 50.000.000 ₫ trong hạn mà ngày đến hạn trước ngày nhập 05/01/2026"
    );

    assert_eq!(db.n_changes(), n_changes, "nothing written");
    assert_eq!(db.store.quality_summary(as_of()).expect("quality"), quality);
    assert!(db.store.member_by_code("KH0999007").is_err());
}

#[test]
fn a_file_of_two_offices_is_refused_on_an_empty_database() {
    let first = good_row(1);
    let mut second = good_row(2);
    set(&mut second, "Số CCCD", "");
    set(&mut second, "Tên KH", "Trần Văn Hai");
    set(&mut second, "Tên PGD", "PGD NHCSXH huyện Khánh Vĩnh");
    let rows = two_loan_file(first, second);

    let mut db = Db::new();
    let errors = row_errors(db.load(&rows, as_of()));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].line, errors[0].column.as_str()), (3, "Tên PGD"));
    assert!(errors[0].reason.contains("tệp thuộc PGD khác"));
    assert!(errors[0].reason.contains("PGD NHCSXH huyện Diên Khánh"));
    assert!(db.store.is_empty().expect("is_empty"));
}

#[test]
fn a_later_file_adds_to_existing_groups_and_members() {
    let mut db = Db::new();
    db.load(&sample_rows(), as_of()).expect("sample loads");

    // A second loan for Nguyễn Văn Hùng in his group (name in capitals, extra spaces).
    let mut hung = good_row(31);
    set(&mut hung, "Mã KH", "KH0560012");
    set(&mut hung, "Tên KH", "NGUYỄN  VĂN HÙNG");
    set(&mut hung, "Tên tổ", SAMPLE_GROUP);
    set(&mut hung, "Mã CT", "03");
    set(&mut hung, "Dư nợ trong hạn", "20000000");
    // A new member with two loans in a new group without a village.
    let new_member = |n: usize, program: &str, disbursed: &str| {
        let mut r = good_row(n);
        set(&mut r, "Mã KH", "KH0560099");
        set(&mut r, "Tên KH", "Hồ Thị Ngọc Ẩn");
        set(&mut r, "Số CCCD", "056199009999");
        set(&mut r, "ĐVUT", "HPN");
        set(&mut r, "Tên tổ", "Tổ TK&VV thôn Phú Ân Bắc - Hội LHPN");
        set(&mut r, "Tên thôn", "");
        set(&mut r, "Mã CT", program);
        set(&mut r, "Ngày vay", disbursed);
        r
    };
    let text = csv_text(
        ',',
        &HEADER,
        &[
            hung,
            new_member(32, "01", "10/01/2022"),
            new_member(33, "04", "10/06/2024"),
        ],
    );
    let rows = import_csv_file(&text).unwrap_or_else(|e| panic!("file must parse: {e}"));
    let report = db
        .load(&rows, as_of())
        .unwrap_or_else(|e| panic!("must load: {e}"));
    assert_eq!(
        (
            report.n_groups_created,
            report.n_members_created,
            report.n_loans,
            report.point_created
        ),
        (1, 1, 3, false)
    );
    assert_eq!(report.principal, Dong(20_000_000 + 2 * 50_000_000));

    let hung = db.store.member_by_code("KH0560012").expect("member");
    assert_eq!(
        hung.full_name, "Nguyễn Văn Hùng",
        "existing member untouched"
    );
    let statement = db
        .store
        .member_statement(hung.id, as_of())
        .expect("statement");
    assert_eq!(statement.loans.len(), 2);

    let group = db.store.group_by_code("T06").expect("next group code");
    assert_eq!(group.name, "Tổ TK&VV thôn Phú Ân Bắc - Hội LHPN");
    assert_eq!(group.association, AssociationKind::Women);
    assert_eq!(group.village, group.name, "no village: the group's name");
    assert_eq!(group.n_members, 1);
    let an = db.store.member_by_code("KH0560099").expect("member");
    assert_eq!(an.group_id, group.id);
    assert_eq!(an.full_name, "Hồ Thị Ngọc Ẩn");
    assert_eq!(an.joined_on, ymd(2022, 1, 10), "earliest loan");
    assert_eq!(
        an.category,
        HouseholdCategory::NearPoor,
        "from the most recent loan (04, 2024)"
    );
    assert_eq!(an.village, group.village);
}

#[test]
fn the_importer_must_be_on_the_staff_list() {
    let mut db = Db::new();
    let stranger = Actor {
        staff: StaffId(db.store.new_id()),
        at: db.actor.at,
    };
    let result = load(
        &mut db.store,
        &sample_rows(),
        &LoadOptions {
            as_of: as_of(),
            actor: stranger,
        },
    );
    assert!(
        matches!(result, Err(LoadError::UnknownActor(id)) if id == stranger.staff),
        "{result:?}"
    );
    assert!(matches!(db.load(&[], as_of()), Err(LoadError::Empty)));
    assert!(db.store.is_empty().expect("is_empty"));
}
