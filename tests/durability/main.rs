//! A collection the officer was told is saved survives the process being
//! killed at any moment: a child process records deposits one transaction at
//! a time and says "saved N" after each commit; the parent kills it with
//! SIGKILL mid-stream, reopens the file and finds every announced deposit,
//! and `PRAGMA integrity_check` says ok.
//!
//! The child is this same test binary, re-run with `PHIEN_DURABILITY_CHILD`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{NaiveDate, TimeZone, Utc};
use phien_core::Dong;
use phien_core::ids::{AssociationId, GroupId, MemberId, OfficeId, PointId, StaffId};
use phien_core::ledger::EntryKind;
use phien_core::org::{
    Association, AssociationKind, Group, HouseholdCategory, Member, Office, Point,
};
use phien_store::{Actor, NewEntry, Staff, StaffRole, Store};
use uuid::Uuid;

const CHILD_ENV: &str = "PHIEN_DURABILITY_CHILD";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
}

fn actor(staff: StaffId) -> Actor {
    Actor {
        staff,
        at: Utc.with_ymd_and_hms(2026, 12, 15, 9, 0, 0).unwrap(),
    }
}

/// One point, one group, one member, one teller.
fn fixture(path: &Path) -> (StaffId, MemberId) {
    let mut store = Store::open(path).unwrap();
    let teller = StaffId(Uuid::from_u128(1));
    let member = MemberId(Uuid::from_u128(2));
    store
        .write(actor(teller), "fixture", "", |tx| {
            tx.insert_staff(
                &Staff {
                    id: teller,
                    code: "CB03".into(),
                    full_name: "Lê Thị Thu".into(),
                    role: StaffRole::Teller,
                },
                None,
            )?;
            tx.insert_office(&Office {
                id: OfficeId(Uuid::from_u128(3)),
                code: "PGD-DK".into(),
                name: "PGD NHCSXH huyện Diên Khánh".into(),
            })?;
            tx.insert_point(&Point {
                id: PointId(Uuid::from_u128(4)),
                office_id: OfficeId(Uuid::from_u128(3)),
                code: "DGD-DL".into(),
                name: "Điểm giao dịch xã Diên Lạc".into(),
                fixed_day: 15,
                address: "Trụ sở UBND xã Diên Lạc".into(),
                communes: Vec::new(),
            })?;
            tx.insert_association(&Association {
                id: AssociationId(Uuid::from_u128(5)),
                point_id: PointId(Uuid::from_u128(4)),
                kind: AssociationKind::Women,
            })?;
            tx.insert_group(&Group {
                id: GroupId(Uuid::from_u128(6)),
                association_id: AssociationId(Uuid::from_u128(5)),
                code: "T01".into(),
                name: "Tổ TK&VV thôn Phú Lộc".into(),
                village: "thôn Phú Lộc".into(),
                leader_id: None,
                leader_staff_id: None,
                founded_on: NaiveDate::from_ymd_opt(2015, 3, 1).unwrap(),
            })?;
            tx.insert_member(&Member {
                id: member,
                group_id: GroupId(Uuid::from_u128(6)),
                customer_code: "KH000001".into(),
                full_name: "Nguyễn Thị Hoa".into(),
                citizen_id: Some("056180000001".into()),
                birth_year: Some(1980),
                gender: None,
                village: "thôn Phú Lộc".into(),
                phone: None,
                category: HouseholdCategory::Poor,
                joined_on: NaiveDate::from_ymd_opt(2015, 3, 1).unwrap(),
            })
        })
        .unwrap();
    (teller, member)
}

/// The child: deposit 10.000 ₫ per transaction, announce each commit, forever.
fn child(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let teller = StaffId(Uuid::from_u128(1));
    let member = MemberId(Uuid::from_u128(2));
    for n in 1.. {
        store
            .write(actor(teller), "record_entry", "", |tx| {
                tx.record_entry(NewEntry {
                    kind: EntryKind::SavingsDeposit,
                    member_id: member,
                    loan_id: None,
                    amount: Dong(10_000),
                    value_date: day(),
                    session_id: None,
                    receipt_no: Some(format!("BL-{n}")),
                })
            })
            .unwrap();
        println!("saved {n}");
    }
}

#[test]
fn announced_commits_survive_sigkill() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        child(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phien.db");
    let (_, member) = fixture(&path);

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "announced_commits_survive_sigkill",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut announced = 0u32;
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("saved ") {
            announced = n.trim().parse().unwrap();
            if announced >= 40 {
                break;
            }
        }
    }
    // SIGKILL on Unix, TerminateProcess on Windows: no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        announced >= 40,
        "the child announced its commits before being killed"
    );

    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.integrity_check().unwrap(),
        "ok",
        "a killed writer leaves a sound file"
    );
    let statement = store.member_statement(member, day()).unwrap();
    let n_deposits = statement
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::SavingsDeposit)
        .count() as u32;
    assert!(
        n_deposits >= announced,
        "every deposit announced as saved is there: {n_deposits} < {announced}"
    );
    assert_eq!(
        statement.savings_balance,
        Dong(10_000 * i64::from(n_deposits)),
        "the balance is the sum of the deposits"
    );
    assert!(
        !store.changes_after(0, u32::MAX).unwrap().is_empty(),
        "the change log holds the deposits for sync"
    );
}
