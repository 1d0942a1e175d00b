//! The store's side of sync with the district server: the device's clock,
//! its enrolment (`sync_link`), the outbox (its own change-log rows the
//! server has not acknowledged) and applying other devices' changes pulled
//! from the server.
//!
//! What crosses the wire is decided in `phien-wire` and `phien-sync`; this
//! module only reads and writes the file. Applying a pulled page and storing
//! the server's cursor happen in one transaction, so a sync killed at any
//! moment resumes from the last page that was fully applied.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use phien_core::hlc::Hlc;
use phien_core::ids::DeviceId;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value as Json;

use crate::{Actor, ChangeRow, Store, StoreError};

/// What a device may see and write, as the server issued it at enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncScope {
    /// `point` (a transaction point's laptop), `group_leader` (a leader's
    /// device, one group) or `supervisor` (a district office: every point).
    pub kind: String,
    /// The district office (PGD).
    pub office_id: String,
    /// The point, for a point's or a group leader's device.
    pub point_id: Option<String>,
    /// The group, for a group leader's device.
    pub group_id: Option<String>,
}

/// A new enrolment to store.
#[derive(Debug, Clone)]
pub struct NewSyncLink {
    /// The server's base URL.
    pub server_url: String,
    /// The device secret issued by the server.
    pub credential: String,
    /// The scope bound to the credential.
    pub scope: SyncScope,
    /// When the device enrolled.
    pub enrolled_at: DateTime<Utc>,
    /// The seed of the key the device signs file bundles with (hex).
    pub bundle_secret: Option<String>,
    /// The server's public key (hex), which signs bundle replies.
    pub server_key: Option<String>,
}

/// The device's sync state.
#[derive(Debug, Clone)]
pub struct SyncLink {
    /// The server's base URL.
    pub server_url: String,
    /// The device secret (never shown to people).
    pub credential: String,
    /// The scope bound to the credential.
    pub scope: SyncScope,
    /// When the device enrolled (RFC 3339).
    pub enrolled_at: String,
    /// Own change-log rows up to this seq are acknowledged by the server.
    pub pushed_seq: i64,
    /// The server's cursor: other devices' changes applied up to here.
    pub pull_cursor: i64,
    /// The last sync that finished (RFC 3339).
    pub last_sync_at: Option<String>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// Own changes the server has not acknowledged yet.
    pub pending: i64,
    /// Items kept aside (refused by the server or not applicable here).
    pub quarantined: i64,
    /// The seed of the key the device signs file bundles with (hex); `None`
    /// for an enrolment older than file bundles.
    pub bundle_secret: Option<String>,
    /// The server's public key (hex), which signs bundle replies.
    pub server_key: Option<String>,
}

/// Another device's change, as the server hands it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The server's cursor position of this change.
    pub cursor: i64,
    /// The device that made it (`server` for the server's own corrections).
    pub origin_device: String,
    /// Its number in that device's series.
    pub origin_seq: i64,
    /// Table.
    pub entity: String,
    /// Row key.
    pub entity_id: String,
    /// `insert` or `update`.
    pub op: String,
    /// As in [`ChangeRow::row_json`].
    pub body: String,
    /// The write's stamp.
    pub hlc: Option<String>,
}

impl From<phien_wire::PulledChange> for Incoming {
    fn from(c: phien_wire::PulledChange) -> Incoming {
        Incoming {
            cursor: c.cursor,
            origin_device: c.device,
            origin_seq: c.seq,
            entity: c.entity,
            entity_id: c.entity_id,
            op: c.op,
            body: c.body.get().to_owned(),
            hlc: c.hlc,
        }
    }
}

/// An item set aside with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    /// `push` (the server refused one of ours) or `pull` (one of the
    /// server's could not be applied here).
    pub direction: String,
    /// The device whose change it is.
    pub origin_device: String,
    /// Its number in that device's series.
    pub origin_seq: i64,
    /// Table.
    pub entity: String,
    /// Row key.
    pub entity_id: String,
    /// Stable code.
    pub code: String,
    /// Vietnamese reason.
    pub reason: String,
    /// When it was set aside (RFC 3339).
    pub at: String,
}

/// What applying a pulled page did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Changes written.
    pub applied: u32,
    /// Rows already here with the same content (a page applied twice).
    pub duplicates: u32,
    /// Field edits not applied because this device has a newer edit of the
    /// same field the server has not seen yet.
    pub superseded: u32,
    /// Changes set aside in `sync_quarantine`.
    pub quarantined: u32,
}

/// The next stamp of this device's clock for a write at `at`.
pub(crate) fn tick(
    tx: &Transaction<'_>,
    device: DeviceId,
    at: DateTime<Utc>,
) -> Result<Hlc, StoreError> {
    let next = Hlc::tick(last_stamp(tx)?, at.timestamp_millis(), device);
    tx.execute(
        "UPDATE sync_clock SET last = ?1 WHERE one = 1",
        [next.to_string()],
    )?;
    Ok(next)
}

fn last_stamp(tx: &Transaction<'_>) -> Result<Option<Hlc>, StoreError> {
    let last: Option<String> =
        tx.query_row("SELECT last FROM sync_clock WHERE one = 1", [], |r| {
            r.get(0)
        })?;
    last.map(|s| {
        s.parse::<Hlc>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))
    })
    .transpose()
}

pub(crate) fn clear_write_context(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE write_context SET audit_id = NULL, device_id = NULL, actor_id = NULL, at = NULL, hlc = NULL, remote = 0 WHERE one = 1",
        [],
    )?;
    Ok(())
}

fn not_enrolled() -> StoreError {
    StoreError::rejected(
        "not_enrolled",
        "máy này chưa đăng ký với máy chủ: hãy nhập mã đăng ký do quận/huyện cấp",
    )
}

/// Sync. None of these is a change of the books: they touch only the
/// device-local `sync_*` tables, except [`Store::apply_pulled`], which writes
/// other devices' changes without logging them again.
impl Store {
    /// The device's sync state; `None` before enrolment.
    pub fn sync_link(&self) -> Result<Option<SyncLink>, StoreError> {
        let link = self
            .conn
            .query_row(
                "SELECT server_url, credential, scope_kind, office_id, point_id, group_id, enrolled_at,
                        pushed_seq, pull_cursor, last_sync_at, last_error,
                        (SELECT count(*) FROM sync_quarantine), bundle_secret, server_key
                 FROM sync_link WHERE one = 1",
                [],
                |r| {
                    Ok(SyncLink {
                        server_url: r.get(0)?,
                        credential: r.get(1)?,
                        scope: SyncScope {
                            kind: r.get(2)?,
                            office_id: r.get(3)?,
                            point_id: r.get(4)?,
                            group_id: r.get(5)?,
                        },
                        enrolled_at: r.get(6)?,
                        pushed_seq: r.get(7)?,
                        pull_cursor: r.get(8)?,
                        last_sync_at: r.get(9)?,
                        last_error: r.get(10)?,
                        pending: 0,
                        quarantined: r.get(11)?,
                        bundle_secret: r.get(12)?,
                        server_key: r.get(13)?,
                    })
                },
            )
            .optional()?;
        let Some(mut link) = link else {
            return Ok(None);
        };
        link.pending = self.conn.query_row(
            "SELECT count(*) FROM change_log WHERE device_id = ?1 AND seq > ?2",
            params![self.device_id.0.to_string(), link.pushed_seq],
            |r| r.get(0),
        )?;
        Ok(Some(link))
    }

    /// Stores an enrolment. Enrolling again (a new credential, maybe a new
    /// server) keeps what the server acknowledged and pulls from the start
    /// again, which is harmless: a change already here is recognised.
    pub fn set_sync_link(&mut self, link: &NewSyncLink) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sync_link (one, server_url, credential, scope_kind, office_id, point_id, group_id, enrolled_at,
                bundle_secret, server_key)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (one) DO UPDATE SET server_url = excluded.server_url, credential = excluded.credential,
                scope_kind = excluded.scope_kind, office_id = excluded.office_id, point_id = excluded.point_id,
                group_id = excluded.group_id, enrolled_at = excluded.enrolled_at, pull_cursor = 0, last_error = NULL,
                bundle_secret = excluded.bundle_secret, server_key = excluded.server_key",
            params![
                link.server_url,
                link.credential,
                link.scope.kind,
                link.scope.office_id,
                link.scope.point_id,
                link.scope.group_id,
                link.enrolled_at.to_rfc3339(),
                link.bundle_secret,
                link.server_key
            ],
        )?;
        Ok(())
    }

    /// Up to `limit` of this device's changes the server has not acknowledged, in order.
    pub fn outbox(&self, limit: u32) -> Result<Vec<ChangeRow>, StoreError> {
        let link = self.sync_link()?.ok_or_else(not_enrolled)?;
        self.changes_after(link.pushed_seq, limit)
    }

    /// The server acknowledged this device's changes up to `through_seq`
    /// (never moves back); `refused` are the ones it set aside, with reasons.
    pub fn acknowledge_push(
        &mut self,
        through_seq: i64,
        refused: &[Quarantined],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE sync_link SET pushed_seq = max(pushed_seq, ?1) WHERE one = 1",
            [through_seq],
        )?;
        if n == 0 {
            return Err(not_enrolled());
        }
        for q in refused {
            insert_quarantine(&tx, q)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Notes how a sync attempt ended: `None` = it finished at `at`.
    pub fn record_sync_outcome(
        &mut self,
        at: DateTime<Utc>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        match error {
            None => self.conn.execute(
                "UPDATE sync_link SET last_sync_at = ?1, last_error = NULL WHERE one = 1",
                [at.to_rfc3339()],
            )?,
            Some(e) => self
                .conn
                .execute("UPDATE sync_link SET last_error = ?1 WHERE one = 1", [e])?,
        };
        Ok(())
    }

    /// The ledger entries held here whose value date falls in `month`
    /// (`YYYY-MM`): (id, amount), for the integrity check. Everything a
    /// device holds is in its scope, so this is the scope's month.
    pub fn entries_of_month(&self, month: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, amount FROM ledger_entry WHERE substr(value_date, 1, 7) = ?1")?;
        let rows = stmt
            .query_map([month], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Pulls everything again from the start at the next sync (a repair:
    /// what is already here is recognised and skipped).
    pub fn restart_pull(&mut self) -> Result<(), StoreError> {
        let n = self
            .conn
            .execute("UPDATE sync_link SET pull_cursor = 0 WHERE one = 1", [])?;
        if n == 0 {
            return Err(not_enrolled());
        }
        Ok(())
    }

    /// Items set aside, newest first.
    pub fn sync_quarantine(&self) -> Result<Vec<Quarantined>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT direction, origin_device, origin_seq, entity, entity_id, code, reason, at FROM sync_quarantine ORDER BY id DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Quarantined {
                    direction: r.get(0)?,
                    origin_device: r.get(1)?,
                    origin_seq: r.get(2)?,
                    entity: r.get(3)?,
                    entity_id: r.get(4)?,
                    code: r.get(5)?,
                    reason: r.get(6)?,
                    at: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Applies a page of other devices' changes and stores the server's
    /// cursor `next_cursor`, in one transaction. A change that cannot be
    /// applied here is set aside with its reason and the rest go on.
    /// Applied rows are not logged again (they are in their device's log);
    /// the audit trail records the pull, by `actor`.
    pub fn apply_pulled(
        &mut self,
        actor: Actor,
        changes: &[Incoming],
        next_cursor: i64,
    ) -> Result<ApplyReport, StoreError> {
        let audit_id = self.ids.next_id();
        let device = self.device_id.0.to_string();
        let tx = self.conn.transaction()?;
        let pushed_seq: i64 = tx
            .query_row("SELECT pushed_seq FROM sync_link WHERE one = 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(not_enrolled)?;
        tx.execute(
            "INSERT INTO audit_event (id, device_id, actor_id, at, action, detail) VALUES (?1, ?2, ?3, ?4, 'sync.pull', ?5)",
            params![audit_id.to_string(), device, actor.staff.0.to_string(), actor.at.to_rfc3339(), format!("{} thay đổi từ máy chủ", changes.len())],
        )?;
        tx.execute(
            "UPDATE write_context SET audit_id = ?1, device_id = ?2, actor_id = ?3, at = ?4, hlc = NULL, remote = 1 WHERE one = 1",
            params![audit_id.to_string(), device, actor.staff.0.to_string(), actor.at.to_rfc3339()],
        )?;
        let mut shapes = Shapes::default();
        let mut report = ApplyReport::default();
        let mut clock = last_stamp(&tx)?;
        for change in changes {
            if let Some(stamp) = &change.hlc {
                let stamp = stamp
                    .parse::<Hlc>()
                    .map_err(|e| StoreError::Corrupt(e.to_string()));
                if let Ok(stamp) = stamp {
                    clock = Some(Hlc::observe(clock, stamp));
                }
            }
        }
        let mut at = 0;
        while at < changes.len() {
            // Consecutive inserts into one table go in as one statement. If
            // it fails (a row already here, a row the file refuses), SQLite
            // undoes it whole and they are applied one by one below.
            let run = insert_run(&changes[at..]);
            if run > 1 && apply_inserts(&tx, &mut shapes, &changes[at..at + run]).is_ok() {
                report.applied += run as u32;
                at += run;
                continue;
            }
            for change in &changes[at..at + run.max(1)] {
                // Each change is one INSERT or UPDATE, and SQLite undoes a
                // failed statement whole: no savepoint is needed to set one aside.
                match apply_one(&tx, &mut shapes, change, &device, pushed_seq) {
                    Ok(Outcome::Applied) => report.applied += 1,
                    Ok(Outcome::Duplicate) => report.duplicates += 1,
                    Ok(Outcome::Superseded) => report.superseded += 1,
                    Err(Refusal { code, reason }) => {
                        report.quarantined += 1;
                        insert_quarantine(
                            &tx,
                            &Quarantined {
                                direction: "pull".into(),
                                origin_device: change.origin_device.clone(),
                                origin_seq: change.origin_seq,
                                entity: change.entity.clone(),
                                entity_id: change.entity_id.clone(),
                                code: code.into(),
                                reason,
                                at: actor.at.to_rfc3339(),
                            },
                        )?;
                    }
                }
            }
            at += run.max(1);
        }
        if let Some(clock) = clock {
            tx.execute(
                "UPDATE sync_clock SET last = ?1 WHERE one = 1",
                [clock.to_string()],
            )?;
        }
        tx.execute(
            "UPDATE sync_link SET pull_cursor = max(pull_cursor, ?1) WHERE one = 1",
            [next_cursor],
        )?;
        clear_write_context(&tx)?;
        tx.commit()?;
        Ok(report)
    }
}

fn insert_quarantine(tx: &Transaction<'_>, q: &Quarantined) -> Result<(), StoreError> {
    tx.execute(
        "INSERT OR IGNORE INTO sync_quarantine (direction, origin_device, origin_seq, entity, entity_id, code, reason, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![q.direction, q.origin_device, q.origin_seq, q.entity, q.entity_id, q.code, q.reason, q.at],
    )?;
    Ok(())
}

enum Outcome {
    Applied,
    Duplicate,
    Superseded,
}

struct Refusal {
    code: &'static str,
    reason: String,
}

fn refuse(code: &'static str, reason: impl Into<String>) -> Refusal {
    Refusal {
        code,
        reason: reason.into(),
    }
}

/// A synced table's columns and key, read from the file itself.
struct Shape {
    columns: Vec<String>,
    keys: Vec<String>,
}

#[derive(Default)]
struct Shapes(HashMap<String, Option<Shape>>);

impl Shapes {
    /// The shape of `entity` if it is a synced table of this file (one with
    /// change-log triggers); names that are not are never put into SQL.
    fn get(
        &mut self,
        tx: &Transaction<'_>,
        entity: &str,
    ) -> Result<Option<&Shape>, rusqlite::Error> {
        if !self.0.contains_key(entity) {
            let synced: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1 || '_log_insert' AND tbl_name = ?1)",
                [entity],
                |r| r.get(0),
            )?;
            let shape = if synced {
                let mut stmt =
                    tx.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?;
                let cols = stmt
                    .query_map([entity], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                let mut keys: Vec<(i64, String)> = cols
                    .iter()
                    .filter(|(_, pk)| *pk > 0)
                    .map(|(n, pk)| (*pk, n.clone()))
                    .collect();
                keys.sort();
                Some(Shape {
                    columns: cols.into_iter().map(|(n, _)| n).collect(),
                    keys: keys.into_iter().map(|(_, n)| n).collect(),
                })
            } else {
                None
            };
            self.0.insert(entity.to_owned(), shape);
        }
        Ok(self.0[entity].as_ref())
    }
}

fn sql_value(field: &str, v: &Json) -> Result<Value, Refusal> {
    match v {
        Json::Null => Ok(Value::Null),
        Json::String(s) => Ok(Value::Text(s.clone())),
        Json::Number(n) => n.as_i64().map(Value::Integer).ok_or_else(|| {
            refuse(
                "bad_change",
                format!("trường «{field}» không phải số nguyên: {n}"),
            )
        }),
        other => Err(refuse(
            "bad_change",
            format!("trường «{field}» có giá trị không dùng được: {other}"),
        )),
    }
}

fn db_refusal(e: rusqlite::Error) -> Refusal {
    refuse(
        "refused_here",
        format!("tệp dữ liệu của máy này không nhận thay đổi: {e}"),
    )
}

fn apply_one(
    tx: &Transaction<'_>,
    shapes: &mut Shapes,
    change: &Incoming,
    device: &str,
    pushed_seq: i64,
) -> Result<Outcome, Refusal> {
    let shape = shapes
        .get(tx, &change.entity)
        .map_err(db_refusal)?
        .ok_or_else(|| {
            refuse(
                "unknown_entity",
                format!("bảng «{}» không có ở máy này", change.entity),
            )
        })?;
    let body: Json = serde_json::from_str(&change.body)
        .map_err(|e| refuse("bad_change", format!("nội dung không phải JSON: {e}")))?;
    match change.op.as_str() {
        "insert" => apply_insert(tx, shape, &change.entity, &body),
        "update" => apply_update(tx, shape, change, &body, device, pushed_seq),
        other => Err(refuse(
            "bad_change",
            format!("thao tác «{other}» không biết"),
        )),
    }
}

fn apply_insert(
    tx: &Transaction<'_>,
    shape: &Shape,
    entity: &str,
    body: &Json,
) -> Result<Outcome, Refusal> {
    let row = body
        .as_object()
        .ok_or_else(|| refuse("bad_change", "dòng mới không phải đối tượng JSON"))?;
    let mut cols = Vec::with_capacity(row.len());
    let mut values = Vec::with_capacity(row.len());
    for (field, v) in row {
        if !shape.columns.iter().any(|c| c == field) {
            return Err(refuse(
                "bad_change",
                format!("bảng «{entity}» không có cột «{field}»"),
            ));
        }
        cols.push(field.as_str());
        values.push(sql_value(field, v)?);
    }
    let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {entity} ({}) VALUES ({})",
        cols.join(", "),
        placeholders.join(", ")
    );
    let mut stmt = tx.prepare_cached(&sql).map_err(db_refusal)?;
    match stmt.execute(rusqlite::params_from_iter(values.iter())) {
        Ok(_) => Ok(Outcome::Applied),
        Err(e) => {
            // Already here with the same content: a page applied twice.
            let key_values: Option<Vec<&Value>> = shape
                .keys
                .iter()
                .map(|k| cols.iter().position(|c| c == k).map(|i| &values[i]))
                .collect();
            let Some(key_values) = key_values else {
                return Err(db_refusal(e));
            };
            let sql = format!(
                "SELECT {} FROM {entity} WHERE {}",
                cols.join(", "),
                where_keys(&shape.keys)
            );
            let existing: Option<Vec<Value>> = tx
                .query_row(&sql, rusqlite::params_from_iter(key_values), |r| {
                    (0..cols.len()).map(|i| r.get::<_, Value>(i)).collect()
                })
                .optional()
                .map_err(db_refusal)?;
            match existing {
                Some(existing) if existing == values => Ok(Outcome::Duplicate),
                Some(_) => Err(refuse(
                    "conflict_local",
                    format!("«{entity}» này đã có ở máy này với nội dung khác"),
                )),
                None => Err(db_refusal(e)),
            }
        }
    }
}

/// Most rows in one multi-row INSERT of pulled changes.
const INSERT_RUN: usize = 64;

/// How many changes from the first are inserts into the same table (at
/// most [`INSERT_RUN`]); 0 if the first is not an insert.
fn insert_run(changes: &[Incoming]) -> usize {
    let Some(first) = changes.first().filter(|c| c.op == "insert") else {
        return 0;
    };
    changes
        .iter()
        .take(INSERT_RUN)
        .take_while(|c| c.op == "insert" && c.entity == first.entity)
        .count()
}

/// Inserts `changes` (inserts into one table) with one statement, if
/// every row has the same columns, all of the table: the common case of a
/// page, a day's entries. One statement per row cost SQLite its statement
/// work for every row — and, for `ledger_entry`, the ephemeral table its
/// CHECK's `kind IN (…)` list builds on every run of a statement. Any
/// refusal (`Err`) leaves the file as it was.
fn apply_inserts(
    tx: &Transaction<'_>,
    shapes: &mut Shapes,
    changes: &[Incoming],
) -> Result<(), Refusal> {
    let entity = &changes[0].entity;
    let shape = shapes
        .get(tx, entity)
        .map_err(db_refusal)?
        .ok_or_else(|| refuse("unknown_entity", entity.clone()))?;
    let mut rows = Vec::with_capacity(changes.len());
    for change in changes {
        let row: PulledRow<'_> =
            serde_json::from_str(&change.body).map_err(|e| refuse("bad_change", e.to_string()))?;
        let same_columns = |first: &PulledRow<'_>| {
            first.0.len() == row.0.len() && first.0.iter().zip(&row.0).all(|(a, b)| a.0 == b.0)
        };
        match rows.first() {
            Some(first) if same_columns(first) => {}
            Some(_) => return Err(refuse("bad_change", "các dòng có cột khác nhau")),
            None => {
                if !row
                    .0
                    .iter()
                    .all(|(k, _)| shape.columns.iter().any(|c| c == k))
                {
                    return Err(refuse("bad_change", "cột không có"));
                }
            }
        }
        rows.push(row);
    }
    let columns: Vec<&str> = rows[0].0.iter().map(|(k, _)| k.as_ref()).collect();
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    let sql = format!(
        "INSERT INTO {entity} ({}) VALUES {}",
        columns.join(", "),
        vec![one.as_str(); changes.len()].join(", ")
    );
    let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(rows.len() * columns.len());
    for row in &rows {
        for (_, cell) in &row.0 {
            values.push(match cell {
                Cell::Bad => return Err(refuse("bad_change", "giá trị không dùng được")),
                cell => cell,
            });
        }
    }
    let mut stmt = tx.prepare_cached(&sql).map_err(db_refusal)?;
    stmt.execute(values.as_slice()).map_err(db_refusal)?;
    Ok(())
}

/// A pulled row read for [`apply_inserts`]: its columns in the order the
/// change has them, their text borrowed from the page where it has no
/// escapes (most of it) — no map, no copy of every key and value.
struct PulledRow<'a>(Vec<(Cow<'a, str>, Cell<'a>)>);

/// One value of a [`PulledRow`]: what the store's columns hold (NULL, an
/// integer, text); anything else is `Bad`, and the row is then applied
/// alone, by the path that says why it cannot be.
enum Cell<'a> {
    Null,
    Int(i64),
    Text(Cow<'a, str>),
    Bad,
}

impl rusqlite::ToSql for Cell<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Cell::Int(i) => ValueRef::Integer(*i),
            Cell::Text(t) => ValueRef::Text(t.as_bytes()),
            Cell::Null | Cell::Bad => ValueRef::Null,
        }))
    }
}

/// Text borrowed from the input where it can be.
struct Text<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(Visit)
    }
}

impl<'de> serde::Deserialize<'de> for Cell<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Cell<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Cell<'de>, E> {
                Ok(Cell::Null)
            }
            fn visit_i64<E>(self, v: i64) -> Result<Cell<'de>, E> {
                Ok(Cell::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Cell<'de>, E> {
                Ok(i64::try_from(v).map_or(Cell::Bad, Cell::Int))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Cell<'de>, E> {
                Ok(Cell::Bad)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Cell<'de>, E> {
                Ok(Cell::Bad)
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cell<'de>, E> {
                Ok(Cell::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Cell<'de>, E> {
                Ok(Cell::Text(Cow::Owned(v.to_owned())))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Cell<'de>, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Cell::Bad)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Cell<'de>, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Cell::Bad)
            }
        }
        d.deserialize_any(Visit)
    }
}

impl<'de> serde::Deserialize<'de> for PulledRow<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = PulledRow<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<PulledRow<'de>, A::Error> {
                let mut row = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some((Text(key), cell)) = map.next_entry::<Text<'de>, Cell<'de>>()? {
                    row.push((key, cell));
                }
                Ok(PulledRow(row))
            }
        }
        d.deserialize_map(Visit)
    }
}

fn where_keys(keys: &[String]) -> String {
    keys.iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn apply_update(
    tx: &Transaction<'_>,
    shape: &Shape,
    change: &Incoming,
    body: &Json,
    device: &str,
    pushed_seq: i64,
) -> Result<Outcome, Refusal> {
    let entity = &change.entity;
    let (Some(key), Some(set)) = (
        body.get("key").and_then(Json::as_array),
        body.get("set").and_then(Json::as_object),
    ) else {
        return Err(refuse("bad_change", "thao tác sửa thiếu «key» hoặc «set»"));
    };
    if key.len() != shape.keys.len() {
        return Err(refuse(
            "bad_change",
            format!("khóa của «{entity}» sai số phần"),
        ));
    }
    let mut fields = Vec::new();
    let mut values = Vec::new();
    for (field, v) in set {
        if !shape.columns.iter().any(|c| c == field) || shape.keys.iter().any(|k| k == field) {
            return Err(refuse(
                "bad_change",
                format!("không sửa được cột «{field}» của «{entity}»"),
            ));
        }
        // This device edited the same field and the server has not seen it
        // yet: keep ours; the server decides when it arrives.
        let pending: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND op = 'update'
                    AND device_id = ?3 AND seq > ?4 AND json_type(row_json, ?5) IS NOT NULL)",
                params![entity, change.entity_id, device, pushed_seq, format!("$.set.{field}")],
                |r| r.get(0),
            )
            .map_err(db_refusal)?;
        if pending {
            continue;
        }
        fields.push(field.as_str());
        values.push(sql_value(field, v)?);
    }
    if fields.is_empty() {
        return Ok(Outcome::Superseded);
    }
    for (i, k) in key.iter().enumerate() {
        values.push(sql_value(&shape.keys[i], k)?);
    }
    let sets: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{f} = ?{}", i + 1))
        .collect();
    let wheres: Vec<String> = shape
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ?{}", fields.len() + i + 1))
        .collect();
    // Only a row whose fields differ is written: this device's own edits
    // come back from the server (so every device ends in the server's
    // order), and a row that may no longer change — a closed session —
    // must take them as the no-ops they are.
    let differs: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{f} IS NOT ?{}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE {entity} SET {} WHERE {} AND ({})",
        sets.join(", "),
        wheres.join(" AND "),
        differs.join(" OR ")
    );
    let n = tx
        .execute(&sql, rusqlite::params_from_iter(values.iter()))
        .map_err(db_refusal)?;
    if n == 0 {
        let exists: bool = tx
            .query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM {entity} WHERE {})",
                    wheres
                        .iter()
                        .enumerate()
                        .map(|(i, _)| format!("{} = ?{}", shape.keys[i], i + 1))
                        .collect::<Vec<_>>()
                        .join(" AND ")
                ),
                rusqlite::params_from_iter(values[fields.len()..].iter()),
                |r| r.get(0),
            )
            .map_err(db_refusal)?;
        if exists {
            return Ok(Outcome::Duplicate);
        }
        return Err(refuse(
            "missing_row",
            format!("«{entity}» «{}» chưa có ở máy này", change.entity_id),
        ));
    }
    Ok(Outcome::Applied)
}
