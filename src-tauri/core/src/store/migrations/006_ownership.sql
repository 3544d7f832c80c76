-- Ownership as the party's statistics count it (DOMAIN.md "Ownership"):
-- private, Hong Kong/Macao/Taiwan and foreign capital are the non-public
-- three, and the first round's `non_public` reads as `private`. Three more
-- facts of a unit for the non-public statistics table. SQLite changes a
-- CHECK only by rebuilding the table (foreign keys are off while
-- migrations run, and checked before each commits); rowids are kept, so
-- the units keep their order.
CREATE TABLE unit_new (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    kind                 TEXT NOT NULL CHECK (kind IN ('enterprise', 'project', 'organ')),
    ownership            TEXT NOT NULL CHECK (ownership IN ('private', 'hmt', 'foreign', 'state', 'collective', 'other')),
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
    wholly_owned         INTEGER NOT NULL DEFAULT 0 CHECK (wholly_owned IN (0, 1)),
    legal_rep_member     INTEGER NOT NULL DEFAULT 0 CHECK (legal_rep_member IN (0, 1)),
    legal_rep_secretary  INTEGER NOT NULL DEFAULT 0 CHECK (legal_rep_secretary IN (0, 1)),
    CHECK (closed_on IS NULL OR started_on IS NULL OR closed_on > started_on),
    CHECK (legal_rep_secretary = 0 OR legal_rep_member = 1)
);
INSERT INTO unit_new (rowid, id, name, kind, ownership, stage, credit_code, employees,
    full_members, probationary_members, town, village, key_project, commissioner, instructor,
    started_on, closed_on)
SELECT rowid, id, name, kind, CASE ownership WHEN 'non_public' THEN 'private' ELSE ownership END,
    stage, credit_code, employees, full_members, probationary_members, town, village,
    key_project, commissioner, instructor, started_on, closed_on
FROM unit ORDER BY rowid;
DROP TABLE unit;
ALTER TABLE unit_new RENAME TO unit;
