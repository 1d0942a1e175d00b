//! Append-only numbered migrations, applied in one transaction at open.
//! The schema version is `PRAGMA user_version`.
//!
//! Foreign keys are off while migrations run (SQLite's own way to remake a
//! table: `PRAGMA foreign_keys` cannot change inside a transaction, and a
//! dropped parent table would otherwise count every child row as broken);
//! `PRAGMA foreign_key_check` must then find nothing, or nothing is committed.

use rusqlite::{Connection, OptionalExtension};

use crate::StoreError;

/// Shipped migrations, in order. Never edit one that has shipped; add a new one.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_ledger.sql")),
    (2, include_str!("../migrations/0002_leader.sql")),
    (3, include_str!("../migrations/0003_sync.sql")),
    (4, include_str!("../migrations/0004_bundle.sql")),
    (5, include_str!("../migrations/0005_report.sql")),
    (6, include_str!("../migrations/0006_codes.sql")),
];

/// The newest schema this binary knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The file's schema version; a file from a newer Phiên is refused. Reads
/// only, so it runs before anything (even `journal_mode`) touches the file.
pub(crate) fn refuse_newer(conn: &Connection) -> Result<i64, StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

pub(crate) fn apply(conn: &mut Connection) -> Result<(), StoreError> {
    let found = refuse_newer(conn)?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = migrate(conn, found);
    if enforced {
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    migrated
}

fn migrate(conn: &mut Connection, found: i64) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    let broken: Option<(String, Option<i64>, String)> = tx
        .query_row("PRAGMA foreign_key_check", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((table, rowid, parent)) = broken {
        // Dropping the transaction undoes every migration: the file stays
        // as it was, at its old version.
        return Err(StoreError::Corrupt(format!(
            "sau khi nâng cấp lược đồ, dòng {} của bảng «{table}» trỏ tới «{parent}» không có",
            rowid.map_or_else(|| "?".to_owned(), |r| r.to_string())
        )));
    }
    tx.commit()?;
    Ok(())
}

/// The schema as text, one object per paragraph, sorted: for the snapshot test.
pub fn dump_schema(conn_path: &std::path::Path) -> Result<String, StoreError> {
    let conn = Connection::open(conn_path)?;
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "-- {} {}\n{};\n",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?
        ))
    })?;
    let mut out = String::new();
    for row in rows {
        out.push_str(&row?);
        out.push('\n');
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    out.push_str(&format!("-- user_version {version}\n"));
    Ok(out)
}
