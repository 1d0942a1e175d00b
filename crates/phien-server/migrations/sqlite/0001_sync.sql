-- Phiên sync server, schema 1 (SQLite). Every district office's data in one file.

-- One-time enrolment codes (only their sha256 is kept).
CREATE TABLE enrol_code (
    code_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('point', 'group_leader', 'supervisor')),
    office_id TEXT NOT NULL,
    point_id TEXT,
    group_id TEXT,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by TEXT,
    used_at TEXT
) STRICT;

-- Enrolled devices; the credential's sha256 finds the device on every request.
CREATE TABLE device (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('point', 'group_leader', 'supervisor')),
    office_id TEXT NOT NULL,
    point_id TEXT,
    group_id TEXT,
    credential_hash TEXT NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    revoked_at TEXT,
    -- The device's series is settled up to here.
    acked_seq INTEGER NOT NULL DEFAULT 0
) STRICT;

-- How each pushed item was settled, forever: a retry a month later still dedupes.
CREATE TABLE settled (
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'repeat', 'refused')),
    code TEXT,
    reason TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

-- Every record of every office: where it belongs, the hash of its inserted
-- row, and for mutable records the current row and its fields' clocks.
CREATE TABLE record (
    office_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    point_id TEXT,
    group_id TEXT,
    hash TEXT NOT NULL,
    body TEXT,
    clocks TEXT,
    PRIMARY KEY (office_id, entity, entity_id)
) STRICT;

-- Each office's feed cursor: bumped inside the write transaction, so cursor
-- order is commit order.
CREATE TABLE office_head (
    office_id TEXT PRIMARY KEY,
    head INTEGER NOT NULL
) STRICT;

-- What devices pull: every accepted change and every correction, in cursor order.
CREATE TABLE feed (
    office_id TEXT NOT NULL,
    cursor INTEGER NOT NULL,
    origin_device TEXT NOT NULL,
    origin_seq INTEGER NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL,
    hlc TEXT,
    body TEXT NOT NULL,
    point_id TEXT,
    group_id TEXT,
    PRIMARY KEY (office_id, cursor)
) STRICT;

-- The supervisors' review queue.
CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    office_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT,
    server_value TEXT,
    device_value TEXT,
    device_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT
) STRICT;
CREATE INDEX review_open ON review (office_id) WHERE resolved_at IS NULL
