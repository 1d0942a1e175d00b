//! The demo commune, end to end on real files: it is deterministic, its
//! books obey the ledger's rules, and it shows every kind of trouble the
//! quality report is about.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use phien_core::loan::LoanStatus;
use phien_demo::{DemoOptions, DemoReport, generate};
use phien_store::Store;
use rusqlite::types::ValueRef;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn small(seed: u64, today: NaiveDate) -> DemoOptions {
    DemoOptions {
        seed,
        today,
        n_groups: 4,
        years: 1,
        commune: 0,
    }
}

fn generate_into(dir: &Path, name: &str, options: &DemoOptions) -> (Store, DemoReport, PathBuf) {
    let path = dir.join(name);
    let mut store = Store::open(&path).expect("open store");
    let report = generate(&mut store, options).expect("demo generates");
    (store, report, path)
}

/// Every row of every table, ordered by all columns, as text. The device's
/// own id (made when the file is created, from the clock) is replaced by a
/// placeholder: it identifies the laptop, not the demo.
fn dump(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open db");
    let device: String = conn
        .query_row("SELECT id FROM device", [], |r| r.get(0))
        .expect("device id");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| t != "device");
    let mut out = String::new();
    for table in tables {
        let stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT * FROM {table} ORDER BY {}",
                order.join(", ")
            ))
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        out.push_str(&format!("== {table}\n"));
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| match row.get_ref(i).unwrap() {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(v) => v.to_string(),
                    ValueRef::Real(v) => format!("{v:?}"),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).to_string(),
                    ValueRef::Blob(b) => format!("{b:?}"),
                })
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out.replace(&device, "DEVICE")
}

#[test]
fn the_same_options_write_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let options = small(2026, d(2026, 11, 27));
    let (store_a, report_a, path_a) = generate_into(dir.path(), "a.db", &options);
    let (store_b, report_b, path_b) = generate_into(dir.path(), "b.db", &options);
    assert_ne!(
        store_a.device_id(),
        store_b.device_id(),
        "each file is its own device"
    );
    drop((store_a, store_b));
    assert_eq!(report_a, report_b);
    let (a, b) = (dump(&path_a), dump(&path_b));
    assert!(
        a.lines().count() > 5_000,
        "the dump covers the books: {} lines",
        a.lines().count()
    );
    if a != b {
        let (line_a, line_b) = a
            .lines()
            .zip(b.lines())
            .find(|(x, y)| x != y)
            .unwrap_or(("(length differs)", ""));
        panic!("two runs differ:\n  {line_a}\n  {line_b}");
    }

    let (_, _, path_c) = generate_into(dir.path(), "c.db", &small(2027, d(2026, 11, 27)));
    assert_ne!(dump(&path_c), a, "another seed makes another commune");
}

#[test]
fn the_books_obey_the_rules_and_show_the_trouble() {
    let dir = tempfile::tempdir().unwrap();
    // A today far from the real clock: every instant must come from the simulated dates.
    let today = d(2026, 3, 20);
    let (mut store, report, path) = generate_into(dir.path(), "demo.db", &small(11, today));
    assert_eq!(report.n_groups, 4);
    assert_eq!(report.n_sessions, 12, "one session a month for a year");
    assert_eq!(report.last_session, d(2026, 3, 15));
    assert!(
        report.n_members >= 80 && report.n_loans >= 60 && report.n_meetings > 12,
        "{report:?}"
    );
    assert!(
        report
            .staff
            .iter()
            .any(|s| s.code == "CB02" && s.pin.as_deref() == Some("1234")),
        "the controller can approve with PIN 1234"
    );
    assert!(
        report
            .staff
            .iter()
            .any(|s| s.code == "TT04" && s.pin.as_deref() == Some("1111"))
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");

    let conn = rusqlite::Connection::open(&path).unwrap();
    let n_entries: u32 = conn
        .query_row("SELECT count(*) FROM ledger_entry", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        n_entries, report.n_entries,
        "the report counts what was written"
    );

    // Every session is closed and its count matched the books.
    let sessions: Vec<String> = conn
        .prepare("SELECT id FROM session ORDER BY date")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sessions.len(), 12);
    for id in &sessions {
        let summary = store.session_summary(id.parse().unwrap()).unwrap();
        assert!(
            summary.closed_at.is_some(),
            "session {} left open",
            summary.date
        );
        assert_eq!(
            summary.difference,
            Some(phien_core::Dong::ZERO),
            "session {}",
            summary.date
        );
        assert_eq!(summary.counted_cash, Some(summary.expected_cash));
    }

    // Instants come from the simulated calendar, never from the clock.
    let (first_at, last_at): (String, String) = conn
        .query_row("SELECT min(at), max(at) FROM audit_event", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(last_at.as_str() < "2026-03-21", "latest write {last_at}");
    assert!(
        first_at.as_str() > "2023-01-01",
        "earliest write {first_at}"
    );
    let late: u32 = conn
        .query_row(
            "SELECT count(*) FROM ledger_entry WHERE recorded_at > '2026-03-21' OR value_date > '2026-03-20'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(late, 0);

    // Savings never go below zero at the end of any day.
    let below: u32 = conn
        .query_row(
            "WITH daily AS (
                SELECT member_id, value_date,
                       sum(CASE kind WHEN 'savings_deposit' THEN amount ELSE -amount END) AS delta
                FROM ledger_entry
                WHERE kind IN ('savings_deposit', 'savings_withdrawal', 'interest_from_savings')
                GROUP BY member_id, value_date),
             running AS (
                SELECT sum(delta) OVER (PARTITION BY member_id ORDER BY value_date) AS balance FROM daily)
             SELECT count(*) FROM running WHERE balance < 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(below, 0, "no member's savings went negative");
    let small_deposits: u32 = conn
        .query_row(
            "SELECT count(*) FROM ledger_entry WHERE kind = 'savings_deposit' AND amount < 5000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(small_deposits, 0, "deposits are at least 5.000 ₫");

    // Every loan: nothing over-repaid, no interest paid beyond what accrued.
    let book = store.point_book().unwrap();
    let mut statuses = Vec::new();
    for record in &book.loans {
        let p = book.position(record, today).unwrap();
        assert!(
            p.outstanding.get() >= 0,
            "{}: outstanding {}",
            record.loan.account_no,
            p.outstanding
        );
        assert!(
            p.interest_paid <= p.interest_accrued,
            "{}: paid {} of {} accrued",
            record.loan.account_no,
            p.interest_paid,
            p.interest_accrued
        );
        assert_eq!(record.loan.account_no.len(), 16);
        statuses.push(p.status);
    }
    assert!(statuses.contains(&LoanStatus::Frozen), "a frozen loan");
    assert!(statuses.contains(&LoanStatus::Overdue), "an overdue loan");

    let quality = store.quality_summary(today).unwrap();
    let f = &quality.total.figures;
    assert!(f.overdue.is_positive(), "{f:?}");
    assert!(f.frozen.is_positive(), "{f:?}");
    assert!(f.n_inactive >= 1, "{f:?}");
    assert!(f.n_moved_away_with_debt >= 1, "{f:?}");
    assert_eq!(
        quality.associations.len(),
        2,
        "four groups: Farmers and Women"
    );

    // The demo only fills an empty file.
    let err = generate(&mut store, &small(11, today)).unwrap_err();
    assert_eq!(err.code(), "not_empty");
}

#[test]
fn sizes_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("x.db")).unwrap();
    let mut options = small(1, d(2026, 11, 27));
    options.n_groups = 0;
    assert_eq!(
        generate(&mut store, &options).unwrap_err().code(),
        "bad_options"
    );
    options.n_groups = 4;
    options.years = 0;
    assert_eq!(
        generate(&mut store, &options).unwrap_err().code(),
        "bad_options"
    );
    assert!(store.is_empty().unwrap(), "nothing was written");
}

/// The standard demo (40 groups, 3 years): about 1.400 members and 1.500
/// loans, with the trouble in the proportions the quality report is about.
/// Takes a few seconds even in a debug build.
#[test]
fn the_standard_demo_has_the_expected_shape() {
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 11, 27);
    let (store, report, _) =
        generate_into(dir.path(), "standard.db", &DemoOptions::standard(today));
    assert_eq!((report.n_groups, report.n_sessions), (40, 36));
    assert!((1_250..=1_550).contains(&report.n_members), "{report:?}");
    assert!((1_350..=1_650).contains(&report.n_loans), "{report:?}");
    assert_eq!(
        report.staff.len(),
        1 + 5 + 40,
        "HT, five bank staff, one leader per group"
    );

    let book = store.point_book().unwrap();
    let (mut overdue, mut inactive, mut frozen, mut extended, mut written_off, mut stuck) =
        (0, 0, 0, 0, 0, 0);
    for record in &book.loans {
        let p = book.position(record, today).unwrap();
        overdue += u32::from(p.overdue.is_positive());
        inactive += u32::from(p.inactive);
        frozen += u32::from(p.status == LoanStatus::Frozen);
        extended += u32::from(p.status == LoanStatus::Extended);
        written_off += u32::from(p.status == LoanStatus::WrittenOff);
        stuck += u32::from(!p.outstanding.is_positive() && p.interest_due.is_positive());
    }
    assert!((30..=60).contains(&overdue), "overdue loans: {overdue}");
    assert!((20..=50).contains(&inactive), "inactive loans: {inactive}");
    assert!((1..=2).contains(&frozen), "frozen loans: {frozen}");
    assert_eq!((extended, written_off), (1, 1));
    assert!(
        stuck <= 3,
        "repaid loans still owing a few đồng of interest: {stuck}"
    );
    let quality = store.quality_summary(today).unwrap();
    let moved = quality.total.figures.n_moved_away_with_debt;
    assert!((8..=15).contains(&moved), "moved away with debt: {moved}");
    assert_eq!(quality.associations.len(), 4);
}

/// The values of one column, as text.
fn column(path: &Path, sql: &str) -> std::collections::BTreeSet<String> {
    let conn = rusqlite::Connection::open(path).expect("open db");
    let mut stmt = conn.prepare(sql).expect("a query");
    stmt.query_map([], |r| r.get(0))
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("text")
}

#[test]
fn the_communes_of_a_demo_district_share_their_office_and_only_their_own_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let communes: Vec<PathBuf> = [1u32, 2]
        .into_iter()
        .map(|n| {
            let options = DemoOptions {
                seed: 2026 + u64::from(n),
                commune: n,
                ..small(0, d(2026, 11, 27))
            };
            generate_into(dir.path(), &format!("x{n}.db"), &options).2
        })
        .collect();
    let office = phien_demo::DISTRICT_OFFICE.0.to_string();
    for path in &communes {
        assert_eq!(
            column(path, "SELECT id FROM office"),
            [office.clone()].into(),
            "every commune is in the district's office"
        );
    }
    for sql in [
        "SELECT code FROM point",
        "SELECT customer_code FROM member",
        "SELECT citizen_id FROM member WHERE citizen_id IS NOT NULL",
        "SELECT account_no FROM loan",
        "SELECT id FROM ledger_entry",
    ] {
        let (a, b) = (column(&communes[0], sql), column(&communes[1], sql));
        assert!(
            a.is_disjoint(&b),
            "{sql}: codes the bank gives district-wide are never shared by two communes"
        );
    }
    for sql in ["SELECT code FROM savings_group", "SELECT code FROM staff"] {
        let (a, b) = (column(&communes[0], sql), column(&communes[1], sql));
        assert!(
            !a.is_disjoint(&b),
            "{sql}: codes a commune numbers itself repeat between communes, as real ones do"
        );
    }
    assert!(
        column(&communes[1], "SELECT customer_code FROM member").contains("X02-KH000001")
            && column(&communes[1], "SELECT code FROM savings_group").contains("T01"),
        "customer codes carry the commune's number, group codes do not"
    );
}
