//! The server's starting state, made through the backend API exactly as the
//! administrator's commands and real devices make it: codes issued, a point
//! laptop, a supervisor and a revoked laptop enrolled, the point's books
//! pushed, and two items waiting in the review queue.
//!
//! Every id, credential and key here is fixed, so a saved input means the
//! same request on every fresh server (the server's own signing key is the
//! only thing made at random, and no input depends on it).

use chrono::{Duration, Utc};
use phien_server::backend::Backend;
use phien_server::credentials;
use phien_wire::bundle::{self, SigningKey};
use phien_wire::{PushItem, Scope, ScopeKind};
use serde_json::Value;

/// A fixed UUIDv7-shaped id: the fixture's ids are small numbers, the
/// mutator's fresh ids start at [`FRESH_IDS`], so they never meet.
pub fn fixed_id(n: u64) -> String {
    format!("01900000-0000-7000-8000-{n:012x}")
}

/// Where the mutator's fresh ids start.
pub const FRESH_IDS: u64 = 1 << 32;

/// Ledger entries in the point's books at the start.
pub const ENTRIES: usize = 20;

/// The month the fixture's ledger entries fall in.
pub const MONTH: &str = "2026-10";

/// Enrolment codes of this shape are treated as issued by the
/// administrator the first time an input names them (see
/// [`pool_code_scope`]): `FUZZ` + a kind letter + seven more characters.
pub const POOL_PREFIX: &str = "FUZZ";

/// An enrolled device.
#[derive(Debug, Clone)]
pub struct FixtureDevice {
    /// Its id.
    pub id: String,
    /// The secret it sends as `Authorization: Bearer …`.
    pub credential: String,
    /// The key it signs bundles with, if it has one.
    pub bundle_key: Option<SigningKey>,
    /// Its scope.
    pub scope: Scope,
}

/// The fixture's ids and devices.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The district office.
    pub office: String,
    /// Another district office (no device of the fixture belongs to it).
    pub other_office: String,
    /// The point of the point laptop.
    pub point: String,
    /// The staff account that records the entries.
    pub staff: String,
    /// The association of the group.
    pub association: String,
    /// The one savings group.
    pub group: String,
    /// Its ten members.
    pub members: Vec<String>,
    /// The point laptop (with a bundle key).
    pub point_device: FixtureDevice,
    /// The district supervisor.
    pub supervisor: FixtureDevice,
    /// A point laptop the administrator revoked.
    pub revoked: FixtureDevice,
    /// The items pushed at set-up, as the point laptop logged them.
    pub series: Vec<Value>,
    /// The point laptop's series is settled through here after set-up.
    pub acked: i64,
}

/// A credential: 64 hex digits, fixed by `label`.
pub fn credential(label: &str) -> String {
    credentials::digest(&format!("phien-fuzz {label}"))
}

/// The series of [`phien_server::synthetic::series`] with its random ids
/// replaced by fixed ones (in order of appearance), so it is the same text
/// on every run.
fn fixed_series(office: &str, device: &str, entries: usize) -> Vec<Value> {
    let series = phien_server::synthetic::series(office, device, entries);
    let mut text = serde_json::to_string(&series).expect("JSON values serialise");
    let mut n = 0x1000;
    for item in &series {
        let Some(id) = item["entity_id"].as_str() else {
            continue;
        };
        if id != office {
            text = text.replace(id, &fixed_id(n));
            n += 1;
        }
    }
    serde_json::from_str(&text).expect("the replaced text is still JSON")
}

/// The scope a pool code stands for (its fifth character), and whether it
/// is issued already expired; `None` if `normalised` is not a pool code.
pub fn pool_code_scope(fx: &Fixture, normalised: &str) -> Option<(Scope, bool)> {
    if normalised.len() != 12 || !normalised.starts_with(POOL_PREFIX) {
        return None;
    }
    let point = |office: &str| Scope {
        kind: ScopeKind::Point,
        office_id: office.to_owned(),
        point_id: Some(fx.point.clone()),
        group_id: None,
    };
    match normalised.as_bytes()[4] {
        b'P' => Some((point(&fx.office), false)),
        b'X' => Some((point(&fx.office), true)),
        b'O' => Some((point(&fx.other_office), false)),
        b'S' => Some((
            Scope {
                kind: ScopeKind::Supervisor,
                office_id: fx.office.clone(),
                point_id: None,
                group_id: None,
            },
            false,
        )),
        b'G' => Some((
            Scope {
                kind: ScopeKind::GroupLeader,
                office_id: fx.office.clone(),
                point_id: Some(fx.point.clone()),
                group_id: Some(fx.group.clone()),
            },
            false,
        )),
        _ => None,
    }
}

/// Issues `code` (as typed) for `scope` through the backend.
pub fn issue(
    backend: &dyn Backend,
    code: &str,
    scope: &Scope,
    expired: bool,
) -> anyhow::Result<()> {
    let now = Utc::now();
    let (issued, expires) = if expired {
        (now - Duration::days(8), now - Duration::days(1))
    } else {
        (now, now + Duration::days(7))
    };
    backend.issue_code(
        &credentials::digest(&credentials::normalise_code(code)),
        scope,
        issued,
        expires,
    )?;
    Ok(())
}

/// Enrols `device` through the backend with a new code for its scope (at
/// set-up, and again whenever an input re-enrolled one of the fixture's
/// devices under another scope or credential).
pub fn enrol(backend: &dyn Backend, device: &FixtureDevice) -> anyhow::Result<()> {
    let code = credentials::new_code();
    issue(backend, &code, &device.scope, false)?;
    let scope = backend.enrol(
        &credentials::digest(&credentials::normalise_code(&code)),
        &device.id,
        "Máy của bộ thử",
        &credentials::digest(&device.credential),
        device
            .bundle_key
            .as_ref()
            .map(bundle::public_hex)
            .as_deref(),
        Utc::now(),
    )?;
    anyhow::ensure!(scope == device.scope, "enrolled as {scope:?}");
    Ok(())
}

/// A push item from its JSON form.
pub fn push_item(v: &Value) -> PushItem {
    serde_json::from_value(v.clone()).expect("the fixture's items are push items")
}

/// An update of `field` of a member, as a device logs it.
pub fn member_update(seq: i64, member: &str, field: &str, was: &str, new: &str) -> Value {
    serde_json::json!({
        "seq": seq, "entity": "member", "entity_id": member, "op": "update",
        "hlc": format!("2026-11-02T01:00:{:02}.000Z-0000-fuzz", seq % 60),
        "body": {"key": [member], "set": {field: new}, "was": {field: was}},
    })
}

/// Sets the server up: enrolments, the point's books, two review items.
pub fn set_up(backend: &dyn Backend) -> anyhow::Result<Fixture> {
    let office = fixed_id(1);
    let other_office = fixed_id(2);
    let point_device_id = fixed_id(0x100);
    let series = fixed_series(&office, &point_device_id, ENTRIES);
    let id_of = |entity: &str| -> Vec<String> {
        series
            .iter()
            .filter(|i| i["entity"] == entity)
            .filter_map(|i| i["entity_id"].as_str().map(str::to_owned))
            .collect()
    };
    let first = |entity: &str| id_of(entity).into_iter().next().unwrap_or_default();
    let point = first("point");
    let point_scope = Scope {
        kind: ScopeKind::Point,
        office_id: office.clone(),
        point_id: Some(point.clone()),
        group_id: None,
    };
    let fx = Fixture {
        office: office.clone(),
        other_office,
        point: point.clone(),
        staff: first("staff"),
        association: first("association"),
        group: first("savings_group"),
        members: id_of("member"),
        point_device: FixtureDevice {
            id: point_device_id,
            credential: credential("point"),
            bundle_key: Some(bundle::signing_key([0x42; 32])),
            scope: point_scope.clone(),
        },
        supervisor: FixtureDevice {
            id: fixed_id(0x101),
            credential: credential("supervisor"),
            bundle_key: Some(bundle::signing_key([0x43; 32])),
            scope: Scope {
                kind: ScopeKind::Supervisor,
                office_id: office.clone(),
                point_id: None,
                group_id: None,
            },
        },
        revoked: FixtureDevice {
            id: fixed_id(0x102),
            credential: credential("revoked"),
            bundle_key: Some(bundle::signing_key([0x44; 32])),
            scope: point_scope,
        },
        acked: 0,
        series,
    };
    enrol(backend, &fx.point_device)?;
    enrol(backend, &fx.supervisor)?;
    enrol(backend, &fx.revoked)?;
    anyhow::ensure!(
        backend.revoke(&fx.revoked.id, Utc::now())?,
        "the revoked laptop exists"
    );
    // The office's own row comes from the district's side (a point may not
    // write it): the administrator's load; the point's copy is a repeat.
    let office_row: Vec<PushItem> = fx
        .series
        .iter()
        .filter(|i| i["entity"] == "office")
        .map(|i| {
            let mut i = i.clone();
            i["seq"] = 1.into();
            push_item(&i)
        })
        .collect();
    let loaded = phien_server::office_data::load_items(backend, &office, office_row, Utc::now())?;
    anyhow::ensure!(loaded.refused.is_empty(), "the office loads: {loaded:?}");
    let device = backend.device(&credentials::digest(&fx.point_device.credential))?;
    let mut items: Vec<Value> = fx.series.clone();
    let mut seq = items.len() as i64;
    // A name edited on a stale value: a conflict, review item 1.
    seq += 1;
    items.push(member_update(
        seq,
        &fx.members[0],
        "full_name",
        "Nguyễn Thị Hoà",
        "Nguyễn Thị Hòa",
    ));
    // A member inserted again with other content: review item 2.
    seq += 1;
    let mut again = fx
        .series
        .iter()
        .find(|i| i["entity_id"] == fx.members[1].as_str())
        .cloned()
        .unwrap_or_default();
    again["seq"] = seq.into();
    again["body"]["full_name"] = "Nguyễn Thị Hoa Mai".into();
    items.push(again);
    // A phone number set on a value nobody else changed: applied.
    seq += 1;
    let mut phone = member_update(seq, &fx.members[2], "phone", "", "0905123456");
    phone["body"]["was"]["phone"] = Value::Null;
    items.push(phone);
    let items: Vec<PushItem> = items.iter().map(push_item).collect();
    let answer = backend.push(&device, items, Utc::now())?;
    let codes: Vec<&str> = answer.refused.iter().map(|r| r.code.as_str()).collect();
    anyhow::ensure!(
        answer.acked_through == seq && codes == ["conflict", "record_conflict"],
        "set-up push settled as planned: {answer:?}"
    );
    Ok(Fixture { acked: seq, ..fx })
}
