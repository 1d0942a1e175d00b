//! Synthetic device series for tests and benchmarks that push from many
//! devices at once without building a store for each.

use uuid::Uuid;

/// A device's series as its store would log it, without a store: a staff
/// account, its point, a group of ten members, then `entries` payment
/// entries recorded by that account.
pub fn series(office: &str, device: &str, entries: usize) -> Vec<serde_json::Value> {
    let id = || Uuid::now_v7().to_string();
    let (staff, point, association, group) = (id(), id(), id(), id());
    let mut rows = vec![
        (
            "staff",
            staff.clone(),
            serde_json::json!({"id": staff, "code": format!("CB-{staff}"), "full_name": "Lê Thị Tín", "role": "teller", "pin_hash": null}),
        ),
        (
            "office",
            office.to_owned(),
            serde_json::json!({"id": office, "code": "5606", "name": "PGD NHCSXH huyện Diên Khánh"}),
        ),
        (
            "point",
            point.clone(),
            serde_json::json!({"id": point, "office_id": office, "code": format!("DGD-{point}"), "name": "Điểm giao dịch", "fixed_day": 15, "address": "UBND xã"}),
        ),
        (
            "association",
            association.clone(),
            serde_json::json!({"id": association, "point_id": point, "kind": "HND"}),
        ),
        (
            "savings_group",
            group.clone(),
            serde_json::json!({"id": group, "association_id": association, "code": format!("T-{group}"), "name": "Tổ TK&VV", "village": "Thôn 1", "leader_member_id": null, "leader_staff_id": null, "founded_on": "2015-03-01"}),
        ),
    ];
    let members: Vec<String> = (0..10).map(|_| id()).collect();
    for (i, m) in members.iter().enumerate() {
        rows.push(("member", m.clone(), serde_json::json!({"id": m, "group_id": group, "customer_code": format!("KH{m}"), "full_name": "Nguyễn Thị Hoa", "name_folded": "nguyen thi hoa", "citizen_id": null, "birth_year": 1980 + i, "gender": "female", "village": "Thôn 1", "phone": null, "category": "poor", "joined_on": "2020-05-01"})));
    }
    for i in 0..entries {
        let e = id();
        rows.push(("ledger_entry", e.clone(), serde_json::json!({"id": e, "kind": "savings_deposit", "member_id": members[i % 10], "loan_id": null, "amount": 10_000 + 1_000 * (i % 50), "value_date": "2026-10-15", "session_id": null, "recorded_by": staff, "device_id": device, "recorded_at": "2026-10-15T02:00:00+00:00", "receipt_no": null, "reverses_id": null, "reason": null, "approved_by": null})));
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, (entity, entity_id, body))| serde_json::json!({"seq": i + 1, "entity": entity, "entity_id": entity_id, "op": "insert", "hlc": null, "body": body}))
        .collect()
}
