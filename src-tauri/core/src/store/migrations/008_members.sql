-- The roster (DOMAIN.md "Members"): a person's personal facts, and a
-- membership of the party in a table of its own (one row per member).
-- Approximate dates are the names of the fields known only to the month,
-- separated by commas.
ALTER TABLE park ADD COLUMN roster INTEGER NOT NULL DEFAULT 0 CHECK (roster IN (0, 1));
ALTER TABLE person ADD COLUMN gender TEXT CHECK (gender IS NULL OR gender IN ('male', 'female'));
ALTER TABLE person ADD COLUMN ethnicity TEXT;
ALTER TABLE person ADD COLUMN birth_date TEXT;
ALTER TABLE person ADD COLUMN id_number TEXT CHECK (id_number IS NULL OR length(id_number) = 18);
ALTER TABLE person ADD COLUMN education TEXT;
CREATE UNIQUE INDEX person_by_id_number ON person (id_number) WHERE id_number IS NOT NULL;
CREATE TABLE membership (
    person                TEXT PRIMARY KEY REFERENCES person(id),
    org                   TEXT REFERENCES organization(id),
    unit                  TEXT REFERENCES unit(id),
    joined_on             TEXT NOT NULL,
    full_on               TEXT,
    probation_extended_to TEXT,
    relationship          TEXT NOT NULL CHECK (relationship IN ('here', 'elsewhere')),
    arrived_on            TEXT,
    lost_contact_on       TEXT,
    stopped_on            TEXT,
    left_on               TEXT,
    left_reason           TEXT CHECK (left_reason IS NULL OR left_reason IN
                              ('transferred_out', 'withdrew', 'removed', 'expelled', 'died')),
    approximate           TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX membership_by_unit ON membership (unit);
CREATE INDEX membership_by_org ON membership (org);
