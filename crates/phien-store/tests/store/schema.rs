//! The schema and its migrations (src/migrate.rs, migrations/0001_ledger.sql).

use std::path::Path;

use phien_store::{SCHEMA_VERSION, Store, StoreError, dump_schema};

use crate::fixture::{Fixture, actor_at, empty_store, raw};

fn user_version(path: &Path) -> i64 {
    raw(path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version is readable")
}

#[test]
fn schema_matches_the_committed_snapshot() {
    let (_dir, path, store) = empty_store();
    drop(store);
    let schema = dump_schema(&path).expect("the schema of a fresh file dumps");
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/store/schema.snapshot.sql");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&snapshot, &schema).expect("the snapshot file is writable");
        return;
    }
    let committed = std::fs::read_to_string(&snapshot)
        .expect("tests/store/schema.snapshot.sql exists; run with UPDATE_SNAPSHOTS=1 to write it");
    assert!(
        committed == schema,
        "the schema a fresh file gets must equal the reviewed snapshot (a schema change needs a new \
         migration and an updated snapshot: UPDATE_SNAPSHOTS=1); first differing line: {:?}",
        committed
            .lines()
            .zip(schema.lines())
            .find(|(a, b)| a != b)
            .or(Some(("<length differs>", "<length differs>")))
    );
}

#[test]
fn open_applies_every_migration_and_records_the_version() {
    let (_dir, path, store) = empty_store();
    assert_eq!(
        user_version(&path),
        SCHEMA_VERSION,
        "open migrates a new file to the newest schema and records it in user_version"
    );
    assert!(
        store.is_empty().expect("emptiness is readable"),
        "migrations create tables but no point"
    );
    assert_eq!(
        store.integrity_check().expect("integrity_check runs"),
        "ok",
        "a freshly migrated file is sound"
    );
}

#[test]
fn reopening_a_current_file_is_a_no_op() {
    let fx = Fixture::new();
    let device = fx.store.device_id();
    let changes = fx.changes();
    let schema = dump_schema(&fx.path).expect("schema dumps");
    let path = fx.path.clone();
    let Fixture { dir, store, .. } = fx;
    drop(store);
    let again = Store::open(&path).expect("a current file reopens");
    assert_eq!(
        again.device_id(),
        device,
        "the device id is created once and kept: reopening must not make a new device"
    );
    assert_eq!(
        dump_schema(&path).expect("schema dumps"),
        schema,
        "no migration runs on a file already at SCHEMA_VERSION"
    );
    assert_eq!(
        again
            .changes_after(0, u32::MAX)
            .expect("change log readable"),
        changes,
        "reopening writes nothing, so the change log is exactly as before"
    );
    assert_eq!(
        user_version(&path),
        SCHEMA_VERSION,
        "the version is unchanged"
    );
    drop(dir);
}

#[test]
fn a_file_from_a_newer_phien_is_refused_and_left_untouched() {
    let (_dir, path, store) = empty_store();
    drop(store);
    raw(&path)
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("a raw connection can set user_version");
    let before = std::fs::read(&path).expect("the file is readable");

    let err = match Store::open(&path) {
        Ok(_) => panic!("a file with a newer schema must be refused"),
        Err(e) => e,
    };
    assert!(
        matches!(err, StoreError::NewerSchema { found, supported } if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "the refusal names the version found and the one supported, got {err:?}"
    );
    assert_eq!(err.code(), "newer_schema", "callers branch on this code");
    assert!(
        std::fs::read(&path).expect("the file is readable") == before,
        "a refused file is not modified in any way (byte for byte)"
    );
    assert_eq!(
        user_version(&path),
        SCHEMA_VERSION + 1,
        "the newer version is kept, so the newer Phiên can still open its file"
    );
}

#[test]
fn a_newer_file_in_another_journal_mode_is_not_converted_before_the_refusal() {
    // A newer Phiên may have chosen a different journal mode: the old one must
    // refuse the file before changing anything in it, WAL included.
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    let path = dir.path().join("phien.db");
    {
        let conn = raw(&path);
        conn.execute_batch(
            "CREATE TABLE future (x INTEGER) STRICT; INSERT INTO future VALUES (1);",
        )
        .expect("a raw connection can build a file");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("a raw connection can set user_version");
    }
    let before = std::fs::read(&path).expect("the file is readable");
    let result = Store::open(&path);
    assert_eq!(
        crate::refusal(result.map(|_| ()), "opening a newer file"),
        "newer_schema",
        "the newer schema is refused"
    );
    assert!(
        std::fs::read(&path).expect("the file is readable") == before,
        "the refused file keeps every byte, including its journal mode (header bytes 18-19)"
    );
    let mode: String = raw(&path)
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal_mode is readable");
    assert_eq!(mode, "delete", "the refused file was not switched to WAL");
}

#[test]
fn the_file_is_in_wal_mode_with_foreign_keys_and_full_sync() {
    let (dir, path, mut store) = empty_store();
    let mode: String = raw(&path)
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal_mode is readable");
    assert_eq!(
        mode, "wal",
        "WAL is a property of the file, so a second connection sees it"
    );
    let (foreign_keys, synchronous): (i64, i64) = store
        .write(actor_at(Default::default(), 1), "probe", "", |tx| {
            let fk = tx
                .conn()
                .pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
            let sync = tx
                .conn()
                .pragma_query_value(None, "synchronous", |r| r.get(0))?;
            Ok((fk, sync))
        })
        .expect("pragmas are readable through the store's own connection");
    assert_eq!(
        foreign_keys, 1,
        "the store's connection enforces foreign keys (per-connection pragma)"
    );
    assert_eq!(
        synchronous, 2,
        "synchronous = FULL (2) so that a commit the officer saw survives a power cut"
    );
    assert!(
        dir.path().join("phien.db-wal").exists(),
        "a WAL file sits beside the database while the store is open"
    );
}
