//! The storage interface: what the HTTP layer asks of a backend
//! ([`Backend`]), and the per-transaction operations the push rules need
//! ([`Book`]). SQLite ([`crate::sqlite`]) implements both; every rule lives
//! in [`crate::merge`], written once against [`Book`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use phien_wire::{
    Decision, PullResponse, PulledChange, PushItem, PushResponse, ResolveRequest, ReviewItem,
    Scope, ScopeKind, StatusResponse,
};

use crate::ServerError;

/// An enrolled device, as its credential says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The device's own id (its store's `device.id`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it may see and write.
    pub scope: Scope,
}

/// A device as the administrator lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeviceInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Scope.
    pub scope: Scope,
    /// When it enrolled.
    pub enrolled_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// The last seq of its series the server settled.
    pub acked_seq: i64,
}

/// Where a stored record belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowScope {
    /// District office.
    pub office: String,
    /// Point, unless office-wide.
    pub point: Option<String>,
    /// Group, for group-level records.
    pub group: Option<String>,
}

/// The server's copy of a record: its scope, the hash of the row as first
/// inserted, and for mutable records the current row and each field's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    /// Where it belongs (shared: a day's entries share their member's).
    pub scope: Arc<RowScope>,
    /// sha256 of the inserted row's text: a second insert of the same record
    /// is a repeat only if this matches.
    pub hash: String,
    /// The current row (JSON object), for records that can be edited.
    pub body: Option<String>,
    /// `{field: hlc}` of the last accepted edit of each field.
    pub clocks: Option<String>,
}

/// A record to store or to rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    /// Table.
    pub entity: &'static str,
    /// Row key.
    pub id: String,
    /// The record.
    pub row: StoredRow,
}

/// A change entering an office's feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem<'a> {
    /// Its place in the office's feed (commit order).
    pub cursor: i64,
    /// The device that made it, or `server` for a correction.
    pub origin_device: &'a str,
    /// Its number in that device's series (a correction gets its cursor).
    pub origin_seq: i64,
    /// Table.
    pub entity: &'a str,
    /// Row key.
    pub entity_id: &'a str,
    /// `insert` or `update`.
    pub op: &'static str,
    /// Stamp.
    pub hlc: Option<&'a str>,
    /// The row or field operation.
    pub body: Cow<'a, str>,
    /// Where it belongs (decides who pulls it).
    pub scope: Arc<RowScope>,
}

/// What happened to one pushed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// Stored and added to the feed.
    Stored,
    /// The same record with the same content was already here.
    Repeat,
    /// Set aside with a reason.
    Refused {
        /// Stable code.
        code: &'static str,
        /// Vietnamese reason.
        reason: String,
    },
}

/// How one item of a device's series was settled, as `settled` keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledItem {
    /// Its number in the series.
    pub seq: i64,
    /// sha256 of the item (table, key, operation, stamp, canonical content).
    pub hash: String,
    /// What happened to it.
    pub how: Settlement,
}

/// An item for the review queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review<'a> {
    /// `conflict` (an identity or money field edited on both sides),
    /// `changed_replay` (a device resent a settled item with other content),
    /// `record_conflict` (a record inserted twice with different content).
    pub kind: &'static str,
    /// Table.
    pub entity: Cow<'a, str>,
    /// Row key.
    pub entity_id: Cow<'a, str>,
    /// The field, for a field conflict.
    pub field: Option<String>,
    /// What the server keeps.
    pub server_value: Option<String>,
    /// What the device sent.
    pub device_value: Option<String>,
    /// The device.
    pub device_id: &'a str,
    /// Its item.
    pub device_seq: i64,
}

/// Everything a stretch of a push (or a review decision) writes, within one
/// district office, in the order it was decided. A backend writes it with
/// as few statements as it can: every rule was applied before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Writes<'a> {
    /// Items of the device's series, settled.
    pub settled: Vec<SettledItem>,
    /// Records stored for the first time.
    pub inserted: Vec<RecordRow>,
    /// Records whose current row and clocks changed.
    pub updated: Vec<RecordRow>,
    /// Changes entering the office's feed, in cursor order.
    pub feed: Vec<FeedItem<'a>>,
    /// Items for the review queue.
    pub reviews: Vec<Review<'a>>,
}

impl Writes<'_> {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.settled.is_empty()
            && self.inserted.is_empty()
            && self.updated.is_empty()
            && self.feed.is_empty()
            && self.reviews.is_empty()
    }
}

/// One write transaction's operations, all within one district office's
/// data. The rules read what they need in batches and write what they
/// decided in batches: a backend answers each call with a few statements
/// (PostgreSQL: one round trip each), whatever the number of items.
pub trait Book {
    /// Starts writing for `office`: takes the office's head (in
    /// PostgreSQL, locks its row until commit), so two writers of one
    /// office never interleave — neither their reads of records nor their
    /// cursors — and returns it.
    fn begin(&mut self, office: &str) -> Result<i64, ServerError>;
    /// The last seq of `device`'s series that is settled.
    fn acked(&mut self, device: &str) -> Result<i64, ServerError>;
    /// The hashes the items `seqs` of `device`'s series were settled with
    /// (those that are settled).
    fn settled_hashes(
        &mut self,
        device: &str,
        seqs: &[i64],
    ) -> Result<HashMap<i64, String>, ServerError>;
    /// The stored records of `office` among `keys` (table, key).
    fn rows(
        &mut self,
        office: &str,
        keys: &[(&str, &str)],
    ) -> Result<Vec<(String, String, StoredRow)>, ServerError>;
    /// Writes what was decided for `device` in `office`. `Ok(false)`, and
    /// nothing written, if a record it inserts is stored already: one
    /// [`Book::rows`] was not asked about ([`Book::optimistic`]).
    fn write(
        &mut self,
        office: &str,
        device: &str,
        writes: &Writes<'_>,
    ) -> Result<bool, ServerError>;
    /// Whether the rules may insert an append-only record without looking
    /// its key up first, relying on [`Book::write`] to report one stored
    /// already: a look-up costs about what the insert's own check does, and
    /// is nearly always for nothing (a ledger entry's id is new).
    fn optimistic(&self) -> bool {
        false
    }
    /// Moves `device`'s settled prefix to `acked` and the office's head to
    /// `head`. Called once, last, before commit.
    fn finish(
        &mut self,
        office: &str,
        device: Option<(&str, i64)>,
        head: i64,
    ) -> Result<(), ServerError>;
    /// A review item by number, with its office (locked until commit where
    /// the backend locks rows).
    fn review_item(&mut self, id: i64) -> Result<Option<(String, ReviewItem)>, ServerError>;
    /// Records the decision on a review item.
    fn close_review(
        &mut self,
        id: i64,
        by: &str,
        decision: Decision,
        note: &str,
    ) -> Result<(), ServerError>;
}

/// A server storage backend. Methods block; the HTTP layer calls them on
/// blocking threads.
pub trait Backend: Send + Sync + 'static {
    /// Stores a one-time enrolment code (its hash) for `scope`.
    fn issue_code(
        &self,
        code_hash: &str,
        scope: &Scope,
        issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), ServerError>;
    /// Redeems a code once: binds the device and its credential (hash) to the code's scope.
    fn enrol(
        &self,
        code_hash: &str,
        device_id: &str,
        device_name: &str,
        credential_hash: &str,
        bundle_key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Scope, ServerError>;
    /// The key this server signs bundle replies with (made at first start).
    fn server_key(&self) -> &phien_wire::bundle::SigningKey;
    /// A device by its id, with the public key it signs bundles with;
    /// refused if unknown or revoked.
    fn device_by_id(&self, id: &str) -> Result<(Device, Option<String>), ServerError>;
    /// Notes an imported bundle.
    fn record_import(&self, import: &ImportRecord<'_>) -> Result<(), ServerError>;
    /// The device a credential belongs to; refused if revoked.
    fn device(&self, credential_hash: &str) -> Result<Device, ServerError>;
    /// Revokes a device at once; `false` if there is no such device.
    fn revoke(&self, device_id: &str, now: DateTime<Utc>) -> Result<bool, ServerError>;
    /// Every device.
    fn devices(&self) -> Result<Vec<DeviceInfo>, ServerError>;
    /// Settles a push in one transaction (which may settle other
    /// devices' pushes too: each is undone alone if it fails).
    fn push(
        &self,
        device: &Device,
        items: Vec<PushItem>,
        now: DateTime<Utc>,
    ) -> Result<PushResponse, ServerError>;
    /// The next page of the device's scope after `after`.
    fn pull(&self, device: &Device, after: i64, limit: u32) -> Result<PullResponse, ServerError>;
    /// What the server knows of the device.
    fn status(&self, device: &Device) -> Result<StatusResponse, ServerError>;
    /// The digest of the ledger entries of the device's scope in `month`
    /// (`YYYY-MM`), for the integrity check.
    fn month_digest(
        &self,
        device: &Device,
        month: &str,
    ) -> Result<phien_wire::MonthDigest, ServerError>;
    /// The review items a device may see, oldest first: a supervisor, its
    /// office's; any other device, the ones its own items caused. Open ones
    /// only unless `all`.
    fn reviews(&self, device: &Device, all: bool) -> Result<Vec<ReviewItem>, ServerError>;
    /// A supervisor's decision on a review item, once ([`crate::merge::resolve`]).
    fn resolve_review(
        &self,
        device: &Device,
        id: i64,
        request: &ResolveRequest,
        now: DateTime<Utc>,
    ) -> Result<ReviewItem, ServerError>;
}

/// A bundle as the server notes its import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord<'a> {
    /// The device whose bundle it was.
    pub device_id: &'a str,
    /// sha256 of its payload.
    pub bundle: &'a str,
    /// Items it carried.
    pub items: i64,
    /// How far the device's series is settled after it.
    pub acked_through: i64,
    /// Items refused.
    pub refused: i64,
    /// `admin` (the server's command line) or the delivering device's id.
    pub imported_by: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// A stored review row's `resolution` column: `{"decision": …, "note": …}`.
pub(crate) fn resolution_parts(
    resolution: Option<&str>,
) -> (Option<phien_wire::Decision>, Option<String>) {
    let Some(v) = resolution.and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok()) else {
        return (None, None);
    };
    (
        serde_json::from_value(v["decision"].clone()).ok(),
        v["note"].as_str().map(str::to_owned),
    )
}

/// The columns a review row is read with, in [`review_item`]'s order.
pub(crate) const REVIEW_COLUMNS: &str = "id, kind, entity, entity_id, field, server_value, device_value, device_id, device_seq, created_at, resolved_at, resolved_by, resolution";

/// A review row read as [`REVIEW_COLUMNS`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn review_item(
    id: i64,
    kind: String,
    entity: String,
    entity_id: String,
    field: Option<String>,
    server_value: Option<String>,
    device_value: Option<String>,
    device_id: String,
    device_seq: i64,
    created_at: String,
    resolved_at: Option<String>,
    resolved_by: Option<String>,
    resolution: Option<String>,
) -> ReviewItem {
    let (decision, note) = resolution_parts(resolution.as_deref());
    ReviewItem {
        id,
        kind,
        entity,
        entity_id,
        field,
        server_value,
        device_value,
        device_id,
        device_seq,
        created_at,
        resolved_at,
        resolved_by,
        decision,
        note,
    }
}

/// The refusal of an enrolment whose credential another device holds (a
/// device makes its own credential, so only a broken or hostile client
/// sends one in use): nothing is bound, and the code stays unused.
pub(crate) fn credential_in_use() -> ServerError {
    ServerError::Conflict(
        "credential_in_use",
        "khóa xác thực này đã thuộc về một máy khác; hãy đăng ký lại để máy tạo khóa mới".into(),
    )
}

/// The `outcome`, `code` and `reason` columns of a settled item.
pub(crate) fn settled_columns(
    how: &Settlement,
) -> (&'static str, Option<&'static str>, Option<&str>) {
    match how {
        Settlement::Stored => ("stored", None, None),
        Settlement::Repeat => ("repeat", None, None),
        Settlement::Refused { code, reason } => ("refused", Some(*code), Some(reason.as_str())),
    }
}

/// Record scopes read in one batch, shared by the records that have the
/// same one (a day's entries are their members'; a group's members, its).
pub(crate) struct Scopes<'a> {
    office: &'a str,
    seen: HashMap<(Option<String>, Option<String>), Arc<RowScope>>,
}

impl<'a> Scopes<'a> {
    pub(crate) fn new(office: &'a str) -> Scopes<'a> {
        Scopes {
            office,
            seen: HashMap::new(),
        }
    }

    /// The scope of a record of the office with these point and group columns.
    pub(crate) fn get(&mut self, point: Option<String>, group: Option<String>) -> Arc<RowScope> {
        let office = self.office;
        self.seen
            .entry((point, group))
            .or_insert_with_key(|(point, group)| {
                Arc::new(RowScope {
                    office: office.to_owned(),
                    point: point.clone(),
                    group: group.clone(),
                })
            })
            .clone()
    }
}

/// A scope from its stored columns.
pub(crate) fn scope_of(
    kind: &str,
    office: String,
    point: Option<String>,
    group: Option<String>,
) -> Result<Scope, ServerError> {
    Ok(Scope {
        kind: ScopeKind::parse(kind)
            .ok_or_else(|| ServerError::Storage(format!("loại máy «{kind}» không biết")))?,
        office_id: office,
        point_id: point,
        group_id: group,
    })
}

/// A pull page: `changes` read after `after` with `limit`, in a snapshot
/// whose office head was `head`. A short page saw everything up to the head
/// (rows of other scopes included), so the cursor moves to the head.
pub(crate) fn page(changes: Vec<PulledChange>, after: i64, limit: u32, head: i64) -> PullResponse {
    let full = changes.len() as u32 == limit;
    let next = if full {
        changes.last().map_or(after, |c| c.cursor)
    } else {
        head.max(after)
    };
    PullResponse {
        changes,
        next,
        has_more: full && next < head,
    }
}

/// Whether a page for `device` may hold PIN hashes it must not get: a group
/// leader's page with staff rows in it ([`withhold_pins`]).
pub(crate) fn withholds_pins(device: &Device, changes: &[PulledChange]) -> bool {
    device.scope.kind == ScopeKind::GroupLeader && changes.iter().any(|c| c.entity == "staff")
}

/// Takes out of a group leader's page what the device has no business with
/// inside its scope: the PIN hash of every staff account but the group's
/// leader's own (`leader`, the group's `leader_staff_id` now). The rows
/// stay — entries and receipts name who recorded them — with `pin_hash`
/// empty, and an account with no PIN never signs in. A salted hash of a
/// four-digit PIN is found offline in well under a second, so the hash is
/// as good as the PIN.
pub(crate) fn withhold_pins(
    changes: &mut [PulledChange],
    leader: Option<&str>,
) -> Result<(), ServerError> {
    for change in changes
        .iter_mut()
        .filter(|c| c.entity == "staff" && Some(c.entity_id.as_str()) != leader)
    {
        let mut body: serde_json::Value = serde_json::from_str(change.body.get())
            .map_err(|e| ServerError::Storage(format!("thay đổi {} hỏng: {e}", change.cursor)))?;
        let mut blanked = false;
        let parts: &[&str] = if change.op == "insert" {
            &[""]
        } else {
            &["set", "was"]
        };
        for part in parts {
            let fields = if part.is_empty() {
                Some(&mut body)
            } else {
                body.get_mut(*part)
            };
            if let Some(pin) = fields.and_then(|f| f.get_mut("pin_hash"))
                && !pin.is_null()
            {
                *pin = serde_json::Value::Null;
                blanked = true;
            }
        }
        if blanked {
            change.body = serde_json::value::to_raw_value(&body)
                .map_err(|e| ServerError::Storage(e.to_string()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(entity: &str, id: &str, op: &str, body: serde_json::Value) -> PulledChange {
        PulledChange {
            cursor: 1,
            device: "d".into(),
            seq: 1,
            entity: entity.into(),
            entity_id: id.into(),
            op: op.into(),
            hlc: None,
            body: serde_json::value::to_raw_value(&body).expect("JSON"),
        }
    }

    #[test]
    fn a_leader_gets_no_pin_hash_but_their_own_in_inserts_and_edits() {
        let mut page = vec![
            change(
                "staff",
                "teller",
                "insert",
                serde_json::json!({"id": "teller", "code": "GDV", "pin_hash": "ab12"}),
            ),
            change(
                "staff",
                "teller",
                "update",
                serde_json::json!({"key": ["teller"], "set": {"pin_hash": "cd34"}, "was": {"pin_hash": "ab12"}}),
            ),
            change(
                "staff",
                "leader",
                "insert",
                serde_json::json!({"id": "leader", "code": "TT", "pin_hash": "ef56"}),
            ),
            change(
                "member",
                "m",
                "insert",
                serde_json::json!({"id": "m", "pin_hash": "not a staff row"}),
            ),
        ];
        withhold_pins(&mut page, Some("leader")).expect("withheld");
        let bodies: Vec<serde_json::Value> = page
            .iter()
            .map(|c| serde_json::from_str(c.body.get()).expect("JSON"))
            .collect();
        assert_eq!(bodies[0]["pin_hash"], serde_json::Value::Null);
        assert_eq!(bodies[0]["code"], "GDV", "the rest of the row stays");
        assert_eq!(bodies[1]["set"]["pin_hash"], serde_json::Value::Null);
        assert_eq!(bodies[1]["was"]["pin_hash"], serde_json::Value::Null);
        assert_eq!(bodies[2]["pin_hash"], "ef56", "the leader signs in with it");
        assert_eq!(bodies[3]["pin_hash"], "not a staff row");
    }
}
