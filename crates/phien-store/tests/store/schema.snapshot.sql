-- index change_log_updates
CREATE INDEX change_log_updates ON change_log (entity, entity_id) WHERE op = 'update';

-- index handover_session
CREATE INDEX handover_session ON handover (session_id);

-- index leader_receipt_group
CREATE INDEX leader_receipt_group ON leader_receipt (group_id, received_on);

-- index leader_receipt_settlement_handover
CREATE INDEX leader_receipt_settlement_handover ON leader_receipt_settlement (handover_id);

-- index ledger_loan
CREATE INDEX ledger_loan ON ledger_entry (loan_id, value_date, kind, amount, id) WHERE loan_id IS NOT NULL;

-- index ledger_member
CREATE INDEX ledger_member ON ledger_entry (member_id, value_date);

-- index ledger_reverses
CREATE UNIQUE INDEX ledger_reverses ON ledger_entry (reverses_id) WHERE reverses_id IS NOT NULL;

-- index ledger_savings
CREATE INDEX ledger_savings ON ledger_entry (member_id, kind, value_date, amount, id)
    WHERE kind IN ('savings_deposit', 'savings_brought_forward', 'savings_withdrawal', 'interest_from_savings');

-- index ledger_session
CREATE INDEX ledger_session ON ledger_entry (session_id) WHERE session_id IS NOT NULL;

-- index loan_member
CREATE INDEX loan_member ON loan (member_id);

-- index meeting_group
CREATE INDEX meeting_group ON meeting (group_id, held_on);

-- index member_citizen_id
CREATE UNIQUE INDEX member_citizen_id ON member (citizen_id) WHERE citizen_id IS NOT NULL;

-- index member_group
CREATE INDEX member_group ON member (group_id);

-- index member_name_folded
CREATE INDEX member_name_folded ON member (name_folded);

-- index risk_loan
CREATE INDEX risk_loan ON risk_decision (loan_id);

-- index savings_group_association
CREATE INDEX savings_group_association ON savings_group (association_id);

-- index savings_group_code
CREATE INDEX savings_group_code ON savings_group (code);

-- index session_point_date
CREATE UNIQUE INDEX session_point_date ON session (point_id, date);

-- index staff_code
CREATE INDEX staff_code ON staff (code);

-- index status_member
CREATE INDEX status_member ON status_event (member_id, learned_on);

-- index trace_event
CREATE INDEX trace_event ON trace_log (event_id);

-- table association
CREATE TABLE association (
    id TEXT PRIMARY KEY,
    point_id TEXT NOT NULL REFERENCES point (id),
    kind TEXT NOT NULL CHECK (kind IN ('HND', 'HPN', 'CCB', 'DTN')),
    UNIQUE (point_id, kind)
) STRICT;

-- table audit_event
CREATE TABLE audit_event (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
) STRICT;

-- table change_log
CREATE TABLE change_log (
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    audit_id TEXT NOT NULL REFERENCES audit_event (id),
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update')),
    row_json TEXT NOT NULL, hlc TEXT,
    PRIMARY KEY (device_id, seq)
) STRICT;

-- table device
CREATE TABLE device (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- table fee_rate
CREATE TABLE fee_rate (
    kind TEXT NOT NULL CHECK (kind IN ('association_fee', 'group_commission')),
    -- 'YYYY-MM-01'.
    effective_from TEXT NOT NULL,
    monthly_rate TEXT NOT NULL,
    PRIMARY KEY (kind, effective_from)
) STRICT;

-- table handover
CREATE TABLE handover (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES session (id),
    group_id TEXT NOT NULL REFERENCES savings_group (id),
    expected INTEGER NOT NULL,
    handed_over INTEGER NOT NULL CHECK (handed_over >= 0),
    note TEXT,
    received_by TEXT NOT NULL REFERENCES staff (id),
    at TEXT NOT NULL
) STRICT;

-- table installment
CREATE TABLE installment (
    loan_id TEXT NOT NULL REFERENCES loan (id),
    seq INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (loan_id, seq)
) STRICT;

-- table leader_receipt
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

-- table leader_receipt_settlement
CREATE TABLE leader_receipt_settlement (
    receipt_id TEXT PRIMARY KEY REFERENCES leader_receipt (id),
    handover_id TEXT NOT NULL REFERENCES handover (id)
) STRICT;

-- table leader_receipt_void
CREATE TABLE leader_receipt_void (
    receipt_id TEXT PRIMARY KEY REFERENCES leader_receipt (id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    voided_by TEXT NOT NULL REFERENCES staff (id),
    at TEXT NOT NULL
) STRICT;

-- table ledger_entry
CREATE TABLE ledger_entry (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('disbursement', 'principal_repayment', 'interest_payment', 'savings_deposit',
        'savings_withdrawal', 'interest_from_savings', 'principal_write_off', 'interest_write_off',
        'principal_brought_forward', 'interest_brought_forward', 'savings_brought_forward', 'reversal')),
    member_id TEXT NOT NULL REFERENCES member (id),
    loan_id TEXT REFERENCES loan (id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    value_date TEXT NOT NULL,
    session_id TEXT REFERENCES session (id),
    recorded_by TEXT NOT NULL REFERENCES staff (id),
    device_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    receipt_no TEXT,
    reverses_id TEXT REFERENCES ledger_entry (id),
    reason TEXT,
    approved_by TEXT REFERENCES staff (id),
    CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
    CHECK (kind <> 'reversal' OR (length(trim(reason)) > 0 AND approved_by IS NOT NULL AND approved_by <> recorded_by))
) STRICT;

-- table loan
CREATE TABLE loan (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES member (id),
    account_no TEXT NOT NULL UNIQUE,
    program_code TEXT NOT NULL REFERENCES program (code),
    funding_source TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    disbursed_on TEXT NOT NULL,
    term_months INTEGER NOT NULL CHECK (term_months > 0),
    purpose TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('entrusted', 'direct')),
    last_activity_before_import TEXT
) STRICT;

-- table meeting
CREATE TABLE meeting (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES savings_group (id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('monthly', 'loan_review', 'election', 'other')),
    agenda TEXT NOT NULL,
    minutes TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff (id)
) STRICT;

-- table meeting_attendance
CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meeting (id),
    member_id TEXT NOT NULL REFERENCES member (id),
    presence TEXT NOT NULL CHECK (presence IN ('present', 'absent', 'represented')),
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

-- table meeting_decision
CREATE TABLE meeting_decision (
    meeting_id TEXT NOT NULL REFERENCES meeting (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (meeting_id, seq)
) STRICT;

-- table member
CREATE TABLE member (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES savings_group (id),
    customer_code TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    -- Lower case, diacritics folded: "nguyen van an" finds "Nguyễn Văn An".
    name_folded TEXT NOT NULL,
    citizen_id TEXT CHECK (citizen_id IS NULL OR (length(citizen_id) = 12 AND citizen_id NOT GLOB '*[^0-9]*')),
    birth_year INTEGER,
    gender TEXT CHECK (gender IN ('male', 'female')),
    village TEXT NOT NULL,
    phone TEXT,
    category TEXT NOT NULL,
    joined_on TEXT NOT NULL
) STRICT;

-- table office
CREATE TABLE office (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
) STRICT;

-- table point
CREATE TABLE point (
    id TEXT PRIMARY KEY,
    office_id TEXT NOT NULL REFERENCES office (id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    fixed_day INTEGER NOT NULL CHECK (fixed_day BETWEEN 1 AND 31),
    address TEXT NOT NULL
) STRICT;

-- table point_commune
CREATE TABLE point_commune (
    point_id TEXT NOT NULL REFERENCES point (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    is_pre_2025 INTEGER NOT NULL CHECK (is_pre_2025 IN (0, 1)),
    PRIMARY KEY (point_id, code)
) STRICT;

-- table policy_setting
CREATE TABLE policy_setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- table program
CREATE TABLE program (
    code TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    is_student INTEGER NOT NULL CHECK (is_student IN (0, 1)),
    installment_every_months INTEGER NOT NULL CHECK (installment_every_months > 0)
) STRICT;

-- table program_rate
CREATE TABLE program_rate (
    program_code TEXT NOT NULL REFERENCES program (code),
    effective_from TEXT NOT NULL,
    annual_rate TEXT NOT NULL,
    PRIMARY KEY (program_code, effective_from)
) STRICT;

-- table rating_scheme
CREATE TABLE rating_scheme (
    -- 'YYYY-MM-01': the first month this version rates.
    effective_from TEXT PRIMARY KEY,
    scheme TEXT NOT NULL
) STRICT;

-- table risk_decision
CREATE TABLE risk_decision (
    id TEXT PRIMARY KEY,
    loan_id TEXT NOT NULL REFERENCES loan (id),
    decision_no TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('extension', 'freeze', 'write_off')),
    -- Extension.
    new_due_on TEXT,
    installment_seq INTEGER,
    -- Freeze.
    frozen_from TEXT,
    frozen_until TEXT,
    -- Write-off.
    principal INTEGER,
    interest INTEGER,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff (id)
) STRICT;

-- table savings_group
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

-- table session
CREATE TABLE session (
    id TEXT PRIMARY KEY,
    point_id TEXT NOT NULL REFERENCES point (id),
    date TEXT NOT NULL,
    team_leader_id TEXT NOT NULL REFERENCES staff (id),
    controller_id TEXT NOT NULL REFERENCES staff (id),
    teller_id TEXT NOT NULL REFERENCES staff (id),
    opened_at TEXT NOT NULL,
    -- Cash the team brought from the district office (tạm ứng tiền mặt), mostly
    -- for the day's disbursements; the close counts it back.
    opening_cash INTEGER NOT NULL DEFAULT 0 CHECK (opening_cash >= 0),
    closed_at TEXT,
    closed_by TEXT REFERENCES staff (id),
    -- JSON array of [face value, count] pairs.
    cash_count TEXT,
    expected_cash INTEGER,
    cash_difference INTEGER,
    difference_note TEXT
) STRICT;

-- table staff
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('team_leader', 'controller', 'teller', 'loan_officer', 'group_leader', 'supervisor', 'system')),
    -- Salted hash of the PIN used to approve (controller) or sign in (group leader); NULL = none set.
    pin_hash TEXT
) STRICT;

-- table status_event
CREATE TABLE status_event (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES member (id),
    kind TEXT NOT NULL CHECK (kind IN ('moved_away', 'returned', 'deceased', 'missing')),
    learned_on TEXT NOT NULL,
    destination TEXT,
    source TEXT NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL REFERENCES staff (id)
) STRICT;

-- table sync_clock
CREATE TABLE sync_clock (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    last TEXT
) STRICT;

-- table sync_link
CREATE TABLE sync_link (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    server_url TEXT NOT NULL,
    -- The device secret the server issued at enrolment (sent as a bearer token).
    credential TEXT NOT NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('point', 'group_leader', 'supervisor')),
    office_id TEXT NOT NULL,
    point_id TEXT,
    group_id TEXT,
    enrolled_at TEXT NOT NULL,
    -- Own change-log rows up to this seq are acknowledged by the server.
    pushed_seq INTEGER NOT NULL DEFAULT 0,
    -- The server's cursor: changes of other devices applied up to here.
    pull_cursor INTEGER NOT NULL DEFAULT 0,
    last_sync_at TEXT,
    last_error TEXT
, bundle_secret TEXT, server_key TEXT) STRICT;

-- table sync_quarantine
CREATE TABLE sync_quarantine (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
    origin_device TEXT NOT NULL,
    origin_seq INTEGER NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (direction, origin_device, origin_seq)
) STRICT;

-- table trace_log
CREATE TABLE trace_log (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES status_event (id),
    agency TEXT NOT NULL CHECK (agency IN ('police', 'social_insurance', 'tax', 'other')),
    asked_on TEXT NOT NULL,
    answer TEXT,
    answered_on TEXT,
    recorded_by TEXT NOT NULL REFERENCES staff (id)
) STRICT;

-- table write_context
CREATE TABLE write_context (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    audit_id TEXT,
    device_id TEXT,
    actor_id TEXT,
    at TEXT
, hlc TEXT, remote INTEGER NOT NULL DEFAULT 0 CHECK (remote IN (0, 1))) STRICT;

-- trigger association_log_insert
CREATE TRIGGER association_log_insert AFTER INSERT ON association
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'association', NEW.id, 'insert', json_object('id', NEW.id, 'point_id', NEW.point_id, 'kind', NEW.kind), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger association_log_update
CREATE TRIGGER association_log_update AFTER UPDATE ON association
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'association', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'point_id', NEW.point_id, 'kind', NEW.kind), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.point_id IS NEW.point_id THEN '$.point_id' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'point_id', OLD.point_id, 'kind', OLD.kind), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.point_id IS NEW.point_id THEN '$.point_id' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.point_id IS NOT NEW.point_id OR OLD.kind IS NOT NEW.kind);
END;

-- trigger association_no_delete
CREATE TRIGGER association_no_delete BEFORE DELETE ON association
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger audit_event_no_delete
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'phien: the audit trail is append-only'); END;

-- trigger audit_event_no_update
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'phien: the audit trail is append-only'); END;

-- trigger change_log_no_delete
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'phien: the change log is append-only'); END;

-- trigger change_log_no_update
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'phien: the change log is append-only'); END;

-- trigger fee_rate_log_insert
CREATE TRIGGER fee_rate_log_insert AFTER INSERT ON fee_rate
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'fee_rate', NEW.kind || '/' || NEW.effective_from, 'insert', json_object('kind', NEW.kind, 'effective_from', NEW.effective_from, 'monthly_rate', NEW.monthly_rate), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger fee_rate_log_update
CREATE TRIGGER fee_rate_log_update AFTER UPDATE ON fee_rate
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'fee_rate', NEW.kind || '/' || NEW.effective_from, 'update',
        json_object('key', json_array(NEW.kind, NEW.effective_from), 'set', json_remove(json_object('kind', NEW.kind, 'effective_from', NEW.effective_from, 'monthly_rate', NEW.monthly_rate), CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.effective_from IS NEW.effective_from THEN '$.effective_from' ELSE '$.__changed' END, CASE WHEN OLD.monthly_rate IS NEW.monthly_rate THEN '$.monthly_rate' ELSE '$.__changed' END),
            'was', json_remove(json_object('kind', OLD.kind, 'effective_from', OLD.effective_from, 'monthly_rate', OLD.monthly_rate), CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.effective_from IS NEW.effective_from THEN '$.effective_from' ELSE '$.__changed' END, CASE WHEN OLD.monthly_rate IS NEW.monthly_rate THEN '$.monthly_rate' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.kind IS NOT NEW.kind OR OLD.effective_from IS NOT NEW.effective_from OR OLD.monthly_rate IS NOT NEW.monthly_rate);
END;

-- trigger fee_rate_no_delete
CREATE TRIGGER fee_rate_no_delete BEFORE DELETE ON fee_rate
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger handover_log_insert
CREATE TRIGGER handover_log_insert AFTER INSERT ON handover
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'handover', NEW.id, 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'group_id', NEW.group_id, 'expected', NEW.expected, 'handed_over', NEW.handed_over, 'note', NEW.note, 'received_by', NEW.received_by, 'at', NEW.at), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger handover_log_update
CREATE TRIGGER handover_log_update AFTER UPDATE ON handover
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'handover', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'session_id', NEW.session_id, 'group_id', NEW.group_id, 'expected', NEW.expected, 'handed_over', NEW.handed_over, 'note', NEW.note, 'received_by', NEW.received_by, 'at', NEW.at), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.session_id IS NEW.session_id THEN '$.session_id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.expected IS NEW.expected THEN '$.expected' ELSE '$.__changed' END, CASE WHEN OLD.handed_over IS NEW.handed_over THEN '$.handed_over' ELSE '$.__changed' END, CASE WHEN OLD.note IS NEW.note THEN '$.note' ELSE '$.__changed' END, CASE WHEN OLD.received_by IS NEW.received_by THEN '$.received_by' ELSE '$.__changed' END, CASE WHEN OLD.at IS NEW.at THEN '$.at' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'session_id', OLD.session_id, 'group_id', OLD.group_id, 'expected', OLD.expected, 'handed_over', OLD.handed_over, 'note', OLD.note, 'received_by', OLD.received_by, 'at', OLD.at), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.session_id IS NEW.session_id THEN '$.session_id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.expected IS NEW.expected THEN '$.expected' ELSE '$.__changed' END, CASE WHEN OLD.handed_over IS NEW.handed_over THEN '$.handed_over' ELSE '$.__changed' END, CASE WHEN OLD.note IS NEW.note THEN '$.note' ELSE '$.__changed' END, CASE WHEN OLD.received_by IS NEW.received_by THEN '$.received_by' ELSE '$.__changed' END, CASE WHEN OLD.at IS NEW.at THEN '$.at' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.session_id IS NOT NEW.session_id OR OLD.group_id IS NOT NEW.group_id OR OLD.expected IS NOT NEW.expected OR OLD.handed_over IS NOT NEW.handed_over OR OLD.note IS NOT NEW.note OR OLD.received_by IS NOT NEW.received_by OR OLD.at IS NOT NEW.at);
END;

-- trigger handover_no_delete
CREATE TRIGGER handover_no_delete BEFORE DELETE ON handover
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger installment_log_insert
CREATE TRIGGER installment_log_insert AFTER INSERT ON installment
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'installment', NEW.loan_id || '/' || NEW.seq, 'insert', json_object('loan_id', NEW.loan_id, 'seq', NEW.seq, 'due_on', NEW.due_on, 'amount', NEW.amount), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger installment_log_update
CREATE TRIGGER installment_log_update AFTER UPDATE ON installment
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'installment', NEW.loan_id || '/' || NEW.seq, 'update',
        json_object('key', json_array(NEW.loan_id, NEW.seq), 'set', json_remove(json_object('loan_id', NEW.loan_id, 'seq', NEW.seq, 'due_on', NEW.due_on, 'amount', NEW.amount), CASE WHEN OLD.loan_id IS NEW.loan_id THEN '$.loan_id' ELSE '$.__changed' END, CASE WHEN OLD.seq IS NEW.seq THEN '$.seq' ELSE '$.__changed' END, CASE WHEN OLD.due_on IS NEW.due_on THEN '$.due_on' ELSE '$.__changed' END, CASE WHEN OLD.amount IS NEW.amount THEN '$.amount' ELSE '$.__changed' END),
            'was', json_remove(json_object('loan_id', OLD.loan_id, 'seq', OLD.seq, 'due_on', OLD.due_on, 'amount', OLD.amount), CASE WHEN OLD.loan_id IS NEW.loan_id THEN '$.loan_id' ELSE '$.__changed' END, CASE WHEN OLD.seq IS NEW.seq THEN '$.seq' ELSE '$.__changed' END, CASE WHEN OLD.due_on IS NEW.due_on THEN '$.due_on' ELSE '$.__changed' END, CASE WHEN OLD.amount IS NEW.amount THEN '$.amount' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.loan_id IS NOT NEW.loan_id OR OLD.seq IS NOT NEW.seq OR OLD.due_on IS NOT NEW.due_on OR OLD.amount IS NOT NEW.amount);
END;

-- trigger installment_no_delete
CREATE TRIGGER installment_no_delete BEFORE DELETE ON installment
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger leader_receipt_log_insert
CREATE TRIGGER leader_receipt_log_insert AFTER INSERT ON leader_receipt
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'member_id', NEW.member_id, 'receipt_no', NEW.receipt_no, 'received_on', NEW.received_on, 'interest', NEW.interest, 'savings_deposit', NEW.savings_deposit, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger leader_receipt_log_update
CREATE TRIGGER leader_receipt_log_update AFTER UPDATE ON leader_receipt
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'group_id', NEW.group_id, 'member_id', NEW.member_id, 'receipt_no', NEW.receipt_no, 'received_on', NEW.received_on, 'interest', NEW.interest, 'savings_deposit', NEW.savings_deposit, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.receipt_no IS NEW.receipt_no THEN '$.receipt_no' ELSE '$.__changed' END, CASE WHEN OLD.received_on IS NEW.received_on THEN '$.received_on' ELSE '$.__changed' END, CASE WHEN OLD.interest IS NEW.interest THEN '$.interest' ELSE '$.__changed' END, CASE WHEN OLD.savings_deposit IS NEW.savings_deposit THEN '$.savings_deposit' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END, CASE WHEN OLD.device_id IS NEW.device_id THEN '$.device_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_at IS NEW.recorded_at THEN '$.recorded_at' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'group_id', OLD.group_id, 'member_id', OLD.member_id, 'receipt_no', OLD.receipt_no, 'received_on', OLD.received_on, 'interest', OLD.interest, 'savings_deposit', OLD.savings_deposit, 'recorded_by', OLD.recorded_by, 'device_id', OLD.device_id, 'recorded_at', OLD.recorded_at), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.receipt_no IS NEW.receipt_no THEN '$.receipt_no' ELSE '$.__changed' END, CASE WHEN OLD.received_on IS NEW.received_on THEN '$.received_on' ELSE '$.__changed' END, CASE WHEN OLD.interest IS NEW.interest THEN '$.interest' ELSE '$.__changed' END, CASE WHEN OLD.savings_deposit IS NEW.savings_deposit THEN '$.savings_deposit' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END, CASE WHEN OLD.device_id IS NEW.device_id THEN '$.device_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_at IS NEW.recorded_at THEN '$.recorded_at' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.group_id IS NOT NEW.group_id OR OLD.member_id IS NOT NEW.member_id OR OLD.receipt_no IS NOT NEW.receipt_no OR OLD.received_on IS NOT NEW.received_on OR OLD.interest IS NOT NEW.interest OR OLD.savings_deposit IS NOT NEW.savings_deposit OR OLD.recorded_by IS NOT NEW.recorded_by OR OLD.device_id IS NOT NEW.device_id OR OLD.recorded_at IS NOT NEW.recorded_at);
END;

-- trigger leader_receipt_no_delete
CREATE TRIGGER leader_receipt_no_delete BEFORE DELETE ON leader_receipt
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger leader_receipt_no_update
CREATE TRIGGER leader_receipt_no_update BEFORE UPDATE ON leader_receipt
BEGIN SELECT RAISE(ABORT, 'phien: receipts are append-only; cancel one and write another'); END;

-- trigger leader_receipt_settlement_log_insert
CREATE TRIGGER leader_receipt_settlement_log_insert AFTER INSERT ON leader_receipt_settlement
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt_settlement', NEW.receipt_id, 'insert', json_object('receipt_id', NEW.receipt_id, 'handover_id', NEW.handover_id), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger leader_receipt_settlement_log_update
CREATE TRIGGER leader_receipt_settlement_log_update AFTER UPDATE ON leader_receipt_settlement
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt_settlement', NEW.receipt_id, 'update',
        json_object('key', json_array(NEW.receipt_id), 'set', json_remove(json_object('receipt_id', NEW.receipt_id, 'handover_id', NEW.handover_id), CASE WHEN OLD.receipt_id IS NEW.receipt_id THEN '$.receipt_id' ELSE '$.__changed' END, CASE WHEN OLD.handover_id IS NEW.handover_id THEN '$.handover_id' ELSE '$.__changed' END),
            'was', json_remove(json_object('receipt_id', OLD.receipt_id, 'handover_id', OLD.handover_id), CASE WHEN OLD.receipt_id IS NEW.receipt_id THEN '$.receipt_id' ELSE '$.__changed' END, CASE WHEN OLD.handover_id IS NEW.handover_id THEN '$.handover_id' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.receipt_id IS NOT NEW.receipt_id OR OLD.handover_id IS NOT NEW.handover_id);
END;

-- trigger leader_receipt_settlement_no_delete
CREATE TRIGGER leader_receipt_settlement_no_delete BEFORE DELETE ON leader_receipt_settlement
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger leader_receipt_settlement_no_update
CREATE TRIGGER leader_receipt_settlement_no_update BEFORE UPDATE ON leader_receipt_settlement
BEGIN SELECT RAISE(ABORT, 'phien: a settled receipt stays settled'); END;

-- trigger leader_receipt_settlement_not_void
CREATE TRIGGER leader_receipt_settlement_not_void BEFORE INSERT ON leader_receipt_settlement
WHEN EXISTS (SELECT 1 FROM leader_receipt_void WHERE receipt_id = NEW.receipt_id)
BEGIN SELECT RAISE(ABORT, 'phien: receipt was cancelled'); END;

-- trigger leader_receipt_void_log_insert
CREATE TRIGGER leader_receipt_void_log_insert AFTER INSERT ON leader_receipt_void
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt_void', NEW.receipt_id, 'insert', json_object('receipt_id', NEW.receipt_id, 'reason', NEW.reason, 'voided_by', NEW.voided_by, 'at', NEW.at), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger leader_receipt_void_log_update
CREATE TRIGGER leader_receipt_void_log_update AFTER UPDATE ON leader_receipt_void
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'leader_receipt_void', NEW.receipt_id, 'update',
        json_object('key', json_array(NEW.receipt_id), 'set', json_remove(json_object('receipt_id', NEW.receipt_id, 'reason', NEW.reason, 'voided_by', NEW.voided_by, 'at', NEW.at), CASE WHEN OLD.receipt_id IS NEW.receipt_id THEN '$.receipt_id' ELSE '$.__changed' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.__changed' END, CASE WHEN OLD.voided_by IS NEW.voided_by THEN '$.voided_by' ELSE '$.__changed' END, CASE WHEN OLD.at IS NEW.at THEN '$.at' ELSE '$.__changed' END),
            'was', json_remove(json_object('receipt_id', OLD.receipt_id, 'reason', OLD.reason, 'voided_by', OLD.voided_by, 'at', OLD.at), CASE WHEN OLD.receipt_id IS NEW.receipt_id THEN '$.receipt_id' ELSE '$.__changed' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.__changed' END, CASE WHEN OLD.voided_by IS NEW.voided_by THEN '$.voided_by' ELSE '$.__changed' END, CASE WHEN OLD.at IS NEW.at THEN '$.at' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.receipt_id IS NOT NEW.receipt_id OR OLD.reason IS NOT NEW.reason OR OLD.voided_by IS NOT NEW.voided_by OR OLD.at IS NOT NEW.at);
END;

-- trigger leader_receipt_void_no_delete
CREATE TRIGGER leader_receipt_void_no_delete BEFORE DELETE ON leader_receipt_void
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger leader_receipt_void_no_update
CREATE TRIGGER leader_receipt_void_no_update BEFORE UPDATE ON leader_receipt_void
BEGIN SELECT RAISE(ABORT, 'phien: a cancelled receipt stays cancelled'); END;

-- trigger leader_receipt_void_unsettled
CREATE TRIGGER leader_receipt_void_unsettled BEFORE INSERT ON leader_receipt_void
WHEN EXISTS (SELECT 1 FROM leader_receipt_settlement WHERE receipt_id = NEW.receipt_id)
BEGIN SELECT RAISE(ABORT, 'phien: receipt already handed over'); END;

-- trigger ledger_entry_closed_session
CREATE TRIGGER ledger_entry_closed_session BEFORE INSERT ON ledger_entry
WHEN NEW.session_id IS NOT NULL
    AND (SELECT closed_at FROM session WHERE id = NEW.session_id) IS NOT NULL
    AND NOT (NEW.kind = 'reversal' AND NEW.approved_by IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'phien: session is closed'); END;

-- trigger ledger_entry_log_insert
CREATE TRIGGER ledger_entry_log_insert AFTER INSERT ON ledger_entry
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'ledger_entry', NEW.id, 'insert', json_object('id', NEW.id, 'kind', NEW.kind, 'member_id', NEW.member_id, 'loan_id', NEW.loan_id, 'amount', NEW.amount, 'value_date', NEW.value_date, 'session_id', NEW.session_id, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at, 'receipt_no', NEW.receipt_no, 'reverses_id', NEW.reverses_id, 'reason', NEW.reason, 'approved_by', NEW.approved_by), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger ledger_entry_log_update
CREATE TRIGGER ledger_entry_log_update AFTER UPDATE ON ledger_entry
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'ledger_entry', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'kind', NEW.kind, 'member_id', NEW.member_id, 'loan_id', NEW.loan_id, 'amount', NEW.amount, 'value_date', NEW.value_date, 'session_id', NEW.session_id, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at, 'receipt_no', NEW.receipt_no, 'reverses_id', NEW.reverses_id, 'reason', NEW.reason, 'approved_by', NEW.approved_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.loan_id IS NEW.loan_id THEN '$.loan_id' ELSE '$.__changed' END, CASE WHEN OLD.amount IS NEW.amount THEN '$.amount' ELSE '$.__changed' END, CASE WHEN OLD.value_date IS NEW.value_date THEN '$.value_date' ELSE '$.__changed' END, CASE WHEN OLD.session_id IS NEW.session_id THEN '$.session_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END, CASE WHEN OLD.device_id IS NEW.device_id THEN '$.device_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_at IS NEW.recorded_at THEN '$.recorded_at' ELSE '$.__changed' END, CASE WHEN OLD.receipt_no IS NEW.receipt_no THEN '$.receipt_no' ELSE '$.__changed' END, CASE WHEN OLD.reverses_id IS NEW.reverses_id THEN '$.reverses_id' ELSE '$.__changed' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.__changed' END, CASE WHEN OLD.approved_by IS NEW.approved_by THEN '$.approved_by' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'kind', OLD.kind, 'member_id', OLD.member_id, 'loan_id', OLD.loan_id, 'amount', OLD.amount, 'value_date', OLD.value_date, 'session_id', OLD.session_id, 'recorded_by', OLD.recorded_by, 'device_id', OLD.device_id, 'recorded_at', OLD.recorded_at, 'receipt_no', OLD.receipt_no, 'reverses_id', OLD.reverses_id, 'reason', OLD.reason, 'approved_by', OLD.approved_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.loan_id IS NEW.loan_id THEN '$.loan_id' ELSE '$.__changed' END, CASE WHEN OLD.amount IS NEW.amount THEN '$.amount' ELSE '$.__changed' END, CASE WHEN OLD.value_date IS NEW.value_date THEN '$.value_date' ELSE '$.__changed' END, CASE WHEN OLD.session_id IS NEW.session_id THEN '$.session_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END, CASE WHEN OLD.device_id IS NEW.device_id THEN '$.device_id' ELSE '$.__changed' END, CASE WHEN OLD.recorded_at IS NEW.recorded_at THEN '$.recorded_at' ELSE '$.__changed' END, CASE WHEN OLD.receipt_no IS NEW.receipt_no THEN '$.receipt_no' ELSE '$.__changed' END, CASE WHEN OLD.reverses_id IS NEW.reverses_id THEN '$.reverses_id' ELSE '$.__changed' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.__changed' END, CASE WHEN OLD.approved_by IS NEW.approved_by THEN '$.approved_by' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.kind IS NOT NEW.kind OR OLD.member_id IS NOT NEW.member_id OR OLD.loan_id IS NOT NEW.loan_id OR OLD.amount IS NOT NEW.amount OR OLD.value_date IS NOT NEW.value_date OR OLD.session_id IS NOT NEW.session_id OR OLD.recorded_by IS NOT NEW.recorded_by OR OLD.device_id IS NOT NEW.device_id OR OLD.recorded_at IS NOT NEW.recorded_at OR OLD.receipt_no IS NOT NEW.receipt_no OR OLD.reverses_id IS NOT NEW.reverses_id OR OLD.reason IS NOT NEW.reason OR OLD.approved_by IS NOT NEW.approved_by);
END;

-- trigger ledger_entry_no_delete
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'phien: ledger entries are append-only; record a reversal instead'); END;

-- trigger ledger_entry_no_update
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'phien: ledger entries are append-only; record a reversal instead'); END;

-- trigger loan_log_insert
CREATE TRIGGER loan_log_insert AFTER INSERT ON loan
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'loan', NEW.id, 'insert', json_object('id', NEW.id, 'member_id', NEW.member_id, 'account_no', NEW.account_no, 'program_code', NEW.program_code, 'funding_source', NEW.funding_source, 'amount', NEW.amount, 'disbursed_on', NEW.disbursed_on, 'term_months', NEW.term_months, 'purpose', NEW.purpose, 'method', NEW.method, 'last_activity_before_import', NEW.last_activity_before_import), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger loan_log_update
CREATE TRIGGER loan_log_update AFTER UPDATE ON loan
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'loan', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'member_id', NEW.member_id, 'account_no', NEW.account_no, 'program_code', NEW.program_code, 'funding_source', NEW.funding_source, 'amount', NEW.amount, 'disbursed_on', NEW.disbursed_on, 'term_months', NEW.term_months, 'purpose', NEW.purpose, 'method', NEW.method, 'last_activity_before_import', NEW.last_activity_before_import), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.account_no IS NEW.account_no THEN '$.account_no' ELSE '$.__changed' END, CASE WHEN OLD.program_code IS NEW.program_code THEN '$.program_code' ELSE '$.__changed' END, CASE WHEN OLD.funding_source IS NEW.funding_source THEN '$.funding_source' ELSE '$.__changed' END, CASE WHEN OLD.amount IS NEW.amount THEN '$.amount' ELSE '$.__changed' END, CASE WHEN OLD.disbursed_on IS NEW.disbursed_on THEN '$.disbursed_on' ELSE '$.__changed' END, CASE WHEN OLD.term_months IS NEW.term_months THEN '$.term_months' ELSE '$.__changed' END, CASE WHEN OLD.purpose IS NEW.purpose THEN '$.purpose' ELSE '$.__changed' END, CASE WHEN OLD.method IS NEW.method THEN '$.method' ELSE '$.__changed' END, CASE WHEN OLD.last_activity_before_import IS NEW.last_activity_before_import THEN '$.last_activity_before_import' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'member_id', OLD.member_id, 'account_no', OLD.account_no, 'program_code', OLD.program_code, 'funding_source', OLD.funding_source, 'amount', OLD.amount, 'disbursed_on', OLD.disbursed_on, 'term_months', OLD.term_months, 'purpose', OLD.purpose, 'method', OLD.method, 'last_activity_before_import', OLD.last_activity_before_import), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.account_no IS NEW.account_no THEN '$.account_no' ELSE '$.__changed' END, CASE WHEN OLD.program_code IS NEW.program_code THEN '$.program_code' ELSE '$.__changed' END, CASE WHEN OLD.funding_source IS NEW.funding_source THEN '$.funding_source' ELSE '$.__changed' END, CASE WHEN OLD.amount IS NEW.amount THEN '$.amount' ELSE '$.__changed' END, CASE WHEN OLD.disbursed_on IS NEW.disbursed_on THEN '$.disbursed_on' ELSE '$.__changed' END, CASE WHEN OLD.term_months IS NEW.term_months THEN '$.term_months' ELSE '$.__changed' END, CASE WHEN OLD.purpose IS NEW.purpose THEN '$.purpose' ELSE '$.__changed' END, CASE WHEN OLD.method IS NEW.method THEN '$.method' ELSE '$.__changed' END, CASE WHEN OLD.last_activity_before_import IS NEW.last_activity_before_import THEN '$.last_activity_before_import' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.member_id IS NOT NEW.member_id OR OLD.account_no IS NOT NEW.account_no OR OLD.program_code IS NOT NEW.program_code OR OLD.funding_source IS NOT NEW.funding_source OR OLD.amount IS NOT NEW.amount OR OLD.disbursed_on IS NOT NEW.disbursed_on OR OLD.term_months IS NOT NEW.term_months OR OLD.purpose IS NOT NEW.purpose OR OLD.method IS NOT NEW.method OR OLD.last_activity_before_import IS NOT NEW.last_activity_before_import);
END;

-- trigger loan_no_delete
CREATE TRIGGER loan_no_delete BEFORE DELETE ON loan
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger meeting_attendance_log_insert
CREATE TRIGGER meeting_attendance_log_insert AFTER INSERT ON meeting_attendance
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'meeting_attendance', NEW.meeting_id || '/' || NEW.member_id, 'insert', json_object('meeting_id', NEW.meeting_id, 'member_id', NEW.member_id, 'presence', NEW.presence), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger meeting_attendance_log_update
CREATE TRIGGER meeting_attendance_log_update AFTER UPDATE ON meeting_attendance
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'meeting_attendance', NEW.meeting_id || '/' || NEW.member_id, 'update',
        json_object('key', json_array(NEW.meeting_id, NEW.member_id), 'set', json_remove(json_object('meeting_id', NEW.meeting_id, 'member_id', NEW.member_id, 'presence', NEW.presence), CASE WHEN OLD.meeting_id IS NEW.meeting_id THEN '$.meeting_id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.presence IS NEW.presence THEN '$.presence' ELSE '$.__changed' END),
            'was', json_remove(json_object('meeting_id', OLD.meeting_id, 'member_id', OLD.member_id, 'presence', OLD.presence), CASE WHEN OLD.meeting_id IS NEW.meeting_id THEN '$.meeting_id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.presence IS NEW.presence THEN '$.presence' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.meeting_id IS NOT NEW.meeting_id OR OLD.member_id IS NOT NEW.member_id OR OLD.presence IS NOT NEW.presence);
END;

-- trigger meeting_attendance_no_delete
CREATE TRIGGER meeting_attendance_no_delete BEFORE DELETE ON meeting_attendance
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger meeting_decision_log_insert
CREATE TRIGGER meeting_decision_log_insert AFTER INSERT ON meeting_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'meeting_decision', NEW.meeting_id || '/' || NEW.seq, 'insert', json_object('meeting_id', NEW.meeting_id, 'seq', NEW.seq, 'kind', NEW.kind, 'body', NEW.body), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger meeting_decision_log_update
CREATE TRIGGER meeting_decision_log_update AFTER UPDATE ON meeting_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'meeting_decision', NEW.meeting_id || '/' || NEW.seq, 'update',
        json_object('key', json_array(NEW.meeting_id, NEW.seq), 'set', json_remove(json_object('meeting_id', NEW.meeting_id, 'seq', NEW.seq, 'kind', NEW.kind, 'body', NEW.body), CASE WHEN OLD.meeting_id IS NEW.meeting_id THEN '$.meeting_id' ELSE '$.__changed' END, CASE WHEN OLD.seq IS NEW.seq THEN '$.seq' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.body IS NEW.body THEN '$.body' ELSE '$.__changed' END),
            'was', json_remove(json_object('meeting_id', OLD.meeting_id, 'seq', OLD.seq, 'kind', OLD.kind, 'body', OLD.body), CASE WHEN OLD.meeting_id IS NEW.meeting_id THEN '$.meeting_id' ELSE '$.__changed' END, CASE WHEN OLD.seq IS NEW.seq THEN '$.seq' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.body IS NEW.body THEN '$.body' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.meeting_id IS NOT NEW.meeting_id OR OLD.seq IS NOT NEW.seq OR OLD.kind IS NOT NEW.kind OR OLD.body IS NOT NEW.body);
END;

-- trigger meeting_decision_no_delete
CREATE TRIGGER meeting_decision_no_delete BEFORE DELETE ON meeting_decision
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger meeting_log_insert
CREATE TRIGGER meeting_log_insert AFTER INSERT ON meeting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'meeting', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'held_on', NEW.held_on, 'kind', NEW.kind, 'agenda', NEW.agenda, 'minutes', NEW.minutes, 'recorded_by', NEW.recorded_by), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger meeting_log_update
CREATE TRIGGER meeting_log_update AFTER UPDATE ON meeting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'meeting', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'group_id', NEW.group_id, 'held_on', NEW.held_on, 'kind', NEW.kind, 'agenda', NEW.agenda, 'minutes', NEW.minutes, 'recorded_by', NEW.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.held_on IS NEW.held_on THEN '$.held_on' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.agenda IS NEW.agenda THEN '$.agenda' ELSE '$.__changed' END, CASE WHEN OLD.minutes IS NEW.minutes THEN '$.minutes' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'group_id', OLD.group_id, 'held_on', OLD.held_on, 'kind', OLD.kind, 'agenda', OLD.agenda, 'minutes', OLD.minutes, 'recorded_by', OLD.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.held_on IS NEW.held_on THEN '$.held_on' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.agenda IS NEW.agenda THEN '$.agenda' ELSE '$.__changed' END, CASE WHEN OLD.minutes IS NEW.minutes THEN '$.minutes' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.group_id IS NOT NEW.group_id OR OLD.held_on IS NOT NEW.held_on OR OLD.kind IS NOT NEW.kind OR OLD.agenda IS NOT NEW.agenda OR OLD.minutes IS NOT NEW.minutes OR OLD.recorded_by IS NOT NEW.recorded_by);
END;

-- trigger meeting_no_delete
CREATE TRIGGER meeting_no_delete BEFORE DELETE ON meeting
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger member_log_insert
CREATE TRIGGER member_log_insert AFTER INSERT ON member
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'member', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'customer_code', NEW.customer_code, 'full_name', NEW.full_name, 'name_folded', NEW.name_folded, 'citizen_id', NEW.citizen_id, 'birth_year', NEW.birth_year, 'gender', NEW.gender, 'village', NEW.village, 'phone', NEW.phone, 'category', NEW.category, 'joined_on', NEW.joined_on), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger member_log_update
CREATE TRIGGER member_log_update AFTER UPDATE ON member
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'member', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'group_id', NEW.group_id, 'customer_code', NEW.customer_code, 'full_name', NEW.full_name, 'name_folded', NEW.name_folded, 'citizen_id', NEW.citizen_id, 'birth_year', NEW.birth_year, 'gender', NEW.gender, 'village', NEW.village, 'phone', NEW.phone, 'category', NEW.category, 'joined_on', NEW.joined_on), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.customer_code IS NEW.customer_code THEN '$.customer_code' ELSE '$.__changed' END, CASE WHEN OLD.full_name IS NEW.full_name THEN '$.full_name' ELSE '$.__changed' END, CASE WHEN OLD.name_folded IS NEW.name_folded THEN '$.name_folded' ELSE '$.__changed' END, CASE WHEN OLD.citizen_id IS NEW.citizen_id THEN '$.citizen_id' ELSE '$.__changed' END, CASE WHEN OLD.birth_year IS NEW.birth_year THEN '$.birth_year' ELSE '$.__changed' END, CASE WHEN OLD.gender IS NEW.gender THEN '$.gender' ELSE '$.__changed' END, CASE WHEN OLD.village IS NEW.village THEN '$.village' ELSE '$.__changed' END, CASE WHEN OLD.phone IS NEW.phone THEN '$.phone' ELSE '$.__changed' END, CASE WHEN OLD.category IS NEW.category THEN '$.category' ELSE '$.__changed' END, CASE WHEN OLD.joined_on IS NEW.joined_on THEN '$.joined_on' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'group_id', OLD.group_id, 'customer_code', OLD.customer_code, 'full_name', OLD.full_name, 'name_folded', OLD.name_folded, 'citizen_id', OLD.citizen_id, 'birth_year', OLD.birth_year, 'gender', OLD.gender, 'village', OLD.village, 'phone', OLD.phone, 'category', OLD.category, 'joined_on', OLD.joined_on), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.group_id IS NEW.group_id THEN '$.group_id' ELSE '$.__changed' END, CASE WHEN OLD.customer_code IS NEW.customer_code THEN '$.customer_code' ELSE '$.__changed' END, CASE WHEN OLD.full_name IS NEW.full_name THEN '$.full_name' ELSE '$.__changed' END, CASE WHEN OLD.name_folded IS NEW.name_folded THEN '$.name_folded' ELSE '$.__changed' END, CASE WHEN OLD.citizen_id IS NEW.citizen_id THEN '$.citizen_id' ELSE '$.__changed' END, CASE WHEN OLD.birth_year IS NEW.birth_year THEN '$.birth_year' ELSE '$.__changed' END, CASE WHEN OLD.gender IS NEW.gender THEN '$.gender' ELSE '$.__changed' END, CASE WHEN OLD.village IS NEW.village THEN '$.village' ELSE '$.__changed' END, CASE WHEN OLD.phone IS NEW.phone THEN '$.phone' ELSE '$.__changed' END, CASE WHEN OLD.category IS NEW.category THEN '$.category' ELSE '$.__changed' END, CASE WHEN OLD.joined_on IS NEW.joined_on THEN '$.joined_on' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.group_id IS NOT NEW.group_id OR OLD.customer_code IS NOT NEW.customer_code OR OLD.full_name IS NOT NEW.full_name OR OLD.name_folded IS NOT NEW.name_folded OR OLD.citizen_id IS NOT NEW.citizen_id OR OLD.birth_year IS NOT NEW.birth_year OR OLD.gender IS NOT NEW.gender OR OLD.village IS NOT NEW.village OR OLD.phone IS NOT NEW.phone OR OLD.category IS NOT NEW.category OR OLD.joined_on IS NOT NEW.joined_on);
END;

-- trigger member_no_delete
CREATE TRIGGER member_no_delete BEFORE DELETE ON member
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger office_log_insert
CREATE TRIGGER office_log_insert AFTER INSERT ON office
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'office', NEW.id, 'insert', json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger office_log_update
CREATE TRIGGER office_log_update AFTER UPDATE ON office
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'office', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'code', OLD.code, 'name', OLD.name), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name);
END;

-- trigger office_no_delete
CREATE TRIGGER office_no_delete BEFORE DELETE ON office
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger point_commune_log_insert
CREATE TRIGGER point_commune_log_insert AFTER INSERT ON point_commune
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'point_commune', NEW.point_id || '/' || NEW.code, 'insert', json_object('point_id', NEW.point_id, 'code', NEW.code, 'name', NEW.name, 'is_pre_2025', NEW.is_pre_2025), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger point_commune_log_update
CREATE TRIGGER point_commune_log_update AFTER UPDATE ON point_commune
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'point_commune', NEW.point_id || '/' || NEW.code, 'update',
        json_object('key', json_array(NEW.point_id, NEW.code), 'set', json_remove(json_object('point_id', NEW.point_id, 'code', NEW.code, 'name', NEW.name, 'is_pre_2025', NEW.is_pre_2025), CASE WHEN OLD.point_id IS NEW.point_id THEN '$.point_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.is_pre_2025 IS NEW.is_pre_2025 THEN '$.is_pre_2025' ELSE '$.__changed' END),
            'was', json_remove(json_object('point_id', OLD.point_id, 'code', OLD.code, 'name', OLD.name, 'is_pre_2025', OLD.is_pre_2025), CASE WHEN OLD.point_id IS NEW.point_id THEN '$.point_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.is_pre_2025 IS NEW.is_pre_2025 THEN '$.is_pre_2025' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.point_id IS NOT NEW.point_id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.is_pre_2025 IS NOT NEW.is_pre_2025);
END;

-- trigger point_commune_no_delete
CREATE TRIGGER point_commune_no_delete BEFORE DELETE ON point_commune
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger point_log_insert
CREATE TRIGGER point_log_insert AFTER INSERT ON point
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'point', NEW.id, 'insert', json_object('id', NEW.id, 'office_id', NEW.office_id, 'code', NEW.code, 'name', NEW.name, 'fixed_day', NEW.fixed_day, 'address', NEW.address), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger point_log_update
CREATE TRIGGER point_log_update AFTER UPDATE ON point
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'point', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'office_id', NEW.office_id, 'code', NEW.code, 'name', NEW.name, 'fixed_day', NEW.fixed_day, 'address', NEW.address), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.office_id IS NEW.office_id THEN '$.office_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.fixed_day IS NEW.fixed_day THEN '$.fixed_day' ELSE '$.__changed' END, CASE WHEN OLD.address IS NEW.address THEN '$.address' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'office_id', OLD.office_id, 'code', OLD.code, 'name', OLD.name, 'fixed_day', OLD.fixed_day, 'address', OLD.address), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.office_id IS NEW.office_id THEN '$.office_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.fixed_day IS NEW.fixed_day THEN '$.fixed_day' ELSE '$.__changed' END, CASE WHEN OLD.address IS NEW.address THEN '$.address' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.office_id IS NOT NEW.office_id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.fixed_day IS NOT NEW.fixed_day OR OLD.address IS NOT NEW.address);
END;

-- trigger point_no_delete
CREATE TRIGGER point_no_delete BEFORE DELETE ON point
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger policy_setting_log_insert
CREATE TRIGGER policy_setting_log_insert AFTER INSERT ON policy_setting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'policy_setting', NEW.key, 'insert', json_object('key', NEW.key, 'value', NEW.value), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger policy_setting_log_update
CREATE TRIGGER policy_setting_log_update AFTER UPDATE ON policy_setting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'policy_setting', NEW.key, 'update',
        json_object('key', json_array(NEW.key), 'set', json_remove(json_object('key', NEW.key, 'value', NEW.value), CASE WHEN OLD.key IS NEW.key THEN '$.key' ELSE '$.__changed' END, CASE WHEN OLD.value IS NEW.value THEN '$.value' ELSE '$.__changed' END),
            'was', json_remove(json_object('key', OLD.key, 'value', OLD.value), CASE WHEN OLD.key IS NEW.key THEN '$.key' ELSE '$.__changed' END, CASE WHEN OLD.value IS NEW.value THEN '$.value' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.key IS NOT NEW.key OR OLD.value IS NOT NEW.value);
END;

-- trigger policy_setting_no_delete
CREATE TRIGGER policy_setting_no_delete BEFORE DELETE ON policy_setting
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger program_log_insert
CREATE TRIGGER program_log_insert AFTER INSERT ON program
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'program', NEW.code, 'insert', json_object('code', NEW.code, 'name_vi', NEW.name_vi, 'name_en', NEW.name_en, 'is_student', NEW.is_student, 'installment_every_months', NEW.installment_every_months), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger program_log_update
CREATE TRIGGER program_log_update AFTER UPDATE ON program
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'program', NEW.code, 'update',
        json_object('key', json_array(NEW.code), 'set', json_remove(json_object('code', NEW.code, 'name_vi', NEW.name_vi, 'name_en', NEW.name_en, 'is_student', NEW.is_student, 'installment_every_months', NEW.installment_every_months), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name_vi IS NEW.name_vi THEN '$.name_vi' ELSE '$.__changed' END, CASE WHEN OLD.name_en IS NEW.name_en THEN '$.name_en' ELSE '$.__changed' END, CASE WHEN OLD.is_student IS NEW.is_student THEN '$.is_student' ELSE '$.__changed' END, CASE WHEN OLD.installment_every_months IS NEW.installment_every_months THEN '$.installment_every_months' ELSE '$.__changed' END),
            'was', json_remove(json_object('code', OLD.code, 'name_vi', OLD.name_vi, 'name_en', OLD.name_en, 'is_student', OLD.is_student, 'installment_every_months', OLD.installment_every_months), CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name_vi IS NEW.name_vi THEN '$.name_vi' ELSE '$.__changed' END, CASE WHEN OLD.name_en IS NEW.name_en THEN '$.name_en' ELSE '$.__changed' END, CASE WHEN OLD.is_student IS NEW.is_student THEN '$.is_student' ELSE '$.__changed' END, CASE WHEN OLD.installment_every_months IS NEW.installment_every_months THEN '$.installment_every_months' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.code IS NOT NEW.code OR OLD.name_vi IS NOT NEW.name_vi OR OLD.name_en IS NOT NEW.name_en OR OLD.is_student IS NOT NEW.is_student OR OLD.installment_every_months IS NOT NEW.installment_every_months);
END;

-- trigger program_no_delete
CREATE TRIGGER program_no_delete BEFORE DELETE ON program
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger program_rate_log_insert
CREATE TRIGGER program_rate_log_insert AFTER INSERT ON program_rate
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'program_rate', NEW.program_code || '/' || NEW.effective_from, 'insert', json_object('program_code', NEW.program_code, 'effective_from', NEW.effective_from, 'annual_rate', NEW.annual_rate), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger program_rate_log_update
CREATE TRIGGER program_rate_log_update AFTER UPDATE ON program_rate
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'program_rate', NEW.program_code || '/' || NEW.effective_from, 'update',
        json_object('key', json_array(NEW.program_code, NEW.effective_from), 'set', json_remove(json_object('program_code', NEW.program_code, 'effective_from', NEW.effective_from, 'annual_rate', NEW.annual_rate), CASE WHEN OLD.program_code IS NEW.program_code THEN '$.program_code' ELSE '$.__changed' END, CASE WHEN OLD.effective_from IS NEW.effective_from THEN '$.effective_from' ELSE '$.__changed' END, CASE WHEN OLD.annual_rate IS NEW.annual_rate THEN '$.annual_rate' ELSE '$.__changed' END),
            'was', json_remove(json_object('program_code', OLD.program_code, 'effective_from', OLD.effective_from, 'annual_rate', OLD.annual_rate), CASE WHEN OLD.program_code IS NEW.program_code THEN '$.program_code' ELSE '$.__changed' END, CASE WHEN OLD.effective_from IS NEW.effective_from THEN '$.effective_from' ELSE '$.__changed' END, CASE WHEN OLD.annual_rate IS NEW.annual_rate THEN '$.annual_rate' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.program_code IS NOT NEW.program_code OR OLD.effective_from IS NOT NEW.effective_from OR OLD.annual_rate IS NOT NEW.annual_rate);
END;

-- trigger program_rate_no_delete
CREATE TRIGGER program_rate_no_delete BEFORE DELETE ON program_rate
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger rating_scheme_log_insert
CREATE TRIGGER rating_scheme_log_insert AFTER INSERT ON rating_scheme
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'rating_scheme', NEW.effective_from, 'insert', json_object('effective_from', NEW.effective_from, 'scheme', NEW.scheme), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger rating_scheme_log_update
CREATE TRIGGER rating_scheme_log_update AFTER UPDATE ON rating_scheme
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'rating_scheme', NEW.effective_from, 'update',
        json_object('key', json_array(NEW.effective_from), 'set', json_remove(json_object('effective_from', NEW.effective_from, 'scheme', NEW.scheme), CASE WHEN OLD.effective_from IS NEW.effective_from THEN '$.effective_from' ELSE '$.__changed' END, CASE WHEN OLD.scheme IS NEW.scheme THEN '$.scheme' ELSE '$.__changed' END),
            'was', json_remove(json_object('effective_from', OLD.effective_from, 'scheme', OLD.scheme), CASE WHEN OLD.effective_from IS NEW.effective_from THEN '$.effective_from' ELSE '$.__changed' END, CASE WHEN OLD.scheme IS NEW.scheme THEN '$.scheme' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.effective_from IS NOT NEW.effective_from OR OLD.scheme IS NOT NEW.scheme);
END;

-- trigger rating_scheme_no_delete
CREATE TRIGGER rating_scheme_no_delete BEFORE DELETE ON rating_scheme
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger risk_decision_log_insert
CREATE TRIGGER risk_decision_log_insert AFTER INSERT ON risk_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'risk_decision', NEW.id, 'insert', json_object('id', NEW.id, 'loan_id', NEW.loan_id, 'decision_no', NEW.decision_no, 'decided_on', NEW.decided_on, 'measure', NEW.measure, 'new_due_on', NEW.new_due_on, 'installment_seq', NEW.installment_seq, 'frozen_from', NEW.frozen_from, 'frozen_until', NEW.frozen_until, 'principal', NEW.principal, 'interest', NEW.interest, 'reason', NEW.reason, 'recorded_by', NEW.recorded_by), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger risk_decision_log_update
CREATE TRIGGER risk_decision_log_update AFTER UPDATE ON risk_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'risk_decision', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'loan_id', NEW.loan_id, 'decision_no', NEW.decision_no, 'decided_on', NEW.decided_on, 'measure', NEW.measure, 'new_due_on', NEW.new_due_on, 'installment_seq', NEW.installment_seq, 'frozen_from', NEW.frozen_from, 'frozen_until', NEW.frozen_until, 'principal', NEW.principal, 'interest', NEW.interest, 'reason', NEW.reason, 'recorded_by', NEW.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.loan_id IS NEW.loan_id THEN '$.loan_id' ELSE '$.__changed' END, CASE WHEN OLD.decision_no IS NEW.decision_no THEN '$.decision_no' ELSE '$.__changed' END, CASE WHEN OLD.decided_on IS NEW.decided_on THEN '$.decided_on' ELSE '$.__changed' END, CASE WHEN OLD.measure IS NEW.measure THEN '$.measure' ELSE '$.__changed' END, CASE WHEN OLD.new_due_on IS NEW.new_due_on THEN '$.new_due_on' ELSE '$.__changed' END, CASE WHEN OLD.installment_seq IS NEW.installment_seq THEN '$.installment_seq' ELSE '$.__changed' END, CASE WHEN OLD.frozen_from IS NEW.frozen_from THEN '$.frozen_from' ELSE '$.__changed' END, CASE WHEN OLD.frozen_until IS NEW.frozen_until THEN '$.frozen_until' ELSE '$.__changed' END, CASE WHEN OLD.principal IS NEW.principal THEN '$.principal' ELSE '$.__changed' END, CASE WHEN OLD.interest IS NEW.interest THEN '$.interest' ELSE '$.__changed' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'loan_id', OLD.loan_id, 'decision_no', OLD.decision_no, 'decided_on', OLD.decided_on, 'measure', OLD.measure, 'new_due_on', OLD.new_due_on, 'installment_seq', OLD.installment_seq, 'frozen_from', OLD.frozen_from, 'frozen_until', OLD.frozen_until, 'principal', OLD.principal, 'interest', OLD.interest, 'reason', OLD.reason, 'recorded_by', OLD.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.loan_id IS NEW.loan_id THEN '$.loan_id' ELSE '$.__changed' END, CASE WHEN OLD.decision_no IS NEW.decision_no THEN '$.decision_no' ELSE '$.__changed' END, CASE WHEN OLD.decided_on IS NEW.decided_on THEN '$.decided_on' ELSE '$.__changed' END, CASE WHEN OLD.measure IS NEW.measure THEN '$.measure' ELSE '$.__changed' END, CASE WHEN OLD.new_due_on IS NEW.new_due_on THEN '$.new_due_on' ELSE '$.__changed' END, CASE WHEN OLD.installment_seq IS NEW.installment_seq THEN '$.installment_seq' ELSE '$.__changed' END, CASE WHEN OLD.frozen_from IS NEW.frozen_from THEN '$.frozen_from' ELSE '$.__changed' END, CASE WHEN OLD.frozen_until IS NEW.frozen_until THEN '$.frozen_until' ELSE '$.__changed' END, CASE WHEN OLD.principal IS NEW.principal THEN '$.principal' ELSE '$.__changed' END, CASE WHEN OLD.interest IS NEW.interest THEN '$.interest' ELSE '$.__changed' END, CASE WHEN OLD.reason IS NEW.reason THEN '$.reason' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.loan_id IS NOT NEW.loan_id OR OLD.decision_no IS NOT NEW.decision_no OR OLD.decided_on IS NOT NEW.decided_on OR OLD.measure IS NOT NEW.measure OR OLD.new_due_on IS NOT NEW.new_due_on OR OLD.installment_seq IS NOT NEW.installment_seq OR OLD.frozen_from IS NOT NEW.frozen_from OR OLD.frozen_until IS NOT NEW.frozen_until OR OLD.principal IS NOT NEW.principal OR OLD.interest IS NOT NEW.interest OR OLD.reason IS NOT NEW.reason OR OLD.recorded_by IS NOT NEW.recorded_by);
END;

-- trigger risk_decision_no_delete
CREATE TRIGGER risk_decision_no_delete BEFORE DELETE ON risk_decision
BEGIN SELECT RAISE(ABORT, 'phien: risk decisions are append-only'); END;

-- trigger risk_decision_no_update
CREATE TRIGGER risk_decision_no_update BEFORE UPDATE ON risk_decision
BEGIN SELECT RAISE(ABORT, 'phien: risk decisions are append-only'); END;

-- trigger savings_group_code_insert
CREATE TRIGGER savings_group_code_insert BEFORE INSERT ON savings_group
WHEN EXISTS (
    SELECT 1 FROM savings_group g JOIN association a ON a.id = g.association_id
    WHERE g.code = NEW.code
      AND a.point_id = (SELECT point_id FROM association WHERE id = NEW.association_id)
)
BEGIN SELECT RAISE(ABORT, 'phien: a group of this point already has this code'); END;

-- trigger savings_group_code_update
CREATE TRIGGER savings_group_code_update BEFORE UPDATE OF code, association_id ON savings_group
WHEN EXISTS (
    SELECT 1 FROM savings_group g JOIN association a ON a.id = g.association_id
    WHERE g.code = NEW.code AND g.id <> NEW.id
      AND a.point_id = (SELECT point_id FROM association WHERE id = NEW.association_id)
)
BEGIN SELECT RAISE(ABORT, 'phien: a group of this point already has this code'); END;

-- trigger savings_group_log_insert
CREATE TRIGGER savings_group_log_insert AFTER INSERT ON savings_group
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'savings_group', NEW.id, 'insert', json_object('id', NEW.id, 'association_id', NEW.association_id, 'code', NEW.code, 'name', NEW.name, 'village', NEW.village, 'leader_member_id', NEW.leader_member_id, 'leader_staff_id', NEW.leader_staff_id, 'founded_on', NEW.founded_on), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger savings_group_log_update
CREATE TRIGGER savings_group_log_update AFTER UPDATE ON savings_group
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'savings_group', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'association_id', NEW.association_id, 'code', NEW.code, 'name', NEW.name, 'village', NEW.village, 'leader_member_id', NEW.leader_member_id, 'leader_staff_id', NEW.leader_staff_id, 'founded_on', NEW.founded_on), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.association_id IS NEW.association_id THEN '$.association_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.village IS NEW.village THEN '$.village' ELSE '$.__changed' END, CASE WHEN OLD.leader_member_id IS NEW.leader_member_id THEN '$.leader_member_id' ELSE '$.__changed' END, CASE WHEN OLD.leader_staff_id IS NEW.leader_staff_id THEN '$.leader_staff_id' ELSE '$.__changed' END, CASE WHEN OLD.founded_on IS NEW.founded_on THEN '$.founded_on' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'association_id', OLD.association_id, 'code', OLD.code, 'name', OLD.name, 'village', OLD.village, 'leader_member_id', OLD.leader_member_id, 'leader_staff_id', OLD.leader_staff_id, 'founded_on', OLD.founded_on), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.association_id IS NEW.association_id THEN '$.association_id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.name IS NEW.name THEN '$.name' ELSE '$.__changed' END, CASE WHEN OLD.village IS NEW.village THEN '$.village' ELSE '$.__changed' END, CASE WHEN OLD.leader_member_id IS NEW.leader_member_id THEN '$.leader_member_id' ELSE '$.__changed' END, CASE WHEN OLD.leader_staff_id IS NEW.leader_staff_id THEN '$.leader_staff_id' ELSE '$.__changed' END, CASE WHEN OLD.founded_on IS NEW.founded_on THEN '$.founded_on' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.association_id IS NOT NEW.association_id OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.village IS NOT NEW.village OR OLD.leader_member_id IS NOT NEW.leader_member_id OR OLD.leader_staff_id IS NOT NEW.leader_staff_id OR OLD.founded_on IS NOT NEW.founded_on);
END;

-- trigger savings_group_no_delete
CREATE TRIGGER savings_group_no_delete BEFORE DELETE ON savings_group
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger session_log_insert
CREATE TRIGGER session_log_insert AFTER INSERT ON session
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'session', NEW.id, 'insert', json_object('id', NEW.id, 'point_id', NEW.point_id, 'date', NEW.date, 'team_leader_id', NEW.team_leader_id, 'controller_id', NEW.controller_id, 'teller_id', NEW.teller_id, 'opened_at', NEW.opened_at, 'opening_cash', NEW.opening_cash, 'closed_at', NEW.closed_at, 'closed_by', NEW.closed_by, 'cash_count', NEW.cash_count, 'expected_cash', NEW.expected_cash, 'cash_difference', NEW.cash_difference, 'difference_note', NEW.difference_note), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger session_log_update
CREATE TRIGGER session_log_update AFTER UPDATE ON session
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'session', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'point_id', NEW.point_id, 'date', NEW.date, 'team_leader_id', NEW.team_leader_id, 'controller_id', NEW.controller_id, 'teller_id', NEW.teller_id, 'opened_at', NEW.opened_at, 'opening_cash', NEW.opening_cash, 'closed_at', NEW.closed_at, 'closed_by', NEW.closed_by, 'cash_count', NEW.cash_count, 'expected_cash', NEW.expected_cash, 'cash_difference', NEW.cash_difference, 'difference_note', NEW.difference_note), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.point_id IS NEW.point_id THEN '$.point_id' ELSE '$.__changed' END, CASE WHEN OLD.date IS NEW.date THEN '$.date' ELSE '$.__changed' END, CASE WHEN OLD.team_leader_id IS NEW.team_leader_id THEN '$.team_leader_id' ELSE '$.__changed' END, CASE WHEN OLD.controller_id IS NEW.controller_id THEN '$.controller_id' ELSE '$.__changed' END, CASE WHEN OLD.teller_id IS NEW.teller_id THEN '$.teller_id' ELSE '$.__changed' END, CASE WHEN OLD.opened_at IS NEW.opened_at THEN '$.opened_at' ELSE '$.__changed' END, CASE WHEN OLD.opening_cash IS NEW.opening_cash THEN '$.opening_cash' ELSE '$.__changed' END, CASE WHEN OLD.closed_at IS NEW.closed_at THEN '$.closed_at' ELSE '$.__changed' END, CASE WHEN OLD.closed_by IS NEW.closed_by THEN '$.closed_by' ELSE '$.__changed' END, CASE WHEN OLD.cash_count IS NEW.cash_count THEN '$.cash_count' ELSE '$.__changed' END, CASE WHEN OLD.expected_cash IS NEW.expected_cash THEN '$.expected_cash' ELSE '$.__changed' END, CASE WHEN OLD.cash_difference IS NEW.cash_difference THEN '$.cash_difference' ELSE '$.__changed' END, CASE WHEN OLD.difference_note IS NEW.difference_note THEN '$.difference_note' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'point_id', OLD.point_id, 'date', OLD.date, 'team_leader_id', OLD.team_leader_id, 'controller_id', OLD.controller_id, 'teller_id', OLD.teller_id, 'opened_at', OLD.opened_at, 'opening_cash', OLD.opening_cash, 'closed_at', OLD.closed_at, 'closed_by', OLD.closed_by, 'cash_count', OLD.cash_count, 'expected_cash', OLD.expected_cash, 'cash_difference', OLD.cash_difference, 'difference_note', OLD.difference_note), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.point_id IS NEW.point_id THEN '$.point_id' ELSE '$.__changed' END, CASE WHEN OLD.date IS NEW.date THEN '$.date' ELSE '$.__changed' END, CASE WHEN OLD.team_leader_id IS NEW.team_leader_id THEN '$.team_leader_id' ELSE '$.__changed' END, CASE WHEN OLD.controller_id IS NEW.controller_id THEN '$.controller_id' ELSE '$.__changed' END, CASE WHEN OLD.teller_id IS NEW.teller_id THEN '$.teller_id' ELSE '$.__changed' END, CASE WHEN OLD.opened_at IS NEW.opened_at THEN '$.opened_at' ELSE '$.__changed' END, CASE WHEN OLD.opening_cash IS NEW.opening_cash THEN '$.opening_cash' ELSE '$.__changed' END, CASE WHEN OLD.closed_at IS NEW.closed_at THEN '$.closed_at' ELSE '$.__changed' END, CASE WHEN OLD.closed_by IS NEW.closed_by THEN '$.closed_by' ELSE '$.__changed' END, CASE WHEN OLD.cash_count IS NEW.cash_count THEN '$.cash_count' ELSE '$.__changed' END, CASE WHEN OLD.expected_cash IS NEW.expected_cash THEN '$.expected_cash' ELSE '$.__changed' END, CASE WHEN OLD.cash_difference IS NEW.cash_difference THEN '$.cash_difference' ELSE '$.__changed' END, CASE WHEN OLD.difference_note IS NEW.difference_note THEN '$.difference_note' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.point_id IS NOT NEW.point_id OR OLD.date IS NOT NEW.date OR OLD.team_leader_id IS NOT NEW.team_leader_id OR OLD.controller_id IS NOT NEW.controller_id OR OLD.teller_id IS NOT NEW.teller_id OR OLD.opened_at IS NOT NEW.opened_at OR OLD.opening_cash IS NOT NEW.opening_cash OR OLD.closed_at IS NOT NEW.closed_at OR OLD.closed_by IS NOT NEW.closed_by OR OLD.cash_count IS NOT NEW.cash_count OR OLD.expected_cash IS NOT NEW.expected_cash OR OLD.cash_difference IS NOT NEW.cash_difference OR OLD.difference_note IS NOT NEW.difference_note);
END;

-- trigger session_no_delete
CREATE TRIGGER session_no_delete BEFORE DELETE ON session
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger session_stays_closed
CREATE TRIGGER session_stays_closed BEFORE UPDATE ON session
WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'phien: session is closed'); END;

-- trigger staff_log_insert
CREATE TRIGGER staff_log_insert AFTER INSERT ON staff
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'staff', NEW.id, 'insert', json_object('id', NEW.id, 'code', NEW.code, 'full_name', NEW.full_name, 'role', NEW.role, 'pin_hash', NEW.pin_hash), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger staff_log_update
CREATE TRIGGER staff_log_update AFTER UPDATE ON staff
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'staff', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'code', NEW.code, 'full_name', NEW.full_name, 'role', NEW.role, 'pin_hash', NEW.pin_hash), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.full_name IS NEW.full_name THEN '$.full_name' ELSE '$.__changed' END, CASE WHEN OLD.role IS NEW.role THEN '$.role' ELSE '$.__changed' END, CASE WHEN OLD.pin_hash IS NEW.pin_hash THEN '$.pin_hash' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'code', OLD.code, 'full_name', OLD.full_name, 'role', OLD.role, 'pin_hash', OLD.pin_hash), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.code IS NEW.code THEN '$.code' ELSE '$.__changed' END, CASE WHEN OLD.full_name IS NEW.full_name THEN '$.full_name' ELSE '$.__changed' END, CASE WHEN OLD.role IS NEW.role THEN '$.role' ELSE '$.__changed' END, CASE WHEN OLD.pin_hash IS NEW.pin_hash THEN '$.pin_hash' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.code IS NOT NEW.code OR OLD.full_name IS NOT NEW.full_name OR OLD.role IS NOT NEW.role OR OLD.pin_hash IS NOT NEW.pin_hash);
END;

-- trigger staff_no_delete
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger status_event_log_insert
CREATE TRIGGER status_event_log_insert AFTER INSERT ON status_event
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'status_event', NEW.id, 'insert', json_object('id', NEW.id, 'member_id', NEW.member_id, 'kind', NEW.kind, 'learned_on', NEW.learned_on, 'destination', NEW.destination, 'source', NEW.source, 'note', NEW.note, 'recorded_by', NEW.recorded_by), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger status_event_log_update
CREATE TRIGGER status_event_log_update AFTER UPDATE ON status_event
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'status_event', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'member_id', NEW.member_id, 'kind', NEW.kind, 'learned_on', NEW.learned_on, 'destination', NEW.destination, 'source', NEW.source, 'note', NEW.note, 'recorded_by', NEW.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.learned_on IS NEW.learned_on THEN '$.learned_on' ELSE '$.__changed' END, CASE WHEN OLD.destination IS NEW.destination THEN '$.destination' ELSE '$.__changed' END, CASE WHEN OLD.source IS NEW.source THEN '$.source' ELSE '$.__changed' END, CASE WHEN OLD.note IS NEW.note THEN '$.note' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'member_id', OLD.member_id, 'kind', OLD.kind, 'learned_on', OLD.learned_on, 'destination', OLD.destination, 'source', OLD.source, 'note', OLD.note, 'recorded_by', OLD.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.member_id IS NEW.member_id THEN '$.member_id' ELSE '$.__changed' END, CASE WHEN OLD.kind IS NEW.kind THEN '$.kind' ELSE '$.__changed' END, CASE WHEN OLD.learned_on IS NEW.learned_on THEN '$.learned_on' ELSE '$.__changed' END, CASE WHEN OLD.destination IS NEW.destination THEN '$.destination' ELSE '$.__changed' END, CASE WHEN OLD.source IS NEW.source THEN '$.source' ELSE '$.__changed' END, CASE WHEN OLD.note IS NEW.note THEN '$.note' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.member_id IS NOT NEW.member_id OR OLD.kind IS NOT NEW.kind OR OLD.learned_on IS NOT NEW.learned_on OR OLD.destination IS NOT NEW.destination OR OLD.source IS NOT NEW.source OR OLD.note IS NOT NEW.note OR OLD.recorded_by IS NOT NEW.recorded_by);
END;

-- trigger status_event_no_delete
CREATE TRIGGER status_event_no_delete BEFORE DELETE ON status_event
BEGIN SELECT RAISE(ABORT, 'phien: status history is append-only'); END;

-- trigger trace_log_log_insert
CREATE TRIGGER trace_log_log_insert AFTER INSERT ON trace_log
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'trace_log', NEW.id, 'insert', json_object('id', NEW.id, 'event_id', NEW.event_id, 'agency', NEW.agency, 'asked_on', NEW.asked_on, 'answer', NEW.answer, 'answered_on', NEW.answered_on, 'recorded_by', NEW.recorded_by), c.hlc
    FROM write_context c WHERE c.remote = 0;
END;

-- trigger trace_log_log_update
CREATE TRIGGER trace_log_log_update AFTER UPDATE ON trace_log
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json, hlc)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id, 'trace_log', NEW.id, 'update',
        json_object('key', json_array(NEW.id), 'set', json_remove(json_object('id', NEW.id, 'event_id', NEW.event_id, 'agency', NEW.agency, 'asked_on', NEW.asked_on, 'answer', NEW.answer, 'answered_on', NEW.answered_on, 'recorded_by', NEW.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.event_id IS NEW.event_id THEN '$.event_id' ELSE '$.__changed' END, CASE WHEN OLD.agency IS NEW.agency THEN '$.agency' ELSE '$.__changed' END, CASE WHEN OLD.asked_on IS NEW.asked_on THEN '$.asked_on' ELSE '$.__changed' END, CASE WHEN OLD.answer IS NEW.answer THEN '$.answer' ELSE '$.__changed' END, CASE WHEN OLD.answered_on IS NEW.answered_on THEN '$.answered_on' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END),
            'was', json_remove(json_object('id', OLD.id, 'event_id', OLD.event_id, 'agency', OLD.agency, 'asked_on', OLD.asked_on, 'answer', OLD.answer, 'answered_on', OLD.answered_on, 'recorded_by', OLD.recorded_by), CASE WHEN OLD.id IS NEW.id THEN '$.id' ELSE '$.__changed' END, CASE WHEN OLD.event_id IS NEW.event_id THEN '$.event_id' ELSE '$.__changed' END, CASE WHEN OLD.agency IS NEW.agency THEN '$.agency' ELSE '$.__changed' END, CASE WHEN OLD.asked_on IS NEW.asked_on THEN '$.asked_on' ELSE '$.__changed' END, CASE WHEN OLD.answer IS NEW.answer THEN '$.answer' ELSE '$.__changed' END, CASE WHEN OLD.answered_on IS NEW.answered_on THEN '$.answered_on' ELSE '$.__changed' END, CASE WHEN OLD.recorded_by IS NEW.recorded_by THEN '$.recorded_by' ELSE '$.__changed' END)), c.hlc
    FROM write_context c WHERE c.remote = 0 AND (OLD.id IS NOT NEW.id OR OLD.event_id IS NOT NEW.event_id OR OLD.agency IS NOT NEW.agency OR OLD.asked_on IS NOT NEW.asked_on OR OLD.answer IS NOT NEW.answer OR OLD.answered_on IS NOT NEW.answered_on OR OLD.recorded_by IS NOT NEW.recorded_by);
END;

-- trigger trace_log_no_delete
CREATE TRIGGER trace_log_no_delete BEFORE DELETE ON trace_log
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- user_version 6
