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

-- index session_point_date
CREATE UNIQUE INDEX session_point_date ON session (point_id, date);

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
    row_json TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT;

-- table device
CREATE TABLE device (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
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
    receipt_no TEXT NOT NULL UNIQUE,
    received_on TEXT NOT NULL,
    interest INTEGER NOT NULL CHECK (interest >= 0),
    savings_deposit INTEGER NOT NULL CHECK (savings_deposit >= 0),
    recorded_by TEXT NOT NULL REFERENCES staff (id),
    device_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CHECK (interest + savings_deposit > 0)
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
    code TEXT NOT NULL UNIQUE,
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
    code TEXT NOT NULL UNIQUE,
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
) STRICT;

-- trigger association_log_insert
CREATE TRIGGER association_log_insert AFTER INSERT ON association
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'association', NEW.id, 'insert', json_object('id', NEW.id, 'point_id', NEW.point_id, 'kind', NEW.kind)
    FROM write_context c;
END;

-- trigger association_log_update
CREATE TRIGGER association_log_update AFTER UPDATE ON association
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'association', NEW.id, 'update', json_object('id', NEW.id, 'point_id', NEW.point_id, 'kind', NEW.kind)
    FROM write_context c;
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

-- trigger handover_log_insert
CREATE TRIGGER handover_log_insert AFTER INSERT ON handover
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'handover', NEW.id, 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'group_id', NEW.group_id, 'expected', NEW.expected, 'handed_over', NEW.handed_over, 'note', NEW.note, 'received_by', NEW.received_by, 'at', NEW.at)
    FROM write_context c;
END;

-- trigger handover_log_update
CREATE TRIGGER handover_log_update AFTER UPDATE ON handover
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'handover', NEW.id, 'update', json_object('id', NEW.id, 'session_id', NEW.session_id, 'group_id', NEW.group_id, 'expected', NEW.expected, 'handed_over', NEW.handed_over, 'note', NEW.note, 'received_by', NEW.received_by, 'at', NEW.at)
    FROM write_context c;
END;

-- trigger handover_no_delete
CREATE TRIGGER handover_no_delete BEFORE DELETE ON handover
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger installment_log_insert
CREATE TRIGGER installment_log_insert AFTER INSERT ON installment
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'installment', NEW.loan_id || '/' || NEW.seq, 'insert', json_object('loan_id', NEW.loan_id, 'seq', NEW.seq, 'due_on', NEW.due_on, 'amount', NEW.amount)
    FROM write_context c;
END;

-- trigger installment_log_update
CREATE TRIGGER installment_log_update AFTER UPDATE ON installment
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'installment', NEW.loan_id || '/' || NEW.seq, 'update', json_object('loan_id', NEW.loan_id, 'seq', NEW.seq, 'due_on', NEW.due_on, 'amount', NEW.amount)
    FROM write_context c;
END;

-- trigger installment_no_delete
CREATE TRIGGER installment_no_delete BEFORE DELETE ON installment
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger leader_receipt_log_insert
CREATE TRIGGER leader_receipt_log_insert AFTER INSERT ON leader_receipt
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'leader_receipt', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'member_id', NEW.member_id, 'receipt_no', NEW.receipt_no, 'received_on', NEW.received_on, 'interest', NEW.interest, 'savings_deposit', NEW.savings_deposit, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at)
    FROM write_context c;
END;

-- trigger leader_receipt_log_update
CREATE TRIGGER leader_receipt_log_update AFTER UPDATE ON leader_receipt
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'leader_receipt', NEW.id, 'update', json_object('id', NEW.id, 'group_id', NEW.group_id, 'member_id', NEW.member_id, 'receipt_no', NEW.receipt_no, 'received_on', NEW.received_on, 'interest', NEW.interest, 'savings_deposit', NEW.savings_deposit, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at)
    FROM write_context c;
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
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'leader_receipt_settlement', NEW.receipt_id, 'insert', json_object('receipt_id', NEW.receipt_id, 'handover_id', NEW.handover_id)
    FROM write_context c;
END;

-- trigger leader_receipt_settlement_log_update
CREATE TRIGGER leader_receipt_settlement_log_update AFTER UPDATE ON leader_receipt_settlement
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'leader_receipt_settlement', NEW.receipt_id, 'update', json_object('receipt_id', NEW.receipt_id, 'handover_id', NEW.handover_id)
    FROM write_context c;
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
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'leader_receipt_void', NEW.receipt_id, 'insert', json_object('receipt_id', NEW.receipt_id, 'reason', NEW.reason, 'voided_by', NEW.voided_by, 'at', NEW.at)
    FROM write_context c;
END;

-- trigger leader_receipt_void_log_update
CREATE TRIGGER leader_receipt_void_log_update AFTER UPDATE ON leader_receipt_void
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'leader_receipt_void', NEW.receipt_id, 'update', json_object('receipt_id', NEW.receipt_id, 'reason', NEW.reason, 'voided_by', NEW.voided_by, 'at', NEW.at)
    FROM write_context c;
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
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'ledger_entry', NEW.id, 'insert', json_object('id', NEW.id, 'kind', NEW.kind, 'member_id', NEW.member_id, 'loan_id', NEW.loan_id, 'amount', NEW.amount, 'value_date', NEW.value_date, 'session_id', NEW.session_id, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at, 'receipt_no', NEW.receipt_no, 'reverses_id', NEW.reverses_id, 'reason', NEW.reason, 'approved_by', NEW.approved_by)
    FROM write_context c;
END;

-- trigger ledger_entry_log_update
CREATE TRIGGER ledger_entry_log_update AFTER UPDATE ON ledger_entry
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'ledger_entry', NEW.id, 'update', json_object('id', NEW.id, 'kind', NEW.kind, 'member_id', NEW.member_id, 'loan_id', NEW.loan_id, 'amount', NEW.amount, 'value_date', NEW.value_date, 'session_id', NEW.session_id, 'recorded_by', NEW.recorded_by, 'device_id', NEW.device_id, 'recorded_at', NEW.recorded_at, 'receipt_no', NEW.receipt_no, 'reverses_id', NEW.reverses_id, 'reason', NEW.reason, 'approved_by', NEW.approved_by)
    FROM write_context c;
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
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'loan', NEW.id, 'insert', json_object('id', NEW.id, 'member_id', NEW.member_id, 'account_no', NEW.account_no, 'program_code', NEW.program_code, 'funding_source', NEW.funding_source, 'amount', NEW.amount, 'disbursed_on', NEW.disbursed_on, 'term_months', NEW.term_months, 'purpose', NEW.purpose, 'method', NEW.method, 'last_activity_before_import', NEW.last_activity_before_import)
    FROM write_context c;
END;

-- trigger loan_log_update
CREATE TRIGGER loan_log_update AFTER UPDATE ON loan
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'loan', NEW.id, 'update', json_object('id', NEW.id, 'member_id', NEW.member_id, 'account_no', NEW.account_no, 'program_code', NEW.program_code, 'funding_source', NEW.funding_source, 'amount', NEW.amount, 'disbursed_on', NEW.disbursed_on, 'term_months', NEW.term_months, 'purpose', NEW.purpose, 'method', NEW.method, 'last_activity_before_import', NEW.last_activity_before_import)
    FROM write_context c;
END;

-- trigger loan_no_delete
CREATE TRIGGER loan_no_delete BEFORE DELETE ON loan
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger meeting_attendance_log_insert
CREATE TRIGGER meeting_attendance_log_insert AFTER INSERT ON meeting_attendance
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'meeting_attendance', NEW.meeting_id || '/' || NEW.member_id, 'insert', json_object('meeting_id', NEW.meeting_id, 'member_id', NEW.member_id, 'presence', NEW.presence)
    FROM write_context c;
END;

-- trigger meeting_attendance_log_update
CREATE TRIGGER meeting_attendance_log_update AFTER UPDATE ON meeting_attendance
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'meeting_attendance', NEW.meeting_id || '/' || NEW.member_id, 'update', json_object('meeting_id', NEW.meeting_id, 'member_id', NEW.member_id, 'presence', NEW.presence)
    FROM write_context c;
END;

-- trigger meeting_attendance_no_delete
CREATE TRIGGER meeting_attendance_no_delete BEFORE DELETE ON meeting_attendance
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger meeting_decision_log_insert
CREATE TRIGGER meeting_decision_log_insert AFTER INSERT ON meeting_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'meeting_decision', NEW.meeting_id || '/' || NEW.seq, 'insert', json_object('meeting_id', NEW.meeting_id, 'seq', NEW.seq, 'kind', NEW.kind, 'body', NEW.body)
    FROM write_context c;
END;

-- trigger meeting_decision_log_update
CREATE TRIGGER meeting_decision_log_update AFTER UPDATE ON meeting_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'meeting_decision', NEW.meeting_id || '/' || NEW.seq, 'update', json_object('meeting_id', NEW.meeting_id, 'seq', NEW.seq, 'kind', NEW.kind, 'body', NEW.body)
    FROM write_context c;
END;

-- trigger meeting_decision_no_delete
CREATE TRIGGER meeting_decision_no_delete BEFORE DELETE ON meeting_decision
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger meeting_log_insert
CREATE TRIGGER meeting_log_insert AFTER INSERT ON meeting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'meeting', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'held_on', NEW.held_on, 'kind', NEW.kind, 'agenda', NEW.agenda, 'minutes', NEW.minutes, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger meeting_log_update
CREATE TRIGGER meeting_log_update AFTER UPDATE ON meeting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'meeting', NEW.id, 'update', json_object('id', NEW.id, 'group_id', NEW.group_id, 'held_on', NEW.held_on, 'kind', NEW.kind, 'agenda', NEW.agenda, 'minutes', NEW.minutes, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger meeting_no_delete
CREATE TRIGGER meeting_no_delete BEFORE DELETE ON meeting
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger member_log_insert
CREATE TRIGGER member_log_insert AFTER INSERT ON member
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'member', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'customer_code', NEW.customer_code, 'full_name', NEW.full_name, 'name_folded', NEW.name_folded, 'citizen_id', NEW.citizen_id, 'birth_year', NEW.birth_year, 'gender', NEW.gender, 'village', NEW.village, 'phone', NEW.phone, 'category', NEW.category, 'joined_on', NEW.joined_on)
    FROM write_context c;
END;

-- trigger member_log_update
CREATE TRIGGER member_log_update AFTER UPDATE ON member
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'member', NEW.id, 'update', json_object('id', NEW.id, 'group_id', NEW.group_id, 'customer_code', NEW.customer_code, 'full_name', NEW.full_name, 'name_folded', NEW.name_folded, 'citizen_id', NEW.citizen_id, 'birth_year', NEW.birth_year, 'gender', NEW.gender, 'village', NEW.village, 'phone', NEW.phone, 'category', NEW.category, 'joined_on', NEW.joined_on)
    FROM write_context c;
END;

-- trigger member_no_delete
CREATE TRIGGER member_no_delete BEFORE DELETE ON member
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger office_log_insert
CREATE TRIGGER office_log_insert AFTER INSERT ON office
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'office', NEW.id, 'insert', json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name)
    FROM write_context c;
END;

-- trigger office_log_update
CREATE TRIGGER office_log_update AFTER UPDATE ON office
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'office', NEW.id, 'update', json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name)
    FROM write_context c;
END;

-- trigger office_no_delete
CREATE TRIGGER office_no_delete BEFORE DELETE ON office
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger point_commune_log_insert
CREATE TRIGGER point_commune_log_insert AFTER INSERT ON point_commune
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'point_commune', NEW.point_id || '/' || NEW.code, 'insert', json_object('point_id', NEW.point_id, 'code', NEW.code, 'name', NEW.name, 'is_pre_2025', NEW.is_pre_2025)
    FROM write_context c;
END;

-- trigger point_commune_log_update
CREATE TRIGGER point_commune_log_update AFTER UPDATE ON point_commune
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'point_commune', NEW.point_id || '/' || NEW.code, 'update', json_object('point_id', NEW.point_id, 'code', NEW.code, 'name', NEW.name, 'is_pre_2025', NEW.is_pre_2025)
    FROM write_context c;
END;

-- trigger point_commune_no_delete
CREATE TRIGGER point_commune_no_delete BEFORE DELETE ON point_commune
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger point_log_insert
CREATE TRIGGER point_log_insert AFTER INSERT ON point
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'point', NEW.id, 'insert', json_object('id', NEW.id, 'office_id', NEW.office_id, 'code', NEW.code, 'name', NEW.name, 'fixed_day', NEW.fixed_day, 'address', NEW.address)
    FROM write_context c;
END;

-- trigger point_log_update
CREATE TRIGGER point_log_update AFTER UPDATE ON point
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'point', NEW.id, 'update', json_object('id', NEW.id, 'office_id', NEW.office_id, 'code', NEW.code, 'name', NEW.name, 'fixed_day', NEW.fixed_day, 'address', NEW.address)
    FROM write_context c;
END;

-- trigger point_no_delete
CREATE TRIGGER point_no_delete BEFORE DELETE ON point
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger policy_setting_log_insert
CREATE TRIGGER policy_setting_log_insert AFTER INSERT ON policy_setting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'policy_setting', NEW.key, 'insert', json_object('key', NEW.key, 'value', NEW.value)
    FROM write_context c;
END;

-- trigger policy_setting_log_update
CREATE TRIGGER policy_setting_log_update AFTER UPDATE ON policy_setting
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'policy_setting', NEW.key, 'update', json_object('key', NEW.key, 'value', NEW.value)
    FROM write_context c;
END;

-- trigger policy_setting_no_delete
CREATE TRIGGER policy_setting_no_delete BEFORE DELETE ON policy_setting
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger program_log_insert
CREATE TRIGGER program_log_insert AFTER INSERT ON program
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'program', NEW.code, 'insert', json_object('code', NEW.code, 'name_vi', NEW.name_vi, 'name_en', NEW.name_en, 'is_student', NEW.is_student, 'installment_every_months', NEW.installment_every_months)
    FROM write_context c;
END;

-- trigger program_log_update
CREATE TRIGGER program_log_update AFTER UPDATE ON program
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'program', NEW.code, 'update', json_object('code', NEW.code, 'name_vi', NEW.name_vi, 'name_en', NEW.name_en, 'is_student', NEW.is_student, 'installment_every_months', NEW.installment_every_months)
    FROM write_context c;
END;

-- trigger program_no_delete
CREATE TRIGGER program_no_delete BEFORE DELETE ON program
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger program_rate_log_insert
CREATE TRIGGER program_rate_log_insert AFTER INSERT ON program_rate
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'program_rate', NEW.program_code || '/' || NEW.effective_from, 'insert', json_object('program_code', NEW.program_code, 'effective_from', NEW.effective_from, 'annual_rate', NEW.annual_rate)
    FROM write_context c;
END;

-- trigger program_rate_log_update
CREATE TRIGGER program_rate_log_update AFTER UPDATE ON program_rate
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'program_rate', NEW.program_code || '/' || NEW.effective_from, 'update', json_object('program_code', NEW.program_code, 'effective_from', NEW.effective_from, 'annual_rate', NEW.annual_rate)
    FROM write_context c;
END;

-- trigger program_rate_no_delete
CREATE TRIGGER program_rate_no_delete BEFORE DELETE ON program_rate
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger risk_decision_log_insert
CREATE TRIGGER risk_decision_log_insert AFTER INSERT ON risk_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'risk_decision', NEW.id, 'insert', json_object('id', NEW.id, 'loan_id', NEW.loan_id, 'decision_no', NEW.decision_no, 'decided_on', NEW.decided_on, 'measure', NEW.measure, 'new_due_on', NEW.new_due_on, 'installment_seq', NEW.installment_seq, 'frozen_from', NEW.frozen_from, 'frozen_until', NEW.frozen_until, 'principal', NEW.principal, 'interest', NEW.interest, 'reason', NEW.reason, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger risk_decision_log_update
CREATE TRIGGER risk_decision_log_update AFTER UPDATE ON risk_decision
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'risk_decision', NEW.id, 'update', json_object('id', NEW.id, 'loan_id', NEW.loan_id, 'decision_no', NEW.decision_no, 'decided_on', NEW.decided_on, 'measure', NEW.measure, 'new_due_on', NEW.new_due_on, 'installment_seq', NEW.installment_seq, 'frozen_from', NEW.frozen_from, 'frozen_until', NEW.frozen_until, 'principal', NEW.principal, 'interest', NEW.interest, 'reason', NEW.reason, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger risk_decision_no_delete
CREATE TRIGGER risk_decision_no_delete BEFORE DELETE ON risk_decision
BEGIN SELECT RAISE(ABORT, 'phien: risk decisions are append-only'); END;

-- trigger risk_decision_no_update
CREATE TRIGGER risk_decision_no_update BEFORE UPDATE ON risk_decision
BEGIN SELECT RAISE(ABORT, 'phien: risk decisions are append-only'); END;

-- trigger savings_group_log_insert
CREATE TRIGGER savings_group_log_insert AFTER INSERT ON savings_group
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'savings_group', NEW.id, 'insert', json_object('id', NEW.id, 'association_id', NEW.association_id, 'code', NEW.code, 'name', NEW.name, 'village', NEW.village, 'leader_member_id', NEW.leader_member_id, 'leader_staff_id', NEW.leader_staff_id, 'founded_on', NEW.founded_on)
    FROM write_context c;
END;

-- trigger savings_group_log_update
CREATE TRIGGER savings_group_log_update AFTER UPDATE ON savings_group
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'savings_group', NEW.id, 'update', json_object('id', NEW.id, 'association_id', NEW.association_id, 'code', NEW.code, 'name', NEW.name, 'village', NEW.village, 'leader_member_id', NEW.leader_member_id, 'leader_staff_id', NEW.leader_staff_id, 'founded_on', NEW.founded_on)
    FROM write_context c;
END;

-- trigger savings_group_no_delete
CREATE TRIGGER savings_group_no_delete BEFORE DELETE ON savings_group
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger session_log_insert
CREATE TRIGGER session_log_insert AFTER INSERT ON session
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'session', NEW.id, 'insert', json_object('id', NEW.id, 'point_id', NEW.point_id, 'date', NEW.date, 'team_leader_id', NEW.team_leader_id, 'controller_id', NEW.controller_id, 'teller_id', NEW.teller_id, 'opened_at', NEW.opened_at, 'opening_cash', NEW.opening_cash, 'closed_at', NEW.closed_at, 'closed_by', NEW.closed_by, 'cash_count', NEW.cash_count, 'expected_cash', NEW.expected_cash, 'cash_difference', NEW.cash_difference, 'difference_note', NEW.difference_note)
    FROM write_context c;
END;

-- trigger session_log_update
CREATE TRIGGER session_log_update AFTER UPDATE ON session
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'session', NEW.id, 'update', json_object('id', NEW.id, 'point_id', NEW.point_id, 'date', NEW.date, 'team_leader_id', NEW.team_leader_id, 'controller_id', NEW.controller_id, 'teller_id', NEW.teller_id, 'opened_at', NEW.opened_at, 'opening_cash', NEW.opening_cash, 'closed_at', NEW.closed_at, 'closed_by', NEW.closed_by, 'cash_count', NEW.cash_count, 'expected_cash', NEW.expected_cash, 'cash_difference', NEW.cash_difference, 'difference_note', NEW.difference_note)
    FROM write_context c;
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
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'staff', NEW.id, 'insert', json_object('id', NEW.id, 'code', NEW.code, 'full_name', NEW.full_name, 'role', NEW.role, 'pin_hash', NEW.pin_hash)
    FROM write_context c;
END;

-- trigger staff_log_update
CREATE TRIGGER staff_log_update AFTER UPDATE ON staff
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'staff', NEW.id, 'update', json_object('id', NEW.id, 'code', NEW.code, 'full_name', NEW.full_name, 'role', NEW.role, 'pin_hash', NEW.pin_hash)
    FROM write_context c;
END;

-- trigger staff_no_delete
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- trigger status_event_log_insert
CREATE TRIGGER status_event_log_insert AFTER INSERT ON status_event
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'status_event', NEW.id, 'insert', json_object('id', NEW.id, 'member_id', NEW.member_id, 'kind', NEW.kind, 'learned_on', NEW.learned_on, 'destination', NEW.destination, 'source', NEW.source, 'note', NEW.note, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger status_event_log_update
CREATE TRIGGER status_event_log_update AFTER UPDATE ON status_event
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'status_event', NEW.id, 'update', json_object('id', NEW.id, 'member_id', NEW.member_id, 'kind', NEW.kind, 'learned_on', NEW.learned_on, 'destination', NEW.destination, 'source', NEW.source, 'note', NEW.note, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger status_event_no_delete
CREATE TRIGGER status_event_no_delete BEFORE DELETE ON status_event
BEGIN SELECT RAISE(ABORT, 'phien: status history is append-only'); END;

-- trigger trace_log_log_insert
CREATE TRIGGER trace_log_log_insert AFTER INSERT ON trace_log
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'trace_log', NEW.id, 'insert', json_object('id', NEW.id, 'event_id', NEW.event_id, 'agency', NEW.agency, 'asked_on', NEW.asked_on, 'answer', NEW.answer, 'answered_on', NEW.answered_on, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger trace_log_log_update
CREATE TRIGGER trace_log_log_update AFTER UPDATE ON trace_log
BEGIN
    SELECT RAISE(ABORT, 'phien: write outside a store transaction') WHERE (SELECT audit_id FROM write_context) IS NULL;
    INSERT INTO change_log (device_id, seq, audit_id, entity, entity_id, op, row_json)
    SELECT c.device_id, (SELECT coalesce(max(seq), 0) + 1 FROM change_log WHERE device_id = c.device_id), c.audit_id,
        'trace_log', NEW.id, 'update', json_object('id', NEW.id, 'event_id', NEW.event_id, 'agency', NEW.agency, 'asked_on', NEW.asked_on, 'answer', NEW.answer, 'answered_on', NEW.answered_on, 'recorded_by', NEW.recorded_by)
    FROM write_context c;
END;

-- trigger trace_log_no_delete
CREATE TRIGGER trace_log_no_delete BEFORE DELETE ON trace_log
BEGIN SELECT RAISE(ABORT, 'phien: rows are never deleted; record what changed instead'); END;

-- user_version 2
