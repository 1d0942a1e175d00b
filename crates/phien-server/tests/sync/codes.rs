//! Communes whose codes repeat (each laptop numbers its groups «T01»…, makes
//! its own accounts, numbers its leaders' receipts from 0001) all reach the
//! supervisor's laptop and the server's district report: a code is unique at
//! its point, not in the whole district (migrations/0006_codes.sql).

use phien_core::ids::{GroupId, MemberId, PointId, StaffId};
use phien_core::leader::ReceiptInput;
use phien_core::money::Dong;
use phien_core::report::Level;
use phien_server::report::DistrictReport;
use phien_store::{Staff, StaffRole};
use uuid::Uuid;

use crate::harness::{BuiltPoint, Device, District, day, district, point_coded, raw};

/// A point on its own laptop whose teller is «CB-A» and groups «A01», «A02»,
/// as the first point's groups are.
fn point_like_a(d: &District, tag: &str) -> (Device, BuiltPoint) {
    let mut device = Device::new();
    let id = PointId(Uuid::now_v7());
    device.enrol(&d.server, &d.server.code("point", d.office, Some(id), None));
    device.sync();
    let built = point_coded(&mut device, d.office, id, None, tag, "A", 2);
    (device, built)
}

/// The group's leader, account «TT-A01» on every laptop, writes a receipt.
fn receipt(device: &mut Device, built: &BuiltPoint) -> String {
    let (group, member): (GroupId, MemberId) = (built.groups[0], built.members[0][1]);
    let leader = Staff {
        id: StaffId(Uuid::now_v7()),
        code: "TT-A01".into(),
        full_name: "Tổ trưởng tổ A01".into(),
        role: StaffRole::GroupLeader,
    };
    let actor = device.actor(built.staff);
    let first_member = built.members[0][0];
    device
        .store
        .write(actor, "leader", "bầu tổ trưởng", |tx| {
            tx.insert_staff(&leader, Some("2468"))?;
            tx.set_group_leader(group, first_member, Some(leader.id))
        })
        .expect("the group gets its leader");
    let actor = device.actor(leader.id);
    device
        .store
        .write(actor, "receipt", "biên lai", |tx| {
            tx.record_leader_receipt(
                &ReceiptInput {
                    member_id: member,
                    interest: Dong::ZERO,
                    savings_deposit: Dong(50_000),
                },
                day(2026, 11, 10),
                day(2026, 11, 15),
            )
        })
        .expect("the leader writes a receipt")
        .receipt_no
}

#[test]
fn communes_whose_codes_repeat_all_reach_the_supervisor_and_the_district_report() {
    let mut d = district(2);
    let (mut b, built_b) = point_like_a(&d, "B");
    let (mut c, built_c) = point_like_a(&d, "C");
    let receipts = [receipt(&mut b, &built_b), receipt(&mut c, &built_c)];
    assert_eq!(
        receipts,
        ["A01/2026/0001".to_owned(), "A01/2026/0001".to_owned()],
        "each laptop numbers its group's receipts from 0001"
    );
    b.sync();
    c.sync();
    d.s.sync();

    for (who, device) in [
        ("the point B", &b),
        ("the point C", &c),
        ("the supervisor", &d.s),
    ] {
        assert_eq!(
            device.store.sync_quarantine().expect("readable"),
            vec![],
            "{who}: nothing is set aside for a repeated code"
        );
    }
    let groups = d.s.store.groups().expect("groups");
    assert_eq!(groups.len(), 6, "every group of the three points");
    assert_eq!(
        groups.iter().filter(|g| g.code == "A01").count(),
        3,
        "three points each have their «A01»"
    );
    let teller_a: Vec<_> =
        d.s.store
            .staff()
            .expect("staff")
            .into_iter()
            .filter(|s| s.code == "CB-A" || s.code == "TT-A01")
            .collect();
    assert_eq!(
        teller_a.len(),
        4,
        "both laptops' «CB-A» and «TT-A01» are on the supervisor's laptop"
    );
    for built in [&built_b, &built_c] {
        let receipts =
            d.s.store
                .leader_receipts(built.groups[0], true)
                .expect("receipts");
        assert_eq!(
            receipts
                .iter()
                .map(|r| r.receipt_no.as_str())
                .collect::<Vec<_>>(),
            ["A01/2026/0001"],
            "each group's receipt is on the supervisor's laptop"
        );
    }
    let err =
        d.s.store
            .group_by_code("A01")
            .expect_err("three points have an «A01»");
    assert_eq!(err.code(), "ambiguous_code", "{err}");
    assert_eq!(
        d.s.store.group_by_code("DGD-C/A01").expect("qualified").id,
        built_c.groups[0],
        "the point's code names which"
    );

    // The district's figures count every point's borrowers.
    let local =
        d.s.store
            .credit_report_within(day(2026, 11, 30), None, Level::Borrower)
            .expect("the supervisor's report");
    assert_eq!(local.at(Level::Point).count(), 3, "three points");
    assert_eq!(local.at(Level::Group).count(), 6, "six groups");
    assert_eq!(
        local.at(Level::Borrower).count(),
        18,
        "three members a group"
    );
    let (status, body) = raw(
        &d.server,
        "GET",
        "/v1/report/quality?as_of=2026-11-30&level=borrower",
        Some(&d.s.credential()),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let answer: DistrictReport = serde_json::from_value(body).expect("a DistrictReport");
    assert_eq!(
        answer.report, local,
        "the server's replica holds the same repeated codes and gives the same figures"
    );
}
