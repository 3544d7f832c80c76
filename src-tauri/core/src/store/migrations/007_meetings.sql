-- Organizational life (DOMAIN.md "Organizational life"): one row per
-- meeting or training session. Unlike the ledger, rows may be corrected
-- and deleted (each change audited). Hours are kept in tenths, so no
-- floating point reaches the store.
CREATE TABLE meeting (
    id           TEXT PRIMARY KEY,
    org          TEXT NOT NULL REFERENCES organization(id),
    kind         TEXT NOT NULL CHECK (kind IN ('member_meeting', 'committee_meeting',
                     'group_meeting', 'party_lecture', 'theme_day', 'life_meeting',
                     'democratic_review', 'training')),
    date         TEXT NOT NULL,
    topic        TEXT NOT NULL,
    expected     INTEGER CHECK (expected IS NULL OR expected >= 0),
    attended     INTEGER NOT NULL CHECK (attended >= 0),
    hours_tenths INTEGER NOT NULL CHECK (hours_tenths BETWEEN 0 AND 240),
    host         TEXT REFERENCES person(id),
    note         TEXT NOT NULL
);
CREATE INDEX meeting_by_org ON meeting (org, date);
ALTER TABLE park ADD COLUMN party_lecture_period TEXT NOT NULL DEFAULT 'quarter'
    CHECK (party_lecture_period IN ('month', 'quarter', 'half_year', 'year'));
