//! The office's own rows — the office, programs and their rates, rule
//! settings, rating schemes, fee rates — come from the district's side:
//! a supervisor's laptop, or the administrator loading them from a Phiên
//! store file (`phien-server office-data`). A point's or a group leader's
//! device reads them and never writes them ([`crate::merge::may_write`]).
//!
//! Loading writes exactly as a supervisor's laptop would: the file's own
//! changes to those tables are pushed, in their order, by a device enrolled
//! for the purpose with the office's supervisor scope and revoked as soon
//! as it is done, so the feed, the review queue and the device list say who
//! wrote what and when. Loading the same file again changes nothing (every
//! row is a repeat); a file with newer rates adds them.

use chrono::{DateTime, Utc};
use phien_store::Store;
use phien_wire::catalogue::{self, ScopeRule};
use phien_wire::{PushItem, Refused, Scope, ScopeKind};
use serde_json::value::RawValue;
use uuid::Uuid;

use crate::ServerError;
use crate::backend::{Backend, Device};
use crate::credentials;

/// The name the loading device is listed under.
pub const LOADER_NAME: &str = "Dữ liệu chung (phien-server office-data)";

/// What a load did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Loaded {
    /// The device that wrote (listed by `phien-server devices`, revoked).
    pub device_id: String,
    /// Changes read from the file and sent.
    pub items: usize,
    /// Those refused, with their reasons (nothing else is affected).
    pub refused: Vec<RefusedRow>,
}

/// A change of the file the server refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RefusedRow {
    /// Table.
    pub entity: String,
    /// Row key.
    pub entity_id: String,
    /// Stable code.
    pub code: String,
    /// Vietnamese reason.
    pub reason: String,
}

/// Loads the office's rows that `from` wrote into `office` on the server.
pub fn load(
    backend: &dyn Backend,
    office: &str,
    from: &Store,
    now: DateTime<Utc>,
) -> Result<Loaded, ServerError> {
    let tables: Vec<&str> = catalogue::ENTITIES
        .iter()
        .filter(|e| matches!(e.scope, ScopeRule::Office | ScopeRule::Reference))
        .map(|e| e.name)
        .collect();
    let rows = from
        .changes_to(&tables)
        .map_err(|e| ServerError::BadRequest(format!("đọc tệp dữ liệu: {e}")))?;
    let offices: Vec<&str> = rows
        .iter()
        .filter(|r| r.entity == "office" && r.op == "insert")
        .map(|r| r.entity_id.as_str())
        .collect();
    if !offices.is_empty() && !offices.contains(&office) {
        return Err(ServerError::BadRequest(format!(
            "tệp này ghi phòng giao dịch {}, không phải {office}",
            offices.join(", ")
        )));
    }
    let mut items = Vec::new();
    for row in rows {
        if row.entity == "office" && row.entity_id != office {
            continue;
        }
        items.push(PushItem {
            seq: items.len() as i64 + 1,
            entity: row.entity,
            entity_id: row.entity_id,
            op: row.op,
            hlc: row.hlc,
            body: RawValue::from_string(row.row_json)
                .map_err(|e| ServerError::BadRequest(format!("thay đổi hỏng trong tệp: {e}")))?,
        });
    }
    if items.is_empty() {
        return Err(ServerError::BadRequest(
            "tệp không có dữ liệu chung nào (phòng giao dịch, chương trình, lãi suất, quy định) do chính nó ghi".into(),
        ));
    }
    load_items(backend, office, items, now)
}

/// Writes `items` (numbered from 1) into `office` as the administrator:
/// what [`load`] does once it has read them from a file.
pub fn load_items(
    backend: &dyn Backend,
    office: &str,
    items: Vec<PushItem>,
    now: DateTime<Utc>,
) -> Result<Loaded, ServerError> {
    let scope = Scope {
        kind: ScopeKind::Supervisor,
        office_id: office.to_owned(),
        point_id: None,
        group_id: None,
    };
    let code = credentials::normalise_code(&credentials::new_code());
    backend.issue_code(
        &credentials::digest(&code),
        &scope,
        now,
        now + chrono::Duration::minutes(5),
    )?;
    let device = Device {
        id: Uuid::now_v7().to_string(),
        name: LOADER_NAME.to_owned(),
        scope,
    };
    let secret = crate::merge::hex(&rand::random::<[u8; 32]>());
    backend.enrol(
        &credentials::digest(&code),
        &device.id,
        &device.name,
        &credentials::digest(&secret),
        None,
        now,
    )?;
    let sent: Vec<(String, String)> = items
        .iter()
        .map(|i| (i.entity.clone(), i.entity_id.clone()))
        .collect();
    let pushed = backend.push(&device, items, now);
    // Revoked whatever the push did: its credential was never given out,
    // and nothing may write under it again.
    backend.revoke(&device.id, now)?;
    let refused = pushed?
        .refused
        .into_iter()
        .map(|r: Refused| {
            let (entity, entity_id) = usize::try_from(r.seq - 1)
                .ok()
                .and_then(|i| sent.get(i).cloned())
                .unwrap_or_default();
            RefusedRow {
                entity,
                entity_id,
                code: r.code,
                reason: r.reason,
            }
        })
        .collect();
    Ok(Loaded {
        device_id: device.id,
        items: sent.len(),
        refused,
    })
}
