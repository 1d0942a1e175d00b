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

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use phien_wire::catalogue::{self, Entity, ScopeRule};
use phien_wire::{PushItem, PushResponse, Refused, ScopeKind};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::ServerError;
use crate::backend::{
    Book, Device, FeedItem, RecordRow, Review, RowScope, SettledItem, Settlement, StoredRow, Writes,
};

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

/// Items settled per stretch: the records a stretch names are read in one
/// batch and what it decided is written in one batch (a few statements, on
/// PostgreSQL a few round trips), and memory stays bounded whatever the
/// push's size.
const STRETCH: usize = 4_096;

/// One pushed item, read: its parsed content and the hashes of its
/// canonical text — all the pure work, done off the settling thread.
#[derive(Debug)]
struct Reading {
    parsed: Option<Value>,
    /// sha256 of the item (table, key, operation, stamp, canonical content).
    hash: String,
    /// For an insert, sha256 of the row's canonical text: a second insert
    /// of the record is a repeat only if it matches.
    row_hash: Option<String>,
    /// Whether its text holds NUL (refused before anything is looked up).
    nul: bool,
}

impl Reading {
    fn of(item: &PushItem) -> Reading {
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
        let row_hash = (item.op == "insert").then(|| sha256_hex(&[&content]));
        let nul = holds_nul(item) || parsed.as_ref().is_some_and(value_holds_nul);
        Reading {
            parsed,
            hash,
            row_hash,
            nul,
        }
    }

    /// The records settling `item` needs to see, if it is a new item: its
    /// own and, for an insert, its parent. Unless `careful`, an insert of
    /// an append-only record (a ledger entry: a new id, almost always) does
    /// not look its own key up: the write reports one already stored, and
    /// the stretch is settled again, carefully ([`Stretch::settle`]).
    fn keys(&self, item: &PushItem, careful: bool, out: &mut Vec<(&'static str, String)>) {
        let (Some(entity), Some(body), false) =
            (catalogue::find(&item.entity), &self.parsed, self.nul)
        else {
            return;
        };
        if careful || !(entity.append_only && item.op == "insert") {
            out.push((entity.name, item.entity_id.clone()));
        }
        if let ScopeRule::Group { column, parent } | ScopeRule::Parent { column, parent } =
            entity.scope
            && let Some(id) = body.get(column).and_then(text)
        {
            out.push((parent, id.into_owned()));
        }
    }
}

/// A push's items, with their readings (canonical text, hash) when they
/// were taken before the write lock: [`read`] does that pure work on the
/// request's own thread, so concurrent pushes parse and hash in parallel
/// and hold the lock only to settle. A push longer than a stretch is read
/// stretch by stretch under the lock instead, so its parsed rows never all
/// sit in memory at once.
#[derive(Debug)]
pub struct Pushed {
    items: Vec<PushItem>,
    readings: Option<Vec<Reading>>,
}

impl Pushed {
    /// The items.
    pub fn items(&self) -> &[PushItem] {
        &self.items
    }
}

/// Reads `items` before settling them ([`Pushed`]).
pub fn read(items: Vec<PushItem>) -> Pushed {
    let readings = (items.len() <= STRETCH).then(|| items.iter().map(Reading::of).collect());
    Pushed { items, readings }
}

/// A record as this push sees it: stored before, or written by it.
#[derive(Debug)]
struct Known {
    row: StoredRow,
    /// New in this stretch (to insert) or changed by it (to rewrite).
    state: RowState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    Stored,
    New,
    Changed,
}

/// What a stretch of a push sees and decides: the records it names, as
/// stored and as changed so far, the cursor it counts on, and its writes.
struct Stretch<'a> {
    device: &'a Device,
    /// By table, then key.
    known: HashMap<&'static str, HashMap<String, Known>>,
    /// Keys of `known` in the order they became new or changed.
    touched: Vec<(&'static str, String)>,
    head: i64,
    writes: Writes<'a>,
    /// The device's series is settled through here.
    acked: i64,
    /// The hash each item this push resends was settled with before it.
    settled_before: HashMap<i64, String>,
    /// The device's series was settled through here when the push began.
    first_acked: i64,
    /// The hashes of the items this push settled, from `first_acked + 1` on.
    settled_now: Vec<String>,
    refused: Vec<Refused>,
}

impl<'a> Stretch<'a> {
    fn get(&self, entity: &'static str, id: &str) -> Option<&Known> {
        self.known.get(entity)?.get(id)
    }

    fn append(&mut self, mut item: FeedItem<'a>) {
        self.head += 1;
        item.cursor = self.head;
        if item.origin_device == SERVER_ORIGIN {
            item.origin_seq = self.head;
        }
        self.writes.feed.push(item);
    }

    /// Settles one stretch of items (`readings`, theirs): reads the records
    /// they name in one batch, decides each in order, writes in one batch.
    fn settle(
        &mut self,
        book: &mut impl Book,
        chunk: &'a [PushItem],
        readings: &[Reading],
    ) -> Result<(), ServerError> {
        let (acked, head, refused) = (self.acked, self.head, self.refused.len());
        if self.decide(book, chunk, readings, !book.optimistic())? {
            return Ok(());
        }
        // An append-only record inserted without a look-up was stored
        // already (a resent entry under a new number, say): nothing was
        // written; settle the stretch again, looking every record up.
        self.acked = acked;
        self.head = head;
        self.refused.truncate(refused);
        self.settled_now
            .truncate(usize::try_from(acked - self.first_acked).unwrap_or(0));
        if self.decide(book, chunk, readings, true)? {
            Ok(())
        } else {
            Err(ServerError::Storage(
                "một bản ghi vừa tra thấy chưa có lại đã có khi ghi".into(),
            ))
        }
    }

    /// Decides each item of the stretch and writes the decisions; `false`
    /// (nothing written) if an insert not looked up met a stored record.
    fn decide(
        &mut self,
        book: &mut impl Book,
        chunk: &'a [PushItem],
        readings: &[Reading],
        careful: bool,
    ) -> Result<bool, ServerError> {
        let device = self.device;
        let mut keys = Vec::new();
        let mut seen = self.acked;
        for (item, read) in chunk.iter().zip(readings) {
            if item.seq > seen {
                seen = item.seq;
                read.keys(item, careful, &mut keys);
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let asked: Vec<(&str, &str)> = keys.iter().map(|(e, id)| (*e, id.as_str())).collect();
        for (entity, id, row) in book.rows(&device.scope.office_id, &asked)? {
            if let Some(entity) = catalogue::find(&entity) {
                self.known.entry(entity.name).or_default().insert(
                    id,
                    Known {
                        row,
                        state: RowState::Stored,
                    },
                );
            }
        }
        for (item, read) in chunk.iter().zip(readings) {
            if item.seq <= self.acked {
                // A number may be anything a device sends (i64::MIN too):
                // no arithmetic on it that could overflow.
                let settled = if item.seq > self.first_acked {
                    usize::try_from(item.seq - self.first_acked - 1)
                        .ok()
                        .and_then(|n| self.settled_now.get(n))
                } else {
                    self.settled_before.get(&item.seq)
                };
                if settled != Some(&read.hash) {
                    // The review keeps what was sent; a NUL becomes U+FFFD (the
                    // replacement character), which PostgreSQL's text can hold.
                    self.writes.reviews.push(Review {
                        kind: "changed_replay",
                        entity: Cow::Owned(item.entity.replace('\0', "\u{fffd}")),
                        entity_id: Cow::Owned(item.entity_id.replace('\0', "\u{fffd}")),
                        field: None,
                        server_value: None,
                        device_value: Some(item.body.get().to_owned()),
                        device_id: &device.id,
                        device_seq: item.seq,
                    });
                    self.refused.push(Refused {
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
            let how = match &read.parsed {
                _ if read.nul => refuse(
                    "bad_item",
                    "thay đổi có ký tự NUL (mã 0) trong chữ; máy chủ không lưu được",
                ),
                Some(body @ Value::Object(_)) => {
                    settle_one(self, item, body, read.row_hash.as_deref().unwrap_or(""))
                }
                _ => refuse("bad_item", "nội dung thay đổi không phải đối tượng JSON"),
            };
            if let Settlement::Refused { code, reason } = &how {
                self.refused.push(Refused {
                    seq: item.seq,
                    code: (*code).into(),
                    reason: reason.clone(),
                });
            }
            self.settled_now.push(read.hash.clone());
            self.writes.settled.push(SettledItem {
                seq: item.seq,
                hash: read.hash.clone(),
                how,
            });
            self.acked = item.seq;
        }
        self.take_records();
        book.write(
            &device.scope.office_id,
            &device.id,
            &std::mem::take(&mut self.writes),
        )
    }

    /// Notes `row` as the record's new state: `new` for an insert.
    fn mark(&mut self, entity: &'static str, id: &str, row: StoredRow, new: bool) {
        let rows = self.known.entry(entity).or_default();
        let state = match rows.get(id).map(|k| k.state) {
            Some(state @ (RowState::New | RowState::Changed)) => state,
            _ if new => RowState::New,
            _ => RowState::Changed,
        };
        if state != rows.get(id).map_or(RowState::Stored, |k| k.state) {
            self.touched.push((entity, id.to_owned()));
        }
        rows.insert(id.to_owned(), Known { row, state });
    }

    /// At the stretch's end: the records to insert and to rewrite, as they
    /// stand then. What it saw is forgotten: the next stretch reads again
    /// what it needs, this one's writes included.
    fn take_records(&mut self) {
        for (entity, id) in std::mem::take(&mut self.touched) {
            let Some(known) = self.known.get_mut(entity).and_then(|rows| rows.remove(&id)) else {
                continue;
            };
            let record = RecordRow {
                entity,
                id,
                row: known.row,
            };
            match known.state {
                RowState::New => self.writes.inserted.push(record),
                RowState::Changed => self.writes.updated.push(record),
                RowState::Stored => {}
            }
        }
        self.known.clear();
    }
}

/// Settles `items` of `device`'s series. Stops at a gap: the device resends
/// from `acked_through + 1`.
///
/// Items are read and hashed first, then settled in stretches of
/// [`STRETCH`]: each stretch's records are read in one batch and its
/// decisions written in one batch. Within a transaction that holds the
/// office's head nobody else writes the office's records, so the batch
/// read sees exactly what item-by-item reads would have, and the stretch
/// keeps its own writes in view ([`Stretch::known`]) until it writes them.
pub fn push(
    book: &mut impl Book,
    device: &Device,
    pushed: &Pushed,
) -> Result<PushResponse, ServerError> {
    let items = pushed.items();
    let office = device.scope.office_id.as_str();
    let head = book.begin(office)?;
    let first_acked = book.acked(&device.id)?;
    // Which items are settled already, which are new, and where a gap stops
    // the push: decided by their numbers alone.
    let mut acked = first_acked;
    let mut taken = 0;
    for item in items {
        if item.seq > acked {
            if item.seq != acked + 1 {
                break;
            }
            acked = item.seq;
        }
        taken += 1;
    }
    let items = &items[..taken];
    let resent: Vec<i64> = items
        .iter()
        .map(|i| i.seq)
        .filter(|s| *s <= first_acked)
        .collect();
    // The items it resends: the hashes they were settled with.
    let settled_before: HashMap<i64, String> = if resent.is_empty() {
        HashMap::new()
    } else {
        book.settled_hashes(&device.id, &resent)?
    };
    let mut stretch = Stretch {
        device,
        known: HashMap::new(),
        touched: Vec::new(),
        head,
        writes: Writes::default(),
        acked: first_acked,
        settled_before,
        first_acked,
        settled_now: Vec::new(),
        refused: Vec::new(),
    };
    match &pushed.readings {
        Some(all) => {
            for (n, chunk) in items.chunks(STRETCH).enumerate() {
                stretch.settle(book, chunk, &all[n * STRETCH..n * STRETCH + chunk.len()])?;
            }
        }
        // A long push: the next stretch is read on another thread while
        // this one settles (one stretch ahead, so memory stays bounded);
        // a settled stretch's readings go back to that thread to be freed
        // there too, off the settling thread's path.
        None => std::thread::scope(|scope| {
            let (readings, read) = std::sync::mpsc::sync_channel::<Vec<Reading>>(1);
            let (give_back, given_back) = std::sync::mpsc::channel::<Vec<Reading>>();
            scope.spawn(move || {
                for chunk in items.chunks(STRETCH) {
                    given_back.try_iter().for_each(drop);
                    if readings
                        .send(chunk.iter().map(Reading::of).collect())
                        .is_err()
                    {
                        break;
                    }
                }
                // Until the settling thread is done (its sender dropped).
                given_back.iter().for_each(drop);
            });
            for chunk in items.chunks(STRETCH) {
                let readings = read.recv().map_err(|_| {
                    ServerError::Storage("đọc các thay đổi gửi lên bị ngắt giữa chừng".into())
                })?;
                stretch.settle(book, chunk, &readings)?;
                let _ = give_back.send(readings);
            }
            Ok::<_, ServerError>(())
        })?,
    }
    let acked = stretch.acked;
    book.finish(office, Some((&device.id, acked)), stretch.head)?;
    Ok(PushResponse {
        acked_through: acked,
        refused: stretch.refused,
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
///
/// The office's own rows — the office, programs, rates, rule settings,
/// rating schemes, fee rates (`point` empty) — are written only by a
/// supervisor of the office (or the administrator's `office-data`, which
/// writes as one): a point's device reads them but never sets them for
/// every other point.
pub fn may_write(device: &Device, scope: &RowScope) -> bool {
    let mine = &device.scope;
    if scope.office != mine.office_id {
        return false;
    }
    match mine.kind {
        ScopeKind::Supervisor => true,
        ScopeKind::Point => scope.point.is_some() && scope.point == mine.point_id,
        ScopeKind::GroupLeader => scope.group.is_some() && scope.group == mine.group_id,
    }
}

/// Whether `scope` is the whole office's (reference data every device of the
/// office reads).
fn office_wide(scope: &RowScope) -> bool {
    scope.point.is_none() && scope.group.is_none()
}

/// The refusal of a write a device may not make.
fn out_of_scope(entity: &Entity, id: &str, scope: &RowScope, verb: &str) -> Settlement {
    if office_wide(scope) {
        return refuse(
            "office_data",
            format!(
                "«{}» «{}» là dữ liệu chung của phòng giao dịch (chương trình, lãi suất, quy định): chỉ máy của giám sát viên quận/huyện được {verb}",
                entity.name,
                quote(&id)
            ),
        );
    }
    refuse(
        "out_of_scope",
        format!(
            "máy này không được {verb} «{}» «{}» (ngoài phạm vi được cấp)",
            entity.name,
            quote(&id)
        ),
    )
}

/// A key column's value as key text has it.
fn text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

fn settle_one<'a>(
    stretch: &mut Stretch<'a>,
    item: &'a PushItem,
    body: &Value,
    row_hash: &str,
) -> Settlement {
    let Some(entity) = catalogue::find(&item.entity) else {
        return refuse(
            "unknown_entity",
            format!("máy chủ không nhận bảng «{}»", quote(&item.entity)),
        );
    };
    match item.op.as_str() {
        "insert" => insert(stretch, item, entity, body, row_hash),
        "update" => update(stretch, item, entity, body),
        other => refuse("bad_item", format!("thao tác «{}» không có", quote(&other))),
    }
}

fn insert<'a>(
    stretch: &mut Stretch<'a>,
    item: &'a PushItem,
    entity: &'static Entity,
    body: &Value,
    row_hash: &str,
) -> Settlement {
    let device = stretch.device;
    let office = device.scope.office_id.as_str();
    let key_matches = match entity.keys {
        [only] => body.get(*only).and_then(text).as_deref() == Some(item.entity_id.as_str()),
        keys => {
            let key: Option<Vec<Cow<'_, str>>> =
                keys.iter().map(|k| body.get(*k).and_then(text)).collect();
            key.map(|k| k.join("/")).as_deref() == Some(item.entity_id.as_str())
        }
    };
    if !key_matches {
        return refuse(
            "bad_item",
            format!(
                "khóa «{}» không khớp với nội dung của «{}»",
                quote(&item.entity_id),
                entity.name
            ),
        );
    }
    for amount in entity.amounts {
        if let Some(refusal) = bad_amount(entity, amount.name, body.get(amount.name)) {
            return refusal;
        }
    }
    let scope = match entity.scope {
        ScopeRule::Office => Arc::new(RowScope {
            office: item.entity_id.clone(),
            point: None,
            group: None,
        }),
        ScopeRule::Point { office_column } => Arc::new(RowScope {
            office: body
                .get(office_column)
                .and_then(text)
                .unwrap_or_default()
                .into_owned(),
            point: Some(item.entity_id.clone()),
            group: None,
        }),
        ScopeRule::Owner => Arc::new(RowScope {
            office: office.to_owned(),
            point: device.scope.point_id.clone(),
            group: None,
        }),
        ScopeRule::Reference => Arc::new(RowScope {
            office: office.to_owned(),
            point: None,
            group: None,
        }),
        ScopeRule::Group { column, parent } | ScopeRule::Parent { column, parent } => {
            let Some(parent_id) = body.get(column).and_then(text) else {
                return refuse("bad_item", format!("«{}» thiếu «{column}»", entity.name));
            };
            let Some(parent_row) = stretch.get(parent, &parent_id) else {
                return refuse(
                    "unknown_parent",
                    format!(
                        "máy chủ chưa có «{parent}» «{}» mà «{}» thuộc về",
                        quote(&parent_id),
                        entity.name
                    ),
                );
            };
            if matches!(entity.scope, ScopeRule::Group { .. }) {
                Arc::new(RowScope {
                    group: Some(item.entity_id.clone()),
                    ..RowScope::clone(&parent_row.row.scope)
                })
            } else {
                parent_row.row.scope.clone()
            }
        }
    };
    if !may_write(device, &scope) {
        // A point's laptop sends the office's rows it holds (imported, or
        // pulled and logged before it enrolled): the same content as the
        // server's is a repeat — the device reads those rows anyway.
        let same = office_wide(&scope)
            && stretch
                .get(entity.name, &item.entity_id)
                .is_some_and(|k| k.row.hash == row_hash && office_wide(&k.row.scope));
        if same {
            return Settlement::Repeat;
        }
        return out_of_scope(entity, &item.entity_id, &scope, "ghi");
    }
    if let Some(existing) = stretch.get(entity.name, &item.entity_id) {
        // Already here: the same content is a repeat, other content is refused loudly.
        if existing.row.hash == row_hash {
            return Settlement::Repeat;
        }
        let server_value = existing.row.body.clone();
        stretch.writes.reviews.push(Review {
            kind: "record_conflict",
            entity: Cow::Borrowed(entity.name),
            entity_id: Cow::Borrowed(&item.entity_id),
            field: None,
            server_value,
            device_value: Some(item.body.get().to_owned()),
            device_id: &device.id,
            device_seq: item.seq,
        });
        return refuse(
            "record_conflict",
            format!(
                "«{}» «{}» đã có trên máy chủ với nội dung khác; đã chuyển quận/huyện kiểm tra",
                entity.name,
                quote(&item.entity_id)
            ),
        );
    }
    stretch.mark(
        entity.name,
        &item.entity_id,
        StoredRow {
            scope: scope.clone(),
            hash: row_hash.to_owned(),
            body: (!entity.append_only).then(|| item.body.get().to_owned()),
            clocks: None,
        },
        true,
    );
    stretch.append(FeedItem {
        cursor: 0,
        origin_device: &device.id,
        origin_seq: item.seq,
        entity: entity.name,
        entity_id: &item.entity_id,
        op: "insert",
        hlc: item.hlc.as_deref(),
        body: Cow::Borrowed(item.body.get()),
        scope,
    });
    Settlement::Stored
}

fn update<'a>(
    stretch: &mut Stretch<'a>,
    item: &'a PushItem,
    entity: &'static Entity,
    body: &Value,
) -> Settlement {
    let device = stretch.device;
    if entity.append_only {
        return refuse(
            "append_only",
            format!("«{}» không sửa được, chỉ ghi thêm", entity.name),
        );
    }
    let (Some(key), Some(set)) = (body.get("key"), body.get("set").and_then(Value::as_object))
    else {
        return refuse("bad_item", "thao tác sửa thiếu «key» hoặc «set»");
    };
    let empty = Map::new();
    let was = body.get("was").and_then(Value::as_object).unwrap_or(&empty);
    let Some(stored) = stretch.get(entity.name, &item.entity_id) else {
        return refuse(
            "unknown_row",
            format!(
                "máy chủ chưa có «{}» «{}» để sửa",
                entity.name,
                quote(&item.entity_id)
            ),
        );
    };
    let stored = stored.row.clone();
    let mut current: Map<String, Value> = stored
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or_default();
    if !may_write(device, &stored.scope) {
        // An edit of the office's rows that the server already holds
        // (the administrator loaded it from that laptop) is a repeat.
        let same = office_wide(&stored.scope)
            && set
                .iter()
                .all(|(field, new)| current.get(field) == Some(new));
        if same {
            return Settlement::Repeat;
        }
        return out_of_scope(entity, &item.entity_id, &stored.scope, "sửa");
    }
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
            return refuse(
                "bad_item",
                format!(
                    "không sửa được cột «{}» của «{}»",
                    quote(field),
                    entity.name
                ),
            );
        }
        if let Some(refusal) = bad_amount(entity, field, Some(new)) {
            return refusal;
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
        stretch.mark(
            entity.name,
            &item.entity_id,
            StoredRow {
                body: Some(Value::Object(current).to_string()),
                clocks: Some(Value::Object(clocks).to_string()),
                ..stored.clone()
            },
            false,
        );
        stretch.append(FeedItem {
            cursor: 0,
            origin_device: &device.id,
            origin_seq: item.seq,
            entity: entity.name,
            entity_id: &item.entity_id,
            op: "update",
            hlc: item.hlc.as_deref(),
            body: Cow::Owned(narrowed),
            scope: stored.scope.clone(),
        });
    }
    if !corrections.is_empty() {
        let body = serde_json::json!({"key": key, "set": corrections}).to_string();
        stretch.append(FeedItem {
            cursor: 0,
            origin_device: SERVER_ORIGIN,
            origin_seq: 0,
            entity: entity.name,
            entity_id: &item.entity_id,
            op: "update",
            hlc: item.hlc.as_deref(),
            body: Cow::Owned(body),
            scope: stored.scope.clone(),
        });
    }
    if conflicts.is_empty() {
        return Settlement::Stored;
    }
    let mut fields = Vec::new();
    for (field, server_value, device_value) in conflicts {
        stretch.writes.reviews.push(Review {
            kind: "conflict",
            entity: Cow::Borrowed(entity.name),
            entity_id: Cow::Borrowed(&item.entity_id),
            server_value: Some(server_value.to_string()),
            device_value: Some(device_value.to_string()),
            device_id: &device.id,
            device_seq: item.seq,
            field: Some(field.clone()),
        });
        fields.push(field);
    }
    refuse(
        "conflict",
        format!(
            "«{}» của «{}» «{}» đã được sửa ở máy khác; giữ giá trị trên máy chủ, chờ quận/huyện xem xét",
            fields.join(", "),
            entity.name,
            quote(&item.entity_id)
        ),
    )
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
    let head = book.begin(&office)?;
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
    let head = if request.decision == phien_wire::Decision::TakeDevice {
        take_device(book, &office, device, &item, head)?
    } else {
        head
    };
    book.close_review(id, &device.id, request.decision, note)?;
    book.finish(&office, None, head)?;
    let (_, item) = book.review_item(id)?.ok_or_else(not_found)?;
    Ok(item)
}

/// Makes the device's value of a field conflict the record's value, as a
/// server edit at cursor `head + 1`; returns the new head.
fn take_device(
    book: &mut impl Book,
    office: &str,
    device: &Device,
    item: &phien_wire::ReviewItem,
    head: i64,
) -> Result<i64, ServerError> {
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
    let (_, _, row) = book
        .rows(office, &[(entity.name, &item.entity_id)])?
        .pop()
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
    let body =
        serde_json::json!({"key": key, "set": {field: value}, "was": {field: was}}).to_string();
    let cursor = head + 1;
    let writes = Writes {
        updated: vec![RecordRow {
            entity: entity.name,
            id: item.entity_id.clone(),
            row: StoredRow {
                body: Some(Value::Object(current).to_string()),
                clocks: Some(row.clocks.clone().unwrap_or_else(|| "{}".into())),
                ..row.clone()
            },
        }],
        feed: vec![FeedItem {
            cursor,
            origin_device: SERVER_ORIGIN,
            origin_seq: cursor,
            entity: entity.name,
            entity_id: &item.entity_id,
            op: "update",
            hlc: None,
            body: Cow::Owned(body),
            scope: row.scope.clone(),
        }],
        ..Writes::default()
    };
    // Only a rewrite and a feed row: nothing that could be stored already.
    book.write(office, &device.id, &writes)?;
    Ok(cursor)
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
