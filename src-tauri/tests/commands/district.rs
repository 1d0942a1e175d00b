//! The district's reports from the sync server (docs/ipc.md, "The
//! district's report"), against the real `phien-server` binary on loopback
//! with real store files: a point's laptop pushes its books, a supervisor's
//! laptop (enrolled with a supervisor's code, nothing pulled) gets the
//! district's credit report and exports it, and its ratings, fees,
//! watchlists and comparison, each the point's own; the point's laptop, a revoked or
//! unknown credential, a laptop never enrolled and a server gone are each
//! refused with their code.
//!
//! The binary is the one `cargo build -p phien-server` leaves beside this
//! test's own (`cargo test --workspace` builds it first, for the server's
//! tests).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use phien_app::AppState;
use phien_app::commands::district::{
    DistrictReports, district_compare_units, district_credit_report, district_fee_report,
    district_group_ratings, district_watchlist,
};
use phien_app::commands::export::export_document;
use phien_app::commands::report::{
    compare_units, credit_report, fee_report, group_ratings, watchlist,
};
use phien_app::ipc::IpcError;
use phien_app::ipc::export::ExportRequest;
use phien_app::ipc::report::DistrictReportDto;
use phien_store::Store;
use serde_json::json;

use super::{MockApp, TODAY, day, fixture, quick};

/// `phien-server` beside this test binary (`target/debug/deps/commands-…`
/// → `target/debug/phien-server`).
fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let binary = dir.join(format!("phien-server{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build -p phien-server` first",
        binary.display()
    );
    binary
}

/// The real server process on a free loopback port, its SQLite file and
/// report replicas in a temporary folder; killed when dropped.
struct RealServer {
    child: Child,
    db: PathBuf,
    url: String,
    _dir: tempfile::TempDir,
}

impl RealServer {
    fn start() -> RealServer {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("server.db");
        let mut child = Command::new(server_binary())
            .arg("--db")
            .arg(&db)
            .arg("--reports")
            .arg(dir.path().join("reports"))
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("phien-server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the server prints its address first, got {line:?}"))
            .to_owned();
        RealServer {
            child,
            db,
            url,
            _dir: dir,
        }
    }

    /// An administration command of the same binary on the same storage.
    fn admin(&self, args: &[&str]) -> String {
        let out = Command::new(server_binary())
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `phien-server issue-code --json --kind KIND --office …`.
    fn code(&self, kind: &str, office: &str, point: Option<&str>) -> String {
        let mut args = vec!["issue-code", "--json", "--kind", kind, "--office", office];
        if let Some(point) = point {
            args.extend(["--point", point]);
        }
        let out: serde_json::Value = serde_json::from_str(&self.admin(&args)).unwrap();
        out["code"].as_str().unwrap().to_owned()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A laptop's data file with nothing in it yet.
fn empty_laptop(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    drop(Store::open(&path).unwrap());
    path
}

fn ask(
    path: &Path,
    kept: &DistrictReports,
    as_of: Option<&str>,
    level: &str,
    within: Option<&str>,
) -> Result<DistrictReportDto, IpcError> {
    district_credit_report(
        path,
        kept,
        day(TODAY),
        as_of,
        level,
        within,
        chrono::Utc::now(),
        quick(),
    )
}

fn district_export(format: &str, as_of: &str) -> ExportRequest {
    ExportRequest {
        document: "credit_report".into(),
        format: format.into(),
        as_of: Some(as_of.into()),
        level: Some("group".into()),
        source: Some("server".into()),
        ..ExportRequest::default()
    }
}

#[test]
fn a_supervisors_laptop_gets_the_districts_report_from_the_real_server() {
    let mut server = RealServer::start();
    let f = fixture();
    let point = Store::open(&f.path)
        .unwrap()
        .point()
        .unwrap()
        .unwrap()
        .point;
    let (office_id, point_id) = (point.office_id.to_string(), point.id.to_string());

    // The administrator loads the office's own rows (programs, rates…: a
    // point may not write them); the point's laptop sends its books.
    let path = f.path.to_string_lossy().into_owned();
    server.admin(&["office-data", "--office", &office_id, "--from", &path]);
    let code = server.code("point", &office_id, Some(&point_id));
    let now = chrono::Utc::now();
    phien_app::commands::enrol_device(&f.path, &server.url, &code, "Laptop điểm", now, quick())
        .unwrap();
    let synced = phien_app::commands::sync_now(&f.path, now, quick()).unwrap();
    assert_eq!(synced.state.quarantined, 0, "the point's books all went up");
    assert_eq!(
        phien_app::commands::home(&f.state)
            .unwrap()
            .sync
            .scope
            .as_deref(),
        Some("point"),
        "the home screen says what the laptop is enrolled as"
    );

    // It is refused the district's figures by the server, and its own report is still there.
    let kept = DistrictReports::default();
    let refused = ask(&f.path, &kept, None, "group", None).unwrap_err();
    assert_eq!(refused.code, "forbidden", "{refused}");
    assert!(credit_report(&f.state, None, "group", None).is_ok());
    let others = [
        district_group_ratings(&f.path, day(TODAY), None, now, quick()).map(drop),
        district_fee_report(&f.path, day(TODAY), None, now, quick()).map(drop),
        district_watchlist(
            &f.path,
            day(TODAY),
            "overdue",
            "amount",
            None,
            None,
            now,
            quick(),
        )
        .map(drop),
        district_compare_units(
            &f.path,
            day(TODAY),
            None,
            "point",
            "overdue_ratio",
            None,
            now,
            quick(),
        )
        .map(drop),
    ];
    for refused in others {
        let e = refused.unwrap_err();
        assert_eq!(e.code, "forbidden", "every district report is refused: {e}");
    }

    // A supervisor's laptop, enrolled from the app with the district's code, nothing pulled.
    let dir = tempfile::tempdir().unwrap();
    let supervisor = empty_laptop(dir.path(), "giam-sat.db");
    let code = server.code("supervisor", &office_id, None);
    let enrolled = phien_app::commands::enrol_device(
        &supervisor,
        &server.url,
        &code,
        "Laptop giám sát",
        now,
        quick(),
    )
    .unwrap();
    assert_eq!(enrolled.scope.as_deref(), Some("supervisor"));

    // Before anything is sent, its arguments are read as `credit_report` reads them.
    for (as_of, level, within, code) in [
        (Some("27/11/2026"), "group", None, "bad_date"),
        (Some("2026-11-28"), "group", None, "future_date"),
        (None, "commune", None, "bad_level"),
        (None, "group", Some("T01"), "unknown_unit"),
    ] {
        let e = ask(&supervisor, &kept, as_of, level, within).unwrap_err();
        assert_eq!(e.code, code, "{as_of:?} {level} {within:?}: {e}");
    }

    // One commune in the district: the server's report is the point's own.
    let asked_at = chrono::Utc::now();
    let district = district_credit_report(
        &supervisor,
        &kept,
        day(TODAY),
        Some("2026-11-15"),
        "group",
        None,
        asked_at,
        quick(),
    )
    .unwrap();
    assert_eq!(
        district.report,
        credit_report(&f.state, Some("2026-11-15"), "group", None).unwrap(),
        "the district's report, shaped as credit_report's"
    );
    assert_eq!(district.server, server.url, "where the figures come from");
    assert!(district.through > 1_000, "the point's books: {district:?}");
    assert_eq!(
        district.fetched_at,
        asked_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "and when"
    );
    let today = ask(&supervisor, &kept, None, "group", None).unwrap();
    assert_eq!(today.report.as_of, TODAY, "today when no date is asked");
    let group = district
        .report
        .rows
        .iter()
        .find(|r| r.level == "group")
        .unwrap()
        .id
        .clone();
    let borrowers = ask(
        &supervisor,
        &kept,
        Some("2026-11-15"),
        "borrower",
        Some(&group),
    )
    .unwrap();
    assert_eq!(
        borrowers.report,
        credit_report(&f.state, Some("2026-11-15"), "borrower", Some(&group)).unwrap(),
        "a group opened to its borrowers"
    );
    let e = ask(
        &supervisor,
        &kept,
        None,
        "group",
        Some("0193c0de-0000-7000-8000-000000000000"),
    )
    .unwrap_err();
    assert_eq!(e.code, "unknown_unit", "the server's own code: {e}");

    // The other reports: each the point's own, shaped as its local command's.
    // The server measures a month in progress through today in Vietnam, so
    // the point's own are measured through the same day.
    let vn_today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let point_now = AppState::new(Store::open(&f.path).unwrap(), Some(vn_today));
    let ratings =
        district_group_ratings(&supervisor, day(TODAY), Some("2026-11"), asked_at, quick())
            .unwrap();
    assert_eq!(
        ratings.report,
        group_ratings(&point_now, Some("2026-11")).unwrap(),
        "the district's group ratings"
    );
    assert!(
        !ratings.report.groups.is_empty(),
        "the point's groups are rated"
    );
    assert_eq!(ratings.server, server.url);
    assert_eq!(ratings.through, district.through, "the same feed");
    assert_eq!(ratings.fetched_at, district.fetched_at);
    let fees =
        district_fee_report(&supervisor, day(TODAY), Some("2026-11"), asked_at, quick()).unwrap();
    assert_eq!(
        fees.report,
        fee_report(&point_now, Some("2026-11")).unwrap(),
        "the district's fees"
    );
    for (kind, sort, within) in [
        ("overdue", "amount", None),
        ("arrears", "age", Some(group.as_str())),
        ("inactive", "amount", None),
    ] {
        let list = district_watchlist(
            &supervisor,
            day(TODAY),
            kind,
            sort,
            Some("2026-11-15"),
            within,
            asked_at,
            quick(),
        )
        .unwrap();
        assert_eq!(
            list.report,
            watchlist(&f.state, kind, sort, Some("2026-11-15"), within).unwrap(),
            "the district's {kind} list by {sort} within {within:?}"
        );
    }
    for (level, by) in [("point", "overdue_ratio"), ("group", "interest_arrears")] {
        let compared = district_compare_units(
            &supervisor,
            day(TODAY),
            Some("2026-11-15"),
            level,
            by,
            None,
            asked_at,
            quick(),
        )
        .unwrap();
        assert_eq!(
            compared.report,
            compare_units(&f.state, Some("2026-11-15"), level, by, None).unwrap(),
            "the district's {level}s by {by}"
        );
    }
    // Their arguments are read before anything is sent, as the local commands read them.
    let bad = [
        district_group_ratings(&supervisor, day(TODAY), Some("11/2026"), asked_at, quick())
            .map(drop),
        district_watchlist(
            &supervisor,
            day(TODAY),
            "late",
            "amount",
            None,
            None,
            asked_at,
            quick(),
        )
        .map(drop),
        district_compare_units(
            &supervisor,
            day(TODAY),
            None,
            "office",
            "overdue",
            None,
            asked_at,
            quick(),
        )
        .map(drop),
    ];
    let codes: Vec<String> = bad.into_iter().map(|r| r.unwrap_err().code).collect();
    assert_eq!(codes, ["bad_month", "bad_watchlist", "bad_level"]);

    // The district's report to Excel and PDF, from a laptop with no point of its own.
    let folder = dir.path().join("Phiên");
    let state = AppState::new(Store::open(&supervisor).unwrap(), Some(day(TODAY)))
        .with_export_folder(folder.clone());
    let xlsx = export_document(&state, &district_export("xlsx", "2026-11-15")).unwrap();
    assert_eq!(xlsx.file_name, "Chất lượng tín dụng ngày 15-11-2026.xlsx");
    let text = super::export::first_sheet_text(&xlsx.path);
    let point_row = district
        .report
        .rows
        .iter()
        .find(|r| r.level == "point")
        .unwrap();
    assert!(
        text.contains(&point_row.label),
        "the workbook holds the server's rows: {text}"
    );

    // The district's other reports to files, from the server's figures. The
    // letterhead names the office, which the laptop learns at its first sync.
    let server_file = |document: &str, format: &str| ExportRequest {
        document: document.into(),
        format: format.into(),
        month: Some("2026-11".into()),
        kind: (document == "watchlist").then(|| "overdue".into()),
        source: Some("server".into()),
        ..ExportRequest::default()
    };
    let e = export_document(&state, &server_file("ratings", "xlsx")).unwrap_err();
    assert_eq!(e.code, "no_office", "{e}");
    phien_app::commands::sync_now(&supervisor, now, quick()).unwrap();
    let rated = export_document(&state, &server_file("ratings", "xlsx")).unwrap();
    let sheet = super::export::first_sheet_text(&rated.path);
    for group in &ratings.report.groups {
        assert!(
            sheet.contains(&group.label),
            "the workbook rates every group of the server's answer: {sheet}"
        );
    }
    assert!(
        sheet.contains("Toàn quận/huyện"),
        "its letterhead says it is the whole district's: {sheet}"
    );
    let fees_pdf = export_document(&state, &server_file("fees", "pdf")).unwrap();
    assert!(
        super::export::pdf_text(&fees_pdf.path).contains("PHÍ ỦY THÁC VÀ HOA HỒNG THÁNG 11/2026")
    );
    let overdue = export_document(&state, &server_file("watchlist", "pdf")).unwrap();
    assert!(super::export::pdf_text(&overdue.path).contains("NỢ QUÁ HẠN"));
    let ranked = export_document(&state, &server_file("comparison", "xlsx")).unwrap();
    assert!(ranked.file_name.ends_with(".xlsx"), "{ranked:?}");

    // The server refuses a revoked laptop, and one it does not know.
    let device = Store::open(&supervisor).unwrap().device_id().to_string();
    server.admin(&["revoke", &device]);
    let e = ask(&supervisor, &kept, None, "group", None).unwrap_err();
    assert_eq!(e.code, "revoked", "{e}");
    let stranger = empty_laptop(dir.path(), "la.db");
    {
        let mut store = Store::open(&stranger).unwrap();
        let link = Store::open(&supervisor)
            .unwrap()
            .sync_link()
            .unwrap()
            .unwrap();
        store
            .set_sync_link(&phien_store::NewSyncLink {
                server_url: link.server_url,
                credential: "0".repeat(64),
                scope: link.scope,
                enrolled_at: now,
                bundle_secret: None,
                server_key: None,
            })
            .unwrap();
    }
    let e = ask(&stranger, &kept, None, "group", None).unwrap_err();
    assert_eq!(e.code, "unauthorized", "{e}");
    let never = empty_laptop(dir.path(), "moi.db");
    let e = ask(&never, &kept, None, "group", None).unwrap_err();
    assert_eq!(e.code, "not_enrolled", "{e}");

    // No server: `unreachable`; the report already shown still goes to a
    // file, and one never fetched cannot.
    server.stop();
    let e = ask(&supervisor, &kept, None, "group", None).unwrap_err();
    assert_eq!(e.code, "unreachable", "{e}");
    let e = district_fee_report(&supervisor, day(TODAY), None, now, quick()).unwrap_err();
    assert_eq!(e.code, "unreachable", "{e}");
    let pdf = export_document(&state, &district_export("pdf", "2026-11-15")).unwrap();
    assert!(pdf.pages.unwrap_or(0) >= 1, "{pdf:?}");
    assert!(
        super::export::pdf_text(&pdf.path).contains(&point_row.label),
        "the PDF is the report the screen showed"
    );
    let e = export_document(&state, &district_export("xlsx", "2026-11-14")).unwrap_err();
    assert_eq!(e.code, "unreachable", "{e}");
    let mut wrong = district_export("xlsx", "2026-11-15");
    wrong.document = "fees".into();
    assert_eq!(
        export_document(&state, &wrong).unwrap_err().code,
        "unreachable",
        "the fees are asked for again when the file is made"
    );
    wrong.document = "public_notice".into();
    assert_eq!(
        export_document(&state, &wrong).unwrap_err().code,
        "invalid_input",
        "the server computes no public notice"
    );
    wrong.document = "credit_report".into();
    wrong.source = Some("district".into());
    assert_eq!(
        export_document(&state, &wrong).unwrap_err().code,
        "invalid_input"
    );
    assert!(
        credit_report(&f.state, None, "group", None).is_ok(),
        "the local view does not need the server"
    );
}

/// Through Tauri's IPC: camelCase arguments, and the refusal as an
/// `IpcError` object the UI branches on.
#[test]
fn the_districts_report_answers_through_tauris_ipc() {
    let f = fixture();
    let app = MockApp::new(f.state);
    let refused = app
        .invoke(
            "district_credit_report",
            json!({ "asOf": "2026-11-15", "level": "group", "within": null }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "not_enrolled", "{refused}");
    let refused = app
        .invoke(
            "district_credit_report",
            json!({ "asOf": "15/11/2026", "level": "group" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "bad_date", "{refused}");
    for (command, args) in [
        ("district_group_ratings", json!({ "month": "2026-11" })),
        ("district_fee_report", json!({ "month": null })),
        (
            "district_watchlist",
            json!({ "kind": "overdue", "sort": "age", "date": null, "within": null }),
        ),
        (
            "district_compare_units",
            json!({ "asOf": "2026-11-15", "level": "group", "indicator": "overdue", "within": null }),
        ),
    ] {
        let refused = app.invoke(command, args).unwrap_err();
        assert_eq!(refused["code"], "not_enrolled", "{command}: {refused}");
    }
    let refused = app
        .invoke(
            "export_document",
            json!({ "request": { "document": "credit_report", "format": "xlsx", "source": "server" } }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "not_enrolled", "{refused}");
}
