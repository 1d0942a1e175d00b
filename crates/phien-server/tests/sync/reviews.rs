//! The review queue: seen by the supervisor and by the device whose change
//! caused it, decided once by a supervisor of the office, and the decision
//! reaches every device.

use phien_wire::Decision;

use crate::harness::{self, Device, edit_member, member_field};

fn reviews(device: &Device, all: bool) -> Vec<phien_wire::ReviewItem> {
    phien_sync::reviews(&device.store, all, harness::options()).expect("the queue is readable")
}

fn resolve(
    device: &Device,
    id: i64,
    decision: Decision,
    note: &str,
) -> Result<phien_wire::ReviewItem, phien_sync::SyncError> {
    phien_sync::resolve_review(&device.store, id, decision, note, harness::options())
}

#[test]
fn a_conflict_is_seen_on_both_sides_and_decided_once() {
    let harness::District {
        server,
        mut a,
        mut s,
        staff,
        built,
        ..
    } = harness::district(1);
    let m = built.members[0][0];

    // Both change the member's name offline; the district syncs first.
    edit_member(&mut a, staff, m, "full_name", "Nguyễn Thị Hồng Nhung");
    edit_member(&mut s, staff, m, "full_name", "Nguyễn Thị Hồng Nhàn");
    s.sync();
    let report = a.sync();
    assert_eq!(report.refused[0].code, "conflict", "{report:?}");
    assert_eq!(
        member_field(&a, m, "full_name").as_deref(),
        Some("Nguyễn Thị Hồng Nhàn"),
        "meanwhile the commune is brought back to the server's value"
    );

    // Both sides see it.
    let seen_by_s = reviews(&s, false);
    let seen_by_a = reviews(&a, false);
    assert_eq!(seen_by_s.len(), 1, "{seen_by_s:?}");
    assert_eq!(seen_by_a, seen_by_s, "the commune sees the same item");
    let id = seen_by_s[0].id;
    assert_eq!(seen_by_s[0].field.as_deref(), Some("full_name"));
    assert_eq!(
        seen_by_s[0].device_value.as_deref(),
        Some("\"Nguyễn Thị Hồng Nhung\"")
    );

    // Only a supervisor of the office decides, with a reason, once.
    let err = resolve(&a, id, Decision::TakeDevice, "tự quyết").expect_err("a point may not");
    assert_eq!(err.code(), "forbidden");
    let err = resolve(&s, id, Decision::TakeDevice, "  ").expect_err("no reason");
    assert_eq!(err.code(), "bad_request");
    let mut far = Device::new();
    let (other, _) = harness::office(&mut far, "QL02");
    far.enrol(&server, &server.code("supervisor", other, None, None));
    let err =
        resolve(&far, id, Decision::KeepServer, "không phải của tôi").expect_err("another office");
    assert_eq!(
        err.code(),
        "not_found",
        "another office's queue is invisible"
    );
    let decided = resolve(&s, id, Decision::TakeDevice, "Đúng theo CCCD của hội viên")
        .expect("the supervisor decides");
    assert_eq!(decided.decision, Some(Decision::TakeDevice));
    assert_eq!(decided.resolved_by, Some(s.id()));
    let err = resolve(&s, id, Decision::KeepServer, "đổi ý").expect_err("decided already");
    assert_eq!(err.code(), "already_resolved");

    // The decision reaches everyone.
    a.sync();
    s.sync();
    for d in [&a, &s] {
        assert_eq!(
            member_field(d, m, "full_name").as_deref(),
            Some("Nguyễn Thị Hồng Nhung"),
            "the commune's spelling is now the name on every device"
        );
    }
    assert!(reviews(&a, false).is_empty(), "nothing open any more");
    let history = reviews(&a, true);
    assert_eq!(
        history[0].note.as_deref(),
        Some("Đúng theo CCCD của hội viên"),
        "the commune sees why"
    );

    // A decision on an old picture is refused: the name changed since.
    edit_member(&mut a, staff, m, "full_name", "Nguyễn Thị Nhung");
    edit_member(&mut s, staff, m, "full_name", "Nguyễn Thị Hồng Nhung (Út)");
    s.sync();
    a.sync();
    let open = reviews(&s, false);
    assert_eq!(open.len(), 1, "{open:?}");
    edit_member(&mut s, staff, m, "full_name", "Nguyễn Thị Hồng Nhung");
    s.sync();
    let err = resolve(&s, open[0].id, Decision::TakeDevice, "theo điểm giao dịch")
        .expect_err("the server's value moved on");
    assert_eq!(err.code(), "review_stale");
    resolve(&s, open[0].id, Decision::KeepServer, "giữ tên đã sửa lại")
        .expect("keeping the server's value is always possible");
    a.sync();
    assert_eq!(
        member_field(&a, m, "full_name"),
        member_field(&s, m, "full_name"),
        "both sides agree"
    );
    assert!(reviews(&s, false).is_empty());
}
