//! Codes in a file that holds several points (migrations/0006_codes.sql): a
//! group's code is unique at its point, a receipt number within its group, and
//! a staff code only among the accounts made on this laptop.

use std::path::Path;

use phien_core::ids::{AssociationId, GroupId, MemberId, PointId, StaffId};
use phien_core::leader::ReceiptInput;
use phien_core::money::Dong;
use phien_core::org::{
    Association, AssociationKind, Commune, Gender, Group, HouseholdCategory, Member, Point,
};
use phien_store::{Incoming, SCHEMA_VERSION, Staff, StaffRole, Store};
use rusqlite::types::Value;

use crate::fixture::{Fixture, day, enrolled, raw};

/// Every migration up to schema 5, as a Phiên of that schema made the file.
fn schema_5_file(path: &Path) -> rusqlite::Connection {
    let conn = raw(path);
    for sql in [
        include_str!("../../migrations/0001_ledger.sql"),
        include_str!("../../migrations/0002_leader.sql"),
        include_str!("../../migrations/0003_sync.sql"),
        include_str!("../../migrations/0004_bundle.sql"),
        include_str!("../../migrations/0005_report.sql"),
    ] {
        conn.execute_batch(sql)
            .expect("a shipped migration applies");
    }
    conn.pragma_update(None, "user_version", 5)
        .expect("the version is set");
    conn
}

/// A point's records written the way schema 5 logged them: two staff, a group
/// led by one of them, a member, a receipt and its cancellation.
const SCHEMA_5_ROWS: &str = "
    INSERT INTO audit_event (id, device_id, actor_id, at, action) VALUES ('01940000-0000-7000-8000-000000000071', '01940000-0000-7000-8000-0000000000a1', '01940000-0000-7000-8000-000000000001', '2026-01-05T02:00:00+00:00', 'setup');
    UPDATE write_context SET audit_id = '01940000-0000-7000-8000-000000000071', device_id = '01940000-0000-7000-8000-0000000000a1', actor_id = '01940000-0000-7000-8000-000000000001', at = '2026-01-05T02:00:00+00:00', hlc = NULL, remote = 0;
    INSERT INTO staff (id, code, full_name, role, pin_hash) VALUES ('01940000-0000-7000-8000-000000000001', 'TQ01', 'Phạm Thị Quỹ', 'teller', NULL);
    INSERT INTO staff (id, code, full_name, role, pin_hash) VALUES ('01940000-0000-7000-8000-000000000002', 'HT', 'Hệ thống', 'system', NULL);
    INSERT INTO office (id, code, name) VALUES ('01940000-0000-7000-8000-000000000011', '5606', 'PGD NHCSXH huyện Diên Khánh');
    INSERT INTO point (id, office_id, code, name, fixed_day, address) VALUES ('01940000-0000-7000-8000-000000000021', '01940000-0000-7000-8000-000000000011', 'DGD-DP', 'Điểm giao dịch xã Diên Phú', 15, 'UBND xã');
    INSERT INTO association (id, point_id, kind) VALUES ('01940000-0000-7000-8000-000000000031', '01940000-0000-7000-8000-000000000021', 'HND');
    INSERT INTO savings_group (id, association_id, code, name, village, leader_member_id, leader_staff_id, founded_on)
        VALUES ('01940000-0000-7000-8000-000000000041', '01940000-0000-7000-8000-000000000031', 'T01', 'Tổ TK&VV thôn Phú Ân Nam', 'Phú Ân Nam', '01940000-0000-7000-8000-000000000051', '01940000-0000-7000-8000-000000000001', '2015-03-01');
    INSERT INTO member (id, group_id, customer_code, full_name, name_folded, village, category, joined_on)
        VALUES ('01940000-0000-7000-8000-000000000051', '01940000-0000-7000-8000-000000000041', 'KH5601', 'Nguyễn Thị Hoa', 'nguyen thi hoa', 'Phú Ân Nam', 'poor', '2020-05-01');
    INSERT INTO leader_receipt (id, group_id, member_id, receipt_no, received_on, interest, savings_deposit, recorded_by, device_id, recorded_at)
        VALUES ('01940000-0000-7000-8000-000000000061', '01940000-0000-7000-8000-000000000041', '01940000-0000-7000-8000-000000000051', 'T01/2026/0001', '2026-01-05', 0, 50000, '01940000-0000-7000-8000-000000000001', '01940000-0000-7000-8000-0000000000a1', '2026-01-05T02:00:00+00:00');
    INSERT INTO leader_receipt_void (receipt_id, reason, voided_by, at) VALUES ('01940000-0000-7000-8000-000000000061', 'Ghi nhầm tổ viên', '01940000-0000-7000-8000-000000000001', '2026-01-05T02:05:00+00:00');
    UPDATE write_context SET audit_id = NULL;
";

const TABLES: [&str; 5] = [
    "staff",
    "savings_group",
    "member",
    "leader_receipt",
    "leader_receipt_void",
];

fn rows(conn: &rusqlite::Connection, table: &str) -> Vec<Vec<Value>> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
        .expect("the table is readable");
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .expect("rows read")
        .collect::<Result<_, _>>()
        .expect("rows read")
}

fn table_sql(conn: &rusqlite::Connection, table: &str) -> String {
    conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )
    .expect("the table exists")
}

#[test]
fn a_schema_5_file_keeps_every_row_and_reference_when_its_codes_are_rescoped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("phien.db");
    let conn = schema_5_file(&path);
    conn.execute_batch(SCHEMA_5_ROWS)
        .expect("schema 5 takes the rows");
    let before: Vec<_> = TABLES.iter().map(|t| rows(&conn, t)).collect();
    let logged: i64 = conn
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .expect("the change log counts");
    assert_eq!(logged, 9, "schema 5 logged each of the nine rows");
    drop(conn);

    let mut store = Store::open(&path).expect("a schema-5 file opens and is migrated");
    let conn = raw(&path);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("readable");
    assert_eq!(version, SCHEMA_VERSION, "the file is at the newest schema");
    for (table, was) in TABLES.iter().zip(&before) {
        assert_eq!(
            &rows(&conn, table),
            was,
            "«{table}» keeps every row, ids and all, through the rebuild"
        );
    }
    assert!(
        !table_sql(&conn, "staff").contains("UNIQUE")
            && !table_sql(&conn, "savings_group").contains("UNIQUE"),
        "staff and group codes are no longer unique in the file"
    );
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("the check runs");
    assert_eq!(broken, 0, "every reference still finds its row");
    let still: i64 = conn
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .expect("the change log counts");
    assert_eq!(
        still, logged,
        "copying the rows into the new tables is not a change to sync"
    );

    // The new tables log as the old ones did, and refuse deletes.
    let teller = store.staff_by_code("TQ01").expect("the teller is found");
    let actor = crate::fixture::actor_at(teller.id, 10);
    store
        .write(actor, "add_staff", "KS01", |tx| {
            tx.insert_staff(
                &Staff {
                    id: StaffId(uuid::Uuid::now_v7()),
                    code: "KS01".into(),
                    full_name: "Lê Thị Kiểm".into(),
                    role: StaffRole::Controller,
                },
                Some("2468"),
            )
        })
        .expect("a new account is written after the migration");
    let last: (String, String) = conn
        .query_row(
            "SELECT entity, json_extract(row_json, '$.code') FROM change_log ORDER BY rowid DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a change was logged");
    assert_eq!(
        last,
        ("staff".into(), "KS01".into()),
        "the rebuilt staff table logs its inserts for sync"
    );
    for sql in [
        "DELETE FROM staff WHERE code = 'HT'",
        "DELETE FROM savings_group",
        "UPDATE leader_receipt SET interest = 1",
    ] {
        let err = conn.execute(sql, []).expect_err("the file refuses it");
        assert!(
            err.to_string().contains("phien:"),
            "{sql}: the rebuilt table keeps its guard trigger: {err}"
        );
    }
}

#[test]
fn a_migration_that_would_leave_a_broken_reference_is_not_committed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("phien.db");
    let conn = schema_5_file(&path);
    conn.execute_batch(SCHEMA_5_ROWS)
        .expect("schema 5 takes the rows");
    // A member of a group the file does not have (foreign keys are off on a
    // raw connection): damage the migration must not hide.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO audit_event (id, device_id, actor_id, at, action) VALUES ('01940000-0000-7000-8000-000000000072', '01940000-0000-7000-8000-0000000000a1', '01940000-0000-7000-8000-000000000001', '2026-01-06T02:00:00+00:00', 'x');
         UPDATE write_context SET audit_id = '01940000-0000-7000-8000-000000000072', device_id = '01940000-0000-7000-8000-0000000000a1', actor_id = '01940000-0000-7000-8000-000000000001', at = '2026-01-06T02:00:00+00:00';
         INSERT INTO member (id, group_id, customer_code, full_name, name_folded, village, category, joined_on)
             VALUES ('01940000-0000-7000-8000-000000000052', '01940000-0000-7000-8000-0000000000ff', 'KH5602', 'Trần Văn Bình', 'tran van binh', 'Phú Ân Nam', 'poor', '2020-05-01');
         UPDATE write_context SET audit_id = NULL;",
    )
    .expect("a raw connection without foreign keys takes it");
    let before: Vec<_> = TABLES.iter().map(|t| rows(&conn, t)).collect();
    drop(conn);

    let Err(err) = Store::open(&path) else {
        panic!("the broken reference must be found");
    };
    assert_eq!(err.code(), "corrupt", "{err}");
    assert!(
        err.to_string().contains("member"),
        "the message names the table: {err}"
    );
    let conn = raw(&path);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("readable");
    assert_eq!(version, 5, "no migration was committed");
    assert!(
        table_sql(&conn, "staff").contains("code TEXT NOT NULL UNIQUE"),
        "the old tables are still there"
    );
    for (table, was) in TABLES.iter().zip(&before) {
        assert_eq!(&rows(&conn, table), was, "«{table}» is as it was");
    }
}

/// A second point of the office, written into the fixture's file as a
/// supervisor's laptop holds it, with a group coded like the first point's.
fn second_point(fx: &mut Fixture) -> (GroupId, MemberId) {
    let actor = fx.actor(&fx.team_leader);
    let office = fx
        .store
        .point()
        .expect("readable")
        .expect("the fixture's point")
        .point
        .office_id;
    fx.store
        .write(actor, "setup", "điểm thứ hai", |tx| {
            let point = PointId(tx.new_id());
            tx.insert_point(&Point {
                id: point,
                office_id: office,
                code: "DGD-DA".into(),
                name: "Điểm giao dịch xã Diên An".into(),
                fixed_day: 10,
                address: "UBND xã Diên An".into(),
                communes: vec![Commune {
                    code: "22489".into(),
                    name: "Xã Diên An".into(),
                    is_pre_2025: false,
                }],
            })?;
            let association = AssociationId(tx.new_id());
            tx.insert_association(&Association {
                id: association,
                point_id: point,
                kind: AssociationKind::Farmers,
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
                founded_on: day(2016, 1, 1),
            })?;
            let member = MemberId(tx.new_id());
            tx.insert_member(&Member {
                id: member,
                group_id: group,
                customer_code: "KH5790".into(),
                full_name: "Đặng Thị Ánh".into(),
                citizen_id: None,
                birth_year: Some(1981),
                gender: Some(Gender::Female),
                village: "Thôn Đông".into(),
                phone: None,
                category: HouseholdCategory::Poor,
                joined_on: day(2020, 5, 1),
            })?;
            Ok((group, member))
        })
        .expect("another point's «T01» is another group")
}

#[test]
fn two_points_in_one_file_each_have_their_own_group_codes_and_receipt_numbers() {
    let mut fx = Fixture::new();
    let (t01_b, member_b) = second_point(&mut fx);
    let t01_a = fx.groups[0].id;

    let actor = fx.actor(&fx.team_leader);
    let association = fx.associations[1].1;
    let err = fx
        .store
        .write(actor, "add_group", "T01", |tx| {
            let id = GroupId(tx.new_id());
            tx.insert_group(&Group {
                id,
                association_id: association,
                code: "T01".into(),
                name: "Tổ trùng mã".into(),
                village: "Thôn Tây".into(),
                leader_id: None,
                leader_staff_id: None,
                founded_on: day(2016, 1, 1),
            })
        })
        .expect_err("a point never has two groups «T01»");
    assert_eq!(err.code(), "duplicate_code", "{err}");
    assert!(err.to_string().contains("Mã tổ = «T01»"), "{err}");
    assert_eq!(
        fx.store.groups().expect("groups").len(),
        3,
        "nothing of the refused write is kept"
    );

    let err = fx
        .store
        .group_by_code("t01")
        .expect_err("two points have a «T01»");
    assert_eq!(err.code(), "ambiguous_code");
    assert!(
        err.to_string().contains("«DGD-DA/t01»") && err.to_string().contains("«DGD-DP/t01»"),
        "the refusal shows how to name each: {err}"
    );
    assert_eq!(
        fx.store.group_by_code("DGD-DA/T01").expect("qualified").id,
        t01_b
    );
    assert_eq!(
        fx.store
            .group_by_code("dgd-dp / t01")
            .expect("qualified")
            .id,
        t01_a,
        "the point's code is read without regard to case or spaces"
    );
    assert_eq!(
        fx.store.group_by_code("T02").expect("unique").id,
        fx.groups[1].id,
        "a code only one point has needs no qualification"
    );

    // Each group's leader numbers receipts from 0001: both «T01/2025/0001».
    let on = day(2025, 6, 10);
    let session_day = day(2025, 6, 15);
    let (leader_a, teller) = (fx.groups[0].members[0].id, fx.teller.id);
    let leader_b = Staff {
        id: StaffId(uuid::Uuid::now_v7()),
        code: "TT-DA01".into(),
        full_name: "Đặng Thị Ánh".into(),
        role: StaffRole::GroupLeader,
    };
    let member_a = fx.groups[0].members[1].id;
    let actor = fx.actor(&fx.teller);
    let receipt_a = fx
        .store
        .write(actor, "receipt", "", |tx| {
            tx.insert_staff(&leader_b, Some("1357"))?;
            tx.set_group_leader(t01_b, member_b, Some(leader_b.id))?;
            tx.set_group_leader(t01_a, leader_a, Some(teller))?;
            tx.record_leader_receipt(
                &ReceiptInput {
                    member_id: member_a,
                    interest: Dong::ZERO,
                    savings_deposit: Dong(50_000),
                },
                on,
                session_day,
            )
        })
        .expect("the leader of the first «T01» writes a receipt");
    let actor = fx.actor(&leader_b);
    let receipt_b = fx
        .store
        .write(actor, "receipt", "", |tx| {
            tx.record_leader_receipt(
                &ReceiptInput {
                    member_id: member_b,
                    interest: Dong::ZERO,
                    savings_deposit: Dong(20_000),
                },
                on,
                session_day,
            )
        })
        .expect("the leader of the second «T01» writes a receipt");
    assert_eq!(receipt_a.receipt_no, "T01/2025/0001");
    assert_eq!(
        receipt_b.receipt_no, "T01/2025/0001",
        "receipt numbers run per group, so two points' «T01» both start at 0001"
    );
}

#[test]
fn staff_codes_pulled_from_other_points_may_repeat_and_a_lookup_says_which() {
    let mut fx = Fixture::new();
    enrolled(&mut fx.store);
    let actor = fx.actor(&fx.team_leader);
    let err = fx
        .store
        .write(actor, "add_staff", "TQ01", |tx| {
            tx.insert_staff(
                &Staff {
                    id: StaffId(uuid::Uuid::now_v7()),
                    code: "TQ01".into(),
                    full_name: "Người khác".into(),
                    role: StaffRole::Teller,
                },
                None,
            )
        })
        .expect_err("an account made here gets a code the file does not have");
    assert_eq!(err.code(), "duplicate_code", "{err}");

    // Two other points' laptops each made a «TQ01» and an «HT».
    let pulled = |n: i64, id: &str, code: &str, name: &str, role: &str| Incoming {
        cursor: n,
        origin_device: format!("laptop-{n}"),
        origin_seq: 1,
        entity: "staff".into(),
        entity_id: id.into(),
        op: "insert".into(),
        body: format!(
            r#"{{"id":"{id}","code":"{code}","full_name":"{name}","role":"{role}","pin_hash":null}}"#
        ),
        hlc: None,
    };
    let (b_teller, c_system, d_system) = (
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
    );
    let actor = fx.actor(&fx.team_leader);
    let report = fx
        .store
        .apply_pulled(
            actor,
            &[
                pulled(1, &b_teller.to_string(), "TQ01", "Võ Văn Quý", "teller"),
                pulled(2, &c_system.to_string(), "HT", "Hệ thống", "system"),
                pulled(3, &d_system.to_string(), "HT", "Hệ thống", "system"),
            ],
            3,
        )
        .expect("the page applies");
    assert_eq!(
        (report.applied, report.quarantined),
        (3, 0),
        "other points' accounts are kept even where their codes repeat"
    );
    assert_eq!(
        fx.store.staff_by_code("TQ01").expect("found").id,
        fx.teller.id,
        "of two «TQ01», the one made on this laptop is meant"
    );
    let err = fx
        .store
        .staff_by_code("HT")
        .expect_err("two «HT», neither made here");
    assert_eq!(err.code(), "ambiguous_code");
    assert!(
        err.to_string().contains("2 người cùng mã"),
        "the refusal says why: {err}"
    );
}
