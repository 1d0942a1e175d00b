//! Who may see and write what, inside an office: a group leader's device
//! gets no other staff's PIN hash, and the office's own rows (programs,
//! rates, rule settings) are written only from the district's side.

use chrono::NaiveDate;
use phien_core::ids::StaffId;
use phien_core::program::RatePeriod;
use phien_store::{Staff, StaffRole};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::harness::{self, Device};

fn pins_held(device: &Device) -> i64 {
    rusqlite::Connection::open(&device.path)
        .expect("raw")
        .query_row(
            "SELECT count(*) FROM staff WHERE pin_hash IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("counted")
}

#[test]
fn a_group_leaders_device_holds_no_pin_hash_but_its_leaders() {
    let mut d = harness::district(2);
    let leader_staff = StaffId(Uuid::now_v7());
    let controller = StaffId(Uuid::now_v7());
    let group = d.built.groups[0];
    let actor = d.a.actor(d.staff);
    d.a.store
        .write(actor, "setup", "tổ trưởng", |tx| {
            tx.insert_staff(
                &Staff {
                    id: leader_staff,
                    code: "TT-A01".into(),
                    full_name: "Trần Thị Tổ Trưởng".into(),
                    role: StaffRole::GroupLeader,
                },
                Some("5678"),
            )?;
            tx.insert_staff(
                &Staff {
                    id: controller,
                    code: "KS01".into(),
                    full_name: "Lê Văn Kiểm".into(),
                    role: StaffRole::Controller,
                },
                Some("2468"),
            )?;
            tx.set_group_leader(group, d.built.members[0][0], Some(leader_staff))
        })
        .expect("the group's leader gets an account");
    assert!(d.a.sync().refused.is_empty());

    let mut leader = Device::new();
    leader.enrol(
        &d.server,
        &d.server
            .code("group_leader", d.office, Some(d.built.point), Some(group)),
    );
    leader.sync();

    assert_eq!(
        leader.rows("staff").len(),
        d.a.rows("staff").len(),
        "every account stays on the leader's device: entries name who recorded them"
    );
    assert_eq!(
        pins_held(&leader),
        1,
        "only the leader's own PIN hash reaches their device (a 4-digit PIN's hash is tried offline in a moment)"
    );
    assert!(
        leader.store.check_pin(leader_staff, "5678").expect("reads"),
        "the leader signs in on their own device"
    );
    assert!(
        !leader.store.check_pin(controller, "2468").expect("reads"),
        "the controller's PIN cannot be checked, hence not guessed, on a leader's device"
    );
    assert!(!leader.store.check_pin(d.staff, "1234").expect("reads"));
    leader.integrity_ok();

    // The point and the supervisor keep every PIN hash they hold.
    d.s.sync();
    assert!(d.s.store.check_pin(controller, "2468").expect("reads"));
    assert!(d.a.store.check_pin(controller, "2468").expect("reads"));

    // The other group's leader (no account of their own): no hash at all.
    let mut other = Device::new();
    other.enrol(
        &d.server,
        &d.server.code(
            "group_leader",
            d.office,
            Some(d.built.point),
            Some(d.built.groups[1]),
        ),
    );
    other.sync();
    assert_eq!(pins_held(&other), 0);
}

#[test]
fn only_the_district_writes_the_offices_own_data() {
    let mut d = harness::district(1);
    assert!(
        d.a.store.sync_quarantine().expect("reads").is_empty(),
        "A's copy of the office's rows, loaded by the administrator, went up as repeats"
    );

    // A point's laptop adds a rate and changes a rule for the whole office.
    let actor = d.a.actor(d.staff);
    let rate = RatePeriod {
        effective_from: NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date"),
        annual_rate: Decimal::new(55, 3),
    };
    d.a.store
        .write(actor, "add_rate", "01", |tx| {
            tx.add_rate("01", &rate)?;
            tx.set_policy("inactive_months", "6")
        })
        .expect("written locally");
    let report = d.a.sync();
    let codes: Vec<&str> = report.refused.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        ["office_data", "office_data"],
        "a point may not set rates or rules for every point: {:?}",
        report.refused
    );
    assert_eq!(d.a.store.sync_quarantine().expect("reads").len(), 2);
    let before = (d.s.rows("program_rate"), d.s.rows("policy_setting"));
    d.s.sync();
    assert_eq!(
        (d.s.rows("program_rate"), d.s.rows("policy_setting")),
        before,
        "the refused rate and rule reached nobody"
    );

    // The supervisor's laptop may: its rate reaches the point.
    let supervisor = d.s.actor(d.staff);
    let later = RatePeriod {
        effective_from: NaiveDate::from_ymd_opt(2027, 7, 1).expect("a date"),
        annual_rate: Decimal::new(60, 3),
    };
    d.s.store
        .write(supervisor, "add_rate", "02", |tx| tx.add_rate("02", &later))
        .expect("written");
    assert!(d.s.sync().refused.is_empty());
    d.a.sync();
    assert!(
        d.a.rows("program_rate")
            .iter()
            .any(|r| r.starts_with("Text(\"02\")|Text(\"2027-07-01\")")),
        "the district's new rate reaches the point"
    );

    // The administrator loading what the district already has changes nothing.
    d.server.office_data(d.office, &d.s);
    let idle = d.s.sync();
    assert_eq!(idle.received, 0, "{idle:?}");
}
