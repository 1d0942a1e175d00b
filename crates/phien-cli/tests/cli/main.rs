//! The `phien` binary end to end, on real files in a temporary folder: what a
//! loan officer types, what they see, and that a refusal changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod export;
mod report;

const TODAY: &str = "27/11/2026";

struct Phien {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Phien {
    /// A fresh folder with a small demo commune (4 groups, 1 year).
    fn with_demo() -> Phien {
        let phien = Phien::empty();
        let out = phien.run(&["demo", "--groups", "4", "--years", "1", "--today", TODAY]);
        assert!(
            out.status.success(),
            "demo must succeed on an empty file: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        phien
    }

    fn empty() -> Phien {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("phien.db");
        Phien { _dir: dir, db }
    }

    fn dir(&self) -> &Path {
        self.db.parent().expect("db has a folder")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_phien"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env("PHIEN_TODAY", TODAY)
            .env_remove("PHIEN_USER")
            .env_remove("PHIEN_DB")
            .output()
            .expect("phien runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "phien {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("valid JSON")
    }

    /// Fails, and returns the Vietnamese message on stderr.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "phien {args:?} should have been refused"
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    fn n_changes(&self) -> usize {
        self.json(&["changes", "--limit", "100000000"])
            .as_array()
            .expect("array")
            .len()
    }
}

#[test]
fn demo_builds_a_commune_once() {
    let phien = Phien::with_demo();
    let groups = phien.json(&["groups"]);
    assert_eq!(
        groups.as_array().unwrap().len(),
        4,
        "--groups 4 makes four groups"
    );
    let quality = phien.json(&["quality"]);
    assert!(
        quality["total"]["figures"]["n_loans"].as_u64().unwrap() > 0,
        "the demo has loans"
    );
    let text = phien.ok(&["quality"]);
    assert!(
        text.contains("CHẤT LƯỢNG TÍN DỤNG") && text.contains("27/11/2026"),
        "a Vietnamese report dated dd/mm/yyyy: {text}"
    );
    let err = phien.refused(&["demo", "--groups", "4", "--years", "1"]);
    assert!(
        err.starts_with("Lỗi:") && err.contains("tệp trống"),
        "a second demo into the same file is refused, saying why: {err}"
    );
}

#[test]
fn a_bad_date_names_the_field_and_the_value() {
    let phien = Phien::with_demo();
    let err = phien.refused(&["collection-list", "--group", "T01", "--date", "31/02/2026"]);
    assert!(
        err.contains("--date") && err.contains("«31/02/2026»"),
        "{err}"
    );
    let err = phien.refused(&["collection-list", "--group", "T99"]);
    assert!(err.contains("«T99»"), "unknown group is named: {err}");
}

fn write_collection(phien: &Phien, name: &str, rows: &[(String, String, String)]) -> PathBuf {
    let path = phien.dir().join(name);
    let mut text = String::from("ma_kh,thu_lai,gui_tiet_kiem\n");
    for (code, interest, deposit) in rows {
        text.push_str(&format!("{code},\"{interest}\",{deposit}\n"));
    }
    std::fs::write(&path, text).expect("write csv");
    path
}

#[test]
fn a_group_collection_is_all_or_nothing() {
    let phien = Phien::with_demo();
    let list = phien.json(&["collection-list", "--group", "T01", "--date", "15/12/2026"]);
    let rows = list.as_array().unwrap();
    let payer = rows
        .iter()
        .find(|m| {
            m["loans"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["interest_due"].as_i64().unwrap() > 0)
        })
        .expect("someone owes interest");
    let code = payer["customer_code"].as_str().unwrap().to_string();
    let due: i64 = payer["loans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["interest_due"].as_i64().unwrap())
        .sum();
    let other = rows
        .iter()
        .find(|m| m["customer_code"] != payer["customer_code"])
        .unwrap()["customer_code"]
        .as_str()
        .unwrap()
        .to_string();

    let before = phien.n_changes();
    let bad = write_collection(
        &phien,
        "bad.csv",
        &[
            (code.clone(), due.to_string(), "0".into()),
            (other.clone(), "0".into(), "1.000".into()),
        ],
    );
    let err = phien.refused(&[
        "--as",
        "CB03",
        "collect",
        "--group",
        "T01",
        "--date",
        "15/12/2026",
        "--file",
        bad.to_str().unwrap(),
    ]);
    assert!(
        err.contains("tối thiểu") && err.contains("Gửi tiết kiệm"),
        "the bad deposit is explained: {err}"
    );
    assert_eq!(
        phien.n_changes(),
        before,
        "one bad row refuses the whole list: nothing is written"
    );

    let good = write_collection(
        &phien,
        "good.csv",
        &[(code.clone(), format!("{due}"), "20.000".into())],
    );
    let out = phien.ok(&[
        "--as",
        "CB03",
        "collect",
        "--group",
        "T01",
        "--date",
        "15/12/2026",
        "--file",
        good.to_str().unwrap(),
    ]);
    assert!(out.contains("Đã ghi danh sách thu"), "{out}");
    let after = phien.json(&["collection-list", "--group", "T01", "--date", "15/12/2026"]);
    let row = after
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["customer_code"] == code.as_str())
        .unwrap();
    let due_after: i64 = row["loans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["interest_due"].as_i64().unwrap())
        .sum();
    assert_eq!(
        due_after, 0,
        "paying everything due leaves nothing due the same day"
    );
}

fn notes_for(mut amount: i64) -> String {
    let mut parts = Vec::new();
    for face in [
        500_000i64, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
    ] {
        let n = amount / face;
        if n > 0 {
            parts.push(format!("{face}x{n}"));
            amount -= n * face;
        }
    }
    assert_eq!(
        amount, 0,
        "the demo's amounts are whole thousands of đồng in this test"
    );
    parts.join(",")
}

#[test]
fn a_transaction_day_from_open_to_close() {
    let phien = Phien::with_demo();
    let day = "15/12/2026";
    let open = [
        "--as",
        "CB01",
        "session",
        "open",
        "--date",
        day,
        "--team-leader",
        "CB01",
        "--controller",
        "CB02",
        "--teller",
        "CB03",
    ];
    phien.ok(&open);
    let err = phien.refused(&open);
    assert!(err.contains("Đã có phiên"), "one session per day: {err}");

    // A savings deposit at the counter, then a mistaken one reversed with the controller's PIN.
    let member = phien
        .json(&["members", "--group", "T02"])
        .as_array()
        .unwrap()[0]["customer_code"]
        .as_str()
        .unwrap()
        .to_string();
    phien.ok(&[
        "--as", "CB03", "pay", "--kind", "deposit", "--member", &member, "--amount", "50.000",
        "--date", day,
    ]);
    let wrong = phien.json(&[
        "--as", "CB03", "pay", "--kind", "deposit", "--member", &member, "--amount", "500.000",
        "--date", day,
    ]);
    let wrong_id = wrong["id"].as_str().unwrap().to_string();
    let err = phien.refused(&[
        "--as",
        "CB03",
        "reverse",
        &wrong_id,
        "--reason",
        "Nhập thừa một số 0",
        "--approved-by",
        "CB02",
        "--pin",
        "0000",
    ]);
    assert!(err.contains("PIN"), "a wrong PIN is refused: {err}");
    phien.ok(&[
        "--as",
        "CB03",
        "reverse",
        &wrong_id,
        "--reason",
        "Nhập thừa một số 0",
        "--approved-by",
        "CB02",
        "--pin",
        "1234",
        "--session-date",
        day,
    ]);

    let session = phien.json(&["session", "show", "--date", day]);
    let expected = session["expected_cash"].as_i64().unwrap();
    assert_eq!(
        expected, 50_000,
        "the reversed 500.000 ₫ is not in the till"
    );
    let err = phien.refused(&[
        "--as", "CB01", "session", "close", "--date", day, "--count", "20000x2",
    ]);
    assert!(
        err.contains("lý do"),
        "a short count needs an explanation: {err}"
    );
    phien.ok(&[
        "--as",
        "CB01",
        "session",
        "close",
        "--date",
        day,
        "--count",
        &notes_for(expected),
    ]);

    let err = phien.refused(&[
        "--as", "CB03", "pay", "--kind", "deposit", "--member", &member, "--amount", "50.000",
        "--date", day,
    ]);
    assert!(
        err.contains("đã đóng"),
        "a closed session takes no new entries: {err}"
    );
    // Everything is still there when the file is opened again.
    let session = phien.json(&["session", "show", "--date", day]);
    assert_eq!(
        session["difference"].as_i64(),
        Some(0),
        "the count matched the books"
    );
    let statement = phien.json(&["statement", "--member", &member, "--date", day]);
    let reversed = statement["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reversed"] == true)
        .count();
    assert_eq!(reversed, 1, "the statement marks the cancelled deposit");
}

#[test]
fn import_a_credit_file_into_an_empty_book() {
    let phien = Phien::empty();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../phien-import/tests/fixtures/hstd-sample.csv");
    let out = phien.ok(&["import", fixture.to_str().unwrap(), "--as-of", "05/01/2026"]);
    assert!(out.contains("Đã nhập"), "{out}");
    let groups = phien.json(&["groups"]);
    assert!(
        !groups.as_array().unwrap().is_empty(),
        "groups come from the file"
    );
    let err = phien.refused(&["import", fixture.to_str().unwrap(), "--as-of", "05/01/2026"]);
    assert!(
        err.contains("«6600000000001201»") && err.contains("số KU đã có"),
        "the same loans cannot be imported twice, and each is named: {err}"
    );
}

/// A second point written into the demo's file, as a supervisor's laptop
/// holds the district: it has a group «T01» too.
fn add_point_with_a_t01(db: &Path) -> String {
    use phien_core::ids::{AssociationId, GroupId, PointId};
    use phien_core::org::{Association, AssociationKind, Group, Point};

    let mut store = phien_store::Store::open(db).expect("the demo's file opens");
    let demo = store.point().expect("readable").expect("the demo's point");
    let actor = phien_store::Actor {
        staff: store.staff().expect("staff")[0].id,
        at: chrono::Utc::now(),
    };
    store
        .write(actor, "setup", "điểm thứ hai", |tx| {
            let point = PointId(tx.new_id());
            tx.insert_point(&Point {
                id: point,
                office_id: demo.point.office_id,
                code: "DGD-ZZ".into(),
                name: "Điểm giao dịch xã Diên An".into(),
                fixed_day: 10,
                address: "UBND xã Diên An".into(),
                communes: Vec::new(),
            })?;
            let association = AssociationId(tx.new_id());
            tx.insert_association(&Association {
                id: association,
                point_id: point,
                kind: AssociationKind::Women,
            })?;
            let group = GroupId(tx.new_id());
            tx.insert_group(&Group {
                id: group,
                association_id: association,
                code: "T01".into(),
                name: "Tổ TK&VV thôn Đông".into(),
                village: "Thôn Đông".into(),
                leader_id: None,
                leader_staff_id: None,
                founded_on: chrono::NaiveDate::from_ymd_opt(2016, 1, 1).expect("a date"),
            })
        })
        .expect("another point's «T01» is another group");
    demo.point.code
}

#[test]
fn a_group_code_several_points_have_is_given_with_its_points_code() {
    let phien = Phien::with_demo();
    assert!(
        !phien.ok(&["groups"]).contains("Điểm GD"),
        "one point's laptop shows no point column"
    );
    let demo_point = add_point_with_a_t01(&phien.db);
    let text = phien.ok(&["groups"]);
    assert!(
        text.contains("Điểm GD") && text.contains("DGD-ZZ") && text.contains(&demo_point),
        "a file with several points shows each group's point: {text}"
    );
    let err = phien.refused(&["members", "--group", "T01"]);
    assert!(
        err.contains("có ở 2 điểm giao dịch")
            && err.contains("«DGD-ZZ/T01»")
            && err.contains(&format!("«{demo_point}/T01»")),
        "a bare «T01» is refused with the ways to write it: {err}"
    );
    let theirs = phien.json(&["members", "--group", "DGD-ZZ/T01"]);
    assert_eq!(
        theirs.as_array().map(Vec::len),
        Some(0),
        "the second point's «T01» has no members yet"
    );
    let ours = phien.json(&["members", "--group", &format!("{demo_point}/T01")]);
    assert!(
        !ours.as_array().expect("members").is_empty(),
        "the demo's «T01» has its members"
    );
}

#[test]
fn search_ignores_diacritics() {
    let phien = Phien::with_demo();
    let members = phien.json(&["members", "--group", "T01"]);
    let name = members.as_array().unwrap()[0]["full_name"]
        .as_str()
        .unwrap()
        .to_string();
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ'
            | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => {
                'e'
            }
            'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ'
            | 'ở' | 'ỡ' | 'ợ' => 'o',
            'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => {
                'u'
            }
            'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'đ' => 'd',
            other => other,
        })
        .collect();
    let found = phien.json(&["search", &folded]);
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["full_name"] == name.as_str()),
        "«{folded}» finds «{name}»"
    );
}

#[test]
fn news_about_a_borrower_is_never_dated_after_today() {
    let phien = Phien::with_demo();
    let member = phien
        .json(&["members", "--group", "T01"])
        .as_array()
        .unwrap()[0]["customer_code"]
        .as_str()
        .unwrap()
        .to_string();
    let before = phien.n_changes();
    let err = phien.refused(&[
        "--as",
        "CB04",
        "status",
        "add",
        "--member",
        &member,
        "--kind",
        "moved-away",
        "--on",
        "28/11/2026",
        "--destination",
        "Bình Dương",
        "--source",
        "Tổ trưởng",
    ]);
    assert!(
        err.contains("Ngày biết tin = «28/11/2026»") && err.contains("27/11/2026"),
        "the date and today are named: {err}"
    );
    assert_eq!(phien.n_changes(), before, "nothing is written");
    phien.ok(&[
        "--as",
        "CB04",
        "status",
        "add",
        "--member",
        &member,
        "--kind",
        "moved-away",
        "--on",
        "27/11/2026",
        "--destination",
        "Bình Dương",
        "--source",
        "Tổ trưởng",
    ]);
}

/// A district server in this process, on loopback, holding the office's own
/// rows (loaded by the administrator from the demo's file: a point's laptop
/// may not write them), with a code for the demo point.
fn district_server(
    phien: &Phien,
) -> (
    std::sync::Arc<phien_server::sqlite::SqliteBackend>,
    String,
    String,
) {
    use phien_server::backend::Backend;
    use phien_server::credentials;
    let backend = std::sync::Arc::new(
        phien_server::sqlite::SqliteBackend::open(&phien.dir().join("server.db"))
            .expect("the server's file opens"),
    );
    let reports = std::sync::Arc::new(phien_server::report::Reports::new(
        phien.dir().join("server.reports"),
    ));
    let addr = phien_server::http::spawn(
        backend.clone(),
        reports,
        "127.0.0.1:0".parse().expect("addr"),
    )
    .expect("the server listens");
    let point = phien.json(&["point"]);
    let now = chrono::Utc::now();
    let office = point["point"]["point"]["office_id"]
        .as_str()
        .expect("office");
    let file = phien_store::Store::open(&phien.db).expect("the demo's file");
    let loaded = phien_server::office_data::load(backend.as_ref(), office, &file, now)
        .expect("the office's rows load");
    assert!(loaded.refused.is_empty(), "{:?}", loaded.refused);
    let code = credentials::new_code();
    backend
        .issue_code(
            &credentials::digest(&credentials::normalise_code(&code)),
            &phien_wire::Scope {
                kind: phien_wire::ScopeKind::Point,
                office_id: office.into(),
                point_id: Some(
                    point["point"]["point"]["id"]
                        .as_str()
                        .expect("point")
                        .into(),
                ),
                group_id: None,
            },
            now,
            now + chrono::Duration::days(7),
        )
        .expect("a code is issued");
    (backend, format!("http://{addr}"), code)
}

#[test]
fn a_supervisor_asks_the_server_for_the_district_report() {
    use phien_server::backend::Backend;
    use phien_server::credentials;
    let point = Phien::with_demo();
    let (backend, url, code) = district_server(&point);
    point.ok(&["enrol", "--server", &url, "--code", &code]);
    point.ok(&["sync"]);
    let status = point.ok(&["sync-status"]);
    let last = status
        .lines()
        .find_map(|l| l.strip_prefix("Lần đồng bộ cuối: "))
        .unwrap_or_default();
    let shape: String = last
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    assert_eq!(
        shape, "99/99/9999 99:99",
        "the last sync as people read it, dd/mm/yyyy hh:mm: {status}"
    );
    let refused = point.refused(&["report", "quality", "--server"]);
    assert!(
        refused.contains("giám sát"),
        "a point's laptop is told only a supervisor may: {refused}"
    );

    let office = point.json(&["point"])["point"]["point"]["office_id"]
        .as_str()
        .expect("office")
        .to_owned();
    let code = credentials::new_code();
    let now = chrono::Utc::now();
    backend
        .issue_code(
            &credentials::digest(&credentials::normalise_code(&code)),
            &phien_wire::Scope {
                kind: phien_wire::ScopeKind::Supervisor,
                office_id: office,
                point_id: None,
                group_id: None,
            },
            now,
            now + chrono::Duration::days(7),
        )
        .expect("a code is issued");
    // A supervisor's laptop that has not pulled anything yet.
    let supervisor = Phien::empty();
    supervisor.ok(&["enrol", "--server", &url, "--code", &code]);
    for level in ["group", "borrower"] {
        assert_eq!(
            supervisor.json(&["report", "quality", "--server", "--level", level]),
            point.json(&["report", "quality", "--level", level]),
            "{level}: the server's district report is the commune's own (one commune here)"
        );
    }
    // The other reports, for a month both measure to its end.
    for args in [
        &["report", "rating", "--month", "10/2026"][..],
        &["report", "fees", "--month", "10/2026"],
        &[
            "report",
            "compare",
            "--level",
            "group",
            "--by",
            "interest_arrears",
            "--date",
            "31/10/2026",
        ],
        &["watchlist", "overdue", "--date", "31/10/2026"],
        &[
            "watchlist",
            "arrears",
            "--sort",
            "age",
            "--date",
            "31/10/2026",
        ],
    ] {
        let mut asked = args.to_vec();
        asked.push("--server");
        let local = point.json(args);
        assert_eq!(
            supervisor.json(&asked),
            local,
            "{args:?}: the server's is the commune's own"
        );
    }
    let refused = point.refused(&["report", "rating", "--month", "10/2026", "--server"]);
    assert!(refused.contains("giám sát"), "only a supervisor: {refused}");
    // Their workbooks carry the office the laptop is enrolled with: it
    // needs the office's name, which a sync brings.
    let server_xlsx = supervisor.dir().join("xep-loai-huyen.xlsx");
    let args = [
        "report", "rating", "--month", "10/2026", "--server", "--xlsx",
    ];
    let refused =
        supervisor.refused(&[&args[..], &[server_xlsx.to_str().expect("utf-8")]].concat());
    assert!(
        refused.contains("phien sync"),
        "it says to sync first: {refused}"
    );
    supervisor.ok(&["sync"]);
    supervisor.ok(&[&args[..], &[server_xlsx.to_str().expect("utf-8")]].concat());
    let local_xlsx = point.dir().join("xep-loai.xlsx");
    point.ok(&[
        "report",
        "rating",
        "--month",
        "10/2026",
        "--xlsx",
        local_xlsx.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        crate::export::sheet_names(&server_xlsx),
        crate::export::sheet_names(&local_xlsx),
        "the district's ratings workbook has the commune's sheets"
    );
    // To files, on a laptop that holds no point of its own: the letterhead
    // is the report's.
    let dir = supervisor.dir().to_path_buf();
    let (xlsx, pdf) = (dir.join("huyen.xlsx"), dir.join("huyen.pdf"));
    supervisor.ok(&[
        "report",
        "quality",
        "--server",
        "--xlsx",
        xlsx.to_str().expect("utf-8"),
        "--pdf",
        pdf.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        crate::export::sheet_names(&xlsx),
        ["Chất lượng tín dụng"],
        "the district report's workbook opens"
    );
    let point_name = point.json(&["point"])["point"]["point"]["name"]
        .as_str()
        .expect("point name")
        .to_owned();
    let text = crate::export::pdf_text(&pdf);
    assert!(
        text.contains(&point_name) && text.contains("Hội Nông dân"),
        "the district report's PDF names the point and its associations: {text}"
    );
}

#[test]
fn a_bundle_goes_out_on_a_stick_and_its_reply_comes_back() {
    let phien = Phien::with_demo();
    let (backend, url, code) = district_server(&phien);
    phien.ok(&["enrol", "--server", &url, "--code", &code]);
    let pending = phien.json(&["sync-status"])["pending"]
        .as_i64()
        .expect("pending");
    assert!(pending > 0, "the demo's records wait to be sent");

    let bundle = phien.dir().join("dot-thang-11.phien");
    let said = phien.ok(&["bundle-export", "--out", bundle.to_str().expect("utf-8")]);
    assert!(
        said.contains(&format!("{pending} thay đổi")) && said.contains("bundle-accept"),
        "it says how many changes it wrote and what to do next: {said}"
    );
    assert_eq!(
        phien.json(&["sync-status"])["pending"].as_i64(),
        Some(pending),
        "writing a bundle acknowledges nothing"
    );

    // At the district office.
    let imported = phien_server::bundle::import(
        backend.as_ref(),
        &std::fs::read(&bundle).expect("the stick is readable"),
        phien_server::bundle::Importer::Admin,
        chrono::Utc::now(),
    )
    .expect("the district imports it");
    assert_eq!(imported.items as i64, pending);
    let reply = phien.dir().join("tra-loi.phien");
    std::fs::write(&reply, &imported.reply).expect("written");

    let refused = phien.refused(&["bundle-accept", bundle.to_str().expect("utf-8")]);
    assert!(
        refused.contains("không phải"),
        "the bundle itself is not a reply, and it says so in Vietnamese: {refused}"
    );
    let said = phien.ok(&["bundle-accept", reply.to_str().expect("utf-8")]);
    assert!(
        said.contains(&format!("xác nhận thêm {pending}")),
        "the reply acknowledges every change: {said}"
    );
    assert_eq!(phien.json(&["sync-status"])["pending"].as_i64(), Some(0));
    let again = phien.json(&["bundle-accept", reply.to_str().expect("utf-8")]);
    assert_eq!(
        (
            again["acknowledged"].as_i64(),
            again["pullSkipped"].as_bool()
        ),
        (Some(0), Some(true)),
        "the same reply twice changes nothing: {again}"
    );
}
