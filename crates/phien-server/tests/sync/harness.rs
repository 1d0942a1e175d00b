//! The real `phien-server` binary on loopback, real store files for devices,
//! and a small district to sync: an office, its programs, and points built
//! through the store's public API.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use phien_core::ids::{AssociationId, GroupId, LoanId, MemberId, OfficeId, PointId, StaffId};
use phien_core::ledger::EntryKind;
use phien_core::loan::{LendingMethod, Loan, equal_installments};
use phien_core::money::Dong;
use phien_core::org::{
    Association, AssociationKind, Commune, Gender, Group, HouseholdCategory, Member, Office, Point,
};
use phien_core::program::{ProgramCode, standard_programs};
use phien_store::{Actor, NewEntry, Staff, StaffRole, Store};
use tempfile::TempDir;
use uuid::Uuid;

/// The server process, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    /// `--db FILE` or `--postgres URL`: the same storage for the admin commands.
    pub storage: [String; 2],
    /// `--reports DIR`: the district reports' replicas.
    pub reports: PathBuf,
    _dir: TempDir,
}

/// With `PHIEN_TEST_POSTGRES` set (a connection string without `dbname`,
/// as `scripts/pg-test-server` prints), every server of these tests runs on
/// its own fresh PostgreSQL database instead of a SQLite file: the same
/// suite for both backends.
fn storage(dir: &Path) -> [String; 2] {
    match std::env::var("PHIEN_TEST_POSTGRES") {
        Ok(base) if !base.is_empty() => {
            let name = format!("phien_test_{}", Uuid::now_v7().simple());
            let mut admin =
                postgres::Client::connect(&format!("{base} dbname=postgres"), postgres::NoTls)
                    .expect("PHIEN_TEST_POSTGRES reaches a PostgreSQL server");
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("a test database is created");
            ["--postgres".into(), format!("{base} dbname={name}")]
        }
        _ => [
            "--db".into(),
            dir.join("server.db")
                .to_str()
                .expect("utf-8 path")
                .to_owned(),
        ],
    }
}

impl Server {
    pub fn start() -> Server {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let storage = storage(dir.path());
        let reports = dir.path().join("reports");
        let (child, url) = spawn(&storage, &reports, "127.0.0.1:0");
        let server = Server {
            child,
            url,
            storage,
            reports,
            _dir: dir,
        };
        let health =
            reqwest::blocking::get(format!("{}/health", server.url)).expect("/health answers");
        assert!(
            health.status().is_success(),
            "/health is ready once the address is printed"
        );
        server
    }

    /// SIGKILLs the server process.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same storage and address (after [`Server::kill`]).
    pub fn restart(&mut self) {
        let addr = self.url.trim_start_matches("http://").to_owned();
        // The port was just freed; another process may hold it for a moment.
        for _ in 0..50 {
            if std::net::TcpListener::bind(&addr).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let (child, url) = spawn(&self.storage, &self.reports, &addr);
        assert_eq!(url, self.url, "the server comes back on its address");
        self.child = child;
    }
}

fn spawn(storage: &[String; 2], reports: &Path, listen: &str) -> (Child, String) {
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_phien-server"))
            .args(storage)
            .arg("--reports")
            .arg(reports)
            .args(["--listen", listen])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("phien-server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout piped"))
            .read_line(&mut line)
            .expect("the server prints its address");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line names the address, got {line:?}"))
            .to_owned();
        (child, url)
    }
}

impl Server {
    fn admin(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_phien-server"))
            .args(&self.storage)
            .args(args)
            .output()
            .expect("phien-server runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// A one-time enrolment code from the administration command.
    pub fn code(
        &self,
        kind: &str,
        office: OfficeId,
        point: Option<PointId>,
        group: Option<GroupId>,
    ) -> String {
        let office = office.to_string();
        let point = point.map(|p| p.to_string());
        let group = group.map(|g| g.to_string());
        let mut args = vec!["issue-code", "--json", "--kind", kind, "--office", &office];
        if let Some(p) = &point {
            args.extend(["--point", p]);
        }
        if let Some(g) = &group {
            args.extend(["--group", g]);
        }
        let out: serde_json::Value =
            serde_json::from_str(&self.admin(&args)).expect("JSON from issue-code --json");
        out["code"].as_str().expect("a code").to_owned()
    }

    /// `phien-server import-bundle FILE --reply REPLY`: its stdout, or its
    /// stderr if it refused.
    pub fn import_bundle(&self, file: &Path, reply: &Path) -> Result<String, String> {
        let out = Command::new(env!("CARGO_BIN_EXE_phien-server"))
            .args(&self.storage)
            .arg("import-bundle")
            .arg(file)
            .arg("--reply")
            .arg(reply)
            .output()
            .expect("phien-server runs");
        if out.status.success() {
            Ok(String::from_utf8(out.stdout).expect("utf-8"))
        } else {
            Err(String::from_utf8(out.stderr).expect("utf-8"))
        }
    }

    /// `phien-server office-data --office OFFICE --from FILE`: the office's
    /// own rows (the office, programs, rates…) as the administrator loads
    /// them from a laptop set up at the district office — a point's laptop
    /// may not write them itself. Asserts nothing was refused.
    pub fn office_data(&self, office: OfficeId, from: &Device) {
        let office = office.to_string();
        let path = from.path.to_str().expect("a UTF-8 path");
        let out: serde_json::Value = serde_json::from_str(&self.admin(&[
            "office-data",
            "--json",
            "--office",
            &office,
            "--from",
            path,
        ]))
        .expect("JSON from office-data --json");
        assert_eq!(
            out["refused"],
            serde_json::json!([]),
            "the administrator's load of the office's own rows is taken whole"
        );
    }

    pub fn revoke(&self, device: &str) {
        self.admin(&["revoke", device]);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A device: a store file of its own.
pub struct Device {
    pub store: Store,
    pub path: PathBuf,
    _dir: TempDir,
    minute: i64,
}

pub fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 1, 0, 0)
        .single()
        .expect("an instant")
        + chrono::Duration::minutes(minute)
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

/// Fast retries: a test server answers at once or not at all.
pub fn options() -> phien_sync::Options {
    phien_sync::Options {
        backoff: Duration::from_millis(20),
        ..phien_sync::Options::default()
    }
}

impl Device {
    pub fn new() -> Device {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("phien.db");
        let store = Store::open(&path).expect("a fresh store");
        Device {
            store,
            path,
            _dir: dir,
            minute: 0,
        }
    }

    pub fn id(&self) -> String {
        self.store.device_id().to_string()
    }

    pub fn now(&mut self) -> DateTime<Utc> {
        self.minute += 1;
        at(self.minute)
    }

    pub fn actor(&mut self, staff: StaffId) -> Actor {
        Actor {
            staff,
            at: self.now(),
        }
    }

    pub fn enrol(&mut self, server: &Server, code: &str) -> phien_wire::Scope {
        let now = self.now();
        phien_sync::enrol(
            &mut self.store,
            &server.url,
            code,
            "Máy thử",
            now,
            options(),
        )
        .expect("the code enrols this device")
    }

    pub fn sync(&mut self) -> phien_sync::SyncReport {
        let now = self.now();
        phien_sync::sync(&mut self.store, now, options(), &mut |_| {}).expect("sync finishes")
    }

    /// A sync that may fail (a bad link); a failure is noted in the store.
    /// Small batches and pages: several pushes and pulls are on the wire at
    /// once, so the link's faults meet them in every order.
    pub fn try_sync(&mut self) -> Result<phien_sync::SyncReport, phien_sync::SyncError> {
        let now = self.now();
        let small = phien_sync::Options {
            batch_items: 7,
            page: 9,
            ..options()
        };
        phien_sync::sync(&mut self.store, now, small, &mut |_| {})
    }

    pub fn credential(&self) -> String {
        self.store
            .sync_link()
            .expect("readable")
            .expect("enrolled")
            .credential
    }

    /// Every row of a table, as text, for comparing devices.
    pub fn rows(&self, table: &str) -> BTreeSet<String> {
        rows(&self.path, table)
    }

    pub fn integrity_ok(&self) {
        assert_eq!(self.store.integrity_check().expect("runs"), "ok");
    }
}

pub fn rows(path: &Path, table: &str) -> BTreeSet<String> {
    select(path, &format!("SELECT * FROM {table}"))
}

/// The rows `sql` reads from the store file at `path`, each as text.
pub fn select(path: &Path, sql: &str) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(path).expect("a raw connection");
    let mut stmt = conn.prepare(sql).expect("a query of synced tables");
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        let values: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "{:?}",
                    r.get::<_, rusqlite::types::Value>(i).expect("a value")
                )
            })
            .collect();
        Ok(values.join("|"))
    })
    .expect("rows")
    .collect::<Result<_, _>>()
    .expect("rows read")
}

const GIVEN: [&str; 9] = [
    "Ánh",
    "Bình",
    "Cúc",
    "Dung",
    "Hoa",
    "Lan",
    "Mai",
    "Ngọc",
    "Phượng",
];

/// A point as built: its ids, for codes and checks.
pub struct BuiltPoint {
    pub point: PointId,
    pub staff: StaffId,
    pub groups: Vec<GroupId>,
    /// Members per group.
    pub members: Vec<Vec<MemberId>>,
}

/// Writes an office and the standard programs (what the first point's
/// laptop brings when it imports its credit file).
pub fn office(device: &mut Device, staff_code: &str) -> (OfficeId, StaffId) {
    let staff = StaffId(Uuid::now_v7());
    let actor = device.actor(staff);
    let office = OfficeId(Uuid::now_v7());
    let staff_row = Staff {
        id: staff,
        code: staff_code.into(),
        full_name: "Nguyễn Văn Quản".into(),
        role: StaffRole::TeamLeader,
    };
    device
        .store
        .write(actor, "setup", "phòng giao dịch", |tx| {
            tx.insert_staff(&staff_row, Some("1234"))?;
            tx.insert_office(&Office {
                id: office,
                code: "5606".into(),
                name: "PGD NHCSXH huyện Diên Khánh".into(),
            })?;
            for (program, rates) in standard_programs() {
                tx.insert_program(&program, &rates)?;
            }
            Ok(())
        })
        .expect("the office is written");
    (office, staff)
}

/// A point with `n_groups` groups of three members, a loan each and a
/// savings deposit each; `tag` keeps codes apart between points.
pub fn point(
    device: &mut Device,
    office: OfficeId,
    point: PointId,
    staff: Option<StaffId>,
    tag: &str,
    n_groups: usize,
) -> BuiltPoint {
    point_coded(device, office, point, staff, tag, tag, n_groups)
}

/// [`point`], with the staff and group codes made from `codes` instead of
/// `tag`: two points built with the same `codes` have a teller «CB-A» and
/// groups «A01», «A02» each, as two communes' own laptops would.
pub fn point_coded(
    device: &mut Device,
    office: OfficeId,
    point: PointId,
    staff: Option<StaffId>,
    tag: &str,
    codes: &str,
    n_groups: usize,
) -> BuiltPoint {
    let staff = staff.unwrap_or_else(|| StaffId(Uuid::now_v7()));
    let new_staff = !device
        .store
        .staff()
        .expect("readable")
        .iter()
        .any(|s| s.id == staff);
    let actor = device.actor(staff);
    let programs = device.store.programs().expect("programs");
    let every = programs
        .iter()
        .find(|(p, _)| p.code.0 == "01")
        .map(|(p, _)| p.installment_every_months)
        .expect("program 01");
    let (groups, members) = device
        .store
        .write(actor, "setup", "điểm giao dịch", |tx| {
            if new_staff {
                tx.insert_staff(
                    &Staff {
                        id: staff,
                        code: format!("CB-{codes}"),
                        full_name: "Lê Thị Tín".into(),
                        role: StaffRole::Teller,
                    },
                    None,
                )?;
            }
            tx.insert_point(&Point {
                id: point,
                office_id: office,
                code: format!("DGD-{tag}"),
                name: format!("Điểm giao dịch xã {tag}"),
                fixed_day: 15,
                address: "UBND xã".into(),
                communes: vec![Commune {
                    code: format!("22{tag}"),
                    name: format!("Xã {tag}"),
                    is_pre_2025: false,
                }],
            })?;
            let association = AssociationId(tx.new_id());
            tx.insert_association(&Association {
                id: association,
                point_id: point,
                kind: AssociationKind::Farmers,
            })?;
            let (mut groups, mut members) = (Vec::new(), Vec::new());
            for g in 0..n_groups {
                let group = GroupId(tx.new_id());
                tx.insert_group(&Group {
                    id: group,
                    association_id: association,
                    code: format!("{codes}{:02}", g + 1),
                    name: format!("Tổ TK&VV thôn {tag}{g}"),
                    village: format!("Thôn {g}"),
                    leader_id: None,
                    leader_staff_id: None,
                    founded_on: day(2015, 3, 1),
                })?;
                let mut ms = Vec::new();
                for i in 0..3 {
                    let member = MemberId(tx.new_id());
                    tx.insert_member(&Member {
                        id: member,
                        group_id: group,
                        customer_code: format!("KH-{tag}-{g}-{i}"),
                        full_name: format!(
                            "{} Thị {}",
                            if tag == "A" { "Trần" } else { "Lê" },
                            GIVEN[(g * 3 + i) % GIVEN.len()]
                        ),
                        citizen_id: None,
                        birth_year: Some(1980),
                        gender: Some(Gender::Female),
                        village: format!("Thôn {g}"),
                        phone: None,
                        category: HouseholdCategory::Poor,
                        joined_on: day(2020, 5, 1),
                    })?;
                    let loan = Loan {
                        id: LoanId(tx.new_id()),
                        member_id: member,
                        account_no: format!(
                            "66{}{g:02}{i:02}",
                            match tag {
                                "A" => 1,
                                "B" => 2,
                                _ => 3,
                            }
                        ),
                        program: ProgramCode("01".into()),
                        funding_source: "central".into(),
                        amount: Dong(30_000_000),
                        disbursed_on: day(2025, 1, 15),
                        term_months: 36,
                        purpose: "Chăn nuôi".into(),
                        method: LendingMethod::Entrusted,
                        installments: equal_installments(
                            Dong(30_000_000),
                            day(2025, 1, 15),
                            36,
                            every,
                        ),
                        last_activity_before_import: None,
                    };
                    tx.insert_loan(&loan)?;
                    for (kind, loan_id, amount) in [
                        (EntryKind::Disbursement, Some(loan.id), 30_000_000),
                        (EntryKind::SavingsDeposit, None, 100_000),
                    ] {
                        tx.record_entry(NewEntry {
                            kind,
                            member_id: member,
                            loan_id,
                            amount: Dong(amount),
                            value_date: day(2025, 1, 15),
                            session_id: None,
                            receipt_no: None,
                        })?;
                    }
                    ms.push(member);
                }
                groups.push(group);
                members.push(ms);
            }
            Ok((groups, members))
        })
        .expect("the point is written");
    BuiltPoint {
        point,
        staff,
        groups,
        members,
    }
}

/// `n` savings deposits of 10.000 ₫ by a member (a collection day's entries).
pub fn deposits(device: &mut Device, staff: StaffId, member: MemberId, n: usize) {
    let actor = device.actor(staff);
    device
        .store
        .write(actor, "deposit", "gửi tiết kiệm", |tx| {
            for _ in 0..n {
                tx.record_entry(NewEntry {
                    kind: EntryKind::SavingsDeposit,
                    member_id: member,
                    loan_id: None,
                    amount: Dong(10_000),
                    value_date: day(2026, 10, 15),
                    session_id: None,
                    receipt_no: None,
                })?;
            }
            Ok(())
        })
        .expect("deposits are written");
}

/// Edits one field of a member, as a form would.
pub fn edit_member(
    device: &mut Device,
    staff: StaffId,
    member: MemberId,
    field: &str,
    value: &str,
) {
    let actor = device.actor(staff);
    device
        .store
        .write(actor, "member.edit", field, |tx| {
            tx.conn().execute(
                &format!("UPDATE member SET {field} = ?1 WHERE id = ?2"),
                [value, &member.to_string()],
            )?;
            Ok(())
        })
        .expect("the edit is written");
}

pub fn member_field(device: &Device, member: MemberId, field: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(&device.path).expect("a raw connection");
    conn.query_row(
        &format!("SELECT {field} FROM member WHERE id = ?1"),
        [member.to_string()],
        |r| r.get(0),
    )
    .expect("the member is here")
}

/// A raw request with a device's credential, for what the client never sends.
pub fn raw(
    server: &Server,
    method: &str,
    path: &str,
    credential: Option<&str>,
    body: Option<Vec<u8>>,
) -> (u16, serde_json::Value) {
    let client = reqwest::blocking::Client::new();
    let mut req = client
        .request(
            method.parse().expect("a method"),
            format!("{}{path}", server.url),
        )
        .header(
            phien_wire::PROTOCOL_HEADER,
            phien_wire::PROTOCOL.to_string(),
        );
    if let Some(c) = credential {
        req = req.bearer_auth(c);
    }
    if let Some(b) = body {
        req = req.header("content-type", "application/json").body(b);
    }
    let resp = req.send().expect("the server answers");
    let status = resp.status().as_u16();
    let text = resp.text().expect("a body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// A district as most tests begin: one point's laptop with an office and a
/// point of `groups` groups, enrolled and synced, and a supervisor's laptop
/// enrolled and synced after it.
pub struct District {
    pub server: Server,
    pub a: Device,
    pub s: Device,
    pub office: OfficeId,
    pub staff: StaffId,
    pub built: BuiltPoint,
}

pub fn district(groups: usize) -> District {
    let server = Server::start();
    let mut a = Device::new();
    let (office, staff) = office(&mut a, "QL01");
    let built = point(
        &mut a,
        office,
        PointId(Uuid::now_v7()),
        Some(staff),
        "A",
        groups,
    );
    server.office_data(office, &a);
    a.enrol(
        &server,
        &server.code("point", office, Some(built.point), None),
    );
    a.sync();
    let mut s = Device::new();
    s.enrol(&server, &server.code("supervisor", office, None, None));
    s.sync();
    District {
        server,
        a,
        s,
        office,
        staff,
        built,
    }
}
