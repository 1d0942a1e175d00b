//! The push rules, written once against [`Book`]:
//!
//! * A device's items are settled in its own order, without gaps. An item
//!   already settled is a repeat if its content hash matches and is refused
//!   loudly (and queued for review) if it does not; nothing expires, so a
//!   retry a month later still dedupes.
//! * An insert finds its scope from its parent and must be inside what the
//!   device may write. The same record inserted again with the same content
//!   is a repeat; with other content it is refused and queued for review.
//! * An edit carries, per field, the value it replaced. If that is still the
//!   server's value, the edit applies. Otherwise someone else changed the
//!   field meanwhile: an identity or money field becomes a conflict in the
//!   review queue and the server's value stays; any other field goes to the
//!   later clock stamp. Whenever the server keeps its own value against an
//!   edit, it adds a correction from `server` to the feed, so the editing
//!   device comes back to the server's value at its next pull.
//! * A money field must be whole đồng (a JSON integer); an item with one
//!   that is not is refused (`bad_amount`). Text must not hold NUL.
//! * One bad item is refused with its reason and never blocks the rest.
//!   A reason quotes at most a short excerpt of what it refuses.

use std::collections::HashMap;

use phien_wire::catalogue::{self, Entity, ScopeRule};
use phien_wire::{PushItem, PushResponse, Refused, ScopeKind};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::ServerError;
use crate::backend::{Book, Device, FeedItem, Review, RowScope, Settlement, StoredRow};

/// The origin of the server's own corrections in the feed.
pub const SERVER_ORIGIN: &str = "server";

fn sha256_hex(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    hex(&h.finalize())
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// JSON text with object keys sorted at every level, whatever order the
/// sender wrote them in (and whatever `serde_json` features the build
/// unified): equal content gives equal text, hence equal hashes.
pub fn canonical(v: &Value) -> String {
    fn write(v: &Value, out: &mut Vec<u8>) {
        match v {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                out.push(b'{');
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut *out, k).expect("writing to memory");
                    out.push(b':');
                    write(v, out);
                }
                out.push(b'}');
            }
            Value::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write(item, out);
                }
                out.push(b']');
            }
            // The same text as `Value`'s Display, without a String per value.
            other => serde_json::to_writer(&mut *out, other).expect("writing to memory"),
        }
    }
    let mut out = Vec::with_capacity(512);
    write(v, &mut out);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Settles `items` of `device`'s series. Stops at a gap: the device resends
/// from `acked_through + 1`.
pub fn push(
    book: &mut impl Book,
    device: &Device,
    items: &[PushItem],
) -> Result<PushResponse, ServerError> {
    book.begin(&device.scope.office_id)?;
    let mut acked = book.acked(&device.id)?;
    let mut refused = Vec::new();
    // Scopes met in this push: a day's entries name the same few members.
    let mut scopes: HashMap<(&'static str, String), RowScope> = HashMap::new();
    for item in items {
        let body = item.body.get();
        let parsed: Option<Value> = serde_json::from_str(body).ok();
        let content = parsed.as_ref().map_or_else(|| body.to_owned(), canonical);
        let hash = sha256_hex(&[
            &item.entity,
            &item.entity_id,
            &item.op,
            item.hlc.as_deref().unwrap_or(""),
            &content,
        ]);
        if item.seq <= acked {
            if book.settled_hash(&device.id, item.seq)?.as_deref() != Some(hash.as_str()) {
                // The review keeps what was sent; a NUL becomes U+FFFD (the
                // replacement character), which PostgreSQL's text can hold.
                let (entity, entity_id) = (
                    item.entity.replace('\0', "\u{fffd}"),
                    item.entity_id.replace('\0', "\u{fffd}"),
                );
                book.review(&Review {
                    office: &device.scope.office_id,
                    kind: "changed_replay",
                    entity: &entity,
                    entity_id: &entity_id,
                    field: None,
                    server_value: None,
                    device_value: Some(body.to_owned()),
                    device_id: &device.id,
                    device_seq: item.seq,
                })?;
                refused.push(Refused {
                    seq: item.seq,
                    code: "changed_replay".into(),
                    reason: format!(
                        "thay đổi số {} của máy này đã được nhận với nội dung khác; đã chuyển quận/huyện kiểm tra",
                        item.seq
                    ),
                });
            }
            continue;
        }
        if item.seq != acked + 1 {
            break;
        }
        let nul = holds_nul(item) || parsed.as_ref().is_some_and(value_holds_nul);
        let how = match parsed {
            _ if nul => refuse(
                "bad_item",
                "thay đổi có ký tự NUL (mã 0) trong chữ; máy chủ không lưu được",
            ),
            Some(body @ Value::Object(_)) => {
                settle_one(book, device, item, &body, &content, &mut scopes)?
            }
            _ => refuse("bad_item", "nội dung thay đổi không phải đối tượng JSON"),
        };
        book.settle(&device.id, item.seq, &hash, &how)?;
        if let Settlement::Refused { code, reason } = how {
            refused.push(Refused {
                seq: item.seq,
                code: code.into(),
                reason,
            });
        }
        acked = item.seq;
    }
    book.set_acked(&device.id, acked)?;
    book.finish()?;
    Ok(PushResponse {
        acked_through: acked,
        refused,
    })
}

/// A short quote of a value from the request, for a reason.
fn quote(value: &dyn std::fmt::Display) -> String {
    phien_wire::excerpt(value, 60)
}

/// `bad_amount` if `field` is a money field of `entity` and `value` is not
/// whole đồng (or is missing where the store needs a value).
fn bad_amount(entity: &Entity, field: &str, value: Option<&Value>) -> Option<Settlement> {
    let amount = entity.amount(field)?;
    let whole = match value {
        Some(Value::Number(n)) => n.is_i64(),
        None | Some(Value::Null) => amount.nullable,
        Some(_) => false,
    };
    (!whole).then(|| {
        refuse(
            "bad_amount",
            format!(
                "«{field}» của «{}» phải là số nguyên đồng, nhận «{}»",
                entity.name,
                value.map_or_else(|| "không có".to_owned(), |v| quote(v))
            ),
        )
    })
}

/// Whether a string the server would store as text outside the row's JSON
/// holds NUL, which PostgreSQL's text refuses (and no real record has).
fn holds_nul(item: &PushItem) -> bool {
    [&item.entity, &item.entity_id, &item.op]
        .into_iter()
        .chain(item.hlc.as_ref())
        .any(|s| s.contains('\0'))
}

/// Whether any string of `v` (keys included) holds NUL.
fn value_holds_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(value_holds_nul),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains('\0') || value_holds_nul(v)),
        _ => false,
    }
}

fn refuse(code: &'static str, reason: impl Into<String>) -> Settlement {
    Settlement::Refused {
        code,
        reason: reason.into(),
    }
}

/// Whether `device` may write a record placed in `scope`.
pub fn may_write(device: &Device, scope: &RowScope) -> bool {
    let mine = &device.scope;
    if scope.office != mine.office_id {
        return false;
    }
    match mine.kind {
        ScopeKind::Supervisor => true,
        ScopeKind::Point => scope.point.is_none() || scope.point == mine.point_id,
        ScopeKind::GroupLeader => scope.group.is_some() && scope.group == mine.group_id,
    }
}

/// Whether records of another table name `name` as their parent.
fn is_parent(name: &str) -> bool {
    catalogue::ENTITIES.iter().any(|e| {
        matches!(e.scope, ScopeRule::Group { parent, .. } | ScopeRule::Parent { parent, .. } if parent == name)
    })
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

type Scopes = HashMap<(&'static str, String), RowScope>;

fn settle_one(
    book: &mut impl Book,
    device: &Device,
    item: &PushItem,
    body: &Value,
    content: &str,
    scopes: &mut Scopes,
) -> Result<Settlement, ServerError> {
    let Some(entity) = catalogue::find(&item.entity) else {
        return Ok(refuse(
            "unknown_entity",
            format!("máy chủ không nhận bảng «{}»", quote(&item.entity)),
        ));
    };
    match item.op.as_str() {
        "insert" => insert(book, device, item, entity, body, content, scopes),
        "update" => update(book, device, item, entity, body),
        other => Ok(refuse(
            "bad_item",
            format!("thao tác «{}» không có", quote(&other)),
        )),
    }
}

fn insert(
    book: &mut impl Book,
    device: &Device,
    item: &PushItem,
    entity: &Entity,
    body: &Value,
    content: &str,
    scopes: &mut Scopes,
) -> Result<Settlement, ServerError> {
    let office = device.scope.office_id.as_str();
    let key: Option<Vec<String>> = entity
        .keys
        .iter()
        .map(|k| body.get(*k).and_then(text))
        .collect();
    if key.map(|k| k.join("/")).as_deref() != Some(item.entity_id.as_str()) {
        return Ok(refuse(
            "bad_item",
            format!(
                "khóa «{}» không khớp với nội dung của «{}»",
                quote(&item.entity_id),
                entity.name
            ),
        ));
    }
    for amount in entity.amounts {
        if let Some(refusal) = bad_amount(entity, amount.name, body.get(amount.name)) {
            return Ok(refusal);
        }
    }
    let row_hash = sha256_hex(&[content]);
    let scope = match entity.scope {
        ScopeRule::Office => RowScope {
            office: item.entity_id.clone(),
            point: None,
            group: None,
        },
        ScopeRule::Point { office_column } => RowScope {
            office: body.get(office_column).and_then(text).unwrap_or_default(),
            point: Some(item.entity_id.clone()),
            group: None,
        },
        ScopeRule::Owner => RowScope {
            office: office.to_owned(),
            point: device.scope.point_id.clone(),
            group: None,
        },
        ScopeRule::Reference => RowScope {
            office: office.to_owned(),
            point: None,
            group: None,
        },
        ScopeRule::Group { column, parent } | ScopeRule::Parent { column, parent } => {
            let Some(parent_id) = body.get(column).and_then(text) else {
                return Ok(refuse(
                    "bad_item",
                    format!("«{}» thiếu «{column}»", entity.name),
                ));
            };
            let cached = scopes.get(&(parent, parent_id.clone())).cloned();
            let parent_scope = match cached {
                Some(scope) => scope,
                None => match book.row(office, parent, &parent_id)? {
                    Some(row) => {
                        scopes.insert((parent, parent_id), row.scope.clone());
                        row.scope
                    }
                    None => {
                        return Ok(refuse(
                            "unknown_parent",
                            format!(
                                "máy chủ chưa có «{parent}» «{}» mà «{}» thuộc về",
                                quote(&parent_id),
                                entity.name
                            ),
                        ));
                    }
                },
            };
            let mut scope = parent_scope;
            if matches!(entity.scope, ScopeRule::Group { .. }) {
                scope.group = Some(item.entity_id.clone());
            }
            scope
        }
    };
    if !may_write(device, &scope) {
        return Ok(refuse(
            "out_of_scope",
            format!(
                "máy này không được ghi «{}» «{}» (ngoài phạm vi được cấp)",
                entity.name,
                quote(&item.entity_id)
            ),
        ));
    }
    let inserted = book.insert_row(
        office,
        entity.name,
        &item.entity_id,
        &StoredRow {
            scope: scope.clone(),
            hash: row_hash.clone(),
            body: (!entity.append_only).then(|| item.body.get().to_owned()),
            clocks: None,
        },
    )?;
    if !inserted {
        // Already here: the same content is a repeat, other content is refused loudly.
        let existing = book
            .row(office, entity.name, &item.entity_id)?
            .ok_or_else(|| ServerError::Storage("bản ghi vừa có lại biến mất".into()))?;
        if existing.hash == row_hash {
            return Ok(Settlement::Repeat);
        }
        book.review(&Review {
            office,
            kind: "record_conflict",
            entity: entity.name,
            entity_id: &item.entity_id,
            field: None,
            server_value: existing.body.clone(),
            device_value: Some(item.body.get().to_owned()),
            device_id: &device.id,
            device_seq: item.seq,
        })?;
        return Ok(refuse(
            "record_conflict",
            format!(
                "«{}» «{}» đã có trên máy chủ với nội dung khác; đã chuyển quận/huyện kiểm tra",
                entity.name,
                quote(&item.entity_id)
            ),
        ));
    }
    // Only records other records hang from are looked up as parents
    // (members, groups, loans…; never ledger entries): the cache keeps to those.
    if is_parent(entity.name) {
        scopes.insert((entity.name, item.entity_id.clone()), scope.clone());
    }
    book.append(&FeedItem {
        origin_device: &device.id,
        origin_seq: Some(item.seq),
        entity: entity.name,
        entity_id: &item.entity_id,
        op: "insert",
        hlc: item.hlc.as_deref(),
        body: item.body.get(),
        scope: &scope,
    })?;
    Ok(Settlement::Stored)
}

fn update(
    book: &mut impl Book,
    device: &Device,
    item: &PushItem,
    entity: &Entity,
    body: &Value,
) -> Result<Settlement, ServerError> {
    let office = device.scope.office_id.as_str();
    if entity.append_only {
        return Ok(refuse(
            "append_only",
            format!("«{}» không sửa được, chỉ ghi thêm", entity.name),
        ));
    }
    let (Some(key), Some(set)) = (body.get("key"), body.get("set").and_then(Value::as_object))
    else {
        return Ok(refuse("bad_item", "thao tác sửa thiếu «key» hoặc «set»"));
    };
    let empty = Map::new();
    let was = body.get("was").and_then(Value::as_object).unwrap_or(&empty);
    let Some(stored) = book.row(office, entity.name, &item.entity_id)? else {
        return Ok(refuse(
            "unknown_row",
            format!(
                "máy chủ chưa có «{}» «{}» để sửa",
                entity.name,
                quote(&item.entity_id)
            ),
        ));
    };
    if !may_write(device, &stored.scope) {
        return Ok(refuse(
            "out_of_scope",
            format!(
                "máy này không được sửa «{}» «{}» (ngoài phạm vi được cấp)",
                entity.name,
                quote(&item.entity_id)
            ),
        ));
    }
    let mut current: Map<String, Value> = stored
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or_default();
    let mut clocks: Map<String, Value> = stored
        .clocks
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default();
    let stamp = item.hlc.clone().unwrap_or_default();
    let (mut kept_set, mut kept_was, mut corrections) = (Map::new(), Map::new(), Map::new());
    let mut conflicts = Vec::new();
    for (field, new) in set {
        if !current.contains_key(field) || entity.keys.contains(&field.as_str()) {
            return Ok(refuse(
                "bad_item",
                format!(
                    "không sửa được cột «{}» của «{}»",
                    quote(field),
                    entity.name
                ),
            ));
        }
        if let Some(refusal) = bad_amount(entity, field, Some(new)) {
            return Ok(refusal);
        }
        let now = current.get(field).cloned().unwrap_or(Value::Null);
        let old = was.get(field).cloned().unwrap_or(Value::Null);
        let accept = if now == old {
            true
        } else if entity.is_hard(field) {
            conflicts.push((field.clone(), now.clone(), new.clone()));
            false
        } else {
            // Both sides changed a low-risk field: the later stamp wins.
            clocks
                .get(field)
                .and_then(Value::as_str)
                .is_none_or(|c| stamp.as_str() > c)
        };
        if accept {
            kept_set.insert(field.clone(), new.clone());
            kept_was.insert(field.clone(), now);
            current.insert(field.clone(), new.clone());
            clocks.insert(field.clone(), Value::String(stamp.clone()));
        } else if &now != new {
            corrections.insert(field.clone(), now);
        }
    }
    if !kept_set.is_empty() {
        let narrowed =
            serde_json::json!({"key": key, "set": kept_set, "was": kept_was}).to_string();
        book.update_row(
            office,
            entity.name,
            &item.entity_id,
            &Value::Object(current).to_string(),
            &Value::Object(clocks).to_string(),
        )?;
        book.append(&FeedItem {
            origin_device: &device.id,
            origin_seq: Some(item.seq),
            entity: entity.name,
            entity_id: &item.entity_id,
            op: "update",
            hlc: item.hlc.as_deref(),
            body: &narrowed,
            scope: &stored.scope,
        })?;
    }
    if !corrections.is_empty() {
        let body = serde_json::json!({"key": key, "set": corrections}).to_string();
        book.append(&FeedItem {
            origin_device: SERVER_ORIGIN,
            origin_seq: None,
            entity: entity.name,
            entity_id: &item.entity_id,
            op: "update",
            hlc: item.hlc.as_deref(),
            body: &body,
            scope: &stored.scope,
        })?;
    }
    if conflicts.is_empty() {
        return Ok(Settlement::Stored);
    }
    let mut fields = Vec::new();
    for (field, server_value, device_value) in &conflicts {
        book.review(&Review {
            office,
            kind: "conflict",
            entity: entity.name,
            entity_id: &item.entity_id,
            field: Some(field),
            server_value: Some(server_value.to_string()),
            device_value: Some(device_value.to_string()),
            device_id: &device.id,
            device_seq: item.seq,
        })?;
        fields.push(field.as_str());
    }
    Ok(refuse(
        "conflict",
        format!(
            "«{}» của «{}» «{}» đã được sửa ở máy khác; giữ giá trị trên máy chủ, chờ quận/huyện xem xét",
            fields.join(", "),
            entity.name,
            quote(&item.entity_id)
        ),
    ))
}

/// A supervisor decides a review item, once.
///
/// * Only a supervisor of the item's office decides, with a reason.
/// * `keep_server` closes it: the server's value already stands everywhere.
/// * `take_device` (a field conflict only) makes the device's value the
///   record's value and adds it to the feed as a server edit, so every
///   device of the scope — the one that made it included — converges on it.
///   It is refused (`review_stale`) if the field no longer holds the value
///   the review recorded: someone changed it since, and a decision taken on
///   an old picture must not overwrite that silently.
/// * A second decision is refused (`already_resolved`).
pub fn resolve(
    book: &mut impl Book,
    device: &Device,
    id: i64,
    request: &phien_wire::ResolveRequest,
) -> Result<phien_wire::ReviewItem, ServerError> {
    if device.scope.kind != ScopeKind::Supervisor {
        return Err(ServerError::Forbidden(
            "chỉ máy giám sát của quận/huyện quyết định được mục chờ xem xét".into(),
        ));
    }
    let note = request.note.trim();
    if note.is_empty() || note.chars().count() > 500 || note.contains('\0') {
        return Err(ServerError::BadRequest(
            "cần ghi lý do quyết định (1 đến 500 ký tự)".into(),
        ));
    }
    let not_found = || ServerError::NotFound(format!("không có mục chờ xem xét số {id}"));
    let office = match book.review_item(id)? {
        Some((office, _)) if office == device.scope.office_id => office,
        _ => return Err(not_found()),
    };
    book.begin(&office)?;
    // Read again under the office's lock: another supervisor may have just decided it.
    let (_, item) = book.review_item(id)?.ok_or_else(not_found)?;
    if item.resolved_at.is_some() {
        return Err(ServerError::Conflict(
            "already_resolved",
            format!(
                "mục số {id} đã được quyết định lúc {}",
                item.resolved_at.as_deref().unwrap_or("")
            ),
        ));
    }
    if request.decision == phien_wire::Decision::TakeDevice {
        take_device(book, &office, &item)?;
    }
    book.close_review(id, &device.id, request.decision, note)?;
    book.finish()?;
    let (_, item) = book.review_item(id)?.ok_or_else(not_found)?;
    Ok(item)
}

fn take_device(
    book: &mut impl Book,
    office: &str,
    item: &phien_wire::ReviewItem,
) -> Result<(), ServerError> {
    let (Some(field), Some(server_value), Some(device_value), true) = (
        item.field.as_deref(),
        item.server_value.as_deref(),
        item.device_value.as_deref(),
        item.kind == "conflict",
    ) else {
        return Err(ServerError::BadRequest(
            "chỉ lấy được giá trị của máy cho mục sửa trùng một trường; mục này chỉ đóng được (keep_server)"
                .into(),
        ));
    };
    let entity = catalogue::find(&item.entity)
        .ok_or_else(|| ServerError::Storage(format!("bảng «{}» không biết", item.entity)))?;
    let stale = || {
        ServerError::Conflict(
            "review_stale",
            format!(
                "«{field}» của «{}» «{}» đã đổi từ khi mục này được mở; xem lại giá trị hiện tại",
                item.entity, item.entity_id
            ),
        )
    };
    let row = book
        .row(office, entity.name, &item.entity_id)?
        .ok_or_else(stale)?;
    let mut current: Map<String, Value> = row
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .ok_or_else(stale)?;
    let parse = |text: &str| {
        serde_json::from_str::<Value>(text)
            .map_err(|e| ServerError::Storage(format!("giá trị trong mục xem xét hỏng: {e}")))
    };
    let (was, value) = (parse(server_value)?, parse(device_value)?);
    if current.get(field) != Some(&was) {
        return Err(stale());
    }
    let key: Vec<Value> = entity
        .keys
        .iter()
        .map(|k| current.get(*k).cloned().unwrap_or(Value::Null))
        .collect();
    current.insert(field.to_owned(), value.clone());
    book.update_row(
        office,
        entity.name,
        &item.entity_id,
        &Value::Object(current).to_string(),
        row.clocks.as_deref().unwrap_or("{}"),
    )?;
    let body =
        serde_json::json!({"key": key, "set": {field: value}, "was": {field: was}}).to_string();
    book.append(&FeedItem {
        origin_device: SERVER_ORIGIN,
        origin_seq: None,
        entity: entity.name,
        entity_id: &item.entity_id,
        op: "update",
        hlc: None,
        body: &body,
        scope: &row.scope,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first implementation of [`canonical`], kept to prove that the
    /// faster one writes the same bytes: the hashes in `settled` and
    /// `record` were made with it, and a resend a month later must still
    /// hash the same.
    fn canonical_v1(v: &Value) -> String {
        fn write(v: &Value, out: &mut String) {
            match v {
                Value::Object(map) => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort();
                    out.push('{');
                    for (i, k) in keys.into_iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&Value::String(k.clone()).to_string());
                        out.push(':');
                        write(&map[k], out);
                    }
                    out.push('}');
                }
                Value::Array(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        write(item, out);
                    }
                    out.push(']');
                }
                other => out.push_str(&other.to_string()),
            }
        }
        let mut out = String::new();
        write(v, &mut out);
        out
    }

    #[test]
    fn canonical_text_is_unchanged_by_the_faster_writer() {
        let samples = [
            r#"{"id":"e1","amount":250000,"memo":"Thu lãi tổ Phước Đồng","kind":"interest"}"#,
            r#"{"z":1,"a":{"y":[1,2.5,-3e10,{"b":null,"a":true}],"x":"\u0001\"\\/tab\t"},"é":"ẫ"}"#,
            r#"{"key":["m1"],"set":{"full_name":"Trần Thị Ánh Hồng","phone":null},"was":{"full_name":"Trần Thị Ánh Hằng","phone":"0905"}}"#,
            r#"[1,"two",{"3":3,"10":10,"2":2}]"#,
            r#"{"big":18446744073709551615,"neg":-9223372036854775808,"f":0.1}"#,
            r#"{"e":1E400}"#,
            r#""just a string""#,
        ];
        let mut compared = 0;
        for text in samples {
            // serde_json refuses 1E400 (out of range): so does the server.
            let Ok(v) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            assert_eq!(canonical(&v), canonical_v1(&v), "{text}");
            compared += 1;
        }
        assert!(compared >= 5, "the samples are JSON the server reads");
    }
}
