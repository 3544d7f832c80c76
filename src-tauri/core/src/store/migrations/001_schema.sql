-- The registry's first schema. Enumerations are the document's codes;
-- dates are ISO text; money is integer fen.

CREATE TABLE park (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    name                 TEXT NOT NULL CHECK (length(trim(name)) > 0),
    district             TEXT NOT NULL DEFAULT '',
    min_employees        INTEGER NOT NULL DEFAULT 0 CHECK (min_employees >= 0),
    starter_fund_since   TEXT NOT NULL,
    starter_fund_min_fen INTEGER NOT NULL CHECK (starter_fund_min_fen >= 0)
);

CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    party_member INTEGER NOT NULL CHECK (party_member IN (0, 1)),
    phone        TEXT,
    unit_name    TEXT
);

CREATE TABLE unit (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    kind                 TEXT NOT NULL CHECK (kind IN ('enterprise', 'project', 'organ')),
    ownership            TEXT NOT NULL CHECK (ownership IN ('non_public', 'state', 'collective', 'foreign', 'other')),
    stage                TEXT NOT NULL CHECK (stage IN ('construction', 'operating')),
    credit_code          TEXT UNIQUE CHECK (credit_code IS NULL OR length(credit_code) = 18),
    employees            INTEGER NOT NULL CHECK (employees >= 0),
    full_members         INTEGER NOT NULL CHECK (full_members >= 0),
    probationary_members INTEGER NOT NULL CHECK (probationary_members >= 0),
    town                 TEXT,
    village              TEXT,
    key_project          INTEGER NOT NULL CHECK (key_project IN (0, 1)),
    commissioner         TEXT REFERENCES person(id),
    instructor           TEXT REFERENCES person(id),
    started_on           TEXT,
    closed_on            TEXT,
    CHECK (closed_on IS NULL OR started_on IS NULL OR closed_on > started_on)
);

CREATE TABLE organization (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'joint_branch', 'temporary_branch', 'group')),
    parent           TEXT REFERENCES organization(id) DEFERRABLE INITIALLY DEFERRED,
    founded_on       TEXT NOT NULL,
    dissolved_on     TEXT CHECK (dissolved_on IS NULL OR dissolved_on > founded_on),
    approval_doc     TEXT,
    secretary        TEXT REFERENCES person(id),
    committee_size   INTEGER NOT NULL CHECK (committee_size BETWEEN 0 AND 15),
    last_election_on TEXT
);

-- The units an organization covers, in the order the clerk listed them.
CREATE TABLE organization_unit (
    org      TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    unit     TEXT NOT NULL REFERENCES unit(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (org, unit)
);
CREATE INDEX organization_unit_by_unit ON organization_unit(unit);

CREATE TABLE budget (
    year       INTEGER PRIMARY KEY,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    source     TEXT NOT NULL DEFAULT ''
);

-- Append-only: corrections are new entries that reverse earlier ones.
CREATE TABLE ledger (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    date       TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('starter_fund', 'activity', 'training', 'facility', 'other')),
    org        TEXT REFERENCES organization(id),
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    voucher    TEXT NOT NULL UNIQUE,
    note       TEXT NOT NULL DEFAULT '',
    reverses   TEXT UNIQUE REFERENCES ledger(id),
    CHECK (purpose <> 'starter_fund' OR org IS NOT NULL)
);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only: record a reversal instead');
END;

CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only: record a reversal instead');
END;

-- The audit trail: one entry per change, written in the same transaction.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    summary   TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
