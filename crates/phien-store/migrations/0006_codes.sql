-- Phiên schema 6: codes are unique where the bank gives them, not per file.
--
-- A supervisor's laptop and the server's report replica hold every point of
-- a district in one file. Group codes (T01, T02 …) are numbered within a
-- commune, a leader's receipt number is the group's code / year / sequence,
-- and each point's laptop makes its own staff accounts (the import's «HT»
-- Hệ thống on every one): in one district those repeat, and schemas 1–5,
-- which made them unique in the file, set the second commune's rows aside.
--
-- * A group's code is unique at its transaction point (triggers below).
-- * A receipt number is unique within its group.
-- * A staff code is not unique in the file: the store refuses a code this
--   file already has when an account is made here (Tx::insert_staff), and a
--   lookup by code that finds two people asks which one (`ambiguous_code`).
-- Customer codes, loan account numbers, point and office codes and citizen
-- ids stay unique in the file: the bank issues them for the whole district
-- or the whole country.
--
-- SQLite cannot drop a column's UNIQUE, so the three tables are made again
-- and their rows copied, ids and all; src/migrate.rs runs migrations with
-- foreign keys off and checks every reference before it commits. The copy
-- is made before the change-log triggers exist, so it is not a change to sync.

CREATE TEMP TABLE staff_was AS SELECT * FROM staff;
CREATE TEMP TABLE savings_group_was AS SELECT * FROM savings_group;
CREATE TEMP TABLE leader_receipt_was AS SELECT * FROM leader_receipt;
DROP TABLE leader_receipt;
DROP TABLE savings_group;
DROP TABLE staff;

-- People who record, approve or supervise.
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('team_leader', 'controller', 'teller', 'loan_officer', 'group_leader', 'supervisor', 'system')),
    -- Salted hash of the PIN used to approve (controller) or sign in (group leader); NULL = none set.
    pin_hash TEXT
) STRICT;
CREATE INDEX staff_code ON staff (code);

-- Tổ TK&VV.
CREATE TABLE savings_group (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES association (id),
    -- Unique at the group's point (savings_group_code_* below).
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    village TEXT NOT NULL,
    leader_member_id TEXT,
    leader_staff_id TEXT REFERENCES staff (id),
    founded_on TEXT NOT NULL
) STRICT;
CREATE INDEX savings_group_code ON savings_group (code);
CREATE INDEX savings_group_association ON savings_group (association_id);

CREATE TABLE leader_receipt (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES savings_group (id),
    member_id TEXT NOT NULL REFERENCES member (id),
    -- Printed on the receipt: group code / year / sequence in the group's year.
    receipt_no TEXT NOT NULL,
    received_on TEXT NOT NULL,
    interest INTEGER NOT NULL CHECK (interest >= 0),
    savings_deposit INTEGER NOT NULL CHECK (savings_deposit >= 0),
    recorded_by TEXT NOT NULL REFERENCES staff (id),
    device_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CHECK (interest + savings_deposit > 0),
    UNIQUE (group_id, receipt_no)
) STRICT;
CREATE INDEX leader_receipt_group ON leader_receipt (group_id, received_on);

INSERT INTO staff (id, code, full_name, role, pin_hash)
    SELECT id, code, full_name, role, pin_hash FROM staff_was;
INSERT INTO savings_group (id, association_id, code, name, village, leader_member_id, leader_staff_id, founded_on)
    SELECT id, association_id, code, name, village, leader_member_id, leader_staff_id, founded_on FROM savings_group_was;
INSERT INTO leader_receipt (id, group_id, member_id, receipt_no, received_on, interest, savings_deposit, recorded_by, device_id, recorded_at)
    SELECT id, group_id, member_id, receipt_no, received_on, interest, savings_deposit, recorded_by, device_id, recorded_at FROM leader_receipt_was;
DROP TABLE temp.staff_was;
DROP TABLE temp.savings_group_was;
DROP TABLE temp.leader_receipt_was;

-- Two groups of one point never share a code (another point's «T01» is another group).
CREATE TRIGGER savings_group_code_insert BEFORE INSERT ON savings_group
WHEN EXISTS (
    SELECT 1 FROM savings_group g JOIN association a ON a.id = g.association_id
    WHERE g.code = NEW.code
      AND a.point_id = (SELECT point_id FROM association WHERE id = NEW.association_id)
)
BEGIN SELECT RAISE(ABORT, 'phien: a group of this point already has this code'); END;
CREATE TRIGGER savings_group_code_update BEFORE UPDATE OF code, association_id ON savings_group
WHEN EXISTS (
    SELECT 1 FROM savings_group g JOIN association a ON a.id = g.association_id
    WHERE g.code = NEW.code AND g.id <> NEW.id
      AND a.point_id = (SELECT point_id FROM association WHERE id = NEW.association_id)
)
BEGIN SELECT RAISE(ABORT, 'phien: a group of this point already has this code'); END;

CREATE TRIGGER leader_receipt_no_update BEFORE UPDATE ON leader_receipt
BEGIN SELECT RAISE(ABORT, 'phien: receipts are append-only; cancel one and write another'); END;

-- Change log: generated by gen_triggers.py from the tables above.
CREATE TRIGGER staff_log_insert AFTER INSERT ON staff
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'staff', NEW.id, 'insert', json_object('id', NEW.id, 'code', NEW.code, 'full_name', NEW.full_name, 'role', NEW.role, 'pin_hash', NEW.pin_hash), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;
CREATE TRIGGER staff_log_update AFTER UPDATE ON staff
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'staff', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'code', NEW.code, 'full_name', NEW.full_name, 'role', NEW.role, 'pin_hash', NEW.pin_hash), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.full_name IS NEW.full_name THEN '$.full_name' ELSE '$.__changed' END, CASE WHEN OLD.role IS NEW.role THEN '$.role' ELSE '$.__changed' END, CASE WHEN OLD.pin_hash IS NEW.pin_hash THEN '$.pin_hash' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'code', OLD.code, 'full_name', OLD.full_name, 'role', OLD.role, 'pin_hash', OLD.pin_hash), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.full_name IS NEW.full_name THEN '$.full_name' ELSE '$.__changed' END, CASE WHEN OLD.role IS NEW.role THEN '$.role' ELSE '$.__changed' END, CASE WHEN OLD.pin_hash IS NEW.pin_hash THEN '$.pin_hash' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.code IS NOT NEW.code OR OLD.full_name IS NOT NEW.full_name OR OLD.role IS NOT NEW.role OR OLD.pin_hash IS NOT NEW.pin_hash);
END;
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;
CREATE TRIGGER savings_group_log_insert AFTER INSERT ON savings_group
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'savings_group', NEW.id, 'insert', json_object('id', NEW.id, 'association_id', NEW.association_id, 'code', NEW.code, 'name', NEW.name, 'village', NEW.village, 'leader_member_id', NEW.leader_member_id, 'leader_staff_id', NEW.leader_staff_id, 'founded_on', NEW.founded_on), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;
CREATE TRIGGER savings_group_log_update AFTER UPDATE ON savings_group
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'savings_group', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'association_id', NEW.association_id, 'code', NEW.code, 'name', NEW.name, 'village', NEW.village, 'leader_member_id', NEW.leader_member_id, 'leader_staff_id', NEW.leader_staff_id, 'founded_on', NEW.founded_on), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.association_id IS NEW.association_id THEN '$.association_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.village IS NEW.village THEN '$.village' ELSE '$.__changed' END, CASE WHEN OLD.leader_member_id IS NEW.leader_member_id THEN '$.leader_member_id' ELSE '$.__changed' END, CASE WHEN OLD.leader_staff_id IS NEW.leader_staff_id THEN '$.leader_staff_id' ELSE '$.__changed' END, CASE WHEN OLD.founded_on IS NEW.founded_on THEN '$.founded_on' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'association_id', OLD.association_id, 'code', OLD.code, 'name', OLD.name, 'village', OLD.village, 'leader_member_id', OLD.leader_member_id, 'leader_staff_id', OLD.leader_staff_id, 'founded_on', OLD.founded_on), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.association_id IS NEW.association_id THEN '$.association_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.village IS NEW.village THEN '$.village' ELSE '$.__changed' END, CASE WHEN OLD.leader_member_id IS NEW.leader_member_id THEN '$.leader_member_id' ELSE '$.__changed' END, CASE WHEN OLD.leader_staff_id IS NEW.leader_staff_id THEN '$.leader_staff_id' ELSE '$.__changed' END, CASE WHEN OLD.founded_on IS NEW.founded_on THEN '$.founded_on' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.association_id IS NOT NEW.association_id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.village IS NOT NEW.village OR OLD.leader_member_id IS NOT NEW.leader_member_id OR OLD.leader_staff_id IS NOT NEW.leader_staff_id OR OLD.founded_on IS NOT NEW.founded_on);
END;
CREATE TRIGGER savings_group_no_delete BEFORE DELETE ON savings_group
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;
CREATE TRIGGER leader_receipt_log_insert AFTER INSERT ON leader_receipt
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'member_id', NEW.member_id, 'receipt_no', NEW.receipt_no, 'received_on', NEW.received_on, 'interest', NEW.interest, 'savings_deposit', NEW.savings_deposit, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;
CREATE TRIGGER leader_receipt_log_update AFTER UPDATE ON leader_receipt
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'group_id', NEW.group_id, 'member_id', NEW.member_id, 'receipt_no', NEW.receipt_no, 'received_on', NEW.received_on, 'interest', NEW.interest, 'savings_deposit', NEW.savings_deposit, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.receipt_no IS NEW.receipt_no THEN '$.receipt_no' ELSE '$.__changed' END, CASE WHEN OLD.received_on IS NEW.received_on THEN '$.received_on' ELSE '$.__changed' END, CASE WHEN OLD.interest IS NEW.interest THEN '$.interest' ELSE '$.__changed' END, CASE WHEN OLD.savings_deposit IS NEW.savings_deposit THEN '$.savings_deposit' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END, CASE WHEN OLD.device_id IS NEW.device_id THEN '$.device_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_at IS NEW.recorded_at THEN '$.recorded_at' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'group_id', OLD.group_id, 'member_id', OLD.member_id, 'receipt_no', OLD.receipt_no, 'received_on', OLD.received_on, 'interest', OLD.interest, 'savings_deposit', OLD.savings_deposit, 'recorded_by', OLD.recorded_by, 'device_id', OLD.device_id, 'recorded_at', OLD.recorded_at), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.receipt_no IS NEW.receipt_no THEN '$.receipt_no' ELSE '$.__changed' END, CASE WHEN OLD.received_on IS NEW.received_on THEN '$.received_on' ELSE '$.__changed' END, CASE WHEN OLD.interest IS NEW.interest THEN '$.interest' ELSE '$.__changed' END, CASE WHEN OLD.savings_deposit IS NEW.savings_deposit THEN '$.savings_deposit' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END, CASE WHEN OLD.device_id IS NEW.device_id THEN '$.device_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_at IS NEW.recorded_at THEN '$.recorded_at' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.group_id IS NOT NEW.group_id OR OLD.member_id IS NOT NEW.member_id OR OLD.receipt_no IS NOT NEW.receipt_no OR OLD.received_on IS NOT NEW.received_on OR OLD.interest IS NOT NEW.interest OR OLD.savings_deposit IS NOT NEW.savings_deposit OR OLD.recorded_by IS NOT NEW.recorded_by OR OLD.device_id IS NOT NEW.device_id OR OLD.recorded_at IS NOT NEW.recorded_at);
END;
CREATE TRIGGER leader_receipt_no_delete BEFORE DELETE ON leader_receipt
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;
