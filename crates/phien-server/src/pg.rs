//! The production backend: PostgreSQL (the synchronous `postgres` client,
//! called from the HTTP layer's blocking threads).
//!
//! Cursor order is commit order here too: the office's head row is bumped
//! with `INSERT … ON CONFLICT DO UPDATE … RETURNING` inside the push
//! transaction, which locks the row until commit, so pushes of one office
//! commit one after the other and a pull (one `REPEATABLE READ` snapshot)
//! never sees cursor N+1 without N. Pushes of different offices run in
//! parallel. A device's row is locked (`FOR UPDATE`) for its push, so two
//! copies of the same request settle one after the other.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};

use chrono::{DateTime, Utc};
use phien_wire::bundle::{self, SigningKey};
use phien_wire::{
    Decision, PullResponse, PulledChange, PushItem, PushResponse, ResolveRequest, ReviewItem,
    Scope, ScopeKind, StatusResponse,
};
use postgres::types::Type;
use postgres::{Client, IsolationLevel, NoTls, Transaction};
use serde_json::value::RawValue;

use crate::ServerError;
use crate::backend::{
    Backend, Book, Device, DeviceInfo, ImportRecord, REVIEW_COLUMNS, Scopes, StoredRow, Writes,
    credential_in_use, page, review_item, scope_of, settled_columns, withhold_pins, withholds_pins,
};
use crate::merge;

/// Shipped migrations, in order (append-only; never edit a shipped one).
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_sync.sql")),
    (2, include_str!("../migrations/postgres/0002_bundle.sql")),
];

/// The newest schema this binary knows.
const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

impl From<postgres::Error> for ServerError {
    fn from(e: postgres::Error) -> Self {
        // "db error" alone says nothing: the server's own message says what.
        ServerError::Storage(match e.as_db_error() {
            Some(db) => format!("{e}: {}", db.message()),
            None => e.to_string(),
        })
    }
}

/// A small pool of connections.
pub struct PgBackend {
    config: String,
    idle: Mutex<(Vec<Client>, usize)>,
    freed: Condvar,
    max: usize,
    key: SigningKey,
}

/// A connection borrowed from the pool; returned on drop.
struct Conn<'a> {
    pool: &'a PgBackend,
    client: Option<Client>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("present until drop")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
        match self.client.take() {
            Some(client) if !client.is_closed() => idle.0.push(client),
            _ => idle.1 -= 1,
        }
        self.pool.freed.notify_one();
    }
}

impl PgBackend {
    /// Connects (`postgresql://…` or `host=… user=… dbname=…`) and creates the
    /// schema if the database is empty. At most `max` connections at once.
    pub fn open(config: &str, max: usize) -> Result<PgBackend, ServerError> {
        let mut client = Client::connect(config, NoTls)?;
        client
            .batch_execute("CREATE TABLE IF NOT EXISTS phien_schema (version BIGINT NOT NULL)")?;
        let mut tx = client.transaction()?;
        // One migrator at a time (two servers starting together).
        tx.batch_execute("LOCK TABLE phien_schema IN EXCLUSIVE MODE")?;
        let version: i64 = tx
            .query_opt("SELECT max(version) FROM phien_schema", &[])?
            .and_then(|r| r.get(0))
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(ServerError::Storage(format!(
                "cơ sở dữ liệu máy chủ có lược đồ {version}, mới hơn phiên bản này ({SCHEMA_VERSION})"
            )));
        }
        for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > version) {
            tx.batch_execute(sql)?;
            tx.execute("INSERT INTO phien_schema (version) VALUES ($1)", &[v])?;
        }
        let seed: [u8; 32] = rand::random();
        tx.execute(
            "INSERT INTO server_key (one, seed) VALUES (1, $1) ON CONFLICT (one) DO NOTHING",
            &[&bundle::seed_hex(&bundle::signing_key(seed))],
        )?;
        let seed: String = tx.query_one("SELECT seed FROM server_key", &[])?.get(0);
        tx.commit()?;
        let key = bundle::signing_key_from_hex(&seed)
            .ok_or_else(|| ServerError::Storage("khóa ký của máy chủ hỏng".into()))?;
        Ok(PgBackend {
            config: config.to_owned(),
            idle: Mutex::new((vec![client], 1)),
            freed: Condvar::new(),
            max: max.max(1),
            key,
        })
    }

    fn conn(&self) -> Result<Conn<'_>, ServerError> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(client) = idle.0.pop() {
                return Ok(Conn {
                    pool: self,
                    client: Some(client),
                });
            }
            if idle.1 < self.max {
                idle.1 += 1;
                drop(idle);
                return match Client::connect(&self.config, NoTls) {
                    Ok(client) => Ok(Conn {
                        pool: self,
                        client: Some(client),
                    }),
                    Err(e) => {
                        self.idle.lock().unwrap_or_else(|e| e.into_inner()).1 -= 1;
                        Err(e.into())
                    }
                };
            }
            idle = self.freed.wait(idle).unwrap_or_else(|e| e.into_inner());
        }
    }
}

struct PgBook<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    now: String,
}

/// The column types of the `COPY`s.
const TEXT: Type = Type::TEXT;
const INT8: Type = Type::INT8;

/// Writes `rows` with one binary `COPY` (`sql`, its columns of `types`),
/// `row` handing each row's values to the writer; nothing if there are none.
fn copy_rows<R>(
    tx: &mut Transaction<'_>,
    sql: &str,
    types: &[Type],
    rows: &[R],
    row: impl Fn(
        &R,
        &mut dyn FnMut(&[&(dyn postgres::types::ToSql + Sync)]) -> Result<(), postgres::Error>,
    ) -> Result<(), postgres::Error>,
) -> Result<(), postgres::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(tx.copy_in(sql)?, types);
    for r in rows {
        row(r, &mut |values| writer.write(values))?;
    }
    writer.finish()?;
    Ok(())
}

/// Texts of the rows, for a `text[]` parameter.
fn texts<'r, R>(rows: &'r [R], column: impl Fn(&'r R) -> &'r str) -> Vec<&'r str> {
    rows.iter().map(column).collect()
}

/// Texts or NULLs of the rows, for a `text[]` parameter.
fn maybe_texts<'r, R>(
    rows: &'r [R],
    column: impl Fn(&'r R) -> Option<&'r str>,
) -> Vec<Option<&'r str>> {
    rows.iter().map(column).collect()
}

impl Book for PgBook<'_, '_> {
    fn begin(&mut self, office: &str) -> Result<i64, ServerError> {
        // Creates or locks the office's head row until commit: the next push
        // of this office waits here, so its reads see this one's records and
        // cursors commit in order.
        Ok(self
            .tx
            .query_typed_one(
                "INSERT INTO office_head (office_id, head) VALUES ($1, 0)
                 ON CONFLICT (office_id) DO UPDATE SET head = office_head.head RETURNING head",
                &[(&office, Type::TEXT)],
            )?
            .get(0))
    }

    fn acked(&mut self, device: &str) -> Result<i64, ServerError> {
        let row = self.tx.query_typed_one(
            "SELECT acked_seq FROM device WHERE id = $1 FOR UPDATE",
            &[(&device, Type::TEXT)],
        )?;
        Ok(row.get(0))
    }

    fn settled_hashes(
        &mut self,
        device: &str,
        seqs: &[i64],
    ) -> Result<HashMap<i64, String>, ServerError> {
        let rows = self.tx.query_typed(
            "SELECT seq, hash FROM settled WHERE device_id = $1 AND seq = ANY($2)",
            &[(&device, Type::TEXT), (&seqs, Type::INT8_ARRAY)],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn rows(
        &mut self,
        office: &str,
        keys: &[(&str, &str)],
    ) -> Result<Vec<(String, String, StoredRow)>, ServerError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let entities = texts(keys, |k| k.0);
        let ids = texts(keys, |k| k.1);
        let found = self.tx.query_typed(
            "SELECT r.entity, r.entity_id, r.point_id, r.group_id, r.hash, r.body, r.clocks
             FROM unnest($2::TEXT[], $3::TEXT[]) AS k (entity, entity_id)
             JOIN record r ON r.office_id = $1 AND r.entity = k.entity AND r.entity_id = k.entity_id",
            &[
                (&office, Type::TEXT),
                (&entities, Type::TEXT_ARRAY),
                (&ids, Type::TEXT_ARRAY),
            ],
        )?;
        let mut scopes = Scopes::new(office);
        Ok(found
            .into_iter()
            .map(|r| {
                let row = StoredRow {
                    scope: scopes.get(r.get(2), r.get(3)),
                    hash: r.get(4),
                    body: r.get(5),
                    clocks: r.get(6),
                };
                (r.get(0), r.get(1), row)
            })
            .collect())
    }

    fn write(
        &mut self,
        office: &str,
        device: &str,
        writes: &Writes<'_>,
    ) -> Result<bool, ServerError> {
        // Bulk rows go in with binary COPY: streamed in one round trip per
        // table, and less work for PostgreSQL than an INSERT over arrays
        // (about a third less for a stretch of feed rows).
        // Records first, in a savepoint: an insert the rules did not look up
        // may meet a stored record (a unique violation, which would abort the
        // whole transaction outside a savepoint), and then the stretch is
        // written again, decided carefully.
        if !writes.inserted.is_empty() {
            self.tx.batch_execute("SAVEPOINT stretch")?;
            let inserted = copy_rows(
                self.tx,
                "COPY record (office_id, entity, entity_id, point_id, group_id, hash, body, clocks) FROM STDIN (FORMAT binary)",
                &[TEXT; 8],
                &writes.inserted,
                |r, write| {
                    write(&[
                        &office,
                        &r.entity,
                        &r.id,
                        &r.row.scope.point,
                        &r.row.scope.group,
                        &r.row.hash,
                        &r.row.body,
                        &r.row.clocks,
                    ])
                },
            );
            match inserted {
                Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
                    self.tx.batch_execute(
                        "ROLLBACK TO SAVEPOINT stretch; RELEASE SAVEPOINT stretch",
                    )?;
                    return Ok(false);
                }
                Err(e) => return Err(e.into()),
                Ok(()) => self.tx.batch_execute("RELEASE SAVEPOINT stretch")?,
            }
        }
        let now = self.now.as_str();
        copy_rows(
            self.tx,
            "COPY settled (device_id, seq, hash, outcome, code, reason, at) FROM STDIN (FORMAT binary)",
            &[TEXT, INT8, TEXT, TEXT, TEXT, TEXT, TEXT],
            &writes.settled,
            |s, write| {
                let (outcome, code, reason) = settled_columns(&s.how);
                write(&[&device, &s.seq, &s.hash, &outcome, &code, &reason, &now])
            },
        )?;
        if !writes.updated.is_empty() {
            let rows = &writes.updated;
            self.tx.execute_typed(
                "UPDATE record r SET body = u.body, clocks = u.clocks
                 FROM unnest($2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[]) AS u (entity, entity_id, body, clocks)
                 WHERE r.office_id = $1 AND r.entity = u.entity AND r.entity_id = u.entity_id",
                &[
                    (&office, Type::TEXT),
                    (&texts(rows, |r| r.entity), Type::TEXT_ARRAY),
                    (&texts(rows, |r| &r.id), Type::TEXT_ARRAY),
                    (&maybe_texts(rows, |r| r.row.body.as_deref()), Type::TEXT_ARRAY),
                    (&maybe_texts(rows, |r| r.row.clocks.as_deref()), Type::TEXT_ARRAY),
                ],
            )?;
        }
        copy_rows(
            self.tx,
            "COPY feed (office_id, cursor, origin_device, origin_seq, entity, entity_id, op, hlc, body, point_id, group_id)
             FROM STDIN (FORMAT binary)",
            &[TEXT, INT8, TEXT, INT8, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT],
            &writes.feed,
            |f, write| {
                write(&[
                    &f.scope.office,
                    &f.cursor,
                    &f.origin_device,
                    &f.origin_seq,
                    &f.entity,
                    &f.entity_id,
                    &f.op,
                    &f.hlc,
                    &f.body.as_ref(),
                    &f.scope.point,
                    &f.scope.group,
                ])
            },
        )?;
        for r in &writes.reviews {
            self.tx.execute(
                "INSERT INTO review (office_id, kind, entity, entity_id, field, server_value, device_value, device_id, device_seq, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    &office,
                    &r.kind,
                    &r.entity.as_ref(),
                    &r.entity_id.as_ref(),
                    &r.field,
                    &r.server_value,
                    &r.device_value,
                    &r.device_id,
                    &r.device_seq,
                    &self.now,
                ],
            )?;
        }
        Ok(true)
    }

    fn optimistic(&self) -> bool {
        true
    }

    fn finish(
        &mut self,
        office: &str,
        device: Option<(&str, i64)>,
        head: i64,
    ) -> Result<(), ServerError> {
        let (device, acked) = device.map_or((None, 0), |(d, a)| (Some(d), a));
        self.tx.execute_typed(
            "WITH acked AS (UPDATE device SET acked_seq = greatest(acked_seq, $2) WHERE id = $1)
             UPDATE office_head SET head = $4 WHERE office_id = $3",
            &[
                (&device, Type::TEXT),
                (&acked, Type::INT8),
                (&office, Type::TEXT),
                (&head, Type::INT8),
            ],
        )?;
        Ok(())
    }

    fn review_item(&mut self, id: i64) -> Result<Option<(String, ReviewItem)>, ServerError> {
        let row = self.tx.query_opt(
            &format!("SELECT office_id, {REVIEW_COLUMNS} FROM review WHERE id = $1 FOR UPDATE"),
            &[&id],
        )?;
        Ok(row.map(|r| (r.get(0), review_row(&r, 1))))
    }

    fn close_review(
        &mut self,
        id: i64,
        by: &str,
        decision: Decision,
        note: &str,
    ) -> Result<(), ServerError> {
        let resolution = serde_json::json!({"decision": decision, "note": note}).to_string();
        self.tx.execute(
            "UPDATE review SET resolved_at = $2, resolved_by = $3, resolution = $4 WHERE id = $1 AND resolved_at IS NULL",
            &[&id, &self.now, &by, &resolution],
        )?;
        Ok(())
    }
}

/// A review row read as [`REVIEW_COLUMNS`] from column `at` on.
fn review_row(r: &postgres::Row, at: usize) -> ReviewItem {
    review_item(
        r.get(at),
        r.get(at + 1),
        r.get(at + 2),
        r.get(at + 3),
        r.get(at + 4),
        r.get(at + 5),
        r.get(at + 6),
        r.get(at + 7),
        r.get(at + 8),
        r.get(at + 9),
        r.get(at + 10),
        r.get(at + 11),
        r.get(at + 12),
    )
}

/// Which feed rows a device of `kind` reads (`$4` its point, `$5` its
/// group; each is named in every branch so that PostgreSQL knows its type).
fn scope_filter(kind: ScopeKind) -> &'static str {
    match kind {
        ScopeKind::Supervisor => "($4::TEXT IS NULL OR TRUE) AND ($5::TEXT IS NULL OR TRUE)",
        ScopeKind::Point => "(point_id IS NULL OR point_id = $4) AND ($5::TEXT IS NULL OR TRUE)",
        ScopeKind::GroupLeader => {
            "(group_id = $5 OR (group_id IS NULL AND (point_id IS NULL OR point_id = $4)))"
        }
    }
}

impl Backend for PgBackend {
    fn issue_code(
        &self,
        code_hash: &str,
        scope: &Scope,
        issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), ServerError> {
        self.conn()?.execute(
            "INSERT INTO enrol_code (code_hash, kind, office_id, point_id, group_id, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &code_hash,
                &scope.kind.as_str(),
                &scope.office_id,
                &scope.point_id,
                &scope.group_id,
                &issued_at.to_rfc3339(),
                &expires_at.to_rfc3339(),
            ],
        )?;
        Ok(())
    }

    fn enrol(
        &self,
        code_hash: &str,
        device_id: &str,
        device_name: &str,
        credential_hash: &str,
        bundle_key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Scope, ServerError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let Some(code) = tx.query_opt(
            "SELECT kind, office_id, point_id, group_id, expires_at, used_by FROM enrol_code WHERE code_hash = $1 FOR UPDATE",
            &[&code_hash],
        )?
        else {
            return Err(ServerError::BadCode("mã đăng ký không đúng".into()));
        };
        // The same device asking again (its first answer was lost on the
        // way) gets a fresh credential; anyone else is refused.
        if code
            .get::<_, Option<String>>(5)
            .is_some_and(|d| d != device_id)
        {
            return Err(ServerError::BadCode(
                "mã đăng ký đã được dùng; hãy xin mã mới".into(),
            ));
        }
        if code.get::<_, String>(4) < now.to_rfc3339() {
            return Err(ServerError::BadCode(
                "mã đăng ký đã hết hạn; hãy xin mã mới".into(),
            ));
        }
        let scope = scope_of(code.get(0), code.get(1), code.get(2), code.get(3))?;
        let holder = tx.query_opt(
            "SELECT id FROM device WHERE credential_hash = $1",
            &[&credential_hash],
        )?;
        if holder.is_some_and(|r| r.get::<_, String>(0) != device_id) {
            return Err(credential_in_use());
        }
        tx.execute(
            "UPDATE enrol_code SET used_by = $2, used_at = $3 WHERE code_hash = $1",
            &[&code_hash, &device_id, &now.to_rfc3339()],
        )?;
        tx.execute(
            "INSERT INTO device (id, name, kind, office_id, point_id, group_id, credential_hash, enrolled_at, bundle_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, office_id = excluded.office_id,
                point_id = excluded.point_id, group_id = excluded.group_id, credential_hash = excluded.credential_hash,
                enrolled_at = excluded.enrolled_at, revoked_at = NULL, bundle_key = excluded.bundle_key",
            &[
                &device_id,
                &device_name,
                &scope.kind.as_str(),
                &scope.office_id,
                &scope.point_id,
                &scope.group_id,
                &credential_hash,
                &now.to_rfc3339(),
                &bundle_key,
            ],
        )
        .map_err(|e| {
            // Another enrolment bound the same credential since the check
            // above (the device's own id conflicts are an update).
            if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) {
                credential_in_use()
            } else {
                e.into()
            }
        })?;
        tx.commit()?;
        Ok(scope)
    }

    fn device(&self, credential_hash: &str) -> Result<Device, ServerError> {
        // Typed: one round trip (no prepare), on every request.
        let row = self.conn()?.query_typed_opt(
            "SELECT id, name, kind, office_id, point_id, group_id, revoked_at FROM device WHERE credential_hash = $1",
            &[(&credential_hash, Type::TEXT)],
        )?;
        let Some(row) = row else {
            return Err(ServerError::Unauthorized);
        };
        if row.get::<_, Option<String>>(6).is_some() {
            return Err(ServerError::Revoked);
        }
        Ok(Device {
            id: row.get(0),
            name: row.get(1),
            scope: scope_of(row.get(2), row.get(3), row.get(4), row.get(5))?,
        })
    }

    fn server_key(&self) -> &SigningKey {
        &self.key
    }

    fn device_by_id(&self, id: &str) -> Result<(Device, Option<String>), ServerError> {
        let row = self.conn()?.query_opt(
            "SELECT id, name, kind, office_id, point_id, group_id, revoked_at, bundle_key FROM device WHERE id = $1",
            &[&id],
        )?;
        let Some(row) = row else {
            return Err(ServerError::Unauthorized);
        };
        if row.get::<_, Option<String>>(6).is_some() {
            return Err(ServerError::Revoked);
        }
        let device = Device {
            id: row.get(0),
            name: row.get(1),
            scope: scope_of(row.get(2), row.get(3), row.get(4), row.get(5))?,
        };
        Ok((device, row.get(7)))
    }

    fn record_import(&self, import: &ImportRecord<'_>) -> Result<(), ServerError> {
        self.conn()?.execute(
            "INSERT INTO bundle_import (device_id, bundle, items, acked_through, refused, imported_by, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &import.device_id,
                &import.bundle,
                &import.items,
                &import.acked_through,
                &import.refused,
                &import.imported_by,
                &import.at.to_rfc3339(),
            ],
        )?;
        Ok(())
    }

    fn revoke(&self, device_id: &str, now: DateTime<Utc>) -> Result<bool, ServerError> {
        let n = self.conn()?.execute(
            "UPDATE device SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1",
            &[&device_id, &now.to_rfc3339()],
        )?;
        Ok(n > 0)
    }

    fn devices(&self) -> Result<Vec<DeviceInfo>, ServerError> {
        let rows = self.conn()?.query(
            "SELECT id, name, kind, office_id, point_id, group_id, enrolled_at, revoked_at, acked_seq FROM device ORDER BY enrolled_at",
            &[],
        )?;
        rows.into_iter()
            .map(|r| {
                Ok(DeviceInfo {
                    id: r.get(0),
                    name: r.get(1),
                    scope: scope_of(r.get(2), r.get(3), r.get(4), r.get(5))?,
                    enrolled_at: r.get(6),
                    revoked_at: r.get(7),
                    acked_seq: r.get(8),
                })
            })
            .collect()
    }

    fn push(
        &self,
        device: &Device,
        items: Vec<PushItem>,
        now: DateTime<Utc>,
    ) -> Result<PushResponse, ServerError> {
        // Read (parse, hash) before taking a connection.
        let pushed = merge::read(items);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let response = {
            let mut book = PgBook {
                tx: &mut tx,
                now: now.to_rfc3339(),
            };
            merge::push(&mut book, device, &pushed)?
        };
        tx.commit()?;
        Ok(response)
    }

    fn pull(&self, device: &Device, after: i64, limit: u32) -> Result<PullResponse, ServerError> {
        let mut conn = self.conn()?;
        let mut tx = conn
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let scope = &device.scope;
        let head: i64 = tx
            .query_typed_opt(
                "SELECT head FROM office_head WHERE office_id = $1",
                &[(&scope.office_id, Type::TEXT)],
            )?
            .map_or(0, |r| r.get(0));
        let sql = format!(
            "SELECT cursor, origin_device, origin_seq, entity, entity_id, op, hlc, body FROM feed
             WHERE office_id = $1 AND cursor > $2 AND (origin_device <> $3 OR op = 'update') AND {}
             ORDER BY cursor LIMIT $6",
            scope_filter(scope.kind)
        );
        // Typed: one round trip (no prepare).
        let rows = tx.query_typed(
            &sql,
            &[
                (&scope.office_id, Type::TEXT),
                (&after, Type::INT8),
                (&device.id, Type::TEXT),
                (&scope.point_id, Type::TEXT),
                (&scope.group_id, Type::TEXT),
                (&i64::from(limit), Type::INT8),
            ],
        )?;
        let mut changes = Vec::with_capacity(rows.len());
        for r in rows {
            changes.push(PulledChange {
                cursor: r.get(0),
                device: r.get(1),
                seq: r.get(2),
                entity: r.get(3),
                entity_id: r.get(4),
                op: r.get(5),
                hlc: r.get(6),
                body: RawValue::from_string(r.get(7))
                    .map_err(|e| ServerError::Storage(e.to_string()))?,
            });
        }
        if withholds_pins(device, &changes) {
            let leader: Option<String> = tx
                .query_typed_opt(
                    "SELECT body::jsonb ->> 'leader_staff_id' FROM record
                     WHERE office_id = $1 AND entity = 'savings_group' AND entity_id = $2",
                    &[
                        (&scope.office_id, Type::TEXT),
                        (&scope.group_id, Type::TEXT),
                    ],
                )?
                .and_then(|r| r.get(0));
            withhold_pins(&mut changes, leader.as_deref())?;
        }
        tx.commit()?;
        Ok(page(changes, after, limit, head))
    }

    fn status(&self, device: &Device) -> Result<StatusResponse, ServerError> {
        let row = self.conn()?.query_one(
            "SELECT acked_seq,
                    coalesce((SELECT head FROM office_head WHERE office_id = $2), 0),
                    (SELECT count(*) FROM settled WHERE device_id = $1 AND outcome = 'refused')
             FROM device WHERE id = $1",
            &[&device.id, &device.scope.office_id],
        )?;
        Ok(StatusResponse {
            device_id: device.id.clone(),
            scope: device.scope.clone(),
            acked_through: row.get(0),
            head: row.get(1),
            refused: row.get(2),
        })
    }

    fn month_digest(
        &self,
        device: &Device,
        month: &str,
    ) -> Result<phien_wire::MonthDigest, ServerError> {
        let scope = &device.scope;
        let sql = format!(
            "SELECT entity_id, (body::json) ->> 'amount' FROM feed
             WHERE office_id = $1 AND entity = 'ledger_entry' AND op = 'insert'
               AND substr((body::json) ->> 'value_date', 1, 7) = $2
               AND json_typeof((body::json) -> 'amount') = 'number' AND $3::TEXT IS NOT NULL AND {}",
            scope_filter(scope.kind)
        );
        let rows = self.conn()?.query(
            &sql,
            &[
                &scope.office_id,
                &month,
                &device.id,
                &scope.point_id,
                &scope.group_id,
            ],
        )?;
        // A number that is not an integer of i64 (1.5, 1e30) is not whole
        // đồng: push refuses it (`bad_amount`); a copy an older server
        // stored is left out here, as devices left it out.
        let pairs: Vec<(String, i64)> = rows
            .iter()
            .filter_map(|r| Some((r.get(0), r.get::<_, String>(1).parse().ok()?)))
            .collect();
        Ok(phien_wire::MonthDigest::of(
            month,
            pairs.iter().map(|(id, a)| (id.as_str(), *a)),
        ))
    }

    fn reviews(&self, device: &Device, all: bool) -> Result<Vec<ReviewItem>, ServerError> {
        let (who, value) = if device.scope.kind == ScopeKind::Supervisor {
            ("office_id", device.scope.office_id.as_str())
        } else {
            ("device_id", device.id.as_str())
        };
        let open = if all { "" } else { "AND resolved_at IS NULL" };
        let rows = self.conn()?.query(
            &format!("SELECT {REVIEW_COLUMNS} FROM review WHERE {who} = $1 {open} ORDER BY id"),
            &[&value],
        )?;
        Ok(rows.iter().map(|r| review_row(r, 0)).collect())
    }

    fn resolve_review(
        &self,
        device: &Device,
        id: i64,
        request: &ResolveRequest,
        now: DateTime<Utc>,
    ) -> Result<ReviewItem, ServerError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let item = {
            let mut book = PgBook {
                tx: &mut tx,
                now: now.to_rfc3339(),
            };
            merge::resolve(&mut book, device, id, request)?
        };
        tx.commit()?;
        Ok(item)
    }
}
