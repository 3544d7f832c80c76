-- The records an audit entry is about besides its own: an import changes
-- many units in one entry, and each unit's history shows it.
CREATE TABLE audit_subject (
    audit_seq INTEGER NOT NULL REFERENCES audit(seq),
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL
);
CREATE INDEX audit_subject_by_record ON audit_subject(entity, entity_id);
