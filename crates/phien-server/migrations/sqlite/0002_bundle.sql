-- Phiên sync server, schema 2 (SQLite): file bundles for communes with no signal.

-- The public half of the Ed25519 key each device signs its bundles with.
ALTER TABLE device ADD COLUMN bundle_key TEXT;

-- The server's own Ed25519 key (its 32-byte seed, hex), made at first start:
-- it signs bundle replies; devices learn the public half at enrolment.
CREATE TABLE server_key (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    seed TEXT NOT NULL
) STRICT;

-- Every bundle imported, by whom, and how far it settled the device's series.
CREATE TABLE bundle_import (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    bundle TEXT NOT NULL,
    items INTEGER NOT NULL,
    acked_through INTEGER NOT NULL,
    refused INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
