-- The district file: what it is, the parks' submissions with their
-- recomputed figures, and the audit trail (the registry's own schema, so
-- that the same hash chain and its check apply).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One park's workbook as read. A park has one current submission per
-- as-of date; a newer one of the same date replaces it (current = 0), and
-- the replaced one stays as history.
CREATE TABLE submission (
    id          INTEGER PRIMARY KEY,
    park        TEXT NOT NULL,
    district    TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    exported_on TEXT NOT NULL,
    file        TEXT NOT NULL,
    digest      TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    current     INTEGER NOT NULL CHECK (current IN (0, 1)),
    flags       TEXT NOT NULL,
    tally       TEXT NOT NULL,
    money       TEXT NOT NULL
);
CREATE UNIQUE INDEX submission_current ON submission(park, as_of) WHERE current = 1;

CREATE TABLE sub_unit (
    submission  INTEGER NOT NULL REFERENCES submission(id),
    name        TEXT NOT NULL,
    credit_code TEXT,
    status      TEXT,
    non_public  INTEGER NOT NULL
);
CREATE INDEX sub_unit_by_submission ON sub_unit(submission);

CREATE TABLE sub_gap (
    submission INTEGER NOT NULL REFERENCES submission(id),
    severity   TEXT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    message    TEXT NOT NULL
);
CREATE INDEX sub_gap_by_submission ON sub_gap(submission);

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    summary   TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    hash      TEXT
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
